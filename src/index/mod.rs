//! The index: schema, (re)building from the corpus, and what it holds.
//!
//! `refresh` is the one way to write: it diffs the corpus against the manifest of the last
//! commit, re-analyses only added or changed articles, deletes removed ones, and commits the
//! documents and the new manifest atomically. A full rebuild is a refresh from nothing.

mod directory;
mod files;
pub mod guard;
mod manifest;
mod schema;
pub mod stored;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tantivy::{Index, IndexReader, IndexWriter, TantivyDocument, Term, doc};

pub use manifest::{Entry, Manifest};
pub use schema::{Fields, SCHEMA_VERSION, build_schema, date_iso, date_number, verify};

use crate::analysis;
use crate::corpus::{self, CorpusError, CorpusFile};
use manifest::{DirStamps, MANIFEST_PREFIX, Payload};

// The lock file is held (OS file lock) by the one `fouille index` writing to the folder, for
// the whole refresh, so a second writer waits instead of wiping or writing under the first.
use files::{LOCK, MARKER};
/// Where the index of a corpus lives unless `--index` says otherwise: a hidden folder
/// inside the corpus, so it follows the folder (moved, copied, deleted with it).
pub const DEFAULT_INDEX_DIR: &str = ".fouille";
/// Environment variable: how long a second `fouille index` waits for the first, in seconds.
pub const LOCK_WAIT_ENV: &str = "FOUILLE_LOCK_WAIT";
/// Default wait for another indexer to finish.
pub const DEFAULT_LOCK_WAIT: Duration = Duration::from_secs(60);

#[derive(thiserror::Error, Debug)]
pub enum IndexError {
    #[error("no index in '{0}': run `fouille index` to build it")]
    Missing(PathBuf),
    #[error(
        "'{0}' is not a fouille index and is not empty: refusing to write into it; pass --index with an empty or new folder"
    )]
    Foreign(PathBuf),
    #[error("the index in '{dir}' is damaged ({detail}): run `fouille index` to rebuild it")]
    Corrupt { dir: PathBuf, detail: String },
    #[error(
        "the index in '{dir}' was written by another version of fouille (format {found}, expected {SCHEMA_VERSION}): run `fouille index` to rebuild it"
    )]
    Version { dir: PathBuf, found: u32 },
    #[error("another `fouille index` is writing to '{0}': wait for it to finish and try again")]
    Locked(PathBuf),
    #[error(
        "the index in '{}' was built for corpus '{recorded}', not '{}': pass --index DIR with another folder for this corpus",
        .dir.display(), .given.display()
    )]
    OtherCorpus {
        dir: PathBuf,
        recorded: String,
        given: PathBuf,
    },
    #[error(
        "corpus folder '{}' is inside the index folder '{}': move the articles out, or pass --index DIR elsewhere",
        .corpus.display(), .dir.display()
    )]
    CorpusInsideIndex { corpus: PathBuf, dir: PathBuf },
    #[error("no .txt articles in corpus folder '{0}': add articles or pass --corpus DIR")]
    EmptyCorpus(PathBuf),
    #[error(
        "no space left on device for the index in '{}': free some space and run `fouille index` again (the last complete index is kept)",
        .0.display()
    )]
    NoSpace(PathBuf),
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    #[error("index '{dir}': {source}")]
    Io {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("index '{dir}': {source}")]
    Tantivy {
        dir: PathBuf,
        #[source]
        source: tantivy::TantivyError,
    },
}

impl IndexError {
    /// Damage that a rebuild from the corpus repairs.
    pub fn is_rebuildable(&self) -> bool {
        matches!(
            self,
            IndexError::Missing(_) | IndexError::Corrupt { .. } | IndexError::Version { .. }
        )
    }
}

fn io_err(dir: &Path) -> impl FnOnce(std::io::Error) -> IndexError + '_ {
    move |source| IndexError::Io {
        dir: dir.to_path_buf(),
        source,
    }
}

fn tv_err(dir: &Path) -> impl FnOnce(tantivy::TantivyError) -> IndexError + '_ {
    move |source| match source {
        tantivy::TantivyError::LockFailure(..) => IndexError::Locked(dir.to_path_buf()),
        tantivy::TantivyError::DataCorruption(c) => IndexError::Corrupt {
            dir: dir.to_path_buf(),
            detail: format!("{c:?}"),
        },
        source => IndexError::Tantivy {
            dir: dir.to_path_buf(),
            source,
        },
    }
}

/// An error of a failed update, told as "no space left" when that is what it is: tantivy
/// sometimes only says that its writer was killed, so the disk is probed.
fn space_error(e: IndexError, dir: &Path) -> IndexError {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        text.push_str(&s.to_string());
        source = s.source();
    }
    let full = text.contains("os error 28")
        || text.contains("No space left")
        || (matches!(e, IndexError::Tantivy { .. }) && !files::can_write(dir));
    if full {
        IndexError::NoSpace(dir.to_path_buf())
    } else {
        e
    }
}

/// Above this many articles, the default search checks freshness by folder times only
/// (one `stat` per folder instead of per file): files added, removed or renamed are seen,
/// a file rewritten in place is seen by the next `fouille index`. Below, every file is
/// compared, which costs less than this check's budget anyway.
pub const FULL_CHECK_MAX_ARTICLES: u64 = 5_000;
/// Environment variable overriding [`FULL_CHECK_MAX_ARTICLES`] (`0`: always by folders).
pub const FULL_CHECK_ENV: &str = "FOUILLE_FULL_CHECK_MAX";

