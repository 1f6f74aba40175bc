//! `gongkai audit DIR`: the audit's findings as a report for people or
//! programs, and an exit code for CI.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::ValueEnum;

use super::{Exit, stdout};
use gongkai::model::Severity;
use gongkai::render::audit_report::{self, Format};

/// Print where the reports in DIR do not add up: the audit's findings,
/// grouped by agency and year.
///
/// Every extract checks each report's totals against their parts (rows
/// and the 总计 column), 其中 rows against their whole, the identity
/// 一 + 二 = 三（七） + 四, the narrative's figures against the table, and
/// 上年结转 against the agency's report of the year before. A failed sum
/// is an `error`; a blank total beside filled parts, a narrative or
/// year-to-year difference a `warning`; a rule that blank cells leave
/// undecided is `info`. This command reads DIR/findings.parquet.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dataset folder.
    #[arg(value_name = "DIR", default_value = "output")]
    dir: PathBuf,

    /// How to write the report: `text` for people, `markdown` for issues and
    /// wikis, `json` for programs.
    #[arg(long, value_enum, default_value_t = AuditFormat::Text)]
    format: AuditFormat,

    /// Show findings of this severity or worse.
    #[arg(long, value_enum, default_value_t = SeverityArg::Warning)]
    min_severity: SeverityArg,

    /// Exit with code 4 when the dataset has findings of this severity or
    /// worse (whatever --min-severity shows): for CI and scheduled jobs.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    fail_on: Option<SeverityArg>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum AuditFormat {
    Text,
    Markdown,
    Json,
}

impl From<AuditFormat> for Format {
    fn from(format: AuditFormat) -> Format {
        match format {
            AuditFormat::Text => Format::Text,
            AuditFormat::Markdown => Format::Markdown,
            AuditFormat::Json => Format::Json,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SeverityArg {
    Error,
    Warning,
    Info,
}

impl From<SeverityArg> for Severity {
    fn from(s: SeverityArg) -> Severity {
        match s {
            SeverityArg::Error => Severity::Error,
            SeverityArg::Warning => Severity::Warning,
            SeverityArg::Info => Severity::Info,
        }
    }
}

pub fn run(args: &Args) -> Result<Exit> {
    let report =
        audit_report::audit_report(&args.dir, args.format.into(), args.min_severity.into())
            .with_context(|| format!("auditing {}", args.dir.display()))?;
    stdout(|out| out.write_all(report.text.as_bytes()))?;
    let failing = args
        .fail_on
        .map_or(0, |severity| report.at_least(severity.into()));
    Ok(if failing > 0 {
        Exit::AuditFindings
    } else {
        Exit::Ok
    })
}
