//! The query plan on the real corpus: tiers that relax the least informative word (and say
//! what a passage lacks), natural questions, phrases that keep their stop words, the query
//! language (`NOT`, `-word` on the command line, `prefix*`, `title: word`), titles.

mod common;

use std::collections::HashSet;

use common::*;
use fouille::search::{Engine, Hit, SearchOptions};

const D002: &str = "002_219692dc95d182a7.txt";
const D003: &str = "003_875a825590cad64c.txt";

fn with_limit(q: &str, limit: usize) -> fouille::search::SearchResults {
    search_with(
        q,
        &SearchOptions {
            limit,
            ..SearchOptions::default()
        },
    )
}

/// An engine over a small corpus written for the test.
fn engine_over(files: &[(&str, &str)]) -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for (name, text) in files {
        std::fs::write(corpus.join(name), text).unwrap();
    }
    build(&corpus, &dir.path().join("index"));
    let engine = Engine::open(&dir.path().join("index")).unwrap();
    (dir, engine)
}

fn lower(h: &Hit) -> String {
    h.text.to_lowercase()
}

// ---- tiers ----

#[test]
fn drones_iraniens_finds_the_passage_about_iran_and_drones() {
    // No passage says `iraniens`; the one that says "L'Iran … des drones" matches both
    // words through the word family (`iraniens` → `Iran`) and ranks first; passages with
    // one of the words come below, saying which they lack.
    let r = search("drones iraniens");
    let h = &r.hits[0];
    assert!(
        h.text.contains("L'Iran") && h.text.contains("drones"),
        "{:?}",
        ids(&r)
    );
    assert_eq!((h.doc.as_str(), h.passage), (D003, 6));
    assert!(h.missing.is_empty(), "{:?}", h.missing);
    assert!(marked(h).contains(&"drones"));
    assert!(r.hits[1..].iter().all(|h| !h.missing.is_empty()));
}

