//! The entry point: build or open an index, add records, take a snapshot, match.

mod snapshot;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tantivy::Term;

pub(crate) use snapshot::non_personalised_explanation;
pub use snapshot::{Match, MatchOptions, SeekerMatches, Snapshot};

use crate::analysis::Analyzer;
use crate::error::{Error, Result};
use crate::index::schema::{Side, posting_document, seeker_document};
use crate::index::store::Store;
use crate::model::{Posting, Seeker};
use crate::normalise::skills::SkillNormaliser;
use crate::profile::{PostingProfile, SeekerProfile};
use crate::score::Weights;

/// Default number of postings retrieved per seeker before exact scoring.
/// Measured on the 100,000-posting scale data (recall@20 of a seeker's
/// candidate path, the impact lists of `index::impact`, against exhaustive
/// scoring): over 1,000 seekers 0.9817 at 200, 0.9853 at 250, 0.9865 at 270,
/// 0.9877 at 300; over 10,000 seekers 0.9827 at 250 and 0.9849 at 300. The
/// full push of 1,000,000 seekers took 282 s at 250 (BENCHMARKS.md). (The
/// tantivy query it replaced needed 600 for 0.98.)
pub const DEFAULT_POOL_SIZE: usize = 250;

/// Default number of seekers retrieved per posting before exact scoring (the
/// employer's view, [`crate::Snapshot::candidates`]). That direction's pool
/// comes from a tantivy query, whose linear points are a rougher guide to
/// the final order than the impact lists, so it is deeper: 600, the depth
/// that query needed for recall@20 0.98 in the other direction.
pub const DEFAULT_CANDIDATE_POOL_SIZE: usize = 600;

/// Settings shared by every snapshot of an engine.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub weights: Weights,
    pub pool_size: usize,
    /// The pool of the other direction (seekers for a posting).
    pub candidate_pool_size: usize,
    pub normaliser: SkillNormaliser,
    pub checks: crate::checks::CheckMode,
    /// Infers missing occupation codes at index time (see [`crate::classify::infer`]).
    pub inference: crate::classify::Inference,
}

/// Builder for an [`Engine`].
#[derive(Debug, Clone)]
pub struct EngineBuilder {
    config: Config,
    writer_memory: usize,
    writer_threads: usize,
}

impl Default for EngineBuilder {
    fn default() -> Self {
        EngineBuilder {
            config: Config {
                weights: Weights::default(),
                pool_size: DEFAULT_POOL_SIZE,
                candidate_pool_size: DEFAULT_CANDIDATE_POOL_SIZE,
                normaliser: SkillNormaliser::default(),
                checks: crate::checks::CheckMode::default(),
                inference: crate::classify::Inference::default(),
            },
            writer_memory: 200_000_000,
            writer_threads: std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .min(4),
        }
    }
}

impl EngineBuilder {
    /// Feature weights (validated when built with [`Weights::new`] or read from TOML).
    pub fn weights(mut self, weights: Weights) -> Self {
        self.config.weights = weights;
        self
    }

    /// Candidates retrieved per query before exact scoring (at least 1), in
    /// both directions (by default [`DEFAULT_POOL_SIZE`] postings for a
    /// seeker and [`DEFAULT_CANDIDATE_POOL_SIZE`] seekers for a posting). A
    /// pool as large as the corpus makes retrieval exhaustive.
    pub fn pool_size(mut self, pool_size: usize) -> Self {
        self.config.pool_size = pool_size.max(1);
        self.config.candidate_pool_size = pool_size.max(1);
        self
    }

    /// Adds a skill synonym (`alias` is treated as `canonical`).
    pub fn skill_synonym(mut self, alias: &str, canonical: &str) -> Self {
        self.config.normaliser.add_synonym(alias, canonical);
        self
    }

    /// What to do with postings the [posting checks](crate::checks) flag:
    /// withhold those with a blocking flag (the default), only flag, or run no
    /// check. Applied when postings are indexed and when a snapshot is taken.
    pub fn posting_checks(mut self, mode: crate::checks::CheckMode) -> Self {
        self.config.checks = mode;
        self
    }

