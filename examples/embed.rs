//! Embedding jobmatch: build (or reopen) an index from JSON Lines, recommend
//! postings for one seeker, print the explanation.
//!
//! `cargo run --example embed -- [DATASET_DIR] [SEEKER_ID]`
use jobmatch::{Engine, MatchOptions, load, model::Date};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().unwrap_or("datasets/jilin-sample".into()));
    let engine = Engine::builder().open_or_create(std::env::temp_dir().join("jobmatch-embed"))?;
    if engine.snapshot()?.posting_count() == 0 {
        let postings =
            load::load_postings(&dir.join("postings.jsonl"), &load::LoadOptions::lenient())?;
        let seekers =
            load::load_seekers(&dir.join("seekers.jsonl"), &load::LoadOptions::lenient())?;
        engine.upsert_postings(&postings.records)?;
        engine.upsert_seekers(&seekers.records)?;
        engine.commit()?;
    }
    let snapshot = engine.snapshot()?;
    let seeker = args
        .next()
        .or_else(|| snapshot.seeker_ids().next().map(String::from))
        .ok_or("no seekers")?;
    let as_of = Date::from_ymd(2026, 11, 27).ok_or("bad date")?;
    for m in snapshot.recommend_postings(&seeker, &MatchOptions::new(5, as_of))? {
        println!("{:.3} {} {}", m.score, m.id, m.title.unwrap_or_default());
        println!("    {}", serde_json::to_string(&m.explanation)?);
    }
    Ok(())
}
