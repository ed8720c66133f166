//! Search: query text → tantivy query → ranked, highlighted passages.
//!
//! Ranking, in order of precedence (the rules Meilisearch users know):
//! 1. **words**: passages with all the words first, then tiers that drop the least
//!    informative word one at a time ([`tiers`]); within a tier each optional word matched
//!    adds [`coord::WORD_BONUS`];
//! 2. **proximity**: the query's words as a phrase, or close together, add a bonus;
//! 3. **exactness**: the word as typed (no stemming, no accent folding) adds a bonus;
//! 4. **BM25** over the passage body, plus the heading and the article title at lower weight.

mod compile;
pub mod coord;
mod expansions;
pub mod families;
pub mod filters;
mod generation;
mod keys;
pub mod phonetic;
mod phrases;
pub mod query;
mod questions;
mod stats;
mod sum;
pub mod synonyms;
mod tiers;
pub mod typo;
mod units;
mod weak;

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;
use tantivy::collector::Count;
use tantivy::schema::{Field, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Score, Searcher, TantivyDocument};

use crate::analysis;
use crate::highlight;
use crate::index::{self, Fields, IndexError};
use compile::{Compiled, did_you_mean};
pub use filters::{FilterError, period_end, period_start};
pub use query::{Clause, Kind, Occur, ParsedQuery, QueryError, Scope};
pub use synonyms::{Synonyms, SynonymsError};

/// Candidates rescored with the proximity and exactness bonuses.
const RESCORE_DEPTH: usize = 100;
/// Hits a search returns at most.
pub const MAX_LIMIT: usize = 10_000;
/// Words of a query used at most: the rest is dropped with a note, so a pasted page never
/// costs more than a long question (query work grows faster than its length).
pub const MAX_QUERY_WORDS: usize = 32;
/// Bytes of a query used at most (a single giant "word" is bounded too).
const MAX_QUERY_BYTES: usize = 1024;
/// Analyzer pairs kept warm (one per concurrent searcher).
const MAX_POOLED: usize = 16;
/// Passages (and titles) whose analysis is kept for highlighting, per index generation
/// (a few KB each; past it the cache starts over).
const ANALYSED_KEPT: usize = 4096;
#[derive(thiserror::Error, Debug)]
pub enum SearchError {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error(transparent)]
    Index(#[from] IndexError),
    /// Filters that cannot hold together (`--since` after `--until`).
    #[error(transparent)]
    Filter(#[from] FilterError),
    /// A passage failed its checksum, or tantivy failed reading the index: rebuild it.
    #[error("index damaged: {0}")]
    Damaged(String),
    #[error("search failed for query '{query}': {source}")]
    Tantivy {
        query: String,
        #[source]
        source: tantivy::TantivyError,
    },
}

/// The order of the hits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortOrder {
    /// Best first (the default).
    #[default]
    Relevance,
    /// Newest article first; undated articles last.
    Date,
}

#[derive(Clone, Debug)]
pub struct SearchOptions {
    pub limit: usize,
    /// Skip this many hits first (paging).
    pub offset: usize,
    /// Only articles dated on or after this day (`YYYYMMDD`, as `index::date_number`).
    pub since: Option<u64>,
    /// Only articles dated on or before this day (`YYYYMMDD`).
    pub until: Option<u64>,
    pub sort: SortOrder,
    /// Keep at most this many passages per article.
    pub per_article: Option<usize>,
    /// Compute highlights (the bench can turn it off to measure its cost).
    pub highlight: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            since: None,
            until: None,
            sort: SortOrder::Relevance,
            per_article: None,
            highlight: true,
        }
    }
}

