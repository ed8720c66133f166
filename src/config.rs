//! `fouille.toml`: defaults for the flags, read from the user's config folder and then
//! from the corpus folder (which wins); a flag given on the command line wins over both.
//!
//! ```toml
//! corpus = "articles"        # paths are relative to the file's folder
//! index = "index"
//! limit = 20
//! color = "never"            # auto | always | never
//! synonyms = "synonyms.txt"
//! leftovers = "leftovers.txt"
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::output::ColorChoice;

/// The file name looked for.
pub const FILE_NAME: &str = "fouille.toml";

/// Values from config files; `None` where no file sets them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub corpus: Option<PathBuf>,
    pub index: Option<PathBuf>,
    pub limit: Option<usize>,
    pub color: Option<ColorChoice>,
    pub synonyms: Option<PathBuf>,
    pub leftovers: Option<PathBuf>,
    /// The files read, in order.
    #[serde(skip)]
    pub files: Vec<PathBuf>,
}

#[derive(thiserror::Error, Debug)]
pub enum ConfigError {
    #[error("cannot read config file '{}': {source}", .path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file '{}' is not valid: {detail}: see `fouille.toml` in README.md", .path.display())]
    Invalid { path: PathBuf, detail: String },
}

impl Config {
    /// Parse one file's text; relative paths are taken from `base` (the file's folder).
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let mut c: Config = toml::from_str(text).map_err(|e| ConfigError::Invalid {
            path: path.to_path_buf(),
            detail: e.message().to_string(),
        })?;
        let base = path.parent().unwrap_or(Path::new(""));
        for p in [
            &mut c.corpus,
            &mut c.index,
            &mut c.synonyms,
            &mut c.leftovers,
        ]
        .into_iter()
        .flatten()
        {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        }
        c.files = vec![path.to_path_buf()];
        Ok(c)
    }

    /// Read `path`; a missing file is no config, not an error.
    pub fn read(path: &Path) -> Result<Option<Config>, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(&text, path).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(ConfigError::Read {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    /// `other`'s values over these.
    pub fn overlay(mut self, other: Config) -> Config {
        self.corpus = other.corpus.or(self.corpus);
        self.index = other.index.or(self.index);
        self.limit = other.limit.or(self.limit);
        self.color = other.color.or(self.color);
        self.synonyms = other.synonyms.or(self.synonyms);
        self.leftovers = other.leftovers.or(self.leftovers);
        self.files.extend(other.files);
        self
    }

    /// The config in force: `explicit` (`--config FILE`, which must exist) or the user's
    /// `fouille.toml`, then the one in the corpus folder (`corpus_flag` if given, else the
    /// corpus the first file names, else `default_corpus`).
    pub fn load(
        explicit: Option<&Path>,
        corpus_flag: Option<&Path>,
        default_corpus: &Path,
    ) -> Result<Config, ConfigError> {
        let base = match explicit {
            Some(path) => Config::read(path)?.ok_or_else(|| ConfigError::Read {
                path: path.to_path_buf(),
                source: std::io::Error::from(std::io::ErrorKind::NotFound),
            })?,
            None => match user_file() {
                Some(path) => Config::read(&path)?.unwrap_or_default(),
                None => Config::default(),
            },
        };
        let corpus = corpus_flag
            .map(Path::to_path_buf)
            .or_else(|| base.corpus.clone())
            .unwrap_or_else(|| default_corpus.to_path_buf());
        match Config::read(&corpus.join(FILE_NAME))? {
            Some(local) => Ok(base.overlay(local)),
            None => Ok(base),
        }
    }
}

/// `$XDG_CONFIG_HOME/fouille/fouille.toml`, else `~/.config/fouille/fouille.toml`.
pub fn user_file() -> Option<PathBuf> {
    let dir = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(dir.join("fouille").join(FILE_NAME))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_file() {
        let c = Config::parse(
            "corpus = \"articles\"\nlimit = 3\ncolor = \"never\"\n",
            Path::new("/home/u/.config/fouille/fouille.toml"),
        )
        .unwrap_or_default();
        assert_eq!(
            c.corpus.as_deref(),
            Some(Path::new("/home/u/.config/fouille/articles"))
        );
        assert_eq!(c.limit, Some(3));
        assert_eq!(c.color, Some(ColorChoice::Never));
    }

    #[test]
    fn unknown_keys_and_bad_values_name_the_file() {
        for text in ["limt = 3", "limit = \"many\"", "color = \"blue\""] {
            let e = Config::parse(text, Path::new("corpus/fouille.toml"))
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(e.contains("corpus/fouille.toml"), "{text}: {e}");
        }
    }

    #[test]
    fn later_files_win() {
        let a = Config {
            limit: Some(3),
            index: Some("a".into()),
            ..Config::default()
        };
        let b = Config {
            limit: Some(5),
            ..Config::default()
        };
        let c = a.overlay(b);
        assert_eq!(c.limit, Some(5));
        assert_eq!(c.index.as_deref(), Some(Path::new("a")));
    }
}
