//! The hard rules in numeric form, for the candidate path's inner loop.
//!
//! [`eligible`](super::eligible) compares division codes as strings and computes
//! a haversine per pair; the collector asks it for every document a query
//! matches, which made it the largest single cost of the push. The posting's
//! side is its [`PostingFacts`] (expiry as a day number, the division as packed
//! digits, the place as a unit vector), built once per snapshot, and a
//! [`SeekerGate`] is built once per query, so the common pair costs a few
//! integer and float comparisons. Anything the numeric form cannot decide exactly (codes
//! that are not plain digits, gig shifts against availability, a distance
//! within rounding of the commute limit) is handed to the reference rules, so
//! the answer is always the same as [`eligible`](super::eligible).

use crate::model::Date;
use crate::normalise::codes::{PackedDivision as Packed, division_within};
use crate::normalise::geo::{EARTH_RADIUS_KM, half_chord, haversine_km};
use crate::prepare::{PostingFacts, SeekerFacts};
use crate::profile::{PostingProfile, SeekerProfile};

/// Relative margin around the commute limit inside which the exact haversine
/// decides (the chord form and the haversine differ by rounding only).
const DISTANCE_MARGIN: f64 = 1e-9;

/// The hard-rule inputs of one seeker, built per query.
#[derive(Debug, Clone)]
pub(crate) struct SeekerGate<'a> {
    profile: &'a SeekerProfile,
    facts: &'a SeekerFacts,
    day: i32,
    accepts_remote: bool,
    has_availability: bool,
    /// Place and the commute limit as half a chord: (unit vector, low, high);
    /// half-chords below `low` are within the limit, above `high` beyond it.
    commute: Option<([f64; 3], f64, f64)>,
}

