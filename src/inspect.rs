//! Looking inside: what is indexed (`list`, `stats`, `show`) and how text is analysed
//! (`analyze`). Everything here reads the index as search sees it; nothing writes.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::path::Path;

use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, TantivyDocument, Term};

use crate::analysis;
use crate::corpus::{self, CorpusError};
use crate::index::{self, Fields, Manifest};
use crate::output::{self, TextStyle};
use crate::search::{self, QueryWord, Synonyms};

/// One passage as stored in the index.
#[derive(Clone, Debug, Serialize)]
pub struct StoredPassage {
    pub doc: String,
    pub passage: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    pub start: u64,
    pub end: u64,
    pub line: u64,
    pub text: String,
    #[serde(skip)]
    pub title: String,
    #[serde(skip)]
    pub date: Option<String>,
    #[serde(skip)]
    pub site: Option<String>,
    #[serde(skip)]
    pub source: Option<String>,
}

fn text_of(doc: &TantivyDocument, f: Field) -> Option<String> {
    doc.get_first(f)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

fn u64_of(doc: &TantivyDocument, f: Field) -> Option<u64> {
    doc.get_first(f).and_then(|v| v.as_u64())
}

fn stored(doc: &TantivyDocument, f: &Fields) -> StoredPassage {
    StoredPassage {
        doc: text_of(doc, f.doc).unwrap_or_default(),
        passage: u64_of(doc, f.passage).unwrap_or_default(),
        heading: text_of(doc, f.heading).filter(|h| !h.is_empty()),
        start: u64_of(doc, f.start).unwrap_or_default(),
        end: u64_of(doc, f.end).unwrap_or_default(),
        line: u64_of(doc, f.line).unwrap_or_default(),
        text: text_of(doc, f.body).unwrap_or_default(),
        title: text_of(doc, f.title).unwrap_or_default(),
        date: u64_of(doc, f.date).map(index::date_iso),
        site: text_of(doc, f.site),
        source: text_of(doc, f.source),
    }
}

fn fetch(searcher: &Searcher, fields: &Fields, term: Term) -> tantivy::Result<Vec<StoredPassage>> {
    let query = TermQuery::new(term, IndexRecordOption::Basic);
    let found = searcher.search(&query, &DocSetCollector)?;
    let mut out = Vec::with_capacity(found.len());
    for addr in found {
        out.push(stored(&index::stored::doc(searcher, addr)?, fields));
    }
    out.sort_by(|a, b| a.doc.cmp(&b.doc).then(a.passage.cmp(&b.passage)));
    Ok(out)
}

/// The passages of one article, in order.
pub fn article_passages(
    searcher: &Searcher,
    fields: &Fields,
    doc: &str,
) -> tantivy::Result<Vec<StoredPassage>> {
    fetch(searcher, fields, Term::from_field_text(fields.doc, doc))
}

/// One article of the index, for `fouille list`.
#[derive(Clone, Debug, Serialize)]
pub struct ArticleInfo {
    pub doc: String,
    pub title: String,
    pub date: Option<String>,
    pub site: Option<String>,
    pub source: Option<String>,
    pub passages: u32,
}

/// Every indexed article, by path (an article without passages has no title stored).
pub fn articles(
    searcher: &Searcher,
    fields: &Fields,
    manifest: &Manifest,
) -> tantivy::Result<Vec<ArticleInfo>> {
    let firsts: HashMap<String, StoredPassage> =
        fetch(searcher, fields, Term::from_field_u64(fields.passage, 1))?
            .into_iter()
            .map(|p| (p.doc.clone(), p))
            .collect();
    Ok(manifest
        .articles
        .iter()
        .map(|(doc, entry)| {
            let first = firsts.get(doc);
            ArticleInfo {
                doc: doc.clone(),
                title: first.map(|p| p.title.clone()).unwrap_or_default(),
                date: first.and_then(|p| p.date.clone()),
                site: first.and_then(|p| p.site.clone()),
                source: first.and_then(|p| p.source.clone()),
                passages: entry.passages,
            }
        })
        .collect())
}

/// `fouille list` for people: one article per line, tab-separated.
pub fn render_list(list: &[ArticleInfo], corpus: &Path) -> String {
    let mut out = String::new();
    for a in list {
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}",
            output::article_path(corpus, &a.doc),
            a.date.as_deref().unwrap_or("-"),
            output::clean(a.site.as_deref().unwrap_or("-")),
            a.passages,
            output::clean(&a.title)
        );
    }
    out
}

