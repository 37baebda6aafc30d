//! The push's capacity allocation (`jobmatch::push::allocate`, seeker-proposing
//! deferred acceptance) on a synthetic instance shaped like the nightly push
//! of the scale run: every seeker's list is a scored pool of 250 postings,
//! postings drawn with a skewed popularity (a few are in many lists), 20
//! places an opening and 1-30 openings a posting, so that most postings are
//! oversubscribed and many seekers walk far down their lists.
//!
//! 100,000 seekers and 10,000 postings by default; `JOBMATCH_BENCH_SCALE=full`
//! gives 1,000,000 and 100,000 (the million-seekers push's size; about 2 GB of
//! lists). Criterion's throughput line is seekers/s.
//!
//! `cargo bench --bench allocation`

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use jobmatch::push::allocate;

const LIST: usize = 250;

/// A small, fixed pseudo-random generator (splitmix64): the instance is the
/// same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

struct Instance {
    ranked: Vec<Vec<(u32, f32)>>,
    capacity: Vec<u64>,
    targets: Vec<bool>,
}

fn instance(seekers: usize, postings: usize) -> Instance {
    let mut rng = Rng(7);
    let capacity: Vec<u64> = (0..postings).map(|_| 20 * (1 + rng.next() % 30)).collect();
    let targets: Vec<bool> = (0..postings)
        .map(|_| rng.next().is_multiple_of(10))
        .collect();
    let ranked = (0..seekers)
        .map(|_| {
            // Skewed popularity: a posting's chance falls with its number.
            let mut list: Vec<(u32, f32)> = Vec::with_capacity(LIST);
            let mut seen = std::collections::HashSet::with_capacity(LIST);
            while list.len() < LIST.min(postings) {
                let p = (rng.unit().powi(3) * postings as f64) as u32;
                if seen.insert(p) {
                    list.push((p, rng.unit() as f32));
                }
            }
            list.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            list
        })
        .collect();
    Instance {
        ranked,
        capacity,
        targets,
    }
}

fn bench(c: &mut Criterion) {
    let full = std::env::var("JOBMATCH_BENCH_SCALE").is_ok_and(|s| s == "full");
    let (seekers, postings) = if full {
        (1_000_000, 100_000)
    } else {
        (100_000, 10_000)
    };
    let data = instance(seekers, postings);
    let priority = |s: usize, p: usize| data.targets[p] && s.is_multiple_of(7);
    let mut group = c.benchmark_group("allocation");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(if full { 60 } else { 10 }));
    group.throughput(Throughput::Elements(seekers as u64));
    group.bench_function(
        BenchmarkId::new("deferred_acceptance", format!("{seekers}x{postings}/k20")),
        |b| b.iter(|| allocate(20, black_box(&data.ranked), &data.capacity, &priority)),
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