    /// Occupation inference at index time: postings without an `occupation`,
    /// and past jobs with a title and no `occupation`, get the classifier's top
    /// code, marked as inferred with its confidence (which scales the occupation
    /// feature's credit). On by default
    /// ([`Inference::ShippedByScript`](crate::classify::Inference::ShippedByScript));
    /// [`Inference::Off`](crate::classify::Inference::Off) turns it off.
    ///
    /// ```
    /// use jobmatch::{Engine, classify::Inference, model::Posting};
    /// let engine = Engine::builder().inference(Inference::Off).in_ram()?;
    /// engine.upsert_postings(&[Posting::new("P1", "叉车司机")])?;
    /// engine.commit()?;
    /// let snapshot = engine.snapshot()?;
    /// assert_eq!(snapshot.posting("P1").unwrap().occupation, None);
    ///
    /// let engine = Engine::builder().in_ram()?; // inference on
    /// engine.upsert_postings(&[Posting::new("P1", "叉车司机")])?;
    /// engine.commit()?;
    /// let snapshot = engine.snapshot()?;
    /// let profile = snapshot.posting("P1").unwrap();
    /// assert_eq!(profile.occupation.as_deref(), Some("6-30-05-01"));
    /// assert!(profile.occupation_inferred.is_some());
    /// # Ok::<(), jobmatch::Error>(())
    /// ```
    pub fn inference(mut self, inference: crate::classify::Inference) -> Self {
        self.config.inference = inference;
        self
    }

    /// Shorthand for [`EngineBuilder::inference`]: `Some(classifier)` infers
    /// with that classifier, `None` turns inference off.
    pub fn classifier(self, classifier: Option<Arc<crate::classify::Classifier>>) -> Self {
        self.inference(match classifier {
            Some(c) => crate::classify::Inference::With(c),
            None => crate::classify::Inference::Off,
        })
    }

    /// Memory budget of the index writer in bytes (default 200 MB, at least 15 MB).
    pub fn writer_memory(mut self, bytes: usize) -> Self {
        self.writer_memory = bytes.max(15_000_000);
        self
    }

    /// Indexing threads (default: available cores, at most 4).
    pub fn writer_threads(mut self, threads: usize) -> Self {
        self.writer_threads = threads.max(1);
        self
    }

    /// An engine whose indexes live in memory.
    pub fn in_ram(self) -> Result<Engine> {
        self.build(None)
    }

    /// An engine whose indexes live in `dir` (created if absent, reopened if present).
    pub fn open_or_create(self, dir: impl AsRef<Path>) -> Result<Engine> {
        self.build(Some(dir.as_ref()))
    }

    fn build(self, dir: Option<&Path>) -> Result<Engine> {
        let postings = Store::open(Side::Postings, dir, self.writer_memory, self.writer_threads)?;
        let seekers = Store::open(Side::Seekers, dir, self.writer_memory, self.writer_threads)?;
        Ok(Engine {
            postings,
            seekers,
            config: Arc::new(self.config),
            dir: dir.map(Path::to_path_buf),
        })
    }
}

/// What an upsert or delete did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct IndexReport {
    /// Records new to the index.
    pub added: u64,
    /// Records that replaced one with the same id.
    pub replaced: u64,
    /// Ids deleted (that were present).
    pub deleted: u64,
}

