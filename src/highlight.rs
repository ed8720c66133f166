//! Highlighting: where a query matched inside a passage, and a shortened passage around
//! the best part. Matching re-analyses the passage with the same French analyzer as the
//! index, so whatever made a word match (stem, accents, number form) highlights it, on the
//! word as written.

use std::collections::HashMap;

use tantivy::tokenizer::TextAnalyzer;

/// What to highlight: single terms, and phrases (highlighted as one span when whole).
#[derive(Clone, Debug, Default)]
pub struct Matcher {
    /// Every term of the query (single or in a phrase) → its index.
    all: HashMap<String, usize>,
    /// By index: highlighted on its own, not only inside a phrase.
    single: Vec<bool>,
    /// Terms with positions relative to the phrase start.
    phrases: Vec<Vec<(usize, String)>>,
}

impl Matcher {
    fn intern(&mut self, term: &str, single: bool) {
        let next = self.all.len();
        let id = *self.all.entry(term.to_string()).or_insert(next);
        if id == self.single.len() {
            self.single.push(false);
        }
        self.single[id] |= single;
    }

    /// A query word: one term, or several (a hyphenated word) that must follow each other.
    pub fn add_unit(&mut self, terms: Vec<(usize, String)>) {
        match terms.len() {
            0 => {}
            1 => self.intern(&terms[0].1, true),
            _ => {
                for (_, t) in &terms {
                    self.intern(t, false);
                }
                self.phrases.push(terms);
            }
        }
    }

    pub fn add_phrase(&mut self, terms: Vec<(usize, String)>) {
        self.add_unit(terms);
    }

    pub fn add_term(&mut self, term: String) {
        self.intern(&term, true);
    }

    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }
}

struct Tok {
    position: usize,
    from: usize,
    to: usize,
    /// Index of the query term in `Matcher::all`.
    term: usize,
}

/// Byte ranges of `text` that match, sorted, merged, on character boundaries.
pub fn find(analyzer: &mut TextAnalyzer, text: &str, matcher: &Matcher) -> Vec<(usize, usize)> {
    if matcher.is_empty() {
        return Vec::new();
    }
    // Keep only tokens that are query terms (no allocation for the rest); a term is an
    // index into `matcher.all` so phrases compare numbers, not strings.
    let mut toks = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(t) = stream.next() {
        if let Some(&term) = matcher.all.get(t.text.as_str()) {
            toks.push(Tok {
                position: t.position,
                from: t.offset_from,
                to: t.offset_to,
                term,
            });
        }
    }
    spans_of(&toks, matcher)
}

/// A text's tokens as the analyzer makes them, ordered by term: what [`find_in`] needs
/// to highlight any query in it without analysing it again (a passage shown by another
/// search, or by the same search again, costs a few lookups instead of an analysis).
#[derive(Debug, Default)]
pub struct Analysed {
    /// The tokens' terms, one after the other.
    terms: String,
    /// By term, then in the order the analyzer gave them.
    toks: Vec<Stored>,
}

#[derive(Debug)]
struct Stored {
    /// Byte range of the term in `Analysed::terms`.
    term: (u32, u32),
    /// Rank in the analyzer's output.
    order: u32,
    position: u32,
    from: u32,
    to: u32,
}

impl Analysed {
    fn term(&self, t: &Stored) -> &str {
        self.terms
            .get(t.term.0 as usize..t.term.1 as usize)
            .unwrap_or_default()
    }
}

/// `text` analysed for [`find_in`]; None when it is too long for the compact form (4 GB).
pub fn analyse(analyzer: &mut TextAnalyzer, text: &str) -> Option<Analysed> {
    u32::try_from(text.len()).ok()?;
    let mut out = Analysed::default();
    let mut stream = analyzer.token_stream(text);
    while let Some(t) = stream.next() {
        let start = out.terms.len();
        out.terms.push_str(&t.text);
        let stored = Stored {
            term: (
                u32::try_from(start).ok()?,
                u32::try_from(out.terms.len()).ok()?,
            ),
            order: u32::try_from(out.toks.len()).ok()?,
            position: u32::try_from(t.position).ok()?,
            from: u32::try_from(t.offset_from).ok()?,
            to: u32::try_from(t.offset_to).ok()?,
        };
        out.toks.push(stored);
    }
    let mut toks = std::mem::take(&mut out.toks);
    toks.sort_by(|a, b| {
        out.term(a)
            .cmp(out.term(b))
            .then_with(|| a.order.cmp(&b.order))
    });
    out.toks = toks;
    Some(out)
}

