//! The words read around numbers — qualifiers, none-words, units and measure
//! words — from one data file, `taxonomy/lexicon.toml`, with what each word
//! means for each use.
//!
//! Table cells ([`crate::normalize`]), the narrative's figures and the audit
//! all read a qualifier through here, so `不少于1030` is a lower bound of 1030
//! wherever it is written. Every list is ordered longest word first, so that
//! a caller that takes the first match takes the longest (`不少于` before
//! `少`, `人次` before `人`). This module only lists words: it must not read
//! numbers or decide statuses.

use std::sync::LazyLock;

use serde::Deserialize;

/// The lexicon file, built into the binary.
const LEXICON: &str = include_str!("../../taxonomy/lexicon.toml");

/// Where a qualifier is written relative to its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    /// Before the number: `约4900`, `不少于1030`.
    Before,
    /// Between the number and its unit: `430余人次`, `3000多件`.
    BeforeUnit,
    /// After the unit, or after the number when there is none: `1000人次以上`.
    AfterUnit,
}

/// What a qualifier makes of the number it qualifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// The true value is at least the number (`430余`, `超过1000`, `不少于30`).
    AtLeast,
    /// The true value is at most the number (`近1000`, `将近3亿`).
    AtMost,
    /// Near the number, no bound either way (`约`, `左右`).
    About,
}

/// One qualifier word and what it means.
#[derive(Debug, Clone, Deserialize)]
pub struct Qualifier {
    /// The word as written.
    pub word: String,
    /// Where it is written.
    pub place: Place,
    /// What it makes of the number.
    pub bound: Bound,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    qualifiers: Vec<Qualifier>,
    none_words: Vec<String>,
    cell_units: Vec<String>,
    measure_words: Vec<String>,
}

/// The lexicon, with each list as `&'static str`s in matching order.
#[derive(Debug)]
pub struct Lexicon {
    /// Every qualifier, in the file's order.
    pub qualifiers: Vec<Qualifier>,
    /// Qualifiers written before the number, longest first.
    pub before: Vec<&'static str>,
    /// Qualifiers written between the number and its unit, longest first.
    pub before_unit: Vec<&'static str>,
    /// Qualifiers written after the unit, longest first.
    pub after_unit: Vec<&'static str>,
    /// Qualifiers written anywhere after the number (before or after a
    /// unit), longest first: what a table cell may carry there.
    pub after_number: Vec<&'static str>,
    /// Words that state "none".
    pub none_words: Vec<&'static str>,
    /// Units a table cell may write after its number, longest first.
    pub cell_units: Vec<&'static str>,
    /// Measure words of the narrative's figures, longest first.
    pub measure_words: Vec<&'static str>,
}

static BUILTIN: LazyLock<Lexicon> = LazyLock::new(|| {
    // The file is part of the binary and checked by the tests below: a
    // syntax error here is a build defect, not bad input.
    let file: File = toml::from_str(LEXICON).expect("taxonomy/lexicon.toml is valid");
    Lexicon::from_file(file)
});

/// The built-in lexicon.
pub fn lexicon() -> &'static Lexicon {
    &BUILTIN
}

impl Lexicon {
    fn from_file(file: File) -> Lexicon {
        let words = |placed: &dyn Fn(Place) -> bool| {
            longest_first(
                file.qualifiers
                    .iter()
                    .filter(|q| placed(q.place))
                    .map(|q| q.word.clone())
                    .collect(),
            )
        };
        Lexicon {
            before: words(&|p| p == Place::Before),
            before_unit: words(&|p| p == Place::BeforeUnit),
            after_unit: words(&|p| p == Place::AfterUnit),
            after_number: words(&|p| p != Place::Before),
            none_words: leak_all(file.none_words),
            cell_units: longest_first(file.cell_units),
            measure_words: longest_first(file.measure_words),
            qualifiers: file.qualifiers,
        }
    }

    /// What a qualifier word states about its number; `None` for a word that
    /// is not a qualifier.
    pub fn bound(&self, word: &str) -> Option<Bound> {
        self.qualifiers
            .iter()
            .find(|q| q.word == word)
            .map(|q| q.bound)
    }
}

/// The words, longest first (a stable sort: equal lengths keep the file's order).
fn longest_first(words: Vec<String>) -> Vec<&'static str> {
    let mut words = leak_all(words);
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    words
}

/// The lexicon lives for the whole process: its words are leaked once, so
/// that callers hold plain `&'static str`s.
fn leak_all(words: Vec<String>) -> Vec<&'static str> {
    words
        .into_iter()
        .map(|w| &*Box::leak(w.into_boxed_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_is_filled_and_has_no_repeats() {
        let l = lexicon();
        for list in [
            &l.before,
            &l.before_unit,
            &l.after_unit,
            &l.none_words,
            &l.cell_units,
            &l.measure_words,
        ] {
            assert!(!list.is_empty());
            let mut sorted = list.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), list.len(), "a word listed twice in {list:?}");
        }
    }

    #[test]
    fn lists_match_the_longest_word_first() {
        let l = lexicon();
        for list in [&l.before, &l.after_number, &l.cell_units, &l.measure_words] {
            for (i, a) in list.iter().enumerate() {
                for b in &list[i + 1..] {
                    assert!(!b.starts_with(a), "{b} must come before {a}");
                }
            }
        }
        assert_eq!(l.before[0], "不少于");
    }

    #[test]
    fn qualifiers_state_their_bounds() {
        let l = lexicon();
        for word in ["不少于", "至少", "超过", "逾", "余", "多", "以上"] {
            assert_eq!(l.bound(word), Some(Bound::AtLeast), "{word}");
        }
        for word in ["近", "将近"] {
            assert_eq!(l.bound(word), Some(Bound::AtMost), "{word}");
        }
        for word in ["约", "大约", "左右"] {
            assert_eq!(l.bound(word), Some(Bound::About), "{word}");
        }
        assert_eq!(l.bound("件"), None);
    }
}
