//! Job seekers: the hidden truth of each person and the record they filled in.

use chrono::NaiveDate;

use crate::latent::{LatentSeeker, OccKey};
use crate::model::{
    Desired, Edu, EmpType, Experience, Group, Period, SalaryMin, SeekerRecord, Skill, Window,
};
use crate::places::Places;
use crate::rng::{Rand, Weighted, below, chance, normal, pick, uniform};
use crate::text::{skill_form, title_form_en, window};
use crate::vocab::{Vocab, flag};

/// Shared, read-only inputs for drawing seekers.
#[derive(Debug)]
pub(crate) struct SeekerCtx<'a> {
    pub vocab: &'a Vocab,
    pub places: &'a Places,
    pub occ_w: Weighted,
    pub esco_w: Weighted,
    pub reference: NaiveDate,
    /// Occupations by minor group, for drawing a related second interest.
    by_minor: Vec<Vec<u16>>,
}

impl<'a> SeekerCtx<'a> {
    pub(crate) fn new(
        vocab: &'a Vocab,
        places: &'a Places,
        keys: &'a [OccKey],
        reference: NaiveDate,
    ) -> Self {
        let by_minor = keys
            .iter()
            .map(|k| {
                keys.iter()
                    .enumerate()
                    .filter(|(_, o)| o.middle == k.middle)
                    .map(|(i, _)| i as u16)
                    .collect()
            })
            .collect();
        SeekerCtx {
            vocab,
            places,
            // Supply is flatter than demand, with more people looking for office work.
            occ_w: Weighted::new(vocab.occs.iter().map(|o| {
                let boost = if o.code.starts_with("3-01") { 2.0 } else { 1.0 };
                o.weight.powf(0.8) * boost
            })),
            esco_w: Weighted::new(vocab.esco.iter().map(|o| o.weight)),
            reference,
            by_minor,
        }
    }
}

fn is_manual(code: &str) -> bool {
    code.starts_with('5')
        || code.starts_with('6')
        || ["4-02", "4-03", "4-09", "4-10", "4-07-05"]
            .iter()
            .any(|p| code.starts_with(p))
}

fn draw_groups(rng: &mut Rand, away: bool) -> u8 {
    let mut g = 0u8;
    if away {
        // People living elsewhere: students about to graduate, or migrants coming home.
        g |= if chance(rng, 0.5) {
            Group::Graduate.bit()
        } else {
            Group::MigrantWorker.bit()
        };
    } else if chance(rng, 0.15) {
        g |= Group::Graduate.bit();
    } else if chance(rng, 0.11) {
        g |= Group::MigrantWorker.bit();
    }
    for (p, grp) in [
        (0.03, Group::Veteran),
        (0.05, Group::HardToEmploy),
        (0.015, Group::Disabled),
        (0.04, Group::PovertyAlleviated),
        (0.01, Group::ZeroEmploymentFamily),
        (0.08, Group::FlexibleWorker),
    ] {
        if chance(rng, p) {
            g |= grp.bit();
        }
    }
    g
}

