//! The features a term query cannot see — place, employment type, pay,
//! education, experience and freshness — in compact numeric form.
//!
//! The candidate query ranks documents by what they share with the seeker
//! (terms, skills, codes). Two postings that share as much may still differ by
//! up to the combined weight of these features (0.30 of the score with the
//! default weights), and the diagnosis of the pool's misses showed exactly such
//! postings: close by, well paid, just below the pool's cut. So the collector
//! adds this part of the score, in the query's points, to each document's
//! retrieval score before choosing the pool ([`SituationPoints`]), and the
//! scorer computes them the same way ([`super::compute`]), from the
//! [`PostingFacts`] and [`SeekerFacts`] held inline in the prepared forms.
//!
//! The values equal the reference functions' ([`super::location_match`],
//! [`super::salary_fit`], …) except that the distance comes from unit vectors
//! (equal to the haversine up to rounding); a test checks them.

use super::fit::{EDUCATION_STEP, freshness_of_age};
use super::location::{ACCEPTED_REGION_FLOOR, LEVEL_SCORES, distance_score};
use super::place_bound::{DocClass, PlaceGroups, location_bounds, refused_groups};
use super::{Feature, NEUTRAL};
use crate::model::Date;
use crate::normalise::codes::{PackedDivision, division_within, shared_division_levels};
use crate::normalise::geo::unit_distance_km;
use crate::prepare::{PostingFacts, SeekerFacts};
use crate::profile::{PostingProfile, SeekerProfile};

/// The features this module computes.
pub(crate) const SITUATIONAL: [Feature; 6] = [
    Feature::Location,
    Feature::EmploymentType,
    Feature::Salary,
    Feature::Education,
    Feature::Experience,
    Feature::Freshness,
];

// `SituationPoints::bound` takes the first as location.
const _: () = assert!(matches!(SITUATIONAL[0], Feature::Location));

/// The situational features of a pair, in [`SITUATIONAL`] order. The posting's
/// profile is read only when its division code is not plain digits.
#[inline]
pub(crate) fn values<'p>(
    s: &SeekerProfile,
    sf: &SeekerFacts,
    p: &PostingFacts,
    profile: impl Fn() -> &'p PostingProfile,
    as_of: Date,
) -> [f32; 6] {
    let education = match (s.education, p.education) {
        (Some(has), Some(wants)) => {
            (1.0 - EDUCATION_STEP * f32::from(wants.saturating_sub(has.rank()))).max(0.0)
        }
        _ => NEUTRAL,
    };
    let experience = match (s.experience_years, p.experience()) {
        (_, Some(req)) if req <= 0.0 => 1.0,
        (Some(has), Some(req)) => ((has / req) as f32).clamp(0.0, 1.0),
        _ => NEUTRAL,
    };
    let employment_type = match p.employment_type {
        Some(t) if !s.employment_types.is_empty() => {
            if s.employment_types.contains(&t) {
                1.0
            } else {
                0.0
            }
        }
        _ => NEUTRAL,
    };
    let salary = match (s.salary_floor_monthly, p.salary_top()) {
        (Some(floor), Some(top)) if floor > 0.0 => {
            if top >= floor {
                1.0
            } else {
                ((top / floor) as f32).powi(2).clamp(0.0, 1.0)
            }
        }
        (Some(_), Some(_)) => 1.0,
        _ => NEUTRAL,
    };
    let freshness = match p.posted_at() {
        Some(posted) => freshness_of_age(i64::from(as_of.0) - i64::from(posted)),
        None => NEUTRAL,
    };
    let clean = |x: f32| {
        if x.is_finite() {
            x.clamp(0.0, 1.0)
        } else {
            NEUTRAL
        }
    };
    [
        clean(location(s, sf, p, profile)),
        clean(employment_type),
        clean(salary),
        clean(education),
        clean(experience),
        clean(freshness),
    ]
}

