//! Relevance judgments: which pairs are judged, and bounded reservoirs for the
//! posting → seeker direction.
//!
//! Seeker → posting: every seeker is judged against a pool of postings drawn from an index
//! grouped by occupation, classification group and city, plus random postings.
//! Posting → seeker: every judged pair is offered to the posting's two reservoirs ("near":
//! the seeker's true occupation is in the posting's classification middle group; "far": all
//! others), each keeping the pairs with the smallest pseudo-random keys. The kept set does
//! not depend on the order of offers, and memory is bounded by `postings × capacity`.

use std::collections::{BTreeMap, BinaryHeap};

use crate::latent::{LatentPosting, LatentSeeker, OccKey};
use crate::places::km;
use crate::rng::{Rand, below, pick};

/// Postings grouped for drawing judgment pools.
#[derive(Debug)]
pub(crate) struct PostingIndex {
    by_occ: Vec<Vec<u32>>,
    by_minor: BTreeMap<String, Vec<u32>>,
    by_middle: BTreeMap<String, Vec<u32>>,
    by_city: BTreeMap<String, Vec<u32>>,
    n: usize,
}

impl PostingIndex {
    pub(crate) fn build(
        postings: &[LatentPosting],
        keys: &[OccKey],
        city_of: impl Fn(u32) -> String,
    ) -> PostingIndex {
        let mut by_occ = vec![Vec::new(); keys.len()];
        let mut by_minor: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        let mut by_middle: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        let mut by_city: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for (i, p) in postings.iter().enumerate() {
            let i = i as u32;
            let k = &keys[p.occ as usize];
            by_occ[p.occ as usize].push(i);
            by_minor.entry(k.minor.clone()).or_default().push(i);
            by_middle.entry(k.middle.clone()).or_default().push(i);
            by_city.entry(city_of(p.spot)).or_default().push(i);
        }
        PostingIndex {
            by_occ,
            by_minor,
            by_middle,
            by_city,
            n: postings.len(),
        }
    }

    /// A judgment pool of at most `n` distinct postings for the seeker, sorted by index.
    /// Occupation-based parts prefer postings near where the person wants to work.
    pub(crate) fn pool(
        &self,
        s: &LatentSeeker,
        postings: &[LatentPosting],
        keys: &[OccKey],
        n: usize,
        rng: &mut Rand,
    ) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::with_capacity(n);
        if self.n == 0 || n == 0 {
            return out;
        }
        let n = n.min(self.n);
        let empty = Vec::new();
        let k = &keys[s.occ as usize];
        // Draws up to `want` new postings from `list`: `want * spread` random picks, of
        // which the nearest are kept (spread 1 = purely random).
        let take =
            |list: &Vec<u32>, want: usize, spread: usize, out: &mut Vec<u32>, rng: &mut Rand| {
                let mut picks: Vec<(u64, u32)> = Vec::new();
                let mut tries = 0;
                while picks.len() < want * spread && tries < want * spread * 3 {
                    tries += 1;
                    if let Some(&p) = pick(rng, list)
                        && !out.contains(&p)
                        && !picks.iter().any(|x| x.1 == p)
                    {
                        let d = km(s.base_point, postings[p as usize].point);
                        picks.push(((d * 1000.0) as u64, p));
                    }
                }
                if spread > 1 {
                    picks.sort_unstable();
                }
                for (_, p) in picks.into_iter().take(want) {
                    if out.len() < n {
                        out.push(p);
                    }
                }
            };
        let share = |f: f64| ((n as f64) * f).round() as usize;
        take(&self.by_occ[s.occ as usize], share(0.3), 4, &mut out, rng);
        if let Some(a) = s.alt {
            take(&self.by_occ[a as usize], share(0.1), 3, &mut out, rng);
        }
        take(
            self.by_minor.get(&k.minor).unwrap_or(&empty),
            share(0.1),
            3,
            &mut out,
            rng,
        );
        take(
            self.by_middle.get(&k.middle).unwrap_or(&empty),
            share(0.1),
            2,
            &mut out,
            rng,
        );
        take(
            self.by_city.get(&s.base_city).unwrap_or(&empty),
            share(0.15),
            1,
            &mut out,
            rng,
        );
        let mut tries = 0;
        while out.len() < n && tries < n * 4 {
            tries += 1;
            let p = below(rng, self.n) as u32;
            if !out.contains(&p) {
                out.push(p);
            }
        }
        // Small indices: fill up in order from a random start.
        let start = below(rng, self.n);
        let mut j = 0;
        while out.len() < n && j < self.n {
            let p = ((start + j) % self.n) as u32;
            if !out.contains(&p) {
                out.push(p);
            }
            j += 1;
        }
        out.sort_unstable();
        out
    }
}

/// One kept judgment: `(key, seeker, grade)`; the heap keeps the largest key on top.
type Entry = (u64, u32, u8);

/// Bounded per-posting reservoirs of judged seekers.
#[derive(Debug)]
pub(crate) struct Reservoirs {
    near_cap: usize,
    far_cap: usize,
    near: Vec<BinaryHeap<Entry>>,
    far: Vec<BinaryHeap<Entry>>,
    pub full: Vec<bool>,
}

impl Reservoirs {
    pub(crate) fn new(postings: usize, capacity: usize) -> Reservoirs {
        let near_cap = (capacity * 3).div_ceil(5);
        Reservoirs {
            near_cap,
            far_cap: capacity - near_cap,
            near: (0..postings).map(|_| BinaryHeap::new()).collect(),
            far: (0..postings).map(|_| BinaryHeap::new()).collect(),
            full: vec![false; postings],
        }
    }

    /// Offers a judged pair; keeps it if its key is among the smallest seen.
    pub(crate) fn offer(&mut self, posting: u32, near: bool, key: u64, seeker: u32, grade: u8) {
        let p = posting as usize;
        let (heap, cap) = if near {
            (&mut self.near[p], self.near_cap)
        } else {
            (&mut self.far[p], self.far_cap)
        };
        if cap == 0 {
            return;
        }
        if heap.len() < cap {
            heap.push((key, seeker, grade));
        } else if heap
            .peek()
            .is_some_and(|top| (key, seeker) < (top.0, top.1))
        {
            heap.pop();
            heap.push((key, seeker, grade));
            self.full[p] = true;
        }
    }

    /// The kept `(seeker, grade)` pairs of a posting, sorted by seeker.
    pub(crate) fn kept(&self, posting: usize) -> Vec<(u32, u8)> {
        let mut v: Vec<(u32, u8)> = self.near[posting]
            .iter()
            .chain(self.far[posting].iter())
            .map(|e| (e.1, e.2))
            .collect();
        v.sort_unstable();
        v
    }
}
