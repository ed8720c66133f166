//! Leftover kinds recognised by the form of one line, whatever the site: credits,
//! bylines, lone dates, counters, share bars, menus, teasers and calls to action.
//!
//! Every test works on the folded line (case-, accent- and apostrophe-insensitive, see
//! [`fold`]) and on short lines only, so a long paragraph that happens to start like a
//! menu stays content and a 100 MB line costs a bounded prefix.

use super::Reason;
use crate::corpus::boilerplate;
use crate::corpus::text::{Folded, fold, is_blank_char, last_significant, trim_blank};

/// Lines with more words than this are never leftovers by form alone: page furniture
/// is short, and a long line is a paragraph even if it starts like a menu.
const SHORT_LINE_WORDS: usize = 25;

/// The kind of leftover `line` is, judged by its form alone.
pub(crate) fn leftover_kind(line: &str) -> Option<Reason> {
    let line = strip_markers(trim_blank(line));
    if line.is_empty() {
        return None;
    }
    let folded = fold(line);
    if let Some(rule) = boilerplate::matching_rule_folded(line, &folded) {
        return Some(Reason::Rule(rule.name));
    }
    let words = WordCount::of(line);
    if words.more_than(SHORT_LINE_WORDS) {
        return None;
    }
    let checks: [(Check, Reason); 11] = [
        (is_teaser, Reason::Teaser),
        (is_credit, Reason::Credit),
        (is_byline, Reason::Byline),
        (is_date, Reason::Date),
        (is_publication_line, Reason::Byline),
        (is_cookie_notice, Reason::CallToAction),
        (is_comment_prompt, Reason::CallToAction),
        (is_counter, Reason::Counter),
        (is_share_bar, Reason::Share),
        (is_call_to_action, Reason::CallToAction),
        (is_menu, Reason::Menu),
    ];
    let n = words.count();
    checks
        .into_iter()
        .find(|(check, _)| check(line, &folded, n))
        .map(|(_, reason)| reason)
}

/// The header of a list of links to other articles, alone on its line (`À lire aussi`,
/// `Les plus lus`, `Sur le même sujet :`): the short headline-like lines after it are the
/// list's items (see [`is_list_item`]).
pub(crate) fn is_list_header(line: &str) -> bool {
    const HEADERS: &[&str] = &[
        "a lire aussi",
        "a lire egalement",
        "lire aussi",
        "a voir aussi",
        "voir aussi",
        "sur le meme sujet",
        "sur le meme theme",
        "articles similaires",
        "articles lies",
        "articles associes",
        "dans la meme rubrique",
        "les plus lus",
        "les plus partages",
        "les plus commentes",
        "les plus consultes",
        "les articles les plus lus",
        "derniers articles",
        "dernieres actualites",
        "dernieres infos",
        "a la une",
        "a decouvrir",
        "a decouvrir aussi",
        "vous aimerez aussi",
        "nos articles",
        "nos derniers articles",
        "en continu",
    ];
    let folded = fold(strip_markers(trim_blank(line))).text;
    let bare = folded.trim_end_matches([':', ' ', '.', '\u{a0}']);
    HEADERS.contains(&bare)
}

/// An item of such a list: a headline (at most [`LIST_ITEM_WORDS`] words, not a sentence
/// ending in a full stop). A paragraph of prose ends the list.
pub(crate) fn is_list_item(line: &str) -> bool {
    let line = trim_blank(line);
    !line.is_empty()
        && !WordCount::of(line).more_than(LIST_ITEM_WORDS)
        && !matches!(last_significant(line), Some('.' | '…' | ',' | ';'))
}

/// Words of a list item at most.
const LIST_ITEM_WORDS: usize = 16;

/// A test of one leftover kind: raw line, folded line, word count.
type Check = fn(&str, &Folded, usize) -> bool;

