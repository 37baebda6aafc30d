//! Feature weights: a TOML file or code, validated once.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::features::{FEATURE_COUNT, Feature};

/// The largest weight accepted. Only ratios matter, and this bound keeps the
/// sum of the weights finite and the TOML form readable back.
pub const MAX_WEIGHT: f32 = 1e6;

/// Weights of the features. Valid weights are in [0, `MAX_WEIGHT`] and not all
/// zero; the score divides by their sum, so only their ratios matter.
///
/// In TOML, a table of feature names (any left out keep their default):
/// ```toml
/// skill = 0.3
/// location = 0.25
/// freshness = 0.0
/// ```
///
/// ```
/// use jobmatch::score::Weights;
/// let w = Weights::from_toml_str("skill = 2.0\ntext = 1.0", None).unwrap();
/// assert_eq!(w.get(jobmatch::features::Feature::Skill), 2.0);
/// assert!(Weights::from_toml_str("skill = -1", None).is_err());
/// assert!(Weights::from_toml_str("colour = 1", None).is_err());
/// // Only ratios matter; larger weights would overflow their sum.
/// assert!(Weights::from_toml_str("skill = 3e38\ntext = 3e38", None).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights([f32; FEATURE_COUNT]);

impl Default for Weights {
    /// The defaults: text 0.25, occupation 0.20, skill 0.15, location 0.15,
    /// title 0.10, salary 0.05, employment_type 0.03, education 0.03,
    /// experience 0.03, freshness 0.01.
    ///
    /// What the person wants to do, in their own words and as codes (text,
    /// occupation, title: 0.55 together) leads, because it is present in almost
    /// every record from every channel, while skill lists are often missing or
    /// written inconsistently; place is next, then requirements and pay.
    fn default() -> Self {
        Weights([0.15, 0.25, 0.15, 0.20, 0.10, 0.03, 0.05, 0.03, 0.03, 0.01])
    }
}

impl Weights {
    /// Builds validated weights from values in [`Feature::ALL`] order.
    pub fn new(values: [f32; FEATURE_COUNT]) -> Result<Weights> {
        let w = Weights(values);
        w.validate()?;
        Ok(w)
    }

    /// Weights that use one feature only.
    pub fn only(feature: Feature) -> Weights {
        let mut v = [0.0; FEATURE_COUNT];
        v[feature.index()] = 1.0;
        Weights(v)
    }

    /// The weight of a feature.
    pub fn get(&self, f: Feature) -> f32 {
        self.0[f.index()]
    }

    /// Sets one weight, validating the result.
    pub fn with(mut self, f: Feature, value: f32) -> Result<Weights> {
        self.0[f.index()] = value;
        self.validate()?;
        Ok(self)
    }

    /// The values in [`Feature::ALL`] order.
    pub fn values(&self) -> [f32; FEATURE_COUNT] {
        self.0
    }

    /// The weights divided by their sum.
    pub fn normalised(&self) -> [f32; FEATURE_COUNT] {
        let sum: f32 = self.0.iter().sum();
        let mut out = self.0;
        if sum > 0.0 {
            for x in &mut out {
                *x /= sum;
            }
        }
        out
    }

    fn validate(&self) -> Result<()> {
        for f in Feature::ALL {
            let x = self.get(f);
            if !(0.0..=MAX_WEIGHT).contains(&x) {
                return Err(Error::config(format!(
                    "weight `{}` must be a number in [0, {MAX_WEIGHT}]",
                    f.name()
                )));
            }
        }
        if self.0.iter().all(|&x| x == 0.0) {
            return Err(Error::config("at least one weight must be above 0"));
        }
        Ok(())
    }

    /// Parses TOML text; `source` names the file in errors.
    pub fn from_toml_str(text: &str, source: Option<&str>) -> Result<Weights> {
        let err = |message: String| Error::InvalidConfig {
            source_name: source.map(str::to_string),
            message,
        };
        let table: BTreeMap<String, toml::Value> = toml::from_str(text).map_err(|e| {
            err(format!(
                "not valid TOML: {}",
                crate::error::toml_error(text, &e)
            ))
        })?;
        let mut w = Weights::default();
        for (key, value) in &table {
            let feature = Feature::ALL
                .into_iter()
                .find(|f| f.name() == key)
                .ok_or_else(|| {
                    err(format!(
                        "unknown feature `{key}` (expected one of {})",
                        Feature::ALL.map(Feature::name).join(", ")
                    ))
                })?;
            let x = match value {
                toml::Value::Float(x) => *x as f32,
                toml::Value::Integer(i) => *i as f32,
                _ => return Err(err(format!("weight `{key}` must be a number"))),
            };
            w.0[feature.index()] = x;
        }
        w.validate().map_err(|e| match e {
            Error::InvalidConfig { message, .. } => err(message),
            other => other,
        })?;
        Ok(w)
    }

    /// Reads a TOML file.
    pub fn from_toml_file(path: &Path) -> Result<Weights> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Weights::from_toml_str(&text, Some(&path.display().to_string()))
    }

    /// The weights as TOML text, one line per feature.
    pub fn to_toml_string(&self) -> String {
        let mut out = String::from("# jobmatch feature weights (only ratios matter)\n");
        for f in Feature::ALL {
            out.push_str(&format!("{} = {}\n", f.name(), self.get(f)));
        }
        out
    }
}
