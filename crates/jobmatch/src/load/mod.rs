//! Loading postings and seekers from JSON Lines, validating every record.
//!
//! Each line is one JSON object. A bad record is never dropped silently: in
//! [`LoadMode::Strict`] the first one stops the load with an
//! [`Error::InvalidRecord`] naming the file, line and
//! field; in [`LoadMode::Lenient`] it is kept as a [`Reject`] and loading goes on.
//! Either way `read == accepted + rejected`. Blank lines are not records and are
//! not counted. A UTF-8 byte-order mark and CRLF line ends are accepted.
//!
//! Fields the spec names as personal (`name`, `phone`, `gender`, ...) are dropped
//! and counted; unknown fields are ignored and counted. Free-text fields
//! (titles, descriptions, summaries, skill and place names) have ID-card
//! numbers, telephone numbers and e-mail addresses masked (see
//! [`crate::privacy::mask_text`]). When an id repeats, the
//! later record replaces the earlier one (upsert) and the replacement is reported.
//!
//! ```
//! use jobmatch::load::{LoadOptions, parse_postings};
//! let input = br#"{"id":"P1","title":"Welder"}
//! {"id":"P2"}
//! {"id":"P1","title":"Welder (night shift)","phone":"13800000000"}
//! "#;
//! let loaded = parse_postings(&input[..], "inline", &LoadOptions::lenient()).unwrap();
//! assert_eq!(loaded.report.read, 3);
//! assert_eq!(loaded.report.accepted, 2);
//! assert_eq!(loaded.report.rejected, 1);
//! assert_eq!(loaded.report.replaced, 1);
//! assert_eq!(loaded.report.personal_fields_dropped, 1);
//! assert_eq!(loaded.records.len(), 1);
//! assert_eq!(loaded.records[0].title, "Welder (night shift)");
//! assert_eq!(loaded.report.rejects[0].location.field, "title");
//! ```

pub(crate) mod fields;
mod records;

use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

pub use records::PERSONAL_FIELDS;
use records::{Record, count_extras};

use crate::error::{Error, InputLocation, Result};
use crate::model::{Posting, Seeker};

/// What to do with a bad record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LoadMode {
    /// Stop at the first bad record with an error.
    #[default]
    Strict,
    /// Keep bad records as rejects and go on.
    Lenient,
}

/// Options for loading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadOptions {
    /// Strict or lenient.
    pub mode: LoadMode,
    /// Longest accepted line, in bytes (default 1 MiB); longer records are rejected.
    pub max_record_bytes: usize,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            mode: LoadMode::Strict,
            max_record_bytes: 1 << 20,
        }
    }
}

impl LoadOptions {
    /// Strict loading with default limits.
    pub fn strict() -> Self {
        Self::default()
    }

    /// Lenient loading with default limits.
    pub fn lenient() -> Self {
        LoadOptions {
            mode: LoadMode::Lenient,
            ..Self::default()
        }
    }
}

/// A record that failed validation: where, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reject {
    /// File, line and field.
    pub location: InputLocation,
    /// What was expected.
    pub message: String,
}

impl std::fmt::Display for Reject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// An id that appeared more than once; the later record was kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Replacement {
    /// The repeated id.
    pub id: String,
    /// Line of the record that was replaced.
    pub earlier_line: u64,
    /// Line of the record that replaced it.
    pub later_line: u64,
}

/// Counts and details of one load.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LoadReport {
    /// Records read (non-blank lines).
    pub read: u64,
    /// Records that passed validation (including those that replaced an earlier one).
    pub accepted: u64,
    /// Records that failed validation.
    pub rejected: u64,
    /// Accepted records whose id had appeared before.
    pub replaced: u64,
    /// Personal fields dropped (summed over records).
    pub personal_fields_dropped: u64,
    /// Unknown fields ignored (summed over records).
    pub unknown_fields_ignored: u64,
    /// Every rejected record, in input order.
    pub rejects: Vec<Reject>,
    /// Every replacement, in input order.
    pub replacements: Vec<Replacement>,
}

/// The result of a load: unique records in order of first appearance, and the report.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    /// Accepted records, one per id (the last one given for that id).
    pub records: Vec<T>,
    /// What happened.
    pub report: LoadReport,
}

/// Loads postings from a JSON Lines file.
pub fn load_postings(path: &Path, options: &LoadOptions) -> Result<Loaded<Posting>> {
    load_file(path, options)
}

/// Loads seekers from a JSON Lines file.
pub fn load_seekers(path: &Path, options: &LoadOptions) -> Result<Loaded<Seeker>> {
    load_file(path, options)
}

/// Parses postings from any reader; `source` names it in errors.
pub fn parse_postings(
    reader: impl BufRead,
    source: &str,
    options: &LoadOptions,
) -> Result<Loaded<Posting>> {
    parse(reader, source, options)
}

/// Parses seekers from any reader; `source` names it in errors.
pub fn parse_seekers(
    reader: impl BufRead,
    source: &str,
    options: &LoadOptions,
) -> Result<Loaded<Seeker>> {
    parse(reader, source, options)
}

fn load_file<T: Record>(path: &Path, options: &LoadOptions) -> Result<Loaded<T>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let reader = std::io::BufReader::with_capacity(1 << 16, file);
    let loaded = parse(reader, &path.display().to_string(), options)?;
    tracing::info!(
        kind = T::KIND,
        file = %path.display(),
        read = loaded.report.read,
        accepted = loaded.report.accepted,
        rejected = loaded.report.rejected,
        replaced = loaded.report.replaced,
        personal_fields_dropped = loaded.report.personal_fields_dropped,
        "loaded"
    );
    Ok(loaded)
}

