//! Search: query text → tantivy query → ranked, highlighted passages.
//!
//! Ranking, in order of precedence (the rules Meilisearch users know):
//! 1. **words**: each distinct query word matched adds [`coord::WORD_BONUS`], so passages
//!    with all the words come before passages with some;
//! 2. **proximity**: the query's words as a phrase, or close together, add a bonus;
//! 3. **exactness**: the word as typed (no stemming, no accent folding) adds a bonus;
//! 4. **BM25** over the passage body, plus the heading and the article title at lower weight.

pub mod coord;
pub mod query;

use std::collections::HashSet;
use std::path::Path;
use std::time::{Duration, Instant};

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur as TOccur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Score, Searcher, TantivyDocument, Term};

use crate::analysis;
use crate::highlight::{self, Matcher};
use crate::index::{self, Fields, IndexError};
use coord::{PlusConst, WORD_BONUS};
pub use query::{Clause, Kind, Occur, ParsedQuery, QueryError, Scope};

/// Field weights: the body answers; heading and title help, never dominate.
const W_HEADING: Score = 0.4;
const W_TITLE: Score = 0.25;
/// The exact form as typed (exactness).
const W_EXACT: Score = 0.5;
/// The query's words in order, next to each other / within a few words (proximity).
const W_PHRASE: Score = 2.0;
const W_NEAR: Score = 1.0;
const NEAR_SLOP: u32 = 4;

#[derive(thiserror::Error, Debug)]
pub enum SearchError {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error("search failed for query '{query}': {source}")]
    Tantivy {
        query: String,
        #[source]
        source: tantivy::TantivyError,
    },
}

#[derive(Clone, Debug)]
pub struct SearchOptions {
    pub limit: usize,
    /// Keep at most this many passages per article.
    pub per_article: Option<usize>,
    /// Compute highlights (the bench can turn it off to measure its cost).
    pub highlight: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions { limit: 10, per_article: None, highlight: true }
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
    pub text: String,
    /// Byte ranges of the matches inside `text`, on character boundaries.
    pub highlights: Vec<[usize; 2]>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SearchResults {
    pub query: String,
    pub total_hits: usize,
    pub took_ms: f64,
    pub hits: Vec<Hit>,
    /// How malformed parts of the query were read, or why nothing could match.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// An open index, ready to answer queries from any thread.
pub struct Engine {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    french: TextAnalyzer,
    exact: TextAnalyzer,
}

/// A query word (or hyphenated compound) after analysis: terms with relative positions.
#[derive(Clone, Debug, Default)]
struct Unit {
    fr: Vec<(usize, String)>,
    exact: Vec<(usize, String)>,
}

/// A query compiled for tantivy, plus what highlighting needs to know.
struct Compiled {
    query: Box<dyn Query>,
    matcher: Matcher,
    notes: Vec<String>,
}

impl Engine {
    pub fn open(dir: &Path) -> Result<Engine, IndexError> {
        Engine::from_index(index::open(dir)?.index)
    }

    pub fn from_index(index: Index) -> Result<Engine, IndexError> {
        let dir = std::path::PathBuf::new();
        let fields = index::fields_of_index(&index)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e: tantivy::TantivyError| IndexError::Corrupt { dir, detail: e.to_string() })?;
        Ok(Engine {
            index,
            reader,
            fields,
            french: analysis::french_analyzer(),
            exact: analysis::exact_analyzer(),
        })
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

    pub fn search(&self, query_text: &str, options: &SearchOptions) -> Result<SearchResults, SearchError> {
        let t0 = Instant::now();
        let parsed = query::parse(query_text)?;
        let mut french = self.french.clone();
        let mut exact = self.exact.clone();
        let compiled = self.compile(&parsed, &mut french, &mut exact);
        let mut results = SearchResults {
            query: query_text.to_string(),
            total_hits: 0,
            took_ms: 0.0,
            hits: Vec::new(),
            notes: compiled.notes,
        };
        let tv = |source| SearchError::Tantivy { query: query_text.to_string(), source };
        let searcher = self.reader.searcher();
        if options.limit > 0 || !results.notes.is_empty() {
            let (total, top) = self.collect(&searcher, compiled.query.as_ref(), options).map_err(tv)?;
            results.total_hits = total;
            for (score, addr) in top {
                let hit = self.hit(&searcher, addr, score, results.hits.len() + 1).map_err(tv)?;
                results.hits.push(hit);
            }
        } else {
            results.total_hits = searcher.search(compiled.query.as_ref(), &Count).map_err(tv)?;
        }
        if options.highlight {
            for hit in &mut results.hits {
                hit.highlights = highlight::find(&mut french, &hit.text, &compiled.matcher)
                    .into_iter()
                    .map(|(s, e)| [s, e])
                    .collect();
            }
        }
        results.took_ms = duration_ms(t0.elapsed());
        Ok(results)
    }

    /// Top passages, honouring the per-article cap by fetching deeper until it is filled.
    fn collect(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        options: &SearchOptions,
    ) -> tantivy::Result<(usize, Vec<(Score, DocAddress)>)> {
        let limit = options.limit.clamp(1, 10_000);
        let Some(cap) = options.per_article else {
            let top = TopDocs::with_limit(limit).order_by_score();
            return searcher.search(query, &(Count, top));
        };
        let mut depth = limit * 4;
        loop {
            let top = TopDocs::with_limit(depth).order_by_score();
            let (total, docs) = searcher.search(query, &(Count, top))?;
            let mut per_doc = std::collections::HashMap::<String, usize>::new();
            let mut kept = Vec::with_capacity(limit);
            for (score, addr) in &docs {
                let doc: TantivyDocument = searcher.doc(*addr)?;
                let path = str_field(&doc, self.fields.doc);
                let n = per_doc.entry(path).or_default();
                if *n < cap {
                    *n += 1;
                    kept.push((*score, *addr));
                    if kept.len() == limit {
                        break;
                    }
                }
            }
            if kept.len() == limit || docs.len() < depth || depth >= total {
                return Ok((total, kept));
            }
            depth *= 4;
        }
    }

    fn hit(&self, searcher: &Searcher, addr: DocAddress, score: Score, rank: usize) -> tantivy::Result<Hit> {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let f = &self.fields;
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
            text: str_field(&doc, f.body),
            highlights: Vec::new(),
        })
    }

