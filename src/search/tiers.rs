//! Tiers: the query's words are relaxed instead of cut at a fixed quorum.
//!
//! Tier 0 holds the passages with every word. When it has fewer than the hits wanted, the
//! next tiers follow, each disjoint from the others and ranked strictly below the one
//! before it: every word once the article's title counts (a passage is read within its
//! article); every word but one, for each word (three words of four beat the rarest
//! alone); then a chain that drops the least informative words (weak words, then the most
//! frequent; never a `+word`, a phrase or a `title:`) down to the most informative word
//! alone; a last tier takes passages with any other word, and the title tier the other
//! passages of articles whose title has a word. Within a tier the optional (dropped) words
//! still add their coordination bonus, then BM25 and the rescoring bonuses order it.

use tantivy::query::{BooleanQuery, EnableScoring, Occur as TOccur, Query};
use tantivy::{DocAddress, DocSet, Score, Searcher, TERMINATED};

use super::coord::{PlusConst, WORD_BONUS};

/// Words a tier chain relaxes one by one at most (the rarest of a longer query).
const MAX_CHAIN: usize = 8;

/// One plain query word, compiled, with what the tiers need to know about it.
pub(super) struct Word {
    /// Matches the passages that have the word (any of its forms), scored by BM25 plus
    /// [`WORD_BONUS`] (less for a typo correction).
    pub(super) query: Box<dyn Query>,
    /// For a plain word, its terms without the word bonus: a tier requiring it adds the
    /// bonus once for all such words, and the first tier can be searched in two parts
    /// that tantivy prunes block by block (see [`Parts`]).
    pub(super) core: Option<Core>,
    /// How many passages have it (an estimate over its terms): the rarer, the more it says.
    pub(super) doc_freq: u64,
    /// A function word the stop list keeps (`contre`, `selon`, `va`): relaxed first.
    pub(super) weak: bool,
    /// As typed, for `missing`.
    pub(super) typed: String,
    /// For a plain word, its terms in the article title (every passage carries it): the
    /// last tier takes the passages of articles about the word that do not repeat it.
    pub(super) title: Option<Box<dyn Query>>,
    /// Whether the title holding it counts as the passage having it (see `plan`); never
    /// without `title`.
    pub(super) title_informs: bool,
}

/// A plain word's terms: in the body, in the lead passage's title, and either.
pub(super) struct Core {
    pub(super) either: Box<dyn Query>,
    pub(super) body: Box<dyn Query>,
    pub(super) lead: Box<dyn Query>,
}

/// A tier's query in pieces tantivy prunes better. `search`: queries whose matches together
/// are the tier's, each scoring a passage at most as the tier does and one of them exactly
/// as it does, so the best of each, merged by best score, are the tier's best. For the first
/// tier of plain words: the body terms alone (a pure conjunction of terms: block-max WAND
/// or intersection) and the lead passages whose title has one of the words (few). `count`:
/// disjoint queries whose counts add up to the tier's (the body terms alone, then the
/// lead-title passages not among them), so a lone term is counted from the term dictionary.
#[derive(Default)]
pub(super) struct Parts {
    pub(super) search: Vec<Box<dyn Query>>,
    pub(super) count: Vec<Box<dyn Query>>,
}

/// One tier: a query matching its passages only (disjoint from the other tiers).
pub(super) struct Tier {
    pub(super) query: Box<dyn Query>,
    /// Another way to search the same passages, faster (see [`Parts`]); empty when none.
    pub(super) parts: Parts,
    /// Words no passage of the tier has.
    pub(super) lacks: Vec<String>,
    /// Words a passage of the tier may or may not have (checked per hit for `missing`).
    pub(super) optional: Vec<(String, Box<dyn Query>)>,
    /// A required clause (phrase, `+word`, `title:`): tantivy scores every match anyway (no
    /// block-max pruning under a conjunction), so the top and the count are gathered in one
    /// pass instead of two (a phrase read its positions twice).
    pub(super) one_pass: bool,
    /// The title tier: its passages hold no query word (their article's title does).
    pub(super) context: bool,
}

