//! A document's narrative against its own tables (`narrative_table`): each
//! narrative figure mapped to an indicator against the table value of that
//! indicator (its total column), when the tables state it exactly and once.
//! A figure that is a bound (`430余`) disagrees only with a value outside
//! it. A warning, not an error: prose is loose, and a figure may count one
//! sub-row of a block.
//!
//! This module compares records it is handed and writes findings; it must
//! not read the narrative text itself (the narrative stage did), must not
//! change a value, and must not word messages (the words are in
//! `messages`).

use std::collections::{HashMap, HashSet};

use super::bounds::{Bounds, units_comparable};
use super::finding::{cell_evidence, new_finding};
use super::messages;
use crate::model::{Finding, Origin, Record, Report, Rule, Severity, ValueStatus};
use crate::taxonomy::Taxonomy;

/// Every narrative figure of `records` that its table contradicts.
pub(super) fn narrative_against_tables(
    report: &Report,
    records: &[Record],
    taxonomy: &Taxonomy,
    out: &mut Vec<Finding>,
) {
    let table = exact_table_values(records, taxonomy);
    for figure in records.iter().filter(|r| r.origin == Origin::Narrative) {
        let Some((code, cell, value)) = contradicting_cell(figure, &table) else {
            continue;
        };
        let (en, zh) =
            messages::narrative_table(taxonomy, code, Bounds::of(figure), &figure.value_raw, value);
        let mut finding = new_finding(
            report.into(),
            Rule::NarrativeTable,
            Severity::Warning,
            (en, zh),
            Some(value),
            figure.value,
        );
        finding.indicators = vec![code.to_owned()];
        finding.evidence = Some(format!(
            "narrative p{} s{}: {:?}; {}",
            figure.row_no.unwrap_or(0),
            figure.col_no.unwrap_or(0),
            figure.snippet.as_deref().unwrap_or(&figure.value_raw),
            cell_evidence(cell)
        ));
        out.push(finding);
    }
}

/// The table cells stated exactly (a number or 无), in no column or a total
/// column, by indicator.
fn exact_table_values<'r>(
    records: &'r [Record],
    taxonomy: &Taxonomy,
) -> HashMap<&'r str, Vec<&'r Record>> {
    let totals: HashSet<&str> = taxonomy
        .breakdowns()
        .iter()
        .filter(|b| b.sum.is_some() && b.parent.is_none())
        .map(|b| b.code.as_str())
        .collect();
    let mut table: HashMap<&str, Vec<&Record>> = HashMap::new();
    for r in records.iter().filter(|r| {
        r.origin == Origin::Table
            && matches!(r.status, ValueStatus::Reported | ValueStatus::None)
            && r.breakdown.as_deref().is_none_or(|b| totals.contains(b))
    }) {
        if let Some(code) = &r.indicator {
            table.entry(code).or_default().push(r);
        }
    }
    table
}

/// The indicator of a narrative figure, the table cell of that indicator and
/// its value, when the figure states a bound the value lies outside of (and
/// their units compare).
fn contradicting_cell<'f, 'r>(
    figure: &'f Record,
    table: &HashMap<&str, Vec<&'r Record>>,
) -> Option<(&'f str, &'r Record, f64)> {
    let code = figure.indicator.as_deref()?;
    let cell = one_value(table.get(code)?)?;
    let (Some(value), bounds) = (cell.value, Bounds::of(figure)) else {
        return None;
    };
    if bounds == Bounds::UNKNOWN
        || bounds.contains(value)
        || !units_comparable([figure, cell].into_iter())
    {
        return None;
    }
    Some((code, cell, value))
}

/// The one cell of several that all state the same value; none when they
/// disagree (the tables contradict each other, not the narrative).
fn one_value<'r>(cells: &[&'r Record]) -> Option<&'r Record> {
    let first = *cells.first()?;
    cells
        .iter()
        .all(|c| c.value == first.value)
        .then_some(first)
}
