//! `fouille export --jsonl`: every indexed passage, one JSON object per line, in the shape
//! the peer benchmark harness reads (`id`, `doc`, `title`, `text`, `start`, `end`) plus
//! `passage`, `line`, `heading`, `date`, `source`; so other engines index exactly fouille's passages.

use std::io::Write;

use serde::Serialize;
use tantivy::Searcher;

use crate::index::{Fields, Manifest};
use crate::inspect;

/// One line of the export.
#[derive(Debug, Serialize)]
pub struct Record<'a> {
    /// `DOC:PASSAGE`, as in qrels files.
    pub id: String,
    pub doc: &'a str,
    pub title: &'a str,
    pub text: &'a str,
    /// Byte offsets of the passage in the article file.
    pub start: u64,
    pub end: u64,
    pub passage: u64,
    /// 1-based line of the file where the passage starts.
    pub line: u64,
    pub heading: Option<&'a str>,
    pub date: Option<&'a str>,
    pub source: Option<&'a str>,
}

/// Write every passage, article by article (by path), passage by passage; returns how
/// many were written.
pub fn write_jsonl(
    searcher: &Searcher,
    fields: &Fields,
    manifest: &Manifest,
    out: &mut dyn Write,
) -> anyhow::Result<u64> {
    let mut n = 0;
    for doc in manifest.articles.keys() {
        for p in inspect::article_passages(searcher, fields, doc)? {
            let record = Record {
                id: format!("{}:{}", p.doc, p.passage),
                doc: &p.doc,
                title: &p.title,
                text: &p.text,
                start: p.start,
                end: p.end,
                passage: p.passage,
                line: p.line,
                heading: p.heading.as_deref(),
                date: p.date.as_deref(),
                source: p.source.as_deref(),
            };
            serde_json::to_writer(&mut *out, &record)?;
            out.write_all(b"\n")?;
            n += 1;
        }
    }
    out.flush()?;
    Ok(n)
}
