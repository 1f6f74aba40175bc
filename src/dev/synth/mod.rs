//! `gongkai synth`: a corpus of realistic report pages for benchmarks and
//! load tests, deterministic by seed.
//!
//! Document `i` depends only on (seed, i), so a corpus is written in parallel
//! and the same command always writes the same bytes. Reports follow the
//! three template eras (pre2019 2013–2018, fmt2019 2019–2020, fmt2021 from
//! 2021, a few agencies keeping the 2019 form later), reach us in every form
//! the pipeline reads (HTML in CMS chrome, Word markup or not; pipe text with
//! `|` lines or ` |` suffixes; markdown pipes; one cell per line) and three
//! encodings (UTF-8; GBK, declared or not; Big5 pages in Traditional
//! characters), from 1 KB to 500 KB. Their tables add up (a few carry one
//! wrong cell, as real reports do, so the audit has work), each agency's
//! 上年结转 is its previous year's 结转下年度, and every 30th document is one
//! of the real pages under `fixtures/`, made unique by a trailing comment.
//!
//! The driver here turns a document number into a `Report` (`report`: who,
//! when, which era; its name from `agencies`), draws its tables (`pre2019`;
//! `national` and `applications` for tables 二/三/四; the planted wrong cell
//! in `tables`), writes it in a form (`forms`, `html`, `prose`) and an
//! encoding (`encodings`), or copies one of the `real` pages.
//!
//! This module writes a corpus; it must not be used by the pipeline.

mod agencies;
mod applications;
mod encodings;
mod forms;
mod html;
mod national;
mod pre2019;
mod prose;
mod real;
mod report;
mod tables;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use fastrand::Rng;
use rayon::prelude::*;
use thiserror::Error;

use real::REAL;
use report::Report;

/// Every `REAL_EVERY`-th document is a real page.
const REAL_EVERY: usize = 30;
/// Documents per sub-folder of the corpus.
const PER_FOLDER: usize = 1000;
/// The first report year; each agency reports on `YEARS` consecutive years.
const FIRST_YEAR: usize = 2013;
const YEARS: usize = 13;

/// Why a corpus could not be written.
#[derive(Debug, Error)]
pub enum SynthError {
    /// A folder or file could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The folder or file.
        path: String,
        /// What the system said.
        source: std::io::Error,
    },
}

/// What to write.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// How many documents to write.
    pub reports: usize,
    /// The seed of the random numbers: the same seed, the same corpus.
    pub seed: u64,
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Documents written.
    pub files: usize,
    /// Their size in bytes, in all.
    pub bytes: u64,
    /// Documents by kind (`fmt2021-html-gbk`, `real`, …).
    pub kinds: BTreeMap<String, usize>,
}

/// One generated document.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Path relative to the corpus folder.
    pub path: PathBuf,
    /// What it is: `template-form-encoding` (`fmt2021-html-gbk`), or `real`.
    pub kind: String,
    /// The document's bytes, in its encoding.
    pub bytes: Vec<u8>,
}

/// Write `options.reports` documents under `out` (created if missing).
pub fn write(out: &Path, options: &Options) -> Result<Stats, SynthError> {
    let mut stats = Stats::default();
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| SynthError::Io { path, source }
    };
    for start in (0..options.reports).step_by(PER_FOLDER) {
        let end = (start + PER_FOLDER).min(options.reports);
        let written: Vec<(String, u64)> = (start..end)
            .into_par_iter()
            .map(|i| {
                let doc = document(options.seed, i);
                let path = out.join(&doc.path);
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(io(dir))?;
                }
                std::fs::write(&path, &doc.bytes).map_err(io(&path))?;
                Ok((doc.kind, doc.bytes.len() as u64))
            })
            .collect::<Result<_, SynthError>>()?;
        for (kind, bytes) in written {
            stats.files += 1;
            stats.bytes += bytes;
            *stats.kinds.entry(kind).or_default() += 1;
        }
    }
    Ok(stats)
}

/// Document `i` of the corpus of `seed`.
pub fn document(seed: u64, i: usize) -> Doc {
    let folder = format!("{:03}", i / PER_FOLDER);
    if i % REAL_EVERY == REAL_EVERY - 1 {
        let (name, bytes) = REAL[(i / REAL_EVERY) % REAL.len()];
        let mut bytes = bytes.to_vec();
        bytes.extend_from_slice(format!("\n<!-- synth copy {i} -->\n").as_bytes());
        return Doc {
            path: PathBuf::from(folder).join(format!("{i:06}-{name}")),
            kind: "real".into(),
            bytes,
        };
    }
    let mut rng = Rng::with_seed(mix(seed, i as u64));
    let agency_no = i / YEARS;
    let year = FIRST_YEAR + i % YEARS;
    let report = Report::new(&mut rng, seed, agency_no, year);
    let form = report.form(&mut rng);
    let encoding = report.encoding(
        &mut rng,
        matches!(form, forms::Form::Html | forms::Form::WordHtml),
    );
    let text = report.render(&mut rng, form, encoding);
    let (bytes, _, _) = encoding.encode(&text);
    let ext = form.ext();
    let kind = format!(
        "{}-{}-{}",
        report.template.name(),
        form.name(),
        encoding.name().to_lowercase()
    );
    Doc {
        path: PathBuf::from(folder).join(format!("{i:06}-{kind}.{ext}")),
        kind,
        bytes: bytes.into_owned(),
    }
}

/// A seed for the random numbers of one thing of one corpus (splitmix64).
fn mix(seed: u64, n: u64) -> u64 {
    let mut z = seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ReportStatus, SourceDoc};
    use crate::pipeline::process;
    use crate::taxonomy::Taxonomy;

    #[test]
    fn documents_are_the_same_for_the_same_seed_and_differ_across_seeds() {
        for i in [0, 1, 29, 500] {
            assert_eq!(document(7, i).bytes, document(7, i).bytes);
        }
        assert_ne!(document(7, 3).bytes, document(8, 3).bytes);
    }

    #[test]
    fn generated_reports_are_read_and_add_up() {
        let mut errors = 0;
        let mut kinds = BTreeMap::new();
        for i in 0..120 {
            let doc = document(1, i);
            let result = process(
                &SourceDoc {
                    source: doc.path.display().to_string(),
                    bytes: doc.bytes.clone(),
                    fetch: None,
                },
                Taxonomy::builtin(),
            );
            let r = &result.report;
            assert_eq!(
                r.status,
                ReportStatus::Ok,
                "{} {:?}",
                doc.path.display(),
                r.error
            );
            assert!(result.records.len() > 20, "{}", doc.path.display());
            if doc.kind != "real" {
                assert_eq!(
                    r.report_year,
                    Some((FIRST_YEAR + i % YEARS) as i32),
                    "{}",
                    doc.path.display()
                );
                assert_eq!(
                    r.template.as_str(),
                    doc.kind.split('-').next().unwrap(),
                    "{}",
                    doc.path.display()
                );
            }
            errors += result
                .findings
                .iter()
                .filter(|f| f.severity == crate::model::Severity::Error)
                .count();
            *kinds.entry(doc.kind).or_insert(0) += 1;
        }
        // Most reports add up; one in 25 carries a wrong cell.
        assert!(errors < 30, "{errors} sum errors in 120 reports");
        assert!(kinds.len() > 10, "{kinds:?}");
    }
}