/// Whether a large corpus's folders are exactly as the last commit saw them.
fn folders_unchanged(corpus_dir: &Path, index_dir: &Path, payload: &Payload) -> bool {
    let (Some(articles), Some(name)) = (payload.articles, &payload.dirs) else {
        return false;
    };
    let full_check_max = std::env::var(FULL_CHECK_ENV)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(FULL_CHECK_MAX_ARTICLES);
    if articles <= full_check_max {
        return false;
    }
    let Ok(stamps) = DirStamps::load(&index_dir.join(name)) else {
        return false;
    };
    !stamps.dirs.is_empty()
        && stamps.dirs.iter().all(|(rel, mtime)| {
            fs::metadata(corpus_dir.join(rel)).is_ok_and(|m| corpus::mtime_ns(&m) == *mtime)
        })
}

/// Why an update failed, in a few words (read-only folder, full disk, or the error).
fn reason_of_failure(e: &IndexError) -> String {
    match e {
        IndexError::Io { source, .. } if directory::is_read_only(source) => {
            "the index folder is read-only".into()
        }
        IndexError::NoSpace(_) => "no space left on device".into(),
        e => e.to_string(),
    }
}

/// An opened fouille index: tantivy index, its fields, and the manifest of its last commit.
pub struct Opened {
    pub index: Index,
    pub fields: Fields,
    pub manifest: Manifest,
    /// The folder times of the last commit, when recorded.
    stamps: Option<DirStamps>,
}

/// Open the index in `dir`, checking that it is fouille's, of this version, and whole:
/// every segment file present with a valid footer (a truncated file fails here, not
/// mid-query), and as many documents as the manifest says. A panic inside tantivy on a
/// damaged index is turned into [`IndexError::Corrupt`].
pub fn open(dir: &Path) -> Result<Opened, IndexError> {
    open_for(dir, None)
}

/// [`open`], refusing an index that records another corpus than `corpus` (canonical).
fn open_for(dir: &Path, corpus: Option<&Path>) -> Result<Opened, IndexError> {
    let (index, _, fields, manifest, payload) = open_guarded(dir, true, corpus)?;
    let manifest = manifest.unwrap_or_default();
    let stamps = payload
        .dirs
        .and_then(|name| DirStamps::load(&dir.join(name)).ok());
    Ok(Opened {
        index,
        fields,
        manifest,
        stamps,
    })
}

/// An index opened for searching: its reader (segments already opened and checked while
/// opening) is kept rather than opened a second time.
pub struct Searchable {
    pub index: Index,
    pub reader: IndexReader,
    pub fields: Fields,
}

/// Open the index for searching only: the same checks as [`open`], but the manifest file
/// is only checked to exist, not read (the commit payload carries its passage count).
pub fn open_for_search(dir: &Path) -> Result<Searchable, IndexError> {
    search_for(dir, None)
}

fn search_for(dir: &Path, corpus: Option<&Path>) -> Result<Searchable, IndexError> {
    let (index, reader, fields, _, _) = open_guarded(dir, false, corpus)?;
    Ok(Searchable {
        index,
        reader,
        fields,
    })
}

type Checked = (Index, IndexReader, Fields, Option<Manifest>, Payload);

fn open_guarded(
    dir: &Path,
    with_manifest: bool,
    corpus: Option<&Path>,
) -> Result<Checked, IndexError> {
    match guard::catch(|| open_checked(dir, with_manifest, corpus)) {
        Ok(r) => r,
        Err(what) => Err(IndexError::Corrupt {
            dir: dir.to_path_buf(),
            detail: format!("tantivy failed: {what}"),
        }),
    }
}

