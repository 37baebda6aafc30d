//! Policy finds people (政策找人): declarative eligibility rules for subsidies
//! and services, evaluated against every seeker and posting in the index, so
//! that support reaches people without their having to apply.
//!
//! Not to be confused with [`crate::policy`], which *boosts priority groups in
//! ranking*. An entitlement rule decides nothing about matching: it lists who
//! is eligible for a benefit.
//!
//! # The file (`subsidies.toml`)
//! ```toml
//! [[entitlement]]
//! id = "graduate-job-search-changchun"
//! name = "长春市高校毕业生求职创业补贴"
//! subject = "seekers"                      # or "employers"
//! match = "all"                            # every condition (default), or "any"
//! [entitlement.when]
//! groups = { any = ["graduate"] }
//! location = { within = ["2201"] }
//! education = { min = "associate" }
//!
//! [[entitlement]]
//! id = "hire-hard-to-employ"
//! name = "吸纳就业困难人员社会保险补贴"
//! subject = "employers"
//! [entitlement.when]
//! target_groups = { any = ["hard_to_employ"] }
//! live = true
//! ```
//!
//! # Conditions
//! Each key of `when` is a field the index holds; its value says what to test.
//! A record without the field does not satisfy the condition (eligibility must
//! be shown, not assumed).
//!
//! | subject | field | tests |
//! |---|---|---|
//! | seekers | `groups` | `any`, `all`, `none` (group tags) |
//! | seekers | `location` | `within`, `not_within` (division codes; the home) |
//! | seekers | `desired_regions` | `within` (some accepted region lies within one of the codes) |
//! | seekers | `education` | `min`, `max` (levels of the spec) |
//! | seekers | `experience_years` | `min`, `max` |
//! | seekers | `employment_types` | `any` (the person names one of these types among those wanted) |
//! | seekers | `occupation` | `within` (a desired or past occupation code under one of these codes) |
//! | employers | `target_groups` | `any`, `all`, `none` |
//! | employers | `location` | `within`, `not_within` (the workplace) |
//! | employers | `education`, `experience_years` | `min`, `max` (what the posting requires) |
//! | employers | `employment_type` | `any`, `none` |
//! | employers | `occupation` | `within` |
//! | employers | `posted_at`, `expires_at` | `after`, `before` (dates, inclusive), `within_days` (of the evaluation date, `posted_at` only) |
//! | employers | `openings` | `min`, `max` |
//! | employers | `live` | `true` / `false`: live on the evaluation date |
//!
//! A condition on any other field is an error that names the policy and the
//! field ([`crate::Error::InvalidConfig`]), never a silent false. In
//! particular, data format version 1 holds **no registration, graduation or
//! employment-status date for seekers** and no personal fields (age, gender,
//! hukou, ... are dropped at load): a rule such as "within two years of
//! graduation" is written with the `graduate` group tag, which the service
//! assigns to graduates in their first two years, and "not yet employed" is
//! every registered seeker. Registration dates exist for postings
//! (`posted_at`, `expires_at`).
//!
//! Employers are the `employer` ids of the eligible postings; an eligible
//! posting without an employer id is listed on its own.
//!
//! ```
//! use jobmatch::entitlement::Entitlements;
//! let ok = Entitlements::from_toml_str(r#"
//! [[entitlement]]
//! id = "g"
//! name = "graduates"
//! subject = "seekers"
//! when = { groups = { any = ["graduate"] } }
//! "#, None)?;
//! assert_eq!(ok.entitlements.len(), 1);
//! let err = Entitlements::from_toml_str(r#"
//! [[entitlement]]
//! id = "g"
//! name = "recent graduates"
//! subject = "seekers"
//! when = { graduated_at = { within_days = 730 } }
//! "#, None).unwrap_err();
//! assert!(err.to_string().contains("`graduated_at`"));
//! # Ok::<(), jobmatch::Error>(())
//! ```

