//! Stage 7 (`fr` chain only): Snowball French stemming (rust-stemmers).

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use tantivy::tokenizer::Token;

use super::stage::{TokenStage, token_filter};

/// Words whose stem is remembered. Snowball costs about a microsecond a word, a hash
/// lookup tens of nanoseconds, and news text keeps repeating its words, so most tokens hit
/// (on the sample corpus the `fr` chain went from ~5 to ~13 MB/s). A few MB per analyzer.
const STEM_CACHE_WORDS: usize = 50_000;

/// Token filter: Snowball French stem of lowercase, NFC, accented text (the form the
/// algorithm is written for: it reads `é`, `è`, `ï`... to find suffixes). Tokens starting
/// with a digit (`41500`, `1,8`, `1er`) are left alone.
#[derive(Clone, Default)]
pub struct FrenchStemmer {
    cache: StemCache,
}

token_filter!(FrenchStemmer);

/// Word → stem memo, emptied when full (simpler than LRU; frequent words come back fast).
struct StemCache {
    stemmer: Stemmer,
    /// Fx-hashed: SipHash was a visible share of indexing on these short keys.
    stems: FxHashMap<String, String>,
}

impl Default for StemCache {
    fn default() -> Self {
        StemCache {
            stemmer: Stemmer::create(Algorithm::French),
            stems: FxHashMap::default(),
        }
    }
}

impl Clone for StemCache {
    /// A clone starts empty: analyzers are cloned per thread and per query, and copying a
    /// full cache would cost more than refilling it.
    fn clone(&self) -> Self {
        StemCache::default()
    }
}

impl TokenStage for FrenchStemmer {
    fn apply(&mut self, _: &str, token: &mut Token) -> bool {
        if token
            .text
            .as_bytes()
            .first()
            .is_some_and(u8::is_ascii_digit)
        {
            return true;
        }
        let stems = &mut self.cache.stems;
        if let Some(stem) = stems.get(token.text.as_str()) {
            // Copy into the token's own buffer: no allocation on a hit.
            token.text.clear();
            token.text.push_str(stem);
            return true;
        }
        let stem = self.cache.stemmer.stem(&token.text).into_owned();
        if stems.len() >= STEM_CACHE_WORDS {
            stems.clear();
        }
        stems.insert(std::mem::replace(&mut token.text, stem.clone()), stem);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::test_util::texts;
    use tantivy::tokenizer::{SimpleTokenizer, TextAnalyzer};

    fn stems(text: &str) -> Vec<String> {
        let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(FrenchStemmer::default())
            .build();
        texts(&mut analyzer, text)
    }

    #[test]
    fn stems_accented_forms() {
        assert_eq!(
            stems("armée armées armes sécurité securite génie gens troupes"),
            [
                "armé", "armé", "arme", "sécur", "securit", "gen", "gen", "troup"
            ]
        );
    }

    #[test]
    fn cache_gives_same_stems() {
        let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(FrenchStemmer::default())
            .build();
        for _ in 0..2 {
            assert_eq!(
                texts(&mut analyzer, "armées armes armées"),
                ["armé", "arme", "armé"]
            );
        }
        // Overflowing the cache empties it and stemming goes on.
        let words: Vec<String> = (0..STEM_CACHE_WORDS + 10)
            .map(|i| format!("x{i:x}s"))
            .collect();
        let out = texts(&mut analyzer, &words.join(" "));
        assert_eq!(out.len(), words.len());
        assert_eq!(texts(&mut analyzer, "troupes"), ["troup"]);
    }

    #[test]
    fn leaves_numbers() {
        assert_eq!(stems("41500 1er 2024"), ["41500", "1er", "2024"]);
    }
}
