//! The `gongkai` command line: parses flags, sets up logging, dispatches to
//! one command (each in its own file under `cmd/`) and maps errors to exit
//! codes. All work happens in the library.

mod cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use cmd::Exit;

const EXAMPLES: &str = "\
Examples:
  gongkai                                   # fixtures/ → output/
  gongkai extract reports/ --out dataset/   # a folder of .html/.txt/.md pages
  gongkai extract a.html b.txt --taxonomy my-indicators.toml
  gongkai inspect page.html                 # why did this page come out as it did?
  gongkai aggregate dataset/                # rebuild dataset/aggregates/ and the codebook
  gongkai summary dataset/                  # coverage and headline totals
  gongkai audit dataset/ --fail-on error    # where reports do not add up; exit 4 if any
  gongkai audit --format markdown --min-severity info > audit.md
  gongkai synth --reports 10000 --out corpus/   # a benchmark corpus
  gongkai bench corpus/                     # documents/s, MB/s, peak memory vs the floor
  gongkai crawl --seed https://www.example.gov.cn/zfxxgk/ndbg/ --out dataset/
  gongkai crawl --job jobs/fujian.toml --shard 0/4 --contact mailto:me@example.org
  gongkai extract --from-store dataset/crawl.sqlite --out dataset-v2/";

fn after_help() -> String {
    format!(
        "With no command, gongkai runs the main job: `extract fixtures --out output`.\n\n{}\n{EXAMPLES}",
        Exit::help()
    )
}

/// Turn government information-disclosure annual reports (政府信息公开工作年度报告)
/// into one tidy, audited Parquet dataset.
#[derive(Debug, Parser)]
#[command(name = "gongkai", version, about, after_help = after_help())]
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
    Extract(cmd::extract::Args),
    Crawl(Box<cmd::crawl::Args>),
    Inspect(cmd::inspect::Args),
    Aggregate(cmd::aggregate::Args),
    Summary(cmd::summary::Args),
    Audit(cmd::audit::Args),
    Synth(cmd::synth::Args),
    Bench(cmd::bench::Args),
}

fn main() -> ExitCode {
    gongkai::sys::limit_malloc_arenas();
    let cli = Cli::parse();
    init_logging(cli.log_format, cli.quiet);
    let progress = !cli.quiet && matches!(cli.log_format, LogFormat::Text);
    let command = cli
        .command
        .unwrap_or_else(|| Command::Extract(cmd::extract::Args::main_job()));
    let result = match command {
        Command::Extract(args) => cmd::extract::run(&args, cli.quiet),
        Command::Crawl(args) => cmd::crawl::run(&args, cli.quiet, progress),
        Command::Inspect(args) => cmd::inspect::run(&args),
        Command::Aggregate(args) => cmd::aggregate::run(&args, cli.quiet),
        Command::Summary(args) => cmd::summary::run(&args),
        Command::Audit(args) => cmd::audit::run(&args),
        Command::Synth(args) => cmd::synth::run(&args, cli.quiet),
        Command::Bench(args) => cmd::bench::run(&args),
    };
    match result {
        Ok(exit) => exit.into(),
        Err(e) => {
            eprintln!("gongkai: {e:#}");
            Exit::Failed.into()
        }
    }
}

fn init_logging(format: LogFormat, quiet: bool) {
    // JSON logs are for unattended runs: they get every page and the summary.
    let default = match (quiet, format) {
        (true, _) => "error",
        (false, LogFormat::Json) => "info",
        (false, LogFormat::Text) => "warn",
    };
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
