//! The training catalogue (`trainings.jsonl`) and training recommendations.
//!
//! # The file
//! One JSON object per line (documented in `datasets/README.md`, next to the
//! spec's shapes):
//!
//! | field | type | req. | meaning |
//! |---|---|---|---|
//! | `id` | string, 1-128 bytes | yes | unique course id |
//! | `name` | string | yes | course name |
//! | `skills` | array of strings | yes, non-empty | skills the course teaches |
//! | `location` | location (spec) | no | where it is held |
//! | `duration_days` | number >= 0 | no | length in days |
//! | `cost` | number >= 0 | no | fee in CNY (before any subsidy) |
//! | `subsidised` | bool | no | eligible for a public training subsidy |
//!
//! Unknown fields are ignored. A bad line is an
//! [`Error::InvalidRecord`] naming the file, line
//! and field; a repeated id is an error too.
//!
//! # Recommending
//! A course [`teaches`] a missing skill when one of its skills is the same
//! skill or contains it (skill similarity at least [`TEACHES_MIN_SIMILARITY`],
//! with the engine's synonyms). It *opens* a near posting when it teaches every
//! skill that posting lacks. [`recommend_trainings`] lists the courses that
//! teach at least one of the seeker's missing skills, nearest first.

use std::collections::HashSet;
use std::io::BufRead;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use super::GapReport;
use crate::Snapshot;
use crate::error::{Error, InputLocation, Result};
use crate::load::fields::{FieldResult, Obj, field_err};
use crate::model::Location;
use crate::normalise::codes::shared_division_levels;
use crate::normalise::geo::haversine_km;
use crate::normalise::skills::SkillNormaliser;
use crate::profile::SeekerProfile;

/// Lowest skill similarity at which a course's skill counts as teaching a
/// missing skill: the same skill, or one containing the other
/// ([`crate::normalise::skills::CONTAINED_CREDIT`]).
pub const TEACHES_MIN_SIMILARITY: f32 = crate::normalise::skills::CONTAINED_CREDIT;

/// A training course.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Training {
    /// Unique id.
    pub id: String,
    /// Course name.
    pub name: String,
    /// Skills taught, as written.
    pub skills: Vec<String>,
    /// Where it is held.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Length in days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_days: Option<f64>,
    /// Fee in CNY.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<f64>,
    /// Eligible for a public training subsidy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subsidised: Option<bool>,
}

fn training_from_json(map: &serde_json::Map<String, Value>) -> FieldResult<Training> {
    let o = Obj::root(map);
    let id = o.id("id")?;
    let name = o.required_text("name")?;
    let skills = o.str_list("skills", |s| Some(s.to_string()), "a skill name")?;
    if skills.is_empty() {
        return Err(field_err("skills", "expected at least one skill taught"));
    }
    Ok(Training {
        id,
        name,
        skills,
        location: o.opt_location("location")?,
        duration_days: o.opt_num("duration_days", 0.0, 3650.0)?,
        cost: o.opt_num("cost", 0.0, 1e9)?,
        subsidised: o.opt_bool("subsidised")?,
    })
}

/// Parses a training catalogue from JSON Lines; `source` names the input in errors.
///
/// ```
/// let text = r#"{"id":"T1","name":"焊工培训","skills":["焊接"],"cost":0,"subsidised":true}"#;
/// let courses = jobmatch::guidance::parse_trainings(text.as_bytes(), "inline")?;
/// assert_eq!(courses[0].skills, ["焊接"]);
/// let bad = jobmatch::guidance::parse_trainings(&br#"{"id":"T1","name":"x","skills":[]}"#[..], "inline");
/// assert!(bad.unwrap_err().to_string().contains("inline:1: field `skills`"));
/// # Ok::<(), jobmatch::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidRecord`] for the first bad line (file, line, field), or
/// [`Error::Io`] when reading fails.
pub fn parse_trainings(reader: impl BufRead, source: &str) -> Result<Vec<Training>> {
    let mut out = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (n, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| Error::io(source, e))?;
        let text = line.trim().trim_start_matches('\u{feff}');
        if text.is_empty() {
            continue;
        }
        let bad = |field: &str, message: String| Error::InvalidRecord {
            location: InputLocation {
                source: source.to_string(),
                line: n as u64 + 1,
                field: field.to_string(),
            },
            message,
        };
        let value: Value = serde_json::from_str(text)
            .map_err(|e| bad("", format!("malformed JSON at column {}", e.column())))?;
        let Value::Object(map) = value else {
            return Err(bad("", "expected a JSON object".into()));
        };
        let t = training_from_json(&map).map_err(|e| bad(&e.field, e.message))?;
        if !seen.insert(t.id.clone()) {
            return Err(bad(
                "id",
                "this training id appears on an earlier line".into(),
            ));
        }
        out.push(t);
    }
    Ok(out)
}

