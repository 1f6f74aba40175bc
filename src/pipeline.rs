//! Wires the stages: one document through decode → extract → classify →
//! normalize ([`process`]), and a corpus through that in parallel, chunk by
//! chunk, into the Parquet outputs ([`run`]).
//!
//! Documents are independent, so each chunk is processed with rayon while
//! the chunk before it is written: memory holds a few chunks, not the corpus.
//! Every input yields exactly one report row; whatever goes wrong with a
//! document is recorded in that row, and the run goes on.
//!
//! This module only connects stages and counts: it must not parse anything.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::audit;
use crate::classify::classify;
use crate::decode::decode;
use crate::extract::extract;
use crate::model::{
    DocResult, LocatedValue, Meta, Normalized, PARSER_VERSION, Record, Report, ReportStatus,
    Severity, SourceDoc, Template, ValueStatus,
};
use crate::narrative;
use crate::normalize::normalize;
use crate::output::OutputError;
use crate::output::dataset::{DatasetStats, DatasetWriter};
use crate::source::files;
use crate::taxonomy::Taxonomy;

/// Documents processed (and held in memory) at a time.
pub const CHUNK_DOCS: usize = 256;

#[derive(Debug, Error)]
pub enum PipelineError {
    #[error(transparent)]
    Source(#[from] files::SourceError),
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// Settings of a run.
#[derive(Debug, Clone)]
pub struct RunOptions<'a> {
    pub taxonomy: &'a Taxonomy,
    /// Show a progress bar (only drawn on a terminal).
    pub progress: bool,
}

/// What a run did, for the closing summary.
#[derive(Debug, Clone, Default)]
pub struct RunSummary {
    pub documents: BTreeMap<ReportStatus, usize>,
    pub records: BTreeMap<ValueStatus, usize>,
    /// Findings of the audit about this run's documents, by severity.
    pub findings: BTreeMap<Severity, usize>,
    /// Inputs skipped because their bytes equal an earlier input's.
    pub duplicates: usize,
    /// What the run did to the dataset in the output folder (merge counts).
    pub dataset: DatasetStats,
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

    pub fn total_documents(&self) -> usize {
        self.documents.values().sum()
    }

