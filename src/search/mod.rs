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
pub mod synonyms;
pub mod typo;

use std::collections::HashSet;
use std::path::Path;
use std::time::{Duration, Instant};

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur as TOccur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::tokenizer::{TextAnalyzer, Token};
use tantivy::{
    DocAddress, Index, IndexReader, ReloadPolicy, Score, Searcher, TantivyDocument, Term,
};

use crate::analysis;
use crate::highlight::{self, Matcher};
use crate::index::{self, Fields, IndexError};
use coord::{PlusConst, WORD_BONUS};
pub use query::{Clause, Kind, Occur, ParsedQuery, QueryError, Scope};
pub use synonyms::{Synonyms, SynonymsError};

/// Field weights: the body answers; heading and title help, never dominate.
const W_HEADING: Score = 0.4;
const W_TITLE: Score = 0.25;
/// The exact form as typed (exactness).
const W_EXACT: Score = 0.5;
/// The query's words in order, next to each other / within a few words (proximity).
const W_PHRASE: Score = 2.0;
const W_NEAR: Score = 1.0;
/// An unquoted query found as an exact phrase ranks above every passage that has the same
/// number of its words apart (less than one word's bonus: more words still come first).
const PHRASE_BONUS: Score = WORD_BONUS / 2.0;
const NEAR_SLOP: u32 = 4;
/// Candidates rescored with the proximity and exactness bonuses.
const RESCORE_DEPTH: usize = 100;
/// Hits a search returns at most.
pub const MAX_LIMIT: usize = 10_000;
/// Analyzer pairs kept warm (one per concurrent searcher).
const MAX_POOLED: usize = 16;
/// A word found only through a typo correction: counts less than a word as typed.
const W_FUZZY: Score = 0.5;
const FUZZY_WORD_BONUS: Score = WORD_BONUS / 2.0;
/// Typo candidates kept per query word.
const MAX_CORRECTIONS: usize = 3;
/// A word in at most this many passages gets a "did you mean" when a close word is in
/// `SUGGEST_RATIO` times more.
const RARE: u64 = 2;
const SUGGEST_RATIO: u64 = 5;

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
        SearchOptions {
            limit: 10,
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
}

/// A query word (or hyphenated compound, or multi-word name) after analysis: terms with
/// relative positions, and the other forms that also match it.
#[derive(Clone, Debug, Default)]
struct Unit {
    fr: Vec<(usize, String)>,
    exact: Vec<(usize, String)>,
    /// The word as typed, for "did you mean".
    typed: String,
    /// Other forms of its synonym group.
    synonyms: Vec<Vec<(usize, String)>>,
    /// Corpus words one or two edits away, used when the word itself matches nothing.
    fuzzy: Vec<Vec<(usize, String)>>,
}

/// A query compiled for tantivy, plus what highlighting needs to know.
struct Compiled {
    /// What matches, scored by words and BM25.
    query: Box<dyn Query>,
    /// Proximity and exactness bonuses, applied to the top candidates only.
    rescore: Option<Box<dyn Query>>,
    matcher: Matcher,
    notes: Vec<String>,
    /// (word as typed, correction) for "did you mean".
    corrections: Vec<(String, String)>,
}

impl Engine {
    pub fn open(dir: &Path) -> Result<Engine, IndexError> {
        Engine::from_index(index::open_for_search(dir)?)
    }

    pub fn from_index(index: Index) -> Result<Engine, IndexError> {
        let dir = std::path::PathBuf::new();
        let fields = index::fields_of_index(&index)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e: tantivy::TantivyError| IndexError::Corrupt {
                dir,
                detail: e.to_string(),
            })?;
        Ok(Engine {
            index,
            reader,
            fields,
            synonyms: Synonyms::builtin(&mut analysis::french_analyzer()),
            french: analysis::french_analyzer(),
            exact: analysis::exact_analyzer(),
            pool: std::sync::Mutex::new(Vec::new()),
        })
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

