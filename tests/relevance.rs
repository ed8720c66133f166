//! French matching and ranking beyond the core: numbers, typography, exactness, name
//! variants, typos, proximity, coordination, fields, diversity, query language,
//! highlighting; and the judged relevance set as a regression floor.

mod common;

use common::*;
use fouille::search::{Engine, SearchOptions};

const D000: &str = "000_725a85727f30f04b.txt";
const D001: &str = "001_70a67eb69caeb52c.txt";
const D002: &str = "002_219692dc95d182a7.txt";
const D003: &str = "003_875a825590cad64c.txt";

fn top(q: &str) -> (String, u64) {
    let r = search(q);
    assert!(!r.hits.is_empty(), "no hit for {q:?}");
    (r.hits[0].doc.clone(), r.hits[0].passage)
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

// ---- numbers ----

#[test]
fn numbers_match_whatever_their_grouping_and_highlight_as_written() {
    let expected = top("41 500");
    assert_eq!(expected.0, D001);
    for q in ["41\u{a0}500", "41\u{202f}500", "41.500", "41500"] {
        let r = search(q);
        assert_eq!((r.hits[0].doc.clone(), r.hits[0].passage), expected, "{q}");
        assert_eq!(marked(&r.hits[0]), vec!["41 500"], "{q}");
    }
    // `12 000` finds the text's `12.000`, highlighted as written.
    let r = search("12 000 conteneurs");
    assert_eq!(r.hits[0].doc, D002);
    assert!(
        marked(&r.hits[0]).iter().any(|m| m.starts_with("12.000")),
        "{:?}",
        marked(&r.hits[0])
    );
}

#[test]
fn decimal_comma_dates_and_years_match_as_written() {
    let r = search("1,8 million");
    assert_eq!(marked(&r.hits[0]), vec!["1,8 million"]);
    // `1,9` is in no passage: the relaxed tier shows `million` passages, never as a match
    // of `1,9` (each says it lacks it).
    for h in search("1,9 million").hits {
        assert_eq!(h.missing, vec!["1,9".to_string()], "{}", h.text);
    }
    // Passages with both words say `19 juin`; the relaxed tiers below them lack one.
    let r = search("19 juin");
    assert!(r.hits[0].text.contains("19 juin"));
    assert!(
        r.hits
            .iter()
            .all(|h| h.text.contains("19 juin") || !h.missing.is_empty()),
        "{:?}",
        ids(&r)
    );
    assert_eq!(search("2024").hits[0].doc, D003);
}

// ---- typography ----

#[test]
fn apostrophes_quotes_and_nfd_match_their_plain_forms() {
    let plain = ids(&search("armée"));
    for q in ["l'armée", "l’armée", "l‘armée", "lʼarmée", "l\u{FF07}armée"] {
        assert_eq!(ids(&search(q)), plain, "{q}");
    }
    let nfd = "ge\u{301}nie";
    assert_eq!(ids(&search(nfd)), ids(&search("génie")));
    assert_eq!(
        ids(&search("« troupes du génie »")),
        ids(&search("\"troupes du génie\""))
    );
    assert_eq!(
        ids(&search("“troupes du génie”")),
        ids(&search("\"troupes du génie\""))
    );
}

#[test]
fn ligatures_nbsp_and_decomposed_text_in_documents() {
    let (_d, e) = engine_over(&[
        ("a.txt", "Titre\n\nLe cœur de l’Œuvre bat à Séoul.\n"),
        (
            "b.txt",
            "Autre\n\nLes ex\u{e6}quo et 41\u{202f}500 soldats.\n",
        ),
        (
            "c.txt",
            "Nfd\n\nLa se\u{301}curite\u{301} du ge\u{301}nie.\n",
        ),
    ]);
    let o = SearchOptions::default();
    let hit = |q: &str| e.search(q, &o).unwrap().hits.first().map(|h| h.doc.clone());
    assert_eq!(hit("coeur").as_deref(), Some("a.txt"));
    assert_eq!(hit("oeuvre").as_deref(), Some("a.txt"));
    assert_eq!(hit("exaequo").as_deref(), Some("b.txt"));
    assert_eq!(hit("41500").as_deref(), Some("b.txt"));
    assert_eq!(hit("sécurité").as_deref(), Some("c.txt"));
    assert_eq!(hit("securite").as_deref(), Some("c.txt"));
    let r = e.search("génie", &o).unwrap();
    let h = &r.hits[0];
    // Highlight covers the decomposed word as written in the text.
    assert_eq!(marked(h), vec!["ge\u{301}nie"]);
}

// ---- accents without collisions ----

#[test]
fn exact_form_ranks_first_armee_is_not_armes() {
    // Stems collide (armée, armes → arme); the exact field puts the asked form first.
    let r = search("armée");
    let first_armes_only = r
        .hits
        .iter()
        .position(|h| !h.text.to_lowercase().contains("armée"))
        .unwrap_or(r.hits.len());
    assert!(first_armes_only >= 3, "{:?}", ids(&r));
    let r = search("armes");
    assert!(r.hits[0].text.contains("armes"), "{}", r.hits[0].text);
    let r = search("génie");
    assert!(
        r.hits.iter().all(|h| h.text.contains("génie")),
        "génie must not find gens"
    );
}

#[test]
fn accent_free_queries_find_accented_text() {
    for (q, word) in [
        ("energie", "énergie"),
        ("cereales", "céréales"),
        ("securite", "sécurité"),
        ("Seoul", "Séoul"),
    ] {
        let r = search(q);
        assert!(!r.hits.is_empty(), "{q}");
        assert!(
            marked(&r.hits[0])
                .iter()
                .any(|m| m.to_lowercase().contains(&word.to_lowercase())),
            "{q}: {:?}",
            marked(&r.hits[0])
        );
    }
}

// ---- name variants ----

#[test]
fn synonyms_find_other_transliterations_and_highlight_the_text_form() {
    for (q, form) in [
        ("Kursk", "Koursk"),
        ("Putin", "Poutine"),
        ("NATO", "Otan"),
        ("Kyiv", "Kiev"),
        ("Lugansk", "Louhansk"),
    ] {
        let r = search(q);
        assert!(!r.hits.is_empty(), "{q}");
        assert!(
            r.hits.iter().any(|h| marked(h).contains(&form)),
            "{q}: {:?}",
            r.hits.iter().map(marked).collect::<Vec<_>>()
        );
    }
    // Multi-word forms: `North Korea` is `Corée du Nord`, highlighted as one span.
    let r = search("North Korea");
    assert!(
        marked(&r.hits[0]).contains(&"Corée du Nord"),
        "{:?}",
        marked(&r.hits[0])
    );
}

#[test]
fn synonyms_file_is_read_at_query_time() {
    let mut e = fouille::search::Engine::open(&{
        let dir = tempfile::tempdir().unwrap().keep();
        build(&corpus_dir(), &dir);
        dir
    })
    .unwrap();
    let o = SearchOptions::default();
    assert!(e.search("Zorglub", &o).unwrap().hits.is_empty());
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), "# test\nZorglub, Koursk\n").unwrap();
    e.load_synonyms(file.path()).unwrap();
    let r = e.search("Zorglub", &o).unwrap();
    assert_eq!(r.hits[0].doc, D003);
    assert_eq!(marked(&r.hits[0]), vec!["Koursk"]);
    let err = e
        .load_synonyms(std::path::Path::new("/nonexistent/syn.txt"))
        .unwrap_err();
    assert!(err.to_string().contains("/nonexistent/syn.txt"));
}

