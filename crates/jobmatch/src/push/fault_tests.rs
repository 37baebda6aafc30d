//! I/O faults during a push: a full or read-only file system (injected into
//! the crash-safe writers), a damaged push history. Each must end in a clear
//! error naming the file, leave nothing that looks complete, keep the previous
//! good state usable, and the same run must finish once the fault is gone.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};

use super::fsio::faults::{self, Fault};
use super::*;
use crate::Engine;
use crate::model::{Posting, Seeker, SkillItem};

const SKILLS: [&str; 4] = ["焊接", "电工", "叉车", "收银"];

fn engine() -> Engine {
    let skill = |n: &str| SkillItem {
        name: n.into(),
        required: true,
        level: None,
    };
    let engine = Engine::builder().in_ram().unwrap();
    let postings: Vec<Posting> = (0..16)
        .map(|i| {
            let mut p = Posting::new(format!("P{i:02}"), format!("岗位{}", SKILLS[i % 4]));
            p.skills = vec![skill(SKILLS[i % 4])];
            p
        })
        .collect();
    let seekers: Vec<Seeker> = (0..24)
        .map(|i| {
            let mut s = Seeker::new(format!("S{i:02}"));
            s.skills = vec![skill(SKILLS[i % 4]), skill(SKILLS[(i / 4) % 4])];
            s
        })
        .collect();
    engine.upsert_postings(&postings).unwrap();
    engine.upsert_seekers(&seekers).unwrap();
    engine.commit().unwrap();
    engine
}

fn settings(day: i32) -> PushSettings {
    let mut s = PushSettings::new(Date(20_000 + day));
    s.k = 3;
    s.margin = 2;
    s.cap_per_opening = 4;
    s.chunk_size = 5;
    s
}

/// Every file under `dir` (relative path, bytes).
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    fs::read(&p).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

/// A work directory holding a finished run of day 0 (the previous good state).
fn with_previous_day(e: &Engine, root: &Path) -> (WorkDir, PathBuf) {
    let work = WorkDir::new(root.join("work"));
    let out0 = root.join("out0");
    run(e, &work, &out0, &settings(0), &NoProgress).unwrap();
    (work, out0)
}

const OUTPUTS: [&str; 3] = ["pushes.jsonl", "postings.tsv", "summary.json"];

#[test]
fn a_full_disk_at_any_point_leaves_no_complete_looking_output_and_the_rerun_is_identical() {
    let e = engine();
    // The uninterrupted reference of day 1, after day 0.
    let t = tempfile::tempdir().unwrap();
    let (work, _) = with_previous_day(&e, t.path());
    let reference_out = t.path().join("out1");
    run(&e, &work, &reference_out, &settings(1), &NoProgress).unwrap();
    let reference: Vec<Vec<u8>> = OUTPUTS[..2]
        .iter()
        .map(|f| fs::read(reference_out.join(f)).unwrap())
        .collect();
    let reference_log = fs::read(work.history_dir().join("all.log")).unwrap();

    let mut failures = 0;
    let mut budget = 0u64;
    loop {
        let t = tempfile::tempdir().unwrap();
        let (work, out0) = with_previous_day(&e, t.path());
        let before = (
            files(&out0),
            fs::read(work.history_dir().join("all.log")).unwrap(),
        );
        let out1 = t.path().join("out1");
        faults::inject(Fault::FullAfter(budget));
        let result = run(&e, &work, &out1, &settings(1), &NoProgress);
        faults::clear();
        match result {
            Ok(_) => break,
            Err(err) => {
                failures += 1;
                let msg = err.to_string();
                assert!(matches!(err, Error::Io { .. }), "budget {budget}: {msg}");
                assert!(
                    msg.contains(&t.path().display().to_string()),
                    "budget {budget}: the error does not name the file: {msg}"
                );
                assert!(msg.contains("No space left"), "budget {budget}: {msg}");
                // Nothing half-written that looks complete.
                assert!(!out1.join("summary.json").exists(), "budget {budget}");
                for (path, _) in files(t.path()) {
                    let name = path.to_string_lossy();
                    assert!(
                        !name.ends_with(".tmp"),
                        "budget {budget}: {name} left behind"
                    );
                }
                assert!(
                    finished_run(&work.history_dir(), Date(20_001), Shard::ALL)
                        .unwrap()
                        .is_none()
                );
                // The previous good state is untouched and usable.
                assert_eq!(files(&out0), before.0, "budget {budget}");
                assert_eq!(
                    fs::read(work.history_dir().join("all.log")).unwrap(),
                    before.1
                );
                assert!(
                    finished_run(&work.history_dir(), Date(20_000), Shard::ALL)
                        .unwrap()
                        .is_some()
                );
                // Without the fault, the same run finishes, identical to the reference.
                run(&e, &work, &out1, &settings(1), &NoProgress).unwrap();
                for (f, want) in OUTPUTS.iter().zip(&reference) {
                    assert!(
                        &fs::read(out1.join(f)).unwrap() == want,
                        "budget {budget}: {f} differs"
                    );
                }
                assert!(fs::read(work.history_dir().join("all.log")).unwrap() == reference_log);
            }
        }
        budget = if budget < 64 {
            budget + 16
        } else {
            budget * 3 / 2
        };
    }
    // Failures landed in the checkpoints, the outputs and the history append.
    eprintln!("full-disk failure points: {failures}, last budget {budget} bytes");
    assert!(failures >= 10, "only {failures} failure points");
}

