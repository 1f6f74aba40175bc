//! The tables of the national formats (fmt2019 and fmt2021) read from span
//! grids: table 二 (第二十条 items × their columns), table 三 (the application
//! matrix: rows × applicant types) and table 四 (行政复议 and 行政诉讼 results).
//!
//! Every value cell is located with its row-label path, its column's header
//! path, its indicator and breakdown. A row or column the taxonomy does not
//! know (a provincial extra row such as 其他主动公开文件) keeps its values with
//! indicator null: it is never given a neighbour's code. Rows whose cells lost
//! their columns (text forms, merged cells) are re-aligned by [`super::align`]
//! or left unsettled.
//!
//! This module locates values; it must not turn text into numbers.

use std::collections::HashMap;

pub(super) use crate::extract::text_tables::item_block;

use super::align::{self, Content, Token};
use super::structure::{
    column_path, fill_header_placeholders, header_rows, join_path, row_paths, text_at,
};
use crate::model::{Grid, LocatedValue, Origin, Template};
use crate::taxonomy::{Indicator, Kind, Lookup, Taxonomy};
use crate::text::label_key;

/// The eras a national table's labels are looked up in.
pub const FMT_ERAS: [Template; 2] = [Template::Fmt2019, Template::Fmt2021];

/// Which national table a grid is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    /// 二、主动公开政府信息情况: 第二十条 items.
    Proactive,
    /// 三、收到和处理政府信息公开申请情况: the application matrix.
    Applications,
    /// 四、政府信息公开行政复议、行政诉讼情况.
    Appeals,
}

/// Which format a table's own labels show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EraEvidence {
    /// A label only the fmt2019 form has (本年新制作数量, 上一年项目数量; a
    /// table 三 without fmt2021's numbered rows under （六）其他处理).
    pub fmt2019: bool,
    /// A label only the fmt2021 form has (本年废止件数, 本年收费金额, the rows
    /// under （六）其他处理).
    pub fmt2021: bool,
}

/// One national table, read.
#[derive(Debug, Clone)]
pub struct NationalTable {
    /// Which of the tables 二, 三 and 四 it is.
    #[cfg_attr(
        not(test),
        allow(dead_code, reason = "only the tests ask which table was read")
    )]
    pub kind: TableKind,
    /// Every value of the table, located.
    pub values: Vec<LocatedValue>,
    /// Which format the table's own labels show.
    pub era: EraEvidence,
}

/// Rows of a grid whose columns were lost, with their values as found: text
/// forms hand these over (see [`super::sequence`]).
pub type RowTokens = HashMap<usize, Vec<Token>>;

/// Which national table `grid` is, from its header labels.
pub fn kind_of(grid: &Grid, taxonomy: &Taxonomy) -> Option<TableKind> {
    let top = grid.n_rows().min(4);
    let texts: Vec<String> = (0..top)
        .flat_map(|r| (0..grid.n_cols()).map(move |c| (r, c)))
        .map(|(r, c)| text_at(grid, r, c))
        .filter(|t| !t.is_empty())
        .collect();
    let mut applicant: Vec<String> = texts
        .iter()
        .filter(|t| {
            taxonomy.breakdown_in("applicant", t).is_some()
                || taxonomy.is_dimension_header("applicant", t)
        })
        .map(|t| label_key(t))
        .collect();
    applicant.sort();
    applicant.dedup();
    if applicant.len() >= 3 {
        return Some(TableKind::Applications);
    }
    let groups = taxonomy.within_keys();
    let mut found: Vec<String> = texts
        .iter()
        .map(|t| label_key(t))
        .filter(|k| groups.binary_search(k).is_ok())
        .collect();
    found.sort();
    found.dedup();
    if found.len() >= 2 {
        return Some(TableKind::Appeals);
    }
    // A `信息内容` header alone could head any listing (`信息内容 | 发布日期`):
    // table 二 has item blocks or names a column the form has.
    let proactive = (0..grid.n_rows()).any(|r| {
        let first = text_at(grid, r, 0);
        item_block(&first)
            || (label_key(&first) == "信息内容"
                && (1..grid.n_cols()).any(|c| taxonomy.knows_column(&text_at(grid, r, c))))
    });
    proactive.then_some(TableKind::Proactive)
}

/// The group headers of table 四 (行政复议, 行政诉讼), from the taxonomy.
/// Read a national table from a grid.
pub fn read(grid: &Grid, taxonomy: &Taxonomy) -> Option<NationalTable> {
    read_with(grid, &RowTokens::new(), taxonomy)
}

