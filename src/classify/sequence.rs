//! National tables whose row breaks were lost: pipe text (one cell after
//! another), one cell per line (blank cells dropped) and glued text (cells run
//! together: `规章000规范性文件898989`). Text extraction hands such a table
//! over as a single row of cells; this module rebuilds it in the layout of the
//! national form, so that it is read like the same table in HTML, with the
//! same row and column numbers.
//!
//! Labels are told from values by their text and split at their numbering
//! (`（三）不予公开1.属于国家秘密` is two labels); the header is matched against
//! the form's known header; rows follow from the labels' numbering. A row whose
//! values do not fill its columns one by one (blank cells dropped, digits
//! glued) keeps its values as found, for [`super::align`] to settle or leave
//! unsettled.
//!
//! This module rebuilds layout only: it must not map labels to indicators
//! beyond telling a table's rows and columns apart, nor read values.

use std::sync::LazyLock;

use regex::Regex;

use super::align::Token;
use super::national::{FMT_ERAS, RowTokens, item_block};
use super::structure::{is_value_text, numbering_level};
use crate::model::{Cell, Grid};
use crate::taxonomy::{Lookup, Taxonomy};
use crate::text::{clean, fold_traditional, label_key, tidy};

/// The header cells of table 三 in the order the form lays them out; each
/// entry lists the ways it is written. The first (申请人情况) may be missing.
const APPLICATIONS_HEADER: &[&[&str]] = &[
    &["申请人情况"],
    &["自然人"],
    &["法人或其他组织"],
    &["总计", "合计"],
    &["商业企业"],
    &["科研机构"],
    &["社会公益组织"],
    &["法律服务机构"],
    &["其他"],
];

/// The header cells of table 四 in the order the form lays them out.
const APPEALS_HEADER: &[&str] = &[
    "行政复议",
    "行政诉讼",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "总计",
    "未经复议直接起诉",
    "复议后起诉",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "总计",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "总计",
];

/// A piece of a table's text.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Label(String),
    /// One cell's value (a number, 无, a dash, or blank).
    Value(String),
    /// Digits of several cells run together.
    Run(String),
}

impl Piece {
    fn token(&self) -> Option<Token> {
        match self {
            Piece::Value(t) => Some(Token {
                text: t.clone(),
                glued: false,
            }),
            Piece::Run(t) => Some(Token {
                text: t.clone(),
                glued: true,
            }),
            Piece::Label(_) => None,
        }
    }
}

/// A national table rebuilt from a one-row grid of cells, with the rows
/// whose columns are lost; `None` when the cells do not open a national table.
pub fn rebuild(grid: &Grid, taxonomy: &Taxonomy) -> Option<(Grid, RowTokens)> {
    if grid.n_rows() != 1 {
        return None;
    }
    let cells: Vec<String> = (0..grid.n_cols())
        .filter(|&c| grid.is_origin(0, c))
        .map(|c| grid.text(0, c).to_owned())
        .collect();
    let pieces = pieces(&cells);
    let first = pieces.iter().find_map(|p| match p {
        Piece::Label(l) => Some(l.clone()),
        _ => None,
    })?;
    let mut built = if item_block(&first) || label_key(&first).starts_with("信息内容") {
        proactive(&pieces, taxonomy)?
    } else if let Some(b) = applications(&pieces, taxonomy) {
        b
    } else {
        appeals(&pieces)?
    };
    built.0.table_no = grid.table_no;
    built.0.caption.clone_from(&grid.caption);
    built.0.problems.clone_from(&grid.problems);
    Some(built)
}

/// Cells → labels, values and glued runs.
fn pieces(cells: &[String]) -> Vec<Piece> {
    let mut out = Vec::new();
    for cell in cells {
        let t = tidy(cell);
        if t.is_empty() || is_value_text(&t) {
            out.push(Piece::Value(t));
        } else if is_run(&t) {
            out.push(Piece::Run(t));
        } else {
            out.extend(glued_pieces(&t));
        }
    }
    out
}

