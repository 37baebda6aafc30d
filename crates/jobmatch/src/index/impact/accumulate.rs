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

/// What a query reached: the postings that share a term, skill or code with
/// the seeker, with their query points (in position order), and the postings
/// that share only the place or remote work (their query points are 0).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Reach {
    pub by_terms: Vec<Candidate>,
    pub by_place_only: Vec<u32>,
}

/// Per-thread scratch, by position: the text's BM25 sums, the skill sums
/// (few postings get them, so they are kept apart from the text sums, which
/// stay small enough for the processor's cache), a bit per posting reached by
/// a term, skill or code, a bit per posting with a skill sum, and a bit per
/// posting reached by its place; by interned occupation code, the first of
/// its [`CodeLink`]s and the value they give a posting whose code's confidence
/// is 1 (most postings: their value is one read).
#[derive(Default)]
struct Scratch {
    text: Vec<f32>,
    skill: Vec<f32>,
    reached: Vec<u64>,
    with_skill: Vec<u64>,
    places: Vec<u64>,
    code_links: Vec<(u32, f32)>,
    links: Vec<CodeLink>,
}

/// No link (the end of a code's links).
const NO_LINK: u32 = u32::MAX;

/// A posting code (`id`) one of the seeker's codes shares levels with: the
/// value before the confidences ([`Code::base`]), the seeker's code (for
/// [`Code::blend`]) and the next link of the same posting code.
#[derive(Debug, Clone, Copy)]
struct CodeLink {
    id: u32,
    base: f32,
    code: Code,
    next: u32,
}

impl Scratch {
    fn fit(&mut self, n: usize, codes: usize) {
        if self.text.len() != n || self.code_links.len() != codes {
            let words = n.div_ceil(64);
            *self = Scratch {
                text: vec![0.0; n],
                skill: vec![0.0; n],
                reached: vec![0; words],
                with_skill: vec![0; words],
                places: vec![0; words],
                code_links: vec![(NO_LINK, 0.0); codes],
                links: Vec::new(),
            };
        }
    }

    /// Links posting code `id` to one of the seeker's codes.
    fn link(&mut self, id: u32, base: f32, code: Code) {
        if let Some((first, certain)) = self.code_links.get_mut(id as usize) {
            self.links.push(CodeLink {
                id,
                base,
                code,
                next: *first,
            });
            *first = self.links.len() as u32 - 1;
            *certain = certain.max(code.blend(base, 1.0));
        }
    }

    /// The best occupation value the seeker's codes give a posting of code
    /// `id` whose code has confidence `confidence()` (0 when none shares a
    /// level), from [`Scratch::code_links`] and [`Scratch::links`].
    #[inline]
    fn occupation(
        code_links: &[(u32, f32)],
        links: &[CodeLink],
        id: u32,
        confidence: impl Fn() -> f32,
    ) -> f32 {
        let mut at = code_links.get(id as usize).map_or(NO_LINK, |l| l.0);
        if at == NO_LINK {
            return 0.0;
        }
        let confidence = confidence();
        let mut best = 0.0f32;
        while let Some(link) = links.get(at as usize) {
            best = best.max(link.code.blend(link.base, confidence));
            at = link.next;
        }
        best
    }

    /// Forgets the links (for the next query).
    fn unlink(&mut self) {
        for link in self.links.drain(..) {
            if let Some(first) = self.code_links.get_mut(link.id as usize) {
                *first = (NO_LINK, 0.0);
            }
        }
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
    /// The value of [`crate::features::occupation_fit`] for `shared` levels
    /// with a posting code of `depth_p` levels, before the confidences: the
    /// share of levels (see [`blend`](Self::blend)).
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
        scratch.fit(n, index.code_count());
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
                mark(&mut scratch.reached, doc);
                mark(&mut scratch.with_skill, doc);
                if let Some(s) = scratch.skill.get_mut(doc as usize) {
                    *s += share;
                }
            }
        }
        let profile = &seeker.profile;
        let docs = index.docs();
        let mut ids: Vec<u32> = Vec::new();
        for (code, weight, confidence) in seeker_occupations(profile) {
            let prefixes = occupation_prefixes(code);
            let c = Code {
                weight,
                confidence,
                depth: prefixes.len(),
            };
            // A posting code under the same level-1 prefix shares a level
            // (its postings count only when reached otherwise) ...
            if let Some(m) = prefixes.first().and_then(|p| index.major(p)) {
                for &id in index.codes_of_major(m) {
                    if let Some(info) = index.code(id) {
                        scratch.link(id, c.base(1, info.depth), c);
                    }
                }
            }
            // ... and every posting sharing two levels or more is in the list
            // of the level-2 prefix, reached; the levels it shares are those
            // of its code.
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
            for &(id, end) in &list.groups {
                let end = end as usize;
                let holders = list.holders.get(start..end).unwrap_or_default();
                start = end;
                let Some(info) = index.code(id) else {
                    continue;
                };
                let shared = ids
                    .iter()
                    .zip(info.prefixes.iter())
                    .take_while(|(a, b)| a == b)
                    .count();
                scratch.link(id, c.base(shared, info.depth), c);
                for &doc in holders {
                    mark(&mut scratch.reached, doc);
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
            skill: skill_sums,
            reached,
            with_skill,
            places,
            code_links,
            links,
        } = &mut *scratch;
        for (w, ((word, place), with)) in reached
            .iter_mut()
            .zip(places.iter_mut())
            .zip(with_skill.iter_mut())
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
                let skill = if with >> bit & 1 == 1 {
                    skill_sums
                        .get_mut(doc as usize)
                        .map(std::mem::take)
                        .unwrap_or_default()
                } else {
                    0.0
                };
                let text = if info.text_empty() {
                    NEUTRAL
                } else {
                    sum / (sum + TEXT_SATURATION)
                };
                let occupation = match info.code() {
                    Some(id) if info.occupation_depth() > 0 => {
                        let value = if info.code_uncertain() {
                            Scratch::occupation(code_links, links, id, || {
                                index.occupation_confidence(doc)
                            })
                        } else {
                            code_links.get(id as usize).map_or(0.0, |l| l.1)
                        };
                        value.clamp(0.0, 1.0)
                    }
                    _ => 0.0,
                };
                out.push(Candidate {
                    position: doc,
                    points: text_points * text
                        + skill_points * skill.min(1.0)
                        + occupation_points * occupation,
                    bound: bound(info.class),
                });
            }
        }
        scratch.unlink();
    })
}
