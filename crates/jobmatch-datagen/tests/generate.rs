//! End-to-end tests of the generator: determinism, spec conformance, qrels integrity.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::Path;

use jobmatch_datagen::{GenConfig, OUTPUT_FILES, generate};
use proptest::prelude::*;
use serde_json::{Map, Value};

const EMP: [&str; 6] = [
    "full_time",
    "part_time",
    "gig",
    "internship",
    "flexible",
    "shared",
];
const EDU: [&str; 9] = [
    "none",
    "primary",
    "junior_secondary",
    "senior_secondary",
    "vocational",
    "associate",
    "bachelor",
    "master",
    "doctorate",
];
const GROUPS: [&str; 8] = [
    "graduate",
    "migrant_worker",
    "hard_to_employ",
    "veteran",
    "poverty_alleviated",
    "disabled",
    "zero_employment_family",
    "flexible_worker",
];
const PERIODS: [&str; 5] = ["hour", "day", "month", "year", "piece"];

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

fn lines(dir: &Path, name: &str) -> Vec<Map<String, Value>> {
    read(dir, name)
        .lines()
        .map(|l| match serde_json::from_str::<Value>(l).unwrap() {
            Value::Object(m) => m,
            other => panic!("{name}: not an object: {other}"),
        })
        .collect()
}

fn check_keys(m: &Map<String, Value>, allowed: &[&str], what: &str) {
    for k in m.keys() {
        assert!(
            allowed.contains(&k.as_str()),
            "{what}: unexpected field {k}"
        );
    }
}

fn is_date(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() && s.len() == 10
}

