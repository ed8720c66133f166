//! The command line as a user meets it: every command and flag, exit codes, output shape,
//! JSON fields. Runs the real binary on copies of the real corpus.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use common::{copy_corpus, fouille};
use serde_json::Value;

/// A copy of the corpus, indexed once for the read-only tests of this file.
fn shared() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_corpus(dir.path());
        let out = run(dir.path(), &["index"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        dir
    })
    .path()
}

/// `fouille ARGS` in `dir`, isolated from the user's own fouille.toml.
fn run(dir: &Path, args: &[&str]) -> Output {
    fouille(dir)
        .args(args)
        .env("XDG_CONFIG_HOME", dir.join("no-such-config"))
        .output()
        .expect("run fouille")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Run, expect exit 0, return stdout.
fn ok(dir: &Path, args: &[&str]) -> String {
    let o = run(dir, args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{args:?}\nstdout: {}\nstderr: {}",
        stdout(&o),
        stderr(&o)
    );
    stdout(&o)
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let out = ok(dir, args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: bad JSON ({e}): {out}"))
}

#[test]
fn version_names_the_index_format() {
    let out = ok(shared(), &["--version"]);
    assert_eq!(
        out.trim(),
        format!(
            "fouille {} (index format {})",
            env!("CARGO_PKG_VERSION"),
            fouille::index::SCHEMA_VERSION
        )
    );
}

#[test]
fn completions_generate_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = ok(shared(), &["completions", shell]);
        for word in ["fouille", "search", "analyze", "files-with-matches"] {
            assert!(out.contains(word), "{shell} completions lack {word}");
        }
    }
    assert_eq!(
        run(shared(), &["completions", "tcsh"]).status.code(),
        Some(2)
    );
}

#[test]
fn man_page_generates() {
    let out = ok(shared(), &["man"]);
    assert!(
        out.contains(".TH fouille 1"),
        "{}",
        &out[..200.min(out.len())]
    );
    for word in ["search", "\\-\\-color", "export", "fouille.toml"] {
        assert!(out.contains(word), "man page lacks {word}");
    }
}

