//! The fuzz targets' bodies on stable: the seed corpus and every crash
//! regression under `fuzz/`, then arbitrary bytes and near-valid records
//! through proptest (fixed seed, a few hundred cases per target).

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use serde_json::{Map, Value, json};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// Files directly under `dir`, sorted (none when it does not exist).
fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn seeds_and_regressions_replay_cleanly() {
    for (name, body) in jobmatch_fuzz::TARGETS {
        let seeds = files(&fuzz_dir().join("seeds").join(name));
        assert!(!seeds.is_empty(), "no seeds for target {name}");
        for path in seeds
            .iter()
            .chain(&files(&fuzz_dir().join("regressions").join(name)))
        {
            body(&read(path));
        }
    }
}

/// Every regression input is named after its target's folder, so none is
/// silently skipped.
#[test]
fn regressions_belong_to_a_target() {
    let stray = files(&fuzz_dir().join("regressions"));
    assert!(
        stray.is_empty(),
        "regression inputs outside a target folder: {stray:?}"
    );
    let Ok(entries) = std::fs::read_dir(fuzz_dir().join("regressions")) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        assert!(
            jobmatch_fuzz::TARGETS.iter().any(|(t, _)| *t == name),
            "regressions/{name} is not a target"
        );
    }
}

fn config(cases: u32, seed: u64) -> Config {
    Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        ..Config::default()
    }
}

