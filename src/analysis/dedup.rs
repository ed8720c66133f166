//! Stage 9 (`fr` chain only): drop a token identical to the previous one at its position.

use tantivy::tokenizer::Token;

use super::stage::{TokenStage, token_filter};

/// Token filter: removes a token whose position and text equal the previous token's. The
/// accent-variant stage emits two spellings per accented word; after stemming and folding
/// they often give the same term (`génie`, `genie` → `gen`), which should count once.
#[derive(Clone, Default)]
pub struct DedupSamePosition {
    /// Text of the last emitted token (a reused buffer: one copy of a short word).
    previous: String,
    previous_position: Option<usize>,
}

token_filter!(DedupSamePosition);

impl TokenStage for DedupSamePosition {
    fn reset(&mut self) {
        self.previous.clear();
        self.previous_position = None;
    }

    fn apply(&mut self, _: &str, token: &mut Token) -> bool {
        if self.previous_position == Some(token.position) && self.previous == token.text {
            return false;
        }
        self.previous_position = Some(token.position);
        self.previous.clear();
        self.previous.push_str(&token.text);
        true
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
            .filter(AccentVariants::default())
            .filter(AccentFolding::default())
            .filter(DedupSamePosition::default())
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
