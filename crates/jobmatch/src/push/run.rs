//! Running a push: ranking with checkpoints, allocation, output, history.

use std::collections::HashSet;
use std::fs;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::allocate::allocate;
use super::dataset::index_fingerprint;
use super::fsio::{self, write_atomic};
use super::history::{self, RecentPushes, RunRecord};
use super::output::{
    Counts, PostingRow, PushItem, SeekerPushes, Spread, Summary, Timing, render_postings,
};
use super::{PushSettings, WorkDir};
use crate::engine::{Engine, MatchOptions, Snapshot};
use crate::error::{Error, Result};
use crate::privacy::{mask_owned, mask_text};
use crate::profile::{PostingProfile, SeekerProfile};
use crate::score::Explanation;

/// How many candidate pools deep the push ranks, at most, for a seeker turned
/// away by capacity. Measured on 30,000 seekers × 100,000 postings: 1 pool
/// (250): 28,781 seekers served; 2: 28,863; unbounded: 30,000, but on
/// 100,000 seekers the push took 98 s instead of 57 s with a peak of 5.0 GB
/// instead of 1.9, a cost that grows with the shortage of places.
const DEEPEST_POOLS: usize = 1;

/// How deep each seeker's candidate list is kept from the first ranking, in
/// multiples of `k + margin` (`None`: the whole scored candidate pool, as deep
/// as the deepest list). The postings below the top come from the pool the
/// query scored anyway, so that a seeker turned away by capacity needs no
/// second query. Measured: on 100,000 seekers × 100,000 postings, 40,383
/// seekers were turned away from a 30-deep list; 12,247 still ran past a
/// 120-deep one (4 ×) and were ranked again (push 50.7 / 50.0 s, peak 1,468 /
/// 1,472 MB), none past the whole pool (46.6 / 45.6 s, 1,539 / 1,550 MB,
/// the same bytes). On a million seekers 713,414 ran past 120 and their
/// second queries took 4 minutes. The whole pool is 2 KB a seeker (250 × 8
/// bytes).
const FIRST_LIST_FACTOR: Option<usize> = None;

/// Seekers whose output lines are rendered together (in parallel) before
/// they are written.
const RENDER_BLOCK: usize = 2048;

/// Room reserved for one seeker's output line (about 11 KB with 20 pushes
/// and their explanations), so that it is not copied as it grows.
const LINE_CAPACITY: usize = 16 << 10;

/// Masks contact details and ID numbers in an explanation's text (skill
/// names, notes); see [`crate::privacy::mask_text`].
fn mask_explanation(mut e: Explanation) -> Explanation {
    for (name, _) in &mut e.matched_skills {
        if let std::borrow::Cow::Owned(m) = mask_text(name) {
            *name = m;
        }
    }
    for name in &mut e.missing_skills {
        if let std::borrow::Cow::Owned(m) = mask_text(name) {
            *name = m;
        }
    }
    for note in &mut e.notes {
        if let std::borrow::Cow::Owned(m) = mask_text(note) {
            *note = m;
        }
    }
    e
}

/// Hooks for showing a run's progress (a progress bar, log lines).
pub trait Progress: Sync {
    /// Ranking starts: `seekers` in `chunks`, of which `resumed` seekers are
    /// already ranked in checkpoints.
    fn ranking(&self, seekers: u64, chunks: u64, resumed: u64) {
        let _ = (seekers, chunks, resumed);
    }
    /// A chunk of `seekers` was ranked and checkpointed.
    fn ranked(&self, seekers: u64) {
        let _ = seekers;
    }
    /// Ranking is done; allocation and output start.
    fn allocating(&self) {}
}

/// A [`Progress`] that shows nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {}

/// How a call to [`run`] ended.
#[derive(Debug, Clone, PartialEq)]
pub enum PushOutcome {
    /// The run was done now (possibly finishing an interrupted attempt).
    Completed(Box<Summary>),
    /// The history already holds this date and shard: nothing was done.
    AlreadyDone {
        /// Pushes recorded for the run.
        pushes: usize,
        /// The run's `summary.json` in the output directory, if it is there.
        summary: Option<Box<Summary>>,
    },
}

/// The recorded run for these settings' date and shard, if it is finished.
/// Reads the history only (never opens the index), so a caller can skip all
/// other work for a finished run.
pub fn status(work: &WorkDir, settings: &PushSettings) -> Result<Option<RunRecord>> {
    history::finished_run(&work.history_dir(), settings.date, settings.shard)
}

/// One seeker's ranked candidates, as checkpointed: postings by their
/// position among the run's live postings (id order), best first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct RankedSeeker {
    seeker: String,
    candidates: Vec<(u32, f32)>,
    skipped: u32,
}

/// A push decided by the allocation: its position in the seeker's list and
/// what its notes will say.
#[derive(Debug, Clone, Copy)]
struct Planned {
    position: u32,
    /// Served first as one of the posting's target groups (it was
    /// oversubscribed).
    served_first: bool,
    /// Pushed instead of the candidate at this list position, whose places
    /// went first to seekers in its target groups (`true`) or to better-fitting
    /// seekers.
    instead_of: Option<(u32, bool)>,
}

impl Planned {
    /// The live posting and the score this push names in the seeker's list.
    fn entry(&self, list: &[(u32, f32)]) -> (usize, f32) {
        let (p, score) = list[self.position as usize];
        (p as usize, score)
    }
}

