//! Skill names: canonical forms, synonyms, and partial matches.
//!
//! A name is [`fold`]ed (case, full-/half-width, spacing), then mapped through a
//! synonym table to a canonical name. Two skills match fully when their
//! canonical names are equal; partially when the shorter one's tokens are all in
//! the longer one ("excel" in "microsoft excel", "数控车床" in "数控车床操作"); and
//! weakly when their tokens overlap a lot.

use std::collections::HashMap;

use crate::analysis::stable_hash;
use crate::normalise::text::{fold, is_cjk};

/// Credit for a skill whose tokens all appear in the other, longer name.
pub const CONTAINED_CREDIT: f32 = 0.8;
/// Credit factor for token overlap (times the Dice coefficient).
pub const OVERLAP_CREDIT: f32 = 0.6;
/// Dice coefficient below which overlap earns nothing.
pub const OVERLAP_THRESHOLD: f32 = 0.5;

/// Built-in synonyms: `(alias, canonical)`. Both sides are folded before use.
const BUILTIN_SYNONYMS: &[(&str, &str)] = &[
    ("ms excel", "excel"),
    ("microsoft excel", "excel"),
    ("电子表格", "excel"),
    ("ms word", "word"),
    ("microsoft word", "word"),
    ("ms office", "office"),
    ("microsoft office", "office"),
    ("办公软件", "office"),
    ("autocad", "cad"),
    ("cad制图", "cad"),
    ("c语言", "c"),
    ("c/c++", "c++"),
    ("cpp", "c++"),
    ("js", "javascript"),
    ("py", "python"),
    ("python3", "python"),
    ("驾驶证", "驾照"),
    ("c1驾照", "驾照"),
    ("c1驾驶证", "驾照"),
    ("机动车驾驶证", "驾照"),
    ("电焊", "焊接"),
    ("电焊工", "焊接"),
    ("氩弧焊", "焊接"),
    ("叉车证", "叉车"),
    ("叉车驾驶", "叉车"),
    ("英语", "english"),
    ("英文", "english"),
    ("普通话", "mandarin"),
    ("电工证", "电工"),
    ("低压电工证", "电工"),
    ("收银员", "收银"),
    ("plc编程", "plc"),
    ("数控编程", "数控"),
    ("cnc", "数控"),
];

/// Maps skill names to canonical names. Callers extend it with their own synonyms.
///
/// ```
/// use jobmatch::normalise::skills::SkillNormaliser;
/// let mut n = SkillNormaliser::default();
/// assert_eq!(n.canonical("Microsoft  EXCEL"), "excel");
/// n.add_synonym("Tally ERP", "tally");
/// assert_eq!(n.canonical("tally erp"), "tally");
/// ```
#[derive(Debug, Clone)]
pub struct SkillNormaliser {
    synonyms: HashMap<String, String>,
}

impl Default for SkillNormaliser {
    fn default() -> Self {
        let mut n = SkillNormaliser::empty();
        for (alias, canon) in BUILTIN_SYNONYMS {
            n.add_synonym(alias, canon);
        }
        n
    }
}

impl SkillNormaliser {
    /// A normaliser with no synonyms (folding only).
    pub fn empty() -> Self {
        SkillNormaliser {
            synonyms: HashMap::new(),
        }
    }

    /// Adds `alias -> canonical`; later additions override earlier ones.
    pub fn add_synonym(&mut self, alias: &str, canonical: &str) {
        let alias = fold(alias);
        let canonical = fold(canonical);
        if !alias.is_empty() && !canonical.is_empty() {
            self.synonyms.insert(alias, canonical);
        }
    }

    /// The canonical form of a skill name.
    pub fn canonical(&self, name: &str) -> String {
        let folded = fold(name);
        match self.synonyms.get(&folded) {
            Some(c) => c.clone(),
            None => folded,
        }
    }

    /// A skill prepared for fast comparison.
    pub fn key(&self, name: &str) -> SkillKey {
        SkillKey::new(&self.canonical(name))
    }
}

/// A canonical skill name's identity and tokens, ready to compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillKey {
    /// The canonical name.
    pub name: Box<str>,
    /// Stable hash of the canonical name.
    pub hash: u64,
    /// Sorted, de-duplicated token hashes: Latin words, and character bigrams
    /// (or single characters) of CJK runs.
    pub tokens: Box<[u64]>,
    /// One bit per token (`1 << (hash % 64)`): keys whose masks are disjoint
    /// share no token, which settles most comparisons without a merge.
    pub mask: u64,
}