fn open_checked(
    dir: &Path,
    with_manifest: bool,
    corpus: Option<&Path>,
) -> Result<Checked, IndexError> {
    if !dir.join("meta.json").exists() {
        return Err(if dir.join(MARKER).exists() || is_empty_or_harmless(dir) {
            IndexError::Missing(dir.to_path_buf())
        } else {
            IndexError::Foreign(dir.to_path_buf())
        });
    }
    if !dir.join(MARKER).exists() {
        return Err(IndexError::Foreign(dir.to_path_buf()));
    }
    let corrupt = |detail: String| IndexError::Corrupt {
        dir: dir.to_path_buf(),
        detail,
    };
    let index = directory::IndexDirectory::open(dir)
        .and_then(Index::open)
        .map_err(|e| corrupt(e.to_string()))?;
    let metas = index.load_metas().map_err(|e| corrupt(e.to_string()))?;
    if metas.payload.is_none() && metas.segments.is_empty() {
        // Created, never committed: a first build that was interrupted.
        return Err(IndexError::Missing(dir.to_path_buf()));
    }
    let payload: Payload = metas
        .payload
        .as_deref()
        .and_then(|p| serde_json::from_str(p).ok())
        .ok_or_else(|| corrupt("no fouille metadata in meta.json".into()))?;
    // Before anything that could lead to a rebuild: another corpus's index is never wiped.
    if let (Some(recorded), Some(corpus)) = (&payload.corpus, corpus)
        && !same_corpus(dir, recorded, corpus)
    {
        return Err(IndexError::OtherCorpus {
            dir: dir.to_path_buf(),
            recorded: recorded.clone(),
            given: corpus.to_path_buf(),
        });
    }
    if payload.fouille != SCHEMA_VERSION {
        return Err(IndexError::Version {
            dir: dir.to_path_buf(),
            found: payload.fouille,
        });
    }
    let fields = schema::fields_of(&index.schema())
        .ok_or_else(|| corrupt("schema is not fouille's".into()))?;
    let manifest_path = dir.join(&payload.manifest);
    let manifest = if with_manifest || payload.passages.is_none() {
        Some(
            Manifest::load(&manifest_path)
                .map_err(|e| corrupt(format!("manifest {}: {e}", payload.manifest)))?,
        )
    } else if manifest_path.is_file() {
        None
    } else {
        return Err(corrupt(format!("manifest {} is missing", payload.manifest)));
    };
    let expected = manifest
        .as_ref()
        .map_or(payload.passages.unwrap_or(0), Manifest::passages);
    // Every segment file must be there: a deleted or truncated one is caught now, not mid-query.
    use tantivy::index::SegmentComponent as C;
    for segment in index
        .searchable_segment_metas()
        .map_err(|e| corrupt(e.to_string()))?
    {
        let mut components = vec![
            C::Postings,
            C::Positions,
            C::FastFields,
            C::FieldNorms,
            C::Terms,
            C::Store,
        ];
        if segment.has_deletes() {
            components.push(C::Delete);
        }
        for component in components {
            let path = segment.relative_path(component);
            if !dir.join(&path).exists() {
                return Err(corrupt(format!("missing {}", path.display())));
            }
        }
    }
    analysis::register(index.tokenizers());
    // Opening a reader opens every segment file and checks its footer: a truncated file
    // fails here. Cheap: footers only, the data is memory-mapped, not read.
    let reader: IndexReader = index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()
        .map_err(|e: tantivy::TantivyError| corrupt(e.to_string()))?;
    let docs = reader.searcher().num_docs();
    if docs != expected {
        return Err(corrupt(format!(
            "{docs} passages indexed but the manifest lists {expected}"
        )));
    }
    Ok((index, reader, fields, manifest, payload))
}

/// Check every file of the last commit against the checksum in its footer (reads them all).
fn verify_files(index: &Index, dir: &Path) -> Result<(), IndexError> {
    let corrupt = |detail: String| IndexError::Corrupt {
        dir: dir.to_path_buf(),
        detail,
    };
    let bad = guard::catch(|| index.validate_checksum())
        .map_err(|p| corrupt(format!("tantivy failed: {p}")))?
        .map_err(|e| corrupt(e.to_string()))?;
    let mut bad: Vec<String> = bad.iter().map(|p| p.display().to_string()).collect();
    bad.sort();
    match bad.as_slice() {
        [] => Ok(()),
        [one] => Err(corrupt(format!("checksum mismatch in {one}"))),
        [one, rest @ ..] => Err(corrupt(format!(
            "checksum mismatch in {one} and {} other files",
            rest.len()
        ))),
    }
}

/// What `fouille index --check` found.
#[derive(Debug)]
pub struct CheckReport {
    pub files: usize,
    pub passages: u64,
    pub elapsed: Duration,
}

/// Verify the index without changing it: every file's checksum, then every passage's.
pub fn check(corpus_dir: &Path, index_dir: &Path) -> Result<CheckReport, IndexError> {
    let t0 = Instant::now();
    let corpus_path = corpus_folder(corpus_dir)?;
    let (index, reader, fields, _, _) = open_guarded(index_dir, false, Some(&corpus_path))?;
    verify_files(&index, index_dir)?;
    let corrupt = |detail: String| IndexError::Corrupt {
        dir: index_dir.to_path_buf(),
        detail,
    };
    let files = index.directory().list_managed_files().len();
    let searcher = reader.searcher();
    let mut passages = 0;
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let alive = segment.alive_bitset();
        for doc_id in 0..segment.max_doc() {
            if alive.is_some_and(|a| !a.is_alive(doc_id)) {
                continue;
            }
            let addr = tantivy::DocAddress::new(ord as u32, doc_id);
            let doc = stored::read_doc(&searcher, addr).map_err(corrupt)?;
            if !verify(&doc, &fields) {
                return Err(corrupt(format!(
                    "passage {doc_id} of segment {ord}: checksum mismatch"
                )));
            }
            passages += 1;
        }
    }
    Ok(CheckReport {
        files,
        passages,
        elapsed: t0.elapsed(),
    })
}

/// Rebuild the index from the corpus after damage was found while searching.
pub fn repair(
    corpus_dir: &Path,
    index_dir: &Path,
    say: &mut dyn FnMut(&str),
) -> Result<Searchable, IndexError> {
    let options = RefreshOptions {
        full: true,
        ..RefreshOptions::default()
    };
    let report = refresh_with(corpus_dir, index_dir, &options, &mut |_| {}, say)?;
    say(&report.summary());
    search_for(index_dir, corpus_folder(corpus_dir).ok().as_deref())
}

/// The fields of an index, failing if its schema is not fouille's.
pub fn fields_of_index(index: &Index) -> Result<Fields, IndexError> {
    schema::fields_of(&index.schema()).ok_or_else(|| IndexError::Corrupt {
        dir: PathBuf::new(),
        detail: "schema is not fouille's".into(),
    })
}

fn is_empty_or_harmless(dir: &Path) -> bool {
    files::is_empty_or_ours(dir)
}

/// The default index folder of a corpus (see [`DEFAULT_INDEX_DIR`]).
pub fn default_dir(corpus_dir: &Path) -> PathBuf {
    corpus_dir.join(DEFAULT_INDEX_DIR)
}

