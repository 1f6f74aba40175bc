//! The indicator taxonomy: a data file (`taxonomy/indicators.toml`, embedded at
//! build time, replaceable at run time) and the matcher that maps a row label
//! as written to a canonical indicator code.
//!
//! Matching is tolerant of how labels vary (numbering, 其中:, notes in
//! brackets, quotes, spacing, full/half width, 其它/其他, Traditional
//! characters) but exact after that:
//! a label that matches nothing, or several things the context cannot tell
//! apart, stays unmapped. Guessing an indicator would put a number in the
//! wrong column of every comparison built on it.
//!
//! Besides indicators, the file defines the breakdowns a fmt table's columns
//! carry (`[[dimension]]`, `[[breakdown]]`) and the identities a table states
//! about itself (`[[identity]]`); the re-alignment of text tables and the audit
//! read their sum rules from here.
//!
//! This module knows labels and codes; it must not read grids or cell values.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;
use thiserror::Error;

use crate::model::Template;
use crate::normalize::clean;

pub mod rules;

/// The taxonomy shipped with this build.
pub const BUILTIN: &str = include_str!("../../taxonomy/indicators.toml");

/// Traditional → Simplified character pairs used by [`label_key`].
const TRADITIONAL: &str = include_str!("../../taxonomy/traditional.tsv");

#[derive(Debug, Error)]
pub enum TaxonomyError {
    #[error("cannot read taxonomy file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("taxonomy is not valid TOML: {0}")]
    Syntax(#[from] toml::de::Error),
    #[error("taxonomy: indicator code {0:?} appears twice")]
    DuplicateCode(String),
    #[error("taxonomy: {code:?} names parent {parent:?}, which is not defined")]
    UnknownParent { code: String, parent: String },
    #[error("taxonomy: {code:?} has era {era:?}; expected pre2019, fmt2019 or fmt2021")]
    UnknownEra { code: String, era: String },
    #[error("taxonomy: {0:?} has neither labels nor columns")]
    NoLabels(String),
    #[error("taxonomy: {code:?} names dimension {dimension:?}, which is not defined")]
    UnknownDimension { code: String, dimension: String },
    #[error("taxonomy: breakdown {0:?} appears twice")]
    DuplicateBreakdown(String),
    #[error(
        "taxonomy: breakdown {code:?} names parent {parent:?}, which is not a breakdown of its dimension"
    )]
    UnknownBreakdownParent { code: String, parent: String },
    #[error("taxonomy: rule {name:?} names {code:?}, which is not defined")]
    UnknownIdentityCode { name: String, code: String },
    #[error(
        "taxonomy: {0:?} is used in several eras but does not say its comparability (\"same\" or \"similar\")"
    )]
    MissingComparability(String),
}

/// Whether a row is a value or a heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    #[default]
    Value,
    Section,
}

/// How an indicator relates to its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Parts add up to the parent (under the parent's `sum`).
    #[default]
    Part,
    /// 其中: a subset, at most the parent.
    OfWhich,
}

/// How a parent relates to its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SumRule {
    /// The parts add up to the total.
    Equal,
    /// The parts count overlapping items, so their sum is at least the total.
    AtLeast,
}

/// Whether a code used in several eras means the same thing in each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparability {
    /// The same definition in every era it is used in.
    Same,
    /// The same concept with changed wording or scope: compare with the care
    /// the `comparable` note asks for.
    Similar,
}

/// One canonical indicator, as written in the data file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub eras: Vec<String>,
    #[serde(default)]
    pub section: Option<String>,
    #[serde(default)]
    pub kind: Kind,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub role: Role,
    #[serde(default)]
    pub sum: Option<SumRule>,
    #[serde(default)]
    pub breakdown: Option<String>,
    #[serde(default)]
    pub labels: Vec<String>,
    #[serde(default)]
    pub comparable: Option<String>,
    #[serde(default)]
    pub narrative: Vec<String>,
    /// Column headers that, with a row label from `labels` (or, for rows with
    /// no label, alone), name this cell in a fmt table.
    #[serde(default)]
    pub columns: Vec<String>,
    /// Group headers one of which must stand over the column (行政复议).
    #[serde(default)]
    pub within: Vec<String>,
    /// The breakdown dimension the cells of its fmt table row carry.
    #[serde(default)]
    pub dimension: Option<String>,
    #[serde(default)]
    pub comparability: Option<Comparability>,
    /// Zeros stated in words (`未收到…政府信息公开申请`); `…` is a short gap.
    #[serde(default)]
    pub narrative_none: Vec<String>,
}

