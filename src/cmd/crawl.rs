//! `gongkai crawl`: fetch report pages politely into the crawl store, then
//! extract them into the dataset folder.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};

use super::extract::write_run_summary;
use super::{Exit, TaxonomyArg, stdout};
use gongkai::pipeline::{self, CrawlSummary, RunOptions};
use gongkai::source::crawl::{Change, JobFile, Shard, State, job};

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
#[derive(Debug, clap::Args)]
pub struct Args {
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

    #[command(flatten)]
    taxonomy: TaxonomyArg,
}

/// Checked here so that a bad value is a command-line error (exit 2).
fn duration_arg(text: &str) -> Result<String, String> {
    job::parse_duration(text)
        .map(|_| text.to_owned())
        .map_err(|e| e.to_string())
}

fn shard_arg(text: &str) -> Result<String, String> {
    Shard::parse(text)
        .map(|_| text.to_owned())
        .map_err(|e| e.to_string())
}

impl Args {
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

pub fn run(args: &Args, quiet: bool, progress: bool) -> Result<Exit> {
    let config = job::resolve(args.job.as_deref(), args.as_job())?;
    if config.contact.is_none() {
        tracing::warn!("no --contact given: site operators cannot reach you about this crawl");
    }
    let taxonomy = args.taxonomy.load()?;
    let options = RunOptions {
        taxonomy: &taxonomy,
        progress,
    };
    let summary = pipeline::crawl(&config, &options)
        .with_context(|| format!("crawling into {}", config.out.display()))?;
    if !quiet {
        stdout(|out| {
            write_crawl_summary(out, &summary)?;
            write_run_summary(out, &summary.dataset, &config.out)
        })?;
    }
    if summary.complete() {
        return Ok(Exit::Ok);
    }
    let c = &summary.counts;
    eprintln!(
        "gongkai: crawl incomplete: {} pages unreachable, {} left on {} hosts given up; \
         run the same command again to retry them",
        c.state(State::Unreachable),
        c.state(State::Pending),
        c.hosts_left
    );
    Ok(Exit::CrawlIncomplete)
}

/// The crawl's closing lines: requests, hosts, and pages by what became of them.
fn write_crawl_summary(out: &mut dyn Write, summary: &CrawlSummary) -> io::Result<()> {
    let c = &summary.counts;
    let list = |items: Vec<(u64, &str)>| {
        items
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{n} {what}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    writeln!(
        out,
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
    )?;
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
    writeln!(
        out,
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
    )
}