    pub fn search(
        &self,
        query_text: &str,
        options: &SearchOptions,
    ) -> Result<SearchResults, SearchError> {
        let t0 = Instant::now();
        let parsed = query::parse(query_text)?;
        let (mut french, mut exact) = self.take_analyzers();
        let searcher = self.reader.searcher();
        let compiled = self.compile(&parsed, &searcher, &mut french, &mut exact);
        let mut results = SearchResults {
            query: query_text.to_string(),
            total_hits: 0,
            took_ms: 0.0,
            hits: Vec::new(),
            notes: compiled.notes.clone(),
            did_you_mean: did_you_mean(query_text, &compiled.corrections),
        };
        let tv = |source| SearchError::Tantivy {
            query: query_text.to_string(),
            source,
        };
        if options.limit > 0 {
            let (total, top) = self.collect(&searcher, &compiled, options).map_err(tv)?;
            results.total_hits = total;
            for (score, addr) in top {
                let hit = self
                    .hit(&searcher, addr, score, results.hits.len() + 1)
                    .map_err(tv)?;
                results.hits.push(hit);
            }
        } else {
            results.total_hits = searcher
                .search(compiled.query.as_ref(), &Count)
                .map_err(tv)?;
        }
        if options.highlight {
            for hit in &mut results.hits {
                hit.highlights = highlight::find(&mut french, &hit.text, &compiled.matcher)
                    .into_iter()
                    .map(|(s, e)| [s, e])
                    .collect();
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
    /// cap, fetching deeper until it is filled.
    fn collect(
        &self,
        searcher: &Searcher,
        compiled: &Compiled,
        options: &SearchOptions,
    ) -> tantivy::Result<(usize, Vec<(Score, DocAddress)>)> {
        let limit = options.limit.clamp(1, MAX_LIMIT);
        let mut depth = limit.max(RESCORE_DEPTH);
        loop {
            let top = TopDocs::with_limit(depth).order_by_score();
            let (total, mut docs) = searcher.search(compiled.query.as_ref(), &(Count, top))?;
            let fetched = docs.len();
            if let Some(bonus) = &compiled.rescore {
                rescore(searcher, bonus.as_ref(), &mut docs)?;
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
                        let doc: TantivyDocument = searcher.doc(addr)?;
                        let n = per_doc.entry(str_field(&doc, self.fields.doc)).or_default();
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
                return Ok((total, kept));
            }
            depth *= 4;
        }
    }

    fn hit(
        &self,
        searcher: &Searcher,
        addr: DocAddress,
        score: Score,
        rank: usize,
    ) -> tantivy::Result<Hit> {
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

    fn compile(
        &self,
        parsed: &ParsedQuery,
        searcher: &Searcher,
        french: &mut TextAnalyzer,
        exact: &mut TextAnalyzer,
    ) -> Compiled {
        let mut notes = parsed.notes.clone();
        let mut parts = Parts::default();
        let mut matcher = Matcher::default();
        let mut ctx = Ctx {
            searcher,
            french,
            exact,
            corrections: Vec::new(),
        };
        for clause in &parsed.clauses {
            let before = parts.len();
            self.compile_clause(clause, clause.occur, &mut ctx, &mut parts, &mut matcher);
            if parts.len() == before {
                notes.push(format!(
                    "only stop words in '{}': nothing to search for",
                    clause_text(clause)
                ));
            }
        }
        if parts.words.is_empty() && parts.musts.is_empty() && !parts.must_nots.is_empty() {
            notes.push("the query only excludes words: add a word to search for".into());
        }
        let (query, rescore) = parts.into_queries();
        Compiled {
            query,
            rescore,
            matcher,
            notes,
            corrections: ctx.corrections,
        }
    }

    fn compile_clause(
        &self,
        clause: &Clause,
        occur: Occur,
        ctx: &mut Ctx,
        out: &mut Parts,
        matcher: &mut Matcher,
    ) {
        let f = self.fields;
        match &clause.kind {
            Kind::Words(text) => {
                let mut units = self.apply_synonyms(analyze_units(ctx.french, ctx.exact, text));
                if occur != Occur::MustNot {
                    for u in &mut units {
                        self.correct_typos(u, ctx);
                    }
                }
                for u in &units {
                    for form in u.synonyms.iter().chain(&u.fuzzy) {
                        matcher.add_unit(form.clone());
                    }
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
                            out.musts.push(self.unit_query(u));
                        }
                        (Occur::Should, _) => {
                            matcher.add_unit(u.fr.clone());
                            out.words.push(self.unit_query(u));
                        }
                    }
                }
                // Proximity: the words of the run as a phrase, then near each other.
                if occur == Occur::Should && clause.scope == Scope::All && units.len() > 1 {
                    let run = concat_units(&units, |u| &u.fr);
                    matcher.add_phrase(run.clone());
                    // The whole query as a phrase outranks the same words apart.
                    out.bonuses.push(Box::new(PlusConst::new(
                        boost(phrase(f.body, &run, 0), W_PHRASE),
                        PHRASE_BONUS,
                    )));
                    out.bonuses
                        .push(boost(phrase(f.body, &run, NEAR_SLOP), W_NEAR));
                    let run_exact = concat_units(&units, |u| &u.exact);
                    out.bonuses
                        .push(boost(phrase(f.body_exact, &run_exact, 0), W_EXACT));
                }
            }
            Kind::Phrase(text) => {
                let units = analyze_units(ctx.french, ctx.exact, text);
                if units.is_empty() {
                    return;
                }
                let run = concat_units(&units, |u| &u.fr);
                let field = if clause.scope == Scope::Title {
                    f.title
                } else {
                    f.body
                };
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
                    let alt = Clause {
                        occur: Occur::Should,
                        ..alt.clone()
                    };
                    self.compile_clause(&alt, Occur::Should, ctx, &mut inner, matcher);
                }
                // Each alternative counts as matching this one query word.
                let mut any: Vec<Box<dyn Query>> = inner.words;
                any.extend(inner.musts);
                if any.is_empty() {
                    return;
                }
                // The best alternative scores (one word bonus, not one per alternative).
                let q: Box<dyn Query> = Box::new(
                    tantivy::query::DisjunctionMaxQuery::with_tie_breaker(any, 0.01),
                );
                match occur {
                    Occur::MustNot => out.must_nots.push(q),
                    Occur::Must => out.musts.push(q),
                    Occur::Should => out.words.push(q),
                }
                out.bonuses.extend(inner.bonuses);
            }
        }
    }

    /// A query word over all fields (body, heading, title, exact form) and all its forms
    /// (as typed, synonyms, typo corrections), with the bonus of one matched word.
    fn unit_query(&self, u: &Unit) -> Box<dyn Query> {
        let f = self.fields;
        let mut any = vec![boost(terms_query(f.body_exact, &u.exact), W_EXACT)];
        for form in std::iter::once(&u.fr).chain(&u.synonyms) {
            any.push(terms_query(f.body, form));
            any.push(boost(terms_query(f.heading, form), W_HEADING));
            any.push(boost(terms_query(f.title, form), W_TITLE));
        }
        let exact = word_bonus(union(any));
        if u.fuzzy.is_empty() {
            return exact;
        }
        // Typo corrections only match where the word as typed does not, and count less:
        // a fuzzy match never outranks an exact one.
        let mut fuzzy = Vec::new();
        for form in &u.fuzzy {
            fuzzy.push(terms_query(f.body, form));
            fuzzy.push(boost(terms_query(f.heading, form), W_HEADING));
            fuzzy.push(boost(terms_query(f.title, form), W_TITLE));
        }
        let fuzzy = Box::new(PlusConst::new(
            boost(union(fuzzy), W_FUZZY),
            FUZZY_WORD_BONUS,
        ));
        Box::new(tantivy::query::DisjunctionMaxQuery::new(vec![exact, fuzzy]))
    }

    /// Merge runs of units that spell a synonym form (`Corée du Nord`, `Kiev`) into one
    /// unit carrying the group's other forms.
    fn apply_synonyms(&self, units: Vec<Unit>) -> Vec<Unit> {
        if self.synonyms.is_empty() {
            return units;
        }
        let mut out: Vec<Unit> = Vec::with_capacity(units.len());
        let mut i = 0;
        while i < units.len() {
            let terms: Vec<&str> = units[i..]
                .iter()
                .flat_map(|u| u.fr.iter().map(|(_, t)| t.as_str()))
                .collect();
            let matched = self
                .synonyms
                .longest_match(&terms)
                .and_then(|(len, others)| {
                    // The form must cover whole units.
                    let mut covered = 0;
                    let mut n = 0;
                    while covered < len && i + n < units.len() {
                        covered += units[i + n].fr.len();
                        n += 1;
                    }
                    (covered == len).then_some((n, others))
                });
            match matched {
                Some((n, others)) => {
                    let mut merged = units[i].clone();
                    for u in &units[i + 1..i + n] {
                        merged.fr.extend(u.fr.iter().cloned());
                        merged.exact.extend(u.exact.iter().cloned());
                        merged.typed = format!("{} {}", merged.typed, u.typed);
                    }
                    merged.synonyms = others.into_iter().cloned().collect();
                    out.push(merged);
                    i += n;
                }
                None => {
                    out.push(units[i].clone());
                    i += 1;
                }
            }
        }
        out
    }

    /// A word that matches nothing (nor do its synonyms) is also searched with the corpus
    /// words one or two edits away.
    fn correct_typos(&self, u: &mut Unit, ctx: &mut Ctx) {
        if u.fr.len() != 1 || u.exact.len() != 1 || !u.synonyms.is_empty() {
            return;
        }
        let f = self.fields;
        let df = |field: Field, term: &str| {
            ctx.searcher
                .doc_freq(&Term::from_field_text(field, term))
                .unwrap_or(0)
        };
        let term = &u.fr[0].1;
        let word = &u.exact[0].1;
        let found = df(f.body, term) + df(f.title, term) + df(f.heading, term);
        if found > 0 {
            // Rare but present: maybe itself a typo of the text. Suggest a close word that
            // finds far more, without searching it.
            if found <= RARE {
                let best =
                    typo::corrections(ctx.searcher, f.body_exact, word, typo::max_typos(word), 1);
                if let Some(c) = best.first().filter(|c| c.doc_freq >= SUGGEST_RATIO * found) {
                    ctx.corrections.push((u.typed.clone(), c.word.clone()));
                }
            }
            return;
        }
        let found = typo::corrections(
            ctx.searcher,
            f.body_exact,
            word,
            typo::max_typos(word),
            MAX_CORRECTIONS,
        );
        let Some(best) = found.first() else { return };
        let best_distance = best.distance;
        ctx.corrections.push((u.typed.clone(), best.word.clone()));
        for c in found.iter().filter(|c| c.distance == best_distance) {
            let form: Vec<(usize, String)> = tokens(ctx.french, &analysis::fold_accents(&c.word))
                .into_iter()
                .take(1)
                .map(|t| (0, t.text))
                .collect();
            if !form.is_empty() && !u.fuzzy.contains(&form) {
                u.fuzzy.push(form);
            }
        }
    }
}

/// Add the bonus query's score to each candidate that it matches, then re-sort. The bonus
/// scorer of each segment seeks to the candidates in doc order: a few postings lookups per
/// candidate, instead of scoring every matching passage.
fn rescore(
    searcher: &Searcher,
    bonus: &dyn Query,
    docs: &mut [(Score, DocAddress)],
) -> tantivy::Result<()> {
    let weight = bonus.weight(tantivy::query::EnableScoring::enabled_from_searcher(
        searcher,
    ))?;
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_unstable_by_key(|&i| (docs[i].1.segment_ord, docs[i].1.doc_id));
    let mut current: Option<(u32, Box<dyn tantivy::query::Scorer>)> = None;
    for i in order {
        let addr = docs[i].1;
        if current
            .as_ref()
            .is_none_or(|(seg, _)| *seg != addr.segment_ord)
        {
            let reader = searcher.segment_reader(addr.segment_ord);
            current = Some((addr.segment_ord, weight.scorer(reader, 1.0)?));
        }
        if let Some((_, scorer)) = current.as_mut() {
            let at = if scorer.doc() < addr.doc_id {
                scorer.seek(addr.doc_id)
            } else {
                scorer.doc()
            };
            if at == addr.doc_id {
                docs[i].0 += scorer.score();
            }
        }
    }
    docs.sort_by(|a, b| b.0.total_cmp(&a.0));
    Ok(())
}

/// What compiling a query needs besides the query.
struct Ctx<'a> {
    searcher: &'a Searcher,
    french: &'a mut TextAnalyzer,
    exact: &'a mut TextAnalyzer,
    corrections: Vec<(String, String)>,
}

