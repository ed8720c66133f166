//! Articles and their passages.
//!
//! [`parse_file`] picks a reader by extension: `.html`/`.htm` and `.md`/`.markdown` are
//! read by `formats/` into text blocks with spans, then go through the same leftover
//! and heading rules as the lines of a `.txt` file described below.
//!
//! An article file holds the headline on its first non-empty line, then one paragraph
//! per line, mixed with leftovers of the web page it was copied from. [`parse_article`]
//! turns the text into a title, an optional source URL and numbered passages whose byte
//! spans point into the file; [`discover`] and [`load`] find and read the files.
//!
//! Rules, in order:
//! - title: first non-empty line, breadcrumbs and trailing ` – .` debris removed
//!   (`metadata.rs`); a first body line repeating it is dropped;
//! - web leftovers are dropped by their form, shape and position (`leftovers/`, which
//!   uses the rule table of `boilerplate.rs`; [`explain_article`] says what went and
//!   why); a `Source : URL` line sets [`Article::source_url`];
//! - a line continuing the previous one's sentence is joined to it with one space
//!   (`paragraph.rs`);
//! - short heading lines become the `heading` of the next passage; consecutive heading
//!   lines (at most 3) are joined with ` — `, and wrapping quotes are removed
//!   (`paragraph.rs`).
//!
//! Repetition across articles and the user's `boilerplate.txt` need the whole folder:
//! [`Leftovers::strip`] applies them to a parsed article (the indexer does).

mod boilerplate;
mod dates;
mod decode;
mod error;
mod formats;
mod leftovers;
mod lines;
mod metadata;
mod paragraph;
mod source;
mod text;

pub use dates::{Day, date_in_url, days_in_month};
pub use error::CorpusError;
pub use formats::Format;
pub use source::{
    CorpusFile, Discovery, Loaded, MAX_ARTICLE_BYTES, SkippedFile, discover, hash_bytes, load,
    load_bytes, mtime_ns, skipped_line,
};

pub use leftovers::{
    Dropped, Leftovers, MAX_RULES_BYTES, MIN_ARTICLES, RULES_FILE, Reason, TEMPLATES_FILE,
    Templates, UserRules, UserRulesError, use_rules_file,
};

use leftovers::Shape;
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
    explain_article(path, text).0
}

/// [`parse_article`], also saying which lines were left out of the passages and why
/// (form, shape and position signals; see [`leftovers`]). Every non-blank line after
/// the title is either inside a passage's span or listed.
pub fn explain_article(path: &str, text: &str) -> (Article, Vec<Dropped>) {
    let mut lines = lines::lines(text);
    let title = lines
        .next()
        .map(|line| metadata::clean_title(line.text))
        .filter(|title| !title.is_empty())
        .unwrap_or_else(|| metadata::title_from_path(path));

    let mut source_url = None;
    let mut paragraphs = Paragraphs::default();
    let mut seen_content = false;
    let mut dates = metadata::DatePicker::default();
    // (byte offset, text, reason), turned into line numbers at the end.
    let mut dropped: Vec<(usize, String, Reason)> = Vec::new();
    // Inside a list of links to other articles (after `À lire aussi`, `Les plus lus`…).
    let mut in_list = false;
    for line in lines {
        in_list = in_list && leftovers::is_list_item(line.text);
        let reason = if let Some(url) = metadata::source_url(line.text) {
            source_url.get_or_insert_with(|| url.to_string());
            Some(Reason::SourceLine)
        } else if dates.see(line.text) {
            Some(Reason::Date)
        } else if let Some(reason) = leftovers::leftover_kind(line.text) {
            in_list = leftovers::is_list_header(line.text);
            Some(reason)
        } else if in_list {
            Some(Reason::Teaser)
        } else if !seen_content && metadata::repeats_title(line.text, &title) {
            seen_content = true;
            Some(Reason::RepeatsTitle)
        } else {
            None
        };
        match reason {
            Some(reason) => {
                dropped.push((line.start, line.text.to_string(), reason));
                paragraphs.interrupt();
            }
            None => {
                seen_content = true;
                paragraphs.push(line);
            }
        }
    }

    let paragraphs = keep_between_prose(paragraphs.finish(), &mut dropped);
    let mut lines_before = LineCounter::new(text);
    let passages = paragraph::attach_headings(paragraphs)
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

    dropped.sort_by_key(|d| d.0);
    let mut lines_before = LineCounter::new(text);
    let dropped = dropped
        .into_iter()
        .map(|(offset, text, reason)| Dropped {
            line: lines_before.line_at(offset),
            text,
            reason,
        })
        .collect();

    let site = source_url.as_deref().and_then(site_of);
    let article = Article {
        path: path.to_string(),
        title,
        date: dates.finish(source_url.as_deref()),
        source_url,
        site,
        passages,
    };
    (article, dropped)
}

/// [`explain_article`] plus the folder-wide signals (user rules, repetition).
pub fn explain_article_with(path: &str, text: &str, folder: &Leftovers) -> (Article, Vec<Dropped>) {
    let (mut article, mut dropped) = explain_article(path, text);
    dropped.extend(folder.strip(&mut article));
    dropped.sort_by_key(|d| d.line);
    (article, dropped)
}

