//! A consistent view of both indexes, and matching in both directions.

use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use serde::Serialize;
use tantivy::DocAddress;
use tantivy::query::Query;

mod eval_api;
mod guidance_api;
mod privacy_api;
pub(crate) use privacy_api::non_personalised_explanation;
mod push_api;

use super::Config;
use crate::analysis::Analyzer;
use crate::eligibility::{SeekerGate, eligible};
use crate::error::{Error, Result};
use crate::features::place_bound::{DocClass, PlaceGroups};
use crate::features::situation::SituationPoints;
use crate::features::{self, FEATURE_COUNT, MatchContext};
use crate::index::collect::FilteredTopDocs;
use crate::index::corpus::{Corpus, Residency};
use crate::index::impact::{ImpactIndex, accumulate, select};
use crate::index::query::{self, Reach};
use crate::index::schema::{Fields, Side};
use crate::index::store::Store;
use crate::model::{Date, Posting, Seeker};
use crate::prepare::{PostingFacts, PreparedPosting, PreparedSeeker, TermBits};
use crate::profile::{PostingProfile, SeekerProfile};
use crate::score::{Explanation, explain};

/// What to match and how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatchOptions {
    /// How many results at most.
    pub k: usize,
    /// The day of the run (expiry and freshness are judged against it).
    pub as_of: Date,
    /// Candidate pool for this call (default: the engine's); never less than
    /// `k`.
    pub pool_size: Option<usize>,
    /// Attach an [`Explanation`] to each result.
    pub explain: bool,
}

impl MatchOptions {
    /// Top `k` on `as_of`, with explanations.
    pub fn new(k: usize, as_of: Date) -> Self {
        MatchOptions {
            k,
            as_of,
            pool_size: None,
            explain: true,
        }
    }
}

/// One result: the matched document's id, its score, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match {
    /// Id of the posting (or seeker) matched.
    pub id: String,
    /// Score in [0, 1].
    pub score: f32,
    /// The posting's title (postings only; seekers have no display name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Place name or division code of the matched document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// The reasons, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Explanation>,
}

/// The results for one seeker in a batch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeekerMatches {
    /// The seeker's id.
    pub seeker: String,
    /// Top postings, best first.
    pub matches: Vec<Match>,
}

/// A consistent view of both indexes: one tantivy searcher per side for the
/// whole batch, every profile decoded once, scoring forms built on first use.
/// Cheap to share across threads; every query method takes `&self`.
pub struct Snapshot {
    config: Arc<Config>,
    postings: Corpus<PostingProfile>,
    seekers: Corpus<SeekerProfile>,
    posting_fields: Fields,
    seeker_fields: Fields,
    prepared_postings: OnceLock<Vec<PreparedPosting>>,
    prepared_seekers: OnceLock<Vec<PreparedSeeker>>,
    /// The postings' numeric facts, by index address (segment, document).
    posting_facts: OnceLock<Vec<Vec<PostingFacts>>>,
    /// The postings grouped by county, for the collector's bounds.
    posting_groups: OnceLock<PlaceGroups>,
    /// The postings' impact lists, for seekers' pools.
    posting_impacts: OnceLock<ImpactIndex>,
    /// Fill orders (see [`Snapshot::retrieve`]) by evaluation day.
    posting_prior: PriorCache,
    seeker_prior: PriorCache,
}

/// Fill orders of one side, by evaluation day.
type PriorCache = std::sync::Mutex<Vec<(Date, Arc<[u32]>)>>;

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Snapshot({} postings, {} seekers)",
            self.postings.len(),
            self.seekers.len()
        )
    }
}

fn sort_and_truncate(scored: &mut Vec<(f32, usize)>, k: usize) {
    let by_rank = |a: &(f32, usize), b: &(f32, usize)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    if scored.len() > k && k > 0 {
        scored.select_nth_unstable_by(k - 1, by_rank);
        scored.truncate(k);
    }
    scored.sort_unstable_by(by_rank);
    scored.truncate(k);
}

impl Snapshot {
    pub(crate) fn new(postings: &Store, seekers: &Store, config: Arc<Config>) -> Result<Snapshot> {
        let mut posting_corpus = Corpus::load(
            postings.reader.searcher(),
            Side::Postings,
            postings.path(),
            Residency::Decoded,
        )?;
        crate::checks::apply_to_corpus(posting_corpus.profiles_mut(), config.checks);
        Ok(Snapshot {
            postings: posting_corpus,
            seekers: Corpus::load(
                seekers.reader.searcher(),
                Side::Seekers,
                seekers.path(),
                Residency::Encoded,
            )?,
            posting_fields: postings.fields,
            seeker_fields: seekers.fields,
            config,
            prepared_postings: OnceLock::new(),
            prepared_seekers: OnceLock::new(),
            posting_facts: OnceLock::new(),
            posting_groups: OnceLock::new(),
            posting_impacts: OnceLock::new(),
            posting_prior: std::sync::Mutex::new(Vec::new()),
            seeker_prior: std::sync::Mutex::new(Vec::new()),
        })
    }

    /// Number of postings in the snapshot.
    pub fn posting_count(&self) -> usize {
        self.postings.len()
    }

    /// Number of seekers in the snapshot.
    pub fn seeker_count(&self) -> usize {
        self.seekers.len()
    }

