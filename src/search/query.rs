//! The query language: plain words, `"exact phrases"`, `+required`, `-excluded` or
//! `NOT excluded`, `a OR b`, `prefix*`, `title:word` (also `title: word`, `title:"a phrase"`),
//! `site:example.fr` (a filter on the article's site, subdomains included; `-site:` excludes
//! one).
//! Parsing is total: malformed input (an unbalanced quote, a lone operator) is read as plain
//! words with a note, never an error, except for an unknown `field:`. Question words are
//! taken out of natural questions here (see [`super::questions`]).

use super::questions;

/// How a clause takes part in matching.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Occur {
    /// Helps ranking; passages with more of the query's words rank first.
    Should,
    /// `+word`: every hit has it.
    Must,
    /// `-word`: no hit has it.
    MustNot,
}

/// Which fields a clause searches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Passage body, heading and article title.
    All,
    /// `title:`: the article title only.
    Title,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Plain words, as typed (analysed later, so `100 000` stays one number).
    Words(String),
    /// A quoted phrase: its words next to each other, in order.
    Phrase(String),
    /// `a OR b OR …`: any of them.
    Any(Vec<Clause>),
    /// `nucl*`: words beginning with this (exact form, lowercase), never typo-corrected.
    Prefix(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    pub occur: Occur,
    pub scope: Scope,
    pub kind: Kind,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    pub clauses: Vec<Clause>,
    /// How malformed parts were read, for the user.
    pub notes: Vec<String>,
    /// The interrogative when the query reads as a question (`combien`, `qui`, `?` …).
    pub question: Option<String>,
    /// `site:` filters: hits come from any of these sites or their subdomains.
    pub sites: Vec<String>,
    /// `-site:` filters: no hit comes from these sites or their subdomains.
    pub excluded_sites: Vec<String>,
}

#[derive(thiserror::Error, Debug, PartialEq, Eq)]
pub enum QueryError {
    #[error("empty query: give one or more words to search for")]
    Empty,
    #[error("unknown field '{field}:' in query '{query}': use title:, site: or no field")]
    UnknownField { field: String, query: String },
    #[error(
        "'site:{site}' in query '{query}' is not a site: write a host name such as site:lemonde.fr"
    )]
    BadSite { site: String, query: String },
}

/// Quote pairs accepted around phrases.
const QUOTES: &[(char, char)] = &[('"', '"'), ('«', '»'), ('“', '”'), ('„', '“')];

/// One whitespace-separated piece of the query, before grouping.
#[derive(Clone, Debug)]
struct Item {
    occur: Occur,
    scope: Scope,
    phrase: bool,
    /// `word*`: `text` is the prefix.
    prefix: bool,
    text: String,
    /// Byte span in the query, to regroup consecutive plain words with their spacing.
    span: (usize, usize),
    /// `site:`: a filter, not words to match.
    site: bool,
    /// A filter was taken out just before: plain words do not run across it.
    after_filter: bool,
}

