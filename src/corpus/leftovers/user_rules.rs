//! The user's own leftover lines, from a `boilerplate.txt` file (kept beside
//! `synonyms.txt`). One rule per line:
//!
//! ```text
//! # a comment; blank lines are ignored
//! Retrouvez toutes nos vidéos sur notre chaîne     (the whole line, exactly)
//! prefix: Cet article est paru dans                 (lines starting with these words)
//! re: ^Édition du \d+ \w+$                          (a regular expression)
//! ```
//!
//! Exact and `prefix:` rules ignore case, accents, apostrophe style and repeated
//! spaces; `prefix:` matches whole words. `re:` patterns (Rust `regex` syntax) are
//! matched against the trimmed line as written: add `(?i)` to ignore case.

use std::fmt;
use std::path::{Path, PathBuf};

use regex::Regex;

use crate::corpus::text::{fold, trim_blank};

/// A file of user rules is read only up to this size: it is a short hand-written list.
pub const MAX_RULES_BYTES: u64 = 1 << 20;

#[derive(Debug, Clone)]
enum Pattern {
    Line(String),
    Prefix(String),
    Regex(Regex),
}

#[derive(Debug, Clone)]
struct Rule {
    /// 1-based line of the rules file, shown in explanations.
    line: u32,
    pattern: Pattern,
}

/// Rules loaded from a `boilerplate.txt`.
#[derive(Debug, Clone, Default)]
pub struct UserRules {
    rules: Vec<Rule>,
    /// Hash of the rules text (0 for no rules): an index built with other rules is
    /// rebuilt.
    pub(crate) fingerprint: u64,
}

/// A rules file that cannot be used, with the line at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRulesError {
    pub path: PathBuf,
    /// 1-based line, or 0 when the file itself cannot be read.
    pub line: u32,
    pub reason: String,
}

impl fmt::Display for UserRulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(
                f,
                "cannot read leftover rules '{}': {}: fix or remove the file",
                self.path.display(),
                self.reason
            )
        } else {
            write!(
                f,
                "leftover rules '{}' line {}: {}: fix the line (see README, \"Leftovers\")",
                self.path.display(),
                self.line,
                self.reason
            )
        }
    }
}

impl std::error::Error for UserRulesError {}

impl UserRules {
    /// Parses rules text. `path` only names the file in errors.
    pub fn parse(text: &str, path: &Path) -> Result<UserRules, UserRulesError> {
        let mut rules = Vec::new();
        for (raw, no) in text.lines().zip(1u32..) {
            let line = trim_blank(raw);
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let error = |reason: String| UserRulesError {
                path: path.to_path_buf(),
                line: no,
                reason,
            };
            let pattern = if let Some(re) = line.strip_prefix("re:") {
                let re = trim_blank(re);
                if re.is_empty() {
                    return Err(error("empty `re:` pattern".into()));
                }
                let compiled = regex::RegexBuilder::new(re)
                    .size_limit(1 << 20)
                    .build()
                    .map_err(|e| {
                        let first = e.to_string();
                        let last = first.lines().last().unwrap_or("").trim().to_string();
                        error(format!("bad regular expression `{re}` ({last})"))
                    })?;
                Pattern::Regex(compiled)
            } else if let Some(prefix) = line.strip_prefix("prefix:") {
                let folded = fold(prefix).text;
                if folded.is_empty() {
                    return Err(error("empty `prefix:` rule".into()));
                }
                Pattern::Prefix(folded)
            } else {
                if let Some((head, _)) = line.split_once(':')
                    && !head.contains(' ')
                    && head.chars().all(|c| c.is_ascii_lowercase())
                    && head.len() <= 8
                {
                    return Err(error(format!(
                        "unknown rule kind `{head}:` (use `prefix:` or `re:`, or write the line \
                         alone for an exact match)"
                    )));
                }
                Pattern::Line(fold(line).text)
            };
            rules.push(Rule { line: no, pattern });
        }
        let fingerprint = if rules.is_empty() {
            0
        } else {
            xxhash_rust::xxh3::xxh3_64(text.as_bytes()).max(1)
        };
        Ok(UserRules { rules, fingerprint })
    }

