//! Name variants: groups of equivalent forms (`Kyiv, Kiev`), applied at query time so the
//! list can change without reindexing. Forms are analysed like query words, so matching is
//! on terms (case, accents, elision and stemming already folded).

use std::collections::HashMap;
use std::path::Path;

use tantivy::tokenizer::TextAnalyzer;

/// The default list, shipped in the binary (the same as `synonyms.txt` at the repository root).
pub const BUILTIN: &str = include_str!("../../synonyms.txt");

#[derive(thiserror::Error, Debug)]
#[error("cannot read synonyms file '{path}': {source}: fix it or pass --synonyms FILE")]
pub struct SynonymsError {
    path: String,
    #[source]
    source: std::io::Error,
}

/// The largest synonyms file read: a name list is kilobytes; more is a mistake.
pub const MAX_FILE_BYTES: u64 = 1_000_000;
/// Forms of one group at most: each adds clauses to every query that meets the group.
pub const MAX_FORMS: usize = 32;

/// A form as analysed terms with positions relative to its first term.
pub type Form = Vec<(usize, String)>;

/// Synonym groups, analysed and indexed by their forms' first term.
#[derive(Clone, Debug, Default)]
pub struct Synonyms {
    groups: Vec<Vec<Form>>,
    /// First term → (group, form) of every form starting with it.
    by_first: HashMap<String, Vec<(usize, usize)>>,
}

impl Synonyms {
    /// Parse the file format: one group per line, forms separated by commas, `#` comments.
    pub fn parse(text: &str, analyzer: &mut TextAnalyzer) -> Synonyms {
        let mut s = Synonyms::default();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let forms: Vec<Form> = line
                .split(',')
                .take(MAX_FORMS)
                .map(|f| analyze(analyzer, f.trim()))
                .filter(|f| !f.is_empty())
                .collect();
            if forms.len() < 2 {
                continue;
            }
            let g = s.groups.len();
            for (i, form) in forms.iter().enumerate() {
                s.by_first
                    .entry(form[0].1.clone())
                    .or_default()
                    .push((g, i));
            }
            s.groups.push(forms);
        }
        s
    }

    /// Load a synonyms file: a regular file (never a FIFO or a device, which could block or
    /// never end) of at most [`MAX_FILE_BYTES`], with at most [`MAX_FORMS`] forms a group.
    pub fn load(path: &Path, analyzer: &mut TextAnalyzer) -> Result<Synonyms, SynonymsError> {
        let error = |source| SynonymsError {
            path: path.display().to_string(),
            source,
        };
        let refuse = |reason: String| error(std::io::Error::other(reason));
        let meta = std::fs::metadata(path).map_err(error)?;
        if !meta.is_file() {
            return Err(refuse("not a regular file".into()));
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(refuse(format!(
                "{} bytes, more than the {MAX_FILE_BYTES} allowed",
                meta.len()
            )));
        }
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(
            &mut std::io::Read::take(
                std::fs::File::open(path).map_err(error)?,
                MAX_FILE_BYTES + 1,
            ),
            &mut bytes,
        )
        .map_err(error)?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(refuse(format!("more than {MAX_FILE_BYTES} bytes")));
        }
        let text = String::from_utf8(bytes).map_err(|_| refuse("not UTF-8 text".into()))?;
        for (n, line) in text.lines().enumerate() {
            let forms = line.split('#').next().unwrap_or("").split(',').count();
            if forms > MAX_FORMS {
                return Err(refuse(format!(
                    "line {} has {forms} forms, more than {MAX_FORMS}: split the group",
                    n + 1
                )));
            }
        }
        Ok(Synonyms::parse(&text, analyzer))
    }

    pub fn builtin(analyzer: &mut TextAnalyzer) -> Synonyms {
        Synonyms::parse(BUILTIN, analyzer)
    }

    pub fn len(&self) -> usize {
        self.groups.len()
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The longest form that `terms` starts with: (number of terms it covers, the other
    /// forms of its group).
    pub fn longest_match(&self, terms: &[&str]) -> Option<(usize, Vec<&Form>)> {
        let first = terms.first()?;
        let (g, f) = self
            .by_first
            .get(*first)?
            .iter()
            .filter(|(g, f)| {
                let form = &self.groups[*g][*f];
                form.len() <= terms.len() && form.iter().zip(terms).all(|((_, a), b)| a == b)
            })
            .max_by_key(|(g, f)| self.groups[*g][*f].len())?;
        let len = self.groups[*g][*f].len();
        let others = self.groups[*g]
            .iter()
            .enumerate()
            .filter(|(i, _)| i != f)
            .map(|(_, form)| form)
            .collect();
        Some((len, others))
    }
}

/// Analyse a form accent-free: one term per position, the `stem(fold(w))` term that every
/// spelling of the word shares (see `analysis`).
fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Form {
    let folded = crate::analysis::fold_accents(text);
    let mut out: Form = Vec::new();
    let mut stream = analyzer.token_stream(&folded);
    let mut base = None;
    while let Some(t) = stream.next() {
        // One term per position: the first (accent variants share a position).
        if out
            .last()
            .is_some_and(|(p, _)| *p + base.unwrap_or(0) == t.position)
        {
            continue;
        }
        let b = *base.get_or_insert(t.position);
        out.push((t.position - b, t.text.clone()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn syn(text: &str) -> Synonyms {
        Synonyms::parse(text, &mut crate::analysis::french_analyzer())
    }

    #[test]
    fn groups_need_two_forms_and_skip_comments() {
        let s = syn("# places\nKyiv, Kiev # Ukraine\nSeul\n\n");
        assert_eq!(s.len(), 1);
    }

    #[test]
    fn longest_form_wins_and_returns_the_others() {
        let s = syn("Corée du Nord, RPDC\nCorée, Korea");
        let fr = |w: &str| analyze(&mut crate::analysis::french_analyzer(), w);
        let q: Vec<String> = fr("Corée du Nord soldats")
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        let q: Vec<&str> = q.iter().map(String::as_str).collect();
        let (len, others) = s.longest_match(&q).unwrap();
        assert_eq!(len, 2); // corée, nord (du is a stop word)
        assert_eq!(others.len(), 1);
        assert_eq!(others[0], &fr("RPDC"));
    }

    #[test]
    fn the_builtin_list_parses() {
        let s = Synonyms::builtin(&mut crate::analysis::french_analyzer());
        assert!(s.len() > 20);
        let kiev = analyze(&mut crate::analysis::french_analyzer(), "Kiev");
        assert!(s.longest_match(&[kiev[0].1.as_str()]).is_some());
    }
}
