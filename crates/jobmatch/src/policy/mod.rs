//! Priority groups as declared policy: a TOML file says how key groups are
//! served; the engine applies it in ranking ([`recommend`]) and the push
//! (through [`Policy::rerank`], [`Policy::capacity_priority`] and
//! [`Policy::allows`]), and [`audit`] shows its effect per group.
//!
//! # The file
//! ```toml
//! # Boosts are bounded: no rule may give more than max_boost, a pair gets the
//! # largest boost of the rules that apply to it (never a sum), and only when
//! # its own score is at least min_score.
//! max_boost = 0.03
//! min_score = 0.2
//! # Postings whose target_groups name one of these tags are offered only to
//! # seekers in that group.
//! reserved = ["disabled"]
//!
//! [[rule]]
//! name = "veterans"
//! groups = ["veteran"]
//! boost = 0.02
//! capacity_priority = true      # first claim on oversubscribed postings in the push
//!
//! [[rule]]
//! name = "public welfare first"
//! groups = ["hard_to_employ", "zero_employment_family"]
//! postings = { target_groups = ["hard_to_employ", "zero_employment_family", "public_welfare"], title_contains = ["公益性岗位", "公益岗"] }
//! boost = 0.03
//! capacity_priority = true
//!
//! [[rule]]
//! name = "graduate postings"
//! groups = ["graduate"]         # the spec's tag: a graduate in the first two years
//! postings = { target_groups = ["graduate"] }
//! boost = 0.02
//! ```
//! A rule applies to a (seeker, posting) pair when the seeker is in one of its
//! `groups` and the posting matches its `postings` selector (no selector: every
//! posting; otherwise any listed target group, title phrase or occupation-code
//! prefix). The data format has no graduation date: the `graduate` tag is taken
//! to mean a graduate in their first two years, as the key group is defined.
//!
//! # The bound
//! A boost is at most `max_boost` (ε, at most [`MAX_BOOST_LIMIT`]), so a
//! posting whose own score is more than ε below another's never goes ahead of
//! it: the policy reorders only within a band of ε. Every boost and reservation
//! is written to the match's `explanation.notes`. With no policy
//! ([`Policy::none`]) nothing changes: [`recommend`] returns exactly
//! [`Snapshot::recommend_postings`].
//!
//! ```
//! use jobmatch::policy::Policy;
//! let policy = Policy::from_toml_str(r#"
//! max_boost = 0.03
//! [[rule]]
//! name = "veterans"
//! groups = ["veteran"]
//! boost = 0.02
//! capacity_priority = true
//! "#, None)?;
//! assert_eq!(policy.rules.len(), 1);
//! assert!(Policy::from_toml_str("max_boost = 0.5", None).is_err());
//! # Ok::<(), jobmatch::Error>(())
//! ```

mod audit;

use std::path::Path;

use serde::{Deserialize, Serialize};

pub use audit::{AuditReport, AuditSettings, GroupAudit, GroupSide, audit};

use crate::error::{Error, Result};
use crate::profile::{PostingProfile, SeekerProfile};
use crate::{Match, MatchOptions, Snapshot};

/// The largest `max_boost` a policy may declare.
pub const MAX_BOOST_LIMIT: f32 = 0.1;

/// Which postings a rule concerns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostingSelector {
    /// Postings with one of these target groups.
    #[serde(default)]
    pub target_groups: Vec<String>,
    /// Postings whose title contains one of these phrases.
    #[serde(default)]
    pub title_contains: Vec<String>,
    /// Postings whose occupation code starts with one of these prefixes.
    #[serde(default)]
    pub occupations: Vec<String>,
}

impl PostingSelector {
    fn is_empty(&self) -> bool {
        self.target_groups.is_empty()
            && self.title_contains.is_empty()
            && self.occupations.is_empty()
    }

    /// Whether the posting matches (an empty selector matches every posting).
    pub fn matches(&self, p: &PostingProfile) -> bool {
        self.is_empty()
            || self
                .target_groups
                .iter()
                .any(|g| p.target_groups.contains(g))
            || self
                .title_contains
                .iter()
                .any(|t| p.title.contains(t.as_str()))
            || p.occupation.as_deref().is_some_and(|code| {
                self.occupations.iter().any(|o| {
                    crate::normalise::codes::occupation_prefixes(code)
                        .iter()
                        .any(|c| c == o)
                })
            })
    }
}

