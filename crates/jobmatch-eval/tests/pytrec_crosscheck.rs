//! Cross-check of jobmatch-eval's metrics against an outside implementation:
//! `pytrec_eval` (PyPI `pytrec-eval-terrier`, trec_eval's C code), driven by
//! `tests/pytrec_check.py` on the very same qrels and run files.
//!
//! Needs `python3` with `pip install pytrec-eval-terrier==0.5.11` (another
//! interpreter can be chosen with `JOBMATCH_PYTHON`). If it is missing the tests
//! FAIL when the `CI` environment variable is set, and are skipped with a loud
//! notice otherwise.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use jobmatch_eval::{Evaluation, Metric, MissingQueries, Qrels, Run, evaluate};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;

const PIP_INSTALL: &str = "python3 -m pip install pytrec-eval-terrier==0.5.11";
const TOLERANCE: f64 = 1e-6;

/// The metrics compared, with their pytrec_eval names.
const METRICS: [Metric; 8] = Metric::STANDARD;

fn python() -> String {
    std::env::var("JOBMATCH_PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pytrec_check.py")
}

/// `true` if pytrec_eval can be used; otherwise fails under CI or skips loudly.
fn pytrec_available() -> bool {
    let problem = match Command::new(python()).arg(script()).arg("--check").output() {
        Ok(out) if out.status.success() => return true,
        Ok(out) => format!(
            "`{} {} --check` failed: {}",
            python(),
            script().display(),
            String::from_utf8_lossy(&out.stderr).trim()
        ),
        Err(e) => format!("cannot run `{}`: {e}", python()),
    };
    let message = format!(
        "pytrec_eval cross-check unavailable: {problem}\n\
         install it with: {PIP_INSTALL}"
    );
    if std::env::var_os("CI").is_some() {
        panic!("{message}\n(CI is set, so a missing outside implementation is an error)");
    }
    // Written to the stderr handle directly so the test harness does not capture it.
    let bar = "!".repeat(72);
    let _ = writeln!(
        std::io::stderr(),
        "\n{bar}\n!!! SKIPPING the pytrec_eval cross-check (set CI=1 to make this fail)\n!!! {message}\n{bar}"
    );
    false
}

