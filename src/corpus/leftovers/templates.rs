//! Repetition: a line that recurs in several articles of the folder is page template
//! (a site's footer, its newsletter prompt, a recurring credit), whatever its words.
//!
//! Each article contributes the keys of its short passages and headings (normalised
//! text, digits of short lines folded, so `© 2023` and `© 2024` agree), once per folder and once per
//! site. A passage is template when its key recurs in [`MIN_ARTICLES`] articles of the
//! same site, or of the folder when it does not read as prose (a paragraph of agency
//! copy reprinted by several sites stays content). The keys of every article are kept
//! in the index folder ([`FILE_NAME`]) so that an incremental refresh keeps counting.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::path::Path;

use super::shape::Shape;
use super::{Dropped, Reason};
use crate::corpus::Article;
use crate::corpus::text::is_blank_char;

/// Articles a line must appear in to count as template.
pub const MIN_ARTICLES: u32 = 3;
/// Longer passages are never template by repetition (and are not counted: cheap).
const MAX_TEMPLATE_CHARS: usize = 240;
/// The file, in the index folder, holding each article's keys.
pub const FILE_NAME: &str = "fouille-templates.bin";
const MAGIC: &[u8; 8] = b"FTPL\x02\0\0\0";

/// Keys of one article and when it was counted (see [`Templates::to_redo`]).
#[derive(Debug, Clone, Default)]
struct Counted {
    keys: Vec<u64>,
    seq: u64,
}

/// Line counts over the articles of a folder.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    articles: HashMap<String, Counted>,
    counts: HashMap<u64, u32>,
    /// Keys whose template status changed in this run, with when it changed.
    flipped: HashMap<u64, u64>,
    seq: u64,
    /// Fingerprint of the user rules the indexed articles were stripped with.
    pub(crate) rules_fingerprint: u64,
}

/// Lines up to this many characters have their digits folded (`© 2024`, `(34)`);
/// longer ones keep them, or reports differing only by their figures would collide.
const FOLD_DIGITS_CHARS: usize = 60;

