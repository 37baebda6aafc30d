//! Combining features into one score, and explaining it.

mod explain;
mod weights;

pub(crate) use explain::explain_values;
pub use explain::{
    CompactExplanation, Explanation, FeatureContribution, FeatureValues, SharedOccupation, explain,
};
pub use weights::Weights;

use crate::features::FeatureVector;

/// The weighted mean of the features: `Σ wᵢ·fᵢ / Σ wᵢ`, in [0, 1].
pub fn combine(weights: &Weights, features: &FeatureVector) -> f32 {
    let w = weights.normalised();
    let s: f32 = w.iter().zip(features.0.iter()).map(|(w, f)| w * f).sum();
    s.clamp(0.0, 1.0)
}