    fn compile(&self, parsed: &ParsedQuery, french: &mut TextAnalyzer, exact: &mut TextAnalyzer) -> Compiled {
        let mut notes = parsed.notes.clone();
        let mut parts = Parts::default();
        let mut matcher = Matcher::default();
        for clause in &parsed.clauses {
            let before = parts.len();
            self.compile_clause(clause, clause.occur, french, exact, &mut parts, &mut matcher);
            if parts.len() == before {
                notes.push(format!("only stop words in '{}': nothing to search for", clause_text(clause)));
            }
        }
        if parts.words.is_empty() && parts.musts.is_empty() && !parts.must_nots.is_empty() {
            notes.push("the query only excludes words: add a word to search for".into());
        }
        Compiled { query: parts.into_query(), matcher, notes }
    }

    fn compile_clause(
        &self,
        clause: &Clause,
        occur: Occur,
        french: &mut TextAnalyzer,
        exact: &mut TextAnalyzer,
        out: &mut Parts,
        matcher: &mut Matcher,
    ) {
        let f = self.fields;
        match &clause.kind {
            Kind::Words(text) => {
                let units = analyze_units(french, exact, text);
                for u in &units {
                    match (occur, clause.scope) {
                        (Occur::MustNot, _) => out.must_nots.push(union(vec![
                            terms_query(f.body, &u.fr),
                            terms_query(f.heading, &u.fr),
                        ])),
                        (_, Scope::Title) => {
                            matcher.add_unit(u.fr.clone());
                            out.musts.push(word_bonus(terms_query(f.title, &u.fr)));
                        }
                        (Occur::Must, _) => {
                            matcher.add_unit(u.fr.clone());
                            out.musts.push(word_bonus(self.unit_query(u)));
                        }
                        (Occur::Should, _) => {
                            matcher.add_unit(u.fr.clone());
                            out.words.push(word_bonus(self.unit_query(u)));
                        }
                    }
                }
                // Proximity: the words of the run as a phrase, then near each other.
                if occur == Occur::Should && clause.scope == Scope::All && units.len() > 1 {
                    let run = concat_units(&units, |u| &u.fr);
                    matcher.add_phrase(run.clone());
                    out.bonuses.push(boost(phrase(f.body, &run, 0), W_PHRASE));
                    out.bonuses.push(boost(phrase(f.body, &run, NEAR_SLOP), W_NEAR));
                    let run_exact = concat_units(&units, |u| &u.exact);
                    out.bonuses.push(boost(phrase(f.body_exact, &run_exact, 0), W_EXACT));
                }
            }
            Kind::Phrase(text) => {
                let units = analyze_units(french, exact, text);
                if units.is_empty() {
                    return;
                }
                let run = concat_units(&units, |u| &u.fr);
                let field = if clause.scope == Scope::Title { f.title } else { f.body };
                let q = phrase(field, &run, 0);
                if occur == Occur::MustNot {
                    out.must_nots.push(q);
                    return;
                }
                matcher.add_phrase(run.clone());
                let run_exact = concat_units(&units, |u| &u.exact);
                let exact_q = boost(phrase(f.body_exact, &run_exact, 0), W_EXACT);
                // A quoted phrase is required; its exact form ranks higher among matches.
                out.musts.push(word_bonus(Box::new(BooleanQuery::new(vec![
                    (TOccur::Must, q),
                    (TOccur::Should, exact_q),
                ]))));
            }
            Kind::Any(alternatives) => {
                let mut inner = Parts::default();
                for alt in alternatives {
                    let alt = Clause { occur: Occur::Should, ..alt.clone() };
                    self.compile_clause(&alt, Occur::Should, french, exact, &mut inner, matcher);
                }
                // Each alternative counts as matching this one query word.
                let mut any: Vec<Box<dyn Query>> = inner.words;
                any.extend(inner.musts);
                if any.is_empty() {
                    return;
                }
                let q: Box<dyn Query> = Box::new(BooleanQuery::new(
                    any.into_iter().map(|q| (TOccur::Should, q)).collect(),
                ));
                match occur {
                    Occur::MustNot => out.must_nots.push(q),
                    Occur::Must => out.musts.push(q),
                    Occur::Should => out.words.push(q),
                }
                out.bonuses.extend(inner.bonuses);
            }
        }
    }

