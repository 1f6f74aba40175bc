//! Hand-made HTML pages modelled on real ones: the seed's table exported from
//! Word (GBK, two-row header, spans), a modern CMS page and an old
//! table-layout page full of chrome. Also the encoding precedence for pages.

use gongkai::extract::html::read_page;
use gongkai::model::{EncodingSource, FetchInfo, ReportStatus, SourceDoc, Template, ValueStatus};
use gongkai::pipeline::process;
use gongkai::taxonomy::Taxonomy;

use crate::common::{fixture, process_bytes, process_fixture, table_records};

const SEED_TEXT: &str = "seed/000_ada6bcccffd3deee.txt";
const SEED_HTML: &str = "html/seed-word-2015.gbk.html";
const CMS: &str = "html/cms-zoom-2017.html";
const OLD_LAYOUT: &str = "html/table-layout-2016.gbk.html";

fn bytes(rel: &str) -> Vec<u8> {
    std::fs::read(fixture(rel)).unwrap()
}

/// Replace the first occurrence of `from` in raw bytes.
fn replace_bytes(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let at = bytes
        .windows(from.len())
        .position(|w| w == from)
        .expect("pattern present");
    [&bytes[..at], to, &bytes[at + from.len()..]].concat()
}

/// (indicator, breakdown, value, status, unit) of every record, in order.
type Facts = Vec<(
    Option<String>,
    Option<String>,
    Option<f64>,
    ValueStatus,
    Option<String>,
)>;

fn facts(result: &gongkai::model::DocResult) -> Facts {
    table_records(result)
        .into_iter()
        .map(|r| {
            (
                r.indicator.clone(),
                r.breakdown.clone(),
                r.value,
                r.status,
                r.unit.clone(),
            )
        })
        .collect()
}

#[test]
fn seed_as_word_html_gives_the_seed_records() {
    let text = process_fixture(SEED_TEXT);
    let html = process_fixture(SEED_HTML);
    let r = &html.report;
    assert_eq!(r.status, ReportStatus::Ok, "{:?}", r.error);
    assert_eq!(
        (r.encoding.as_deref(), r.encoding_source),
        (Some("GBK"), Some(EncodingSource::Meta))
    );
    assert_eq!(r.input_form.map(|f| f.as_str()), Some("html"));
    assert_eq!(r.template, Template::Pre2019);
    assert_eq!(r.agency.as_deref(), Some("衡阳国家高新区"));
    assert_eq!(r.report_year, Some(2015));
    assert_eq!(table_records(&html).len(), 59);
    assert_eq!(facts(&html), facts(&text));
    // Same raw text too: Word's runs, <o:p>, &nbsp; and split labels are gone.
    let raws = |x: &gongkai::model::DocResult| -> Vec<String> {
        table_records(x)
            .iter()
            .map(|r| r.value_raw.clone())
            .collect()
    };
    assert_eq!(raws(&html), raws(&text));
}

#[test]
fn seed_html_grid_has_its_spans() {
    let text = encoding_rs::GBK.decode(&bytes(SEED_HTML)).0.into_owned();
    let page = read_page(&text);
    assert_eq!(page.extracted.tables.len(), 1);
    let g = &page.extracted.tables[0];
    assert_eq!((g.n_rows(), g.n_cols()), (69, 3));
    // Row 1: the title across the table; rows 2–3: the two-row header.
    assert_eq!(g.text(0, 2), "衡阳国家高新区2015年度政府信息公开明细表");
    assert!(!g.is_origin(0, 1) && !g.is_origin(0, 2));
    assert_eq!(
        (g.text(1, 0), g.text(1, 1), g.text(1, 2)),
        ("指标", "单位", "数量")
    );
    assert_eq!(
        (g.text(2, 0), g.text(2, 1), g.text(2, 2)),
        ("指标", "单位", "2015年度")
    );
    assert!(!g.is_origin(2, 0) && g.is_origin(2, 2));
    // A unit cell merged over the 23 rows of (一)收到申请数 … 8.告知通过其他途径办理数.
    assert_eq!(g.text(24, 0), "（一）收到申请数");
    assert!(g.is_origin(24, 1));
    assert_eq!(g.text(46, 1), "件");
    assert_eq!(g.origin_of(46, 1), Some((24, 1)));
    // A label Word wrapped over two paragraphs, padding and all.
    assert_eq!(g.text(40, 0), "危及国家安全、公共安全、经济安全和社会稳定");
}