fn is_datetime(s: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(s).is_ok() && s.ends_with("+08:00")
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn string_in(v: &Value, set: &[&str], what: &str) {
    let s = v.as_str().unwrap_or_else(|| panic!("{what}: not a string"));
    assert!(set.contains(&s), "{what}: {s} not allowed");
}

fn check_location(v: &Value) {
    let m = v.as_object().unwrap();
    check_keys(m, &["code", "name", "lat", "lon"], "location");
    if let Some(c) = m.get("code") {
        let c = c.as_str().unwrap();
        assert!(
            c.chars().all(|x| x.is_ascii_digit()) && [4, 6, 9].contains(&c.len()),
            "code {c}"
        );
    }
    if let Some(n) = m.get("name") {
        assert!(!n.as_str().unwrap().is_empty());
    }
    if let Some(lat) = m.get("lat") {
        let (lat, lon) = (num(lat), num(&m["lon"]));
        assert!((3.0..54.0).contains(&lat) && (73.0..136.0).contains(&lon));
        if m.get("code")
            .and_then(Value::as_str)
            .is_some_and(|c| c.starts_with("22"))
        {
            // Jilin: 40.8-46.3 N, 121.6-131.3 E, plus the jitter.
            assert!(
                (40.4..46.7).contains(&lat) && (121.2..131.6).contains(&lon),
                "{lat} {lon}"
            );
        }
    }
}

fn check_skills(v: &Value, posting: bool) {
    let a = v.as_array().unwrap();
    assert!(!a.is_empty());
    for s in a {
        match s {
            Value::String(x) => assert!(!x.trim().is_empty()),
            Value::Object(m) => {
                check_keys(m, &["name", "required", "level"], "skill");
                assert!(!m["name"].as_str().unwrap().trim().is_empty());
                if let Some(r) = m.get("required") {
                    assert!(posting && r.is_boolean());
                }
                if let Some(l) = m.get("level") {
                    let l = l.as_u64().unwrap();
                    assert!((1..=5).contains(&l));
                }
            }
            other => panic!("bad skill {other}"),
        }
    }
}

fn check_windows(v: &Value) {
    for w in v.as_array().unwrap() {
        let m = w.as_object().unwrap();
        check_keys(m, &["start", "end"], "window");
        let (s, e) = (m["start"].as_str().unwrap(), m["end"].as_str().unwrap());
        assert!(is_datetime(s) && is_datetime(e), "{s} {e}");
        assert!(
            chrono::DateTime::parse_from_rfc3339(s).unwrap()
                < chrono::DateTime::parse_from_rfc3339(e).unwrap()
        );
    }
}

fn check_groups(v: &Value) {
    for g in v.as_array().unwrap() {
        string_in(g, &GROUPS, "group");
    }
}

fn check_posting(m: &Map<String, Value>) {
    check_keys(
        m,
        &[
            "id",
            "title",
            "description",
            "occupation",
            "skills",
            "employer",
            "location",
            "remote",
            "employment_type",
            "salary",
            "education",
            "experience_years",
            "openings",
            "posted_at",
            "expires_at",
            "shifts",
            "target_groups",
        ],
        "posting",
    );
    let id = m["id"].as_str().unwrap();
    assert!(id.len() == 7 && id.starts_with('P'));
    assert!(!m["title"].as_str().unwrap().trim().is_empty());
    if let Some(d) = m.get("description") {
        assert!(!d.as_str().unwrap().is_empty());
    }
    if let Some(o) = m.get("occupation") {
        let o = o.as_str().unwrap();
        assert!(
            o.chars()
                .all(|c| c.is_ascii_digit() || c == '-' || c == '.'),
            "{o}"
        );
    }
    if let Some(s) = m.get("skills") {
        check_skills(s, true);
    }
    if let Some(l) = m.get("location") {
        check_location(l);
    }
    if let Some(r) = m.get("remote") {
        assert!(r.is_boolean());
    }
    if let Some(e) = m.get("employment_type") {
        string_in(e, &EMP, "employment_type");
    }
    if let Some(s) = m.get("salary") {
        let s = s.as_object().unwrap();
        check_keys(s, &["min", "max", "period"], "salary");
        assert!(num(&s["min"]) > 0.0 && num(&s["min"]) <= num(&s["max"]));
        string_in(&s["period"], &PERIODS, "period");
    }
    if let Some(e) = m.get("education") {
        string_in(e, &EDU, "education");
    }
    if let Some(x) = m.get("experience_years") {
        assert!(num(x) >= 0.0);
    }
    if let Some(o) = m.get("openings") {
        assert!(o.as_u64().unwrap() >= 1);
    }
    for k in ["posted_at", "expires_at"] {
        if let Some(d) = m.get(k) {
            assert!(is_date(d.as_str().unwrap()));
        }
    }
    if let (Some(p), Some(e)) = (m.get("posted_at"), m.get("expires_at")) {
        assert!(p.as_str().unwrap() < e.as_str().unwrap());
    }
    if let Some(s) = m.get("shifts") {
        check_windows(s);
        assert_eq!(
            m.get("employment_type")
                .and_then(Value::as_str)
                .unwrap_or("gig"),
            "gig"
        );
    }
    if let Some(g) = m.get("target_groups") {
        check_groups(g);
    }
}

fn check_seeker(m: &Map<String, Value>) {
    check_keys(
        m,
        &[
            "id",
            "name",
            "phone",
            "gender",
            "birth_date",
            "summary",
            "skills",
            "experience",
            "desired",
            "location",
            "education",
            "experience_years",
            "groups",
            "availability",
        ],
        "seeker",
    );
    let id = m["id"].as_str().unwrap();
    assert!(id.len() == 8 && id.starts_with('S'));
    if let Some(n) = m.get("name") {
        assert!(
            n.as_str().unwrap().starts_with("测试人员"),
            "personal name must be fake"
        );
    }
    if let Some(p) = m.get("phone") {
        assert!(
            p.as_str().unwrap().starts_with("1380000"),
            "phone must be fake"
        );
    }
    if let Some(s) = m.get("skills") {
        check_skills(s, false);
    }
    if let Some(x) = m.get("experience") {
        for e in x.as_array().unwrap() {
            let e = e.as_object().unwrap();
            check_keys(e, &["title", "occupation", "years"], "experience");
            if let Some(y) = e.get("years") {
                assert!(num(y) >= 0.0);
            }
        }
    }
    if let Some(d) = m.get("desired") {
        let d = d.as_object().unwrap();
        assert!(!d.is_empty());
        check_keys(
            d,
            &[
                "occupations",
                "titles",
                "employment_types",
                "salary_min",
                "regions",
                "max_commute_km",
                "remote",
            ],
            "desired",
        );
        for k in ["occupations", "titles", "regions"] {
            if let Some(a) = d.get(k) {
                assert!(
                    a.as_array()
                        .unwrap()
                        .iter()
                        .all(|x| !x.as_str().unwrap().is_empty())
                );
            }
        }
        if let Some(a) = d.get("employment_types") {
            a.as_array()
                .unwrap()
                .iter()
                .for_each(|x| string_in(x, &EMP, "employment_types"));
        }
        if let Some(s) = d.get("salary_min") {
            let s = s.as_object().unwrap();
            check_keys(s, &["amount", "period"], "salary_min");
            assert!(num(&s["amount"]) > 0.0);
            string_in(&s["period"], &PERIODS, "period");
        }
        if let Some(k) = d.get("max_commute_km") {
            assert!(num(k) > 0.0);
        }
        if let Some(r) = d.get("remote") {
            assert!(r.is_boolean());
        }
    }
    if let Some(l) = m.get("location") {
        check_location(l);
    }
    if let Some(e) = m.get("education") {
        string_in(e, &EDU, "education");
    }
    if let Some(x) = m.get("experience_years") {
        assert!(num(x) >= 0.0);
    }
    if let Some(g) = m.get("groups") {
        check_groups(g);
    }
    if let Some(a) = m.get("availability") {
        check_windows(a);
    }
}

fn check_training(m: &Map<String, Value>) {
    check_keys(
        m,
        &[
            "id",
            "name",
            "skills",
            "location",
            "duration_days",
            "cost",
            "subsidised",
        ],
        "training",
    );
    assert!(m["id"].as_str().unwrap().starts_with('T'));
    assert!(!m["name"].as_str().unwrap().is_empty());
    assert!(!m["skills"].as_array().unwrap().is_empty());
    check_location(&m["location"]);
    assert!(m["duration_days"].as_u64().unwrap() >= 1);
    assert!(num(&m["cost"]) >= 0.0);
    assert!(m["subsidised"].is_boolean());
}

/// Checks qrels syntax and that every id exists; returns the judged pairs.
fn check_qrels(
    dir: &Path,
    name: &str,
    queries: &BTreeSet<String>,
    docs: &BTreeSet<String>,
) -> usize {
    let text = read(dir, name);
    let mut seen = BTreeSet::new();
    for l in text.lines() {
        let f: Vec<&str> = l.split(' ').collect();
        assert_eq!(f.len(), 4, "{name}: {l}");
        assert!(queries.contains(f[0]), "{name}: unknown query {}", f[0]);
        assert_eq!(f[1], "0");
        assert!(docs.contains(f[2]), "{name}: unknown doc {}", f[2]);
        let g: u8 = f[3].parse().unwrap();
        assert!(g <= 3);
        assert!(
            seen.insert((f[0].to_string(), f[2].to_string())),
            "{name}: duplicate {l}"
        );
    }
    seen.len()
}

fn ids(recs: &[Map<String, Value>]) -> BTreeSet<String> {
    recs.iter()
        .map(|m| m["id"].as_str().unwrap().to_string())
        .collect()
}

fn check_all(dir: &Path, cfg: &GenConfig) {
    let postings = lines(dir, "postings.jsonl");
    let seekers = lines(dir, "seekers.jsonl");
    let trainings = lines(dir, "trainings.jsonl");
    assert_eq!(postings.len(), cfg.postings);
    assert_eq!(seekers.len(), cfg.seekers);
    assert_eq!(trainings.len(), cfg.trainings);
    postings.iter().for_each(check_posting);
    seekers.iter().for_each(check_seeker);
    trainings.iter().for_each(check_training);
    let (p, s) = (ids(&postings), ids(&seekers));
    assert_eq!(p.len(), cfg.postings, "posting ids unique");
    assert_eq!(s.len(), cfg.seekers, "seeker ids unique");
    check_qrels(dir, "qrels-postings.txt", &s, &p);
    check_qrels(dir, "qrels-seekers.txt", &p, &s);
    let stats: Value = serde_json::from_str(&read(dir, "stats.json")).unwrap();
    assert_eq!(
        stats["postings"]["count"].as_u64(),
        Some(cfg.postings as u64)
    );
    // Nothing but the outputs is left behind (no temporary files).
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = OUTPUT_FILES.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(names, expected);
}

#[test]
fn records_conform_to_the_spec() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = GenConfig::new(600, 900, 11);
    let stats = generate(&cfg, dir.path()).unwrap();
    check_all(dir.path(), &cfg);
    assert!(stats.qrels_postings > 0 && stats.qrels_seekers > 0);
    // Every grade occurs in both directions.
    for name in ["qrels-postings.txt", "qrels-seekers.txt"] {
        let text = read(dir.path(), name);
        for g in ["0", "1", "2", "3"] {
            assert!(
                text.lines().any(|l| l.ends_with(&format!(" {g}"))),
                "{name} lacks grade {g}"
            );
        }
    }
}