/// [`super::location_match`]'s score.
fn location<'p>(
    s: &SeekerProfile,
    sf: &SeekerFacts,
    p: &PostingFacts,
    profile: impl Fn() -> &'p PostingProfile,
) -> f32 {
    if p.remote && s.accepts_remote() {
        return 1.0;
    }
    let distance = match (&sf.place, p.place()) {
        (Some(a), Some(b)) => Some(unit_distance_km(a, b)),
        _ => None,
    };
    let shared = match (sf.division, p.division()) {
        (PackedDivision::Digits(a, al), PackedDivision::Digits(b, bl)) => {
            Some(PackedDivision::digits_shared_levels((a, al), (b, bl)))
        }
        (PackedDivision::Absent, _) | (_, PackedDivision::Absent) => None,
        _ => match (&s.division, &profile().division) {
            (Some(a), Some(b)) => Some(shared_division_levels(a, b)),
            _ => None,
        },
    };
    let in_region = match (&sf.regions, p.division()) {
        (_, PackedDivision::Absent) => false,
        (Some(regions), PackedDivision::Digits(value, len)) => regions
            .iter()
            .any(|&r| PackedDivision::digits_within((value, len), r)),
        _ => profile()
            .division
            .as_deref()
            .is_some_and(|code| s.regions.iter().any(|r| division_within(code, r))),
    };
    let by_code = shared.map(|l| LEVEL_SCORES[l.min(5)]);
    let by_distance = distance.map(|d| distance_score(d, sf.tolerance));
    let mut score = match (by_code, by_distance) {
        (Some(c), Some(d)) => d.max(0.8 * c),
        (Some(c), None) => c,
        (None, Some(d)) => d,
        (None, None) => {
            if in_region {
                ACCEPTED_REGION_FLOOR
            } else {
                NEUTRAL
            }
        }
    };
    if in_region {
        score = score.max(ACCEPTED_REGION_FLOOR);
    }
    if let (Some(d), Some(limit)) = (distance, s.max_commute_km)
        && d > limit
    {
        score = 0.0;
    }
    score
}

/// The situational part of the score in the candidate query's points, for
/// one seeker.
#[derive(Debug, Clone)]
pub(crate) struct SituationPoints<'a> {
    seeker: &'a SeekerProfile,
    facts: &'a SeekerFacts,
    /// Points of each feature in [`SITUATIONAL`] (its normalised weight × 100).
    points: [f32; 6],
    /// The fewest points any posting can get from this seeker's side.
    floor: f32,
    /// The most points above `floor` any posting can get.
    headroom: f32,
    /// Points of a neutral skill feature (a posting that lists no skill) and
    /// of a neutral occupation feature (a posting without a code, when the
    /// seeker has codes): exact values the query's clauses cannot give.
    absent_skills: f32,
    absent_occupation: f32,
    /// The most points above `floor` from every feature but location.
    beside_location: f32,
    as_of: Date,
}

/// Upper bounds of [`SituationPoints::points`] by document class (see
/// [`super::place_bound`]): what the collector compares with its threshold
/// before it reads a document's facts.
#[derive(Debug, Clone)]
pub(crate) struct SituationBound {
    /// By place group: every feature at its top but location, which is at
    /// the group's bound.
    by_group: Vec<f32>,
    /// For a document in no group (location at 1).
    irregular: f32,
    absent_skills: f32,
    absent_occupation: f32,
    headroom: f32,
}

/// Added to every bound: rounding in the sums cannot make it too low.
const BOUND_MARGIN: f32 = 1e-3;

impl SituationBound {
    /// The most [`SituationPoints::points`] can give a document of this class;
    /// minus infinity when the hard rules refuse every posting of its class
    /// (admission gives nothing).
    #[inline]
    pub(crate) fn of(&self, class: DocClass) -> f32 {
        let mut b = class
            .group()
            .and_then(|g| self.by_group.get(g).copied())
            .unwrap_or(self.irregular);
        if !class.lists_skills() {
            b += self.absent_skills;
        }
        if !class.has_occupation() {
            b += self.absent_occupation;
        }
        b.min(self.headroom) + BOUND_MARGIN
    }
}

