//! Tables in scraped text: pipe text (each cell followed by a line holding only
//! `|`, or a cell's line ending in ` |`) and markdown-like `| a | b |` rows.
//!
//! Pipe text carries no row breaks, so a table's width comes from its header
//! row (`指标 | 单位 | 数量`, or four columns with `历年累计`) and cells are dealt
//! into rows of that width. Text that is not in a table becomes paragraphs.
//! Page chrome that happens to end in `|` (`您好,今天是: |`) is not a table.
//!
//! This module builds grids only: it must not decide what a row means.

use crate::model::{Grid, InputForm};
use crate::normalize::clean;
use crate::taxonomy::{ColumnRole, column_role};

/// A table found in text, with the form it was written in.
#[derive(Debug, Clone)]
pub struct TextTable {
    pub grid: Grid,
    pub form: InputForm,
}

/// Tables and the remaining text of a plain-text document.
#[derive(Debug, Clone, Default)]
pub struct TextLayout {
    pub tables: Vec<TextTable>,
    pub paragraphs: Vec<String>,
}

/// One line of input, read as a pipe cell, a markdown row, or plain text.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Cell(String),
    Row(Vec<String>),
    Text(String),
}

/// Find the tables of a text document; `first_table_no` numbers them.
pub fn read(text: &str, first_table_no: u32) -> TextLayout {
    let tokens = tokenize(text);
    let mut layout = TextLayout::default();
    let mut i = 0;
    while i < tokens.len() {
        let table_no = first_table_no + layout.tables.len() as u32;
        let caption = last_text(&tokens[..i]);
        if let Some((grid, next)) =
            markdown_table(&tokens, i, table_no).or_else(|| pipe_table(&tokens, i, table_no))
        {
            let form = if matches!(tokens[i], Token::Row(_)) {
                InputForm::MarkdownPipe
            } else {
                InputForm::PipeText
            };
            layout.tables.push(TextTable {
                grid: Grid { caption, ..grid },
                form,
            });
            i = next;
            continue;
        }
        // Cells and rows outside any table are text (a title line ending in
        // ` |`, page chrome), not data.
        match &tokens[i] {
            Token::Text(line) | Token::Cell(line) if !line.is_empty() => {
                layout.paragraphs.push(line.clone())
            }
            Token::Row(cells) if !cells.is_empty() => layout.paragraphs.push(cells.join(" | ")),
            _ => {}
        }
        i += 1;
    }
    layout
}

fn last_text(tokens: &[Token]) -> Option<String> {
    match tokens.last()? {
        Token::Text(t) => Some(t.clone()),
        _ => None,
    }
}

/// Split lines into tokens. A line that is only `|` closes a cell whose text is
/// the line before it (empty if that line closed a cell too); a line ending in
/// `|` is a cell on its own; a line starting and ending with `|` that holds
/// further pipes is a markdown row.
fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut pending: Option<String> = None;
    for line in text.lines() {
        let line = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if line == "|" {
            tokens.push(Token::Cell(pending.take().unwrap_or_default()));
            continue;
        }
        if let Some(p) = pending.take() {
            tokens.push(Token::Text(p));
        }
        if let Some(cells) = markdown_cells(line) {
            tokens.push(Token::Row(cells));
        } else if let Some(cell) = line.strip_suffix('|') {
            tokens.push(Token::Cell(cell.trim().to_owned()));
        } else if !line.is_empty() {
            pending = Some(line.to_owned());
        }
    }
    if let Some(p) = pending {
        tokens.push(Token::Text(p));
    }
    tokens
}

/// `| a | b | c |` → `["a", "b", "c"]`; separator rows (`|---|:--|`) → empty.
fn markdown_cells(line: &str) -> Option<Vec<String>> {
    let inner = line.strip_prefix('|')?.strip_suffix('|')?;
    if !inner.contains('|') {
        return None;
    }
    let cells: Vec<String> = inner.split('|').map(|c| c.trim().to_owned()).collect();
    if cells
        .iter()
        .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':')))
    {
        return Some(Vec::new());
    }
    Some(cells)
}

fn markdown_table(tokens: &[Token], start: usize, table_no: u32) -> Option<(Grid, usize)> {
    let mut rows = Vec::new();
    let mut i = start;
    while let Some(Token::Row(cells)) = tokens.get(i) {
        if !cells.is_empty() {
            rows.push(cells.clone());
        }
        i += 1;
    }
    (rows.len() >= 2).then(|| (Grid::from_texts(table_no, rows), i))
}

/// The width of a statistics table whose header row starts at `start`: a label
/// header, a unit header, then one or more value headers.
fn header_width(tokens: &[Token], start: usize) -> Option<usize> {
    let role = |i: usize| match tokens.get(i) {
        Some(Token::Cell(t)) => column_role(t),
        _ => None,
    };
    if role(start) != Some(ColumnRole::Label) || role(start + 1) != Some(ColumnRole::Unit) {
        return None;
    }
    let values = (start + 2..)
        .map_while(|i| role(i).filter(|r| matches!(r, ColumnRole::Value { .. })))
        .count();
    (values > 0).then_some(2 + values)
}

