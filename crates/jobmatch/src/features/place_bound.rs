//! Upper bounds of the location feature by county, so that the collector can
//! pass over a document without reading its facts.
//!
//! The candidate query's union is enumerated in full (about 13,000 documents
//! per seeker on the 100k × 1M scale data), and tantivy hands the collector
//! every document whose query score could still reach the pool once the
//! situational points are added, at most their headroom (39.5 points on
//! average there). Nearly every document qualifies. Most of them lie in other
//! counties, where the location feature (15 of those points) is small; so
//! postings are grouped by county ([`PlaceGroups`]), each group holds the cap
//! of the sphere its postings lie in, and for one seeker the highest location
//! value any posting of a group can get follows from the shared division
//! levels, the nearest point of the cap and the accepted regions
//! ([`location_bounds`]). The collector compares query score plus that bound
//! with its threshold before it reads the facts; a test checks the bound
//! against the feature itself, another that the pool is the same with and
//! without it.

use crate::features::location::{ACCEPTED_REGION_FLOOR, LEVEL_SCORES, distance_score};
use crate::normalise::codes::{DIVISION_LEVELS, PackedDivision};
use crate::normalise::geo::unit_distance_km;
use crate::prepare::{PostingFacts, SeekerFacts};
use crate::profile::SeekerProfile;

/// Digits of the county level: postings are grouped by this prefix of their
/// division code (or by the whole code when it is shorter).
const GROUP_DIGITS: u8 = 6;
/// Division levels a county code holds (2, 4 and 6 digits).
const GROUP_LEVELS: usize = 3;

/// Per-document class bits (see [`PlaceGroups::class`]).
const GROUP_MASK: u32 = 0xFFFF;
/// The location bound is 1 (remote, no place, or a code that is not digits).
const IRREGULAR: u32 = 1 << 16;
/// The posting lists skills.
const LISTS_SKILLS: u32 = 1 << 17;
/// The posting has an occupation code.
const HAS_OCCUPATION: u32 = 1 << 18;

/// A packed digit code and its digit count.
type PackedCode = (u64, u8);

/// One county's postings: its code prefix and the spherical cap holding them.
#[derive(Debug, Clone, PartialEq)]
struct Group {
    /// Packed code prefix and its digit count (at most [`GROUP_DIGITS`]).
    code: PackedCode,
    /// Centre of the cap (unit vector).
    centre: [f64; 3],
    /// Great-circle radius of the cap, km.
    radius_km: f64,
}

/// Postings grouped by county, and each document's class by index address.
#[derive(Debug, Clone, Default)]
pub(crate) struct PlaceGroups {
    groups: Vec<Group>,
    classes: Vec<Vec<u32>>,
}

impl PlaceGroups {
    /// Groups the postings of a facts table (by index address).
    pub(crate) fn build(facts: &[Vec<PostingFacts>]) -> PlaceGroups {
        let mut index: std::collections::HashMap<PackedCode, usize> = Default::default();
        // Each group's code and the places of its postings.
        let mut members: Vec<(PackedCode, Vec<[f64; 3]>)> = Vec::new();
        let classes: Vec<Vec<u32>> = facts
            .iter()
            .map(|segment| {
                segment
                    .iter()
                    .map(|f| {
                        let mut class = 0;
                        if f.lists_skills {
                            class |= LISTS_SKILLS;
                        }
                        if f.has_occupation {
                            class |= HAS_OCCUPATION;
                        }
                        let grouped = match (f.division(), f.place()) {
                            (PackedDivision::Digits(v, l), Some(place)) if !f.remote => {
                                let n = l.min(GROUP_DIGITS);
                                let code = (PackedDivision::prefix(v, l, n), n);
                                let next = members.len();
                                let g = *index.entry(code).or_insert(next);
                                if g == next {
                                    members.push((code, Vec::new()));
                                }
                                members[g].1.push(*place);
                                Some(g)
                            }
                            _ => None,
                        };
                        match grouped {
                            Some(g) if g <= GROUP_MASK as usize => class | g as u32,
                            _ => class | IRREGULAR,
                        }
                    })
                    .collect()
            })
            .collect();
        if members.len() > GROUP_MASK as usize + 1 {
            // More groups than the class bits hold: those beyond are irregular
            // already; keep the table consistent with them.
            members.truncate(GROUP_MASK as usize + 1);
        }
        let groups = members
            .into_iter()
            .map(|(code, points)| {
                let mut sum = [0.0f64; 3];
                for p in &points {
                    for i in 0..3 {
                        sum[i] += p[i];
                    }
                }
                let norm = (sum[0] * sum[0] + sum[1] * sum[1] + sum[2] * sum[2]).sqrt();
                let centre = if norm > 1e-9 {
                    sum.map(|x| x / norm)
                } else {
                    points.first().copied().unwrap_or([1.0, 0.0, 0.0])
                };
                let radius_km = points
                    .iter()
                    .map(|p| unit_distance_km(&centre, p))
                    .fold(0.0, f64::max);
                Group {
                    code,
                    centre,
                    radius_km,
                }
            })
            .collect();
        PlaceGroups { groups, classes }
    }

