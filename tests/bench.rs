//! `fouille bench` in-process: the report has every figure the JSON contract promises.

mod common;

use fouille::bench::{self, BenchOptions};
use fouille::search::SearchOptions;

#[test]
fn report_has_overall_cold_baseline_ratio_and_queries() {
    let engine = common::engine();
    let queries = bench::parse_queries(bench::DEFAULT_QUERIES);
    let options = BenchOptions {
        iterations: 3,
        warmup: 1,
        threads: 2,
        baseline: true,
        search: SearchOptions::default(),
    };
    let report = bench::run(engine, &queries, &options).expect("bench");
    assert_eq!(report.queries.len(), queries.len());
    assert!(report.overall.p50_us > 0.0 && report.overall.qps > 0.0);
    // Each kind has its own throughput, not 0 queries/s.
    assert!(!report.kinds.is_empty());
    for k in &report.kinds {
        assert!(
            k.latency.qps > 0.0,
            "{}: {} queries/s",
            k.kind,
            k.latency.qps
        );
    }
    assert!(
        report.overall.p50_us <= report.overall.p99_us
            && report.overall.p99_us <= report.overall.max_us
    );
    assert!(
        report.no_highlight.is_some(),
        "highlighting on: the run without it is reported too"
    );
    assert_eq!(report.concurrent.as_ref().map(|c| c.threads), Some(2));
    let base = report.baseline.as_ref().expect("baseline");
    assert_eq!(base.passages, engine.num_passages());
    assert!(report.ratio_p50.is_some_and(|r| r > 0.0));
    // A rare name is found by both engines.
    let koursk = report.queries.iter().find(|q| q.query == "Koursk").unwrap();
    assert!(koursk.hits > 0 && koursk.baseline_hits.unwrap_or(0) > 0);

    let json: serde_json::Value = serde_json::to_value(&report).unwrap();
    for key in ["p50_us", "p95_us", "p99_us", "max_us", "qps"] {
        assert!(json["overall"][key].is_number(), "overall.{key}");
        assert!(json["baseline"][key].is_number(), "baseline.{key}");
    }
    assert!(json["cold_us"].is_number() && json["ratio_p50"].is_number());
    for key in ["query", "p50_us", "p95_us", "p99_us", "hits"] {
        assert!(!json["queries"][0][key].is_null(), "queries[].{key}");
    }
    assert!(bench::render(&report).contains("ratio p50"));
}

#[test]
fn no_highlight_and_no_baseline_leave_those_out() {
    let engine = common::engine();
    let queries = vec!["soldats".to_string(), "\"troupes du génie\"".to_string()];
    let options = BenchOptions {
        iterations: 2,
        warmup: 0,
        threads: 1,
        baseline: false,
        search: SearchOptions {
            highlight: false,
            ..SearchOptions::default()
        },
    };
    let report = bench::run(engine, &queries, &options).expect("bench");
    assert!(
        report.no_highlight.is_none() && report.baseline.is_none() && report.ratio_p50.is_none()
    );
    assert!(report.concurrent.is_none());
    assert_eq!(
        report.kinds.iter().map(|k| k.kind).collect::<Vec<_>>(),
        vec!["1 word", "phrase"]
    );
}
