//! `jobmatch gaps`, `policies` and `stats` end to end on a small generated
//! dataset, after a push.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jobmatch"))
        .env_remove("RUST_LOG")
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = run_in(dir, args);
    assert!(
        out.status.success(),
        "jobmatch {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn bad(dir: &Path, args: &[&str], message: &str) {
    let out = run_in(dir, args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "jobmatch {args:?}: {stderr}");
    assert!(stderr.contains(message), "jobmatch {args:?}: {stderr}");
}

#[test]
fn gaps_policies_and_stats_after_a_push() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let g = |a: &[&str]| ok(dir, a);
    g(&[
        "datasets",
        "generate",
        "--postings",
        "300",
        "--seekers",
        "500",
        "--seed",
        "7",
        "--out",
        "data",
    ]);
    g(&[
        "push",
        "--dataset",
        "data",
        "--work",
        "w",
        "--date",
        "2026-11-27",
        "-q",
    ]);
    let date = ["--date", "2026-11-27", "--index", "w/index"];

    // gaps: batch menu, then one seeker with trainings.
    let out = g(&[&["gaps", "--menu", "menu.csv", "-q"][..], &date[..]].concat());
    assert!(out.starts_with("training menu: "), "{out}");
    let menu = std::fs::read_to_string(dir.join("menu.csv")).unwrap();
    assert!(menu.starts_with("county,seekers,seekers_with_gaps,rank,skill,"));
    assert!(menu.lines().count() > 10);
    let mut checked = 0;
    for n in 1..=60 {
        let id = format!("S{n:07}");
        let out = g(&[
            &[
                "gaps",
                "--seeker",
                &id,
                "--trainings",
                "data/trainings.jsonl",
                "--json",
                "-q",
            ][..],
            &date[..],
        ]
        .concat());
        let v: Value = serde_json::from_str(&out).unwrap();
        let gaps: Vec<&str> = v["gaps"]["skills"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["skill"].as_str().unwrap())
            .collect();
        for t in v["trainings"].as_array().unwrap() {
            for s in t["closes"].as_array().unwrap() {
                assert!(gaps.contains(&s.as_str().unwrap()));
                checked += 1;
            }
        }
    }
    assert!(checked > 0, "no training recommended for 60 seekers");

    // policies: JSON Lines and the count table.
    let policies =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../datasets/policies/subsidies.toml");
    let policies = policies.to_str().unwrap();
    let out = g(&[
        &[
            "policies",
            "--policies",
            policies,
            "--out",
            "elig.jsonl",
            "-q",
        ][..],
        &date[..],
    ]
    .concat());
    assert!(out.contains("graduate-job-search-changchun"), "{out}");
    let text = std::fs::read_to_string(dir.join("elig.jsonl")).unwrap();
    assert!(text.lines().count() > 10);
    for line in text.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        assert!(v["satisfies"].as_array().is_some_and(|a| !a.is_empty()));
    }

    // stats: the last push from the work directory; totals match its summary.
    let out = g(&[
        "stats", "--work", "w", "--index", "w/index", "--out", "s", "-q",
    ]);
    assert!(
        out.starts_with("date 2026-11-27; last push: 2026-11-27"),
        "{out}"
    );
    let stats: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("s/stats.json")).unwrap()).unwrap();
    let summary: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("w/out/2026-11-27/summary.json")).unwrap(),
    )
    .unwrap();
    let total = &stats["total"];
    assert_eq!(total["seekers"], 500);
    assert_eq!(total["postings"], summary["counts"]["live_postings"]);
    assert_eq!(
        total["unserved_seekers"],
        summary["counts"]["seekers_no_match"]
    );
    assert_eq!(
        total["unfilled_postings"],
        summary["counts"]["postings_never_pushed"]
    );
    let html = std::fs::read_to_string(dir.join("s/stats.html")).unwrap();
    assert!(html.contains("<svg") && html.contains("openings per seeker"));
    assert!(
        std::fs::read_to_string(dir.join("s/stats.csv"))
            .unwrap()
            .starts_with("region_level,")
    );

    // Bad input: exit code 2, the message names the problem.
    std::fs::write(
        dir.join("bad.toml"),
        "[[entitlement]]\nid = \"g\"\nname = \"x\"\nsubject = \"seekers\"\nwhen = { graduated_at = { within_days = 730 } }\n",
    )
    .unwrap();
    bad(
        dir,
        &[&["policies", "--policies", "bad.toml"][..], &date[..]].concat(),
        "`graduated_at`",
    );
    bad(
        dir,
        &[&["policies", "--policies", "missing.toml"][..], &date[..]].concat(),
        "missing.toml",
    );
    bad(
        dir,
        &[&["gaps", "--seeker", "nobody"][..], &date[..]].concat(),
        "nobody",
    );
    std::fs::write(dir.join("t.jsonl"), "{\"id\":\"T1\",\"name\":\"x\"}\n").unwrap();
    bad(
        dir,
        &[
            &["gaps", "--seeker", "S0000001", "--trainings", "t.jsonl"][..],
            &date[..],
        ]
        .concat(),
        "t.jsonl:1: field `skills`",
    );
    bad(
        dir,
        &["stats", "--province", "x2", "--index", "w/index"],
        "--province",
    );
}
