//! A quantity at a position of a folded sentence: a number (read by
//! [`numbers`](super::numbers)) with its qualifiers (`近`, `余`, `以上`), its
//! 万/亿 and its measure word or `%`, and the unit as written.
//!
//! This module reads what is written at one position only: it must not decide
//! whether the quantity is a figure (context, ranks, ranges, words: that is
//! [`figures`](super::figures)) and must not scale a value by its 万/亿.

use super::numbers::{Magnitude, Number, read_number};
use super::sentences::starts_with;
use crate::text::lexicon;

/// A quantity: number, qualifier, magnitude and measure word.
#[derive(Debug, Clone, Copy)]
pub(super) struct Quantity {
    pub(super) number: Number,
    magnitude: Option<Magnitude>,
    pub(super) qualifier: Option<&'static str>,
    /// The measure word, `%`, or empty for a bare magnitude (`超10万`).
    pub(super) measure: &'static str,
    /// Where the 万/亿 is written, when it is one character of the text.
    magnitude_at: Option<usize>,
    /// Where the measure word starts.
    measure_at: usize,
    /// The number starts with a Chinese numeral (`一篇`, `三千余人`), which can
    /// be part of a word; `3万`, `13万2` start with a digit.
    pub(super) in_words: bool,
    /// Where the measure word (or the number, when there is none) ends.
    pub(super) unit_end: usize,
    /// Where the quantity ends, qualifiers after the unit included.
    pub(super) end: usize,
}

impl Quantity {
    /// The unit as written: `人次`, `万元`, `亿人次`, `%`, `條`.
    pub(super) fn unit_written(&self, orig: &[char]) -> String {
        let mut unit = String::new();
        match (self.magnitude_at.and_then(|k| orig.get(k)), self.magnitude) {
            (Some(c), _) => unit.push(*c),
            (None, Some(m)) => unit.push_str(m.as_str()),
            (None, None) => {}
        }
        if self.measure == "%" {
            unit.push('%');
        } else {
            unit.extend(orig.get(self.measure_at..self.unit_end).unwrap_or_default());
        }
        unit
    }

    /// The unit in simplified form, for comparing: `人次`, `万元`, `条`.
    pub(super) fn unit(&self) -> String {
        format!(
            "{}{}",
            self.magnitude.map_or("", Magnitude::as_str),
            self.measure
        )
    }
}

/// `number [余|多] [万|亿] [余|多] [ ] unit [以上|左右]` at `text[i..]`, or a
/// percentage (`33.9%`, `百分之三十`).
pub(super) fn read_quantity(text: &[char], i: usize) -> Option<Quantity> {
    let number = read_number(&text[i..])?;
    let in_words = !text[i].is_ascii_digit();
    let mut j = i + number.len;
    let mut magnitude = number.magnitude;
    // `1.2万`: the 万 ends the number; `3亿5千万` is kept in 亿, written nowhere as one character.
    let mut magnitude_at = number
        .magnitude
        .filter(|m| text.get(j - 1).and_then(|c| Magnitude::from_char(*c)) == Some(*m))
        .map(|_| j - 1);
    let mut qualifier = None;
    let number_end = j;
    if number.percent {
        let q = with_suffix(text, number, magnitude, None, "%", number_end);
        return Some(Quantity {
            magnitude_at,
            measure_at: number_end,
            in_words,
            ..q
        });
    }
    if let Some(q) = lexicon()
        .before_unit
        .iter()
        .find(|q| starts_with(text, j, q))
    {
        qualifier = Some(*q);
        j += q.chars().count();
    }
    if magnitude.is_none()
        && let Some(m) = text.get(j).and_then(|c| Magnitude::from_char(*c))
    {
        magnitude = Some(m);
        magnitude_at = Some(j);
        j += 1;
        if qualifier.is_none()
            && let Some(q) = lexicon()
                .before_unit
                .iter()
                .find(|q| starts_with(text, j, q))
        {
            qualifier = Some(*q);
            j += q.chars().count();
        }
    }
    if text.get(j) == Some(&' ') && text.get(j + 1).is_some_and(|c| !c.is_ascii()) {
        j += 1;
    }
    let measure_at = j;
    let measure = if matches!(text.get(j), Some('%' | '％')) {
        Some("%")
    } else {
        lexicon()
            .measure_words
            .iter()
            .copied()
            .find(|u| starts_with(text, j, u))
    };
    let (measure, unit_end) = match measure {
        Some(m) => (m, j + m.chars().count()),
        None if magnitude.is_some() && !in_words => ("", j),
        None => return None,
    };
    let q = with_suffix(text, number, magnitude, qualifier, measure, unit_end);
    Some(Quantity {
        magnitude_at,
        measure_at,
        in_words,
        ..q
    })
}

/// The quantity, with a qualifier written after its unit (`人次以上`, `95%以上`).
fn with_suffix(
    text: &[char],
    number: Number,
    magnitude: Option<Magnitude>,
    mut qualifier: Option<&'static str>,
    measure: &'static str,
    unit_end: usize,
) -> Quantity {
    let mut end = unit_end;
    if qualifier.is_none()
        && let Some(q) = lexicon()
            .after_unit
            .iter()
            .find(|q| starts_with(text, end, q))
    {
        qualifier = Some(*q);
        end += q.chars().count();
    }
    Quantity {
        number,
        magnitude,
        qualifier,
        measure,
        magnitude_at: None,
        measure_at: unit_end,
        in_words: false,
        unit_end,
        end,
    }
}
