//! `jobmatch gaps`: the postings just out of a seeker's reach, the missing
//! skills that would unlock most of them and the training courses that teach
//! them; or, with `--menu`, per county, the skills most often missing.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use jobmatch::guidance::{
    GapSettings, load_trainings, recommend_trainings, skill_gaps, training_menu,
};

use super::{Global, bad_input, date_or_today, default_index_dir, input_file, open_index};

/// Skill gaps of one seeker with training recommendations, or the per-county
/// training menu (`--menu`).
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("who").required(true).args(["seeker", "menu"])))]
pub struct Args {
    /// A seeker's id.
    #[arg(long, value_name = "ID")]
    pub seeker: Option<String>,
    /// Batch form: write the per-county menu of missing skills to this file
    /// (CSV: county, seekers, seekers_with_gaps, rank, skill, seekers_lacking,
    /// seekers_unlocked, postings_unlocked; `.json` for JSON).
    #[arg(long, value_name = "FILE")]
    pub menu: Option<PathBuf>,
    /// Training catalogue (JSON Lines, see datasets/README.md).
    #[arg(long, value_name = "FILE")]
    pub trainings: Option<PathBuf>,
    /// Day the postings are judged live on (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Most required skills a near posting may lack.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u64).range(1..=20))]
    pub max_missing: u64,
    /// How many skills (per seeker, or per county with --menu) and trainings to list.
    #[arg(short, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    pub k: u64,
    /// Index directory.
    #[arg(long, value_name = "DIR", default_value_os_t = default_index_dir())]
    pub index: PathBuf,
    /// Print JSON instead of text (single seeker).
    #[arg(long)]
    pub json: bool,
}

/// Runs the command; a closed stdout (piped into `head`) is not a failure.
pub fn run(args: Args, global: &Global) -> Result<()> {
    match run_inner(args, global) {
        Err(e) if super::is_broken_pipe(&e) => Ok(()),
        other => other,
    }
}

fn run_inner(args: Args, global: &Global) -> Result<()> {
    let date = date_or_today(args.date.as_deref())?;
    let catalogue = match &args.trainings {
        Some(path) => {
            input_file(path, "training catalogue")?;
            Some(load_trainings(path)?)
        }
        None => None,
    };
    let engine = open_index(&args.index, global, None)?;
    let snapshot = engine.snapshot()?;
    let mut settings = GapSettings::new(date);
    settings.max_missing = args.max_missing as usize;
    let k = args.k as usize;
    if let Some(path) = &args.menu {
        let started = std::time::Instant::now();
        let menu = training_menu(&snapshot, &settings, k)?;
        let bytes = if path.extension().is_some_and(|e| e == "json") {
            serde_json::to_vec_pretty(&menu)?
        } else {
            let mut csv = String::from(
                "county,seekers,seekers_with_gaps,rank,skill,seekers_lacking,seekers_unlocked,postings_unlocked\n",
            );
            for c in &menu {
                for (i, item) in c.skills.iter().enumerate() {
                    csv.push_str(&format!(
                        "{},{},{},{},{},{},{},{}\n",
                        c.county,
                        c.seekers,
                        c.seekers_with_gaps,
                        i + 1,
                        item.skill.replace(',', " "),
                        item.seekers,
                        item.seekers_unlocked,
                        item.postings_unlocked
                    ));
                }
            }
            csv.into_bytes()
        };
        jobmatch::push::write_atomic(&super::with_dir(path), &bytes)?;
        let seekers: u64 = menu.iter().map(|c| c.seekers).sum();
        let with_gaps: u64 = menu.iter().map(|c| c.seekers_with_gaps).sum();
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "training menu: {} counties, {seekers} seekers, {with_gaps} with near postings; written to {} ({:.1} s)",
            menu.len(),
            path.display(),
            started.elapsed().as_secs_f64()
        )?;
        let mut busiest: Vec<&jobmatch::guidance::CountyMenu> = menu.iter().collect();
        busiest.sort_by(|a, b| {
            b.seekers_with_gaps
                .cmp(&a.seekers_with_gaps)
                .then_with(|| a.county.cmp(&b.county))
        });
        for c in busiest
            .into_iter()
            .filter(|c| c.seekers_with_gaps > 0)
            .take(5)
        {
            let top: Vec<String> = c
                .skills
                .iter()
                .take(5)
                .map(|s| format!("{} ({})", s.skill, s.seekers))
                .collect();
            writeln!(
                out,
                "  {} ({} seekers, {} with gaps): {}",
                c.county,
                c.seekers,
                c.seekers_with_gaps,
                top.join(", ")
            )?;
        }
        return Ok(());
    }
    let Some(id) = &args.seeker else {
        return Err(bad_input("give --seeker ID or --menu FILE"));
    };
    let mut gaps = skill_gaps(&snapshot, id, &settings)?;
    // Trainings for the skills listed (the k that unlock the most), so every
    // skill a listed course closes is one the seeker sees.
    gaps.skills.truncate(k);
    let trainings = match &catalogue {
        Some(c) => recommend_trainings(&snapshot, &gaps, c, k)?,
        None => Vec::new(),
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        let value = serde_json::json!({ "gaps": gaps, "trainings": trainings });
        serde_json::to_writer_pretty(&mut out, &value)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "seeker {id}: {} postings just out of reach on {date}",
        gaps.near.len()
    )?;
    for n in gaps.near.iter().take(k) {
        writeln!(
            out,
            "  {:.3} {} [{}]  lacks {}",
            n.score,
            n.title,
            n.posting,
            n.missing.join(", ")
        )?;
    }
    if gaps.skills.is_empty() {
        writeln!(out, "no missing skill to work on")?;
    } else {
        writeln!(out, "skills that would unlock the most:")?;
        for g in &gaps.skills {
            writeln!(
                out,
                "  {:<20} unlocks {:>3}, helps {:>3}",
                g.skill,
                g.unlocks.len(),
                g.helps.len()
            )?;
        }
    }
    if catalogue.is_some() {
        if trainings.is_empty() {
            writeln!(out, "no training in the catalogue teaches these skills")?;
        } else {
            writeln!(out, "trainings, nearest first:")?;
        }
        for t in &trainings {
            let place = t.place.as_deref().unwrap_or("-");
            let distance = t.distance_km.map_or(String::new(), |d| format!(", {d} km"));
            let cost = match (t.cost, t.subsidised) {
                (Some(c), Some(true)) => format!(", {c:.0} CNY, subsidised"),
                (Some(c), _) => format!(", {c:.0} CNY"),
                (None, Some(true)) => ", subsidised".to_string(),
                (None, _) => String::new(),
            };
            let days = t
                .duration_days
                .map_or(String::new(), |d| format!(", {d} days"));
            writeln!(
                out,
                "  {} {} @ {place}{distance}{days}{cost}\n      teaches {}; opens {}",
                t.training,
                t.name,
                t.closes.join(", "),
                if t.opens.is_empty() {
                    "none alone".to_string()
                } else {
                    t.opens.join(", ")
                }
            )?;
        }
    }
    Ok(())
}
