//! The dataset folder: layout, incremental merge, lock, interrupted runs,
//! aggregates and the `aggregate` / `summary` commands.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use gongkai::model::{DocResult, Origin, Record, Report, ReportStatus, Template, ValueStatus};
use gongkai::output::commit::{FAIL_AT_ENV, Lock};
use gongkai::output::dataset::DatasetWriter;
use gongkai::output::folder::partitions;
use gongkai::taxonomy::Taxonomy;
use polars::prelude::*;
use proptest::prelude::*;

use crate::common::{extract, fixture, gongkai, i32s, read_parquet, read_records, snapshot, strs};

const SEED: &str = "seed/000_ada6bcccffd3deee.txt";

/// A copy of some fixtures in a folder of their own, so tests can change them.
fn inputs(dir: &Path, fixtures: &[&str]) -> std::path::PathBuf {
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    for rel in fixtures {
        let name = Path::new(rel).file_name().unwrap();
        std::fs::copy(fixture(rel), input.join(name)).unwrap();
    }
    input
}

/// The twelve documents these tests were written against: the seed (UTF-8 and
/// GBK), the text tables, the bad inputs and two real pages. A fixed set, so
/// that fixtures added for other stages change no figure here.
const CORPUS: &[&str] = &[
    "seed/000_ada6bcccffd3deee.txt",
    "seed/000_ada6bcccffd3deee.gbk.txt",
    "text/pipe-suffix-2016.txt",
    "text/cumulative-4col-2017.txt",
    "text/blank-heavy-2016.txt",
    "bad/empty.txt",
    "bad/binary.html",
    "bad/no-table.txt",
    "bad/not-a-report.txt",
    "bad/truncated-mid-row.txt",
    "real/pingtan-2018_80529.html",
    "real/pingtan-2024_97791.html",
];

/// [`CORPUS`] copied into a folder of its own.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for rel in CORPUS {
        let name = Path::new(rel).file_name().unwrap();
        std::fs::copy(fixture(rel), dir.path().join(name)).unwrap();
    }
    dir
}

fn names(frame: &DataFrame) -> Vec<&str> {
    frame
        .get_column_names()
        .iter()
        .map(|s| s.as_str())
        .collect()
}

/// The identity of a record: its document and its place in it.
/// What identifies a record within a dataset: its document and its
/// provenance. A table value is one cell; a narrative figure is one phrase and
/// raw text within a sentence (a sentence can state several figures).
fn record_keys(records: &DataFrame) -> Vec<String> {
    let text = |c: &str| strs(records, c);
    let (ids, origin, label, raw) = (
        text("report_id"),
        text("origin"),
        text("row_label"),
        text("value_raw"),
    );
    let pos = |c: &str| -> Vec<Option<i32>> {
        records.column(c).unwrap().i32().unwrap().iter().collect()
    };
    let (t, r, c) = (pos("table_no"), pos("row_no"), pos("col_no"));
    (0..records.height())
        .map(|i| {
            let narrative = origin[i].as_deref() == Some("narrative");
            let words = if narrative {
                format!("{:?} {:?}", label[i], raw[i])
            } else {
                String::new()
            };
            format!(
                "{:?} {:?} {:?} {:?} {:?} {words}",
                ids[i], origin[i], t[i], r[i], c[i]
            )
        })
        .collect()
}

#[test]
fn layout_is_complete() {
    let corpus = corpus();
    let dir = tempfile::tempdir().unwrap();
    extract(&[corpus.path()], dir.path());
    for item in [
        "reports.parquet",
        "findings.parquet",
        "aggregates/by_year_indicator.parquet",
        "aggregates/panel.parquet",
        "codebook.parquet",
        "codebook.md",
        "records/report_year=2015/data.parquet",
        "records/report_year=2018/data.parquet",
    ] {
        assert!(dir.path().join(item).is_file(), "{item}");
    }
    assert!(!dir.path().join("records.parquet").exists());
    // Every partition holds only its year, and keeps the year as a column.
    for (year, files) in partitions(&dir.path().join("records")).unwrap() {
        for file in files {
            let frame = read_parquet(&file);
            let years = frame.column("report_year").unwrap().i32().unwrap();
            assert!(years.iter().all(|y| y == year), "{}", file.display());
        }
    }
    // findings: the seed's narrative/table difference among them.
    let findings = read_parquet(&dir.path().join("findings.parquet"));
    assert!(strs(&findings, "rule").contains(&Some("narrative_table".to_owned())));
    assert_eq!(
        names(&findings),
        [
            "report_id",
            "agency",
            "report_year",
            "rule",
            "severity",
            "message",
            "message_zh",
            "expected",
            "actual",
            "indicators",
            "evidence"
        ]
    );
    // The codebook has every code of the taxonomy.
    let codebook = read_parquet(&dir.path().join("codebook.parquet"));
    assert_eq!(codebook.height(), Taxonomy::builtin().indicators().len());
    let md = std::fs::read_to_string(dir.path().join("codebook.md")).unwrap();
    assert!(md.contains("| `proactive.total` | 主动公开政府信息数 | 条 | pre2019 |"));
}

