//! A union for seeking: matches what any of its queries matches, scoring the sum of those
//! that match.
//!
//! tantivy's union buffers a window of 4,096 documents ahead of each move, which pays off
//! when a union is walked end to end, and costs a window refill for every jump when it is
//! sought into: the rescoring bonuses are sought to 100 candidates, and a word inside a
//! conjunction led by a rarer clause is sought to that clause's documents. This one keeps
//! its few scorers side by side and moves only those behind the target.

use std::fmt;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, TERMINATED, Term};

pub struct SumOf {
    queries: Vec<Box<dyn Query>>,
}

impl SumOf {
    pub fn new(queries: Vec<Box<dyn Query>>) -> Self {
        SumOf { queries }
    }
}

impl Clone for SumOf {
    fn clone(&self) -> Self {
        SumOf {
            queries: self.queries.iter().map(|q| q.box_clone()).collect(),
        }
    }
}

impl fmt::Debug for SumOf {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "SumOf({:?})", self.queries)
    }
}

impl Query for SumOf {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .queries
            .iter()
            .map(|q| q.weight(enable_scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(SumWeight { weights }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for q in &self.queries {
            q.query_terms(visitor);
        }
    }
}

struct SumWeight {
    weights: Vec<Box<dyn Weight>>,
}

impl Weight for SumWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorers = Vec::with_capacity(self.weights.len());
        for w in &self.weights {
            let s = w.scorer(reader, boost)?;
            if s.doc() != TERMINATED {
                scorers.push(s);
            }
        }
        let bounds = vec![None; scorers.len()];
        let mut sum = SumScorer {
            scorers,
            bounds,
            doc: 0,
            valid: true,
        };
        sum.doc = sum.min_doc();
        Ok(Box::new(sum))
    }

    /// Each scorer started at `target` (a phrase then reads positions at `target` only,
    /// instead of looking for its first match from the segment's start): what rescoring
    /// needs, which asks about the candidates only.
    fn scorer_danger(
        &self,
        reader: &SegmentReader,
        target: DocId,
        boost: Score,
    ) -> tantivy::Result<(SeekDangerResult, Box<dyn Scorer>)> {
        let mut scorers = Vec::with_capacity(self.weights.len());
        let mut bounds = Vec::with_capacity(self.weights.len());
        let (mut found, mut lower) = (false, TERMINATED);
        for w in &self.weights {
            match w.scorer_danger(reader, target, boost)? {
                (SeekDangerResult::Found, s) => {
                    found = true;
                    scorers.push(s);
                    bounds.push(None);
                }
                (SeekDangerResult::SeekLowerBound(bound), s) => {
                    if bound < TERMINATED {
                        lower = lower.min(bound);
                        scorers.push(s);
                        bounds.push(Some(bound));
                    }
                }
            }
        }
        let sum = SumScorer {
            scorers,
            bounds,
            doc: target,
            valid: found,
        };
        let result = if found {
            SeekDangerResult::Found
        } else {
            SeekDangerResult::SeekLowerBound(lower)
        };
        Ok((result, Box::new(sum)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        let mut e = Explanation::new("SumOf", scorer.score());
        for w in &self.weights {
            if let Ok(child) = w.explain(reader, doc) {
                e.add_detail(child);
            }
        }
        Ok(e)
    }
}

struct SumScorer {
    scorers: Vec<Box<dyn Scorer>>,
    /// Per scorer: `None` when it stands where its `doc()` says; `Some(bound)` after a
    /// `seek_danger` miss: it holds nothing before `bound`, and its `doc()` means nothing
    /// until it is sought again (see [`SumScorer::settle`]).
    bounds: Vec<Option<DocId>>,
    doc: DocId,
    /// False after a `seek_danger` miss (`doc` is then stale).
    valid: bool,
}

impl SumScorer {
    /// The first document of the scorers, all of them standing where their `doc()` says.
    fn min_doc(&self) -> DocId {
        self.scorers
            .iter()
            .map(|s| s.doc())
            .min()
            .unwrap_or(TERMINATED)
    }

    /// Every scorer on its first document at or after `target`, in a valid state; the
    /// scorers with nothing left are dropped.
    fn settle(&mut self, target: DocId) {
        let mut i = 0;
        while i < self.scorers.len() {
            let s = &mut self.scorers[i];
            let alive = match self.bounds[i].take() {
                // A scorer in the danger zone is sought (dangerously) until it matches.
                Some(bound) => {
                    let mut t = target.max(bound);
                    loop {
                        if t >= TERMINATED {
                            break false;
                        }
                        match s.seek_danger(t) {
                            SeekDangerResult::Found => break true,
                            SeekDangerResult::SeekLowerBound(next) => t = next,
                        }
                    }
                }
                None => {
                    if s.doc() < target {
                        s.seek(target);
                    }
                    s.doc() != TERMINATED
                }
            };
            if alive {
                i += 1;
            } else {
                // In order: the sum adds the scores in the order of the queries.
                self.scorers.remove(i);
                self.bounds.remove(i);
            }
        }
    }
}

impl DocSet for SumScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        let current = self.doc;
        if self.bounds.iter().any(Option::is_some) {
            self.settle(current + 1);
        } else {
            for s in &mut self.scorers {
                if s.doc() == current {
                    s.advance();
                }
            }
        }
        self.doc = self.min_doc();
        self.valid = true;
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.valid && self.doc >= target {
            return self.doc;
        }
        self.settle(target);
        self.doc = self.min_doc();
        self.valid = true;
        self.doc
    }

