//! Cell text → value, status, qualifier and in-cell unit.
//!
//! Pure and idempotent: the same text always gives the same answer, and
//! normalizing already-[`clean`]ed text changes nothing. The statuses keep blank,
//! 无, dashes and 0 apart (see [`ValueStatus`]). This stage must never invent a
//! number: text it does not fully understand is `unparsed` with a null value,
//! and no scaling (万, 亿) is applied to what a cell says.

use crate::model::{Normalized, ValueStatus};
use crate::text::{clean, lexicon};

/// Characters that mean "not applicable" when a cell holds nothing else.
fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '—' | '–' | '―' | '─' | '‐' | '‑' | '‒' | '﹣' | '/' | '\\' | '━'
    )
}

/// Read a cell's text as a value.
pub fn normalize(raw: &str) -> Normalized {
    let text = clean(raw);
    let t = text.as_str();
    if t.is_empty() {
        return outcome(None, ValueStatus::Blank, None, None);
    }
    if lexicon().none_words.contains(&t) {
        return outcome(Some(0.0), ValueStatus::None, None, None);
    }
    if t.chars().all(is_dash) {
        return outcome(None, ValueStatus::NotApplicable, None, None);
    }
    match parse_quantity(t) {
        Some((value, qualifier, unit)) => {
            let status = if qualifier.is_some() {
                ValueStatus::Approximate
            } else {
                ValueStatus::Reported
            };
            outcome(Some(value), status, qualifier, unit)
        }
        None => outcome(None, ValueStatus::Unparsed, None, None),
    }
}

fn outcome(
    value: Option<f64>,
    status: ValueStatus,
    qualifier: Option<&str>,
    unit: Option<&str>,
) -> Normalized {
    Normalized {
        value,
        status,
        qualifier: qualifier.map(str::to_owned),
        unit: unit.map(str::to_owned),
    }
}

/// `[prefix qualifier] number [suffix qualifier] [unit] [suffix qualifier]`,
/// all of the text and nothing else.
fn parse_quantity(t: &str) -> Option<(f64, Option<&'static str>, Option<&'static str>)> {
    let mut rest = t;
    let words = lexicon();
    let mut qualifier = strip_any_prefix(&mut rest, &words.before);
    let (value, after) = parse_number(rest.trim_start())?;
    rest = after.trim_start();
    if qualifier.is_none() {
        qualifier = strip_any_prefix(&mut rest, &words.after_number);
        rest = rest.trim_start();
    }
    let unit = strip_any_prefix(&mut rest, &words.cell_units);
    rest = rest.trim_start();
    if qualifier.is_none() {
        qualifier = strip_any_prefix(&mut rest, &words.after_number);
    }
    rest.trim().is_empty().then_some((value, qualifier, unit))
}

