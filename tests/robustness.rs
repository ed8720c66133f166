//! Robustness: messy corpus folders, killed or concurrent indexers, damaged indexes, odd
//! queries. Each bad input has a defined behaviour, and one bad file never stops the others.
//! Most tests drive the real binary in a temp folder, as a user would.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant};

use common::{copy_corpus, fouille};
use fouille::index::{self, IndexError};
use fouille::search::{Engine, QueryError, SearchError, SearchOptions};

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
    fn stderr_lines_with(&self, needle: &str) -> Vec<&str> {
        self.stderr.lines().filter(|l| l.contains(needle)).collect()
    }
}

/// A temp dir with a copy of the real corpus in `corpus/`.
fn setup() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let corpus = copy_corpus(tmp.path());
    (tmp, corpus)
}

fn articles_indexed(run: &Run) -> u64 {
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("indexed "))
        .expect("summary line");
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

fn search_json(dir: &Path, query: &str) -> serde_json::Value {
    run(dir, &["search", "--json", "--limit", "50", query])
        .ok(query)
        .json()
}

fn docs_of(v: &serde_json::Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["doc"].as_str().unwrap().to_string())
        .collect()
}

// ---------------------------------------------------------------------------------------
// Corpus input
// ---------------------------------------------------------------------------------------

#[test]
fn windows_1252_file_is_indexed_and_searchable_with_a_one_line_notice() {
    let (tmp, corpus) = setup();
    // "L’été du cœur" etc. in Windows-1252: ’ = 0x92, é = 0xE9, œ = 0x9C.
    let mut bytes = b"Un titre d\x92\xE9t\xE9\n".to_vec();
    bytes.extend_from_slice(
        b"Le c\x9Cur de l\x92\xE9t\xE9 bat pour les bl\xE9s d\x92Ouzb\xE9kistan.\n",
    );
    fs::write(corpus.join("cp1252.txt"), &bytes).unwrap();
    let r = run(tmp.path(), &["index"]).ok("index");
    assert_eq!(articles_indexed(&r), 6);
    let notices = r.stderr_lines_with("cp1252.txt");
    assert_eq!(notices.len(), 1, "{}", r.stderr);
    assert!(notices[0].contains("Windows-1252"), "{}", notices[0]);
    for q in ["cœur", "coeur", "d’Ouzbékistan", "Ouzbékistan", "\"l’été\""] {
        let v = search_json(tmp.path(), q);
        assert_eq!(docs_of(&v)[0], "cp1252.txt", "query {q}");
        let text = v["hits"][0]["text"].as_str().unwrap();
        assert!(text.contains("cœur de l’été"), "{text}");
    }
}

#[test]
fn binary_file_is_skipped_with_one_warning_naming_it_and_others_are_indexed() {
    let (tmp, corpus) = setup();
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend((0..4096u32).map(|i| (i * 7 % 256) as u8));
    fs::write(corpus.join("image.txt"), &bytes).unwrap();
    let r = run(tmp.path(), &["index"]).ok("index");
    assert_eq!(articles_indexed(&r), 5);
    let lines = r.stderr_lines_with("image.txt");
    assert_eq!(lines.len(), 1, "{}", r.stderr);
    assert!(
        lines[0].contains("skipped") && lines[0].contains("not a text file"),
        "{}",
        lines[0]
    );
    assert_eq!(search_json(tmp.path(), "Koursk")["total_hits"], 1);
}

#[test]
fn bom_and_crlf_file_gives_exact_byte_offsets() {
    let (tmp, corpus) = setup();
    let text = "\u{feff}Titre de l’article\r\n\r\nPremier paragraphe sur Tchoukotka et l’armée.\r\n\
                Deuxième paragraphe : « Tchoukotka » encore, été 2024.\r\n\r\nFin du texte sans Tchoukotka.\r\n";
    fs::write(corpus.join("bom crlf.txt"), text).unwrap();
    let v = search_json(tmp.path(), "Tchoukotka");
    let bytes = fs::read(corpus.join("bom crlf.txt")).unwrap();
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 3, "{v}");
    for h in hits {
        let (s, e) = (
            h["start"].as_u64().unwrap() as usize,
            h["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            std::str::from_utf8(&bytes[s..e]).unwrap(),
            h["text"].as_str().unwrap()
        );
        for hl in h["highlights"].as_array().unwrap() {
            let (a, b) = (
                hl[0].as_u64().unwrap() as usize,
                hl[1].as_u64().unwrap() as usize,
            );
            assert_eq!(&h["text"].as_str().unwrap()[a..b], "Tchoukotka");
        }
    }
}

