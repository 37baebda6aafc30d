//! Codes, text handling and the posting checks.

use std::sync::OnceLock;

use jobmatch::checks::{self, CheckMode, FlagKind, PostingChecks};
use jobmatch::classify::{Classifier, Shipped};
use jobmatch::load::{self, LoadOptions};
use jobmatch::model::{
    Date, DateTime, EducationLevel, EmploymentType, Location, PayPeriod, Posting, Salary,
};
use jobmatch::normalise::codes::{
    DIVISION_LEVELS, division_prefixes, division_within, occupation_depth, occupation_prefixes,
    shared_division_levels, shared_occupation_levels, significant_division_code,
};
use jobmatch::normalise::geo::{EARTH_RADIUS_KM, degree_span, haversine_km};
use jobmatch::normalise::skills::{SkillKey, SkillNormaliser};
use jobmatch::normalise::text::fold;

use crate::lossy;

/// The first three lines of the input (missing ones empty).
fn parts(text: &str) -> [&str; 3] {
    let mut it = text.splitn(3, '\n');
    [
        it.next().unwrap_or(""),
        it.next().unwrap_or(""),
        it.next().unwrap_or(""),
    ]
}

/// Whether the loader accepts `code` as an occupation code (mirrors
/// `load::fields::is_occupation_code`, which is private).
fn loader_occupation_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 64
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        && !code.starts_with(['-', '.'])
        && !code.ends_with(['-', '.'])
}

/// Levels shared by two prefix lists: the definition the fast functions follow.
fn shared_by_prefixes(a: &[&str], b: &[&str]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// Location and occupation codes, dates, enumerations, text folding, skill
/// keys, title cleaning, coordinates and the shipped title classifier, on the
/// first three lines of the input (`a`, `b`, `c`) and on numbers read from its
/// bytes.
///
/// Invariants: no function panics on any string; code prefixes are prefixes,
/// most general first, the code last; shared levels are symmetric, at most
/// each code's depth, and (for codes the loader accepts) equal to the prefix
/// definition; `division_within` agrees with the prefixes; parsed enumerations
/// round-trip through their names; folding is idempotent; skill similarity is
/// symmetric and in [0, 1]; distances are finite, non-negative and at most
/// half the Earth's circumference; classifier predictions are known codes with
/// scores in [0, 1], best first.
pub fn codes(data: &[u8]) {
    let text = lossy(data);
    let [a, b, c] = parts(&text);

    for code in [a, b, c] {
        let prefixes = occupation_prefixes(code);
        assert_eq!(prefixes.len(), occupation_depth(code));
        if !code.is_empty() {
            assert_eq!(
                prefixes.last(),
                Some(&code),
                "the code is not its own last prefix"
            );
        }
        assert!(
            prefixes
                .iter()
                .all(|p| code.starts_with(p) && !p.is_empty())
        );
        let divisions = division_prefixes(code);
        let significant = significant_division_code(code);
        assert!(code.starts_with(significant));
        assert!(divisions.len() <= DIVISION_LEVELS.len());
        for (p, n) in divisions.iter().zip(DIVISION_LEVELS) {
            assert_eq!(p.len(), n);
            assert!(code.starts_with(p));
        }
        assert_eq!(shared_division_levels(code, code), divisions.len());
    }
    let (sab, sba) = (
        shared_occupation_levels(a, b),
        shared_occupation_levels(b, a),
    );
    assert_eq!(sab, sba, "shared occupation levels not symmetric");
    assert!(sab <= occupation_depth(a).min(occupation_depth(b)));
    if loader_occupation_code(a) && loader_occupation_code(b) {
        assert_eq!(
            sab,
            shared_by_prefixes(&occupation_prefixes(a), &occupation_prefixes(b)),
            "shared occupation levels disagree with the prefixes"
        );
        assert_eq!(shared_occupation_levels(a, a), occupation_depth(a));
    }
    let dab = shared_division_levels(a, b);
    assert_eq!(
        dab,
        shared_division_levels(b, a),
        "shared division levels not symmetric"
    );
    assert_eq!(
        dab,
        shared_by_prefixes(&division_prefixes(a), &division_prefixes(b))
    );
    assert_eq!(
        division_within(a, b),
        DIVISION_LEVELS.contains(&significant_division_code(b).len())
            && division_prefixes(a).contains(&significant_division_code(b)),
        "division_within disagrees with the prefixes"
    );

    for s in [a, b, c] {
        let _ = (Date::parse(s), DateTime::parse(s));
        if let Some(e) = EducationLevel::parse(s) {
            assert_eq!(EducationLevel::parse(e.as_str()), Some(e));
        }
        if let Some(e) = EmploymentType::parse(s) {
            assert_eq!(EmploymentType::parse(e.as_str()), Some(e));
        }
        let _ = PayPeriod::parse(s).map(PayPeriod::per_month_factor);
        let _ = CheckMode::parse(s);
        if let Some(k) = FlagKind::parse(s) {
            assert_eq!(FlagKind::parse(k.as_str()), Some(k));
        }
        let folded = fold(s);
        assert_eq!(fold(&folded), folded, "fold is not idempotent");
        let _ = jobmatch::classify::text::clean_title(s);
        let _ = jobmatch::classify::text::match_key(s);
        let _ = jobmatch::classify::text::cjk_bigrams(s);
        let _ = (checks::normalised_title(s), checks::text_signature(s));
    }

    let normaliser = skill_normaliser();
    let (ka, kb) = (normaliser.key(a), normaliser.key(b));
    let (x, y) = (ka.similarity(&kb), kb.similarity(&ka));
    assert!(
        (0.0..=1.0).contains(&x),
        "skill similarity {x} outside [0, 1]"
    );
    assert_eq!(x, y, "skill similarity not symmetric");
    assert_eq!(SkillKey::new(c).similarity(&SkillKey::new(c)), 1.0);

    let numbers: Vec<f64> = data
        .chunks_exact(8)
        .take(5)
        .map(|w| f64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]))
        .collect();
    if let [lat1, lon1, lat2, lon2, km, ..] = numbers[..] {
        let valid =
            |lat: f64, lon: f64| (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon);
        if valid(lat1, lon1) && valid(lat2, lon2) {
            let d = haversine_km((lat1, lon1), (lat2, lon2));
            assert!(d.is_finite() && d >= 0.0, "distance {d}");
            assert!(
                d <= std::f64::consts::PI * EARTH_RADIUS_KM + 1e-6,
                "distance {d} too long"
            );
            let loc = Location {
                code: None,
                name: None,
                lat: Some(lat1),
                lon: Some(lon1),
            };
            assert_eq!(loc.coordinates(), Some((lat1, lon1)));
            if km.is_finite() && (0.0..=1e5).contains(&km) {
                let (dlat, dlon) = degree_span(lat1, km);
                assert!(dlat.is_finite() && dlat > 0.0);
                assert!(dlon.is_none_or(|x| x.is_finite() && x > 0.0 && x < 180.0));
            }
        }
        if lat1.is_finite() && lon1.is_finite() && 0.0 <= lat1 && lat1 <= lon1 {
            for period in [
                PayPeriod::Hour,
                PayPeriod::Day,
                PayPeriod::Month,
                PayPeriod::Year,
            ] {
                let salary = Salary {
                    min: Some(lat1),
                    max: Some(lon1),
                    period,
                };
                if let Some((lo, hi)) = salary.monthly_range() {
                    assert!(lo <= hi && lo >= 0.0, "monthly range ({lo}, {hi})");
                }
            }
        }
    }

    let classifier = classifier();
    let predictions = classifier.classify(a, (!b.is_empty()).then_some(b));
    for w in predictions.windows(2) {
        assert!(w[0].score >= w[1].score, "predictions not best first");
    }
    for p in &predictions {
        assert!(
            p.score.is_finite() && (0.0..=1.0).contains(&p.score),
            "prediction score {}",
            p.score
        );
        assert!(
            classifier.taxonomy().get(&p.code).is_some(),
            "predicted an unknown code"
        );
    }
}

