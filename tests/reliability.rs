//! Reliability, round 2: where the index lives, and the ways a real folder or a failing
//! machine could break fouille (damaged files, read-only or full disks, odd names, huge or
//! odd files). Driven through the real binary in temp folders, as a user would.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{copy_corpus, fouille};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let out: Output = fouille(dir).args(args).output().expect("run fouille");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

impl Run {
    fn ok(self, what: &str) -> Run {
        assert_eq!(
            self.code, 0,
            "{what}: exit {}\nstdout: {}\nstderr: {}",
            self.code, self.stdout, self.stderr
        );
        self
    }
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("bad JSON ({e}): {}", self.stdout))
    }
}

fn setup() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let corpus = copy_corpus(tmp.path());
    (tmp, corpus)
}

/// A second corpus `autre/` with one article of its own.
fn other_corpus(tmp: &Path) -> PathBuf {
    let dir = tmp.join("autre");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("cerisiers.txt"),
        "Les cerisiers du Japon\n\nLes cerisiers fleurissent tôt cette année à Kyoto.\n",
    )
    .unwrap();
    dir
}

fn total_hits(dir: &Path, args: &[&str]) -> (u64, String) {
    let r = run(dir, args).ok(&format!("{args:?}"));
    (r.json()["total_hits"].as_u64().unwrap(), r.stderr)
}

// ---------------------------------------------------------------------------------------
// Where the index lives

