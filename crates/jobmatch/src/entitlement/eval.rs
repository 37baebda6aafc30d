//! Evaluating eligibility rules on a snapshot's profiles.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::{Condition, Entitlement, Entitlements, MatchMode, Subject, TagTest};
use crate::Snapshot;
use crate::model::Date;
use crate::normalise::codes::{division_within, occupation_prefixes};
use crate::profile::{PostingProfile, SeekerProfile};

fn tags_pass(test: &TagTest, held: &[String]) -> bool {
    match test {
        TagTest::Any(t) => t.iter().any(|x| held.contains(x)),
        TagTest::All(t) => t.iter().all(|x| held.contains(x)),
        TagTest::None(t) => !t.iter().any(|x| held.contains(x)),
    }
}

fn within_any(code: Option<&str>, regions: &[String]) -> bool {
    code.is_some_and(|c| regions.iter().any(|r| division_within(c, r)))
}

fn occupation_within(code: &str, under: &[String]) -> bool {
    let prefixes = occupation_prefixes(code);
    under.iter().any(|u| prefixes.contains(&u.as_str()))
}

fn bounded<T: PartialOrd + Copy>(value: Option<T>, min: Option<T>, max: Option<T>) -> bool {
    value.is_some_and(|v| min.is_none_or(|m| v >= m) && max.is_none_or(|m| v <= m))
}

/// Whether a seeker satisfies one condition. Conditions on posting fields are
/// rejected when the rules are parsed; here they are simply false.
pub(crate) fn seeker_satisfies(c: &Condition, s: &SeekerProfile) -> bool {
    match c {
        Condition::Groups(t) => tags_pass(t, &s.groups),
        Condition::LocationWithin(r) => within_any(s.division.as_deref(), r),
        Condition::LocationNotWithin(r) => {
            s.division.is_some() && !within_any(s.division.as_deref(), r)
        }
        Condition::DesiredRegionsWithin(r) => {
            s.regions.iter().any(|x| within_any(Some(x.as_str()), r))
        }
        Condition::Education { min, max } => bounded(s.education, *min, *max),
        Condition::ExperienceYears { min, max } => bounded(s.experience_years, *min, *max),
        Condition::EmploymentAny(types) => s.employment_types.iter().any(|t| types.contains(t)),
        Condition::OccupationWithin(under) => s
            .desired_occupations
            .iter()
            .chain(s.past_occupations.iter().map(|(c, _)| c))
            .any(|c| occupation_within(c, under)),
        Condition::EmploymentNone(_)
        | Condition::PostedAt { .. }
        | Condition::ExpiresAt { .. }
        | Condition::Openings { .. }
        | Condition::Live(_) => false,
    }
}

/// Whether a posting satisfies one condition on `as_of`. Conditions on seeker
/// fields are rejected when the rules are parsed; here they are simply false.
pub(crate) fn posting_satisfies(c: &Condition, p: &PostingProfile, as_of: Date) -> bool {
    match c {
        Condition::Groups(t) => tags_pass(t, &p.target_groups),
        Condition::LocationWithin(r) => within_any(p.division.as_deref(), r),
        Condition::LocationNotWithin(r) => {
            p.division.is_some() && !within_any(p.division.as_deref(), r)
        }
        Condition::Education { min, max } => bounded(p.education, *min, *max),
        Condition::ExperienceYears { min, max } => bounded(p.experience_years, *min, *max),
        Condition::EmploymentAny(types) => p.employment_type.is_some_and(|t| types.contains(&t)),
        Condition::EmploymentNone(types) => p.employment_type.is_some_and(|t| !types.contains(&t)),
        Condition::OccupationWithin(under) => p
            .occupation
            .as_deref()
            .is_some_and(|c| occupation_within(c, under)),
        Condition::PostedAt {
            after,
            before,
            within_days,
        } => p.posted_at.is_some_and(|d| {
            after.is_none_or(|a| d >= a)
                && before.is_none_or(|b| d <= b)
                && within_days.is_none_or(|n| {
                    let age = d.days_until(as_of);
                    (0..=i64::from(n)).contains(&i64::from(age))
                })
        }),
        Condition::ExpiresAt { after, before } => bounded(p.expires_at, *after, *before),
        Condition::Openings { min, max } => bounded(Some(p.openings), *min, *max),
        Condition::Live(b) => p.is_live_on(as_of) == *b,
        Condition::DesiredRegionsWithin(_) => false,
    }
}

