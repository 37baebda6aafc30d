//! Issue 9 on the checked-in sample (a prefix of it, for speed): a training
//! recommended for a gap teaches that skill; eligibility lists are exactly the
//! records a brute-force scan of the raw JSON finds; supply and demand
//! statistics reconcile with the raw files.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::PathBuf;
use std::sync::OnceLock;

use jobmatch::entitlement::{Entitlements, evaluate};
use jobmatch::features::skill_match;
use jobmatch::guidance::{
    GapSettings, TEACHES_MIN_SIMILARITY, load_trainings, recommend_trainings, skill_gaps,
};
use jobmatch::load::{LoadOptions, parse_postings, parse_seekers};
use jobmatch::market::{LastPush, Names, market_stats};
use jobmatch::model::Date;
use jobmatch::normalise::skills::SkillNormaliser;
use jobmatch::prepare::PreparedSkill;
use jobmatch::{Engine, Snapshot};
use serde_json::Value;

const POSTINGS: usize = 1200;
const SEEKERS: usize = 2000;

fn sample_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../datasets/jilin-sample")
}

fn as_of() -> Date {
    Date::from_ymd(2026, 11, 27).unwrap()
}

/// The first lines of a sample file.
fn head(file: &str, n: usize) -> String {
    let text = std::fs::read_to_string(sample_dir().join(file)).unwrap();
    let mut out = String::new();
    for line in text.lines().take(n) {
        out.push_str(line);
        out.push('\n');
    }
    out
}

struct Fixture {
    _engine: Engine,
    snapshot: Snapshot,
    postings: Vec<Value>,
    seekers: Vec<Value>,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let p = head("postings.jsonl", POSTINGS);
        let s = head("seekers.jsonl", SEEKERS);
        let postings = parse_postings(p.as_bytes(), "postings", &LoadOptions::strict()).unwrap();
        let seekers = parse_seekers(s.as_bytes(), "seekers", &LoadOptions::strict()).unwrap();
        let engine = Engine::builder().in_ram().unwrap();
        engine.upsert_postings(&postings.records).unwrap();
        engine.upsert_seekers(&seekers.records).unwrap();
        engine.commit().unwrap();
        let snapshot = engine.snapshot().unwrap();
        Fixture {
            _engine: engine,
            snapshot,
            postings: p
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect(),
            seekers: s
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect(),
        }
    })
}

fn prepared(names: impl IntoIterator<Item = String>, n: &SkillNormaliser) -> Vec<PreparedSkill> {
    names
        .into_iter()
        .map(|name| PreparedSkill {
            key: n.key(&name),
            required: true,
            level: None,
        })
        .collect()
}

#[test]
fn a_training_recommended_for_a_gap_teaches_that_skill() {
    let f = fixture();
    let catalogue = load_trainings(&sample_dir().join("trainings.jsonl")).unwrap();
    let n = SkillNormaliser::default();
    let settings = GapSettings::new(as_of());
    let (mut with_gaps, mut recommended, mut opened) = (0, 0, 0);
    for id in f.snapshot.seeker_ids().take(600) {
        let gaps = skill_gaps(&f.snapshot, id, &settings).unwrap();
        if gaps.skills.is_empty() {
            continue;
        }
        with_gaps += 1;
        let seeker = f.snapshot.seeker(id).unwrap();
        let gap_names: BTreeSet<&str> = gaps.skills.iter().map(|g| g.skill.as_str()).collect();
        let recs = recommend_trainings(&f.snapshot, &gaps, &catalogue, 50).unwrap();
        for r in &recs {
            recommended += 1;
            let course = catalogue.iter().find(|t| t.id == r.training).unwrap();
            assert!(!r.closes.is_empty());
            for skill in &r.closes {
                // It is one of the seeker's gaps ...
                assert!(
                    gap_names.contains(skill.as_str()),
                    "{skill} is not a gap of {id}"
                );
                // ... and one of the course's own skills is that skill.
                let want = n.key(skill);
                assert!(
                    course
                        .skills
                        .iter()
                        .any(|t| n.key(t).similarity(&want) >= TEACHES_MIN_SIMILARITY),
                    "{} does not teach {skill}",
                    course.id
                );
            }
            // After the course, the postings it opens lack nothing.
            let mut after: Vec<String> = seeker.skills.iter().map(|s| s.name.clone()).collect();
            after.extend(course.skills.iter().cloned());
            let after = prepared(after, &n);
            for pid in &r.opens {
                opened += 1;
                let p = f.snapshot.posting(pid).unwrap();
                let wants: Vec<PreparedSkill> = p
                    .skills
                    .iter()
                    .map(|s| PreparedSkill {
                        key: n.key(&s.name),
                        required: s.required,
                        level: s.level,
                    })
                    .collect();
                let before = skill_match(
                    &prepared(seeker.skills.iter().map(|s| s.name.clone()), &n),
                    &wants,
                    true,
                );
                assert!(!before.missing.is_empty(), "{pid} lacked nothing before");
                assert!(
                    skill_match(&after, &wants, true).missing.is_empty(),
                    "{pid} still lacks skills after {}",
                    course.id
                );
            }
            // Every near posting whose gaps it all teaches is listed as opened.
            for near in &gaps.near {
                let all_taught = near.missing.iter().all(|m| r.closes.contains(m));
                assert_eq!(all_taught, r.opens.contains(&near.posting));
            }
        }
        // Nearest first: division levels shared never increase down the list.
        for w in recs.windows(2) {
            assert!(w[0].shared_levels.unwrap_or(0) >= w[1].shared_levels.unwrap_or(0));
        }
    }
    assert!(with_gaps >= 100, "only {with_gaps} seekers with gaps");
    assert!(recommended >= 50, "only {recommended} recommendations");
    assert!(opened >= 20, "only {opened} postings opened");
}

