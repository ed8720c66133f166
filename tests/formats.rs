//! HTML and Markdown articles: metadata, main content without the page's leftovers,
//! spans into the original file, and files of other formats named as skipped.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use fouille::corpus::{Article, parse_file};
use fouille::search::{Engine, SearchOptions};

fn fixture(name: &str) -> PathBuf {
    common::repo().join("tests/fixtures/formats").join(name)
}

fn read_fixture(name: &str) -> String {
    fs::read_to_string(fixture(name)).expect("fixture")
}

fn texts(article: &Article) -> Vec<&str> {
    article.passages.iter().map(|p| p.text.as_str()).collect()
}

/// Words planted in the leftovers of the fixtures (menus, share bars, related links,
/// comments, newsletter, cookie banner, footer, credits, scripts, styles): none may be
/// found in a passage.
const LEFTOVER_WORDS: &[&str] = &[
    "Valparaiso",
    "Samarcande",
    "Kirghizistan",
    "Zoltan",
    "Zanzibar",
    "Tegucigalpa",
    "Ouagadougou",
    "Reykjavik",
    "Bamako",
    "Vladivostok",
    "Tombouctou",
    "Kandahar",
    // potager.htm: site title, menu, byline, share bar, related posts, entry footer,
    // comments, reply form, sidebar widget, site info.
    "Mandalay",
    "Katmandou",
    "Caracas",
    "Asmara",
    "Antananarivo",
    "Paramaribo",
    "Oulan-Bator",
    "Montevideo",
    "Tachkent",
    "Islamabad",
];

