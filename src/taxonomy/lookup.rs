//! Matching labels as written against the loaded taxonomy: a pre-2019 row
//! label in its section ([`Taxonomy::lookup`]), a fmt table row by its label
//! path ([`Taxonomy::lookup_path`]), a fmt table cell by its row and column
//! headers ([`Taxonomy::lookup_cell`]), and the breakdowns and dimension
//! headers a column is known by.
//!
//! Every match goes through [`label_key`]; what several indicators share and
//! the context cannot settle is [`Lookup::Ambiguous`], never a guess. This
//! module reads the indexes `parse` built; it must not change them, nor read
//! grids or cell values.

use std::collections::HashSet;

use super::Taxonomy;
use super::schema::{Breakdown, Indicator, Kind};
use crate::model::Template;
use crate::text::label_key;

/// What a label lookup found.
#[derive(Debug, Clone, Copy)]
pub enum Lookup<'a> {
    /// The one indicator the label names.
    Found(&'a Indicator),
    /// Several indicators share the label and the context cannot choose.
    Ambiguous,
    /// No indicator is known by the label.
    NotFound,
}

impl Taxonomy {
    /// The breakdown of `dimension` a column header names, if any.
    pub(crate) fn breakdown_in(&self, dimension: &str, header: &str) -> Option<&Breakdown> {
        let key = (dimension.to_owned(), label_key(header));
        self.breakdown_keys.get(&key).map(|&i| &self.breakdowns[i])
    }

    /// True when some fmt table cell is known by the column header `header`.
    pub(crate) fn knows_column(&self, header: &str) -> bool {
        self.by_column.contains_key(&label_key(header))
    }

    /// True when `header` is written over the columns of `dimension` without
    /// being a breakdown itself (申请人情况, 法人或其他组织).
    pub(crate) fn is_dimension_header(&self, dimension: &str, header: &str) -> bool {
        let key = (dimension.to_owned(), label_key(header));
        self.dimension_header_keys.contains(&key)
    }

    /// Map the row-label path of a fmt table row (`三、本年度办理结果 /
    /// （三）不予公开 / 1.属于国家秘密`) to an indicator of `sections` used in any
    /// of `eras`. The leaf names the row; an earlier element that names a row
    /// with parts must be one of its ancestors, or the row is not found: `4.其他`
    /// under `（四）无法提供` is not given the code of `（六）其他处理 / 3.其他`.
    pub(crate) fn lookup_path(
        &self,
        eras: &[Template],
        sections: &[&str],
        path: &[String],
    ) -> Lookup<'_> {
        let Some((leaf, context)) = path.split_last() else {
            return Lookup::NotFound;
        };
        let mut found = self.row_candidates(eras, sections, leaf);
        for label in context {
            // Only a row that has parts can be a parent: a leaf row above
            // (`二、上年结转…` when `三、本年度办理结果` is missing) says nothing.
            let ancestors: Vec<&Indicator> = self
                .row_candidates(eras, sections, label)
                .into_iter()
                .filter(|a| {
                    a.kind == Kind::Value && self.children(&a.code).any(|c| c.in_eras(eras))
                })
                .collect();
            if !ancestors.is_empty() {
                found.retain(|ind| ancestors.iter().any(|a| self.is_ancestor(&a.code, ind)));
            }
        }
        one_of(found)
    }

    /// Map a fmt table cell to an indicator: its row label (`None` for a
    /// table whose rows have no label) and its column's header path with the
    /// breakdown headers left out (`行政复议 / 结果维持`, `本年制发件数`).
    pub(crate) fn lookup_cell(
        &self,
        eras: &[Template],
        sections: &[&str],
        row: Option<&str>,
        column: &[String],
    ) -> Lookup<'_> {
        let Some(leaf) = column.last() else {
            return Lookup::NotFound;
        };
        let leaf = label_key(leaf);
        let above: HashSet<String> = column[..column.len() - 1]
            .iter()
            .map(|h| label_key(h))
            .collect();
        let mut found: Vec<&Indicator> = match row {
            Some(label) => self
                .row_candidates(eras, sections, label)
                .into_iter()
                .filter(|ind| ind.columns.iter().any(|c| label_key(c) == leaf))
                .collect(),
            None => self
                .by_column
                .get(&leaf)
                .into_iter()
                .flatten()
                .map(|&i| &self.indicators[i])
                .filter(|ind| ind.in_eras(eras) && in_sections(ind, sections))
                .collect(),
        };
        found.retain(|ind| {
            ind.within.is_empty() || ind.within.iter().any(|w| above.contains(&label_key(w)))
        });
        one_of(found)
    }

    fn row_candidates(&self, eras: &[Template], sections: &[&str], label: &str) -> Vec<&Indicator> {
        self.by_key
            .get(&label_key(label))
            .into_iter()
            .flatten()
            .map(|&i| &self.indicators[i])
            .filter(|ind| ind.in_eras(eras) && in_sections(ind, sections))
            .collect()
    }

    /// True when `code` is `ind` or one of its ancestors.
    fn is_ancestor(&self, code: &str, ind: &Indicator) -> bool {
        let mut current = Some(ind);
        // Parent chains are short; the bound guards against a cycle in a
        // user-supplied file.
        for _ in 0..16 {
            match current {
                Some(i) if i.code == code => return true,
                Some(i) => current = i.parent.as_deref().and_then(|p| self.get(p)),
                None => return false,
            }
        }
        false
    }

    /// Map a row label of a `template` table to an indicator. `section` is the
    /// section the previous rows were in; it settles labels that repeat across
    /// sections (被依法纠错数 under 行政复议 and 行政诉讼).
    pub(crate) fn lookup(
        &self,
        template: Template,
        label: &str,
        section: Option<&str>,
    ) -> Lookup<'_> {
        let Some(candidates) = self.by_key.get(&label_key(label)) else {
            return Lookup::NotFound;
        };
        let in_era: Vec<&Indicator> = candidates
            .iter()
            .map(|&i| &self.indicators[i])
            .filter(|ind| ind.in_era(template))
            .collect();
        match in_era.as_slice() {
            [] => Lookup::NotFound,
            [one] => Lookup::Found(one),
            many => {
                let mut in_section = many
                    .iter()
                    .filter(|ind| section.is_some() && ind.section.as_deref() == section);
                match (in_section.next(), in_section.next()) {
                    (Some(one), None) => Lookup::Found(one),
                    _ => Lookup::Ambiguous,
                }
            }
        }
    }
}

