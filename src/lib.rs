//! # gongkai
//!
//! Turns China's government information-disclosure annual reports
//! (政府信息公开工作年度报告) into one tidy, audited dataset.
//!
//! ```text
//!  source ─► decode ─► extract ─► classify ─► normalize ─► narrative ─► audit ─► output
//!  files,    bytes →   grids,     tables →    cell text →  prose →      sums     Parquet
//!  crawl     UTF-8     paragraphs, indicators value,       figures      hold?    dataset,
//!  store               metadata                status                            atomic
//! ```
//!
//! Every stage is a plain function over the plain data in [`model`], and the
//! modules below are listed in that order. One document goes through all of
//! them with [`pipeline::process`]; a corpus with [`pipeline::run`]; a crawl
//! with [`pipeline::crawl`]. [`text`] (cleaning, folding, the lexicon of words
//! around numbers) and [`taxonomy`] (the indicators and the rules derived from
//! them) are what every stage reads; [`render`] lays out what people read;
//! [`dev`] holds the benchmark tools, apart from the product.
//!
//! The public API is these modules' documented items; everything else is
//! `pub(crate)`.
//!
//! ```
//! use gongkai::model::{SourceDoc, ValueStatus};
//! use gongkai::pipeline::process;
//! use gongkai::taxonomy::Taxonomy;
//!
//! let text = "某某区2015年度政府信息公开明细表\n指标\n|\n单位\n|\n数量\n|\n\
//!             (一)主动公开政府信息数\n|\n条\n|\n1860\n|\n\
//!             七、依申请公开信息收取的费用\n|\n万元\n|\n无\n|\n";
//! let doc = SourceDoc { source: "example.txt".into(), bytes: text.as_bytes().to_vec(), fetch: None };
//! let result = process(&doc, Taxonomy::builtin());
//!
//! assert_eq!(result.report.report_year, Some(2015));
//! let first = &result.records[0];
//! assert_eq!(first.indicator.as_deref(), Some("proactive.total"));
//! assert_eq!((first.value, first.status), (Some(1860.0), ValueStatus::Reported));
//! let fees = &result.records[1];
//! assert_eq!((fees.value, fees.status), (Some(0.0), ValueStatus::None));
//! ```

// The modules in the order a document goes through them, after the two that
// every stage may use (text, sys). Each line is its own group, so that
// rustfmt keeps this order rather than the alphabet's.

/// Text cleaning, label folding and the lexicon of words around numbers.
pub mod text;

/// Peak memory and allocator settings of the process.
pub mod sys;

/// The plain data that crosses stages.
pub mod model;

/// The indicator taxonomy and the audit rules derived from it.
pub mod taxonomy;

/// Where documents come from: files and the crawler's store.
pub mod source;

/// Bytes to UTF-8 text, with the encoding and how it was chosen.
pub mod decode;

/// Text to tables (span-aware grids), narrative paragraphs and metadata.
pub mod extract;

/// Tables to statistics tables, and cells to indicators.
pub mod classify;

/// A cell's text to value, status, qualifier and unit.
pub mod normalize;

/// The figures of the narrative.
pub mod narrative;

/// The checks of each report's totals, and of one year against the next.
pub mod audit;

/// The dataset folder: Parquet, merge, commit, aggregates, codebook.
pub mod output;

/// The stages wired together, for one document, a corpus or a crawl.
pub mod pipeline;

/// What people read: `inspect`, `summary` and `audit` text.
pub mod render;

/// Developer tools: the benchmark corpus and the benchmark.
pub mod dev;
