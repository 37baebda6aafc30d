//! The bad-input matrix (`tests/bad_input/table.rs`) through the library:
//! lenient loading gives the expected counts and rejected fields, strict
//! loading stops at the first rejection with its line and field, nothing
//! panics, `read = accepted + rejected`, messages never quote values, and
//! every accepted record can be indexed and matched (scores finite, in [0, 1]).
#![allow(clippy::unwrap_used)]

#[path = "bad_input/table.rs"]
mod table;

use jobmatch::load::{LoadOptions, LoadReport, parse_postings, parse_seekers};
use jobmatch::model::{Date, Posting, Seeker};
use jobmatch::{Engine, Error, MatchOptions};
use table::{Kind, Row, rows};

fn load(
    row: &Row,
    options: &LoadOptions,
) -> jobmatch::Result<(LoadReport, Vec<Posting>, Vec<Seeker>)> {
    let name = format!("{}.jsonl", row.name);
    Ok(match row.kind {
        Kind::Postings => {
            let l = parse_postings(&row.content[..], &name, options)?;
            (l.report, l.records, Vec::new())
        }
        Kind::Seekers => {
            let l = parse_seekers(&row.content[..], &name, options)?;
            (l.report, Vec::new(), l.records)
        }
    })
}

/// Values in the rows that must never appear in a message.
const NEVER_QUOTED: &[&str] = &[
    "13912345678",
    "220102199001011234",
    "张三",
    "Changchun",
    "welding",
    "slave",
    "far",
];

#[test]
fn every_row_behaves_as_written() {
    let table = rows();
    assert!(table.len() >= 40, "only {} kinds of bad input", table.len());
    let as_of = Date::from_ymd(2026, 11, 27).unwrap();
    let mut failures = Vec::new();
    for row in &table {
        let (report, postings, seekers) = load(row, &LoadOptions::lenient()).unwrap();
        assert_eq!(
            report.read,
            report.accepted + report.rejected,
            "{}",
            row.name
        );
        let got_fields: Vec<&str> = report
            .rejects
            .iter()
            .map(|r| r.location.field.as_str())
            .collect();
        let got = (
            report.read,
            report.accepted,
            report.replaced,
            got_fields.clone(),
        );
        let want = (row.read, row.accepted, row.replaced, row.rejects.clone());
        if got != want {
            failures.push(format!(
                "{}: got {got:?}, want {want:?} ({})",
                row.name, row.behaviour
            ));
            continue;
        }
        for r in &report.rejects {
            assert!(
                r.location.source.ends_with(".jsonl") && r.location.line >= 1,
                "{}: {r}",
                row.name
            );
            for v in NEVER_QUOTED {
                assert!(
                    !r.message.contains(v),
                    "{}: message quotes a value: {r}",
                    row.name
                );
            }
        }
        // Strict: the first rejection stops the load, naming file, line and field.
        match (load(row, &LoadOptions::strict()), report.rejects.first()) {
            (Ok(_), None) => {}
            (Err(Error::InvalidRecord { location, .. }), Some(first)) => {
                assert_eq!(location, first.location, "{}", row.name);
            }
            (other, first) => panic!(
                "{}: strict gave {:?}, first reject {first:?}",
                row.name,
                other.map(|_| ())
            ),
        }
        // The accepted records index and match.
        if postings.is_empty() && seekers.is_empty() {
            continue;
        }
        let engine = Engine::builder().in_ram().unwrap();
        let counterpart_p = parse_postings(
            r#"{"id":"P-base","title":"焊工","skills":["焊接"]}"#.as_bytes(),
            "base",
            &LoadOptions::strict(),
        )
        .unwrap();
        let counterpart_s = parse_seekers(
            r#"{"id":"S-base","skills":["焊接","电工证"],"summary":"电工 焊工 welder"}"#.as_bytes(),
            "base",
            &LoadOptions::strict(),
        )
        .unwrap();
        engine.upsert_postings(&postings).unwrap();
        engine.upsert_postings(&counterpart_p.records).unwrap();
        engine.upsert_seekers(&seekers).unwrap();
        engine.upsert_seekers(&counterpart_s.records).unwrap();
        engine.commit().unwrap();
        let snapshot = engine
            .snapshot()
            .unwrap_or_else(|e| panic!("{}: {e}", row.name));
        let options = MatchOptions::new(5, as_of);
        let ids: Vec<String> = snapshot.seeker_ids().map(String::from).collect();
        for id in &ids {
            for m in snapshot.recommend_postings(id, &options).unwrap() {
                assert!(
                    m.score.is_finite() && (0.0..=1.0).contains(&m.score),
                    "{}: {}",
                    row.name,
                    m.score
                );
            }
        }
        let ids: Vec<String> = snapshot.posting_ids().map(String::from).collect();
        for id in &ids {
            for m in snapshot.candidates(id, &options).unwrap() {
                assert!(
                    m.score.is_finite() && (0.0..=1.0).contains(&m.score),
                    "{}: {}",
                    row.name,
                    m.score
                );
            }
        }
        assert_eq!(
            snapshot.posting_count() + snapshot.seeker_count(),
            postings.len() + seekers.len() + 2,
            "{}",
            row.name
        );
    }
    assert!(
        failures.is_empty(),
        "{} rows differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