/// The query with each corrected word replaced, when there were corrections.
fn did_you_mean(query: &str, corrections: &[(String, String)]) -> Option<String> {
    if corrections.is_empty() {
        return None;
    }
    let mut out = query.to_string();
    for (typed, fixed) in corrections {
        // Keep the user's capital: `Kousk` → `Koursk`.
        let fixed = match (typed.chars().next(), fixed.chars().next()) {
            (Some(t), Some(f)) if t.is_uppercase() => {
                f.to_uppercase().chain(fixed.chars().skip(1)).collect()
            }
            _ => fixed.clone(),
        };
        if let Some(at) = out.find(typed.as_str()) {
            out.replace_range(at..at + typed.len(), &fixed);
        }
    }
    (out != query).then_some(out)
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

    /// The matching query, and the bonus query to rescore its top candidates with.
    fn into_queries(self) -> (Box<dyn Query>, Option<Box<dyn Query>>) {
        let mut clauses: Vec<(TOccur, Box<dyn Query>)> = Vec::new();
        let n = self.words.len();
        if n > 0 {
            // With required clauses present, plain words only help ranking (as in Lucene).
            let required = if self.musts.is_empty() {
                required_words(n)
            } else {
                0
            };
            let words = self
                .words
                .into_iter()
                .map(|q| (TOccur::Should, q))
                .collect();
            let mut words = BooleanQuery::new(words);
            words.set_minimum_number_should_match(required);
            let occur = if required > 0 {
                TOccur::Must
            } else {
                TOccur::Should
            };
            clauses.push((occur, Box::new(words)));
        }
        clauses.extend(self.musts.into_iter().map(|q| (TOccur::Must, q)));
        clauses.extend(self.must_nots.into_iter().map(|q| (TOccur::MustNot, q)));
        let rescore =
            (!clauses.is_empty() && !self.bonuses.is_empty()).then(|| union(self.bonuses));
        (Box::new(BooleanQuery::new(clauses)), rescore)
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
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

fn u64_field(doc: &TantivyDocument, field: Field) -> u64 {
    doc.get_first(field)
        .and_then(|v| v.as_u64())
        .unwrap_or_default()
}

fn word_bonus(q: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(PlusConst::new(q, WORD_BONUS))
}

fn boost(q: Box<dyn Query>, by: Score) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, by))
}