/// The matching engine: two tantivy indexes (postings and seekers) and the
/// scoring configuration.
///
/// ```
/// use jobmatch::{Engine, MatchOptions, model::{Date, Posting, Seeker, SkillItem}};
///
/// let engine = Engine::builder().in_ram()?;
/// let mut welder = Posting::new("P1", "电焊工");
/// welder.skills.push(SkillItem { name: "焊接".into(), required: true, level: None });
/// engine.upsert_postings(&[welder, Posting::new("P2", "收银员")])?;
/// let mut s = Seeker::new("S1");
/// s.skills.push(SkillItem { name: "电焊".into(), required: true, level: Some(3) });
/// engine.upsert_seekers(&[s])?;
/// engine.commit()?;
///
/// let snapshot = engine.snapshot()?;
/// let options = MatchOptions::new(5, Date::from_ymd(2026, 11, 27).unwrap());
/// let top = snapshot.recommend_postings("S1", &options)?;
/// assert_eq!(top[0].id, "P1");
/// # Ok::<(), jobmatch::Error>(())
/// ```
#[derive(Debug)]
pub struct Engine {
    postings: Store,
    seekers: Store,
    config: Arc<Config>,
    dir: Option<PathBuf>,
}

impl Engine {
    /// A builder with default settings.
    pub fn builder() -> EngineBuilder {
        EngineBuilder::default()
    }

    /// The index directory, `None` in RAM.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// The feature weights.
    pub fn weights(&self) -> &Weights {
        &self.config.weights
    }

    /// Takes both indexes' write locks now; fails with
    /// [`Error::IndexLocked`] when another writer holds them.
    pub fn lock_for_writing(&self) -> Result<()> {
        self.postings.lock_for_writing()?;
        self.seekers.lock_for_writing()
    }

    fn existing(store: &Store, ids: impl Iterator<Item = String>) -> Result<(u64, u64)> {
        let searcher = store.reader.searcher();
        let (mut present, mut absent) = (0, 0);
        for id in ids {
            let n = searcher.doc_freq(&Term::from_field_text(store.fields.id, &id))?;
            if n > 0 {
                present += 1;
            } else {
                absent += 1;
            }
        }
        Ok((present, absent))
    }

    /// Adds postings, replacing any with the same id. Visible after [`Engine::commit`].
    pub fn upsert_postings(&self, postings: &[Posting]) -> Result<IndexReport> {
        let fields = self.postings.fields;
        let normaliser = &self.config.normaliser;
        let docs = postings
            .par_iter()
            .map_init(Analyzer::default, |analyzer, p| {
                let mut profile = PostingProfile::build(p, analyzer);
                profile.checks.finish(self.config.checks);
                crate::classify::infer_posting_with(&mut profile, p, &self.config.inference);
                let encoded = crate::profile_fit::encode_posting(&mut profile)?;
                let doc = posting_document(
                    &fields,
                    &profile,
                    p.description.as_deref(),
                    normaliser,
                    encoded,
                );
                Ok((p.id.clone(), doc))
            })
            .collect::<Result<Vec<_>>>()?;
        let (replaced, added) = Self::existing(&self.postings, docs.iter().map(|d| d.0.clone()))?;
        self.postings.upsert(docs)?;
        Ok(IndexReport {
            added,
            replaced,
            deleted: 0,
        })
    }

    /// Adds seekers, replacing any with the same id. Visible after [`Engine::commit`].
    pub fn upsert_seekers(&self, seekers: &[Seeker]) -> Result<IndexReport> {
        let fields = self.seekers.fields;
        let normaliser = &self.config.normaliser;
        let docs = seekers
            .par_iter()
            .map_init(Analyzer::default, |analyzer, s| {
                let mut profile = SeekerProfile::build(s, analyzer);
                crate::classify::infer_seeker_with(&mut profile, s, &self.config.inference);
                let encoded = crate::profile_fit::encode_seeker(&mut profile)?;
                let titles: Vec<String> = s
                    .desired
                    .titles
                    .iter()
                    .cloned()
                    .chain(s.experience.iter().filter_map(|e| e.title.clone()))
                    .collect();
                let doc = seeker_document(
                    &fields,
                    &profile,
                    s.summary.as_deref(),
                    &titles,
                    normaliser,
                    encoded,
                );
                Ok((s.id.clone(), doc))
            })
            .collect::<Result<Vec<_>>>()?;
        let (replaced, added) = Self::existing(&self.seekers, docs.iter().map(|d| d.0.clone()))?;
        self.seekers.upsert(docs)?;
        Ok(IndexReport {
            added,
            replaced,
            deleted: 0,
        })
    }

