//! A crawl and its dataset: fetch into the SQLite store
//! ([`crate::source::crawl`]), then read every stored report through the
//! pipeline into the dataset folder, then close the crawl's run.
//!
//! The dataset is always rebuilt from the store, so it depends only on what
//! the store holds: a resumed crawl gives the same dataset as an
//! uninterrupted one, `gongkai extract --from-store` re-parses everything
//! without fetching, and shard stores combine into one dataset. This module
//! must not fetch (the crawler does) nor parse (the stages do).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{PipelineError, RunOptions, RunSummary, run_inputs};
use crate::source::crawl::{self, CrawlConfig, RunCounts, State, Store};

/// What a crawl did.
#[derive(Debug, Clone)]
pub struct CrawlSummary {
    /// Whether this invocation resumed an unfinished run.
    pub resumed: bool,
    /// The run's counts (all invocations of it).
    pub counts: RunCounts,
    /// What writing the stored reports into the dataset did.
    pub dataset: RunSummary,
    /// Wall time of this invocation, crawl and write.
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
/// `config.out` through the pipeline, then close the run.
pub fn crawl(config: &CrawlConfig, options: &RunOptions) -> Result<CrawlSummary, PipelineError> {
    let started = Instant::now();
    let crawled = crawl::crawl(config, options.progress)?;
    let dataset = run_stores(std::slice::from_ref(&config.store), &config.out, options)?;
    let counts = crawl::finish_run(config, started.elapsed())?;
    Ok(CrawlSummary {
        resumed: crawled.resumed,
        counts,
        dataset,
        elapsed: started.elapsed(),
    })
}

/// Re-parse every stored report of one or more crawl stores (e.g. one per
/// shard) into one dataset in `out`, without fetching anything. Reports are
/// read in source-URL order; a URL held by several stores is read once.
pub fn run_stores(
    stores: &[PathBuf],
    out: &Path,
    options: &RunOptions,
) -> Result<RunSummary, PipelineError> {
    let opened = stores
        .iter()
        .map(|p| Store::open_existing(p))
        .collect::<Result<Vec<_>, _>>()
        .map_err(crawl::CrawlError::from)?;
    let mut entries = Vec::new();
    for (i, store) in opened.iter().enumerate() {
        let stored = store.entries().map_err(crawl::CrawlError::from)?;
        entries.extend(stored.into_iter().map(|e| (i, e)));
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
    run_inputs(inputs, |input| input, Some(total), out, options)
}