/// Which indexed article `wanted` names: its path as in the index, with or without the
/// corpus folder in front, a `path:line` as search prints it, or a unique prefix.
pub fn resolve_doc(wanted: &str, corpus: &Path, manifest: &Manifest) -> Result<String, String> {
    let mut candidates = vec![wanted.to_string()];
    // `corpus/x.txt:12` as printed by search.
    if let Some((path, line)) = wanted.rsplit_once(':')
        && !line.is_empty()
        && line.chars().all(|c| c.is_ascii_digit())
    {
        candidates.push(path.to_string());
    }
    let prefix = corpus.to_string_lossy().trim_end_matches('/').to_string() + "/";
    for c in candidates.clone() {
        let stripped = c.strip_prefix(&prefix).or_else(|| c.strip_prefix("./"));
        if let Some(s) = stripped {
            candidates.push(s.to_string());
        }
    }
    for c in &candidates {
        if manifest.articles.contains_key(c) {
            return Ok(c.clone());
        }
    }
    let last = candidates.last().cloned().unwrap_or_default();
    let matches: Vec<&String> = manifest
        .articles
        .keys()
        .filter(|k| k.starts_with(&last))
        .collect();
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(format!(
            "no article '{}' in the index: `fouille list` shows the articles",
            output::clean(wanted)
        )),
        many => Err(format!(
            "'{}' names {} articles ({}…): give more of the path",
            output::clean(wanted),
            many.len(),
            output::clean(many[0])
        )),
    }
}

/// `fouille show` as JSON (`dropped`: the lines left out, with `--all`).
pub fn show_json(
    passages: &[StoredPassage],
    doc: &str,
    dropped: Option<&[DroppedLine]>,
) -> serde_json::Value {
    let first = passages.first();
    let mut v = serde_json::json!({
        "doc": doc,
        "title": first.map(|p| p.title.clone()),
        "date": first.and_then(|p| p.date.clone()),
        "site": first.and_then(|p| p.site.clone()),
        "source": first.and_then(|p| p.source.clone()),
        "passages": passages,
    });
    if let (Some(d), serde_json::Value::Object(map)) = (dropped, &mut v) {
        map.insert("dropped".into(), serde_json::json!(d));
    }
    v
}

/// `fouille show` for people: the title, then each passage with where it is in the file,
/// and with `--all` the lines left out, each where it stands in the file and why.
pub fn render_show(
    passages: &[StoredPassage],
    doc: &str,
    dropped: &[DroppedLine],
    style: &TextStyle,
) -> String {
    let m = style.marks;
    let mut out = String::new();
    let path = output::article_path(style.corpus, doc);
    let Some(first) = passages.first() else {
        let _ = writeln!(out, "{path}: no passages (empty, or only leftovers)");
        return out;
    };
    let _ = writeln!(out, "{}", m.bold(&output::clean(&first.title)));
    let mut meta = vec![path.clone()];
    meta.extend(first.date.clone());
    meta.extend(first.source.clone());
    let _ = writeln!(out, "{}\n", m.dim(&output::clean(&meta.join(" · "))));
    for p in passages {
        let mut place = format!(
            "¶{} {path}:{} bytes {}..{}",
            p.passage, p.line, p.start, p.end
        );
        if let Some(h) = &p.heading {
            let _ = write!(place, " — {h}");
        }
        let _ = writeln!(out, "{}", m.path(&output::clean(&place)));
        output::passage_lines(&p.text, &[], style, &mut out);
        out.push('\n');
    }
    for d in dropped {
        dropped_line(d, &path, style, &mut out);
    }
    out
}

fn dropped_line(d: &DroppedLine, path: &str, style: &TextStyle, out: &mut String) {
    let m = style.marks;
    let place = format!("not in a passage: {path}:{} — {}", d.line, d.reason);
    let _ = writeln!(out, "{}", m.dim(&output::clean(&place)));
    let (text, _) = output::clean_with_ranges(&d.text, &[]);
    for line in output::wrap(&text, &[], output::Marks::Plain, style.width, 4, 4) {
        let _ = writeln!(out, "    {}", m.dim(&line));
    }
    out.push('\n');
}

/// A non-blank line of an article file that is in no passage (`fouille show --all`).
#[derive(Clone, Debug, Serialize)]
pub struct DroppedLine {
    /// 1-based line of the file.
    pub line: u64,
    pub text: String,
    pub reason: String,
}

/// The lines of `file` (the article's bytes as on disk) that no passage span covers, and
/// why: the title line, the source line, a heading attached to a passage, or a leftover.
/// Found from the stored spans, so it holds for whatever rules built the index.
pub fn dropped_lines(file: &[u8], passages: &[StoredPassage]) -> Vec<DroppedLine> {
    dropped_lines_with(file, passages, &HashMap::new())
}

