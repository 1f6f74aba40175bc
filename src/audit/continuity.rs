//! The audit across reports: an agency's report of year N against its report
//! of year N − 1, by the taxonomy's `[[continuity]]` rules (上年结转 of year N
//! = 结转下年度继续办理 of year N − 1), column by column.
//!
//! Reports are the same agency's when their `agency` is written the same.
//! A comparison needs every code of both sides stated exactly (a number or
//! 无) in the same column; when an agency has several reports for the year
//! before that disagree, it is not made. A difference is a warning: the two
//! reports may count differently, or the later one may correct the earlier.
//!
//! This module compares facts handed to it; it must not read files (the
//! dataset writer reads the facts) and must not word messages (the words are
//! in `messages`).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::bounds::tolerance;
use super::finding::{About, key_name, new_finding};
use super::messages::{self, YearSum};
use crate::model::{Finding, Rule, Severity, Template};
use crate::taxonomy::rules::Key;
use crate::taxonomy::{Continuity, Taxonomy};

/// A table value that a continuity rule reads, with where it came from. The
/// strings a report's facts share are shared (`Arc`): a year of a large
/// dataset holds hundreds of thousands of facts.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// The report it was read from.
    pub report_id: Arc<str>,
    /// That report's source (path or URL), when known.
    pub source: Option<Arc<str>>,
    /// The reporting agency, as written: reports are paired by it.
    pub agency: Arc<str>,
    /// The year reported on.
    pub report_year: i32,
    /// The report's template era.
    pub template: Template,
    /// The indicator code.
    pub indicator: Arc<str>,
    /// The column's breakdown, if any.
    pub breakdown: Option<Arc<str>>,
    /// An exact value: stated, or 无 (0).
    pub value: f64,
    /// Where the cell is and what it says ([`super::finding::cell_evidence`]).
    pub evidence: String,
}

/// The indicator codes the taxonomy's continuity rules read: the only
/// records [`year_over_year`] needs.
pub fn codes(taxonomy: &Taxonomy) -> Vec<String> {
    let codes: BTreeSet<&String> = taxonomy
        .continuities()
        .iter()
        .flat_map(|c| c.this_year.iter().chain(&c.previous_year))
        .collect();
    codes.into_iter().cloned().collect()
}

/// One report's facts by meaning: (indicator, breakdown).
type ReportFacts<'a> = BTreeMap<(&'a str, Option<&'a str>), &'a Fact>;

/// Facts by agency, then report.
fn by_report(facts: &[Fact]) -> BTreeMap<&str, BTreeMap<&str, ReportFacts<'_>>> {
    let mut out: BTreeMap<&str, BTreeMap<&str, ReportFacts>> = BTreeMap::new();
    for f in facts {
        out.entry(&*f.agency)
            .or_default()
            .entry(&*f.report_id)
            .or_default()
            .entry((&*f.indicator, f.breakdown.as_deref()))
            .or_insert(f);
    }
    out
}

/// Check the reports of one year (`current`) against those of the year
/// before (`previous`), each given as the facts [`codes`] names.
pub fn year_over_year(previous: &[Fact], current: &[Fact], taxonomy: &Taxonomy) -> Vec<Finding> {
    let before = by_report(previous);
    let mut out = Vec::new();
    for (agency, reports) in by_report(current) {
        let Some(earlier) = before.get(agency) else {
            continue;
        };
        for facts in reports.values() {
            for rule in taxonomy.continuities() {
                check(rule, facts, earlier, taxonomy, &mut out);
            }
        }
    }
    out
}

/// The sum of `codes` in column `b` of one report, with the facts read;
/// none unless every code is stated there.
fn sum<'a>(
    facts: &ReportFacts<'a>,
    codes: &[String],
    b: Option<&str>,
) -> Option<(f64, Vec<&'a Fact>)> {
    let cells: Option<Vec<&Fact>> = codes
        .iter()
        .map(|c| facts.get(&(c.as_str(), b)).copied())
        .collect();
    let cells = cells?;
    Some((cells.iter().map(|f| f.value).sum(), cells))
}

/// The findings of one continuity rule on one report (`facts`), column by
/// column, against the agency's reports of the year before (`earlier`).
fn check(
    rule: &Continuity,
    facts: &ReportFacts,
    earlier: &BTreeMap<&str, ReportFacts>,
    taxonomy: &Taxonomy,
    out: &mut Vec<Finding>,
) {
    let Some(first) = facts.values().next() else {
        return;
    };
    if !rule.in_era(first.template) {
        return;
    }
    let columns: BTreeSet<Option<&str>> = facts
        .keys()
        .filter(|(code, _)| rule.this_year.iter().any(|c| c == code))
        .map(|(_, b)| *b)
        .collect();
    for b in columns {
        let Some((this, this_cells)) = sum(facts, &rule.this_year, b) else {
            continue;
        };
        let candidates: Vec<(f64, Vec<&Fact>)> = earlier
            .values()
            .filter(|f| f.values().next().is_some_and(|x| rule.in_era(x.template)))
            .filter_map(|f| sum(f, &rule.previous_year, b))
            .collect();
        let Some((prev, prev_cells)) = candidates.first() else {
            continue;
        };
        let agree = candidates
            .iter()
            .all(|(v, _)| (v - prev).abs() <= tolerance(*v, *prev));
        if !agree || (this - prev).abs() <= tolerance(this, *prev) {
            continue;
        }
        out.push(finding(
            rule,
            b,
            (this, &this_cells),
            (*prev, prev_cells),
            taxonomy,
        ));
    }
}