/// Odd JSON values: wrong types, extremes, adversarial text, nesting.
fn odd_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|x| serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)),
        prop_oneof![
            Just(0.0),
            Just(-0.0),
            Just(1e308),
            Just(-1e308),
            Just(5e-324),
            Just(0.5)
        ]
        .prop_map(Value::from),
        "[0-9]{0,14}".prop_map(Value::from),
        "[0-9A-Za-z.-]{0,12}".prop_map(Value::from),
        "\\PC{0,24}".prop_map(Value::from),
        prop_oneof![
            Just("2026-11-27"),
            Just("2026-02-30"),
            Just("9999-12-31T23:59:59Z"),
            Just("2026-11-27T08:00:00+08:00"),
            Just("month"),
            Just("piece"),
            Just("gig"),
            Just("bachelor"),
            Just("👩‍🔧焊工Ｗｅｌｄｅｒ"),
            Just("\u{202e}\u{0}\u{feff}"),
        ]
        .prop_map(Value::from),
        (1usize..3000).prop_map(|n| Value::from("長".repeat(n))),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(("[a-z_]{1,16}", inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

const FIELDS: &[&str] = &[
    "id",
    "title",
    "description",
    "occupation",
    "skills",
    "employer",
    "location",
    "remote",
    "employment_type",
    "salary",
    "education",
    "experience_years",
    "openings",
    "posted_at",
    "expires_at",
    "shifts",
    "target_groups",
    "summary",
    "experience",
    "desired",
    "groups",
    "availability",
    "phone",
    "name",
    "gender",
];

const NESTED: &[(&str, &str)] = &[
    ("location", "code"),
    ("location", "lat"),
    ("location", "lon"),
    ("salary", "min"),
    ("salary", "max"),
    ("salary", "period"),
    ("desired", "regions"),
    ("desired", "occupations"),
    ("desired", "salary_min"),
    ("desired", "max_commute_km"),
    ("desired", "remote"),
    ("desired", "employment_types"),
    ("desired", "titles"),
];

fn bases() -> Vec<Value> {
    vec![
        json!({"id":"P1","title":"数控车工","description":"负责数控车床的操作","occupation":"6-18-01-01",
               "skills":["数控车床操作",{"name":"看图","required":false,"level":3}],"employer":"E1",
               "location":{"code":"220102","lat":43.88,"lon":125.32},"employment_type":"full_time",
               "salary":{"min":4000,"max":6000,"period":"month"},"education":"vocational",
               "experience_years":1,"openings":2,"posted_at":"2026-11-01","expires_at":"2027-01-31",
               "target_groups":["graduate"]}),
        json!({"id":"S1","summary":"三年焊工经验","skills":["焊接","数控车床"],
               "experience":[{"title":"焊工","occupation":"6-18-02-04","years":3}],
               "desired":{"occupations":["6-18"],"titles":["焊工"],"employment_types":["full_time","gig"],
                          "salary_min":{"amount":3500,"period":"month"},"regions":["2201"],
                          "max_commute_km":30,"remote":false},
               "location":{"code":"220102001","lat":43.9,"lon":125.3},"education":"senior_secondary",
               "experience_years":3,"groups":["veteran"],
               "availability":[{"start":"2026-11-27T08:00:00+08:00","end":"2026-11-27T18:00:00+08:00"}]}),
        json!({"id":"G1","title":"外卖骑手","employment_type":"gig","salary":{"min":150,"period":"day"},
               "shifts":[{"start":"2026-11-27T09:00:00+08:00","end":"2026-11-27T12:00:00+08:00"}],
               "remote":true,"location":{"code":"220102"}}),
    ]
}

/// A valid record with a few fields replaced, removed or nested values changed.
fn near_valid_record() -> impl Strategy<Value = Value> {
    let edit = prop_oneof![
        (0..FIELDS.len(), odd_value()).prop_map(|(f, v)| (FIELDS[f].to_string(), None, Some(v))),
        (0..NESTED.len(), odd_value()).prop_map(|(f, v)| (
            NESTED[f].0.to_string(),
            Some(NESTED[f].1.to_string()),
            Some(v)
        )),
        (0..FIELDS.len()).prop_map(|f| (FIELDS[f].to_string(), None, None)),
    ];
    (0..bases().len(), prop::collection::vec(edit, 0..4)).prop_map(|(b, edits)| {
        let mut record = bases()[b].clone();
        let Some(map) = record.as_object_mut() else {
            return record;
        };
        for (field, nested, value) in edits {
            match (nested, value) {
                (None, None) => {
                    map.remove(&field);
                }
                (None, Some(v)) => {
                    map.insert(field, v);
                }
                (Some(inner), v) => {
                    let slot = map
                        .entry(field)
                        .or_insert_with(|| Value::Object(Map::new()));
                    if let (Some(o), Some(v)) = (slot.as_object_mut(), v) {
                        o.insert(inner, v);
                    }
                }
            }
        }
        record
    })
}

/// Near-valid records as JSON Lines, sometimes with a BOM, CRLF ends, blank
/// lines and a raw garbage line.
fn near_valid_lines() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::collection::vec(near_valid_record(), 1..5),
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(any::<u8>(), 0..40),
    )
        .prop_map(|(records, bom, crlf, garbage)| {
            let mut out = Vec::new();
            if bom {
                out.extend_from_slice(b"\xEF\xBB\xBF");
            }
            let end: &[u8] = if crlf { b"\r\n" } else { b"\n" };
            for (i, r) in records.iter().enumerate() {
                out.extend_from_slice(r.to_string().as_bytes());
                out.extend_from_slice(end);
                if i == 0 {
                    out.extend_from_slice(&garbage);
                    out.extend_from_slice(end);
                }
            }
            out
        })
}

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..512)
}

/// Lines of code-like text: near-valid codes, separators, digits, any text.
fn code_lines() -> impl Strategy<Value = Vec<u8>> {
    let line = prop_oneof![
        "[0-9]{0,13}",
        "[0-9]{1,2}([-.][0-9A-Z]{0,2}){0,4}",
        "[0-9-.]{0,10}",
        "[0-9é長]{0,8}",
        "\\PC{0,16}",
    ];
    (
        prop::collection::vec(any::<u8>(), 0..48),
        prop::collection::vec(line, 0..4),
    )
        .prop_map(|(numbers, lines)| {
            let mut out = lines.join("\n").into_bytes();
            if !numbers.is_empty() {
                let mut n = numbers;
                n.extend_from_slice(&out);
                out = n;
            }
            out
        })
}

