//! Stage 1: split text into words (UAX #29) and merge French digit groups.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_segmentation::{UWordBoundIndices, UnicodeSegmentation};

/// Segments longer than this are junk (base64, URLs gone wrong); skipping them keeps the
/// stemmer and the term dictionary sane. Lucene uses the same limit.
pub const MAX_WORD_BYTES: usize = 255;

/// Tokenizer: UAX #29 word segments that contain an alphanumeric char.
///
/// UAX #29 already splits hyphenated words (`nord-coréens` → `nord`, `coréens`), keeps
/// apostrophe-joined words whole (`l’armée`, for the elision stage), keeps combining marks
/// with their base (NFD text) and keeps `41.500` / `1,8` whole. On top of it, French digit
/// grouping `41 500` (space, NBSP, NNBSP or thin space) is merged into one token whose
/// offsets cover the whole number; the numbers stage removes the separators.
#[derive(Clone, Default)]
pub struct FrenchWords {
    token: Token,
}

pub struct FrenchWordsStream<'a> {
    text: &'a str,
    segments: UWordBoundIndices<'a>,
    token: &'a mut Token,
}

impl Tokenizer for FrenchWords {
    type TokenStream<'a> = FrenchWordsStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> FrenchWordsStream<'a> {
        self.token.reset();
        FrenchWordsStream {
            text,
            segments: text.split_word_bound_indices(),
            token: &mut self.token,
        }
    }
}

fn is_word(segment: &str) -> bool {
    if segment.is_ascii() {
        segment.bytes().any(|b| b.is_ascii_alphanumeric())
    } else {
        segment.chars().any(char::is_alphanumeric)
    }
}

/// The spaces French puts between digit groups.
fn is_group_separator(segment: &str) -> bool {
    matches!(segment, " " | "\u{a0}" | "\u{202f}" | "\u{2009}")
}

fn all_ascii_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// What a segment following a separator can be: exactly three digits (more groups may
/// follow), or three digits with a decimal part `500,50` (the number ends there).
enum Group {
    Inner,
    Last,
}

fn following_group(segment: &str) -> Option<Group> {
    let bytes = segment.as_bytes();
    if bytes.len() < 3 || !bytes[..3].iter().all(u8::is_ascii_digit) {
        return None;
    }
    match &segment[3..] {
        "" => Some(Group::Inner),
        rest => {
            let decimals = rest.strip_prefix(',')?;
            all_ascii_digits(decimals).then_some(Group::Last)
        }
    }
}

impl FrenchWordsStream<'_> {
    /// Extends a 1–3 digit number over following `␣ddd` groups; returns the new end.
    fn merge_digit_groups(&mut self, mut end: usize) -> usize {
        loop {
            let mut ahead = self.segments.clone();
            let Some((_, sep)) = ahead.next() else {
                return end;
            };
            if !is_group_separator(sep) {
                return end;
            }
            let Some((start, group)) = ahead.next() else {
                return end;
            };
            let Some(kind) = following_group(group) else {
                return end;
            };
            self.segments = ahead;
            end = start + group.len();
            if let Group::Last = kind {
                return end;
            }
        }
    }
}

impl TokenStream for FrenchWordsStream<'_> {
    fn advance(&mut self) -> bool {
        while let Some((start, segment)) = self.segments.next() {
            if segment.len() > MAX_WORD_BYTES || !is_word(segment) {
                continue;
            }
            let mut end = start + segment.len();
            if segment.len() <= 3 && all_ascii_digits(segment) {
                end = self.merge_digit_groups(end);
            }
            self.token.offset_from = start;
            self.token.offset_to = end;
            self.token.position = self.token.position.wrapping_add(1);
            self.token.text.clear();
            self.token.text.push_str(&self.text[start..end]);
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::test_util::{texts, tokens};
    use tantivy::tokenizer::TextAnalyzer;

    fn words(text: &str) -> Vec<String> {
        texts(&mut TextAnalyzer::from(FrenchWords::default()), text)
    }

    #[test]
    fn splits_words_and_drops_punctuation() {
        assert_eq!(
            words("Kim Jong-un, 2000-2024 !"),
            ["Kim", "Jong", "un", "2000", "2024"]
        );
        assert_eq!(words("nord-coréens"), ["nord", "coréens"]);
        assert_eq!(words("  … « » — "), Vec::<String>::new());
    }

    #[test]
    fn keeps_apostrophe_words_whole() {
        for w in [
            "l’armée",
            "l'armée",
            "l‘armée",
            "lʼarmée",
            "aujourd’hui",
            "qu’il",
        ] {
            assert_eq!(words(w), [w]);
        }
    }

    #[test]
    fn keeps_decomposed_words_whole() {
        assert_eq!(words("ge\u{301}nie civil"), ["ge\u{301}nie", "civil"]);
    }

    #[test]
    fn merges_french_digit_groups() {
        for n in [
            "41 500",
            "41\u{a0}500",
            "41\u{202f}500",
            "41\u{2009}500",
            "100 000",
        ] {
            assert_eq!(words(&format!("soit {n} soldats")), ["soit", n, "soldats"]);
        }
        assert_eq!(words("1 000 000 de"), ["1 000 000", "de"]);
        assert_eq!(words("1 500,50 euros"), ["1 500,50", "euros"]);
        assert_eq!(words("41.500 1,8"), ["41.500", "1,8"]);
    }

    #[test]
    fn does_not_merge_non_groups() {
        assert_eq!(words("2024 1948"), ["2024", "1948"]);
        assert_eq!(words("en 12 2024"), ["en", "12", "2024"]);
        assert_eq!(words("01 23 45"), ["01", "23", "45"]);
        assert_eq!(words("41  500"), ["41", "500"]);
        assert_eq!(words("41 500e"), ["41", "500e"]);
        assert_eq!(words("41 5000"), ["41", "5000"]);
        assert_eq!(words("41 500,5 000"), ["41 500,5", "000"]);
    }

    #[test]
    fn positions_and_offsets() {
        let text = "La Corée, 100 000 soldats";
        let toks = tokens(&mut TextAnalyzer::from(FrenchWords::default()), text);
        let got: Vec<_> = toks
            .iter()
            .map(|t| (t.position, &text[t.offset_from..t.offset_to]))
            .collect();
        assert_eq!(
            got,
            [(0, "La"), (1, "Corée"), (2, "100 000"), (3, "soldats")]
        );
    }

    #[test]
    fn skips_overlong_segments() {
        let long = "a".repeat(MAX_WORD_BYTES + 1);
        assert_eq!(words(&format!("x {long} y")), ["x", "y"]);
    }
}
