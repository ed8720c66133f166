//! The JSON endpoints. Each handler checks its parameters, takes the current snapshot and
//! does the index work on a thread of the search pool, under a time limit.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use super::cache::{self, CacheStats};
use super::catalog::{ArticleInfo, is_plain_relative};
use super::error::ApiError;
use super::json;
use super::live::{Live, Snapshot, Status};
use super::pool::Lost;
use crate::analysis;
use crate::highlight::{self, Matcher};
use crate::search::{SearchError, SearchOptions, SortOrder, query_terms};

/// Longest query or analysed text accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 1_000;
pub const MAX_ANALYZE_BYTES: usize = 2_000;
/// Most hits one request returns, and deepest page.
pub const MAX_LIMIT: usize = 100;
pub const MAX_OFFSET: usize = 1_000;
pub const MAX_ARTICLES_LIMIT: usize = 1_000;
/// A request's index work is abandoned (503) after this long.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);

pub type Shared = Arc<Live>;
type Params = Result<Query<HashMap<String, String>>, QueryRejection>;

/// The query string as a map, with only `allowed` keys (a typo is an error, not ignored).
fn params(raw: Params, allowed: &[&str]) -> Result<HashMap<String, String>, ApiError> {
    let Query(map) =
        raw.map_err(|e| ApiError::bad("bad_parameter", format!("malformed query string: {e}")))?;
    if let Some(k) = map.keys().find(|k| !allowed.contains(&String::as_str(k))) {
        return Err(ApiError::bad(
            "bad_parameter",
            format!(
                "unknown parameter '{k}': expected one of {}",
                allowed.join(", ")
            ),
        ));
    }
    Ok(map)
}

fn number(
    map: &HashMap<String, String>,
    key: &str,
    default: usize,
    range: std::ops::RangeInclusive<usize>,
) -> Result<usize, ApiError> {
    let Some(v) = map.get(key) else {
        return Ok(default);
    };
    match v.trim().parse::<usize>() {
        Ok(n) if range.contains(&n) => Ok(n),
        _ => Err(ApiError::bad(
            "bad_parameter",
            format!(
                "'{key}' must be a whole number from {} to {}, not '{}'",
                range.start(),
                range.end(),
                clip(v)
            ),
        )),
    }
}

fn date(map: &HashMap<String, String>, key: &str) -> Result<Option<u64>, ApiError> {
    match map.get(key).map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(None),
        // The CLI's periods: `until=2024` includes the whole year.
        Some(v) => {
            let day = if key == "until" {
                crate::search::period_end(v)
            } else {
                crate::search::period_start(v)
            };
            day.map(Some).map_err(|_| {
                ApiError::bad(
                    "bad_parameter",
                    format!(
                        "'{key}' must be a date YYYY, YYYY-MM or YYYY-MM-DD, not '{}'",
                        clip(v)
                    ),
                )
            })
        }
    }
}

/// A user value quoted in a message, cut short.
fn clip(v: &str) -> String {
    match v.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &v[..i]),
        None => v.to_string(),
    }
}

fn text_param(
    map: &HashMap<String, String>,
    key: &str,
    max: usize,
) -> Result<Option<String>, ApiError> {
    match map.get(key) {
        Some(v) if v.len() > max => Err(ApiError::bad(
            "too_long",
            format!("'{key}' is {} bytes long; the limit is {max}", v.len()),
        )),
        Some(v) if !v.trim().is_empty() => Ok(Some(v.clone())),
        _ => Ok(None),
    }
}

/// Run index work off the async threads, on the [`pool`](super::pool) (one search per core
/// at a time), within [`REQUEST_TIMEOUT`] (waiting for a turn included).
async fn blocking<T: Send + 'static>(
    live: &Live,
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let run = live.pool.run(work);
    let done = tokio::time::timeout(REQUEST_TIMEOUT, run).await;
    match done {
        Ok(Ok(result)) => result,
        Ok(Err(Lost)) => Err(ApiError::internal(
            "the request failed: its search thread panicked",
        )),
        Err(_) => Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            format!(
                "the request took more than {} s: try a more specific query",
                REQUEST_TIMEOUT.as_secs()
            ),
        )),
    }
}

