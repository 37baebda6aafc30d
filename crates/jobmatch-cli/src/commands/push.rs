//! `jobmatch push`: the nightly batch push, and `jobmatch push merge`.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Result;
use indicatif::{ProgressBar, ProgressState, ProgressStyle};
use jobmatch::push::{self, DatasetFiles, Progress, PushOutcome, PushSettings, Shard, WorkDir};

use super::index::read_ids;
use super::{DEFAULT_WORK_DIR, Global, bad_input, date_or_today};

/// The sample dataset baked in at build time (used when `./datasets/jilin-sample`
/// is not there).
const BUILT_IN_DATASET: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../datasets/jilin-sample");

/// Push recommended postings to every seeker: the nightly batch run.
///
/// With no arguments it runs on the built-in sample dataset (datasets/jilin-sample),
/// builds its index in the work directory when missing or when the dataset
/// changed, and writes pushes.jsonl, postings.tsv and summary.json to
/// WORK/out/DATE/. Each posting goes to at most cap-per-opening × openings
/// seekers (target groups first, then best fit; the others get their next
/// best); nothing pushed to a seeker within the window is pushed again;
/// expired postings and postings without openings are never pushed.
///
/// The run checkpoints as it goes: if it is killed, the same command finishes
/// it, with output byte-identical to an uninterrupted run. Running a finished
/// date again does nothing.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<PushCommand>,
    #[command(flatten)]
    pub run: RunArgs,
}

/// Subcommands of `push`.
#[derive(Debug, clap::Subcommand)]
pub enum PushCommand {
    /// Join the outputs of the shards of one run (`push --shard I/N`) into one
    /// pushes.jsonl, postings.tsv and summary.json.
    Merge(MergeArgs),
}

/// Options of a push run.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Day of the run (YYYY-MM-DD); expiry and the no-repeat window are judged against it [default: today].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Dataset directory with postings.jsonl and seekers.jsonl, indexed into WORK/index
    /// [default: datasets/jilin-sample].
    #[arg(long, value_name = "DIR", conflicts_with = "index")]
    pub dataset: Option<PathBuf>,
    /// Use this existing index (see `jobmatch index`) instead of a dataset.
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// Work directory: index, push history, checkpoints, default output.
    #[arg(long, value_name = "DIR", default_value = DEFAULT_WORK_DIR)]
    pub work: PathBuf,
    /// Output directory [default: WORK/out/DATE, or WORK/out/DATE/shard-I-of-N].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Only these seekers: a file of seeker ids, one per line [default: every indexed seeker].
    #[arg(long, value_name = "FILE")]
    pub seekers: Option<PathBuf>,
    /// Postings per seeker.
    #[arg(short, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub k: u64,
    /// Extra candidates ranked per seeker, to fall back on when capacity turns her away.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub margin: usize,
    /// Do not push a posting to a seeker again within this many days.
    #[arg(long, value_name = "DAYS", default_value_t = 30)]
    pub window_days: u32,
    /// Seekers a posting may be pushed to, per opening.
    #[arg(long, value_name = "N", default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
    pub cap_per_opening: u32,
    /// Priority policy (TOML, see `jobmatch::policy`): reservations, bounded
    /// boosts and capacity priority for key groups [default: none].
    #[arg(long, value_name = "POLICY.toml")]
    pub policy: Option<PathBuf>,
    /// Process shard I of N (0-based; seekers split by a hash of their id, capacity split too).
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    pub shard: Option<Shard>,
    /// Candidates retrieved per seeker before exact scoring [default: 600].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub pool_size: Option<u64>,
    /// Seekers per checkpoint.
    #[arg(long, value_name = "N", default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..))]
    pub chunk_size: u64,
    /// Seekers who opted out of personalised recommendations (PIPL art. 24): a
    /// file of ids, one per line. They get the newest live postings, chosen
    /// without any part of their profile, and no priority-group treatment.
    #[arg(long, value_name = "FILE")]
    pub non_personalised: Option<PathBuf>,
    /// Replace seeker ids in pushes.jsonl by keyed hashes (HMAC-SHA256, hex),
    /// for output that leaves the service; the same key gives the same
    /// pseudonyms on every run. At least 16 bytes. Prefer the environment
    /// variable: a command line is visible to other users of the machine.
    #[arg(
        long,
        value_name = "KEY",
        env = "JOBMATCH_PSEUDONYMISE_KEY",
        hide_env_values = true
    )]
    pub pseudonymise: Option<String>,
    /// Pause after each checkpoint (milliseconds); for interruption tests.
    #[arg(long, value_name = "MS", default_value_t = 0, hide = true)]
    pub chunk_delay_ms: u64,
}

