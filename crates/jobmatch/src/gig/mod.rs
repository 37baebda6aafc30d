//! Gig work (零工): postings with shifts matched against seekers' availability,
//! for a gig counter (the physical odd-job markets and their mini programs).
//!
//! # Rules
//! * **Shifts must overlap availability** — a hard rule, part of
//!   [`eligibility::eligible`](crate::eligibility::eligible), so it holds for
//!   recommendations, candidates and the push too: a posting with shifts is
//!   never offered to a seeker who gives availability that overlaps none of
//!   them ([`shifts_fit`]).
//! * **A seeker who gives no availability is not restricted by shifts**: the
//!   field is optional and absent means unknown, as with every other optional
//!   field of the data format. The gig board says so in the reasons
//!   ("availability not given") and ranks such a seeker's postings by the
//!   earliest future shift instead of the earliest one that fits.
//! * **Nearby first**: results are sorted by distance in whole kilometres
//!   (unknown distance last), then seekers whose availability was checked
//!   before those who gave none, then by the soonest start of a future shift
//!   that fits, then by id. Beyond the seeker's longest commute nothing is offered
//!   (also part of eligibility).
//! * **Pay**: day and hour rates are compared with the seeker's floor after
//!   converting both to a daily rate (8 hours a day, 21.75 working days a
//!   month, as [`PayPeriod::per_month_factor`](crate::model::PayPeriod::per_month_factor));
//!   a posting whose best rate is below the floor is not offered. Piece rates
//!   and postings without pay are offered and marked "pay not stated".
//! * Only future shifts count: a gig posting whose shifts have all ended at
//!   `now` is not offered.
//!
//! ```
//! use jobmatch::{Engine, gig::{GigBoard, GigOptions}};
//! use jobmatch::model::{DateTime, Posting, Seeker, TimeRange, EmploymentType};
//!
//! let t = |s: &str| DateTime::parse(s).unwrap();
//! let mut morning = Posting::new("G1", "搬运工");
//! morning.employment_type = Some(EmploymentType::Gig);
//! morning.shifts = vec![TimeRange { start: t("2026-11-28T08:00:00+08:00"), end: t("2026-11-28T12:00:00+08:00") }];
//! let mut evening = morning.clone();
//! evening.id = "G2".into();
//! evening.shifts = vec![TimeRange { start: t("2026-11-28T18:00:00+08:00"), end: t("2026-11-28T22:00:00+08:00") }];
//! let mut s = Seeker::new("S1");
//! s.availability = vec![TimeRange { start: t("2026-11-28T07:00:00+08:00"), end: t("2026-11-28T13:00:00+08:00") }];
//!
//! let engine = Engine::builder().in_ram()?;
//! engine.upsert_postings(&[morning, evening])?;
//! engine.upsert_seekers(&[s])?;
//! engine.commit()?;
//! let snapshot = engine.snapshot()?;
//! let board = GigBoard::new(&snapshot);
//! let found = board.for_seeker("S1", &GigOptions::new(t("2026-11-27T12:00:00+08:00"), 10))?;
//! assert_eq!(found.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), ["G1"]);
//! # Ok::<(), jobmatch::Error>(())
//! ```

use serde::Serialize;

use crate::Snapshot;
use crate::eligibility::eligible;
use crate::error::{Error, Result};
use crate::model::{Date, DateTime, EmploymentType, TimeRange};
use crate::normalise::geo::haversine_km;
use crate::profile::{PostingProfile, SeekerProfile};

/// Hours in a working day, for converting rates.
pub const HOURS_PER_DAY: f64 = 8.0;
/// Working days in a month (China's statutory average), for converting rates.
pub const DAYS_PER_MONTH: f64 = 21.75;

/// Whether a posting's shifts fit a seeker's availability: true when the
/// posting has no shifts, when the seeker gives no availability, or when some
/// shift overlaps some available interval.
///
/// ```
/// use jobmatch::gig::shifts_fit;
/// use jobmatch::model::{DateTime, TimeRange};
/// let r = |a, b| TimeRange { start: DateTime(a), end: DateTime(b) };
/// assert!(shifts_fit(&[r(10, 20)], &[r(15, 30)]));
/// assert!(!shifts_fit(&[r(10, 20)], &[r(20, 30)])); // touching is not overlapping
/// assert!(shifts_fit(&[r(10, 20)], &[]));          // availability not given
/// ```
pub fn shifts_fit(shifts: &[TimeRange], availability: &[TimeRange]) -> bool {
    shifts.is_empty()
        || availability.is_empty()
        || shifts
            .iter()
            .any(|s| availability.iter().any(|a| s.overlaps(a)))
}

