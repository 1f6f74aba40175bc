//! The pre-2019 statistics table: `指标 | 单位 | 数量` (one or more value
//! columns, e.g. a year and 历年累计). Rows are matched to indicators through
//! the taxonomy, the current section settling labels that repeat (被依法纠错数
//! under both 行政复议 and 行政诉讼).
//!
//! This module locates values; it must not turn text into numbers.

use crate::model::{Cell, ColumnRole, Grid, LocatedValue, Origin, Template};
use crate::taxonomy::{Kind, Lookup, Taxonomy, column_role};
use crate::text::{clean, tidy};

/// The header of a pre-2019 table is looked for in this many first rows (a
/// Word table often opens with its title as a row of its own).
const HEADER_SEARCH_ROWS: usize = 3;

/// The columns of a `指标 | 单位 | 数量…` table.
#[derive(Debug, Clone, PartialEq)]
pub struct Pre2019Columns {
    label: usize,
    unit: usize,
    /// Value columns, whether each is 历年累计, and the header text naming it.
    values: Vec<(usize, bool, String)>,
    /// The first row after the header.
    body: usize,
}

impl Pre2019Columns {
    /// The header row is the first of the first rows that names a label, a
    /// unit and at least one value column.
    pub fn of(grid: &Grid) -> Option<Pre2019Columns> {
        (0..grid.n_rows().min(HEADER_SEARCH_ROWS)).find_map(|h| Self::with_header_at(grid, h))
    }

    /// A header starting at row `h`. It may be two rows deep (`指标` and `单位`
    /// spanning both, `数量` over `2015年度`): it ends where the spans of its
    /// first row end, and each column is named by its lowest header cell that
    /// names a role.
    fn with_header_at(grid: &Grid, h: usize) -> Option<Pre2019Columns> {
        let last_row = grid.n_rows().checked_sub(1)?;
        let end = grid.rows[h]
            .iter()
            .filter_map(|cell| match cell {
                Cell::Origin { rowspan, .. } => Some(h + (*rowspan as usize).max(1) - 1),
                Cell::Covered { .. } => None,
            })
            .max()
            .unwrap_or(h)
            .min(last_row);
        let roles: Vec<Option<(usize, ColumnRole)>> = (0..grid.n_cols())
            .map(|c| {
                (h..=end)
                    .rev()
                    .find_map(|r| column_role(grid.text(r, c)).map(|role| (r, role)))
            })
            .collect();
        let position =
            |want: ColumnRole| roles.iter().position(|x| x.map(|(_, r)| r) == Some(want));
        let label = position(ColumnRole::Label)?;
        let unit = position(ColumnRole::Unit)?;
        let values: Vec<(usize, bool, String)> = roles
            .iter()
            .enumerate()
            .filter_map(|(c, x)| match x {
                // A header cell spanning columns names one value column, not each.
                Some((r, ColumnRole::Value { cumulative }))
                    if grid.origin_of(*r, c).is_some_and(|(_, oc)| oc == c) =>
                {
                    Some((c, *cumulative, tidy(grid.text(*r, c))))
                }
                _ => None,
            })
            .collect();
        (!values.is_empty()).then_some(Pre2019Columns {
            label,
            unit,
            values,
            body: end + 1,
        })
    }