/// Digits, spaces, decimal points and 无 only, but not one value:
/// `230 000023`, `2无00002`.
fn is_run(text: &str) -> bool {
    let t = clean(text);
    t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || is_none_word(c) || matches!(c, ' ' | '.' | '-'))
}

fn is_none_word(c: char) -> bool {
    matches!(c, '无' | '無')
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Split text in which labels and digits run together into labels and runs
/// of digits: `（三）不予公开1.属于国家秘密0000000` → `（三）不予公开`,
/// `1.属于国家秘密`, `0000000`. A digit followed by `.` or `、` and a
/// non-digit numbers the next label; digits in brackets belong to the label.
fn glued_pieces(text: &str) -> Vec<Piece> {
    let chars: Vec<char> = text.chars().collect();
    let digit_at = |i: usize| chars.get(i).is_some_and(|c| is_digit(*c));
    let mut out = Vec::new();
    let mut label = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let negative = matches!(c, '-' | '－') && digit_at(i + 1);
        // `无` before digits is a cell that says none: `…数量无00000`.
        let none_first = is_none_word(c) && digit_at(i + 1);
        if !is_digit(c) && !negative && !none_first {
            label.push(c);
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < chars.len() {
            let c = chars[i];
            let continues = is_digit(c)
                || is_none_word(c)
                || (matches!(c, '.' | '．' | ',' | '，') && digit_at(i + 1))
                || (c == ' ' && (digit_at(i + 1) || chars.get(i + 1) == Some(&'-')))
                || (matches!(c, '-' | '－') && digit_at(i + 1) && chars[i - 1] == ' ');
            if !continues {
                break;
            }
            i += 1;
        }
        // `（1）`: a number in brackets is part of the label.
        let bracketed = start > 0
            && matches!(chars[start - 1], '（' | '(')
            && chars.get(i).is_some_and(|c| matches!(c, '）' | ')'));
        if bracketed {
            label.extend(&chars[start..i]);
            continue;
        }
        // `…00000002.其他法律…`: the last digit numbers the next label.
        let numbering = chars.get(i).is_some_and(|c| matches!(c, '.' | '．' | '、'))
            && chars.get(i + 1).is_some_and(|c| !is_digit(*c));
        let end = if numbering { i - 1 } else { i };
        let mut run: String = chars[start..end]
            .iter()
            .collect::<String>()
            .trim()
            .to_owned();
        if !run.is_empty() {
            if !numbering {
                let rest: String = chars[i..].iter().take(2).collect();
                if let Some(unit) = ["万元", "元"].into_iter().find(|u| rest.starts_with(u)) {
                    run.push_str(unit);
                    i += unit.chars().count();
                }
            }
            push_labels(&mut out, &label);
            label.clear();
            out.push(Piece::Run(run));
        }
        if numbering {
            label.push(chars[end]);
        }
    }
    push_labels(&mut out, &label);
    out
}

/// Split text holding several labels at their numbering marks:
/// `三、本年度办理结果（一）予以公开` → two labels. `第二十条第（一）项` is one.
fn push_labels(out: &mut Vec<Piece>, text: &str) {
    static MARK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[.．、]|[（(]\d{1,2}[)）]",
        )
        .expect("static regex")
    });
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    let mut cuts = vec![0];
    for m in MARK.find_iter(text) {
        let before = text[..m.start()].chars().last();
        let numeral_before = before.is_some_and(|c| "一二三四五六七八九十第".contains(c));
        if m.start() > 0
            && !numeral_before
            && !(m.as_str().ends_with('、') && before.is_some_and(|c| c.is_ascii_digit()))
        {
            cuts.push(m.start());
        }
    }
    cuts.push(text.len());
    for w in cuts.windows(2) {
        let part = text[w[0]..w[1]].trim();
        if !part.is_empty() {
            out.push(Piece::Label(part.to_owned()));
        }
    }
}

