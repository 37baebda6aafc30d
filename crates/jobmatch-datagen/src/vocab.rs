//! The embedded vocabulary: occupations, skills, places, ESCO rows and spelling variants.
//!
//! Everything is compiled into the crate with `include_str!`, so the generator never needs
//! the shared reference data at run time (`examples/rebuild_vocab.rs` rebuilds the derived
//! files from it).

use std::collections::BTreeMap;

use crate::GenError;
use crate::model::Edu;

const OCCUPATIONS: &str = include_str!("../vocab/occupations.txt");
const ESCO: &str = include_str!("../vocab/esco.tsv");
const DIVISIONS: &str = include_str!("../vocab/divisions.tsv");
const CITIES: &str = include_str!("../vocab/china-cities.tsv");
const GROUPS: &str = include_str!("../vocab/cn-groups.tsv");
const VARIANTS: &str = include_str!("../vocab/variants.txt");

/// Occupation flags (what kinds of work are common for it).
pub(crate) mod flag {
    pub const REMOTE: u8 = 1;
    pub const GIG: u8 = 2;
    pub const PART_TIME: u8 = 4;
    pub const INTERN: u8 = 8;
    pub const FLEXIBLE: u8 = 16;
    pub const SHARED: u8 = 32;
    pub const SHIFTS: u8 = 64;
}

/// One curated occupation of China's 2022 classification.
#[derive(Debug, Clone)]
pub(crate) struct Occupation {
    pub code: String,
    pub name: String,
    pub weight: f64,
    /// Typical monthly pay in CNY in an average Jilin city.
    pub pay: f64,
    pub edu: Edu,
    pub exp: u8,
    pub flags: u8,
    pub titles: Vec<String>,
    /// Global skill ids.
    pub skills: Vec<u32>,
    pub duty: String,
}

/// One ESCO occupation used for English-language records.
#[derive(Debug, Clone)]
pub(crate) struct EscoOcc {
    pub code: String,
    pub name: String,
    /// Index of the curated Chinese occupation it corresponds to.
    pub cn: usize,
    pub weight: f64,
    pub titles: Vec<String>,
    pub skills: Vec<u32>,
}

/// Administrative level of a Jilin division.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    Province,
    City,
    County,
    Township,
}

/// One Jilin division row.
#[derive(Debug, Clone)]
pub(crate) struct Division {
    pub code: String,
    pub level: Level,
    pub parent: String,
    pub name: String,
    pub full_name: String,
    pub coord: Option<(f64, f64)>,
}

/// A city outside Jilin.
#[derive(Debug, Clone)]
pub(crate) struct OtherCity {
    pub code: String,
    pub full_name: String,
    pub lat: f64,
    pub lon: f64,
}

/// The parsed vocabulary.
#[derive(Debug)]
pub(crate) struct Vocab {
    pub occs: Vec<Occupation>,
    pub esco: Vec<EscoOcc>,
    /// Canonical skill names by id.
    pub skills: Vec<String>,
    /// Spelling variants by skill id (may be empty).
    pub variants: Vec<Vec<String>>,
    pub divisions: Vec<Division>,
    pub cities: Vec<OtherCity>,
    /// Names of classification groups and occupations by code.
    pub groups: BTreeMap<String, String>,
}

fn err(file: &'static str, line: usize, message: impl Into<String>) -> GenError {
    GenError::Vocab {
        file,
        line,
        message: message.into(),
    }
}

fn rows(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
}

fn list(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

fn parse_f64(file: &'static str, line: usize, s: &str) -> Result<f64, GenError> {
    s.parse()
        .map_err(|_| err(file, line, format!("not a number: {s:?}")))
}

#[derive(Default)]
struct SkillTable {
    ids: BTreeMap<String, u32>,
    names: Vec<String>,
}

impl SkillTable {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.ids.insert(name.to_string(), id);
        self.names.push(name.to_string());
        id
    }
}

