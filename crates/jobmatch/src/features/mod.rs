//! Named match features, each a number in [0, 1].
//!
//! Every feature is a pure function of one seeker and one posting (in their
//! [prepared](crate::prepare) forms) and the [`MatchContext`]. When either side
//! lacks the data a feature needs, the feature takes the documented neutral value
//! [`NEUTRAL`] (0.5): missing data neither helps nor hurts. No feature can be
//! NaN: inputs are validated finite at load, and every division is guarded.
//!
//! | feature | what it measures | neutral when |
//! |---|---|---|
//! | `skill` | coverage of the posting's skills by the seeker's (partial credit, levels) | posting lists no skill |
//! | `text` | BM25 of the posting's text for the seeker's terms, saturated: `s / (s + 8)`; 0 when the seeker has no text | the posting has no analysable text |
//! | `location` | same division level, distance decay, regions, remote | either side has no place |
//! | `occupation` | deepest shared level of desired/past codes and the posting's code | either side has no code |
//! | `title` | overlap of desired/past titles with the posting's title | seeker gives no title |
//! | `employment_type` | the posting's type is one the seeker accepts | either side silent |
//! | `salary` | offered pay against the seeker's floor (periods converted) | either side silent |
//! | `education` | attained against required level | either side silent |
//! | `experience` | years against required years | either side silent |
//! | `freshness` | how recently the posting was published | no `posted_at` |

mod fit;
mod intent;
mod location;
pub(crate) mod place_bound;
pub(crate) mod situation;
mod skill;

use serde::{Deserialize, Serialize};

use crate::model::Date;
use crate::prepare::{InlineCode, PreparedPosting, PreparedSeeker, TermBits};

pub use fit::{education_fit, experience_fit, freshness};
pub(crate) use intent::seeker_occupations;
pub use intent::{employment_type_fit, occupation_fit, salary_fit, title_fit};
pub use location::{DEFAULT_COMMUTE_KM, LocationMatch, location_match};
pub(crate) use skill::OPTIONAL_WEIGHT as OPTIONAL_SKILL_WEIGHT;
pub use skill::{SkillMatch, skill_match};

/// The BM25 score at which the text feature is 0.5 (`text = s / (s + this)`).
pub const TEXT_SATURATION: f32 = 8.0;

/// Value of a feature when the data it needs is missing.
pub const NEUTRAL: f32 = 0.5;

/// The features, in a fixed order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Feature {
    /// Skill coverage.
    Skill,
    /// Text similarity.
    Text,
    /// Place and commute.
    Location,
    /// Occupation codes.
    Occupation,
    /// Desired and past titles.
    Title,
    /// Employment type.
    EmploymentType,
    /// Pay.
    Salary,
    /// Education level.
    Education,
    /// Years of experience.
    Experience,
    /// Posting age.
    Freshness,
}

/// Number of features.
pub const FEATURE_COUNT: usize = 10;

impl Feature {
    /// All features in order.
    pub const ALL: [Feature; FEATURE_COUNT] = [
        Feature::Skill,
        Feature::Text,
        Feature::Location,
        Feature::Occupation,
        Feature::Title,
        Feature::EmploymentType,
        Feature::Salary,
        Feature::Education,
        Feature::Experience,
        Feature::Freshness,
    ];

    /// The snake_case name used in configuration files and explanations.
    pub fn name(self) -> &'static str {
        match self {
            Feature::Skill => "skill",
            Feature::Text => "text",
            Feature::Location => "location",
            Feature::Occupation => "occupation",
            Feature::Title => "title",
            Feature::EmploymentType => "employment_type",
            Feature::Salary => "salary",
            Feature::Education => "education",
            Feature::Experience => "experience",
            Feature::Freshness => "freshness",
        }
    }

    /// Position in [`Feature::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The situation a match is judged in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatchContext {
    /// The day of the run: expiry and freshness are judged against it.
    pub as_of: Date,
}

/// All feature values of one pair, indexed by [`Feature::index`].
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FeatureVector(pub [f32; FEATURE_COUNT]);

impl FeatureVector {
    /// The value of one feature.
    pub fn get(&self, f: Feature) -> f32 {
        self.0[f.index()]
    }
}

/// Computes every feature of a pair.
pub fn compute(
    seeker: &PreparedSeeker,
    posting: &PreparedPosting,
    ctx: &MatchContext,
) -> FeatureVector {
    compute_with(
        seeker,
        posting,
        ctx,
        |p| p.text.bm25(&seeker.text),
        |code, inferred| intent::occupation_value(&seeker.profile, Some(code.as_str()), inferred),
    )
}

