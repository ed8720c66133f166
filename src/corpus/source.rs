//! Finding article files under the corpus folder and reading them.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::fs::{self, Metadata};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use super::decode::{Encoding, decode};
use super::error::{CorpusError, io_reason};
use super::formats::Format;
use super::{Article, parse_file};

/// An article file found by [`discover`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusFile {
    /// Where to read it.
    pub path: PathBuf,
    /// Path relative to the corpus folder, with `/` separators (symlinked folders
    /// appear under the link's name).
    pub rel: String,
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch (0 if unknown).
    pub mtime_ns: i128,
}

/// The result of [`discover`]: files sorted by `rel`, and what was skipped and why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discovery {
    pub files: Vec<CorpusFile>,
    pub warnings: Vec<String>,
    /// Files of a format fouille does not read, sorted by `rel`.
    pub skipped: Vec<SkippedFile>,
    /// Every folder scanned (relative path, `""` for the root) with its modification time:
    /// a folder's time changes when an entry is added, removed or renamed in it.
    pub dirs: Vec<(String, i128)>,
}

/// A file left out because of its format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedFile {
    /// Path relative to the corpus folder.
    pub rel: String,
    /// Why, for the user: `PDF not supported`, `unsupported format`.
    pub reason: &'static str,
}

/// Names shown in full before `… and N more`.
const SKIPPED_NAMED: usize = 10;

/// One line naming the skipped files, `skipped 2 files: a.pdf (PDF not supported),
/// b.docx (unsupported format)`, or `None` when there are none.
pub fn skipped_line(skipped: &[SkippedFile]) -> Option<String> {
    let (first, rest) = skipped.split_at(skipped.len().min(SKIPPED_NAMED));
    let named: Vec<String> = first
        .iter()
        .map(|s| format!("{} ({})", s.rel, s.reason))
        .collect();
    let more = if rest.is_empty() {
        String::new()
    } else {
        format!(" and {} more", rest.len())
    };
    (!skipped.is_empty()).then(|| {
        format!(
            "skipped {} file{}: {}{more}",
            skipped.len(),
            if skipped.len() == 1 { "" } else { "s" },
            named.join(", ")
        )
    })
}

/// A read, decoded and parsed article file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    /// Passage offsets are byte offsets in the file as stored on disk.
    pub article: Article,
    /// `xxh3_64` of the raw bytes, to tell whether the file changed.
    pub hash: u64,
    /// Something worth telling the user that did not stop loading (e.g. the encoding).
    pub notice: Option<String>,
}

/// Hash of a file's raw bytes.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// Lists every `.txt`, `.html`/`.htm` and `.md`/`.markdown` file (any case) under `root`,
/// recursively, sorted by relative path; other files go to [`Discovery::skipped`].
/// Hidden files and folders, and fouille index folders, are not walked; symlinked
/// folders are followed once (a loop or a folder reached twice gives a warning);
/// unreadable sub-folders give a warning. An empty list is not an error: the caller decides.
pub fn discover(root: &Path) -> Result<Discovery, CorpusError> {
    let meta = fs::metadata(root).map_err(|err| match err.kind() {
        std::io::ErrorKind::NotFound => CorpusError::Missing {
            root: root.to_path_buf(),
        },
        _ => CorpusError::unreadable_folder(root, err),
    })?;
    if !meta.is_dir() {
        return Err(CorpusError::NotAFolder {
            root: root.to_path_buf(),
        });
    }
    let canonical = fs::canonicalize(root).map_err(|e| CorpusError::unreadable_folder(root, e))?;
    let top = fs::read_dir(root).map_err(|e| CorpusError::unreadable_folder(root, e))?;

    let mut found = Discovery::default();
    found.dirs.push((String::new(), mtime_ns(&meta)));
    let mut visited = HashSet::from([canonical]);
    // Depth-first, folders as (path on disk, relative path).
    let mut pending: Vec<(PathBuf, String)> = Vec::new();
    scan_folder(root, top, "", &mut visited, &mut pending, &mut found);
    while let Some((dir, rel)) = pending.pop() {
        match fs::read_dir(&dir) {
            Ok(entries) => scan_folder(&dir, entries, &rel, &mut visited, &mut pending, &mut found),
            Err(err) => found.warnings.push(format!(
                "cannot read folder '{}': {}: skipped",
                dir.display(),
                io_reason(&err)
            )),
        }
    }
    found.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    found.skipped.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(found)
}

