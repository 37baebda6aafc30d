//! Query building and scoring of arbitrary records against a small in-RAM engine.

use std::sync::OnceLock;

use jobmatch::features::FEATURE_COUNT;
use jobmatch::load::{self, LoadOptions};
use jobmatch::model::{Date, Posting};
use jobmatch::{Engine, Match, MatchOptions, Snapshot};

const SAMPLE_POSTINGS: &str = include_str!("../../../datasets/jilin-sample/postings.jsonl");
const SAMPLE_SEEKERS: &str = include_str!("../../../datasets/jilin-sample/seekers.jsonl");
const CHECK_POSTINGS: &str = include_str!("../../../datasets/posting-checks/postings.jsonl");

/// Records parsed from the first `n` lines of a shipped JSON Lines file.
fn first_lines<T>(
    text: &str,
    n: usize,
    parse: impl Fn(&[u8]) -> jobmatch::Result<load::Loaded<T>>,
) -> Vec<T> {
    let head: String = text.lines().take(n).flat_map(|l| [l, "\n"]).collect();
    match parse(head.as_bytes()) {
        Ok(loaded) => loaded.records,
        Err(e) => panic!("a shipped sample file must load: {e}"),
    }
}

/// The first `n` postings of the shipped sample.
pub(crate) fn sample_postings(n: usize) -> Vec<Posting> {
    first_lines(SAMPLE_POSTINGS, n, |b| {
        load::parse_postings(b, "sample", &LoadOptions::lenient())
    })
}

/// The engine the scoring target queries, built once per process: 300 sample
/// postings, 120 hand-written postings of the check set (some withheld) and
/// 300 sample seekers, in RAM.
pub fn scoring_engine() -> &'static (Engine, Snapshot) {
    static ENGINE: OnceLock<(Engine, Snapshot)> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let lenient = LoadOptions::lenient();
        let mut postings = sample_postings(300);
        postings.extend(first_lines(CHECK_POSTINGS, 120, |b| {
            load::parse_postings(b, "checks", &lenient)
        }));
        let seekers = first_lines(SAMPLE_SEEKERS, 300, |b| {
            load::parse_seekers(b, "sample", &lenient)
        });
        let built = Engine::builder().in_ram().and_then(|engine| {
            engine.upsert_postings(&postings)?;
            engine.upsert_seekers(&seekers)?;
            engine.commit()?;
            let snapshot = engine.snapshot()?;
            Ok((engine, snapshot))
        });
        match built {
            Ok(e) => e,
            Err(e) => panic!("the scoring engine must build: {e}"),
        }
    })
}

/// FNV-1a of the input: options that vary with the input, deterministically.
fn hash(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Query building and scoring. The input is read (lenient) as seekers and as
/// postings; up to four of each are matched against [`scoring_engine`] with
/// [`Snapshot::recommend_postings_for`] and [`Snapshot::candidates_for`], with
/// `k`, the pool size and the date derived from the input.
///
/// Invariants: no error; at most `k` results, each an indexed document, scores
/// finite and in [0, 1], best first with ties by id; recommended postings are
/// live on the date; every explanation has one finite entry per feature, values
/// and weights in [0, 1], contributions summing to the score; the same ranking
/// without explanations.
pub fn scoring(data: &[u8]) {
    let (_, snapshot) = scoring_engine();
    let h = hash(data);
    let day = |offset: u64| {
        Date(Date::from_ymd(2026, 11, 27).map_or(0, |d| d.0) - 400 + (offset % 800) as i32)
    };
    let options = MatchOptions {
        k: 1 + (h % 25) as usize,
        as_of: day(h >> 8),
        pool_size: match (h >> 20) % 4 {
            0 => None,
            n => Some(((h >> 24) % (60 * n)) as usize),
        },
        explain: true,
    };
    let lenient = LoadOptions::lenient();
    let Ok(seekers) = load::parse_seekers(data, "fuzz", &lenient) else {
        panic!("lenient load from memory failed");
    };
    let Ok(postings) = load::parse_postings(data, "fuzz", &lenient) else {
        panic!("lenient load from memory failed");
    };
    for seeker in seekers.records.iter().take(4) {
        let ranked = |o: &MatchOptions| match snapshot.recommend_postings_for(seeker, o) {
            Ok(m) => m,
            Err(e) => panic!("recommend_postings_for failed: {e}"),
        };
        let matches = ranked(&options);
        check_matches(&matches, &options, |id| {
            snapshot
                .posting(id)
                .is_some_and(|p| p.is_live_on(options.as_of))
        });
        let plain = ranked(&MatchOptions {
            explain: false,
            ..options
        });
        assert_same_ranking(&matches, &plain);
    }
    for posting in postings.records.iter().take(4) {
        let ranked = |o: &MatchOptions| match snapshot.candidates_for(posting, o) {
            Ok(m) => m,
            Err(e) => panic!("candidates_for failed: {e}"),
        };
        let matches = ranked(&options);
        check_matches(&matches, &options, |id| snapshot.seeker(id).is_some());
        if !matches.is_empty() {
            assert!(
                posting.is_live_on(options.as_of),
                "candidates for a posting that is not live"
            );
        }
        let plain = ranked(&MatchOptions {
            explain: false,
            ..options
        });
        assert_same_ranking(&matches, &plain);
    }
}

fn assert_same_ranking(a: &[Match], b: &[Match]) {
    let key = |m: &Match| (m.id.clone(), m.score.to_bits());
    assert_eq!(
        a.iter().map(key).collect::<Vec<_>>(),
        b.iter().map(key).collect::<Vec<_>>(),
        "explanations changed the ranking"
    );
}

fn check_matches(matches: &[Match], options: &MatchOptions, known: impl Fn(&str) -> bool) {
    assert!(matches.len() <= options.k, "more than k results");
    for m in matches {
        assert!(
            m.score.is_finite() && (0.0..=1.0).contains(&m.score),
            "score {} outside [0, 1]",
            m.score
        );
        assert!(known(&m.id), "result is not an eligible indexed document");
        let Some(e) = &m.explanation else {
            panic!("explanation missing");
        };
        assert_eq!(e.features.len(), FEATURE_COUNT);
        let mut sum = 0.0f32;
        for f in &e.features {
            assert!(
                f.value.is_finite() && (0.0..=1.0).contains(&f.value),
                "{:?} = {}",
                f.feature,
                f.value
            );
            assert!(f.weight.is_finite() && (0.0..=1.0).contains(&f.weight));
            assert!(f.contribution.is_finite());
            sum += f.contribution;
        }
        assert!(
            (sum - m.score).abs() < 1e-3,
            "contributions sum to {sum}, score {}",
            m.score
        );
        assert!(
            e.score.is_finite() && (e.score - m.score).abs() < 1e-3,
            "explained score {} != {}",
            e.score,
            m.score
        );
        for (_, credit) in &e.matched_skills {
            assert!(credit.is_finite() && (0.0..=1.0).contains(credit));
        }
        assert!(e.distance_km.is_none_or(|d| d.is_finite() && d >= 0.0));
    }
    for w in matches.windows(2) {
        assert!(
            w[0].score > w[1].score || (w[0].score == w[1].score && w[0].id < w[1].id),
            "results not best first, ties by id"
        );
    }
}