/// Draws the hidden truth and the observed record of seeker `index` (0-based).
pub(crate) fn draw(
    ctx: &SeekerCtx<'_>,
    index: usize,
    rng: &mut Rand,
) -> (LatentSeeker, SeekerRecord) {
    let v = ctx.vocab;
    let away = chance(rng, 0.08);
    let groups = draw_groups(rng, away);
    let graduate = groups & Group::Graduate.bit() != 0;
    let migrant = groups & Group::MigrantWorker.bit() != 0;
    let english = chance(rng, 0.055);
    let (occ, esco) = if english {
        let e = ctx.esco_w.sample(rng);
        (v.esco[e].cn, Some(e))
    } else {
        let mut occ = ctx.occ_w.sample(rng);
        for _ in 0..6 {
            let o = &v.occs[occ];
            let fits = (!migrant || is_manual(&o.code)) && (!graduate || o.edu >= Edu::Vocational);
            if fits {
                break;
            }
            occ = ctx.occ_w.sample(rng);
        }
        (occ, None)
    };
    let o = &v.occs[occ];
    let alt = if chance(rng, 0.35) {
        if chance(rng, 0.6) {
            pick(rng, &ctx.by_minor[occ])
                .copied()
                .filter(|&a| a as usize != occ)
        } else {
            Some(ctx.occ_w.sample(rng) as u16).filter(|&a| a as usize != occ)
        }
    } else {
        None
    };
    let breadth = uniform(rng, 0.0, 1.0).powf(1.3);
    let edu_shift = match below(rng, 100) {
        0..25 => -1,
        25..75 => 0,
        75..95 => 1,
        _ => 2,
    };
    let mut edu = Edu::from_rank(o.edu.rank() + edu_shift);
    if graduate {
        edu = edu.max(if chance(rng, 0.6) {
            Edu::Bachelor
        } else {
            Edu::Associate
        });
    }
    if migrant {
        edu = edu.min(Edu::Vocational);
    }
    let exp_years = if graduate {
        if chance(rng, 0.7) { 0.0 } else { 1.0 }
    } else {
        (f64::from(o.exp) + 4.0 + 5.0 * normal(rng))
            .clamp(0.0, 35.0)
            .round()
    };
    // Skills: a noisy draw from the occupation's (and the second interest's) skills.
    let pool = match esco {
        Some(e) => &v.esco[e].skills,
        None => &o.skills,
    };
    let mut skills: Vec<(u32, u8)> = Vec::new();
    for &id in pool {
        if chance(rng, 0.65) {
            let lvl = (2.0 + exp_years / 6.0 + 0.9 * normal(rng))
                .round()
                .clamp(1.0, 5.0);
            skills.push((id, lvl as u8));
        }
    }
    if skills.len() < 2 {
        for &id in pool.iter().take(2) {
            skills.push((id, 2));
        }
    }
    if let Some(a) = alt.filter(|_| esco.is_none()) {
        for &id in &v.occs[a as usize].skills {
            if chance(rng, 0.35) {
                skills.push((id, 1 + below(rng, 3) as u8));
            }
        }
    }
    skills.sort_unstable();
    skills.dedup_by_key(|x| x.0);
    let home = if away {
        ctx.places.elsewhere(rng)
    } else {
        ctx.places.seeker_home(rng)
    };
    let home_point = ctx.places.point(home, rng);
    let (base_point, base_city) = if away {
        // Returning to Jilin: Changchun mostly, else anywhere people live.
        let target = if chance(rng, 0.55) {
            let cc = ctx
                .places
                .by_city
                .get("2201")
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            pick(rng, cc)
                .copied()
                .unwrap_or_else(|| ctx.places.seeker_home(rng))
        } else {
            ctx.places.seeker_home(rng)
        };
        (
            ctx.places.point(target, rng),
            ctx.places.spots[target].city.clone(),
        )
    } else {
        (home_point, ctx.places.spots[home].city.clone())
    };
    let rural = !ctx.places.spots[home].is_township
        || ctx.places.spots[home].code.as_bytes().get(6) != Some(&b'0');
    let tolerance_km = if chance(rng, 0.07) {
        400.0
    } else {
        let median = if away {
            40.0
        } else if rural {
            30.0
        } else {
            15.0
        };
        (median * (0.6 * normal(rng)).exp()).clamp(2.0, 150.0)
    };
    let place_pay = ctx.places.spots[home].pay.min(1.12);
    let mut floor =
        o.pay * place_pay * uniform(rng, 0.62, 0.95) * (1.0 + 0.015 * exp_years.min(20.0));
    if graduate {
        floor *= 0.85;
    }
    let flexible = groups & Group::FlexibleWorker.bit() != 0;
    let mut accepted = 0u8;
    if !flexible || chance(rng, 0.4) {
        accepted |= EmpType::FullTime.bit();
    }
    if (o.flags & flag::PART_TIME != 0 && chance(rng, 0.4)) || (flexible && chance(rng, 0.6)) {
        accepted |= EmpType::PartTime.bit();
    }
    if (o.flags & flag::GIG != 0 && chance(rng, if flexible { 0.85 } else { 0.25 }))
        || (flexible && chance(rng, 0.3))
    {
        accepted |= EmpType::Gig.bit();
    }
    if graduate && chance(rng, 0.5) {
        accepted |= EmpType::Internship.bit();
    }
    if chance(rng, if flexible { 0.6 } else { 0.15 }) {
        accepted |= EmpType::Flexible.bit();
    }
    if o.flags & flag::SHARED != 0 && chance(rng, 0.15) {
        accepted |= EmpType::Shared.bit();
    }
    if accepted == 0 {
        accepted = EmpType::FullTime.bit();
    }
    let wants_remote = o.flags & flag::REMOTE != 0 && chance(rng, 0.35);
    let latent = LatentSeeker {
        occ: occ as u16,
        alt,
        breadth,
        esco: esco.map(|e| e as u16),
        skills,
        edu,
        exp_years,
        home: home as u32,
        home_point,
        base_point,
        base_city,
        tolerance_km,
        floor_month: floor,
        accepted,
        wants_remote,
        groups,
    };
    let record = observe(ctx, &latent, index, rng);
    (latent, record)
}

fn accepted_types(mask: u8) -> Vec<EmpType> {
    EmpType::ALL
        .into_iter()
        .filter(|e| mask & e.bit() != 0)
        .collect()
}

