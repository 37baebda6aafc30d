#![allow(clippy::unwrap_used)]

use super::*;
use crate::Engine;
use crate::model::{Location, Posting, Seeker, SkillItem};

fn skill(n: &str) -> SkillItem {
    SkillItem {
        name: n.into(),
        required: true,
        level: None,
    }
}

fn place(code: &str) -> Option<Location> {
    Some(Location {
        code: Some(code.into()),
        ..Location::default()
    })
}

fn posting(id: &str, occupation: &str, skills: &[&str], code: &str) -> Posting {
    let mut p = Posting::new(id, "数控车工");
    p.occupation = Some(occupation.into());
    p.skills = skills.iter().map(|s| skill(s)).collect();
    p.location = place(code);
    p
}

fn as_of() -> Date {
    Date::from_ymd(2026, 11, 27).unwrap()
}

fn snapshot(postings: Vec<Posting>, seekers: Vec<Seeker>) -> Snapshot {
    let engine = Engine::builder().in_ram().unwrap();
    engine.upsert_postings(&postings).unwrap();
    engine.upsert_seekers(&seekers).unwrap();
    engine.commit().unwrap();
    engine.snapshot().unwrap()
}

fn machinist() -> Seeker {
    let mut s = Seeker::new("S1");
    s.desired.occupations = vec!["6-18-01-01".into()];
    s.skills = vec![skill("数控车床")];
    s.location = place("220102");
    s
}

