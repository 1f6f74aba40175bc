//! Grids → the template era of the report and every table value located with
//! its meaning: row and column labels, section, indicator code, breakdown and
//! unit, plus the raw cell text.
//!
//! A `指标 | 单位 | 数量` table (with one or more value columns, e.g. a year and
//! 历年累计) is a pre-2019 statistics table; its rows are matched to indicators
//! through the taxonomy, the current section settling labels that repeat.
//! Grids of no known shape yield nothing (they are layout or unrelated tables).
//!
//! This stage reads cell text only to locate it: it must not turn text into
//! numbers (that is normalization).

use crate::model::{Grid, LocatedValue, Origin, Template};
use crate::normalize::{clean, tidy};
use crate::taxonomy::{ColumnRole, Kind, Lookup, Taxonomy, column_role};

/// The tables of one document, interpreted.
#[derive(Debug, Clone, Default)]
pub struct Classified {
    pub template: Option<Template>,
    pub values: Vec<LocatedValue>,
    /// How many grids were recognised as statistics tables.
    pub statistics_tables: usize,
}

/// Interpret every grid of a document.
pub fn classify(tables: &[Grid], taxonomy: &Taxonomy) -> Classified {
    let mut out = Classified::default();
    for grid in tables {
        if let Some(layout) = Pre2019Layout::of(grid) {
            out.statistics_tables += 1;
            out.template.get_or_insert(Template::Pre2019);
            out.values.extend(layout.values(grid, taxonomy));
        }
    }
    out
}

/// The columns of a `指标 | 单位 | 数量…` table.
#[derive(Debug, Clone, PartialEq)]
struct Pre2019Layout {
    label: usize,
    unit: usize,
    /// Value columns and whether each is 历年累计.
    values: Vec<(usize, bool)>,
}

impl Pre2019Layout {
    /// The header row is the first row; it must name a label, a unit and at
    /// least one value column.
    fn of(grid: &Grid) -> Option<Pre2019Layout> {
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

    fn values(&self, grid: &Grid, taxonomy: &Taxonomy) -> Vec<LocatedValue> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[[&str; 3]]) -> Grid {
        Grid::from_texts(
            1,
            rows.iter()
                .map(|r| r.iter().map(|s| s.to_string()).collect())
                .collect(),
        )
    }

    #[test]
    fn repeated_labels_follow_their_section() {
        let g = grid(&[
            ["指标", "单位", "数量"],
            ["四、行政复议数量", "件", "3"],
            ["(二)被依法纠错数", "件", "1"],
            ["五、行政诉讼数量", "件", "2"],
            ["(二)被依法纠错数", "件", "2"],
        ]);
        let c = classify(&[g], Taxonomy::builtin());
        let codes: Vec<_> = c
            .values
            .iter()
            .map(|v| v.indicator.as_deref().unwrap())
            .collect();
        assert_eq!(
            codes,
            [
                "review.total",
                "review.corrected",
                "litigation.total",
                "litigation.corrected"
            ]
        );
        assert_eq!(c.values[3].section.as_deref(), Some("五、行政诉讼数量"));
        assert_eq!(c.template, Some(Template::Pre2019));
    }

    #[test]
    fn heading_rows_keep_only_stated_values() {
        let g = grid(&[
            ["指标", "单位", "数量"],
            ["一、主动公开情况", "——", ""],
            ["三、依申请公开情况", "——", "无"],
            ["(一)政府信息公开工作专门机构数", "", "1"],
            ["某个不在表里的指标", "件", ""],
        ]);
        let c = classify(&[g], Taxonomy::builtin());
        let found: Vec<_> = c
            .values
            .iter()
            .map(|v| (v.indicator.as_deref(), v.unit.as_deref(), v.raw.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (Some("application"), None, "无"),
                (Some("capacity.offices"), Some("个"), "1"),
                (None, Some("件"), ""),
            ]
        );
    }

    #[test]
    fn other_tables_are_not_statistics() {
        let g = grid(&[
            ["姓名", "电话", "地址"],
            ["张三", "123", "某地"],
            ["", "", ""],
        ]);
        let c = classify(&[g], Taxonomy::builtin());
        assert_eq!(
            (c.statistics_tables, c.values.len(), c.template),
            (0, 0, None)
        );
    }
}