fn decide(mode: MatchMode, satisfied: &[bool]) -> bool {
    match mode {
        MatchMode::All => satisfied.iter().all(|&b| b),
        MatchMode::Any => satisfied.iter().any(|&b| b),
    }
}

/// One eligible seeker or employer (a line of the JSON Lines output).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Eligible {
    /// The rule's id.
    pub policy: String,
    /// `seeker` or `employer`.
    pub subject: &'static str,
    /// Seeker id, or employer id (`None` for a posting without an employer id).
    pub id: Option<String>,
    /// For employers: the eligible postings (id order).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub postings: Vec<String>,
    /// Labels of the conditions satisfied (for an employer, by any of its
    /// eligible postings).
    pub satisfies: Vec<String>,
}

/// One row of the count table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountRow {
    /// The rule's id.
    pub policy: String,
    /// The rule's name.
    pub name: String,
    /// `seekers` or `employers`.
    pub subject: Subject,
    /// Records examined (seekers, or postings).
    pub examined: u64,
    /// Per condition: its label and how many records satisfy it on its own.
    pub conditions: Vec<(String, u64)>,
    /// Eligible seekers, or employers (postings without an employer id count one each).
    pub eligible: u64,
    /// For employers: eligible postings.
    pub eligible_postings: u64,
}

/// The outcome of evaluating a rules file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EligibilityReport {
    /// The evaluation date.
    pub as_of: Date,
    /// Eligible seekers and employers, rule by rule in file order, ids sorted.
    pub eligible: Vec<Eligible>,
    /// One row per rule.
    pub counts: Vec<CountRow>,
}

impl EligibilityReport {
    /// The count table as aligned text, one block per rule.
    pub fn table(&self) -> String {
        let mut out = String::new();
        out.push_str(&format!(
            "{:<34} {:<9} {:>9} {:>9} {:>9}\n",
            "policy", "subject", "examined", "eligible", "postings"
        ));
        for r in &self.counts {
            let subject = match r.subject {
                Subject::Seekers => "seekers",
                Subject::Employers => "employers",
            };
            let postings = if r.subject == Subject::Employers {
                r.eligible_postings.to_string()
            } else {
                "-".to_string()
            };
            out.push_str(&format!(
                "{:<34} {:<9} {:>9} {:>9} {:>9}\n",
                r.policy, subject, r.examined, r.eligible, postings
            ));
            for (label, n) in &r.conditions {
                out.push_str(&format!("    {} {n:>9}\n", crate::market::pad(label, 50)));
            }
        }
        out
    }
}

/// The eligible seekers of a seekers rule, in id order, with the labels of the
/// conditions each satisfies; and the per-condition counts.
pub fn evaluate_seekers(
    rule: &Entitlement,
    seekers: &[std::sync::Arc<SeekerProfile>],
) -> (Vec<Eligible>, CountRow) {
    let per: Vec<Vec<bool>> = seekers
        .par_iter()
        .map(|s| {
            rule.conditions
                .iter()
                .map(|c| seeker_satisfies(&c.condition, s))
                .collect()
        })
        .collect();
    let mut counts = vec![0u64; rule.conditions.len()];
    let mut eligible = Vec::new();
    for (s, sat) in seekers.iter().zip(&per) {
        for (n, &b) in counts.iter_mut().zip(sat) {
            *n += u64::from(b);
        }
        if decide(rule.mode, sat) {
            eligible.push(Eligible {
                policy: rule.id.clone(),
                subject: "seeker",
                id: Some(s.id.clone()),
                postings: Vec::new(),
                satisfies: labels(rule, sat),
            });
        }
    }
    let row = CountRow {
        policy: rule.id.clone(),
        name: rule.name.clone(),
        subject: Subject::Seekers,
        examined: seekers.len() as u64,
        conditions: count_labels(rule, &counts),
        eligible: eligible.len() as u64,
        eligible_postings: 0,
    };
    (eligible, row)
}