impl Indicator {
    pub fn in_era(&self, template: Template) -> bool {
        self.eras.iter().any(|e| e == template.as_str())
    }

    /// In any of `eras`.
    pub fn in_eras(&self, eras: &[Template]) -> bool {
        eras.iter().any(|t| self.in_era(*t))
    }
}

/// A way a fmt table's columns split an indicator (申请人情况).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub eras: Vec<String>,
    /// The header written over all of its columns.
    #[serde(default)]
    pub labels: Vec<String>,
    /// Headers written over some of its columns that are not breakdowns
    /// themselves (法人或其他组织).
    #[serde(default)]
    pub groups: Vec<String>,
}

/// One value of a dimension: what a column carries in `breakdown`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Breakdown {
    pub code: String,
    pub name: String,
    pub dimension: String,
    /// The breakdown this one is a part of (the column rule: 总计 = the parts).
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub sum: Option<SumRule>,
    #[serde(default)]
    pub labels: Vec<String>,
    #[serde(default)]
    pub comparable: Option<String>,
}

/// A rule across two reports of one agency: what the report of year N
/// states for `this_year` equals what the report of year N − 1 states for
/// `previous_year` (summed), column by column (same breakdown).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Continuity {
    pub name: String,
    /// Both reports must be of these eras.
    #[serde(default)]
    pub eras: Vec<String>,
    pub this_year: Vec<String>,
    pub previous_year: Vec<String>,
}

impl Continuity {
    pub fn in_era(&self, template: Template) -> bool {
        self.eras.iter().any(|e| e == template.as_str())
    }
}

/// An identity a table states about itself: the codes in `left` add up to
/// the codes in `right`, in every column of dimension `per`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    pub name: String,
    #[serde(default)]
    pub eras: Vec<String>,
    #[serde(default)]
    pub per: Option<String>,
    pub left: Vec<String>,
    pub right: Vec<String>,
}

impl Identity {
    pub fn in_eras(&self, eras: &[Template]) -> bool {
        eras.iter()
            .any(|t| self.eras.iter().any(|e| e == t.as_str()))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TaxonomyFile {
    #[allow(dead_code)]
    version: u32,
    indicator: Vec<Indicator>,
    #[serde(default)]
    dimension: Vec<Dimension>,
    #[serde(default)]
    breakdown: Vec<Breakdown>,
    #[serde(default)]
    identity: Vec<Identity>,
    #[serde(default)]
    continuity: Vec<Continuity>,
}

/// The loaded taxonomy with its lookup tables.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    indicators: Vec<Indicator>,
    dimensions: Vec<Dimension>,
    breakdowns: Vec<Breakdown>,
    identities: Vec<Identity>,
    continuities: Vec<Continuity>,
    by_code: HashMap<String, usize>,
    by_key: HashMap<String, Vec<usize>>,
    by_column: HashMap<String, Vec<usize>>,
    /// (dimension, label key) → the first breakdown of that dimension known by it.
    breakdown_keys: HashMap<(String, String), usize>,
    /// (dimension, label key) of the headers written over a dimension's columns.
    dimension_header_keys: HashSet<(String, String)>,
    /// Label keys of every group header a cell must stand under (`within`).
    within_keys: Vec<String>,
}

/// What a label lookup found.
#[derive(Debug, Clone, Copy)]
pub enum Lookup<'a> {
    Found(&'a Indicator),
    /// Several indicators share the label and the context cannot choose.
    Ambiguous,
    NotFound,
}

impl Taxonomy {
    /// The taxonomy embedded in this build.
    pub fn builtin() -> &'static Taxonomy {
        static BUILTIN_TAXONOMY: LazyLock<Taxonomy> = LazyLock::new(|| {
            Taxonomy::parse(BUILTIN).expect("the embedded taxonomy is validated by its tests")
        });
        &BUILTIN_TAXONOMY
    }

