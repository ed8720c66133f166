//! What a query word expands to beyond its own terms (typo corrections, name variants,
//! word families), remembered per index generation.
//!
//! Finding them walks the term dictionary (Levenshtein and sound-key automata, suffix
//! guesses checked one lookup each): on a small index that is most of a query's cost, and
//! it depends only on the word and the index. The same word asked again against the same
//! searcher generation reuses the answer ([`Remembered`]); a refresh starts afresh.

use super::generation::Remembered;
use super::units::Unit;

/// Words remembered per generation at most.
const CAPACITY: usize = 4096;

/// The word as the expansions see it: its terms and whether synonyms already spell it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub(super) struct Key {
    typed: String,
    fr: Vec<(usize, String)>,
    exact: Vec<(usize, String)>,
    synonyms: Vec<Vec<(usize, String)>>,
}

impl Key {
    pub(super) fn of(u: &Unit) -> Key {
        Key {
            typed: u.typed.clone(),
            fr: u.fr.clone(),
            exact: u.exact.clone(),
            synonyms: u.synonyms.clone(),
        }
    }
}

/// What one word expanded to.
#[derive(Clone, Default)]
pub(super) struct Expansion {
    /// Forms matched below the word as typed (`Unit::fuzzy`).
    pub(super) fuzzy: Vec<Vec<(usize, String)>>,
    /// (as typed, correction) for "did you mean".
    pub(super) corrections: Vec<(String, String)>,
    /// "also matched …".
    pub(super) notes: Vec<String>,
}

/// Expansions per word, for the current index generation.
pub(super) type Cache = Remembered<Key, Expansion>;

pub(super) fn cache() -> Cache {
    Remembered::new(CAPACITY)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(typed: &str) -> Unit {
        Unit {
            fr: vec![(0, typed.to_lowercase())],
            exact: vec![(0, typed.to_lowercase())],
            typed: typed.to_string(),
            ..Unit::default()
        }
    }

    #[test]
    fn an_answer_holds_for_its_generation_only() {
        let cache = cache();
        let key = Key::of(&unit("Kousk"));
        let found = Expansion {
            fuzzy: vec![vec![(0, "koursk".into())]],
            corrections: vec![("Kousk".into(), "koursk".into())],
            notes: Vec::new(),
        };
        cache.put(7, key.clone(), found);
        let again = cache.get(7, &key).expect("same generation");
        assert_eq!(again.fuzzy, vec![vec![(0, "koursk".to_string())]]);
        assert!(
            cache.get(8, &key).is_none(),
            "a refreshed index is asked again"
        );
        assert!(cache.get(7, &Key::of(&unit("Koursk"))).is_none());
    }

    #[test]
    fn a_full_cache_starts_over() {
        let cache = cache();
        for i in 0..CAPACITY + 1 {
            cache.put(1, Key::of(&unit(&format!("mot{i}"))), Expansion::default());
        }
        assert!(cache.get(1, &Key::of(&unit("mot0"))).is_none());
        assert!(
            cache
                .get(1, &Key::of(&unit(&format!("mot{CAPACITY}"))))
                .is_some()
        );
    }
}
