//! Reliability and privacy through the `jobmatch` binary: the bad-input
//! matrix, personal-data canaries, pseudonymised and non-personalised pushes,
//! cross-process locks, readers during commits, damaged files, and real
//! read-only and full file systems (tmpfs, when the tests run as root).
#![allow(clippy::unwrap_used)]

#[path = "../../jobmatch/tests/bad_input/table.rs"]
mod table;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn jobmatch() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_jobmatch"));
    c.env_remove("RUST_LOG")
        .env_remove("JOBMATCH_PSEUDONYMISE_KEY");
    c
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    jobmatch().current_dir(dir).args(args).output().unwrap()
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = run_in(dir, args);
    let (stdout, stderr) = text(&out);
    assert!(
        out.status.success(),
        "jobmatch {args:?} failed: {stdout}\n{stderr}"
    );
    stdout
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `read N, accepted N, rejected N` from the CLI's report.
fn counts(report: &str) -> Option<(u64, u64, u64)> {
    let at = report.find("read ")?;
    let nums: Vec<u64> = report[at..]
        .split(|c: char| !c.is_ascii_digit())
        .filter(|t| !t.is_empty())
        .take(3)
        .map(|t| t.parse().unwrap())
        .collect();
    (nums.len() == 3).then(|| (nums[0], nums[1], nums[2]))
}

#[test]
fn bad_input_matrix_through_the_cli() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path();
    let index = p.join("index");
    std::fs::write(
        p.join("base-p.jsonl"),
        "{\"id\":\"P-base\",\"title\":\"焊工\",\"skills\":[\"焊接\"]}\n",
    )
    .unwrap();
    std::fs::write(
        p.join("base-s.jsonl"),
        "{\"id\":\"S-base\",\"skills\":[\"焊接\",\"电工证\"]}\n",
    )
    .unwrap();
    ok(
        p,
        &[
            "index",
            "--postings",
            "base-p.jsonl",
            "--seekers",
            "base-s.jsonl",
            "--index",
            s(&index),
            "-q",
        ],
    );
    let rows = table::rows();
    assert!(rows.len() >= 40);
    for (i, row) in rows.iter().enumerate() {
        let file = p.join(format!("row-{i:02}.jsonl"));
        std::fs::write(&file, &row.content).unwrap();
        let flag = match row.kind {
            table::Kind::Postings => "--postings",
            table::Kind::Seekers => "--seekers",
        };
        let rejects = p.join(format!("rejects-{i:02}.jsonl"));
        let out = run_in(
            p,
            &[
                "index",
                flag,
                s(&file),
                "--index",
                s(&index),
                "--rejects",
                s(&rejects),
                "-q",
            ],
        );
        let (stdout, stderr) = text(&out);
        assert!(!stderr.contains("panicked"), "{}: {stderr}", row.name);
        let all_bad = row.read > 0 && row.accepted == 0;
        let expected_code = if all_bad { 2 } else { 0 };
        assert_eq!(
            out.status.code(),
            Some(expected_code),
            "{}: {stdout}{stderr}",
            row.name
        );
        let report = if all_bad { &stderr } else { &stdout };
        let got = counts(report).unwrap_or_else(|| panic!("{}: no counts in {report}", row.name));
        assert_eq!(
            got,
            (row.read, row.accepted, row.rejected()),
            "{} ({})",
            row.name,
            row.behaviour
        );
        assert_eq!(got.0, got.1 + got.2, "{}", row.name);
        if !all_bad {
            // One line per rejected record, naming the file, line and field.
            let lines: Vec<Value> = std::fs::read_to_string(&rejects)
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            let fields: Vec<&str> = lines
                .iter()
                .map(|l| l["location"]["field"].as_str().unwrap())
                .collect();
            assert_eq!(fields, row.rejects, "{}", row.name);
        }
        if row.rejected() > 0 {
            // Strict: exit 2 naming the first bad line, nothing written.
            let out = run_in(
                p,
                &[
                    "index",
                    flag,
                    s(&file),
                    "--index",
                    s(&p.join("strict-index")),
                    "--strict",
                    "-q",
                ],
            );
            let (_, stderr) = text(&out);
            assert_eq!(out.status.code(), Some(2), "{}: {stderr}", row.name);
            assert!(
                stderr.contains(&format!("row-{i:02}.jsonl:")),
                "{}: {stderr}",
                row.name
            );
            assert!(!p.join("strict-index").exists());
        }
    }
    // Whatever was accepted can be pushed.
    let pushed = ok(
        p,
        &[
            "push",
            "--index",
            s(&index),
            "--work",
            s(&p.join("work")),
            "--date",
            "2026-11-27",
            "-q",
        ],
    );
    assert!(pushed.contains("pushes"), "{pushed}");
}

