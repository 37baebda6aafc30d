//! Output record shapes of the data contract (`postings.jsonl`, `seekers.jsonl`,
//! `trainings.jsonl`) and the enums they use. Fields are serialised in declaration order;
//! absent optional fields are left out.

use serde::Serialize;

/// Education level, in the spec's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Edu {
    None,
    Primary,
    JuniorSecondary,
    SeniorSecondary,
    Vocational,
    Associate,
    Bachelor,
    Master,
    Doctorate,
}

impl Edu {
    pub(crate) const ALL: [Edu; 9] = [
        Edu::None,
        Edu::Primary,
        Edu::JuniorSecondary,
        Edu::SeniorSecondary,
        Edu::Vocational,
        Edu::Associate,
        Edu::Bachelor,
        Edu::Master,
        Edu::Doctorate,
    ];

    pub(crate) fn parse(s: &str) -> Option<Edu> {
        Edu::ALL.into_iter().find(|e| e.as_str() == s)
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Edu::None => "none",
            Edu::Primary => "primary",
            Edu::JuniorSecondary => "junior_secondary",
            Edu::SeniorSecondary => "senior_secondary",
            Edu::Vocational => "vocational",
            Edu::Associate => "associate",
            Edu::Bachelor => "bachelor",
            Edu::Master => "master",
            Edu::Doctorate => "doctorate",
        }
    }

    pub(crate) fn rank(self) -> i32 {
        self as i32
    }

    pub(crate) fn from_rank(r: i32) -> Edu {
        Edu::ALL[r.clamp(0, 8) as usize]
    }

    pub(crate) fn zh(self) -> &'static str {
        match self {
            Edu::None => "不限",
            Edu::Primary => "小学",
            Edu::JuniorSecondary => "初中",
            Edu::SeniorSecondary => "高中",
            Edu::Vocational => "中专/技校",
            Edu::Associate => "大专",
            Edu::Bachelor => "本科",
            Edu::Master => "硕士",
            Edu::Doctorate => "博士",
        }
    }

    pub(crate) fn en(self) -> &'static str {
        match self {
            Edu::None => "no formal education",
            Edu::Primary => "primary school",
            Edu::JuniorSecondary => "junior secondary school",
            Edu::SeniorSecondary => "senior secondary school",
            Edu::Vocational => "vocational school",
            Edu::Associate => "associate degree",
            Edu::Bachelor => "bachelor's degree",
            Edu::Master => "master's degree",
            Edu::Doctorate => "doctorate",
        }
    }
}

/// Employment type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum EmpType {
    FullTime,
    PartTime,
    Gig,
    Internship,
    Flexible,
    Shared,
}

impl EmpType {
    pub(crate) const ALL: [EmpType; 6] = [
        EmpType::FullTime,
        EmpType::PartTime,
        EmpType::Gig,
        EmpType::Internship,
        EmpType::Flexible,
        EmpType::Shared,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            EmpType::FullTime => "full_time",
            EmpType::PartTime => "part_time",
            EmpType::Gig => "gig",
            EmpType::Internship => "internship",
            EmpType::Flexible => "flexible",
            EmpType::Shared => "shared",
        }
    }

    pub(crate) fn bit(self) -> u8 {
        1 << (self as u8)
    }

    pub(crate) fn zh(self) -> &'static str {
        match self {
            EmpType::FullTime => "全职",
            EmpType::PartTime => "兼职",
            EmpType::Gig => "零工",
            EmpType::Internship => "实习",
            EmpType::Flexible => "灵活用工",
            EmpType::Shared => "共享用工",
        }
    }
}

/// Key group tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Group {
    Graduate,
    MigrantWorker,
    HardToEmploy,
    Veteran,
    PovertyAlleviated,
    Disabled,
    ZeroEmploymentFamily,
    FlexibleWorker,
}

impl Group {
    pub(crate) const ALL: [Group; 8] = [
        Group::Graduate,
        Group::MigrantWorker,
        Group::HardToEmploy,
        Group::Veteran,
        Group::PovertyAlleviated,
        Group::Disabled,
        Group::ZeroEmploymentFamily,
        Group::FlexibleWorker,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Group::Graduate => "graduate",
            Group::MigrantWorker => "migrant_worker",
            Group::HardToEmploy => "hard_to_employ",
            Group::Veteran => "veteran",
            Group::PovertyAlleviated => "poverty_alleviated",
            Group::Disabled => "disabled",
            Group::ZeroEmploymentFamily => "zero_employment_family",
            Group::FlexibleWorker => "flexible_worker",
        }
    }

    pub(crate) fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// Pay period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Period {
    Hour,
    Day,
    Month,
    Year,
    Piece,
}

impl Period {
    /// Multiplier from this period's amount to a monthly equivalent.
    pub(crate) fn to_month(self) -> f64 {
        match self {
            Period::Hour => 174.0,
            Period::Day => 21.75,
            Period::Month => 1.0,
            Period::Year => 1.0 / 13.0,
            Period::Piece => 800.0,
        }
    }
}

/// `{code, name, lat, lon}`, every field optional.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
}

/// A skill: a bare name or a detailed object.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub(crate) enum Skill {
    Name(String),
    Detailed {
        name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        required: Option<bool>,
        #[serde(skip_serializing_if = "Option::is_none")]
        level: Option<u8>,
    },
}

/// `{min, max, period}`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Salary {
    pub min: f64,
    pub max: f64,
    pub period: Period,
}

/// `{start, end}` in RFC 3339 with +08:00.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Window {
    pub start: String,
    pub end: String,
}

/// A line of `postings.jsonl`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PostingRecord {
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occupation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skills: Option<Vec<Skill>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub employer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remote: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub employment_type: Option<EmpType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub salary: Option<Salary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub education: Option<Edu>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub experience_years: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub openings: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub posted_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shifts: Option<Vec<Window>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_groups: Option<Vec<Group>>,
}

/// `{title, occupation, years}`, each optional.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Experience {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occupation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub years: Option<f64>,
}

/// `{amount, period}`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SalaryMin {
    pub amount: f64,
    pub period: Period,
}

/// A seeker's stated intent.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Desired {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occupations: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub titles: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub employment_types: Option<Vec<EmpType>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub salary_min: Option<SalaryMin>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_commute_km: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remote: Option<bool>,
}

impl Desired {
    pub(crate) fn is_empty(&self) -> bool {
        self.occupations.is_none()
            && self.titles.is_none()
            && self.employment_types.is_none()
            && self.salary_min.is_none()
            && self.regions.is_none()
            && self.max_commute_km.is_none()
            && self.remote.is_none()
    }
}

/// A line of `seekers.jsonl`. The four personal fields are filled only in the small share
/// of records that imitate a careless export, always with obviously fake values.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SeekerRecord {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skills: Option<Vec<Skill>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub experience: Option<Vec<Experience>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub desired: Option<Desired>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub education: Option<Edu>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub experience_years: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<Group>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub availability: Option<Vec<Window>>,
}

/// A line of `trainings.jsonl`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TrainingRecord {
    pub id: String,
    pub name: String,
    pub skills: Vec<String>,
    pub location: Location,
    pub duration_days: u32,
    pub cost: f64,
    pub subsidised: bool,
}