#[test]
fn extracting_twice_gives_the_same_records_without_duplicates() {
    let corpus = corpus();
    let dir = tempfile::tempdir().unwrap();
    let fixtures = corpus.path();
    extract(&[fixtures], dir.path());
    let first = snapshot(dir.path());
    let records = read_records(dir.path());
    let reports = read_parquet(&dir.path().join("reports.parquet"));

    let output = gongkai()
        .arg("extract")
        .arg(fixtures)
        .arg("--out")
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    // The second run re-reads every document in place and adds none.
    let expected = format!(
        "{n} documents, {r} records (0 added, {n} refreshed, 0 replaced, 0 kept)",
        n = reports.height(),
        r = records.height()
    );
    assert!(stdout.contains(&expected), "{expected} not in {stdout}");
    let again = read_records(dir.path());
    assert_eq!(again.height(), records.height());
    assert!(again.equals_missing(&records));
    let keys = record_keys(&again);
    assert_eq!(
        keys.iter().collect::<BTreeSet<_>>().len(),
        keys.len(),
        "duplicate records"
    );
    let reports_again = read_parquet(&dir.path().join("reports.parquet"));
    assert!(reports_again.equals_missing(&reports));
    // Every file, aggregates included, is byte for byte the same.
    assert!(snapshot(dir.path()) == first);
}

#[test]
fn a_changed_document_replaces_its_older_version() {
    let dir = tempfile::tempdir().unwrap();
    let input = inputs(dir.path(), &[SEED, "text/cumulative-4col-2017.txt"]);
    let out = dir.path().join("out");
    extract(&[&input], &out);
    let old_id = {
        let reports = read_parquet(&out.join("reports.parquet"));
        let sources = strs(&reports, "source");
        let i = sources
            .iter()
            .position(|s| {
                s.as_deref()
                    .is_some_and(|s| s.ends_with("000_ada6bcccffd3deee.txt"))
            })
            .unwrap();
        strs(&reports, "report_id")[i].clone().unwrap()
    };

    // The same page, republished with one number corrected.
    let seed = input.join("000_ada6bcccffd3deee.txt");
    let text = std::fs::read_to_string(&seed).unwrap();
    assert!(text.contains("\n1860\n"));
    std::fs::write(&seed, text.replacen("\n1860\n", "\n1861\n", 1)).unwrap();
    let output = gongkai()
        .arg("extract")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("(1 added, 1 refreshed, 1 replaced, 0 kept)"),
        "{stdout}"
    );

    let reports = read_parquet(&out.join("reports.parquet"));
    assert_eq!(reports.height(), 2);
    let ids = strs(&reports, "report_id");
    assert!(
        !ids.contains(&Some(old_id.clone())),
        "the old version is gone"
    );
    let records = read_records(&out);
    assert!(!strs(&records, "report_id").contains(&Some(old_id)));
    let proactive = records
        .lazy()
        .filter(
            col("indicator")
                .eq(lit("proactive.total"))
                .and(col("agency").eq(lit("衡阳国家高新区"))),
        )
        .collect()
        .unwrap();
    let values: Vec<Option<f64>> = proactive
        .column("value")
        .unwrap()
        .f64()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(values, [Some(1861.0)]);

    // The aggregates were rebuilt from the merged records.
    let groups = read_parquet(&out.join("aggregates/by_year_indicator.parquet"))
        .lazy()
        .filter(
            col("report_year")
                .eq(lit(2015))
                .and(col("indicator").eq(lit("proactive.total")))
                .and(col("breakdown").is_null()),
        )
        .collect()
        .unwrap();
    assert_eq!(
        groups.column("value_sum").unwrap().f64().unwrap().get(0),
        Some(1861.0)
    );
    assert_eq!(
        groups.column("n_reports").unwrap().i64().unwrap().get(0),
        Some(1)
    );
}