/// [`find`] over a text analysed beforehand by the same analyzer: the same ranges.
pub fn find_in(analysed: &Analysed, matcher: &Matcher) -> Vec<(usize, usize)> {
    if matcher.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<(u32, Tok)> = Vec::new();
    for (term, &id) in &matcher.all {
        let toks = &analysed.toks;
        let first = toks.partition_point(|t| analysed.term(t) < term.as_str());
        let same = toks[first..]
            .iter()
            .take_while(|t| analysed.term(t) == term.as_str());
        found.extend(same.map(|t| {
            let tok = Tok {
                position: t.position as usize,
                from: t.from as usize,
                to: t.to as usize,
                term: id,
            };
            (t.order, tok)
        }));
    }
    // Back in the analyzer's order, as `find` sees them.
    found.sort_unstable_by_key(|(order, _)| *order);
    let toks: Vec<Tok> = found.into_iter().map(|(_, t)| t).collect();
    spans_of(&toks, matcher)
}

/// The ranges of the query-term tokens `toks` (in the analyzer's order) that highlight:
/// single terms, and phrases found whole.
fn spans_of(toks: &[Tok], matcher: &Matcher) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = toks
        .iter()
        .filter(|t| matcher.single[t.term])
        .map(|t| (t.from, t.to))
        .collect();
    for phrase in &matcher.phrases {
        let Some((first_pos, first_term)) = phrase.first() else {
            continue;
        };
        let (Some(&first_term), Some(rest)) =
            (matcher.all.get(first_term.as_str()), phrase.get(1..))
        else {
            continue;
        };
        let rest: Option<Vec<(usize, usize)>> = rest
            .iter()
            .map(|(rel, t)| matcher.all.get(t.as_str()).map(|&id| (*rel, id)))
            .collect();
        let Some(rest) = rest else { continue };
        for start in toks.iter().filter(|t| t.term == first_term) {
            let Some(base) = start.position.checked_sub(*first_pos) else {
                continue;
            };
            let mut end = start.to;
            let whole = rest.iter().all(|(rel, term)| {
                let pos = base + rel;
                let i = toks.partition_point(|t| t.position < pos);
                let found = toks[i..]
                    .iter()
                    .take_while(|t| t.position == pos)
                    .find(|t| t.term == *term);
                if let Some(t) = found {
                    end = end.max(t.to);
                }
                found.is_some()
            });
            if whole {
                spans.push((start.from, end));
            }
        }
    }
    merge(spans)
}