    pub fn from_file(path: &Path) -> Result<Taxonomy, TaxonomyError> {
        let text = std::fs::read_to_string(path).map_err(|source| TaxonomyError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Taxonomy::parse(&text)
    }

    pub fn parse(text: &str) -> Result<Taxonomy, TaxonomyError> {
        let file: TaxonomyFile = toml::from_str(text)?;
        let mut by_code = HashMap::new();
        for (i, ind) in file.indicator.iter().enumerate() {
            if by_code.insert(ind.code.clone(), i).is_some() {
                return Err(TaxonomyError::DuplicateCode(ind.code.clone()));
            }
        }
        validate_breakdowns(&file)?;
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_column: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, ind) in file.indicator.iter().enumerate() {
            if let Some(era) = ind.eras.iter().find(|e| Template::parse(e).is_none()) {
                return Err(TaxonomyError::UnknownEra {
                    code: ind.code.clone(),
                    era: era.clone(),
                });
            }
            if let Some(parent) = ind.parent.as_ref().filter(|p| !by_code.contains_key(*p)) {
                return Err(TaxonomyError::UnknownParent {
                    code: ind.code.clone(),
                    parent: parent.clone(),
                });
            }
            if ind.labels.is_empty() && ind.columns.is_empty() {
                return Err(TaxonomyError::NoLabels(ind.code.clone()));
            }
            if let Some(dim) = ind
                .dimension
                .as_ref()
                .filter(|d| !file.dimension.iter().any(|x| &x.code == *d))
            {
                return Err(TaxonomyError::UnknownDimension {
                    code: ind.code.clone(),
                    dimension: dim.clone(),
                });
            }
            if ind.eras.len() > 1 && ind.comparability.is_none() {
                return Err(TaxonomyError::MissingComparability(ind.code.clone()));
            }
            for (labels, index) in [(&ind.labels, &mut by_key), (&ind.columns, &mut by_column)] {
                for label in labels {
                    let slot = index.entry(label_key(label)).or_default();
                    if !slot.contains(&i) {
                        slot.push(i);
                    }
                }
            }
        }
        let rule_codes = file
            .identity
            .iter()
            .map(|i| (&i.name, i.left.iter().chain(&i.right).collect::<Vec<_>>()))
            .chain(file.continuity.iter().map(|c| {
                let codes = c.this_year.iter().chain(&c.previous_year).collect();
                (&c.name, codes)
            }));
        for (name, codes) in rule_codes {
            if let Some(code) = codes.into_iter().find(|c| !by_code.contains_key(*c)) {
                return Err(TaxonomyError::UnknownIdentityCode {
                    name: name.clone(),
                    code: code.clone(),
                });
            }
        }
        let mut breakdown_keys = HashMap::new();
        for (i, b) in file.breakdown.iter().enumerate() {
            for label in &b.labels {
                breakdown_keys
                    .entry((b.dimension.clone(), label_key(label)))
                    .or_insert(i);
            }
        }
        let dimension_header_keys = file
            .dimension
            .iter()
            .flat_map(|d| {
                d.labels
                    .iter()
                    .chain(&d.groups)
                    .map(|l| (d.code.clone(), label_key(l)))
            })
            .collect();
        let mut within_keys: Vec<String> = file
            .indicator
            .iter()
            .flat_map(|i| i.within.iter().map(|w| label_key(w)))
            .collect();
        within_keys.sort();
        within_keys.dedup();
        Ok(Taxonomy {
            indicators: file.indicator,
            dimensions: file.dimension,
            breakdowns: file.breakdown,
            identities: file.identity,
            continuities: file.continuity,
            by_code,
            by_key,
            by_column,
            breakdown_keys,
            dimension_header_keys,
            within_keys,
        })
    }

    /// The label keys of every group header named by some indicator's
    /// `within` (行政复议, 行政诉讼), sorted.
    pub fn within_keys(&self) -> &[String] {
        &self.within_keys
    }

    pub fn indicators(&self) -> &[Indicator] {
        &self.indicators
    }

    pub fn get(&self, code: &str) -> Option<&Indicator> {
        self.by_code.get(code).map(|&i| &self.indicators[i])
    }

