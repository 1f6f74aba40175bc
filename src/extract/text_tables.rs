//! Tables in scraped text: pipe text (each cell followed by a line holding only
//! `|`, or a cell's line ending in ` |`), markdown-like `| a | b |` rows, one
//! cell per line, and cells glued together by a whitespace-collapsing scraper.
//!
//! Pipe text carries no row breaks, so a pre-2019 table's width comes from its
//! header row (`指标 | 单位 | 数量`, or four columns with `历年累计`) and cells
//! are dealt into rows of that width. Written one cell per line with its blank
//! cells dropped, a pre-2019 table has its rows rebuilt from what each line
//! can be: a label opens a row, a unit and then a value may follow (a
//! heading row's dash stands in its 单位). The tables of the national formats have
//! no such header: they are recognised by how their header opens (`第二十条第
//! （一）项`, `信息内容`, `（本列数据的勾稽关系…）`, `申请人情况`, `行政复议` +
//! `行政诉讼`) and handed over as one row of cells in the order found (one per
//! pipe cell, one per line, or one holding the glued text), for
//! classification to lay out in the form's shape. A national table in lines or
//! glued text ends at the next report section heading (`四、…情况`), prose, or
//! the next table. Text that is not in a table becomes paragraphs. Page chrome
//! that happens to end in `|` (`您好,今天是: |`) is not a table.
//!
//! This module builds grids only: it must not decide what a row means.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{ColumnRole, Grid, InputForm, ValueStatus};
use crate::normalize::normalize;
use crate::taxonomy::column_role;
use crate::text::{clean, fold_traditional, label_key, tidy};

/// A table found in text, with the form it was written in.
#[derive(Debug, Clone)]
pub struct TextTable {
    /// The table's cells.
    pub grid: Grid,
    /// How the table was written (pipe cells, markdown rows, glued cells...).
    pub form: InputForm,
}

/// Tables and the remaining text of a plain-text document.
#[derive(Debug, Clone, Default)]
pub struct TextLayout {
    /// The tables, in document order.
    pub tables: Vec<TextTable>,
    /// The lines outside any table, in document order.
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
        if let Some((grid, next)) = markdown_table(&tokens, i, table_no)
            .or_else(|| pipe_table(&tokens, i, table_no))
            .or_else(|| national_cells(&tokens, i, table_no))
            .or_else(|| pre2019_lines(&tokens, i, table_no))
        {
            let form = match tokens[i] {
                Token::Row(_) => InputForm::MarkdownPipe,
                Token::Cell(_) => InputForm::PipeText,
                Token::Text(_) => InputForm::LineCells,
            };
            layout.tables.push(TextTable {
                grid: Grid { caption, ..grid },
                form,
            });
            i = next;
            continue;
        }
        if let Token::Text(line) = &tokens[i] {
            let regions = glued_regions(line);
            if !regions.is_empty() {
                let mut at = 0;
                for (start, end) in regions {
                    push_paragraph(&mut layout.paragraphs, &line[at..start]);
                    let table_no = first_table_no + layout.tables.len() as u32;
                    let mut grid =
                        Grid::from_texts(table_no, vec![vec![line[start..end].trim().to_owned()]]);
                    grid.caption = layout.paragraphs.last().cloned();
                    layout.tables.push(TextTable {
                        grid,
                        form: InputForm::Glued,
                    });
                    at = end;
                }
                push_paragraph(&mut layout.paragraphs, &line[at..]);
                i += 1;
                continue;
            }
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

fn push_paragraph(paragraphs: &mut Vec<String>, text: &str) {
    let text = text.trim();
    if !text.is_empty() {
        paragraphs.push(text.to_owned());
    }
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

/// Which national table a header cell opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NationalStart {
    /// Table 二: `第二十条第（一）项` or `信息内容`.
    Proactive,
    /// Table 三: `（本列数据的勾稽关系…）` or `申请人情况`.
    Applications,
    /// Table 四: `行政复议` followed by `行政诉讼`.
    Appeals,
}

/// `第二十条第（一）项`: the header of one item block of table 二 (after
/// folding), as [`item_block`] matches it alone and [`glued_regions`] as the
/// opening of table 二.
const ITEM_HEADER: &str = r"第二十条第[（(][一二三四五六七八九十]+[)）]项";

/// `第二十条第（一）项`: the header of one item block of table 二.
pub(crate) fn item_block(text: &str) -> bool {
    static ITEM: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(&format!("^{ITEM_HEADER}")).expect("static regex"));
    ITEM.is_match(&fold_traditional(&text.replace(' ', "")))
}

/// The national table a cell (followed by `next`) opens, if it opens one.
pub(crate) fn national_start(cell: &str, next: Option<&str>) -> Option<NationalStart> {
    let key = label_key(cell);
    let folded = fold_traditional(&clean(cell).replace(' ', ""));
    if item_block(cell) || key == "信息内容" {
        Some(NationalStart::Proactive)
    } else if (folded.starts_with('(') && folded.contains("勾稽")) || key == "申请人情况" {
        Some(NationalStart::Applications)
    } else if key == "行政复议" && next.is_some_and(|n| label_key(n) == "行政诉讼") {
        Some(NationalStart::Appeals)
    } else {
        None
    }
}

/// `四、政府信息公开行政复议、行政诉讼情况`: a section heading of the report,
/// which ends any table before it.
fn is_report_heading(line: &str) -> bool {
    static HEADING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[一二三四五六七八九十]+、[^0-9０-９]{2,40}(情况|事项)$")
            .expect("static regex")
    });
    HEADING.is_match(&fold_traditional(line.trim()))
}

