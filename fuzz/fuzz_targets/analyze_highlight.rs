//! Arbitrary text → French and exact analysis (offsets checked) → highlight::find with
//! terms taken from the text itself → highlight::snippet.
#![no_main]

use fouille::analysis;
use fouille::highlight::{self, Matcher};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (budget, rest) = data
        .split_first()
        .map_or((0, data), |(b, r)| (usize::from(*b), r));
    let text = String::from_utf8_lossy(rest);
    let mut french = analysis::french_analyzer();
    let mut exact = analysis::exact_analyzer();
    let mut terms = Vec::new();
    for analyzer in [&mut french, &mut exact] {
        let mut stream = analyzer.token_stream(&text);
        let mut last_from = 0;
        while let Some(t) = stream.next() {
            assert!(
                t.offset_from <= t.offset_to && t.offset_to <= text.len(),
                "{t:?}"
            );
            assert!(
                text.is_char_boundary(t.offset_from) && text.is_char_boundary(t.offset_to),
                "{t:?}"
            );
            assert!(t.offset_from >= last_from, "offsets go back: {t:?}");
            last_from = t.offset_from;
            terms.push((t.position, t.text.clone()));
        }
    }
    let mut matcher = Matcher::default();
    for (i, (_, term)) in terms.iter().enumerate().filter(|(i, _)| i % 3 == 0) {
        if i % 2 == 0 {
            matcher.add_term(term.clone());
        }
    }
    if terms.len() > 2 {
        let base = terms[1].0;
        let phrase: Vec<_> = terms[1..3]
            .iter()
            .map(|(p, t)| (p.saturating_sub(base), t.clone()))
            .collect();
        matcher.add_phrase(phrase);
    }
    let spans = highlight::find(&mut french, &text, &matcher);
    for &(s, e) in &spans {
        assert!(s < e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e));
    }
    let (shown, shifted) = highlight::snippet(&text, &spans, budget);
    for &(s, e) in &shifted {
        assert!(
            s <= e && e <= shown.len() && shown.is_char_boundary(s) && shown.is_char_boundary(e)
        );
    }
});