/// The corpus folder, canonical; a missing one (or a file) is the error to tell.
pub fn corpus_folder(corpus_dir: &Path) -> Result<PathBuf, IndexError> {
    let missing = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => CorpusError::Missing {
            root: corpus_dir.to_path_buf(),
        },
        _ => CorpusError::unreadable_folder(corpus_dir, e),
    };
    let meta = fs::metadata(corpus_dir).map_err(missing)?;
    if !meta.is_dir() {
        return Err(CorpusError::NotAFolder {
            root: corpus_dir.to_path_buf(),
        }
        .into());
    }
    Ok(fs::canonicalize(corpus_dir).map_err(missing)?)
}

/// The canonical index folder, if it exists.
fn canonical(dir: &Path) -> Option<PathBuf> {
    fs::canonicalize(dir).ok()
}

/// Refuse a corpus inside (or equal to) its index folder: rebuilding the index must never
/// come near the articles.
fn check_layout(corpus: &Path, index_dir: &Path) -> Result<(), IndexError> {
    if let Some(index) = canonical(index_dir)
        && corpus.starts_with(&index)
    {
        return Err(IndexError::CorpusInsideIndex {
            corpus: corpus.to_path_buf(),
            dir: index_dir.to_path_buf(),
        });
    }
    Ok(())
}

/// Whether the index recorded for `recorded` may serve `corpus`. An index inside its corpus
/// folder always belongs to it (the folder may have been moved or renamed).
fn same_corpus(dir: &Path, recorded: &str, corpus: &Path) -> bool {
    recorded == corpus.to_string_lossy()
        || canonical(dir).is_some_and(|d| d.parent() == Some(corpus))
}

fn create(dir: &Path) -> Result<Opened, IndexError> {
    fs::create_dir_all(dir).map_err(io_err(dir))?;
    if !dir.join(MARKER).exists() && !is_empty_or_harmless(dir) {
        return Err(IndexError::Foreign(dir.to_path_buf()));
    }
    // The marker goes first: from now on this folder is ours to rebuild.
    fs::write(
        dir.join(MARKER),
        format!("fouille index, format {SCHEMA_VERSION}\n"),
    )
    .map_err(io_err(dir))?;
    files::wipe(dir).map_err(io_err(dir))?;
    let (schema, fields) = build_schema();
    let index = Index::create_in_dir(dir, schema).map_err(tv_err(dir))?;
    analysis::register(index.tokenizers());
    Ok(Opened {
        index,
        fields,
        manifest: Manifest::default(),
        stamps: None,
    })
}

/// What differs between the corpus on disk and the index.
#[derive(Debug, Default)]
pub struct Plan {
    /// Articles added, or whose size or modification time changed.
    pub changed: Vec<CorpusFile>,
    /// Articles in the index that are gone from the corpus.
    pub removed: Vec<String>,
    pub unchanged: usize,
    pub warnings: Vec<String>,
    /// Files of a format fouille does not read.
    pub skipped: Vec<corpus::SkippedFile>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.removed.is_empty()
    }

    /// One line for the user: why the index is being refreshed.
    pub fn describe(&self) -> String {
        let added = self.changed.len();
        format!(
            "{added} article{} added or changed, {} removed",
            if added == 1 { "" } else { "s" },
            self.removed.len()
        )
    }
}

/// Compare the corpus folder with a manifest, by path, size and modification time (cheap:
/// one `stat` per file; contents are hashed only for files that look changed).
pub fn plan(corpus_dir: &Path, manifest: &Manifest) -> Result<Plan, IndexError> {
    Ok(diff(discover(corpus_dir)?, manifest))
}

/// The articles of the corpus folder; none at all is an error worth telling.
fn discover(corpus_dir: &Path) -> Result<corpus::Discovery, IndexError> {
    discover_outside(corpus_dir, None)
}

/// The articles of the corpus folder, leaving out the index folder when it lives inside.
fn discover_outside(
    corpus_dir: &Path,
    index_dir: Option<&Path>,
) -> Result<corpus::Discovery, IndexError> {
    let mut discovery = corpus::discover(corpus_dir)?;
    if let (Some(corpus), Some(index)) = (canonical(corpus_dir), index_dir.and_then(canonical))
        && let Ok(inner) = index.strip_prefix(&corpus)
    {
        let prefix = format!("{}/", inner.to_string_lossy());
        discovery.files.retain(|f| !f.rel.starts_with(&prefix));
    }
    if discovery.files.is_empty() {
        return Err(IndexError::EmptyCorpus(corpus_dir.to_path_buf()));
    }
    Ok(discovery)
}

fn diff(discovery: corpus::Discovery, manifest: &Manifest) -> Plan {
    let mut plan = Plan {
        warnings: discovery.warnings,
        skipped: discovery.skipped,
        ..Plan::default()
    };
    let mut seen = std::collections::HashSet::with_capacity(discovery.files.len());
    for file in discovery.files {
        seen.insert(file.rel.clone());
        match manifest.articles.get(&file.rel) {
            Some(e) if e.size == file.size && e.mtime_ns == file.mtime_ns => plan.unchanged += 1,
            _ => plan.changed.push(file),
        }
    }
    plan.removed = manifest
        .articles
        .keys()
        .filter(|k| !seen.contains(*k))
        .cloned()
        .collect();
    plan
}

