//! `fouille bench`: query latency measured in-process on an open index.

use std::time::{Duration, Instant};

use serde::Serialize;

use crate::search::{Engine, SearchError, SearchOptions};

/// The default query set: single words, several words, phrases, numbers, names.
pub const DEFAULT_QUERIES: &str = include_str!("../benches/queries.txt");

/// Queries of a file: one per line; blank lines and `#` comments skipped.
pub fn parse_queries(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

#[derive(Clone, Debug)]
pub struct BenchOptions {
    pub iterations: usize,
    pub warmup: usize,
    pub search: SearchOptions,
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

impl Latency {
    /// From samples (sorted here) and the wall time they took.
    pub fn from_samples(samples: &mut [Duration], wall: Duration) -> Latency {
        samples.sort_unstable();
        let us = |d: Duration| (d.as_secs_f64() * 1e7).round() / 10.0;
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
            qps: if wall.is_zero() { 0.0 } else { samples.len() as f64 / wall.as_secs_f64() },
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct QueryReport {
    pub query: String,
    pub p50_us: f64,
    pub p95_us: f64,
    pub p99_us: f64,
    pub hits: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct BenchReport {
    pub passages: u64,
    pub iterations: usize,
    /// The very first query after opening the index.
    pub cold_us: f64,
    pub overall: Latency,
    pub queries: Vec<QueryReport>,
}

/// Run every query `warmup` times unmeasured, then `iterations` times measured, round-robin
/// (so caches warm evenly and one slow moment of the machine is spread over all queries).
pub fn run(engine: &Engine, queries: &[String], options: &BenchOptions) -> Result<BenchReport, SearchError> {
    let cold = match queries.first() {
        Some(q) => {
            let t = Instant::now();
            engine.search(q, &options.search)?;
            t.elapsed()
        }
        None => Duration::ZERO,
    };
    for _ in 0..options.warmup {
        for q in queries {
            engine.search(q, &options.search)?;
        }
    }
    let mut per_query: Vec<Vec<Duration>> = vec![Vec::with_capacity(options.iterations); queries.len()];
    let mut hits = vec![0; queries.len()];
    let wall = Instant::now();
    for _ in 0..options.iterations {
        for (i, q) in queries.iter().enumerate() {
            let t = Instant::now();
            let r = engine.search(q, &options.search)?;
            per_query[i].push(t.elapsed());
            hits[i] = r.total_hits;
        }
    }
    let wall = wall.elapsed();
    let mut all: Vec<Duration> = per_query.iter().flatten().copied().collect();
    let overall = Latency::from_samples(&mut all, wall);
    let queries = queries
        .iter()
        .zip(per_query.iter_mut())
        .zip(hits)
        .map(|((q, samples), hits)| {
            let l = Latency::from_samples(samples, Duration::ZERO);
            QueryReport { query: q.clone(), p50_us: l.p50_us, p95_us: l.p95_us, p99_us: l.p99_us, hits }
        })
        .collect();
    Ok(BenchReport {
        passages: engine.num_passages(),
        iterations: options.iterations,
        cold_us: (cold.as_secs_f64() * 1e7).round() / 10.0,
        overall,
        queries,
    })
}

/// The report as a table for people.
pub fn render(report: &BenchReport) -> String {
    let mut out = format!(
        "{} passages, {} iterations per query, cold first query {:.1} µs\n\n{:<32} {:>9} {:>9} {:>9} {:>6}\n",
        report.passages, report.iterations, report.cold_us, "query", "p50 µs", "p95 µs", "p99 µs", "hits"
    );
    for q in &report.queries {
        let name: String = q.query.chars().take(32).collect();
        out.push_str(&format!(
            "{:<32} {:>9.1} {:>9.1} {:>9.1} {:>6}\n",
            name, q.p50_us, q.p95_us, q.p99_us, q.hits
        ));
    }
    let o = &report.overall;
    out.push_str(&format!(
        "\noverall: p50 {:.1} µs, p95 {:.1} µs, p99 {:.1} µs, max {:.1} µs, {:.0} queries/s\n",
        o.p50_us, o.p95_us, o.p99_us, o.max_us, o.qps
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let mut s: Vec<Duration> = (1..=100).rev().map(Duration::from_micros).collect();
        let l = Latency::from_samples(&mut s, Duration::from_millis(10));
        assert_eq!((l.p50_us, l.p95_us, l.p99_us, l.max_us), (50.0, 95.0, 99.0, 100.0));
        assert_eq!(l.qps, 10_000.0);
    }

    #[test]
    fn query_files_skip_comments_and_blanks() {
        assert_eq!(parse_queries("# c\n\n Koursk \n\"a b\"\n"), vec!["Koursk", "\"a b\""]);
        assert!(!parse_queries(DEFAULT_QUERIES).is_empty());
    }
}