/// When and how a gig is searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GigOptions {
    /// The present moment: shifts that ended before it do not count, and the
    /// posting must be live on its date.
    pub now: DateTime,
    /// Results at most.
    pub k: usize,
}

impl GigOptions {
    /// `k` results as of `now`.
    pub fn new(now: DateTime, k: usize) -> GigOptions {
        GigOptions { now, k }
    }

    fn date(&self) -> Date {
        Date(self.now.0.div_euclid(86_400) as i32)
    }
}

/// One result of the gig board.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GigMatch {
    /// The posting (or seeker) offered.
    pub id: String,
    /// The posting's title (posting results only).
    pub title: Option<String>,
    /// Place name or division code of the posting.
    pub place: Option<String>,
    /// Great-circle distance in km, when both sides have coordinates.
    pub distance_km: Option<f64>,
    /// The earliest future shift that fits (or the earliest future shift when
    /// the seeker gave no availability); `None` for a gig without shifts.
    pub next_shift: Option<TimeRange>,
    /// How many future shifts fit.
    pub fitting_shifts: usize,
    /// Whether the shifts were checked against availability the seeker gave
    /// (false when she gave none, or the gig has no shifts).
    pub availability_checked: bool,
    /// The posting's pay as a daily rate range (CNY), when stated.
    pub day_rate: Option<(f64, f64)>,
    /// The seeker's floor as a daily rate (CNY), when stated.
    pub floor_day_rate: Option<f64>,
    /// Why it is offered, in words.
    pub reasons: Vec<String>,
}

/// Gig postings and the seekers who may take them, from one snapshot.
#[derive(Debug)]
pub struct GigBoard<'a> {
    snapshot: &'a Snapshot,
    gigs: Vec<&'a PostingProfile>,
    seekers: Vec<&'a SeekerProfile>,
}

/// Whether a posting is gig work: it has shifts or is of type `gig`.
pub fn is_gig(p: &PostingProfile) -> bool {
    !p.shifts.is_empty() || p.employment_type == Some(EmploymentType::Gig)
}

fn wants_gig(s: &SeekerProfile) -> bool {
    s.employment_types.is_empty()
        || s.employment_types.iter().any(|t| {
            matches!(
                t,
                EmploymentType::Gig | EmploymentType::PartTime | EmploymentType::Flexible
            )
        })
}

fn day_rate(monthly: f64) -> f64 {
    monthly / DAYS_PER_MONTH
}

impl<'a> GigBoard<'a> {
    /// Collects the gig postings and the seekers open to gig work.
    pub fn new(snapshot: &'a Snapshot) -> GigBoard<'a> {
        let gigs = snapshot
            .posting_ids()
            .filter_map(|id| snapshot.posting(id))
            .filter(|p| is_gig(p))
            .collect();
        let seekers = snapshot
            .seeker_profiles()
            .iter()
            .map(|s| &**s)
            .filter(|s| wants_gig(s))
            .collect();
        GigBoard {
            snapshot,
            gigs,
            seekers,
        }
    }

    /// Number of gig postings on the board.
    pub fn gig_count(&self) -> usize {
        self.gigs.len()
    }

    /// Gig postings for a seeker, nearest first.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the seeker is not indexed.
    pub fn for_seeker(&self, seeker_id: &str, options: &GigOptions) -> Result<Vec<GigMatch>> {
        let s = self
            .snapshot
            .seeker(seeker_id)
            .ok_or_else(|| Error::NotFound {
                kind: "seeker",
                id: seeker_id.to_string(),
            })?;
        let mut found: Vec<GigMatch> = self
            .gigs
            .iter()
            .filter_map(|p| offer(&s, p, options))
            .map(|m| GigMatch {
                id: m.posting.id.clone(),
                title: Some(m.posting.title.clone()),
                place: m
                    .posting
                    .place_name
                    .clone()
                    .or_else(|| m.posting.division.clone()),
                ..m.result
            })
            .collect();
        sort(&mut found, options.k);
        Ok(found)
    }

    /// Seekers for a gig posting, nearest first.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the posting is not indexed.
    pub fn for_posting(&self, posting_id: &str, options: &GigOptions) -> Result<Vec<GigMatch>> {
        let p = self
            .snapshot
            .posting(posting_id)
            .ok_or_else(|| Error::NotFound {
                kind: "posting",
                id: posting_id.to_string(),
            })?;
        let mut found: Vec<GigMatch> = self
            .seekers
            .iter()
            .filter_map(|s| offer(s, p, options))
            .map(|m| GigMatch {
                id: m.seeker.id.clone(),
                ..m.result
            })
            .collect();
        sort(&mut found, options.k);
        Ok(found)
    }
}

struct Offer<'p> {
    posting: &'p PostingProfile,
    seeker: &'p SeekerProfile,
    result: GigMatch,
}

