//! Word families the stemmer leaves apart: a demonym or adjective and its place
//! (`iraniens` → `Iran`, `coréen` → `Corée`, `russes` → `Russie`, `américain` → `États-Unis`,
//! and back for a capitalised place), a noun and its verb (`livraison` → `livrer`,
//! `lancement` → `lancer`, and back), and derived words (`alimentation` ↔
//! `alimentaire`, `consommateurs` → `consommation`, `mondiale` → `monde`).
//!
//! Suffix rules guess the relatives; a table (`data/demonyms.tsv`) holds the irregular
//! demonyms. A guess is kept only when the index has it, so rules may over-generate: on a
//! ~1 M-passage index a made-up `iranais` costs one term lookup and matches nothing. French
//! lexicons (hunspell's affix rules, Lefff, Morphalou) list inflections, not derivations
//! (`déploiement` is its own lemma there), so they would not link these words; the term
//! dictionary of the corpus is the check that matters. Family forms count like typo
//! corrections: below the word as typed (see `compile.rs`).

use std::collections::HashMap;
use std::sync::OnceLock;

use tantivy::schema::Field;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use super::phonetic;
use super::units::{Unit, tokens};
use crate::analysis::fold_accents;
use crate::index::Fields;

/// Irregular demonyms (masculine singular → places), and the table read backwards.
const DEMONYMS: &str = include_str!("../../data/demonyms.tsv");

/// Family forms kept per query word.
const MAX_FORMS: usize = 6;
/// A stem shorter than this is not trusted (`bien` → `b`).
const MIN_BASE: usize = 3;

/// Terms (analysed, positions relative to the first) of one word or name.
pub type Form = Vec<(usize, String)>;

struct Table {
    places: HashMap<String, Vec<String>>,
    demonyms: HashMap<String, Vec<String>>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Table {
            places: HashMap::new(),
            demonyms: HashMap::new(),
        };
        for line in DEMONYMS.lines() {
            let Some((demonym, places)) = line.split_once('\t') else {
                continue;
            };
            if demonym.starts_with('#') {
                continue;
            }
            for place in places.split(';').map(str::trim).filter(|p| !p.is_empty()) {
                t.places
                    .entry(demonym.to_string())
                    .or_default()
                    .push(place.to_string());
                t.demonyms
                    .entry(place.to_lowercase())
                    .or_default()
                    .push(demonym.to_string());
            }
        }
        t
    })
}

/// The words of `word`'s family (guesses, to be checked against the index). `word` is as
/// typed; a capitalised word may be a place and also gets its demonyms.
pub fn relatives(word: &str) -> Vec<String> {
    guesses(word).into_iter().map(|(g, _)| g).collect()
}

/// How a guess is checked against the index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Check {
    /// The word must be written in the corpus (places, demonyms, nouns).
    Written,
    /// Its stem must be indexed: a verb is rarely written as its infinitive (`livrer` is
    /// found through `livrés`).
    Stem,
}

fn guesses(word: &str) -> Vec<(String, Check)> {
    let capitalised = word.chars().next().is_some_and(char::is_uppercase);
    let w = word.to_lowercase();
    let mut out = Vec::new();
    for masc in masculine_forms(&w) {
        if let Some(places) = table().places.get(&masc) {
            out.extend(places.iter().cloned());
        }
    }
    if let Some(demonyms) = table().demonyms.get(&w) {
        out.extend(demonyms.iter().flat_map(|d| inflections(d)));
    }
    let mut out: Vec<(String, Check)> = out.into_iter().map(|g| (g, Check::Written)).collect();
    if w.contains(['-', ' ']) {
        return out;
    }
    let written = |v: Vec<String>| v.into_iter().map(|g| (g, Check::Written));
    out.extend(written(places_of(&w)));
    if capitalised || w.ends_with("ie") || w.ends_with("ée") || w.ends_with("ique") {
        out.extend(written(demonyms_of(&w)));
    }
    if !capitalised {
        // A capitalised word is a name, not a verb (`Corée` is no participle).
        let (verbs, nouns) = verb_noun(&w);
        out.extend(verbs.into_iter().map(|g| (g, Check::Stem)));
        out.extend(written(nouns));
        out.extend(written(derived(&w)));
    }
    out.retain(|(g, _)| *g != w);
    out.dedup();
    out
}

