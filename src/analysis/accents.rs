//! Stage 8 (`fr` chain only): fold accents (`é` → `e`, `ç` → `c`) after stemming.

use std::mem;

use tantivy::tokenizer::Token;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use super::stage::{TokenStage, token_filter};

/// Writes `s` without diacritics into `out` (cleared first): canonical decomposition with
/// the combining marks dropped, plus the letters that do not decompose (`œ` `æ` `ø` `ł`
/// `đ` `ß`). Case is kept. Reuse `out` across calls to avoid allocating.
pub fn fold_accents_into(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        out.push_str(s);
        return;
    }
    out.reserve(s.len());
    for c in s.chars() {
        match c {
            c if c.is_ascii() => out.push(c),
            'œ' => out.push_str("oe"),
            'Œ' => out.push_str("OE"),
            'æ' => out.push_str("ae"),
            'Æ' => out.push_str("AE"),
            'ø' => out.push('o'),
            'Ø' => out.push('O'),
            'ł' => out.push('l'),
            'Ł' => out.push('L'),
            'đ' => out.push('d'),
            'Đ' => out.push('D'),
            'ß' => out.push_str("ss"),
            c => decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    out.push(d);
                }
            }),
        }
    }
}

/// `s` without diacritics (`Sécurité` → `Securite`); see [`fold_accents_into`].
pub fn fold_accents(s: &str) -> String {
    let mut out = String::new();
    fold_accents_into(s, &mut out);
    out
}

/// Token filter applying [`fold_accents_into`] to every token.
#[derive(Clone, Default)]
pub struct AccentFolding {
    buffer: String,
}

token_filter!(AccentFolding);

impl TokenStage for AccentFolding {
    fn apply(&mut self, _: &str, token: &mut Token) -> bool {
        if !token.text.is_ascii() {
            fold_accents_into(&token.text, &mut self.buffer);
            mem::swap(&mut token.text, &mut self.buffer);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::test_util::texts;
    use tantivy::tokenizer::{SimpleTokenizer, TextAnalyzer};

    #[test]
    fn folds() {
        assert_eq!(fold_accents("sécurité"), "securite");
        assert_eq!(
            fold_accents("Ça Noël maïs août hôpital"),
            "Ca Noel mais aout hopital"
        );
        assert_eq!(fold_accents("ge\u{301}nie"), "genie");
        assert_eq!(fold_accents("cœur Æ Łódź straße"), "coeur AE Lodz strasse");
        assert_eq!(fold_accents("plain ascii"), "plain ascii");
        assert_eq!(fold_accents("Москва 東京"), "Москва 東京");
    }

    #[test]
    fn reuses_buffer() {
        let mut out = String::from("leftover");
        fold_accents_into("é", &mut out);
        assert_eq!(out, "e");
    }

    #[test]
    fn filter_folds_tokens() {
        let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(AccentFolding::default())
            .build();
        assert_eq!(
            texts(&mut analyzer, "énergie céréales"),
            ["energie", "cereales"]
        );
    }
}