pub fn parse(query: &str) -> Result<ParsedQuery, QueryError> {
    let mut notes = Vec::new();
    let items = lex(query, &mut notes)?;
    let (mut items, sites, excluded_sites) = take_sites(items, query)?;
    if items.is_empty() && sites.is_empty() {
        return Err(QueryError::Empty);
    }
    apply_not(&mut items, &mut notes);
    let question = strip_question(query, &mut items);
    // Group `a OR b` chains, then merge runs of plain words.
    let mut clauses: Vec<Clause> = Vec::new();
    // A run of plain words: the query text from its first to its last word, with the words
    // taken out (question words) blanked, so positions and digit groups (`100 000`) stay.
    let mut plain_run: Option<String> = None;
    let flush = |run: &mut Option<String>, clauses: &mut Vec<Clause>| {
        if let Some(text) = run.take() {
            clauses.push(Clause {
                occur: Occur::Should,
                scope: Scope::All,
                kind: Kind::Words(text),
            });
        }
    };
    let mut i = 0;
    while i < items.len() {
        if items[i].after_filter {
            flush(&mut plain_run, &mut clauses);
        }
        let is_or = |k: usize| items.get(k).is_some_and(|it| it.text == "OR" && !it.phrase);
        if items[i].text == "OR" && !items[i].phrase {
            notes.push("'OR' needs a word on each side: read as plain words".into());
            i += 1;
            continue;
        }
        if is_or(i + 1) && i + 2 < items.len() && !is_or(i + 2) {
            flush(&mut plain_run, &mut clauses);
            let mut group = vec![to_clause(&items[i])];
            let mut j = i + 1;
            while is_or(j) && j + 1 < items.len() && !is_or(j + 1) {
                group.push(to_clause(&items[j + 1]));
                j += 2;
            }
            clauses.push(Clause {
                occur: Occur::Should,
                scope: Scope::All,
                kind: Kind::Any(group),
            });
            i = j;
            continue;
        }
        let it = &items[i];
        if it.occur == Occur::Should && it.scope == Scope::All && !it.phrase && !it.prefix {
            plain_run = Some(match plain_run {
                Some(mut run) => {
                    // What separated this word from the previous one, as typed (a
                    // dropped word in between becomes a space).
                    let gap = &query[items[i - 1].span.1.min(it.span.0)..it.span.0];
                    if gap.chars().all(char::is_whitespace) && !gap.is_empty() {
                        run.push_str(gap);
                    } else {
                        run.push(' ');
                    }
                    run.push_str(&it.text);
                    run
                }
                None => it.text.clone(),
            });
        } else {
            flush(&mut plain_run, &mut clauses);
            clauses.push(to_clause(it));
        }
        i += 1;
    }
    flush(&mut plain_run, &mut clauses);
    if clauses.is_empty() && sites.is_empty() {
        return Err(QueryError::Empty);
    }
    Ok(ParsedQuery {
        clauses,
        notes,
        question,
        sites,
        excluded_sites,
    })
}

/// Takes the `site:` items out of the query (with an `OR` between two of them: any
/// listed site matches anyway). Returns the other items, the sites and the excluded sites.
#[allow(clippy::type_complexity)]
fn take_sites(
    items: Vec<Item>,
    query: &str,
) -> Result<(Vec<Item>, Vec<String>, Vec<String>), QueryError> {
    let is_site = |k: usize| items.get(k).is_some_and(|it: &Item| it.site);
    let is_or = |it: &Item| it.text == "OR" && !it.phrase && !it.site;
    let mut drop = vec![false; items.len()];
    let (mut sites, mut excluded) = (Vec::new(), Vec::new());
    for (i, it) in items.iter().enumerate() {
        if it.site {
            let host = normalize_site(&it.text).ok_or_else(|| QueryError::BadSite {
                site: it.text.clone(),
                query: query.to_string(),
            })?;
            let list = if it.occur == Occur::MustNot {
                &mut excluded
            } else {
                &mut sites
            };
            if !list.contains(&host) {
                list.push(host);
            }
            drop[i] = true;
        } else if is_or(it) && i > 0 && (is_site(i - 1) || is_site(i + 1)) {
            drop[i] = true;
        }
    }
    let mut gap = false;
    let rest = items
        .into_iter()
        .zip(drop)
        .filter_map(|(mut it, dropped)| {
            if dropped {
                gap = true;
                return None;
            }
            it.after_filter = std::mem::take(&mut gap);
            Some(it)
        })
        .collect();
    Ok((rest, sites, excluded))
}

/// `site:` as users write it → the host suffix to match: lowercase, without scheme,
/// `www.`, port or path (`https://www.LeMonde.fr/international` → `lemonde.fr`). `None`
/// when it is not a host name.
pub fn normalize_site(text: &str) -> Option<String> {
    let text = text.trim().to_lowercase();
    let rest = text.split_once("://").map_or(text.as_str(), |(_, r)| r);
    let host = rest
        .split(['/', '?', '#', ':'])
        .next()?
        .trim_end_matches('.');
    let host = host.strip_prefix("www.").unwrap_or(host);
    let labels_ok = host.split('.').all(|l| {
        l.chars().any(char::is_alphanumeric) && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    });
    (!host.is_empty() && labels_ok).then(|| host.to_string())
}

