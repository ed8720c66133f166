//! Stage 6 (`fr` chain only): add the accent-free spelling of a word at the same position.

use std::mem;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use super::accents::fold_accents_into;

/// Token filter: after a token with diacritics (`sécurité`), emits a second token with the
/// same position and offsets holding its folded spelling (`securite`).
///
/// Snowball does not stem both spellings alike (`sécurité` → `sécur`, `securite` →
/// `securit`), so stemming only the accented form would make an accent-free query miss
/// accented text. With this stage before the stemmer, the text indexes both
/// `fold(stem(w))` and `stem(fold(w))`, and an accent-free query's `stem(w)` is one of
/// them. Identical results are dropped later by the dedup stage.
#[derive(Clone, Default)]
pub struct AccentVariants;

impl TokenFilter for AccentVariants {
    type Tokenizer<T: Tokenizer> = AccentVariantsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> AccentVariantsFilter<T> {
        AccentVariantsFilter {
            tokenizer,
            variant: String::new(),
        }
    }
}

#[derive(Clone)]
pub struct AccentVariantsFilter<T> {
    tokenizer: T,
    variant: String,
}

impl<T: Tokenizer> Tokenizer for AccentVariantsFilter<T> {
    type TokenStream<'a> = AccentVariantsStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        AccentVariantsStream {
            tail: self.tokenizer.token_stream(text),
            variant: &mut self.variant,
            pending: false,
        }
    }
}

pub struct AccentVariantsStream<'a, T> {
    tail: T,
    /// The folded spelling waiting to be emitted when `pending`.
    variant: &'a mut String,
    pending: bool,
}

impl<T: TokenStream> TokenStream for AccentVariantsStream<'_, T> {
    fn advance(&mut self) -> bool {
        if self.pending {
            // Same token (position, offsets), new text; later stages may have changed the
            // text in between, which is why the variant is kept aside.
            self.pending = false;
            mem::swap(&mut self.tail.token_mut().text, self.variant);
            return true;
        }
        if !self.tail.advance() {
            return false;
        }
        let text = &self.tail.token().text;
        if !text.is_ascii() {
            fold_accents_into(text, self.variant);
            self.pending = self.variant != text;
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
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
            .filter(AccentVariants)
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