impl Tier {
    /// A tier without words (a query of filters only); the filters restrict it.
    pub(super) fn everything() -> Tier {
        Tier {
            query: Box::new(tantivy::query::EmptyQuery),
            parts: Parts::default(),
            lacks: Vec::new(),
            optional: Vec::new(),
            one_pass: false,
            context: false,
        }
    }
}

/// Which passages a tier holds, by word index (see [`plan`]).
#[derive(Default)]
struct Shape {
    /// Words every passage has.
    has: Vec<usize>,
    /// A word no passage has.
    lacks: Option<usize>,
    /// Words of which every passage has one.
    any_of: Vec<usize>,
    /// Words of which no passage has all (they are in a tier above).
    not_all: Vec<usize>,
    /// `not_all` in the passage's own text (the tier after the first).
    not_all_in_text: bool,
    /// Whether a word of the article's title counts as present.
    titled: bool,
}

impl Shape {
    fn every(n: usize) -> Shape {
        Shape {
            has: (0..n).collect(),
            ..Shape::default()
        }
    }
}

/// The tiers of a query, best first. `required` are the clauses every hit matches (`+word`,
/// phrases, `title:`); `excluded` the ones no hit matches.
pub(super) fn plan(
    mut words: Vec<Word>,
    required: Vec<Box<dyn Query>>,
    excluded: Vec<Box<dyn Query>>,
) -> Vec<Tier> {
    // Drop order: words found nowhere first, then weak words, then the most frequent;
    // between equals, the later word (as Meilisearch's `last` strategy).
    let mut words: Vec<(usize, Word)> = words.drain(..).enumerate().collect();
    words.sort_by_key(|(i, w)| {
        (
            w.doc_freq > 0,
            !w.weak,
            std::cmp::Reverse(w.doc_freq),
            std::cmp::Reverse(*i),
        )
    });
    let mut seen = std::collections::HashSet::new();
    let mut words: Vec<Word> = words
        .into_iter()
        .map(|(_, w)| w)
        .filter(|w| seen.insert(w.typed.to_lowercase()))
        .collect();
    // A long query (a pasted sentence) relaxes its most frequent words at once: they help
    // every tier's ranking but are never required, so tiers stay few.
    let extra: Vec<Word> = words
        .drain(..words.len().saturating_sub(MAX_CHAIN))
        .collect();
    let n = words.len();
    let base = |clauses: &mut Vec<(TOccur, Box<dyn Query>)>| {
        clauses.extend(required.iter().map(|q| (TOccur::Must, q.box_clone())));
        clauses.extend(excluded.iter().map(|q| (TOccur::MustNot, q.box_clone())));
        clauses.extend(extra.iter().map(|w| (TOccur::Should, w.query.box_clone())));
    };
    let extra_optional = || extra.iter().map(|w| (w.typed.clone(), w.query.box_clone()));
    if n == 0 {
        if required.is_empty() {
            return Vec::new();
        }
        let mut clauses = Vec::new();
        base(&mut clauses);
        return vec![Tier {
            query: Box::new(BooleanQuery::new(clauses)),
            parts: Parts::default(),
            lacks: Vec::new(),
            optional: Vec::new(),
            one_pass: true,
            context: false,
        }];
    }
    // Tier 0: every word in the passage. Then, as a passage is read within its article, a
    // word of the article's title counts as present (the passage must still have one word
    // of its own): every word so; then the passages that lack one word only, whichever it is
    // (the most frequent first): three words of four beat the rarest alone. Then the chain:
    // without the next most frequent word and at least one before it, down to the most
    // informative word alone (with a required clause, to no plain word at all).
    let last = if required.is_empty() { n - 1 } else { n };
    let present = |j: usize, titled: bool| -> Box<dyn Query> {
        let w = &words[j];
        match (&w.title, titled && w.title_informs) {
            // The title decides the tier, not the rank within it (it scores nothing).
            (Some(title), true) => Box::new(BooleanQuery::new(vec![
                (TOccur::Should, w.query.box_clone()),
                (
                    TOccur::Should,
                    Box::new(tantivy::query::ConstScoreQuery::new(title.box_clone(), 0.0)),
                ),
            ])),
            _ => w.query.box_clone(),
        }
    };
    let all_of = |idx: &[usize], titled: bool| -> Box<dyn Query> {
        boolean(
            idx.iter()
                .map(|&j| (TOccur::Must, present(j, titled)))
                .collect(),
        )
    };
    let any_in_text = || -> Box<dyn Query> {
        Box::new(BooleanQuery::new(
            words
                .iter()
                .map(|w| (TOccur::Should, w.query.box_clone()))
                .collect(),
        ))
    };
    let titled = words.iter().any(|w| w.title_informs);
    let mut shapes = vec![Shape::every(n)];
    if n > 1 && titled {
        shapes.push(Shape {
            not_all: (0..n).collect(),
            not_all_in_text: true,
            titled: true,
            ..Shape::every(n)
        });
    }
    if n > 1 || !required.is_empty() {
        shapes.extend((0..n).map(|i| Shape {
            has: (0..n).filter(|&j| j != i).collect(),
            lacks: Some(i),
            titled,
            ..Shape::default()
        }));
    }
    for dropped in 2..=last {
        shapes.push(Shape {
            has: (dropped..n).collect(),
            lacks: Some(dropped - 1),
            not_all: (0..dropped - 1).collect(),
            titled,
            ..Shape::default()
        });
    }
    if required.is_empty() && n > 2 {
        // None of the rarest word, some other word, not all of them (those lack the rarest
        // only: a tier above).
        shapes.push(Shape {
            lacks: Some(n - 1),
            any_of: (0..n - 1).collect(),
            not_all: (0..n - 1).collect(),
            titled,
            ..Shape::default()
        });
    }
    let mut tiers = Vec::with_capacity(shapes.len() + 1);
    for (t, shape) in shapes.into_iter().enumerate() {
        let mut clauses = Vec::new();
        base(&mut clauses);
        // Every passage of the tier has these words: their bonuses are one constant.
        let mut constant = 0.0;
        for &j in &shape.has {
            let query = match (&words[j].core, shape.titled) {
                (Some(core), false) => core.either.box_clone(),
                _ => present(j, shape.titled),
            };
            if words[j].core.is_some() {
                constant += WORD_BONUS;
            }
            clauses.push((TOccur::Must, query));
        }
        if shape.titled {
            clauses.push((TOccur::Must, any_in_text()));
        }
        if !shape.any_of.is_empty() {
            let any = shape
                .any_of
                .iter()
                .map(|&j| (TOccur::Should, present(j, shape.titled)));
            clauses.push((TOccur::Must, Box::new(BooleanQuery::new(any.collect()))));
        }
        if let Some(j) = shape.lacks {
            clauses.push((TOccur::MustNot, present(j, shape.titled)));
        }
        if !shape.not_all.is_empty() {
            // Those with all of them are in a tier above.
            let titled = shape.titled && !shape.not_all_in_text;
            clauses.push((TOccur::MustNot, all_of(&shape.not_all, titled)));
        }
        // Words a passage of the tier may lack, checked per hit for `missing`.
        let may: Vec<usize> = if t == 0 {
            Vec::new()
        } else if shape.titled {
            (0..n).filter(|&j| Some(j) != shape.lacks).collect()
        } else {
            shape.not_all.clone()
        };
        if !shape.not_all_in_text && shape.any_of.is_empty() {
            // The chain's optional words still add their bonus.
            let optional = shape.not_all.iter();
            clauses.extend(optional.map(|&j| (TOccur::Should, bonus(&words[j]))));
        }
        let plain = t == 0 && clauses.len() == n && words.iter().all(|w| w.core.is_some());
        let query: Box<dyn Query> = if constant > 0.0 {
            Box::new(PlusConst::new(boolean(clauses), constant))
        } else {
            boolean(clauses)
        };
        let parts = if plain {
            split_plain(&words, constant)
        } else {
            Parts::default()
        };
        tiers.push(Tier {
            query,
            parts,
            lacks: shape
                .lacks
                .map(|j| words[j].typed.clone())
                .into_iter()
                .collect(),
            optional: may
                .iter()
                .map(|&j| (words[j].typed.clone(), words[j].query.box_clone()))
                .chain(extra_optional())
                .collect(),
            one_pass: !required.is_empty(),
            context: false,
        });
    }
    let every: Vec<&Word> = words.iter().chain(&extra).collect();
    let titles: Vec<(TOccur, Box<dyn Query>)> = every
        .iter()
        .filter_map(|w| w.title.as_ref().map(|q| (TOccur::Should, q.box_clone())))
        .collect();
    if required.is_empty() && !titles.is_empty() {
        // Below every passage with a word: the other passages of the articles whose title
        // has one (a measles article's paragraphs that say `la maladie`, not `rougeole`).
        let mut clauses = Vec::new();
        base(&mut clauses);
        clauses.push((TOccur::Must, Box::new(BooleanQuery::new(titles))));
        clauses.extend(every.iter().map(|w| (TOccur::MustNot, w.query.box_clone())));
        tiers.push(Tier {
            query: Box::new(BooleanQuery::new(clauses)),
            parts: Parts::default(),
            lacks: every.iter().map(|w| w.typed.clone()).collect(),
            optional: Vec::new(),
            one_pass: false,
            context: true,
        });
    }
    tiers
}

