//! End-to-end tests of the `fr` and `fr_exact` analyzers.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use fouille::analysis::{
    exact_analyzer, french_analyzer, indexing_exact_analyzer, indexing_french_analyzer,
    indexing_pairs_analyzer, is_stop_word, pairs_analyzer,
};
use proptest::prelude::*;
use tantivy::tokenizer::{TextAnalyzer, Token};

fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    analyzer
        .token_stream(text)
        .process(&mut |t| out.push(t.clone()));
    out
}

fn fr(text: &str) -> Vec<String> {
    tokens(&mut french_analyzer(), text)
        .into_iter()
        .map(|t| t.text)
        .collect()
}

fn exact(text: &str) -> Vec<String> {
    tokens(&mut exact_analyzer(), text)
        .into_iter()
        .map(|t| t.text)
        .collect()
}

fn terms(text: &str) -> BTreeSet<String> {
    fr(text).into_iter().collect()
}

/// (token text, position, text covered by the offsets).
fn detailed(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, String)> {
    tokens(analyzer, text)
        .into_iter()
        .map(|t| {
            (
                t.text,
                t.position,
                text[t.offset_from..t.offset_to].to_string(),
            )
        })
        .collect()
}

#[test]
fn french_chain_outputs() {
    let cases: &[(&str, &[&str])] = &[
        ("L’armée russe", &["arme", "russ"]),
        ("Les armées", &["arme"]),
        ("armes", &["arme"]),
        ("la Corée du Nord", &["cor", "core", "nord"]),
        ("nord-coréens", &["nord", "coreen"]),
        ("jusqu’à 100 000 soldats", &["100000", "soldat"]),
        ("1,8 million", &["1,8", "million"]),
        ("États-Unis", &["etat", "unis"]),
        ("élection présidentielle", &["elect", "presidentiel"]),
        ("il était une fois", &["fois"]),
        ("aujourd’hui", &["aujourd'hui"]),
        ("Cœur", &["coeur"]),
        ("2000-2024", &["2000", "2024"]),
    ];
    for (input, expected) in cases {
        assert_eq!(fr(input), *expected, "fr({input:?})");
    }
}

#[test]
fn exact_chain_outputs() {
    let cases: &[(&str, &[&str])] = &[
        ("L’armée russe", &["armée", "russe"]),
        // Stop words go, as in `fr`; no stemming, no folding.
        ("Les armées", &["armées"]),
        ("jusqu’à 100 000 soldats", &["100000", "soldats"]),
        ("Kim Jong-un", &["kim", "jong"]),
        ("Cœur ŒUVRE", &["coeur", "oeuvre"]),
        ("il était une fois", &["fois"]),
        ("ge\u{301}nie", &["génie"]),
    ];
    for (input, expected) in cases {
        assert_eq!(exact(input), *expected, "exact({input:?})");
    }
}

#[test]
fn elision_spellings_agree() {
    let armee = fr("armée");
    for spelling in ["l'armée", "l’armée", "l‘armée", "lʼarmée", "L’ARMÉE"] {
        assert_eq!(fr(spelling), armee, "{spelling}");
        assert_eq!(exact(spelling), ["armée"], "{spelling}");
    }
    // The highlight covers `armée`, not the article.
    let text = "dans l’armée";
    assert_eq!(
        detailed(&mut french_analyzer(), text),
        [("arme".to_string(), 1, "armée".to_string())]
    );
}

#[test]
fn accent_free_spellings_share_terms() {
    for (plain, accented) in [
        ("genie", "génie"),
        ("energie", "énergie"),
        ("cereales", "céréales"),
        ("coeur", "cœur"),
        ("etats", "États"),
    ] {
        assert_eq!(fr(plain), fr(accented), "{plain} / {accented}");
    }
    // Snowball stems these two apart; the accent variant makes them meet.
    assert_eq!(fr("sécurité"), ["secur", "securit"]);
    assert_eq!(fr("securite"), ["securit"]);
    assert!(terms("securite").is_subset(&terms("sécurité")));
}

#[test]
fn nfd_equals_nfc() {
    assert_eq!(fr("ge\u{301}nie"), fr("génie"));
    assert_eq!(exact("ge\u{301}nie"), exact("génie"));
    assert_eq!(fr("se\u{301}curite\u{301}"), fr("sécurité"));
    // Offsets still cover the decomposed word.
    let text = "le ge\u{301}nie";
    let toks = detailed(&mut french_analyzer(), text);
    assert_eq!(toks, [("gen".to_string(), 1, "ge\u{301}nie".to_string())]);
}

