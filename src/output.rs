//! Printing results: text for people (ANSI colours on a terminal), JSON for programs.
//! The printer knows nothing of how matches were found: it gets hits with byte ranges.
//!
//! Text output is made safe and readable for a terminal in three stages: control characters
//! are replaced ([`clean`]), matches are marked ([`Marks`]), lines are wrapped at word
//! boundaries to the terminal's width ([`wrap`]).

use std::fmt::Write;
use std::path::Path;

use serde_json::Value;
use unicode_width::UnicodeWidthChar;

use crate::highlight;
use crate::index::Report;
use crate::inspect::StoredPassage;
use crate::search::{Hit, SearchResults};

/// When to colour text output (`--color`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColorChoice {
    /// Colours when standard output is a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    /// Colours even when piped (`| less -R`), and despite `NO_COLOR`.
    Always,
    /// No colours: matches marked `⟦…⟧`.
    Never,
}

/// How text output marks matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marks {
    /// ANSI bold red, for a terminal.
    Ansi,
    /// `⟦` `⟧` (U+27E6, U+27E7) when there is no colour: brackets that press articles never
    /// contain, unlike `[ ]`, `« »` or `*`.
    Plain,
}

/// Opening mark of a match when there is no colour.
pub const PLAIN_OPEN: &str = "⟦";
/// Closing mark of a match when there is no colour.
pub const PLAIN_CLOSE: &str = "⟧";

impl Marks {
    /// Colours only on a terminal, never when `NO_COLOR` is set (https://no-color.org).
    pub fn detect(is_terminal: bool) -> Marks {
        Marks::choose(ColorChoice::Auto, is_terminal)
    }

    /// `--color always` wins over `NO_COLOR`, as in ripgrep; `auto` asks the terminal.
    pub fn choose(choice: ColorChoice, is_terminal: bool) -> Marks {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Marks::choose_with(choice, is_terminal, no_color)
    }

    /// [`Marks::choose`] with the environment given.
    pub fn choose_with(choice: ColorChoice, is_terminal: bool, no_color: bool) -> Marks {
        match choice {
            ColorChoice::Always => Marks::Ansi,
            ColorChoice::Never => Marks::Plain,
            ColorChoice::Auto if is_terminal && !no_color => Marks::Ansi,
            ColorChoice::Auto => Marks::Plain,
        }
    }

    fn open(self) -> &'static str {
        match self {
            Marks::Ansi => "\x1b[1;31m",
            Marks::Plain => PLAIN_OPEN,
        }
    }

    fn close(self) -> &'static str {
        match self {
            Marks::Ansi => "\x1b[0m",
            Marks::Plain => PLAIN_CLOSE,
        }
    }

    /// Columns a mark takes on screen (escape sequences take none).
    fn mark_width(self) -> usize {
        match self {
            Marks::Ansi => 0,
            Marks::Plain => 1,
        }
    }

    pub fn dim(self, s: &str) -> String {
        match self {
            Marks::Ansi => format!("\x1b[2m{s}\x1b[0m"),
            Marks::Plain => s.to_string(),
        }
    }

    pub fn bold(self, s: &str) -> String {
        match self {
            Marks::Ansi => format!("\x1b[1m{s}\x1b[0m"),
            Marks::Plain => s.to_string(),
        }
    }

    /// The path of a hit, in the colour ripgrep gives paths.
    pub fn path(self, s: &str) -> String {
        match self {
            Marks::Ansi => format!("\x1b[35m{s}\x1b[0m"),
            Marks::Plain => s.to_string(),
        }
    }
}

/// How to print text results.
#[derive(Clone, Debug)]
pub struct TextStyle<'a> {
    pub marks: Marks,
    /// Wrap lines at this many columns (`None`: no wrapping, as when piped).
    pub width: Option<usize>,
    /// Shown before each article path, so that `path:line` opens from the current folder.
    pub corpus: &'a Path,
}

impl Default for TextStyle<'_> {
    fn default() -> Self {
        TextStyle {
            marks: Marks::Plain,
            width: None,
            corpus: Path::new(""),
        }
    }
}

/// Width to wrap at: the terminal's, when standard output is one.
pub fn terminal_width() -> Option<usize> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return None;
    }
    terminal_size::terminal_size().map(|(w, _)| usize::from(w.0))
}

