//! The audit: where a report does not add up. Each document is checked on
//! its own ([`audit`]): every sum rule the taxonomy derives
//! ([`crate::taxonomy::rules`]) on every table, and each narrative figure
//! against the table value of the same indicator. Across the dataset,
//! [`continuity`] checks a report against the agency's report of the year
//! before.
//!
//! What a cell says decides what it can prove: a stated number or 无 is
//! exact; an approximate value is a bound (`430余` at least 430, `近1000` at
//! most 1000, `约` no bound); blank, dashes and unparsed text are unknown
//! (never negative). A rule fails only when no value of its unknown cells
//! could make it hold; when some could, it is not assessable. A row the
//! table does not have at all counts 0 in its total (the national form and
//! its provincial variants differ in rows), unless a row the taxonomy does
//! not know sits among the rule's rows: then it may be that row, and the
//! rule is not assessable.
//!
//! Every finding names its rule, says what it found in English and Chinese,
//! and quotes the cells or sentence it read. This module reads records and
//! writes findings; it must not change a value and must not read files.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::model::{Finding, Origin, Record, Report, Severity, Template, ValueStatus};
use crate::taxonomy::Taxonomy;
use crate::taxonomy::rules::{Key, Relation, Rule, RuleKind, Rules};

pub mod continuity;

/// The stable names of the rules, as written to `findings.rule`.
pub mod rule {
    /// A total (`sum = "equal"`) against the sum of its parts.
    pub const SUM_EQUAL: &str = "sum_equal";
    /// A total (`sum = "at_least"`) against its overlapping parts: their sum
    /// may exceed it, never fall short of it.
    pub const SUM_AT_LEAST: &str = "sum_at_least";
    /// A 其中 row (`role = "of_which"`) against its whole.
    pub const OF_WHICH: &str = "of_which";
    /// A breakdown's total column (总计) against its part columns.
    pub const COLUMN_SUM: &str = "column_sum";
    /// An identity the form prints (一 + 二 = 三（七） + 四, per column).
    pub const IDENTITY: &str = "identity";
    /// A total left blank while its parts state numbers.
    pub const TOTAL_BLANK: &str = "total_blank";
    /// A narrative figure against the table value of the same indicator.
    pub const NARRATIVE_TABLE: &str = "narrative_table";
    /// A value against the agency's report of the year before.
    pub const YEAR_OVER_YEAR: &str = "year_over_year";
    /// Every rule, in the order reports list them.
    pub const ALL: &[&str] = &[
        SUM_EQUAL,
        SUM_AT_LEAST,
        OF_WHICH,
        COLUMN_SUM,
        IDENTITY,
        TOTAL_BLANK,
        NARRATIVE_TABLE,
        YEAR_OVER_YEAR,
    ];
}

/// What a value can be: at least `lo`, at most `hi` (`hi` may be infinite).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub lo: f64,
    pub hi: f64,
}

/// Qualifiers that state a lower bound (`430余`, `超过1000`, `1000以上`).
const AT_LEAST_QUALIFIERS: &[&str] = &[
    "余",
    "餘",
    "多",
    "超",
    "超过",
    "逾",
    "以上",
    "至少",
    "不少于",
];
/// Qualifiers that state an upper bound (`近1000`, `将近3亿`).
const AT_MOST_QUALIFIERS: &[&str] = &["近", "将近"];

impl Bounds {
    pub const UNKNOWN: Bounds = Bounds {
        lo: 0.0,
        hi: f64::INFINITY,
    };

    pub fn exact(value: f64) -> Bounds {
        Bounds {
            lo: value,
            hi: value,
        }
    }

    /// What a record's value can be.
    pub fn of(record: &Record) -> Bounds {
        let Some(v) = record.value else {
            return Bounds::UNKNOWN;
        };
        match record.status {
            ValueStatus::Reported | ValueStatus::None => Bounds::exact(v),
            ValueStatus::Approximate => match record.qualifier.as_deref() {
                Some(q) if AT_LEAST_QUALIFIERS.contains(&q) => Bounds {
                    lo: v,
                    hi: f64::INFINITY,
                },
                Some(q) if AT_MOST_QUALIFIERS.contains(&q) => Bounds { lo: 0.0, hi: v },
                _ => Bounds::UNKNOWN,
            },
            _ => Bounds::UNKNOWN,
        }
    }

    pub fn is_exact(self) -> bool {
        self.lo == self.hi
    }