/// The family forms of a query word that the index holds, analysed with `french`, other
/// than the word's own terms `own`; at most [`MAX_FORMS`]. A guessed place, demonym or
/// noun counts only when every word of it is written in the corpus (exact-form field, any
/// accents): its stem alone would let made-up words in (`accuséen` stems like `accusé`).
pub fn forms(
    searcher: &Searcher,
    fields: &Fields,
    french: &mut TextAnalyzer,
    exact: &mut TextAnalyzer,
    word: &str,
    own: &[(usize, String)],
) -> Vec<Form> {
    let lower = word.to_lowercase();
    // A word typed with its accents has guesses spelled with theirs: one look-up each.
    let typed_plain = fold_accents(&lower) == lower;
    let mut out: Vec<Form> = Vec::new();
    for (relative, check) in guesses(word) {
        let one_word = is_one_word(&relative);
        let mut written = false;
        if check == Check::Written && one_word {
            // The exact field is lowercase: `France` is written `france` there.
            written = searcher
                .doc_freq(&Term::from_field_text(
                    fields.body_exact,
                    &relative.to_lowercase(),
                ))
                .unwrap_or(0)
                > 0;
            if !written && !typed_plain {
                continue;
            }
        }
        let analysed = tokens(french, &fold_accents(&relative));
        let Some(base) = analysed.first().map(|t| t.position) else {
            continue;
        };
        let form: Form = analysed
            .iter()
            .map(|t| (t.position - base, t.text.clone()))
            .collect();
        let is_own = form.iter().map(|(_, t)| t).eq(own.iter().map(|(_, t)| t));
        if is_own || out.contains(&form) {
            continue;
        }
        // The stem before the accent-blind look-up: one term rejects most guesses.
        let stemmed = form.iter().all(|(_, t)| {
            searcher
                .doc_freq(&Term::from_field_text(fields.body, t))
                .unwrap_or(0)
                > 0
        });
        let found = stemmed
            && (check == Check::Stem
                || written
                || tokens(exact, &relative)
                    .iter()
                    .all(|w| is_written(searcher, fields.body_exact, &w.text)));
        if found {
            out.push(form);
            if out.len() == MAX_FORMS {
                break;
            }
        }
    }
    out
}

fn is_one_word(guess: &str) -> bool {
    guess.chars().all(char::is_alphabetic)
}

/// A pattern matching `folded` (accent-free, lowercase ASCII) with any accents.
fn accent_blind(folded: &str) -> Option<String> {
    if !folded.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    Some(
        folded
            .chars()
            .map(|c| match c {
                'a' => "[aàâä]".to_string(),
                'e' => "[eéèêë]".to_string(),
                'i' => "[iîï]".to_string(),
                'o' => "[oôö]".to_string(),
                'u' => "[uùûü]".to_string(),
                'c' => "[cç]".to_string(),
                c => c.to_string(),
            })
            .collect(),
    )
}

/// Whether the exact-form `field` holds `word` with any accents (`coree` finds `corée`).
fn is_written(searcher: &Searcher, field: Field, word: &str) -> bool {
    let exact = searcher
        .doc_freq(&Term::from_field_text(field, word))
        .unwrap_or(0);
    exact > 0
        || accent_blind(&fold_accents(word))
            .is_some_and(|p| !phonetic::terms_matching(searcher, field, &p).is_empty())
}

/// Name variants kept per query word.
const MAX_VARIANTS: usize = 3;

/// Adds to `u.fuzzy` (matched below the word as typed, like typo corrections) the other
/// spellings of a name ([`phonetic`]) and the word's family ([`forms`]) that the index
/// holds. Returns notes saying which name variants were also matched.
pub(super) fn add_relatives(
    u: &mut Unit,
    searcher: &Searcher,
    fields: &Fields,
    french: &mut TextAnalyzer,
    exact: &mut TextAnalyzer,
) -> Vec<String> {
    let mut notes = Vec::new();
    let own_fr: Vec<&str> = u.fr.iter().map(|(_, t)| t.as_str()).collect();
    let matches_nothing = u.fr.len() == 1
        && searcher
            .doc_freq(&Term::from_field_text(fields.body, own_fr[0]))
            .unwrap_or(0)
            == 0;
    let name = u.exact.iter().map(|(_, t)| t.as_str()).collect::<String>();
    let one_word = u.exact.len() == 1 || (u.exact.len() > 1 && u.typed.contains('-'));
    let capitalised = u.typed.chars().any(char::is_uppercase);
    // A name: capitalised as typed, or a word the index does not know (`kursk`). A synonym
    // group (synonyms.txt) already says how it is spelled.
    if one_word && u.synonyms.is_empty() && (capitalised || matches_nothing) {
        for (variant, _) in phonetic::variants(searcher, fields.body_exact, &name, MAX_VARIANTS + 1)
        {
            let form: Form = tokens(french, &fold_accents(&variant))
                .into_iter()
                .take(1)
                .map(|t| (0, t.text))
                .collect();
            let same = form
                .iter()
                .map(|(_, t)| t.as_str())
                .eq(own_fr.iter().copied());
            if form.is_empty() || same || u.fuzzy.contains(&form) {
                continue;
            }
            notes.push(format!(
                "also matched '{}' for '{}'",
                as_typed(&variant, &u.typed),
                u.typed
            ));
            u.fuzzy.push(form);
            if notes.len() == MAX_VARIANTS {
                break;
            }
        }
    }
    if u.typed.chars().any(char::is_alphabetic) && !u.typed.contains(' ') {
        let word = if u.exact.len() == 1 {
            // Elision removed (`l'Ukraine` → `ukraine`), capital kept for places.
            let first_upper = u
                .typed
                .rsplit(['\'', '’'])
                .next()
                .and_then(|w| w.chars().next())
                .is_some_and(char::is_uppercase);
            let e = &u.exact[0].1;
            if first_upper {
                let mut c = e.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            } else {
                e.clone()
            }
        } else {
            u.typed.clone()
        };
        for form in forms(searcher, fields, french, exact, &word, &u.fr) {
            if !u.fuzzy.contains(&form) {
                u.fuzzy.push(form);
            }
        }
    }
    notes
}

