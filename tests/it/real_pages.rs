//! The two real Pingtan pages (fixtures/real/, see SOURCES.md in the shared
//! corpus): every table value written out by hand and checked, plus the
//! metadata, the body and the narrative each page yields.

use gongkai::extract::html::read_page;
use gongkai::model::{Cell, EncodingSource, Grid, ReportStatus, Template, ValueStatus};

use crate::common::{fixture, process_fixture, table_records};

const P2018: &str = "real/pingtan-2018_80529.html";
const P2024: &str = "real/pingtan-2024_97791.html";

fn page(rel: &str) -> gongkai::extract::html::Page {
    let text = std::fs::read_to_string(fixture(rel)).unwrap();
    read_page(&text)
}

/// The 2018 statistics table as published: label, unit, 2018年度, 历年累计,
/// and the indicator each row maps to.
const TABLE_2018: [(&str, &str, f64, f64, &str); 15] = [
    ("主动公开文件数", "条", 2069.0, 12106.0, "proactive.total"),
    (
        "其中：1.政府网站公开数",
        "条",
        2069.0,
        12106.0,
        "proactive.channel.website",
    ),
    (
        "2.政府公报公开数",
        "条",
        0.0,
        0.0,
        "proactive.channel.gazette",
    ),
    ("受理依申请公开信息总数", "条", 0.0, 0.0, "apply.received"),
    (
        "其中：1.当面申请数",
        "条",
        0.0,
        0.0,
        "apply.received.in_person",
    ),
    ("2.网上申请数", "条", 0.0, 0.0, "apply.received.online"),
    (
        "3.信函、传真申请数",
        "条",
        0.0,
        0.0,
        "apply.received.letter_or_fax",
    ),
    ("对申请的答复总数", "条", 0.0, 0.0, "apply.answered"),
    (
        "其中：1.同意公开答复数",
        "条",
        0.0,
        0.0,
        "apply.answered.disclosed",
    ),
    (
        "2.同意部分公开答复数",
        "条",
        0.0,
        0.0,
        "apply.answered.partly_disclosed",
    ),
    ("3.不予公开答复数", "条", 0.0, 0.0, "apply.answered.refused"),
    (
        "4.其他类型答复数",
        "条",
        0.0,
        0.0,
        "apply.answered.other_type",
    ),
    (
        "接受行政诉讼、举报数",
        "件",
        0.0,
        0.0,
        "complaints.litigation_and_reports",
    ),
    ("行政复议数", "件", 0.0, 0.0, "review.total"),
    ("行政诉讼数", "件", 0.0, 0.0, "litigation.total"),
];

#[test]
fn pingtan_2018_report_row() {
    let result = process_fixture(P2018);
    let r = &result.report;
    assert_eq!(r.status, ReportStatus::Ok);
    assert_eq!(r.error, None);
    assert_eq!(r.template, Template::Pre2019);
    assert_eq!(
        (r.encoding.as_deref(), r.encoding_source),
        (Some("UTF-8"), Some(EncodingSource::Meta))
    );
    assert_eq!(
        r.title.as_deref(),
        Some("平潭综合实验区2018年度政府信息公开工作年度报告")
    );
    assert_eq!(r.agency.as_deref(), Some("平潭综合实验区"));
    assert_eq!(r.report_year, Some(2018));
    assert_eq!(r.published.as_deref(), Some("2019-01-10"));
    // The page names a place, but not as a region of a registry: left null.
    assert_eq!(r.region, None);
    assert_eq!(r.n_records as usize, result.records.len());
    assert_eq!(table_records(&result).len(), 30);
}

#[test]
fn pingtan_2018_all_30_values() {
    let result = process_fixture(P2018);
    let tables = table_records(&result);
    assert_eq!(tables.len(), 30);
    for (i, (label, unit, year, cumulative, code)) in TABLE_2018.iter().enumerate() {
        let row = i as u32 + 2;
        for (col, value, col_label, breakdown) in [
            (3, year, "2018年度", None),
            (4, cumulative, "历年累计", Some("cumulative")),
        ] {
            let found: Vec<_> = tables
                .iter()
                .filter(|r| r.row_no == Some(row) && r.col_no == Some(col))
                .collect();
            assert_eq!(found.len(), 1, "row {row} col {col}");
            let r = found[0];
            assert_eq!(r.table_no, Some(1));
            assert_eq!(r.row_label.as_deref(), Some(*label), "row {row}");
            assert_eq!(r.col_label.as_deref(), Some(col_label));
            assert_eq!(r.unit.as_deref(), Some(*unit), "{label}");
            assert_eq!(r.value, Some(*value), "{label} {col_label}");
            assert_eq!(r.value_raw, format!("{value}"), "{label}");
            assert_eq!(r.status, ValueStatus::Reported);
            assert_eq!(r.indicator.as_deref(), Some(*code), "{label}");
            let want = breakdown.or(if *code == "apply.received" {
                Some("total")
            } else {
                None
            });
            assert_eq!(r.breakdown.as_deref(), want, "{label}");
        }
    }
    let unmapped = tables.iter().filter(|r| r.indicator.is_none()).count();
    assert_eq!(unmapped, 0);
}