    fn add(self, other: Bounds) -> Bounds {
        Bounds {
            lo: self.lo + other.lo,
            hi: self.hi + other.hi,
        }
    }

    fn contains(self, value: f64) -> bool {
        value >= self.lo - tolerance(self.lo, value) && value <= self.hi + tolerance(self.hi, value)
    }

    /// `5`, `at least 430`, `at most 1000`, `430 to 500`, `unknown`.
    fn en(self) -> String {
        self.words("unknown", "at least ", "at most ", " to ")
    }

    /// `5`, `不少于430`, `不超过1000`, `430至500`, `未知`.
    fn zh(self) -> String {
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

/// How far apart two stated sums may be and still agree: decimals in 万元
/// add up with rounding error, counts never.
fn tolerance(a: f64, b: f64) -> f64 {
    let scale = [a, b]
        .into_iter()
        .filter(|x| x.is_finite())
        .fold(1.0_f64, |m, x| m.max(x.abs()));
    1e-9 * scale
}

/// A number as a report would write it: `1860`, `0.35`.
fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// Whether a rule holds on what the cells say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Holds,
    Fails,
    /// Some value of the unknown cells would make it hold, some would not.
    NotAssessable,
}

/// Compare the two sides of a rule (see [`Relation`]).
pub fn compare(relation: Relation, left: Bounds, right: Bounds) -> Outcome {
    let below = |a: f64, b: f64| a < b - tolerance(a, b);
    match relation {
        Relation::Equal if left.is_exact() && right.is_exact() => {
            if below(left.lo, right.lo) || below(right.lo, left.lo) {
                Outcome::Fails
            } else {
                Outcome::Holds
            }
        }
        Relation::Equal if below(right.hi, left.lo) || below(left.hi, right.lo) => Outcome::Fails,
        Relation::AtLeast if !below(right.lo, left.hi) => Outcome::Holds,
        Relation::AtLeast if below(right.hi, left.lo) => Outcome::Fails,
        Relation::AtMost if !below(left.lo, right.hi) => Outcome::Holds,
        Relation::AtMost if below(left.hi, right.lo) => Outcome::Fails,
        _ => Outcome::NotAssessable,
    }
}

/// The eras whose rules apply to a report of `template`.
fn eras_of(template: Template) -> Vec<Template> {
    match template {
        Template::Unknown => vec![Template::Fmt2019, Template::Fmt2021],
        t => vec![t],
    }
}

/// Audit one document on its own: its tables' sum rules and its narrative
/// against its tables. `records` are the document's records.
pub fn audit(report: &Report, records: &[Record], taxonomy: &Taxonomy) -> Vec<Finding> {
    let mut tables: BTreeMap<u32, Vec<&Record>> = BTreeMap::new();
    for r in records.iter().filter(|r| r.origin == Origin::Table) {
        tables.entry(r.table_no.unwrap_or(0)).or_default().push(r);
    }
    let eras = eras_of(report.template);
    let mut findings = Vec::new();
    for table in tables.values() {
        TableAudit::new(table, taxonomy, &eras).run(report, &mut findings);
    }
    narrative_against_tables(report, records, taxonomy, &mut findings);
    findings
}

/// One table's cells, ready for its rules.
struct TableAudit<'a> {
    taxonomy: &'a Taxonomy,
    /// The first cell of each meaning.
    cells: HashMap<Key, &'a Record>,
    present: HashSet<Key>,
    /// Rows with values the taxonomy does not know.
    unmapped_rows: BTreeSet<u32>,
    rules: Rules,
}

/// One side of a rule as the table states it.
#[derive(Default)]
struct Side<'a> {
    cells: Vec<&'a Record>,
    absent: Vec<Key>,
}

impl<'a> Side<'a> {
    fn bounds(&self, absent_is_zero: bool) -> Bounds {
        let stated = self
            .cells
            .iter()
            .fold(Bounds::exact(0.0), |b, r| b.add(Bounds::of(r)));
        if absent_is_zero || self.absent.is_empty() {
            stated
        } else {
            stated.add(Bounds::UNKNOWN)
        }
    }

    fn stated(&self) -> impl Iterator<Item = &&'a Record> {
        self.cells.iter().filter(|r| {
            matches!(
                r.status,
                ValueStatus::Reported | ValueStatus::None | ValueStatus::Approximate
            )
        })
    }

    fn unknown_cells(&self) -> usize {
        self.cells
            .iter()
            .filter(|r| !Bounds::of(r).is_exact())
            .count()
    }
}