/// The writer's memory budget per indexing thread. Each thread's segment is written out
/// when its budget is used up, and tantivy merges eight segments of a size into one: at
/// 64 MB, ~1 M passages made ~12 segments and an 8-way merge (~18 % of the CPU time of
/// the build); at 128 MB they make 6 and no merge, for the same peak memory (~540 MB:
/// the merge's peak is gone, the larger budget takes its place). 96 MB is the worst
/// choice there: 8 full segments, all merged into one.
pub const MEMORY_BUDGET_PER_THREAD: usize = 128 * 1024 * 1024;
/// The budget of all threads together, whatever their number.
pub const MAX_MEMORY_BUDGET: usize = 512 * 1024 * 1024;

#[derive(Clone, Debug)]
pub struct RefreshOptions {
    /// Ignore what is indexed and rebuild everything.
    pub full: bool,
    /// Indexing threads (tantivy's writer analyses documents on these).
    pub threads: usize,
    /// Memory budget of the writer, in bytes, all threads together: it bounds peak memory
    /// whatever the corpus size.
    pub memory_budget: usize,
}

impl Default for RefreshOptions {
    fn default() -> Self {
        let threads = std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .clamp(1, 8);
        RefreshOptions {
            full: false,
            threads,
            memory_budget: (MEMORY_BUDGET_PER_THREAD * threads).min(MAX_MEMORY_BUDGET),
        }
    }
}

/// Progress of a refresh, reported after each article.
#[derive(Clone, Copy, Debug, Default)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
    pub bytes_done: u64,
    pub bytes_total: u64,
}

/// What a refresh did.
#[derive(Debug, Default)]
pub struct Report {
    /// Articles and passages in the index after the refresh.
    pub articles: u64,
    pub passages: u64,
    pub added: u64,
    pub updated: u64,
    pub removed: u64,
    pub unchanged: u64,
    /// Bytes of text read and analysed.
    pub bytes: u64,
    /// Why the index was rebuilt from scratch, if it was.
    pub rebuilt: Option<String>,
    /// One line per file skipped or decoded specially.
    pub warnings: Vec<String>,
    /// Files of a format fouille does not read (named in the summary).
    pub skipped: Vec<corpus::SkippedFile>,
    pub elapsed: Duration,
    /// Segments of the index after the refresh (merges are waited for: they stay few).
    pub segments: usize,
}

/// The writer lock of an index folder, held until dropped (the OS releases it if the
/// process dies, so a killed indexer never leaves a stale lock).
#[derive(Debug)]
pub struct WriteLock {
    _file: fs::File,
}

/// The longest wait `FOUILLE_LOCK_WAIT` may ask for (larger values are capped).
pub const MAX_LOCK_WAIT: Duration = Duration::from_secs(7 * 24 * 3600);

/// How long to wait for another indexer: `FOUILLE_LOCK_WAIT` seconds (capped at a week),
/// else 60 s.
pub fn lock_wait() -> Duration {
    std::env::var(LOCK_WAIT_ENV)
        .ok()
        .and_then(|v| parse_wait(&v))
        .unwrap_or(DEFAULT_LOCK_WAIT)
}

fn parse_wait(v: &str) -> Option<Duration> {
    let secs = v.trim().parse::<f64>().ok()?;
    (secs.is_finite() && secs >= 0.0).then(|| {
        Duration::try_from_secs_f64(secs.min(MAX_LOCK_WAIT.as_secs_f64())).unwrap_or(MAX_LOCK_WAIT)
    })
}

/// Take the writer lock of `dir`, creating the folder if needed, waiting up to `wait` for
/// another `fouille index` (saying so once). A folder that is not fouille's is refused before
/// anything is written into it.
pub fn lock(
    dir: &Path,
    wait: Duration,
    say: &mut dyn FnMut(&str),
) -> Result<WriteLock, IndexError> {
    if dir.exists() && !dir.join(MARKER).exists() && !is_empty_or_harmless(dir) {
        return Err(IndexError::Foreign(dir.to_path_buf()));
    }
    fs::create_dir_all(dir).map_err(io_err(dir))?;
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(LOCK))
        .map_err(io_err(dir))?;
    let now = Instant::now();
    let deadline = now.checked_add(wait).unwrap_or(now + MAX_LOCK_WAIT);
    let mut told = false;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(WriteLock { _file: file }),
            Err(fs::TryLockError::WouldBlock) => {}
            Err(fs::TryLockError::Error(e)) => return Err(io_err(dir)(e)),
        }
        if Instant::now() >= deadline {
            return Err(IndexError::Locked(dir.to_path_buf()));
        }
        if !told {
            say(&format!(
                "waiting for another fouille index to finish writing '{}' (up to {} s, set {LOCK_WAIT_ENV} to change)…",
                dir.display(),
                wait.as_secs()
            ));
            told = true;
        }
        std::thread::sleep(Duration::from_millis(100).min(deadline - Instant::now()));
    }
}

/// Whether another `fouille index` holds the writer lock of `dir` right now.
fn is_locked(dir: &Path) -> bool {
    fs::OpenOptions::new()
        .write(true)
        .open(dir.join(LOCK))
        .is_ok_and(|f| matches!(f.try_lock(), Err(fs::TryLockError::WouldBlock)))
}

/// An error's message without its "run `fouille index`…" advice (when fouille is doing it).
fn reason(e: &IndexError) -> String {
    e.to_string()
        .trim_end_matches(": run `fouille index` to build it")
        .trim_end_matches(": run `fouille index` to rebuild it")
        .to_string()
}

