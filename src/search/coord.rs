//! Coordination: a constant bonus for each query word a passage matches, so that passages
//! with more of the query's distinct words rank above passages with fewer, whatever the
//! BM25 of repeated words (Meilisearch's "words" rule before its relevance rules).

use std::fmt;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, Term};

/// Larger than any BM25 sum one query word can reach, so the count of matched words
/// dominates and BM25 orders passages within the same count.
pub const WORD_BONUS: Score = 1000.0;

/// Matches what `inner` matches, scoring `inner`'s score plus a constant.
pub struct PlusConst {
    inner: Box<dyn Query>,
    bonus: Score,
}

impl PlusConst {
    pub fn new(inner: Box<dyn Query>, bonus: Score) -> Self {
        PlusConst { inner, bonus }
    }
}

impl Clone for PlusConst {
    fn clone(&self) -> Self {
        PlusConst {
            inner: self.inner.box_clone(),
            bonus: self.bonus,
        }
    }
}

impl fmt::Debug for PlusConst {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "PlusConst({}, {:?})", self.bonus, self.inner)
    }
}

impl Query for PlusConst {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let inner = self.inner.weight(enable_scoring)?;
        if enable_scoring.is_scoring_enabled() {
            Ok(Box::new(PlusConstWeight {
                inner,
                bonus: self.bonus,
            }))
        } else {
            Ok(inner)
        }
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct PlusConstWeight {
    inner: Box<dyn Weight>,
    bonus: Score,
}

impl Weight for PlusConstWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let inner = self.inner.scorer(reader, boost)?;
        Ok(Box::new(PlusConstScorer {
            inner,
            bonus: self.bonus * boost,
            bound: None,
        }))
    }

    fn scorer_danger(
        &self,
        reader: &SegmentReader,
        target: DocId,
        boost: Score,
    ) -> tantivy::Result<(SeekDangerResult, Box<dyn Scorer>)> {
        let (found, inner) = self.inner.scorer_danger(reader, target, boost)?;
        Ok((
            found,
            Box::new(PlusConstScorer {
                inner,
                bonus: self.bonus * boost,
                bound: bound_of(found),
            }),
        ))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut e = Explanation::new("PlusConst", self.bonus);
        e.add_detail(self.inner.explain(reader, doc)?);
        Ok(e)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.inner.count(reader)
    }

    /// The inner query prunes (block-max WAND, block-max intersection) against the
    /// threshold less the constant: a constant never changes which passages are on top.
    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        let bonus = self.bonus;
        self.inner
            .for_each_pruning(threshold - bonus, reader, &mut |doc, score| {
                callback(doc, score + bonus) - bonus
            })
    }
}

struct PlusConstScorer {
    inner: Box<dyn Scorer>,
    bonus: Score,
    /// After a `seek_danger` miss: the inner scorer holds nothing before this document
    /// (and is only sought dangerously again, at or after it).
    bound: Option<DocId>,
}

fn bound_of(found: SeekDangerResult) -> Option<DocId> {
    match found {
        SeekDangerResult::Found => None,
        SeekDangerResult::SeekLowerBound(bound) => Some(bound),
    }
}

impl DocSet for PlusConstScorer {
    fn advance(&mut self) -> DocId {
        self.bound = None;
        self.inner.advance()
    }
    fn seek(&mut self, target: DocId) -> DocId {
        self.bound = None;
        self.inner.seek(target)
    }
    /// Forwarded (a phrase then answers from the positions at `target` alone), except for
    /// a target the inner scorer is known to be past: an exclusion asks about every
    /// document of the query it excludes from, a phrase only about the ones ahead of it.
    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        let found = match self.bound {
            Some(bound) if target < bound => return SeekDangerResult::SeekLowerBound(bound),
            Some(_) => self.inner.seek_danger(target),
            None => {
                let doc = self.inner.doc();
                if doc > target {
                    return SeekDangerResult::SeekLowerBound(doc);
                }
                if doc == target {
                    return SeekDangerResult::Found;
                }
                self.inner.seek_danger(target)
            }
        };
        self.bound = bound_of(found);
        found
    }
    fn doc(&self) -> DocId {
        self.inner.doc()
    }
    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }
    fn cost(&self) -> u64 {
        self.inner.cost()
    }
}

impl Scorer for PlusConstScorer {
    fn score(&mut self) -> Score {
        self.inner.score() + self.bonus
    }
}
