//! Content or leftover: which lines of a page copy are the article, decided by signals
//! that hold on any site rather than by phrases of a few sites (the jusText family).
//!
//! - *form* ([`patterns`]): the rule table of `boilerplate.rs`, then credits, bylines,
//!   lone dates, counters, share bars, calls to action, menus and teasers (also glued:
//!   `Lire aussiRussie`);
//! - *shape* and *position* ([`shape`]): leftovers cluster before the first and after
//!   the last paragraph that reads as prose; there, a paragraph that does not read as
//!   prose (short, no sentence, few stop words) is a leftover;
//! - *repetition* ([`templates`]): a short line recurring in several articles of the
//!   folder or of one site is page template;
//! - *the user's rules* ([`user_rules`]): `boilerplate.txt`.
//!
//! Form, shape and position are applied while parsing, on lines; repetition and user
//! rules by [`Leftovers::strip`] on a parsed [`Article`], so they work whatever format
//! reader produced it.

mod patterns;
mod shape;
mod templates;
mod user_rules;

use std::fmt;
use std::io;
use std::path::Path;

pub(crate) use patterns::{is_list_header, is_list_item, leftover_kind};
pub(crate) use shape::Shape;
pub use templates::{FILE_NAME as TEMPLATES_FILE, MIN_ARTICLES, Templates};
pub use user_rules::{MAX_RULES_BYTES, UserRules, UserRulesError};

use super::Article;

/// Why a line is not part of any passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// A rule of the built-in table (`boilerplate.rs`), by name.
    Rule(&'static str),
    Teaser,
    Credit,
    Byline,
    Date,
    Counter,
    Share,
    CallToAction,
    Menu,
    /// Not prose, before the first paragraph of prose.
    BeforeContent,
    /// Not prose, after the last paragraph of prose.
    AfterContent,
    /// A line of the user's `boilerplate.txt` (1-based line of that file).
    User {
        line: u32,
    },
    /// Recurs in this many articles of the folder or site.
    Template {
        articles: u32,
    },
    /// The headline printed again at the top of the body.
    RepeatsTitle,
    /// The `Source : URL` line (kept as [`Article::source_url`]).
    SourceLine,
}

impl Reason {
    /// Whether the line was judged a leftover (as opposed to metadata read from it).
    pub fn is_leftover(&self) -> bool {
        !matches!(self, Reason::SourceLine | Reason::RepeatsTitle)
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Rule(name) => write!(f, "rule `{name}`"),
            Reason::Teaser => f.write_str("teaser for another article"),
            Reason::Credit => f.write_str("credit"),
            Reason::Byline => f.write_str("byline"),
            Reason::Date => f.write_str("date alone"),
            Reason::Counter => f.write_str("counter"),
            Reason::Share => f.write_str("share bar"),
            Reason::CallToAction => f.write_str("call to action"),
            Reason::Menu => f.write_str("menu"),
            Reason::BeforeContent => f.write_str("not prose, before the first paragraph"),
            Reason::AfterContent => f.write_str("not prose, after the last paragraph"),
            Reason::User { line } => write!(f, "boilerplate.txt line {line}"),
            Reason::Template { articles } => write!(f, "page template (in {articles} articles)"),
            Reason::RepeatsTitle => f.write_str("repeats the title"),
            Reason::SourceLine => f.write_str("source line"),
        }
    }
}

/// A line (or paragraph) of the file left out of the passages, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// 1-based line of the file where it starts.
    pub line: u32,
    pub text: String,
    pub reason: Reason,
}

/// The folder-wide signals: the user's rules and the repetition counts.
#[derive(Debug, Clone, Default)]
pub struct Leftovers {
    pub rules: UserRules,
    pub templates: Templates,
}

/// The user's rules file, looked for in the working directory, beside `synonyms.txt`.
pub const RULES_FILE: &str = "boilerplate.txt";

/// Another rules file for this process (`leftovers = …` in `fouille.toml`).
static RULES_PATH: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();

/// Reads the user's rules from `path` instead of `./boilerplate.txt` for the rest of the
/// process (set once, by the CLI, from `fouille.toml`); a later call changes nothing.
pub fn use_rules_file(path: std::path::PathBuf) {
    let _ = RULES_PATH.set(path);
}

impl Leftovers {
    /// What an index refresh works with: the user's rules (`./boilerplate.txt` when
    /// present, or the file [`use_rules_file`] named; a bad file is reported and ignored) and the repetition counts kept in
    /// `index_dir`. The message, if any, is a one-line warning for the user.
    pub fn for_index(index_dir: &Path) -> (Leftovers, Option<String>) {
        let (rules, warning) = Self::user_rules();
        let templates = Templates::load(index_dir);
        (Leftovers { rules, templates }, warning)
    }

    /// The user's rules, and a one-line warning when they cannot be used.
    fn user_rules() -> (UserRules, Option<String>) {
        let path = RULES_PATH
            .get()
            .map_or(Path::new(RULES_FILE), |p| p.as_path());
        let (rules, warning) = if path.exists() {
            match UserRules::load(path) {
                Ok(rules) => (rules, None),
                Err(e) => (UserRules::default(), Some(format!("{e}; rules ignored"))),
            }
        } else {
            (UserRules::default(), None)
        };
        (rules, warning)
    }

    /// Whether the user's rules differ from those the index in `index_dir` was built with,
    /// without loading the repetition counts (the freshness check of every search).
    pub fn rules_changed_since(index_dir: &Path) -> bool {
        let (rules, _) = Self::user_rules();
        rules.fingerprint != Templates::saved_rules_fingerprint(index_dir)
    }

    /// Whether the indexed articles were stripped with other user rules than these
    /// (every article must then be parsed again).
    pub fn rules_changed(&self) -> bool {
        self.rules.fingerprint != self.templates.rules_fingerprint
    }

    /// Saves the repetition counts, and which rules were applied, into `index_dir`.
    pub fn save(&mut self, index_dir: &Path) -> io::Result<()> {
        self.templates.rules_fingerprint = self.rules.fingerprint;
        self.templates.save(index_dir)
    }

    /// Drops the passages and headings of `article` that a user rule or the repetition
    /// counts mark as leftovers; passages are renumbered. Says what went.
    pub fn strip(&self, article: &mut Article) -> Vec<Dropped> {
        let mut dropped = Vec::new();
        if !self.rules.is_empty() {
            article.passages.retain_mut(|p| {
                if let Some(heading) = &p.heading
                    && let Some(line) = self.rules.matching_line(heading)
                {
                    dropped.push(Dropped {
                        line: p.line.saturating_sub(1),
                        text: heading.clone(),
                        reason: Reason::User { line },
                    });
                    p.heading = None;
                }
                match self.rules.matching_line(&p.text) {
                    Some(line) => {
                        dropped.push(Dropped {
                            line: p.line,
                            text: p.text.clone(),
                            reason: Reason::User { line },
                        });
                        false
                    }
                    None => true,
                }
            });
        }
        dropped.extend(self.templates.strip(article));
        for (p, no) in article.passages.iter_mut().zip(1..) {
            p.no = no;
        }
        dropped.sort_by_key(|d| d.line);
        dropped
    }
}
