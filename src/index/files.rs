//! Which files of an index folder are fouille's own, by name: the only files a rebuild or a
//! clean-up may delete. Anything else (a user's article, a note) is never touched.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use super::manifest::MANIFEST_PREFIX;

/// Marker file: its presence says a folder is a fouille index, so it may be rebuilt.
pub const MARKER: &str = ".fouille-index";
/// Lock file of `fouille index` (see `lock`).
pub const LOCK: &str = ".fouille-lock";
/// Files fouille may find in an index folder that is not built yet, and leaves alone.
const HARMLESS: &[&str] = &["README.md", ".gitignore", ".gitkeep", LOCK];
/// Files tantivy writes beside its segments.
const TANTIVY_FILES: &[&str] = &[
    "meta.json",
    ".managed.json",
    ".tantivy-meta.lock",
    ".tantivy-writer.lock",
];
/// Extensions of tantivy segment files (`<32 hex digits>.<ext>`).
const SEGMENT_EXTENSIONS: &[&str] = &[
    "idx",
    "pos",
    "term",
    "store",
    "store.temp",
    "fast",
    "fieldnorm",
];

/// The uuid of a tantivy segment file name, when it is one.
fn segment_id(name: &str) -> Option<&str> {
    let (id, ext) = name.split_at_checked(32)?;
    if !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let ext = ext.strip_prefix('.')?;
    let is_delete = ext
        .strip_suffix(".del")
        .is_some_and(|stamp| !stamp.is_empty() && stamp.bytes().all(|b| b.is_ascii_digit()));
    (is_delete || SEGMENT_EXTENSIONS.contains(&ext)).then_some(id)
}

/// A file fouille or tantivy wrote (and may delete): segments, metadata, manifests,
/// locks, the marker, and the temporary files of their atomic writes.
pub fn is_own(name: &str) -> bool {
    name == MARKER
        || name == LOCK
        || TANTIVY_FILES.contains(&name)
        || name.starts_with(MANIFEST_PREFIX)
        || is_templates_file(name)
        || (name.starts_with(".tmp") && name.len() <= 16)
        || segment_id(name).is_some()
}

/// The leftover pipeline's repetition counts (`corpus::TEMPLATES_FILE`) and the
/// temporary file of their atomic write (`<name>.<pid>.tmp`).
fn is_templates_file(name: &str) -> bool {
    let base = crate::corpus::TEMPLATES_FILE;
    name == base
        || name
            .strip_prefix(base)
            .and_then(|rest| rest.strip_prefix('.'))
            .is_some_and(|rest| rest.ends_with(".tmp"))
}

/// Empty, or holding only files fouille may find there (its own leftovers included: a
/// folder emptied while fouille used it is still fouille's).
pub fn is_empty_or_ours(dir: &Path) -> bool {
    match fs::read_dir(dir) {
        Err(_) => true,
        Ok(entries) => entries.flatten().all(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            HARMLESS.contains(&name.as_ref()) || is_own(&name)
        }),
    }
}

/// Delete fouille's own files (all but the marker and the lock), by name; anything else in
/// the folder stays, and folders are never descended into.
pub fn wipe(dir: &Path) -> std::io::Result<()> {
    for e in fs::read_dir(dir)?.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name == MARKER || name == LOCK || !is_own(&name) {
            continue;
        }
        if e.file_type().is_ok_and(|t| t.is_file()) {
            fs::remove_file(e.path())?;
        }
    }
    Ok(())
}

/// After a failed update (its writer dropped): delete what the last commit does not use.
pub fn clean_after_failure(dir: &Path) {
    let Ok(index) = tantivy::Index::open_in_dir(dir) else {
        return;
    };
    let Ok(metas) = index.load_metas() else {
        return;
    };
    let live: HashSet<String> = metas
        .segments
        .iter()
        .map(|s| s.id().uuid_string())
        .collect();
    let manifest = metas
        .payload
        .as_deref()
        .and_then(|p| serde_json::from_str::<super::manifest::Payload>(p).ok())
        .map(|p| p.manifest)
        .unwrap_or_default();
    remove_uncommitted(dir, &live, &manifest);
}

/// Whether 1 MiB can still be written in `dir` (tells a full disk from other failures).
pub fn can_write(dir: &Path) -> bool {
    let probe = dir.join(".tmp-space");
    let ok = fs::write(&probe, vec![0u8; 1 << 20]).is_ok();
    let _ = fs::remove_file(&probe);
    ok
}

/// Delete the segment files that the last commit does not use and the manifests it does
/// not name, so a full disk is freed again. Best effort.
fn remove_uncommitted(dir: &Path, live_segments: &HashSet<String>, live_manifest: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        let stale = match segment_id(&name) {
            Some(id) => !live_segments.contains(id),
            None => {
                (name.starts_with(MANIFEST_PREFIX)
                    && !super::manifest::same_commit(&name, live_manifest))
                    || (name.starts_with(".tmp") && name.len() <= 16)
            }
        };
        if stale {
            let _ = fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_its_own_files_only() {
        let id = "0123456789abcdef0123456789abcdef";
        for own in [
            format!("{id}.idx"),
            format!("{id}.store"),
            format!("{id}.12.del"),
            "meta.json".into(),
            ".managed.json".into(),
            "fouille-manifest-1-2.json".into(),
            "fouille-manifest-1-2.json.tmp".into(),
            ".tmpAb12Cd".into(),
            crate::corpus::TEMPLATES_FILE.into(),
            format!("{}.4242.tmp", crate::corpus::TEMPLATES_FILE),
        ] {
            assert!(is_own(&own), "{own}");
        }
        for theirs in [
            "article.txt",
            "README.md",
            "notes.json",
            &format!("{id}.txt"),
            &format!("{id}.del"),
            "0123.idx",
            &format!("{}.txt", crate::corpus::TEMPLATES_FILE),
        ] {
            assert!(!is_own(theirs), "{theirs}");
        }
    }

    #[test]
    fn wipe_keeps_user_files() {
        let dir = tempfile::tempdir().unwrap();
        let id = "0123456789abcdef0123456789abcdef";
        for name in [&format!("{id}.idx"), "meta.json", "article.txt", MARKER] {
            fs::write(dir.path().join(name), "x").unwrap();
        }
        fs::create_dir(dir.path().join("corpus")).unwrap();
        fs::write(dir.path().join("corpus/a.txt"), "x").unwrap();
        wipe(dir.path()).unwrap();
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, [MARKER, "article.txt", "corpus"]);
        assert!(dir.path().join("corpus/a.txt").exists());
    }
}
