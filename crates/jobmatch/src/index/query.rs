//! Candidate queries: one tantivy query per seeker (or posting), with the hard
//! rules of [`crate::eligibility`] applied as index filters and the soft signals
//! (text, skills, occupation and division codes) as scored clauses.
//!
//! The filters never exclude an eligible pair: they are the same rules as
//! [`crate::eligibility::eligible`] except commute distance, which the index
//! approximates with a bounding box that contains the exact circle (postings)
//! or leaves to the exact check after retrieval (seekers).

use std::ops::Bound;

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use super::schema::{
    ANY_REGION, FLAG_NO_COORDS, FLAG_NO_DIVISION, FLAG_REMOTE, FLAG_REMOTE_OK, Fields,
};
use crate::model::Date;
use crate::normalise::codes::{division_prefixes, occupation_prefixes, significant_division_code};
use crate::normalise::geo::degree_span;
use crate::normalise::skills::SkillNormaliser;
use crate::prepare::Vocabulary;
use crate::profile::{PostingProfile, SeekerProfile, StoredSkill};

/// Most text terms a candidate query uses (the most informative ones).
pub(crate) const MAX_QUERY_TERMS: usize = 24;
const TITLE_BOOST: f32 = 1.5;
const SKILLS_BOOST: f32 = 1.5;
const SKILL_KEY_BOOST: f32 = 3.0;
const OCCUPATION_LEVEL_BOOST: f32 = 1.0;
const PAST_OCCUPATION_FACTOR: f32 = 0.7;
const DIVISION_LEVEL_BOOST: f32 = 0.4;

type Clause = (Occur, Box<dyn Query>);

fn term(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

/// A term that matches with a fixed score.
fn constant(field: Field, text: &str, score: f32) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(term(field, text), score))
}

/// A term used as a filter (scores nothing).
fn flag(field: Field, text: &str) -> Box<dyn Query> {
    constant(field, text, 0.0)
}

fn boosted(q: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, boost))
}

