//! The hidden model: the true state behind every record, and the grades derived from it.
//!
//! Records are noisy views of these structs; the qrels are computed from the structs only.
//! Grades are a non-compensatory rule (a tier from occupational affinity over the
//! classification hierarchy, then caps from hard constraints, then label noise), deliberately
//! unlike a weighted sum of observed features. See `datasets/README.md`.

use crate::model::{Edu, EmpType};
use crate::places::km;
use crate::rng::{Rand, chance};

/// True state of a posting.
#[derive(Debug, Clone)]
pub(crate) struct LatentPosting {
    /// Curated Chinese occupation (for English postings: the ESCO row's counterpart).
    pub occ: u16,
    /// ESCO row for English postings.
    pub esco: Option<u16>,
    /// Skill ids the job truly needs.
    pub skills: Vec<u32>,
    pub spot: u32,
    pub point: (f64, f64),
    pub remote: bool,
    pub emp: EmpType,
    /// Top of the offered pay, as a monthly equivalent in CNY.
    pub pay_month: f64,
    pub edu_req: Edu,
    pub exp_req: f64,
    pub expired: bool,
    /// Bitmask of target groups.
    pub targets: u8,
}

/// True state of a seeker.
#[derive(Debug, Clone)]
pub(crate) struct LatentSeeker {
    /// The occupation the person is best at and most wants.
    pub occ: u16,
    /// A second occupation of interest (career change, side line).
    pub alt: Option<u16>,
    /// Openness to neighbouring occupations in the hierarchy, 0-1.
    pub breadth: f64,
    pub esco: Option<u16>,
    /// True skills with proficiency 1-5, sorted by skill id.
    pub skills: Vec<(u32, u8)>,
    pub edu: Edu,
    pub exp_years: f64,
    /// Where the person lives now.
    pub home: u32,
    pub home_point: (f64, f64),
    /// Where the person wants to work from (home, or the Jilin city they return to).
    pub base_point: (f64, f64),
    pub base_city: String,
    /// Commute tolerance in km.
    pub tolerance_km: f64,
    /// Lowest acceptable pay, monthly equivalent CNY.
    pub floor_month: f64,
    /// Bitmask of acceptable employment types.
    pub accepted: u8,
    pub wants_remote: bool,
    /// Bitmask of key groups.
    pub groups: u8,
}

/// Codes needed for hierarchy comparisons, precomputed per curated occupation.
#[derive(Debug, Clone)]
pub(crate) struct OccKey {
    pub minor: String,
    pub middle: String,
    pub major: String,
}

impl OccKey {
    pub(crate) fn of(code: &str) -> OccKey {
        let parts: Vec<&str> = code.split('-').collect();
        let join = |n: usize| parts[..n.min(parts.len())].join("-");
        OccKey {
            minor: join(3),
            middle: join(2),
            major: join(1),
        }
    }
}

/// Seeker-side affinity of a person for an occupation: 1 for the true occupation, lower for
/// hierarchy neighbours, scaled by the person's openness.
pub(crate) fn seeker_affinity(s: &LatentSeeker, occ: u16, keys: &[OccKey]) -> f64 {
    if occ == s.occ {
        return 1.0;
    }
    if Some(occ) == s.alt {
        return 0.8;
    }
    let (k, t) = (&keys[occ as usize], &keys[s.occ as usize]);
    let alt = s.alt.map(|a| &keys[a as usize]);
    if k.minor == t.minor {
        0.5 + 0.35 * s.breadth
    } else if alt.is_some_and(|a| a.minor == k.minor) {
        0.4 + 0.3 * s.breadth
    } else if k.middle == t.middle {
        0.25 + 0.3 * s.breadth
    } else if k.major == t.major {
        0.05 + 0.25 * s.breadth
    } else {
        0.0
    }
}

/// Employer-side fit of a person's background to a posting's occupation.
fn employer_affinity(s: &LatentSeeker, occ: u16, keys: &[OccKey]) -> f64 {
    if occ == s.occ {
        return 1.0;
    }
    if Some(occ) == s.alt {
        return 0.7;
    }
    let (k, t) = (&keys[occ as usize], &keys[s.occ as usize]);
    if k.minor == t.minor {
        0.5
    } else if k.middle == t.middle {
        0.3
    } else {
        0.0
    }
}

