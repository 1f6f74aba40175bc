//! The audit: for every rule a report that passes and one that fails (one
//! cell changed, `fixtures/audit/generate.py`), the seed's narrative/table
//! difference, year over year across a dataset, and the `audit` command.

use std::path::{Path, PathBuf};

use gongkai::model::{Finding, Severity};
use gongkai::pipeline;
use gongkai::taxonomy::{BUILTIN, Taxonomy};
use polars::prelude::*;

use crate::common::{f64s, fixture, gongkai, i32s, process_fixture, read_parquet, strs};

/// (rule, severity, expected, actual) of each finding, sorted.
fn outline(findings: &[Finding]) -> Vec<(String, Severity, Option<f64>, Option<f64>)> {
    let mut out: Vec<_> = findings
        .iter()
        .map(|f| (f.rule.as_str().to_owned(), f.severity, f.expected, f.actual))
        .collect();
    out.sort_by(|a, b| a.partial_cmp(b).unwrap());
    out
}

fn found(rel: &str) -> Vec<(String, Severity, Option<f64>, Option<f64>)> {
    outline(&process_fixture(rel).findings)
}

fn one(
    rule: &str,
    severity: Severity,
    expected: f64,
    actual: f64,
) -> (String, Severity, Option<f64>, Option<f64>) {
    (rule.to_owned(), severity, Some(expected), Some(actual))
}

#[test]
fn the_seed_says_one_policy_interpretation_where_its_table_says_two() {
    let result = process_fixture("seed/000_ada6bcccffd3deee.txt");
    let errors: Vec<&Finding> = result
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "no false sum errors: {errors:#?}");
    let narrative: Vec<&Finding> = result
        .findings
        .iter()
        .filter(|f| f.rule.as_str() == "narrative_table")
        .collect();
    assert_eq!(narrative.len(), 1, "{:#?}", result.findings);
    let f = narrative[0];
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.indicators, ["response.policy_interpretations"]);
    assert_eq!((f.expected, f.actual), (Some(2.0), Some(1.0)));
    assert_eq!(f.agency.as_deref(), Some("衡阳国家高新区"));
    assert_eq!(f.report_year, Some(2015));
    let evidence = f.evidence.as_deref().unwrap();
    assert!(evidence.contains("我委发布政策解读稿件一篇"), "{evidence}");
    assert!(
        evidence.contains("3.政策解读稿件发布数: \"2\""),
        "{evidence}"
    );
    assert!(
        f.message_zh.contains("政策解读稿件发布数"),
        "{}",
        f.message_zh
    );
    // The seed's other sums hold: 1860 ≤ 1030 + 830 + blanks, 3 = 2 + 1.
    assert!(
        !result
            .findings
            .iter()
            .any(|f| f.indicators.iter().any(|i| i == "capacity.staff")),
        "{:#?}",
        result.findings
    );
}

#[test]
fn reports_whose_sums_hold_have_no_findings() {
    for rel in [
        "audit/pre2019-holds.md",
        "audit/fmt2021-holds.md",
        "audit/fmt2021-2023-holds.md",
    ] {
        let result = process_fixture(rel);
        assert!(result.records.len() > 50, "{rel}: the tables were read");
        assert_eq!(result.findings, [], "{rel}");
    }
}

#[test]
fn pre2019_rules_fail_when_one_cell_changes() {
    assert_eq!(
        found("audit/pre2019-sum-equal.md"),
        [one("sum_equal", Severity::Error, 6.0, 5.0)]
    );
    assert_eq!(
        found("audit/pre2019-sum-at-least.md"),
        [one("sum_at_least", Severity::Error, 180.0, 200.0)]
    );
    assert_eq!(
        found("audit/pre2019-of-which.md"),
        [one("of_which", Severity::Error, 120.0, 130.0)]
    );
    assert_eq!(
        found("audit/pre2019-narrative.md"),
        [one("narrative_table", Severity::Warning, 5.0, 6.0)]
    );
}

