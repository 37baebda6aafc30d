//! Candidate queries: one tantivy query per seeker (or posting), a pure
//! disjunction of term clauses — text (BM25), canonical skills, occupation code
//! prefixes and division code prefixes.
//!
//! Hard rules are not clauses: the collector ([`super::collect`]) applies them
//! to each document as tantivy offers it, so an ineligible document never takes
//! a place in the pool, and adds the features a term query cannot see (place,
//! pay, type, requirements, freshness) to the query score. Levels too broad to
//! discriminate (the province and city, an occupation's major group) and text terms in
//! more than [`COMMON_TERM_SHARE`] of documents are left out of the query; the
//! scorer still sees them.
//!
//! Clause weights are in points, one point standing for about 0.01 of the final
//! score (see `POINTS`), so that the pool's order approximates the final one.
//!
//! A query has a [`Reach`]: the selective query above; a broad one that adds
//! the city, the occupation's major group and the seeker's accepted regions,
//! for profiles too sparse (or places too narrow) for the selective query to
//! find `k` eligible documents; and one that every document matches (the
//! exhaustive path). The snapshot widens the reach only when the narrower
//! query found fewer than `k`.

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use super::schema::{FLAG_REMOTE, Fields};
use crate::normalise::codes::{division_prefixes, occupation_prefixes};
use crate::normalise::skills::SkillNormaliser;
use crate::prepare::Vocabulary;
use crate::profile::{PostingProfile, SeekerProfile, StoredSkill};

/// Most text terms a candidate query uses (the most informative ones).
pub(crate) const MAX_QUERY_TERMS: usize = 24;
/// Text terms found in more than this share of documents are not queried...
const COMMON_TERM_SHARE: f64 = 0.05;
/// ...unless they are in fewer documents than this (small corpora keep every term).
const MIN_COMMON_DF: f64 = 1000.0;

/// The most documents, of a corpus of `docs`, a text term may be in and still
/// be queried (candidate queries and impact lists leave the others out).
pub(crate) fn max_selective_df(docs: usize) -> f64 {
    (docs as f64 * COMMON_TERM_SHARE).max(MIN_COMMON_DF)
}
const TITLE_BOOST: f32 = 1.5;
const SKILLS_BOOST: f32 = 1.5;
const PAST_OCCUPATION_FACTOR: f32 = 0.8;

/// Clause weights in *points*, one point standing for about 0.01 of the final
/// score, so that a document's query score approximates the part of its final
/// score that its shared terms explain (see the module docs).
#[derive(Debug, Clone, Copy)]
struct Points {
    /// Points per unit of BM25 in the text clauses.
    text: f32,
    /// A shared canonical skill.
    skill: f32,
    /// Sharing the occupation code at level 2, 3 and 4 (cumulative: a posting
    /// with the seeker's exact 4-level code matches all three clauses).
    occupation: [f32; 3],
    /// Sharing the division at county, township and community level.
    division: [f32; 3],
}

/// The clause weights. Text keeps BM25's shape at 0.4 points per unit (the
/// text feature saturates, so a long list of shared words is worth less than
/// its BM25 sum); codes get fixed points, whatever their rarity, from the
/// weights of the features they stand for: an occupation code shared down to
/// the unit group is the occupation feature's 20 points. Place clauses are
/// mostly there to *match* nearby documents: the collector adds the location
/// feature itself (see [`crate::features::situation`]), so they carry few
/// points of their own. Measured on the 100k × 1M scale data (recall@20 at
/// pool 400): text at 0.25, 0.4, 1.0, 1.6 points gave 0.886, 0.891, 0.861,
/// 0.843 over 100 seekers; division points [10, 3, 2] → [3, 1, 1] once the
/// location feature was added gave 0.891 → 0.9065 there and 0.857 → 0.875
/// over 300 other seekers.
const POINTS: Points = Points {
    text: 0.4,
    skill: 4.0,
    occupation: [10.0, 5.0, 5.0],
    division: [3.0, 1.0, 1.0],
};

