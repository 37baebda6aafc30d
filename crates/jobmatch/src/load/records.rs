//! Turning one JSON object into a validated [`Posting`] or [`Seeker`].

use serde_json::{Map, Value};

use super::fields::{FieldResult, Obj, field_err, is_occupation_code};
use crate::model::{
    Desired, EducationLevel, EmploymentType, Experience, Posting, Salary, SalaryFloor, Seeker,
};

/// Largest amount of money accepted in any period (CNY 100 million).
const MAX_MONEY: f64 = 1.0e8;
/// Longest career, in years.
const MAX_YEARS: f64 = 80.0;
/// Most openings one posting may declare.
const MAX_OPENINGS: i64 = 100_000;

/// Fields the spec names as personal; dropped at load and counted.
pub const PERSONAL_FIELDS: &[&str] = &[
    "id_number",
    "phone",
    "name",
    "gender",
    "birth_date",
    "age",
    "ethnicity",
    "religion",
    "marital_status",
    "health",
    "hukou",
    "email",
    "address",
];

const POSTING_FIELDS: &[&str] = &[
    "id",
    "title",
    "description",
    "occupation",
    "skills",
    "employer",
    "location",
    "remote",
    "employment_type",
    "salary",
    "currency",
    "education",
    "experience_years",
    "openings",
    "posted_at",
    "expires_at",
    "shifts",
    "target_groups",
];

const SEEKER_FIELDS: &[&str] = &[
    "id",
    "summary",
    "skills",
    "experience",
    "desired",
    "location",
    "education",
    "experience_years",
    "groups",
    "availability",
];

/// What a record carried besides the fields the engine uses.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Extras {
    pub personal: u64,
    pub unknown: u64,
}

/// A kind of record the loader knows how to validate.
pub(crate) trait Record: Sized + Send {
    /// `posting` or `seeker`, for messages.
    const KIND: &'static str;
    /// The record's id.
    fn id(&self) -> &str;
    /// Validates one JSON object.
    fn from_json(map: &Map<String, Value>) -> FieldResult<Self>;
    /// The fields the engine reads; others are ignored (and counted).
    fn known_fields() -> &'static [&'static str];
}

pub(crate) fn count_extras(map: &Map<String, Value>, known: &[&str]) -> Extras {
    let mut extras = Extras::default();
    for key in map.keys() {
        if PERSONAL_FIELDS.contains(&key.as_str()) {
            extras.personal += 1;
        } else if !known.contains(&key.as_str()) {
            extras.unknown += 1;
        }
    }
    extras
}

fn occupation(o: &Obj<'_>, name: &str) -> FieldResult<Option<String>> {
    match o.opt_text(name)? {
        None => Ok(None),
        Some(c) if is_occupation_code(&c) => Ok(Some(c)),
        Some(_) => Err(field_err(
            o.path(name),
            "expected an occupation code of letters, digits, `-` and `.`",
        )),
    }
}

fn employment_type(o: &Obj<'_>, name: &str) -> FieldResult<Option<EmploymentType>> {
    match o.opt_str(name)? {
        None => Ok(None),
        Some(s) => EmploymentType::parse(s.trim()).map(Some).ok_or_else(|| {
            field_err(
                o.path(name),
                "expected one of full_time, part_time, gig, internship, flexible, shared",
            )
        }),
    }
}

fn education(o: &Obj<'_>, name: &str) -> FieldResult<Option<EducationLevel>> {
    match o.opt_str(name)? {
        None => Ok(None),
        Some(s) => EducationLevel::parse(s.trim()).map(Some).ok_or_else(|| {
            field_err(
                o.path(name),
                "expected an education level (none, primary, junior_secondary, senior_secondary, vocational, associate, bachelor, master, doctorate)",
            )
        }),
    }
}

fn group_tag(tag: &str) -> Option<String> {
    (tag.len() <= 64 && !tag.chars().any(char::is_control)).then(|| tag.to_string())
}

fn salary(o: &Obj<'_>) -> FieldResult<Option<Salary>> {
    let Some(s) = o.opt_obj("salary")? else {
        return Ok(None);
    };
    let min = s.opt_num("min", 0.0, MAX_MONEY)?;
    let max = s.opt_num("max", 0.0, MAX_MONEY)?;
    let period = s.pay_period("period")?;
    if let (Some(a), Some(b)) = (min, max)
        && a > b
    {
        return Err(field_err(s.path("min"), "expected `min` <= `max`"));
    }
    Ok(Some(Salary { min, max, period }))
}

