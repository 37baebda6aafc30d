//! `jobmatch classify`: map free-text titles to occupation codes.

use std::collections::HashMap;
use std::io::{BufRead, BufWriter, Write};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::Args as ClapArgs;
use jobmatch::classify::{Classifier, ClassifierOptions, Prediction, Taxonomy, accuracy};
use serde::{Deserialize, Serialize};

use super::{Global, bad_input, input_file};

/// Classify `{id, title, description}` lines to occupation codes.
///
/// Writes one `{id, code, score, alternatives}` line per input line (`code`
/// is null when the title says nothing). With `--labels` (tab-separated
/// `id code`), prints accuracy@1 and @5 for exact codes and every level of
/// the code hierarchy.
#[derive(Debug, ClapArgs)]
pub struct Args {
    /// Taxonomy: an `occupations.jsonl` file, or a shipped one: `cn-2022`
    /// (with employer aliases), `cn-2022-plain`, `esco`.
    #[arg(long, value_name = "FILE|NAME")]
    pub taxonomy: String,
    /// Extra aliases (`code<TAB>alias;alias` lines) added to the taxonomy.
    #[arg(long, value_name = "FILE")]
    pub aliases: Option<PathBuf>,
    /// Titles to classify (`{id, title, description}` JSON lines).
    #[arg(long, value_name = "FILE")]
    pub input: PathBuf,
    /// Where to write the results (JSON lines).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Gold codes (`id<TAB>code` lines) to score the results against.
    #[arg(long, value_name = "FILE")]
    pub labels: Option<PathBuf>,
    /// Codes per title: the top one and up to N-1 alternatives.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub top: usize,
    /// Plain BM25 over names only (the benchmark baseline).
    #[arg(long)]
    pub baseline: bool,
}

#[derive(Debug, Deserialize)]
struct Input {
    id: String,
    title: String,
    #[serde(default)]
    description: Option<String>,
}

#[derive(Debug, Serialize)]
struct Alternative<'a> {
    code: &'a str,
    score: f32,
}

#[derive(Debug, Serialize)]
struct Output<'a> {
    id: &'a str,
    code: Option<&'a str>,
    score: f32,
    alternatives: Vec<Alternative<'a>>,
}

fn read_inputs(path: &PathBuf) -> Result<Vec<Input>> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("reading {}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let input: Input = serde_json::from_str(&line).map_err(|e| {
            bad_input(format!(
                "{}:{}: expected {{\"id\": str, \"title\": str, \"description\": str}}: {e}",
                path.display(),
                i + 1
            ))
        })?;
        out.push(input);
    }
    Ok(out)
}

fn read_labels(path: &PathBuf) -> Result<HashMap<String, String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut labels = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split_whitespace();
        match (parts.next(), parts.next(), parts.next()) {
            (Some(id), Some(code), None) => {
                labels.insert(id.to_string(), code.to_string());
            }
            _ => {
                return Err(bad_input(format!(
                    "{}:{}: expected `id<TAB>code`",
                    path.display(),
                    i + 1
                )));
            }
        }
    }
    Ok(labels)
}

/// Runs the command.
pub fn run(args: Args, _global: &Global) -> Result<()> {
    input_file(&args.input, "input file")?;
    if let Some(l) = &args.labels {
        input_file(l, "labels file")?;
    }
    let mut taxonomy = Taxonomy::shipped_or_path(&args.taxonomy)?;
    if let Some(path) = &args.aliases {
        input_file(path, "aliases file")?;
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        taxonomy.add_aliases(&text, &path.display().to_string())?;
    }
    let mut options = if args.baseline {
        taxonomy = taxonomy.names_only();
        ClassifierOptions::bm25_names_baseline()
    } else {
        ClassifierOptions::default()
    };
    options.top_k = args.top.max(1);
    let started = std::time::Instant::now();
    let classifier = Classifier::with_options(Arc::new(taxonomy), options)?;
    tracing::info!(
        "taxonomy {} loaded and indexed in {:.2} s",
        args.taxonomy,
        started.elapsed().as_secs_f64()
    );
    let inputs = read_inputs(&args.input)?;

    let started = std::time::Instant::now();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .max(1);
    let chunk = inputs.len().div_ceil(threads).max(1);
    let predictions: Vec<Vec<Prediction>> = std::thread::scope(|scope| {
        let handles: Vec<_> = inputs
            .chunks(chunk)
            .map(|part| {
                let classifier = &classifier;
                scope.spawn(move || {
                    part.iter()
                        .map(|i| classifier.classify(&i.title, i.description.as_deref()))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let secs = started.elapsed().as_secs_f64();
    tracing::info!(
        "classified {} titles in {secs:.2} s ({:.0}/s on {threads} threads)",
        inputs.len(),
        inputs.len() as f64 / secs.max(1e-9)
    );

    let tmp = args.out.with_extension("tmp");
    {
        let file =
            std::fs::File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
        let mut w = BufWriter::new(file);
        for (input, preds) in inputs.iter().zip(&predictions) {
            let line = Output {
                id: &input.id,
                code: preds.first().map(|p| p.code.as_str()),
                score: preds.first().map_or(0.0, |p| p.score),
                alternatives: preds
                    .iter()
                    .skip(1)
                    .map(|p| Alternative {
                        code: &p.code,
                        score: p.score,
                    })
                    .collect(),
            };
            serde_json::to_writer(&mut w, &line)?;
            w.write_all(b"\n")?;
        }
        w.flush()?;
        w.get_ref().sync_all()?;
    }
    std::fs::rename(&tmp, &args.out).with_context(|| format!("writing {}", args.out.display()))?;

    if let Some(path) = &args.labels {
        let labels = read_labels(path)?;
        let mut gold = Vec::new();
        let mut predicted = Vec::new();
        for (input, preds) in inputs.iter().zip(predictions) {
            if let Some(code) = labels.get(&input.id) {
                gold.push(code.clone());
                predicted.push(preds);
            }
        }
        let unmatched = labels.len() - gold.len();
        if unmatched > 0 {
            tracing::warn!("{unmatched} labelled ids are not in the input");
        }
        println!("{} labelled titles", gold.len());
        print!(
            "{}",
            accuracy::to_text(&accuracy::accuracy(&gold, &predicted))
        );
    }
    Ok(())
}
