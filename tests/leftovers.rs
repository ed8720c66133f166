//! Leftovers of many sites: fixture articles in `tests/fixtures/sites/`, each with a
//! sidecar `.leftovers` listing its leftover lines (written for these tests, modelled on
//! the kinds of leftovers real French news pages carry). Counts leftover lines kept and
//! content lines dropped; checks the sample corpus loses no content, the heading rules,
//! repetition across articles, user rules and the linear parse of heading-like lines.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use fouille::corpus::{
    Article, Dropped, Leftovers, Reason, Templates, UserRules, discover, explain_article,
    explain_article_with, load, parse_article,
};

fn sites_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites")
}

struct Fixture {
    name: String,
    text: String,
    leftovers: HashSet<String>,
}

fn fixtures() -> Vec<Fixture> {
    let mut names: Vec<PathBuf> = fs::read_dir(sites_dir())
        .expect("fixtures folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|path| {
            let text = fs::read_to_string(&path).expect("fixture text");
            let sidecar = fs::read_to_string(path.with_extension("leftovers")).expect("sidecar");
            let leftovers: HashSet<String> = sidecar
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect();
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            for line in &leftovers {
                assert!(
                    text.lines().any(|l| l.trim() == line),
                    "{name}: sidecar line not in the article: {line}"
                );
            }
            Fixture {
                name,
                text,
                leftovers,
            }
        })
        .collect()
}

/// The non-blank lines of the body (after the title line).
fn body_lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .skip(1)
        .collect()
}

/// Whether `line` made it into a passage (as text or heading).
fn kept(article: &Article, line: &str) -> bool {
    article
        .passages
        .iter()
        .any(|p| p.text.contains(line) || p.heading.as_deref().is_some_and(|h| h.contains(line)))
}

#[derive(Default, Debug)]
struct Tally {
    leftover_lines: usize,
    leftovers_kept: Vec<String>,
    content_lines: usize,
    content_dropped: Vec<String>,
}

fn tally() -> Tally {
    let mut t = Tally::default();
    let all = fixtures();
    assert!(all.len() >= 16, "fixtures of at least 16 sites");
    for f in &all {
        let (article, dropped) = explain_article(&f.name, &f.text);
        for line in body_lines(&f.text) {
            let is_kept = kept(&article, line);
            let is_dropped = dropped.iter().any(|d| d.text.contains(line));
            assert!(
                is_kept != is_dropped,
                "{}: line neither kept nor dropped, or both: {line}",
                f.name
            );
            if f.leftovers.contains(line) {
                t.leftover_lines += 1;
                if is_kept {
                    t.leftovers_kept.push(format!("{}: {line}", f.name));
                }
            } else {
                t.content_lines += 1;
                if is_dropped {
                    t.content_dropped.push(format!("{}: {line}", f.name));
                }
            }
        }
    }
    t
}

#[test]
fn fixture_leftovers_are_dropped_and_content_kept() {
    let t = tally();
    eprintln!(
        "leftover lines kept: {}/{} ({:.1} %), content lines dropped: {}/{} ({:.1} %)",
        t.leftovers_kept.len(),
        t.leftover_lines,
        100.0 * t.leftovers_kept.len() as f64 / t.leftover_lines as f64,
        t.content_dropped.len(),
        t.content_lines,
        100.0 * t.content_dropped.len() as f64 / t.content_lines as f64,
    );
    assert!(
        t.content_dropped.is_empty(),
        "content dropped: {:#?}",
        t.content_dropped
    );
    assert!(
        t.leftovers_kept.is_empty(),
        "leftovers kept: {:#?}",
        t.leftovers_kept
    );
    assert!(t.leftover_lines >= 90 && t.content_lines >= 45, "{t:?}");
}

#[test]
fn every_dropped_line_has_a_reason_and_its_line_number() {
    for f in fixtures() {
        let (_, dropped) = explain_article(&f.name, &f.text);
        let lines: Vec<&str> = f.text.lines().collect();
        for d in &dropped {
            let at = lines[d.line as usize - 1].trim();
            assert!(
                d.text.starts_with(at),
                "{}: line {} is {at:?}, not {:?}",
                f.name,
                d.line,
                d.text
            );
            assert!(!d.reason.to_string().is_empty());
        }
    }
}