#[test]
fn pingtan_2018_body_and_narrative() {
    let p = page(P2018);
    assert_eq!(p.content, "selector .TRS_Editor");
    assert_eq!(
        p.url.as_deref(),
        Some("https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/201901/t20190110_80529.htm")
    );
    assert_eq!((p.layout_tables, p.chrome_tables), (0, 0));
    let paragraphs = &p.extracted.paragraphs;
    assert_eq!(paragraphs.len(), 75);
    assert_eq!(paragraphs[3], "一、概述");
    assert!(paragraphs[4].starts_with("2018年以来,我区认真贯彻落实《条例》和《办法》"));
    assert!(paragraphs.contains(&"2018年未收到有关政府信息公开申请。".to_owned()));
    assert_eq!(paragraphs[74], "六、政府信息公开情况统计表");
    // Spans that split words and numbers are joined as a reader sees them.
    let counts = paragraphs
        .iter()
        .find(|p| p.starts_with("2018年全区主动公开政府信息2069条。"))
        .unwrap();
    assert!(
        counts.contains("主动公开政府信息1592条，占76.9%"),
        "{counts}"
    );
    // No site chrome from around the body.
    for p in paragraphs {
        for chrome in [
            "当前位置",
            "打印",
            "关闭",
            "分享",
            "版权所有",
            "文字版",
            "网站标识码",
            "ICP",
        ] {
            assert!(!p.contains(chrome), "{chrome} in {p}");
        }
    }
    let table = &p.extracted.tables[0];
    assert_eq!(table.caption.as_deref(), Some("六、政府信息公开情况统计表"));
    assert_eq!((table.n_rows(), table.n_cols()), (16, 4));
    assert_eq!(
        (0..4).map(|c| table.text(0, c)).collect::<Vec<_>>(),
        ["指标名称", "计量单位", "2018年度", "历年累计"]
    );
    // "2." and the rest of the label sit in two spans.
    assert_eq!(table.text(10, 0), "2.同意部分公开答复数");
}

/// An origin cell's text and spans.
fn origin(grid: &Grid, row: usize, col: usize) -> (&str, u32, u32) {
    match &grid.rows[row][col] {
        Cell::Origin {
            text,
            rowspan,
            colspan,
        } => (text.as_str(), *rowspan, *colspan),
        covered => panic!("({row},{col}) is {covered:?}"),
    }
}

/// Every position of the rectangle a span covers points to its origin.
fn assert_span(grid: &Grid, row: usize, col: usize, rowspan: usize, colspan: usize) {
    for r in row..row + rowspan {
        for c in col..col + colspan {
            if (r, c) != (row, col) {
                assert_eq!(
                    grid.rows[r][c],
                    Cell::Covered {
                        row: row as u32,
                        col: col as u32
                    },
                    "({r},{c})"
                );
            }
        }
    }
}

#[test]
fn pingtan_2024_report_row() {
    let r = process_fixture(P2024).report;
    assert_eq!(
        r.title.as_deref(),
        Some("平潭综合实验区2024年度政府信息公开工作年度报告")
    );
    assert_eq!(r.agency.as_deref(), Some("平潭综合实验区"));
    assert_eq!(r.report_year, Some(2024));
    assert_eq!(r.published.as_deref(), Some("2025-03-10"));
    assert_eq!(r.region, None);
}

#[test]
fn pingtan_2024_table_2_grid() {
    let p = page(P2024);
    assert_eq!(p.extracted.tables.len(), 3);
    assert_eq!((p.layout_tables, p.chrome_tables), (0, 0));
    let g = &p.extracted.tables[0];
    assert_eq!(g.caption.as_deref(), Some("二、主动公开政府信息情况"));
    assert_eq!((g.n_rows(), g.n_cols()), (14, 4));
    for (row, section) in [
        (0, "第二十条第（一）项"),
        (4, "第二十条第（五）项"),
        (7, "第二十条第（六）项"),
        (11, "第二十条第（八）项"),
    ] {
        assert_eq!(origin(g, row, 0), (section, 1, 4));
        assert_span(g, row, 0, 1, 4);
    }
    let rows: Vec<Vec<&str>> = (0..14)
        .map(|r| (0..4).map(|c| g.text(r, c)).collect())
        .collect();
    assert_eq!(
        rows[1],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    );
    assert_eq!(rows[2], ["规章", "0", "0", "0"]);
    assert_eq!(rows[3], ["行政规范性文件", "62", "33", "440"]);
    // (五)(六)(八): one value cell spanning three columns.
    for (row, label, value) in [
        (6, "行政许可", "4529"),
        (9, "行政处罚", "1100"),
        (10, "行政强制", "65"),
        (13, "行政事业性收费", "18651.06"),
    ] {
        assert_eq!(origin(g, row, 0), (label, 1, 1));
        assert_eq!(origin(g, row, 1), (value, 1, 3));
        assert_span(g, row, 1, 1, 3);
    }
    assert_eq!(origin(g, 12, 1), ("本年收费金额（单位：万元）", 1, 3));
}

