//! Bad input: every document becomes a report row with a status and a clear
//! error; nothing panics; the run goes on.

use gongkai::model::{LoadError, Origin, Report, ReportStatus, SourceDoc, ValueStatus};
use gongkai::pipeline::{self, RunOptions, process};
use gongkai::taxonomy::Taxonomy;
use proptest::prelude::*;

use crate::common::{process_fixture, record, table_records};

/// A report's error, empty when it has none.
fn error_of(report: &Report) -> &str {
    report.error.as_deref().unwrap_or_default()
}

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
    let error = error_of(&result.report);
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

#[test]
fn truncated_utf8_page_keeps_what_was_read() {
    let (status, error) = status_and_error("bad/truncated-utf8.html");
    assert_eq!(status, ReportStatus::Partial);
    assert!(error.contains("the page ends inside a table"), "{error}");
    assert!(
        error.contains("1 undecodable byte sequences in UTF-8"),
        "{error}"
    );
}

#[test]
fn truncated_gbk_text_keeps_what_was_read() {
    let result = process_fixture("bad/truncated-gbk.txt");
    let r = &result.report;
    assert_eq!(
        (r.status, r.encoding.as_deref()),
        (ReportStatus::Partial, Some("GBK"))
    );
    assert!(error_of(r).contains("1 undecodable byte sequences in GBK"));
    // The rows before the cut are read: 1860 among them.
    assert_eq!(record(&result, "proactive.total", None).value, Some(1860.0));
}

#[test]
fn regression_mixed_utf8_and_gbk_lines_are_each_decoded() {
    // Was read as windows-1252 and called "not a disclosure report".
    let result = process_fixture("bad/mixed-encodings.txt");
    let r = &result.report;
    assert_eq!(r.status, ReportStatus::Partial);
    assert!(
        error_of(r).starts_with("mixed encodings: "),
        "{:?}",
        r.error
    );
    assert_eq!(r.report_year, Some(2015));
    assert_eq!(
        table_records(&result).len(),
        59,
        "the GBK table is read whole"
    );
}

#[test]
fn nul_bytes_are_dropped_not_fatal() {
    let result = process_fixture("bad/nul-bytes.txt");
    assert_eq!(result.report.status, ReportStatus::Ok);
    assert!(
        result
            .records
            .iter()
            .any(|x| x.value == Some(1860.0) && x.value_raw == "1860")
    );
}

#[test]
fn regression_surrogates_encoded_as_utf8_do_not_make_the_text_latin() {
    // CESU-8 surrogates are invalid UTF-8; the detector then read the whole
    // report as windows-1252.
    let result = process_fixture("bad/surrogates-utf8.txt");
    let r = &result.report;
    assert_eq!(
        (r.status, r.encoding.as_deref()),
        (ReportStatus::Partial, Some("UTF-8"))
    );
    assert!(error_of(r).contains("undecodable byte sequences in UTF-8"));
    assert_eq!(table_records(&result).len(), 59);
}

#[test]
fn unpaired_utf16_surrogates_are_replaced() {
    let result = process_fixture("bad/surrogates-utf16.html");
    let r = &result.report;
    assert_eq!(
        (r.status, r.encoding.as_deref()),
        (ReportStatus::Partial, Some("UTF-16LE"))
    );
    assert_eq!(result.records[0].value, Some(120.0));
}

/// Peak resident memory of a finished child process, in bytes (Linux).
fn wait_peak_rss(child: std::process::Child) -> (i32, u64) {
    let mut status = 0;
    // SAFETY: `usage` is plain data the call fills in; the pid is our child,
    // waited for here only (std never waits for it: the handle is dropped).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid);
    (libc::WEXITSTATUS(status), usage.ru_maxrss as u64 * 1024)
}

