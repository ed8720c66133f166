//! Incremental indexing: a refresh adds, updates and removes exactly the right passages,
//! gives the same results as a full rebuild, and does not re-index touched-but-unchanged
//! files. (Correctness only: nothing here is timed.)

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use fouille::index::{self, RefreshOptions, Report};
use fouille::search::{Engine, SearchOptions};

fn options(full: bool) -> RefreshOptions {
    RefreshOptions {
        full,
        threads: 1,
        memory_budget: 20 * 1024 * 1024,
    }
}

fn refresh(corpus: &Path, index_dir: &Path) -> Report {
    index::refresh(corpus, index_dir, &options(false), &mut |_| {}).expect("refresh")
}

fn rebuild(corpus: &Path, index_dir: &Path) -> Report {
    index::refresh(corpus, index_dir, &options(true), &mut |_| {}).expect("full rebuild")
}

/// A temporary copy of `corpus/` plus `extra` generated articles under `gen/`.
fn corpus_copy(extra: usize) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let corpus = tmp.path().join("corpus");
    fs::create_dir_all(corpus.join("gen")).unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for e in fs::read_dir(&repo).unwrap().flatten() {
        if e.path().extension().is_some_and(|x| x == "txt") {
            fs::copy(e.path(), corpus.join(e.file_name())).unwrap();
        }
    }
    for i in 0..extra {
        write_article(&corpus, i, &article(i, "première version"));
    }
    (tmp, corpus)
}

/// A generated article: a title and three passages, with a word unique to it
/// (`zorglub{i}x`) in its second passage and `tag` in its third.
fn article(i: usize, tag: &str) -> String {
    format!(
        "Article numéro {i} sur les carottes\n\
         Les carottes du potager numéro {i} poussent lentement au printemps, quand la pluie \
         revient enfin sur les collines après un long hiver.\n\
         Le mot zorglub{i}x n'apparaît que dans cet article, avec des navets et des poireaux \
         que le jardinier arrose chaque matin avant de partir.\n\
         Ce passage est la {tag} de l'article {i}, écrite pour vérifier l'indexation \
         incrémentale des passages modifiés.\n"
    )
}

fn write_article(corpus: &Path, i: usize, text: &str) {
    fs::write(corpus.join("gen").join(format!("art{i:03}.txt")), text).unwrap();
}

/// Make a file's mtime differ from the manifest's even on coarse file systems.
fn bump_mtime(path: &Path) {
    let f = fs::File::options().write(true).open(path).unwrap();
    f.set_modified(SystemTime::now() + Duration::from_secs(5))
        .unwrap();
}

fn search(index_dir: &Path, query: &str) -> Vec<(String, u64, f32)> {
    let engine = Engine::open(index_dir).expect("open");
    let options = SearchOptions {
        limit: 50,
        per_article: None,
        highlight: false,
        ..SearchOptions::default()
    };
    engine
        .search(query, &options)
        .expect("search")
        .hits
        .into_iter()
        .map(|h| (h.doc, h.passage, h.score))
        .collect()
}

/// Scores equal up to the drift of BM25 statistics (well under one point; the thousands
/// count matched query words and must agree).
fn close(a: f32, b: f32) -> bool {
    (a - b).abs() <= 1.0
}

fn docs_of(index_dir: &Path, query: &str) -> Vec<String> {
    let mut docs: Vec<String> = search(index_dir, query)
        .into_iter()
        .map(|(d, _, _)| d)
        .collect();
    docs.sort();
    docs.dedup();
    docs
}

#[test]
fn adds_updates_and_removes_exactly_the_right_passages() {
    let (tmp, corpus) = corpus_copy(20);
    let idx = tmp.path().join("index");
    let first = refresh(&corpus, &idx);
    assert_eq!(
        (first.added, first.updated, first.removed, first.unchanged),
        (25, 0, 0, 0)
    );
    assert_eq!(first.articles, 25);
    let passages = first.passages;
    assert_eq!(Engine::open(&idx).unwrap().num_passages(), passages);
    assert_eq!(docs_of(&idx, "zorglub3x"), vec!["gen/art003.txt"]);

    // Nothing changed: nothing to do.
    let again = refresh(&corpus, &idx);
    assert_eq!(
        (again.added, again.updated, again.removed, again.unchanged),
        (0, 0, 0, 25)
    );
    assert_eq!(again.passages, passages);

    // Add two, change one (one passage more), remove one.
    write_article(&corpus, 100, &article(100, "nouvelle"));
    write_article(&corpus, 101, &article(101, "nouvelle"));
    let changed = article(5, "seconde version") + "Un passage ajouté sur les rutabagas.\n";
    write_article(&corpus, 5, &changed);
    bump_mtime(&corpus.join("gen/art005.txt"));
    fs::remove_file(corpus.join("gen/art007.txt")).unwrap();
    let r = refresh(&corpus, &idx);
    assert_eq!((r.added, r.updated, r.removed, r.unchanged), (2, 1, 1, 23));
    assert_eq!(r.articles, 26);
    // +3 +3 for the new ones, +1 for the longer one, -3 for the removed one.
    assert_eq!(r.passages, passages + 4);
    assert_eq!(Engine::open(&idx).unwrap().num_passages(), passages + 4);

    assert_eq!(docs_of(&idx, "zorglub100x"), vec!["gen/art100.txt"]);
    assert_eq!(docs_of(&idx, "zorglub101x"), vec!["gen/art101.txt"]);
    assert!(
        docs_of(&idx, "zorglub7x").is_empty(),
        "removed article still found"
    );
    assert_eq!(docs_of(&idx, "rutabagas"), vec!["gen/art005.txt"]);
    // The old version of the changed article is gone, the new one is there once.
    let v5: Vec<_> = search(&idx, "\"seconde version\"")
        .into_iter()
        .filter(|h| h.0 == "gen/art005.txt")
        .collect();
    assert_eq!(v5.len(), 1);
    assert!(
        search(&idx, "\"première version\"")
            .iter()
            .all(|h| h.0 != "gen/art005.txt")
    );
    assert_eq!(search(&idx, "\"première version\"").len(), 18);
    // The real articles were left alone.
    assert!(!docs_of(&idx, "Koursk").is_empty());
}

