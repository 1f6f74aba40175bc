//! Finding the report body among a page's chrome.
//!
//! First the containers government CMS sites put articles in (`.TRS_Editor`,
//! `#zoom`, `.article_con`, …). A page built on none of them is read by text
//! density: starting at `<body>`, step into the child that holds most of the
//! visible, non-link text, as long as that child holds at least 70% of it and
//! every data-like table; stop where the text spreads over several children.
//! Navigation is mostly links, footers are short, and the report is the one
//! region with paragraphs of prose and its tables, so the walk ends at the
//! report's container. When in doubt it stops early: chrome lines that come
//! along are dropped later, line by line, while a region cut off would lose
//! report text.
//!
//! This module picks an element; it must not read text out of it.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node, Selector};

use crate::extract::chrome;
use crate::extract::html_table::{element_text, tables_holding_tables};

/// Containers that hold the article body on common government CMS sites, in
/// order of preference.
pub const CONTENT_SELECTORS: &[&str] = &[
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
];

/// A container must hold at least this many characters of text to be the body.
const MIN_BODY_CHARS: usize = 200;
/// The density walk steps into a child holding at least this share (in
/// tenths) of its parent's text.
const DESCEND_SHARE_TENTHS: usize = 7;

/// The element holding the report, and how it was found (for `inspect`).
#[derive(Debug, Clone)]
pub struct ContentRoot<'a> {
    pub element: ElementRef<'a>,
    pub how: String,
}

/// Find the report body of a parsed page.
pub fn find(doc: &Html) -> ContentRoot<'_> {
    if let Some(found) = by_selector(doc) {
        return found;
    }
    static BODY: LazyLock<Selector> =
        LazyLock::new(|| Selector::parse("body").expect("static selector"));
    let Some(body) = doc.select(&BODY).next() else {
        return ContentRoot {
            element: doc.root_element(),
            how: "whole page".to_owned(),
        };
    };
    let element = densest(body);
    let how = if element.id() == body.id() {
        "whole page (text spread over several regions)".to_owned()
    } else {
        format!("text density: {}", path_of(element))
    };
    ContentRoot { element, how }
}

fn by_selector(doc: &Html) -> Option<ContentRoot<'_>> {
    static SELECTORS: LazyLock<Vec<(&str, Selector)>> = LazyLock::new(|| {
        CONTENT_SELECTORS
            .iter()
            .map(|css| (*css, Selector::parse(css).expect("static selector")))
            .collect()
    });
    SELECTORS.iter().find_map(|(css, sel)| {
        doc.select(sel)
            .map(|el| (visible_chars(el), el))
            .filter(|(chars, _)| *chars >= MIN_BODY_CHARS)
            .max_by_key(|(chars, _)| *chars)
            .map(|(_, element)| ContentRoot {
                element,
                how: format!("selector {css}"),
            })
    })
}

fn visible_chars(el: ElementRef<'_>) -> usize {
    el.text()
        .map(|t| t.chars().filter(|c| !c.is_whitespace()).count())
        .sum()
}

/// What a subtree holds, for the density walk.
#[derive(Debug, Clone, Copy, Default)]
struct Score {
    /// Visible characters outside links and chrome.
    text: usize,
    /// Leaf tables that look like data.
    data_tables: usize,
}

/// Elements the density walk may step into.
fn is_container(name: &str) -> bool {
    matches!(
        name,
        "div"
            | "section"
            | "article"
            | "main"
            | "center"
            | "form"
            | "font"
            | "span"
            | "blockquote"
            | "table"
            | "tbody"
            | "thead"
            | "tr"
            | "td"
            | "th"
    )
}

