//! Keeping encoded profiles within what the index can store.
//!
//! A profile lives in a tantivy bytes fast field, whose values are cut at
//! 65,535 bytes: a longer profile would be stored cut, could not be decoded,
//! and one such record (a 100,000-letter title, a summary of 50,000 distinct
//! words, thousands of skills — all within the loader's 1 MiB record limit)
//! would make every snapshot of the index fail. So before a profile is
//! encoded it is fitted: terms longer than [`MAX_TERM_BYTES`] are dropped
//! (tantivy does not index such tokens either), the display strings (and the
//! checks' title key) are cut at [`MAX_TEXT_CHARS`] characters, and while the encoding is still over
//! [`MAX_PROFILE_BYTES`] every list is cut to half its length, keeping the
//! most frequent terms (ties by term) and the first items of other lists.
//! Deterministic; profiles of ordinary records are not changed.

use crate::error::{Error, Result};
use crate::index::corpus::encode;
use crate::profile::{PostingProfile, SeekerProfile};

/// Largest encoded profile stored, in bytes (the field's limit is 65,535).
pub(crate) const MAX_PROFILE_BYTES: usize = 60_000;
/// Longest term kept in a profile, in bytes.
pub(crate) const MAX_TERM_BYTES: usize = 256;
/// Longest display string (title, place name, employer) kept, in characters.
pub(crate) const MAX_TEXT_CHARS: usize = 1_000;

fn cut_text(s: &mut String) {
    if let Some((at, _)) = s.char_indices().nth(MAX_TEXT_CHARS) {
        s.truncate(at);
    }
}

fn cut_terms(terms: &mut Vec<(String, u32)>, cap: usize) {
    if terms.len() > cap {
        // Most frequent first (ties by term), then back in term order.
        terms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        terms.truncate(cap);
        terms.sort_by(|a, b| a.0.cmp(&b.0));
    }
}

/// Encodes a posting's profile, fitting it first when it is too large.
pub(crate) fn encode_posting(p: &mut PostingProfile) -> Result<Vec<u8>> {
    let mut bytes = encode(&*p)?;
    if bytes.len() <= MAX_PROFILE_BYTES {
        return Ok(bytes);
    }
    let before = bytes.len();
    p.terms.retain(|(t, _)| t.len() <= MAX_TERM_BYTES);
    p.title_terms.retain(|t| t.len() <= MAX_TERM_BYTES);
    cut_text(&mut p.title);
    cut_text(&mut p.checks.title_key);
    if let Some(s) = &mut p.place_name {
        cut_text(s);
    }
    if let Some(s) = &mut p.employer {
        cut_text(s);
    }
    for s in &mut p.skills {
        cut_text(&mut s.name);
    }
    let mut cap = usize::MAX;
    loop {
        bytes = encode(&*p)?;
        if bytes.len() <= MAX_PROFILE_BYTES {
            break;
        }
        let longest = [
            p.terms.len(),
            p.title_terms.len(),
            p.skills.len(),
            p.shifts.len(),
            p.target_groups.len(),
        ]
        .into_iter()
        .max()
        .unwrap_or(0);
        if longest == 0 {
            return Err(too_large("posting", &p.id));
        }
        cap = cap.min(longest).div_ceil(2).max(1).min(longest - 1);
        cut_terms(&mut p.terms, cap);
        p.title_terms.truncate(cap);
        p.skills.truncate(cap);
        p.shifts.truncate(cap);
        p.target_groups.truncate(cap);
    }
    tracing::warn!(kind = "posting", id = %p.id, before, after = bytes.len(), "profile too large for the index: cut to fit");
    Ok(bytes)
}

/// Encodes a seeker's profile, fitting it first when it is too large.
pub(crate) fn encode_seeker(s: &mut SeekerProfile) -> Result<Vec<u8>> {
    let mut bytes = encode(&*s)?;
    if bytes.len() <= MAX_PROFILE_BYTES {
        return Ok(bytes);
    }
    let before = bytes.len();
    s.terms.retain(|(t, _)| t.len() <= MAX_TERM_BYTES);
    for title in &mut s.titles {
        title.retain(|t| t.len() <= MAX_TERM_BYTES);
    }
    s.titles.retain(|t| !t.is_empty());
    for k in &mut s.skills {
        cut_text(&mut k.name);
    }
    let mut cap = usize::MAX;
    loop {
        bytes = encode(&*s)?;
        if bytes.len() <= MAX_PROFILE_BYTES {
            break;
        }
        let longest = [
            s.terms.len(),
            s.titles.len(),
            s.titles.iter().map(Vec::len).max().unwrap_or(0),
            s.skills.len(),
            s.desired_occupations.len(),
            s.past_occupations.len(),
            s.regions.len(),
            s.groups.len(),
            s.availability.len(),
        ]
        .into_iter()
        .max()
        .unwrap_or(0);
        if longest == 0 {
            return Err(too_large("seeker", &s.id));
        }
        cap = cap.min(longest).div_ceil(2).max(1).min(longest - 1);
        cut_terms(&mut s.terms, cap);
        s.titles.truncate(cap);
        for t in &mut s.titles {
            t.truncate(cap);
        }
        s.skills.truncate(cap);
        s.desired_occupations.truncate(cap);
        s.desired_occupation_confidence.truncate(cap);
        s.past_occupations.truncate(cap);
        s.past_occupation_confidence.truncate(cap);
        s.regions.truncate(cap);
        s.groups.truncate(cap);
        s.availability.truncate(cap);
    }
    tracing::warn!(kind = "seeker", id = %s.id, before, after = bytes.len(), "profile too large for the index: cut to fit");
    Ok(bytes)
}

fn too_large(kind: &str, id: &str) -> Error {
    Error::config(format!("the {kind} `{id}` is too large to index"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::analysis::Analyzer;
    use crate::model::{Posting, Seeker, SkillItem};

    #[test]
    fn huge_records_fit_and_ordinary_ones_are_untouched() {
        let mut a = Analyzer::default();
        let mut p = Posting::new("P1", "电焊工");
        p.description = Some("负责焊接。".into());
        let mut profile = PostingProfile::build(&p, &mut a);
        let plain = profile.clone();
        encode_posting(&mut profile).unwrap();
        assert_eq!(profile, plain);

        let mut p = Posting::new("P2", "a".repeat(100_000));
        p.skills = (0..5000)
            .map(|i| SkillItem {
                name: format!("skill{i}"),
                required: true,
                level: None,
            })
            .collect();
        let mut profile = PostingProfile::build(&p, &mut a);
        let bytes = encode_posting(&mut profile).unwrap();
        assert!(bytes.len() <= MAX_PROFILE_BYTES);
        assert_eq!(profile.title.chars().count(), MAX_TEXT_CHARS);

        let mut s = Seeker::new("S1");
        s.summary = Some((0..40_000).map(|i| format!("w{i} ")).collect());
        let mut profile = SeekerProfile::build(&s, &mut a);
        let bytes = encode_seeker(&mut profile).unwrap();
        assert!(bytes.len() <= MAX_PROFILE_BYTES, "{}", bytes.len());
        assert!(!profile.terms.is_empty());
        assert!(profile.terms.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
