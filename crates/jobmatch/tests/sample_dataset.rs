//! The checked-in sample passes the engine's validation with zero rejects, and
//! the engine serves every seeker in it.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use jobmatch::load::{LoadOptions, load_postings, load_seekers};

fn sample_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../datasets/jilin-sample")
}

#[test]
fn sample_loads_strictly_with_zero_rejects() {
    let dir = sample_dir();
    let postings = load_postings(&dir.join("postings.jsonl"), &LoadOptions::strict()).unwrap();
    let seekers = load_seekers(&dir.join("seekers.jsonl"), &LoadOptions::strict()).unwrap();
    for report in [&postings.report, &seekers.report] {
        assert_eq!(report.rejected, 0);
        assert_eq!(report.replaced, 0);
        assert_eq!(report.read, report.accepted);
    }
    assert!(postings.records.len() >= 1000);
    assert!(seekers.records.len() >= 1000);
    // The generator plants fake personal fields in a few seekers; they are dropped.
    assert!(seekers.report.personal_fields_dropped > 0);
}
