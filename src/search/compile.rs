//! Query → tantivy queries: the matching tiers (see [`super::tiers`]: every word, then
//! fewer, with required and excluded clauses, synonyms, typo corrections) and the
//! rescoring query (proximity, exactness and title bonuses, applied to the top candidates
//! only).

use tantivy::query::{
    Bm25StatisticsProvider, BooleanQuery, BoostQuery, Occur as TOccur, PhraseQuery, Query,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocSet, Score, Searcher, Term};

use super::coord::{PlusConst, WORD_BONUS};
use super::phrases::pair_terms;
use super::query::{Clause, Kind, Occur, ParsedQuery, Scope};
use super::sum::SumOf;
use super::tiers::{self, Tier, Word};
use super::units::{Unit, analyze_units, concat_units, tokens};
use super::{Engine, expansions, families, typo};
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

/// Expansions of one `prefix*` at most (the most frequent words are kept).
const MAX_PREFIX_TERMS: usize = 64;
/// Dictionary terms looked at per segment for one prefix.
const MAX_PREFIX_SCAN: usize = 20_000;

/// A query compiled for tantivy, plus what highlighting needs to know.
pub(super) struct Compiled {
    /// What matches, best tier first, scored by words and BM25.
    pub(super) tiers: Vec<Tier>,
    /// Plain words of the query (for the tier bonus).
    pub(super) words: usize,
    /// Proximity and exactness bonuses, applied to the top candidates only.
    pub(super) rescore: Option<Box<dyn Query>>,
    pub(super) matcher: Matcher,
    /// Stop-word pairs of the quoted phrases, to highlight them stop words included.
    pub(super) pair_phrases: Vec<Vec<(usize, String)>>,
    pub(super) notes: Vec<String>,
    /// (word as typed, correction) for "did you mean".
    pub(super) corrections: Vec<(String, String)>,
}

