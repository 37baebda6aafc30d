//! Occupation-classifier benchmark (issue 6): held-out ESCO alternative names
//! and hand-labelled Chinese employer titles, against a BM25 baseline over the
//! names alone; plus throughput on one core and a calibration table.
//!
//! ```sh
//! CARGO_TARGET_DIR=/work/target-classify cargo run --release -p jobmatch --example classify_bench
//! ```
//!
//! Needs only the repository: the shipped taxonomies and
//! `datasets/classify-bench/cn-titles.tsv`.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Instant;

use jobmatch::analysis::stable_hash;
use jobmatch::classify::accuracy::{LevelAccuracy, accuracy};
use jobmatch::classify::{Classifier, ClassifierOptions, Prediction, Shipped, Taxonomy};

/// ESCO occupations sampled, and alternative names held out of each.
const ESCO_SAMPLE: usize = 400;
const HELD_OUT_PER_OCCUPATION: usize = 2;
const SEED: &str = "classify-bench-2026";

/// One row of the table: set, method, classifier, titles, gold codes.
type BenchRun<'a> = (&'a str, &'a str, Classifier, &'a [String], &'a [String]);

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../datasets/classify-bench");

    // --- (a) ESCO held-out alternative names.
    let esco = Shipped::Esco.load()?;
    let mut sampled: Vec<(u64, &str)> = esco
        .occupations()
        .iter()
        .filter(|o| !o.alt_names.is_empty())
        .map(|o| (stable_hash(&format!("{SEED}:{}", o.code)), o.code.as_str()))
        .collect();
    sampled.sort();
    let mut held: Vec<(String, String)> = Vec::new(); // (name, code)
    let mut held_set: BTreeSet<(String, String)> = BTreeSet::new();
    for &(_, code) in sampled.iter().take(ESCO_SAMPLE) {
        let Some(o) = esco.get(code) else { continue };
        let mut alts: Vec<(u64, &String)> = o
            .alt_names
            .iter()
            .map(|a| (stable_hash(&format!("{SEED}:{code}:{a}")), a))
            .collect();
        alts.sort();
        for (_, a) in alts.into_iter().take(HELD_OUT_PER_OCCUPATION) {
            held.push((a.clone(), code.to_string()));
            held_set.insert((code.to_string(), a.clone()));
        }
    }
    let mut esco_seen = esco.clone();
    esco_seen
        .retain_alt_names(|code, name| !held_set.contains(&(code.to_string(), name.to_string())));
    let esco_titles: Vec<String> = held.iter().map(|h| h.0.clone()).collect();
    let esco_gold: Vec<String> = held.iter().map(|h| h.1.clone()).collect();

    // --- (b) Chinese employer titles.
    let tsv = std::fs::read_to_string(format!("{root}/cn-titles.tsv"))?;
    let mut cn_titles = Vec::new();
    let mut cn_gold = Vec::new();
    for line in tsv
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (title, code) = line.split_once('\t').ok_or("bad line in cn-titles.tsv")?;
        cn_titles.push(title.to_string());
        cn_gold.push(code.trim().to_string());
    }
    let cn = Shipped::Cn2022.load()?;
    let cn_plain = Shipped::Cn2022Plain.load()?;
    let alias_keys: BTreeSet<String> = cn
        .occupations()
        .iter()
        .flat_map(|o| o.aliases.iter().chain(std::iter::once(&o.name)))
        .map(|a| jobmatch::classify::text::match_key(a))
        .collect();
    let exact_in_taxonomy = cn_titles
        .iter()
        .filter(|t| {
            let clean = jobmatch::classify::text::clean_title(t);
            clean
                .parts
                .iter()
                .chain(std::iter::once(&clean.text))
                .any(|p| alias_keys.contains(&jobmatch::classify::text::match_key(p)))
        })
        .count();

    let build =
        |t: &Taxonomy, o: ClassifierOptions| Classifier::with_options(Arc::new(t.clone()), o);
    let baseline = ClassifierOptions::bm25_names_baseline();
    let full = ClassifierOptions::default();

    let runs: Vec<BenchRun<'_>> = vec![
        (
            "ESCO held-out alt names",
            "BM25, names only",
            build(&esco_seen.names_only(), baseline)?,
            &esco_titles,
            &esco_gold,
        ),
        (
            "ESCO held-out alt names",
            "jobmatch classifier",
            build(&esco_seen, full)?,
            &esco_titles,
            &esco_gold,
        ),
        (
            "Chinese employer titles",
            "BM25, names only",
            build(&cn_plain.names_only(), baseline)?,
            &cn_titles,
            &cn_gold,
        ),
        (
            "Chinese employer titles",
            "classifier, no aliases",
            build(&cn_plain, full)?,
            &cn_titles,
            &cn_gold,
        ),
        (
            "Chinese employer titles",
            "jobmatch classifier",
            build(&cn, full)?,
            &cn_titles,
            &cn_gold,
        ),
    ];

    println!(
        "ESCO: {} occupations sampled (seed {SEED:?}), {} alternative names held out",
        ESCO_SAMPLE,
        esco_titles.len()
    );
    println!(
        "Chinese: {} titles, {} of which equal a name or alias after cleaning\n",
        cn_titles.len(),
        exact_in_taxonomy
    );
    println!("| set | method | n | exact @1 | exact @5 | level 1 @1 | level 2 @1 | level 3 @1 |");
    println!("|---|---|---:|---:|---:|---:|---:|---:|");
    let mut calibration: Vec<(f32, bool)> = Vec::new();
    for (set, method, classifier, titles, gold) in &runs {
        let predicted: Vec<Vec<Prediction>> = titles
            .iter()
            .map(|t| classifier.classify(t, None))
            .collect();
        let acc = accuracy(gold, &predicted);
        let get = |name: &str| acc.iter().find(|l| l.level == name).cloned();
        let fmt1 = |l: Option<LevelAccuracy>| l.map_or("-".into(), |l| format!("{:.3}", l.at1));
        let exact = get("exact").ok_or("no exact row")?;
        println!(
            "| {set} | {method} | {} | {:.3} | {:.3} | {} | {} | {} |",
            exact.n,
            exact.at1,
            exact.at5,
            fmt1(get("level 1")),
            fmt1(get("level 2")),
            fmt1(get("level 3")),
        );
        if *method == "jobmatch classifier" {
            for (p, g) in predicted.iter().zip(gold.iter()) {
                if let Some(top) = p.first() {
                    calibration.push((top.score, &top.code == g));
                }
            }
            if std::env::var_os("SHOW_ERRORS").is_some() {
                for ((t, p), g) in titles.iter().zip(&predicted).zip(gold.iter()) {
                    let top = p.first().map_or("-", |p| p.code.as_str());
                    if top != g {
                        let name = |c: &str| {
                            classifier
                                .taxonomy()
                                .get(c)
                                .map_or(String::new(), |o| o.name.clone())
                        };
                        eprintln!(
                            "MISS {t} | gold {g} {} | got {top} {} {:.2}",
                            name(g),
                            name(top),
                            p.first().map_or(0.0, |p| p.score)
                        );
                    }
                }
            }
        }
    }

    println!("\nCalibration of the top score (both sets, jobmatch classifier):\n");
    println!("| score | n | accuracy@1 |");
    println!("|---|---:|---:|");
    for (lo, hi) in [(0.0, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 1.01)] {
        let bin: Vec<&(f32, bool)> = calibration
            .iter()
            .filter(|(s, _)| *s >= lo && *s < hi)
            .collect();
        let acc = if bin.is_empty() {
            0.0
        } else {
            bin.iter().filter(|b| b.1).count() as f64 / bin.len() as f64
        };
        println!(
            "| [{lo:.1}, {:.1}) | {} | {acc:.3} |",
            hi.min(1.0),
            bin.len()
        );
    }

    // --- Throughput on one core (this thread only).
    println!("\nThroughput (one thread, titles only, top 5):");
    for (name, classifier, titles) in [
        ("Chinese / cn-2022", &runs[4].2, &cn_titles),
        ("English / ESCO", &runs[1].2, &esco_titles),
    ] {
        let mut n = 0usize;
        let start = Instant::now();
        while start.elapsed().as_secs_f64() < 3.0 {
            for t in titles.iter() {
                std::hint::black_box(classifier.classify(t, None));
                n += 1;
            }
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "  {name}: {:.0} titles/s ({n} titles in {secs:.2} s)",
            n as f64 / secs
        );
    }
    Ok(())
}