/// Read a national table, taking the values of the rows in `tokens` from
/// there rather than from the grid's cells.
pub fn read_with(grid: &Grid, tokens: &RowTokens, taxonomy: &Taxonomy) -> Option<NationalTable> {
    let kind = kind_of(grid, taxonomy)?;
    let plans = match kind {
        TableKind::Applications => applications(grid, tokens, taxonomy),
        TableKind::Appeals => appeals(grid, tokens, taxonomy),
        TableKind::Proactive => proactive(grid, tokens, taxonomy),
    };
    let era = era_of(kind, &plans, taxonomy);
    let eras: Vec<Template> = match (era.fmt2019, era.fmt2021) {
        (true, false) => vec![Template::Fmt2019],
        (false, true) => vec![Template::Fmt2021],
        _ => FMT_ERAS.to_vec(),
    };
    let rows: Vec<align::Row> = plans
        .iter()
        .map(|p| align::Row {
            keys: p
                .slots
                .iter()
                .map(|s| s.indicator.clone().map(|code| (code, s.breakdown.clone())))
                .collect(),
            content: p.content.clone(),
        })
        .collect();
    let readings = align::realign(&rows, taxonomy, &eras);
    let values = plans
        .iter()
        .zip(readings)
        .flat_map(|(plan, reading)| plan.located(grid.table_no, reading))
        .collect();
    Some(NationalTable { kind, values, era })
}

/// One value column of a row: where it is and what it means.
#[derive(Debug, Clone)]
struct Slot {
    /// First and one-past-last grid column.
    start: usize,
    end: usize,
    col_label: String,
    indicator: Option<String>,
    breakdown: Option<String>,
    unit: Option<String>,
    section: Option<String>,
}

/// A data row, ready to be located.
#[derive(Debug, Clone)]
struct RowPlan {
    row: usize,
    row_label: Option<String>,
    section: Option<String>,
    /// A heading row (a section indicator): its empty cells are layout.
    heading: bool,
    slots: Vec<Slot>,
    content: Content,
    /// The codes matched for this row, for era evidence.
    matched: Vec<String>,
}

impl RowPlan {
    fn located(&self, table_no: u32, reading: Option<Vec<String>>) -> Vec<LocatedValue> {
        let found_as = match &self.content {
            Content::Aligned(cells) => cells.join(" | "),
            Content::Tokens(tokens) => tokens
                .iter()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
                .join(" | "),
        };
        let mut out = Vec::new();
        for (i, slot) in self.slots.iter().enumerate() {
            let (raw, unaligned) = match &reading {
                Some(cells) => (cells.get(i).cloned().unwrap_or_default(), false),
                None => (found_as.clone(), true),
            };
            if self.heading && !unaligned && raw.trim().is_empty() {
                continue;
            }
            out.push(LocatedValue {
                origin: Origin::Table,
                table_no: Some(table_no),
                row_no: Some(self.row as u32 + 1),
                col_no: Some(slot.start as u32 + 1),
                section: slot.section.clone().or_else(|| self.section.clone()),
                row_label: self.row_label.clone(),
                col_label: Some(slot.col_label.clone()).filter(|l| !l.is_empty()),
                indicator: slot.indicator.clone(),
                breakdown: slot.breakdown.clone(),
                unit: if self.heading {
                    None
                } else {
                    slot.unit.clone()
                },
                raw,
                snippet: None,
                unaligned,
            });
        }
        out
    }
}

fn era_of(kind: TableKind, plans: &[RowPlan], taxonomy: &Taxonomy) -> EraEvidence {
    let mut era = EraEvidence::default();
    for code in plans.iter().flat_map(|p| &p.matched) {
        let Some(ind) = taxonomy.get(code) else {
            continue;
        };
        let in19 = ind.in_era(Template::Fmt2019);
        let in21 = ind.in_era(Template::Fmt2021);
        era.fmt2019 |= in19 && !in21;
        era.fmt2021 |= in21 && !in19;
    }
    // Table 三 is the same in both forms but for the rows fmt2021 added.
    if kind == TableKind::Applications
        && !era.fmt2021
        && plans.iter().any(|p| !p.matched.is_empty())
    {
        era.fmt2019 = true;
    }
    era
}

fn found(lookup: Lookup<'_>) -> Option<&Indicator> {
    match lookup {
        Lookup::Found(ind) => Some(ind),
        Lookup::Ambiguous | Lookup::NotFound => None,
    }
}