    /// Every seeker id, sorted.
    pub fn seeker_ids(&self) -> impl Iterator<Item = &str> {
        self.seekers.ids()
    }

    /// Every posting id, sorted.
    pub fn posting_ids(&self) -> impl Iterator<Item = &str> {
        self.postings.ids()
    }

    /// The stored profile of a posting.
    pub fn posting(&self, id: &str) -> Option<&PostingProfile> {
        self.postings
            .position_of(id)
            .map(|i| &*self.postings.all()[i])
    }

    /// The stored profile of a seeker. Seekers' profiles are held encoded
    /// (a million decoded profiles would take about 2 GB) and decoded on each
    /// call, a few microseconds: keep the result rather than ask again in a
    /// loop.
    pub fn seeker(&self, id: &str) -> Option<Arc<SeekerProfile>> {
        self.seekers.get(self.seekers.position_of(id)?)
    }

    /// Whether a seeker is in the snapshot (without decoding her profile).
    pub fn has_seeker(&self, id: &str) -> bool {
        self.seekers.position_of(id).is_some()
    }

    fn prepared_postings(&self) -> &[PreparedPosting] {
        self.prepared_postings.get_or_init(|| {
            let vocabulary = self.postings.vocabulary();
            self.postings
                .all()
                .par_iter()
                .map(|p| PreparedPosting::new(p.clone(), vocabulary, &self.config.normaliser))
                .collect()
        })
    }

    /// The prepared postings' facts by index address (see [`PostingFacts`]).
    fn posting_facts(&self) -> &[Vec<PostingFacts>] {
        self.posting_facts.get_or_init(|| {
            let prepared = self.prepared_postings();
            self.postings.address_table(|position| match position {
                Some(i) => prepared[i].facts,
                None => PostingFacts::deleted(),
            })
        })
    }

    /// The postings grouped by county (see [`PlaceGroups`]).
    fn posting_groups(&self) -> &PlaceGroups {
        self.posting_groups
            .get_or_init(|| PlaceGroups::build(self.posting_facts()))
    }

    /// The engine's pool of postings for a seeker (see [`crate::DEFAULT_POOL_SIZE`]).
    pub(crate) fn posting_pool_size(&self) -> usize {
        self.config.pool_size
    }

    /// The postings' impact lists (see [`ImpactIndex`]).
    fn posting_impacts(&self) -> &ImpactIndex {
        self.posting_impacts.get_or_init(|| {
            let addresses = self.postings.addresses();
            ImpactIndex::build(
                self.prepared_postings(),
                self.postings.vocabulary().terms(),
                self.posting_groups(),
                |i| addresses.get(i).copied(),
            )
        })
    }

    fn prepared_seekers(&self) -> &[PreparedSeeker] {
        self.prepared_seekers.get_or_init(|| {
            let vocabulary = self.seekers.vocabulary();
            self.seekers
                .all()
                .par_iter()
                .map(|s| PreparedSeeker::new(s.clone(), vocabulary, &self.config.normaliser))
                .collect()
        })
    }

    /// Postings by their score for an empty seeker profile on `as_of`, best
    /// first (ties by id): the order in which a sparse profile's pool is filled.
    fn posting_prior(&self, as_of: Date) -> Arc<[u32]> {
        let seeker = PreparedSeeker::new(
            Arc::new(SeekerProfile::build(
                &crate::model::Seeker::new(""),
                &mut Analyzer::default(),
            )),
            self.postings.vocabulary(),
            &self.config.normaliser,
        );
        let prepared = self.prepared_postings();
        let ctx = MatchContext { as_of };
        let weights = self.config.weights.normalised();
        Self::prior(&self.posting_prior, as_of, prepared.len(), |i| {
            weighted(&weights, &features::compute(&seeker, &prepared[i], &ctx).0)
        })
    }

    /// Seekers by their score for an empty posting on `as_of` (see
    /// [`Snapshot::posting_prior`]).
    fn seeker_prior(&self, as_of: Date) -> Arc<[u32]> {
        let posting = PreparedPosting::new(
            Arc::new(PostingProfile::build(
                &crate::model::Posting::new("", ""),
                &mut Analyzer::default(),
            )),
            self.seekers.vocabulary(),
            &self.config.normaliser,
        );
        let prepared = self.prepared_seekers();
        let ctx = MatchContext { as_of };
        let weights = self.config.weights.normalised();
        Self::prior(&self.seeker_prior, as_of, prepared.len(), |i| {
            weighted(&weights, &features::compute(&prepared[i], &posting, &ctx).0)
        })
    }

