#![allow(clippy::unwrap_used)]

use super::*;

#[test]
fn region_keys() {
    assert_eq!(region_key(Some("220102001"), "22", 4), "2201");
    assert_eq!(region_key(Some("220102001"), "22", 6), "220102");
    assert_eq!(region_key(Some("220100"), "22", 6), "2201 (county unknown)");
    assert_eq!(region_key(Some("22"), "22", 4), "22 (city unknown)");
    assert_eq!(region_key(Some("110101"), "22", 4), OUTSIDE);
    assert_eq!(region_key(None, "22", 4), UNKNOWN);
}

#[test]
fn occupation_keys() {
    assert_eq!(occupation_key(Some("6-18-01-01"), false), "6");
    assert_eq!(occupation_key(Some("6-18-01-01"), true), "6-18");
    assert_eq!(occupation_key(Some("6-18"), true), "6-18");
    assert_eq!(occupation_key(Some("6"), true), "isco-6 (middle unknown)");
    assert_eq!(occupation_key(Some("2512.4"), false), "isco-2");
    assert_eq!(occupation_key(Some("2512.4"), true), "isco-25");
    assert_eq!(occupation_key(None, true), UNKNOWN);
}

#[test]
fn last_push_reads_unfilled_and_unserved() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("postings.tsv"),
        "posting\tcapacity\twanted\tpushed\nP1\t20\t3\t3\nP2\t20\t0\t0\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("pushes.jsonl"),
        "{\"seeker\":\"S1\",\"pushes\":[{\"posting\":\"P1\"}]}\n{\"seeker\":\"S2\",\"pushes\":[]}\n",
    )
    .unwrap();
    let push = LastPush::read_dir(dir.path()).unwrap();
    assert_eq!(push.unfilled_postings, HashSet::from(["P2".to_string()]));
    assert_eq!(push.unserved_seekers, HashSet::from(["S2".to_string()]));

    std::fs::write(dir.path().join("pushes.jsonl"), "{\"seeker\":\"S1\"}\n").unwrap();
    let err = LastPush::read_dir(dir.path()).unwrap_err().to_string();
    assert!(err.contains("pushes.jsonl:1: field `pushes`"), "{err}");
    std::fs::write(dir.path().join("postings.tsv"), "id\n").unwrap();
    assert!(LastPush::read_dir(dir.path()).is_err());
    // No history: no push.
    let work = crate::push::WorkDir::new(dir.path().join("work"));
    assert!(LastPush::latest(&work).unwrap().is_none());
}

#[test]
fn padding_counts_wide_characters_twice() {
    assert_eq!(pad("长春", 6), "长春  ");
    assert_eq!(pad("ab", 3), "ab ");
    assert_eq!(pad("abcd", 3), "abcd");
}

#[test]
fn heat_map_colours() {
    // `ratio` openings for one seeker; `None`: the openings and no seeker.
    let c = |ratio: Option<f64>, openings: u64| Cell {
        ratio,
        postings: openings.min(1),
        openings: ratio.map_or(openings, |r| (r * 1000.0) as u64),
        seekers: if ratio.is_some() { 1000 } else { 0 },
        ..Cell::default()
    };
    let html = heatmap_html(
        &MarketStats {
            as_of: Date(0),
            province: "22".into(),
            last_push: None,
            postings_not_live: 0,
            total: c(Some(1.0), 1),
            rows: Vec::new(),
        },
        "t <x>",
    );
    assert!(html.contains("t &lt;x&gt;"));
    assert_eq!(html::colour(&c(Some(1.0), 1)), "#ffffff");
    assert_eq!(html::colour(&c(Some(8.0), 1)), "#b2182b");
    assert_eq!(html::colour(&c(Some(100.0), 1)), "#b2182b");
    assert_eq!(html::colour(&c(Some(0.125), 1)), "#2166ac");
    assert_eq!(html::colour(&c(None, 3)), "#b2182b");
    assert_eq!(html::colour(&c(None, 0)), "#e0e0e0");
    assert_eq!(html::colour(&c(Some(0.0), 0)), "#2166ac");
}
