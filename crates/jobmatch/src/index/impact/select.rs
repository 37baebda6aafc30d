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
    #[inline]
    fn ceiling(&self) -> f32 {
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
/// most `max`.
pub(crate) struct Pointless<'a, B> {
    pub positions: &'a [u32],
    pub bound: B,
    pub max: f32,
}

/// The buffers of [`pool`], kept from one query to the next (a query's would
/// otherwise be allocated and freed for every seeker).
#[derive(Debug, Default)]
pub(crate) struct Selection {
    admitted: Vec<(f32, u32)>,
    /// The `pool` best scores admitted so far ([`ordered`]), least on top.
    best: BinaryHeap<Reverse<u32>>,
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
/// the candidates, which are in position order). One integer comparison
/// instead of two float ones.
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

/// The pool, best first: `(score, position)`, from `candidates` and the
/// `pointless` postings (query points 0). `admit(position)` is at most the
/// posting's bound; `touch(position)` reads what `admit` will read (see
/// [`crate::prepare::PreparedPosting::touch`]). The pointless postings come
/// last, and are looked at only when the threshold the others set leaves them
/// a chance.
pub(crate) fn pool<'s, B: Fn(u32) -> f32>(
    candidates: &[Candidate],
    pointless: Pointless<'_, B>,
    pool: usize,
    admit: impl Fn(u32) -> Option<f32>,
    touch: impl Fn(u32) -> u64,
    selection: &'s mut Selection,
) -> &'s [(f32, u32)] {
    let Selection {
        admitted,
        best,
        keys,
        open,
    } = selection;
    admitted.clear();
    best.clear();
    if pool == 0 {
        return admitted;
    }
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
    // A posting whose bound is below the threshold cannot enter the pool.
    let beaten = |bound: f32, threshold: Option<f32>| threshold.is_some_and(|t| bound < t);
    let mut threshold = None;
    let mut start = 0;
    let mut block = FIRST_BLOCK.saturating_mul(pool).max(1);
    'blocks: while start < keys.len() {
        if let Some(t) = threshold {
            // The postings the threshold already beats go first: what is left
            // is usually smaller than the next block, and needs no selection.
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
        std::hint::black_box(
            head.iter()
                .filter_map(of)
                .take_while(|c| !beaten(c.ceiling(), threshold))
                .fold(0u64, |v, c| v ^ touch(c.position)),
        );
        for c in head.iter().filter_map(of) {
            if beaten(c.ceiling(), threshold) {
                break 'blocks;
            }
            if let Some(extra) = admit(c.position) {
                let score = c.points + extra;
                admitted.push((score, c.position));
                threshold = keep(best, score, pool);
            }
        }
        start += take;
        block = block.saturating_mul(2);
    }
    if !beaten(pointless.max, threshold) {
        // Their bounds once (the threshold they face only rises from here, so
        // a posting beaten now stays beaten), then their data, then the
        // admissions.
        open.clear();
        open.extend(
            pointless
                .positions
                .iter()
                .copied()
                .filter(|&p| !beaten((pointless.bound)(p), threshold)),
        );
        std::hint::black_box(open.iter().fold(0u64, |v, &p| v ^ touch(p)));
        for &position in open.iter() {
            if beaten((pointless.bound)(position), threshold) {
                continue;
            }
            if let Some(extra) = admit(position) {
                let score = 0.0 + extra;
                admitted.push((score, position));
                threshold = keep(best, score, pool);
            }
        }
    }
    if admitted.len() > pool {
        admitted.select_nth_unstable_by(pool - 1, by_rank);
        admitted.truncate(pool);
    }
    admitted.sort_unstable_by(by_rank);
    admitted
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

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
            // Coarse values make ties common.
            let candidates: Vec<Candidate> = raw
                .iter()
                .enumerate()
                .map(|(i, &(p, extra, slack, _))| Candidate {
                    // Distinct positions, not in candidate order.
                    position: (i as u32 * 7919) % 1009,
                    points: f32::from(p),
                    bound: f32::from(extra) + f32::from(slack) * 0.5,
                })
                .collect();
            let extra: std::collections::HashMap<u32, Option<f32>> = candidates
                .iter()
                .zip(&raw)
                .map(|(c, &(_, e, _, reject))| (c.position, (reject != 0).then_some(f32::from(e))))
                .collect();
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
    }
}
