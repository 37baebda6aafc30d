#![allow(clippy::unwrap_used)]

use super::*;
use crate::model::Date;
use crate::profile::{PostingProfile, SeekerProfile};

fn parse(when: &str, subject: &str) -> Result<Entitlements> {
    Entitlements::from_toml_str(
        &format!(
            "[[entitlement]]\nid = \"r\"\nname = \"rule\"\nsubject = \"{subject}\"\n[entitlement.when]\n{when}\n"
        ),
        Some("test.toml"),
    )
}

fn message(r: Result<Entitlements>) -> String {
    r.unwrap_err().to_string()
}

#[test]
fn the_shipped_file_parses() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../datasets/policies/subsidies.toml");
    let rules = Entitlements::from_file(&path).unwrap();
    assert_eq!(rules.entitlements.len(), 7);
    assert!(
        rules
            .entitlements
            .iter()
            .any(|e| e.subject == Subject::Employers)
    );
}

#[test]
fn fields_the_engine_does_not_hold_are_errors_that_name_them() {
    let m = message(parse("graduated_at = { within_days = 730 }", "seekers"));
    assert!(
        m.contains("test.toml") && m.contains("entitlement `r`"),
        "{m}"
    );
    assert!(
        m.contains("`graduated_at`") && m.contains("data format version 1"),
        "{m}"
    );
    let m = message(parse(
        "registered_at = { after = \"2026-01-01\" }",
        "seekers",
    ));
    assert!(m.contains("`registered_at`"), "{m}");
    let m = message(parse("age = { max = 35 }", "seekers"));
    assert!(m.contains("personal field"), "{m}");
    let m = message(parse("gender = { any = [\"f\"] }", "employers"));
    assert!(m.contains("personal field"), "{m}");
    let m = message(parse("posted_at = { within_days = 30 }", "seekers"));
    assert!(m.contains("posting field"), "{m}");
    let m = message(parse("groups = { any = [\"graduate\"] }", "employers"));
    assert!(m.contains("seeker field"), "{m}");
    let m = message(parse("shoe_size = { min = 40 }", "seekers"));
    assert!(
        m.contains("`shoe_size`") && m.contains("Fields that can be tested"),
        "{m}"
    );
}

#[test]
fn bad_tests_and_values_are_errors() {
    for (when, subject, needle) in [
        (
            "groups = { some = [\"x\"] }",
            "seekers",
            "unknown test `some`",
        ),
        ("groups = { any = [] }", "seekers", "is empty"),
        (
            "education = { min = \"phd\" }",
            "seekers",
            "education level",
        ),
        (
            "location = { within = [\"22x\"] }",
            "seekers",
            "division code",
        ),
        (
            "employment_type = { any = [\"sometimes\"] }",
            "employers",
            "employment type",
        ),
        (
            "posted_at = { after = \"27/11/2026\" }",
            "employers",
            "YYYY-MM-DD",
        ),
        ("live = \"yes\"", "employers", "true or false"),
        ("openings = { min = 1.5 }", "employers", "whole number"),
    ] {
        let m = message(parse(when, subject));
        assert!(m.contains(needle), "{when}: {m}");
    }
    let m = message(Entitlements::from_toml_str(
        "[[entitlement]]\nid = \"a\"\nname = \"x\"\nsubject = \"seekers\"\nwhen = { groups = { any = [\"v\"] } }\n[[entitlement]]\nid = \"a\"\nname = \"y\"\nsubject = \"seekers\"\nwhen = { groups = { any = [\"v\"] } }\n",
        None,
    ));
    assert!(m.contains("earlier rule"), "{m}");
    let m = message(Entitlements::from_toml_str(
        "[[entitlement]]\nid = \"a\"\nname = \"x\"\nsubject = \"people\"\nwhen = {}\n",
        None,
    ));
    assert!(m.contains("subject"), "{m}");
    assert!(parse("", "seekers").is_err());
}

