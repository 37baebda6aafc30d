//! The audit: per group, what the push would give before and after a policy.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use super::Policy;
use crate::error::Result;
use crate::model::Date;
use crate::push::allocate;
use crate::{MatchOptions, Snapshot};

/// Settings of an audit: the push's k, margin and capacity.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditSettings {
    /// Day of the simulated push.
    pub date: Date,
    /// Pushes per seeker (default 10).
    pub k: usize,
    /// Extra candidates per seeker (default 10).
    pub margin: usize,
    /// Seekers per opening (default 20).
    pub cap_per_opening: u32,
}

impl AuditSettings {
    /// Defaults of the push for a date.
    pub fn new(date: Date) -> AuditSettings {
        AuditSettings {
            date,
            k: 10,
            margin: 10,
            cap_per_opening: 20,
        }
    }
}

/// One group under one side (before or after the policy).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GroupSide {
    /// Share of the group's seekers with at least one push.
    pub share_served: f64,
    /// Mean pushes per seeker.
    pub pushes_per_seeker: f64,
    /// Mean position (1-based) of the pushed postings in the seeker's ranking
    /// without the policy: how far down the list her pushes reach.
    pub mean_rank: f64,
    /// Mean score (without boosts) of the pushed pairs.
    pub mean_score: f64,
}

/// One group in the audit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupAudit {
    /// The group tag (`(none)` for seekers in no group, `(all)` for everyone).
    pub group: String,
    /// Seekers in the group.
    pub seekers: usize,
    /// Without the policy.
    pub before: GroupSide,
    /// With the policy.
    pub after: GroupSide,
}

/// The audit of a policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditReport {
    /// Pairs boosted (among the pushes after the policy).
    pub boosted_pushes: usize,
    /// Pushes after the policy that had capacity priority by a rule.
    pub priority_pushes: usize,
    /// Candidate pairs dropped because the posting is reserved for another group.
    pub reserved_dropped: usize,
    /// Per group, in tag order, then `(none)` and `(all)`.
    pub groups: Vec<GroupAudit>,
}

impl AuditReport {
    /// The report as a text table.
    pub fn table(&self) -> String {
        let mut out = format!(
            "{:<24} {:>7}  {:>13} {:>13}  {:>11} {:>11}  {:>12} {:>12}\n",
            "group",
            "seekers",
            "served before",
            "served after",
            "rank before",
            "rank after",
            "score before",
            "score after"
        );
        for g in &self.groups {
            out.push_str(&format!(
                "{:<24} {:>7}  {:>12.1}% {:>12.1}%  {:>11.2} {:>11.2}  {:>12.3} {:>12.3}\n",
                g.group,
                g.seekers,
                100.0 * g.before.share_served,
                100.0 * g.after.share_served,
                g.before.mean_rank,
                g.after.mean_rank,
                g.before.mean_score,
                g.after.mean_score
            ));
        }
        out.push_str(&format!(
            "pushes boosted: {}, with policy capacity priority: {}; candidates dropped by reservations: {}\n",
            self.boosted_pushes, self.priority_pushes, self.reserved_dropped
        ));
        out
    }
}

struct Side {
    /// Per seeker: pushed (posting index, base score, base rank).
    pushes: Vec<Vec<(usize, f32, usize)>>,
}