/// The first tier of plain words in two parts: every word in the body (its passages score
/// the body terms only), and the lead passages with a word in the title and every word in
/// the body or title (scored in full). A passage in both scores more in the second. Also
/// the parts to count the tier with (see [`Parts`]).
fn split_plain(words: &[Word], constant: Score) -> Parts {
    let cores: Vec<&Core> = words.iter().filter_map(|w| w.core.as_ref()).collect();
    let in_body = || {
        boolean(
            cores
                .iter()
                .map(|c| (TOccur::Must, c.body.box_clone()))
                .collect(),
        )
    };
    let scored = |q: Box<dyn Query>| -> Box<dyn Query> { Box::new(PlusConst::new(q, constant)) };
    let (in_lead, lead_only): (Box<dyn Query>, Box<dyn Query>) = if let [core] = cores.as_slice() {
        // One word: its lead passages, scored with the body term where they have it.
        (
            Box::new(BooleanQuery::new(vec![
                (TOccur::Must, core.lead.box_clone()),
                (TOccur::Should, core.body.box_clone()),
            ])),
            Box::new(BooleanQuery::new(vec![
                (TOccur::Must, core.lead.box_clone()),
                (TOccur::MustNot, core.body.box_clone()),
            ])),
        )
    } else {
        let clauses = || {
            let titles = cores
                .iter()
                .map(|c| (TOccur::Should, c.lead.box_clone()))
                .collect();
            let mut all = vec![(
                TOccur::Must,
                Box::new(tantivy::query::ConstScoreQuery::new(
                    Box::new(BooleanQuery::new(titles)),
                    0.0,
                )) as Box<dyn Query>,
            )];
            all.extend(cores.iter().map(|c| (TOccur::Must, c.either.box_clone())));
            all
        };
        let mut not_in_body = clauses();
        not_in_body.push((TOccur::MustNot, in_body()));
        (boolean(clauses()), boolean(not_in_body))
    };
    Parts {
        search: vec![scored(in_body()), scored(in_lead)],
        count: vec![in_body(), lead_only],
    }
}

