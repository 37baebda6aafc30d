//! Job postings: the hidden truth of each posting and its observed record.

use chrono::{Duration, NaiveDate};

use crate::latent::LatentPosting;
use crate::model::{Edu, EmpType, Group, Period, PostingRecord, Salary, Skill, Window};
use crate::places::Places;
use crate::rng::{Rand, Weighted, below, chance, choose_k, normal, pick, round_to, uniform};
use crate::text::{date, skill_form, title_form, title_form_en, window};
use crate::vocab::{Vocab, flag};

/// Shared, read-only inputs for drawing postings.
#[derive(Debug)]
pub(crate) struct PostingCtx<'a> {
    pub vocab: &'a Vocab,
    pub places: &'a Places,
    pub occ_w: Weighted,
    pub esco_w: Weighted,
    pub reference: NaiveDate,
    pub employers: usize,
}

impl<'a> PostingCtx<'a> {
    pub(crate) fn new(
        vocab: &'a Vocab,
        places: &'a Places,
        reference: NaiveDate,
        postings: usize,
    ) -> Self {
        PostingCtx {
            vocab,
            places,
            occ_w: Weighted::new(vocab.occs.iter().map(|o| o.weight)),
            esco_w: Weighted::new(vocab.esco.iter().map(|o| o.weight)),
            reference,
            employers: (postings / 6).max(1),
        }
    }
}

fn emp_type(flags: u8, rng: &mut Rand) -> EmpType {
    let mut w = [1.0, 0.0, 0.0, 0.0, 0.0, 0.0];
    if flags & flag::PART_TIME != 0 {
        w[1] = 0.35;
    }
    if flags & flag::GIG != 0 {
        w[2] = 0.7;
    }
    if flags & flag::INTERN != 0 {
        w[3] = 0.15;
    }
    if flags & flag::FLEXIBLE != 0 {
        w[4] = 0.2;
    }
    if flags & flag::SHARED != 0 {
        w[5] = 0.12;
    }
    EmpType::ALL[Weighted::new(w).sample(rng)]
}

fn targets(occ_edu: Edu, code: &str, flags: u8, rng: &mut Rand) -> u8 {
    if !chance(rng, 0.09) {
        return 0;
    }
    let mut opts: Vec<Group> = Vec::new();
    if occ_edu >= Edu::Associate || flags & flag::INTERN != 0 {
        opts.push(Group::Graduate);
    }
    if code.starts_with('6') || code.starts_with("4-02") || code.starts_with('5') {
        opts.push(Group::MigrantWorker);
        opts.push(Group::PovertyAlleviated);
    }
    if matches!(
        code,
        "4-04-05-03" | "4-10-04-02" | "3-01-01-01" | "4-04-05-05" | "6-31-05-00"
    ) {
        opts.push(Group::Disabled);
    }
    if matches!(
        code,
        "4-07-05-01" | "4-02-02-02" | "4-02-02-01" | "6-31-06-00"
    ) {
        opts.push(Group::Veteran);
    }
    if occ_edu <= Edu::JuniorSecondary {
        opts.push(Group::HardToEmploy);
        opts.push(Group::ZeroEmploymentFamily);
    }
    if flags & (flag::GIG | flag::FLEXIBLE) != 0 {
        opts.push(Group::FlexibleWorker);
    }
    let mut mask = 0;
    for _ in 0..1 + usize::from(chance(rng, 0.3)) {
        if let Some(g) = pick(rng, &opts) {
            mask |= g.bit();
        }
    }
    mask
}

