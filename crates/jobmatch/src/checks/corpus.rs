//! Checks over a whole set of postings: pay outliers and duplicates.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::{Flag, FlagKind, PostingChecks, Severity};
use crate::model::Posting;
use crate::normalise::text::{fold, is_cjk};
use crate::profile::PostingProfile;

/// Number of MinHash functions in a text signature.
pub const SIGNATURE_LEN: usize = 32;
/// Character shingle length.
const SHINGLE: usize = 3;
/// Estimated Jaccard similarity of the descriptions at or above which two
/// postings of the same employer, title and place are duplicates.
pub const DUPLICATE_SIMILARITY: f64 = 0.85;
/// A monthly pay is an outlier when its log lies more than this many scaled
/// MADs from the group's median log pay ...
pub const PAY_MADS: f64 = 5.0;
/// ... and differs from the median by at least this factor (guards groups
/// whose pay hardly varies).
pub const PAY_MIN_FACTOR: f64 = 2.5;
/// Fewest postings with pay in a group for its range to be used.
pub const PAY_MIN_GROUP: usize = 12;

/// The title with decorations removed (bracketed parts, recruiting words,
/// punctuation, spaces), folded: `【急聘】数控车工（长白班）` → `数控车工`.
///
/// ```
/// use jobmatch::checks::normalised_title;
/// assert_eq!(normalised_title("【急聘】数控车工（长白班）"), normalised_title("数控车工"));
/// assert_eq!(normalised_title("Cashier - URGENT!"), normalised_title("cashier"));
/// ```
pub fn normalised_title(title: &str) -> String {
    let folded = fold(title);
    let mut out = String::with_capacity(folded.len());
    let mut depth = 0usize;
    for c in folded.chars() {
        match c {
            '(' | '[' | '【' | '〔' | '{' | '<' | '《' => depth += 1,
            ')' | ']' | '】' | '〕' | '}' | '>' | '》' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            _ if c.is_alphanumeric() || is_cjk(c) => out.push(c),
            _ => out.push(' '),
        }
    }
    let words: Vec<&str> = out
        .split_whitespace()
        .filter(|w| {
            ![
                "urgent",
                "hiring",
                "now",
                "wanted",
                "急招",
                "急聘",
                "诚聘",
                "高薪诚聘",
                "招聘",
                "直招",
            ]
            .contains(w)
        })
        .collect();
    let mut key = words.join(" ");
    for prefix in ["高薪诚聘", "急招", "急聘", "诚聘", "招聘", "直招"] {
        if let Some(rest) = key.strip_prefix(prefix)
            && !rest.is_empty()
        {
            key = rest.to_string();
        }
    }
    key
}

fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// MinHash signature of a text's character 3-shingles (letters, digits and
/// ideographs only, folded); empty for a text without any character kept.
///
/// ```
/// use jobmatch::checks::text_signature;
/// let a = text_signature("负责车间设备的日常维护与保养，完成主管交办的其他工作。");
/// let b = text_signature("负责车间设备的日常维护与保养,完成主管交办的其他工作");
/// assert_eq!(a, b);
/// ```
pub fn text_signature(text: &str) -> Vec<u32> {
    let chars: Vec<char> = fold(text)
        .chars()
        .filter(|c| c.is_alphanumeric() || is_cjk(*c))
        .collect();
    if chars.is_empty() {
        return Vec::new();
    }
    let mut sig = vec![u32::MAX; SIGNATURE_LEN];
    let windows = chars.len().saturating_sub(SHINGLE - 1).max(1);
    for start in 0..windows {
        let end = (start + SHINGLE).min(chars.len());
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for c in &chars[start..end] {
            h ^= u64::from(*c as u32);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        for (i, slot) in sig.iter_mut().enumerate() {
            let v = (mix(h ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)) >> 32) as u32;
            if v < *slot {
                *slot = v;
            }
        }
    }
    sig
}

fn similarity(a: &[u32], b: &[u32]) -> f64 {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => 1.0,
        (true, false) | (false, true) => 0.0,
        _ => {
            let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
            same as f64 / a.len().max(b.len()) as f64
        }
    }
}