/// Bring the index in `index_dir` up to date with `corpus_dir`.
pub fn refresh(
    corpus_dir: &Path,
    index_dir: &Path,
    options: &RefreshOptions,
    on_progress: &mut dyn FnMut(Progress),
) -> Result<Report, IndexError> {
    refresh_with(corpus_dir, index_dir, options, on_progress, &mut |_| {})
}

/// [`refresh`], telling `say` when it waits for another indexer (see [`lock_wait`]).
///
/// Atomic: documents and manifest change in one tantivy commit, so a run killed at any
/// moment leaves the index as it was after the last complete run (or, for a first build,
/// an index that the next run rebuilds). Even `full` keeps the old state until its commit.
pub fn refresh_with(
    corpus_dir: &Path,
    index_dir: &Path,
    options: &RefreshOptions,
    on_progress: &mut dyn FnMut(Progress),
    say: &mut dyn FnMut(&str),
) -> Result<Report, IndexError> {
    let t0 = Instant::now();
    let mut report = Report::default();
    // Check the corpus before touching the index: a bad --corpus never damages it.
    let corpus_path = corpus_folder(corpus_dir)?;
    check_layout(&corpus_path, index_dir)?;
    let new_index = !index_dir.exists();
    let mut discovery = discover_outside(corpus_dir, Some(index_dir))?;
    let _lock = lock(index_dir, lock_wait(), say)?;
    // Repetition counts and user rules (corpus::leftovers); other rules: parse all again.
    let (mut leftovers, rules_warning) = corpus::Leftovers::for_index(index_dir);
    report.warnings.extend(rules_warning);
    let rules_changed = leftovers.rules_changed();
    if new_index {
        // Creating the index folder inside the corpus changed its parent's time: look again,
        // so the folder times recorded are those after it.
        discovery = discover_outside(corpus_dir, Some(index_dir))?;
    }
    let rebuild = options.full || rules_changed;
    // Opened under the lock: another indexer may just have changed it.
    let mut full = false;
    // Every run verifies every file's checksum: `fouille index` is the repair command.
    let opened = open_for(index_dir, Some(&corpus_path)).and_then(|o| {
        if rebuild {
            return Ok(o);
        }
        verify_files(&o.index, index_dir)?;
        Ok(o)
    });
    let opened = match opened {
        Ok(o) if !rebuild => o,
        Ok(o) => {
            report.rebuilt = Some(
                if options.full {
                    "full rebuild requested"
                } else {
                    "leftover rules changed"
                }
                .into(),
            );
            full = true;
            Opened {
                manifest: Manifest::default(),
                ..o
            }
        }
        Err(e) if e.is_rebuildable() => {
            if !matches!(e, IndexError::Missing(_)) {
                report.rebuilt = Some(reason(&e));
            }
            create(index_dir)?
        }
        Err(e) => return Err(e),
    };
    let Opened {
        index,
        fields,
        mut manifest,
        stamps,
    } = opened;
    let created = manifest.articles.is_empty();
    if created || full {
        leftovers.templates.clear();
    }
    let dirs = DirStamps {
        dirs: discovery.dirs.clone(),
    };
    // Folder times moved with no article changed (a note added, a file renamed back):
    // committed anyway, so the quick freshness check of searches holds again.
    let restamp = stamps.as_ref() != Some(&dirs);
    let plan = diff(discovery, &manifest);
    report.warnings.extend(plan.warnings.iter().cloned());
    report.skipped.clone_from(&plan.skipped);
    report.unchanged = plan.unchanged as u64;

    // Written in one go; on failure the partial files go and the last commit stays.
    // Same tokens as the search-time chains, each text analysed once for its fields.
    analysis::register_for_indexing(index.tokenizers());
    let applied = (|| -> Result<(), IndexError> {
        let mut writer: IndexWriter<TantivyDocument> = index
            .writer_with_num_threads(options.threads, options.memory_budget)
            .map_err(tv_err(index_dir))?;
        if full {
            // Dropped at the commit, with the new documents: until then readers see the old ones.
            writer.delete_all_documents().map_err(tv_err(index_dir))?;
        }
        let mut progress = Progress {
            total: plan.changed.len() as u64,
            bytes_total: plan.changed.iter().map(|f| f.size).sum(),
            ..Progress::default()
        };
        let mut dirty = false;
        for rel in &plan.removed {
            writer.delete_term(Term::from_field_text(fields.doc, rel));
            manifest.articles.remove(rel);
            leftovers.templates.forget(rel);
            report.removed += 1;
            dirty = true;
        }
        for file in &plan.changed {
            progress.done += 1;
            progress.bytes_done += file.size;
            let previous = manifest.articles.get(&file.rel).cloned();
            let mut loaded = match corpus::load(file) {
                Ok(l) => l,
                Err(e) => {
                    report.warnings.push(format!("skipped: {e}"));
                    // Unreadable now: keep what was indexed rather than lose it. Not text any
                    // more: its old passages would be wrong, so they go.
                    if matches!(
                        e,
                        CorpusError::NotText { .. } | CorpusError::TooLarge { .. }
                    ) && previous.is_some()
                    {
                        writer.delete_term(Term::from_field_text(fields.doc, &file.rel));
                        manifest.articles.remove(&file.rel);
                        report.removed += 1;
                        dirty = true;
                    }
                    on_progress(progress);
                    continue;
                }
            };
            if let Some(notice) = loaded.notice.take() {
                report.warnings.push(notice);
            }
            if previous.as_ref().is_none_or(|p| p.hash != loaded.hash) {
                leftovers.templates.learn(&loaded.article);
                leftovers.strip(&mut loaded.article);
            }
            let entry = Entry {
                size: file.size,
                mtime_ns: file.mtime_ns,
                hash: loaded.hash,
                passages: loaded.article.passages.len() as u32,
            };
            match &previous {
                // Touched but not changed: only the manifest learns the new mtime.
                Some(p) if p.hash == entry.hash => report.unchanged += 1,
                Some(_) => {
                    writer.delete_term(Term::from_field_text(fields.doc, &file.rel));
                    report.updated += 1;
                }
                None => report.added += 1,
            }
            if previous.as_ref().is_none_or(|p| p.hash != entry.hash) {
                report.bytes += file.size;
                add_article(&writer, &fields, &loaded.article).map_err(tv_err(index_dir))?;
            }
            manifest.articles.insert(file.rel.clone(), entry);
            dirty = true;
            on_progress(progress);
        }
        // Articles indexed before one of their lines became (or stopped being) template.
        for rel in leftovers.templates.to_redo() {
            let Some(entry) = manifest.articles.get_mut(&rel) else {
                continue;
            };
            let file = CorpusFile {
                path: corpus_dir.join(&rel),
                rel: rel.clone(),
                size: entry.size,
                mtime_ns: entry.mtime_ns,
            };
            // Changed or gone since: the next refresh sees it as such.
            let Some(mut loaded) = corpus::load(&file).ok().filter(|l| l.hash == entry.hash) else {
                continue;
            };
            leftovers.strip(&mut loaded.article);
            writer.delete_term(Term::from_field_text(fields.doc, &rel));
            add_article(&writer, &fields, &loaded.article).map_err(tv_err(index_dir))?;
            entry.passages = loaded.article.passages.len() as u32;
            dirty = true;
        }
        if (dirty || created)
            && let Err(e) = leftovers.save(index_dir)
        {
            report.warnings.push(format!(
                "cannot save leftover counts in '{}': {e}: repetition will be counted again",
                index_dir.display()
            ));
        }
        if dirty || created || restamp {
            commit(&mut writer, &manifest, &dirs, index_dir, &corpus_path)?;
        }
        if dirty || created {
            // Merges finish before the process exits: segments stay few.
            writer.wait_merging_threads().map_err(tv_err(index_dir))?;
        }
        Ok(())
    })();
    if let Err(e) = applied {
        files::clean_after_failure(index_dir);
        return Err(space_error(e, index_dir));
    }
    report.segments = index.searchable_segment_ids().map_or(0, |s| s.len());
    report.articles = manifest.articles.len() as u64;
    report.passages = manifest.passages();
    report.elapsed = t0.elapsed();
    Ok(report)
}

