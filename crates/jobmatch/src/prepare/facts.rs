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

/// What the hard rules, the situational features and the occupation feature
/// need of a posting (besides its code): one cache line, absent values encoded in-band (read them with the accessors).
#[derive(Debug, Clone, Copy)]
#[repr(align(64))]
pub(crate) struct PostingFacts {
    /// Last day it may be shown; `i32::MIN` when never (no opening, withheld).
    pub last_day: i32,
    /// Publication day; `i32::MIN` when unknown.
    posted_at: i32,
    /// The division code, packed (see [`PostingFacts::division`]).
    division: u64,
    /// The place as a unit vector (when `has_place`).
    place: [f64; 3],
    /// Top of the monthly pay range; NaN when unknown.
    salary_top: f32,
    /// Required years of experience; NaN when unknown.
    experience: f32,
    /// Confidence of an inferred occupation code.
    pub occupation_inferred: Option<f32>,
    /// Required education, as a rank.
    pub education: Option<u8>,
    /// Employment type.
    pub employment_type: Option<EmploymentType>,
    /// Remote work.
    pub remote: bool,
    /// Gig shifts are listed.
    pub has_shifts: bool,
    has_place: bool,
    /// The posting lists skills (without, the skill feature is neutral).
    pub lists_skills: bool,
    /// The posting has an occupation code (without, the feature is neutral).
    pub has_occupation: bool,
}

const DIVISION_ABSENT: u64 = u64::MAX;
const DIVISION_OTHER: u64 = u64::MAX - 1;

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
            posted_at: p.posted_at.map_or(i32::MIN, |d| d.0),
            division: match PackedDivision::of(p.division.as_deref()) {
                PackedDivision::Absent => DIVISION_ABSENT,
                PackedDivision::Other => DIVISION_OTHER,
                // At most 17 digits (< 2^57): room for the count in 5 bits.
                PackedDivision::Digits(value, len) => value << 5 | u64::from(len),
            },
            place: p.coords.map_or([0.0; 3], unit_vector),
            has_place: p.coords.is_some(),
            remote: p.remote,
            has_shifts: !p.shifts.is_empty(),
            lists_skills: !p.skills.is_empty(),
            has_occupation: p.occupation.is_some(),
            occupation_inferred: p.occupation_inferred,
            education: p.education.map(|e| e.rank()),
            employment_type: p.employment_type,
            salary_top: p.salary_monthly.map_or(f32::NAN, |(_, top)| top as f32),
            experience: p.experience_years.map_or(f32::NAN, |y| y as f32),
        }
    }

    /// The facts of a deleted document: never admitted.
    pub(crate) fn deleted() -> PostingFacts {
        PostingFacts {
            last_day: i32::MIN,
            posted_at: i32::MIN,
            division: DIVISION_ABSENT,
            place: [0.0; 3],
            has_place: false,
            remote: false,
            has_shifts: false,
            lists_skills: false,
            has_occupation: false,
            occupation_inferred: None,
            education: None,
            employment_type: None,
            salary_top: f32::NAN,
            experience: f32::NAN,
        }
    }

    /// The division code, packed.
    #[inline]
    pub(crate) fn division(&self) -> PackedDivision {
        match self.division {
            DIVISION_ABSENT => PackedDivision::Absent,
            DIVISION_OTHER => PackedDivision::Other,
            packed => PackedDivision::Digits(packed >> 5, (packed & 31) as u8),
        }
    }

    /// The place as a unit vector.
    #[inline]
    pub(crate) fn place(&self) -> Option<&[f64; 3]> {
        self.has_place.then_some(&self.place)
    }

    /// Publication day.
    #[inline]
    pub(crate) fn posted_at(&self) -> Option<i32> {
        (self.posted_at != i32::MIN).then_some(self.posted_at)
    }

    /// Top of the monthly pay range.
    #[inline]
    pub(crate) fn salary_top(&self) -> Option<f64> {
        (!self.salary_top.is_nan()).then_some(f64::from(self.salary_top))
    }

    /// Required years of experience.
    #[inline]
    pub(crate) fn experience(&self) -> Option<f64> {
        (!self.experience.is_nan()).then_some(f64::from(self.experience))
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

/// A short code held inline (occupation codes are at most a dozen bytes), so
/// that reading it does not follow a pointer; longer codes are not held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct InlineCode {
    bytes: [u8; 23],
    len: u8,
}

impl InlineCode {
    /// The code, when it fits.
    pub(crate) fn new(code: &str) -> Option<InlineCode> {
        let mut bytes = [0u8; 23];
        bytes
            .get_mut(..code.len())?
            .copy_from_slice(code.as_bytes());
        Some(InlineCode {
            bytes,
            len: code.len() as u8,
        })
    }

    /// The code.
    pub(crate) fn as_str(&self) -> &str {
        // Built from a whole `&str`, so the bytes are valid UTF-8.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posting_facts_fit_one_cache_line() {
        assert_eq!(std::mem::size_of::<PostingFacts>(), 64);
    }

    #[test]
    fn inline_codes_hold_short_codes_only() {
        assert_eq!(
            InlineCode::new("6-18-02-04").map(|c| c.as_str().to_string()),
            Some("6-18-02-04".into())
        );
        assert_eq!(InlineCode::new("").map(|c| c.as_str().len()), Some(0));
        assert!(InlineCode::new(&"9".repeat(24)).is_none());
        assert_eq!(
            InlineCode::new("收银员").map(|c| c.as_str().to_string()),
            Some("收银员".into())
        );
    }
}
