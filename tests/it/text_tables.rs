//! Text tables in the forms scraped pages take: the ` |` variant, four columns
//! with 历年累计, and a table full of blanks, 无 and dashes.

use gongkai::model::{InputForm, ReportStatus, ValueStatus};

use crate::common::{process_bytes, process_fixture, record, table_records};

#[test]
fn pipe_suffix_variant() {
    let result = process_fixture("text/pipe-suffix-2016.txt");
    let report = &result.report;
    assert_eq!(report.status, ReportStatus::Ok);
    assert_eq!(report.input_form, Some(InputForm::PipeText));
    assert_eq!(report.report_year, Some(2016));
    assert_eq!(report.agency.as_deref(), Some("示例县人力资源和社会保障局"));
    let v = |code: &str| record(&result, code, None).value;
    assert_eq!(v("proactive.total"), Some(2645.0));
    assert_eq!(v("proactive.channel.weibo"), Some(1203.0)); // written 1,203
    assert_eq!(v("apply.received.online"), Some(10.0));
    assert_eq!(v("fees.collected"), Some(0.35));
    let other = record(&result, "proactive.channel.other", None); // 其它 → 其他
    assert_eq!(
        (other.value, other.status),
        (None, ValueStatus::NotApplicable)
    );
    let trainees = record(&result, "training.trainees", None);
    assert_eq!(
        (trainees.value, trainees.status),
        (Some(120.0), ValueStatus::Approximate)
    );
    assert_eq!(trainees.qualifier.as_deref(), Some("约"));
    // The repeated label follows its section.
    assert_eq!(v("review.corrected"), Some(0.0));
    assert_eq!(v("litigation.corrected"), Some(0.0));
    assert!(table_records(&result).iter().all(|r| r.indicator.is_some()));
}

#[test]
fn four_columns_with_cumulative() {
    let result = process_fixture("text/cumulative-4col-2017.txt");
    assert_eq!(result.report.report_year, Some(2017));
    assert_eq!(table_records(&result).len(), 28);
    let year = record(&result, "proactive.total", None);
    assert_eq!(
        (year.value, year.col_label.as_deref(), year.col_no),
        (Some(1592.0), Some("2017年度"), Some(3))
    );
    let total = record(&result, "proactive.total", Some("cumulative"));
    assert_eq!(
        (total.value, total.col_label.as_deref(), total.col_no),
        (Some(10037.0), Some("历年累计"), Some(4))
    );
    assert_eq!(
        record(&result, "apply.received.letter_or_fax", Some("cumulative")).value,
        Some(4.0)
    );
    assert_eq!(
        record(&result, "apply.answered.other_type", None).value,
        Some(0.0)
    );
    assert!(table_records(&result).iter().all(|r| r.indicator.is_some()));
}

#[test]
fn blank_heavy_table_keeps_every_status_apart() {
    let result = process_fixture("text/blank-heavy-2016.txt");
    let status = |code: &str| {
        let r = record(
            &result,
            code,
            if code == "apply.received" {
                Some("total")
            } else {
                None
            },
        );
        (r.value, r.status)
    };
    assert_eq!(
        status("proactive.total"),
        (Some(312.0), ValueStatus::Reported)
    ); // full-width digits
    assert_eq!(
        status("proactive.channel.gazette"),
        (None, ValueStatus::Blank)
    );
    assert_eq!(
        status("proactive.channel.website"),
        (Some(300.0), ValueStatus::Approximate)
    );
    assert_eq!(
        status("proactive.channel.weibo"),
        (Some(0.0), ValueStatus::None)
    );
    assert_eq!(
        status("proactive.channel.wechat"),
        (None, ValueStatus::NotApplicable)
    );
    assert_eq!(
        status("proactive.channel.other"),
        (Some(0.0), ValueStatus::Reported)
    );
    assert_eq!(status("application"), (Some(0.0), ValueStatus::None));
    assert_eq!(status("apply.received"), (None, ValueStatus::Blank));
    assert_eq!(status("review.total"), (None, ValueStatus::NotApplicable));
    assert_eq!(
        status("litigation.total"),
        (None, ValueStatus::NotApplicable)
    );
    assert_eq!(status("complaints.total"), (Some(0.0), ValueStatus::None));
    assert_eq!(status("fees.collected"), (None, ValueStatus::Blank)); // an ideographic space
    let budget = record(&result, "capacity.budget", None);
    assert_eq!(
        (budget.value, budget.status, budget.value_raw.as_str()),
        (None, ValueStatus::Unparsed, "见附件")
    );
}

