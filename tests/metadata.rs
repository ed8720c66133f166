//! Dates, sources and sites: extraction from the articles, filters (`--since`,
//! `--until`, `site:`), `--sort date`, `--offset`, and what JSON and text output carry.

mod common;

use common::*;
use fouille::corpus::parse_article;

fn article(name: &str) -> fouille::corpus::Article {
    let path = corpus_dir().join(name);
    let text = std::fs::read_to_string(&path).expect("read sample article");
    parse_article(name, &text)
}

#[test]
fn the_five_sample_articles_get_their_dates_right() {
    // 000 says its date only in its source URL (`/20220805/`). The others print no
    // publication date: a caption's date (003: "le 19 juin 2024") and a first sentence
    // opening on an event's date (004: "Le 8 octobre 2024, le ministre…") are not one.
    let expected = [
        (
            "000_725a85727f30f04b.txt",
            Some("2022-08-05"),
            Some("www.hngn.com"),
        ),
        ("001_70a67eb69caeb52c.txt", None, None),
        ("002_219692dc95d182a7.txt", None, None),
        ("003_875a825590cad64c.txt", None, None),
        ("004_882d11a7433771bd.txt", None, None),
    ];
    for (name, date, site) in expected {
        let a = article(name);
        assert_eq!(a.date.as_deref(), date, "{name}");
        assert_eq!(a.site.as_deref(), site, "{name}");
    }
    let a = article("000_725a85727f30f04b.txt");
    assert!(
        a.source_url
            .as_deref()
            .is_some_and(|u| u.contains("/20220805/"))
    );
}

#[test]
fn the_date_line_near_the_top_is_the_date_and_is_not_a_passage() {
    let text = "Un titre\n\nPar Jeanne Martin\nPublié le 8 octobre 2024 à 14h05, mis à jour le 9 octobre 2024 à 08h12\n\n\
        Le 3 octobre 2024, une frappe a touché la ville.\n\nSource : https://www.exemple.fr/2020/01/02/un-titre\n";
    let a = parse_article("a.txt", text);
    assert_eq!(a.date.as_deref(), Some("2024-10-08"));
    assert_eq!(a.site.as_deref(), Some("www.exemple.fr"));
    let texts: Vec<&str> = a.passages.iter().map(|p| p.text.as_str()).collect();
    assert!(
        !texts.iter().any(|t| t.contains("Publié le")),
        "the date line is not content: {texts:?}"
    );
    assert!(texts.contains(&"Le 3 octobre 2024, une frappe a touché la ville."));
}

#[test]
fn html_and_markdown_without_a_date_take_the_one_in_their_url() {
    use fouille::corpus::parse_file;
    let html = "<!DOCTYPE html><html><head><title>Le marché couvert rouvre</title>\
        <link rel=\"canonical\" href=\"https://www.gazette-du-lot.fr/cahors/2023/11/05/marche\">\
        </head><body><article><p>Le marché couvert de Cahors rouvre après deux ans de travaux.</p>\
        </article></body></html>";
    let a = parse_file("marche.html", html);
    assert_eq!(a.date.as_deref(), Some("2023-11-05"));
    assert_eq!(a.site.as_deref(), Some("www.gazette-du-lot.fr"));
    // The format's own date wins over the URL's.
    let md = "---\ntitle: Le marché couvert rouvre\ndate: 2023-11-06\n\
        source: https://www.gazette-du-lot.fr/cahors/2023/11/05/marche\n---\n\n\
        Le marché couvert de Cahors rouvre après deux ans de travaux.\n";
    let a = parse_file("marche.md", md);
    assert_eq!(a.date.as_deref(), Some("2023-11-06"));
    let md = "---\ntitle: Le marché couvert rouvre\n\
        source: https://www.gazette-du-lot.fr/cahors/20231105-marche\n---\n\n\
        Le marché couvert de Cahors rouvre après deux ans de travaux.\n";
    assert_eq!(
        parse_file("marche.md", md).date.as_deref(),
        Some("2023-11-05")
    );
}

