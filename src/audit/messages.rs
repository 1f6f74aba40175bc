//! The words of the findings, in English (`message`) and Chinese
//! (`message_zh`): numbers as a report writes them ([`num`]), bounds in both
//! languages, the Chinese names of cells ([`zh_name`]), and one message per
//! kind of finding: a table rule that fails, is not assessable or has a
//! blank total ([`Texts`]), a narrative figure against its table
//! ([`narrative_table`]), a value against the year before
//! ([`year_over_year`]).
//!
//! These strings are written to `findings.parquet` and printed by `gongkai
//! audit`: a change here changes the dataset. This module words what it is
//! given; it must not decide whether a rule holds.

use super::bounds::Bounds;
use super::finding::key_name;
use crate::taxonomy::Taxonomy;
use crate::taxonomy::rules::{self, Key, Relation, RuleKind};

/// A number as a report would write it: `1860`, `0.35`.
pub(super) fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

impl Bounds {
    /// `5`, `at least 430`, `at most 1000`, `430 to 500`, `unknown`.
    pub(super) fn en(self) -> String {
        self.words("unknown", "at least ", "at most ", " to ")
    }

    /// `5`, `不少于430`, `不超过1000`, `430至500`, `未知`.
    pub(super) fn zh(self) -> String {
        self.words("未知", "不少于", "不超过", "至")
    }

    fn words(self, unknown: &str, at_least: &str, at_most: &str, to: &str) -> String {
        let (lo, hi) = (self.lo, self.hi);
        if lo == hi {
            num(lo)
        } else if hi.is_infinite() && lo == 0.0 {
            unknown.to_owned()
        } else if hi.is_infinite() {
            format!("{at_least}{}", num(lo))
        } else if lo == 0.0 {
            format!("{at_most}{}", num(hi))
        } else {
            format!("{}{to}{}", num(lo), num(hi))
        }
    }
}

/// The Chinese name of a cell: the indicator's name, and the breakdown's
/// (`收到申请数（自然人）`).
pub(super) fn zh_name(taxonomy: &Taxonomy, (code, breakdown): &Key) -> String {
    let name = taxonomy
        .get(code)
        .map_or(code.as_str(), |i| i.name.as_str());
    let column = breakdown
        .as_deref()
        .and_then(|b| taxonomy.breakdowns().iter().find(|x| x.code == b))
        .map(|b| b.name.as_str());
    match column {
        Some(col) => format!("{name}（{col}）"),
        None => name.to_owned(),
    }
}

/// Several cells named as a sum: `a + b` and `甲加乙`.
fn names(taxonomy: &Taxonomy, keys: &[Key]) -> (String, String) {
    let en: Vec<String> = keys.iter().map(key_name).collect();
    let zh: Vec<String> = keys.iter().map(|k| zh_name(taxonomy, k)).collect();
    (en.join(" + "), zh.join("加"))
}

/// The words of a table rule's findings, in English and Chinese.
pub(super) struct Texts<'a> {
    pub(super) taxonomy: &'a Taxonomy,
    pub(super) rule: &'a rules::Rule,
}