/// Bullet and quote markers put before teasers and menu items (`> À lire aussi`,
/// `» Lire aussi`, `• Partager`), removed before matching.
fn strip_markers(mut line: &str) -> &str {
    loop {
        let rest = line.trim_start_matches(['>', '»', '•', '▶', '►', '→', '■', '▸', '|', '*', '+']);
        let rest = rest.trim_start_matches(is_blank_char);
        if rest.len() == line.len() {
            return line;
        }
        line = rest;
    }
}

/// Word count of a line, counting at most one more than [`SHORT_LINE_WORDS`].
struct WordCount(usize);

impl WordCount {
    fn of(line: &str) -> WordCount {
        WordCount(line.split_whitespace().take(SHORT_LINE_WORDS + 1).count())
    }
    fn more_than(&self, n: usize) -> bool {
        self.0 > n
    }
    fn count(&self) -> usize {
        self.0
    }
}

/// The folded words of a folded line: letters, digits, `-` and `'` inside words.
fn folded_words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
        .map(|w| w.trim_matches(['-', '\'']))
        .filter(|w| !w.is_empty())
}

/// `raw` after the folded `prefix` (matched char by char, blanks collapsed), if `raw`
/// starts with it. Lets a rule look at the raw character following a prefix:
/// `Lire aussiRussie` is a glued teaser, `Lire aussiette` is not.
pub(crate) fn after_folded_prefix<'a>(raw: &'a str, prefix: &str) -> Option<&'a str> {
    let mut want = prefix.chars().peekable();
    let mut iter = raw.char_indices().peekable();
    while want.peek().is_some() {
        let (i, c) = iter.next()?;
        if is_blank_char(c) {
            if want.peek() == Some(&' ') {
                want.next();
                while iter.peek().is_some_and(|&(_, c)| is_blank_char(c)) {
                    iter.next();
                }
                continue;
            }
            return None;
        }
        let folded = fold(&raw[i..i + c.len_utf8()]).text;
        for f in folded.chars() {
            if want.next() != Some(f) {
                return None;
            }
        }
    }
    Some(iter.peek().map_or("", |&(i, _)| &raw[i..]))
}

/// `Lire aussi : …`, `Voir aussi`, `Lire la suite`, also glued to the teased title
/// (`Lire aussiRussie : …`, the space lost when the page was copied).
fn is_teaser(raw: &str, folded: &Folded, _words: usize) -> bool {
    const TEASERS: &[&str] = &[
        "a lire aussi",
        "a lire egalement",
        "a lire",
        "lire aussi",
        "lire egalement",
        "lire la suite",
        "lire plus",
        "lire l'article",
        "voir aussi",
        "a voir aussi",
        "a voir egalement",
        "a voir",
        "en savoir plus",
        "sur le meme sujet",
        "sur le meme theme",
        "a decouvrir aussi",
        "a decouvrir",
        "vous aimerez aussi",
        "vous pourriez aussi aimer",
        "vous aimerez peut-etre",
        "notre selection",
        "articles similaires",
        "articles lies",
        "articles associes",
        "dans la meme rubrique",
        "read more",
        "see also",
    ];
    TEASERS.iter().any(|teaser| {
        folded.text.starts_with(teaser)
            && after_folded_prefix(raw, teaser).is_some_and(|rest| {
                // End of line, punctuation, or a capital glued to the prefix.
                rest.chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric() || c.is_uppercase() || c.is_ascii_digit())
            })
    })
}

/// Photo and copyright credits: `Photo : YONHAP News`, `Crédit photo : AFP`,
/// `© 2024 Le Journal. Tous droits réservés`, `(Photo AFP)`.
fn is_credit(raw: &str, folded: &Folded, words: usize) -> bool {
    let text = folded.text.trim_start_matches(['(', '[']);
    if raw.contains('©') || text.contains("tous droits reserves") || text.starts_with("(c) ") {
        return true;
    }
    const CREDIT_WORDS: &[&str] = &[
        "credit photo",
        "credits photo",
        "credits",
        "credit",
        "photos",
        "photo",
        "copyright",
        "illustration",
        "image",
        "images",
        "video",
        "source photo",
        "legende",
    ];
    let starts_credit = CREDIT_WORDS.iter().any(|w| {
        text.strip_prefix(w).is_some_and(|rest| {
            let rest = rest.trim_start();
            rest.starts_with([':', '/', '-', '–', '|'])
                || (words <= 4 && rest.split(' ').next().is_some_and(is_agency))
        })
    });
    // A credit buried in a short metadata line: `date 2025-05 Photo : YONHAP News`.
    starts_credit
        || (words <= 12 && (text.contains("photo :") || text.contains("photo:")))
        || is_agency_only(text)
        || ends_with_agency_credit(text)
}

