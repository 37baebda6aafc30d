//! The pool from the postings a query reached: the best `pool` by query points
//! plus what `admit` adds (the situational points; `None` for a posting the
//! hard rules exclude), ties to the lower position.
//!
//! Admitting reads a posting's facts, so it is done for as few postings as the
//! bounds allow (the threshold algorithm): in order of bound (query points
//! plus the most `admit` can add), keeping the `pool` best scores admitted so
//! far; once a posting's bound falls below the last of them, neither it nor
//! any posting after it can enter the pool, and admission stops. The order is
//! found block by block (a selection, then a sort of the block), the blocks
//! doubling, so that a query that stops early sorts little. A posting left out
//! has a bound below the threshold, so a pool of admitted postings beats it:
//! the result is the one admitting every posting would give (a test checks
//! it).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A reached posting: its position, query points and the most `admit` can add.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Candidate {
    pub position: u32,
    pub points: f32,
    pub bound: f32,
}

impl Candidate {
    /// The most the posting can score.
    #[inline]
    pub(crate) fn ceiling(&self) -> f32 {
        self.points + self.bound
    }
}

/// The first block, in places of the pool. On the scale data (pool 250) a
/// query admits ~1,200 postings before its bounds fall below the threshold:
/// blocks of 500, 1,000, 2,000, ... sort ~1,500 keys for it.
const FIRST_BLOCK: usize = 2;

/// Best first, ties to the lower position.
fn by_rank(a: &(f32, u32), b: &(f32, u32)) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
}

/// Postings with no query points, whose bound is known only on demand (the
/// postings a query reached by their place alone): `bound(position)` is at
/// most `max` ([`refused`] when admission would refuse the posting: it is
/// passed over).
pub(crate) struct Pointless<'a, B> {
    pub positions: &'a [u32],
    pub bound: B,
    pub max: f32,
}

/// A pool being found: the admitted postings, the `pool` best of their
/// scores and the threshold they set, kept while candidates come in tiers
/// ([`Selection::offer`], [`Selection::offer_pointless`]); and its buffers,
/// kept from one query to the next (a query's would otherwise be allocated and
/// freed for every seeker).
///
/// Any number of tiers may be offered, in any order: within a tier, the
/// candidates are admitted best bound first until the threshold beats a bound;
/// the threshold only rises, so a posting it beats in any tier could not have
/// entered the pool. What is finally kept is the best `pool` of every posting
/// offered, as admitting all of them would give (a test checks it).
#[derive(Debug, Default)]
pub(crate) struct Selection {
    admitted: Vec<(f32, u32)>,
    /// The `pool` best scores admitted so far ([`ordered`]), least on top.
    best: BinaryHeap<Reverse<u32>>,
    /// Depth of the pool.
    pool: usize,
    /// The least of the `pool` best scores, once there are `pool`.
    threshold: Option<f32>,
    /// The candidates' [`round_key`]s.
    keys: Vec<u64>,
    /// The pointless postings whose bound reaches the threshold.
    open: Vec<u32>,
}

/// A float's total order ([`f32::total_cmp`]) as an unsigned one.
#[inline]
fn ordered(value: f32) -> u32 {
    let bits = value.to_bits();
    if bits >> 31 == 1 {
        !bits
    } else {
        bits | 0x8000_0000
    }
}

/// The float of an [`ordered`] value.
#[inline]
fn unordered(value: u32) -> f32 {
    f32::from_bits(if value >> 31 == 1 {
        value & 0x7fff_ffff
    } else {
        !value
    })
}

/// A candidate's key for the order of admission: in ascending order, the
/// highest bound first, ties to the earlier candidate (`index`, its place in
/// the candidates). One integer comparison instead of two float ones.
#[inline]
fn round_key(ceiling: f32, index: usize) -> u64 {
    u64::from(!ordered(ceiling)) << 32 | index as u64
}

/// Whether a [`round_key`]'s bound is below `threshold` (as `bound <
/// threshold` says, signed zeros and NaN included).
#[inline]
fn key_beaten(key: u64, threshold: f32) -> bool {
    unordered(!((key >> 32) as u32)) < threshold
}

/// Whether a posting whose score can be at most `ceiling` cannot enter a pool
/// whose threshold is `threshold` (none yet: every posting can).
#[inline]
pub(crate) fn beaten(ceiling: f32, threshold: Option<f32>) -> bool {
    threshold.is_some_and(|t| ceiling < t)
}