#[test]
fn each_folder_has_its_own_index_and_neither_is_rebuilt_for_the_other() {
    let (tmp, _) = setup();
    other_corpus(tmp.path());
    let a = ["search", "--json", "Koursk"];
    let b = ["search", "--json", "--corpus", "autre", "cerisiers"];
    let (hits, stderr) = total_hits(tmp.path(), &a);
    assert!(hits >= 1 && stderr.contains("indexing"), "{stderr}");
    let (hits, stderr) = total_hits(tmp.path(), &b);
    assert!(hits == 1 && stderr.contains("indexing"), "{stderr}");
    // In turn again: both answer at once, nothing rebuilt or refreshed.
    for args in [&a[..], &b[..], &a[..]] {
        let (hits, stderr) = total_hits(tmp.path(), args);
        assert!(hits >= 1, "{args:?}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
    assert!(tmp.path().join("corpus/.fouille/meta.json").exists());
    assert!(tmp.path().join("autre/.fouille/meta.json").exists());
    assert!(!tmp.path().join("index").exists());
}

#[test]
fn an_index_of_another_corpus_is_refused_never_wiped_nor_answered_from() {
    let (tmp, _) = setup();
    other_corpus(tmp.path());
    run(tmp.path(), &["index", "--index", "idx"]).ok("index corpus");
    let meta = fs::read(tmp.path().join("idx/meta.json")).unwrap();
    for args in [
        &["index", "--corpus", "autre", "--index", "idx"][..],
        &["index", "--full", "--corpus", "autre", "--index", "idx"],
        &["search", "--corpus", "autre", "--index", "idx", "cerisiers"],
        &[
            "search",
            "--no-refresh",
            "--corpus",
            "autre",
            "--index",
            "idx",
            "Koursk",
        ],
    ] {
        let r = run(tmp.path(), args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("was built for corpus") && r.stderr.contains("autre'"),
            "{args:?}: {}",
            r.stderr
        );
        assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
    }
    assert_eq!(fs::read(tmp.path().join("idx/meta.json")).unwrap(), meta);
    let (hits, stderr) = total_hits(
        tmp.path(),
        &["search", "--json", "--index", "idx", "Koursk"],
    );
    assert!(hits >= 1 && stderr.is_empty(), "{stderr}");
}

#[test]
fn a_moved_folder_keeps_its_index() {
    let (tmp, _) = setup();
    run(tmp.path(), &["index"]).ok("index");
    fs::rename(tmp.path().join("corpus"), tmp.path().join("déplacé")).unwrap();
    let (hits, stderr) = total_hits(
        tmp.path(),
        &[
            "search",
            "--json",
            "--no-refresh",
            "--corpus",
            "déplacé",
            "Koursk",
        ],
    );
    assert!(hits >= 1 && stderr.is_empty(), "{stderr}");
}

#[test]
fn a_mistyped_corpus_exits_1_naming_it_even_without_refresh() {
    let (tmp, _) = setup();
    run(tmp.path(), &["index", "--index", "idx"]).ok("index");
    for args in [
        &["search", "--corpus", "corpsu", "Koursk"][..],
        &["search", "--no-refresh", "--corpus", "corpsu", "Koursk"],
        &[
            "search",
            "--no-refresh",
            "--corpus",
            "corpsu",
            "--index",
            "idx",
            "Koursk",
        ],
    ] {
        let r = run(tmp.path(), args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("'corpsu' does not exist"), "{}", r.stderr);
        assert!(r.stdout.is_empty());
    }
}

// ---------------------------------------------------------------------------------------
// Data loss

#[test]
fn a_rebuild_deletes_only_fouilles_own_files() {
    let (tmp, _) = setup();
    run(tmp.path(), &["index", "--index", "idx"]).ok("index");
    let idx = tmp.path().join("idx");
    fs::write(idx.join("mes notes.txt"), "à garder").unwrap();
    fs::create_dir(idx.join("archives")).unwrap();
    fs::write(idx.join("archives/vieux.txt"), "à garder aussi").unwrap();
    // Force a rebuild: a payload of another format version.
    let meta = fs::read_to_string(idx.join("meta.json")).unwrap();
    let needle = format!("\\\"fouille\\\":{}", fouille::index::SCHEMA_VERSION);
    assert!(meta.contains(&needle), "{meta}");
    fs::write(
        idx.join("meta.json"),
        meta.replace(&needle, "\\\"fouille\\\":0"),
    )
    .unwrap();
    let r = run(tmp.path(), &["index", "--index", "idx"]).ok("rebuild");
    assert!(r.stderr.contains("rebuilt the index"), "{}", r.stderr);
    assert_eq!(
        fs::read_to_string(idx.join("mes notes.txt")).unwrap(),
        "à garder"
    );
    assert_eq!(
        fs::read_to_string(idx.join("archives/vieux.txt")).unwrap(),
        "à garder aussi"
    );
    let r = run(tmp.path(), &["index", "--full", "--index", "idx"]).ok("full");
    assert!(r.stdout.contains("indexed 5 articles"), "{}", r.stdout);
    assert!(idx.join("mes notes.txt").exists());
}

#[test]
fn a_corpus_inside_its_index_folder_is_refused() {
    let (tmp, _) = setup();
    run(tmp.path(), &["index", "--index", "idx"]).ok("index");
    let inner = tmp.path().join("idx/articles");
    fs::create_dir(&inner).unwrap();
    fs::write(inner.join("a.txt"), "Titre\n\nUn paragraphe sur Koursk.\n").unwrap();
    for args in [
        &["index", "--corpus", "idx/articles", "--index", "idx"][..],
        &[
            "search",
            "--corpus",
            "idx/articles",
            "--index",
            "idx",
            "Koursk",
        ],
        &["index", "--corpus", ".", "--index", "."],
    ] {
        let r = run(tmp.path(), args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("is inside the index folder"),
            "{}",
            r.stderr
        );
    }
    assert!(inner.join("a.txt").exists());
}

#[test]
fn a_folder_holding_only_a_stray_manifest_is_fouilles() {
    let tmp = tempfile::tempdir().unwrap();
    copy_corpus(tmp.path());
    let idx = tmp.path().join("idx");
    fs::create_dir(&idx).unwrap();
    fs::write(idx.join("fouille-manifest-1733000000-42.json"), "{}").unwrap();
    let r = run(tmp.path(), &["index", "--index", "idx"]).ok("index");
    assert!(r.stdout.contains("indexed 5 articles"), "{}", r.stdout);
    assert!(!idx.join("fouille-manifest-1733000000-42.json").exists());
}
