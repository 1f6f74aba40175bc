//! A corpus through the stages: inputs in chunks, each chunk processed in
//! parallel while the one before it is written into the dataset folder.
//!
//! It must not parse (that is [`super::process`]) nor lay out files (that is
//! [`crate::output::dataset`]).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use super::{CHUNK_DOCS, PipelineError, RunOptions, RunSummary, process_guarded};
use crate::model::{DocResult, Input, LoadError, SourceDoc};
use crate::output::dataset::DatasetWriter;
use crate::source::files;

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
fn load(path: &Path) -> Input {
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
