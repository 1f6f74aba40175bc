//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

use gongkai::model::{DocResult, Origin, Record, SourceDoc};
use gongkai::pipeline::process;
use gongkai::taxonomy::Taxonomy;
use polars::prelude::*;

/// A file under `fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

/// Run one fixture through every stage.
pub fn process_fixture(rel: &str) -> DocResult {
    let path = fixture(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    process_bytes(rel, bytes)
}

pub fn process_bytes(source: &str, bytes: Vec<u8>) -> DocResult {
    let doc = SourceDoc {
        source: source.to_owned(),
        bytes,
        fetch: None,
    };
    process(&doc, Taxonomy::builtin())
}

/// The records that came from tables (narrative figures follow them).
pub fn table_records(result: &DocResult) -> Vec<&Record> {
    result
        .records
        .iter()
        .filter(|r| r.origin == Origin::Table)
        .collect()
}

/// The record of a table value, found by indicator (and breakdown).
pub fn record<'a>(result: &'a DocResult, indicator: &str, breakdown: Option<&str>) -> &'a Record {
    let found: Vec<&Record> = table_records(result)
        .into_iter()
        .filter(|r| {
            r.indicator.as_deref() == Some(indicator) && r.breakdown.as_deref() == breakdown
        })
        .collect();
    assert_eq!(found.len(), 1, "{indicator} {breakdown:?}: {found:#?}");
    found[0]
}

/// One line per table record, for snapshots: where it is, what it means, what
/// it says.
pub fn record_lines(result: &DocResult) -> String {
    table_records(result)
        .into_iter()
        .map(|r| {
            format!(
                "t{} r{} c{} | {} | {} | {} | {:?} {} {} | {:?}",
                r.table_no.unwrap_or(0),
                r.row_no.unwrap_or(0),
                r.col_no.unwrap_or(0),
                r.indicator.as_deref().unwrap_or("-"),
                r.breakdown.as_deref().unwrap_or("-"),
                r.unit.as_deref().unwrap_or("-"),
                r.value,
                r.status,
                r.qualifier.as_deref().unwrap_or(""),
                r.value_raw,
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `gongkai` binary built for these tests.
pub fn gongkai() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
}

/// Run `gongkai --quiet extract INPUTS --out OUT`; panics unless it succeeds.
pub fn extract(inputs: &[&Path], out: &Path) -> std::process::Output {
    let output = gongkai()
        .args(["--quiet", "extract"])
        .args(inputs)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Read a Parquet file with polars.
pub fn read_parquet(path: &Path) -> DataFrame {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    ParquetReader::new(file).finish().unwrap()
}

/// A string column's values.
pub fn strs(frame: &DataFrame, column: &str) -> Vec<Option<String>> {
    let values = frame.column(column).unwrap().str().unwrap();
    values.iter().map(|s| s.map(str::to_owned)).collect()
}

/// An `Int32` column's values.
pub fn i32s(frame: &DataFrame, column: &str) -> Vec<Option<i32>> {
    frame
        .column(column)
        .unwrap()
        .i32()
        .unwrap()
        .iter()
        .collect()
}

/// A `Float64` column's values.
pub fn f64s(frame: &DataFrame, column: &str) -> Vec<Option<f64>> {
    frame
        .column(column)
        .unwrap()
        .f64()
        .unwrap()
        .iter()
        .collect()
}

/// Every record of a dataset folder: all partitions of `records/`, in
/// partition order.
pub fn read_records(dir: &Path) -> DataFrame {
    let parts = gongkai::output::folder::partitions(&dir.join("records")).unwrap();
    let mut frames = parts.values().flatten().map(|p| read_parquet(p));
    let mut all = frames
        .next()
        .unwrap_or_else(|| gongkai::output::parquet::records_frame(&[]).unwrap());
    for frame in frames {
        all.vstack_mut_owned(frame).unwrap();
    }
    all
}

/// The relative paths and bytes of every file under `dir` (hidden entries
/// skipped), for before/after comparisons.
pub fn snapshot(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut std::collections::BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}