#[test]
fn pingtan_2024_table_3_grid() {
    let p = page(P2024);
    let g = &p.extracted.tables[1];
    assert_eq!(
        g.caption.as_deref(),
        Some("三、收到和处理政府信息公开申请情况")
    );
    assert_eq!((g.n_rows(), g.n_cols()), (28, 10));
    // The three-row header.
    assert_eq!(
        origin(g, 0, 0),
        (
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            3,
            3
        )
    );
    assert_span(g, 0, 0, 3, 3);
    assert_eq!(origin(g, 0, 3), ("申请人情况", 1, 7));
    assert_eq!(origin(g, 1, 3), ("自然人", 2, 1));
    assert_eq!(origin(g, 1, 4), ("法人或其他组织", 1, 5));
    assert_eq!(origin(g, 1, 9), ("总计", 2, 1));
    assert_span(g, 1, 9, 2, 1);
    // Labels split over <p> with the 8-&nbsp; padding, joined.
    let kinds: Vec<&str> = (4..9).map(|c| g.text(2, c)).collect();
    assert_eq!(
        kinds,
        [
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他"
        ]
    );
    // The row-label stub: 三 over 22 rows, with its nested blocks.
    assert_eq!(origin(g, 5, 0), ("三、本年度办理结果", 22, 1));
    assert_span(g, 5, 0, 22, 1);
    assert_eq!(origin(g, 5, 1), ("（一）予以公开", 1, 2));
    assert_eq!(
        origin(g, 6, 1),
        (
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            1,
            2
        )
    );
    for (row, label, rowspan) in [
        (7, "（三）不予公开", 8),
        (15, "（四）无法提供", 3),
        (18, "（五）不予处理", 5),
        (23, "（六）其他处理", 3),
    ] {
        assert_eq!(origin(g, row, 1), (label, rowspan, 1));
        assert_span(g, row, 1, rowspan as usize, 1);
    }
    assert_eq!(origin(g, 26, 1), ("（七）总计", 1, 2));
    for (row, label) in [
        (3, "一、本年新收政府信息公开申请数量"),
        (4, "二、上年结转政府信息公开申请数量"),
        (27, "四、结转下年度继续办理"),
    ] {
        assert_eq!(origin(g, row, 0), (label, 1, 3));
        assert_span(g, row, 0, 1, 3);
    }
    assert_eq!(g.text(7, 2), "1.属于国家秘密");
    assert_eq!(g.text(9, 2), "3.危及“三安全一稳定”");
    assert_eq!(
        g.text(23, 2),
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    );
    assert_eq!(
        g.text(24, 2),
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    );
    // Values: 自然人 | 商业企业 科研机构 社会公益组织 法律服务机构 其他 | 总计.
    let values = |row: usize| -> Vec<&str> { (3..10).map(|c| g.text(row, c)).collect() };
    assert_eq!(values(3), ["217", "1", "0", "0", "0", "0", "218"]);
    assert_eq!(values(4), ["0", "0", "0", "0", "0", "0", "0"]);
    assert_eq!(values(5), ["71", "0", "0", "0", "0", "0", "71"]);
    assert_eq!(values(6), ["29", "0", "0", "0", "0", "0", "29"]);
    assert_eq!(values(7), ["4", "0", "0", "0", "0", "0", "4"]);
    assert_eq!(values(10), ["3", "0", "0", "0", "0", "0", "3"]);
    assert_eq!(values(11), ["32", "0", "0", "0", "0", "0", "32"]);
    assert_eq!(values(15), ["75", "0", "0", "0", "0", "0", "75"]);
    assert_eq!(values(19), ["1", "0", "0", "0", "0", "0", "1"]);
    assert_eq!(values(23), ["1", "0", "0", "0", "0", "0", "1"]);
    assert_eq!(values(25), ["1", "1", "0", "0", "0", "0", "2"]);
    assert_eq!(values(26), ["217", "1", "0", "0", "0", "0", "218"]);
    assert_eq!(values(27), ["0", "0", "0", "0", "0", "0", "0"]);
    for zero_row in [8, 9, 12, 13, 14, 16, 17, 18, 20, 21, 22, 24] {
        assert!(values(zero_row).iter().all(|v| *v == "0"), "row {zero_row}");
    }
}