#[test]
fn the_lock_refuses_a_second_run() {
    let dir = tempfile::tempdir().unwrap();
    extract(&[&fixture("seed")], dir.path());
    let before = snapshot(dir.path());
    let _held = Lock::acquire(dir.path()).unwrap();
    for args in [
        vec!["extract".into(), fixture("text").into_os_string()],
        vec!["aggregate".into()],
    ] {
        let mut command = gongkai();
        command.args(&args);
        if args[0] == "extract" {
            command.arg("--out");
        }
        let output = command.arg(dir.path()).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("another gongkai run is writing to"),
            "{stderr}"
        );
        assert!(stderr.contains(&std::process::id().to_string()), "{stderr}");
    }
    assert!(snapshot(dir.path()) == before);
}

#[test]
fn an_interrupted_run_leaves_the_previous_dataset_intact() {
    let corpus = corpus();
    let dir = tempfile::tempdir().unwrap();
    extract(&[&fixture("seed")], dir.path());
    let before = snapshot(dir.path());

    let crashed = gongkai()
        .args(["--quiet", "extract"])
        .arg(corpus.path())
        .arg("--out")
        .arg(dir.path())
        .env(FAIL_AT_ENV, "before_commit")
        .output()
        .unwrap();
    assert!(!crashed.status.success());
    assert!(
        dir.path().join(".gongkai-staging").exists(),
        "the crash left its work"
    );
    assert!(
        snapshot(dir.path()) == before,
        "the dataset is the previous one"
    );
    assert_eq!(
        read_parquet(&dir.path().join("reports.parquet")).height(),
        2
    );

    // The next run discards the abandoned work and completes.
    extract(&[corpus.path()], dir.path());
    assert!(!dir.path().join(".gongkai-staging").exists());
    assert_eq!(
        read_parquet(&dir.path().join("reports.parquet")).height(),
        12
    );
}

#[test]
fn a_run_interrupted_during_the_swap_is_completed_by_the_next() {
    let corpus = corpus();
    let dir = tempfile::tempdir().unwrap();
    extract(&[&fixture("seed")], dir.path());
    let crashed = gongkai()
        .args(["--quiet", "extract"])
        .arg(corpus.path())
        .arg("--out")
        .arg(dir.path())
        .env(FAIL_AT_ENV, "mid_swap")
        .output()
        .unwrap();
    assert!(!crashed.status.success());
    // The next command that takes the lock rolls the swap forward.
    let output = gongkai()
        .args(["--quiet", "aggregate"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!dir.path().join(".gongkai-staging").exists());
    let reports = read_parquet(&dir.path().join("reports.parquet"));
    assert_eq!(reports.height(), 12);
    let n_records: i64 = reports
        .column("n_records")
        .unwrap()
        .i64()
        .unwrap()
        .sum()
        .unwrap();
    assert_eq!(read_records(dir.path()).height() as i64, n_records);
}

#[test]
fn aggregate_command_rebuilds_the_same_aggregates() {
    let corpus = corpus();
    let dir = tempfile::tempdir().unwrap();
    extract(&[corpus.path()], dir.path());
    let before = snapshot(dir.path());
    std::fs::remove_dir_all(dir.path().join("aggregates")).unwrap();
    std::fs::remove_file(dir.path().join("codebook.md")).unwrap();
    let output = gongkai().arg("aggregate").arg(dir.path()).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    // The corpus's documents with statistics tables (status ok or partial).
    assert!(stdout.contains("panel 8 reports"), "{stdout}");
    assert!(snapshot(dir.path()) == before);

    let empty = tempfile::tempdir().unwrap();
    let output = gongkai()
        .arg("aggregate")
        .arg(empty.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a gongkai dataset"));
}

#[test]
fn summary_prints_coverage_and_headline_totals() {
    let corpus = corpus();
    let dir = tempfile::tempdir().unwrap();
    extract(&[corpus.path()], dir.path());
    let output = gongkai().arg("summary").arg(dir.path()).output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let head = format!(
        "12 documents (7 ok, 1 partial, 1 no_tables, 1 not_a_report, 2 failed), {} records",
        read_records(dir.path()).height()
    );
    assert!(stdout.contains(&head), "{head} not in {stdout}");
    assert!(
        stdout.contains("coverage: 6 agencies × 5 report years"),
        "{stdout}"
    );
    // 衡阳国家高新区 has two 2015 documents (the UTF-8 and the GBK copy).
    assert!(
        stdout
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>()
                == ["衡阳国家高新区", "2", "·", "·", "·", "·", "2"]),
        "{stdout}"
    );
    // 1860 + 1860 + 86 from three 2015 tables.
    assert!(
        stdout
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>()
                == [
                    "2015",
                    "proactive.total",
                    "主动公开政府信息数",
                    "3806",
                    "条",
                    "3",
                    "3"
                ]),
        "{stdout}"
    );
    // Blank everywhere: a null sum, not 0.
    assert!(
        stdout
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>()
                == [
                    "2015",
                    "apply.received",
                    "收到申请数",
                    "null",
                    "件",
                    "0",
                    "2"
                ]),
        "{stdout}"
    );
}