#[test]
fn impossible_dates_are_not_dates() {
    let a = parse_article("a.txt", "Titre\n31/02/2024\nUn paragraphe.\n");
    assert_eq!(a.date, None);
    let a = parse_article(
        "a.txt",
        "Titre\nUn paragraphe.\nSource : https://x.fr/2024/02/30/titre\n",
    );
    assert_eq!(a.date, None);
}

#[test]
fn the_sample_article_with_a_dated_source_carries_date_and_site_in_hits() {
    let r = search_with(
        "Corée du Nord",
        &fouille::search::SearchOptions {
            limit: 50,
            ..Default::default()
        },
    );
    let hit = r
        .hits
        .iter()
        .find(|h| h.doc == "000_725a85727f30f04b.txt")
        .expect("a hit in 000");
    assert_eq!(hit.date.as_deref(), Some("2022-08-05"));
    assert_eq!(hit.site.as_deref(), Some("www.hngn.com"));
    assert!(
        hit.source
            .as_deref()
            .is_some_and(|s| s.starts_with("https://www.hngn.com/"))
    );
    let undated = r
        .hits
        .iter()
        .find(|h| h.doc != "000_725a85727f30f04b.txt")
        .expect("a hit elsewhere");
    assert_eq!(undated.date, None);
}

// ---------------------------------------------------------------------------------------
// A small corpus of dated articles from several sites, all about `vendanges`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use fouille::search::{Engine, SearchOptions, SearchResults, SortOrder};

/// (file, date line, source URL, times the article says `vendanges`).
const DATED: &[(&str, Option<&str>, Option<&str>, usize)] = &[
    (
        "lm-2023.txt",
        Some("Publié le 3 janvier 2023 à 09h30"),
        Some("https://www.lemonde.fr/economie/article/vendanges.html"),
        1,
    ),
    (
        "lm-abonnes.txt",
        Some("28/12/2024"),
        Some("https://abonnes.lemonde.fr/a.html"),
        1,
    ),
    (
        "of-url.txt",
        None,
        Some("https://www.ouest-france.fr/actu/2024/06/15/vendanges.html"),
        1,
    ),
    (
        "lm-nowww.txt",
        Some("8 oct. 2024"),
        Some("https://lemonde.fr/a"),
        1,
    ),
    ("notlm.txt", None, Some("https://www.notlemonde.fr/a"), 1),
    ("nosource.txt", None, None, 1),
    (
        "lib-leap.txt",
        Some("2024-02-29"),
        Some("https://www.liberation.fr/a"),
        1,
    ),
    (
        "lib-maj.txt",
        Some("Mis à jour le 1er mars 2024 à 18h00"),
        Some("https://www.liberation.fr/b"),
        1,
    ),
];
/// Articles of May 2022 that say `vendanges` more often: they outrank every 2024 one.
const OLD_ONES: usize = 12;

struct Fixture {
    dir: tempfile::TempDir,
    engine: Engine,
}

fn write_fixture(corpus: &Path) {
    std::fs::create_dir_all(corpus).expect("mkdir corpus");
    let write = |name: &str, date: Option<&str>, source: Option<&str>, times: usize| {
        let mut text = format!("Article {name}\n\n");
        if let Some(d) = date {
            text += &format!("{d}\n\n");
        }
        text += &"Les vendanges ont commencé tôt cette année. ".repeat(times);
        text += &format!("Un récit de la cueillette dans le domaine de {name}.\n");
        if let Some(s) = source {
            text += &format!("\nSource : {s}\n");
        }
        std::fs::write(corpus.join(name), text).expect("write article");
    };
    for &(name, date, source, times) in DATED {
        write(name, date, source, times);
    }
    for i in 1..=OLD_ONES {
        let name = format!("p2022-{i:02}.txt");
        let source = format!("https://www.archives.fr/2022/05/{i:02}/vendanges");
        write(&name, None, Some(&source), 3);
    }
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        write_fixture(&dir.path().join("corpus"));
        build(&dir.path().join("corpus"), &dir.path().join("index"));
        let engine = Engine::open(&dir.path().join("index")).expect("open index");
        Fixture { dir, engine }
    })
}

