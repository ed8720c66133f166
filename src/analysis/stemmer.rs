//! Stage 7 (`fr` chain only): Snowball French stemming (rust-stemmers).

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Token filter: Snowball French stem of lowercase, NFC, accented text (the form the
/// algorithm is written for: it reads `é`, `è`, `ï`... to find suffixes). Tokens starting
/// with a digit (`41500`, `1,8`, `1er`) are left alone.
#[derive(Clone, Default)]
pub struct FrenchStemmer;

impl TokenFilter for FrenchStemmer {
    type Tokenizer<T: Tokenizer> = FrenchStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> FrenchStemmerFilter<T> {
        FrenchStemmerFilter { tokenizer }
    }
}

#[derive(Clone)]
pub struct FrenchStemmerFilter<T> {
    tokenizer: T,
}

impl<T: Tokenizer> Tokenizer for FrenchStemmerFilter<T> {
    type TokenStream<'a> = FrenchStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        FrenchStemmerStream {
            tail: self.tokenizer.token_stream(text),
            stemmer: Stemmer::create(Algorithm::French),
        }
    }
}

pub struct FrenchStemmerStream<T> {
    tail: T,
    stemmer: Stemmer,
}

impl<T: TokenStream> TokenStream for FrenchStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if token
            .text
            .as_bytes()
            .first()
            .is_some_and(u8::is_ascii_digit)
        {
            return true;
        }
        // Borrowed means unchanged; only a changed word costs the stemmer's allocation.
        if let Cow::Owned(stem) = self.stemmer.stem(&token.text) {
            token.text = stem;
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::test_util::texts;
    use tantivy::tokenizer::{SimpleTokenizer, TextAnalyzer};

    fn stems(text: &str) -> Vec<String> {
        let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(FrenchStemmer)
            .build();
        texts(&mut analyzer, text)
    }

    #[test]
    fn stems_accented_forms() {
        assert_eq!(
            stems("armée armées armes sécurité securite génie gens troupes"),
            [
                "armé", "armé", "arme", "sécur", "securit", "gen", "gen", "troup"
            ]
        );
    }

    #[test]
    fn leaves_numbers() {
        assert_eq!(stems("41500 1er 2024"), ["41500", "1er", "2024"]);
    }
}