/// Builds a grid cell by cell, spans included.
struct Builder {
    width: usize,
    rows: Vec<Vec<Option<Cell>>>,
}

impl Builder {
    fn new(width: usize) -> Builder {
        Builder {
            width,
            rows: Vec::new(),
        }
    }

    fn put(&mut self, row: usize, col: usize, text: &str, rowspan: usize, colspan: usize) {
        if col >= self.width {
            return;
        }
        let colspan = colspan.clamp(1, self.width.saturating_sub(col).max(1));
        while self.rows.len() < row + rowspan {
            self.rows.push(vec![None; self.width]);
        }
        for r in row..row + rowspan {
            for c in col..col + colspan {
                self.rows[r][c] = Some(Cell::in_span((row, col), (r, c), text, (rowspan, colspan)));
            }
        }
    }

    fn next_row(&self) -> usize {
        self.rows.len()
    }

    /// Values laid out over `layout` (start column, span) when they fill it
    /// one by one; otherwise one cell spanning them all, the values as found
    /// kept in `tokens`.
    fn values(
        &mut self,
        row: usize,
        layout: &[(usize, usize)],
        values: &[Piece],
        tokens: &mut RowTokens,
    ) {
        let atomic: Vec<&str> = values
            .iter()
            .filter_map(|p| match p {
                Piece::Value(v) => Some(v.as_str()),
                _ => None,
            })
            .collect();
        if atomic.len() == values.len() && atomic.len() == layout.len() {
            for (&(col, span), text) in layout.iter().zip(atomic) {
                self.put(row, col, text, 1, span);
            }
            return;
        }
        let Some(&(first, _)) = layout.first() else {
            return;
        };
        let found: Vec<Token> = values.iter().filter_map(Piece::token).collect();
        let shown: Vec<&str> = found.iter().map(|t| t.text.as_str()).collect();
        self.put(row, first, &shown.join(" | "), 1, self.width - first);
        tokens.insert(row, found);
    }

    fn finish(self) -> Grid {
        Grid {
            table_no: 0,
            rows: self
                .rows
                .into_iter()
                .map(|r| {
                    r.into_iter()
                        .map(|c| c.unwrap_or_else(|| Cell::text("")))
                        .collect()
                })
                .collect(),
            caption: None,
            problems: Vec::new(),
        }
    }
}

/// Match `expected` header cells (each written one of several ways) against
/// the start of `text`, ignoring spaces and Traditional characters. Returns
/// the cells as written and the text after them. With `optional_first`, the
/// first cell may be missing (an empty cell stands in for it).
fn match_header<'t>(
    text: &'t str,
    expected: &[&[&str]],
    optional_first: bool,
) -> Option<(Vec<String>, &'t str)> {
    let mut rest = text;
    let mut cells = Vec::new();
    for (i, ways) in expected.iter().enumerate() {
        let trimmed = rest.trim_start();
        let hit = ways.iter().find_map(|w| strip_folded(trimmed, w));
        match hit {
            Some((cell, after)) => {
                cells.push(cell.to_owned());
                rest = after;
            }
            None if i == 0 && optional_first => cells.push(String::new()),
            None => return None,
        }
    }
    Some((cells, rest))
}

/// `text` without a leading `word` (compared folded, spaces ignored): the
/// word as written and the rest.
fn strip_folded<'t>(text: &'t str, word: &str) -> Option<(&'t str, &'t str)> {
    let want: Vec<char> = fold_traditional(&clean(word))
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut matched = 0;
    for (i, c) in text.char_indices() {
        if matched == want.len() {
            return Some((&text[..i], &text[i..]));
        }
        if c.is_whitespace() {
            continue;
        }
        let folded = fold_traditional(&clean(&c.to_string()));
        if !folded.starts_with(want[matched]) {
            return None;
        }
        matched += 1;
    }
    (matched == want.len()).then_some((text, ""))
}