    /// Whether `target` matches, moving each scorer no further than it must: a phrase
    /// answers from the positions at `target`, without looking for its next match.
    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        if target >= TERMINATED {
            return SeekDangerResult::SeekLowerBound(TERMINATED);
        }
        let (mut found, mut lower) = (false, TERMINATED);
        for (s, bound) in self.scorers.iter_mut().zip(&mut self.bounds) {
            let at = match *bound {
                Some(b) if b > target => {
                    lower = lower.min(b);
                    continue;
                }
                Some(_) => None,
                None => Some(s.doc()),
            };
            match at {
                Some(doc) if doc > target => lower = lower.min(doc),
                Some(doc) if doc == target => found = true,
                _ => match s.seek_danger(target) {
                    SeekDangerResult::Found => {
                        *bound = None;
                        found = true;
                    }
                    SeekDangerResult::SeekLowerBound(b) => {
                        *bound = Some(b);
                        lower = lower.min(b);
                    }
                },
            }
        }
        self.valid = found;
        if found {
            self.doc = target;
            SeekDangerResult::Found
        } else {
            SeekDangerResult::SeekLowerBound(lower)
        }
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.scorers
            .iter()
            .map(|s| s.size_hint())
            .max()
            .unwrap_or(0)
    }

    fn cost(&self) -> u64 {
        self.scorers.iter().map(|s| s.cost()).sum()
    }
}

