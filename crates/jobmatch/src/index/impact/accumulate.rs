//! One seeker's query over the [`ImpactIndex`], term at a time: every list of
//! the seeker's adds into per-posting slots, and each posting reached gets its
//! query points (see the parent module).
//!
//! The postings reached only by an occupation code (a third of those reached
//! on the scale data, of which a few percent could enter the pool) are kept
//! apart ([`Query::occupation_only`]): once the postings reached by a term or
//! skill have set a threshold, a code's postings are looked at only when the
//! most they could score reaches it.

use std::cell::RefCell;

use super::select::{Candidate, beaten, refused};
use super::{DocInfo, ImpactIndex, OccupationList};
use crate::features::place_bound::DocClass;
use crate::features::seeker_occupations;
use crate::features::{Feature, NEUTRAL, TEXT_SATURATION};
use crate::normalise::codes::{division_prefixes, occupation_prefixes};
use crate::prepare::PreparedSeeker;

/// What a query reached: the postings that share a selective term or a skill
/// with the seeker, with their query points (in position order); those that
/// share only an occupation code ([`Query::occupation_only`]); and those that
/// share only the place or remote work (their query points are 0, in position
/// order).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Reach {
    pub by_terms: Vec<Candidate>,
    pub by_occupation_only: Vec<Candidate>,
    pub by_place_only: Vec<u32>,
}

/// Per-thread scratch, by position: the text's BM25 sums, the skill sums
/// (few postings get them, so they are kept apart from the text sums, which
/// stay small enough for the processor's cache), a bit per posting reached by
/// a term or skill (or offered by its code), a bit per posting with a skill
/// sum, a bit per posting reached by its code, and a bit per posting reached
/// by its place; by interned occupation code, the first of its [`CodeLink`]s
/// and the value they give a posting whose code's confidence is 1 (most
/// postings: their value is one read).
#[derive(Default)]
struct Scratch {
    text: Vec<f32>,
    skill: Vec<f32>,
    reached: Vec<u64>,
    with_skill: Vec<u64>,
    by_code: Vec<u64>,
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
                by_code: vec![0; words],
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

/// One seeker's query with its lists walked ([`query`]): the postings they
/// reached, waiting in the thread's scratch to be taken as candidates.
pub(crate) struct Query<'a> {
    index: &'a ImpactIndex,
    scratch: &'a mut Scratch,
    /// A bit per position of the postings no pool may take (see
    /// [`ImpactIndex::closed_on`]).
    closed: &'a [u64],
    /// The level-2 occupation lists of the seeker's codes, each once.
    occupation_lists: Vec<&'a OccupationList>,
    text_points: f32,
    skill_points: f32,
    occupation_points: f32,
    /// [`Query::candidates`] has taken the postings reached by a term or skill
    /// (and cleared their sums).
    walked: bool,
}

