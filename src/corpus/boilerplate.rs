//! Leftovers of the web page an article was copied from: links to other articles,
//! cookie banners, comment widgets, social prompts, teasers. They are not content, so
//! the lines are dropped. Every rule lives in [`RULES`], with an example line that the
//! tests check it against.
//!
//! Matching is done on the folded line (see [`fold`]): case-, accent-, apostrophe- and
//! no-break-space-insensitive. Prefix rules match whole words only (`par` does not
//! match `parfois`).

use super::text::{Folded, fold, trim_blank};

#[derive(Debug, Clone, Copy)]
pub(crate) enum Pattern {
    /// The whole folded line equals this.
    Line(&'static str),
    /// The folded line starts with these words.
    Prefix(&'static str),
    /// A count then this word, singular or plural: `12 commentaires`.
    Count(&'static str),
    /// The raw line starts with this exact, case-sensitive word. For teaser markers whose
    /// lowercase form is an ordinary word (`NEXT` vs the plan “Next Generation EU”).
    Marker(&'static str),
}

#[derive(Debug)]
// `name` and `example` document the rule; only the tests read them.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) struct Rule {
    pub(crate) name: &'static str,
    pub(crate) pattern: Pattern,
    /// A real line this rule must drop (checked by the tests).
    pub(crate) example: &'static str,
}

use Pattern::{Count, Line, Marker, Prefix};

pub(crate) const RULES: &[Rule] = &[
    // Links to other articles.
    Rule {
        name: "lire aussi",
        pattern: Prefix("lire aussi"),
        example: "Lire aussi : L’équipe juridique de Donald Trump se coordonne",
    },
    Rule {
        name: "a lire aussi",
        pattern: Prefix("a lire aussi"),
        example: "À LIRE AUSSI : Mikhaïlo Gonchar : « Poutine applique le scénario »",
    },
    Rule {
        name: "lire egalement",
        pattern: Prefix("lire egalement"),
        example: "Lire également : la chronologie du conflit",
    },
    Rule {
        name: "a lire egalement",
        pattern: Prefix("a lire egalement"),
        example: "A lire également - Le point sur la situation",
    },
    Rule {
        name: "sur le meme sujet",
        pattern: Line("sur le meme sujet"),
        example: "Sur le même sujet",
    },
    Rule {
        name: "related articles",
        pattern: Line("related articles"),
        example: "Related Articles",
    },
    Rule {
        name: "articles similaires",
        pattern: Line("articles similaires"),
        example: "Articles similaires",
    },
    Rule {
        name: "next teaser",
        pattern: Marker("NEXT "),
        example: "NEXT Antilles menacées par l’ouragan Beryl : Actualités",
    },
    // Cookie banners.
    Rule {
        name: "cookies (en)",
        pattern: Prefix("this website uses cookies"),
        example: "This website uses cookies to improve your experience. Accept Read More",
    },
    Rule {
        name: "cookies (fr)",
        pattern: Prefix("ce site utilise des cookies"),
        example: "Ce site utilise des cookies pour améliorer votre expérience.",
    },
    // Comment widgets.
    Rule {
        name: "comment count",
        pattern: Count("commentaire"),
        example: "12 commentaires",
    },
    Rule {
        name: "members only",
        pattern: Prefix("vous devez etre membre"),
        example: "Vous devez être membre pour ajouter un commentaire.",
    },
    Rule {
        name: "already a member",
        pattern: Prefix("vous etes deja membre"),
        example: "Vous êtes déjà membre ? Connectez-vous",
    },
    Rule {
        name: "not yet a member",
        pattern: Prefix("pas encore membre"),
        example: "Pas encore membre ? Devenez membre gratuitement",
    },
    Rule {
        name: "report comment",
        pattern: Line("signaler le commentaire"),
        example: "Signaler le commentaire",
    },
    Rule {
        name: "close button",
        pattern: Line("fermer"),
        example: "Fermer",
    },
    Rule {
        name: "scroll to comments",
        pattern: Prefix("faites defiler jusqu'a notre section de commentaires"),
        example: "Faites défiler jusqu’à notre section de commentaires ci-dessous pour partager VOTRE point de vue sur cette histoire.",
    },
    // Error-report widget: the question and the acknowledgement under it.
    Rule {
        name: "report an error",
        pattern: Prefix("avez-vous trouve une erreur"),
        example: "Avez-vous trouvé une erreur ou une inexactitude ?",
    },
    Rule {
        name: "error acknowledgement",
        pattern: Prefix("nous etudierons vos commentaires"),
        example: "Nous étudierons vos commentaires dans les plus brefs délais.",
    },
    // Social prompts and page furniture.
    Rule {
        name: "google news",
        pattern: Prefix("for latest updates follow us on google news"),
        example: "For Latest Updates Follow us on Google\u{a0}News",
    },
    Rule {
        name: "share",
        pattern: Line("partager"),
        example: "Partager",
    },
    Rule {
        name: "advertisement",
        pattern: Line("publicite"),
        example: "PUBLICITÉ",
    },
    // A byline whose author name was lost.
    Rule {
        name: "lone byline",
        pattern: Line("par"),
        example: "par",
    },
];

/// The rule that marks `line` as a web leftover, if any.
pub(crate) fn matching_rule(line: &str) -> Option<&'static Rule> {
    let line = trim_blank(line);
    if line.is_empty() {
        return None;
    }
    let folded = fold(line);
    RULES
        .iter()
        .find(|rule| matches(rule.pattern, line, &folded))
}

/// Whether `line` is a web-page leftover rather than article content.
#[cfg(test)]
pub(crate) fn is_boilerplate(line: &str) -> bool {
    matching_rule(line).is_some()
}

fn matches(pattern: Pattern, raw: &str, folded: &Folded) -> bool {
    let text = folded.text.as_str();
    match pattern {
        Line(expected) => folded.complete && text == expected,
        Prefix(words) => text.strip_prefix(words).is_some_and(|rest| {
            // Whole words only; a folded line is lowercase ASCII-ish, so this is enough.
            rest.chars().next().is_none_or(|c| !c.is_alphanumeric())
        }),
        Count(word) => {
            folded.complete
                && text.split_once(' ').is_some_and(|(n, w)| {
                    !n.is_empty()
                        && n.chars().all(|c| c.is_ascii_digit())
                        && (w == word || w.strip_suffix('s') == Some(word))
                })
        }
        Marker(marker) => raw.starts_with(marker),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_drops_its_example() {
        for rule in RULES {
            let found = matching_rule(rule.example);
            assert_eq!(
                found.map(|r| r.name),
                Some(rule.name),
                "example of rule '{}' not matched by it",
                rule.name
            );
        }
    }

    #[test]
    fn rule_names_are_unique() {
        for (i, a) in RULES.iter().enumerate() {
            assert!(
                RULES[i + 1..].iter().all(|b| b.name != a.name),
                "{}",
                a.name
            );
        }
    }

    #[test]
    fn lire_aussi_variants() {
        for line in [
            "Lire aussi : x",
            "LIRE AUSSI: x",
            "A LIRE AUSSI : Rencontre entre Vladimir Poutine et Kim Jong-un",
            "À LIRE AUSSI : 2000-2024",
            "\u{a0}à lire aussi",
        ] {
            assert!(is_boilerplate(line), "{line}");
        }
        assert!(!is_boilerplate("Lire aussiette n'est pas un mot."));
    }

    #[test]
    fn tolerant_of_apostrophes_nbsp_and_case() {
        assert!(is_boilerplate(
            "FAITES DÉFILER JUSQU'A NOTRE SECTION DE COMMENTAIRES ci-dessous"
        ));
        assert!(is_boilerplate(
            "For Latest Updates Follow us on Google News"
        ));
        assert!(is_boilerplate(
            "for\u{202f}latest updates follow us on google\u{a0}news"
        ));
        assert!(is_boilerplate("Vous etes deja membre ? Connectez-vous"));
    }

    #[test]
    fn comment_count() {
        assert!(is_boilerplate("1 commentaire"));
        assert!(is_boilerplate("245 Commentaires"));
        assert!(!is_boilerplate("Quelques commentaires"));
        assert!(!is_boilerplate(
            "12 commentaires ont été supprimés par la rédaction."
        ));
    }

    #[test]
    fn whole_line_rules_do_not_match_content() {
        assert!(!is_boilerplate("Fermer la frontière serait une erreur."));
        assert!(!is_boilerplate("Par ailleurs, Moscou dément."));
        assert!(!is_boilerplate("parfois"));
        assert!(!is_boilerplate("Partager le fardeau de la guerre"));
    }

    #[test]
    fn next_marker_is_case_sensitive() {
        assert!(is_boilerplate("NEXT Antilles menacées"));
        assert!(!is_boilerplate(
            "Next Generation EU finance la reconstruction."
        ));
    }

    #[test]
    fn content_is_kept() {
        for line in [
            "Kim Yo-Jong",
            "Constructeurs",
            "Tous les membres de l’ONU, à l’exception de la Russie, estiment que…",
            "Les cookies tiers seront interdits en 2025, selon la Cnil.",
            "( POOL / VLADIMIR SMIRNOV )",
            "",
            "\u{a0}",
        ] {
            assert!(!is_boilerplate(line), "{line}");
        }
    }

    #[test]
    fn huge_line_is_cheap_and_kept() {
        let line = "Mot ".repeat(5_000_000);
        assert!(!is_boilerplate(&line));
    }
}
