//! `gongkai aggregate DIR`: rebuild a dataset's aggregates and codebook.

use std::path::PathBuf;

use anyhow::{Context, Result};

use super::{Exit, TaxonomyArg, stdout};
use gongkai::output::dataset;

/// Rebuild DIR/aggregates/ and the codebook from DIR/records/.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dataset folder.
    #[arg(value_name = "DIR", default_value = "output")]
    dir: PathBuf,

    #[command(flatten)]
    taxonomy: TaxonomyArg,
}

pub fn run(args: &Args, quiet: bool) -> Result<Exit> {
    let taxonomy = args.taxonomy.load()?;
    let stats = dataset::rebuild_aggregates(&args.dir, &taxonomy)
        .with_context(|| format!("aggregating {}", args.dir.display()))?;
    if !quiet {
        stdout(|out| {
            writeln!(
                out,
                "rebuilt {}/aggregates: by_year_indicator {} rows, panel {} reports × {} indicator columns; codebook",
                args.dir.display(),
                stats.groups,
                stats.panel_rows,
                stats.panel_columns
            )
        })?;
    }
    Ok(Exit::Ok)
}
