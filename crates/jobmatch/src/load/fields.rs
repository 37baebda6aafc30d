//! Typed access to a JSON object's fields, with errors that name the field and
//! say what was expected (never what was found: values may be personal data).

use serde_json::{Map, Value};

use crate::model::{Date, DateTime, Location, PayPeriod, SkillItem, TimeRange};

/// A validation failure inside one record: the field path and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldError {
    pub field: String,
    pub message: String,
}

pub(crate) type FieldResult<T> = Result<T, FieldError>;

pub(crate) fn field_err(field: impl Into<String>, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

/// Longest id the spec allows, in bytes.
pub(crate) const MAX_ID_BYTES: usize = 128;

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn expected(path: &str, what: &str, got: &Value) -> FieldError {
    field_err(path, format!("expected {what}, found {}", kind(got)))
}

/// A view of one JSON object with a path prefix for error messages.
pub(crate) struct Obj<'a> {
    map: &'a Map<String, Value>,
    prefix: String,
}

impl<'a> Obj<'a> {
    pub fn root(map: &'a Map<String, Value>) -> Self {
        Obj {
            map,
            prefix: String::new(),
        }
    }

    pub fn nested(map: &'a Map<String, Value>, prefix: String) -> Self {
        Obj { map, prefix }
    }

    pub fn path(&self, name: &str) -> String {
        if self.prefix.is_empty() {
            name.to_string()
        } else {
            format!("{}.{}", self.prefix, name)
        }
    }