/// Draws the hidden truth and the observed record of posting `index` (0-based).
pub(crate) fn draw(
    ctx: &PostingCtx<'_>,
    index: usize,
    rng: &mut Rand,
) -> (LatentPosting, PostingRecord) {
    let v = ctx.vocab;
    let english = chance(rng, 0.06);
    let (occ, esco) = if english {
        let e = ctx.esco_w.sample(rng);
        (v.esco[e].cn, Some(e))
    } else {
        (ctx.occ_w.sample(rng), None)
    };
    let o = &v.occs[occ];
    let spot = if english && chance(rng, 0.6) {
        let cc = ctx
            .places
            .by_city
            .get("2201")
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        pick(rng, cc)
            .copied()
            .unwrap_or_else(|| ctx.places.workplace(rng))
    } else {
        ctx.places.workplace(rng)
    };
    let point = ctx.places.point(spot, rng);
    let place = &ctx.places.spots[spot];
    let emp = emp_type(o.flags, rng);
    let remote = o.flags & flag::REMOTE != 0 && emp != EmpType::Gig && chance(rng, 0.22);
    let pool = match esco {
        Some(e) => &v.esco[e].skills,
        None => &o.skills,
    };
    let n_skills = (3 + below(rng, 6)).min(pool.len());
    let mut skills: Vec<u32> = choose_k(rng, pool.len(), n_skills)
        .into_iter()
        .map(|i| pool[i])
        .collect();
    let edu_shift = match below(rng, 100) {
        0..30 => -1,
        30..85 => 0,
        _ => 1,
    };
    let mut edu_req = Edu::from_rank(o.edu.rank() + edu_shift);
    if matches!(emp, EmpType::Gig | EmpType::PartTime | EmpType::Shared) {
        edu_req = edu_req.min(Edu::SeniorSecondary);
    }
    let exp_req = if emp == EmpType::Internship {
        0.0
    } else {
        (f64::from(o.exp) * uniform(rng, 0.3, 1.6)).round()
    };
    let mut pay = o.pay * place.pay * (1.0 + 0.15 * normal(rng)).max(0.6);
    if emp == EmpType::Internship {
        pay *= 0.55;
    }
    if english {
        pay *= 1.25;
    }
    // Dates: mostly recent; a share has expired by the reference date.
    let u: f64 = uniform(rng, 0.0, 1.0);
    let days_ago = (100.0 * u.powf(2.5)).floor() as i64;
    let validity = [30, 60, 90, 180][Weighted::new([0.2, 0.35, 0.3, 0.15]).sample(rng)];
    let posted = ctx.reference - Duration::days(days_ago);
    let expires = posted + Duration::days(validity);
    let expired = expires < ctx.reference;
    let target_mask = targets(o.edu, &o.code, o.flags, rng);
    skills.sort_unstable();
    let latent = LatentPosting {
        occ: occ as u16,
        esco: esco.map(|e| e as u16),
        skills: skills.clone(),
        spot: spot as u32,
        point,
        remote,
        emp,
        pay_month: pay,
        edu_req,
        exp_req,
        expired,
        targets: target_mask,
    };

    // Observed record.
    let city_name = ctx.places.city_names.get(&place.city).map(String::as_str);
    let title = match esco {
        Some(e) => title_form_en(
            pick(rng, &v.esco[e].titles)
                .map(String::as_str)
                .unwrap_or(""),
            rng,
        ),
        None => title_form(
            pick(rng, &o.titles).map(String::as_str).unwrap_or(&o.name),
            city_name,
            rng,
        ),
    };
    let occupation = if chance(rng, 0.7) {
        match esco {
            Some(e) => Some(v.esco[e].code.clone()),
            None if chance(rng, 0.06) => Some(latent_minor(&o.code)),
            None => Some(o.code.clone()),
        }
    } else {
        None
    };
    let written_skills = if chance(rng, 0.8) {
        let mut out = Vec::new();
        for &id in &skills {
            if !chance(rng, 0.8) {
                continue;
            }
            let name = skill_form(v, id, rng);
            out.push(if chance(rng, 0.25) {
                Skill::Detailed {
                    name,
                    required: Some(chance(rng, 0.8)),
                    level: chance(rng, 0.6).then(|| 2 + below(rng, 3) as u8),
                }
            } else {
                Skill::Name(name)
            });
        }
        (!out.is_empty()).then_some(out)
    } else {
        None
    };
    let location = if chance(rng, 0.9) {
        Some(ctx.places.location(spot, point, rng, 0.82))
    } else {
        None
    };
    let salary = chance(rng, 0.8).then(|| salary(o.code.as_str(), emp, pay, rng));
    let openings = chance(rng, 0.75).then(|| {
        let base = if o.flags & (flag::GIG | flag::SHARED) != 0 || o.code.starts_with("6-22") {
            1 + below(rng, 30)
        } else {
            1 + below(rng, 5)
        };
        base as u32
    });
    let shifts = if emp == EmpType::Gig && chance(rng, 0.8) {
        let n = 1 + below(rng, 4);
        let starts: &[u32] = if o.flags & flag::SHIFTS != 0 {
            &[6, 8, 14, 18, 22]
        } else {
            &[8, 9, 13, 17]
        };
        let hours = [4, 6, 8, 10][below(rng, 4)];
        let mut ws: Vec<(String, String)> = (0..n)
            .map(|_| window(ctx.reference, rng, starts, hours))
            .collect();
        ws.sort();
        ws.dedup();
        Some(
            ws.into_iter()
                .map(|(start, end)| Window { start, end })
                .collect(),
        )
    } else {
        None
    };
    let target_groups = (target_mask != 0).then(|| {
        Group::ALL
            .into_iter()
            .filter(|g| target_mask & g.bit() != 0)
            .collect()
    });
    let employer = chance(rng, 0.9).then(|| format!("E{:05}", 1 + below(rng, ctx.employers)));
    let description = chance(rng, 0.85)
        .then(|| describe(ctx, &latent, occ, esco, city_name.unwrap_or("吉林省"), rng));
    let record = PostingRecord {
        id: format!("P{:06}", index + 1),
        title,
        description,
        occupation,
        skills: written_skills,
        employer,
        location,
        remote: if remote {
            Some(true)
        } else {
            chance(rng, 0.1).then_some(false)
        },
        employment_type: chance(rng, 0.9).then_some(emp),
        salary,
        education: chance(rng, 0.7).then_some(edu_req),
        experience_years: chance(rng, 0.6).then_some(exp_req),
        openings,
        posted_at: chance(rng, 0.95).then(|| date(posted)),
        expires_at: chance(rng, 0.85).then(|| date(expires)),
        shifts,
        target_groups,
    };
    (latent, record)
}

