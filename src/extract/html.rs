//! HTML pages → the report's tables as span-aware grids, its narrative
//! paragraphs in order, and the metadata the page states.
//!
//! The report body is found first ([`content`]: CMS containers, then text
//! density); only what is inside it becomes tables and paragraphs, and chrome
//! that sits inside it anyway (hidden runs, share bars, `【打印】【关闭】`,
//! `当前位置`, attachment links) is dropped ([`chrome`]). Each table is read
//! as data, layout or chrome ([`html_table`]): only data tables become grids,
//! the text of layout tables is narrative. Title, year, agency and
//! publication date come from `<meta name="ArticleTitle|PubDate|Url">`, the
//! page's headings and `<title>`, and the text ([`meta`]).
//!
//! Every walk over the tree is iterative, so deeply nested markup cannot
//! overflow the stack, and grids are capped in size. Pages too large or too
//! deeply nested for the parser are refused before parsing by the caller
//! ([`check_size`], from [`html_limits`](crate::extract::html_limits)); a page
//! whose source ends inside a table has the problem noted on that table.
//!
//! This module builds grids and text only: it must not decide what a row means.

use std::collections::HashSet;
use std::sync::LazyLock;

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use regex::Regex;
use scraper::{ElementRef, Html, Node, Selector};

pub use crate::extract::html_limits::{HtmlError, MAX_TAGS, check_size};

use crate::extract::html_table::{self, TableKind, element_text, join_cjk};
use crate::extract::{chrome, content, meta};
use crate::model::{Extracted, Grid, InputForm, Meta};
use crate::text::tidy;

/// A caption is the short paragraph right before a table; a longer one is prose.
const MAX_CAPTION_CHARS: usize = 120;
/// Chrome lines kept for `inspect` to show (the rest are only counted).
const MAX_DROPPED_KEPT: usize = 50;
/// How much of a page's text the title and date search reads.
const MAX_PAGE_LINE_CHARS: usize = 1_000_000;

/// What one HTML page gave, with the evidence `inspect` shows.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// The tables, paragraphs and metadata read from the page.
    pub extracted: Extracted,
    /// How the report body was found (`selector .TRS_Editor`, `text density: …`).
    pub content: String,
    /// The page's own address, as its `<meta name="Url">` states it.
    pub url: Option<String>,
    /// Tables read as page layout (their text is narrative).
    pub layout_tables: usize,
    /// Tables dropped as chrome.
    pub chrome_tables: usize,
    /// Lines inside the body dropped as chrome (the first few).
    pub dropped_lines: Vec<String>,
    /// How many lines inside the body were dropped as chrome, kept or not.
    pub dropped_count: usize,
}

/// Extract tables, paragraphs and metadata from an HTML page.
pub(crate) fn extract(text: &str) -> Extracted {
    read_page(text).extracted
}

/// [`extract`], keeping the evidence of how the page was read.
pub fn read_page(text: &str) -> Page {
    let doc = Html::parse_document(text);
    let root = content::find(&doc);
    let mut walker = Walker::new(root.element);
    walker.walk(root.element);
    walker.flush();
    if ends_inside_table(text)
        && let Some(last) = walker.tables.last_mut()
    {
        last.problems.push(format!(
            "the page ends inside a table (no closing </table>): table {} may be cut off",
            last.table_no
        ));
    }
    let url = meta_content(&doc, &["Url"]);
    let lines = page_lines(&doc);
    let meta = page_meta(&doc, &walker.paragraphs, &lines, url.as_deref());
    Page {
        extracted: Extracted {
            form: Some(InputForm::Html),
            meta,
            tables: walker.tables,
            paragraphs: walker.paragraphs,
        },
        content: root.how,
        url,
        layout_tables: walker.layout_tables,
        chrome_tables: walker.chrome_tables,
        dropped_lines: walker.dropped,
        dropped_count: walker.dropped_count,
    }
}