fn labels(rule: &Entitlement, sat: &[bool]) -> Vec<String> {
    rule.conditions
        .iter()
        .zip(sat)
        .filter(|(_, b)| **b)
        .map(|(c, _)| c.label.clone())
        .collect()
}

fn count_labels(rule: &Entitlement, counts: &[u64]) -> Vec<(String, u64)> {
    rule.conditions
        .iter()
        .zip(counts)
        .map(|(c, n)| (c.label.clone(), *n))
        .collect()
}

/// The eligible employers of an employers rule: the employer ids of the
/// eligible postings (sorted), each with its postings; postings without an
/// employer id are listed on their own after them (posting id order).
pub fn evaluate_employers(
    rule: &Entitlement,
    postings: &[std::sync::Arc<PostingProfile>],
    as_of: Date,
) -> (Vec<Eligible>, CountRow) {
    let per: Vec<Vec<bool>> = postings
        .par_iter()
        .map(|p| {
            rule.conditions
                .iter()
                .map(|c| posting_satisfies(&c.condition, p, as_of))
                .collect()
        })
        .collect();
    let mut counts = vec![0u64; rule.conditions.len()];
    let mut by_employer: BTreeMap<String, (Vec<String>, Vec<bool>)> = BTreeMap::new();
    let mut loose: Vec<Eligible> = Vec::new();
    let mut eligible_postings = 0u64;
    for (p, sat) in postings.iter().zip(&per) {
        for (n, &b) in counts.iter_mut().zip(sat) {
            *n += u64::from(b);
        }
        if !decide(rule.mode, sat) {
            continue;
        }
        eligible_postings += 1;
        match &p.employer {
            Some(e) => {
                let entry = by_employer
                    .entry(e.clone())
                    .or_insert_with(|| (Vec::new(), vec![false; sat.len()]));
                entry.0.push(p.id.clone());
                for (acc, &b) in entry.1.iter_mut().zip(sat) {
                    *acc |= b;
                }
            }
            None => loose.push(Eligible {
                policy: rule.id.clone(),
                subject: "employer",
                id: None,
                postings: vec![p.id.clone()],
                satisfies: labels(rule, sat),
            }),
        }
    }
    let mut eligible: Vec<Eligible> = by_employer
        .into_iter()
        .map(|(e, (mut ps, sat))| {
            ps.sort();
            Eligible {
                policy: rule.id.clone(),
                subject: "employer",
                id: Some(e),
                postings: ps,
                satisfies: labels(rule, &sat),
            }
        })
        .collect();
    eligible.extend(loose);
    let row = CountRow {
        policy: rule.id.clone(),
        name: rule.name.clone(),
        subject: Subject::Employers,
        examined: postings.len() as u64,
        conditions: count_labels(rule, &counts),
        eligible: eligible.len() as u64,
        eligible_postings,
    };
    (eligible, row)
}

/// Evaluates every rule against the snapshot's profiles (decoded from the
/// index), on `as_of`. Deterministic and independent of the thread count.
pub fn evaluate(snapshot: &Snapshot, rules: &Entitlements, as_of: Date) -> EligibilityReport {
    let mut eligible = Vec::new();
    let mut counts = Vec::new();
    for rule in &rules.entitlements {
        let (list, row) = match rule.subject {
            Subject::Seekers => evaluate_seekers(rule, snapshot.seeker_profiles()),
            Subject::Employers => evaluate_employers(rule, snapshot.posting_profiles(), as_of),
        };
        eligible.extend(list);
        counts.push(row);
    }
    EligibilityReport {
        as_of,
        eligible,
        counts,
    }
}
