//! The articles of one index snapshot: what `/api/articles` lists and the only documents
//! `/api/articles/{doc}` will answer for. Built from the index (never from a path in a
//! request), and limited to articles whose file really lies inside the corpus folder.

use std::collections::HashMap;
use std::path::{Component, Path};

use serde::Serialize;
use tantivy::Searcher;

use crate::index::{Fields, Manifest};
use crate::inspect;

/// One article as listed by `/api/articles`.
#[derive(Clone, Debug, Serialize)]
pub struct ArticleInfo {
    /// Path relative to the corpus folder (the `doc` of hits).
    pub path: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub passages: u32,
}

/// Every article of a snapshot, by path, in path order.
#[derive(Debug, Default)]
pub struct Catalog {
    pub articles: Vec<ArticleInfo>,
    by_path: HashMap<String, usize>,
}

impl Catalog {
    /// The articles of `manifest` that resolve inside `corpus` (symlinks followed), with
    /// title, date and site read from their first passage in the index.
    pub fn build(
        manifest: &Manifest,
        searcher: &Searcher,
        fields: &Fields,
        corpus: &Path,
    ) -> tantivy::Result<Catalog> {
        let root = corpus.canonicalize().ok();
        let mut catalog = Catalog::default();
        // Title, date and site of each article as `fouille list` reads them (one search).
        for a in inspect::articles(searcher, fields, manifest)? {
            if a.passages == 0 || !inside(root.as_deref(), corpus, &a.doc) {
                continue;
            }
            catalog
                .by_path
                .insert(a.doc.clone(), catalog.articles.len());
            catalog.articles.push(ArticleInfo {
                path: a.doc,
                title: a.title,
                date: a.date,
                site: a.site,
                source: a.source,
                passages: a.passages,
            });
        }
        Ok(catalog)
    }

    pub fn get(&self, path: &str) -> Option<&ArticleInfo> {
        self.by_path.get(path).map(|&i| &self.articles[i])
    }

    pub fn contains(&self, path: &str) -> bool {
        self.by_path.contains_key(path)
    }

    pub fn passages(&self) -> u64 {
        self.articles.iter().map(|a| u64::from(a.passages)).sum()
    }
}

/// Whether `rel` is a plain relative path (no `..`, no root, no drive, no backslash, no NUL)
/// whose file, symlinks resolved, lies under the corpus root.
fn inside(root: Option<&Path>, corpus: &Path, rel: &str) -> bool {
    if !is_plain_relative(rel) {
        return false;
    }
    let Some(root) = root else { return false };
    match corpus.join(rel).canonicalize() {
        Ok(real) => real.starts_with(root),
        // Gone since it was indexed: its passages are still the index's, inside the corpus.
        Err(_) => true,
    }
}

/// A relative path made of normal components only: what a `doc` from a request must be.
pub fn is_plain_relative(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.contains(['\\', '\0'])
        && Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
        && !rel
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == "..")
}

#[cfg(test)]
mod tests {
    use super::is_plain_relative;

    #[test]
    fn only_plain_relative_paths_pass() {
        for ok in ["a.txt", "sub/a.txt", "%2e%2e/x", "été/à b.txt"] {
            assert!(is_plain_relative(ok), "{ok}");
        }
        for bad in [
            "",
            "../x",
            "a/../../x",
            "/etc/passwd",
            "./a.txt",
            "a//b",
            "a\\..\\b",
            "a\0b",
            "..",
            "sub/",
        ] {
            assert!(!is_plain_relative(bad), "{bad:?}");
        }
    }
}
