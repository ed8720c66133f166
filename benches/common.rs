//! Shared by the criterion benches: the text to measure on and a built index.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use fouille::index::{self, RefreshOptions};
use fouille::search::Engine;

/// The corpus the benches run on: `$FOUILLE_BENCH_CORPUS` if set (e.g. a slice of a
/// generated corpus), else the five articles of `corpus/`.
pub fn corpus_dir() -> PathBuf {
    std::env::var_os("FOUILLE_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"))
}

/// The articles' texts (at most `max_bytes` of them, to keep a bench short).
pub fn texts(max_bytes: u64) -> Vec<String> {
    let discovery = fouille::corpus::discover(&corpus_dir()).expect("corpus folder");
    let mut out = Vec::new();
    let mut total = 0;
    for f in &discovery.files {
        if total >= max_bytes {
            break;
        }
        if let Ok(text) = std::fs::read_to_string(&f.path) {
            total += text.len() as u64;
            out.push(text);
        }
    }
    out
}

/// Writer settings of the benches: both cores, the default budget.
pub fn options() -> RefreshOptions {
    RefreshOptions {
        full: true,
        ..RefreshOptions::default()
    }
}

/// An engine over the bench corpus, indexed into a temporary folder.
pub fn engine() -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().expect("temp dir");
    index::refresh(&corpus_dir(), dir.path(), &options(), &mut |_| {}).expect("indexing");
    let engine = Engine::open(dir.path()).expect("open index");
    (dir, engine)
}
