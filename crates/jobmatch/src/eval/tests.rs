#![allow(clippy::unwrap_used)]

use super::*;
use crate::load::{LoadOptions, parse_postings, parse_seekers};

const TRADES: [(&str, &str, &str, [&str; 2]); 3] = [
    ("电焊工", "6-18-02-04", "焊接", ["电焊", "气割"]),
    ("收银员", "4-01-02-03", "收银", ["收银", "商品陈列"]),
    ("货车司机", "4-02-02-01", "驾驶", ["货车驾驶", "装卸"]),
];

/// 12 postings (4 per trade, one expired), 9 seekers (3 per trade, one in a
/// group), and qrels grading the matching trade 3 and the others 0.
fn fixture() -> (Engine, Qrels) {
    let mut postings = String::new();
    let mut seekers = String::new();
    let mut qrels = String::new();
    for (t, (title, code, word, skills)) in TRADES.iter().enumerate() {
        for i in 0..4 {
            let expires = if i == 3 { "2026-01-01" } else { "2027-06-01" };
            postings.push_str(&format!(
                r#"{{"id":"P{t}{i}","title":"{title}","description":"招聘{title}，{word}经验优先","occupation":"{code}","skills":["{}","{}"],"location":{{"code":"220102"}},"openings":{},"posted_at":"2026-11-{:02}","expires_at":"{expires}"}}"#,
                skills[0],
                skills[1],
                1 + i,
                10 + i
            ));
            postings.push('\n');
        }
        for j in 0..3 {
            let groups = if j == 0 {
                r#","groups":["graduate"]"#
            } else {
                ""
            };
            seekers.push_str(&format!(
                r#"{{"id":"S{t}{j}","summary":"想找{title}工作，会{word}","skills":["{}"],"desired":{{"occupations":["{code}"],"titles":["{title}"]}},"location":{{"code":"220102001"}}{groups}}}"#,
                skills[j % 2]
            ));
            seekers.push('\n');
        }
    }
    for t in 0..3 {
        for j in 0..3 {
            for u in 0..3 {
                for i in 0..4 {
                    let grade = if t == u && i < 3 { 3 } else { 0 };
                    qrels.push_str(&format!("S{t}{j} 0 P{u}{i} {grade}\n"));
                }
            }
        }
    }
    let p = parse_postings(postings.as_bytes(), "p", &LoadOptions::strict()).unwrap();
    let s = parse_seekers(seekers.as_bytes(), "s", &LoadOptions::strict()).unwrap();
    let engine = Engine::builder().in_ram().unwrap();
    engine.upsert_postings(&p.records).unwrap();
    engine.upsert_seekers(&s.records).unwrap();
    engine.commit().unwrap();
    (engine, Qrels::parse_str(&qrels, "q").unwrap())
}

fn day() -> Date {
    Date::from_ymd(2026, 11, 27).unwrap()
}

#[test]
fn baselines_are_deterministic_and_respect_eligibility() {
    let (engine, _) = fixture();
    let snapshot = engine.snapshot().unwrap();
    let options = EvalOptions::new(Direction::Postings, day());
    let queries = queries(&snapshot, &options, None);
    assert_eq!(queries.len(), 9);
    for method in Method::standard() {
        let a = rank(&snapshot, &method, &queries, &options).unwrap();
        let b = rank(&snapshot, &method, &queries, &options).unwrap();
        assert_eq!(a, b, "{}", method.name());
        assert_eq!(a.name(), method.name());
        for (_, entries) in a.queries() {
            assert!(
                entries.iter().all(|e| !e.docid.ends_with('3')),
                "expired posting ranked by {}",
                method.name()
            );
        }
    }
    // A different seed gives a different random run.
    let other = EvalOptions { seed: 7, ..options };
    assert_ne!(
        rank(&snapshot, &Method::Random, &queries, &options).unwrap(),
        rank(&snapshot, &Method::Random, &queries, &other).unwrap()
    );
}

#[test]
fn popularity_prefers_openings_then_newest() {
    let (engine, _) = fixture();
    let snapshot = engine.snapshot().unwrap();
    let options = EvalOptions::new(Direction::Postings, day());
    let run = rank(
        &snapshot,
        &Method::Popularity,
        &["S00".to_string()],
        &options,
    )
    .unwrap();
    let ids: Vec<&str> = run
        .query("S00")
        .unwrap()
        .iter()
        .map(|e| e.docid.as_str())
        .collect();
    // openings 3 (i = 2) first, ties by id; the expired i = 3 never appears.
    assert_eq!(&ids[..3], ["P02", "P12", "P22"]);
    assert_eq!(ids.len(), 9);
}