const CANARIES: &[&str] = &[
    "220102199001011234",
    "22010219850505321X",
    "13912345678",
    "139-8765-4321",
    "0431-88886666",
    "zhangsan@example.com",
    "王秀英",
    "李建国",
];

/// A small dataset with canaries in personal fields and in free text.
fn canary_dataset(dir: &Path) -> PathBuf {
    let data = dir.join("canary");
    std::fs::create_dir_all(&data).unwrap();
    let mut postings = Vec::new();
    for i in 0..12 {
        postings.push(serde_json::json!({
            "id": format!("P{i:02}"),
            "title": format!("电焊工 联系13912345678 身份证220102199001011234 #{i}"),
            "description": "联系人王秀英，电话139-8765-4321，座机0431-88886666，邮箱zhangsan@example.com",
            "skills": ["焊接", "手机13912345678"],
            "location": {"code": "220102", "name": "长春 电话0431-88886666"},
            "posted_at": "2026-11-20",
            "phone": "13912345678", "name": "王秀英", "id_number": "220102199001011234",
        }));
    }
    let mut seekers = Vec::new();
    for i in 0..10 {
        seekers.push(serde_json::json!({
            "id": format!("S{i:02}"),
            "summary": "我叫李建国，身份证22010219850505321X，手机13912345678，zhangsan@example.com",
            "skills": ["焊接", "13912345678"],
            "experience": [{"title": "焊工 李建国 13912345678", "years": 3}],
            "desired": {"titles": ["电焊工 139-8765-4321"]},
            "location": {"code": "220102", "name": "王秀英家 0431-88886666"},
            "name": "李建国", "phone": "13912345678", "id_number": "22010219850505321X",
            "gender": "男", "birth_date": "1985-05-05", "ethnicity": "汉",
        }));
    }
    let join = |v: Vec<Value>| v.iter().map(|x| x.to_string() + "\n").collect::<String>();
    std::fs::write(data.join("postings.jsonl"), join(postings)).unwrap();
    std::fs::write(data.join("seekers.jsonl"), join(seekers)).unwrap();
    data
}

fn assert_clean(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for c in CANARIES {
        assert!(!text.contains(c), "{what} contains `{c}`");
    }
}

