#![allow(clippy::unwrap_used)]

use super::*;
use crate::Engine;
use crate::model::{Date, Location, Posting, Seeker, SkillItem};

fn skill(name: &str) -> SkillItem {
    SkillItem {
        name: name.into(),
        required: true,
        level: None,
    }
}

/// Postings of varied fit; some target groups; seekers in various groups.
fn snapshot() -> Snapshot {
    let skills = [
        "焊接", "叉车", "收银", "电工", "仓储", "驾驶", "保洁", "烹饪",
    ];
    let mut postings = Vec::new();
    for i in 0..40 {
        let mut p = Posting::new(format!("P{i:02}"), format!("岗位{}", skills[i % 8]));
        p.employer = Some(format!("E{i}"));
        p.description = Some(format!("负责{}相关工作，编号{i}。", skills[i % 8]));
        p.skills = vec![skill(skills[i % 8]), skill(skills[(i / 8) % 8])];
        p.location = Some(Location {
            code: Some("220102".into()),
            ..Location::default()
        });
        p.target_groups = match i % 5 {
            0 => vec!["veteran".into()],
            1 => vec!["disabled".into()],
            2 => vec!["hard_to_employ".into()],
            _ => vec![],
        };
        if i % 7 == 3 {
            p.title = format!("公益性岗位{}", skills[i % 8]);
        }
        postings.push(p);
    }
    let groups = [
        vec!["veteran"],
        vec!["disabled"],
        vec!["hard_to_employ"],
        vec![],
        vec!["graduate"],
        vec!["veteran", "hard_to_employ"],
    ];
    let mut seekers = Vec::new();
    for i in 0..18 {
        let mut s = Seeker::new(format!("S{i:02}"));
        s.skills = vec![skill(skills[i % 8]), skill(skills[(i * 3 + 1) % 8])];
        s.groups = groups[i % groups.len()]
            .iter()
            .map(|g| g.to_string())
            .collect();
        s.location = Some(Location {
            code: Some("220102001".into()),
            ..Location::default()
        });
        seekers.push(s);
    }
    let engine = Engine::builder().in_ram().unwrap();
    engine.upsert_postings(&postings).unwrap();
    engine.upsert_seekers(&seekers).unwrap();
    engine.commit().unwrap();
    engine.snapshot().unwrap()
}

fn options() -> MatchOptions {
    MatchOptions::new(15, Date::from_ymd(2026, 11, 27).unwrap())
}

const POLICY: &str = r#"
max_boost = 0.03
reserved = ["disabled"]

[[rule]]
name = "veterans"
groups = ["veteran"]
boost = 0.02
capacity_priority = true

[[rule]]
name = "public welfare first"
groups = ["hard_to_employ"]
postings = { title_contains = ["公益性岗位"] }
boost = 0.03
"#;

#[test]
fn no_policy_changes_nothing() {
    let snap = snapshot();
    for id in snap.seeker_ids() {
        let plain = snap.recommend_postings(id, &options()).unwrap();
        let none = recommend(&snap, &Policy::none(), id, &options()).unwrap();
        assert_eq!(plain, none);
        // An empty file is the empty policy.
        let empty = Policy::from_toml_str("", None).unwrap();
        assert!(empty.is_empty());
        assert_eq!(recommend(&snap, &empty, id, &options()).unwrap(), plain);
    }
}