#[test]
fn gbk_page_without_any_declaration_decodes_right() {
    let undeclared = replace_bytes(
        &bytes(SEED_HTML),
        b"<meta http-equiv=Content-Type content=\"text/html; charset=gb2312\">",
        b"",
    );
    let result = process_bytes("undeclared.html", undeclared);
    assert_eq!(
        (
            result.report.encoding.as_deref(),
            result.report.encoding_source
        ),
        (Some("GBK"), Some(EncodingSource::Detected))
    );
    assert_eq!(result.report.status, ReportStatus::Ok);
    assert_eq!(facts(&result), facts(&process_fixture(SEED_TEXT)));

    // The old table-layout page never declared an encoding at all.
    let old = process_fixture(OLD_LAYOUT);
    assert_eq!(
        (old.report.encoding.as_deref(), old.report.encoding_source),
        (Some("GBK"), Some(EncodingSource::Detected))
    );
    assert_eq!(
        old.report.title.as_deref(),
        Some("示例县人民政府办公室2016年政府信息公开工作年度报告")
    );
}

#[test]
fn a_meta_that_contradicts_the_bytes_is_overruled() {
    // GBK bytes labelled UTF-8.
    let mislabelled = replace_bytes(&bytes(SEED_HTML), b"charset=gb2312", b"charset=utf-8");
    let result = process_bytes("mislabelled.html", mislabelled);
    let r = &result.report;
    assert_eq!(
        (r.encoding.as_deref(), r.encoding_source),
        (Some("GBK"), Some(EncodingSource::Detected))
    );
    assert_eq!(r.status, ReportStatus::Partial);
    assert!(
        r.error
            .as_deref()
            .unwrap_or_default()
            .contains("does not match the bytes"),
        "{:?}",
        r.error
    );
    assert_eq!(facts(&result), facts(&process_fixture(SEED_TEXT)));

    // UTF-8 bytes labelled GB2312: decoding them as GBK would "succeed" with
    // mojibake; the valid UTF-8 wins.
    let mislabelled = replace_bytes(
        &bytes(CMS),
        b"<meta charset=\"utf-8\">",
        b"<meta charset=\"gb2312\">",
    );
    let result = process_bytes("mislabelled-utf8.html", mislabelled);
    let r = &result.report;
    assert_eq!(
        (r.encoding.as_deref(), r.encoding_source),
        (Some("UTF-8"), Some(EncodingSource::Detected))
    );
    assert!(
        r.error
            .as_deref()
            .unwrap_or_default()
            .contains("valid UTF-8")
    );
    assert_eq!(r.agency.as_deref(), Some("示例市环境保护局"));
}

#[test]
fn the_http_header_outranks_the_meta() {
    let fetched = |bytes: Vec<u8>, content_type: &str| SourceDoc {
        source: "http://www.example.gov.cn/xxgk/ndbg/201803/t20180326_1000021.html".into(),
        bytes,
        fetch: Some(FetchInfo {
            final_url: "http://www.example.gov.cn/xxgk/ndbg/201803/t20180326_1000021.html".into(),
            fetched_at: "2025-01-01T00:00:00Z".into(),
            content_type: Some(content_type.into()),
        }),
    };
    // The header names GBK, the page's meta UTF-8: the bytes are GBK.
    let gbk = replace_bytes(&bytes(SEED_HTML), b"charset=gb2312", b"charset=utf-8");
    let result = process(&fetched(gbk, "text/html; charset=GBK"), Taxonomy::builtin());
    let r = &result.report;
    assert_eq!(
        (r.encoding.as_deref(), r.encoding_source),
        (Some("GBK"), Some(EncodingSource::Header))
    );
    assert_eq!(r.status, ReportStatus::Ok, "{:?}", r.error);
    assert_eq!(
        r.final_url.as_deref(),
        Some("http://www.example.gov.cn/xxgk/ndbg/201803/t20180326_1000021.html")
    );
    assert_eq!(facts(&result), facts(&process_fixture(SEED_TEXT)));

    // The header names UTF-8, the meta GB2312: the bytes are UTF-8.
    let utf8 = replace_bytes(
        &bytes(CMS),
        b"<meta charset=\"utf-8\">",
        b"<meta charset=\"gb2312\">",
    );
    let result = process(
        &fetched(utf8, "text/html;charset=utf-8"),
        Taxonomy::builtin(),
    );
    let r = &result.report;
    assert_eq!(
        (r.encoding.as_deref(), r.encoding_source),
        (Some("UTF-8"), Some(EncodingSource::Header))
    );
    assert_eq!(r.status, ReportStatus::Ok, "{:?}", r.error);
}