/// One seeker's part of the run's [`Counts`], from planning her pushes.
#[derive(Debug, Default)]
struct PlanCounts {
    priority_pushes: u64,
    redirected: u64,
    dropped: u64,
    skipped: u64,
    pushes: u64,
    /// 1 when she got at least one push.
    served: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Chunk {
    index: u64,
    seekers: Vec<RankedSeeker>,
}

/// What the checkpoints of a run depend on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct RunState {
    format: u32,
    settings: String,
    index: String,
    recent: String,
    seekers: String,
    chunk_size: usize,
}

const STATE: &str = "run.json";

fn chunk_path(run_dir: &Path, c: usize) -> std::path::PathBuf {
    run_dir.join(format!("chunk-{c:06}.bin"))
}

fn load_chunk(run_dir: &Path, c: usize, ids: &[String]) -> Option<Vec<RankedSeeker>> {
    let bytes = fs::read(chunk_path(run_dir, c)).ok()?;
    let (payload, _) = fsio::unframe(&bytes)?;
    let chunk: Chunk = fsio::decode(payload)?;
    let same = chunk.index == c as u64
        && chunk.seekers.len() == ids.len()
        && chunk.seekers.iter().zip(ids).all(|(r, id)| &r.seeker == id);
    same.then_some(chunk.seekers)
}

/// What ranking needs besides the snapshot: the recent pushes, the settings,
/// for seekers who opted out of personalisation the one shared list, and the
/// live postings' positions.
struct Ranking<'a> {
    recent: &'a RecentPushes,
    /// Per posting of [`RecentPushes::postings`], its position in the
    /// snapshot (`u32::MAX`: not in it), so that a candidate is checked by
    /// number, not by comparing id strings.
    recent_positions: &'a [u32],
    settings: &'a PushSettings,
    opted_out: &'a HashSet<&'a str>,
    /// `(position in the snapshot, score)`, best first.
    non_personalised: &'a [(usize, f32)],
    /// Per posting of the snapshot, its position among the live postings
    /// (`u32::MAX`: not live on the run's date).
    live_of: &'a [u32],
}

impl Ranking<'_> {
    fn live(&self, position: usize) -> Option<u32> {
        self.live_of
            .get(position)
            .copied()
            .filter(|&p| p != u32::MAX)
    }
}

/// A seeker's best `depth` eligible postings not pushed to her recently, then
/// up to `reserve` more from the same scored pool, to fall back on. The first
/// `depth` are those a ranking of `depth` alone would give; `skipped` counts
/// the recent pushes among the postings that ranking looked at.
fn rank_one(
    snapshot: &Snapshot,
    id: &str,
    depth: usize,
    reserve: usize,
    r: &Ranking<'_>,
) -> Result<RankedSeeker> {
    let (recent, settings) = (r.recent, r.settings);
    let recent_ids = recent.of(id);
    let profiles = snapshot.posting_profiles();
    let mut recent_positions: Vec<u32> = recent_ids
        .indexes()
        .iter()
        .filter_map(|&i| r.recent_positions.get(i as usize).copied())
        .filter(|&p| p != u32::MAX)
        .collect();
    recent_positions.sort_unstable();
    let is_recent = |position: usize| {
        u32::try_from(position).is_ok_and(|p| recent_positions.binary_search(&p).is_ok())
    };
    let room = depth + reserve;
    let mut skipped = 0;
    let mut candidates = Vec::with_capacity(room);
    if r.opted_out.contains(id) {
        // No profile: the shared non-personalised list, less recent pushes.
        for &(position, score) in r.non_personalised {
            if candidates.len() >= room {
                break;
            }
            let Some(live) = r.live(position) else {
                continue;
            };
            if is_recent(position) {
                if candidates.len() < depth {
                    skipped += 1;
                }
            } else {
                candidates.push((live, score));
            }
        }
        return Ok(RankedSeeker {
            seeker: id.to_string(),
            candidates,
            skipped,
        });
    }
    let options = MatchOptions {
        k: depth + recent_ids.len() + crate::policy::rerank_margin(&settings.policy),
        as_of: settings.date,
        pool_size: settings.pool_size,
        explain: false,
    };
    let mut ranked = snapshot.rank_posting_positions(id, &options, options.k + reserve)?;
    // The entries a ranking of k alone would have given.
    let mut head = options.k.min(ranked.len());
    if !settings.policy.is_empty()
        && let Some(s) = snapshot.seeker(id)
    {
        // Policy hook: reservations and bounded boosts on the top k (as a
        // ranking of k alone); what the policy does not allow also leaves the
        // reserve below them.
        let tail = ranked.split_off(options.k.min(ranked.len()));
        let mut matches: Vec<crate::Match> = ranked
            .iter()
            .filter_map(|&(score, i)| {
                Some(crate::Match {
                    id: profiles.get(i)?.id.clone(),
                    score,
                    title: None,
                    place: None,
                    explanation: None,
                })
            })
            .collect();
        settings
            .policy
            .rerank(&s, |p| snapshot.posting(p), &mut matches);
        head = matches.len();
        ranked = matches
            .iter()
            .filter_map(|m| Some((m.score, snapshot.posting_position(&m.id)?)))
            .chain(tail.into_iter().filter(|&(_, i)| {
                profiles
                    .get(i)
                    .is_some_and(|p| settings.policy.allows(&s, p))
            }))
            .collect();
    }
    for (n, &(score, position)) in ranked.iter().enumerate() {
        let Some(live) = r.live(position) else {
            continue;
        };
        if is_recent(position) {
            if n < head {
                skipped += 1;
            }
        } else if candidates.len() < room {
            candidates.push((live, score));
        }
    }
    Ok(RankedSeeker {
        seeker: id.to_string(),
        candidates,
        skipped,
    })
}