fn in_sections(ind: &Indicator, sections: &[&str]) -> bool {
    sections.is_empty()
        || ind
            .section
            .as_deref()
            .is_some_and(|s| sections.contains(&s))
}

fn one_of(found: Vec<&Indicator>) -> Lookup<'_> {
    match found.as_slice() {
        [] => Lookup::NotFound,
        [one] => Lookup::Found(one),
        _ => Lookup::Ambiguous,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_labels_are_settled_by_section() {
        let tax = Taxonomy::builtin();
        let t = Template::Pre2019;
        assert!(matches!(
            tax.lookup(t, "(二)被依法纠错数", None),
            Lookup::Ambiguous
        ));
        let Lookup::Found(ind) = tax.lookup(t, "(二)被依法纠错数", Some("litigation"))
        else {
            panic!("not found");
        };
        assert_eq!(ind.code, "litigation.corrected");
        assert!(matches!(
            tax.lookup(t, "不在表中的指标", None),
            Lookup::NotFound
        ));
    }

    fn path(labels: &[&str]) -> Vec<String> {
        labels.iter().map(|s| s.to_string()).collect()
    }

    fn code(lookup: Lookup<'_>) -> Option<&str> {
        match lookup {
            Lookup::Found(ind) => Some(ind.code.as_str()),
            _ => None,
        }
    }

    #[test]
    fn traditional_headers_find_their_breakdown() {
        let tax = Taxonomy::builtin();
        assert_eq!(
            tax.breakdown_in("applicant", "社會公益組織")
                .map(|b| b.code.as_str()),
            Some("public_interest")
        );
    }

    #[test]
    fn fmt_rows_are_found_by_their_path() {
        let tax = Taxonomy::builtin();
        let eras = [Template::Fmt2019, Template::Fmt2021];
        let find = |labels: &[&str]| code(tax.lookup_path(&eras, &["application"], &path(labels)));
        assert_eq!(
            find(&["三、本年度办理结果", "（六）其他处理", "3.其他"]),
            Some("apply.result.other.other")
        );
        // A generic label under the wrong parent is not given the other's code.
        assert_eq!(
            find(&["三、本年度办理结果", "（四）无法提供", "4.其他"]),
            None
        );
        // A leaf row above says nothing about the rows below it.
        assert_eq!(
            find(&["二、上年结转政府信息公开申请数量", "（一）予以公开"]),
            Some("apply.result.disclosed")
        );
        assert_eq!(
            find(&["四、结转下年度继续办理"]),
            Some("apply.carried_forward")
        );
        // Rows only the pre2019 table has are not fmt rows.
        assert_eq!(find(&["1.当面申请数"]), None);
    }

    #[test]
    fn fmt_cells_are_found_by_row_and_column() {
        let tax = Taxonomy::builtin();
        let eras = [Template::Fmt2019, Template::Fmt2021];
        let cell = |row: Option<&str>, column: &[&str]| {
            code(tax.lookup_cell(
                &eras,
                &["proactive", "review", "litigation"],
                row,
                &path(column),
            ))
        };
        assert_eq!(
            cell(Some("行政规范性文件"), &["本年废止件数"]),
            Some("proactive.normative_docs.repealed")
        );
        assert_eq!(
            cell(Some("规范性文件"), &["本年新制作数量"]),
            Some("proactive.normative_docs_issued")
        );
        assert_eq!(
            cell(Some("行政许可"), &["本年增/减"]),
            Some("proactive.licensing.items_change")
        );
        assert_eq!(cell(Some("其他主动公开文件"), &["本年制发件数"]), None);
        assert_eq!(
            cell(None, &["行政复议", "尚未审结"]),
            Some("review.pending")
        );
        assert_eq!(cell(None, &["行政诉讼", "总计"]), Some("litigation.total"));
        assert_eq!(cell(None, &["总计"]), None);
    }
}
