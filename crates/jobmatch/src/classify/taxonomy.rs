//! Occupation taxonomies in the `occupations.jsonl` shape, with aliases.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

use serde_json::Value;

use crate::error::{Error, InputLocation, Result};

/// Longest code accepted, in bytes.
const MAX_CODE_BYTES: usize = 128;

/// One occupation (or group) of a taxonomy.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Occupation {
    /// The code, e.g. `6-18-01-01` or `2654.1.7`.
    pub code: String,
    /// The preferred name.
    pub name: String,
    /// The code of the broader concept, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Free-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Alternative names published with the taxonomy.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alt_names: Vec<String>,
    /// Skills (names) of the occupation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
    /// Employer-written aliases added from an aliases file (not part of the
    /// `occupations.jsonl` shape; see [`Taxonomy::add_aliases`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// An occupation taxonomy: validated occupations, looked up by code.
///
/// Codes are unique and non-empty; names are non-empty. A `parent` need not be
/// in the file (ESCO's parents are often ISCO groups that are not occupations),
/// but it may not be the code itself. A code with children in the file and no
/// description is a *group* (a category such as `6-18-01`), which the
/// classifier does not predict.
///
/// ```
/// use jobmatch::classify::Taxonomy;
/// let text = r#"{"code":"6","name":"生产制造及有关人员"}
/// {"code":"6-18","name":"机械制造基础加工人员","parent":"6"}
/// {"code":"6-18-01-01","name":"车工","parent":"6-18"}"#;
/// let taxonomy = Taxonomy::from_jsonl(text.as_bytes(), "occupations.jsonl")?;
/// assert_eq!(taxonomy.len(), 3);
/// assert_eq!(taxonomy.get("6-18-01-01").unwrap().name, "车工");
/// assert!(taxonomy.is_group("6-18") && !taxonomy.is_group("6-18-01-01"));
///
/// let bad = Taxonomy::from_jsonl(r#"{"code":"1"}"#.as_bytes(), "bad.jsonl").unwrap_err();
/// assert_eq!(bad.to_string(), "bad.jsonl:1: field `name`: missing (a non-empty string is required)");
/// # Ok::<(), jobmatch::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Taxonomy {
    occupations: Vec<Occupation>,
    by_code: HashMap<String, usize>,
    children: Vec<u32>,
}

fn invalid(source: &str, line: u64, field: &str, message: impl Into<String>) -> Error {
    Error::InvalidRecord {
        location: InputLocation {
            source: source.to_string(),
            line,
            field: field.to_string(),
        },
        message: message.into(),
    }
}

fn opt_string(
    obj: &serde_json::Map<String, Value>,
    key: &str,
    source: &str,
    line: u64,
) -> Result<Option<String>> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => {
            let t = s.trim();
            Ok((!t.is_empty()).then(|| t.to_string()))
        }
        Some(_) => Err(invalid(source, line, key, "expected a string")),
    }
}

fn string_list(
    obj: &serde_json::Map<String, Value>,
    key: &str,
    source: &str,
    line: u64,
) -> Result<Vec<String>> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => {
            let mut out: Vec<String> = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::String(s) => {
                        let t = s.trim();
                        if !t.is_empty() && !out.iter().any(|o| o == t) {
                            out.push(t.to_string());
                        }
                    }
                    _ => {
                        return Err(invalid(
                            source,
                            line,
                            &format!("{key}[{i}]"),
                            "expected a string",
                        ));
                    }
                }
            }
            Ok(out)
        }
        Some(_) => Err(invalid(source, line, key, "expected an array of strings")),
    }
}

