//! Splitting a text into trimmed lines that remember where they are in the text.

use super::text::is_blank_char;

/// A non-blank line, trimmed, with its byte span in the text it was cut from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line<'a> {
    pub(crate) text: &'a str,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// The non-blank lines of `text`, in order. Splits on `\n` and `\r` (so CRLF, LF and
/// old Mac files all work) and trims blanks, NBSP and BOM included; the spans point at
/// the trimmed text.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = Line<'_>> {
    let mut offset = 0;
    text.split(['\n', '\r']).filter_map(move |raw| {
        let raw_start = offset;
        offset += raw.len() + 1;
        let lead = raw.len() - raw.trim_start_matches(is_blank_char).len();
        let trimmed = raw[lead..].trim_end_matches(is_blank_char);
        (!trimmed.is_empty()).then(|| Line {
            text: trimmed,
            start: raw_start + lead,
            end: raw_start + lead + trimmed.len(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_point_at_trimmed_text() {
        let text = "\u{feff}Titre\r\n\r\n\u{a0} Un paragraphe.\u{202f}\r\n\u{a0}\nFin";
        let got: Vec<Line> = lines(text).collect();
        assert_eq!(got.len(), 3);
        for line in &got {
            assert_eq!(&text[line.start..line.end], line.text);
        }
        assert_eq!(got[0].text, "Titre");
        assert_eq!(got[1].text, "Un paragraphe.");
        assert_eq!(got[2].text, "Fin");
    }

    #[test]
    fn empty_and_blank_texts_have_no_lines() {
        assert_eq!(lines("").count(), 0);
        assert_eq!(lines("\n\r\n \u{a0}\t\n").count(), 0);
    }
}