mod eval;
#[cfg(test)]
mod tests;

use std::path::Path;

use serde::Serialize;

pub use eval::{
    CountRow, EligibilityReport, Eligible, evaluate, evaluate_employers, evaluate_seekers,
};

use crate::error::{Error, Result};
use crate::model::{Date, EducationLevel, EmploymentType};

/// Who a rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// Registered job seekers.
    Seekers,
    /// Employers, through their postings.
    Employers,
}

/// Whether a record must satisfy every condition or at least one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchMode {
    /// Every condition (the default).
    All,
    /// At least one condition.
    Any,
}

/// A test on a set of tags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TagTest {
    /// Holds one of these.
    Any(Vec<String>),
    /// Holds all of these.
    All(Vec<String>),
    /// Holds none of these.
    None(Vec<String>),
}

/// One condition of a rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// Seeker group tags, or a posting's target groups.
    Groups(TagTest),
    /// The place (home or workplace) lies within one of the codes.
    LocationWithin(Vec<String>),
    /// The place is known and lies within none of the codes.
    LocationNotWithin(Vec<String>),
    /// Some accepted region of the seeker lies within one of the codes.
    DesiredRegionsWithin(Vec<String>),
    /// Education (attained or required) within bounds.
    Education {
        /// Lowest level.
        min: Option<EducationLevel>,
        /// Highest level.
        max: Option<EducationLevel>,
    },
    /// Years of experience (total or required) within bounds.
    ExperienceYears {
        /// Fewest years.
        min: Option<f64>,
        /// Most years.
        max: Option<f64>,
    },
    /// Employment types wanted (seekers) or offered (postings): one of these.
    EmploymentAny(Vec<EmploymentType>),
    /// The posting's employment type is known and none of these.
    EmploymentNone(Vec<EmploymentType>),
    /// An occupation code (desired or past; the posting's) under one of these.
    OccupationWithin(Vec<String>),
    /// `posted_at` within bounds (inclusive); `within_days` is resolved
    /// against the evaluation date.
    PostedAt {
        /// First day.
        after: Option<Date>,
        /// Last day.
        before: Option<Date>,
        /// At most this many days before the evaluation date.
        within_days: Option<u32>,
    },
    /// `expires_at` within bounds (inclusive).
    ExpiresAt {
        /// First day.
        after: Option<Date>,
        /// Last day.
        before: Option<Date>,
    },
    /// Headcount within bounds.
    Openings {
        /// Fewest.
        min: Option<u32>,
        /// Most.
        max: Option<u32>,
    },
    /// Live (not expired, with an opening) on the evaluation date, or not.
    Live(bool),
}

/// A condition with the text shown in outputs (`field op values`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NamedCondition {
    /// For example `groups any [graduate]`.
    pub label: String,
    /// The test.
    pub condition: Condition,
}

/// One eligibility rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entitlement {
    /// Short id, unique in the file.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Seekers or employers.
    pub subject: Subject,
    /// All or any of the conditions.
    pub mode: MatchMode,
    /// The conditions, in alphabetical order of their fields.
    pub conditions: Vec<NamedCondition>,
}

/// A file of eligibility rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entitlements {
    /// The rules, in file order.
    pub entitlements: Vec<Entitlement>,
}

/// Fields the index holds for seekers, as condition keys.
pub const SEEKER_FIELDS: &[&str] = &[
    "groups",
    "location",
    "desired_regions",
    "education",
    "experience_years",
    "employment_types",
    "occupation",
];

/// Fields the index holds for postings (employers), as condition keys.
pub const EMPLOYER_FIELDS: &[&str] = &[
    "target_groups",
    "location",
    "education",
    "experience_years",
    "employment_type",
    "occupation",
    "posted_at",
    "expires_at",
    "openings",
    "live",
];