#[test]
fn passages_with_all_words_come_first_then_each_relaxed_tier_below() {
    let r = with_limit("troupes du génie", 20);
    let first_partial = r
        .hits
        .iter()
        .position(|h| !h.missing.is_empty())
        .expect("relaxed tiers below the passages with both words");
    assert!(first_partial >= 2, "{:?}", ids(&r));
    for h in &r.hits[..first_partial] {
        assert!(lower(h).contains("troupes") && lower(h).contains("génie"));
    }
    for h in &r.hits[first_partial..] {
        assert!(
            !h.missing.is_empty(),
            "a tier never climbs back: {:?}",
            ids(&r)
        );
        for w in &h.missing {
            assert!(!lower(h).contains(&w.to_lowercase()), "{w} in {}", h.text);
        }
    }
    // Strictly below: every score of a tier under every score of the tier above.
    assert!(r.hits.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(r.hits[first_partial - 1].score > r.hits[first_partial].score);
    // JSON says it only for relaxed hits.
    let json = serde_json::to_value(&r).unwrap();
    assert!(json["hits"][0].get("missing").is_none());
    assert!(json["hits"][first_partial]["missing"].is_array());
}

#[test]
fn the_most_frequent_word_is_dropped_first() {
    // `russe` is in more passages than `Pyongyang`: once the passages with both are
    // shown, those with `Pyongyang` alone come before any with `russe` alone.
    assert!(search("russe").total_hits > search("Pyongyang").total_hits);
    let r = with_limit("russe Pyongyang", 60);
    let tiers: Vec<Vec<String>> = r.hits.iter().map(|h| h.missing.clone()).collect();
    let pyongyang_only = tiers.iter().position(|m| m == &["russe".to_string()]);
    let russe_only = tiers.iter().position(|m| m == &["Pyongyang".to_string()]);
    assert!(
        pyongyang_only.is_some() && russe_only.is_some(),
        "{tiers:?}"
    );
    assert!(pyongyang_only < russe_only, "{tiers:?}");
    assert!(tiers[0].is_empty());
}

#[test]
fn a_function_word_is_dropped_before_any_content_word() {
    // `contre` is rarer than `Pyongyang` in this folder, yet it is the word to give up: no
    // passage has all three, and the first ones shown have `sanctions` and `Pyongyang`.
    assert!(search("contre").total_hits < search("Pyongyang").total_hits);
    let r = with_limit("sanctions contre Pyongyang", 10);
    assert_eq!(
        r.hits[0].missing,
        vec!["contre".to_string()],
        "{:?}",
        r.hits[0]
    );
    let first = lower(&r.hits[0]);
    assert!(
        first.contains("sanctions") && first.contains("pyongyang"),
        "{first}"
    );
    // The auxiliary of a question (`va-t-elle envoyer`) goes first too.
    let r = with_limit(
        "la Corée du Nord va-t-elle envoyer des soldats au front",
        10,
    );
    let tiers: Vec<&Vec<String>> = r.hits.iter().map(|h| &h.missing).collect();
    let without_va = tiers
        .iter()
        .position(|m| m.as_slice() == ["va".to_string()]);
    let without_other = tiers.iter().position(|m| m.len() == 1 && m[0] != "va");
    assert!(without_va.is_some(), "{tiers:?}");
    assert!(
        without_other.is_none_or(|o| without_va < Some(o)),
        "{tiers:?}"
    );
}

#[test]
fn no_query_returns_fewer_passages_than_hold_one_of_its_words() {
    for q in [
        "traité de défense mutuelle",
        "reconstruire les villes détruites",
        "pertes russes",
        "soldats nord-coréens Koursk drones",
        "missiles balistiques Pyongyang",
    ] {
        let limit = 40;
        let mut any = HashSet::new();
        for word in q.split_whitespace() {
            if let Ok(r) = engine().search(
                word,
                &SearchOptions {
                    limit: 10_000,
                    ..SearchOptions::default()
                },
            ) {
                any.extend(ids(&r));
            }
        }
        let r = with_limit(q, limit);
        assert_eq!(r.hits.len(), any.len().min(limit), "{q}");
        let got: HashSet<_> = ids(&r).into_iter().collect();
        assert_eq!(got.len(), r.hits.len(), "{q}: a passage twice");
        assert!(got.is_subset(&any), "{q}");
    }
}

#[test]
fn required_words_are_never_dropped() {
    let r = with_limit("+Koursk soldats drones", 30);
    assert!(!r.hits.is_empty());
    for h in &r.hits {
        assert!(h.text.contains("Koursk"), "{}", h.text);
        assert!(!h.missing.contains(&"Koursk".to_string()));
    }
    // A quoted phrase is required too.
    let r = with_limit("\"troupes du génie\" Koursk", 30);
    assert!(r.hits.iter().all(|h| h.text.contains("troupes du génie")));
    assert!(
        r.hits
            .iter()
            .all(|h| h.missing.iter().all(|w| w == "Koursk"))
    );
}

#[test]
fn nothing_only_when_no_word_matches() {
    assert!(search("xylophone zanzibar").hits.is_empty());
    let r = search("xylophone soldats");
    assert!(!r.hits.is_empty());
    assert!(r.hits.iter().all(|h| h.missing == ["xylophone"]));
}

// ---- questions ----

#[test]
fn question_words_are_not_required() {
    let r = search("qui est Korotchenko ?");
    assert!(r.hits[0].text.contains("Korotchenko"));
    assert!(r.hits[0].missing.is_empty(), "{:?}", r.hits[0].missing);
    // The question ranks like its content words.
    assert_eq!(
        ids(&search("combien de soldats nord-coréens ont été tués")),
        ids(&search("soldats nord-coréens tués"))
    );
    let r = search("pourquoi les soldats nord-coréens subissent-ils de si lourdes pertes");
    let top = &r.hits[0];
    assert!(lower(top).contains("pertes") && lower(top).contains("nord-coré"));
    for h in &r.hits {
        assert!(
            h.missing
                .iter()
                .all(|w| !["pourquoi", "subissent-ils", "ils", "est"].contains(&w.as_str())),
            "{:?}",
            h.missing
        );
    }
}

// ---- phrases with stop words ----

#[test]
fn phrases_keep_their_stop_words() {
    // `"au conflit"`: only passages with the two words in sequence, not every `conflit`.
    let r = with_limit("\"au conflit\"", 50);
    assert!(!r.hits.is_empty());
    for h in &r.hits {
        assert!(lower(h).contains("au conflit"), "{}", h.text);
        assert!(marked(h).iter().any(|m| m.to_lowercase() == "au conflit"));
    }
    assert!(with_limit("conflit", 50).hits.len() > r.hits.len());
    // The stop word inside counts: `du`, not `de`.
    assert!(search("\"troupes de génie\"").hits.is_empty());
    let r = search("\"troupes du génie\"");
    assert_eq!(r.hits[0].doc, D002);
    assert_eq!(marked(&r.hits[0]), vec!["troupes du génie"]);
    // Only stop words, quoted: still an exact phrase.
    let r = with_limit("\"de la\"", 50);
    assert!(!r.hits.is_empty());
    assert!(r.hits.iter().all(|h| lower(h).contains("de la")));
}

#[test]
fn unquoted_words_in_sequence_with_their_stop_word_rank_first() {
    let r = search("part au conflit");
    assert!(
        lower(&r.hits[0]).contains("part au conflit"),
        "{}",
        r.hits[0].text
    );
}

// ---- query language ----

#[test]
fn not_excludes_like_minus() {
    let not = with_limit("soldats NOT Ukraine", 50);
    assert!(!not.hits.is_empty());
    assert_eq!(ids(&not), ids(&with_limit("soldats -Ukraine", 50)));
    assert!(not.hits.iter().all(|h| !h.text.contains("Ukraine")));
}

#[test]
fn prefixes_match_the_words_they_begin_and_are_never_corrected() {
    let r = with_limit("nucl*", 50);
    assert!(!r.hits.is_empty());
    assert_eq!(r.did_you_mean, None);
    for h in &r.hits {
        let m = marked(h);
        assert!(!m.is_empty() && m.iter().all(|w| w.to_lowercase().starts_with("nucl")));
    }
    let r = search("Kours*");
    assert_eq!(r.did_you_mean, None, "never 'did you mean Jours*'");
    assert_eq!(r.hits[0].doc, D003);
    assert!(marked(&r.hits[0]).contains(&"Koursk"));
    assert!(search("zqx*").hits.is_empty());
}

#[test]
fn title_field_takes_a_space_or_a_quoted_phrase() {
    assert_eq!(
        ids(&with_limit("title: Poutine soldats", 50)),
        ids(&with_limit("title:Poutine soldats", 50))
    );
    let r = with_limit("title:\"Corée du Nord pourrait aider\"", 50);
    assert!(!r.hits.is_empty());
    assert!(
        r.hits
            .iter()
            .all(|h| h.title.contains("Corée du Nord pourrait aider"))
    );
}

#[test]
fn cli_accepts_an_unquoted_minus_word_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    copy_corpus(dir.path());
    let out = fouille(dir.path())
        .args(["search", "soldats", "-Ukraine", "--json", "-n", "50"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["query"], "soldats -Ukraine");
    let hits = json["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .all(|h| !h["text"].as_str().unwrap().contains("Ukraine"))
    );
    // Flags still work before and after; an unknown `--flag` is still a usage error.
    let out = fouille(dir.path())
        .args(["search", "-n", "2", "soldats", "-Trump"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("(2 shown"));
    let out = fouille(dir.path())
        .args(["search", "soldats", "--nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

// ---- titles ----

const ARDENNES: &str = "Une usine à obus rouvre dans les Ardennes\n\n\
La production reprendra au printemps, selon la direction du site.\n\n\
Les ouvriers du Zeppelin attendent encore leurs contrats.\n\n\
Le hangar principal a été repeint pendant l'été.\n";
const ATELIERS: &str = "Des ateliers en Lorraine\n\n\
Un obus de la Grande Guerre a été retrouvé près d'une usine désaffectée.\n\n\
Le hangar de la mairie accueille une exposition.\n";
const DIRIGEABLE: &str = "Le dirigeable Graf Zeppelin survole Paris\n\n\
La foule s'est massée sur les quais pour voir passer l'appareil.\n\n\
Les journaux du soir consacrent leur une à l'événement.\n\n\
Le hangar du terrain d'aviation était trop petit pour lui.\n";

#[test]
fn a_headline_phrase_returns_the_lead_passage_with_the_title_highlighted() {
    let (_dir, engine) = engine_over(&[("ardennes.txt", ARDENNES), ("ateliers.txt", ATELIERS)]);
    let r = engine
        .search("\"usine à obus\"", &SearchOptions::default())
        .unwrap();
    assert_eq!(r.hits.len(), 1, "{:?}", ids(&r));
    let h = &r.hits[0];
    assert_eq!((h.doc.as_str(), h.passage), ("ardennes.txt", 1));
    let title: Vec<&str> = h
        .title_highlights
        .iter()
        .map(|[s, e]| &h.title[*s..*e])
        .collect();
    assert_eq!(title, ["usine à obus"]);
    let json = serde_json::to_value(&r).unwrap();
    assert!(json["hits"][0]["title_highlights"].is_array());
}

#[test]
fn a_title_only_word_stands_for_the_lead_passage_then_the_articles_others() {
    let (_dir, engine) = engine_over(&[
        ("dirigeable.txt", DIRIGEABLE),
        ("ateliers.txt", ATELIERS),
        ("ardennes.txt", ARDENNES),
    ]);
    let o = SearchOptions {
        limit: 20,
        ..SearchOptions::default()
    };
    // `dirigeable` is only in the title: the lead passage stands for the article, then its
    // other passages (the article is about it), in a last tier that says what they lack.
    let r = engine.search("dirigeable", &o).unwrap();
    let d = |n: u64| ("dirigeable.txt".to_string(), n);
    assert_eq!(ids(&r)[0], d(1));
    let mut rest = ids(&r)[1..].to_vec();
    rest.sort();
    assert_eq!(rest, vec![d(2), d(3)]);
    assert!(r.hits[0].missing.is_empty());
    assert!(r.hits[1..].iter().all(|h| h.missing == ["dirigeable"]));
    assert_eq!((r.total_hits, r.total_hits_exact), (3, true));
    // A word in one article's body and another's title: both passages first, each counted
    // once, then the titled article's other passages.
    let r = engine.search("Zeppelin", &o).unwrap();
    assert!(
        r.hits[..2].iter().all(|h| h.missing.is_empty()),
        "{:?}",
        ids(&r)
    );
    assert_eq!(r.hits.len(), 4, "{:?}", ids(&r));
    assert!(r.hits[2..].iter().all(|h| h.doc == "dirigeable.txt"));
    // A passage that matches `hangar` in an article titled `dirigeable` ranks first.
    let r = engine.search("dirigeable hangar", &o).unwrap();
    assert_eq!(
        (r.hits[0].doc.as_str(), r.hits[0].passage),
        ("dirigeable.txt", 3)
    );
    // The titled article's other passages only after every passage with a word.
    let first_title_only = r
        .hits
        .iter()
        .position(|h| h.missing.len() == 2)
        .unwrap_or(r.hits.len());
    assert!(
        r.hits[..first_title_only]
            .iter()
            .all(|h| h.doc != "dirigeable.txt" || h.passage == 1 || h.passage == 3),
        "{:?}",
        ids(&r)
    );
    assert!(
        r.hits[first_title_only..]
            .iter()
            .all(|h| h.doc == "dirigeable.txt")
    );
}

#[test]
fn repeated_and_many_words_keep_the_plan_small() {
    // The same passages (their order may differ: the repeated words make a phrase bonus).
    let sorted = |q: &str| {
        let mut v = ids(&with_limit(q, 50));
        v.sort();
        v
    };
    assert_eq!(sorted("soldats soldats Soldats"), sorted("soldats"));
    // Twelve distinct words: the rarest eight are relaxed one by one, the others only
    // help ranking; the passages with the most of them still come first.
    let q = "soldats nord-coréens Koursk Russie Ukraine drones missiles Pyongyang Kim Poutine guerre front";
    let r = with_limit(q, 20);
    assert_eq!(r.hits.len(), 20);
    assert!(r.hits.windows(2).all(|w| w[0].score >= w[1].score));
}

/// Articles on other subjects, so that no test word is in a quarter of the titles.
fn other_articles() -> Vec<(String, String)> {
    [
        "météo",
        "football",
        "cinéma",
        "vendanges",
        "marée",
        "rentrée",
        "musée",
        "vélo",
    ]
    .iter()
    .map(|subject| {
        (
            format!("{subject}.txt"),
            format!(
                "Chronique : {subject} en Lorraine\n\
                     Premier paragraphe de la chronique consacrée à {subject}, sans rapport.\n\
                     Second paragraphe de la chronique, consacré à la saison et à {subject}.\n"
            ),
        )
    })
    .collect()
}

fn engine_with_others(files: &[(&str, &str)]) -> (tempfile::TempDir, Engine) {
    let others = other_articles();
    let mut all: Vec<(&str, &str)> = files.to_vec();
    all.extend(others.iter().map(|(n, t)| (n.as_str(), t.as_str())));
    engine_over(&all)
}

#[test]
fn three_words_of_four_beat_the_rarest_word_alone() {
    // `peine` is the rarest word; no passage has all four. The passage with the three
    // others ranks above the one with `peine` alone, and says it lacks `peine`.
    let (_dir, engine) = engine_with_others(&[
        (
            "proces.txt",
            "Au tribunal d'Agen, un procès\n\
             Le tribunal a condamné jeudi l'ancien maire de la commune à deux ans de prison.\n\
             L'ancien maire du village voisin, lui, n'a pas été condamné.\n\
             Le maire actuel et l'ancien adjoint ont assisté à l'audience.\n",
        ),
        (
            "sport.txt",
            "Le match de samedi\n\
             L'équipe s'est imposée à grand-peine en fin de match.\n\
             Ce fut une victoire obtenue avec peine, selon l'entraîneur.\n",
        ),
    ]);
    let r = engine
        .search(
            "à quelle peine a été condamné l'ancien maire ?",
            &SearchOptions::default(),
        )
        .unwrap();
    assert_eq!(r.hits[0].doc, "proces.txt", "{:?}", r.hits[0]);
    assert_eq!(r.hits[0].missing, vec!["peine".to_string()]);
    let peine = r.hits.iter().position(|h| h.doc == "sport.txt");
    let condamne = r
        .hits
        .iter()
        .position(|h| h.text.contains("n'a pas été condamné"));
    assert!(peine.is_some() && condamne < peine, "{:?}", r.hits);
}

#[test]
fn a_word_of_the_article_title_counts_for_its_passages() {
    // The strike passage says neither `Valtrans` nor `salariés`: its article's title does.
    // It ranks above a passage elsewhere that names the company but not the strike, and
    // still says what its own text lacks.
    let (_dir, engine) = engine_with_others(&[
        (
            "usine.txt",
            "Fermeture de l'usine Valtrans à Florange : les salariés sous le choc\n\
             Le groupe a annoncé mardi la fermeture du site, qui emploie 350 personnes.\n\
             Un piquet de grève s'est installé jeudi devant l'entrée, avec des palettes en feu.\n",
        ),
        (
            "bourse.txt",
            "La Bourse de Paris termine en hausse\n\
             Les valeurs industrielles ont progressé, Valtrans en tête, au lendemain de \
             l'annonce du plan touchant ses salariés.\n",
        ),
    ]);
    let r = engine
        .search("grève des salariés de Valtrans", &SearchOptions::default())
        .unwrap();
    let strike = r
        .hits
        .iter()
        .position(|h| h.text.contains("piquet de grève"));
    let stock = r.hits.iter().position(|h| h.doc == "bourse.txt");
    assert!(strike.is_some() && stock.is_some(), "{:?}", r.hits);
    assert!(strike < stock, "{:?}", r.hits);
    let hit = &r.hits[strike.unwrap()];
    let mut missing = hit.missing.clone();
    missing.sort();
    assert_eq!(
        missing,
        vec!["Valtrans".to_string(), "salariés".to_string()]
    );
}
