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
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

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
        let mut sum = SumScorer { scorers, doc: 0 };
        sum.doc = sum.min_doc();
        Ok(Box::new(sum))
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
    doc: DocId,
}

impl SumScorer {
    fn min_doc(&self) -> DocId {
        self.scorers
            .iter()
            .map(|s| s.doc())
            .min()
            .unwrap_or(TERMINATED)
    }
}

impl DocSet for SumScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        let current = self.doc;
        for s in &mut self.scorers {
            if s.doc() == current {
                s.advance();
            }
        }
        self.doc = self.min_doc();
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for s in &mut self.scorers {
            if s.doc() < target {
                s.seek(target);
            }
        }
        self.doc = self.min_doc();
        self.doc
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
            .filter(|s| s.doc() == doc)
            .map(|s| s.score())
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
        let term = |t: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(word, t),
                IndexRecordOption::WithFreqs,
            ))
        };
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
}
