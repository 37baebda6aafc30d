//! The ranking of one query by each method (see [`super::Method`]).

use super::{Direction, EvalOptions, top_k_trec};
use crate::eligibility::eligible;
use crate::engine::Snapshot;
use crate::error::{Error, Result};
use crate::profile::{PostingProfile, SeekerProfile};

fn not_found(kind: &'static str, id: &str) -> Error {
    Error::NotFound {
        kind,
        id: id.to_string(),
    }
}

/// The engine's own ranking (top `k`), scores as the engine gives them.
pub(super) fn engine(
    snapshot: &Snapshot,
    query: &str,
    options: &EvalOptions,
) -> Result<Vec<(String, f64)>> {
    let mo = options.match_options();
    let matches = match options.direction {
        Direction::Postings => snapshot.recommend_postings(query, &mo)?,
        Direction::Seekers => snapshot.candidates(query, &mo)?,
    };
    Ok(matches
        .into_iter()
        .map(|m| (m.id, f64::from(m.score)))
        .collect())
}

/// 64-bit FNV-1a.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// SplitMix64 finaliser.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A pseudo-random number in [0, 1) fixed by seed, query and document: the
/// same whatever the order or thread the pairs are scored in.
pub(super) fn random_score(seed: u64, query: &str, doc: &str) -> f64 {
    let h = mix(seed ^ mix(fnv1a(query.as_bytes())) ^ fnv1a(doc.as_bytes()).rotate_left(17));
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// Every eligible document in random order.
pub(super) fn random(
    snapshot: &Snapshot,
    query: &str,
    options: &EvalOptions,
) -> Result<Vec<(String, f64)>> {
    let scored: Vec<(String, f64)> = match options.direction {
        Direction::Postings => {
            let s = snapshot
                .seeker(query)
                .ok_or_else(|| not_found("seeker", query))?;
            snapshot
                .posting_ids()
                .filter(|id| {
                    snapshot
                        .posting(id)
                        .is_some_and(|p| eligible(&s, p, options.as_of))
                })
                .map(|id| (id.to_string(), random_score(options.seed, query, id)))
                .collect()
        }
        Direction::Seekers => {
            let p = snapshot
                .posting(query)
                .ok_or_else(|| not_found("posting", query))?;
            snapshot
                .seeker_profiles()
                .iter()
                .filter(|s| eligible(s, p, options.as_of))
                .map(|s| (s.id.clone(), random_score(options.seed, query, &s.id)))
                .collect()
        }
    };
    Ok(top_k_trec(scored, options.k))
}

/// Completeness of a seeker profile: how many of the fields matching uses are
/// filled in (0-9).
pub(super) fn completeness(s: &SeekerProfile) -> usize {
    [
        !s.terms.is_empty(),
        !s.skills.is_empty(),
        !s.desired_occupations.is_empty() || !s.past_occupations.is_empty(),
        !s.titles.is_empty(),
        s.division.is_some() || s.coords.is_some(),
        !s.employment_types.is_empty(),
        s.salary_floor_monthly.is_some(),
        s.education.is_some(),
        s.experience_years.is_some(),
    ]
    .into_iter()
    .filter(|&b| b)
    .count()
}

/// The query-independent popularity order of the documents, best first.
///
/// Postings: most openings, then newest `posted_at` (undated last), then id.
/// Seekers: most complete profile, then most skills, then most years of
/// experience, then id.
pub(super) fn popularity_order(snapshot: &Snapshot, direction: Direction) -> Vec<String> {
    match direction {
        Direction::Postings => {
            let mut v: Vec<&PostingProfile> = snapshot
                .posting_ids()
                .filter_map(|id| snapshot.posting(id))
                .collect();
            v.sort_by(|a, b| {
                b.openings
                    .cmp(&a.openings)
                    .then_with(|| b.posted_at.cmp(&a.posted_at)) // None sorts last
                    .then_with(|| a.id.cmp(&b.id))
            });
            v.into_iter().map(|p| p.id.clone()).collect()
        }
        Direction::Seekers => {
            let mut v: Vec<&SeekerProfile> =
                snapshot.seeker_profiles().iter().map(|s| &**s).collect();
            v.sort_by(|a, b| {
                completeness(b)
                    .cmp(&completeness(a))
                    .then_with(|| b.skills.len().cmp(&a.skills.len()))
                    .then_with(|| {
                        b.experience_years
                            .unwrap_or(0.0)
                            .total_cmp(&a.experience_years.unwrap_or(0.0))
                    })
                    .then_with(|| a.id.cmp(&b.id))
            });
            v.into_iter().map(|s| s.id.clone()).collect()
        }
    }
}

/// The first `k` eligible documents of the popularity order; scores descend
/// from `k` so that the run keeps exactly this order.
pub(super) fn popularity(
    snapshot: &Snapshot,
    order: &[String],
    query: &str,
    options: &EvalOptions,
) -> Result<Vec<(String, f64)>> {
    let allowed: Box<dyn Fn(&str) -> bool + '_> = match options.direction {
        Direction::Postings => {
            let s = snapshot
                .seeker(query)
                .ok_or_else(|| not_found("seeker", query))?;
            Box::new(move |id| {
                snapshot
                    .posting(id)
                    .is_some_and(|p| eligible(&s, p, options.as_of))
            })
        }
        Direction::Seekers => {
            let p = snapshot
                .posting(query)
                .ok_or_else(|| not_found("posting", query))?;
            Box::new(move |id| {
                snapshot
                    .seeker(id)
                    .is_some_and(|s| eligible(&s, p, options.as_of))
            })
        }
    };
    Ok(order
        .iter()
        .filter(|id| allowed(id))
        .take(options.k)
        .enumerate()
        .map(|(i, id)| (id.clone(), (options.k - i) as f64))
        .collect())
}

/// BM25 of the query's text against the documents' text, among eligible documents.
pub(super) fn bm25(
    snapshot: &Snapshot,
    query: &str,
    options: &EvalOptions,
) -> Result<Vec<(String, f64)>> {
    let hits = match options.direction {
        Direction::Postings => {
            let s = snapshot
                .seeker(query)
                .ok_or_else(|| not_found("seeker", query))?;
            snapshot.bm25_postings(query, options.k, |p| eligible(&s, p, options.as_of))?
        }
        Direction::Seekers => {
            let p = snapshot
                .posting(query)
                .ok_or_else(|| not_found("posting", query))?;
            snapshot.bm25_seekers(query, options.k, |s| eligible(s, p, options.as_of))?
        }
    };
    Ok(top_k_trec(
        hits.into_iter().map(|(id, s)| (id, f64::from(s))).collect(),
        options.k,
    ))
}
