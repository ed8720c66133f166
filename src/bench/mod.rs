//! `fouille bench`: query latency measured in-process on an open index.
//!
//! One run measures, on the same queries: the first query after opening (cold); every
//! query warm, round-robin, with the search options given (highlighting on by default);
//! the same without highlighting (so the cost of that stage shows); throughput under
//! `threads` concurrent searchers; and a plain-tantivy baseline ([`baseline`]) on the same
//! passages, with the ratio of fouille's p50 to the baseline's.

pub mod baseline;

use std::time::{Duration, Instant};

use serde::Serialize;

use crate::index::Fields;
use crate::search::{Engine, SearchError, SearchOptions};
pub use baseline::Baseline;

/// The default query set: single words, several words, phrases, numbers, names.
pub const DEFAULT_QUERIES: &str = include_str!("../../benches/queries.txt");

/// Queries of a file: one per line; blank lines and `#` comments skipped.
pub fn parse_queries(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// The kind of a query, to report latency per kind: `phrase` (quoted), `operators`
/// (`+`, `-`, `OR`, `field:`), else by the number of words: `1 word`, `2-3 words`, `4+ words`.
pub fn query_kind(query: &str) -> &'static str {
    if query.contains(['"', '«', '“']) {
        return "phrase";
    }
    let words: Vec<&str> = query.split_whitespace().collect();
    if words
        .iter()
        .any(|w| w.starts_with(['+', '-']) || *w == "OR" || w.contains(':'))
    {
        return "operators";
    }
    match words.len() {
        0 | 1 => "1 word",
        2 | 3 => "2-3 words",
        _ => "4+ words",
    }
}

#[derive(Clone, Debug)]
pub struct BenchOptions {
    pub iterations: usize,
    pub warmup: usize,
    /// Concurrent searchers for the throughput run (1: no such run).
    pub threads: usize,
    /// Build and measure the plain-tantivy baseline.
    pub baseline: bool,
    pub search: SearchOptions,
}

impl Default for BenchOptions {
    fn default() -> Self {
        BenchOptions {
            iterations: 200,
            warmup: 20,
            threads: 1,
            baseline: true,
            search: SearchOptions::default(),
        }
    }
}

/// Latency distribution, in microseconds.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Latency {
    pub p50_us: f64,
    pub p95_us: f64,
    pub p99_us: f64,
    pub max_us: f64,
    pub qps: f64,
}

fn us(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e7).round() / 10.0
}

