//! File formats fouille reads, and what each reader hands to the passage pipeline.
//!
//! `.txt` files go through [`super::parse_article`] line by line. HTML and Markdown
//! readers first turn the markup into a [`Document`]: metadata the format carries and
//! the text blocks of the content, each with its byte span in the file. The blocks then
//! meet the same leftover rules and heading attachment as the lines of a `.txt` file
//! ([`super::article_from_document`]).

pub(crate) mod html;
pub(crate) mod markdown;

use std::path::Path;

/// A format fouille indexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    Markdown,
}

impl Format {
    /// The format of a file, from its extension (any case); `Err` says why it is skipped.
    pub fn of_path(path: &str) -> Result<Format, &'static str> {
        let ext = Path::new(path)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("txt") => Ok(Format::Text),
            Some("html" | "htm" | "xhtml") => Ok(Format::Html),
            Some("md" | "markdown") => Ok(Format::Markdown),
            Some("pdf") => Err("PDF not supported"),
            _ => Err("unsupported format"),
        }
    }
}

/// Whether a text starts like an HTML page (`<!DOCTYPE html`, `<html`), blanks and
/// comments aside: such a page saved as `.txt` would otherwise be indexed tag by tag.
pub(crate) fn looks_like_html(text: &str) -> bool {
    let mut rest = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    while let Some(after) = rest.strip_prefix("<!--") {
        let Some(end) = after.find("-->") else {
            return false;
        };
        rest = after[end + 3..].trim_start();
    }
    let head: Vec<u8> = rest
        .bytes()
        .take(14)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html")
}

/// What a format reader found in a file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Document {
    pub(crate) title: Option<String>,
    /// ISO 8601 `YYYY-MM-DD`.
    pub(crate) date: Option<String>,
    pub(crate) source_url: Option<String>,
    /// Content blocks in reading order.
    pub(crate) blocks: Vec<Block>,
}

/// A block of text (paragraph, list item, heading…), whitespace collapsed, with the byte
/// span in the file from its first to its last character (markup in between included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block {
    pub(crate) text: String,
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Marked as a heading by the format (`<h2>`, `## …`).
    pub(crate) heading: bool,
}

/// Collects text pieces into one block: whitespace runs become one space, and the span
/// grows from the first to the last non-blank piece.
#[derive(Debug, Default)]
pub(crate) struct BlockBuilder {
    text: String,
    start: usize,
    end: usize,
    pending_space: bool,
}

impl BlockBuilder {
    /// Adds decoded `piece`, whose source is `source[start..end]` of the file.
    pub(crate) fn push(&mut self, piece: &str, source: &str, start: usize, end: usize) {
        let raw = source.get(start..end).unwrap_or("");
        let lead = raw.len() - raw.trim_start().len();
        let trail = raw.len() - raw.trim_end().len();
        for (i, word) in piece.split(is_space).enumerate() {
            // Every split point is a blank: a space before the next word.
            self.pending_space |= i > 0;
            if word.is_empty() {
                continue;
            }
            if self.text.is_empty() {
                self.start = start + lead.min(end - start);
            } else if self.pending_space {
                self.text.push(' ');
            }
            self.pending_space = false;
            self.text.push_str(word);
            self.end = end.saturating_sub(trail).max(self.start);
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Whitespace between pieces (a `<br>`, a soft line break).
    pub(crate) fn space(&mut self) {
        self.pending_space = true;
    }

    /// The block so far, if it has any text; the builder starts afresh.
    pub(crate) fn take(&mut self, heading: bool) -> Option<Block> {
        let built = std::mem::take(self);
        (!built.text.is_empty()).then_some(Block {
            text: built.text,
            start: built.start,
            end: built.end,
            heading,
        })
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{a0}' | '\u{202f}' | '\u{feff}')
}

/// Normalises a date as formats write it (`2024-10-08`, `2024-10-08T14:05:00+02:00`,
/// `2024/10/08`) to `YYYY-MM-DD`; anything else is `None`.
pub(crate) fn iso_date(value: &str) -> Option<String> {
    let v = value.trim();
    let b = v.as_bytes();
    if b.len() < 10 || !matches!(b[4], b'-' | b'/') || b[7] != b[4] {
        return None;
    }
    let num = |r: std::ops::Range<usize>| v.get(r)?.parse::<u32>().ok();
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let rest_ok = b.len() == 10 || matches!(b[10], b'T' | b' ' | b't');
    ((1000..=9999).contains(&year)
        && (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && rest_ok)
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// An absolute http(s) URL without blanks, else `None`.
pub(crate) fn absolute_url(value: &str) -> Option<String> {
    let v = value.trim();
    let ok = (v.starts_with("http://") || v.starts_with("https://"))
        && v.len() > "https://".len()
        && !v.contains(char::is_whitespace);
    ok.then(|| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension() {
        assert_eq!(Format::of_path("a/b.TXT"), Ok(Format::Text));
        assert_eq!(Format::of_path("page.htm"), Ok(Format::Html));
        assert_eq!(Format::of_path("page.Html"), Ok(Format::Html));
        assert_eq!(Format::of_path("note.markdown"), Ok(Format::Markdown));
        assert_eq!(Format::of_path("note.md"), Ok(Format::Markdown));
        assert_eq!(Format::of_path("rapport.pdf"), Err("PDF not supported"));
        assert_eq!(Format::of_path("lettre.docx"), Err("unsupported format"));
        assert_eq!(Format::of_path("LISEZMOI"), Err("unsupported format"));
    }

    #[test]
    fn html_is_recognised_by_its_first_tag() {
        assert!(looks_like_html("\u{feff}\n<!DOCTYPE html>\n<html>"));
        assert!(looks_like_html("<!-- saved --> <HTML lang=fr>"));
        assert!(!looks_like_html("Un titre\n<p>pas une page</p>"));
        assert!(!looks_like_html("<!-- jamais fermé <html>"));
        assert!(!looks_like_html("<!doctyp"));
    }

    #[test]
    fn dates_are_normalised() {
        assert_eq!(iso_date("2024-10-08").as_deref(), Some("2024-10-08"));
        assert_eq!(
            iso_date(" 2024-10-08T14:05:00+02:00").as_deref(),
            Some("2024-10-08")
        );
        assert_eq!(iso_date("2024/12/28").as_deref(), Some("2024-12-28"));
        for bad in [
            "2024-13-01",
            "2024-10",
            "08/10/2024",
            "hier",
            "2024-10-08x",
            "",
        ] {
            assert_eq!(iso_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn blocks_collapse_whitespace_and_track_spans() {
        let src = "<p>  Un\n mot <b>gras</b>&nbsp;ici </p>";
        let mut b = BlockBuilder::default();
        b.push("  Un\n mot ", src, 3, 13);
        b.push("gras", src, 16, 20);
        b.push("\u{a0}ici ", src, 24, 34);
        let block = b.take(false).expect("a block");
        assert_eq!(block.text, "Un mot gras ici");
        assert_eq!(
            &src[block.start..block.end],
            "Un\n mot <b>gras</b>&nbsp;ici"
        );
        assert!(b.take(false).is_none());
    }
}
