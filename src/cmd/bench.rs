//! `gongkai bench`: the pipeline against the floor on one corpus (a
//! developer tool).

use std::path::PathBuf;

use anyhow::{Result, bail};

use super::{Exit, stdout};
use gongkai::pipeline::RunOptions;
use gongkai::taxonomy::Taxonomy;

/// Measure the pipeline on a corpus against the floor (reading, decoding
/// and DOM-parsing the same files): documents/s, MB/s and peak memory.
///
/// The pipeline pass extracts into --out, which must not hold a dataset yet
/// (default: a temporary folder, removed afterwards).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files and folders to read (a corpus from `gongkai synth`, or real pages).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Where the pipeline pass writes its dataset [default: a temporary folder].
    #[arg(long, short, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// A temporary folder that is removed when dropped, also on an error.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn run(args: &Args) -> Result<Exit> {
    let (out, temp) = match &args.out {
        Some(out) => (out.clone(), None),
        None => {
            let temp = std::env::temp_dir().join(format!("gongkai-bench-{}", std::process::id()));
            (temp.clone(), Some(TempDir(temp)))
        }
    };
    if out.join("reports.parquet").exists() {
        bail!(
            "{} already holds a dataset: the benchmark needs a fresh folder",
            out.display()
        );
    }
    let options = RunOptions {
        taxonomy: Taxonomy::builtin(),
        progress: false,
    };
    let result = gongkai::dev::bench::run(&args.paths, &out, &options)?;
    drop(temp);
    stdout(|w| w.write_all(gongkai::dev::bench::report(&result).as_bytes()))?;
    Ok(Exit::Ok)
}
