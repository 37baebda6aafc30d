//! Reading and writing TREC qrels and run files.
//!
//! * Qrels: `<qid> <iter> <docid> <grade>` per line, whitespace separated, with an
//!   integer `grade >= 0` (0 = not relevant). The `<iter>` field (conventionally
//!   `0`) is ignored, as `trec_eval` does.
//! * Runs: `<qid> Q0 <docid> <rank> <score> <run_name>` per line. The `Q0` field is
//!   ignored and the rank must be an integer, but — exactly like `trec_eval` — the
//!   rank is **not** used for ordering: a query's documents are ordered by score
//!   descending, ties broken by document id in descending byte order (see
//!   [`compare_trec`]).
//!
//! Blank lines are skipped. Any other malformed line is an [`EvalError`] naming the
//! source, line and field; parsing never panics.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::Path;

use serde::Serialize;

use crate::EvalError;

/// A relevance grade (0 = not relevant; `>= 1` = relevant; larger = more relevant).
pub type Grade = u32;

const QRELS_LAYOUT: &str = "<qid> 0 <docid> <grade>";
const RUN_LAYOUT: &str = "<qid> Q0 <docid> <rank> <score> <run_name>";

/// Relevance judgments: query id → document id → grade.
///
/// Ordering is deterministic (sorted by query id, then document id).
///
/// ```
/// use jobmatch_eval::Qrels;
/// let qrels = Qrels::parse_str("s1 0 p7 2\ns1 0 p9 0\ns2 0 p7 1\n", "<qrels>")?;
/// assert_eq!(qrels.grade("s1", "p7"), Some(2));
/// assert_eq!(qrels.num_relevant("s1"), 1);
/// assert_eq!(qrels.num_queries(), 2);
/// # Ok::<(), jobmatch_eval::EvalError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Qrels {
    queries: BTreeMap<String, BTreeMap<String, Grade>>,
}

impl Qrels {
    /// An empty set of judgments.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the grade of `docid` for `qid`, returning the previous grade if any.
    ///
    /// Fails if an id is empty or contains whitespace (it could not be written as TREC).
    ///
    /// ```
    /// let mut qrels = jobmatch_eval::Qrels::new();
    /// assert_eq!(qrels.insert("q", "d", 1)?, None);
    /// assert_eq!(qrels.insert("q", "d", 3)?, Some(1));
    /// # Ok::<(), jobmatch_eval::EvalError>(())
    /// ```
    pub fn insert(
        &mut self,
        qid: &str,
        docid: &str,
        grade: Grade,
    ) -> Result<Option<Grade>, EvalError> {
        check_id("query id", qid)?;
        check_id("document id", docid)?;
        Ok(self
            .queries
            .entry(qid.to_owned())
            .or_default()
            .insert(docid.to_owned(), grade))
    }

    /// Parses qrels text; `source_label` (e.g. a file name) is used in error messages.
    ///
    /// Duplicate (query, document) pairs are an error (`pytrec_eval.parse_qrel`
    /// rejects them too).
    ///
    /// ```
    /// let err = jobmatch_eval::Qrels::parse_str("q1 0 d1 high\n", "judged.txt").unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "judged.txt:1: field `grade`: expected an integer >= 0, found `high`"
    /// );
    /// ```
    pub fn parse_str(text: &str, source_label: &str) -> Result<Self, EvalError> {
        Self::read(text.as_bytes(), source_label)
    }

    /// Reads qrels from a buffered reader; `source_label` is used in error messages.
    pub fn read<R: BufRead>(reader: R, source_label: &str) -> Result<Self, EvalError> {
        let mut qrels = Qrels::new();
        let mut first_seen: HashMap<(String, String), usize> = HashMap::new();
        for (index, line) in reader.lines().enumerate() {
            let line_no = index + 1;
            let line = line.map_err(|error| io_error(source_label, error))?;
            let fields: Vec<&str> = line.split_whitespace().collect();
            if fields.is_empty() {
                continue;
            }
            let [qid, _iter, docid, grade] = fields[..] else {
                return Err(EvalError::FieldCount {
                    source_label: source_label.to_owned(),
                    line: line_no,
                    expected: 4,
                    layout: QRELS_LAYOUT,
                    found: fields.len(),
                });
            };
            let grade: Grade = grade.parse().map_err(|_| EvalError::InvalidField {
                source_label: source_label.to_owned(),
                line: line_no,
                field: "grade",
                expected: "an integer >= 0",
                found: grade.to_owned(),
            })?;
            let key = (qid.to_owned(), docid.to_owned());
            if let Some(&first_line) = first_seen.get(&key) {
                return Err(duplicate(source_label, line_no, first_line, key));
            }
            first_seen.insert(key, line_no);
            qrels
                .queries
                .entry(qid.to_owned())
                .or_default()
                .insert(docid.to_owned(), grade);
        }
        Ok(qrels)
    }

