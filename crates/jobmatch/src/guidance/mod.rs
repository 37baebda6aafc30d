//! Guidance for seekers who do not yet fit: the postings just out of reach,
//! the missing skills that would unlock the most of them, and the training
//! courses that teach those skills (see [`training`]); in batch, per county,
//! the skills most often missing — the "menu" for local training programmes.
//!
//! Everything runs on a [`Snapshot`]: the postings come from the seeker's
//! candidate pool (the same retrieval as [`Snapshot::recommend_postings`],
//! hard rules applied) and are judged with the engine's own features.
//!
//! # Just out of reach
//! A posting is *near* for a seeker when, on the settings' date,
//! 1. the pair passes the hard rules ([`crate::eligibility`]) and the posting is
//!    in the seeker's candidate pool;
//! 2. **place** is good: the location feature is at least
//!    [`GapSettings::min_location`], with evidence (both sides have a place, or
//!    the work is remote, or it lies in a region the seeker accepts);
//! 3. **intent** is good: the occupation feature is at least
//!    [`GapSettings::min_intent`] with codes on both sides, or the title feature
//!    is at least that with a title given by the seeker (a seeker who states no
//!    occupation and no title has no near posting: nothing says what they want);
//! 4. **skills** are short: between 1 and [`GapSettings::max_missing`] of the
//!    posting's required skills are missing entirely (the skill feature's
//!    `missing` list: no similarity to any skill the seeker has).
//!
//! A missing skill *unlocks* a near posting when it is that posting's only
//! missing skill; it *helps* every near posting that lacks it. Skills are ranked
//! by postings unlocked, then helped, then name.
//!
//! ```
//! use jobmatch::{Engine, model::{Date, Posting, Seeker, SkillItem, Location}};
//! use jobmatch::guidance::{GapSettings, skill_gaps};
//!
//! let skill = |n: &str| SkillItem { name: n.into(), required: true, level: None };
//! let place = Some(Location { code: Some("220102".into()), ..Location::default() });
//! let mut p = Posting::new("P1", "数控车工");
//! p.occupation = Some("6-18-01-01".into());
//! p.skills = vec![skill("数控车床"), skill("机械制图")];
//! p.location = place.clone();
//! let mut s = Seeker::new("S1");
//! s.desired.occupations = vec!["6-18-01-01".into()];
//! s.skills = vec![skill("数控车床")];
//! s.location = place;
//! let engine = Engine::builder().in_ram()?;
//! engine.upsert_postings(&[p])?;
//! engine.upsert_seekers(&[s])?;
//! engine.commit()?;
//!
//! let gaps = skill_gaps(&engine.snapshot()?, "S1", &GapSettings::new(Date::from_ymd(2026, 11, 27).unwrap()))?;
//! assert_eq!(gaps.near[0].posting, "P1");
//! assert_eq!(gaps.skills[0].skill, "机械制图");
//! assert_eq!(gaps.skills[0].unlocks, vec!["P1".to_string()]);
//! # Ok::<(), jobmatch::Error>(())
//! ```

pub mod training;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::features::{self, Feature, MatchContext};
use crate::model::Date;
use crate::prepare::PreparedSeeker;
use crate::{MatchOptions, Snapshot};

pub use training::{
    TEACHES_MIN_SIMILARITY, Training, TrainingRecommendation, load_trainings, parse_trainings,
    recommend_trainings, teaches,
};

/// What counts as "just out of reach".
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GapSettings {
    /// The day (expiry and the hard rules are judged against it).
    pub as_of: Date,
    /// Lowest location feature of a near posting (default 0.5).
    pub min_location: f32,
    /// Lowest occupation or title feature of a near posting (default 0.5: the
    /// same occupation middle group, or half the title's words).
    pub min_intent: f32,
    /// Most required skills a near posting may lack (default 2).
    pub max_missing: usize,
    /// Candidate pool per seeker (default: the engine's).
    pub pool_size: Option<usize>,
}

impl GapSettings {
    /// The defaults on `as_of`.
    pub fn new(as_of: Date) -> GapSettings {
        GapSettings {
            as_of,
            min_location: 0.5,
            min_intent: 0.5,
            max_missing: 2,
            pool_size: None,
        }
    }

    fn validate(&self) -> Result<()> {
        let unit = 0.0..=1.0;
        if !unit.contains(&self.min_location) || !unit.contains(&self.min_intent) {
            return Err(Error::config(
                "gap settings: min_location and min_intent must be in [0, 1]",
            ));
        }
        if self.max_missing == 0 {
            return Err(Error::config(
                "gap settings: max_missing must be at least 1",
            ));
        }
        Ok(())
    }
}

