//! One seeker's query over the [`ImpactIndex`], term at a time: every list of
//! the seeker's adds into per-posting slots, and each posting reached gets its
//! query points (see the parent module).

use std::cell::RefCell;

use super::ImpactIndex;
use super::select::Candidate;
use crate::features::place_bound::DocClass;
use crate::features::seeker_occupations;
use crate::features::{Feature, NEUTRAL, TEXT_SATURATION};
use crate::normalise::codes::{division_prefixes, occupation_prefixes};
use crate::prepare::PreparedSeeker;

/// Per-posting sums of one query other than the text's: few postings get
/// them, so they are kept apart from the text sums (which stay small enough
/// for the processor's cache).
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    /// Skill coverage by exact canonical matches.
    skill: f32,
    /// Best occupation value through a shared prefix at level 2 or deeper.
    occupation: f32,
}

/// What a query reached: the postings that share a term, skill or code with
/// the seeker, with their query points (in position order), and the postings
/// that share only the place or remote work (their query points are 0).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Reach {
    pub by_terms: Vec<Candidate>,
    pub by_place_only: Vec<u32>,
}

/// Per-thread scratch, by position: the text's BM25 sums, the other sums, a
/// bit per posting reached by a term, skill or code, a bit per posting with
/// other sums, and a bit per posting reached by its place.
#[derive(Default)]
struct Scratch {
    text: Vec<f32>,
    other: Vec<Slot>,
    reached: Vec<u64>,
    with_other: Vec<u64>,
    places: Vec<u64>,
}

impl Scratch {
    fn fit(&mut self, n: usize) {
        if self.text.len() != n {
            let words = n.div_ceil(64);
            *self = Scratch {
                text: vec![0.0; n],
                other: vec![Slot::default(); n],
                reached: vec![0; words],
                with_other: vec![0; words],
                places: vec![0; words],
            };
        }
    }

