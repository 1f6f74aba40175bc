//! The `summary` command's report on a dataset: what it holds, its coverage
//! (agencies × report years) and the headline totals per year.
//!
//! Headline indicators are derived from the taxonomy, not listed here: the
//! top-level value codes that have a sum rule (收到申请数, 行政复议数量, …),
//! with no breakdown or the `total` breakdown. Their totals are table values
//! read from `aggregates/by_year_indicator.parquet`.
//!
//! This module reads and formats; it must not write anything.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use polars::prelude::*;
use unicode_width::UnicodeWidthStr;

use crate::model::{Origin, ReportStatus};
use crate::output::OutputError;
use crate::output::folder::require_dataset;
use crate::output::names;
use crate::output::parquet::{is_one_of, scan_parts};
use crate::taxonomy::{Kind, Taxonomy};

/// Codes whose yearly totals the summary shows.
pub(crate) fn headline_codes(taxonomy: &Taxonomy) -> Vec<&str> {
    taxonomy
        .indicators()
        .iter()
        .filter(|i| i.kind == Kind::Value && i.parent.is_none() && i.sum.is_some())
        .map(|i| i.code.as_str())
        .collect()
}

/// The summary of the dataset in `dir`, as text. At most `max_agencies` rows
/// of the coverage table are shown (the agencies with the most documents).
pub fn summary(
    dir: &Path,
    taxonomy: &Taxonomy,
    max_agencies: usize,
) -> Result<String, OutputError> {
    require_dataset(dir)?;
    let reports_path = dir.join(names::REPORTS);
    let reports = scan_parts(std::slice::from_ref(&reports_path))
        .and_then(|lf| {
            lf.select([
                col("agency"),
                col("report_year"),
                col("status"),
                col("n_records"),
            ])
            .collect()
        })
        .map_err(OutputError::read(&reports_path))?;
    let mut out = String::new();
    overview(&mut out, dir, &reports).map_err(OutputError::read(&reports_path))?;
    coverage(&mut out, &reports, max_agencies).map_err(OutputError::read(&reports_path))?;
    let groups = dir.join(names::AGGREGATES).join(names::BY_YEAR_INDICATOR);
    if groups.exists() {
        headlines(&mut out, &groups, taxonomy).map_err(OutputError::read(&groups))?;
    } else {
        out.push_str("\nno aggregates yet: run `gongkai aggregate` to build them\n");
    }
    Ok(out)
}

fn overview(out: &mut String, dir: &Path, reports: &DataFrame) -> PolarsResult<()> {
    let mut by_status: BTreeMap<ReportStatus, usize> = BTreeMap::new();
    for status in reports.column("status")?.str()?.iter().flatten() {
        if let Some(status) = ReportStatus::parse(status) {
            *by_status.entry(status).or_default() += 1;
        }
    }
    let records: i64 = reports.column("n_records")?.i64()?.sum().unwrap_or(0);
    let statuses: Vec<String> = by_status.iter().map(|(s, n)| format!("{n} {s}")).collect();
    let _ = writeln!(
        out,
        "{}: {} documents ({}), {records} records",
        dir.display(),
        reports.height(),
        statuses.join(", ")
    );
    Ok(())
}

fn year_label(year: Option<i32>) -> String {
    year.map_or_else(|| "?".to_owned(), |y| y.to_string())
}

/// Agencies × years: documents with statistics tables (status ok or partial).
fn coverage(out: &mut String, reports: &DataFrame, max_agencies: usize) -> PolarsResult<()> {
    let agencies = reports.column("agency")?.str()?;
    let years = reports.column("report_year")?.i32()?;
    let statuses = reports.column("status")?.str()?;
    let mut cells: BTreeMap<&str, BTreeMap<Option<i32>, usize>> = BTreeMap::new();
    let mut all_years: BTreeMap<Option<i32>, usize> = BTreeMap::new();
    for i in 0..reports.height() {
        let with_tables = statuses
            .get(i)
            .and_then(ReportStatus::parse)
            .is_some_and(|s| matches!(s, ReportStatus::Ok | ReportStatus::Partial));
        if !with_tables {
            continue;
        }
        let agency = agencies.get(i).unwrap_or("(agency not stated)");
        *cells
            .entry(agency)
            .or_default()
            .entry(years.get(i))
            .or_default() += 1;
        *all_years.entry(years.get(i)).or_default() += 1;
    }
    let _ = writeln!(
        out,
        "\ncoverage: {} agencies × {} report years; documents with statistics tables",
        cells.len(),
        all_years.len()
    );
    if cells.is_empty() {
        return Ok(());
    }
    // Years ascending, the unknown year last.
    let mut year_keys: Vec<Option<i32>> =
        all_years.keys().copied().filter(Option::is_some).collect();
    if all_years.contains_key(&None) {
        year_keys.push(None);
    }
    let mut rows: Vec<(&str, &BTreeMap<Option<i32>, usize>)> =
        cells.iter().map(|(a, y)| (*a, y)).collect();
    rows.sort_by_key(|(agency, years)| (std::cmp::Reverse(years.values().sum::<usize>()), *agency));
    let hidden = rows.len().saturating_sub(max_agencies);
    rows.truncate(max_agencies);

    let mut header = vec!["agency".to_owned()];
    header.extend(year_keys.iter().map(|y| year_label(*y)));
    header.push("total".to_owned());
    let mut table = vec![header];
    let line = |label: &str, counts: &BTreeMap<Option<i32>, usize>| {
        let mut row = vec![label.to_owned()];
        row.extend(year_keys.iter().map(|y| {
            counts
                .get(y)
                .map_or_else(|| "·".to_owned(), |n| n.to_string())
        }));
        row.push(counts.values().sum::<usize>().to_string());
        row
    };
    for (agency, counts) in rows {
        table.push(line(agency, counts));
    }
    if hidden > 0 {
        table.push(vec![format!("… {hidden} more agencies")]);
    }
    table.push(line("all agencies", &all_years));
    render(out, &table);
    Ok(())
}

