//! Stage 9 (`fr` chain only): drop a token identical to the previous one at its position.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Token filter: removes a token whose position and text equal the previous token's. The
/// accent-variant stage emits two spellings per accented word; after stemming and folding
/// they often give the same term (`génie`, `genie` → `gen`), which should count once.
#[derive(Clone, Default)]
pub struct DedupSamePosition;

impl TokenFilter for DedupSamePosition {
    type Tokenizer<T: Tokenizer> = DedupSamePositionFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> DedupSamePositionFilter<T> {
        DedupSamePositionFilter {
            tokenizer,
            previous: String::new(),
        }
    }
}

#[derive(Clone)]
pub struct DedupSamePositionFilter<T> {
    tokenizer: T,
    previous: String,
}

impl<T: Tokenizer> Tokenizer for DedupSamePositionFilter<T> {
    type TokenStream<'a> = DedupSamePositionStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.previous.clear();
        DedupSamePositionStream {
            tail: self.tokenizer.token_stream(text),
            previous: &mut self.previous,
            previous_position: None,
        }
    }
}

pub struct DedupSamePositionStream<'a, T> {
    tail: T,
    /// Text of the last emitted token (a reused buffer: one copy of a short word).
    previous: &'a mut String,
    previous_position: Option<usize>,
}

impl<T: TokenStream> TokenStream for DedupSamePositionStream<'_, T> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            let token = self.tail.token();
            if self.previous_position == Some(token.position) && *self.previous == token.text {
                continue;
            }
            self.previous_position = Some(token.position);
            self.previous.clear();
            self.previous.push_str(&token.text);
            return true;
        }
        false
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
    use crate::analysis::accent_variants::AccentVariants;
    use crate::analysis::accents::AccentFolding;
    use crate::analysis::test_util::tokens;
    use tantivy::tokenizer::{SimpleTokenizer, TextAnalyzer};

    #[test]
    fn drops_same_text_at_same_position_only() {
        // Variants of `été` fold to the same `ete`; the next `ete` has its own position.
        let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(AccentVariants)
            .filter(AccentFolding)
            .filter(DedupSamePosition)
            .build();
        let got: Vec<_> = tokens(&mut analyzer, "été ete ete")
            .into_iter()
            .map(|t| (t.position, t.text))
            .collect();
        assert_eq!(
            got,
            [
                (0, "ete".to_string()),
                (1, "ete".to_string()),
                (2, "ete".to_string())
            ]
        );
    }
}