#[test]
fn the_sample_corpus_keeps_every_content_passage() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let found = discover(&root).expect("corpus");
    let mut dropped_leftovers = Vec::new();
    for file in &found.files {
        let text = fs::read_to_string(&file.path).expect("utf-8 sample");
        let (article, dropped) = explain_article(&file.rel, &text);
        assert_eq!(article, load(file).expect("load").article);
        for d in dropped {
            dropped_leftovers.push(format!("{}:{} [{}] {}", file.rel, d.line, d.reason, d.text));
        }
    }
    // Every line the sample corpus loses, by reason: all are page leftovers or metadata.
    let expected_reasons = [
        "rule `lire aussi`",
        "rule `a lire aussi`",
        "rule `related articles`",
        "rule `cookies (en)`",
        "rule `scroll to comments`",
        "rule `lone byline`",
        "rule `google news`",
        "rule `next teaser`",
        "rule `comment count`",
        "rule `members only`",
        "rule `already a member`",
        "rule `not yet a member`",
        "rule `report comment`",
        "rule `close button`",
        "rule `report an error`",
        "rule `error acknowledgement`",
        "repeats the title",
        "source line",
    ];
    for d in &dropped_leftovers {
        assert!(
            expected_reasons
                .iter()
                .any(|r| d.contains(&format!("[{r}]"))),
            "unexpected drop in the sample corpus: {d}"
        );
    }
    let counts: Vec<usize> = found
        .files
        .iter()
        .map(|f| load(f).expect("load").article.passages.len())
        .collect();
    assert_eq!(counts, [18, 22, 7, 7, 5]);
}