fn collapse(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text a reader sees in an HTML fragment: tags removed, the fixture's entities decoded.
fn html_visible(fragment: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in fragment.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = out
        .replace("&nbsp;", " ")
        .replace("&#8217;", "’")
        .replace("&rsquo;", "’")
        .replace("&amp;", "&");
    collapse(&decoded)
}

/// The text a reader sees in a Markdown fragment: emphasis marks and link targets removed.
fn markdown_visible(fragment: &str) -> String {
    let mut out = String::new();
    let mut rest = fragment;
    while let Some(pos) = rest.find("](") {
        let close = rest[pos..].find(')').map_or(rest.len(), |c| pos + c + 1);
        out.push_str(&rest[..pos]);
        rest = &rest[close..];
    }
    out.push_str(rest);
    collapse(&out.replace(['*', '['], ""))
}

#[test]
fn html_page_gives_title_date_source_site_and_only_its_content() {
    let html = read_fixture("tramway.html");
    let a = parse_file("lyon/tramway.html", &html);
    assert_eq!(
        a.title,
        "Le tramway de Vénissieux sera prolongé jusqu’aux Minguettes"
    );
    // article:published_time wins over <time> and JSON-LD.
    assert_eq!(a.date.as_deref(), Some("2024-10-08"));
    // The canonical link wins over og:url.
    assert_eq!(
        a.source_url.as_deref(),
        Some("https://www.echo-du-rhone.fr/lyon/2024/10/08/tramway-venissieux")
    );
    assert_eq!(a.site.as_deref(), Some("www.echo-du-rhone.fr"));

    let got = texts(&a);
    // Exactly the content: no menu, breadcrumb, dateline, share bar, credit, related
    // links, article footer, comments, newsletter, cookie banner or site footer.
    let expected = [
        "La métropole a voté lundi le prolongement de la ligne T4 sur 2,4 kilomètres, avec trois nouvelles stations.",
        "Les travaux commenceront au printemps 2025 et dureront deux ans. Le coût est estimé à 96 millions d’euros, financés à parts égales par la métropole et l’État.",
        "Les habitants du quartier attendent ce tramway depuis quinze ans. « Enfin une liaison directe avec la gare de Part-Dieu », se réjouit une commerçante de la place & du marché.",
        "Station Lénine, près du centre commercial ;",
        "Station Darnaise, au cœur des tours.",
    ];
    assert_eq!(got, expected);
    for p in &a.passages {
        for word in LEFTOVER_WORDS {
            assert!(!p.text.contains(word), "leftover {word} in {:?}", p.text);
        }
        assert!(!p.text.contains(['<', '>']), "markup in {:?}", p.text);
    }
    // The <h1> repeats the title: not a passage; the <h2> heads the next paragraph.
    assert!(
        !got.iter()
            .any(|t| t.starts_with("Le tramway de Vénissieux"))
    );
    let riverains = a
        .passages
        .iter()
        .find(|p| p.text.starts_with("Les habitants"))
        .expect("riverains passage");
    assert_eq!(riverains.heading.as_deref(), Some("Des riverains partagés"));
    assert_eq!(riverains.line, 33);
}

#[test]
fn html_spans_cover_the_text_of_the_element_in_the_file() {
    let html = read_fixture("tramway.html");
    let a = parse_file("tramway.html", &html);
    assert!(a.passages.len() >= 5);
    for p in &a.passages {
        let span = &html[p.start..p.end];
        assert_eq!(html_visible(span), p.text, "span {}..{}", p.start, p.end);
        assert!(!span.starts_with(char::is_whitespace) && !span.ends_with(char::is_whitespace));
    }
    let travaux = a
        .passages
        .iter()
        .find(|p| p.text.starts_with("Les travaux"))
        .expect("travaux passage");
    assert!(html[travaux.start..travaux.end].contains("<strong>dureront deux ans</strong>"));
}

#[test]
fn markdown_article_gives_front_matter_and_plain_text() {
    let md = read_fixture("velo.md");
    let a = parse_file("velo.md", &md);
    assert_eq!(a.title, "La vélorution gagne Grenoble");
    assert_eq!(a.date.as_deref(), Some("2024-06-21"));
    assert_eq!(
        a.source_url.as_deref(),
        Some("https://blog.velo-alpes.fr/2024/06/velorution-grenoble")
    );
    assert_eq!(a.site.as_deref(), Some("blog.velo-alpes.fr"));
    let got: Vec<(Option<&str>, &str)> = a
        .passages
        .iter()
        .map(|p| (p.heading.as_deref(), p.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                None,
                "Depuis l'ouverture des Chronovélo, le trafic cycliste a doublé sur les quais de l'Isère, selon le comptage municipal."
            ),
            (
                Some("Des pistes plus larges"),
                "La ville a élargi quatre axes à 4 mètres : cours Berriat, avenue Alsace-Lorraine, boulevard Gambetta et les quais."
            ),
            (
                None,
                "Les commerçants redoutaient une baisse de fréquentation."
            ),
            (
                None,
                "Elle n'a pas eu lieu, d'après la chambre de commerce."
            ),
            (
                None,
                "« On circule mieux qu'en voiture », résume une infirmière du CHU."
            ),
        ]
    );
    for p in &a.passages {
        let span = &md[p.start..p.end];
        assert_eq!(
            markdown_visible(span),
            p.text,
            "span {}..{}",
            p.start,
            p.end
        );
        assert!(!p.text.contains(['#', '*', '[', ']', '(']), "{:?}", p.text);
    }
    assert_eq!(a.passages[1].line, 18);
}

/// A corpus of the two fixtures plus files fouille does not read.
fn mixed_corpus(root: &Path) -> PathBuf {
    let corpus = root.join("corpus");
    fs::create_dir_all(corpus.join("notes")).expect("mkdir");
    fs::copy(fixture("tramway.html"), corpus.join("tramway.html")).expect("copy");
    fs::copy(fixture("velo.md"), corpus.join("notes/velo.md")).expect("copy");
    fs::copy(fixture("potager.htm"), corpus.join("potager.htm")).expect("copy");
    fs::write(corpus.join("rapport.pdf"), b"%PDF-1.4\n%\xe2\xe3\n").expect("write");
    fs::write(corpus.join("notes/lettre.docx"), b"PK\x03\x04").expect("write");
    fs::write(corpus.join(".brouillon.md"), "# Brouillon\n\nSamarcande.\n").expect("write");
    corpus
}