/// The boost that makes a term clause on a code field score about `points`
/// for a document holding the term once (tantivy's BM25 gives such a document
/// `boost × idf`); `None` when no document holds the term.
fn code_clause(
    searcher: &Searcher,
    field: Field,
    code: &str,
    points: f32,
) -> Option<Box<dyn Query>> {
    let t = Term::from_field_text(field, code);
    let df = searcher.doc_freq(&t).ok()? as f32;
    if df == 0.0 || points <= 0.0 {
        return None;
    }
    let n = searcher.num_docs() as f32;
    let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln().max(1e-3);
    Some(boosted(
        Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs)),
        points / idf,
    ))
}

type Clause = (Occur, Box<dyn Query>);

fn term(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

fn boosted(q: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, boost))
}

/// How widely a candidate query casts its net.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    /// Selective clauses only (the normal case).
    Selective,
    /// Also the broad levels (the city, an occupation's major group, the
    /// seeker's accepted regions): for profiles too sparse, or places too
    /// narrow, for the selective query to find enough eligible documents.
    Broad,
    /// Every document matches (the clauses only order them).
    Everything,
}

/// Points for a remote posting, for a seeker who accepts remote work. Few:
/// the clause is there to *offer* remote postings to the collector, which adds
/// their location feature (full marks) itself; without it, a remote posting
/// that shares no term with the seeker was never considered, and such postings
/// were 206 of the 466 misses over 300 seekers of the scale data.
const REMOTE_POINTS: f32 = 1.0;

/// Points for sharing the city (broad queries only).
const CITY_POINTS: f32 = 6.0;
/// Points for sharing an occupation's major group (broad queries only).
const MAJOR_GROUP_POINTS: f32 = 5.0;

