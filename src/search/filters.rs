//! Filters and orders over article metadata: `--since`/`--until` (the `date` fast field),
//! `site:` (the `site` term, subdomains included), `--sort date`. Filters are clauses of
//! the tantivy query, scored 0, so the collector only ever sees passages that pass them:
//! `limit` and `offset` count filtered hits, never a post-filtered top 10.

use std::collections::HashSet;
use std::ops::Bound;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, ExistsQuery, Occur, Query, RangeQuery, RegexQuery,
};
use tantivy::query::{Bm25StatisticsProvider, EnableScoring};
use tantivy::schema::Value;
use tantivy::{
    DocAddress, DocId, DocSet, Score, Searcher, SegmentReader, TERMINATED, TantivyDocument, Term,
};

use super::query::ParsedQuery;
use super::{SearchOptions, SortOrder};
use crate::corpus::{Day, days_in_month};
use crate::index::{Fields, date_iso};

/// Matches counted exactly at most; past it a search reports "at least" this many (paging
/// reaches no further either: [`super::MAX_LIMIT`]).
pub(super) const COUNT_CAP: usize = super::MAX_LIMIT;

/// Undated passages read to count the articles a date filter leaves out (a stored-field
/// read each); past this many the note says "at least".
const MAX_UNDATED_READ: usize = 200;

