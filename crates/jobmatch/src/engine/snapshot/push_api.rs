//! Batch-push support on a snapshot: scoring and explaining given pairs.

use super::{Match, MatchOptions, Snapshot, weighted};
use crate::eligibility::SeekerGate;
use crate::error::{Error, Result};
use crate::features::{self, MatchContext};
use crate::prepare::TermBits;
use crate::score::explain_values;

impl Snapshot {
    /// Scores an indexed seeker against the given postings, exactly as
    /// [`Snapshot::recommend_postings`] would (same score, same explanation when
    /// `options.explain`), in the order given. An entry is `None` when the pair
    /// is not eligible on `options.as_of` (expired posting, region, commute).
    /// `options.k` and `options.pool_size` are ignored.
    ///
    /// The batch push ranks with explanations off, allocates capacity, and then
    /// explains only the pairs it pushes.
    ///
    /// ```
    /// use jobmatch::{Engine, MatchOptions, model::{Date, Posting, Seeker, SkillItem}};
    ///
    /// let engine = Engine::builder().in_ram()?;
    /// let mut welder = Posting::new("P1", "电焊工");
    /// welder.skills.push(SkillItem { name: "焊接".into(), required: true, level: None });
    /// engine.upsert_postings(&[welder, Posting::new("P2", "收银员")])?;
    /// engine.upsert_seekers(&[Seeker::new("S1")])?;
    /// engine.commit()?;
    ///
    /// let snapshot = engine.snapshot()?;
    /// let options = MatchOptions::new(10, Date::from_ymd(2026, 11, 27).unwrap());
    /// let top = snapshot.recommend_postings("S1", &options)?;
    /// let again = snapshot.score_postings("S1", &[top[0].id.clone()], &options)?;
    /// assert_eq!(again[0].as_ref(), Some(&top[0]));
    /// # Ok::<(), jobmatch::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::NotFound`] when the seeker or one of the postings is not indexed.
    pub fn score_postings(
        &self,
        seeker_id: &str,
        posting_ids: &[String],
        options: &MatchOptions,
    ) -> Result<Vec<Option<Match>>> {
        let seeker = self.query_seeker(seeker_id)?;
        let prepared = self.prepared_postings();
        let weights = self.config.weights.normalised();
        let ctx = MatchContext {
            as_of: options.as_of,
        };
        // The hard rules in numeric form (the same answers as `eligible`).
        let gate = SeekerGate::new(&seeker.profile, &seeker.facts, options.as_of);
        posting_ids
            .iter()
            .map(|id| {
                let i = self
                    .postings
                    .position_of(id)
                    .ok_or_else(|| Error::NotFound {
                        kind: "posting",
                        id: id.clone(),
                    })?;
                let p = &prepared[i];
                if !gate.admits(&p.facts, || &p.profile) {
                    return Ok(None);
                }
                let score = weighted(&weights, &features::compute(&seeker, p, &ctx).0);
                Ok(self
                    .to_postings_matches(&seeker, vec![(score, i)], options)
                    .pop())
            })
            .collect()
    }

    /// The explanations of an indexed seeker's pushes, by the postings'
    /// positions in the snapshot ([`Self::posting_ids`] order), each with its
    /// posting's profile: what [`Self::score_postings`] with `explain` gives
    /// for the same pairs, without looking the postings up by id or working
    /// out the features twice. `None` for a pair not eligible on `as_of`.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the seeker is not indexed or a position is
    /// past the snapshot's postings.
    pub(crate) fn explain_positions(
        &self,
        seeker_id: &str,
        positions: &[usize],
        as_of: crate::model::Date,
    ) -> Result<
        Vec<(
            &crate::profile::PostingProfile,
            Option<crate::score::Explanation>,
        )>,
    > {
        let seeker = self.query_seeker(seeker_id)?;
        let prepared = self.prepared_postings();
        let ctx = MatchContext { as_of };
        // The features as the ranking works them out (the same values, bit
        // for bit, as `features::compute`).
        let terms = TermBits::new(&seeker.text);
        let mut occupations = features::OccupationMemo::default();
        // The hard rules in numeric form (the same answers as `eligible`).
        let gate = SeekerGate::new(&seeker.profile, &seeker.facts, as_of);
        positions
            .iter()
            .map(|&i| {
                let p = prepared.get(i).ok_or_else(|| Error::NotFound {
                    kind: "posting",
                    id: format!("#{i}"),
                })?;
                let explanation = gate.admits(&p.facts, || &p.profile).then(|| {
                    let values =
                        features::compute_for_query(&seeker, &terms, &mut occupations, p, &ctx);
                    explain_values(&seeker, p, &self.config.weights, values)
                });
                Ok((&*p.profile, explanation))
            })
            .collect()
    }
}