/// One ranked passage.
#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    pub rank: usize,
    pub score: Score,
    /// Article path relative to the corpus folder.
    pub doc: String,
    pub title: String,
    pub passage: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// Byte offsets of the passage in the article file.
    pub start: u64,
    pub end: u64,
    /// 1-based line of the file where the passage starts.
    pub line: u64,
    /// Article date, ISO 8601 (`2024-10-08`), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The article's source URL, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Host of the source URL, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    pub text: String,
    /// Byte ranges of the matches inside `text`, on character boundaries.
    pub highlights: Vec<[usize; 2]>,
    /// Byte ranges of the matches inside `title`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub title_highlights: Vec<[usize; 2]>,
    /// Query words this passage lacks (it comes from a relaxed tier of the query).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SearchResults {
    pub query: String,
    pub total_hits: usize,
    /// False when `total_hits` is a lower bound: counting stops at 10,000 matches (as
    /// Lucene's `totalHitsThreshold`), so that a common word costs no more than a rare one.
    pub total_hits_exact: bool,
    pub took_ms: f64,
    pub hits: Vec<Hit>,
    /// How malformed parts of the query were read, or why nothing could match.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The query with typos corrected, when a correction was used or would find more.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub did_you_mean: Option<String>,
}

/// An open index, ready to answer queries from any thread.
pub struct Engine {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    french: TextAnalyzer,
    exact: TextAnalyzer,
    /// Analyzers with warm stem caches, reused across queries and threads.
    pool: std::sync::Mutex<Vec<(TextAnalyzer, TextAnalyzer)>>,
    synonyms: Synonyms,
    /// Typo corrections, name variants and families found per word (per index generation).
    expansions: expansions::Cache,
    /// Fast-field columns for ties and the per-article cap (per index generation).
    keys: keys::Cache,
    /// BM25 statistics (document frequencies, token counts) per index generation.
    stats: stats::Cache,
    /// Passages and titles as the French analyzer tokenizes them, for highlighting, by
    /// (segment, doc, title?) per index generation.
    analysed: generation::Remembered<(u32, u32, bool), Arc<highlight::Analysed>>,
}

impl Engine {
    pub fn open(dir: &Path) -> Result<Engine, IndexError> {
        Ok(Engine::from_searchable(index::open_for_search(dir)?))
    }

    /// An engine over an index opened by [`index::open_for_search`] (reader reused).
    pub fn from_searchable(s: index::Searchable) -> Engine {
        Engine {
            index: s.index,
            reader: s.reader,
            fields: s.fields,
            synonyms: Synonyms::builtin(&mut analysis::french_analyzer()),
            french: analysis::french_analyzer(),
            exact: analysis::exact_analyzer(),
            pool: std::sync::Mutex::new(Vec::new()),
            expansions: expansions::cache(),
            keys: keys::Cache::default(),
            stats: stats::Cache::default(),
            analysed: generation::Remembered::new(ANALYSED_KEPT),
        }
    }

