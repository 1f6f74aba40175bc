//! One HTML `<table>` → a span-aware [`Grid`], or the verdict that the table is
//! page layout (its text is narrative) or chrome (it is dropped).
//!
//! Cells are laid out the way a browser does: rowspan and colspan expanded,
//! every covered position pointing at its origin cell, rows padded to a
//! rectangle. Cell text is cleaned of markup the way a reader sees it: Word's
//! `<p><span style="mso-…">` runs joined, `&nbsp;` padding and empty `<p>` gone,
//! a label split over several `<p>` or `<span>` (`商业` / `企业`) joined again,
//! while two numbers in separate paragraphs stay apart (`12 34`, never `1234`).
//! Grids are capped in size, so hostile spans cannot exhaust memory.
//!
//! This module describes a table's structure: it must not decide what a row
//! or a column means (that is classification).

use std::collections::HashSet;

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use scraper::{ElementRef, Node};

use crate::extract::chrome;
use crate::model::{Cell, Grid};
use crate::text::tidy;

/// Spans beyond this are clipped (HTML itself clips colspan at 1000).
const MAX_COLSPAN: usize = 100;
/// A grid larger than this is cut off, with a problem noted.
pub const MAX_GRID_CELLS: usize = 250_000;
/// A cell holding more text than this is prose (a page region, or a note).
const MAX_DATA_CELL_CHARS: usize = 300;
/// A table with prose in a cell is layout unless at least this many of its
/// rows hold two or more non-empty cells (a statistics table with a long
/// note row stays data).
const MIN_DATA_ROWS: usize = 3;
/// The labels of the document-information table government sites put above
/// an article (索引号 | 主题分类 | 发文机关 | 成文日期 | …): chrome.
const ARTICLE_INFO_LABELS: &[&str] = &[
    "索引号",
    "索 引 号",
    "主题分类",
    "分类",
    "发文机关",
    "发布机构",
    "发文单位",
    "成文日期",
    "发布日期",
    "发文日期",
    "生效日期",
    "废止日期",
    "发文字号",
    "文号",
    "标题",
    "名称",
    "有效性",
    "主题词",
    "关键词",
    "体裁分类",
    "组配分类",
    "信息来源",
];
/// A table with at least this many document-information labels is chrome.
const MIN_ARTICLE_INFO_LABELS: usize = 3;

/// What a table turned out to be.
#[derive(Debug)]
pub enum TableKind {
    /// A table of data: a grid for classification.
    Data(Grid),
    /// Page layout (it holds other tables, has a single row or column, or
    /// paragraphs of prose in a cell): its text is read as narrative.
    Layout,
    /// Navigation, widgets or link lists laid out as a table: dropped.
    Chrome,
}

/// Read one table. `holds_tables` says whether another table sits inside it.
pub fn read_table(table: ElementRef<'_>, table_no: u32, holds_tables: bool) -> TableKind {
    if holds_tables {
        return TableKind::Layout;
    }
    let (grid, stats) = build_grid(table, table_no);
    // A grid that had to be cut off stays a grid, so the problem is reported.
    if !grid.problems.is_empty() {
        return TableKind::Data(grid);
    }
    if grid.n_rows() < 2
        || grid.n_cols() < 2
        || (stats.longest_cell > MAX_DATA_CELL_CHARS && data_rows(&grid) < MIN_DATA_ROWS)
    {
        return TableKind::Layout;
    }
    if stats.link_chars * 2 > stats.chars
        || stats.all_chrome
        || stats.article_info_labels >= MIN_ARTICLE_INFO_LABELS
    {
        return TableKind::Chrome;
    }
    TableKind::Data(grid)
}

/// What the cells of a table hold, for telling data from layout and chrome.
#[derive(Debug, Default)]
struct CellStats {
    chars: usize,
    link_chars: usize,
    longest_cell: usize,
    /// Every non-empty cell reads as chrome (`打印`, `当前位置：…`).
    all_chrome: bool,
    /// Cells that are labels of a document-information table (`索引号：`).
    article_info_labels: usize,
}