    /// The indicators whose parent is `code`, in file order.
    pub fn children<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Indicator> + 'a {
        self.indicators
            .iter()
            .filter(move |i| i.parent.as_deref() == Some(code))
    }

    /// The parts (role `part`) of `code` used in any of `eras`: what its
    /// `sum` rule adds up in those eras.
    pub fn parts_in<'a>(
        &'a self,
        code: &'a str,
        eras: &'a [Template],
    ) -> impl Iterator<Item = &'a Indicator> + 'a {
        self.children(code)
            .filter(move |i| i.role == Role::Part && i.in_eras(eras))
    }

    pub fn dimensions(&self) -> &[Dimension] {
        &self.dimensions
    }

    pub fn breakdowns(&self) -> &[Breakdown] {
        &self.breakdowns
    }

    pub fn identities(&self) -> &[Identity] {
        &self.identities
    }

    /// The year-over-year rules, for the audit across reports.
    pub fn continuities(&self) -> &[Continuity] {
        &self.continuities
    }

    /// The breakdown of `dimension` a column header names, if any.
    pub fn breakdown_in(&self, dimension: &str, header: &str) -> Option<&Breakdown> {
        let key = (dimension.to_owned(), label_key(header));
        self.breakdown_keys.get(&key).map(|&i| &self.breakdowns[i])
    }

    /// True when some fmt table cell is known by the column header `header`.
    pub fn knows_column(&self, header: &str) -> bool {
        self.by_column.contains_key(&label_key(header))
    }

    /// True when `header` is written over the columns of `dimension` without
    /// being a breakdown itself (申请人情况, 法人或其他组织).
    pub fn is_dimension_header(&self, dimension: &str, header: &str) -> bool {
        let key = (dimension.to_owned(), label_key(header));
        self.dimension_header_keys.contains(&key)
    }

    /// Map the row-label path of a fmt table row (`三、本年度办理结果 /
    /// （三）不予公开 / 1.属于国家秘密`) to an indicator of `sections` used in any
    /// of `eras`. The leaf names the row; an earlier element that names a row
    /// with parts must be one of its ancestors, or the row is not found: `4.其他`
    /// under `（四）无法提供` is not given the code of `（六）其他处理 / 3.其他`.
    pub fn lookup_path(&self, eras: &[Template], sections: &[&str], path: &[String]) -> Lookup<'_> {
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
    pub fn lookup_cell(
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
    pub fn lookup(&self, template: Template, label: &str, section: Option<&str>) -> Lookup<'_> {
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

fn validate_breakdowns(file: &TaxonomyFile) -> Result<(), TaxonomyError> {
    let mut seen = HashSet::new();
    for b in &file.breakdown {
        if !seen.insert(b.code.as_str()) {
            return Err(TaxonomyError::DuplicateBreakdown(b.code.clone()));
        }
        if !file.dimension.iter().any(|d| d.code == b.dimension) {
            return Err(TaxonomyError::UnknownDimension {
                code: b.code.clone(),
                dimension: b.dimension.clone(),
            });
        }
    }
    for b in &file.breakdown {
        if let Some(parent) = b.parent.as_ref().filter(|p| {
            !file
                .breakdown
                .iter()
                .any(|x| &&x.code == p && x.dimension == b.dimension)
        }) {
            return Err(TaxonomyError::UnknownBreakdownParent {
                code: b.code.clone(),
                parent: parent.clone(),
            });
        }
    }
    for id in &file.identity {
        if let Some(per) = id
            .per
            .as_ref()
            .filter(|p| !file.dimension.iter().any(|d| &&d.code == p))
        {
            return Err(TaxonomyError::UnknownDimension {
                code: id.name.clone(),
                dimension: per.clone(),
            });
        }
    }
    Ok(())
}

/// What a column of a `指标 | 单位 | 数量` statistics table holds, read from its
/// header cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnRole {
    Label,
    Unit,
    /// A value column; `cumulative` for 历年累计 (a running total over all years).
    Value {
        cumulative: bool,
    },
}

/// The role announced by a header cell, if it is one of the headers the
/// national and provincial statistics tables use.
pub fn column_role(header: &str) -> Option<ColumnRole> {
    let key = label_key(header);
    let without_year = key.trim_start_matches(|c: char| c.is_ascii_digit());
    let has_year = without_year.len() < key.len();
    match key.as_str() {
        "指标" | "指标名称" | "统计指标" | "项目" | "项目名称" | "指標" | "指標名稱" => {
            Some(ColumnRole::Label)
        }
        "单位" | "计量单位" | "單位" | "計量單位" => Some(ColumnRole::Unit),
        "历年累计" | "歷年累計" | "累计" | "累計" => {
            Some(ColumnRole::Value { cumulative: true })
        }
        "数量" | "數量" | "数值" | "统计数" | "本年度" | "本年" => {
            Some(ColumnRole::Value { cumulative: false })
        }
        _ if has_year && matches!(without_year, "年度" | "年" | "年度数量" | "年数量") => {
            Some(ColumnRole::Value { cumulative: false })
        }
        _ => None,
    }
}