impl Latency {
    /// From samples (sorted here) and the wall time they took.
    pub fn from_samples(samples: &mut [Duration], wall: Duration) -> Latency {
        samples.sort_unstable();
        let pick = |q: f64| {
            if samples.is_empty() {
                return 0.0;
            }
            // Nearest-rank percentile.
            let rank = ((q * samples.len() as f64).ceil() as usize).clamp(1, samples.len());
            us(samples[rank - 1])
        };
        Latency {
            p50_us: pick(0.50),
            p95_us: pick(0.95),
            p99_us: pick(0.99),
            max_us: samples.last().map_or(0.0, |d| us(*d)),
            qps: if wall.is_zero() {
                0.0
            } else {
                samples.len() as f64 / wall.as_secs_f64()
            },
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct QueryReport {
    pub query: String,
    pub kind: &'static str,
    pub p50_us: f64,
    pub p95_us: f64,
    pub p99_us: f64,
    pub hits: usize,
    /// p50 of the same query without highlighting (when the main run highlights).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_highlight_p50_us: Option<f64>,
    /// p50 of the same query on the baseline, same highlighting mode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline_p50_us: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline_hits: Option<usize>,
}

/// Latency of all the queries of one kind together.
#[derive(Clone, Debug, Serialize)]
pub struct KindReport {
    pub kind: &'static str,
    pub queries: usize,
    #[serde(flatten)]
    pub latency: Latency,
}

/// Throughput with several searchers on one engine.
#[derive(Clone, Debug, Serialize)]
pub struct Concurrent {
    pub threads: usize,
    #[serde(flatten)]
    pub latency: Latency,
}

#[derive(Clone, Debug, Serialize)]
pub struct BaselineReport {
    /// Same keys as `overall`, same highlighting mode as the main run.
    #[serde(flatten)]
    pub latency: Latency,
    /// What the baseline is.
    pub engine: &'static str,
    pub highlight: &'static str,
    pub passages: u64,
    /// Time to build the baseline index (tantivy default tokenizer), and its rate.
    pub build_s: f64,
    pub build_mb_s: f64,
    /// Without snippets (when the main run highlights).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_highlight: Option<Latency>,
}

#[derive(Clone, Debug, Serialize)]
pub struct BenchReport {
    pub passages: u64,
    pub iterations: usize,
    pub warmup: usize,
    /// Whether `overall` and `queries` include highlighting.
    pub highlight: bool,
    pub limit: usize,
    /// The very first query after opening the index.
    pub cold_us: f64,
    pub overall: Latency,
    /// The same queries without highlighting (when the main run highlights).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_highlight: Option<Latency>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concurrent: Option<Concurrent>,
    pub baseline: Option<BaselineReport>,
    /// fouille's p50 over the baseline's, same highlighting mode.
    pub ratio_p50: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio_p50_no_highlight: Option<f64>,
    pub kinds: Vec<KindReport>,
    pub queries: Vec<QueryReport>,
}

/// Samples of one measured pass over the query set.
struct Measured {
    per_query: Vec<Vec<Duration>>,
    hits: Vec<usize>,
    wall: Duration,
}

impl Measured {
    fn overall(&self) -> Latency {
        let mut all: Vec<Duration> = self.per_query.iter().flatten().copied().collect();
        Latency::from_samples(&mut all, self.wall)
    }

    fn query(&self, i: usize) -> Latency {
        let mut s = self.per_query[i].clone();
        Latency::from_samples(&mut s, Duration::ZERO)
    }
}

/// Run every query `warmup` times unmeasured, then `iterations` times measured, round-robin
/// (so caches warm evenly and one slow moment of the machine is spread over all queries).
fn measure<E>(
    queries: &[String],
    iterations: usize,
    warmup: usize,
    mut run: impl FnMut(&str) -> Result<usize, E>,
) -> Result<Measured, E> {
    for _ in 0..warmup {
        for q in queries {
            run(q)?;
        }
    }
    let mut per_query: Vec<Vec<Duration>> = vec![Vec::with_capacity(iterations); queries.len()];
    let mut hits = vec![0; queries.len()];
    let wall = Instant::now();
    for _ in 0..iterations {
        for (i, q) in queries.iter().enumerate() {
            let t = Instant::now();
            hits[i] = std::hint::black_box(run(q)?);
            per_query[i].push(t.elapsed());
        }
    }
    Ok(Measured {
        per_query,
        hits,
        wall: wall.elapsed(),
    })
}

/// `threads` searchers on one engine, each going round the query set (from a different
/// starting query) `iterations / threads` times: throughput and latency under contention.
fn concurrent(
    engine: &Engine,
    queries: &[String],
    options: &BenchOptions,
) -> Result<Concurrent, SearchError> {
    let threads = options.threads.max(1);
    let rounds = options.iterations.div_ceil(threads).max(1);
    let wall = Instant::now();
    let results: Vec<Result<Vec<Duration>, SearchError>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(move || {
                    let mut samples = Vec::with_capacity(rounds * queries.len());
                    for _ in 0..rounds {
                        for i in 0..queries.len() {
                            let q = &queries[(i + t * queries.len() / threads) % queries.len()];
                            let t0 = Instant::now();
                            std::hint::black_box(engine.search(q, &options.search)?);
                            samples.push(t0.elapsed());
                        }
                    }
                    Ok(samples)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("bench thread panicked"))
            .collect()
    });
    let wall = wall.elapsed();
    let mut all = Vec::new();
    for r in results {
        all.extend(r?);
    }
    Ok(Concurrent {
        threads,
        latency: Latency::from_samples(&mut all, wall),
    })
}

fn ratio(a: f64, b: f64) -> Option<f64> {
    (b > 0.0).then(|| (a / b * 100.0).round() / 100.0)
}

/// Measure `queries` on `engine` (see the module documentation). The engine should be
/// freshly opened: the first query is reported as `cold_us`.
pub fn run(
    engine: &Engine,
    queries: &[String],
    options: &BenchOptions,
) -> Result<BenchReport, SearchError> {
    let cold = match queries.first() {
        Some(q) => {
            let t = Instant::now();
            engine.search(q, &options.search)?;
            t.elapsed()
        }
        None => Duration::ZERO,
    };
    let highlight = options.search.highlight;
    let main = measure(queries, options.iterations, options.warmup, |q| {
        engine.search(q, &options.search).map(|r| r.total_hits)
    })?;
    let plain_options = SearchOptions {
        highlight: false,
        ..options.search.clone()
    };
    let plain = if highlight {
        Some(measure(
            queries,
            options.iterations,
            options.warmup.min(2),
            |q| engine.search(q, &plain_options).map(|r| r.total_hits),
        )?)
    } else {
        None
    };
    let concurrent = if options.threads > 1 {
        Some(concurrent(engine, queries, options)?)
    } else {
        None
    };

    // The baseline, on the same passages.
    let tv = |source| SearchError::Tantivy {
        query: "(baseline)".into(),
        source,
    };
    let mut base_runs = None;
    if options.baseline {
        let fields: Fields = crate::index::fields_of_index(engine.index())?;
        let base =
            Baseline::build(&engine.searcher(), &fields, options.threads.max(2)).map_err(tv)?;
        let limit = options.search.limit;
        let main_b = measure(queries, options.iterations, options.warmup, |q| {
            base.search(q, limit, highlight).map(|h| h.total)
        })
        .map_err(tv)?;
        let plain_b = if highlight {
            Some(
                measure(queries, options.iterations, options.warmup.min(2), |q| {
                    base.search(q, limit, false).map(|h| h.total)
                })
                .map_err(tv)?,
            )
        } else {
            None
        };
        let secs = base.build.as_secs_f64();
        let info = BaselineReport {
            latency: main_b.overall(),
            engine: "tantivy 0.27, default tokenizer, QueryParser over body (OR), Count + TopDocs, docs fetched",
            highlight: if highlight {
                "SnippetGenerator::snippet_from_doc per hit"
            } else {
                "none"
            },
            passages: base.passages,
            build_s: (secs * 100.0).round() / 100.0,
            build_mb_s: if secs > 0.0 {
                (base.bytes as f64 / 1e6 / secs * 10.0).round() / 10.0
            } else {
                0.0
            },
            no_highlight: plain_b.as_ref().map(Measured::overall),
        };
        base_runs = Some((info, main_b, plain_b));
    }

    let overall = main.overall();
    let no_highlight = plain.as_ref().map(Measured::overall);
    let mut kinds: Vec<KindReport> = Vec::new();
    for kind in ["1 word", "2-3 words", "4+ words", "phrase", "operators"] {
        let mut samples: Vec<Duration> = queries
            .iter()
            .enumerate()
            .filter(|(_, q)| query_kind(q) == kind)
            .flat_map(|(i, _)| main.per_query[i].iter().copied())
            .collect();
        let n = queries.iter().filter(|q| query_kind(q) == kind).count();
        if n > 0 {
            // Runs are sequential: their summed time is the wall time of this kind's share.
            let busy: Duration = samples.iter().sum();
            kinds.push(KindReport {
                kind,
                queries: n,
                latency: Latency::from_samples(&mut samples, busy),
            });
        }
    }
    let reports = queries
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let l = main.query(i);
            QueryReport {
                query: q.clone(),
                kind: query_kind(q),
                p50_us: l.p50_us,
                p95_us: l.p95_us,
                p99_us: l.p99_us,
                hits: main.hits[i],
                no_highlight_p50_us: plain.as_ref().map(|p| p.query(i).p50_us),
                baseline_p50_us: base_runs.as_ref().map(|(_, b, _)| b.query(i).p50_us),
                baseline_hits: base_runs.as_ref().map(|(_, b, _)| b.hits[i]),
            }
        })
        .collect();
    let ratio_p50 = base_runs
        .as_ref()
        .and_then(|(b, _, _)| ratio(overall.p50_us, b.latency.p50_us));
    let ratio_p50_no_highlight = match (
        &no_highlight,
        base_runs
            .as_ref()
            .and_then(|(b, _, _)| b.no_highlight.as_ref()),
    ) {
        (Some(f), Some(b)) => ratio(f.p50_us, b.p50_us),
        _ => None,
    };
    Ok(BenchReport {
        passages: engine.num_passages(),
        iterations: options.iterations,
        warmup: options.warmup,
        highlight,
        limit: options.search.limit,
        cold_us: us(cold),
        overall,
        no_highlight,
        concurrent,
        baseline: base_runs.map(|(b, _, _)| b),
        ratio_p50,
        ratio_p50_no_highlight,
        kinds,
        queries: reports,
    })
}