/// The clauses as one query; a single required clause is that clause (a lone term keeps
/// its block-max skipping).
fn boolean(mut clauses: Vec<(TOccur, Box<dyn Query>)>) -> Box<dyn Query> {
    if clauses.len() == 1
        && clauses[0].0 == TOccur::Must
        && let Some((_, q)) = clauses.pop()
    {
        return q;
    }
    Box::new(BooleanQuery::new(clauses))
}

/// An optional word: matching it adds its word bonus (coordination).
fn bonus(w: &Word) -> Box<dyn Query> {
    w.query.box_clone()
}

/// Added to every hit of a tier per tier below it, so scores fall with the tiers:
/// above what all the words of a query can add.
pub(super) fn tier_bonus(tiers: usize, tier: usize, words: usize) -> Score {
    (tiers - 1 - tier) as Score * (words as Score + 2.0) * WORD_BONUS
}

/// The words of `tier` that the passage at `addr` lacks.
pub(super) fn missing(
    searcher: &Searcher,
    tier: &Tier,
    weights: &[Box<dyn tantivy::query::Weight>],
    addr: DocAddress,
) -> tantivy::Result<Vec<String>> {
    let mut lacks = tier.lacks.clone();
    let reader = searcher.segment_reader(addr.segment_ord);
    for ((typed, _), weight) in tier.optional.iter().zip(weights) {
        let mut scorer = weight.scorer(reader, 1.0)?;
        let at = if scorer.doc() < addr.doc_id {
            scorer.seek(addr.doc_id)
        } else {
            scorer.doc()
        };
        if at == TERMINATED || at != addr.doc_id {
            lacks.push(typed.clone());
        }
    }
    Ok(lacks)
}

