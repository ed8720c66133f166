//! Dates found in article text and source URLs: French date expressions (`8 octobre
//! 2024`, `1er oct. 2024`, `28/12/2024`, `2024-12-28`), the date lines web pages print
//! near the headline (`Publié le 8 octobre 2024 à 14h05`, `Mis à jour le …`,
//! `Par Jean Dupont, 28/12/2024`), and dates in URLs (`/2024/12/28/`, `20220805`).
//!
//! Every date is checked against the calendar: `31/02/2024` is no date.

use super::text::{fold, is_blank_char, trim_blank};

/// Years accepted in article text (press archives reach back, clocks may be wrong).
const TEXT_YEARS: std::ops::RangeInclusive<u32> = 1900..=2099;
/// Years accepted in URLs: an 8-digit article id must not pass for a date.
const URL_YEARS: std::ops::RangeInclusive<u32> = 1990..=2099;

/// A date line is short: longer lines are sentences that happen to hold a date.
const DATE_LINE_MAX_CHARS: usize = 96;
/// Words of a date line that are neither date, time nor date-line vocabulary (a byline's
/// names, the outlet): at most this many.
const DATE_LINE_MAX_OTHER_WORDS: usize = 4;

/// A day of the calendar, checked: the month exists and has that day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    pub year: u32,
    pub month: u32,
    pub day: u32,
}

impl Day {
    pub fn new(year: u32, month: u32, day: u32) -> Option<Day> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Day { year, month, day })
    }

    fn in_years(self, years: &std::ops::RangeInclusive<u32>) -> Option<Day> {
        years.contains(&self.year).then_some(self)
    }

    /// ISO 8601: `2024-10-08`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `YYYYMMDD` as a number, the form the index stores.
    pub fn number(self) -> u64 {
        u64::from(self.year) * 10_000 + u64::from(self.month) * 100 + u64::from(self.day)
    }
}

pub fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

/// What a date line says about its date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DateKind {
    /// `Publié le …`, `Paru le …`.
    Published,
    /// `Mis à jour le …`, `Modifié le …`.
    Updated,
    /// A date with no word saying which (`28/12/2024`, `Par X - 8 oct. 2024`).
    Plain,
}

