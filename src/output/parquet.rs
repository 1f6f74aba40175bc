//! The Parquet files of the data contract: schemas, and atomic, streaming writes.
//!
//! Results arrive in chunks of documents. Each chunk is spooled to a part file
//! in a hidden folder beside the outputs; at the end the parts are streamed
//! (polars' lazy scan and sink, so memory does not grow with the corpus) into
//! the final file under a temporary name, which is then renamed over the old
//! one. A run that dies leaves the previous files untouched.
//!
//! Final files are written with `CompatLevel::oldest()`: plain `large_string`
//! columns that pyarrow 14+, DuckDB and polars all read (the eager writer's
//! string-view columns are not readable by older pyarrow). Counts are Int64.
//!
//! This module writes what it is given; it must not compute or filter values.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use polars::prelude::*;
use thiserror::Error;

use crate::model::{DocResult, Record, Report};

/// Rows per row group in the final files.
const ROW_GROUP_ROWS: usize = 64 * 1024;

#[derive(Debug, Error)]
pub enum OutputError {
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot write Parquet {path}: {source}")]
    Polars { path: String, source: PolarsError },
}

impl OutputError {
    fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
        move |source| OutputError::Io {
            path: path.display().to_string(),
            source,
        }
    }

    fn polars(path: &Path) -> impl FnOnce(PolarsError) -> OutputError + '_ {
        move |source| OutputError::Polars {
            path: path.display().to_string(),
            source,
        }
    }
}

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

/// The temporary name a file is written under before it is renamed into place.
pub fn temp_path(dest: &Path) -> PathBuf {
    let name = dest
        .file_name()
        .map_or_else(Default::default, |n| n.to_string_lossy());
    dest.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

/// Stream `frame` into `dest`: written under a temporary name, synced, renamed.
pub fn sink_atomic(frame: LazyFrame, dest: &Path) -> Result<(), OutputError> {
    let tmp = temp_path(dest);
    let result = sink(frame, &tmp).and_then(|()| {
        File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(OutputError::io(&tmp))?;
        std::fs::rename(&tmp, dest).map_err(OutputError::io(dest))
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn sink(frame: LazyFrame, path: &Path) -> Result<(), OutputError> {
    let options = ParquetWriteOptions {
        compression: ParquetCompression::Zstd(None),
        row_group_size: Some(ROW_GROUP_ROWS),
        compat_level: Some(CompatLevel::oldest()),
        ..Default::default()
    };
    let target = SinkTarget::Path(PlRefPath::new(path.to_string_lossy().as_ref()));
    frame
        .sink(
            SinkDestination::File { target },
            FileWriteFormat::Parquet(Arc::new(options)),
            UnifiedSinkArgs::default(),
        )
        .and_then(|lf| lf.collect_with_engine(Engine::Streaming))
        .map(drop)
        .map_err(OutputError::polars(path))
}

/// Write an in-memory frame to an internal part file (fast, not for readers).
fn write_part(frame: &mut DataFrame, path: &Path) -> Result<(), OutputError> {
    let file = File::create(path).map_err(OutputError::io(path))?;
    ParquetWriter::new(file)
        .with_compression(ParquetCompression::Lz4Raw)
        .finish(frame)
        .map(drop)
        .map_err(OutputError::polars(path))
}

/// Lazily scan part files in the given order.
pub fn scan_parts(parts: &[PathBuf]) -> PolarsResult<LazyFrame> {
    let paths: Vec<PlRefPath> = parts
        .iter()
        .map(|p| PlRefPath::new(p.to_string_lossy().as_ref()))
        .collect();
    LazyFrame::scan_parquet_files(paths.into(), ScanArgsParquet::default())
}

/// Writes `reports.parquet` and `records.parquet` into a folder, chunk by chunk.
pub struct DatasetWriter {
    out_dir: PathBuf,
    spool: PathBuf,
    report_parts: Vec<PathBuf>,
    record_parts: Vec<PathBuf>,
}

impl DatasetWriter {
    pub fn create(out_dir: &Path) -> Result<DatasetWriter, OutputError> {
        std::fs::create_dir_all(out_dir).map_err(OutputError::io(out_dir))?;
        let spool = out_dir.join(format!(".gongkai-spool-{}", std::process::id()));
        if spool.exists() {
            std::fs::remove_dir_all(&spool).map_err(OutputError::io(&spool))?;
        }
        std::fs::create_dir(&spool).map_err(OutputError::io(&spool))?;
        Ok(DatasetWriter {
            out_dir: out_dir.to_path_buf(),
            spool,
            report_parts: Vec::new(),
            record_parts: Vec::new(),
        })
    }

    /// Spool one chunk of results.
    pub fn write(&mut self, results: &[DocResult]) -> Result<(), OutputError> {
        if results.is_empty() {
            return Ok(());
        }
        let n = self.report_parts.len();
        let reports: Vec<Report> = results.iter().map(|r| r.report.clone()).collect();
        let path = self.spool.join(format!("reports-{n:08}.parquet"));
        let mut frame = reports_frame(&reports).map_err(OutputError::polars(&path))?;
        write_part(&mut frame, &path)?;
        self.report_parts.push(path);

        let records: Vec<Record> = results
            .iter()
            .flat_map(|r| r.records.iter().cloned())
            .collect();
        if !records.is_empty() {
            let path = self.spool.join(format!("records-{n:08}.parquet"));
            let mut frame = records_frame(&records).map_err(OutputError::polars(&path))?;
            write_part(&mut frame, &path)?;
            self.record_parts.push(path);
        }
        Ok(())
    }

    /// Combine the spooled chunks into the final files, atomically.
    pub fn finish(self) -> Result<(), OutputError> {
        let combine = |parts: &[PathBuf], empty: PolarsResult<DataFrame>, name: &str| {
            let dest = self.out_dir.join(name);
            let frame = if parts.is_empty() {
                empty.map(IntoLazy::lazy)
            } else {
                scan_parts(parts)
            };
            sink_atomic(frame.map_err(OutputError::polars(&dest))?, &dest)
        };
        combine(&self.report_parts, reports_frame(&[]), "reports.parquet")?;
        combine(&self.record_parts, records_frame(&[]), "records.parquet")?;
        Ok(())
    }
}

impl Drop for DatasetWriter {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.spool);
    }
}