fn strip_any_prefix(rest: &mut &str, options: &[&'static str]) -> Option<&'static str> {
    let found = options.iter().find(|o| rest.starts_with(**o))?;
    *rest = &rest[found.len()..];
    Some(found)
}

/// A decimal number at the start of `s`: optional sign, digits, optional
/// thousands groups (`1,860`, `1 860`: a separator must be followed by exactly
/// three digits), optional fraction. Returns the number and the text after it.
/// `18 60` or `1,86` is not a number: it could be two cells run together.
fn parse_number(s: &str) -> Option<(f64, &str)> {
    let (negative, body) = match s.strip_prefix(['-', '\u{2212}']) {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let bytes = body.as_bytes();
    let int_len = digit_run(bytes, 0);
    if int_len == 0 {
        return None;
    }
    let mut digits = String::with_capacity(body.len() + 1);
    if negative {
        digits.push('-');
    }
    digits.push_str(&body[..int_len]);
    let mut i = int_len;
    if let Some(&sep) = bytes.get(i).filter(|b| matches!(b, b',' | b' ')) {
        while int_len <= 3 && bytes.get(i) == Some(&sep) && digit_run(bytes, i + 1) == 3 {
            digits.push_str(&body[i + 1..i + 4]);
            i += 4;
        }
    }
    if bytes.get(i) == Some(&b'.') && digit_run(bytes, i + 1) > 0 {
        let frac = digit_run(bytes, i + 1);
        digits.push_str(&body[i..i + 1 + frac]);
        i += 1 + frac;
    }
    // A number must not run on into digits, letters or separators we did not read.
    if bytes
        .get(i)
        .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b','))
    {
        return None;
    }
    let value: f64 = digits.parse().ok()?;
    value.is_finite().then_some((value, &body[i..]))
}

fn digit_run(bytes: &[u8], from: usize) -> usize {
    bytes
        .get(from..)
        .unwrap_or_default()
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ValueStatus as S;

    fn n(s: &str) -> (Option<f64>, ValueStatus, Option<String>, Option<String>) {
        let r = normalize(s);
        (r.value, r.status, r.qualifier, r.unit)
    }

    #[test]
    fn the_design_status_table() {
        assert_eq!(n("1860"), (Some(1860.0), S::Reported, None, None));
        assert_eq!(n("１８６０"), (Some(1860.0), S::Reported, None, None));
        assert_eq!(n(" 148 "), (Some(148.0), S::Reported, None, None));
        assert_eq!(n("0"), (Some(0.0), S::Reported, None, None));
        assert_eq!(n("无"), (Some(0.0), S::None, None, None));
        assert_eq!(n("没有"), (Some(0.0), S::None, None, None));
        for blank in ["", "\u{a0}", "  \u{3000} ", "\n"] {
            assert_eq!(n(blank), (None, S::Blank, None, None));
        }
        for dash in ["——", "—", "-", "/", "／", "－", "--"] {
            assert_eq!(n(dash).1, S::NotApplicable, "{dash}");
            assert_eq!(n(dash).0, None);
        }
        assert_eq!(
            n("430余"),
            (Some(430.0), S::Approximate, Some("余".into()), None)
        );
        assert_eq!(
            n("约4900"),
            (Some(4900.0), S::Approximate, Some("约".into()), None)
        );
        assert_eq!(
            n("3000多"),
            (Some(3000.0), S::Approximate, Some("多".into()), None)
        );
        assert_eq!(
            n("近1000"),
            (Some(1000.0), S::Approximate, Some("近".into()), None)
        );
        assert_eq!(n("见附件"), (None, S::Unparsed, None, None));
    }

    #[test]
    fn numbers_as_they_appear_in_cells() {
        assert_eq!(n("-8").0, Some(-8.0));
        assert_eq!(n("－8").0, Some(-8.0));
        assert_eq!(n("96171.6").0, Some(96171.6));
        assert_eq!(n("1,860").0, Some(1860.0));
        assert_eq!(n("1，234，567").0, Some(1234567.0));
        assert_eq!(n("1 860").0, Some(1860.0));
        assert_eq!(n("18 60").1, S::Unparsed);
        assert_eq!(
            n("251000元"),
            (Some(251000.0), S::Reported, None, Some("元".into()))
        );
        assert_eq!(
            n("430余人次"),
            (
                Some(430.0),
                S::Approximate,
                Some("余".into()),
                Some("人次".into())
            )
        );
        assert_eq!(n("1000人次以上").2, Some("以上".into()));
        assert_eq!(n("33.9%").3, Some("%".into()));
    }

    /// A table cell's `不少于1030` was `unparsed` while the narrative and the
    /// audit read the same words as a lower bound: the lists had drifted.
    #[test]
    fn regression_lower_bound_words_in_a_cell_read_as_in_the_narrative() {
        for (text, word) in [
            ("不少于1030件", "不少于"),
            ("至少12件", "至少"),
            ("将近300人", "将近"),
        ] {
            let (value, status, qualifier, _) = n(text);
            assert_eq!(status, S::Approximate, "{text}");
            assert_eq!(qualifier.as_deref(), Some(word), "{text}");
            let narrative = crate::narrative::read(text);
            assert_eq!(value, narrative.value, "{text}: cell and narrative agree");
            assert_eq!(qualifier, narrative.qualifier, "{text}");
        }
        assert_eq!(n("不少于1030").0, Some(1030.0));
        assert_eq!(n("不少于1030").1, S::Approximate);
    }

    #[test]
    fn what_is_not_a_number_stays_unparsed() {
        for text in [
            "1,86",
            "12,3456",
            "1.2.3",
            "12a",
            "2015年",
            "一",
            "1 | 2 | 3x",
            "0x10",
            "1e5",
        ] {
            assert_eq!(n(text).1, S::Unparsed, "{text}");
            assert_eq!(n(text).0, None, "{text}");
        }
    }

    mod properties {
        use super::super::*;
        use crate::text::tidy;
        use proptest::prelude::*;

        fn check(text: &str) -> Result<(), TestCaseError> {
            let once = normalize(text);
            prop_assert_eq!(&normalize(&clean(text)), &once);
            prop_assert_eq!(&normalize(&tidy(text)), &once);
            prop_assert_eq!(clean(&clean(text)), clean(text));
            prop_assert_eq!(tidy(&tidy(text)), tidy(text));
            let has_value = once.value.is_some();
            match once.status {
                ValueStatus::Reported | ValueStatus::Approximate => prop_assert!(has_value),
                ValueStatus::None => prop_assert_eq!(once.value, Some(0.0)),
                _ => prop_assert!(!has_value),
            }
            prop_assert_eq!(
                once.qualifier.is_some(),
                once.status == ValueStatus::Approximate
            );
            prop_assert!(once.value.is_none_or(f64::is_finite));
            Ok(())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            fn any_text(text in "\\PC{0,24}") {
                check(&text)?;
            }

            #[test]
            fn cell_like_text(text in "[0-9０-９,，.． \u{3000}\u{a0}余多约近超以上左右无没有—\\-－/人次件条元万]{0,12}") {
                check(&text)?;
            }

            #[test]
            fn integers_read_back(n in -1_000_000_000i64..1_000_000_000) {
                let r = normalize(&n.to_string());
                prop_assert_eq!((r.value, r.status), (Some(n as f64), ValueStatus::Reported));
            }

            #[test]
            fn decimals_read_back(int in 0u32..100_000, frac in 0u32..100) {
                let text = format!("{int}.{frac:02}");
                let r = normalize(&text);
                prop_assert_eq!(r.value, text.parse::<f64>().ok());
            }
        }
    }
}
