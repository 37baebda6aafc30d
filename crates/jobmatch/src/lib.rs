//! # jobmatch
//!
//! A job–candidate matching engine for public employment services. It indexes
//! job postings and seeker profiles in [tantivy](https://docs.rs/tantivy), retrieves
//! candidates with one query per seeker (or posting), scores each candidate with
//! named, weighted features (skills, text, place, occupation, title, employment
//! type, pay, education, experience, freshness), explains every result, and runs
//! batches in parallel with rayon.
//!
//! Data flows one way (see `ARCHITECTURE.md`):
//! [`load`] (JSON Lines, validation) → [`profile`] (compact scoring inputs) →
//! [`index`] (tantivy) → retrieval → [`features`] → [`score`] → results.
//!
//! ```
//! use jobmatch::{Engine, MatchOptions, load, model::Date};
//!
//! let postings = r#"{"id":"P1","title":"数控车工","skills":["数控车床操作"],"location":{"code":"220102"}}
//! {"id":"P2","title":"Cashier","skills":["cash handling"],"location":{"code":"220102"}}"#;
//! let seekers = r#"{"id":"S1","skills":["数控车床"],"location":{"code":"220102001"}}"#;
//! let postings = load::parse_postings(postings.as_bytes(), "postings", &load::LoadOptions::strict())?;
//! let seekers = load::parse_seekers(seekers.as_bytes(), "seekers", &load::LoadOptions::strict())?;
//!
//! let engine = Engine::builder().in_ram()?;
//! engine.upsert_postings(&postings.records)?;
//! engine.upsert_seekers(&seekers.records)?;
//! engine.commit()?;
//!
//! let snapshot = engine.snapshot()?;
//! let top = snapshot.recommend_postings("S1", &MatchOptions::new(10, Date::from_ymd(2026, 11, 27).unwrap()))?;
//! assert_eq!(top[0].id, "P1");
//! let why = top[0].explanation.as_ref().unwrap();
//! assert_eq!(why.matched_skills[0].0, "数控车床操作");
//! # Ok::<(), jobmatch::Error>(())
//! ```

#![deny(missing_docs)]

pub mod analysis;
pub mod checks;
pub mod classify;
pub mod eligibility;
mod engine;
pub mod entitlement;
mod error;
pub mod eval;
pub mod features;
pub mod gig;
pub mod guidance;
pub mod index;
pub mod load;
pub mod market;
pub mod model;
pub mod normalise;
pub mod policy;
pub mod prepare;
pub mod privacy;
pub mod profile;
mod profile_fit;
pub mod push;
pub mod score;

pub use engine::{
    DEFAULT_CANDIDATE_POOL_SIZE, DEFAULT_POOL_SIZE, Engine, EngineBuilder, IndexReport, Match,
    MatchOptions, SeekerMatches, Snapshot,
};
pub use error::{Error, InputLocation, Result};