/// The finding of a difference: this year's sum of `rule.this_year` in
/// column `b` against the sum of `rule.previous_year` the year before.
fn finding(
    rule: &Continuity,
    b: Option<&str>,
    (this, this_cells): (f64, &[&Fact]),
    (prev, prev_cells): (f64, &[&Fact]),
    taxonomy: &Taxonomy,
) -> Finding {
    let now = this_cells[0];
    let then = prev_cells[0];
    let keys = |codes: &[String]| -> Vec<Key> {
        codes
            .iter()
            .map(|c| (c.clone(), b.map(str::to_owned)))
            .collect()
    };
    let (this_keys, prev_keys) = (keys(&rule.this_year), keys(&rule.previous_year));
    let (year, last) = (now.report_year, then.report_year);
    let texts = messages::year_over_year(
        taxonomy,
        YearSum {
            year,
            keys: &this_keys,
            value: this,
        },
        YearSum {
            year: last,
            keys: &prev_keys,
            value: prev,
        },
    );
    let about = About {
        report_id: &now.report_id,
        agency: Some(&now.agency),
        report_year: Some(year),
    };
    let mut f = new_finding(
        about,
        Rule::YearOverYear,
        Severity::Warning,
        texts,
        Some(prev),
        Some(this),
    );
    f.indicators = this_keys
        .iter()
        .chain(&prev_keys)
        .map(key_name)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    f.evidence = Some(evidence(year, this_cells, then, prev_cells));
    f
}

/// This year's cells, then the report of the year before (`then`, one of
/// `prev_cells`), where it came from and its cells.
fn evidence(year: i32, this_cells: &[&Fact], then: &Fact, prev_cells: &[&Fact]) -> String {
    let cells = |c: &[&Fact]| {
        c.iter()
            .map(|f| f.evidence.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    };
    format!(
        "{year} report: {}; {} report {} ({}): {}",
        cells(this_cells),
        then.report_year,
        then.report_id,
        then.source.as_deref().unwrap_or("source unknown"),
        cells(prev_cells)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(report: &str, year: i32, code: &str, b: &str, value: f64) -> Fact {
        Fact {
            report_id: report.into(),
            source: Some(format!("{report}.html").into()),
            agency: "示例区人民政府".into(),
            report_year: year,
            template: Template::Fmt2021,
            indicator: code.into(),
            breakdown: Some(b.into()),
            value,
            evidence: format!("{code} {b} {value}"),
        }
    }

    #[test]
    fn carried_over_must_be_what_last_year_carried_forward() {
        let tax = Taxonomy::builtin();
        let previous = [fact("a", 2021, "apply.carried_forward", "total", 3.0)];
        let same = [fact("b", 2022, "apply.carried_over", "total", 3.0)];
        assert!(year_over_year(&previous, &same, tax).is_empty());

        let differs = [fact("b", 2022, "apply.carried_over", "total", 5.0)];
        let found = year_over_year(&previous, &differs, tax);
        assert_eq!(found.len(), 1);
        let f = &found[0];
        assert_eq!(
            (f.report_id.as_str(), f.rule.as_str()),
            ("b", "year_over_year")
        );
        assert_eq!((f.expected, f.actual), (Some(3.0), Some(5.0)));
        assert_eq!(f.severity, Severity::Warning);
        assert!(f.evidence.as_deref().unwrap().contains("a.html"), "{f:?}");
    }

    #[test]
    fn other_agencies_and_other_columns_are_not_compared() {
        let tax = Taxonomy::builtin();
        let mut other = fact("a", 2021, "apply.carried_forward", "total", 3.0);
        other.agency = "另一个区".into();
        let column = fact("a", 2021, "apply.carried_forward", "natural_person", 3.0);
        let current = [fact("b", 2022, "apply.carried_over", "total", 5.0)];
        assert!(year_over_year(&[other, column], &current, tax).is_empty());
    }

    #[test]
    fn disagreeing_reports_of_the_year_before_are_not_compared() {
        let tax = Taxonomy::builtin();
        let previous = [
            fact("a", 2021, "apply.carried_forward", "total", 3.0),
            fact("c", 2021, "apply.carried_forward", "total", 4.0),
        ];
        let current = [fact("b", 2022, "apply.carried_over", "total", 5.0)];
        assert!(year_over_year(&previous, &current, tax).is_empty());
    }
}
