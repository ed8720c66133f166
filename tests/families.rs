//! Word families (demonym ↔ place, noun ↔ verb) and name variants without a list
//! (phonetic spelling of transliterated names): on the sample corpus and on small corpora
//! written for the test.

mod common;

use common::*;
use fouille::search::{Engine, SearchOptions, SearchResults, Synonyms};

const D000: &str = "000_725a85727f30f04b.txt";
const D001: &str = "001_70a67eb69caeb52c.txt";
const D002: &str = "002_219692dc95d182a7.txt";
const D003: &str = "003_875a825590cad64c.txt";

/// An engine over a small corpus written for the test, without synonyms.
fn engine_over(files: &[(&str, &str)]) -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for (name, text) in files {
        std::fs::write(corpus.join(name), text).unwrap();
    }
    build(&corpus, &dir.path().join("index"));
    let mut engine = Engine::open(&dir.path().join("index")).unwrap();
    engine.set_synonyms(Synonyms::default());
    (dir, engine)
}

/// The sample corpus with no synonym list at all: name variants must come from spelling.
fn sample_without_synonyms() -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().unwrap();
    build(&corpus_dir(), dir.path());
    let mut engine = Engine::open(dir.path()).unwrap();
    engine.set_synonyms(Synonyms::default());
    (dir, engine)
}

fn run(e: &Engine, q: &str) -> SearchResults {
    e.search(q, &SearchOptions::default())
        .unwrap_or_else(|err| panic!("{q}: {err}"))
}

fn docs(r: &SearchResults) -> Vec<&str> {
    r.hits.iter().map(|h| h.doc.as_str()).collect()
}

// ---- demonyms and places ----

#[test]
fn drones_iraniens_finds_the_passage_saying_iran() {
    // 003 ¶6: "L'Iran est également accusée de fournir des drones".
    let r = search("drones iraniens");
    assert_eq!((r.hits[0].doc.as_str(), r.hits[0].passage), (D003, 6));
    let m = marked(&r.hits[0]);
    assert!(m.contains(&"Iran") && m.contains(&"drones"), "{m:?}");
    // Alone too, and `chinois` finds `Chine` in the same passage.
    let mut iran = ids(&search("iraniens"));
    iran.sort();
    assert_eq!(iran, [(D003.to_string(), 3), (D003.to_string(), 6)]);
    let r = search("chinois");
    assert_eq!(r.hits[0].doc, D003);
    assert!(marked(&r.hits[0]).contains(&"Chine"));
}

#[test]
fn a_demonym_finds_its_place_below_the_word_as_typed() {
    let (_d, e) = engine_over(&[
        (
            "place.txt",
            "Titre\n\nL'Iran a livré des drones à Moscou.\n",
        ),
        ("adj.txt", "Titre\n\nDes drones iraniens ont été abattus.\n"),
        ("other.txt", "Titre\n\nDes drones turcs ont été vendus.\n"),
    ]);
    let r = run(&e, "drones iraniens");
    assert_eq!(docs(&r)[..2], ["adj.txt", "place.txt"]);
    assert!(r.hits[0].score > r.hits[1].score);
    // Every inflection leads to the place.
    for q in ["iranien", "iranienne", "iraniennes"] {
        assert!(docs(&run(&e, q)).contains(&"place.txt"), "{q}");
    }
}

#[test]
fn a_place_finds_its_demonyms_and_irregular_ones_come_from_the_table() {
    let (_d, e) = engine_over(&[
        ("chine.txt", "Titre\n\nLa Chine soutient Moscou.\n"),
        ("chinois.txt", "Titre\n\nDes diplomates chinois à Moscou.\n"),
        ("usa.txt", "Titre\n\nLes États-Unis livrent des obus.\n"),
        ("ukr.txt", "Titre\n\nLes soldats ukrainiens avancent.\n"),
        ("coree.txt", "Titre\n\nLa Corée du Sud s'inquiète.\n"),
    ]);
    let r = run(&e, "Chine");
    assert_eq!(docs(&r), ["chine.txt", "chinois.txt"]);
    // `américains` → États-Unis (data/demonyms.tsv), highlighted as written.
    let r = run(&e, "obus américains");
    assert_eq!(docs(&r)[0], "usa.txt");
    assert!(
        marked(&r.hits[0]).contains(&"États-Unis"),
        "{:?}",
        marked(&r.hits[0])
    );
    assert_eq!(docs(&run(&e, "Ukraine")), ["ukr.txt"]);
    assert_eq!(docs(&run(&e, "sud-coréens")), ["coree.txt"]);
}

