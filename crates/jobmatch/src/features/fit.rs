//! Requirements the seeker meets or not, and the posting's age.

use super::NEUTRAL;
use crate::model::Date;
use crate::profile::{PostingProfile, SeekerProfile};

/// Score lost per education level below the requirement.
pub const EDUCATION_STEP: f32 = 0.35;
/// Days after which a posting's freshness has halved.
pub const FRESHNESS_HALF_LIFE_DAYS: f32 = 30.0;

/// 1 when the seeker's education meets the requirement, minus
/// `EDUCATION_STEP` per level short. [`NEUTRAL`] when either side is silent.
pub fn education_fit(s: &SeekerProfile, p: &PostingProfile) -> f32 {
    match (s.education, p.education) {
        (Some(has), Some(wants)) => {
            let short = f32::from(wants.rank().saturating_sub(has.rank()));
            (1.0 - EDUCATION_STEP * short).max(0.0)
        }
        _ => NEUTRAL,
    }
}

/// 1 when the seeker's years meet the requirement, else the ratio
/// `years / required`. [`NEUTRAL`] when either side is silent; 1 when nothing is
/// required.
pub fn experience_fit(s: &SeekerProfile, p: &PostingProfile) -> f32 {
    match (s.experience_years, p.experience_years) {
        (_, Some(req)) if req <= 0.0 => 1.0,
        (Some(has), Some(req)) => ((has / req) as f32).clamp(0.0, 1.0),
        _ => NEUTRAL,
    }
}

/// `0.5^(age / half-life)` for a posting published `age` days before `as_of`
/// (1 for a future or same-day date). [`NEUTRAL`] without `posted_at`.
pub fn freshness(p: &PostingProfile, as_of: Date) -> f32 {
    match p.posted_at {
        Some(posted) => freshness_of_age(i64::from(posted.days_until(as_of))),
        None => NEUTRAL,
    }
}

/// Ages (days) whose freshness is tabulated.
const TABULATED_AGES: usize = 1024;

/// `0.5^(max(age, 0) / half-life)`: the same expression as a table lookup for
/// the ages postings usually have (the scorer evaluates it for every document
/// the candidate query visits), computed for older ones.
pub(crate) fn freshness_of_age(age_days: i64) -> f32 {
    static TABLE: std::sync::LazyLock<Vec<f32>> =
        std::sync::LazyLock::new(|| (0..TABULATED_AGES).map(|age| decay(age as f32)).collect());
    fn decay(age: f32) -> f32 {
        0.5f32.powf(age / FRESHNESS_HALF_LIFE_DAYS)
    }
    let age = age_days.max(0);
    match usize::try_from(age) {
        Ok(i) if i < TABULATED_AGES => TABLE[i],
        _ => decay(age as f32),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabulated_freshness_equals_the_expression() {
        for age in -5i64..3000 {
            let direct = 0.5f32.powf(age.max(0) as f32 / FRESHNESS_HALF_LIFE_DAYS);
            assert_eq!(
                freshness_of_age(age).to_bits(),
                direct.to_bits(),
                "age {age}"
            );
        }
        assert_eq!(freshness_of_age(0), 1.0);
        assert_eq!(freshness_of_age(30), 0.5);
    }
}