#[test]
fn a_dataset_in_the_old_single_file_layout_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let old = crate::common::process_fixture(SEED);
    let reports =
        gongkai::output::parquet::reports_frame(std::slice::from_ref(&old.report)).unwrap();
    let records = gongkai::output::parquet::records_frame(&old.records).unwrap();
    gongkai::output::parquet::sink(reports.lazy(), &dir.path().join("reports.parquet")).unwrap();
    gongkai::output::parquet::sink(records.lazy(), &dir.path().join("records.parquet")).unwrap();

    extract(&[&fixture("text/cumulative-4col-2017.txt")], dir.path());
    assert!(!dir.path().join("records.parquet").exists());
    let records = read_records(dir.path());
    let added = crate::common::process_fixture("text/cumulative-4col-2017.txt");
    assert_eq!(records.height(), old.records.len() + added.records.len());
    assert_eq!(
        read_parquet(&dir.path().join("reports.parquet")).height(),
        2
    );
}

/// A fetched page, as the crawler hands it to `pipeline::run_inputs`.
fn fetched(url: &str, bytes: Vec<u8>) -> gongkai::model::Input {
    Ok(gongkai::model::SourceDoc {
        source: url.to_owned(),
        bytes,
        fetch: Some(gongkai::model::FetchInfo {
            final_url: url.to_owned(),
            fetched_at: "2025-04-01T00:00:00Z".into(),
            content_type: Some("text/plain; charset=utf-8".into()),
        }),
    })
}

#[test]
fn fetched_documents_merge_by_url() {
    let dir = tempfile::tempdir().unwrap();
    let options = gongkai::pipeline::RunOptions {
        taxonomy: Taxonomy::builtin(),
        progress: false,
    };
    let seed = std::fs::read(fixture(SEED)).unwrap();
    let other = std::fs::read(fixture("text/pipe-suffix-2016.txt")).unwrap();
    let url = "https://www.example.gov.cn/zwgk/2016/report.html";
    let run = |inputs: Vec<gongkai::model::Input>| {
        gongkai::pipeline::run_inputs(
            inputs.into_iter(),
            |input| input,
            None,
            dir.path(),
            &options,
        )
        .unwrap()
        .dataset
    };
    let first = run(vec![
        fetched(url, seed.clone()),
        fetched("https://b.example/x", other.clone()),
    ]);
    let n = |bytes: &[u8]| {
        crate::common::process_bytes("x", bytes.to_vec())
            .records
            .len()
    };
    assert_eq!(
        (first.added, first.reports, first.records),
        (2, 2, n(&seed) + n(&other))
    );
    // The page at the same URL changed: the old version goes.
    let changed = String::from_utf8(seed)
        .unwrap()
        .replacen("\n1860\n", "\n1861\n", 1);
    let second = run(vec![fetched(url, changed.into_bytes())]);
    assert_eq!(
        (second.added, second.replaced, second.kept, second.reports),
        (1, 1, 1, 2)
    );
    let reports = read_parquet(&dir.path().join("reports.parquet"));
    let urls = strs(&reports, "final_url");
    assert_eq!(urls.iter().filter(|u| u.as_deref() == Some(url)).count(), 1);
}

