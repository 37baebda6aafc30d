//! Rebuilds the derived vocabulary files in `vocab/` from the shared reference data.
//!
//! Usage: `cargo run -p jobmatch-datagen --example rebuild_vocab -- [REFERENCE_DIR]`
//! (default: `../shared/data/reference` relative to the workspace root).
//!
//! Reads `jilin/divisions.jsonl`, `china/provinces-cities.jsonl`, `occupations/cn-2022.jsonl`
//! and `occupations/esco-1.2-en.jsonl`; checks the hand-written `vocab/occupations.txt` and
//! `vocab/esco-map.txt` against them and writes `divisions.tsv`, `china-cities.tsv`,
//! `cn-groups.tsv` and `esco.tsv`. Output is deterministic (input order is kept).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn read_jsonl(path: &Path) -> Res<Vec<Value>> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Value =
            serde_json::from_str(line).map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))?;
        out.push(v);
    }
    Ok(out)
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

fn coord(v: &Value, k: &str) -> String {
    v.get(k)
        .and_then(Value::as_f64)
        .map(|x| format!("{x:.6}"))
        .unwrap_or_default()
}

fn clean(x: &str) -> String {
    x.replace(['\t', '\n', '|', ';'], " ").trim().to_string()
}

fn main() -> Res<()> {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let reference = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| crate_dir.join("../../../shared/data/reference"));
    let vocab = crate_dir.join("vocab");

    // Jilin divisions.
    let mut div = String::from("# code\tlevel\tparent\tname\tfull_name\tlat\tlon\n");
    for v in read_jsonl(&reference.join("jilin/divisions.jsonl"))? {
        writeln!(
            div,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            s(&v, "code"),
            s(&v, "level"),
            s(&v, "parent"),
            s(&v, "name"),
            s(&v, "full_name"),
            coord(&v, "lat"),
            coord(&v, "lon")
        )?;
    }
    fs::write(vocab.join("divisions.tsv"), div)?;

    // Other Chinese cities (with coordinates, outside Jilin).
    let mut cities = String::from("# code\tprovince\tname\tfull_name\tlat\tlon\n");
    let china = read_jsonl(&reference.join("china/provinces-cities.jsonl"))?;
    let provinces: BTreeMap<String, String> = china
        .iter()
        .filter(|v| s(v, "level") == "province")
        .map(|v| (s(v, "code").to_string(), s(v, "name").to_string()))
        .collect();
    for v in &china {
        let code = s(v, "code");
        if s(v, "level") != "city" || code.starts_with("22") || v.get("lat").is_none() {
            continue;
        }
        let prov = provinces.get(&code[..2]).map(String::as_str).unwrap_or("");
        writeln!(
            cities,
            "{code}\t{prov}\t{}\t{}\t{}\t{}",
            s(v, "name"),
            s(v, "full_name"),
            coord(v, "lat"),
            coord(v, "lon")
        )?;
    }
    fs::write(vocab.join("china-cities.tsv"), cities)?;

    // China 2022 classification: check curated rows, export the group names they need.
    let cn = read_jsonl(&reference.join("occupations/cn-2022.jsonl"))?;
    let cn_names: BTreeMap<String, String> = cn
        .iter()
        .map(|v| (s(v, "code").to_string(), s(v, "name").to_string()))
        .collect();
    let curated = fs::read_to_string(vocab.join("occupations.txt"))?;
    let mut needed: BTreeSet<String> = BTreeSet::new();
    let mut curated_codes = BTreeSet::new();
    for (i, line) in curated.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('|').collect();
        let (code, name) = (cols[0], cols.get(1).copied().unwrap_or(""));
        match cn_names.get(code) {
            Some(n) if n == name => {}
            Some(n) => {
                return Err(format!("occupations.txt:{}: {code} is {n}, not {name}", i + 1).into());
            }
            None => return Err(format!("occupations.txt:{}: unknown code {code}", i + 1).into()),
        }
        curated_codes.insert(code.to_string());
        let parts: Vec<&str> = code.split('-').collect();
        for k in 1..parts.len() {
            needed.insert(parts[..k].join("-"));
        }
    }
    let mut groups = String::from("# code\tname\n");
    for code in &needed {
        let name = cn_names
            .get(code)
            .ok_or_else(|| format!("missing group {code}"))?;
        writeln!(groups, "{code}\t{name}")?;
    }
    // Every major group, so statistics can name them all.
    for (code, name) in &cn_names {
        if !code.contains('-') && !needed.contains(code) {
            writeln!(groups, "{code}\t{name}")?;
        }
    }
    fs::write(vocab.join("cn-groups.tsv"), groups)?;

    // ESCO subset.
    let esco: BTreeMap<String, Value> =
        read_jsonl(&reference.join("occupations/esco-1.2-en.jsonl"))?
            .into_iter()
            .map(|v| (s(&v, "code").to_string(), v))
            .collect();
    let map = fs::read_to_string(vocab.join("esco-map.txt"))?;
    let mut out = String::from("# esco code\tname\tcn code\tweight\talt names (;)\tskills (;)\n");
    for (i, line) in map.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('|').collect();
        if cols.len() != 3 {
            return Err(format!("esco-map.txt:{}: expected 3 columns", i + 1).into());
        }
        let v = esco
            .get(cols[0])
            .ok_or_else(|| format!("esco-map.txt:{}: unknown ESCO code {}", i + 1, cols[0]))?;
        if !curated_codes.contains(cols[1]) {
            return Err(format!("esco-map.txt:{}: {} not curated", i + 1, cols[1]).into());
        }
        let list = |k: &str, n: usize| -> String {
            v.get(k)
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .filter(|x| x.len() <= 60)
                        .take(n)
                        .map(clean)
                        .collect::<Vec<_>>()
                        .join(";")
                })
                .unwrap_or_default()
        };
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}",
            cols[0],
            clean(s(v, "name")),
            cols[1],
            cols[2],
            list("alt_names", 6),
            list("skills", 16)
        )?;
    }
    fs::write(vocab.join("esco.tsv"), out)?;
    eprintln!("vocabulary rebuilt from {}", reference.display());
    Ok(())
}