/// The leading labels of a table and the pieces after them.
fn leading_labels(pieces: &[Piece]) -> (Vec<String>, &[Piece]) {
    let n = pieces
        .iter()
        .position(|p| !matches!(p, Piece::Label(l) if numbering_level(l) == 0))
        .unwrap_or(pieces.len());
    let labels = pieces[..n]
        .iter()
        .filter_map(|p| match p {
            Piece::Label(l) => Some(l.clone()),
            _ => None,
        })
        .collect();
    (labels, &pieces[n..])
}

/// A `（…）` note opening the text, and the rest.
fn split_note(text: &str) -> (String, &str) {
    let t = text.trim_start();
    if !t.starts_with(['（', '(']) {
        return (String::new(), t);
    }
    match t.find(['）', ')']) {
        Some(i) => {
            let close = t[i..].chars().next().map_or(1, char::len_utf8);
            (t[..i + close].to_owned(), &t[i + close..])
        }
        None => (String::new(), t),
    }
}

/// Rows of labels and their values: a label that does not nest under the
/// previous one (by numbering) starts a new row even when no value came in
/// between (its blank cells were dropped).
fn data_rows(pieces: &[Piece]) -> Vec<(Vec<String>, Vec<Piece>)> {
    let mut rows: Vec<(Vec<String>, Vec<Piece>)> = Vec::new();
    for p in pieces {
        match p {
            Piece::Label(l) => {
                let nests = rows.last().is_some_and(|(labels, values)| {
                    values.is_empty()
                        && labels.last().is_some_and(|prev| {
                            let (a, b) = (numbering_level(prev), numbering_level(l));
                            a > 0 && b > a
                        })
                });
                match rows.last_mut() {
                    Some((labels, _)) if nests => labels.push(l.clone()),
                    _ => rows.push((vec![l.clone()], Vec::new())),
                }
            }
            value => match rows.last_mut() {
                Some((_, values)) => values.push(value.clone()),
                None => rows.push((Vec::new(), vec![value.clone()])),
            },
        }
    }
    rows
}

/// Table 三 in the form's layout: three label columns, seven applicant columns.
fn applications(pieces: &[Piece], taxonomy: &Taxonomy) -> Option<(Grid, RowTokens)> {
    let (labels, rest) = leading_labels(pieces);
    let header_text = labels.concat();
    let (note, after_note) = split_note(&header_text);
    let (cells, left) = match_header(after_note, APPLICATIONS_HEADER, true)?;
    if !left.trim().is_empty() {
        return None;
    }
    let mut b = Builder::new(10);
    b.put(0, 0, &note, 3, 3);
    b.put(0, 3, &cells[0], 1, 7);
    b.put(1, 3, &cells[1], 2, 1);
    b.put(1, 4, &cells[2], 1, 5);
    b.put(1, 9, &cells[3], 2, 1);
    for (i, cell) in cells[4..].iter().enumerate() {
        b.put(2, 4 + i, cell, 1, 1);
    }
    let layout: Vec<(usize, usize)> = (3..10).map(|c| (c, 1)).collect();
    let mut tokens = RowTokens::new();
    let rows = data_rows(rest);
    let n_rows = rows.len();
    for (i, (labels, values)) in rows.into_iter().enumerate() {
        // A label with nothing after it ends the text: keep it only when it is
        // a row of the table (its blank cells dropped), not a trailing heading.
        if values.is_empty() && (i + 1 == n_rows) && !known_row(taxonomy, &labels) {
            continue;
        }
        let row = b.next_row();
        place_labels(&mut b, row, &labels, 3);
        b.values(row, &layout, &values, &mut tokens);
        if b.next_row() == row {
            b.put(row, 3, "", 1, 1);
        }
    }
    Some((b.finish(), tokens))
}

fn known_row(taxonomy: &Taxonomy, labels: &[String]) -> bool {
    matches!(
        taxonomy.lookup_path(&FMT_ERAS, &["application"], labels),
        Lookup::Found(_)
    )
}

