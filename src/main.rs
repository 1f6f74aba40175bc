//! The `gongkai` command line: parses flags, calls the library, maps errors to
//! exit codes. All work happens in the library.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};

use gongkai::pipeline::{self, RunOptions, RunSummary};
use gongkai::taxonomy::Taxonomy;

const AFTER_HELP: &str = "\
With no command, gongkai runs the main job: `extract fixtures --out output`.

Exit codes:
  0  the run completed (problems with single documents are rows in reports.parquet)
  1  the run failed (unreadable input path, unwritable output, invalid taxonomy)
  2  the command line is wrong

Examples:
  gongkai                                   # fixtures/ → output/
  gongkai extract reports/ --out dataset/   # a folder of .html/.txt/.md pages
  gongkai extract a.html b.txt --taxonomy my-indicators.toml
  gongkai inspect page.html                 # why did this page come out as it did?";

/// Turn government information-disclosure annual reports (政府信息公开工作年度报告)
/// into one tidy, audited Parquet dataset.
#[derive(Debug, Parser)]
#[command(name = "gongkai", version, about, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// Print nothing but errors.
    #[arg(short, long, global = true)]
    quiet: bool,

    /// Log format on stderr: `text` for people, `json` for unattended runs.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read report files and folders and write reports.parquet and records.parquet.
    ///
    /// Folders are searched recursively for .html, .htm, .shtml, .txt and .md
    /// files; a file named explicitly is read whatever its extension. Every input
    /// becomes one row of reports.parquet (with a status and, when something went
    /// wrong, an error) and its values become rows of records.parquet. Files with
    /// identical bytes are read once.
    Extract(ExtractArgs),

    /// Show how one document is read: metadata and encoding, how the report
    /// body was found, every table as a grid with its records, and the narrative.
    ///
    /// Writes nothing but standard output. Covered cells of a span are shown as
    /// arrows towards the cell whose span covers them.
    Inspect(InspectArgs),
}

#[derive(Debug, clap::Args)]
struct InspectArgs {
    /// The document to inspect (.html, .txt, … whatever its extension).
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// Indicator taxonomy to use instead of the built-in taxonomy/indicators.toml.
    #[arg(long, value_name = "FILE")]
    taxonomy: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct ExtractArgs {
    /// Files and folders to read.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Output folder (created if missing; its Parquet files are replaced atomically).
    #[arg(long, short, value_name = "DIR", default_value = "output")]
    out: PathBuf,

    /// Indicator taxonomy to use instead of the built-in taxonomy/indicators.toml.
    #[arg(long, value_name = "FILE")]
    taxonomy: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.log_format, cli.quiet);
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gongkai: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn init_logging(format: LogFormat, quiet: bool) {
    let default = if quiet { "error" } else { "warn" };
    let filter = tracing_subscriber::EnvFilter::try_from_env("GONGKAI_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

fn run(cli: Cli) -> Result<()> {
    let command = cli.command.unwrap_or_else(default_job);
    match command {
        Command::Extract(args) => extract(args, cli.quiet),
        Command::Inspect(args) => inspect(args),
    }
}

fn inspect(args: InspectArgs) -> Result<()> {
    let custom;
    let taxonomy = match &args.taxonomy {
        Some(path) => {
            custom = Taxonomy::from_file(path)?;
            &custom
        }
        None => Taxonomy::builtin(),
    };
    let bytes = gongkai::source::files::read(&args.file, gongkai::source::files::MAX_BYTES)
        .with_context(|| format!("reading {}", args.file.display()))?;
    let doc = gongkai::model::SourceDoc {
        source: args.file.display().to_string(),
        bytes,
        fetch: None,
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match gongkai::inspect::inspect(&doc, taxonomy, &mut out)
        .and_then(|()| std::io::Write::flush(&mut out))
    {
        // `gongkai inspect page.html | head` is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        result => result.context("writing to standard output"),
    }
}

/// The main job: the bundled fixtures into `output/`.
fn default_job() -> Command {
    Command::Extract(ExtractArgs {
        paths: vec![PathBuf::from("fixtures")],
        out: PathBuf::from("output"),
        taxonomy: None,
    })
}

fn extract(args: ExtractArgs, quiet: bool) -> Result<()> {
    if args.paths == [PathBuf::from("fixtures")] && !args.paths[0].exists() {
        bail!(
            "no fixtures/ folder here: run from the repository root, or name files with `gongkai extract PATH...`"
        );
    }
    let custom;
    let taxonomy = match &args.taxonomy {
        Some(path) => {
            custom = Taxonomy::from_file(path)?;
            &custom
        }
        None => Taxonomy::builtin(),
    };
    let options = RunOptions {
        taxonomy,
        progress: !quiet,
    };
    let summary = pipeline::run(&args.paths, &args.out, &options)
        .with_context(|| format!("extracting into {}", args.out.display()))?;
    if !quiet {
        print_summary(&summary, &args.out);
    }
    Ok(())
}

fn print_summary(summary: &RunSummary, out: &std::path::Path) {
    let join = |items: Vec<String>| items.join(", ");
    println!(
        "{} documents: {}",
        summary.total_documents(),
        join(
            summary
                .documents
                .iter()
                .map(|(s, n)| format!("{n} {s}"))
                .collect()
        )
    );
    println!(
        "{} records: {}",
        summary.total_records(),
        join(
            summary
                .records
                .iter()
                .map(|(s, n)| format!("{n} {s}"))
                .collect()
        )
    );
    if summary.duplicates > 0 {
        println!(
            "{} inputs skipped (same bytes as an earlier input)",
            summary.duplicates
        );
    }
    println!(
        "wrote {}/reports.parquet and records.parquet in {:.2}s",
        out.display(),
        summary.elapsed.as_secs_f64()
    );
}