    fn prior(
        cache: &PriorCache,
        as_of: Date,
        n: usize,
        score: impl Fn(usize) -> f32,
    ) -> Arc<[u32]> {
        let mut cache = cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, order)) = cache.iter().find(|(d, _)| *d == as_of) {
            return order.clone();
        }
        // Sequential on purpose: a rayon job here could steal another query's
        // job that waits for this lock on the same thread.
        let mut scored: Vec<(f32, usize)> = (0..n).map(|i| (score(i), i)).collect();
        sort_and_truncate(&mut scored, n);
        let order: Arc<[u32]> = scored.into_iter().map(|(_, i)| i as u32).collect();
        cache.push((as_of, order.clone()));
        order
    }

    /// Positions of the eligible documents in the candidate pool of a query:
    /// the `pool` best by retrieval score plus what `admit` adds (`None`: not
    /// eligible; at most `headroom`) among the documents that match at least
    /// one clause (a term, skill, occupation group or place in common). A pool
    /// as large as the corpus is exhaustive: every eligible document. `keep`
    /// is the eligibility by position (the same rules as `admit`).
    #[allow(clippy::too_many_arguments)]
    fn retrieve<P: serde::de::DeserializeOwned + Send + Sync + crate::index::corpus::HasTerms>(
        corpus: &Corpus<P>,
        make_query: impl Fn(Reach) -> Box<dyn Query>,
        pool: usize,
        k: usize,
        admit: impl Fn(DocAddress) -> Option<f32> + Sync,
        headroom: f32,
        bound: impl Fn(DocAddress) -> f32 + Sync,
        touch: impl Fn(DocAddress) -> u64 + Sync,
        keep: impl Fn(usize) -> bool,
        fill_order: impl FnOnce() -> Arc<[u32]>,
    ) -> Result<Vec<usize>> {
        let n = corpus.len();
        if n == 0 || k == 0 {
            return Ok(Vec::new());
        }
        let search = |reach: Reach, k: usize| -> Result<Vec<usize>> {
            let collector = FilteredTopDocs {
                k,
                admit: |segment_ord, doc| admit(DocAddress::new(segment_ord, doc)),
                headroom,
                bound: |segment_ord, doc| bound(DocAddress::new(segment_ord, doc)),
                touch: |segment_ord, doc| touch(DocAddress::new(segment_ord, doc)),
            };
            let pool = corpus.searcher.search(&*make_query(reach), &collector)?;
            let admitted = pool.admitted;
            Ok(pool
                .hits
                .into_iter()
                .filter(|&(_, address)| admitted || admit(address).is_some())
                .filter_map(|(_, address)| corpus.position_at(address))
                .collect())
        };
        if pool >= n {
            return search(Reach::Everything, n);
        }
        // When fewer than k eligible documents share a selective clause with
        // the query (a sparse profile, or a narrow region), the broad levels
        // come in; if still fewer, other eligible documents fill the pool, so
        // that the result is as full as the eligible set allows. Each tier
        // keeps at most `pool` candidates.
        let mut found = search(Reach::Selective, pool)?;
        if found.len() >= k {
            return Ok(found);
        }
        found = search(Reach::Broad, pool)?;
        if found.len() < k {
            // Nothing else shares a clause with the query, so the other
            // eligible documents differ only in what the query cannot see
            // (place, pay, freshness, neutral values): fill up in the order of
            // their score against an empty profile, cheaper than making
            // tantivy visit every document.
            let have: std::collections::HashSet<usize> = found.iter().copied().collect();
            for &i in fill_order().iter() {
                if found.len() >= pool {
                    break;
                }
                let i = i as usize;
                if !have.contains(&i) && keep(i) {
                    found.push(i);
                }
            }
        }
        Ok(found)
    }

    /// The eligible postings in a seeker's candidate pool (positions in id order).
    pub(crate) fn pool_postings(
        &self,
        seeker: &PreparedSeeker,
        options: &MatchOptions,
    ) -> Result<Vec<usize>> {
        self.pool_postings_bounded(seeker, options, true)
    }

    /// [`Self::pool_postings`], with the bounds (`bounded`: by place group,
    /// the postings reached only by a code offered when they could beat the
    /// threshold the others set, the closed postings left out before
    /// admission) or without (the headroom for every document, every posting
    /// reached offered to admission; the same pool, more work: a test
    /// compares them).
    fn pool_postings_bounded(
        &self,
        seeker: &PreparedSeeker,
        options: &MatchOptions,
        bounded: bool,
    ) -> Result<Vec<usize>> {
        let prepared = self.prepared_postings();
        let facts = self.posting_facts();
        let gate = SeekerGate::new(&seeker.profile, &seeker.facts, options.as_of);
        let weights = self.config.weights.normalised();
        let situation =
            SituationPoints::new(&seeker.profile, &seeker.facts, &weights, options.as_of);
        let groups = self.posting_groups();
        let bound = situation.bound(groups);
        // At least k deep: a shallower pool could not fill the k asked for.
        let pool = options
            .pool_size
            .unwrap_or(self.config.pool_size)
            .max(options.k)
            .max(1);
        if pool < prepared.len() && options.k > 0 {
            let index = self.posting_impacts();
            let docs = index.docs();
            let facts_by_position = index.facts();
            let bound_of_class = |class| {
                if bounded {
                    bound.of(class)
                } else {
                    situation.headroom()
                }
            };
            thread_local! {
                static SCRATCH: std::cell::RefCell<(accumulate::Reach, select::Selection)> =
                    std::cell::RefCell::default();
            }
            let mut scratch = SCRATCH.with(|s| s.take());
            let (reach, selection) = &mut scratch;
            let bound_of = |position: u32| {
                docs.get(position as usize)
                    .map_or(situation.headroom(), |info| bound_of_class(info.class))
            };
            let admit = |i: u32| {
                let f = facts_by_position.get(i as usize)?;
                let profile = || &*prepared[i as usize].profile;
                gate.admits(f, profile)
                    .then(|| situation.points(f, profile))
            };
            let touch = |i: u32| {
                facts_by_position
                    .get(i as usize)
                    .map_or(0, |f| f.last_day as u64)
            };
            // Every bound is capped at the headroom, margin included.
            let max_bound = situation.headroom() + 1e-2;
            // The closed postings are never candidates (admission would
            // refuse them); without bounds, admission does.
            let closed: std::sync::Arc<[u64]> = if bounded {
                index.closed_on(options.as_of.0)
            } else {
                std::sync::Arc::from(Vec::new())
            };
            let found: Vec<usize> = accumulate::query(index, seeker, &weights, &closed, |query| {
                let accumulate::Reach {
                    by_terms,
                    by_occupation_only,
                    by_place_only,
                } = reach;
                query.candidates(bound_of_class, by_terms);
                selection.start(pool);
                selection.offer(by_terms, admit, touch);
                let threshold = selection.threshold().filter(|_| bounded);
                query.occupation_only(bound_of_class, max_bound, threshold, by_occupation_only);
                selection.offer(by_occupation_only, admit, touch);
                // The postings that list skills and have a code get at most
                // this: when the threshold beats it, only the others count.
                let complete = bound_of_class(DocClass::COMPLETE_ANYWHERE);
                let partial_only = select::beaten(complete, selection.threshold());
                query.place_only(partial_only, by_place_only);
                selection.offer_pointless(
                    select::Pointless {
                        positions: by_place_only,
                        bound: bound_of,
                        max: max_bound,
                    },
                    admit,
                    touch,
                );
                selection
                    .finish()
                    .iter()
                    .map(|&(_, i)| i as usize)
                    .collect()
            });
            SCRATCH.with(|s| s.replace(scratch));
            if found.len() >= options.k {
                return Ok(found);
            }
        }
        let vocabulary = self.postings.vocabulary();
        let make_query = |reach| {
            query::postings_for_seeker(
                &self.posting_fields,
                &self.postings.searcher,
                &seeker.profile,
                vocabulary,
                &self.config.normaliser,
                reach,
            )
        };
        Self::retrieve(
            &self.postings,
            make_query,
            pool,
            options.k,
            |address| {
                let i = self.postings.position_at(address)?;
                let f = facts
                    .get(address.segment_ord as usize)?
                    .get(address.doc_id as usize)?;
                let profile = || &*prepared[i].profile;
                gate.admits(f, profile)
                    .then(|| situation.points(f, profile))
            },
            situation.headroom(),
            |address| {
                if bounded {
                    bound.of(groups.class(address.segment_ord, address.doc_id))
                } else {
                    situation.headroom()
                }
            },
            |address| {
                facts
                    .get(address.segment_ord as usize)
                    .and_then(|segment| segment.get(address.doc_id as usize))
                    .map_or(0, |f| f.last_day as u64)
            },
            |i| eligible(&seeker.profile, &prepared[i].profile, options.as_of),
            || self.posting_prior(options.as_of),
        )
    }

    /// The eligible seekers in a posting's candidate pool (positions in id order).
    pub(crate) fn pool_seekers(
        &self,
        posting: &PreparedPosting,
        options: &MatchOptions,
    ) -> Result<Vec<usize>> {
        let prepared = self.prepared_seekers();
        let pool = options
            .pool_size
            .unwrap_or(self.config.candidate_pool_size)
            .max(options.k)
            .max(1);
        let vocabulary = self.seekers.vocabulary();
        let make_query = |reach| {
            query::seekers_for_posting(
                &self.seeker_fields,
                &self.seekers.searcher,
                &posting.profile,
                vocabulary,
                &self.config.normaliser,
                reach,
            )
        };
        Self::retrieve(
            &self.seekers,
            make_query,
            pool,
            options.k,
            |address| {
                self.seekers
                    .position_at(address)
                    .filter(|&i| eligible(&prepared[i].profile, &posting.profile, options.as_of))
                    .map(|_| 0.0)
            },
            0.0,
            |_| 0.0,
            |_| 0,
            |i| eligible(&prepared[i].profile, &posting.profile, options.as_of),
            || self.seeker_prior(options.as_of),
        )
    }

    fn to_postings_matches(
        &self,
        seeker: &PreparedSeeker,
        ranked: Vec<(f32, usize)>,
        options: &MatchOptions,
    ) -> Vec<Match> {
        let prepared = self.prepared_postings();
        let ctx = MatchContext {
            as_of: options.as_of,
        };
        ranked
            .into_iter()
            .map(|(score, i)| {
                let p = &prepared[i];
                Match {
                    id: p.profile.id.clone(),
                    score,
                    title: Some(p.profile.title.clone()),
                    place: p
                        .profile
                        .place_name
                        .clone()
                        .or_else(|| p.profile.division.clone()),
                    explanation: options
                        .explain
                        .then(|| explain(seeker, p, &ctx, &self.config.weights)),
                }
            })
            .collect()
    }

    fn rank_postings(&self, seeker: &PreparedSeeker, options: &MatchOptions) -> Result<Vec<Match>> {
        let mut ranked = self.score_posting_pool(seeker, options)?;
        sort_and_truncate(&mut ranked, options.k);
        Ok(self.to_postings_matches(seeker, ranked, options))
    }

    /// A seeker's candidate pool with every posting's score, `(score,
    /// position)` in no order (positions in the snapshot's posting order).
    fn score_posting_pool(
        &self,
        seeker: &PreparedSeeker,
        options: &MatchOptions,
    ) -> Result<Vec<(f32, usize)>> {
        let prepared = self.prepared_postings();
        let weights = self.config.weights.normalised();
        let ctx = MatchContext {
            as_of: options.as_of,
        };
        let pool = self.pool_postings(seeker, options)?;
        // Every candidate's scoring data first, in loads that do not depend on
        // each other (see `PreparedPosting::touch`).
        std::hint::black_box(pool.iter().fold(0u64, |v, &i| v ^ prepared[i].touch()));
        let terms = TermBits::new(&seeker.text);
        let mut occupations = features::OccupationMemo::default();
        let ranked: Vec<(f32, usize)> = pool
            .into_iter()
            .map(|i| {
                let v = features::compute_for_query(
                    seeker,
                    &terms,
                    &mut occupations,
                    &prepared[i],
                    &ctx,
                );
                (weighted(&weights, &v.0), i)
            })
            .collect();
        Ok(ranked)
    }

    /// An indexed seeker's best postings as `(score, position)`, best first
    /// (ties by id), positions in the snapshot's posting order
    /// ([`Self::posting_ids`]): the ranking of [`Self::recommend_postings`]
    /// with `options` (whose `k` also decides how broadly retrieval reaches),
    /// without building matches, and cut at `keep` (at least `options.k`)
    /// rather than at `k`: the rest of the scored pool, for a caller that
    /// may need to go deeper (the push, when capacity turns a seeker away).
    pub(crate) fn rank_posting_positions(
        &self,
        seeker_id: &str,
        options: &MatchOptions,
        keep: usize,
    ) -> Result<Vec<(f32, usize)>> {
        let seeker = self.query_seeker(seeker_id)?;
        if options.k == 0 {
            return Ok(Vec::new());
        }
        let mut ranked = self.score_posting_pool(&seeker, options)?;
        sort_and_truncate(&mut ranked, keep.max(options.k));
        Ok(ranked)
    }

    /// The position of a posting in the snapshot's posting order.
    pub(crate) fn posting_position(&self, id: &str) -> Option<usize> {
        self.postings.position_of(id)
    }

    /// Top postings for an indexed seeker.
    pub fn recommend_postings(
        &self,
        seeker_id: &str,
        options: &MatchOptions,
    ) -> Result<Vec<Match>> {
        let seeker = self.query_seeker(seeker_id)?;
        self.rank_postings(&seeker, options)
    }

    /// Top postings for a seeker who is not (or not yet) indexed.
    pub fn recommend_postings_for(
        &self,
        seeker: &Seeker,
        options: &MatchOptions,
    ) -> Result<Vec<Match>> {
        let mut analyzer = crate::analysis::Analyzer::default();
        let profile = Arc::new(SeekerProfile::build(seeker, &mut analyzer));
        let prepared =
            PreparedSeeker::new(profile, self.postings.vocabulary(), &self.config.normaliser);
        self.rank_postings(&prepared, options)
    }

    fn query_seeker(&self, seeker_id: &str) -> Result<PreparedSeeker> {
        let i = self
            .seekers
            .position_of(seeker_id)
            .ok_or_else(|| Error::NotFound {
                kind: "seeker",
                id: seeker_id.to_string(),
            })?;
        let profile = self.seekers.get(i).ok_or_else(|| Error::NotFound {
            kind: "seeker",
            id: seeker_id.to_string(),
        })?;
        Ok(PreparedSeeker::new(
            profile,
            self.postings.vocabulary(),
            &self.config.normaliser,
        ))
    }

    fn query_posting(&self, posting_id: &str) -> Result<PreparedPosting> {
        let i = self
            .postings
            .position_of(posting_id)
            .ok_or_else(|| Error::NotFound {
                kind: "posting",
                id: posting_id.to_string(),
            })?;
        Ok(PreparedPosting::new(
            self.postings.all()[i].clone(),
            self.seekers.vocabulary(),
            &self.config.normaliser,
        ))
    }

    /// Top seekers for an indexed posting (empty when the posting is not live on
    /// `options.as_of`).
    pub fn candidates(&self, posting_id: &str, options: &MatchOptions) -> Result<Vec<Match>> {
        let posting = self.query_posting(posting_id)?;
        self.rank_seekers(&posting, options)
    }

    /// Top seekers for a posting that is not (or not yet) indexed, built and
    /// checked exactly as [`Engine::upsert_postings`](crate::Engine::upsert_postings)
    /// would (without classifier inference): empty when the posting is not live
    /// on `options.as_of` or the posting checks withhold it.
    ///
    /// ```
    /// use jobmatch::{Engine, MatchOptions, model::{Date, Posting, Seeker, SkillItem}};
    ///
    /// let engine = Engine::builder().in_ram()?;
    /// let mut welder = Seeker::new("S1");
    /// welder.skills.push(SkillItem { name: "焊接".into(), required: true, level: None });
    /// engine.upsert_seekers(&[welder, Seeker::new("S2")])?;
    /// engine.commit()?;
    ///
    /// let mut posting = Posting::new("P1", "电焊工");
    /// posting.skills.push(SkillItem { name: "焊接".into(), required: true, level: None });
    /// let options = MatchOptions::new(10, Date::from_ymd(2026, 11, 27).unwrap());
    /// let top = engine.snapshot()?.candidates_for(&posting, &options)?;
    /// assert_eq!(top[0].id, "S1");
    /// # Ok::<(), jobmatch::Error>(())
    /// ```
    pub fn candidates_for(&self, posting: &Posting, options: &MatchOptions) -> Result<Vec<Match>> {
        let mut analyzer = crate::analysis::Analyzer::default();
        let mut profile = PostingProfile::build(posting, &mut analyzer);
        profile.checks.finish(self.config.checks);
        let prepared = PreparedPosting::new(
            Arc::new(profile),
            self.seekers.vocabulary(),
            &self.config.normaliser,
        );
        self.rank_seekers(&prepared, options)
    }

    fn rank_seekers(
        &self,
        posting: &PreparedPosting,
        options: &MatchOptions,
    ) -> Result<Vec<Match>> {
        let prepared = self.prepared_seekers();
        let weights = self.config.weights.normalised();
        let ctx = MatchContext {
            as_of: options.as_of,
        };
        let mut ranked: Vec<(f32, usize)> = self
            .pool_seekers(posting, options)?
            .into_iter()
            .map(|i| {
                (
                    weighted(&weights, &features::compute(&prepared[i], posting, &ctx).0),
                    i,
                )
            })
            .collect();
        sort_and_truncate(&mut ranked, options.k);
        Ok(ranked
            .into_iter()
            .map(|(score, i)| {
                let s = &prepared[i];
                Match {
                    id: s.profile.id.clone(),
                    score,
                    title: None,
                    place: s.profile.division.clone(),
                    explanation: options
                        .explain
                        .then(|| explain(s, posting, &ctx, &self.config.weights)),
                }
            })
            .collect())
    }

    /// Top postings for many seekers in parallel (rayon, one searcher for all),
    /// in the order given; `None` means every indexed seeker in id order. The
    /// results do not depend on the number of threads.
    pub fn recommend_batch(
        &self,
        seeker_ids: Option<&[String]>,
        options: &MatchOptions,
    ) -> Result<Vec<SeekerMatches>> {
        let ids: Vec<&str> = match seeker_ids {
            Some(ids) => ids.iter().map(String::as_str).collect(),
            None => self.seeker_ids().collect(),
        };
        self.prepared_postings();
        ids.par_iter()
            .map(|id| {
                Ok(SeekerMatches {
                    seeker: id.to_string(),
                    matches: self.recommend_postings(id, options)?,
                })
            })
            .collect()
    }

    /// Reference ranking: scores every posting in the snapshot for the seeker,
    /// without the index. Slow; for tests, evaluation and recall measurement.
    pub fn exhaustive_postings(
        &self,
        seeker_id: &str,
        options: &MatchOptions,
    ) -> Result<Vec<Match>> {
        let seeker = self.query_seeker(seeker_id)?;
        let prepared = self.prepared_postings();
        let weights = self.config.weights.normalised();
        let ctx = MatchContext {
            as_of: options.as_of,
        };
        // The reference rules, not the gate: this is what the fast path is
        // measured against.
        let mut ranked: Vec<(f32, usize)> = prepared
            .iter()
            .enumerate()
            .filter(|(_, p)| eligible(&seeker.profile, &p.profile, options.as_of))
            .map(|(i, p)| {
                (
                    weighted(&weights, &features::compute(&seeker, p, &ctx).0),
                    i,
                )
            })
            .collect();
        sort_and_truncate(&mut ranked, options.k);
        Ok(self.to_postings_matches(&seeker, ranked, options))
    }
}

