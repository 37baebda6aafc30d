//! Evaluation support on a snapshot: the candidate pool of a query with every
//! candidate's [`FeatureVector`] (to re-rank with other weights without
//! retrieving again), the features of judged pairs, and a plain BM25 text
//! search (the text-only baseline of [`crate::eval`]).

use std::collections::HashSet;

use tantivy::Term;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;

use super::{MatchOptions, Snapshot};
use crate::error::Result;
use crate::features::{self, FeatureVector, MatchContext};
use crate::index::corpus::{Corpus, HasTerms};
use crate::index::schema::Fields;

impl Snapshot {
    /// The candidate pool of an indexed seeker, each posting with its feature
    /// vector, in posting id order.
    ///
    /// The pool is exactly the set of postings that
    /// [`Snapshot::recommend_postings`] scores for these `options` (retrieval
    /// does not depend on the weights; `options.k` matters because retrieval
    /// widens its reach when fewer than `k` eligible postings match).
    /// Ranking the pool by `Σ wᵢ·fᵢ` with normalised weights reproduces the
    /// engine's ranking for any weights, which is what weight tuning needs.
    ///
    /// ```
    /// use jobmatch::{Engine, MatchOptions, model::{Date, Posting, Seeker, SkillItem}};
    /// use jobmatch::features::Feature;
    ///
    /// let engine = Engine::builder().in_ram()?;
    /// let mut welder = Posting::new("P1", "电焊工");
    /// welder.skills.push(SkillItem { name: "焊接".into(), required: true, level: None });
    /// engine.upsert_postings(&[welder, Posting::new("P2", "收银员")])?;
    /// let mut s = Seeker::new("S1");
    /// s.skills.push(SkillItem { name: "焊接".into(), required: true, level: Some(3) });
    /// engine.upsert_seekers(&[s])?;
    /// engine.commit()?;
    ///
    /// let options = MatchOptions::new(10, Date::from_ymd(2026, 11, 27).unwrap());
    /// let pool = engine.snapshot()?.candidate_features("S1", &options)?;
    /// let welder = pool.iter().find(|(id, _)| id == "P1").unwrap();
    /// assert!(welder.1.get(Feature::Skill) > 0.9);
    /// # Ok::<(), jobmatch::Error>(())
    /// ```
    pub fn candidate_features(
        &self,
        seeker_id: &str,
        options: &MatchOptions,
    ) -> Result<Vec<(String, FeatureVector)>> {
        let seeker = self.query_seeker(seeker_id)?;
        let prepared = self.prepared_postings();
        let ctx = MatchContext {
            as_of: options.as_of,
        };
        let mut found = self.pool_postings(&seeker, options)?;
        found.sort_unstable();
        Ok(found
            .into_iter()
            .map(|i| {
                let p = &prepared[i];
                (p.profile.id.clone(), features::compute(&seeker, p, &ctx))
            })
            .collect())
    }

    /// The candidate pool of an indexed posting (the seekers that
    /// [`Snapshot::candidates`] scores), each seeker with its feature vector, in
    /// seeker id order. Empty when the posting is not live on `options.as_of`.
    /// See [`Snapshot::candidate_features`].
    pub fn candidate_features_for_posting(
        &self,
        posting_id: &str,
        options: &MatchOptions,
    ) -> Result<Vec<(String, FeatureVector)>> {
        let posting = self.query_posting(posting_id)?;
        let prepared = self.prepared_seekers();
        let ctx = MatchContext {
            as_of: options.as_of,
        };
        let mut found = self.pool_seekers(&posting, options)?;
        found.sort_unstable();
        Ok(found
            .into_iter()
            .map(|i| {
                let s = &prepared[i];
                (s.profile.id.clone(), features::compute(s, &posting, &ctx))
            })
            .collect())
    }

    /// The engine's feature weights.
    pub(crate) fn weights(&self) -> &crate::score::Weights {
        &self.config.weights
    }

