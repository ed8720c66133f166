//! A passage's article and number from the fast fields: ordering ties and capping passages
//! per article need only these, and a column lookup costs far less than decompressing a
//! document-store block per passage.
//!
//! Opening the columns is not free (codec headers, dictionary index), so they are opened
//! once per searcher generation and shared by the searches of that generation.

use std::sync::{Arc, Mutex};

use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, Score, Searcher, TantivyDocument};

use crate::index::Fields;

/// The `doc` (path) and `passage` columns of each segment.
pub(super) type Columns = Arc<Vec<(StrColumn, Column<u64>)>>;

/// Columns of the last generation asked for.
#[derive(Default)]
pub(super) struct Cache {
    inner: Mutex<Option<(u64, Columns)>>,
}

impl Cache {
    pub(super) fn columns(&self, searcher: &Searcher, fields: &Fields) -> tantivy::Result<Columns> {
        let generation = searcher.generation().generation_id();
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((g, columns)) = inner.as_ref()
            && *g == generation
        {
            return Ok(columns.clone());
        }
        let schema = searcher.schema();
        let mut all = Vec::with_capacity(searcher.segment_readers().len());
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let doc = fast
                .str(schema.get_field_name(fields.doc))?
                .ok_or_else(|| missing("doc"))?;
            let passage = fast.u64(schema.get_field_name(fields.passage))?;
            all.push((doc, passage));
        }
        let columns = Arc::new(all);
        *inner = Some((generation, columns.clone()));
        Ok(columns)
    }
}

/// Where a passage sits in the corpus order: its article (as a dictionary ordinal of its
/// segment; ordinals follow the paths' order within a segment) and its number.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Key {
    pub(super) article: u64,
    pub(super) passage: u64,
}

pub(super) fn key(columns: &Columns, addr: DocAddress) -> tantivy::Result<Key> {
    let (doc, passage) = columns
        .get(addr.segment_ord as usize)
        .ok_or_else(|| missing("doc"))?;
    Ok(Key {
        article: doc.ords().first(addr.doc_id).unwrap_or(u64::MAX),
        passage: passage.first(addr.doc_id).unwrap_or_default(),
    })
}

/// The article path of the passage at `addr`, from the document store: a run across
/// segments needs the paths themselves, and an lz4 store block is much cheaper to read
/// than a block of the zstd-compressed path dictionary.
pub(super) fn path(
    searcher: &Searcher,
    fields: &Fields,
    addr: DocAddress,
) -> tantivy::Result<String> {
    let doc: TantivyDocument = crate::index::stored::doc(searcher, addr)?;
    Ok(super::str_field(&doc, fields.doc))
}

/// Order `docs` (a run of equal scores) by article path, then passage number. Within one
/// segment the path ordinals give that order; a run across segments reads the paths.
pub(super) fn sort_run(
    searcher: &Searcher,
    fields: &Fields,
    columns: &Columns,
    docs: &mut [(Score, DocAddress)],
) -> tantivy::Result<()> {
    let one_segment = docs
        .windows(2)
        .all(|w| w[0].1.segment_ord == w[1].1.segment_ord);
    let mut keyed = Vec::with_capacity(docs.len());
    for &d in docs.iter() {
        let k = key(columns, d.1)?;
        let path = if one_segment {
            String::new()
        } else {
            path(searcher, fields, d.1)?
        };
        keyed.push(((path, k), d));
    }
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    for (slot, (_, d)) in docs.iter_mut().zip(keyed) {
        *slot = d;
    }
    Ok(())
}

fn missing(field: &str) -> tantivy::TantivyError {
    tantivy::TantivyError::SchemaError(format!("the '{field}' fast field is missing"))
}