fn latent_minor(code: &str) -> String {
    code.rsplit_once('-')
        .map(|x| x.0.to_string())
        .unwrap_or_else(|| code.to_string())
}

/// Quoted pay: monthly for most, hourly/daily/piece for part-time and gig work.
fn salary(code: &str, emp: EmpType, pay_month: f64, rng: &mut Rand) -> Salary {
    let period = match emp {
        EmpType::PartTime => {
            if chance(rng, 0.7) {
                Period::Hour
            } else {
                Period::Day
            }
        }
        EmpType::Gig => {
            if matches!(code, "4-10-08-01" | "4-02-07-08") && chance(rng, 0.5) {
                Period::Piece
            } else if chance(rng, 0.6) {
                Period::Day
            } else {
                Period::Hour
            }
        }
        EmpType::Internship | EmpType::Shared | EmpType::Flexible => {
            if chance(rng, 0.2) {
                Period::Day
            } else {
                Period::Month
            }
        }
        EmpType::FullTime => {
            if pay_month > 9000.0 && chance(rng, 0.15) {
                Period::Year
            } else {
                Period::Month
            }
        }
    };
    let top = pay_month / period.to_month();
    let (step, spread) = match period {
        Period::Hour => (1.0, uniform(rng, 1.0, 1.3)),
        Period::Day => (10.0, uniform(rng, 1.0, 1.4)),
        Period::Piece => (0.5, uniform(rng, 1.0, 1.5)),
        Period::Month => (100.0, uniform(rng, 1.15, 1.7)),
        Period::Year => (10000.0, uniform(rng, 1.1, 1.5)),
    };
    let max = ((top / step).round() * step).max(step);
    let min = (((top / spread) / step).round() * step).clamp(step, max);
    Salary {
        min: round_to(min, 2),
        max: round_to(max, 2),
        period,
    }
}

const COMPANIES: [&str; 10] = [
    "本公司",
    "我公司",
    "某汽车零部件企业",
    "本店",
    "某大型国企",
    "本单位",
    "某连锁品牌",
    "某物流公司",
    "某民营企业",
    "某医疗机构",
];
const BENEFITS: [&str; 8] = [
    "五险一金，带薪年假",
    "包吃住，月休四天",
    "缴纳社保，节日福利",
    "双休，法定节假日休息",
    "提供住宿，有班车",
    "工资按时发放，多劳多得",
    "提供免费技能培训",
    "日结工资，时间灵活",
];

fn describe(
    ctx: &PostingCtx<'_>,
    p: &LatentPosting,
    occ: usize,
    esco: Option<usize>,
    city: &str,
    rng: &mut Rand,
) -> String {
    let v = ctx.vocab;
    let o = &v.occs[occ];
    let skill_names: Vec<&str> = p
        .skills
        .iter()
        .take(4)
        .map(|&id| v.skills[id as usize].as_str())
        .collect();
    if let Some(e) = esco {
        let e = &v.esco[e];
        return format!(
            "We are hiring a {} in {}. Responsibilities include {}. Requirements: {} or above, {} years of experience, skills in {}.{}",
            e.name,
            if city == "长春市" {
                "Changchun"
            } else {
                "Jilin Province"
            },
            skill_names.first().copied().unwrap_or("day-to-day duties"),
            p.edu_req.en(),
            p.exp_req,
            skill_names.join(", "),
            if p.remote {
                " Remote work is possible."
            } else {
                ""
            }
        );
    }
    let company = COMPANIES[below(rng, COMPANIES.len())];
    let benefit = BENEFITS[below(rng, BENEFITS.len())];
    let exp = if p.exp_req > 0.0 {
        format!("{}年以上相关工作经验", p.exp_req)
    } else {
        "经验不限，可接受应届生".to_string()
    };
    let remote = if p.remote {
        "支持远程办公。"
    } else {
        ""
    };
    format!(
        "{company}因业务发展，招聘{}（{}）。岗位职责：{}。任职要求：{}及以上学历，{exp}；熟悉{}者优先。福利待遇：{benefit}。工作地点：{city}。{remote}",
        o.titles.first().map(String::as_str).unwrap_or(&o.name),
        p.emp.zh(),
        o.duty,
        p.edu_req.zh(),
        skill_names.join("、"),
    )
}