/// Options of `push merge`.
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// Shard output directories [default: every WORK/out/DATE/shard-*].
    #[arg(value_name = "SHARD_DIR")]
    pub shards: Vec<PathBuf>,
    /// Day of the run (YYYY-MM-DD), to find the shard outputs and the default output [default: today].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Work directory.
    #[arg(long, value_name = "DIR", default_value = DEFAULT_WORK_DIR)]
    pub work: PathBuf,
    /// Output directory [default: WORK/out/DATE/merged].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

fn parse_shard(s: &str) -> std::result::Result<Shard, String> {
    s.parse::<Shard>().map_err(|e| e.to_string())
}

/// Runs the command.
pub fn run(args: Args, global: &Global) -> Result<()> {
    match args.command {
        Some(PushCommand::Merge(m)) => merge(m),
        None => run_push(args.run, global),
    }
}

fn dataset_dir(given: Option<&Path>) -> Result<PathBuf> {
    if let Some(d) = given {
        return Ok(d.to_path_buf());
    }
    let local = Path::new("datasets").join("jilin-sample");
    if local.join("postings.jsonl").is_file() {
        return Ok(local);
    }
    let built_in = PathBuf::from(BUILT_IN_DATASET);
    if built_in.join("postings.jsonl").is_file() {
        return Ok(built_in);
    }
    Err(bad_input(
        "no dataset given and the built-in sample (datasets/jilin-sample) is not here; use --dataset DIR or --index DIR",
    ))
}

fn run_push(args: RunArgs, global: &Global) -> Result<()> {
    let date = date_or_today(args.date.as_deref())?;
    let mut settings = PushSettings::new(date);
    settings.k = args.k as usize;
    settings.margin = args.margin;
    settings.window_days = args.window_days;
    settings.cap_per_opening = args.cap_per_opening;
    if let Some(path) = &args.policy {
        super::input_file(path, "policy file")?;
        settings.policy = jobmatch::policy::Policy::from_file(path)?;
    }
    settings.shard = args.shard.unwrap_or(Shard::ALL);
    settings.pool_size = args.pool_size.map(|p| p as usize);
    settings.chunk_size = args.chunk_size as usize;
    settings.chunk_delay = Duration::from_millis(args.chunk_delay_ms);
    if let Some(file) = &args.seekers {
        settings.seekers = Some(read_ids(file, "seeker id list")?);
    }
    if let Some(file) = &args.non_personalised {
        settings.non_personalised = Some(read_ids(file, "opted-out seeker id list")?);
    }
    if let Some(key) = &args.pseudonymise {
        settings.pseudonymise = Some(jobmatch::privacy::Pseudonymiser::new(key.as_bytes())?);
    }
    settings.validate()?;
    let weights = global.weights()?;
    if args.work.exists() && !args.work.is_dir() {
        return Err(bad_input(format!(
            "--work {} exists and is not a directory",
            args.work.display()
        )));
    }
    let work = WorkDir::new(&args.work);
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| work.out_dir(date, settings.shard));

    // A finished run: touch nothing.
    if let Some(done) = push::status(&work, &settings)? {
        if done.settings != settings.fingerprint(&weights) {
            return Err(bad_input(format!(
                "the push of {date} ({}) is already recorded with other settings (k, margin, window, cap, seekers, pool size, weights, opt-outs or pseudonymisation key); nothing was changed",
                settings.shard.label()
            )));
        }
        if push::discard_checkpoints(&work, &settings)? {
            tracing::info!("removed the checkpoints left by an interrupted clean-up");
        }
        outln!(
            "push of {date} ({}) already done: {} pushes recorded; nothing changed",
            settings.shard.label(),
            done.push_count()
        );
        if let Some(summary) = push::Summary::read(&out_dir.join("summary.json"))? {
            out!("{}", summary.to_text());
        }
        outln!("output: {}", display_path(&out_dir));
        return Ok(());
    }

    let mut builder = jobmatch::Engine::builder()
        .weights(weights)
        .inference(global.inference());
    if let Some(p) = settings.pool_size {
        builder = builder.pool_size(p);
    }
    let index_dir = match &args.index {
        Some(dir) => {
            if !push::index_exists(dir) {
                return Err(bad_input(format!(
                    "no index at {} (build one with `jobmatch index`)",
                    dir.display()
                )));
            }
            dir.clone()
        }
        None => {
            let dataset = dataset_dir(args.dataset.as_deref())?;
            let files = DatasetFiles::in_dir(&dataset)?;
            let index_dir = work.index_dir();
            let built = push::prepare_index(&files, &index_dir, builder.clone())?;
            if built.rebuilt {
                tracing::info!(dataset = %dataset.display(), index = %index_dir.display(), "indexed the dataset");
            } else {
                tracing::info!(index = %index_dir.display(), "index is up to date");
            }
            index_dir
        }
    };
    let progress = CliProgress::new(global.progress_bars());
    let attempt = |builder: jobmatch::EngineBuilder| {
        let engine = builder.open_or_create(&index_dir)?;
        push::run(&engine, &work, &out_dir, &settings, &progress)
    };
    let outcome = match attempt(builder.clone()) {
        // An index built from a dataset can be rebuilt when it is damaged.
        Err(e @ (jobmatch::Error::Index { .. } | jobmatch::Error::Tantivy(_)))
            if args.index.is_none() =>
        {
            tracing::warn!(index = %index_dir.display(), error = %e, "the index is damaged; rebuilding it from the dataset");
            let dataset = dataset_dir(args.dataset.as_deref())?;
            let files = DatasetFiles::in_dir(&dataset)?;
            push::prepare_index_again(&files, &index_dir, builder.clone())?;
            attempt(builder)?
        }
        other => other?,
    };
    progress.finish();
    match outcome {
        PushOutcome::Completed(summary) => {
            out!("{}", summary.to_text());
        }
        PushOutcome::AlreadyDone { pushes, summary } => {
            outln!("push of {date} already done: {pushes} pushes recorded; nothing changed");
            if let Some(s) = summary {
                out!("{}", s.to_text());
            }
        }
    }
    outln!(
        "output: {} (pushes.jsonl, postings.tsv, summary.json)",
        display_path(&out_dir)
    );
    Ok(())
}

