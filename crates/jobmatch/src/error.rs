//! The library's error type: what went wrong, and where.

use std::path::PathBuf;

/// Where in an input a problem was found: the source (usually a file path), the
/// 1-based line, and the field path inside the record (e.g. `skills[2].level`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InputLocation {
    /// The input's name: a file path, or a label such as `<memory>`.
    pub source: String,
    /// 1-based line number (0 when the problem concerns the whole input).
    pub line: u64,
    /// Dotted path of the offending field, empty when the record as a whole is at fault.
    pub field: String,
}

impl std::fmt::Display for InputLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.source, self.line)?;
        if !self.field.is_empty() {
            write!(f, ": field `{}`", self.field)?;
        }
        Ok(())
    }
}

/// Every error the jobmatch library returns.
///
/// Messages never contain record contents (personal data): they name the file,
/// the line, the field and what was expected.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A record failed validation.
    #[error("{location}: {message}")]
    InvalidRecord {
        /// Where the bad record is.
        location: InputLocation,
        /// What was expected.
        message: String,
    },
    /// A configuration value (weights, options) is invalid.
    #[error("invalid configuration{}: {message}", source_suffix(.source_name))]
    InvalidConfig {
        /// The configuration file, when one was read.
        source_name: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// Another process (or another writer in this one) holds the index's write lock.
    #[error("index is locked: another writer is using {}", .path.display())]
    IndexLocked {
        /// The index directory.
        path: PathBuf,
    },
    /// Another process holds the lock of this work directory or file (e.g. a
    /// push of the same shard, or an index being built).
    #[error("{} is locked: another jobmatch process is writing to it; try again when it has finished", .path.display())]
    Locked {
        /// The locked directory or file.
        path: PathBuf,
    },
    /// An index directory could not be opened or is damaged.
    #[error("index at {}: {message}", .path.display())]
    Index {
        /// The index directory (or `<ram>`).
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// No record with this id exists in the index.
    #[error("no {kind} with id `{id}` in the index")]
    NotFound {
        /// `posting` or `seeker`.
        kind: &'static str,
        /// The id that was asked for (an id is a pseudonym, never personal data).
        id: String,
    },
    /// Reading or writing a file failed.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// An error inside tantivy not covered by a more specific variant.
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// Reading judgments or runs, or computing an evaluation, failed (see [`crate::eval`]).
    #[error("evaluation: {0}")]
    Eval(#[from] jobmatch_eval::EvalError),
}

fn source_suffix(source: &Option<String>) -> String {
    source
        .as_ref()
        .map(|s| format!(" in {s}"))
        .unwrap_or_default()
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::InvalidConfig {
            source_name: None,
            message: message.into(),
        }
    }
}

/// A TOML parse error as "line N: what", without the parser's quotation of
/// the offending line (a config file may hold text that must not be echoed).
pub(crate) fn toml_error(text: &str, e: &toml::de::Error) -> String {
    match e.span() {
        Some(span) => {
            let line = text
                .get(..span.start)
                .map_or(0, |before| before.matches('\n').count())
                + 1;
            format!("line {line}: {}", e.message())
        }
        None => e.message().to_string(),
    }
}
