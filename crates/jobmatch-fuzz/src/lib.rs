//! # jobmatch-fuzz
//!
//! The bodies of the cargo-fuzz targets in `fuzz/` (a separate workspace built
//! with the nightly toolchain). Each public function takes arbitrary bytes, runs
//! them through one part of the public `jobmatch` / `jobmatch-eval` API and
//! panics only when an invariant is broken; bad input must come back as an
//! error, never as a panic. Keeping the bodies here lets the stable test
//! `tests/fuzz_inputs.rs` run the very same checks under proptest and replay the
//! seed corpus and the crash regressions, so CI keeps the targets building and
//! exercised without a nightly toolchain.
//!
//! | target (`fuzz/fuzz_targets/`) | body |
//! |---|---|
//! | `records` | [`records`]: postings and seekers (JSON Lines loader) |
//! | `eval_files` | [`eval_files`]: TREC qrels and runs, and metrics over them |
//! | `config_files` | [`config_files`]: occupation taxonomy, aliases, priority policy and weights TOML |
//! | `codes` | [`codes`]: location (division) and occupation codes, dates, text folding, title cleaning, the title classifier |
//! | `checks` | [`checks`]: the posting checks, alone and over a corpus |
//! | `scoring` | [`scoring`]: query building and scoring of arbitrary records against a small in-RAM engine |
//!
//! ```
//! jobmatch_fuzz::records(br#"{"id":"P1","title":"Welder"}"#);
//! jobmatch_fuzz::codes(b"220102\n6-18-01-01");
//! ```

#![deny(missing_docs)]

mod engine;
mod parse;
mod text;

pub use engine::{scoring, scoring_engine};
pub use parse::{config_files, eval_files, records};
pub use text::{checks, codes};

/// The body of a fuzz target.
pub type Body = fn(&[u8]);

/// Every target by name, for replaying a corpus: `(name, body)`.
pub const TARGETS: [(&str, Body); 6] = [
    ("records", records),
    ("eval_files", eval_files),
    ("config_files", config_files),
    ("codes", codes),
    ("checks", checks),
    ("scoring", scoring),
];

/// The input as text: UTF-8 with invalid sequences replaced, so text-only APIs
/// see every input.
pub(crate) fn lossy(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}