/// Walks `seeker`'s lists in `index` and hands the [`Query`] to `f`; the
/// thread's scratch is cleared afterwards, whatever `f` took. `weights`: the
/// normalised feature weights; `closed`: a bit per position of the postings
/// no pool may take (they are never candidates; too short a slice leaves the
/// postings past its end open).
pub(crate) fn query<R>(
    index: &ImpactIndex,
    seeker: &PreparedSeeker,
    weights: &[f32; crate::features::FEATURE_COUNT],
    closed: &[u64],
    f: impl FnOnce(&mut Query<'_>) -> R,
) -> R {
    SCRATCH.with(|cell| {
        let mut guard = cell.borrow_mut();
        let scratch = &mut *guard;
        scratch.fit(index.len(), index.code_count());
        let occupation_lists = walk_lists(index, seeker, scratch);
        let mut query = Query {
            index,
            scratch,
            closed,
            occupation_lists,
            text_points: 100.0 * weights[Feature::Text.index()],
            skill_points: 100.0 * weights[Feature::Skill.index()],
            occupation_points: 100.0 * weights[Feature::Occupation.index()],
            walked: false,
        };
        let result = f(&mut query);
        query.clear();
        result
    })
}

/// Adds the seeker's lists into the scratch; the level-2 occupation lists of
/// its codes, each once.
fn walk_lists<'a>(
    index: &'a ImpactIndex,
    seeker: &PreparedSeeker,
    scratch: &mut Scratch,
) -> Vec<&'a OccupationList> {
    // Text: the seeker's selective terms, in id order.
    // Common terms would reach most postings and tell few apart.
    let max_df = crate::index::query::max_selective_df(index.len());
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
    let mut lists: Vec<&OccupationList> = Vec::new();
    let mut ids: Vec<u32> = Vec::new();
    for (code, weight, confidence) in seeker_occupations(profile) {
        let prefixes = occupation_prefixes(code);
        let c = Code {
            weight,
            confidence,
            depth: prefixes.len(),
        };
        // A posting code under the same level-1 prefix shares a level (its
        // postings count only when reached otherwise) ...
        if let Some(m) = prefixes.first().and_then(|p| index.major(p)) {
            for &id in index.codes_of_major(m) {
                if let Some(info) = index.code(id) {
                    scratch.link(id, c.base(1, info.depth), c);
                }
            }
        }
        // ... and every posting sharing two levels or more is in the list of
        // the level-2 prefix; the levels it shares are those of its code.
        let Some(list) = prefixes.get(1).and_then(|p| index.occupation(p)) else {
            continue;
        };
        ids.clear();
        ids.extend(
            prefixes
                .iter()
                .map(|p| index.prefix_id(p).unwrap_or(u32::MAX)),
        );
        for group in &list.groups {
            let Some(info) = index.code(group.id) else {
                continue;
            };
            let shared = ids
                .iter()
                .zip(info.prefixes.iter())
                .take_while(|(a, b)| a == b)
                .count();
            scratch.link(group.id, c.base(shared, info.depth), c);
        }
        if !lists.iter().any(|l| std::ptr::eq(*l, list)) {
            for &(doc, _) in &list.holders {
                mark(&mut scratch.by_code, doc);
            }
            lists.push(list);
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
    lists
}

impl Query<'_> {
    /// A posting's query points from its text sum, skill sum and code.
    #[inline]
    fn points(&self, doc: u32, info: DocInfo, text_sum: f32, skill: f32) -> f32 {
        let text = if info.text_empty() {
            NEUTRAL
        } else {
            text_sum / (text_sum + TEXT_SATURATION)
        };
        let occupation = match info.code() {
            Some(id) if info.occupation_depth() > 0 => {
                let value = if info.code_uncertain() {
                    Scratch::occupation(&self.scratch.code_links, &self.scratch.links, id, || {
                        self.index.occupation_confidence(doc)
                    })
                } else {
                    self.scratch
                        .code_links
                        .get(id as usize)
                        .map_or(0.0, |l| l.1)
                };
                value.clamp(0.0, 1.0)
            }
            _ => 0.0,
        };
        self.combine(text, skill, occupation)
    }

    /// Query points from the three feature values.
    #[inline]
    fn combine(&self, text: f32, skill: f32, occupation: f32) -> f32 {
        self.text_points * text
            + self.skill_points * skill.min(1.0)
            + self.occupation_points * occupation
    }

    /// The postings reached by a selective term or a skill, with their query
    /// points, into `by_terms` (in position order). `bound(class)`: the most
    /// admission can add to a posting of that class ([`refused`]: admission
    /// refuses it, and it is left out).
    pub(crate) fn candidates(
        &mut self,
        bound: impl Fn(DocClass) -> f32,
        by_terms: &mut Vec<Candidate>,
    ) {
        by_terms.clear();
        let docs = self.index.docs();
        let mut with_skill = std::mem::take(&mut self.scratch.with_skill);
        let mut text_sums = std::mem::take(&mut self.scratch.text);
        let mut skill_sums = std::mem::take(&mut self.scratch.skill);
        for (w, (&word, with)) in self
            .scratch
            .reached
            .iter()
            .zip(with_skill.iter_mut())
            .enumerate()
        {
            let closed = self.closed.get(w).copied().unwrap_or(0);
            let with = std::mem::take(with);
            // The closed postings' sums are only cleared.
            let mut shut = word & closed;
            while shut != 0 {
                let bit = shut.trailing_zeros();
                let doc = ((w as u32) << 6 | bit) as usize;
                shut &= shut - 1;
                if let Some(sum) = text_sums.get_mut(doc) {
                    *sum = 0.0;
                }
                if with >> bit & 1 == 1
                    && let Some(sum) = skill_sums.get_mut(doc)
                {
                    *sum = 0.0;
                }
            }
            let mut bits = word & !closed;
            while bits != 0 {
                let bit = bits.trailing_zeros();
                let doc = (w as u32) << 6 | bit;
                bits &= bits - 1;
                let (Some(sum), Some(&info)) =
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
                let bound = bound(info.class);
                if refused(bound) {
                    continue;
                }
                by_terms.push(Candidate {
                    position: doc,
                    points: self.points(doc, info, sum, skill),
                    bound,
                });
            }
        }
        self.scratch.with_skill = with_skill;
        self.scratch.text = text_sums;
        self.scratch.skill = skill_sums;
        self.walked = true;
    }

    /// The open postings reached only by their place or remote work (after
    /// [`candidates`](Self::candidates)), into `out` (in position order); with
    /// `partial_only`, only those that list no skill or have no occupation
    /// code (the others' situational bound is lower: a caller whose threshold
    /// beats it need not look at them).
    pub(crate) fn place_only(&mut self, partial_only: bool, out: &mut Vec<u32>) {
        out.clear();
        let partial = self.index.partial();
        for (w, place) in self.scratch.places.iter_mut().enumerate() {
            let place = std::mem::take(place);
            if place == 0 {
                continue;
            }
            let at = |bits: &[u64]| bits.get(w).copied().unwrap_or(0);
            let mut only =
                place & !at(&self.scratch.reached) & !at(&self.scratch.by_code) & !at(self.closed);
            if partial_only {
                only &= at(partial);
            }
            while only != 0 {
                out.push((w as u32) << 6 | only.trailing_zeros());
                only &= only - 1;
            }
        }
    }

    /// The postings reached only by an occupation code (after
    /// [`candidates`](Self::candidates)) that a pool whose threshold is
    /// `threshold` could still take, with their query points, into `out` (in
    /// the order of their codes' lists): a code's postings are looked at only
    /// when the most any of them could score reaches the threshold. `bound`
    /// as for [`candidates`](Self::candidates); `max_bound`: at least every
    /// value of `bound`.
    pub(crate) fn occupation_only(
        &mut self,
        bound: impl Fn(DocClass) -> f32,
        max_bound: f32,
        threshold: Option<f32>,
        out: &mut Vec<Candidate>,
    ) {
        out.clear();
        if !self.walked {
            return;
        }
        let docs = self.index.docs();
        for list in std::mem::take(&mut self.occupation_lists) {
            let mut start = 0usize;
            for group in &list.groups {
                let end = group.end as usize;
                let holders = list.holders.get(start..end).unwrap_or_default();
                start = end;
                // The most a holder can score: no text sum (neutral text when
                // its text is empty), no skill, the code's value (between it
                // and neutral when its confidence is below 1).
                let certain = self
                    .scratch
                    .code_links
                    .get(group.id as usize)
                    .map_or(0.0, |l| l.1);
                let occupation = if group.any_uncertain {
                    certain.max(NEUTRAL)
                } else {
                    certain
                };
                let text = if group.any_text_empty { NEUTRAL } else { 0.0 };
                let most = self.combine(text, 0.0, occupation.clamp(0.0, 1.0));
                if beaten(most + max_bound, threshold) {
                    continue;
                }
                // Each posting is in one group of one list: no posting comes
                // twice. Those reached by a term or skill came before.
                for &(doc, class) in holders {
                    let word = (doc >> 6) as usize;
                    let taken = self.scratch.reached.get(word).copied().unwrap_or(0)
                        | self.closed.get(word).copied().unwrap_or(0);
                    if taken >> (doc & 63) & 1 == 1 {
                        continue;
                    }
                    let bound = bound(class);
                    if refused(bound) || beaten(most + bound, threshold) {
                        continue;
                    }
                    let Some(&info) = docs.get(doc as usize) else {
                        continue;
                    };
                    let c = Candidate {
                        position: doc,
                        points: self.points(doc, info, 0.0, 0.0),
                        bound,
                    };
                    if !beaten(c.ceiling(), threshold) {
                        out.push(c);
                    }
                }
            }
        }
    }

    /// Leaves the scratch as [`Scratch::fit`] made it.
    fn clear(&mut self) {
        let scratch = &mut *self.scratch;
        if !self.walked {
            for (w, word) in scratch.reached.iter().enumerate() {
                let mut bits = *word;
                while bits != 0 {
                    let doc = (w << 6) | bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    if let Some(s) = scratch.text.get_mut(doc) {
                        *s = 0.0;
                    }
                    if let Some(s) = scratch.skill.get_mut(doc) {
                        *s = 0.0;
                    }
                }
            }
            scratch.with_skill.fill(0);
        }
        scratch.places.fill(0);
        scratch.reached.fill(0);
        scratch.by_code.fill(0);
        scratch.unlink();
    }
}

/// Every open posting `seeker` reaches in `index`, into `out` (see [`Reach`];
/// no threshold: the postings reached only by a code all come, in position
/// order). `bound(class)`: the most admission can add to a posting of that
/// class; `closed` as for [`query`].
#[cfg(test)]
pub(crate) fn reach(
    index: &ImpactIndex,
    seeker: &PreparedSeeker,
    weights: &[f32; crate::features::FEATURE_COUNT],
    closed: &[u64],
    bound: impl Fn(DocClass) -> f32,
    out: &mut Reach,
) {
    query(index, seeker, weights, closed, |q| {
        q.candidates(&bound, &mut out.by_terms);
        q.occupation_only(&bound, f32::INFINITY, None, &mut out.by_occupation_only);
        q.place_only(false, &mut out.by_place_only);
    });
    out.by_occupation_only.sort_unstable_by_key(|c| c.position);
}
