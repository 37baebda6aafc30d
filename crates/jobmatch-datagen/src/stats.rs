//! Statistics of a generated set (`stats.json`): records per city, per occupation major
//! group, per employment type and group, and the share of missing fields.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::model::{PostingRecord, SeekerRecord};
use crate::places::Places;
use crate::rng::round_to;
use crate::vocab::Vocab;

const MISSING: &str = "(missing)";

#[derive(Debug, Default)]
struct Counter(BTreeMap<String, u64>);

impl Counter {
    fn add(&mut self, k: impl Into<String>) {
        *self.0.entry(k.into()).or_default() += 1;
    }

    fn value(&self) -> Value {
        Value::Object(self.0.iter().map(|(k, v)| (k.clone(), json!(v))).collect())
    }
}

#[derive(Debug, Default)]
struct Section {
    count: u64,
    by_city: Counter,
    by_major_group: Counter,
    by_employment_type: Counter,
    by_group: Counter,
    present: BTreeMap<&'static str, u64>,
    extra: BTreeMap<&'static str, u64>,
}

impl Section {
    fn has(&mut self, field: &'static str, present: bool) {
        let e = self.present.entry(field).or_default();
        if present {
            *e += 1;
        }
    }

    fn value(&self, group_key: &str) -> Value {
        let n = self.count.max(1) as f64;
        let missing: Map<String, Value> = self
            .present
            .iter()
            .map(|(k, v)| (k.to_string(), json!(round_to(1.0 - *v as f64 / n, 4))))
            .collect();
        let mut m = Map::new();
        m.insert("count".into(), json!(self.count));
        m.insert("by_city".into(), self.by_city.value());
        m.insert("by_major_group".into(), self.by_major_group.value());
        m.insert("by_employment_type".into(), self.by_employment_type.value());
        m.insert(group_key.into(), self.by_group.value());
        m.insert("missing_share".into(), Value::Object(missing));
        for (k, v) in &self.extra {
            m.insert(format!("{k}_share"), json!(round_to(*v as f64 / n, 4)));
        }
        Value::Object(m)
    }
}

/// Accumulates statistics while records stream past.
#[derive(Debug, Default)]
pub(crate) struct Stats {
    postings: Section,
    seekers: Section,
    trainings: u64,
    grades_postings: [u64; 4],
    grades_seekers: [u64; 4],
}

fn city_label(places: &Places, code: Option<&str>) -> String {
    match code {
        None => MISSING.to_string(),
        Some(c) if c.starts_with("22") && c.len() >= 4 => {
            let city = &c[..4];
            let name = places
                .city_names
                .get(city)
                .map(String::as_str)
                .unwrap_or("?");
            format!("{city} {name}")
        }
        Some(_) => "elsewhere in China".to_string(),
    }
}

fn major_label(v: &Vocab, code: Option<&str>) -> String {
    match code {
        None => MISSING.to_string(),
        Some(c) if c.contains('.') || !c.contains('-') && c.len() > 1 => {
            "ESCO (English)".to_string()
        }
        Some(c) => {
            let major = c.split('-').next().unwrap_or(c);
            let name = v.groups.get(major).map(String::as_str).unwrap_or("?");
            format!("{major} {name}")
        }
    }
}

impl Stats {
    pub(crate) fn posting(
        &mut self,
        v: &Vocab,
        places: &Places,
        r: &PostingRecord,
        expired: bool,
        english: bool,
    ) {
        let s = &mut self.postings;
        s.count += 1;
        s.by_city.add(city_label(
            places,
            r.location.as_ref().and_then(|l| l.code.as_deref()),
        ));
        s.by_major_group
            .add(major_label(v, r.occupation.as_deref()));
        s.by_employment_type
            .add(r.employment_type.map(|e| e.as_str()).unwrap_or(MISSING));
        for g in r.target_groups.iter().flatten() {
            s.by_group.add(g.as_str());
        }
        s.has("description", r.description.is_some());
        s.has("occupation", r.occupation.is_some());
        s.has("skills", r.skills.is_some());
        s.has("employer", r.employer.is_some());
        s.has("location", r.location.is_some());
        s.has(
            "location.lat_lon",
            r.location.as_ref().is_some_and(|l| l.lat.is_some()),
        );
        s.has("employment_type", r.employment_type.is_some());
        s.has("salary", r.salary.is_some());
        s.has("education", r.education.is_some());
        s.has("experience_years", r.experience_years.is_some());
        s.has("openings", r.openings.is_some());
        s.has("posted_at", r.posted_at.is_some());
        s.has("expires_at", r.expires_at.is_some());
        *s.extra.entry("expired").or_default() += u64::from(expired);
        *s.extra.entry("english").or_default() += u64::from(english);
        *s.extra.entry("remote").or_default() += u64::from(r.remote == Some(true));
        *s.extra.entry("with_shifts").or_default() += u64::from(r.shifts.is_some());
        *s.extra.entry("with_target_groups").or_default() += u64::from(r.target_groups.is_some());
    }

    pub(crate) fn seeker(&mut self, v: &Vocab, places: &Places, r: &SeekerRecord, english: bool) {
        let s = &mut self.seekers;
        s.count += 1;
        s.by_city.add(city_label(
            places,
            r.location.as_ref().and_then(|l| l.code.as_deref()),
        ));
        let d = r.desired.as_ref();
        let occ = d
            .and_then(|d| d.occupations.as_ref())
            .and_then(|o| o.first())
            .map(String::as_str);
        s.by_major_group.add(major_label(v, occ));
        match d.and_then(|d| d.employment_types.as_ref()) {
            Some(ts) => ts.iter().for_each(|t| s.by_employment_type.add(t.as_str())),
            None => s.by_employment_type.add(MISSING),
        }
        match &r.groups {
            Some(gs) => gs.iter().for_each(|g| s.by_group.add(g.as_str())),
            None => s.by_group.add("(none stated)"),
        }
        s.has("summary", r.summary.is_some());
        s.has("skills", r.skills.is_some());
        s.has("experience", r.experience.is_some());
        s.has("desired", d.is_some());
        s.has(
            "desired.occupations",
            d.is_some_and(|d| d.occupations.is_some()),
        );
        s.has(
            "desired.salary_min",
            d.is_some_and(|d| d.salary_min.is_some()),
        );
        s.has("location", r.location.is_some());
        s.has(
            "location.lat_lon",
            r.location.as_ref().is_some_and(|l| l.lat.is_some()),
        );
        s.has("education", r.education.is_some());
        s.has("experience_years", r.experience_years.is_some());
        *s.extra.entry("english").or_default() += u64::from(english);
        *s.extra.entry("with_availability").or_default() += u64::from(r.availability.is_some());
        *s.extra.entry("with_personal_fields").or_default() += u64::from(r.name.is_some());
    }

    pub(crate) fn training(&mut self) {
        self.trainings += 1;
    }

    pub(crate) fn grade_posting(&mut self, g: u8) {
        self.grades_postings[usize::from(g.min(3))] += 1;
    }

    pub(crate) fn grade_seeker(&mut self, g: u8) {
        self.grades_seekers[usize::from(g.min(3))] += 1;
    }

    pub(crate) fn to_json(&self) -> Value {
        let grades = |g: &[u64; 4]| json!({"0": g[0], "1": g[1], "2": g[2], "3": g[3]});
        json!({
            "postings": self.postings.value("by_target_group"),
            "seekers": self.seekers.value("by_group"),
            "trainings": {"count": self.trainings},
            "qrels_postings": {"grades": grades(&self.grades_postings)},
            "qrels_seekers": {"grades": grades(&self.grades_seekers)},
        })
    }
}