impl Scorer for SumScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        self.scorers
            .iter_mut()
            .zip(&self.bounds)
            .filter(|(s, bound)| bound.is_none() && s.doc() == doc)
            .map(|(s, _)| s.score())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, Occur, TermQuery};
    use tantivy::schema::{IndexRecordOption, STRING, Schema};
    use tantivy::{Index, TantivyDocument};

    /// One term of `field`, scored by its frequency.
    fn term_of(field: tantivy::schema::Field, t: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, t),
            IndexRecordOption::WithFreqs,
        ))
    }

    #[test]
    fn scores_and_matches_as_a_boolean_union() {
        let mut b = Schema::builder();
        let word = b.add_text_field("word", STRING);
        let index = Index::create_in_ram(b.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for words in [
            &["a"][..],
            &["b"],
            &["a", "b"],
            &["c"],
            &["a", "c"],
            &["b", "b"],
        ] {
            let mut doc = TantivyDocument::default();
            for w in words {
                doc.add_text(word, w);
            }
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let term = |t: &str| term_of(word, t);
        let ours = SumOf::new(vec![term("a"), term("b")]);
        let theirs =
            BooleanQuery::new(vec![(Occur::Should, term("a")), (Occur::Should, term("b"))]);
        let top = TopDocs::with_limit(10).order_by_score();
        let mut a = searcher.search(&ours, &top).unwrap();
        let mut b = searcher.search(&theirs, &top).unwrap();
        a.sort_by_key(|x| x.1);
        b.sort_by_key(|x| x.1);
        assert_eq!(a.len(), 5);
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.1, y.1);
            assert!((x.0 - y.0).abs() < 1e-5, "{x:?} {y:?}");
        }
        // Seeking lands on the next match.
        let weight = ours
            .weight(EnableScoring::enabled_from_searcher(&searcher))
            .unwrap();
        let mut scorer = weight.scorer(searcher.segment_reader(0), 1.0).unwrap();
        assert_eq!(scorer.seek(3), 4);
        assert_eq!(scorer.advance(), 5);
        assert_eq!(scorer.advance(), TERMINATED);
    }

    #[test]
    fn seeking_dangerously_finds_and_scores_what_seeking_does() {
        use tantivy::query::PhraseQuery;
        use tantivy::schema::TEXT;
        let mut b = Schema::builder();
        let body = b.add_text_field("body", TEXT);
        let index = Index::create_in_ram(b.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let texts = [
            "a b",
            "b a",
            "c",
            "a x b",
            "a b c",
            "x",
            "b a c a b",
            "c c",
            "a",
            "a b",
        ];
        for t in texts.iter().cycle().take(300) {
            writer.add_document(tantivy::doc!(body => *t)).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let term = |t: &str| term_of(body, t);
        let phrase = |slop: u32| -> Box<dyn Query> {
            let terms = vec![
                (0, Term::from_field_text(body, "a")),
                (1, Term::from_field_text(body, "b")),
            ];
            Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop))
        };
        let sum = SumOf::new(vec![phrase(0), term("c"), phrase(1)]);
        let weight = sum
            .weight(EnableScoring::enabled_from_searcher(&searcher))
            .unwrap();
        let reader = searcher.segment_reader(0);
        // What each doc scores, walking the plain scorer.
        let mut expected = std::collections::HashMap::new();
        let mut plain = weight.scorer(reader, 1.0).unwrap();
        while plain.doc() != TERMINATED {
            expected.insert(plain.doc(), plain.score());
            plain.advance();
        }
        for step in [1, 2, 3, 7] {
            let targets: Vec<DocId> = (0..300).step_by(step).collect();
            let (first, mut scorer) = weight.scorer_danger(reader, targets[0], 1.0).unwrap();
            for (i, &t) in targets.iter().enumerate() {
                let found = if i == 0 { first } else { scorer.seek_danger(t) };
                match found {
                    SeekDangerResult::Found => {
                        assert_eq!(scorer.score(), expected[&t], "doc {t}");
                    }
                    SeekDangerResult::SeekLowerBound(bound) => {
                        assert!(!expected.contains_key(&t), "doc {t}");
                        assert!(bound > t);
                        assert!((t + 1..bound).all(|d| !expected.contains_key(&d)));
                    }
                }
            }
        }
        // After a miss, seeking and advancing land where the plain scorer does.
        let (_, mut scorer) = weight.scorer_danger(reader, 5, 1.0).unwrap();
        scorer.seek_danger(7);
        let mut matches: Vec<DocId> = expected.keys().copied().filter(|&d| d > 7).collect();
        matches.sort_unstable();
        assert_eq!(scorer.seek(8), matches[0]);
        for &d in &matches[1..] {
            assert_eq!(scorer.advance(), d);
            assert_eq!(scorer.score(), expected[&d]);
        }
        assert_eq!(scorer.advance(), TERMINATED);
    }
}
