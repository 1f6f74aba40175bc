//! The HTTP crawler: from seed listing pages to report pages, politely,
//! incrementally and resumably, into a SQLite store.
//!
//! ```text
//!  job ──► store (SQLite: frontier, states, validators, pages)
//!           ▲   │ pending URLs
//!           │   ▼
//!           │  engine ── per host: robots.txt, delay, concurrency, backoff, pause
//!           │   │ GET (conditional)          ▲
//!           │   ▼                            │ links (discover)
//!           └─ outcome + body + links, one transaction
//! ```
//!
//! The crawler only fetches and stores; it does not extract. `crawl` returns
//! when the store holds what the run could fetch; the caller
//! (`pipeline::crawl`) then reads the stored reports through the pipeline and
//! closes the run with `finish_run`.
//!
//! A host is a `host:port` authority: `127.0.0.1:8001` and `127.0.0.1:8002`
//! are two hosts, and so are `http://a.gov.cn` (port 80) and
//! `https://a.gov.cn` (port 443). Politeness, robots.txt and shards all work
//! per host.
//!
//! Because the dataset is always rebuilt from the store, it depends only on
//! what the store holds: a resumed crawl gives the same dataset as an
//! uninterrupted one, `gongkai extract --from-store` re-parses everything
//! without fetching, and shard stores combine into one dataset.
//!
//! This module wires the parts; it must not parse reports nor depend on the
//! pipeline that consumes what it stores.

mod discover;
mod engine;
mod http;
pub mod job;
mod politeness;
mod robots;
pub mod state;

use std::time::Duration;

use thiserror::Error;
use url::Url;

pub use http::{FetchError, HttpConfig};
pub use job::{CrawlConfig, JobError, JobFile, Shard};
pub use politeness::Politeness;
pub use state::{Change, RunCounts, State, StoreError};

use discover::Kind;
pub use state::Store;

/// Why a crawl could not run (a page that fails is an outcome in the store,
/// not an error).
#[derive(Debug, Error)]
pub enum CrawlError {
    /// The job file or the settings are invalid.
    #[error(transparent)]
    Job(#[from] JobError),
    /// The SQLite store cannot be opened, read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The HTTP client cannot be built (e.g. an invalid User-Agent).
    #[error("cannot start the HTTP client: {0}")]
    Client(FetchError),
    /// The tokio runtime that runs the fetches cannot start.
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
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

/// What the fetching part of a crawl did.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Crawled {
    /// Whether this invocation resumed an unfinished run.
    pub(crate) resumed: bool,
}

/// Crawl (resuming an unfinished run) until the store holds everything this
/// run can fetch. The run stays open: the caller extracts the stored reports,
/// then closes it with [`finish_run`], so that a crawl interrupted before its
/// dataset is written resumes rather than starts over.
pub(crate) fn crawl(config: &CrawlConfig, progress: bool) -> Result<Crawled, CrawlError> {
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
    engine::run(config, store, progress)?;
    Ok(Crawled { resumed })
}

/// Close the run that [`crawl`] left open, log its closing record and return
/// its counts (all invocations of it).
pub(crate) fn finish_run(config: &CrawlConfig, elapsed: Duration) -> Result<RunCounts, CrawlError> {
    let mut store = Store::open(&config.store)?;
    store.start_run()?;
    let counts = store.counts()?;
    store.finish_run()?;
    log_summary(&counts, elapsed);
    Ok(counts)
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