impl<'a> SeekerGate<'a> {
    /// `facts`: the seeker's (see [`SeekerFacts::new`]).
    pub(crate) fn new(s: &'a SeekerProfile, facts: &'a SeekerFacts, as_of: Date) -> SeekerGate<'a> {
        let commute = match (s.max_commute_km, facts.place) {
            (Some(limit), Some(place)) => {
                let half_angle = (limit / (2.0 * EARTH_RADIUS_KM)).min(std::f64::consts::FRAC_PI_2);
                let half_chord = half_angle.sin();
                Some((
                    place,
                    half_chord * (1.0 - DISTANCE_MARGIN) - 1e-12,
                    half_chord * (1.0 + DISTANCE_MARGIN) + 1e-12,
                ))
            }
            _ => None,
        };
        SeekerGate {
            profile: s,
            facts,
            day: as_of.0,
            accepts_remote: s.accepts_remote(),
            has_availability: !s.availability.is_empty(),
            commute,
        }
    }

    /// Whether the posting may be recommended to the seeker: always the same
    /// answer as [`eligible`](super::eligible) for the same pair and day. The
    /// profile is read only in the rare cases the facts cannot decide.
    #[inline]
    pub(crate) fn admits<'p>(
        &self,
        g: &PostingFacts,
        profile: impl Fn() -> &'p PostingProfile,
    ) -> bool {
        if g.last_day < self.day {
            return false;
        }
        if g.has_shifts
            && self.has_availability
            && !crate::gig::shifts_fit(&profile().shifts, &self.profile.availability)
        {
            return false;
        }
        let remote_ok = g.remote && self.accepts_remote;
        if remote_ok {
            return true;
        }
        let region_ok = match (&self.facts.regions, g.division()) {
            _ if self.profile.regions.is_empty() => true,
            (_, Packed::Absent) => true,
            (Some(regions), Packed::Digits(value, len)) => regions
                .iter()
                .any(|&r| Packed::digits_within((value, len), r)),
            _ => profile().division.as_deref().is_some_and(|code| {
                self.profile
                    .regions
                    .iter()
                    .any(|r| division_within(code, r))
            }),
        };
        if !region_ok {
            return false;
        }
        match (&self.commute, g.place()) {
            (Some((a, low, high)), Some(b)) => {
                let half_chord = half_chord(a, b);
                if half_chord < *low {
                    true
                } else if half_chord > *high {
                    false
                } else {
                    match (
                        self.profile.max_commute_km,
                        self.profile.coords,
                        profile().coords,
                    ) {
                        (Some(limit), Some(a), Some(b)) => haversine_km(a, b) <= limit,
                        _ => true,
                    }
                }
            }
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use proptest::prelude::*;

    use super::*;
    use crate::analysis::Analyzer;
    use crate::eligibility::eligible;
    use crate::model::{Location, Posting, Seeker, TimeRange};

    fn code() -> impl Strategy<Value = Option<String>> {
        prop_oneof![
            Just(None),
            // Jilin-like codes at every level, with the zero padding of real data.
            prop::sample::select(vec![
                "22",
                "2201",
                "220100",
                "220102",
                "220102000",
                "220102001",
                "220102001000",
                "2202",
                "220202",
                "22020200",
                "2201020",
                "11",
                "1101",
                "220",
                "2x01",
                "",
                "000000",
                "22010200100",
            ])
            .prop_map(|s| Some(s.to_string())),
            "[0-9]{1,13}".prop_map(Some),
        ]
    }

    fn coords() -> impl Strategy<Value = Option<(f64, f64)>> {
        prop_oneof![
            Just(None),
            (43.0f64..45.0, 124.0f64..127.0).prop_map(Some),
            (-90.0f64..=90.0, -180.0f64..=180.0).prop_map(Some),
        ]
    }

    fn range(a: i64, b: i64) -> TimeRange {
        TimeRange {
            start: crate::model::DateTime(a.min(b)),
            end: crate::model::DateTime(a.max(b) + 1),
        }
    }

    prop_compose! {
        fn posting()(division in code(), coords in coords(), remote in any::<bool>(),
                     openings in 0u32..3, expires in prop::option::of(-3i32..3),
                     withheld in any::<bool>(), shifts in prop::collection::vec((0i64..100, 0i64..100), 0..3))
                     -> PostingProfile {
            let mut p = Posting::new("P", "x");
            p.location = Some(Location { code: division, lat: coords.map(|c| c.0), lon: coords.map(|c| c.1), ..Location::default() });
            p.remote = remote;
            p.openings = openings;
            p.expires_at = expires.map(|d| crate::model::Date(20_000 + d));
            p.shifts = shifts.into_iter().map(|(a, b)| range(a, b)).collect();
            let mut profile = PostingProfile::build(&p, &mut Analyzer::default());
            profile.checks.withheld = withheld;
            profile
        }
    }

    prop_compose! {
        fn seeker()(division in code(), coords in coords(), remote in prop::option::of(any::<bool>()),
                    regions in prop::collection::vec(code(), 0..3),
                    commute in prop::option::of(prop_oneof![0.0f64..80.0, Just(0.0), Just(20_100.0)]),
                    availability in prop::collection::vec((0i64..100, 0i64..100), 0..2))
                    -> SeekerProfile {
            let mut s = Seeker::new("S");
            s.location = Some(Location { code: division, lat: coords.map(|c| c.0), lon: coords.map(|c| c.1), ..Location::default() });
            s.desired.remote = remote;
            s.desired.regions = regions.into_iter().flatten().collect();
            s.desired.max_commute_km = commute;
            s.availability = availability.into_iter().map(|(a, b)| range(a, b)).collect();
            SeekerProfile::build(&s, &mut Analyzer::default())
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, rng_seed: proptest::test_runner::RngSeed::Fixed(7), ..ProptestConfig::default() })]
        /// Differential: the numeric gate and the reference rules agree on every pair.
        #[test]
        fn gate_agrees_with_the_reference_rules(s in seeker(), p in posting(), day in -2i32..2) {
            let as_of = crate::model::Date(20_000 + day);
            let facts = SeekerFacts::new(&s);
            let gate = SeekerGate::new(&s, &facts, as_of);
            prop_assert_eq!(gate.admits(&PostingFacts::new(&p), || &p), eligible(&s, &p, as_of));
        }
    }

    #[test]
    fn distances_at_the_commute_limit_are_decided_by_the_haversine() {
        let mut s = Seeker::new("S");
        let here = (43.8171, 125.3235);
        s.location = Some(Location {
            lat: Some(here.0),
            lon: Some(here.1),
            ..Location::default()
        });
        let mut p = Posting::new("P", "x");
        let there = (43.8378, 126.5496);
        p.location = Some(Location {
            lat: Some(there.0),
            lon: Some(there.1),
            ..Location::default()
        });
        let p = PostingProfile::build(&p, &mut Analyzer::default());
        let d = haversine_km(here, there);
        for limit in [
            d,
            d * (1.0 - 1e-15),
            d * (1.0 + 1e-15),
            d - 1e-9,
            d + 1e-9,
            0.0,
        ] {
            s.desired.max_commute_km = Some(limit);
            let sp = SeekerProfile::build(&s, &mut Analyzer::default());
            let as_of = crate::model::Date(20_000);
            assert_eq!(
                SeekerGate::new(&sp, &SeekerFacts::new(&sp), as_of)
                    .admits(&PostingFacts::new(&p), || &p),
                eligible(&sp, &p, as_of),
                "{limit}"
            );
        }
    }
}