/// A photo caption signed by an agency in brackets at its end: `Une rue de Nevers, le
/// 2 avril 2024. (MAXPPP)`, `… (Photo Reuters / Jean Martin)`.
fn ends_with_agency_credit(text: &str) -> bool {
    let Some((_, inner)) = text.strip_suffix(')').and_then(|t| t.rsplit_once('(')) else {
        return false;
    };
    inner.len() <= 60
        && inner
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| is_agency(w) || w == "photo")
}

fn is_agency(word: &str) -> bool {
    matches!(
        word.trim_matches(|c: char| !c.is_alphanumeric()),
        "afp"
            | "reuters"
            | "ap"
            | "belga"
            | "ats"
            | "dpa"
            | "ansa"
            | "yonhap"
            | "epa"
            | "maxppp"
            | "getty"
            | "abaca"
            | "sipa"
            | "istock"
            | "shutterstock"
            | "unsplash"
    )
}

/// `AFP`, `(AFP)`, `Avec AFP`, `AFP/Reuters`: an agency alone on a line.
fn is_agency_only(text: &str) -> bool {
    let text = text.strip_prefix("avec ").unwrap_or(text);
    let mut any = false;
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !is_agency(word) && word != "et" && word != "agences" {
            return false;
        }
        any = true;
    }
    any
}

/// Bylines: `par Jean Dupont`, `Par Marie Curie et Paul Langevin, envoyés spéciaux`,
/// `Propos recueillis par …`, `By John Smith`, `Auteur : …`.
fn is_byline(raw: &str, folded: &Folded, words: usize) -> bool {
    const LABELS: &[&str] = &[
        "propos recueillis par",
        "redige par",
        "ecrit par",
        "publie par",
        "posted by",
        "auteur :",
        "auteurs :",
        "auteur:",
        "redaction :",
        "texte :",
        "la redaction",
        "envoye special",
        "envoyee speciale",
        "de notre correspondant",
        "de notre correspondante",
        "de nos correspondants",
        "article paru dans",
        "cet article est paru",
        "paru dans",
        "article publie dans",
        "cet article a ete publie",
        "initialement publie",
        "publie initialement",
    ];
    let text = folded.text.as_str();
    if words <= 16 && LABELS.iter().any(|l| starts_with_word(text, l)) {
        return true;
    }
    for intro in ["par", "by"] {
        if words <= 14 && starts_with_word(text, intro) {
            let Some(rest) = after_folded_prefix(raw, intro) else {
                continue;
            };
            if names_first(rest) {
                return true;
            }
        }
    }
    false
}

/// A page's publication line: `Publié le 2 avril 2024 par Laetitia, dans Consommation ·
/// 23 commentaires`, `Par Sarah Morel | Publié le 16/04/2024 à 17h20 | Mis à jour le …`:
/// a short line, not a sentence, with a number, that starts with its publication or
/// update label or is a byline carrying one.
fn is_publication_line(raw: &str, folded: &Folded, _words: usize) -> bool {
    const LABELS: &[&str] = &[
        "publie le",
        "publie :",
        "mis a jour le",
        "mis a jour :",
        "modifie le",
        "actualise le",
    ];
    let text = folded.text.as_str();
    let labelled = LABELS.iter().any(|l| starts_with_word(text, l))
        || (starts_with_word(text, "par")
            && ["publie le", "mis a jour le", "modifie le"]
                .iter()
                .any(|l| text.contains(l)));
    labelled && raw.chars().any(|c| c.is_ascii_digit()) && last_significant(raw) != Some('.')
}

