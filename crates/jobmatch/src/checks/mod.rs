//! Posting checks: discriminatory requirements, fraud signals and duplicates.
//!
//! Every posting is checked when it is indexed ([`PostingChecks::of`], stored in
//! the posting's [`PostingProfile`](crate::profile::PostingProfile)); the checks
//! that need the whole index (pay far outside the range of the same occupation
//! and city, duplicates) run when a [`Snapshot`](crate::Snapshot) is taken, or
//! over a whole file with [`check_postings`].
//!
//! A [`Flag`] has a [`FlagKind`], a [`Severity`] and a reason naming the phrase
//! that triggered it. Under [`CheckMode::Withhold`] (the engine's default) a
//! posting with a [`Severity::Block`] flag is *withheld*: it is never
//! recommended nor pushed ([`crate::eligibility::eligible`] refuses it);
//! [`CheckMode::FlagOnly`] records the flags and withholds nothing;
//! [`CheckMode::Off`] runs no check.
//!
//! # What is checked
//! | kind | severity | what |
//! |---|---|---|
//! | `gender` | block | gender limits or preferences (限男性, 男性优先, 女士勿扰, "male only", "female preferred") |
//! | `marital` | block | marital or childbearing status (已婚已育, 未婚, "must be married") |
//! | `ethnicity` | block | ethnicity (限汉族, "Han only") |
//! | `hukou` | block | hukou or place of origin (限本地户口, 本地人, "locals only") |
//! | `health` | block | hepatitis B / HIV status (乙肝, HBV, 大三阳, "HIV negative") |
//! | `age` | warning | an upper age limit (35岁以下, 18-35岁, "under 35"): a policy warning |
//! | `fee` | block | fees or deposits charged to applicants (押金, 培训费, 服装费, 体检费, "registration fee") |
//! | `training_loan` | block | training loans, recruitment turned into paid training (培训贷, 招转培) |
//! | `unrealistic_promise` | block / warning | guarantees and windfalls (保录, 日结过万, 轻松月入过万) block; plain puffery (高薪, 月入过万) warns |
//! | `pay_outlier` | warning | monthly pay outside median ± 5·MAD (log scale) of the same occupation major group and city |
//! | `missing_employer` | warning | no employer id |
//! | `missing_elements` | warning | no duties, no place, no pay or no validity (expiry date) |
//! | `duplicate` | block | same employer, same normalised title and place, description ≥ 0.85 similar; the lowest id is kept |
//!
//! Near-misses are not flagged: "男女不限", "不限户口", "无需押金", "不收取任何
//! 费用", "female workers welcome", "少数民族优先" (lawful: Law on Regional
//! National Autonomy, art. 23), "持有健康证" (food handlers, Food Safety Law
//! art. 45).
//!
//! # Lawful exceptions
//! China's Employment Promotion Law (art. 27) forbids refusing women "except for
//! the types of work or posts that the State declares unsuitable for women". Those
//! are listed in the annex of the *Special Provisions on Labour Protection of
//! Female Employees* (女职工劳动保护特别规定, State Council Decree No. 619, 2012),
//! item 1 (work forbidden to all female employees):
//! 1. underground work in mines (矿山井下作业);
//! 2. work of class IV physical labour intensity under the national standard on
//!    the classification of physical labour intensity (体力劳动强度分级 第四级);
//! 3. lifting more than 20 kg more than six times an hour, or more than 25 kg
//!    at intervals (每小时负重6次以上、每次负重超过20公斤; 间断负重每次超过25公斤).
//!
//! A restriction *to men* in a posting that names such work (see
//! [`LAWFUL_EXCEPTIONS`]) is not flagged; the exception is recorded in
//! [`PostingChecks::exceptions`]. A restriction to women, or any other kind of
//! flag, is never excused this way.
//!
//! ```
//! use jobmatch::checks::{FlagKind, PostingChecks, Severity};
//! use jobmatch::model::Posting;
//!
//! let mut p = Posting::new("P1", "仓库管理员");
//! p.description = Some("负责出入库管理。限男性，35岁以下，入职需交押金300元。".into());
//! let checks = PostingChecks::of(&p);
//! let kinds: Vec<FlagKind> = checks.flags.iter().map(|f| f.kind).collect();
//! assert!(kinds.contains(&FlagKind::Gender) && kinds.contains(&FlagKind::Fee));
//! assert!(checks.withheld);
//! let age = checks.flags.iter().find(|f| f.kind == FlagKind::Age).unwrap();
//! assert_eq!(age.severity, Severity::Warning);
//!
//! let mut fine = Posting::new("P2", "Warehouse clerk");
//! fine.description = Some("Stock control. Female workers welcome; no fees of any kind.".into());
//! assert!(!PostingChecks::of(&fine).flags.iter().any(|f| f.severity == Severity::Block));
//! ```