/// `variant` with the capital of `typed` (`koursk` for `Kursk` → `Koursk`).
fn as_typed(variant: &str, typed: &str) -> String {
    match typed.chars().next() {
        Some(t) if t.is_uppercase() => {
            let mut c = variant.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }
        _ => variant.to_string(),
    }
}

/// Masculine singular candidates of an inflected adjective (`iraniennes` → `iranien`).
fn masculine_forms(w: &str) -> Vec<String> {
    let mut out = vec![w.to_string()];
    for (suffix, replace) in [
        ("nes", "n"),
        ("ne", "n"),
        ("ques", "c"),
        ("que", "c"),
        ("ques", ""),
        ("que", ""),
        ("es", ""),
        ("e", ""),
        ("s", ""),
    ] {
        if let Some(base) = w.strip_suffix(suffix) {
            out.push(format!("{base}{replace}"));
        }
    }
    out
}

/// Masculine and feminine, singular and plural of a demonym.
fn inflections(masc: &str) -> Vec<String> {
    let fem = if masc.ends_with("ien") || masc.ends_with("éen") {
        format!("{masc}ne")
    } else if masc.ends_with('e') {
        masc.to_string()
    } else if let Some(base) = masc.strip_suffix('c') {
        format!("{base}que")
    } else {
        format!("{masc}e")
    };
    let plural = |s: &str| {
        if s.ends_with('s') || s.ends_with('x') {
            s.to_string()
        } else {
            format!("{s}s")
        }
    };
    vec![plural(masc), plural(&fem), masc.to_string(), fem]
}

/// Demonym suffixes (all inflections, longest first) and the place endings to try on the
/// stem: `iran|iens` → `iran`, `ukrain|ien` → `ukraine`, `syr|ien` → `syrie`,
/// `coré|ens` → `corée`, `chin|ois` → `chine`, `améri|caine` → `amérique`, `ru|sses` →
/// `russie`.
const DEMONYM_RULES: &[(&[&str], &[&str])] = &[
    (
        &["iennes", "ienne", "iens", "ien"],
        &["", "e", "ie", "a", "i"],
    ),
    (
        &[
            "éennes", "éenne", "éens", "éen", "eennes", "eenne", "eens", "een",
        ],
        &["ée", "e"],
    ),
    (&["aises", "aise", "ais"], &["", "e", "o"]),
    (&["oises", "oise", "ois"], &["", "e", "ie"]),
    (&["caines", "caine", "cains", "cain"], &["que"]),
    (&["aines", "aine", "ains", "ain"], &["", "a"]),
    (&["sses", "sse"], &["ssie"]),
];

/// Places a demonym or adjective may come from (guesses).
fn places_of(w: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (suffixes, endings) in DEMONYM_RULES {
        let Some(base) = suffixes.iter().find_map(|s| w.strip_suffix(s)) else {
            continue;
        };
        // `ru|sse`: the doubled consonant is part of the ending; `pal|ais` is no `pale`.
        let min = match endings {
            ["ssie"] => 2,
            ["", "e", "o"] => MIN_BASE + 1,
            _ => MIN_BASE,
        };
        if base.chars().count() >= min {
            out.extend(endings.iter().map(|e| format!("{base}{e}")));
        }
    }
    // `afghan` → `Afghanistan`, `kazakh` → `Kazakhstan`: only places end so.
    if w.chars().count() > MIN_BASE {
        for masc in masculine_forms(w) {
            match masc.chars().last() {
                Some('h') => out.push(format!("{masc}stan")),
                Some(c) if !"aeiouyé".contains(c) => out.push(format!("{masc}istan")),
                _ => {}
            }
        }
    }
    out
}