    /// Reads a qrels file; errors name the path.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, EvalError> {
        let path = path.as_ref();
        let label = path.display().to_string();
        let file = File::open(path).map_err(|error| io_error(&label, error))?;
        Self::read(BufReader::new(file), &label)
    }

    /// Writes the judgments in TREC qrels format (`<qid> 0 <docid> <grade>`), sorted.
    pub fn write<W: Write>(&self, mut writer: W) -> io::Result<()> {
        for (qid, docs) in &self.queries {
            for (docid, grade) in docs {
                writeln!(writer, "{qid} 0 {docid} {grade}")?;
            }
        }
        writer.flush()
    }

    /// Judgments of one query (document id → grade), if the query is judged.
    pub fn query(&self, qid: &str) -> Option<&BTreeMap<String, Grade>> {
        self.queries.get(qid)
    }

    /// The grade of `docid` for `qid`, if judged.
    pub fn grade(&self, qid: &str, docid: &str) -> Option<Grade> {
        self.queries.get(qid)?.get(docid).copied()
    }

    /// Number of documents with grade `>= 1` for `qid` (0 if the query is not judged).
    pub fn num_relevant(&self, qid: &str) -> usize {
        self.queries.get(qid).map_or(0, |docs| {
            docs.values()
                .filter(|&&g| g >= crate::metrics::RELEVANCE_LEVEL)
                .count()
        })
    }

    /// Judged queries in ascending id order with their judgments.
    pub fn queries(&self) -> impl Iterator<Item = (&str, &BTreeMap<String, Grade>)> {
        self.queries.iter().map(|(q, d)| (q.as_str(), d))
    }

    /// Number of judged queries (including those whose documents are all grade 0).
    pub fn num_queries(&self) -> usize {
        self.queries.len()
    }

    /// True if there are no judgments at all.
    pub fn is_empty(&self) -> bool {
        self.queries.is_empty()
    }
}

/// One retrieved document of a run: its id and score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunEntry {
    /// Document id.
    pub docid: String,
    /// Retrieval score (finite).
    pub score: f64,
}

/// A ranking: query id → documents in `trec_eval` order.
///
/// Each query's list is kept sorted by [`compare_trec`] (score descending, ties by
/// document id descending) and has no duplicate documents, so position `i` in
/// [`Run::query`] is rank `i + 1` exactly as `trec_eval` and `pytrec_eval` see it.
///
/// ```
/// use jobmatch_eval::Run;
/// let mut run = Run::new("engine")?;
/// run.set_query("s1", [("p1".to_owned(), 0.5), ("p2".to_owned(), 0.9), ("p3".to_owned(), 0.5)])?;
/// let order: Vec<&str> = run.query("s1").unwrap_or_default().iter().map(|e| e.docid.as_str()).collect();
/// assert_eq!(order, ["p2", "p3", "p1"]); // tie at 0.5: descending docid
///
/// let mut out = Vec::new();
/// run.write(&mut out)?;
/// assert_eq!(
///     String::from_utf8_lossy(&out),
///     "s1 Q0 p2 1 0.9 engine\ns1 Q0 p3 2 0.5 engine\ns1 Q0 p1 3 0.5 engine\n"
/// );
/// assert_eq!(Run::parse_str(&String::from_utf8_lossy(&out), "<run>")?, run);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Run {
    name: String,
    queries: BTreeMap<String, Vec<RunEntry>>,
}