#[test]
fn html_and_markdown_are_indexed_and_searchable_with_their_metadata() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let corpus = mixed_corpus(tmp.path());
    let index_dir = tmp.path().join("index");
    let report = common::build(&corpus, &index_dir);
    assert_eq!(report.articles, 3, "{report:?}");
    let engine = Engine::open(&index_dir).expect("open");
    let search = |q: &str| engine.search(q, &SearchOptions::default()).expect(q);

    let r = search("Minguettes trois stations");
    let hit = &r.hits[0];
    assert_eq!(hit.doc, "tramway.html");
    assert_eq!(hit.passage, 1);
    assert_eq!(hit.date.as_deref(), Some("2024-10-08"));
    assert_eq!(hit.site.as_deref(), Some("www.echo-du-rhone.fr"));
    assert_eq!(
        hit.source.as_deref(),
        Some("https://www.echo-du-rhone.fr/lyon/2024/10/08/tramway-venissieux")
    );
    let html = fs::read_to_string(corpus.join("tramway.html")).expect("read");
    assert_eq!(
        html_visible(&html[hit.start as usize..hit.end as usize]),
        hit.text
    );

    let r = search("Chronovélo");
    let hit = &r.hits[0];
    assert_eq!(hit.doc, "notes/velo.md");
    assert_eq!(hit.title, "La vélorution gagne Grenoble");
    assert_eq!(hit.date.as_deref(), Some("2024-06-21"));
    assert_eq!(hit.site.as_deref(), Some("blog.velo-alpes.fr"));

    for word in LEFTOVER_WORDS {
        assert_eq!(search(word).total_hits, 0, "leftover {word} came back");
    }
    // Markdown leftovers dropped by the leftover rules, like in a .txt file.
    assert_eq!(search("\"12 commentaires\"").total_hits, 0);
}

#[test]
fn other_formats_are_named_as_skipped_hidden_files_and_index_folders_are_not_walked() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let corpus = mixed_corpus(tmp.path());
    // An index kept inside the corpus folder is not read as articles.
    let index_dir = corpus.join("index");
    let first = common::build(&corpus, &index_dir);
    let rels: Vec<(&str, &str)> = first
        .skipped
        .iter()
        .map(|s| (s.rel.as_str(), s.reason))
        .collect();
    assert_eq!(
        rels,
        [
            ("notes/lettre.docx", "unsupported format"),
            ("rapport.pdf", "PDF not supported"),
        ]
    );
    assert!(
        first.summary().ends_with(
            "; skipped 2 files: notes/lettre.docx (unsupported format), rapport.pdf (PDF not supported)"
        ),
        "{}",
        first.summary()
    );
    let second = common::build(&corpus, &index_dir);
    assert_eq!(second.skipped, first.skipped);
    assert_eq!((second.articles, second.unchanged), (3, 3));
}

#[test]
fn cli_index_summary_names_skipped_files_and_json_carries_metadata() {
    let tmp = tempfile::tempdir().expect("temp dir");
    mixed_corpus(tmp.path());
    let out = common::fouille(tmp.path())
        .args(["index", "--corpus", "corpus", "--index", "idx"])
        .output()
        .expect("run fouille");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let all = format!("{stdout}{stderr}");
    assert_eq!(
        all.matches("rapport.pdf (PDF not supported)").count(),
        1,
        "{all}"
    );
    assert!(!all.contains("brouillon"), "{all}");

    let out = common::fouille(tmp.path())
        .args([
            "search", "--json", "--corpus", "corpus", "--index", "idx", "Darnaise",
        ])
        .output()
        .expect("run fouille");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let hit = &v["hits"][0];
    assert_eq!(hit["doc"], "tramway.html");
    assert_eq!(hit["text"], "Station Darnaise, au cœur des tours.");
    assert_eq!(hit["date"], "2024-10-08");
    assert_eq!(hit["site"], "www.echo-du-rhone.fr");
}

