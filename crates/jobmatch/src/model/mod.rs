//! The data contract's record types (`shared/spec/data-format.md`, version 1), as
//! validated values.
//!
//! Values of these types come from [`crate::load`], which checks every field; a
//! program that builds them by hand should keep the same invariants (ids of 1-128
//! bytes, finite non-negative numbers, `min <= max`).

mod common;
mod posting;
mod seeker;

pub use common::{
    Date, DateTime, EducationLevel, EmploymentType, Location, PayPeriod, SkillItem, TimeRange,
};
pub use posting::{Posting, Salary};
pub use seeker::{Desired, Experience, SalaryFloor, Seeker};

/// The key groups named by the spec. Other tags are allowed and kept as given.
pub const KNOWN_GROUPS: &[&str] = &[
    "graduate",
    "migrant_worker",
    "hard_to_employ",
    "veteran",
    "poverty_alleviated",
    "disabled",
    "zero_employment_family",
    "flexible_worker",
];