/// Qrels and runs: near-valid lines, optionally both parts split by `----`.
fn eval_text() -> impl Strategy<Value = Vec<u8>> {
    let id = "[A-Za-z0-9_é]{1,4}";
    let qrel = (id, id, "-?[0-9]{1,3}|x").prop_map(|(q, d, g)| format!("{q} 0 {d} {g}"));
    let run = (
        id,
        id,
        -5i64..50,
        prop_oneof![
            any::<f64>().prop_map(|x| x.to_string()),
            Just("NaN".to_string()),
            Just("inf".to_string())
        ],
    )
        .prop_map(|(q, d, r, s)| format!("{q} Q0 {d} {r} {s} run"));
    (
        prop::collection::vec(qrel, 0..12),
        prop::collection::vec(run, 0..12),
    )
        .prop_map(|(q, r)| format!("{}\n----\n{}\n", q.join("\n"), r.join("\n")).into_bytes())
}

proptest! {
    #![proptest_config(config(256, 0x6a6f_626d_6174_6368))]

    #[test]
    fn records_any_bytes(data in bytes()) { jobmatch_fuzz::records(&data) }

    #[test]
    fn records_near_valid(data in near_valid_lines()) { jobmatch_fuzz::records(&data) }

    #[test]
    fn eval_files_any_bytes(data in bytes()) { jobmatch_fuzz::eval_files(&data) }

    #[test]
    fn eval_files_near_valid(data in eval_text()) { jobmatch_fuzz::eval_files(&data) }

    #[test]
    fn config_files_any_bytes(data in bytes()) { jobmatch_fuzz::config_files(&data) }

    #[test]
    fn codes_any_bytes(data in bytes()) { jobmatch_fuzz::codes(&data) }

    #[test]
    fn codes_near_valid(data in code_lines()) { jobmatch_fuzz::codes(&data) }

    #[test]
    fn checks_near_valid(data in near_valid_lines()) { jobmatch_fuzz::checks(&data) }
}

proptest! {
    #![proptest_config(config(64, 0x0073_636f_7269_6e67))]

    #[test]
    fn checks_any_bytes(data in bytes()) { jobmatch_fuzz::checks(&data) }

    #[test]
    fn scoring_near_valid(data in near_valid_lines()) { jobmatch_fuzz::scoring(&data) }

    #[test]
    fn scoring_any_bytes(data in bytes()) { jobmatch_fuzz::scoring(&data) }
}

/// Near-valid TOML for the policy and weights parsers.
fn toml_text() -> impl Strategy<Value = Vec<u8>> {
    let key = prop_oneof![
        Just("max_boost"),
        Just("min_score"),
        Just("skill"),
        Just("text"),
        Just("freshness"),
        Just("reserved"),
        Just("nope"),
    ];
    let value = prop_oneof![
        any::<f64>().prop_map(|x| format!("{x:?}")),
        Just("nan".to_string()),
        Just("-inf".to_string()),
        Just("1e39".to_string()),
        Just("-0.0".to_string()),
        Just("\"x\"".to_string()),
        Just("[\"disabled\"]".to_string()),
        (0i64..5).prop_map(|i| i.to_string()),
    ];
    let rule = ("\\PC{0,6}", prop::collection::vec("[a-z_]{1,8}", 0..3), any::<f32>(), any::<bool>())
        .prop_map(|(name, groups, boost, cap)| {
            format!(
                "[[rule]]\nname = {name:?}\ngroups = {groups:?}\nboost = {boost:?}\ncapacity_priority = {cap}\npostings = {{ occupations = [\"6-18\"] }}\n"
            )
        });
    (
        prop::collection::vec((key, value), 0..6),
        prop::collection::vec(rule, 0..3),
    )
        .prop_map(|(pairs, rules)| {
            let mut out: String = pairs.iter().map(|(k, v)| format!("{k} = {v}\n")).collect();
            out.extend(rules);
            out.into_bytes()
        })
}

proptest! {
    #![proptest_config(config(256, 0x746f_6d6c))]

    #[test]
    fn config_files_near_valid(data in toml_text()) { jobmatch_fuzz::config_files(&data) }
}