/// Month names and abbreviations, folded (lowercase, no accents).
const MONTHS: &[(&str, u32)] = &[
    ("janvier", 1),
    ("janv", 1),
    ("jan", 1),
    ("fevrier", 2),
    ("fevr", 2),
    ("fev", 2),
    ("mars", 3),
    ("mar", 3),
    ("avril", 4),
    ("avr", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("juil", 7),
    ("aout", 8),
    ("septembre", 9),
    ("sept", 9),
    ("sep", 9),
    ("octobre", 10),
    ("oct", 10),
    ("novembre", 11),
    ("nov", 11),
    ("decembre", 12),
    ("dec", 12),
];

/// Words a date line is made of besides the date (folded). `Published` and `Updated`
/// words also say which date follows them.
const PUBLISHED_WORDS: &[&str] = &[
    "publie",
    "publiee",
    "publication",
    "paru",
    "parue",
    "published",
    "posted",
];
const UPDATED_WORDS: &[&str] = &[
    "mis",
    "mise",
    "maj",
    "modifie",
    "modifiee",
    "actualise",
    "actualisee",
    "updated",
];
const DATE_LINE_WORDS: &[&str] = &[
    "le",
    "la",
    "a",
    "au",
    "jour",
    "date",
    "de",
    "du",
    "en",
    "ligne",
    "on",
    "at",
    "the",
    "h",
    "heure",
    "heures",
    "min",
    "lecture",
    "temps",
    "utc",
    "gmt",
    "cet",
    "cest",
    "heure",
    "paris",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "par",
    "by",
    "avec",
    "et",
    "redaction",
    "redige",
    "ecrit",
    "-",
    "/",
    ":",
    "mn",
];
/// Words that make the names around a date a byline (`Par Jean Dupont, 8 oct. 2024`).
const BYLINE_WORDS: &[&str] = &["par", "by", "avec", "redaction"];

/// A line that is a date line: short, holding a date, and besides it only date-line
/// vocabulary, times, and a few names (a byline or an outlet). Returns each date of the
/// line with what it is (`Publié le …, mis à jour le …` holds two).
pub(crate) fn date_line(line: &str) -> Option<Vec<(Day, DateKind)>> {
    let line = trim_blank(line);
    // Cheap rejections first: this runs on every line of every article.
    if line.len() > DATE_LINE_MAX_CHARS * 4 || !line.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    if line.chars().count() > DATE_LINE_MAX_CHARS {
        return None;
    }
    let tokens: Vec<&str> = line
        .split(|c: char| {
            is_blank_char(c)
                || matches!(
                    c,
                    ',' | ';' | '|' | '·' | '•' | '(' | ')' | '[' | ']' | '–' | '—' | '«' | '»'
                )
        })
        .map(|t| t.trim_matches(['.', ':', '"', '\'', '’']))
        .filter(|t| !t.is_empty())
        .collect();
    let folded: Vec<String> = tokens.iter().map(|t| fold(t).text).collect();

    let mut dates = Vec::new();
    let mut kind = DateKind::Plain;
    let mut others: Vec<&str> = Vec::new();
    let mut byline = false;
    let mut i = 0;
    while i < tokens.len() {
        let word = folded[i].as_str();
        if let Some((day, used)) = date_at(&tokens[i..], &folded[i..]) {
            dates.push((day, kind));
            kind = DateKind::Plain;
            i += used;
            continue;
        }
        if PUBLISHED_WORDS.contains(&word) {
            kind = DateKind::Published;
        } else if UPDATED_WORDS.contains(&word) {
            kind = DateKind::Updated;
        } else if BYLINE_WORDS.contains(&word) {
            byline = true;
        } else if !DATE_LINE_WORDS.contains(&word) && !is_time(word) {
            others.push(tokens[i]);
        }
        i += 1;
    }
    if dates.is_empty() || others.len() > DATE_LINE_MAX_OTHER_WORDS {
        return None;
    }
    // Besides the date: names (capitalised), short numbers (`3 min`); several names only
    // in a byline. Lowercase words mean a sentence (`Le 8 octobre 2024, rien ne…`).
    let names_only = others.iter().all(|w| {
        w.chars().next().is_some_and(char::is_uppercase)
            || (w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit()))
    });
    let named = others
        .iter()
        .filter(|w| !w.bytes().all(|b| b.is_ascii_digit()))
        .count();
    (names_only && (named <= 1 || byline)).then_some(dates)
}

/// A date starting at `tokens[0]`: one token (`28/12/2024`, `2024-12-28T14:05`) or three
/// (`8 octobre 2024`, `1er oct 2024`). Returns the day and how many tokens it used.
fn date_at(tokens: &[&str], folded: &[String]) -> Option<(Day, usize)> {
    if let Some(day) = numeric_date(tokens[0]) {
        return Some((day, 1));
    }
    let day = folded[0].strip_suffix("er").unwrap_or(&folded[0]);
    if let [_, month, year, ..] = folded
        && (1..=2).contains(&day.len())
        && let Ok(day) = day.parse::<u32>()
        && let Some(&(_, month)) = MONTHS.iter().find(|(name, _)| *name == month.as_str())
        && year.len() == 4
        && let Ok(year) = year.parse::<u32>()
    {
        let day = Day::new(year, month, day)?.in_years(&TEXT_YEARS)?;
        return Some((day, 3));
    }
    None
}

/// `28/12/2024`, `28-12-2024`, `28.12.2024`, `28/12/24`, `2024-12-28`, `2024/12/28`,
/// and ISO timestamps (`2024-12-28T14:05:00+01:00`).
fn numeric_date(token: &str) -> Option<Day> {
    let token = token.split_once('T').map_or(token, |(d, _)| d);
    let sep = token.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
    let parts: Vec<&str> = token.split(sep).collect();
    let [a, b, c] = parts[..] else { return None };
    if ![a, b, c]
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let n = |s: &str| s.parse::<u32>().ok();
    let day = match (a.len(), b.len(), c.len()) {
        (4, 1..=2, 1..=2) => Day::new(n(a)?, n(b)?, n(c)?),
        (1..=2, 1..=2, 4) => Day::new(n(c)?, n(b)?, n(a)?),
        // Two-digit years are this century's (`28/12/24`).
        (1..=2, 1..=2, 2) if sep != '.' => Day::new(2000 + n(c)?, n(b)?, n(a)?),
        _ => None,
    }?;
    day.in_years(&TEXT_YEARS)
}

