//! What a cell can prove, as arithmetic: a value is an interval ([`Bounds`])
//! read from its record's status and qualifier, intervals add up, and the
//! two sides of a rule compare to [`Outcome::Holds`], [`Outcome::Fails`] or
//! [`Outcome::NotAssessable`] (see [`compare`]).
//!
//! A stated number or 无 is exact; an approximate value is the bound its
//! qualifier states in the lexicon ([`crate::text::lexicon`]: `430余` at
//! least 430, `近1000` at most 1000, `约` no bound); blank, dashes and
//! unparsed text are unknown (never negative). Values in units of different
//! scales (元 and 万元) are never added or compared ([`units_comparable`]).
//!
//! This module computes; it must not know about tables, rules or findings,
//! and must not word anything (the words are in `messages`).

use std::collections::BTreeSet;

use crate::model::{Record, ValueStatus};
use crate::taxonomy::rules::Relation;
use crate::text::{Bound, lexicon};

/// What a value can be: at least `lo`, at most `hi` (`hi` may be infinite).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    /// The least the value can be (0 when unknown: counts are never negative).
    pub lo: f64,
    /// The most the value can be; infinite when unbounded.
    pub hi: f64,
}

impl Bounds {
    /// Anything from 0 up: a blank, a dash, unparsed text.
    pub(crate) const UNKNOWN: Bounds = Bounds {
        lo: 0.0,
        hi: f64::INFINITY,
    };

    /// Exactly `value`.
    pub(crate) fn exact(value: f64) -> Bounds {
        Bounds {
            lo: value,
            hi: value,
        }
    }

    /// What a record's value can be.
    pub fn of(record: &Record) -> Bounds {
        let Some(v) = record.value else {
            return Bounds::UNKNOWN;
        };
        match record.status {
            ValueStatus::Reported | ValueStatus::None => Bounds::exact(v),
            ValueStatus::Approximate => {
                match record.qualifier.as_deref().and_then(|q| lexicon().bound(q)) {
                    Some(Bound::AtLeast) => Bounds {
                        lo: v,
                        hi: f64::INFINITY,
                    },
                    Some(Bound::AtMost) => Bounds { lo: 0.0, hi: v },
                    Some(Bound::About) | None => Bounds::UNKNOWN,
                }
            }
            _ => Bounds::UNKNOWN,
        }
    }

    /// True when the value is known exactly.
    pub(crate) fn is_exact(self) -> bool {
        self.lo == self.hi
    }

    pub(super) fn add(self, other: Bounds) -> Bounds {
        Bounds {
            lo: self.lo + other.lo,
            hi: self.hi + other.hi,
        }
    }

    pub(super) fn contains(self, value: f64) -> bool {
        value >= self.lo - tolerance(self.lo, value) && value <= self.hi + tolerance(self.hi, value)
    }
}

/// How far apart two stated sums may be and still agree: decimals in 万元
/// add up with rounding error, counts never.
pub(super) fn tolerance(a: f64, b: f64) -> f64 {
    let scale = [a, b]
        .into_iter()
        .filter(|x| x.is_finite())
        .fold(1.0_f64, |m, x| m.max(x.abs()));
    1e-9 * scale
}

/// Whether a rule holds on what the cells say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Whatever the unknown cells are, the rule holds.
    Holds,
    /// No value of the unknown cells could make it hold.
    Fails,
    /// Some value of the unknown cells would make it hold, some would not.
    NotAssessable,
}

/// Compare the two sides of a rule (see [`Relation`]).
pub(crate) fn compare(relation: Relation, left: Bounds, right: Bounds) -> Outcome {
    let below = |a: f64, b: f64| a < b - tolerance(a, b);
    match relation {
        Relation::Equal if left.is_exact() && right.is_exact() => {
            if below(left.lo, right.lo) || below(right.lo, left.lo) {
                Outcome::Fails
            } else {
                Outcome::Holds
            }
        }
        Relation::Equal if below(right.hi, left.lo) || below(left.hi, right.lo) => Outcome::Fails,
        Relation::AtLeast if !below(right.lo, left.hi) => Outcome::Holds,
        Relation::AtLeast if below(right.hi, left.lo) => Outcome::Fails,
        Relation::AtMost if !below(left.lo, right.hi) => Outcome::Holds,
        Relation::AtMost if below(left.hi, right.lo) => Outcome::Fails,
        _ => Outcome::NotAssessable,
    }
}

/// Sums across units that do not share a scale (元 and 万元) mean nothing;
/// counts in 件 and 条 add up.
pub(super) fn units_comparable<'r>(records: impl Iterator<Item = &'r Record>) -> bool {
    let units: BTreeSet<&str> = records.filter_map(|r| r.unit.as_deref()).collect();
    units.len() <= 1 || !units.iter().any(|u| is_scaled(u))
}

fn is_scaled(unit: &str) -> bool {
    unit.contains('元') || unit.contains('万') || unit.contains('亿')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds(lo: f64, hi: f64) -> Bounds {
        Bounds { lo, hi }
    }

    #[test]
    fn exact_sums_hold_or_fail() {
        let e = Bounds::exact;
        assert_eq!(compare(Relation::Equal, e(5.0), e(5.0)), Outcome::Holds);
        assert_eq!(compare(Relation::Equal, e(5.0), e(4.0)), Outcome::Fails);
        assert_eq!(
            compare(Relation::Equal, e(0.5), e(0.35 + 0.15)),
            Outcome::Holds
        );
        assert_eq!(compare(Relation::AtLeast, e(5.0), e(7.0)), Outcome::Holds);
        assert_eq!(compare(Relation::AtLeast, e(5.0), e(4.0)), Outcome::Fails);
        assert_eq!(compare(Relation::AtMost, e(5.0), e(5.0)), Outcome::Holds);
        assert_eq!(compare(Relation::AtMost, e(5.0), e(6.0)), Outcome::Fails);
    }

    #[test]
    fn unknown_parts_fail_only_when_nothing_could_mend_them() {
        let e = Bounds::exact;
        // 5 = 3 + blank: the blank may be 2.
        let parts = e(3.0).add(Bounds::UNKNOWN);
        assert_eq!(
            compare(Relation::Equal, e(5.0), parts),
            Outcome::NotAssessable
        );
        // 5 = 7 + blank: no blank of 0 or more mends it.
        let parts = e(7.0).add(Bounds::UNKNOWN);
        assert_eq!(compare(Relation::Equal, e(5.0), parts), Outcome::Fails);
        // at least: 1860 ≤ 1030 + 830 + blanks holds whatever the blanks.
        let channels = e(1860.0).add(Bounds::UNKNOWN);
        assert_eq!(
            compare(Relation::AtLeast, e(1860.0), channels),
            Outcome::Holds
        );
    }

    #[test]
    fn approximate_values_are_bounds() {
        // 430余 against a table of 400: the figure says at least 430.
        assert!(!bounds(430.0, f64::INFINITY).contains(400.0));
        assert!(bounds(430.0, f64::INFINITY).contains(436.0));
        // 近1000 against 990.
        assert!(bounds(0.0, 1000.0).contains(990.0));
        assert_eq!(
            compare(
                Relation::Equal,
                bounds(430.0, f64::INFINITY),
                Bounds::exact(400.0)
            ),
            Outcome::Fails
        );
    }
}
