//! The corpus layer on the real articles of `corpus/` and on awkward temporary files.

use std::fs;
use std::path::{Path, PathBuf};

use fouille::corpus::{
    Article, CorpusError, CorpusFile, Loaded, discover, hash_bytes, load, parse_article,
};
use proptest::prelude::*;

fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

fn load_all() -> Vec<(CorpusFile, Loaded)> {
    let found = discover(&corpus_root()).expect("corpus folder");
    assert!(found.warnings.is_empty(), "{:?}", found.warnings);
    found
        .files
        .into_iter()
        .map(|f| {
            let loaded = load(&f).unwrap_or_else(|e| panic!("{e}"));
            (f, loaded)
        })
        .collect()
}

fn article(prefix: &str) -> Article {
    load_all()
        .into_iter()
        .find(|(f, _)| f.rel.starts_with(prefix))
        .map(|(_, l)| l.article)
        .unwrap_or_else(|| panic!("no corpus file {prefix}*"))
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `original[start..end]` is the passage text, up to the whitespace where lines were
/// joined; passages are numbered 1.. and in file order without overlap. (So an attached
/// heading is never inside the span: the span is the text.)
fn assert_offsets(original: &[u8], article: &Article, decode: impl Fn(&[u8]) -> String) {
    let mut previous_end = 0;
    for (i, p) in article.passages.iter().enumerate() {
        assert_eq!(p.no as usize, i + 1, "{}: numbering", article.path);
        assert!(
            previous_end <= p.start && p.start < p.end,
            "{}: order of {}",
            article.path,
            p.no
        );
        assert!(p.end <= original.len());
        let span = decode(&original[p.start..p.end]);
        if span.contains(['\n', '\r']) {
            assert_eq!(
                collapse(&span),
                collapse(&p.text),
                "{} passage {}",
                article.path,
                p.no
            );
        } else {
            assert_eq!(span, p.text, "{} passage {}", article.path, p.no);
        }
        assert_eq!(
            p.text.trim_matches(char::is_whitespace),
            p.text,
            "untrimmed"
        );
        previous_end = p.end;
    }
}

fn utf8(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("span on char boundaries")
}

// ---------------------------------------------------------------------------------
// The real corpus.

#[test]
fn discovers_the_five_articles() {
    let found = discover(&corpus_root()).expect("corpus folder");
    let rels: Vec<&str> = found.files.iter().map(|f| f.rel.as_str()).collect();
    assert_eq!(
        rels,
        [
            "000_725a85727f30f04b.txt",
            "001_70a67eb69caeb52c.txt",
            "002_219692dc95d182a7.txt",
            "003_875a825590cad64c.txt",
            "004_882d11a7433771bd.txt",
        ]
    );
    for f in &found.files {
        let meta = fs::metadata(&f.path).expect("metadata");
        assert_eq!(f.size, meta.len());
        assert!(f.mtime_ns > 0);
    }
}

#[test]
fn titles() {
    let titles: Vec<String> = load_all()
        .into_iter()
        .map(|(_, l)| l.article.title)
        .collect();
    assert_eq!(
        titles,
        [
            "Guerre russo-ukrainienne : la Corée du Nord pourrait aider l’armée de Vladimir Poutine en échange de céréales et d’énergie [RUMEUR]",
            "Poutine, désespéré, est obligé de demander de l’aide à Kim Jong-un – La Corée du Nord offre des renforts.",
            "La Corée du Nord va-t-elle envoyer des soldats au front pour la Russie ?",
            "La Corée du Nord a envoyé en Russie entre 10.000 et 12.000 hommes pour aider Moscou dans sa guerre contre l'Ukraine, une \"escalade majeure\", selon les Occidentaux",
            "La Corée du Nord envoie prétendument des troupes pour soutenir la Russie dans le conflit ukrainien",
        ]
    );
}

#[test]
fn passage_counts() {
    // Pinned so that a change in the line rules is noticed.
    let counts: Vec<usize> = load_all()
        .into_iter()
        .map(|(_, l)| l.article.passages.len())
        .collect();
    assert_eq!(counts, [18, 22, 7, 7, 5]);
}

#[test]
fn title_line_and_its_repeat_are_not_passages() {
    let a = article("001");
    assert!(
        a.passages[0]
            .text
            .starts_with("La nouvelle survient alors que")
    );
    assert!(
        a.passages
            .iter()
            .all(|p| !p.text.contains("Poutine, désespéré"))
    );
    assert!(a.passages.iter().all(|p| p.text != "par"));
    for (_, l) in load_all() {
        assert!(l.article.passages.iter().all(|p| p.text != l.article.title));
    }
}

fn headings(a: &Article) -> Vec<(&str, &str)> {
    a.passages
        .iter()
        .filter_map(|p| p.heading.as_deref().map(|h| (h, p.text.as_str())))
        .collect()
}

#[test]
fn headings_of_001() {
    let a = article("001");
    let got: Vec<(&str, String)> = headings(&a)
        .into_iter()
        .map(|(h, t)| (h, t.chars().take(20).collect()))
        .collect();
    assert_eq!(
        got,
        [
            ("Troupes nord-coréennes", "Le colonel de réserv".to_string()),
            (
                "Constructeurs — Alimentation et énergie",
                "Il a ajouté : “Si le".to_string()
            ),
            (
                "Militaire de la Corée du Nord",
                "Les liens entre la R".to_string()
            ),
            ("Kim Yo-Jong", "Lorsque Poutine a la".to_string()),
        ]
    );
    let heading_lines = ["Troupes nord-coréennes", "Constructeurs", "Kim Yo-Jong"];
    assert!(
        a.passages
            .iter()
            .all(|p| !heading_lines.contains(&p.text.as_str()))
    );
}

#[test]
fn headings_of_002_003_and_000() {
    let a = article("002");
    let h = headings(&a);
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].0, "Livraison d’armes et de missiles");
    assert!(h[0].1.starts_with("Si, pour le moment, le Kremlin nie"));

    // Quotes wrapping a whole heading line are removed.
    let a = article("003");
    let h = headings(&a);
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].0, "Escalade majeure");
    assert!(h[0].1.starts_with("Mark Rutte et de nombreux pays"));

    let a = article("000");
    let h = headings(&a);
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].0, "La Russie n’a “plus d’alliés”");
    assert!(h[0].1.starts_with("Dmytro Kuleba"));

    assert!(headings(&article("004")).is_empty());
}

