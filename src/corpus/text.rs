//! Small text helpers shared by the line rules: what counts as blank, how a line is
//! folded for pattern matching, and sentence-punctuation tests.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Characters trimmed around lines and passages: Unicode whitespace (which includes the
/// no-break spaces U+00A0 and U+202F, and `\r` of CRLF files) plus the invisible
/// characters web pages and editors leave behind (BOM, zero-width spaces).
pub(crate) fn is_blank_char(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}' | '\u{2060}')
}

pub(crate) fn trim_blank(s: &str) -> &str {
    s.trim_matches(is_blank_char)
}

/// Closing quotes and brackets, ignored when looking at how a line ends: `Donbas.”`
/// ends a sentence, `“plus d’alliés”` does not.
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '›')
}

/// The last meaningful character of `s`, skipping blanks and closing quotes/brackets.
/// Looks from the end, so it is cheap even on a huge line.
pub(crate) fn last_significant(s: &str) -> Option<char> {
    s.chars()
        .rev()
        .find(|&c| !is_blank_char(c) && !is_closer(c))
}

/// The first meaningful character of `s`, skipping blanks and opening quotes.
pub(crate) fn first_significant(s: &str) -> Option<char> {
    s.chars()
        .find(|&c| !is_blank_char(c) && !matches!(c, '"' | '\'' | '“' | '‘' | '«' | '‹'))
}

/// A line folded for pattern matching: only a bounded prefix of the line is folded, so
/// `complete` tells whether `text` covers the whole line.
pub(crate) struct Folded {
    pub(crate) text: String,
    pub(crate) complete: bool,
}

/// Folding budget: boilerplate lines are short, and rules that look at a long line only
/// look at its beginning. Keeps a 100 MB line cheap.
pub(crate) const FOLD_MAX_CHARS: usize = 96;

/// Folds a line for case-, accent-, apostrophe- and space-insensitive matching:
/// lowercase, accents removed (NFD minus combining marks), ’ ‘ ʼ → `'`, any run of
/// blanks (NBSP included) → one space, trimmed.
pub(crate) fn fold(line: &str) -> Folded {
    let line = trim_blank(line);
    let mut text = String::new();
    let mut complete = true;
    let mut pending_space = false;
    for (taken, c) in line.chars().enumerate() {
        if taken == FOLD_MAX_CHARS {
            complete = false;
            break;
        }
        if is_blank_char(c) {
            pending_space = !text.is_empty();
            continue;
        }
        if pending_space {
            text.push(' ');
            pending_space = false;
        }
        if c.is_ascii() {
            // Fast path: most of a French line is ASCII.
            text.push(if c == '`' {
                '\''
            } else {
                c.to_ascii_lowercase()
            });
            continue;
        }
        let c = match c {
            '’' | '‘' | 'ʼ' | '´' => '\'',
            c => c,
        };
        for d in c.to_lowercase().nfd().filter(|&d| !is_combining_mark(d)) {
            text.push(d);
        }
    }
    Folded { text, complete }
}

/// Compares two strings ignoring case, ’ vs ' and the amount of blank space. Linear and
/// allocation-free: it is used on whole lines, which may be huge.
pub(crate) fn loose_eq(a: &str, b: &str) -> bool {
    loose_chars(a).eq(loose_chars(b))
}

fn loose_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    let mut prev_blank = true; // drops leading blanks
    trim_blank(s)
        .chars()
        .filter_map(move |c| {
            if is_blank_char(c) {
                let keep = !prev_blank;
                prev_blank = true;
                keep.then_some(' ')
            } else {
                prev_blank = false;
                Some(if matches!(c, '’' | '‘' | 'ʼ') {
                    '\''
                } else {
                    c
                })
            }
        })
        .flat_map(char::to_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_is_tolerant() {
        let f = fold("\u{a0} À LIRE\u{a0}AUSSI :  L’équipe ");
        assert_eq!(f.text, "a lire aussi : l'equipe");
        assert!(f.complete);
    }

    #[test]
    fn fold_is_bounded() {
        let long = "a".repeat(FOLD_MAX_CHARS * 3);
        let f = fold(&long);
        assert_eq!(f.text.len(), FOLD_MAX_CHARS);
        assert!(!f.complete);
    }

    #[test]
    fn loose_eq_ignores_case_quotes_and_spaces() {
        assert!(loose_eq("L’aide  à Kim\u{a0}", "l'aide à kim"));
        assert!(!loose_eq("l'aide", "l'aides"));
    }

    #[test]
    fn significant_chars_skip_quotes() {
        assert_eq!(last_significant("Donbas.”  "), Some('.'));
        assert_eq!(last_significant("“plus d’alliés”"), Some('s'));
        assert_eq!(first_significant("« Escalade"), Some('E'));
        assert_eq!(last_significant("\u{a0} "), None);
    }
}