#[test]
fn same_seed_gives_identical_files_and_other_seed_differs() {
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let cfg = GenConfig::new(300, 500, 7);
    generate(&cfg, a.path()).unwrap();
    generate(&cfg, b.path()).unwrap();
    let mut other = cfg.clone();
    other.seed = 8;
    generate(&other, c.path()).unwrap();
    for f in OUTPUT_FILES {
        let (x, y, z) = (
            std::fs::read(a.path().join(f)).unwrap(),
            std::fs::read(b.path().join(f)).unwrap(),
            std::fs::read(c.path().join(f)).unwrap(),
        );
        assert!(x == y, "{f} differs for the same seed");
        if f != "stats.json" {
            assert!(x != z, "{f} is the same for another seed");
        }
    }
}

#[test]
fn regenerating_overwrites_in_place() {
    let dir = tempfile::tempdir().unwrap();
    generate(&GenConfig::new(40, 60, 1), dir.path()).unwrap();
    let cfg = GenConfig::new(30, 20, 2);
    generate(&cfg, dir.path()).unwrap();
    check_all(dir.path(), &cfg);
}

#[test]
fn bad_configuration_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = GenConfig::new(10, 10, 1);
    cfg.judged_per_seeker = 5000;
    assert!(generate(&cfg, dir.path()).is_err());
}

