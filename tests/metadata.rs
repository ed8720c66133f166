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
