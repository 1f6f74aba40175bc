//! The audit: where a report does not add up. Each document is checked on
//! its own ([`audit`]): every sum rule the taxonomy derives
//! (`crate::taxonomy::rules`) on every table, and each narrative figure
//! against the table value of the same indicator. Across the dataset,
//! `continuity` checks a report against the agency's report of the year
//! before.
//!
//! What a cell says decides what it can prove ([`Bounds`]): a stated number
//! or 无 is exact, an approximate value a bound, anything else unknown. A
//! rule fails only when no value of its unknown cells could make it hold;
//! when some could, it is not assessable.
//!
//! Every finding names its rule ([`crate::model::Rule`]), says what it found
//! in English and Chinese, and quotes the cells or sentence it read.
//!
//! The stage in files:
//! - `bounds`: interval arithmetic over values with statuses, `compare`;
//! - `table`: one table's sum rules, 其中 rows, column sums, identities;
//! - `narrative`: narrative figures against the tables;
//! - `messages`: the English and Chinese words of every finding;
//! - `finding`: whom a finding is about, its indicators and evidence;
//! - `continuity`: year over year, across reports.
//!
//! This module and its children read records and write findings; they must
//! not change a value and must not read files.

use std::collections::BTreeMap;

use crate::model::{Finding, Origin, Record, Report, Template};
use crate::taxonomy::Taxonomy;

mod bounds;
pub(crate) mod continuity;
mod finding;
mod messages;
mod narrative;
mod table;

pub use bounds::Bounds;
pub(crate) use finding::cell_location;

/// Audit one document on its own: its tables' sum rules and its narrative
/// against its tables. `records` are the document's records.
pub fn audit(report: &Report, records: &[Record], taxonomy: &Taxonomy) -> Vec<Finding> {
    let mut tables: BTreeMap<u32, Vec<&Record>> = BTreeMap::new();
    for r in records.iter().filter(|r| r.origin == Origin::Table) {
        tables.entry(r.table_no.unwrap_or(0)).or_default().push(r);
    }
    let eras = eras_of(report.template);
    let mut findings = Vec::new();
    for table in tables.values() {
        table::TableAudit::new(table, taxonomy, &eras).run(report, &mut findings);
    }
    narrative::narrative_against_tables(report, records, taxonomy, &mut findings);
    findings
}

/// The eras whose rules apply to a report of `template`.
fn eras_of(template: Template) -> Vec<Template> {
    match template {
        Template::Unknown => vec![Template::Fmt2019, Template::Fmt2021],
        t => vec![t],
    }
}