/// `/api/search` answer: the `--json` contract (as `fouille search --json` prints it,
/// `highlights_chars` included) plus the page asked for, written by [`json::search_page`].
/// A repeated request is answered from the snapshot's [`cache`](super::cache) without
/// waiting for a search turn (`x-cache: hit`; `took_ms` is then the first search's).
pub async fn search(State(live): State<Shared>, raw: Params) -> Result<Response, ApiError> {
    let map = params(
        raw,
        &[
            "q",
            "limit",
            "offset",
            "per_article",
            "since",
            "until",
            "sort",
        ],
    )?;
    let q = text_param(&map, "q", MAX_QUERY_BYTES)?
        .ok_or_else(|| ApiError::bad("missing_query", "give a query: /api/search?q=words"))?;
    let limit = number(&map, "limit", 10, 0..=MAX_LIMIT)?;
    let offset = number(&map, "offset", 0, 0..=MAX_OFFSET)?;
    let per_article = match map.get("per_article") {
        Some(_) => Some(number(&map, "per_article", 1, 1..=MAX_LIMIT)?),
        None => None,
    };
    let sort = match map.get("sort").map(|s| s.trim()) {
        None | Some("") | Some("relevance") => SortOrder::Relevance,
        Some("date") => SortOrder::Date,
        Some(other) => {
            return Err(ApiError::bad(
                "bad_parameter",
                format!("'sort' is 'relevance' or 'date', not '{}'", clip(other)),
            ));
        }
    };
    // Paging is done here on the first offset+limit hits, so it is right whatever the
    // engine does with `offset` (ranks stay those of the whole list).
    let options = SearchOptions {
        limit: offset + limit,
        offset: 0,
        since: date(&map, "since")?,
        until: date(&map, "until")?,
        sort,
        per_article,
        highlight: true,
    };
    let key = cache::Key {
        q,
        limit,
        offset,
        per_article,
        since: options.since,
        until: options.until,
        date_order: sort == SortOrder::Date,
    };
    let snapshot = live.snapshot();
    if let Some(body) = snapshot.cache.get(&key) {
        return Ok(json_response(body, Some("hit")));
    }
    let cached = snapshot.cache.enabled().then_some("miss");
    let body = blocking(&live, move || {
        let mut results = snapshot
            .engine
            .search(&key.q, &options)
            .map_err(|e| match e {
                SearchError::Query(e) => ApiError::bad("bad_query", e.to_string()),
                SearchError::Filter(e) => ApiError::bad("bad_parameter", e.to_string()),
                e => ApiError::internal(e.to_string()),
            })?;
        // A passage of a file outside the corpus (symlink) is never shown.
        results.hits.retain(|h| snapshot.catalog.contains(&h.doc));
        results.hits = results.hits.into_iter().skip(offset).take(limit).collect();
        let body = json::search_page(&results, offset, limit)
            .map(Bytes::from)
            .map_err(|e| ApiError::internal(format!("writing the answer: {e}")))?;
        snapshot.cache.put(key, body.clone());
        Ok(body)
    })
    .await?;
    Ok(json_response(body, cached))
}

/// A JSON body written beforehand (as `Json` would send it), with `x-cache` when caching.
fn json_response(body: Bytes, cache: Option<&'static str>) -> Response {
    let mut response = Response::new(Body::from(body));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Some(state) = cache {
        headers.insert("x-cache", HeaderValue::from_static(state));
    }
    response
}

#[derive(Serialize)]
pub struct ArticleList {
    pub total: usize,
    pub offset: usize,
    pub articles: Vec<ArticleInfo>,
}

pub async fn articles(
    State(live): State<Shared>,
    raw: Params,
) -> Result<Json<ArticleList>, ApiError> {
    let map = params(raw, &["limit", "offset"])?;
    let limit = number(&map, "limit", 100, 0..=MAX_ARTICLES_LIMIT)?;
    let offset = number(&map, "offset", 0, 0..=10_000_000)?;
    let snapshot = live.snapshot();
    let all = &snapshot.catalog.articles;
    Ok(Json(ArticleList {
        total: all.len(),
        offset,
        articles: all.iter().skip(offset).take(limit).cloned().collect(),
    }))
}

#[derive(Serialize)]
pub struct PassageView {
    pub passage: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    pub start: u64,
    pub end: u64,
    pub line: u64,
    pub text: String,
    pub highlights: Vec<[usize; 2]>,
}

#[derive(Serialize)]
pub struct ArticleView {
    pub path: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    pub passages: Vec<PassageView>,
}

pub async fn article(
    State(live): State<Shared>,
    doc: Result<Path<String>, PathRejection>,
    raw: Params,
) -> Result<Json<ArticleView>, ApiError> {
    let Path(doc) = doc.map_err(|e| ApiError::bad("bad_path", format!("bad article path: {e}")))?;
    let map = params(raw, &["q"])?;
    let q = text_param(&map, "q", MAX_QUERY_BYTES)?;
    // The path is only ever a key into the catalog, never opened: anything that is not a
    // plain relative path is refused before the lookup.
    if !is_plain_relative(&doc) {
        return Err(ApiError::bad(
            "bad_path",
            format!(
                "'{}' is not an article path: use the `doc` of a hit or of /api/articles",
                clip(&doc)
            ),
        ));
    }
    let snapshot = live.snapshot();
    let Some(info) = snapshot.catalog.get(&doc).cloned() else {
        return Err(ApiError::not_found(format!(
            "no article '{}' in the index: see /api/articles",
            clip(&doc)
        )));
    };
    blocking(&live, move || {
        let passages = passages_of(&snapshot, &info, q.as_deref())
            .map_err(|e| ApiError::internal(format!("reading '{}': {e}", info.path)))?;
        Ok(Json(ArticleView {
            path: info.path,
            title: info.title,
            date: info.date,
            site: info.site,
            source: info.source,
            query: q,
            passages,
        }))
    })
    .await
}

