//! The `audit` command's report on a dataset's findings: every finding at or
//! above a severity, grouped by agency and report year, then by document, as
//! text for people, Markdown for issues and wikis, or JSON for programs; and
//! the count of findings per severity, so that `--fail-on` can decide the
//! exit code.
//!
//! This module reads and formats; it must not write files.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use polars::prelude::*;
use serde::Serialize;

use crate::model::{ReportStatus, Rule, Severity};
use crate::output::OutputError;
use crate::output::folder::require_dataset;
use crate::output::names;
use crate::output::parquet::scan_parts;

/// How the report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text for a terminal.
    Text,
    /// Markdown, with a table of findings per document.
    Markdown,
    /// One JSON object: the totals and the groups shown.
    Json,
}

/// The report and what it counted.
#[derive(Debug, Clone)]
pub struct AuditReport {
    /// The report, in the format asked for.
    pub text: String,
    /// Findings per severity in the whole dataset, shown or not.
    pub counts: BTreeMap<Severity, usize>,
}

impl AuditReport {
    /// Findings at `severity` or worse.
    pub fn at_least(&self, severity: Severity) -> usize {
        self.counts
            .iter()
            .filter(|(s, _)| **s <= severity)
            .map(|(_, n)| n)
            .sum()
    }
}

/// One finding as the report shows it.
#[derive(Debug, Clone, Serialize)]
struct Shown {
    rule: String,
    severity: String,
    message: String,
    message_zh: String,
    expected: Option<f64>,
    actual: Option<f64>,
    indicators: Vec<String>,
    evidence: Option<String>,
}

/// A document and its findings.
#[derive(Debug, Clone, Serialize)]
struct Document {
    report_id: String,
    source: String,
    template: String,
    findings: Vec<Shown>,
}

/// An agency's documents of one year.
#[derive(Debug, Clone, Serialize)]
struct Group {
    agency: Option<String>,
    report_year: Option<i32>,
    documents: Vec<Document>,
}

/// What the dataset holds, for the report's opening line.
#[derive(Debug, Clone, Default, Serialize)]
struct Totals {
    documents: usize,
    /// Documents with statistics tables (status ok or partial).
    audited: usize,
    findings: BTreeMap<String, usize>,
    /// rule → severity → count, over every finding.
    by_rule: BTreeMap<String, BTreeMap<String, usize>>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    dataset: String,
    shown_from: &'a str,
    totals: &'a Totals,
    groups: &'a [Group],
}

/// The report on the findings of the dataset in `dir`: those at `min` or
/// worse, in `format`.
pub fn audit_report(dir: &Path, format: Format, min: Severity) -> Result<AuditReport, OutputError> {
    require_dataset(dir)?;
    let reports_path = dir.join(names::REPORTS);
    let findings_path = dir.join(names::FINDINGS);
    let reports = scan_parts(std::slice::from_ref(&reports_path))
        .and_then(|lf| {
            lf.select([
                col("report_id"),
                col("source"),
                col("agency"),
                col("report_year"),
                col("template"),
                col("status"),
            ])
            .collect()
        })
        .map_err(OutputError::read(&reports_path))?;
    let findings = if findings_path.exists() {
        scan_parts(std::slice::from_ref(&findings_path))
            .and_then(LazyFrame::collect)
            .map_err(OutputError::read(&findings_path))?
    } else {
        DataFrame::empty()
    };
    let (totals, groups) =
        read(&reports, &findings, min).map_err(OutputError::read(&findings_path))?;
    let counts = totals
        .findings
        .iter()
        .filter_map(|(s, n)| Severity::parse(s).map(|s| (s, *n)))
        .collect();
    let text = match format {
        Format::Text => text(dir, &totals, &groups, min),
        Format::Markdown => markdown(dir, &totals, &groups, min),
        Format::Json => {
            let report = JsonReport {
                dataset: dir.display().to_string(),
                shown_from: min.as_str(),
                totals: &totals,
                groups: &groups,
            };
            let mut s = serde_json::to_string_pretty(&report).unwrap_or_default();
            s.push('\n');
            s
        }
    };
    Ok(AuditReport { text, counts })
}

/// Count everything, and group the findings at `min` or worse.
fn read(
    reports: &DataFrame,
    findings: &DataFrame,
    min: Severity,
) -> PolarsResult<(Totals, Vec<Group>)> {
    let mut totals = Totals {
        documents: reports.height(),
        ..Totals::default()
    };
    let rows = ReportRows::read(reports, &mut totals)?;
    let grouped = group_findings(findings, &rows, min, &mut totals)?;
    Ok((totals, groups_of(grouped, &rows)))
}