impl Compiled {
    /// What any tier matches (the date filter's undated count looks at all of them).
    pub(super) fn any_tier(&self) -> Box<dyn Query> {
        match self.tiers.as_slice() {
            [one] => one.query.box_clone(),
            tiers => Box::new(BooleanQuery::new(
                tiers
                    .iter()
                    .map(|t| (TOccur::Should, t.query.box_clone()))
                    .collect(),
            )),
        }
    }
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
            pairs: None,
            pair_phrases: Vec::new(),
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
        let words = parts.words.len();
        let (tiers, rescore) = parts.into_tiers();
        Compiled {
            tiers,
            words,
            rescore,
            matcher,
            pair_phrases: ctx.pair_phrases,
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
                        self.expand(u, ctx);
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
                            out.musts.push(self.unit_query(u).0);
                            out.bonuses.push(self.unit_bonuses(u));
                        }
                        (Occur::Should, _) => {
                            matcher.add_unit(u.fr.clone());
                            let (query, core) = self.unit_query(u);
                            out.words.push(Word {
                                query,
                                core,
                                doc_freq: self.unit_doc_freq(u, ctx.searcher),
                                weak: super::weak::is_weak(&u.typed),
                                typed: u.typed.clone(),
                                title: Some(terms_query(f.title, &u.fr)),
                                title_informs: self.title_informs(ctx.searcher, &u.fr),
                            });
                            out.bonuses.push(self.unit_bonuses(u));
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
                    // With its stop words too (`troupes du génie`, not `troupes de génie`):
                    // only when a stop word leaves a gap between the words.
                    let gap = run.windows(2).any(|w| w[1].0 > w[0].0 + 1);
                    let pairs = if gap {
                        pair_terms(ctx.pairs(), text)
                    } else {
                        Vec::new()
                    };
                    // A constant: pairs are frequent terms whose BM25 would only add noise.
                    if !pairs.is_empty() {
                        out.bonuses
                            .push(Box::new(tantivy::query::ConstScoreQuery::new(
                                phrase(f.body_pairs, &pairs, 0),
                                W_EXACT,
                            )));
                    }
                }
            }
            Kind::Phrase(text) => {
                let units = analyze_units(ctx.french, ctx.exact, text);
                let pairs = pair_terms(ctx.pairs(), text);
                if units.is_empty() && pairs.is_empty() {
                    return;
                }
                let run = concat_units(&units, |u| &u.fr);
                let q = if clause.scope == Scope::Title {
                    phrase(f.title, &run, 0)
                } else {
                    // The content words in the stemmed body, the stop words through their
                    // pairs; a headline phrase finds the article's lead passage.
                    // (The lead passage's pairs hold the title's too.)
                    let with_pairs = |q: Box<dyn Query>| -> Box<dyn Query> {
                        let mut all = vec![(TOccur::Must, q)];
                        if !pairs.is_empty() {
                            let p = boost(phrase(f.body_pairs, &pairs, 0), 0.0);
                            all.push((TOccur::Must, p));
                        }
                        Box::new(BooleanQuery::new(all))
                    };
                    if run.is_empty() {
                        boost(phrase(f.body_pairs, &pairs, 0), 0.0)
                    } else {
                        union(vec![
                            with_pairs(phrase(f.body, &run, 0)),
                            with_pairs(boost(phrase(f.lead_title, &run, 0), W_TITLE)),
                        ])
                    }
                };
                if clause.scope != Scope::Title && occur != Occur::MustNot && !pairs.is_empty() {
                    ctx.pair_phrases.push(pairs);
                }
                if occur == Occur::MustNot {
                    out.must_nots.push(q);
                    return;
                }
                matcher.add_phrase(run.clone());
                let run_exact = concat_units(&units, |u| &u.exact);
                // A quoted phrase is required; its exact form ranks higher among matches,
                // a bonus of the rescoring (its positions are read for the top candidates
                // only, not for every match).
                out.musts.push(word_bonus(q));
                out.bonuses
                    .push(boost(phrase(f.body_exact, &run_exact, 0), W_EXACT));
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
                let doc_freq = inner.words.iter().map(|w| w.doc_freq).sum();
                let typed = clause_text(clause);
                let mut any: Vec<Box<dyn Query>> =
                    inner.words.into_iter().map(|w| w.query).collect();
                any.extend(inner.musts);
                if any.is_empty() {
                    return;
                }
                // The best alternative scores (one word, not one per alternative).
                let q: Box<dyn Query> = Box::new(
                    tantivy::query::DisjunctionMaxQuery::with_tie_breaker(any, 0.01),
                );
                match occur {
                    Occur::MustNot => out.must_nots.push(q),
                    Occur::Must => out.musts.push(q),
                    Occur::Should => out.words.push(Word {
                        query: q,
                        core: None,
                        doc_freq,
                        weak: false,
                        typed,
                        title: None,
                        title_informs: false,
                    }),
                }
                out.bonuses.extend(inner.bonuses);
            }
            Kind::Prefix(text) => {
                let (q, doc_freq) = self.prefix_query(text, ctx, matcher);
                match (occur, clause.scope) {
                    (Occur::MustNot, _) => out.must_nots.push(q),
                    (Occur::Must, _) | (_, Scope::Title) => out.musts.push(q),
                    (Occur::Should, _) => out.words.push(Word {
                        query: q,
                        core: None,
                        doc_freq,
                        weak: false,
                        typed: format!("{text}*"),
                        title: None,
                        title_informs: false,
                    }),
                }
            }
        }
    }

    /// `nucl*`: the exact-form words of the body beginning with the prefix (the most
    /// frequent [`MAX_PREFIX_TERMS`]), and how many passages they are in (summed).
    fn prefix_query(
        &self,
        text: &str,
        ctx: &mut Ctx,
        matcher: &mut Matcher,
    ) -> (Box<dyn Query>, u64) {
        let f = self.fields;
        let prefix = tokens(ctx.exact, text)
            .into_iter()
            .next()
            .map_or_else(|| text.to_lowercase(), |t| t.text);
        let mut found = std::collections::HashMap::<String, u64>::new();
        for reader in ctx.searcher.segment_readers() {
            let Ok(inverted) = reader.inverted_index(f.body_exact) else {
                continue;
            };
            let Ok(mut stream) = inverted.terms().range().ge(prefix.as_bytes()).into_stream()
            else {
                continue;
            };
            let mut scanned = 0;
            while stream.advance() && scanned < MAX_PREFIX_SCAN {
                scanned += 1;
                let Ok(term) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if !term.starts_with(&prefix) {
                    break;
                }
                *found.entry(term.to_string()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
        let mut found: Vec<(String, u64)> = found.into_iter().collect();
        found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        found.truncate(MAX_PREFIX_TERMS);
        let doc_freq = found.iter().map(|(_, n)| n).sum();
        let mut any = Vec::with_capacity(found.len());
        for (word, _) in &found {
            any.push(terms_query(f.body_exact, &[(0, word.clone())]));
            // Highlighting re-analyses passages with the stemmed chain.
            if let Some(t) = tokens(ctx.french, word).into_iter().next() {
                matcher.add_term(t.text);
            }
        }
        (word_bonus(union(any)), doc_freq)
    }

    /// What ranks a matching passage higher for one word, applied to the top candidates
    /// only: the word as typed (exactness), in the passage's heading, in the article's title.
    fn unit_bonuses(&self, u: &Unit) -> Box<dyn Query> {
        let f = self.fields;
        let forms = || std::iter::once(&u.fr).chain(&u.synonyms);
        let in_field = |field: Field| -> Box<dyn Query> {
            Box::new(SumOf::new(forms().map(|t| terms_query(field, t)).collect()))
        };
        Box::new(SumOf::new(vec![
            boost(terms_query(f.body_exact, &u.exact), W_EXACT),
            boost(in_field(f.heading), W_HEADING),
            boost(in_field(f.title), W_TITLE),
        ]))
    }

    /// Whether an article's title holding the word says something about its passages: fewer
    /// than a quarter of the passages carry it in their title. In a folder about one story,
    /// its names and its vocabulary are in many titles: there, a title word is the folder's
    /// subject, not the article's (the Robertson–Spärck Jones IDF is already near zero at a
    /// half). Counts include deleted passages on both sides (the term dictionary alone,
    /// through the statistics the title's BM25 weight asks for anyway).
    fn title_informs(&self, searcher: &Searcher, terms: &[(usize, String)]) -> bool {
        let stats = self.stats.of(searcher);
        let all: u64 = searcher
            .segment_readers()
            .iter()
            .map(|r| u64::from(r.max_doc()))
            .sum();
        let df = terms
            .iter()
            .map(|(_, t)| {
                let term = Term::from_field_text(self.fields.title, t);
                Bm25StatisticsProvider::doc_freq(&stats, &term).unwrap_or(0)
            })
            .min()
            .unwrap_or(0);
        df > 0 && 4 * df < all
    }

    /// Passages whose body holds the word (any form), estimated from term frequencies: the
    /// sum over forms, a multi-term form counting as its rarest term. A word found only in
    /// titles counts 0: the tiers drop it first, so it ranks the passages that have the
    /// other words rather than standing for its lead passages.
    fn unit_doc_freq(&self, u: &Unit, searcher: &Searcher) -> u64 {
        let f = self.fields;
        let stats = self.stats.of(searcher);
        let df = |terms: &[(usize, String)]| {
            terms
                .iter()
                .map(|(_, t)| {
                    let term = Term::from_field_text(f.body, t);
                    stats.alive_doc_freq(&term, || alive_doc_freq(searcher, &term))
                })
                .min()
                .unwrap_or(0)
        };
        std::iter::once(&u.fr)
            .chain(&u.synonyms)
            .chain(&u.fuzzy)
            .map(|t| df(t))
            .sum()
    }

    /// A query word: the passages whose body holds it in any of its forms (as typed,
    /// synonyms, typo corrections, relatives), and the lead passage of an article whose
    /// title holds it; scored by BM25 plus one word's bonus. Heading, title and exactness
    /// otherwise only rank the matches ([`Self::unit_bonuses`], rescoring), so a plain word
    /// stays a union of two terms that tantivy prunes with block-max WAND. Returns the
    /// query and, for a plain word, the same without its bonus (for the tiers to flatten).
    ///
    /// Word families and other alternative forms plug in here (and in
    /// [`Self::unit_doc_freq`]): they are produced for a unit next to its synonyms and typo
    /// corrections, and matched below the word as typed, as `fuzzy` forms are.
    fn unit_query(&self, u: &Unit) -> (Box<dyn Query>, Option<tiers::Core>) {
        let f = self.fields;
        let in_passage = |forms: &mut dyn Iterator<Item = &Vec<(usize, String)>>| {
            let mut any = Vec::new();
            for form in forms {
                any.push(terms_query(f.body, form));
                any.push(boost(terms_query(f.lead_title, form), W_TITLE));
            }
            union(any)
        };
        let typed = in_passage(&mut std::iter::once(&u.fr).chain(&u.synonyms));
        let plain = u.synonyms.is_empty() && u.fr.len() == 1 && u.fuzzy.is_empty();
        let core = plain.then(|| {
            let body = terms_query(f.body, &u.fr);
            let lead = boost(terms_query(f.lead_title, &u.fr), W_TITLE);
            tiers::Core {
                either: Box::new(SumOf::new(vec![body.box_clone(), lead.box_clone()])),
                body,
                lead,
            }
        });
        // One word's bonus: a typo correction scores less, and tiers add words' bonuses.
        let exact = word_bonus(typed);
        if u.fuzzy.is_empty() {
            return (exact, core);
        }
        // Typo corrections only match where the word as typed does not, and count less:
        // a fuzzy match never outranks an exact one.
        let fuzzy = in_passage(&mut u.fuzzy.iter());
        let fuzzy = Box::new(PlusConst::new(boost(fuzzy, W_FUZZY), FUZZY_WORD_BONUS));
        let q = Box::new(tantivy::query::DisjunctionMaxQuery::new(vec![exact, fuzzy]));
        (q, None)
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

    /// Typo corrections, then name variants and word families (they count like typo
    /// corrections), from the cache when this index generation already answered the word.
    fn expand(&self, u: &mut Unit, ctx: &mut Ctx) {
        let generation = ctx.searcher.generation().generation_id();
        let key = expansions::Key::of(u);
        if let Some(known) = self.expansions.get(generation, &key) {
            u.fuzzy.extend(known.fuzzy);
            ctx.corrections.extend(known.corrections);
            ctx.notes.extend(known.notes);
            return;
        }
        let (fuzzy_before, corrections_before) = (u.fuzzy.len(), ctx.corrections.len());
        self.correct_typos(u, ctx);
        let notes = families::add_relatives(u, ctx.searcher, &self.fields, ctx.french, ctx.exact);
        let found = expansions::Expansion {
            fuzzy: u.fuzzy[fuzzy_before..].to_vec(),
            corrections: ctx.corrections[corrections_before..].to_vec(),
            notes: notes.clone(),
        };
        ctx.notes.extend(notes);
        self.expansions.put(generation, key, found);
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
    /// Stop-word pairs (phrases with stop words), made when first needed.
    pairs: Option<TextAnalyzer>,
    pair_phrases: Vec<Vec<(usize, String)>>,
    corrections: Vec<(String, String)>,
    /// "also matched …" for name variants (families.rs).
    notes: Vec<String>,
}

/// Passages holding `term`, not counting deleted ones: the tiers' drop order must not
/// depend on whether the index was refreshed or rebuilt. Segments without deletions
/// answer from the term dictionary alone.
fn alive_doc_freq(searcher: &Searcher, term: &Term) -> u64 {
    let mut n = 0;
    for reader in searcher.segment_readers() {
        let Ok(inverted) = reader.inverted_index(term.field()) else {
            continue;
        };
        let Some(alive) = reader.alive_bitset() else {
            n += inverted
                .get_term_info(term)
                .ok()
                .flatten()
                .map_or(0, |info| u64::from(info.doc_freq));
            continue;
        };
        let Ok(Some(mut postings)) = inverted.read_postings(term, IndexRecordOption::Basic) else {
            continue;
        };
        let mut doc = postings.doc();
        while doc != tantivy::TERMINATED {
            n += u64::from(alive.is_alive(doc));
            doc = postings.advance();
        }
    }
    n
}

impl Ctx<'_> {
    fn pairs(&mut self) -> &mut TextAnalyzer {
        self.pairs.get_or_insert_with(analysis::pairs_analyzer)
    }
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
    /// One per plain query word: the tiers relax them one by one.
    words: Vec<Word>,
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

    /// The tiers, and the bonus query to rescore their top candidates with.
    fn into_tiers(self) -> (Vec<Tier>, Option<Box<dyn Query>>) {
        let any = !self.words.is_empty() || !self.musts.is_empty();
        let rescore = (any && !self.bonuses.is_empty())
            .then(|| Box::new(SumOf::new(self.bonuses)) as Box<dyn Query>);
        (tiers::plan(self.words, self.musts, self.must_nots), rescore)
    }
}

fn clause_text(c: &Clause) -> String {
    match &c.kind {
        Kind::Words(t) | Kind::Phrase(t) => t.clone(),
        Kind::Prefix(t) => format!("{t}*"),
        Kind::Any(v) => v.iter().map(clause_text).collect::<Vec<_>>().join(" OR "),
    }
}

fn word_bonus(q: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(PlusConst::new(q, WORD_BONUS))
}

fn boost(q: Box<dyn Query>, by: Score) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, by))
}

fn union(mut qs: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if qs.len() == 1 {
        return qs
            .pop()
            .unwrap_or_else(|| Box::new(tantivy::query::EmptyQuery));
    }
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