/// Orders two scored documents exactly as `trec_eval` does (`comp_sim_docno` in
/// `form_res_rels.c`, also used by `pytrec_eval`).
///
/// `trec_eval` stores scores as C `float`, so scores are compared after rounding to
/// `f32` (two scores equal in `f32` are a tie); higher score first; ties broken by
/// document id in **descending** byte-wise (`strcmp`) order.
///
/// ```
/// use std::cmp::Ordering;
/// use jobmatch_eval::trec::compare_trec;
/// assert_eq!(compare_trec("a", 2.0, "b", 1.0), Ordering::Less); // higher score first
/// assert_eq!(compare_trec("a", 1.0, "b", 1.0), Ordering::Greater); // tie: "b" first
/// assert_eq!(compare_trec("a", 1.0 + 1e-12, "b", 1.0), Ordering::Greater); // equal as f32
/// ```
pub fn compare_trec(doc_a: &str, score_a: f64, doc_b: &str, score_b: f64) -> Ordering {
    as_trec_float(score_b)
        .total_cmp(&as_trec_float(score_a))
        .then_with(|| doc_b.as_bytes().cmp(doc_a.as_bytes()))
}

/// The score as `trec_eval` holds it: a C `float`, with -0.0 equal to 0.0.
#[allow(clippy::cast_possible_truncation)]
fn as_trec_float(score: f64) -> f32 {
    let s = score as f32;
    if s == 0.0 { 0.0 } else { s }
}

impl Run {
    /// An empty run called `name` (the last column of run files).
    ///
    /// Fails if the name is empty or contains whitespace.
    pub fn new(name: &str) -> Result<Self, EvalError> {
        check_id("run name", name)?;
        Ok(Self {
            name: name.to_owned(),
            queries: BTreeMap::new(),
        })
    }

    /// The run name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Sets (replacing) the retrieved documents of `qid`; they are sorted into
    /// `trec_eval` order. Input order and any ranks the caller had are irrelevant.
    ///
    /// An empty `docs` removes the query: as in a TREC file, a query that
    /// retrieved nothing is simply absent from the run.
    ///
    /// Fails on a duplicate document, a non-finite score or an invalid id.
    pub fn set_query(
        &mut self,
        qid: &str,
        docs: impl IntoIterator<Item = (String, f64)>,
    ) -> Result<(), EvalError> {
        check_id("query id", qid)?;
        let mut entries = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (docid, score) in docs {
            check_id("document id", &docid)?;
            if !score.is_finite() {
                return Err(EvalError::NonFiniteScore {
                    qid: qid.to_owned(),
                    docid,
                    score,
                });
            }
            if !seen.insert(docid.clone()) {
                return Err(EvalError::Duplicate {
                    source_label: format!("run `{}`", self.name),
                    line: 0,
                    first_line: 0,
                    qid: qid.to_owned(),
                    docid,
                });
            }
            entries.push(RunEntry { docid, score });
        }
        sort_trec(&mut entries);
        if entries.is_empty() {
            self.queries.remove(qid);
        } else {
            self.queries.insert(qid.to_owned(), entries);
        }
        Ok(())
    }

    /// Documents retrieved for `qid`, best first (`trec_eval` order).
    pub fn query(&self, qid: &str) -> Option<&[RunEntry]> {
        self.queries.get(qid).map(Vec::as_slice)
    }

    /// Queries in ascending id order with their ranked documents.
    pub fn queries(&self) -> impl Iterator<Item = (&str, &[RunEntry])> {
        self.queries.iter().map(|(q, d)| (q.as_str(), d.as_slice()))
    }

    /// Number of queries in the run.
    pub fn num_queries(&self) -> usize {
        self.queries.len()
    }

    /// True if the run has no queries.
    pub fn is_empty(&self) -> bool {
        self.queries.is_empty()
    }

    /// Keeps only the top `k` documents of every query (`k = 0` empties the run).
    pub fn truncate(&mut self, k: usize) {
        if k == 0 {
            self.queries.clear();
        }
        for entries in self.queries.values_mut() {
            entries.truncate(k);
        }
    }

    /// Parses run text; `source_label` (e.g. a file name) is used in error messages.
    ///
    /// The run name is taken from the first line (`"run"` for an empty input).
    /// A document repeated within a query is an error, as in `trec_eval`
    /// (`form_res_rels`: "duplicate docs").
    ///
    /// ```
    /// let err = jobmatch_eval::Run::parse_str("q1 Q0 d1 1 abc r\n", "run.txt").unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "run.txt:1: field `score`: expected a finite number, found `abc`"
    /// );
    /// ```
    pub fn parse_str(text: &str, source_label: &str) -> Result<Self, EvalError> {
        Self::read(text.as_bytes(), source_label)
    }

