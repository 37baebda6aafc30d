//! Personal data: masking contact details and ID numbers in free text, keyed
//! pseudonyms for files that leave the service, and the non-personalised mode.
//!
//! # What never leaves the engine
//! * Fields the data contract names as personal (`id_number`, `phone`, `name`,
//!   `gender`, `birth_date`, ...; see [`crate::load::PERSONAL_FIELDS`]) are
//!   dropped at load time: they never reach the index, the scores, the
//!   outputs, a log line or an error message.
//! * Free text (titles, descriptions, summaries, skill and place names) can
//!   still hold such data, typed in by an employer or a seeker. The loader
//!   passes every free-text field through [`mask_text`], which replaces
//!   Chinese resident ID-card numbers (18 digits, the last possibly `X`, or the
//!   old 15 digits), mobile numbers (`1[3-9]` + 9 digits, also `+86`/`86`
//!   prefixed and grouped 3-4-4), landline numbers (area code `0…`, 10-12
//!   digits) and e-mail addresses with a marker. The push masks its output
//!   text again, for records built in code rather than loaded.
//!   Names in free text cannot be recognised reliably and are not masked;
//!   free text other than titles, place and skill names never reaches an
//!   output.
//!
//! ```
//! use jobmatch::privacy::mask_text;
//! assert_eq!(mask_text("电话 139-1234-5678 张先生"), "电话 [phone] 张先生");
//! assert_eq!(mask_text("身份证220102199001011234"), "身份证[id-number]");
//! assert_eq!(mask_text("月薪 4000-6000 元, 2026-11-27"), "月薪 4000-6000 元, 2026-11-27");
//! ```
//!
//! # Pseudonyms
//! Seeker ids are pseudonyms already (the contract forbids ID-card numbers as
//! ids), but they are the service's own keys. For files that leave the
//! service, [`Pseudonymiser`] replaces them with a keyed hash: HMAC-SHA256 of
//! the id under a secret key, as 64 lower-case hex digits. The same key gives
//! the same pseudonym on every run and machine; without the key a pseudonym
//! cannot be traced back or recomputed.
//!
//! ```
//! use jobmatch::privacy::Pseudonymiser;
//! let p = Pseudonymiser::new(b"a secret key, 16+ bytes").unwrap();
//! let a = p.pseudonym("S0000001");
//! assert_eq!(a.len(), 64);
//! assert_eq!(a, Pseudonymiser::new(b"a secret key, 16+ bytes").unwrap().pseudonym("S0000001"));
//! assert_ne!(a, Pseudonymiser::new(b"another secret key").unwrap().pseudonym("S0000001"));
//! ```
//!
//! # Non-personalised recommendations (PIPL article 24)
//! A seeker may refuse recommendations based on her personal characteristics.
//! For such a seeker the engine uses **no part of her profile** — not her
//! skills, place, regions, commute, availability, intent or groups; only the
//! service's own rules still apply to her (capacity, and the no-repeat window
//! over what was already pushed to her):
//! [`Snapshot::recommend_non_personalised`](crate::Snapshot::recommend_non_personalised)
//! lists the postings that are live on the date and not withheld by the
//! posting checks, newest first (`posted_at`, postings without a date last),
//! then most openings, then by id. The score is the posting's freshness
//! (1 on the day it was posted, falling linearly to 0 after 90 days); the
//! explanation holds no feature values and a note saying the list is not
//! personalised. The push serves opted-out seekers from this list
//! (`jobmatch push --non-personalised IDS`, see [`crate::push::PushSettings`])
//! and gives them no priority-group treatment, since groups are personal.

use std::borrow::Cow;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::{Error, Result};

/// What replaces a masked ID-card number.
pub const ID_NUMBER_MASK: &str = "[id-number]";
/// What replaces a masked telephone number.
pub const PHONE_MASK: &str = "[phone]";
/// What replaces a masked e-mail address.
pub const EMAIL_MASK: &str = "[email]";

/// The note carried by every non-personalised recommendation.
pub const NON_PERSONALISED_NOTE: &str = "non-personalised: the seeker opted out of personalised recommendations (PIPL art. 24); newest live postings first, no profile used";

/// Replaces ID-card numbers, telephone numbers and e-mail addresses in `text`
/// with [`ID_NUMBER_MASK`], [`PHONE_MASK`] and [`EMAIL_MASK`]. Text without
/// them is returned unchanged (borrowed). Masking is idempotent.
pub fn mask_text(text: &str) -> Cow<'_, str> {
    if !text.bytes().any(|b| b.is_ascii_digit() || b == b'@') {
        return Cow::Borrowed(text);
    }
    let masked = mask_emails(text);
    let masked = mask_numbers(&masked);
    if masked == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(masked)
    }
}