#[test]
fn empty_and_boilerplate_only_files_are_indexed_with_no_passages() {
    let (tmp, corpus) = setup();
    fs::write(corpus.join("vide.txt"), "").unwrap();
    fs::write(corpus.join("blancs.txt"), " \n\u{a0}\r\n\t\n").unwrap();
    fs::write(
        corpus.join("rebut.txt"),
        "Titre seul\nFermer\n12 commentaires\nRelated Articles\n",
    )
    .unwrap();
    let r = run(tmp.path(), &["index"]).ok("index");
    assert_eq!(articles_indexed(&r), 8);
    assert!(
        !r.stderr.contains("vide.txt") && !r.stderr.contains("rebut.txt"),
        "{}",
        r.stderr
    );
    let opened = index::open(&tmp.path().join("corpus/.fouille")).unwrap();
    for name in ["vide.txt", "blancs.txt", "rebut.txt"] {
        assert_eq!(opened.manifest.articles[name].passages, 0, "{name}");
    }
    search_json(tmp.path(), "Koursk");
}

#[test]
fn large_single_line_file_is_indexed_and_searchable() {
    let (tmp, corpus) = setup();
    let mut line = "Les soldats avancent dans la plaine enneigée. ".repeat(110_000); // ≈ 5 MB
    line.push_str("Le mot rare est Tombouctou.");
    assert!(line.len() > 5_000_000);
    fs::write(corpus.join("énorme.txt"), format!("Un titre\n{line}")).unwrap();
    let r = run(tmp.path(), &["index"]).ok("index");
    assert_eq!(articles_indexed(&r), 6);
    let v = search_json(tmp.path(), "Tombouctou");
    assert_eq!(docs_of(&v), ["énorme.txt"]);
}

#[test]
fn deeply_nested_folders_and_names_with_spaces_and_accents() {
    let (tmp, corpus) = setup();
    let deep: PathBuf = (0..30).map(|i| format!("niveau {i}")).collect();
    fs::create_dir_all(corpus.join(&deep)).unwrap();
    fs::write(
        corpus.join(&deep).join("profond.txt"),
        "Titre\nUn passage sur Ulan-Bator.\n",
    )
    .unwrap();
    fs::create_dir_all(corpus.join("Été 2024")).unwrap();
    fs::write(
        corpus.join("Été 2024/l’armée à Koursk – été.txt"),
        "Titre\nUn passage sur Oulan-Oudé.\n",
    )
    .unwrap();
    run(tmp.path(), &["index"]).ok("index");
    let v = search_json(tmp.path(), "Ulan-Bator");
    let expected: Vec<String> = (0..30)
        .map(|i| format!("niveau {i}"))
        .chain(["profond.txt".into()])
        .collect();
    assert_eq!(docs_of(&v), [expected.join("/")]);
    let v = search_json(tmp.path(), "Oulan-Oudé");
    assert_eq!(docs_of(&v), ["Été 2024/l’armée à Koursk – été.txt"]);
}

#[test]
fn unreadable_file_is_skipped_with_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let (tmp, corpus) = setup();
    let path = corpus.join("secret.txt");
    fs::write(&path, "Titre\nUn passage sur Samarcande.\n").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&path).is_ok() {
        eprintln!(
            "note: running as root, chmod 000 does not stop reading: unreadable-file check skipped"
        );
        return;
    }
    let r = run(tmp.path(), &["index"]).ok("index");
    assert_eq!(articles_indexed(&r), 5);
    let lines = r.stderr_lines_with("secret.txt");
    assert_eq!(lines.len(), 1, "{}", r.stderr);
    assert!(lines[0].contains("permission denied"), "{}", lines[0]);
}

