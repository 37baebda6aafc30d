//! Bad records: each gives the expected rejection (file, line, field, what was
//! expected) or acceptance, never a panic; `read = accepted + rejected` always.
#![allow(clippy::unwrap_used)]

use jobmatch::load::{LoadOptions, parse_postings, parse_seekers};

/// (name, line, expected: Ok(()) = accepted, Err(field) = rejected at that field ("" = whole record)).
const POSTING_CASES: &[(&str, &str, Result<(), &str>)] = &[
    ("minimal", r#"{"id":"P1","title":"电工"}"#, Ok(())),
    ("missing id", r#"{"title":"电工"}"#, Err("id")),
    ("empty id", r#"{"id":"","title":"电工"}"#, Err("id")),
    (
        "id too long",
        "{\"id\":\"XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\",\"title\":\"a\"}",
        Err("id"),
    ),
    ("numeric id", r#"{"id":7,"title":"电工"}"#, Err("id")),
    ("missing title", r#"{"id":"P1"}"#, Err("title")),
    (
        "title wrong type",
        r#"{"id":"P1","title":["a"]}"#,
        Err("title"),
    ),
    (
        "unknown fields ignored",
        r#"{"id":"P1","title":"a","colour":"blue","x":{"y":[1,2]}}"#,
        Ok(()),
    ),
    (
        "personal fields dropped",
        r#"{"id":"P1","title":"a","phone":"13800000000","gender":"男"}"#,
        Ok(()),
    ),
    (
        "negative experience",
        r#"{"id":"P1","title":"a","experience_years":-1}"#,
        Err("experience_years"),
    ),
    (
        "absurd experience",
        r#"{"id":"P1","title":"a","experience_years":1000}"#,
        Err("experience_years"),
    ),
    (
        "negative salary",
        r#"{"id":"P1","title":"a","salary":{"min":-5,"period":"month"}}"#,
        Err("salary.min"),
    ),
    (
        "salary min above max",
        r#"{"id":"P1","title":"a","salary":{"min":9000,"max":5000,"period":"month"}}"#,
        Err("salary.min"),
    ),
    (
        "salary bad period",
        r#"{"id":"P1","title":"a","salary":{"min":1,"period":"week"}}"#,
        Err("salary.period"),
    ),
    (
        "salary huge number",
        r#"{"id":"P1","title":"a","salary":{"min":1e300,"period":"month"}}"#,
        Err("salary.min"),
    ),
    (
        "NaN is not JSON",
        r#"{"id":"P1","title":"a","openings":NaN}"#,
        Err(""),
    ),
    (
        "openings fractional",
        r#"{"id":"P1","title":"a","openings":1.5}"#,
        Err("openings"),
    ),
    (
        "openings zero accepted (filled)",
        r#"{"id":"P1","title":"a","openings":0}"#,
        Ok(()),
    ),
    (
        "openings negative",
        r#"{"id":"P1","title":"a","openings":-3}"#,
        Err("openings"),
    ),
    (
        "skill level out of range",
        r#"{"id":"P1","title":"a","skills":[{"name":"焊接","level":9}]}"#,
        Err("skills[0].level"),
    ),
    (
        "skill without name",
        r#"{"id":"P1","title":"a","skills":[{"level":2}]}"#,
        Err("skills[0].name"),
    ),
    (
        "skill wrong type",
        r#"{"id":"P1","title":"a","skills":[3]}"#,
        Err("skills[0]"),
    ),
    (
        "bad employment type",
        r#"{"id":"P1","title":"a","employment_type":"slave"}"#,
        Err("employment_type"),
    ),
    (
        "bad education",
        r#"{"id":"P1","title":"a","education":"phd"}"#,
        Err("education"),
    ),
    (
        "bad date",
        r#"{"id":"P1","title":"a","expires_at":"31/12/2026"}"#,
        Err("expires_at"),
    ),
    (
        "date out of range",
        r#"{"id":"P1","title":"a","expires_at":"9999-12-31"}"#,
        Err("expires_at"),
    ),
    (
        "rfc3339 date-time",
        r#"{"id":"P1","title":"a","posted_at":"2026-11-01T09:00:00+08:00"}"#,
        Ok(()),
    ),
    (
        "latitude out of range",
        r#"{"id":"P1","title":"a","location":{"lat":123,"lon":5}}"#,
        Err("location.lat"),
    ),
    (
        "division code with letters",
        r#"{"id":"P1","title":"a","location":{"code":"22AB"}}"#,
        Err("location.code"),
    ),
    (
        "shift ends before start",
        r#"{"id":"P1","title":"a","shifts":[{"start":"2026-11-28T10:00:00+08:00","end":"2026-11-28T08:00:00+08:00"}]}"#,
        Err("shifts[0]"),
    ),
    (
        "occupation code with spaces",
        r#"{"id":"P1","title":"a","occupation":"6 18"}"#,
        Err("occupation"),
    ),
    (
        "null fields are absent",
        r#"{"id":"P1","title":"a","description":null,"salary":null}"#,
        Ok(()),
    ),
    ("array instead of object", r#"["id","P1"]"#, Err("")),
    ("truncated JSON", r#"{"id":"P1","title":"a""#, Err("")),
    (
        "emoji and mixed scripts",
        r#"{"id":"P1","title":"🔥急聘🔥 Welder 焊工 сварщик"}"#,
        Ok(()),
    ),
];

#[test]
fn posting_cases_behave_as_documented() {
    for (name, line, expected) in POSTING_CASES {
        let loaded = parse_postings(line.as_bytes(), "postings.jsonl", &LoadOptions::lenient())
            .unwrap_or_else(|e| panic!("{name}: lenient load failed: {e}"));
        let r = &loaded.report;
        assert_eq!(r.read, r.accepted + r.rejected, "{name}");
        assert_eq!(r.read, 1, "{name}");
        match expected {
            Ok(()) => assert_eq!(r.accepted, 1, "{name}: {:?}", r.rejects),
            Err(field) => {
                assert_eq!(r.rejected, 1, "{name}: expected a reject");
                let reject = &r.rejects[0];
                assert_eq!(reject.location.field, *field, "{name}: {}", reject.message);
                assert_eq!(reject.location.line, 1, "{name}");
                assert_eq!(reject.location.source, "postings.jsonl", "{name}");
                assert!(!reject.message.is_empty(), "{name}");
                // Strict mode stops with the same location.
                let err = parse_postings(line.as_bytes(), "postings.jsonl", &LoadOptions::strict())
                    .unwrap_err();
                assert!(
                    err.to_string().starts_with("postings.jsonl:1"),
                    "{name}: {err}"
                );
            }
        }
    }
}

#[test]
fn error_messages_never_quote_values() {
    let secret = "110101199003077777";
    let lines = [
        format!(r#"{{"id":"P1","title":["{secret}"]}}"#),
        format!(r#"{{"id":"P1","title":"a","salary":{{"min":"{secret}","period":"month"}}}}"#),
        format!(r#"{{"id":"P1","title":"a","employment_type":"{secret}"}}"#),
        format!(r#"{{"id":"P1","title":"a" "{secret}"}}"#),
    ];
    for line in lines {
        let loaded = parse_postings(line.as_bytes(), "p", &LoadOptions::lenient()).unwrap();
        let msg = loaded.report.rejects[0].to_string();
        assert!(!msg.contains(secret), "{msg}");
    }
}

#[test]
fn invalid_utf8_is_rejected_with_its_line() {
    let mut bytes = br#"{"id":"P1","title":"ok"}"#.to_vec();
    bytes.extend_from_slice(b"\n{\"id\":\"P2\",\"title\":\"\xff\xfe\"}\n");
    let loaded = parse_postings(&bytes[..], "p.jsonl", &LoadOptions::lenient()).unwrap();
    assert_eq!((loaded.report.accepted, loaded.report.rejected), (1, 1));
    assert_eq!(loaded.report.rejects[0].location.line, 2);
    assert!(loaded.report.rejects[0].message.contains("UTF-8"));
}

#[test]
fn ten_megabyte_string_is_rejected_not_loaded() {
    let big = "数".repeat(10 * 1024 * 1024 / 3);
    let line = format!(r#"{{"id":"P1","title":"{big}"}}"#);
    let loaded = parse_postings(line.as_bytes(), "p", &LoadOptions::lenient()).unwrap();
    assert_eq!(loaded.report.rejected, 1);
    assert!(loaded.report.rejects[0].message.contains("limit"));
    // A caller may raise the limit.
    let roomy = LoadOptions {
        max_record_bytes: 64 << 20,
        ..LoadOptions::lenient()
    };
    let loaded = parse_postings(line.as_bytes(), "p", &roomy).unwrap();
    assert_eq!(loaded.report.accepted, 1);
}

#[test]
fn empty_file_bom_crlf_and_blank_lines() {
    let loaded = parse_seekers(&b""[..], "s", &LoadOptions::strict()).unwrap();
    assert_eq!((loaded.report.read, loaded.records.len()), (0, 0));
    let text = "\u{feff}{\"id\":\"S1\"}\r\n\r\n   \n{\"id\":\"S2\"}\r\n";
    let loaded = parse_seekers(text.as_bytes(), "s", &LoadOptions::strict()).unwrap();
    assert_eq!(loaded.report.read, 2);
    assert_eq!(loaded.records.len(), 2);
}

#[test]
fn duplicates_are_upserted_and_reported() {
    let text =
        "{\"id\":\"S1\",\"summary\":\"a\"}\n{\"id\":\"S2\"}\n{\"id\":\"S1\",\"summary\":\"b\"}\n";
    let loaded = parse_seekers(text.as_bytes(), "s", &LoadOptions::strict()).unwrap();
    assert_eq!(loaded.records.len(), 2);
    assert_eq!(loaded.records[0].summary.as_deref(), Some("b"));
    assert_eq!(loaded.report.replaced, 1);
    assert_eq!(loaded.report.replacements[0].earlier_line, 1);
    assert_eq!(loaded.report.replacements[0].later_line, 3);
}

#[test]
fn seeker_cases() {
    let cases: &[(&str, Result<(), &str>)] = &[
        (
            r#"{"id":"S1","desired":{"salary_min":{"amount":30,"period":"hour"},"regions":["2201"],"max_commute_km":15,"remote":false}}"#,
            Ok(()),
        ),
        (
            r#"{"id":"S1","desired":{"regions":["Changchun"]}}"#,
            Err("desired.regions[0]"),
        ),
        (
            r#"{"id":"S1","desired":{"salary_min":{"period":"month"}}}"#,
            Err("desired.salary_min.amount"),
        ),
        (
            r#"{"id":"S1","desired":{"max_commute_km":-2}}"#,
            Err("desired.max_commute_km"),
        ),
        (r#"{"id":"S1","desired":"anything"}"#, Err("desired")),
        (
            r#"{"id":"S1","experience":[{"title":"焊工","years":-1}]}"#,
            Err("experience[0].years"),
        ),
        (r#"{"id":"S1","experience":"ten years"}"#, Err("experience")),
        (
            r#"{"id":"S1","groups":["veteran","custom_local_tag"]}"#,
            Ok(()),
        ),
        (
            r#"{"id":"S1","availability":[{"start":"2026-11-28T08:00:00+08:00"}]}"#,
            Err("availability[0].end"),
        ),
        (
            r#"{"id":"S1","name":"张三","id_number":"110101199003077777","birth_date":"1990-03-07","ethnicity":"汉"}"#,
            Ok(()),
        ),
    ];
    for (line, expected) in cases {
        let loaded = parse_seekers(line.as_bytes(), "s", &LoadOptions::lenient()).unwrap();
        let r = &loaded.report;
        assert_eq!(r.read, r.accepted + r.rejected);
        match expected {
            Ok(()) => assert_eq!(r.accepted, 1, "{line}: {:?}", r.rejects),
            Err(field) => assert_eq!(
                r.rejects.first().map(|x| x.location.field.as_str()),
                Some(*field),
                "{line}"
            ),
        }
    }
    let loaded = parse_seekers(cases[9].0.as_bytes(), "s", &LoadOptions::lenient()).unwrap();
    assert_eq!(loaded.report.personal_fields_dropped, 4);
}
