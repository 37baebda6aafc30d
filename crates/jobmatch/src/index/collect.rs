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
/// Rejected documents take no slot; the [`Pool`] says whether every hit went
/// through the filter (callers check the hits themselves when not).
///
/// `bound(segment_ord, doc)` is at least what `admit` adds to that document,
/// and cheaper to know: a document whose query score plus its bound cannot
/// enter the pool is passed over without calling `admit`. The others wait in
/// batches of [`BATCH`]: `touch(segment_ord, doc)` reads, for each document of
/// a batch, the data `admit` will read, so that their cache misses overlap;
/// then each is admitted in turn.
pub(crate) struct FilteredTopDocs<F, B, T> {
    pub k: usize,
    pub admit: F,
    /// The most `admit` ever adds.
    pub headroom: f32,
    pub bound: B,
    pub touch: T,
}

/// Documents admitted together (see [`FilteredTopDocs`]).
const BATCH: usize = 32;

/// A document waiting for `admit`: its id, query score and bound.
type Waiting = (DocId, Score, f32);

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
        } else if let Some(mut worst) = self.heap.peek_mut()
            && entry < *worst
        {
            // Replacing the top in place sifts once, where pop and push sift twice.
            *worst = entry;
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

/// The threshold to hand tantivy: a document whose query score is at or below
/// it cannot reach `threshold` with at most `headroom` added, rounding included
/// (the slack keeps an exact tie, which the lower address may win, in play).
fn lowered(threshold: Score, headroom: f32) -> Score {
    if threshold == Score::MIN {
        return threshold;
    }
    let slack = 1e-5 * (1.0 + threshold.abs() + headroom);
    threshold - headroom - slack
}

/// The collected pool, best first.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pool {
    pub hits: Vec<(Score, DocAddress)>,
    /// Every hit passed the filter (false when a tantivy path bypassed
    /// `collect_segment`: the caller must then check each hit itself).
    pub admitted: bool,
}

/// Segment collector for tantivy paths that bypass `collect_segment` (none in
/// tantivy 0.27's `Searcher::search`). It cannot hold the borrowed filter, so it
/// keeps the unfiltered top k and says so ([`Pool::admitted`]).
pub(crate) struct UnfilteredSegment {
    segment_ord: u32,
    top: TopK,
}

impl SegmentCollector for UnfilteredSegment {
    type Fruit = Pool;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.top.push(Entry {
            score,
            address: DocAddress::new(self.segment_ord, doc),
        });
    }

    fn harvest(self) -> Self::Fruit {
        Pool {
            hits: self.top.into_sorted(),
            admitted: false,
        }
    }
}

impl<F, B, T> FilteredTopDocs<F, B, T>
where
    F: Fn(u32, DocId) -> Option<f32>,
    T: Fn(u32, DocId) -> u64,
{
    /// Touches the waiting documents' data, then admits each that can still
    /// enter (the threshold may have risen since it was queued).
    fn admit_batch(&self, segment_ord: u32, waiting: &mut Vec<Waiting>, top: &mut TopK) {
        std::hint::black_box(
            waiting
                .iter()
                .fold(0u64, |v, &(doc, _, _)| v ^ (self.touch)(segment_ord, doc)),
        );
        for (doc, score, bound) in waiting.drain(..) {
            if score > lowered(top.threshold(), bound)
                && let Some(extra) = (self.admit)(segment_ord, doc)
            {
                top.push(Entry {
                    score: score + extra,
                    address: DocAddress::new(segment_ord, doc),
                });
            }
        }
    }
}