/// Labels of one row in the stub columns by their numbering: `一、` in the
/// first, `（一）` in the second, `1.` in the third, each spanning right to the
/// next label or the values.
fn place_labels(b: &mut Builder, row: usize, labels: &[String], stub: usize) {
    let mut placed: Vec<(usize, &str)> = Vec::new();
    for (i, l) in labels.iter().enumerate() {
        let col = match numbering_level(l) {
            0 if i == 0 => 0,
            0 => stub - 1,
            level => (level as usize - 1).min(stub - 1),
        };
        if placed.last().is_none_or(|(c, _)| col > *c) {
            placed.push((col, l));
        }
    }
    for (i, (col, label)) in placed.iter().enumerate() {
        let end = placed.get(i + 1).map_or(stub, |(c, _)| *c);
        b.put(row, *col, label, 1, end - col);
    }
}

/// Table 四 in the form's layout: fifteen result columns under two header rows.
fn appeals(pieces: &[Piece]) -> Option<(Grid, RowTokens)> {
    let (labels, rest) = leading_labels(pieces);
    let expected: Vec<&[&str]> = APPEALS_HEADER.iter().map(std::slice::from_ref).collect();
    let header_text = labels.concat();
    let (cells, left) = match_header(&header_text, &expected, false)?;
    if !left.trim().is_empty() {
        return None;
    }
    let mut b = Builder::new(15);
    b.put(0, 0, &cells[0], 1, 5);
    b.put(0, 5, &cells[1], 1, 10);
    for (i, cell) in cells[2..7].iter().enumerate() {
        b.put(1, i, cell, 2, 1);
    }
    b.put(1, 5, &cells[7], 1, 5);
    b.put(1, 10, &cells[8], 1, 5);
    for (i, cell) in cells[9..].iter().enumerate() {
        b.put(2, 5 + i, cell, 1, 1);
    }
    let values: Vec<Piece> = rest
        .iter()
        .take_while(|p| !matches!(p, Piece::Label(_)))
        .cloned()
        .collect();
    let layout: Vec<(usize, usize)> = (0..15).map(|c| (c, 1)).collect();
    let mut tokens = RowTokens::new();
    b.values(3, &layout, &values, &mut tokens);
    Some((b.finish(), tokens))
}

/// One block of table 二: its item header (`第二十条第（一）项`, empty when the
/// table opens with `信息内容`), its column headers, and its rows of label
/// and values.
type ProactiveBlock = (String, Vec<String>, Vec<(String, Vec<Piece>)>);

/// Table 二 in the form's layout: a label column and as many value columns as
/// its widest block, each block a `第二十条` row, a `信息内容` header row and its
/// item rows.
fn proactive(pieces: &[Piece], taxonomy: &Taxonomy) -> Option<(Grid, RowTokens)> {
    let blocks = proactive_blocks(pieces, taxonomy);
    // Without one column the form has, this is some other table.
    if blocks.iter().all(|b| b.1.is_empty()) {
        return None;
    }
    Some(proactive_grid(blocks))
}

