//! Generates a dataset and prints its statistics as Markdown.
//!
//! ```sh
//! cargo run --release -p jobmatch-datagen --example generate -- \
//!     --postings 3000 --seekers 5000 --seed 20261127 --out datasets/jilin-sample
//! ```
//!
//! Options: `--postings N`, `--seekers M`, `--seed S`, `--out DIR`, `--trainings T`,
//! `--markdown FILE` (also write the statistics tables to FILE).

use std::path::PathBuf;
use std::time::Instant;

use jobmatch_datagen::{GenConfig, generate};
use serde_json::Value;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn table(title: &str, counts: &Value, total: f64) -> String {
    let mut rows: Vec<(&String, u64)> = counts
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k, v.as_u64().unwrap_or(0)))
                .collect()
        })
        .unwrap_or_default();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut s = format!("| {title} | records | share |\n|---|---:|---:|\n");
    for (k, v) in rows {
        s += &format!(
            "| {k} | {v} | {:.1}% |\n",
            100.0 * v as f64 / total.max(1.0)
        );
    }
    s
}

fn shares(title: &str, m: &Value) -> String {
    let mut s = format!("| {title} | share missing |\n|---|---:|\n");
    for (k, v) in m.as_object().into_iter().flatten() {
        s += &format!("| `{k}` | {:.1}% |\n", 100.0 * v.as_f64().unwrap_or(0.0));
    }
    s
}

fn section(name: &str, v: &Value, group_key: &str) -> String {
    let n = v["count"].as_f64().unwrap_or(0.0);
    let mut s = format!("### {name} ({n} records)\n\n");
    s += &table("city (from `location.code`)", &v["by_city"], n);
    s += "\n";
    let major_src = if name == "Postings" {
        "`occupation`"
    } else {
        "first `desired.occupations` code"
    };
    s += &table(
        &format!("occupation major group (from {major_src})"),
        &v["by_major_group"],
        n,
    );
    s += "\n";
    s += &table("employment type", &v["by_employment_type"], n);
    s += "\n";
    s += &table(&format!("group ({group_key})"), &v[group_key], n);
    s += "\n";
    s += &shares("field", &v["missing_share"]);
    s += "\n";
    let mut extra: Vec<String> = Vec::new();
    for (k, x) in v.as_object().into_iter().flatten() {
        if let Some(k) = k.strip_suffix("_share")
            && k != "missing"
        {
            extra.push(format!("{k}: {:.1}%", 100.0 * x.as_f64().unwrap_or(0.0)));
        }
    }
    s += &format!("Other shares: {}.\n\n", extra.join(", "));
    s
}

fn main() -> Res<()> {
    let mut cfg = GenConfig::new(3000, 5000, 20261127);
    let mut out = PathBuf::from("datasets/jilin-sample");
    let mut markdown: Option<PathBuf> = None;
    let mut trainings: Option<usize> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--postings" => cfg.postings = val()?.parse()?,
            "--seekers" => cfg.seekers = val()?.parse()?,
            "--seed" => cfg.seed = val()?.parse()?,
            "--trainings" => trainings = Some(val()?.parse()?),
            "--out" => out = PathBuf::from(val()?),
            "--markdown" => markdown = Some(PathBuf::from(val()?)),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    cfg.trainings = trainings.unwrap_or_else(|| GenConfig::new(cfg.postings, 0, 0).trainings);
    let t = Instant::now();
    let stats = generate(&cfg, &out)?;
    eprintln!("{stats:?} in {:.1} s", t.elapsed().as_secs_f64());
    let v: Value = serde_json::from_str(&std::fs::read_to_string(out.join("stats.json"))?)?;
    let mut md = section("Postings", &v["postings"], "by_target_group");
    md += &section("Seekers", &v["seekers"], "by_group");
    for (name, key) in [
        ("seeker → posting", "qrels_postings"),
        ("posting → seeker", "qrels_seekers"),
    ] {
        let g = &v[key]["grades"];
        md += &format!(
            "Judgments {name}: grade 0: {}, 1: {}, 2: {}, 3: {}.\n\n",
            g["0"], g["1"], g["2"], g["3"]
        );
    }
    match markdown {
        Some(p) => std::fs::write(p, md)?,
        None => print!("{md}"),
    }
    Ok(())
}