fn run_pytrec(qrels: &Path, run: &Path) -> Value {
    let out = Command::new(python())
        .arg(script())
        .arg(qrels)
        .arg(run)
        .output()
        .expect("pytrec_check.py could not be started");
    assert!(
        out.status.success(),
        "pytrec_check.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("pytrec_check.py printed invalid JSON")
}

fn number(v: &Value, what: &str) -> f64 {
    v.as_f64()
        .unwrap_or_else(|| panic!("{what}: not a number: {v}"))
}

fn compare(case: &str, ours: &Evaluation, theirs: &Value) {
    let mut errors = String::new();
    let their_queries = theirs["per_query"]
        .as_object()
        .expect("per_query must be an object");
    let our_ids: Vec<&String> = ours.per_query.keys().collect();
    let their_ids: Vec<&String> = their_queries.keys().collect();
    assert_eq!(our_ids, their_ids, "{case}: evaluated query sets differ");
    assert_eq!(
        ours.num_queries as u64,
        theirs["num_queries"].as_u64().expect("num_queries"),
        "{case}: number of averaged queries differs"
    );
    for (qid, values) in their_queries {
        for metric in METRICS {
            let name = metric.trec_eval_name();
            let theirs = number(&values[&name], &format!("{case} {qid} {name}"));
            let ours = ours
                .query_value(qid, metric)
                .expect("metric evaluated for query");
            if (ours - theirs).abs() > TOLERANCE {
                writeln!(
                    errors,
                    "{case}: query {qid} {name}: ours {ours} vs pytrec_eval {theirs}"
                )
                .expect("write to string");
            }
        }
    }
    for metric in METRICS {
        let name = metric.trec_eval_name();
        let theirs = number(&theirs["means"][&name], &format!("{case} mean {name}"));
        let ours = ours.mean(metric).expect("metric evaluated");
        if (ours - theirs).abs() > TOLERANCE {
            writeln!(
                errors,
                "{case}: mean {name}: ours {ours} vs pytrec_eval {theirs}"
            )
            .expect("write to string");
        }
    }
    assert!(
        errors.is_empty(),
        "disagreements with pytrec_eval:\n{errors}"
    );
}

/// Writes the files, evaluates them with both implementations and compares
/// every metric per query and on average. Also checks that our run writer's
/// output evaluates identically. Returns the number of queries compared.
fn cross_check(case: &str, qrels_text: &str, run_text: &str) -> Option<usize> {
    if !pytrec_available() {
        return None;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let qrels_path = dir.path().join(format!("{case}.qrels"));
    let run_path = dir.path().join(format!("{case}.run"));
    std::fs::write(&qrels_path, qrels_text).expect("write qrels");
    std::fs::write(&run_path, run_text).expect("write run");

    let qrels = Qrels::from_path(&qrels_path).expect("our qrels parser");
    let run = Run::from_path(&run_path).expect("our run parser");
    let ours = evaluate(&qrels, &run, &METRICS, MissingQueries::Skip);
    let theirs = run_pytrec(&qrels_path, &run_path);
    compare(case, &ours, &theirs);

    // Our writer's output must mean the same thing to trec_eval.
    let rewritten = dir.path().join(format!("{case}.rewritten.run"));
    run.write_to_path(&rewritten).expect("write run");
    compare(
        &format!("{case} (rewritten)"),
        &ours,
        &run_pytrec(&qrels_path, &rewritten),
    );
    eprintln!(
        "{case}: {} queries ({} averaged) agree with pytrec_eval {} to {TOLERANCE}",
        ours.per_query.len(),
        ours.num_queries,
        theirs["pytrec_eval_version"]
    );
    Some(ours.per_query.len())
}

#[test]
fn ties_in_score() {
    // The rank column is deliberately wrong: trec_eval ignores it.
    let qrels = "\
t1 0 a 1\nt1 0 b 0\nt1 0 c 2\nt1 0 \u{e9} 1\nt1 0 y 1\n\
t2 0 d03 1\nt2 0 d07 2\nt2 0 d11 1\nt2 0 d12 0\nt2 0 d99 3\n\
t3 0 a 1\nt3 0 c 1\nt3 0 e 2\n";
    let mut run = String::new();
    // t1: five-way tie at 1.0 (incl. a non-ASCII id), two-way tie at 0.5.
    for (i, (d, s)) in [
        ("a", "1.0"),
        ("b", "1"),
        ("c", "1.0"),
        ("z", "1.00"),
        ("\u{e9}", "1.0"),
        ("y", "0.5"),
        ("x", "0.5"),
    ]
    .iter()
    .enumerate()
    {
        writeln!(run, "t1 Q0 {d} {} {s} tie", 7 - i).expect("write");
    }
    // t2: twelve documents tied at 0.3, straddling the 5, 10 and 20 cutoffs.
    for i in 1..=12 {
        writeln!(run, "t2 Q0 d{i:02} {i} 0.3 tie").expect("write");
    }
    writeln!(run, "t2 Q0 d99 13 0.29 tie").expect("write");
    // t3: scores equal as C float but not as double, and -0 vs 0.
    for (d, s) in [
        ("a", "0.1000000000001"),
        ("b", "0.1"),
        ("c", "-0.0"),
        ("d", "0"),
        ("e", "-1e-30"),
        ("f", "-0.000000000000000000000000000001"),
    ] {
        writeln!(run, "t3 Q0 {d} 1 {s} tie").expect("write");
    }
    if let Some(n) = cross_check("ties", qrels, &run) {
        assert_eq!(n, 3);
    }
}

#[test]
fn queries_without_relevant_documents() {
    // n1: judged, nothing relevant; n2: normal; n3: judged, not in the run;
    // n4: in the run, not judged; n5: judged, nothing relevant, nothing retrieved
    // that is judged.
    let qrels = "\
n1 0 a 0\nn1 0 b 0\n\
n2 0 a 1\nn2 0 q 0\n\
n3 0 x 1\n\
n5 0 k 0\n";
    let run = "\
n1 Q0 a 1 3.0 r\nn1 Q0 b 2 2.0 r\nn1 Q0 c 3 1.0 r\n\
n2 Q0 b 1 2.0 r\nn2 Q0 q 2 1.5 r\nn2 Q0 a 3 1.0 r\n\
n4 Q0 a 1 1.0 r\n\
n5 Q0 z 1 1.0 r\n";
    if let Some(n) = cross_check("no_relevant", qrels, run) {
        assert_eq!(n, 3);
    }
}

#[test]
fn grades_above_one() {
    let mut qrels = String::new();
    let mut run = String::new();
    // g1: 25 judged documents with grades 0..=4; the run misses some relevant
    // ones and retrieves unjudged ones.
    for i in 0..25u32 {
        writeln!(qrels, "g1 0 doc{i} {}", (i * 7) % 5).expect("write");
    }
    for (rank, i) in [
        3u32, 17, 0, 30, 4, 9, 22, 11, 31, 1, 5, 24, 8, 2, 16, 12, 19, 32, 6, 14, 10, 21,
    ]
    .iter()
    .enumerate()
    {
        writeln!(run, "g1 Q0 doc{i} {} {} graded", rank + 1, 100 - rank).expect("write");
    }
    // g2: highly relevant document only at rank 15 (visible to nDCG@20 only).
    writeln!(qrels, "g2 0 best 3\ng2 0 ok 1").expect("write");
    for r in 1..=20 {
        let d = match r {
            15 => "best".to_owned(),
            18 => "ok".to_owned(),
            _ => format!("junk{r}"),
        };
        writeln!(run, "g2 Q0 {d} {r} {} graded", 1.0 / f64::from(r)).expect("write");
    }
    // g3: a single grade-2 document retrieved first.
    writeln!(qrels, "g3 0 only 2\ng3 0 other 0").expect("write");
    writeln!(run, "g3 Q0 only 1 5 graded\ng3 Q0 other 2 4 graded").expect("write");
    if let Some(n) = cross_check("grades", &qrels, &run) {
        assert_eq!(n, 3);
    }
}

#[test]
fn randomized_fixed_seed() {
    let mut rng = ChaCha8Rng::seed_from_u64(0x6a6f_626d_6174_6368);
    let mut qrels_lines = Vec::new();
    let mut run_lines = Vec::new();
    for q in 0..60 {
        let qid = format!("q{q}");
        let mut docs: Vec<u32> = (0..200).collect();
        docs.shuffle(&mut rng);
        let judged = rng.random_range(0..30usize);
        let judged_only = q % 10 == 7; // some queries with nothing relevant
        if q % 13 != 5 {
            for &d in &docs[..judged] {
                let grade = if judged_only {
                    0
                } else {
                    rng.random_range(0..4u32)
                };
                qrels_lines.push(format!("{qid} 0 d{d:03} {grade}"));
            }
        }
        if q % 11 == 3 {
            continue; // judged but absent from the run
        }
        docs.shuffle(&mut rng);
        let depth = rng.random_range(1..60usize);
        for (rank, &d) in docs[..depth].iter().enumerate() {
            let score = if rng.random_bool(0.4) {
                // coarse scores: plenty of ties
                f64::from(rng.random_range(0..6u32)) * 0.25
            } else {
                rng.random_range(-5.0..5.0)
            };
            run_lines.push(format!("{qid} Q0 d{d:03} {} {score} rand", rank + 1));
        }
    }
    // Line order must not matter either.
    qrels_lines.shuffle(&mut rng);
    run_lines.shuffle(&mut rng);
    let qrels = qrels_lines.join("\n") + "\n";
    let run = run_lines.join("\n") + "\n";
    if let Some(n) = cross_check("random", &qrels, &run) {
        assert!(n > 40, "only {n} queries compared");
    }
}
