//! One table against the sum rules the taxonomy derives for it
//! ([`crate::taxonomy::rules`]): totals against their parts (`sum_equal`,
//! `sum_at_least`), 其中 rows against their whole (`of_which`), total
//! columns against their part columns (`column_sum`), the identities the
//! form prints (`identity`), and totals left blank while their parts state
//! numbers (`total_blank`).
//!
//! A rule fails only when no value of its unknown cells could make it hold;
//! when some could, it is not assessable. A row the table does not have at
//! all counts 0 in its total (the national form and its provincial variants
//! differ in rows), unless a row the taxonomy does not know sits among the
//! rule's rows: then it may be that row, and the rule is not assessable.
//!
//! This module reads one table's records and writes findings; it must not
//! change a value, must not look at the narrative or other tables, and must
//! not word messages (the words are in `messages`).

use std::collections::{BTreeSet, HashMap, HashSet};

use super::bounds::{Bounds, Outcome, compare, units_comparable};
use super::finding::{cell_evidence, key_name, new_finding};
use super::messages::Texts;
use crate::model::{Finding, Record, Report, Rule, Severity, Template, ValueStatus};
use crate::taxonomy::Taxonomy;
use crate::taxonomy::rules::{self, Key, Relation, RuleKind, Rules};

/// One table's cells, ready for its rules.
pub(super) struct TableAudit<'a> {
    taxonomy: &'a Taxonomy,
    /// The first cell of each meaning.
    cells: HashMap<Key, &'a Record>,
    present: HashSet<Key>,
    /// Rows with values the taxonomy does not know.
    unmapped_rows: BTreeSet<u32>,
    rules: Rules,
}

/// One side of a rule as the table states it.
#[derive(Default)]
struct Side<'a> {
    cells: Vec<&'a Record>,
    absent: Vec<Key>,
}

impl<'a> Side<'a> {
    fn bounds(&self, absent_is_zero: bool) -> Bounds {
        let stated = self
            .cells
            .iter()
            .fold(Bounds::exact(0.0), |b, r| b.add(Bounds::of(r)));
        if absent_is_zero || self.absent.is_empty() {
            stated
        } else {
            stated.add(Bounds::UNKNOWN)
        }
    }

    fn stated(&self) -> impl Iterator<Item = &&'a Record> {
        self.cells.iter().filter(|r| {
            matches!(
                r.status,
                ValueStatus::Reported | ValueStatus::None | ValueStatus::Approximate
            )
        })
    }

    fn unknown_cells(&self) -> usize {
        self.cells
            .iter()
            .filter(|r| !Bounds::of(r).is_exact())
            .count()
    }
}

/// Both sides of one rule as the table states them, and what they can be.
struct Sides<'a> {
    left: Side<'a>,
    right: Side<'a>,
    /// Whether the rows the table lacks count 0 (see
    /// [`TableAudit::absent_is_zero`]).
    absent_is_zero: bool,
    l: Bounds,
    r: Bounds,
}

impl<'a> Sides<'a> {
    fn cells(&self) -> impl Iterator<Item = &&'a Record> {
        self.left.cells.iter().chain(&self.right.cells)
    }
}

impl<'a> TableAudit<'a> {
    pub(super) fn new(
        records: &[&'a Record],
        taxonomy: &'a Taxonomy,
        eras: &[Template],
    ) -> TableAudit<'a> {
        let mut cells = HashMap::new();
        let mut unmapped_rows = BTreeSet::new();
        for r in records {
            match &r.indicator {
                Some(code) => {
                    cells
                        .entry((code.clone(), r.breakdown.clone()))
                        .or_insert(*r);
                }
                None => {
                    unmapped_rows.extend(r.row_no);
                }
            }
        }
        let present: HashSet<Key> = cells.keys().cloned().collect();
        let rules = Rules::derive(taxonomy, eras, &present);
        TableAudit {
            taxonomy,
            cells,
            present,
            unmapped_rows,
            rules,
        }
    }

    pub(super) fn run(&self, report: &Report, out: &mut Vec<Finding>) {
        for rule in &self.rules.rules {
            if let Some(finding) = self.check(rule, report) {
                out.push(finding);
            }
        }
    }

