//! Seeded, streaming generator of realistic sample datasets for jobmatch: job postings and
//! job seekers in Jilin province (with a share elsewhere in China and a share in English),
//! a training catalogue, and graded relevance judgments in both directions.
//!
//! Records follow the data contract (`shared/spec/data-format.md`): real division codes and
//! coordinates, real occupation codes of China's 2022 classification and of ESCO, and
//! hand-written employer titles, skills, salaries and descriptions. Each record is the noisy,
//! partial view of a hidden true state (module `latent`); the qrels grades come from that
//! hidden state only, never from the observed fields, so they can measure a matcher.
//!
//! The same configuration and seed give byte-identical files. Memory is bounded by the
//! number of postings (seekers are streamed).
//!
//! ```
//! use jobmatch_datagen::{GenConfig, generate};
//!
//! let dir = tempfile::tempdir()?;
//! let stats = generate(&GenConfig::new(50, 80, 42), dir.path())?;
//! assert_eq!(stats.postings, 50);
//! assert_eq!(stats.seekers, 80);
//! assert!(dir.path().join("qrels-postings.txt").exists());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

mod config;
mod error;
mod judge;
mod latent;
mod model;
mod places;
mod posting;
mod rng;
mod seeker;
mod stats;
mod text;
mod trainings;
mod vocab;
mod write;

use std::fmt::Write as _;
use std::path::Path;

pub use config::{GenConfig, GenStats};
pub use error::GenError;

use judge::{PostingIndex, Reservoirs};
use latent::{OccKey, grade_for_posting, grade_for_seeker};
use places::Places;
use posting::PostingCtx;
use rng::{Stream, Weighted, key, record_rng};
use seeker::SeekerCtx;
use stats::Stats;
use vocab::Vocab;
use write::AtomicFile;

/// Names of the files [`generate`] writes, in the order it writes them.
pub const OUTPUT_FILES: [&str; 6] = [
    "trainings.jsonl",
    "postings.jsonl",
    "seekers.jsonl",
    "qrels-postings.txt",
    "qrels-seekers.txt",
    "stats.json",
];

/// The id of posting `index` (0-based): `P000001`, ...
pub fn posting_id(index: usize) -> String {
    format!("P{:06}", index + 1)
}

/// The id of seeker `index` (0-based): `S0000001`, ...
pub fn seeker_id(index: usize) -> String {
    format!("S{:07}", index + 1)
}

/// Generates a dataset into `out_dir` (created if missing):
/// `trainings.jsonl`, `postings.jsonl`, `seekers.jsonl`, `qrels-postings.txt` (query = seeker
/// id, doc = posting id), `qrels-seekers.txt` (query = posting id, doc = seeker id) and
/// `stats.json`. Every file is written to a temporary name and renamed into place when
/// complete, so readers never see a partial file.
///
/// # Errors
/// [`GenError::Config`] for sizes out of range, [`GenError::Io`] when the directory or a file
/// cannot be written.
pub fn generate(config: &GenConfig, out_dir: &Path) -> Result<GenStats, GenError> {
    config.validate()?;
    std::fs::create_dir_all(out_dir).map_err(|e| GenError::io(out_dir, e))?;
    let vocab = Vocab::load()?;
    let places = Places::build(&vocab);
    let keys: Vec<OccKey> = vocab.occs.iter().map(|o| OccKey::of(&o.code)).collect();
    let seed = config.seed;
    let mut stats = Stats::default();
    let mut out = GenStats::default();

    // Trainings.
    let occ_w = Weighted::new(vocab.occs.iter().map(|o| o.weight.sqrt()));
    let mut f = AtomicFile::create(out_dir, "trainings.jsonl")?;
    for i in 0..config.trainings {
        let mut rng = record_rng(seed, Stream::Training, i as u64);
        f.json(&trainings::draw(&vocab, &places, &occ_w, i, &mut rng))?;
        stats.training();
    }
    out.trainings = f.commit()?;

    // Postings: held in memory as their hidden truth, for judging.
    let pctx = PostingCtx::new(&vocab, &places, config.reference_date, config.postings);
    let mut latents = Vec::with_capacity(config.postings);
    let mut f = AtomicFile::create(out_dir, "postings.jsonl")?;
    for i in 0..config.postings {
        let mut rng = record_rng(seed, Stream::Posting, i as u64);
        let (latent, record) = posting::draw(&pctx, i, &mut rng);
        stats.posting(
            &vocab,
            &places,
            &record,
            latent.expired,
            latent.esco.is_some(),
        );
        f.json(&record)?;
        latents.push(latent);
    }
    out.postings = f.commit()?;

    // Seekers, streamed; each is judged against a pool of postings as it goes.
    let index = PostingIndex::build(&latents, &keys, |spot| {
        places.spots[spot as usize].city.clone()
    });
    let mut reservoirs = Reservoirs::new(config.postings, config.judged_per_posting);
    let sctx = SeekerCtx::new(&vocab, &places, &keys, config.reference_date);
    let mut fs = AtomicFile::create(out_dir, "seekers.jsonl")?;
    let mut fq = AtomicFile::create(out_dir, "qrels-postings.txt")?;
    let mut line = String::with_capacity(64);
    for i in 0..config.seekers {
        let mut rng = record_rng(seed, Stream::Seeker, i as u64);
        let (s, record) = seeker::draw(&sctx, i, &mut rng);
        stats.seeker(&vocab, &places, &record, s.esco.is_some());
        fs.json(&record)?;
        let mut jr = record_rng(seed, Stream::Judge, i as u64);
        let pool = index.pool(&s, &latents, &keys, config.judged_per_seeker, &mut jr);
        for p in pool {
            let lp = &latents[p as usize];
            let g = grade_for_seeker(&s, lp, &keys, &mut jr);
            stats.grade_posting(g);
            line.clear();
            let _ = write!(line, "S{:07} 0 P{:06} {g}", i + 1, p + 1);
            fq.line(&line)?;
            let g2 = grade_for_posting(&s, lp, &keys, &mut jr);
            let near = keys[s.occ as usize].middle == keys[lp.occ as usize].middle;
            let k = key(seed, Stream::Judge, u64::from(p), i as u64);
            reservoirs.offer(p, near, k, i as u32, g2);
        }
    }
    out.seekers = fs.commit()?;
    out.qrels_postings = fq.commit()?;

    // Posting → seeker judgments from the bounded reservoirs.
    let mut fr = AtomicFile::create(out_dir, "qrels-seekers.txt")?;
    for p in 0..config.postings {
        for (s, g) in reservoirs.kept(p) {
            stats.grade_seeker(g);
            line.clear();
            let _ = write!(line, "P{:06} 0 S{:07} {g}", p + 1, s + 1);
            fr.line(&line)?;
        }
    }
    out.qrels_seekers = fr.commit()?;
    out.full_reservoirs = reservoirs.full.iter().filter(|x| **x).count();

    let mut f = AtomicFile::create(out_dir, "stats.json")?;
    let text = serde_json::to_string_pretty(&stats.to_json()).map_err(|source| GenError::Json {
        file: "stats.json".into(),
        source,
    })?;
    f.line(&text)?;
    f.commit()?;
    Ok(out)
}