/// What the set-wide checks need of one posting.
#[derive(Debug, Clone, PartialEq)]
pub struct CorpusEntry {
    /// Posting id.
    pub id: String,
    /// Whether flags are wanted for it (reference postings only inform the pay ranges).
    pub report: bool,
    /// Employer id.
    pub employer: Option<String>,
    /// Normalised title.
    pub title_key: String,
    /// Division code (place).
    pub division: Option<String>,
    /// Description signature.
    pub signature: Vec<u32>,
    /// Occupation major group (`cn:4`, `isco:2`).
    pub major_group: Option<String>,
    /// City: the first four digits of the division code.
    pub city: Option<String>,
    /// Monthly pay, the middle of the range (CNY).
    pub monthly_pay: Option<f64>,
}

fn major_group(code: &str) -> Option<String> {
    let code = code.trim();
    if let Some((head, _)) = code.split_once('-') {
        return (!head.is_empty()).then(|| format!("cn:{head}"));
    }
    let first = code.chars().next()?;
    first.is_ascii_digit().then(|| format!("isco:{first}"))
}

impl CorpusEntry {
    /// From a posting and its per-posting checks.
    pub fn of_posting(p: &Posting, checks: &PostingChecks) -> CorpusEntry {
        let division = p
            .location
            .as_ref()
            .and_then(|l| l.code.as_deref())
            .map(|c| crate::normalise::codes::significant_division_code(c).to_string());
        Self::build(
            &p.id,
            p.employer.clone(),
            checks,
            division,
            p.occupation.as_deref(),
            p.salary.and_then(|s| s.monthly_range()),
        )
    }

    /// From a stored profile.
    pub fn of_profile(p: &PostingProfile) -> CorpusEntry {
        Self::build(
            &p.id,
            p.employer.clone(),
            &p.checks,
            p.division.clone(),
            p.occupation.as_deref(),
            p.salary_monthly,
        )
    }

    fn build(
        id: &str,
        employer: Option<String>,
        checks: &PostingChecks,
        division: Option<String>,
        occupation: Option<&str>,
        monthly: Option<(f64, f64)>,
    ) -> CorpusEntry {
        let city = division
            .as_deref()
            .filter(|d| d.len() >= 4)
            .map(|d| d[..4].to_string());
        CorpusEntry {
            id: id.to_string(),
            report: true,
            employer: employer.filter(|e| !e.trim().is_empty()),
            title_key: checks.title_key.clone(),
            division,
            signature: checks.signature.clone(),
            major_group: occupation.and_then(major_group),
            city,
            monthly_pay: monthly
                .map(|(lo, hi)| (lo + hi) / 2.0)
                .filter(|v| v.is_finite() && *v > 0.0),
        }
    }
}

/// The pay range of one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PayRange {
    /// Occupation major group, `*` for all.
    pub major_group: String,
    /// City code, `*` for all.
    pub city: String,
    /// Postings with pay in the group.
    pub count: usize,
    /// Median monthly pay.
    pub median: f64,
    /// Lowest pay that is not an outlier.
    pub low: f64,
    /// Highest pay that is not an outlier.
    pub high: f64,
}

fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return 0.0;
    }
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

fn range_of(major: &str, city: &str, mut logs: Vec<f64>) -> PayRange {
    logs.sort_by(f64::total_cmp);
    let m = median(&logs);
    let mut dev: Vec<f64> = logs.iter().map(|x| (x - m).abs()).collect();
    dev.sort_by(f64::total_cmp);
    let mad = 1.4826 * median(&dev);
    let spread = (PAY_MADS * mad).max(PAY_MIN_FACTOR.ln());
    PayRange {
        major_group: major.to_string(),
        city: city.to_string(),
        count: logs.len(),
        median: m.exp(),
        low: (m - spread).exp(),
        high: (m + spread).exp(),
    }
}

/// Pay-outlier and duplicate flags for every entry (empty for entries not
/// reported), and the pay ranges used.
///
/// Pay: an entry's monthly pay is compared with the range of its occupation
/// major group and city when that group has at least `PAY_MIN_GROUP`
/// postings with pay, else of its major group in every city, else of all
/// postings; the range is `exp(median ± max(5·MAD, ln 2.5))` of the log pay
/// (MAD scaled by 1.4826). Duplicates: entries of the same employer with the
/// same normalised title and place whose description signatures agree on at
/// least `DUPLICATE_SIMILARITY` of their positions; each group's lowest id
/// is kept, every other member is flagged (block).
pub fn corpus_flags(entries: &[CorpusEntry]) -> (Vec<Vec<Flag>>, Vec<PayRange>) {
    let mut flags: Vec<Vec<Flag>> = vec![Vec::new(); entries.len()];
    let ranges = pay_outliers(entries, &mut flags);
    duplicates(entries, &mut flags);
    (flags, ranges)
}