#[test]
fn pre2019_sum_names_the_cells_it_read() {
    let result = process_fixture("audit/pre2019-sum-equal.md");
    let f = &result.findings[0];
    assert_eq!(
        f.indicators,
        [
            "apply.received[total]",
            "apply.received.in_person",
            "apply.received.fax",
            "apply.received.online",
            "apply.received.letter",
            "apply.received.letter_or_fax"
        ]
    );
    assert_eq!(
        f.message,
        "apply.received[total] = 5, but its parts add up to 6"
    );
    assert_eq!(f.message_zh, "收到申请数（总计）为5，但各分项之和为6");
    let evidence = f.evidence.as_deref().unwrap();
    assert!(
        evidence.starts_with("t1 r23 c3 （一）收到申请数 × 数量: \"5\""),
        "{evidence}"
    );
    assert!(
        evidence.contains("2.传真申请数: \"无\""),
        "无 counts as 0: {evidence}"
    );
    assert!(evidence.contains("3.网络申请数: \"4\""), "{evidence}");
}

#[test]
fn a_blank_part_makes_a_sum_not_assessable_not_failed() {
    let result = process_fixture("audit/pre2019-blank-part.md");
    assert_eq!(
        outline(&result.findings),
        [("sum_equal".to_owned(), Severity::Info, None, Some(5.0))]
    );
    assert!(result.findings[0].message.starts_with("cannot be checked"));
}

#[test]
fn fmt2021_rules_fail_when_one_cell_changes() {
    // （一）予以公开 × 自然人 4 → 5: its row's 总计 and （七）'s 自然人 no longer add up.
    assert_eq!(
        found("audit/fmt2021-sum-equal.md"),
        [
            one("column_sum", Severity::Error, 6.0, 5.0),
            one("sum_equal", Severity::Error, 11.0, 10.0)
        ]
    );
    // 二、上年结转 × 总计 1 → 2: the columns, and 一 + 二 = 三（七） + 四 in 总计.
    assert_eq!(
        found("audit/fmt2021-column-sum.md"),
        [
            one("column_sum", Severity::Error, 1.0, 2.0),
            one("identity", Severity::Error, 14.0, 15.0)
        ]
    );
    // 四、结转下年度 × 自然人 and × 总计 1 → 2: the identity, in both columns.
    assert_eq!(
        found("audit/fmt2021-identity.md"),
        [
            one("identity", Severity::Error, 12.0, 11.0),
            one("identity", Severity::Error, 15.0, 14.0)
        ]
    );
    // Table 四: 行政复议 总计 2 → 3.
    assert_eq!(
        found("audit/fmt2021-review.md"),
        [one("sum_equal", Severity::Error, 2.0, 3.0)]
    );
}

#[test]
fn a_blank_total_beside_filled_parts_is_a_warning_of_its_own() {
    let result = process_fixture("audit/fmt2021-total-blank.md");
    let outline = outline(&result.findings);
    assert_eq!(
        outline,
        [
            ("sum_equal".to_owned(), Severity::Info, None, Some(13.0)),
            ("total_blank".to_owned(), Severity::Warning, Some(2.0), None),
        ]
    );
    let blank = result
        .findings
        .iter()
        .find(|f| f.rule.as_str() == "total_blank")
        .unwrap();
    assert_eq!(blank.indicators[0], "apply.result.partly_disclosed[total]");
    assert!(
        blank
            .evidence
            .as_deref()
            .unwrap()
            .contains("申请人情况/总计: \"\"")
    );
}

#[test]
fn a_sum_removed_from_the_taxonomy_is_not_checked() {
    // The rules come from the data file: without `sum` on 收到申请数, the
    // changed channel is no finding.
    let (head, tail) = BUILTIN.split_once("code = \"apply.received\"\n").unwrap();
    let tail = tail.replacen("sum = \"equal\"\n", "", 1);
    let taxonomy = Taxonomy::parse(&format!("{head}code = \"apply.received\"\n{tail}")).unwrap();
    let bytes = std::fs::read(fixture("audit/pre2019-sum-equal.md")).unwrap();
    let doc = gongkai::model::SourceDoc {
        source: "x.md".into(),
        bytes,
        fetch: None,
    };
    let result = pipeline::process(&doc, &taxonomy);
    assert_eq!(result.findings, []);
}

