//! Property tests over arbitrary Unicode text: analyzer offsets, highlighting, and
//! normalization. `PROPTEST_CASES` raises the case count for a long run.

use fouille::analysis::{exact_analyzer, french_analyzer};
use fouille::highlight::{self, Matcher};
use proptest::prelude::*;
use tantivy::tokenizer::TextAnalyzer;
use unicode_normalization::UnicodeNormalization;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

/// Text mixing French words, accents (composed and combining), apostrophes, digits with
/// spaces, punctuation, emoji, RTL scripts, controls, and arbitrary characters.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(vec![
            "soldats", "génie", "Corée", "l’armée", "l'armée", "d’", "œuvre", "ŒUVRE", "cœur", "100 000",
            "41 500", "12,5", "nord-coréens", "Kim Jong-un", "« ", " »", "“", "\"", "…", "—", "-", "+", "OR",
            "title:", "ﬁ", "ß", "İ", "ǅ", "e\u{301}", "E\u{301}TE\u{301}", "\u{200b}", "\u{feff}", "\u{a0}",
            "\u{202f}", "\t", "\r\n", "\n", "\u{0}", "\u{1b}", "🇰🇵", "👍🏽", "👨‍👩‍👧", "كوريا", "צפון", "\u{202e}",
            "漢字", "한국", "𝕂", "\u{fffd}", "Ⅻ", "½", "²", "٣", "  ",
        ])
        .prop_map(String::from),
        2 => "[a-zA-Zàâäéèêëîïôöùûüÿçœæ’' ]{1,12}",
        1 => any::<String>(),
        1 => prop::collection::vec(any::<char>(), 0..8).prop_map(|v| v.into_iter().collect()),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.join(" "))
}

#[derive(Debug)]
struct Tok {
    from: usize,
    to: usize,
    position: usize,
    text: String,
}

fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(t) = stream.next() {
        out.push(Tok {
            from: t.offset_from,
            to: t.offset_to,
            position: t.position,
            text: t.text.clone(),
        });
    }
    out
}

fn check_offsets(text: &str, toks: &[Tok]) -> Result<(), TestCaseError> {
    let mut last = (0, 0);
    for t in toks {
        prop_assert!(t.from <= t.to && t.to <= text.len(), "out of bounds: {t:?}");
        prop_assert!(
            text.is_char_boundary(t.from) && text.is_char_boundary(t.to),
            "not on a char boundary: {t:?}"
        );
        prop_assert!(t.from >= last.0, "offsets go back: {t:?} after {last:?}");
        prop_assert!(
            t.position >= last.1,
            "positions go back: {t:?} after {last:?}"
        );
        last = (t.from, t.position);
    }
    Ok(())
}

fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    tokens(analyzer, text)
        .into_iter()
        .map(|t| (t.position, t.text))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn french_offsets_are_in_bounds_on_boundaries_and_non_decreasing(text in text()) {
        check_offsets(&text, &tokens(&mut french_analyzer(), &text))?;
    }

    #[test]
    fn exact_offsets_are_in_bounds_on_boundaries_and_non_decreasing(text in text()) {
        check_offsets(&text, &tokens(&mut exact_analyzer(), &text))?;
    }

    #[test]
    fn nfc_and_nfd_give_the_same_terms(text in text()) {
        let nfc: String = text.nfc().collect();
        let nfd: String = text.nfd().collect();
        prop_assert_eq!(terms(&mut french_analyzer(), &nfc), terms(&mut french_analyzer(), &nfd));
        prop_assert_eq!(terms(&mut exact_analyzer(), &nfc), terms(&mut exact_analyzer(), &nfd));
    }

    #[test]
    fn highlighting_never_panics_and_stays_inside_the_passage(
        text in text(),
        query in text(),
        budget in 0usize..400,
    ) {
        let mut fr = french_analyzer();
        // Terms of the query, and some of the passage itself so that things match.
        let mut matcher = Matcher::default();
        let q = terms(&mut fr, &query);
        matcher.add_unit(q.iter().take(1).cloned().collect());
        if q.len() > 1 {
            let base = q[1].0;
            matcher.add_phrase(q[1..].iter().map(|(p, t)| (p - base, t.clone())).collect());
        }
        let own = terms(&mut fr, &text);
        for (i, (_, t)) in own.iter().enumerate() {
            if i % 3 == 0 {
                matcher.add_term(t.clone());
            }
        }
        if own.len() > 2 {
            let base = own[1].0;
            matcher.add_phrase(own[1..3].iter().map(|(p, t)| (p - base, t.clone())).collect());
        }
        let spans = highlight::find(&mut fr, &text, &matcher);
        let mut last_end = 0;
        for &(s, e) in &spans {
            prop_assert!(s < e && e <= text.len(), "span {s}..{e} outside {}", text.len());
            prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
            prop_assert!(s >= last_end, "spans overlap or are unsorted: {spans:?}");
            last_end = e;
        }
        let (shown, shifted) = highlight::snippet(&text, &spans, budget);
        for &(s, e) in &shifted {
            prop_assert!(s <= e && e <= shown.len(), "snippet span {s}..{e} outside {}", shown.len());
            prop_assert!(shown.is_char_boundary(s) && shown.is_char_boundary(e));
        }
        prop_assert!(shifted.len() <= spans.len());
    }
}
