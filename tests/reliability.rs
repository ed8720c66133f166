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

// ---------------------------------------------------------------------------------------
// Damaged index files

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

fn files_ending(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(ext))
        .collect();
    v.sort();
    v
}

fn flip(path: &Path, at: usize) {
    let mut bytes = fs::read(path).unwrap();
    let at = at.min(bytes.len() - 1);
    bytes[at] ^= 0x5A;
    fs::write(path, bytes).unwrap();
}

type Shown = std::collections::HashMap<(String, u64), (String, u64, u64, String)>;

/// (doc, passage) → (text, start, end, title) of every hit.
fn shown(v: &serde_json::Value) -> Shown {
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                (
                    h["doc"].as_str().unwrap().into(),
                    h["passage"].as_u64().unwrap(),
                ),
                (
                    h["text"].as_str().unwrap().into(),
                    h["start"].as_u64().unwrap(),
                    h["end"].as_u64().unwrap(),
                    h["title"].as_str().unwrap().into(),
                ),
            )
        })
        .collect()
}

/// Flip bytes across every file with `ext`: a search never panics and never shows a
/// passage other than the one indexed (it detects the damage and rebuilds, or the byte
/// did not matter).
fn flips_never_show_a_wrong_passage(ext: &str, trials: usize) {
    let (tmp, _) = setup();
    run(tmp.path(), &["index", "--index", "idx"]).ok("index");
    let query = ["search", "--json", "--no-refresh", "--limit", "50"];
    let baseline_args: Vec<&str> = query
        .iter()
        .copied()
        .chain(["--index", "idx", "la guerre"])
        .collect();
    let baseline = shown(&run(tmp.path(), &baseline_args).ok("baseline").json());
    assert!(baseline.len() > 10);
    let files = files_ending(&tmp.path().join("idx"), ext);
    assert!(!files.is_empty(), "no {ext} file");
    let mut detected = 0;
    for trial in 0..trials {
        let trial_dir = tmp.path().join(format!("t{trial}"));
        copy_dir(&tmp.path().join("idx"), &trial_dir);
        let file = &files[trial % files.len()];
        let len = fs::metadata(file).unwrap().len() as usize;
        let name = file.file_name().unwrap();
        flip(&trial_dir.join(name), len * trial / trials);
        let index_arg = format!("t{trial}");
        let args: Vec<&str> = query
            .iter()
            .copied()
            .chain(["--index", &index_arg, "la guerre"])
            .collect();
        let r = run(tmp.path(), &args);
        assert_ne!(r.code, 101, "trial {trial}: panic: {}", r.stderr);
        assert!(
            !r.stderr.contains("panicked"),
            "trial {trial}: {}",
            r.stderr
        );
        if r.stderr.contains("damaged") {
            detected += 1;
        }
        if r.code != 0 {
            assert_eq!(r.stderr.lines().count(), 1, "trial {trial}: {}", r.stderr);
            assert!(r.stderr.contains("damaged"), "trial {trial}: {}", r.stderr);
            continue;
        }
        for (key, got) in shown(&r.json()) {
            if let Some(want) = baseline.get(&key) {
                assert_eq!(&got, want, "trial {trial}: {key:?} altered; {}", r.stderr);
            }
        }
        fs::remove_dir_all(&trial_dir).unwrap();
    }
    eprintln!("{ext}: {detected} of {trials} flips detected as damage");
}

#[test]
fn flipped_bytes_in_the_document_store_never_show_altered_text() {
    flips_never_show_a_wrong_passage(".store", 24);
}

#[test]
fn flipped_bytes_in_terms_and_postings_never_panic() {
    flips_never_show_a_wrong_passage(".term", 8);
    flips_never_show_a_wrong_passage(".idx", 8);
}