fn any_of(clauses: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        clauses.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

/// The most informative terms of a term list in the searched corpus.
fn top_terms<'a>(terms: &'a [(String, u32)], vocabulary: &Vocabulary) -> Vec<&'a str> {
    let mut scored: Vec<(f32, &str)> = terms
        .iter()
        .filter_map(|(t, tf)| {
            let (_, idf) = vocabulary.get(t)?;
            Some(((1.0 + (*tf as f32).ln()) * idf, t.as_str()))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.truncate(MAX_QUERY_TERMS);
    scored.into_iter().map(|(_, t)| t).collect()
}

fn text_clauses(f: &Fields, terms: &[&str], out: &mut Vec<Clause>) {
    for t in terms {
        out.push((Occur::Should, boosted(term(f.title, t), TITLE_BOOST)));
        out.push((Occur::Should, term(f.body, t)));
        out.push((Occur::Should, boosted(term(f.skills, t), SKILLS_BOOST)));
    }
}

fn skill_clauses(f: &Fields, skills: &[StoredSkill], n: &SkillNormaliser, out: &mut Vec<Clause>) {
    for s in skills {
        out.push((
            Occur::Should,
            boosted(term(f.skill_key, &n.canonical(&s.name)), SKILL_KEY_BOOST),
        ));
    }
}

fn occupation_clauses(f: &Fields, code: &str, factor: f32, out: &mut Vec<Clause>) {
    for (level, prefix) in occupation_prefixes(code).into_iter().enumerate() {
        let boost = OCCUPATION_LEVEL_BOOST * factor * (level + 1) as f32;
        out.push((Occur::Should, constant(f.occupation, prefix, boost)));
    }
}

fn division_clauses(f: &Fields, code: &str, out: &mut Vec<Clause>) {
    for (level, prefix) in division_prefixes(code).into_iter().enumerate() {
        let boost = DIVISION_LEVEL_BOOST * (level + 1) as f32;
        out.push((Occur::Should, constant(f.division, prefix, boost)));
    }
}

/// Joins filters and scored clauses. In exhaustive mode every document that
/// passes the filters matches (scored clauses optional); otherwise at least one
/// scored clause must match.
fn assemble(filters: Vec<Box<dyn Query>>, scored: Vec<Clause>, exhaustive: bool) -> Box<dyn Query> {
    let mut clauses: Vec<Clause> = filters.into_iter().map(|q| (Occur::Must, q)).collect();
    let scored_query: Box<dyn Query> = Box::new(BooleanQuery::new(scored));
    if exhaustive {
        clauses.push((
            Occur::Must,
            Box::new(ConstScoreQuery::new(Box::new(AllQuery), 0.0)),
        ));
        clauses.push((Occur::Should, scored_query));
    } else {
        clauses.push((Occur::Must, scored_query));
    }
    Box::new(BooleanQuery::new(clauses))
}

/// The candidate query for postings that may suit a seeker.
pub(crate) fn postings_for_seeker(
    f: &Fields,
    s: &SeekerProfile,
    vocabulary: &Vocabulary,
    normaliser: &SkillNormaliser,
    as_of: Date,
    exhaustive: bool,
) -> Box<dyn Query> {
    let mut filters: Vec<Box<dyn Query>> = vec![
        Box::new(RangeQuery::new(
            Bound::Included(Term::from_field_i64(f.expires, i64::from(as_of.0))),
            Bound::Unbounded,
        )),
        Box::new(RangeQuery::new(
            Bound::Included(Term::from_field_u64(f.openings, 1)),
            Bound::Unbounded,
        )),
    ];
    let remote_ok = s.accepts_remote();
    if !s.regions.is_empty() {
        let mut any: Vec<Box<dyn Query>> = s
            .regions
            .iter()
            .map(|r| flag(f.division, significant_division_code(r)))
            .collect();
        any.push(flag(f.flags, FLAG_NO_DIVISION));
        if remote_ok {
            any.push(flag(f.flags, FLAG_REMOTE));
        }
        filters.push(any_of(any));
    }
    if let (Some(km), Some((lat, lon))) = (s.max_commute_km, s.coords) {
        let (dlat, dlon) = degree_span(lat, km);
        let mut in_box: Vec<Clause> = vec![(
            Occur::Must,
            Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_f64(f.lat, lat - dlat)),
                Bound::Included(Term::from_field_f64(f.lat, lat + dlat)),
            )),
        )];
        if let Some(dlon) = dlon.filter(|d| lon - d >= -180.0 && lon + d <= 180.0) {
            in_box.push((
                Occur::Must,
                Box::new(RangeQuery::new(
                    Bound::Included(Term::from_field_f64(f.lon, lon - dlon)),
                    Bound::Included(Term::from_field_f64(f.lon, lon + dlon)),
                )),
            ));
        }
        let mut any: Vec<Box<dyn Query>> = vec![
            Box::new(ConstScoreQuery::new(
                Box::new(BooleanQuery::new(in_box)),
                0.0,
            )),
            flag(f.flags, FLAG_NO_COORDS),
        ];
        if remote_ok {
            any.push(flag(f.flags, FLAG_REMOTE));
        }
        filters.push(any_of(any));
    }

    let mut scored = Vec::new();
    text_clauses(f, &top_terms(&s.terms, vocabulary), &mut scored);
    skill_clauses(f, &s.skills, normaliser, &mut scored);
    for code in &s.desired_occupations {
        occupation_clauses(f, code, 1.0, &mut scored);
    }
    for (code, _) in &s.past_occupations {
        occupation_clauses(f, code, PAST_OCCUPATION_FACTOR, &mut scored);
    }
    if let Some(code) = &s.division {
        division_clauses(f, code, &mut scored);
    }
    assemble(filters, scored, exhaustive)
}

/// The candidate query for seekers who may suit a posting.
pub(crate) fn seekers_for_posting(
    f: &Fields,
    p: &PostingProfile,
    vocabulary: &Vocabulary,
    normaliser: &SkillNormaliser,
    exhaustive: bool,
) -> Box<dyn Query> {
    let mut filters: Vec<Box<dyn Query>> = Vec::new();
    if let Some(code) = &p.division {
        let mut any: Vec<Box<dyn Query>> = division_prefixes(code)
            .into_iter()
            .map(|prefix| flag(f.regions, prefix))
            .collect();
        any.push(flag(f.regions, ANY_REGION));
        if p.remote {
            any.push(flag(f.flags, FLAG_REMOTE_OK));
        }
        filters.push(any_of(any));
    }
    let mut scored = Vec::new();
    text_clauses(f, &top_terms(&p.terms, vocabulary), &mut scored);
    skill_clauses(f, &p.skills, normaliser, &mut scored);
    if let Some(code) = &p.occupation {
        occupation_clauses(f, code, 1.0, &mut scored);
    }
    if let Some(code) = &p.division {
        division_clauses(f, code, &mut scored);
    }
    assemble(filters, scored, exhaustive)
}