#[test]
fn findings_follow_their_documents() {
    use gongkai::model::{Finding, Rule, Severity};
    let dir = tempfile::tempdir().unwrap();
    let years = [Some(2015), Some(2016)];
    let cells: Vec<Cell> = vec![(
        0,
        false,
        Some("apply.received"),
        None,
        "件",
        (ValueStatus::Reported, Some(3.0)),
    )];
    let finding = |id: &str| Finding {
        report_id: id.into(),
        agency: None,
        report_year: None,
        rule: Rule::SumEqual,
        severity: Severity::Error,
        message: "parts do not add up".into(),
        message_zh: "各分项之和不等于合计".into(),
        expected: Some(3.0),
        actual: Some(4.0),
        indicators: vec!["apply.received".into(), "apply.received.online".into()],
        evidence: Some("table 1 rows 9–13".into()),
    };
    let mut results = dataset_of(&years, &cells);
    for result in &mut results {
        result.findings = vec![finding(&result.report.report_id)];
    }
    let mut writer = DatasetWriter::create(dir.path()).unwrap();
    writer.write(&results).unwrap();
    writer.finish(Taxonomy::builtin()).unwrap();
    assert_eq!(
        read_parquet(&dir.path().join("findings.parquet")).height(),
        2
    );

    // r0001's source now has other bytes: its finding goes with it.
    let mut changed = dataset_of(&years, &[]);
    changed.truncate(2);
    let mut newer = changed.remove(1);
    newer.report.report_id = "r0009".into();
    newer.report.content_sha256 = Some("sha9".into());
    let mut writer = DatasetWriter::create(dir.path()).unwrap();
    writer.write(&[newer]).unwrap();
    writer.finish(Taxonomy::builtin()).unwrap();
    let findings = read_parquet(&dir.path().join("findings.parquet"));
    assert_eq!(strs(&findings, "report_id"), [Some("r0000".to_owned())]);
    let indicators = findings.column("indicators").unwrap().list().unwrap();
    assert_eq!(indicators.get_as_series(0).unwrap().len(), 2);
}

#[test]
fn findings_written_before_the_audit_are_replaced_not_merged() {
    // A dataset of an earlier gongkai: its findings.parquet is empty and
    // lacks agency, report_year and message_zh. Merging it would fail; the
    // run replaces it with its own findings.
    let dir = tempfile::tempdir().unwrap();
    extract(&[&fixture("text/pipe-suffix-2016.txt")], dir.path());
    let mut old = df!(
        "report_id" => Vec::<String>::new(),
        "rule" => Vec::<String>::new(),
        "severity" => Vec::<String>::new(),
        "message" => Vec::<String>::new(),
        "expected" => Vec::<f64>::new(),
        "actual" => Vec::<f64>::new(),
        "evidence" => Vec::<String>::new(),
    )
    .unwrap();
    let file = std::fs::File::create(dir.path().join("findings.parquet")).unwrap();
    ParquetWriter::new(file).finish(&mut old).unwrap();

    extract(&[&fixture("seed/000_ada6bcccffd3deee.txt")], dir.path());
    let findings = read_parquet(&dir.path().join("findings.parquet"));
    assert!(names(&findings).contains(&"message_zh"));
    assert_eq!(
        strs(&findings, "rule"),
        [Some("narrative_table".to_owned())],
        "the seed's finding, nothing of the old file"
    );
}

#[test]
fn a_damaged_dataset_is_refused_not_silently_shrunk() {
    let dir = tempfile::tempdir().unwrap();
    extract(&[&fixture("seed")], dir.path());
    let listed = read_records(dir.path()).height();
    std::fs::remove_dir_all(dir.path().join("records/report_year=2015")).unwrap();
    let before = snapshot(dir.path());
    let output = gongkai()
        .arg("extract")
        .arg(fixture("text"))
        .arg("--out")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "lists {listed} records in records/report_year=2015, which is missing"
        )),
        "{stderr}"
    );
    assert!(snapshot(dir.path()) == before);

    std::fs::write(dir.path().join("reports.parquet"), b"not parquet").unwrap();
    let output = gongkai()
        .arg("extract")
        .arg(fixture("text"))
        .arg("--out")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is not a gongkai dataset"), "{stderr}");
    assert_eq!(
        std::fs::read(dir.path().join("reports.parquet")).unwrap(),
        b"not parquet"
    );
}