impl SkillKey {
    /// Prepares an already canonical name.
    pub fn new(canonical: &str) -> SkillKey {
        let mut tokens = skill_tokens(canonical);
        tokens.sort_unstable();
        tokens.dedup();
        SkillKey {
            name: canonical.into(),
            hash: stable_hash(canonical),
            mask: tokens.iter().fold(0, |m, t| m | 1u64 << (t % 64)),
            tokens: tokens.into_boxed_slice(),
        }
    }

    /// How well `self` is covered by `other`, in [0, 1]: 1 when equal,
    /// [`CONTAINED_CREDIT`] when either's tokens all appear in the other's,
    /// [`OVERLAP_CREDIT`] times the Dice coefficient when that is at least
    /// [`OVERLAP_THRESHOLD`], else 0. Symmetric.
    ///
    /// ```
    /// use jobmatch::normalise::skills::SkillKey;
    /// let a = SkillKey::new("数控车床");
    /// assert_eq!(a.similarity(&SkillKey::new("数控车床")), 1.0);
    /// assert_eq!(a.similarity(&SkillKey::new("数控车床操作")), 0.8);
    /// assert_eq!(SkillKey::new("excel").similarity(&SkillKey::new("excel vba")), 0.8);
    /// assert_eq!(a.similarity(&SkillKey::new("护理")), 0.0);
    /// ```
    pub fn similarity(&self, other: &SkillKey) -> f32 {
        if self.hash == other.hash && self.name == other.name {
            return 1.0;
        }
        // No token in common: neither contains the other and the overlap is 0.
        if self.mask & other.mask == 0 || self.tokens.is_empty() || other.tokens.is_empty() {
            return 0.0;
        }
        let common = count_common(&self.tokens, &other.tokens);
        let shorter = self.tokens.len().min(other.tokens.len());
        if common == shorter {
            return CONTAINED_CREDIT;
        }
        let dice = 2.0 * common as f32 / (self.tokens.len() + other.tokens.len()) as f32;
        if dice >= OVERLAP_THRESHOLD {
            OVERLAP_CREDIT * dice
        } else {
            0.0
        }
    }
}

fn count_common(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Token hashes of a folded skill name.
fn skill_tokens(name: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut cjk_run: Vec<char> = Vec::new();
    let flush_word = |word: &mut String, out: &mut Vec<u64>| {
        if !word.is_empty() {
            out.push(stable_hash(word));
            word.clear();
        }
    };
    let flush_cjk = |run: &mut Vec<char>, out: &mut Vec<u64>| {
        match run.len() {
            0 => {}
            1 => out.push(stable_hash(&run[0].to_string())),
            _ => {
                for pair in run.windows(2) {
                    let s: String = pair.iter().collect();
                    out.push(stable_hash(&s));
                }
            }
        }
        run.clear();
    };
    for c in name.chars() {
        if is_cjk(c) {
            flush_word(&mut word, &mut out);
            cjk_run.push(c);
        } else if c.is_alphanumeric() || c == '+' || c == '#' {
            flush_cjk(&mut cjk_run, &mut out);
            word.push(c);
        } else {
            flush_word(&mut word, &mut out);
            flush_cjk(&mut cjk_run, &mut out);
        }
    }
    flush_word(&mut word, &mut out);
    flush_cjk(&mut cjk_run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The similarity without the mask shortcut: the definition.
    fn by_merge(a: &SkillKey, b: &SkillKey) -> f32 {
        if a.hash == b.hash && a.name == b.name {
            return 1.0;
        }
        if a.tokens.is_empty() || b.tokens.is_empty() {
            return 0.0;
        }
        let common = count_common(&a.tokens, &b.tokens);
        if common == a.tokens.len().min(b.tokens.len()) {
            return CONTAINED_CREDIT;
        }
        let dice = 2.0 * common as f32 / (a.tokens.len() + b.tokens.len()) as f32;
        if dice >= OVERLAP_THRESHOLD {
            OVERLAP_CREDIT * dice
        } else {
            0.0
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, rng_seed: proptest::test_runner::RngSeed::Fixed(11), ..ProptestConfig::default() })]
        /// Differential: the mask shortcut never changes a similarity.
        #[test]
        fn mask_shortcut_agrees_with_the_merge(a in "[a-c ]{0,8}|[数控车床操作护理]{0,6}", b in "[a-c ]{0,8}|[数控车床操作护理]{0,6}") {
            let (a, b) = (SkillKey::new(&a), SkillKey::new(&b));
            prop_assert_eq!(a.similarity(&b), by_merge(&a, &b));
            prop_assert_eq!(b.similarity(&a), by_merge(&b, &a));
        }
    }
}
