//! An impact index of the postings, in memory: for each text term, canonical
//! skill, occupation code prefix and division code prefix, the postings that
//! hold it and what it adds to their score. Built once per snapshot from the
//! prepared postings, so its numbers are the scorer's own (the text term
//! weights are the BM25 weights [`crate::features::compute`] sums).
//!
//! A seeker's candidate pool comes from it term at a time
//! ([`accumulate`]): the postings of each of the seeker's selective terms,
//! skills, codes and places add their impacts into per-posting slots, and a
//! posting's query points are then the features those slots stand for, close
//! to the scorer's values (the text feature's saturation, skill coverage, the
//! deepest occupation level shared). The pool is the best `pool` by query
//! points plus the situational points ([`crate::features::situation`]), found
//! with per-document bounds so that most postings are never admitted
//! ([`select`]).
//!
//! Why not tantivy's disjunction: its BM25 over three text fields and fixed
//! points per code are linear, where the features saturate and normalise, so
//! the pool had to be 600 deep for recall@20 0.98; and its union of ~80 term
//! scorers visited every matching document through a heap. Here the order is
//! close enough to the final one for a much smaller pool (BENCHMARKS.md has the
//! figures). Tantivy still finds the pool where this index cannot: sparse
//! profiles that need the broad levels, and the other direction (seekers for
//! a posting).

pub(crate) mod accumulate;
pub(crate) mod select;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use crate::features::place_bound::{DocClass, PlaceGroups};
use crate::normalise::codes::{division_prefixes, occupation_depth, occupation_prefixes};
use crate::prepare::{PostingFacts, PreparedPosting};
use crate::profile::PostingProfile;
use tantivy::DocAddress;

/// What the pool needs to know of one posting besides its lists, in 8 bytes
/// (read for every posting a query reaches: the table of them should stay in
/// the processor's cache).
#[derive(Debug, Clone, Copy)]
pub(crate) struct DocInfo {
    /// Its class for the situational bound.
    pub class: DocClass,
    /// Its occupation code (interned, see [`ImpactIndex::code`];
    /// [`CODE_MASK`] when none) in the low bits, then the code's levels, then
    /// whether its text has no known term, then whether the code's confidence
    /// is other than 1.
    code: u32,
}

/// Bits of [`DocInfo`]'s interned occupation code; the value for none. Past
/// this many distinct codes the others get no occupation points in the pool
/// (the final scores do not depend on it; the 2022 classification has fewer
/// than two thousand codes).
const CODE_MASK: u32 = (1 << 22) - 1;
const DEPTH_SHIFT: u32 = 22;
const TEXT_EMPTY: u32 = 1 << 30;
const CODE_UNCERTAIN: u32 = 1 << 31;

impl DocInfo {
    fn new(
        class: DocClass,
        code: Option<u32>,
        occupation_depth: u8,
        text_empty: bool,
        code_confidence: f32,
    ) -> Self {
        let code = code.filter(|&c| c < CODE_MASK).unwrap_or(CODE_MASK);
        let empty = if text_empty { TEXT_EMPTY } else { 0 };
        let uncertain = if code_confidence == 1.0 {
            0
        } else {
            CODE_UNCERTAIN
        };
        DocInfo {
            class,
            code: code | u32::from(occupation_depth) << DEPTH_SHIFT | empty | uncertain,
        }
    }

    /// Its occupation code's confidence is other than 1 (see
    /// [`ImpactIndex::occupation_confidence`]).
    #[inline]
    pub fn code_uncertain(self) -> bool {
        self.code & CODE_UNCERTAIN != 0
    }

    /// Its occupation code (interned), when it has one.
    #[inline]
    pub fn code(self) -> Option<u32> {
        let c = self.code & CODE_MASK;
        (c != CODE_MASK).then_some(c)
    }

    /// Levels of its occupation code (0 when none).
    #[inline]
    pub fn occupation_depth(self) -> u8 {
        (self.code >> DEPTH_SHIFT & 0xff) as u8
    }

    /// Its text has no known term (the text feature is neutral).
    #[inline]
    pub fn text_empty(self) -> bool {
        self.code & TEXT_EMPTY != 0
    }
}

/// The postings whose occupation code shares one level-2 prefix, grouped by
/// their full code: a query works out the levels it shares once per distinct
/// code, and only marks the postings reached (their occupation points come
/// from their code, see [`ImpactIndex::code`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct OccupationList {
    /// The distinct codes, in the order of their runs in `holders`.
    pub groups: Vec<CodeGroup>,
    /// Positions with their class (for the situational bound, without a read
    /// of [`DocInfo`]), by group.
    pub holders: Vec<(u32, DocClass)>,
}

