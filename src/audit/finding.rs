//! The parts of a [`Finding`] that every rule fills the same way: whom it is
//! about ([`About`]), a new finding of a rule ([`new_finding`]), the names of
//! its indicators ([`key_name`]) and the evidence that says where each cell
//! it read is and what it says ([`cell_evidence`], [`cell_location`]).
//!
//! This module builds rows; it must not decide whether a rule holds and must
//! not word a message (the words are in `messages`).

use crate::model::{Finding, Record, Report, Rule, Severity};
use crate::taxonomy::rules::Key;

/// Whom a finding is about.
#[derive(Debug, Clone, Copy)]
pub(super) struct About<'a> {
    pub(super) report_id: &'a str,
    pub(super) agency: Option<&'a str>,
    pub(super) report_year: Option<i32>,
}

impl<'a> From<&'a Report> for About<'a> {
    fn from(report: &'a Report) -> About<'a> {
        About {
            report_id: &report.report_id,
            agency: report.agency.as_deref(),
            report_year: report.report_year,
        }
    }
}

/// A finding, its indicators and evidence still to fill in.
pub(super) fn new_finding(
    about: About,
    rule: Rule,
    severity: Severity,
    (message, message_zh): (String, String),
    expected: Option<f64>,
    actual: Option<f64>,
) -> Finding {
    Finding {
        report_id: about.report_id.to_owned(),
        agency: about.agency.map(str::to_owned),
        report_year: about.report_year,
        rule,
        severity,
        message,
        message_zh,
        expected,
        actual,
        indicators: Vec::new(),
        evidence: None,
    }
}

/// `apply.received` or `apply.received[natural_person]`, as the panel names
/// its columns.
pub fn key_name((code, breakdown): &Key) -> String {
    match breakdown {
        Some(b) => format!("{code}[{b}]"),
        None => code.clone(),
    }
}

/// Where a table cell is and what it says: `t1 r23 c3 (一)收到申请数: "5"`.
pub fn cell_evidence(r: &Record) -> String {
    cell_location(
        (r.table_no, r.row_no, r.col_no),
        r.row_label.as_deref(),
        r.col_label
            .as_deref()
            .filter(|_| r.breakdown.is_some() || r.row_label.as_deref().is_none_or(str::is_empty)),
        &r.value_raw,
    )
}

/// [`cell_evidence`] from its parts; `column` is the header path of a cell
/// whose column carries a breakdown (`申请人情况/总计`), or of a cell whose
/// row has no label (table 四: `行政复议/总计`).
pub fn cell_location(
    (table, row, col): (Option<u32>, Option<u32>, Option<u32>),
    row_label: Option<&str>,
    column: Option<&str>,
    raw: &str,
) -> String {
    let mut s = format!(
        "t{} r{} c{}",
        table.unwrap_or(0),
        row.unwrap_or(0),
        col.unwrap_or(0)
    );
    let labels = [row_label, column]
        .into_iter()
        .flatten()
        .filter(|l| !l.is_empty());
    for (i, label) in labels.enumerate() {
        s.push_str(if i == 0 { " " } else { " × " });
        s.push_str(label);
    }
    s.push_str(&format!(": {raw:?}"));
    s
}
