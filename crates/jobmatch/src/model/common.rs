//! Shapes shared by postings and seekers.

use serde::{Deserialize, Serialize};

/// A calendar date, stored as days since 1970-01-01 (UTC calendar).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date(pub i32);

impl Date {
    /// Builds a date from year, month and day; `None` when it does not exist.
    ///
    /// ```
    /// use jobmatch::model::Date;
    /// let d = Date::from_ymd(2026, 11, 27).unwrap();
    /// assert_eq!(d.to_string(), "2026-11-27");
    /// assert!(Date::from_ymd(2026, 2, 30).is_none());
    /// ```
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        let d = chrono::NaiveDate::from_ymd_opt(year, month, day)?;
        Some(Date::from_naive(d))
    }

    pub(crate) fn from_naive(d: chrono::NaiveDate) -> Date {
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
        Date((d - epoch).num_days() as i32)
    }

    /// Parses `YYYY-MM-DD`, or the date part of an RFC 3339 date-time.
    ///
    /// ```
    /// use jobmatch::model::Date;
    /// assert_eq!(Date::parse("2026-11-27"), Date::parse("2026-11-27T08:00:00+08:00"));
    /// assert!(Date::parse("27/11/2026").is_none());
    /// ```
    pub fn parse(text: &str) -> Option<Date> {
        if let Ok(d) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return (text.len() == 10).then(|| Date::from_naive(d));
        }
        let dt = chrono::DateTime::parse_from_rfc3339(text).ok()?;
        Some(Date::from_naive(dt.date_naive()))
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i32 {
        later.0 - self.0
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
        let d = epoch + chrono::Duration::days(i64::from(self.0));
        write!(f, "{}", d.format("%Y-%m-%d"))
    }
}

/// An instant, as seconds since the Unix epoch (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DateTime(pub i64);

impl DateTime {
    /// Parses an RFC 3339 date-time, or a bare date (taken as midnight UTC).
    ///
    /// ```
    /// use jobmatch::model::DateTime;
    /// let a = DateTime::parse("2026-11-27T08:00:00+08:00").unwrap();
    /// let b = DateTime::parse("2026-11-27T00:00:00Z").unwrap();
    /// assert_eq!(a, b);
    /// ```
    pub fn parse(text: &str) -> Option<DateTime> {
        if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(text) {
            return Some(DateTime(dt.timestamp()));
        }
        let d = Date::parse(text)?;
        Some(DateTime(i64::from(d.0) * 86_400))
    }
}

/// A time interval `[start, end)`: a gig shift, or a seeker's available time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeRange {
    /// Start (inclusive).
    pub start: DateTime,
    /// End (exclusive); always after `start`.
    pub end: DateTime,
}

impl TimeRange {
    /// Whether two intervals share any time.
    pub fn overlaps(&self, other: &TimeRange) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Where the work is, or where a person lives. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// Administrative division code (digits; `22` province … 12 digits village).
    pub code: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// WGS-84 latitude in degrees, in [-90, 90].
    pub lat: Option<f64>,
    /// WGS-84 longitude in degrees, in [-180, 180].
    pub lon: Option<f64>,
}

impl Location {
    /// Latitude and longitude when both are known.
    pub fn coordinates(&self) -> Option<(f64, f64)> {
        Some((self.lat?, self.lon?))
    }
}

/// A skill as given: a name, whether the posting requires it, and a level 1-5.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkillItem {
    /// The skill's name as written.
    pub name: String,
    /// For postings: required (default) or optional. Ignored for seekers.
    pub required: bool,
    /// Level 1-5: required level for postings, attained level for seekers.
    pub level: Option<u8>,
}

/// Kinds of employment named by the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmploymentType {
    /// Full-time employment.
    FullTime,
    /// Part-time employment.
    PartTime,
    /// Gig (odd-job) work, usually with shifts.
    Gig,
    /// Internship.
    Internship,
    /// Flexible employment.
    Flexible,
    /// Shared employment (staff lent between employers).
    Shared,
}

