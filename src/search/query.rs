//! The query language: plain words, `"exact phrases"`, `+required`, `-excluded`, `a OR b`,
//! `title:word`, `site:example.fr` (a filter on the article's site, subdomains included;
//! `-site:` excludes one). Parsing is total: malformed input (an unbalanced quote, a lone operator)
//! is read as plain words with a note, never an error, except for an unknown `field:`.

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
#[derive(Debug)]
struct Item {
    occur: Occur,
    scope: Scope,
    phrase: bool,
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
    let (items, sites, excluded_sites) = take_sites(items, query)?;
    if items.is_empty() && sites.is_empty() {
        return Err(QueryError::Empty);
    }
    // Group `a OR b` chains, then merge runs of plain words.
    let mut clauses: Vec<Clause> = Vec::new();
    let mut plain_run: Option<(usize, usize)> = None;
    let flush = |run: &mut Option<(usize, usize)>, clauses: &mut Vec<Clause>| {
        if let Some((s, e)) = run.take() {
            clauses.push(Clause {
                occur: Occur::Should,
                scope: Scope::All,
                kind: Kind::Words(query[s..e].to_string()),
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
        if it.occur == Occur::Should && it.scope == Scope::All && !it.phrase {
            plain_run = Some(match plain_run {
                Some((s, _)) => (s, it.span.1),
                None => it.span,
            });
        } else {
            flush(&mut plain_run, &mut clauses);
            clauses.push(to_clause(it));
        }
        i += 1;
    }
    flush(&mut plain_run, &mut clauses);
    Ok(ParsedQuery {
        clauses,
        notes,
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

fn to_clause(it: &Item) -> Clause {
    Clause {
        occur: it.occur,
        scope: it.scope,
        kind: if it.phrase {
            Kind::Phrase(it.text.clone())
        } else {
            Kind::Words(it.text.clone())
        },
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
            // `scheme://…` is a URL, not a field.
            if after.chars().next().is_some_and(|n| !n.is_whitespace()) && !after.starts_with("//")
            {
                match field.to_ascii_lowercase().as_str() {
                    "title" | "titre" => scope = Scope::Title,
                    "site" => site = true,
                    _ => {
                        return Err(QueryError::UnknownField {
                            field: field.to_string(),
                            query: query.to_string(),
                        });
                    }
                }
                body_start += field_len + 1;
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
        let text = &query[body_start..end];
        if !text.is_empty() {
            items.push(Item {
                occur,
                scope,
                phrase: false,
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
