//! Articles and their passages.
//!
//! An article file holds the headline on its first non-empty line, then one paragraph
//! per line, mixed with leftovers of the web page it was copied from. [`parse_article`]
//! turns the text into a title, an optional source URL and numbered passages whose byte
//! spans point into the file; [`discover`] and [`load`] find and read the files.
//!
//! Rules, in order:
//! - title: first non-empty line, breadcrumbs and trailing ` – .` debris removed
//!   (`metadata.rs`); a first body line repeating it is dropped;
//! - web leftovers are dropped (`boilerplate.rs`); a `Source : URL` line sets
//!   [`Article::source_url`];
//! - a line continuing the previous one's sentence is joined to it with one space
//!   (`paragraph.rs`);
//! - short heading lines become the `heading` of the next passage; consecutive heading
//!   lines are joined with ` — `, and wrapping quotes are removed
//!   (`paragraph.rs`).

mod boilerplate;
mod decode;
mod error;
mod lines;
mod metadata;
mod paragraph;
mod source;
mod text;

pub use error::CorpusError;
pub use source::{
    CorpusFile, Discovery, Loaded, MAX_ARTICLE_BYTES, discover, hash_bytes, load, load_bytes,
    mtime_ns,
};

use paragraph::Paragraphs;

/// One article of the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Path relative to the corpus folder, with `/` separators.
    pub path: String,
    pub title: String,
    pub source_url: Option<String>,
    /// Publication date, ISO 8601 `YYYY-MM-DD`, when the file tells it.
    pub date: Option<String>,
    /// Host of the source URL (`www.lemonde.fr`), when known.
    pub site: Option<String>,
    pub passages: Vec<Passage>,
}

/// One passage (paragraph) of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// 1-based passage number within the article.
    pub no: u32,
    /// The section heading introducing this passage, if any (not inside the span).
    pub heading: Option<String>,
    /// The paragraph, trimmed; lines joined with one space.
    pub text: String,
    /// Byte offsets of the passage in the original file.
    pub start: usize,
    pub end: usize,
    /// 1-based line of the file where the passage starts (for `path:line`).
    pub line: u32,
}

/// Parses an article from its decoded text. `path` is the corpus-relative path, used
/// for [`Article::path`] and as the title when the text has no line at all. Offsets
/// are byte offsets into `text` (a leading BOM, if present, is skipped but counted).
pub fn parse_article(path: &str, text: &str) -> Article {
    let mut lines = lines::lines(text);
    let title = lines
        .next()
        .map(|line| metadata::clean_title(line.text))
        .filter(|title| !title.is_empty())
        .unwrap_or_else(|| metadata::title_from_path(path));

    let mut source_url = None;
    let mut paragraphs = Paragraphs::default();
    let mut seen_content = false;
    for line in lines {
        if let Some(url) = metadata::source_url(line.text) {
            source_url.get_or_insert_with(|| url.to_string());
            paragraphs.interrupt();
        } else if boilerplate::is_boilerplate(line.text) {
            paragraphs.interrupt();
        } else if !seen_content && metadata::repeats_title(line.text, &title) {
            seen_content = true;
            paragraphs.interrupt();
        } else {
            seen_content = true;
            paragraphs.push(line);
        }
    }

    let mut lines_before = LineCounter::new(text);
    let passages = paragraph::attach_headings(paragraphs.finish())
        .into_iter()
        .zip(1..)
        .map(|((heading, p), no)| Passage {
            no,
            heading,
            line: lines_before.line_at(p.start),
            text: p.text,
            start: p.start,
            end: p.end,
        })
        .collect();

    let site = source_url.as_deref().and_then(site_of);
    Article {
        path: path.to_string(),
        title,
        source_url,
        date: None,
        site,
        passages,
    }
}

/// The host of a URL, lowercased, without `www.`-style noise kept as is: `site:` filters
/// compare hosts as written in the URL.
pub fn site_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?.trim().to_lowercase();
    (!host.is_empty() && host.contains('.')).then_some(host)
}

/// Turns byte offsets, asked in increasing order, into 1-based line numbers in one pass.
struct LineCounter<'a> {
    text: &'a [u8],
    pos: usize,
    line: u32,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            pos: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, offset: usize) -> u32 {
        let offset = offset.min(self.text.len());
        if offset < self.pos {
            self.pos = 0;
            self.line = 1;
        }
        let newlines = self.text[self.pos..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.line = self
            .line
            .saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
        self.pos = offset;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collapse(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn full_article() {
        let text = "\u{feff}Home » MONDE » Le titre – .\r\n\r\nLe titre\r\npar\r\n\
            Premier paragraphe sans fin\r\n, suite du paragraphe.\r\n\r\n\
            \"Escalade majeure\"\r\nLire aussi : autre chose\r\nDeuxième paragraphe.\r\n\
            \u{a0}\r\nSource : https://exemple.fr/a\r\nFermer";
        let a = parse_article("x/a.txt", text);
        assert_eq!(a.title, "Le titre");
        assert_eq!(a.source_url.as_deref(), Some("https://exemple.fr/a"));
        assert_eq!(a.site.as_deref(), Some("exemple.fr"));
        let lines: Vec<u32> = a.passages.iter().map(|p| p.line).collect();
        assert_eq!(lines, [5, 10]);
        let got: Vec<(u32, Option<&str>, &str)> = a
            .passages
            .iter()
            .map(|p| (p.no, p.heading.as_deref(), p.text.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    1,
                    None,
                    "Premier paragraphe sans fin , suite du paragraphe."
                ),
                (2, Some("Escalade majeure"), "Deuxième paragraphe."),
            ]
        );
        for p in &a.passages {
            assert_eq!(collapse(&text[p.start..p.end]), p.text);
        }
    }

    #[test]
    fn empty_text_uses_the_file_name() {
        let a = parse_article("dossier/mon article.txt", "\u{feff} \r\n\u{a0}\n");
        assert_eq!(a.title, "mon article");
        assert!(a.passages.is_empty());
        assert_eq!(a.source_url, None);
    }

    #[test]
    fn only_boilerplate_gives_no_passages() {
        let a = parse_article("a.txt", "Titre\n12 commentaires\nFermer\nRelated Articles");
        assert_eq!(a.title, "Titre");
        assert!(a.passages.is_empty());
    }

    #[test]
    fn short_last_line_is_kept() {
        let a = parse_article("a.txt", "Titre\nUn paragraphe.\nKim Yo-Jong");
        assert_eq!(a.passages.len(), 2);
        assert_eq!(a.passages[1].text, "Kim Yo-Jong");
        assert_eq!(a.passages[1].heading, None);
    }

    #[test]
    fn only_the_first_body_line_can_repeat_the_title() {
        let a = parse_article("a.txt", "Un titre.\nUn paragraphe.\nUn titre.\nFin.");
        let texts: Vec<&str> = a.passages.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["Un paragraphe.", "Un titre.", "Fin."]);
    }

    #[test]
    fn huge_single_line_is_linear() {
        let text = "mot ".repeat(2_000_000) + "\nsuite " + &"mot ".repeat(2_000_000);
        let started = std::time::Instant::now();
        let a = parse_article("a.txt", &text);
        assert_eq!(a.passages.len(), 1);
        assert_eq!(a.passages[0].end, text.trim_end().len());
        // Speed is not asserted (machines differ): a quadratic parse would not finish.
        eprintln!("16 MB of long lines parsed in {:?}", started.elapsed());
    }
}