#[test]
fn color_flag_and_no_color() {
    let dir = shared();
    // common::fouille sets NO_COLOR: no colour, plain marks.
    let plain = ok(dir, &["search", "génie"]);
    assert!(!plain.contains('\x1b'));
    assert!(plain.contains("⟦génie⟧"), "{plain}");
    let never = ok(dir, &["search", "génie", "--color", "never"]);
    assert_eq!(
        never.replace(char::is_numeric, ""),
        plain.replace(char::is_numeric, "")
    );
    // `always` wins over NO_COLOR, as in ripgrep.
    let always = ok(dir, &["search", "génie", "--color", "always"]);
    assert!(always.contains("\x1b[1;31mgénie\x1b[0m"), "{always}");
    assert!(!always.contains('⟦'));
    let bad = run(dir, &["search", "génie", "--color", "sometimes"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn passages_wrap_at_word_boundaries_to_the_width() {
    let dir = shared();
    let wide = ok(dir, &["search", "soldats", "--width", "0", "-n", "3"]);
    let narrow = ok(dir, &["search", "soldats", "--width", "48", "-n", "3"]);
    for line in narrow.lines() {
        assert!(line.chars().count() <= 48, "too wide: {line:?}");
    }
    assert!(narrow.lines().count() > wide.lines().count() + 6);
    // Same words in the same order: nothing cut mid-word, nothing lost.
    let words = |s: &str| {
        // Past the header line (it holds the time taken).
        s.lines()
            .skip(1)
            .flat_map(str::split_whitespace)
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(words(&narrow), words(&wide));
    assert!(wide.lines().any(|l| l.chars().count() > 120));
}

/// On a real terminal (a pty from util-linux `script`, essential on Debian): wrapped to its
/// width, coloured unless NO_COLOR.
#[test]
fn on_a_terminal_wraps_to_its_width_and_colours() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: no `script` command to run fouille on a pty");
        return;
    }
    let dir = shared();
    let bin = env!("CARGO_BIN_EXE_fouille");
    let on_pty = |no_color: bool| {
        let mut cmd = std::process::Command::new("script");
        cmd.current_dir(dir)
            .args([
                "-qec",
                &format!("stty cols 50 rows 20; {bin} search Koursk"),
                "/dev/null",
            ])
            .env("XDG_CONFIG_HOME", dir.join("no-config"))
            .env_remove("NO_COLOR");
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        let out = cmd.output().expect("run script");
        assert!(out.status.success(), "{out:?}");
        stdout(&out).replace('\r', "")
    };
    let plain = on_pty(true);
    assert!(!plain.contains('\x1b'), "{plain}");
    assert!(plain.contains("⟦Koursk⟧"));
    let lines: Vec<&str> = plain.lines().filter(|l| !l.is_empty()).collect();
    assert!(lines.len() > 6, "{plain}");
    for l in &lines {
        assert!(l.chars().count() <= 50, "wider than the terminal: {l:?}");
    }
    let coloured = on_pty(false);
    assert!(coloured.contains("\x1b[1;31mKoursk\x1b[0m"), "{coloured}");
}

/// A corpus whose article text and file name carry terminal escapes and bidi overrides.
fn hostile_corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    std::fs::write(
        corpus.join("evil\x1b[2Jname.txt"),
        "Titre \x1b]0;pwned\x07 piégé\n\nLe zébu \x1b[31mrouge\x1b[0m traverse \u{202e}la steppe\u{202c} en \x08silence.\n",
    )
    .expect("write");
    dir
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let dir = hostile_corpus();
    for color in ["never", "always"] {
        for args in [
            vec!["search", "zébu", "--color", color],
            vec!["search", "zébu", "-l", "--color", color],
            vec!["list", "--color", color],
            vec!["show", "evil", "--color", color],
            vec!["search", "zébu", "-C", "1", "--color", color],
        ] {
            let out = ok(dir.path(), &args);
            // Only fouille's own colour sequences may remain.
            let mut rest = out.clone();
            for sgr in ["\x1b[1;31m", "\x1b[0m", "\x1b[1m", "\x1b[2m", "\x1b[35m"] {
                rest = rest.replace(sgr, "");
            }
            assert!(!rest.contains('\x1b'), "{args:?}: {rest:?}");
            assert!(!rest.contains('\x07') && !rest.contains('\x08'), "{args:?}");
            assert!(!rest.contains('\u{202e}'), "{args:?}");
            assert!(rest.contains("zébu") || args.contains(&"-l") || args[0] != "search");
        }
    }
    // JSON keeps the text as it is (escaped by JSON itself).
    let j = json(dir.path(), &["search", "zébu", "--json"]);
    assert!(j["hits"][0]["text"].as_str().unwrap_or("").contains('\x1b'));
}

/// 1-based line of byte `at` in `bytes`.
fn line_of(bytes: &[u8], at: usize) -> u64 {
    bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1
}

#[test]
fn a_hit_from_a_relaxed_tier_says_which_words_it_lacks() {
    let dir = shared();
    let j = json(dir, &["search", "Koursk chars", "--json", "-n", "5"]);
    let text = ok(dir, &["search", "Koursk chars", "-n", "5"]);
    let hits = j["hits"].as_array().expect("hits");
    let relaxed: Vec<&Value> = hits
        .iter()
        .filter(|h| h["missing"].as_array().is_some_and(|m| !m.is_empty()))
        .collect();
    assert!(!relaxed.is_empty(), "{j}");
    for h in relaxed {
        let lacks: Vec<&str> = h["missing"]
            .as_array()
            .map(|m| m.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let line = format!(
            "{}:{} ¶{}",
            h["doc"].as_str().unwrap_or_default(),
            h["line"],
            h["passage"]
        );
        let shown = text
            .lines()
            .find(|l| l.contains(&line))
            .unwrap_or_else(|| panic!("{line} in {text}"));
        assert!(
            shown.contains(&format!("lacks: {}", lacks.join(", "))),
            "{shown}"
        );
    }
    // A hit with every word says nothing of the kind.
    let full = ok(dir, &["search", "Koursk", "-n", "1"]);
    assert!(!full.contains("lacks:"), "{full}");
}

#[test]
fn each_hit_shows_path_line_where_its_passage_starts() {
    let dir = shared();
    for query in ["troupes du génie", "Koursk", "céréales énergie", "Otan"] {
        let j = json(dir, &["search", query, "--json", "-n", "5"]);
        let text = ok(dir, &["search", query, "-n", "5"]);
        let hits = j["hits"].as_array().expect("hits");
        assert!(!hits.is_empty(), "{query}");
        for hit in hits {
            let doc = hit["doc"].as_str().unwrap_or_default();
            let line = hit["line"].as_u64().unwrap_or_default();
            let start = hit["start"].as_u64().unwrap_or_default() as usize;
            let bytes = std::fs::read(dir.join("corpus").join(doc)).expect("read article");
            assert_eq!(line_of(&bytes, start), line, "{query}: {doc}");
            // The line holds the passage's first words.
            let file_line = String::from_utf8_lossy(&bytes)
                .lines()
                .nth(line as usize - 1)
                .unwrap_or_default()
                .to_string();
            let first: String = hit["text"]
                .as_str()
                .unwrap_or_default()
                .chars()
                .take(20)
                .collect();
            assert!(
                file_line.contains(&first),
                "{query}: {file_line:?} vs {first:?}"
            );
            let place = format!("corpus/{doc}:{line} ¶{}", hit["passage"]);
            assert!(text.contains(&place), "{query}: no {place} in\n{text}");
        }
    }
}

#[test]
fn path_line_holds_with_crlf_bom_and_blank_lines() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(corpus.join("sous dossier")).expect("mkdir");
    let text = "\u{feff}Le titre du jour\r\n\r\n\r\nPremier paragraphe sur les dromadaires.\r\n\r\nSecond paragraphe: les chameaux de Bactriane.\r\n";
    std::fs::write(corpus.join("sous dossier/b.txt"), text).expect("write");
    let j = json(dir.path(), &["search", "chameaux", "--json"]);
    let hit = &j["hits"][0];
    assert_eq!(hit["doc"], "sous dossier/b.txt");
    assert_eq!(hit["line"], 6);
    let out = ok(dir.path(), &["search", "dromadaires"]);
    assert!(out.contains("corpus/sous dossier/b.txt:4 ¶1"), "{out}");
}

/// Every passage of every article, whatever its format: `line` is where `start` is.
#[test]
fn every_passage_line_is_where_its_bytes_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = copy_corpus(dir.path());
    std::fs::write(
        corpus.join("crlf.txt"),
        "Titre\r\n\r\nUne ligne coupée\r\nau milieu de sa phrase.\r\n\r\n\r\nSuite du texte ici.\r\n",
    )
    .expect("write");
    // Other formats of real folders: checked too wherever this build reads them.
    std::fs::write(
        corpus.join("page.md"),
        "# Le titre\n\nPremier paragraphe du billet.\n\n## Section\n\nSecond paragraphe, plus loin.\n",
    )
    .expect("write");
    std::fs::write(
        corpus.join("page.html"),
        "<html><head><title>Titre</title></head>\n<body>\n<p>Un paragraphe\nsur deux lignes.</p>\n\n<p>Un autre.</p>\n</body></html>\n",
    )
    .expect("write");
    let out = ok(dir.path(), &["export", "--jsonl"]);
    let mut docs = std::collections::BTreeSet::new();
    for l in out.lines() {
        let p: Value = serde_json::from_str(l).expect("json line");
        let doc = p["doc"].as_str().unwrap_or_default();
        let bytes = std::fs::read(corpus.join(doc)).expect("read");
        let start = p["start"].as_u64().unwrap_or(0) as usize;
        assert_eq!(p["line"].as_u64(), Some(line_of(&bytes, start)), "{l}");
        docs.insert(doc.to_string());
    }
    assert!(docs.contains("crlf.txt") && docs.len() >= 6, "{docs:?}");
}

