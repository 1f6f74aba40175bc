//! Reading a grid's structure, whatever table it is: which rows are headers,
//! the header path over each column (`申请人情况/法人或其他组织/商业企业`) and
//! the row-label path of each row (`三、本年度办理结果/（三）不予公开/1.属于国家秘密`).
//!
//! Paths are read through row and column spans, and through the empty cells
//! markdown-like tables write for a span (`| 申请人情况 |||`). These helpers are
//! public so that `gongkai inspect` can show what classification sees.
//!
//! This module reads labels as written: it must not map them to indicators
//! (that is the taxonomy) or read values (that is normalization).

use std::ops::Range;

use crate::model::{Cell, Grid, ValueStatus};
use crate::normalize::normalize;
use crate::text::{clean, tidy};

/// What joins the elements of a header or row-label path in `col_label` and
/// `row_label`.
pub const PATH_SEP: &str = "/";

/// A path as it is written into records.
pub fn join_path(path: &[String]) -> String {
    path.join(PATH_SEP)
}

/// The tidied text at (`row`, `col`), read through spans.
pub fn text_at(grid: &Grid, row: usize, col: usize) -> String {
    tidy(grid.text(row, col))
}

/// True when a cell's text is a value rather than a label: a number, 无, a
/// dash, `430余`. Empty text is neither.
pub fn is_value_text(text: &str) -> bool {
    let t = clean(text);
    !t.is_empty() && normalize(&t).status != ValueStatus::Unparsed
}

/// How deep a label's numbering nests it: 1 for `一、`, 2 for `（一）`, 3 for
/// `1.` `1、` `（1）`, 0 for a label with no numbering.
pub fn numbering_level(label: &str) -> u8 {
    let t = clean(label);
    let numeral = |c: char| "一二三四五六七八九十".contains(c);
    let mut chars = t.chars().peekable();
    match chars.peek() {
        Some(&c) if numeral(c) => {
            let rest: String = chars.skip_while(|c| numeral(*c)).take(1).collect();
            if matches!(rest.as_str(), "、" | "." | "．") {
                1
            } else {
                0
            }
        }
        Some('(') => {
            chars.next();
            let inner: String = chars.by_ref().take_while(|c| *c != ')').collect();
            if !inner.is_empty() && inner.chars().all(numeral) {
                2
            } else if !inner.is_empty()
                && inner.len() <= 2
                && inner.chars().all(|c| c.is_ascii_digit())
            {
                3
            } else {
                0
            }
        }
        Some(c) if c.is_ascii_digit() => {
            let rest: String = chars.skip_while(|c| c.is_ascii_digit()).take(2).collect();
            let mut rest = rest.chars();
            let mark = rest.next();
            let next = rest.next();
            // `1.属于` is numbering; `2.5G` and `18651.06` are numbers.
            if matches!(mark, Some('.' | '、' | '．')) && next.is_some_and(|c| !c.is_ascii_digit())
            {
                3
            } else {
                0
            }
        }
        _ => 0,
    }
}

/// How many leading rows of a grid are header rows: rows that hold labels
/// only. The first row that holds a value, holds nothing at all, or opens with
/// a numbered row label (`一、` `（一）`) starts the data.
pub fn header_rows(grid: &Grid) -> usize {
    (0..grid.n_rows())
        .position(|r| {
            let texts: Vec<String> = (0..grid.n_cols())
                .filter(|&c| grid.origin_of(r, c).is_some_and(|(or, _)| or == r))
                .map(|c| text_at(grid, r, c))
                .filter(|t| !t.is_empty())
                .collect();
            texts.is_empty()
                || texts.iter().any(|t| is_value_text(t))
                || texts
                    .first()
                    .is_some_and(|t| matches!(numbering_level(t), 1 | 2))
        })
        .unwrap_or(grid.n_rows())
}

/// A copy of `grid` in which the empty header cells that stand for a span
/// are covered by the header they continue: markdown-like tables write a
/// colspan as empty cells to the right (`| 申请人情况 |||`) and a rowspan as an
/// empty cell below. An empty header cell continues the cell to its left when
/// both columns have the same headers above; otherwise the cell above.
pub fn fill_header_placeholders(grid: &Grid, header_rows: usize) -> Grid {
    let mut out = grid.clone();
    for r in 0..header_rows.min(out.n_rows()) {
        for c in 0..out.n_cols() {
            let empty_origin =
                matches!(&out.rows[r][c], Cell::Origin { text, .. } if tidy(text).is_empty());
            if !empty_origin {
                continue;
            }
            let same_above =
                |g: &Grid| (0..r).all(|rr| g.origin_of(rr, c) == g.origin_of(rr, c - 1));
            let target = if c > 0 && !text_at(&out, r, c - 1).is_empty() && same_above(&out) {
                out.origin_of(r, c - 1)
            } else if r > 0 && !text_at(&out, r - 1, c).is_empty() {
                out.origin_of(r - 1, c)
            } else {
                None
            };
            if let Some((row, col)) = target {
                out.rows[r][c] = Cell::Covered {
                    row: row as u32,
                    col: col as u32,
                };
            }
        }
    }
    out
}

