//! `gongkai summary DIR`: what a dataset holds, as text.

use std::path::PathBuf;

use anyhow::Result;

use super::{Exit, TaxonomyArg, stdout};
use gongkai::render::summary;

/// Print what the dataset in DIR holds: coverage (agencies × years) and the
/// headline totals per year.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dataset folder.
    #[arg(value_name = "DIR", default_value = "output")]
    dir: PathBuf,

    /// Show at most this many agencies in the coverage table (those with the most documents).
    #[arg(long, value_name = "N", default_value_t = 40)]
    agencies: usize,

    #[command(flatten)]
    taxonomy: TaxonomyArg,
}

pub fn run(args: &Args) -> Result<Exit> {
    let taxonomy = args.taxonomy.load()?;
    let text = summary::summary(&args.dir, &taxonomy, args.agencies)?;
    stdout(|out| out.write_all(text.as_bytes()))?;
    Ok(Exit::Ok)
}
