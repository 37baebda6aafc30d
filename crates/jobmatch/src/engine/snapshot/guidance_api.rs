//! Whole-corpus access for the guidance, entitlement and market modules:
//! every decoded profile (from the index's fast field, never the doc store),
//! the scoring forms, and a seeker's candidate pool.

use std::sync::Arc;

use super::{MatchOptions, Snapshot};
use crate::error::Result;
use crate::normalise::skills::SkillNormaliser;
use crate::prepare::{PreparedPosting, PreparedSeeker};
use crate::profile::{PostingProfile, SeekerProfile};

impl Snapshot {
    /// Every posting profile in the snapshot, sorted by id.
    pub(crate) fn posting_profiles(&self) -> &[Arc<PostingProfile>] {
        self.postings.all()
    }

    /// Every seeker profile in the snapshot, sorted by id.
    pub(crate) fn seeker_profiles(&self) -> &[Arc<SeekerProfile>] {
        self.seekers.all()
    }

    /// The engine's skill normaliser (synonyms).
    pub(crate) fn skill_normaliser(&self) -> &SkillNormaliser {
        &self.config.normaliser
    }

    /// Every posting in scoring form, aligned with [`Snapshot::posting_profiles`].
    pub(crate) fn scoring_postings(&self) -> &[PreparedPosting] {
        self.prepared_postings()
    }

    /// The seeker at position `i` (id order) in its query form against postings.
    pub(crate) fn seeker_query_at(&self, i: usize) -> Option<PreparedSeeker> {
        let profile = self.seekers.get(i)?;
        Some(PreparedSeeker::new(
            profile,
            self.postings.vocabulary(),
            &self.config.normaliser,
        ))
    }

    /// Position of a seeker (id order).
    pub(crate) fn seeker_position(&self, id: &str) -> Option<usize> {
        self.seekers.position_of(id)
    }

    /// Positions of the eligible postings in a seeker's candidate pool (the
    /// same retrieval as [`Snapshot::recommend_postings`]).
    pub(crate) fn posting_pool(
        &self,
        seeker: &PreparedSeeker,
        options: &MatchOptions,
    ) -> Result<Vec<usize>> {
        self.pool_postings(seeker, options)
    }
}
