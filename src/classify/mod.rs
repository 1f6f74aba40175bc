//! Grids → the template era of the report and every table value located with
//! its meaning: row-label path, column header path, section, indicator code,
//! breakdown and unit, plus the raw cell text.
//!
//! Each grid is recognised by its headers: a `指标 | 单位 | 数量` table is a
//! pre-2019 statistics table ([`pre2019`]); tables 二, 三 and 四 of the national
//! formats are read by [`national`], from span grids or, when text lost their
//! row breaks, after [`sequence`] rebuilt them. The report's template comes
//! from what the tables show, never from the year: a label only the fmt2021
//! form has makes it fmt2021, one only the fmt2019 form has fmt2019 (a report
//! mixing both is fmt2021, the form whose changes it shows). Grids of no known
//! shape yield nothing (they are layout or unrelated tables).
//!
//! This stage reads cell text only to locate it: it must not turn text into
//! numbers (that is normalization).

mod align;
mod national;
mod pre2019;
mod sequence;
pub(crate) mod structure;

use crate::model::{Grid, LocatedValue, Template};
use crate::taxonomy::Taxonomy;

use pre2019::Pre2019Columns;

/// The tables of one document, interpreted.
#[derive(Debug, Clone, Default)]
pub struct Classified {
    /// The template era the tables show; `None` when no grid is a statistics
    /// table.
    pub template: Option<Template>,
    /// Every value of the statistics tables, located, in table order.
    pub values: Vec<LocatedValue>,
    /// How many grids were recognised as statistics tables.
    pub statistics_tables: usize,
}

/// Interpret every grid of a document.
pub fn classify(tables: &[Grid], taxonomy: &Taxonomy) -> Classified {
    let mut out = Classified::default();
    let mut pre2019 = false;
    let mut national = false;
    let mut era = national::EraEvidence::default();
    for grid in tables {
        if let Some(layout) = Pre2019Columns::of(grid) {
            out.statistics_tables += 1;
            pre2019 = true;
            out.values.extend(layout.values(grid, taxonomy));
            continue;
        }
        let table = match sequence::rebuild(grid, taxonomy) {
            Some((rebuilt, tokens)) => national::read_with(&rebuilt, &tokens, taxonomy),
            None => national::read(grid, taxonomy),
        };
        if let Some(table) = table {
            out.statistics_tables += 1;
            national = true;
            era.fmt2019 |= table.era.fmt2019;
            era.fmt2021 |= table.era.fmt2021;
            out.values.extend(table.values);
        }
    }
    out.template = match (national, pre2019) {
        (true, _) if era.fmt2021 => Some(Template::Fmt2021),
        (true, _) if era.fmt2019 => Some(Template::Fmt2019),
        (true, _) => Some(Template::Unknown),
        (false, true) => Some(Template::Pre2019),
        (false, false) => None,
    };
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[[&str; 3]]) -> Grid {
        Grid::from_strs(1, rows)
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

    fn rows(rows: &[&[&str]]) -> Grid {
        Grid::from_texts(
            1,
            rows.iter()
                .map(|r| r.iter().map(|s| s.to_string()).collect())
                .collect(),
        )
    }

    /// Table 三 with the given rows under （六）其他处理.
    fn applications(other: &[&[&str]]) -> Grid {
        let mut grid: Vec<&[&str]> = vec![
            &[
                "",
                "",
                "自然人",
                "商业企业",
                "科研机构",
                "社会公益组织",
                "法律服务机构",
                "其他",
                "总计",
            ],
            &[
                "一、本年新收政府信息公开申请数量",
                "",
                "1",
                "0",
                "0",
                "0",
                "0",
                "0",
                "1",
            ],
        ];
        grid.extend_from_slice(other);
        rows(&grid)
    }

    fn table_two(header: &[&str]) -> Grid {
        let mut head = vec!["信息内容"];
        head.extend_from_slice(header);
        let values = vec!["1"; header.len()];
        let mut row = vec!["规章"];
        row.extend(values);
        rows(&[&["第二十条第（一）项"], &head, &row])
    }

    fn template(tables: &[Grid]) -> Option<Template> {
        classify(tables, Taxonomy::builtin()).template
    }

    #[test]
    fn the_template_comes_from_the_tables() {
        let y19_three = applications(&[&["（六）其他处理", "", "0", "0", "0", "0", "0", "0", "0"]]);
        let y21_three = applications(&[&[
            "（六）其他处理",
            "3.其他",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
        ]]);
        let y19_two = table_two(&["本年新制作数量", "本年新公开数量", "对外公开总数量"]);
        let y21_two = table_two(&["本年制发件数", "本年废止件数", "现行有效件数"]);
        let four = rows(&[
            &["行政复议", "", "", "", "", "行政诉讼"],
            &[
                "结果维持",
                "结果纠正",
                "其他结果",
                "尚未审结",
                "总计",
                "未经复议直接起诉",
            ],
            &["0", "0", "0", "0", "0", "0"],
        ]);
        assert_eq!(
            template(&[y19_two.clone(), y19_three.clone()]),
            Some(Template::Fmt2019)
        );
        assert_eq!(
            template(&[y21_two.clone(), y21_three.clone()]),
            Some(Template::Fmt2021)
        );
        assert_eq!(
            template(std::slice::from_ref(&y21_three)),
            Some(Template::Fmt2021)
        );
        assert_eq!(
            template(std::slice::from_ref(&y19_three)),
            Some(Template::Fmt2019)
        );
        // Mixed: a fmt2021 table 二 with the old table 三 is the revised form,
        // partly adopted.
        assert_eq!(template(&[y21_two, y19_three]), Some(Template::Fmt2021));
        // Table 四 is the same in both forms.
        assert_eq!(template(&[four]), Some(Template::Unknown));
        let old = rows(&[&["指标", "单位", "数量"], &["收到申请数", "件", "3"]]);
        assert_eq!(template(&[old]), Some(Template::Pre2019));
    }

    #[test]
    fn an_extra_row_in_table_three_gets_no_code_and_moves_nothing() {
        let grid = applications(&[
            &["（六）其他处理", "", "0", "0", "0", "0", "0", "0", "0"],
            &["（八）其他情况", "", "5", "0", "0", "0", "0", "0", "5"],
            &["（七）总计", "", "1", "0", "0", "0", "0", "0", "1"],
        ]);
        let c = classify(&[grid], Taxonomy::builtin());
        let by_row = |row: u32| -> Vec<Option<&str>> {
            c.values
                .iter()
                .filter(|v| v.row_no == Some(row))
                .map(|v| v.indicator.as_deref())
                .collect()
        };
        assert_eq!(by_row(3), vec![Some("apply.result.other"); 7]);
        assert_eq!(by_row(4), vec![None; 7]);
        assert_eq!(by_row(5), vec![Some("apply.result.total"); 7]);
    }
}
