//! Accuracy of ranked predictions against gold codes, for the exact code and
//! for every level of the code hierarchy.

use serde::Serialize;

use super::Prediction;
use crate::normalise::codes::occupation_prefixes;

/// Accuracy at one level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelAccuracy {
    /// `exact`, or `level N` (the first N separator-delimited segments).
    pub level: String,
    /// Items whose gold code reaches this level.
    pub n: usize,
    /// Share whose top prediction agrees at this level.
    pub at1: f64,
    /// Share with an agreeing prediction among the top five.
    pub at5: f64,
}

/// Accuracy@1 and @5 for exact codes, then for levels 1, 2, ...
///
/// An item with no prediction counts as wrong. At level `L` only items whose
/// gold code has at least `L` levels count, and a prediction agrees when its
/// first `L` levels equal the gold code's.
///
/// ```
/// use jobmatch::classify::{Prediction, MatchVia, accuracy::accuracy};
/// let p = |c: &str| Prediction { code: c.into(), score: 0.5, via: MatchVia::Search };
/// let gold = ["6-18-01-01".to_string(), "4-03-02-05".to_string()];
/// let predicted = vec![vec![p("6-18-01-02"), p("6-18-01-01")], vec![p("4-03-02-05")]];
/// let acc = accuracy(&gold, &predicted);
/// assert_eq!((acc[0].level.as_str(), acc[0].at1, acc[0].at5), ("exact", 0.5, 1.0));
/// assert_eq!((acc[3].level.as_str(), acc[3].at1), ("level 3", 1.0));
/// ```
pub fn accuracy(gold: &[String], predicted: &[Vec<Prediction>]) -> Vec<LevelAccuracy> {
    let max_depth = gold
        .iter()
        .map(|g| occupation_prefixes(g).len())
        .max()
        .unwrap_or(0);
    let mut out = Vec::with_capacity(max_depth + 1);
    let empty: Vec<Prediction> = Vec::new();
    let mut tally = |level: String, agree: &dyn Fn(&str, &str) -> Option<bool>| {
        let (mut n, mut a1, mut a5) = (0usize, 0usize, 0usize);
        for (i, g) in gold.iter().enumerate() {
            let preds = predicted.get(i).unwrap_or(&empty);
            if agree(g, g).is_none() {
                continue;
            }
            n += 1;
            let hits: Vec<bool> = preds
                .iter()
                .take(5)
                .map(|p| agree(g, &p.code) == Some(true))
                .collect();
            a1 += usize::from(hits.first().copied().unwrap_or(false));
            a5 += usize::from(hits.iter().any(|&h| h));
        }
        let share = |k: usize| if n == 0 { 0.0 } else { k as f64 / n as f64 };
        out.push(LevelAccuracy {
            level,
            n,
            at1: share(a1),
            at5: share(a5),
        });
    };
    tally("exact".into(), &|g, p| Some(g == p));
    for depth in 1..=max_depth {
        tally(format!("level {depth}"), &|g, p| {
            let gp = occupation_prefixes(g);
            let gold_prefix = gp.get(depth - 1)?;
            Some(occupation_prefixes(p).get(depth - 1) == Some(gold_prefix))
        });
    }
    out
}

/// The table as aligned text, one level per line.
pub fn to_text(levels: &[LevelAccuracy]) -> String {
    let mut s = format!("{:<10} {:>6} {:>8} {:>8}\n", "level", "n", "acc@1", "acc@5");
    for l in levels {
        s.push_str(&format!(
            "{:<10} {:>6} {:>8.4} {:>8.4}\n",
            l.level, l.n, l.at1, l.at5
        ));
    }
    s
}