/// `gongkai extract` of some fixtures into `out`.
fn extract(files: &[&str], out: &Path) {
    let paths: Vec<PathBuf> = files.iter().map(|f| fixture(f)).collect();
    let paths: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    crate::common::extract(&paths, out);
}

fn findings_table(dir: &Path) -> DataFrame {
    read_parquet(&dir.join("findings.parquet"))
}

#[test]
fn carried_over_is_checked_against_the_year_before() {
    let dir = tempfile::tempdir().unwrap();
    extract(
        &["audit/fmt2021-holds.md", "audit/fmt2021-2023-holds.md"],
        dir.path(),
    );
    assert_eq!(findings_table(dir.path()).height(), 0);

    let dir = tempfile::tempdir().unwrap();
    extract(
        &["audit/fmt2021-holds.md", "audit/fmt2021-2023-differs.md"],
        dir.path(),
    );
    let findings = findings_table(dir.path());
    let rules = strs(&findings, "rule");
    assert_eq!(
        rules,
        [
            Some("year_over_year".to_owned()),
            Some("year_over_year".to_owned())
        ]
    );
    assert_eq!(i32s(&findings, "report_year"), [Some(2023), Some(2023)]);
    assert_eq!(f64s(&findings, "expected"), [Some(1.0); 2]);
    assert_eq!(f64s(&findings, "actual"), [Some(2.0); 2]);
    let evidence = findings
        .column("evidence")
        .unwrap()
        .str()
        .unwrap()
        .get(0)
        .unwrap();
    assert!(evidence.contains("fmt2021-holds.md"), "{evidence}");
    assert!(evidence.contains("四、结转下年度继续办理"), "{evidence}");

    // Extracting the 2023 report again changes nothing: the finding is not doubled.
    extract(&["audit/fmt2021-2023-differs.md"], dir.path());
    assert_eq!(findings_table(dir.path()).height(), 2);
}

#[test]
fn the_audit_command_groups_findings_and_fails_on_request() {
    let dir = tempfile::tempdir().unwrap();
    extract(&["audit", "seed/000_ada6bcccffd3deee.txt"], dir.path());
    let run = |args: &[&str]| {
        let out = gongkai()
            .arg("audit")
            .arg(dir.path())
            .args(args)
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };

    let (code, text) = run(&[]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("衡阳国家高新区 · 2015"), "{text}");
    assert!(text.contains("示例县交通运输局 · 2016"), "{text}");
    assert!(
        text.contains("正文称政策解读稿件发布数为1（“一篇”），表格为2"),
        "{text}"
    );
    assert!(!text.contains("  info "), "info hidden by default: {text}");

    assert_eq!(run(&["--fail-on", "error"]).0, Some(4));
    let (code, markdown) = run(&["--format", "markdown", "--min-severity", "info"]);
    assert_eq!(code, Some(0));
    assert!(
        markdown.contains("## 示例县卫生健康委员会 · 2022"),
        "{markdown}"
    );
    assert!(markdown.contains("| info | `sum_equal` |"), "{markdown}");

    let (_, json) = run(&["--format", "json", "--min-severity", "error"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let errors = json["totals"]["findings"]["error"].as_u64().unwrap();
    let shown: usize = json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["documents"].as_array().unwrap())
        .map(|d| d["findings"].as_array().unwrap().len())
        .sum();
    assert_eq!(shown as u64, errors);
    assert!(errors >= 9, "{json}");

    // A dataset whose reports all add up passes a CI gate on warnings.
    let clean = tempfile::tempdir().unwrap();
    extract(
        &["audit/pre2019-holds.md", "audit/fmt2021-holds.md"],
        clean.path(),
    );
    let out = gongkai()
        .args(["audit", "--fail-on", "warning"])
        .arg(clean.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("no findings at warning or worse"));
}