/// True when the last table tag of the source opens a table: a page cut off
/// in transfer (or saved half-way) ends there, and the parser would close the
/// table silently.
fn ends_inside_table(text: &str) -> bool {
    static TABLE_TAG: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)<(/?)table\b").expect("static regex"));
    TABLE_TAG
        .captures_iter(text)
        .last()
        .is_some_and(|caps| caps.get(1).is_some_and(|slash| slash.is_empty()))
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("static selector")
}

/// Title, year, agency and publication date, strongest source first.
fn page_meta(doc: &Html, paragraphs: &[String], lines: &[String], url: Option<&str>) -> Meta {
    static TITLE: LazyLock<Selector> = LazyLock::new(|| selector("title"));
    let page_title = doc
        .select(&TITLE)
        .next()
        .and_then(|t| meta::title_from_page_title(&t.text().collect::<String>()));
    // A page title that names no report (`上海市人民政府`) yields to a title
    // line of the body, and stands only when the body has none.
    let title = meta_content(doc, &["ArticleTitle"])
        .or_else(|| heading_title(doc))
        .or_else(|| styled_title(doc))
        .or_else(|| page_title.clone().filter(|t| meta::is_title(t)));
    let mut meta = meta::from_lines(title.as_deref(), paragraphs.iter().map(String::as_str));
    if meta.title.is_none() {
        meta.title = page_title;
    }
    meta.published = meta_content(
        doc,
        &[
            "PubDate",
            "PublishDate",
            "pubtime",
            "firstpublishedtime",
            "article:published_time",
            "dcterms.issued",
            "DC.date.issued",
        ],
    )
    .and_then(|d| meta::date(&d))
    .or_else(|| meta::published_from_lines(lines.iter().map(String::as_str)))
    .or_else(|| url.and_then(meta::date_from_url));
    meta
}

/// The first heading (`<h1>`–`<h3>`, or an element whose class or id names a
/// title) that reads as a report title and is not a link to another page.
fn heading_title(doc: &Html) -> Option<String> {
    static HEADINGS: LazyLock<Selector> = LazyLock::new(|| {
        selector("h1, h2, h3, [class*=title], [class*=Title], [id*=title], [id*=Title]")
    });
    doc.select(&HEADINGS)
        .filter(|h| !in_link_or_chrome(*h))
        .map(|h| element_text(h).0)
        .find(|t| meta::is_title(t))
}

/// A paragraph styled as a title — centred, bold or large (`<p align="center">`,
/// `style="text-align:center"`, `<strong>`, `<b>`, `<font size>`) — that reads
/// as a report title: pages that have no heading set their title so.
fn styled_title(doc: &Html) -> Option<String> {
    static STYLED: LazyLock<Selector> = LazyLock::new(|| {
        selector("p[align], div[align], p[style], div[style], span[style], center, strong, b, font")
    });
    doc.select(&STYLED)
        .filter(|e| {
            let v = e.value();
            let style = v.attr("style").unwrap_or("").to_ascii_lowercase();
            matches!(v.name(), "center" | "strong" | "b" | "font")
                || v.attr("align")
                    .is_some_and(|a| a.eq_ignore_ascii_case("center"))
                || ["center", "bold", "font-size"]
                    .iter()
                    .any(|w| style.contains(w))
        })
        .filter(|e| !in_link_or_chrome(*e))
        .map(|e| element_text(e).0)
        .find(|t| meta::is_title(t))
}

/// Whether an element sits inside a link (a title of another page) or inside
/// the site's chrome.
fn in_link_or_chrome(element: ElementRef) -> bool {
    element
        .ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| a.value().name() == "a" || chrome::is_skipped(a.value()))
}

/// `<meta name="…" content="…">` (or `property=`) for the first name given
/// that the page has, matched case-insensitively.
fn meta_content(doc: &Html, names: &[&str]) -> Option<String> {
    static META: LazyLock<Selector> = LazyLock::new(|| selector("meta[content]"));
    names.iter().find_map(|name| {
        doc.select(&META)
            .find(|m| {
                m.attr("name")
                    .or_else(|| m.attr("property"))
                    .is_some_and(|n| n.trim().eq_ignore_ascii_case(name))
            })
            .and_then(|m| m.attr("content"))
            .map(tidy)
            .filter(|c| !c.is_empty())
    })
}

