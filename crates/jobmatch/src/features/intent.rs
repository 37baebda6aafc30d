//! What the seeker wants: occupation, title, employment type, pay.

use super::NEUTRAL;
use crate::normalise::codes::{
    comparable_occupation_codes, occupation_depth, shared_occupation_levels,
};
use crate::profile::{PostingProfile, SeekerProfile};

/// Weight of a past occupation relative to a desired one.
pub const PAST_OCCUPATION_WEIGHT: f32 = 0.8;

/// Occupation fit in [0, 1] and the seeker's code that shared the most levels
/// with the posting's, with the number of levels shared.
///
/// For one seeker code `c` against the posting's code `p`:
/// `shared_levels(c, p) / max(depth(c), depth(p))`. The fit is the best over
/// desired codes, and over past codes times `PAST_OCCUPATION_WEIGHT`.
/// [`NEUTRAL`] when the posting has no code or the seeker gives none, and when
/// none of the seeker's codes is in the posting's classification (a Chinese
/// code against an ESCO one: see [`comparable_occupation_codes`]), since codes
/// of two systems say nothing about each other.
///
/// A code inferred by the occupation classifier (the posting's
/// [`occupation_inferred`](PostingProfile::occupation_inferred), a desired
/// one's [`desired_occupation_confidence`](SeekerProfile::desired_occupation_confidence)
/// or a past job's [`past_occupation_confidence`](SeekerProfile::past_occupation_confidence))
/// has its credit scaled by its confidence `c` towards the neutral value:
/// `NEUTRAL + c × (value − NEUTRAL)`, so an unsure guess neither helps nor hurts
/// much.
pub fn occupation_fit(s: &SeekerProfile, p: &PostingProfile) -> (f32, Option<(String, usize)>) {
    match best_occupation(s, p) {
        Some((value, Some((code, shared)))) => (value, Some((code.to_string(), shared))),
        Some((value, None)) => (value, None),
        None => (NEUTRAL, None),
    }
}

/// [`occupation_fit`]'s value without allocating: the scorer's form, given
/// the posting's code and inference confidence (held inline in its prepared
/// form, so that the profile is not read).
pub(crate) fn occupation_value(
    s: &SeekerProfile,
    code: Option<&str>,
    inferred: Option<f32>,
) -> f32 {
    best_occupation_of(s, code, inferred).map_or(NEUTRAL, |(value, _)| value)
}

/// The value and the seeker code that gave it (with the levels shared);
/// `None` when neutral (no code on a side, or none comparable).
fn best_occupation<'s>(
    s: &'s SeekerProfile,
    p: &PostingProfile,
) -> Option<(f32, Option<(&'s str, usize)>)> {
    best_occupation_of(s, p.occupation.as_deref(), p.occupation_inferred)
}

/// The seeker's occupation codes with their weight (desired 1, past
/// [`PAST_OCCUPATION_WEIGHT`]) and confidence (in [0, 1]), desired first.
pub(crate) fn seeker_occupations(s: &SeekerProfile) -> impl Iterator<Item = (&String, f32, f32)> {
    let desired = s.desired_occupations.iter().enumerate().map(|(i, c)| {
        let confidence = s.desired_occupation_confidence.get(i).copied();
        (c, 1.0f32, confidence.unwrap_or(1.0).clamp(0.0, 1.0))
    });
    let past = s.past_occupations.iter().enumerate().map(|(i, (c, _))| {
        let confidence = s.past_occupation_confidence.get(i).copied();
        (
            c,
            PAST_OCCUPATION_WEIGHT,
            confidence.unwrap_or(1.0).clamp(0.0, 1.0),
        )
    });
    desired.chain(past)
}

fn best_occupation_of<'s>(
    s: &'s SeekerProfile,
    code: Option<&str>,
    inferred: Option<f32>,
) -> Option<(f32, Option<(&'s str, usize)>)> {
    let code = code?;
    if s.desired_occupations.is_empty() && s.past_occupations.is_empty() {
        return None;
    }
    let depth_p = occupation_depth(code);
    let mut best = 0.0f32;
    let mut best_code: Option<(&str, usize)> = None;
    let mut comparable = false;
    let posting_confidence = inferred.map_or(1.0, |c| c.clamp(0.0, 1.0));
    for (c, weight, confidence) in seeker_occupations(s) {
        if !comparable_occupation_codes(c, code) {
            continue;
        }
        comparable = true;
        let shared = shared_occupation_levels(c, code);
        let depth = depth_p.max(occupation_depth(c)).max(1);
        let mut value = weight * shared as f32 / depth as f32;
        let confidence = confidence * posting_confidence;
        if confidence < 1.0 {
            value = NEUTRAL + confidence * (value - NEUTRAL);
        }
        if value > best {
            best = value;
            best_code = Some((c.as_str(), shared));
        }
    }
    comparable.then_some((best.clamp(0.0, 1.0), best_code))
}

/// Title fit: the best, over the seeker's desired and past titles, of the share
/// of the title's tokens found in the posting's title (overlap coefficient).
/// [`NEUTRAL`] when the seeker gives no title or the posting's title has no token.
pub fn title_fit(seeker_titles: &[Box<[u64]>], posting_title: &[u64]) -> f32 {
    if seeker_titles.is_empty() || posting_title.is_empty() {
        return NEUTRAL;
    }
    seeker_titles
        .iter()
        .filter(|t| !t.is_empty())
        .map(|t| {
            let common = t
                .iter()
                .filter(|x| posting_title.binary_search(x).is_ok())
                .count();
            common as f32 / t.len().min(posting_title.len()) as f32
        })
        .fold(0.0f32, f32::max)
        .clamp(0.0, 1.0)
}

/// 1 when the posting's employment type is one the seeker accepts, 0 when not;
/// [`NEUTRAL`] when either side is silent.
pub fn employment_type_fit(s: &SeekerProfile, p: &PostingProfile) -> f32 {
    match p.employment_type {
        Some(t) if !s.employment_types.is_empty() => {
            if s.employment_types.contains(&t) {
                1.0
            } else {
                0.0
            }
        }
        _ => NEUTRAL,
    }
}

/// Pay against the seeker's floor, both converted to CNY per month: 1 when the
/// top of the offered range reaches the floor, else `(top / floor)²`.
/// [`NEUTRAL`] when either side is silent or the pay is a piece rate.
pub fn salary_fit(s: &SeekerProfile, p: &PostingProfile) -> f32 {
    match (s.salary_floor_monthly, p.salary_monthly) {
        (Some(floor), Some((_, top))) if floor > 0.0 => {
            if top >= floor {
                1.0
            } else {
                ((top / floor) as f32).powi(2).clamp(0.0, 1.0)
            }
        }
        (Some(_), Some(_)) => 1.0,
        _ => NEUTRAL,
    }
}
