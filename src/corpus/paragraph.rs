//! From content lines to paragraphs: broken lines are joined back, and short heading
//! lines are attached to the paragraph they introduce.

use super::lines::Line;
use super::text::{first_significant, last_significant, trim_blank};

/// A paragraph of body text with its byte span in the source text. When lines were
/// joined, `text` has one space where the source has a line break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Paragraph {
    pub(crate) text: String,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// Collects content lines into paragraphs, joining a line to the previous one when it
/// continues its sentence. Lines dropped in between (boilerplate, source line) are
/// reported with [`Paragraphs::interrupt`]: joining across them would put the dropped
/// text inside the paragraph's span.
#[derive(Default)]
pub(crate) struct Paragraphs {
    done: Vec<Paragraph>,
    can_join: bool,
}

impl Paragraphs {
    pub(crate) fn push(&mut self, line: Line<'_>) {
        if self.can_join
            && let Some(last) = self.done.last_mut()
            && continues(&last.text, line.text)
        {
            last.text.push(' ');
            last.text.push_str(line.text);
            last.end = line.end;
        } else {
            self.done.push(Paragraph {
                text: line.text.to_string(),
                start: line.start,
                end: line.end,
            });
        }
        self.can_join = true;
    }

    pub(crate) fn interrupt(&mut self) {
        self.can_join = false;
    }

    pub(crate) fn finish(self) -> Vec<Paragraph> {
        self.done
    }
}

/// Whether `next` carries on the sentence `prev` left unfinished: it starts with a
/// comma, semicolon, closing parenthesis or lowercase letter, and `prev` does not end
/// a sentence. A colon does not end one here: a lowercase line after `a déclaré :` is
/// still the same sentence.
pub(crate) fn continues(prev: &str, next: &str) -> bool {
    let starts_inside = next
        .chars()
        .next()
        .is_some_and(|c| matches!(c, ',' | ';' | ')') || c.is_lowercase());
    starts_inside && !matches!(last_significant(prev), Some('.' | '!' | '?' | '…') | None)
}

/// A heading is at most this many characters and words.
pub(crate) const HEADING_MAX_CHARS: usize = 60;
pub(crate) const HEADING_MAX_WORDS: usize = 8;

/// Whether a paragraph looks like a section heading: short, not ending like a sentence
/// or clause (. ! ? : ; … ,), starting with a capital or digit (quotes skipped), and not
/// a parenthesised photo credit.
pub(crate) fn is_heading_like(text: &str) -> bool {
    if text.chars().take(HEADING_MAX_CHARS + 1).count() > HEADING_MAX_CHARS {
        return false;
    }
    if text.split_whitespace().count() > HEADING_MAX_WORDS {
        return false;
    }
    // A quotation as intertitle (`« trahison de la confiance »`) may start in lowercase.
    let quoted = heading_label(text).len() < trim_blank(text).len();
    let starts_like_heading = first_significant(text).is_some_and(|c| {
        (quoted || !c.is_lowercase()) && !matches!(c, '(' | '[' | ',' | ';' | '-' | '–')
    });
    let ends_like_sentence = match last_significant(text) {
        // A question of a few words is the usual intertitle of explainers
        // (`Que se passe-t-il ensuite ?`); `Vraiment ?` is a reply.
        Some('?') => text.split_whitespace().count() < 4,
        Some('.' | '!' | ':' | ';' | '…' | ',') | None => true,
        _ => false,
    };
    starts_like_heading && !ends_like_sentence
}

/// The heading text shown for a heading line: quotes wrapping the whole line are
/// removed (`"Escalade majeure"` → `Escalade majeure`).
pub(crate) fn heading_label(text: &str) -> &str {
    const PAIRS: [(char, char); 5] = [('"', '"'), ('«', '»'), ('“', '”'), ('‘', '’'), ('\'', '\'')];
    let text = trim_blank(text);
    for (open, close) in PAIRS {
        if let Some(inner) = text.strip_prefix(open).and_then(|t| t.strip_suffix(close)) {
            let inner = trim_blank(inner);
            if !inner.is_empty() && !inner.contains([open, close]) {
                return inner;
            }
        }
    }
    text
}

/// Separator used when several heading lines follow each other
/// (`Constructeurs` then `Alimentation et énergie`): both are kept, in order.
pub(crate) const HEADING_JOINER: &str = " — ";

/// At most this many heading lines in a row introduce one paragraph. A longer run of
/// short capitalised lines is a list (names, a table, a menu), not a heading: its lines
/// stay passages of their own.
pub(crate) const HEADING_MAX_CHAIN: usize = 3;

