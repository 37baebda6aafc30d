//! One module per subcommand, and what they share: global options, logging,
//! error classification, argument helpers.

/// `println!` to stdout that ignores a closed stdout (e.g. output piped into
/// `head`) instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// `print!` to stdout that ignores a closed stdout.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}

pub mod audit;
pub mod candidates;
pub mod check;
pub mod classify;
pub mod datasets;
pub mod eval;
pub mod gaps;
pub mod gig;
pub mod index;
pub mod policies;
pub mod push;
pub mod recommend;
pub mod stats;
pub mod tune;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::Args as ClapArgs;
use jobmatch::model::Date;
use jobmatch::score::Weights;

/// Options every command takes.
#[derive(Debug, Clone, ClapArgs)]
pub struct Global {
    /// More log output (-v debug, -vv trace).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Less log output (-q warnings only, -qq errors only; no progress bar).
    #[arg(short, long, action = clap::ArgAction::Count, global = true, conflicts_with = "verbose")]
    pub quiet: u8,
    /// Feature weights (TOML, e.g. `skill = 0.3`); default: the built-in weights.
    #[arg(long, value_name = "WEIGHTS.toml", global = true)]
    pub config: Option<PathBuf>,
    /// Do not infer occupation codes for postings and past jobs that have none
    /// (by default a title is classified in the shipped taxonomy of its script:
    /// China's 2022 classification for Chinese, ESCO for English).
    #[arg(long, global = true)]
    pub no_infer: bool,
}

impl Global {
    /// Occupation inference at index time, from `--no-infer`.
    pub fn inference(&self) -> jobmatch::classify::Inference {
        if self.no_infer {
            jobmatch::classify::Inference::Off
        } else {
            jobmatch::classify::Inference::default()
        }
    }

    /// The weights from `--config`, or the defaults.
    pub fn weights(&self) -> Result<Weights> {
        match &self.config {
            None => Ok(Weights::default()),
            Some(path) => {
                input_file(path, "weights file")?;
                Ok(Weights::from_toml_file(path)?)
            }
        }
    }

    /// Whether to draw progress bars (stderr is a terminal and not quiet).
    pub fn progress_bars(&self) -> bool {
        self.quiet == 0 && std::io::stderr().is_terminal()
    }
}

/// Sets up `tracing` on stderr: info by default, -v/-q move the level,
/// `RUST_LOG` overrides.
pub fn init_logging(global: &Global) {
    let level = match (global.verbose, global.quiet) {
        (0, 0) => "info",
        (1, _) => "debug",
        (v, _) if v >= 2 => "trace",
        (_, 1) => "warn",
        _ => "error",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("{level},tantivy=warn")));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .try_init();
}

/// Bad usage or bad input: exit code 2.
#[derive(Debug)]
pub struct BadInput(pub String);

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadInput {}

/// A [`BadInput`] error.
pub fn bad_input(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(BadInput(message.into()))
}

/// The exit code for an error: 2 for bad usage or input, 1 otherwise.
pub fn exit_code(e: &anyhow::Error) -> u8 {
    for cause in e.chain() {
        if cause.is::<BadInput>() {
            return 2;
        }
        if let Some(e) = cause.downcast_ref::<jobmatch::Error>() {
            return match e {
                jobmatch::Error::InvalidRecord { .. }
                | jobmatch::Error::InvalidConfig { .. }
                | jobmatch::Error::NotFound { .. } => 2,
                _ => 1,
            };
        }
        if let Some(e) = cause.downcast_ref::<jobmatch_datagen::GenError>() {
            return match e {
                jobmatch_datagen::GenError::Config(_) => 2,
                _ => 1,
            };
        }
    }
    1
}

/// A bare file name as `./NAME`, so that its directory can be fsynced by
/// [`jobmatch::push::write_atomic`].
pub fn with_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if p.as_os_str().is_empty() => Path::new(".").join(path),
        _ => path.to_path_buf(),
    }
}

/// Whether an error is a write to a closed stdout (output piped into `head`).
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Checks that an input file exists.
pub fn input_file(path: &Path, what: &str) -> Result<()> {
    if !path.is_file() {
        return Err(bad_input(format!(
            "{what} {} does not exist or is not a file",
            path.display()
        )));
    }
    Ok(())
}