/// The record the person filled in: a noisy, partial view of the truth.
fn observe(ctx: &SeekerCtx<'_>, s: &LatentSeeker, index: usize, rng: &mut Rand) -> SeekerRecord {
    let v = ctx.vocab;
    let o = &v.occs[s.occ as usize];
    let esco = s.esco.map(|e| &v.esco[e as usize]);
    let sparse = chance(rng, 0.15);
    let keep = |p: f64, rng: &mut Rand| chance(rng, if sparse { p * 0.25 } else { p });
    let title_of = |occ: usize, rng: &mut Rand| -> String {
        match esco {
            Some(e) => title_form_en(
                pick(rng, &e.titles).map(String::as_str).unwrap_or(&e.name),
                rng,
            ),
            None => pick(rng, &v.occs[occ].titles)
                .cloned()
                .unwrap_or_else(|| v.occs[occ].name.clone()),
        }
    };

    // Written skills: a subset of real skills (level >= 2), a few overclaimed ones.
    let skills = keep(0.8, rng)
        .then(|| {
            let mut out = Vec::new();
            let detailed = chance(rng, 0.3);
            for &(id, lvl) in &s.skills {
                if lvl < 2 || !chance(rng, 0.7) {
                    continue;
                }
                let name = skill_form(v, id, rng);
                out.push(if detailed {
                    let shown = (i32::from(lvl) + below(rng, 3) as i32 - 1).clamp(1, 5) as u8;
                    Skill::Detailed {
                        name,
                        required: None,
                        level: Some(shown),
                    }
                } else {
                    Skill::Name(name)
                });
            }
            if chance(rng, 0.15) {
                let pool = esco.map(|e| &e.skills).unwrap_or(&o.skills);
                if let Some(&id) = pick(rng, pool)
                    && s.skills.binary_search_by_key(&id, |x| x.0).is_err()
                {
                    out.push(Skill::Name(skill_form(v, id, rng)));
                }
            }
            out
        })
        .filter(|x| !x.is_empty());

    let experience = (s.exp_years > 0.0 && keep(0.6, rng)).then(|| {
        let mut jobs = Vec::new();
        let mut left = s.exp_years;
        let n = 1 + below(rng, 3);
        for j in 0..n {
            if left <= 0.0 {
                break;
            }
            let occ = if j > 0 && s.alt.is_some() && chance(rng, 0.4) {
                s.alt.map(usize::from).unwrap_or(s.occ as usize)
            } else {
                s.occ as usize
            };
            let years = if j + 1 == n {
                left
            } else {
                (left * uniform(rng, 0.3, 0.7)).round().max(1.0)
            };
            left -= years;
            jobs.push(Experience {
                title: chance(rng, 0.9).then(|| title_of(occ, rng)),
                occupation: chance(rng, 0.35).then(|| match esco {
                    Some(e) => e.code.clone(),
                    None => v.occs[occ].code.clone(),
                }),
                years: chance(rng, 0.85).then_some(years),
            });
        }
        jobs
    });

    let mut desired = Desired::default();
    if keep(0.6, rng) {
        let mut codes = Vec::new();
        let x = below(rng, 100);
        let own = esco
            .map(|e| e.code.clone())
            .unwrap_or_else(|| o.code.clone());
        if x < 70 {
            codes.push(own);
        } else if x < 90 {
            // Broader: the minor group.
            codes.push(
                own.rsplit_once(['-', '.'])
                    .map(|p| p.0.to_string())
                    .unwrap_or(own),
            );
        } else if let Some(a) = s.alt {
            codes.push(v.occs[a as usize].code.clone());
        }
        if let Some(a) = s.alt.filter(|_| chance(rng, 0.3) && esco.is_none()) {
            codes.push(v.occs[a as usize].code.clone());
        }
        codes.dedup();
        desired.occupations = Some(codes);
    }
    if keep(0.6, rng) {
        let mut ts = vec![title_of(s.occ as usize, rng)];
        if chance(rng, 0.35) {
            ts.push(title_of(
                s.alt.map(usize::from).unwrap_or(s.occ as usize),
                rng,
            ));
        }
        ts.dedup();
        desired.titles = Some(ts);
    }
    if keep(0.55, rng) {
        desired.employment_types = Some(accepted_types(s.accepted));
    }
    if keep(0.45, rng) {
        let gigish = s.accepted & (EmpType::Gig.bit() | EmpType::PartTime.bit()) != 0
            && s.accepted & EmpType::FullTime.bit() == 0;
        let period = if gigish {
            if chance(rng, 0.5) {
                Period::Day
            } else {
                Period::Hour
            }
        } else {
            Period::Month
        };
        let amount = s.floor_month / period.to_month() * uniform(rng, 0.9, 1.1);
        let step = match period {
            Period::Month => 500.0,
            Period::Day => 10.0,
            _ => 1.0,
        };
        desired.salary_min = Some(SalaryMin {
            amount: ((amount / step).round() * step).max(step),
            period,
        });
    }
    if keep(0.5, rng) {
        let mut regions = vec![s.base_city.clone()];
        if chance(rng, 0.3) && ctx.places.spots[s.home as usize].in_jilin {
            regions.push(ctx.places.spots[s.home as usize].county.clone());
        }
        if chance(rng, 0.15) {
            regions.push("2201".to_string());
        }
        regions.sort();
        regions.dedup();
        desired.regions = Some(regions);
    }
    if keep(0.35, rng) && s.tolerance_km < 200.0 {
        desired.max_commute_km = Some((s.tolerance_km * uniform(rng, 0.8, 1.2)).round().max(1.0));
    }
    if s.wants_remote && keep(0.7, rng) {
        desired.remote = Some(true);
    }
    let location =
        keep(0.85, rng).then(|| ctx.places.location(s.home as usize, s.home_point, rng, 0.8));
    let groups = (s.groups != 0 && keep(0.8, rng)).then(|| {
        Group::ALL
            .into_iter()
            .filter(|g| s.groups & g.bit() != 0)
            .collect::<Vec<_>>()
    });
    let availability = (s.accepted & (EmpType::Gig.bit() | EmpType::PartTime.bit()) != 0
        && keep(0.7, rng))
    .then(|| {
        let n = 2 + below(rng, 5);
        let mut ws: Vec<(String, String)> = (0..n)
            .map(|_| {
                let hours = [4, 5, 8][below(rng, 3)];
                window(ctx.reference, rng, &[7, 8, 12, 17, 18], hours)
            })
            .collect();
        ws.sort();
        ws.dedup();
        ws.into_iter()
            .map(|(start, end)| Window { start, end })
            .collect::<Vec<_>>()
    });
    let summary = keep(0.7, rng).then(|| summary(ctx, s, rng));
    let fake = chance(rng, 0.03);
    SeekerRecord {
        id: format!("S{:07}", index + 1),
        name: fake.then(|| format!("测试人员{}", 1 + below(rng, 999))),
        phone: (fake && chance(rng, 0.8)).then(|| format!("1380000{:04}", below(rng, 10000))),
        gender: (fake && chance(rng, 0.5)).then(|| ["男", "女", "未知"][below(rng, 3)].to_string()),
        birth_date: (fake && chance(rng, 0.5)).then(|| "1900-01-01".to_string()),
        summary,
        skills,
        experience,
        desired: (!desired.is_empty()).then_some(desired),
        location,
        education: keep(0.8, rng).then_some(s.edu),
        experience_years: keep(0.7, rng).then_some(s.exp_years),
        groups,
        availability,
    }
}

