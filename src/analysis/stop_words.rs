//! Stage 5 (`fr` chain only): drop French stop words, keeping the others' positions.

use std::sync::LazyLock;

use rustc_hash::FxHashSet;
use tantivy::tokenizer::Token;

use super::stage::{TokenStage, token_filter};

/// True for a French stop word, given lowercased NFC text with elisions removed.
///
/// The list is Snowball's French list (the one Lucene and tantivy use; it deliberately
/// keeps homonyms such as `été`, `est`, `son`, `as`, `a`), plus the accent-free spellings
/// of its accented entries (`était` → `etait`) so an accent-free query drops the same
/// words as the accented text. `a` (from `à`) and `etes` (`êtes`, but also `étés`) are
/// left out of those, being meaningful words too.
pub fn is_stop_word(lowercased_word: &str) -> bool {
    // One length test and one hash lookup: a `matches!` over the list compared the word
    // with every entry of its length (a visible share of indexing).
    lowercased_word.len() <= MAX_STOP_WORD_BYTES && STOP_WORD_SET.contains(lowercased_word)
}

/// The entries of [`is_stop_word`], in groups.
const STOP_WORDS: [&[&str]; 5] = [
    &[
        "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "et", "eux",
        "il", "je", "la", "le", "leur", "lui", "ma", "mais", "me", "même", "mes", "moi", "mon",
        "ne", "nos", "notre", "nous", "on", "ou", "par", "pas", "pour", "qu", "que", "qui", "sa",
        "se", "ses", "sur", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre",
        "vous", "c", "d", "j", "l", "à", "m", "n", "s", "t", "y",
    ],
    // forms of être
    &[
        "étée", "étées", "étant", "suis", "es", "êtes", "sont", "serai", "seras", "sera", "serons",
        "serez", "seront", "serais", "serait", "serions", "seriez", "seraient", "étais", "était",
        "étions", "étiez", "étaient", "fus", "fut", "fûmes", "fûtes", "furent", "sois", "soit",
        "soyons", "soyez", "soient", "fusse", "fusses", "fussions", "fussiez", "fussent",
    ],
    // forms of avoir
    &[
        "ayant", "eu", "eue", "eues", "eus", "ai", "avons", "avez", "ont", "aurai", "aurons",
        "aurez", "auront", "aurais", "aurait", "aurions", "auriez", "auraient", "avais", "avait",
        "aviez", "avaient", "eut", "eûmes", "eûtes", "eurent", "aie", "aies", "ait", "ayons",
        "ayez", "aient", "eusse", "eusses", "eût", "eussions", "eussiez", "eussent",
    ],
    // later additions
    &[
        "ceci", "cela", "celà", "cet", "cette", "ici", "ils", "les", "leurs", "quel", "quels",
        "quelle", "quelles", "sans", "soi",
    ],
    // accent-free spellings of the accented entries above
    &[
        "meme", "etee", "etees", "etant", "etais", "etait", "etions", "etiez", "etaient", "fumes",
        "futes", "eumes", "eutes",
    ],
];

/// Bytes of the longest entry of [`STOP_WORDS`].
const MAX_STOP_WORD_BYTES: usize = {
    let mut max = 0;
    let mut group = 0;
    while group < STOP_WORDS.len() {
        let mut i = 0;
        while i < STOP_WORDS[group].len() {
            if STOP_WORDS[group][i].len() > max {
                max = STOP_WORDS[group][i].len();
            }
            i += 1;
        }
        group += 1;
    }
    max
};

static STOP_WORD_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| STOP_WORDS.iter().flat_map(|g| g.iter().copied()).collect());

/// Token filter removing [`is_stop_word`] tokens. Positions are not renumbered, so
/// `troupes du génie` keeps a gap at `du` and phrase queries still line up.
#[derive(Clone, Default)]
pub struct StopWords;

token_filter!(StopWords);

impl TokenStage for StopWords {
    fn apply(&mut self, _: &str, token: &mut Token) -> bool {
        !is_stop_word(&token.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::normalize::Normalize;
    use crate::analysis::test_util::tokens;
    use crate::analysis::words::FrenchWords;
    use tantivy::tokenizer::TextAnalyzer;

    #[test]
    fn keeps_positions_of_remaining_words() {
        let mut analyzer = TextAnalyzer::builder(FrenchWords::default())
            .filter(Normalize::default())
            .filter(StopWords)
            .build();
        let got: Vec<_> = tokens(&mut analyzer, "Les troupes du génie")
            .into_iter()
            .map(|t| (t.position, t.text))
            .collect();
        assert_eq!(got, [(1, "troupes".to_string()), (3, "génie".to_string())]);
    }

    /// The list as it was written before the lookup: the set holds exactly these.
    #[test]
    fn set_is_the_list() {
        let old = [
            "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "et", "eux",
            "il", "je", "la", "le", "leur", "lui", "ma", "mais", "me", "même", "mes", "moi", "mon",
            "ne", "nos", "notre", "nous", "on", "ou", "par", "pas", "pour", "qu", "que", "qui",
            "sa", "se", "ses", "sur", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos",
            "votre", "vous", "c", "d", "j", "l", "à", "m", "n", "s", "t", "y", "étée", "étées",
            "étant", "suis", "es", "êtes", "sont", "serai", "seras", "sera", "serons", "serez",
            "seront", "serais", "serait", "serions", "seriez", "seraient", "étais", "était",
            "étions", "étiez", "étaient", "fus", "fut", "fûmes", "fûtes", "furent", "sois", "soit",
            "soyons", "soyez", "soient", "fusse", "fusses", "fussions", "fussiez", "fussent",
            "ayant", "eu", "eue", "eues", "eus", "ai", "avons", "avez", "ont", "aurai", "aurons",
            "aurez", "auront", "aurais", "aurait", "aurions", "auriez", "auraient", "avais",
            "avait", "aviez", "avaient", "eut", "eûmes", "eûtes", "eurent", "aie", "aies", "ait",
            "ayons", "ayez", "aient", "eusse", "eusses", "eût", "eussions", "eussiez", "eussent",
            "ceci", "cela", "celà", "cet", "cette", "ici", "ils", "les", "leurs", "quel", "quels",
            "quelle", "quelles", "sans", "soi", "meme", "etee", "etees", "etant", "etais", "etait",
            "etions", "etiez", "etaient", "fumes", "futes", "eumes", "eutes",
        ];
        for w in old {
            assert!(is_stop_word(w), "{w}");
        }
        assert_eq!(STOP_WORDS.iter().map(|g| g.len()).sum::<usize>(), old.len());
        assert_eq!(MAX_STOP_WORD_BYTES, 8);
        assert_eq!(STOP_WORD_SET.len(), old.len());
    }

    #[test]
    fn list() {
        for w in ["le", "à", "était", "etait", "même", "meme", "qu", "sans"] {
            assert!(is_stop_word(w), "{w}");
        }
        for w in ["été", "est", "son", "a", "etes", "armée", "Le"] {
            assert!(!is_stop_word(w), "{w}");
        }
    }
}