#[test]
fn incremental_results_equal_a_full_rebuild() {
    let (tmp, corpus) = corpus_copy(12);
    let inc = tmp.path().join("incremental");
    refresh(&corpus, &inc);
    // A series of edits, each followed by an incremental refresh.
    write_article(&corpus, 50, &article(50, "ajoutée"));
    refresh(&corpus, &inc);
    write_article(&corpus, 2, &article(2, "réécrite avec des soldats"));
    bump_mtime(&corpus.join("gen/art002.txt"));
    fs::remove_file(corpus.join("gen/art009.txt")).unwrap();
    refresh(&corpus, &inc);
    let real = fs::read_dir(&corpus)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "txt"))
        .unwrap();
    let mut text = fs::read_to_string(&real).unwrap();
    text.push_str("Un paragraphe final ajouté sur les soldats et les carottes de Koursk.\n");
    fs::write(&real, text).unwrap();
    bump_mtime(&real);
    let last = refresh(&corpus, &inc);
    assert_eq!(last.updated, 1);

    let full = tmp.path().join("full");
    rebuild(&corpus, &full);
    assert_eq!(
        Engine::open(&inc).unwrap().num_passages(),
        Engine::open(&full).unwrap().num_passages()
    );
    for q in [
        "soldats",
        "carottes",
        "Koursk",
        "carottes navets",
        "\"troupes du génie\"",
        "Corée du Nord soldats Russie",
        "+carottes soldats",
        "zorglub9x",
        "zorglub50x",
    ] {
        let mut a = search(&inc, q);
        let mut b = search(&full, q);
        assert_eq!(a.len(), b.len(), "hit count differs for {q}");
        // The same ranking up to ties: scores in the same descending sequence...
        for (x, y) in a.iter().zip(&b) {
            // BM25 statistics count deleted documents until segments merge: allow for it.
            assert!(
                close(x.2, y.2),
                "rank scores differ for {q}: {x:?} vs {y:?}"
            );
        }
        // ...and the same passages with the same scores (tied passages may swap places).
        a.sort_by(|x, y| (&x.0, x.1).cmp(&(&y.0, y.1)));
        b.sort_by(|x, y| (&x.0, x.1).cmp(&(&y.0, y.1)));
        for (x, y) in a.iter().zip(&b) {
            assert_eq!((&x.0, x.1), (&y.0, y.1), "different passages for {q}");
            assert!(close(x.2, y.2), "score differs for {q}: {x:?} vs {y:?}");
        }
    }
}

#[test]
fn touching_without_changing_rehashes_but_does_not_reindex() {
    let (tmp, corpus) = corpus_copy(5);
    let idx = tmp.path().join("index");
    let first = refresh(&corpus, &idx);
    let path = corpus.join("gen/art001.txt");
    bump_mtime(&path);
    let r = refresh(&corpus, &idx);
    assert_eq!((r.added, r.updated, r.removed), (0, 0, 0));
    assert_eq!(r.unchanged, first.articles);
    assert_eq!(r.bytes, 0, "a touched file was re-analysed");
    assert_eq!(r.passages, first.passages);
    assert_eq!(docs_of(&idx, "zorglub1x"), vec!["gen/art001.txt"]);
    // The manifest learnt the new mtime: the next refresh does not even hash it.
    let plan = index::plan(&corpus, &index::open(&idx).unwrap().manifest).unwrap();
    assert!(
        plan.is_empty(),
        "touched file still looks changed: {:?}",
        plan.changed
    );
}

#[test]
fn segments_stay_few_over_many_small_updates() {
    let (tmp, corpus) = corpus_copy(0);
    let idx = tmp.path().join("index");
    refresh(&corpus, &idx);
    let mut most = 0;
    for i in 0..60 {
        write_article(&corpus, i, &article(i, "seule version"));
        let report = refresh(&corpus, &idx);
        assert_eq!(report.added, 1);
        let segments = index::open(&idx)
            .unwrap()
            .index
            .searchable_segment_ids()
            .unwrap()
            .len();
        assert_eq!(report.segments, segments);
        assert!(report.summary().contains(&format!("; {segments} segment")));
        most = most.max(segments);
    }
    // Merges are waited for: far fewer segments than commits.
    assert!(most <= 12, "{most} segments after 60 updates");
    let files = fs::read_dir(&idx).unwrap().count();
    eprintln!("60 updates: at most {most} segments, {files} files in the end");
}