#[test]
fn the_bad_corpus_goes_end_to_end_in_bounded_memory() {
    // The small bad inputs of fixtures/bad, and the big ones made here: a
    // 54 MB page, 100,000 levels of nesting, a table of a million cells.
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(crate::common::fixture("bad")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "html" || e == "txt") {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    let (big, _) = fifty_mb_page();
    std::fs::write(dir.path().join("fifty-mb.html"), big).unwrap();
    let nested = format!(
        "<html><body>{}{}</body></html>",
        "<div>".repeat(100_000),
        report_body()
    );
    std::fs::write(dir.path().join("nested-100000.html"), nested).unwrap();
    let row = format!("<tr>{}</tr>", "<td>1</td>".repeat(1000));
    let cells = format!(
        "<html><body>{}<table>{}</table></body></html>",
        report_body(),
        row.repeat(1000)
    );
    std::fs::write(dir.path().join("million-cells.html"), cells).unwrap();

    let out = tempfile::tempdir().unwrap();
    let child = crate::common::gongkai()
        .args(["--quiet", "extract"])
        .arg(dir.path())
        .arg("--out")
        .arg(out.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let (code, peak) = wait_peak_rss(child);
    assert_eq!(code, 0, "the run completes");
    // The 54 MB page is read whole (its DOM is the largest thing held);
    // measured about 450 MB in a release build.
    assert!(peak < 1_200_000_000, "peak resident memory {peak} bytes");

    let reports = crate::common::read_parquet(&out.path().join("reports.parquet"));
    let status = |name: &str| {
        let sources = crate::common::strs(&reports, "source");
        let statuses = crate::common::strs(&reports, "status");
        let i = sources
            .iter()
            .position(|s| s.as_deref().is_some_and(|s| s.ends_with(name)))
            .unwrap_or_else(|| panic!("{name} has no report row"));
        statuses[i].clone().unwrap()
    };
    assert_eq!(reports.height(), 14, "one row per input");
    for (name, expected) in [
        ("empty.txt", "failed"),
        ("binary.html", "failed"),
        ("nested-100000.html", "failed"),
        ("million-cells.html", "failed"),
        ("fifty-mb.html", "ok"),
        ("nul-bytes.txt", "ok"),
        ("truncated-utf8.html", "partial"),
        ("truncated-gbk.txt", "partial"),
        ("mixed-encodings.txt", "partial"),
        ("surrogates-utf8.txt", "partial"),
        ("surrogates-utf16.html", "partial"),
    ] {
        assert_eq!(status(name), expected, "{name}");
    }
}

// ---- HTML pages -------------------------------------------------------------

/// A small report page: a year title, a sentence, a pre-2019 table.
fn report_body() -> &'static str {
    "<p>某局2018年度政府信息公开工作年度报告</p><p>2018年，我局主动公开政府信息12条。</p>\
     <table><tr><td>指标</td><td>单位</td><td>数量</td></tr>\
     <tr><td>（一）主动公开政府信息数</td><td>条</td><td>12</td></tr></table>"
}

fn html_result(html: String) -> gongkai::model::DocResult {
    crate::common::process_bytes("page.html", html.into_bytes())
}

#[test]
fn html_nested_10000_levels_deep() {
    // (opening tags, closing tags, repeats): each variant 10,000 levels deep.
    for (open, close, n) in [
        ("<div>", "</div>", 10_000),
        ("<table><tr><td>", "</td></tr></table>", 10_000),
        ("<span>", "</span>", 10_000),
        ("<font>", "", 10_000),
        ("<blockquote><b>", "", 5_000),
    ] {
        let html = format!(
            "<html><body>{}{}{}</body></html>",
            open.repeat(n),
            report_body(),
            close.repeat(n)
        );
        let result = html_result(html);
        let r = &result.report;
        assert_eq!(r.status, ReportStatus::Ok, "{open}: {:?}", r.error);
        assert_eq!(r.report_year, Some(2018), "{open}");
        let values: Vec<_> = table_records(&result).iter().map(|x| x.value).collect();
        assert_eq!(values, [Some(12.0)], "{open}");
    }
}

/// The real 2018 page with its table and the paragraphs before it repeated
/// until the page is over 50 MB.
fn fifty_mb_page() -> (String, usize) {
    let page =
        std::fs::read_to_string(crate::common::fixture("real/pingtan-2018_80529.html")).unwrap();
    let body = page.find("<div class=TRS_Editor>").unwrap();
    let start = page[body..].find("<table").unwrap() + body;
    let end = page[start..].find("</table>").unwrap() + start + "</table>".len();
    let chunk = format!("{}{}", &page[start - 3000..start], &page[start..end]);
    let copies = (50 * 1024 * 1024 - page.len()) / chunk.len() + 1;
    let big = format!("{}{}{}", &page[..end], chunk.repeat(copies), &page[end..]);
    assert!(big.len() >= 50 * 1024 * 1024);
    (big, copies)
}

#[test]
fn html_page_of_50_mb_is_read() {
    let (big, copies) = fifty_mb_page();
    let result = html_result(big);
    let r = &result.report;
    assert_eq!(r.status, ReportStatus::Ok, "{:?}", r.error);
    assert_eq!(r.report_year, Some(2018));
    assert_eq!(table_records(&result).len(), 30 * (copies + 1));
    assert!(
        table_records(&result)
            .iter()
            .filter(|x| x.indicator.as_deref() == Some("proactive.total"))
            .all(|x| matches!(x.value, Some(2069.0) | Some(12106.0)))
    );
}

#[test]
fn html_page_with_too_many_tags_is_refused() {
    let row = "<tr><td>a</td><td>1</td></tr>";
    let html = format!(
        "<html><body><p>某局2018年度政府信息公开工作年度报告</p><table>{}</table></body></html>",
        row.repeat(gongkai::extract::html::MAX_TAGS / 6 + 1)
    );
    let tags = html.matches('<').count();
    assert!(tags > gongkai::extract::html::MAX_TAGS);
    let result = html_result(html);
    let r = &result.report;
    assert_eq!(r.status, ReportStatus::Failed);
    assert!(
        error_of(r).starts_with(&format!("page too large to parse as HTML: {tags} tags")),
        "{:?}",
        r.error
    );
    assert!(result.records.is_empty());
}

#[test]
fn html_report_without_a_table() {
    let html = "<html><head><title>某局2017年政府信息公开工作年度报告</title></head><body>\
        <div class=nav><a href=/>首页</a></div><div id=zoom><p>一、概述</p>\
        <p>2017年，我局严格落实政府信息公开各项要求，全年未收到政府信息公开申请。</p>\
        <p>本报告未附统计表。</p></div></body></html>";
    let result = html_result(html.into());
    assert_eq!(result.report.status, ReportStatus::NoTables);
    assert_eq!(result.report.report_year, Some(2017));
    assert_eq!(
        result.report.error.as_deref(),
        Some("no statistics table found")
    );
}

#[test]
fn html_page_that_is_not_a_report() {
    let html = "<html><head><title>关于召开全市安全生产工作会议的通知</title></head><body>\
        <div class=position>当前位置：首页 &gt; 通知公告</div>\
        <div class=content><p>各县（市、区）人民政府：定于2018年3月5日上午9时召开全市安全生产工作会议。</p>\
        <table><tr><td>时间</td><td>地点</td></tr><tr><td>3月5日</td><td>市政府3号楼</td></tr></table></div>\
        <div class=footer>版权所有：示例市人民政府</div></body></html>";
    let result = html_result(html.into());
    assert_eq!(result.report.status, ReportStatus::NotAReport);
    assert!(result.records.is_empty());
}

#[test]
fn html_broken_markup_never_panics() {
    let pages = [
        "<table><tr><td>指标<td>单位<td>数量<tr><td>（一）主动公开政府信息数<td>条<td>12",
        "</td></tr></table><td>孤立单元格</td><tr><th>x</th></tr>",
        "<table><tr><td rowspan=abc colspan=-3>a</td><td rowspan=99999999999999999999>1</td></tr></table>",
        "<table><table><table></table><tr><td>a</td></tr>",
        "<p><<<>>><a href='x>未闭合属性<p class=\"\">文本</p>",
        "<html><body><table><tr><td>指标</td><td>单位</td><td>数量</td></tr><tr><td>（一）主动公开",
        "<!DOCTYPE html><html><head><meta charset=\"gbk\"><title>",
        "<div style=\"display:none\"><table><tr><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table></div>",
        "<table><caption>表</caption><colgroup><col span=1000000></colgroup><tbody></tbody></table>",
        "<svg><table><tr><td>1</td></tr></table></svg><math><mi>x</mi></math>",
        "<table><tr><td colspan=0 rowspan=0>x</td></tr><tr></tr><tr><td>y</td></tr></table>",
    ];
    for page in pages {
        let result = html_result(page.to_owned());
        assert_eq!(
            result.report.n_records as usize,
            result.records.len(),
            "{page}"
        );
        assert!(result.report.status != ReportStatus::Ok || !result.records.is_empty());
    }
}

#[test]
fn html_page_cut_off_inside_its_table_is_partial() {
    let page =
        std::fs::read_to_string(crate::common::fixture("real/pingtan-2018_80529.html")).unwrap();
    let cut = &page[..page.find("3.不予公开答复数").unwrap()];
    let result = html_result(cut.to_owned());
    let r = &result.report;
    assert_eq!(r.status, ReportStatus::Partial);
    assert!(error_of(r).contains("ends inside a table"), "{:?}", r.error);
    // What was read before the cut is kept: 10 full rows of two values.
    let tables = table_records(&result);
    assert_eq!(tables.len(), 20);
    assert_eq!(tables[0].value, Some(2069.0));
}

#[test]
fn html_nested_beyond_the_limit_is_refused_not_hung() {
    // html5ever's time grows with the square of the depth: 100,000 levels
    // would take minutes, so the page is refused before parsing.
    let html = format!(
        "<html><body>{}{}</body></html>",
        "<div>".repeat(100_000),
        report_body()
    );
    let result = html_result(html);
    let r = &result.report;
    assert_eq!(r.status, ReportStatus::Failed);
    assert!(
        error_of(r)
            .starts_with("page nested too deep to parse as HTML: elements 100001 levels deep"),
        "{:?}",
        r.error
    );
}