    /// A query word over all fields: body, heading, title, and the exact form.
    fn unit_query(&self, u: &Unit) -> Box<dyn Query> {
        let f = self.fields;
        union(vec![
            terms_query(f.body, &u.fr),
            boost(terms_query(f.heading, &u.fr), W_HEADING),
            boost(terms_query(f.title, &u.fr), W_TITLE),
            boost(terms_query(f.body_exact, &u.exact), W_EXACT),
        ])
    }
}

/// A compiled query being assembled.
#[derive(Default)]
struct Parts {
    /// One per plain query word: a quorum of them must match (see [`required_words`]).
    words: Vec<Box<dyn Query>>,
    /// `+word`, quoted phrases, `title:`: every hit matches all of them.
    musts: Vec<Box<dyn Query>>,
    must_nots: Vec<Box<dyn Query>>,
    /// Proximity and exactness: they only add to the score of passages that match.
    bonuses: Vec<Box<dyn Query>>,
}

impl Parts {
    fn len(&self) -> usize {
        self.words.len() + self.musts.len() + self.must_nots.len()
    }

    fn into_query(self) -> Box<dyn Query> {
        let mut clauses: Vec<(TOccur, Box<dyn Query>)> = Vec::new();
        let n = self.words.len();
        if n > 0 {
            // With required clauses present, plain words only help ranking (as in Lucene).
            let required = if self.musts.is_empty() { required_words(n) } else { 0 };
            let words = self.words.into_iter().map(|q| (TOccur::Should, q)).collect();
            let mut words = BooleanQuery::new(words);
            words.set_minimum_number_should_match(required);
            let occur = if required > 0 { TOccur::Must } else { TOccur::Should };
            clauses.push((occur, Box::new(words)));
        }
        clauses.extend(self.musts.into_iter().map(|q| (TOccur::Must, q)));
        clauses.extend(self.must_nots.into_iter().map(|q| (TOccur::MustNot, q)));
        if !clauses.is_empty() {
            clauses.extend(self.bonuses.into_iter().map(|q| (TOccur::Should, q)));
        }
        Box::new(BooleanQuery::new(clauses))
    }
}

/// How many of `n` plain query words a passage must contain: all of one or two words (a
/// passage with only `News` does not answer `Google News`), then about two thirds, so a
/// long query still finds passages that miss a word or two. More words rank higher anyway.
pub fn required_words(n: usize) -> usize {
    if n <= 2 { n } else { (2 * n).div_ceil(3) }
}

fn clause_text(c: &Clause) -> String {
    match &c.kind {
        Kind::Words(t) | Kind::Phrase(t) => t.clone(),
        Kind::Any(v) => v.iter().map(clause_text).collect::<Vec<_>>().join(" OR "),
    }
}

pub(crate) fn duration_ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e6).round() / 1e3
}

fn str_field(doc: &TantivyDocument, field: Field) -> String {
    doc.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_string()
}

fn u64_field(doc: &TantivyDocument, field: Field) -> u64 {
    doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or_default()
}

fn word_bonus(q: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(PlusConst::new(q, WORD_BONUS))
}

fn boost(q: Box<dyn Query>, by: Score) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, by))
}