    /// The value of a field; JSON `null` counts as absent.
    pub fn get(&self, name: &str) -> Option<&'a Value> {
        self.map.get(name).filter(|v| !v.is_null())
    }

    pub fn opt_str(&self, name: &str) -> FieldResult<Option<&'a str>> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(v) => Err(expected(&self.path(name), "a string", v)),
        }
    }

    /// An optional string; empty or all-blank strings count as absent.
    pub fn opt_text(&self, name: &str) -> FieldResult<Option<String>> {
        Ok(self
            .opt_str(name)?
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string))
    }

    /// An optional free-text field, with ID-card numbers, telephone numbers
    /// and e-mail addresses masked (see [`crate::privacy::mask_text`]).
    pub fn free_text(&self, name: &str) -> FieldResult<Option<String>> {
        Ok(self.opt_text(name)?.map(crate::privacy::mask_owned))
    }

    /// A required free-text field, masked like [`Obj::free_text`].
    pub fn required_free_text(&self, name: &str) -> FieldResult<String> {
        self.required_text(name).map(crate::privacy::mask_owned)
    }

    pub fn id(&self, name: &str) -> FieldResult<String> {
        match self.get(name) {
            None => Err(field_err(self.path(name), "required field is missing")),
            Some(Value::String(s)) => {
                if s.is_empty() || s.len() > MAX_ID_BYTES {
                    Err(field_err(
                        self.path(name),
                        format!(
                            "expected an id of 1-{MAX_ID_BYTES} bytes, found {} bytes",
                            s.len()
                        ),
                    ))
                } else if s.chars().any(char::is_control) {
                    Err(field_err(
                        self.path(name),
                        "expected an id without control characters",
                    ))
                } else {
                    Ok(s.clone())
                }
            }
            Some(v) => Err(expected(&self.path(name), "a string id", v)),
        }
    }

    pub fn required_text(&self, name: &str) -> FieldResult<String> {
        self.opt_text(name)?
            .ok_or_else(|| field_err(self.path(name), "required field is missing or empty"))
    }

    pub fn opt_bool(&self, name: &str) -> FieldResult<Option<bool>> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(v) => Err(expected(&self.path(name), "true or false", v)),
        }
    }

    /// An optional finite number within `[lo, hi]`.
    pub fn opt_num(&self, name: &str, lo: f64, hi: f64) -> FieldResult<Option<f64>> {
        match self.get(name) {
            None => Ok(None),
            Some(v @ Value::Number(n)) => {
                let x = n
                    .as_f64()
                    .filter(|x| x.is_finite())
                    .ok_or_else(|| expected(&self.path(name), "a finite number", v))?;
                if x < lo || x > hi {
                    Err(field_err(
                        self.path(name),
                        format!("expected a number in [{lo}, {hi}]"),
                    ))
                } else {
                    Ok(Some(x))
                }
            }
            Some(v) => Err(expected(&self.path(name), "a number", v)),
        }
    }

    /// An optional whole number within `[lo, hi]`.
    pub fn opt_int(&self, name: &str, lo: i64, hi: i64) -> FieldResult<Option<i64>> {
        match self.get(name) {
            None => Ok(None),
            Some(v @ Value::Number(n)) => {
                let x = n
                    .as_i64()
                    .or_else(|| {
                        n.as_f64()
                            .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                            .map(|f| f as i64)
                    })
                    .ok_or_else(|| expected(&self.path(name), "a whole number", v))?;
                if x < lo || x > hi {
                    Err(field_err(
                        self.path(name),
                        format!("expected a whole number in [{lo}, {hi}]"),
                    ))
                } else {
                    Ok(Some(x))
                }
            }
            Some(v) => Err(expected(&self.path(name), "a whole number", v)),
        }
    }

    pub fn opt_obj(&self, name: &str) -> FieldResult<Option<Obj<'a>>> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Object(m)) => Ok(Some(Obj::nested(m, self.path(name)))),
            Some(v) => Err(expected(&self.path(name), "an object", v)),
        }
    }

    pub fn opt_array(&self, name: &str) -> FieldResult<&'a [Value]> {
        match self.get(name) {
            None => Ok(&[]),
            Some(Value::Array(items)) => Ok(items.as_slice()),
            Some(v) => Err(expected(&self.path(name), "an array", v)),
        }
    }

    /// An array of strings (blank ones skipped), each checked by `check`.
    pub fn str_list(
        &self,
        name: &str,
        check: impl Fn(&str) -> Option<String>,
        what: &str,
    ) -> FieldResult<Vec<String>> {
        let mut out = Vec::new();
        for (i, item) in self.opt_array(name)?.iter().enumerate() {
            let path = format!("{}[{i}]", self.path(name));
            match item {
                Value::String(s) if s.trim().is_empty() => {}
                Value::String(s) => out.push(
                    check(s.trim()).ok_or_else(|| field_err(&path, format!("expected {what}")))?,
                ),
                v => return Err(expected(&path, what, v)),
            }
        }
        Ok(out)
    }

    pub fn opt_date(&self, name: &str) -> FieldResult<Option<Date>> {
        match self.opt_str(name)? {
            None => Ok(None),
            Some(s) => Date::parse(s.trim())
                .filter(|d| (-36_500..=73_000).contains(&d.0))
                .map(Some)
                .ok_or_else(|| {
                    field_err(
                        self.path(name),
                        "expected a date YYYY-MM-DD or an RFC 3339 date-time between 1870 and 2169",
                    )
                }),
        }
    }

    pub fn opt_location(&self, name: &str) -> FieldResult<Option<Location>> {
        let Some(o) = self.opt_obj(name)? else {
            return Ok(None);
        };
        let code = match o.opt_text("code")? {
            None => None,
            Some(c) if is_division_code(&c) => Some(c),
            Some(_) => {
                return Err(field_err(
                    o.path("code"),
                    "expected an administrative division code of 2-12 digits",
                ));
            }
        };
        let loc = Location {
            code,
            name: o.free_text("name")?,
            lat: o.opt_num("lat", -90.0, 90.0)?,
            lon: o.opt_num("lon", -180.0, 180.0)?,
        };
        Ok(Some(loc))
    }

    pub fn pay_period(&self, name: &str) -> FieldResult<PayPeriod> {
        let s = self
            .opt_str(name)?
            .ok_or_else(|| field_err(self.path(name), "required field is missing"))?;
        PayPeriod::parse(s).ok_or_else(|| {
            field_err(
                self.path(name),
                "expected one of hour, day, month, year, piece",
            )
        })
    }

    pub fn skills(&self, name: &str) -> FieldResult<Vec<SkillItem>> {
        let mut out = Vec::new();
        for (i, item) in self.opt_array(name)?.iter().enumerate() {
            let path = format!("{}[{i}]", self.path(name));
            match item {
                Value::String(s) => {
                    if !s.trim().is_empty() {
                        out.push(SkillItem {
                            name: crate::privacy::mask_owned(s.trim().to_string()),
                            required: true,
                            level: None,
                        });
                    }
                }
                Value::Object(m) => {
                    let o = Obj::nested(m, path);
                    let name = o.required_free_text("name")?;
                    let required = o.opt_bool("required")?.unwrap_or(true);
                    let level = o.opt_int("level", 1, 5)?.map(|l| l as u8);
                    out.push(SkillItem {
                        name,
                        required,
                        level,
                    });
                }
                v => {
                    return Err(expected(
                        &path,
                        "a skill name or {name, required, level}",
                        v,
                    ));
                }
            }
        }
        Ok(out)
    }

    pub fn time_ranges(&self, name: &str) -> FieldResult<Vec<TimeRange>> {
        let mut out = Vec::new();
        for (i, item) in self.opt_array(name)?.iter().enumerate() {
            let path = format!("{}[{i}]", self.path(name));
            let Value::Object(m) = item else {
                return Err(expected(&path, "an object {start, end}", item));
            };
            let o = Obj::nested(m, path.clone());
            let when = |key: &str| -> FieldResult<DateTime> {
                let s = o
                    .opt_str(key)?
                    .ok_or_else(|| field_err(o.path(key), "required field is missing"))?;
                DateTime::parse(s.trim())
                    .ok_or_else(|| field_err(o.path(key), "expected an RFC 3339 date-time"))
            };
            let start = when("start")?;
            let end = when("end")?;
            if end <= start {
                return Err(field_err(path, "expected `end` after `start`"));
            }
            out.push(TimeRange { start, end });
        }
        Ok(out)
    }
}

/// Whether `code` looks like an administrative division code: 2 to 12 ASCII digits.
pub(crate) fn is_division_code(code: &str) -> bool {
    (2..=12).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `code` looks like an occupation code: 1-64 bytes of ASCII letters,
/// digits, `-` and `.`, not starting or ending with a separator.
pub(crate) fn is_occupation_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 64
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        && !code.starts_with(['-', '.'])
        && !code.ends_with(['-', '.'])
}