fn offer<'p>(
    s: &'p SeekerProfile,
    p: &'p PostingProfile,
    options: &GigOptions,
) -> Option<Offer<'p>> {
    if !eligible(s, p, options.date()) || !wants_gig(s) {
        return None;
    }
    let mut reasons = Vec::new();
    let future: Vec<&TimeRange> = p.shifts.iter().filter(|r| r.end > options.now).collect();
    if !p.shifts.is_empty() && future.is_empty() {
        return None;
    }
    let fitting: Vec<&TimeRange> = if s.availability.is_empty() {
        future.clone()
    } else {
        future
            .iter()
            .copied()
            .filter(|r| s.availability.iter().any(|a| r.overlaps(a)))
            .collect()
    };
    if !p.shifts.is_empty() && fitting.is_empty() {
        return None;
    }
    let next_shift = fitting
        .iter()
        .min_by_key(|r| (r.start, r.end))
        .copied()
        .copied();
    if p.shifts.is_empty() {
        reasons.push("no shifts given: any time".to_string());
    } else if s.availability.is_empty() {
        reasons.push(format!(
            "availability not given: {} future shift(s), not checked against it",
            fitting.len()
        ));
    } else {
        reasons.push(format!(
            "{} of {} future shift(s) fit the availability",
            fitting.len(),
            future.len()
        ));
    }
    let distance_km = match (s.coords, p.coords) {
        (Some(a), Some(b)) => Some((haversine_km(a, b) * 10.0).round() / 10.0),
        _ => None,
    };
    match (distance_km, s.max_commute_km) {
        (Some(d), Some(limit)) => reasons.push(format!("{d} km away (commute limit {limit} km)")),
        (Some(d), None) => reasons.push(format!("{d} km away")),
        (None, _) => reasons.push("distance unknown".to_string()),
    }
    let rate = p
        .salary_monthly
        .map(|(lo, hi)| (day_rate(lo), day_rate(hi)));
    let floor = s.salary_floor_monthly.map(day_rate);
    match (rate, floor) {
        (Some((_, hi)), Some(f)) if hi + 1e-9 < f => return None,
        (Some((lo, hi)), Some(f)) => reasons.push(format!(
            "pays {lo:.0}-{hi:.0}/day ({:.0}-{:.0}/hour), floor {f:.0}/day",
            lo / HOURS_PER_DAY,
            hi / HOURS_PER_DAY
        )),
        (Some((lo, hi)), None) => reasons.push(format!(
            "pays {lo:.0}-{hi:.0}/day ({:.0}-{:.0}/hour)",
            lo / HOURS_PER_DAY,
            hi / HOURS_PER_DAY
        )),
        (None, _) => reasons.push("pay not stated (or a piece rate)".to_string()),
    }
    let round = |v: f64| (v * 100.0).round() / 100.0;
    Some(Offer {
        posting: p,
        seeker: s,
        result: GigMatch {
            id: String::new(),
            title: None,
            place: None,
            distance_km,
            next_shift,
            fitting_shifts: fitting.len(),
            availability_checked: !s.availability.is_empty() && !p.shifts.is_empty(),
            day_rate: rate.map(|(a, b)| (round(a), round(b))),
            floor_day_rate: floor.map(round),
            reasons,
        },
    })
}

/// Distance in whole km (unknown last), then checked availability before
/// unchecked, then soonest start (none last), then id.
fn sort(found: &mut Vec<GigMatch>, k: usize) {
    let key = |m: &GigMatch| {
        (
            m.distance_km.map_or(i64::MAX, |d| d.floor() as i64),
            !m.availability_checked,
            m.next_shift.map_or(i64::MAX, |r| r.start.0),
        )
    };
    found.sort_by(|a, b| key(a).cmp(&key(b)).then_with(|| a.id.cmp(&b.id)));
    found.truncate(k);
}

#[cfg(test)]
mod tests;