/// Characters of passage text shown per hit before it is shortened.
pub const SNIPPET_CHARS: usize = 280;

/// Whether a character must not reach a terminal as is: C0/C1 controls (escape sequences,
/// backspace, bell) and the bidirectional overrides that reorder what follows them.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` safe to print: whitespace controls become a space, other unsafe characters
/// `�`. Nothing else changes.
pub fn clean(text: &str) -> String {
    clean_with_ranges(text, &[]).0
}

/// [`clean`], moving byte `ranges` of `text` to the cleaned text.
pub fn clean_with_ranges(text: &str, ranges: &[(usize, usize)]) -> (String, Vec<(usize, usize)>) {
    if !text.chars().any(is_unsafe) {
        return (text.to_string(), ranges.to_vec());
    }
    let mut out = String::with_capacity(text.len());
    // new offset of each old char boundary
    let mut moved = vec![0usize; text.len() + 1];
    for (i, c) in text.char_indices() {
        moved[i] = out.len();
        if !is_unsafe(c) {
            out.push(c);
        } else if c.is_whitespace() {
            out.push(' ');
        } else {
            out.push('\u{fffd}');
        }
    }
    moved[text.len()] = out.len();
    let ranges = ranges
        .iter()
        .filter(|&&(s, e)| s <= e && e <= text.len())
        .filter(|&&(s, e)| text.is_char_boundary(s) && text.is_char_boundary(e))
        .map(|&(s, e)| (moved[s], moved[e]))
        .collect();
    (out, ranges)
}

/// `text` with `ranges` wrapped in marks (ranges off character boundaries are skipped).
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

/// Columns `s` takes on a terminal.
fn columns(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// `text` (with its marked `ranges`) as lines of at most `width` columns, cut at spaces,
/// each line after the first indented by `indent` columns; `first` columns are already
/// taken on the first line. A word longer than a line stays whole. A match cut by a line
/// end is marked on both lines.
pub fn wrap(
    text: &str,
    ranges: &[(usize, usize)],
    marks: Marks,
    width: Option<usize>,
    first: usize,
    indent: usize,
) -> Vec<String> {
    let Some(width) = width else {
        return vec![mark(text, ranges, marks)];
    };
    // Byte spans of the lines, greedy over space-separated words.
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let (mut start, mut used) = (0usize, first);
    let mut line_end = 0usize;
    let mut empty = true;
    for (ws, word) in words(text) {
        let we = ws + word.len();
        let boundaries = ranges
            .iter()
            .flat_map(|&(s, e)| [s, e])
            .filter(|&b| b >= ws && b <= we)
            .count();
        let w = columns(word) + boundaries * marks.mark_width();
        if !empty && used + 1 + w > width {
            lines.push((start, line_end));
            start = ws;
            used = indent + w;
        } else {
            if empty {
                start = ws;
            }
            used += if empty { w } else { 1 + w };
        }
        empty = false;
        line_end = we;
    }
    lines.push((start, line_end.max(start)));
    lines
        .into_iter()
        .map(|(s, e)| {
            let clipped: Vec<(usize, usize)> = ranges
                .iter()
                .filter(|&&(rs, re)| re > s && rs < e)
                .map(|&(rs, re)| (rs.max(s) - s, re.min(e) - s))
                .collect();
            mark(&text[s..e], &clipped, marks)
        })
        .collect()
}

/// The space-separated words of `text`, with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    text.split(' ').filter_map(move |w| {
        let start = at;
        at += w.len() + 1;
        (!w.is_empty()).then_some((start, w))
    })
}

/// Where a hit is: `corpus/002_….txt:5` (the file and the line its passage starts on, as
/// editors and terminals open it), then `¶3`, date, site and heading.
pub fn location(hit: &Hit, corpus: &Path) -> String {
    let mut place = format!(
        "{}:{} ¶{}",
        article_path(corpus, &hit.doc),
        hit.line,
        hit.passage
    );
    for extra in [&hit.date, &hit.site].into_iter().flatten() {
        let _ = write!(place, " · {extra}");
    }
    if !hit.missing.is_empty() {
        // A passage from a relaxed tier (search::tiers): say what it does not have.
        let _ = write!(place, " · lacks: {}", hit.missing.join(", "));
    }
    if let Some(h) = &hit.heading {
        let _ = write!(place, " — {h}");
    }
    clean(&place)
}

