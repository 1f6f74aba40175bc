//! The HTTP crawler: from seed listing pages to report pages, politely,
//! incrementally and resumably, then every stored report through the pipeline.
//!
//! ```text
//!  job ──► store (SQLite: frontier, states, validators, pages)
//!           ▲   │ pending URLs
//!           │   ▼
//!           │  engine ── per host: robots.txt, delay, concurrency, backoff, pause
//!           │   │ GET (conditional)          ▲
//!           │   ▼                            │ links (discover)
//!           └─ outcome + body + links, one transaction
//!  then: every stored report ──► pipeline::run_inputs ──► OUT/
//! ```
//!
//! A host is a `host:port` authority: `127.0.0.1:8001` and `127.0.0.1:8002`
//! are two hosts, and so are `http://a.gov.cn` (port 80) and
//! `https://a.gov.cn` (port 443). Politeness, robots.txt and shards all work
//! per host.
//!
//! The dataset is always rebuilt from the store, so it depends only on what
//! the store holds: a resumed crawl gives the same dataset as an uninterrupted
//! one, `gongkai extract --from-store` re-parses everything without fetching,
//! and shard stores combine into one dataset.
//!
//! This module wires the parts; it must not parse reports (the pipeline does).

pub mod discover;
mod engine;
pub mod http;
pub mod job;
pub mod politeness;
pub mod robots;
pub mod state;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use thiserror::Error;
use url::Url;

pub use job::{CrawlConfig, JobError, JobFile, Shard};
pub use state::{Change, RunCounts, State, StoreError};

use crate::pipeline::{self, PipelineError, RunOptions, RunSummary};
use discover::Kind;
use state::Store;

#[derive(Debug, Error)]
pub enum CrawlError {
    #[error(transparent)]
    Job(#[from] JobError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot start the HTTP client: {0}")]
    Client(http::FetchError),
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
}

/// The politeness key of a URL: `host:port`, with the scheme's default port
/// when none is written.
pub fn host_key(url: &Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or(""),
        url.port_or_known_default().unwrap_or(0)
    )
}

/// What a crawl did.
#[derive(Debug, Clone)]
pub struct CrawlSummary {
    /// Whether this invocation resumed an unfinished run.
    pub resumed: bool,
    /// The run's counts (all invocations of it).
    pub counts: RunCounts,
    pub dataset: RunSummary,
    pub elapsed: Duration,
}

impl CrawlSummary {
    /// Every URL reached a final state, and none failed for a reason a later
    /// run might not meet (timeouts, 5xx, 429, a host that kept failing).
    pub fn complete(&self) -> bool {
        self.counts.state(State::Pending) == 0 && self.counts.state(State::Unreachable) == 0
    }
}

/// Crawl (resuming an unfinished run), then write every stored report into
/// `config.out` through the pipeline.
pub fn crawl(config: &CrawlConfig, options: &RunOptions) -> Result<CrawlSummary, CrawlError> {
    let started = Instant::now();
    let mut store = Store::open(&config.store)?;
    let resumed = store.start_run()?;
    if resumed {
        tracing::info!(run = store.run(), "resuming an unfinished run");
    }
    let roots: Vec<(Url, Kind)> = config
        .seeds
        .iter()
        .map(|u| (u.clone(), Kind::Listing))
        .chain(config.reports.iter().map(|u| (u.clone(), Kind::Report)))
        .filter(|(u, _)| match &config.shard {
            Some(shard) if !shard.owns(&host_key(u)) => {
                tracing::info!(url = %u, %shard, "seed of another shard skipped");
                false
            }
            _ => true,
        })
        .collect();
    store.add_roots(&roots)?;
    engine::run(config, store, options.progress)?;

    let dataset = extract_stores(std::slice::from_ref(&config.store), &config.out, options)?;
    let mut store = Store::open(&config.store)?;
    store.start_run()?;
    let counts = store.counts()?;
    store.finish_run()?;
    log_summary(&counts, started.elapsed());
    Ok(CrawlSummary {
        resumed,
        counts,
        dataset,
        elapsed: started.elapsed(),
    })
}

/// The closing record of a run, for structured logs.
fn log_summary(c: &RunCounts, elapsed: Duration) {
    tracing::info!(
        run = c.run,
        requests = c.requests,
        reports = c.reports,
        listings = c.listings,
        hosts = c.hosts,
        hosts_given_up = c.hosts_left,
        new = c.change(Change::New),
        changed = c.change(Change::Changed),
        unchanged = c.change(Change::Unchanged),
        not_modified = c.change(Change::NotModified),
        redirected = c.state(State::Redirected),
        gone = c.state(State::Gone),
        failed = c.state(State::Failed),
        unreachable = c.state(State::Unreachable),
        disallowed = c.state(State::Disallowed),
        skipped = c.state(State::Skipped),
        pending = c.state(State::Pending),
        seconds = elapsed.as_secs_f64(),
        "crawl finished"
    );
}

/// Re-parse every stored report of one or more crawl stores (e.g. one per
/// shard) into one dataset in `out`, without fetching anything. Reports are
/// read in source-URL order; a URL held by several stores is read once.
pub fn extract_stores(
    stores: &[PathBuf],
    out: &Path,
    options: &RunOptions,
) -> Result<RunSummary, CrawlError> {
    let opened = stores
        .iter()
        .map(|p| Store::open_existing(p))
        .collect::<Result<Vec<_>, _>>()?;
    let mut entries = Vec::new();
    for (i, store) in opened.iter().enumerate() {
        entries.extend(store.entries()?.into_iter().map(|e| (i, e)));
    }
    // One entry per URL: the directly linked one if any, else the first source.
    entries.sort_by(|(_, a), (_, b)| {
        (&a.url, a.source != a.url, &a.source).cmp(&(&b.url, b.source != b.url, &b.source))
    });
    let mut seen = HashSet::new();
    entries.retain(|(_, e)| seen.insert(e.url.clone()));
    entries.sort_by(|(_, a), (_, b)| (&a.source, &a.url).cmp(&(&b.source, &b.url)));
    let total = entries.len() as u64;
    let inputs = entries.into_iter().map(move |(i, e)| opened[i].load(&e));
    // The store's connection stays on this thread: documents load in the
    // iterator, and reach the workers loaded.
    Ok(pipeline::run_inputs(
        inputs,
        |input| input,
        Some(total),
        out,
        options,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_keys_are_authorities() {
        let k = |s: &str| host_key(&Url::parse(s).unwrap());
        assert_eq!(k("http://127.0.0.1:8001/a"), "127.0.0.1:8001");
        assert_eq!(k("http://WWW.Gov.CN/a"), "www.gov.cn:80");
        assert_eq!(k("https://www.gov.cn/a"), "www.gov.cn:443");
        assert_ne!(k("http://127.0.0.1:8001/"), k("http://127.0.0.1:8002/"));
    }
}
