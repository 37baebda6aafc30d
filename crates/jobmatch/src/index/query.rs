//! Candidate queries: one tantivy query per seeker (or posting), a pure
//! disjunction of term clauses — text (BM25), canonical skills, occupation code
//! prefixes and division code prefixes — so that tantivy's block-WAND can skip
//! most of the index while collecting the top of the pool.
//!
//! Hard rules are not clauses: the collector ([`super::collect`]) applies
//! [`crate::eligibility::eligible`] to each document as tantivy offers it, so an
//! ineligible document never takes a place in the pool. Levels too broad to
//! discriminate (the province and city, an occupation's major group) and text terms in
//! more than [`COMMON_TERM_SHARE`] of documents are left out of the query; the
//! scorer still sees them.

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use super::schema::Fields;
use crate::normalise::codes::{division_prefixes, occupation_prefixes};
use crate::normalise::skills::SkillNormaliser;
use crate::prepare::Vocabulary;
use crate::profile::{PostingProfile, SeekerProfile, StoredSkill};

/// Most text terms a candidate query uses (the most informative ones).
pub(crate) const MAX_QUERY_TERMS: usize = 24;
/// Text terms found in more than this share of documents are not queried...
pub(crate) const COMMON_TERM_SHARE: f64 = 0.05;
/// ...unless they are in fewer documents than this (small corpora keep every term).
pub(crate) const MIN_COMMON_DF: f64 = 1000.0;
const TITLE_BOOST: f32 = 1.5;
const SKILLS_BOOST: f32 = 1.5;
const SKILL_KEY_BOOST: f32 = 1.5;
const OCCUPATION_BOOST: f32 = 1.0;
const PAST_OCCUPATION_FACTOR: f32 = 0.7;
const DIVISION_BOOST: f32 = 0.5;

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

/// The most informative terms of a term list in the searched corpus.
fn top_terms<'a>(terms: &'a [(String, u32)], vocabulary: &Vocabulary) -> Vec<&'a str> {
    let max_df = (vocabulary.docs() as f64 * COMMON_TERM_SHARE).max(MIN_COMMON_DF);
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

/// Occupation prefixes from the middle group down, deeper levels weighing more.
fn occupation_clauses(f: &Fields, code: &str, factor: f32, out: &mut Vec<Clause>) {
    for (level, prefix) in occupation_prefixes(code).into_iter().enumerate().skip(1) {
        let boost = OCCUPATION_BOOST * factor * level as f32;
        out.push((Occur::Should, boosted(term(f.occupation, prefix), boost)));
    }
}

/// Division prefixes from the county down, deeper levels weighing more (a
/// city is too broad to select candidates; the location feature still uses it).
fn division_clauses(f: &Fields, code: &str, out: &mut Vec<Clause>) {
    for (level, prefix) in division_prefixes(code).into_iter().enumerate().skip(2) {
        let boost = DIVISION_BOOST * level as f32;
        out.push((Occur::Should, boosted(term(f.division, prefix), boost)));
    }
}

/// The scored clauses as one disjunction; in exhaustive mode every document
/// matches (the clauses only order them).
fn assemble(mut scored: Vec<Clause>, exhaustive: bool) -> Box<dyn Query> {
    if exhaustive {
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
    s: &SeekerProfile,
    vocabulary: &Vocabulary,
    normaliser: &SkillNormaliser,
    exhaustive: bool,
) -> Box<dyn Query> {
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
    assemble(scored, exhaustive)
}

/// The candidate query for seekers who may suit a posting.
pub(crate) fn seekers_for_posting(
    f: &Fields,
    p: &PostingProfile,
    vocabulary: &Vocabulary,
    normaliser: &SkillNormaliser,
    exhaustive: bool,
) -> Box<dyn Query> {
    let mut scored = Vec::new();
    text_clauses(f, &top_terms(&p.terms, vocabulary), &mut scored);
    skill_clauses(f, &p.skills, normaliser, &mut scored);
    if let Some(code) = &p.occupation {
        occupation_clauses(f, code, 1.0, &mut scored);
    }
    if let Some(code) = &p.division {
        division_clauses(f, code, &mut scored);
    }
    assemble(scored, exhaustive)
}
