//! Compact scoring inputs derived from records at index time.
//!
//! A profile is what the index keeps per document for scoring (encoded with
//! bincode in a fast field, never in the doc store). It holds no personal field.
//! Text is already analysed; skill names are folded but not yet mapped through
//! synonyms, so a caller can extend the synonym table without re-indexing.

use serde::{Deserialize, Serialize};

use crate::analysis::Analyzer;
use crate::model::{Date, EducationLevel, EmploymentType, Posting, Seeker, SkillItem, TimeRange};
use crate::normalise::codes::significant_division_code;
use crate::normalise::text::fold;

/// A skill as stored: folded name, required flag, level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredSkill {
    /// Folded name.
    pub name: String,
    /// Required (postings) or optional.
    pub required: bool,
    /// Level 1-5.
    pub level: Option<u8>,
}

/// Scoring inputs of a posting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostingProfile {
    /// Posting id.
    pub id: String,
    /// Title as written (for display and explanations).
    pub title: String,
    /// Analysed tokens of title, description and skills with counts; the title
    /// counts twice.
    pub terms: Vec<(String, u32)>,
    /// Analysed tokens of the title.
    pub title_terms: Vec<String>,
    /// Skills.
    pub skills: Vec<StoredSkill>,
    /// Occupation code.
    pub occupation: Option<String>,
    /// Division code (trailing zero groups removed).
    pub division: Option<String>,
    /// Place name for display.
    pub place_name: Option<String>,
    /// Latitude and longitude.
    pub coords: Option<(f64, f64)>,
    /// Remote work possible.
    pub remote: bool,
    /// Kind of employment.
    pub employment_type: Option<EmploymentType>,
    /// Pay range per month (CNY).
    pub salary_monthly: Option<(f64, f64)>,
    /// Minimum education.
    pub education: Option<EducationLevel>,
    /// Minimum experience in years.
    pub experience_years: Option<f64>,
    /// Headcount.
    pub openings: u32,
    /// First day of validity.
    pub posted_at: Option<Date>,
    /// Last day of validity.
    pub expires_at: Option<Date>,
    /// Gig shifts.
    pub shifts: Vec<TimeRange>,
    /// Target groups.
    pub target_groups: Vec<String>,
    /// Employer id.
    pub employer: Option<String>,
    /// Posting checks: flags, and whether the posting is withheld (see [`crate::checks`]).
    pub checks: crate::checks::PostingChecks,
    /// `Some(confidence)` when [`PostingProfile::occupation`] was inferred by the
    /// occupation classifier at index time (see [`crate::classify::infer_posting`]);
    /// `None` when the posting gave its code (or has none).
    pub occupation_inferred: Option<f32>,
}

/// Scoring inputs of a seeker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeekerProfile {
    /// Seeker id (pseudonym).
    pub id: String,
    /// Analysed tokens of summary, past titles, desired titles and skills, with counts.
    pub terms: Vec<(String, u32)>,
    /// Analysed tokens of each desired title, then each past title.
    pub titles: Vec<Vec<String>>,
    /// Skills.
    pub skills: Vec<StoredSkill>,
    /// Wanted occupation codes.
    pub desired_occupations: Vec<String>,
    /// Confidence of each wanted occupation code, aligned with
    /// `desired_occupations`: below 1 for codes inferred from a desired title
    /// when the seeker gave no wanted code (see
    /// [`crate::classify::infer_seeker`]); empty when every code was given.
    pub desired_occupation_confidence: Vec<f32>,
    /// Past occupation codes with years (0 when unknown).
    pub past_occupations: Vec<(String, f64)>,
    /// Confidence of each past occupation code, aligned with `past_occupations`:
    /// below 1 for codes inferred from a past job's title (see
    /// [`crate::classify::infer_seeker`]); empty when every code was given.
    pub past_occupation_confidence: Vec<f32>,
    /// Home division code.
    pub division: Option<String>,
    /// Home coordinates.
    pub coords: Option<(f64, f64)>,
    /// Accepted regions (division codes).
    pub regions: Vec<String>,
    /// Longest commute in km.
    pub max_commute_km: Option<f64>,
    /// Remote preference.
    pub remote: Option<bool>,
    /// Acceptable kinds of employment.
    pub employment_types: Vec<EmploymentType>,
    /// Lowest acceptable pay per month (CNY); `None` when absent or a piece rate.
    pub salary_floor_monthly: Option<f64>,
    /// Highest education.
    pub education: Option<EducationLevel>,
    /// Total years of experience.
    pub experience_years: Option<f64>,
    /// Key groups.
    pub groups: Vec<String>,
    /// Availability for gig work.
    pub availability: Vec<TimeRange>,
}