/// The columns of `reports.parquet` the report shows, and each report's row.
struct ReportRows<'a> {
    sources: &'a StringChunked,
    agencies: &'a StringChunked,
    years: &'a Int32Chunked,
    templates: &'a StringChunked,
    /// `report_id` → its row.
    rows: BTreeMap<&'a str, usize>,
}

impl<'a> ReportRows<'a> {
    /// Index the reports by id, counting into `totals` those audited.
    fn read(reports: &'a DataFrame, totals: &mut Totals) -> PolarsResult<ReportRows<'a>> {
        let ids = reports.column("report_id")?.str()?;
        let sources = reports.column("source")?.str()?;
        let agencies = reports.column("agency")?.str()?;
        let years = reports.column("report_year")?.i32()?;
        let templates = reports.column("template")?.str()?;
        let statuses = reports.column("status")?.str()?;
        let mut rows: BTreeMap<&str, usize> = BTreeMap::new();
        for i in 0..reports.height() {
            if let Some(id) = ids.get(i) {
                rows.insert(id, i);
            }
            if statuses
                .get(i)
                .and_then(ReportStatus::parse)
                .is_some_and(|s| matches!(s, ReportStatus::Ok | ReportStatus::Partial))
            {
                totals.audited += 1;
            }
        }
        Ok(ReportRows {
            sources,
            agencies,
            years,
            templates,
            rows,
        })
    }
}

/// (agency not stated, agency, year not stated, year): agencies and years not
/// stated sort last.
type GroupKey<'a> = (bool, Option<&'a str>, bool, Option<i32>);
/// (agency, year) → (source, report id) → findings.
type Grouped<'a> = BTreeMap<GroupKey<'a>, BTreeMap<(&'a str, &'a str), Vec<Shown>>>;

/// Count every finding into `totals`, and group those at `min` or worse by
/// agency and year, then by document.
fn group_findings<'a>(
    findings: &'a DataFrame,
    reports: &ReportRows<'a>,
    min: Severity,
    totals: &mut Totals,
) -> PolarsResult<Grouped<'a>> {
    let mut grouped: Grouped = BTreeMap::new();
    if findings.height() == 0 {
        return Ok(grouped);
    }
    let f_ids = findings.column("report_id")?.str()?;
    let rules = findings.column("rule")?.str()?;
    let severities = findings.column("severity")?.str()?;
    let messages = findings.column("message")?.str()?;
    let messages_zh = findings.column("message_zh")?.str()?;
    let expected = findings.column("expected")?.f64()?;
    let actual = findings.column("actual")?.f64()?;
    let indicators = findings.column("indicators")?.list()?;
    let evidence = findings.column("evidence")?.str()?;
    for i in 0..findings.height() {
        let (Some(id), Some(rule), Some(severity)) =
            (f_ids.get(i), rules.get(i), severities.get(i))
        else {
            continue;
        };
        *totals.findings.entry(severity.to_owned()).or_default() += 1;
        *totals
            .by_rule
            .entry(rule.to_owned())
            .or_default()
            .entry(severity.to_owned())
            .or_default() += 1;
        if Severity::parse(severity).is_none_or(|s| s > min) {
            continue;
        }
        let doc = reports.rows.get(id).copied();
        let agency = doc.and_then(|d| reports.agencies.get(d));
        let year = doc.and_then(|d| reports.years.get(d));
        let source = doc
            .and_then(|d| reports.sources.get(d))
            .unwrap_or("(not in reports)");
        let names = indicators
            .get_as_series(i)
            .and_then(|s| {
                s.str()
                    .ok()
                    .map(|s| s.iter().flatten().map(str::to_owned).collect())
            })
            .unwrap_or_default();
        grouped
            .entry((agency.is_none(), agency, year.is_none(), year))
            .or_default()
            .entry((source, id))
            .or_default()
            .push(Shown {
                rule: rule.to_owned(),
                severity: severity.to_owned(),
                message: messages.get(i).unwrap_or_default().to_owned(),
                message_zh: messages_zh.get(i).unwrap_or_default().to_owned(),
                expected: expected.get(i),
                actual: actual.get(i),
                indicators: names,
                evidence: evidence.get(i).map(str::to_owned),
            });
    }
    Ok(grouped)
}

/// The groups in order, each document's findings sorted by severity, rule
/// and evidence.
fn groups_of(grouped: Grouped<'_>, reports: &ReportRows<'_>) -> Vec<Group> {
    grouped
        .into_iter()
        .map(|((_, agency, _, year), documents)| Group {
            agency: agency.map(str::to_owned),
            report_year: year,
            documents: documents
                .into_iter()
                .map(|((source, id), mut findings)| {
                    findings.sort_by_key(|f| {
                        (
                            Severity::parse(&f.severity),
                            rule_rank(&f.rule),
                            f.evidence.clone(),
                        )
                    });
                    Document {
                        report_id: id.to_owned(),
                        source: source.to_owned(),
                        template: reports
                            .rows
                            .get(id)
                            .and_then(|&d| reports.templates.get(d))
                            .unwrap_or("unknown")
                            .to_owned(),
                        findings,
                    }
                })
                .collect(),
        })
        .collect()
}