/// Whether a bound says admission refuses the posting (minus infinity: the
/// most it can add is nothing at all).
#[inline]
pub(crate) fn refused(bound: f32) -> bool {
    bound == f32::NEG_INFINITY
}

/// Keeps `score` among the `pool` best; the threshold once there are `pool`:
/// the last of them.
#[inline]
fn keep(best: &mut BinaryHeap<Reverse<u32>>, score: f32, pool: usize) -> Option<f32> {
    let score = ordered(score);
    if best.len() < pool {
        best.push(Reverse(score));
    } else if let Some(mut least) = best.peek_mut()
        && score > least.0
    {
        *least = Reverse(score);
    }
    (best.len() >= pool)
        .then(|| best.peek().map(|least| unordered(least.0)))
        .flatten()
}

impl Selection {
    /// Starts a pool `pool` deep (the buffers are kept).
    pub(crate) fn start(&mut self, pool: usize) {
        self.admitted.clear();
        self.best.clear();
        self.pool = pool;
        self.threshold = None;
    }

    /// The least score a posting needs to enter the pool as it stands (none
    /// while it holds fewer than `pool`): a posting whose score can be at most
    /// less than this need not be offered.
    pub(crate) fn threshold(&self) -> Option<f32> {
        self.threshold
    }

    /// Admits a posting with `score`.
    #[inline]
    fn admit(&mut self, score: f32, position: u32) {
        self.admitted.push((score, position));
        self.threshold = keep(&mut self.best, score, self.pool);
    }

    /// Offers a tier of candidates. `admit(position)` is at most the
    /// candidate's bound (`None`: the hard rules exclude it);
    /// `touch(position)` reads what `admit` will read (see
    /// [`crate::prepare::PreparedPosting::touch`]).
    pub(crate) fn offer(
        &mut self,
        candidates: &[Candidate],
        admit: impl Fn(u32) -> Option<f32>,
        touch: impl Fn(u32) -> u64,
    ) {
        if self.pool == 0 {
            return;
        }
        let mut keys = std::mem::take(&mut self.keys);
        keys.clear();
        keys.extend(
            candidates
                .iter()
                .enumerate()
                .map(|(i, c)| round_key(c.ceiling(), i)),
        );
        let of = |key: &u64| {
            candidates
                .get((key & u64::from(u32::MAX)) as usize)
                .copied()
        };
        let mut start = 0;
        let mut block = FIRST_BLOCK.saturating_mul(self.pool).max(1);
        'blocks: while start < keys.len() {
            if let Some(t) = self.threshold {
                // The postings the threshold already beats go first: what is
                // left is usually smaller than the next block, and needs no
                // selection.
                let mut kept = start;
                for r in start..keys.len() {
                    let key = keys[r];
                    keys[kept] = key;
                    kept += usize::from(!key_beaten(key, t));
                }
                keys.truncate(kept);
                if start == keys.len() {
                    break;
                }
            }
            let rest = &mut keys[start..];
            let take = block.min(rest.len());
            if take < rest.len() {
                rest.select_nth_unstable(take - 1);
            }
            let head = &mut rest[..take];
            head.sort_unstable();
            // Every posting's data first, in loads that do not depend on each
            // other, then the admissions.
            let threshold = self.threshold;
            std::hint::black_box(
                head.iter()
                    .filter_map(of)
                    .take_while(|c| !beaten(c.ceiling(), threshold))
                    .fold(0u64, |v, c| v ^ touch(c.position)),
            );
            for c in head.iter().filter_map(of) {
                if beaten(c.ceiling(), self.threshold) {
                    break 'blocks;
                }
                if let Some(extra) = admit(c.position) {
                    self.admit(c.points + extra, c.position);
                }
            }
            start += take;
            block = block.saturating_mul(2);
        }
        self.keys = keys;
    }

    /// Offers the `pointless` postings (query points 0, bounds on demand):
    /// looked at only when the threshold leaves them a chance. `admit` and
    /// `touch` as for [`offer`](Self::offer).
    pub(crate) fn offer_pointless<B: Fn(u32) -> f32>(
        &mut self,
        pointless: Pointless<'_, B>,
        admit: impl Fn(u32) -> Option<f32>,
        touch: impl Fn(u32) -> u64,
    ) {
        if self.pool == 0 || beaten(pointless.max, self.threshold) {
            return;
        }
        // Their bounds once (the threshold they face only rises from here, so
        // a posting beaten now stays beaten), then their data, then the
        // admissions.
        let mut open = std::mem::take(&mut self.open);
        open.clear();
        let threshold = self.threshold;
        open.extend(pointless.positions.iter().copied().filter(|&p| {
            let bound = (pointless.bound)(p);
            !refused(bound) && !beaten(bound, threshold)
        }));
        std::hint::black_box(open.iter().fold(0u64, |v, &p| v ^ touch(p)));
        for &position in open.iter() {
            if beaten((pointless.bound)(position), self.threshold) {
                continue;
            }
            if let Some(extra) = admit(position) {
                self.admit(0.0 + extra, position);
            }
        }
        self.open = open;
    }

    /// The pool, best first: `(score, position)`, ties to the lower position.
    pub(crate) fn finish(&mut self) -> &[(f32, u32)] {
        let pool = self.pool;
        let admitted = &mut self.admitted;
        if pool == 0 {
            admitted.clear();
        } else if admitted.len() > pool {
            admitted.select_nth_unstable_by(pool - 1, by_rank);
            admitted.truncate(pool);
        }
        admitted.sort_unstable_by(by_rank);
        admitted
    }
}

