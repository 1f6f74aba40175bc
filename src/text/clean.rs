//! Cleaning text as read: [`tidy`] (invisible characters dropped, whitespace
//! collapsed, ends trimmed: the form labels and raw values are stored in) and
//! [`clean`] (tidy, with full-width ASCII folded to half-width: the form text
//! is matched and parsed in). Both are idempotent, and most text is already
//! in form and copied as is.
//!
//! This module changes how text is written, never what it says: it must not
//! read numbers, fold characters beyond width, or know labels or tables.

/// A cell's text as written, minus what no reader sees: invisible characters
/// (zero-width, BOM, private use) removed, whitespace runs (U+3000 and NBSP
/// included) collapsed to one space, ends trimmed. Labels and raw values are
/// stored in this form. Idempotent.
pub fn tidy(raw: &str) -> String {
    squeeze(raw, false)
}

/// [`tidy`], and full-width ASCII folded to half-width (`１８６０` → `1860`,
/// `（一）` → `(一)`): the form text is matched and parsed in. Idempotent.
pub fn clean(raw: &str) -> String {
    squeeze(raw, true)
}

fn squeeze(raw: &str, fold_width: bool) -> String {
    if is_squeezed(raw.as_bytes(), fold_width) {
        return raw.to_owned();
    }
    rebuild(raw, fold_width)
}

/// [`squeeze`], character by character.
fn rebuild(raw: &str, fold_width: bool) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut pending_space = false;
    for c in raw.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' if fold_width => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{E000}'..='\u{F8FF}' => continue,
            _ => c,
        };
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// True when [`squeeze`] would return `raw` unchanged: no whitespace but
/// single inner spaces, no control, invisible or private-use character, and
/// (when folding) no full-width ASCII. Read from the UTF-8 bytes, so most
/// text is copied instead of rebuilt character by character; anything that
/// might need work says false.
fn is_squeezed(b: &[u8], fold_width: bool) -> bool {
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut space = false;
    for (i, &c) in b.iter().enumerate() {
        let needs_work = match c {
            b' ' => space,
            0x00..=0x1F | 0x7F => true,
            // U+0080–U+00A0: C1 controls, NEL, NBSP.
            0xC2 => at(i + 1) <= 0xA0,
            // U+1680 OGHAM SPACE MARK, U+180E.
            0xE1 => matches!(at(i + 1), 0x9A | 0xA0),
            // U+2000–U+200F spaces and zero-width, U+2028–U+202F, U+205F, U+2060.
            0xE2 => match at(i + 1) {
                0x80 => at(i + 2) <= 0x8F || (0xA8..=0xAF).contains(&at(i + 2)),
                0x81 => matches!(at(i + 2), 0x9F | 0xA0),
                _ => false,
            },
            // U+3000 IDEOGRAPHIC SPACE.
            0xE3 => at(i + 1) == 0x80 && at(i + 2) == 0x80,
            // Private use U+E000–U+F8FF, the BOM, full-width ASCII.
            0xEE => true,
            0xEF => {
                let (n1, n2) = (at(i + 1), at(i + 2));
                n1 <= 0xA3
                    || (n1 == 0xBB && n2 == 0xBF)
                    || (fold_width && ((n1 == 0xBC && n2 >= 0x81) || (n1 == 0xBD && n2 <= 0x9E)))
            }
            _ => false,
        };
        if needs_work {
            return false;
        }
        space = c == b' ';
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_is_idempotent_and_strips_invisibles() {
        let raw = " \u{3000}１２\u{200B}３\u{E001}  件\u{a0}";
        assert_eq!(clean(raw), "123 件");
        assert_eq!(clean(&clean(raw)), clean(raw));
        assert_eq!(tidy(raw), "１２３ 件");
        assert_eq!(tidy(&tidy(raw)), tidy(raw));
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            #[test]
            fn the_fast_path_changes_nothing_the_slow_path_would(text in "(\\PC|[ \u{3000}\u{a0}\u{200b}\u{feff}\u{e000}\u{2028}\u{205f}\u{1680}０-９（）\t\n]){0,16}") {
                for fold in [false, true] {
                    if is_squeezed(text.as_bytes(), fold) {
                        prop_assert_eq!(rebuild(&text, fold), text.clone());
                    }
                }
            }
        }
    }
}