/// An article's path as the user can open it: the corpus folder joined with `doc`.
pub fn article_path(corpus: &Path, doc: &str) -> String {
    clean(&corpus.join(doc).to_string_lossy())
}

/// The query as the header shows it: in quotes, unless it has its own.
fn quoted(query: &str) -> String {
    let query = clean(query);
    if query.contains(['"', '«', '“']) {
        query
    } else {
        format!("\"{query}\"")
    }
}

pub fn render_text(results: &SearchResults, marks: Marks) -> String {
    render_text_with(
        results,
        &TextStyle {
            marks,
            ..TextStyle::default()
        },
        &[],
    )
}

/// The header and notes above the hits.
fn header(results: &SearchResults, width: Option<usize>, out: &mut String) {
    let mut notes: Vec<String> = results.notes.iter().map(|n| clean(n)).collect();
    if let Some(fixed) = &results.did_you_mean {
        notes.push(format!(
            "some words match nothing as typed; also searched the corrected query {}",
            quoted(fixed)
        ));
    }
    for note in notes {
        for (i, l) in wrap(&note, &[], Marks::Plain, width, 6, 6)
            .iter()
            .enumerate()
        {
            let _ = writeln!(out, "{}{l}", if i == 0 { "note: " } else { "      " });
        }
    }
}

/// Text results; `contexts[i]`, when given, are the passages around hit `i` (`-C N`).
pub fn render_text_with(
    results: &SearchResults,
    style: &TextStyle,
    contexts: &[Vec<StoredPassage>],
) -> String {
    let mut out = String::new();
    header(results, style.width, &mut out);
    if results.total_hits == 0 {
        let _ = writeln!(out, "no passage matches {}", quoted(&results.query));
        return out;
    }
    let line = format!(
        "{}{} {} {} ({} shown, {:.2} ms)",
        if results.total_hits_exact {
            ""
        } else {
            "at least "
        },
        results.total_hits,
        if results.total_hits == 1 {
            "passage matches"
        } else {
            "passages match"
        },
        quoted(&results.query),
        results.hits.len(),
        results.took_ms
    );
    for l in wrap(&line, &[], Marks::Plain, style.width, 0, 0) {
        let _ = writeln!(out, "{l}");
    }
    if !results.hits.is_empty() {
        out.push('\n');
    }
    for (i, hit) in results.hits.iter().enumerate() {
        let around = contexts.get(i).map_or(&[][..], Vec::as_slice);
        render_hit(hit, style, around, &mut out);
        out.push('\n');
    }
    out
}

/// One hit: rank, score and title; where it is; the shortened passage, marked and wrapped,
/// between the passages of context before and after it.
pub fn render_hit(hit: &Hit, style: &TextStyle, around: &[StoredPassage], out: &mut String) {
    let m = style.marks;
    let lead = format!("{:>2}. {:.2}  ", hit.rank, hit.score);
    let title = clean(&hit.title);
    let title_lines = wrap(&title, &[], Marks::Plain, style.width, columns(&lead), 4);
    for (i, line) in title_lines.iter().enumerate() {
        let prefix = if i == 0 { lead.as_str() } else { "    " };
        let _ = writeln!(out, "{prefix}{}", m.bold(line));
    }
    for line in wrap(
        &location(hit, style.corpus),
        &[],
        Marks::Plain,
        style.width,
        4,
        4,
    ) {
        let _ = writeln!(out, "    {}", m.path(&line));
    }
    let ranges: Vec<(usize, usize)> = hit.highlights.iter().map(|r| (r[0], r[1])).collect();
    let (snippet, ranges) = highlight::snippet(&hit.text, &ranges, SNIPPET_CHARS);
    for p in around.iter().filter(|p| p.passage < hit.passage) {
        context_lines(p, style, out);
    }
    if !around.is_empty() {
        let _ = writeln!(out, "    {}", m.path(&format!("¶{} (hit)", hit.passage)));
    }
    passage_lines(&snippet, &ranges, style, out);
    for p in around.iter().filter(|p| p.passage > hit.passage) {
        context_lines(p, style, out);
    }
}