// ---- typos ----

#[test]
fn typos_are_corrected_and_said() {
    for (q, fixed, form) in [
        ("Kousk", "Koursk", "Koursk"),
        ("Pyongyan", "Pyongyang", "Pyongyang"),
        ("balistiqes", "balistiques", "balistiques"),
    ] {
        let r = search(q);
        assert_eq!(r.did_you_mean.as_deref(), Some(fixed), "{q}");
        assert!(
            marked(&r.hits[0]).contains(&form),
            "{q}: {:?}",
            marked(&r.hits[0])
        );
    }
    // Short words get no typo budget; correct words no suggestion.
    assert!(search("Kin").did_you_mean.is_none());
    assert!(search("Koursk").did_you_mean.is_none());
}

#[test]
fn a_rare_word_close_to_a_common_one_gets_a_suggestion_only() {
    let many: String = (0..6)
        .map(|i| format!("Paragraphe {i} sur la région de Koursk.\n\n"))
        .collect();
    let (_d, e) = engine_over(&[
        (
            "typo.txt",
            "Coquille\n\nLa région de Kourks est citée une fois.\n",
        ),
        ("k.txt", &format!("Koursk\n\n{many}")),
    ]);
    let r = e.search("Kourks", &SearchOptions::default()).unwrap();
    assert_eq!(r.did_you_mean.as_deref(), Some("Koursk"));
    // Only the word as typed is searched.
    assert_eq!(r.total_hits, 1);
    assert_eq!(r.hits[0].doc, "typo.txt");
}