#[test]
fn a_short_real_heading_heads_the_next_paragraph_but_a_byline_never_does() {
    let text = "Titre de l'article\n\
        Le premier paragraphe raconte ce qui s'est passé hier soir à Kiev.\n\
        Escalade majeure\n\
        Le deuxième paragraphe explique pourquoi la situation inquiète les alliés.\n\
        Par Jean Dupont\n\
        Le troisième paragraphe donne la parole aux habitants du quartier.\n\
        12 mars 2024\n\
        Photo : Agence Exemple\n\
        Partager\n\
        Le dernier paragraphe conclut sur les négociations à venir.";
    let (a, dropped) = explain_article("a.txt", text);
    let got: Vec<(Option<&str>, String)> = a
        .passages
        .iter()
        .map(|p| {
            (
                p.heading.as_deref(),
                p.text.chars().take(12).collect::<String>(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (None, "Le premier p".to_string()),
            (Some("Escalade majeure"), "Le deuxième ".to_string()),
            (None, "Le troisième".to_string()),
            (None, "Le dernier p".to_string()),
        ]
    );
    let reasons: Vec<Reason> = dropped.iter().map(|d| d.reason).collect();
    assert_eq!(
        reasons,
        [
            Reason::Byline,
            Reason::Date,
            Reason::Credit,
            Reason::Rule("share")
        ]
    );
}

#[test]
fn glued_and_quoted_teasers() {
    let text = "Titre\n\
        Un paragraphe de contenu qui se termine bien.\n\
        Lire aussiRussie : la mobilisation continue\n\
        > À lire aussi : la chronologie du conflit\n\
        Un autre paragraphe de contenu qui se termine bien.";
    let (a, dropped) = explain_article("a.txt", text);
    assert_eq!(a.passages.len(), 2);
    assert_eq!(dropped.len(), 2);
    assert!(
        dropped
            .iter()
            .all(|d| d.reason == Reason::Teaser || matches!(d.reason, Reason::Rule(_)))
    );
}

/// Three articles of one site sharing a section label and a footer, and an agency
/// paragraph reprinted by two of them and by an article of another site.
fn site_articles() -> Vec<(String, String)> {
    let agency =
        "Le gouvernement a confirmé mardi la hausse du budget de la défense pour l'an prochain.";
    (1..=4)
        .map(|i| {
            let shared = if i == 3 {
                "Une phrase bien à elle, pour cet article-ci."
            } else {
                agency
            };
            let text = format!(
                "Titre {i}\n\
                 Le paragraphe propre à l'article numéro {i} raconte autre chose que les autres.\n\
                 Les Échos du Plateau\n\
                 {shared}\n\
                 Une seconde phrase différente pour l'article {i}, qui se termine normalement.\n\
                 La Gazette du Plateau, votre journal depuis 1921.\n\
                 Source : https://{}/article-{i}",
                if i == 4 { "autre.fr" } else { "www.plateau.fr" }
            );
            (format!("a{i}.txt"), text)
        })
        .collect()
}

#[test]
fn a_line_repeated_in_three_articles_is_template() {
    let mut folder = Leftovers::default();
    let parsed: Vec<Article> = site_articles()
        .iter()
        .map(|(path, text)| parse_article(path, text))
        .collect();
    assert_eq!(
        parsed[0].passages[1].heading.as_deref(),
        Some("Les Échos du Plateau")
    );
    for a in &parsed {
        folder.templates.learn(a);
    }
    for (path, text) in site_articles() {
        let (a, dropped) = explain_article_with(&path, &text, &folder);
        let texts: Vec<&str> = a.passages.iter().map(|p| p.text.as_str()).collect();
        // Not prose, in four articles of the folder: template, even as a heading.
        assert!(a.passages.iter().all(|p| p.heading.is_none()), "{path}");
        assert!(dropped.iter().any(|d| d.text == "Les Échos du Plateau"
            && matches!(d.reason, Reason::Template { articles: 3.. })));
        // Prose in three articles of one site: template; in the other site's article,
        // seen once there, it stays.
        let footer = texts.iter().any(|t| t.starts_with("La Gazette du Plateau"));
        assert_eq!(footer, path == "a4.txt", "{path}: {texts:?}");
        // Prose reprinted by three articles, at most two of one site: content.
        if path != "a3.txt" {
            assert!(
                texts
                    .iter()
                    .any(|t| t.starts_with("Le gouvernement a confirmé")),
                "{path}"
            );
        }
        let numbers: Vec<u32> = a.passages.iter().map(|p| p.no).collect();
        assert_eq!(numbers, (1..=a.passages.len() as u32).collect::<Vec<_>>());
    }
    // Two articles only: nothing is template.
    let mut two = Templates::default();
    for a in &parsed[..2] {
        two.learn(a);
    }
    let mut a = parsed[0].clone();
    assert!(two.strip(&mut a).is_empty());
}

#[test]
fn template_counts_survive_a_save_and_tell_what_to_redo() {
    let dir = tempfile::tempdir().expect("tempdir");
    let parsed: Vec<Article> = site_articles()
        .iter()
        .map(|(path, text)| parse_article(path, text))
        .collect();
    let mut t = Templates::default();
    t.learn(&parsed[0]);
    t.learn(&parsed[1]);
    t.save(dir.path()).expect("save");

    // A later run: the third article makes the footer template, so the first two,
    // indexed with it, must be indexed again; the third saw the count already.
    let mut t = Templates::load(dir.path());
    t.learn(&parsed[2]);
    assert_eq!(t.to_redo(), ["a1.txt", "a2.txt"]);
    let mut a = parsed[0].clone();
    assert!(!t.strip(&mut a).is_empty());

    // Removing it again un-templates the footer: those two need indexing again too.
    t.save(dir.path()).expect("save");
    let mut t = Templates::load(dir.path());
    t.forget("a3.txt");
    assert_eq!(t.to_redo(), ["a1.txt", "a2.txt"]);

    // A damaged file starts empty rather than failing.
    fs::write(
        dir.path().join(fouille::corpus::TEMPLATES_FILE),
        b"FTPL\x01\0\0\0\x05",
    )
    .expect("write");
    assert!(Templates::load(dir.path()).to_redo().is_empty());
}

#[test]
fn user_rules_drop_their_lines() {
    let rules = UserRules::parse(
        "# règles du site\nLes Échos du Plateau\nprefix: La Gazette du Plateau\n",
        Path::new("boilerplate.txt"),
    )
    .expect("rules");
    let folder = Leftovers {
        rules,
        templates: Templates::default(),
    };
    let (path, text) = &site_articles()[0];
    let (a, dropped) = explain_article_with(path, text, &folder);
    assert!(a.passages.iter().all(|p| !p.text.contains("Plateau")));
    let user: Vec<&Dropped> = dropped
        .iter()
        .filter(|d| matches!(d.reason, Reason::User { .. }))
        .collect();
    assert_eq!(user.len(), 2);
    assert_eq!(user[0].reason.to_string(), "boilerplate.txt line 2");
    assert_eq!(user[1].reason.to_string(), "boilerplate.txt line 3");
}

#[test]
fn a_bad_user_rule_is_a_one_line_error_naming_file_and_line() {
    let err = UserRules::parse("ok\n\nre: [unclosed\n", Path::new("/x/boilerplate.txt"))
        .expect_err("bad regex");
    let msg = err.to_string();
    assert!(msg.contains("'/x/boilerplate.txt' line 3"), "{msg}");
    assert!(!msg.contains('\n'));
}

/// Issue 9.7: many short capitalised lines parse in linear time, heading chains stay
/// short and no line is lost.
#[test]
fn many_heading_like_lines_parse_linearly_without_losing_text() {
    let mut text = String::from("Liste des communes\n");
    for i in 0..40_000 {
        text.push_str(&format!("Commune Numéro {i}\n"));
        if i % 1000 == 999 {
            text.push_str("Un paragraphe de prose qui se termine par un point.\n");
        }
    }
    let started = std::time::Instant::now();
    let a = parse_article("liste.txt", &text);
    eprintln!("40k heading-like lines parsed in {:?}", started.elapsed());
    let chains = a
        .passages
        .iter()
        .filter_map(|p| p.heading.as_deref())
        .map(|h| h.split(" — ").count());
    assert!(chains.clone().all(|n| n <= 3));
    // Every line is in a passage, as text or heading: a long list is not a leftover.
    let mut seen = 0;
    for p in &a.passages {
        seen += 1 + p.heading.as_deref().map_or(0, |h| h.split(" — ").count());
    }
    assert_eq!(seen, 40_000 + 40);
    // A match on one commune lands on that commune's own passage.
    let p = a
        .passages
        .iter()
        .find(|p| p.text == "Commune Numéro 20500")
        .expect("its own passage");
    assert_eq!(&text[p.start..p.end], "Commune Numéro 20500");
}

/// An article of the same site with a template line between its paragraphs.
fn plateau_article(i: usize) -> String {
    format!(
        "Nouvelles du plateau, numéro {i}\n\
         Le conseil municipal numéro {i} a voté le budget des écoles après un long débat.\n\
         Les travaux de la route {i} commenceront au printemps, selon le maire.\n\
         retrouvez les Échos du Plateau chaque jeudi\n\
         La fête du village {i} aura lieu le premier dimanche de juillet, comme chaque année.\n\
         Source : https://www.plateau.fr/article-{i}\n"
    )
}

#[test]
fn refresh_counts_repetition_across_runs_and_reindexes_the_first_articles() {
    use fouille::index::{self, RefreshOptions};
    use fouille::search::{Engine, SearchOptions};
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("corpus");
    let index_dir = tmp.path().join("index");
    fs::create_dir_all(&corpus).expect("corpus dir");
    let options = RefreshOptions {
        full: false,
        threads: 1,
        memory_budget: 20 * 1024 * 1024,
    };
    let refresh = || index::refresh(&corpus, &index_dir, &options, &mut |_| {}).expect("refresh");
    let hits = |q: &str| {
        Engine::open(&index_dir)
            .expect("open")
            .search(q, &SearchOptions::default())
            .expect("search")
            .total_hits
    };
    for i in 1..=2 {
        fs::write(corpus.join(format!("a{i}.txt")), plateau_article(i)).expect("write");
    }
    assert_eq!(refresh().passages, 8);
    assert_eq!(hits("jeudi"), 2);

    // The third article makes the line template: it goes from all three, in this run.
    fs::write(corpus.join("a3.txt"), plateau_article(3)).expect("write");
    let report = refresh();
    assert_eq!((report.added, report.passages), (1, 9));
    assert_eq!(hits("jeudi"), 0);
    assert!(index_dir.join(fouille::corpus::TEMPLATES_FILE).is_file());

    // Nothing changed: nothing redone, counts kept.
    let report = refresh();
    assert_eq!((report.unchanged, report.passages), (3, 9));

    // Back to two: the line is content again.
    fs::remove_file(corpus.join("a3.txt")).expect("remove");
    assert_eq!(refresh().passages, 8);
    assert_eq!(hits("jeudi"), 2);
}
