//! The `gongkai` command line: parses flags, calls the library, maps errors to
//! exit codes. All work happens in the library.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};

use gongkai::model::Severity;
use gongkai::output::audit_report::{self, Format};
use gongkai::output::{dataset, summary};
use gongkai::pipeline::{self, RunOptions, RunSummary};
use gongkai::source::crawl::{self, CrawlSummary, JobFile, State};
use gongkai::taxonomy::Taxonomy;

const AFTER_HELP: &str = "\
With no command, gongkai runs the main job: `extract fixtures --out output`.

Exit codes:
  0  the run completed (problems with single documents are rows in reports.parquet)
  1  the run failed (unreadable input path, unwritable output, invalid taxonomy,
     invalid job file, crawl store in use by another crawl, output folder
     locked by another run)
  2  the command line is wrong
  3  crawl only: the dataset was written, but some pages could not be fetched for
     reasons a later run may not meet (timeouts, 5xx, 429, a host that kept
     failing); run the same command again to retry them
  4  audit only: the dataset has findings at the --fail-on severity or worse

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
    /// Crawl report pages from seed listing pages, then extract them into --out.
    ///
    /// Follows links from the seeds to report pages (by default, link texts with
    /// a year and 年度报告 or 年报, listing columns such as 政府信息公开年报, and a
    /// listing's next pages), politely: robots.txt and its Crawl-delay, one request
    /// at a time per host:port with --delay between them, retries with backoff,
    /// Retry-After honoured. State lives in a SQLite store (default
    /// DIR/crawl.sqlite): an interrupted crawl resumes where it stopped, and the
    /// next run asks only for changed pages (ETag / Last-Modified). Durations are
    /// written 500ms, 2s, 10m.
    Crawl(Box<CrawlArgs>),

    /// Show how one document is read: metadata and encoding, how the report
    /// body was found, every table as a grid with its records, and the narrative.
    ///
    /// Writes nothing but standard output. Covered cells of a span are shown as
    /// arrows towards the cell whose span covers them.
    Inspect(InspectArgs),
    /// Rebuild DIR/aggregates/ and the codebook from DIR/records/.
    Aggregate(AggregateArgs),
    /// Print what the dataset in DIR holds: coverage (agencies × years) and the
    /// headline totals per year.
    Summary(SummaryArgs),
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
    Audit(AuditArgs),
    /// Write a corpus of realistic report pages for benchmarks: every template,
    /// form and encoding, 1 KB to 500 KB, deterministic by --seed.
    ///
    /// Tables add up except in about one report in 25 (as in real reports, so
    /// the audit has work); every 30th document is a real page from fixtures/.
    /// Files go to DIR/000/, DIR/001/, … (1,000 per folder).
    Synth(SynthArgs),
    /// Measure the pipeline on a corpus against the floor (reading, decoding
    /// and DOM-parsing the same files): documents/s, MB/s and peak memory.
    ///
    /// The pipeline pass extracts into --out, which must not hold a dataset yet
    /// (default: a temporary folder, removed afterwards).
    Bench(BenchArgs),
}

#[derive(Debug, clap::Args)]
struct SynthArgs {
    /// How many documents to write.
    #[arg(long, value_name = "N")]
    reports: usize,

    /// The folder to write them to (created if missing).
    #[arg(long, short, value_name = "DIR")]
    out: PathBuf,

    /// The corpus for a seed is always the same, byte for byte.
    #[arg(long, value_name = "N", default_value_t = 1)]
    seed: u64,
}

