//! Supply and demand by region and occupation, for officials: where the
//! market is tight, and what the last push could not place.
//!
//! # What is counted
//! On the date of the statistics, from the snapshot's profiles (decoded from
//! the index):
//! * **postings** and **openings**: the postings live on that date (not
//!   expired, at least one opening), placed by their workplace's division code
//!   and their occupation code;
//! * **seekers**: every seeker, placed where they *want* to work (their first
//!   accepted region, else their home) and by what they want (their first
//!   desired occupation code, else their first past one);
//! * **ratio**: openings per seeker (`None` when no seeker wants the cell);
//!   above 1 the cell is short of people, below 1 short of jobs;
//! * from the last push (see [`LastPush`]): **unfilled**: live postings it
//!   pushed to no one; **unserved**: seekers it pushed nothing to.
//!
//! Every record falls in exactly one cell at each level, so the figures
//! reconcile: summed over the cities (or the counties) of the province and the
//! two catch-all rows — `(outside)` (another province) and `(unknown)` (no
//! code) — they equal the province total, and likewise over occupation groups.
//!
//! # Levels
//! Regions: `city` (4 digits) and `county` (6 digits; a record known only to
//! its city is in the county row `CCCC (county unknown)`). Occupations:
//! `major` and `middle` group: the first one and two segments of a code of
//! China's classification (`4`, `4-01`), or for ISCO/ESCO codes (which start
//! with four digits) `isco-N` and `isco-NN`.
//!
//! The output ([`MarketStats`]) has one row per (region level, region,
//! occupation level, occupation) with `all` as the occupation level for the
//! region's totals; [`MarketStats::to_csv`] and [`heatmap_html`] render it.

mod html;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use serde::Serialize;

pub use html::heatmap_html;

use crate::Snapshot;
use crate::error::{Error, Result};
use crate::model::Date;
use crate::normalise::codes::significant_division_code;
use crate::profile::{PostingProfile, SeekerProfile};

/// Label of records without a code.
pub const UNKNOWN: &str = "(unknown)";
/// Label of records in another province.
pub const OUTSIDE: &str = "(outside)";
/// The occupation key of a region's totals.
pub const ALL: &str = "(all)";

/// What the last push left: postings pushed to no one, seekers given nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LastPush {
    /// The push's date.
    pub date: Option<Date>,
    /// The output directory it was read from.
    pub dir: Option<String>,
    /// Live postings it pushed to no one.
    pub unfilled_postings: HashSet<String>,
    /// Seekers it pushed nothing to.
    pub unserved_seekers: HashSet<String>,
}

impl LastPush {
    /// Reads a push output directory: `postings.tsv` (postings with
    /// `pushed = 0`) and `pushes.jsonl` (seekers with an empty `pushes` list).
    ///
    /// # Errors
    /// [`Error::Io`] when a file is missing or unreadable,
    /// [`Error::InvalidRecord`] naming the file and line when a line is malformed.
    pub fn read_dir(dir: &Path) -> Result<LastPush> {
        let tsv = dir.join("postings.tsv");
        let text = std::fs::read_to_string(&tsv).map_err(|e| Error::io(&tsv, e))?;
        let bad = |path: &Path, line: usize, field: &str, message: &str| Error::InvalidRecord {
            location: crate::InputLocation {
                source: path.display().to_string(),
                line: line as u64,
                field: field.to_string(),
            },
            message: message.to_string(),
        };
        let mut unfilled = HashSet::new();
        for (i, line) in text.lines().enumerate() {
            if i == 0 {
                if !line.starts_with("posting\t") {
                    return Err(bad(
                        &tsv,
                        1,
                        "",
                        "expected the header of a push's postings.tsv",
                    ));
                }
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 4 {
                return Err(bad(&tsv, i + 1, "", "expected 4 tab-separated columns"));
            }
            let pushed: u64 = f[3]
                .parse()
                .map_err(|_| bad(&tsv, i + 1, "pushed", "expected a number"))?;
            if pushed == 0 {
                unfilled.insert(f[0].to_string());
            }
        }
        let jsonl = dir.join("pushes.jsonl");
        let file = std::fs::File::open(&jsonl).map_err(|e| Error::io(&jsonl, e))?;
        let mut unserved = HashSet::new();
        use std::io::BufRead;
        for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line = line.map_err(|e| Error::io(&jsonl, e))?;
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(&line)
                .map_err(|_| bad(&jsonl, i + 1, "", "malformed JSON"))?;
            let seeker = v
                .get("seeker")
                .and_then(serde_json::Value::as_str)
                .ok_or_else(|| bad(&jsonl, i + 1, "seeker", "expected a string"))?;
            let pushes = v
                .get("pushes")
                .and_then(serde_json::Value::as_array)
                .ok_or_else(|| bad(&jsonl, i + 1, "pushes", "expected an array"))?;
            if pushes.is_empty() {
                unserved.insert(seeker.to_string());
            }
        }
        Ok(LastPush {
            date: None,
            dir: Some(dir.display().to_string()),
            unfilled_postings: unfilled,
            unserved_seekers: unserved,
        })
    }

