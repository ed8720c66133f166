//! Natural questions: `combien de soldats ont été tués`, `pourquoi subissent-ils de si
//! lourdes pertes`, `qui est Korotchenko ?`. The question words say what kind of answer is
//! wanted, not what the answer contains: they must never be required words.

/// Interrogatives (lowercase). `que`/`qui`/`quel…` are stop words already; they are listed
/// so that they mark the query as a question.
const INTERROGATIVES: &[&str] = &[
    "combien",
    "pourquoi",
    "comment",
    "quand",
    "où",
    "ou",
    "qui",
    "que",
    "quoi",
    "quel",
    "quelle",
    "quels",
    "quelles",
    "lequel",
    "laquelle",
    "lesquels",
    "lesquelles",
];

/// Whether `word` (lowercase) is an interrogative (`comment`, `pourquoi`…).
pub(super) fn is_interrogative(word: &str) -> bool {
    INTERROGATIVES.contains(&word)
}

/// Words that only carry the question's grammar (`est-ce que`, `qu'est-ce qui`, `y a-t-il`,
/// `qui est …`), dropped in a question.
const QUESTION_GRAMMAR: &[&str] = &[
    "est-ce",
    "qu'est-ce",
    "qu’est-ce",
    "est",
    "a",
    "y",
    "été",
    "fait",
];

/// Subject pronouns of an inverted question (`subissent-ils`, `a-t-il`).
const INVERTED_SUBJECTS: &[&str] = &[
    "il", "ils", "elle", "elles", "on", "je", "tu", "nous", "vous", "ce",
];

/// What becomes of one word of a question.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Word {
    Keep,
    Drop,
    /// The verb of an inverted form, without its subject.
    Replace(String),
}

fn bare(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’' && c != '-')
        .to_lowercase()
}

/// The verb of `verbe-t-il` / `verbe-ils`, when `word` is an inverted form.
fn inverted_verb(word: &str) -> Option<&str> {
    let (verb, subject) = word.rsplit_once('-')?;
    let subject = subject.trim_end_matches(|c: char| !c.is_alphanumeric());
    if !INVERTED_SUBJECTS.contains(&subject.to_lowercase().as_str()) {
        return None;
    }
    let verb = verb.strip_suffix("-t").unwrap_or(verb);
    (!verb.is_empty() && !verb.contains('-')).then_some(verb)
}

/// The interrogative (or `?`) when the query reads as a question: it begins with a question
/// word, ends with `?`, or holds an inverted form.
pub(super) fn interrogative(query: &str, words: &[&str]) -> Option<String> {
    let first = words.first().map(|w| bare(w))?;
    let first = first
        .strip_prefix("qu'")
        .or_else(|| first.strip_prefix("qu’"))
        .map_or(first.clone(), |_| "que".to_string());
    if INTERROGATIVES.contains(&first.as_str()) && words.len() > 1 {
        return Some(first);
    }
    if query.trim_end().ends_with('?') || words.iter().any(|w| inverted_verb(w).is_some()) {
        return Some(
            words
                .iter()
                .map(|w| bare(w))
                .find(|w| INTERROGATIVES.contains(&w.as_str()))
                .unwrap_or_else(|| "?".to_string()),
        );
    }
    None
}

/// What to do with one word of a question.
pub(super) fn rewrite(word: &str) -> Word {
    let w = bare(word);
    if w.is_empty()
        || INTERROGATIVES.contains(&w.as_str())
        || QUESTION_GRAMMAR.contains(&w.as_str())
        || w.starts_with("qu'")
        || w.starts_with("qu’")
    {
        return Word::Drop;
    }
    match inverted_verb(word) {
        // `a-t-il`, `est-il`, `y a-t-il`: only grammar.
        Some(verb) if QUESTION_GRAMMAR.contains(&verb.to_lowercase().as_str()) => Word::Drop,
        Some(verb) => Word::Replace(verb.to_string()),
        None => Word::Keep,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_are_recognised() {
        assert_eq!(
            interrogative("combien de soldats", &["combien", "de", "soldats"]).as_deref(),
            Some("combien")
        );
        assert_eq!(
            interrogative("qui est Korotchenko ?", &["qui", "est", "Korotchenko", "?"]).as_deref(),
            Some("qui")
        );
        assert_eq!(
            interrogative("Koursk ?", &["Koursk", "?"]).as_deref(),
            Some("?")
        );
        assert!(interrogative("soldats subissent-ils", &["soldats", "subissent-ils"]).is_some());
        // A lone word, or words without a question's marks, are no question.
        assert_eq!(interrogative("comment", &["comment"]), None);
        assert_eq!(
            interrogative("troupes du génie", &["troupes", "du", "génie"]),
            None
        );
        assert_eq!(interrogative("nord-coréens", &["nord-coréens"]), None);
    }

    #[test]
    fn question_words_go_and_inverted_verbs_lose_their_subject() {
        assert_eq!(rewrite("Combien"), Word::Drop);
        assert_eq!(rewrite("qu'est-ce"), Word::Drop);
        assert_eq!(rewrite("a-t-il"), Word::Drop);
        assert_eq!(rewrite("?"), Word::Drop);
        assert_eq!(rewrite("subissent-ils"), Word::Replace("subissent".into()));
        assert_eq!(rewrite("envoie-t-elle"), Word::Replace("envoie".into()));
        assert_eq!(rewrite("nord-coréens"), Word::Keep);
        assert_eq!(rewrite("soldats"), Word::Keep);
    }
}