#[test]
fn polars_reads_the_partitioned_records_as_one_dataset() {
    let corpus = corpus();
    let dir = tempfile::tempdir().unwrap();
    extract(&[corpus.path()], dir.path());
    let pattern = dir.path().join("records/**/*.parquet");
    let scan = LazyFrame::scan_parquet(
        PlRefPath::new(pattern.to_string_lossy().as_ref()),
        ScanArgsParquet::default(),
    )
    .unwrap();
    // The year inside the files wins over the one guessed from the path.
    let schema = scan.clone().collect_schema().unwrap();
    assert_eq!(schema.get("report_year"), Some(&DataType::Int32));
    let frame = scan
        .group_by([col("report_year")])
        .agg([len()])
        .sort(["report_year"], SortMultipleOptions::default())
        .collect()
        .unwrap();
    let years = i32s(&frame, "report_year");
    assert_eq!(
        years,
        [Some(2015), Some(2016), Some(2017), Some(2018), Some(2024)]
    );
}

// ---------------------------------------------------------------------------
// Aggregates equal the sums of the records they cover.
// ---------------------------------------------------------------------------

fn report(id: usize, year: Option<i32>, n_records: usize) -> Report {
    Report {
        report_id: format!("r{id:04}"),
        source: format!("synthetic-{id}.txt"),
        final_url: None,
        fetched_at: None,
        content_sha256: Some(format!("sha{id}")),
        bytes: 100,
        encoding: Some("UTF-8".into()),
        encoding_source: None,
        title: None,
        agency: Some(format!("机关{}", id % 3)),
        region: None,
        report_year: year,
        published: None,
        template: Template::Pre2019,
        input_form: None,
        status: ReportStatus::Ok,
        error: None,
        n_records: n_records as u64,
        parser_version: "test".into(),
    }
}

/// A value cell as the normalizer could have read it.
fn cell() -> impl Strategy<Value = (ValueStatus, Option<f64>)> {
    prop_oneof![
        (0u32..5000).prop_map(|v| (ValueStatus::Reported, Some(f64::from(v)))),
        (0u32..1000).prop_map(|v| (ValueStatus::Reported, Some(f64::from(v) / 100.0))),
        Just((ValueStatus::None, Some(0.0))),
        Just((ValueStatus::Blank, None)),
        Just((ValueStatus::NotApplicable, None)),
        (1u32..900).prop_map(|v| (ValueStatus::Approximate, Some(f64::from(v)))),
        Just((ValueStatus::Unparsed, None)),
    ]
}

type Cell = (
    usize,
    bool,
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
    (ValueStatus, Option<f64>),
);

fn cells() -> impl Strategy<Value = Vec<Cell>> {
    let indicators = prop_oneof![
        Just(Some("proactive.total")),
        Just(Some("apply.received")),
        Just(None)
    ];
    let breakdowns = prop_oneof![Just(None), Just(Some("total"))];
    let units = prop_oneof![Just("件"), Just("万元")];
    prop::collection::vec(
        (
            0usize..6,
            any::<bool>(),
            indicators,
            breakdowns,
            units,
            cell(),
        ),
        0..60,
    )
}

/// Year, origin, indicator, breakdown, unit.
type GroupKey<'a> = (Option<i32>, &'a str, &'a str, Option<&'a str>, &'a str);

/// One group of `by_year_indicator`, computed the plain way from records.
#[derive(Debug, Default)]
struct Expected {
    reports: BTreeSet<String>,
    counts: BTreeMap<&'static str, i64>,
    summed: Vec<f64>,
}

fn dataset_of(years: &[Option<i32>], cells: &[Cell]) -> Vec<DocResult> {
    let mut by_report: BTreeMap<usize, Vec<Record>> = BTreeMap::new();
    for (n, (doc, narrative, indicator, breakdown, unit, (status, value))) in
        cells.iter().enumerate()
    {
        by_report.entry(*doc).or_default().push(Record {
            report_id: format!("r{doc:04}"),
            agency: Some(format!("机关{}", doc % 3)),
            report_year: years[*doc],
            template: Template::Pre2019,
            origin: if *narrative {
                Origin::Narrative
            } else {
                Origin::Table
            },
            table_no: Some(1),
            row_no: Some(n as u32 + 2),
            col_no: Some(3),
            section: None,
            row_label: Some("label".into()),
            col_label: Some("数量".into()),
            indicator: indicator.map(str::to_owned),
            breakdown: breakdown.map(str::to_owned),
            unit: Some((*unit).to_owned()),
            value: *value,
            value_raw: value.map_or_else(String::new, |v| v.to_string()),
            status: *status,
            qualifier: None,
            snippet: None,
        });
    }
    (0..years.len())
        .map(|doc| {
            let records = by_report.remove(&doc).unwrap_or_default();
            DocResult {
                report: report(doc, years[doc], records.len()),
                records,
                findings: Vec::new(),
            }
        })
        .collect()
}

