//! Stage 4: numbers as the French write them (`41 500`, `41.500` → `41500`).

use tantivy::tokenizer::Token;

use super::stage::{TokenStage, token_filter};

fn is_group_separator(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '.')
}

/// True when `word` is a grouped integer (`41 500`, `12.000`, `1 000 000`), optionally
/// followed by a decimal comma part (`1 500,50`): first group 1–3 digits, every
/// following group exactly 3. `1,8`, `3.14`, `2024` and `192.168.1.1` are not.
fn has_digit_groups(word: &str) -> bool {
    let (integer, decimals) = match word.split_once(',') {
        Some((integer, decimals)) => (integer, Some(decimals)),
        None => (word, None),
    };
    if decimals.is_some_and(|d| d.is_empty() || !d.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let mut groups = 0;
    let mut group_len = 0;
    for c in integer.chars() {
        if c.is_ascii_digit() {
            group_len += 1;
        } else if is_group_separator(c) {
            let ok = if groups == 0 {
                (1..=3).contains(&group_len)
            } else {
                group_len == 3
            };
            if !ok {
                return false;
            }
            groups += 1;
            group_len = 0;
        } else {
            return false;
        }
    }
    groups > 0 && group_len == 3
}

/// Token filter: removes digit-group separators so every spelling of a number indexes as
/// one term (`41 500`, `41\u{a0}500`, `41.500`, `41500` → `41500`). A decimal comma is
/// kept (`1,8` stays `1,8`). Offsets still cover the number as written.
#[derive(Clone, Default)]
pub struct Numbers;

token_filter!(Numbers);

impl TokenStage for Numbers {
    fn apply(&mut self, _: &str, token: &mut Token) -> bool {
        let text = &mut token.text;
        if text.as_bytes().first().is_some_and(u8::is_ascii_digit) && has_digit_groups(text) {
            text.retain(|c| !is_group_separator(c));
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::test_util::texts;
    use crate::analysis::words::FrenchWords;
    use tantivy::tokenizer::TextAnalyzer;

    fn numbers(text: &str) -> Vec<String> {
        let mut analyzer = TextAnalyzer::builder(FrenchWords::default())
            .filter(Numbers)
            .build();
        texts(&mut analyzer, text)
    }

    #[test]
    fn removes_group_separators() {
        for n in [
            "41 500",
            "41\u{a0}500",
            "41\u{202f}500",
            "41\u{2009}500",
            "41.500",
            "41500",
        ] {
            assert_eq!(numbers(n), ["41500"], "{n:?}");
        }
        assert_eq!(numbers("12.000"), ["12000"]);
        assert_eq!(numbers("100 000"), ["100000"]);
        assert_eq!(numbers("2.000.000"), ["2000000"]);
        assert_eq!(numbers("1 500,50"), ["1500,50"]);
    }

    #[test]
    fn leaves_other_numbers() {
        assert_eq!(numbers("1,8 million"), ["1,8", "million"]);
        assert_eq!(
            numbers("2024 19 3.14 1.5 192.168.1.1"),
            ["2024", "19", "3.14", "1.5", "192.168.1.1"]
        );
        assert_eq!(numbers("2000-2024"), ["2000", "2024"]);
        assert_eq!(
            numbers("1234.567 1.50 1,8,9"),
            ["1234.567", "1.50", "1,8,9"]
        );
    }

    #[test]
    fn grouping_rules() {
        assert!(has_digit_groups("1 000.000"));
        assert!(!has_digit_groups("1000"));
        assert!(!has_digit_groups("1 00"));
        assert!(!has_digit_groups("1  000"));
        assert!(!has_digit_groups("1 000,"));
        assert!(!has_digit_groups("1 000,5a"));
    }
}
