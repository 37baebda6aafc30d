//! Hierarchical codes: occupation codes (levels at `-` or `.`) and administrative
//! division codes (levels at 2, 4, 6, 9 and 12 digits).

/// Every prefix of an occupation code that ends at a separator boundary, most
/// general first, the code itself last. An empty level (two separators in a
/// row) is not a level, as in [`shared_occupation_levels`].
///
/// ```
/// use jobmatch::normalise::codes::occupation_prefixes;
/// assert_eq!(occupation_prefixes("6-18-01-01"), ["6", "6-18", "6-18-01", "6-18-01-01"]);
/// assert_eq!(occupation_prefixes("2512.4"), ["2512", "2512.4"]);
/// assert_eq!(occupation_prefixes("6--01"), ["6", "6--01"]);
/// ```
pub fn occupation_prefixes(code: &str) -> Vec<&str> {
    let mut out: Vec<&str> = code
        .char_indices()
        .filter(|&(_, c)| c == '-' || c == '.')
        .map(|(i, _)| &code[..i])
        .filter(|p| !p.is_empty() && !p.ends_with(['-', '.']))
        .collect();
    if !code.is_empty() {
        out.push(code);
    }
    out
}

/// Number of hierarchy levels of an occupation code.
///
/// The count [`occupation_prefixes`] would give, without building the list
/// (the scorer asks for it for every pair it scores).
pub fn occupation_depth(code: &str) -> usize {
    let is_sep = |c: u8| c == b'-' || c == b'.';
    let bytes = code.as_bytes();
    // A separator ends a level when something other than a separator comes
    // right before it; the code itself is the last level.
    let ends = bytes
        .windows(2)
        .filter(|w| is_sep(w[1]) && !is_sep(w[0]))
        .count();
    ends + usize::from(!code.is_empty())
}

/// Whether two occupation codes can be compared level by level: `false` only
/// when one is clearly a Chinese classification code (levels at `-`, such as
/// `6-18-01-01`) and the other clearly an ISCO/ESCO code (digits with levels at
/// `.`, or a group of two or more digits, such as `2654.1.7` or `2654`). A
/// one-digit major group (`6`) is compatible with both.
///
/// ```
/// use jobmatch::normalise::codes::comparable_occupation_codes;
/// assert!(comparable_occupation_codes("6-18-01-01", "6-18"));
/// assert!(comparable_occupation_codes("2654.1.7", "2654"));
/// assert!(!comparable_occupation_codes("6-18-01-01", "2654.1.7"));
/// assert!(!comparable_occupation_codes("2-02", "2654"));
/// assert!(comparable_occupation_codes("6", "2654.1.7"));
/// ```
pub fn comparable_occupation_codes(a: &str, b: &str) -> bool {
    // 1: Chinese (dashed), 2: ISCO/ESCO (dotted or multi-digit), 0: either.
    let system = |c: &str| {
        if c.contains('-') {
            1u8
        } else if c.contains('.') || c.len() > 1 {
            2
        } else {
            0
        }
    };
    let (x, y) = (system(a), system(b));
    x == 0 || y == 0 || x == y
}

/// Number of levels two occupation codes share (0 when they share none).
/// Allocation-free: it walks both codes once.
///
/// ```
/// use jobmatch::normalise::codes::shared_occupation_levels;
/// assert_eq!(shared_occupation_levels("6-18-01-01", "6-18-02-03"), 2);
/// assert_eq!(shared_occupation_levels("6-18-01-01", "6-18-01-01"), 4);
/// assert_eq!(shared_occupation_levels("6-18", "6-180"), 1);
/// ```
pub fn shared_occupation_levels(a: &str, b: &str) -> usize {
    let is_sep = |c: u8| c == b'-' || c == b'.';
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut levels, mut i, mut segment_len) = (0, 0, 0);
    loop {
        let a_end = i == a.len() || is_sep(a[i]);
        let b_end = i == b.len() || is_sep(b[i]);
        if a_end || b_end {
            if !(a_end && b_end) {
                return levels;
            }
            if segment_len > 0 || levels > 0 {
                levels += usize::from(segment_len > 0);
            }
            if i == a.len() || i == b.len() || a[i] != b[i] {
                return levels;
            }
            segment_len = 0;
        } else if a[i] != b[i] {
            return levels;
        } else {
            segment_len += 1;
        }
        i += 1;
    }
}

/// The digit counts at which division codes have levels: province, city,
/// county, township, community.
pub const DIVISION_LEVELS: [usize; 5] = [2, 4, 6, 9, 12];

/// Prefixes of a division code at each level it reaches, province first.
/// Trailing zero groups (`220100` is the city `2201`) are treated as absent.
///
/// ```
/// use jobmatch::normalise::codes::division_prefixes;
/// assert_eq!(division_prefixes("220102001"), ["22", "2201", "220102", "220102001"]);
/// assert_eq!(division_prefixes("220100"), ["22", "2201"]);
/// ```
pub fn division_prefixes(code: &str) -> Vec<&str> {
    let code = significant_division_code(code);
    DIVISION_LEVELS
        .iter()
        .take_while(|&&n| at_level(code, n))
        .map(|&n| &code[..n])
        .collect()
}

/// Whether `code` reaches the level that ends at byte `n`. A code that is not
/// all ASCII digits (never a loaded one) ends at the first level boundary that
/// would split a character, so no function here slices inside one.
fn at_level(code: &str, n: usize) -> bool {
    n <= code.len() && code.is_char_boundary(n)
}

