//! Stage 1: split text into words (UAX #29) and merge French digit groups.
//!
//! Segmentation runs a hand-written replica of unicode-segmentation's forward UAX #29
//! word-bound state machine, restricted to the characters French text is made of (ASCII,
//! Latin-1 Supplement, Latin Extended-A/B, combining diacritics, U+2000–U+203E punctuation).
//! A segment that involves any other character is segmented by unicode-segmentation itself:
//! its iterator keeps no state between segments (each starts in `Start`), so restarting it
//! at a segment boundary yields the same segments. `tests/words_fastpath.rs` checks the
//! equivalence against [`FrenchWords::uax29_only`].

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
    uax29_only: bool,
}

impl FrenchWords {
    /// For tests only: segments with unicode-segmentation alone, without the fast path.
    /// Produces the same tokens as [`FrenchWords::default`], only slower.
    #[doc(hidden)]
    pub fn uax29_only() -> Self {
        FrenchWords {
            token: Token::default(),
            uax29_only: true,
        }
    }

    /// For tests only: the UAX #29 word segments of `text` as `(byte offset, segment)`,
    /// from the fast path (with its fallback) or from unicode-segmentation alone.
    #[doc(hidden)]
    pub fn word_segments(text: &str, uax29_only: bool) -> Vec<(usize, &str)> {
        if uax29_only {
            Segments::Uax29(text.split_word_bound_indices()).collect()
        } else {
            Segments::Fast { text, pos: 0 }.collect()
        }
    }
}

pub struct FrenchWordsStream<'a> {
    text: &'a str,
    segments: Segments<'a>,
    token: &'a mut Token,
}

impl Tokenizer for FrenchWords {
    type TokenStream<'a> = FrenchWordsStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> FrenchWordsStream<'a> {
        self.token.reset();
        let segments = if self.uax29_only {
            Segments::Uax29(text.split_word_bound_indices())
        } else {
            Segments::Fast { text, pos: 0 }
        };
        FrenchWordsStream {
            text,
            segments,
            token: &mut self.token,
        }
    }
}

/// UAX #29 word segments, as `(byte offset, segment)`.
#[derive(Clone)]
enum Segments<'a> {
    /// Fast path, falling back to unicode-segmentation segment by segment.
    Fast {
        text: &'a str,
        pos: usize,
    },
    Uax29(UWordBoundIndices<'a>),
}

impl<'a> Iterator for Segments<'a> {
    type Item = (usize, &'a str);

    #[inline]
    fn next(&mut self) -> Option<(usize, &'a str)> {
        match self {
            Segments::Fast { text, pos } => {
                let start = *pos;
                if start >= text.len() {
                    return None;
                }
                let end = match fast_segment_end(text.as_bytes(), start) {
                    Some(end) => end,
                    None => start + text[start..].split_word_bounds().next().map_or(0, str::len),
                };
                *pos = end;
                Some((start, &text[start..end]))
            }
            Segments::Uax29(segments) => segments.next(),
        }
    }
}

// Word_Break classes as unicode-segmentation 1.13 handles them for the chars of
// `category`. Hebrew_Letter, Katakana, Regional_Indicator, ZWJ and emoji never occur among
// them, so Single_Quote behaves as MidNumLet, Double_Quote as Other, Format as Extend and
// Newline as LF.
const OTHER: u8 = 0;
const LETTER: u8 = 1; // ALetter
const NUMERIC: u8 = 2;
const EXTEND_NUM_LET: u8 = 3;
const MID_LETTER: u8 = 4;
const MID_NUM: u8 = 5;
const MID_NUM_LET: u8 = 6; // and Single_Quote
const SPACE: u8 = 7; // WSegSpace
const CR: u8 = 8;
const LF: u8 = 9; // and Newline
const EXTEND: u8 = 10; // and Format
const UNHANDLED: u8 = 11;

const ASCII_CATEGORY: [u8; 128] = {
    let mut table = [OTHER; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'\n' | 0x0b | 0x0c => LF,
            b'\r' => CR,
            b' ' => SPACE,
            b'\'' | b'.' => MID_NUM_LET,
            b',' | b';' => MID_NUM,
            b':' => MID_LETTER,
            b'0'..=b'9' => NUMERIC,
            b'A'..=b'Z' | b'a'..=b'z' => LETTER,
            b'_' => EXTEND_NUM_LET,
            _ => OTHER,
        };
        b += 1;
    }
    table
};