/// Where a rule read back from `findings.rule` comes in [`Rule::ALL`]; a
/// name this gongkai does not know comes last.
fn rule_rank(rule: &str) -> usize {
    Rule::parse(rule)
        .and_then(|rule| Rule::ALL.iter().position(|r| *r == rule))
        .unwrap_or(usize::MAX)
}

fn group_title(g: &Group) -> String {
    format!(
        "{} · {}",
        g.agency.as_deref().unwrap_or("(agency not stated)"),
        g.report_year
            .map_or_else(|| "(year not stated)".to_owned(), |y| y.to_string())
    )
}

fn counts_line(totals: &Totals) -> String {
    let n = |s: Severity| totals.findings.get(s.as_str()).copied().unwrap_or(0);
    format!(
        "{} errors, {} warnings, {} info",
        n(Severity::Error),
        n(Severity::Warning),
        n(Severity::Info)
    )
}

fn opening(dir: &Path, totals: &Totals) -> String {
    format!(
        "{}: {} documents, {} with statistics tables; findings: {}",
        dir.display(),
        totals.documents,
        totals.audited,
        counts_line(totals)
    )
}

fn value(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{v}"))
}

fn text(dir: &Path, totals: &Totals, groups: &[Group], min: Severity) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", opening(dir, totals));
    if groups.is_empty() {
        let _ = writeln!(out, "\nno findings at {} or worse", min.as_str());
    }
    for g in groups {
        let _ = writeln!(out, "\n{}", group_title(g));
        for d in &g.documents {
            let _ = writeln!(out, "  {} ({}, {})", d.source, d.report_id, d.template);
            for f in &d.findings {
                let _ = writeln!(
                    out,
                    "    {:<7}  {}  [{}]",
                    f.severity,
                    f.rule,
                    f.indicators.join(", ")
                );
                let _ = writeln!(out, "             {}", f.message);
                let _ = writeln!(out, "             {}", f.message_zh);
                if let Some(e) = &f.evidence {
                    let _ = writeln!(out, "             evidence: {e}");
                }
            }
        }
    }
    rule_table(&mut out, totals, "");
    out
}

fn rule_table(out: &mut String, totals: &Totals, indent: &str) {
    if totals.by_rule.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n{indent}{:<16} {:>6} {:>8} {:>6}",
        "rule", "error", "warning", "info"
    );
    let mut rules: Vec<(&String, &BTreeMap<String, usize>)> = totals.by_rule.iter().collect();
    rules.sort_by_key(|(r, _)| rule_rank(r));
    for (rule, counts) in rules {
        let n = |s: Severity| counts.get(s.as_str()).copied().unwrap_or(0);
        let _ = writeln!(
            out,
            "{indent}{rule:<16} {:>6} {:>8} {:>6}",
            n(Severity::Error),
            n(Severity::Warning),
            n(Severity::Info)
        );
    }
}

/// A table cell of Markdown: pipes escaped, lines joined.
fn md(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn markdown(dir: &Path, totals: &Totals, groups: &[Group], min: Severity) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Audit of `{}`\n", dir.display());
    let _ = writeln!(
        out,
        "{} documents, {} with statistics tables; findings: {}.",
        totals.documents,
        totals.audited,
        counts_line(totals)
    );
    if groups.is_empty() {
        let _ = writeln!(out, "\nNo findings at {} or worse.", min.as_str());
    }
    for g in groups {
        let _ = writeln!(out, "\n## {}", group_title(g));
        for d in &g.documents {
            let _ = writeln!(
                out,
                "\n### `{}` ({}, {})\n",
                d.source, d.report_id, d.template
            );
            out.push_str("| severity | rule | finding | 说明 | expected | actual | evidence |\n");
            out.push_str("|---|---|---|---|---|---|---|\n");
            for f in &d.findings {
                let _ = writeln!(
                    out,
                    "| {} | `{}` | {} | {} | {} | {} | {} |",
                    f.severity,
                    f.rule,
                    md(&f.message),
                    md(&f.message_zh),
                    value(f.expected),
                    value(f.actual),
                    md(f.evidence.as_deref().unwrap_or(""))
                );
            }
        }
    }
    if !totals.by_rule.is_empty() {
        out.push_str("\n## By rule\n\n```\n");
        rule_table(&mut out, totals, "");
        out.push_str("```\n");
    }
    out
}