#[derive(Debug, clap::Args)]
struct BenchArgs {
    /// Files and folders to read (a corpus from `gongkai synth`, or real pages).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Where the pipeline pass writes its dataset [default: a temporary folder].
    #[arg(long, short, value_name = "DIR")]
    out: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct AuditArgs {
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

    /// Indicator taxonomy to use instead of the built-in taxonomy/indicators.toml.
    #[arg(long, value_name = "FILE")]
    taxonomy: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct CrawlArgs {
    /// A listing page to start from (repeatable).
    #[arg(long = "seed", value_name = "URL")]
    seeds: Vec<String>,

    /// A file of seed URLs, one per line; `#` starts a comment (repeatable).
    #[arg(long = "seeds", value_name = "FILE")]
    seed_files: Vec<PathBuf>,

    /// A report page to fetch directly, without a listing (repeatable).
    #[arg(long = "report", value_name = "URL")]
    reports: Vec<String>,

    /// A TOML job file with seeds and settings; flags override it.
    #[arg(long, value_name = "FILE")]
    job: Option<PathBuf>,

    /// Output folder of the dataset [default: output].
    #[arg(long, short, value_name = "DIR")]
    out: Option<PathBuf>,

    /// The crawl's SQLite state [default: DIR/crawl.sqlite].
    #[arg(long, value_name = "FILE")]
    store: Option<PathBuf>,

    /// Crawl only the hosts in shard I of N (0 <= I < N), by a stable hash of host:port.
    #[arg(long, value_name = "I/N", value_parser = shard_arg)]
    shard: Option<String>,

    /// How site operators can reach you (URL or mailto:), sent in the User-Agent.
    #[arg(long, value_name = "CONTACT")]
    contact: Option<String>,

    /// Regex on link text or title that marks a report page (repeatable; replaces the defaults).
    #[arg(long, value_name = "REGEX")]
    report_text: Vec<String>,

    /// Regex on the URL that marks a report page (repeatable).
    #[arg(long, value_name = "REGEX")]
    report_url: Vec<String>,

    /// Regex on link text that marks a listing page (repeatable; replaces the defaults).
    #[arg(long, value_name = "REGEX")]
    listing_text: Vec<String>,

    /// Regex on the URL that marks a listing page (repeatable).
    #[arg(long, value_name = "REGEX")]
    listing_url: Vec<String>,

    /// Follow links at most this many levels below a seed [default: 3].
    #[arg(long, value_name = "N")]
    max_depth: Option<u32>,

    /// Also follow links to other hosts (by default only the page's own host:port).
    #[arg(long)]
    any_host: bool,

    /// Least time between requests to one host [default: 1s]; a longer robots.txt Crawl-delay wins.
    #[arg(long, value_name = "DURATION", value_parser = duration_arg)]
    delay: Option<String>,

    /// Most requests in flight to one host [default: 1].
    #[arg(long, value_name = "N")]
    host_concurrency: Option<usize>,

    /// Most requests in flight overall [default: 16].
    #[arg(long, value_name = "N")]
    concurrency: Option<usize>,

    /// Longest time for a whole request, body included [default: 120s].
    #[arg(long, value_name = "DURATION", value_parser = duration_arg)]
    timeout: Option<String>,

    /// Longest time to connect [default: 10s].
    #[arg(long, value_name = "DURATION", value_parser = duration_arg)]
    connect_timeout: Option<String>,

    /// Longest wait for any single read [default: 30s].
    #[arg(long, value_name = "DURATION", value_parser = duration_arg)]
    read_timeout: Option<String>,

    /// Largest page accepted, in bytes after decompression [default: 67108864].
    #[arg(long, value_name = "BYTES")]
    max_bytes: Option<u64>,

    /// Most redirects from a link to its page [default: 5].
    #[arg(long, value_name = "N")]
    max_redirects: Option<u32>,

    /// Most attempts per page and run, the first included [default: 4].
    #[arg(long, value_name = "N")]
    attempts: Option<u32>,

    /// Indicator taxonomy to use instead of the built-in taxonomy/indicators.toml.
    #[arg(long, value_name = "FILE")]
    taxonomy: Option<PathBuf>,
}

/// Checked here so that a bad value is a command-line error (exit 2).
fn duration_arg(text: &str) -> Result<String, String> {
    crawl::job::parse_duration(text)
        .map(|_| text.to_owned())
        .map_err(|e| e.to_string())
}

fn shard_arg(text: &str) -> Result<String, String> {
    crawl::Shard::parse(text)
        .map(|_| text.to_owned())
        .map_err(|e| e.to_string())
}

impl CrawlArgs {
    /// The flags in the job file's shape (unset flags stay `None`).
    fn as_job(&self) -> JobFile {
        let list = |v: &Vec<String>| (!v.is_empty()).then(|| v.clone());
        let mut job = JobFile {
            seeds: self.seeds.clone(),
            seeds_files: self.seed_files.clone(),
            reports: self.reports.clone(),
            out: self.out.clone(),
            store: self.store.clone(),
            shard: self.shard.clone(),
            contact: self.contact.clone(),
            ..JobFile::default()
        };
        let f = &mut job.follow;
        f.report_text = list(&self.report_text);
        f.report_url = list(&self.report_url);
        f.listing_text = list(&self.listing_text);
        f.listing_url = list(&self.listing_url);
        f.max_depth = self.max_depth;
        f.same_host = self.any_host.then_some(false);
        let h = &mut job.http;
        h.timeout.clone_from(&self.timeout);
        h.connect_timeout.clone_from(&self.connect_timeout);
        h.read_timeout.clone_from(&self.read_timeout);
        h.max_bytes = self.max_bytes;
        h.max_redirects = self.max_redirects;
        job.politeness.delay.clone_from(&self.delay);
        job.politeness.host_concurrency = self.host_concurrency;
        job.politeness.concurrency = self.concurrency;
        job.retry.attempts = self.attempts;
        job
    }
}

fn main() -> ExitCode {
    limit_malloc_arenas();
    let cli = Cli::parse();
    init_logging(cli.log_format, cli.quiet);
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("gongkai: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// glibc gives each thread that allocates its own arena, up to eight per
/// core, and keeps what they free: polars' query threads left a run of
/// 100,000 documents holding twice the memory it used. One arena per core
/// keeps peak memory flat (measured in the README's benchmarks).
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let arenas = libc::c_int::try_from(cores).unwrap_or(libc::c_int::MAX);
        // SAFETY: mallopt only sets an allocator parameter; it is called
        // before any other thread exists.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, arenas);
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

/// The taxonomy given with `--taxonomy`, or the built-in one.
fn load_taxonomy(path: Option<&Path>) -> Result<Cow<'static, Taxonomy>> {
    Ok(match path {
        Some(path) => Cow::Owned(Taxonomy::from_file(path)?),
        None => Cow::Borrowed(Taxonomy::builtin()),
    })
}

fn run(cli: Cli) -> Result<ExitCode> {
    let command = cli.command.unwrap_or_else(default_job);
    let progress = !cli.quiet && matches!(cli.log_format, LogFormat::Text);
    match command {
        Command::Extract(args) => extract(args, cli.quiet).map(|()| ExitCode::SUCCESS),
        Command::Crawl(args) => crawl_command(&args, cli.quiet, progress),
        Command::Inspect(args) => inspect(args).map(|()| ExitCode::SUCCESS),
        Command::Aggregate(args) => aggregate(args, cli.quiet).map(|()| ExitCode::SUCCESS),
        Command::Summary(args) => {
            let taxonomy = load_taxonomy(args.taxonomy.as_deref())?;
            let text = summary::summary(&args.dir, &taxonomy, args.agencies)?;
            print!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit(args) => audit(&args),
        Command::Synth(args) => synth(&args, cli.quiet).map(|()| ExitCode::SUCCESS),
        Command::Bench(args) => bench(&args).map(|()| ExitCode::SUCCESS),
    }
}

fn synth(args: &SynthArgs, quiet: bool) -> Result<()> {
    let options = gongkai::synth::Options {
        reports: args.reports,
        seed: args.seed,
    };
    let stats = gongkai::synth::write(&args.out, &options)?;
    if !quiet {
        println!(
            "wrote {} documents ({:.1} MB) to {}",
            stats.files,
            stats.bytes as f64 / 1e6,
            args.out.display()
        );
    }
    Ok(())
}

fn bench(args: &BenchArgs) -> Result<()> {
    let temp = std::env::temp_dir().join(format!("gongkai-bench-{}", std::process::id()));
    let out = args.out.clone().unwrap_or_else(|| temp.clone());
    if out.join("reports.parquet").exists() {
        bail!(
            "{} already holds a dataset: the benchmark needs a fresh folder",
            out.display()
        );
    }
    let options = RunOptions {
        taxonomy: Taxonomy::builtin(),
        progress: false,
    };
    let result = gongkai::bench::run(&args.paths, &out, &options);
    if args.out.is_none() {
        let _ = std::fs::remove_dir_all(&temp);
    }
    print!("{}", gongkai::bench::report(&result?));
    Ok(())
}

fn audit(args: &AuditArgs) -> Result<ExitCode> {
    let format = match args.format {
        AuditFormat::Text => Format::Text,
        AuditFormat::Markdown => Format::Markdown,
        AuditFormat::Json => Format::Json,
    };
    let report = audit_report::audit_report(&args.dir, format, args.min_severity.into())
        .with_context(|| format!("auditing {}", args.dir.display()))?;
    let mut out = std::io::stdout().lock();
    match std::io::Write::write_all(&mut out, report.text.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        result => result.context("writing to standard output")?,
    }
    let failing = args
        .fail_on
        .map_or(0, |severity| report.at_least(severity.into()));
    Ok(if failing > 0 {
        ExitCode::from(4)
    } else {
        ExitCode::SUCCESS
    })
}

fn inspect(args: InspectArgs) -> Result<()> {
    let taxonomy = load_taxonomy(args.taxonomy.as_deref())?;
    let bytes = gongkai::source::files::read(&args.file, gongkai::source::files::MAX_BYTES)
        .with_context(|| format!("reading {}", args.file.display()))?;
    let doc = gongkai::model::SourceDoc {
        source: args.file.display().to_string(),
        bytes,
        fetch: None,
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match gongkai::inspect::inspect(&doc, &taxonomy, &mut out)
        .and_then(|()| std::io::Write::flush(&mut out))
    {
        // `gongkai inspect page.html | head` is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        result => result.context("writing to standard output"),
    }
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
        from_store: Vec::new(),
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
    let summary = if args.from_store.is_empty() {
        pipeline::run(&args.paths, &args.out, &options)
            .with_context(|| format!("extracting into {}", args.out.display()))?
    } else {
        crawl::extract_stores(&args.from_store, &args.out, &options)
            .with_context(|| format!("extracting into {}", args.out.display()))?
    };
    if !quiet {
        print_summary(&summary, &args.out);
    }
    Ok(())
}

fn crawl_command(args: &CrawlArgs, quiet: bool, progress: bool) -> Result<ExitCode> {
    let config = crawl::job::resolve(args.job.as_deref(), args.as_job())?;
    if config.http.user_agent.contains("no contact given") {
        tracing::warn!("no --contact given: site operators cannot reach you about this crawl");
    }
    let taxonomy = load_taxonomy(args.taxonomy.as_deref())?;
    let options = RunOptions {
        taxonomy: &taxonomy,
        progress,
    };
    let summary = crawl::crawl(&config, &options)
        .with_context(|| format!("crawling into {}", config.out.display()))?;
    if !quiet {
        print_crawl_summary(&summary);
        print_summary(&summary.dataset, &config.out);
    }
    if summary.complete() {
        return Ok(ExitCode::SUCCESS);
    }
    let c = &summary.counts;
    eprintln!(
        "gongkai: crawl incomplete: {} pages unreachable, {} left on {} hosts given up; \
         run the same command again to retry them",
        c.state(State::Unreachable),
        c.state(State::Pending),
        c.hosts_left
    );
    Ok(ExitCode::from(3))
}

fn print_crawl_summary(summary: &CrawlSummary) {
    let c = &summary.counts;
    let list = |items: Vec<(u64, &str)>| {
        items
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{n} {what}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!(
        "crawl run {}{}: {} requests to {} host{} in {:.1}s; {} URLs: {} reports, {} listings",
        c.run,
        if summary.resumed { " (resumed)" } else { "" },
        c.requests,
        c.hosts,
        if c.hosts == 1 { "" } else { "s" },
        summary.elapsed.as_secs_f64(),
        c.reports + c.listings,
        c.reports,
        c.listings,
    );
    use crawl::Change;
    let fetched = list(vec![
        (c.change(Change::New), "new"),
        (c.change(Change::Changed), "changed"),
        (c.change(Change::Unchanged), "unchanged"),
        (c.change(Change::NotModified), "not modified (304)"),
    ]);
    let other = list(vec![
        (c.state(State::Redirected), "redirects"),
        (c.state(State::Gone), "gone (404/410)"),
        (c.state(State::Failed), "failed"),
        (c.state(State::Unreachable), "unreachable after retries"),
        (c.state(State::Disallowed), "disallowed by robots.txt"),
        (c.state(State::Skipped), "skipped (not HTML or text)"),
        (c.state(State::Pending), "left on hosts given up"),
    ]);
    println!(
        "pages: {}{}",
        if fetched.is_empty() {
            "none fetched"
        } else {
            &fetched
        },
        if other.is_empty() {
            String::new()
        } else {
            format!("; {other}")
        }
    );
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
    let n = |s: Severity| summary.findings.get(&s).copied().unwrap_or(0);
    println!(
        "audit: {} errors, {} warnings, {} info in these documents; {} year-over-year warnings in the dataset (`gongkai audit {}` lists them)",
        n(Severity::Error),
        n(Severity::Warning),
        n(Severity::Info),
        summary.dataset.year_over_year,
        out.display()
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