    /// Every value cell of the table, located.
    pub fn values(&self, grid: &Grid, taxonomy: &Taxonomy) -> Vec<LocatedValue> {
        let mut out = Vec::new();
        let mut section_code: Option<String> = None;
        let mut section_label: Option<String> = None;
        for r in self.body..grid.n_rows() {
            let label = tidy(grid.text(r, self.label));
            if label.is_empty() {
                continue;
            }
            let indicator =
                match taxonomy.lookup(Template::Pre2019, &label, section_code.as_deref()) {
                    Lookup::Found(ind) => Some(ind),
                    Lookup::Ambiguous | Lookup::NotFound => None,
                };
            if let Some(ind) = indicator {
                section_code.clone_from(&ind.section);
            }
            if is_top_level(&label) {
                section_label = Some(label.clone());
            }
            let unit_cell = tidy(column_text(grid, r, self.unit).unwrap_or_default());
            let unit_is_dash =
                unit_cell.chars().all(|c| "—-－–/".contains(c)) && !unit_cell.is_empty();
            let heading = indicator.map_or(unit_is_dash, |ind| ind.kind == Kind::Section);
            let unit = if unit_cell.is_empty() || unit_is_dash {
                indicator.and_then(|ind| ind.unit.clone())
            } else {
                Some(unit_cell)
            };
            for (c, cumulative, col_label) in &self.values {
                let (c, cumulative) = (*c, *cumulative);
                // A position covered by a cell to its left (a section row
                // spanning the table) states nothing for this column.
                let Some(raw) = column_text(grid, r, c) else {
                    continue;
                };
                // A heading row's empty value cell is layout, not a blank value.
                if heading && clean(raw).is_empty() {
                    continue;
                }
                let breakdown = if cumulative {
                    Some("cumulative".to_owned())
                } else {
                    indicator.and_then(|ind| ind.breakdown.clone())
                };
                out.push(LocatedValue {
                    origin: Origin::Table,
                    table_no: Some(grid.table_no),
                    row_no: Some(r as u32 + 1),
                    col_no: Some(c as u32 + 1),
                    section: section_label.clone(),
                    row_label: Some(label.clone()),
                    col_label: Some(col_label.clone()),
                    indicator: indicator.map(|ind| ind.code.clone()),
                    breakdown,
                    unit: if heading { None } else { unit.clone() },
                    raw: raw.to_owned(),
                    snippet: None,
                    unaligned: false,
                });
            }
        }
        out
    }
}

/// The text at (`row`, `col`) read down through row spans, but not across
/// column spans: `None` where a cell to the left spans over the position.
fn column_text(grid: &Grid, row: usize, col: usize) -> Option<&str> {
    let (_, origin_col) = grid.origin_of(row, col)?;
    (origin_col == col).then(|| grid.text(row, col))
}

/// `一、主动公开情况`: a top-level section of the national table.
fn is_top_level(label: &str) -> bool {
    let mut chars = label.chars();
    let numeral = chars
        .by_ref()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .count();
    numeral > 0 && label.chars().nth(numeral) == Some('、')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::classify;

    fn grid(rows: &[[&str; 3]]) -> Grid {
        Grid::from_strs(1, rows)
    }

    #[test]
    fn a_two_row_header_under_a_title_row() {
        let mut g = grid(&[
            ["某区2015年度政府信息公开明细表", "", ""],
            ["指标", "单位", "数量"],
            ["", "", "2015年度"],
            ["(一)主动公开政府信息数", "条", "12"],
        ]);
        g.rows[0][1] = Cell::Covered { row: 0, col: 0 };
        g.rows[0][2] = Cell::Covered { row: 0, col: 0 };
        for c in 0..2 {
            g.rows[1][c] = Cell::Origin {
                text: g.text(1, c).to_owned(),
                rowspan: 2,
                colspan: 1,
            };
            g.rows[2][c] = Cell::Covered {
                row: 1,
                col: c as u32,
            };
        }
        let c = classify(&[g], Taxonomy::builtin());
        assert_eq!(c.values.len(), 1, "{:#?}", c.values);
        let v = &c.values[0];
        assert_eq!(v.indicator.as_deref(), Some("proactive.total"));
        assert_eq!((v.row_no, v.col_no), (Some(4), Some(3)));
        assert_eq!(v.col_label.as_deref(), Some("2015年度"));
    }

    #[test]
    fn a_section_row_spanning_the_table_states_no_value() {
        let mut g = grid(&[
            ["指标", "单位", "数量"],
            ["一、主动公开情况", "", ""],
            ["(一)主动公开政府信息数", "条", "12"],
        ]);
        g.rows[1] = vec![
            Cell::Origin {
                text: "一、主动公开情况".into(),
                rowspan: 1,
                colspan: 3,
            },
            Cell::Covered { row: 1, col: 0 },
            Cell::Covered { row: 1, col: 0 },
        ];
        let c = classify(&[g], Taxonomy::builtin());
        let found: Vec<_> = c
            .values
            .iter()
            .map(|v| (v.indicator.as_deref(), v.raw.as_str()))
            .collect();
        assert_eq!(found, [(Some("proactive.total"), "12")]);
        assert_eq!(c.values[0].section.as_deref(), Some("一、主动公开情况"));
    }
}
