//! Article parsing throughput (`corpus::parse_article`), reported per MB by criterion:
//! the sample articles, a file of 40,000 short capitalised lines (issue 9.7: heading
//! chains used to make this quadratic), and a long page of mixed prose and leftovers.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use fouille::corpus::parse_article;

/// 40,000 lines that all look like headings, with a line of prose every thousand.
fn heading_like_lines() -> String {
    let mut text = String::from("Liste des communes\n");
    for i in 0..40_000 {
        text.push_str(&format!("Commune Numéro {i}\n"));
        if i % 1000 == 999 {
            text.push_str("Un paragraphe de prose qui se termine par un point.\n");
        }
    }
    text
}

/// Prose paragraphs with web leftovers between them, as copied pages have.
fn prose_and_leftovers() -> String {
    let mut text = String::from("Une longue page\n");
    for i in 0..5_000 {
        text.push_str(&format!(
            "Par Jean Dupont\nPublié le 8 octobre 2024 à 14h05\n\
             Le paragraphe {i} raconte, avec les mots de tous les jours, ce que la commune a \
             décidé hier soir au sujet des écoles et des routes.\n\
             Lire aussiRussie : la suite {i}\nPartager sur Facebook\nCommentaires ({i})\n\
             Un intertitre\n"
        ));
    }
    text
}

fn parsing(c: &mut Criterion) {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut samples: Vec<(String, String)> = Vec::new();
    for file in fouille::corpus::discover(&corpus).expect("corpus").files {
        let text = std::fs::read_to_string(&file.path).expect("sample article");
        samples.push((file.rel, text));
    }
    let sample_bytes: usize = samples.iter().map(|(_, t)| t.len()).sum();

    let mut group = c.benchmark_group("parsing");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(sample_bytes as u64));
    group.bench_function("sample_corpus", |b| {
        b.iter(|| {
            samples
                .iter()
                .map(|(rel, text)| parse_article(rel, text).passages.len())
                .sum::<usize>()
        })
    });
    for (name, text) in [
        ("heading_like_40k_lines", heading_like_lines()),
        ("prose_and_leftovers", prose_and_leftovers()),
    ] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| parse_article("bench.txt", &text).passages.len())
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(std::time::Duration::from_secs(5));
    targets = parsing
}
criterion_main!(benches);