#[test]
fn cms_page_chrome_is_neither_table_nor_narrative() {
    let text = std::fs::read_to_string(fixture(CMS)).unwrap();
    let page = read_page(&text);
    assert_eq!(page.content, "selector #zoom");
    assert_eq!(page.extracted.tables.len(), 1);
    assert_eq!((page.layout_tables, page.chrome_tables), (0, 0));
    let paragraphs = &page.extracted.paragraphs;
    assert_eq!(paragraphs.len(), 14, "{paragraphs:#?}");
    assert!(paragraphs[0].starts_with("本年度报告根据《中华人民共和国政府信息公开条例》"));
    assert_eq!(paragraphs[1], "一、概述");
    assert_eq!(
        paragraphs[13],
        "示例市环境保护局2017年政府信息公开情况统计表"
    );
    for p in paragraphs {
        for chrome in [
            "字体",
            "打印",
            "关闭",
            "附件",
            ".xls",
            "分享",
            "上一篇",
            "当前位置",
            "旧版正文缓存",
            "网站标识码",
            "首页",
        ] {
            assert!(!p.contains(chrome), "{chrome} in {p}");
        }
    }
    // The attachment block (`class="fj"`) is skipped whole; widget lines
    // inside the body are dropped one by one.
    assert_eq!(
        page.dropped_lines,
        ["【字体：大中小】【打印】", "【打印本页】【关闭窗口】"]
    );
    assert_eq!(
        page.extracted.tables[0].caption.as_deref(),
        Some("示例市环境保护局2017年政府信息公开情况统计表")
    );
}

#[test]
fn cms_page_metadata_and_values() {
    let result = process_fixture(CMS);
    let r = &result.report;
    assert_eq!(r.status, ReportStatus::Ok);
    assert_eq!(
        r.title.as_deref(),
        Some("示例市环境保护局2017年政府信息公开工作年度报告")
    );
    assert_eq!(r.agency.as_deref(), Some("示例市环境保护局"));
    assert_eq!(r.report_year, Some(2017));
    assert_eq!(r.published.as_deref(), Some("2018-03-26"));
    assert_eq!(r.template, Template::Pre2019);
    let got: Vec<(&str, Option<f64>, ValueStatus, &str)> = table_records(&result)
        .into_iter()
        .map(|r| {
            (
                r.indicator.as_deref().unwrap_or("-"),
                r.value,
                r.status,
                r.value_raw.as_str(),
            )
        })
        .collect();
    use ValueStatus as V;
    assert_eq!(
        got,
        [
            ("proactive.total", Some(612.0), V::Reported, "612"),
            ("proactive.normative_docs", Some(14.0), V::Reported, "14"),
            ("proactive.channels", None, V::NotApplicable, "——"),
            ("proactive.channel.gazette", Some(0.0), V::Reported, "0"),
            ("proactive.channel.website", Some(588.0), V::Reported, "588"),
            ("proactive.channel.weibo", Some(205.0), V::Reported, "205"),
            ("proactive.channel.wechat", Some(316.0), V::Reported, "316"),
            ("proactive.channel.other", None, V::Blank, ""),
            ("response.press_conferences", Some(4.0), V::Reported, "4"),
            (
                "response.press_conferences.by_leaders",
                Some(2.0),
                V::Reported,
                "2"
            ),
            ("response.policy_interpretations", Some(0.0), V::None, "无"),
            ("apply.received", Some(27.0), V::Reported, "27"),
            ("apply.received.in_person", Some(3.0), V::Reported, "3"),
            ("apply.received.fax", Some(0.0), V::Reported, "0"),
            ("apply.received.online", Some(21.0), V::Reported, "21"),
            ("apply.received.letter", Some(3.0), V::Reported, "3"),
            ("review.total", Some(1.0), V::Reported, "1"),
            ("review.upheld", Some(1.0), V::Reported, "1"),
            ("litigation.total", Some(0.0), V::Reported, "0"),
            ("fees.collected", Some(0.0), V::Reported, "0"),
            ("capacity.budget", Some(3.5), V::Reported, "3.5"),
        ]
    );
    // The unit cell merged over five rows applies to each of them.
    let website = table_records(&result)[4];
    assert_eq!(
        (website.row_no, website.unit.as_deref()),
        (Some(7), Some("条"))
    );
}

