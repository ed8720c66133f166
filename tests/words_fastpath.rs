//! The `FrenchWords` fast path must segment exactly like unicode-segmentation (UAX #29):
//! same segments, hence the same tokens (offsets, text, positions, digit-group merges).
//! Compared against `FrenchWords::uax29_only()`. `PROPTEST_CASES` raises the case counts.

use fouille::analysis::FrenchWords;
use proptest::prelude::*;
use tantivy::tokenizer::{TextAnalyzer, Token};

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn tokens(tokenizer: FrenchWords, text: &str) -> Vec<(usize, usize, usize, String)> {
    let mut out = Vec::new();
    TextAnalyzer::from(tokenizer)
        .token_stream(text)
        .process(&mut |t: &Token| {
            out.push((t.offset_from, t.offset_to, t.position, t.text.clone()))
        });
    out
}

fn check(text: &str) {
    assert_eq!(
        FrenchWords::word_segments(text, false),
        FrenchWords::word_segments(text, true),
        "segments of {text:?}"
    );
    assert_eq!(
        tokens(FrenchWords::default(), text),
        tokens(FrenchWords::uax29_only(), text),
        "tokens of {text:?}"
    );
}

/// Every char the fast path classifies itself (plus U+200D ZWJ, which it must not).
fn handled_chars() -> Vec<char> {
    (0..=0x24f)
        .chain(0x300..=0x36f)
        .chain(0x2000..=0x203f)
        .filter_map(char::from_u32)
        .collect()
}

/// One or more chars of every Word_Break class the fast path meets, and a few it must
/// hand over to unicode-segmentation (Greek, Hebrew, Katakana, ZWJ, emoji, BOM, U+3000…).
const REPRESENTATIVES: &[char] = &[
    'a', 'Z', 'é', 'ª', 'µ', '¸', 'ſ', '1', '0', '_', '\u{202f}', '\u{2040}', ' ', '\u{2009}',
    '\u{2007}', '\u{a0}', '\t', ':', '·', '\u{2027}', ',', ';', '.', '’', '‘', '\'', '\u{2024}',
    '"', '!', '-', '«', '»', '“', '…', '–', '—', '×', '\u{301}', '\u{327}', '\u{ad}', '\u{200c}',
    '\u{200e}', '\u{202a}', '\r', '\n', '\u{b}', '\u{85}', '\u{2028}', 'α', 'א', 'ア', '\u{200d}',
    '😀', '🇫', '\u{feff}', '\u{3000}', '٣', '\u{2060}',
];

/// One char per class, and some the fast path must hand over.
const SMALL: &[char] = &[
    'a', '1', '_', ' ', ':', ',', '.', '\'', '!', '\u{301}', '\r', '\n', '\u{202f}', 'α',
    '\u{200d}', '😀', 'א', '\u{3000}',
];

fn for_all_strings(alphabet: &[char], len: usize, prefix: &mut Vec<char>, count: &mut u64) {
    if prefix.len() == len {
        check(&prefix.iter().collect::<String>());
        *count += 1;
        return;
    }
    for &c in alphabet {
        prefix.push(c);
        for_all_strings(alphabet, len, prefix, count);
        prefix.pop();
    }
}

/// All strings of two handled chars, every handled char between/before/after two chars of
/// `SMALL`, all strings of three `REPRESENTATIVES` and of four `SMALL`: pins down the class
/// of every handled char and the rules between classes.
#[test]
fn exhaustive_short_strings() {
    let handled = handled_chars();
    let mut count = 0u64;
    let mut s = String::new();
    for &a in &handled {
        for &b in &handled {
            s.clear();
            s.extend([a, b]);
            check(&s);
            count += 1;
        }
    }
    for &c in &handled {
        for &x in SMALL {
            for &y in SMALL {
                for chars in [[c, x, y], [x, c, y], [x, y, c]] {
                    s.clear();
                    s.extend(chars);
                    check(&s);
                    count += 1;
                }
            }
        }
    }
    for_all_strings(REPRESENTATIVES, 3, &mut Vec::new(), &mut count);
    for_all_strings(SMALL, 4, &mut Vec::new(), &mut count);
    eprintln!("exhaustive_short_strings: {count} strings");
}

#[test]
fn corpus_lines() {
    let mut count = 0;
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        check(&text);
        for line in text.lines() {
            check(line);
            count += 1;
        }
    }
    assert!(count > 100, "only {count} corpus lines");
    eprintln!("corpus_lines: {count} lines");
}

/// A char, weighted heavily towards the classes that interact: letters, digits,
/// MidLetter/MidNum/MidNumLet/Single_Quote, ExtendNumLet, spaces of each kind, Extend and
/// Format, newlines, other punctuation, and a few chars the fast path does not handle.
fn char_strategy() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => prop::sample::select(vec!['a', 'e', 'l', 'Q', 'é', 'à', 'Ç', 'œ', 'ß', 'ª', 'º', 'µ']),
        6 => prop::char::range('0', '9'),
        4 => prop::sample::select(vec![' ', ' ', '\u{a0}', '\u{202f}', '\u{2009}', '\u{2002}', '\t']),
        4 => prop::sample::select(vec!['’', '\'', '‘', '.', ',', ';', ':', '·', '\u{2024}', '\u{2027}']),
        2 => prop::sample::select(vec!['_', '\u{202f}', '\u{203f}']),
        2 => prop::sample::select(vec!['\u{301}', '\u{300}', '\u{327}', '\u{36f}', '\u{ad}', '\u{200c}', '\u{200e}']),
        1 => prop::sample::select(vec!['\r', '\n', '\u{b}', '\u{c}', '\u{85}', '\u{2028}']),
        2 => prop::sample::select(vec!['«', '»', '“', '”', '"', '…', '–', '—', '-', '!', '?', '(', ')', '×', '÷', '\u{2007}', '\u{200b}']),
        1 => prop::char::range('\u{80}', '\u{24f}'),
        1 => prop::char::range('\u{2000}', '\u{203f}'),
        1 => prop::sample::select(vec!['α', 'Ω', 'א', 'ア', '\u{200d}', '😀', '🇫', '\u{feff}', '\u{3000}', '漢', '\u{1f3fd}']),
    ]
}

/// Pieces that make digit groups, elisions and decimal numbers likely.
fn piece_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::collection::vec(char_strategy(), 1..4).prop_map(|v| v.into_iter().collect()),
        3 => "[0-9]{1,4}",
        2 => prop::sample::select(vec![
            " ", "  ", "\u{a0}", "\u{202f}", "\u{2009}", ",", ".", "’", "'", "\u{301}", "l’", "qu’",
            "d'", "aujourd’hui", "500", "000", "500,50", "1,8", "41.500", "\r\n", " \u{301} ",
        ])
        .prop_map(String::from),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(12_000)))]

    #[test]
    fn random_chars(chars in prop::collection::vec(char_strategy(), 0..40)) {
        check(&chars.into_iter().collect::<String>());
    }

    #[test]
    fn random_pieces(pieces in prop::collection::vec(piece_strategy(), 0..16)) {
        check(&pieces.concat());
    }
}
