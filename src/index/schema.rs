//! The tantivy schema: one document per passage.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use tantivy::TantivyDocument;
use tantivy::schema::Value;

use crate::analysis::{FRENCH, FRENCH_EXACT, FRENCH_PAIRS};

/// Bumped whenever the schema or the analyzer changes what lands in the index: an index
/// written with another version is rebuilt from the corpus rather than searched wrongly.
pub const SCHEMA_VERSION: u32 = 7;

/// The fields of a passage document, resolved once.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// Article path relative to the corpus folder (exact term: used to delete an article;
    /// fast field, with `passage`: ties and the per-article cap read no stored document).
    pub doc: Field,
    pub passage: Field,
    pub start: Field,
    pub end: Field,
    /// Article title, stored and analysed: it helps every passage of the article a little.
    pub title: Field,
    /// Heading attached to the passage (empty when none).
    pub heading: Field,
    /// Passage text, stemmed and accent-folded: recall.
    pub body: Field,
    /// Passage text, exact forms (lowercase, no stemming or folding): exactness.
    pub body_exact: Field,
    /// Passage text as stop-word pairs (`au figure`, `du genie`): phrases with stop words.
    pub body_pairs: Field,
    /// 1-based line of the file where the passage starts.
    pub line: Field,
    /// Article date as the number `YYYYMMDD` (absent when undated): range filters, sorting.
    pub date: Field,
    /// Host of the article's source URL (exact term, absent when unknown): `site:` filters.
    pub site: Field,
    /// The article's source URL (stored only).
    pub source: Field,
    /// [`checksum`] of the stored values above: a hit is shown only if it still matches.
    pub checksum: Field,
    /// The article title again, indexed on the lead passage only: a word or headline
    /// phrase found only in the title matches that one passage, and a query word stays a
    /// union of plain terms (body, lead title) that tantivy prunes with block-max WAND.
    pub lead_title: Field,
}

/// `2024-10-08` → `20241008`, the form the `date` field stores.
pub fn date_number(iso: &str) -> Option<u64> {
    let digits: String = iso.chars().filter(char::is_ascii_digit).collect();
    (digits.len() == 8 && iso.len() == 10)
        .then(|| digits.parse().ok())
        .flatten()
}

/// `20241008` → `2024-10-08`.
pub fn date_iso(n: u64) -> String {
    format!("{:04}-{:02}-{:02}", n / 10_000, n / 100 % 100, n % 100)
}

fn text(tokenizer: &str, stored: bool) -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(tokenizer)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let options = TextOptions::default().set_indexing_options(indexing);
    if stored {
        options.set_stored()
    } else {
        options
    }
}

pub fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        doc: b.add_text_field("doc", STRING | STORED | FAST),
        passage: b.add_u64_field("passage", STORED | INDEXED | FAST),
        start: b.add_u64_field("start", STORED),
        end: b.add_u64_field("end", STORED),
        title: b.add_text_field("title", text(FRENCH, true)),
        heading: b.add_text_field("heading", text(FRENCH, true)),
        body: b.add_text_field("body", text(FRENCH, true)),
        body_exact: b.add_text_field("body_exact", text(FRENCH_EXACT, false)),
        body_pairs: b.add_text_field("body_pairs", text(FRENCH_PAIRS, false)),
        line: b.add_u64_field("line", STORED),
        date: b.add_u64_field("date", STORED | INDEXED | FAST),
        site: b.add_text_field("site", STRING | STORED | FAST),
        source: b.add_text_field("source", STORED),
        checksum: b.add_u64_field("checksum", STORED),
        lead_title: b.add_text_field("lead_title", text(FRENCH, false)),
    };
    (b.build(), fields)
}

/// Resolve the fields of an opened index, failing if its schema is not ours.
pub fn fields_of(schema: &Schema) -> Option<Fields> {
    let f = |name: &str| schema.get_field(name).ok();
    Some(Fields {
        doc: f("doc")?,
        passage: f("passage")?,
        start: f("start")?,
        end: f("end")?,
        title: f("title")?,
        heading: f("heading")?,
        body: f("body")?,
        body_exact: f("body_exact")?,
        body_pairs: f("body_pairs")?,
        line: f("line")?,
        date: f("date")?,
        site: f("site")?,
        source: f("source")?,
        checksum: f("checksum")?,
        lead_title: f("lead_title")?,
    })
}

/// A hash of everything a hit shows of a passage (path, numbers, offsets, title, heading,
/// text, date, site, source), as stored in `doc`: a flipped byte anywhere changes it.
pub fn checksum(doc: &TantivyDocument, f: &Fields) -> u64 {
    let mut bytes = Vec::with_capacity(512);
    for field in [f.doc, f.title, f.heading, f.body, f.site, f.source] {
        let text = doc.get_first(field).and_then(|v| v.as_str());
        bytes.push(u8::from(text.is_some()));
        let text = text.unwrap_or_default();
        bytes.extend_from_slice(&(text.len() as u64).to_le_bytes());
        bytes.extend_from_slice(text.as_bytes());
    }
    for field in [f.passage, f.start, f.end, f.line, f.date] {
        let n = doc.get_first(field).and_then(|v| v.as_u64());
        bytes.push(u8::from(n.is_some()));
        bytes.extend_from_slice(&n.unwrap_or_default().to_le_bytes());
    }
    xxhash_rust::xxh3::xxh3_64(&bytes)
}

/// Whether the passage in `doc` is as it was indexed.
pub fn verify(doc: &TantivyDocument, f: &Fields) -> bool {
    doc.get_first(f.checksum).and_then(|v| v.as_u64()) == Some(checksum(doc, f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        assert_eq!(date_number("2024-10-08"), Some(20241008));
        assert_eq!(date_iso(20241008), "2024-10-08");
        assert_eq!(date_number("2024-1-08"), None);
        assert_eq!(date_number("hier"), None);
    }
}
