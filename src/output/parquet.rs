//! The Parquet files of the data contract: schemas, and streaming writes.
//!
//! Final files are streamed with polars' lazy sink at `CompatLevel::oldest()`:
//! plain `large_string` columns that pyarrow 14+, DuckDB and polars all read
//! (the eager writer's string-view columns are not readable by older pyarrow).
//! Counts are Int64. Internal part files (spooled chunks) use the fast eager
//! writer; readers never see them.
//!
//! This module writes what it is given; it must not compute or filter values.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::OutputError;
use crate::model::{Finding, Record, Report};
use polars::chunked_array::builder::get_list_builder;
use polars::io::utils::sync_on_close::SyncOnCloseType;
use polars::prelude::*;

/// Rows per row group in the final files.
const ROW_GROUP_ROWS: usize = 64 * 1024;
/// At most this many cells (rows × columns) in one row group.
const ROW_GROUP_CELLS: usize = 512 * 1024;

fn strs<'a, T>(rows: &'a [T], f: impl Fn(&'a T) -> Option<&'a str>) -> Vec<Option<&'a str>> {
    rows.iter().map(f).collect()
}

/// The `reports` table for a set of reports.
pub fn reports_frame(reports: &[Report]) -> PolarsResult<DataFrame> {
    let r = reports;
    DataFrame::new_infer_height(vec![
        Column::new("report_id".into(), strs(r, |x| Some(&x.report_id))),
        Column::new("source".into(), strs(r, |x| Some(&x.source))),
        Column::new("final_url".into(), strs(r, |x| x.final_url.as_deref())),
        Column::new("fetched_at".into(), strs(r, |x| x.fetched_at.as_deref())),
        Column::new(
            "content_sha256".into(),
            strs(r, |x| x.content_sha256.as_deref()),
        ),
        Column::new(
            "bytes".into(),
            r.iter().map(|x| x.bytes as i64).collect::<Vec<i64>>(),
        ),
        Column::new("encoding".into(), strs(r, |x| x.encoding.as_deref())),
        Column::new(
            "encoding_source".into(),
            strs(r, |x| x.encoding_source.map(|e| e.as_str())),
        ),
        Column::new("title".into(), strs(r, |x| x.title.as_deref())),
        Column::new("agency".into(), strs(r, |x| x.agency.as_deref())),
        Column::new("region".into(), strs(r, |x| x.region.as_deref())),
        Column::new(
            "report_year".into(),
            r.iter()
                .map(|x| x.report_year)
                .collect::<Vec<Option<i32>>>(),
        ),
        Column::new("published".into(), strs(r, |x| x.published.as_deref())),
        Column::new("template".into(), strs(r, |x| Some(x.template.as_str()))),
        Column::new(
            "input_form".into(),
            strs(r, |x| x.input_form.map(|f| f.as_str())),
        ),
        Column::new("status".into(), strs(r, |x| Some(x.status.as_str()))),
        Column::new("error".into(), strs(r, |x| x.error.as_deref())),
        Column::new(
            "n_records".into(),
            r.iter().map(|x| x.n_records as i64).collect::<Vec<i64>>(),
        ),
        Column::new(
            "parser_version".into(),
            strs(r, |x| Some(&x.parser_version)),
        ),
    ])
}

fn u32s(rows: &[Record], f: impl Fn(&Record) -> Option<u32>) -> Vec<Option<i32>> {
    rows.iter().map(|r| f(r).map(|v| v as i32)).collect()
}

/// The `records` table for a set of records.
pub fn records_frame(records: &[Record]) -> PolarsResult<DataFrame> {
    let r = records;
    DataFrame::new_infer_height(vec![
        Column::new("report_id".into(), strs(r, |x| Some(&x.report_id))),
        Column::new("agency".into(), strs(r, |x| x.agency.as_deref())),
        Column::new(
            "report_year".into(),
            r.iter()
                .map(|x| x.report_year)
                .collect::<Vec<Option<i32>>>(),
        ),
        Column::new("template".into(), strs(r, |x| Some(x.template.as_str()))),
        Column::new("origin".into(), strs(r, |x| Some(x.origin.as_str()))),
        Column::new("table_no".into(), u32s(r, |x| x.table_no)),
        Column::new("row_no".into(), u32s(r, |x| x.row_no)),
        Column::new("col_no".into(), u32s(r, |x| x.col_no)),
        Column::new("section".into(), strs(r, |x| x.section.as_deref())),
        Column::new("row_label".into(), strs(r, |x| x.row_label.as_deref())),
        Column::new("col_label".into(), strs(r, |x| x.col_label.as_deref())),
        Column::new("indicator".into(), strs(r, |x| x.indicator.as_deref())),
        Column::new("breakdown".into(), strs(r, |x| x.breakdown.as_deref())),
        Column::new("unit".into(), strs(r, |x| x.unit.as_deref())),
        Column::new(
            "value".into(),
            r.iter().map(|x| x.value).collect::<Vec<Option<f64>>>(),
        ),
        Column::new("value_raw".into(), strs(r, |x| Some(&x.value_raw))),
        Column::new("status".into(), strs(r, |x| Some(x.status.as_str()))),
        Column::new("qualifier".into(), strs(r, |x| x.qualifier.as_deref())),
        Column::new("snippet".into(), strs(r, |x| x.snippet.as_deref())),
    ])
}

/// Nullable string lists (`List(String)`, also when empty).
pub(crate) fn str_lists<'a>(
    name: &str,
    rows: impl ExactSizeIterator<Item = &'a [String]>,
) -> PolarsResult<Column> {
    let mut builder = get_list_builder(&DataType::String, 0, rows.len(), name.into());
    for items in rows {
        builder.append_series(&Series::new("".into(), items))?;
    }
    Ok(builder.finish().into_series().into_column())
}