/// Reads a training catalogue file (see [`parse_trainings`]).
///
/// # Errors
/// As [`parse_trainings`]; [`Error::Io`] when the file cannot be opened.
pub fn load_trainings(path: &Path) -> Result<Vec<Training>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    parse_trainings(std::io::BufReader::new(file), &path.display().to_string())
}

/// Whether a course teaches a skill: one of its skills has similarity at least
/// [`TEACHES_MIN_SIMILARITY`] to it (after the normaliser's synonyms).
///
/// ```
/// use jobmatch::guidance::{Training, teaches};
/// use jobmatch::normalise::skills::SkillNormaliser;
/// let t = Training { id: "T1".into(), name: "数控培训".into(), skills: vec!["数控车床操作".into()],
///     location: None, duration_days: None, cost: None, subsidised: None };
/// let n = SkillNormaliser::default();
/// assert!(teaches(&t, "数控车床", &n));
/// assert!(!teaches(&t, "护理", &n));
/// ```
pub fn teaches(training: &Training, skill: &str, normaliser: &SkillNormaliser) -> bool {
    let want = normaliser.key(skill);
    training
        .skills
        .iter()
        .any(|t| normaliser.key(t).similarity(&want) >= TEACHES_MIN_SIMILARITY)
}

/// A course recommended for a seeker's gaps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrainingRecommendation {
    /// Course id.
    pub training: String,
    /// Course name.
    pub name: String,
    /// The seeker's missing skills it teaches (in the gap report's order).
    pub closes: Vec<String>,
    /// Near postings it opens: it teaches every skill they lack (id order).
    pub opens: Vec<String>,
    /// Distance from the seeker's home, when both have coordinates (km, 0.1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    /// Division levels shared with the seeker's home (0-5), when both have codes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared_levels: Option<u8>,
    /// Where it is held (name or code).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Length in days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_days: Option<f64>,
    /// Fee in CNY.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<f64>,
    /// Subsidised.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subsidised: Option<bool>,
}

/// The courses that teach at least one skill of `gaps`, at most `limit`,
/// nearest first: most division levels shared with the seeker's home (same
/// county, then city, then province), then shortest distance (unknown last),
/// then most postings opened, then most skills closed, then id.
///
/// # Errors
/// [`Error::NotFound`] when the gap report's seeker is not in the snapshot.
pub fn recommend_trainings(
    snapshot: &Snapshot,
    gaps: &GapReport,
    catalogue: &[Training],
    limit: usize,
) -> Result<Vec<TrainingRecommendation>> {
    let seeker = snapshot
        .seeker(&gaps.seeker)
        .ok_or_else(|| Error::NotFound {
            kind: "seeker",
            id: gaps.seeker.clone(),
        })?;
    Ok(recommend_for(
        &seeker,
        gaps,
        catalogue,
        snapshot.skill_normaliser(),
        limit,
    ))
}

pub(crate) fn recommend_for(
    seeker: &SeekerProfile,
    gaps: &GapReport,
    catalogue: &[Training],
    normaliser: &SkillNormaliser,
    limit: usize,
) -> Vec<TrainingRecommendation> {
    if gaps.skills.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<TrainingRecommendation> = catalogue
        .iter()
        .filter_map(|t| {
            let closes: Vec<String> = gaps
                .skills
                .iter()
                .filter(|g| teaches(t, &g.skill, normaliser))
                .map(|g| g.skill.clone())
                .collect();
            if closes.is_empty() {
                return None;
            }
            let mut opens: Vec<String> = gaps
                .near
                .iter()
                .filter(|n| n.missing.iter().all(|m| closes.contains(m)))
                .map(|n| n.posting.clone())
                .collect();
            opens.sort();
            let loc = t.location.as_ref();
            let distance_km = match (seeker.coords, loc.and_then(Location::coordinates)) {
                (Some(a), Some(b)) => Some((haversine_km(a, b) * 10.0).round() / 10.0),
                _ => None,
            };
            let shared_levels = match (&seeker.division, loc.and_then(|l| l.code.as_deref())) {
                (Some(a), Some(b)) => Some(shared_division_levels(a, b).min(5) as u8),
                _ => None,
            };
            Some(TrainingRecommendation {
                training: t.id.clone(),
                name: t.name.clone(),
                closes,
                opens,
                distance_km,
                shared_levels,
                place: loc.and_then(|l| l.name.clone().or_else(|| l.code.clone())),
                duration_days: t.duration_days,
                cost: t.cost,
                subsidised: t.subsidised,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.shared_levels
            .unwrap_or(0)
            .cmp(&a.shared_levels.unwrap_or(0))
            .then_with(|| match (a.distance_km, b.distance_km) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then(b.opens.len().cmp(&a.opens.len()))
            .then(b.closes.len().cmp(&a.closes.len()))
            .then_with(|| a.training.cmp(&b.training))
    });
    out.truncate(limit);
    out
}