/// Rows holding two or more non-empty cells of their own.
fn data_rows(grid: &Grid) -> usize {
    grid.rows
        .iter()
        .filter(|row| {
            row.iter()
                .filter(|cell| matches!(cell, Cell::Origin { text, .. } if !text.is_empty()))
                .count()
                >= 2
        })
        .count()
}

fn is_article_info_label(text: &str) -> bool {
    let label = text.trim_end_matches([':', '：', ' ']);
    ARTICLE_INFO_LABELS.contains(&label)
}

/// The text of a cell (or any element) as a reader sees it, and how many of
/// its characters sit inside links. Paragraph-like boundaries become spaces;
/// spaces next to CJK characters are then dropped, because Word and CMS
/// editors scatter them inside words (`社会\n &nbsp; 公益` → `社会公益`).
pub fn element_text(el: ElementRef<'_>) -> (String, usize) {
    let mut raw = String::new();
    let mut link_chars = 0;
    let mut links = 0usize;
    let mut skip = 0usize;
    for edge in el.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) => {
                    if skip > 0 || (node.id() != el.id() && is_invisible(e)) {
                        skip += 1;
                    } else {
                        if e.name() == "a" {
                            links += 1;
                        }
                        if breaks_text(e.name()) {
                            raw.push('\n');
                        }
                    }
                }
                Node::Text(text) if skip == 0 => {
                    if links > 0 {
                        link_chars += text.chars().filter(|c| !c.is_whitespace()).count();
                    }
                    raw.push_str(text);
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(e) = node.value() {
                    if skip > 0 {
                        skip -= 1;
                    } else {
                        if e.name() == "a" {
                            links = links.saturating_sub(1);
                        }
                        if breaks_text(e.name()) {
                            raw.push('\n');
                        }
                    }
                }
            }
        }
    }
    (join_cjk(&raw), link_chars)
}

/// Elements a cell's content does not show: scripts, styles, hidden runs.
fn is_invisible(el: &scraper::node::Element) -> bool {
    chrome::is_invisible_tag(el.name())
        || el.attr("style").is_some_and(|s| {
            s.to_ascii_lowercase()
                .replace(' ', "")
                .contains("display:none")
        })
}

/// Elements that separate the text around them, inside a cell.
fn breaks_text(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "li"
            | "ul"
            | "ol"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "dd"
            | "dt"
            | "hr"
    )
}

/// Whitespace collapsed ([`tidy`]), and the spaces next to non-ASCII
/// characters removed: between Chinese characters they are typesetting, not
/// separators. Spaces between ASCII runs stay (`12 34` is not `1234`).
pub fn join_cjk(raw: &str) -> String {
    let cleaned = tidy(raw);
    if !cleaned.contains(' ') {
        return cleaned;
    }
    let mut out = String::with_capacity(cleaned.len());
    let mut before: Option<char> = None;
    let mut chars = cleaned.chars().peekable();
    while let Some(c) = chars.next() {
        let typesetting = c == ' '
            && (before.is_some_and(|b| !b.is_ascii())
                || chars.peek().is_some_and(|a| !a.is_ascii()));
        if !typesetting {
            out.push(c);
        }
        before = Some(c);
    }
    out
}

fn is_table(node: &Node) -> bool {
    matches!(node, Node::Element(el) if el.name() == "table")
}

/// Tables that contain another table: page layout, not data. One pass.
pub fn tables_holding_tables(root: ElementRef<'_>) -> HashSet<NodeId> {
    let mut open: Vec<NodeId> = Vec::new();
    let mut outer = HashSet::new();
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) if is_table(node.value()) => {
                if let Some(parent) = open.last() {
                    outer.insert(*parent);
                }
                open.push(node.id());
            }
            Edge::Close(node) if is_table(node.value()) => {
                open.pop();
            }
            _ => {}
        }
    }
    outer
}