impl Taxonomy {
    /// Reads a taxonomy from `occupations.jsonl` lines. `source` names the input
    /// in errors. Blank lines are skipped; unknown fields are ignored.
    pub fn from_jsonl(reader: impl BufRead, source: &str) -> Result<Taxonomy> {
        let mut occupations = Vec::new();
        for (i, line) in reader.lines().enumerate() {
            let line_no = i as u64 + 1;
            let line = line.map_err(|e| Error::io(source, e))?;
            let text = line.trim();
            if text.is_empty() {
                continue;
            }
            let value: Value = serde_json::from_str(text)
                .map_err(|e| invalid(source, line_no, "", format!("not valid JSON: {e}")))?;
            let Value::Object(obj) = value else {
                return Err(invalid(source, line_no, "", "expected a JSON object"));
            };
            let code = opt_string(&obj, "code", source, line_no)?.ok_or_else(|| {
                invalid(
                    source,
                    line_no,
                    "code",
                    "missing (a non-empty string is required)",
                )
            })?;
            if code.len() > MAX_CODE_BYTES {
                return Err(invalid(
                    source,
                    line_no,
                    "code",
                    format!("longer than {MAX_CODE_BYTES} bytes"),
                ));
            }
            let name = opt_string(&obj, "name", source, line_no)?.ok_or_else(|| {
                invalid(
                    source,
                    line_no,
                    "name",
                    "missing (a non-empty string is required)",
                )
            })?;
            let parent = opt_string(&obj, "parent", source, line_no)?;
            if parent.as_deref() == Some(code.as_str()) {
                return Err(invalid(
                    source,
                    line_no,
                    "parent",
                    "an occupation cannot be its own parent",
                ));
            }
            let occupation = Occupation {
                code,
                name: name.clone(),
                parent,
                description: opt_string(&obj, "description", source, line_no)?,
                alt_names: string_list(&obj, "alt_names", source, line_no)?
                    .into_iter()
                    .filter(|a| *a != name)
                    .collect(),
                skills: string_list(&obj, "skills", source, line_no)?,
                aliases: string_list(&obj, "aliases", source, line_no)?,
            };
            occupations.push((line_no, occupation));
        }
        let mut by_code = HashMap::with_capacity(occupations.len());
        for (i, (line_no, o)) in occupations.iter().enumerate() {
            if let Some(&first) = by_code.get(&o.code) {
                let first_line: u64 = occupations.get::<usize>(first).map_or(0, |(l, _)| *l);
                return Err(invalid(
                    source,
                    *line_no,
                    "code",
                    format!("duplicate code `{}` (first on line {first_line})", o.code),
                ));
            }
            by_code.insert(o.code.clone(), i);
        }
        Ok(Taxonomy::assemble(
            occupations.into_iter().map(|(_, o)| o).collect(),
        ))
    }