/// The content of a data row: one text per slot when every slot starts with
/// a cell of its own, else the row's cells as found.
fn content(grid: &Grid, row: usize, slots: &[Slot], tokens: &RowTokens) -> Content {
    if let Some(t) = tokens.get(&row) {
        return Content::Tokens(t.clone());
    }
    let aligned = slots.iter().all(|s| {
        let own = grid.origin_of(row, s.start) == Some((row, s.start));
        let rest = (s.start + 1..s.end).all(|c| match grid.origin_of(row, c) {
            Some(o) if o == (row, s.start) => true,
            Some(o) => o == (row, c) && text_at(grid, row, c).is_empty(),
            None => false,
        });
        let beyond = s.end < grid.n_cols() && grid.origin_of(row, s.end) == Some((row, s.start));
        own && rest && !beyond
    });
    if aligned {
        return Content::Aligned(
            slots
                .iter()
                .map(|s| grid.text(row, s.start).to_owned())
                .collect(),
        );
    }
    let (Some(first), Some(last)) = (slots.first(), slots.last()) else {
        return Content::Aligned(Vec::new());
    };
    let mut found = Vec::new();
    let mut cells = Vec::new();
    for c in first.start..last.end {
        if let Some(o) = grid
            .origin_of(row, c)
            .filter(|o| o.0 == row && !found.contains(o))
        {
            found.push(o);
            cells.push(Token {
                text: grid.text(o.0, o.1).to_owned(),
                glued: false,
            });
        }
    }
    Content::Tokens(cells)
}

fn row_is_empty(grid: &Grid, row: usize) -> bool {
    (0..grid.n_cols()).all(|c| text_at(grid, row, c).is_empty())
}

/// Table 三: rows are indicators, columns the applicant breakdown.
fn applications(grid: &Grid, tokens: &RowTokens, taxonomy: &Taxonomy) -> Vec<RowPlan> {
    let hr = header_rows(grid);
    let grid = &fill_header_placeholders(grid, hr);
    let paths: Vec<Vec<String>> = (0..grid.n_cols())
        .map(|c| column_path(grid, hr, c))
        .collect();
    let breakdowns: Vec<Option<String>> = paths
        .iter()
        .map(|p| {
            p.iter()
                .rev()
                .find_map(|h| taxonomy.breakdown_in("applicant", h))
                .map(|b| b.code.clone())
        })
        .collect();
    let Some(first) = breakdowns.iter().position(Option::is_some) else {
        return Vec::new();
    };
    let row_labels = row_paths(grid, hr..grid.n_rows(), 0..first);
    let mut plans = Vec::new();
    for (r, path) in (hr..grid.n_rows()).zip(row_labels) {
        if row_is_empty(grid, r) && !tokens.contains_key(&r) {
            continue;
        }
        let ind = found(taxonomy.lookup_path(&FMT_ERAS, &["application"], &path));
        let slots: Vec<Slot> = (first..grid.n_cols())
            .map(|c| Slot {
                start: c,
                end: c + 1,
                col_label: join_path(&paths[c]),
                indicator: ind
                    .filter(|_| breakdowns[c].is_some())
                    .map(|i| i.code.clone()),
                breakdown: breakdowns[c].clone(),
                unit: ind.and_then(|i| i.unit.clone()),
                section: None,
            })
            .collect();
        plans.push(RowPlan {
            row: r,
            row_label: Some(join_path(&path)).filter(|l| !l.is_empty()),
            section: path.first().cloned(),
            heading: ind.is_some_and(|i| i.kind == Kind::Section),
            content: content(grid, r, &slots, tokens),
            slots,
            matched: ind.map(|i| i.code.clone()).into_iter().collect(),
        });
    }
    plans
}

/// Table 四: one row of values; each column names a result of 行政复议 or of
/// one route of 行政诉讼.
fn appeals(grid: &Grid, tokens: &RowTokens, taxonomy: &Taxonomy) -> Vec<RowPlan> {
    let hr = header_rows(grid);
    let grid = &fill_header_placeholders(grid, hr);
    let mut columns = Vec::new();
    for c in 0..grid.n_cols() {
        let path = column_path(grid, hr, c);
        let route = path
            .iter()
            .find_map(|h| taxonomy.breakdown_in("route", h))
            .map(|b| b.code.clone());
        let rest: Vec<String> = path
            .iter()
            .filter(|h| taxonomy.breakdown_in("route", h).is_none())
            .cloned()
            .collect();
        let ind = found(taxonomy.lookup_cell(&FMT_ERAS, &["review", "litigation"], None, &rest));
        columns.push((path, route, ind));
    }
    let Some(first) = columns.iter().position(|(_, _, ind)| ind.is_some()) else {
        return Vec::new();
    };
    let row_labels = row_paths(grid, hr..grid.n_rows(), 0..first);
    let mut plans = Vec::new();
    for (r, path) in (hr..grid.n_rows()).zip(row_labels) {
        if row_is_empty(grid, r) && !tokens.contains_key(&r) {
            continue;
        }
        let slots: Vec<Slot> = (first..grid.n_cols())
            .map(|c| {
                let (p, route, ind) = &columns[c];
                Slot {
                    start: c,
                    end: c + 1,
                    col_label: join_path(p),
                    indicator: ind.map(|i| i.code.clone()),
                    breakdown: route.clone(),
                    unit: ind.and_then(|i| i.unit.clone()),
                    section: p.first().cloned(),
                }
            })
            .collect();
        plans.push(RowPlan {
            row: r,
            row_label: Some(join_path(&path)).filter(|l| !l.is_empty()),
            section: None,
            heading: false,
            content: content(grid, r, &slots, tokens),
            matched: Vec::new(),
            slots,
        });
    }
    plans
}