#[test]
fn pre2019_table_one_cell_per_line_reads_as_the_pipe_text_does() {
    // The seed with its `|` lines removed: blank cells are gone, a heading
    // row's dash stands where its 单位 was.
    let lines = process_fixture("text/seed-lines-2015.txt");
    let pipes = process_fixture("seed/000_ada6bcccffd3deee.txt");
    assert_eq!(lines.report.status, ReportStatus::Ok);
    assert_eq!(lines.report.input_form, Some(InputForm::LineCells));
    let total = record(&lines, "proactive.total", None);
    assert_eq!(total.value, Some(1860.0));
    assert_eq!(total.value_raw, "1860");
    assert_eq!(
        (total.table_no, total.row_no, total.col_no),
        (Some(1), Some(3), Some(3))
    );
    let label = total.row_label.as_deref().unwrap_or_default();
    assert!(label.starts_with("(一)主动公开政府信息数"), "{label}");
    let cells = |result| {
        table_records(result)
            .into_iter()
            .map(|r| {
                (
                    r.indicator.clone(),
                    r.status,
                    r.value,
                    r.value_raw.clone(),
                    r.row_no,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(cells(&lines), cells(&pipes));
}

/// `不少于1030` in a table cell was `unparsed`, while the narrative and the
/// audit read the same words as a lower bound (three word lists had drifted):
/// now the cell is an approximate 1030, and the audit takes it as at least
/// 1030.
#[test]
fn regression_lower_bound_in_a_table_cell() {
    let text = "某某区2015年度政府信息公开明细表\n指标\n|\n单位\n|\n数量\n|\n\
                (一)主动公开政府信息数\n|\n条\n|\n不少于1030\n|\n\
                七、依申请公开信息收取的费用\n|\n万元\n|\n无\n|\n";
    let result = process_bytes("lower-bound.txt", text.as_bytes().to_vec());
    let total = record(&result, "proactive.total", None);
    assert_eq!(
        (total.value, total.status, total.qualifier.as_deref()),
        (Some(1030.0), ValueStatus::Approximate, Some("不少于"))
    );
    assert_eq!(total.value_raw, "不少于1030");
    let bounds = gongkai::audit::Bounds::of(total);
    assert_eq!((bounds.lo, bounds.hi), (1030.0, f64::INFINITY));
}

/// A text document's `发布时间: 2020-01-20 15:22` line was read for the HTML
/// form of the same page but not for the text: the archive's glued text of
/// the Pingtan 2019 report now has the page's publication date too.
#[test]
fn regression_published_date_of_a_text_document() {
    let text = process_fixture("real/pingtan-2019_80576.txt");
    let html = process_fixture("real/pingtan-2019_80576.html");
    assert_eq!(text.report.published.as_deref(), Some("2020-01-20"));
    assert_eq!(text.report.published, html.report.published);
    let labelled = |line: &str| {
        let text = format!("某某县2019年政府信息公开工作年度报告\n{line}\n一、总体情况");
        process_bytes("dated.txt", text.into_bytes())
            .report
            .published
    };
    assert_eq!(
        labelled("发布日期：2020-01-31").as_deref(),
        Some("2020-01-31")
    );
    assert_eq!(
        labelled("日期：2020年2月3日").as_deref(),
        Some("2020-02-03")
    );
    assert_eq!(labelled("成文日期：2020-01-31"), None);
}