fn check_aggregates(years: &[Option<i32>], cells: &[Cell]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let results = dataset_of(years, cells);
    // Two chunks, as a long run would write them.
    let mut writer = DatasetWriter::create(dir.path()).unwrap();
    let (a, b) = results.split_at(results.len() / 2);
    writer.write(a).unwrap();
    writer.write(b).unwrap();
    writer.finish(Taxonomy::builtin()).unwrap();

    let mut expected: BTreeMap<GroupKey, Expected> = BTreeMap::new();
    for result in &results {
        for r in &result.records {
            let Some(indicator) = r.indicator.as_deref() else {
                continue;
            };
            let key = (
                r.report_year,
                r.origin.as_str(),
                indicator,
                r.breakdown.as_deref(),
                r.unit.as_deref().unwrap_or(""),
            );
            let group = expected.entry(key).or_default();
            group.reports.insert(r.report_id.clone());
            *group.counts.entry(r.status.as_str()).or_default() += 1;
            if matches!(r.status, ValueStatus::Reported | ValueStatus::None) {
                group.summed.push(r.value.unwrap());
            }
        }
    }

    let groups = read_parquet(&dir.path().join("aggregates/by_year_indicator.parquet"));
    prop_assert_eq!(groups.height(), expected.len());
    let year = groups.column("report_year").unwrap().i32().unwrap();
    let s = |c: &str| groups.column(c).unwrap().str().unwrap().clone();
    let (origin, indicator, breakdown, unit) =
        (s("origin"), s("indicator"), s("breakdown"), s("unit"));
    let i64s = |c: &str| groups.column(c).unwrap().i64().unwrap().clone();
    let f64s = |c: &str| groups.column(c).unwrap().f64().unwrap().clone();
    let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(1.0),
        (a, b) => a == b,
    };
    for i in 0..groups.height() {
        let key = (
            year.get(i),
            origin.get(i).unwrap(),
            indicator.get(i).unwrap(),
            breakdown.get(i),
            unit.get(i).unwrap(),
        );
        let group = expected.get(&key);
        prop_assert!(group.is_some(), "unexpected group {:?}", key);
        let group = group.unwrap();
        prop_assert_eq!(i64s("n_reports").get(i), Some(group.reports.len() as i64));
        for (column, status) in [
            ("n_reported", "reported"),
            ("n_none", "none"),
            ("n_blank", "blank"),
            ("n_not_applicable", "not_applicable"),
            ("n_approximate", "approximate"),
            ("n_unparsed", "unparsed"),
        ] {
            prop_assert_eq!(
                i64s(column).get(i),
                Some(group.counts.get(status).copied().unwrap_or(0)),
                "{}",
                column
            );
        }
        let summed = &group.summed;
        prop_assert_eq!(i64s("n_summed").get(i), Some(summed.len() as i64));
        let sum = (!summed.is_empty()).then(|| summed.iter().sum::<f64>());
        prop_assert!(
            close(f64s("value_sum").get(i), sum),
            "sum {:?} vs {:?}",
            f64s("value_sum").get(i),
            sum
        );
        let mean = sum.map(|s| s / summed.len() as f64);
        prop_assert!(close(f64s("value_mean").get(i), mean));
        let min = summed.iter().copied().reduce(f64::min);
        let max = summed.iter().copied().reduce(f64::max);
        prop_assert_eq!(f64s("value_min").get(i), min);
        prop_assert_eq!(f64s("value_max").get(i), max);
        let mut sorted = summed.clone();
        sorted.sort_by(f64::total_cmp);
        let median = if sorted.is_empty() {
            None
        } else if sorted.len() % 2 == 1 {
            Some(sorted[sorted.len() / 2])
        } else {
            Some((sorted[sorted.len() / 2 - 1] + sorted[sorted.len() / 2]) / 2.0)
        };
        prop_assert!(
            close(f64s("value_median").get(i), median),
            "median {:?} vs {:?}",
            f64s("value_median").get(i),
            median
        );
    }

    // The panel: one row per report, and each table value where the report
    // states exactly one number for the key.
    let panel = read_parquet(&dir.path().join("aggregates/panel.parquet"));
    prop_assert_eq!(panel.height(), years.len());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn aggregate_sums_equal_the_sums_of_the_records_they_cover(
        years in prop::collection::vec(prop_oneof![Just(Some(2015)), Just(Some(2016)), Just(None)], 6),
        cells in cells(),
    ) {
        check_aggregates(&years, &cells)?;
    }
}