/// `14h05`, `14h`, `14:05`, `14:05:00`, `08H12`.
fn is_time(word: &str) -> bool {
    let (hours, rest) = match word.find(['h', ':']) {
        Some(pos) => word.split_at(pos),
        None => return false,
    };
    let minutes = rest[1..].split(':').next().unwrap_or("");
    (1..=2).contains(&hours.len())
        && hours.bytes().all(|b| b.is_ascii_digit())
        && rest[1..].bytes().all(|b| b.is_ascii_digit() || b == b':')
        && minutes.len() <= 2
}

/// A date in a URL's path or query: `/2024/12/28/`, `2024-12-28` or `28-12-2024` in a
/// slug, or an 8-digit `20220805` (also the head of a 14-digit `20220805143000`).
pub fn date_in_url(url: &str) -> Option<Day> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.find(['/', '?']).map_or("", |p| &rest[p..]);
    let segments: Vec<&str> = path.split(['/', '?', '&', '=', '#']).collect();
    for w in segments.windows(3) {
        let n = |s: &str| {
            (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u32>().ok())
                .flatten()
        };
        if w[0].len() == 4
            && (1..=2).contains(&w[1].len())
            && (1..=2).contains(&w[2].len())
            && let (Some(y), Some(m), Some(d)) = (n(w[0]), n(w[1]), n(w[2]))
            && let Some(day) = Day::new(y, m, d).and_then(|d| d.in_years(&URL_YEARS))
        {
            return Some(day);
        }
    }
    let runs = digit_runs(path);
    for pair in runs.windows(3) {
        let [(a, a_end), (b, b_end), (c, _)] = [pair[0], pair[1], pair[2]];
        let sep = path[a_end..].chars().next();
        let joined = |end: usize, next: &str| {
            path[end..].chars().next() == sep && path[end + 1..].starts_with(next)
        };
        if !(matches!(sep, Some('-' | '_')) && joined(a_end, b) && joined(b_end, c)) {
            continue;
        }
        let n = |s: &str| s.parse::<u32>().ok();
        let day = match (a.len(), b.len(), c.len()) {
            (4, 2, 2) => Day::new(n(a)?, n(b)?, n(c)?),
            (2, 2, 4) => Day::new(n(c)?, n(b)?, n(a)?),
            _ => None,
        };
        if let Some(day) = day.and_then(|d| d.in_years(&URL_YEARS)) {
            return Some(day);
        }
    }
    runs.iter()
        .filter(|(run, _)| run.len() == 8 || run.len() == 14)
        .find_map(|(run, _)| {
            let n = |r: std::ops::Range<usize>| run[r].parse::<u32>().ok();
            Day::new(n(0..4)?, n(4..6)?, n(6..8)?)?.in_years(&URL_YEARS)
        })
}