/// Headline totals per year, from `by_year_indicator`.
fn headlines(out: &mut String, groups: &Path, taxonomy: &Taxonomy) -> PolarsResult<()> {
    let codes = headline_codes(taxonomy);
    let frame = scan_parts(&[groups.to_path_buf()])?
        .filter(
            col("origin")
                .eq(lit(Origin::Table.as_str()))
                .and(is_one_of(
                    "indicator",
                    Series::new("".into(), codes.clone()),
                ))
                .and(
                    col("breakdown")
                        .is_null()
                        .or(col("breakdown").eq(lit("total"))),
                ),
        )
        .collect()?;
    let _ = writeln!(
        out,
        "\nheadline totals per year (table values; sum adds reported and 无 values, \
         n of them, from that many reports):"
    );
    if frame.height() == 0 {
        out.push_str("(no headline values)\n");
        return Ok(());
    }
    let years = frame.column("report_year")?.i32()?;
    let inds = frame.column("indicator")?.str()?;
    let units = frame.column("unit")?.str()?;
    let reports = frame.column("n_reports")?.i64()?;
    let summed = frame.column("n_summed")?.i64()?;
    let sums = frame.column("value_sum")?.f64()?;
    let rank = |code: &str| codes.iter().position(|c| *c == code).unwrap_or(usize::MAX);
    let mut order: Vec<usize> = (0..frame.height()).collect();
    order.sort_by_key(|&i| {
        (
            years.get(i).is_none(),
            years.get(i),
            inds.get(i).map(rank),
            units.get(i),
        )
    });
    let mut table = vec![
        ["year", "indicator", "name", "sum", "unit", "n", "reports"]
            .map(String::from)
            .to_vec(),
    ];
    for i in order {
        let code = inds.get(i).unwrap_or_default();
        let name = taxonomy.get(code).map_or("", |ind| ind.name.as_str());
        table.push(vec![
            year_label(years.get(i)),
            code.to_owned(),
            name.to_owned(),
            sums.get(i).map_or_else(|| "null".to_owned(), number),
            units.get(i).unwrap_or("").to_owned(),
            summed.get(i).unwrap_or(0).to_string(),
            reports.get(i).unwrap_or(0).to_string(),
        ]);
    }
    render(out, &table);
    Ok(())
}

/// A number as a person reads it: no `.0` on whole numbers.
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Columns padded to their widest cell (CJK counts double); numbers and
/// counts right-aligned, text left-aligned.
fn render(out: &mut String, table: &[Vec<String>]) {
    let columns = table.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            table
                .iter()
                .filter(|row| row.len() == columns)
                .filter_map(|row| row.get(c))
                .map(|s| s.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in table {
        let mut line = String::new();
        for (c, text) in row.iter().enumerate() {
            let pad = widths
                .get(c)
                .copied()
                .unwrap_or(0)
                .saturating_sub(text.width());
            let numeric = c > 0
                && text
                    .chars()
                    .all(|ch| ch.is_ascii_digit() || "-.·?e+".contains(ch));
            if c > 0 {
                line.push_str("  ");
            }
            if numeric && row.len() == columns {
                line.push_str(&" ".repeat(pad));
                line.push_str(text);
            } else {
                line.push_str(text);
                if c + 1 < row.len() {
                    line.push_str(&" ".repeat(pad));
                }
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headlines_are_top_level_totals_with_a_sum_rule() {
        let codes = headline_codes(Taxonomy::builtin());
        assert!(codes.contains(&"proactive.total"));
        assert!(codes.contains(&"apply.received"));
        assert!(codes.contains(&"review.total"));
        assert!(!codes.contains(&"apply.received.online"), "a part");
        assert!(!codes.contains(&"fees.collected"), "no sum rule");
    }

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(number(3720.0), "3720");
        assert_eq!(number(0.35), "0.35");
    }

    #[test]
    fn cjk_columns_line_up() {
        let mut out = String::new();
        render(
            &mut out,
            &[
                vec!["agency".into(), "2015".into()],
                vec!["平潭".into(), "2".into()],
            ],
        );
        assert_eq!(out, "agency  2015\n平潭       2\n");
    }
}