fn stored_skills(items: &[SkillItem]) -> Vec<StoredSkill> {
    let mut out: Vec<StoredSkill> = Vec::with_capacity(items.len());
    for item in items {
        let name = fold(&item.name);
        if name.is_empty() || out.iter().any(|s| s.name == name) {
            continue;
        }
        out.push(StoredSkill {
            name,
            required: item.required,
            level: item.level,
        });
    }
    out
}

fn count_terms(tokens: Vec<String>) -> Vec<(String, u32)> {
    let mut tokens = tokens;
    tokens.sort_unstable();
    let mut out: Vec<(String, u32)> = Vec::new();
    for t in tokens {
        match out.last_mut() {
            Some((last, n)) if *last == t => *n += 1,
            _ => out.push((t, 1)),
        }
    }
    out
}

fn division(loc: Option<&crate::model::Location>) -> Option<String> {
    loc.and_then(|l| l.code.as_deref())
        .map(|c| significant_division_code(c).to_string())
}

impl PostingProfile {
    /// Derives the profile of a posting.
    pub fn build(p: &Posting, analyzer: &mut Analyzer) -> PostingProfile {
        let title_terms = analyzer.tokens(&p.title);
        let mut all = title_terms.clone();
        all.extend(title_terms.iter().cloned());
        if let Some(d) = &p.description {
            analyzer.tokens_into(d, &mut all);
        }
        for s in &p.skills {
            analyzer.tokens_into(&s.name, &mut all);
        }
        let loc = p.location.as_ref();
        PostingProfile {
            id: p.id.clone(),
            title: p.title.clone(),
            terms: count_terms(all),
            title_terms,
            skills: stored_skills(&p.skills),
            occupation: p.occupation.clone(),
            division: division(loc),
            place_name: loc.and_then(|l| l.name.clone()),
            coords: loc.and_then(|l| l.coordinates()),
            remote: p.remote,
            employment_type: p.employment_type,
            salary_monthly: p.salary.and_then(|s| s.monthly_range()),
            education: p.education,
            experience_years: p.experience_years,
            openings: p.openings,
            posted_at: p.posted_at,
            expires_at: p.expires_at,
            shifts: p.shifts.clone(),
            target_groups: p.target_groups.clone(),
            employer: p.employer.clone(),
            checks: crate::checks::PostingChecks::of(p),
            occupation_inferred: None,
        }
    }

    /// Whether the posting may be recommended on `date` (not expired, has openings).
    pub fn is_live_on(&self, date: Date) -> bool {
        self.openings >= 1 && self.expires_at.is_none_or(|e| e >= date)
    }
}

impl SeekerProfile {
    /// Derives the profile of a seeker.
    pub fn build(s: &Seeker, analyzer: &mut Analyzer) -> SeekerProfile {
        let mut titles = Vec::new();
        for t in &s.desired.titles {
            titles.push(analyzer.tokens(t));
        }
        for e in &s.experience {
            if let Some(t) = &e.title {
                titles.push(analyzer.tokens(t));
            }
        }
        titles.retain(|t| !t.is_empty());
        let mut all: Vec<String> = titles.iter().flatten().cloned().collect();
        if let Some(summary) = &s.summary {
            analyzer.tokens_into(summary, &mut all);
        }
        for k in &s.skills {
            analyzer.tokens_into(&k.name, &mut all);
        }
        let loc = s.location.as_ref();
        SeekerProfile {
            id: s.id.clone(),
            terms: count_terms(all),
            titles,
            skills: stored_skills(&s.skills),
            desired_occupations: s.desired.occupations.clone(),
            desired_occupation_confidence: Vec::new(),
            past_occupations: s
                .experience
                .iter()
                .filter_map(|e| Some((e.occupation.clone()?, e.years.unwrap_or(0.0))))
                .collect(),
            past_occupation_confidence: Vec::new(),
            division: division(loc),
            coords: loc.and_then(|l| l.coordinates()),
            regions: s.desired.regions.clone(),
            max_commute_km: s.desired.max_commute_km,
            remote: s.desired.remote,
            employment_types: s.desired.employment_types.clone(),
            salary_floor_monthly: s
                .desired
                .salary_min
                .and_then(|f| Some(f.amount * f.period.per_month_factor()?)),
            education: s.education,
            experience_years: s.total_experience_years(),
            groups: s.groups.clone(),
            availability: s.availability.clone(),
        }
    }

    /// Whether the person accepts remote work (not refused).
    pub fn accepts_remote(&self) -> bool {
        self.remote != Some(false)
    }
}