/// Why a field the engine does not hold is missing, for a better error.
fn why_not_held(subject: Subject, field: &str) -> Option<&'static str> {
    if crate::load::PERSONAL_FIELDS.contains(&field) {
        return Some(
            "it is a personal field, dropped at load and never held by the engine (use a group tag instead)",
        );
    }
    match (subject, field) {
        (
            Subject::Seekers,
            "registered_at" | "registration_date" | "registered" | "graduated_at"
            | "graduation_date" | "graduation_year" | "employment_status" | "employed"
            | "unemployed_since",
        ) => Some(
            "data format version 1 has no such seeker field (use the `graduate` group tag for recent graduates; every registered seeker is looking for work)",
        ),
        (Subject::Seekers, f) if EMPLOYER_FIELDS.contains(&f) => {
            Some("it is a posting field, not a seeker field")
        }
        (Subject::Employers, f) if SEEKER_FIELDS.contains(&f) => {
            Some("it is a seeker field, not a posting field")
        }
        _ => None,
    }
}

struct Ctx<'a> {
    source: Option<&'a str>,
    policy: String,
}

impl Ctx<'_> {
    fn err(&self, message: impl std::fmt::Display) -> Error {
        Error::InvalidConfig {
            source_name: self.source.map(str::to_string),
            message: format!("entitlement `{}`: {message}", self.policy),
        }
    }
}

fn as_table<'v>(ctx: &Ctx<'_>, v: &'v toml::Value, what: &str) -> Result<&'v toml::Table> {
    v.as_table()
        .ok_or_else(|| ctx.err(format!("`{what}` must be a table")))
}

fn strings(ctx: &Ctx<'_>, v: &toml::Value, what: &str) -> Result<Vec<String>> {
    let arr = v
        .as_array()
        .ok_or_else(|| ctx.err(format!("`{what}` must be an array of strings")))?;
    let mut out = Vec::new();
    for item in arr {
        let s = item
            .as_str()
            .ok_or_else(|| ctx.err(format!("`{what}` must be an array of strings")))?;
        out.push(s.trim().to_string());
    }
    if out.is_empty() {
        return Err(ctx.err(format!("`{what}` is empty")));
    }
    Ok(out)
}

fn codes(ctx: &Ctx<'_>, v: &toml::Value, what: &str, division: bool) -> Result<Vec<String>> {
    let list = strings(ctx, v, what)?;
    for c in &list {
        let ok = if division {
            crate::load::fields::is_division_code(c)
        } else {
            crate::load::fields::is_occupation_code(c)
        };
        if !ok {
            return Err(ctx.err(format!(
                "`{what}`: `{c}` is not {}",
                if division {
                    "a division code of 2-12 digits"
                } else {
                    "an occupation code"
                }
            )));
        }
    }
    Ok(list)
}

fn number(ctx: &Ctx<'_>, v: &toml::Value, what: &str) -> Result<f64> {
    let x = match v {
        toml::Value::Integer(i) => *i as f64,
        toml::Value::Float(f) => *f,
        _ => return Err(ctx.err(format!("`{what}` must be a number"))),
    };
    if !x.is_finite() || x < 0.0 {
        return Err(ctx.err(format!("`{what}` must be a finite number >= 0")));
    }
    Ok(x)
}

fn date(ctx: &Ctx<'_>, v: &toml::Value, what: &str) -> Result<Date> {
    let text = match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Datetime(d) => d.to_string(),
        _ => return Err(ctx.err(format!("`{what}` must be a date YYYY-MM-DD"))),
    };
    Date::parse(&text)
        .filter(|_| text.len() == 10)
        .ok_or_else(|| ctx.err(format!("`{what}` must be a date YYYY-MM-DD")))
}

fn education(ctx: &Ctx<'_>, v: &toml::Value, what: &str) -> Result<EducationLevel> {
    v.as_str()
        .and_then(EducationLevel::parse)
        .ok_or_else(|| {
            ctx.err(format!(
                "`{what}` must be an education level: none, primary, junior_secondary, senior_secondary, vocational, associate, bachelor, master or doctorate"
            ))
        })
}

