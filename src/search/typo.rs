//! Typo tolerance: a query word that matches nothing is also searched with one or two
//! edits, by word length as Meilisearch does (no typo under 5 letters, one up to 8, two
//! from 9). Candidates come from the exact-form field, so a correction is a word really
//! written in the corpus and can be shown as "did you mean".

use std::collections::HashMap;

use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// Edits allowed for a word of this many characters.
pub fn max_typos(word: &str) -> u8 {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// A word of the corpus close to the query word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Correction {
    /// As indexed in the exact field (lowercase, accents kept).
    pub word: String,
    pub distance: u8,
    /// Passages containing it.
    pub doc_freq: u64,
}

/// Words of `field` within `max` edits of `word` (lowercase), closest first, then the most
/// frequent; at most `limit`.
pub fn corrections(
    searcher: &Searcher,
    field: Field,
    word: &str,
    max: u8,
    limit: usize,
) -> Vec<Correction> {
    if max == 0 || word.chars().any(|c| c.is_ascii_digit()) {
        return Vec::new();
    }
    let query = FuzzyTermQuery::new(Term::from_field_text(field, word), max, true);
    let mut found: HashMap<String, u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        let (Ok(automaton), Ok(inverted)) = (query.automaton(), segment.inverted_index(field))
        else {
            continue;
        };
        let Ok(mut stream) = inverted.terms().search(automaton).into_stream() else {
            continue;
        };
        while stream.advance() {
            if let Ok(term) = std::str::from_utf8(stream.key()) {
                *found.entry(term.to_string()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
    }
    let mut out: Vec<Correction> = found
        .into_iter()
        .filter(|(w, _)| w != word)
        .map(|(w, doc_freq)| Correction {
            distance: edit_distance(word, &w),
            word: w,
            doc_freq,
        })
        .collect();
    out.sort_by(|a, b| {
        a.distance
            .cmp(&b.distance)
            .then(b.doc_freq.cmp(&a.doc_freq))
            .then(a.word.cmp(&b.word))
    });
    out.truncate(limit);
    out
}

/// Damerau-Levenshtein (optimal string alignment) distance in characters, capped at 255.
pub fn edit_distance(a: &str, b: &str) -> u8 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(w) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()].min(255) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typo_budget_grows_with_length() {
        assert_eq!(max_typos("Kim"), 0);
        assert_eq!(max_typos("Kousk"), 1);
        assert_eq!(max_typos("génie"), 1);
        assert_eq!(max_typos("balistiqes"), 2);
    }

    #[test]
    fn distance_counts_transpositions_as_one() {
        assert_eq!(edit_distance("kousk", "koursk"), 1);
        assert_eq!(edit_distance("poutnie", "poutine"), 1);
        assert_eq!(edit_distance("génie", "genie"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