fn merge(args: MergeArgs) -> Result<()> {
    let date = date_or_today(args.date.as_deref())?;
    let work = WorkDir::new(&args.work);
    let inputs = if args.shards.is_empty() {
        let found = work.shard_out_dirs(date)?;
        if found.is_empty() {
            return Err(bad_input(format!(
                "no shard outputs under {} (give SHARD_DIR arguments or --date)",
                work.root.join("out").join(date.to_string()).display()
            )));
        }
        found
    } else {
        for d in &args.shards {
            if !d.is_dir() {
                return Err(bad_input(format!("{} is not a directory", d.display())));
            }
        }
        args.shards.clone()
    };
    let out = args.out.unwrap_or_else(|| work.merged_dir(date));
    let report = push::merge(&inputs, &out)?;
    out!("{}", report.summary.to_text());
    outln!(
        "merged {} shard outputs into {} (pushes.jsonl, postings.tsv, summary.json)",
        report.inputs.len(),
        display_path(&out)
    );
    Ok(())
}

fn display_path(p: &Path) -> String {
    std::path::absolute(p)
        .unwrap_or_else(|_| p.to_path_buf())
        .display()
        .to_string()
}

/// A progress bar on a terminal; log lines every 10% (or 10 s) otherwise.
struct CliProgress {
    bar: Option<ProgressBar>,
    total: AtomicU64,
    done: AtomicU64,
    started: Instant,
    last_log: Mutex<(Instant, u64)>,
}

impl CliProgress {
    fn new(bars: bool) -> CliProgress {
        CliProgress {
            bar: bars.then(|| {
                let bar = ProgressBar::new(0);
                if let Ok(style) = ProgressStyle::with_template(
                    "{spinner} ranking [{bar:40}] {pos}/{len} seekers  {rate}  ETA {eta}",
                ) {
                    let style = style.progress_chars("=> ").with_key(
                        "rate",
                        |s: &ProgressState, w: &mut dyn std::fmt::Write| {
                            let _ = write!(w, "{:.0} seekers/s", s.per_sec());
                        },
                    );
                    bar.set_style(style);
                }
                bar
            }),
            total: AtomicU64::new(0),
            done: AtomicU64::new(0),
            started: Instant::now(),
            last_log: Mutex::new((Instant::now(), 0)),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Progress for CliProgress {
    fn ranking(&self, seekers: u64, chunks: u64, resumed: u64) {
        self.total.store(seekers, Ordering::Relaxed);
        self.done.store(resumed, Ordering::Relaxed);
        if let Some(bar) = &self.bar {
            bar.set_length(seekers);
            bar.set_position(resumed);
            bar.reset_eta();
        } else {
            tracing::info!(seekers, chunks, already_ranked = resumed, "ranking");
        }
    }

    fn ranked(&self, seekers: u64) {
        let done = self.done.fetch_add(seekers, Ordering::Relaxed) + seekers;
        if let Some(bar) = &self.bar {
            bar.set_position(done);
            return;
        }
        let total = self.total.load(Ordering::Relaxed).max(1);
        let Ok(mut last) = self.last_log.lock() else {
            return;
        };
        let step = (total / 10).max(1);
        if done / step > last.1 / step
            || last.0.elapsed() >= Duration::from_secs(10)
            || done == total
        {
            let secs = self.started.elapsed().as_secs_f64().max(1e-3);
            tracing::info!(
                "ranked {done}/{total} seekers ({:.0}%, {:.0} seekers/s)",
                100.0 * done as f64 / total as f64,
                done as f64 / secs
            );
            *last = (Instant::now(), done);
        }
    }

    fn allocating(&self) {
        if let Some(bar) = &self.bar {
            bar.set_message("allocating");
        }
        tracing::info!("allocating capacity and writing the output");
    }
}
