//! The commands of the `gongkai` binary, one file each (as xsv lays out its
//! `src/cmd/`): every file holds its command's flags (`Args`) and a `run`
//! that calls the library and returns an [`Exit`] code.
//!
//! Commands only translate between the command line and the library: they
//! must not parse reports, lay out files or compute anything a library user
//! would also need. What every command shares lives here: the exit codes, the
//! standard-output writer that treats a closed pipe as success, and the
//! `--taxonomy` flag.

pub mod aggregate;
pub mod audit;
pub mod bench;
pub mod crawl;
pub mod extract;
pub mod inspect;
pub mod summary;
pub mod synth;

use std::borrow::Cow;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

use gongkai::taxonomy::Taxonomy;

/// The exit codes of every command; `--help` lists them from [`Exit::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The run completed (problems with single documents are rows in
    /// reports.parquet).
    Ok = 0,
    /// The run failed.
    Failed = 1,
    /// The command line is wrong (clap exits with this code itself).
    Usage = 2,
    /// Crawl only: the dataset was written, but some pages could not be
    /// fetched for reasons a later run may not meet.
    CrawlIncomplete = 3,
    /// Audit only: the dataset has findings at the --fail-on severity or worse.
    AuditFindings = 4,
}

impl Exit {
    /// Every code, with the text `--help` prints for it.
    pub const ALL: [(Exit, &'static str); 5] = [
        (
            Exit::Ok,
            "the run completed (problems with single documents are rows in reports.parquet)",
        ),
        (
            Exit::Failed,
            "the run failed (unreadable input path, unwritable output, invalid taxonomy,\n     \
             invalid job file, crawl store in use by another crawl, output folder\n     \
             locked by another run)",
        ),
        (Exit::Usage, "the command line is wrong"),
        (
            Exit::CrawlIncomplete,
            "crawl only: the dataset was written, but some pages could not be fetched for\n     \
             reasons a later run may not meet (timeouts, 5xx, 429, a host that kept\n     \
             failing); run the same command again to retry them",
        ),
        (
            Exit::AuditFindings,
            "audit only: the dataset has findings at the --fail-on severity or worse",
        ),
    ];

    /// The "Exit codes:" block of `--help`.
    pub fn help() -> String {
        let mut text = String::from("Exit codes:\n");
        for (code, what) in Exit::ALL {
            text.push_str(&format!("  {}  {what}\n", code as u8));
        }
        text
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

/// Run `write` against standard output, buffered; a reader that goes away
/// (`gongkai audit | head`) ends the output early and is not an error.
pub fn stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        result => result.context("writing to standard output"),
    }
}

/// `--taxonomy FILE`, shared by the commands that read indicators.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TaxonomyArg {
    /// Indicator taxonomy to use instead of the built-in taxonomy/indicators.toml.
    #[arg(long = "taxonomy", value_name = "FILE")]
    pub path: Option<PathBuf>,
}

impl TaxonomyArg {
    /// The taxonomy given with `--taxonomy`, or the built-in one.
    pub fn load(&self) -> Result<Cow<'static, Taxonomy>> {
        Ok(match self.path.as_deref() {
            Some(path) => Cow::Owned(Taxonomy::from_file(path)?),
            None => Cow::Borrowed(Taxonomy::builtin()),
        })
    }
}