    /// Reads and parses a rules file (regular files up to [`MAX_RULES_BYTES`]).
    pub fn load(path: &Path) -> Result<UserRules, UserRulesError> {
        let unreadable = |reason: String| UserRulesError {
            path: path.to_path_buf(),
            line: 0,
            reason,
        };
        let meta = std::fs::metadata(path).map_err(|e| unreadable(e.to_string()))?;
        if !meta.is_file() {
            return Err(unreadable("not a regular file".into()));
        }
        if meta.len() > MAX_RULES_BYTES {
            return Err(unreadable(format!(
                "larger than {} KiB",
                MAX_RULES_BYTES / 1024
            )));
        }
        let text = std::fs::read_to_string(path).map_err(|e| unreadable(e.to_string()))?;
        UserRules::parse(&text, path)
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The rules-file line of the first rule matching `line`, if any.
    pub(crate) fn matching_line(&self, line: &str) -> Option<u32> {
        if self.rules.is_empty() {
            return None;
        }
        let line = trim_blank(line);
        let folded = fold(line);
        self.rules
            .iter()
            .find(|rule| match &rule.pattern {
                Pattern::Line(expected) => folded.complete && folded.text == *expected,
                Pattern::Prefix(prefix) => folded
                    .text
                    .strip_prefix(prefix.as_str())
                    .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric())),
                Pattern::Regex(re) => re.is_match(line),
            })
            .map(|rule| rule.line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> UserRules {
        UserRules::parse(text, Path::new("boilerplate.txt")).expect("valid rules")
    }

    #[test]
    fn three_kinds_of_rules() {
        let r = rules(
            "# mes règles\n\nRetrouvez nos vidéos\nprefix: Cet article est paru\nre: ^Édition n°\\d+$\n",
        );
        assert_eq!(r.matching_line("RETROUVEZ  nos videos"), Some(3));
        assert_eq!(r.matching_line("Retrouvez nos vidéos ici"), None);
        assert_eq!(
            r.matching_line("Cet article est paru dans Le Journal"),
            Some(4)
        );
        assert_eq!(r.matching_line("Cet article est parut"), None);
        assert_eq!(r.matching_line("Édition n°42"), Some(5));
        assert_eq!(r.matching_line("édition n°42"), None);
    }

    #[test]
    fn bad_lines_are_named() {
        let err = UserRules::parse("ok\nre: (unclosed\n", Path::new("b.txt")).unwrap_err();
        assert_eq!(err.line, 2);
        let msg = err.to_string();
        assert!(
            msg.starts_with("leftover rules 'b.txt' line 2: bad regular expression"),
            "{msg}"
        );
        assert!(!msg.contains('\n'), "{msg}");

        let err = UserRules::parse("prefixe: x", Path::new("b.txt")).unwrap_err();
        assert!(
            err.reason.contains("unknown rule kind `prefixe:`"),
            "{}",
            err.reason
        );
        let err = UserRules::parse("prefix:   ", Path::new("b.txt")).unwrap_err();
        assert_eq!(err.line, 1);
    }

    #[test]
    fn a_line_with_a_colon_is_still_an_exact_rule() {
        let r = rules("Crédits : La Gazette du Nord");
        assert_eq!(r.matching_line("Crédits : La Gazette du Nord"), Some(1));
    }

    #[test]
    fn missing_or_odd_files_are_clear_errors() {
        let err = UserRules::load(Path::new("/nonexistent/boilerplate.txt")).unwrap_err();
        assert_eq!(err.line, 0);
        assert!(err.to_string().contains("/nonexistent/boilerplate.txt"));
        let err = UserRules::load(Path::new("/")).unwrap_err();
        assert!(err.to_string().contains("not a regular file"));
    }
}