impl<'a> TableAudit<'a> {
    fn new(records: &[&'a Record], taxonomy: &'a Taxonomy, eras: &[Template]) -> TableAudit<'a> {
        let mut cells = HashMap::new();
        let mut unmapped_rows = BTreeSet::new();
        for r in records {
            match &r.indicator {
                Some(code) => {
                    cells
                        .entry((code.clone(), r.breakdown.clone()))
                        .or_insert(*r);
                }
                None => {
                    unmapped_rows.extend(r.row_no);
                }
            }
        }
        let present: HashSet<Key> = cells.keys().cloned().collect();
        let rules = Rules::derive(taxonomy, eras, &present);
        TableAudit {
            taxonomy,
            cells,
            present,
            unmapped_rows,
            rules,
        }
    }

    fn run(&self, report: &Report, out: &mut Vec<Finding>) {
        for rule in &self.rules.rules {
            if let Some(finding) = self.check(rule, report) {
                out.push(finding);
            }
        }
    }

    fn side(&self, keys: &[Key]) -> Side<'a> {
        let mut side = Side::default();
        for key in keys {
            let leaves = self.rules.leaves(key, &self.present);
            side.cells.extend(
                leaves
                    .cells
                    .iter()
                    .filter_map(|k| self.cells.get(k).copied()),
            );
            side.absent.extend(leaves.absent);
        }
        side
    }

    /// A row the table lacks counts 0 in a total of rows, unless an unmapped
    /// row sits among (or just below) the rule's rows: it may be that row.
    fn absent_is_zero(&self, rule: &Rule, left: &Side, right: &Side) -> bool {
        if rule.kind != RuleKind::Parts {
            return false;
        }
        let rows: Vec<u32> = left
            .cells
            .iter()
            .chain(&right.cells)
            .filter_map(|r| r.row_no)
            .collect();
        let (Some(&first), Some(&last)) = (rows.iter().min(), rows.iter().max()) else {
            return false;
        };
        self.unmapped_rows.range(first..=last + 1).next().is_none()
    }

    fn check(&self, rule: &Rule, report: &Report) -> Option<Finding> {
        let left = self.side(&rule.left);
        let right = self.side(&rule.right);
        if !units_comparable(left.cells.iter().chain(&right.cells).copied()) {
            return None;
        }
        let zero = self.absent_is_zero(rule, &left, &right);
        let (l, r) = (left.bounds(zero), right.bounds(zero));
        let name = rule_name(rule);
        let text = Texts {
            taxonomy: self.taxonomy,
            rule,
        };
        let mut finding = match compare(rule.relation, l, r) {
            Outcome::Holds => return None,
            Outcome::Fails => {
                let (actual, expected) = conflicting(rule.relation, l, r);
                let (mut en, mut zh) = text.failure(l, r);
                if !(l.is_exact() && r.is_exact()) {
                    en.push_str(", whatever its blank or approximate cells hold");
                    zh.push_str("（无论其中空白或约数单元格为何值）");
                }
                new_finding(
                    report.into(),
                    name,
                    Severity::Error,
                    (en, zh),
                    Some(expected),
                    Some(actual),
                )
            }
            Outcome::NotAssessable => {
                let blank_total = matches!(rule.kind, RuleKind::Parts | RuleKind::Columns)
                    && left.cells.len() == 1
                    && left.cells[0].status == ValueStatus::Blank;
                let parts_nonzero = right.stated().any(|c| c.value.is_some_and(|v| v != 0.0));
                if blank_total && parts_nonzero {
                    new_finding(
                        report.into(),
                        rule::TOTAL_BLANK,
                        Severity::Warning,
                        text.blank_total(r),
                        Some(r.lo),
                        None,
                    )
                } else if left.stated().next().is_some() && right.stated().next().is_some() {
                    let unknown = left.unknown_cells() + right.unknown_cells();
                    let absent = if zero {
                        0
                    } else {
                        left.absent.len() + right.absent.len()
                    };
                    new_finding(
                        report.into(),
                        name,
                        Severity::Info,
                        text.not_assessable(l, r, unknown, absent),
                        r.is_exact().then_some(r.lo),
                        l.is_exact().then_some(l.lo),
                    )
                } else {
                    return None;
                }
            }
        };
        finding.indicators =
            rule.left
                .iter()
                .chain(&rule.right)
                .map(key_name)
                .fold(Vec::new(), |mut v, k| {
                    if !v.contains(&k) {
                        v.push(k);
                    }
                    v
                });
        let mut evidence: Vec<String> = left
            .cells
            .iter()
            .chain(&right.cells)
            .map(|r| cell_evidence(r))
            .collect();
        if !zero {
            evidence.extend(
                left.absent
                    .iter()
                    .chain(&right.absent)
                    .map(|k| format!("{}: no such row", key_name(k))),
            );
        }
        finding.evidence = Some(evidence.join("; "));
        Some(finding)
    }
}

