//! Name variants without a list: transliterated names of people and places are written
//! differently by French, English, Ukrainian or German spelling (`Koursk`/`Kursk`,
//! `Choïgou`/`Shoigu`, `Zelenski`/`Zelenskyy`, `Podoliak`/`Podolyak`). A name's spelling
//! is read as a sequence of sounds ([`sounds`]), and every way of writing each sound gives
//! one regular expression ([`spelling_pattern`]) that is run over the exact-form term
//! dictionary (an FST, so only the matching branches are visited). Query-time, so the
//! index is unchanged; the variants found are used like typo corrections: below the form
//! as typed, and reported as "also matched …".

use std::collections::HashMap;

use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// Names shorter than this are left alone (`Kim`, `ONU`): too many look-alikes.
const MIN_CHARS: usize = 4;

/// One sound of a transliterated name, as the spellings below tell it apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sound {
    A,
    E,
    I,
    O,
    /// `ou` (French), `u` (English, German), `oo`.
    U,
    /// `ch` (French), `sh` (English), `tch`, `sch`, `shch`, `chtch`.
    Ch,
    /// `j` (French), `zh` (English), `dj`, `dzh`.
    J,
    /// `kh` (English, French), `h` (Ukrainian).
    H,
    /// `k`, `c` before a consonant or `a`/`o`/`u`, `ck`, `q`, `qu`.
    K,
    /// `s`, `ç`, `c` before `e`/`i`/`y`.
    S,
    /// `ts`, `tz`.
    Ts,
    /// `v`, `w`; at the end of a name also `f`, `ff` (`Peskov`/`Peskoff`).
    V,
    /// `f`, `ph`.
    F,
    /// Any other letter, as written.
    Letter(char),
}