/// Maximal runs of ASCII digits with the byte offset where each ends.
fn digit_runs(s: &str) -> Vec<(&str, usize)> {
    let mut runs = Vec::new();
    let mut start = None;
    for (i, b) in s
        .bytes()
        .enumerate()
        .chain(std::iter::once((s.len(), b'/')))
    {
        match (b.is_ascii_digit(), start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                runs.push((&s[st..i], i));
                start = None;
            }
            _ => {}
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso_of_line(line: &str) -> Option<String> {
        date_line(line).map(|dates| dates[0].0.iso())
    }

    #[test]
    fn calendar_is_checked() {
        assert!(Day::new(2024, 2, 29).is_some());
        assert!(Day::new(2023, 2, 29).is_none());
        assert!(Day::new(1900, 2, 29).is_none());
        assert!(Day::new(2000, 2, 29).is_some());
        assert!(Day::new(2024, 4, 31).is_none());
        assert!(Day::new(2024, 13, 1).is_none());
        assert!(Day::new(2024, 1, 0).is_none());
        assert_eq!(Day::new(2024, 10, 8).map(Day::number), Some(20241008));
    }

    #[test]
    fn french_date_lines() {
        let cases = [
            ("Publié le 8 octobre 2024 à 14h05", "2024-10-08"),
            ("Publié le 1er octobre 2024 à 14 h 05", "2024-10-01"),
            ("Mis à jour le 9 oct. 2024 à 08h12", "2024-10-09"),
            ("28/12/2024", "2024-12-28"),
            ("2024-12-28", "2024-12-28"),
            ("8 oct. 2024", "2024-10-08"),
            ("Lundi 28 décembre 2020", "2020-12-28"),
            ("LUNDI 28 DECEMBRE 2020 - 14:05", "2020-12-28"),
            ("Par Jean-Baptiste Dupont, le 8 octobre 2024", "2024-10-08"),
            ("Le Figaro, 08/10/2024", "2024-10-08"),
            (
                "Le Monde avec AFP · Publié le 28/12/24 à 10:00",
                "2024-12-28",
            ),
            ("Date : 2024-12-28T14:05:00+01:00", "2024-12-28"),
            ("Publié le 8 août 2024 · Lecture 3 min", "2024-08-08"),
        ];
        for (line, iso) in cases {
            assert_eq!(iso_of_line(line).as_deref(), Some(iso), "{line}");
        }
    }

    #[test]
    fn kinds_tell_published_from_updated() {
        let dates = date_line("Mis à jour le 9/10/2024, publié le 8/10/2024").unwrap();
        let kinds: Vec<(String, DateKind)> = dates.iter().map(|(d, k)| (d.iso(), *k)).collect();
        assert_eq!(
            kinds,
            [
                ("2024-10-09".to_string(), DateKind::Updated),
                ("2024-10-08".to_string(), DateKind::Published)
            ]
        );
        assert_eq!(date_line("28/12/2024").unwrap()[0].1, DateKind::Plain);
    }

    #[test]
    fn sentences_and_captions_are_not_date_lines() {
        for line in [
            // Content starting with a date.
            "Le 8 octobre 2024, le ministre de la Défense a déclaré que la Corée du Nord envoyait des soldats.",
            "Le 24 février 2022, la Russie envahit l'Ukraine.",
            // A photo caption (too many names, no byline).
            "Kim Jong Un à Pyongyang, le 19 juin 2024.",
            "Vladimir Poutine et Kim Jong Un à Pyongyang, en Corée du Nord, le 19 juin 2024. ( POOL / VLADIMIR SMIRNOV )",
            // Not dates.
            "12 commentaires",
            "Publié le 8 octobre",
            "31/02/2024",
            "2024-13-01",
            "100 000 soldats",
            "10.000 et 12.000 hommes",
            "entre 2000-2024 : Comment",
        ] {
            assert_eq!(iso_of_line(line), None, "{line}");
        }
    }

    #[test]
    fn times() {
        for t in ["14h05", "14h", "08h12", "14:05", "14:05:00"] {
            assert!(is_time(t), "{t}");
        }
        for t in ["h", "2024", "14x05", "144h", "14h055", "chez"] {
            assert!(!is_time(t), "{t}");
        }
    }

    #[test]
    fn dates_in_urls() {
        let cases = [
            (
                "https://www.hngn.com/articles/243672/20220805/russia-ukraine.htm",
                Some("2022-08-05"),
            ),
            (
                "https://www.lemonde.fr/international/article/2024/12/28/titre_123_3210.html",
                Some("2024-12-28"),
            ),
            (
                "https://x.fr/actu/2024-12-28-titre.html",
                Some("2024-12-28"),
            ),
            (
                "https://x.fr/actu/titre-28-12-2024.html",
                Some("2024-12-28"),
            ),
            ("https://x.fr/a?date=20241228143000", Some("2024-12-28")),
            // Impossible dates and ids that look like dates.
            ("https://x.fr/2024/02/31/titre", None),
            ("https://x.fr/articles/12345678/titre", None),
            ("https://x.fr/2024/12/titre", None),
            ("https://x.fr/a-123-456-7890", None),
            // The host is not searched.
            ("https://20241228.example.fr/", None),
            ("https://x.fr", None),
        ];
        for (url, iso) in cases {
            assert_eq!(date_in_url(url).map(Day::iso).as_deref(), iso, "{url}");
        }
    }
}