impl Texts<'_> {
    fn names(&self, keys: &[Key]) -> (String, String) {
        names(self.taxonomy, keys)
    }

    /// The rule fails: left `l` against right `r`, and when either is not
    /// exact, that no value of the unknown cells mends it.
    pub(super) fn failure(&self, l: Bounds, r: Bounds) -> (String, String) {
        let (mut en, mut zh) = self.failure_of_kind(l, r);
        if !(l.is_exact() && r.is_exact()) {
            en.push_str(", whatever its blank or approximate cells hold");
            zh.push_str("（无论其中空白或约数单元格为何值）");
        }
        (en, zh)
    }

    fn failure_of_kind(&self, l: Bounds, r: Bounds) -> (String, String) {
        let (left_en, left_zh) = self.names(&self.rule.left);
        let (right_en, right_zh) = self.names(&self.rule.right);
        match (self.rule.kind, self.rule.relation) {
            (RuleKind::OfWhich, _) => (
                format!(
                    "of which {right_en} = {}, more than its whole {left_en} = {}",
                    r.en(),
                    l.en()
                ),
                format!("其中{right_zh}为{}，大于{left_zh}{}", r.zh(), l.zh()),
            ),
            (RuleKind::Parts, Relation::AtLeast) => (
                format!(
                    "{left_en} = {}, but its parts add up to only {} (parts may count an item twice, never less than the total)",
                    l.en(),
                    r.en()
                ),
                format!(
                    "{left_zh}为{}，但各分项之和仅为{}（分项可重复计数，之和不应小于总数）",
                    l.zh(),
                    r.zh()
                ),
            ),
            (RuleKind::Parts, _) => (
                format!("{left_en} = {}, but its parts add up to {}", l.en(), r.en()),
                format!("{left_zh}为{}，但各分项之和为{}", l.zh(), r.zh()),
            ),
            (RuleKind::Columns, _) => (
                format!(
                    "{left_en} = {}, but its columns add up to {}",
                    l.en(),
                    r.en()
                ),
                format!("{left_zh}为{}，但各列之和为{}", l.zh(), r.zh()),
            ),
            (RuleKind::Identity, _) => (
                format!(
                    "{left_en} = {}, but {right_en} = {}; the form says they are equal",
                    l.en(),
                    r.en()
                ),
                format!(
                    "{left_zh}之和为{}，{right_zh}之和为{}，两者应相等",
                    l.zh(),
                    r.zh()
                ),
            ),
        }
    }

    pub(super) fn blank_total(&self, r: Bounds) -> (String, String) {
        let (left_en, left_zh) = self.names(&self.rule.left);
        (
            format!("{left_en} is blank while its parts add up to {}", r.en()),
            format!("{left_zh}为空，但各分项之和为{}", r.zh()),
        )
    }

    pub(super) fn not_assessable(
        &self,
        l: Bounds,
        r: Bounds,
        unknown: usize,
        absent: usize,
    ) -> (String, String) {
        let (left_en, left_zh) = self.names(&self.rule.left);
        let (missing_en, missing_zh) = if absent > 0 {
            (
                format!(", {absent} rows missing"),
                format!("，缺{absent}行"),
            )
        } else {
            Default::default()
        };
        (
            format!(
                "cannot be checked: {left_en} = {}, its stated parts add up to {}; {unknown} cells are blank or not a number{missing_en}",
                l.en(),
                num(r.lo)
            ),
            format!(
                "无法核对：{left_zh}为{}，已填分项之和为{}，另有{unknown}个单元格为空或非数字{missing_zh}",
                l.zh(),
                num(r.lo)
            ),
        )
    }
}

/// A narrative figure of `code` (`figure`, written `raw`) against the table
/// value `table`.
pub(super) fn narrative_table(
    taxonomy: &Taxonomy,
    code: &str,
    figure: Bounds,
    raw: &str,
    table: f64,
) -> (String, String) {
    let name = zh_name(taxonomy, &(code.to_owned(), None));
    let en = format!(
        "the narrative states {code} = {} ({}), the table {}",
        figure.en(),
        raw,
        num(table)
    );
    let zh = format!(
        "正文称{name}为{}（“{}”），表格为{}",
        figure.zh(),
        raw,
        num(table)
    );
    (en, zh)
}

/// One year's side of a year-over-year comparison: the year, the cells
/// summed and their sum.
pub(super) struct YearSum<'a> {
    pub(super) year: i32,
    pub(super) keys: &'a [Key],
    pub(super) value: f64,
}

/// This year's sum against the sum the report of the year before gives.
pub(super) fn year_over_year(
    taxonomy: &Taxonomy,
    this: YearSum,
    previous: YearSum,
) -> (String, String) {
    let (this_en, this_zh) = names(taxonomy, this.keys);
    let (prev_en, prev_zh) = names(taxonomy, previous.keys);
    let (year, last) = (this.year, previous.year);
    let en = format!(
        "{this_en} = {} in {year}, but the {last} report gives {prev_en} = {}",
        num(this.value),
        num(previous.value)
    );
    let zh = format!(
        "{year}年度{this_zh}为{}，但{last}年度报告的{prev_zh}为{}",
        num(this.value),
        num(previous.value)
    );
    (en, zh)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds(lo: f64, hi: f64) -> Bounds {
        Bounds { lo, hi }
    }

    #[test]
    fn numbers_print_as_written() {
        assert_eq!(num(1860.0), "1860");
        assert_eq!(num(0.35), "0.35");
        assert_eq!(bounds(430.0, f64::INFINITY).en(), "at least 430");
        assert_eq!(bounds(0.0, 1000.0).zh(), "不超过1000");
    }
}