#[test]
fn unwritable_directory_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, b"x").unwrap();
    let err = generate(&GenConfig::new(5, 5, 1), &file).unwrap_err();
    assert!(err.to_string().contains("not-a-dir"), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn small_configs_are_consistent(postings in 0usize..40, seekers in 0usize..60, seed in any::<u64>(),
                                    trainings in 0usize..5, per_seeker in 0usize..50, per_posting in 0usize..50) {
        let dir = tempfile::tempdir().unwrap();
        let mut cfg = GenConfig::new(postings, seekers, seed);
        cfg.trainings = trainings;
        cfg.judged_per_seeker = per_seeker;
        cfg.judged_per_posting = per_posting;
        let stats = generate(&cfg, dir.path()).unwrap();
        prop_assert_eq!(stats.postings, postings);
        prop_assert_eq!(stats.seekers, seekers);
        prop_assert_eq!(stats.trainings, trainings);
        check_all(dir.path(), &cfg);
        let q = read(dir.path(), "qrels-postings.txt");
        for s in 0..seekers {
            let id = format!("S{:07} ", s + 1);
            let n = q.lines().filter(|l| l.starts_with(&id)).count();
            prop_assert_eq!(n, per_seeker.min(postings));
        }
        let r = read(dir.path(), "qrels-seekers.txt");
        for p in 0..postings {
            let id = format!("P{:06} ", p + 1);
            prop_assert!(r.lines().filter(|l| l.starts_with(&id)).count() <= per_posting);
        }
    }
}
