//! Scoring forms: profiles joined with the corpus statistics and the skill
//! normaliser of one index snapshot.
//!
//! The text feature is the BM25 score of the posting's text for a query made of
//! the seeker's terms, saturated into [0, 1] (so more seeker text can only raise
//! it); IDF and lengths come from the corpus being
//! searched (postings when recommending postings, seekers when finding
//! candidates), so a query-side profile is prepared against that corpus's
//! [`Vocabulary`].

use std::collections::HashMap;
use std::sync::Arc;

use crate::analysis::stable_hash;
use crate::normalise::skills::{SkillKey, SkillNormaliser};
use crate::profile::{PostingProfile, SeekerProfile, StoredSkill};

/// Document frequencies of a corpus's terms.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    ids: HashMap<String, (u32, f32, u32)>,
    docs: u64,
    mean_length: f32,
}

impl Vocabulary {
    /// Counts document frequencies over the term lists of a corpus.
    pub fn build<'a>(docs: impl Iterator<Item = &'a [(String, u32)]>) -> Vocabulary {
        let mut df: HashMap<&'a str, u64> = HashMap::new();
        let mut n = 0u64;
        let mut length = 0u64;
        for terms in docs {
            n += 1;
            for (t, tf) in terms {
                length += u64::from(*tf);
                *df.entry(t.as_str()).or_insert(0) += 1;
            }
        }
        let mut terms: Vec<(&str, u64)> = df.into_iter().collect();
        terms.sort_unstable();
        let ids = terms
            .into_iter()
            .enumerate()
            .map(|(i, (t, df))| (t.to_string(), (i as u32, idf(n, df), df as u32)))
            .collect();
        Vocabulary {
            ids,
            docs: n,
            mean_length: if n > 0 { length as f32 / n as f32 } else { 0.0 },
        }
    }

    /// Number of distinct terms (ids are below it).
    pub(crate) fn terms(&self) -> usize {
        self.ids.len()
    }

    /// Number of documents counted.
    pub fn docs(&self) -> u64 {
        self.docs
    }

    /// Term id and IDF, when the corpus has the term.
    pub fn get(&self, term: &str) -> Option<(u32, f32)> {
        self.ids.get(term).map(|&(id, idf, _)| (id, idf))
    }

    /// Term id, IDF and document frequency, when the corpus has the term.
    pub fn get_with_df(&self, term: &str) -> Option<(u32, f32, u32)> {
        self.ids.get(term).copied()
    }

    /// IDF of a term absent from the corpus.
    pub fn unseen_idf(&self) -> f32 {
        idf(self.docs, 0)
    }

    /// BM25 weights of a document's terms in this corpus (`k1` = 1.2, `b` =
    /// 0.75): the score each term adds when a query contains it. Terms the
    /// corpus lacks cannot be matched and are left out.
    pub fn weights(&self, terms: &[(String, u32)]) -> TermWeights {
        const K1: f32 = 1.2;
        const B: f32 = 0.75;
        let length: u32 = terms.iter().map(|(_, tf)| *tf).sum();
        let norm = if self.mean_length > 0.0 {
            1.0 - B + B * length as f32 / self.mean_length
        } else {
            1.0
        };
        let mut entries: Vec<(u32, f32)> = terms
            .iter()
            .filter_map(|(t, tf)| {
                let (id, idf) = self.get(t)?;
                let tf = *tf as f32;
                Some((id, idf * tf * (K1 + 1.0) / (tf + K1 * norm)))
            })
            .collect();
        entries.sort_unstable_by_key(|e| e.0);
        TermWeights(entries.into_boxed_slice())
    }

    /// The ids of a term list's terms that this corpus has, sorted.
    pub fn term_set(&self, terms: &[(String, u32)]) -> TermSet {
        let mut ids: Vec<u32> = terms
            .iter()
            .filter_map(|(t, _)| Some(self.get(t)?.0))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        TermSet {
            ids: ids.into_boxed_slice(),
            any: !terms.is_empty(),
        }
    }
}

/// BM25's IDF (Lucene's form, never negative).
fn idf(docs: u64, df: u64) -> f32 {
    (1.0 + (docs as f32 - df as f32 + 0.5) / (df as f32 + 0.5)).ln()
}