#[test]
fn number_spellings_agree() {
    for n in ["41 500", "41\u{a0}500", "41\u{202f}500", "41.500", "41500"] {
        assert_eq!(fr(n), ["41500"], "{n:?}");
        assert_eq!(exact(n), ["41500"], "{n:?}");
    }
    let text = "soit 41\u{202f}500 hommes";
    assert_eq!(
        detailed(&mut exact_analyzer(), text)[0],
        ("41500".to_string(), 1, "41\u{202f}500".to_string())
    );
    assert_eq!(fr("1,8 million"), ["1,8", "million"]);
    assert_eq!(fr("12.000"), ["12000"]);
    assert_eq!(fr("en 2024 1948 19"), ["2024", "1948", "19"]);
}

#[test]
fn positions() {
    // A removed stop word leaves a gap, so phrases line up with the text.
    let got: Vec<_> = tokens(&mut french_analyzer(), "troupes du génie")
        .iter()
        .map(|t| t.position)
        .collect();
    assert_eq!(got, [0, 2]);

    assert_eq!(
        detailed(&mut french_analyzer(), "nord-coréens"),
        [
            ("nord".to_string(), 0, "nord".to_string()),
            ("coreen".to_string(), 1, "coréens".to_string())
        ]
    );
    assert_eq!(
        detailed(&mut exact_analyzer(), "aujourd’hui"),
        [("aujourd'hui".to_string(), 0, "aujourd’hui".to_string())]
    );
    // The exact chain drops stop words too, keeping the gaps.
    let exact_pos: Vec<_> = tokens(&mut exact_analyzer(), "troupes du génie")
        .iter()
        .map(|t| t.position)
        .collect();
    assert_eq!(exact_pos, [0, 2]);
    // In `fr`, `un` is a stop word; `kim jong` keep their positions.
    let kim: Vec<_> = tokens(&mut french_analyzer(), "Kim Jong-un")
        .into_iter()
        .map(|t| (t.text, t.position))
        .collect();
    assert_eq!(kim, [("kim".to_string(), 0), ("jong".to_string(), 1)]);
}

#[test]
fn stop_words() {
    assert!(is_stop_word("du") && is_stop_word("à") && is_stop_word("qu"));
    assert!(!is_stop_word("armée"));
    assert_eq!(fr("qu’il"), Vec::<String>::new());
}

/// Checks every token of `text`: offsets in bounds, on char boundaries, non-empty, not
/// inside a word, and the covered text analyzed alone gives back the same token.
fn check_offsets(analyzer: &mut TextAnalyzer, text: &str) -> Result<usize, String> {
    let toks = tokens(analyzer, text);
    let mut last_position = None;
    for t in &toks {
        let where_ = format!("{t:?} in {text:?}");
        let word = text
            .get(t.offset_from..t.offset_to)
            .ok_or(format!("bad offsets: {where_}"))?;
        if word.is_empty() {
            return Err(format!("empty span: {where_}"));
        }
        if text[..t.offset_from]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
            || text[t.offset_to..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
        {
            return Err(format!("span cuts a word: {where_}"));
        }
        if last_position.is_some_and(|p| p > t.position) {
            return Err(format!("position goes back: {where_}"));
        }
        last_position = Some(t.position);
        let alone = tokens(analyzer, word);
        if !alone.iter().any(|a| a.text == t.text) || alone.iter().any(|a| a.position != 0) {
            return Err(format!("{word:?} alone gives {alone:?}: {where_}"));
        }
    }
    Ok(toks.len())
}

#[test]
fn corpus_offsets_cover_words_as_written() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("corpus/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no corpus/*.txt");
    let (mut fr_analyzer, mut exact) = (french_analyzer(), exact_analyzer());
    let mut counted = 0;
    for file in &files {
        let bytes = fs::read(file).expect("corpus file readable");
        let text = String::from_utf8_lossy(&bytes);
        for line in text.lines() {
            counted += check_offsets(&mut fr_analyzer, line).unwrap_or_else(|e| panic!("fr: {e}"));
            counted += check_offsets(&mut exact, line).unwrap_or_else(|e| panic!("exact: {e}"));
        }
    }
    assert!(counted > 1_000, "only {counted} tokens");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// Arbitrary French-ish text: never panics, offsets always valid.
    #[test]
    fn offsets_are_valid_on_any_text(
        text in "([a-zA-Zéèêàçœ0-9]|e\u{301}|[ '’‘ʼ＇.,\\-]|\u{a0}|\u{202f}|\u{2009}|[\u{0}-\u{2fff}]){0,40}"
    ) {
        for analyzer in [&mut french_analyzer(), &mut exact_analyzer()] {
            let toks = tokens(analyzer, &text);
            for t in &toks {
                prop_assert!(t.offset_from < t.offset_to, "{t:?}");
                prop_assert!(text.get(t.offset_from..t.offset_to).is_some(), "{t:?}");
            }
        }
    }
}