#[derive(thiserror::Error, Debug, PartialEq, Eq)]
pub enum FilterError {
    #[error("bad date '{text}' for {flag}: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2024-10-08)")]
    BadDate { flag: &'static str, text: String },
    #[error("no such day '{text}' for {flag}: the month has {days} days")]
    NoSuchDay {
        flag: &'static str,
        text: String,
        days: u32,
    },
    #[error("--since {since} is after --until {until}: no article can match; swap the two dates")]
    EmptyPeriod { since: String, until: String },
}

/// The first day of the period `text` names (`2024` → 2024-01-01), as `YYYYMMDD`.
pub fn period_start(text: &str) -> Result<u64, FilterError> {
    period(text, "--since").map(|(first, _)| first.number())
}

/// The last day of the period `text` names (`2024-02` → 2024-02-29): `--until` includes
/// the whole period.
pub fn period_end(text: &str) -> Result<u64, FilterError> {
    period(text, "--until").map(|(_, last)| last.number())
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` → its first and last day.
fn period(text: &str, flag: &'static str) -> Result<(Day, Day), FilterError> {
    let bad = || FilterError::BadDate {
        flag,
        text: text.to_string(),
    };
    let parts: Vec<&str> = text.trim().split('-').collect();
    let lens: Vec<usize> = parts.iter().map(|p| p.len()).collect();
    if !matches!(lens[..], [4] | [4, 2] | [4, 2, 2])
        || !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(bad());
    }
    let n: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    let year = n[0];
    let (first, last) = match n[..] {
        [_] => (Day::new(year, 1, 1), Day::new(year, 12, 31)),
        [_, month] => (
            Day::new(year, month, 1),
            Day::new(year, month, days_in_month(year, month)),
        ),
        [_, month, day] => {
            let d = Day::new(year, month, day);
            if d.is_none() && (1..=12).contains(&month) {
                return Err(FilterError::NoSuchDay {
                    flag,
                    text: text.to_string(),
                    days: days_in_month(year, month),
                });
            }
            (d, d)
        }
        _ => (None, None),
    };
    first.zip(last).filter(|_| year >= 1).ok_or_else(bad)
}

/// The filters of one search.
pub(super) struct Filters {
    fields: Fields,
    since: Option<u64>,
    until: Option<u64>,
    sites: Vec<String>,
    excluded_sites: Vec<String>,
    /// The query has filters only, no words: every passage that passes them matches.
    no_words: bool,
}

impl Filters {
    pub(super) fn new(
        fields: Fields,
        parsed: &ParsedQuery,
        options: &SearchOptions,
    ) -> Result<Filters, FilterError> {
        if let (Some(since), Some(until)) = (options.since, options.until)
            && since > until
        {
            return Err(FilterError::EmptyPeriod {
                since: date_iso(since),
                until: date_iso(until),
            });
        }
        Ok(Filters {
            fields,
            since: options.since,
            until: options.until,
            sites: parsed.sites.clone(),
            excluded_sites: parsed.excluded_sites.clone(),
            no_words: parsed.clauses.is_empty(),
        })
    }

    fn dated(&self) -> bool {
        self.since.is_some() || self.until.is_some()
    }

    /// `base` restricted to the passages that pass every filter; scores are `base`'s.
    pub(super) fn restrict(&self, base: Box<dyn Query>) -> Box<dyn Query> {
        let mut clauses = self.site_clauses();
        if let Some(range) = self.date_range() {
            clauses.push((Occur::Must, range));
        }
        self.with_base(base, clauses)
    }

    /// When a date filter is on: how many articles matching the rest of the query were
    /// left out for having no date, as a note for the user.
    pub(super) fn undated_note(
        &self,
        searcher: &Searcher,
        base: Box<dyn Query>,
    ) -> tantivy::Result<Option<String>> {
        if !self.dated() {
            return Ok(None);
        }
        let mut clauses = self.site_clauses();
        let date_field = searcher.schema().get_field_name(self.fields.date);
        clauses.push((
            Occur::MustNot,
            Box::new(ExistsQuery::new(date_field.to_string(), false)),
        ));
        let undated = self.with_base(base, clauses);
        let first = TopDocs::with_limit(MAX_UNDATED_READ).order_by_score();
        let (passages, first) = searcher.search(undated.as_ref(), &(Count, first))?;
        // In doc order, so that neighbours come from the store block just decompressed.
        let mut addrs: Vec<DocAddress> = first.into_iter().map(|(_, a)| a).collect();
        addrs.sort_unstable();
        let mut articles = HashSet::new();
        for addr in addrs {
            let doc: TantivyDocument = crate::index::stored::doc(searcher, addr)?;
            if let Some(path) = doc.get_first(self.fields.doc).and_then(|v| v.as_str()) {
                articles.insert(path.to_string());
            }
        }
        let n = articles.len();
        let at_least = if passages > MAX_UNDATED_READ {
            "at least "
        } else {
            ""
        };
        Ok((n > 0).then(|| {
            format!(
                "{at_least}{n} matching {} left out by the date filter: {} no date",
                if n == 1 { "article" } else { "articles" },
                if n == 1 { "it has" } else { "they have" }
            )
        }))
    }

    fn with_base(
        &self,
        base: Box<dyn Query>,
        filters: Vec<(Occur, Box<dyn Query>)>,
    ) -> Box<dyn Query> {
        let base: Box<dyn Query> = if self.no_words {
            Box::new(ConstScoreQuery::new(Box::new(AllQuery), 1.0))
        } else {
            base
        };
        if filters.is_empty() {
            return base;
        }
        let mut clauses = vec![(Occur::Must, base)];
        clauses.extend(filters);
        Box::new(BooleanQuery::new(clauses))
    }

    /// `site:` (any of them, scored 0) and `-site:` clauses.
    fn site_clauses(&self) -> Vec<(Occur, Box<dyn Query>)> {
        let mut clauses = Vec::new();
        if !self.sites.is_empty() {
            let any = self
                .sites
                .iter()
                .map(|s| (Occur::Should, self.site_query(s)))
                .collect();
            clauses.push((Occur::Must, zero(Box::new(BooleanQuery::new(any)))));
        }
        for s in &self.excluded_sites {
            clauses.push((Occur::MustNot, self.site_query(s)));
        }
        clauses
    }

    /// The site or any of its subdomains: `lemonde.fr` matches `www.lemonde.fr`. Hosts are
    /// few, so a regex over the `site` terms is cheap.
    fn site_query(&self, site: &str) -> Box<dyn Query> {
        match RegexQuery::from_pattern(&site_pattern(site), self.fields.site) {
            Ok(q) => Box::new(q),
            // Unreachable for a host `normalize_site` accepted; match nothing rather than all.
            Err(_) => Box::new(tantivy::query::EmptyQuery),
        }
    }

    fn date_range(&self) -> Option<Box<dyn Query>> {
        if !self.dated() {
            return None;
        }
        let bound = |d: Option<u64>| match d {
            Some(d) => Bound::Included(Term::from_field_u64(self.fields.date, d)),
            None => Bound::Unbounded,
        };
        Some(zero(Box::new(RangeQuery::new(
            bound(self.since),
            bound(self.until),
        ))))
    }
}

/// A filter clause: it decides what matches, never how it ranks.
fn zero(q: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(q, 0.0))
}

/// `lemonde.fr` → `(.*\.)?lemonde\.fr` (hosts hold only letters, digits, `-` and `.`).
fn site_pattern(site: &str) -> String {
    format!(r"(.*\.)?{}", site.replace('.', r"\."))
}

/// How many passages match (exact or "at least"), and the best of them.
pub(super) type Counted = (usize, bool, Vec<(Score, DocAddress)>);

/// How many passages match, as Lucene counts hits: exactly up to `cap`, then "at least
/// `cap`" (the flag is false). Matches are visited unscored, and no further than the cap,
/// so a common word costs the same as a rare one.
pub(super) fn bounded_count(
    searcher: &Searcher,
    query: &dyn Query,
    cap: usize,
) -> tantivy::Result<(usize, bool)> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let term = query
        .downcast_ref::<tantivy::query::TermQuery>()
        .map(|q| q.term().clone());
    let mut n = 0;
    for reader in searcher.segment_readers() {
        if let Some(term) = &term
            && reader.alive_bitset().is_none()
        {
            // A lone term in a segment without deletions: its document frequency.
            let found = reader
                .inverted_index(term.field())?
                .get_term_info(term)?
                .map_or(0, |info| info.doc_freq as usize);
            n += found;
            if n >= cap {
                return Ok((cap, false));
            }
            continue;
        }
        let mut scorer = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                n += 1;
                if n >= cap {
                    // Exact only if nothing follows, here or in later segments.
                    return Ok((n, false));
                }
            }
            doc = scorer.advance();
        }
    }
    Ok((n, true))
}

/// The best `depth` passages in the order asked, and how many match in all (exactly up to
/// [`COUNT_CAP`]: the flag says whether the count is exact).
pub(super) fn top_docs(
    searcher: &Searcher,
    query: &dyn Query,
    depth: usize,
    sort: SortOrder,
    one_pass: bool,
    fields: &Fields,
    stats: &dyn Bm25StatisticsProvider,
) -> tantivy::Result<Counted> {
    // Alone, TopDocs lets the query skip what cannot reach the top (block-max WAND);
    // counting apart visits matches without scoring them.
    let counted = |found: usize| -> tantivy::Result<(usize, bool)> {
        // Fewer than asked: the collector saw every match (pruning starts with a full top).
        if found < depth {
            Ok((found, true))
        } else {
            bounded_count(searcher, query, COUNT_CAP)
        }
    };
    match sort {
        SortOrder::Relevance if one_pass => {
            let top = (Count, TopDocs::with_limit(depth).order_by_score());
            let (total, top) = searcher.search_with_statistics_provider(query, &top, stats)?;
            Ok((total, true, top))
        }
        SortOrder::Relevance => {
            let top = TopDocs::with_limit(depth).order_by_score();
            let top = searcher.search_with_statistics_provider(query, &top, stats)?;
            let (total, exact) = counted(top.len())?;
            Ok((total, exact, top))
        }
        SortOrder::Date => {
            let field = searcher.schema().get_field_name(fields.date).to_string();
            let newest_first =
                TopDocs::with_limit(depth).tweak_score(move |segment: &SegmentReader| {
                    let dates = segment.fast_fields().u64(&field).ok();
                    move |doc: DocId, score: Score| {
                        let date = dates.as_ref().and_then(|c| c.first(doc)).unwrap_or(0);
                        (date, score)
                    }
                });
            let docs = searcher.search_with_statistics_provider(query, &newest_first, stats)?;
            let (total, exact) = counted(docs.len())?;
            Ok((
                total,
                exact,
                docs.into_iter()
                    .map(|((_, score), addr)| (score, addr))
                    .collect(),
            ))
        }
    }
}

/// The best `depth` passages of a tier from its parts (see `tiers::Parts`): the best of
/// each part, a passage found by several keeping its best score; counted from its
/// disjoint `count` parts.
pub(super) fn top_docs_of_parts(
    searcher: &Searcher,
    parts: &super::tiers::Parts,
    depth: usize,
    stats: &dyn Bm25StatisticsProvider,
) -> tantivy::Result<Counted> {
    let mut best = std::collections::HashMap::<DocAddress, Score>::new();
    // Every part returned fewer than asked: together they are every match of the tier.
    let mut saw_all = true;
    for part in &parts.search {
        let best_of_part = TopDocs::with_limit(depth).order_by_score();
        let top = searcher.search_with_statistics_provider(part.as_ref(), &best_of_part, stats)?;
        saw_all &= top.len() < depth;
        for (score, addr) in top {
            let s = best.entry(addr).or_insert(score);
            *s = s.max(score);
        }
    }
    let (mut total, mut exact) = (best.len(), true);
    if !saw_all {
        total = 0;
        for part in &parts.count {
            if total >= COUNT_CAP {
                exact = false;
                break;
            }
            let (n, all) = bounded_count(searcher, part.as_ref(), COUNT_CAP - total)?;
            total += n;
            exact &= all;
        }
    }
    let mut docs: Vec<(Score, DocAddress)> = best.into_iter().map(|(a, s)| (s, a)).collect();
    docs.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    docs.truncate(depth);
    Ok((total, exact, docs))
}

/// Newest first, keeping the order of `docs` (by score) within a day; undated last.
pub(super) fn sort_by_date<T>(
    searcher: &Searcher,
    fields: &Fields,
    docs: &mut [T],
    addr_of: impl Fn(&T) -> DocAddress,
) -> tantivy::Result<()> {
    let field = searcher.schema().get_field_name(fields.date);
    let mut columns = Vec::with_capacity(searcher.segment_readers().len());
    for segment in searcher.segment_readers() {
        columns.push(segment.fast_fields().u64(field)?);
    }
    let date_of = |addr: &DocAddress| {
        columns
            .get(addr.segment_ord as usize)
            .and_then(|c| c.first(addr.doc_id))
            .unwrap_or(0)
    };
    docs.sort_by_key(|d| std::cmp::Reverse(date_of(&addr_of(d))));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        assert_eq!(period_start("2024"), Ok(20240101));
        assert_eq!(period_end("2024"), Ok(20241231));
        assert_eq!(period_start("2024-02"), Ok(20240201));
        assert_eq!(period_end("2024-02"), Ok(20240229));
        assert_eq!(period_end("2023-02"), Ok(20230228));
        assert_eq!(period_start(" 2024-10-08 "), Ok(20241008));
        assert_eq!(period_end("2024-10-08"), Ok(20241008));
    }

    #[test]
    fn bad_periods_say_what_to_write() {
        for bad in [
            "",
            "24",
            "2024-1",
            "2024-13",
            "2024/10/08",
            "hier",
            "2024-10-08T10",
            "0000",
        ] {
            let e = period_start(bad).unwrap_err();
            assert!(
                e.to_string().contains("write YYYY, YYYY-MM or YYYY-MM-DD"),
                "{bad}: {e}"
            );
        }
        assert_eq!(
            period_end("2023-02-29").unwrap_err().to_string(),
            "no such day '2023-02-29' for --until: the month has 28 days"
        );
    }

    #[test]
    fn counting_stops_at_the_cap_and_says_so() {
        use tantivy::schema::{STRING, Schema};
        let mut b = Schema::builder();
        let word = b.add_text_field("word", STRING);
        let index = tantivy::Index::create_in_ram(b.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for i in 0..7 {
            let mut doc = TantivyDocument::default();
            doc.add_text(word, if i < 5 { "grue" } else { "héron" });
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let grue = tantivy::query::TermQuery::new(
            Term::from_field_text(word, "grue"),
            tantivy::schema::IndexRecordOption::Basic,
        );
        assert_eq!(bounded_count(&searcher, &grue, 10).unwrap(), (5, true));
        assert_eq!(bounded_count(&searcher, &grue, 5).unwrap(), (5, false));
        assert_eq!(bounded_count(&searcher, &grue, 3).unwrap(), (3, false));
    }

    #[test]
    fn site_patterns() {
        assert_eq!(site_pattern("lemonde.fr"), r"(.*\.)?lemonde\.fr");
    }
}
