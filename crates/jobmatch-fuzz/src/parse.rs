//! Record and file parsers: postings, seekers, qrels, runs, taxonomy, aliases,
//! priority policy and weights.

use std::sync::OnceLock;

use jobmatch::analysis::Analyzer;
use jobmatch::classify::{Occupation, Taxonomy};
use jobmatch::load::{self, LoadMode, LoadOptions, LoadReport, Loaded};
use jobmatch::model::{Posting, Seeker};
use jobmatch::policy::Policy;
use jobmatch::profile::{PostingProfile, SeekerProfile};
use jobmatch::score::Weights;
use jobmatch::{Error, Result};
use jobmatch_eval::{Metric, MissingQueries, Qrels, Run, evaluate};

use crate::lossy;

/// Postings and seekers: every input is read as both, strict and lenient, with
/// the default record limit and with a small one.
///
/// Invariants: reading from memory never fails in lenient mode;
/// `read = accepted + rejected`; one reject per rejected record, one
/// replacement per replaced record; one record per distinct accepted id, ids
/// unique; strict mode succeeds exactly when lenient mode rejects nothing, with
/// the same report, and otherwise fails on the first reject's line and field.
pub fn records(data: &[u8]) {
    for max_record_bytes in [1 << 20, 64] {
        let lenient = LoadOptions {
            mode: LoadMode::Lenient,
            max_record_bytes,
        };
        let strict = LoadOptions {
            mode: LoadMode::Strict,
            ..lenient.clone()
        };
        check_load(
            load::parse_postings(data, "fuzz", &lenient),
            load::parse_postings(data, "fuzz", &strict),
            |p: &Posting| p.id.clone(),
        );
        check_load(
            load::parse_seekers(data, "fuzz", &lenient),
            load::parse_seekers(data, "fuzz", &strict),
            |s: &Seeker| s.id.clone(),
        );
    }
}

fn check_load<T>(lenient: Result<Loaded<T>>, strict: Result<Loaded<T>>, id: impl Fn(&T) -> String) {
    let lenient = match lenient {
        Ok(l) => l,
        Err(e) => panic!("lenient load from memory failed: {e}"),
    };
    let r: &LoadReport = &lenient.report;
    assert_eq!(
        r.read,
        r.accepted + r.rejected,
        "read != accepted + rejected"
    );
    assert_eq!(r.rejects.len() as u64, r.rejected);
    assert_eq!(r.replacements.len() as u64, r.replaced);
    assert!(r.replaced <= r.accepted);
    assert_eq!(lenient.records.len() as u64, r.accepted - r.replaced);
    let mut ids: Vec<String> = lenient.records.iter().map(&id).collect();
    assert!(
        ids.iter().all(|i| !i.is_empty() && i.len() <= 128),
        "id outside 1-128 bytes"
    );
    ids.sort();
    ids.dedup();
    assert_eq!(
        ids.len(),
        lenient.records.len(),
        "duplicate ids after upsert"
    );
    for reject in &r.rejects {
        assert!(reject.location.line >= 1);
        let _ = reject.to_string();
    }
    match (strict, r.rejects.first()) {
        (Ok(s), None) => assert_eq!(&s.report, r, "strict and lenient reports differ"),
        (Err(Error::InvalidRecord { location, .. }), Some(first)) => {
            assert_eq!(location, first.location, "strict stopped elsewhere");
        }
        (Ok(_), Some(_)) => panic!("strict load accepted what lenient rejected"),
        (Err(e), _) => panic!("strict load failed unexpectedly: {e}"),
    }
}

/// TREC qrels and runs: every input is read as both. A file that parses is
/// written back and must read back identical. When the input holds a line
/// `----`, the part before is read as qrels and the part after as a run, and
/// every metric over them must be finite and in [0, 1].
pub fn eval_files(data: &[u8]) {
    let text = lossy(data);
    let qrels = Qrels::parse_str(&text, "fuzz");
    let run = Run::parse_str(&text, "fuzz");
    if let Err(e) = &qrels {
        let _ = e.to_string();
    }
    if let Err(e) = &run {
        let _ = e.to_string();
    }
    if let Ok(q) = &qrels {
        let mut out = Vec::new();
        if q.write(&mut out).is_err() {
            panic!("writing qrels to memory failed");
        }
        let back = Qrels::parse_str(&String::from_utf8_lossy(&out), "back");
        assert_eq!(back.ok().as_ref(), Some(q), "qrels do not round-trip");
    }
    if let Ok(r) = &run {
        let mut out = Vec::new();
        if r.write(&mut out).is_err() {
            panic!("writing a run to memory failed");
        }
        let back = Run::parse_str(&String::from_utf8_lossy(&out), "back");
        assert_eq!(back.ok().as_ref(), Some(r), "run does not round-trip");
    }
    if let Some((q, r)) = text.split_once("\n----\n")
        && let (Ok(qrels), Ok(run)) = (Qrels::parse_str(q, "q"), Run::parse_str(r, "r"))
    {
        let metrics = [
            Metric::Ndcg(1),
            Metric::Ndcg(10),
            Metric::Precision(3),
            Metric::Recall(5),
            Metric::Mrr,
            Metric::Map,
        ];
        for missing in [MissingQueries::Skip, MissingQueries::CountAsZero] {
            let e = evaluate(&qrels, &run, &metrics, missing);
            assert_eq!(e.means.len(), metrics.len());
            for v in e
                .means
                .iter()
                .chain(e.per_query.values().flat_map(|q| q.values.iter()))
            {
                assert!(
                    v.is_finite() && (0.0..=1.0 + 1e-9).contains(v),
                    "metric {v} outside [0, 1]"
                );
            }
        }
    }
}