/// A hit of a tier: score (tier bonus included), address, the query words it lacks, and
/// whether its text may hold a query word (false in the title tier: nothing to highlight).
pub(super) type TierHit = (Score, DocAddress, Vec<String>, bool);

impl super::Engine {
    /// The top passages tier by tier, until `limit` are found or the tiers run out, with
    /// the words each lacks. The total counts the passages of the tiers searched (exactly,
    /// unless the flag says it is a lower bound).
    pub(super) fn collect_tiers(
        &self,
        searcher: &Searcher,
        compiled: &super::Compiled,
        options: &super::SearchOptions,
    ) -> tantivy::Result<(usize, bool, Vec<TierHit>)> {
        // Paging reaches the first MAX_LIMIT hits: gather offset + limit, then skip.
        let want = options
            .offset
            .saturating_add(options.limit)
            .clamp(1, super::MAX_LIMIT);
        let mut total = 0;
        let mut exact = true;
        let mut out = Vec::with_capacity(want);
        let mut per_doc = std::collections::HashMap::<String, usize>::new();
        let n = compiled.tiers.len();
        // The bonus weight once for all tiers (its term statistics are looked up once).
        let stats = self.stats.of(searcher);
        let bonus = compiled
            .rescore
            .as_ref()
            .map(|q| {
                q.weight(EnableScoring::enabled_from_statistics_provider(
                    &stats, searcher,
                ))
            })
            .transpose()?;
        for (t, tier) in compiled.tiers.iter().enumerate() {
            if out.len() >= want {
                break;
            }
            let tier_options = super::SearchOptions {
                limit: want - out.len(),
                ..options.clone()
            };
            let (count, counted_all, docs) =
                self.collect(searcher, tier, bonus.as_deref(), &stats, &tier_options)?;
            total += count;
            exact &= counted_all;
            // Weights of the optional words, once per tier (they check each hit).
            let weights = if t == 0 || docs.is_empty() {
                Vec::new()
            } else {
                let scoring = EnableScoring::disabled_from_searcher(searcher);
                tier.optional
                    .iter()
                    .map(|(_, q)| q.weight(scoring))
                    .collect::<tantivy::Result<Vec<_>>>()?
            };
            for (score, addr) in docs {
                if let Some(cap) = options.per_article {
                    // The cap holds across tiers too.
                    let path = super::keys::path(searcher, &self.fields, addr)?;
                    let seen = per_doc.entry(path).or_default();
                    if *seen >= cap {
                        continue;
                    }
                    *seen += 1;
                }
                let missing = if t == 0 {
                    Vec::new()
                } else {
                    missing(searcher, tier, &weights, addr)?
                };
                out.push((
                    score + tier_bonus(n, t, compiled.words),
                    addr,
                    missing,
                    !tier.context,
                ));
            }
        }
        if options.sort == super::SortOrder::Date {
            super::filters::sort_by_date(searcher, &self.fields, &mut out, |h| h.1)?;
        }
        out.drain(..options.offset.min(out.len()));
        Ok((total, exact, out))
    }
}