/// [`compute`] for one seeker against many postings: the seeker's terms as a
/// bitset, built once ([`TermBits::new`] of `seeker.text`), make the BM25 sum
/// cheaper; the values are the same, bit for bit.
pub(crate) fn compute_for_query(
    seeker: &PreparedSeeker,
    terms: &TermBits,
    occupations: &mut OccupationMemo,
    posting: &PreparedPosting,
    ctx: &MatchContext,
) -> FeatureVector {
    compute_with(
        seeker,
        posting,
        ctx,
        |p| p.text.bm25_bits(terms),
        |code, inferred| occupations.value(&seeker.profile, code, inferred),
    )
}

/// A seeker's occupation values by posting code and confidence, worked out
/// once per distinct pair in a query (a pool's postings share few codes, and
/// comparing codes level by level is a fifth of a pair's features).
#[derive(Debug, Default)]
pub(crate) struct OccupationMemo {
    /// (code, confidence's bits or `u64::MAX` when not inferred, value).
    entries: Vec<(InlineCode, u64, f32)>,
}

impl OccupationMemo {
    /// Distinct pairs kept (beyond, values are worked out every time).
    const CAPACITY: usize = 64;

    /// [`intent::occupation_value`] of `seeker` for a posting of `code`
    /// inferred with confidence `inferred` (`None`: given).
    fn value(
        &mut self,
        seeker: &crate::profile::SeekerProfile,
        code: &InlineCode,
        inferred: Option<f32>,
    ) -> f32 {
        let key = inferred.map_or(u64::MAX, |c| u64::from(c.to_bits()));
        if let Some(&(_, _, value)) = self.entries.iter().find(|(c, k, _)| *k == key && c == code) {
            return value;
        }
        let value = intent::occupation_value(seeker, Some(code.as_str()), inferred);
        if self.entries.len() < Self::CAPACITY {
            self.entries.push((*code, key, value));
        }
        value
    }
}