impl<F, B, T> Collector for FilteredTopDocs<F, B, T>
where
    F: Fn(u32, DocId) -> Option<f32> + Send + Sync,
    B: Fn(u32, DocId) -> f32 + Send + Sync,
    T: Fn(u32, DocId) -> u64 + Send + Sync,
{
    type Fruit = Pool;
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

    fn merge_fruits(&self, mut fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        if fruits.len() == 1
            && let Some(only) = fruits.pop()
        {
            // One segment (merged indexes): its pool is already the top k, sorted.
            return Ok(only);
        }
        let mut top = TopK::new(self.k);
        let mut admitted = true;
        for fruit in fruits {
            admitted &= fruit.admitted;
            for (score, address) in fruit.hits {
                top.push(Entry { score, address });
            }
        }
        Ok(Pool {
            hits: top.into_sorted(),
            admitted,
        })
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment_ord: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Fruit> {
        let mut top = TopK::new(self.k);
        if self.k == 0 {
            return Ok(Pool {
                hits: Vec::new(),
                admitted: true,
            });
        }
        let alive = reader.alive_bitset();
        let mut waiting: Vec<Waiting> = Vec::with_capacity(BATCH);
        weight.for_each_pruning(Score::MIN, reader, &mut |doc, score| {
            if !alive.is_some_and(|a| a.is_deleted(doc)) {
                let bound = (self.bound)(segment_ord, doc);
                if score > lowered(top.threshold(), bound) {
                    waiting.push((doc, score, bound));
                    if waiting.len() == BATCH {
                        self.admit_batch(segment_ord, &mut waiting, &mut top);
                    }
                }
            }
            // The waiting documents are not in the heap yet: the threshold is
            // at most what it will be, so tantivy skips nothing they could
            // have let in.
            lowered(top.threshold(), self.headroom)
        })?;
        self.admit_batch(segment_ord, &mut waiting, &mut top);
        Ok(Pool {
            hits: top.into_sorted(),
            admitted: true,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use proptest::prelude::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{Index, TantivyDocument, Term};

    use super::*;

    fn extra(doc: u32, seed: u64) -> Option<f32> {
        let h = (u64::from(doc) ^ seed).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40;
        // About one document in five is not admitted; the rest get 0..=3 points,
        // the bound itself included.
        (!h.is_multiple_of(5)).then_some((h % 13) as f32 * 0.25)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, rng_seed: proptest::test_runner::RngSeed::Fixed(13), ..ProptestConfig::default() })]
        /// Differential: the pool equals the brute-force top k of query score
        /// plus the added points over every admitted matching document.
        #[test]
        fn pool_equals_brute_force(docs in prop::collection::vec(prop::collection::vec(0u8..6, 0..6), 1..120),
                                   k in 1usize..40, seed in any::<u64>()) {
            let mut builder = Schema::builder();
            let text = builder.add_text_field("t", TEXT);
            let index = Index::create_in_ram(builder.build());
            let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
            for words in &docs {
                let mut doc = TantivyDocument::default();
                let body: Vec<String> = words.iter().map(|w| format!("w{w}")).collect();
                doc.add_text(text, body.join(" "));
                writer.add_document(doc).unwrap();
            }
            writer.commit().unwrap();
            let searcher = index.reader().unwrap().searcher();
            let query = BooleanQuery::new((0..4).map(|w| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(Term::from_field_text(text, &format!("w{w}")), IndexRecordOption::WithFreqs));
                (Occur::Should, q)
            }).collect());
            // The bound is exact for half the documents and the headroom for the rest.
            let bound = |_, doc: u32| if doc.is_multiple_of(2) { extra(doc, seed).unwrap_or(0.0) } else { 3.0 };
            let pool = searcher.search(&query, &FilteredTopDocs { k, admit: |_, doc| extra(doc, seed), headroom: 3.0, bound, touch: |_, doc| u64::from(doc) }).unwrap();
            let all = searcher.search(&query, &TopDocs::with_limit(docs.len()).order_by_score()).unwrap();
            let mut brute: Vec<Entry> = all.into_iter()
                .filter_map(|(score, address)| extra(address.doc_id, seed).map(|e| Entry { score: score + e, address }))
                .collect();
            brute.sort();
            brute.truncate(k);
            let expected: Vec<(Score, DocAddress)> = brute.into_iter().map(|e| (e.score, e.address)).collect();
            prop_assert!(pool.admitted);
            prop_assert_eq!(pool.hits, expected);
        }
    }
}
