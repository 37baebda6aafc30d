#![allow(clippy::unwrap_used)]

use proptest::prelude::*;

use super::*;
use crate::model::{Location, PayPeriod, Posting, Salary, SalaryFloor, Seeker};
use crate::{Engine, MatchOptions};

const H: i64 = 3600;
/// 2026-11-28T00:00:00Z
const DAY0: i64 = 1_795_824_000;

fn r(a: i64, b: i64) -> TimeRange {
    TimeRange {
        start: DateTime(DAY0 + a * H),
        end: DateTime(DAY0 + b * H),
    }
}

fn gig(id: &str, shifts: Vec<TimeRange>, lat: f64) -> Posting {
    let mut p = Posting::new(id, "搬运工");
    p.employment_type = Some(EmploymentType::Gig);
    p.employer = Some(format!("E{id}"));
    p.description = Some(format!("负责{id}号仓库的货物装卸和搬运，按天结算。"));
    p.shifts = shifts;
    p.location = Some(Location {
        code: Some("220102".into()),
        lat: Some(lat),
        lon: Some(125.3),
        ..Location::default()
    });
    p.salary = Some(Salary {
        min: Some(200.0),
        max: Some(260.0),
        period: PayPeriod::Day,
    });
    p
}

fn seeker(id: &str, availability: Vec<TimeRange>) -> Seeker {
    let mut s = Seeker::new(id);
    s.availability = availability;
    s.location = Some(Location {
        code: Some("220102".into()),
        lat: Some(43.80),
        lon: Some(125.3),
        ..Location::default()
    });
    s
}

fn board_for(postings: &[Posting], seekers: &[Seeker]) -> crate::Snapshot {
    let engine = Engine::builder().in_ram().unwrap();
    engine.upsert_postings(postings).unwrap();
    engine.upsert_seekers(seekers).unwrap();
    engine.commit().unwrap();
    engine.snapshot().unwrap()
}

#[test]
fn nearest_first_then_soonest() {
    let postings = vec![
        gig("G1", vec![r(30, 34)], 43.90),   // ~11 km, later
        gig("G2", vec![r(40, 44)], 43.81),   // ~1 km
        gig("G3", vec![r(8, 12)], 43.815),   // ~1.7 km, sooner
        gig("G4", vec![r(100, 104)], 43.80), // does not fit
    ];
    let s = seeker("S1", vec![r(0, 50)]);
    let snapshot = board_for(&postings, &[s]);
    let board = GigBoard::new(&snapshot);
    let found = board
        .for_seeker("S1", &GigOptions::new(DateTime(DAY0), 10))
        .unwrap();
    let ids: Vec<&str> = found.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["G3", "G2", "G1"]);
    assert!(found[0].reasons.iter().any(|r| r.contains("fit")));
    // Past shifts do not count.
    let later = board
        .for_seeker("S1", &GigOptions::new(DateTime(DAY0 + 35 * H), 10))
        .unwrap();
    assert_eq!(
        later.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
        ["G2"]
    );
    // The posting side.
    let who = board
        .for_posting("G4", &GigOptions::new(DateTime(DAY0), 10))
        .unwrap();
    assert!(who.is_empty());
}

#[test]
fn pay_floor_compares_daily_rates() {
    let postings = vec![gig("G1", vec![r(8, 12)], 43.81)];
    let mut s = seeker("S1", vec![]);
    // 35/hour = 280/day: above the posting's best 260/day.
    s.desired.salary_min = Some(SalaryFloor {
        amount: 35.0,
        period: PayPeriod::Hour,
    });
    let mut t = seeker("S2", vec![]);
    t.desired.salary_min = Some(SalaryFloor {
        amount: 5000.0,
        period: PayPeriod::Month,
    }); // 230/day
    let snapshot = board_for(&postings, &[s, t]);
    let board = GigBoard::new(&snapshot);
    let o = GigOptions::new(DateTime(DAY0), 10);
    assert!(board.for_seeker("S1", &o).unwrap().is_empty());
    let found = board.for_seeker("S2", &o).unwrap();
    assert_eq!(found.len(), 1);
    assert!(
        found[0]
            .reasons
            .iter()
            .any(|r| r.contains("availability not given"))
    );
    assert_eq!(found[0].floor_day_rate, Some(229.89));
}

fn ranges() -> impl Strategy<Value = Vec<TimeRange>> {
    prop::collection::vec((0i64..200, 1i64..12), 0..4)
        .prop_map(|v| v.into_iter().map(|(a, len)| r(a, a + len)).collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// A gig posting whose shifts overlap none of a seeker's availability is
    /// never offered to them: not by recommendations (indexed or exhaustive),
    /// not by scoring given pairs (the push), not among a posting's candidates,
    /// not on the gig board.
    #[test]
    fn non_overlapping_shifts_are_never_offered(
        shifts in prop::collection::vec(ranges(), 1..4),
        availability in ranges(),
    ) {
        let postings: Vec<Posting> = shifts
            .iter()
            .enumerate()
            .map(|(i, s)| gig(&format!("G{i}"), s.clone(), 43.81))
            .collect();
        let s = seeker("S1", availability.clone());
        let snapshot = board_for(&postings, &[s]);
        let as_of = crate::model::Date::from_ymd(2026, 11, 27).unwrap();
        let options = MatchOptions::new(10, as_of);
        let fits = |id: &str| {
            let i: usize = id[1..].parse().unwrap();
            let sh = &shifts[i];
            sh.is_empty()
                || availability.is_empty()
                || sh.iter().any(|x| availability.iter().any(|a| x.start < a.end && a.start < x.end))
        };
        for m in snapshot.recommend_postings("S1", &options).unwrap() {
            prop_assert!(fits(&m.id), "recommended {}", m.id);
        }
        for m in snapshot.exhaustive_postings("S1", &options).unwrap() {
            prop_assert!(fits(&m.id), "exhaustive {}", m.id);
        }
        let ids: Vec<String> = postings.iter().map(|p| p.id.clone()).collect();
        for (id, m) in ids.iter().zip(snapshot.score_postings("S1", &ids, &options).unwrap()) {
            prop_assert_eq!(m.is_some(), fits(id), "scored {}", id);
            prop_assert!(snapshot.candidates(id, &options).unwrap().is_empty() != fits(id));
        }
        let board = GigBoard::new(&snapshot);
        for m in board.for_seeker("S1", &GigOptions::new(DateTime(0), 10)).unwrap() {
            prop_assert!(fits(&m.id), "gig board {}", m.id);
        }
    }
}
