//! Shared generators for the integration tests: small random corpora over a
//! fixed vocabulary of places, occupations and skills (Chinese and English).
#![allow(dead_code, clippy::unwrap_used)]

use jobmatch::model::{
    Date, Desired, EducationLevel, EmploymentType, Experience, Location, PayPeriod, Posting,
    Salary, SalaryFloor, Seeker, SkillItem,
};
use proptest::prelude::*;

pub const AS_OF: (i32, u32, u32) = (2026, 11, 27);

pub fn as_of() -> Date {
    Date::from_ymd(AS_OF.0, AS_OF.1, AS_OF.2).unwrap()
}

pub const SKILLS: &[&str] = &[
    "焊接",
    "电焊",
    "数控车床",
    "数控车床操作",
    "叉车",
    "Excel",
    "Microsoft Excel",
    "护理",
    "收银",
    "驾照",
    "python",
    "客户服务",
    "CAD",
    "汽车装配",
    "仓储管理",
];
pub const TITLES: &[&str] = &[
    "电焊工",
    "数控车工",
    "叉车司机",
    "护理员",
    "收银员",
    "Software developer",
    "仓库管理员",
    "汽车装配工",
    "客服专员",
    "Nurse",
];
pub const OCCUPATIONS: &[&str] = &[
    "6-18-01-01",
    "6-18-01-02",
    "6-18-02-01",
    "6-22-02-01",
    "4-10-01-01",
    "4-01-02-03",
    "2-02-10-03",
    "2512.4",
];
/// (code, lat, lon): Changchun districts and towns, Jilin city, Yanji.
pub const PLACES: &[(&str, f64, f64)] = &[
    ("220102001", 43.88, 125.32),
    ("220102002", 43.86, 125.35),
    ("220104", 43.83, 125.27),
    ("2201", 43.81, 125.32),
    ("220202001", 43.84, 126.55),
    ("222401", 42.89, 129.51),
];

pub fn location() -> impl Strategy<Value = Option<Location>> {
    prop_oneof![
        1 => Just(None),
        6 => (0..PLACES.len(), any::<bool>(), -0.05f64..0.05, -0.05f64..0.05).prop_map(|(i, with_coords, dl, dn)| {
            let (code, lat, lon) = PLACES[i];
            Some(Location {
                code: Some(code.to_string()),
                name: None,
                lat: with_coords.then_some(lat + dl),
                lon: with_coords.then_some(lon + dn),
            })
        }),
    ]
}

pub fn skills(max: usize) -> impl Strategy<Value = Vec<SkillItem>> {
    prop::collection::vec(
        (0..SKILLS.len(), any::<bool>(), prop::option::of(1u8..=5)),
        0..=max,
    )
    .prop_map(|v| {
        v.into_iter()
            .map(|(i, required, level)| SkillItem {
                name: SKILLS[i].to_string(),
                required,
                level,
            })
            .collect()
    })
}

fn date_offset(days: i32) -> Date {
    Date(as_of().0 + days)
}

fn education() -> impl Strategy<Value = Option<EducationLevel>> {
    prop::option::of((0..EducationLevel::ALL.len()).prop_map(|i| EducationLevel::ALL[i]))
}

fn employment_type() -> impl Strategy<Value = Option<EmploymentType>> {
    prop::option::of((0..EmploymentType::ALL.len()).prop_map(|i| EmploymentType::ALL[i]))
}

