//! The seed document: a 2015 pre-2019 report whose table is pipe text. Every
//! row must come out with the right indicator, unit, value and status.

use gongkai::model::{Origin, ReportStatus, Template, ValueStatus};

use crate::common::{process_fixture, record, record_lines, table_records};

const SEED: &str = "seed/000_ada6bcccffd3deee.txt";

#[test]
fn seed_report_metadata() {
    let result = process_fixture(SEED);
    let report = &result.report;
    assert_eq!(report.status, ReportStatus::Ok);
    assert_eq!(report.report_year, Some(2015));
    assert_eq!(report.agency.as_deref(), Some("衡阳国家高新区"));
    assert_eq!(report.template, Template::Pre2019);
    assert_eq!(report.input_form.map(|f| f.as_str()), Some("pipe_text"));
    assert_eq!(report.encoding.as_deref(), Some("UTF-8"));
    // 59 table values, then the narrative's 24 figures (tests/it/narrative.rs).
    assert_eq!(table_records(&result).len(), 59);
    assert_eq!(report.n_records, 59 + 24);
    assert_eq!(report.error, None);
}

#[test]
fn seed_1860_with_its_provenance() {
    let result = process_fixture(SEED);
    let r = record(&result, "proactive.total", None);
    assert_eq!(r.value, Some(1860.0));
    assert_eq!(r.status, ValueStatus::Reported);
    assert_eq!(r.unit.as_deref(), Some("条"));
    assert_eq!(r.value_raw, "1860");
    assert_eq!(r.origin, Origin::Table);
    assert_eq!(
        (r.table_no, r.row_no, r.col_no),
        (Some(1), Some(3), Some(3))
    );
    assert_eq!(
        r.row_label.as_deref(),
        Some("(一)主动公开政府信息数(不同渠道和方式公开相同信息计1条)")
    );
    assert_eq!(r.col_label.as_deref(), Some("数量"));
    assert_eq!(r.section.as_deref(), Some("一、主动公开情况"));
    assert_eq!(r.report_id, result.report.report_id);
    assert_eq!(r.agency.as_deref(), Some("衡阳国家高新区"));
    assert_eq!(r.report_year, Some(2015));
}

#[test]
fn seed_values_named_in_the_issue() {
    let result = process_fixture(SEED);
    let check = |code: &str, value: Option<f64>, status: ValueStatus, unit: &str| {
        let r = record(&result, code, None);
        assert_eq!(
            (r.value, r.status, r.unit.as_deref()),
            (value, status, Some(unit)),
            "{code}"
        );
    };
    check(
        "proactive.channel.website",
        Some(1030.0),
        ValueStatus::Reported,
        "条",
    );
    check("proactive.channel.gazette", None, ValueStatus::Blank, "条");
    check("fees.collected", Some(0.0), ValueStatus::None, "万元");
    check("capacity.budget", Some(70.0), ValueStatus::Reported, "万元");
    check(
        "training.trainees",
        Some(300.0),
        ValueStatus::Reported,
        "人次",
    );
    check("review.total", Some(0.0), ValueStatus::None, "件");
    check(
        "response.policy_interpretations",
        Some(2.0),
        ValueStatus::Reported,
        "篇",
    );
    // The source leaves this unit cell empty: the template's unit is used.
    check("capacity.offices", Some(1.0), ValueStatus::Reported, "个");
    // 收到申请数 is the pre-2019 total of what later formats break down by applicant.
    let received = record(&result, "apply.received", Some("total"));
    assert_eq!(
        (received.value, received.status),
        (None, ValueStatus::Blank)
    );
}

#[test]
fn seed_blank_none_and_zero_stay_distinct() {
    let result = process_fixture(SEED);
    let table = table_records(&result);
    let count = |s: ValueStatus| table.iter().filter(|r| r.status == s).count();
    assert_eq!(count(ValueStatus::Reported), 15);
    assert_eq!(count(ValueStatus::None), 5);
    assert_eq!(count(ValueStatus::Blank), 39);
    assert!(table.iter().all(|r| match r.status {
        ValueStatus::Blank => r.value.is_none() && r.value_raw.is_empty(),
        ValueStatus::None => r.value == Some(0.0) && r.value_raw == "无",
        _ => r.value.is_some(),
    }));
}

#[test]
fn seed_every_row_is_mapped() {
    let result = process_fixture(SEED);
    let unmapped: Vec<_> = table_records(&result)
        .into_iter()
        .filter(|r| r.indicator.is_none())
        .map(|r| r.row_label.clone())
        .collect();
    assert!(unmapped.is_empty(), "unmapped rows: {unmapped:?}");
}

#[test]
fn seed_records_snapshot() {
    insta::assert_snapshot!(record_lines(&process_fixture(SEED)));
}