/// One declared rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// A name, quoted in notes and the audit.
    pub name: String,
    /// Seekers in any of these groups.
    pub groups: Vec<String>,
    /// The postings concerned (default: all).
    #[serde(default)]
    pub postings: PostingSelector,
    /// Score added in ranking, in `[0, max_boost]`.
    #[serde(default)]
    pub boost: f32,
    /// First claim on oversubscribed postings in the push.
    #[serde(default)]
    pub capacity_priority: bool,
}

impl Rule {
    /// Whether the rule applies to the pair.
    pub fn applies(&self, s: &SeekerProfile, p: &PostingProfile) -> bool {
        self.groups.iter().any(|g| s.groups.contains(g)) && self.postings.matches(p)
    }
}

fn default_max_boost() -> f32 {
    0.03
}

/// A declared priority policy (see the module docs for the file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// ε: the largest boost a pair can get.
    #[serde(default = "default_max_boost")]
    pub max_boost: f32,
    /// Boosts apply only to pairs scoring at least this.
    #[serde(default)]
    pub min_score: f32,
    /// Tags that reserve a posting for their group.
    #[serde(default)]
    pub reserved: Vec<String>,
    /// The rules, in order.
    #[serde(default, rename = "rule")]
    pub rules: Vec<Rule>,
}

/// What the policy does to one pair.
#[derive(Debug, Clone, PartialEq)]
pub struct PairEffect {
    /// Score added.
    pub boost: f32,
    /// Notes for the explanation.
    pub notes: Vec<String>,
}

impl Policy {
    /// The empty policy: nothing boosted, nothing reserved.
    pub fn none() -> Policy {
        Policy {
            max_boost: 0.0,
            min_score: 0.0,
            reserved: Vec::new(),
            rules: Vec::new(),
        }
    }

    /// Whether the policy does nothing.
    pub fn is_empty(&self) -> bool {
        self.reserved.is_empty()
            && self
                .rules
                .iter()
                .all(|r| (r.boost == 0.0 || self.max_boost == 0.0) && !r.capacity_priority)
    }

    /// Parses and validates a policy; `source` names the file in errors.
    ///
    /// # Errors
    /// [`Error::InvalidConfig`] for bad TOML, unknown keys, `max_boost` outside
    /// `[0, 0.1]`, a boost outside `[0, max_boost]`, a rule without groups, or
    /// `min_score` outside `[0, 1]`.
    pub fn from_toml_str(text: &str, source: Option<&str>) -> Result<Policy> {
        let bad = |message: String| Error::InvalidConfig {
            source_name: source.map(str::to_string),
            message,
        };
        let policy: Policy = toml::from_str(text)
            .map_err(|e| bad(format!("policy: {}", crate::error::toml_error(text, &e))))?;
        if !(0.0..=MAX_BOOST_LIMIT).contains(&policy.max_boost) {
            return Err(bad(format!(
                "max_boost {} must be in [0, {MAX_BOOST_LIMIT}]",
                policy.max_boost
            )));
        }
        if !(0.0..=1.0).contains(&policy.min_score) {
            return Err(bad(format!(
                "min_score {} must be in [0, 1]",
                policy.min_score
            )));
        }
        for r in &policy.rules {
            if r.groups.is_empty() {
                return Err(bad(format!("rule `{}` names no groups", r.name)));
            }
            if !(0.0..=policy.max_boost).contains(&r.boost) {
                return Err(bad(format!(
                    "rule `{}`: boost {} must be in [0, max_boost = {}]",
                    r.name, r.boost, policy.max_boost
                )));
            }
        }
        Ok(policy)
    }

