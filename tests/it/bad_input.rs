//! Bad input: every document becomes a report row with a status and a clear
//! error; nothing panics; the run goes on.

use gongkai::model::{Origin, ReportStatus, SourceDoc, ValueStatus};
use gongkai::pipeline::{self, LoadError, RunOptions, process};
use gongkai::taxonomy::Taxonomy;
use proptest::prelude::*;

use crate::common::process_fixture;

fn status_and_error(rel: &str) -> (ReportStatus, String) {
    let result = process_fixture(rel);
    (
        result.report.status,
        result.report.error.unwrap_or_default(),
    )
}

#[test]
fn empty_file() {
    let (status, error) = status_and_error("bad/empty.txt");
    assert_eq!(status, ReportStatus::Failed);
    assert!(error.contains("empty"), "{error}");
}

#[test]
fn binary_file() {
    let (status, error) = status_and_error("bad/binary.html");
    assert_eq!(status, ReportStatus::Failed);
    assert!(error.contains("binary"), "{error}");
}

#[test]
fn report_without_a_table() {
    let result = process_fixture("bad/no-table.txt");
    assert_eq!(result.report.status, ReportStatus::NoTables);
    assert_eq!(result.report.report_year, Some(2017));
    // No table values; the narrative states a zero in words (全年未收到政府信息公开申请).
    let values: Vec<_> = result
        .records
        .iter()
        .map(|r| (r.origin, r.indicator.as_deref(), r.value, r.status))
        .collect();
    assert_eq!(
        values,
        [(
            Origin::Narrative,
            Some("apply.received"),
            Some(0.0),
            ValueStatus::None
        )]
    );
}

#[test]
fn text_that_is_not_a_report() {
    let (status, error) = status_and_error("bad/not-a-report.txt");
    assert_eq!(status, ReportStatus::NotAReport);
    assert!(error.contains("not a disclosure report"), "{error}");
}

#[test]
fn table_cut_off_mid_row_keeps_what_was_read() {
    let result = process_fixture("bad/truncated-mid-row.txt");
    assert_eq!(result.report.status, ReportStatus::Partial);
    let error = result.report.error.as_deref().unwrap_or_default();
    assert!(error.contains("cut off mid-row"), "{error}");
    let values: Vec<_> = result
        .records
        .iter()
        .map(|r| (r.indicator.as_deref(), r.value))
        .collect();
    assert_eq!(
        values,
        [
            (Some("proactive.total"), Some(86.0)),
            (Some("proactive.channel.website"), None)
        ]
    );
}

#[test]
fn unreadable_file_is_a_row_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(
        crate::common::fixture("seed/000_ada6bcccffd3deee.txt"),
        input.join("seed.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(input.join("gone.txt"), input.join("dangling.txt")).unwrap();
    std::os::unix::fs::symlink(input.join("gone2.txt"), input.join("dangling2.txt")).unwrap();
    let out = dir.path().join("out");
    let options = RunOptions {
        taxonomy: Taxonomy::builtin(),
        progress: false,
    };
    let summary = pipeline::run(&[input], &out, &options).unwrap();
    // Two unreadable files are two rows, not one row and a "duplicate".
    assert_eq!(summary.documents.get(&ReportStatus::Failed), Some(&2));
    assert_eq!(summary.documents.get(&ReportStatus::Ok), Some(&1));
    assert_eq!(summary.duplicates, 0);
}

#[test]
fn load_errors_become_failed_reports() {
    let input = Err(LoadError {
        source: "x.html".into(),
        error: "cannot read file: denied".into(),
    });
    let result = pipeline::process_guarded(&input, Taxonomy::builtin());
    assert_eq!(result.report.status, ReportStatus::Failed);
    assert_eq!(result.report.content_sha256, None);
    assert_eq!(
        result.report.error.as_deref(),
        Some("cannot read file: denied")
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let doc = SourceDoc { source: "fuzz".into(), bytes, fetch: None };
        let result = process(&doc, Taxonomy::builtin());
        prop_assert_eq!(result.report.n_records as usize, result.records.len());
    }

    #[test]
    fn arbitrary_pipe_text_never_panics(cells in proptest::collection::vec("[指标单位数量|一、（）0-9无—\\- \n]{0,12}", 0..60)) {
        let text = format!("指标\n|\n单位\n|\n数量\n|\n{}", cells.join("\n|\n"));
        let doc = SourceDoc { source: "fuzz".into(), bytes: text.into_bytes(), fetch: None };
        let result = process(&doc, Taxonomy::builtin());
        prop_assert!(result.records.iter().all(|r| r.value.is_none_or(f64::is_finite)));
    }
}