#[test]
fn a_read_only_file_system_changes_nothing() {
    let e = engine();
    let t = tempfile::tempdir().unwrap();
    let (work, out0) = with_previous_day(&e, t.path());
    let before = files(t.path());
    faults::inject(Fault::ReadOnly);
    let result = run(&e, &work, &t.path().join("out1"), &settings(1), &NoProgress);
    faults::clear();
    let err = result.unwrap_err().to_string();
    assert!(err.contains("Read-only file system"), "{err}");
    assert!(err.contains(&t.path().display().to_string()), "{err}");
    // Only directories may have been created; no file changed.
    assert_eq!(files(t.path()), before);
    assert!(out0.join("summary.json").exists());
    run(&e, &work, &t.path().join("out1"), &settings(1), &NoProgress).unwrap();
}

#[test]
fn a_damaged_history_is_an_error_naming_the_log_and_nothing_is_appended() {
    let e = engine();
    let t = tempfile::tempdir().unwrap();
    let (work, _) = with_previous_day(&e, t.path());
    run(&e, &work, &t.path().join("out1"), &settings(1), &NoProgress).unwrap();
    let log = work.history_dir().join("all.log");
    let good = fs::read(&log).unwrap();
    let records = read_history(&work.history_dir()).unwrap();
    assert_eq!(records.len(), 2);
    // Record boundaries: the only cuts that cannot be told from a shorter log.
    let first_end = 8 + 12 + u32::from_le_bytes(good[8..12].try_into().unwrap()) as usize;
    let mut errors = 0;
    for cut in 0..good.len() {
        fs::write(&log, &good[..cut]).unwrap();
        match read_history(&work.history_dir()) {
            Ok(r) => assert!(
                cut == 8 || cut == first_end,
                "cut at {cut} read as {} records",
                r.len()
            ),
            Err(err) => {
                errors += 1;
                let msg = err.to_string();
                assert!(msg.contains("all.log") && msg.contains("damaged"), "{msg}");
                // The push refuses to run on it and appends nothing.
                let out = t.path().join("out2");
                let err = run(&e, &work, &out, &settings(2), &NoProgress).unwrap_err();
                assert!(err.to_string().contains("all.log"), "{err}");
                assert_eq!(fs::read(&log).unwrap(), &good[..cut]);
                assert!(!out.join("summary.json").exists());
            }
        }
    }
    assert_eq!(errors, good.len() - 2);
    // A flipped bit anywhere in a record is damage too.
    for at in [9, 15, first_end - 1, first_end + 13, good.len() - 1] {
        let mut bad = good.clone();
        bad[at] ^= 0x10;
        fs::write(&log, &bad).unwrap();
        let err = read_history(&work.history_dir()).unwrap_err().to_string();
        assert!(err.contains("all.log"), "byte {at}: {err}");
    }
    // Restored from a backup, everything works again.
    fs::write(&log, &good).unwrap();
    run(&e, &work, &t.path().join("out2"), &settings(2), &NoProgress).unwrap();
    assert_eq!(read_history(&work.history_dir()).unwrap().len(), 3);
}

#[test]
fn a_second_push_of_the_same_shard_is_refused_while_one_runs() {
    let e = engine();
    let t = tempfile::tempdir().unwrap();
    let work = WorkDir::new(t.path().join("work"));
    let held = fsio::try_lock(&work.root.join("push-all.lock"), &work.root).unwrap();
    let err = run(&e, &work, &t.path().join("out"), &settings(0), &NoProgress).unwrap_err();
    assert!(matches!(err, Error::Locked { .. }), "{err}");
    assert!(err.to_string().contains("is locked"), "{err}");
    // Another shard layout is not blocked.
    let mut other = settings(0);
    other.shard = Shard::new(0, 2).unwrap();
    run(&e, &work, &t.path().join("out-s0"), &other, &NoProgress).unwrap();
    drop(held);
    run(&e, &work, &t.path().join("out"), &settings(0), &NoProgress).unwrap();
}
