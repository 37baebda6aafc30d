//! Index-time inference: postings and past jobs without an occupation code get
//! the classifier's top code, marked as inferred with its confidence.

use super::Classifier;
use crate::model::{Posting, Seeker};
use crate::profile::{PostingProfile, SeekerProfile};

/// Gives a posting profile without an occupation the classifier's top code for
/// the posting's title and description, and records its confidence in
/// [`PostingProfile::occupation_inferred`]. A posting that has a code keeps it.
///
/// ```
/// use jobmatch::{analysis::Analyzer, model::Posting, profile::PostingProfile};
/// use jobmatch::classify::{Classifier, Shipped, infer_posting};
///
/// let classifier = Classifier::new(Shipped::Cn2022.load()?)?;
/// let posting = Posting::new("P1", "急招叉车司机 包吃住");
/// let mut profile = PostingProfile::build(&posting, &mut Analyzer::default());
/// infer_posting(&mut profile, &posting, &classifier);
/// assert_eq!(profile.occupation.as_deref(), Some("6-30-05-01"));
/// assert!(profile.occupation_inferred.is_some_and(|c| c > 0.5));
/// # Ok::<(), jobmatch::Error>(())
/// ```
pub fn infer_posting(profile: &mut PostingProfile, posting: &Posting, classifier: &Classifier) {
    if profile.occupation.is_some() {
        return;
    }
    if let Some(top) = classifier
        .classify(&posting.title, posting.description.as_deref())
        .into_iter()
        .next()
    {
        profile.occupation = Some(top.code);
        profile.occupation_inferred = Some(top.score);
    }
}

/// Gives each past job of a seeker that has a title and no occupation code the
/// classifier's top code for the title, appended to
/// [`SeekerProfile::past_occupations`] with its confidence in
/// [`SeekerProfile::past_occupation_confidence`] (given codes have confidence 1).
pub fn infer_seeker(profile: &mut SeekerProfile, seeker: &Seeker, classifier: &Classifier) {
    let mut confidence = vec![1.0f32; profile.past_occupations.len()];
    for e in &seeker.experience {
        let (None, Some(title)) = (&e.occupation, &e.title) else {
            continue;
        };
        if let Some(top) = classifier.classify(title, None).into_iter().next() {
            profile
                .past_occupations
                .push((top.code, e.years.unwrap_or(0.0)));
            confidence.push(top.score);
        }
    }
    if confidence.iter().any(|&c| c < 1.0) {
        profile.past_occupation_confidence = confidence;
    }
}
