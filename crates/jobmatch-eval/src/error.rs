//! The crate's single error type.

use std::io;

/// Everything that can go wrong while reading, building or reporting evaluations.
///
/// Every variant says *what* went wrong and *where*: the source label (usually a
/// file path, or a label such as `"<qrels>"` for in-memory input), the 1-based
/// line number and the field name when the problem is in a text file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    /// Reading or writing a file or stream failed.
    #[error("{source_label}: I/O error: {error}")]
    Io {
        /// File path or label of the stream.
        source_label: String,
        /// The underlying I/O error.
        #[source]
        error: io::Error,
    },

    /// A line has the wrong number of whitespace-separated fields.
    #[error(
        "{source_label}:{line}: expected {expected} whitespace-separated fields ({layout}), found {found}"
    )]
    FieldCount {
        /// File path or label of the input.
        source_label: String,
        /// 1-based line number.
        line: usize,
        /// Number of fields the format requires.
        expected: usize,
        /// Human-readable layout of the line, e.g. `<qid> 0 <docid> <grade>`.
        layout: &'static str,
        /// Number of fields actually found.
        found: usize,
    },

    /// A field could not be parsed as what the format requires.
    #[error("{source_label}:{line}: field `{field}`: expected {expected}, found `{found}`")]
    InvalidField {
        /// File path or label of the input.
        source_label: String,
        /// 1-based line number.
        line: usize,
        /// Name of the field (e.g. `grade`, `score`, `rank`).
        field: &'static str,
        /// What the field must contain.
        expected: &'static str,
        /// The text found instead.
        found: String,
    },

    /// The same (query, document) pair occurs twice.
    #[error(
        "{source_label}:{line}: duplicate entry for query `{qid}` and document `{docid}` (first seen on line {first_line})"
    )]
    Duplicate {
        /// File path or label of the input.
        source_label: String,
        /// 1-based line number of the repeated entry (0 for in-memory input).
        line: usize,
        /// 1-based line number of the first occurrence (0 for in-memory input).
        first_line: usize,
        /// Query id.
        qid: String,
        /// Document id.
        docid: String,
    },

    /// A score given in memory was NaN or infinite.
    #[error("query `{qid}`, document `{docid}`: score must be a finite number, got {score}")]
    NonFiniteScore {
        /// Query id.
        qid: String,
        /// Document id.
        docid: String,
        /// The offending score.
        score: f64,
    },

    /// An identifier given in memory is empty or contains whitespace, so it
    /// could not be written to (or read back from) a TREC file.
    #[error("{what} `{value}` must be non-empty and contain no whitespace")]
    InvalidId {
        /// Which identifier (`query id`, `document id`, `run name`).
        what: &'static str,
        /// The offending value.
        value: String,
    },

    /// A table row does not have one value per column.
    #[error("table row `{method}`: expected {expected} values (one per column), got {found}")]
    RowLength {
        /// Method name of the row.
        method: String,
        /// Number of columns.
        expected: usize,
        /// Number of values supplied.
        found: usize,
    },

    /// Serialising a report to JSON failed.
    #[error("JSON serialisation failed: {0}")]
    Json(#[from] serde_json::Error),
}