/// Table 二: blocks headed `第二十条第（X）项`, each with a `信息内容 | …` header
/// row naming its columns, then one row per item.
fn proactive(grid: &Grid, tokens: &RowTokens, taxonomy: &Taxonomy) -> Vec<RowPlan> {
    let mut block: Option<String> = None;
    let mut headers: Option<Vec<(usize, usize, String)>> = None;
    let mut plans = Vec::new();
    for r in 0..grid.n_rows() {
        let first = text_at(grid, r, 0);
        if item_block(&first) {
            block = Some(first);
            headers = None;
            continue;
        }
        if label_key(&first) == "信息内容" {
            headers = Some(header_columns(grid, r));
            continue;
        }
        if row_is_empty(grid, r) && !tokens.contains_key(&r) {
            continue;
        }
        let columns = headers.clone().unwrap_or_else(|| {
            (1..grid.n_cols())
                .map(|c| (c, c + 1, String::new()))
                .collect()
        });
        let mut matched = Vec::new();
        let slots: Vec<Slot> = columns
            .iter()
            .map(|(start, end, header)| {
                let ind = found(taxonomy.lookup_cell(
                    &FMT_ERAS,
                    &["proactive"],
                    Some(&first),
                    std::slice::from_ref(header),
                ));
                matched.extend(ind.map(|i| i.code.clone()));
                Slot {
                    start: *start,
                    end: *end,
                    col_label: header.clone(),
                    indicator: ind.map(|i| i.code.clone()),
                    breakdown: None,
                    unit: ind.and_then(|i| i.unit.clone()),
                    section: None,
                }
            })
            .collect();
        plans.push(RowPlan {
            row: r,
            row_label: Some(first).filter(|l| !l.is_empty()),
            section: block.clone(),
            heading: false,
            content: content(grid, r, &slots, tokens),
            slots,
            matched,
        });
    }
    plans
}

/// The columns a `信息内容 | …` header row of table 二 names: (first column,
/// end column, header text) for each header.
fn header_columns(grid: &Grid, r: usize) -> Vec<(usize, usize, String)> {
    let mut cols: Vec<(usize, usize, String)> = Vec::new();
    for c in 1..grid.n_cols() {
        let text = text_at(grid, r, c);
        // A header spans on over the columns its span (or, in
        // markdown-like text, an empty placeholder cell) covers.
        let continues = cols.last().is_some_and(|(start, _, _)| {
            grid.origin_of(r, *start) == grid.origin_of(r, c) || text.is_empty()
        });
        match cols.last_mut() {
            Some(last) if continues => last.1 = c + 1,
            _ => cols.push((c, c + 1, text)),
        }
    }
    cols
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Grid {
        Grid::from_strs(1, rows)
    }

    #[test]
    fn a_listing_headed_like_table_two_is_not_table_two() {
        let g = grid(&[
            &["信息内容", "发布日期", "发布机构"],
            &["关于开展某项工作的通知", "2022-03-01", "办公室"],
        ]);
        assert_eq!(kind_of(&g, Taxonomy::builtin()), None);
    }

    #[test]
    fn an_unknown_row_gets_no_code() {
        let g = grid(&[
            &["第二十条第（一）项", "", "", ""],
            &["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            &["规章", "0", "0", "5"],
            &["其他主动公开文件", "3", "1", "2"],
            &["行政规范性文件", "69", "3", "665"],
        ]);
        let t = read(&g, Taxonomy::builtin()).unwrap();
        assert_eq!(t.kind, TableKind::Proactive);
        assert!(t.era.fmt2021 && !t.era.fmt2019);
        let codes: Vec<(Option<&str>, &str)> = t
            .values
            .iter()
            .map(|v| (v.indicator.as_deref(), v.raw.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                (Some("proactive.rules.issued"), "0"),
                (Some("proactive.rules.repealed"), "0"),
                (Some("proactive.rules.in_force"), "5"),
                (None, "3"),
                (None, "1"),
                (None, "2"),
                (Some("proactive.normative_docs_issued"), "69"),
                (Some("proactive.normative_docs.repealed"), "3"),
                (Some("proactive.normative_docs.in_force"), "665"),
            ]
        );
        assert_eq!(t.values[8].section.as_deref(), Some("第二十条第（一）项"));
        assert_eq!(t.values[8].col_label.as_deref(), Some("现行有效件数"));
    }
}