mod corpus;
mod labels;
mod phrases;

use serde::{Deserialize, Serialize};

pub use corpus::{CorpusEntry, PayRange, corpus_flags, normalised_title, text_signature};
pub use labels::{KindScore, LabelReport, score_labels};
pub use phrases::LAWFUL_EXCEPTIONS;

use crate::model::Posting;

/// What the engine does with flagged postings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckMode {
    /// Run every check; withhold postings with a blocking flag (the default).
    #[default]
    Withhold,
    /// Run every check and record the flags; withhold nothing.
    FlagOnly,
    /// Run no check.
    Off,
}

impl CheckMode {
    /// Parses `withhold`, `flag-only` (or `flag_only`) or `off`.
    ///
    /// ```
    /// use jobmatch::checks::CheckMode;
    /// assert_eq!(CheckMode::parse("flag-only"), Some(CheckMode::FlagOnly));
    /// assert_eq!(CheckMode::parse("nope"), None);
    /// ```
    pub fn parse(text: &str) -> Option<CheckMode> {
        match text {
            "withhold" => Some(CheckMode::Withhold),
            "flag-only" | "flag_only" => Some(CheckMode::FlagOnly),
            "off" => Some(CheckMode::Off),
            _ => None,
        }
    }
}

/// The kinds of flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// A gender limit or preference.
    Gender,
    /// A marital or childbearing requirement.
    Marital,
    /// An ethnicity requirement.
    Ethnicity,
    /// A hukou or place-of-origin requirement.
    Hukou,
    /// A health requirement that the law forbids (hepatitis B, HIV).
    Health,
    /// An upper age limit (a policy warning).
    Age,
    /// A fee or deposit charged to applicants.
    Fee,
    /// A training loan, or recruitment turned into paid training.
    TrainingLoan,
    /// A guarantee or windfall promise.
    UnrealisticPromise,
    /// Pay far outside the range of the same occupation and city.
    PayOutlier,
    /// No employer.
    MissingEmployer,
    /// A basic element is missing: duties, place, pay or validity.
    MissingElements,
    /// A near-identical copy of another posting of the same employer.
    Duplicate,
}

impl FlagKind {
    /// Every kind, in order.
    pub const ALL: [FlagKind; 13] = [
        FlagKind::Gender,
        FlagKind::Marital,
        FlagKind::Ethnicity,
        FlagKind::Hukou,
        FlagKind::Health,
        FlagKind::Age,
        FlagKind::Fee,
        FlagKind::TrainingLoan,
        FlagKind::UnrealisticPromise,
        FlagKind::PayOutlier,
        FlagKind::MissingEmployer,
        FlagKind::MissingElements,
        FlagKind::Duplicate,
    ];

    /// The snake_case name used in reports and label files.
    ///
    /// ```
    /// use jobmatch::checks::FlagKind;
    /// assert_eq!(FlagKind::TrainingLoan.as_str(), "training_loan");
    /// assert_eq!(FlagKind::parse("training_loan"), Some(FlagKind::TrainingLoan));
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            FlagKind::Gender => "gender",
            FlagKind::Marital => "marital",
            FlagKind::Ethnicity => "ethnicity",
            FlagKind::Hukou => "hukou",
            FlagKind::Health => "health",
            FlagKind::Age => "age",
            FlagKind::Fee => "fee",
            FlagKind::TrainingLoan => "training_loan",
            FlagKind::UnrealisticPromise => "unrealistic_promise",
            FlagKind::PayOutlier => "pay_outlier",
            FlagKind::MissingEmployer => "missing_employer",
            FlagKind::MissingElements => "missing_elements",
            FlagKind::Duplicate => "duplicate",
        }
    }

    /// Parses the snake_case name.
    pub fn parse(text: &str) -> Option<FlagKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

