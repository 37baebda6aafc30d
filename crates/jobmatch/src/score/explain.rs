//! Why a pair scored what it did.

use serde::Serialize;

use super::Weights;
use crate::features::{self, FEATURE_COUNT, Feature, FeatureVector, MatchContext};
use crate::prepare::{PreparedPosting, PreparedSeeker};

/// One feature's part in a score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeatureContribution {
    /// The feature.
    pub feature: Feature,
    /// Its value in [0, 1].
    pub value: f32,
    /// Its normalised weight (weights sum to 1).
    pub weight: f32,
    /// `value × weight`: its share of the score.
    pub contribution: f32,
}

/// The occupation level the two sides share.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SharedOccupation {
    /// The seeker's code that matched best.
    pub seeker_code: String,
    /// The posting's code.
    pub posting_code: String,
    /// Number of hierarchy levels shared.
    pub levels: usize,
}

/// A score and its reasons: every feature's value and contribution, matched
/// and missing skills, the shared occupation level and the distance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The score in [0, 1].
    pub score: f32,
    /// One entry per feature, in [`Feature::ALL`] order.
    pub features: Vec<FeatureContribution>,
    /// Posting skills the seeker has, with the credit given (1 full, less partial).
    pub matched_skills: Vec<(String, f32)>,
    /// Required posting skills the seeker lacks.
    pub missing_skills: Vec<String>,
    /// Shared occupation level, when any.
    pub shared_occupation: Option<SharedOccupation>,
    /// Great-circle distance in km, when both sides have coordinates.
    pub distance_km: Option<f64>,
    /// The posting is remote and the seeker accepts remote work.
    pub remote: bool,
    /// Notes added by later stages (capacity, priority policy), in order.
    pub notes: Vec<String>,
}

impl Explanation {
    /// The features that contributed most, largest first (ties by feature order).
    pub fn top_reasons(&self, n: usize) -> Vec<&FeatureContribution> {
        let mut v: Vec<&FeatureContribution> =
            self.features.iter().filter(|c| c.weight > 0.0).collect();
        v.sort_by(|a, b| b.contribution.total_cmp(&a.contribution));
        v.truncate(n);
        v
    }
}

/// Explains one pair.
pub fn explain(
    seeker: &PreparedSeeker,
    posting: &PreparedPosting,
    ctx: &MatchContext,
    weights: &Weights,
) -> Explanation {
    let values: FeatureVector = features::compute(seeker, posting, ctx);
    let w = weights.normalised();
    let contributions: Vec<FeatureContribution> = (0..FEATURE_COUNT)
        .map(|i| FeatureContribution {
            feature: Feature::ALL[i],
            value: values.0[i],
            weight: w[i],
            contribution: values.0[i] * w[i],
        })
        .collect();
    let skills = features::skill_match(&seeker.skills, &posting.skills, true);
    let location = features::location_match(&seeker.profile, &posting.profile);
    let (_, occ) = features::occupation_fit(&seeker.profile, &posting.profile);
    Explanation {
        score: super::combine(weights, &values),
        features: contributions,
        matched_skills: skills.matched,
        missing_skills: skills.missing,
        shared_occupation: occ.and_then(|(code, levels)| {
            Some(SharedOccupation {
                seeker_code: code,
                posting_code: posting.profile.occupation.clone()?,
                levels,
            })
        }),
        distance_km: location.distance_km.map(|d| (d * 10.0).round() / 10.0),
        remote: location.remote,
        notes: Vec::new(),
    }
}