    /// Features of a seeker with each of `posting_ids`, computed as
    /// [`Snapshot::candidate_features`] computes them (`None` for an unknown
    /// posting).
    pub(crate) fn features_with_postings(
        &self,
        seeker_id: &str,
        posting_ids: &[&str],
        options: &MatchOptions,
    ) -> Result<Vec<Option<FeatureVector>>> {
        let seeker = self.query_seeker(seeker_id)?;
        let prepared = self.prepared_postings();
        let ctx = MatchContext {
            as_of: options.as_of,
        };
        Ok(posting_ids
            .iter()
            .map(|id| {
                let i = self.postings.position_of(id)?;
                Some(features::compute(&seeker, &prepared[i], &ctx))
            })
            .collect())
    }

    /// Features of a posting with each of `seeker_ids`, computed as
    /// [`Snapshot::candidate_features_for_posting`] computes them (`None` for
    /// an unknown seeker).
    pub(crate) fn features_with_seekers(
        &self,
        posting_id: &str,
        seeker_ids: &[&str],
        options: &MatchOptions,
    ) -> Result<Vec<Option<FeatureVector>>> {
        let posting = self.query_posting(posting_id)?;
        let prepared = self.prepared_seekers();
        let ctx = MatchContext {
            as_of: options.as_of,
        };
        Ok(seeker_ids
            .iter()
            .map(|id| {
                let i = self.seekers.position_of(id)?;
                Some(features::compute(&prepared[i], &posting, &ctx))
            })
            .collect())
    }

    /// BM25 over text alone: the seeker's analysed text terms (titles, summary,
    /// skill names), each as an optional clause on the postings' title,
    /// description and skill text, scored by tantivy's BM25 without boosts.
    /// Returns at most `k` `(posting id, score)` pairs, best first, among the
    /// postings `keep` accepts (eligibility is the caller's).
    pub(crate) fn bm25_postings(
        &self,
        seeker_id: &str,
        k: usize,
        keep: impl Fn(&crate::profile::PostingProfile) -> bool,
    ) -> Result<Vec<(String, f32)>> {
        let seeker = self.query_seeker(seeker_id)?;
        bm25(
            &self.postings,
            &self.posting_fields,
            &seeker.profile.terms,
            k,
            keep,
        )
    }

    /// BM25 over text alone for a posting's text (title, description, skill
    /// names) against the seekers' titles, summaries and skill text. See
    /// [`Snapshot::bm25_postings`].
    pub(crate) fn bm25_seekers(
        &self,
        posting_id: &str,
        k: usize,
        keep: impl Fn(&crate::profile::SeekerProfile) -> bool,
    ) -> Result<Vec<(String, f32)>> {
        let posting = self.query_posting(posting_id)?;
        bm25(
            &self.seekers,
            &self.seeker_fields,
            &posting.profile.terms,
            k,
            keep,
        )
    }
}

fn bm25<P: serde::de::DeserializeOwned + Send + Sync + HasTerms>(
    corpus: &Corpus<P>,
    fields: &Fields,
    terms: &[(String, u32)],
    k: usize,
    keep: impl Fn(&P) -> bool,
) -> Result<Vec<(String, f32)>> {
    let n = corpus.len();
    if n == 0 || k == 0 {
        return Ok(Vec::new());
    }
    let mut seen = HashSet::new();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (t, _) in terms {
        if !seen.insert(t.as_str()) {
            continue;
        }
        for field in [fields.title, fields.body, fields.skills] {
            clauses.push((
                Occur::Should,
                Box::new(TermQuery::new(
                    Term::from_field_text(field, t),
                    IndexRecordOption::WithFreqs,
                )),
            ));
        }
    }
    if clauses.is_empty() {
        return Ok(Vec::new());
    }
    let query = BooleanQuery::new(clauses);
    let mut limit = (4 * k).max(200).min(n);
    loop {
        let hits = corpus
            .searcher
            .search(&query, &TopDocs::with_limit(limit).order_by_score())?;
        let complete = hits.len() < limit || limit >= n;
        let mut out: Vec<(String, f32)> = hits
            .into_iter()
            .filter_map(|(score, address)| {
                let i = corpus.position_at(address)?;
                let p = &corpus.all()[i];
                keep(p).then(|| (p.id().to_string(), score))
            })
            .collect();
        if out.len() >= k || complete {
            out.truncate(k);
            return Ok(out);
        }
        limit = n;
    }
}