    /// The output directory of the latest finished push recorded in a work
    /// directory's history (the merged output for a sharded run), read with
    /// [`LastPush::read_dir`]. `None` when no push has finished.
    ///
    /// # Errors
    /// As [`LastPush::read_dir`], or a damaged history.
    pub fn latest(work: &crate::push::WorkDir) -> Result<Option<LastPush>> {
        let records = crate::push::read_history(&work.history_dir())?;
        let Some(last) = records.iter().map(|r| r.date).max() else {
            return Ok(None);
        };
        let sharded = records
            .iter()
            .any(|r| r.date == last && r.shard.is_sharded());
        let dir = if sharded {
            work.merged_dir(last)
        } else {
            work.out_dir(last, crate::push::Shard::ALL)
        };
        let mut push = LastPush::read_dir(&dir)?;
        push.date = Some(last);
        Ok(Some(push))
    }
}

/// Region key of a division code at a level (4 = city, 6 = county).
pub fn region_key(code: Option<&str>, province: &str, digits: usize) -> String {
    let Some(code) = code
        .map(significant_division_code)
        .filter(|c| !c.is_empty())
    else {
        return UNKNOWN.to_string();
    };
    if !code.starts_with(province) {
        return OUTSIDE.to_string();
    }
    if code.len() >= digits {
        code[..digits].to_string()
    } else if digits > 4 && code.len() >= 4 {
        format!("{} (county unknown)", &code[..4])
    } else {
        format!("{code} (city unknown)")
    }
}

/// Occupation group key of a code: `major` (1 segment) or `middle` (2).
pub fn occupation_key(code: Option<&str>, middle: bool) -> String {
    let Some(code) = code.filter(|c| !c.is_empty()) else {
        return UNKNOWN.to_string();
    };
    if code.contains('-') || !code.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        let mut parts = code.split('-');
        let major = parts.next().unwrap_or_default();
        match (middle, parts.next()) {
            (false, _) => major.to_string(),
            (true, Some(m)) => format!("{major}-{m}"),
            (true, None) => format!("{major} (middle unknown)"),
        }
    } else {
        // ISCO / ESCO: digits, then `.` and more.
        let digits: String = code.chars().take_while(char::is_ascii_digit).collect();
        let n = if middle { 2 } else { 1 };
        if digits.len() >= n {
            format!("isco-{}", &digits[..n])
        } else {
            format!("isco-{digits} (middle unknown)")
        }
    }
}

/// The place and occupation a seeker is counted under.
pub fn seeker_cell_codes(s: &SeekerProfile) -> (Option<&str>, Option<&str>) {
    let region = s
        .regions
        .first()
        .map(String::as_str)
        .or(s.division.as_deref());
    let occupation = s
        .desired_occupations
        .first()
        .or_else(|| s.past_occupations.first().map(|(c, _)| c))
        .map(String::as_str);
    (region, occupation)
}

/// The figures of one cell.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Cell {
    /// Live postings.
    pub postings: u64,
    /// Their openings.
    pub openings: u64,
    /// Seekers wanting work there.
    pub seekers: u64,
    /// Openings per seeker (`None` without seekers).
    pub ratio: Option<f64>,
    /// Live postings the last push sent to no one.
    pub unfilled_postings: u64,
    /// Seekers the last push gave nothing.
    pub unserved_seekers: u64,
}

impl Cell {
    fn add(&mut self, other: &Cell) {
        self.postings += other.postings;
        self.openings += other.openings;
        self.seekers += other.seekers;
        self.unfilled_postings += other.unfilled_postings;
        self.unserved_seekers += other.unserved_seekers;
    }

    fn finish(&mut self) {
        self.ratio = (self.seekers > 0).then(|| self.openings as f64 / self.seekers as f64);
    }
}

/// One row of the statistics.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// `province`, `city` or `county`.
    pub region_level: &'static str,
    /// Division code, or a catch-all label.
    pub region: String,
    /// Display name, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region_name: Option<String>,
    /// `all`, `major` or `middle`.
    pub occupation_level: &'static str,
    /// Group code, a catch-all label, or [`ALL`].
    pub occupation: String,
    /// Display name, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occupation_name: Option<String>,
    /// The figures.
    #[serde(flatten)]
    pub cell: Cell,
}