/// [`dropped_lines`], naming the leftover rule of each line that `reasons` (by line, from
/// [`corpus::explain_article`]) knows.
pub fn dropped_lines_with(
    file: &[u8],
    passages: &[StoredPassage],
    reasons: &HashMap<u64, String>,
) -> Vec<DroppedLine> {
    let mut out = Vec::new();
    let mut seen_title = false;
    let mut at = 0usize;
    for (no, raw) in file.split(|&b| b == b'\n').enumerate() {
        let (start, end) = (at as u64, (at + raw.len()) as u64);
        at += raw.len() + 1;
        let text = String::from_utf8_lossy(raw);
        let text = text.trim_start_matches('\u{feff}').trim();
        if text.is_empty() {
            continue;
        }
        let first = !seen_title;
        seen_title = true;
        if passages.iter().any(|p| p.start < end && p.end > start) {
            continue;
        }
        let heading_of = passages.iter().find(|p| {
            p.start >= end
                && p.heading
                    .as_deref()
                    .is_some_and(|h| h.contains(text) || text.contains(h))
        });
        let reason = if first {
            "title".to_string()
        } else if let Some(p) = heading_of {
            format!("heading of ¶{}", p.passage)
        } else if passages
            .first()
            .and_then(|p| p.source.as_deref())
            .is_some_and(|url| text.contains(url))
        {
            "source line (kept as the article's source)".to_string()
        } else if let Some(why) = reasons.get(&(no as u64 + 1)) {
            format!("leftover of the web page: {why}")
        } else {
            "leftover of the web page".to_string()
        };
        out.push(DroppedLine {
            line: no as u64 + 1,
            text: text.to_string(),
            reason,
        });
    }
    out
}

/// Why each line of a `.txt` article was left out, by line, as the corpus reader explains it
/// (other formats: none).
pub fn leftover_reasons(doc: &str, file: &[u8]) -> HashMap<u64, String> {
    let is_txt = doc
        .rsplit('.')
        .next()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"));
    match std::str::from_utf8(file) {
        Ok(text) if is_txt => corpus::explain_article(doc, text)
            .1
            .into_iter()
            .map(|d| (u64::from(d.line), d.reason.to_string()))
            .collect(),
        _ => HashMap::new(),
    }
}

/// What `fouille stats` reports.
#[derive(Clone, Debug, Serialize)]
pub struct Stats {
    pub articles: usize,
    pub passages: u64,
    /// Articles indexed with no passage (empty, or only leftovers).
    pub empty_articles: usize,
    pub index_bytes: u64,
    pub segments: usize,
    pub format: u32,
    /// Time of the last commit, UTC, ISO 8601.
    pub last_refresh: Option<String>,
    /// Files of the corpus folder that are not indexed, and why.
    pub skipped: Vec<Skipped>,
    /// Skipped files counted by reason.
    pub skipped_by_reason: BTreeMap<String, usize>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Skipped {
    pub file: String,
    pub reason: String,
}

/// Gather the stats of an index and of the corpus folder it was built from.
pub fn stats(
    searcher: &Searcher,
    manifest: &Manifest,
    index_dir: &Path,
    corpus_dir: &Path,
) -> Stats {
    let index_bytes = std::fs::read_dir(index_dir)
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0);
    let last_refresh = std::fs::metadata(index_dir.join("meta.json"))
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| iso_utc(d.as_secs()));
    let skipped = skipped_files(corpus_dir, manifest);
    let mut skipped_by_reason = BTreeMap::new();
    for s in &skipped {
        *skipped_by_reason.entry(s.reason.clone()).or_default() += 1;
    }
    Stats {
        articles: manifest.articles.len(),
        passages: searcher.num_docs(),
        empty_articles: manifest
            .articles
            .values()
            .filter(|e| e.passages == 0)
            .count(),
        index_bytes,
        segments: searcher.segment_readers().len(),
        format: index::SCHEMA_VERSION,
        last_refresh,
        skipped,
        skipped_by_reason,
    }
}

/// Files the corpus folder has that the index does not, with the reason each was skipped
/// (found again by reading them: the index keeps no record of what it skipped).
fn skipped_files(corpus_dir: &Path, manifest: &Manifest) -> Vec<Skipped> {
    let Ok(discovery) = corpus::discover(corpus_dir) else {
        return Vec::new();
    };
    let mut out: Vec<Skipped> = discovery
        .warnings
        .iter()
        .map(|w| Skipped {
            file: String::new(),
            reason: output::clean(w),
        })
        .collect();
    out.extend(discovery.skipped.iter().map(|f| Skipped {
        file: f.rel.clone(),
        reason: f.reason.to_string(),
    }));
    for file in &discovery.files {
        if manifest.articles.contains_key(&file.rel) {
            continue;
        }
        let reason = match corpus::load(file) {
            Err(CorpusError::NotText { reason, .. }) => format!("not a text file ({reason})"),
            Err(CorpusError::Unreadable { reason, .. }) => reason,
            Err(e) => e.to_string(),
            Ok(_) => "added since the last refresh".to_string(),
        };
        out.push(Skipped {
            file: file.rel.clone(),
            reason,
        });
    }
    out
}