fn seeker(groups: &[&str], division: Option<&str>) -> SeekerProfile {
    let mut s = crate::model::Seeker::new("S1");
    s.groups = groups.iter().map(|g| g.to_string()).collect();
    s.location = division.map(|d| crate::model::Location {
        code: Some(d.to_string()),
        ..Default::default()
    });
    SeekerProfile::build(&s, &mut crate::analysis::Analyzer::default())
}

#[test]
fn conditions_on_seekers() {
    let rules = parse(
        "groups = { any = [\"graduate\"], none = [\"veteran\"] }\nlocation = { within = [\"2201\"] }",
        "seekers",
    )
    .unwrap();
    let rule = &rules.entitlements[0];
    let all = |s: &SeekerProfile| {
        rule.conditions
            .iter()
            .all(|c| eval::seeker_satisfies(&c.condition, s))
    };
    assert!(all(&seeker(&["graduate"], Some("220102001"))));
    assert!(!all(&seeker(&["graduate", "veteran"], Some("220102001"))));
    assert!(!all(&seeker(&["graduate"], Some("2202"))));
    // No place: not shown to be in Changchun.
    assert!(!all(&seeker(&["graduate"], None)));
}

#[test]
fn any_mode_lists_the_conditions_each_satisfies() {
    let rules = Entitlements::from_toml_str(
        "[[entitlement]]\nid = \"a\"\nname = \"x\"\nsubject = \"seekers\"\nmatch = \"any\"\nwhen = { groups = { any = [\"veteran\"] }, location = { within = [\"2201\"] } }\n",
        None,
    )
    .unwrap();
    let seekers: Vec<std::sync::Arc<SeekerProfile>> = vec![
        std::sync::Arc::new(seeker(&["veteran"], Some("2202"))),
        std::sync::Arc::new(seeker(&[], Some("220102"))),
        std::sync::Arc::new(seeker(&[], None)),
    ];
    let (eligible, row) = evaluate_seekers(&rules.entitlements[0], &seekers);
    assert_eq!(eligible.len(), 2);
    assert_eq!(
        eligible[0].satisfies,
        vec!["groups any [veteran]".to_string()]
    );
    assert_eq!(
        eligible[1].satisfies,
        vec!["location within [2201]".to_string()]
    );
    assert_eq!(row.eligible, 2);
    assert_eq!(row.examined, 3);
}

#[test]
fn conditions_on_postings_and_dates() {
    let mut p = crate::model::Posting::new("P1", "x");
    p.target_groups = vec!["hard_to_employ".into()];
    p.posted_at = Date::from_ymd(2026, 10, 1);
    p.expires_at = Date::from_ymd(2026, 12, 31);
    p.employer = Some("E1".into());
    let p = std::sync::Arc::new(PostingProfile::build(
        &p,
        &mut crate::analysis::Analyzer::default(),
    ));
    let as_of = Date::from_ymd(2026, 11, 27).unwrap();
    let check = |when: &str| {
        let rules = parse(when, "employers").unwrap();
        let (eligible, _) =
            evaluate_employers(&rules.entitlements[0], std::slice::from_ref(&p), as_of);
        eligible.len() == 1
    };
    assert!(check(
        "target_groups = { any = [\"hard_to_employ\"] }\nlive = true"
    ));
    assert!(!check("live = false"));
    assert!(check("posted_at = { within_days = 57 }"));
    assert!(!check("posted_at = { within_days = 56 }"));
    assert!(check(
        "posted_at = { after = 2026-10-01, before = \"2026-10-01\" }"
    ));
    assert!(!check("expires_at = { before = \"2026-12-30\" }"));
    assert!(check("openings = { min = 1, max = 1 }"));
    // Unknown education: not shown to satisfy.
    assert!(!check("education = { max = \"doctorate\" }"));
    let rules = parse("live = true", "employers").unwrap();
    let (eligible, _) = evaluate_employers(&rules.entitlements[0], std::slice::from_ref(&p), as_of);
    assert_eq!(eligible[0].id.as_deref(), Some("E1"));
    assert_eq!(eligible[0].postings, vec!["P1".to_string()]);
}