fn employment_types(ctx: &Ctx<'_>, v: &toml::Value, what: &str) -> Result<Vec<EmploymentType>> {
    strings(ctx, v, what)?
        .iter()
        .map(|s| {
            EmploymentType::parse(s).ok_or_else(|| {
                ctx.err(format!(
                    "`{what}`: `{s}` is not an employment type (full_time, part_time, gig, internship, flexible, shared)"
                ))
            })
        })
        .collect()
}

/// Checks that a condition table uses only the allowed operators, and exactly one
/// when `one` is set.
fn ops<'v>(
    ctx: &Ctx<'_>,
    field: &str,
    v: &'v toml::Value,
    allowed: &[&str],
    one: bool,
) -> Result<Vec<(String, &'v toml::Value)>> {
    let t = as_table(ctx, v, field)?;
    let mut out = Vec::new();
    for (k, val) in t {
        if !allowed.contains(&k.as_str()) {
            return Err(ctx.err(format!(
                "condition on `{field}`: unknown test `{k}` (allowed: {})",
                allowed.join(", ")
            )));
        }
        out.push((k.clone(), val));
    }
    if out.is_empty() || (one && out.len() > 1) {
        return Err(ctx.err(format!(
            "condition on `{field}` needs {} of: {}",
            if one { "exactly one" } else { "at least one" },
            allowed.join(", ")
        )));
    }
    Ok(out)
}

