//! Weak words: French function words that the Snowball stop list keeps (`contre`, `selon`,
//! `après`, `très`, `va`, `peut`, `doit`…). They are indexed and score like any word, but
//! say little about what a passage is about: when the tiers relax a query, they go first,
//! whatever their frequency. On a small folder document frequency cannot tell that
//! `contre` in `sanctions contre Pyongyang` matters less than `Pyongyang` (a folder about
//! North Korea names its capital everywhere); the language can.

/// Lowercase forms, accents as written. Prepositions and locutions, conjunctions and
/// adverbs of degree, time and manner, indefinite determiners, and the auxiliary and modal
/// verbs of a periphrasis (`va envoyer`, `peut-il`, `doit-on`); never a noun or a verb that
/// carries the meaning on its own.
const WEAK: &[&str] = &[
    // prepositions
    "après",
    "avant",
    "chez",
    "contre",
    "depuis",
    "derrière",
    "devant",
    "durant",
    "entre",
    "envers",
    "hors",
    "lors",
    "malgré",
    "outre",
    "parmi",
    "pendant",
    "selon",
    "sous",
    "suivant",
    "vers",
    "via",
    "dès",
    "jusqu",
    "jusque",
    "jusqu'à",
    "jusqu’à",
    "auprès",
    "autour",
    "près",
    "loin",
    // conjunctions and relatives
    "ainsi",
    "alors",
    "car",
    "comme",
    "donc",
    "dont",
    "lorsque",
    "puisque",
    "quand",
    "si",
    "tandis",
    "cependant",
    "pourtant",
    "toutefois",
    "néanmoins",
    "or",
    "ni",
    // adverbs
    "aussi",
    "assez",
    "beaucoup",
    "bien",
    "déjà",
    "encore",
    "ensuite",
    "enfin",
    "jamais",
    "là",
    "moins",
    "peu",
    "plus",
    "plutôt",
    "presque",
    "puis",
    "quasi",
    "seulement",
    "souvent",
    "surtout",
    "tant",
    "tard",
    "tôt",
    "toujours",
    "tellement",
    "très",
    "trop",
    "vraiment",
    "désormais",
    "notamment",
    "également",
    "environ",
    "actuellement",
    "oui",
    "non",
    // indefinite determiners and pronouns
    "autre",
    "autres",
    "aucun",
    "aucune",
    "certain",
    "certaine",
    "certains",
    "certaines",
    "chaque",
    "chacun",
    "chacune",
    "plusieurs",
    "quelque",
    "quelques",
    "tel",
    "telle",
    "tels",
    "telles",
    "tout",
    "toute",
    "tous",
    "toutes",
    "ça",
    "celui",
    "celle",
    "ceux",
    "celles",
    "rien",
    // auxiliaries and modals of a periphrasis (forms of être and avoir are stop words)
    "va",
    "vas",
    "vont",
    "allait",
    "allaient",
    "ira",
    "iront",
    "irait",
    "iraient",
    "peut",
    "peuvent",
    "pouvait",
    "pouvaient",
    "pourra",
    "pourront",
    "pourrait",
    "pourraient",
    "doit",
    "doivent",
    "devait",
    "devaient",
    "devra",
    "devront",
    "devrait",
    "devraient",
    "faut",
    "fallait",
    "faudra",
    "faudrait",
    "veut",
    "veulent",
    "voulait",
    "voudrait",
    "font",
    "faire",
    "faisait",
    "faisaient",
    "fera",
    "feront",
    "ferait",
    "feraient",
];

/// Whether `word` (as typed, any case) is a weak word.
pub(super) fn is_weak(word: &str) -> bool {
    let lower = word.to_lowercase();
    WEAK.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_are_weak_and_content_words_are_not() {
        for w in [
            "contre", "Selon", "très", "va", "pourrait", "après", "entre",
        ] {
            assert!(is_weak(w), "{w}");
        }
        for w in [
            "sanctions",
            "Pyongyang",
            "envoyer",
            "soldats",
            "front",
            "génie",
            "Koursk",
        ] {
            assert!(!is_weak(w), "{w}");
        }
    }

    #[test]
    fn no_weak_word_is_already_a_stop_word() {
        // A stop word never reaches the tiers: listing it here would only hide a mistake.
        for w in WEAK {
            assert!(!crate::analysis::is_stop_word(w), "{w} is a stop word");
        }
    }
}