/// Reads the next line into `buf` without its line end; `Ok(false)` at the end.
fn next_line(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> std::io::Result<bool> {
    buf.clear();
    if reader.read_until(b'\n', buf)? == 0 {
        return Ok(false);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(true)
}

fn parse<T: Record>(
    reader: impl BufRead,
    source: &str,
    options: &LoadOptions,
) -> Result<Loaded<T>> {
    let mut records: Vec<T> = Vec::new();
    let mut slot_of: HashMap<String, usize> = HashMap::new();
    let report = parse_with(reader, source, options, |record: T, replaced| {
        match slot_of.get(record.id()) {
            Some(&slot) if replaced => records[slot] = record,
            _ => {
                slot_of.insert(record.id().to_string(), records.len());
                records.push(record);
            }
        }
        Ok(())
    })?;
    Ok(Loaded { records, report })
}

/// Streams postings from a file in chunks of up to `chunk_size` records, for
/// inputs too large to hold at once. A repeated id is reported as replaced; both
/// records reach `sink` in file order, so an upsert keeps the later one.
pub fn stream_postings(
    path: &Path,
    options: &LoadOptions,
    chunk_size: usize,
    sink: impl FnMut(Vec<Posting>) -> Result<()>,
) -> Result<LoadReport> {
    stream_file(path, options, chunk_size, sink)
}

/// Streams seekers from a file in chunks; see [`stream_postings`].
pub fn stream_seekers(
    path: &Path,
    options: &LoadOptions,
    chunk_size: usize,
    sink: impl FnMut(Vec<Seeker>) -> Result<()>,
) -> Result<LoadReport> {
    stream_file(path, options, chunk_size, sink)
}

fn stream_file<T: Record>(
    path: &Path,
    options: &LoadOptions,
    chunk_size: usize,
    mut sink: impl FnMut(Vec<T>) -> Result<()>,
) -> Result<LoadReport> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let reader = std::io::BufReader::with_capacity(1 << 16, file);
    let chunk_size = chunk_size.max(1);
    let mut chunk = Vec::with_capacity(chunk_size);
    let report = parse_with(reader, &path.display().to_string(), options, |record, _| {
        chunk.push(record);
        if chunk.len() >= chunk_size {
            sink(std::mem::take(&mut chunk))?;
        }
        Ok(())
    })?;
    if !chunk.is_empty() {
        sink(chunk)?;
    }
    Ok(report)
}

/// The loading loop: validates each line and hands accepted records to `accept`
/// with whether the record's id was seen before.
fn parse_with<T: Record>(
    mut reader: impl BufRead,
    source: &str,
    options: &LoadOptions,
    mut accept: impl FnMut(T, bool) -> Result<()>,
) -> Result<LoadReport> {
    let mut report = LoadReport::default();
    let mut line_of: HashMap<String, u64> = HashMap::new();
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    loop {
        let more = next_line(&mut reader, &mut buf).map_err(|e| Error::io(source, e))?;
        if !more {
            break;
        }
        line_no += 1;
        let mut bytes = buf.as_slice();
        if line_no == 1 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        report.read += 1;
        match parse_record::<T>(bytes, options) {
            Ok((record, extras)) => {
                report.accepted += 1;
                report.personal_fields_dropped += extras.personal;
                report.unknown_fields_ignored += extras.unknown;
                let earlier = line_of.insert(record.id().to_string(), line_no);
                if let Some(earlier_line) = earlier {
                    report.replaced += 1;
                    report.replacements.push(Replacement {
                        id: record.id().to_string(),
                        earlier_line,
                        later_line: line_no,
                    });
                }
                accept(record, earlier.is_some())?;
            }
            Err((field, message)) => {
                let location = InputLocation {
                    source: source.to_string(),
                    line: line_no,
                    field,
                };
                if options.mode == LoadMode::Strict {
                    return Err(Error::InvalidRecord { location, message });
                }
                report.rejected += 1;
                report.rejects.push(Reject { location, message });
            }
        }
    }
    Ok(report)
}

fn parse_record<T: Record>(
    bytes: &[u8],
    options: &LoadOptions,
) -> std::result::Result<(T, records::Extras), (String, String)> {
    if bytes.len() > options.max_record_bytes {
        return Err((
            String::new(),
            format!(
                "record is {} bytes, longer than the limit of {} bytes",
                bytes.len(),
                options.max_record_bytes
            ),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        (
            String::new(),
            format!("invalid UTF-8 at byte {} of the line", e.valid_up_to()),
        )
    })?;
    let value: Value = serde_json::from_str(text).map_err(|e| {
        (
            String::new(),
            format!(
                "malformed JSON at column {}: {}",
                e.column(),
                json_error_kind(&e)
            ),
        )
    })?;
    let Value::Object(map) = value else {
        return Err((String::new(), "expected a JSON object".to_string()));
    };
    let extras = count_extras(&map, T::known_fields());
    let record = T::from_json(&map).map_err(|e| (e.field, e.message))?;
    Ok((record, extras))
}

/// A description of a JSON syntax error that never quotes the input.
fn json_error_kind(e: &serde_json::Error) -> &'static str {
    use serde_json::error::Category;
    match e.classify() {
        Category::Io => "read error",
        Category::Syntax => "syntax error",
        Category::Data => "unexpected data",
        Category::Eof => "unexpected end of input",
    }
}
