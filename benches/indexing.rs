//! Indexing throughput: a full rebuild of the bench corpus into a temporary folder.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

mod common;

fn indexing(c: &mut Criterion) {
    let corpus = common::corpus_dir();
    let bytes: u64 = fouille::corpus::discover(&corpus)
        .expect("corpus")
        .files
        .iter()
        .map(|f| f.size)
        .sum();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut group = c.benchmark_group("indexing");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    group.bench_function("full_rebuild", |b| {
        b.iter(|| {
            fouille::index::refresh(&corpus, dir.path(), &common::options(), &mut |_| {})
                .expect("indexing")
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(std::time::Duration::from_secs(8));
    targets = indexing
}
criterion_main!(benches);
