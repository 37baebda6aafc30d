//! Hard rules: which pairs may be matched at all. [`eligible`] is the
//! reference implementation, used after retrieval, by exhaustive scoring and
//! by the push; the candidate path's collector applies the same rules in
//! numeric form (`gate`, checked against this one by a differential test).

use crate::model::Date;
use crate::normalise::codes::division_within;
use crate::normalise::geo::haversine_km;
use crate::profile::{PostingProfile, SeekerProfile};

/// Whether a posting may be recommended to a seeker on `as_of`:
/// 1. the posting is live: not expired (its expiry day still counts) and has an opening;
/// 2. regions: when the seeker names accepted regions, the posting lies in one of
///    them, or has no division code, or is remote and the seeker accepts remote work;
/// 3. commute: when the seeker gives a longest commute and both sides have
///    coordinates, the distance is within it (remote work the seeker accepts is exempt);
/// 4. checks: the posting is not withheld by the [posting checks](crate::checks);
/// 5. gig shifts: when the posting has shifts and the seeker gives availability,
///    some shift overlaps some available interval (see [`crate::gig::shifts_fit`];
///    a seeker who gives no availability is not restricted by shifts).
pub fn eligible(s: &SeekerProfile, p: &PostingProfile, as_of: Date) -> bool {
    if !p.is_live_on(as_of) || p.checks.withheld {
        return false;
    }
    if !crate::gig::shifts_fit(&p.shifts, &s.availability) {
        return false;
    }
    let remote_ok = p.remote && s.accepts_remote();
    if !s.regions.is_empty()
        && !remote_ok
        && let Some(code) = &p.division
        && !s.regions.iter().any(|r| division_within(code, r))
    {
        return false;
    }
    if let (Some(limit), Some(a), Some(b)) = (s.max_commute_km, s.coords, p.coords)
        && !remote_ok
        && haversine_km(a, b) > limit
    {
        return false;
    }
    true
}

mod gate;
pub(crate) use gate::SeekerGate;
