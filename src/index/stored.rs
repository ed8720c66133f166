//! The one way fouille reads a stored passage: its raw bytes from the segment's doc store,
//! checked against tantivy's binary document format for the schema, then decoded from those
//! same bytes.
//!
//! tantivy's own decoder trusts the length prefixes it reads: one flipped byte can make it ask
//! for a buffer of exabytes, and the process aborts (an allocation failure is not a panic, so
//! [`super::guard::catch`] cannot stop it). Here every length is checked against the bytes
//! that remain before anything is allocated, field ids must exist in the schema and be stored,
//! and each value must have the type its field declares. Anything else is a damaged passage,
//! which the caller reports as "index damaged" (and repairs from the corpus).
//!
//! Only the value types fouille's schema stores are accepted (text and u64): a value of any
//! other type cannot have been written by fouille, so it is damage too.

use std::sync::{Arc, Mutex, OnceLock};

use tantivy::schema::{Field, Schema, Type};
use tantivy::store::StoreReader;
use tantivy::{DocAddress, Searcher, TantivyDocument};

/// tantivy's type code for a text value in the binary document format.
const TEXT_CODE: u8 = 0;
/// tantivy's type code for a u64 value.
const U64_CODE: u8 = 1;
/// Decompressed store blocks kept per segment (tantivy's `Searcher` keeps 100 by default).
const CACHE_BLOCKS: usize = 100;
/// Searchers whose store readers are kept: the current one and the one before it.
const CACHED_SEARCHERS: usize = 2;

/// The stored passage at `addr`, validated then decoded; Err("damaged stored passage …").
pub fn read_doc(searcher: &Searcher, addr: DocAddress) -> Result<TantivyDocument, String> {
    let damaged = |why: String| {
        format!(
            "damaged stored passage (passage {} of segment {}): {why}",
            addr.doc_id, addr.segment_ord
        )
    };
    let store = store_reader(searcher, addr.segment_ord).map_err(damaged)?;
    let bytes = super::guard::catch(|| store.get_document_bytes(addr.doc_id))
        .map_err(|panic| damaged(format!("tantivy failed: {panic}")))?
        .map_err(|e| damaged(format!("cannot read it ({e})")))?;
    decode(bytes.as_slice(), searcher.schema()).map_err(damaged)
}

/// [`read_doc`] for code that speaks `tantivy::Result`: the damage is a `DataCorruption`,
/// which the search reports as "index damaged".
pub fn doc(searcher: &Searcher, addr: DocAddress) -> tantivy::Result<TantivyDocument> {
    read_doc(searcher, addr).map_err(|why| {
        tantivy::TantivyError::DataCorruption(tantivy::error::DataCorruption::comment_only(why))
    })
}

/// Decode one document in tantivy's binary format (as stored: a VInt count of values, then
/// per value a u32 field id, a type code and the value), checking every step.
pub fn decode(bytes: &[u8], schema: &Schema) -> Result<TantivyDocument, String> {
    let mut r = Reader { bytes, at: 0 };
    let count = r.vint()?;
    // Each value takes at least 5 bytes (field id and type code): a count that cannot fit is
    // damage, found before looping over it.
    if count > (r.remaining() / 5) as u64 {
        return Err(format!(
            "{count} values announced in {} bytes",
            r.remaining()
        ));
    }
    let mut doc = TantivyDocument::new();
    for _ in 0..count {
        let id = u32::from_le_bytes(r.array()?);
        if id as usize >= schema.num_fields() {
            return Err(format!("unknown field id {id}"));
        }
        let field = Field::from_field_id(id);
        let entry = schema.get_field_entry(field);
        if !entry.is_stored() {
            return Err(format!("field '{}' is not stored", entry.name()));
        }
        let code = r.array::<1>()?[0];
        match (entry.field_type().value_type(), code) {
            (Type::Str, TEXT_CODE) => {
                let len = r.vint()?;
                let text = r.take(len)?;
                let text = std::str::from_utf8(text)
                    .map_err(|_| format!("field '{}' is not UTF-8", entry.name()))?;
                doc.add_text(field, text);
            }
            (Type::U64, U64_CODE) => doc.add_u64(field, u64::from_le_bytes(r.array()?)),
            (_, code) => {
                return Err(format!(
                    "value type code {code} for field '{}'",
                    entry.name()
                ));
            }
        }
    }
    if r.remaining() > 0 {
        return Err(format!("{} bytes after the last value", r.remaining()));
    }
    Ok(doc)
}