    /// Reads a taxonomy file (see [`Taxonomy::from_jsonl`]).
    pub fn from_path(path: impl AsRef<Path>) -> Result<Taxonomy> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        Taxonomy::from_jsonl(std::io::BufReader::new(file), &path.display().to_string())
    }

    /// A taxonomy of the given occupations (codes must be unique: a later
    /// duplicate replaces an earlier one).
    pub fn from_occupations(occupations: Vec<Occupation>) -> Taxonomy {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut kept: Vec<Occupation> = Vec::with_capacity(occupations.len());
        for o in occupations {
            if o.code.is_empty() {
                continue;
            }
            match seen.get(&o.code) {
                Some(&i) => kept[i] = o,
                None => {
                    seen.insert(o.code.clone(), kept.len());
                    kept.push(o);
                }
            }
        }
        Taxonomy::assemble(kept)
    }

    fn assemble(occupations: Vec<Occupation>) -> Taxonomy {
        let by_code: HashMap<String, usize> = occupations
            .iter()
            .enumerate()
            .map(|(i, o)| (o.code.clone(), i))
            .collect();
        let mut children = vec![0u32; occupations.len()];
        for o in &occupations {
            if let Some(&p) = o.parent.as_ref().and_then(|p| by_code.get(p)) {
                children[p] += 1;
            }
        }
        Taxonomy {
            occupations,
            by_code,
            children,
        }
    }

    /// Adds employer-written aliases from a tab-separated file: one line per
    /// occupation, `code<TAB>alias;alias;...`; `#` starts a comment line. Every
    /// code must be in the taxonomy. Returns the number of aliases added.
    ///
    /// ```
    /// use jobmatch::classify::Taxonomy;
    /// let mut t = Taxonomy::from_jsonl(r#"{"code":"4-07-05-01","name":"保安员"}"#.as_bytes(), "t")?;
    /// assert_eq!(t.add_aliases("# aliases\n4-07-05-01\t保安;门卫\n", "aliases.tsv")?, 2);
    /// assert_eq!(t.get("4-07-05-01").unwrap().aliases, ["保安", "门卫"]);
    /// assert!(t.add_aliases("9-99\t无\n", "aliases.tsv").is_err());
    /// # Ok::<(), jobmatch::Error>(())
    /// ```
    pub fn add_aliases(&mut self, text: &str, source: &str) -> Result<usize> {
        let mut added = 0;
        for (i, line) in text.lines().enumerate() {
            let line_no = i as u64 + 1;
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((code, aliases)) = line.split_once('\t') else {
                return Err(invalid(
                    source,
                    line_no,
                    "",
                    "expected `code<TAB>alias;alias;...`",
                ));
            };
            let code = code.trim();
            let Some(&idx) = self.by_code.get(code) else {
                return Err(invalid(
                    source,
                    line_no,
                    "code",
                    format!("unknown code `{code}`"),
                ));
            };
            let occupation = &mut self.occupations[idx];
            for alias in aliases.split([';', '；']) {
                let alias = alias.trim();
                if alias.is_empty()
                    || alias == occupation.name
                    || occupation.aliases.iter().any(|a| a == alias)
                {
                    continue;
                }
                occupation.aliases.push(alias.to_string());
                added += 1;
            }
        }
        Ok(added)
    }

    /// Removes alternative names (and aliases) for which `keep(code, name)` is
    /// false; used to hold names out of a benchmark.
    pub fn retain_alt_names(&mut self, mut keep: impl FnMut(&str, &str) -> bool) {
        for o in &mut self.occupations {
            let code = o.code.clone();
            o.alt_names.retain(|a| keep(&code, a));
            o.aliases.retain(|a| keep(&code, a));
        }
    }

    /// A copy with only codes and names kept (no parents' descriptions, alt
    /// names, skills or aliases): the "names alone" view of a baseline.
    pub fn names_only(&self) -> Taxonomy {
        Taxonomy::assemble(
            self.occupations
                .iter()
                .map(|o| Occupation {
                    code: o.code.clone(),
                    name: o.name.clone(),
                    parent: o.parent.clone(),
                    description: None,
                    alt_names: Vec::new(),
                    skills: Vec::new(),
                    aliases: Vec::new(),
                })
                .collect(),
        )
    }

    /// The occupation with this code.
    pub fn get(&self, code: &str) -> Option<&Occupation> {
        self.by_code.get(code).map(|&i| &self.occupations[i])
    }

    /// Every occupation, in file order.
    pub fn occupations(&self) -> &[Occupation] {
        &self.occupations
    }

    /// Number of occupations (groups included).
    pub fn len(&self) -> usize {
        self.occupations.len()
    }

    /// Whether the taxonomy is empty.
    pub fn is_empty(&self) -> bool {
        self.occupations.is_empty()
    }

    /// Whether `code` is a group: it has children in the taxonomy and no
    /// description. Groups are not predicted by the classifier.
    pub fn is_group(&self, code: &str) -> bool {
        self.by_code
            .get(code)
            .is_some_and(|&i| self.children[i] > 0 && self.occupations[i].description.is_none())
    }

    /// Writes the taxonomy back as `occupations.jsonl` lines (aliases included
    /// as an extra `aliases` field when present).
    pub fn to_jsonl(&self) -> Result<String> {
        let mut out = String::new();
        for o in &self.occupations {
            let line = serde_json::to_string(o).map_err(|e| Error::config(e.to_string()))?;
            out.push_str(&line);
            out.push('\n');
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn load(text: &str) -> Result<Taxonomy> {
        Taxonomy::from_jsonl(text.as_bytes(), "t.jsonl")
    }

    #[test]
    fn errors_name_line_and_field() {
        let cases = [
            (
                "{\"code\":\"1\",\"name\":\"a\"}\nnot json",
                "t.jsonl:2: not valid JSON",
            ),
            ("[1]", "t.jsonl:1: expected a JSON object"),
            (
                "{\"code\":\"\",\"name\":\"a\"}",
                "t.jsonl:1: field `code`: missing",
            ),
            (
                "{\"code\":7,\"name\":\"a\"}",
                "t.jsonl:1: field `code`: expected a string",
            ),
            (
                "{\"code\":\"1\",\"name\":\"a\",\"alt_names\":[\"x\",3]}",
                "t.jsonl:1: field `alt_names[1]`",
            ),
            (
                "{\"code\":\"1\",\"name\":\"a\",\"skills\":\"x\"}",
                "t.jsonl:1: field `skills`",
            ),
            (
                "{\"code\":\"1\",\"name\":\"a\",\"parent\":\"1\"}",
                "t.jsonl:1: field `parent`",
            ),
            (
                "{\"code\":\"1\",\"name\":\"a\"}\n\n{\"code\":\"1\",\"name\":\"b\"}",
                "t.jsonl:3: field `code`: duplicate code `1` (first on line 1)",
            ),
        ];
        for (text, expected) in cases {
            let err = load(text).unwrap_err().to_string();
            assert!(
                err.starts_with(expected),
                "{err} does not start with {expected}"
            );
        }
    }

    #[test]
    fn groups_and_round_trip() -> Result<()> {
        let t = load(
            r#"{"code":"2654","name":"g"}
{"code":"2654.1","name":"director","parent":"2654","description":"d","alt_names":["director","film director"]}
{"code":"2654.1.7","name":"ad director","parent":"2654.1"}"#,
        )?;
        assert!(t.is_group("2654"));
        assert!(!t.is_group("2654.1"), "has a description: an occupation");
        assert_eq!(t.get("2654.1").map(|o| o.alt_names.len()), Some(1));
        let again = load(&t.to_jsonl()?)?;
        assert_eq!(again.occupations(), t.occupations());
        Ok(())
    }
}