#[test]
fn broken_line_of_002_is_joined() {
    let root = corpus_root();
    let (file, loaded) = load_all()
        .into_iter()
        .find(|(f, _)| f.rel.starts_with("002"))
        .expect("002");
    let p = loaded
        .article
        .passages
        .iter()
        .find(|p| p.text.contains("Pour Moscou"))
        .expect("joined passage");
    assert!(p.text.starts_with("Mais selon un expert militaire"));
    assert!(
        p.text
            .contains("de Kiev, RBK-Ukraine , Pour Moscou, la reconstruction")
    );
    assert!(p.text.ends_with("prévient Ivan Kirichevskyi."));
    let original = fs::read(root.join(&file.rel)).expect("read");
    let span = utf8(&original[p.start..p.end]);
    assert!(span.contains("RBK-Ukraine\n, Pour Moscou"));
    assert!(
        loaded
            .article
            .passages
            .iter()
            .all(|q| !q.text.starts_with(", Pour"))
    );
}

#[test]
fn web_leftovers_are_dropped() {
    for (_, l) in load_all() {
        for p in &l.article.passages {
            for word in [
                "cookies",
                "Google",
                "commentaire",
                "LIRE AUSSI",
                "Lire aussi",
                "Related Articles",
                "Signaler",
                "membre",
                "NEXT",
                "inexactitude",
                "Faites défiler",
            ] {
                // 000 quotes “membres de l’ONU” / “membre permanent”: real content.
                if word == "membre" && l.article.path.starts_with("000") {
                    continue;
                }
                assert!(
                    !p.text.contains(word),
                    "{}: {word} in {:?}",
                    l.article.path,
                    p.text
                );
            }
            assert!(!["Fermer", "par", "12 commentaires"].contains(&p.text.as_str()));
            assert!(!p.text.trim_matches(|c: char| c.is_whitespace()).is_empty());
        }
    }
}