/// The matching key of a label: the label as written, minus everything that
/// varies between reports without changing its meaning.
///
/// Classification asks for the keys of the same few hundred labels many
/// times per document, so each thread remembers the keys it computed (up to
/// [`KEY_CACHE`] labels, then starts over).
pub fn label_key(label: &str) -> String {
    thread_local! {
        static KEYS: std::cell::RefCell<HashMap<String, String>> = Default::default();
    }
    KEYS.with(|cache| {
        if let Some(key) = cache.borrow().get(label) {
            return key.clone();
        }
        let key = compute_label_key(label);
        let mut cache = cache.borrow_mut();
        if cache.len() >= KEY_CACHE {
            cache.clear();
        }
        cache.insert(label.to_owned(), key.clone());
        key
    })
}

/// How many label keys each thread remembers.
const KEY_CACHE: usize = 20_000;

fn compute_label_key(label: &str) -> String {
    static BRACKETED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[(\[【][^()\[\]【】]*[)\]】]").expect("static regex"));

    let cleaned = clean(label);
    let mut key = String::with_capacity(cleaned.len());
    key.extend(
        cleaned
            .chars()
            .filter(|c| !c.is_whitespace() && !is_quote(*c))
            .map(simplified),
    );
    let mut start = 0;
    while let Some(rest) = strip_numbering(&key[start..]) {
        start = key.len() - rest.len();
    }
    key.drain(..start);
    if key.contains(['(', '[', '【']) {
        while let Some(m) = BRACKETED.find(&key) {
            key.replace_range(m.range(), "");
        }
    }
    if key.contains("其它") {
        key = key.replace("其它", "其他");
    }
    let kept = key
        .trim_end_matches([':', '：', ';', '；', '。', ',', '，'])
        .len();
    key.truncate(kept);
    key
}

/// `text` with Traditional characters replaced by their Simplified forms
/// (`申請總計` → `申请总计`), for matching only: stored text stays as written.
pub fn fold_traditional(text: &str) -> String {
    text.chars().map(simplified).collect()
}

/// The (traditional, simplified) pairs of `taxonomy/traditional.tsv`, sorted
/// by the traditional character.
pub fn traditional_pairs() -> &'static [(char, char)] {
    static TABLE: LazyLock<Vec<(char, char)>> = LazyLock::new(|| {
        let mut pairs: Vec<(char, char)> = TRADITIONAL
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut chars = l.split('\t').map(|f| f.trim().chars());
                let t = chars.next()?.next()?;
                let s = chars.next()?.next()?;
                Some((t, s))
            })
            .collect();
        pairs.sort_unstable();
        pairs.dedup_by_key(|(t, _)| *t);
        pairs
    });
    &TABLE
}

fn simplified(c: char) -> char {
    /// Which characters of the Basic Multilingual Plane have a pair: most
    /// characters have none, and a bit says so at once.
    static HAS_PAIR: LazyLock<Vec<u64>> = LazyLock::new(|| {
        let mut bits = vec![0u64; 1024];
        for &(t, _) in traditional_pairs() {
            if let Some(word) = bits.get_mut(t as usize / 64) {
                *word |= 1 << (t as usize % 64);
            }
        }
        bits
    });
    if c.is_ascii() {
        return c;
    }
    if let Some(word) = HAS_PAIR.get(c as usize / 64)
        && word & (1 << (c as usize % 64)) == 0
    {
        return c;
    }
    let table = traditional_pairs();
    table
        .binary_search_by_key(&c, |(t, _)| *t)
        .map_or(c, |i| table[i].1)
}