#[test]
fn symlink_loop_and_non_txt_files() {
    let (tmp, corpus) = setup();
    fs::create_dir(corpus.join("sous")).unwrap();
    std::os::unix::fs::symlink("..", corpus.join("sous/boucle")).unwrap();
    std::os::unix::fs::symlink("nulle-part.txt", corpus.join("cassé.txt")).unwrap();
    fs::write(corpus.join("notes.odt"), "Titre\nSamarcande\n").unwrap();
    fs::write(corpus.join("a.txt.bak"), "Titre\nSamarcande\n").unwrap();
    fs::write(corpus.join(".cache.txt"), "Titre\nSamarcande\n").unwrap();
    fs::write(
        corpus.join("MAJUSCULES.TXT"),
        "Titre\nUn passage sur Boukhara.\n",
    )
    .unwrap();
    let r = run(tmp.path(), &["index"]).ok("index");
    assert_eq!(articles_indexed(&r), 6, "{}", r.stderr);
    assert_eq!(r.stderr_lines_with("boucle").len(), 1, "{}", r.stderr);
    assert_eq!(r.stderr_lines_with("cassé.txt").len(), 1, "{}", r.stderr);
    assert_eq!(search_json(tmp.path(), "Samarcande")["total_hits"], 0);
    assert_eq!(
        docs_of(&search_json(tmp.path(), "Boukhara")),
        ["MAJUSCULES.TXT"]
    );
}

#[test]
fn all_bad_inputs_at_once_never_stop_the_good_files() {
    let (tmp, corpus) = setup();
    fs::write(corpus.join("bin.txt"), b"\x00\x01\x02binaire\x00").unwrap();
    fs::write(corpus.join("vide.txt"), "").unwrap();
    fs::write(corpus.join("w1252.txt"), b"Titre\nCaf\xE9 \x9Cuvre\n").unwrap();
    std::os::unix::fs::symlink(".", corpus.join("moi")).unwrap();
    let r = run(tmp.path(), &["index"]).ok("index");
    assert_eq!(articles_indexed(&r), 7, "{}", r.stderr);
    assert_eq!(search_json(tmp.path(), "Koursk")["total_hits"], 1);
    assert_eq!(docs_of(&search_json(tmp.path(), "œuvre")), ["w1252.txt"]);
}

#[test]
fn missing_or_empty_corpus_folder_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join("vide")).unwrap();
    fs::write(tmp.path().join("vide/notes.odt"), "pas un article").unwrap();
    for args in [
        &["index", "--corpus", "absent"][..],
        &["search", "--corpus", "absent", "Koursk"],
        &["index", "--corpus", "vide"],
        &["search", "--corpus", "vide", "Koursk"],
    ] {
        let r = run(tmp.path(), args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!("'{}'", args[2])),
            "{args:?}: {}",
            r.stderr
        );
        assert!(r.stderr.contains("--corpus DIR"), "{args:?}: {}", r.stderr);
    }
    // Nothing was written for a bad corpus.
    assert!(
        !tmp.path()
            .join("corpus/.fouille")
            .join("meta.json")
            .exists()
    );
}

// ---------------------------------------------------------------------------------------
// The index: atomic writes, concurrent indexers, damage, foreign folders
// ---------------------------------------------------------------------------------------

/// Adds `n` generated articles (variations of the real ones) under `corpus/gen/`; the
/// article `i` contains the word `zq<i in letters>`.
fn generate(corpus: &Path, n: usize) {
    let sources: Vec<String> = fs::read_dir(common::corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| fs::read_to_string(p).unwrap())
        .collect();
    let dir = corpus.join("gen");
    fs::create_dir_all(&dir).unwrap();
    for i in 0..n {
        let src = &sources[i % sources.len()];
        let (title, body) = src.split_once('\n').unwrap();
        let text = format!(
            "Article {i} : {title}\n{body}\nMarqueur {} pour ce texte.\n",
            marker(i)
        );
        fs::write(dir.join(format!("g{i:05}.txt")), text).unwrap();
    }
}

fn marker(i: usize) -> String {
    let mut s = String::from("zq");
    let mut i = i;
    loop {
        s.push(b"bcdfghjlmnpqrtv"[i % 15] as char);
        i /= 15;
        if i == 0 {
            s.push('k');
            return s;
        }
    }
}