/// The rows of a table: `tr` elements whose nearest table is this one.
fn rows_of(table: ElementRef<'_>) -> Vec<ElementRef<'_>> {
    let mut rows = Vec::new();
    let mut nested = 0usize;
    for edge in table.traverse() {
        match edge {
            Edge::Open(node) if node.id() != table.id() && is_table(node.value()) => nested += 1,
            Edge::Close(node) if node.id() != table.id() && is_table(node.value()) => {
                nested = nested.saturating_sub(1);
            }
            Edge::Open(node) if nested == 0 => {
                if let Some(el) = ElementRef::wrap(node)
                    && el.value().name() == "tr"
                {
                    rows.push(el);
                }
            }
            _ => {}
        }
    }
    rows
}

/// A `rowspan`/`colspan` value: 1 when missing or unreadable, at most `max`.
/// `rowspan="0"` means "to the end of the table", as in HTML.
fn span(el: &ElementRef<'_>, attr: &str, max: usize) -> usize {
    let max = max.max(1);
    match el.attr(attr).map(|v| v.trim().parse::<usize>()) {
        Some(Ok(0)) if attr == "rowspan" => max,
        Some(Ok(n)) => n.clamp(1, max),
        _ => 1,
    }
}

/// Lay a table's cells out on a grid, expanding rowspan and colspan: each
/// covered position points to its origin cell.
fn build_grid(table: ElementRef<'_>, table_no: u32) -> (Grid, CellStats) {
    let rows = rows_of(table);
    let n_rows = rows.len();
    let mut slots: Vec<Vec<Option<Cell>>> = vec![Vec::new(); n_rows];
    let mut problems = Vec::new();
    let mut stats = CellStats {
        all_chrome: true,
        ..CellStats::default()
    };
    let mut cells_placed = 0usize;
    let (mut width, mut height) = (0usize, 0usize);
    'rows: for (r, tr) in rows.iter().enumerate() {
        let mut c = 0usize;
        for td in tr
            .child_elements()
            .filter(|el| matches!(el.value().name(), "td" | "th"))
        {
            while slots[r].get(c).is_some_and(Option::is_some) {
                c += 1;
            }
            let rowspan = span(&td, "rowspan", n_rows - r);
            let colspan = span(&td, "colspan", MAX_COLSPAN);
            cells_placed += rowspan * colspan;
            width = width.max(c + colspan);
            height = height.max(r + rowspan);
            // Both what the spans fill and the rectangle the grid becomes.
            if cells_placed > MAX_GRID_CELLS || height.saturating_mul(width) > MAX_GRID_CELLS {
                problems.push(format!(
                    "table {table_no} has more than {MAX_GRID_CELLS} cells: cut off at row {}",
                    r + 1
                ));
                slots.truncate(r + 1);
                break 'rows;
            }
            let (text, link_chars) = element_text(td);
            stats.count(&text, link_chars);
            place(&mut slots, (r, c), (rowspan, colspan), &text);
            c += colspan;
        }
    }
    if stats.chars == 0 {
        stats.all_chrome = false;
    }
    let grid = Grid {
        table_no,
        rows: rectangle(slots),
        caption: None,
        problems,
    };
    (grid, stats)
}

impl CellStats {
    /// Count one cell's text and the characters of its links.
    fn count(&mut self, text: &str, link_chars: usize) {
        let n_chars = text.chars().count();
        self.chars += n_chars;
        self.link_chars += link_chars;
        self.longest_cell = self.longest_cell.max(n_chars);
        if !text.is_empty() && !chrome::is_chrome_line(text) {
            self.all_chrome = false;
        }
        if is_article_info_label(text) {
            self.article_info_labels += 1;
        }
    }
}