    /// Reads a run from a buffered reader; `source_label` is used in error messages.
    pub fn read<R: BufRead>(reader: R, source_label: &str) -> Result<Self, EvalError> {
        let mut name: Option<String> = None;
        let mut queries: BTreeMap<String, Vec<RunEntry>> = BTreeMap::new();
        let mut first_seen: HashMap<(String, String), usize> = HashMap::new();
        for (index, line) in reader.lines().enumerate() {
            let line_no = index + 1;
            let line = line.map_err(|error| io_error(source_label, error))?;
            let fields: Vec<&str> = line.split_whitespace().collect();
            if fields.is_empty() {
                continue;
            }
            let [qid, _q0, docid, rank, score, run_name] = fields[..] else {
                return Err(EvalError::FieldCount {
                    source_label: source_label.to_owned(),
                    line: line_no,
                    expected: 6,
                    layout: RUN_LAYOUT,
                    found: fields.len(),
                });
            };
            if rank.parse::<i64>().is_err() {
                return Err(EvalError::InvalidField {
                    source_label: source_label.to_owned(),
                    line: line_no,
                    field: "rank",
                    expected: "an integer",
                    found: rank.to_owned(),
                });
            }
            let score = match score.parse::<f64>() {
                Ok(s) if s.is_finite() => s,
                _ => {
                    return Err(EvalError::InvalidField {
                        source_label: source_label.to_owned(),
                        line: line_no,
                        field: "score",
                        expected: "a finite number",
                        found: score.to_owned(),
                    });
                }
            };
            let key = (qid.to_owned(), docid.to_owned());
            if let Some(&first_line) = first_seen.get(&key) {
                return Err(duplicate(source_label, line_no, first_line, key));
            }
            first_seen.insert(key, line_no);
            if name.is_none() {
                name = Some(run_name.to_owned());
            }
            queries.entry(qid.to_owned()).or_default().push(RunEntry {
                docid: docid.to_owned(),
                score,
            });
        }
        for entries in queries.values_mut() {
            sort_trec(entries);
        }
        Ok(Run {
            name: name.unwrap_or_else(|| "run".to_owned()),
            queries,
        })
    }

    /// Reads a run file; errors name the path.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, EvalError> {
        let path = path.as_ref();
        let label = path.display().to_string();
        let file = File::open(path).map_err(|error| io_error(&label, error))?;
        Self::read(BufReader::new(file), &label)
    }

    /// Writes the run in TREC format, queries in ascending id order, ranks from 1 in
    /// `trec_eval` order. Scores are written in Rust's shortest round-trip form, so
    /// reading the output back gives an identical run.
    pub fn write<W: Write>(&self, mut writer: W) -> io::Result<()> {
        for (qid, entries) in &self.queries {
            for (i, entry) in entries.iter().enumerate() {
                writeln!(
                    writer,
                    "{qid} Q0 {} {} {} {}",
                    entry.docid,
                    i + 1,
                    entry.score,
                    self.name
                )?;
            }
        }
        writer.flush()
    }

    /// Writes the run to a file (created or truncated); errors name the path.
    pub fn write_to_path(&self, path: impl AsRef<Path>) -> Result<(), EvalError> {
        let path = path.as_ref();
        let label = path.display().to_string();
        let file = File::create(path).map_err(|error| io_error(&label, error))?;
        self.write(BufWriter::new(file))
            .map_err(|error| io_error(&label, error))
    }
}

fn sort_trec(entries: &mut [RunEntry]) {
    entries.sort_by(|a, b| compare_trec(&a.docid, a.score, &b.docid, b.score));
}

fn check_id(what: &'static str, value: &str) -> Result<(), EvalError> {
    if value.is_empty() || value.chars().any(char::is_whitespace) {
        return Err(EvalError::InvalidId {
            what,
            value: value.to_owned(),
        });
    }
    Ok(())
}

fn io_error(source_label: &str, error: io::Error) -> EvalError {
    EvalError::Io {
        source_label: source_label.to_owned(),
        error,
    }
}