/// [`mask_text`] into an owned string.
pub fn mask_owned(text: String) -> String {
    match mask_text(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(m) => m,
    }
}

fn is_email_local(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn is_email_domain(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-')
}

fn mask_emails(text: &str) -> String {
    if !text.contains('@') {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    // `out` holds `chars[verbatim_from..i]` as they are (before that, masks).
    let mut verbatim_from = 0;
    while i < chars.len() {
        if chars[i] == '@' {
            // Local part: back over what was already copied as it is, never
            // into an address masked before (`a@b.c@d.e`).
            let mut start = i;
            while start > verbatim_from && is_email_local(chars[start - 1]) {
                start -= 1;
            }
            let mut end = i + 1;
            while end < chars.len() && is_email_domain(chars[end]) {
                end += 1;
            }
            // Trailing dots belong to the sentence, not the domain.
            while end > i + 1 && chars[end - 1] == '.' {
                end -= 1;
            }
            let domain: String = chars[i + 1..end].iter().collect();
            if start < i && domain.contains('.') && !domain.starts_with('.') {
                let local_len: usize = chars[start..i].iter().map(|c| c.len_utf8()).sum();
                out.truncate(out.len() - local_len);
                out.push_str(EMAIL_MASK);
                i = end;
                verbatim_from = end;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Whether a run of digit groups (joined) is personal, and which mask fits.
fn classify(groups: &[&str]) -> Option<&'static str> {
    let joined: String = groups.concat();
    let lens: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    let mobile = |d: &str| {
        let b = d.as_bytes();
        d.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
    };
    let id_like = |d: &str| {
        let n = d.len();
        (n == 15 && d.bytes().all(|b| b.is_ascii_digit()))
            || (n == 18
                && d.as_bytes()[..17].iter().all(u8::is_ascii_digit)
                && (d.as_bytes()[17].is_ascii_digit() || d.as_bytes()[17] == b'X'))
    };
    let landline = |d: &str| d.starts_with('0') && (10..=12).contains(&d.len());
    let whole = matches!(
        lens.as_slice(),
        [_] | [3, 4, 4] | [2, 3, 4, 4] | [2, 11] | [6, 8, 4] | [3 | 4, 7 | 8]
    );
    if !whole {
        return None;
    }
    let d = joined.as_str();
    if id_like(d) {
        return Some(ID_NUMBER_MASK);
    }
    if mobile(d) || (d.len() == 13 && d.starts_with("86") && mobile(&d[2..])) {
        return Some(PHONE_MASK);
    }
    if landline(d) {
        return Some(PHONE_MASK);
    }
    None
}

fn mask_numbers(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let starts = bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric());
        if !starts {
            i += 1;
            continue;
        }
        // Digit groups separated by one space or hyphen; an ID number may end in X.
        let mut groups: Vec<(usize, usize)> = Vec::new();
        let mut j = i;
        loop {
            let g = j;
            while j < bytes.len() && bytes[j].is_ascii_digit() {
                j += 1;
            }
            if j < bytes.len() && (bytes[j] == b'X' || bytes[j] == b'x') && j - g == 17 {
                j += 1;
            }
            groups.push((g, j));
            if j + 1 < bytes.len()
                && (bytes[j] == b' ' || bytes[j] == b'-')
                && bytes[j + 1].is_ascii_digit()
            {
                j += 1;
                continue;
            }
            break;
        }
        let end = j;
        let followed = end < bytes.len() && bytes[end].is_ascii_alphanumeric();
        let mut handled = false;
        if !followed {
            let parts: Vec<String> = groups
                .iter()
                .map(|&(a, b)| text[a..b].to_ascii_uppercase())
                .collect();
            let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
            if let Some(mask) = classify(&refs) {
                out.push_str(&text[copied..i]);
                out.push_str(mask);
                copied = end;
                handled = true;
            }
        }
        if !handled && groups.len() > 1 {
            // Each group on its own (e.g. `3000-13912345678`).
            for (k, &(a, b)) in groups.iter().enumerate() {
                let last = k + 1 == groups.len();
                if last && followed {
                    continue;
                }
                let g = text[a..b].to_ascii_uppercase();
                if let Some(mask) = classify(&[g.as_str()]) {
                    out.push_str(&text[copied..a]);
                    out.push_str(mask);
                    copied = b;
                }
            }
        }
        i = end.max(i + 1);
    }
    out.push_str(&text[copied..]);
    out
}

/// Replaces ids with keyed hashes (HMAC-SHA256, hex) for files that leave the
/// service. See the [module docs](self).
#[derive(Clone)]
pub struct Pseudonymiser {
    mac: Hmac<Sha256>,
}

impl std::fmt::Debug for Pseudonymiser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never show the key.
        f.write_str("Pseudonymiser { key: <hidden> }")
    }
}

impl PartialEq for Pseudonymiser {
    fn eq(&self, other: &Self) -> bool {
        self.key_id() == other.key_id()
    }
}

/// Shortest accepted key, in bytes.
pub const MIN_KEY_BYTES: usize = 16;

impl Pseudonymiser {
    /// A pseudonymiser with this secret key.
    ///
    /// # Errors
    /// [`Error::InvalidConfig`] for a key shorter than [`MIN_KEY_BYTES`] bytes
    /// (a short key could be guessed, and with it every pseudonym reversed by
    /// trying every id).
    pub fn new(key: &[u8]) -> Result<Pseudonymiser> {
        if key.len() < MIN_KEY_BYTES {
            return Err(Error::config(format!(
                "the pseudonymisation key must be at least {MIN_KEY_BYTES} bytes long"
            )));
        }
        let mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
            .map_err(|_| Error::config("unusable pseudonymisation key"))?;
        Ok(Pseudonymiser { mac })
    }

    /// The pseudonym of an id: 64 lower-case hex digits.
    pub fn pseudonym(&self, id: &str) -> String {
        let mut mac = self.mac.clone();
        mac.update(id.as_bytes());
        hex(&mac.finalize().into_bytes())
    }

    /// A short public identifier of the key (a pseudonym of a fixed label),
    /// to tell whether two runs used the same key without revealing it.
    pub fn key_id(&self) -> String {
        let mut id = self.pseudonym("jobmatch key id");
        id.truncate(16);
        id
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn masks_phones_ids_and_emails() {
        let cases = [
            ("联系电话13912345678", "联系电话[phone]"),
            ("call +86 139 1234 5678 now", "call +[phone] now"),
            ("8613912345678", "[phone]"),
            ("座机 0431-88886666", "座机 [phone]"),
            ("0431 8888666", "[phone]"),
            ("身份证号: 22010219900101123X", "身份证号: [id-number]"),
            ("id 220102 19900101 1234.", "id [id-number]."),
            ("old 220102900101123", "old [id-number]"),
            ("mail zhang.san@example.com.", "mail [email]."),
            ("pay 3000-13912345678", "pay 3000-[phone]"),
            ("S13912345678", "S13912345678"),
            ("13912345678abc", "13912345678abc"),
            ("139123456789", "139123456789"),
            ("12912345678", "12912345678"),
            (
                "4000-6000元/月 2026-11-27 8:00-17:00",
                "4000-6000元/月 2026-11-27 8:00-17:00",
            ),
            ("220102001001", "220102001001"),
            ("a@b", "a@b"),
            ("", ""),
            // Found by the proptest below: the second address's local part
            // runs back into the first, already masked.
            ("a@aa-a.aa0@a.a", "[email]@a.a"),
        ];
        for (input, want) in cases {
            assert_eq!(mask_text(input), want, "{input}");
        }
        assert!(matches!(mask_text("no digits here"), Cow::Borrowed(_)));
    }

    proptest! {
        #[test]
        fn masking_is_idempotent_and_hides_canaries(
            before in "[a-z 一-龥0-9.,@-]{0,20}",
            after in "[a-z 一-龥.,]{0,20}",
        ) {
            let text = format!("{before} 13912345678 {after}");
            let once = mask_text(&text).into_owned();
            prop_assert!(!once.contains("13912345678"));
            prop_assert_eq!(mask_text(&once).into_owned(), once.clone());
            let id = format!("{before}，220102199001011234。{after}");
            prop_assert!(!mask_text(&id).contains("220102199001011234"));
        }

        #[test]
        fn masking_never_panics(text in "\\PC{0,60}") {
            let _ = mask_text(&text);
        }
    }

    #[test]
    fn pseudonyms_are_keyed_and_stable() {
        assert!(Pseudonymiser::new(b"short").is_err());
        let p = Pseudonymiser::new(b"0123456789abcdef").unwrap();
        let a = p.pseudonym("S1");
        assert_eq!(a.len(), 64);
        assert!(
            a.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        assert_ne!(a, p.pseudonym("S2"));
        assert_eq!(format!("{p:?}"), "Pseudonymiser { key: <hidden> }");
        assert_eq!(p.key_id().len(), 16);
    }

    #[test]
    fn hmac_matches_rfc_4231_test_case_2() {
        // Key "Jefe" is shorter than the minimum, so check the MAC directly.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(b"Jefe").unwrap();
        mac.update(b"what do ya want for nothing?");
        assert_eq!(
            hex(&mac.finalize().into_bytes()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