/// Parses a file of any format fouille reads, chosen by the extension of `path`
/// (`.txt` when unknown); a `.txt` file that is an HTML page saved under that name is
/// read as HTML. Offsets are byte offsets into `text`.
pub fn parse_file(path: &str, text: &str) -> Article {
    match Format::of_path(path) {
        Ok(Format::Html) => article_from_document(path, text, formats::html::read(text)),
        Ok(Format::Markdown) => article_from_document(path, text, formats::markdown::read(text)),
        Ok(Format::Text) | Err(_) if formats::looks_like_html(text) => {
            article_from_document(path, text, formats::html::read(text))
        }
        Ok(Format::Text) | Err(_) => parse_article(path, text),
    }
}

/// Builds an article from the blocks an HTML or Markdown reader found: the same leftover
/// rules as text lines; a heading block heads the next passage (headings in a row are
/// joined, a heading with no passage after it is dropped).
fn article_from_document(path: &str, text: &str, doc: formats::Document) -> Article {
    let title = doc
        .title
        .map(|t| metadata::clean_title(&t))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| metadata::title_from_path(path));
    let mut lines_before = LineCounter::new(text);
    let mut passages = Vec::new();
    // Heading blocks waiting for their passage; a longer run keeps its last ones, as the
    // text reader does (`paragraph::HEADING_MAX_CHAIN`), so joining stays linear.
    let mut headings: std::collections::VecDeque<String> = std::collections::VecDeque::new();
    let mut seen_content = false;
    let mut in_list = false;
    for block in doc.blocks {
        in_list = in_list && leftovers::is_list_item(&block.text);
        if leftovers::leftover_kind(&block.text).is_some() {
            in_list = leftovers::is_list_header(&block.text);
            continue;
        }
        if in_list {
            continue;
        }
        if !seen_content && metadata::repeats_title(&block.text, &title) {
            seen_content = true;
            continue;
        }
        seen_content = true;
        if block.heading {
            if headings.len() == paragraph::HEADING_MAX_CHAIN {
                headings.pop_front();
            }
            headings.push_back(paragraph::heading_label(&block.text).to_string());
            continue;
        }
        let heading = (!headings.is_empty())
            .then(|| Vec::from(std::mem::take(&mut headings)).join(paragraph::HEADING_JOINER));
        passages.push(Passage {
            no: u32::try_from(passages.len() + 1).unwrap_or(u32::MAX),
            heading,
            line: lines_before.line_at(block.start),
            text: block.text,
            start: block.start,
            end: block.end,
        });
    }
    let site = doc.source_url.as_deref().and_then(site_of);
    Article {
        path: path.to_string(),
        title,
        // The format's date, else one in the source URL (as for .txt files).
        date: doc.date.or_else(|| {
            let url = doc.source_url.as_deref()?;
            dates::date_in_url(url).map(Day::iso)
        }),
        source_url: doc.source_url,
        site,
        passages,
    }
}

/// At most this many paragraphs before the first (or after the last) paragraph of
/// prose are judged by position: page furniture around an article is a few lines, a
/// longer run is a list that belongs to the text.
const MAX_EDGE_PARAGRAPHS: usize = 30;

/// The position signal: paragraphs that do not read as prose are leftovers when they
/// lie before the first or after the last paragraph that does. An article without any
/// prose keeps everything (nothing tells content from leftover there), and so does an
/// edge longer than [`MAX_EDGE_PARAGRAPHS`].
fn keep_between_prose(
    paragraphs: Vec<paragraph::Paragraph>,
    dropped: &mut Vec<(usize, String, Reason)>,
) -> Vec<paragraph::Paragraph> {
    // Only the edges are looked at: cheap on long articles.
    let is_prose = |p: &paragraph::Paragraph| Shape::of(&p.text).is_prose();
    let Some(first) = paragraphs.iter().position(is_prose) else {
        return paragraphs;
    };
    let last = paragraphs.iter().rposition(is_prose).unwrap_or(first);
    let first = if first > MAX_EDGE_PARAGRAPHS {
        0
    } else {
        first
    };
    let last = if paragraphs.len() - 1 - last > MAX_EDGE_PARAGRAPHS {
        paragraphs.len() - 1
    } else {
        last
    };
    let mut kept = Vec::with_capacity(last + 1 - first);
    for (i, p) in paragraphs.into_iter().enumerate() {
        if i < first {
            dropped.push((p.start, p.text, Reason::BeforeContent));
        } else if i > last {
            dropped.push((p.start, p.text, Reason::AfterContent));
        } else {
            kept.push(p);
        }
    }
    kept
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
    fn short_line_after_the_last_paragraph_is_a_leftover() {
        let (a, dropped) = explain_article("a.txt", "Titre\nUn paragraphe.\nKim Yo-Jong");
        assert_eq!(a.passages.len(), 1);
        assert_eq!(
            dropped,
            [Dropped {
                line: 3,
                text: "Kim Yo-Jong".into(),
                reason: Reason::AfterContent
            }]
        );
    }

    #[test]
    fn without_prose_every_line_is_kept() {
        let (a, dropped) = explain_article("a.txt", "Titre\nKim Yo-Jong\nPyongyang");
        assert!(dropped.is_empty());
        assert_eq!(a.passages.len(), 1);
        assert_eq!(a.passages[0].heading.as_deref(), Some("Kim Yo-Jong"));
        assert_eq!(a.passages[0].text, "Pyongyang");
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
