//! Non-personalised recommendations (PIPL article 24), see [`crate::privacy`].

use super::{Match, MatchOptions, Snapshot};
use crate::features::freshness;
use crate::score::Explanation;

impl Snapshot {
    /// Recommendations that use no personal profile, for seekers who opted out
    /// of personalised ones: the postings live on `options.as_of` (not expired,
    /// with openings) and not withheld by the posting checks, by freshness
    /// (newest first; undated postings get the neutral freshness), then most
    /// openings, then id. The score is the freshness. With
    /// `options.explain`, the explanation has no feature values and one note,
    /// [`crate::privacy::NON_PERSONALISED_NOTE`]. It takes no seeker: the list
    /// is the same for everyone. `options.pool_size` is ignored.
    ///
    /// ```
    /// use jobmatch::{Engine, MatchOptions, model::{Date, Posting}};
    ///
    /// let engine = Engine::builder().in_ram()?;
    /// let mut old = Posting::new("P1", "电焊工");
    /// old.posted_at = Date::from_ymd(2026, 9, 1);
    /// let mut new = Posting::new("P2", "收银员");
    /// new.posted_at = Date::from_ymd(2026, 11, 20);
    /// engine.upsert_postings(&[old, new])?;
    /// engine.commit()?;
    ///
    /// let options = MatchOptions::new(10, Date::from_ymd(2026, 11, 27).unwrap());
    /// let list = engine.snapshot()?.recommend_non_personalised(&options);
    /// assert_eq!(list.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), ["P2", "P1"]);
    /// # Ok::<(), jobmatch::Error>(())
    /// ```
    pub fn recommend_non_personalised(&self, options: &MatchOptions) -> Vec<Match> {
        let mut ranked: Vec<(f32, u32, &str, usize)> = self
            .postings
            .all()
            .iter()
            .enumerate()
            .filter(|(_, p)| p.is_live_on(options.as_of) && !p.checks.withheld)
            .map(|(i, p)| (freshness(p, options.as_of), p.openings, p.id.as_str(), i))
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)));
        ranked.truncate(options.k);
        ranked
            .into_iter()
            .map(|(score, _, _, i)| {
                let p = &self.postings.all()[i];
                Match {
                    id: p.id.clone(),
                    score,
                    title: Some(p.title.clone()),
                    place: p.place_name.clone().or_else(|| p.division.clone()),
                    explanation: options.explain.then(|| non_personalised_explanation(score)),
                }
            })
            .collect()
    }
}

/// The explanation of a non-personalised recommendation: no features, one note.
pub(crate) fn non_personalised_explanation(score: f32) -> Explanation {
    Explanation {
        score,
        features: Vec::new(),
        matched_skills: Vec::new(),
        missing_skills: Vec::new(),
        shared_occupation: None,
        distance_km: None,
        remote: false,
        notes: vec![crate::privacy::NON_PERSONALISED_NOTE.to_string()],
    }
}