/// Adds the `.txt` files of one folder to `found` and its sub-folders to `pending`.
fn scan_folder(
    dir: &Path,
    entries: fs::ReadDir,
    rel: &str,
    visited: &mut HashSet<PathBuf>,
    pending: &mut Vec<(PathBuf, String)>,
    found: &mut Discovery,
) {
    let mut entries: Vec<fs::DirEntry> = entries
        .filter_map(|entry| match entry {
            Ok(entry) => Some(entry),
            Err(err) => {
                found.warnings.push(format!(
                    "cannot list an entry of folder '{}': {}: skipped",
                    dir.display(),
                    io_reason(&err)
                ));
                None
            }
        })
        .collect();
    // Name order keeps warnings deterministic; reversed since `pending` is a stack.
    entries.sort_by_key(|entry| std::cmp::Reverse(entry.file_name()));

    for entry in entries {
        let name = entry.file_name();
        let name_text = name.to_string_lossy();
        if name_text.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let escaped = escape_name(&name);
        let child_rel = if rel.is_empty() {
            escaped
        } else {
            format!("{rel}/{escaped}")
        };
        // `fs::metadata` follows symlinks, so a link is treated as what it points to.
        let meta = match fs::metadata(&path) {
            Ok(meta) => meta,
            Err(err) => {
                found.warnings.push(format!(
                    "cannot read '{}': {}: skipped (broken link?)",
                    path.display(),
                    io_reason(&err)
                ));
                continue;
            }
        };
        if meta.is_dir() {
            if is_index_folder(&path) {
                continue;
            }
            match fs::canonicalize(&path) {
                Ok(canonical) if !visited.insert(canonical.clone()) => {
                    found.warnings.push(format!(
                        "folder '{}' leads to '{}', already scanned (symlink loop?): skipped",
                        path.display(),
                        canonical.display()
                    ));
                }
                Ok(_) => {
                    found.dirs.push((child_rel.clone(), mtime_ns(&meta)));
                    pending.push((path, child_rel));
                }
                Err(err) => found.warnings.push(format!(
                    "cannot resolve folder '{}': {}: skipped",
                    path.display(),
                    io_reason(&err)
                )),
            }
        } else if meta.is_file()
            && let Err(reason) = Format::of_path(&name_text)
        {
            found.skipped.push(SkippedFile {
                rel: child_rel,
                reason,
            });
        } else if meta.is_file() {
            if name.to_str().is_none() {
                found.warnings.push(format!(
                    "file name '{}' is not valid UTF-8: listed as '{child_rel}'",
                    path.display()
                ));
            }
            found.files.push(CorpusFile {
                path,
                rel: child_rel,
                size: meta.len(),
                mtime_ns: mtime_ns(&meta),
            });
        }
    }
}