    /// The other sums of `doc`, marked reached.
    #[inline(always)]
    fn other(&mut self, doc: u32) -> Option<&mut Slot> {
        mark(&mut self.reached, doc);
        mark(&mut self.with_other, doc);
        self.other.get_mut(doc as usize)
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Marks `doc` in a bitmap.
#[inline(always)]
fn mark(bits: &mut [u64], doc: u32) {
    if let Some(word) = bits.get_mut((doc >> 6) as usize) {
        *word |= 1 << (doc & 63);
    }
}

/// One of the seeker's occupation codes.
#[derive(Debug, Clone, Copy)]
struct Code {
    /// Desired 1, past less (see [`seeker_occupations`]).
    weight: f32,
    confidence: f32,
    depth: usize,
}

impl Code {
    /// [`crate::features::occupation_fit`]'s value for `shared` levels with a
    /// posting code of `depth_p` levels and confidence `confidence_p`.
    #[inline]
    fn value(&self, shared: usize, depth_p: u8, confidence_p: f32) -> f32 {
        self.blend(self.base(shared, depth_p), confidence_p)
    }

    /// The value before confidence: the share of levels.
    #[inline]
    fn base(&self, shared: usize, depth_p: u8) -> f32 {
        let depth = self.depth.max(usize::from(depth_p)).max(1);
        self.weight * shared as f32 / depth as f32
    }

    /// `value` scaled towards neutral by the two codes' confidence.
    #[inline]
    fn blend(&self, value: f32, confidence_p: f32) -> f32 {
        let confidence = self.confidence * confidence_p;
        if confidence < 1.0 {
            NEUTRAL + confidence * (value - NEUTRAL)
        } else {
            value
        }
    }
}

/// The postings `seeker` reaches in `index`, into `out` (see [`Reach`]; its
/// buffers are reused). `weights`: the normalised feature weights;
/// `bound(class)`: the most admission can add to a posting of that class.
pub(crate) fn reach(
    index: &ImpactIndex,
    seeker: &PreparedSeeker,
    weights: &[f32; crate::features::FEATURE_COUNT],
    bound: impl Fn(DocClass) -> f32,
    out: &mut Reach,
) {
    let n = index.len();
    SCRATCH.with(|cell| {
        let mut guard = cell.borrow_mut();
        let scratch = &mut *guard;
        scratch.fit(n);
        // Text: the seeker's selective terms, in id order.
        // Common terms would reach most postings and tell few apart.
        let max_df = crate::index::query::max_selective_df(n);
        for &t in seeker.text.ids.iter() {
            let (docs, weights) = index.text(t);
            if docs.len() as f64 > max_df {
                continue;
            }
            for (&doc, &w) in docs.iter().zip(weights) {
                mark(&mut scratch.reached, doc);
                if let Some(s) = scratch.text.get_mut(doc as usize) {
                    *s += w;
                }
            }
        }
        for skill in &seeker.skills {
            for &(doc, share) in index.skill(skill.key.hash, &skill.key.name) {
                if let Some(s) = scratch.other(doc) {
                    s.skill += share;
                }
            }
        }
        let profile = &seeker.profile;
        let mut majors: Vec<(u32, Code)> = Vec::new();
        let docs = index.docs();
        let mut ids: Vec<u32> = Vec::new();
        for (code, weight, confidence) in seeker_occupations(profile) {
            let prefixes = occupation_prefixes(code);
            let c = Code {
                weight,
                confidence,
                depth: prefixes.len(),
            };
            if let Some(m) = prefixes.first().and_then(|p| index.major(p)) {
                majors.push((m, c));
            }
            // Every posting sharing two levels or more is in the list of the
            // level-2 prefix; the levels it shares are those of its code.
            let Some(list) = prefixes.get(1).and_then(|p| index.occupation(p)) else {
                continue;
            };
            ids.clear();
            ids.extend(
                prefixes
                    .iter()
                    .map(|p| index.prefix_id(p).unwrap_or(u32::MAX)),
            );
            let mut start = 0usize;
            for group in &list.groups {
                let end = group.end as usize;
                let holders = list.holders.get(start..end).unwrap_or_default();
                start = end;
                let shared = ids
                    .iter()
                    .zip(group.prefixes.iter())
                    .take_while(|(a, b)| a == b)
                    .count();
                let base = c.base(shared, group.depth);
                for &(doc, confidence_p) in holders {
                    let v = c.blend(base, confidence_p);
                    if let Some(s) = scratch.other(doc) {
                        s.occupation = s.occupation.max(v);
                    }
                }
            }
        }
        if let Some(code) = &profile.division {
            for prefix in division_prefixes(code)
                .into_iter()
                .skip(super::FIRST_DIVISION_LEVEL)
            {
                for &doc in index.division(prefix) {
                    mark(&mut scratch.places, doc);
                }
            }
        }
        if profile.accepts_remote() {
            for &doc in index.remote() {
                mark(&mut scratch.places, doc);
            }
        }
        let text_points = 100.0 * weights[Feature::Text.index()];
        let skill_points = 100.0 * weights[Feature::Skill.index()];
        let occupation_points = 100.0 * weights[Feature::Occupation.index()];
        let Reach {
            by_terms: out,
            by_place_only,
        } = out;
        out.clear();
        by_place_only.clear();
        let Scratch {
            text: text_sums,
            other,
            reached,
            with_other,
            places,
        } = scratch;
        for (w, ((word, place), with)) in reached
            .iter_mut()
            .zip(places.iter_mut())
            .zip(with_other.iter_mut())
            .enumerate()
        {
            let mut only = std::mem::take(place) & !*word;
            while only != 0 {
                by_place_only.push((w as u32) << 6 | only.trailing_zeros());
                only &= only - 1;
            }
            let with = std::mem::take(with);
            let mut bits = std::mem::take(word);
            while bits != 0 {
                let bit = bits.trailing_zeros();
                let doc = (w as u32) << 6 | bit;
                bits &= bits - 1;
                let (Some(sum), Some(info)) =
                    (text_sums.get_mut(doc as usize), docs.get(doc as usize))
                else {
                    continue;
                };
                let sum = std::mem::take(sum);
                let slot = if with >> bit & 1 == 1 {
                    other
                        .get_mut(doc as usize)
                        .map(std::mem::take)
                        .unwrap_or_default()
                } else {
                    Slot::default()
                };
                let text = if info.text_empty() {
                    NEUTRAL
                } else {
                    sum / (sum + TEXT_SATURATION)
                };
                let mut occupation = slot.occupation;
                if let Some(major) = info.major() {
                    for (m, c) in &majors {
                        if *m == major {
                            occupation = occupation.max(c.value(
                                1,
                                info.occupation_depth(),
                                index.occupation_confidence(doc),
                            ));
                        }
                    }
                }
                let occupation = if info.occupation_depth() > 0 {
                    occupation.clamp(0.0, 1.0)
                } else {
                    0.0
                };
                out.push(Candidate {
                    position: doc,
                    points: text_points * text
                        + skill_points * slot.skill.min(1.0)
                        + occupation_points * occupation,
                    bound: bound(info.class),
                });
            }
        }
    })
}
