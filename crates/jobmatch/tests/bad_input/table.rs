//! The bad-input matrix: one row per kind of bad (or merely unusual) input
//! file, each with the behaviour expected of the loader, written out. The
//! same rows run through the library (`tests/bad_input_matrix.rs`) and the
//! CLI (`crates/jobmatch-cli/tests/bad_input_cli.rs`). In every row:
//! no panic, and `read = accepted + rejected`.
//!
//! Rules the rows follow: a blank line is not a record; a record that is not
//! one valid JSON object of the data contract is rejected with its line and
//! the offending field (`""` when the record as a whole is at fault), and the
//! other records of the file still load (lenient) or the first rejection stops
//! the load (strict); unknown fields and personal fields are dropped, never
//! rejected; a repeated id replaces the earlier record.
#![allow(dead_code)]

/// Which file a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A postings file.
    Postings,
    /// A seekers file.
    Seekers,
}

/// One kind of bad input and what must happen to it.
#[derive(Debug, Clone)]
pub struct Row {
    /// Short name.
    pub name: &'static str,
    /// Postings or seekers.
    pub kind: Kind,
    /// The whole file.
    pub content: Vec<u8>,
    /// Records read (non-blank lines).
    pub read: u64,
    /// Records accepted.
    pub accepted: u64,
    /// Records replaced by a later one with the same id.
    pub replaced: u64,
    /// The field of each rejected record, in line order (`""`: the record as a whole).
    pub rejects: Vec<&'static str>,
    /// The expected behaviour, in words.
    pub behaviour: &'static str,
}

impl Row {
    /// Records rejected.
    pub fn rejected(&self) -> u64 {
        self.rejects.len() as u64
    }
}

const P_OK: &str =
    r#"{"id":"P-ok","title":"电工","skills":["电工证"],"location":{"code":"220102"}}"#;
const S_OK: &str = r#"{"id":"S-ok","skills":["电工证"],"location":{"code":"220102"}}"#;

fn lines(ls: &[&str]) -> Vec<u8> {
    let mut out = Vec::new();
    for l in ls {
        out.extend_from_slice(l.as_bytes());
        out.push(b'\n');
    }
    out
}

/// A file of a good record followed by `bad`.
fn with_good(kind: Kind, bad: &str) -> Vec<u8> {
    lines(&[if kind == Kind::Postings { P_OK } else { S_OK }, bad])
}

