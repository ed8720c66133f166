//! `fouille serve`: the HTTP API and the search page, over one index opened once.
//!
//! - [`live`]: the index snapshot requests read, and the background refresher that swaps
//!   in a new one when the corpus changes (a search never waits for it);
//! - [`catalog`]: the articles a snapshot may show (only files inside the corpus);
//! - [`api`]: the JSON endpoints; [`error`]: their JSON errors; [`json`]: the search answer
//!   written straight to bytes;
//! - [`pool`]: the threads that run searches (one per core), off the async threads;
//! - [`cache`]: search answers kept per snapshot (`--no-cache` turns it off);
//! - `static/`: the page, embedded in the binary (no build step, no CDN).
//!
//! Safe by default: loopback address, read-only (GET only), no CORS unless asked,
//! bounded requests, a CSP that forbids inline scripts on the page.

pub mod api;
pub mod cache;
pub mod catalog;
pub mod error;
pub mod json;
pub mod live;
pub mod pool;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use error::ApiError;
use live::{Live, Refresher, Sources};

use crate::index::IndexError;
use crate::search::Synonyms;

/// Longest request line accepted (path and query string), in bytes.
pub const MAX_URI_BYTES: usize = 4_096;
/// Requests carry no body: anything larger than this is refused.
pub const MAX_BODY_BYTES: u64 = 0;

#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub corpus: PathBuf,
    pub index: PathBuf,
    pub addr: SocketAddr,
    pub synonyms: Option<Synonyms>,
    /// Re-index the corpus in the background.
    pub refresh: bool,
    /// How often to look for changes (corpus or index).
    pub refresh_every: Duration,
    /// One line per request on stderr.
    pub log: bool,
    /// Origin allowed to call the API from a browser (CORS), if any.
    pub cors: Option<String>,
    /// Keep `/api/search` answers per index snapshot (see [`cache`]).
    pub cache: bool,
}

#[derive(thiserror::Error, Debug)]
pub enum ServeError {
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error("cannot listen on {addr}: {source}: pick another --addr")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
}

#[derive(Clone)]
struct Config {
    log: bool,
    cors: Option<HeaderValue>,
}

/// The router over a live index (also what the tests drive).
pub fn router(live: Arc<Live>, log: bool, cors: Option<&str>) -> Router {
    let config = Config {
        log,
        cors: cors.and_then(|c| HeaderValue::from_str(c).ok()),
    };
    Router::new()
        .route("/", get(page))
        .route("/app.js", get(script))
        .route("/style.css", get(style))
        .route("/api/search", get(api::search))
        .route("/api/articles", get(api::articles))
        .route("/api/articles/{*doc}", get(api::article))
        .route("/api/analyze", get(api::analyze))
        .route("/api/health", get(api::health))
        .fallback(not_found)
        .method_not_allowed_fallback(read_only)
        .with_state(live)
        .layer(middleware::from_fn_with_state(config, guard))
}

/// Start serving; returns on Ctrl-C or SIGTERM, after in-flight requests finished.
pub fn run(options: ServeOptions, say: &mut dyn FnMut(&str)) -> Result<(), ServeError> {
    if !options.addr.ip().is_loopback() {
        say(&format!(
            "warning: listening on {}: anyone who can reach this machine can search the corpus",
            options.addr
        ));
    }
    let sources = Sources {
        corpus: options.corpus.clone(),
        index: options.index.clone(),
        synonyms: options.synonyms.clone(),
        refresh: options.refresh,
        every: options.refresh_every,
        cache_bytes: if options.cache {
            cache::DEFAULT_BYTES
        } else {
            0
        },
    };
    let live = Arc::new(Live::open(sources, say)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(options.addr))
        .map_err(|source| ServeError::Bind {
            addr: options.addr,
            source,
        })?;
    let addr = listener.local_addr()?;
    let snapshot = live.snapshot();
    say(&format!(
        "serving {} passages of {} articles on http://{addr}/ (Ctrl-C to stop)",
        snapshot.engine.num_passages(),
        snapshot.catalog.articles.len()
    ));
    drop(snapshot);
    let refresher = Refresher::start(live.clone());
    let app = router(live, options.log, options.cors.as_deref());
    let served = runtime.block_on(async {
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown())
            .await
    });
    say("stopping");
    refresher.stop(Duration::from_secs(5));
    runtime.shutdown_timeout(Duration::from_secs(2));
    served?;
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// Every request: size and method limits, security headers, CORS when asked, the log line.
async fn guard(State(config): State<Config>, request: Request, next: Next) -> Response {
    let t0 = Instant::now();
    let method = request.method().clone();
    let uri = request.uri().to_string();
    let mut response = match refuse(&request, uri.len()) {
        Some(error) => error.into_response(),
        None => next.run(request).await,
    };
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    if let Some(origin) = &config.cors {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
    }
    if config.log {
        // The path only, never cut inside a character; queries can be long.
        let shown: String = uri.chars().take(200).collect();
        eprintln!(
            "{method} {shown} {} {:.2} ms",
            response.status().as_u16(),
            t0.elapsed().as_secs_f64() * 1e3
        );
    }
    response
}

fn refuse(request: &Request, uri_len: usize) -> Option<ApiError> {
    if uri_len > MAX_URI_BYTES {
        return Some(ApiError::new(
            StatusCode::URI_TOO_LONG,
            "uri_too_long",
            format!("the request is {uri_len} bytes long; the limit is {MAX_URI_BYTES}"),
        ));
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return Some(read_only_error());
    }
    let length = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let chunked = request.headers().contains_key(header::TRANSFER_ENCODING);
    if chunked || length.is_some_and(|n| n > MAX_BODY_BYTES) {
        return Some(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            "requests take no body: put the parameters in the query string",
        ));
    }
    None
}

fn read_only_error() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "the server is read-only: use GET",
    )
}

async fn read_only() -> ApiError {
    read_only_error()
}

async fn not_found(request: Request) -> ApiError {
    let path: String = request.uri().path().chars().take(80).collect();
    ApiError::not_found(format!(
        "nothing at '{path}': the API is under /api (search, articles, analyze, health)"
    ))
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    let mut response = Response::new(Body::from(body));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

async fn page() -> Response {
    asset(
        "text/html; charset=utf-8",
        include_str!("static/index.html"),
    )
}

async fn script() -> Response {
    asset(
        "text/javascript; charset=utf-8",
        include_str!("static/app.js"),
    )
}

async fn style() -> Response {
    asset("text/css; charset=utf-8", include_str!("static/style.css"))
}
