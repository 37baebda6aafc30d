//! Why a pair scored what it did.

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
    explain_values(
        seeker,
        posting,
        weights,
        features::compute(seeker, posting, ctx),
    )
}

/// [`explain`] with the pair's feature values already worked out (as
/// [`features::compute`] gives them).
pub(crate) fn explain_values(
    seeker: &PreparedSeeker,
    posting: &PreparedPosting,
    weights: &Weights,
    values: FeatureVector,
) -> Explanation {
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

/// Per-feature numbers written as one JSON object keyed by feature name, in
/// [`Feature::ALL`] order: `{"skill": 0.6, "text": 0.89, …}`. Read back from
/// such an object in any key order (kept as given).
///
/// ```
/// use jobmatch::features::Feature;
/// use jobmatch::score::FeatureValues;
///
/// let values = FeatureValues::of(&[0.5, 1.0, 0.25, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1.0]);
/// let json = serde_json::to_string(&values)?;
/// assert!(json.starts_with(r#"{"skill":0.5,"text":1.0,"location":0.25,"#));
/// let back: FeatureValues = serde_json::from_str(&json)?;
/// assert_eq!(back, values);
/// assert_eq!(back.get(Feature::Location), Some(0.25));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeatureValues(pub Vec<(Feature, f32)>);

impl FeatureValues {
    /// Every feature with its value, in [`Feature::ALL`] order.
    pub fn of(values: &[f32; FEATURE_COUNT]) -> FeatureValues {
        FeatureValues(
            Feature::ALL
                .iter()
                .copied()
                .zip(values.iter().copied())
                .collect(),
        )
    }

    /// The value of one feature, when present.
    pub fn get(&self, feature: Feature) -> Option<f32> {
        self.0.iter().find(|(f, _)| *f == feature).map(|&(_, v)| v)
    }
}

impl Serialize for FeatureValues {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (feature, value) in &self.0 {
            map.serialize_entry(feature.name(), value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for FeatureValues {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Values;
        impl<'de> Visitor<'de> for Values {
            type Value = FeatureValues;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object of feature names and numbers")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FeatureValues, A::Error> {
                let mut out = Vec::new();
                while let Some((feature, value)) = map.next_entry::<Feature, f32>()? {
                    out.push((feature, value));
                }
                Ok(FeatureValues(out))
            }
        }
        deserializer.deserialize_map(Values)
    }
}

/// An [`Explanation`] as the nightly push writes it: each feature's value
/// only (`features: {"skill": 0.6, …}`). The weights are the same for every
/// push of a run, so the run's `summary.json` carries them once; a feature's
/// contribution is its value times its weight. Everything else is the
/// explanation's own.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompactExplanation {
    /// The score in [0, 1].
    pub score: f32,
    /// Every feature's value in [0, 1], in [`Feature::ALL`] order (empty when
    /// the push was not personalised).
    pub features: FeatureValues,
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

impl From<Explanation> for CompactExplanation {
    fn from(e: Explanation) -> CompactExplanation {
        CompactExplanation {
            score: e.score,
            features: FeatureValues(e.features.iter().map(|c| (c.feature, c.value)).collect()),
            matched_skills: e.matched_skills,
            missing_skills: e.missing_skills,
            shared_occupation: e.shared_occupation,
            distance_km: e.distance_km,
            remote: e.remote,
            notes: e.notes,
        }
    }
}