/// The depth of a seeker's first candidate list, and the reserve below it.
fn first_list(settings: &PushSettings, max_depth: usize, factor: Option<usize>) -> (usize, usize) {
    let depth = settings.k + settings.margin;
    let room = factor
        .map_or(max_depth, |f| depth.saturating_mul(f))
        .min(max_depth)
        .max(depth);
    (depth, room - depth)
}

fn rank_chunk(
    snapshot: &Snapshot,
    ids: &[String],
    (depth, reserve): (usize, usize),
    r: &Ranking<'_>,
) -> Result<Vec<RankedSeeker>> {
    // One seeker a task: with rayon's default pieces of several seekers, one
    // thread was left finishing a piece at the end of every chunk while the
    // other waited (3% of the ranking's wall time).
    ids.par_iter()
        .with_max_len(1)
        .map(|id| rank_one(snapshot, id, depth, reserve, r))
        .collect()
}

/// Removes the checkpoints of a run, if any are left (a run killed after its
/// commit point but before cleaning up). Returns whether there were some.
pub fn discard_checkpoints(work: &WorkDir, settings: &PushSettings) -> Result<bool> {
    let dir = work.run_dir(settings.date, settings.shard);
    if !dir.exists() {
        return Ok(false);
    }
    fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    Ok(true)
}

fn hex(v: u64) -> String {
    format!("{v:016x}")
}

/// Opens the run directory for `state`: keeps its checkpoints when they were
/// made for the same state, starts afresh otherwise.
fn open_run_dir(run_dir: &Path, state: &RunState) -> Result<()> {
    let old: Option<RunState> =
        fsio::read_optional(&run_dir.join(STATE))?.and_then(|b| serde_json::from_slice(&b).ok());
    if old.as_ref() == Some(state) {
        return Ok(());
    }
    if run_dir.exists() {
        tracing::warn!(dir = %run_dir.display(), "discarding checkpoints of an attempt with other settings, index or history");
        fs::remove_dir_all(run_dir).map_err(|e| Error::io(run_dir, e))?;
    }
    fs::create_dir_all(run_dir).map_err(|e| Error::io(run_dir, e))?;
    let json = serde_json::to_vec_pretty(state).map_err(|e| Error::config(e.to_string()))?;
    write_atomic(&run_dir.join(STATE), &json)
}

/// Runs (or finishes, or recognises as finished) the push for
/// `settings.date` and `settings.shard`: see the [module docs](super).
/// Outputs go to `out_dir`; the history and checkpoints live in `work`.
///
/// # Errors
/// [`Error::InvalidConfig`] for invalid settings, or when the run is already
/// recorded with other settings; [`Error::NotFound`] for a listed seeker who
/// is not indexed; [`Error::Io`] when a file cannot be read or written.
pub fn run(
    engine: &Engine,
    work: &WorkDir,
    out_dir: &Path,
    settings: &PushSettings,
    progress: &dyn Progress,
) -> Result<PushOutcome> {
    run_with_lists(engine, work, out_dir, settings, progress, FIRST_LIST_FACTOR)
}

