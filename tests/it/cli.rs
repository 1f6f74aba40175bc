//! The binary, end to end: fixtures in, Parquet out, read back with polars.

use std::path::Path;

use polars::prelude::*;

use crate::common::{gongkai, read_parquet, read_records, snapshot};

fn column_names(frame: &DataFrame) -> Vec<&str> {
    frame
        .get_column_names()
        .iter()
        .map(|s| s.as_str())
        .collect()
}

fn extract_fixtures(out: &Path) -> std::process::Output {
    let output = gongkai()
        .args(["--quiet", "extract"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"))
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

#[test]
fn extract_writes_the_data_contract() {
    let dir = tempfile::tempdir().unwrap();
    extract_fixtures(dir.path());
    let reports = read_parquet(&dir.path().join("reports.parquet"));
    assert_eq!(
        column_names(&reports),
        [
            "report_id",
            "source",
            "final_url",
            "fetched_at",
            "content_sha256",
            "bytes",
            "encoding",
            "encoding_source",
            "title",
            "agency",
            "region",
            "report_year",
            "published",
            "template",
            "input_form",
            "status",
            "error",
            "n_records",
            "parser_version"
        ]
    );
    let records = read_records(dir.path());
    assert_eq!(
        column_names(&records),
        [
            "report_id",
            "agency",
            "report_year",
            "template",
            "origin",
            "table_no",
            "row_no",
            "col_no",
            "section",
            "row_label",
            "col_label",
            "indicator",
            "breakdown",
            "unit",
            "value",
            "value_raw",
            "status",
            "qualifier",
            "snippet"
        ]
    );
    assert_eq!(records.column("value").unwrap().dtype(), &DataType::Float64);
    assert_eq!(
        reports.column("n_records").unwrap().dtype(),
        &DataType::Int64
    );

    // The seed's 1860, read back from the file with its provenance (the
    // damaged copies under fixtures/bad/ aside).
    let sources = crate::common::strs(&reports, "source");
    let seed_copies: Vec<String> = crate::common::strs(&reports, "report_id")
        .into_iter()
        .zip(&sources)
        .filter(|(_, s)| !s.as_deref().unwrap_or_default().contains("bad"))
        .filter_map(|(id, _)| id)
        .collect();
    let seed = records
        .clone()
        .lazy()
        .filter(
            col("indicator")
                .eq(lit("proactive.total"))
                .and(col("agency").eq(lit("衡阳国家高新区")))
                .and(col("report_id").is_in(
                    lit(Series::new("".into(), seed_copies)).implode(false),
                    false,
                )),
        )
        .collect()
        .unwrap();
    assert_eq!(
        seed.height(),
        4,
        "the UTF-8, the GBK, the one-cell-per-line and the Word-HTML copy of the seed"
    );
    let value = seed.column("value").unwrap().f64().unwrap();
    assert!(value.iter().all(|v| v == Some(1860.0)));
    let raw = seed.column("value_raw").unwrap().str().unwrap();
    assert!(raw.iter().all(|v| v == Some("1860")));
    // Row 3 of the pipe and line texts; row 5 of the Word table (a title row
    // and a two-row header above it).
    let row = seed.column("row_no").unwrap().i32().unwrap();
    let mut rows: Vec<_> = row.iter().collect();
    rows.sort();
    assert_eq!(rows, [Some(3), Some(3), Some(3), Some(5)]);

    // Every input is a row; the n_records column adds up to the records file.
    let n_records: i64 = reports
        .column("n_records")
        .unwrap()
        .i64()
        .unwrap()
        .sum()
        .unwrap();
    assert_eq!(n_records as usize, records.height());
    let files = walk_count(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"));
    assert_eq!(reports.height(), files);
}

fn walk_count(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            let p = e.path();
            if p.is_dir() {
                walk_count(&p)
            } else {
                usize::from(
                    gongkai::source::files::EXTENSIONS
                        .iter()
                        .any(|x| p.extension().is_some_and(|e| e == *x)),
                )
            }
        })
        .sum()
}

#[test]
fn outputs_are_deterministic() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    extract_fixtures(a.path());
    extract_fixtures(b.path());
    let (x, y) = (snapshot(a.path()), snapshot(b.path()));
    assert_eq!(x.keys().collect::<Vec<_>>(), y.keys().collect::<Vec<_>>());
    for (name, bytes) in &x {
        assert!(
            y.get(name) == Some(bytes),
            "{} differs between two runs on the same input",
            name.display()
        );
    }
    // No temporary, staging or spool files are left behind; only the lock file.
    let leftovers: Vec<_> = std::fs::read_dir(a.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n != ".gongkai.lock")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn summary_is_printed() {
    let dir = tempfile::tempdir().unwrap();
    let output = gongkai()
        .arg("extract")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seed"))
        .arg("--out")
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("2 documents: 2 ok"), "{stdout}");
    // 2 × 59 table values and 2 × 24 narrative figures (18 reported, 4 zeros in
    // words, 2 approximate each).
    assert!(
        stdout.contains("166 records: 66 reported, 18 none, 78 blank, 4 approximate"),
        "{stdout}"
    );
}

#[test]
fn exit_codes() {
    let missing = gongkai()
        .args(["extract", "/no/such/gongkai/input"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no such file or folder"));
    let usage = gongkai()
        .args(["extract", "--no-such-flag"])
        .output()
        .unwrap();
    assert_eq!(usage.status.code(), Some(2));
    let help = gongkai().arg("--help").output().unwrap();
    assert!(String::from_utf8_lossy(&help.stdout).contains("Exit codes"));
}

#[test]
fn default_job_runs_on_fixtures_from_the_repository_root() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seed");
    std::fs::create_dir(root.join("fixtures")).unwrap();
    for entry in std::fs::read_dir(fixtures).unwrap().flatten() {
        std::fs::copy(entry.path(), root.join("fixtures").join(entry.file_name())).unwrap();
    }
    let output = gongkai().current_dir(root).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        root.join("output/records/report_year=2015/data.parquet")
            .exists()
    );
    let elsewhere = tempfile::tempdir().unwrap();
    let output = gongkai().current_dir(elsewhere.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no fixtures/ folder here"));
}

/// `summary` and `bench` printed with `print!`, which panics when the reader
/// has gone away (`gongkai summary | head -1`); `audit` and `inspect` already
/// took a closed pipe as the end of output. Now every command writes through
/// one writer that does, so each exits 0 with nothing on stderr.
#[test]
fn regression_a_closed_pipe_ends_output_without_an_error() {
    let dir = tempfile::tempdir().unwrap();
    extract_fixtures(dir.path());
    let data = dir.path().to_str().unwrap().to_owned();
    let page = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/real/pingtan-2024_97791.html")
        .to_str()
        .unwrap()
        .to_owned();
    for args in [
        vec!["summary", data.as_str()],
        vec!["audit", data.as_str(), "--min-severity", "info"],
        vec!["inspect", page.as_str()],
    ] {
        let mut child = gongkai()
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end before the command writes anything.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