pub fn posting(id: String) -> impl Strategy<Value = Posting> {
    (
        (
            0..TITLES.len(),
            prop::option::of(0..OCCUPATIONS.len()),
            skills(4),
            location(),
            any::<bool>(),
        ),
        (
            employment_type(),
            prop::option::of((1000.0f64..20000.0, 0.0f64..5000.0)),
            education(),
            prop::option::of(0.0f64..10.0),
        ),
        (
            0u32..4,
            prop::option::of(-60i32..0),
            prop::option::of(-5i32..60),
        ),
    )
        .prop_map(
            move |(
                (t, occ, skills, location, remote),
                (etype, pay, edu, exp),
                (openings, posted, expires),
            )| {
                let mut p = Posting::new(id.clone(), TITLES[t]);
                p.description = Some(format!(
                    "{} 岗位职责 负责{}",
                    TITLES[t],
                    skills.first().map_or("", |s| s.name.as_str())
                ));
                p.occupation = occ.map(|i| OCCUPATIONS[i].to_string());
                p.skills = skills;
                p.location = location;
                p.remote = remote && t % 3 == 0;
                p.employment_type = etype;
                p.salary = pay.map(|(lo, extra)| Salary {
                    min: Some(lo),
                    max: Some(lo + extra),
                    period: PayPeriod::Month,
                });
                p.education = edu;
                p.experience_years = exp;
                p.openings = openings;
                p.posted_at = posted.map(date_offset);
                p.expires_at = expires.map(date_offset);
                p
            },
        )
}

pub fn seeker(id: String) -> impl Strategy<Value = Seeker> {
    (
        (
            skills(5),
            location(),
            prop::option::of(0..TITLES.len()),
            prop::option::of(0..OCCUPATIONS.len()),
            prop::option::of(0..OCCUPATIONS.len()),
        ),
        (
            prop::option::of(1.0f64..200.0),
            prop::collection::vec(0..PLACES.len(), 0..2),
            prop::option::of(any::<bool>()),
            prop::option::of(1000.0f64..15000.0),
        ),
        (
            education(),
            prop::option::of(0.0f64..20.0),
            prop::collection::vec(0..EmploymentType::ALL.len(), 0..2),
        ),
    )
        .prop_map(
            move |(
                (skills, location, title, desired_occ, past_occ),
                (commute, regions, remote, floor),
                (edu, years, types),
            )| {
                let mut s = Seeker::new(id.clone());
                s.skills = skills;
                s.location = location;
                s.summary = title.map(|t| format!("我有多年{}经验", TITLES[t]));
                s.desired = Desired {
                    occupations: desired_occ
                        .map(|i| OCCUPATIONS[i].to_string())
                        .into_iter()
                        .collect(),
                    titles: title.map(|t| TITLES[t].to_string()).into_iter().collect(),
                    employment_types: types.into_iter().map(|i| EmploymentType::ALL[i]).collect(),
                    salary_min: floor.map(|amount| SalaryFloor {
                        amount,
                        period: PayPeriod::Month,
                    }),
                    regions: regions
                        .into_iter()
                        .map(|i| PLACES[i].0[..4].to_string())
                        .collect(),
                    max_commute_km: commute,
                    remote,
                };
                s.experience = past_occ
                    .map(|i| Experience {
                        title: title.map(|t| TITLES[t].to_string()),
                        occupation: Some(OCCUPATIONS[i].to_string()),
                        years: Some(2.0),
                    })
                    .into_iter()
                    .collect();
                s.education = edu;
                s.experience_years = years;
                s
            },
        )
}

pub fn corpus(
    max_postings: usize,
    max_seekers: usize,
) -> impl Strategy<Value = (Vec<Posting>, Vec<Seeker>)> {
    (1..=max_postings, 1..=max_seekers).prop_flat_map(|(np, ns)| {
        let postings: Vec<_> = (0..np).map(|i| posting(format!("P{i:03}"))).collect();
        let seekers: Vec<_> = (0..ns).map(|i| seeker(format!("S{i:03}"))).collect();
        (postings, seekers)
    })
}

pub fn engine_with(postings: &[Posting], seekers: &[Seeker], pool: usize) -> jobmatch::Engine {
    let engine = jobmatch::Engine::builder()
        .pool_size(pool)
        .writer_threads(1)
        .writer_memory(20_000_000)
        .in_ram()
        .unwrap();
    engine.upsert_postings(postings).unwrap();
    engine.upsert_seekers(seekers).unwrap();
    engine.commit().unwrap();
    engine
}