/// A cookie banner: a short line about cookies that asks for consent (`Nos partenaires
/// et nous utilisons des cookies. Paramétrer | Tout accepter`, `Vous avez refusé le dépôt
/// de cookies…`). A sentence of an article about cookies names no button.
fn is_cookie_notice(_raw: &str, folded: &Folded, _words: usize) -> bool {
    let text = folded.text.as_str();
    text.contains("cookie")
        && [
            "accepte",
            "refuse",
            "parametr",
            "consentement",
            "abonnez",
            "nos partenaires",
            "traceurs",
        ]
        .iter()
        .any(|w| text.contains(w))
}

/// An invitation to comment at the end of a post: `Dites-le-moi en commentaire !`,
/// `Et vous ? Partagez votre avis en commentaire`.
fn is_comment_prompt(raw: &str, folded: &Folded, words: usize) -> bool {
    let text = folded.text.as_str();
    words <= 20
        && ["en commentaire", "dans les commentaires"]
            .iter()
            .any(|w| text.contains(w))
        && [
            "dites", "partagez", "racontez", "donnez", "laissez", "ecrivez",
        ]
        .iter()
        .any(|w| text.contains(w))
        && matches!(last_significant(raw), Some('!' | '?' | ':') | None)
}

fn starts_with_word(text: &str, prefix: &str) -> bool {
    text.strip_prefix(prefix)
        .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
}

/// Whether `rest` starts with one to five capitalised names (joined by `et`, `de`, `-`…)
/// up to a separator (`,`, `|`, `-`, end): the author part of a byline.
fn names_first(rest: &str) -> bool {
    let first_segment = rest
        .split([',', '|', '•', '–', '—', '(', '/'])
        .next()
        .unwrap_or("")
        .trim_matches(is_blank_char);
    let first_segment = first_segment.split(" - ").next().unwrap_or("");
    let words: Vec<&str> = first_segment.split_whitespace().collect();
    if words.is_empty() || words.len() > 5 {
        return false;
    }
    let connector = |w: &str| {
        matches!(
            w.to_lowercase().as_str(),
            "et" | "de" | "du" | "des" | "la" | "le" | "van" | "von" | "da" | "di" | "avec" | "and"
        ) || w.starts_with("d’")
            || w.starts_with("d'")
    };
    let capital = |w: &str| {
        w.trim_start_matches(['"', '«', '“', '('])
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    };
    words.iter().all(|w| capital(w) || connector(w)) && capital(words[0])
}

const MONTHS: &[&str] = &[
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
    "janv",
    "fevr",
    "fev",
    "avr",
    "juil",
    "sept",
    "oct",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A date or time alone, maybe with its label: `28/12/2024`, `8 octobre 2024`,
/// `Publié le 8 octobre 2024 à 14h05`, `Mis à jour le 12.05.2024 - 10:34`, `18:16`,
/// `Il y a 3 heures`.
fn is_date(_raw: &str, folded: &Folded, words: usize) -> bool {
    if words > 16 || !folded.complete {
        return false;
    }
    const LABEL_WORDS: &[&str] = &[
        "publie",
        "publiee",
        "le",
        "la",
        "mis",
        "mise",
        "a",
        "jour",
        "modifie",
        "modifiee",
        "en",
        "ligne",
        "date",
        "du",
        "depuis",
        "updated",
        "published",
        "on",
        "at",
        "et",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "gmt",
        "utc",
        "cet",
        "cest",
        "heure",
        "heures",
        "h",
        "min",
        "minutes",
        "il",
        "y",
        "jours",
        "jour",
        "semaines",
        "mois",
        "an",
        "ans",
        "actualise",
        "actualisee",
        "hier",
        "aujourd'hui",
        "derniere",
        "mise",
        "edition",
        "par",
        "am",
        "pm",
        "er",
    ];
    let mut has_date = false;
    let words = folded
        .text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '|' | '(' | ')' | '•'))
        .map(|w| w.trim_matches(['.', '-', '–', '—', ':', '/']))
        .filter(|w| !w.is_empty());
    for word in words {
        if MONTHS.contains(&word) || is_numeric_date(word) {
            // A bare number is a day or a count; a year, a month or `28/12` dates it.
            let bare = word.chars().all(|c| c.is_ascii_digit());
            has_date |=
                !bare || (word.len() == 4 && (word.starts_with("19") || word.starts_with("20")));
        } else if !LABEL_WORDS.contains(&word) {
            return false;
        }
    }
    has_date
}

