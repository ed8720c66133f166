//! Printing results: text for people (ANSI colours on a terminal), JSON for programs.
//! The printer knows nothing of how matches were found: it gets hits with byte ranges.

use std::fmt::Write;

use crate::highlight;
use crate::search::SearchResults;

/// How text output marks matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marks {
    /// ANSI bold red, for a terminal.
    Ansi,
    /// `[` `]`, when piped or when `NO_COLOR` is set.
    Brackets,
}

impl Marks {
    /// Colours only on a terminal, never when `NO_COLOR` is set (https://no-color.org).
    pub fn detect(is_terminal: bool) -> Marks {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if is_terminal && !no_color {
            Marks::Ansi
        } else {
            Marks::Brackets
        }
    }

    fn open(self) -> &'static str {
        match self {
            Marks::Ansi => "\x1b[1;31m",
            Marks::Brackets => "[",
        }
    }

    fn close(self) -> &'static str {
        match self {
            Marks::Ansi => "\x1b[0m",
            Marks::Brackets => "]",
        }
    }

    fn dim(self, s: &str) -> String {
        match self {
            Marks::Ansi => format!("\x1b[2m{s}\x1b[0m"),
            Marks::Brackets => s.to_string(),
        }
    }

    fn bold(self, s: &str) -> String {
        match self {
            Marks::Ansi => format!("\x1b[1m{s}\x1b[0m"),
            Marks::Brackets => s.to_string(),
        }
    }
}

/// Characters of passage text shown per hit before it is shortened.
pub const SNIPPET_CHARS: usize = 280;

/// `text` with `ranges` wrapped in marks.
pub fn mark(text: &str, ranges: &[(usize, usize)], marks: Marks) -> String {
    let mut out = String::with_capacity(text.len() + ranges.len() * 8);
    let mut at = 0;
    for &(s, e) in ranges {
        if s < at || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        out.push_str(&text[at..s]);
        out.push_str(marks.open());
        out.push_str(&text[s..e]);
        out.push_str(marks.close());
        at = e;
    }
    out.push_str(&text[at..]);
    out
}

pub fn render_text(results: &SearchResults, marks: Marks) -> String {
    let mut out = String::new();
    for note in &results.notes {
        let _ = writeln!(out, "note: {note}");
    }
    if let Some(fixed) = &results.did_you_mean {
        let _ = writeln!(out, "did you mean \"{fixed}\"?");
    }
    if results.hits.is_empty() {
        let _ = writeln!(out, "no passage matches \"{}\"", results.query);
        return out;
    }
    let shown = results.hits.len();
    let _ = writeln!(
        out,
        "{} {} \"{}\" ({} shown, {:.2} ms)\n",
        results.total_hits,
        if results.total_hits == 1 {
            "passage matches"
        } else {
            "passages match"
        },
        results.query,
        shown,
        results.took_ms
    );
    for hit in &results.hits {
        let ranges: Vec<(usize, usize)> = hit.highlights.iter().map(|r| (r[0], r[1])).collect();
        let (snippet, ranges) = highlight::snippet(&hit.text, &ranges, SNIPPET_CHARS);
        let _ = writeln!(
            out,
            "{:>2}. {:.2}  {}",
            hit.rank,
            hit.score,
            marks.bold(&hit.title)
        );
        let mut place = format!("{} ¶{}", hit.doc, hit.passage);
        // When and where the article was published, when known.
        for known in [&hit.date, &hit.site].into_iter().flatten() {
            let _ = write!(place, " · {known}");
        }
        if let Some(h) = &hit.heading {
            let _ = write!(place, " — {h}");
        }
        let _ = writeln!(out, "    {}", marks.dim(&place));
        let _ = writeln!(out, "    {}\n", mark(&snippet, &ranges, marks));
    }
    out
}

pub fn render_json(results: &SearchResults) -> String {
    serde_json::to_string_pretty(results).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_wrap_ranges() {
        assert_eq!(
            mark("les troupes du génie", &[(4, 21)], Marks::Brackets),
            "les [troupes du génie]"
        );
        assert_eq!(
            mark("abc", &[(0, 1), (2, 3)], Marks::Ansi),
            "\x1b[1;31ma\x1b[0mb\x1b[1;31mc\x1b[0m"
        );
    }

    #[test]
    fn bad_ranges_are_skipped_not_panics() {
        assert_eq!(mark("été", &[(1, 2), (0, 99)], Marks::Brackets), "été");
    }
}
