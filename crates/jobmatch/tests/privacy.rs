//! Personal fields never reach scoring: changing them changes no ranking.
#![allow(clippy::unwrap_used)]

mod common;

use jobmatch::load::{LoadOptions, parse_seekers};
use jobmatch::{Engine, MatchOptions};
use proptest::prelude::*;

fn with_personal(line: &str, gender: &str, birth: &str, ethnicity: &str, extra: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
    let o = v.as_object_mut().unwrap();
    o.insert("gender".into(), gender.into());
    o.insert("birth_date".into(), birth.into());
    o.insert("age".into(), 33.into());
    o.insert("ethnicity".into(), ethnicity.into());
    o.insert("marital_status".into(), extra.into());
    o.insert("hukou".into(), extra.into());
    o.insert("name".into(), extra.into());
    o.insert("phone".into(), "13800000000".into());
    serde_json::to_string(&v).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]
    #[test]
    fn personal_fields_change_no_ranking((postings, seekers) in common::corpus(15, 4)) {
        let lines: Vec<String> = seekers.iter().map(|s| serde_json::to_string(&jobmatch_json(s)).unwrap()).collect();
        let variants = [("男", "1960-01-01", "汉族", "已婚"), ("女", "2004-12-31", "朝鲜族", "未婚")];
        let mut rankings = Vec::new();
        for (g, b, e, x) in variants {
            let text: String = lines.iter().map(|l| with_personal(l, g, b, e, x) + "\n").collect();
            let loaded = parse_seekers(text.as_bytes(), "s", &LoadOptions::strict()).unwrap();
            prop_assert_eq!(loaded.report.personal_fields_dropped, 8 * seekers.len() as u64);
            let engine = Engine::builder().writer_threads(1).writer_memory(20_000_000).in_ram().unwrap();
            engine.upsert_postings(&postings).unwrap();
            engine.upsert_seekers(&loaded.records).unwrap();
            engine.commit().unwrap();
            let snap = engine.snapshot().unwrap();
            let opts = MatchOptions::new(10, common::as_of());
            let mut r = snap.recommend_batch(None, &opts).unwrap();
            for p in &postings {
                r.push(jobmatch::SeekerMatches { seeker: p.id.clone(), matches: snap.candidates(&p.id, &opts).unwrap() });
            }
            rankings.push(serde_json::to_string(&r).unwrap());
        }
        prop_assert_eq!(&rankings[0], &rankings[1]);
    }
}

/// The spec's JSON shape of a seeker (the model serialises enums and dates its own way).
fn jobmatch_json(s: &jobmatch::model::Seeker) -> serde_json::Value {
    let skills: Vec<serde_json::Value> = s
        .skills
        .iter()
        .map(|k| {
            let mut o = serde_json::json!({"name": k.name});
            if let Some(l) = k.level {
                o["level"] = l.into();
            }
            o
        })
        .collect();
    let mut v = serde_json::json!({
        "id": s.id,
        "skills": skills,
        "desired": {
            "occupations": s.desired.occupations,
            "titles": s.desired.titles,
            "employment_types": s.desired.employment_types.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
            "regions": s.desired.regions,
        },
        "groups": s.groups,
    });
    if let Some(sum) = &s.summary {
        v["summary"] = sum.clone().into();
    }
    if let Some(km) = s.desired.max_commute_km {
        v["desired"]["max_commute_km"] = km.into();
    }
    if let Some(r) = s.desired.remote {
        v["desired"]["remote"] = r.into();
    }
    if let Some(f) = s.desired.salary_min {
        v["desired"]["salary_min"] = serde_json::json!({"amount": f.amount, "period": "month"});
    }
    if let Some(l) = &s.location {
        v["location"] = serde_json::to_value(l).unwrap();
    }
    if let Some(e) = s.education {
        v["education"] = e.as_str().into();
    }
    if let Some(y) = s.experience_years {
        v["experience_years"] = y.into();
    }
    v["experience"] = s
        .experience
        .iter()
        .map(
            |e| serde_json::json!({"title": e.title, "occupation": e.occupation, "years": e.years}),
        )
        .collect();
    v
}
