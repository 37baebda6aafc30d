//! Intent matching with inferred occupation codes (issue 6): on
//! `datasets/jilin-sample`, nDCG@10 of the engine's posting recommendations
//! when postings keep their true `occupation`, when it is stripped, and when it
//! is stripped and then inferred by the occupation classifier at index time.
//!
//! ```sh
//! cargo run --release -p jobmatch --example intent_inference
//! ```

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use jobmatch::classify::{Classifier, Inference, Shipped};
use jobmatch::eval::jobmatch_eval::{Metric, Qrels};
use jobmatch::eval::{Direction, EvalOptions, Method, benchmark_methods};
use jobmatch::load::{self, LoadOptions};
use jobmatch::model::{Date, Posting};
use jobmatch::{Engine, normalise::codes::shared_occupation_levels};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../datasets/jilin-sample"
    ));
    let options = LoadOptions::lenient();
    let postings = load::load_postings(&dir.join("postings.jsonl"), &options)?.records;
    let seekers = load::load_seekers(&dir.join("seekers.jsonl"), &options)?.records;
    let qrels = Qrels::from_path(dir.join("qrels-postings.txt"))?;
    let as_of = Date::from_ymd(2026, 11, 27).ok_or("bad date")?;
    let eval = EvalOptions::new(Direction::Postings, as_of);

    let stripped: Vec<Posting> = postings
        .iter()
        .cloned()
        .map(|mut p| {
            p.occupation = None;
            p
        })
        .collect();

    let cn = Arc::new(Classifier::new(Shipped::Cn2022.load()?)?);
    let cn_plain = Arc::new(Classifier::new(Shipped::Cn2022Plain.load()?)?);

    // How often the inferred code agrees with the true one, per level.
    let mut agree = [0usize; 5];
    for p in &postings {
        let Some(truth) = &p.occupation else { continue };
        let top = cn.classify(&p.title, p.description.as_deref());
        let shared = top
            .first()
            .map_or(0, |t| shared_occupation_levels(&t.code, truth));
        for (level, slot) in agree.iter_mut().enumerate() {
            if shared > level {
                *slot += 1;
            }
        }
        agree[4] += 1;
    }
    println!(
        "inferred vs true posting codes ({} postings): exact {:.3}, level 3 {:.3}, level 2 {:.3}, level 1 {:.3}\n",
        agree[4],
        agree[3] as f64 / agree[4] as f64,
        agree[2] as f64 / agree[4] as f64,
        agree[1] as f64 / agree[4] as f64,
        agree[0] as f64 / agree[4] as f64,
    );

    println!("| postings' occupation | nDCG@10 | nDCG@20 | index time |");
    println!("|---|---:|---:|---:|");
    type Case<'a> = (&'a str, &'a [Posting], Inference);
    let cases: Vec<Case<'_>> = vec![
        ("true codes, inference off", &postings, Inference::Off),
        ("stripped, inference off", &stripped, Inference::Off),
        (
            "stripped, inferred (cn-2022 without aliases)",
            &stripped,
            Inference::With(cn_plain),
        ),
        (
            "stripped, inferred (cn-2022 with aliases)",
            &stripped,
            Inference::With(cn),
        ),
        (
            "stripped, inferred (default: taxonomy by script)",
            &stripped,
            Inference::default(),
        ),
        (
            "true codes, default inference (only fills gaps)",
            &postings,
            Inference::default(),
        ),
    ];
    for (name, postings, inference) in cases {
        let started = Instant::now();
        let engine = Engine::builder().inference(inference).in_ram()?;
        engine.upsert_postings(postings)?;
        engine.upsert_seekers(&seekers)?;
        engine.commit()?;
        let index_secs = started.elapsed().as_secs_f64();
        let snapshot = engine.snapshot()?;
        let result = benchmark_methods(&snapshot, &qrels, &eval, &[Method::Engine])?;
        let e = &result.methods[0].summary.evaluation;
        println!(
            "| {name} | {:.4} | {:.4} | {index_secs:.1} s |",
            e.mean(Metric::Ndcg(10)).unwrap_or(0.0),
            e.mean(Metric::Ndcg(20)).unwrap_or(0.0),
        );
    }
    Ok(())
}