/// Supply and demand statistics.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarketStats {
    /// The date postings were judged live on.
    pub as_of: Date,
    /// The province code.
    pub province: String,
    /// The last push used (`None`: no push found; its columns are 0).
    pub last_push: Option<LastPushInfo>,
    /// Postings in the index not live on the date (not counted).
    pub postings_not_live: u64,
    /// Every record, whatever its place: the province total including the
    /// `(outside)` and `(unknown)` rows.
    pub total: Cell,
    /// Rows: region level (province, city, county) × occupation level (all,
    /// major, middle), regions and occupations in key order.
    pub rows: Vec<Row>,
}

/// Which push the statistics used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LastPushInfo {
    /// Its date, when read from a history.
    pub date: Option<Date>,
    /// Its output directory.
    pub dir: Option<String>,
}

/// Names for codes in the output (regions and occupation groups).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    /// Division code → name.
    pub regions: BTreeMap<String, String>,
    /// Occupation group code → name.
    pub occupations: BTreeMap<String, String>,
}

impl Names {
    /// Occupation group names from a taxonomy (major and middle groups).
    pub fn with_taxonomy(mut self, taxonomy: &crate::classify::Taxonomy) -> Names {
        for o in taxonomy.occupations() {
            if !o.code.contains('-') || o.code.matches('-').count() == 1 {
                self.occupations.insert(o.code.clone(), o.name.clone());
            }
        }
        self
    }

    /// Region names taken from the postings whose place is exactly a county or
    /// city code (their `location.name`), with the province's common prefix
    /// removed; a city without such a posting is named after the common prefix
    /// of its counties' names.
    pub fn with_posting_places<'a>(
        mut self,
        postings: impl IntoIterator<Item = &'a PostingProfile>,
    ) -> Names {
        let mut full: BTreeMap<String, String> = BTreeMap::new();
        for p in postings {
            if let (Some(code), Some(name)) = (&p.division, &p.place_name)
                && (code.len() == 4 || code.len() == 6)
            {
                full.entry(code.clone()).or_insert_with(|| name.clone());
            }
        }
        let prefix = common_prefix(full.values().map(String::as_str));
        let mut by_city: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (code, name) in &full {
            if code.len() == 6 {
                by_city
                    .entry(code[..4].to_string())
                    .or_default()
                    .push(name.clone());
            }
        }
        for (city, names) in by_city {
            if names.len() >= 2 && !full.contains_key(&city) {
                let lcp = common_prefix(names.iter().map(String::as_str));
                let cut = lcp
                    .char_indices()
                    .rfind(|(_, c)| matches!(c, '市' | '州' | '盟'))
                    .map(|(i, c)| i + c.len_utf8());
                if let Some(end) = cut {
                    full.insert(city, lcp[..end].to_string());
                }
            }
        }
        for (code, name) in full {
            let short = name.strip_prefix(prefix.as_str()).unwrap_or(&name);
            if !short.is_empty() {
                self.regions
                    .entry(code)
                    .or_insert_with(|| short.to_string());
            }
        }
        self
    }
}

fn common_prefix<'a>(mut names: impl Iterator<Item = &'a str>) -> String {
    let Some(first) = names.next() else {
        return String::new();
    };
    let mut prefix: &str = first;
    for n in names {
        let end = prefix
            .char_indices()
            .zip(n.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8());
        prefix = &prefix[..end];
    }
    prefix.to_string()
}

/// Computes the statistics on `as_of` for the divisions under `province`.
pub fn market_stats(
    snapshot: &Snapshot,
    as_of: Date,
    province: &str,
    last_push: Option<&LastPush>,
    names: &Names,
) -> MarketStats {
    compute(
        snapshot.posting_profiles(),
        snapshot.seeker_profiles(),
        as_of,
        province,
        last_push,
        names,
    )
}

type Key = (&'static str, String, &'static str, String);

