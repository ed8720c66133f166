//! Stage 3: strip elided articles and pronouns (`l'armée` → `armée`).

use tantivy::tokenizer::Token;

use super::normalize::is_apostrophe;
use super::stage::{TokenStage, token_filter};

/// The elided words, as Lucene's French analyzer lists them. `aujourd'hui`, `presqu'île`
/// and `prud'homme` are not elisions and stay whole.
fn is_elided(prefix: &str) -> bool {
    matches!(
        prefix,
        "l" | "d"
            | "j"
            | "m"
            | "n"
            | "s"
            | "t"
            | "c"
            | "qu"
            | "jusqu"
            | "lorsqu"
            | "puisqu"
            | "quoiqu"
    )
}

/// Token filter: removes an elided prefix plus `'` when something follows it. Expects
/// normalized text (apostrophes unified, lowercase). `offset_from` moves past the
/// apostrophe in the original text so a highlight covers `armée`, not `l’armée`.
#[derive(Clone, Default)]
pub struct Elision;

token_filter!(Elision);

/// Byte length of the elided prefix including `'`, if `word` starts with one.
fn elided_len(word: &str) -> Option<usize> {
    // Longest prefix is `quoiqu'`; ASCII, so a byte search is safe.
    let apostrophe = word.bytes().take(7).position(|b| b == b'\'')?;
    let rest = &word[apostrophe + 1..];
    (!rest.is_empty() && is_elided(&word[..apostrophe])).then_some(apostrophe + 1)
}

impl TokenStage for Elision {
    fn apply(&mut self, text: &str, token: &mut Token) -> bool {
        if let Some(len) = elided_len(&token.text) {
            token.text.drain(..len);
            // The original may spell the apostrophe differently (`’` is 3 bytes): find it
            // there. Without it (text not from this input) the offsets are left alone.
            let original = text.get(token.offset_from..token.offset_to);
            let apostrophe =
                original.and_then(|w| w.char_indices().find(|&(_, c)| is_apostrophe(c)));
            if let Some((i, c)) = apostrophe
                && token.offset_from + i + c.len_utf8() < token.offset_to
            {
                token.offset_from += i + c.len_utf8();
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::normalize::Normalize;
    use crate::analysis::test_util::tokens;
    use crate::analysis::words::FrenchWords;
    use tantivy::tokenizer::TextAnalyzer;

    fn elide(text: &str) -> Vec<(String, &str)> {
        let mut analyzer = TextAnalyzer::builder(FrenchWords::default())
            .filter(Normalize::default())
            .filter(Elision)
            .build();
        tokens(&mut analyzer, text)
            .into_iter()
            .map(|t| (t.text, &text[t.offset_from..t.offset_to]))
            .collect()
    }

    #[test]
    fn strips_elisions_and_moves_offset() {
        for text in ["l’armée", "l'armée", "L‘armée", "lʼarmée", "l＇armée"] {
            assert_eq!(elide(text), [("armée".to_string(), "armée")], "{text}");
        }
        assert_eq!(elide("Qu’il")[0].0, "il");
        assert_eq!(elide("jusqu'à")[0].0, "à");
        assert_eq!(
            elide("lorsqu’elle puisqu'on quoiqu'il d'abord s'est n'a")
                .into_iter()
                .map(|(t, _)| t)
                .collect::<Vec<_>>(),
            ["elle", "on", "il", "abord", "est", "a"]
        );
    }

    #[test]
    fn keeps_non_elisions() {
        for w in ["aujourd'hui", "presqu'île", "prud'hommes", "trump's"] {
            assert_eq!(elide(w)[0].0, w);
        }
        // Only one elision is removed: `d'aujourd'hui` → `aujourd'hui`.
        assert_eq!(
            elide("d’aujourd’hui"),
            [("aujourd'hui".to_string(), "aujourd’hui")]
        );
    }
}
