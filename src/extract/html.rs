//! HTML pages → the report's tables as span-aware grids, its paragraphs in
//! order, and the metadata the page states (`<title>`, `ArticleTitle`,
//! `PubDate`).
//!
//! The report body is looked for inside the containers government CMS sites
//! use (`.TRS_Editor`, `#zoom`, …) before falling back to `<body>`. Only leaf
//! tables (tables holding no other table) become grids; layout tables that wrap
//! a page are read as paragraphs. Every walk over the tree is iterative, so
//! deeply nested markup cannot overflow the stack, and grids are capped in
//! size so hostile spans cannot exhaust memory.
//!
//! This module builds grids and text only: it must not decide what a row means.

use std::collections::HashSet;
use std::sync::LazyLock;

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node, Selector};

use crate::extract::meta;
use crate::model::{Cell, Extracted, Grid, InputForm};
use crate::normalize::tidy;

/// Containers that hold the article body on common government CMS sites, in
/// order of preference.
const CONTENT_SELECTORS: &[&str] = &[
    ".TRS_Editor",
    "#zoom",
    ".article_con",
    ".article-content",
    ".article_content",
    ".view",
    "#UCAP-CONTENT",
    ".pages_content",
    "#content",
    "article",
    "body",
];

/// A container must hold at least this many characters of text to be the body.
const MIN_BODY_CHARS: usize = 200;
/// Spans beyond these are clipped (HTML itself clips colspan at 1000).
const MAX_COLSPAN: usize = 100;
/// A grid larger than this is cut off, with a problem noted.
const MAX_GRID_CELLS: usize = 250_000;

/// Extract tables, paragraphs and metadata from an HTML page.
pub fn extract(text: &str) -> Extracted {
    let doc = Html::parse_document(text);
    let root = content_root(&doc);
    let (tables, paragraphs) = walk(root);
    let title = page_title(&doc);
    let mut meta = meta::from_lines(title.as_deref(), paragraphs.iter().map(String::as_str));
    meta.published = meta_content(&doc, "PubDate").and_then(|d| date_prefix(&d));
    Extracted {
        form: Some(InputForm::Html),
        meta,
        tables,
        paragraphs,
    }
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("static selector")
}

fn content_root(doc: &Html) -> ElementRef<'_> {
    static SELECTORS: LazyLock<Vec<Selector>> =
        LazyLock::new(|| CONTENT_SELECTORS.iter().map(|s| selector(s)).collect());
    SELECTORS
        .iter()
        .find_map(|sel| {
            doc.select(sel).find(|el| {
                el.text().map(|t| t.trim().chars().count()).sum::<usize>() >= MIN_BODY_CHARS
            })
        })
        .unwrap_or_else(|| doc.root_element())
}

fn page_title(doc: &Html) -> Option<String> {
    static TITLE: LazyLock<Selector> = LazyLock::new(|| selector("title"));
    meta_content(doc, "ArticleTitle")
        .or_else(|| doc.select(&TITLE).next().map(|t| t.text().collect()))
        .map(|t| tidy(&t))
        .filter(|t| !t.is_empty())
}

fn meta_content(doc: &Html, name: &str) -> Option<String> {
    static META: LazyLock<Selector> = LazyLock::new(|| selector("meta[name][content]"));
    doc.select(&META)
        .find(|m| m.attr("name").is_some_and(|n| n.eq_ignore_ascii_case(name)))
        .and_then(|m| m.attr("content"))
        .map(tidy)
        .filter(|c| !c.is_empty())
}

/// `2019-01-10 16:13` → `2019-01-10`.
fn date_prefix(text: &str) -> Option<String> {
    let date = text.get(..10)?;
    let ok = date.bytes().enumerate().all(|(i, b)| match i {
        4 | 7 => b == b'-',
        _ => b.is_ascii_digit(),
    });
    ok.then(|| date.to_owned())
}

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
            | "tr"
            | "table"
            | "section"
            | "article"
            | "ul"
            | "ol"
            | "blockquote"
            | "center"
            | "dd"
            | "dt"
    )
}

fn is_hidden(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "head"
            | "title"
            | "select"
            | "option"
            | "button"
            | "iframe"
    )
}

/// One pass over the body: leaf tables become grids, all other text becomes
/// paragraphs (a paragraph ends at every block boundary).
fn walk(root: ElementRef<'_>) -> (Vec<Grid>, Vec<String>) {
    let layout_tables = tables_holding_tables(root);
    let mut tables = Vec::new();
    let mut paragraphs: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut skip_depth = 0usize;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    let name = el.name();
                    if skip_depth > 0 || is_hidden(name) {
                        skip_depth += 1;
                        continue;
                    }
                    if is_block(name) {
                        flush(&mut line, &mut paragraphs);
                    }
                    if name == "table" && !layout_tables.contains(&node.id()) {
                        if let Some(table) = ElementRef::wrap(node) {
                            let mut grid = build_grid(table, tables.len() as u32 + 1);
                            grid.caption = paragraphs.last().cloned();
                            if grid.n_rows() > 0 {
                                tables.push(grid);
                            }
                        }
                        skip_depth = 1;
                    }
                }
                Node::Text(text) if skip_depth == 0 => line.push_str(text),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    if skip_depth > 0 {
                        skip_depth -= 1;
                    } else if is_block(el.name()) {
                        flush(&mut line, &mut paragraphs);
                    }
                }
            }
        }
    }
    flush(&mut line, &mut paragraphs);
    (tables, paragraphs)
}

