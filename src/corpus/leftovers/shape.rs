//! The shape of a paragraph (jusText's signals): how many words, what share of them
//! are French stop words, whether it ends like a sentence. A paragraph that reads as
//! prose is content wherever it stands; a short one that does not is a leftover when
//! it lies outside the article's prose (see `position` in the parent module).

use crate::analysis::is_stop_word;
use crate::corpus::text::{first_significant, last_significant};

/// Words looked at: the share of stop words is stable long before that.
const SAMPLE_WORDS: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Shape {
    /// Words, counted up to [`SAMPLE_WORDS`].
    pub(crate) words: usize,
    /// Share of stop words among the sampled words.
    pub(crate) stop_share: f32,
    pub(crate) ends_sentence: bool,
    pub(crate) starts_capital: bool,
}

impl Shape {
    pub(crate) fn of(text: &str) -> Shape {
        let mut words = 0;
        let mut stops = 0;
        for word in text.split_whitespace().take(SAMPLE_WORDS) {
            words += 1;
            let lower = word
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            // `l’armée`, `qu'il`: the elided article counts as the stop word it is.
            let head = lower.split(['\'', '’']).next().unwrap_or("");
            if is_stop_word(&lower) || (head.len() < lower.len() && is_stop_word(head)) {
                stops += 1;
            }
        }
        Shape {
            words,
            stop_share: if words == 0 {
                0.0
            } else {
                stops as f32 / words as f32
            },
            ends_sentence: matches!(last_significant(text), Some('.' | '!' | '?' | '…')),
            starts_capital: first_significant(text)
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()),
        }
    }

    /// Reads as prose: a capitalised sentence, or a long run of words with a normal
    /// share of stop words (French prose has 30–50 %).
    pub(crate) fn is_prose(&self) -> bool {
        (self.ends_sentence && self.starts_capital)
            || (self.words >= 8 && self.stop_share >= 0.2)
            || self.words >= 25
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_and_not_prose() {
        for p in [
            "Deuxième paragraphe.",
            "Les forces nord-coréennes pourraient aider à la restauration des zones dévastées",
            "Vladimir Poutine et Kim Jong Un à Pyongyang, en Corée du Nord, le 19 juin 2024. ( POOL / VLADIMIR SMIRNOV )",
        ] {
            assert!(Shape::of(p).is_prose(), "{p}");
        }
        for p in [
            "Kim Yo-Jong",
            "Nouveaux articles",
            "Ukraine Russie Corée du Nord Kim Jong-un Poutine Kiev",
            "fin.",
            "suite en minuscules.",
        ] {
            assert!(!Shape::of(p).is_prose(), "{p}");
        }
    }

    #[test]
    fn stop_share_counts_elisions() {
        let s = Shape::of("l’armée de la Russie");
        assert_eq!(s.words, 4);
        assert!((s.stop_share - 0.75).abs() < 1e-6);
    }
}
