//! A job posting.

use serde::{Deserialize, Serialize};

use super::{Date, EducationLevel, EmploymentType, Location, PayPeriod, SkillItem, TimeRange};

/// Offered pay: `min <= max`, both finite and non-negative.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Salary {
    /// Lower bound (when given).
    pub min: Option<f64>,
    /// Upper bound (when given).
    pub max: Option<f64>,
    /// The period the amounts are quoted for.
    pub period: PayPeriod,
}

impl Salary {
    /// The range converted to CNY per month, `None` for piece rates or no amounts.
    pub fn monthly_range(&self) -> Option<(f64, f64)> {
        let factor = self.period.per_month_factor()?;
        let (lo, hi) = match (self.min, self.max) {
            (Some(a), Some(b)) => (a, b),
            (Some(a), None) => (a, a),
            (None, Some(b)) => (b, b),
            (None, None) => return None,
        };
        Some((lo * factor, hi * factor))
    }
}

/// A validated job posting (see the spec's "Postings" table).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Posting {
    /// Unique id, 1-128 bytes.
    pub id: String,
    /// Title as written by the employer.
    pub title: String,
    /// Duties and requirements, free text.
    pub description: Option<String>,
    /// Occupation code (hierarchical at `-` or `.`).
    pub occupation: Option<String>,
    /// Skills asked for.
    pub skills: Vec<SkillItem>,
    /// Employer id.
    pub employer: Option<String>,
    /// Where the work is.
    pub location: Option<Location>,
    /// Work can be done remotely.
    pub remote: bool,
    /// Kind of employment.
    pub employment_type: Option<EmploymentType>,
    /// Offered pay.
    pub salary: Option<Salary>,
    /// Currency of `salary` (CNY when absent).
    pub currency: Option<String>,
    /// Minimum education.
    pub education: Option<EducationLevel>,
    /// Minimum years of experience.
    pub experience_years: Option<f64>,
    /// Headcount (default 1). Zero is accepted and means the posting is filled.
    pub openings: u32,
    /// First day of validity.
    pub posted_at: Option<Date>,
    /// Last day of validity (inclusive).
    pub expires_at: Option<Date>,
    /// When gig work happens.
    pub shifts: Vec<TimeRange>,
    /// Groups the posting is reserved for or prioritises.
    pub target_groups: Vec<String>,
}

impl Posting {
    /// A posting with only the required fields set, for programs and tests.
    ///
    /// ```
    /// let p = jobmatch::model::Posting::new("P1", "数控车工");
    /// assert_eq!(p.openings, 1);
    /// ```
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> Posting {
        Posting {
            id: id.into(),
            title: title.into(),
            description: None,
            occupation: None,
            skills: Vec::new(),
            employer: None,
            location: None,
            remote: false,
            employment_type: None,
            salary: None,
            currency: None,
            education: None,
            experience_years: None,
            openings: 1,
            posted_at: None,
            expires_at: None,
            shifts: Vec::new(),
            target_groups: Vec::new(),
        }
    }

    /// Whether the posting may be recommended on `date`: not expired (the expiry day
    /// itself still counts) and with at least one opening.
    pub fn is_live_on(&self, date: Date) -> bool {
        self.openings >= 1 && self.expires_at.is_none_or(|e| e >= date)
    }
}