fn flush(line: &mut String, paragraphs: &mut Vec<String>) {
    let text = cell_text(line);
    if !text.is_empty() {
        paragraphs.push(text);
    }
    line.clear();
}

/// Tables that contain another table: page layout, not statistics.
fn tables_holding_tables(root: ElementRef<'_>) -> HashSet<NodeId> {
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

fn is_table(node: &Node) -> bool {
    matches!(node, Node::Element(el) if el.name() == "table")
}

/// Text with whitespace collapsed, and the spaces Word and CMS editors leave
/// between Chinese characters (`社会\n &nbsp; 公益`) removed.
fn cell_text(raw: &str) -> String {
    let cleaned = tidy(raw);
    let chars: Vec<char> = cleaned.chars().collect();
    let mut out = String::with_capacity(cleaned.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let before = i.checked_sub(1).and_then(|j| chars.get(j));
            let after = chars.get(i + 1);
            if before.is_some_and(|b| !b.is_ascii()) || after.is_some_and(|a| !a.is_ascii()) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// The rows of a table: `tr` elements whose nearest table is this one.
fn rows_of(table: ElementRef<'_>) -> Vec<ElementRef<'_>> {
    table
        .descendent_elements()
        .filter(|el| el.value().name() == "tr")
        .filter(|tr| {
            tr.ancestors()
                .find(|a| is_table(a.value()))
                .is_some_and(|t| t.id() == table.id())
        })
        .collect()
}

fn span(el: &ElementRef<'_>, attr: &str, max: usize) -> usize {
    el.attr(attr)
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, max.max(1))
}

/// Lay a table's cells out on a grid, expanding rowspan and colspan: each
/// covered position points to its origin cell.
pub fn build_grid(table: ElementRef<'_>, table_no: u32) -> Grid {
    let rows = rows_of(table);
    let n_rows = rows.len();
    let mut slots: Vec<Vec<Option<Cell>>> = vec![Vec::new(); n_rows];
    let mut problems = Vec::new();
    let mut cells_placed = 0usize;
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
            if cells_placed > MAX_GRID_CELLS {
                problems.push(format!(
                    "table {table_no} has more than {MAX_GRID_CELLS} cells: cut off at row {}",
                    r + 1
                ));
                slots.truncate(r + 1);
                break 'rows;
            }
            let text = cell_text(&td.text().collect::<String>());
            for dr in 0..rowspan {
                let row = &mut slots[r + dr];
                if row.len() < c + colspan {
                    row.resize(c + colspan, None);
                }
                for dc in 0..colspan {
                    row[c + dc] = Some(if dr == 0 && dc == 0 {
                        Cell::Origin {
                            text: text.clone(),
                            rowspan: rowspan as u32,
                            colspan: colspan as u32,
                        }
                    } else {
                        Cell::Covered {
                            row: r as u32,
                            col: c as u32,
                        }
                    });
                }
            }
            c += colspan;
        }
    }
    let width = slots.iter().map(Vec::len).max().unwrap_or(0);
    let rows = slots
        .into_iter()
        .filter(|row| !row.is_empty())
        .map(|row| {
            let mut row: Vec<Cell> = row
                .into_iter()
                .map(|slot| slot.unwrap_or_else(|| Cell::text("")))
                .collect();
            row.resize(width, Cell::text(""));
            row
        })
        .collect();
    Grid {
        table_no,
        rows,
        caption: None,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(g.rows[0][2], Cell::Covered { row: 0, col: 1 });
        assert_eq!(g.text(1, 0), "指标");
        assert_eq!(g.text(1, 1), "自然人");
        assert_eq!(g.text(2, 2), "");
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
        assert!(ex.paragraphs.contains(&"社会公益".to_owned()));
    }

    #[test]
    fn layout_tables_are_not_grids() {
        let html = "<table><tr><td><table><tr><td>a</td><td>1</td></tr></table></td></tr></table>";
        let ex = extract(html);
        assert_eq!(ex.tables.len(), 1);
        assert_eq!(ex.tables[0].text(0, 1), "1");
    }

    #[test]
    fn hostile_spans_are_bounded() {
        let row = "<td rowspan=\"65534\" colspan=\"1000\">x</td>".repeat(50);
        let html = format!("<table>{}</table>", format!("<tr>{row}</tr>").repeat(200));
        let ex = extract(&html);
        let g = &ex.tables[0];
        assert!(g.n_rows() * g.n_cols() <= MAX_GRID_CELLS * 2);
        assert!(!g.problems.is_empty());
    }
}
