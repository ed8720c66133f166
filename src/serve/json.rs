//! The `/api/search` body written straight to bytes.
//!
//! The contract is `output::results_json` (the `--json` of `fouille search`) plus `offset`
//! and `limit`. Building it as a `serde_json::Value` first (an ordered map per hit, every
//! string copied, then serialised again) was ~14 % of a request's CPU under load. Here the
//! derived `Serialize` of [`SearchResults`] and [`Hit`] writes into the output buffer, through
//! an adapter that swaps `hits` for the hits with `highlights_chars` added and appends the
//! page fields: the same bytes (the unit tests compare them with `results_json`), and a new
//! field of either struct shows up without touching this file.

use serde::ser::{self, Impossible, Serialize, SerializeSeq, SerializeStruct, Serializer};

use crate::output::char_ranges;
use crate::search::{Hit, SearchResults};

/// `{…results_json…, "offset": …, "limit": …}` as compact JSON.
pub fn search_page(
    results: &SearchResults,
    offset: usize,
    limit: usize,
) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(estimate(results));
    let page = Patched {
        value: results,
        patch: PagePatch {
            hits: &results.hits,
            offset,
            limit,
        },
    };
    serde_json::to_writer(&mut out, &page)?;
    Ok(out)
}

/// Bytes the body will need, so that the buffer grows once at most.
fn estimate(results: &SearchResults) -> usize {
    let per_hit: usize = results
        .hits
        .iter()
        .map(|h| h.text.len() + h.title.len() + 64 * h.highlights.len() + 320)
        .sum();
    per_hit + results.query.len() + 256
}

/// Changes to one struct while it is serialised: some fields written differently, some added
/// at the end.
trait Patch {
    /// Fields [`Patch::append`] adds.
    const ADDED: usize;
    /// Write field `key` instead of the struct's own value: `Ok(false)` keeps it.
    fn replace<S: SerializeStruct>(&self, key: &'static str, out: &mut S)
    -> Result<bool, S::Error>;
    fn append<S: SerializeStruct>(&self, out: &mut S) -> Result<(), S::Error>;
}

/// The hits, each with `highlights_chars`; then the page.
struct PagePatch<'a> {
    hits: &'a [Hit],
    offset: usize,
    limit: usize,
}

impl Patch for PagePatch<'_> {
    const ADDED: usize = 2;

    fn replace<S: SerializeStruct>(
        &self,
        key: &'static str,
        out: &mut S,
    ) -> Result<bool, S::Error> {
        if key != "hits" {
            return Ok(false);
        }
        out.serialize_field(key, &Hits(self.hits))?;
        Ok(true)
    }

    fn append<S: SerializeStruct>(&self, out: &mut S) -> Result<(), S::Error> {
        out.serialize_field("offset", &self.offset)?;
        out.serialize_field("limit", &self.limit)
    }
}

struct Hits<'a>(&'a [Hit]);

impl Serialize for Hits<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for hit in self.0 {
            seq.serialize_element(&Patched {
                value: hit,
                patch: CharRanges(hit),
            })?;
        }
        seq.end()
    }
}

/// The score and `highlights_chars` as `output::hit_json` writes them.
struct CharRanges<'a>(&'a Hit);

impl Patch for CharRanges<'_> {
    const ADDED: usize = 1;

    fn replace<S: SerializeStruct>(
        &self,
        key: &'static str,
        out: &mut S,
    ) -> Result<bool, S::Error> {
        if key != "score" {
            return Ok(false);
        }
        // The f32's shortest digits, printed as an f64 (an f32 serialised directly switches
        // to exponents from 1e16 on, an f64 from 1e21).
        match self.0.score.to_string().parse::<f64>() {
            Ok(score) => out.serialize_field(key, &score)?,
            Err(_) => out.serialize_field(key, &self.0.score)?,
        }
        Ok(true)
    }

    fn append<S: SerializeStruct>(&self, out: &mut S) -> Result<(), S::Error> {
        out.serialize_field(
            "highlights_chars",
            &char_ranges(&self.0.text, &self.0.highlights),
        )
    }
}

/// A struct serialised by its own `Serialize`, with `patch` applied.
struct Patched<'a, T, P> {
    value: &'a T,
    patch: P,
}

impl<T: Serialize, P: Patch> Serialize for Patched<'_, T, P> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(StructOnly {
            inner: serializer,
            patch: &self.patch,
        })
    }
}

/// A serializer that accepts one struct and passes its fields on, patched.
struct StructOnly<'p, S, P> {
    inner: S,
    patch: &'p P,
}

struct Fields<'p, T, P> {
    inner: T,
    patch: &'p P,
}

impl<T: SerializeStruct, P: Patch> SerializeStruct for Fields<'_, T, P> {
    type Ok = T::Ok;
    type Error = T::Error;

    fn serialize_field<V: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &V,
    ) -> Result<(), T::Error> {
        if self.patch.replace(key, &mut self.inner)? {
            return Ok(());
        }
        self.inner.serialize_field(key, value)
    }

    fn skip_field(&mut self, key: &'static str) -> Result<(), T::Error> {
        self.inner.skip_field(key)
    }

    fn end(mut self) -> Result<T::Ok, T::Error> {
        self.patch.append(&mut self.inner)?;
        self.inner.end()
    }
}