/// The stated side and the expectation that conflicts with it: (actual,
/// expected). For a 其中 rule the actual value is the part, the expected its
/// whole; otherwise the total and the sum of its parts.
fn conflicting(relation: Relation, l: Bounds, r: Bounds) -> (f64, f64) {
    match relation {
        Relation::AtMost => (r.lo, l.hi),
        _ if r.hi < l.lo => (l.lo, r.hi),
        _ => (l.hi, r.lo),
    }
}

fn rule_name(rule: &Rule) -> &'static str {
    match (rule.kind, rule.relation) {
        (RuleKind::Parts, Relation::AtLeast) => rule::SUM_AT_LEAST,
        (RuleKind::Parts, _) => rule::SUM_EQUAL,
        (RuleKind::OfWhich, _) => rule::OF_WHICH,
        (RuleKind::Columns, _) => rule::COLUMN_SUM,
        (RuleKind::Identity, _) => rule::IDENTITY,
    }
}

/// `apply.received` or `apply.received[natural_person]`, as the panel names
/// its columns.
pub fn key_name((code, breakdown): &Key) -> String {
    match breakdown {
        Some(b) => format!("{code}[{b}]"),
        None => code.clone(),
    }
}

/// Where a table cell is and what it says: `t1 r23 c3 (一)收到申请数: "5"`.
pub fn cell_evidence(r: &Record) -> String {
    cell_location(
        (r.table_no, r.row_no, r.col_no),
        r.row_label.as_deref(),
        r.col_label
            .as_deref()
            .filter(|_| r.breakdown.is_some() || r.row_label.as_deref().is_none_or(str::is_empty)),
        &r.value_raw,
    )
}

/// [`cell_evidence`] from its parts; `column` is the header path of a cell
/// whose column carries a breakdown (`申请人情况/总计`), or of a cell whose
/// row has no label (table 四: `行政复议/总计`).
pub fn cell_location(
    (table, row, col): (Option<u32>, Option<u32>, Option<u32>),
    row_label: Option<&str>,
    column: Option<&str>,
    raw: &str,
) -> String {
    let mut s = format!(
        "t{} r{} c{}",
        table.unwrap_or(0),
        row.unwrap_or(0),
        col.unwrap_or(0)
    );
    let labels = [row_label, column]
        .into_iter()
        .flatten()
        .filter(|l| !l.is_empty());
    for (i, label) in labels.enumerate() {
        s.push_str(if i == 0 { " " } else { " × " });
        s.push_str(label);
    }
    s.push_str(&format!(": {raw:?}"));
    s
}

/// Sums across units that do not share a scale (元 and 万元) mean nothing;
/// counts in 件 and 条 add up.
fn units_comparable<'r>(records: impl Iterator<Item = &'r Record>) -> bool {
    let units: BTreeSet<&str> = records.filter_map(|r| r.unit.as_deref()).collect();
    units.len() <= 1 || !units.iter().any(|u| is_scaled(u))
}

fn is_scaled(unit: &str) -> bool {
    unit.contains('元') || unit.contains('万') || unit.contains('亿')
}

/// The words of a rule's findings, in English and Chinese.
struct Texts<'a> {
    taxonomy: &'a Taxonomy,
    rule: &'a Rule,
}