    /// Number of groups.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.groups.len()
    }

    /// The class of the document at an address (irregular when unknown).
    #[inline]
    pub(crate) fn class(&self, segment: u32, doc: u32) -> DocClass {
        DocClass(
            self.classes
                .get(segment as usize)
                .and_then(|s| s.get(doc as usize))
                .copied()
                .unwrap_or(IRREGULAR),
        )
    }
}

/// What the bound needs to know of one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DocClass(u32);

impl DocClass {
    /// A posting that lists skills and has an occupation code, in no group:
    /// its bound is the highest of any such posting's.
    pub(crate) const COMPLETE_ANYWHERE: DocClass =
        DocClass(IRREGULAR | LISTS_SKILLS | HAS_OCCUPATION);

    /// The document's group, unless its location bound is 1.
    #[inline]
    pub(crate) fn group(self) -> Option<usize> {
        (self.0 & IRREGULAR == 0).then_some((self.0 & GROUP_MASK) as usize)
    }

    /// The posting lists skills.
    #[inline]
    pub(crate) fn lists_skills(self) -> bool {
        self.0 & LISTS_SKILLS != 0
    }

    /// The posting has an occupation code.
    #[inline]
    pub(crate) fn has_occupation(self) -> bool {
        self.0 & HAS_OCCUPATION != 0
    }
}

/// The highest location value (see [`super::location_match`]) any posting of
/// each group can have for this seeker; `None` when no group can be bounded
/// below 1 (a division code that is not plain digits).
pub(crate) fn location_bounds(sf: &SeekerFacts, groups: &PlaceGroups) -> Option<Vec<f32>> {
    let seeker_code = match sf.division {
        PackedDivision::Digits(v, l) => Some((v, l)),
        PackedDivision::Absent => None,
        PackedDivision::Other => return None,
    };
    Some(
        groups
            .groups
            .iter()
            .map(|g| {
                let by_code = seeker_code.map(|sc| {
                    let shared = PackedDivision::digits_shared_levels(sc, g.code);
                    // A whole county shared: its postings may share deeper levels.
                    let most = if g.code.1 == GROUP_DIGITS && shared == GROUP_LEVELS {
                        LEVEL_SCORES.len() - 1
                    } else {
                        shared
                    };
                    LEVEL_SCORES[most.min(LEVEL_SCORES.len() - 1)]
                });
                let by_distance = sf.place.as_ref().map(|place| {
                    let d = unit_distance_km(place, &g.centre) - g.radius_km;
                    // The triangle inequality, less a margin for rounding.
                    let nearest = (d - 1e-6 * (d.abs() + g.radius_km) - 1e-3).max(0.0);
                    distance_score(nearest, sf.tolerance)
                });
                let in_region = match &sf.regions {
                    None => true,
                    Some(regions) => regions.iter().any(|&r| region_may_hold(r, g.code)),
                };
                let mut score = match (by_code, by_distance) {
                    (Some(c), Some(d)) => d.max(0.8 * c),
                    (Some(c), None) => c,
                    (None, Some(d)) => d,
                    (None, None) => super::NEUTRAL.max(ACCEPTED_REGION_FLOOR),
                };
                if in_region {
                    score = score.max(ACCEPTED_REGION_FLOOR);
                }
                score.clamp(0.0, 1.0)
            })
            .collect(),
    )
}

/// For each group, whether the hard rules refuse every one of its postings to
/// this seeker (see [`crate::eligibility::SeekerGate::admits`]): none can lie
/// in a region the seeker accepts, or every one lies beyond the seeker's
/// commute limit. Grouped postings have plain-digit codes and places and are
/// not remote, so both rules apply to each of them.
pub(crate) fn refused_groups(
    s: &SeekerProfile,
    sf: &SeekerFacts,
    groups: &PlaceGroups,
) -> Vec<bool> {
    // The rule compares the posting's code with the packed regions; with a
    // region that is not plain digits it compares strings: no bound then.
    let regions = match &sf.regions {
        Some(regions) if !s.regions.is_empty() => Some(regions),
        _ => None,
    };
    let commute = match (s.max_commute_km, &sf.place) {
        (Some(limit), Some(place)) => Some((limit, place)),
        _ => None,
    };
    groups
        .groups
        .iter()
        .map(|g| {
            let outside = regions.is_some_and(|rs| !rs.iter().any(|&r| region_may_hold(r, g.code)));
            let beyond = commute.is_some_and(|(limit, place)| {
                let d = unit_distance_km(place, &g.centre) - g.radius_km;
                // The nearest any posting can be, less a margin for rounding.
                let nearest = d - 1e-6 * (d.abs() + g.radius_km) - 1e-3;
                nearest > limit
            });
            outside || beyond
        })
        .collect()
}

/// Whether some posting of the group `(g, gl)` may lie within the region
/// `(r, rl)`: the region contains the group's prefix, or (for a whole county)
/// lies inside it.
fn region_may_hold((r, rl): (u64, u8), (g, gl): (u64, u8)) -> bool {
    if !DIVISION_LEVELS.contains(&usize::from(rl)) {
        return false;
    }
    if rl <= gl {
        PackedDivision::prefix(g, gl, rl) == r
    } else {
        gl == GROUP_DIGITS && PackedDivision::prefix(r, rl, gl) == g
    }
}