    /// Reads a policy file.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read; as [`Policy::from_toml_str`].
    pub fn from_file(path: &Path) -> Result<Policy> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Self::from_toml_str(&text, Some(&path.display().to_string()))
    }

    /// Whether the posting may be offered to the seeker: a posting reserved for
    /// a group (a `reserved` tag among its target groups) goes only to seekers in
    /// one of its reserved groups.
    pub fn allows(&self, s: &SeekerProfile, p: &PostingProfile) -> bool {
        let mut reserved = p
            .target_groups
            .iter()
            .filter(|g| self.reserved.contains(g))
            .peekable();
        reserved.peek().is_none() || reserved.any(|g| s.groups.contains(g))
    }

    /// Whether the seeker has first claim on the posting in capacity allocation.
    pub fn capacity_priority(&self, s: &SeekerProfile, p: &PostingProfile) -> bool {
        self.rules
            .iter()
            .any(|r| r.capacity_priority && r.applies(s, p))
    }

    /// The boost and notes of a pair with the given score.
    pub fn effect(&self, s: &SeekerProfile, p: &PostingProfile, score: f32) -> PairEffect {
        let mut notes = Vec::new();
        let mut boost = 0.0f32;
        let mut best: Option<&Rule> = None;
        for r in &self.rules {
            if r.applies(s, p) {
                if r.boost > boost {
                    boost = r.boost;
                    best = Some(r);
                }
                if r.capacity_priority {
                    notes.push(format!(
                        "policy `{}`: priority in capacity allocation",
                        r.name
                    ));
                }
            }
        }
        boost = boost.min(self.max_boost);
        if score < self.min_score {
            boost = 0.0;
        }
        if let (Some(r), true) = (best, boost > 0.0) {
            notes.push(format!(
                "policy `{}`: boost +{boost:.3} (score {score:.3} → {:.3}; at most {:.3})",
                r.name,
                score + boost,
                self.max_boost
            ));
        }
        let reserved: Vec<&str> = p
            .target_groups
            .iter()
            .filter(|g| self.reserved.contains(g))
            .map(String::as_str)
            .collect();
        if !reserved.is_empty() {
            notes.push(format!(
                "policy: posting reserved for {}",
                reserved.join(", ")
            ));
        }
        PairEffect { boost, notes }
    }

    /// Applies the policy to a seeker's ranked matches: drops reserved postings
    /// she may not have, adds boosts, sorts again (score, then id) and records
    /// notes in the explanations. Postings unknown to `posting` are kept as
    /// they are.
    pub fn rerank<'a>(
        &self,
        s: &SeekerProfile,
        posting: impl Fn(&str) -> Option<&'a PostingProfile>,
        matches: &mut Vec<Match>,
    ) {
        if self.is_empty() {
            return;
        }
        matches.retain(|m| posting(&m.id).is_none_or(|p| self.allows(s, p)));
        for m in matches.iter_mut() {
            let Some(p) = posting(&m.id) else { continue };
            let effect = self.effect(s, p, m.score);
            m.score = (m.score + effect.boost).min(1.0 + self.max_boost);
            if let Some(e) = m.explanation.as_mut() {
                e.notes.extend(effect.notes);
            }
        }
        matches.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
    }
}

/// How many extra candidates [`recommend`] ranks so that a boosted posting just
/// below the top `k` can come in.
pub const RERANK_MARGIN: usize = 20;

/// Top postings for an indexed seeker under a policy. With an empty policy this
/// is exactly [`Snapshot::recommend_postings`].
///
/// # Errors
/// As [`Snapshot::recommend_postings`].
pub fn recommend(
    snapshot: &Snapshot,
    policy: &Policy,
    seeker_id: &str,
    options: &MatchOptions,
) -> Result<Vec<Match>> {
    if policy.is_empty() {
        return snapshot.recommend_postings(seeker_id, options);
    }
    let s = snapshot.seeker(seeker_id).ok_or_else(|| Error::NotFound {
        kind: "seeker",
        id: seeker_id.to_string(),
    })?;
    let wider = MatchOptions {
        k: options.k + RERANK_MARGIN + reserved_count(snapshot, policy, &s),
        ..*options
    };
    let mut matches = snapshot.recommend_postings(seeker_id, &wider)?;
    policy.rerank(&s, |id| snapshot.posting(id), &mut matches);
    matches.truncate(options.k);
    Ok(matches)
}

/// Extra candidates a ranking should fetch so that the policy can rerank:
/// 0 for an empty policy.
pub fn rerank_margin(policy: &Policy) -> usize {
    if policy.is_empty() {
        0
    } else if policy.reserved.is_empty() {
        RERANK_MARGIN
    } else {
        2 * RERANK_MARGIN
    }
}

fn reserved_count(_snapshot: &Snapshot, policy: &Policy, _s: &SeekerProfile) -> usize {
    // Reserved postings are dropped after ranking; rank a little deeper when any tag is reserved.
    if policy.reserved.is_empty() {
        0
    } else {
        RERANK_MARGIN
    }
}

#[cfg(test)]
mod tests;
