//! The baseline: the same passages in a plain tantivy index (tantivy's `default` tokenizer:
//! split on non-alphanumerics, lowercase, at most 40 bytes; no stemming, no accent folding),
//! searched with tantivy's `QueryParser` over the body (default OR), top N by score with
//! the stored documents fetched, and, when highlighting is on, one `SnippetGenerator`
//! snippet per hit. This is what fouille costs over "plain tantivy".

use std::path::PathBuf;
use std::time::{Duration, Instant};

use tantivy::collector::{Count, TopDocs};
use tantivy::query::QueryParser;
use tantivy::schema::{Field, STORED, STRING, Schema, TEXT, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, doc};

use crate::index::Fields;

/// A plain tantivy index of fouille's passages, in a temporary folder removed on drop.
pub struct Baseline {
    index: Index,
    reader: IndexReader,
    parser: QueryParser,
    body: Field,
    dir: Option<PathBuf>,
    /// Passages copied and the time it took to index them.
    pub passages: u64,
    pub bytes: u64,
    pub build: Duration,
}

impl Drop for Baseline {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// One query run against the baseline: total hits and top-N fetched (and snippets built).
pub struct BaselineHits {
    pub total: usize,
    pub fetched: usize,
}

impl Baseline {
    /// Copy every live passage of fouille's index (its stored `doc` and `body`) into a new
    /// tantivy index in a temporary folder (memory-mapped, so it scales like fouille's).
    pub fn build(source: &Searcher, fields: &Fields, threads: usize) -> tantivy::Result<Baseline> {
        let t0 = Instant::now();
        let mut builder = Schema::builder();
        let doc_field = builder.add_text_field("doc", STRING | STORED);
        let body = builder.add_text_field("body", TEXT | STORED);
        let schema = builder.build();
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir =
            std::env::temp_dir().join(format!("fouille-baseline-{}-{stamp}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let index = Index::create_in_dir(&dir, schema)?;
        let mut baseline = Baseline {
            reader: index
                .reader_builder()
                .reload_policy(ReloadPolicy::Manual)
                .try_into()?,
            parser: QueryParser::for_index(&index, vec![body]),
            index,
            body,
            dir: Some(dir),
            passages: 0,
            bytes: 0,
            build: Duration::ZERO,
        };
        let threads = threads.clamp(1, 8);
        let mut writer = baseline
            .index
            .writer_with_num_threads::<TantivyDocument>(threads, 64 << 20)?;
        for segment in source.segment_readers() {
            let store = segment.get_store_reader(1)?;
            for d in store.iter::<TantivyDocument>(segment.alive_bitset()) {
                let d = d?;
                let text = d
                    .get_first(fields.body)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default();
                let path = d
                    .get_first(fields.doc)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default();
                baseline.bytes += text.len() as u64;
                baseline.passages += 1;
                writer.add_document(doc!(doc_field => path, body => text))?;
            }
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        baseline.reader.reload()?;
        baseline.build = t0.elapsed();
        Ok(baseline)
    }

    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Parse (leniently: fouille's syntax is close to tantivy's), count, take the top
    /// `limit`, fetch them, and build a snippet of each when `highlight` is set.
    pub fn search(
        &self,
        query: &str,
        limit: usize,
        highlight: bool,
    ) -> tantivy::Result<BaselineHits> {
        let searcher = self.reader.searcher();
        let (q, _errors) = self.parser.parse_query_lenient(query);
        let (total, top) = searcher.search(
            &q,
            &(Count, TopDocs::with_limit(limit.max(1)).order_by_score()),
        )?;
        let generator = if highlight {
            Some(SnippetGenerator::create(&searcher, &q, self.body)?)
        } else {
            None
        };
        let mut fetched = 0;
        for (_score, addr) in top {
            let d: TantivyDocument = searcher.doc(addr)?;
            if let Some(g) = &generator {
                std::hint::black_box(g.snippet_from_doc(&d));
            }
            fetched += 1;
        }
        Ok(BaselineHits { total, fetched })
    }
}