/// A document's BM25 term weights, sorted by term id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TermWeights(pub Box<[(u32, f32)]>);

impl TermWeights {
    /// Whether the document has no term.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The BM25 score of this document for a query made of the terms in `set`
    /// (each counted once). Adding terms to `set` can only raise it.
    pub fn bm25(&self, set: &TermSet) -> f32 {
        let (a, b) = (&self.0, &set.ids);
        let (mut i, mut j, mut sum) = (0, 0, 0.0f32);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += a[i].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        sum
    }
}

impl TermWeights {
    /// [`TermWeights::bm25`] against the same set as bits: the same sum, bit
    /// for bit (the shared terms are added in the same order), without the
    /// merge's unpredictable branches. For scoring many documents against one
    /// query.
    ///
    /// The shared terms' weights are gathered first (a store per term and a
    /// counter, no float in the loop's chain), then summed: a posting's ~50
    /// terms were ~50 dependent additions, most of them of +0.0 (which leaves
    /// a non-negative sum unchanged, bit for bit, so skipping them changes
    /// nothing).
    #[inline]
    pub(crate) fn bm25_bits(&self, set: &TermBits) -> f32 {
        const GATHER: usize = 64;
        let words = &*set.words;
        let mut shared = [0.0f32; GATHER];
        let mut sum = 0.0f32;
        for terms in self.0.chunks(GATHER) {
            let mut n = 0usize;
            for &(id, w) in terms {
                let word = words.get((id >> 6) as usize).copied().unwrap_or(0);
                // `n` stays below the chunk's length, so in bounds.
                if let Some(slot) = shared.get_mut(n) {
                    *slot = w;
                }
                n += (word >> (id & 63) & 1) as usize;
            }
            for &w in shared.get(..n).unwrap_or_default() {
                sum += w;
            }
        }
        sum
    }
}

/// A [`TermSet`] as a bitset over term ids, built once per query.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct TermBits {
    words: Box<[u64]>,
}

impl TermBits {
    /// The bits of a set (as many words as its largest id needs).
    pub(crate) fn new(set: &TermSet) -> TermBits {
        let len = set.ids.iter().max().map_or(0, |&m| (m >> 6) as usize + 1);
        let mut words = vec![0u64; len].into_boxed_slice();
        for &id in set.ids.iter() {
            if let Some(word) = words.get_mut((id >> 6) as usize) {
                *word |= 1 << (id & 63);
            }
        }
        TermBits { words }
    }
}

/// The set of a document's terms known to a corpus.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TermSet {
    /// Sorted term ids.
    pub ids: Box<[u32]>,
    /// Whether the document had any term at all (known or not).
    pub any: bool,
}

/// A skill ready for comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedSkill {
    /// Canonical identity and tokens.
    pub key: SkillKey,
    /// Required (postings).
    pub required: bool,
    /// Level 1-5.
    pub level: Option<u8>,
}

fn prepare_skills(skills: &[StoredSkill], normaliser: &SkillNormaliser) -> Vec<PreparedSkill> {
    let mut out: Vec<PreparedSkill> = Vec::with_capacity(skills.len());
    for s in skills {
        let key = normaliser.key(&s.name);
        if out.iter().any(|o| o.key == key) {
            continue;
        }
        out.push(PreparedSkill {
            key,
            required: s.required,
            level: s.level,
        });
    }
    out
}

fn hashed(tokens: &[String]) -> Box<[u64]> {
    let mut v: Vec<u64> = tokens.iter().map(|t| stable_hash(t)).collect();
    v.sort_unstable();
    v.dedup();
    v.into_boxed_slice()
}

/// A posting in scoring form.
#[derive(Debug, Clone)]
pub struct PreparedPosting {
    /// The stored profile.
    pub profile: Arc<PostingProfile>,
    /// Canonical skills.
    pub skills: Vec<PreparedSkill>,
    /// BM25 weights of its text.
    pub text: TermWeights,
    /// Hashed title tokens, sorted.
    pub title_tokens: Box<[u64]>,
    /// Numeric facts for the situational features and the hard rules.
    pub(crate) facts: PostingFacts,
    /// The occupation code inline: `Some(None)` when there is none, `None`
    /// when it is too long to hold (then the profile's is read).
    pub(crate) occupation: Option<Option<InlineCode>>,
}

