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

/// How many postings, per place in the pool, the first round admits.
const FIRST_ROUND: usize = 2;

/// Best first, ties to the lower position.
fn by_rank(a: &(f32, u32), b: &(f32, u32)) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
}

/// The pool, best first: `(score, position)`. `admit(position)` is at most the
/// candidate's `bound`; `touch(position)` reads what `admit` will read (see
/// [`crate::prepare::PreparedPosting::touch`]).
pub(crate) fn pool(
    mut candidates: Vec<Candidate>,
    pool: usize,
    admit: impl Fn(u32) -> Option<f32>,
    touch: impl Fn(u32) -> u64,
) -> Vec<(f32, u32)> {
    if pool == 0 {
        return Vec::new();
    }
    let mut admitted: Vec<(f32, u32)> = Vec::new();
    let admit_all = |batch: &[Candidate], admitted: &mut Vec<(f32, u32)>| {
        std::hint::black_box(batch.iter().fold(0u64, |v, c| v ^ touch(c.position)));
        for c in batch {
            if let Some(extra) = admit(c.position) {
                admitted.push((c.points + extra, c.position));
            }
        }
    };
    let first = FIRST_ROUND.saturating_mul(pool).min(candidates.len());
    if first > 0 && first < candidates.len() {
        candidates.select_nth_unstable_by(first - 1, |a, b| {
            b.ceiling()
                .total_cmp(&a.ceiling())
                .then(a.position.cmp(&b.position))
        });
    }
    let (head, tail) = candidates.split_at(first);
    admit_all(head, &mut admitted);
    if admitted.len() >= pool {
        let mut scores: Vec<f32> = admitted.iter().map(|a| a.0).collect();
        let (_, &mut threshold, _) = scores.select_nth_unstable_by(pool - 1, |a, b| b.total_cmp(a));
        let rest: Vec<Candidate> = tail
            .iter()
            .filter(|c| c.ceiling() >= threshold)
            .copied()
            .collect();
        admit_all(&rest, &mut admitted);
    } else {
        admit_all(tail, &mut admitted);
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
            let expected = brute_force(&candidates, pool, admit);
            let got = super::pool(candidates.clone(), pool, admit, u64::from);
            prop_assert_eq!(got, expected);
        }
    }
}