impl Vocab {
    /// Parses the embedded files.
    pub(crate) fn load() -> Result<Vocab, GenError> {
        let mut skills = SkillTable::default();
        let mut occs = Vec::new();
        let mut index = BTreeMap::new();
        for (line, row) in rows(OCCUPATIONS) {
            const F: &str = "occupations.txt";
            let c: Vec<&str> = row.split('|').collect();
            if c.len() != 10 {
                return Err(err(
                    F,
                    line,
                    format!("expected 10 columns, got {}", c.len()),
                ));
            }
            let code = c[0].to_string();
            let mut flags = 0;
            for ch in c[6].chars() {
                flags |= match ch {
                    'R' => flag::REMOTE,
                    'G' => flag::GIG,
                    'P' => flag::PART_TIME,
                    'I' => flag::INTERN,
                    'F' => flag::FLEXIBLE,
                    'S' => flag::SHARED,
                    'N' => flag::SHIFTS,
                    _ => return Err(err(F, line, format!("unknown flag {ch:?}"))),
                };
            }
            let skill_ids: Vec<u32> = list(c[8]).iter().map(|s| skills.id(s)).collect();
            let titles = list(c[7]);
            if titles.is_empty() || skill_ids.len() < 3 {
                return Err(err(F, line, "needs titles and at least 3 skills"));
            }
            index.insert(code.clone(), occs.len());
            occs.push(Occupation {
                code,
                name: c[1].to_string(),
                weight: parse_f64(F, line, c[2])?,
                pay: parse_f64(F, line, c[3])?,
                edu: Edu::parse(c[4]).ok_or_else(|| err(F, line, "bad education level"))?,
                exp: c[5].parse().map_err(|_| err(F, line, "bad years"))?,
                flags,
                titles,
                skills: skill_ids,
                duty: c[9].to_string(),
            });
        }
        let mut esco = Vec::new();
        for (line, row) in rows(ESCO) {
            const F: &str = "esco.tsv";
            let c: Vec<&str> = row.split('\t').collect();
            if c.len() != 6 {
                return Err(err(F, line, "expected 6 columns"));
            }
            let cn = *index
                .get(c[2])
                .ok_or_else(|| err(F, line, "unknown Chinese code"))?;
            let mut titles = vec![c[1].to_string()];
            titles.extend(list(c[4]));
            let skill_ids: Vec<u32> = list(c[5]).iter().map(|s| skills.id(s)).collect();
            if skill_ids.len() < 3 {
                return Err(err(F, line, "needs at least 3 skills"));
            }
            esco.push(EscoOcc {
                code: c[0].to_string(),
                name: c[1].to_string(),
                cn,
                weight: parse_f64(F, line, c[3])?,
                titles,
                skills: skill_ids,
            });
        }
        let mut variants = vec![Vec::new(); skills.names.len()];
        for (line, row) in rows(VARIANTS) {
            let Some((canon, vs)) = row.split_once('|') else {
                return Err(err("variants.txt", line, "expected canonical|variants"));
            };
            if let Some(&id) = skills.ids.get(canon) {
                variants[id as usize] = list(vs);
            }
        }
        let mut divisions = Vec::new();
        for (line, row) in rows(DIVISIONS) {
            const F: &str = "divisions.tsv";
            let c: Vec<&str> = row.split('\t').collect();
            if c.len() != 7 {
                return Err(err(F, line, "expected 7 columns"));
            }
            let level = match c[1] {
                "province" => Level::Province,
                "city" => Level::City,
                "county" => Level::County,
                "township" => Level::Township,
                _ => return Err(err(F, line, "unknown level")),
            };
            let coord = if c[5].is_empty() || c[6].is_empty() {
                None
            } else {
                Some((parse_f64(F, line, c[5])?, parse_f64(F, line, c[6])?))
            };
            divisions.push(Division {
                code: c[0].to_string(),
                level,
                parent: c[2].to_string(),
                name: c[3].to_string(),
                full_name: c[4].to_string(),
                coord,
            });
        }
        let mut cities = Vec::new();
        for (line, row) in rows(CITIES) {
            const F: &str = "china-cities.tsv";
            let c: Vec<&str> = row.split('\t').collect();
            if c.len() != 6 {
                return Err(err(F, line, "expected 6 columns"));
            }
            cities.push(OtherCity {
                code: c[0].to_string(),
                full_name: c[3].to_string(),
                lat: parse_f64(F, line, c[4])?,
                lon: parse_f64(F, line, c[5])?,
            });
        }
        let mut groups = BTreeMap::new();
        for (line, row) in rows(GROUPS) {
            let Some((code, name)) = row.split_once('\t') else {
                return Err(err("cn-groups.tsv", line, "expected code and name"));
            };
            groups.insert(code.to_string(), name.to_string());
        }
        for o in &occs {
            groups.insert(o.code.clone(), o.name.clone());
        }
        if occs.is_empty() || esco.is_empty() || divisions.is_empty() || cities.is_empty() {
            return Err(err("vocab", 0, "a vocabulary file is empty"));
        }
        Ok(Vocab {
            occs,
            esco,
            skills: skills.names,
            variants,
            divisions,
            cities,
            groups,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_vocabulary_loads() {
        let v = Vocab::load().expect("embedded vocabulary parses");
        assert_eq!(v.occs.len(), 162);
        assert_eq!(v.esco.len(), 50);
        assert_eq!(v.divisions.len(), 1154);
        assert!(v.cities.len() > 300);
        assert!(v.occs.iter().all(|o| (5..=12).contains(&o.skills.len())));
        assert!(v.occs.iter().all(|o| o.titles.len() >= 2));
        // Every major group of the classification has a name.
        for m in 1..=8 {
            assert!(v.groups.contains_key(&m.to_string()));
        }
        assert!(v.variants.iter().filter(|x| !x.is_empty()).count() > 30);
    }
}
