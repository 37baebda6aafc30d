//! Skill coverage.

use serde::Serialize;

use super::NEUTRAL;
use crate::prepare::PreparedSkill;

/// Weight of an optional skill relative to a required one.
pub const OPTIONAL_WEIGHT: f32 = 0.5;

/// The skill feature and, on request, which skills matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillMatch {
    /// Coverage in [0, 1].
    pub score: f32,
    /// Posting skills the seeker has (fully or partly), with the credit given.
    pub matched: Vec<(String, f32)>,
    /// Required posting skills the seeker lacks.
    pub missing: Vec<String>,
}

fn level_factor(wanted: Option<u8>, has: Option<u8>) -> f32 {
    match (wanted, has) {
        (Some(w), Some(h)) if w > 0 => (f32::from(h) / f32::from(w)).min(1.0),
        _ => 1.0,
    }
}

/// Coverage of the posting's skills by the seeker's:
/// `(Σ_required best + 0.5·Σ_optional best) / (n_required + 0.5·n_optional)`, where
/// `best` is the highest similarity of that skill to any of the seeker's skills,
/// scaled down when the seeker's level is below the level asked for. Adding a
/// skill to the seeker can only raise it. [`NEUTRAL`] when the posting lists no
/// skill. With `details`, fills `matched` and `missing`.
pub fn skill_match(
    seeker: &[PreparedSkill],
    posting: &[PreparedSkill],
    details: bool,
) -> SkillMatch {
    if posting.is_empty() {
        return SkillMatch {
            score: NEUTRAL,
            matched: Vec::new(),
            missing: Vec::new(),
        };
    }
    let mut got = 0.0f32;
    let mut total = 0.0f32;
    let mut matched = Vec::new();
    let mut missing = Vec::new();
    for want in posting {
        let weight = if want.required { 1.0 } else { OPTIONAL_WEIGHT };
        let best = seeker
            .iter()
            .map(|has| want.key.similarity(&has.key) * level_factor(want.level, has.level))
            .fold(0.0f32, f32::max);
        got += weight * best;
        total += weight;
        if details {
            if best > 0.0 {
                matched.push((want.key.name.to_string(), best));
            } else if want.required {
                missing.push(want.key.name.to_string());
            }
        }
    }
    SkillMatch {
        score: if total > 0.0 {
            (got / total).clamp(0.0, 1.0)
        } else {
            NEUTRAL
        },
        matched,
        missing,
    }
}