/// A posting just out of a seeker's reach.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NearPosting {
    /// Posting id.
    pub posting: String,
    /// Title as written.
    pub title: String,
    /// The engine's match score for the pair today.
    pub score: f32,
    /// The required skills the seeker lacks (canonical names).
    pub missing: Vec<String>,
}

/// One missing skill and the near postings it concerns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillGap {
    /// Canonical skill name.
    pub skill: String,
    /// Near postings for which it is the only missing skill.
    pub unlocks: Vec<String>,
    /// Near postings that lack it (a superset of `unlocks`).
    pub helps: Vec<String>,
}

/// A seeker's skill gaps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapReport {
    /// Seeker id.
    pub seeker: String,
    /// Near postings, best score first (ties by id).
    pub near: Vec<NearPosting>,
    /// Missing skills, the most unlocking first.
    pub skills: Vec<SkillGap>,
}

/// The near postings of one prepared seeker (see the module docs).
fn near_postings(
    snapshot: &Snapshot,
    seeker: &PreparedSeeker,
    settings: &GapSettings,
) -> Result<Vec<NearPosting>> {
    let pool = settings
        .pool_size
        .unwrap_or(crate::DEFAULT_POOL_SIZE)
        .max(1);
    let options = MatchOptions {
        k: pool,
        as_of: settings.as_of,
        pool_size: settings.pool_size,
        explain: false,
    };
    let prepared = snapshot.scoring_postings();
    let weights = snapshot.weights().normalised();
    let ctx = MatchContext {
        as_of: settings.as_of,
    };
    let s = &seeker.profile;
    let has_codes = !s.desired_occupations.is_empty() || !s.past_occupations.is_empty();
    let has_titles = !seeker.titles.is_empty();
    if !has_codes && !has_titles {
        return Ok(Vec::new());
    }
    let mut near = Vec::new();
    for i in snapshot.posting_pool(seeker, &options)? {
        let p = &prepared[i];
        let skills = features::skill_match(&seeker.skills, &p.skills, true);
        if skills.missing.is_empty() || skills.missing.len() > settings.max_missing {
            continue;
        }
        let place = features::location_match(s, &p.profile);
        let place_known = place.remote
            || place.in_accepted_region
            || place.distance_km.is_some()
            || place.shared_levels.is_some();
        if !place_known || place.score < settings.min_location {
            continue;
        }
        let v = features::compute(seeker, p, &ctx);
        let by_code = has_codes
            && p.profile.occupation.is_some()
            && v.get(Feature::Occupation) >= settings.min_intent;
        let by_title = has_titles && v.get(Feature::Title) >= settings.min_intent;
        if !by_code && !by_title {
            continue;
        }
        let score: f32 = weights.iter().zip(v.0.iter()).map(|(w, x)| w * x).sum();
        let mut missing = skills.missing;
        missing.sort();
        missing.dedup();
        near.push(NearPosting {
            posting: p.profile.id.clone(),
            title: p.profile.title.clone(),
            score: score.clamp(0.0, 1.0),
            missing,
        });
    }
    near.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.posting.cmp(&b.posting))
    });
    Ok(near)
}

/// Missing skills ranked by postings unlocked, then helped, then name.
fn rank_skills(near: &[NearPosting]) -> Vec<SkillGap> {
    let mut by_skill: BTreeMap<&str, SkillGap> = BTreeMap::new();
    for n in near {
        for m in &n.missing {
            let gap = by_skill.entry(m.as_str()).or_insert_with(|| SkillGap {
                skill: m.clone(),
                unlocks: Vec::new(),
                helps: Vec::new(),
            });
            gap.helps.push(n.posting.clone());
            if n.missing.len() == 1 {
                gap.unlocks.push(n.posting.clone());
            }
        }
    }
    let mut skills: Vec<SkillGap> = by_skill.into_values().collect();
    for g in &mut skills {
        g.unlocks.sort();
        g.helps.sort();
    }
    skills.sort_by(|a, b| {
        b.unlocks
            .len()
            .cmp(&a.unlocks.len())
            .then(b.helps.len().cmp(&a.helps.len()))
            .then_with(|| a.skill.cmp(&b.skill))
    });
    skills
}