impl Record for Posting {
    const KIND: &'static str = "posting";

    fn id(&self) -> &str {
        &self.id
    }

    fn known_fields() -> &'static [&'static str] {
        POSTING_FIELDS
    }

    fn from_json(map: &Map<String, Value>) -> FieldResult<Posting> {
        let o = Obj::root(map);
        let id = o.id("id")?;
        let title = o.required_free_text("title")?;
        Ok(Posting {
            id,
            title,
            description: o.free_text("description")?,
            occupation: occupation(&o, "occupation")?,
            skills: o.skills("skills")?,
            employer: o.free_text("employer")?,
            location: o.opt_location("location")?,
            remote: o.opt_bool("remote")?.unwrap_or(false),
            employment_type: employment_type(&o, "employment_type")?,
            salary: salary(&o)?,
            currency: o.opt_text("currency")?,
            education: education(&o, "education")?,
            experience_years: o.opt_num("experience_years", 0.0, MAX_YEARS)?,
            openings: o.opt_int("openings", 0, MAX_OPENINGS)?.unwrap_or(1) as u32,
            posted_at: o.opt_date("posted_at")?,
            expires_at: o.opt_date("expires_at")?,
            shifts: o.time_ranges("shifts")?,
            target_groups: o.str_list("target_groups", group_tag, "a group tag")?,
        })
    }
}

fn experience(o: &Obj<'_>) -> FieldResult<Vec<Experience>> {
    let mut out = Vec::new();
    for (i, item) in o.opt_array("experience")?.iter().enumerate() {
        let path = format!("experience[{i}]");
        let Value::Object(m) = item else {
            return Err(field_err(
                path,
                "expected an object {title, occupation, years}",
            ));
        };
        let e = Obj::nested(m, path);
        out.push(Experience {
            title: e.free_text("title")?,
            occupation: occupation(&e, "occupation")?,
            years: e.opt_num("years", 0.0, MAX_YEARS)?,
        });
    }
    Ok(out)
}

fn desired(o: &Obj<'_>) -> FieldResult<Desired> {
    let Some(d) = o.opt_obj("desired")? else {
        return Ok(Desired::default());
    };
    let salary_min = match d.opt_obj("salary_min")? {
        None => None,
        Some(s) => {
            let amount = s
                .opt_num("amount", 0.0, MAX_MONEY)?
                .ok_or_else(|| field_err(s.path("amount"), "required field is missing"))?;
            Some(SalaryFloor {
                amount,
                period: s.pay_period("period")?,
            })
        }
    };
    let occ = |c: &str| is_occupation_code(c).then(|| c.to_string());
    let region = |c: &str| super::fields::is_division_code(c).then(|| c.to_string());
    let etype = |c: &str| EmploymentType::parse(c).map(|t| t.as_str().to_string());
    let employment_types = d
        .str_list("employment_types", etype, "an employment type")?
        .iter()
        .filter_map(|t| EmploymentType::parse(t))
        .collect();
    Ok(Desired {
        occupations: d.str_list("occupations", occ, "an occupation code")?,
        titles: d.str_list(
            "titles",
            |t| Some(crate::privacy::mask_text(t).into_owned()),
            "a title",
        )?,
        employment_types,
        salary_min,
        regions: d.str_list("regions", region, "a division code of 2-12 digits")?,
        max_commute_km: d.opt_num("max_commute_km", 0.0, 20_000.0)?,
        remote: d.opt_bool("remote")?,
    })
}

impl Record for Seeker {
    const KIND: &'static str = "seeker";

    fn id(&self) -> &str {
        &self.id
    }

    fn known_fields() -> &'static [&'static str] {
        SEEKER_FIELDS
    }

    fn from_json(map: &Map<String, Value>) -> FieldResult<Seeker> {
        let o = Obj::root(map);
        Ok(Seeker {
            id: o.id("id")?,
            summary: o.free_text("summary")?,
            skills: o.skills("skills")?,
            experience: experience(&o)?,
            desired: desired(&o)?,
            location: o.opt_location("location")?,
            education: education(&o, "education")?,
            experience_years: o.opt_num("experience_years", 0.0, MAX_YEARS)?,
            groups: o.str_list("groups", group_tag, "a group tag")?,
            availability: o.time_ranges("availability")?,
        })
    }
}
