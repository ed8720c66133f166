//! Indexing-time variants of the chains that analyse a text once for several fields.
//!
//! A passage's text goes to three fields (`body`, `body_exact`, `body_pairs`), and tantivy
//! analyses each field's value on its own: the words → normalize → elision → numbers prefix,
//! which the three chains share, ran three times per passage. And the title, stored and
//! indexed on every passage of its article, was analysed again for each of them.
//!
//! - [`SharedPrefix`] runs that prefix and keeps its tokens, per thread, for the last text:
//!   the next chain given the same text on the same thread replays them. tantivy indexes a
//!   document's fields in field order on one thread, so `body_exact` and `body_pairs`
//!   replay what `body` computed.
//! - [`Memo`] wraps a whole chain and replays its tokens when it is given the same text as
//!   the previous time (each field of each tantivy segment writer has its own copy, so the
//!   `title` field's copy sees the same title passage after passage). It records tokens
//!   only from the second time in a row it sees a text, so a field whose texts never
//!   repeat (the body) pays one comparison, not a copy of its tokens.
//!
//! Both replay exactly what the chain computes: the prefix and the chains are pure functions
//! of the text (caches inside the stages only save time). `tests/analysis.rs` checks the
//! indexing chains against [`crate::analysis::french_analyzer`] and the others.

use std::cell::RefCell;

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

use super::elision::Elision;
use super::normalize::Normalize;
use super::numbers::Numbers;
use super::stage::StageFilter;
use super::words::FrenchWords;

type Prefix = StageFilter<StageFilter<StageFilter<FrenchWords, Normalize>, Elision>, Numbers>;

fn prefix() -> Prefix {
    StageFilter::new(
        StageFilter::new(
            StageFilter::new(FrenchWords::default(), Normalize::default()),
            Elision,
        ),
        Numbers,
    )
}

/// Tokens kept for reuse: `tokens[1..=len]`; `tokens[0]` is the scratch token a stream
/// shows before its first token, and the slots after `len` keep their buffers.
#[derive(Clone)]
struct Tokens {
    tokens: Vec<Token>,
    len: usize,
}

impl Default for Tokens {
    fn default() -> Self {
        Tokens {
            tokens: vec![Token::default()],
            len: 0,
        }
    }
}

impl Tokens {
    fn clear(&mut self) {
        self.len = 0;
    }

    fn push(&mut self, token: &Token) {
        if let Some(slot) = self.tokens.get_mut(self.len + 1) {
            slot.offset_from = token.offset_from;
            slot.offset_to = token.offset_to;
            slot.position = token.position;
            slot.position_length = token.position_length;
            slot.text.clone_from(&token.text);
        } else {
            self.tokens.push(token.clone());
        }
        self.len += 1;
    }

    fn copy_from(&mut self, other: &Tokens) {
        self.clear();
        for t in other.as_slice() {
            self.push(t);
        }
    }

    fn as_slice(&self) -> &[Token] {
        &self.tokens[1..=self.len]
    }

    /// A stream over the tokens (which the stages after it may edit).
    fn replay(&mut self) -> Replay<'_> {
        self.tokens[0].reset();
        Replay {
            tokens: &mut self.tokens[..=self.len],
            current: 0,
        }
    }
}

/// The last text the prefix ran on in this thread, and its tokens.
#[derive(Default)]
struct Stash {
    text: String,
    tokens: Tokens,
}

thread_local! {
    static STASH: RefCell<Stash> = RefCell::new(Stash::default());
}

/// Tokenizer: words → normalize → elision → numbers, as the chains of
/// [`crate::analysis`] begin, sharing its tokens with the next chain of the same thread
/// given the same text.
#[derive(Clone)]
pub struct SharedPrefix {
    prefix: Prefix,
    tokens: Tokens,
}

impl Default for SharedPrefix {
    fn default() -> Self {
        SharedPrefix {
            prefix: prefix(),
            tokens: Tokens::default(),
        }
    }
}

impl Tokenizer for SharedPrefix {
    type TokenStream<'a> = Replay<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Replay<'a> {
        let tokens = &mut self.tokens;
        let hit = STASH.with_borrow(|stash| {
            let hit = stash.text == text;
            if hit {
                tokens.copy_from(&stash.tokens);
            }
            hit
        });
        if !hit {
            tokens.clear();
            let mut stream = self.prefix.token_stream(text);
            while stream.advance() {
                tokens.push(stream.token());
            }
            STASH.with_borrow_mut(|stash| {
                stash.text.clear();
                stash.text.push_str(text);
                stash.tokens.copy_from(tokens);
            });
        }
        tokens.replay()
    }
}

/// A stream over tokens computed beforehand: `tokens[1..]`, after the scratch `tokens[0]`.
pub struct Replay<'a> {
    tokens: &'a mut [Token],
    current: usize,
}

impl TokenStream for Replay<'_> {
    fn advance(&mut self) -> bool {
        if self.current + 1 < self.tokens.len() {
            self.current += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.current]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.current]
    }
}

/// A chain that replays its tokens when given the same text as the time before (see the
/// module documentation).
#[derive(Clone)]
pub struct Memo {
    inner: TextAnalyzer,
    /// The text of the previous call.
    last: String,
    /// Whether `tokens` are the chain's tokens for `last`.
    recorded: bool,
    tokens: Tokens,
    /// Handed out by the streams (the stages after a memo may edit tokens).
    out: Tokens,
}

impl Memo {
    pub fn new(inner: TextAnalyzer) -> Self {
        Memo {
            inner,
            last: String::new(),
            recorded: false,
            tokens: Tokens::default(),
            out: Tokens::default(),
        }
    }
}

/// A [`Memo`]'s stream: replayed tokens, or the chain's own stream.
pub enum MemoStream<'a> {
    Replay(Replay<'a>),
    Through(tantivy::tokenizer::BoxTokenStream<'a>),
}

impl Tokenizer for Memo {
    type TokenStream<'a> = MemoStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> MemoStream<'a> {
        if self.last != text {
            self.last.clear();
            self.last.push_str(text);
            self.recorded = false;
            return MemoStream::Through(self.inner.token_stream(text));
        }
        if !self.recorded {
            self.tokens.clear();
            let mut stream = self.inner.token_stream(text);
            while stream.advance() {
                self.tokens.push(stream.token());
            }
            self.recorded = true;
        }
        self.out.copy_from(&self.tokens);
        MemoStream::Replay(self.out.replay())
    }
}

impl TokenStream for MemoStream<'_> {
    fn advance(&mut self) -> bool {
        match self {
            MemoStream::Replay(s) => s.advance(),
            MemoStream::Through(s) => s.advance(),
        }
    }

    fn token(&self) -> &Token {
        match self {
            MemoStream::Replay(s) => s.token(),
            MemoStream::Through(s) => s.token(),
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        match self {
            MemoStream::Replay(s) => s.token_mut(),
            MemoStream::Through(s) => s.token_mut(),
        }
    }
}