/// Attaches heading lines to the paragraph that follows them. A run of at most
/// [`HEADING_MAX_CHAIN`] heading-like paragraphs followed by another paragraph becomes
/// that paragraph's heading (joined with [`HEADING_JOINER`]); a longer run stays body
/// text. The last paragraph is always body text, since nothing follows it to introduce.
/// Linear in the number of paragraphs: each label is copied once.
pub(crate) fn attach_headings(paragraphs: Vec<Paragraph>) -> Vec<(Option<String>, Paragraph)> {
    let count = paragraphs.len();
    let mut out = Vec::with_capacity(count);
    let mut run: Vec<Paragraph> = Vec::new();
    for (i, paragraph) in paragraphs.into_iter().enumerate() {
        if i + 1 < count && is_heading_like(&paragraph.text) {
            run.push(paragraph);
            continue;
        }
        let heading = if run.len() <= HEADING_MAX_CHAIN {
            let labels: Vec<&str> = run.iter().map(|p| heading_label(&p.text)).collect();
            (!labels.is_empty()).then(|| labels.join(HEADING_JOINER))
        } else {
            out.extend(run.drain(..).map(|p| (None, p)));
            None
        };
        run.clear();
        out.push((heading, paragraph));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str) -> Paragraph {
        Paragraph {
            text: text.to_string(),
            start: 0,
            end: text.len(),
        }
    }

    #[test]
    fn continuation_rules() {
        assert!(continues(
            "interrogé par le journal de Kiev, RBK-Ukraine",
            ", Pour Moscou, la"
        ));
        assert!(continues("selon le porte-parole", "du Kremlin."));
        assert!(continues("il a déclaré :", "nous verrons."));
        assert!(continues("(selon l’agence", ") et la suite"));
        assert!(!continues("Fin de phrase.", "puis une autre"));
        assert!(!continues("Il a dit « non. »", "ensuite"));
        assert!(!continues("Sans point", "Majuscule"));
        assert!(!continues("Sans point", "« Citation"));
        assert!(!continues("Sans point", "2017 fut"));
    }

    #[test]
    fn joining_keeps_the_span_of_all_lines() {
        let text = "Mais selon un expert, RBK-Ukraine\n, Pour Moscou, rien.\nSuite.";
        let mut paragraphs = Paragraphs::default();
        for line in super::super::lines::lines(text) {
            paragraphs.push(line);
        }
        let got = paragraphs.finish();
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[0].text,
            "Mais selon un expert, RBK-Ukraine , Pour Moscou, rien."
        );
        assert_eq!(
            &text[got[0].start..got[0].end],
            "Mais selon un expert, RBK-Ukraine\n, Pour Moscou, rien."
        );
        assert_eq!(got[1].text, "Suite.");
    }

    #[test]
    fn interruption_prevents_joining() {
        let text = "Une phrase sans fin\nLire aussi\nla suite";
        let mut paragraphs = Paragraphs::default();
        let l: Vec<Line> = super::super::lines::lines(text).collect();
        paragraphs.push(l[0]);
        paragraphs.interrupt();
        paragraphs.push(l[2]);
        assert_eq!(paragraphs.finish().len(), 2);
    }

    #[test]
    fn heading_detection() {
        for h in [
            "Constructeurs",
            "Troupes nord-coréennes",
            "\"Escalade majeure\"",
            "Livraison d’armes et de missiles",
            "Militaire de la Corée du Nord",
            "Kim Yo-Jong",
            "Alimentation et énergie",
            "La Russie n’a “plus d’alliés”",
            "2024, année charnière",
            "« trahison de la confiance des électeurs »",
            "Que se passe-t-il ensuite ?",
        ] {
            assert!(is_heading_like(h), "{h}");
        }
        for p in [
            "Fin de phrase.",
            "Vraiment ?",
            "Et après ?",
            "Il a déclaré :",
            "Donbas.”",
            "Une liste,",
            "suite en minuscules",
            "( POOL / VLADIMIR SMIRNOV )",
            "Les forces nord-coréennes pourraient aider à la restauration des zones dévastées",
            "Un deux trois quatre cinq six sept huit neuf",
            "",
        ] {
            assert!(!is_heading_like(p), "{p}");
        }
    }

    #[test]
    fn heading_labels_lose_wrapping_quotes() {
        assert_eq!(heading_label("\"Escalade majeure\""), "Escalade majeure");
        assert_eq!(heading_label("« Escalade majeure »"), "Escalade majeure");
        assert_eq!(heading_label("“Escalade”"), "Escalade");
        assert_eq!(
            heading_label("La Russie n’a “plus d’alliés”"),
            "La Russie n’a “plus d’alliés”"
        );
        assert_eq!(heading_label("\"Un\" et \"deux\""), "\"Un\" et \"deux\"");
    }

    #[test]
    fn headings_attach_to_the_next_paragraph() {
        let got = attach_headings(vec![
            para("Intro."),
            para("Constructeurs"),
            para("Alimentation et énergie"),
            para("Corps."),
            para("Kim Yo-Jong"),
        ]);
        let got: Vec<(Option<&str>, &str)> = got
            .iter()
            .map(|(h, p)| (h.as_deref(), p.text.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (None, "Intro."),
                (Some("Constructeurs — Alimentation et énergie"), "Corps."),
                (None, "Kim Yo-Jong"),
            ]
        );
    }

    #[test]
    fn long_runs_of_heading_lines_stay_passages() {
        let mut input: Vec<Paragraph> = (0..5).map(|i| para(&format!("Nom {i}"))).collect();
        input.push(para("Corps."));
        let got = attach_headings(input);
        assert_eq!(got.len(), 6);
        assert!(got.iter().all(|(h, _)| h.is_none()));
        assert_eq!(got[0].1.text, "Nom 0");

        let got = attach_headings(vec![
            para("Un"),
            para("Deux"),
            para("Trois"),
            para("Corps."),
        ]);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0.as_deref(), Some("Un — Deux — Trois"));
    }
}
