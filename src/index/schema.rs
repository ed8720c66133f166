//! The tantivy schema: one document per passage.

use tantivy::schema::{
    Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::analysis::{FRENCH, FRENCH_EXACT};

/// Bumped whenever the schema or the analyzer changes what lands in the index: an index
/// written with another version is rebuilt from the corpus rather than searched wrongly.
pub const SCHEMA_VERSION: u32 = 2;

/// The fields of a passage document, resolved once.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// Article path relative to the corpus folder (exact term: used to delete an article).
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
        doc: b.add_text_field("doc", STRING | STORED),
        passage: b.add_u64_field("passage", STORED | INDEXED),
        start: b.add_u64_field("start", STORED),
        end: b.add_u64_field("end", STORED),
        title: b.add_text_field("title", text(FRENCH, true)),
        heading: b.add_text_field("heading", text(FRENCH, true)),
        body: b.add_text_field("body", text(FRENCH, true)),
        body_exact: b.add_text_field("body_exact", text(FRENCH_EXACT, false)),
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
    })
}