#[test]
fn a_group_with_nothing_to_sum_has_a_null_sum_not_zero() {
    let years = [Some(2015), Some(2015), None, None, None, None];
    let blank = (ValueStatus::Blank, None);
    let approx = (ValueStatus::Approximate, Some(430.0));
    let cells: Vec<Cell> = vec![
        (0, false, Some("apply.received"), None, "件", blank),
        (1, false, Some("apply.received"), None, "件", approx),
        (
            2,
            false,
            Some("proactive.total"),
            None,
            "条",
            (ValueStatus::None, Some(0.0)),
        ),
    ];
    check_aggregates(&years, &cells).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut writer = DatasetWriter::create(dir.path()).unwrap();
    writer.write(&dataset_of(&years, &cells)).unwrap();
    writer.finish(Taxonomy::builtin()).unwrap();
    let groups = read_parquet(&dir.path().join("aggregates/by_year_indicator.parquet"));
    let sums: Vec<Option<f64>> = groups
        .column("value_sum")
        .unwrap()
        .f64()
        .unwrap()
        .iter()
        .collect();
    let summed: Vec<Option<i64>> = groups
        .column("n_summed")
        .unwrap()
        .i64()
        .unwrap()
        .iter()
        .collect();
    // 2015 apply.received: one blank, one 430余 → nothing summed, null; the
    // null-year 无 is a stated zero → 0.
    assert_eq!(sums, [None, Some(0.0)]);
    assert_eq!(summed, [Some(0), Some(1)]);
    // The records of the report with no year are in the null partition.
    assert!(
        dir.path()
            .join("records/report_year=__HIVE_DEFAULT_PARTITION__/data.parquet")
            .is_file()
    );
}

#[test]
fn the_panel_keeps_table_values_apart_and_never_picks_between_conflicts() {
    let years = [Some(2015), Some(2015), None, None, None, None];
    let v = |x: f64| (ValueStatus::Reported, Some(x));
    let cells: Vec<Cell> = vec![
        // Report 0 states proactive.total twice, differently: no panel value.
        (0, false, Some("proactive.total"), None, "条", v(10.0)),
        (0, false, Some("proactive.total"), None, "条", v(11.0)),
        // Report 1: a table value, a blank repeat, and a narrative figure.
        (1, false, Some("proactive.total"), None, "条", v(20.0)),
        (
            1,
            false,
            Some("proactive.total"),
            None,
            "条",
            (ValueStatus::Blank, None),
        ),
        (1, true, Some("proactive.total"), None, "条", v(99.0)),
        (
            1,
            false,
            Some("apply.received"),
            Some("total"),
            "件",
            v(5.0),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut writer = DatasetWriter::create(dir.path()).unwrap();
    writer.write(&dataset_of(&years, &cells)).unwrap();
    writer.finish(Taxonomy::builtin()).unwrap();
    let panel = read_parquet(&dir.path().join("aggregates/panel.parquet"));
    assert_eq!(
        names(&panel)[5..],
        ["proactive.total", "apply.received[total]"]
    );
    let ids = strs(&panel, "report_id");
    let at = |id: &str, column: &str| {
        let i = ids.iter().position(|x| x.as_deref() == Some(id)).unwrap();
        panel.column(column).unwrap().f64().unwrap().get(i)
    };
    assert_eq!(at("r0000", "proactive.total"), None);
    assert_eq!(at("r0001", "proactive.total"), Some(20.0));
    assert_eq!(at("r0001", "apply.received[total]"), Some(5.0));
    assert_eq!(at("r0002", "proactive.total"), None);
}