#[test]
fn an_accented_demonym_finds_its_place_from_the_table() {
    // `française` → France: a table place, looked up in the lowercase exact field
    // (`France` as written never matched, so only accent-free demonyms worked).
    let (_d, e) = engine_over(&[
        (
            "france.txt",
            "Titre\n\nL'inflation ralentit en France selon l'Insee.\n",
        ),
        (
            "actrice.txt",
            "Titre\n\nUne actrice française primée à Cannes.\n",
        ),
        ("prix.txt", "Titre\n\nL'inflation touche les ménages.\n"),
    ]);
    let r = run(&e, "inflation française");
    assert_eq!(docs(&r)[0], "france.txt", "{:?}", docs(&r));
    assert!(r.hits[0].missing.is_empty(), "{:?}", r.hits[0].missing);
    assert!(marked(&r.hits[0]).contains(&"France"));
    let r = run(&e, "économie japonaise");
    assert!(r.hits.is_empty(), "no Japon in the folder: {:?}", docs(&r));
}

// ---- nouns and verbs ----

#[test]
fn a_noun_finds_its_verb_and_back_below_the_word_as_typed() {
    let (_d, e) = engine_over(&[
        ("verbe.txt", "Titre\n\nLes obus ont été livrés en mars.\n"),
        (
            "nom.txt",
            "Titre\n\nLa livraison des obus a pris du retard.\n",
        ),
        (
            "lance.txt",
            "Titre\n\nPyongyang veut lancer un satellite.\n",
        ),
    ]);
    assert_eq!(docs(&run(&e, "livraison obus")), ["nom.txt", "verbe.txt"]);
    assert_eq!(docs(&run(&e, "obus livrés")), ["verbe.txt", "nom.txt"]);
    assert_eq!(docs(&run(&e, "lancement satellite")), ["lance.txt"]);
    // Snowball already joins `déploiement` and `déployés`; families keep it so.
    let r = search("déploiement");
    assert!(
        r.hits.iter().any(|h| h.text.contains("déployés")),
        "{:?}",
        ids(&r)
    );
}

#[test]
fn family_guesses_missing_from_the_index_add_nothing() {
    // `soldats` has no place, `russes` shares its stem with `Russie`: the same hits.
    let (_d, e) = engine_over(&[
        ("a.txt", "Titre\n\nDes soldats russes.\n"),
        ("b.txt", "Titre\n\nLa Russie recrute.\n"),
    ]);
    assert_eq!(docs(&run(&e, "soldats")), ["a.txt"]);
    assert_eq!(run(&e, "russes").total_hits, 2);
    assert!(run(&e, "palais").hits.is_empty());
}

// ---- name variants without a list ----

#[test]
fn kursk_finds_koursk_without_synonyms() {
    let (_d, e) = sample_without_synonyms();
    let r = run(&e, "Kursk");
    assert_eq!((r.hits[0].doc.as_str(), r.hits[0].passage), (D003, 4));
    assert_eq!(marked(&r.hits[0]), ["Koursk"]);
    // Ukrainian and English spellings of the sample's names.
    for (q, doc, passage, form) in [
        ("Luhansk", D001, 5, "Luhansk"),
        ("Mykhailo Podolyak", D002, 7, "Mikhaïlo"),
        ("Kirichevsky", D002, 4, "Kirichevskyi"),
        ("Pyong-yang", D000, 13, "Pyongyang"),
    ] {
        let r = run(&e, q);
        assert!(
            r.hits
                .iter()
                .any(|h| h.doc == doc && h.passage == passage && marked(h).contains(&form)),
            "{q}: {:?}",
            ids(&r)
        );
    }
    // Doubled letters: `Donbas` as written first, `Donbass` after, and said so.
    let r = run(&e, "Donbas");
    assert_eq!(r.hits[0].doc, D001);
    assert!(r.hits.iter().any(|h| h.doc == D000 && h.passage == 5));
    assert!(
        r.notes
            .iter()
            .any(|n| n == "also matched 'Donbass' for 'Donbas'"),
        "{:?}",
        r.notes
    );
    // `Korotchenco` (c/k) finds all three passages about him.
    let r = run(&e, "Korotchenco");
    for (doc, passage) in [(D000, 2), (D000, 8), (D001, 8)] {
        assert!(
            r.hits.iter().any(|h| h.doc == doc && h.passage == passage),
            "{:?}",
            ids(&r)
        );
    }
    // `Luhansk` as written ranks first; the French `Louhansk` passages follow.
    let r = run(&e, "Luhansk");
    assert_eq!((r.hits[0].doc.as_str(), r.hits[0].passage), (D001, 5));
    assert!(r.hits.iter().any(|h| h.doc == D000 && h.passage == 4));
}