/// The sounds of a name (lowercase, accents folded); `None` for a word that is not a
/// plain name (digits, too short). Doubled letters are one sound; a hyphen is ignored
/// (`Pyong-yang` = `Pyongyang`); a final silent `e` is dropped (`Poutine` = `Putin`).
fn sounds(word: &str) -> Option<Vec<Sound>> {
    let folded = crate::analysis::fold_accents(&word.to_lowercase());
    let letters: Vec<char> = folded.chars().filter(|c| *c != '-').collect();
    if letters.len() < MIN_CHARS || !letters.iter().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    let at = |i: usize| letters.get(i).copied();
    let starts = |i: usize, s: &str| s.chars().enumerate().all(|(k, c)| at(i + k) == Some(c));
    let mut out: Vec<Sound> = Vec::new();
    let mut i = 0;
    while i < letters.len() {
        // Longest spelling first.
        let (sound, len) = if starts(i, "chtch") {
            (Sound::Ch, 5)
        } else if starts(i, "shch") {
            (Sound::Ch, 4)
        } else if starts(i, "tch") || starts(i, "sch") {
            (Sound::Ch, 3)
        } else if starts(i, "dzh") {
            (Sound::J, 3)
        } else if starts(i, "ch") || starts(i, "sh") {
            (Sound::Ch, 2)
        } else if starts(i, "zh") || starts(i, "dj") {
            (Sound::J, 2)
        } else if starts(i, "kh") {
            (Sound::H, 2)
        } else if starts(i, "ck") || starts(i, "qu") {
            (Sound::K, 2)
        } else if starts(i, "ts") || starts(i, "tz") {
            (Sound::Ts, 2)
        } else if starts(i, "ph") {
            (Sound::F, 2)
        } else if starts(i, "ou") || starts(i, "oo") {
            (Sound::U, 2)
        } else if starts(i, "ie") && i > 0 && !is_vowel(letters[i - 1]) {
            // Ukrainian `ie` (є) after a consonant is Russian `e` (`Syniehubov`/`Synegoubov`).
            (Sound::E, 2)
        } else {
            let c = letters[i];
            let s = match c {
                'a' => Sound::A,
                'e' => Sound::E,
                'i' | 'y' => Sound::I,
                'o' => Sound::O,
                'u' => Sound::U,
                'j' => Sound::J,
                'h' => Sound::H,
                'k' | 'q' => Sound::K,
                'c' if matches!(at(i + 1), Some('e' | 'i' | 'y')) => Sound::S,
                'c' => Sound::K,
                's' => Sound::S,
                'v' | 'w' => Sound::V,
                'f' => Sound::F,
                other => Sound::Letter(other),
            };
            (s, 1)
        };
        // Doubled letters (and `iy`, `yy`, `ii`) are one sound.
        if out.last() != Some(&sound) {
            out.push(sound);
        }
        i += len;
    }
    if out.len() > MIN_CHARS - 1 && out.last() == Some(&Sound::E) {
        out.pop();
    }
    if out.last() == Some(&Sound::F) {
        // `-off` and `-ov` are one ending.
        out.pop();
        out.push(Sound::V);
    }
    Some(out)
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

impl Sound {
    fn is_vowel(self) -> bool {
        matches!(self, Sound::A | Sound::E | Sound::I | Sound::O | Sound::U)
    }
}

/// A regular expression over exact-form terms (lowercase, accents kept) matching every
/// spelling of the name's sounds, the name itself included.
pub fn spelling_pattern(word: &str) -> Option<String> {
    let sounds = sounds(word)?;
    let last = sounds.len() - 1;
    let mut re = String::new();
    for (i, s) in sounds.iter().enumerate() {
        let before_v = sounds.get(i + 1) == Some(&Sound::V);
        let part = match s {
            Sound::A => "[aàâä]+",
            // Ukrainian `i` where Russian has `o` or `e` before `v` (`Kharkiv`/`Kharkov`,
            // `Lviv`/`Lvov`, `Horlivka`/`Gorlovka`, `Avdiivka`/`Avdeevka`, `Kyiv`/`Kiev`).
            Sound::E | Sound::I | Sound::O if before_v => "[iîïyÿoôöeéèêë]+",
            // After a consonant, `ie` may stand for it (see [`sounds`]).
            Sound::E if i > 0 && !sounds[i - 1].is_vowel() => "[iy]?[eéèêë]+",
            Sound::E => "[eéèêë]+",
            Sound::I => "[iîïyÿ]+",
            Sound::O => "[oôö]+",
            Sound::U => "(ou|où|oû|oo|u|û|ü)+",
            Sound::Ch => "(t?s?ch|sh)+",
            Sound::J => "(d?(j|zh))+",
            // Ukrainian `h` is Russian `g` (`Chernihiv`/`Tchernigov`, `Heorhiy`/`Gueorgui`).
            Sound::H => "(k?h|gu?)",
            Sound::K => "(k|ck|c|q|qu)+",
            Sound::S => "[sçc]+",
            Sound::Ts => "t[sz]",
            Sound::V if i == last => "(v|w|f|ph)+",
            Sound::V => "[vw]+",
            Sound::F => "(f|ph)+",
            Sound::Letter('g') => "(gu?|k?h)",
            Sound::Letter(c) => {
                re.push(*c);
                re.push('+');
                continue;
            }
        };
        re.push_str(part);
    }
    // A final silent `e` may be written or not.
    re.push_str("e?");
    Some(re)
}

/// Words of `field` spelled like `word` sounds (`word` itself included when it is one
/// term of `field`), most frequent first, with the passages containing each; at most
/// `limit`.
pub fn variants(searcher: &Searcher, field: Field, word: &str, limit: usize) -> Vec<(String, u64)> {
    let Some(pattern) = spelling_pattern(word) else {
        return Vec::new();
    };
    let mut out = terms_matching(searcher, field, &pattern);
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out.truncate(limit);
    out
}

/// The terms of `field` that the regular expression `pattern` matches whole, with the
/// passages containing each (nothing for an invalid pattern).
pub fn terms_matching(searcher: &Searcher, field: Field, pattern: &str) -> Vec<(String, u64)> {
    let Ok(regex) = tantivy_fst::Regex::new(pattern) else {
        return Vec::new();
    };
    let mut found: HashMap<String, u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else {
            continue;
        };
        let Ok(mut stream) = inverted.terms().search(&regex).into_stream() else {
            continue;
        };
        while stream.advance() {
            if let Ok(term) = std::str::from_utf8(stream.key()) {
                *found.entry(term.to_string()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
    }
    found.into_iter().collect()
}

/// Passages of `field` containing `word` (an exact-form term).
pub fn doc_freq(searcher: &Searcher, field: Field, word: &str) -> u64 {
    searcher
        .doc_freq(&Term::from_field_text(field, word))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) -> bool {
        let re = spelling_pattern(a).expect("a name");
        let re = tantivy_fst::Regex::new(&re).expect("valid pattern");
        let b = b.to_lowercase().replace('-', "");
        // The FST regex has no `is_match`; run it as an automaton over the word.
        use tantivy_fst::Automaton;
        let mut state = re.start();
        for byte in b.bytes() {
            state = re.accept(&state, byte);
        }
        re.is_match(&state)
    }

    #[test]
    fn transliterations_of_one_name_match() {
        for (a, b) in [
            ("Kursk", "Koursk"),
            ("Koursk", "Kursk"),
            ("Zelensky", "Zelenski"),
            ("Zelensky", "Zelenskyy"),
            ("Zelenski", "Zelenskiy"),
            ("Shoigu", "Choïgou"),
            ("Choïgou", "Shoigu"),
            ("Podolyak", "Podoliak"),
            ("Mykhailo", "Mikhaïlo"),
            ("Kirichevsky", "Kirichevskyi"),
            ("Donbas", "Donbass"),
            ("Luhansk", "Louhansk"),
            ("Prigozhin", "Prigojine"),
            ("Putin", "Poutine"),
            ("Zaporizhzhia", "Zaporijjia"),
            ("Khrushchev", "Khrouchtchev"),
            ("Korotchenco", "Korotchenko"),
            ("Peskoff", "Peskov"),
            ("Pyong-yang", "Pyongyang"),
            ("Rossia", "Rossiya"),
            ("Azerbaijan", "Azerbaïdjan"),
            ("Kharkiv", "Kharkov"),
            ("Lviv", "Lvov"),
            ("Horlivka", "Gorlovka"),
            ("Chernihiv", "Tchernigov"),
            ("Hlukhiv", "Glukhov"),
            ("Syniehoubov", "Synegoubov"),
            ("Synegoubov", "Syniehoubov"),
            ("Avdiivka", "Avdeevka"),
            ("Avdeevka", "Avdiïvka"),
            ("Kyiv", "Kiev"),
            ("Mykolaiv", "Mykolaev"),
        ] {
            assert!(same(a, b), "{a} should match {b}");
        }
    }

    #[test]
    fn different_names_do_not() {
        for (a, b) in [
            ("Kursk", "Kiev"),
            ("Zelensky", "Zelenograd"),
            ("Donetsk", "Donbass"),
            ("Peskov", "Lavrov"),
            ("Moscou", "Minsk"),
            ("Kharkiv", "Kherson"),
            ("Horlivka", "Gorki"),
            ("Kiev", "Kaunas"),
            ("Levin", "Lavin"),
        ] {
            assert!(!same(a, b), "{a} should not match {b}");
        }
    }

    #[test]
    fn short_words_and_numbers_have_no_key() {
        assert_eq!(spelling_pattern("Kim"), None);
        assert_eq!(spelling_pattern("G7"), None);
        assert_eq!(spelling_pattern("2024"), None);
    }
}