fn find(query: &str, options: SearchOptions) -> SearchResults {
    fixture()
        .engine
        .search(query, &options)
        .unwrap_or_else(|e| panic!("{query}: {e}"))
}

fn all() -> SearchOptions {
    SearchOptions {
        limit: 100,
        ..SearchOptions::default()
    }
}

fn dated(since: Option<&str>, until: Option<&str>) -> SearchOptions {
    use fouille::search::{period_end, period_start};
    SearchOptions {
        since: since.map(|d| period_start(d).expect("since")),
        until: until.map(|d| period_end(d).expect("until")),
        ..all()
    }
}

/// The articles of the hits, sorted (order-free comparisons).
fn docs(r: &SearchResults) -> Vec<String> {
    let mut d: Vec<String> = r.hits.iter().map(|h| h.doc.clone()).collect();
    d.sort();
    d.dedup();
    d
}

fn names(list: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

#[test]
fn each_kind_of_date_is_read() {
    let r = find("vendanges", all());
    let date_of = |doc: &str| {
        r.hits
            .iter()
            .find(|h| h.doc == doc)
            .unwrap_or_else(|| panic!("no hit in {doc}"))
            .date
            .clone()
    };
    assert_eq!(date_of("lm-2023.txt").as_deref(), Some("2023-01-03"));
    assert_eq!(date_of("lm-abonnes.txt").as_deref(), Some("2024-12-28"));
    assert_eq!(date_of("of-url.txt").as_deref(), Some("2024-06-15"));
    assert_eq!(date_of("lm-nowww.txt").as_deref(), Some("2024-10-08"));
    assert_eq!(date_of("lib-leap.txt").as_deref(), Some("2024-02-29"));
    assert_eq!(date_of("lib-maj.txt").as_deref(), Some("2024-03-01"));
    assert_eq!(date_of("p2022-07.txt").as_deref(), Some("2022-05-07"));
    assert_eq!(date_of("notlm.txt"), None);
    assert_eq!(date_of("nosource.txt"), None);
    // Date lines are not passages: one passage per article, the paragraph.
    assert_eq!(r.total_hits, DATED.len() + OLD_ONES);
}

#[test]
fn since_and_until_take_years_months_and_days_until_inclusive() {
    let r = find("vendanges", dated(Some("2024"), None));
    assert_eq!(
        docs(&r),
        names(&[
            "lm-abonnes.txt",
            "of-url.txt",
            "lm-nowww.txt",
            "lib-leap.txt",
            "lib-maj.txt"
        ])
    );
    let r = find("vendanges", dated(None, Some("2022")));
    assert_eq!(docs(&r).len(), OLD_ONES);
    assert!(r.hits.iter().all(|h| h.doc.starts_with("p2022-")));
    // `--until 2024-02` includes the 29th; `--since 2024-03-01 --until 2024-03-01` one day.
    let r = find("vendanges", dated(Some("2024-02"), Some("2024-02")));
    assert_eq!(docs(&r), names(&["lib-leap.txt"]));
    let r = find("vendanges", dated(Some("2024-03-01"), Some("2024-03-01")));
    assert_eq!(docs(&r), names(&["lib-maj.txt"]));
    let r = find("vendanges", dated(Some("2022-05-11"), Some("2023-01-03")));
    assert_eq!(
        docs(&r),
        names(&["lm-2023.txt", "p2022-11.txt", "p2022-12.txt"])
    );
    let r = find("vendanges", dated(Some("2024-12-29"), None));
    assert!(r.hits.is_empty());
}

#[test]
fn filters_apply_in_the_search_so_the_limit_counts_filtered_hits() {
    // Unfiltered, the 2022 articles fill the top 3 …
    let top3 = SearchOptions {
        limit: 3,
        ..SearchOptions::default()
    };
    let r = find("vendanges", top3.clone());
    assert!(
        r.hits.iter().all(|h| h.doc.starts_with("p2022-")),
        "{:?}",
        docs(&r)
    );
    // … and filtered, 3 hits of 2024 still come, out of the 5 there are.
    let r = find(
        "vendanges",
        SearchOptions {
            limit: 3,
            ..dated(Some("2024"), None)
        },
    );
    assert_eq!(r.hits.len(), 3);
    assert_eq!(r.total_hits, 5);
    assert!(
        r.hits
            .iter()
            .all(|h| h.date.as_deref().is_some_and(|d| d.starts_with("2024")))
    );
    let r = find(
        "vendanges site:liberation.fr",
        SearchOptions {
            limit: 1,
            ..SearchOptions::default()
        },
    );
    assert_eq!(r.hits.len(), 1);
    assert_eq!(r.total_hits, 2);
}

#[test]
fn undated_articles_are_kept_except_under_a_date_filter_with_a_note() {
    let r = find("vendanges", all());
    assert!(docs(&r).contains(&"nosource.txt".to_string()));
    assert!(r.notes.is_empty(), "{:?}", r.notes);
    let r = find("vendanges", dated(Some("2000"), None));
    assert!(!docs(&r).contains(&"nosource.txt".to_string()));
    assert!(!docs(&r).contains(&"notlm.txt".to_string()));
    assert_eq!(
        r.notes,
        ["2 matching articles left out by the date filter: they have no date"]
    );
    // Only the undated articles that match the rest of the query are counted.
    let r = find("vendanges -site:notlemonde.fr", dated(Some("2000"), None));
    assert_eq!(
        r.notes,
        ["1 matching article left out by the date filter: it has no date"]
    );
}

#[test]
fn site_matches_the_host_and_its_subdomains_only() {
    let lemonde = names(&["lm-2023.txt", "lm-abonnes.txt", "lm-nowww.txt"]);
    assert_eq!(docs(&find("vendanges site:lemonde.fr", all())), lemonde);
    assert_eq!(docs(&find("vendanges site:www.lemonde.fr", all())), lemonde);
    assert_eq!(
        docs(&find("vendanges site:LEMONDE.FR/economie", all())),
        lemonde
    );
    assert_eq!(
        docs(&find("vendanges site:abonnes.lemonde.fr", all())),
        names(&["lm-abonnes.txt"])
    );
    let r = find("vendanges -site:lemonde.fr", all());
    assert_eq!(docs(&r).len(), DATED.len() + OLD_ONES - 3);
    assert!(docs(&r).contains(&"notlm.txt".to_string()));
    assert_eq!(
        docs(&find(
            "site:liberation.fr OR site:ouest-france.fr vendanges",
            all()
        )),
        names(&["lib-leap.txt", "lib-maj.txt", "of-url.txt"])
    );
    // A site alone lists that site's passages.
    assert_eq!(
        docs(&find("site:liberation.fr", all())),
        names(&["lib-leap.txt", "lib-maj.txt"])
    );
    // With a date filter.
    assert_eq!(
        docs(&find("site:lemonde.fr", dated(Some("2024"), None))),
        names(&["lm-abonnes.txt", "lm-nowww.txt"])
    );
    assert!(find("vendanges site:figaro.fr", all()).hits.is_empty());
}

#[test]
fn sort_by_date_is_newest_first_then_by_relevance_undated_last() {
    let r = find(
        "vendanges",
        SearchOptions {
            sort: SortOrder::Date,
            ..all()
        },
    );
    assert_eq!(r.hits.len(), DATED.len() + OLD_ONES);
    assert_eq!(r.hits[0].doc, "lm-abonnes.txt");
    assert_eq!(r.hits[1].doc, "lm-nowww.txt");
    let dates: Vec<&str> = r
        .hits
        .iter()
        .map(|h| h.date.as_deref().unwrap_or(""))
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first, undated (\"\") last");
    for pair in r.hits.windows(2) {
        if pair[0].date == pair[1].date {
            assert!(pair[0].score >= pair[1].score, "relevance within a day");
        }
    }
    // The date order does not change what matches.
    assert_eq!(docs(&r), docs(&find("vendanges", all())));
}

#[test]
fn offset_pages_through_the_same_list() {
    for sort in [SortOrder::Relevance, SortOrder::Date] {
        let whole = find("vendanges", SearchOptions { sort, ..all() });
        let mut paged = Vec::new();
        for page in 0..3 {
            let r = find(
                "vendanges",
                SearchOptions {
                    sort,
                    limit: 7,
                    offset: page * 7,
                    ..SearchOptions::default()
                },
            );
            assert_eq!(r.total_hits, whole.total_hits);
            if let Some(first) = r.hits.first() {
                assert_eq!(first.rank, page * 7 + 1, "ranks continue across pages");
            }
            paged.extend(r.hits);
        }
        let ids = |hits: &[fouille::search::Hit]| -> Vec<(String, u64, usize)> {
            hits.iter()
                .map(|h| (h.doc.clone(), h.passage, h.rank))
                .collect()
        };
        assert_eq!(ids(&paged), ids(&whole.hits), "{sort:?}");
    }
    let past = find(
        "vendanges",
        SearchOptions {
            offset: 1000,
            ..SearchOptions::default()
        },
    );
    assert!(past.hits.is_empty());
    assert_eq!(past.total_hits, DATED.len() + OLD_ONES);
}

// ---------------------------------------------------------------------------------------
// The command line: JSON fields, the hit line, flags and their errors.

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn cli(args: &[&str]) -> Run {
    let dir: PathBuf = fixture().dir.path().to_path_buf();
    let mut all_args = vec!["search", "--corpus", "corpus", "--index", "index"];
    all_args.extend_from_slice(args);
    let out = fouille(&dir).args(&all_args).output().expect("run fouille");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn json_hits_carry_date_source_and_site_when_known() {
    let run = cli(&["vendanges", "--json", "-n", "100"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let hits = v["hits"].as_array().expect("hits");
    let hit = |doc: &str| {
        hits.iter()
            .find(|h| h["doc"] == doc)
            .unwrap_or_else(|| panic!("no hit in {doc}"))
    };
    let h = hit("lm-abonnes.txt");
    assert_eq!(h["date"], "2024-12-28");
    assert_eq!(h["source"], "https://abonnes.lemonde.fr/a.html");
    assert_eq!(h["site"], "abonnes.lemonde.fr");
    let h = hit("notlm.txt");
    assert!(h.get("date").is_none(), "no date key when unknown: {h}");
    assert_eq!(h["site"], "www.notlemonde.fr");
    let h = hit("nosource.txt");
    for key in ["date", "source", "site"] {
        assert!(h.get(key).is_none(), "no {key} key when unknown: {h}");
    }
}

#[test]
fn text_hit_line_shows_date_and_site() {
    let run = cli(&["vendanges", "site:abonnes.lemonde.fr"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("lm-abonnes.txt:")
            && run.stdout.contains("¶1 · 2024-12-28 · abonnes.lemonde.fr"),
        "{}",
        run.stdout
    );
    let run = cli(&[
        "vendanges",
        "--since",
        "2024",
        "--sort",
        "date",
        "-n",
        "2",
        "--offset",
        "1",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(" 2. "), "{}", run.stdout);
    assert!(
        run.stdout.contains("lm-nowww.txt:") && run.stdout.contains("¶1 · 2024-10-08 · lemonde.fr"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("note: 2 matching articles left out"),
        "{}",
        run.stdout
    );
}

#[test]
fn bad_dates_and_filters_are_usage_errors_that_say_what_to_write() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["vendanges", "--since", "hier"],
            "bad date 'hier' for --since: write YYYY, YYYY-MM or YYYY-MM-DD",
        ),
        (
            &["vendanges", "--until", "2024-13"],
            "bad date '2024-13' for --until",
        ),
        (
            &["vendanges", "--since", "2023-02-29"],
            "no such day '2023-02-29' for --since: the month has 28 days",
        ),
        (
            &["vendanges", "--since", "2024", "--until", "2023"],
            "--since 2024-01-01 is after --until 2023-12-31",
        ),
        (&["vendanges", "--sort", "hasard"], "invalid value 'hasard'"),
        (&["vendanges site:le_monde!"], "is not a site"),
    ];
    for (args, message) in cases {
        let run = cli(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?}");
    }
}
