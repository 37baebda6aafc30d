//! Surface forms: spelling variants of skills and titles, dates and date-times.

use chrono::{Duration, NaiveDate};

use crate::rng::{Rand, below, pick};
use crate::vocab::Vocab;

/// ASCII letters and digits to full-width forms (as typed with a Chinese IME).
pub(crate) fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

/// A written form of a skill: mostly canonical, sometimes a synonym, full-width or spaced.
pub(crate) fn skill_form(v: &Vocab, id: u32, rng: &mut Rand) -> String {
    let canon = &v.skills[id as usize];
    let variants = &v.variants[id as usize];
    let x = below(rng, 100);
    if x < 14 && !variants.is_empty() {
        pick(rng, variants)
            .cloned()
            .unwrap_or_else(|| canon.clone())
    } else if x < 17 && canon.is_ascii() {
        full_width(canon)
    } else if x < 19 {
        format!(" {canon} ")
    } else if x < 20 && canon.is_ascii() {
        canon.to_lowercase()
    } else {
        canon.clone()
    }
}

const PREFIXES: [&str; 6] = ["急招", "高薪诚聘", "诚聘", "招聘", "【急聘】", "直招"];
const SUFFIXES: [&str; 9] = [
    "（五险一金）",
    "(包吃住)",
    "（双休）",
    "-长白班",
    "（可实习）",
    " 月入过万",
    "（日结）",
    "/周结",
    "（有经验优先）",
];

/// A written form of a Chinese job title: decorations, brackets and spaces as on job boards.
pub(crate) fn title_form(title: &str, city: Option<&str>, rng: &mut Rand) -> String {
    let mut t = title.to_string();
    let x = below(rng, 100);
    if x < 10 {
        t = format!("{}{t}", PREFIXES[below(rng, PREFIXES.len())]);
    } else if x < 20 {
        t = format!("{t}{}", SUFFIXES[below(rng, SUFFIXES.len())]);
    } else if x < 25 {
        if let Some(c) = city {
            t = format!("【{}】{t}", c.trim_end_matches('市'));
        }
    } else if x < 28 {
        t = format!(" {t} ");
    } else if x < 30 {
        t = full_width(&t);
    }
    t
}

/// An English title form: case variants and occasional noise.
pub(crate) fn title_form_en(title: &str, rng: &mut Rand) -> String {
    let x = below(rng, 100);
    if x < 40 {
        let mut c = title.chars();
        match c.next() {
            Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
            None => String::new(),
        }
    } else if x < 50 {
        title
            .split(' ')
            .map(|w| {
                let mut c = w.chars();
                match c.next() {
                    Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                    None => String::new(),
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    } else if x < 55 {
        format!("{title} (m/f)")
    } else if x < 60 {
        format!("Senior {title}")
    } else {
        title.to_string()
    }
}

/// `YYYY-MM-DD`.
pub(crate) fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// RFC 3339 date-time at +08:00: `day` days after `base`, at `minutes` after midnight.
pub(crate) fn datetime(base: NaiveDate, day: i64, minutes: u32) -> String {
    let d = base + Duration::days(day);
    format!(
        "{}T{:02}:{:02}:00+08:00",
        d.format("%Y-%m-%d"),
        (minutes / 60).min(23),
        minutes % 60
    )
}

/// A random time window of `hours` hours within the two weeks after `base`.
pub(crate) fn window(
    base: NaiveDate,
    rng: &mut Rand,
    starts: &[u32],
    hours: u32,
) -> (String, String) {
    let day = 1 + below(rng, 14) as i64;
    let start = starts.get(below(rng, starts.len())).copied().unwrap_or(8);
    let end = start + hours;
    let (end_day, end_hour) = if end >= 24 {
        (day + 1, end - 24)
    } else {
        (day, end)
    };
    (
        datetime(base, day, start * 60),
        datetime(base, end_day, end_hour * 60),
    )
}