/// Brute-force reading of one raw record for the shipped rules.
fn str_list<'a>(v: &'a Value, path: &[&str]) -> Vec<&'a str> {
    let mut at = v;
    for p in path {
        match at.get(p) {
            Some(x) => at = x,
            None => return Vec::new(),
        }
    }
    at.as_array()
        .map(|a| a.iter().filter_map(Value::as_str).map(str::trim).collect())
        .unwrap_or_default()
}

fn code(v: &Value) -> Option<&str> {
    v.get("location")?.get("code")?.as_str()
}

const LEVELS: [&str; 9] = [
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

fn level(v: &Value) -> Option<usize> {
    let e = v.get("education")?.as_str()?;
    LEVELS.iter().position(|l| *l == e)
}

fn any_of(held: &[&str], wanted: &[&str]) -> bool {
    held.iter().any(|h| wanted.contains(h))
}

/// Which seekers (or employers) each shipped rule should find, by scanning the raw JSON.
fn brute_force(f: &Fixture, policy: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let days = |text: &str| Date::parse(text).unwrap().0;
    for s in &f.seekers {
        let id = s["id"].as_str().unwrap().to_string();
        let groups = str_list(s, &["groups"]);
        let ok = match policy {
            "graduate-job-search-changchun" => {
                groups.contains(&"graduate")
                    && code(s).is_some_and(|c| c.starts_with("2201"))
                    && level(s).is_some_and(|l| l >= 5)
            }
            "hard-to-employ-assistance" => any_of(
                &groups,
                &[
                    "hard_to_employ",
                    "zero_employment_family",
                    "disabled",
                    "poverty_alleviated",
                ],
            ),
            "flexible-employment-insurance" => {
                any_of(&groups, &["hard_to_employ", "flexible_worker"])
                    && any_of(
                        &str_list(s, &["desired", "employment_types"]),
                        &["flexible", "part_time", "gig"],
                    )
            }
            "returning-migrant-start-up" => {
                groups.contains(&"migrant_worker")
                    && str_list(s, &["desired", "regions"])
                        .iter()
                        .any(|r| r.starts_with("22"))
            }
            "veteran-skills-training" => {
                groups.contains(&"veteran") && level(s).is_some_and(|l| l <= 4)
            }
            _ => false,
        };
        if ok {
            out.insert(id);
        }
    }
    let today = as_of().0;
    for p in &f.postings {
        let targets = str_list(p, &["target_groups"]);
        let openings = p.get("openings").and_then(Value::as_u64).unwrap_or(1);
        let live = openings >= 1
            && p.get("expires_at")
                .and_then(Value::as_str)
                .is_none_or(|e| days(e) >= today);
        let ok = match policy {
            "employer-hires-hard-to-employ" => {
                live && any_of(
                    &targets,
                    &["hard_to_employ", "zero_employment_family", "disabled"],
                )
            }
            "employer-graduate-expansion" => {
                targets.contains(&"graduate")
                    && p.get("employment_type")
                        .and_then(Value::as_str)
                        .is_some_and(|t| t == "full_time" || t == "internship")
                    && p.get("posted_at")
                        .and_then(Value::as_str)
                        .is_some_and(|d| (0..=90).contains(&(today - days(d))))
            }
            _ => false,
        };
        if ok {
            let employer = p.get("employer").and_then(Value::as_str);
            out.insert(format!(
                "{}:{}",
                employer.unwrap_or("-"),
                p["id"].as_str().unwrap()
            ));
        }
    }
    out
}

#[test]
fn eligibility_lists_equal_a_brute_force_scan() {
    let f = fixture();
    let path = sample_dir().join("../policies/subsidies.toml");
    let rules = Entitlements::from_file(&path).unwrap();
    let report = evaluate(&f.snapshot, &rules, as_of());
    for rule in &rules.entitlements {
        let mut found = BTreeSet::new();
        for e in report.eligible.iter().filter(|e| e.policy == rule.id) {
            if e.subject == "seeker" {
                found.insert(e.id.clone().unwrap());
                assert_eq!(e.satisfies.len(), rule.conditions.len());
            } else {
                for p in &e.postings {
                    found.insert(format!("{}:{p}", e.id.as_deref().unwrap_or("-")));
                }
            }
        }
        let expected = brute_force(f, &rule.id);
        assert!(!expected.is_empty(), "{}: the scan finds nobody", rule.id);
        assert_eq!(found, expected, "{}", rule.id);
        let row = report.counts.iter().find(|r| r.policy == rule.id).unwrap();
        if rule.id.starts_with("employer") {
            assert_eq!(row.eligible_postings as usize, expected.len());
        } else {
            assert_eq!(row.eligible as usize, expected.len());
        }
    }
}

#[test]
fn statistics_reconcile_with_the_raw_files() {
    let f = fixture();
    let today = as_of().0;
    // A stand-in for the last push: every 7th posting unfilled, every 5th seeker unserved.
    let unfilled: HashSet<String> = f
        .postings
        .iter()
        .step_by(7)
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    let unserved: HashSet<String> = f
        .seekers
        .iter()
        .step_by(5)
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    let push = LastPush {
        date: Some(as_of()),
        dir: None,
        unfilled_postings: unfilled.clone(),
        unserved_seekers: unserved.clone(),
    };
    let stats = market_stats(&f.snapshot, as_of(), "22", Some(&push), &Names::default());

    // Raw counts, per city, from the JSON.
    let city_of = |c: Option<&str>| match c {
        None => "(unknown)".to_string(),
        Some(c) if c.starts_with("22") => c[..4].to_string(),
        Some(_) => "(outside)".to_string(),
    };
    let mut raw: BTreeMap<String, [u64; 5]> = BTreeMap::new();
    let mut not_live = 0;
    for p in &f.postings {
        let openings = p.get("openings").and_then(Value::as_u64).unwrap_or(1);
        let expired = p
            .get("expires_at")
            .and_then(Value::as_str)
            .is_some_and(|e| Date::parse(e).unwrap().0 < today);
        if openings == 0 || expired {
            not_live += 1;
            continue;
        }
        let e = raw.entry(city_of(code(p))).or_default();
        e[0] += 1;
        e[1] += openings;
        e[3] += u64::from(unfilled.contains(p["id"].as_str().unwrap()));
    }
    for s in &f.seekers {
        let wanted = str_list(s, &["desired", "regions"]).first().copied();
        let e = raw.entry(city_of(wanted.or(code(s)))).or_default();
        e[2] += 1;
        e[4] += u64::from(unserved.contains(s["id"].as_str().unwrap()));
    }
    assert_eq!(stats.postings_not_live, not_live);
    let figures = |c: &jobmatch::market::Cell| {
        [
            c.postings,
            c.openings,
            c.seekers,
            c.unfilled_postings,
            c.unserved_seekers,
        ]
    };
    let by_city: BTreeMap<String, [u64; 5]> = stats
        .rows_at("city", "all")
        .map(|r| (r.region.clone(), figures(&r.cell)))
        .collect();
    assert_eq!(by_city, raw);

    // Sums over regions (cities, counties) and over occupation groups equal the total.
    let mut total = [0u64; 5];
    for v in raw.values() {
        for i in 0..5 {
            total[i] += v[i];
        }
    }
    assert_eq!(figures(&stats.total), total);
    assert_eq!(total[0] + not_live, POSTINGS as u64);
    assert_eq!(total[2], SEEKERS as u64);
    for (rl, ol) in [
        ("city", "major"),
        ("city", "middle"),
        ("county", "all"),
        ("county", "major"),
        ("county", "middle"),
        ("province", "all"),
        ("province", "middle"),
    ] {
        let mut sum = [0u64; 5];
        for r in stats.rows_at(rl, ol) {
            let v = figures(&r.cell);
            for i in 0..5 {
                sum[i] += v[i];
            }
        }
        assert_eq!(sum, total, "{rl} x {ol}");
    }
    // Each city equals the sum of its counties.
    for (city, v) in &by_city {
        if city.starts_with('(') {
            continue;
        }
        let mut sum = [0u64; 5];
        for r in stats
            .rows_at("county", "all")
            .filter(|r| r.region.starts_with(city.as_str()))
        {
            let f = figures(&r.cell);
            for i in 0..5 {
                sum[i] += f[i];
            }
        }
        assert_eq!(&sum, v, "city {city}");
    }
    // Ratios are openings per seeker.
    for r in &stats.rows {
        match r.cell.ratio {
            Some(x) => assert!((x - r.cell.openings as f64 / r.cell.seekers as f64).abs() < 1e-12),
            None => assert_eq!(r.cell.seekers, 0),
        }
    }
    // The CSV has one line per row plus the header.
    assert_eq!(stats.to_csv().lines().count(), stats.rows.len() + 1);
    let html = jobmatch::market::heatmap_html(&stats, "test");
    assert!(html.contains("<svg") && html.contains("</html>"));
}