    /// An engine over an index opened elsewhere (a reader is opened here).
    pub fn from_index(index: Index) -> Result<Engine, IndexError> {
        let fields = index::fields_of_index(&index)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e: tantivy::TantivyError| IndexError::Corrupt {
                dir: std::path::PathBuf::new(),
                detail: e.to_string(),
            })?;
        Ok(Engine::from_searchable(index::Searchable {
            index,
            reader,
            fields,
        }))
    }

    /// Replace the name variants applied to queries (the built-in list by default).
    pub fn set_synonyms(&mut self, synonyms: Synonyms) {
        self.synonyms = synonyms;
    }

    /// Load name variants from a file (see `synonyms.txt`).
    pub fn load_synonyms(&mut self, path: &Path) -> Result<(), SynonymsError> {
        self.synonyms = Synonyms::load(path, &mut self.french.clone())?;
        Ok(())
    }

    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Number of passages in the index.
    pub fn num_passages(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Search; a panic inside tantivy (a damaged segment) is [`SearchError::Damaged`].
    pub fn search(
        &self,
        query_text: &str,
        options: &SearchOptions,
    ) -> Result<SearchResults, SearchError> {
        index::guard::catch(|| self.search_unguarded(query_text, options))
            .map_err(|panic| SearchError::Damaged(format!("tantivy failed: {panic}")))?
    }

    fn search_unguarded(
        &self,
        query_text: &str,
        options: &SearchOptions,
    ) -> Result<SearchResults, SearchError> {
        let t0 = Instant::now();
        let (bounded, bound_note) = bound_query(query_text);
        let parsed = query::parse(&bounded)?;
        let filters = filters::Filters::new(self.fields, &parsed, options)?;
        let (mut french, mut exact) = self.take_analyzers();
        let searcher = self.reader.searcher();
        let mut compiled = self.compile(&parsed, &searcher, &mut french, &mut exact);
        let mut results = SearchResults {
            query: query_text.to_string(),
            total_hits: 0,
            total_hits_exact: true,
            took_ms: 0.0,
            hits: Vec::new(),
            notes: bound_note
                .into_iter()
                .chain(compiled.notes.clone())
                .collect(),
            did_you_mean: did_you_mean(query_text, &compiled.corrections),
        };
        let tv = |source| match source {
            // The index opened whole: failing to read it now means damage.
            tantivy::TantivyError::DataCorruption(_)
            | tantivy::TantivyError::DeserializeError(_)
            | tantivy::TantivyError::OpenReadError(_)
            | tantivy::TantivyError::IoError(_)
            | tantivy::TantivyError::InternalError(_) => {
                SearchError::Damaged(format!("tantivy failed: {source}"))
            }
            source => SearchError::Tantivy {
                query: query_text.to_string(),
                source,
            },
        };
        let undated = filters
            .undated_note(&searcher, compiled.any_tier())
            .map_err(tv)?;
        results.notes.extend(undated);
        if compiled.tiers.is_empty() && parsed.clauses.is_empty() {
            // `site:lemonde.fr` alone: every passage that passes the filters.
            compiled.tiers.push(tiers::Tier::everything());
        }
        for tier in &mut compiled.tiers {
            tier.query = filters.restrict(tier.query.box_clone());
            let parts = &mut tier.parts;
            for part in parts.search.iter_mut().chain(&mut parts.count) {
                *part = filters.restrict(part.box_clone());
            }
        }
        // Per hit: whether its text may hold a query word (else nothing to highlight in it),
        // and where it is.
        let mut with_words: Vec<bool> = Vec::new();
        let mut addrs: Vec<DocAddress> = Vec::new();
        if options.limit > 0 {
            let (total, exact, top) = self
                .collect_tiers(&searcher, &compiled, options)
                .map_err(tv)?;
            results.total_hits = total;
            results.total_hits_exact = exact;
            if options.offset > 0
                && options.offset.saturating_add(options.limit) > MAX_LIMIT
                && total > MAX_LIMIT
            {
                results.notes.push(format!(
                    "paging reaches the first {MAX_LIMIT} hits only: lower --offset"
                ));
            }
            for (score, addr, missing, has_words) in top {
                let rank = options.offset + results.hits.len() + 1;
                let mut hit = self.hit(&searcher, addr, score, rank)?;
                hit.missing = missing;
                results.hits.push(hit);
                with_words.push(has_words);
                addrs.push(addr);
            }
        } else {
            for tier in &compiled.tiers {
                results.total_hits += searcher.search(tier.query.as_ref(), &Count).map_err(tv)?;
            }
        }
        if options.highlight {
            let generation = searcher.generation().generation_id();
            // From the passage's analysis when a search of this generation made it already.
            let spans = |french: &mut TextAnalyzer, key, text: &str| -> Vec<[usize; 2]> {
                let analysed = self.analysed.get(generation, &key).or_else(|| {
                    let analysed = Arc::new(highlight::analyse(french, text)?);
                    self.analysed.put(generation, key, analysed.clone());
                    Some(analysed)
                });
                let found = match analysed {
                    Some(analysed) => highlight::find_in(&analysed, &compiled.matcher),
                    None => highlight::find(french, text, &compiled.matcher),
                };
                found.into_iter().map(|(s, e)| [s, e]).collect()
            };
            let mut pairs = (!compiled.pair_phrases.is_empty()).then(analysis::pairs_analyzer);
            for (i, hit) in results.hits.iter_mut().enumerate() {
                if with_words.get(i) == Some(&false) {
                    // The title tier: the text has none of the words, by its query.
                    continue;
                }
                let Some(addr) = addrs.get(i) else { continue };
                let key = |title| (addr.segment_ord, addr.doc_id, title);
                hit.highlights = spans(&mut french, key(false), &hit.text);
                // The lead passage stands for its article's title (the others only show it).
                if hit.passage == 1 {
                    hit.title_highlights = spans(&mut french, key(true), &hit.title);
                }
                if let Some(pairs) = pairs.as_mut() {
                    // Quoted phrases with their stop words (`au figuré`, not `figuré`).
                    let lead = hit.passage == 1;
                    let mut fields = vec![(&hit.text, &mut hit.highlights)];
                    if lead {
                        fields.push((&hit.title, &mut hit.title_highlights));
                    }
                    for (text, spans) in fields {
                        let found = phrases::spans(pairs, text, &compiled.pair_phrases);
                        let own = spans.iter().map(|&[s, e]| (s, e)).collect();
                        *spans = phrases::merge(own, found)
                            .into_iter()
                            .map(|(s, e)| [s, e])
                            .collect();
                    }
                }
            }
        }
        self.give_back(french, exact);
        results.took_ms = duration_ms(t0.elapsed());
        Ok(results)
    }

    /// Analyzers for one query, from the pool when one is free: their stem caches stay
    /// warm across queries, which makes re-analysing passages for highlighting cheap.
    fn take_analyzers(&self) -> (TextAnalyzer, TextAnalyzer) {
        let pooled = self.pool.lock().unwrap_or_else(|e| e.into_inner()).pop();
        pooled.unwrap_or_else(|| (self.french.clone(), self.exact.clone()))
    }

    fn give_back(&self, french: TextAnalyzer, exact: TextAnalyzer) {
        let mut pool = self.pool.lock().unwrap_or_else(|e| e.into_inner());
        if pool.len() < MAX_POOLED {
            pool.push((french, exact));
        }
    }

    /// Top passages: the best `RESCORE_DEPTH` candidates by words and BM25, rescored with
    /// the proximity and exactness bonuses (as Lucene's rescorer does), then the per-article
    /// cap, fetching deeper until it is filled. Under `--sort date` candidates come
    /// newest first, by score within a day.
    fn collect(
        &self,
        searcher: &Searcher,
        tier: &tiers::Tier,
        bonus: Option<&dyn tantivy::query::Weight>,
        stats: &dyn tantivy::query::Bm25StatisticsProvider,
        options: &SearchOptions,
    ) -> tantivy::Result<filters::Counted> {
        // Offset is applied across tiers by `collect_tiers`: here the first `limit`.
        let limit = options.limit.clamp(1, MAX_LIMIT);
        // Nothing to rescore: the top `limit` are the answer.
        let mut depth = if bonus.is_some() {
            limit.max(RESCORE_DEPTH)
        } else {
            limit
        };
        let (query, parts) = (tier.query.as_ref(), &tier.parts);
        loop {
            let (total, exact, mut docs) =
                if parts.search.is_empty() || options.sort != SortOrder::Relevance {
                    filters::top_docs(
                        searcher,
                        query,
                        depth,
                        options.sort,
                        tier.one_pass,
                        &self.fields,
                        stats,
                    )?
                } else {
                    filters::top_docs_of_parts(searcher, parts, depth, stats)?
                };
            let fetched = docs.len();
            if let Some(bonus) = bonus {
                rescore(searcher, bonus, &mut docs)?;
            }
            // Ties by path and passage first; the date sort is stable, so they hold within a day.
            // Only the runs that reach into the first `limit` can change what is shown,
            // unless the per-article cap or the date order reach further down.
            let upto = if options.per_article.is_none() && options.sort == SortOrder::Relevance {
                limit
            } else {
                docs.len()
            };
            self.break_ties(searcher, &mut docs, upto)?;
            if options.sort == SortOrder::Date {
                filters::sort_by_date(searcher, &self.fields, &mut docs, |d| d.1)?;
            }
            let kept = match options.per_article {
                None => {
                    docs.truncate(limit);
                    docs
                }
                Some(cap) => {
                    let mut per_doc = std::collections::HashMap::<String, usize>::new();
                    let mut kept = Vec::with_capacity(limit);
                    for (score, addr) in docs {
                        let n = per_doc
                            .entry(keys::path(searcher, &self.fields, addr)?)
                            .or_default();
                        if *n < cap {
                            *n += 1;
                            kept.push((score, addr));
                            if kept.len() == limit {
                                break;
                            }
                        }
                    }
                    kept
                }
            };
            if kept.len() == limit || fetched < depth || depth >= total {
                return Ok((total, exact, kept));
            }
            depth *= 4;
        }
    }

    /// The hit at `addr`, only if its stored passage still matches its checksum: a damaged
    /// document store never shows altered text or offsets.
    fn hit(
        &self,
        searcher: &Searcher,
        addr: DocAddress,
        score: Score,
        rank: usize,
    ) -> Result<Hit, SearchError> {
        let damaged = |what: String| {
            SearchError::Damaged(format!(
                "passage {} of segment {}: {what}",
                addr.doc_id, addr.segment_ord
            ))
        };
        let doc = index::stored::read_doc(searcher, addr).map_err(SearchError::Damaged)?;
        let f = &self.fields;
        if !index::verify(&doc, f) {
            return Err(damaged("checksum mismatch".into()));
        }
        let heading = str_field(&doc, f.heading);
        Ok(Hit {
            rank,
            score,
            doc: str_field(&doc, f.doc),
            title: str_field(&doc, f.title),
            passage: u64_field(&doc, f.passage),
            heading: (!heading.is_empty()).then_some(heading),
            start: u64_field(&doc, f.start),
            end: u64_field(&doc, f.end),
            line: u64_field(&doc, f.line),
            date: opt_u64_field(&doc, f.date).map(crate::index::date_iso),
            source: opt_str_field(&doc, f.source),
            site: opt_str_field(&doc, f.site),
            text: str_field(&doc, f.body),
            highlights: Vec::new(),
            title_highlights: Vec::new(),
            missing: Vec::new(),
        })
    }
}