/// `2024`, `28`, `28/12/2024`, `2024-12-28`, `12.05.2024`, `14h05`, `10:34`, `1er`.
fn is_numeric_date(word: &str) -> bool {
    let digits = word.chars().filter(char::is_ascii_digit).count();
    digits > 0
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '/' | '-' | '.' | ':' | 'h'))
        && !word.starts_with('h')
        || word == "1er"
}

/// Counters: `Commentaires (34)`, `34 réactions`, `1 234 vues`, `(12)`, `3 min de
/// lecture`, `Temps de lecture : 4 min`.
fn is_counter(_raw: &str, folded: &Folded, words: usize) -> bool {
    if words > 8 || !folded.complete {
        return false;
    }
    const COUNTED: &[&str] = &[
        "commentaire",
        "commentaires",
        "reaction",
        "reactions",
        "vue",
        "vues",
        "partage",
        "partages",
        "like",
        "likes",
        "j'aime",
        "vote",
        "votes",
        "avis",
        "lecture",
        "lectures",
        "lecteurs",
        "min",
        "minute",
        "minutes",
        "temps",
        "de",
        "comments",
        "comment",
        "shares",
        "views",
        "read",
    ];
    let mut has_number = false;
    for word in folded_words(&folded.text) {
        if word
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        {
            has_number = true;
        } else if !COUNTED.contains(&word) {
            return false;
        }
    }
    // A number alone is a counter too (likes, shares, comments next to their icons).
    has_number
}

/// Share bars: `Partager :`, `Partager sur Facebook Twitter LinkedIn`, `Imprimer
/// Envoyer par e-mail`, `Copier le lien`.
fn is_share_bar(_raw: &str, folded: &Folded, words: usize) -> bool {
    if words > 14 {
        return false;
    }
    const STRONG: &[&str] = &[
        "partager",
        "partagez",
        "partage",
        "facebook",
        "twitter",
        "linkedin",
        "whatsapp",
        "imprimer",
        "telegram",
        "pinterest",
        "reddit",
        "tweeter",
        "tweet",
        "messenger",
        "copier",
        "e-mail",
        "email",
        "mail",
        "envoyer",
        "bluesky",
        "threads",
        "mastodon",
        "flipboard",
        "share",
    ];
    const WEAK: &[&str] = &[
        "sur",
        "le",
        "la",
        "les",
        "cet",
        "cette",
        "article",
        "lien",
        "par",
        "x",
        "un",
        "a",
        "ami",
        "et",
        "ou",
        "page",
        "l'article",
        "copie",
        "via",
        "this",
        "on",
        "link",
    ];
    let mut strong = false;
    for word in folded_words(&folded.text) {
        if STRONG.contains(&word) {
            strong = true;
        } else if !WEAK.contains(&word) {
            return false;
        }
    }
    strong
}

