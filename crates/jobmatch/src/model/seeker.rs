//! A job seeker's profile.

use serde::{Deserialize, Serialize};

use super::{EducationLevel, EmploymentType, Location, PayPeriod, SkillItem, TimeRange};

/// A past job. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Experience {
    /// Job title as the person wrote it.
    pub title: Option<String>,
    /// Occupation code.
    pub occupation: Option<String>,
    /// Years in that job.
    pub years: Option<f64>,
}

/// The lowest pay a person accepts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SalaryFloor {
    /// Amount in CNY.
    pub amount: f64,
    /// Period of the amount.
    pub period: PayPeriod,
}

/// What work a person wants.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Desired {
    /// Wanted occupation codes.
    pub occupations: Vec<String>,
    /// Wanted job titles, free text.
    pub titles: Vec<String>,
    /// Acceptable kinds of employment (empty: any).
    pub employment_types: Vec<EmploymentType>,
    /// Lowest acceptable pay.
    pub salary_min: Option<SalaryFloor>,
    /// Location codes the person accepts (empty: no restriction).
    pub regions: Vec<String>,
    /// Longest acceptable commute, km.
    pub max_commute_km: Option<f64>,
    /// `Some(true)`: wants remote work; `Some(false)`: refuses it; `None`: no preference.
    pub remote: Option<bool>,
}

/// A validated seeker profile (see the spec's "Seekers" table). It holds no
/// personal field: those are dropped at load time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Seeker {
    /// Unique id (a pseudonym), 1-128 bytes.
    pub id: String,
    /// Free text about the person.
    pub summary: Option<String>,
    /// Skills with optional levels.
    pub skills: Vec<SkillItem>,
    /// Past jobs.
    pub experience: Vec<Experience>,
    /// What the person wants.
    pub desired: Desired,
    /// Where the person lives.
    pub location: Option<Location>,
    /// Highest education attained.
    pub education: Option<EducationLevel>,
    /// Total years of experience.
    pub experience_years: Option<f64>,
    /// Key groups the person belongs to.
    pub groups: Vec<String>,
    /// When the person can take gig work.
    pub availability: Vec<TimeRange>,
}

impl Seeker {
    /// A seeker with only the id set, for programs and tests.
    ///
    /// ```
    /// let s = jobmatch::model::Seeker::new("S1");
    /// assert!(s.skills.is_empty());
    /// ```
    pub fn new(id: impl Into<String>) -> Seeker {
        Seeker {
            id: id.into(),
            summary: None,
            skills: Vec::new(),
            experience: Vec::new(),
            desired: Desired::default(),
            location: None,
            education: None,
            experience_years: None,
            groups: Vec::new(),
            availability: Vec::new(),
        }
    }

    /// Years of experience: the declared total, or the sum over past jobs.
    pub fn total_experience_years(&self) -> Option<f64> {
        self.experience_years.or_else(|| {
            let years: Vec<f64> = self.experience.iter().filter_map(|e| e.years).collect();
            (!years.is_empty()).then(|| years.iter().sum())
        })
    }

    /// Whether the person accepts remote work (not refused).
    pub fn accepts_remote(&self) -> bool {
        self.desired.remote != Some(false)
    }
}