/// A division code without trailing all-zero level groups (`220100` is `2201`).
pub fn significant_division_code(code: &str) -> &str {
    let mut end = code.len();
    while let Some(i) = DIVISION_LEVELS.iter().position(|&n| n == end) {
        if i == 0 {
            break;
        }
        let start = DIVISION_LEVELS[i - 1];
        if code.as_bytes()[start..end].iter().all(|&b| b == b'0') {
            end = start;
        } else {
            break;
        }
    }
    &code[..end]
}

/// How many levels two division codes share (0 to 5). Allocation-free.
pub fn shared_division_levels(a: &str, b: &str) -> usize {
    let (a, b) = (significant_division_code(a), significant_division_code(b));
    DIVISION_LEVELS
        .iter()
        .take_while(|&&n| {
            at_level(a, n) && at_level(b, n) && a.as_bytes()[..n] == b.as_bytes()[..n]
        })
        .count()
}

/// Whether division `code` lies inside `region` (equal, or `region` a prefix at a
/// level boundary).
///
/// ```
/// use jobmatch::normalise::codes::division_within;
/// assert!(division_within("220102001", "2201"));
/// assert!(!division_within("2202", "2201"));
/// ```
pub fn division_within(code: &str, region: &str) -> bool {
    let (code, region) = (
        significant_division_code(code),
        significant_division_code(region),
    );
    DIVISION_LEVELS.contains(&region.len())
        && code.len() >= region.len()
        && code.starts_with(region)
}

/// A division code's significant digits as a number, for inner loops: the
/// same answers as [`division_within`] and [`shared_division_levels`] on the
/// strings, without touching them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PackedDivision {
    /// No code.
    Absent,
    /// Plain ASCII digits (at most 17): the number and the digit count.
    Digits(u64, u8),
    /// Anything else: only the string functions can decide.
    Other,
}

impl PackedDivision {
    pub(crate) fn of(code: Option<&str>) -> PackedDivision {
        let Some(code) = code else {
            return PackedDivision::Absent;
        };
        let significant = significant_division_code(code);
        if significant.len() > 17 || !significant.bytes().all(|b| b.is_ascii_digit()) {
            return PackedDivision::Other;
        }
        let value = significant
            .bytes()
            .fold(0u64, |v, b| v * 10 + u64::from(b - b'0'));
        PackedDivision::Digits(value, significant.len() as u8)
    }

    /// The first `n` digits of a packed code of `len` digits (`n <= len`).
    pub(crate) fn prefix(value: u64, len: u8, n: u8) -> u64 {
        value / 10u64.pow(u32::from(len - n))
    }

    /// [`division_within`] for two packed digit codes; `region` must be a whole
    /// level (a packed region of another length contains nothing).
    pub(crate) fn digits_within((c, cl): (u64, u8), (r, rl): (u64, u8)) -> bool {
        cl >= rl && Self::prefix(c, cl, rl) == r
    }

    /// [`shared_division_levels`] for two packed digit codes.
    pub(crate) fn digits_shared_levels((a, al): (u64, u8), (b, bl): (u64, u8)) -> usize {
        DIVISION_LEVELS
            .iter()
            .map(|&n| n as u8)
            .take_while(|&n| n <= al && n <= bl && Self::prefix(a, al, n) == Self::prefix(b, bl, n))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The hierarchy as sets of prefixes: the reference the fast functions must match.
    fn shared(pa: Vec<&str>, pb: Vec<&str>) -> usize {
        pa.iter().zip(pb.iter()).take_while(|(x, y)| x == y).count()
    }

    proptest! {
        #[test]
        fn occupation_levels_match_the_prefix_definition(a in "[0-9]{1,2}([-.][0-9]{1,2}){0,3}", b in "[0-9]{1,2}([-.][0-9]{1,2}){0,3}") {
            prop_assert_eq!(shared_occupation_levels(&a, &b), shared(occupation_prefixes(&a), occupation_prefixes(&b)));
            prop_assert_eq!(shared_occupation_levels(&a, &a), occupation_depth(&a));
        }

        /// Differential: the depth counted in place is the number of prefixes,
        /// whatever the separators (doubled, leading, trailing).
        #[test]
        fn occupation_depth_counts_the_prefixes(code in "[-.0-9a-z]{0,12}") {
            prop_assert_eq!(occupation_depth(&code), occupation_prefixes(&code).len());
        }

        #[test]
        fn division_functions_match_the_prefix_definition(a in "[0-9]{2,12}", b in "[0-9]{2,12}", cut in 0usize..5) {
            prop_assert_eq!(shared_division_levels(&a, &b), shared(division_prefixes(&a), division_prefixes(&b)));
            let region = &a[..DIVISION_LEVELS[cut].min(a.len())];
            prop_assert_eq!(division_within(&b, region), division_prefixes(&b).contains(&significant_division_code(region)));
            prop_assert_eq!(division_within(&a, &b), division_prefixes(&a).contains(&significant_division_code(&b)));
        }

        /// Differential: the packed forms answer as the string functions do.
        #[test]
        fn packed_divisions_agree_with_the_strings(a in "[0-9]{0,13}", b in "[0-9]{0,13}|22|2201|220102") {
            if let (PackedDivision::Digits(x, xl), PackedDivision::Digits(y, yl)) =
                (PackedDivision::of(Some(&a)), PackedDivision::of(Some(&b)))
            {
                prop_assert_eq!(PackedDivision::digits_shared_levels((x, xl), (y, yl)), shared_division_levels(&a, &b));
                if DIVISION_LEVELS.contains(&usize::from(yl)) {
                    prop_assert_eq!(PackedDivision::digits_within((x, xl), (y, yl)), division_within(&a, &b));
                } else {
                    prop_assert!(!division_within(&a, &b));
                }
            }
        }
    }
}