/// A passage of context (`-C N`): its number and line, then its start, dimmed.
fn context_lines(p: &StoredPassage, style: &TextStyle, out: &mut String) {
    let m = style.marks;
    let _ = writeln!(
        out,
        "    {}",
        m.path(&format!(
            "{}:{} ¶{} (context)",
            article_path(style.corpus, &p.doc),
            p.line,
            p.passage
        ))
    );
    let (snippet, _) = highlight::snippet(&p.text, &[], SNIPPET_CHARS);
    let (text, _) = clean_with_ranges(&snippet, &[]);
    for line in wrap(&text, &[], Marks::Plain, style.width, 4, 4) {
        let _ = writeln!(out, "    {}", m.dim(&line));
    }
}

/// `--count`: matching passages per article, `path:count`, by path (like `rg -c`).
pub fn render_counts(results: &SearchResults, style: &TextStyle, json: bool) -> String {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for hit in &results.hits {
        *counts.entry(hit.doc.as_str()).or_default() += 1;
    }
    if json {
        let articles: Vec<Value> = counts
            .iter()
            .map(|(doc, n)| serde_json::json!({"doc": doc, "passages": n}))
            .collect();
        return pretty(&serde_json::json!({
            "query": results.query,
            "total_hits": results.total_hits,
            "articles": articles,
        })) + "\n";
    }
    let mut out = String::new();
    for (doc, n) in counts {
        let _ = writeln!(out, "{}:{n}", m_path(style, doc));
    }
    out
}

/// `--files-with-matches`: each matching article once, best first (like `rg -l`).
pub fn render_files(results: &SearchResults, style: &TextStyle, json: bool) -> String {
    let mut seen = std::collections::HashSet::new();
    let docs: Vec<&str> = results
        .hits
        .iter()
        .map(|h| h.doc.as_str())
        .filter(|d| seen.insert(*d))
        .collect();
    if json {
        return pretty(&serde_json::json!({
            "query": results.query,
            "total_hits": results.total_hits,
            "docs": docs,
        })) + "\n";
    }
    docs.iter().map(|d| m_path(style, d) + "\n").collect()
}

fn m_path(style: &TextStyle, doc: &str) -> String {
    style.marks.path(&article_path(style.corpus, doc))
}

/// The one-line summary of `fouille index`, with sizes in a unit that fits.
pub fn index_summary(r: &Report) -> String {
    r.summary()
}

pub use crate::index::human_bytes;

/// Passage text, cleaned, marked and wrapped under a 4-column indent.
pub fn passage_lines(text: &str, ranges: &[(usize, usize)], style: &TextStyle, out: &mut String) {
    let (text, ranges) = clean_with_ranges(text, ranges);
    for line in wrap(&text, &ranges, style.marks, style.width, 4, 4) {
        let _ = writeln!(out, "    {line}");
    }
}

/// Byte ranges of `text` as character ranges (what `jq`, Python and JavaScript slice by).
pub fn char_ranges(text: &str, ranges: &[[usize; 2]]) -> Vec<[usize; 2]> {
    let to_char = |b: usize| text.get(..b).map_or(0, |s| s.chars().count());
    ranges
        .iter()
        .map(|&[s, e]| [to_char(s), to_char(e)])
        .collect()
}

/// A hit as JSON: its fields, plus `highlights_chars`.
pub fn hit_json(hit: &Hit) -> Value {
    let mut v = serde_json::to_value(hit).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut v {
        // Through a `Value` the f32 score would print as its f64 widening (1003.9479…).
        if let Ok(score) = hit.score.to_string().parse::<f64>() {
            map.insert("score".into(), serde_json::json!(score));
        }
        map.insert(
            "highlights_chars".into(),
            serde_json::json!(char_ranges(&hit.text, &hit.highlights)),
        );
    }
    v
}

/// The results as a JSON value, each hit with `highlights_chars`.
pub fn results_json(results: &SearchResults) -> Value {
    let mut v = serde_json::to_value(results).unwrap_or(Value::Null);
    if let Some(Value::Array(hits)) = v.get_mut("hits") {
        *hits = results.hits.iter().map(hit_json).collect();
    }
    v
}

