//! Capacity allocation: seeker-proposing deferred acceptance.
//!
//! Every seeker ranks her candidate postings (score, then posting id); every
//! posting ranks the seekers who want it: seekers in one of its target groups
//! first, then by score, then by seeker id. Seekers propose in rank order until
//! they hold `k` postings or run out of candidates; a full posting keeps its
//! best proposers and turns the worst away, who then propose to their next
//! candidate. The result is the seeker-optimal *stable* allocation: no seeker
//! and posting would both rather be matched to each other than to what they
//! got. It does not depend on the order in which proposals are processed, so it
//! is deterministic.

use std::cmp::Ordering;
use std::collections::VecDeque;

/// The result of [`allocate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allocation {
    /// Per seeker: positions in her candidate list that she was given, ascending
    /// (so in rank order).
    pub assigned: Vec<Vec<usize>>,
    /// Per posting: how many seekers proposed to it.
    pub wanted: Vec<u64>,
    /// Per posting: how many seekers it was given to.
    pub given: Vec<u64>,
}

impl Allocation {
    /// Whether more seekers wanted posting `p` than its capacity allowed.
    pub fn oversubscribed(&self, p: usize) -> bool {
        self.wanted[p] > self.given[p]
    }
}

/// A proposal held by a posting; ordered so that the *worst* is the greatest
/// (the best come first), ties between one seeker's claims by her list
/// position. 16 bytes: a million seekers' pushes are held at once.
#[derive(Debug, Clone, Copy)]
struct Held {
    priority: bool,
    score: f32,
    seeker: u32,
    position: u32,
}

impl Held {
    /// `Less` when `self` is the better claim.
    fn rank(&self, other: &Held) -> Ordering {
        other
            .priority
            .cmp(&self.priority)
            .then_with(|| other.score.total_cmp(&self.score))
            .then_with(|| self.seeker.cmp(&other.seeker))
            .then_with(|| self.position.cmp(&other.position))
    }
}

/// A claim's place in a posting's order, as a number that grows with the
/// claim's strength (priority, then score by `f32::total_cmp`), never 0 (0
/// marks a posting with room) nor `u64::MAX` (a posting with no capacity).
/// Equal keys are decided by seeker id.
fn claim_key(priority: bool, score: f32) -> u64 {
    let bits = score.to_bits();
    let ordered = if bits >> 31 == 1 {
        !bits
    } else {
        bits | 1 << 31
    };
    1 << 40 | u64::from(priority) << 32 | u64::from(ordered)
}