#[test]
fn fuzzy_matches_never_outrank_exact_ones() {
    // `Poutinne` is corrected; `soldats` matches as typed: passages with both come first,
    // and a passage matching only the correction never beats one matching a typed word
    // plus the correction.
    let r = search("Poutinne soldats");
    assert_eq!(r.did_you_mean.as_deref(), Some("Poutine soldats"));
    let both = |h: &fouille::search::Hit| {
        let m = marked(h);
        m.contains(&"Poutine") && m.contains(&"soldats")
    };
    assert!(both(&r.hits[0]));
    let exact = search("Poutine soldats");
    assert!(exact.hits[0].score > r.hits[0].score);
}

// ---- ranking ----

#[test]
fn adjacent_words_rank_above_scattered_ones() {
    let r = search("main tendue Kim");
    assert!(
        marked(&r.hits[0]).iter().any(|m| m.contains("main tendue"))
            || r.hits[0].text.contains("main tendue")
    );
    // The exact phrase of an unquoted query ranks first.
    let r = search("réparer les dégâts");
    assert!(
        r.hits[0].text.contains("réparer les dégâts"),
        "{}",
        r.hits[0].text
    );
}

#[test]
fn more_distinct_words_beat_more_repetitions() {
    // 003 ¶4 has Koursk and soldats; passages repeating `soldats` alone come after.
    let r = search("soldats Koursk");
    assert_eq!((r.hits[0].doc.as_str(), r.hits[0].passage), (D003, 4));
}

#[test]
fn an_articles_other_passages_come_after_every_passage_with_the_word() {
    // The measles article's paragraphs say `la maladie`, not `rougeole`: they come last,
    // below the passages that have the word, and say what they lack.
    let (_d, e) = engine_over(&[
        (
            "rougeole.txt",
            "Rougeole : une épidémie dans les écoles de la Nièvre\n\n\
             Trois classes ont fermé après des cas de rougeole chez des enfants non vaccinés.\n\n\
             La maladie se transmet très facilement, rappelle l'agence régionale de santé.\n\n\
             Les parents sont invités à vérifier le carnet de vaccination de leurs enfants.\n",
        ),
        (
            "grippe.txt",
            "La grippe arrive tôt cette année\n\n\
             Les médecins observent aussi quelques cas de rougeole, sans lien avec l'épidémie.\n\n\
             La vaccination contre la grippe est ouverte en pharmacie.\n",
        ),
    ]);
    let r = e
        .search("rougeole", &SearchOptions::default())
        .expect("search");
    let ids: Vec<(&str, u64)> = r.hits.iter().map(|h| (h.doc.as_str(), h.passage)).collect();
    assert_eq!(ids.len(), 4, "{ids:?}");
    // The two passages with the word first (either order), then the article's others.
    let with_word: std::collections::HashSet<_> = ids[..2].iter().copied().collect();
    assert_eq!(
        with_word,
        [("rougeole.txt", 1), ("grippe.txt", 1)]
            .into_iter()
            .collect()
    );
    assert!(r.hits[..2].iter().all(|h| h.missing.is_empty()));
    for h in &r.hits[2..] {
        assert_eq!(h.doc, "rougeole.txt");
        assert_eq!(h.missing, ["rougeole"], "{}", h.text);
    }
    assert!(r.hits[1].score > r.hits[2].score);
    // No other article's passages without the word.
    assert!(!ids.contains(&("grippe.txt", 2)));
}

#[test]
fn body_answers_beat_title_matches() {
    // 000's title says céréales et énergie; its passage that says so in the body wins over
    // passages that only inherit the title.
    let r = search("céréales énergie");
    let h = &r.hits[0];
    assert!(
        h.text.contains("céréales") && h.text.contains("énergie"),
        "{}",
        h.text
    );
}

#[test]
fn per_article_keeps_diversity() {
    let o = SearchOptions {
        limit: 10,
        per_article: Some(1),
        highlight: true,
        ..SearchOptions::default()
    };
    let r = search_with("Pyongyang", &o);
    let mut docs: Vec<&str> = r.hits.iter().map(|h| h.doc.as_str()).collect();
    let n = docs.len();
    docs.dedup();
    docs.sort_unstable();
    docs.dedup();
    assert_eq!(docs.len(), n, "one passage per article");
    assert!(n >= 3);
    let all = search("Pyongyang");
    assert_eq!(r.total_hits, all.total_hits);
}

