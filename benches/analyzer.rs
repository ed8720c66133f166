//! Analyzer throughput: the French analyzer over corpus text, in MB/s.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer};

mod common;

/// tantivy's `default` tokenizer, for comparison.
fn tantivy_default() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .build()
}

fn analyzer(c: &mut Criterion) {
    let texts = common::texts(2_000_000);
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut group = c.benchmark_group("analyzer");
    group.throughput(Throughput::Bytes(bytes as u64));
    for (name, mut analyzer) in [
        ("french", fouille::analysis::french_analyzer()),
        ("exact", fouille::analysis::exact_analyzer()),
        ("tantivy_default", tantivy_default()),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut n = 0usize;
                for t in &texts {
                    let mut stream = analyzer.token_stream(t);
                    while stream.advance() {
                        n += 1;
                    }
                }
                black_box(n)
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(5));
    targets = analyzer
}
criterion_main!(benches);
