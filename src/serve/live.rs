//! The index as the server sees it: an immutable snapshot (engine + catalog) swapped in
//! whole when the corpus changed. A search clones the current `Arc` and never waits for a
//! refresh: the refresher builds the next snapshot aside, then swaps one pointer.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::Serialize;

use super::cache::ResponseCache;
use super::catalog::Catalog;
use super::pool::Pool;
use crate::index::{self, Fields, IndexError, Manifest, RefreshOptions};
use crate::search::{Engine, Synonyms};

/// One opened state of the index.
pub struct Snapshot {
    pub engine: Engine,
    pub fields: Fields,
    /// The articles as last indexed (what a refresh compares the corpus with).
    pub manifest: Manifest,
    pub catalog: Catalog,
    /// The tantivy commit this snapshot reads (a new one means: reload).
    pub opstamp: u64,
    /// Seconds since the Unix epoch when it was opened.
    pub opened_at: u64,
    /// `/api/search` answers from this snapshot (dropped with it).
    pub cache: ResponseCache,
}

/// What `/api/health` says about the index beyond the snapshot.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Status {
    /// `ready`, `refreshing`, or `stale` (the last refresh failed; searches still answer
    /// from the last good snapshot).
    pub state: &'static str,
    /// Seconds since the epoch of the last refresh that finished (successful or not).
    pub last_refresh: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// Refreshes that changed the index since the server started.
    pub reloads: u64,
}

/// Where the corpus and the index are, and how to keep them in step.
#[derive(Clone, Debug)]
pub struct Sources {
    pub corpus: PathBuf,
    pub index: PathBuf,
    pub synonyms: Option<Synonyms>,
    /// Re-index the corpus in the background (false: only follow an external `fouille index`).
    pub refresh: bool,
    pub every: Duration,
    /// Budget of each snapshot's response cache, in bytes (0: no cache).
    pub cache_bytes: usize,
}

pub struct Live {
    current: RwLock<Arc<Snapshot>>,
    /// The threads that run searches: one per core. More searches at once only thrash the
    /// cores and the engine's warm analyzers; the rest wait their turn in the pool's queue
    /// (within the time limit).
    pub pool: Pool,
    status: Mutex<Status>,
    pub sources: Sources,
}

impl Live {
    /// Open the index (building or refreshing it first when needed).
    pub fn open(sources: Sources, say: &mut dyn FnMut(&str)) -> Result<Live, IndexError> {
        let searchable = index::open_fresh(&sources.corpus, &sources.index, true, say)?;
        drop(searchable);
        let snapshot = load(&sources)?;
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Ok(Live {
            current: RwLock::new(Arc::new(snapshot)),
            pool: Pool::new(cores.clamp(1, 16)),
            status: Mutex::new(Status {
                state: "ready",
                last_refresh: Some(now()),
                ..Status::default()
            }),
            sources,
        })
    }

    /// The snapshot to answer one request with.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn status(&self) -> Status {
        self.status
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn set_status(&self, f: impl FnOnce(&mut Status)) {
        f(&mut self.status.lock().unwrap_or_else(|e| e.into_inner()));
    }

    /// One refresh: re-index what changed (when enabled), then swap in a new snapshot if
    /// the index has a new commit (ours or another `fouille index`'s).
    pub fn tick(&self) {
        self.set_status(|s| s.state = "refreshing");
        let result = self.refresh_once();
        self.set_status(|s| {
            s.last_refresh = Some(now());
            match result {
                Ok(reloaded) => {
                    s.state = "ready";
                    s.last_error = None;
                    s.reloads += u64::from(reloaded);
                }
                Err(e) => {
                    s.state = "stale";
                    s.last_error = Some(e.to_string());
                }
            }
        });
    }

    fn refresh_once(&self) -> Result<bool, IndexError> {
        // The cheap check first (the corpus against the manifest of the snapshot): most
        // ticks find nothing to do and never open the index for writing.
        let stale = self.sources.refresh
            && !index::plan(&self.sources.corpus, &self.snapshot().manifest)?.is_empty();
        if stale {
            let options = RefreshOptions {
                threads: 1,
                ..RefreshOptions::default()
            };
            index::refresh(
                &self.sources.corpus,
                &self.sources.index,
                &options,
                &mut |_| {},
            )?;
        }
        let current = self.snapshot();
        let opstamp = current
            .engine
            .index()
            .load_metas()
            .map(|m| m.opstamp)
            .unwrap_or(current.opstamp);
        if opstamp == current.opstamp {
            return Ok(false);
        }
        let next = Arc::new(load(&self.sources)?);
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = next;
        Ok(true)
    }
}

/// Open the index and list its articles: the expensive part, done off the request path.
fn load(sources: &Sources) -> Result<Snapshot, IndexError> {
    let opened = index::open(&sources.index)?;
    let fields = opened.fields;
    let opstamp = opened
        .index
        .load_metas()
        .map(|m| m.opstamp)
        .map_err(|e| tv(&sources.index, e))?;
    let mut engine = Engine::from_index(opened.index)?;
    if let Some(s) = &sources.synonyms {
        engine.set_synonyms(s.clone());
    }
    let catalog = Catalog::build(
        &opened.manifest,
        &engine.searcher(),
        &fields,
        &sources.corpus,
    )
    .map_err(|e| tv(&sources.index, e))?;
    Ok(Snapshot {
        engine,
        fields,
        manifest: opened.manifest,
        catalog,
        opstamp,
        opened_at: now(),
        cache: ResponseCache::new(sources.cache_bytes),
    })
}

fn tv(dir: &Path, source: tantivy::TantivyError) -> IndexError {
    IndexError::Tantivy {
        dir: dir.to_path_buf(),
        source,
    }
}

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The background refresher: a thread that ticks every `sources.every` until stopped.
pub struct Refresher {
    stop: mpsc::Sender<()>,
    busy: Arc<AtomicBool>,
    handle: JoinHandle<()>,
}

impl Refresher {
    pub fn start(live: Arc<Live>) -> Refresher {
        let (stop, stopped) = mpsc::channel::<()>();
        let busy = Arc::new(AtomicBool::new(false));
        let flag = busy.clone();
        let handle = std::thread::spawn(move || {
            let every = live.sources.every;
            while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(every) {
                flag.store(true, Ordering::SeqCst);
                live.tick();
                flag.store(false, Ordering::SeqCst);
            }
        });
        Refresher { stop, busy, handle }
    }

    /// Stop ticking; wait up to `grace` for a refresh under way (it is atomic: cutting it
    /// short leaves the index as it was before it started).
    pub fn stop(self, grace: Duration) {
        let _ = self.stop.send(());
        let deadline = Instant::now() + grace;
        while !self.handle.is_finished() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        if self.handle.is_finished() {
            let _ = self.handle.join();
        } else if self.busy.load(Ordering::SeqCst) {
            eprintln!("fouille: leaving a refresh unfinished (the index keeps its last commit)");
        }
    }
}