/// A file name as text, losslessly: bytes that are not UTF-8 and control characters become
/// `\xHH`, and `\` itself `\\`, so two names never share a form and the OS bytes can be
/// recovered (and a name never sends escape sequences to a terminal).
pub fn escape_name(name: &OsStr) -> String {
    #[cfg(unix)]
    let bytes = std::os::unix::ffi::OsStrExt::as_bytes(name);
    #[cfg(not(unix))]
    let lossy = name.to_string_lossy();
    #[cfg(not(unix))]
    let bytes = lossy.as_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                c if c.is_control() && (c as u32) < 0x100 => {
                    out.push_str(&format!("\\x{:02X}", c as u32));
                }
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

/// Whether a folder is a fouille index (an `--index` inside the corpus): its files are
/// not articles. Index folders hold this marker file (see `index::MARKER`).
fn is_index_folder(dir: &Path) -> bool {
    dir.join(".fouille-index").exists()
}

/// Modification time in nanoseconds since the Unix epoch (0 if unknown).
pub fn mtime_ns(meta: &Metadata) -> i128 {
    match meta.modified().map(|t| t.duration_since(UNIX_EPOCH)) {
        Ok(Ok(after)) => after.as_nanos() as i128,
        Ok(Err(before)) => -(before.duration().as_nanos() as i128),
        Err(_) => 0,
    }
}

/// The largest article file read (bytes): a bigger one is skipped with a warning, so
/// memory stays bounded whatever lies in the folder (sparse or multi-gigabyte files).
pub const MAX_ARTICLE_BYTES: u64 = 128_000_000;

/// The file's bytes, refusing more than `limit` (checked on the size first, then while
/// reading, in case the file grew).
fn read_capped(path: &Path, size: u64, limit: u64) -> Result<Vec<u8>, CorpusError> {
    use std::io::Read;
    let too_large = |size| CorpusError::TooLarge {
        path: path.to_path_buf(),
        size,
        limit,
    };
    if size > limit {
        return Err(too_large(size));
    }
    let file = fs::File::open(path).map_err(|e| CorpusError::unreadable(path, e))?;
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| CorpusError::unreadable(path, e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Reads, decodes and parses one file. Passage offsets refer to the file's bytes, even
/// after a BOM or a Windows-1252 decoding.
pub fn load(file: &CorpusFile) -> Result<Loaded, CorpusError> {
    let bytes = read_capped(&file.path, file.size, MAX_ARTICLE_BYTES)?;
    load_bytes(file, &bytes)
}

/// [`load`] on bytes already read (`file` names them in messages and gives `rel`).
pub fn load_bytes(file: &CorpusFile, bytes: &[u8]) -> Result<Loaded, CorpusError> {
    let hash = hash_bytes(bytes);
    let decoded = decode(bytes).map_err(|reason| CorpusError::NotText {
        path: file.path.clone(),
        reason,
    })?;

    let mut article = parse_file(&file.rel, &decoded.text);
    let mut offsets = decoded.offsets();
    for passage in &mut article.passages {
        passage.start = offsets.file_offset(passage.start);
        passage.end = offsets.file_offset(passage.end);
    }
    let notice = match decoded.encoding {
        Encoding::Utf8 => None,
        Encoding::Windows1252 => Some(format!(
            "'{}' is not UTF-8: decoded as Windows-1252",
            file.rel
        )),
        Encoding::Utf8Lossy => Some(format!(
            "'{}' is UTF-8 with {} invalid byte sequence{}: decoded as UTF-8, each replaced by \u{FFFD}",
            file.rel,
            decoded.invalid_runs,
            if decoded.invalid_runs == 1 { "" } else { "s" }
        )),
    };
    Ok(Loaded {
        article,
        hash,
        notice,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skipped_files_in_one_line() {
        let skip = |rel: &str, reason| SkippedFile {
            rel: rel.into(),
            reason,
        };
        assert_eq!(skipped_line(&[]), None);
        assert_eq!(
            skipped_line(&[
                skip("a.pdf", "PDF not supported"),
                skip("b.docx", "unsupported format")
            ])
            .as_deref(),
            Some("skipped 2 files: a.pdf (PDF not supported), b.docx (unsupported format)")
        );
        let many: Vec<SkippedFile> = (0..12)
            .map(|i| skip(&format!("{i}.jpg"), "unsupported format"))
            .collect();
        let line = skipped_line(&many).unwrap_or_default();
        assert!(
            line.starts_with("skipped 12 files: 0.jpg (unsupported format),"),
            "{line}"
        );
        assert!(line.ends_with(" and 2 more"), "{line}");
    }

    #[cfg(unix)]
    #[test]
    fn names_are_escaped_losslessly() {
        use std::os::unix::ffi::OsStrExt;
        let name = |b: &[u8]| escape_name(OsStr::from_bytes(b));
        assert_eq!(name(b"bad\xffname.txt"), "bad\\xFFname.txt");
        assert_ne!(name(b"bad\xffname.txt"), name(b"bad\xfename.txt"));
        assert_ne!(name(b"bad\xffname.txt"), name(b"bad\\xFFname.txt"));
        assert_eq!(name(b"a\\b.txt"), "a\\\\b.txt");
        assert_eq!(name("été\x1b[31m.txt".as_bytes()), "été\\x1B[31m.txt");
        assert_eq!(name("été.txt".as_bytes()), "été.txt");
    }

    #[test]
    fn hash_is_xxh3() {
        assert_eq!(hash_bytes(b""), xxhash_rust::xxh3::xxh3_64(b""));
        assert_ne!(hash_bytes(b"a"), hash_bytes(b"b"));
    }
}