/// The skill gaps of an indexed seeker (see the module docs).
///
/// # Errors
/// [`Error::NotFound`] for an unknown seeker, [`Error::InvalidConfig`] for bad
/// settings, or an index error.
pub fn skill_gaps(
    snapshot: &Snapshot,
    seeker_id: &str,
    settings: &GapSettings,
) -> Result<GapReport> {
    settings.validate()?;
    let i = snapshot
        .seeker_position(seeker_id)
        .ok_or_else(|| Error::NotFound {
            kind: "seeker",
            id: seeker_id.to_string(),
        })?;
    let seeker = snapshot.seeker_query_at(i).ok_or_else(|| Error::NotFound {
        kind: "seeker",
        id: seeker_id.to_string(),
    })?;
    let near = near_postings(snapshot, &seeker, settings)?;
    Ok(GapReport {
        seeker: seeker_id.to_string(),
        skills: rank_skills(&near),
        near,
    })
}

/// County of a home division code: its first six digits (or the whole code
/// when shorter); `None` without a code.
pub fn county_of(division: Option<&str>) -> Option<String> {
    let code = crate::normalise::codes::significant_division_code(division?);
    if code.is_empty() {
        return None;
    }
    Some(code[..code.len().min(6)].to_string())
}

/// The label used for seekers without a home division code.
pub const UNKNOWN_COUNTY: &str = "(unknown)";

/// One line of a county's training menu.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MenuItem {
    /// Canonical skill name.
    pub skill: String,
    /// Seekers of the county who lack it for at least one near posting.
    pub seekers: u64,
    /// Seekers for whom it would unlock at least one near posting on its own.
    pub seekers_unlocked: u64,
    /// Near postings it would unlock on its own, summed over those seekers.
    pub postings_unlocked: u64,
}

/// The skills most often missing among a county's seekers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountyMenu {
    /// County code (first six digits of the seekers' home code), or [`UNKNOWN_COUNTY`].
    pub county: String,
    /// Seekers living there.
    pub seekers: u64,
    /// Of those, seekers with at least one near posting.
    pub seekers_with_gaps: u64,
    /// The most frequent missing skills: most seekers first, then most
    /// seekers unlocked, then name.
    pub skills: Vec<MenuItem>,
}

/// Per county (the seeker's home), the `top` skills most often missing for
/// near postings, over every seeker in the snapshot. Seekers are processed in
/// parallel; the result does not depend on the thread count. Counties are in
/// code order, [`UNKNOWN_COUNTY`] last.
///
/// # Errors
/// [`Error::InvalidConfig`] for bad settings, or an index error.
pub fn training_menu(
    snapshot: &Snapshot,
    settings: &GapSettings,
    top: usize,
) -> Result<Vec<CountyMenu>> {
    settings.validate()?;
    let n = snapshot.seeker_profiles().len();
    let per_seeker: Vec<(Option<String>, Vec<SkillGap>)> = (0..n)
        .into_par_iter()
        .map(|i| {
            let Some(seeker) = snapshot.seeker_query_at(i) else {
                return Ok((None, Vec::new()));
            };
            let county = county_of(seeker.profile.division.as_deref());
            let near = near_postings(snapshot, &seeker, settings)?;
            Ok((county, rank_skills(&near)))
        })
        .collect::<Result<_>>()?;
    let mut counties: BTreeMap<Option<String>, (u64, u64, BTreeMap<String, MenuItem>)> =
        BTreeMap::new();
    for (county, gaps) in per_seeker {
        let entry = counties.entry(county).or_default();
        entry.0 += 1;
        if !gaps.is_empty() {
            entry.1 += 1;
        }
        for g in gaps {
            let item = entry.2.entry(g.skill.clone()).or_insert_with(|| MenuItem {
                skill: g.skill.clone(),
                seekers: 0,
                seekers_unlocked: 0,
                postings_unlocked: 0,
            });
            item.seekers += 1;
            if !g.unlocks.is_empty() {
                item.seekers_unlocked += 1;
            }
            item.postings_unlocked += g.unlocks.len() as u64;
        }
    }
    let mut out: Vec<CountyMenu> = Vec::with_capacity(counties.len());
    let mut unknown = None;
    for (county, (seekers, with_gaps, items)) in counties {
        let mut skills: Vec<MenuItem> = items.into_values().collect();
        skills.sort_by(|a, b| {
            b.seekers
                .cmp(&a.seekers)
                .then(b.seekers_unlocked.cmp(&a.seekers_unlocked))
                .then_with(|| a.skill.cmp(&b.skill))
        });
        skills.truncate(top);
        let menu = CountyMenu {
            county: county.clone().unwrap_or_else(|| UNKNOWN_COUNTY.to_string()),
            seekers,
            seekers_with_gaps: with_gaps,
            skills,
        };
        if county.is_none() {
            unknown = Some(menu);
        } else {
            out.push(menu);
        }
    }
    out.extend(unknown);
    Ok(out)
}
