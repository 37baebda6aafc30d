//! Combining features into one score, and explaining it.

mod explain;
mod weights;

pub use explain::{Explanation, FeatureContribution, SharedOccupation, explain};
pub use weights::Weights;

use crate::features::{FEATURE_COUNT, FeatureVector};

/// The weighted mean of the features: `Σ wᵢ·fᵢ / Σ wᵢ`, in [0, 1].
pub fn combine(weights: &Weights, features: &FeatureVector) -> f32 {
    let w = weights.normalised();
    let mut s = 0.0f32;
    for i in 0..FEATURE_COUNT {
        s += w[i] * features.0[i];
    }
    s.clamp(0.0, 1.0)
}