/// The most informative terms of a term list in the searched corpus (every
/// term, common ones included, when every document matches anyway).
fn top_terms<'a>(
    terms: &'a [(String, u32)],
    vocabulary: &Vocabulary,
    reach: Reach,
) -> Vec<&'a str> {
    let max_df = if reach == Reach::Everything {
        f64::INFINITY
    } else {
        max_selective_df(vocabulary.docs() as usize)
    };
    let mut scored: Vec<(f32, &str)> = terms
        .iter()
        .filter_map(|(t, tf)| {
            let (_, idf, df) = vocabulary.get_with_df(t)?;
            (df as f64 <= max_df).then(|| ((1.0 + (*tf as f32).ln()) * idf, t.as_str()))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.truncate(MAX_QUERY_TERMS);
    scored.into_iter().map(|(_, t)| t).collect()
}

fn text_clauses(f: &Fields, terms: &[&str], points: &Points, out: &mut Vec<Clause>) {
    for t in terms {
        out.push((
            Occur::Should,
            boosted(term(f.title, t), TITLE_BOOST * points.text),
        ));
        out.push((Occur::Should, boosted(term(f.body, t), points.text)));
        out.push((
            Occur::Should,
            boosted(term(f.skills, t), SKILLS_BOOST * points.text),
        ));
    }
}

fn skill_clauses(
    f: &Fields,
    searcher: &Searcher,
    skills: &[StoredSkill],
    n: &SkillNormaliser,
    points: &Points,
    out: &mut Vec<Clause>,
) {
    for s in skills {
        if let Some(q) = code_clause(searcher, f.skill_key, &n.canonical(&s.name), points.skill) {
            out.push((Occur::Should, q));
        }
    }
}

/// Occupation prefixes from the middle group down (the major group is too
/// broad to select candidates; the occupation feature still uses it).
fn occupation_clauses(
    f: &Fields,
    searcher: &Searcher,
    code: &str,
    factor: f32,
    points: &Points,
    reach: Reach,
    out: &mut Vec<Clause>,
) {
    for (level, prefix) in occupation_prefixes(code).into_iter().enumerate() {
        let p = match level {
            0 if reach == Reach::Selective => continue,
            0 => MAJOR_GROUP_POINTS,
            _ => points.occupation.get(level - 1).copied().unwrap_or(0.0),
        } * factor;
        if let Some(q) = code_clause(searcher, f.occupation, prefix, p) {
            out.push((Occur::Should, q));
        }
    }
}

/// Division prefixes from the county down (a city is too broad to select
/// candidates; the location feature still uses it).
fn division_clauses(
    f: &Fields,
    searcher: &Searcher,
    code: &str,
    points: &Points,
    reach: Reach,
    out: &mut Vec<Clause>,
) {
    for (level, prefix) in division_prefixes(code).into_iter().enumerate().skip(1) {
        let p = match level {
            1 if reach == Reach::Selective => continue,
            1 => CITY_POINTS,
            _ => points.division.get(level - 2).copied().unwrap_or(0.0),
        };
        if let Some(q) = code_clause(searcher, f.division, prefix, p) {
            out.push((Occur::Should, q));
        }
    }
}

/// The scored clauses as one disjunction; with [`Reach::Everything`] every
/// document matches (the clauses only order them).
fn assemble(mut scored: Vec<Clause>, reach: Reach) -> Box<dyn Query> {
    if reach == Reach::Everything {
        scored.push((
            Occur::Should,
            Box::new(ConstScoreQuery::new(Box::new(AllQuery), 0.0)),
        ));
    }
    Box::new(BooleanQuery::new(scored))
}

/// The candidate query for postings that may suit a seeker.
pub(crate) fn postings_for_seeker(
    f: &Fields,
    searcher: &Searcher,
    s: &SeekerProfile,
    vocabulary: &Vocabulary,
    normaliser: &SkillNormaliser,
    reach: Reach,
) -> Box<dyn Query> {
    let points = POINTS;
    let mut scored = Vec::new();
    text_clauses(
        f,
        &top_terms(&s.terms, vocabulary, reach),
        &points,
        &mut scored,
    );
    skill_clauses(f, searcher, &s.skills, normaliser, &points, &mut scored);
    for (i, code) in s.desired_occupations.iter().enumerate() {
        let confidence = s
            .desired_occupation_confidence
            .get(i)
            .copied()
            .unwrap_or(1.0);
        occupation_clauses(f, searcher, code, confidence, &points, reach, &mut scored);
    }
    for (code, _) in &s.past_occupations {
        let factor = PAST_OCCUPATION_FACTOR;
        occupation_clauses(f, searcher, code, factor, &points, reach, &mut scored);
    }
    if let Some(code) = &s.division {
        division_clauses(f, searcher, code, &points, reach, &mut scored);
    }
    if reach != Reach::Selective {
        for region in &s.regions {
            division_clauses(f, searcher, region, &points, reach, &mut scored);
        }
    }
    if s.accepts_remote()
        && let Some(q) = code_clause(searcher, f.flags, FLAG_REMOTE, REMOTE_POINTS)
    {
        scored.push((Occur::Should, q));
    }
    assemble(scored, reach)
}

/// The candidate query for seekers who may suit a posting.
pub(crate) fn seekers_for_posting(
    f: &Fields,
    searcher: &Searcher,
    p: &PostingProfile,
    vocabulary: &Vocabulary,
    normaliser: &SkillNormaliser,
    reach: Reach,
) -> Box<dyn Query> {
    let points = POINTS;
    let mut scored = Vec::new();
    text_clauses(
        f,
        &top_terms(&p.terms, vocabulary, reach),
        &points,
        &mut scored,
    );
    skill_clauses(f, searcher, &p.skills, normaliser, &points, &mut scored);
    if let Some(code) = &p.occupation {
        occupation_clauses(f, searcher, code, 1.0, &points, reach, &mut scored);
    }
    if let Some(code) = &p.division {
        division_clauses(f, searcher, code, &points, reach, &mut scored);
    }
    assemble(scored, reach)
}