/// [`results_json`], each hit with `context` (the passages around it) when `-C` asked.
pub fn results_json_with_context(
    results: &SearchResults,
    contexts: &[Vec<StoredPassage>],
) -> Value {
    let mut v = results_json(results);
    if let Some(Value::Array(hits)) = v.get_mut("hits") {
        for (hit, around) in hits.iter_mut().zip(contexts) {
            if let Value::Object(map) = hit {
                map.insert("context".into(), serde_json::json!(around));
            }
        }
    }
    v
}

pub fn render_json(results: &SearchResults) -> String {
    pretty(&results_json(results))
}

/// Pretty JSON (serialising a `Value` cannot fail).
pub fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_wrap_ranges() {
        assert_eq!(
            mark("les troupes du génie", &[(4, 21)], Marks::Plain),
            "les ⟦troupes du génie⟧"
        );
        assert_eq!(
            mark("abc", &[(0, 1), (2, 3)], Marks::Ansi),
            "\x1b[1;31ma\x1b[0mb\x1b[1;31mc\x1b[0m"
        );
    }

    #[test]
    fn bad_ranges_are_skipped_not_panics() {
        assert_eq!(mark("été", &[(1, 2), (0, 99)], Marks::Plain), "été");
    }

    #[test]
    fn color_choice() {
        assert_eq!(Marks::choose(ColorChoice::Always, false), Marks::Ansi);
        assert_eq!(Marks::choose(ColorChoice::Never, true), Marks::Plain);
        assert_eq!(Marks::choose(ColorChoice::Auto, false), Marks::Plain);
        assert_eq!(
            Marks::choose_with(ColorChoice::Auto, true, false),
            Marks::Ansi
        );
        assert_eq!(
            Marks::choose_with(ColorChoice::Auto, true, true),
            Marks::Plain
        );
        assert_eq!(
            Marks::choose_with(ColorChoice::Always, true, true),
            Marks::Ansi
        );
    }

    #[test]
    fn controls_never_pass_and_ranges_follow() {
        let text = "a\x1b[31mé\u{202e}b\tc";
        let at = text.find('é').unwrap_or_default();
        let (clean, ranges) = clean_with_ranges(text, &[(at, at + 2)]);
        assert_eq!(clean, "a\u{fffd}[31mé\u{fffd}b c");
        assert_eq!(&clean[ranges[0].0..ranges[0].1], "é");
        assert!(!clean.chars().any(is_unsafe));
    }

    #[test]
    fn wraps_at_spaces_within_width_and_keeps_every_word() {
        let text = "les troupes du génie nord-coréennes seront envoyées dans les régions occupées";
        let end = text.find(" nord").unwrap_or_default();
        let lines = wrap(text, &[(4, end)], Marks::Plain, Some(24), 4, 4);
        for l in &lines {
            assert!(columns(l) + 4 <= 24, "{l:?}");
        }
        let joined = lines.join(" ").replace(['⟦', '⟧'], "");
        assert_eq!(joined, text);
        // The match cut at the line end is marked on both lines.
        assert_eq!(lines[0], "les ⟦troupes du⟧");
        assert_eq!(lines[1], "⟦génie⟧");
    }

    #[test]
    fn long_word_stays_whole() {
        let lines = wrap(
            "a https://exemple.fr/tres/long/chemin b",
            &[],
            Marks::Plain,
            Some(10),
            0,
            0,
        );
        assert_eq!(lines, ["a", "https://exemple.fr/tres/long/chemin", "b"]);
    }

    #[test]
    fn sizes_have_a_unit_that_fits() {
        assert_eq!(human_bytes(12), "12 B");
        assert_eq!(human_bytes(48_300), "48.3 KB");
        assert_eq!(human_bytes(2_500_000), "2.5 MB");
        assert_eq!(human_bytes(999_990), "1.0 MB");
    }

    #[test]
    fn char_offsets_of_highlights() {
        let text = "l’armée et les armées";
        let s = text.find("armée").unwrap_or_default();
        let byte = [[s, s + "armée".len()]];
        let chars = char_ranges(text, &byte);
        let as_chars: Vec<char> = text.chars().collect();
        let got: String = as_chars[chars[0][0]..chars[0][1]].iter().collect();
        assert_eq!(got, "armée");
        assert_eq!(chars[0], [2, 7]);
    }
}