/// The postings of one occupation code in an [`OccupationList`]: what a query
/// needs to bound their query points before it looks at any of them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CodeGroup {
    /// The code, interned.
    pub id: u32,
    /// The end of its run in the list's holders.
    pub end: u32,
    /// Some holder's text has no known term (its text feature is neutral).
    pub any_text_empty: bool,
    /// Some holder's code has a confidence other than 1 (its occupation
    /// value lies between the code's and neutral).
    pub any_uncertain: bool,
}

/// One distinct occupation code of the postings.
#[derive(Debug, Clone)]
pub(crate) struct CodeInfo {
    /// Its prefixes, most general first ([`occupation_prefixes`]), interned
    /// ([`ImpactIndex::prefix_id`]).
    pub prefixes: Box<[u32]>,
    /// Levels of the code.
    pub depth: u8,
}

/// The postings holding one canonical skill, with the share of the posting's
/// skill weight that skill carries (required 1, optional 0.5, over the total).
#[derive(Debug, Clone)]
pub(crate) struct SkillList {
    pub name: Box<str>,
    pub postings: Vec<(u32, f32)>,
}

/// The postings' impact lists (positions in id order).
#[derive(Debug, Default)]
pub(crate) struct ImpactIndex {
    /// Text lists by vocabulary term id, compressed rows: term `t`'s postings
    /// are `text_docs[text_offsets[t]..text_offsets[t + 1]]`.
    text_offsets: Vec<u32>,
    text_docs: Vec<u32>,
    text_weights: Vec<f32>,
    /// By canonical skill hash (names told apart on a collision).
    skills: HashMap<u64, Vec<SkillList>>,
    /// By level-2 occupation prefix (see [`OccupationList`]).
    occupations: HashMap<Box<str>, OccupationList>,
    /// Every occupation prefix of the postings, interned.
    prefix_ids: HashMap<Box<str>, u32>,
    /// The postings' distinct occupation codes (see [`DocInfo::code`]).
    codes: Vec<CodeInfo>,
    /// Level-1 occupation prefixes, interned.
    majors: HashMap<Box<str>, u32>,
    /// The codes under each interned level-1 prefix.
    codes_by_major: Vec<Vec<u32>>,
    /// Division prefixes at county level and deeper.
    divisions: HashMap<Box<str>, Vec<u32>>,
    /// Remote postings.
    remote: Vec<u32>,
    docs: Vec<DocInfo>,
    /// Confidence of each posting's occupation code (1 unless inferred).
    occupation_confidence: Vec<f32>,
    /// The postings' facts by position, one cache line each in one table (read
    /// at random on admission: a dense table keeps them within fewer pages
    /// than the prepared postings they are copied from).
    facts: Vec<PostingFacts>,
    /// A bit per position, set for the postings that list no skill or have no
    /// occupation code (see [`ImpactIndex::partial`]).
    partial: Vec<u64>,
    /// The postings closed on the last day asked ([`ImpactIndex::closed_on`]).
    closed: Mutex<Option<(i32, Arc<[u64]>)>>,
}

/// Division levels below this (province, city) are too broad to select by.
const FIRST_DIVISION_LEVEL: usize = 2;