/// What a passage is keyed on: lowercase, blanks collapsed, `’` → `'`, digits → `0`
/// in short lines.
fn normalise(text: &str) -> Option<String> {
    if text.len() > MAX_TEMPLATE_CHARS * 4 {
        return None;
    }
    let chars = text.chars().count();
    if chars > MAX_TEMPLATE_CHARS {
        return None;
    }
    let fold_digits = chars <= FOLD_DIGITS_CHARS;
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for c in text.chars() {
        if is_blank_char(c) {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push(' ');
            blank = false;
        }
        match c {
            '’' | '‘' | 'ʼ' => out.push('\''),
            c if fold_digits && c.is_ascii_digit() => out.push('0'),
            // The same as `to_lowercase` for ASCII, without its iterator.
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
    (!out.is_empty()).then_some(out)
}

fn hash(scope: &str, text: &str) -> u64 {
    let mut bytes = Vec::with_capacity(scope.len() + text.len() + 1);
    bytes.extend_from_slice(scope.as_bytes());
    bytes.push(0);
    bytes.extend_from_slice(text.as_bytes());
    xxhash_rust::xxh3::xxh3_64(&bytes)
}

/// The folder key and, when the site is known, the site key of a passage text.
fn keys_of_text(text: &str, site: Option<&str>) -> Option<(u64, Option<u64>)> {
    let norm = normalise(text)?;
    Some((hash("", &norm), site.map(|s| hash(s, &norm))))
}

fn keys_of(article: &Article) -> Vec<u64> {
    let site = article.site.as_deref();
    let mut keys: Vec<u64> = article
        .passages
        .iter()
        .flat_map(|p| std::iter::once(p.text.as_str()).chain(p.heading.as_deref()))
        .filter_map(|text| keys_of_text(text, site))
        .flat_map(|(folder, site)| std::iter::once(folder).chain(site))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

impl Templates {
    /// Counts `article` (replacing what was counted under its path before).
    pub fn learn(&mut self, article: &Article) {
        self.forget(&article.path);
        self.seq += 1;
        let keys = keys_of(article);
        for &key in &keys {
            let count = self.counts.entry(key).or_insert(0);
            *count += 1;
            if *count == MIN_ARTICLES {
                self.flipped.insert(key, self.seq);
            }
        }
        self.articles.insert(
            article.path.clone(),
            Counted {
                keys,
                seq: self.seq,
            },
        );
    }

    /// Stops counting the article at `path` (removed or about to be recounted).
    pub fn forget(&mut self, path: &str) {
        let Some(old) = self.articles.remove(path) else {
            return;
        };
        self.seq += 1;
        for key in old.keys {
            if let Some(count) = self.counts.get_mut(&key) {
                if *count == MIN_ARTICLES {
                    self.flipped.insert(key, self.seq);
                }
                *count -= 1;
                if *count == 0 {
                    self.counts.remove(&key);
                }
            }
        }
    }

    fn count(&self, key: u64) -> u32 {
        self.counts.get(&key).copied().unwrap_or(0)
    }

    /// Whether a passage text of `site` is template.
    fn is_template(&self, text: &str, site: Option<&str>) -> Option<u32> {
        let (folder, site) = keys_of_text(text, site)?;
        let by_site = site.map_or(0, |k| self.count(k));
        if by_site >= MIN_ARTICLES {
            return Some(by_site);
        }
        let in_folder = self.count(folder);
        (in_folder >= MIN_ARTICLES && !Shape::of(text).is_prose()).then_some(in_folder)
    }

    /// Drops the template passages and headings of `article` (counted or not), renumbers
    /// the rest, and says what went.
    pub fn strip(&self, article: &mut Article) -> Vec<Dropped> {
        let site = article.site.clone();
        let mut dropped = Vec::new();
        article.passages.retain_mut(|p| {
            if let Some(heading) = &p.heading
                && let Some(n) = self.is_template(heading, site.as_deref())
            {
                dropped.push(Dropped {
                    line: p.line.saturating_sub(1),
                    text: heading.clone(),
                    reason: Reason::Template { articles: n },
                });
                p.heading = None;
            }
            match self.is_template(&p.text, site.as_deref()) {
                Some(n) => {
                    dropped.push(Dropped {
                        line: p.line,
                        text: p.text.clone(),
                        reason: Reason::Template { articles: n },
                    });
                    false
                }
                None => true,
            }
        });
        for (p, no) in article.passages.iter_mut().zip(1..) {
            p.no = no;
        }
        dropped
    }

    /// Articles to parse and index again: they were counted before one of their lines
    /// became (or stopped being) template in this run, so what was indexed for them is
    /// out of date. Usually the first two articles of a new template line.
    pub fn to_redo(&self) -> Vec<String> {
        if self.flipped.is_empty() {
            return Vec::new();
        }
        let mut redo: Vec<String> = self
            .articles
            .iter()
            .filter(|(_, c)| {
                c.keys
                    .iter()
                    .any(|k| self.flipped.get(k).is_some_and(|&at| at > c.seq))
            })
            .map(|(path, _)| path.clone())
            .collect();
        redo.sort();
        redo
    }

    /// Forgets every count (a full rebuild counts again from zero).
    pub fn clear(&mut self) {
        *self = Templates::default();
    }

    /// Reads the counts kept in `index_dir`; missing or unreadable counts start empty
    /// (repetition then only sees the articles indexed from now on).
    pub fn load(index_dir: &Path) -> Templates {
        let mut t = Templates::default();
        let Ok(mut file) = std::fs::File::open(index_dir.join(FILE_NAME)) else {
            return t;
        };
        let mut bytes = Vec::new();
        if file.read_to_end(&mut bytes).is_err() || decode(&bytes, &mut t).is_none() {
            return Templates::default();
        }
        t
    }

    /// The fingerprint of the rules the saved counts were made with, from the file's
    /// header alone (cheap enough for every search); 0, like no rules, when unknown.
    pub fn saved_rules_fingerprint(index_dir: &Path) -> u64 {
        let mut head = [0u8; 16];
        let read = std::fs::File::open(index_dir.join(FILE_NAME))
            .and_then(|mut f| f.read_exact(&mut head));
        match (read, head.split_at(MAGIC.len())) {
            (Ok(()), (magic, fp)) if magic == MAGIC.as_slice() => {
                u64::from_le_bytes(fp.try_into().unwrap_or([0; 8]))
            }
            _ => 0,
        }
    }

    /// Writes the counts into `index_dir` (a temporary file renamed over the old one).
    pub fn save(&self, index_dir: &Path) -> io::Result<()> {
        let mut out = Vec::with_capacity(16 + self.articles.len() * 64);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.rules_fingerprint.to_le_bytes());
        let mut paths: Vec<&String> = self.articles.keys().collect();
        paths.sort();
        for path in paths {
            let keys = &self.articles[path].keys;
            out.extend_from_slice(&(path.len() as u32).to_le_bytes());
            out.extend_from_slice(path.as_bytes());
            out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
            for key in keys {
                out.extend_from_slice(&key.to_le_bytes());
            }
        }
        let tmp = index_dir.join(format!("{FILE_NAME}.{}.tmp", std::process::id()));
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(&out)?;
        file.sync_all()?;
        std::fs::rename(&tmp, index_dir.join(FILE_NAME))
    }
}

/// Parses the saved counts; `None` if the file is not one or is cut short.
fn decode(bytes: &[u8], t: &mut Templates) -> Option<()> {
    let mut rest = bytes.strip_prefix(MAGIC.as_slice())?;
    fn take<'a>(rest: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
        let (head, tail) = rest.split_at_checked(n)?;
        *rest = tail;
        Some(head)
    }
    t.rules_fingerprint = u64::from_le_bytes(take(&mut rest, 8)?.try_into().ok()?);
    fn take_u32(rest: &mut &[u8]) -> Option<usize> {
        Some(u32::from_le_bytes(take(rest, 4)?.try_into().ok()?) as usize)
    }
    while !rest.is_empty() {
        let len = take_u32(&mut rest)?;
        let path = std::str::from_utf8(take(&mut rest, len)?).ok()?.to_string();
        let n = take_u32(&mut rest)?;
        let raw = take(&mut rest, n.checked_mul(8)?)?;
        let keys: Vec<u64> = raw
            .chunks_exact(8)
            .filter_map(|c| c.try_into().ok().map(u64::from_le_bytes))
            .collect();
        for &key in &keys {
            *t.counts.entry(key).or_insert(0) += 1;
        }
        t.articles.insert(path, Counted { keys, seq: 0 });
    }
    Some(())
}