fn merge(mut spans: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    spans.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (s, e) in spans {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// A passage shortened to about `budget` characters around its best-matching part, cut at
/// sentence or word boundaries, with `…` where text was cut; highlights are shifted to it.
pub fn snippet(
    text: &str,
    highlights: &[(usize, usize)],
    budget: usize,
) -> (String, Vec<(usize, usize)>) {
    let total_chars = text.chars().count();
    if total_chars <= budget {
        return (text.to_string(), highlights.to_vec());
    }
    // Byte offset of every char, to count in characters and cut on boundaries.
    let offsets: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let char_at = |byte: usize| offsets.partition_point(|&o| o < byte);
    // Window start: for each highlight, the start that holds the most highlights.
    let mut best = (0usize, 0usize); // (count, start char)
    for &(hs, _) in highlights {
        let hc = char_at(hs);
        let start = window_start(text, &offsets, hc, budget);
        let end_byte = offsets[(start + budget).min(total_chars)];
        let count = highlights
            .iter()
            .filter(|&&(s, e)| s >= offsets[start] && e <= end_byte)
            .count();
        if count > best.0 {
            best = (count, start);
        }
    }
    let start_c = best.1;
    let mut end_c = (start_c + budget).min(total_chars);
    if end_c < total_chars {
        end_c = cut_back(text, &offsets, start_c, end_c);
    }
    let (sb, eb) = (offsets[start_c], offsets[end_c]);
    let body = text[sb..eb].trim();
    let lead = text[sb..eb].len() - text[sb..eb].trim_start().len();
    let prefix = if start_c > 0 { "… " } else { "" };
    let suffix = if end_c < total_chars { " …" } else { "" };
    let shift = |b: usize| b - sb - lead + prefix.len();
    let shown: Vec<(usize, usize)> = highlights
        .iter()
        .filter(|&&(s, e)| s >= sb + lead && e <= sb + lead + body.len())
        .map(|&(s, e)| (shift(s), shift(e)))
        .collect();
    (format!("{prefix}{body}{suffix}"), shown)
}

/// Where to start a window showing the char `hc`: the start of its sentence if that is not
/// too far back, else a word boundary about a fifth of the budget before it.
fn window_start(text: &str, offsets: &[usize], hc: usize, budget: usize) -> usize {
    let lead = budget / 5;
    let floor = hc.saturating_sub(budget / 2);
    // Sentence start: after ". " / "! " / "? " scanning back from the highlight.
    let mut c = hc;
    while c > floor {
        let prev = &text[offsets[c - 1]..offsets[c]];
        let before = if c >= 2 {
            &text[offsets[c - 2]..offsets[c - 1]]
        } else {
            ""
        };
        if prev.trim().is_empty() && matches!(before, "." | "!" | "?" | "…") {
            return c;
        }
        c -= 1;
    }
    if floor == 0 && hc <= budget / 2 {
        return 0;
    }
    // Word boundary near `hc - lead`.
    let mut c = hc.saturating_sub(lead);
    while c > 0 && !text[offsets[c - 1]..offsets[c]].trim().is_empty() {
        c -= 1;
    }
    c
}

/// Move `end` back to a sentence end, else a word boundary, not before `start`.
fn cut_back(text: &str, offsets: &[usize], start: usize, end: usize) -> usize {
    let min = start + (end - start) * 2 / 3;
    for c in (min..end).rev() {
        let ch = &text[offsets[c]..offsets[c + 1]];
        if matches!(ch, "." | "!" | "?") {
            return c + 1;
        }
    }
    let mut c = end;
    while c > start && !text[offsets[c - 1]..offsets[c]].trim().is_empty() {
        c -= 1;
    }
    if c == start { end } else { c }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `find_in` over a text analysed once gives what `find` gives, for matchers of single
    /// terms, words of several terms and phrases, on the sample articles' paragraphs.
    #[test]
    fn analysed_texts_highlight_as_the_analyzer_does() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut texts = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            texts.extend(text.split("\n\n").map(str::to_string));
        }
        texts.push("l'armée l'armée russe 41 500 soldats, 100 000 soldats — Kim Jong-un".into());
        let mut fr = crate::analysis::french_analyzer();
        let mut matchers = Vec::new();
        for (n, text) in texts.iter().enumerate().step_by(3) {
            let mut toks = Vec::new();
            let mut stream = fr.token_stream(text);
            while let Some(t) = stream.next() {
                toks.push((t.position, t.text.clone()));
            }
            let mut m = Matcher::default();
            for (i, (_, t)) in toks.iter().enumerate() {
                if (i + n) % 7 == 0 {
                    m.add_term(t.clone());
                }
            }
            for w in toks.windows(3).step_by(5 + n % 4) {
                let base = w[0].0;
                let run = |k: usize| w[..k].iter().map(|(p, t)| (p - base, t.clone())).collect();
                m.add_phrase(run(3));
                m.add_unit(run(2));
            }
            matchers.push(m);
        }
        let (mut compared, mut highlighted) = (0, 0);
        for text in &texts {
            let analysed = analyse(&mut fr, text).unwrap();
            for m in &matchers {
                let spans = find(&mut fr, text, m);
                assert_eq!(find_in(&analysed, m), spans, "{text}");
                compared += 1;
                highlighted += usize::from(!spans.is_empty());
            }
        }
        assert!(
            compared > 100 && highlighted > 50,
            "{compared} {highlighted}"
        );
    }

    #[test]
    fn merge_joins_overlaps_only() {
        assert_eq!(
            merge(vec![(5, 9), (0, 3), (2, 4), (9, 10)]),
            vec![(0, 4), (5, 10)]
        );
    }

    #[test]
    fn short_text_is_kept_whole() {
        let (s, h) = snippet("Koursk est là.", &[(0, 6)], 100);
        assert_eq!(s, "Koursk est là.");
        assert_eq!(h, vec![(0, 6)]);
    }

    #[test]
    fn long_text_is_cut_around_the_match_on_boundaries() {
        let text = format!(
            "{} Les soldats sont à Koursk. {}",
            "Début du texte. ".repeat(20),
            "Fin du texte. ".repeat(20)
        );
        let k = text.find("Koursk").unwrap();
        let (s, h) = snippet(&text, &[(k, k + 6)], 80);
        assert!(s.starts_with("… ") && s.ends_with(" …"), "{s}");
        assert!(s.chars().count() <= 84, "{s}");
        assert_eq!(&s[h[0].0..h[0].1], "Koursk");
        assert!(s.contains("Les soldats sont à Koursk."), "{s}");
    }

    #[test]
    fn budget_counts_characters_not_bytes() {
        let text = "é".repeat(300);
        let (s, _) = snippet(&text, &[], 100);
        assert!(s.chars().count() <= 104);
    }
}