#[test]
fn near_postings_follow_the_four_rules() {
    let mut expired = posting("P5", "6-18-01-01", &["数控车床", "机械制图"], "220102");
    expired.expires_at = Date::from_ymd(2026, 1, 1);
    let snap = snapshot(
        vec![
            // Near: one skill missing.
            posting("P1", "6-18-01-01", &["数控车床", "机械制图"], "220102"),
            // Near: two missing.
            posting(
                "P2",
                "6-18-01-02",
                &["数控车床", "机械制图", "质量检验"],
                "220102",
            ),
            // Too far short: three missing.
            posting(
                "P3",
                "6-18-01-01",
                &["机械制图", "质量检验", "钳工"],
                "220102",
            ),
            // Nothing missing: already within reach, not a gap.
            posting("P4", "6-18-01-01", &["数控车床"], "220102"),
            // Expired: hard rule.
            expired,
            // Another occupation (different major group): intent not good.
            posting("P6", "4-01-02-01", &["数控车床", "销售技巧"], "220102"),
            // Another province: place not good.
            posting("P7", "6-18-01-01", &["数控车床", "机械制图"], "110101"),
        ],
        vec![machinist()],
    );
    let gaps = skill_gaps(&snap, "S1", &GapSettings::new(as_of())).unwrap();
    let ids: Vec<&str> = gaps.near.iter().map(|n| n.posting.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(sorted, ["P1", "P2"]);
    assert_eq!(gaps.skills[0].skill, "机械制图");
    assert_eq!(gaps.skills[0].unlocks, ["P1"]);
    assert_eq!(gaps.skills[0].helps, ["P1", "P2"]);
    assert_eq!(gaps.skills[1].skill, "质量检验");
    assert!(gaps.skills[1].unlocks.is_empty());

    let mut strict = GapSettings::new(as_of());
    strict.max_missing = 1;
    let gaps = skill_gaps(&snap, "S1", &strict).unwrap();
    assert_eq!(gaps.near.len(), 1);

    assert!(matches!(
        skill_gaps(&snap, "nobody", &strict),
        Err(Error::NotFound { .. })
    ));
    strict.max_missing = 0;
    assert!(skill_gaps(&snap, "S1", &strict).is_err());
}

#[test]
fn a_seeker_who_says_nothing_about_intent_has_no_near_posting() {
    let mut s = machinist();
    s.desired.occupations.clear();
    let snap = snapshot(
        vec![posting(
            "P1",
            "6-18-01-01",
            &["数控车床", "机械制图"],
            "220102",
        )],
        vec![s],
    );
    let gaps = skill_gaps(&snap, "S1", &GapSettings::new(as_of())).unwrap();
    assert!(gaps.near.is_empty() && gaps.skills.is_empty());
}

fn course(id: &str, skills: &[&str], code: &str) -> Training {
    Training {
        id: id.into(),
        name: id.into(),
        skills: skills.iter().map(|s| s.to_string()).collect(),
        location: place(code),
        duration_days: None,
        cost: None,
        subsidised: None,
    }
}

#[test]
fn trainings_teach_gaps_nearest_first_with_the_postings_they_open() {
    let snap = snapshot(
        vec![
            posting("P1", "6-18-01-01", &["数控车床", "机械制图"], "220102"),
            posting(
                "P2",
                "6-18-01-02",
                &["数控车床", "机械制图", "质量检验"],
                "220102",
            ),
        ],
        vec![machinist()],
    );
    let gaps = skill_gaps(&snap, "S1", &GapSettings::new(as_of())).unwrap();
    let catalogue = vec![
        course("T1", &["机械制图", "质量检验"], "220201"), // another city
        course("T2", &["机械制图"], "220102"),             // same county
        course("T3", &["护理"], "220102"),                 // teaches no gap
        course("T4", &["机械制图识图"], "220104"),         // contains the skill, same city
    ];
    let recs = recommend_trainings(&snap, &gaps, &catalogue, 10).unwrap();
    let ids: Vec<&str> = recs.iter().map(|r| r.training.as_str()).collect();
    assert_eq!(ids, ["T2", "T4", "T1"]);
    assert_eq!(recs[0].opens, ["P1"]);
    assert_eq!(recs[2].opens, ["P1", "P2"]);
    assert_eq!(recs[2].closes, ["机械制图", "质量检验"]);
    assert_eq!(recs[0].shared_levels, Some(3));
    assert_eq!(
        recommend_trainings(&snap, &gaps, &catalogue, 1)
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn bad_catalogue_lines_name_file_line_and_field() {
    for (line, field) in [
        (r#"{"name":"x","skills":["a"]}"#, "id"),
        (r#"{"id":"T1","skills":["a"]}"#, "name"),
        (r#"{"id":"T1","name":"x"}"#, "skills"),
        (r#"{"id":"T1","name":"x","skills":["a"],"cost":-1}"#, "cost"),
        (
            r#"{"id":"T1","name":"x","skills":["a"],"location":{"code":"abc"}}"#,
            "location.code",
        ),
        (
            r#"{"id":"T1","name":"x","skills":["a"],"subsidised":"yes"}"#,
            "subsidised",
        ),
        ("not json", ""),
    ] {
        let text = format!("\n{line}\n");
        let err = parse_trainings(text.as_bytes(), "cat.jsonl").unwrap_err();
        match err {
            Error::InvalidRecord { location, .. } => {
                assert_eq!(location.source, "cat.jsonl");
                assert_eq!(location.line, 2);
                assert_eq!(location.field, field, "{line}");
            }
            other => panic!("{other}"),
        }
    }
    let twice = "{\"id\":\"T1\",\"name\":\"x\",\"skills\":[\"a\"]}\n{\"id\":\"T1\",\"name\":\"y\",\"skills\":[\"b\"]}\n";
    assert!(parse_trainings(twice.as_bytes(), "c").is_err());
}

#[test]
fn the_menu_counts_each_seeker_once_per_county_and_ignores_thread_count() {
    let mut other = machinist();
    other.id = "S2".into();
    other.location = place("220201001");
    let mut silent = Seeker::new("S3");
    silent.location = None;
    let snap = snapshot(
        vec![
            posting("P1", "6-18-01-01", &["数控车床", "机械制图"], "220102"),
            posting("P2", "6-18-01-01", &["数控车床", "机械制图"], "220201"),
        ],
        vec![machinist(), other, silent],
    );
    let settings = GapSettings::new(as_of());
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let two = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let a = one.install(|| training_menu(&snap, &settings, 5)).unwrap();
    let b = two.install(|| training_menu(&snap, &settings, 5)).unwrap();
    assert_eq!(a, b);
    let counties: Vec<&str> = a.iter().map(|c| c.county.as_str()).collect();
    assert_eq!(counties, ["220102", "220201", UNKNOWN_COUNTY]);
    assert_eq!(a.iter().map(|c| c.seekers).sum::<u64>(), 3);
    assert_eq!(a[0].skills[0].skill, "机械制图");
    assert_eq!(a[0].skills[0].seekers, 1);
    assert_eq!(a[2].seekers_with_gaps, 0);
}