/// The visible text of the whole page, chrome included, as lines: where a
/// page states its publication date (`时间：2019-01-10 16:13` in an info bar).
fn page_lines(doc: &Html) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut total = 0usize;
    let mut skip = 0usize;
    for edge in doc.root_element().traverse() {
        if total > MAX_PAGE_LINE_CHARS {
            break;
        }
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    if skip > 0 || chrome::is_invisible_tag(el.name()) {
                        skip += 1;
                    } else if is_block(el.name()) {
                        push_line(&mut line, &mut lines, &mut total);
                    }
                }
                Node::Text(text) if skip == 0 => line.push_str(text),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    if skip > 0 {
                        skip -= 1;
                    } else if is_block(el.name()) {
                        push_line(&mut line, &mut lines, &mut total);
                    }
                }
            }
        }
    }
    push_line(&mut line, &mut lines, &mut total);
    lines
}

fn push_line(line: &mut String, lines: &mut Vec<String>, total: &mut usize) {
    let text = join_cjk(line);
    line.clear();
    if !text.is_empty() {
        *total += text.len();
        lines.push(text);
    }
}

/// Elements that end a paragraph.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dd"
            | "dt"
            | "table"
            | "caption"
            | "tr"
            | "td"
            | "th"
            | "section"
            | "article"
            | "main"
            | "nav"
            | "header"
            | "footer"
            | "aside"
            | "address"
            | "blockquote"
            | "figure"
            | "figcaption"
            | "center"
            | "pre"
            | "hr"
            | "form"
            | "fieldset"
    )
}

/// One pass over the report body: data tables become grids, all other text
/// becomes paragraphs (a paragraph ends at every block boundary), chrome is
/// dropped.
struct Walker {
    holding: HashSet<NodeId>,
    tables: Vec<Grid>,
    paragraphs: Vec<String>,
    /// `paragraphs.len()` when the last table was read: a caption must come after it.
    paragraphs_at_table: usize,
    line: String,
    layout_tables: usize,
    chrome_tables: usize,
    dropped: Vec<String>,
    dropped_count: usize,
}

impl Walker {
    fn new(root: ElementRef<'_>) -> Walker {
        Walker {
            holding: html_table::tables_holding_tables(root),
            tables: Vec::new(),
            paragraphs: Vec::new(),
            paragraphs_at_table: 0,
            line: String::new(),
            layout_tables: 0,
            chrome_tables: 0,
            dropped: Vec::new(),
            dropped_count: 0,
        }
    }

    fn walk(&mut self, root: ElementRef<'_>) {
        let mut skip = 0usize;
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Element(el) => {
                        if skip > 0 {
                            skip += 1;
                            continue;
                        }
                        let name = el.name();
                        if is_block(name) {
                            self.flush();
                        }
                        if node.id() != root.id() && chrome::is_skipped(el) {
                            skip = 1;
                            continue;
                        }
                        if name == "table"
                            && let Some(table) = ElementRef::wrap(node)
                            && self.table(table)
                        {
                            skip = 1;
                        }
                    }
                    Node::Text(text) if skip == 0 => self.line.push_str(text),
                    _ => {}
                },
                Edge::Close(node) => {
                    if let Node::Element(el) = node.value() {
                        if skip > 0 {
                            skip -= 1;
                        } else if is_block(el.name()) {
                            self.flush();
                        }
                    }
                }
            }
        }
    }

    /// Read a table; true when its subtree is done with (a grid or chrome),
    /// false when its text is to be read as narrative.
    fn table(&mut self, table: ElementRef<'_>) -> bool {
        let table_no = self.tables.len() as u32 + 1;
        match html_table::read_table(table, table_no, self.holding.contains(&table.id())) {
            TableKind::Data(mut grid) => {
                grid.caption = own_caption(table).or_else(|| self.caption());
                self.tables.push(grid);
                self.paragraphs_at_table = self.paragraphs.len();
                true
            }
            TableKind::Chrome => {
                self.chrome_tables += 1;
                true
            }
            TableKind::Layout => {
                self.layout_tables += 1;
                false
            }
        }
    }

    /// The short paragraph right before the table, if it came after the last table.
    fn caption(&self) -> Option<String> {
        self.paragraphs
            .get(self.paragraphs_at_table..)?
            .last()
            .filter(|p| p.chars().count() <= MAX_CAPTION_CHARS)
            .cloned()
    }

    fn flush(&mut self) {
        let text = join_cjk(&self.line);
        self.line.clear();
        if text.is_empty() {
            return;
        }
        if chrome::is_chrome_line(&text) {
            self.dropped_count += 1;
            if self.dropped.len() < MAX_DROPPED_KEPT {
                self.dropped.push(text);
            }
        } else {
            self.paragraphs.push(text);
        }
    }
}

