//! Precision and recall of the checks against labelled postings.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{CheckReport, FlagKind};
use crate::error::{Error, InputLocation, Result};

/// One line of a labels file: a posting id and the kinds it should be flagged with.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct LabelLine {
    id: String,
    #[serde(default)]
    flags: Vec<String>,
}

/// Precision and recall of one kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KindScore {
    /// The kind.
    pub kind: FlagKind,
    /// Postings labelled with it.
    pub labelled: usize,
    /// Postings flagged with it.
    pub flagged: usize,
    /// Postings both labelled and flagged.
    pub correct: usize,
    /// `correct / flagged` (1 when nothing was flagged).
    pub precision: f64,
    /// `correct / labelled` (1 when nothing was labelled).
    pub recall: f64,
}

/// The scores of a labelled run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelReport {
    /// Labelled postings.
    pub postings: usize,
    /// Labelled postings with no expected flag.
    pub clean: usize,
    /// Clean postings that got a blocking flag.
    pub clean_blocked: usize,
    /// Per kind, in [`FlagKind::ALL`] order.
    pub kinds: Vec<KindScore>,
    /// Postings whose flagged kinds differ from their labels: id, missed kinds, extra kinds.
    pub mistakes: Vec<(String, Vec<FlagKind>, Vec<FlagKind>)>,
}

/// Scores a check report against a labels file (JSON Lines,
/// `{"id": str, "flags": [kind, ...]}`; ids absent from the labels are ignored).
///
/// ```
/// use jobmatch::checks::{CheckMode, FlagKind, check_postings, score_labels};
/// use jobmatch::model::Posting;
///
/// let mut p = Posting::new("P1", "收银员");
/// p.description = Some("限女性，负责收银。".into());
/// let report = check_postings(&[p], &[], CheckMode::Withhold);
/// let labels = r#"{"id":"P1","flags":["gender","missing_employer","missing_elements"]}"#;
/// let scores = score_labels(&report, labels.as_bytes(), "labels")?;
/// let gender = scores.kinds.iter().find(|k| k.kind == FlagKind::Gender).unwrap();
/// assert_eq!((gender.precision, gender.recall), (1.0, 1.0));
/// # Ok::<(), jobmatch::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidRecord`] for a line that is not a label or names an unknown kind.
pub fn score_labels(
    report: &CheckReport,
    labels: impl std::io::BufRead,
    source: &str,
) -> Result<LabelReport> {
    let mut expected: BTreeMap<String, BTreeSet<FlagKind>> = BTreeMap::new();
    for (n, line) in labels.lines().enumerate() {
        let location = |field: &str| InputLocation {
            source: source.to_string(),
            line: n as u64 + 1,
            field: field.to_string(),
        };
        let line = line.map_err(|e| Error::io(source, e))?;
        if line.trim().is_empty() {
            continue;
        }
        let label: LabelLine = serde_json::from_str(&line).map_err(|e| Error::InvalidRecord {
            location: location(""),
            message: format!("not a label line: {e}"),
        })?;
        let mut kinds = BTreeSet::new();
        for (i, k) in label.flags.iter().enumerate() {
            kinds.insert(FlagKind::parse(k).ok_or_else(|| Error::InvalidRecord {
                location: location(&format!("flags[{i}]")),
                message: "unknown flag kind".into(),
            })?);
        }
        expected.insert(label.id, kinds);
    }
    let mut got: BTreeMap<&str, BTreeSet<FlagKind>> = BTreeMap::new();
    let mut blocked: BTreeSet<&str> = BTreeSet::new();
    for p in &report.postings {
        got.insert(
            p.id.as_str(),
            p.flags.iter().map(|f| f.kind).collect::<BTreeSet<_>>(),
        );
        if p.flags.iter().any(|f| f.severity == super::Severity::Block) {
            blocked.insert(p.id.as_str());
        }
    }
    let empty = BTreeSet::new();
    let mut kinds = Vec::new();
    for kind in FlagKind::ALL {
        let (mut labelled, mut flagged, mut correct) = (0, 0, 0);
        for (id, want) in &expected {
            let has = got.get(id.as_str()).unwrap_or(&empty).contains(&kind);
            let wants = want.contains(&kind);
            labelled += usize::from(wants);
            flagged += usize::from(has);
            correct += usize::from(has && wants);
        }
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        kinds.push(KindScore {
            kind,
            labelled,
            flagged,
            correct,
            precision: ratio(correct, flagged),
            recall: ratio(correct, labelled),
        });
    }
    let mut mistakes = Vec::new();
    for (id, want) in &expected {
        let have = got.get(id.as_str()).unwrap_or(&empty);
        if have != want {
            mistakes.push((
                id.clone(),
                want.difference(have).copied().collect(),
                have.difference(want).copied().collect(),
            ));
        }
    }
    let clean = expected.values().filter(|k| k.is_empty()).count();
    let clean_blocked = expected
        .iter()
        .filter(|(id, k)| k.is_empty() && blocked.contains(id.as_str()))
        .count();
    Ok(LabelReport {
        postings: expected.len(),
        clean,
        clean_blocked,
        kinds,
        mistakes,
    })
}