/// The work directory used when `--work` is not given.
pub const DEFAULT_WORK_DIR: &str = "jobmatch-work";

/// The index directory used when `--index` is not given.
pub fn default_index_dir() -> PathBuf {
    Path::new(DEFAULT_WORK_DIR).join("index")
}

/// Parses `--date` (YYYY-MM-DD); `None` means today (local time).
pub fn date_or_today(date: Option<&str>) -> Result<Date> {
    match date {
        Some(text) => Date::parse(text)
            .filter(|_| text.len() == 10)
            .ok_or_else(|| {
                bad_input(format!(
                    "--date `{text}`: expected YYYY-MM-DD, e.g. 2026-11-27"
                ))
            }),
        None => {
            use chrono::Datelike;
            let today = chrono::Local::now().date_naive();
            Date::from_ymd(today.year(), today.month(), today.day())
                .ok_or_else(|| anyhow::anyhow!("today's date is out of range"))
        }
    }
}

/// Opens an existing index for reading.
pub fn open_index(
    dir: &Path,
    global: &Global,
    pool_size: Option<usize>,
) -> Result<jobmatch::Engine> {
    if !jobmatch::push::index_exists(dir) {
        return Err(bad_input(format!(
            "no index at {} (build one with `jobmatch index --postings FILE --seekers FILE --index {}`, or run `jobmatch push`)",
            dir.display(),
            dir.display()
        )));
    }
    let mut builder = jobmatch::Engine::builder()
        .weights(global.weights()?)
        .inference(global.inference());
    if let Some(p) = pool_size {
        builder = builder.pool_size(p);
    }
    Ok(builder.open_or_create(dir)?)
}

/// The reasons of a match on one line: top features, matched and missing
/// skills, distance, notes.
pub fn reasons(explanation: Option<&jobmatch::score::Explanation>) -> String {
    let Some(e) = explanation else {
        return String::new();
    };
    let mut parts: Vec<String> = Vec::new();
    let top: Vec<String> = e
        .top_reasons(3)
        .iter()
        .filter(|c| c.contribution > 0.0)
        .map(|c| format!("{} {:.2}", c.feature.name(), c.contribution))
        .collect();
    if !top.is_empty() {
        parts.push(top.join(", "));
    }
    if !e.matched_skills.is_empty() {
        let names: Vec<&str> = e.matched_skills.iter().map(|(n, _)| n.as_str()).collect();
        parts.push(format!("has {}", names.join(", ")));
    }
    if !e.missing_skills.is_empty() {
        parts.push(format!("lacks {}", e.missing_skills.join(", ")));
    }
    if let Some(d) = e.distance_km {
        parts.push(format!("{d} km"));
    }
    if e.remote {
        parts.push("remote".into());
    }
    parts.extend(e.notes.iter().cloned());
    parts.join("; ")
}

/// Prints matches as a numbered list (or JSON).
pub fn print_matches(matches: &[jobmatch::Match], json: bool, heading: &str) -> Result<()> {
    match write_matches(matches, json, heading) {
        // A closed stdout (piped into `head`) is not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

fn write_matches(matches: &[jobmatch::Match], json: bool, heading: &str) -> std::io::Result<()> {
    use jobmatch::privacy::mask_owned;
    use std::io::Write;
    // Titles and places are masked at load; mask again for records indexed
    // by other means.
    let matches: Vec<jobmatch::Match> = matches
        .iter()
        .cloned()
        .map(|mut m| {
            m.title = m.title.map(mask_owned);
            m.place = m.place.map(mask_owned);
            m
        })
        .collect();
    let matches = matches.as_slice();
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, matches).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{heading}")?;
    if matches.is_empty() {
        writeln!(out, "  (no match)")?;
    }
    for (i, m) in matches.iter().enumerate() {
        let name = m.title.as_deref().unwrap_or(&m.id);
        let place = m.place.as_deref().unwrap_or("-");
        let label = if m.title.is_some() {
            format!("{name} [{}]", m.id)
        } else {
            name.to_string()
        };
        writeln!(out, "{:>3}. {:.3}  {label}  @ {place}", i + 1, m.score)?;
        let why = reasons(m.explanation.as_ref());
        if !why.is_empty() {
            writeln!(out, "       {why}")?;
        }
    }
    Ok(())
}
