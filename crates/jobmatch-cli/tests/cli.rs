//! Integration tests that run the `jobmatch` binary on small datasets in
//! temporary directories.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, SystemTime};

use serde_json::Value;

fn jobmatch() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_jobmatch"));
    c.env_remove("RUST_LOG");
    c
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    jobmatch().current_dir(dir).args(args).output().unwrap()
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = run_in(dir, args);
    assert!(
        out.status.success(),
        "jobmatch {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A generated sample: `n` postings, `m` seekers (reference date 2026-11-27).
fn generated(dir: &Path, n: usize, m: usize) -> PathBuf {
    let data = dir.join("data");
    ok(
        dir,
        &[
            "datasets",
            "generate",
            "--postings",
            &n.to_string(),
            "--seekers",
            &m.to_string(),
            "--seed",
            "7",
            "--out",
            data.to_str().unwrap(),
        ],
    );
    data
}

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// (seeker, posting) pairs of a pushes.jsonl.
fn pairs(path: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in lines(path) {
        let seeker = line["seeker"].as_str().unwrap().to_string();
        for p in line["pushes"].as_array().unwrap() {
            out.push((seeker.clone(), p["posting"].as_str().unwrap().to_string()));
        }
    }
    out
}

/// Every file under `dir`: relative path -> (content, modification time).
fn tree(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let meta = std::fs::metadata(&p).unwrap();
                out.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    (std::fs::read(&p).unwrap(), meta.modified().unwrap()),
                );
            }
        }
    }
    out
}

fn summary(dir: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join("summary.json")).unwrap()).unwrap()
}

#[test]
fn consecutive_dates_never_repeat_a_push() {
    let t = tempfile::tempdir().unwrap();
    let data = generated(t.path(), 120, 200);
    let d = data.to_str().unwrap();
    let first = ok(
        t.path(),
        &["push", "--dataset", d, "--date", "2026-11-27", "-q"],
    );
    assert!(first.contains("output:"), "{first}");
    ok(
        t.path(),
        &["push", "--dataset", d, "--date", "2026-11-28", "-q"],
    );
    let day1 = pairs(&t.path().join("jobmatch-work/out/2026-11-27/pushes.jsonl"));
    let day2 = pairs(&t.path().join("jobmatch-work/out/2026-11-28/pushes.jsonl"));
    assert!(day1.len() > 500, "{}", day1.len());
    assert!(day2.len() > 500, "{}", day2.len());
    let seen: HashSet<_> = day1.iter().collect();
    let repeated = day2.iter().filter(|p| seen.contains(p)).count();
    assert_eq!(repeated, 0, "the second day pushed {repeated} pairs again");
    let s = summary(&t.path().join("jobmatch-work/out/2026-11-28"));
    assert!(s["counts"]["skipped_recently_pushed"].as_u64().unwrap() >= day1.len() as u64 / 2);
    // Outside the window (30 days later) the first day's pushes may come back.
    ok(
        t.path(),
        &[
            "push",
            "--dataset",
            d,
            "--date",
            "2026-12-27",
            "-q",
            "--window-days",
            "30",
        ],
    );
    let s = summary(&t.path().join("jobmatch-work/out/2026-12-27"));
    let skipped_late = s["counts"]["skipped_recently_pushed"].as_u64().unwrap();
    ok(
        t.path(),
        &[
            "push",
            "--dataset",
            d,
            "--date",
            "2026-12-29",
            "-q",
            "--window-days",
            "30",
        ],
    );
    assert!(skipped_late > 0);
}