    fn side(&self, keys: &[Key]) -> Side<'a> {
        let mut side = Side::default();
        for key in keys {
            let leaves = self.rules.leaves(key, &self.present);
            side.cells.extend(
                leaves
                    .cells
                    .iter()
                    .filter_map(|k| self.cells.get(k).copied()),
            );
            side.absent.extend(leaves.absent);
        }
        side
    }

    /// A row the table lacks counts 0 in a total of rows, unless an unmapped
    /// row sits among (or just below) the rule's rows: it may be that row.
    fn absent_is_zero(&self, rule: &rules::Rule, left: &Side, right: &Side) -> bool {
        if rule.kind != RuleKind::Parts {
            return false;
        }
        let rows: Vec<u32> = left
            .cells
            .iter()
            .chain(&right.cells)
            .filter_map(|r| r.row_no)
            .collect();
        let (Some(&first), Some(&last)) = (rows.iter().min(), rows.iter().max()) else {
            return false;
        };
        self.unmapped_rows.range(first..=last + 1).next().is_none()
    }

    /// Both sides of `rule`; none when their units cannot be added up.
    fn sides(&self, rule: &rules::Rule) -> Option<Sides<'a>> {
        let left = self.side(&rule.left);
        let right = self.side(&rule.right);
        if !units_comparable(left.cells.iter().chain(&right.cells).copied()) {
            return None;
        }
        let zero = self.absent_is_zero(rule, &left, &right);
        let (l, r) = (left.bounds(zero), right.bounds(zero));
        Some(Sides {
            left,
            right,
            absent_is_zero: zero,
            l,
            r,
        })
    }

    /// The finding of `rule` on this table, if it does not hold.
    fn check(&self, rule: &rules::Rule, report: &Report) -> Option<Finding> {
        let sides = self.sides(rule)?;
        let text = Texts {
            taxonomy: self.taxonomy,
            rule,
        };
        let mut finding = match compare(rule.relation, sides.l, sides.r) {
            Outcome::Holds => return None,
            Outcome::Fails => failed(rule, &sides, &text, report),
            Outcome::NotAssessable => not_assessable(rule, &sides, &text, report)?,
        };
        finding.indicators = indicators(rule);
        finding.evidence = Some(evidence(&sides));
        Some(finding)
    }
}

/// The finding of a rule that no value of its unknown cells could mend.
fn failed(rule: &rules::Rule, sides: &Sides, text: &Texts, report: &Report) -> Finding {
    let (l, r) = (sides.l, sides.r);
    let (actual, expected) = conflicting(rule.relation, l, r);
    new_finding(
        report.into(),
        rule_of(rule),
        Severity::Error,
        text.failure(l, r),
        Some(expected),
        Some(actual),
    )
}

/// The finding of a rule its unknown cells leave undecided: a warning when
/// its total is blank while its parts state numbers, a note when both sides
/// state something, nothing otherwise.
fn not_assessable(
    rule: &rules::Rule,
    sides: &Sides,
    text: &Texts,
    report: &Report,
) -> Option<Finding> {
    let Sides {
        left, right, l, r, ..
    } = sides;
    let (l, r) = (*l, *r);
    let blank_total = matches!(rule.kind, RuleKind::Parts | RuleKind::Columns)
        && left.cells.len() == 1
        && left.cells[0].status == ValueStatus::Blank;
    let parts_nonzero = right.stated().any(|c| c.value.is_some_and(|v| v != 0.0));
    if blank_total && parts_nonzero {
        Some(new_finding(
            report.into(),
            Rule::TotalBlank,
            Severity::Warning,
            text.blank_total(r),
            Some(r.lo),
            None,
        ))
    } else if left.stated().next().is_some() && right.stated().next().is_some() {
        let unknown = left.unknown_cells() + right.unknown_cells();
        let absent = if sides.absent_is_zero {
            0
        } else {
            left.absent.len() + right.absent.len()
        };
        Some(new_finding(
            report.into(),
            rule_of(rule),
            Severity::Info,
            text.not_assessable(l, r, unknown, absent),
            r.is_exact().then_some(r.lo),
            l.is_exact().then_some(l.lo),
        ))
    } else {
        None
    }
}