/// Simulates the push's allocation (deferred acceptance, capacity
/// `cap_per_opening × openings`, the push's target-group priority) for every
/// indexed seeker without and with the policy, and summarises per group.
///
/// # Errors
/// As [`Snapshot::recommend_postings`].
pub fn audit(
    snapshot: &Snapshot,
    policy: &Policy,
    settings: &AuditSettings,
) -> Result<AuditReport> {
    let seekers: Vec<&str> = snapshot.seeker_ids().collect();
    let depth = settings.k + settings.margin;
    let options = MatchOptions {
        k: depth,
        as_of: settings.date,
        pool_size: None,
        explain: false,
    };
    let wide = MatchOptions {
        k: depth + super::RERANK_MARGIN * 2,
        ..options
    };
    let posting_ids: Vec<&str> = snapshot.posting_ids().collect();
    let index: HashMap<&str, usize> = posting_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, i))
        .collect();
    // Per seeker: base ranking (id, score) over the wide list.
    let base: Vec<Vec<(String, f32)>> = seekers
        .par_iter()
        .map(|id| {
            Ok(snapshot
                .recommend_postings(id, &wide)?
                .into_iter()
                .map(|m| (m.id, m.score))
                .collect())
        })
        .collect::<Result<_>>()?;
    let capacity: Vec<u64> = posting_ids
        .iter()
        .map(|id| {
            snapshot.posting(id).map_or(0, |p| {
                u64::from(settings.cap_per_opening) * u64::from(p.openings)
            })
        })
        .collect();
    // Decoded once: the allocation asks for a seeker's profile per proposal.
    let profiles: Vec<Option<std::sync::Arc<crate::profile::SeekerProfile>>> =
        seekers.iter().map(|id| snapshot.seeker(id)).collect();
    let profile = |s: usize| profiles.get(s).and_then(|p| p.as_deref());
    let posting = |p: usize| snapshot.posting(posting_ids[p]);
    let shares = |s: usize, p: usize| -> bool {
        match (profile(s), posting(p)) {
            (Some(a), Some(b)) => b.target_groups.iter().any(|g| a.groups.contains(g)),
            _ => false,
        }
    };
    let mut reserved_dropped = 0;
    // Lists: (posting, ranking score, base score, base rank).
    let mut before_lists = Vec::with_capacity(seekers.len());
    let mut after_lists = Vec::with_capacity(seekers.len());
    for (s, list) in base.iter().enumerate() {
        let entries: Vec<(usize, f32, usize)> = list
            .iter()
            .enumerate()
            .filter_map(|(rank, (id, score))| {
                index.get(id.as_str()).map(|&p| (p, *score, rank + 1))
            })
            .collect();
        before_lists.push(
            entries
                .iter()
                .take(depth)
                .map(|&(p, sc, r)| (p, sc, sc, r))
                .collect::<Vec<_>>(),
        );
        let mut after: Vec<(usize, f32, f32, usize)> = Vec::new();
        if let Some(sp) = profile(s) {
            for &(p, sc, r) in &entries {
                let Some(pp) = posting(p) else { continue };
                if !policy.allows(sp, pp) {
                    reserved_dropped += 1;
                    continue;
                }
                after.push((p, sc + policy.effect(sp, pp, sc).boost, sc, r));
            }
        }
        after.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then_with(|| posting_ids[a.0].cmp(posting_ids[b.0]))
        });
        after.truncate(depth);
        after_lists.push(after);
    }
    let run = |lists: &[Vec<(usize, f32, f32, usize)>], with_policy: bool| -> Side {
        let ranked: Vec<Vec<(usize, f32)>> = lists
            .iter()
            .map(|l| l.iter().map(|&(p, sc, _, _)| (p, sc)).collect())
            .collect();
        let priority = |s: usize, p: usize| {
            shares(s, p)
                || (with_policy
                    && matches!((profile(s), posting(p)), (Some(a), Some(b)) if policy.capacity_priority(a, b)))
        };
        let allocation = allocate(settings.k, &ranked, &capacity, &priority);
        Side {
            pushes: allocation
                .assigned
                .iter()
                .enumerate()
                .map(|(s, positions)| {
                    positions
                        .iter()
                        .map(|&i| {
                            let (p, _, base_score, rank) = lists[s][i];
                            (p, base_score, rank)
                        })
                        .collect()
                })
                .collect(),
        }
    };
    let before = run(&before_lists, false);
    let after = run(&after_lists, true);
    let mut boosted_pushes = 0;
    let mut priority_pushes = 0;
    for (s, pushes) in after.pushes.iter().enumerate() {
        let Some(sp) = profile(s) else { continue };
        for &(p, sc, _) in pushes {
            let Some(pp) = posting(p) else { continue };
            boosted_pushes += usize::from(policy.effect(sp, pp, sc).boost > 0.0);
            priority_pushes += usize::from(policy.capacity_priority(sp, pp));
        }
    }
    // Groups.
    let mut members: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for s in 0..seekers.len() {
        let groups = profile(s).map(|p| p.groups.clone()).unwrap_or_default();
        if groups.is_empty() {
            members.entry("(none)".into()).or_default().push(s);
        }
        for g in groups {
            members.entry(g).or_default().push(s);
        }
    }
    let mut order: Vec<(String, Vec<usize>)> =
        members.into_iter().filter(|(g, _)| g != "(none)").collect();
    let none: Vec<usize> = (0..seekers.len())
        .filter(|&s| profile(s).is_none_or(|p| p.groups.is_empty()))
        .collect();
    order.push(("(none)".into(), none));
    order.push(("(all)".into(), (0..seekers.len()).collect()));
    let summarise = |side: &Side, who: &[usize]| -> GroupSide {
        if who.is_empty() {
            return GroupSide::default();
        }
        let served = who.iter().filter(|&&s| !side.pushes[s].is_empty()).count();
        let all: Vec<&(usize, f32, usize)> =
            who.iter().flat_map(|&s| side.pushes[s].iter()).collect();
        let n = all.len().max(1) as f64;
        GroupSide {
            share_served: served as f64 / who.len() as f64,
            pushes_per_seeker: all.len() as f64 / who.len() as f64,
            mean_rank: all.iter().map(|x| x.2 as f64).sum::<f64>() / n,
            mean_score: all.iter().map(|x| f64::from(x.1)).sum::<f64>() / n,
        }
    };
    let groups = order
        .into_iter()
        .map(|(group, who)| GroupAudit {
            seekers: who.len(),
            before: summarise(&before, &who),
            after: summarise(&after, &who),
            group,
        })
        .collect();
    Ok(AuditReport {
        boosted_pushes,
        priority_pushes,
        reserved_dropped,
        groups,
    })
}