/// `NOT word`: the word (or phrase) after it is excluded, like `-word`.
fn apply_not(items: &mut Vec<Item>, notes: &mut Vec<String>) {
    let mut i = 0;
    while i < items.len() {
        if items[i].text == "NOT" && !items[i].phrase && items[i].occur == Occur::Should {
            items.remove(i);
            match items.get_mut(i) {
                Some(next) if next.text != "NOT" && next.text != "OR" => {
                    next.occur = Occur::MustNot
                }
                _ => notes.push("'NOT' needs a word after it: write NOT word".into()),
            }
        }
        i += 1;
    }
}

/// In a natural question, the question words are no query words: drop them (and an
/// inverted subject, `subissent-ils` → `subissent`), keeping the rest. Returns the
/// interrogative when the query is a question.
fn strip_question(query: &str, items: &mut Vec<Item>) -> Option<String> {
    let plain = |it: &Item| it.occur == Occur::Should && !it.phrase && !it.prefix;
    let words: Vec<&str> = items
        .iter()
        .filter(|it| plain(it))
        .map(|it| it.text.as_str())
        .collect();
    let question = questions::interrogative(query, &words)?;
    let mut kept = Vec::with_capacity(items.len());
    for it in items.iter() {
        let mut it = it.clone();
        if plain(&it) {
            match questions::rewrite(&it.text) {
                questions::Word::Keep => {}
                questions::Word::Drop => continue,
                questions::Word::Replace(w) => {
                    it.span.1 = it.span.0 + w.len().min(it.text.len());
                    it.text = w;
                }
            }
        }
        kept.push(it);
    }
    // A question of nothing but question words (`comment ?`): keep it as typed.
    if kept.is_empty() {
        return None;
    }
    *items = kept;
    Some(question)
}

fn to_clause(it: &Item) -> Clause {
    Clause {
        occur: it.occur,
        scope: it.scope,
        kind: if it.phrase {
            Kind::Phrase(it.text.clone())
        } else if it.prefix {
            Kind::Prefix(it.text.clone())
        } else {
            Kind::Words(it.text.clone())
        },
    }
}

/// Letters a prefix needs before its `*` (fewer would expand to half the vocabulary).
const MIN_PREFIX_CHARS: usize = 2;

/// What a `field:` names.
#[derive(Clone, Copy)]
enum Field {
    /// Words searched in these fields.
    Scope(Scope),
    /// `site:`, a filter.
    Site,
}

/// The field a `field:` names, `None` for an unknown field.
fn field_of(field: &str) -> Option<Field> {
    match field.to_ascii_lowercase().as_str() {
        "title" | "titre" => Some(Field::Scope(Scope::Title)),
        "site" => Some(Field::Site),
        _ => None,
    }
}

