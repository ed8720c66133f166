//! The French analyzer, used alike for indexing, queries and highlighting.
//!
//! Two chains, registered under [`FRENCH`] and [`FRENCH_EXACT`]:
//!
//! ```text
//! fr:       words → normalize → elision → numbers → stop words
//!                 → accent variants → stemmer → accent folding → dedup
//! fr_exact: words → normalize → elision → numbers → stop words
//! ```
//!
//! Why this order:
//! - **words** first: UAX #29 segments, plus French digit groups (`41 500`) merged into
//!   one token. Positions are numbered here, once, consecutively per word; no later stage
//!   renumbers, so a removed stop word leaves a gap and phrases still line up.
//! - **normalize** (NFC, one apostrophe, lowercase, `œ`→`oe`) before anything compares
//!   text: elision needs `'`, the stop list and the stemmer expect lowercase NFC.
//! - **elision** before **numbers** and **stop words**: `qu’il` must become `il` to be
//!   recognised as a stop word; the offset moves past the apostrophe (highlights `armée`).
//! - **stop words** on the accented form, before variants are added (the list is
//!   accented; accent-free spellings of its entries are listed too).
//! - **stemmer** on the accented form: Snowball French reads accents to find suffixes, and
//!   this is the form its test vocabulary (tests/snowball.rs) is checked against.
//! - **accent folding after stemming**, so `é`/`e` never split a term. Folding alone is not
//!   enough: `sécurité` stems to `sécur` but `securite` to `securit`. Hence **accent
//!   variants** before the stemmer: an accented word also gets its folded spelling at the
//!   same position and offsets, so the text indexes `fold(stem(w))` and `stem(fold(w))`;
//!   an accent-free query produces `stem(fold(w))` and meets it. **dedup** drops the
//!   second token when both give the same term (`génie`/`genie` → `gen`).
//!
//! Consequence for queries: an accented query word yields two terms at one position
//! (`sécurité` → `secur`, `securit`). They are alternatives: match either (OR them per
//! position), not both; tantivy's stock `QueryParser` would require both as a phrase.
//!
//! Stemming conflates some words that matter in the news: `armée`, `armées`, `armes` and
//! `arme` all give `arme` (`armée` → `armé` → folded `arme`; `armes` → `arme`), and
//! `génie`, `genie`, `gens` all give `gen`. The `fr_exact` field (no stemming, no folding,
//! case-insensitive) is what ranks the exact form first.
//!
//! Every token's `offset_from..offset_to` is a byte range of the original text on char
//! boundaries covering the word as written (`41 500` whole; `armée` in `l’armée`).

mod accent_variants;
mod accents;
mod dedup;
mod elision;
mod normalize;
mod numbers;
mod pairs;
mod shared;
mod stage;
mod stemmer;
mod stop_words;
#[cfg(test)]
mod test_util;
mod words;

use tantivy::tokenizer::{RawTokenizer, TextAnalyzer, TokenizerManager};

pub use accent_variants::AccentVariants;
pub use accents::{AccentFolding, fold_accents, fold_accents_into};
pub use dedup::DedupSamePosition;
pub use elision::Elision;
pub use normalize::Normalize;
pub use numbers::Numbers;
pub use shared::{Memo, SharedPrefix};
pub use stemmer::FrenchStemmer;
pub use stop_words::{StopWords, is_stop_word};
pub use words::{FrenchWords, MAX_WORD_BYTES};

/// Tokenizer name for stemmed, accent-folded fields.
pub const FRENCH: &str = "fr";
/// Tokenizer name for the exact-form (case-insensitive) field.
pub const FRENCH_EXACT: &str = "fr_exact";

/// The `fr` chain: stemmed, accent-folded, without stop words.
pub fn french_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(FrenchWords::default())
        .filter(Normalize::default())
        .filter(Elision)
        .filter(Numbers)
        .filter(StopWords)
        .filter(AccentVariants::default())
        .filter(FrenchStemmer::default())
        .filter(AccentFolding::default())
        .filter(DedupSamePosition::default())
        .build()
}

/// The `fr_exact` chain: words as written, only normalized (case, NFC, apostrophes,
/// ligatures, elision, number spelling), without stop words: exactness matters for
/// content words (`armée` vs `armes`), and stop words were ~45% of its postings (dropping
/// them took indexing from 8.5 to 10.2 MB/s). Positions keep their gaps, so exact phrases
/// still line up.
pub fn exact_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(FrenchWords::default())
        .filter(Normalize::default())
        .filter(Elision)
        .filter(Numbers)
        .filter(StopWords)
        .build()
}