#[test]
fn query_language() {
    let r = search("soldats -Ukraine");
    assert!(!r.hits.is_empty());
    assert!(
        r.hits.iter().all(|h| !h.text.contains("Ukraine")),
        "{:?}",
        ids(&r)
    );
    let r = search("+Koursk soldats");
    assert!(r.hits.iter().all(|h| h.text.contains("Koursk")));
    let r = search("Kiev OR Koursk");
    assert!(
        r.hits
            .iter()
            .all(|h| h.text.contains("Kiev") || h.text.contains("Koursk"))
    );
    assert_eq!(
        (r.hits[0].doc.as_str(), r.hits[0].passage),
        (D003, 4),
        "both alternatives first"
    );
    let r = search("title:Poutine soldats");
    assert!(
        r.hits.iter().all(|h| h.title.contains("Poutine")),
        "{:?}",
        ids(&r)
    );
    assert!(r.hits[0].text.contains("soldats"));
    let r = search("\"troupes du génie");
    assert!(r.notes.iter().any(|n| n.contains("unbalanced")));
    assert_eq!(r.hits[0].doc, D002);
    assert!(search("- soldats").notes.iter().any(|n| n.contains("lone")));
}

// ---- highlighting ----

#[test]
fn every_matched_form_is_highlighted() {
    // Stem: `soldat` highlights `soldats`; accent: `energie` → `énergie`; number; synonym.
    assert!(marked(&search("soldat").hits[0]).contains(&"soldats"));
    assert!(
        marked(&search("energie").hits[0])
            .iter()
            .any(|m| m.ends_with("nergie"))
    );
    // A phrase is one span.
    let r = search("\"Corée du Nord\"");
    assert!(marked(&r.hits[0]).contains(&"Corée du Nord"));
    let _ = (D000, D001);
}

// ---- judged relevance set ----

#[test]
fn eval_on_the_judged_set_stays_above_the_floor() {
    let path = repo().join("tests/data/qrels.tsv");
    let text = std::fs::read_to_string(&path).expect("tests/data/qrels.tsv");
    let judged = fouille::eval::parse_qrels(&text).expect("valid qrels");
    assert!(judged.len() >= 30, "{} judged queries", judged.len());
    let report = fouille::eval::evaluate(engine(), &judged).unwrap();
    println!("{}", fouille::eval::render(&report));
    // Regression floors: a little under the level reached (see README).
    assert!(report.ndcg10 >= NDCG_FLOOR, "nDCG@10 {:.3}", report.ndcg10);
    assert!(report.mrr >= MRR_FLOOR, "MRR {:.3}", report.mrr);
    assert!(report.p1 >= P1_FLOOR, "P@1 {:.3}", report.p1);
}

// Reached: nDCG@10 0.947, MRR 1.000, P@1 1.000 on 55 queries (`cargo run -- eval`; 0.925
// before the tiers).
const NDCG_FLOOR: f64 = 0.93;
const MRR_FLOOR: f64 = 0.95;
const P1_FLOOR: f64 = 0.95;

#[test]
fn eval_on_the_blind_judged_set_stays_above_the_floor() {
    // Written and judged from the texts, not from fouille's answers: a check that the
    // ranking is not tuned to tests/data/qrels.tsv.
    let path = repo().join("tests/data/qrels-blind.tsv");
    let text = std::fs::read_to_string(&path).expect("tests/data/qrels-blind.tsv");
    let judged = fouille::eval::parse_qrels(&text).expect("valid qrels");
    assert!(judged.len() >= 40, "{} judged queries", judged.len());
    let report = fouille::eval::evaluate(engine(), &judged).unwrap();
    println!("{}", fouille::eval::render(&report));
    assert!(
        report.ndcg10 >= BLIND_NDCG_FLOOR,
        "nDCG@10 {:.3}",
        report.ndcg10
    );
    assert!(report.mrr >= BLIND_MRR_FLOOR, "MRR {:.3}", report.mrr);
    assert!(report.p1 >= BLIND_P1_FLOOR, "P@1 {:.3}", report.p1);
}

// Reached: nDCG@10 0.861, MRR 0.941, P@1 0.891 on 55 blind queries with tiers, questions,
// word families and name variants (0.634, 0.773, 0.727 before them; 0.764, 0.891, 0.836
// with families alone); 0.862, 0.947, 0.909 with weak words relaxed first, tiers of
// all-but-one word and the article title as context (0.866 with weak words alone)
// (`cargo run -- eval --qrels tests/data/qrels-blind.tsv`).
const BLIND_NDCG_FLOOR: f64 = 0.84;
const BLIND_MRR_FLOOR: f64 = 0.92;
const BLIND_P1_FLOOR: f64 = 0.87;