fn union(qs: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        qs.into_iter().map(|q| (TOccur::Should, q)).collect(),
    ))
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
            let terms = terms
                .iter()
                .map(|(p, t)| (*p, Term::from_field_text(field, t)))
                .collect();
            Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop))
        }
    }
}

/// The terms of consecutive units as one run, positions relative to the run.
fn concat_units(
    units: &[Unit],
    pick: impl Fn(&Unit) -> &Vec<(usize, String)>,
) -> Vec<(usize, String)> {
    units.iter().flat_map(|u| pick(u).iter().cloned()).collect()
}

/// The tokens of `text` (offsets, positions, terms).
fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    analyzer
        .token_stream(text)
        .process(&mut |t| out.push(t.clone()));
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
            let folded = analysis::fold_accents(&text[fr[i].offset_from..fr[i].offset_to]);
            tokens(french, &folded)
                .into_iter()
                .next()
                .map_or_else(|| fr[i].text.clone(), |t| t.text)
        };
        let chunk = chunk_of(fr[i].offset_from);
        match units.last_mut() {
            Some((c, u)) if *c == chunk => u.fr.push((fr[i].position, term)),
            _ => units.push((
                chunk,
                Unit {
                    fr: vec![(fr[i].position, term)],
                    typed: chunk_text(text, fr[i].offset_from).to_string(),
                    ..Unit::default()
                },
            )),
        }
        i = j;
    }
    for t in &ex {
        let chunk = chunk_of(t.offset_from);
        if let Some((_, u)) = units.iter_mut().find(|(c, _)| *c == chunk) {
            u.exact.push((t.position, t.text.clone()));
        }
    }
    // Positions relative to the first token of the whole text, so that units concatenate.
    let base_fr = units
        .first()
        .and_then(|(_, u)| u.fr.first())
        .map_or(0, |(p, _)| *p);
    let base_ex = units
        .first()
        .and_then(|(_, u)| u.exact.first())
        .map_or(0, |(p, _)| *p);
    units
        .into_iter()
        .map(|(_, mut u)| {
            u.fr.iter_mut().for_each(|(p, _)| *p -= base_fr);
            u.exact
                .iter_mut()
                .for_each(|(p, _)| *p = p.saturating_sub(base_ex));
            u
        })
        .collect()
}

/// The whitespace-separated word of `text` holding byte `offset`, without edge punctuation.
fn chunk_text(text: &str, offset: usize) -> &str {
    let start = text[..offset].rfind(char::is_whitespace).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let end = text[offset..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| offset + i);
    text[start..end].trim_matches(|c: char| !c.is_alphanumeric())
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
