//! The `gongkai` command line: parses flags, calls the library, maps errors to
//! exit codes. All work happens in the library.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};

use gongkai::output::{dataset, summary};
use gongkai::pipeline::{self, RunOptions, RunSummary};
use gongkai::taxonomy::Taxonomy;

const AFTER_HELP: &str = "\
With no command, gongkai runs the main job: `extract fixtures --out output`.

Exit codes:
  0  the run completed (problems with single documents are rows in reports.parquet)
  1  the run failed (unreadable input path, unwritable output, invalid taxonomy,
     output folder locked by another run)
  2  the command line is wrong

Examples:
  gongkai                                   # fixtures/ → output/
  gongkai extract reports/ --out dataset/   # a folder of .html/.txt/.md pages
  gongkai extract a.html b.txt --taxonomy my-indicators.toml
  gongkai aggregate dataset/                # rebuild dataset/aggregates/ and the codebook
  gongkai summary dataset/                  # coverage and headline totals";

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
    /// Read report files and folders and merge them into the dataset in --out.
    ///
    /// Folders are searched recursively for .html, .htm, .shtml, .txt and .md
    /// files; a file named explicitly is read whatever its extension. Every input
    /// becomes one row of reports.parquet (with a status and, when something went
    /// wrong, an error) and its values become rows of records/. Files with
    /// identical bytes are read once. An existing dataset grows: a document
    /// already in it (same bytes) is not added twice, a changed document from
    /// the same path replaces its older version, and the aggregates are rebuilt.
    Extract(ExtractArgs),
    /// Rebuild DIR/aggregates/ and the codebook from DIR/records/.
    Aggregate(AggregateArgs),
    /// Print what the dataset in DIR holds: coverage (agencies × years) and the
    /// headline totals per year.
    Summary(SummaryArgs),
}

#[derive(Debug, clap::Args)]
struct AggregateArgs {
    /// The dataset folder.
    #[arg(value_name = "DIR", default_value = "output")]
    dir: PathBuf,

    /// Indicator taxonomy to use instead of the built-in taxonomy/indicators.toml.
    #[arg(long, value_name = "FILE")]
    taxonomy: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct SummaryArgs {
    /// The dataset folder.
    #[arg(value_name = "DIR", default_value = "output")]
    dir: PathBuf,

    /// Show at most this many agencies in the coverage table (those with the most documents).
    #[arg(long, value_name = "N", default_value_t = 40)]
    agencies: usize,

    /// Indicator taxonomy to use instead of the built-in taxonomy/indicators.toml.
    #[arg(long, value_name = "FILE")]
    taxonomy: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct ExtractArgs {
    /// Files and folders to read.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Output folder: created if missing, merged into if it holds a dataset;
    /// its contents are replaced all at once.
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
        Command::Aggregate(args) => aggregate(args, cli.quiet),
        Command::Summary(args) => {
            let taxonomy = load_taxonomy(args.taxonomy.as_deref())?;
            let text = summary::summary(&args.dir, &taxonomy, args.agencies)?;
            print!("{text}");
            Ok(())
        }
    }
}

/// The taxonomy from `--taxonomy`, or the built-in one.
fn load_taxonomy(path: Option<&std::path::Path>) -> Result<std::borrow::Cow<'static, Taxonomy>> {
    Ok(match path {
        Some(path) => std::borrow::Cow::Owned(Taxonomy::from_file(path)?),
        None => std::borrow::Cow::Borrowed(Taxonomy::builtin()),
    })
}

fn aggregate(args: AggregateArgs, quiet: bool) -> Result<()> {
    let taxonomy = load_taxonomy(args.taxonomy.as_deref())?;
    let stats = dataset::rebuild_aggregates(&args.dir, &taxonomy)
        .with_context(|| format!("aggregating {}", args.dir.display()))?;
    if !quiet {
        println!(
            "rebuilt {}/aggregates: by_year_indicator {} rows, panel {} reports × {} indicator columns; codebook",
            args.dir.display(),
            stats.groups,
            stats.panel_rows,
            stats.panel_columns
        );
    }
    Ok(())
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
    let taxonomy = load_taxonomy(args.taxonomy.as_deref())?;
    let options = RunOptions {
        taxonomy: &taxonomy,
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
    let d = &summary.dataset;
    println!(
        "dataset {}: {} documents, {} records ({} added, {} refreshed, {} replaced, {} kept) in {:.2}s",
        out.display(),
        d.reports,
        d.records,
        d.added,
        d.refreshed,
        d.replaced,
        d.kept,
        summary.elapsed.as_secs_f64()
    );
}