fn densest(body: ElementRef<'_>) -> ElementRef<'_> {
    let holding = tables_holding_tables(body);
    let scores = scores(body, &holding);
    let score = |el: &ElementRef<'_>| scores.get(&el.id()).copied().unwrap_or_default();
    let mut node = body;
    loop {
        let total = score(&node);
        let best = node
            .child_elements()
            .filter(|c| {
                let name = c.value().name();
                is_container(name) && (name != "table" || holding.contains(&c.id()))
            })
            .max_by_key(|c| score(c).text);
        match best {
            Some(child)
                if score(&child).text > 0
                    && score(&child).text * 10 >= total.text * DESCEND_SHARE_TENTHS
                    && score(&child).data_tables == total.data_tables =>
            {
                node = child;
            }
            _ => return node,
        }
    }
}

/// One pass over the tree: every element's visible non-link text and data
/// tables, chrome and hidden subtrees counting for nothing.
fn scores(root: ElementRef<'_>, holding: &HashSet<NodeId>) -> HashMap<NodeId, Score> {
    let mut done = HashMap::new();
    let mut open: Vec<(NodeId, Score)> = Vec::new();
    let mut skip = 0usize;
    let mut links = 0usize;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    if skip > 0 || (node.id() != root.id() && chrome::is_skipped(el)) {
                        skip += 1;
                        continue;
                    }
                    if el.name() == "a" {
                        links += 1;
                    }
                    open.push((node.id(), Score::default()));
                }
                Node::Text(text) if skip == 0 && links == 0 => {
                    if let Some((_, score)) = open.last_mut() {
                        score.text += text.chars().filter(|c| !c.is_whitespace()).count();
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                let Node::Element(el) = node.value() else {
                    continue;
                };
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                if el.name() == "a" {
                    links = links.saturating_sub(1);
                }
                let Some((id, mut score)) = open.pop() else {
                    continue;
                };
                if el.name() == "table"
                    && !holding.contains(&id)
                    && ElementRef::wrap(node).is_some_and(looks_like_data)
                {
                    score.data_tables += 1;
                }
                if let Some((_, parent)) = open.last_mut() {
                    parent.text += score.text;
                    parent.data_tables += score.data_tables;
                }
                done.insert(id, score);
            }
        }
    }
    done
}

/// A table with at least two rows of two or more cells, and numbers in at
/// least two cells: what a statistics table looks like before anyone knows
/// its template.
fn looks_like_data(table: ElementRef<'_>) -> bool {
    let mut wide_rows = 0;
    let mut number_cells = 0;
    for tr in table
        .descendent_elements()
        .filter(|e| e.value().name() == "tr")
    {
        let cells: Vec<ElementRef<'_>> = tr
            .child_elements()
            .filter(|c| matches!(c.value().name(), "td" | "th"))
            .collect();
        if cells.len() >= 2 {
            wide_rows += 1;
        }
        number_cells += cells
            .iter()
            .filter(|c| element_text(**c).0.chars().any(|ch| ch.is_ascii_digit()))
            .count();
        if wide_rows >= 2 && number_cells >= 2 {
            return true;
        }
    }
    false
}

/// `body > div#main > div.content`: where an element sits, for people.
fn path_of(el: ElementRef<'_>) -> String {
    let mut parts: Vec<String> = std::iter::once(el)
        .chain(el.ancestors().filter_map(ElementRef::wrap))
        .take_while(|e| e.value().name() != "html")
        .map(|e| {
            let v = e.value();
            let mut part = v.name().to_owned();
            if let Some(id) = v.id() {
                part.push('#');
                part.push_str(id);
            } else if let Some(class) = v.classes().next() {
                part.push('.');
                part.push_str(class);
            }
            part
        })
        .collect();
    parts.reverse();
    parts.join(" > ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root_of(html: &str) -> String {
        let doc = Html::parse_document(html);
        let root = find(&doc);
        format!("{} | {}", root.how, path_of(root.element))
    }

    const PROSE: &str =
        "2018年，我区认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息2069条。";

    #[test]
    fn cms_selector_wins() {
        let html = format!(
            "<body><div class=nav><a href=/>首页</a></div><div class=TRS_Editor><p>{}</p></div></body>",
            PROSE.repeat(5)
        );
        assert!(root_of(&html).starts_with("selector .TRS_Editor"));
    }

    #[test]
    fn density_finds_an_unknown_container() {
        let html = format!(
            "<body><div class=top><a href=/>首页</a><a href=/b>政务公开</a></div>\
             <div id=wrap><div class=left><ul><li><a href=/x>年报</a></li></ul></div>\
             <div class=main><h1>某局2018年度政府信息公开工作年度报告</h1>\
             <div class=info>发布时间：2019-01-10</div>\
             <div class=text><p>{p}</p><p>{p}</p><p>{p}</p></div></div></div>\
             <div class=bottom>主办单位：某局 地址：某路1号</div></body>",
            p = PROSE
        );
        assert_eq!(
            root_of(&html),
            "text density: body > div#wrap > div.main > div.text | body > div#wrap > div.main > div.text"
        );
    }

    #[test]
    fn density_keeps_the_table_with_its_narrative() {
        let html = format!(
            "<body><div class=c><div class=prose><p>{}</p></div>\
             <div class=t><table><tr><td>指标</td><td>数量</td></tr><tr><td>主动公开</td><td>12</td></tr>\
             <tr><td>依申请</td><td>3</td></tr></table></div></div></body>",
            PROSE.repeat(8)
        );
        assert!(root_of(&html).starts_with("text density: body > div.c |"));
    }
}