impl ImpactIndex {
    /// Builds the lists. `address_of(position)` gives a posting's index
    /// address (for its class in `groups`); `terms` is the vocabulary's size.
    pub(crate) fn build(
        prepared: &[PreparedPosting],
        terms: usize,
        groups: &PlaceGroups,
        address_of: impl Fn(usize) -> Option<DocAddress>,
    ) -> ImpactIndex {
        let mut counts = vec![0u32; terms + 1];
        for p in prepared {
            for &(t, _) in p.text.0.iter() {
                if let Some(c) = counts.get_mut(t as usize) {
                    *c += 1;
                }
            }
        }
        let mut text_offsets = Vec::with_capacity(terms + 1);
        let mut total = 0u32;
        for c in &counts[..terms] {
            text_offsets.push(total);
            total += c;
        }
        text_offsets.push(total);
        let mut fill: Vec<u32> = text_offsets[..terms].to_vec();
        let mut text_docs = vec![0u32; total as usize];
        let mut text_weights = vec![0f32; total as usize];
        let mut index = ImpactIndex::default();
        // Level-2 prefix → full code → (interned code, holders); ordered maps,
        // so that the lists do not depend on hashing.
        type Groups = BTreeMap<Box<str>, (u32, Vec<u32>)>;
        let mut by_level2: HashMap<Box<str>, Groups> = HashMap::new();
        let mut code_ids: HashMap<Box<str>, u32> = HashMap::new();
        for (i, p) in prepared.iter().enumerate() {
            let doc = i as u32;
            for &(t, w) in p.text.0.iter() {
                if let Some(at) = fill.get_mut(t as usize) {
                    text_docs[*at as usize] = doc;
                    text_weights[*at as usize] = w;
                    *at += 1;
                }
            }
            index.add_skills(doc, p);
            let profile: &PostingProfile = &p.profile;
            let mut code_id = None;
            let occupation_depth = profile
                .occupation
                .as_deref()
                .map_or(0, |c| occupation_depth(c).min(255) as u8);
            let occupation_confidence = p
                .facts
                .occupation_inferred
                .map_or(1.0, |c| c.clamp(0.0, 1.0));
            if let Some(code) = &profile.occupation {
                let prefixes = occupation_prefixes(code);
                let id = match code_ids.get(code.as_str()) {
                    Some(&id) => Some(id),
                    None => index.add_code(&prefixes, occupation_depth).inspect(|&id| {
                        code_ids.insert(code.as_str().into(), id);
                    }),
                };
                code_id = id;
                if let (Some(level2), Some(id)) = (prefixes.get(1), id) {
                    by_level2
                        .entry((*level2).into())
                        .or_default()
                        .entry(code.as_str().into())
                        .or_insert_with(|| (id, Vec::new()))
                        .1
                        .push(doc);
                }
            }
            if let Some(code) = &profile.division {
                for prefix in division_prefixes(code)
                    .into_iter()
                    .skip(FIRST_DIVISION_LEVEL)
                {
                    index.divisions.entry(prefix.into()).or_default().push(doc);
                }
            }
            if p.facts.remote {
                index.remote.push(doc);
            }
            let class = address_of(i)
                .map(|a| groups.class(a.segment_ord, a.doc_id))
                .unwrap_or_else(|| groups.class(u32::MAX, u32::MAX));
            index.docs.push(DocInfo::new(
                class,
                code_id,
                occupation_depth,
                p.text.is_empty(),
                occupation_confidence,
            ));
            index.occupation_confidence.push(occupation_confidence);
        }
        index.facts = prepared.iter().map(|p| p.facts).collect();
        index.partial = vec![0; prepared.len().div_ceil(64)];
        for (i, f) in index.facts.iter().enumerate() {
            if !f.lists_skills || !f.has_occupation {
                index.partial[i >> 6] |= 1 << (i & 63);
            }
        }
        let docs = &index.docs;
        index.occupations = by_level2
            .into_iter()
            .map(|(prefix, codes)| {
                let mut list = OccupationList::default();
                for (_, (id, holders)) in codes {
                    let info = |&doc: &u32| docs.get(doc as usize).copied();
                    let any_text_empty = holders.iter().filter_map(info).any(DocInfo::text_empty);
                    let any_uncertain =
                        holders.iter().filter_map(info).any(DocInfo::code_uncertain);
                    list.holders.extend(
                        holders
                            .iter()
                            .filter_map(|&doc| Some((doc, info(&doc)?.class))),
                    );
                    list.groups.push(CodeGroup {
                        id,
                        end: list.holders.len() as u32,
                        any_text_empty,
                        any_uncertain,
                    });
                }
                (prefix, list)
            })
            .collect();
        tracing::debug!(
            postings = prepared.len(),
            text_entries = text_docs.len(),
            skills = index.skills.len(),
            occupation_prefixes = index.occupations.len(),
            divisions = index.divisions.len(),
            "impact index built"
        );
        index.text_offsets = text_offsets;
        index.text_docs = text_docs;
        index.text_weights = text_weights;
        index
    }

    /// Interns a code by its prefixes (`None` for a code without any).
    fn add_code(&mut self, prefixes: &[&str], depth: u8) -> Option<u32> {
        let first = prefixes.first()?;
        let id = self.codes.len() as u32;
        let next = self.majors.len() as u32;
        let major = *self.majors.entry((*first).into()).or_insert(next);
        if major as usize >= self.codes_by_major.len() {
            self.codes_by_major
                .resize_with(major as usize + 1, Vec::new);
        }
        self.codes_by_major[major as usize].push(id);
        let prefixes = prefixes
            .iter()
            .map(|p| {
                let next = self.prefix_ids.len() as u32;
                *self.prefix_ids.entry((*p).into()).or_insert(next)
            })
            .collect();
        self.codes.push(CodeInfo { prefixes, depth });
        Some(id)
    }