/// A cursor over the document bytes that never reads past their end.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn remaining(&self) -> usize {
        self.bytes.len() - self.at
    }

    fn take(&mut self, len: u64) -> Result<&'a [u8], String> {
        let left = self.remaining();
        let len = usize::try_from(len)
            .ok()
            .filter(|&n| n <= left)
            .ok_or_else(|| format!("length {len} with {left} bytes left"))?;
        let out = &self.bytes[self.at..self.at + len];
        self.at += len;
        Ok(out)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let bytes = self.take(N as u64)?;
        let mut out = [0u8; N];
        out.copy_from_slice(bytes);
        Ok(out)
    }

    /// tantivy's VInt: 7 bits a byte, least significant first, the last byte has its high bit set.
    fn vint(&mut self) -> Result<u64, String> {
        let mut value = 0u64;
        for i in 0..10 {
            let b = self.array::<1>()?[0];
            let bits = u64::from(b & 0x7f);
            let shift = 7 * i;
            if shift == 63 && bits > 1 {
                return Err("length prefix overflows".into());
            }
            value |= bits << shift;
            if b & 0x80 != 0 {
                return Ok(value);
            }
        }
        Err("length prefix overflows".into())
    }
}

/// The store readers of one searcher, opened on first use. The entry holds a clone of the
/// searcher, so its segment readers stay where they are while the entry lives: their address
/// identifies the searcher, and no other searcher can take it meanwhile.
struct Entry {
    searcher: Searcher,
    stores: Vec<OnceLock<Result<Arc<StoreReader>, String>>>,
}

impl Entry {
    fn is_for(&self, searcher: &Searcher) -> bool {
        let (mine, theirs) = (self.searcher.segment_readers(), searcher.segment_readers());
        !mine.is_empty()
            && std::ptr::eq(mine.as_ptr(), theirs.as_ptr())
            && mine.len() == theirs.len()
    }
}

