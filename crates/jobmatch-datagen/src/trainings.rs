//! A plausible catalogue of vocational training courses.

use crate::model::{Location, TrainingRecord};
use crate::places::Places;
use crate::rng::{Rand, Weighted, below, chance, choose_k, round_to};
use crate::vocab::Vocab;

const KINDS: [&str; 6] = [
    "技能提升培训班",
    "职业技能培训",
    "岗前培训",
    "等级证书培训",
    "创业培训（SYB）",
    "订单式培训",
];

/// Draws training course `index` (0-based).
pub(crate) fn draw(
    v: &Vocab,
    places: &Places,
    occ_w: &Weighted,
    index: usize,
    rng: &mut Rand,
) -> TrainingRecord {
    let o = &v.occs[occ_w.sample(rng)];
    let n = (2 + below(rng, 4)).min(o.skills.len());
    let mut skills: Vec<String> = choose_k(rng, o.skills.len(), n)
        .into_iter()
        .map(|i| v.skills[o.skills[i] as usize].clone())
        .collect();
    skills.sort();
    let kind = KINDS[below(rng, KINDS.len())];
    let title = o.titles.first().map(String::as_str).unwrap_or(&o.name);
    let spot = places.workplace(rng);
    let s = &places.spots[spot];
    // Courses are held in a county seat or city: county-level code, unjittered point.
    let (code, name) = if s.is_township {
        (s.county.clone(), s.county_name.clone())
    } else {
        (s.code.clone(), s.name.clone())
    };
    let duration_days = [3, 5, 7, 10, 15, 20, 30, 45, 60, 90][below(rng, 10)];
    let subsidised = chance(rng, 0.6);
    let cost = if subsidised && chance(rng, 0.7) {
        0.0
    } else {
        round_to(
            (f64::from(duration_days) * (60.0 + below(rng, 120) as f64)).min(12000.0) / 100.0,
            0,
        ) * 100.0
    };
    TrainingRecord {
        id: format!("T{:05}", index + 1),
        name: format!("{title}{kind}"),
        skills,
        location: Location {
            code: Some(code),
            name: Some(name),
            lat: Some(round_to(s.lat, 6)),
            lon: Some(round_to(s.lon, 6)),
        },
        duration_days,
        cost,
        subsidised,
    }
}