fn add_article(
    writer: &IndexWriter<TantivyDocument>,
    fields: &Fields,
    article: &corpus::Article,
) -> tantivy::Result<()> {
    let date = article.date.as_deref().and_then(schema::date_number);
    for p in &article.passages {
        let mut document = doc!(
            fields.doc => article.path.as_str(),
            fields.passage => u64::from(p.no),
            fields.start => p.start as u64,
            fields.end => p.end as u64,
            fields.line => u64::from(p.line),
            fields.title => article.title.as_str(),
            fields.heading => p.heading.as_deref().unwrap_or(""),
            fields.body => p.text.as_str(),
            fields.body_exact => p.text.as_str(),
            fields.body_pairs => p.text.as_str(),
        );
        if p.no == 1 {
            // The lead passage stands for its article's title: a headline phrase with
            // stop words finds it (search::compile).
            document.add_text(fields.body_pairs, article.title.as_str());
            document.add_text(fields.lead_title, article.title.as_str());
        }
        if let Some(date) = date {
            document.add_u64(fields.date, date);
        }
        if let Some(site) = &article.site {
            document.add_text(fields.site, site);
        }
        if let Some(source) = &article.source_url {
            document.add_text(fields.source, source);
        }
        document.add_u64(fields.checksum, schema::checksum(&document, fields));
        writer.add_document(document)?;
    }
    Ok(())
}

/// Write the manifest, then commit documents and a payload naming it in one atomic step.
fn commit(
    writer: &mut IndexWriter<TantivyDocument>,
    manifest: &Manifest,
    dirs: &DirStamps,
    dir: &Path,
    corpus: &Path,
) -> Result<(), IndexError> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let stem = format!("{MANIFEST_PREFIX}{stamp}-{}", std::process::id());
    let name = format!("{stem}.json");
    manifest.save(&dir.join(&name)).map_err(io_err(dir))?;
    let dirs_name = format!("{stem}.dirs.json");
    dirs.save(&dir.join(&dirs_name)).map_err(io_err(dir))?;
    let payload = serde_json::to_string(&Payload::new(name.clone(), manifest, corpus, dirs_name))
        .map_err(|e| io_err(dir)(std::io::Error::other(e)))?;
    let mut prepared = writer.prepare_commit().map_err(tv_err(dir))?;
    prepared.set_payload(&payload);
    prepared.commit().map_err(tv_err(dir))?;
    manifest::remove_stale(dir, &name);
    Ok(())
}