/// The pool, best first: `(score, position)`, from `candidates` and then the
/// `pointless` postings, in one [`Selection`] (see there).
#[cfg(test)]
pub(crate) fn pool<'s, B: Fn(u32) -> f32>(
    candidates: &[Candidate],
    pointless: Pointless<'_, B>,
    pool: usize,
    admit: impl Fn(u32) -> Option<f32>,
    touch: impl Fn(u32) -> u64,
    selection: &'s mut Selection,
) -> &'s [(f32, u32)] {
    selection.start(pool);
    selection.offer(candidates, &admit, &touch);
    selection.offer_pointless(pointless, &admit, &touch);
    selection.finish()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Candidates from generated `(points, extra, slack, reject)`: coarse
    /// values make ties common; distinct positions, not in candidate order;
    /// what admission adds to each (`None`: refused when `reject` is 0).
    fn generated(
        raw: impl Iterator<Item = (u8, u8, u8, u8)>,
    ) -> (Vec<Candidate>, std::collections::HashMap<u32, Option<f32>>) {
        let mut extra = std::collections::HashMap::new();
        let candidates = raw
            .enumerate()
            .map(|(i, (p, e, slack, reject))| {
                let position = (i as u32 * 7919) % 1009;
                extra.insert(position, (reject != 0).then_some(f32::from(e)));
                Candidate {
                    position,
                    points: f32::from(p),
                    bound: f32::from(e) + f32::from(slack) * 0.5,
                }
            })
            .collect();
        (candidates, extra)
    }

    /// Admitting every candidate, then the best `pool`.
    fn brute_force(
        candidates: &[Candidate],
        pool: usize,
        admit: impl Fn(u32) -> Option<f32>,
    ) -> Vec<(f32, u32)> {
        let mut all: Vec<(f32, u32)> = candidates
            .iter()
            .filter_map(|c| admit(c.position).map(|x| (c.points + x, c.position)))
            .collect();
        all.sort_unstable_by(by_rank);
        all.truncate(pool);
        all
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, rng_seed: proptest::test_runner::RngSeed::Fixed(41), ..ProptestConfig::default() })]
        /// The integer keys order as the float comparison does:
        /// the higher bound first (`total_cmp`, signed zeros and infinities
        /// included), ties to the earlier candidate.
        #[test]
        fn round_keys_order_as_the_bounds(
            a in prop_oneof![any::<f32>(), Just(0.0f32), Just(-0.0f32), Just(f32::INFINITY), -10.0f32..10.0],
            b in prop_oneof![any::<f32>(), Just(0.0f32), Just(-0.0f32), Just(f32::NEG_INFINITY), -10.0f32..10.0],
            i in 0usize..1000,
            j in 0usize..1000,
        ) {
            let expected = b.total_cmp(&a).then(i.cmp(&j));
            prop_assert_eq!(round_key(a, i).cmp(&round_key(b, j)), expected);
        }

        /// `ordered` is a bijection on the bits, whose inverse is `unordered`,
        /// and it orders as `total_cmp`.
        #[test]
        fn ordered_floats_round_trip_and_order(a in any::<u32>(), b in any::<u32>()) {
            let (x, y) = (f32::from_bits(a), f32::from_bits(b));
            prop_assert_eq!(unordered(ordered(x)).to_bits(), a);
            prop_assert_eq!(ordered(x).cmp(&ordered(y)), x.total_cmp(&y));
        }

        /// A key is beaten exactly when its bound is below the threshold.
        #[test]
        fn keys_are_beaten_as_their_bounds(
            a in prop_oneof![any::<u32>().prop_map(f32::from_bits), Just(0.0f32), Just(-0.0f32), -10.0f32..10.0],
            t in prop_oneof![any::<u32>().prop_map(f32::from_bits), Just(0.0f32), Just(-0.0f32), -10.0f32..10.0],
            i in 0usize..1000,
        ) {
            prop_assert_eq!(key_beaten(round_key(a, i), t), a < t);
        }

        /// Differential: the bounded rounds give what admitting everything gives,
        /// whatever the bounds' slack, ties and rejections.
        #[test]
        fn bounded_pool_equals_admitting_every_candidate(
            raw in prop::collection::vec((0u8..20, 0u8..10, 0u8..10, 0u8..4), 0..200),
            pool in 1usize..40,
        ) {
            let (candidates, extra) = generated(raw.iter().map(|&(p, e, s, r)| (p, e, s, r)));
            let admit = |p: u32| extra.get(&p).copied().flatten();
            // Some have no query points and a bound known on demand.
            let (with_points, pointless): (Vec<Candidate>, Vec<Candidate>) =
                candidates.iter().partition(|c| c.points > 0.0 || c.position % 3 != 0);
            let positions: Vec<u32> = pointless.iter().map(|c| c.position).collect();
            let bounds: std::collections::HashMap<u32, f32> =
                pointless.iter().map(|c| (c.position, c.bound)).collect();
            let expected = brute_force(&candidates, pool, admit);
            let mut selection = Selection::default();
            let got = super::pool(
                &with_points,
                Pointless {
                    positions: &positions,
                    bound: |p| bounds[&p],
                    max: 15.0,
                },
                pool,
                admit,
                u64::from,
                &mut selection,
            );
            prop_assert_eq!(got, &expected[..]);
        }

        /// Differential: candidates offered in tiers, each tier but the first
        /// cut to those the threshold so far leaves a chance (as a query does
        /// with the postings reached only by a code), give what admitting
        /// every candidate gives.
        #[test]
        fn tiers_cut_by_the_threshold_equal_admitting_every_candidate(
            raw in prop::collection::vec((0u8..20, 0u8..10, 0u8..10, 0u8..4, 0u8..3), 0..200),
            pool in 1usize..40,
        ) {
            let (candidates, extra) = generated(raw.iter().map(|&(p, e, s, r, _)| (p, e, s, r)));
            let admit = |p: u32| extra.get(&p).copied().flatten();
            let expected = brute_force(&candidates, pool, admit);
            let mut selection = Selection::default();
            selection.start(pool);
            let mut offered = 0;
            for tier in 0..3u8 {
                let threshold = selection.threshold();
                let cut: Vec<Candidate> = candidates
                    .iter()
                    .zip(&raw)
                    .filter(|(c, r)| r.4 == tier && (tier == 0 || !beaten(c.ceiling(), threshold)))
                    .map(|(c, _)| *c)
                    .collect();
                offered += cut.len();
                selection.offer(&cut, admit, u64::from);
            }
            prop_assert!(offered <= candidates.len());
            prop_assert_eq!(selection.finish(), &expected[..]);
        }
    }

    /// The tiers' cut does bind: a second tier below the first tier's
    /// threshold is not offered at all, and the pool is the first tier's.
    #[test]
    fn a_tier_below_the_threshold_is_cut() {
        let first: Vec<Candidate> = (0..10)
            .map(|i| Candidate {
                position: i,
                points: 10.0,
                bound: 1.0,
            })
            .collect();
        let mut selection = Selection::default();
        selection.start(5);
        selection.offer(&first, |_| Some(1.0), u64::from);
        assert_eq!(selection.threshold(), Some(11.0));
        let low = Candidate {
            position: 20,
            points: 5.0,
            bound: 5.9,
        };
        assert!(beaten(low.ceiling(), selection.threshold()));
        let at = Candidate {
            position: 21,
            points: 5.0,
            bound: 6.0,
        };
        assert!(!beaten(at.ceiling(), selection.threshold()));
        let pool: Vec<u32> = selection.finish().iter().map(|&(_, p)| p).collect();
        assert_eq!(pool, vec![0, 1, 2, 3, 4]);
    }
}
