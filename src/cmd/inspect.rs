//! `gongkai inspect FILE`: how one document is read, for people.

use std::path::PathBuf;

use anyhow::{Context, Result};

use super::{Exit, TaxonomyArg, stdout};
use gongkai::model::SourceDoc;
use gongkai::source::files;

/// Show how one document is read: metadata and encoding, how the report
/// body was found, every table as a grid with its records, and the narrative.
///
/// Writes nothing but standard output. Covered cells of a span are shown as
/// arrows towards the cell whose span covers them.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The document to inspect (.html, .txt, … whatever its extension).
    #[arg(value_name = "FILE")]
    file: PathBuf,

    #[command(flatten)]
    taxonomy: TaxonomyArg,
}

pub fn run(args: &Args) -> Result<Exit> {
    let taxonomy = args.taxonomy.load()?;
    let bytes = files::read(&args.file, files::MAX_BYTES)
        .with_context(|| format!("reading {}", args.file.display()))?;
    let doc = SourceDoc {
        source: args.file.display().to_string(),
        bytes,
        fetch: None,
    };
    stdout(|out| gongkai::render::inspect(&doc, &taxonomy, out))?;
    Ok(Exit::Ok)
}