/// Demonyms of a place (guesses): `iran` → `iranien(ne)(s)`, `russie` → `russe(s)`,
/// `chine` → `chinois(e)(s)`, `corée` → `coréen(ne)(s)`, `amérique` → `américain(e)(s)`.
fn demonyms_of(place: &str) -> Vec<String> {
    let mut masc: Vec<String> = ["ien", "ais", "ois", "ain"]
        .iter()
        .map(|s| format!("{place}{s}"))
        .collect();
    let strip = |s: &str| {
        place
            .strip_suffix(s)
            .filter(|b| b.chars().count() >= MIN_BASE - 1)
    };
    if let Some(base) = strip("ie") {
        masc.extend([format!("{base}ien"), format!("{base}e")]);
    }
    if let Some(base) = strip("ée") {
        masc.push(format!("{base}éen"));
    }
    if let Some(base) = strip("que") {
        masc.push(format!("{base}cain"));
    }
    if let Some(base) = strip("e") {
        masc.extend(["ien", "ois", "ais"].iter().map(|s| format!("{base}{s}")));
    }
    if let Some(base) = strip("a").or_else(|| strip("i")) {
        masc.push(format!("{base}ien"));
    }
    masc.iter().flat_map(|m| inflections(m)).collect()
}

/// Verb endings stripped to reach the root (`livr|és`, `déploy|er`), longest first.
const VERB_ENDINGS: &[&str] = &[
    "eraient", "erions", "eront", "erait", "aient", "èrent", "ées", "ent", "ant", "ait", "era",
    "és", "ée", "er", "ez", "é", "es", "e",
];

/// The verbs of a noun and the nouns of a verb, where Snowball gives different stems:
/// `livraison` ↔ `livrer`, `déploiement` ↔ `déployer`, `lancement` ↔ `lancer`,
/// `établissement` ↔ `établir`; and the infinitive of an inflected verb whose stem differs
/// (`envoyées` → `envoyer`). Returns (verbs, nouns).
fn verb_noun(w: &str) -> (Vec<String>, Vec<String>) {
    let (mut verbs, mut nouns) = (Vec::new(), Vec::new());
    let long = |b: &str| b.chars().count() >= MIN_BASE;
    if let Some(base) = w.strip_suffix("aisons").or_else(|| w.strip_suffix("aison")) {
        if long(base) {
            verbs.push(format!("{base}er"));
        }
    } else if let Some(base) = w
        .strip_suffix("issements")
        .or_else(|| w.strip_suffix("issement"))
    {
        if long(base) {
            verbs.push(format!("{base}ir"));
        }
    } else if let Some(base) = w.strip_suffix("ments").or_else(|| w.strip_suffix("ment")) {
        // `déploie|ment` → `déployer`; `remercie|ment` → `remercier`; `lance|ment` → `lancer`.
        if let Some(root) = base.strip_suffix("ie").filter(|r| long(r)) {
            verbs.push(format!("{root}yer"));
        }
        if base.ends_with('e') && long(base) {
            verbs.push(format!("{base}r"));
        }
    } else if let Some(root) = VERB_ENDINGS
        .iter()
        .find_map(|e| w.strip_suffix(e))
        .filter(|r| long(r))
    {
        // Verb → noun: `livr|és` → `livraison`, `déploy|er` → `déploiement`.
        let mut noun = |n: String| {
            nouns.push(format!("{n}s"));
            nouns.push(n);
        };
        noun(format!("{root}aison"));
        noun(format!("{root}ement"));
        if let Some(r) = root.strip_suffix('y') {
            noun(format!("{r}iement"));
        }
        verbs.push(format!("{root}er"));
    }
    (verbs, nouns)
}

