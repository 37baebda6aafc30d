//! A top-k collector that applies a filter while tantivy prunes: documents the
//! filter rejects never enter the heap, so pruning works with a threshold built
//! from eligible documents only. The filter may also add points to a
//! document's score (what the query cannot see, see
//! [`crate::features::situation`]); the threshold handed back to tantivy is
//! lowered by the most it can add, so no document that could still enter is
//! skipped.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::Weight;
use tantivy::{DocAddress, DocId, Score, SegmentReader};

/// Top `k` documents by query score plus `admit(segment_ord, doc)` among those
/// it admits (`Some(extra points)`); ties go to the lower document address.
/// The filter is an optimisation of the pool (rejected documents take no slot);
/// callers still check each result.
pub(crate) struct FilteredTopDocs<F> {
    pub k: usize,
    pub admit: F,
    /// The most `admit` ever adds.
    pub headroom: f32,
}

#[derive(Clone, Copy)]
struct Entry {
    score: Score,
    address: DocAddress,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    /// "Greater" is worse, so the max-heap's top is the worst kept entry.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then_with(|| self.address.cmp(&other.address))
    }
}

struct TopK {
    k: usize,
    heap: BinaryHeap<Entry>,
}

impl TopK {
    fn new(k: usize) -> Self {
        TopK {
            k,
            heap: BinaryHeap::with_capacity(k + 1),
        }
    }

    fn push(&mut self, entry: Entry) {
        if self.heap.len() < self.k {
            self.heap.push(entry);
        } else if let Some(worst) = self.heap.peek()
            && entry < *worst
        {
            self.heap.pop();
            self.heap.push(entry);
        }
    }

    /// Scores must beat this to matter (only once the heap is full).
    fn threshold(&self) -> Score {
        if self.heap.len() < self.k {
            Score::MIN
        } else {
            self.heap.peek().map_or(Score::MIN, |e| e.score)
        }
    }

    fn into_sorted(self) -> Vec<(Score, DocAddress)> {
        let mut v = self.heap.into_vec();
        v.sort();
        v.into_iter().map(|e| (e.score, e.address)).collect()
    }
}

/// Segment collector for tantivy paths that bypass `collect_segment` (none in
/// tantivy 0.27's `Searcher::search`). It cannot hold the borrowed filter, so it
/// keeps the unfiltered top k; callers re-check every candidate anyway.
pub(crate) struct UnfilteredSegment {
    segment_ord: u32,
    top: TopK,
}

impl SegmentCollector for UnfilteredSegment {
    type Fruit = Vec<(Score, DocAddress)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.top.push(Entry {
            score,
            address: DocAddress::new(self.segment_ord, doc),
        });
    }

    fn harvest(self) -> Self::Fruit {
        self.top.into_sorted()
    }
}

impl<F: Fn(u32, DocId) -> Option<f32> + Send + Sync> Collector for FilteredTopDocs<F> {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = UnfilteredSegment;

    fn for_segment(
        &self,
        segment_ord: u32,
        _reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        Ok(UnfilteredSegment {
            segment_ord,
            top: TopK::new(self.k),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut top = TopK::new(self.k);
        for (score, address) in fruits.into_iter().flatten() {
            top.push(Entry { score, address });
        }
        Ok(top.into_sorted())
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment_ord: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Fruit> {
        let mut top = TopK::new(self.k);
        if self.k == 0 {
            return Ok(Vec::new());
        }
        let alive = reader.alive_bitset();
        weight.for_each_pruning(Score::MIN, reader, &mut |doc, score| {
            let deleted = alive.is_some_and(|a| a.is_deleted(doc));
            if !deleted && let Some(extra) = (self.admit)(segment_ord, doc) {
                top.push(Entry {
                    score: score + extra,
                    address: DocAddress::new(segment_ord, doc),
                });
            }
            top.threshold() - self.headroom
        })?;
        Ok(top.into_sorted())
    }
}
