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
//! | `text` | share of the posting's TF-IDF text weight whose terms the seeker's text has | either side has no text |
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
mod skill;

use serde::{Deserialize, Serialize};

use crate::model::Date;
use crate::prepare::{PreparedPosting, PreparedSeeker};

pub use fit::{education_fit, experience_fit, freshness};
pub use intent::{employment_type_fit, occupation_fit, salary_fit, title_fit};
pub use location::{LocationMatch, location_match};
pub use skill::{SkillMatch, skill_match};

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
    let s = &seeker.profile;
    let p = &posting.profile;
    let text = if !seeker.text.any || posting.text.is_empty() {
        NEUTRAL
    } else {
        posting.text.covered_by(&seeker.text)
    };
    let mut v = [0.0f32; FEATURE_COUNT];
    v[Feature::Skill.index()] = skill_match(&seeker.skills, &posting.skills, false).score;
    v[Feature::Text.index()] = text;
    v[Feature::Location.index()] = location_match(s, p).score;
    v[Feature::Occupation.index()] = occupation_fit(s, p).0;
    v[Feature::Title.index()] = title_fit(&seeker.titles, &posting.title_tokens);
    v[Feature::EmploymentType.index()] = employment_type_fit(s, p);
    v[Feature::Salary.index()] = salary_fit(s, p);
    v[Feature::Education.index()] = education_fit(s, p);
    v[Feature::Experience.index()] = experience_fit(s, p);
    v[Feature::Freshness.index()] = freshness(p, ctx.as_of);
    for x in &mut v {
        if !x.is_finite() {
            *x = NEUTRAL;
        }
        *x = x.clamp(0.0, 1.0);
    }
    FeatureVector(v)
}