/// The index is whole and consistent (documents match the manifest); its article count.
fn consistent_articles(index_dir: &Path) -> usize {
    let opened = index::open(index_dir).unwrap_or_else(|e| panic!("index not whole: {e}"));
    let engine = Engine::from_index(opened.index).unwrap();
    assert_eq!(engine.num_passages(), opened.manifest.passages());
    opened.manifest.articles.len()
}

fn spawn(dir: &Path, args: &[&str]) -> Child {
    fouille(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn fouille")
}

fn finish(child: Child) -> Run {
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

const GENERATED: usize = 250;

#[test]
fn killing_index_at_any_moment_keeps_the_last_complete_state() {
    let (tmp, corpus) = setup();
    let index_dir = tmp.path().join("corpus/.fouille");
    run(tmp.path(), &["index"]).ok("first index");
    assert_eq!(consistent_articles(&index_dir), 5);
    generate(&corpus, GENERATED);
    let full = 5 + GENERATED;
    for (round, delay_ms) in [30u64, 150, 400, 900, 1800].into_iter().enumerate() {
        // `--full` redoes all the work each round, so every kill lands mid-way.
        let mut child = spawn(tmp.path(), &["index", "--full"]);
        std::thread::sleep(Duration::from_millis(delay_ms));
        let finished = child.try_wait().unwrap().is_some();
        child.kill().ok();
        child.wait().unwrap();
        let n = consistent_articles(&index_dir);
        assert!(
            n == 5 || n == full,
            "round {round}: {n} articles: a partial state"
        );
        // Search opens it and answers from that state, without touching it.
        let r = run(tmp.path(), &["search", "--no-refresh", "--json", "Koursk"])
            .ok("search after kill");
        assert!(r.json()["total_hits"].as_u64().unwrap() >= 1);
        eprintln!("round {round}: killed after {delay_ms} ms (finished: {finished}): {n} articles");
    }
    let r = run(tmp.path(), &["index"]).ok("index after kills");
    assert!(
        r.stdout.starts_with(&format!("indexed {full} articles")),
        "{}",
        r.stdout
    );
    assert_eq!(consistent_articles(&index_dir), full);
    for i in [0, GENERATED / 2, GENERATED - 1] {
        let v = search_json(tmp.path(), &marker(i));
        assert_eq!(docs_of(&v), [format!("gen/g{i:05}.txt")]);
    }
    // No leftovers of killed runs: one manifest (and its folder times).
    let manifests = fs::read_dir(&index_dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("fouille-manifest-")
        })
        .count();
    assert_eq!(manifests, 2);
}

#[test]
fn killing_the_first_build_leaves_an_index_that_search_rebuilds_cleanly() {
    let (tmp, corpus) = setup();
    generate(&corpus, GENERATED / 2);
    let index_dir = tmp.path().join("corpus/.fouille");
    let mut child = spawn(tmp.path(), &["index"]);
    std::thread::sleep(Duration::from_millis(300));
    child.kill().ok();
    child.wait().unwrap();
    if let Err(e) = index::open(&index_dir) {
        assert!(e.is_rebuildable(), "{e}");
    }
    let r =
        run(tmp.path(), &["search", "--no-refresh", "--json", "Koursk"]).ok("search after kill");
    assert!(r.json()["total_hits"].as_u64().unwrap() >= 1);
    assert_eq!(consistent_articles(&index_dir), 5 + GENERATED / 2);
}

#[test]
fn second_indexer_waits_or_says_so_and_searches_keep_answering() {
    let (tmp, corpus) = setup();
    run(tmp.path(), &["index"]).ok("first index");
    generate(&corpus, GENERATED);
    let first = spawn(tmp.path(), &["index"]);
    // Wait until the first indexer holds the lock (it checks the corpus first).
    std::thread::sleep(Duration::from_millis(400));

    // A search on the already built index answers at once from the last complete state.
    let t0 = Instant::now();
    let r = run(tmp.path(), &["search", "--json", "Koursk"]).ok("search during indexing");
    let search_took = t0.elapsed();
    assert_eq!(r.json()["total_hits"], 1);
    assert!(
        r.stderr.contains("another fouille index is updating it"),
        "{}",
        r.stderr
    );

    // No waiting allowed: a clear message, exit 1.
    let mut cmd = fouille(tmp.path());
    let out = cmd
        .env(index::LOCK_WAIT_ENV, "0")
        .args(["index"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("another `fouille index` is writing to 'corpus/.fouille'"),
        "{stderr}"
    );

    // Default: waits for the first, saying so, then finds the work done.
    let second = spawn(tmp.path(), &["index"]);
    let first = finish(first).ok("first indexer");
    let second = finish(second).ok("second indexer");
    assert!(
        second.stderr.contains("waiting for another fouille index"),
        "{}",
        second.stderr
    );
    assert!(
        first.stdout.contains(&format!("{GENERATED} added")),
        "{}",
        first.stdout
    );
    assert!(
        second.stdout.contains(&format!(
            "0 added, 0 updated, 0 removed, {} unchanged",
            5 + GENERATED
        )),
        "{}",
        second.stdout
    );
    assert_eq!(
        consistent_articles(&tmp.path().join("corpus/.fouille")),
        5 + GENERATED
    );
    eprintln!("search during indexing took {search_took:?}");
}

/// A built index of the real corpus in a temp dir.
fn built() -> (tempfile::TempDir, PathBuf) {
    let (tmp, _) = setup();
    run(tmp.path(), &["index"]).ok("index");
    let dir = tmp.path().join("corpus/.fouille");
    (tmp, dir)
}

fn files_with_ext(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

/// The damage is detected by `open` with `expect`, then `search` rebuilds and answers.
fn assert_detected_and_rebuilt(tmp: &Path, index_dir: &Path, expect: &str) {
    let err = match index::open(index_dir) {
        Err(e) => e,
        Ok(_) => panic!("damage not detected ({expect})"),
    };
    assert!(err.is_rebuildable(), "{err}");
    assert!(err.to_string().contains(expect), "{err}");
    let r = run(tmp, &["search", "--json", "Koursk"]).ok("search on a damaged index");
    assert_eq!(r.json()["total_hits"], 1);
    assert!(r.stderr.contains(expect), "{}", r.stderr);
    assert_eq!(consistent_articles(index_dir), 5);
}

#[test]
fn truncated_segment_files_are_detected_and_rebuilt() {
    for ext in ["idx", "pos", "term", "store", "fast", "fieldnorm"] {
        for keep in [0.0, 0.5, 0.99] {
            let (tmp, dir) = built();
            let file = files_with_ext(&dir, ext)
                .pop()
                .unwrap_or_else(|| panic!("no .{ext} file"));
            let len = fs::metadata(&file).unwrap().len();
            let f = fs::OpenOptions::new().write(true).open(&file).unwrap();
            f.set_len((len as f64 * keep) as u64).unwrap();
            drop(f);
            assert_detected_and_rebuilt(tmp.path(), &dir, "damaged");
        }
    }
}

#[test]
fn deleted_segment_file_is_detected_and_rebuilt() {
    for ext in ["idx", "store", "term"] {
        let (tmp, dir) = built();
        fs::remove_file(files_with_ext(&dir, ext).pop().unwrap()).unwrap();
        assert_detected_and_rebuilt(tmp.path(), &dir, "missing");
    }
}

#[test]
fn garbage_meta_json_is_detected_and_rebuilt() {
    for garbage in [
        &b""[..],
        b"{",
        b"\x00\xff garbage",
        b"{\"segments\": 12}",
        b"[]",
    ] {
        let (tmp, dir) = built();
        fs::write(dir.join("meta.json"), garbage).unwrap();
        assert_detected_and_rebuilt(tmp.path(), &dir, "damaged");
    }
}

#[test]
fn deleted_or_garbage_manifest_is_detected_and_rebuilt() {
    for garbage in [None, Some("not json"), Some("{\"articles\": {}}")] {
        let (tmp, dir) = built();
        let manifest = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                name.starts_with("fouille-manifest-") && !name.ends_with(".dirs.json")
            })
            .unwrap();
        match garbage {
            None => fs::remove_file(&manifest).unwrap(),
            Some(g) => fs::write(&manifest, g).unwrap(),
        }
        assert_detected_and_rebuilt(tmp.path(), &dir, "damaged");
    }
}

#[test]
fn index_of_another_schema_version_is_detected_and_rebuilt() {
    let (tmp, dir) = built();
    let meta = fs::read_to_string(dir.join("meta.json")).unwrap();
    let needle = format!("\\\"fouille\\\":{}", index::SCHEMA_VERSION);
    assert!(meta.contains(&needle), "{meta}");
    fs::write(
        dir.join("meta.json"),
        meta.replace(&needle, "\\\"fouille\\\":999"),
    )
    .unwrap();
    assert!(matches!(
        index::open(&dir),
        Err(IndexError::Version { found: 999, .. })
    ));
    assert_detected_and_rebuilt(tmp.path(), &dir, "another version of fouille");
    // `fouille index` says it rebuilt it, too.
    let meta = fs::read_to_string(dir.join("meta.json")).unwrap();
    fs::write(
        dir.join("meta.json"),
        meta.replace(&needle, "\\\"fouille\\\":0"),
    )
    .unwrap();
    let r = run(tmp.path(), &["index"]).ok("index");
    assert!(
        r.stderr.contains("rebuilt the index") && r.stderr.contains("format 0"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_folder_that_is_not_an_index_is_never_wiped() {
    let (tmp, _) = setup();
    let user = tmp.path().join("mes documents");
    fs::create_dir_all(user.join("photos")).unwrap();
    let files = ["lettre.txt", "meta.json", "photos/été.jpg", ".config"];
    for f in files {
        fs::write(user.join(f), format!("contenu de {f}")).unwrap();
    }
    for args in [
        &["index", "--index", "mes documents"][..],
        &["index", "--full", "--index", "mes documents"],
        &["search", "--index", "mes documents", "Koursk"],
    ] {
        let r = run(tmp.path(), args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("'mes documents' is not a fouille index"),
            "{}",
            r.stderr
        );
        assert!(r.stderr.contains("--index"), "{}", r.stderr);
    }
    for f in files {
        assert_eq!(
            fs::read_to_string(user.join(f)).unwrap(),
            format!("contenu de {f}")
        );
    }
    let names: Vec<String> = fs::read_dir(&user)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into())
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");
}

// ---------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------

fn odd_queries() -> Vec<String> {
    let mut v: Vec<String> = [
        "\u{0}",
        "\u{7}\u{1b}[31mKoursk\u{1b}[0m",
        "Kou\u{0}rsk",
        "soldats\u{200b}nord",
        "🇰🇵 🚀 soldats 👍🏽",
        "👨‍👩‍👧‍👦",
        "كوريا الشمالية",
        "צפון קוריאה",
        "\u{202e}Koursk\u{202c}",
        "+",
        "-",
        "OR",
        "+ - OR",
        "OR OR OR",
        "a OR",
        "OR b",
        "\"",
        "\"\"",
        "« »",
        "«Koursk",
        "Koursk»",
        "\"troupes du",
        "“",
        "„Kiev“",
        "title:",
        "title:\"\"",
        "title:-",
        "+title:Corée",
        "-title:Corée",
        ":",
        "::",
        "-:",
        "+-+-",
        "--Koursk",
        "http://exemple.fr/a",
        "12:30",
        "é\u{301}",
        "\u{fffd}",
        "ﬁnances",
        "ǅ",
        "İstanbul",
        "ß",
        "𝕂𝕠𝕦𝕣𝕤𝕜",
    ]
    .map(String::from)
    .to_vec();
    v.push("soldats ".repeat(1250)); // 10 000 characters
    v.push("x".repeat(10_000));
    v.push("\"".to_string() + &"guerre ".repeat(1400) + "\"");
    v.push("-a ".repeat(3000));
    v.push("é".repeat(5000));
    v
}

#[test]
fn odd_queries_through_the_library_never_panic() {
    let engine = common::engine();
    let limits = [0usize, 1, 10, 1_000_000_000, usize::MAX];
    for q in odd_queries() {
        for &limit in &limits {
            for per_article in [None, Some(0), Some(1), Some(usize::MAX)] {
                let options = SearchOptions {
                    limit,
                    per_article,
                    highlight: true,
                    ..SearchOptions::default()
                };
                match engine.search(&q, &options) {
                    Ok(r) => {
                        // (`limit: 0` may return hits: see the ignored test below.)
                        assert!(r.hits.len() <= limit.max(1).min(r.total_hits));
                        for h in &r.hits {
                            for [s, e] in &h.highlights {
                                assert!(
                                    s < e
                                        && *e <= h.text.len()
                                        && h.text.is_char_boundary(*s)
                                        && h.text.is_char_boundary(*e)
                                );
                            }
                        }
                    }
                    Err(SearchError::Query(_)) => {}
                    Err(e) => panic!("query {q:?}: unexpected error {e}"),
                }
            }
        }
    }
}

#[test]
fn query_errors_through_the_library() {
    let engine = common::engine();
    let o = SearchOptions::default();
    for q in ["", " ", "\t\n\r", "\u{0}\u{7}", "\u{a0}\u{3000}"] {
        assert!(
            matches!(
                engine.search(q, &o),
                Err(SearchError::Query(QueryError::Empty))
            ),
            "{q:?}"
        );
    }
    assert!(matches!(
        engine.search("auteur:Kim", &o),
        Err(SearchError::Query(QueryError::UnknownField { .. }))
    ));
    // A URL is not a field.
    assert!(engine.search("https://www.rfi.fr", &o).is_ok());
    let r = engine
        .search(
            "Koursk",
            &SearchOptions {
                limit: 0,
                ..o.clone()
            },
        )
        .unwrap();
    assert_eq!((r.total_hits, r.hits.len()), (1, 0));
    let r = engine
        .search(
            "Koursk",
            &SearchOptions {
                limit: 1_000_000_000,
                ..o
            },
        )
        .unwrap();
    assert_eq!(r.hits.len(), 1);
}

#[test]
fn limit_zero_returns_no_hits_even_with_a_note() {
    let engine = common::engine();
    let options = SearchOptions {
        limit: 0,
        ..SearchOptions::default()
    };
    let r = engine.search("\"Koursk", &options).unwrap();
    assert_eq!(r.total_hits, 1);
    assert!(r.hits.is_empty(), "{} hits for limit 0", r.hits.len());
}

#[test]
fn odd_queries_through_the_cli_have_documented_exit_codes() {
    let (tmp, _) = built();
    let t = tmp.path();
    let code = |args: &[&str]| {
        let r = run(t, args);
        assert!(!r.stderr.contains("panicked"), "{args:?}: {}", r.stderr);
        (r.code, r)
    };
    // Usage errors: 2, one line naming what to do.
    for q in ["", "   ", "\u{7}", "auteur:Kim", "AUTEUR:\"Kim Jong\""] {
        let (c, r) = code(&["search", q]);
        assert_eq!(c, 2, "{q:?}: {}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "{q:?}: {}", r.stderr);
    }
    for args in [
        &["search"][..],
        &["search", "--limit", "-1", "x"],
        &["search", "--limit", "1e99", "x"],
        &["search", "--limit", "99999999999999999999999", "x"],
        &["search", "--bogus", "x"],
        &["frobnicate"],
    ] {
        assert_eq!(code(args).0, 2, "{args:?}");
    }
    // Success, also with no hits, with odd limits and odd queries.
    for limit in ["0", "1", "1000000000"] {
        let (c, r) = code(&["search", "--json", "--limit", limit, "Koursk"]);
        assert_eq!(c, 0, "{}", r.stderr);
        assert_eq!(r.json()["total_hits"], 1);
    }
    // (A NUL byte cannot be passed in a command-line argument.)
    for q in odd_queries().into_iter().filter(|q| !q.contains('\0')) {
        let (c, r) = code(&["search", "--json", &q]);
        assert!(c == 0 || c == 2, "{q:?}: exit {c}: {}", r.stderr);
        if c == 0 {
            r.json();
        }
        let (c2, _) = code(&["search", &q]);
        assert_eq!(c, c2);
    }
    let (c, r) = code(&["search", "zzzzintrouvable"]);
    assert_eq!(c, 0);
    assert!(r.stdout.contains("no passage matches"), "{}", r.stdout);
}