/// Share of the posting's needed skills the person holds at `min_level` or better.
fn coverage(s: &LatentSeeker, p: &LatentPosting, min_level: u8) -> f64 {
    if p.skills.is_empty() {
        return 0.6;
    }
    if s.esco.is_some() != p.esco.is_some() {
        // Different languages: the skill names cannot meet; judge by general proficiency.
        let mean =
            s.skills.iter().map(|x| f64::from(x.1)).sum::<f64>() / (s.skills.len().max(1) as f64);
        return (mean / 5.0).clamp(0.0, 1.0);
    }
    let held = p
        .skills
        .iter()
        .filter(|id| {
            s.skills
                .binary_search_by_key(id, |x| &x.0)
                .is_ok_and(|i| s.skills[i].1 >= min_level)
        })
        .count();
    held as f64 / p.skills.len() as f64
}

fn distance(s: &LatentSeeker, p: &LatentPosting) -> f64 {
    km(s.base_point, p.point)
}

fn noisy(grade: u8, rng: &mut Rand) -> u8 {
    if chance(rng, 0.06) {
        if grade == 0 {
            if chance(rng, 0.3) { 1 } else { 0 }
        } else if chance(rng, 0.5) {
            (grade + 1).min(3)
        } else {
            grade - 1
        }
    } else {
        grade
    }
}

/// How much the seeker would want this posting (grade for `qrels-postings.txt`).
pub(crate) fn grade_for_seeker(
    s: &LatentSeeker,
    p: &LatentPosting,
    keys: &[OccKey],
    rng: &mut Rand,
) -> u8 {
    if p.expired {
        return 0;
    }
    let a = seeker_affinity(s, p.occ, keys);
    let mut g: u8 = if a >= 0.75 {
        3
    } else if a >= 0.5 {
        2
    } else if a >= 0.25 {
        1
    } else {
        0
    };
    if g == 3 && coverage(s, p, 2) < 0.25 {
        g = 2;
    }
    let mut cap = 3u8;
    if !(p.remote && s.wants_remote) {
        let d = distance(s, p);
        if d > s.tolerance_km * 3.0 && !p.remote {
            cap = 0;
        } else if d > s.tolerance_km && !p.remote {
            cap = cap.min(1);
        }
    }
    let ratio = p.pay_month / s.floor_month.max(1.0);
    if ratio < 0.7 {
        cap = 0;
    } else if ratio < 0.92 {
        cap = cap.min(1);
    }
    if s.accepted & p.emp.bit() == 0 {
        cap = cap.min(1);
    }
    if s.edu.rank() < p.edu_req.rank() - 1 {
        cap = cap.min(1);
    }
    if p.targets & s.groups != 0 && (1..3).contains(&g) {
        g += 1;
    }
    noisy(g.min(cap), rng)
}

/// How well the seeker suits the posting from the employer's side (grade for
/// `qrels-seekers.txt`).
pub(crate) fn grade_for_posting(
    s: &LatentSeeker,
    p: &LatentPosting,
    keys: &[OccKey],
    rng: &mut Rand,
) -> u8 {
    let a = employer_affinity(s, p.occ, keys);
    let mut g: u8 = if a >= 0.9 {
        3
    } else if a >= 0.6 {
        2
    } else if a >= 0.25 {
        1
    } else {
        0
    };
    let cov = coverage(s, p, 3);
    let mut cap = 3u8;
    if cov < 0.2 {
        cap = 1;
    } else if cov < 0.5 {
        cap = 2;
    }
    if s.exp_years < p.exp_req - 2.0 {
        cap = cap.min(1);
    } else if s.exp_years < p.exp_req {
        cap = cap.min(2);
    }
    let gap = p.edu_req.rank() - s.edu.rank();
    if gap > 1 {
        cap = 0;
    } else if gap == 1 {
        cap = cap.min(1);
    }
    if !p.remote && distance(s, p) > s.tolerance_km.max(40.0) * 2.0 {
        cap = cap.min(1);
    }
    if s.accepted & p.emp.bit() == 0 {
        cap = cap.min(2);
    }
    if p.targets & s.groups != 0 && (1..3).contains(&g) {
        g += 1;
    }
    noisy(g.min(cap), rng)
}