fn weighted(weights: &[f32; FEATURE_COUNT], values: &[f32; FEATURE_COUNT]) -> f32 {
    let mut s = 0.0f32;
    for i in 0..FEATURE_COUNT {
        s += weights[i] * values[i];
    }
    s.clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::path::Path;

    use super::*;
    use crate::Engine;
    use crate::load::{LoadOptions, stream_postings, stream_seekers};

    /// The ids of every `n`th seeker of a snapshot, in id order.
    fn every_nth_seeker(snapshot: &Snapshot, n: usize) -> Vec<String> {
        snapshot.seeker_ids().step_by(n).map(String::from).collect()
    }

    fn sample_snapshot() -> Snapshot {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../datasets/jilin-sample");
        let engine = Engine::builder().in_ram().unwrap();
        let lenient = LoadOptions::lenient();
        stream_postings(&data.join("postings.jsonl"), &lenient, 5000, |c| {
            engine.upsert_postings(&c).map(|_| ())
        })
        .unwrap();
        stream_seekers(&data.join("seekers.jsonl"), &lenient, 5000, |c| {
            engine.upsert_seekers(&c).map(|_| ())
        })
        .unwrap();
        engine.commit().unwrap();
        engine.snapshot().unwrap()
    }

    /// Differential: the impact lists reach exactly the postings that share a
    /// selective term, skill or occupation prefix (level 2 or deeper) with the
    /// seeker, and give each the points a direct computation from the prepared
    /// forms gives; and, apart, those that share only the division (county or
    /// deeper) or remote work.
    #[test]
    fn impact_lists_equal_a_direct_computation() {
        use crate::features::Feature;
        use crate::normalise::codes::{division_prefixes, occupation_prefixes};
        let snapshot = sample_snapshot();
        let index = snapshot.posting_impacts();
        let prepared = snapshot.prepared_postings();
        let weights = snapshot.config.weights.normalised();
        let max_df = query::max_selective_df(prepared.len());
        let mut reached_total = 0;
        let mut partial_total = 0;
        // Some postings are closed on the day, and never reached.
        let day = Date::from_ymd(2026, 11, 27).unwrap().0;
        let closed = index.closed_on(day);
        let is_closed = |i: usize| closed[i >> 6] >> (i & 63) & 1 == 1;
        let open = |i: usize| index.facts()[i].last_day >= day;
        assert!((0..prepared.len()).any(|i| !open(i)));
        assert!((0..prepared.len()).all(|i| open(i) != is_closed(i)));
        for id in every_nth_seeker(&snapshot, 7) {
            let seeker = snapshot.query_seeker(&id).unwrap();
            let mut reach = accumulate::Reach::default();
            accumulate::reach(index, &seeker, &weights, &closed, |_| 0.0, &mut reach);
            // Asked for the partial postings only, the place-only ones that
            // list no skill or have no code.
            let mut partial = Vec::new();
            accumulate::query(index, &seeker, &weights, &closed, |q| {
                q.candidates(|_| 0.0, &mut Vec::new());
                q.occupation_only(|_| 0.0, f32::INFINITY, None, &mut Vec::new());
                q.place_only(true, &mut partial);
            });
            let facts = index.facts();
            let expected: Vec<u32> = reach
                .by_place_only
                .iter()
                .copied()
                .filter(|&i| !facts[i as usize].lists_skills || !facts[i as usize].has_occupation)
                .collect();
            assert_eq!(partial, expected);
            partial_total += partial.len();
            let by_lists: std::collections::HashSet<u32> =
                reach.by_terms.iter().map(|r| r.position).collect();
            let by_terms: std::collections::HashMap<u32, f32> = reach
                .by_terms
                .iter()
                .chain(&reach.by_occupation_only)
                .map(|r| (r.position, r.points))
                .collect();
            assert_eq!(
                by_terms.len(),
                reach.by_terms.len() + reach.by_occupation_only.len()
            );
            let by_place_only: std::collections::HashSet<u32> =
                reach.by_place_only.iter().copied().collect();
            assert!(
                reach
                    .by_terms
                    .windows(2)
                    .all(|w| w[0].position < w[1].position)
            );
            assert!(reach.by_place_only.windows(2).all(|w| w[0] < w[1]));
            let selective = crate::prepare::TermSet {
                ids: seeker
                    .text
                    .ids
                    .iter()
                    .copied()
                    .filter(|&t| f64::from(index.text(t).0.len() as u32) <= max_df)
                    .collect(),
                any: true,
            };
            let s = &seeker.profile;
            let codes: Vec<(&String, f32, f32)> = features::seeker_occupations(s).collect();
            for (i, p) in prepared.iter().enumerate() {
                let shares_term = p.text.0.iter().any(|(t, _)| selective.ids.contains(t));
                let skill: f32 = {
                    let total: f32 = p
                        .skills
                        .iter()
                        .map(|k| if k.required { 1.0 } else { 0.5 })
                        .sum();
                    p.skills
                        .iter()
                        .filter(|k| seeker.skills.iter().any(|h| h.key.name == k.key.name))
                        .map(|k| if k.required { 1.0 } else { 0.5 } / total)
                        .sum()
                };
                let p_code = p.profile.occupation.as_deref();
                let mut occupation = 0.0f32;
                let mut shares_code = false;
                if let Some(pc) = p_code {
                    let pp = occupation_prefixes(pc);
                    for (c, weight, confidence) in &codes {
                        let cp = occupation_prefixes(c);
                        let shared = cp.iter().zip(&pp).take_while(|(a, b)| a == b).count();
                        if shared == 0 {
                            continue;
                        }
                        shares_code |= shared >= 2;
                        let depth = cp.len().max(pp.len()).max(1);
                        let mut v = weight * shared as f32 / depth as f32;
                        let conf = confidence.clamp(0.0, 1.0)
                            * p.facts
                                .occupation_inferred
                                .map_or(1.0, |c| c.clamp(0.0, 1.0));
                        if conf < 1.0 {
                            v = features::NEUTRAL + conf * (v - features::NEUTRAL);
                        }
                        occupation = occupation.max(v);
                    }
                }
                let shares_place = match (&s.division, &p.profile.division) {
                    (Some(a), Some(b)) => division_prefixes(a)
                        .iter()
                        .zip(division_prefixes(b))
                        .skip(2)
                        .any(|(x, y)| *x == y),
                    _ => false,
                };
                let remote = s.accepts_remote() && p.facts.remote;
                let by_clause = shares_term || skill > 0.0 || shares_code;
                assert_eq!(
                    by_lists.contains(&(i as u32)),
                    open(i) && (shares_term || skill > 0.0),
                    "seeker {id}, posting {i}"
                );
                assert_eq!(
                    by_terms.contains_key(&(i as u32)),
                    open(i) && by_clause,
                    "seeker {id}, posting {i}"
                );
                assert_eq!(
                    by_place_only.contains(&(i as u32)),
                    open(i) && !by_clause && (shares_place || remote),
                    "seeker {id}, posting {i}"
                );
                if let Some(&points) = by_terms.get(&(i as u32)) {
                    let bm25 = p.text.bm25(&selective);
                    let text = if p.text.is_empty() {
                        features::NEUTRAL
                    } else {
                        bm25 / (bm25 + features::TEXT_SATURATION)
                    };
                    let occupation = if p_code.is_some() {
                        occupation.clamp(0.0, 1.0)
                    } else {
                        0.0
                    };
                    let expected = 100.0
                        * (weights[Feature::Text.index()] * text
                            + weights[Feature::Skill.index()] * skill.min(1.0)
                            + weights[Feature::Occupation.index()] * occupation);
                    assert!(
                        (points - expected).abs() <= 1e-3,
                        "seeker {id}, posting {i}: {points} vs {expected}"
                    );
                    reached_total += 1;
                }
            }
        }
        assert!(reached_total > 10_000, "{reached_total}");
        assert!(partial_total > 100, "{partial_total}");
    }

    /// A pool shallower than k is deepened to k: the result is the one a pool
    /// of exactly k gives (the impact path's, not tantivy's fallback, whose
    /// ties follow the segment layout), and as full.
    #[test]
    fn a_pool_shallower_than_k_gives_the_pool_of_k() {
        let snapshot = sample_snapshot();
        let as_of = Date::from_ymd(2026, 11, 27).unwrap();
        let mut full = 0;
        for id in every_nth_seeker(&snapshot, 50) {
            let mut shallow = MatchOptions::new(40, as_of);
            shallow.explain = false;
            shallow.pool_size = Some(5);
            let mut exact = shallow;
            exact.pool_size = Some(40);
            let a = snapshot.recommend_postings(&id, &shallow).unwrap();
            let b = snapshot.recommend_postings(&id, &exact).unwrap();
            assert_eq!(a, b, "seeker {id}");
            full += usize::from(a.len() == 40);
        }
        assert!(full > 50, "{full}");
    }

    /// Differential: the bounds by place group and the threshold on the
    /// postings reached only by a code pass over documents without changing
    /// the pool (in both paths: the impact lists' and tantivy's), for every
    /// third seeker of the sample dataset and pools shallow enough for the
    /// threshold to bind.
    #[test]
    fn bounds_leave_the_pool_unchanged() {
        let snapshot = sample_snapshot();
        assert!(snapshot.posting_groups().len() > 10);
        let as_of = Date::from_ymd(2026, 11, 27).unwrap();
        let ids = every_nth_seeker(&snapshot, 3);
        assert!(ids.len() > 1000);
        let mut compared = 0;
        for (n, id) in ids.iter().enumerate() {
            let seeker = snapshot.query_seeker(id).unwrap();
            let mut options = MatchOptions::new(10, as_of);
            options.pool_size = Some([20, 60, 200][n % 3]);
            let bounded = snapshot
                .pool_postings_bounded(&seeker, &options, true)
                .unwrap();
            let plain = snapshot
                .pool_postings_bounded(&seeker, &options, false)
                .unwrap();
            assert_eq!(bounded, plain, "seeker {n}");
            compared += usize::from(!plain.is_empty());
        }
        assert!(compared > 1000);
    }

    /// Differential: seekers held encoded (decoded one at a time) are the
    /// profiles, ids, positions and addresses of the same index loaded
    /// decoded; lookups of absent ids find nothing.
    #[test]
    fn encoded_seekers_equal_a_decoded_load() {
        let snapshot = sample_snapshot();
        let decoded: Corpus<SeekerProfile> = Corpus::load(
            snapshot.seekers.searcher.clone(),
            Side::Seekers,
            Path::new("sample"),
            Residency::Decoded,
        )
        .unwrap();
        assert_eq!(snapshot.seeker_count(), decoded.len());
        assert!(decoded.len() > 100);
        let ids: Vec<&str> = snapshot.seeker_ids().collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
        // One at a time, before anything decodes the whole side.
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(snapshot.seekers.position_of(id), Some(i));
            assert_eq!(decoded.position_of(id), Some(i));
            let one = snapshot.seeker(id).unwrap();
            assert_eq!(&*one, &*decoded.all()[i]);
            assert_eq!(one.id, *id);
            for absent in [
                format!("{id}\u{0}"),
                format!("{id}~"),
                id[..id.len() - 1].to_string(),
            ] {
                if !ids.contains(&absent.as_str()) {
                    assert!(!snapshot.has_seeker(&absent));
                    assert!(snapshot.seeker(&absent).is_none());
                }
            }
        }
        assert!(!snapshot.has_seeker(""));
        assert_eq!(snapshot.seekers.addresses(), decoded.addresses());
        // The whole side decoded at once: the same profiles again.
        assert_eq!(snapshot.seeker_profiles(), decoded.all());
        assert_eq!(&*snapshot.seeker(ids[3]).unwrap(), &*decoded.all()[3]);
    }
}