/// Word_Break class of a non-ASCII char, or `UNHANDLED`.
fn category(c: u32) -> u8 {
    match c {
        0x85 => LF,
        0xaa | 0xb5 | 0xb8 | 0xba | 0xc0..=0xd6 | 0xd8..=0xf6 | 0xf8..=0x24f => LETTER,
        0xad => EXTEND,
        0xb7 => MID_LETTER,
        0x80..=0x24f => OTHER,
        0x300..=0x36f => EXTEND,
        0x2000..=0x2006 | 0x2008..=0x200a => SPACE,
        0x200c | 0x200e | 0x200f | 0x202a..=0x202e => EXTEND,
        0x2018 | 0x2019 | 0x2024 => MID_NUM_LET,
        0x2027 => MID_LETTER,
        0x2028 | 0x2029 => LF,
        0x202f => EXTEND_NUM_LET,
        0x2007 | 0x200b | 0x2010..=0x2017 | 0x201a..=0x2023 | 0x2025 | 0x2026 => OTHER,
        0x2030..=0x203e => OTHER,
        _ => UNHANDLED, // includes U+200D ZWJ
    }
}

/// Class and UTF-8 length of the char starting at `bytes[i]` (`bytes` is valid UTF-8).
#[inline(always)]
fn category_at(bytes: &[u8], i: usize) -> (u8, usize) {
    let b0 = bytes[i];
    if b0 < 0x80 {
        (ASCII_CATEGORY[b0 as usize], 1)
    } else if b0 < 0xe0 {
        let c = (u32::from(b0 & 0x1f) << 6) | u32::from(bytes[i + 1] & 0x3f);
        (category(c), 2)
    } else if b0 < 0xf0 {
        let c = (u32::from(b0 & 0x0f) << 12)
            | (u32::from(bytes[i + 1] & 0x3f) << 6)
            | u32::from(bytes[i + 2] & 0x3f);
        (category(c), 3)
    } else {
        (UNHANDLED, 4)
    }
}

/// End of the UAX #29 word segment starting at `start`, computed like
/// `UWordBounds::next` does, or `None` if it depends on a char `category` does not handle.
fn fast_segment_end(bytes: &[u8], start: usize) -> Option<usize> {
    #[derive(Clone, Copy)]
    enum State {
        Letter,
        Numeric,
        ExtendNumLet,
        Space,
        /// After Letter + MidLetter/MidNumLet (WB6): needs a letter, else rewind.
        NeedLetter,
        /// After Numeric + MidNum/MidNumLet (WB12): needs a digit, else rewind.
        NeedNumeric,
    }
    let len = bytes.len();
    let (first, first_len) = category_at(bytes, start);
    let mut i = start + first_len;
    let mut state = match first {
        LETTER => State::Letter,
        NUMERIC => State::Numeric,
        EXTEND_NUM_LET => State::ExtendNumLet,
        SPACE => State::Space,
        CR => {
            return Some(if bytes.get(i) == Some(&b'\n') {
                i + 1
            } else {
                i
            });
        } // WB3
        LF => return Some(i), // WB3a
        UNHANDLED => return None,
        _ => {
            // WB4 at the start: the char plus any Extend/Format that follow.
            while i < len {
                match category_at(bytes, i) {
                    (EXTEND, l) => i += l,
                    (UNHANDLED, _) => return None,
                    _ => break,
                }
            }
            return Some(i);
        }
    };
    // The spot to rewind to (before the MidLetter/MidNum) if the needed char never comes.
    let mut mid = start;
    // unicode-segmentation only lets WSegSpace join WSegSpace (WB3d) with nothing between.
    let mut skipped_extend = false;
    while i < len {
        let (cat, l) = category_at(bytes, i);
        if cat == EXTEND {
            skipped_extend = true; // WB4
            i += l;
            continue;
        }
        if cat == UNHANDLED {
            return None;
        }
        state = match (state, cat) {
            (State::Space, SPACE) if !skipped_extend => State::Space,
            (State::Letter | State::Numeric | State::ExtendNumLet, LETTER) => State::Letter,
            (State::Letter | State::Numeric | State::ExtendNumLet, NUMERIC) => State::Numeric,
            (State::Letter | State::Numeric | State::ExtendNumLet, EXTEND_NUM_LET) => {
                State::ExtendNumLet
            }
            (State::Letter, MID_LETTER | MID_NUM_LET) => {
                mid = i;
                State::NeedLetter
            }
            (State::Numeric, MID_NUM | MID_NUM_LET) => {
                mid = i;
                State::NeedNumeric
            }
            (State::NeedLetter, LETTER) => State::Letter,
            (State::NeedNumeric, NUMERIC) => State::Numeric,
            (State::NeedLetter | State::NeedNumeric, _) => return Some(mid),
            _ => return Some(i),
        };
        i += l;
    }
    Some(match state {
        State::NeedLetter | State::NeedNumeric => mid,
        _ => len,
    })
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