/// The blocks of table 二, read from its pieces in order.
fn proactive_blocks(pieces: &[Piece], taxonomy: &Taxonomy) -> Vec<ProactiveBlock> {
    static ITEM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^第二十条第[（(][一二三四五六七八九十]+[)）]项").expect("static regex")
    });
    let vocabulary = column_vocabulary(taxonomy);
    let mut blocks: Vec<ProactiveBlock> = Vec::new();
    let mut want_header = false;
    for p in pieces {
        match p {
            Piece::Label(l) => {
                let mut text = l.as_str();
                let folded = fold_traditional(&text.replace(' ', ""));
                if let Some(m) = ITEM.find(&folded) {
                    let head: String = text.chars().take(m.as_str().chars().count()).collect();
                    text = &text[head.len()..];
                    blocks.push((head, Vec::new(), Vec::new()));
                    want_header = false;
                }
                let mut text = text.trim();
                if let Some((_, after)) = strip_folded(text, "信息内容") {
                    if blocks.is_empty() {
                        blocks.push((String::new(), Vec::new(), Vec::new()));
                    }
                    want_header = true;
                    text = after.trim();
                }
                let Some(block) = blocks.last_mut() else {
                    continue;
                };
                while want_header && !text.is_empty() {
                    match vocabulary.iter().find_map(|w| strip_folded(text, w)) {
                        Some((head, after)) => {
                            block.1.push(head.to_owned());
                            text = after.trim();
                        }
                        None => break,
                    }
                }
                if !text.is_empty() {
                    want_header = false;
                    block.2.push((text.to_owned(), Vec::new()));
                }
            }
            value => {
                want_header = false;
                if let Some(row) = blocks.last_mut().and_then(|b| b.2.last_mut()) {
                    row.1.push(value.clone());
                }
            }
        }
    }
    blocks
}

/// Lay the blocks of table 二 out as one grid as wide as its widest block.
fn proactive_grid(blocks: Vec<ProactiveBlock>) -> (Grid, RowTokens) {
    let width = 1 + blocks.iter().map(|b| b.1.len()).max().unwrap_or(1).max(1);
    let mut b = Builder::new(width);
    let mut tokens = RowTokens::new();
    for (item, headers, rows) in blocks {
        if !item.is_empty() {
            let r = b.next_row();
            b.put(r, 0, &item, 1, width);
        }
        let layout = header_layout(headers.len(), width);
        if !headers.is_empty() {
            let r = b.next_row();
            b.put(r, 0, "信息内容", 1, 1);
            for ((col, span), head) in layout.iter().zip(&headers) {
                b.put(r, *col, head, 1, *span);
            }
        }
        let layout = if layout.is_empty() {
            vec![(1, width - 1)]
        } else {
            layout
        };
        for (label, values) in rows {
            let r = b.next_row();
            b.put(r, 0, &label, 1, 1);
            b.values(r, &layout, &values, &mut tokens);
        }
    }
    (b.finish(), tokens)
}

/// (column, span) of each of a block's `headers` column headers: one column
/// each, the last spanning the rest of the `width`.
fn header_layout(headers: usize, width: usize) -> Vec<(usize, usize)> {
    (0..headers)
        .map(|i| {
            let span = if i + 1 == headers { width - 1 - i } else { 1 };
            (1 + i, span)
        })
        .collect()
}

