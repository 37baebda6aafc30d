//! A seeker whose profile shares no query clause with any posting (no text,
//! skills, codes or place) still gets a full list: retrieval widens its reach
//! and fills the pool in the order of scores against an empty profile, which
//! for such a seeker is the exhaustive order.

use jobmatch::model::{Date, Posting, Seeker, SkillItem};
use jobmatch::{Engine, MatchOptions};

#[test]
fn an_empty_profile_gets_the_exhaustive_top_k() -> jobmatch::Result<()> {
    let engine = Engine::builder().pool_size(12).in_ram()?;
    let postings: Vec<Posting> = (0..30)
        .map(|i| {
            let mut p = Posting::new(format!("P{i:02}"), ["电焊工", "收银员", "叉车司机"][i % 3]);
            p.skills.push(SkillItem {
                name: ["焊接", "收银", "叉车"][i % 3].into(),
                required: true,
                level: None,
            });
            p.remote = i % 7 == 0;
            p.experience_years = Some((i % 4) as f64);
            p
        })
        .collect();
    engine.upsert_postings(&postings)?;
    engine.upsert_seekers(&[Seeker::new("S-empty")])?;
    engine.commit()?;
    let snapshot = engine.snapshot()?;
    let Some(as_of) = Date::from_ymd(2026, 11, 27) else {
        panic!("a valid date");
    };
    let options = MatchOptions::new(10, as_of);
    let fast = snapshot.recommend_postings("S-empty", &options)?;
    let slow = snapshot.exhaustive_postings("S-empty", &options)?;
    assert_eq!(fast.len(), 10, "a sparse profile must not get fewer than k");
    let ids = |m: &[jobmatch::Match]| m.iter().map(|x| x.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&fast), ids(&slow));
    Ok(())
}