/// Configuration files: every input is read as an occupation taxonomy (JSON
/// Lines), as an alias list for a small taxonomy, as a priority policy and as
/// feature weights (TOML). A taxonomy that loads writes back to JSON Lines that
/// loads to the same codes; weights that load are finite, non-negative, not all
/// zero, normalise to sum 1 and round-trip through TOML exactly.
pub fn config_files(data: &[u8]) {
    let text = lossy(data);
    match Taxonomy::from_jsonl(data, "fuzz") {
        Ok(t) => {
            let codes: Vec<&str> = t.occupations().iter().map(|o| o.code.as_str()).collect();
            for code in &codes {
                assert!(t.get(code).is_some(), "taxonomy lost a code");
                let _ = t.is_group(code);
            }
            let Ok(jsonl) = t.to_jsonl() else {
                panic!("a loaded taxonomy failed to write");
            };
            let back = match Taxonomy::from_jsonl(jsonl.as_bytes(), "back") {
                Ok(b) => b,
                Err(e) => panic!("a written taxonomy failed to load: {e}"),
            };
            let back_codes: Vec<&str> =
                back.occupations().iter().map(|o| o.code.as_str()).collect();
            assert_eq!(codes, back_codes, "taxonomy codes do not round-trip");
            let _ = t.names_only();
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
    let mut small = Taxonomy::from_occupations(vec![
        occupation("6", "生产制造及有关人员", None),
        occupation("6-18", "机械制造基础加工人员", Some("6")),
        occupation("6-18-01-01", "车工", Some("6-18")),
        occupation("4-01-02-01", "营业员", None),
    ]);
    match small.add_aliases(&text, "fuzz") {
        Ok(n) => assert!(
            n <= text.split(['\n', ';', '；']).count(),
            "more aliases added than given"
        ),
        Err(e) => {
            let _ = e.to_string();
        }
    }
    match Policy::from_toml_str(&text, Some("fuzz")) {
        Ok(p) => {
            assert!(
                p.max_boost.is_finite() && p.max_boost >= 0.0,
                "max_boost {}",
                p.max_boost
            );
            assert!(
                p.max_boost <= jobmatch::policy::MAX_BOOST_LIMIT,
                "max_boost over the limit"
            );
            let _ = p.is_empty();
            let (seekers, postings) = policy_profiles();
            for s in seekers {
                for q in postings {
                    for score in [0.0, 0.5, 1.0] {
                        let effect = p.effect(s, q, score);
                        assert!(
                            (0.0..=p.max_boost).contains(&effect.boost),
                            "boost {} outside [0, max_boost]",
                            effect.boost
                        );
                    }
                    let _ = (p.allows(s, q), p.capacity_priority(s, q));
                }
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
    match Weights::from_toml_str(&text, Some("fuzz")) {
        Ok(w) => check_weights(&w),
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

fn check_weights(w: &Weights) {
    let values = w.values();
    assert!(
        values.iter().all(|x| x.is_finite() && *x >= 0.0),
        "weight not finite or negative"
    );
    assert!(values.iter().any(|&x| x > 0.0), "all weights zero");
    let n = w.normalised();
    let sum: f32 = n.iter().sum();
    assert!(n.iter().all(|x| x.is_finite() && (0.0..=1.0).contains(x)));
    assert!((sum - 1.0).abs() < 1e-4, "normalised weights sum to {sum}");
    match Weights::from_toml_str(&w.to_toml_string(), None) {
        Ok(back) => assert_eq!(back.values(), values, "weights do not round-trip"),
        Err(e) => panic!("written weights failed to load: {e}"),
    }
}

/// A few seeker and posting profiles with groups, codes and titles for policies to act on.
fn policy_profiles() -> &'static (Vec<SeekerProfile>, Vec<PostingProfile>) {
    static PROFILES: OnceLock<(Vec<SeekerProfile>, Vec<PostingProfile>)> = OnceLock::new();
    PROFILES.get_or_init(|| {
        let mut analyzer = Analyzer::default();
        let mut graduate = Seeker::new("S1");
        graduate.groups = vec!["graduate".into(), "veteran".into()];
        let mut other = Seeker::new("S2");
        other.groups = vec!["disabled".into()];
        let seekers = [graduate, other, Seeker::new("S3")]
            .iter()
            .map(|s| SeekerProfile::build(s, &mut analyzer))
            .collect();
        let mut turner = Posting::new("P1", "数控车工");
        turner.occupation = Some("6-18-01-01".into());
        turner.target_groups = vec!["graduate".into()];
        let mut guard = Posting::new("P2", "Security guard");
        guard.occupation = Some("4-07-05-01".into());
        guard.target_groups = vec!["veteran".into(), "disabled".into()];
        let postings = [turner, guard, Posting::new("P3", "")]
            .iter()
            .map(|p| PostingProfile::build(p, &mut analyzer))
            .collect();
        (seekers, postings)
    })
}

fn occupation(code: &str, name: &str, parent: Option<&str>) -> Occupation {
    Occupation {
        code: code.into(),
        name: name.into(),
        parent: parent.map(String::from),
        description: None,
        alt_names: Vec::new(),
        skills: Vec::new(),
        aliases: Vec::new(),
    }
}