#[test]
fn json_highlights_in_bytes_and_in_characters() {
    let j = json(shared(), &["search", "génie armée", "--json", "-n", "5"]);
    let mut checked = 0;
    for hit in j["hits"].as_array().expect("hits") {
        let text = hit["text"].as_str().unwrap_or_default();
        let chars: Vec<char> = text.chars().collect();
        let bytes = hit["highlights"].as_array().expect("highlights");
        let in_chars = hit["highlights_chars"]
            .as_array()
            .expect("highlights_chars");
        assert_eq!(bytes.len(), in_chars.len());
        for (b, c) in bytes.iter().zip(in_chars) {
            let (bs, be) = (b[0].as_u64().unwrap_or(0), b[1].as_u64().unwrap_or(0));
            let (cs, ce) = (c[0].as_u64().unwrap_or(0), c[1].as_u64().unwrap_or(0));
            let by_bytes = &text[bs as usize..be as usize];
            let by_chars: String = chars[cs as usize..ce as usize].iter().collect();
            assert_eq!(by_bytes, by_chars);
            checked += 1;
        }
        assert!(hit["line"].as_u64().is_some_and(|l| l >= 1));
    }
    // Accented matches make the two differ somewhere.
    assert!(checked >= 3);
    let first = &j["hits"][0];
    assert_ne!(first["highlights"], first["highlights_chars"]);
}