/// [`run`], the first candidate lists `list_depth_factor` × (k + margin) deep
/// (`None`: the whole pool; `Some(1)`: no reserve, every seeker turned away is
/// ranked again, as the push did before; a test compares).
fn run_with_lists(
    engine: &Engine,
    work: &WorkDir,
    out_dir: &Path,
    settings: &PushSettings,
    progress: &dyn Progress,
    list_depth_factor: Option<usize>,
) -> Result<PushOutcome> {
    settings.validate()?;
    let started = Instant::now();
    // One process per shard layout and work directory at a time.
    let _lock = fsio::try_lock(
        &work
            .root
            .join(format!("push-{}.lock", settings.shard.label())),
        &work.root,
    )?;
    let fingerprint = settings.fingerprint(engine.weights());
    if let Some(done) = status(work, settings)? {
        if done.settings != fingerprint {
            return Err(Error::config(format!(
                "the push of {} ({}) is already recorded with other settings (k, margin, window, cap, seekers, pool size, weights, opt-outs or pseudonymisation key); nothing was changed",
                settings.date,
                settings.shard.label()
            )));
        }
        discard_checkpoints(work, settings)?;
        return Ok(PushOutcome::AlreadyDone {
            pushes: done.push_count(),
            summary: Summary::read(&out_dir.join("summary.json"))
                .ok()
                .flatten()
                .map(Box::new),
        });
    }
    let index_fp = match engine.dir() {
        Some(d) => index_fingerprint(d)?,
        None => 0,
    };
    let snapshot = engine.snapshot()?;

    // The seekers of this run, sorted.
    let mut ids: Vec<String> = match &settings.seekers {
        None => snapshot.seeker_ids().map(str::to_string).collect(),
        Some(list) => {
            let mut ids = list.clone();
            ids.sort_unstable();
            ids.dedup();
            if let Some(missing) = ids.iter().find(|id| !snapshot.has_seeker(id)) {
                return Err(Error::NotFound {
                    kind: "seeker",
                    id: missing.clone(),
                });
            }
            ids
        }
    };
    ids.retain(|id| settings.shard.contains(id));

    let recent = RecentPushes::read(&work.history_dir(), settings.date, settings.window_days)?;
    let recent_positions: Vec<u32> = recent
        .postings()
        .map(|id| {
            snapshot
                .posting_position(id)
                .and_then(|p| u32::try_from(p).ok())
                .unwrap_or(u32::MAX)
        })
        .collect();
    let mut seekers_hash = fsio::Fnv::default();
    for id in &ids {
        seekers_hash.field(id.as_bytes());
    }
    let state = RunState {
        // 2: candidates by live position, with a reserve (1: by posting id).
        format: 2,
        settings: hex(fingerprint),
        index: hex(index_fp),
        recent: hex(recent.fingerprint()),
        seekers: hex(seekers_hash.finish()),
        chunk_size: settings.chunk_size,
    };
    let run_dir = work.run_dir(settings.date, settings.shard);
    open_run_dir(&run_dir, &state)?;

    // Seekers who opted out of personalisation, and the list they share.
    let opted_out: HashSet<&str> = settings
        .non_personalised
        .iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let non_personalised: Vec<(usize, f32)> = if opted_out.is_empty() {
        Vec::new()
    } else {
        let all = MatchOptions {
            k: usize::MAX,
            as_of: settings.date,
            pool_size: None,
            explain: false,
        };
        snapshot
            .recommend_non_personalised(&all)
            .into_iter()
            .filter_map(|m| Some((snapshot.posting_position(&m.id)?, m.score)))
            .collect()
    };
    // The postings live on the run's date, numbered in id order: what the
    // candidate lists name.
    let live: Vec<&PostingProfile> = snapshot
        .posting_profiles()
        .iter()
        .map(|p| &**p)
        .filter(|p| p.is_live_on(settings.date))
        .collect();
    let mut live_of = vec![u32::MAX; snapshot.posting_profiles().len()];
    // And back: each live posting's position in the snapshot.
    let mut live_positions: Vec<usize> = Vec::with_capacity(live.len());
    for (position, p) in snapshot.posting_profiles().iter().enumerate() {
        if p.is_live_on(settings.date) {
            live_of[position] = live_positions.len() as u32;
            live_positions.push(position);
        }
    }
    let ranking = Ranking {
        recent: &recent,
        recent_positions: &recent_positions,
        settings,
        opted_out: &opted_out,
        non_personalised: &non_personalised,
        live_of: &live_of,
    };
    // How deep a seeker's list may go: the first ranking keeps `first_list`
    // of it, a seeker turned away past that is ranked again this deep.
    let max_depth = settings
        .pool_size
        .unwrap_or_else(|| snapshot.posting_pool_size())
        .saturating_mul(DEEPEST_POOLS)
        .max(settings.k + settings.margin);
    let first = first_list(settings, max_depth, list_depth_factor);

    // Phase 1: rank, chunk by chunk, with checkpoints.
    let chunks: Vec<&[String]> = ids.chunks(settings.chunk_size).collect();
    let mut ranked: Vec<Option<Vec<RankedSeeker>>> = chunks
        .iter()
        .enumerate()
        .map(|(c, ids)| load_chunk(&run_dir, c, ids))
        .collect();
    let resumed_chunks = ranked.iter().filter(|r| r.is_some()).count() as u64;
    let resumed_seekers: u64 = ranked.iter().flatten().map(|r| r.len() as u64).sum();
    if resumed_chunks > 0 {
        tracing::info!(
            chunks = resumed_chunks,
            seekers = resumed_seekers,
            "resuming from checkpoints"
        );
    }
    progress.ranking(ids.len() as u64, chunks.len() as u64, resumed_seekers);
    // A chunk's checkpoint is encoded while the next chunk is ranked (in the
    // same pool: the ranking's threads used to wait for it, 4.5% of the
    // ranking's time), and written on a thread of its own.
    let mut checkpoints = fsio::BackgroundWriter::start()?;
    let encode = |chunk: &Chunk| -> Result<(std::path::PathBuf, Vec<u8>)> {
        let path = chunk_path(&run_dir, chunk.index as usize);
        let bytes = fsio::frame(&fsio::encode(chunk, &path)?);
        Ok((path, bytes))
    };
    // (Tests stop a run in the pause after a chunk: its checkpoint must be on
    // disk then, so with a pause nothing is left for later.)
    let pipelined = settings.chunk_delay.is_zero();
    let mut previous: Option<Chunk> = None;
    for c in 0..ranked.len() {
        if ranked[c].is_some() {
            continue;
        }
        let (seekers, encoded) = rayon::join(
            || rank_chunk(&snapshot, chunks[c], first, &ranking),
            || previous.as_ref().map(encode),
        );
        // The chunk before is checkpointed even when this one failed.
        if let (Some(chunk), Some(encoded)) = (previous.take(), encoded) {
            let (path, bytes) = encoded?;
            checkpoints.submit(path, bytes)?;
            ranked[chunk.index as usize] = Some(chunk.seekers);
        }
        let chunk = Chunk {
            index: c as u64,
            seekers: seekers?,
        };
        tracing::debug!(chunk = c, seekers = chunk.seekers.len(), "ranked");
        progress.ranked(chunk.seekers.len() as u64);
        if pipelined {
            previous = Some(chunk);
        } else {
            let (path, bytes) = encode(&chunk)?;
            checkpoints.submit(path, bytes)?;
            ranked[c] = Some(chunk.seekers);
            checkpoints.finish()?;
            checkpoints = fsio::BackgroundWriter::start()?;
            std::thread::sleep(settings.chunk_delay);
        }
    }
    if let Some(chunk) = previous.take() {
        let (path, bytes) = encode(&chunk)?;
        checkpoints.submit(path, bytes)?;
        ranked[chunk.index as usize] = Some(chunk.seekers);
    }
    checkpoints.finish()?;
    let mut ranked: Vec<RankedSeeker> = ranked.into_iter().flatten().flatten().collect();
    progress.allocating();

    // Phase 2: allocate capacity over all of the run's seekers.
    let capacity: Vec<u64> = live
        .iter()
        .map(|p| {
            settings.shard.capacity_share(
                &p.id,
                u64::from(settings.cap_per_opening) * u64::from(p.openings),
            )
        })
        .collect();
    let mut lists: Vec<Vec<(u32, f32)>> = ranked
        .iter_mut()
        .map(|r| std::mem::take(&mut r.candidates))
        .collect();
    // Each seeker's profile decoded once (the snapshot holds them encoded) for
    // her groups, nothing for seekers who opted out (groups are personal).
    // Policy hook: the profiles are kept only under a policy, whose rules read
    // any field; a million decoded profiles held at once were 1.8 GB.
    let keep_profiles = !settings.policy.is_empty();
    let (groups, profiles): (Vec<Vec<String>>, Vec<Option<Arc<SeekerProfile>>>) = ranked
        .par_iter()
        .map(|r| {
            let profile = snapshot
                .seeker(&r.seeker)
                .filter(|_| !opted_out.contains(r.seeker.as_str()));
            let groups = profile.as_ref().map_or_else(Vec::new, |s| s.groups.clone());
            (groups, profile.filter(|_| keep_profiles))
        })
        .unzip();
    let shared_groups = |s: usize, p: usize| -> Vec<&str> {
        live[p]
            .target_groups
            .iter()
            .filter(|g| groups[s].contains(g))
            .map(String::as_str)
            .collect()
    };
    // Policy hook: a rule's capacity priority (nothing without a policy).
    // (Called for every proposal of the allocation: no allocation here.)
    // Which postings target groups at all, densely: the allocation asks for
    // most of its proposals, and a posting's profile is a cache miss away.
    let targets: Vec<bool> = live.iter().map(|p| !p.target_groups.is_empty()).collect();
    let priority = |s: usize, p: usize| {
        (targets[p] && live[p].target_groups.iter().any(|g| groups[s].contains(g)))
            || profiles
                .get(s)
                .and_then(Option::as_deref)
                .is_some_and(|sp| settings.policy.capacity_priority(sp, live[p]))
    };
    // Deferred acceptance. With a first list shallower than the deepest (not
    // the default: see FIRST_LIST_FACTOR), a seeker left with fewer than k
    // pushes whose list was cut short is ranked again as deep as the deepest
    // list in one step, and the allocation is done again (deterministic: it
    // depends on the previous allocation only).
    let mut depth: Vec<usize> = vec![first.0 + first.1; ranked.len()];
    let phase = Instant::now();
    let mut allocation = allocate(settings.k, &lists, &capacity, &priority);
    tracing::debug!(seconds = phase.elapsed().as_secs_f64(), "allocated");
    loop {
        let deepen: Vec<usize> = (0..ranked.len())
            .filter(|&s| {
                allocation.assigned[s].len() < settings.k
                    && lists[s].len() >= depth[s]
                    && depth[s] < live.len()
                    && depth[s] < max_depth
            })
            .collect();
        if deepen.is_empty() {
            break;
        }
        tracing::debug!(
            seekers = deepen.len(),
            "ranking deeper for seekers turned away by capacity"
        );
        let deeper: Vec<RankedSeeker> = deepen
            .par_iter()
            .map(|&s| rank_one(&snapshot, &ranked[s].seeker, max_depth, 0, &ranking))
            .collect::<Result<_>>()?;
        for (&s, mut r) in deepen.iter().zip(deeper) {
            depth[s] = max_depth;
            lists[s] = std::mem::take(&mut r.candidates);
            ranked[s] = r;
        }
        allocation = allocate(settings.k, &lists, &capacity, &priority);
    }

    // Per posting, the worst claim it holds from a seeker in one of its
    // target groups (the lowest score, then the highest seeker number): whether
    // a place a seeker lost went to such a seeker, for the capacity notes.
    let mut worst_priority: Vec<Option<(f32, usize)>> = vec![None; live.len()];
    for (s, positions) in allocation.assigned.iter().enumerate() {
        for &i in positions {
            let (p, score) = lists[s][i];
            let p = p as usize;
            if score.is_nan() || !priority(s, p) {
                continue;
            }
            let slot = &mut worst_priority[p];
            if slot.is_none_or(|(w, t)| score < w || (score == w && s > t)) {
                *slot = Some((score, s));
            }
        }
    }

    let mut counts = Counts {
        seekers: ids.len() as u64,
        live_postings: live.len() as u64,
        ..Counts::default()
    };
    // Pushes per seeker, with what their notes will say (written out only
    // when the line is rendered: millions of note strings held at once were
    // the largest part of the push's memory after the lists).
    let (plans, plan_counts): (Vec<Vec<Planned>>, Vec<PlanCounts>) = allocation
        .assigned
        .par_iter()
        .enumerate()
        .map(|(s, positions)| {
            let list = &lists[s];
            let top = settings.k.min(list.len());
            let lost: Vec<usize> = (0..top).filter(|i| !positions.contains(i)).collect();
            let mut c = PlanCounts::default();
            let mut replacements = 0usize;
            let mut plan = Vec::with_capacity(positions.len());
            for &i in positions {
                let p = list[i].0 as usize;
                let served_first = allocation.oversubscribed(p)
                    && live[p].target_groups.iter().any(|g| groups[s].contains(g));
                c.priority_pushes += u64::from(served_first);
                let mut instead_of = None;
                if i >= top
                    && let Some(&l) = lost.get(replacements)
                {
                    let (lp, lscore) = list[l];
                    let lp = lp as usize;
                    // Its place went to a seeker in its target groups with a
                    // worse claim (the worst such claim says whether any).
                    let by_priority = !priority(s, lp)
                        && worst_priority[lp]
                            .is_some_and(|(w, t)| w < lscore || (w == lscore && t > s));
                    instead_of = Some((l as u32, by_priority));
                    replacements += 1;
                }
                plan.push(Planned {
                    position: i as u32,
                    served_first,
                    instead_of,
                });
            }
            c.redirected += replacements as u64;
            c.dropped += (lost.len() - replacements.min(lost.len())) as u64;
            c.skipped += u64::from(ranked[s].skipped);
            c.pushes += plan.len() as u64;
            c.served += u64::from(!plan.is_empty());
            (plan, c)
        })
        .unzip();
    drop(worst_priority);
    for c in plan_counts {
        counts.priority_pushes += c.priority_pushes;
        counts.redirected_by_capacity += c.redirected;
        counts.dropped_by_capacity += c.dropped;
        counts.skipped_recently_pushed += c.skipped;
        counts.pushes += c.pushes;
        counts.seekers_served += c.served;
        counts.seekers_no_match += 1 - c.served;
    }
    counts.pushes_per_posting = Spread::of(&allocation.given);
    counts.postings_never_pushed = allocation.given.iter().filter(|&&g| g == 0).count() as u64;
    counts.postings_oversubscribed = (0..live.len())
        .filter(|&p| allocation.oversubscribed(p))
        .count() as u64;
    tracing::debug!(seconds = phase.elapsed().as_secs_f64(), "pushes planned");

    // Explain the pushed pairs and render the lines, in parallel, in order.
    // The capacity and priority notes of a planned push.
    let notes_of = |s: usize, planned: &Planned| -> Vec<String> {
        let p = planned.entry(&lists[s]).0;
        let mut notes = Vec::new();
        if planned.served_first {
            notes.push(format!(
                "priority: the seeker is in this posting's target group ({}), served first for its {} places wanted by {} seekers",
                shared_groups(s, p).join(", "),
                capacity[p],
                allocation.wanted[p]
            ));
        }
        if let Some((lost, by_priority)) = planned.instead_of {
            let lp = lists[s][lost as usize].0 as usize;
            notes.push(format!(
                "capacity: next-best, pushed instead of {}, whose {} places went to {}",
                live[lp].id,
                capacity[lp],
                if by_priority {
                    "seekers in its target groups first"
                } else {
                    "better-fitting seekers"
                }
            ));
        }
        notes
    };
    let render = |s: usize, label: &str| -> Result<Vec<u8>> {
        let plan = &plans[s];
        let seeker = &ranked[s].seeker;
        let positions: Vec<usize> = plan
            .iter()
            .map(|planned| live_positions[planned.entry(&lists[s]).0])
            .collect();
        let opted = opted_out.contains(seeker.as_str());
        let explained = if opted {
            // No profile: the posting's own title and place, a plain explanation.
            let postings = snapshot.posting_profiles();
            plan.iter()
                .zip(&positions)
                .map(|(planned, &i)| {
                    let score = planned.entry(&lists[s]).1;
                    (
                        &*postings[i],
                        Some(crate::engine::non_personalised_explanation(score)),
                    )
                })
                .collect()
        } else {
            snapshot.explain_positions(seeker, &positions, settings.date)?
        };
        let pushes = plan
            .iter()
            .zip(explained)
            .enumerate()
            .map(|(rank, (planned, (posting, explanation)))| {
                // A pair no longer eligible (it was when ranked: the same
                // snapshot and date) is written bare, as `score_postings` would.
                let known = explanation.is_some();
                PushItem {
                    posting: posting.id.clone(),
                    rank: rank as u32 + 1,
                    score: planned.entry(&lists[s]).1,
                    title: known.then(|| mask_owned(posting.title.clone())),
                    place: known
                        .then(|| {
                            posting
                                .place_name
                                .clone()
                                .or_else(|| posting.division.clone())
                                .map(mask_owned)
                        })
                        .flatten(),
                    explanation: explanation.map(|mut e| {
                        e.notes.extend(notes_of(s, planned));
                        // Policy hook: the boost, priority and reservation notes.
                        // (An empty policy has no notes: no profiles are kept.)
                        if let (false, Some(sp)) =
                            (opted, profiles.get(s).and_then(Option::as_deref))
                        {
                            e.notes
                                .extend(settings.policy.effect(sp, posting, e.score).notes);
                        }
                        mask_explanation(e).into()
                    }),
                }
            })
            .collect();
        let line = SeekerPushes {
            seeker: label.to_string(),
            pushes,
        };
        let mut bytes = Vec::with_capacity(LINE_CAPACITY);
        serde_json::to_writer(&mut bytes, &line).map_err(|e| Error::config(e.to_string()))?;
        bytes.push(b'\n');
        Ok(bytes)
    };
    // The seekers in output order: by id, or by pseudonym (so that the order
    // does not reveal the ids), with the name each is written under.
    let mut order: Vec<(String, usize)> = (0..plans.len())
        .into_par_iter()
        .map(|s| {
            let seeker = &ranked[s].seeker;
            let label = match &settings.pseudonymise {
                Some(p) => p.pseudonym(seeker),
                None => seeker.clone(),
            };
            (label, s)
        })
        .collect();
    if settings.pseudonymise.is_some() {
        order.par_sort_unstable();
    }
    let rows: Vec<PostingRow> = live
        .iter()
        .enumerate()
        .map(|(p, profile)| PostingRow {
            posting: profile.id.clone(),
            capacity: capacity[p],
            wanted: allocation.wanted[p],
            pushed: allocation.given[p],
        })
        .collect();

    // Outputs (each atomic, summary last), then the commit point. A run that
    // fails here has no summary.json and no history record: it is not done,
    // and the same command finishes it.
    let pause = || {
        if !settings.chunk_delay.is_zero() {
            std::thread::sleep(settings.chunk_delay);
        }
    };
    fs::create_dir_all(out_dir).map_err(|e| Error::io(out_dir, e))?;
    // A summary of an earlier attempt would make the new files look complete.
    match fs::remove_file(out_dir.join("summary.json")) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(Error::io(out_dir.join("summary.json"), e));
        }
        _ => {}
    }
    // Rendered and written a block of seekers at a time: the file of a
    // million seekers does not fit in memory (about 11 KB a seeker with
    // explanations).
    let pushes_path = out_dir.join("pushes.jsonl");
    // While one block is written (on this thread), the next is rendered on
    // the pool: writing 2 GB is mostly copying, which would leave the other
    // threads idle.
    fsio::write_atomic_with(&pushes_path, |emit| {
        let mut write = |lines: &[Vec<u8>]| {
            lines
                .iter()
                .try_for_each(|line| emit(line).map_err(|e| Error::io(&pushes_path, e)))
        };
        let mut pending: Vec<Vec<u8>> = Vec::new();
        for block in order.chunks(RENDER_BLOCK) {
            let mut rendered = None;
            let mut written = Ok(());
            rayon::in_place_scope(|scope| {
                scope.spawn(|_| {
                    rendered = Some(
                        block
                            .par_iter()
                            .map(|(label, s)| render(*s, label))
                            .collect::<Result<Vec<_>>>(),
                    );
                });
                written = write(&pending);
            });
            written?;
            pending = rendered.unwrap_or_else(|| Ok(Vec::new()))?;
        }
        write(&pending)
    })?;
    tracing::debug!(seconds = phase.elapsed().as_secs_f64(), "pushes written");
    pause();
    write_atomic(&out_dir.join("postings.tsv"), &render_postings(&rows))?;
    pause();
    // The time of the whole run but the summary and the history record.
    let elapsed = started.elapsed().as_secs_f64();
    let timing = Timing {
        elapsed_seconds: (elapsed * 1000.0).round() / 1000.0,
        seekers_per_second: if elapsed > 0.0 {
            (ids.len() as f64 / elapsed).round()
        } else {
            0.0
        },
        chunks: chunks.len() as u64,
        chunks_resumed: resumed_chunks,
    };
    tracing::debug!(seconds = phase.elapsed().as_secs_f64(), "postings written");
    let mut summary = Summary::new(settings, engine.weights(), fingerprint, counts, timing);
    summary.pseudonymised = settings.pseudonymise.as_ref().map(|p| p.key_id());
    write_atomic(&out_dir.join("summary.json"), &summary.to_json())?;
    pause();
    // Built only now, and after the candidate lists are freed: the pushed ids
    // of a million seekers are a few hundred MB, the lists 2 GB.
    let pushed: Vec<Vec<u32>> = plans
        .iter()
        .enumerate()
        .map(|(s, plan)| {
            plan.iter()
                .map(|planned| planned.entry(&lists[s]).0 as u32)
                .collect()
        })
        .collect();
    drop((lists, plans, allocation, order, rows));
    let record = RunRecord {
        date: settings.date,
        shard: settings.shard,
        settings: fingerprint,
        pushes: pushed
            .par_iter()
            .enumerate()
            .filter(|(_, positions)| !positions.is_empty())
            .map(|(s, positions)| {
                (
                    ranked[s].seeker.clone(),
                    positions
                        .iter()
                        .map(|&p| live[p as usize].id.clone())
                        .collect(),
                )
            })
            .collect(),
    };
    drop(pushed);
    tracing::debug!(
        seconds = phase.elapsed().as_secs_f64(),
        "history record built"
    );
    history::append(&work.history_dir(), &record)?;
    tracing::debug!(seconds = phase.elapsed().as_secs_f64(), "history recorded");
    if let Err(e) = fs::remove_dir_all(&run_dir) {
        tracing::warn!(dir = %run_dir.display(), error = %e, "could not remove the checkpoints of the finished run");
    }
    tracing::debug!(
        seconds = phase.elapsed().as_secs_f64(),
        "checkpoints removed"
    );
    Ok(PushOutcome::Completed(Box::new(summary)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::model::{Date, Posting, Seeker, SkillItem};

    const SKILLS: [&str; 5] = ["焊接", "电工", "叉车", "收银", "烹饪"];

    fn skill(name: &str) -> SkillItem {
        SkillItem {
            name: name.into(),
            required: true,
            level: None,
        }
    }

    fn engine() -> Engine {
        let engine = Engine::builder().in_ram().unwrap();
        let postings: Vec<Posting> = (0..30)
            .map(|i| {
                let mut p = Posting::new(format!("P{i:03}"), format!("岗位{}", SKILLS[i % 5]));
                p.skills = vec![skill(SKILLS[i % 5]), skill(SKILLS[(i / 5) % 5])];
                p
            })
            .collect();
        let seekers: Vec<Seeker> = (0..60)
            .map(|i| {
                let mut s = Seeker::new(format!("S{i:03}"));
                s.skills = vec![skill(SKILLS[i % 5]), skill(SKILLS[(i * 7 / 3) % 5])];
                if i % 11 == 0 {
                    s.groups = vec!["veteran".into()];
                }
                s
            })
            .collect();
        engine.upsert_postings(&postings).unwrap();
        engine.upsert_seekers(&seekers).unwrap();
        engine.commit().unwrap();
        engine
    }

    /// A temporary directory with a work directory and an output path in it.
    fn scratch() -> (tempfile::TempDir, WorkDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let work = WorkDir::new(dir.path().join("work"));
        let out = dir.path().join("out");
        (dir, work, out)
    }

    /// Top 4 with the given margin and places per opening.
    fn small_settings(margin: usize, cap_per_opening: u32) -> PushSettings {
        let mut settings = PushSettings::new(Date(20_000));
        settings.k = 4;
        settings.margin = margin;
        settings.cap_per_opening = cap_per_opening;
        settings
    }

    #[test]
    fn same_bytes_for_any_thread_count_and_caps_hold() {
        let e = engine();
        let mut outputs = Vec::new();
        for threads in [1, 3] {
            let (_dir, work, out) = scratch();
            let mut settings = small_settings(2, 3);
            settings.chunk_size = 7;
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let outcome = pool
                .install(|| run(&e, &work, &out, &settings, &NoProgress))
                .unwrap();
            let PushOutcome::Completed(summary) = outcome else {
                panic!("not run")
            };
            assert_eq!(summary.counts.seekers, 60);
            assert!(summary.counts.redirected_by_capacity > 0);
            let rows = super::super::output::parse_postings(
                Path::new("postings.tsv"),
                &fs::read(out.join("postings.tsv")).unwrap(),
            )
            .unwrap();
            assert!(
                rows.iter()
                    .all(|r| r.pushed <= r.capacity && r.capacity == 3)
            );
            // A second call is a no-op.
            assert!(matches!(
                run(&e, &work, &out, &settings, &NoProgress).unwrap(),
                PushOutcome::AlreadyDone { .. }
            ));
            outputs.push((
                fs::read(out.join("pushes.jsonl")).unwrap(),
                fs::read(out.join("postings.tsv")).unwrap(),
                fs::read(work.history_dir().join("all.log")).unwrap(),
            ));
        }
        assert!(
            outputs[0] == outputs[1],
            "output depends on the thread count"
        );
    }

    /// A push's explanation gives the feature values; with the weights the
    /// summary records once, they add up to the push's score, and they are
    /// the values `recommend_postings` explains for the same pair.
    #[test]
    fn explanations_and_summary_weights_give_the_scores() {
        let e = engine();
        let (_dir, work, out) = scratch();
        let settings = small_settings(2, 3);
        let PushOutcome::Completed(summary) = run(&e, &work, &out, &settings, &NoProgress).unwrap()
        else {
            panic!("not run")
        };
        let weights = &summary.weights;
        assert_eq!(weights.0.len(), crate::features::FEATURE_COUNT);
        assert!((weights.0.iter().map(|w| w.1).sum::<f32>() - 1.0).abs() < 1e-5);
        let written: Summary =
            serde_json::from_slice(&fs::read(out.join("summary.json")).unwrap()).unwrap();
        assert_eq!(&written.weights, weights);
        let snapshot = e.snapshot().unwrap();
        let text = fs::read_to_string(out.join("pushes.jsonl")).unwrap();
        let mut checked = 0;
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let seeker = v["seeker"].as_str().unwrap();
            for push in v["pushes"].as_array().unwrap() {
                let features: crate::score::FeatureValues =
                    serde_json::from_value(push["explanation"]["features"].clone()).unwrap();
                let sum: f32 = features
                    .0
                    .iter()
                    .map(|&(f, value)| value * weights.get(f).unwrap())
                    .sum();
                let score = push["score"].as_f64().unwrap() as f32;
                assert!((sum - score).abs() < 1e-5, "{sum} against {score}");
                let posting = push["posting"].as_str().unwrap().to_string();
                let options = MatchOptions {
                    explain: true,
                    ..MatchOptions::new(5, settings.date)
                };
                let again = snapshot
                    .score_postings(seeker, &[posting], &options)
                    .unwrap()
                    .pop()
                    .flatten()
                    .unwrap();
                let full = again.explanation.unwrap();
                // (Through a `serde_json::Value` the keys come back sorted.)
                let mut read = features.0.clone();
                read.sort_by_key(|&(f, _)| f);
                let full: Vec<_> = full.features.iter().map(|c| (c.feature, c.value)).collect();
                assert_eq!(read, full);
                checked += 1;
            }
        }
        assert!(checked > 50, "{checked} pushes checked");
    }

    /// The reserve kept from the first ranking gives what ranking each
    /// seeker turned away again gives (here every pool is the whole corpus,
    /// so both go equally deep).
    #[test]
    fn the_reserve_allocates_as_ranking_again_does() {
        let e = engine();
        let mut outputs = Vec::new();
        for factor in [Some(1), Some(2), Some(4), FIRST_LIST_FACTOR] {
            let (_dir, work, out) = scratch();
            let settings = small_settings(1, 2);
            let outcome = run_with_lists(&e, &work, &out, &settings, &NoProgress, factor).unwrap();
            let PushOutcome::Completed(summary) = outcome else {
                panic!("not run")
            };
            // Capacity turns seekers away past their first 5 candidates.
            assert!(summary.counts.redirected_by_capacity > 0);
            outputs.push((
                fs::read(out.join("pushes.jsonl")).unwrap(),
                fs::read(out.join("postings.tsv")).unwrap(),
            ));
        }
        assert!(outputs.windows(2).all(|w| w[0] == w[1]));
    }
}