impl EmploymentType {
    /// All variants, in the spec's order.
    pub const ALL: [EmploymentType; 6] = [
        EmploymentType::FullTime,
        EmploymentType::PartTime,
        EmploymentType::Gig,
        EmploymentType::Internship,
        EmploymentType::Flexible,
        EmploymentType::Shared,
    ];

    /// The spec's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            EmploymentType::FullTime => "full_time",
            EmploymentType::PartTime => "part_time",
            EmploymentType::Gig => "gig",
            EmploymentType::Internship => "internship",
            EmploymentType::Flexible => "flexible",
            EmploymentType::Shared => "shared",
        }
    }

    /// Parses the spec's spelling.
    pub fn parse(text: &str) -> Option<EmploymentType> {
        Self::ALL.into_iter().find(|t| t.as_str() == text)
    }
}

/// Education levels, in increasing order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EducationLevel {
    /// No formal education.
    None,
    /// Primary school.
    Primary,
    /// Junior secondary (初中).
    JuniorSecondary,
    /// Senior secondary (高中).
    SeniorSecondary,
    /// Vocational school (中专/技校).
    Vocational,
    /// Associate degree (大专).
    Associate,
    /// Bachelor's degree.
    Bachelor,
    /// Master's degree.
    Master,
    /// Doctorate.
    Doctorate,
}

impl EducationLevel {
    /// All levels, lowest first.
    pub const ALL: [EducationLevel; 9] = [
        EducationLevel::None,
        EducationLevel::Primary,
        EducationLevel::JuniorSecondary,
        EducationLevel::SeniorSecondary,
        EducationLevel::Vocational,
        EducationLevel::Associate,
        EducationLevel::Bachelor,
        EducationLevel::Master,
        EducationLevel::Doctorate,
    ];

    /// The spec's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            EducationLevel::None => "none",
            EducationLevel::Primary => "primary",
            EducationLevel::JuniorSecondary => "junior_secondary",
            EducationLevel::SeniorSecondary => "senior_secondary",
            EducationLevel::Vocational => "vocational",
            EducationLevel::Associate => "associate",
            EducationLevel::Bachelor => "bachelor",
            EducationLevel::Master => "master",
            EducationLevel::Doctorate => "doctorate",
        }
    }

    /// Parses the spec's spelling.
    pub fn parse(text: &str) -> Option<EducationLevel> {
        Self::ALL.into_iter().find(|t| t.as_str() == text)
    }

    /// Position in the order, 0 for `none`.
    pub fn rank(self) -> u8 {
        self as u8
    }
}

/// The period a pay figure is quoted for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayPeriod {
    /// Per hour.
    Hour,
    /// Per day.
    Day,
    /// Per month.
    Month,
    /// Per year.
    Year,
    /// Per piece of work: not convertible to a time rate.
    Piece,
}

impl PayPeriod {
    /// Parses the spec's spelling.
    pub fn parse(text: &str) -> Option<PayPeriod> {
        match text {
            "hour" => Some(PayPeriod::Hour),
            "day" => Some(PayPeriod::Day),
            "month" => Some(PayPeriod::Month),
            "year" => Some(PayPeriod::Year),
            "piece" => Some(PayPeriod::Piece),
            _ => None,
        }
    }

    /// Factor that turns an amount per this period into an amount per month:
    /// 8 hours a day, 21.75 working days a month (China's statutory average).
    /// `None` for piece rates.
    ///
    /// ```
    /// use jobmatch::model::PayPeriod;
    /// assert_eq!(PayPeriod::Day.per_month_factor(), Some(21.75));
    /// assert_eq!(PayPeriod::Piece.per_month_factor(), None);
    /// ```
    pub fn per_month_factor(self) -> Option<f64> {
        match self {
            PayPeriod::Hour => Some(8.0 * 21.75),
            PayPeriod::Day => Some(21.75),
            PayPeriod::Month => Some(1.0),
            PayPeriod::Year => Some(1.0 / 12.0),
            PayPeriod::Piece => None,
        }
    }
}
