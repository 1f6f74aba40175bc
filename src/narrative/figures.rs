//! The figures of a sentence: every quantity that states a count, left to
//! right, with the phrase it counts. A quantity is not a figure when what is
//! around it makes it something else: a code, a rank, the second number of a
//! range, an upper bound, an order of magnitude (`数十条`), masked text, a
//! duration or a compound word after its unit, a ranking move (`前进了三名`),
//! or a Chinese numeral that does not end its clause.
//!
//! Precision first: this module must not take a doubtful number as a figure,
//! and must not map a figure to an indicator (that is [`matcher`](super::matcher)).

use super::numbers::{run_len, starts_number};
use super::phrases::counted_phrase;
use super::quantities::{Quantity, read_quantity};
use super::sentences::{Sentence, ends_with, starts_with};
use super::words::{
    NOT_AFTER_UNIT, NOT_QUALIFIER, RANKING, UPPER_BOUNDS_AFTER, UPPER_BOUNDS_BEFORE, is_boundary,
};
use crate::text::lexicon;

/// A figure found in a sentence.
#[derive(Debug)]
pub(super) struct Figure {
    /// Where the raw text starts (a prefix qualifier included).
    pub(super) start: usize,
    pub(super) quantity: Quantity,
    pub(super) label: String,
    /// The label is the tail of a coordinated phrase (`信函、传真申请`): what
    /// it counts may be shared with the words before the `、`.
    pub(super) coordinated: bool,
}

/// Every figure in a sentence, left to right.
pub(super) fn figures(s: &Sentence) -> Vec<Figure> {
    let mut out: Vec<Figure> = Vec::new();
    let mut i = 0;
    while i < s.text.len() {
        let c = s.text[i];
        let at_run_start = starts_number(c) && (i == 0 || !starts_number(s.text[i - 1]));
        if !at_run_start {
            i += 1;
            continue;
        }
        let run = run_len(&s.text[i..]).max(1);
        let previous_end = out.last().map_or(0, |f| f.quantity.end);
        match figure_at(s, i, previous_end) {
            Some(figure) => {
                i = figure.quantity.end;
                out.push(figure);
            }
            None => i += run,
        }
    }
    out
}

/// The figure whose number starts at `i`, if it is one.
fn figure_at(s: &Sentence, i: usize, previous_end: usize) -> Option<Figure> {
    let text = &s.text;
    let before = |k: usize| i.checked_sub(k).and_then(|j| text.get(j)).copied();
    // URLs, codes, phone numbers, decimals cut in half: `v6`, `0591-`, `3.5`.
    if before(1).is_some_and(|c| c.is_ascii_alphanumeric() || "/@_#=&.:-~+".contains(c)) {
        return None;
    }
    // Ranks and top-N: 第四, 前3名.
    if matches!(before(1), Some('第' | '前')) {
        return None;
    }
    // The second number of a range: 3至5个, 3～5人.
    if matches!(before(1), Some('至' | '到' | '～' | '—' | '–'))
        && (2..=4).any(|k| before(k).is_some_and(starts_number))
    {
        return None;
    }
    if UPPER_BOUNDS_BEFORE.iter().any(|w| ends_with(text, i, w)) {
        return None;
    }
    let quantity = read_quantity(text, i)?;
    // 数十条, 几百人, 上千件: an order of magnitude, not a count; 上一篇,
    // 下一条 (page navigation), 其中一项, 这一次, 同一件: not counts either.
    if quantity.in_words && before(1).is_some_and(|c| "数几上成好若下这那同某另中每".contains(c))
    {
        return None;
    }
    let prefix = lexicon()
        .before
        .iter()
        .copied()
        .find(|q| ends_with(text, i, q))
        .filter(|q| {
            let n = q.chars().count();
            !NOT_QUALIFIER.iter().any(|w| ends_with(text, i, w)) && !s.masked[i - n]
        });
    let start = i - prefix.map_or(0, |q| q.chars().count());
    if s.masked[start..quantity.end].iter().any(|m| *m) {
        return None;
    }
    if !stands_alone(text, &quantity) {
        return None;
    }
    let (label, coordinated) = counted_phrase(s, start, quantity.end, previous_end);
    if matches!(quantity.measure, "名" | "位") && RANKING.iter().any(|w| label.contains(w)) {
        return None;
    }
    Some(Figure {
        start,
        quantity,
        label,
        coordinated,
    })
}

/// What follows a quantity lets it be a figure: not a duration, a compound
/// word, a name, the start of a range or an upper bound. A Chinese numeral
/// must end its clause (`稿件一篇，`) or precede a title (`一期《简报》`), since
/// `一项重要工作` and `一次性` are words, not counts.
fn stands_alone(text: &[char], q: &Quantity) -> bool {
    let after = text.get(q.end).copied();
    let after_unit: String = text[q.unit_end..].iter().take(4).collect();
    let after_unit = after_unit
        .strip_prefix(['多', '余'])
        .map_or(after_unit.as_str(), |rest| rest);
    if NOT_AFTER_UNIT
        .iter()
        .any(|(unit, words)| *unit == q.measure && words.iter().any(|w| after_unit.starts_with(w)))
    {
        return false;
    }
    // `94篇次` with no such unit known: the unit is longer than what was read.
    if text.get(q.unit_end) == Some(&'次') && !q.measure.ends_with('次') {
        return false;
    }
    if UPPER_BOUNDS_AFTER
        .iter()
        .any(|w| starts_with(text, q.end, w))
    {
        return false;
    }
    if after.is_some_and(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    // 3个至5个, 1-2次: the first number of a range.
    if matches!(after, Some('至' | '到' | '～' | '~' | '-' | '—' | '–'))
        && text.get(q.end + 1).is_some_and(|c| starts_number(*c))
    {
        return false;
    }
    if q.in_words {
        // `一起` is "together", not one case.
        if q.measure == "起" {
            return false;
        }
        let clause_ends = after.is_none_or(|c| is_boundary(c) || c == '《' || c == '“');
        if !clause_ends || q.measure.is_empty() {
            return false;
        }
    }
    true
}