/// Open the index for searching, (re)building it first if it is missing, damaged, of
/// another version, or older than the corpus. `say` receives one line per thing done.
pub fn open_fresh(
    corpus_dir: &Path,
    index_dir: &Path,
    check_corpus: bool,
    say: &mut dyn FnMut(&str),
) -> Result<Searchable, IndexError> {
    // A mistyped --corpus is the error to tell, whatever index there is.
    let corpus_path = corpus_folder(corpus_dir)?;
    check_layout(&corpus_path, index_dir)?;
    if !check_corpus {
        // No freshness check: no need to read the manifest either.
        match search_for(index_dir, Some(&corpus_path)) {
            Ok(searchable) => return Ok(searchable),
            Err(e) if !e.is_rebuildable() => return Err(e),
            Err(_) => {}
        }
    }
    // The index as it is, kept to answer from if it cannot be refreshed.
    let mut current = None;
    let reason = match open_guarded(index_dir, false, Some(&corpus_path)) {
        Ok((index, reader, fields, manifest, payload)) => 'fresh: {
            let searchable = Searchable {
                index,
                reader,
                fields,
            };
            // Edited leftover rules change every article's passages: rebuild first.
            if corpus::Leftovers::rules_changed_since(index_dir) && !is_locked(index_dir) {
                current = Some(searchable);
                break 'fresh "the leftover rules changed".to_string();
            }
            if folders_unchanged(corpus_dir, index_dir, &payload) {
                return Ok(searchable);
            }
            let manifest = match manifest {
                Some(m) => Ok(m),
                None => Manifest::load(&index_dir.join(&payload.manifest)).and_then(|m| {
                    // The manifest must describe the committed documents.
                    match payload.passages {
                        Some(n) if n != m.passages() => Err(std::io::Error::other(format!(
                            "it lists {} passages, {n} are indexed",
                            m.passages()
                        ))),
                        _ => Ok(m),
                    }
                }),
            };
            let manifest = match manifest {
                Ok(m) => m,
                Err(e) => {
                    // The manifest went bad since the commit: a rebuild repairs it.
                    drop(searchable);
                    discover_outside(corpus_dir, Some(index_dir))?;
                    break 'fresh reason(&IndexError::Corrupt {
                        dir: index_dir.to_path_buf(),
                        detail: format!("manifest {}: {e}", payload.manifest),
                    });
                }
            };
            let discovered = discover_outside(corpus_dir, Some(index_dir));
            match discovered.map(|d| diff(d, &manifest)) {
                Ok(p) if p.is_empty() => return Ok(searchable),
                // Another indexer is at work: answer from its last commit rather than wait.
                Ok(p) if is_locked(index_dir) => {
                    say(&format!(
                        "the index is older than the corpus ({}) and another fouille index is updating it: answering from the last complete index",
                        p.describe()
                    ));
                    return Ok(searchable);
                }
                Ok(p) => {
                    current = Some(searchable);
                    format!("the index is older than the corpus ({})", p.describe())
                }
                // The index still answers when the corpus cannot be read: say so, keep going.
                Err(e) => {
                    say(&format!(
                        "warning: cannot check the index against the corpus: {e}"
                    ));
                    return Ok(searchable);
                }
            }
        }
        Err(e) if e.is_rebuildable() => {
            // A bad --corpus is the error to tell, not the index to build.
            discover_outside(corpus_dir, Some(index_dir))?;
            reason(&e)
        }
        Err(e) => return Err(e),
    };
    say(&format!("{reason}; indexing '{}'…", corpus_dir.display()));
    let refreshed = refresh_with(
        corpus_dir,
        index_dir,
        &RefreshOptions::default(),
        &mut |_| {},
        say,
    );
    let report = match refreshed {
        Ok(report) => report,
        // Read-only folder, full disk, …: the last commit is intact, answer from it.
        Err(e) if !e.is_rebuildable() && !matches!(e, IndexError::Corpus(_)) => {
            let Some(searchable) = current else {
                return Err(e);
            };
            say(&format!(
                "could not refresh the index ({}): answering from the last complete index",
                reason_of_failure(&e)
            ));
            return Ok(searchable);
        }
        Err(e) => return Err(e),
    };
    for w in &report.warnings {
        say(&format!("warning: {w}"));
    }
    say(&report.summary());
    search_for(index_dir, Some(&corpus_path))
}

impl Report {
    /// The one-line summary printed after indexing.
    pub fn summary(&self) -> String {
        let secs = self.elapsed.as_secs_f64();
        let rate = if secs > 0.0 && self.bytes > 0 {
            format!(", {}/s", human_bytes((self.bytes as f64 / secs) as u64))
        } else {
            String::new()
        };
        format!(
            "indexed {} articles, {} passages in {:.2} s ({} added, {} updated, {} removed, {} unchanged; {} analysed{rate}; {} segment{})",
            self.articles,
            self.passages,
            secs,
            self.added,
            self.updated,
            self.removed,
            self.unchanged,
            human_bytes(self.bytes),
            self.segments,
            if self.segments == 1 { "" } else { "s" }
        ) + &corpus::skipped_line(&self.skipped)
            .map(|line| format!("; {line}"))
            .unwrap_or_default()
    }
}

/// `1536` → `1.5 KB`: a size with a unit that fits (never "0.0 MB").
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if n < 1000 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1000.0;
    let mut unit = 0;
    while v >= 999.95 && unit < UNITS.len() - 1 {
        v /= 1000.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_wait_never_overflows() {
        assert_eq!(parse_wait("2.5"), Some(Duration::from_millis(2500)));
        for huge in ["1e20", "9.3e18", "1.8e19", "1e308"] {
            assert_eq!(parse_wait(huge), Some(MAX_LOCK_WAIT), "{huge}");
        }
        for bad in ["-1", "NaN", "inf", "soon"] {
            assert_eq!(parse_wait(bad), None, "{bad}");
        }
    }
}