/// Every passage of an article in order, with `q`'s words highlighted.
fn passages_of(
    snapshot: &Snapshot,
    info: &ArticleInfo,
    q: Option<&str>,
) -> tantivy::Result<Vec<PassageView>> {
    let f = &snapshot.fields;
    let searcher = snapshot.engine.searcher();
    let query = TermQuery::new(
        Term::from_field_text(f.doc, &info.path),
        IndexRecordOption::Basic,
    );
    let top = TopDocs::with_limit(info.passages.max(1) as usize).order_by_score();
    let mut matcher = Matcher::default();
    for term in q.map(query_terms).unwrap_or_default() {
        matcher.add_term(term);
    }
    let mut french = analysis::french_analyzer();
    let mut out = Vec::new();
    for (_, addr) in searcher.search(&query, &top)? {
        let doc: TantivyDocument = crate::index::stored::doc(&searcher, addr)?;
        let text_of = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let num = |field| doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
        let text = text_of(f.body);
        let highlights = highlight::find(&mut french, &text, &matcher)
            .into_iter()
            .map(|(s, e)| [s, e])
            .collect();
        let heading = text_of(f.heading);
        out.push(PassageView {
            passage: num(f.passage),
            heading: (!heading.is_empty()).then_some(heading),
            start: num(f.start),
            end: num(f.end),
            line: num(f.line),
            text,
            highlights,
        });
    }
    out.sort_by_key(|p| p.passage);
    Ok(out)
}

#[derive(Serialize)]
pub struct Token {
    pub text: String,
    /// Byte offsets in the analysed text.
    pub start: usize,
    pub end: usize,
    pub position: usize,
}

#[derive(Serialize)]
pub struct Analysis {
    pub text: String,
    /// The terms of the stemmed, accent-folded fields (`body`, `title`, `heading`).
    pub tokens: Vec<Token>,
    /// The terms of the exact-form field.
    pub exact: Vec<Token>,
}

pub async fn analyze(State(live): State<Shared>, raw: Params) -> Result<Json<Analysis>, ApiError> {
    let map = params(raw, &["text"])?;
    let text = text_param(&map, "text", MAX_ANALYZE_BYTES)?
        .ok_or_else(|| ApiError::bad("missing_text", "give a text: /api/analyze?text=words"))?;
    blocking(&live, move || {
        let run = |mut analyzer: tantivy::tokenizer::TextAnalyzer| {
            let mut tokens = Vec::new();
            let mut stream = analyzer.token_stream(&text);
            while let Some(t) = stream.next() {
                tokens.push(Token {
                    text: t.text.clone(),
                    start: t.offset_from,
                    end: t.offset_to,
                    position: t.position,
                });
            }
            tokens
        };
        let tokens = run(analysis::french_analyzer());
        let exact = run(analysis::exact_analyzer());
        Ok(Json(Analysis {
            text,
            tokens,
            exact,
        }))
    })
    .await
}

#[derive(Serialize)]
pub struct Health {
    pub status: &'static str,
    pub version: &'static str,
    pub passages: u64,
    pub articles: usize,
    /// Seconds since the epoch when the index answering now was opened.
    pub opened_at: u64,
    /// The opened index's commit.
    pub opstamp: u64,
    pub index: Status,
    /// Sites of the articles, most articles first (for the page's filter).
    pub sites: Vec<String>,
    /// The search answers kept for the snapshot answering now.
    pub cache: CacheStats,
}

pub async fn health(State(live): State<Shared>) -> Json<Health> {
    let snapshot = live.snapshot();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for a in &snapshot.catalog.articles {
        if let Some(s) = &a.site {
            *counts.entry(s).or_default() += 1;
        }
    }
    let mut sites: Vec<(&str, usize)> = counts.into_iter().collect();
    sites.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
        passages: snapshot.engine.num_passages(),
        articles: snapshot.catalog.articles.len(),
        opened_at: snapshot.opened_at,
        opstamp: snapshot.opstamp,
        index: live.status(),
        sites: sites
            .into_iter()
            .take(200)
            .map(|(s, _)| s.to_string())
            .collect(),
        cache: snapshot.cache.stats(),
    })
}