#[test]
fn same_date_twice_changes_no_file() {
    let t = tempfile::tempdir().unwrap();
    let data = generated(t.path(), 60, 80);
    let d = data.to_str().unwrap();
    ok(
        t.path(),
        &["push", "--dataset", d, "--date", "2026-11-27", "-q"],
    );
    let before = tree(t.path());
    std::thread::sleep(Duration::from_millis(20));
    let second = ok(t.path(), &["push", "--dataset", d, "--date", "2026-11-27"]);
    assert!(second.contains("already done"), "{second}");
    assert!(second.contains("pushes per posting"), "{second}");
    let after = tree(t.path());
    assert_eq!(before.len(), after.len());
    for (path, (bytes, mtime)) in &before {
        let (b2, m2) = &after[path];
        assert!(bytes == b2, "{} changed", path.display());
        assert_eq!(mtime, m2, "{} was rewritten", path.display());
    }
    // Other settings for a recorded date are refused (exit 2), still nothing changed.
    let out = run_in(
        t.path(),
        &["push", "--dataset", d, "--date", "2026-11-27", "-k", "3"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already recorded"));
    assert_eq!(tree(t.path()).len(), before.len());
}

fn posting(
    id: &str,
    title: &str,
    skills: &[&str],
    openings: u32,
    expires: &str,
    groups: &[&str],
) -> String {
    serde_json::json!({
        "id": id, "title": title, "skills": skills, "openings": openings,
        "occupation": "6-18-01-01",
        "location": {"code": "220102001", "name": "长春市南关区", "lat": 43.86, "lon": 125.33},
        "posted_at": "2026-11-01", "expires_at": expires, "target_groups": groups,
    })
    .to_string()
}

fn seeker(id: &str, skills: &[&str], groups: &[&str]) -> String {
    serde_json::json!({
        "id": id, "skills": skills, "groups": groups,
        "desired": {"occupations": ["6-18-01-01"], "titles": ["数控车工"]},
        "location": {"code": "220102001", "name": "长春市南关区", "lat": 43.86, "lon": 125.33},
    })
    .to_string()
}

/// 40 seekers who all want P001 most; P001 has one opening.
fn crowded(dir: &Path) -> PathBuf {
    let data = dir.join("crowded");
    std::fs::create_dir_all(&data).unwrap();
    let mut postings = vec![posting(
        "P001",
        "数控车工",
        &["数控车床", "机械制图", "质量检验"],
        1,
        "2027-06-01",
        &["veteran"],
    )];
    for i in 2..=30 {
        postings.push(posting(
            &format!("P{i:03}"),
            "焊工",
            &["数控车床", "焊接"],
            1,
            "2027-06-01",
            &[],
        ));
    }
    for i in 31..=40 {
        postings.push(posting(
            &format!("P{i:03}"),
            "数控车工",
            &["数控车床", "机械制图", "质量检验"],
            3,
            "2026-11-20",
            &[],
        ));
    }
    // Filled: no openings left, although it fits best.
    postings.push(posting(
        "P041",
        "数控车工",
        &["数控车床", "机械制图", "质量检验"],
        0,
        "2027-06-01",
        &[],
    ));
    let mut seekers = Vec::new();
    for i in 1..=40 {
        let groups: &[&str] = if i == 39 || i == 40 {
            &["veteran"]
        } else {
            &[]
        };
        let skills: &[&str] = if i <= 20 {
            &["数控车床", "机械制图", "质量检验"]
        } else {
            &["数控车床", "机械制图"]
        };
        seekers.push(seeker(&format!("S{i:03}"), skills, groups));
    }
    std::fs::write(data.join("postings.jsonl"), postings.join("\n")).unwrap();
    std::fs::write(data.join("seekers.jsonl"), seekers.join("\n")).unwrap();
    data
}

#[test]
fn capacity_is_respected_and_priority_groups_go_first() {
    let t = tempfile::tempdir().unwrap();
    let data = crowded(t.path());
    let out = ok(
        t.path(),
        &[
            "push",
            "--dataset",
            data.to_str().unwrap(),
            "--date",
            "2026-11-27",
            "-k",
            "3",
            "--cap-per-opening",
            "5",
            "-q",
        ],
    );
    let dir = t.path().join("jobmatch-work/out/2026-11-27");
    let pushes = lines(&dir.join("pushes.jsonl"));
    let mut per_posting: HashMap<String, Vec<String>> = HashMap::new();
    for line in &pushes {
        for p in line["pushes"].as_array().unwrap() {
            per_posting
                .entry(p["posting"].as_str().unwrap().into())
                .or_default()
                .push(line["seeker"].as_str().unwrap().into());
        }
    }
    for (p, seekers) in &per_posting {
        let openings = if p.as_str() >= "P031" { 3 } else { 1 };
        assert!(
            seekers.len() <= 5 * openings,
            "{p} pushed to {} seekers",
            seekers.len()
        );
    }
    let p1 = &per_posting["P001"];
    assert_eq!(p1.len(), 5);
    // The two veterans come first, then the best fits (full skills) by id.
    let mut p1s = p1.clone();
    p1s.sort();
    assert_eq!(p1s, vec!["S001", "S002", "S003", "S039", "S040"]);
    let s = summary(&dir);
    assert!(
        s["counts"]["redirected_by_capacity"].as_u64().unwrap() > 0,
        "{s}"
    );
    assert!(s["counts"]["priority_pushes"].as_u64().unwrap() == 2, "{s}");
    assert!(out.contains("redirected"));
    // The decisions show in the explanations.
    let notes = |seeker: &str| -> String {
        let line = pushes.iter().find(|l| l["seeker"] == seeker).unwrap();
        line["pushes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["explanation"]["notes"].to_string())
            .collect()
    };
    assert!(notes("S040").contains("priority"), "{}", notes("S040"));
    assert!(
        notes("S010").contains("instead of P001"),
        "{}",
        notes("S010")
    );
    let tsv = std::fs::read_to_string(dir.join("postings.tsv")).unwrap();
    assert!(
        tsv.lines().any(|l| l.starts_with("P001\t5\t40\t5")),
        "{tsv}"
    );
}

#[test]
fn expired_postings_are_never_pushed() {
    let t = tempfile::tempdir().unwrap();
    let data = crowded(t.path());
    ok(
        t.path(),
        &[
            "push",
            "--dataset",
            data.to_str().unwrap(),
            "--date",
            "2026-11-27",
            "-k",
            "20",
            "-q",
        ],
    );
    let dir = t.path().join("jobmatch-work/out/2026-11-27");
    let all = pairs(&dir.join("pushes.jsonl"));
    assert!(!all.is_empty());
    // P031..P040 expired on 2026-11-20 although they fit best.
    assert!(
        all.iter().all(|(_, p)| p.as_str() < "P031"),
        "an expired posting or one without openings was pushed"
    );
    let tsv = std::fs::read_to_string(dir.join("postings.tsv")).unwrap();
    assert!(!tsv.contains("P031"));
    // Before they expire they are pushed.
    ok(
        t.path(),
        &[
            "push",
            "--dataset",
            data.to_str().unwrap(),
            "--date",
            "2026-11-19",
            "-k",
            "20",
            "-q",
        ],
    );
    let early = pairs(&t.path().join("jobmatch-work/out/2026-11-19/pushes.jsonl"));
    assert!(early.iter().any(|(_, p)| p.as_str() >= "P031"));
    assert!(
        !early.iter().any(|(_, p)| p == "P041"),
        "a posting without openings was pushed"
    );
}

/// A tiny deterministic generator for kill times.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

#[test]
fn killed_runs_resume_to_byte_identical_output() {
    // At least 50 SIGKILLs at seeded random times spread over a whole run
    // (ranking with checkpoints, allocation, each output file, the history
    // append); after each kill the same command is started again, and after
    // every resume the outputs and the history are byte-identical to an
    // uninterrupted run's, and the run is recorded once.
    const KILLS: usize = 52;
    let t = tempfile::tempdir().unwrap();
    let data = generated(t.path(), 60, 96);
    let index = t.path().join("index");
    ok(
        t.path(),
        &[
            "index",
            "--postings",
            data.join("postings.jsonl").to_str().unwrap(),
            "--seekers",
            data.join("seekers.jsonl").to_str().unwrap(),
            "--index",
            index.to_str().unwrap(),
            "-q",
        ],
    );
    let args = |work: &Path| -> Vec<String> {
        [
            "push",
            "--index",
            index.to_str().unwrap(),
            "--work",
            work.to_str().unwrap(),
            "--date",
            "2026-11-27",
            "--chunk-size",
            "8",
            "--chunk-delay-ms",
            "15",
            "--cap-per-opening",
            "2",
            "-q",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let reference = t.path().join("reference");
    let a = args(&reference);
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let started = std::time::Instant::now();
    ok(t.path(), &a);
    let run_ms = started.elapsed().as_millis() as u64;
    let files = [
        "out/2026-11-27/pushes.jsonl",
        "out/2026-11-27/postings.tsv",
        "history/all.log",
    ];
    let expected: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(reference.join(f)).unwrap())
        .collect();
    let expected_counts = summary(&reference.join("out/2026-11-27"))["counts"].clone();
    assert!(expected_counts["redirected_by_capacity"].as_u64().unwrap() > 0);

    let mut rng = Lcg(20261127);
    // Where the kills landed: before the first checkpoint, while ranking,
    // between the output files and the commit, after the commit.
    let (mut kills, mut resumes) = (0, 0);
    let mut landed = [0usize; 4];
    let mut point = 0;
    while kills < KILLS {
        let work = t.path().join(format!("work-{point}"));
        point += 1;
        let a = args(&work);
        // One to four kills in a row, each at a random time within the length
        // of a whole run, then a resume that runs to the end.
        for _ in 0..1 + rng.next(4) {
            let mut child = jobmatch()
                .current_dir(t.path())
                .args(&a)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(Duration::from_millis(rng.next(run_ms + 50)));
            let finished = child.try_wait().unwrap().is_some();
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
            if finished {
                continue; // the attempt ended before the kill: not a kill point
            }
            kills += 1;
            let committed = jobmatch::push::read_history(&work.join("history"))
                .unwrap()
                .len()
                == 1;
            let stage = if committed {
                3
            } else if work.join("out/2026-11-27/pushes.jsonl").exists() {
                2
            } else if work.join("runs/2026-11-27/chunk-000000.bin").exists() {
                1
            } else {
                0
            };
            landed[stage] += 1;
        }
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        ok(t.path(), &a);
        resumes += 1;
        for (f, want) in files.iter().zip(&expected) {
            let got = std::fs::read(work.join(f)).unwrap();
            assert!(
                &got == want,
                "resume {point}: {f} differs from the uninterrupted run"
            );
        }
        let counts = summary(&work.join("out/2026-11-27"))["counts"].clone();
        assert_eq!(counts, expected_counts, "resume {point}");
        let history = jobmatch::push::read_history(&work.join("history")).unwrap();
        assert_eq!(
            history.len(),
            1,
            "resume {point}: the run is recorded {} times",
            history.len()
        );
        assert!(!work.join("runs/2026-11-27").exists());
        // Rerunning the finished run is a no-op.
        let again = ok(t.path(), &a);
        assert!(again.contains("already done"));
    }
    eprintln!(
        "{kills} kills over {resumes} resumed runs (an uninterrupted run takes {run_ms} ms); landed: {} before the first checkpoint, {} while ranking, {} between the output files and the commit, {} after the commit",
        landed[0], landed[1], landed[2], landed[3]
    );
    assert!(
        landed[1] >= 10,
        "only {} kills landed in the middle of ranking",
        landed[1]
    );
}

#[test]
fn merged_shards_equal_an_unsharded_run() {
    let t = tempfile::tempdir().unwrap();
    let data = generated(t.path(), 100, 150);
    let d = data.to_str().unwrap();
    let common = [
        "--dataset",
        d,
        "--date",
        "2026-11-27",
        "--cap-per-opening",
        "1000",
        "-q",
    ];
    let mut args = vec!["push"];
    args.extend(common);
    ok(t.path(), &args);
    for i in 0..3 {
        let shard = format!("{i}/3");
        let mut args = vec!["push", "--shard", &shard];
        args.extend(common);
        ok(t.path(), &args);
    }
    let merged = ok(t.path(), &["push", "merge", "--date", "2026-11-27"]);
    assert!(merged.contains("merged 3 shard outputs"), "{merged}");
    let out = t.path().join("jobmatch-work/out/2026-11-27");
    for f in ["pushes.jsonl", "postings.tsv"] {
        let a = std::fs::read(out.join(f)).unwrap();
        let b = std::fs::read(out.join("merged").join(f)).unwrap();
        assert!(a == b, "merged {f} differs from the unsharded run");
    }
    assert_eq!(
        summary(&out)["counts"],
        summary(&out.join("merged"))["counts"]
    );
    // Every shard has a part.
    for i in 0..3 {
        let n = lines(&out.join(format!("shard-{i}-of-3/pushes.jsonl"))).len();
        assert!(n > 20, "shard {i} has {n} seekers");
    }
    // Merging with a shard missing is bad input.
    let r = run_in(
        t.path(),
        &[
            "push",
            "merge",
            out.join("shard-0-of-3").to_str().unwrap(),
            out.join("shard-2-of-3").to_str().unwrap(),
            "--out",
            "x",
        ],
    );
    assert_eq!(r.status.code(), Some(2));
    assert!(!t.path().join("x").exists());
}

/// Runs a command expected to fail with exit code 2, a clear message and no panic.
fn bad(dir: &Path, args: &[&str], message: &str) {
    let out = run_in(dir, args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    assert!(
        stderr.to_lowercase().contains(&message.to_lowercase()),
        "{args:?}: expected `{message}` in: {stderr}"
    );
}

#[test]
fn bad_input_gives_exit_code_2_and_no_partial_output() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path();
    std::fs::write(p.join("garbage.jsonl"), "not json\n{\"id\": 5}\n").unwrap();
    std::fs::write(p.join("weights.toml"), "skill = \"lots\"\n").unwrap();
    let data = crowded(p);
    let bad_data = p.join("bad-data");
    std::fs::create_dir_all(&bad_data).unwrap();
    std::fs::copy(data.join("seekers.jsonl"), bad_data.join("seekers.jsonl")).unwrap();
    std::fs::write(
        bad_data.join("postings.jsonl"),
        "{\"id\":\"P1\",\"openings\":2}\n",
    )
    .unwrap();
    std::fs::write(p.join("ids.txt"), "S001\nNOPE\n").unwrap();

    bad(p, &["frobnicate"], "unrecognized subcommand");
    // index
    bad(p, &["index"], "required");
    bad(
        p,
        &["index", "--postings", "missing.jsonl", "--index", "idx"],
        "does not exist",
    );
    bad(
        p,
        &["index", "--postings", "garbage.jsonl", "--index", "idx"],
        "no valid record",
    );
    bad(
        p,
        &[
            "index",
            "--postings",
            data.join("postings.jsonl").to_str().unwrap(),
            "--index",
            "idx",
            "--config",
            "weights.toml",
        ],
        "weights",
    );
    bad(
        p,
        &[
            "index",
            "--postings",
            "garbage.jsonl",
            "--index",
            "idx",
            "--strict",
        ],
        "garbage.jsonl:1",
    );
    assert!(!p.join("idx").exists(), "index created despite bad input");
    // recommend / candidates
    bad(
        p,
        &["recommend", "--seeker", "S001", "--index", "idx"],
        "no index",
    );
    bad(
        p,
        &["candidates", "--posting", "P001", "--index", "idx"],
        "no index",
    );
    ok(
        p,
        &[
            "index",
            "--postings",
            data.join("postings.jsonl").to_str().unwrap(),
            "--seekers",
            data.join("seekers.jsonl").to_str().unwrap(),
            "--index",
            "idx",
            "-q",
        ],
    );
    bad(
        p,
        &[
            "recommend",
            "--seeker",
            "NOPE",
            "--index",
            "idx",
            "--date",
            "2026-11-27",
        ],
        "no seeker with id `NOPE`",
    );
    bad(
        p,
        &[
            "recommend",
            "--seeker",
            "S001",
            "--index",
            "idx",
            "--date",
            "27.11.2026",
        ],
        "YYYY-MM-DD",
    );
    bad(
        p,
        &["recommend", "--seeker", "S001", "--index", "idx", "-k", "0"],
        "0",
    );
    bad(
        p,
        &[
            "candidates",
            "--posting",
            "NOPE",
            "--index",
            "idx",
            "--date",
            "2026-11-27",
        ],
        "no posting with id `NOPE`",
    );
    bad(p, &["candidates", "--index", "idx"], "--posting");
    // push
    let d = data.to_str().unwrap();
    bad(
        p,
        &["push", "--dataset", d, "--date", "2026-13-01"],
        "YYYY-MM-DD",
    );
    bad(p, &["push", "--dataset", d, "--shard", "3/3"], "shard");
    bad(
        p,
        &["push", "--dataset", "nowhere", "--date", "2026-11-27"],
        "does not exist",
    );
    bad(
        p,
        &[
            "push",
            "--dataset",
            bad_data.to_str().unwrap(),
            "--date",
            "2026-11-27",
        ],
        "postings.jsonl:1",
    );
    bad(
        p,
        &[
            "push",
            "--dataset",
            d,
            "--date",
            "2026-11-27",
            "--seekers",
            "ids.txt",
        ],
        "NOPE",
    );
    bad(
        p,
        &[
            "push",
            "--dataset",
            d,
            "--date",
            "2026-11-27",
            "--seekers",
            "missing.txt",
        ],
        "does not exist",
    );
    bad(
        p,
        &["push", "--index", "nowhere", "--date", "2026-11-27"],
        "no index",
    );
    bad(
        p,
        &[
            "push",
            "--dataset",
            d,
            "--date",
            "2026-11-27",
            "--config",
            "weights.toml",
        ],
        "weights",
    );
    bad(
        p,
        &[
            "push",
            "--dataset",
            d,
            "--date",
            "2026-11-27",
            "--config",
            "nope.toml",
        ],
        "does not exist",
    );
    assert!(
        !p.join("jobmatch-work/out").exists(),
        "output written despite bad input"
    );
    assert!(
        !p.join("jobmatch-work/history").exists(),
        "history written despite bad input"
    );
    bad(
        p,
        &["push", "merge", "--date", "2026-11-27"],
        "no shard outputs",
    );
    bad(p, &["push", "merge", "nowhere"], "not a directory");
    bad(p, &["push", "merge", "idx"], "not a finished shard output");
    // datasets
    bad(
        p,
        &[
            "datasets",
            "generate",
            "--postings",
            "abc",
            "--seekers",
            "1",
            "--out",
            "gen",
        ],
        "invalid value",
    );
    bad(
        p,
        &[
            "datasets",
            "generate",
            "--postings",
            "99999999999",
            "--seekers",
            "1",
            "--out",
            "gen",
        ],
        "at most",
    );
    assert!(!p.join("gen").exists());
}

#[test]
fn help_and_version() {
    let t = tempfile::tempdir().unwrap();
    let v = ok(t.path(), &["--version"]);
    assert!(v.starts_with("jobmatch "), "{v}");
    for cmd in [
        &["--help"][..],
        &["index", "--help"],
        &["recommend", "--help"],
        &["candidates", "--help"],
        &["push", "--help"],
        &["push", "merge", "--help"],
        &["datasets", "generate", "--help"],
    ] {
        let h = ok(t.path(), cmd);
        assert!(h.contains("Usage:"), "{cmd:?}: {h}");
    }
}

#[test]
fn recommend_and_candidates_print_tables_and_json() {
    let t = tempfile::tempdir().unwrap();
    let data = crowded(t.path());
    let p = t.path();
    ok(
        p,
        &[
            "index",
            "--postings",
            data.join("postings.jsonl").to_str().unwrap(),
            "--seekers",
            data.join("seekers.jsonl").to_str().unwrap(),
            "-q",
        ],
    );
    let table = ok(
        p,
        &[
            "recommend",
            "--seeker",
            "S001",
            "--date",
            "2026-11-27",
            "-k",
            "3",
        ],
    );
    assert!(table.contains("P001"), "{table}");
    assert!(table.contains("长春市南关区"), "{table}");
    let json: Value = serde_json::from_str(&ok(
        p,
        &[
            "recommend",
            "--seeker",
            "S001",
            "--date",
            "2026-11-27",
            "-k",
            "3",
            "--json",
        ],
    ))
    .unwrap();
    assert_eq!(json.as_array().unwrap().len(), 3);
    let c = ok(
        p,
        &[
            "candidates",
            "--posting",
            "P001",
            "--date",
            "2026-11-27",
            "-k",
            "2",
        ],
    );
    assert!(c.contains("S00"), "{c}");
    // Rejects file written next to the index.
    assert!(p.join("jobmatch-work/index/rejects.jsonl").exists());
}
