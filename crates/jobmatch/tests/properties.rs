//! Property tests of the scorer and the retrieval path.
#![allow(clippy::unwrap_used)]

mod common;

use common::{as_of, corpus, engine_with};
use jobmatch::MatchOptions;
use jobmatch::model::SkillItem;
use proptest::prelude::*;

fn opts(k: usize) -> MatchOptions {
    MatchOptions::new(k, as_of())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Every score and every feature value is finite and in [0, 1].
    #[test]
    fn scores_are_finite_and_bounded((postings, seekers) in corpus(12, 4)) {
        let engine = engine_with(&postings, &seekers, 1000);
        let snap = engine.snapshot().unwrap();
        for s in &seekers {
            for m in snap.exhaustive_postings(&s.id, &opts(100)).unwrap() {
                prop_assert!(m.score.is_finite() && (0.0..=1.0).contains(&m.score));
                for f in &m.explanation.unwrap().features {
                    prop_assert!(f.value.is_finite() && (0.0..=1.0).contains(&f.value), "{:?}", f);
                }
            }
        }
    }

    /// With a pool that covers the corpus, the tantivy path returns exactly the
    /// exhaustive top-k (ids and scores), in both directions of filtering.
    #[test]
    fn index_path_equals_exhaustive_scoring((postings, seekers) in corpus(25, 5)) {
        let engine = engine_with(&postings, &seekers, 1000);
        let snap = engine.snapshot().unwrap();
        for s in &seekers {
            let fast = snap.recommend_postings(&s.id, &opts(10)).unwrap();
            let slow = snap.exhaustive_postings(&s.id, &opts(10)).unwrap();
            let f: Vec<(&str, f32)> = fast.iter().map(|m| (m.id.as_str(), m.score)).collect();
            let b: Vec<(&str, f32)> = slow.iter().map(|m| (m.id.as_str(), m.score)).collect();
            prop_assert_eq!(f, b);
        }
    }

    /// The batch order is the same on 1 and 2 threads.
    #[test]
    fn batch_is_thread_count_independent((postings, seekers) in corpus(20, 8)) {
        let engine = engine_with(&postings, &seekers, 8);
        let snap = engine.snapshot().unwrap();
        let run = |threads| {
            rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap()
                .install(|| snap.recommend_batch(None, &opts(5)).unwrap())
        };
        prop_assert_eq!(run(1), run(2));
    }

    /// Giving the seeker a skill that a posting requires never lowers that pair's score.
    #[test]
    fn adding_a_required_skill_never_lowers_the_score(
        (postings, seekers) in corpus(6, 1),
        which in 0usize..6,
        skill_pick in 0usize..4,
    ) {
        let p = &postings[which % postings.len()];
        prop_assume!(!p.skills.is_empty());
        let required = &p.skills[skill_pick % p.skills.len()];
        let before = pair_score(&postings, &seekers[0], &p.id);
        let mut richer = seekers[0].clone();
        richer.skills.push(SkillItem { name: required.name.clone(), required: true, level: required.level });
        let after = pair_score(&postings, &richer, &p.id);
        if let (Some(b), Some(a)) = (before, after) {
            prop_assert!(a >= b - 1e-6, "before {b}, after {a}");
        }
    }

    /// Moving the seeker closer to a posting never lowers the location feature.
    #[test]
    fn moving_closer_never_lowers_location((postings, seekers) in corpus(6, 1), t in 0.0f64..1.0) {
        let mut s = seekers[0].clone();
        let p = postings.iter().find(|p| p.location.as_ref().and_then(|l| l.coordinates()).is_some());
        prop_assume!(p.is_some());
        let p = p.unwrap();
        let (plat, plon) = p.location.as_ref().unwrap().coordinates().unwrap();
        let mut loc = s.location.clone().unwrap_or_default();
        let (lat0, lon0) = loc.coordinates().unwrap_or((plat + 1.0, plon + 1.0));
        loc.lat = Some(lat0);
        loc.lon = Some(lon0);
        s.location = Some(loc.clone());
        let far = location_value(&postings, &s, &p.id);
        loc.lat = Some(lat0 + (plat - lat0) * t);
        loc.lon = Some(lon0 + (plon - lon0) * t);
        s.location = Some(loc);
        let near = location_value(&postings, &s, &p.id);
        prop_assert!(near >= far - 1e-6, "far {far}, near {near}");
    }
}

/// The score of one pair, ignoring eligibility (None when not eligible).
fn pair_score(
    postings: &[jobmatch::model::Posting],
    s: &jobmatch::model::Seeker,
    id: &str,
) -> Option<f32> {
    let engine = engine_with(postings, std::slice::from_ref(s), 1000);
    let snap = engine.snapshot().unwrap();
    snap.exhaustive_postings(&s.id, &opts(1000))
        .unwrap()
        .into_iter()
        .find(|m| m.id == id)
        .map(|m| m.score)
}

fn location_value(
    postings: &[jobmatch::model::Posting],
    s: &jobmatch::model::Seeker,
    id: &str,
) -> f32 {
    use jobmatch::analysis::Analyzer;
    use jobmatch::profile::{PostingProfile, SeekerProfile};
    let mut a = Analyzer::default();
    let p = postings.iter().find(|p| p.id == id).unwrap();
    jobmatch::features::location_match(
        &SeekerProfile::build(s, &mut a),
        &PostingProfile::build(p, &mut a),
    )
    .score
}