/// The header path over a column: the header cells above it, top to bottom,
/// read through spans; empty cells and repeats of the same cell are left out.
pub fn column_path(grid: &Grid, header_rows: usize, col: usize) -> Vec<String> {
    let mut path: Vec<String> = Vec::new();
    let mut last = None;
    for r in 0..header_rows.min(grid.n_rows()) {
        let origin = grid.origin_of(r, col);
        if origin.is_none() || origin == last {
            continue;
        }
        last = origin;
        let text = text_at(grid, r, col);
        if !text.is_empty() && path.last() != Some(&text) {
            path.push(text);
        }
    }
    path
}

/// The row-label path of each row in `rows`, read from the label (stub)
/// columns `stub`. A row states some labels itself (cells that start in it);
/// the rest it inherits from the rows above, nested by numbering: `（三）`
/// replaces the previous `（二）` and everything below it, `2.` replaces `1.`.
/// This reads rowspans in HTML and the empty stub cells of text tables alike.
pub fn row_paths(grid: &Grid, rows: Range<usize>, stub: Range<usize>) -> Vec<Vec<String>> {
    let mut stack: Vec<(u8, String)> = Vec::new();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let mut seen = Vec::new();
        for c in stub.clone() {
            let Some(origin) = grid.origin_of(r, c) else {
                continue;
            };
            if origin.0 != r || seen.contains(&origin) {
                continue;
            }
            seen.push(origin);
            let label = text_at(grid, r, c);
            if label.is_empty() {
                continue;
            }
            let level = numbering_level(&label);
            while let Some((top, _)) = stack.last() {
                let replaced = if level == 0 {
                    *top == 0
                } else {
                    *top == 0 || *top >= level
                };
                if !replaced {
                    break;
                }
                stack.pop();
            }
            stack.push((level, label));
        }
        out.push(stack.iter().map(|(_, l)| l.clone()).collect());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Grid {
        Grid::from_strs(1, rows)
    }

    #[test]
    fn numbering_levels() {
        for (label, level) in [
            ("三、本年度办理结果", 1),
            ("（三）不予公开", 2),
            ("(七)总计", 2),
            ("1.属于国家秘密", 3),
            ("2、重复申请", 3),
            ("（1）当面申请数", 3),
            ("行政许可", 0),
            ("（本列数据的勾稽关系为：第一项加第二项之和）", 0),
            ("18651.06", 0),
            ("2.5G", 0),
            ("三安全一稳定", 0),
        ] {
            assert_eq!(numbering_level(label), level, "{label}");
        }
    }

    #[test]
    fn markdown_placeholders_become_spans() {
        let g = grid(&[
            &["（本列数据的勾稽关系）", "", "申请人情况", "", ""],
            &["", "", "自然人", "法人或其他组织", "总计"],
            &["", "", "", "商业企业", ""],
            &["一、本年新收政府信息公开申请数量", "", "3", "1", "4"],
        ]);
        assert_eq!(header_rows(&g), 3);
        let g = fill_header_placeholders(&g, 3);
        let paths: Vec<String> = (0..5).map(|c| join_path(&column_path(&g, 3, c))).collect();
        assert_eq!(
            paths,
            [
                "（本列数据的勾稽关系）",
                "（本列数据的勾稽关系）",
                "申请人情况/自然人",
                "申请人情况/法人或其他组织/商业企业",
                "申请人情况/总计",
            ]
        );
    }

    #[test]
    fn row_paths_nest_by_numbering() {
        let g = grid(&[
            &["一、本年新收政府信息公开申请数量", "", "", "1"],
            &["三、本年度办理结果", "（一）予以公开", "", "1"],
            &["", "（三）不予公开", "1.属于国家秘密", "0"],
            &["", "", "2.其他法律行政法规禁止公开", "0"],
            &["", "（七）总计", "", "1"],
            &["四、结转下年度继续办理", "", "", "0"],
        ]);
        let paths: Vec<String> = row_paths(&g, 0..6, 0..3)
            .iter()
            .map(|p| join_path(p))
            .collect();
        assert_eq!(
            paths,
            [
                "一、本年新收政府信息公开申请数量",
                "三、本年度办理结果/（一）予以公开",
                "三、本年度办理结果/（三）不予公开/1.属于国家秘密",
                "三、本年度办理结果/（三）不予公开/2.其他法律行政法规禁止公开",
                "三、本年度办理结果/（七）总计",
                "四、结转下年度继续办理",
            ]
        );
    }
}