/// Put a cell at `(row, col)` of `slots` with its `(rowspan, colspan)`: its
/// origin there, and every other position it spans pointing at it.
fn place(
    slots: &mut [Vec<Option<Cell>>],
    (r, c): (usize, usize),
    (rowspan, colspan): (usize, usize),
    text: &str,
) {
    for dr in 0..rowspan {
        let row = &mut slots[r + dr];
        if row.len() < c + colspan {
            row.resize(c + colspan, None);
        }
        for dc in 0..colspan {
            row[c + dc] = Some(Cell::in_span(
                (r, c),
                (r + dr, c + dc),
                text,
                (rowspan, colspan),
            ));
        }
    }
}

/// The placed slots as rows of one width, empty positions blank.
fn rectangle(mut slots: Vec<Vec<Option<Cell>>>) -> Vec<Vec<Cell>> {
    let width = slots.iter().map(Vec::len).max().unwrap_or(0);
    // The rows kept are within the bound; the row cut off at may not be.
    slots.truncate(MAX_GRID_CELLS / width.max(1));
    // Every `tr` stays a row, even an empty one: covered cells point at
    // origins by row index.
    slots
        .into_iter()
        .map(|row| {
            let mut row: Vec<Cell> = row
                .into_iter()
                .map(|slot| slot.unwrap_or_else(|| Cell::text("")))
                .collect();
            row.resize(width, Cell::text(""));
            row
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use scraper::{Html, Selector};

    fn table(html: &str) -> TableKind {
        let doc = Html::parse_document(html);
        let sel = Selector::parse("table").unwrap();
        let el = doc.select(&sel).next().unwrap();
        read_table(el, 1, false)
    }

    #[test]
    fn join_cjk_drops_typesetting_spaces_only() {
        assert_eq!(join_cjk(" 政 府\n 信息  公开 "), "政府信息公开");
        assert_eq!(join_cjk("共 1860 件"), "共1860件");
        assert_eq!(
            join_cjk("12  34"),
            "12 34",
            "spaces between ASCII runs separate"
        );
        assert_eq!(join_cjk("ab cd 中"), "ab cd中");
        assert_eq!(join_cjk("无"), "无");
    }

    fn grid(html: &str) -> Grid {
        match table(html) {
            TableKind::Data(g) => g,
            other => panic!("not data: {other:?}"),
        }
    }

    #[test]
    fn spans_point_to_their_origin() {
        let g = grid(
            r#"<table>
            <tr><td rowspan="2">指标</td><td colspan="2">申请人情况</td></tr>
            <tr><td>自然人</td><td>总计</td></tr>
            <tr><td>新收</td><td>3</td><td>&nbsp;</td></tr></table>"#,
        );
        assert_eq!((g.n_rows(), g.n_cols()), (3, 3));
        assert_eq!(g.rows[1][0], Cell::Covered { row: 0, col: 0 });
        assert_eq!(g.rows[0][2], Cell::Covered { row: 0, col: 1 });
        assert_eq!(g.text(1, 0), "指标");
        assert_eq!(g.text(1, 1), "自然人");
        assert_eq!(g.text(2, 2), "");
    }

    #[test]
    fn word_markup_is_read_as_a_reader_sees_it() {
        let g = grid(
            "<table><tr>\
             <td><p class=MsoNormal><span style='mso-bidi-font-size:10.5pt'>商业</span></p>\n\
             <p>\n &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp;企业</p></td>\
             <td><p>服<span>务</span></p></td>\
             <td><font face=仿宋>结果<br/>纠正</font></td></tr>\
             <tr><td><p><span lang=EN-US>12<o:p></o:p></span></p><p>34</p></td>\
             <td><p><span>201</span><span>5</span></p></td>\
             <td><p>&nbsp;</p><p></p></td></tr></table>",
        );
        assert_eq!(g.text(0, 0), "商业企业");
        assert_eq!(g.text(0, 1), "服务");
        assert_eq!(g.text(0, 2), "结果纠正");
        assert_eq!(g.text(1, 0), "12 34", "two paragraphs are never one number");
        assert_eq!(g.text(1, 1), "2015");
        assert_eq!(g.text(1, 2), "");
    }

    #[test]
    fn hidden_runs_are_not_cell_text() {
        let g = grid(
            "<table><tr><td>a<span style='display: none'>99</span></td><td>1</td></tr>\
             <tr><td>b</td><td>2<script>x=3</script></td></tr></table>",
        );
        assert_eq!((g.text(0, 0), g.text(1, 1)), ("a", "2"));
    }

    #[test]
    fn rowspan_zero_runs_to_the_end() {
        let g = grid(
            "<table><tr><td rowspan=0>a</td><td>1</td></tr><tr><td>2</td></tr>\
             <tr><td>3</td></tr></table>",
        );
        assert_eq!(g.text(2, 0), "a");
        assert_eq!(g.text(2, 1), "3");
    }

    #[test]
    fn layout_and_chrome_tables() {
        assert!(matches!(
            table("<table><tr><td><p>一、总体情况</p><p>正文</p></td></tr></table>"),
            TableKind::Layout
        ));
        let prose = "我区认真贯彻落实《条例》。".repeat(30);
        assert!(matches!(
            table(&format!(
                "<table><tr><td>标题</td><td>日期</td></tr><tr><td>{prose}</td><td>1</td></tr></table>"
            )),
            TableKind::Layout
        ));
        assert!(matches!(
            table(
                "<table><tr><td><a href=/>首页</a></td><td><a href=/a>政务公开</a></td></tr>\
                 <tr><td><a href=/b>信息公开年报</a></td><td><a href=/c>规划计划</a></td></tr></table>"
            ),
            TableKind::Chrome
        ));
        assert!(matches!(
            table(
                "<table><tr><td>【打印本页】</td><td>【关闭窗口】</td></tr>\
                 <tr><td>字号：大 中 小</td><td></td></tr></table>"
            ),
            TableKind::Chrome
        ));
        // A statistics table with a long note row stays data.
        let note = "注：".to_owned()
            + &"本表数据统计期限为本年度，各项数据均按照国务院办公厅规定的口径填报。".repeat(10);
        assert!(matches!(
            table(&format!(
                "<table><tr><td>指标</td><td>单位</td><td>数量</td></tr>\
                 <tr><td>（一）主动公开政府信息数</td><td>条</td><td>12</td></tr>\
                 <tr><td>（二）收到申请数</td><td>件</td><td>3</td></tr>\
                 <tr><td colspan=3>{note}</td></tr></table>"
            )),
            TableKind::Data(_)
        ));
        // The document-information table above an article.
        assert!(matches!(
            table(
                "<table><tr><td>索引号：</td><td>11350000003591037R/2019-00123</td>\
                 <td>主题分类：</td><td>综合政务</td></tr>\
                 <tr><td>发文机关：</td><td>示例市人民政府办公室</td><td>成文日期：</td><td>2019-01-08</td></tr>\
                 <tr><td>发布日期：</td><td>2019-01-10</td><td>发文字号：</td><td></td></tr></table>"
            ),
            TableKind::Chrome
        ));
        // Numbers alone are data, never chrome.
        assert!(matches!(
            table("<table><tr><td>2</td><td>1</td></tr><tr><td>13</td><td>19</td></tr></table>"),
            TableKind::Data(_)
        ));
    }

    #[test]
    fn empty_rows_keep_span_pointers_right() {
        let (g, _) = build(
            "<table><tr></tr><tr><td rowspan=2>a</td><td>1</td></tr><tr><td>2</td></tr></table>",
        );
        assert_eq!(g.n_rows(), 3);
        assert_eq!(g.rows[2][0], Cell::Covered { row: 1, col: 0 });
        assert_eq!(g.text(2, 0), "a");
    }

    fn build(html: &str) -> (Grid, CellStats) {
        let doc = Html::parse_document(html);
        let sel = Selector::parse("table").unwrap();
        build_grid(doc.select(&sel).next().unwrap(), 1)
    }

    /// A generated cell: its text, rowspan, colspan and the markup around it.
    fn cell_strategy() -> impl Strategy<Value = (String, usize, usize, usize)> {
        ("[a-z0-9一二三四]{1,4}", 1..4usize, 1..4usize, 0..4usize)
    }

    fn render(rows: &[Vec<(String, usize, usize, usize)>]) -> String {
        let mut html = String::from("<table>");
        for row in rows {
            html.push_str("<tr>");
            for (text, rs, cs, markup) in row {
                let inner = match markup {
                    0 => text.clone(),
                    1 => format!(
                        "<p class=MsoNormal><span style='mso-bidi-font-size:10.5pt'>{text}<o:p></o:p></span></p>"
                    ),
                    2 => format!("<font face=宋体>&nbsp;{text}&nbsp;</font>"),
                    _ => format!("<p>&nbsp;</p><p>{text}</p><p></p>"),
                };
                html.push_str(&format!("<td rowspan={rs} colspan={cs}>{inner}</td>"));
            }
            html.push_str("</tr>");
        }
        html.push_str("</table>");
        html
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn grids_are_rectangular_and_spans_point_home(
            rows in proptest::collection::vec(proptest::collection::vec(cell_strategy(), 0..5), 1..7)
        ) {
            let (g, _) = build(&render(&rows));
            prop_assert!(g.problems.is_empty());
            prop_assert_eq!(g.n_rows(), rows.len());
            let width = g.n_cols();
            prop_assert!(g.rows.iter().all(|r| r.len() == width), "not rectangular");
            for (r, row) in g.rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    if let Cell::Covered { row: or, col: oc } = cell {
                        let (or, oc) = (*or as usize, *oc as usize);
                        let Some(Cell::Origin { rowspan, colspan, .. }) =
                            g.rows.get(or).and_then(|x| x.get(oc)) else {
                            return Err(TestCaseError::fail(format!("({r},{c}) points at no origin")));
                        };
                        prop_assert!((or..or + *rowspan as usize).contains(&r), "({r},{c}) outside the rowspan");
                        prop_assert!((oc..oc + *colspan as usize).contains(&c), "({r},{c}) outside the colspan");
                    }
                }
            }
            // Every cell written is an origin with its text and spans, row by
            // row, in order (padding cells are the only empty origins).
            for (r, row) in rows.iter().enumerate() {
                let origins: Vec<(&str, usize, usize)> = g.rows[r]
                    .iter()
                    .filter_map(|cell| match cell {
                        Cell::Origin { text, rowspan, colspan } if !text.is_empty() => {
                            Some((text.as_str(), *rowspan as usize, *colspan as usize))
                        }
                        _ => None,
                    })
                    .collect();
                let written: Vec<(&str, usize, usize)> = row
                    .iter()
                    .map(|(t, rs, cs, _)| (t.as_str(), (*rs).min(rows.len() - r), *cs))
                    .collect();
                prop_assert_eq!(origins, written);
            }
        }
    }

    #[test]
    fn hostile_spans_are_bounded() {
        let row = "<td rowspan=\"65534\" colspan=\"1000\">x</td>".repeat(50);
        let html = format!("<table>{}</table>", format!("<tr>{row}</tr>").repeat(200));
        let g = grid(&html);
        assert!(g.n_rows() * g.n_cols() <= MAX_GRID_CELLS);
        assert!(!g.problems.is_empty());
        // A ragged table: one very wide row over many narrow ones.
        let wide = format!("<tr>{}</tr>", "<td>1</td>".repeat(5_000));
        let html = format!("<table>{wide}{}</table>", "<tr><td>a</td></tr>".repeat(100));
        let g = grid(&html);
        assert!(g.n_rows() * g.n_cols() <= MAX_GRID_CELLS);
    }
}