#[test]
fn engine_run_matches_the_engine_and_writes_trec() {
    let (engine, _) = fixture();
    let snapshot = engine.snapshot().unwrap();
    let options = EvalOptions {
        k: 5,
        ..EvalOptions::new(Direction::Postings, day())
    };
    let run = rank(&snapshot, &Method::Engine, &["S10".to_string()], &options).unwrap();
    let direct = snapshot
        .recommend_postings("S10", &crate::MatchOptions::new(5, day()))
        .unwrap();
    let ids: Vec<&str> = run
        .query("S10")
        .unwrap()
        .iter()
        .map(|e| e.docid.as_str())
        .collect();
    let want: Vec<&str> = direct.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids.len(), 5);
    let mut a = ids.clone();
    let mut b = want.clone();
    a.sort_unstable();
    b.sort_unstable();
    assert_eq!(a, b);
    let mut out = Vec::new();
    run.write(&mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let first = text.lines().next().unwrap();
    let fields: Vec<&str> = first.split(' ').collect();
    assert_eq!(fields.len(), 6);
    assert_eq!(&fields[..2], ["S10", "Q0"]);
    assert_eq!(fields[3], "1");
    assert_eq!(fields[5], "engine");
    assert_eq!(text.lines().count(), 5);
}

#[test]
fn weighted_pool_with_default_weights_reproduces_the_engine() {
    let (engine, _) = fixture();
    let snapshot = engine.snapshot().unwrap();
    let options = EvalOptions::new(Direction::Postings, day());
    let queries = queries(&snapshot, &options, None);
    let engine_run = rank(&snapshot, &Method::Engine, &queries, &options).unwrap();
    let pool_run = rank(
        &snapshot,
        &Method::Weighted {
            name: "engine".into(),
            weights: Weights::default(),
        },
        &queries,
        &options,
    )
    .unwrap();
    assert_eq!(engine_run, pool_run);
}

#[test]
fn benchmark_engine_beats_random_and_seekers_direction_skips_expired() {
    let (engine, qrels) = fixture();
    let snapshot = engine.snapshot().unwrap();
    let options = EvalOptions::new(Direction::Postings, day());
    let b = benchmark(&snapshot, &qrels, &options).unwrap();
    assert_eq!(b.methods.len(), 5);
    assert_eq!(b.methods[0].method, "engine");
    let ndcg = |i: usize| {
        b.methods[i]
            .summary
            .evaluation
            .mean(Metric::Ndcg(10))
            .unwrap()
    };
    assert!(ndcg(0) > 0.99, "{}", ndcg(0));
    assert!(ndcg(0) > ndcg(1));
    assert_eq!(b.universe, 9);
    assert_eq!(b.methods[0].ndcg_curve.len(), CURVE_MAX_K);
    assert!(b.scores.means[&3] > b.scores.means[&0]);
    let text = b.to_text().unwrap();
    assert!(text.contains("graduate"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&b.to_json().unwrap()).unwrap();
    assert_eq!(json["table"]["rows"][0]["method"], "engine");

    let seekers = EvalOptions::new(Direction::Seekers, day());
    let q = queries(&snapshot, &seekers, None);
    assert_eq!(q.len(), 9, "expired postings are not queries");
    let run = rank(&snapshot, &Method::Engine, &q, &seekers).unwrap();
    assert_eq!(run.query("P00").unwrap()[0].docid.as_bytes()[1], b'0');
}

#[test]
fn report_is_self_contained_html() {
    let (engine, qrels) = fixture();
    let snapshot = engine.snapshot().unwrap();
    let b = benchmark(
        &snapshot,
        &qrels,
        &EvalOptions::new(Direction::Postings, day()),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = write_report(&b, dir.path()).unwrap();
    let html = std::fs::read_to_string(path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.matches("<svg").count(), 3);
    assert!(!html.contains("<script") && !html.contains("src=") && !html.contains("href="));
    assert!(!html.contains("NaN"));
}

#[test]
fn split_is_stable_and_roughly_proportional() {
    let ids: Vec<String> = (0..2000).map(|i| format!("q{i}")).collect();
    let a: Vec<bool> = ids.iter().map(|q| is_training_query(q, 0.7)).collect();
    let b: Vec<bool> = ids
        .iter()
        .rev()
        .map(|q| is_training_query(q, 0.7))
        .collect();
    assert_eq!(a, b.into_iter().rev().collect::<Vec<_>>());
    let n = a.iter().filter(|&&x| x).count();
    assert!((1300..1500).contains(&n), "{n}");
    // Monotone in the share: a training query stays one with a larger share.
    assert!(
        ids.iter()
            .all(|q| !is_training_query(q, 0.5) || is_training_query(q, 0.8))
    );
}

#[test]
fn tuned_weights_are_valid_and_no_worse_on_training() {
    let (engine, qrels) = fixture();
    let snapshot = engine.snapshot().unwrap();
    let mut options = TuneOptions::new(EvalOptions::new(Direction::Postings, day()));
    options.train_share = 0.6;
    let report = tune(&snapshot, &qrels, &options).unwrap();
    assert!(report.train_after >= report.train_before);
    assert_eq!(report.train_queries + report.heldout_queries, 9);
    let toml = report.weights.to_toml_string();
    let back = Weights::from_toml_str(&toml, None).unwrap();
    assert_eq!(back, report.weights);
    assert!(report.to_text().contains("held out"));
    // Deterministic.
    assert_eq!(tune(&snapshot, &qrels, &options).unwrap(), report);
}
