//! Reading an existing dataset folder: whether it is one, and its records
//! partitions by year.
//!
//! This module only looks at the folder's items: it must not write, merge or
//! aggregate (the modules that do read the folder through it).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::{OutputError, names};

/// The records partitions under `records_dir`, by year, each with its
/// Parquet files in name order. A missing folder has none.
pub fn partitions(records_dir: &Path) -> Result<BTreeMap<Option<i32>, Vec<PathBuf>>, OutputError> {
    let mut out = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(records_dir) else {
        return Ok(out);
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(year) = names::parse_partition_dir(&name.to_string_lossy()) else {
            continue;
        };
        let dir = entry.path();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(OutputError::io(&dir))?
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.extension().is_some_and(|e| e == "parquet")
                    && !p
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        files.sort();
        if !files.is_empty() {
            out.insert(year, files);
        }
    }
    Ok(out)
}

/// Rows of a year: `report_year == year`, or null for the null partition.
pub(crate) fn year_is(year: Option<i32>) -> Expr {
    match year {
        Some(y) => col("report_year").eq(lit(y)),
        None => col("report_year").is_null(),
    }
}

pub(crate) fn not_a_dataset(dir: &Path, reason: &str) -> OutputError {
    OutputError::NotADataset {
        dir: dir.display().to_string(),
        reason: reason.to_owned(),
    }
}

/// The folder must hold a dataset (for commands that read one).
pub(crate) fn require_dataset(dir: &Path) -> Result<(), OutputError> {
    if dir.join(names::REPORTS).is_file() {
        Ok(())
    } else {
        Err(not_a_dataset(
            dir,
            "no reports.parquet (create one with `gongkai extract PATH... --out DIR`)",
        ))
    }
}
