//! Phrases with stop words: `"au figuré"`, `"troupes du génie"`. The `body` field keeps
//! each stop word as a marked term (`analysis::MarkStopWords`) at its position, so a
//! quoted phrase's stop words are terms of its phrase query (`troupes de génie` does not
//! match) and of its highlighting.

use tantivy::tokenizer::TextAnalyzer;

use super::units::tokens;
use crate::analysis::is_marked;

/// The phrase of `text` with its stop words: the content terms `run` (from
/// [`super::units::analyze_units`]) and the stop words as `fr_body` marks them, in
/// position order. Empty when `text` has no stop word. The run's positions may be
/// renumbered from the text's, so the stop words are placed relative to the first
/// content word.
pub(super) fn with_stops(
    body: &mut TextAnalyzer,
    text: &str,
    run: &[(usize, String)],
) -> Vec<(usize, String)> {
    let toks = tokens(body, text);
    if !toks.iter().any(|t| is_marked(&t.text)) {
        return Vec::new();
    }
    let first_word = toks
        .iter()
        .find(|t| !is_marked(&t.text))
        .map(|t| t.position);
    let (Some(word_at), Some((run_at, _))) = (first_word, run.first()) else {
        // Only stop words: the text's own positions.
        return toks.into_iter().map(|t| (t.position, t.text)).collect();
    };
    // Shift everything so the earliest term is at 0 or later.
    let lead = toks
        .first()
        .map_or(0, |t| word_at - t.position.min(word_at));
    let base = run_at + lead;
    let mut all: Vec<(usize, String)> = run.iter().map(|(p, t)| (p + lead, t.clone())).collect();
    all.extend(
        toks.into_iter()
            .filter(|t| is_marked(&t.text))
            .map(|t| (t.position + base - word_at, t.text)),
    );
    all.sort_by_key(|(position, _)| *position);
    all
}

/// `phrase` with positions relative to its first term.
pub(super) fn relative(phrase: &[(usize, String)]) -> Vec<(usize, String)> {
    let base = phrase.first().map_or(0, |(p, _)| *p);
    phrase.iter().map(|(p, t)| (p - base, t.clone())).collect()
}

/// Byte spans of `text` where one of `phrases` (`fr_body` terms, positions relative to the
/// first, as from [`relative`]) occurs: from its first word's start to its last word's end.
pub(super) fn spans(
    body: &mut TextAnalyzer,
    text: &str,
    phrases: &[Vec<(usize, String)>],
) -> Vec<(usize, usize)> {
    if phrases.is_empty() {
        return Vec::new();
    }
    let toks = tokens(body, text);
    let mut out = Vec::new();
    for phrase in phrases {
        let Some((_, first)) = phrase.first() else {
            continue;
        };
        for (i, start) in toks.iter().enumerate().filter(|(_, t)| &t.text == first) {
            let mut end = start.offset_to;
            let whole = phrase[1..].iter().all(|(rel, term)| {
                let pos = start.position + rel;
                let found = toks[i..]
                    .iter()
                    .take_while(|t| t.position <= pos)
                    .find(|t| t.position == pos && &t.text == term);
                if let Some(t) = found {
                    end = end.max(t.offset_to);
                }
                found.is_some()
            });
            if whole {
                out.push((start.offset_from, end));
            }
        }
    }
    out
}

/// `a` and `b` (each sorted) as one sorted list of disjoint spans.
pub(super) fn merge(mut a: Vec<(usize, usize)>, b: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    if b.is_empty() {
        return a;
    }
    a.extend(b);
    a.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(a.len());
    for (s, e) in a {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{body_analyzer, french_analyzer};

    /// The phrase of `text` as compile.rs builds it: content terms from `fr` (numbered
    /// from 0 here, as a renumbered run would be), stop words from `fr_body`.
    fn phrase_of(text: &str) -> Vec<(usize, String)> {
        let toks = tokens(&mut french_analyzer(), text);
        let base = toks.first().map_or(0, |t| t.position);
        let run: Vec<(usize, String)> = toks
            .into_iter()
            .map(|t| (t.position - base, t.text))
            .collect();
        relative(&with_stops(&mut body_analyzer(), text, &run))
    }

    #[test]
    fn phrase_spans_include_their_stop_words() {
        let mut body = body_analyzer();
        let au_figure = phrase_of("au figuré");
        assert_eq!(
            au_figure,
            [(0, "\u{1}au".to_string()), (1, "figur".to_string())]
        );
        let text = "Un figuré, puis au figuré, et Au Figure.";
        let found = spans(&mut body, text, &[au_figure]);
        let words: Vec<&str> = found.iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(words, ["au figuré", "Au Figure"]);
        let genie = phrase_of("troupes du génie");
        assert_eq!(genie.len(), 3);
        assert_eq!(
            phrase_of("conflit à la fin"),
            [
                (0, "confl".to_string()),
                (1, "\u{1}a".to_string()),
                (2, "\u{1}la".to_string()),
                (3, "fin".to_string())
            ]
        );
        assert!(phrase_of("escalade majeure").is_empty());
        let text = "des troupes de génie et des troupes du génie";
        let found = spans(&mut body, text, &[genie]);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].0..found[0].1], "troupes du génie");
    }

    #[test]
    fn merge_joins_overlaps() {
        assert_eq!(
            merge(vec![(0, 3), (10, 12)], vec![(2, 5), (20, 22)]),
            [(0, 5), (10, 12), (20, 22)]
        );
    }
}
