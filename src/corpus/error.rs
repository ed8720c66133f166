//! Errors of corpus discovery and loading. Messages name the path and say what to do.

use std::io;
use std::path::PathBuf;

#[derive(thiserror::Error, Debug)]
pub enum CorpusError {
    #[error(
        "corpus folder '{}' does not exist: pass --corpus DIR pointing at a folder of .txt articles",
        .root.display()
    )]
    Missing { root: PathBuf },

    #[error(
        "corpus path '{}' is a file, not a folder: pass --corpus DIR pointing at a folder of .txt articles",
        .root.display()
    )]
    NotAFolder { root: PathBuf },

    #[error(
        "cannot read corpus folder '{}': {reason}: check its permissions or pass another --corpus DIR",
        .root.display()
    )]
    UnreadableFolder {
        root: PathBuf,
        reason: String,
        #[source]
        source: io::Error,
    },

    #[error("cannot read '{}': {reason}", .path.display())]
    Unreadable {
        path: PathBuf,
        reason: String,
        #[source]
        source: io::Error,
    },

    #[error(
        "'{}' is not a text file ({reason}): save it as UTF-8 text or move it out of the corpus",
        .path.display()
    )]
    NotText { path: PathBuf, reason: String },

    #[error(
        "'{}' is {:.1} MB, over the {} MB limit for one article: split it into smaller files",
        .path.display(), *.size as f64 / 1e6, .limit / 1_000_000
    )]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
}

/// A short lowercase reason for an I/O error, for messages such as
/// `cannot read 'corpus/x.txt': permission denied`.
pub(crate) fn io_reason(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => "not found".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::IsADirectory => "is a folder".to_string(),
        io::ErrorKind::NotADirectory => "not a folder".to_string(),
        _ => {
            // Drop the "(os error N)" suffix and start lowercase, to read as a clause.
            let text = err.to_string();
            let text = text.split(" (os error").next().unwrap_or(&text);
            let mut chars = text.chars();
            chars
                .next()
                .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
        }
    }
}

impl CorpusError {
    pub(crate) fn unreadable(path: impl Into<PathBuf>, source: io::Error) -> Self {
        CorpusError::Unreadable {
            path: path.into(),
            reason: io_reason(&source),
            source,
        }
    }

    pub(crate) fn unreadable_folder(root: impl Into<PathBuf>, source: io::Error) -> Self {
        CorpusError::UnreadableFolder {
            root: root.into(),
            reason: io_reason(&source),
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_file() {
        let e = CorpusError::unreadable(
            "corpus/x.txt",
            io::Error::from(io::ErrorKind::PermissionDenied),
        );
        assert_eq!(
            e.to_string(),
            "cannot read 'corpus/x.txt': permission denied"
        );
        let e = CorpusError::Missing {
            root: "nope".into(),
        };
        assert_eq!(
            e.to_string(),
            "corpus folder 'nope' does not exist: pass --corpus DIR pointing at a folder of .txt articles"
        );
    }

    #[test]
    fn other_io_errors_read_as_a_clause() {
        let e = io::Error::other("Disk on fire");
        assert_eq!(io_reason(&e), "disk on fire");
    }
}
