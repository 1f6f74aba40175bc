//! `gongkai inspect`: what a researcher sees of one document.

use std::process::Command;

use gongkai::model::SourceDoc;
use gongkai::render::inspect;
use gongkai::taxonomy::Taxonomy;

use crate::common::fixture;

fn render(source: &str, bytes: Vec<u8>) -> String {
    let doc = SourceDoc {
        source: source.into(),
        bytes,
        fetch: None,
    };
    let mut out = Vec::new();
    inspect(&doc, Taxonomy::builtin(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn render_fixture(rel: &str) -> String {
    render(rel, std::fs::read(fixture(rel)).unwrap())
}

#[test]
fn inspect_pingtan_2018() {
    let out = render_fixture("real/pingtan-2018_80529.html");
    let lines: Vec<&str> = out.lines().collect();
    for expected in [
        "encoding   UTF-8 (meta)",
        "body       selector .TRS_Editor",
        "title      平潭综合实验区2018年度政府信息公开工作年度报告",
        "agency     平潭综合实验区",
        "region     -",
        "year       2018",
        "published  2019-01-10",
        "template   pre2019",
        "status     ok",
        "records    30 (30 reported); 0 without an indicator",
        "── table 1 · 16 rows × 4 columns · caption: 六、政府信息公开情况统计表",
        // Aligned by display width: CJK characters are two columns wide.
        "   │ 1                      │ 2        │ 3        │ 4",
        " 1 │ 指标名称               │ 计量单位 │ 2018年度 │ 历年累计",
        " 2 │ 主动公开文件数         │ 条       │ 2069     │ 12106",
        "16 │ 行政诉讼数             │ 件       │ 0        │ 0",
        "── narrative (75 paragraphs)",
    ] {
        assert!(lines.contains(&expected), "missing {expected:?} in\n{out}");
    }
    let record = lines
        .iter()
        .find(|l| l.trim_start().starts_with("r2 c4"))
        .unwrap();
    for part in [
        "reported",
        "proactive.total [cumulative]",
        "12106",
        "\"12106\"",
        "条",
        "主动公开文件数 │ 历年累计",
    ] {
        assert!(record.contains(part), "{part} not in {record}");
    }
}

#[test]
fn inspect_shows_covered_cells_and_unread_tables() {
    let out = render_fixture("real/pingtan-2024_97791.html");
    assert!(out.contains(" 1 │ 行政复议 │ ←        │ ←"), "{out}");
    assert!(out.contains(" 3 │ ↑        │ ↑        │ ↑        │ ↑        │ ↑    │ 结果维持"));
    assert!(out.contains(" 2 │ ↑                       │ ↖                       │ ↖"));
    // Table 四 is read (fmt2021): its records carry the header path as col_label.
    assert!(out.contains("template   fmt2021"), "{out}");
    // Header paths per column, as classification reads them.
    assert!(
        out.contains("c5   申请人情况/法人或其他组织/商业企业"),
        "{out}"
    );
    assert!(out.contains("c15  行政诉讼/复议后起诉/总计"), "{out}");
    assert!(out.contains("records    200 (200 reported); 0 without an indicator"));
    let review = out
        .lines()
        .find(|l| l.contains("review.total "))
        .unwrap_or_default();
    assert!(
        review.contains("\"7\"") && review.contains("行政复议/总计"),
        "{review}"
    );
    assert!(out.contains("tables     3 data, 0 layout, 0 chrome"));
}

#[test]
fn inspect_a_document_that_failed() {
    let out = render("empty.html", Vec::new());
    assert!(out.contains("status     failed"), "{out}");
    assert!(out.contains("error      empty document (0 bytes)"));
    assert!(!out.contains("── table"));
    let huge = format!("<html><body>{}</body></html>", "<div>".repeat(30_000));
    let out = render("deep.html", huge.into_bytes());
    assert!(
        out.contains("error      page nested too deep to parse as HTML"),
        "{out}"
    );
    assert!(!out.contains("── narrative"));
}

#[test]
fn inspect_cms_page_snapshot() {
    insta::assert_snapshot!(render_fixture("html/cms-zoom-2017.html"));
}

#[test]
fn inspect_command() {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .arg("inspect")
        .arg(fixture("html/table-layout-2016.gbk.html"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("encoding   GBK (detected)"), "{stdout}");
    assert!(stdout.contains("body       text density: body > table"));
    let missing = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["inspect", "/no/such/gongkai/page.html"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
}
