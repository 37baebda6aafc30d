//! Index-time inference: postings and past jobs without an occupation code get
//! the classifier's top code, marked as inferred with its confidence.

use std::sync::{Arc, OnceLock};

use super::{Classifier, Shipped};
use crate::model::{Posting, Seeker};
use crate::profile::{PostingProfile, SeekerProfile};

/// How postings and past jobs without an occupation code get one at index time
/// (set with [`EngineBuilder::inference`](crate::EngineBuilder::inference)).
#[derive(Debug, Clone, Default)]
pub enum Inference {
    /// No inference: records without a code keep none.
    Off,
    /// The default: each title is classified in the shipped taxonomy of its
    /// script. A title with Chinese characters goes to China's classification
    /// ([`Shipped::Cn2022`], with employer aliases); a title in Latin letters
    /// goes to ESCO in English ([`Shipped::Esco`]); a title with neither gets no
    /// code. A code of one system is never compared with a code of the other
    /// (see [`crate::normalise::codes::comparable_occupation_codes`]), so an
    /// English posting's ESCO code meets ESCO-coded seekers and is neutral for
    /// the rest. Each taxonomy is built once per process, on first use.
    #[default]
    ShippedByScript,
    /// One classifier for every title, e.g. over the service's own taxonomy.
    With(Arc<Classifier>),
}

impl Inference {
    /// The classifier that handles `title`, if any.
    ///
    /// ```
    /// use jobmatch::classify::Inference;
    /// let inference = Inference::default();
    /// let zh = inference.classifier_for("急招叉车司机").unwrap();
    /// assert_eq!(zh.classify("急招叉车司机", None)[0].code, "6-30-05-01");
    /// let en = inference.classifier_for("Forklift driver").unwrap();
    /// assert!(en.classify("Forklift driver", None)[0].code.contains('.'));
    /// assert!(inference.classifier_for("1234 !!").is_none());
    /// assert!(Inference::Off.classifier_for("叉车司机").is_none());
    /// ```
    pub fn classifier_for(&self, title: &str) -> Option<&Classifier> {
        match self {
            Inference::Off => None,
            Inference::With(c) => Some(c),
            Inference::ShippedByScript => {
                if title.chars().any(is_han) {
                    shipped(Shipped::Cn2022)
                } else if title.chars().any(|c| c.is_ascii_alphabetic()) {
                    shipped(Shipped::Esco)
                } else {
                    None
                }
            }
        }
    }

    /// Whether any inference happens.
    pub fn is_off(&self) -> bool {
        matches!(self, Inference::Off)
    }
}

/// CJK unified ideographs (the basic block and extension A) and compatibility
/// ideographs.
fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// The process-wide classifier over a shipped taxonomy (`None`, logged once, if
/// it cannot be built, which would be a packaging fault, not bad input).
fn shipped(which: Shipped) -> Option<&'static Classifier> {
    static CN: OnceLock<Option<Classifier>> = OnceLock::new();
    static ESCO: OnceLock<Option<Classifier>> = OnceLock::new();
    let cell = match which {
        Shipped::Esco => &ESCO,
        _ => &CN,
    };
    cell.get_or_init(|| {
        let built = which.load().and_then(Classifier::new);
        match built {
            Ok(c) => Some(c),
            Err(e) => {
                tracing::error!(error = %e, "shipped occupation taxonomy could not be built; inference is off for it");
                None
            }
        }
    })
    .as_ref()
}

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
/// [`SeekerProfile::past_occupation_confidence`] (given codes have confidence 1);
/// and a seeker who names desired titles but no desired occupation gets the
/// top code of each title in [`SeekerProfile::desired_occupations`], with its
/// confidence in [`SeekerProfile::desired_occupation_confidence`].
pub fn infer_seeker(profile: &mut SeekerProfile, seeker: &Seeker, classifier: &Classifier) {
    infer_seeker_by(profile, seeker, |_| Some(classifier));
}

/// [`infer_posting`] with the classifier that `inference` picks for the title.
pub fn infer_posting_with(profile: &mut PostingProfile, posting: &Posting, inference: &Inference) {
    if profile.occupation.is_none()
        && let Some(classifier) = inference.classifier_for(&posting.title)
    {
        infer_posting(profile, posting, classifier);
    }
}

/// [`infer_seeker`] with the classifier that `inference` picks for each title.
pub fn infer_seeker_with(profile: &mut SeekerProfile, seeker: &Seeker, inference: &Inference) {
    if !inference.is_off() {
        infer_seeker_by(profile, seeker, |title| inference.classifier_for(title));
    }
}

fn infer_seeker_by<'c>(
    profile: &mut SeekerProfile,
    seeker: &Seeker,
    classifier_for: impl Fn(&str) -> Option<&'c Classifier>,
) {
    let mut confidence = vec![1.0f32; profile.past_occupations.len()];
    for e in &seeker.experience {
        let (None, Some(title)) = (&e.occupation, &e.title) else {
            continue;
        };
        let Some(classifier) = classifier_for(title) else {
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
    if profile.desired_occupations.is_empty() {
        for title in &seeker.desired.titles {
            let Some(classifier) = classifier_for(title) else {
                continue;
            };
            if let Some(top) = classifier.classify(title, None).into_iter().next()
                && !profile.desired_occupations.contains(&top.code)
            {
                profile.desired_occupations.push(top.code);
                profile.desired_occupation_confidence.push(top.score);
            }
        }
    }
}