/// Add the bonus query's score to each candidate that it matches, then re-sort. The bonus
/// scorer of each segment is asked about the candidates only, in doc order, and answers
/// whether each one matches without looking further (`seek_danger`: a phrase reads the
/// positions of the candidate, not those of every passage up to its next match).
fn rescore(
    searcher: &Searcher,
    weight: &dyn tantivy::query::Weight,
    docs: &mut [(Score, DocAddress)],
) -> tantivy::Result<()> {
    use tantivy::SeekDangerResult::{Found, SeekLowerBound};
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_unstable_by_key(|&i| (docs[i].1.segment_ord, docs[i].1.doc_id));
    // The segment's scorer, and the first doc it may still match.
    let mut current: Option<(u32, Box<dyn tantivy::query::Scorer>, tantivy::DocId)> = None;
    for i in order {
        let addr = docs[i].1;
        let found = match current.as_mut() {
            Some((seg, scorer, bound)) if *seg == addr.segment_ord => {
                if addr.doc_id < *bound {
                    false
                } else {
                    match scorer.seek_danger(addr.doc_id) {
                        Found => true,
                        SeekLowerBound(next) => {
                            *bound = next;
                            false
                        }
                    }
                }
            }
            _ => {
                let reader = searcher.segment_reader(addr.segment_ord);
                let (result, scorer) = weight.scorer_danger(reader, addr.doc_id, 1.0)?;
                let (found, bound) = match result {
                    Found => (true, addr.doc_id),
                    SeekLowerBound(next) => (false, next),
                };
                current = Some((addr.segment_ord, scorer, bound));
                found
            }
        };
        if found && let Some((_, scorer, bound)) = current.as_mut() {
            docs[i].0 += scorer.score();
            *bound = addr.doc_id + 1;
        }
    }
    docs.sort_by(|a, b| b.0.total_cmp(&a.0));
    Ok(())
}