fn summary(ctx: &SeekerCtx<'_>, s: &LatentSeeker, rng: &mut Rand) -> String {
    let v = ctx.vocab;
    let o = &v.occs[s.occ as usize];
    let top: Vec<&str> = s
        .skills
        .iter()
        .filter(|x| x.1 >= 3)
        .take(3)
        .map(|x| v.skills[x.0 as usize].as_str())
        .collect();
    let city = ctx
        .places
        .city_names
        .get(&s.base_city)
        .map(String::as_str)
        .unwrap_or("吉林省");
    if let Some(e) = s.esco {
        let e = &v.esco[e as usize];
        return format!(
            "{} with {} years of experience; education: {}. Good at {}. Looking for work in {}.",
            title_form_en(&e.name, rng),
            s.exp_years,
            s.edu.en(),
            if top.is_empty() {
                "learning quickly".to_string()
            } else {
                top.join(", ")
            },
            if s.base_city == "2201" {
                "Changchun"
            } else {
                "Jilin Province"
            }
        );
    }
    let title = pick(rng, &o.titles).map(String::as_str).unwrap_or(&o.name);
    let intro = if s.groups & Group::Graduate.bit() != 0 {
        format!(
            "{}应届毕业生，学历{}",
            if chance(rng, 0.5) { "2026届" } else { "" },
            s.edu.zh()
        )
    } else if s.exp_years > 0.0 {
        format!("从事{title}工作{}年，{}学历", s.exp_years, s.edu.zh())
    } else {
        format!("{}学历，无相关工作经验", s.edu.zh())
    };
    let skills = if top.is_empty() {
        "肯学习，能吃苦".to_string()
    } else {
        format!("熟悉{}", top.join("、"))
    };
    let extra = match below(rng, 6) {
        0 => "，为人踏实，服从安排",
        1 => "，沟通能力强，有责任心",
        2 => "，可接受倒班",
        3 => "，希望找离家近的工作",
        4 => "，身体健康，能吃苦耐劳",
        _ => "",
    };
    let veteran = if s.groups & Group::Veteran.bit() != 0 {
        "退役军人，"
    } else {
        ""
    };
    format!("{veteran}{intro}，{skills}{extra}。希望在{city}找一份{title}相关的工作。")
}