impl Texts<'_> {
    fn names(&self, keys: &[Key]) -> (String, String) {
        let en: Vec<String> = keys.iter().map(key_name).collect();
        let zh: Vec<String> = keys.iter().map(|k| zh_name(self.taxonomy, k)).collect();
        (en.join(" + "), zh.join("加"))
    }

    fn failure(&self, l: Bounds, r: Bounds) -> (String, String) {
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

    fn blank_total(&self, r: Bounds) -> (String, String) {
        let (left_en, left_zh) = self.names(&self.rule.left);
        (
            format!("{left_en} is blank while its parts add up to {}", r.en()),
            format!("{left_zh}为空，但各分项之和为{}", r.zh()),
        )
    }

    fn not_assessable(
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

/// The Chinese name of a cell: the indicator's name, and the breakdown's
/// (`收到申请数（自然人）`).
fn zh_name(taxonomy: &Taxonomy, (code, breakdown): &Key) -> String {
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

/// Whom a finding is about.
#[derive(Debug, Clone, Copy)]
struct About<'a> {
    report_id: &'a str,
    agency: Option<&'a str>,
    report_year: Option<i32>,
}

impl<'a> From<&'a Report> for About<'a> {
    fn from(report: &'a Report) -> About<'a> {
        About {
            report_id: &report.report_id,
            agency: report.agency.as_deref(),
            report_year: report.report_year,
        }
    }
}

/// A finding, its indicators and evidence still to fill in.
fn new_finding(
    about: About,
    rule: &str,
    severity: Severity,
    (message, message_zh): (String, String),
    expected: Option<f64>,
    actual: Option<f64>,
) -> Finding {
    Finding {
        report_id: about.report_id.to_owned(),
        agency: about.agency.map(str::to_owned),
        report_year: about.report_year,
        rule: rule.to_owned(),
        severity,
        message,
        message_zh,
        expected,
        actual,
        indicators: Vec::new(),
        evidence: None,
    }
}

/// Each narrative figure mapped to an indicator against the table value of
/// that indicator (its total column), when the tables state it exactly and
/// once. A figure that is a bound (`430余`) disagrees only with a value
/// outside it. A warning, not an error: prose is loose, and a figure may
/// count one sub-row of a block.
fn narrative_against_tables(
    report: &Report,
    records: &[Record],
    taxonomy: &Taxonomy,
    out: &mut Vec<Finding>,
) {
    let totals: HashSet<&str> = taxonomy
        .breakdowns()
        .iter()
        .filter(|b| b.sum.is_some() && b.parent.is_none())
        .map(|b| b.code.as_str())
        .collect();
    let mut table: HashMap<&str, Vec<&Record>> = HashMap::new();
    for r in records.iter().filter(|r| {
        r.origin == Origin::Table
            && matches!(r.status, ValueStatus::Reported | ValueStatus::None)
            && r.breakdown.as_deref().is_none_or(|b| totals.contains(b))
    }) {
        if let Some(code) = &r.indicator {
            table.entry(code).or_default().push(r);
        }
    }
    for figure in records.iter().filter(|r| r.origin == Origin::Narrative) {
        let Some(code) = figure.indicator.as_deref() else {
            continue;
        };
        let Some(cells) = table.get(code) else {
            continue;
        };
        let Some(cell) = one_value(cells) else {
            continue;
        };
        let (Some(value), bounds) = (cell.value, Bounds::of(figure)) else {
            continue;
        };
        if bounds == Bounds::UNKNOWN
            || bounds.contains(value)
            || !units_comparable([figure, cell].into_iter())
        {
            continue;
        }
        let name = zh_name(taxonomy, &(code.to_owned(), None));
        let en = format!(
            "the narrative states {code} = {} ({}), the table {}",
            bounds.en(),
            figure.value_raw,
            num(value)
        );
        let zh = format!(
            "正文称{name}为{}（“{}”），表格为{}",
            bounds.zh(),
            figure.value_raw,
            num(value)
        );
        let mut finding = new_finding(
            report.into(),
            rule::NARRATIVE_TABLE,
            Severity::Warning,
            (en, zh),
            Some(value),
            figure.value,
        );
        finding.indicators = vec![code.to_owned()];
        finding.evidence = Some(format!(
            "narrative p{} s{}: {:?}; {}",
            figure.row_no.unwrap_or(0),
            figure.col_no.unwrap_or(0),
            figure.snippet.as_deref().unwrap_or(&figure.value_raw),
            cell_evidence(cell)
        ));
        out.push(finding);
    }
}

/// The one cell of several that all state the same value; none when they
/// disagree (the tables contradict each other, not the narrative).
fn one_value<'r>(cells: &[&'r Record]) -> Option<&'r Record> {
    let first = *cells.first()?;
    cells
        .iter()
        .all(|c| c.value == first.value)
        .then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds(lo: f64, hi: f64) -> Bounds {
        Bounds { lo, hi }
    }

    #[test]
    fn exact_sums_hold_or_fail() {
        let e = Bounds::exact;
        assert_eq!(compare(Relation::Equal, e(5.0), e(5.0)), Outcome::Holds);
        assert_eq!(compare(Relation::Equal, e(5.0), e(4.0)), Outcome::Fails);
        assert_eq!(
            compare(Relation::Equal, e(0.5), e(0.35 + 0.15)),
            Outcome::Holds
        );
        assert_eq!(compare(Relation::AtLeast, e(5.0), e(7.0)), Outcome::Holds);
        assert_eq!(compare(Relation::AtLeast, e(5.0), e(4.0)), Outcome::Fails);
        assert_eq!(compare(Relation::AtMost, e(5.0), e(5.0)), Outcome::Holds);
        assert_eq!(compare(Relation::AtMost, e(5.0), e(6.0)), Outcome::Fails);
    }

    #[test]
    fn unknown_parts_fail_only_when_nothing_could_mend_them() {
        let e = Bounds::exact;
        // 5 = 3 + blank: the blank may be 2.
        let parts = e(3.0).add(Bounds::UNKNOWN);
        assert_eq!(
            compare(Relation::Equal, e(5.0), parts),
            Outcome::NotAssessable
        );
        // 5 = 7 + blank: no blank of 0 or more mends it.
        let parts = e(7.0).add(Bounds::UNKNOWN);
        assert_eq!(compare(Relation::Equal, e(5.0), parts), Outcome::Fails);
        // at least: 1860 ≤ 1030 + 830 + blanks holds whatever the blanks.
        let channels = e(1860.0).add(Bounds::UNKNOWN);
        assert_eq!(
            compare(Relation::AtLeast, e(1860.0), channels),
            Outcome::Holds
        );
    }

    #[test]
    fn approximate_values_are_bounds() {
        // 430余 against a table of 400: the figure says at least 430.
        assert!(!bounds(430.0, f64::INFINITY).contains(400.0));
        assert!(bounds(430.0, f64::INFINITY).contains(436.0));
        // 近1000 against 990.
        assert!(bounds(0.0, 1000.0).contains(990.0));
        assert_eq!(
            compare(
                Relation::Equal,
                bounds(430.0, f64::INFINITY),
                Bounds::exact(400.0)
            ),
            Outcome::Fails
        );
    }

    /// The report of a pre-2019 document (an empty one, its template set).
    fn report() -> Report {
        let empty = crate::model::SourceDoc::default();
        let mut r = crate::pipeline::process(&empty, Taxonomy::builtin()).report;
        r.template = Template::Pre2019;
        r
    }

    /// A pre-2019 table cell in row `row`: (indicator, raw).
    fn cell(row: u32, indicator: Option<&str>, raw: &str) -> Record {
        let n = crate::normalize::normalize(raw);
        Record {
            report_id: "r".into(),
            agency: None,
            report_year: Some(2016),
            template: Template::Pre2019,
            origin: Origin::Table,
            table_no: Some(1),
            row_no: Some(row),
            col_no: Some(3),
            section: None,
            row_label: Some(format!("row {row}")),
            col_label: Some("数量".into()),
            indicator: indicator.map(str::to_owned),
            breakdown: (indicator == Some("apply.received")).then(|| "total".to_owned()),
            unit: Some("件".into()),
            value: n.value,
            value_raw: raw.into(),
            status: n.status,
            qualifier: n.qualifier,
            snippet: None,
        }
    }

    #[test]
    fn a_row_the_table_lacks_counts_zero_unless_an_unknown_row_may_be_it() {
        let table = |middle: Option<Record>| {
            let mut rows = vec![
                cell(1, Some("apply.received"), "5"),
                cell(2, Some("apply.received.in_person"), "2"),
                cell(4, Some("apply.received.online"), "2"),
                cell(5, Some("apply.received.letter"), "0"),
            ];
            rows.extend(middle);
            audit(&report(), &rows, Taxonomy::builtin())
        };
        // No 传真 row at all: the rows it has must add up, and do not.
        let found = table(None);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            (found[0].rule.as_str(), found[0].severity),
            (rule::SUM_EQUAL, Severity::Error)
        );
        // A row the taxonomy does not know (a misspelt 传真申请数) sits among
        // the parts: it may be the missing part, so the sum is not assessable.
        let found = table(Some(cell(3, None, "1")));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            (found[0].rule.as_str(), found[0].severity),
            (rule::SUM_EQUAL, Severity::Info)
        );
    }

    #[test]
    fn numbers_print_as_written() {
        assert_eq!(num(1860.0), "1860");
        assert_eq!(num(0.35), "0.35");
        assert_eq!(bounds(430.0, f64::INFINITY).en(), "at least 430");
        assert_eq!(bounds(0.0, 1000.0).zh(), "不超过1000");
    }
}