impl Engine {
    /// Order passages of equal score by article path, then passage number, so the same
    /// corpus gives the same order whatever its segments (the address order tantivy leaves
    /// depends on how the index was built). Only runs of ties that start before `upto` are
    /// ordered, from the fast fields when the run is in one segment; the columns are opened
    /// only when there is a run to order.
    fn break_ties(
        &self,
        searcher: &Searcher,
        docs: &mut [(Score, DocAddress)],
        upto: usize,
    ) -> tantivy::Result<()> {
        let mut columns = None;
        let mut i = 0;
        while i < docs.len().min(upto) {
            let score = docs[i].0;
            let end = i + docs[i..].iter().take_while(|d| d.0 == score).count();
            if end - i > 1 {
                if columns.is_none() {
                    columns = Some(self.keys.columns(searcher, &self.fields)?);
                }
                if let Some(columns) = &columns {
                    keys::sort_run(searcher, &self.fields, columns, &mut docs[i..end])?;
                }
            }
            i = end;
        }
        Ok(())
    }
}

/// The query cut to [`MAX_QUERY_WORDS`] words and [`MAX_QUERY_BYTES`] bytes (on a char
/// boundary), with a note when something was dropped.
fn bound_query(text: &str) -> (std::borrow::Cow<'_, str>, Option<String>) {
    let words = text.split_whitespace().count();
    if words <= MAX_QUERY_WORDS && text.len() <= MAX_QUERY_BYTES {
        return (text.into(), None);
    }
    let mut kept: String = text
        .split_whitespace()
        .take(MAX_QUERY_WORDS)
        .collect::<Vec<_>>()
        .join(" ");
    if kept.len() > MAX_QUERY_BYTES {
        let mut cut = MAX_QUERY_BYTES;
        while !kept.is_char_boundary(cut) {
            cut -= 1;
        }
        kept.truncate(cut);
    }
    let note = format!(
        "the query is too long ({words} words, {} bytes): only its first {} words were used",
        text.len(),
        kept.split_whitespace().count()
    );
    (kept.into(), Some(note))
}

