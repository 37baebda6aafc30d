//! Place: shared division level, distance decay, accepted regions, remote work.

use serde::Serialize;

use super::NEUTRAL;
use crate::normalise::codes::{division_within, shared_division_levels};
use crate::normalise::geo::haversine_km;
use crate::profile::{PostingProfile, SeekerProfile};

/// Score by the number of division levels shared (index 0: none … 5: same community).
pub const LEVEL_SCORES: [f32; 6] = [0.0, 0.25, 0.5, 0.7, 0.85, 1.0];
/// Commute tolerance assumed when the seeker gives none, km.
pub const DEFAULT_COMMUTE_KM: f64 = 30.0;
/// Lowest score of a posting inside a region the seeker accepts.
pub const ACCEPTED_REGION_FLOOR: f32 = 0.5;

/// The location feature and what it was based on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocationMatch {
    /// The feature value.
    pub score: f32,
    /// Great-circle distance when both sides have coordinates.
    pub distance_km: Option<f64>,
    /// Division levels shared (0-5) when both sides have codes.
    pub shared_levels: Option<u8>,
    /// The posting is remote and the seeker accepts remote work.
    pub remote: bool,
    /// The posting lies in a region the seeker accepts.
    pub in_accepted_region: bool,
}

/// Distance decay: 1 at the door, 0.5 at half the tolerance, 0.2 at the tolerance.
pub(crate) fn distance_score(d: f64, tolerance: f64) -> f32 {
    let half = (tolerance / 2.0).max(0.5);
    (1.0 / (1.0 + (d / half).powi(2))) as f32
}

/// The location feature: 1 for remote work the seeker accepts; otherwise the
/// higher of the shared-division score (`LEVEL_SCORES`, times 0.8 when distance
/// is also known) and the distance decay against the seeker's commute tolerance;
/// at least `ACCEPTED_REGION_FLOOR` inside an accepted region; 0 beyond the
/// commute limit. [`NEUTRAL`] when a side has no place. Moving the seeker closer
/// never lowers it.
pub fn location_match(s: &SeekerProfile, p: &PostingProfile) -> LocationMatch {
    let mut m = LocationMatch {
        score: NEUTRAL,
        distance_km: None,
        shared_levels: None,
        remote: false,
        in_accepted_region: false,
    };
    if p.remote && s.accepts_remote() {
        m.remote = true;
        m.score = 1.0;
        return m;
    }
    let tolerance = s.max_commute_km.unwrap_or(DEFAULT_COMMUTE_KM);
    if let (Some(a), Some(b)) = (s.coords, p.coords) {
        m.distance_km = Some(haversine_km(a, b));
    }
    if let (Some(a), Some(b)) = (&s.division, &p.division) {
        m.shared_levels = Some(shared_division_levels(a, b).min(5) as u8);
    }
    if let Some(code) = &p.division {
        m.in_accepted_region = s.regions.iter().any(|r| division_within(code, r));
    }
    let by_code = m.shared_levels.map(|l| LEVEL_SCORES[usize::from(l)]);
    let by_distance = m.distance_km.map(|d| distance_score(d, tolerance));
    let mut score = match (by_code, by_distance) {
        (Some(c), Some(d)) => d.max(0.8 * c),
        (Some(c), None) => c,
        (None, Some(d)) => d,
        (None, None) => {
            if m.in_accepted_region {
                ACCEPTED_REGION_FLOOR
            } else {
                NEUTRAL
            }
        }
    };
    if m.in_accepted_region {
        score = score.max(ACCEPTED_REGION_FLOOR);
    }
    if let (Some(d), Some(limit)) = (m.distance_km, s.max_commute_km)
        && d > limit
    {
        score = 0.0;
    }
    m.score = score.clamp(0.0, 1.0);
    m
}
