//! `fouille eval`: ranking quality against a judged query set (qrels): nDCG@10, MRR, P@1.
//!
//! File format (`tests/data/qrels.tsv`): one query per line, a tab, then space-separated
//! judgments `DOC:PASSAGE=GRADE` (3 perfect, 2 good, 1 partly relevant; unlisted = 0).
//! `#` starts a comment line.

use std::collections::HashMap;

use serde::Serialize;

use crate::search::{Engine, SearchError, SearchOptions};

/// Cut-off of nDCG.
pub const K: usize = 10;
/// Grade from which a passage counts as an answer for MRR and P@1 ("good" or better).
pub const RELEVANT: u8 = 2;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Judged {
    pub query: String,
    /// (doc, passage) → grade.
    pub grades: HashMap<(String, u64), u8>,
}

#[derive(thiserror::Error, Debug, PartialEq, Eq)]
#[error("qrels line {line}: {message}")]
pub struct QrelsError {
    pub line: usize,
    pub message: String,
}

pub fn parse_qrels(text: &str) -> Result<Vec<Judged>, QrelsError> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let err = |message: String| QrelsError { line, message };
        if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
            continue;
        }
        let (query, judgments) = raw
            .split_once('\t')
            .ok_or_else(|| err("expected `query<TAB>DOC:PASSAGE=GRADE …`".into()))?;
        let mut grades = HashMap::new();
        for j in judgments.split_whitespace() {
            let (target, grade) = j
                .rsplit_once('=')
                .ok_or_else(|| err(format!("'{j}': missing =GRADE")))?;
            let (doc, passage) = target
                .rsplit_once(':')
                .ok_or_else(|| err(format!("'{j}': missing :PASSAGE")))?;
            let passage: u64 = passage
                .parse()
                .map_err(|_| err(format!("'{j}': passage is not a number")))?;
            let grade: u8 = grade
                .parse()
                .ok()
                .filter(|g| *g <= 3)
                .ok_or_else(|| err(format!("'{j}': grade must be 0-3")))?;
            grades.insert((doc.to_string(), passage), grade);
        }
        if grades.is_empty() {
            return Err(err(format!("query '{query}' has no judgments")));
        }
        out.push(Judged {
            query: query.to_string(),
            grades,
        });
    }
    Ok(out)
}

#[derive(Clone, Debug, Serialize)]
pub struct QueryScore {
    pub query: String,
    pub ndcg10: f64,
    pub rr: f64,
    pub p1: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct EvalReport {
    pub queries: usize,
    pub ndcg10: f64,
    pub mrr: f64,
    pub p1: f64,
    pub per_query: Vec<QueryScore>,
}

/// nDCG@K with gains 2^grade − 1, of a ranking given as grades in rank order.
pub fn ndcg(ranked: &[u8], all_grades: impl Iterator<Item = u8>) -> f64 {
    let dcg = |grades: &[u8]| -> f64 {
        grades
            .iter()
            .take(K)
            .enumerate()
            .map(|(i, &g)| (2f64.powi(i32::from(g)) - 1.0) / (i as f64 + 2.0).log2())
            .sum()
    };
    let mut ideal: Vec<u8> = all_grades.collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let best = dcg(&ideal);
    if best == 0.0 { 0.0 } else { dcg(ranked) / best }
}

pub fn evaluate(engine: &Engine, judged: &[Judged]) -> Result<EvalReport, SearchError> {
    let options = SearchOptions {
        limit: K,
        per_article: None,
        highlight: false,
        ..SearchOptions::default()
    };
    let mut per_query = Vec::with_capacity(judged.len());
    for j in judged {
        let results = engine.search(&j.query, &options)?;
        let ranked: Vec<u8> = results
            .hits
            .iter()
            .map(|h| {
                j.grades
                    .get(&(h.doc.clone(), h.passage))
                    .copied()
                    .unwrap_or(0)
            })
            .collect();
        let first = ranked.iter().position(|&g| g >= RELEVANT);
        per_query.push(QueryScore {
            query: j.query.clone(),
            ndcg10: ndcg(&ranked, j.grades.values().copied()),
            rr: first.map_or(0.0, |i| 1.0 / (i as f64 + 1.0)),
            p1: if first == Some(0) { 1.0 } else { 0.0 },
        });
    }
    let n = per_query.len().max(1) as f64;
    let mean = |f: fn(&QueryScore) -> f64| per_query.iter().map(f).sum::<f64>() / n;
    Ok(EvalReport {
        queries: per_query.len(),
        ndcg10: mean(|q| q.ndcg10),
        mrr: mean(|q| q.rr),
        p1: mean(|q| q.p1),
        per_query,
    })
}

pub fn render(report: &EvalReport) -> String {
    let mut out = format!(
        "{:<40} {:>7} {:>6} {:>4}\n",
        "query", "nDCG@10", "RR", "P@1"
    );
    for q in &report.per_query {
        let name: String = q.query.chars().take(40).collect();
        // `+ 0.0` turns a negative zero into zero (`-0.000` read as a bug).
        out.push_str(&format!(
            "{:<40} {:>7.3} {:>6.3} {:>4.0}\n",
            name,
            q.ndcg10 + 0.0,
            q.rr + 0.0,
            q.p1 + 0.0
        ));
    }
    out.push_str(&format!(
        "\n{} queries: nDCG@10 {:.3}, MRR {:.3}, P@1 {:.3}\n",
        report.queries,
        report.ndcg10 + 0.0,
        report.mrr + 0.0,
        report.p1 + 0.0
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_judgments_and_reports_bad_lines() {
        let q = parse_qrels("# c\n\nKoursk\t003.txt:4=3 003.txt:1=1\n").unwrap();
        assert_eq!(q[0].grades[&("003.txt".to_string(), 4)], 3);
        assert_eq!(parse_qrels("Koursk 003.txt:4=3").unwrap_err().line, 1);
        assert!(
            parse_qrels("a\t003.txt:x=3")
                .unwrap_err()
                .message
                .contains("passage")
        );
        assert!(
            parse_qrels("a\t003.txt:1=9")
                .unwrap_err()
                .message
                .contains("grade")
        );
    }

    #[test]
    fn no_negative_zero_is_printed() {
        let report = EvalReport {
            queries: 1,
            ndcg10: 0.0,
            mrr: 0.0,
            p1: 0.0,
            per_query: vec![QueryScore {
                query: "q".into(),
                ndcg10: -0.0,
                rr: -0.0,
                p1: -0.0,
            }],
        };
        assert!(!render(&report).contains("-0"), "{}", render(&report));
    }

    #[test]
    fn ndcg_is_one_for_the_ideal_ranking_and_less_otherwise() {
        let all = [3u8, 2, 0];
        assert!((ndcg(&[3, 2], all.into_iter()) - 1.0).abs() < 1e-9);
        let swapped = ndcg(&[2, 3], all.into_iter());
        assert!(swapped < 1.0 && swapped > 0.5);
        assert_eq!(ndcg(&[0, 0], all.into_iter()), 0.0);
    }
}