fn not_a_struct<E: ser::Error>() -> E {
    E::custom("serve::json patches structs only")
}

macro_rules! refuse {
    ($($name:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $name(self, $(_: $arg),*) -> Result<S::Ok, S::Error> {
            Err(not_a_struct())
        })*
    };
}

impl<'p, S: Serializer, P: Patch> Serializer for StructOnly<'p, S, P> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Impossible<S::Ok, S::Error>;
    type SerializeTuple = Impossible<S::Ok, S::Error>;
    type SerializeTupleStruct = Impossible<S::Ok, S::Error>;
    type SerializeTupleVariant = Impossible<S::Ok, S::Error>;
    type SerializeMap = Impossible<S::Ok, S::Error>;
    type SerializeStruct = Fields<'p, S::SerializeStruct, P>;
    type SerializeStructVariant = Impossible<S::Ok, S::Error>;

    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        Ok(Fields {
            inner: self.inner.serialize_struct(name, len + P::ADDED)?,
            patch: self.patch,
        })
    }

    refuse!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    );

    fn serialize_some<V: ?Sized + Serialize>(self, _: &V) -> Result<S::Ok, S::Error> {
        Err(not_a_struct())
    }

    fn serialize_newtype_struct<V: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: &V,
    ) -> Result<S::Ok, S::Error> {
        Err(not_a_struct())
    }

    fn serialize_newtype_variant<V: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &V,
    ) -> Result<S::Ok, S::Error> {
        Err(not_a_struct())
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        Err(not_a_struct())
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, S::Error> {
        Err(not_a_struct())
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        Err(not_a_struct())
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        Err(not_a_struct())
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        Err(not_a_struct())
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        Err(not_a_struct())
    }
}

#[cfg(test)]
mod tests {
    use super::search_page;
    use crate::search::{Hit, SearchResults};

    /// What `/api/search` answered before: `results_json` flattened beside the page.
    fn through_value(results: &SearchResults, offset: usize, limit: usize) -> Vec<u8> {
        let mut v = crate::output::results_json(results);
        if let serde_json::Value::Object(map) = &mut v {
            map.insert("offset".into(), offset.into());
            map.insert("limit".into(), limit.into());
        }
        serde_json::to_vec(&v).unwrap()
    }

    fn hit(rank: usize, score: f32) -> Hit {
        let text =
            "Les troupes du génie nord-coréennes « escalade » \"x\" \\ é\u{1F600}\n".to_string();
        let at = text.find("génie").unwrap();
        Hit {
            rank,
            score,
            doc: format!("sub/{rank:03}.txt"),
            title: "Titre <b>& « guillemets »".into(),
            passage: rank as u64,
            heading: rank.is_multiple_of(2).then(|| "Intertitre".to_string()),
            start: 10 * rank as u64,
            end: 10 * rank as u64 + 90,
            line: 3,
            date: (!rank.is_multiple_of(3)).then(|| "2024-10-08".to_string()),
            source: (rank % 4 == 1).then(|| "https://exemple.fr/a?b=c".to_string()),
            site: (rank % 4 == 1).then(|| "exemple.fr".to_string()),
            highlights: vec![[4, 11], [at, at + "génie".len()]],
            title_highlights: if rank == 1 { vec![[0, 5]] } else { vec![] },
            missing: if rank == 2 {
                vec!["russe".into()]
            } else {
                vec![]
            },
            text,
        }
    }

    #[test]
    fn same_bytes_as_results_json() {
        // Scores of every magnitude: the f32 must print as `hit_json` prints it.
        let mut x: u32 = 0x1234_5678;
        let mut scores = vec![0.0, 1.0, -0.0, 1003.9479, 1e-7, 3.5e12, f32::MIN_POSITIVE];
        for _ in 0..2_000 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            let f = f32::from_bits(x);
            if f.is_finite() {
                scores.push(f);
            }
            scores.push((x % 1_000_000) as f32 / 997.0);
        }
        for chunk in scores.chunks(7) {
            let hits: Vec<Hit> = chunk
                .iter()
                .enumerate()
                .map(|(i, &s)| hit(i + 1, s))
                .collect();
            let results = SearchResults {
                query: "troupes \"du\" génie".into(),
                total_hits: 12_345,
                total_hits_exact: chunk.len().is_multiple_of(2),
                took_ms: 0.123,
                hits,
                notes: if chunk.len() > 3 {
                    vec!["une note".into()]
                } else {
                    vec![]
                },
                did_you_mean: (chunk.len() == 7).then(|| "Koursk".to_string()),
            };
            assert_eq!(
                String::from_utf8(search_page(&results, 3, 7).unwrap()).unwrap(),
                String::from_utf8(through_value(&results, 3, 7)).unwrap()
            );
        }
        let empty = SearchResults {
            query: String::new(),
            total_hits: 0,
            total_hits_exact: true,
            took_ms: 0.0,
            hits: vec![],
            notes: vec![],
            did_you_mean: None,
        };
        assert_eq!(
            search_page(&empty, 0, 0).unwrap(),
            through_value(&empty, 0, 0)
        );
    }
}
