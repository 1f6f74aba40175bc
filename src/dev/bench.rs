//! `gongkai bench`: the end-to-end benchmark. It measures, on the same
//! documents, the floor — reading, decoding and DOM-parsing each one, the
//! least any pipeline must do — and then the whole pipeline into a fresh
//! dataset folder, and reports documents/s, MB/s and peak memory of each.
//!
//! Both passes use the pipeline's own parallelism (rayon over chunks of
//! [`pipeline::CHUNK_DOCS`]) and the same file list, so their ratio is the
//! cost of everything gongkai does beyond the floor. Peak memory is the
//! process's peak resident set (Linux `VmHWM`), reset between the passes.
//!
//! This module measures; it must not change what the pipeline does.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use scraper::Html;

use crate::decode::decode;
use crate::extract::html::check_size;
use crate::extract::looks_like_html;
use crate::pipeline::{self, CHUNK_DOCS, PipelineError, RunOptions, RunSummary};
use crate::source::files;
use crate::sys::{peak_rss, reset_peak_rss};

/// What one pass did.
#[derive(Debug, Clone, Default)]
pub struct Pass {
    /// Documents read.
    pub documents: usize,
    /// Their raw size in bytes.
    pub bytes: u64,
    /// Wall-clock time of the pass.
    pub elapsed: Duration,
    /// Peak resident memory in bytes, when the platform tells.
    pub peak_rss: Option<u64>,
}

impl Pass {
    /// Documents per second of wall-clock time.
    pub fn docs_per_sec(&self) -> f64 {
        self.documents as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// Megabytes (10^6 bytes) of raw input per second of wall-clock time.
    pub fn mb_per_sec(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Both passes over one corpus.
#[derive(Debug, Clone)]
pub struct Benchmark {
    /// Reading, decoding and DOM-parsing each document: the least any
    /// pipeline must do.
    pub floor: Pass,
    /// The whole pipeline into a fresh dataset folder.
    pub pipeline: Pass,
    /// What the pipeline pass wrote.
    pub summary: RunSummary,
}

impl Benchmark {
    /// Pipeline time over floor time.
    pub fn ratio(&self) -> f64 {
        self.pipeline.elapsed.as_secs_f64() / self.floor.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Run the floor, then the pipeline into `out` (which should not hold a
/// dataset yet, so that the run does the work of a first extraction).
pub fn run(
    inputs: &[PathBuf],
    out: &Path,
    options: &RunOptions,
) -> Result<Benchmark, PipelineError> {
    let paths = files::collect(inputs)?;
    reset_peak_rss();
    let floor = floor(&paths);
    reset_peak_rss();
    let started = Instant::now();
    let summary = pipeline::run(&paths, out, options)?;
    let pipeline = Pass {
        documents: paths.len(),
        bytes: floor.bytes,
        elapsed: started.elapsed(),
        peak_rss: peak_rss(),
    };
    Ok(Benchmark {
        floor,
        pipeline,
        summary,
    })
}

/// Read, decode and DOM-parse every file (text documents are only decoded:
/// they have no DOM), in parallel, chunk by chunk.
pub fn floor(paths: &[PathBuf]) -> Pass {
    let started = Instant::now();
    let mut bytes = 0;
    for chunk in paths.chunks(CHUNK_DOCS) {
        bytes += chunk
            .par_iter()
            .map(|path| {
                let Ok(raw) = files::read(path, files::MAX_BYTES) else {
                    return 0;
                };
                if let Ok(decoded) = decode(&raw, None)
                    && looks_like_html(&decoded.text)
                    && check_size(&decoded.text).is_ok()
                {
                    std::hint::black_box(Html::parse_document(&decoded.text));
                }
                raw.len() as u64
            })
            .sum::<u64>();
    }
    Pass {
        documents: paths.len(),
        bytes,
        elapsed: started.elapsed(),
        peak_rss: peak_rss(),
    }
}

/// The report `gongkai bench` prints.
pub fn report(b: &Benchmark) -> String {
    let mb = |bytes: Option<u64>| {
        bytes.map_or_else(|| "?".to_owned(), |b| format!("{:.0} MB", b as f64 / 1e6))
    };
    let line = |name: &str, p: &Pass| {
        format!(
            "{name:<9} {:>8} docs {:>9.1} MB {:>8.2} s {:>9.0} docs/s {:>7.1} MB/s  peak {}\n",
            p.documents,
            p.bytes as f64 / 1e6,
            p.elapsed.as_secs_f64(),
            p.docs_per_sec(),
            p.mb_per_sec(),
            mb(p.peak_rss)
        )
    };
    format!(
        "{}{}pipeline / floor = {:.2}; {} threads\n",
        line("floor", &b.floor),
        line("pipeline", &b.pipeline),
        b.ratio(),
        rayon::current_num_threads()
    )
}
