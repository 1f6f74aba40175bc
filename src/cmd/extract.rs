//! `gongkai extract PATH... --out DIR` (and the main job with no command):
//! read report files, or a crawl's stores, into the dataset folder.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::{Exit, TaxonomyArg, stdout};
use gongkai::model::Severity;
use gongkai::pipeline::{self, RunOptions, RunSummary};

/// Read report files and folders and merge them into the dataset in --out.
///
/// Folders are searched recursively for .html, .htm, .shtml, .txt and .md
/// files; a file named explicitly is read whatever its extension. Every input
/// becomes one row of reports.parquet (with a status and, when something went
/// wrong, an error) and its values become rows of records/. Files with
/// identical bytes are read once. An existing dataset grows: a document
/// already in it (same bytes) is not added twice, a changed document from
/// the same path replaces its older version, and the aggregates are rebuilt.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files and folders to read.
    #[arg(required_unless_present = "from_store", value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Re-parse the pages stored by `gongkai crawl` instead of reading files
    /// (repeatable: the stores of several shards make one dataset).
    #[arg(long, value_name = "STORE", conflicts_with = "paths")]
    from_store: Vec<PathBuf>,

    /// Output folder: created if missing, merged into if it holds a dataset;
    /// its contents are replaced all at once.
    #[arg(long, short, value_name = "DIR", default_value = "output")]
    out: PathBuf,

    #[command(flatten)]
    taxonomy: TaxonomyArg,
}

impl Args {
    /// The main job: the bundled fixtures into `output/`.
    pub fn main_job() -> Args {
        Args {
            paths: vec![PathBuf::from("fixtures")],
            from_store: Vec::new(),
            out: PathBuf::from("output"),
            taxonomy: TaxonomyArg::default(),
        }
    }
}

pub fn run(args: &Args, quiet: bool) -> Result<Exit> {
    if args.paths == [PathBuf::from("fixtures")] && !args.paths[0].exists() {
        bail!(
            "no fixtures/ folder here: run from the repository root, or name files with `gongkai extract PATH...`"
        );
    }
    let taxonomy = args.taxonomy.load()?;
    let options = RunOptions {
        taxonomy: &taxonomy,
        progress: !quiet,
    };
    let summary = if args.from_store.is_empty() {
        pipeline::run(&args.paths, &args.out, &options)
    } else {
        pipeline::run_stores(&args.from_store, &args.out, &options)
    }
    .with_context(|| format!("extracting into {}", args.out.display()))?;
    if !quiet {
        stdout(|out| write_run_summary(out, &summary, &args.out))?;
    }
    Ok(Exit::Ok)
}

/// The closing lines of a run: documents and records by status, the audit's
/// findings, and what the run did to the dataset in `dir`.
pub fn write_run_summary(out: &mut dyn Write, summary: &RunSummary, dir: &Path) -> io::Result<()> {
    let counts = |items: Vec<String>| items.join(", ");
    writeln!(
        out,
        "{} documents: {}",
        summary.total_documents(),
        counts(
            summary
                .documents
                .iter()
                .map(|(s, n)| format!("{n} {s}"))
                .collect()
        )
    )?;
    writeln!(
        out,
        "{} records: {}",
        summary.total_records(),
        counts(
            summary
                .records
                .iter()
                .map(|(s, n)| format!("{n} {s}"))
                .collect()
        )
    )?;
    let n = |s: Severity| summary.findings.get(&s).copied().unwrap_or(0);
    writeln!(
        out,
        "audit: {} errors, {} warnings, {} info in these documents; {} year-over-year warnings in the dataset (`gongkai audit {}` lists them)",
        n(Severity::Error),
        n(Severity::Warning),
        n(Severity::Info),
        summary.dataset.year_over_year,
        dir.display()
    )?;
    if summary.duplicates > 0 {
        writeln!(
            out,
            "{} inputs skipped (same bytes as an earlier input)",
            summary.duplicates
        )?;
    }
    let d = &summary.dataset;
    writeln!(
        out,
        "dataset {}: {} documents, {} records ({} added, {} refreshed, {} replaced, {} kept) in {:.2}s",
        dir.display(),
        d.reports,
        d.records,
        d.added,
        d.refreshed,
        d.replaced,
        d.kept,
        summary.elapsed.as_secs_f64()
    )
}
