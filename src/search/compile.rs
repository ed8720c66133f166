//! Query → tantivy queries: the matching query (words with coordination bonuses, required
//! and excluded clauses, synonyms, typo corrections) and the rescoring query (proximity and
//! exactness bonuses, applied to the top candidates only).

use tantivy::query::{BooleanQuery, BoostQuery, Occur as TOccur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Score, Searcher, Term};

use super::coord::{PlusConst, WORD_BONUS};
use super::query::{Clause, Kind, Occur, ParsedQuery, Scope};
use super::units::{Unit, analyze_units, concat_units, tokens};
use super::{Engine, families, typo};
use crate::analysis;
use crate::highlight::Matcher;

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
/// A word found only through a typo correction: counts less than a word as typed.
const W_FUZZY: Score = 0.5;
const FUZZY_WORD_BONUS: Score = WORD_BONUS / 2.0;
/// Typo candidates kept per query word.
const MAX_CORRECTIONS: usize = 3;
/// A word in at most this many passages gets a "did you mean" when a close word is in
/// `SUGGEST_RATIO` times more.
const RARE: u64 = 2;
const SUGGEST_RATIO: u64 = 5;

/// A query compiled for tantivy, plus what highlighting needs to know.
pub(super) struct Compiled {
    /// What matches, scored by words and BM25.
    pub(super) query: Box<dyn Query>,
    /// Proximity and exactness bonuses, applied to the top candidates only.
    pub(super) rescore: Option<Box<dyn Query>>,
    pub(super) matcher: Matcher,
    pub(super) notes: Vec<String>,
    /// (word as typed, correction) for "did you mean".
    pub(super) corrections: Vec<(String, String)>,
}

impl Engine {
    pub(super) fn compile(
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
            notes: Vec::new(),
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
        notes.append(&mut ctx.notes);
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
                        // Name variants and word families count like typo corrections.
                        let found =
                            families::add_relatives(u, ctx.searcher, &self.fields, ctx.french);
                        ctx.notes.extend(found);
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
        let in_body = df(f.body, term);
        if in_body > RARE {
            // Common word: one term lookup, nothing to correct or suggest.
            return;
        }
        let found = in_body + df(f.title, term) + df(f.heading, term);
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

/// What compiling a query needs besides the query.
struct Ctx<'a> {
    searcher: &'a Searcher,
    french: &'a mut TextAnalyzer,
    exact: &'a mut TextAnalyzer,
    corrections: Vec<(String, String)>,
    /// "also matched …" for name variants (families.rs).
    notes: Vec<String>,
}

/// The query with each corrected word replaced, when there were corrections.
pub(super) fn did_you_mean(query: &str, corrections: &[(String, String)]) -> Option<String> {
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
