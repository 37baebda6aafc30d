//! Deterministic per-record random streams and sampling helpers.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The generator's random number generator.
pub(crate) type Rand = ChaCha8Rng;

/// Independent streams, so that adding draws to one kind of record never shifts another.
#[derive(Debug, Clone, Copy)]
#[repr(u64)]
pub(crate) enum Stream {
    Posting = 1,
    Seeker = 2,
    Judge = 3,
    Training = 4,
}

/// SplitMix64 finaliser: a good 64-bit mixer.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A 64-bit key derived from the master seed, a stream and up to two indices.
pub(crate) fn key(seed: u64, stream: Stream, a: u64, b: u64) -> u64 {
    mix(mix(mix(seed ^ ((stream as u64) << 56)) ^ a) ^ b.rotate_left(32))
}

/// The random stream of one record.
pub(crate) fn record_rng(seed: u64, stream: Stream, index: u64) -> Rand {
    Rand::seed_from_u64(key(seed, stream, index, 0))
}

/// True with probability `p`.
pub(crate) fn chance(rng: &mut Rand, p: f64) -> bool {
    rng.random::<f64>() < p
}

/// Uniform float in `[lo, hi)`.
pub(crate) fn uniform(rng: &mut Rand, lo: f64, hi: f64) -> f64 {
    lo + (hi - lo) * rng.random::<f64>()
}

/// Approximately standard normal (sum of uniforms; cheap and bounded).
pub(crate) fn normal(rng: &mut Rand) -> f64 {
    let s: f64 = (0..6).map(|_| rng.random::<f64>()).sum();
    (s - 3.0) * std::f64::consts::SQRT_2
}

/// Uniform index below `n` (`n > 0`).
pub(crate) fn below(rng: &mut Rand, n: usize) -> usize {
    if n <= 1 { 0 } else { rng.random_range(0..n) }
}

/// Picks an element uniformly; `None` for an empty slice.
pub(crate) fn pick<'a, T>(rng: &mut Rand, xs: &'a [T]) -> Option<&'a T> {
    if xs.is_empty() {
        None
    } else {
        xs.get(below(rng, xs.len()))
    }
}

/// A table for weighted sampling by binary search over cumulative weights.
#[derive(Debug, Clone)]
pub(crate) struct Weighted {
    cum: Vec<f64>,
}

impl Weighted {
    pub(crate) fn new(weights: impl IntoIterator<Item = f64>) -> Weighted {
        let mut total = 0.0;
        let cum = weights
            .into_iter()
            .map(|w| {
                total += w.max(0.0);
                total
            })
            .collect();
        Weighted { cum }
    }

    /// Index drawn with probability proportional to its weight (0 if all weights are 0).
    pub(crate) fn sample(&self, rng: &mut Rand) -> usize {
        let total = self.cum.last().copied().unwrap_or(0.0);
        if total <= 0.0 {
            return 0;
        }
        let x = rng.random::<f64>() * total;
        self.cum
            .partition_point(|&c| c <= x)
            .min(self.cum.len() - 1)
    }
}

/// Chooses `k` distinct indices below `n` (in random order).
pub(crate) fn choose_k(rng: &mut Rand, n: usize, k: usize) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    let k = k.min(n);
    for i in 0..k {
        let j = i + below(rng, n - i);
        idx.swap(i, j);
    }
    idx.truncate(k);
    idx
}

/// Rounds to `d` decimals (for stable, short float output).
pub(crate) fn round_to(x: f64, d: i32) -> f64 {
    let m = 10f64.powi(d);
    (x * m).round() / m
}