impl PartialEq for Held {
    fn eq(&self, other: &Self) -> bool {
        self.rank(other) == Ordering::Equal
    }
}
impl Eq for Held {}
impl PartialOrd for Held {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Held {
    fn cmp(&self, other: &Self) -> Ordering {
        self.rank(other)
    }
}

/// Allocates postings to seekers.
///
/// * `k`: postings per seeker at most;
/// * `ranked[s]`: seeker `s`'s candidates `(posting, score)`, best first (seekers
///   are numbered in id order, postings by any fixed numbering);
/// * `capacity[p]`: how many seekers posting `p` may go to;
/// * `priority(s, p)`: seeker `s` is in one of posting `p`'s target groups.
///
/// A posting index in `ranked` (any unsigned integer type) must be below
/// `capacity.len()`; candidates naming another posting are skipped. Seekers
/// are counted, and lists read, up to `u32::MAX` (beyond: not allocated).
///
/// ```
/// use jobmatch::push::allocate;
/// // Two seekers want posting 0 (capacity 1); seeker 1 fits it better.
/// let ranked = vec![vec![(0, 0.5), (1, 0.4)], vec![(0, 0.9), (1, 0.2)]];
/// let a = allocate(1, &ranked, &[1, 5], &|_, _| false);
/// assert_eq!(a.assigned, vec![vec![1], vec![0]]); // seeker 0 gets her next-best
/// assert!(a.oversubscribed(0));
/// ```
pub fn allocate<P: Copy>(
    k: usize,
    ranked: &[Vec<(P, f32)>],
    capacity: &[u64],
    priority: &dyn Fn(usize, usize) -> bool,
) -> Allocation
where
    usize: TryFrom<P>,
{
    let n = ranked.len().min(u32::MAX as usize);
    let k = u32::try_from(k).unwrap_or(u32::MAX);
    let list_of = |s: usize| &ranked[s][..ranked[s].len().min(u32::MAX as usize)];
    let mut next = vec![0u32; n];
    let mut held = vec![0u32; n];
    // Per posting, the claims it holds, in no order: up to half as many again
    // as its capacity between compactions (see `Postings::compact`).
    let mut postings = Postings {
        held: vec![Vec::new(); capacity.len()],
        // The claim a newcomer must beat, as a `claim_key`: 0 while there is
        // room, `u64::MAX` when there is none at all. Most proposals are
        // turned away by a full posting; this dense array (8 bytes a posting)
        // decides them without reading the posting's claims or its priority.
        bar: capacity
            .iter()
            .map(|&c| if c == 0 { u64::MAX } else { 0 })
            .collect(),
        capacity,
        over: Vec::new(),
    };
    let mut wanted = vec![0u64; capacity.len()];
    let mut queue: VecDeque<u32> = (0..n as u32).collect();
    loop {
        while let Some(seeker) = queue.pop_front() {
            let s = seeker as usize;
            let list = list_of(s);
            while held[s] < k && (next[s] as usize) < list.len() {
                let position = next[s];
                next[s] += 1;
                let (p, score) = list[position as usize];
                let Some((p, &bar)) = usize::try_from(p)
                    .ok()
                    .and_then(|p| Some((p, postings.bar.get(p)?)))
                else {
                    continue;
                };
                wanted[p] += 1;
                // Even with priority the claim is below the worst held: turned
                // away (a tie is decided by the seeker ids, on compaction).
                if claim_key(true, score) < bar {
                    continue;
                }
                let priority = priority(s, p);
                if claim_key(priority, score) < bar {
                    continue;
                }
                held[s] += 1;
                postings.hold(
                    p,
                    Held {
                        priority,
                        score,
                        seeker,
                        position,
                    },
                    &mut held,
                    &mut queue,
                );
            }
        }
        // Every posting left holding more than its capacity turns its worst
        // away; they propose again.
        for p in std::mem::take(&mut postings.over) {
            postings.compact(p, &mut held, &mut queue);
        }
        if queue.is_empty() {
            break;
        }
    }
    let mut assigned = vec![Vec::new(); ranked.len()];
    let mut given = vec![0u64; capacity.len()];
    for (p, claims) in postings.held.into_iter().enumerate() {
        given[p] = claims.len() as u64;
        for h in claims {
            assigned[h.seeker as usize].push(h.position as usize);
        }
    }
    for a in &mut assigned {
        a.sort_unstable();
    }
    Allocation {
        assigned,
        wanted,
        given,
    }
}

/// The postings' side of [`allocate`]: the claims each holds, unordered, and
/// the bar a newcomer must reach. A posting takes every claim that reaches
/// its bar; once it holds half as many again as its capacity (or when the
/// proposals run out), it keeps its best `capacity` (a selection, not a sort)
/// and turns the rest away, and its bar becomes the worst it kept. Holding more than the
/// capacity for a while does not change the result: a claim turned away had
/// `capacity` better ones when it was, as it would have with a heap that
/// turns the worst away at once (the result does not depend on the order of
/// proposals). A heap's sifts were a cache miss a level, for every claim
/// taken; a claim is now one write, and a selection over the posting's claims
/// every `capacity / 2` claims.
struct Postings<'a> {
    held: Vec<Vec<Held>>,
    bar: Vec<u64>,
    capacity: &'a [u64],
    /// Postings that came to hold more than their capacity since the last
    /// round of compactions (a posting may appear more than once).
    over: Vec<usize>,
}