fn label_of(field: &str, op: &str, v: &toml::Value) -> String {
    let value = match v {
        toml::Value::Array(a) => {
            let items: Vec<String> = a
                .iter()
                .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
                .collect();
            format!("[{}]", items.join(", "))
        }
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    format!("{field} {op} {value}")
}

fn parse_condition(
    ctx: &Ctx<'_>,
    subject: Subject,
    field: &str,
    v: &toml::Value,
) -> Result<Vec<NamedCondition>> {
    let held = match subject {
        Subject::Seekers => SEEKER_FIELDS,
        Subject::Employers => EMPLOYER_FIELDS,
    };
    if !held.contains(&field) {
        let why = why_not_held(subject, field).unwrap_or("the engine does not hold it");
        return Err(ctx.err(format!(
            "condition on `{field}`: no such field for {} in the index: {why}. Fields that can be tested: {}",
            match subject {
                Subject::Seekers => "seekers",
                Subject::Employers => "employers (postings)",
            },
            held.join(", ")
        )));
    }
    let named = |label: String, condition: Condition| NamedCondition { label, condition };
    let mut out = Vec::new();
    match field {
        "groups" | "target_groups" => {
            for (op, val) in ops(ctx, field, v, &["any", "all", "none"], false)? {
                let tags = strings(ctx, val, &format!("{field}.{op}"))?;
                let test = match op.as_str() {
                    "any" => TagTest::Any(tags),
                    "all" => TagTest::All(tags),
                    _ => TagTest::None(tags),
                };
                out.push(named(label_of(field, &op, val), Condition::Groups(test)));
            }
        }
        "location" => {
            for (op, val) in ops(ctx, field, v, &["within", "not_within"], false)? {
                let list = codes(ctx, val, &format!("{field}.{op}"), true)?;
                let c = if op == "within" {
                    Condition::LocationWithin(list)
                } else {
                    Condition::LocationNotWithin(list)
                };
                out.push(named(label_of(field, &op, val), c));
            }
        }
        "desired_regions" => {
            for (op, val) in ops(ctx, field, v, &["within"], true)? {
                let list = codes(ctx, val, &format!("{field}.{op}"), true)?;
                out.push(named(
                    label_of(field, &op, val),
                    Condition::DesiredRegionsWithin(list),
                ));
            }
        }
        "occupation" => {
            for (op, val) in ops(ctx, field, v, &["within"], true)? {
                let list = codes(ctx, val, &format!("{field}.{op}"), false)?;
                out.push(named(
                    label_of(field, &op, val),
                    Condition::OccupationWithin(list),
                ));
            }
        }
        "education" => {
            let (mut min, mut max) = (None, None);
            let mut parts = Vec::new();
            for (op, val) in ops(ctx, field, v, &["min", "max"], false)? {
                let level = education(ctx, val, &format!("{field}.{op}"))?;
                parts.push(label_of("", &op, val).trim().to_string());
                if op == "min" {
                    min = Some(level);
                } else {
                    max = Some(level);
                }
            }
            out.push(named(
                format!("education {}", parts.join(" ")),
                Condition::Education { min, max },
            ));
        }
        "experience_years" => {
            let (mut min, mut max) = (None, None);
            let mut parts = Vec::new();
            for (op, val) in ops(ctx, field, v, &["min", "max"], false)? {
                let x = number(ctx, val, &format!("{field}.{op}"))?;
                parts.push(format!("{op} {x}"));
                if op == "min" {
                    min = Some(x);
                } else {
                    max = Some(x);
                }
            }
            out.push(named(
                format!("experience_years {}", parts.join(" ")),
                Condition::ExperienceYears { min, max },
            ));
        }
        "employment_types" => {
            for (op, val) in ops(ctx, field, v, &["any"], true)? {
                let list = employment_types(ctx, val, &format!("{field}.{op}"))?;
                out.push(named(
                    label_of(field, &op, val),
                    Condition::EmploymentAny(list),
                ));
            }
        }
        "employment_type" => {
            for (op, val) in ops(ctx, field, v, &["any", "none"], false)? {
                let list = employment_types(ctx, val, &format!("{field}.{op}"))?;
                let c = if op == "any" {
                    Condition::EmploymentAny(list)
                } else {
                    Condition::EmploymentNone(list)
                };
                out.push(named(label_of(field, &op, val), c));
            }
        }
        "posted_at" | "expires_at" => {
            let allowed: &[&str] = if field == "posted_at" {
                &["after", "before", "within_days"]
            } else {
                &["after", "before"]
            };
            let (mut after, mut before, mut within_days) = (None, None, None);
            let mut parts = Vec::new();
            for (op, val) in ops(ctx, field, v, allowed, false)? {
                let what = format!("{field}.{op}");
                if op == "within_days" {
                    let n = number(ctx, val, &what)?;
                    if n.fract() != 0.0 || n > 36_500.0 {
                        return Err(ctx.err(format!("`{what}` must be a whole number of days")));
                    }
                    within_days = Some(n as u32);
                    parts.push(format!("within_days {n}"));
                } else {
                    let d = date(ctx, val, &what)?;
                    parts.push(format!("{op} {d}"));
                    if op == "after" {
                        after = Some(d);
                    } else {
                        before = Some(d);
                    }
                }
            }
            let c = if field == "posted_at" {
                Condition::PostedAt {
                    after,
                    before,
                    within_days,
                }
            } else {
                Condition::ExpiresAt { after, before }
            };
            out.push(named(format!("{field} {}", parts.join(" ")), c));
        }
        "openings" => {
            let (mut min, mut max) = (None, None);
            let mut parts = Vec::new();
            for (op, val) in ops(ctx, field, v, &["min", "max"], false)? {
                let x = number(ctx, val, &format!("{field}.{op}"))?;
                if x.fract() != 0.0 || x > f64::from(u32::MAX) {
                    return Err(ctx.err(format!("`{field}.{op}` must be a whole number")));
                }
                parts.push(format!("{op} {x}"));
                if op == "min" {
                    min = Some(x as u32);
                } else {
                    max = Some(x as u32);
                }
            }
            out.push(named(
                format!("openings {}", parts.join(" ")),
                Condition::Openings { min, max },
            ));
        }
        "live" => {
            let b = v
                .as_bool()
                .ok_or_else(|| ctx.err("`live` must be true or false"))?;
            out.push(named(format!("live {b}"), Condition::Live(b)));
        }
        _ => {
            return Err(ctx.err(format!("condition on `{field}` is not supported")));
        }
    }
    Ok(out)
}

impl Entitlements {
    /// Parses a rules file; `source` names it in errors.
    ///
    /// # Errors
    /// [`Error::InvalidConfig`] naming the rule and the field: malformed TOML,
    /// a missing `id`/`name`/`subject`, a repeated id, a rule without
    /// conditions, an unknown test or value, or a condition on a field the
    /// index does not hold for that subject.
    pub fn from_toml_str(text: &str, source: Option<&str>) -> Result<Entitlements> {
        let top = Ctx {
            source,
            policy: String::from("(file)"),
        };
        let doc: toml::Table = toml::from_str(text).map_err(|e| Error::InvalidConfig {
            source_name: source.map(str::to_string),
            message: format!("entitlements: {}", crate::error::toml_error(text, &e)),
        })?;
        for key in doc.keys() {
            if key != "entitlement" {
                return Err(top.err(format!(
                    "unknown top-level key `{key}` (expected `[[entitlement]]` tables)"
                )));
            }
        }
        let Some(list) = doc.get("entitlement") else {
            return Err(top.err("no `[[entitlement]]` rule in the file"));
        };
        let list = list.as_array().ok_or_else(|| {
            top.err("`entitlement` must be an array of tables (`[[entitlement]]`)")
        })?;
        let mut out: Vec<Entitlement> = Vec::new();
        for (n, item) in list.iter().enumerate() {
            let mut ctx = Ctx {
                source,
                policy: format!("#{}", n + 1),
            };
            let t = as_table(&ctx, item, "entitlement")?;
            let id = t
                .get("id")
                .and_then(toml::Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .ok_or_else(|| ctx.err("`id` (a non-empty string) is required"))?
                .to_string();
            ctx.policy = id.clone();
            if out.iter().any(|e| e.id == id) {
                return Err(ctx.err("this id is used by an earlier rule"));
            }
            for key in t.keys() {
                if !["id", "name", "subject", "match", "when"].contains(&key.as_str()) {
                    return Err(ctx.err(format!(
                        "unknown key `{key}` (expected id, name, subject, match, when)"
                    )));
                }
            }
            let name = t
                .get("name")
                .and_then(toml::Value::as_str)
                .ok_or_else(|| ctx.err("`name` (a string) is required"))?
                .to_string();
            let subject = match t.get("subject").and_then(toml::Value::as_str) {
                Some("seekers") => Subject::Seekers,
                Some("employers") => Subject::Employers,
                _ => return Err(ctx.err("`subject` must be \"seekers\" or \"employers\"")),
            };
            let mode = match t.get("match").map(toml::Value::as_str) {
                None | Some(Some("all")) => MatchMode::All,
                Some(Some("any")) => MatchMode::Any,
                _ => return Err(ctx.err("`match` must be \"all\" or \"any\"")),
            };
            let when = t
                .get("when")
                .ok_or_else(|| ctx.err("`when` (the conditions) is required"))?;
            let when = as_table(&ctx, when, "when")?;
            let mut conditions = Vec::new();
            for (field, v) in when {
                conditions.extend(parse_condition(&ctx, subject, field, v)?);
            }
            if conditions.is_empty() {
                return Err(ctx.err("`when` has no condition"));
            }
            out.push(Entitlement {
                id,
                name,
                subject,
                mode,
                conditions,
            });
        }
        Ok(Entitlements { entitlements: out })
    }

    /// Reads a rules file (see [`Entitlements::from_toml_str`]).
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read; otherwise as
    /// [`Entitlements::from_toml_str`].
    pub fn from_file(path: &Path) -> Result<Entitlements> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Self::from_toml_str(&text, Some(&path.display().to_string()))
    }
}
