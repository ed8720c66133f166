//! Shared by the integration tests: the real corpus, indexed once per test binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use fouille::index::{self, RefreshOptions};
use fouille::search::{Engine, SearchOptions, SearchResults};

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn corpus_dir() -> PathBuf {
    repo().join("corpus")
}

/// Small writer budget: tests run in parallel on two cores.
pub fn options() -> RefreshOptions {
    RefreshOptions {
        full: false,
        threads: 1,
        memory_budget: 20 * 1024 * 1024,
    }
}

pub fn build(corpus: &Path, index_dir: &Path) -> index::Report {
    index::refresh(corpus, index_dir, &options(), &mut |_| {}).expect("indexing the corpus")
}

struct Shared {
    _dir: tempfile::TempDir,
    engine: Engine,
}

/// An engine over the real corpus, built once.
pub fn engine() -> &'static Engine {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    &SHARED
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("temp dir");
            build(&corpus_dir(), dir.path());
            let engine = Engine::open(dir.path()).expect("open index");
            Shared { _dir: dir, engine }
        })
        .engine
}

pub fn search(query: &str) -> SearchResults {
    search_with(query, &SearchOptions::default())
}

pub fn search_with(query: &str, options: &SearchOptions) -> SearchResults {
    engine()
        .search(query, options)
        .unwrap_or_else(|e| panic!("query {query:?}: {e}"))
}

/// The highlighted strings of a hit.
pub fn marked(hit: &fouille::search::Hit) -> Vec<&str> {
    hit.highlights
        .iter()
        .map(|[s, e]| &hit.text[*s..*e])
        .collect()
}

/// (doc, passage) of each hit, in rank order.
pub fn ids(results: &SearchResults) -> Vec<(String, u64)> {
    results
        .hits
        .iter()
        .map(|h| (h.doc.clone(), h.passage))
        .collect()
}

/// The fouille binary, run in `dir`.
pub fn fouille(dir: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_fouille"));
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

/// Copy the real corpus's articles into `dir/corpus` (not its `.fouille` index, built there
/// when fouille runs from the checkout).
pub fn copy_corpus(dir: &Path) -> PathBuf {
    let to = dir.join("corpus");
    std::fs::create_dir_all(&to).expect("mkdir corpus");
    for entry in std::fs::read_dir(corpus_dir()).expect("read corpus") {
        let entry = entry.expect("entry");
        if !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
    }
    to
}