#[test]
fn source_url_of_000() {
    let all = load_all();
    assert_eq!(
        all[0].1.article.source_url.as_deref(),
        Some(
            "https://www.hngn.com/articles/243672/20220805/russia-ukraine-war-north-korea-vladimir-putin-kim-jong-un.htm"
        )
    );
    assert!(
        all[0]
            .1
            .article
            .passages
            .iter()
            .all(|p| !p.text.starts_with("Source"))
    );
    assert!(all[1..].iter().all(|(_, l)| l.article.source_url.is_none()));
}

#[test]
fn offsets_of_every_passage() {
    for (file, loaded) in load_all() {
        let original = fs::read(&file.path).expect("read");
        assert_eq!(loaded.hash, hash_bytes(&original));
        assert_eq!(loaded.notice, None);
        assert_eq!(loaded.article.path, file.rel);
        assert_offsets(&original, &loaded.article, utf8);
        // `load` and the pure parser agree on BOM-less UTF-8 files.
        let text = String::from_utf8(original).expect("utf-8");
        assert_eq!(parse_article(&file.rel, &text), loaded.article);
    }
}

// ---------------------------------------------------------------------------------
// `load` on awkward files.

fn write(dir: &Path, rel: &str, bytes: &[u8]) -> CorpusFile {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("mkdir");
    }
    fs::write(&path, bytes).expect("write");
    CorpusFile {
        path,
        rel: rel.to_string(),
        size: bytes.len() as u64,
        mtime_ns: 0,
    }
}

const SAMPLE: &str = "Home » MONDE » Un titre – .\n\nUn titre\n\nPremier paragraphe.\n\n\
    Intertitre\nDeuxième paragraphe, sans fin\n, qui continue ici.\n\u{a0}\nLire aussi : ailleurs\n\
    Dernier paragraphe.\nSource : https://exemple.fr/article\n";

fn texts(a: &Article) -> Vec<(Option<&str>, &str)> {
    a.passages
        .iter()
        .map(|p| (p.heading.as_deref(), p.text.as_str()))
        .collect()
}

fn expected_sample() -> Vec<(Option<&'static str>, &'static str)> {
    vec![
        (None, "Premier paragraphe."),
        (
            Some("Intertitre"),
            "Deuxième paragraphe, sans fin , qui continue ici.",
        ),
        (None, "Dernier paragraphe."),
    ]
}

#[test]
fn load_utf8_with_bom() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(SAMPLE.as_bytes());
    let loaded = load(&write(dir.path(), "bom.txt", &bytes)).expect("load");
    assert_eq!(loaded.article.title, "Un titre");
    assert_eq!(
        loaded.article.source_url.as_deref(),
        Some("https://exemple.fr/article")
    );
    assert_eq!(texts(&loaded.article), expected_sample());
    assert_eq!(loaded.notice, None);
    assert_eq!(loaded.hash, hash_bytes(&bytes));
    assert_offsets(&bytes, &loaded.article, utf8);
    assert_eq!(
        loaded.article.passages[0].start,
        SAMPLE.find("Premier").expect("found") + 3
    );
}

#[test]
fn load_crlf() {
    let dir = tempfile::tempdir().expect("tempdir");
    let crlf = SAMPLE.replace('\n', "\r\n");
    let loaded = load(&write(dir.path(), "crlf.txt", crlf.as_bytes())).expect("load");
    assert_eq!(loaded.article.title, "Un titre");
    assert_eq!(texts(&loaded.article), expected_sample());
    assert_offsets(crlf.as_bytes(), &loaded.article, utf8);
    let p = &loaded.article.passages[1];
    assert_eq!(
        &crlf[p.start..p.end],
        "Deuxième paragraphe, sans fin\r\n, qui continue ici."
    );
}