fn pay_outliers(entries: &[CorpusEntry], flags: &mut [Vec<Flag>]) -> Vec<PayRange> {
    let mut groups: BTreeMap<(String, String), Vec<f64>> = BTreeMap::new();
    for e in entries {
        let Some(pay) = e.monthly_pay else { continue };
        let major = e.major_group.clone().unwrap_or_else(|| "*".into());
        let city = e.city.clone().unwrap_or_else(|| "*".into());
        if major != "*" && city != "*" {
            groups
                .entry((major.clone(), city))
                .or_default()
                .push(pay.ln());
        }
        if major != "*" {
            groups
                .entry((major, "*".into()))
                .or_default()
                .push(pay.ln());
        }
        groups
            .entry(("*".into(), "*".into()))
            .or_default()
            .push(pay.ln());
    }
    let ranges: BTreeMap<(String, String), PayRange> = groups
        .into_iter()
        .filter(|(_, v)| v.len() >= PAY_MIN_GROUP)
        .map(|((m, c), v)| {
            let r = range_of(&m, &c, v);
            ((m, c), r)
        })
        .collect();
    for (e, out) in entries.iter().zip(flags.iter_mut()) {
        let (Some(pay), true) = (e.monthly_pay, e.report) else {
            continue;
        };
        let major = e.major_group.clone().unwrap_or_else(|| "*".into());
        let city = e.city.clone().unwrap_or_else(|| "*".into());
        let range = ranges
            .get(&(major.clone(), city))
            .or_else(|| ranges.get(&(major, "*".into())))
            .or_else(|| ranges.get(&("*".into(), "*".into())));
        let Some(r) = range else { continue };
        if pay > r.high || pay < r.low {
            let side = if pay > r.high { "above" } else { "below" };
            out.push(Flag::new(
                FlagKind::PayOutlier,
                Severity::Warning,
                format!(
                    "monthly pay {pay:.0} is far {side} the range {:.0}-{:.0} (median {:.0}, {} postings) of occupation group {} in {}",
                    r.low, r.high, r.median, r.count, r.major_group, r.city
                ),
                "",
            ));
        }
    }
    ranges.into_values().collect()
}

fn duplicates(entries: &[CorpusEntry], flags: &mut [Vec<Flag>]) {
    let mut buckets: HashMap<(&str, &str, Option<&str>), Vec<usize>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        let Some(employer) = e.employer.as_deref() else {
            continue;
        };
        if e.title_key.is_empty() {
            continue;
        }
        buckets
            .entry((employer, e.title_key.as_str(), e.division.as_deref()))
            .or_default()
            .push(i);
    }
    for members in buckets.values() {
        if members.len() < 2 {
            continue;
        }
        let mut members = members.clone();
        members.sort_by(|&a, &b| entries[a].id.cmp(&entries[b].id));
        // Union-find over similar pairs; every group keeps its lowest id.
        let mut parent: Vec<usize> = (0..members.len()).collect();
        fn root(parent: &mut [usize], mut x: usize) -> usize {
            while parent[x] != x {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            x
        }
        for a in 0..members.len() {
            for b in a + 1..members.len() {
                let s = similarity(
                    &entries[members[a]].signature,
                    &entries[members[b]].signature,
                );
                if s >= DUPLICATE_SIMILARITY {
                    let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                    if ra != rb {
                        parent[ra.max(rb)] = ra.min(rb);
                    }
                }
            }
        }
        for k in 0..members.len() {
            let r = root(&mut parent, k);
            if r == k || !entries[members[k]].report {
                continue;
            }
            let canonical = &entries[members[r]];
            let s = similarity(&entries[members[k]].signature, &canonical.signature);
            flags[members[k]].push(Flag::new(
                FlagKind::Duplicate,
                Severity::Block,
                format!(
                    "duplicate of {} (same employer, title and place; description {:.0}% similar)",
                    canonical.id,
                    s * 100.0
                ),
                "",
            ));
        }
    }
}
