//! Stage 6 (`fr` chain only): add the accent-free spelling of a word at the same position.

use std::mem;

use tantivy::tokenizer::Token;

use super::accents::fold_accents_into;
use super::stage::{TokenStage, token_filter};

/// Token filter: after a token with diacritics (`sécurité`), emits a second token with the
/// same position and offsets holding its folded spelling (`securite`).
///
/// Snowball does not stem both spellings alike (`sécurité` → `sécur`, `securite` →
/// `securit`), so stemming only the accented form would make an accent-free query miss
/// accented text. With this stage before the stemmer, the text indexes both
/// `fold(stem(w))` and `stem(fold(w))`, and an accent-free query's `stem(w)` is one of
/// them. Identical results are dropped later by the dedup stage.
#[derive(Clone, Default)]
pub struct AccentVariants {
    /// The folded spelling waiting to be emitted when `pending`.
    variant: String,
    pending: bool,
}

token_filter!(AccentVariants);

impl TokenStage for AccentVariants {
    fn reset(&mut self) {
        self.pending = false;
    }

    fn apply(&mut self, _: &str, token: &mut Token) -> bool {
        if !token.text.is_ascii() {
            fold_accents_into(&token.text, &mut self.variant);
            self.pending = self.variant != token.text;
        }
        true
    }

    fn repeat(&mut self, token: &mut Token) -> bool {
        // Same token (position, offsets), new text; later stages may have changed the
        // text in between, which is why the variant is kept aside.
        self.pending && {
            self.pending = false;
            mem::swap(&mut token.text, &mut self.variant);
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::test_util::tokens;
    use tantivy::tokenizer::{SimpleTokenizer, TextAnalyzer};

    #[test]
    fn emits_folded_variant_at_same_position() {
        let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(AccentVariants::default())
            .build();
        let got: Vec<_> = tokens(&mut analyzer, "la sécurité Москва")
            .into_iter()
            .map(|t| (t.position, t.text, t.offset_from, t.offset_to))
            .collect();
        assert_eq!(
            got,
            [
                (0, "la".to_string(), 0, 2),
                (1, "sécurité".to_string(), 3, 13),
                (1, "securite".to_string(), 3, 13),
                (2, "Москва".to_string(), 14, 26),
            ]
        );
    }
}
