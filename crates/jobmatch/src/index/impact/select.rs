//! The pool from the postings a query reached: the best `pool` by query points
//! plus what `admit` adds (the situational points; `None` for a posting the
//! hard rules exclude), ties to the lower position.
//!
//! Admitting reads a posting's facts, so it is done for as few postings as the
//! bounds allow: first for the `FIRST_ROUND` × `pool` postings with the highest
//! bound (query points plus the most `admit` can add to them), which sets a
//! threshold (the pool's last score among them); then only for the other
//! postings whose bound reaches that threshold. A posting left out has a bound
//! below the threshold, so a pool of admitted postings beats it: the result is
//! the one admitting every posting would give (a test checks it).

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

/// How many postings, per place in the pool, the first round admits. Too few
/// and, after the hard rules, fewer than `pool` are admitted, which leaves no
/// threshold and every candidate to admit. Measured on the scale data (pool
/// 300, 20,000 seekers): 1: 1,830-1,915 seekers/s; 2: 2,610-2,643; 3:
/// 2,741-2,810; 4: 2,739-2,835; 6: 2,759-2,792.
const FIRST_ROUND: usize = 4;

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

/// The last score of the `pool` best that `admitted` holds, when it holds
/// that many (`scores`: scratch).
fn threshold(admitted: &[(f32, u32)], pool: usize, scores: &mut Vec<f32>) -> Option<f32> {
    if pool == 0 || admitted.len() < pool {
        return None;
    }
    scores.clear();
    scores.extend(admitted.iter().map(|a| a.0));
    let (_, &mut t, _) = scores.select_nth_unstable_by(pool - 1, |a, b| b.total_cmp(a));
    Some(t)
}

/// The buffers of [`pool`], kept from one query to the next (a query's would
/// otherwise be allocated and freed for every seeker).
#[derive(Debug, Default)]
pub(crate) struct Selection {
    admitted: Vec<(f32, u32)>,
    scores: Vec<f32>,
    /// The candidates' [`round_key`]s.
    keys: Vec<u64>,
}

/// A candidate's key for the first round: in ascending order, the highest
/// bound first, ties to the earlier candidate (`index`, its place in the
/// candidates, which are in position order). One integer comparison instead of
/// two float ones: a selection over ten thousand candidates a query is worth it.
#[inline]
fn round_key(ceiling: f32, index: usize) -> u64 {
    // The float's total order (`f32::total_cmp`) as an unsigned one, reversed.
    let bits = ceiling.to_bits();
    let ordered = if bits >> 31 == 1 {
        !bits
    } else {
        bits | 0x8000_0000
    };
    u64::from(!ordered) << 32 | index as u64
}

/// The pool, best first: `(score, position)`, from `candidates` and the `pointless` postings (query points 0). `admit(position)` is at
/// most the posting's bound; `touch(position)` reads what `admit` will read
/// (see [`crate::prepare::PreparedPosting::touch`]). The pointless postings
/// come last, and are looked at only when the threshold the others set leaves
/// them a chance.
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
        scores,
        keys,
    } = selection;
    admitted.clear();
    if pool == 0 {
        return admitted;
    }
    // Every posting's data first, in loads that do not depend on each other,
    // then the admissions.
    let admit_all = |batch: &mut dyn Iterator<Item = Candidate>, admitted: &mut Vec<(f32, u32)>| {
        for c in batch {
            if let Some(extra) = admit(c.position) {
                admitted.push((c.points + extra, c.position));
            }
        }
    };
    keys.clear();
    keys.extend(
        candidates
            .iter()
            .enumerate()
            .map(|(i, c)| round_key(c.ceiling(), i)),
    );
    let first = FIRST_ROUND.saturating_mul(pool).min(keys.len());
    if first > 0 && first < keys.len() {
        keys.select_nth_unstable(first - 1);
    }
    let (head, tail) = keys.split_at(first);
    let of = |key: &u64| {
        candidates
            .get((key & u64::from(u32::MAX)) as usize)
            .copied()
    };
    std::hint::black_box(
        head.iter()
            .filter_map(of)
            .fold(0u64, |v, c| v ^ touch(c.position)),
    );
    admit_all(&mut head.iter().filter_map(of), admitted);
    let t = threshold(admitted, pool, scores);
    let reaches = |c: &Candidate| t.is_none_or(|t| c.ceiling() >= t);
    std::hint::black_box(
        tail.iter()
            .filter_map(of)
            .filter(reaches)
            .fold(0u64, |v, c| v ^ touch(c.position)),
    );
    admit_all(&mut tail.iter().filter_map(of).filter(reaches), admitted);
    let t = threshold(admitted, pool, scores);
    if t.is_none_or(|t| pointless.max >= t) {
        let reaches = |&&position: &&u32| t.is_none_or(|t| (pointless.bound)(position) >= t);
        std::hint::black_box(
            pointless
                .positions
                .iter()
                .filter(reaches)
                .fold(0u64, |v, &p| v ^ touch(p)),
        );
        admit_all(
            &mut pointless
                .positions
                .iter()
                .filter(reaches)
                .map(|&position| Candidate {
                    position,
                    points: 0.0,
                    bound: 0.0,
                }),
            admitted,
        );
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
        /// The first round's integer keys order as the float comparison does:
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