fn lex(query: &str, notes: &mut Vec<String>) -> Result<Vec<Item>, QueryError> {
    let mut items = Vec::new();
    let bytes_len = query.len();
    let mut pos = 0;
    while pos < bytes_len {
        let rest = &query[pos..];
        let Some(c) = rest.chars().next() else { break };
        if c.is_whitespace() || c.is_control() {
            pos += c.len_utf8();
            continue;
        }
        let start = pos;
        // Operator prefix: only when something follows it directly.
        let mut occur = Occur::Should;
        let mut body_start = pos;
        if (c == '+' || c == '-') && rest[1..].chars().next().is_some_and(|n| !n.is_whitespace()) {
            occur = if c == '+' {
                Occur::Must
            } else {
                Occur::MustNot
            };
            body_start += 1;
        } else if c == '+' || c == '-' {
            // Nothing, or a space, after it: a lone operator.
            notes.push(format!("lone '{c}' ignored: write {c}word"));
            pos += 1;
            continue;
        }
        // Field prefix: ASCII letters then ':' then something.
        let mut scope = Scope::All;
        let mut site = false;
        let head = &query[body_start..];
        let field_len = head.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
        if field_len > 0 && head[field_len..].starts_with(':') {
            let field = &head[..field_len];
            let after = &head[field_len + 1..];
            let known = field_of(field);
            let spaced = after.len() - after.trim_start().len();
            // `scheme://…` is a URL, not a field; `title: word` is the field with a space,
            // while an unknown word before a spaced colon is plain text (`Note : …`).
            let chosen = if spaced > 0 && known.is_some() && !after.trim_start().is_empty() {
                body_start += field_len + 1 + spaced;
                known
            } else if spaced == 0 && !after.is_empty() && !after.starts_with("//") {
                body_start += field_len + 1;
                Some(known.ok_or_else(|| QueryError::UnknownField {
                    field: field.to_string(),
                    query: query.to_string(),
                })?)
            } else {
                None
            };
            match chosen {
                Some(Field::Scope(s)) => scope = s,
                Some(Field::Site) => site = true,
                None => {}
            }
        }
        let body = &query[body_start..];
        let first = body.chars().next().unwrap_or(' ');
        if let Some(&(_, close)) = QUOTES.iter().find(|(open, _)| *open == first) {
            let inner_start = body_start + first.len_utf8();
            match query[inner_start..].find(close) {
                Some(off) => {
                    let text = query[inner_start..inner_start + off].trim().to_string();
                    let end = inner_start + off + close.len_utf8();
                    if !text.is_empty() {
                        items.push(Item {
                            occur,
                            scope,
                            phrase: true,
                            prefix: false,
                            text,
                            span: (start, end),
                            site,
                            after_filter: false,
                        });
                    }
                    pos = end;
                    continue;
                }
                None => {
                    notes.push(format!("unbalanced quote {first}: read as plain words"));
                    // Skip the quote itself; the words after it are read normally.
                    pos = inner_start;
                    continue;
                }
            }
        }
        let len = body.find(char::is_whitespace).unwrap_or(body.len());
        let end = body_start + len;
        let mut text = &query[body_start..end];
        // `nucl*`: a prefix, when at least two letters come before the star.
        let mut prefix = false;
        if let Some(stem) = text.strip_suffix('*') {
            let stem = stem.trim_end_matches('*');
            if stem.chars().filter(|c| c.is_alphanumeric()).count() >= MIN_PREFIX_CHARS {
                prefix = true;
                text = stem;
            } else {
                notes.push(format!(
                    "'{text}': a prefix needs {MIN_PREFIX_CHARS} letters before '*': read as a word"
                ));
            }
        }
        if !text.is_empty() {
            items.push(Item {
                occur,
                scope,
                phrase: false,
                prefix,
                text: text.to_string(),
                span: (start, end),
                site,
                after_filter: false,
            });
        }
        pos = end.max(start + c.len_utf8());
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Kind {
        Kind::Words(s.into())
    }

    #[test]
    fn plain_words_stay_one_run_so_numbers_keep_their_spaces() {
        let q = parse("100 000 soldats").unwrap();
        assert_eq!(q.clauses.len(), 1);
        assert_eq!(q.clauses[0].kind, words("100 000 soldats"));
    }

    #[test]
    fn phrase_require_exclude_and_title() {
        let q = parse(r#""troupes du génie" +Koursk -Trump title:Poutine"#).unwrap();
        let kinds: Vec<_> = q
            .clauses
            .iter()
            .map(|c| (c.occur, c.scope, c.kind.clone()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (
                    Occur::Should,
                    Scope::All,
                    Kind::Phrase("troupes du génie".into())
                ),
                (Occur::Must, Scope::All, words("Koursk")),
                (Occur::MustNot, Scope::All, words("Trump")),
                (Occur::Should, Scope::Title, words("Poutine")),
            ]
        );
    }

    #[test]
    fn french_quotes_are_phrases() {
        let q = parse("« escalade majeure »").unwrap();
        assert_eq!(q.clauses[0].kind, Kind::Phrase("escalade majeure".into()));
    }

    #[test]
    fn or_groups_neighbours() {
        let q = parse("Kiev OR Kyiv soldats").unwrap();
        assert_eq!(q.clauses.len(), 2);
        assert_eq!(
            q.clauses[0].kind,
            Kind::Any(vec![
                Clause {
                    occur: Occur::Should,
                    scope: Scope::All,
                    kind: words("Kiev")
                },
                Clause {
                    occur: Occur::Should,
                    scope: Scope::All,
                    kind: words("Kyiv")
                },
            ])
        );
        assert_eq!(q.clauses[1].kind, words("soldats"));
    }

    #[test]
    fn malformed_input_is_read_as_words_with_a_note() {
        let q = parse(r#""troupes du génie"#).unwrap();
        assert_eq!(q.clauses[0].kind, words("troupes du génie"));
        assert!(q.notes[0].contains("unbalanced quote"));
        let q = parse("OR - + soldats OR").unwrap();
        assert_eq!(q.clauses.len(), 1);
        assert_eq!(q.clauses[0].kind, words("soldats"));
        assert_eq!(q.notes.len(), 4);
    }

    #[test]
    fn hyphenated_words_are_not_exclusions() {
        let q = parse("nord-coréens").unwrap();
        assert_eq!(q.clauses[0].kind, words("nord-coréens"));
    }

    #[test]
    fn not_prefix_and_spaced_fields() {
        let q = parse(r#"soldats NOT Trump nucl* title: Poutine title:"usine à obus""#).unwrap();
        let kinds: Vec<_> = q
            .clauses
            .iter()
            .map(|c| (c.occur, c.scope, c.kind.clone()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (Occur::Should, Scope::All, words("soldats")),
                (Occur::MustNot, Scope::All, words("Trump")),
                (Occur::Should, Scope::All, Kind::Prefix("nucl".into())),
                (Occur::Should, Scope::Title, words("Poutine")),
                (
                    Occur::Should,
                    Scope::Title,
                    Kind::Phrase("usine à obus".into())
                ),
            ]
        );
        // A star after one letter is no prefix; a lone NOT is noted.
        let q = parse("n* soldats NOT").unwrap();
        assert_eq!(q.clauses[0].kind, words("n* soldats"));
        assert_eq!(q.notes.len(), 2, "{:?}", q.notes);
        // An unknown word before a spaced colon stays text.
        assert_eq!(parse("Note : soldats").unwrap().clauses.len(), 1);
    }

    #[test]
    fn questions_lose_their_question_words() {
        let q = parse("pourquoi les soldats nord-coréens subissent-ils de si lourdes pertes ?")
            .unwrap();
        assert_eq!(q.question.as_deref(), Some("pourquoi"));
        assert_eq!(
            q.clauses[0].kind,
            words("les soldats nord-coréens subissent de si lourdes pertes")
        );
        let q = parse("qui est Korotchenko ?").unwrap();
        assert_eq!(q.clauses[0].kind, words("Korotchenko"));
        let q = parse("combien de soldats ont été tués").unwrap();
        assert_eq!(q.clauses[0].kind, words("de soldats ont tués"));
        // Not a question: nothing dropped.
        let q = parse("comment").unwrap();
        assert_eq!(
            (q.question, q.clauses[0].kind.clone()),
            (None, words("comment"))
        );
        assert_eq!(parse("100 000 soldats").unwrap().question, None);
    }

    #[test]
    fn site_filters_are_taken_out_of_the_words() {
        let q = parse("soldats site:www.LeMonde.fr -site:blog.lemonde.fr russes").unwrap();
        assert_eq!(q.sites, ["lemonde.fr"]);
        assert_eq!(q.excluded_sites, ["blog.lemonde.fr"]);
        assert_eq!(q.clauses.len(), 2);
        let q = parse("site:a.fr OR site:https://b.fr/x soldats").unwrap();
        assert_eq!(q.sites, ["a.fr", "b.fr"]);
        assert_eq!(q.clauses.len(), 1);
        assert!(q.notes.is_empty(), "{:?}", q.notes);
        // A site alone is a query: everything from that site.
        let q = parse("site:lemonde.fr").unwrap();
        assert!(q.clauses.is_empty());
        assert!(matches!(
            parse("site:le_monde!"),
            Err(QueryError::BadSite { .. })
        ));
        assert!(matches!(parse("site:.."), Err(QueryError::BadSite { .. })));
        assert!(matches!(parse("site:-"), Err(QueryError::BadSite { .. })));
        // With a space after the colon, like title:.
        assert_eq!(
            parse("site: lemonde.fr soldats").unwrap().sites,
            ["lemonde.fr"]
        );
    }

    #[test]
    fn errors() {
        assert_eq!(parse("   "), Err(QueryError::Empty));
        assert!(matches!(
            parse("auteur:Kim"),
            Err(QueryError::UnknownField { .. })
        ));
        // A colon inside ordinary text is not a field, nor is a URL's scheme.
        assert!(parse("2000-2024 : Comment").is_ok());
        assert_eq!(
            parse("https://www.rfi.fr/a").unwrap().clauses[0].kind,
            words("https://www.rfi.fr/a")
        );
    }
}