/// Calls to action, paywalls and comment forms, recognised by how they start:
/// `Abonnez-vous`, `Déjà abonné ? Connectez-vous`, `Il vous reste 70 % de l'article à
/// lire`, `Votre adresse e-mail ne sera pas publiée`.
fn is_call_to_action(_raw: &str, folded: &Folded, _words: usize) -> bool {
    const STARTS: &[&str] = &[
        "abonnez-vous",
        "abonnez vous",
        "abonnement",
        "s'abonner",
        "je m'abonne",
        "deja abonne",
        "deja inscrit",
        "inscrivez-vous",
        "connectez-vous",
        "se connecter",
        "creez un compte",
        "creer un compte",
        "suivez-nous",
        "rejoignez-nous",
        "soutenez-nous",
        "telechargez l'application",
        "telechargez notre application",
        "telecharger l'application",
        "cliquez ici",
        "cliquez pour",
        "cliquez sur",
        "vous devez etre abonne",
        "vous devez etre connecte",
        "vous devez etre inscrit",
        "recevez notre newsletter",
        "recevez nos newsletters",
        "inscription a la newsletter",
        "newsletter",
        "votre adresse e-mail",
        "votre adresse email",
        "votre adresse mail",
        "votre adresse de messagerie",
        "les champs obligatoires",
        "les champs requis",
        "il vous reste",
        "cet article est reserve",
        "article reserve",
        "reserve aux abonnes",
        "contenu reserve",
        "vous devez beneficier",
        "l'espace des commentaires",
        "connectez-vous ou creez",
        "quelle est votre reaction",
        "la suite apres cette publicite",
        "la suite apres la publicite",
        "contenu sponsorise",
        "contenus sponsorises",
        "contenu partenaire",
        "ecouter cet article",
        "ecouter l'article",
        "cet article vous a plu",
        "vous avez aime cet article",
        "participer a la discussion",
        "participez a la discussion",
        "rejoindre la discussion",
        "laisser un commentaire",
        "laissez un commentaire",
        "ajouter un commentaire",
        "poster un commentaire",
        "ecrire un commentaire",
        "afficher les commentaires",
        "voir les commentaires",
        "reagir a cet article",
        "reagissez",
        "signaler un abus",
        "signaler une erreur",
        "retour en haut",
        "haut de page",
        "mots-cles",
        "mots cles",
        "tags :",
        "tags:",
        "themes :",
        "sujets :",
        "aller au contenu",
        "passer au contenu",
        "aller a l'accueil",
        "telecharger le fichier",
        "accepter les cookies",
        "regarder la video",
        "voir la video",
        "ecouter le podcast",
        "ecouter l'emission",
        "annuler la reponse",
        "activez les notifications",
        "activer les notifications",
        "cet article vous a-t-il ete utile",
        "cet article vous a t il ete utile",
        "cet article contient des liens affilies",
        "cet article contient des liens d'affiliation",
        "gerer les cookies",
        "parametrer les cookies",
        "nous utilisons des cookies",
    ];
    let text = folded.text.as_str();
    STARTS
        .iter()
        .any(|s| starts_with_word(text, s) || (s.ends_with(':') && text.starts_with(s)))
}

