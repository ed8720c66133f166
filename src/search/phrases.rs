//! Phrases with stop words: `"au figuré"`, `"troupes du génie"`. The stemmed field keeps
//! only the content words (with gaps); the pairs field (`fr_pairs`, see
//! `analysis::pairs`) holds each stop word joined to its neighbour, so a phrase requires
//! its pairs in order, and highlighting covers the stop words too.

use tantivy::tokenizer::TextAnalyzer;

use super::units::tokens;

/// The stop-word pairs of `text`, positions relative to the first pair (empty when the
/// phrase has no stop word).
pub(super) fn pair_terms(pairs: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let toks = tokens(pairs, text);
    let base = toks.first().map_or(0, |t| t.position);
    toks.into_iter()
        .map(|t| (t.position - base, t.text))
        .collect()
}

/// Byte spans of `text` where one of `phrases` (pair terms, as from [`pair_terms`]) occurs:
/// from its first pair's start to its last pair's end.
pub(super) fn spans(
    pairs: &mut TextAnalyzer,
    text: &str,
    phrases: &[Vec<(usize, String)>],
) -> Vec<(usize, usize)> {
    if phrases.is_empty() {
        return Vec::new();
    }
    let toks = tokens(pairs, text);
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
    use crate::analysis::pairs_analyzer;

    #[test]
    fn phrase_spans_include_their_stop_words() {
        let mut pairs = pairs_analyzer();
        let au_figure = pair_terms(&mut pairs, "au figuré");
        assert_eq!(au_figure, [(0, "au figure".to_string())]);
        let text = "Un figuré, puis au figuré, et Au Figure.";
        let found = spans(&mut pairs, text, &[au_figure]);
        let words: Vec<&str> = found.iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(words, ["au figuré", "Au Figure"]);
        let genie = pair_terms(&mut pairs, "troupes du génie");
        let text = "des troupes de génie et des troupes du génie";
        let found = spans(&mut pairs, text, &[genie]);
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
