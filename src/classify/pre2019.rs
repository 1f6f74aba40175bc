//! The pre-2019 statistics table: `指标 | 单位 | 数量` (one or more value
//! columns, e.g. a year and 历年累计). Rows are matched to indicators through
//! the taxonomy, the current section settling labels that repeat (被依法纠错数
//! under both 行政复议 and 行政诉讼).
//!
//! This module locates values; it must not turn text into numbers.

use crate::model::{Grid, LocatedValue, Origin, Template};
use crate::normalize::{clean, tidy};
use crate::taxonomy::{ColumnRole, Kind, Lookup, Taxonomy, column_role};

/// The columns of a `指标 | 单位 | 数量…` table.
#[derive(Debug, Clone, PartialEq)]
pub struct Pre2019Layout {
    label: usize,
    unit: usize,
    /// Value columns and whether each is 历年累计.
    values: Vec<(usize, bool)>,
}

impl Pre2019Layout {
    /// The header row is the first row; it must name a label, a unit and at
    /// least one value column.
    pub fn of(grid: &Grid) -> Option<Pre2019Layout> {
        let roles: Vec<Option<ColumnRole>> = (0..grid.n_cols())
            .map(|c| column_role(grid.text(0, c)))
            .collect();
        let label = roles.iter().position(|r| *r == Some(ColumnRole::Label))?;
        let unit = roles.iter().position(|r| *r == Some(ColumnRole::Unit))?;
        let values: Vec<(usize, bool)> = roles
            .iter()
            .enumerate()
            .filter_map(|(c, r)| match r {
                Some(ColumnRole::Value { cumulative }) if grid.is_origin(0, c) => {
                    Some((c, *cumulative))
                }
                _ => None,
            })
            .collect();
        (!values.is_empty()).then_some(Pre2019Layout {
            label,
            unit,
            values,
        })
    }

    /// Every value cell of the table, located.
    pub fn values(&self, grid: &Grid, taxonomy: &Taxonomy) -> Vec<LocatedValue> {
        let mut out = Vec::new();
        let mut section_code: Option<String> = None;
        let mut section_label: Option<String> = None;
        for r in 1..grid.n_rows() {
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
            let unit_cell = tidy(grid.text(r, self.unit));
            let unit_is_dash =
                unit_cell.chars().all(|c| "—-－–/".contains(c)) && !unit_cell.is_empty();
            let heading = indicator.map_or(unit_is_dash, |ind| ind.kind == Kind::Section);
            let unit = if unit_cell.is_empty() || unit_is_dash {
                indicator.and_then(|ind| ind.unit.clone())
            } else {
                Some(unit_cell)
            };
            for &(c, cumulative) in &self.values {
                let raw = grid.text(r, c);
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
                    col_label: Some(tidy(grid.text(0, c))),
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

/// `一、主动公开情况`: a top-level section of the national table.
fn is_top_level(label: &str) -> bool {
    let mut chars = label.chars();
    let numeral = chars
        .by_ref()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .count();
    numeral > 0 && label.chars().nth(numeral) == Some('、')
}