/// A table's own `<caption>`, when it has a non-empty one.
fn own_caption(table: ElementRef<'_>) -> Option<String> {
    table
        .child_elements()
        .find(|c| c.value().name() == "caption")
        .map(|c| element_text(c).0)
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Cell;

    #[test]
    fn spans_point_to_their_origin() {
        let html = r#"<table>
            <tr><td rowspan="2">指标</td><td colspan="2">申请人情况</td></tr>
            <tr><td>自然人</td><td>总计</td></tr>
            <tr><td>新收</td><td>3</td><td>&nbsp;</td></tr></table>"#;
        let ex = extract(html);
        let g = &ex.tables[0];
        assert_eq!((g.n_rows(), g.n_cols()), (3, 3));
        assert_eq!(g.rows[1][0], Cell::Covered { row: 0, col: 0 });
        assert_eq!(g.text(1, 0), "指标");
    }

    #[test]
    fn body_paragraphs_and_title() {
        let html = "<html><head><title>某局2019年政府信息公开工作年度报告</title>\
            <meta name=\"PubDate\" content=\"2020-01-15 09:30\"></head>\
            <body><div class=\"nav\">首页 &gt; 政务公开</div><p>一、总体情况</p><p>社会\n &nbsp; 公益</p></body></html>";
        let ex = extract(html);
        assert_eq!(ex.meta.report_year, Some(2019));
        assert_eq!(ex.meta.agency.as_deref(), Some("某局"));
        assert_eq!(ex.meta.published.as_deref(), Some("2020-01-15"));
        assert_eq!(ex.paragraphs, ["一、总体情况", "社会公益"]);
    }

    #[test]
    fn layout_tables_are_not_grids() {
        let prose = "2016年，我局认真贯彻落实《条例》，主动公开政府信息。".repeat(10);
        let html = format!(
            "<div class=TRS_Editor><table><tr><td><p>某局2016年度政府信息公开工作年度报告</p>\
            <table><tr><td>a</td><td>1</td></tr><tr><td>b</td><td>2</td></tr></table>\
            </td><td>{prose}</td></tr></table></div>"
        );
        let page = read_page(&html);
        assert_eq!(page.extracted.tables.len(), 1);
        assert_eq!(page.extracted.tables[0].text(1, 1), "2");
        assert_eq!(
            page.extracted.tables[0].caption.as_deref(),
            Some("某局2016年度政府信息公开工作年度报告")
        );
        assert_eq!(page.layout_tables, 1);
        assert_eq!(page.extracted.paragraphs.len(), 2);
        assert_eq!(page.extracted.paragraphs[1], prose);
    }

    #[test]
    fn a_single_cell_table_is_narrative() {
        let html = "<table><tr><td><p>一、总体情况</p><p>2019年，我局主动公开信息120条。</p></td></tr></table>";
        let ex = extract(html);
        assert!(ex.tables.is_empty());
        assert_eq!(
            ex.paragraphs,
            ["一、总体情况", "2019年，我局主动公开信息120条。"]
        );
    }

    #[test]
    fn chrome_lines_inside_the_body_are_dropped() {
        let html = "<div id=zoom><p>当前位置：首页 &gt; 信息公开年报</p>\
            <p>【字体：大 中 小】【打印】【关闭】</p>\
            <p>一、总体情况</p><p>2019年，我局认真贯彻落实《条例》，主动公开政府信息120条，依申请公开3件。</p>\
            <p>附件下载：2019年统计表.xls</p><p>上一篇：某局2018年度报告</p></div>";
        let page = read_page(html);
        assert_eq!(
            page.extracted.paragraphs.len(),
            2,
            "{:?}",
            page.extracted.paragraphs
        );
        assert_eq!(page.dropped_count, 4);
    }

    #[test]
    fn a_page_cut_off_inside_a_table_says_so() {
        let whole =
            "<table><tr><td>a</td><td>1</td></tr><tr><td>b</td><td>2</td></tr></table><p>end</p>";
        assert!(extract(whole).tables[0].problems.is_empty());
        let cut = "<table><tr><td>a</td><td>1</td></tr><tr><td>b</td><td>2";
        let ex = extract(cut);
        assert_eq!(ex.tables[0].text(1, 1), "2");
        assert!(ex.tables[0].problems[0].contains("ends inside a table"));
        assert!(ends_inside_table("<TABLE><tr><td>x"));
        assert!(!ends_inside_table("<p>no tables</p>"));
    }

    #[test]
    fn the_document_information_table_is_chrome_and_dates_the_page() {
        let html = "<title>某局2019年政府信息公开工作年度报告</title><body><div class=article>\
            <table class=xxgk><tr><td>索引号：</td><td>000014349/2020-00021</td><td>主题分类：</td><td>综合政务</td></tr>\
            <tr><td>发文机关：</td><td>某局</td><td>成文日期：</td><td>2020-01-08</td></tr>\
            <tr><td>标题：</td><td>某局2019年政府信息公开工作年度报告</td><td>发布日期：</td><td>2020-01-10</td></tr></table>\
            <p>一、总体情况</p><p>2019年，我局主动公开政府信息120条。</p>\
            <table><tr><td>指标</td><td>单位</td><td>数量</td></tr><tr><td>主动公开</td><td>条</td><td>120</td></tr></table>\
            </div></body>";
        let page = read_page(html);
        assert_eq!(page.chrome_tables, 1);
        assert_eq!(page.extracted.tables.len(), 1);
        assert_eq!(page.extracted.tables[0].text(1, 2), "120");
        assert_eq!(page.extracted.meta.published.as_deref(), Some("2020-01-10"));
        assert_eq!(page.extracted.meta.report_year, Some(2019));
    }

    #[test]
    fn a_table_inside_a_data_cell_makes_the_outer_table_layout() {
        let prose = "2019年，我局认真贯彻落实《条例》，主动公开政府信息。".repeat(10);
        let html = format!(
            "<div class=TRS_Editor><p>{prose}</p><table><tr><td>甲</td><td>1</td></tr>\
            <tr><td>乙</td><td><table><tr><td>2</td><td>3</td></tr><tr><td>4</td><td>5</td></tr></table></td></tr></table></div>"
        );
        let page = read_page(&html);
        assert_eq!(page.layout_tables, 1);
        assert_eq!(page.extracted.tables.len(), 1);
        assert_eq!(page.extracted.tables[0].text(1, 1), "5");
        assert_eq!(page.extracted.paragraphs[1..], ["甲", "1", "乙"]);
    }

    #[test]
    fn captions_come_after_the_previous_table() {
        let html = "<p>表一</p><table><tr><td>a</td><td>1</td></tr><tr><td>b</td><td>2</td></tr></table>\
            <table><caption>表二 情况</caption><tr><td>c</td><td>3</td></tr><tr><td>d</td><td>4</td></tr></table>\
            <table><tr><td>e</td><td>5</td></tr><tr><td>f</td><td>6</td></tr></table>";
        let ex = extract(html);
        let captions: Vec<_> = ex.tables.iter().map(|t| t.caption.as_deref()).collect();
        assert_eq!(captions, [Some("表一"), Some("表二情况"), None]);
    }
}