/// Every file under `dir` except the index (whose free-text terms may hold
/// names: names cannot be recognised in free text).
fn output_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n != "index") {
                    stack.push(p);
                }
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn canaries_never_reach_outputs_logs_or_messages() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path();
    let data = canary_dataset(p);
    let work = p.join("work");
    let mut seen: Vec<(String, Vec<u8>)> = Vec::new();
    let mut traced = |args: &[&str], expect_ok: bool| {
        let out = jobmatch()
            .current_dir(p)
            .env("RUST_LOG", "trace")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(
            out.status.success(),
            expect_ok,
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        seen.push((format!("stdout of {args:?}"), out.stdout.clone()));
        seen.push((
            format!("stderr (RUST_LOG=trace) of {args:?}"),
            out.stderr.clone(),
        ));
        out
    };
    let push = traced(
        &[
            "push",
            "--dataset",
            s(&data),
            "--work",
            s(&work),
            "--date",
            "2026-11-27",
            "-vv",
        ],
        true,
    );
    assert!(!push.stderr.is_empty(), "no log output captured");
    let index = work.join("index");
    traced(
        &[
            "recommend",
            "--seeker",
            "S01",
            "--index",
            s(&index),
            "--date",
            "2026-11-27",
        ],
        true,
    );
    traced(
        &[
            "recommend",
            "--seeker",
            "S01",
            "--index",
            s(&index),
            "--date",
            "2026-11-27",
            "--json",
        ],
        true,
    );
    traced(
        &[
            "candidates",
            "--posting",
            "P01",
            "--index",
            s(&index),
            "--date",
            "2026-11-27",
            "--json",
        ],
        true,
    );
    // Error messages: bad records holding canaries, strict and lenient.
    let bad = p.join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"id\":\"S90\",\"summary\":\"13912345678\",\"experience_years\":\"220102199001011234\"}\n\
         {\"id\":\"S91\",\"desired\":{\"regions\":[\"王秀英 13912345678\"]}}\n\
         {\"id\":\"S92\",\"skills\":[{\"name\":\"李建国\",\"level\":\"13912345678\"}]}\n\
         13912345678\n\
         {\"id\":\"S93\",\"name\":\"李建国\",\"phone\":\"13912345678\"}\n",
    )
    .unwrap();
    traced(
        &[
            "index",
            "--seekers",
            s(&bad),
            "--index",
            s(&p.join("idx2")),
            "--strict",
        ],
        false,
    );
    traced(
        &["index", "--seekers", s(&bad), "--index", s(&p.join("idx2"))],
        true,
    );
    let pushes = std::fs::read_to_string(work.join("out/2026-11-27/pushes.jsonl")).unwrap();
    assert!(
        pushes.contains("[phone]") && pushes.contains("[id-number]"),
        "titles are not masked: {pushes}"
    );
    let files = output_files(p);
    assert!(files.iter().any(|f| f.ends_with("rejects.jsonl")));
    for f in files {
        if f.starts_with(&data) || f == bad {
            continue; // the inputs themselves
        }
        assert_clean(&f.display().to_string(), &std::fs::read(&f).unwrap());
    }
    for (what, bytes) in &seen {
        assert_clean(what, bytes);
    }
}