/// The segment's store reader, cached per searcher (decompressing a store block costs
/// microseconds; the neighbours of a passage are usually in the block just decompressed).
fn store_reader(searcher: &Searcher, segment_ord: u32) -> Result<Arc<StoreReader>, String> {
    static CACHE: Mutex<Vec<Arc<Entry>>> = Mutex::new(Vec::new());
    let segments = searcher.segment_readers();
    let Some(segment) = segments.get(segment_ord as usize) else {
        return Err(format!("no segment {segment_ord}"));
    };
    let entry = {
        // A poisoned lock only means another thread panicked holding it: the list is intact.
        let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
        match cache.iter().position(|e| e.is_for(searcher)) {
            Some(0) => cache[0].clone(),
            Some(i) => {
                let e = cache.remove(i);
                cache.insert(0, e.clone());
                e
            }
            None => {
                let e = Arc::new(Entry {
                    searcher: searcher.clone(),
                    stores: (0..segments.len()).map(|_| OnceLock::new()).collect(),
                });
                cache.insert(0, e.clone());
                cache.truncate(CACHED_SEARCHERS);
                e
            }
        }
    };
    entry.stores[segment_ord as usize]
        .get_or_init(|| {
            super::guard::catch(|| segment.get_store_reader(CACHE_BLOCKS))
                .map_err(|panic| format!("tantivy failed: {panic}"))?
                .map(Arc::new)
                .map_err(|e| format!("cannot open the store ({e})"))
        })
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{STORED, STRING, TEXT};
    use tantivy::{Index, doc};

    fn schema() -> (Schema, Field, Field, Field) {
        let mut b = Schema::builder();
        let path = b.add_text_field("doc", STRING | STORED);
        let body = b.add_text_field("body", TEXT | STORED);
        let n = b.add_u64_field("passage", STORED);
        (b.build(), path, body, n)
    }

    /// The bytes tantivy stored for a document, and what tantivy decodes from them.
    fn stored(schema: &Schema, d: TantivyDocument) -> (Vec<u8>, TantivyDocument) {
        let index = Index::create_in_ram(schema.clone());
        let mut w = index.writer_with_num_threads(1, 15_000_000).unwrap();
        w.add_document(d).unwrap();
        w.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let store = searcher.segment_reader(0).get_store_reader(1).unwrap();
        let bytes = store.get_document_bytes(0).unwrap().as_slice().to_vec();
        let theirs: TantivyDocument = searcher.doc(DocAddress::new(0, 0)).unwrap();
        let ours = read_doc(&searcher, DocAddress::new(0, 0)).unwrap();
        assert_eq!(ours, theirs);
        (bytes, theirs)
    }

    fn sample() -> (Schema, Vec<u8>, TantivyDocument) {
        let (schema, path, body, n) = schema();
        let d = doc!(path => "a/été.txt", body => "Les troupes du génie", n => 300u64);
        let (bytes, theirs) = stored(&schema, d);
        (schema, bytes, theirs)
    }

    #[test]
    fn a_real_document_round_trips() {
        let (schema, bytes, theirs) = sample();
        let ours = decode(&bytes, &schema).unwrap();
        assert_eq!(ours, theirs);
        let (_, path, body, n) = self::schema();
        use tantivy::schema::Value;
        assert_eq!(
            ours.get_first(path).and_then(|v| v.as_str()),
            Some("a/été.txt")
        );
        assert_eq!(
            ours.get_first(body).and_then(|v| v.as_str()),
            Some("Les troupes du génie")
        );
        assert_eq!(ours.get_first(n).and_then(|v| v.as_u64()), Some(300));
    }

    #[test]
    fn truncated_bytes_are_damage() {
        let (schema, bytes, _) = sample();
        for len in 0..bytes.len() {
            assert!(decode(&bytes[..len], &schema).is_err(), "cut at {len}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(
            decode(&longer, &schema).unwrap_err(),
            "1 bytes after the last value"
        );
    }

    #[test]
    fn a_length_prefix_too_large_is_damage() {
        let (schema, bytes, _) = sample();
        // Layout: count (1 byte), field id (4), type code (1), then the path's length.
        assert_eq!(bytes[5], TEXT_CODE);
        assert_eq!(bytes[6], 0x80 | "a/été.txt".len() as u8);
        let mut bad = bytes.clone();
        bad[6] = 0xff;
        assert!(
            decode(&bad, &schema)
                .unwrap_err()
                .starts_with("length 127 with")
        );
        // The stop bit cleared: the length runs into the text, as a flipped bit makes it.
        let mut bad = bytes.clone();
        bad[6] &= 0x7f;
        assert!(decode(&bad, &schema).is_err());
        // Ten continuation bytes: a length that overflows u64.
        let mut bad = bytes[..6].to_vec();
        bad.extend([0x7f; 10]);
        assert_eq!(
            decode(&bad, &schema).unwrap_err(),
            "length prefix overflows"
        );
        // A count of values that cannot fit in the bytes.
        let mut bad = bytes.clone();
        bad[0] = 0xff;
        assert!(
            decode(&bad, &schema)
                .unwrap_err()
                .contains("values announced")
        );
    }

    #[test]
    fn an_unknown_field_or_type_is_damage() {
        let (schema, bytes, _) = sample();
        let mut bad = bytes.clone();
        bad[1] = 9;
        assert_eq!(decode(&bad, &schema).unwrap_err(), "unknown field id 9");
        let mut bad = bytes.clone();
        bad[5] = U64_CODE;
        assert_eq!(
            decode(&bad, &schema).unwrap_err(),
            "value type code 1 for field 'doc'"
        );
        let mut bad = bytes.clone();
        bad[5] = 7;
        assert_eq!(
            decode(&bad, &schema).unwrap_err(),
            "value type code 7 for field 'doc'"
        );
    }

    #[test]
    fn a_missing_segment_is_damage_not_a_panic() {
        let (schema, ..) = schema();
        let index = Index::create_in_ram(schema);
        let searcher = index.reader().unwrap().searcher();
        let err = read_doc(&searcher, DocAddress::new(3, 0)).unwrap_err();
        assert_eq!(
            err,
            "damaged stored passage (passage 0 of segment 3): no segment 3"
        );
    }
}
