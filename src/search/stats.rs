//! BM25 statistics remembered per index generation.
//!
//! Every scoring weight tantivy builds asks, for each of its terms, how many passages hold
//! it (a term-dictionary lookup in every segment) and, per field, the total token count. A
//! search builds several weights over the same terms (tiers, their parts, the rescoring
//! bonuses), and the same words come back across searches: the answers only change when
//! the index does, so they are kept for the generation of the searcher that computed them.

use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use super::generation::Remembered;

/// Terms remembered per generation at most; past it the cache starts over.
const CAPACITY: usize = 65_536;

pub(super) struct Cache {
    doc_freqs: Remembered<Term, u64>,
    tokens: Remembered<Field, u64>,
    /// Passages holding a term, deleted ones not counted (see [`Stats::alive_doc_freq`]).
    alive: Remembered<Term, u64>,
}

impl Default for Cache {
    fn default() -> Self {
        Cache {
            doc_freqs: Remembered::new(CAPACITY),
            tokens: Remembered::new(CAPACITY),
            alive: Remembered::new(CAPACITY),
        }
    }
}

impl Cache {
    /// The statistics of `searcher`, answered from the cache where it can.
    pub(super) fn of<'a>(&'a self, searcher: &'a Searcher) -> Stats<'a> {
        Stats {
            searcher,
            cache: self,
            generation: searcher.generation().generation_id(),
        }
    }
}

/// One searcher's statistics, through the cache (computed without holding its lock:
/// another search may compute the same answer too).
pub(super) struct Stats<'a> {
    searcher: &'a Searcher,
    cache: &'a Cache,
    generation: u64,
}

impl Stats<'_> {
    /// Passages holding `term`, not counting deleted ones, computed by `count` once per
    /// generation (in a segment with deletions, `count` walks the term's postings).
    pub(super) fn alive_doc_freq(&self, term: &Term, count: impl FnOnce() -> u64) -> u64 {
        if let Some(n) = self.cache.alive.get(self.generation, term) {
            return n;
        }
        let n = count();
        self.cache.alive.put(self.generation, term.clone(), n);
        n
    }
}

impl Bm25StatisticsProvider for Stats<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        self.cache.tokens.get_or_try(self.generation, &field, || {
            Bm25StatisticsProvider::total_num_tokens(self.searcher, field)
        })
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        // Summed from segment metadata: no lookup to save.
        Bm25StatisticsProvider::total_num_docs(self.searcher)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        self.cache
            .doc_freqs
            .get_or_try(self.generation, term, || self.searcher.doc_freq(term))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{STRING, Schema, TEXT};
    use tantivy::{Index, TantivyDocument};

    #[test]
    fn answers_match_the_searcher_and_follow_the_index() {
        let mut b = Schema::builder();
        let word = b.add_text_field("word", STRING);
        let text = b.add_text_field("text", TEXT);
        let index = Index::create_in_ram(b.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let add = |writer: &mut tantivy::IndexWriter, w: &str| {
            let mut doc = TantivyDocument::default();
            doc.add_text(word, w);
            doc.add_text(text, "deux mots");
            writer.add_document(doc).unwrap();
        };
        add(&mut writer, "grue");
        add(&mut writer, "grue");
        writer.commit().unwrap();
        let reader = index.reader().unwrap();
        let cache = Cache::default();
        let grue = Term::from_field_text(word, "grue");
        let stats = cache.of(&reader.searcher()).doc_freq(&grue).unwrap();
        assert_eq!(stats, 2);
        assert_eq!(
            cache.of(&reader.searcher()).total_num_tokens(text).unwrap(),
            4
        );
        add(&mut writer, "grue");
        writer.commit().unwrap();
        reader.reload().unwrap();
        let searcher = reader.searcher();
        assert_eq!(
            cache.of(&searcher).doc_freq(&grue).unwrap(),
            3,
            "a new generation"
        );
        assert_eq!(cache.of(&searcher).total_num_tokens(text).unwrap(), 6);
    }
}