/// The column headers table 二 is known by, longest first.
fn column_vocabulary(taxonomy: &Taxonomy) -> Vec<String> {
    let mut words: Vec<String> = taxonomy
        .indicators()
        .iter()
        .filter(|i| i.section.as_deref() == Some("proactive") && i.in_eras(&FMT_ERAS))
        .flat_map(|i| i.columns.iter().cloned())
        .collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    words.dedup();
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<Piece> {
        glued_pieces(text)
    }

    #[test]
    fn glued_text_splits_into_labels_and_runs() {
        use Piece::*;
        assert_eq!(
            labels("（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开0000000"),
            [
                Label("（三）不予公开".into()),
                Label("1.属于国家秘密".into()),
                Run("0000000".into()),
                Label("2.其他法律行政法规禁止公开".into()),
                Run("0000000".into()),
            ]
        );
        assert_eq!(
            labels("三、本年度办理结果（一）予以公开7000007"),
            [
                Label("三、本年度办理结果".into()),
                Label("（一）予以公开".into()),
                Run("7000007".into()),
            ]
        );
        assert_eq!(
            labels("政府集中采购13575394432.52元三、收到"),
            [
                Label("政府集中采购".into()),
                Run("13575394432.52元".into()),
                Label("三、收到".into()),
            ]
        );
        assert_eq!(
            labels("一、本年新收政府信息公开申请数量230 000023二、上年"),
            [
                Label("一、本年新收政府信息公开申请数量".into()),
                Run("230 000023".into()),
                Label("二、上年".into()),
            ]
        );
        assert_eq!(
            labels("第二十条第（一）项信息内容"),
            [Label("第二十条第（一）项信息内容".into())]
        );
    }

    #[test]
    fn headers_match_folded_and_split_across_cells() {
        let (cells, rest) = match_header(
            "申請人情況自然人法人或其他組織總計商業企業科研機構社會公益組織法律服務機構其他",
            APPLICATIONS_HEADER,
            true,
        )
        .unwrap();
        assert_eq!(cells[0], "申請人情況");
        assert_eq!(cells[3], "總計");
        assert_eq!(rest, "");
        assert!(
            match_header(
                "自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他",
                APPLICATIONS_HEADER,
                true
            )
            .is_some()
        );
    }

    #[test]
    fn a_dropped_blank_in_table_two_is_not_guessed() {
        // One cell per line: 行政许可's 本年增/减 was blank and is gone.
        let cells = [
            "第二十条第（五）项",
            "信息内容",
            "上一年项目数量",
            "本年增/减",
            "处理决定数量",
            "行政许可",
            "396",
            "181",
            "行政处罚",
            "26",
            "0",
            "43",
        ];
        let grid = Grid::from_texts(2, vec![cells.iter().map(|c| c.to_string()).collect()]);
        let tax = Taxonomy::builtin();
        let (rebuilt, tokens) = rebuild(&grid, tax).unwrap();
        let table = super::super::national::read_with(&rebuilt, &tokens, tax).unwrap();
        let found: Vec<(Option<&str>, bool, &str)> = table
            .values
            .iter()
            .map(|v| (v.indicator.as_deref(), v.unaligned, v.raw.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (Some("proactive.licensing.items_prev"), true, "396 | 181"),
                (Some("proactive.licensing.items_change"), true, "396 | 181"),
                (Some("proactive.licensing.decisions"), true, "396 | 181"),
                (Some("proactive.penalties.items_prev"), false, "26"),
                (Some("proactive.penalties.items_change"), false, "0"),
                (Some("proactive.penalties.decisions"), false, "43"),
            ]
        );
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        /// Openings of the three tables, so that most cases reach them.
        const HEADERS: &[&str] = &[
            "第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数",
            "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他",
            "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计",
        ];

        const PIECES: &[&str] = &[
            "第二十条第（一）项",
            "信息内容",
            "本年制发件数",
            "规章",
            "（本列数据的勾稽关系）",
            "申请人情况",
            "自然人",
            "法人或其他组织",
            "总计",
            "商业企业",
            "其他",
            "一、",
            "（三）",
            "1.",
            "不予公开",
            "行政复议",
            "行政诉讼",
            "结果维持",
            "0",
            "7",
            "23",
            "-",
            "无",
            ".",
            " ",
            "元",
            "、",
            "（",
            "）",
        ];

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]

            /// Whatever a scraper glues together, rebuilding and reading a
            /// table never panics, and a settled value is text that was there.
            #[test]
            fn glued_tables_never_panic(
                head in 0..HEADERS.len(),
                parts in proptest::collection::vec(0..PIECES.len(), 0..60),
                split in any::<bool>(),
            ) {
                let mut cells: Vec<String> = vec![HEADERS[head].to_owned()];
                cells.extend(parts.iter().map(|&i| PIECES[i].to_owned()));
                let text: String = cells.concat();
                let cells = if split { cells } else { vec![text.clone()] };
                let grid = Grid::from_texts(1, vec![cells]);
                let tax = Taxonomy::builtin();
                let table = rebuild(&grid, tax).and_then(|(rebuilt, tokens)| {
                    super::super::super::national::read_with(&rebuilt, &tokens, tax)
                });
                for v in table.iter().flat_map(|t| &t.values).filter(|v| !v.unaligned) {
                    prop_assert!(text.replace(' ', "").contains(&v.raw.replace(' ', "")));
                }
            }
        }
    }
}