/// A pipe-text table starting at `start`: a header row, then cells dealt into
/// rows of the header's width until the run of cells ends.
fn pipe_table(tokens: &[Token], start: usize, table_no: u32) -> Option<(Grid, usize)> {
    let width = header_width(tokens, start)?;
    let mut cells = Vec::new();
    let mut i = start;
    while let Some(Token::Cell(text)) = tokens.get(i) {
        cells.push(text.clone());
        i += 1;
    }
    let mut rows: Vec<Vec<String>> = cells.chunks(width).map(<[String]>::to_vec).collect();
    let mut problems = Vec::new();
    if let Some(bad) = rows.iter().skip(1).position(|row| misaligned(row)) {
        let row_no = bad + 2;
        problems.push(format!(
            "table {table_no} loses alignment at row {row_no} (a label or unit cell holds a number): rows from there are not read"
        ));
        rows.truncate(row_no - 1);
    } else if let Some(last) = rows.last() {
        if last.iter().all(|c| clean(c).is_empty()) {
            rows.pop();
        } else if last.len() < width {
            problems.push(format!(
                "table {table_no} is cut off mid-row: row {} has {} of {width} cells",
                rows.len(),
                last.len()
            ));
        }
    }
    let mut grid = Grid::from_texts(table_no, rows);
    grid.problems = problems;
    Some((grid, i))
}

/// In a `指标 | 单位 | 数量` table the label is never a bare number and the unit
/// is a short word; when either fails, cells have shifted between rows.
fn misaligned(row: &[String]) -> bool {
    let label = clean(&row[0]);
    let unit = row.get(1).map(|u| clean(u)).unwrap_or_default();
    let is_number = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.');
    is_number(&label) || is_number(&unit) || unit.chars().count() > 6
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pipe(cells: &[&str]) -> String {
        cells.iter().map(|c| format!("{c}\n|\n")).collect()
    }

    #[test]
    fn seed_form_with_chrome_and_trailing_blanks() {
        let text = format!(
            "您好,今天是: |\n报告正文。\n附件一:\n明细表\n{}|\n|\n|\n",
            pipe(&[
                "指 标",
                "单位",
                "数量",
                "(一)主动公开政府信息数",
                "条",
                "1860",
                "1.政府公报公开政府信息数",
                "条",
                ""
            ])
        );
        let layout = read(&text, 1);
        assert_eq!(layout.tables.len(), 1);
        let t = &layout.tables[0];
        assert_eq!(t.form, InputForm::PipeText);
        assert_eq!(t.grid.n_rows(), 3);
        assert_eq!(t.grid.n_cols(), 3);
        assert_eq!(t.grid.text(1, 2), "1860");
        assert_eq!(t.grid.text(2, 2), "");
        assert_eq!(t.grid.caption.as_deref(), Some("明细表"));
        assert!(t.grid.problems.is_empty());
        assert_eq!(
            layout.paragraphs,
            ["您好,今天是:", "报告正文。", "附件一:", "明细表"]
        );
    }

    #[test]
    fn suffix_variant_and_four_columns() {
        let text = "指标名称 |\n计量单位 |\n2018年度 |\n历年累计 |\n主动公开文件数 |\n条 |\n2069 |\n12106 |\n";
        let layout = read(text, 1);
        let grid = &layout.tables[0].grid;
        assert_eq!((grid.n_rows(), grid.n_cols()), (2, 4));
        assert_eq!(grid.text(1, 3), "12106");
    }

    #[test]
    fn cut_off_mid_row_is_a_problem_not_a_panic() {
        let text = pipe(&["指标", "单位", "数量", "收到申请数", "件"]);
        let grid = &read(&text, 1).tables[0].grid;
        assert_eq!(grid.n_rows(), 2);
        assert_eq!(grid.text(1, 2), "");
        assert!(grid.problems[0].contains("cut off mid-row"));
    }

    #[test]
    fn lost_alignment_stops_the_table() {
        // A dropped unit cell shifts every later cell one column left.
        let text = pipe(&[
            "指标",
            "单位",
            "数量",
            "收到申请数",
            "5",
            "当面申请数",
            "件",
            "3",
        ]);
        let grid = &read(&text, 1).tables[0].grid;
        assert_eq!(grid.n_rows(), 1);
        assert!(grid.problems[0].contains("alignment"));
    }

    #[test]
    fn markdown_rows() {
        let text = "说明\n| 指标 | 单位 | 数量 |\n|---|---|---|\n| 规章 | 件 | 5 |\n后记";
        let layout = read(text, 3);
        let t = &layout.tables[0];
        assert_eq!(t.form, InputForm::MarkdownPipe);
        assert_eq!(t.grid.table_no, 3);
        assert_eq!(t.grid.text(1, 2), "5");
        assert_eq!(layout.paragraphs, ["说明", "后记"]);
    }
}