fn latency_line(l: &Latency) -> String {
    format!(
        "p50 {:.1} µs, p95 {:.1} µs, p99 {:.1} µs, max {:.1} µs, {:.0} queries/s",
        l.p50_us, l.p95_us, l.p99_us, l.max_us, l.qps
    )
}

/// The report as a table for people.
pub fn render(report: &BenchReport) -> String {
    let hl = if report.highlight {
        "top {} highlighted"
    } else {
        "top {}, no highlighting"
    };
    let mut out = format!(
        "{} passages, {} iterations per query, {}; cold first query {:.1} µs\n\n",
        report.passages,
        report.iterations,
        hl.replace("{}", &report.limit.to_string()),
        report.cold_us
    );
    out.push_str(&format!(
        "{:<32} {:<9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>7} {:>7}\n",
        "query", "kind", "p50 µs", "p95 µs", "p99 µs", "no-hl p50", "base p50", "hits", "b.hits"
    ));
    let opt = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.1}"));
    for q in &report.queries {
        let name: String = q.query.chars().take(32).collect();
        out.push_str(&format!(
            "{:<32} {:<9} {:>9.1} {:>9.1} {:>9.1} {:>9} {:>9} {:>7} {:>7}\n",
            name,
            q.kind,
            q.p50_us,
            q.p95_us,
            q.p99_us,
            opt(q.no_highlight_p50_us),
            opt(q.baseline_p50_us),
            q.hits,
            q.baseline_hits.map_or("-".to_string(), |h| h.to_string())
        ));
    }
    out.push('\n');
    for k in &report.kinds {
        out.push_str(&format!(
            "{:<10} ({} queries): {}\n",
            k.kind,
            k.queries,
            latency_line(&k.latency)
        ));
    }
    out.push_str(&format!(
        "\noverall:        {}\n",
        latency_line(&report.overall)
    ));
    if let Some(l) = &report.no_highlight {
        out.push_str(&format!("no highlight:   {}\n", latency_line(l)));
    }
    if let Some(c) = &report.concurrent {
        out.push_str(&format!(
            "{} threads:      {}\n",
            c.threads,
            latency_line(&c.latency)
        ));
    }
    if let Some(b) = &report.baseline {
        out.push_str(&format!("baseline:       {}\n", latency_line(&b.latency)));
        if let Some(l) = &b.no_highlight {
            out.push_str(&format!("baseline no-hl: {}\n", latency_line(l)));
        }
        out.push_str(&format!(
            "baseline = {}; highlighting: {}; built in {:.2} s ({:.1} MB/s)\n",
            b.engine, b.highlight, b.build_s, b.build_mb_s
        ));
    }
    if let Some(r) = report.ratio_p50 {
        out.push_str(&format!("ratio p50 fouille/baseline: {r:.2}"));
        if let Some(r) = report.ratio_p50_no_highlight {
            out.push_str(&format!(" (without highlighting: {r:.2})"));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let mut s: Vec<Duration> = (1..=100).rev().map(Duration::from_micros).collect();
        let l = Latency::from_samples(&mut s, Duration::from_millis(10));
        assert_eq!(
            (l.p50_us, l.p95_us, l.p99_us, l.max_us),
            (50.0, 95.0, 99.0, 100.0)
        );
        assert_eq!(l.qps, 10_000.0);
    }

    #[test]
    fn query_files_skip_comments_and_blanks() {
        assert_eq!(
            parse_queries("# c\n\n Koursk \n\"a b\"\n"),
            vec!["Koursk", "\"a b\""]
        );
        assert!(!parse_queries(DEFAULT_QUERIES).is_empty());
    }

    #[test]
    fn query_kinds() {
        assert_eq!(query_kind("Koursk"), "1 word");
        assert_eq!(query_kind("troupes du génie"), "2-3 words");
        assert_eq!(query_kind("Corée du Nord soldats Russie"), "4+ words");
        assert_eq!(query_kind("\"escalade majeure\""), "phrase");
        assert_eq!(query_kind("soldats -Trump"), "operators");
        assert_eq!(query_kind("Kiev OR Kyiv"), "operators");
    }
}
