//! The error type of the generator.

use std::path::PathBuf;

/// What went wrong while generating a dataset, and where.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GenError {
    /// The configuration cannot be generated (for example zero postings with seekers to judge).
    #[error("invalid configuration: {0}")]
    Config(String),
    /// A file or directory could not be created, written or renamed.
    #[error("I/O error on {path}: {source}")]
    Io {
        /// The file or directory concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A record could not be serialised to JSON.
    #[error("could not serialise a record for {file}: {source}")]
    Json {
        /// The output file the record was meant for.
        file: String,
        /// The underlying error.
        #[source]
        source: serde_json::Error,
    },
    /// The embedded vocabulary is malformed (a bug in the crate's `vocab/` files).
    #[error("embedded vocabulary {file}, line {line}: {message}")]
    Vocab {
        /// The vocabulary file.
        file: &'static str,
        /// The 1-based line number.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
}

impl GenError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        GenError::Io {
            path: path.into(),
            source,
        }
    }
}