/// The `findings` table for a set of audit findings.
pub(crate) fn findings_frame(findings: &[Finding]) -> PolarsResult<DataFrame> {
    let f = findings;
    DataFrame::new_infer_height(vec![
        Column::new("report_id".into(), strs(f, |x| Some(&x.report_id))),
        Column::new("agency".into(), strs(f, |x| x.agency.as_deref())),
        Column::new(
            "report_year".into(),
            f.iter()
                .map(|x| x.report_year)
                .collect::<Vec<Option<i32>>>(),
        ),
        Column::new("rule".into(), strs(f, |x| Some(x.rule.as_str()))),
        Column::new("severity".into(), strs(f, |x| Some(x.severity.as_str()))),
        Column::new("message".into(), strs(f, |x| Some(&x.message))),
        Column::new("message_zh".into(), strs(f, |x| Some(&x.message_zh))),
        Column::new(
            "expected".into(),
            f.iter().map(|x| x.expected).collect::<Vec<Option<f64>>>(),
        ),
        Column::new(
            "actual".into(),
            f.iter().map(|x| x.actual).collect::<Vec<Option<f64>>>(),
        ),
        str_lists("indicators", f.iter().map(|x| x.indicators.as_slice()))?,
        Column::new("evidence".into(), strs(f, |x| x.evidence.as_deref())),
    ])
}

/// Stream `frame` into a final file at `path` with the streaming engine, and
/// sync it to disk. Used inside a staging folder, which is itself the
/// temporary name (see [`crate::output::commit`]).
pub fn sink(mut frame: LazyFrame, path: &Path) -> Result<(), OutputError> {
    // A row group is held whole while it is written: wide tables (the panel's
    // hundreds of columns) get fewer rows per group.
    let columns = frame.collect_schema().map_or(1, |s| s.len().max(1));
    let options = ParquetWriteOptions {
        compression: ParquetCompression::Zstd(None),
        row_group_size: Some((ROW_GROUP_CELLS / columns).clamp(1024, ROW_GROUP_ROWS)),
        compat_level: Some(CompatLevel::oldest()),
        ..Default::default()
    };
    let target = SinkTarget::Path(PlRefPath::new(path.to_string_lossy().as_ref()));
    let args = UnifiedSinkArgs {
        sync_on_close: SyncOnCloseType::All,
        ..Default::default()
    };
    frame
        .sink(
            SinkDestination::File { target },
            FileWriteFormat::Parquet(Arc::new(options)),
            args,
        )
        .and_then(|lf| lf.collect_with_engine(Engine::Streaming))
        .map(drop)
        .map_err(OutputError::polars(path))
}

/// Write an in-memory frame to an internal part file (fast, not for readers).
pub(crate) fn write_part(frame: &mut DataFrame, path: &Path) -> Result<(), OutputError> {
    let file = File::create(path).map_err(OutputError::io(path))?;
    // Buffered: the writer emits many small pieces (one write call each otherwise).
    let mut out = std::io::BufWriter::with_capacity(256 * 1024, file);
    ParquetWriter::new(&mut out)
        .with_compression(ParquetCompression::Lz4Raw)
        .finish(frame)
        .map_err(OutputError::polars(path))?;
    out.flush().map_err(OutputError::io(path))
}

/// Lazily scan Parquet files in the given order. Hive partitioning is off:
/// the partition column is read from inside the files.
pub(crate) fn scan_parts(parts: &[PathBuf]) -> PolarsResult<LazyFrame> {
    let paths: Vec<PlRefPath> = parts
        .iter()
        .map(|p| PlRefPath::new(p.to_string_lossy().as_ref()))
        .collect();
    let args = ScanArgsParquet {
        hive_options: HiveOptions::new_disabled(),
        ..Default::default()
    };
    LazyFrame::scan_parquet_files(paths.into(), args)
}

/// `column` is one of `values` (a column of the same type).
pub(crate) fn is_one_of(column: &str, values: Series) -> Expr {
    col(column).is_in(lit(values).implode(false), false)
}

/// Run a query with the streaming engine and return its one result.
pub(crate) fn collect_streaming(frame: LazyFrame) -> PolarsResult<DataFrame> {
    // A query of one plan (not `collect_all`) always has a single result.
    frame
        .collect_with_engine(Engine::Streaming)
        .map(|result| result.unwrap_single())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Rule, Severity};

    #[test]
    fn empty_findings_are_typed() {
        let frame = findings_frame(&[]).unwrap();
        assert_eq!(frame.height(), 0);
        let dtype = |name: &str| frame.column(name).unwrap().dtype().clone();
        assert_eq!(dtype("expected"), DataType::Float64);
        assert_eq!(
            dtype("indicators"),
            DataType::List(Box::new(DataType::String))
        );
        assert_eq!(dtype("severity"), DataType::String);
        assert_eq!(dtype("report_year"), DataType::Int32);
    }

    #[test]
    fn findings_keep_their_indicator_lists() {
        let finding = Finding {
            report_id: "r".into(),
            agency: None,
            report_year: Some(2015),
            rule: Rule::SumEqual,
            severity: Severity::Error,
            message: "parts do not add up".into(),
            message_zh: "各分项之和不等于合计".into(),
            expected: Some(10.0),
            actual: None,
            indicators: vec!["apply.received".into(), "apply.received.online".into()],
            evidence: None,
        };
        let frame = findings_frame(&[finding]).unwrap();
        let lists = frame.column("indicators").unwrap().list().unwrap();
        assert_eq!(lists.get_as_series(0).unwrap().len(), 2);
        assert_eq!(frame.column("actual").unwrap().null_count(), 1);
    }
}