#[test]
fn index_check_finds_damage_and_index_repairs_it() {
    let (tmp, _) = setup();
    run(tmp.path(), &["index"]).ok("index");
    let r = run(tmp.path(), &["index", "--check"]).ok("check");
    assert!(r.stdout.starts_with("index OK: "), "{}", r.stdout);
    let store = files_ending(&tmp.path().join("corpus/.fouille"), ".store");
    let len = fs::metadata(&store[0]).unwrap().len() as usize;
    flip(&store[0], len / 3);
    let r = run(tmp.path(), &["index", "--check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("is damaged") && r.stderr.contains("checksum"),
        "{}",
        r.stderr
    );
    let r = run(tmp.path(), &["index"]).ok("repair");
    assert!(
        r.stderr.contains("rebuilt the index") && r.stderr.contains("checksum"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("indexed 5 articles"), "{}", r.stdout);
    run(tmp.path(), &["index", "--check"]).ok("check after repair");
}

// ---------------------------------------------------------------------------------------
// Read-only and full disks (a small tmpfs: needs root, skipped with the reason otherwise)

/// A tmpfs mounted for the test, unmounted when dropped.
struct Mount {
    dir: tempfile::TempDir,
}

impl Mount {
    fn tmpfs(size: &str) -> Option<Mount> {
        let dir = tempfile::tempdir().unwrap();
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output();
        match out {
            Ok(o) if o.status.success() => Some(Mount { dir }),
            Ok(o) => {
                eprintln!(
                    "SKIPPED: cannot mount a tmpfs (needs root): {}",
                    String::from_utf8_lossy(&o.stderr).trim()
                );
                None
            }
            Err(e) => {
                eprintln!("SKIPPED: cannot run mount: {e}");
                None
            }
        }
    }
    fn path(&self) -> &Path {
        self.dir.path()
    }
    fn remount(&self, mode: &str) {
        let ok = std::process::Command::new("mount")
            .args(["-o", &format!("remount,{mode}")])
            .arg(self.path())
            .status()
            .unwrap()
            .success();
        assert!(ok, "remount {mode}");
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.dir.path())
            .status();
    }
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_read_only_index_still_answers_and_says_it_could_not_refresh() {
    let Some(mount) = Mount::tmpfs("20m") else {
        return;
    };
    copy_corpus(mount.path());
    run(mount.path(), &["index"]).ok("index");
    fs::write(
        mount.path().join("corpus/nouveau.txt"),
        "Nouveau\n\nUn article ajouté après l'indexation, sur Koursk.\n",
    )
    .unwrap();
    mount.remount("ro");
    let r = run(
        mount.path(),
        &["search", "--json", "--no-refresh", "Koursk"],
    )
    .ok("no-refresh");
    assert!(r.json()["total_hits"].as_u64().unwrap() >= 1);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    let r = run(mount.path(), &["search", "--json", "Koursk"]).ok("default search");
    assert!(r.json()["total_hits"].as_u64().unwrap() >= 1);
    assert!(
        r.stderr
            .contains("could not refresh the index (the index folder is read-only)"),
        "{}",
        r.stderr
    );
    let r = run(mount.path(), &["index"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    mount.remount("rw");
}

#[test]
fn a_full_disk_cleans_up_says_so_and_answers_from_the_last_commit() {
    let Some(mount) = Mount::tmpfs("6m") else {
        return;
    };
    let corpus = copy_corpus(mount.path());
    run(mount.path(), &["index", "--index", "idx"]).ok("index");
    let before = names(&mount.path().join("idx"));
    // Articles too big for what is left once the disk is nearly full.
    let paragraph = "Les troupes avancent vers la ville assiégée, disent les témoins. ".repeat(40);
    for i in 0..60 {
        fs::write(
            corpus.join(format!("gros{i}.txt")),
            format!("Article {i}\n\n{}\n", paragraph.repeat(2)),
        )
        .unwrap();
    }
    // Fill the disk, leaving a little room.
    let mut filler = Vec::new();
    for size in [256 * 1024, 4096] {
        loop {
            let path = mount.path().join(format!("remplissage{}", filler.len()));
            if fs::write(&path, vec![b'x'; size]).is_err() {
                let _ = fs::remove_file(&path);
                break;
            }
            filler.push(path);
        }
    }
    for _ in 0..4 {
        fs::remove_file(filler.pop().unwrap()).unwrap();
    }
    let r = run(mount.path(), &["index", "--index", "idx"]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("no space left on device"), "{}", r.stderr);
    assert_eq!(
        names(&mount.path().join("idx")),
        before,
        "partial files left"
    );
    // The default search answers from the intact index.
    let r = run(
        mount.path(),
        &["search", "--json", "--index", "idx", "Koursk"],
    )
    .ok("search");
    assert!(r.json()["total_hits"].as_u64().unwrap() >= 1);
    assert!(r.stderr.contains("no space left on device"), "{}", r.stderr);
    // Room again: the update goes through.
    for f in filler {
        fs::remove_file(f).unwrap();
    }
    let r = run(mount.path(), &["index", "--index", "idx"]).ok("index after freeing space");
    assert!(r.stdout.contains("indexed 65 articles"), "{}", r.stdout);
}

// ---------------------------------------------------------------------------------------
// Odd files and names

#[cfg(unix)]
#[test]
fn invalid_utf8_file_names_stay_distinct_and_are_not_reindexed_for_ever() {
    use std::os::unix::ffi::OsStrExt;
    let (tmp, corpus) = setup();
    let a = std::ffi::OsStr::from_bytes(b"bad\xffname.txt");
    let b = std::ffi::OsStr::from_bytes(b"bad\xfename.txt");
    fs::write(
        corpus.join(a),
        "Premier\n\nLes hérons gris nichent au bord du lac.\n",
    )
    .unwrap();
    fs::write(
        corpus.join(b),
        "Second\n\nLes cigognes blanches reviennent au printemps.\n",
    )
    .unwrap();
    let r = run(tmp.path(), &["index"]).ok("index");
    assert!(r.stdout.contains("indexed 7 articles"), "{}", r.stdout);
    let hits = |q: &str| {
        let r = run(tmp.path(), &["search", "--json", q]).ok(q);
        assert!(r.stderr.is_empty(), "{}", r.stderr);
        r.json()["hits"][0]["doc"].as_str().unwrap().to_string()
    };
    assert_eq!(hits("hérons"), "bad\\xFFname.txt");
    assert_eq!(hits("cigognes"), "bad\\xFEname.txt");
    let r = run(tmp.path(), &["index"]).ok("second index");
    assert!(
        r.stdout
            .contains("0 added, 0 updated, 0 removed, 7 unchanged"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_file_over_the_size_limit_is_skipped_with_one_line_without_reading_it() {
    let (tmp, corpus) = setup();
    // Sparse: 3 GB on paper, no room on disk; reading it whole would need 3 GB of memory.
    let f = fs::File::create(corpus.join("énorme.txt")).unwrap();
    f.set_len(3_000_000_000).unwrap();
    drop(f);
    let r = run(tmp.path(), &["index"]).ok("index");
    assert!(r.stdout.contains("indexed 5 articles"), "{}", r.stdout);
    let warnings: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.contains("énorme.txt"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", r.stderr);
    assert!(
        warnings[0].contains("3000.0 MB, over the 128 MB limit for one article"),
        "{}",
        warnings[0]
    );
}

#[test]
fn one_bad_byte_does_not_garble_a_utf8_article() {
    let (tmp, corpus) = setup();
    let mut bytes =
        "Reportage\n\nL’armée française a reçu l’ordre d’avancer vers la frontière orientale.\n"
            .as_bytes()
            .to_vec();
    let at = bytes
        .windows(6)
        .position(|w| w == "a reç".as_bytes())
        .unwrap();
    bytes.insert(at, 0xFF);
    fs::write(corpus.join("abîmé.txt"), &bytes).unwrap();
    let r = run(tmp.path(), &["index"]).ok("index");
    assert!(
        r.stderr
            .contains("'abîmé.txt' is UTF-8 with 1 invalid byte sequence"),
        "{}",
        r.stderr
    );
    let r = run(tmp.path(), &["search", "--json", "frontière orientale"]).ok("search");
    let hit = &r.json()["hits"][0];
    assert_eq!(hit["doc"], "abîmé.txt");
    let (start, end) = (
        hit["start"].as_u64().unwrap() as usize,
        hit["end"].as_u64().unwrap() as usize,
    );
    assert!(hit["text"].as_str().unwrap().contains("armée française"));
    assert!(bytes[start..end].ends_with("orientale.".as_bytes()));
}

#[test]
fn a_huge_lock_wait_does_not_panic() {
    let (tmp, _) = setup();
    for wait in ["1e20", "9.3e18", "1.8e19"] {
        let out = fouille(tmp.path())
            .env(fouille::index::LOCK_WAIT_ENV, wait)
            .args(["index"])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{wait}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

// ---------------------------------------------------------------------------------------
// Queries and ranking

#[test]
fn a_query_of_ten_thousand_words_is_bounded_with_a_note() {
    let (tmp, _) = setup();
    let query = "soldats ".repeat(10_000);
    let r = run(tmp.path(), &["search", "--json", &query]).ok("long query");
    let v = r.json();
    assert!(v["total_hits"].as_u64().unwrap() >= 1);
    let notes = v["notes"].to_string();
    assert!(
        notes.contains("the query is too long (10000 words") && notes.contains("first 32 words"),
        "{notes}"
    );
}

#[test]
fn equal_scores_come_out_by_path_then_passage_whatever_the_build() {
    use fouille::search::{Engine, SearchOptions};
    let text = "Même texte\n\nLes grues cendrées survolent la Champagne en automne.\n";
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("c");
    fs::create_dir(&corpus).unwrap();
    // Build 1: z first, then a and m in later commits (separate segments, z first in order).
    fs::write(corpus.join("z.txt"), text).unwrap();
    common::build(&corpus, &tmp.path().join("i1"));
    fs::write(corpus.join("m.txt"), text).unwrap();
    common::build(&corpus, &tmp.path().join("i1"));
    fs::write(corpus.join("a.txt"), text).unwrap();
    common::build(&corpus, &tmp.path().join("i1"));
    // Build 2: all at once.
    common::build(&corpus, &tmp.path().join("i2"));
    let order = |dir: &str| -> Vec<String> {
        let engine = Engine::open(&tmp.path().join(dir)).unwrap();
        let r = engine
            .search("grues cendrées", &SearchOptions::default())
            .unwrap();
        let scores: Vec<f32> = r.hits.iter().map(|h| h.score).collect();
        assert!(scores.windows(2).all(|w| w[0] == w[1]), "{scores:?}");
        r.hits.iter().map(|h| h.doc.clone()).collect()
    };
    assert_eq!(order("i1"), ["a.txt", "m.txt", "z.txt"]);
    assert_eq!(order("i2"), ["a.txt", "m.txt", "z.txt"]);
    // A run of ties cut by the limit: the first by path wins, whatever the segments.
    for dir in ["i1", "i2"] {
        let engine = Engine::open(&tmp.path().join(dir)).unwrap();
        let one = SearchOptions {
            limit: 1,
            ..SearchOptions::default()
        };
        let r = engine.search("grues", &one).unwrap();
        assert_eq!(r.hits[0].doc, "a.txt", "{dir}");
        assert_eq!((r.total_hits, r.total_hits_exact), (3, true));
    }
}

#[cfg(unix)]
#[test]
fn bad_synonyms_files_are_refused_in_one_line() {
    let (tmp, _) = setup();
    run(tmp.path(), &["index"]).ok("index");
    let fifo = tmp.path().join("tube");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    fs::write(tmp.path().join("gros.txt"), "a, b\n".repeat(300_000)).unwrap();
    let forms: Vec<String> = (0..1000).map(|i| format!("forme{i}")).collect();
    fs::write(tmp.path().join("large.txt"), forms.join(", ")).unwrap();
    for (file, why) in [
        ("tube", "not a regular file"),
        ("/dev/zero", "not a regular file"),
        ("gros.txt", "more than the 1000000 allowed"),
        ("large.txt", "line 1 has 1000 forms, more than 32"),
        (".", "not a regular file"),
    ] {
        let r = run(tmp.path(), &["search", "--synonyms", file, "Koursk"]);
        assert_eq!(r.code, 1, "{file}: {}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "{file}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!("synonyms file '{file}'")) && r.stderr.contains(why),
            "{file}: {}",
            r.stderr
        );
    }
}

// ---------------------------------------------------------------------------------------
// Freshness by folder times (the check of large corpora, forced here on a small one)

#[test]
fn the_folder_time_check_sees_added_removed_and_renamed_files() {
    let (tmp, corpus) = setup();
    let search = |q: &str| {
        let out = fouille(tmp.path())
            .env(fouille::index::FULL_CHECK_ENV, "0")
            .args(["search", "--json", q])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (
            v["total_hits"].as_u64().unwrap(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    run(tmp.path(), &["index"]).ok("index");
    assert_eq!(search("Koursk").1, "");
    // The quick check stats folders only: a file rewritten in place (its folder's time
    // unchanged) waits for `fouille index`, which compares every file.
    let first = fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "txt"))
        .unwrap();
    let mut text = fs::read_to_string(&first).unwrap();
    text.push_str("\nLes ornithorynques sont arrivés.\n");
    fs::write(&first, text).unwrap();
    assert_eq!(search("ornithorynques"), (0, String::new()));
    let r = run(tmp.path(), &["index"]).ok("index sees the rewrite");
    assert!(r.stdout.contains("1 updated"), "{}", r.stdout);
    assert_eq!(search("ornithorynques").0, 1);
    fs::create_dir(corpus.join("dossier")).unwrap();
    fs::write(
        corpus.join("dossier/hérons.txt"),
        "Hérons\n\nLes hérons cendrés pêchent.\n",
    )
    .unwrap();
    let (hits, stderr) = search("hérons cendrés");
    assert_eq!(hits, 1);
    assert!(stderr.contains("1 article added or changed"), "{stderr}");
    assert_eq!(search("hérons cendrés").1, "");
    fs::rename(
        corpus.join("dossier/hérons.txt"),
        corpus.join("dossier/oiseaux.txt"),
    )
    .unwrap();
    let (hits, stderr) = search("hérons cendrés");
    assert_eq!(hits, 1);
    assert!(
        stderr.contains("1 article added or changed, 1 removed"),
        "{stderr}"
    );
    fs::remove_file(corpus.join("dossier/oiseaux.txt")).unwrap();
    let (hits, stderr) = search("hérons cendrés");
    assert_eq!(hits, 0);
    assert!(
        stderr.contains("0 articles added or changed, 1 removed"),
        "{stderr}"
    );
    // A note that is not an article moves the folder time: one slow check, then quick again.
    fs::write(corpus.join("notes.odt"), "rien").unwrap();
    assert_eq!(search("Koursk").1, "");
    run(tmp.path(), &["index"]).ok("restamp");
    assert_eq!(search("Koursk").1, "");
}

/// Where a text's length prefix likely sits in a `.store` file: a byte with the VInt stop
/// bit, then literal ASCII text (lz4 copies the first occurrence of a text verbatim).
fn length_prefixes(bytes: &[u8]) -> Vec<usize> {
    (0..bytes.len().saturating_sub(9))
        .filter(|&p| {
            bytes[p] >= 0x80
                && bytes[p + 1..p + 9]
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b' ' || *b == b'_')
        })
        .collect()
}

/// A cleared stop bit in a length prefix made tantivy's decoder ask for exabytes: the process
/// aborted (no panic to catch). Now the stored bytes are checked first: the search exits 0
/// showing only passages identical to the files on disk, or 1 saying the index is damaged.
#[test]
fn a_flipped_length_prefix_in_the_store_is_damage_never_an_abort() {
    let (tmp, corpus) = setup();
    run(tmp.path(), &["index", "--index", "idx"]).ok("index");
    let stores = files_ending(&tmp.path().join("idx"), ".store");
    assert!(!stores.is_empty());
    let mut flips = Vec::new();
    for store in &stores {
        let bytes = fs::read(store).unwrap();
        let prefixes = length_prefixes(&bytes);
        // Up to 8 length prefixes spread over the file, and 6 bytes anywhere.
        let step = prefixes.len().div_ceil(8).max(1);
        flips.extend(prefixes.iter().step_by(step).map(|&p| (store.clone(), p)));
        flips.extend((0..6).map(|i| (store.clone(), bytes.len() * i / 6)));
    }
    let (mut detected, mut clean, mut validated) = (0, 0, 0);
    for (trial, (store, at)) in flips.iter().enumerate() {
        let trial_dir = tmp.path().join(format!("p{trial}"));
        copy_dir(&tmp.path().join("idx"), &trial_dir);
        let path = trial_dir.join(store.file_name().unwrap());
        let mut bytes = fs::read(&path).unwrap();
        bytes[*at] ^= 0x80;
        fs::write(&path, bytes).unwrap();
        let index_arg = format!("p{trial}");
        let args = ["search", "--json", "--no-refresh", "--limit", "60"];
        let args: Vec<&str> = args
            .into_iter()
            .chain(["--index", &index_arg, "la guerre"])
            .collect();
        let r = run(tmp.path(), &args);
        let what = format!("flip {trial} at byte {at} of {}", store.display());
        // -1: killed by a signal (the abort).
        assert!(
            r.code == 0 || r.code == 1,
            "{what}: exit {}: {}",
            r.code,
            r.stderr
        );
        assert!(!r.stderr.contains("panicked"), "{what}: {}", r.stderr);
        if r.stderr.contains("damaged stored passage") {
            validated += 1;
        }
        if r.code == 1 {
            assert!(r.stderr.contains("index damaged"), "{what}: {}", r.stderr);
            assert_eq!(r.stderr.lines().count(), 1, "{what}: {}", r.stderr);
            detected += 1;
            continue;
        }
        if r.stderr.contains("index damaged") {
            detected += 1;
        } else {
            clean += 1;
        }
        for hit in r.json()["hits"].as_array().unwrap() {
            let file = fs::read(corpus.join(hit["doc"].as_str().unwrap())).unwrap();
            let (start, end) = (hit["start"].as_u64().unwrap(), hit["end"].as_u64().unwrap());
            let on_disk = file.get(start as usize..end as usize).unwrap_or_default();
            assert_eq!(
                hit["text"].as_str().unwrap().as_bytes(),
                on_disk,
                "{what}: {hit}"
            );
        }
        fs::remove_dir_all(&trial_dir).unwrap();
    }
    // The length prefixes are found and their damage is seen, not skipped over; and seen by
    // the check of the stored bytes (before it, a debug build only caught a shift overflow
    // inside tantivy, and a release build aborted).
    assert!(
        detected >= stores.len(),
        "{detected} detected, {clean} clean"
    );
    assert!(
        validated >= 1,
        "{detected} detected, none by the stored-bytes check"
    );
    eprintln!(
        "{} flips: {detected} detected as damage ({validated} by the stored-bytes check), {clean} harmless",
        flips.len()
    );
}