/// The cells a rule names, each once, left side first.
fn indicators(rule: &rules::Rule) -> Vec<String> {
    rule.left
        .iter()
        .chain(&rule.right)
        .map(key_name)
        .fold(Vec::new(), |mut v, k| {
            if !v.contains(&k) {
                v.push(k);
            }
            v
        })
}

/// Every cell read, then every row looked for and not found (unless those
/// count 0).
fn evidence(sides: &Sides) -> String {
    let mut evidence: Vec<String> = sides.cells().map(|r| cell_evidence(r)).collect();
    if !sides.absent_is_zero {
        evidence.extend(
            sides
                .left
                .absent
                .iter()
                .chain(&sides.right.absent)
                .map(|k| format!("{}: no such row", key_name(k))),
        );
    }
    evidence.join("; ")
}

/// The stated side and the expectation that conflicts with it: (actual,
/// expected). For a 其中 rule the actual value is the part, the expected its
/// whole; otherwise the total and the sum of its parts.
fn conflicting(relation: Relation, l: Bounds, r: Bounds) -> (f64, f64) {
    match relation {
        Relation::AtMost => (r.lo, l.hi),
        _ if r.hi < l.lo => (l.lo, r.hi),
        _ => (l.hi, r.lo),
    }
}

/// The audit rule a derived sum rule is checked as.
fn rule_of(rule: &rules::Rule) -> Rule {
    match (rule.kind, rule.relation) {
        (RuleKind::Parts, Relation::AtLeast) => Rule::SumAtLeast,
        (RuleKind::Parts, _) => Rule::SumEqual,
        (RuleKind::OfWhich, _) => Rule::OfWhich,
        (RuleKind::Columns, _) => Rule::ColumnSum,
        (RuleKind::Identity, _) => Rule::Identity,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::audit;
    use crate::model::Origin;

    /// The report of a pre-2019 document (an empty one, its template set).
    fn report() -> Report {
        let empty = crate::model::SourceDoc::default();
        let mut r = crate::pipeline::process(&empty, Taxonomy::builtin()).report;
        r.template = Template::Pre2019;
        r
    }

    /// A pre-2019 table cell in row `row`: (indicator, raw).
    fn cell(row: u32, indicator: Option<&str>, raw: &str) -> Record {
        let n = crate::normalize::normalize(raw);
        Record {
            report_id: "r".into(),
            agency: None,
            report_year: Some(2016),
            template: Template::Pre2019,
            origin: Origin::Table,
            table_no: Some(1),
            row_no: Some(row),
            col_no: Some(3),
            section: None,
            row_label: Some(format!("row {row}")),
            col_label: Some("数量".into()),
            indicator: indicator.map(str::to_owned),
            breakdown: (indicator == Some("apply.received")).then(|| "total".to_owned()),
            unit: Some("件".into()),
            value: n.value,
            value_raw: raw.into(),
            status: n.status,
            qualifier: n.qualifier,
            snippet: None,
        }
    }

    #[test]
    fn a_row_the_table_lacks_counts_zero_unless_an_unknown_row_may_be_it() {
        let table = |middle: Option<Record>| {
            let mut rows = vec![
                cell(1, Some("apply.received"), "5"),
                cell(2, Some("apply.received.in_person"), "2"),
                cell(4, Some("apply.received.online"), "2"),
                cell(5, Some("apply.received.letter"), "0"),
            ];
            rows.extend(middle);
            audit(&report(), &rows, Taxonomy::builtin())
        };
        // No 传真 row at all: the rows it has must add up, and do not.
        let found = table(None);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            (found[0].rule, found[0].severity),
            (Rule::SumEqual, Severity::Error)
        );
        // A row the taxonomy does not know (a misspelt 传真申请数) sits among
        // the parts: it may be the missing part, so the sum is not assessable.
        let found = table(Some(cell(3, None, "1")));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            (found[0].rule, found[0].severity),
            (Rule::SumEqual, Severity::Info)
        );
    }
}