fn union(qs: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(qs.into_iter().map(|q| (TOccur::Should, q)).collect()))
}

/// A single term, or the terms as a phrase (a hyphenated word, a quoted phrase).
fn terms_query(field: Field, terms: &[(usize, String)]) -> Box<dyn Query> {
    phrase(field, terms, 0)
}

fn phrase(field: Field, terms: &[(usize, String)], slop: u32) -> Box<dyn Query> {
    match terms {
        [] => Box::new(tantivy::query::EmptyQuery),
        [(_, t)] => Box::new(TermQuery::new(
            Term::from_field_text(field, t),
            IndexRecordOption::WithFreqs,
        )),
        _ => {
            let terms = terms.iter().map(|(p, t)| (*p, Term::from_field_text(field, t))).collect();
            Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop))
        }
    }
}

/// The terms of consecutive units as one run, positions relative to the run.
fn concat_units(units: &[Unit], pick: impl Fn(&Unit) -> &Vec<(usize, String)>) -> Vec<(usize, String)> {
    units.iter().flat_map(|u| pick(u).iter().cloned()).collect()
}

/// A token of analysed query text.
struct Tok {
    position: usize,
    from: usize,
    to: usize,
    text: String,
}

fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(t) = stream.next() {
        out.push(Tok { position: t.position, from: t.offset_from, to: t.offset_to, text: t.text.clone() });
    }
    out
}

/// Analyse query text into units: one per whitespace-separated word (a hyphenated word is
/// one unit of several positions; `100 000` is one token). Positions are absolute in the
/// text, so stop-word gaps are kept for phrases.
fn analyze_units(french: &mut TextAnalyzer, exact: &mut TextAnalyzer, text: &str) -> Vec<Unit> {
    let chunk_of = chunk_index(text);
    let fr = tokens(french, text);
    let ex = tokens(exact, text);
    let mut units: Vec<(usize, Unit)> = Vec::new();
    let mut i = 0;
    while i < fr.len() {
        // Tokens at one position are variants of one word (accent variants): keep the
        // accent-free stem, the one every spelling of the word shares.
        let mut j = i + 1;
        while j < fr.len() && fr[j].position == fr[i].position {
            j += 1;
        }
        let term = if j - i == 1 {
            fr[i].text.clone()
        } else {
            let folded = analysis::fold_accents(&text[fr[i].from..fr[i].to]);
            tokens(french, &folded).into_iter().next().map_or_else(|| fr[i].text.clone(), |t| t.text)
        };
        let chunk = chunk_of(fr[i].from);
        match units.last_mut() {
            Some((c, u)) if *c == chunk => u.fr.push((fr[i].position, term)),
            _ => units.push((chunk, Unit { fr: vec![(fr[i].position, term)], exact: vec![] })),
        }
        i = j;
    }
    for t in &ex {
        let chunk = chunk_of(t.from);
        if let Some((_, u)) = units.iter_mut().find(|(c, _)| *c == chunk) {
            u.exact.push((t.position, t.text.clone()));
        }
    }
    // Positions relative to the first token of the whole text, so that units concatenate.
    let base_fr = units.first().and_then(|(_, u)| u.fr.first()).map_or(0, |(p, _)| *p);
    let base_ex = units.first().and_then(|(_, u)| u.exact.first()).map_or(0, |(p, _)| *p);
    units
        .into_iter()
        .map(|(_, mut u)| {
            u.fr.iter_mut().for_each(|(p, _)| *p -= base_fr);
            u.exact.iter_mut().for_each(|(p, _)| *p = p.saturating_sub(base_ex));
            u
        })
        .collect()
}

/// Maps a byte offset of `text` to the index of the whitespace-separated chunk holding it.
/// (Digit groups `100 000` are one token already: a token belongs to the chunk it starts in.)
fn chunk_index(text: &str) -> impl Fn(usize) -> usize {
    let mut starts = Vec::new();
    let mut prev_space = true;
    for (i, c) in text.char_indices() {
        if !c.is_whitespace() && prev_space {
            starts.push(i);
        }
        prev_space = c.is_whitespace();
    }
    move |offset| starts.partition_point(|&s| s <= offset).saturating_sub(1)
}

#[allow(dead_code)]
fn _assert_send_sync() {
    fn is<T: Send + Sync>() {}
    is::<Engine>();
}

/// Distinct fr terms of a query, for callers that need them (e.g. did-you-mean).
pub fn query_terms(text: &str) -> HashSet<String> {
    let mut fr = analysis::french_analyzer();
    tokens(&mut fr, text).into_iter().map(|t| t.text).collect()
}