impl std::fmt::Display for FlagKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How serious a flag is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Listed, never withheld.
    Warning,
    /// Withheld from recommendations and pushes under [`CheckMode::Withhold`].
    Block,
}

/// One finding about a posting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    /// What kind of problem.
    pub kind: FlagKind,
    /// Block or warning.
    pub severity: Severity,
    /// Why, in words, with the matched phrase when there is one.
    pub reason: String,
    /// The phrase of the posting that triggered the flag (folded: lower case,
    /// half-width), empty when none.
    pub phrase: String,
}

impl Flag {
    pub(crate) fn new(kind: FlagKind, severity: Severity, reason: String, phrase: &str) -> Flag {
        Flag {
            kind,
            severity,
            reason,
            phrase: phrase.to_string(),
        }
    }
}

/// The checks of one posting, as stored in its profile.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostingChecks {
    /// Every flag, sorted by kind then phrase.
    pub flags: Vec<Flag>,
    /// Lawful exceptions that excused a restriction (see the module docs).
    pub exceptions: Vec<String>,
    /// Withheld from recommendations and pushes.
    pub withheld: bool,
    /// Normalised title (for duplicate detection).
    pub title_key: String,
    /// MinHash signature of the description's character shingles (for
    /// duplicate detection); empty when there is no description.
    pub signature: Vec<u32>,
}

impl PostingChecks {
    /// Runs the per-posting checks (everything but pay outliers and duplicates,
    /// which need the whole index). `withheld` is set when a flag blocks.
    pub fn of(p: &Posting) -> PostingChecks {
        let mut flags = Vec::new();
        let mut exceptions = Vec::new();
        let text = phrases::posting_text(p);
        phrases::scan(&text, &mut flags, &mut exceptions);
        phrases::missing(p, &text, &mut flags);
        let mut checks = PostingChecks {
            flags,
            exceptions,
            withheld: false,
            title_key: normalised_title(&p.title),
            signature: p
                .description
                .as_deref()
                .map(text_signature)
                .unwrap_or_default(),
        };
        checks.finish(CheckMode::Withhold);
        checks
    }

    /// Sorts the flags and sets `withheld` as `mode` says; under
    /// [`CheckMode::Off`] the flags are dropped.
    pub fn finish(&mut self, mode: CheckMode) {
        if mode == CheckMode::Off {
            self.flags.clear();
            self.exceptions.clear();
        }
        self.flags
            .sort_by(|a, b| (a.kind, &a.phrase, &a.reason).cmp(&(b.kind, &b.phrase, &b.reason)));
        self.flags.dedup();
        self.withheld = mode == CheckMode::Withhold && self.blocks();
    }

    /// Whether any flag blocks.
    pub fn blocks(&self) -> bool {
        self.flags.iter().any(|f| f.severity == Severity::Block)
    }

    /// The distinct kinds flagged, in order.
    pub fn kinds(&self) -> Vec<FlagKind> {
        let mut k: Vec<FlagKind> = self.flags.iter().map(|f| f.kind).collect();
        k.dedup();
        k
    }
}

/// The checks of one posting in a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PostingReport {
    /// Posting id.
    pub id: String,
    /// Flags, by kind.
    pub flags: Vec<Flag>,
    /// Lawful exceptions applied.
    pub exceptions: Vec<String>,
    /// Withheld under the mode of the run.
    pub withheld: bool,
}

/// The checks of a set of postings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    /// The mode the checks ran under.
    pub mode: CheckMode,
    /// Postings checked.
    pub checked: usize,
    /// Postings with at least one flag.
    pub flagged: usize,
    /// Postings withheld.
    pub withheld: usize,
    /// Per kind: how many postings carry it.
    pub by_kind: Vec<(FlagKind, usize)>,
    /// The pay ranges used, per occupation major group and city.
    pub pay_ranges: Vec<PayRange>,
    /// Every posting with a flag or an exception, in id order.
    pub postings: Vec<PostingReport>,
}