fn skill_normaliser() -> &'static SkillNormaliser {
    static N: OnceLock<SkillNormaliser> = OnceLock::new();
    N.get_or_init(SkillNormaliser::default)
}

/// The shipped Chinese classifier, built once per process.
fn classifier() -> &'static Classifier {
    static C: OnceLock<Classifier> = OnceLock::new();
    C.get_or_init(|| match Shipped::Cn2022.load().and_then(Classifier::new) {
        Ok(c) => c,
        Err(e) => panic!("the shipped taxonomy must load: {e}"),
    })
}

/// A reference set for pay ranges: the first 300 sample postings.
fn reference_postings() -> &'static [Posting] {
    static R: OnceLock<Vec<Posting>> = OnceLock::new();
    R.get_or_init(|| crate::engine::sample_postings(300))
}

/// The posting checks. The input is read as postings (lenient) and checked as a
/// set against a fixed reference, in both modes; its first two lines also
/// become the title and description of one more posting, so text that is not
/// JSON still reaches the phrase checks.
///
/// Invariants: one report entry at most per posting, in id order, for known
/// ids; `withheld <= flagged <= checked`; nothing is withheld in
/// `CheckMode::FlagOnly`; a posting that one check blocks is reported withheld
/// in `CheckMode::Withhold`.
pub fn checks(data: &[u8]) {
    let Ok(loaded) = load::parse_postings(data, "fuzz", &LoadOptions::lenient()) else {
        panic!("lenient load from memory failed");
    };
    let mut postings = loaded.records;
    postings.truncate(64);
    let text = lossy(data);
    let [a, b, _] = parts(&text);
    let mut extra = Posting::new("~fuzz-text", a);
    extra.description = Some(b.to_string());
    postings.push(extra);

    for p in &postings {
        let mut c = PostingChecks::of(p);
        c.finish(CheckMode::default());
        let _ = (c.blocks(), c.kinds());
    }
    for mode in [CheckMode::Withhold, CheckMode::FlagOnly, CheckMode::Off] {
        let report = checks::check_postings(&postings, reference_postings(), mode);
        assert_eq!(report.checked, postings.len());
        assert!(report.withheld <= report.flagged && report.flagged <= report.checked);
        assert!(report.postings.len() <= postings.len());
        assert!(
            report.postings.windows(2).all(|w| w[0].id < w[1].id),
            "report not in id order"
        );
        assert!(
            report
                .postings
                .iter()
                .all(|r| postings.iter().any(|p| p.id == r.id)),
            "report names an unknown posting"
        );
        for (_, n) in &report.by_kind {
            assert!(*n <= report.flagged);
        }
        for r in &report.postings {
            assert!(
                !r.withheld || mode == CheckMode::Withhold,
                "withheld in mode {mode:?}"
            );
        }
        if mode != CheckMode::Withhold {
            assert_eq!(report.withheld, 0);
        }
    }
}
