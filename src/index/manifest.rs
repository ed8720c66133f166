//! What the index holds, article by article: the basis of incremental updates.
//!
//! The manifest is written to its own file *before* the tantivy commit, and the commit's
//! payload names it; so the index and its manifest change together, atomically. A run
//! killed before the commit leaves only an orphan manifest file, removed by the next run.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::schema::SCHEMA_VERSION;

/// One indexed article as it was on disk when indexed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub size: u64,
    pub mtime_ns: i128,
    pub hash: u64,
    pub passages: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Keyed by the article's path relative to the corpus folder.
    pub articles: BTreeMap<String, Entry>,
}

/// The tantivy commit payload: identifies a fouille index and its manifest file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payload {
    pub fouille: u32,
    pub manifest: String,
    /// Passages the manifest lists: lets a search check the index without reading the
    /// manifest (megabytes at 100,000 articles).
    #[serde(default)]
    pub passages: Option<u64>,
    /// Canonical path of the corpus folder indexed: the index serves no other.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corpus: Option<String>,
    /// Articles the manifest lists (decides how the freshness check is done).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub articles: Option<u64>,
    /// The file of [`DirStamps`] of this commit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dirs: Option<String>,
}

impl Payload {
    pub fn new(manifest: String, m: &Manifest, corpus: &Path, dirs: String) -> Self {
        Payload {
            fouille: SCHEMA_VERSION,
            manifest,
            passages: Some(m.passages()),
            corpus: Some(corpus.to_string_lossy().into_owned()),
            articles: Some(m.articles.len() as u64),
            dirs: Some(dirs),
        }
    }
}

/// The corpus folders as they were when indexed (relative path, modification time): a
/// small file, so that a search can tell that no file was added, removed or renamed
/// without reading the manifest or listing every file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirStamps {
    pub dirs: Vec<(String, i128)>,
}

impl DirStamps {
    pub fn load(path: &Path) -> std::io::Result<DirStamps> {
        let bytes = fs::read(path)?;
        serde_json::from_slice(&bytes).map_err(std::io::Error::other)
    }

    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        save_json(self, path)
    }
}

/// Write durably: temp file, fsync, rename.
fn save_json(value: &impl Serialize, path: &Path) -> std::io::Result<()> {
    let tmp = path.with_extension("json.tmp");
    {
        let mut f = fs::File::create(&tmp)?;
        let bytes = serde_json::to_vec(value).map_err(std::io::Error::other)?;
        f.write_all(&bytes)?;
        f.sync_all()?;
    }
    fs::rename(&tmp, path)
}

impl Manifest {
    pub fn passages(&self) -> u64 {
        self.articles.values().map(|e| u64::from(e.passages)).sum()
    }

    pub fn load(path: &Path) -> std::io::Result<Manifest> {
        let bytes = fs::read(path)?;
        serde_json::from_slice(&bytes).map_err(std::io::Error::other)
    }

    /// Write durably: temp file, fsync, rename.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        save_json(self, path)
    }
}

pub const MANIFEST_PREFIX: &str = "fouille-manifest-";

/// Whether `name` belongs to the commit whose manifest is `manifest` (the manifest itself
/// or its companion files, `<stem>.dirs.json`).
pub fn same_commit(name: &str, manifest: &str) -> bool {
    let stem = manifest.strip_suffix(".json").unwrap_or(manifest);
    !stem.is_empty()
        && name
            .strip_prefix(stem)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// Remove manifest files other than those of `keep` (left by older commits or killed runs).
pub fn remove_stale(dir: &Path, keep: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(MANIFEST_PREFIX) && !same_commit(&name, keep) {
            let _ = fs::remove_file(e.path());
        }
    }
}