fn windows_1252(bytes: &[u8]) -> String {
    encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(bytes)
        .0
        .into_owned()
}

#[test]
fn load_windows_1252() {
    let dir = tempfile::tempdir().expect("tempdir");
    // "Un été" / "L’œuvre de l’été." / "Élan, cœur." in Windows-1252.
    let bytes = b"Un \xE9t\xE9\r\n\r\nL\x92\x9Cuvre de l\x92\xE9t\xE9.\r\n\xC9lan, c\x9Cur.\r\n";
    let file = write(dir.path(), "dossier/ancien.txt", bytes);
    let loaded = load(&file).expect("load");
    assert_eq!(loaded.article.title, "Un été");
    assert_eq!(
        texts(&loaded.article),
        [(None, "L’œuvre de l’été."), (None, "Élan, cœur.")]
    );
    assert_eq!(
        loaded.notice.as_deref(),
        Some("'dossier/ancien.txt' is not UTF-8: decoded as Windows-1252")
    );
    let p = &loaded.article.passages;
    assert_eq!((p[0].start, p[0].end), (10, 27));
    assert_eq!((p[1].start, p[1].end), (29, 40));
    assert_offsets(bytes, &loaded.article, windows_1252);
}

#[test]
fn load_refuses_binary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "image.txt", b"GIF89a\x00\x01\x02titre\n");
    match load(&file) {
        Err(e @ CorpusError::NotText { .. }) => {
            let msg = e.to_string();
            assert!(msg.contains("image.txt"), "{msg}");
            assert!(msg.contains("NUL"), "{msg}");
        }
        other => panic!("expected NotText, got {other:?}"),
    }
    let file = write(dir.path(), "utf16.txt", b"\xFF\xFET\x00i\x00");
    assert!(matches!(load(&file), Err(CorpusError::NotText { .. })));
}

#[test]
fn load_empty_and_boilerplate_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let loaded = load(&write(dir.path(), "sous dossier/vide.txt", b"")).expect("load");
    assert!(loaded.article.passages.is_empty());
    assert_eq!(loaded.article.title, "vide");
    assert_eq!(loaded.article.source_url, None);

    let loaded = load(&write(dir.path(), "blanc.txt", "\u{a0}\n \r\n".as_bytes())).expect("load");
    assert!(loaded.article.passages.is_empty());
    assert_eq!(loaded.article.title, "blanc");

    let text = "Titre\n\n12 commentaires\nSignaler le commentaire\nFermer\n";
    let loaded = load(&write(dir.path(), "widgets.txt", text.as_bytes())).expect("load");
    assert_eq!(loaded.article.title, "Titre");
    assert!(loaded.article.passages.is_empty());
}

#[test]
fn load_missing_file_names_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "parti.txt", b"x");
    fs::remove_file(&file.path).expect("rm");
    let err = load(&file).expect_err("missing");
    assert!(matches!(err, CorpusError::Unreadable { .. }));
    assert_eq!(
        err.to_string(),
        format!("cannot read '{}': not found", file.path.display())
    );
}

#[cfg(unix)]
#[test]
fn load_unreadable_file_says_permission_denied() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "secret.txt", b"Titre\nTexte.\n");
    fs::set_permissions(&file.path, fs::Permissions::from_mode(0o000)).expect("chmod");
    if fs::read(&file.path).is_ok() {
        return; // running as root: permissions are not enforced
    }
    let err = load(&file).expect_err("unreadable");
    assert_eq!(
        err.to_string(),
        format!("cannot read '{}': permission denied", file.path.display())
    );
}

// ---------------------------------------------------------------------------------
// `discover` on awkward folders.

fn rels(root: &Path) -> Vec<String> {
    discover(root)
        .expect("discover")
        .files
        .into_iter()
        .map(|f| f.rel)
        .collect()
}