#[test]
fn list_shows_every_article() {
    let dir = shared();
    let out = ok(dir, &["list"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5, "{out}");
    for l in &lines {
        let cols: Vec<&str> = l.split('\t').collect();
        assert_eq!(cols.len(), 5, "{l}");
        assert!(cols[0].starts_with("corpus/0") && cols[0].ends_with(".txt"));
        assert!(cols[3].parse::<u32>().is_ok_and(|n| n > 0), "{l}");
        assert!(!cols[4].is_empty());
    }
    assert!(lines[2].contains("La Corée du Nord va-t-elle envoyer des soldats"));
    let j = json(dir, &["list", "--json"]);
    let articles = j["articles"].as_array().expect("articles");
    assert_eq!(articles.len(), 5);
    let total: u64 = articles
        .iter()
        .map(|a| a["passages"].as_u64().unwrap_or(0))
        .sum();
    let stats = json(dir, &["stats", "--json"]);
    assert_eq!(stats["passages"].as_u64(), Some(total));
    assert_eq!(articles[0]["doc"], "000_725a85727f30f04b.txt");
    assert_eq!(articles[0]["site"], "www.hngn.com");
    for key in ["title", "date", "site", "source", "passages"] {
        assert!(articles[0].get(key).is_some(), "{key}");
    }
}

#[test]
fn stats_tell_size_segments_refresh_and_skipped_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = copy_corpus(dir.path());
    std::fs::write(
        corpus.join("image.txt"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
    )
    .expect("write");
    std::fs::write(corpus.join("rapport.pdf"), b"%PDF-1.4\n").expect("write");
    let j = json(dir.path(), &["stats", "--json"]);
    assert_eq!(j["articles"], 5);
    assert_eq!(j["format"], fouille::index::SCHEMA_VERSION);
    assert!(j["index_bytes"].as_u64().is_some_and(|b| b > 10_000));
    assert!(j["segments"].as_u64().is_some_and(|s| s >= 1));
    let refreshed = j["last_refresh"].as_str().unwrap_or_default();
    assert!(
        refreshed.len() == 20 && refreshed.ends_with('Z'),
        "{refreshed}"
    );
    let skipped = j["skipped"].as_array().expect("skipped");
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    let reason = |file: &str| {
        skipped
            .iter()
            .find(|s| s["file"] == file)
            .and_then(|s| s["reason"].as_str())
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        reason("image.txt").starts_with("not a text file"),
        "{skipped:?}"
    );
    assert_eq!(reason("rapport.pdf"), "PDF not supported");
    assert_eq!(j["skipped_by_reason"]["PDF not supported"], 1);
    let text = ok(dir.path(), &["stats"]);
    assert!(text.contains("articles   5"), "{text}");
    assert!(text.contains("skipped    2 file(s)"), "{text}");
    assert!(text.contains("image.txt"), "{text}");
    assert!(!text.contains("0.0 MB"), "{text}");
}

#[test]
fn show_prints_an_article_as_indexed() {
    let dir = shared();
    let out = ok(dir, &["show", "002"]);
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("La Corée du Nord va-t-elle envoyer des soldats au front pour la Russie ?")
    );
    assert!(
        out.contains("¶1 corpus/002_219692dc95d182a7.txt:3"),
        "{out}"
    );
    assert!(out.contains("« troupes du génie »"));
    let j = json(
        dir,
        &["show", "corpus/002_219692dc95d182a7.txt:7", "--json"],
    );
    assert_eq!(j["doc"], "002_219692dc95d182a7.txt");
    let passages = j["passages"].as_array().expect("passages");
    let numbers: Vec<u64> = passages
        .iter()
        .map(|p| p["passage"].as_u64().unwrap_or(0))
        .collect();
    assert_eq!(numbers, (1..=numbers.len() as u64).collect::<Vec<_>>());
    for key in ["line", "start", "end", "text"] {
        assert!(passages[0].get(key).is_some(), "{key}");
    }
    let missing = run(dir, &["show", "nulle-part.txt"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("fouille list"),
        "{}",
        stderr(&missing)
    );
    let ambiguous = run(dir, &["show", "00"]);
    assert_eq!(ambiguous.status.code(), Some(1));
    assert!(stderr(&ambiguous).contains("names 5 articles"));
    assert_eq!(stderr(&ambiguous).lines().count(), 1);
}

#[test]
fn show_all_lists_every_line_left_out_and_why() {
    let dir = shared();
    let j = json(dir, &["show", "002", "--all", "--json"]);
    let dropped = j["dropped"].as_array().expect("dropped");
    assert_eq!(dropped[0]["line"], 1);
    assert_eq!(dropped[0]["reason"], "title");
    let reason_of = |start: &str| {
        dropped
            .iter()
            .find(|d| d["text"].as_str().is_some_and(|t| t.starts_with(start)))
            .map(|d| d["reason"].as_str().unwrap_or_default().to_string())
    };
    // The corpus reader's own reason, for a .txt article.
    assert_eq!(
        reason_of("A LIRE AUSSI").as_deref(),
        Some("leftover of the web page: rule `a lire aussi`")
    );
    assert_eq!(
        reason_of("Livraison d’armes").as_deref(),
        Some("heading of ¶5")
    );
    // Every non-blank line of the file is in a passage or listed.
    let bytes = std::fs::read(dir.join("corpus/002_219692dc95d182a7.txt")).expect("read");
    let spans: Vec<(u64, u64)> = j["passages"]
        .as_array()
        .expect("passages")
        .iter()
        .map(|p| {
            let (s, e) = (
                p["start"].as_u64().unwrap_or(0),
                p["end"].as_u64().unwrap_or(0),
            );
            (line_of(&bytes, s as usize), line_of(&bytes, e as usize))
        })
        .collect();
    let listed: Vec<u64> = dropped.iter().filter_map(|d| d["line"].as_u64()).collect();
    for (i, line) in String::from_utf8_lossy(&bytes).lines().enumerate() {
        let no = i as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let inside = spans.iter().any(|&(s, e)| s <= no && no <= e);
        assert!(inside != listed.contains(&no), "line {no}: {line}");
    }
    let text = ok(dir, &["show", "002", "--all"]);
    assert!(text.contains("not in a passage: corpus/002_219692dc95d182a7.txt:1 — title"));
    assert!(
        json(dir, &["show", "002", "--json"])
            .get("dropped")
            .is_none()
    );
}

#[test]
fn analyze_shows_tokens_as_indexed_and_as_queried_without_an_index() {
    let empty = tempfile::tempdir().expect("temp dir");
    let j = json(
        empty.path(),
        &["analyze", "--json", "L’armée", "à", "Kursk"],
    );
    let indexed: Vec<&str> = j["indexed"]
        .as_array()
        .expect("indexed")
        .iter()
        .filter_map(|t| t["term"].as_str())
        .collect();
    assert_eq!(indexed, ["arme", "kursk"]);
    assert_eq!(j["indexed_exact"][0]["term"], "armée");
    assert_eq!(j["indexed"][0]["start"], 4);
    assert_eq!(j["queried"][0]["typed"], "L’armée");
    assert_eq!(j["queried"][1]["typed"], "Kursk");
    assert_eq!(j["queried"][1]["synonyms"][0][0], "koursk");
    let text = ok(empty.path(), &["analyze", "100 000 soldats"]);
    assert!(text.contains("100000"), "{text}");
    assert!(text.contains("indexed") && text.contains("queried"));
    assert!(!empty.path().join("index").exists());
}

#[test]
fn count_and_files_with_matches_like_rg() {
    let dir = shared();
    let out = ok(dir, &["search", "soldats", "--count"]);
    let mut sum = 0;
    for line in out.lines() {
        let (path, n) = line.rsplit_once(':').expect("path:count");
        assert!(
            path.starts_with("corpus/") && path.ends_with(".txt"),
            "{line}"
        );
        sum += n.parse::<usize>().expect("count");
    }
    let total = json(dir, &["search", "soldats", "--json", "-n", "0"])["total_hits"]
        .as_u64()
        .unwrap_or(0) as usize;
    assert_eq!(sum, total);
    let top = json(dir, &["search", "soldats", "--json", "-n", "1"]);
    let files = ok(dir, &["search", "soldats", "-l"]);
    let files: Vec<&str> = files.lines().collect();
    assert_eq!(files.len(), out.lines().count());
    assert_eq!(
        files[0],
        format!(
            "corpus/{}",
            top["hits"][0]["doc"].as_str().unwrap_or_default()
        )
    );
    let j = json(dir, &["search", "soldats", "-c", "--json"]);
    assert_eq!(j["articles"].as_array().map(Vec::len), Some(files.len()));
    assert_eq!(
        run(dir, &["search", "soldats", "-c", "-l"]).status.code(),
        Some(2)
    );
}

#[test]
fn offset_pages_through_hits() {
    let dir = shared();
    let all = json(dir, &["search", "soldats", "--json", "-n", "5"]);
    let page = json(
        dir,
        &["search", "soldats", "--json", "-n", "3", "--offset", "2"],
    );
    let docs = |v: &Value| -> Vec<(String, u64)> {
        v["hits"]
            .as_array()
            .map(|h| {
                h.iter()
                    .map(|h| (h["doc"].to_string(), h["passage"].as_u64().unwrap_or(0)))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(docs(&page), docs(&all)[2..]);
}

#[test]
fn context_shows_neighbouring_passages() {
    let dir = shared();
    let j = json(dir, &["search", "Koursk", "--json", "-C", "1"]);
    let hit = &j["hits"][0];
    let no = hit["passage"].as_u64().unwrap_or(0);
    let around: Vec<u64> = hit["context"]
        .as_array()
        .expect("context")
        .iter()
        .map(|p| p["passage"].as_u64().unwrap_or(0))
        .collect();
    assert_eq!(around, [no - 1, no + 1]);
    assert_eq!(hit["context"][0]["doc"], hit["doc"]);
    let text = ok(dir, &["search", "Koursk", "-C", "1"]);
    let before = text.find("(context)").unwrap_or(usize::MAX);
    let marked = text.find("⟦Koursk⟧").unwrap_or(0);
    assert!(before < marked, "{text}");
    assert_eq!(text.matches("(context)").count(), 2, "{text}");
    // Without -C there is no context field.
    let plain = json(dir, &["search", "Koursk", "--json"]);
    assert!(plain["hits"][0].get("context").is_none());
}

#[test]
fn fouille_toml_sets_defaults_and_flags_win() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = copy_corpus(dir.path());
    std::fs::write(corpus.join("fouille.toml"), "limit = 1\n").expect("write");
    let j = json(dir.path(), &["search", "soldats", "--json"]);
    assert_eq!(j["hits"].as_array().map(Vec::len), Some(1));
    let j = json(dir.path(), &["search", "soldats", "--json", "-n", "3"]);
    assert_eq!(j["hits"].as_array().map(Vec::len), Some(3));

    // The user's config names the corpus and the colour.
    let home = tempfile::tempdir().expect("temp dir");
    let conf = home.path().join("fouille");
    std::fs::create_dir_all(&conf).expect("mkdir");
    let articles: PathBuf = dir.path().join("corpus");
    std::fs::write(
        conf.join("fouille.toml"),
        format!(
            "corpus = {:?}\nindex = \"idx\"\ncolor = \"always\"\n",
            articles.display().to_string()
        ),
    )
    .expect("write");
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let out = fouille(elsewhere.path())
        .args(["search", "Koursk"])
        .env("XDG_CONFIG_HOME", home.path())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("\x1b[1;31mKoursk"), "{text}");
    // limit = 1 from the corpus folder's file still applies.
    assert_eq!(text.matches("¶").count(), 1, "{text}");
    assert!(conf.join("idx").join("meta.json").exists());
    let out = fouille(elsewhere.path())
        .args(["search", "Koursk", "--color", "never"])
        .env("XDG_CONFIG_HOME", home.path())
        .output()
        .expect("run");
    assert!(!stdout(&out).contains('\x1b'));

    // The leftover rules file named in fouille.toml (relative to its folder) drops its
    // lines: the passage about Koursk goes, and comes back when the rule goes.
    std::fs::write(corpus.join("restes.txt"), "re:.*Koursk.*\n").expect("write");
    std::fs::write(corpus.join("fouille.toml"), "leftovers = \"restes.txt\"\n").expect("write");
    let j = json(dir.path(), &["search", "+Koursk", "--json"]);
    let texts = |j: &serde_json::Value| -> Vec<String> {
        j["hits"]
            .as_array()
            .map(|h| h.iter().map(|h| h["text"].to_string()).collect())
            .unwrap_or_default()
    };
    assert!(texts(&j).iter().all(|t| !t.contains("Koursk")), "{j}");
    std::fs::write(corpus.join("fouille.toml"), "limit = 5\n").expect("write");
    let j = json(dir.path(), &["search", "+Koursk", "--json"]);
    assert!(texts(&j).iter().any(|t| t.contains("Koursk")), "{j}");
    // A named file that is missing is said, not silently ignored.
    std::fs::write(corpus.join("fouille.toml"), "leftovers = \"absent.txt\"\n").expect("write");
    let o = run(dir.path(), &["search", "soldats"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("absent.txt") && stderr(&o).contains("does not exist"),
        "{}",
        stderr(&o)
    );

    // A bad file is one line naming it; exit 1.
    std::fs::write(corpus.join("fouille.toml"), "limite = 1\n").expect("write");
    let bad = run(dir.path(), &["search", "soldats"]);
    assert_eq!(bad.status.code(), Some(1));
    let err = stderr(&bad);
    assert!(
        err.contains("corpus/fouille.toml") && err.contains("limite"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn export_jsonl_one_line_per_passage() {
    let dir = shared();
    let out = ok(dir, &["export", "--jsonl"]);
    let stats = json(dir, &["stats", "--json"]);
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(Some(lines.len() as u64), stats["passages"].as_u64());
    let mut ids = std::collections::HashSet::new();
    for p in &lines {
        for key in [
            "id", "doc", "title", "text", "start", "end", "passage", "line", "heading", "date",
            "source",
        ] {
            assert!(p.get(key).is_some(), "{key} missing in {p}");
        }
        assert!(ids.insert(p["id"].to_string()), "duplicate id {}", p["id"]);
        let doc = p["doc"].as_str().unwrap_or_default();
        assert_eq!(p["id"], format!("{doc}:{}", p["passage"]));
        let bytes = std::fs::read(dir.join("corpus").join(doc)).expect("read");
        let (s, e) = (
            p["start"].as_u64().unwrap_or(0) as usize,
            p["end"].as_u64().unwrap_or(0) as usize,
        );
        let span = String::from_utf8_lossy(&bytes[s..e]);
        let squash = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(
            squash(&span),
            squash(p["text"].as_str().unwrap_or_default())
        );
    }
    assert_eq!(lines[0]["id"], "000_725a85727f30f04b.txt:1");
    let file = dir.join("export-test.jsonl");
    let o = run(dir, &["export", "--jsonl", "-o", "export-test.jsonl"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains(&format!("wrote {} passages", lines.len())));
    assert_eq!(std::fs::read_to_string(&file).unwrap_or_default(), out);
    assert_eq!(run(dir, &["export"]).status.code(), Some(2));
}

#[test]
fn the_small_things() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_corpus(dir.path());
    // Sizes in a unit that fits, also when a search builds the index (same summary line).
    let first = run(dir.path(), &["search", "Koursk"]);
    assert!(
        stderr(&first).contains(" KB analysed"),
        "{}",
        stderr(&first)
    );
    assert!(!stderr(&first).contains("0.0 MB"), "{}", stderr(&first));
    let out = ok(dir.path(), &["index", "--full"]);
    assert!(out.starts_with("indexed 5 articles"), "{out}");
    assert!(
        out.contains(" KB analysed") && out.contains(" segment"),
        "{out}"
    );
    // A query with its own quotes is not quoted again.
    let out = ok(dir.path(), &["search", "\"troupes du génie\""]);
    assert!(out.contains("match \"troupes du génie\" ("), "{out}");
    assert!(!out.contains("\"\""), "{out}");
    // The correction is announced as done, before the results, not asked after them.
    let out = ok(dir.path(), &["search", "Kousk"]);
    assert!(!out.contains("did you mean"), "{out}");
    let note = out.find("corrected query \"Koursk\"").unwrap_or(usize::MAX);
    assert!(note < out.find("⟦Koursk⟧").unwrap_or(0), "{out}");
    // `-n 0` counts without showing, rather than saying nothing matches.
    let out = ok(dir.path(), &["search", "soldats", "-n", "0"]);
    let total = json(dir.path(), &["search", "soldats", "--json", "-n", "0"])["total_hits"].clone();
    assert!(total.as_u64().is_some_and(|n| n > 1));
    let expected = format!("{total} passages match \"soldats\" (0 shown");
    assert!(out.starts_with(&expected), "{out}");
    // One error, said once.
    let bad = run(dir.path(), &["index", "--corpus", "nowhere"]);
    let err = stderr(&bad);
    assert_eq!(err.lines().count(), 1);
    assert_eq!(err.matches("does not exist").count(), 1, "{err}");
    // The I/O cause is inside the message already: not repeated after it.
    let bad = run(
        dir.path(),
        &["search", "soldats", "--synonyms", "absent.txt"],
    );
    assert_eq!(bad.status.code(), Some(1));
    let err = stderr(&bad);
    assert!(err.contains("absent.txt"), "{err}");
    assert_eq!(err.matches("os error").count(), 1, "{err}");
}