#[inline]
fn compute_with(
    seeker: &PreparedSeeker,
    posting: &PreparedPosting,
    ctx: &MatchContext,
    bm25: impl FnOnce(&PreparedPosting) -> f32,
    occupation: impl FnOnce(&InlineCode, Option<f32>) -> f32,
) -> FeatureVector {
    let s = &seeker.profile;
    let p = &posting.profile;
    // A seeker with no text has no evidence of a match (0, so that adding text
    // can only raise the feature); a posting with no analysable text is neutral.
    let text = if posting.text.is_empty() {
        NEUTRAL
    } else {
        let s = bm25(posting);
        s / (s + TEXT_SATURATION)
    };
    let mut v = [0.0f32; FEATURE_COUNT];
    v[Feature::Skill.index()] = skill_match(&seeker.skills, &posting.skills, false).score;
    v[Feature::Text.index()] = text;
    let situational = situation::values(s, &seeker.facts, &posting.facts, || &**p, ctx.as_of);
    for (f, value) in situation::SITUATIONAL.iter().zip(situational) {
        v[f.index()] = value;
    }
    v[Feature::Occupation.index()] = match &posting.occupation {
        Some(Some(code)) => occupation(code, posting.facts.occupation_inferred),
        Some(None) => intent::occupation_value(s, None, posting.facts.occupation_inferred),
        None => occupation_fit(s, p).0,
    };
    v[Feature::Title.index()] = title_fit(&seeker.titles, &posting.title_tokens);
    for x in &mut v {
        if !x.is_finite() {
            *x = NEUTRAL;
        }
        *x = x.clamp(0.0, 1.0);
    }
    FeatureVector(v)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::sync::Arc;

    use super::*;
    use crate::analysis::Analyzer;
    use crate::model::{
        EducationLevel, EmploymentType, Location, PayPeriod, Posting, Salary, Seeker,
    };
    use crate::normalise::skills::SkillNormaliser;
    use crate::prepare::{PreparedPosting, PreparedSeeker, Vocabulary};
    use crate::profile::{PostingProfile, SeekerProfile};

    fn pair(s: &Seeker, p: &Posting) -> FeatureVector {
        let mut a = Analyzer::default();
        let pp = Arc::new(PostingProfile::build(p, &mut a));
        let sp = Arc::new(SeekerProfile::build(s, &mut a));
        let vocab = Vocabulary::build(std::iter::once(pp.terms.as_slice()));
        let n = SkillNormaliser::default();
        compute(
            &PreparedSeeker::new(sp, &vocab, &n),
            &PreparedPosting::new(pp, &vocab, &n),
            &MatchContext {
                as_of: crate::model::Date::from_ymd(2026, 11, 27).unwrap(),
            },
        )
    }

    #[test]
    fn codes_of_two_classifications_are_neutral_not_a_mismatch() {
        let mut s = Seeker::new("S");
        s.desired.occupations = vec!["6-18-02-04".into()];
        let mut esco = Posting::new("P", "welder");
        esco.occupation = Some("7212.1".into());
        assert_eq!(pair(&s, &esco).get(Feature::Occupation), NEUTRAL);
        let mut other = Posting::new("P", "收银员");
        other.occupation = Some("4-01-02-03".into());
        assert_eq!(pair(&s, &other).get(Feature::Occupation), 0.0);
        let mut same = Posting::new("P", "焊工");
        same.occupation = Some("6-18-02-04".into());
        assert_eq!(pair(&s, &same).get(Feature::Occupation), 1.0);
        // A seeker with codes in both systems is compared in the posting's.
        s.desired.occupations.push("7212".into());
        assert!(pair(&s, &esco).get(Feature::Occupation) > 0.4);
    }

    #[test]
    fn empty_records_give_neutral_values_everywhere_but_text() {
        let v = pair(&Seeker::new("S"), &Posting::new("P", "x"));
        for f in Feature::ALL {
            if f != Feature::Text {
                assert_eq!(v.get(f), NEUTRAL, "{f:?}");
            }
        }
        assert_eq!(v.get(Feature::Text), 0.0);
    }

    #[test]
    fn requirements_met_score_one_and_shortfalls_less() {
        let mut p = Posting::new("P", "x");
        p.education = Some(EducationLevel::Bachelor);
        p.experience_years = Some(4.0);
        p.employment_type = Some(EmploymentType::FullTime);
        p.salary = Some(Salary {
            min: Some(200.0),
            max: Some(250.0),
            period: PayPeriod::Day,
        });
        let mut s = Seeker::new("S");
        s.education = Some(EducationLevel::Master);
        s.experience_years = Some(5.0);
        s.desired.employment_types = vec![EmploymentType::FullTime];
        s.desired.salary_min = Some(crate::model::SalaryFloor {
            amount: 5000.0,
            period: PayPeriod::Month,
        });
        let v = pair(&s, &p);
        for f in [
            Feature::Education,
            Feature::Experience,
            Feature::EmploymentType,
            Feature::Salary,
        ] {
            assert_eq!(v.get(f), 1.0, "{f:?}");
        }
        s.education = Some(EducationLevel::Associate);
        s.experience_years = Some(1.0);
        s.desired.employment_types = vec![EmploymentType::Gig];
        s.desired.salary_min = Some(crate::model::SalaryFloor {
            amount: 40.0,
            period: PayPeriod::Hour,
        });
        let v = pair(&s, &p);
        assert!((v.get(Feature::Education) - 0.65).abs() < 1e-6);
        assert!((v.get(Feature::Experience) - 0.25).abs() < 1e-6);
        assert_eq!(v.get(Feature::EmploymentType), 0.0);
        // 250/day = 5437.5/month against 40/hour = 6960/month.
        assert!((v.get(Feature::Salary) - (5437.5f32 / 6960.0).powi(2)).abs() < 1e-4);
    }

    #[test]
    fn occupation_values_remembered_in_a_query_equal_fresh_ones() {
        let mut a = Analyzer::default();
        let mut s = Seeker::new("S");
        s.desired.occupations = vec!["6-18-02-04".into(), "7212".into()];
        s.experience = vec![crate::model::Experience {
            title: None,
            occupation: Some("4-01-02-03".into()),
            years: Some(2.0),
        }];
        let sp = Arc::new(SeekerProfile::build(&s, &mut a));
        // The same code given, inferred with two confidences, and others;
        // twice over, so that the second round reads the memo.
        let cases = [
            ("6-18-02-04", None),
            ("6-18-02-04", Some(0.6)),
            ("6-18-02-04", Some(0.9)),
            ("6-18-02-05", None),
            ("6-18-01-01", Some(0.6)),
            ("4-01-02-03", None),
            ("7212.1", None),
            ("", None),
        ];
        let profiles: Vec<Arc<PostingProfile>> = cases
            .iter()
            .map(|&(code, inferred)| {
                let mut p = Posting::new("P", "x");
                p.occupation = (!code.is_empty()).then(|| code.into());
                let mut profile = PostingProfile::build(&p, &mut a);
                profile.occupation_inferred = inferred;
                Arc::new(profile)
            })
            .collect();
        let vocab = Vocabulary::build(profiles.iter().map(|p| p.terms.as_slice()));
        let n = SkillNormaliser::default();
        let seeker = PreparedSeeker::new(sp, &vocab, &n);
        let ctx = MatchContext {
            as_of: crate::model::Date::from_ymd(2026, 11, 27).unwrap(),
        };
        let terms = TermBits::new(&seeker.text);
        let mut memo = OccupationMemo::default();
        for _ in 0..2 {
            for p in &profiles {
                let posting = PreparedPosting::new(p.clone(), &vocab, &n);
                let fresh = compute(&seeker, &posting, &ctx);
                let remembered = compute_for_query(&seeker, &terms, &mut memo, &posting, &ctx);
                for (x, y) in fresh.0.iter().zip(remembered.0) {
                    assert_eq!(x.to_bits(), y.to_bits());
                }
            }
        }
        // The inferred confidences gave different values, kept apart.
        let values: Vec<f32> = memo.entries.iter().map(|e| e.2).collect();
        assert_eq!(values.len(), cases.len() - 1);
        assert_ne!(values[0], values[1]);
        assert_ne!(values[1], values[2]);
    }

    #[test]
    fn occupation_credit_follows_the_deepest_shared_level() {
        let mut p = Posting::new("P", "x");
        p.occupation = Some("6-18-01-01".into());
        let mut s = Seeker::new("S");
        for (code, want) in [
            ("6-18-01-01", 1.0),
            ("6-18-01-09", 0.75),
            ("6-18-02", 0.5),
            ("6", 0.25),
            ("4-01", 0.0),
        ] {
            s.desired.occupations = vec![code.into()];
            assert!(
                (pair(&s, &p).get(Feature::Occupation) - want).abs() < 1e-6,
                "{code}"
            );
        }
        s.desired.occupations.clear();
        s.experience = vec![crate::model::Experience {
            title: None,
            occupation: Some("6-18-01-01".into()),
            years: Some(3.0),
        }];
        assert!((pair(&s, &p).get(Feature::Occupation) - 0.8).abs() < 1e-6);
    }

    #[test]
    fn location_levels_and_remote() {
        let loc = |code: &str| {
            Some(Location {
                code: Some(code.into()),
                ..Location::default()
            })
        };
        let mut p = Posting::new("P", "x");
        p.location = loc("220102001");
        let mut s = Seeker::new("S");
        for (code, want) in [
            ("220102001", 0.85),
            ("220102002", 0.7),
            ("220104", 0.5),
            ("2202", 0.25),
            ("11", 0.0),
        ] {
            s.location = loc(code);
            assert!(
                (pair(&s, &p).get(Feature::Location) - want).abs() < 1e-6,
                "{code}"
            );
        }
        p.remote = true;
        assert_eq!(pair(&s, &p).get(Feature::Location), 1.0);
        s.desired.remote = Some(false);
        assert_eq!(pair(&s, &p).get(Feature::Location), 0.0);
    }

    #[test]
    fn skills_partial_credit_and_levels() {
        let mut p = Posting::new("P", "x");
        p.skills = vec![
            crate::model::SkillItem {
                name: "Excel".into(),
                required: true,
                level: Some(4),
            },
            crate::model::SkillItem {
                name: "数控车床操作".into(),
                required: true,
                level: None,
            },
            crate::model::SkillItem {
                name: "英语".into(),
                required: false,
                level: None,
            },
        ];
        let mut s = Seeker::new("S");
        s.skills = vec![
            crate::model::SkillItem {
                name: "Microsoft  Excel".into(),
                required: true,
                level: Some(2),
            },
            crate::model::SkillItem {
                name: "数控车床".into(),
                required: true,
                level: None,
            },
        ];
        // excel: synonym, level 2 of 4 = 0.5; 数控车床 contained = 0.8; english missing (optional).
        let want = (0.5 + 0.8 + 0.0) / 2.5;
        assert!((pair(&s, &p).get(Feature::Skill) - want).abs() < 1e-6);
    }
}