#[test]
fn discover_nested_names_and_extensions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(d, "b.txt", b"B");
    write(d, "a/z.TXT", b"Z");
    write(d, "a/sous dossier/été à Paris.txt", b"E");
    write(d, "a/notes.md", b"# Notes");
    write(d, "a/archive.txt.gz", b"ignored");
    write(d, "README", b"ignored");
    write(d, ".cache/x.txt", b"hidden");
    write(d, "a/.brouillon.txt", b"hidden");
    fs::create_dir_all(d.join("vide")).expect("mkdir");
    let found = discover(d).expect("discover");
    assert!(found.warnings.is_empty(), "{:?}", found.warnings);
    let rels: Vec<&str> = found.files.iter().map(|f| f.rel.as_str()).collect();
    assert_eq!(
        rels,
        [
            "a/notes.md",
            "a/sous dossier/été à Paris.txt",
            "a/z.TXT",
            "b.txt"
        ]
    );
    let skipped: Vec<(&str, &str)> = found
        .skipped
        .iter()
        .map(|s| (s.rel.as_str(), s.reason))
        .collect();
    assert_eq!(
        skipped,
        [
            ("README", "unsupported format"),
            ("a/archive.txt.gz", "unsupported format")
        ]
    );
    let f = &found.files[1];
    assert_eq!(
        f.path,
        d.join("a").join("sous dossier").join("été à Paris.txt")
    );
    assert_eq!(f.size, 1);
    let loaded = load(f).expect("load");
    assert_eq!(loaded.article.path, "a/sous dossier/été à Paris.txt");
}

#[test]
fn discover_empty_folder_is_empty_not_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "notes.pdf", b"x");
    let found = discover(dir.path()).expect("discover");
    assert!(found.files.is_empty());
    assert!(found.warnings.is_empty());
    assert_eq!(found.skipped.len(), 1);
}

#[test]
fn discover_missing_root() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("absent");
    let err = discover(&root).expect_err("missing");
    assert!(matches!(err, CorpusError::Missing { .. }));
    assert_eq!(
        err.to_string(),
        format!(
            "corpus folder '{}' does not exist: pass --corpus DIR pointing at a folder of .txt articles",
            root.display()
        )
    );
}

#[test]
fn discover_root_that_is_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "a.txt", b"x");
    let err = discover(&file.path).expect_err("file");
    assert!(matches!(err, CorpusError::NotAFolder { .. }));
    assert!(err.to_string().contains("is a file, not a folder"), "{err}");
}

#[cfg(unix)]
#[test]
fn discover_follows_symlinks_and_survives_loops() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().expect("tempdir");
    let outside = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(d, "a/x.txt", b"X");
    write(outside.path(), "y.txt", b"Y");
    symlink(d, d.join("a/boucle")).expect("symlink");
    symlink(d.join("a"), d.join("a/encore")).expect("symlink");
    symlink(outside.path(), d.join("dehors")).expect("symlink");
    symlink(d.join("a/x.txt"), d.join("lien.txt")).expect("symlink");
    symlink(d.join("absent"), d.join("cassé.txt")).expect("symlink");

    let found = discover(d).expect("discover");
    let rels: Vec<&str> = found.files.iter().map(|f| f.rel.as_str()).collect();
    assert_eq!(rels, ["a/x.txt", "dehors/y.txt", "lien.txt"]);
    assert_eq!(found.warnings.len(), 3, "{:?}", found.warnings);
    assert!(
        found
            .warnings
            .iter()
            .any(|w| w.contains("boucle") && w.contains("symlink loop"))
    );
    assert!(found.warnings.iter().any(|w| w.contains("encore")));
    assert!(found.warnings.iter().any(|w| w.contains("cassé.txt")));
}

#[cfg(unix)]
#[test]
fn discover_unreadable_subfolder_is_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(d, "ok.txt", b"X");
    write(d, "ferme/x.txt", b"X");
    fs::set_permissions(d.join("ferme"), fs::Permissions::from_mode(0o000)).expect("chmod");
    let readable = fs::read_dir(d.join("ferme")).is_ok();
    let found = discover(d).expect("discover");
    fs::set_permissions(d.join("ferme"), fs::Permissions::from_mode(0o755)).expect("chmod");
    if readable {
        return; // running as root: permissions are not enforced
    }
    assert_eq!(rels_of(&found.files), ["ok.txt"]);
    assert_eq!(found.warnings.len(), 1);
    assert!(
        found.warnings[0].contains("permission denied"),
        "{:?}",
        found.warnings
    );
}