/// Menus and section labels: a short line made only of page-furniture words
/// (`Nouveaux articles`, `Dernières actualités`, `Les plus lus`, `Sommaire`), or a run
/// of short items between separators (`Accueil | Monde | Europe`).
fn is_menu(raw: &str, folded: &Folded, words: usize) -> bool {
    if is_separated_items(raw) {
        return true;
    }
    // A section's slogan: `Culture – Musique : toute l'actualité des festivals`.
    if words <= 12
        && [
            "toute l'actualite",
            "toute l'actu ",
            "toutes les infos",
            "toute l'info",
            "retrouvez tous nos articles",
            "tous nos articles sur",
        ]
        .iter()
        .any(|s| folded.text.contains(s))
    {
        return true;
    }
    if words > 6
        || matches!(
            last_significant(raw),
            Some('.' | '!' | '?' | '…' | ',' | ';')
        )
    {
        return false;
    }
    const FURNITURE: &[&str] = &[
        "accueil",
        "menu",
        "sommaire",
        "rubriques",
        "rubrique",
        "rechercher",
        "recherche",
        "nouveaux",
        "nouvelles",
        "derniers",
        "dernieres",
        "dernier",
        "derniere",
        "articles",
        "article",
        "actualites",
        "actualite",
        "actu",
        "actus",
        "infos",
        "info",
        "plus",
        "lus",
        "lues",
        "populaires",
        "populaire",
        "recents",
        "recentes",
        "une",
        "newsletter",
        "newsletters",
        "videos",
        "video",
        "podcasts",
        "podcast",
        "photos",
        "diaporama",
        "direct",
        "continu",
        "commentaires",
        "commenter",
        "repondre",
        "signaler",
        "reagir",
        "connexion",
        "inscription",
        "s'inscrire",
        "s'abonner",
        "abonnes",
        "abonne",
        "offres",
        "offre",
        "tags",
        "themes",
        "sujets",
        "associes",
        "lies",
        "similaires",
        "recommandes",
        "recommande",
        "suggestions",
        "tendances",
        "fil",
        "flash",
        "breves",
        "partenaires",
        "sponsorise",
        "publicite",
        "pub",
        "annonce",
        "contact",
        "contacts",
        "mentions",
        "legales",
        "confidentialite",
        "cgu",
        "cookies",
        "aide",
        "faq",
        "archives",
        "edition",
        "editions",
        "journal",
        "magazine",
        "kiosque",
        "epaper",
        "voir",
        "tout",
        "tous",
        "toutes",
        "suivant",
        "precedent",
        "suivante",
        "precedente",
        "page",
        "haut",
        "retour",
        "fermer",
        "ouvrir",
        "afficher",
        "masquer",
        "mon",
        "compte",
        "espace",
        "selection",
        "dossiers",
        "dossier",
        "chroniques",
        "opinions",
        "lire",
        "aussi",
    ];
    let mut furniture = 0;
    for word in folded_words(&folded.text) {
        if FURNITURE.contains(&word) {
            furniture += 1;
        } else if !crate::analysis::is_stop_word(word) && word != "a" {
            return false;
        }
    }
    furniture > 0
}