#[test]
fn an_html_page_saved_as_txt_is_read_as_html() {
    let html = read_fixture("tramway.html");
    let as_txt = parse_file("page.txt", &html);
    let as_html = parse_file("page.html", &html);
    assert_eq!(as_txt.title, as_html.title);
    assert_eq!(as_txt.passages, as_html.passages);
    assert!(!as_txt.title.contains("DOCTYPE"));
}

#[test]
fn windows_1252_html_is_decoded_and_spans_point_at_the_file_bytes() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let corpus = tmp.path().join("corpus");
    fs::create_dir_all(&corpus).expect("mkdir");
    let page =
        b"<html><head><meta charset=\"windows-1252\"><title>Caf\xe9s de Li\xe8ge</title></head>\
        <body><p>Les caf\xe9s li\xe9geois ferment \xe0 minuit.</p></body></html>";
    fs::write(corpus.join("liege.htm"), page).expect("write");
    let index_dir = tmp.path().join("index");
    let report = common::build(&corpus, &index_dir);
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("liege.htm") && w.contains("Windows-1252")),
        "{:?}",
        report.warnings
    );
    let engine = Engine::open(&index_dir).expect("open");
    let r = engine
        .search("liégeois minuit", &SearchOptions::default())
        .expect("search");
    let hit = &r.hits[0];
    assert_eq!(hit.title, "Cafés de Liège");
    assert_eq!(hit.text, "Les cafés liégeois ferment à minuit.");
    assert_eq!(
        &page[hit.start as usize..hit.end as usize],
        b"Les caf\xe9s li\xe9geois ferment \xe0 minuit."
    );
}

#[test]
fn a_blog_page_without_article_or_main_gives_its_post_only() {
    let html = read_fixture("potager.htm");
    let a = parse_file("potager.htm", &html);
    // <title> without the site name; the date only in JSON-LD; the source only in og:url.
    assert_eq!(a.title, "Un potager sur les toits de Nantes");
    assert_eq!(a.date.as_deref(), Some("2023-05-17"));
    assert_eq!(
        a.source_url.as_deref(),
        Some("https://carnets-verts.example.org/2023/05/potager-toits-nantes/")
    );
    assert_eq!(a.site.as_deref(), Some("carnets-verts.example.org"));
    let got: Vec<(Option<&str>, &str)> = a
        .passages
        .iter()
        .map(|p| (p.heading.as_deref(), p.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                None,
                "Sur le toit d'un ancien entrepôt de l'île de Nantes, une association cultive 600 mètres carrés de légumes. Tomates, courges et fèves poussent dans 30 centimètres de terreau."
            ),
            (
                Some("Une récolte pour les cantines"),
                "Chaque semaine, 80 kilos partent vers deux écoles du quartier. Le reste est vendu sur place le samedi matin."
            ),
        ]
    );
    for p in &a.passages {
        assert_eq!(html_visible(&html[p.start..p.end]), p.text);
        for word in LEFTOVER_WORDS {
            assert!(!p.text.contains(word), "leftover {word} in {:?}", p.text);
        }
    }
}

#[test]
fn a_long_run_of_headings_keeps_the_last_three_in_linear_time() {
    // 20,000 headings in a row, then one paragraph: the chain stays bounded, as for .txt.
    let mut md = String::from("---\ntitle: Titres\n---\n\n");
    for i in 0..20_000 {
        md.push_str(&format!("## Partie {i}\n\n"));
    }
    md.push_str("Le seul paragraphe de cet article, après tous ces titres.\n");
    let a = parse_file("titres.md", &md);
    assert_eq!(a.passages.len(), 1);
    assert_eq!(
        a.passages[0].heading.as_deref(),
        Some("Partie 19997 — Partie 19998 — Partie 19999")
    );
}