fn rels_of(files: &[CorpusFile]) -> Vec<&str> {
    files.iter().map(|f| f.rel.as_str()).collect()
}

#[test]
fn discover_is_sorted_by_rel() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["c.txt", "a/b.txt", "b.txt", "a.txt", "ab/a.txt"] {
        write(dir.path(), name, b"x");
    }
    assert_eq!(
        rels(dir.path()),
        ["a.txt", "a/b.txt", "ab/a.txt", "b.txt", "c.txt"]
    );
}

// ---------------------------------------------------------------------------------
// Properties: offsets hold on arbitrary texts, in both encodings.

fn line_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-zéÉàœ’ ,.;:!?«»\"()\u{a0}\u{202f}-]{0,40}",
        Just("Lire aussi : x".to_string()),
        Just(", suite".to_string()),
        Just("suite en minuscules".to_string()),
        Just("Intertitre".to_string()),
        Just("Source : https://x.fr".to_string()),
        Just("\u{a0}".to_string()),
        Just(String::new()),
    ]
}

fn document_strategy() -> impl Strategy<Value = (Vec<String>, bool, bool)> {
    (
        prop::collection::vec(line_strategy(), 0..12),
        any::<bool>(),
        any::<bool>(),
    )
}

proptest! {
    // No regression files: this crate keeps no proptest-regressions folder.
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn offsets_hold_for_any_utf8_text((lines, crlf, bom) in document_strategy()) {
        let mut text = if bom { "\u{feff}".to_string() } else { String::new() };
        text.push_str(&lines.join(if crlf { "\r\n" } else { "\n" }));
        let a = parse_article("p.txt", &text);
        assert_offsets(text.as_bytes(), &a, utf8);
    }

    #[test]
    fn offsets_hold_for_any_windows_1252_file(
        (lines, crlf, _) in document_strategy(),
        extra in prop::collection::vec(0x80u8..=0xFF, 1..4),
    ) {
        let text = lines.join(if crlf { "\r\n" } else { "\n" });
        let (encoded, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
        let mut bytes = encoded.into_owned();
        // `é` then a space is never valid UTF-8, whatever precedes it.
        bytes.push(b'\n');
        bytes.extend_from_slice(&extra);
        bytes.extend_from_slice(b"\xE9 ");
        let dir = tempfile::tempdir().expect("tempdir");
        let loaded = load(&write(dir.path(), "p.txt", &bytes)).expect("load");
        prop_assert!(loaded.notice.is_some());
        assert_offsets(&bytes, &loaded.article, windows_1252);
    }
}

/// Parsing stays linear on a 100 MB single-line file (`cargo test --release -- --ignored`).
#[test]
#[ignore = "slow in debug builds; run with --release -- --ignored"]
fn hundred_megabyte_single_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let unit = "Home » mot\u{a0}« cité » l’été, ";
    let line = unit.repeat(100_000_000 / unit.len());
    let text = format!("Titre\n{line}\n, suite {line}");
    let file = write(dir.path(), "gros.txt", text.as_bytes());
    let started = std::time::Instant::now();
    let loaded = load(&file).expect("load");
    assert_eq!(loaded.article.passages.len(), 1);
    eprintln!("loaded in {:?}", started.elapsed());

    let mut latin = b"Titre\n".to_vec();
    latin.extend(std::iter::repeat_n(b"\xE9t\xE9 ".as_slice(), 25_000_000).flatten());
    let file = write(dir.path(), "gros1252.txt", &latin);
    let started = std::time::Instant::now();
    let loaded = load(&file).expect("load");
    assert_eq!(loaded.article.passages[0].end, latin.len() - 1);
    eprintln!("loaded in {:?}", started.elapsed());
}
