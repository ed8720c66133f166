//! Stage 5 (`fr_pairs` chain only): stop-word pairs, as Lucene's CommonGrams.
//!
//! The stemmed field drops stop words, so `"au figuré"` would match every `figuré`. This
//! stage turns each pair of adjacent words of which one is a stop word into one term
//! (`au figure`, `troupes du`, `du genie`, accent-folded), at the position of the pair's
//! second word; other words give no token (the stemmed field has them). A phrase with stop
//! words then requires its pairs, in order: an exact match that stays a few postings
//! lookups, instead of re-reading passages.

use tantivy::tokenizer::Token;

use super::accents::fold_accents_into;
use super::stage::{TokenStage, token_filter};
use super::stop_words::is_stop_word;

#[derive(Clone, Default)]
pub struct StopWordPairs {
    /// The previous word: folded text, position, start offset, whether a stop word.
    prev: Option<(String, usize, usize, bool)>,
    /// A buffer to reuse for the next word's folded text.
    spare: String,
}

token_filter!(StopWordPairs);

impl TokenStage for StopWordPairs {
    fn reset(&mut self) {
        self.prev = None;
    }

    fn apply(&mut self, _: &str, token: &mut Token) -> bool {
        let stop = is_stop_word(&token.text);
        let mut folded = std::mem::take(&mut self.spare);
        folded.clear();
        fold_accents_into(&token.text, &mut folded);
        let current = (folded, token.position, token.offset_from, stop);
        let Some((prev, prev_position, from, prev_stop)) = self.prev.replace(current) else {
            return false;
        };
        let pair = prev_position + 1 == token.position && (stop || prev_stop);
        if pair {
            token.text.clear();
            token.text.push_str(&prev);
            token.text.push(' ');
            if let Some((word, ..)) = &self.prev {
                token.text.push_str(word);
            }
            // The pair stands at its second word's position: the tokenizer numbers the
            // next word from this token's position, which must stay.
            token.offset_from = from;
        }
        self.spare = prev;
        pair
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::pairs_analyzer;
    use crate::analysis::test_util::tokens;

    #[test]
    fn pairs_with_a_stop_word_only() {
        let toks = tokens(&mut pairs_analyzer(), "Les troupes du génie, au figuré");
        let texts: Vec<(&str, usize)> =
            toks.iter().map(|t| (t.text.as_str(), t.position)).collect();
        assert_eq!(
            texts,
            [
                ("les troupes", 1),
                ("troupes du", 2),
                ("du genie", 3),
                ("genie au", 4),
                ("au figure", 5)
            ]
        );
        // Offsets cover both words as written.
        let t = &toks[4];
        assert_eq!(
            &"Les troupes du génie, au figuré"[t.offset_from..t.offset_to],
            "au figuré"
        );
        assert!(tokens(&mut pairs_analyzer(), "escalade majeure").is_empty());
    }
}