    /// Deletes postings by id. Visible after [`Engine::commit`].
    pub fn delete_postings(&self, ids: &[String]) -> Result<IndexReport> {
        let (deleted, _) = Self::existing(&self.postings, ids.iter().cloned())?;
        self.postings.delete(ids)?;
        Ok(IndexReport {
            deleted,
            ..IndexReport::default()
        })
    }

    /// Deletes seekers by id. Visible after [`Engine::commit`].
    pub fn delete_seekers(&self, ids: &[String]) -> Result<IndexReport> {
        let (deleted, _) = Self::existing(&self.seekers, ids.iter().cloned())?;
        self.seekers.delete(ids)?;
        Ok(IndexReport {
            deleted,
            ..IndexReport::default()
        })
    }

    /// Makes pending writes durable and visible to new snapshots.
    pub fn commit(&self) -> Result<()> {
        self.postings.commit()?;
        self.seekers.commit()
    }

    /// Merges each index's segments into one, after the pending writes are
    /// committed. A query visits every segment with its own term lookups,
    /// scorers and collector, so a batch run over a freshly built index (one
    /// segment per writer thread, and more after updates) is faster on one;
    /// merging 100,000 postings takes a few seconds.
    pub fn merge_segments(&self) -> Result<()> {
        self.commit()?;
        self.postings.merge_segments()?;
        self.seekers.merge_segments()
    }

    /// Releases the write locks after waiting for background merges.
    pub fn close_writers(&self) -> Result<()> {
        self.postings.close_writer()?;
        self.seekers.close_writer()
    }

    /// A consistent view of both indexes (one searcher each) for a batch of
    /// queries. Decodes every document's profile once.
    pub fn snapshot(&self) -> Result<Snapshot> {
        self.postings.reader.reload().map_err(|e| Error::Index {
            path: self.postings.path().to_path_buf(),
            message: e.to_string(),
        })?;
        self.seekers.reader.reload().map_err(|e| Error::Index {
            path: self.seekers.path().to_path_buf(),
            message: e.to_string(),
        })?;
        Snapshot::new(&self.postings, &self.seekers, self.config.clone())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::model::{Date, Posting, Seeker, SkillItem};

    fn posting(i: usize) -> Posting {
        let mut p = Posting::new(format!("P{i:03}"), ["电焊工", "收银员", "叉车司机"][i % 3]);
        p.skills.push(SkillItem {
            name: ["焊接", "收银", "叉车"][i % 3].into(),
            required: true,
            level: None,
        });
        p
    }

    #[test]
    fn merging_segments_leaves_one_and_the_same_results() {
        let engine = Engine::builder().in_ram().unwrap();
        let mut seeker = Seeker::new("S");
        seeker.skills.push(SkillItem {
            name: "焊接".into(),
            required: true,
            level: None,
        });
        engine.upsert_seekers(&[seeker]).unwrap();
        for batch in 0..3 {
            let postings: Vec<Posting> = (batch * 10..batch * 10 + 10).map(posting).collect();
            engine.upsert_postings(&postings).unwrap();
            engine.commit().unwrap();
        }
        let segments = |e: &Engine| e.postings.index.searchable_segment_ids().unwrap().len();
        assert!(segments(&engine) > 1, "the case needs several segments");
        let options = MatchOptions::new(5, Date::from_ymd(2026, 11, 27).unwrap());
        let before = engine
            .snapshot()
            .unwrap()
            .recommend_postings("S", &options)
            .unwrap();
        engine.merge_segments().unwrap();
        engine.close_writers().unwrap();
        assert_eq!(segments(&engine), 1);
        let after = engine
            .snapshot()
            .unwrap()
            .recommend_postings("S", &options)
            .unwrap();
        assert_eq!(before, after);
        assert_eq!(after.len(), 5);
        // Merging one segment is a no-op.
        engine.merge_segments().unwrap();
        assert_eq!(segments(&engine), 1);
    }
}