impl<'a> SituationPoints<'a> {
    /// `weights`: the normalised weights in [`Feature::ALL`] order.
    pub(crate) fn new(
        seeker: &'a SeekerProfile,
        facts: &'a SeekerFacts,
        weights: &[f32; super::FEATURE_COUNT],
        as_of: Date,
    ) -> SituationPoints<'a> {
        let points = SITUATIONAL.map(|f| 100.0 * weights[f.index()]);
        // The range each feature can take for this seeker: a side the seeker
        // leaves silent is neutral whatever the posting.
        let constant = |silent: bool| {
            if silent {
                (NEUTRAL, NEUTRAL)
            } else {
                (0.0, 1.0)
            }
        };
        let ranges = [
            (0.0, 1.0),
            constant(seeker.employment_types.is_empty()),
            constant(seeker.salary_floor_monthly.is_none()),
            constant(seeker.education.is_none()),
            if seeker.experience_years.is_none() {
                (NEUTRAL, 1.0)
            } else {
                (0.0, 1.0)
            },
            (0.0, 1.0),
        ];
        let floor = points.iter().zip(&ranges).map(|(w, r)| w * r.0).sum();
        let absent_skills = 100.0 * weights[Feature::Skill.index()] * NEUTRAL;
        let absent_occupation =
            if seeker.desired_occupations.is_empty() && seeker.past_occupations.is_empty() {
                0.0
            } else {
                100.0 * weights[Feature::Occupation.index()] * NEUTRAL
            };
        let headroom = points
            .iter()
            .zip(&ranges)
            .map(|(w, r)| w * (r.1 - r.0))
            .sum::<f32>()
            + absent_skills
            + absent_occupation;
        let beside_location = points
            .iter()
            .zip(&ranges)
            .skip(1)
            .map(|(w, r)| w * r.1)
            .sum::<f32>()
            - floor;
        SituationPoints {
            seeker,
            facts,
            points,
            floor,
            headroom,
            absent_skills,
            absent_occupation,
            beside_location,
            as_of,
        }
    }

    /// Bounds of [`points`](Self::points) by document class; minus infinity
    /// for a group whose postings the hard rules all refuse to this seeker
    /// ([`refused_groups`]).
    pub(crate) fn bound(&self, groups: &PlaceGroups) -> SituationBound {
        // Location is the first situational feature.
        let location = self.points[0];
        let irregular = self.beside_location + location;
        let refused = refused_groups(self.seeker, self.facts, groups);
        let mut by_group: Vec<f32> = location_bounds(self.facts, groups)
            .map(|bounds| {
                bounds
                    .into_iter()
                    .map(|b| self.beside_location + location * b)
                    .collect()
            })
            .unwrap_or_else(|| vec![irregular; refused.len()]);
        for (b, &refused) in by_group.iter_mut().zip(&refused) {
            if refused {
                *b = f32::NEG_INFINITY;
            }
        }
        SituationBound {
            by_group,
            irregular,
            absent_skills: self.absent_skills,
            absent_occupation: self.absent_occupation,
            headroom: self.headroom,
        }
    }

    /// The most [`points`](Self::points) any posting can get.
    pub(crate) fn headroom(&self) -> f32 {
        self.headroom
    }

    /// The situational part of the pair's score in points, less what every
    /// posting gets from this seeker (which cannot change the order): in
    /// [0, [`headroom`](Self::headroom)].
    #[inline]
    pub(crate) fn points<'p>(
        &self,
        p: &PostingFacts,
        profile: impl Fn() -> &'p PostingProfile,
    ) -> f32 {
        let v = values(self.seeker, self.facts, p, profile, self.as_of);
        let mut sum = 0.0;
        for (w, x) in self.points.iter().zip(v) {
            sum += w * x;
        }
        if !p.lists_skills {
            sum += self.absent_skills;
        }
        if !p.has_occupation {
            sum += self.absent_occupation;
        }
        (sum - self.floor).clamp(0.0, self.headroom)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::sync::Arc;

    use proptest::prelude::*;

    use super::*;
    use crate::analysis::Analyzer;
    use crate::features::{
        MatchContext, compute, education_fit, employment_type_fit, experience_fit, freshness,
        location_match, salary_fit,
    };
    use crate::model::{
        EducationLevel, EmploymentType, Location, PayPeriod, Posting, Salary, SalaryFloor, Seeker,
    };
    use crate::normalise::skills::SkillNormaliser;
    use crate::prepare::{PreparedPosting, PreparedSeeker, Vocabulary};

    fn place() -> impl Strategy<Value = Option<Location>> {
        let code = prop_oneof![
            Just(None),
            prop::sample::select(vec![
                "22",
                "2201",
                "220102",
                "220102001",
                "220102002",
                "220104",
                "2202",
                "220100",
                "11",
                "2x01",
            ])
            .prop_map(|s| Some(s.to_string())),
        ];
        let coords = prop_oneof![Just(None), (43.5f64..44.5, 125.0f64..126.5).prop_map(Some)];
        prop::option::of((code, coords).prop_map(|(code, c)| Location {
            code,
            lat: c.map(|c: (f64, f64)| c.0),
            lon: c.map(|c: (f64, f64)| c.1),
            ..Location::default()
        }))
    }

    fn education() -> impl Strategy<Value = Option<EducationLevel>> {
        prop::option::of(prop::sample::select(vec![
            EducationLevel::JuniorSecondary,
            EducationLevel::Associate,
            EducationLevel::Bachelor,
            EducationLevel::Master,
        ]))
    }

    fn employment() -> impl Strategy<Value = Option<EmploymentType>> {
        prop::option::of(prop::sample::select(vec![
            EmploymentType::FullTime,
            EmploymentType::PartTime,
            EmploymentType::Gig,
        ]))
    }

    prop_compose! {
        fn pair()(sp in place(), pp in place(), remote in any::<bool>(), wants_remote in prop::option::of(any::<bool>()),
                  regions in prop::collection::vec(prop::sample::select(vec!["22", "2201", "220102", "2202", "x"]), 0..3),
                  commute in prop::option::of(1.0f64..60.0),
                  se in education(), pe in education(), sx in prop::option::of(0.0f64..10.0), px in prop::option::of(0.0f64..6.0),
                  st in prop::collection::vec(employment(), 0..2), pt in employment(),
                  floor in prop::option::of(0.0f64..12_000.0), pay in prop::option::of((1000.0f64..6000.0, 0.0f64..6000.0)),
                  posted in prop::option::of(-5i32..200))
                  -> (Seeker, Posting) {
            let mut s = Seeker::new("S");
            s.location = sp;
            s.desired.remote = wants_remote;
            s.desired.regions = regions.into_iter().map(String::from).collect();
            s.desired.max_commute_km = commute;
            s.education = se;
            s.experience_years = sx;
            s.desired.employment_types = st.into_iter().flatten().collect();
            s.desired.salary_min = floor.map(|amount| SalaryFloor { amount, period: PayPeriod::Month });
            let mut p = Posting::new("P", "x");
            p.location = pp;
            p.remote = remote;
            p.education = pe;
            p.experience_years = px;
            p.employment_type = pt;
            p.salary = pay.map(|(min, extra)| Salary { min: Some(min), max: Some(min + extra), period: PayPeriod::Month });
            p.posted_at = posted.map(|d| Date(20_000 - d));
            (s, p)
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2048, rng_seed: proptest::test_runner::RngSeed::Fixed(5), ..ProptestConfig::default() })]
        /// Differential: the compact form gives the features' own values.
        #[test]
        fn situational_values_equal_the_features((s, p) in pair()) {
            let mut a = Analyzer::default();
            let pp = Arc::new(PostingProfile::build(&p, &mut a));
            let sp = Arc::new(SeekerProfile::build(&s, &mut a));
            let vocab = Vocabulary::build(std::iter::once(pp.terms.as_slice()));
            let n = SkillNormaliser::default();
            let as_of = Date(20_000);
            let exact = [
                location_match(&sp, &pp).score,
                employment_type_fit(&sp, &pp),
                salary_fit(&sp, &pp),
                education_fit(&sp, &pp),
                experience_fit(&sp, &pp),
                freshness(&pp, as_of),
            ];
            let fast = values(&sp, &SeekerFacts::new(&sp), &PostingFacts::new(&pp), || &pp, as_of);
            for (i, f) in SITUATIONAL.iter().enumerate() {
                prop_assert!((fast[i] - exact[i]).abs() < 1e-4, "{:?}: {} vs {}", f, fast[i], exact[i]);
            }
            // And the collector's bound holds for this posting, grouped with
            // two others, one close by and one far off.
            let others = [
                Posting { location: Some(Location { code: Some("220102003".into()), lat: Some(43.9), lon: Some(125.3), ..Location::default() }), ..Posting::new("Q", "x") },
                Posting { location: Some(Location { code: Some("220104".into()), lat: Some(44.4), lon: Some(126.4), ..Location::default() }), ..Posting::new("R", "x") },
            ];
            let mut profiles = vec![(*pp).clone()];
            profiles.extend(others.iter().map(|o| PostingProfile::build(o, &mut a)));
            let table: Vec<PostingFacts> = profiles.iter().map(PostingFacts::new).collect();
            let groups = PlaceGroups::build(std::slice::from_ref(&table));
            let weights = crate::score::Weights::default().normalised();
            let sf = SeekerFacts::new(&sp);
            let points = SituationPoints::new(&sp, &sf, &weights, as_of);
            let bound = points.bound(&groups);
            // For every posting the hard rules admit (a class whose bound is
            // minus infinity admits none).
            let gate = crate::eligibility::SeekerGate::new(&sp, &sf, as_of);
            for (doc, facts) in table.iter().enumerate() {
                let got = points.points(facts, || &profiles[doc]);
                let most = bound.of(groups.class(0, doc as u32));
                if gate.admits(facts, || &profiles[doc]) {
                    prop_assert!(got <= most, "doc {}: {} > bound {}", doc, got, most);
                }
            }
            // And the scorer uses them.
            let v = compute(&PreparedSeeker::new(sp.clone(), &vocab, &n), &PreparedPosting::new(pp.clone(), &vocab, &n), &MatchContext { as_of });
            for (i, f) in SITUATIONAL.iter().enumerate() {
                prop_assert_eq!(v.get(*f), fast[i]);
            }
        }

        /// Differential: a group whose bound says the hard rules refuse all its
        /// postings holds only postings the rules refuse to that seeker.
        #[test]
        fn refused_groups_hold_only_refused_postings((s, _p) in pair()) {
            let (profiles, table, groups) = spread_postings();
            let mut a = Analyzer::default();
            let sp = SeekerProfile::build(&s, &mut a);
            let sf = SeekerFacts::new(&sp);
            let refused = refused_groups(&sp, &sf, &groups);
            let gate = crate::eligibility::SeekerGate::new(&sp, &sf, Date(20_000));
            for (doc, facts) in table.iter().enumerate() {
                if let Some(g) = groups.class(0, doc as u32).group()
                    && refused[g]
                {
                    prop_assert!(!gate.admits(facts, || &profiles[doc]), "doc {}", doc);
                }
            }
        }
    }

    /// Postings in four counties of Jilin, two to a county.
    fn spread_postings() -> (Vec<PostingProfile>, Vec<PostingFacts>, PlaceGroups) {
        let mut a = Analyzer::default();
        let places = [
            ("220102001", 43.90, 125.30),
            ("220102003", 43.88, 125.33),
            ("220104", 44.40, 126.40),
            ("220104002", 44.35, 126.30),
            ("220203", 43.85, 126.55),
            ("220203001", 43.80, 126.60),
            ("220581", 42.00, 126.00),
            ("220581002", 42.05, 125.95),
        ];
        let profiles: Vec<PostingProfile> = places
            .iter()
            .map(|&(code, lat, lon)| {
                let p = Posting {
                    location: Some(Location {
                        code: Some(code.into()),
                        lat: Some(lat),
                        lon: Some(lon),
                        ..Location::default()
                    }),
                    ..Posting::new("P", "x")
                };
                PostingProfile::build(&p, &mut a)
            })
            .collect();
        let table: Vec<PostingFacts> = profiles.iter().map(PostingFacts::new).collect();
        let groups = PlaceGroups::build(std::slice::from_ref(&table));
        (profiles, table, groups)
    }

    /// The groups refused: those outside every accepted region, and those
    /// beyond the commute limit; none without either rule.
    #[test]
    fn groups_outside_the_regions_or_beyond_the_commute_are_refused() {
        let (_, table, groups) = spread_postings();
        let mut a = Analyzer::default();
        let mut refused_of = |regions: &[&str], commute: Option<f64>| {
            let mut s = Seeker::new("S");
            s.location = Some(Location {
                code: Some("220102001".into()),
                lat: Some(43.9),
                lon: Some(125.3),
                ..Location::default()
            });
            s.desired.regions = regions.iter().map(|r| r.to_string()).collect();
            s.desired.max_commute_km = commute;
            let sp = SeekerProfile::build(&s, &mut a);
            let refused = refused_groups(&sp, &SeekerFacts::new(&sp), &groups);
            // By posting, in the table's order.
            (0..table.len())
                .map(|doc| {
                    groups
                        .class(0, doc as u32)
                        .group()
                        .is_some_and(|g| refused[g])
                })
                .collect::<Vec<bool>>()
        };
        let (f, t) = (false, true);
        assert_eq!(refused_of(&[], None), [f, f, f, f, f, f, f, f]);
        assert_eq!(refused_of(&["2201"], None), [f, f, f, f, t, t, t, t]);
        assert_eq!(
            refused_of(&["220203", "2205"], None),
            [t, t, t, t, f, f, f, f]
        );
        // Jilin city lies ~100 km off, Meihekou ~220 km.
        assert_eq!(refused_of(&[], Some(150.0)), [f, f, f, f, f, f, t, t]);
        assert_eq!(refused_of(&[], Some(5.0)), [f, f, t, t, t, t, t, t]);
        // A region that is not plain digits: no region bound.
        assert_eq!(refused_of(&["x"], None), [f, f, f, f, f, f, f, f]);
    }
}