fn duplicate(
    source_label: &str,
    line: usize,
    first_line: usize,
    key: (String, String),
) -> EvalError {
    EvalError::Duplicate {
        source_label: source_label.to_owned(),
        line,
        first_line,
        qid: key.0,
        docid: key.1,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn qrels_errors_name_line_and_field() {
        let err = Qrels::parse_str("q 0 d 1\n\nq 0 d2\n", "x.qrels").unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.qrels:3: expected 4 whitespace-separated fields (<qid> 0 <docid> <grade>), found 3"
        );
        let err = Qrels::parse_str("q 0 d -1\n", "x").unwrap_err();
        assert!(matches!(
            err,
            EvalError::InvalidField {
                line: 1,
                field: "grade",
                ..
            }
        ));
        let err = Qrels::parse_str("q 0 d 1\nq 0 d 2\n", "x").unwrap_err();
        assert!(matches!(
            err,
            EvalError::Duplicate {
                line: 2,
                first_line: 1,
                ..
            }
        ));
    }

    #[test]
    fn qrels_accepts_tabs_and_blank_lines() {
        let q = Qrels::parse_str("  \nq1\t0\td1\t3\r\n", "x").unwrap();
        assert_eq!(q.grade("q1", "d1"), Some(3));
        assert_eq!(q.num_relevant("q1"), 1);
    }

    #[test]
    fn run_errors() {
        for (text, field) in [
            ("q Q0 d x 1.0 r\n", "rank"),
            ("q Q0 d 1 nan r\n", "score"),
            ("q Q0 d 1 inf r\n", "score"),
        ] {
            let err = Run::parse_str(text, "r").unwrap_err();
            assert!(
                matches!(err, EvalError::InvalidField { field: f, .. } if f == field),
                "{text}: {err}"
            );
        }
        let err = Run::parse_str("q Q0 d 1 1.0\n", "r").unwrap_err();
        assert!(matches!(
            err,
            EvalError::FieldCount {
                found: 5,
                expected: 6,
                ..
            }
        ));
        let err = Run::parse_str("q Q0 d 1 1.0 r\nq Q0 d 2 0.5 r\n", "r").unwrap_err();
        assert!(matches!(err, EvalError::Duplicate { line: 2, .. }));
    }

    #[test]
    fn run_ignores_rank_column_and_sorts_like_trec_eval() {
        let run = Run::parse_str(
            "q Q0 a 1 1.0 r\nq Q0 c 2 1.0 r\nq Q0 b 3 2.0 r\nq Q0 z 4 -0.0 r\nq Q0 y 5 0.0 r\n",
            "r",
        )
        .unwrap();
        let order: Vec<&str> = run
            .query("q")
            .unwrap()
            .iter()
            .map(|e| e.docid.as_str())
            .collect();
        assert_eq!(order, ["b", "c", "a", "z", "y"]);
    }

    #[test]
    fn set_query_rejects_bad_input() {
        let mut run = Run::new("r").unwrap();
        assert!(matches!(
            run.set_query("q", [("d".to_owned(), f64::NAN)]),
            Err(EvalError::NonFiniteScore { .. })
        ));
        assert!(matches!(
            run.set_query("q", [("d".to_owned(), 1.0), ("d".to_owned(), 2.0)]),
            Err(EvalError::Duplicate { .. })
        ));
        assert!(matches!(
            run.set_query("q x", [("d".to_owned(), 1.0)]),
            Err(EvalError::InvalidId { .. })
        ));
        assert!(Run::new("").is_err());
    }

    proptest::proptest! {
        #[test]
        fn parsers_never_panic(text in "([a-z0-9 .eE+-]{0,12}[ \t]{0,2}){0,8}(\n|\r\n)?[^\u{0}]{0,40}") {
            let _ = Qrels::parse_str(&text, "fuzz");
            let _ = Run::parse_str(&text, "fuzz");
        }

        #[test]
        fn run_write_read_round_trip(
            docs in proptest::collection::vec(("[a-z]{1,3}", proptest::num::f64::NORMAL | proptest::num::f64::ZERO | proptest::num::f64::SUBNORMAL), 0..20)
        ) {
            let mut run = Run::new("rt").unwrap();
            run.set_query("other", [("x".to_owned(), 1.0)]).unwrap();
            let mut seen = std::collections::HashSet::new();
            let docs: Vec<(String, f64)> = docs.into_iter().filter(|(d, _)| seen.insert(d.clone())).collect();
            run.set_query("q", docs).unwrap();
            let mut out = Vec::new();
            run.write(&mut out).unwrap();
            let back = Run::parse_str(&String::from_utf8(out).unwrap(), "rt").unwrap();
            proptest::prop_assert_eq!(back, run);
        }
    }

    #[test]
    fn missing_file_names_path() {
        let err = Qrels::from_path("/nonexistent/q.txt").unwrap_err();
        assert!(err.to_string().starts_with("/nonexistent/q.txt: I/O error"));
    }
}