pub(crate) fn duration_ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e6).round() / 1e3
}

fn str_field(doc: &TantivyDocument, field: Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

fn opt_str_field(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

fn opt_u64_field(doc: &TantivyDocument, field: Field) -> Option<u64> {
    doc.get_first(field).and_then(|v| v.as_u64())
}

fn u64_field(doc: &TantivyDocument, field: Field) -> u64 {
    doc.get_first(field)
        .and_then(|v| v.as_u64())
        .unwrap_or_default()
}

#[allow(dead_code)]
fn _assert_send_sync() {
    fn is<T: Send + Sync>() {}
    is::<Engine>();
}

/// Distinct fr terms of a query, for callers that need them (e.g. did-you-mean).
pub fn query_terms(text: &str) -> HashSet<String> {
    let mut fr = analysis::french_analyzer();
    units::tokens(&mut fr, text)
        .into_iter()
        .map(|t| t.text)
        .collect()
}

/// One query word as the engine looks it up (for `fouille analyze`).
#[derive(Clone, Debug, Serialize)]
pub struct QueryWord {
    /// The word as typed.
    pub typed: String,
    /// Terms searched in the stemmed, accent-folded fields (body, heading, title).
    pub terms: Vec<String>,
    /// Terms searched in the exact-form field.
    pub exact: Vec<String>,
    /// Other forms of a synonym group starting at this word, as terms.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub synonyms: Vec<Vec<String>>,
}

/// How query text is analysed into words, terms and synonyms (query operators are not
/// parsed: this shows the analysis, not the query plan).
pub fn query_words(text: &str, synonyms: &Synonyms) -> Vec<QueryWord> {
    let units = units::analyze_units(
        &mut analysis::french_analyzer(),
        &mut analysis::exact_analyzer(),
        text,
    );
    let terms = |form: &[(usize, String)]| form.iter().map(|(_, t)| t.clone()).collect();
    units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let rest: Vec<&str> = units[i..]
                .iter()
                .flat_map(|u| u.fr.iter().map(|(_, t)| t.as_str()))
                .collect();
            QueryWord {
                typed: u.typed.clone(),
                terms: terms(&u.fr),
                exact: terms(&u.exact),
                synonyms: synonyms
                    .longest_match(&rest)
                    .map(|(_, forms)| forms.into_iter().map(|f| terms(f)).collect())
                    .unwrap_or_default(),
            }
        })
        .collect()
}