/// The label after one leading numbering mark (`一、`, `(一)`, `1.`, `(1)`,
/// `①`, `其中:`), or `None` when it has none. `2.5G` is a number, not numbering.
fn strip_numbering(key: &str) -> Option<&str> {
    static NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?:其中[:：]?|[一二三四五六七八九十]+[、.．]|\(?[一二三四五六七八九十]+\)|\(?\d{1,2}\)|\d{1,2}[.、．]|[①-⑳])",
        )
        .expect("static regex")
    });
    let m = NUMBERING.find(key)?;
    let rest = &key[m.end()..];
    let decimal = m.as_str().ends_with('.') && rest.starts_with(|c: char| c.is_ascii_digit());
    (!decimal && !rest.is_empty()).then_some(rest)
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '”'
            | '‘'
            | '’'
            | '「'
            | '」'
            | '『'
            | '』'
            | '《'
            | '》'
            | '〈'
            | '〉'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_taxonomy_is_valid() {
        let tax = Taxonomy::parse(BUILTIN).unwrap();
        assert!(tax.get("proactive.total").is_some());
        assert_eq!(
            tax.children("apply.received")
                .map(|i| i.code.as_str())
                .collect::<Vec<_>>(),
            [
                "apply.received.in_person",
                "apply.received.fax",
                "apply.received.online",
                "apply.received.letter",
                "apply.received.letter_or_fax"
            ]
        );
    }

    #[test]
    fn label_keys_ignore_what_varies() {
        let cases = [
            (
                "(一)主动公开政府信息数(不同渠道和方式公开相同信息计1条)",
                "主动公开政府信息数",
            ),
            (
                "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）",
                "主动公开政府信息数",
            ),
            ("其中:主动公开规范性文件数", "主动公开规范性文件数"),
            ("其中：1.政府网站公开数", "政府网站公开数"),
            ("1、当面申请数", "当面申请数"),
            ("（1）当面申请数", "当面申请数"),
            ("四、行政复议数量", "行政复议数量"),
            ("5.其它方式公开政府信息数", "其他方式公开政府信息数"),
            ("危及“三安全一稳定”", "危及三安全一稳定"),
            ("指 标", "指标"),
            (
                "1.专职人员数(不包括政府公报及政府网站工作人员数)",
                "专职人员数",
            ),
        ];
        for (label, key) in cases {
            assert_eq!(label_key(label), key, "{label}");
        }
    }

    #[test]
    fn column_roles() {
        assert_eq!(column_role("指 标"), Some(ColumnRole::Label));
        assert_eq!(column_role("计量单位"), Some(ColumnRole::Unit));
        assert_eq!(
            column_role("2018年度"),
            Some(ColumnRole::Value { cumulative: false })
        );
        assert_eq!(
            column_role("历年累计"),
            Some(ColumnRole::Value { cumulative: true })
        );
        assert_eq!(column_role("2018"), None);
        assert_eq!(column_role("收到申请数"), None);
    }

    #[test]
    fn numbers_inside_labels_are_kept() {
        assert_eq!(label_key("12345热线"), "12345热线");
        assert_eq!(label_key("2.5G"), "2.5G");
    }

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

    #[test]
    fn bad_files_are_typed_errors() {
        let dup = "version = 1\n[[indicator]]\ncode='a'\nname='A'\nlabels=['a']\n[[indicator]]\ncode='a'\nname='B'\nlabels=['b']";
        assert!(matches!(
            Taxonomy::parse(dup),
            Err(TaxonomyError::DuplicateCode(_))
        ));
        let orphan = "version = 1\n[[indicator]]\ncode='a'\nname='A'\nparent='zz'\nlabels=['a']";
        assert!(matches!(
            Taxonomy::parse(orphan),
            Err(TaxonomyError::UnknownParent { .. })
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
    fn traditional_labels_fold_to_simplified() {
        assert_eq!(
            label_key("一、本年新收政府信息公開申請數量"),
            "本年新收政府信息公开申请数量"
        );
        assert_eq!(label_key("（七）總計"), "总计");
        assert_eq!(fold_traditional("報告"), "报告");
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

    #[test]
    fn new_sections_of_the_file_are_validated() {
        let base = "version = 1\n[[indicator]]\ncode='a'\nname='A'\nlabels=['a']\n";
        let shared = "version = 1\n[[indicator]]\ncode='a'\nname='A'\neras=['pre2019','fmt2019']\nlabels=['a']";
        assert!(matches!(
            Taxonomy::parse(shared),
            Err(TaxonomyError::MissingComparability(_))
        ));
        let bad_dim = format!("{base}[[breakdown]]\ncode='x'\nname='X'\ndimension='nope'");
        assert!(matches!(
            Taxonomy::parse(&bad_dim),
            Err(TaxonomyError::UnknownDimension { .. })
        ));
        let bad_identity = format!("{base}[[identity]]\nname='i'\nleft=['a']\nright=['zz']");
        assert!(matches!(
            Taxonomy::parse(&bad_identity),
            Err(TaxonomyError::UnknownIdentityCode { .. })
        ));
        let tax = Taxonomy::builtin();
        assert_eq!(tax.identities().len(), 1);
        assert!(
            tax.indicators()
                .iter()
                .all(|i| i.eras.len() < 2 || i.comparability.is_some())
        );
    }
}
