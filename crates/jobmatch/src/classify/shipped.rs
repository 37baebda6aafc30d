//! The taxonomies shipped inside the library (see `crates/jobmatch/taxonomy/README.md`).

use std::str::FromStr;

use super::taxonomy::Taxonomy;
use crate::error::{Error, Result};

const CN_2022: &str = include_str!("../../taxonomy/cn-2022.jsonl");
const CN_2022_ALIASES: &str = include_str!("../../taxonomy/cn-2022-aliases.tsv");
const ESCO: &str = include_str!("../../taxonomy/esco-1.2-en-compact.jsonl");

/// Names accepted by [`Shipped::from_str`] (and by `jobmatch classify --taxonomy`).
pub const SHIPPED_NAMES: [&str; 3] = ["cn-2022", "cn-2022-plain", "esco"];

/// A taxonomy compiled into the library, usable without any data files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shipped {
    /// China's occupational classification (2022 edition and later additions):
    /// codes and names, plus jobmatch's hand-written employer aliases.
    Cn2022,
    /// The same without the aliases.
    Cn2022Plain,
    /// ESCO v1.2.0 occupations in English, trimmed: names, alternative names,
    /// shortened descriptions and a few essential skills. This service uses
    /// the ESCO classification of the European Commission.
    Esco,
}

impl FromStr for Shipped {
    type Err = Error;

    fn from_str(name: &str) -> Result<Shipped> {
        match name {
            "cn-2022" => Ok(Shipped::Cn2022),
            "cn-2022-plain" => Ok(Shipped::Cn2022Plain),
            "esco" => Ok(Shipped::Esco),
            other => Err(Error::config(format!(
                "unknown shipped taxonomy `{other}` (expected one of {})",
                SHIPPED_NAMES.join(", ")
            ))),
        }
    }
}

impl Shipped {
    /// Parses the shipped data.
    ///
    /// ```
    /// use jobmatch::classify::Shipped;
    /// let cn = Shipped::Cn2022.load()?;
    /// assert_eq!(cn.get("4-02-07-08").unwrap().name, "快递员");
    /// assert!(cn.get("4-07-05-01").unwrap().aliases.iter().any(|a| a == "保安"));
    /// # Ok::<(), jobmatch::Error>(())
    /// ```
    pub fn load(self) -> Result<Taxonomy> {
        match self {
            Shipped::Cn2022 => {
                let mut t = Taxonomy::from_jsonl(CN_2022.as_bytes(), "<shipped cn-2022.jsonl>")?;
                t.add_aliases(CN_2022_ALIASES, "<shipped cn-2022-aliases.tsv>")?;
                Ok(t)
            }
            Shipped::Cn2022Plain => {
                Taxonomy::from_jsonl(CN_2022.as_bytes(), "<shipped cn-2022.jsonl>")
            }
            Shipped::Esco => {
                Taxonomy::from_jsonl(ESCO.as_bytes(), "<shipped esco-1.2-en-compact.jsonl>")
            }
        }
    }
}

impl Taxonomy {
    /// A shipped taxonomy by name (`cn-2022`, `cn-2022-plain`, `esco`) or else a
    /// file path.
    pub fn shipped_or_path(name_or_path: &str) -> Result<Taxonomy> {
        match name_or_path.parse::<Shipped>() {
            Ok(shipped) => shipped.load(),
            Err(_) => Taxonomy::from_path(name_or_path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_taxonomies_parse() -> Result<()> {
        let cn = Shipped::Cn2022.load()?;
        assert_eq!(cn.len(), 2213);
        let esco = Shipped::Esco.load()?;
        assert_eq!(esco.len(), 3039);
        assert!(esco.get("2654.1.7").is_some());
        assert!("nope".parse::<Shipped>().is_err());
        Ok(())
    }
}