fn is_prose(line: &str) -> bool {
    line.contains('。') || line.chars().count() > 80
}

fn is_value(text: &str) -> bool {
    let t = tidy(text);
    t.is_empty() || normalize(&t).status != ValueStatus::Unparsed
}

/// A national table at `start` written one cell per pipe cell or per line:
/// its cells in order, as one row, up to where the table ends.
fn national_cells(tokens: &[Token], start: usize, table_no: u32) -> Option<(Grid, usize)> {
    let text = |i: usize| match tokens.get(i) {
        Some(Token::Cell(t) | Token::Text(t)) => Some(t.as_str()),
        _ => None,
    };
    let same_kind =
        |i: usize| std::mem::discriminant(&tokens[i]) == std::mem::discriminant(&tokens[start]);
    let kind = national_start(text(start)?, text(start + 1))?;
    let lines = matches!(tokens[start], Token::Text(_));
    let mut cells = vec![text(start)?.to_owned()];
    let mut seen_value = false;
    let mut i = start + 1;
    while let Some(t) = text(i).filter(|_| same_kind(i)) {
        let next = national_start(t, text(i + 1));
        let new_table =
            next.is_some_and(|k| k != kind || (k != NationalStart::Proactive && seen_value));
        let after_row = kind == NationalStart::Appeals && seen_value && !is_value(t);
        if new_table || after_row || (lines && (is_report_heading(t) || is_prose(t))) {
            break;
        }
        seen_value |= is_value(t);
        cells.push(t.to_owned());
        i += 1;
    }
    Some((Grid::from_texts(table_no, vec![cells]), i))
}

/// A pre-2019 table (`指标`, `单位`, `数量`) written one cell per line, its
/// blank cells dropped: each row is rebuilt from what its lines can be — a
/// label opens a row, a unit (`条`, `万元`, `人次`, or the dash of a heading
/// row) and then a value may follow.
/// The table ends at prose, or at a line that fits no open row (a second
/// value, a unit after the value); fewer than three rows with a value is no
/// table.
fn pre2019_lines(tokens: &[Token], start: usize, table_no: u32) -> Option<(Grid, usize)> {
    let text = |i: usize| match tokens.get(i) {
        Some(Token::Text(t)) => Some(t.as_str()),
        _ => None,
    };
    // Header cells are short: most lines are ruled out before any key is made.
    if text(start)?.chars().count() > 8 {
        return None;
    }
    let header: Vec<&str> = (start..start + 3).map(text).collect::<Option<_>>()?;
    let keys: Vec<String> = header.iter().map(|h| label_key(h)).collect();
    if keys != ["指标", "单位", "数量"] {
        return None;
    }
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|h| (*h).to_owned()).collect()];
    let mut i = start + 3;
    while let Some(line) = text(i).filter(|l| !is_prose(l)) {
        let (value, unit) = (is_value(line), is_unit(line));
        let open = rows.len() > 1;
        match rows.last_mut().filter(|_| open) {
            // A heading row's 单位 holds the dash (`一、主动公开情况 | —— |`).
            Some(row) if row.len() == 1 && is_dash(line) => row.push(line.to_owned()),
            Some(row) if value && row.len() < 3 => {
                row.resize(2, String::new());
                row.push(line.to_owned());
            }
            Some(row) if unit && row.len() == 1 => row.push(line.to_owned()),
            _ if !value && !unit => rows.push(vec![line.to_owned()]),
            _ => break,
        }
        i += 1;
    }
    if rows.iter().filter(|r| r.len() == 3).count() < 4 {
        return None;
    }
    for row in &mut rows {
        row.resize(3, String::new());
    }
    Some((Grid::from_texts(table_no, rows), i))
}