#[test]
fn the_policy_changes_exactly_what_it_declares() {
    let snap = snapshot();
    let policy = Policy::from_toml_str(POLICY, None).unwrap();
    let wide = MatchOptions { k: 60, ..options() };
    for id in snap.seeker_ids() {
        let s = snap.seeker(id).unwrap();
        let plain = snap.recommend_postings(id, &wide).unwrap();
        let got = recommend(&snap, &policy, id, &wide).unwrap();
        // 1. Reservations: exactly the postings reserved for a group she is not in are gone.
        let expected_ids: Vec<&str> = plain
            .iter()
            .filter(|m| {
                let p = snap.posting(&m.id).unwrap();
                !p.target_groups.iter().any(|g| g == "disabled")
                    || s.groups.iter().any(|g| g == "disabled")
            })
            .map(|m| m.id.as_str())
            .collect();
        let mut got_ids: Vec<&str> = got.iter().map(|m| m.id.as_str()).collect();
        let mut want = expected_ids.clone();
        got_ids.sort_unstable();
        want.sort_unstable();
        assert_eq!(got_ids, want, "seeker {id}");
        // 2. Scores: exactly the declared boost, and only where a rule applies.
        for m in &got {
            let base = plain.iter().find(|x| x.id == m.id).unwrap();
            let p = snap.posting(&m.id).unwrap();
            let veteran = s.groups.iter().any(|g| g == "veteran");
            let welfare =
                s.groups.iter().any(|g| g == "hard_to_employ") && p.title.contains("公益性岗位");
            let want = match (veteran, welfare) {
                (_, true) => 0.03,
                (true, false) => 0.02,
                _ => 0.0,
            };
            assert!((m.score - base.score - want).abs() < 1e-6, "{id} {}", m.id);
            let notes = &m.explanation.as_ref().unwrap().notes;
            assert_eq!(notes.iter().any(|n| n.contains("boost")), want > 0.0);
        }
        // 3. Seekers no rule or reservation concerns get exactly the same ranking.
        let concerned = s
            .groups
            .iter()
            .any(|g| g == "veteran" || g == "hard_to_employ");
        if !concerned
            && !plain.iter().any(|m| {
                snap.posting(&m.id)
                    .unwrap()
                    .target_groups
                    .iter()
                    .any(|g| g == "disabled")
            })
        {
            assert_eq!(got, plain, "seeker {id}");
        }
    }
}

#[test]
fn boosts_reorder_only_within_the_band() {
    let snap = snapshot();
    let policy = Policy::from_toml_str(POLICY, None).unwrap();
    let wide = MatchOptions { k: 60, ..options() };
    for id in snap.seeker_ids() {
        let plain = snap.recommend_postings(id, &wide).unwrap();
        let base: std::collections::HashMap<&str, f32> =
            plain.iter().map(|m| (m.id.as_str(), m.score)).collect();
        let got = recommend(&snap, &policy, id, &wide).unwrap();
        for (i, a) in got.iter().enumerate() {
            for b in &got[i + 1..] {
                // a is ranked above b: its own score is never more than ε below b's.
                assert!(base[a.id.as_str()] + policy.max_boost + 1e-6 >= base[b.id.as_str()]);
            }
        }
    }
}

#[test]
fn validation() {
    assert!(Policy::from_toml_str("max_boost = 0.2", None).is_err());
    assert!(Policy::from_toml_str("[[rule]]\nname = \"x\"\ngroups = []\n", None).is_err());
    assert!(
        Policy::from_toml_str(
            "[[rule]]\nname = \"x\"\ngroups = [\"veteran\"]\nboost = 0.05\n",
            None
        )
        .is_err()
    );
    assert!(Policy::from_toml_str("colour = 1", None).is_err());
}

#[test]
fn audit_reports_every_group() {
    let snap = snapshot();
    let policy = Policy::from_toml_str(POLICY, None).unwrap();
    let report = audit(
        &snap,
        &policy,
        &AuditSettings::new(Date::from_ymd(2026, 11, 27).unwrap()),
    )
    .unwrap();
    let names: Vec<&str> = report.groups.iter().map(|g| g.group.as_str()).collect();
    assert!(names.contains(&"veteran") && names.contains(&"(all)"));
    assert!(report.reserved_dropped > 0);
    let none = audit(
        &snap,
        &Policy::none(),
        &AuditSettings::new(Date::from_ymd(2026, 11, 27).unwrap()),
    )
    .unwrap();
    for g in &none.groups {
        assert_eq!(g.before, g.after);
    }
    assert!(report.table().contains("veteran"));
}

#[test]
fn toml_errors_name_the_line_and_do_not_quote_it() {
    let text = "max_boost = 0.03\n\n[[rule]]\nname = 13912345678 S0000001 oops\n";
    let message = Policy::from_toml_str(text, Some("p.toml"))
        .unwrap_err()
        .to_string();
    assert!(message.contains("line 4"), "{message}");
    assert!(!message.contains("13912345678"), "{message}");
    assert!(!message.contains("S0000001"), "{message}");
}
