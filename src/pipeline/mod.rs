//! Wires the stages: one document through decode → extract → classify →
//! normalize → narrative → audit ([`process`]), a corpus through that in
//! parallel, chunk by chunk, into the dataset folder ([`run`],
//! [`run_inputs`]), and a crawl's stored pages the same way ([`crawl`],
//! [`run_stores`]).
//!
//! Documents are independent, so each chunk is processed with rayon while
//! the chunk before it is written: memory holds a few chunks, not the corpus.
//! Every input yields exactly one report row; whatever goes wrong with a
//! document is recorded in that row, and the run goes on.
//!
//! This module only connects stages and counts: it must not parse anything.

mod corpus;
mod crawl;
mod document;

use std::collections::BTreeMap;
use std::time::Duration;

use thiserror::Error;

use crate::model::{DocResult, ReportStatus, Severity, ValueStatus};
use crate::output::OutputError;
use crate::output::dataset::DatasetStats;
use crate::source::crawl::CrawlError;
use crate::source::files;
use crate::taxonomy::Taxonomy;

pub use corpus::{run, run_inputs};
pub use crawl::{CrawlSummary, crawl, run_stores};
pub use document::{process, process_guarded};

/// Documents processed (and held in memory) at a time.
pub(crate) const CHUNK_DOCS: usize = 256;

/// Why a run stopped. A document that fails is no such error: its report
/// row records what went wrong.
#[derive(Debug, Error)]
pub enum PipelineError {
    /// An input path is missing, or a folder of inputs could not be listed.
    #[error(transparent)]
    Source(#[from] files::SourceError),
    /// The dataset folder could not be read or written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The crawl could not start, go on or finish.
    #[error(transparent)]
    Crawl(#[from] CrawlError),
}

/// Settings of a run.
#[derive(Debug, Clone)]
pub struct RunOptions<'a> {
    /// The indicators and rules every document is read and audited with.
    pub taxonomy: &'a Taxonomy,
    /// Show a progress bar (only drawn on a terminal).
    pub progress: bool,
}

/// What a run did, for the closing summary.
#[derive(Debug, Clone, Default)]
pub struct RunSummary {
    /// This run's documents, by the status of their report.
    pub documents: BTreeMap<ReportStatus, usize>,
    /// This run's records, by the status of their value.
    pub records: BTreeMap<ValueStatus, usize>,
    /// Findings of the audit about this run's documents, by severity.
    pub findings: BTreeMap<Severity, usize>,
    /// Inputs skipped because their bytes equal an earlier input's.
    pub duplicates: usize,
    /// What the run did to the dataset in the output folder (merge counts).
    pub dataset: DatasetStats,
    /// Wall time of the run, from its start to the folder's commit.
    pub elapsed: Duration,
}

impl RunSummary {
    fn add(&mut self, result: &DocResult) {
        *self.documents.entry(result.report.status).or_default() += 1;
        for record in &result.records {
            *self.records.entry(record.status).or_default() += 1;
        }
        for finding in &result.findings {
            *self.findings.entry(finding.severity).or_default() += 1;
        }
    }

    /// This run's documents, whatever their status.
    pub fn total_documents(&self) -> usize {
        self.documents.values().sum()
    }

    /// This run's records, whatever their status.
    pub fn total_records(&self) -> usize {
        self.records.values().sum()
    }
}