    pub fn total_records(&self) -> usize {
        self.records.values().sum()
    }
}

/// A document to process, or the reason it could not be loaded (the source
/// and the error, which become a failed report row).
pub type Input = Result<SourceDoc, LoadError>;

/// A document that could not even be loaded.
#[derive(Debug, Clone)]
pub struct LoadError {
    pub source: String,
    pub error: String,
}

/// Read files and folders and merge them into the dataset in `out_dir`
/// (see [`crate::output::dataset`]).
pub fn run(
    paths: &[PathBuf],
    out_dir: &Path,
    options: &RunOptions,
) -> Result<RunSummary, PipelineError> {
    let files = files::collect(paths)?;
    let total = files.len() as u64;
    run_inputs(
        files.into_iter(),
        |path| load(&path),
        Some(total),
        out_dir,
        options,
    )
}

/// Process documents from any source (files, the crawl store) in chunks, and
/// merge them into the dataset in `out_dir`: a document already there (same
/// bytes) is re-extracted in place, a changed document from the same source
/// replaces its older version, aggregates are rebuilt, and the folder changes
/// all at once. Fails at once when another run holds the folder's lock.
///
/// Each item of `inputs` becomes a document through `load`, which runs on
/// the worker threads (reading files there keeps the reads parallel); a
/// source that cannot be shared across threads loads in its iterator and
/// passes an identity `load`. While one chunk is processed, the one before
/// it is written on a thread of its own. `total` sizes the progress bar.
pub fn run_inputs<T: Send>(
    inputs: impl Iterator<Item = T>,
    load: impl Fn(T) -> Input + Sync,
    total: Option<u64>,
    out_dir: &Path,
    options: &RunOptions,
) -> Result<RunSummary, PipelineError> {
    let started = Instant::now();
    let bar = progress_bar(total, options.progress);
    let writer = DatasetWriter::create(out_dir)?;
    // One chunk waits while one is written: memory holds three at most.
    let (chunks, received) = mpsc::sync_channel::<Vec<DocResult>>(1);
    let written = std::thread::scope(|scope| {
        let writing = scope.spawn(|| write_chunks(received, writer, &bar));
        let mut inputs = inputs.peekable();
        while inputs.peek().is_some() {
            let chunk: Vec<T> = inputs.by_ref().take(CHUNK_DOCS).collect();
            let results: Vec<DocResult> = chunk
                .into_par_iter()
                .map(|item| process_guarded(&load(item), options.taxonomy))
                .collect();
            if chunks.send(results).is_err() {
                break; // the writer stopped on an error, which it returns
            }
        }
        drop(chunks);
        writing
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    let (mut summary, writer) = written?;
    summary.dataset = writer.finish(options.taxonomy)?;
    bar.finish_and_clear();
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The writer's side of [`run_inputs`]: count each chunk's documents, skip
/// the ones whose bytes came earlier, and spool the rest.
fn write_chunks(
    chunks: mpsc::Receiver<Vec<DocResult>>,
    mut writer: DatasetWriter,
    bar: &ProgressBar,
) -> Result<(RunSummary, DatasetWriter), PipelineError> {
    let mut summary = RunSummary::default();
    let mut seen: HashSet<String> = HashSet::new();
    for results in chunks {
        let documents = results.len();
        let mut kept = Vec::with_capacity(documents);
        for result in results {
            if seen.insert(result.report.report_id.clone()) {
                summary.add(&result);
                kept.push(result);
            } else {
                tracing::info!(source = %result.report.source, "skipped: same bytes as an earlier input");
                summary.duplicates += 1;
            }
        }
        writer.write(&kept)?;
        bar.inc(documents as u64);
    }
    Ok((summary, writer))
}

fn progress_bar(len: Option<u64>, enabled: bool) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    let bar = len.map_or_else(ProgressBar::no_length, ProgressBar::new);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {pos}/{len} documents {wide_bar} {per_sec} eta {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// A file as a document; an unreadable file becomes a document whose report
/// carries the error.
pub fn load(path: &Path) -> Input {
    let source = path.display().to_string();
    match files::read(path, files::MAX_BYTES) {
        Ok(bytes) => Ok(SourceDoc {
            source,
            bytes,
            fetch: None,
        }),
        Err(e) => Err(LoadError {
            source,
            error: e.to_string(),
        }),
    }
}

/// [`process`], with a panic (a bug) turned into a failed report instead of
/// ending the run.
pub fn process_guarded(input: &Input, taxonomy: &Taxonomy) -> DocResult {
    let doc = match input {
        Ok(doc) => doc,
        Err(e) => return unreadable(e),
    };
    std::panic::catch_unwind(|| process(doc, taxonomy)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        tracing::error!(source = %doc.source, "internal error: {what}");
        failed(
            &doc.source,
            &doc.bytes,
            format!("internal error (a bug in gongkai): {what}"),
        )
    })
}

/// The report of a document that could not be read: identified by its source,
/// since there are no bytes to hash.
fn unreadable(e: &LoadError) -> DocResult {
    let mut report = new_report(&e.source, &[]);
    report.report_id = hex(&Sha256::digest(format!("unreadable:{}", e.source)))[..16].to_owned();
    report.content_sha256 = None;
    report.error = Some(e.error.clone());
    DocResult::without_values(report)
}

fn failed(source: &str, bytes: &[u8], error: String) -> DocResult {
    let mut report = new_report(source, bytes);
    report.error = Some(error);
    DocResult::without_values(report)
}

fn new_report(source: &str, bytes: &[u8]) -> Report {
    let digest = hex(&Sha256::digest(bytes));
    Report {
        report_id: digest[..16].to_owned(),
        source: source.to_owned(),
        final_url: None,
        fetched_at: None,
        content_sha256: Some(digest),
        bytes: bytes.len() as u64,
        encoding: None,
        encoding_source: None,
        title: None,
        agency: None,
        region: None,
        report_year: None,
        published: None,
        template: Template::Unknown,
        input_form: None,
        status: ReportStatus::Failed,
        error: None,
        n_records: 0,
        parser_version: PARSER_VERSION.to_owned(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One document through every stage. Never fails: what goes wrong is in the
/// report's `status` and `error`.
pub fn process(doc: &SourceDoc, taxonomy: &Taxonomy) -> DocResult {
    let mut report = new_report(&doc.source, &doc.bytes);
    if let Some(fetch) = &doc.fetch {
        report.final_url = Some(fetch.final_url.clone());
        report.fetched_at = Some(fetch.fetched_at.clone());
    }
    let content_type = doc.fetch.as_ref().and_then(|f| f.content_type.as_deref());
    let decoded = match decode(&doc.bytes, content_type) {
        Ok(decoded) => decoded,
        Err(e) => {
            report.error = Some(e.to_string());
            return DocResult::without_values(report);
        }
    };
    report.encoding = Some(decoded.encoding.name().to_owned());
    report.encoding_source = Some(decoded.source);
    if crate::extract::looks_like_html(&decoded.text)
        && let Err(e) = crate::extract::html::check_size(&decoded.text)
    {
        report.error = Some(e.to_string());
        return DocResult::without_values(report);
    }

    let extracted = extract(&decoded.text);
    let classified = classify(&extracted.tables, taxonomy);
    set_meta(&mut report, &extracted.meta);
    report.input_form = extracted.form;
    report.template = classified.template.unwrap_or(Template::Unknown);

    let mut problems: Vec<String> = extracted
        .tables
        .iter()
        .flat_map(|t| t.problems.iter().cloned())
        .collect();
    if decoded.replaced > 0 {
        problems.push(format!(
            "{} undecodable byte sequences in {} were replaced",
            decoded.replaced,
            decoded.encoding.name()
        ));
    }
    problems.extend(decoded.note);
    report.status = if classified.statistics_tables > 0 {
        if problems.is_empty() {
            ReportStatus::Ok
        } else {
            ReportStatus::Partial
        }
    } else if looks_like_report(&extracted.paragraphs, &extracted.meta) {
        problems.insert(0, "no statistics table found".to_owned());
        ReportStatus::NoTables
    } else {
        problems.insert(
            0,
            "not a disclosure report (no 信息公开 in the text)".to_owned(),
        );
        ReportStatus::NotAReport
    };
    if !problems.is_empty() {
        report.error = Some(problems.join("; "));
    }

    let narrative = match report.status {
        ReportStatus::NotAReport | ReportStatus::Failed => Vec::new(),
        _ => narrative::extract(&extracted.paragraphs, taxonomy, report.template),
    };
    let records: Vec<Record> = classified
        .values
        .into_iter()
        .map(|value| to_record(value, &report))
        .chain(
            narrative
                .into_iter()
                .map(|value| narrative_record(value, &report)),
        )
        .collect();
    report.n_records = records.len() as u64;
    let findings = audit::audit(&report, &records, taxonomy);
    DocResult {
        report,
        records,
        findings,
    }
}

/// A narrative figure as a record: its value read by the narrative's reader
/// (Chinese numerals, qualifiers, 万/亿 kept in the unit), not by `normalize`.
fn narrative_record(value: LocatedValue, report: &Report) -> Record {
    let read = narrative::read(&value.raw);
    Record {
        value: read.value,
        status: read.status,
        qualifier: read.qualifier,
        unit: read.unit.or_else(|| value.unit.clone()),
        ..to_record(value, report)
    }
}

fn set_meta(report: &mut Report, meta: &Meta) {
    report.title.clone_from(&meta.title);
    report.agency.clone_from(&meta.agency);
    report.region.clone_from(&meta.region);
    report.report_year = meta.report_year;
    report.published.clone_from(&meta.published);
}

/// Words whose presence makes a text a disclosure report.
fn looks_like_report(paragraphs: &[String], meta: &Meta) -> bool {
    const MARKERS: &[&str] = &["信息公开", "信息公開", "資訊公開", "资讯公开", "政务公开"];
    meta.title
        .iter()
        .chain(paragraphs.iter())
        .any(|p| MARKERS.iter().any(|m| p.contains(m)))
}

fn to_record(value: LocatedValue, report: &Report) -> Record {
    let normalized = if value.unaligned {
        Normalized {
            value: None,
            status: ValueStatus::Unparsed,
            qualifier: None,
            unit: None,
        }
    } else {
        normalize(&value.raw)
    };
    Record {
        report_id: report.report_id.clone(),
        agency: report.agency.clone(),
        report_year: report.report_year,
        template: report.template,
        origin: value.origin,
        table_no: value.table_no,
        row_no: value.row_no,
        col_no: value.col_no,
        section: value.section,
        row_label: value.row_label,
        col_label: value.col_label,
        indicator: value.indicator,
        breakdown: value.breakdown,
        unit: normalized.unit.or(value.unit),
        value: normalized.value,
        value_raw: value.raw,
        status: normalized.status,
        qualifier: normalized.qualifier,
        snippet: value.snippet,
    }
}