impl PreparedPosting {
    /// Reads the first word of each part the scorer reads (the text weights,
    /// the skills with their tokens and names, the title tokens, the facts) and returns a value made
    /// of them. Touching many postings this way before scoring them lets the
    /// processor overlap their cache misses (the loads of one posting do not
    /// wait for another's), where the scorer would take them one at a time.
    #[inline]
    pub(crate) fn touch(&self) -> u64 {
        // One entry per cache line of the text weights (8 entries of 8 bytes):
        // the scorer reads all of them.
        let mut v = self
            .text
            .0
            .iter()
            .step_by(8)
            .fold(0u64, |v, t| v ^ u64::from(t.0));
        for s in &self.skills {
            v ^= s.key.mask ^ s.key.tokens.first().copied().unwrap_or(0);
            v ^= u64::from(s.key.name.as_bytes().first().copied().unwrap_or(0));
        }
        // The facts are in the struct itself, a cache line of their own.
        v ^= self.facts.last_day as u64;
        v ^ self.title_tokens.first().copied().unwrap_or(0)
    }

    /// Prepares a posting against a vocabulary and a skill normaliser.
    pub fn new(
        profile: Arc<PostingProfile>,
        vocabulary: &Vocabulary,
        normaliser: &SkillNormaliser,
    ) -> Self {
        PreparedPosting {
            skills: prepare_skills(&profile.skills, normaliser),
            text: vocabulary.weights(&profile.terms),
            title_tokens: hashed(&profile.title_terms),
            facts: PostingFacts::new(&profile),
            occupation: match &profile.occupation {
                None => Some(None),
                Some(code) => InlineCode::new(code).map(Some),
            },
            profile,
        }
    }
}

/// A seeker in scoring form.
#[derive(Debug, Clone)]
pub struct PreparedSeeker {
    /// The stored profile.
    pub profile: Arc<SeekerProfile>,
    /// Canonical skills.
    pub skills: Vec<PreparedSkill>,
    /// The terms of its text.
    pub text: TermSet,
    /// Hashed tokens of each title (desired first), each sorted.
    pub titles: Vec<Box<[u64]>>,
    /// Numeric facts for the situational features.
    pub(crate) facts: SeekerFacts,
}

impl PreparedSeeker {
    /// Prepares a seeker against a vocabulary and a skill normaliser.
    pub fn new(
        profile: Arc<SeekerProfile>,
        vocabulary: &Vocabulary,
        normaliser: &SkillNormaliser,
    ) -> Self {
        PreparedSeeker {
            skills: prepare_skills(&profile.skills, normaliser),
            text: vocabulary.term_set(&profile.terms),
            titles: profile.titles.iter().map(|t| hashed(t)).collect(),
            facts: SeekerFacts::new(&profile),
            profile,
        }
    }
}

mod facts;
pub(crate) use facts::{InlineCode, PostingFacts, SeekerFacts};

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, rng_seed: proptest::test_runner::RngSeed::Fixed(17), ..ProptestConfig::default() })]
        /// The merge equals the plain sum over the shared terms, bit for bit.
        #[test]
        fn bm25_is_the_sum_over_shared_terms(
            doc in prop::collection::btree_map(0u32..200, 0.0f32..10.0, 0..60),
            query in prop::collection::btree_set(0u32..200, 0..40),
        ) {
            let weights = TermWeights(doc.iter().map(|(&t, &w)| (t, w)).collect());
            let set = TermSet { ids: query.iter().copied().collect(), any: !query.is_empty() };
            let mut expected = 0.0f32;
            for (t, w) in &doc {
                if query.contains(t) {
                    expected += *w;
                }
            }
            prop_assert_eq!(weights.bm25(&set).to_bits(), expected.to_bits());
            // Differential: the bitset form gives the merge's sum, bit for bit.
            prop_assert_eq!(weights.bm25_bits(&TermBits::new(&set)).to_bits(), expected.to_bits());
        }
    }
}