/// Checks a set of postings as the engine would index them together: the
/// per-posting checks, then pay outliers and duplicates over the set.
/// `reference` postings (for example the whole index) only inform the pay
/// ranges; they are not reported.
///
/// ```
/// use jobmatch::checks::{CheckMode, FlagKind, check_postings};
/// use jobmatch::model::Posting;
///
/// let mut a = Posting::new("P2", "Cashier");
/// a.employer = Some("E1".into());
/// a.description = Some("Handle the till and customer payments at our main store.".into());
/// let mut b = a.clone();
/// b.id = "P1".into();
/// let report = check_postings(&[a, b], &[], CheckMode::Withhold);
/// let dup = report.postings.iter().find(|r| r.id == "P2").unwrap();
/// assert!(dup.flags.iter().any(|f| f.kind == FlagKind::Duplicate));
/// assert!(dup.withheld);
/// ```
pub fn check_postings(postings: &[Posting], reference: &[Posting], mode: CheckMode) -> CheckReport {
    use rayon::prelude::*;
    let mut checks: Vec<PostingChecks> = if mode == CheckMode::Off {
        vec![PostingChecks::default(); postings.len()]
    } else {
        postings.par_iter().map(PostingChecks::of).collect()
    };
    let mut pay_ranges = Vec::new();
    if mode != CheckMode::Off {
        let mut entries: Vec<CorpusEntry> = postings
            .iter()
            .zip(&checks)
            .map(|(p, c)| CorpusEntry::of_posting(p, c))
            .collect();
        let extra: Vec<PostingChecks> = reference
            .iter()
            .map(|p| PostingChecks {
                title_key: normalised_title(&p.title),
                ..PostingChecks::default()
            })
            .collect();
        let n = entries.len();
        entries.extend(reference.iter().zip(&extra).map(|(p, c)| CorpusEntry {
            report: false,
            employer: None,
            ..CorpusEntry::of_posting(p, c)
        }));
        let (found, ranges) = corpus_flags(&entries);
        pay_ranges = ranges;
        for (i, flags) in found.into_iter().take(n).enumerate() {
            checks[i].flags.extend(flags);
        }
    }
    let mut reports = Vec::new();
    let mut by_kind = std::collections::BTreeMap::<FlagKind, usize>::new();
    let (mut flagged, mut withheld) = (0, 0);
    for (p, c) in postings.iter().zip(checks.iter_mut()) {
        c.finish(mode);
        for k in c.kinds() {
            *by_kind.entry(k).or_insert(0) += 1;
        }
        flagged += usize::from(!c.flags.is_empty());
        withheld += usize::from(c.withheld);
        if !c.flags.is_empty() || !c.exceptions.is_empty() {
            reports.push(PostingReport {
                id: p.id.clone(),
                flags: c.flags.clone(),
                exceptions: c.exceptions.clone(),
                withheld: c.withheld,
            });
        }
    }
    reports.sort_by(|a, b| a.id.cmp(&b.id));
    CheckReport {
        mode,
        checked: postings.len(),
        flagged,
        withheld,
        by_kind: by_kind.into_iter().collect(),
        pay_ranges,
        postings: reports,
    }
}

/// Runs the index-wide checks over a snapshot's postings and applies `mode`:
/// adds pay-outlier and duplicate flags and sets `withheld` on every profile.
pub(crate) fn apply_to_corpus(
    profiles: &mut [std::sync::Arc<crate::profile::PostingProfile>],
    mode: CheckMode,
) {
    if mode != CheckMode::Off {
        let entries: Vec<CorpusEntry> = profiles
            .iter()
            .map(|p| CorpusEntry::of_profile(p))
            .collect();
        let (found, _) = corpus_flags(&entries);
        for (p, flags) in profiles.iter_mut().zip(found) {
            if !flags.is_empty() {
                let p = std::sync::Arc::make_mut(p);
                p.checks.flags.extend(flags);
                p.checks.finish(mode);
            }
        }
    }
    for p in profiles.iter_mut() {
        let withheld = mode == CheckMode::Withhold && p.checks.blocks();
        if p.checks.withheld != withheld || (mode == CheckMode::Off && !p.checks.flags.is_empty()) {
            std::sync::Arc::make_mut(p).checks.finish(mode);
        }
    }
}

#[cfg(test)]
mod tests;