#[test]
fn pingtan_2024_table_4_grid() {
    let p = page(P2024);
    let g = &p.extracted.tables[2];
    assert_eq!(
        g.caption.as_deref(),
        Some("四、政府信息公开行政复议、行政诉讼情况")
    );
    assert_eq!((g.n_rows(), g.n_cols()), (4, 15));
    assert_eq!(origin(g, 0, 0), ("行政复议", 1, 5));
    assert_eq!(origin(g, 0, 5), ("行政诉讼", 1, 10));
    assert_span(g, 0, 5, 1, 10);
    assert_eq!(origin(g, 1, 5), ("未经复议直接起诉", 1, 5));
    assert_eq!(origin(g, 1, 10), ("复议后起诉", 1, 5));
    let results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    for (c, name) in results.iter().enumerate() {
        // 行政复议's five columns span the two lower header rows.
        assert_eq!(origin(g, 1, c), (*name, 2, 1));
        assert_span(g, 1, c, 2, 1);
        assert_eq!(origin(g, 2, 5 + c), (*name, 1, 1));
        assert_eq!(origin(g, 2, 10 + c), (*name, 1, 1));
    }
    let data: Vec<&str> = (0..15).map(|c| g.text(3, c)).collect();
    assert_eq!(
        data,
        [
            "2", "1", "3", "1", "7", "0", "0", "0", "0", "0", "13", "2", "4", "0", "19"
        ]
    );
}

#[test]
fn pingtan_2024_narrative_is_in_order_and_clean() {
    let p = page(P2024);
    assert_eq!(p.content, "selector .TRS_Editor");
    let paragraphs = &p.extracted.paragraphs;
    let headings: Vec<&str> = paragraphs
        .iter()
        .map(String::as_str)
        .filter(|p| p.chars().count() < 30 && p.contains('、'))
        .collect();
    assert_eq!(
        headings,
        [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项"
        ]
    );
    assert_eq!(paragraphs.len(), 15);
    assert!(paragraphs[3].starts_with("（一）主动公开方面。有序推进基层政务公开"));
    assert!(paragraphs[3].contains("全年主动公开各类政府信息10407条"));
    assert_eq!(paragraphs[14], "2024年，无收取信息处理费情况。");
    // The "本报告…统计期限为2024年1月1日至2024年12月31日" sentence opens the body.
    assert!(paragraphs[0].ends_with("统计期限为2024年1月1日至2024年12月31日。"));
}

#[test]
fn pingtan_pages_without_their_cms_classes_are_found_by_text_density() {
    for rel in [P2018, P2024] {
        let text = std::fs::read_to_string(fixture(rel)).unwrap();
        let unknown = text.replace("class=TRS_Editor", "class=x_editor").replace(
            "article_content article_content_01",
            "article_x article_x_01",
        );
        let by_selector = read_page(&text);
        let by_density = read_page(&unknown);
        assert!(
            by_density
                .content
                .starts_with("text density: body > div.info_public_bg")
                && by_density
                    .content
                    .ends_with("div.article_area > div.article_x > div.x_editor"),
            "{}",
            by_density.content
        );
        assert_eq!(
            by_density.extracted.paragraphs,
            by_selector.extracted.paragraphs
        );
        assert_eq!(by_density.extracted.tables, by_selector.extracted.tables);
        assert_eq!(by_density.extracted.meta, by_selector.extracted.meta);
    }
}

#[test]
fn pingtan_metadata_from_weaker_sources() {
    let text = std::fs::read_to_string(fixture(P2018)).unwrap();
    let without = |page: &str, what: &str| -> String {
        let at = page.find(what).unwrap();
        format!("{}{}", &page[..at], &page[at + what.len()..])
    };
    // No ArticleTitle and no PubDate: the title heading and the info bar's 时间.
    let page = without(
        &without(
            &text,
            r#"<meta name="ArticleTitle" content="平潭综合实验区2018年度政府信息公开工作年度报告"/>"#,
        ),
        r#"<meta name="PubDate" content="2019-01-10 16:13"/>"#,
    );
    let meta = read_page(&page).extracted.meta;
    assert_eq!(
        meta.title.as_deref(),
        Some("平潭综合实验区2018年度政府信息公开工作年度报告")
    );
    assert_eq!(meta.published.as_deref(), Some("2019-01-10"));
    // Without the info bar either: the date the CMS wrote into the URL.
    let page = without(&page, "时间：2019-01-10 16:13");
    assert_eq!(
        read_page(&page).extracted.meta.published.as_deref(),
        Some("2019-01-10")
    );
    // And with no heading: <title> minus the column and site names.
    let page = page.replace("article_title text_align_center", "x");
    assert_eq!(
        read_page(&page).extracted.meta.title.as_deref(),
        Some("平潭综合实验区2018年度政府信息公开工作年度报告")
    );
}