#[test]
fn pseudonymised_push_is_keyed_stable_and_keeps_the_history() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path();
    let data = canary_dataset(p);
    let key = "a secret key of the service, 32B";
    let run = |work: &str, key: Option<&str>, via_env: bool| -> String {
        let mut c = jobmatch();
        c.current_dir(p).args([
            "push",
            "--dataset",
            s(&data),
            "--work",
            work,
            "--date",
            "2026-11-27",
            "-q",
        ]);
        match (key, via_env) {
            (Some(k), true) => {
                c.env("JOBMATCH_PSEUDONYMISE_KEY", k);
            }
            (Some(k), false) => {
                c.args(["--pseudonymise", k]);
            }
            _ => {}
        }
        let out = c.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::read_to_string(p.join(work).join("out/2026-11-27/pushes.jsonl")).unwrap()
    };
    let plain = run("w-plain", None, false);
    let a = run("w-a", Some(key), false);
    let b = run("w-b", Some(key), true);
    let other = run("w-c", Some("another secret key of 32 bytes.."), false);
    assert_eq!(a, b, "the same key must give the same file");
    assert_ne!(a, other);
    let ids = |f: &str| -> Vec<String> {
        f.lines()
            .map(|l| {
                serde_json::from_str::<Value>(l).unwrap()["seeker"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let pseudonyms = ids(&a);
    assert_eq!(pseudonyms.len(), 10);
    assert!(
        pseudonyms
            .iter()
            .all(|id| id.len() == 64 && id.bytes().all(|c| c.is_ascii_hexdigit()))
    );
    assert!(
        pseudonyms.windows(2).all(|w| w[0] < w[1]),
        "lines are in pseudonym order"
    );
    assert!(!a.contains("\"S0"), "a seeker id is left");
    // The same pushes, only the ids replaced.
    let pushes_of = |f: &str| -> Vec<String> {
        let mut v: Vec<String> = f
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap()["pushes"].to_string())
            .collect();
        v.sort();
        v
    };
    assert_eq!(pushes_of(&a), pushes_of(&plain));
    // The history keeps the real ids (it never leaves the service).
    let history = |w: &str| jobmatch::push::read_history(&p.join(w).join("history")).unwrap();
    assert_eq!(history("w-a")[0].pushes, history("w-plain")[0].pushes);
    assert!(history("w-a")[0].pushes[0].0.starts_with("S0"));
    let summary: Value =
        serde_json::from_slice(&std::fs::read(p.join("w-a/out/2026-11-27/summary.json")).unwrap())
            .unwrap();
    assert_eq!(summary["pseudonymised"].as_str().unwrap().len(), 16);
    // A short key is bad input.
    let out = run_in(
        p,
        &[
            "push",
            "--dataset",
            s(&data),
            "--work",
            "w-d",
            "--date",
            "2026-11-27",
            "--pseudonymise",
            "short",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}

const SKILLS3: [&str; 3] = ["焊接", "收银", "叉车"];

#[test]
fn non_personalised_pushes_do_not_depend_on_the_profile() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path();
    let mk = |name: &str, s0: Value| -> PathBuf {
        let data = p.join(name);
        std::fs::create_dir_all(&data).unwrap();
        let mut postings = String::new();
        for i in 0..30 {
            let skill = SKILLS3[i % 3];
            postings.push_str(&format!(
                "{}\n",
                serde_json::json!({"id": format!("P{i:02}"), "title": format!("{skill}岗位"), "skills": [skill],
                    "location": {"code": if i % 2 == 0 {"220102"} else {"220502"}},
                    "posted_at": format!("2026-11-{:02}", 1 + i % 25), "openings": 1 + i % 3,
                    "target_groups": if i % 5 == 0 { vec!["veteran"] } else { vec![] }})
            ));
        }
        let mut seekers = format!("{s0}\n");
        for i in 1..12 {
            seekers.push_str(&format!(
                "{}\n",
                serde_json::json!({"id": format!("S{i:02}"), "skills": [SKILLS3[i % 3]], "location": {"code": "220102"}})
            ));
        }
        std::fs::write(data.join("postings.jsonl"), postings).unwrap();
        std::fs::write(data.join("seekers.jsonl"), seekers).unwrap();
        data
    };
    let a = mk(
        "a",
        serde_json::json!({"id": "S00", "skills": ["焊接"], "location": {"code": "220102"}, "desired": {"regions": ["2201"]}}),
    );
    let b = mk(
        "b",
        serde_json::json!({"id": "S00", "skills": ["收银", "叉车"], "groups": ["veteran"], "summary": "cashier",
        "location": {"code": "220502"}, "desired": {"regions": ["2205"], "max_commute_km": 3}, "availability": [{"start": "2026-11-28T08:00:00+08:00", "end": "2026-11-28T09:00:00+08:00"}]}),
    );
    std::fs::write(p.join("optout.txt"), "S00\n").unwrap();
    let push = |data: &Path, work: &str, optout: bool| -> Vec<Value> {
        let mut args = vec![
            "push",
            "--dataset",
            s(data),
            "--work",
            work,
            "--date",
            "2026-11-27",
            "-q",
            "-k",
            "5",
            "--cap-per-opening",
            "2",
        ];
        if optout {
            args.extend(["--non-personalised", "optout.txt"]);
        }
        ok(p, &args);
        std::fs::read_to_string(p.join(work).join("out/2026-11-27/pushes.jsonl"))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let (pa, pb) = (push(&a, "wa", true), push(&b, "wb", true));
    assert_eq!(pa[0]["seeker"], "S00");
    assert_eq!(
        pa[0], pb[0],
        "the opted-out seeker's pushes depend on her profile"
    );
    assert_eq!(pa[0]["pushes"].as_array().unwrap().len(), 5);
    let note = pa[0]["pushes"][0]["explanation"]["notes"].to_string();
    assert!(note.contains("non-personalised"), "{note}");
    assert!(
        pa[0]["pushes"][0]["explanation"]["features"]
            .as_object()
            .unwrap()
            .is_empty()
    );
    // Personalised, the two profiles do get different pushes (the test can fail).
    let (qa, qb) = (push(&a, "wa2", false), push(&b, "wb2", false));
    assert_ne!(qa[0]["pushes"], qb[0]["pushes"]);
    // The recommend command too.
    let ra = ok(
        p,
        &[
            "recommend",
            "--seeker",
            "S00",
            "--index",
            "wa/index",
            "--date",
            "2026-11-27",
            "--non-personalised",
            "--json",
        ],
    );
    let rb = ok(
        p,
        &[
            "recommend",
            "--seeker",
            "S00",
            "--index",
            "wb/index",
            "--date",
            "2026-11-27",
            "--non-personalised",
            "--json",
        ],
    );
    assert_eq!(ra, rb);
    let bad = run_in(
        p,
        &[
            "recommend",
            "--seeker",
            "NOPE",
            "--index",
            "wa/index",
            "--date",
            "2026-11-27",
            "--non-personalised",
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn a_second_writer_gets_a_clear_locked_error() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path();
    let data = canary_dataset(p);
    let index = p.join("index");
    ok(
        p,
        &[
            "index",
            "--postings",
            s(&data.join("postings.jsonl")),
            "--seekers",
            s(&data.join("seekers.jsonl")),
            "--index",
            s(&index),
            "-q",
        ],
    );
    // This process holds the index's write lock; the binary is another process.
    let engine = jobmatch::Engine::builder().open_or_create(&index).unwrap();
    engine.lock_for_writing().unwrap();
    let out = run_in(
        p,
        &[
            "index",
            "--postings",
            s(&data.join("postings.jsonl")),
            "--index",
            s(&index),
        ],
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("locked") && stderr.contains(s(&index)),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));
    // Readers are not blocked by a writer.
    ok(
        p,
        &[
            "recommend",
            "--seeker",
            "S01",
            "--index",
            s(&index),
            "--date",
            "2026-11-27",
        ],
    );
    engine.close_writers().unwrap();
    drop(engine);
    ok(
        p,
        &[
            "index",
            "--postings",
            s(&data.join("postings.jsonl")),
            "--index",
            s(&index),
            "-q",
        ],
    );

    // Two pushes on one work directory: the second is refused while the first runs.
    let work = p.join("work");
    let mut first = jobmatch()
        .current_dir(p)
        .args([
            "push",
            "--index",
            s(&index),
            "--work",
            s(&work),
            "--date",
            "2026-11-27",
            "--chunk-size",
            "1",
            "--chunk-delay-ms",
            "300",
            "-q",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the first has started ranking (its run directory exists).
    for _ in 0..200 {
        if work.join("runs/2026-11-27/run.json").exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(
        work.join("runs/2026-11-27/run.json").exists(),
        "the first push did not start"
    );
    let second = run_in(
        p,
        &[
            "push",
            "--index",
            s(&index),
            "--work",
            s(&work),
            "--date",
            "2026-11-27",
        ],
    );
    let (_, stderr) = text(&second);
    assert_eq!(second.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("is locked"), "{stderr}");
    assert!(first.wait().unwrap().success());
    let history = jobmatch::push::read_history(&work.join("history")).unwrap();
    assert_eq!(
        history.len(),
        1,
        "the run was recorded {} times",
        history.len()
    );
}

#[test]
fn readers_keep_answering_while_a_writer_commits() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path();
    let data = canary_dataset(p);
    let index = p.join("index");
    ok(
        p,
        &[
            "index",
            "--postings",
            s(&data.join("postings.jsonl")),
            "--seekers",
            s(&data.join("seekers.jsonl")),
            "--index",
            s(&index),
            "-q",
        ],
    );
    // A writer process commits five times in a row, with new postings each time.
    let mut script = String::new();
    for round in 0..5 {
        let file = p.join(format!("more-{round}.jsonl"));
        let lines: String = (0..200)
            .map(|i| format!("{{\"id\":\"N{round}-{i:03}\",\"title\":\"焊工{i}\",\"skills\":[\"焊接\"],\"location\":{{\"code\":\"220102\"}}}}\n"))
            .collect();
        std::fs::write(&file, lines).unwrap();
        script.push_str(&format!(
            "{} index --postings {} --index {} -q && ",
            env!("CARGO_BIN_EXE_jobmatch"),
            s(&file),
            s(&index)
        ));
    }
    script.push_str("true");
    let mut writer = Command::new("sh")
        .arg("-c")
        .arg(&script)
        .env_remove("RUST_LOG")
        .spawn()
        .unwrap();
    let mut answered = 0;
    loop {
        let done = writer.try_wait().unwrap();
        let out = run_in(
            p,
            &[
                "recommend",
                "--seeker",
                "S01",
                "--index",
                s(&index),
                "--date",
                "2026-11-27",
                "--json",
            ],
        );
        let (stdout, stderr) = text(&out);
        assert!(
            out.status.success(),
            "a reader failed during a commit: {stderr}"
        );
        let matches: Value = serde_json::from_str(&stdout).unwrap();
        assert!(!matches.as_array().unwrap().is_empty());
        answered += 1;
        if let Some(status) = done {
            assert!(status.success());
            break;
        }
    }
    assert!(answered >= 2, "only {answered} answers");
    let last = ok(
        p,
        &[
            "candidates",
            "--posting",
            "N4-199",
            "--index",
            s(&index),
            "--date",
            "2026-11-27",
        ],
    );
    assert!(last.contains("S0"), "{last}");
}

#[test]
fn damaged_history_and_index_give_clear_errors_and_keep_the_good_state() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path();
    let data = canary_dataset(p);
    let work = p.join("work");
    let push = |date: &str| {
        run_in(
            p,
            &[
                "push",
                "--dataset",
                s(&data),
                "--work",
                s(&work),
                "--date",
                date,
                "-q",
            ],
        )
    };
    assert!(push("2026-11-27").status.success());
    assert!(push("2026-11-28").status.success());
    let log = work.join("history/all.log");
    let good = std::fs::read(&log).unwrap();
    let out27 = std::fs::read(work.join("out/2026-11-27/pushes.jsonl")).unwrap();
    // Truncated inside the last record, then a bit flipped in the first.
    for damaged in [good[..good.len() - 7].to_vec(), {
        let mut b = good.clone();
        b[30] ^= 1;
        b
    }] {
        std::fs::write(&log, &damaged).unwrap();
        let out = push("2026-11-29");
        let (_, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains("all.log") && stderr.contains("damaged"),
            "{stderr}"
        );
        assert!(!stderr.contains("panicked"));
        assert!(!work.join("out/2026-11-29/summary.json").exists());
        assert_eq!(
            std::fs::read(&log).unwrap(),
            damaged,
            "the damaged log was changed"
        );
        // Reading still works: the previous outputs and the index are untouched.
        assert_eq!(
            std::fs::read(work.join("out/2026-11-27/pushes.jsonl")).unwrap(),
            out27
        );
        ok(
            p,
            &[
                "recommend",
                "--seeker",
                "S01",
                "--index",
                s(&work.join("index")),
                "--date",
                "2026-11-29",
            ],
        );
    }
    std::fs::write(&log, &good).unwrap();
    assert!(push("2026-11-29").status.success());

    // A truncated index file: an error naming the index, no panic.
    let index = work.join("index");
    let mut truncated = Vec::new();
    for side in ["postings", "seekers"] {
        for e in std::fs::read_dir(index.join(side)).unwrap() {
            let f = e.unwrap().path();
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            if !name.starts_with('.') && name != "meta.json" && f.metadata().unwrap().len() > 16 {
                truncated.push(f);
            }
        }
    }
    truncated.sort();
    assert!(truncated.len() >= 4);
    let backup = p.join("index-backup");
    copy_dir(&index, &backup);
    let mut failed = 0;
    for f in &truncated {
        let bytes = std::fs::read(f).unwrap();
        std::fs::write(f, &bytes[..bytes.len() / 2]).unwrap();
        for args in [
            vec![
                "recommend",
                "--seeker",
                "S01",
                "--index",
                s(&index),
                "--date",
                "2026-11-30",
            ],
            vec![
                "push",
                "--index",
                s(&index),
                "--work",
                s(&p.join("w2")),
                "--date",
                "2026-11-30",
                "-q",
            ],
        ] {
            let out = run_in(p, &args);
            let (_, stderr) = text(&out);
            assert!(!stderr.contains("panicked"), "{}: {stderr}", f.display());
            if out.status.success() {
                continue; // a file whose damage this query never reads
            }
            failed += 1;
            assert_eq!(out.status.code(), Some(1), "{}: {stderr}", f.display());
            assert!(
                stderr.contains(s(&index)),
                "{}: the error does not name the index: {stderr}",
                f.display()
            );
        }
        std::fs::write(f, &bytes).unwrap();
    }
    eprintln!(
        "truncated index files: {} of {} runs failed cleanly",
        failed,
        2 * truncated.len()
    );
    assert!(
        failed >= truncated.len() / 2,
        "only {failed} runs noticed the damage"
    );
    // With --dataset, a damaged index is rebuilt from the dataset.
    let f = &truncated[0];
    let bytes = std::fs::read(f).unwrap();
    std::fs::write(f, &bytes[..bytes.len() / 2]).unwrap();
    assert!(
        push("2026-11-30").status.success(),
        "{}",
        text(&push("2026-11-30")).1
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Mounts a tmpfs (root only); `None` where that is not possible.
fn tmpfs(at: &Path, options: &str) -> Option<()> {
    std::fs::create_dir_all(at).ok()?;
    let ok = Command::new("mount")
        .args(["-t", "tmpfs", "-o", options, "tmpfs", s(at)])
        .stderr(Stdio::null())
        .status()
        .ok()?
        .success();
    ok.then_some(())
}

fn umount(at: &Path) {
    let _ = Command::new("umount").arg(at).status();
}

#[test]
fn real_read_only_and_full_file_systems() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path();
    let data = canary_dataset(p);
    let work = p.join("work");
    ok(
        p,
        &[
            "push",
            "--dataset",
            s(&data),
            "--work",
            s(&work),
            "--date",
            "2026-11-27",
            "-q",
        ],
    );
    let ro = p.join("ro");
    let full = p.join("full");
    if tmpfs(&ro, "ro,size=1m").is_none() {
        eprintln!(
            "SKIPPED: cannot mount a tmpfs here (not root?); the injected-fault tests in the library cover this"
        );
        return;
    }
    let guard_full = tmpfs(&full, "size=12k");
    let result = std::panic::catch_unwind(|| {
        {
            let (dir, why) = (&ro, "Read-only file system");
            let out = run_in(
                p,
                &[
                    "push",
                    "--dataset",
                    s(&data),
                    "--work",
                    s(&work),
                    "--date",
                    "2026-11-28",
                    "--out",
                    s(&dir.join("out")),
                    "-q",
                ],
            );
            let (_, stderr) = text(&out);
            assert_eq!(out.status.code(), Some(1), "{stderr}");
            assert!(stderr.contains(why) && stderr.contains(s(dir)), "{stderr}");
        }
        if guard_full.is_some() {
            let out = run_in(
                p,
                &[
                    "push",
                    "--dataset",
                    s(&data),
                    "--work",
                    s(&work),
                    "--date",
                    "2026-11-28",
                    "--out",
                    s(&full),
                    "-q",
                ],
            );
            let (_, stderr) = text(&out);
            assert_eq!(out.status.code(), Some(1), "{stderr}");
            assert!(
                stderr.contains("No space left") && stderr.contains(s(&full)),
                "{stderr}"
            );
            assert!(!stderr.contains("panicked"));
            // Nothing that looks complete, no temporary file left.
            let left: Vec<String> = std::fs::read_dir(&full)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            assert!(
                !left
                    .iter()
                    .any(|n| n == "summary.json" || n.ends_with(".tmp")),
                "{left:?}"
            );
        }
        // Not recorded: the same run finishes on a writable output directory.
        let history = jobmatch::push::read_history(&work.join("history")).unwrap();
        assert_eq!(history.len(), 1);
        ok(
            p,
            &[
                "push",
                "--dataset",
                s(&data),
                "--work",
                s(&work),
                "--date",
                "2026-11-28",
                "--out",
                s(&p.join("out28")),
                "-q",
            ],
        );
        assert!(p.join("out28/summary.json").exists());
    });
    umount(&ro);
    umount(&full);
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}