pub(crate) fn compute(
    postings: &[std::sync::Arc<PostingProfile>],
    seekers: &[std::sync::Arc<SeekerProfile>],
    as_of: Date,
    province: &str,
    last_push: Option<&LastPush>,
    names: &Names,
) -> MarketStats {
    let mut cells: BTreeMap<Key, Cell> = BTreeMap::new();
    let mut total = Cell::default();
    let mut not_live = 0u64;
    let mut add = |region: Option<&str>, occupation: Option<&str>, one: &Cell| {
        let regions = [
            ("province", province_key(region, province)),
            ("city", region_key(region, province, 4)),
            ("county", region_key(region, province, 6)),
        ];
        let occupations = [
            ("all", ALL.to_string()),
            ("major", occupation_key(occupation, false)),
            ("middle", occupation_key(occupation, true)),
        ];
        for (rl, r) in &regions {
            for (ol, o) in &occupations {
                cells
                    .entry((rl, r.clone(), ol, o.clone()))
                    .or_default()
                    .add(one);
            }
        }
    };
    for p in postings {
        if !p.is_live_on(as_of) {
            not_live += 1;
            continue;
        }
        let one = Cell {
            postings: 1,
            openings: u64::from(p.openings),
            unfilled_postings: u64::from(
                last_push.is_some_and(|l| l.unfilled_postings.contains(&p.id)),
            ),
            ..Cell::default()
        };
        total.add(&one);
        add(p.division.as_deref(), p.occupation.as_deref(), &one);
    }
    for s in seekers {
        let (region, occupation) = seeker_cell_codes(s);
        let one = Cell {
            seekers: 1,
            unserved_seekers: u64::from(
                last_push.is_some_and(|l| l.unserved_seekers.contains(&s.id)),
            ),
            ..Cell::default()
        };
        total.add(&one);
        add(region, occupation, &one);
    }
    total.finish();
    let rows = cells
        .into_iter()
        .map(|((rl, r, ol, o), mut cell)| {
            cell.finish();
            Row {
                region_level: rl,
                region_name: names.regions.get(&r).cloned(),
                region: r,
                occupation_level: ol,
                occupation_name: names.occupations.get(&o).cloned(),
                occupation: o,
                cell,
            }
        })
        .collect();
    MarketStats {
        as_of,
        province: province.to_string(),
        last_push: last_push.map(|l| LastPushInfo {
            date: l.date,
            dir: l.dir.clone(),
        }),
        postings_not_live: not_live,
        total,
        rows,
    }
}

fn province_key(region: Option<&str>, province: &str) -> String {
    match region
        .map(significant_division_code)
        .filter(|c| !c.is_empty())
    {
        None => UNKNOWN.to_string(),
        Some(c) if c.starts_with(province) => province.to_string(),
        Some(_) => OUTSIDE.to_string(),
    }
}

impl MarketStats {
    /// The rows at one region level and occupation level.
    pub fn rows_at<'a>(
        &'a self,
        region_level: &'a str,
        occupation_level: &'a str,
    ) -> impl Iterator<Item = &'a Row> + 'a {
        self.rows.iter().filter(move |r| {
            r.region_level == region_level && r.occupation_level == occupation_level
        })
    }

    /// CSV with a header line: `region_level,region,region_name,occupation_level,
    /// occupation,occupation_name,postings,openings,seekers,ratio,
    /// unfilled_postings,unserved_seekers` (ratio empty when undefined).
    pub fn to_csv(&self) -> String {
        let mut out = String::from(
            "region_level,region,region_name,occupation_level,occupation,occupation_name,postings,openings,seekers,ratio,unfilled_postings,unserved_seekers\n",
        );
        for r in &self.rows {
            let c = &r.cell;
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{},{},{},{},{}\n",
                r.region_level,
                csv_field(&r.region),
                csv_field(r.region_name.as_deref().unwrap_or("")),
                r.occupation_level,
                csv_field(&r.occupation),
                csv_field(r.occupation_name.as_deref().unwrap_or("")),
                c.postings,
                c.openings,
                c.seekers,
                c.ratio.map(|x| format!("{x:.3}")).unwrap_or_default(),
                c.unfilled_postings,
                c.unserved_seekers
            ));
        }
        out
    }

    /// A compact text table of one region level against the totals.
    pub fn table(&self, region_level: &str) -> String {
        let mut out = format!(
            "{} {:>8} {:>9} {:>8} {:>7} {:>9} {:>9}\n",
            pad("region", 30),
            "postings",
            "openings",
            "seekers",
            "ratio",
            "unfilled",
            "unserved"
        );
        let line = |label: &str, c: &Cell| {
            format!(
                "{} {:>8} {:>9} {:>8} {:>7} {:>9} {:>9}\n",
                pad(label, 30),
                c.postings,
                c.openings,
                c.seekers,
                c.ratio.map_or("-".to_string(), |x| format!("{x:.2}")),
                c.unfilled_postings,
                c.unserved_seekers
            )
        };
        for r in self.rows_at(region_level, "all") {
            let label = match &r.region_name {
                Some(n) => format!("{} {}", r.region, n),
                None => r.region.clone(),
            };
            out.push_str(&line(&label, &r.cell));
        }
        out.push_str(&line("total", &self.total));
        out
    }

    /// The distinct keys at one region level, in order.
    pub fn regions(&self, region_level: &str) -> BTreeSet<&str> {
        self.rows
            .iter()
            .filter(|r| r.region_level == region_level)
            .map(|r| r.region.as_str())
            .collect()
    }
}

/// `text` padded with spaces to `width` terminal columns (CJK characters take two).
pub(crate) fn pad(text: &str, width: usize) -> String {
    let used: usize = text
        .chars()
        .map(|c| {
            if crate::normalise::text::is_cjk(c)
                || ('\u{3000}'..='\u{30ff}').contains(&c)
                || ('\u{ff00}'..='\u{ff60}').contains(&c)
            {
                2
            } else {
                1
            }
        })
        .sum();
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}