#[test]
fn spelling_variants_rank_below_the_form_as_typed_and_are_said() {
    let (_d, e) = engine_over(&[
        ("fr.txt", "Titre\n\nLe président Zelenski a répondu.\n"),
        ("en.txt", "Titre\n\nLe président Zelensky a parlé.\n"),
        ("ua.txt", "Titre\n\nLe président Zelenskyy a écrit.\n"),
        ("autre.txt", "Titre\n\nLe président Zelenograd a écrit.\n"),
    ]);
    let r = run(&e, "Zelensky");
    assert_eq!(docs(&r)[0], "en.txt");
    let mut rest = docs(&r)[1..].to_vec();
    rest.sort_unstable();
    assert_eq!(rest, ["fr.txt", "ua.txt"]);
    assert!(r.hits[0].score > r.hits[1].score);
    assert!(
        r.notes
            .iter()
            .any(|n| n == "also matched 'Zelenski' for 'Zelensky'"),
        "{:?}",
        r.notes
    );
    assert!(r.did_you_mean.is_none());
}

#[test]
fn english_and_french_transliterations_meet() {
    let (_d, e) = engine_over(&[
        (
            "choigou.txt",
            "Titre\n\nSergueï Choïgou a visité Pyongyang.\n",
        ),
        ("prigojine.txt", "Titre\n\nEvgueni Prigojine est mort.\n"),
        ("peskov.txt", "Titre\n\nDmitri Peskov dément.\n"),
        ("lavrov.txt", "Titre\n\nSergueï Lavrov dément.\n"),
    ]);
    assert_eq!(docs(&run(&e, "Shoigu")), ["choigou.txt"]);
    assert_eq!(docs(&run(&e, "Prigozhin")), ["prigojine.txt"]);
    assert_eq!(docs(&run(&e, "Dmitry Peskoff")), ["peskov.txt"]);
    // A different name with the same ending is not a variant.
    assert!(!docs(&run(&e, "Peskov")).contains(&"lavrov.txt"));
    // Ukrainian spellings meet the Russian-derived French ones: `h` for `g`, `i` for `o`
    // before `v`.
    let (_d, e) = engine_over(&[
        (
            "gorlovka.txt",
            "Titre\n\nDes tirs sur Gorlovka dans la nuit.\n",
        ),
        (
            "tchernigov.txt",
            "Titre\n\nLa région de Tchernigov reprise.\n",
        ),
        ("kherson.txt", "Titre\n\nLe pont de Kherson est coupé.\n"),
    ]);
    assert_eq!(docs(&run(&e, "Horlivka")), ["gorlovka.txt"]);
    assert_eq!(docs(&run(&e, "Chernihiv")), ["tchernigov.txt"]);
    assert!(
        run(&e, "Kharkiv").hits.is_empty(),
        "Kherson is another city"
    );
    // Ukrainian `i` for Russian `e` before `v` too (no synonyms.txt in this engine).
    let (_d, e) = engine_over(&[
        ("kyiv.txt", "Titre\n\nLe maire de Kyiv parle.\n"),
        (
            "avdiivka.txt",
            "Titre\n\nLa ville d'Avdiïvka est tombée en février.\n",
        ),
        ("kaunas.txt", "Titre\n\nUn sommet à Kaunas.\n"),
    ]);
    assert_eq!(docs(&run(&e, "Kiev")), ["kyiv.txt"]);
    assert_eq!(docs(&run(&e, "Avdeevka")), ["avdiivka.txt"]);
}

#[test]
fn excluded_words_get_no_variants() {
    let (_d, e) = sample_without_synonyms();
    // `-Kursk` excludes only what is written Kursk (nothing), not Koursk.
    let r = run(&e, "soldats -Kursk");
    assert!(
        r.hits.iter().any(|h| h.doc == D003 && h.passage == 4),
        "{:?}",
        ids(&r)
    );
}