/// `Accueil | Monde | Europe`, `Politique • Économie • Culture`: three or more items of
/// at most three words between separators.
fn is_separated_items(raw: &str) -> bool {
    let items: Vec<&str> = raw
        .split(['|', '•', '·', '/'])
        .map(trim_blank)
        .filter(|s| !s.is_empty())
        .collect();
    items.len() >= 3
        && raw
            .chars()
            .filter(|c| matches!(c, '|' | '•' | '·' | '/'))
            .count()
            >= 2
        && items.iter().all(|item| {
            item.split_whitespace().count() <= 3
                && !matches!(last_significant(item), Some('.' | '!' | '?'))
        })
        && !raw.contains("://")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(line: &str) -> Option<Reason> {
        leftover_kind(line)
    }

    #[test]
    fn teasers_even_glued() {
        for line in [
            "Lire aussiRussie : la mobilisation continue",
            "> À lire aussi : la chronologie",
            "» Lire aussi",
            "Voir aussi",
            "LIRE LA SUITE",
            "En savoir plus",
        ] {
            assert!(kind(line).is_some(), "{line}");
        }
        assert_eq!(kind("Lire aussiette"), None);
        assert_eq!(kind("Voir aussitôt la suite des événements."), None);
    }

    #[test]
    fn credits_bylines_dates() {
        for (line, reason) in [
            ("Photo : YONHAP News", Reason::Credit),
            ("date 2025-05 Photo : YONHAP News", Reason::Credit),
            ("Crédit photo : Jean Pierre / AFP", Reason::Credit),
            ("© 2024 La Gazette. Tous droits réservés.", Reason::Credit),
            ("(AFP)", Reason::Credit),
            ("par Jean Dupont", Reason::Byline),
            (
                "Par Marie Curie et Paul Langevin, envoyés spéciaux à Kiev",
                Reason::Byline,
            ),
            ("Propos recueillis par Anne Martin", Reason::Byline),
            ("28/12/2024", Reason::Date),
            ("Publié le 8 octobre 2024 à 14h05", Reason::Date),
            ("Mis à jour le 12.05.2024 - 10:34", Reason::Date),
            ("Mercredi 4 décembre 2024", Reason::Date),
            ("18:16", Reason::Date),
            ("Commentaires (34)", Reason::Counter),
            ("1 234 vues", Reason::Counter),
            ("• 307", Reason::Counter),
            (
                "Une rue de Nevers, le 2 avril 2024. (MAXPPP)",
                Reason::Credit,
            ),
            ("Article paru dans Le Journal du 12/04/24", Reason::Byline),
            ("3 min de lecture", Reason::Counter),
            ("Partager :", Reason::Share),
            ("Partager sur Facebook", Reason::Share),
            ("Abonnez-vous", Reason::CallToAction),
            (
                "Votre adresse e-mail ne sera pas publiée.",
                Reason::CallToAction,
            ),
            ("Nouveaux articles", Reason::Menu),
            ("Dernières actualités", Reason::Menu),
            ("Accueil | Monde | Europe", Reason::Menu),
            (
                "Par Lucie Martin | Publié le 16/04/2024 à 17h20 | Mis à jour le 17/04/2024 à 09h05",
                Reason::Byline,
            ),
            (
                "Publié le 3 mai 2024 par Hugo, dans Cuisine · 12 commentaires",
                Reason::Byline,
            ),
            (
                "Nous et nos partenaires utilisons des cookies. Personnaliser | Tout accepter",
                Reason::CallToAction,
            ),
            (
                "Vous avez refusé les cookies : acceptez-les ou abonnez-vous pour lire la suite.",
                Reason::CallToAction,
            ),
            (
                "Et chez vous, ça se passe comment ? Dites-le en commentaire !",
                Reason::CallToAction,
            ),
            (
                "Activez les notifications pour ne rien manquer",
                Reason::CallToAction,
            ),
            (
                "Articles similaires : Le potager en hiver · Semer ses tomates",
                Reason::Teaser,
            ),
        ] {
            assert_eq!(kind(line), Some(reason), "{line}");
        }
        // Prose about the same things stays.
        for line in [
            "Publié le mois dernier, le rapport de la Cour des comptes chiffre à 3 milliards la dépense.",
            "La CNIL a infligé une amende de 150 millions d'euros à Google pour ses cookies.",
            "Les lecteurs ont laissé plus de 300 commentaires sous la vidéo du maire.",
        ] {
            assert_eq!(kind(line), None, "{line}");
        }
    }

    #[test]
    fn lists_of_links_after_their_header() {
        assert!(is_list_header("À lire aussi"));
        assert!(is_list_header("Les plus lus :"));
        assert!(is_list_header("> Sur le même sujet"));
        assert!(!is_list_header("À lire aussi : la chronologie du conflit"));
        assert!(is_list_item(
            "Retraites : ce que change la réforme pour votre pension"
        ));
        assert!(is_list_item("Pourquoi le prix du beurre s'envole ?"));
        assert!(!is_list_item(
            "Le tribunal a rendu sa décision mardi, après trois semaines d'audience."
        ));
    }

    #[test]
    fn content_is_not_a_leftover() {
        for line in [
            "Par ailleurs, Moscou dément.",
            "Par la voie diplomatique, Pyongyang a fait savoir son offre.",
            "Escalade majeure",
            "Kim Yo-Jong",
            "2024, année charnière",
            "Le 8 octobre 2024, le ministre a déclaré que la Corée du Nord enverrait des troupes.",
            "Partager le fardeau de la guerre",
            "Les photos satellites montrent des camps près de Vladivostok.",
            "Troupes nord-coréennes",
            "Alimentation et énergie",
            "La Russie n’a “plus d’alliés”",
            "Abonnements téléphoniques : la Russie coupe les lignes ukrainiennes à Koursk, selon Kiev.",
            "( POOL / VLADIMIR SMIRNOV )",
            "Le plus lu des journaux russes, la Pravda, a publié le texte.",
        ] {
            assert_eq!(kind(line), None, "{line}");
        }
    }

    #[test]
    fn folded_prefix_keeps_the_raw_rest() {
        assert_eq!(
            after_folded_prefix("À LIRE  AUSSIRussie", "a lire aussi"),
            Some("Russie")
        );
        assert_eq!(after_folded_prefix("Lire", "lire aussi"), None);
    }
}
