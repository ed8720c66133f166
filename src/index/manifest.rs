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
}

impl Payload {
    pub fn new(manifest: String, passages: u64, corpus: &Path) -> Self {
        Payload {
            fouille: SCHEMA_VERSION,
            manifest,
            passages: Some(passages),
            corpus: Some(corpus.to_string_lossy().into_owned()),
        }
    }
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
        let tmp = path.with_extension("json.tmp");
        {
            let mut f = fs::File::create(&tmp)?;
            let bytes = serde_json::to_vec(self).map_err(std::io::Error::other)?;
            f.write_all(&bytes)?;
            f.sync_all()?;
        }
        fs::rename(&tmp, path)
    }
}

pub const MANIFEST_PREFIX: &str = "fouille-manifest-";

/// Remove manifest files other than `keep` (left by older commits or killed runs).
pub fn remove_stale(dir: &Path, keep: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(MANIFEST_PREFIX) && name != keep {
            let _ = fs::remove_file(e.path());
        }
    }
}
