//! The index on disk: create, reopen, add, upsert, delete, and the write lock.
#![allow(clippy::unwrap_used)]

mod common;

use jobmatch::model::{Date, Posting, Seeker};
use jobmatch::{Engine, Error, MatchOptions};

fn opts() -> MatchOptions {
    MatchOptions::new(10, common::as_of())
}

#[test]
fn reopen_add_upsert_delete() {
    let dir = tempfile::tempdir().unwrap();
    {
        let engine = Engine::builder()
            .writer_threads(1)
            .open_or_create(dir.path())
            .unwrap();
        let r = engine
            .upsert_postings(&[Posting::new("P1", "电焊工"), Posting::new("P2", "收银员")])
            .unwrap();
        assert_eq!((r.added, r.replaced), (2, 0));
        let mut s = Seeker::new("S1");
        s.summary = Some("五年电焊工经验".into());
        engine.upsert_seekers(&[s]).unwrap();
        engine.commit().unwrap();
        engine.close_writers().unwrap();
    }
    let engine = Engine::builder()
        .writer_threads(1)
        .open_or_create(dir.path())
        .unwrap();
    assert_eq!(engine.snapshot().unwrap().posting_count(), 2);
    let mut expired = Posting::new("P2", "收银员");
    expired.expires_at = Some(Date(common::as_of().0 - 1));
    let r = engine
        .upsert_postings(&[expired, Posting::new("P3", "焊工学徒")])
        .unwrap();
    assert_eq!((r.added, r.replaced), (1, 1));
    let r = engine
        .delete_postings(&["P1".to_string(), "NOPE".to_string()])
        .unwrap();
    assert_eq!(r.deleted, 1);
    engine.commit().unwrap();
    let snap = engine.snapshot().unwrap();
    assert_eq!(snap.posting_count(), 2);
    let ids: Vec<String> = snap
        .recommend_postings("S1", &opts())
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(ids, ["P3"], "P1 deleted, P2 expired");
    assert!(matches!(
        snap.recommend_postings("S9", &opts()),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn second_writer_gets_index_locked() {
    let dir = tempfile::tempdir().unwrap();
    let first = Engine::builder()
        .writer_threads(1)
        .open_or_create(dir.path())
        .unwrap();
    first.lock_for_writing().unwrap();
    let second = Engine::builder()
        .writer_threads(1)
        .open_or_create(dir.path())
        .unwrap();
    let err = second
        .upsert_postings(&[Posting::new("P1", "a")])
        .unwrap_err();
    assert!(matches!(err, Error::IndexLocked { .. }), "{err}");
    assert!(err.to_string().contains("index is locked"));
    // Readers keep working while the first holds the lock.
    assert_eq!(second.snapshot().unwrap().posting_count(), 0);
    first.close_writers().unwrap();
    second.upsert_postings(&[Posting::new("P1", "a")]).unwrap();
}

#[test]
fn hard_filters_hold_in_the_index() {
    let mut near = Posting::new("NEAR", "叉车司机");
    near.location = Some(common_loc("220102001", 43.88, 125.32));
    let mut far = Posting::new("FAR", "叉车司机");
    far.location = Some(common_loc("222401", 42.89, 129.51));
    let mut remote = Posting::new("REMOTE", "叉车调度 远程");
    remote.remote = true;
    remote.location = Some(common_loc("222401", 42.89, 129.51));
    let mut full = Posting::new("FULL", "叉车司机");
    full.openings = 0;
    let mut s = Seeker::new("S1");
    s.summary = Some("叉车司机".into());
    s.location = Some(common_loc("220102002", 43.86, 125.35));
    s.desired.max_commute_km = Some(20.0);
    s.desired.regions = vec!["2201".into()];
    let engine = common::engine_with(&[near, far, remote, full], &[s.clone()], 2);
    let snap = engine.snapshot().unwrap();
    let mut ids: Vec<String> = snap
        .recommend_postings("S1", &opts())
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        ["NEAR", "REMOTE"],
        "FAR is beyond the commute and outside the region; FULL has no opening"
    );
    // Refusing remote work removes the remote posting outside the region.
    s.desired.remote = Some(false);
    let ids: Vec<String> = snap
        .recommend_postings_for(&s, &opts())
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(ids, ["NEAR"]);
    // The other direction respects the same rules.
    let c: Vec<String> = snap
        .candidates("FAR", &opts())
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect();
    assert!(c.is_empty());
    let c: Vec<String> = snap
        .candidates("NEAR", &opts())
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(c, ["S1"]);
}

fn common_loc(code: &str, lat: f64, lon: f64) -> jobmatch::model::Location {
    jobmatch::model::Location {
        code: Some(code.into()),
        name: None,
        lat: Some(lat),
        lon: Some(lon),
    }
}

#[test]
fn an_index_of_another_storage_format_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    drop(
        Engine::builder()
            .writer_threads(1)
            .open_or_create(dir.path())
            .unwrap(),
    );
    std::fs::write(
        dir.path().join("postings/jobmatch-format"),
        "jobmatch-index 0\n",
    )
    .unwrap();
    let err = Engine::builder().open_or_create(dir.path()).unwrap_err();
    assert!(err.to_string().contains("rebuild the index"), "{err}");
    assert!(err.to_string().contains("postings"), "{err}");
}