/// Derivational suffixes Snowball keeps apart, each with the suffixes of its relatives:
/// `alimentation` ↔ `alimentaire`, `consommateurs` → `consommation`, `terroriste` ↔
/// `terrorisme`, `économique` → `économie`, `mondiale` → `monde`. Longest suffix first.
/// Every guess must be written in the corpus (see [`forms`]), and only pairs whose members
/// keep one meaning are listed: `-eur` → `-e`/`-ion` would give `secteur` → `secte`,
/// `section`; `-al` → `-e` `tribunal` → `tribune`; `-ation` → its bare root `fondation` →
/// `fond`, `présentation` → `présent`.
const DERIVATIONS: &[(&str, &[&str])] = &[
    ("ateurs", &["ation", "ations"]),
    ("ateur", &["ation", "ations"]),
    ("ations", &["aire", "aires", "ateur", "ateurs"]),
    ("ation", &["aire", "aires", "ateur", "ateurs"]),
    ("aires", &["ation", "ations"]),
    ("aire", &["ation", "ations"]),
    ("istes", &["isme"]),
    ("iste", &["isme"]),
    ("ismes", &["iste", "istes"]),
    ("isme", &["iste", "istes"]),
    ("iques", &["ie"]),
    ("ique", &["ie"]),
    ("iales", &["e"]),
    ("iale", &["e"]),
    ("iaux", &["e"]),
    ("ial", &["e"]),
];

/// The relatives of a derived word by [`DERIVATIONS`] (the first suffix that fits).
fn derived(w: &str) -> Vec<String> {
    let Some((root, relatives)) = DERIVATIONS
        .iter()
        .find_map(|(suffix, relatives)| w.strip_suffix(suffix).map(|root| (root, relatives)))
    else {
        return Vec::new();
    };
    // Four letters at least: `val` is no root of `vale`, `local` none of `loc`.
    if root.chars().count() < MIN_BASE + 1 {
        return Vec::new();
    }
    // A grammar word is nobody's relative (`commentaires` is not `comment`).
    let grammar = |g: &str| {
        crate::analysis::is_stop_word(g)
            || super::weak::is_weak(g)
            || super::questions::is_interrogative(g)
    };
    relatives
        .iter()
        .map(|r| format!("{root}{r}"))
        .filter(|g| g != w && !grammar(g))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(word: &str, relative: &str) -> bool {
        relatives(word).iter().any(|r| r == relative)
    }

    #[test]
    fn demonyms_lead_to_their_place() {
        for (word, place) in [
            ("iraniens", "iran"),
            ("iranienne", "iran"),
            ("coréens", "corée"),
            ("russes", "russie"),
            ("russe", "russie"),
            ("ukrainien", "ukraine"),
            ("chinois", "chine"),
            ("chinoise", "chine"),
            ("syriens", "syrie"),
            ("américain", "amérique"),
            ("américaines", "États-Unis"),
            ("afghans", "afghanistan"),
            ("japonais", "japon"),
            ("turque", "Turquie"),
            ("nord-coréens", "Corée du Nord"),
        ] {
            assert!(has(word, place), "{word} → {place}: {:?}", relatives(word));
        }
    }

    #[test]
    fn capitalised_places_lead_to_their_demonyms() {
        for (place, word) in [
            ("Iran", "iraniens"),
            ("Russie", "russes"),
            ("Chine", "chinois"),
            ("Corée", "coréens"),
            ("Ukraine", "ukrainienne"),
            ("Amérique", "américains"),
            ("États-Unis", "américain"),
        ] {
            assert!(has(place, word), "{place} → {word}: {:?}", relatives(place));
        }
        // A lowercase common noun is not taken for a place (`port` → `portais`).
        assert!(!has("port", "portais"));
    }

    #[test]
    fn nouns_and_verbs_of_one_action() {
        assert!(has("livraison", "livrer"));
        assert!(has("livraisons", "livrer"));
        assert!(has("livrés", "livraison"));
        assert!(has("déploiement", "déployer"));
        assert!(has("déployer", "déploiement"));
        assert!(has("lancement", "lancer"));
        assert!(has("établissement", "établir"));
    }

    #[test]
    fn derived_words_and_their_relatives() {
        assert!(has("alimentation", "alimentaire"));
        assert!(has("alimentaires", "alimentation"));
        assert!(has("consommateurs", "consommation"));
        assert!(has("terroriste", "terrorisme"));
        assert!(has("économique", "économie"));
        assert!(has("commercial", "commerce"));
        assert!(!has("secteur", "secte") && !has("secteur", "section"));
        assert!(!has("tribunal", "tribune") && !has("fondation", "fond"));
        assert!(has("mondiale", "monde"));
        assert!(derived("local").is_empty());
        assert!(!has("commentaires", "comment"));
    }

    #[test]
    fn short_stems_are_not_guessed() {
        assert!(relatives("bien").iter().all(|r| r.len() > 2));
        assert!(!has("lien", "l"));
        assert!(!has("mois", "me"));
        assert!(!has("palais", "pale"));
        assert!(has("japonais", "japon"));
    }
}