    fn add_skills(&mut self, doc: u32, p: &PreparedPosting) {
        let weight = |required: bool| {
            if required {
                1.0
            } else {
                crate::features::OPTIONAL_SKILL_WEIGHT
            }
        };
        let total: f32 = p.skills.iter().map(|s| weight(s.required)).sum();
        if total <= 0.0 {
            return;
        }
        for s in &p.skills {
            let share = weight(s.required) / total;
            let lists = self.skills.entry(s.key.hash).or_default();
            match lists.iter_mut().find(|l| l.name == s.key.name) {
                Some(list) => list.postings.push((doc, share)),
                None => lists.push(SkillList {
                    name: s.key.name.clone(),
                    postings: vec![(doc, share)],
                }),
            }
        }
    }

    /// Number of postings.
    pub(crate) fn len(&self) -> usize {
        self.docs.len()
    }

    /// The postings holding text term `t` and their BM25 weights.
    pub(crate) fn text(&self, t: u32) -> (&[u32], &[f32]) {
        let t = t as usize;
        match (self.text_offsets.get(t), self.text_offsets.get(t + 1)) {
            (Some(&a), Some(&b)) => (
                &self.text_docs[a as usize..b as usize],
                &self.text_weights[a as usize..b as usize],
            ),
            _ => (&[], &[]),
        }
    }

    /// The postings holding a canonical skill.
    pub(crate) fn skill(&self, hash: u64, name: &str) -> &[(u32, f32)] {
        self.skills
            .get(&hash)
            .and_then(|lists| lists.iter().find(|l| &*l.name == name))
            .map_or(&[], |l| &l.postings)
    }

    /// The postings whose occupation code has the level-2 prefix `prefix`.
    pub(crate) fn occupation(&self, prefix: &str) -> Option<&OccupationList> {
        self.occupations.get(prefix)
    }

    /// The interned id of an occupation prefix some posting's code has.
    pub(crate) fn prefix_id(&self, prefix: &str) -> Option<u32> {
        self.prefix_ids.get(prefix).copied()
    }

    /// The interned level-1 prefix.
    pub(crate) fn major(&self, prefix: &str) -> Option<u32> {
        self.majors.get(prefix).copied()
    }

    /// The codes under an interned level-1 prefix.
    pub(crate) fn codes_of_major(&self, major: u32) -> &[u32] {
        self.codes_by_major
            .get(major as usize)
            .map_or(&[], Vec::as_slice)
    }

    /// Number of distinct occupation codes.
    pub(crate) fn code_count(&self) -> usize {
        self.codes.len()
    }

    /// An interned occupation code.
    pub(crate) fn code(&self, id: u32) -> Option<&CodeInfo> {
        self.codes.get(id as usize)
    }

    /// The postings in a division (county level or deeper).
    pub(crate) fn division(&self, prefix: &str) -> &[u32] {
        self.divisions.get(prefix).map_or(&[], Vec::as_slice)
    }

    /// Remote postings.
    pub(crate) fn remote(&self) -> &[u32] {
        &self.remote
    }

    /// The postings' facts by position.
    pub(crate) fn facts(&self) -> &[PostingFacts] {
        &self.facts
    }

    /// A bit per position, set for the postings that may not be shown on
    /// `day` (expired, without openings or withheld: [`PostingFacts::last_day`]
    /// before it), which no seeker's pool can take. Kept for the last day
    /// asked (a push asks for one day throughout).
    pub(crate) fn closed_on(&self, day: i32) -> Arc<[u64]> {
        let mut last = self.closed.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((d, bits)) = &*last
            && *d == day
        {
            return Arc::clone(bits);
        }
        let mut bits = vec![0u64; self.facts.len().div_ceil(64)];
        for (i, f) in self.facts.iter().enumerate() {
            if f.last_day < day {
                bits[i >> 6] |= 1 << (i & 63);
            }
        }
        let bits: Arc<[u64]> = bits.into();
        *last = Some((day, Arc::clone(&bits)));
        bits
    }

    /// A bit per position, set for the postings that list no skill or have no
    /// occupation code: the situational bound adds the neutral points of the
    /// feature they lack ([`crate::features::situation::SituationBound::of`]).
    pub(crate) fn partial(&self) -> &[u64] {
        &self.partial
    }

    /// What the pool needs of each posting.
    pub(crate) fn docs(&self) -> &[DocInfo] {
        &self.docs
    }

    /// The confidence of a posting's occupation code (1 unless inferred).
    pub(crate) fn occupation_confidence(&self, position: u32) -> f32 {
        self.occupation_confidence
            .get(position as usize)
            .copied()
            .unwrap_or(1.0)
    }
}
