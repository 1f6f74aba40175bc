//! The year-over-year audit across a dataset: the facts the continuity
//! rules read (a few exactly stated table values per report), taken from the
//! records partitions one pair of consecutive years at a time, and handed to
//! [`crate::audit::continuity`].
//!
//! This module reads Parquet into facts; it must not decide what a finding
//! is (the audit does) nor write anything.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use polars::prelude::*;

use super::OutputError;
use super::folder::partitions;
use super::names::partition_dir;
use super::parquet::{is_one_of, scan_parts};
use crate::audit::{self, continuity};
use crate::model::{Finding, Template};
use crate::taxonomy::Taxonomy;

/// The year-over-year findings of the dataset whose records are under
/// `records_dir`, one pair of consecutive years at a time (memory holds the
/// few values the rules read, for two years).
pub(crate) fn findings(
    records_dir: &Path,
    reports: &Path,
    taxonomy: &Taxonomy,
) -> Result<Vec<Finding>, OutputError> {
    let codes = continuity::codes(taxonomy);
    let mut out = Vec::new();
    if codes.is_empty() {
        return Ok(out);
    }
    let mut previous: Option<(i32, Vec<continuity::Fact>)> = None;
    for (year, files) in partitions(records_dir)? {
        let Some(year) = year else { continue };
        let facts = read_facts(&files, &codes, reports).map_err(OutputError::read(
            &records_dir.join(partition_dir(Some(year))),
        ))?;
        if let Some((last, before)) = &previous
            && *last == year - 1
        {
            out.extend(continuity::year_over_year(before, &facts, taxonomy));
        }
        previous = Some((year, facts));
    }
    Ok(out)
}

/// The exactly stated table values of `codes` in some records files, with
/// their documents' sources.
fn read_facts(
    files: &[PathBuf],
    codes: &[String],
    reports: &Path,
) -> PolarsResult<Vec<continuity::Fact>> {
    let frame = scan_facts(files, codes, reports)?;
    facts_of(&frame)
}

/// The rows of `files` that [`read_facts`] reads: table cells of `codes`
/// stated exactly, of a named agency, each with its document's `source`.
fn scan_facts(files: &[PathBuf], codes: &[String], reports: &Path) -> PolarsResult<DataFrame> {
    let codes = Series::new("indicator".into(), codes);
    let sources = scan_parts(&[reports.to_path_buf()])?.select([col("report_id"), col("source")]);
    scan_parts(files)?
        .filter(
            col("origin")
                .eq(lit("table"))
                .and(is_one_of("indicator", codes))
                .and(is_one_of(
                    "status",
                    Series::new("status".into(), ["reported", "none"]),
                ))
                .and(col("agency").is_not_null())
                .and(col("value").is_not_null()),
        )
        .join(
            sources,
            [col("report_id")],
            [col("report_id")],
            JoinArgs::new(JoinType::Left),
        )
        .collect()
}

/// The facts of the rows [`scan_facts`] found, their strings shared.
fn facts_of(frame: &DataFrame) -> PolarsResult<Vec<continuity::Fact>> {
    let text = |name: &str| frame.column(name).and_then(|c| c.str().cloned());
    let (ids, source, agency, template) = (
        text("report_id")?,
        text("source")?,
        text("agency")?,
        text("template")?,
    );
    let (indicator, breakdown, raw, row_label, col_label) = (
        text("indicator")?,
        text("breakdown")?,
        text("value_raw")?,
        text("row_label")?,
        text("col_label")?,
    );
    let year = frame.column("report_year")?.i32()?;
    let value = frame.column("value")?.f64()?;
    let position = |name: &str| frame.column(name).and_then(|c| c.i32().cloned());
    let (table_no, row_no, col_no) = (
        position("table_no")?,
        position("row_no")?,
        position("col_no")?,
    );
    // One shared string per distinct value: a report's facts share its id,
    // source and agency, and every fact one of a few codes.
    let mut shared: HashSet<Arc<str>> = HashSet::new();
    let mut share = |s: &str| -> Arc<str> {
        if let Some(a) = shared.get(s) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(s);
        shared.insert(a.clone());
        a
    };
    let mut facts = Vec::with_capacity(frame.height());
    for i in 0..frame.height() {
        let (Some(agency), Some(year), Some(value), Some(indicator)) =
            (agency.get(i), year.get(i), value.get(i), indicator.get(i))
        else {
            continue;
        };
        let at = |p: &Int32Chunked| p.get(i).and_then(|n| u32::try_from(n).ok());
        facts.push(continuity::Fact {
            report_id: share(ids.get(i).unwrap_or_default()),
            source: source.get(i).map(&mut share),
            agency: share(agency),
            report_year: year,
            template: template
                .get(i)
                .and_then(Template::parse)
                .unwrap_or(Template::Unknown),
            indicator: share(indicator),
            breakdown: breakdown.get(i).map(&mut share),
            value,
            evidence: audit::cell_location(
                (at(&table_no), at(&row_no), at(&col_no)),
                row_label.get(i),
                breakdown.get(i).and(col_label.get(i)),
                raw.get(i).unwrap_or_default(),
            ),
        });
    }
    Ok(facts)
}