/// `——`, `—`, `-`, `/`: a cell that says "not applicable".
fn is_dash(text: &str) -> bool {
    normalize(&tidy(text)).status == ValueStatus::NotApplicable
}

/// A cell of the 单位 column: a short run of measure words (`条`, `件`,
/// `万元`, `人次`).
fn is_unit(text: &str) -> bool {
    const MEASURES: &str = "条件次个人项份篇期家场天日时套册本台辆户处所元万千亿";
    let t = text.trim();
    (1..=3).contains(&t.chars().count()) && t.chars().all(|c| MEASURES.contains(c))
}

/// Where national tables sit in a line of glued text (`…规章000规范性文件898989…`),
/// as byte ranges: from the table's opening header to the next report section
/// heading, the next table, or the end of table 四's one row of digits.
fn glued_regions(line: &str) -> Vec<(usize, usize)> {
    static START: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"{ITEM_HEADER}信息内容|[（(]本列数据[^）)]{{0,60}}[）)]申请人情况自然人|申请人情况自然人|行政复议行政诉讼结果维持",
        ))
        .expect("static regex")
    });
    static HEADING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[一二三四五六七八九十]+、[^0-9０-９。；，]{2,40}?(情况|事项)")
            .expect("static regex")
    });
    // Folding keeps one char for one char; work in char positions.
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let folded: String = fold_traditional(&chars.iter().map(|(_, c)| *c).collect::<String>());
    let byte_of_folded = |fb: usize| -> usize {
        let ci = folded[..fb].chars().count();
        chars.get(ci).map_or(line.len(), |(b, _)| *b)
    };
    let mut starts: Vec<(usize, bool)> = Vec::new();
    for m in START.find_iter(&folded) {
        let appeals = m.as_str().starts_with("行政复议");
        let proactive = m.as_str().starts_with("第二十条");
        // Table 二's later item blocks belong to the table already open.
        if proactive
            && starts
                .iter()
                .any(|(s, _)| folded[*s..].starts_with("第二十条"))
        {
            continue;
        }
        starts.push((m.start(), appeals));
    }
    if starts.is_empty() {
        return Vec::new();
    }
    let mut regions = Vec::new();
    for (n, &(start, appeals)) in starts.iter().enumerate() {
        let mut end = starts.get(n + 1).map_or(folded.len(), |(s, _)| *s);
        if let Some(h) = HEADING.find_at(&folded, start).filter(|h| h.start() < end) {
            end = h.start();
        }
        if appeals {
            // One row of digits after the header.
            if let Some(first) = folded[start..end].find(|c: char| c.is_ascii_digit()) {
                let from = start + first;
                let run = folded[from..end]
                    .find(|c: char| !(c.is_ascii_digit() || c == ' '))
                    .map_or(end, |i| from + i);
                end = run;
            }
        }
        regions.push((byte_of_folded(start), byte_of_folded(end)));
    }
    regions
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

    #[test]
    fn pre2019_lines_rebuild_rows_from_what_each_line_can_be() {
        let text = "明细表\n指 标\n单位\n数量\n一、主动公开情况\n——\n(一)主动公开政府信息数\n条\n\
                    1860\n1.政府公报公开政府信息数\n条\n2.政府网站公开政府信息数\n条\n1030\n\
                    (二)举办各类培训班数\n5\n(三)专项经费\n万元\n约70\n\
                    全年共收到申请5件，均已答复。";
        let layout = read(text, 1);
        let t = &layout.tables[0];
        assert_eq!(t.form, InputForm::LineCells);
        let rows: Vec<Vec<&str>> = (0..t.grid.n_rows())
            .map(|r| (0..3).map(|c| t.grid.text(r, c)).collect())
            .collect();
        assert_eq!(
            rows,
            [
                vec!["指 标", "单位", "数量"],
                vec!["一、主动公开情况", "——", ""],
                vec!["(一)主动公开政府信息数", "条", "1860"],
                vec!["1.政府公报公开政府信息数", "条", ""],
                vec!["2.政府网站公开政府信息数", "条", "1030"],
                vec!["(二)举办各类培训班数", "", "5"],
                vec!["(三)专项经费", "万元", "约70"],
            ]
        );
        assert_eq!(
            layout.paragraphs,
            ["明细表", "全年共收到申请5件，均已答复。"]
        );
    }

    #[test]
    fn pre2019_lines_need_a_few_rows_with_values() {
        let layout = read("指标\n单位\n数量\n规章\n件\n5", 1);
        assert!(layout.tables.is_empty());
        assert_eq!(layout.paragraphs.len(), 6);
    }
}
