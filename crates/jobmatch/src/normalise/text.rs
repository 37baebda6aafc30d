//! Character-level normalisation shared by every comparison of names.

/// Folds full-width ASCII forms and the ideographic space to their half-width
/// forms, lowercases, and collapses runs of white space to one space.
///
/// ```
/// use jobmatch::normalise::text::fold;
/// assert_eq!(fold("  Ｍｉｃｒｏｓｏｆｔ　 EXCEL "), "microsoft excel");
/// assert_eq!(fold("数控车床"), "数控车床");
/// ```
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        // The common cases first: an ideograph has no case and is no space
        // (the general path below looks both up in Unicode's tables).
        if matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF) {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
            continue;
        }
        let c = match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        if c.is_ascii() {
            if c.is_whitespace() {
                pending_space = !out.is_empty();
                continue;
            }
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c.to_ascii_lowercase());
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// Whether a character is a CJK ideograph (the scripts jieba segments).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    /// `fold` without its fast paths.
    fn fold_reference(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut pending_space = false;
        for c in text.chars() {
            let c = match c {
                '\u{3000}' => ' ',
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                _ => c,
            };
            if c.is_whitespace() {
                pending_space = !out.is_empty();
                continue;
            }
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.extend(c.to_lowercase());
        }
        out
    }

    proptest! {
        #[test]
        fn fast_paths_fold_as_the_tables_do(
            text in "([\\x00-\\x7f]|[\u{3000}-\u{3010}]|[\u{4e00}-\u{4e10}]|[\u{ff01}-\u{ff5e}]|\\PC|\\s){0,40}"
        ) {
            prop_assert_eq!(super::fold(&text), fold_reference(&text));
        }
    }
}
