//! Numeric facts of postings and seekers for the inner loops.
//!
//! The collector asks, for every document a candidate query matches, whether
//! the pair is eligible ([`crate::eligibility`]) and what the situational
//! features ([`crate::features::situation`]) add; the scorer computes those
//! features for every pair in the pool. Reading them from the profiles cost a
//! cache miss or two per document (a profile is a separate heap object with
//! its codes in further ones) and was the largest cost of the push.
//! [`PostingFacts`] are a few dozen bytes held inline (in the prepared posting,
//! and in a table by index address that the collector reads in the order it
//! visits documents); [`SeekerFacts`] are the query side's counterpart.

use crate::features::DEFAULT_COMMUTE_KM;
use crate::model::EmploymentType;
use crate::normalise::codes::{DIVISION_LEVELS, PackedDivision};
use crate::normalise::geo::unit_vector;
use crate::profile::{PostingProfile, SeekerProfile};

/// What the hard rules and the situational features need of a posting.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PostingFacts {
    /// Last day it may be shown; `i32::MIN` when never (no opening, withheld).
    pub last_day: i32,
    /// Publication day.
    pub posted_at: Option<i32>,
    /// Remote work.
    pub remote: bool,
    /// Gig shifts are listed.
    pub has_shifts: bool,
    /// Required education, as a rank.
    pub education: Option<u8>,
    /// Employment type.
    pub employment_type: Option<EmploymentType>,
    /// The division code, packed.
    pub division: PackedDivision,
    /// The place as a unit vector.
    pub place: Option<[f64; 3]>,
    /// Top of the monthly pay range.
    pub salary_top: Option<f64>,
    /// Required years of experience.
    pub experience: Option<f64>,
}

impl PostingFacts {
    /// The facts of a posting.
    pub(crate) fn new(p: &PostingProfile) -> PostingFacts {
        let last_day = if p.openings == 0 || p.checks.withheld {
            i32::MIN
        } else {
            p.expires_at.map_or(i32::MAX, |d| d.0)
        };
        PostingFacts {
            last_day,
            posted_at: p.posted_at.map(|d| d.0),
            remote: p.remote,
            has_shifts: !p.shifts.is_empty(),
            education: p.education.map(|e| e.rank()),
            employment_type: p.employment_type,
            division: PackedDivision::of(p.division.as_deref()),
            place: p.coords.map(unit_vector),
            salary_top: p.salary_monthly.map(|(_, top)| top),
            experience: p.experience_years,
        }
    }

    /// The facts of a deleted document: never admitted.
    pub(crate) fn deleted() -> PostingFacts {
        PostingFacts {
            last_day: i32::MIN,
            posted_at: None,
            remote: false,
            has_shifts: false,
            education: None,
            employment_type: None,
            division: PackedDivision::Absent,
            place: None,
            salary_top: None,
            experience: None,
        }
    }
}

/// What the situational features need of a seeker beyond its profile's plain
/// fields: the division and regions packed, the place as a unit vector.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SeekerFacts {
    /// The division code, packed.
    pub division: PackedDivision,
    /// The place as a unit vector.
    pub place: Option<[f64; 3]>,
    /// Accepted regions packed (those that can contain no code left out), or
    /// `None` when some region is not plain digits.
    pub regions: Option<Box<[(u64, u8)]>>,
    /// Commute tolerance for the distance decay, km.
    pub tolerance: f64,
}

impl SeekerFacts {
    /// The facts of a seeker.
    pub(crate) fn new(s: &SeekerProfile) -> SeekerFacts {
        let mut regions = Some(Vec::with_capacity(s.regions.len()));
        for r in &s.regions {
            match PackedDivision::of(Some(r)) {
                PackedDivision::Digits(value, len) => {
                    if DIVISION_LEVELS.contains(&usize::from(len))
                        && let Some(v) = regions.as_mut()
                    {
                        v.push((value, len));
                    }
                }
                PackedDivision::Absent => {}
                PackedDivision::Other => regions = None,
            }
        }
        SeekerFacts {
            division: PackedDivision::of(s.division.as_deref()),
            place: s.coords.map(unit_vector),
            regions: regions.map(Vec::into_boxed_slice),
            tolerance: s.max_commute_km.unwrap_or(DEFAULT_COMMUTE_KM),
        }
    }
}
