//! `jobmatch`: the command-line front end of the jobmatch library.
//!
//! This file parses the command line, dispatches to one module per
//! subcommand in `commands/`, and maps errors to exit codes: 0 success, 1 the
//! run failed, 2 bad usage or bad input. All logic lives in the library.

mod commands;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Job–candidate matching for public employment services: index postings and
/// seekers, recommend postings to seekers and seekers to postings, and run the
/// nightly batch push.
#[derive(Debug, Parser)]
#[command(
    name = "jobmatch",
    version,
    about,
    long_about = None,
    after_help = "Run `jobmatch push` with no arguments to run the nightly push on the built-in \
                  sample dataset.\nExit codes: 0 success, 1 the run failed, 2 bad usage or input."
)]
struct Cli {
    #[command(flatten)]
    global: commands::Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Index(commands::index::Args),
    Recommend(commands::recommend::Args),
    Candidates(commands::candidates::Args),
    Push(commands::push::Args),
    Datasets(commands::datasets::Args),
    Check(commands::check::Args),
    Gig(commands::gig::Args),
    Audit(commands::audit::Args),
    Eval(commands::eval::Args),
    Tune(commands::tune::Args),
    Classify(commands::classify::Args),
    Gaps(commands::gaps::Args),
    Policies(commands::policies::Args),
    Stats(commands::stats::Args),
}

/// mimalloc: lower peak memory than the system allocator for the push's
/// millions of small allocations (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    commands::init_logging(&cli.global);
    let result = match cli.command {
        Command::Index(args) => commands::index::run(args, &cli.global),
        Command::Recommend(args) => commands::recommend::run(args, &cli.global),
        Command::Candidates(args) => commands::candidates::run(args, &cli.global),
        Command::Push(args) => commands::push::run(args, &cli.global),
        Command::Datasets(args) => commands::datasets::run(args, &cli.global),
        Command::Check(args) => commands::check::run(args, &cli.global),
        Command::Gig(args) => commands::gig::run(args, &cli.global),
        Command::Audit(args) => commands::audit::run(args, &cli.global),
        Command::Eval(args) => commands::eval::run(args, &cli.global),
        Command::Tune(args) => commands::tune::run(args, &cli.global),
        Command::Classify(args) => commands::classify::run(args, &cli.global),
        Command::Gaps(args) => commands::gaps::run(args, &cli.global),
        Command::Policies(args) => commands::policies::run(args, &cli.global),
        Command::Stats(args) => commands::stats::run(args, &cli.global),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(commands::exit_code(&e))
        }
    }
}