/// The per-word stages of [`french_analyzer`] up to the stemmer, in the same order, over
/// the whole input taken as one word: normalize → elision → numbers → stemmer. The stages
/// that only add or drop tokens (stop words, accent variants) are left out. Used to check
/// the stemming against the Snowball vocabulary (tests/snowball.rs).
pub fn stemming_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(Normalize::default())
        .filter(Elision)
        .filter(Numbers)
        .filter(FrenchStemmer::default())
        .build()
}

/// Tokenizer name for the stop-word pairs field (phrases with stop words).
pub const FRENCH_PAIRS: &str = "fr_pairs";

/// The `fr_pairs` chain: words → normalize → elision → numbers → stop-word pairs (each
/// pair of adjacent words one of which is a stop word, accent-folded, as one term).
pub fn pairs_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(FrenchWords::default())
        .filter(Normalize::default())
        .filter(Elision)
        .filter(Numbers)
        .filter(pairs::StopWordPairs::default())
        .build()
}

/// Registers [`FRENCH`], [`FRENCH_EXACT`] and [`FRENCH_PAIRS`].
pub fn register(manager: &TokenizerManager) {
    manager.register(FRENCH, french_analyzer());
    manager.register(FRENCH_EXACT, exact_analyzer());
    manager.register(FRENCH_PAIRS, pairs_analyzer());
}

/// [`french_analyzer`] for indexing: the same tokens, the shared prefix computed once per
/// text for the three body fields, and a text given twice in a row (the title, passage
/// after passage) analysed once ([`shared`]).
pub fn indexing_french_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(Memo::new(
        TextAnalyzer::builder(SharedPrefix::default())
            .filter(StopWords)
            .filter(AccentVariants::default())
            .filter(FrenchStemmer::default())
            .filter(AccentFolding::default())
            .filter(DedupSamePosition::default())
            .build(),
    ))
}

/// [`exact_analyzer`] for indexing: the same tokens, from the shared prefix.
pub fn indexing_exact_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SharedPrefix::default())
        .filter(StopWords)
        .build()
}

/// [`pairs_analyzer`] for indexing: the same tokens, from the shared prefix.
pub fn indexing_pairs_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SharedPrefix::default())
        .filter(pairs::StopWordPairs::default())
        .build()
}

/// [`register`] for an index writer: the indexing variants of the three chains (same
/// tokens, less work). Searching keeps the plain chains.
pub fn register_for_indexing(manager: &TokenizerManager) {
    manager.register(FRENCH, indexing_french_analyzer());
    manager.register(FRENCH_EXACT, indexing_exact_analyzer());
    manager.register(FRENCH_PAIRS, indexing_pairs_analyzer());
}

#[cfg(test)]
mod tests {
    use super::*;
    use test_util::{texts, tokens};

    #[test]
    fn french_chain() {
        let mut fr = french_analyzer();
        assert_eq!(texts(&mut fr, "L’armée russe"), ["arme", "russ"]);
        assert_eq!(texts(&mut fr, "la sécurité"), ["secur", "securit"]);
        assert_eq!(texts(&mut fr, "securite"), ["securit"]);
        assert_eq!(
            texts(&mut fr, "Génie GENIE ge\u{301}nie gens"),
            ["gen", "gen", "gen", "gen"]
        );
        assert_eq!(texts(&mut fr, "41 500 soldats"), ["41500", "soldat"]);
    }

    #[test]
    fn exact_chain() {
        let mut exact = exact_analyzer();
        assert_eq!(
            texts(&mut exact, "L’armée du Cœur, 41\u{a0}500"),
            ["armée", "coeur", "41500"]
        );
    }

    #[test]
    fn register_both() {
        let manager = TokenizerManager::default();
        register(&manager);
        let mut fr = manager.get(FRENCH).expect("fr registered");
        let mut exact = manager.get(FRENCH_EXACT).expect("fr_exact registered");
        assert_eq!(texts(&mut fr, "Les armées"), ["arme"]);
        assert_eq!(texts(&mut exact, "Les armées"), ["armées"]);
    }

    #[test]
    fn variant_tokens_share_position_and_offsets() {
        let text = "la sécurité";
        let toks = tokens(&mut french_analyzer(), text);
        assert_eq!(toks.len(), 2);
        assert_eq!((toks[0].position, toks[1].position), (1, 1));
        for t in &toks {
            assert_eq!(&text[t.offset_from..t.offset_to], "sécurité");
        }
    }

    #[test]
    fn stemming_prefix() {
        let mut stem = stemming_analyzer();
        assert_eq!(texts(&mut stem, "ARME\u{301}ES"), ["armé"]);
        assert_eq!(texts(&mut stem, "l’énergie"), ["énerg"]);
    }
}