/// Analyses `docs` (title, heading, body) as the index writer does, field by field in
/// tantivy's order, with the indexing chains and with the plain ones: same tokens.
fn indexing_chains_agree(docs: &[(String, String, String)]) -> Result<(), TestCaseError> {
    let (mut fr, mut exact, mut pairs) = (french_analyzer(), exact_analyzer(), pairs_analyzer());
    // One copy per field, as each tantivy segment writer has.
    let mut title = indexing_french_analyzer();
    let mut heading = indexing_french_analyzer();
    let mut body = indexing_french_analyzer();
    let mut body_exact = indexing_exact_analyzer();
    let mut body_pairs = indexing_pairs_analyzer();
    let mut lead_title = indexing_french_analyzer();
    for (t, h, b) in docs {
        prop_assert_eq!(tokens(&mut title, t), tokens(&mut fr, t));
        prop_assert_eq!(tokens(&mut heading, h), tokens(&mut fr, h));
        prop_assert_eq!(tokens(&mut body, b), tokens(&mut fr, b));
        prop_assert_eq!(tokens(&mut body_exact, b), tokens(&mut exact, b));
        prop_assert_eq!(tokens(&mut body_pairs, b), tokens(&mut pairs, b));
        prop_assert_eq!(tokens(&mut body_pairs, t), tokens(&mut pairs, t));
        prop_assert_eq!(tokens(&mut lead_title, t), tokens(&mut fr, t));
        // Out of order and again: a stale replay would show here.
        prop_assert_eq!(tokens(&mut body_exact, t), tokens(&mut exact, t));
        prop_assert_eq!(tokens(&mut body, b), tokens(&mut fr, b));
        prop_assert_eq!(tokens(&mut body_pairs, h), tokens(&mut pairs, h));
    }
    Ok(())
}

#[test]
fn indexing_chains_give_the_same_tokens_on_the_sample_corpus() {
    let mut docs = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for entry in fs::read_dir(&root).expect("corpus folder") {
        let path = entry.expect("corpus entry").path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let text = fs::read_to_string(&path).expect("article");
        let mut lines = text.lines().filter(|l| !l.trim().is_empty());
        let title = lines.next().unwrap_or_default().to_string();
        for (i, line) in lines.enumerate() {
            let heading = if i % 3 == 0 {
                ""
            } else {
                "Les Armées du Nord"
            };
            docs.push((title.clone(), heading.to_string(), line.to_string()));
        }
    }
    assert!(docs.len() > 20, "only {} passages", docs.len());
    indexing_chains_agree(&docs).expect("same tokens");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Any sequence of passages, titles repeated as in an article: the indexing chains
    /// replay exactly what the plain chains compute.
    #[test]
    fn indexing_chains_give_the_same_tokens(
        docs in prop::collection::vec(
            (
                prop::sample::select(vec!["L’armée du génie", "Les élections", "", "41 500 soldats"]),
                "([a-zA-Zéèêàçœ0-9]|e\u{301}|[ '’‘ʼ＇.,\\-]|\u{a0}|\u{202f}){0,12}",
                "([a-zA-Zéèêàçœ0-9]|e\u{301}|[ '’‘ʼ＇.,\\-]|\u{a0}|\u{202f}|[\u{0}-\u{2fff}]){0,40}",
            ),
            0..8,
        )
    ) {
        let docs: Vec<(String, String, String)> = docs
            .into_iter()
            .map(|(t, h, b)| (t.to_string(), h, b))
            .collect();
        indexing_chains_agree(&docs)?;
    }
}
