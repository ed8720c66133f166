//! Query latency per kind (`Engine::search`, top 10, with and without highlighting), and
//! the highlighting stage alone (`highlight::find` + `snippet`).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use fouille::highlight::{self, Matcher};
use fouille::search::SearchOptions;

mod common;

const QUERIES: &[(&str, &str)] = &[
    ("one_word", "soldats"),
    ("rare_word", "Koursk"),
    ("several_words", "Corée du Nord soldats Russie"),
    ("phrase", "\"troupes du génie\""),
    ("typo", "Pyongyng"),
    ("operators", "soldats -Trump"),
];

fn queries(c: &mut Criterion) {
    let (_dir, engine) = common::engine();
    let mut group = c.benchmark_group("search");
    for highlight in [true, false] {
        let options = SearchOptions {
            highlight,
            ..SearchOptions::default()
        };
        let mode = if highlight { "highlighted" } else { "plain" };
        for (kind, q) in QUERIES {
            group.bench_with_input(BenchmarkId::new(*kind, mode), q, |b, q| {
                b.iter(|| black_box(engine.search(q, &options).expect("search")))
            });
        }
    }
    group.finish();
}

fn highlighting(c: &mut Criterion) {
    let (_dir, engine) = common::engine();
    // The passages a query returns, and the terms it highlights.
    let options = SearchOptions {
        highlight: false,
        ..SearchOptions::default()
    };
    let texts: Vec<String> = engine
        .search("soldats Russie", &options)
        .expect("search")
        .hits
        .into_iter()
        .map(|h| h.text)
        .collect();
    let mut matcher = Matcher::default();
    for t in fouille::search::query_terms("soldats Russie") {
        matcher.add_term(t);
    }
    let mut analyzer = fouille::analysis::french_analyzer();
    let mut group = c.benchmark_group("highlight");
    group.throughput(criterion::Throughput::Bytes(
        texts.iter().map(|t| t.len() as u64).sum(),
    ));
    group.bench_function("find_top10", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(highlight::find(&mut analyzer, t, &matcher));
            }
        })
    });
    let found: Vec<Vec<(usize, usize)>> = texts
        .iter()
        .map(|t| highlight::find(&mut analyzer, t, &matcher))
        .collect();
    group.bench_function("snippet_top10", |b| {
        b.iter(|| {
            for (t, h) in texts.iter().zip(&found) {
                black_box(highlight::snippet(t, h, 280));
            }
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3)).warm_up_time(std::time::Duration::from_secs(1));
    targets = queries, highlighting
}
criterion_main!(benches);