#[test]
fn old_table_layout_page_is_read_by_text_density() {
    let text = encoding_rs::GBK.decode(&bytes(OLD_LAYOUT)).0.into_owned();
    let page = read_page(&text);
    assert_eq!(
        page.content,
        "text density: body > table > tbody > tr > td > table > tbody > tr > td.bt_content"
    );
    assert_eq!(page.extracted.tables.len(), 1);
    let paragraphs = &page.extracted.paragraphs;
    assert_eq!(
        paragraphs[..3],
        [
            "本报告根据《中华人民共和国政府信息公开条例》要求，由示例县人民政府办公室编制。",
            "一、概述",
            "2016年，县政府办公室认真贯彻落实《条例》，进一步规范公开程序、拓宽公开渠道，全年主动公开政府信息1,203条。",
        ]
    );
    assert_eq!(paragraphs.len(), 12);
    for p in paragraphs {
        for chrome in [
            "您现在的位置",
            "首页",
            "政务公开",
            "打印",
            "关闭",
            "点击数",
            "版权所有",
            "ICP",
            "指南",
        ] {
            assert!(!p.contains(chrome), "{chrome} in {p}");
        }
    }

    let result = process_fixture(OLD_LAYOUT);
    let r = &result.report;
    assert_eq!(r.status, ReportStatus::Ok);
    assert_eq!(r.agency.as_deref(), Some("示例县人民政府办公室"));
    assert_eq!(r.report_year, Some(2016));
    assert_eq!(r.published.as_deref(), Some("2017-03-28"));
    let got: Vec<(&str, Option<f64>, ValueStatus, &str)> = table_records(&result)
        .into_iter()
        .map(|r| {
            (
                r.indicator.as_deref().unwrap_or("-"),
                r.value,
                r.status,
                r.value_raw.as_str(),
            )
        })
        .collect();
    use ValueStatus as V;
    assert_eq!(
        got,
        [
            ("proactive.total", Some(1203.0), V::Reported, "1,203"),
            ("proactive.normative_docs", Some(12.0), V::Reported, "１２"),
            ("proactive.channel.gazette", Some(53.0), V::Reported, "53"),
            (
                "proactive.channel.website",
                Some(1150.0),
                V::Reported,
                "1150"
            ),
            ("proactive.channel.weibo", None, V::NotApplicable, "—"),
            ("apply.received", Some(5.0), V::Reported, "5"),
            ("apply.answered", Some(5.0), V::Reported, "5"),
            ("apply.answered.disclosed", Some(4.0), V::Reported, "4"),
            ("apply.answered.not_exist", Some(1.0), V::Reported, "1"),
            ("fees.collected", Some(0.0), V::None, "无"),
            ("capacity.staff", Some(4.0), V::Reported, "4"),
        ]
    );
}

/// A page whose only title is a bold, centred paragraph (the real 2019 page of
/// 上海市人民政府办公厅 has no `<h1>` and no `ArticleTitle`, and its `<title>`
/// names only the site) came out with title, agency and year all null.
#[test]
fn regression_a_paragraph_styled_as_the_title_keys_the_report() {
    let result = process_fixture("html/shanghai-styled-title-2019.html");
    let r = &result.report;
    assert_eq!(
        r.title.as_deref(),
        Some("2019年上海市人民政府办公厅政府信息公开工作年度报告")
    );
    assert_eq!(r.agency.as_deref(), Some("上海市人民政府办公厅"));
    assert_eq!(r.report_year, Some(2019));
}
