//! Query text → units: one per word as typed (a hyphenated word is one unit of several
//! positions; `100 000` is one token), with the terms of the stemmed and exact fields.

use tantivy::tokenizer::{TextAnalyzer, Token};

use crate::analysis;

/// A query word (or hyphenated compound, or multi-word name) after analysis: terms with
/// relative positions, and the other forms that also match it.
#[derive(Clone, Debug, Default)]
pub(super) struct Unit {
    pub(super) fr: Vec<(usize, String)>,
    pub(super) exact: Vec<(usize, String)>,
    /// The word as typed, for "did you mean".
    pub(super) typed: String,
    /// Other forms of its synonym group.
    pub(super) synonyms: Vec<Vec<(usize, String)>>,
    /// Corpus words one or two edits away, used when the word itself matches nothing.
    pub(super) fuzzy: Vec<Vec<(usize, String)>>,
}

/// The terms of consecutive units as one run, positions relative to the run.
pub(super) fn concat_units(
    units: &[Unit],
    pick: impl Fn(&Unit) -> &Vec<(usize, String)>,
) -> Vec<(usize, String)> {
    units.iter().flat_map(|u| pick(u).iter().cloned()).collect()
}

/// The tokens of `text` (offsets, positions, terms).
pub(super) fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    analyzer
        .token_stream(text)
        .process(&mut |t| out.push(t.clone()));
    out
}

/// Analyse query text into units: one per whitespace-separated word (a hyphenated word is
/// one unit of several positions; `100 000` is one token). Positions are absolute in the
/// text, so stop-word gaps are kept for phrases.
pub(super) fn analyze_units(
    french: &mut TextAnalyzer,
    exact: &mut TextAnalyzer,
    text: &str,
) -> Vec<Unit> {
    let chunk_of = chunk_index(text);
    let fr = tokens(french, text);
    let ex = tokens(exact, text);
    let mut units: Vec<(usize, Unit)> = Vec::new();
    let mut i = 0;
    while i < fr.len() {
        // Tokens at one position are variants of one word (accent variants): keep the
        // accent-free stem, the one every spelling of the word shares.
        let mut j = i + 1;
        while j < fr.len() && fr[j].position == fr[i].position {
            j += 1;
        }
        let term = if j - i == 1 {
            fr[i].text.clone()
        } else {
            let folded = analysis::fold_accents(&text[fr[i].offset_from..fr[i].offset_to]);
            tokens(french, &folded)
                .into_iter()
                .next()
                .map_or_else(|| fr[i].text.clone(), |t| t.text)
        };
        let chunk = chunk_of(fr[i].offset_from);
        match units.last_mut() {
            Some((c, u)) if *c == chunk => u.fr.push((fr[i].position, term)),
            _ => units.push((
                chunk,
                Unit {
                    fr: vec![(fr[i].position, term)],
                    typed: chunk_text(text, fr[i].offset_from).to_string(),
                    ..Unit::default()
                },
            )),
        }
        i = j;
    }
    for t in &ex {
        let chunk = chunk_of(t.offset_from);
        if let Some((_, u)) = units.iter_mut().find(|(c, _)| *c == chunk) {
            u.exact.push((t.position, t.text.clone()));
        }
    }
    // Positions relative to the first token of the whole text, so that units concatenate.
    let base_fr = units
        .first()
        .and_then(|(_, u)| u.fr.first())
        .map_or(0, |(p, _)| *p);
    let base_ex = units
        .first()
        .and_then(|(_, u)| u.exact.first())
        .map_or(0, |(p, _)| *p);
    units
        .into_iter()
        .map(|(_, mut u)| {
            u.fr.iter_mut().for_each(|(p, _)| *p -= base_fr);
            u.exact
                .iter_mut()
                .for_each(|(p, _)| *p = p.saturating_sub(base_ex));
            u
        })
        .collect()
}

/// The whitespace-separated word of `text` holding byte `offset`, without edge punctuation.
fn chunk_text(text: &str, offset: usize) -> &str {
    let start = text[..offset].rfind(char::is_whitespace).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let end = text[offset..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| offset + i);
    text[start..end].trim_matches(|c: char| !c.is_alphanumeric())
}

/// Maps a byte offset of `text` to the index of the whitespace-separated chunk holding it.
/// (Digit groups `100 000` are one token already: a token belongs to the chunk it starts in.)
fn chunk_index(text: &str) -> impl Fn(usize) -> usize {
    let mut starts = Vec::new();
    let mut prev_space = true;
    for (i, c) in text.char_indices() {
        if !c.is_whitespace() && prev_space {
            starts.push(i);
        }
        prev_space = c.is_whitespace();
    }
    move |offset| starts.partition_point(|&s| s <= offset).saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(text: &str) -> Vec<Unit> {
        analyze_units(
            &mut analysis::french_analyzer(),
            &mut analysis::exact_analyzer(),
            text,
        )
    }

    #[test]
    fn one_unit_per_word_as_typed() {
        let u = units("100 000 soldats nord-coréens");
        assert_eq!(u.len(), 3);
        assert_eq!(u[0].fr, [(0, "100000".to_string())]);
        // A hyphenated word is one unit of consecutive positions.
        assert_eq!(
            u[2].fr,
            [(2, "nord".to_string()), (3, "coreen".to_string())]
        );
        assert_eq!(u[2].typed, "nord-coréens");
    }

    #[test]
    fn stop_words_leave_gaps_and_accented_words_one_term() {
        let u = units("troupes du génie");
        assert_eq!(u.len(), 2);
        assert_eq!(u[1].fr, [(2, "gen".to_string())]);
        assert_eq!(u[1].exact, [(2, "génie".to_string())]);
        // `sécurité` indexes `secur` and `securit`: the query keeps the accent-free stem.
        assert_eq!(units("sécurité")[0].fr, [(0, "securit".to_string())]);
    }
}