#[allow(clippy::too_many_arguments)]
fn row(
    name: &'static str,
    kind: Kind,
    content: Vec<u8>,
    (read, accepted, replaced): (u64, u64, u64),
    rejects: &[&'static str],
    behaviour: &'static str,
) -> Row {
    Row {
        name,
        kind,
        content,
        read,
        accepted,
        replaced,
        rejects: rejects.to_vec(),
        behaviour,
    }
}

/// `{"id":"<id>","title":"<title>"}` with `title` JSON-escaped.
fn posting(id: &str, title: &str) -> String {
    format!(
        r#"{{"id":{},"title":{}}}"#,
        serde_json::Value::from(id),
        serde_json::Value::from(title)
    )
}

/// Every row of the matrix.
pub fn rows() -> Vec<Row> {
    use Kind::{Postings as P, Seekers as S};
    let mut gbk = Vec::new();
    // "电工" and "焊工" in GBK: not UTF-8.
    gbk.extend_from_slice(b"{\"id\":\"P1\",\"title\":\"\xb5\xe7\xb9\xa4\"}\n");
    gbk.extend_from_slice(b"{\"id\":\"P2\",\"title\":\"\xba\xb8\xb9\xa4\"}\n");
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "{\"id\":\"P1\",\"title\":\"a\"}\n{\"id\":\"P2\",\"title\":\"b\"}\n".encode_utf16()
    {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let mut bad_byte = with_good(P, "");
    bad_byte.extend_from_slice(b"{\"id\":\"P2\",\"title\":\"\xff\xfe\xfd\"}\n");
    let mut overlong = with_good(P, "");
    overlong.extend_from_slice(b"{\"id\":\"P2\",\"title\":\"\xc0\xaf\"}\n");
    let deep_ok = format!(
        r#"{{"id":"P2","title":"a","extra":{}1{}}}"#,
        "[".repeat(100),
        "]".repeat(100)
    );
    let deep_bad = format!(
        r#"{{"id":"P2","title":"a","extra":{}1{}}}"#,
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let ten_mb = posting("P2", &"岗".repeat(10 * 1024 * 1024 / 3));
    let ten_mb_summary = format!(
        r#"{{"id":"S2","summary":{}}}"#,
        serde_json::Value::from("x".repeat(10 << 20))
    );
    let big_ok = format!(
        r#"{{"id":"P2","title":"仓库管理员","description":{}}}"#,
        serde_json::Value::from("负责货物出入库登记、盘点和叉车作业。".repeat(5000))
    );
    let long_token = posting("P2", &"a".repeat(100_000));
    let long_cjk_token = posting("P2", &"龘".repeat(30_000));
    let many_skills = format!(
        r#"{{"id":"P2","title":"a","skills":{}}}"#,
        serde_json::Value::from((0..5000).map(|i| format!("skill{i}")).collect::<Vec<_>>())
    );
    let emoji_flood = posting("P2", &"👩‍🔧🔥".repeat(4000));
    let id_129 = posting(&"P".repeat(129), "a");
    vec![
        row(
            "empty file",
            P,
            Vec::new(),
            (0, 0, 0),
            &[],
            "no records: read 0, nothing indexed, no error",
        ),
        row(
            "blank lines only",
            S,
            b"\n \n\t\r\n\n".to_vec(),
            (0, 0, 0),
            &[],
            "blank lines are not records",
        ),
        row(
            "truncated JSON",
            P,
            with_good(P, r#"{"id":"P2","title":"a""#),
            (2, 1, 0),
            &[""],
            "malformed JSON: rejected, line named",
        ),
        row(
            "trailing garbage",
            P,
            with_good(P, r#"{"id":"P2","title":"a"} extra"#),
            (2, 1, 0),
            &[""],
            "one object per line: trailing characters reject the line",
        ),
        row(
            "two objects on one line",
            S,
            with_good(S, r#"{"id":"S2"}{"id":"S3"}"#),
            (2, 1, 0),
            &[""],
            "rejected, not split",
        ),
        row(
            "array instead of object",
            P,
            with_good(P, r#"["P2","a"]"#),
            (2, 1, 0),
            &[""],
            "expected a JSON object",
        ),
        row(
            "scalar lines",
            S,
            lines(&["42", "null", "\"S1\"", S_OK]),
            (4, 1, 0),
            &["", "", ""],
            "a number, null or string is not a record",
        ),
        row(
            "invalid UTF-8 bytes",
            P,
            bad_byte,
            (2, 1, 0),
            &[""],
            "invalid UTF-8: rejected with its byte offset, not decoded lossily",
        ),
        row(
            "overlong UTF-8 encoding",
            P,
            overlong,
            (2, 1, 0),
            &[""],
            "overlong encodings are invalid UTF-8",
        ),
        row(
            "GBK file",
            P,
            gbk,
            (2, 0, 0),
            &["", ""],
            "a GBK-encoded file is not UTF-8: every line rejected (the CLI exits 2: no valid record)",
        ),
        row(
            "UTF-16 file with BOM",
            P,
            utf16,
            (3, 0, 0),
            &["", "", ""],
            "UTF-16 is not UTF-8: every line rejected",
        ),
        row(
            "UTF-8 BOM",
            P,
            [&b"\xEF\xBB\xBF"[..], &with_good(P, &posting("P2", "b"))].concat(),
            (2, 2, 0),
            &[],
            "a byte-order mark is skipped",
        ),
        row(
            "CRLF line ends",
            S,
            b"{\"id\":\"S1\"}\r\n{\"id\":\"S2\"}\r\n".to_vec(),
            (2, 2, 0),
            &[],
            "CRLF is a line end",
        ),
        row(
            "BOM, CRLF and blank lines",
            S,
            "\u{feff}{\"id\":\"S1\"}\r\n\r\n  \r\n{\"id\":\"S2\"}"
                .as_bytes()
                .to_vec(),
            (2, 2, 0),
            &[],
            "blank CRLF lines are not records; no final line end needed",
        ),
        row(
            "lone CR line ends",
            P,
            format!("{P_OK}\r{}\r", posting("P2", "b")).into_bytes(),
            (1, 0, 0),
            &[""],
            "a lone CR is not a line end: one line with two objects, rejected",
        ),
        row(
            "duplicate ids",
            P,
            lines(&[
                &posting("P1", "a"),
                &posting("P2", "b"),
                &posting("P1", "c"),
            ]),
            (3, 3, 1),
            &[],
            "a repeated id replaces the earlier record (upsert), reported as replaced",
        ),
        row(
            "duplicate keys in one object",
            P,
            lines(&[r#"{"id":"P1","id":"P2","title":"a"}"#]),
            (1, 1, 0),
            &[],
            "JSON with a repeated key: the last value wins (as in JavaScript)",
        ),
        row(
            "missing required field",
            P,
            with_good(P, r#"{"id":"P2"}"#),
            (2, 1, 0),
            &["title"],
            "title is required for postings",
        ),
        row(
            "empty and blank strings",
            P,
            with_good(P, r#"{"id":"P2","title":"   "}"#),
            (2, 1, 0),
            &["title"],
            "a blank required string is missing",
        ),
        row(
            "empty id",
            S,
            with_good(S, r#"{"id":""}"#),
            (2, 1, 0),
            &["id"],
            "ids are 1-128 bytes",
        ),
        row(
            "id of 129 bytes",
            P,
            with_good(P, &id_129),
            (2, 1, 0),
            &["id"],
            "ids are 1-128 bytes",
        ),
        row(
            "control character in id",
            S,
            with_good(S, r#"{"id":"S\u0000X"}"#),
            (2, 1, 0),
            &["id"],
            "ids carry no control characters",
        ),
        row(
            "10 MB field",
            P,
            with_good(P, &ten_mb),
            (2, 1, 0),
            &[""],
            "a record over the 1 MiB limit is rejected before parsing",
        ),
        row(
            "10 MB seeker summary",
            S,
            with_good(S, &ten_mb_summary),
            (2, 1, 0),
            &[""],
            "the same for seekers",
        ),
        row(
            "large but allowed description",
            P,
            with_good(P, &big_ok),
            (2, 2, 0),
            &[],
            "a 0.3 MB description is loaded and indexed",
        ),
        row(
            "deep nesting in an unknown field",
            P,
            with_good(P, &deep_ok),
            (2, 2, 0),
            &[],
            "100 levels: parsed, unknown field ignored",
        ),
        row(
            "very deep nesting",
            P,
            with_good(P, &deep_bad),
            (2, 1, 0),
            &[""],
            "5000 levels: over the JSON recursion limit, rejected without a stack overflow",
        ),
        row(
            "NaN",
            P,
            with_good(P, r#"{"id":"P2","title":"a","openings":NaN}"#),
            (2, 1, 0),
            &[""],
            "NaN is not JSON",
        ),
        row(
            "Infinity",
            S,
            with_good(S, r#"{"id":"S2","experience_years":Infinity}"#),
            (2, 1, 0),
            &[""],
            "Infinity is not JSON",
        ),
        row(
            "number overflowing f64",
            P,
            with_good(P, r#"{"id":"P2","title":"a","experience_years":1e400}"#),
            (2, 1, 0),
            &[""],
            "1e400 does not fit a number: rejected",
        ),
        row(
            "negative numbers",
            P,
            with_good(P, r#"{"id":"P2","title":"a","openings":-1}"#),
            (2, 1, 0),
            &["openings"],
            "openings >= 0",
        ),
        row(
            "absurd salary",
            P,
            with_good(
                P,
                r#"{"id":"P2","title":"a","salary":{"min":1e12,"period":"month"}}"#,
            ),
            (2, 1, 0),
            &["salary.min"],
            "pay above CNY 100 million is rejected",
        ),
        row(
            "absurd openings",
            P,
            with_good(P, r#"{"id":"P2","title":"a","openings":1000000000}"#),
            (2, 1, 0),
            &["openings"],
            "at most 100,000 openings",
        ),
        row(
            "negative experience",
            S,
            with_good(S, r#"{"id":"S2","experience_years":-3}"#),
            (2, 1, 0),
            &["experience_years"],
            "experience in 0..80 years",
        ),
        row(
            "latitude out of range",
            S,
            with_good(S, r#"{"id":"S2","location":{"lat":91,"lon":125}}"#),
            (2, 1, 0),
            &["location.lat"],
            "WGS-84 degrees",
        ),
        row(
            "fractional count",
            P,
            with_good(P, r#"{"id":"P2","title":"a","openings":2.5}"#),
            (2, 1, 0),
            &["openings"],
            "openings is an integer",
        ),
        row(
            "malformed division code",
            P,
            with_good(
                P,
                r#"{"id":"P2","title":"a","location":{"code":"Changchun"}}"#,
            ),
            (2, 1, 0),
            &["location.code"],
            "a division code is 2-12 digits",
        ),
        row(
            "unknown but well-formed codes",
            P,
            with_good(
                P,
                r#"{"id":"P2","title":"a","occupation":"9-99-99-99","location":{"code":"990000"}}"#,
            ),
            (2, 2, 0),
            &[],
            "codes are hierarchical by prefix, not looked up: accepted, they match nothing",
        ),
        row(
            "malformed occupation code",
            S,
            with_good(S, r#"{"id":"S2","desired":{"occupations":["电工 code"]}}"#),
            (2, 1, 0),
            &["desired.occupations[0]"],
            "letters, digits, - and . only",
        ),
        row(
            "unknown enum values",
            P,
            with_good(
                P,
                r#"{"id":"P2","title":"a","employment_type":"slave","education":"phd"}"#,
            ),
            (2, 1, 0),
            &["employment_type"],
            "the first invalid field is named",
        ),
        row(
            "date out of range",
            P,
            with_good(P, r#"{"id":"P2","title":"a","expires_at":"9999-12-31"}"#),
            (2, 1, 0),
            &["expires_at"],
            "dates are limited to a sane range",
        ),
        row(
            "impossible date",
            P,
            with_good(P, r#"{"id":"P2","title":"a","posted_at":"2026-02-30"}"#),
            (2, 1, 0),
            &["posted_at"],
            "no 30 February",
        ),
        row(
            "date in another format",
            P,
            with_good(P, r#"{"id":"P2","title":"a","expires_at":"31/12/2026"}"#),
            (2, 1, 0),
            &["expires_at"],
            "date or RFC 3339 date-time only",
        ),
        row(
            "shift ending before it starts",
            P,
            with_good(
                P,
                r#"{"id":"P2","title":"a","shifts":[{"start":"2026-11-28T18:00:00+08:00","end":"2026-11-28T08:00:00+08:00"}]}"#,
            ),
            (2, 1, 0),
            &["shifts[0]"],
            "end after start",
        ),
        row(
            "wrong types",
            P,
            lines(&[
                P_OK,
                r#"{"id":"P2","title":7}"#,
                r#"{"id":"P3","title":"a","skills":"welding"}"#,
                r#"{"id":"P4","title":"a","remote":"yes"}"#,
                r#"{"id":5,"title":"a"}"#,
            ]),
            (5, 1, 0),
            &["title", "skills", "remote", "id"],
            "each names its field and the expected type",
        ),
        row(
            "wrong types in seekers",
            S,
            lines(&[
                S_OK,
                r#"{"id":"S2","groups":"veteran"}"#,
                r#"{"id":"S3","experience":["welder"]}"#,
                r#"{"id":"S4","desired":{"max_commute_km":"far"}}"#,
            ]),
            (4, 1, 0),
            &["groups", "experience[0]", "desired.max_commute_km"],
            "nested fields are named by path",
        ),
        row(
            "null fields",
            P,
            with_good(
                P,
                r#"{"id":"P2","title":"a","description":null,"salary":null,"skills":null}"#,
            ),
            (2, 2, 0),
            &[],
            "null counts as absent",
        ),
        row(
            "lone surrogate escape",
            P,
            with_good(P, r#"{"id":"P2","title":"\ud800"}"#),
            (2, 1, 0),
            &[""],
            "not a Unicode scalar value: rejected",
        ),
        row(
            "personal fields",
            S,
            with_good(
                S,
                r#"{"id":"S2","name":"张三","phone":"13912345678","id_number":"220102199001011234","gender":"女","birth_date":"1990-01-01"}"#,
            ),
            (2, 2, 0),
            &[],
            "personal fields are dropped and counted, never rejected or echoed",
        ),
        row(
            "emoji",
            P,
            with_good(P, &posting("P2", "🔧 维修工 👷‍♀️ 急招🔥")),
            (2, 2, 0),
            &[],
            "emoji are text: accepted and indexed",
        ),
        row(
            "mixed scripts",
            P,
            with_good(
                P,
                &posting(
                    "P2",
                    "Сварщик 焊工 welder لحام ช่างเชื่อม 용접공 \u{202e}reversed\u{200d}",
                ),
            ),
            (2, 2, 0),
            &[],
            "any script, bidi controls and joiners: accepted",
        ),
        row(
            "very long token",
            P,
            with_good(P, &long_token),
            (2, 2, 0),
            &[],
            "a 100,000-letter word: accepted; the index skips tokens too long to index",
        ),
        row(
            "very long CJK run",
            P,
            with_good(P, &long_cjk_token),
            (2, 2, 0),
            &[],
            "30,000 Chinese characters without punctuation: accepted",
        ),
        row(
            "emoji flood",
            P,
            with_good(P, &emoji_flood),
            (2, 2, 0),
            &[],
            "thousands of emoji with joiners: accepted",
        ),
        row(
            "5000 skills",
            P,
            with_good(P, &many_skills),
            (2, 2, 0),
            &[],
            "many skills: accepted",
        ),
        row(
            "NUL and controls in text",
            S,
            with_good(S, r#"{"id":"S2","summary":"a\u0000b\u0007c\td"}"#),
            (2, 2, 0),
            &[],
            "control characters in free text are kept as text",
        ),
        row(
            "seeker skill level out of range",
            S,
            with_good(S, r#"{"id":"S2","skills":[{"name":"焊接","level":0}]}"#),
            (2, 1, 0),
            &["skills[0].level"],
            "levels are 1-5",
        ),
        row(
            "availability without end",
            S,
            with_good(
                S,
                r#"{"id":"S2","availability":[{"start":"2026-11-28T08:00:00+08:00"}]}"#,
            ),
            (2, 1, 0),
            &["availability[0].end"],
            "a time range needs both ends",
        ),
    ]
}
