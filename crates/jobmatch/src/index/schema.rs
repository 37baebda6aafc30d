//! The two schemas and how a profile becomes a tantivy document.

use tantivy::TantivyDocument;
use tantivy::schema::{
    BytesOptions, FAST, Field, INDEXED, IndexRecordOption, NumericOptions, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};

use crate::analysis::ANALYZER_NAME;
use crate::normalise::codes::{division_prefixes, occupation_prefixes, significant_division_code};
use crate::normalise::skills::SkillNormaliser;
use crate::profile::{PostingProfile, SeekerProfile};

/// Flag terms in the `flags` field.
pub(crate) const FLAG_REMOTE: &str = "remote";
pub(crate) const FLAG_NO_DIVISION: &str = "no_division";
pub(crate) const FLAG_NO_COORDS: &str = "no_coords";
pub(crate) const FLAG_REMOTE_OK: &str = "remote_ok";
/// Region term of a seeker who accepts every region.
pub(crate) const ANY_REGION: &str = "*";
/// Expiry day stored for postings that never expire.
pub(crate) const NEVER_EXPIRES: i64 = i64::MAX / 2;

/// Which of the two indexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Postings,
    Seekers,
}

impl Side {
    pub fn dir_name(self) -> &'static str {
        match self {
            Side::Postings => "postings",
            Side::Seekers => "seekers",
        }
    }

    pub fn kind(self) -> &'static str {
        match self {
            Side::Postings => "posting",
            Side::Seekers => "seeker",
        }
    }
}

/// Field handles of one index (fields a side does not use stay unset).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    /// Posting title / seeker titles.
    pub title: Field,
    /// Posting description / seeker summary.
    pub body: Field,
    pub skills: Field,
    pub skill_key: Field,
    pub occupation: Field,
    pub division: Field,
    pub regions: Field,
    pub flags: Field,
    pub lat: Field,
    pub lon: Field,
    pub expires: Field,
    pub openings: Field,
    pub profile: Field,
}

pub(crate) fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER_NAME)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let num = NumericOptions::default().set_indexed().set_fast();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED | FAST),
        title: b.add_text_field("title", text.clone()),
        body: b.add_text_field("body", text.clone()),
        skills: b.add_text_field("skills", text),
        skill_key: b.add_text_field("skill_key", STRING),
        occupation: b.add_text_field("occupation", STRING),
        division: b.add_text_field("division", STRING),
        regions: b.add_text_field("regions", STRING),
        flags: b.add_text_field("flags", STRING),
        lat: b.add_f64_field("lat", num.clone()),
        lon: b.add_f64_field("lon", num.clone()),
        expires: b.add_i64_field("expires", num.clone()),
        openings: b.add_u64_field("openings", num | INDEXED),
        profile: b.add_bytes_field("profile", BytesOptions::default() | FAST),
    };
    (b.build(), fields)
}

fn add_codes(doc: &mut TantivyDocument, f: &Fields, occupations: &[&str], division: Option<&str>) {
    let mut seen: Vec<&str> = Vec::new();
    for code in occupations {
        for p in occupation_prefixes(code) {
            if !seen.contains(&p) {
                seen.push(p);
                doc.add_text(f.occupation, p);
            }
        }
    }
    match division {
        Some(code) => {
            for p in division_prefixes(code) {
                doc.add_text(f.division, p);
            }
        }
        None => doc.add_text(f.flags, FLAG_NO_DIVISION),
    }
}

fn add_skills<'a>(
    doc: &mut TantivyDocument,
    f: &Fields,
    names: impl Iterator<Item = &'a str>,
    normaliser: &SkillNormaliser,
) {
    for name in names {
        doc.add_text(f.skills, name);
        doc.add_text(f.skill_key, normaliser.canonical(name));
    }
}

fn add_coords(doc: &mut TantivyDocument, f: &Fields, coords: Option<(f64, f64)>) {
    match coords {
        Some((lat, lon)) => {
            doc.add_f64(f.lat, lat);
            doc.add_f64(f.lon, lon);
        }
        None => doc.add_text(f.flags, FLAG_NO_COORDS),
    }
}

pub(crate) fn posting_document(
    f: &Fields,
    p: &PostingProfile,
    description: Option<&str>,
    normaliser: &SkillNormaliser,
    encoded: Vec<u8>,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.id, &p.id);
    doc.add_text(f.title, crate::normalise::text::fold(&p.title));
    if let Some(d) = description {
        doc.add_text(f.body, crate::normalise::text::fold(d));
    }
    add_skills(
        &mut doc,
        f,
        p.skills.iter().map(|s| s.name.as_str()),
        normaliser,
    );
    let occ: Vec<&str> = p.occupation.iter().map(String::as_str).collect();
    add_codes(&mut doc, f, &occ, p.division.as_deref());
    add_coords(&mut doc, f, p.coords);
    if p.remote {
        doc.add_text(f.flags, FLAG_REMOTE);
    }
    doc.add_i64(
        f.expires,
        p.expires_at.map_or(NEVER_EXPIRES, |d| i64::from(d.0)),
    );
    doc.add_u64(f.openings, u64::from(p.openings));
    doc.add_bytes(f.profile, &encoded);
    doc
}

pub(crate) fn seeker_document(
    f: &Fields,
    s: &SeekerProfile,
    summary: Option<&str>,
    titles: &[String],
    normaliser: &SkillNormaliser,
    encoded: Vec<u8>,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.id, &s.id);
    for t in titles {
        doc.add_text(f.title, crate::normalise::text::fold(t));
    }
    if let Some(text) = summary {
        doc.add_text(f.body, crate::normalise::text::fold(text));
    }
    add_skills(
        &mut doc,
        f,
        s.skills.iter().map(|k| k.name.as_str()),
        normaliser,
    );
    let occ: Vec<&str> = s
        .desired_occupations
        .iter()
        .chain(s.past_occupations.iter().map(|(c, _)| c))
        .map(String::as_str)
        .collect();
    add_codes(&mut doc, f, &occ, s.division.as_deref());
    add_coords(&mut doc, f, s.coords);
    if s.regions.is_empty() {
        doc.add_text(f.regions, ANY_REGION);
    }
    for r in &s.regions {
        doc.add_text(f.regions, significant_division_code(r));
    }
    if s.accepts_remote() {
        doc.add_text(f.flags, FLAG_REMOTE_OK);
    }
    doc.add_bytes(f.profile, &encoded);
    doc
}
