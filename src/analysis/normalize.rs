//! Stage 2: NFC, one apostrophe, lowercase, `œ`/`æ` ligatures spelled out.

use std::mem;

use tantivy::tokenizer::Token;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::stage::{TokenStage, token_filter};

/// Apostrophes that French text uses for elision (`l’armée`, `l'armée`, `lʼarmée`...).
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{2bc}' | '\u{ff07}')
}

/// Token filter: NFC first (NFD input `ge\u{301}nie` must become `génie` before anything
/// compares or stems it), then a single pass mapping every apostrophe to `'`, lowercasing
/// and spelling out `œ`→`oe`, `æ`→`ae` (the stemmer and users write `coeur` as often as
/// `cœur`). Offsets are untouched.
#[derive(Clone, Default)]
pub struct Normalize {
    buffer: String,
}

token_filter!(Normalize);

fn push_normalized(chars: impl Iterator<Item = char>, out: &mut String) {
    for c in chars {
        match c {
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c if is_apostrophe(c) => out.push('\''),
            'œ' | 'Œ' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// Normalizes `text` into `out` (cleared first). `out` is the buffer reused across tokens.
pub fn normalize_into(text: &str, out: &mut String) {
    out.clear();
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        push_normalized(text.chars(), out);
    } else {
        push_normalized(text.nfc(), out);
    }
}

impl TokenStage for Normalize {
    fn apply(&mut self, _: &str, token: &mut Token) -> bool {
        if token.text.is_ascii() {
            // ASCII is NFC and its only apostrophe is already `'`.
            token.text.make_ascii_lowercase();
        } else {
            normalize_into(&token.text, &mut self.buffer);
            mem::swap(&mut token.text, &mut self.buffer);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::test_util::texts;
    use tantivy::tokenizer::{RawTokenizer, TextAnalyzer};

    fn norm(text: &str) -> String {
        let mut analyzer = TextAnalyzer::builder(RawTokenizer::default())
            .filter(Normalize::default())
            .build();
        texts(&mut analyzer, text).concat()
    }

    #[test]
    fn lowercases() {
        assert_eq!(norm("ARMÉE Russe"), "armée russe");
        assert_eq!(norm("ÉTATS-UNIS"), "états-unis");
    }

    #[test]
    fn composes_nfd() {
        assert_eq!(norm("ge\u{301}nie"), "génie");
        assert_eq!(norm("GE\u{301}NIE"), "génie");
    }

    #[test]
    fn unifies_apostrophes() {
        for a in ["'", "’", "‘", "ʼ", "＇"] {
            assert_eq!(norm(&format!("L{a}Armée")), "l'armée");
        }
    }

    #[test]
    fn spells_out_ligatures() {
        assert_eq!(norm("Cœur ŒUVRE Lætitia"), "coeur oeuvre laetitia");
    }
}
