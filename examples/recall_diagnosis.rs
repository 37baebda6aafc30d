//! Why the candidate path misses what exhaustive scoring finds: for a sample of
//! seekers of an existing index, every posting in the exhaustive top k but not
//! in the candidate path's top k is classified by the features it scores on.
//!
//! ```sh
//! cargo run --release --example recall_diagnosis -- --index DIR [--sample 300] [--pool N] [--k 20]
//! ```

use std::path::PathBuf;

use jobmatch::features::Feature;
use jobmatch::model::Date;
use jobmatch::normalise::codes::{division_within, shared_division_levels};
use jobmatch::{Engine, MatchOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut index = PathBuf::from("/tmp/scale-index");
    let (mut k, mut sample, mut pool) = (20usize, 300usize, None);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut v = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--index" => index = v()?.into(),
            "--k" => k = v()?.parse()?,
            "--sample" => sample = v()?.parse()?,
            "--pool" => pool = Some(v()?.parse()?),
            other => return Err(format!("unknown option {other}").into()),
        }
    }
    let mut builder = Engine::builder();
    if let Some(p) = pool {
        builder = builder.pool_size(p);
    }
    let snapshot = builder.open_or_create(&index)?.snapshot()?;
    let mut options = MatchOptions::new(k, Date::from_ymd(2026, 11, 27).ok_or("date")?);
    options.explain = true;
    let step = (snapshot.seeker_count() / sample.max(1)).max(1);
    let picked: Vec<String> = snapshot
        .seeker_ids()
        .step_by(step)
        .take(sample)
        .map(String::from)
        .collect();
    let (mut total, mut missed, mut no_term, mut below) = (0usize, 0usize, 0usize, 0usize);
    let mut missed_contrib = [0f64; 10];
    let mut hit_contrib = [0f64; 10];
    let mut thresholds = Vec::new();
    let mut no_term_places = std::collections::BTreeMap::new();
    let mut gaps = [0usize; 5];
    let term = [
        Feature::Text,
        Feature::Skill,
        Feature::Occupation,
        Feature::Title,
    ];
    let (mut fast_secs, mut slow_secs) = (0f64, 0f64);
    for id in &picked {
        let t = std::time::Instant::now();
        let fast = options_run(&snapshot, id, &options, false)?;
        fast_secs += t.elapsed().as_secs_f64();
        let t = std::time::Instant::now();
        let slow = options_run(&snapshot, id, &options, true)?;
        slow_secs += t.elapsed().as_secs_f64();
        let threshold = slow.last().map_or(0.0, |m| m.score);
        if std::env::var_os("DIAG_SEEKERS").is_some()
            && let Some(p) = snapshot.seeker(id)
        {
            let hits = slow
                .iter()
                .filter(|m| fast.iter().any(|f| f.id == m.id))
                .count();
            eprintln!(
                "{id} seeker regions {} commute {:?} coords {} skills {} terms {} desired {} past {} | results {} hits {}",
                p.regions.len(),
                p.max_commute_km,
                p.coords.is_some(),
                p.skills.len(),
                p.terms.len(),
                p.desired_occupations.len(),
                p.past_occupations.len(),
                slow.len(),
                hits
            );
        }
        thresholds.push(threshold);
        for m in &slow {
            total += 1;
            let Some(e) = &m.explanation else { continue };
            let hit = fast.iter().any(|f| f.id == m.id);
            let target = if hit {
                &mut hit_contrib
            } else {
                &mut missed_contrib
            };
            for (i, c) in e.features.iter().enumerate() {
                target[i] += f64::from(c.contribution);
            }
            if hit {
                continue;
            }
            missed += 1;
            let shares_term = e.features.iter().any(|c| {
                term.contains(&c.feature)
                    && c.value > 0.0
                    && !(c.value == 0.5 && c.feature != Feature::Text)
            });
            if !shares_term {
                no_term += 1;
                let seeker = snapshot.seeker(id);
                let posting = snapshot.posting(&m.id);
                let key = match (seeker, posting) {
                    (Some(s), Some(p)) => {
                        let levels = match (&s.division, &p.division) {
                            (Some(a), Some(b)) => {
                                format!("levels {}", shared_division_levels(a, b).min(5))
                            }
                            (None, _) => "seeker without division".to_string(),
                            (_, None) => "posting without division".to_string(),
                        };
                        let region = if s.regions.is_empty() {
                            ""
                        } else if p
                            .division
                            .as_deref()
                            .is_some_and(|d| s.regions.iter().any(|r| division_within(d, r)))
                        {
                            ", in an accepted region"
                        } else {
                            ", outside the accepted regions"
                        };
                        let remote = if p.remote { ", remote" } else { "" };
                        format!("{levels}{region}{remote}")
                    }
                    _ => "unknown".to_string(),
                };
                *no_term_places.entry(key).or_insert(0usize) += 1;
            }
            if fast.last().is_some_and(|f| f.score > m.score + 1e-6) {
                below += 1;
            }
            if let Some(f) = fast.last() {
                let gap = m.score - f.score;
                let bucket = if gap <= 1e-6 {
                    0
                } else if gap <= 0.005 {
                    1
                } else if gap <= 0.02 {
                    2
                } else if gap <= 0.05 {
                    3
                } else {
                    4
                };
                gaps[bucket] += 1;
            }
        }
    }
    thresholds.sort_by(f32::total_cmp);
    println!(
        "one thread, explanations on: candidate path {:.2} ms/seeker, exhaustive {:.2} ms/seeker",
        fast_secs * 1e3 / picked.len().max(1) as f64,
        slow_secs * 1e3 / picked.len().max(1) as f64
    );
    println!(
        "{} seekers, {total} exhaustive results, {missed} missed (recall {:.4})",
        picked.len(),
        1.0 - missed as f64 / total.max(1) as f64
    );
    println!(
        "missed with no term feature above neutral: {no_term}; missed but scoring below the fast 20th: {below}"
    );
    for (place, n) in &no_term_places {
        println!("  no term feature, {place}: {n}");
    }
    println!(
        "exhaustive {k}th score: p10 {:.3} median {:.3} p90 {:.3}",
        thresholds[thresholds.len() / 10],
        thresholds[thresholds.len() / 2],
        thresholds[thresholds.len() * 9 / 10]
    );
    println!(
        "missed by score above the fast path's {k}th: tie {} | <=0.005 {} | <=0.02 {} | <=0.05 {} | more {}",
        gaps[0], gaps[1], gaps[2], gaps[3], gaps[4]
    );
    let hits = (total - missed).max(1) as f64;
    println!("mean contribution per feature (hit | missed):");
    for (i, name) in [
        "skill",
        "text",
        "location",
        "occupation",
        "title",
        "employment",
        "salary",
        "education",
        "experience",
        "freshness",
    ]
    .iter()
    .enumerate()
    {
        println!(
            "  {name:<11} {:.4} | {:.4}",
            hit_contrib[i] / hits,
            missed_contrib[i] / missed.max(1) as f64
        );
    }
    Ok(())
}

fn options_run(
    snapshot: &jobmatch::Snapshot,
    id: &str,
    options: &MatchOptions,
    exhaustive: bool,
) -> jobmatch::Result<Vec<jobmatch::Match>> {
    if exhaustive {
        snapshot.exhaustive_postings(id, options)
    } else {
        snapshot.recommend_postings(id, options)
    }
}