/// `1733140800` → `2024-12-02T12:00:00Z`.
fn iso_utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

pub fn render_stats(s: &Stats, index_dir: &Path) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "articles   {} ({} without passages)",
        s.articles, s.empty_articles
    );
    let _ = writeln!(out, "passages   {}", s.passages);
    let _ = writeln!(
        out,
        "index      {} ({}, {} segment{}, format {})",
        output::clean(&index_dir.display().to_string()),
        output::human_bytes(s.index_bytes),
        s.segments,
        if s.segments == 1 { "" } else { "s" },
        s.format
    );
    let _ = writeln!(
        out,
        "refreshed  {}",
        s.last_refresh.as_deref().unwrap_or("unknown")
    );
    let _ = writeln!(out, "skipped    {} file(s)", s.skipped.len());
    for (reason, n) in &s.skipped_by_reason {
        let files: Vec<&str> = s
            .skipped
            .iter()
            .filter(|k| &k.reason == reason && !k.file.is_empty())
            .map(|k| k.file.as_str())
            .collect();
        let _ = write!(out, "  {n} × {reason}");
        if !files.is_empty() {
            let _ = write!(out, ": {}", output::clean(&files.join(", ")));
        }
        out.push('\n');
    }
    out
}

/// One token of the analysis.
#[derive(Clone, Debug, Serialize)]
pub struct AnalyzedToken {
    pub term: String,
    pub position: usize,
    /// Byte offsets in the analysed text.
    pub start: usize,
    pub end: usize,
}

/// `fouille analyze TEXT`, like Elasticsearch's `_analyze`.
#[derive(Clone, Debug, Serialize)]
pub struct Analysis {
    pub text: String,
    /// Tokens of the stemmed, accent-folded fields (body, heading, title).
    pub indexed: Vec<AnalyzedToken>,
    /// Tokens of the exact-form field.
    pub indexed_exact: Vec<AnalyzedToken>,
    /// The same text as a query: one entry per word as typed.
    pub queried: Vec<QueryWord>,
}

fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<AnalyzedToken> {
    let mut out = Vec::new();
    analyzer.token_stream(text).process(&mut |t| {
        out.push(AnalyzedToken {
            term: t.text.clone(),
            position: t.position,
            start: t.offset_from,
            end: t.offset_to,
        });
    });
    out
}

pub fn analyze(text: &str, synonyms: &Synonyms) -> Analysis {
    Analysis {
        text: text.to_string(),
        indexed: tokens(&mut analysis::french_analyzer(), text),
        indexed_exact: tokens(&mut analysis::exact_analyzer(), text),
        queried: search::query_words(text, synonyms),
    }
}

pub fn render_analysis(a: &Analysis) -> String {
    let mut out = String::new();
    let word = |t: &AnalyzedToken| output::clean(a.text.get(t.start..t.end).unwrap_or(""));
    for (name, toks) in [
        ("indexed (body, heading, title)", &a.indexed),
        ("indexed exact (body_exact)", &a.indexed_exact),
    ] {
        let _ = writeln!(out, "{name}:");
        if toks.is_empty() {
            let _ = writeln!(out, "  (no tokens: only stop words or punctuation)");
        }
        for t in toks {
            let _ = writeln!(
                out,
                "  {:>3}  {:<20} {} [{}..{}]",
                t.position,
                output::clean(&t.term),
                word(t),
                t.start,
                t.end
            );
        }
    }
    let _ = writeln!(out, "queried:");
    if a.queried.is_empty() {
        let _ = writeln!(
            out,
            "  (no words to search: only stop words or punctuation)"
        );
    }
    for q in &a.queried {
        let _ = write!(
            out,
            "  {:<20} terms {}  exact {}",
            output::clean(&q.typed),
            output::clean(&q.terms.join(" ")),
            output::clean(&q.exact.join(" "))
        );
        if !q.synonyms.is_empty() {
            let forms: Vec<String> = q.synonyms.iter().map(|f| f.join(" ")).collect();
            let _ = write!(out, "  synonyms {}", output::clean(&forms.join(" | ")));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_dates() {
        assert_eq!(iso_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_utc(1_733_140_800), "2024-12-02T12:00:00Z");
        assert_eq!(iso_utc(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn analysis_shows_stems_exact_forms_and_query_words() {
        let a = analyze("L’armée du génie", &Synonyms::default());
        let terms: Vec<&str> = a.indexed.iter().map(|t| t.term.as_str()).collect();
        assert!(terms.contains(&"arme"), "{terms:?}");
        assert_eq!(a.indexed_exact[0].term, "armée");
        assert_eq!(a.queried.len(), 2);
        assert_eq!(a.queried[1].typed, "génie");
        assert_eq!(a.queried[1].terms, ["gen"]);
    }
}
