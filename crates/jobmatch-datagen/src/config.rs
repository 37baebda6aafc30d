//! Generator configuration and the summary it returns.

use chrono::NaiveDate;

use crate::GenError;

/// What to generate. Build it with [`GenConfig::new`] and adjust the public fields.
///
/// ```
/// let mut cfg = jobmatch_datagen::GenConfig::new(100, 200, 7);
/// cfg.trainings = 10;
/// assert_eq!(cfg.reference_date.to_string(), "2026-11-27");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct GenConfig {
    /// Number of job postings (`P000001`, ...).
    pub postings: usize,
    /// Number of job seekers (`S0000001`, ...).
    pub seekers: usize,
    /// Master seed: the same seed and configuration give byte-identical files.
    pub seed: u64,
    /// Number of training courses in `trainings.jsonl`.
    pub trainings: usize,
    /// The "today" of the dataset: postings are posted before it, some have expired by it,
    /// and shifts and availability lie in the two weeks after it.
    pub reference_date: NaiveDate,
    /// Postings judged per seeker in `qrels-postings.txt` (at most; fewer if there are
    /// fewer postings).
    pub judged_per_seeker: usize,
    /// Seekers judged per posting in `qrels-seekers.txt` (at most; drawn from a bounded
    /// reservoir per posting).
    pub judged_per_posting: usize,
}

impl GenConfig {
    /// A configuration with the given sizes and seed and defaults for the rest:
    /// `trainings = clamp(postings / 25, 10, 5000)`, reference date 2026-11-27,
    /// 40 judged postings per seeker and 40 judged seekers per posting.
    pub fn new(postings: usize, seekers: usize, seed: u64) -> Self {
        GenConfig {
            postings,
            seekers,
            seed,
            trainings: (postings / 25).clamp(10, 5000),
            reference_date: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default(),
            judged_per_seeker: 40,
            judged_per_posting: 40,
        }
    }

    pub(crate) fn validate(&self) -> Result<(), GenError> {
        if self.postings > 9_999_999 || self.seekers > 99_999_999 || self.trainings > 999_999 {
            return Err(GenError::Config(
                "at most 9,999,999 postings, 99,999,999 seekers and 999,999 trainings".into(),
            ));
        }
        if self.judged_per_seeker > 1000 || self.judged_per_posting > 1000 {
            return Err(GenError::Config(
                "judged_per_seeker and judged_per_posting must be at most 1000".into(),
            ));
        }
        Ok(())
    }
}

/// Counts of what [`generate`](crate::generate) wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GenStats {
    /// Lines in `postings.jsonl`.
    pub postings: usize,
    /// Lines in `seekers.jsonl`.
    pub seekers: usize,
    /// Lines in `trainings.jsonl`.
    pub trainings: usize,
    /// Lines in `qrels-postings.txt` (seeker → posting judgments).
    pub qrels_postings: usize,
    /// Lines in `qrels-seekers.txt` (posting → seeker judgments).
    pub qrels_seekers: usize,
    /// Seekers judged per posting could not all be kept: postings whose reservoir filled up.
    pub full_reservoirs: usize,
}
