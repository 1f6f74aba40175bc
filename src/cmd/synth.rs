//! `gongkai synth`: write a deterministic benchmark corpus (a developer tool).

use std::path::PathBuf;

use anyhow::Result;

use super::{Exit, stdout};

/// Write a corpus of realistic report pages for benchmarks: every template,
/// form and encoding, 1 KB to 500 KB, deterministic by --seed.
///
/// Tables add up except in about one report in 25 (as in real reports, so
/// the audit has work); every 30th document is a real page from fixtures/.
/// Files go to DIR/000/, DIR/001/, … (1,000 per folder).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many documents to write.
    #[arg(long, value_name = "N")]
    reports: usize,

    /// The folder to write them to (created if missing).
    #[arg(long, short, value_name = "DIR")]
    out: PathBuf,

    /// The corpus for a seed is always the same, byte for byte.
    #[arg(long, value_name = "N", default_value_t = 1)]
    seed: u64,
}

pub fn run(args: &Args, quiet: bool) -> Result<Exit> {
    let options = gongkai::dev::synth::Options {
        reports: args.reports,
        seed: args.seed,
    };
    let stats = gongkai::dev::synth::write(&args.out, &options)?;
    if !quiet {
        stdout(|out| {
            writeln!(
                out,
                "wrote {} documents ({:.1} MB) to {}",
                stats.files,
                stats.bytes as f64 / 1e6,
                args.out.display()
            )
        })?;
    }
    Ok(Exit::Ok)
}