impl Postings<'_> {
    /// Posting `p` takes `claim` (which reaches its bar).
    fn hold(&mut self, p: usize, claim: Held, held: &mut [u32], queue: &mut VecDeque<u32>) {
        let cap = self.capacity[p];
        let limit = cap.saturating_add((cap / 2).max(1));
        let claims = &mut self.held[p];
        if claims.len() == claims.capacity() {
            // Doubling, but never past the `limit` claims it can hold at once
            // (a million seekers' claims are held at once).
            let limit = usize::try_from(limit).unwrap_or(usize::MAX);
            let grown = claims.capacity().saturating_mul(2).max(4).min(limit);
            claims.reserve_exact(grown.saturating_sub(claims.len()).max(1));
        }
        claims.push(claim);
        let len = claims.len() as u64;
        if len == cap.saturating_add(1) {
            self.over.push(p);
        }
        if len >= limit {
            self.compact(p, held, queue);
        }
    }

    /// Posting `p` keeps its best `capacity` claims and turns the others away
    /// (they propose again); its bar becomes the worst claim it kept.
    fn compact(&mut self, p: usize, held: &mut [u32], queue: &mut VecDeque<u32>) {
        let cap = self.capacity[p];
        let claims = &mut self.held[p];
        if (claims.len() as u64) <= cap {
            return;
        }
        // cap < len, so it is a usize, and at least 1 (a posting with no
        // capacity takes no claim).
        let keep = cap as usize;
        claims.select_nth_unstable(keep - 1);
        for worse in claims.drain(keep..) {
            held[worse.seeker as usize] -= 1;
            queue.push_back(worse.seeker);
        }
        if let Some(worst) = claims.last() {
            self.bar[p] = claim_key(worst.priority, worst.score);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BinaryHeap;

    type Instance = (usize, Vec<Vec<(usize, f32)>>, Vec<u64>, Vec<bool>);

    fn instance() -> impl Strategy<Value = Instance> {
        (1usize..5, 1usize..8, 1usize..25).prop_flat_map(|(k, postings, seekers)| {
            let lists = proptest::collection::vec(
                proptest::collection::btree_map(0..postings, 0u8..6, 0..postings + 1),
                seekers,
            )
            .prop_map(|lists| {
                lists
                    .into_iter()
                    .map(|m| {
                        let mut v: Vec<(usize, f32)> = m
                            .into_iter()
                            .map(|(p, s)| (p, f32::from(s) / 5.0))
                            .collect();
                        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                        v
                    })
                    .collect::<Vec<_>>()
            });
            (
                Just(k),
                lists,
                proptest::collection::vec(0u64..4, postings),
                proptest::collection::vec(any::<bool>(), seekers * postings),
            )
        })
    }

    proptest! {
        #[test]
        fn respects_caps_quota_and_is_stable((k, ranked, cap, prio) in instance()) {
            let np = cap.len();
            let priority = |s: usize, p: usize| prio[s * np + p];
            let a = allocate(k, &ranked, &cap, &priority);
            // Deterministic.
            prop_assert_eq!(&a, &allocate(k, &ranked, &cap, &priority));
            let mut given = vec![0u64; np];
            for (s, positions) in a.assigned.iter().enumerate() {
                prop_assert!(positions.len() <= k);
                for &i in positions { given[ranked[s][i].0] += 1; }
            }
            for p in 0..np {
                prop_assert!(given[p] <= cap[p]);
                prop_assert_eq!(given[p], a.given[p]);
            }
            // Stability: a seeker who did not get a candidate she ranks above one
            // she got (or who has a free slot) lost it to better claims only.
            let key = |s: usize, p: usize, score: f32| (std::cmp::Reverse(priority(s, p)), std::cmp::Reverse(ordered(score)), s);
            for (s, list) in ranked.iter().enumerate() {
                let got = &a.assigned[s];
                let worst = got.last().copied();
                for (i, &(p, score)) in list.iter().enumerate() {
                    if got.contains(&i) { continue; }
                    let wants = got.len() < k || worst.is_some_and(|w| i < w);
                    if !wants { continue; }
                    // p must be full of better claims.
                    prop_assert_eq!(given[p], cap[p]);
                    for (t, tl) in ranked.iter().enumerate() {
                        for &j in &a.assigned[t] {
                            if tl[j].0 == p {
                                prop_assert!(key(t, p, tl[j].1) < key(s, p, score));
                            }
                        }
                    }
                }
            }
        }
    }

    /// Deferred acceptance as first written: every proposal reads the
    /// posting's heap (no dense bar).
    fn allocate_reference(
        k: usize,
        ranked: &[Vec<(usize, f32)>],
        capacity: &[u64],
        priority: &dyn Fn(usize, usize) -> bool,
    ) -> Allocation {
        let n = ranked.len();
        let mut next = vec![0usize; n];
        let mut held = vec![0usize; n];
        let mut wanted = vec![0u64; capacity.len()];
        let mut at: Vec<BinaryHeap<Held>> = vec![BinaryHeap::new(); capacity.len()];
        let mut queue: VecDeque<usize> = (0..n).collect();
        while let Some(s) = queue.pop_front() {
            while held[s] < k && next[s] < ranked[s].len() {
                let position = next[s];
                next[s] += 1;
                let (p, score) = ranked[s][position];
                wanted[p] += 1;
                let claim = Held {
                    priority: priority(s, p),
                    score,
                    seeker: s as u32,
                    position: position as u32,
                };
                if (at[p].len() as u64) < capacity[p] {
                    at[p].push(claim);
                    held[s] += 1;
                } else if let Some(worst) = at[p].peek().copied()
                    && claim < worst
                {
                    at[p].pop();
                    at[p].push(claim);
                    held[s] += 1;
                    held[worst.seeker as usize] -= 1;
                    queue.push_back(worst.seeker as usize);
                }
            }
        }
        let mut assigned = vec![Vec::new(); n];
        let mut given = vec![0u64; capacity.len()];
        for (p, heap) in at.into_iter().enumerate() {
            given[p] = heap.len() as u64;
            for h in heap {
                assigned[h.seeker as usize].push(h.position as usize);
            }
        }
        for a in &mut assigned {
            a.sort_unstable();
        }
        Allocation {
            assigned,
            wanted,
            given,
        }
    }

    /// Any float a score can hold, ties and signed zeros likely.
    fn score() -> impl Strategy<Value = f32> {
        prop_oneof![
            (0u8..4).prop_map(|s| f32::from(s) / 3.0),
            Just(-0.0f32),
            Just(0.0f32),
            Just(f32::NAN),
            Just(-f32::NAN),
            Just(f32::INFINITY),
            Just(f32::NEG_INFINITY),
            any::<f32>(),
        ]
    }

    proptest! {
        /// The dense bar turns away exactly the claims the heaps would.
        #[test]
        fn the_bar_decides_as_the_heaps_do(
            k in 1usize..4,
            cap in proptest::collection::vec(0u64..4, 1..6),
            lists in proptest::collection::vec(
                proptest::collection::vec((0usize..6, score()), 0..8), 1..30),
            prio in proptest::collection::vec(any::<bool>(), 30 * 6),
        ) {
            let np = cap.len();
            let ranked: Vec<Vec<(usize, f32)>> = lists
                .into_iter()
                .map(|l| l.into_iter().map(|(p, s)| (p % np, s)).collect())
                .collect();
            let priority = |s: usize, p: usize| prio[s * 6 + p];
            let fast = allocate(k, &ranked, &cap, &priority);
            let slow = allocate_reference(k, &ranked, &cap, &priority);
            prop_assert_eq!(fast, slow);
        }

        /// The key orders claims as `Held` does, seeker ids aside.
        #[test]
        fn claim_keys_order_as_claims(a in score(), b in score(), pa: bool, pb: bool) {
            let held = |priority, score| Held { priority, score, seeker: 0, position: 0 };
            // `Less` is the better claim; a larger key is the better claim.
            prop_assert_eq!(
                held(pa, a).cmp(&held(pb, b)),
                claim_key(pb, b).cmp(&claim_key(pa, a))
            );
            prop_assert!(claim_key(pa, a) > 0 && claim_key(pa, a) < u64::MAX);
        }
    }

    fn ordered(x: f32) -> u32 {
        // total order on non-negative floats
        x.to_bits()
    }

    #[test]
    fn priority_group_served_first() {
        // Posting 0 has one place; seeker 1 fits better, seeker 0 is in its group.
        let ranked = vec![vec![(0, 0.3), (1, 0.2)], vec![(0, 0.9), (1, 0.1)]];
        let a = allocate(1, &ranked, &[1, 10], &|s, p| s == 0 && p == 0);
        assert_eq!(a.assigned, vec![vec![0], vec![1]]);
        let a = allocate(1, &ranked, &[1, 10], &|_, _| false);
        assert_eq!(a.assigned, vec![vec![1], vec![0]]);
    }

    #[test]
    fn ties_go_to_the_lower_seeker_id() {
        let ranked = vec![vec![(0, 0.5)], vec![(0, 0.5)], vec![(0, 0.5)]];
        let a = allocate(1, &ranked, &[2], &|_, _| false);
        assert_eq!(a.assigned, vec![vec![0], vec![0], vec![]]);
        assert_eq!(a.wanted, vec![3]);
    }

    #[test]
    fn evicted_seeker_moves_on() {
        // Seeker 0 proposes first and is later displaced by seeker 1.
        let ranked = vec![vec![(0, 0.5), (1, 0.4)], vec![(0, 0.6)]];
        let a = allocate(1, &ranked, &[1, 1], &|_, _| false);
        assert_eq!(a.assigned, vec![vec![1], vec![0]]);
    }
}
