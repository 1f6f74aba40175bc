//! Writing the dataset: the names of the output folder's items ([`names`]), the Parquet
//! schemas ([`parquet`]), the lock and the all-or-nothing replacement of the
//! folder's contents ([`commit`]), the incremental merge of a run into an
//! existing folder ([`dataset`]), reading an existing folder ([`folder`]),
//! the year-over-year audit's facts ([`year_over_year`]), the aggregates
//! ([`aggregate`]) and the codebook ([`codebook`]).
//!
//! Output never changes a value: it lays out, merges and sums what the earlier
//! stages produced.

pub(crate) mod aggregate;
pub(crate) mod codebook;
pub mod commit;
pub mod dataset;
pub mod folder;
pub mod parquet;
mod year_over_year;

use std::path::Path;

use polars::prelude::PolarsError;
use thiserror::Error;

/// Names of the items of an output folder. Every item is replaced as a whole
/// (see [`commit`]).
pub(crate) mod names {
    /// One row per document.
    pub const REPORTS: &str = "reports.parquet";
    /// One row per value, partitioned by report year (`report_year=2015/data.parquet`).
    pub const RECORDS: &str = "records";
    /// One row per audit result.
    pub const FINDINGS: &str = "findings.parquet";
    /// `by_year_indicator.parquet` and `panel.parquet`.
    pub const AGGREGATES: &str = "aggregates";
    pub const BY_YEAR_INDICATOR: &str = "by_year_indicator.parquet";
    pub const PANEL: &str = "panel.parquet";
    pub const CODEBOOK_PARQUET: &str = "codebook.parquet";
    pub const CODEBOOK_MD: &str = "codebook.md";
    /// The single records file of the first layout; migrated into `records/`.
    pub const LEGACY_RECORDS: &str = "records.parquet";
    /// The partition of records whose report states no year (Hive's name for a
    /// null partition value, read as null by DuckDB, pyarrow and polars).
    pub const NULL_PARTITION: &str = "__HIVE_DEFAULT_PARTITION__";
    /// Prefix of the folder a run spools its chunks into (inside the output folder).
    pub const SPOOL_PREFIX: &str = ".gongkai-spool-";
    /// The file inside each records partition.
    pub const PARTITION_FILE: &str = "data.parquet";

    /// The folder name of a records partition.
    pub fn partition_dir(year: Option<i32>) -> String {
        match year {
            Some(y) => format!("report_year={y}"),
            None => format!("report_year={NULL_PARTITION}"),
        }
    }

    /// The year of a records partition folder name; `None` when the name is
    /// not a partition, `Some(None)` for the null partition.
    pub fn parse_partition_dir(name: &str) -> Option<Option<i32>> {
        let value = name.strip_prefix("report_year=")?;
        if value == NULL_PARTITION {
            return Some(None);
        }
        value.parse().ok().map(Some)
    }
}

/// Why the dataset folder could not be read or written.
#[derive(Debug, Error)]
pub enum OutputError {
    /// A file or folder operation failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file or folder it failed on.
        path: String,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// Writing a Parquet file failed.
    #[error("cannot write Parquet {path}: {source}")]
    Polars {
        /// The file being written.
        path: String,
        /// What polars said.
        source: PolarsError,
    },
    /// Reading a Parquet file of the dataset failed.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file being read.
        path: String,
        /// What polars said.
        source: PolarsError,
    },
    /// Another run holds the folder's lock.
    #[error(
        "another gongkai run is writing to {dir} ({holder}); wait for it to finish, or use another output folder"
    )]
    Locked {
        /// The output folder.
        dir: String,
        /// Who holds the lock, as its lock file states (a process id).
        holder: String,
    },
    /// The folder holds something other than a gongkai dataset.
    #[error("{dir} is not a gongkai dataset: {reason}")]
    NotADataset {
        /// The folder.
        dir: String,
        /// What it lacks or holds instead.
        reason: String,
    },
}

impl OutputError {
    pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
        move |source| OutputError::Io {
            path: path.display().to_string(),
            source,
        }
    }

    pub(crate) fn polars(path: &Path) -> impl FnOnce(PolarsError) -> OutputError + '_ {
        move |source| OutputError::Polars {
            path: path.display().to_string(),
            source,
        }
    }

    pub(crate) fn read(path: &Path) -> impl FnOnce(PolarsError) -> OutputError + '_ {
        move |source| OutputError::Read {
            path: path.display().to_string(),
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::names::*;

    #[test]
    fn partition_names_round_trip() {
        assert_eq!(partition_dir(Some(2015)), "report_year=2015");
        assert_eq!(parse_partition_dir("report_year=2015"), Some(Some(2015)));
        assert_eq!(
            parse_partition_dir(&partition_dir(None)),
            Some(None),
            "the null partition"
        );
        assert_eq!(parse_partition_dir("report_year=abc"), None);
        assert_eq!(parse_partition_dir(".gongkai-staging"), None);
    }
}
