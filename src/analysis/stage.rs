//! The one adapter turning a per-token [`TokenStage`] into a tantivy token filter.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// One analysis stage, applied to each token in turn. The stage keeps its reusable
/// buffers (or cache) as fields; the adapter lends it `&mut` for the whole stream, as
/// tantivy's `LowerCaser` lends its buffer. Implementing this and calling
/// [`token_filter!`] makes the type a `TokenFilter`.
pub trait TokenStage: Clone + Send + Sync + 'static {
    /// Called when a new text starts, to forget the previous one.
    fn reset(&mut self) {}

    /// Edits `token`, found in `text`; false drops it (its position stays unused).
    fn apply(&mut self, text: &str, token: &mut Token) -> bool;

    /// Called before taking the next token: true emits `token` once more (position and
    /// offsets kept) after editing it, for a stage that adds tokens.
    fn repeat(&mut self, _token: &mut Token) -> bool {
        false
    }
}

/// The stage wrapped around the tokenizer it follows.
#[derive(Clone)]
pub struct StageFilter<T, S> {
    tokenizer: T,
    stage: S,
}

impl<T, S> StageFilter<T, S> {
    pub fn new(tokenizer: T, stage: S) -> Self {
        StageFilter { tokenizer, stage }
    }
}

impl<T: Tokenizer, S: TokenStage> Tokenizer for StageFilter<T, S> {
    type TokenStream<'a> = StageStream<'a, T::TokenStream<'a>, S>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.stage.reset();
        StageStream {
            text,
            tail: self.tokenizer.token_stream(text),
            stage: &mut self.stage,
        }
    }
}

pub struct StageStream<'a, T, S> {
    text: &'a str,
    tail: T,
    stage: &'a mut S,
}

impl<T: TokenStream, S: TokenStage> TokenStream for StageStream<'_, T, S> {
    fn advance(&mut self) -> bool {
        if self.stage.repeat(self.tail.token_mut()) {
            return true;
        }
        while self.tail.advance() {
            if self.stage.apply(self.text, self.tail.token_mut()) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Implements `TokenFilter` for a [`TokenStage`], so the chain reads `.filter(Stage)`.
macro_rules! token_filter {
    ($stage:ty) => {
        impl tantivy::tokenizer::TokenFilter for $stage {
            type Tokenizer<T: tantivy::tokenizer::Tokenizer> =
                $crate::analysis::stage::StageFilter<T, $stage>;

            fn transform<T: tantivy::tokenizer::Tokenizer>(
                self,
                tokenizer: T,
            ) -> Self::Tokenizer<T> {
                $crate::analysis::stage::StageFilter::new(tokenizer, self)
            }
        }
    };
}
pub(crate) use token_filter;
