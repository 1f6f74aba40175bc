//! The shape of the taxonomy file (`taxonomy/indicators.toml`): one serde
//! struct per table of the file (`[[indicator]]`, `[[dimension]]`,
//! `[[breakdown]]`, `[[identity]]`, `[[continuity]]`) and the small methods
//! that read an entry.
//!
//! This module says what an entry holds, as written; it must not check one
//! entry against another (see `parse`) or match labels (see `lookup`).

use serde::Deserialize;

use crate::model::Template;

/// Whether a row is a value or a heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A row that states a value (the default).
    #[default]
    Value,
    /// A heading row, which usually holds no value; when it does, the value is
    /// kept under the section's code.
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
    /// The canonical code (`proactive.total`), stable across eras when the
    /// meaning is the same.
    pub code: String,
    /// The Chinese name, as the national template writes it.
    pub name: String,
    /// The template's unit; a unit written in the row or cell wins in records.
    #[serde(default)]
    pub unit: Option<String>,
    /// The template eras whose tables carry it (`pre2019`, `fmt2019`, `fmt2021`).
    #[serde(default)]
    pub eras: Vec<String>,
    /// The table section it belongs to (`proactive`, `application`, …), which
    /// tells repeated labels apart.
    #[serde(default)]
    pub section: Option<String>,
    /// A value row or a heading row.
    #[serde(default)]
    pub kind: Kind,
    /// The code this one is a part of; `None` for a top-level indicator.
    #[serde(default)]
    pub parent: Option<String>,
    /// How it relates to its parent.
    #[serde(default)]
    pub role: Role,
    /// On a parent: how its parts relate to it; `None` means no sum rule.
    #[serde(default)]
    pub sum: Option<SumRule>,
    /// The fixed breakdown its row carries in a table whose columns do not
    /// break it down (pre2019 收到申请数: `total`).
    #[serde(default)]
    pub breakdown: Option<String>,
    /// Row labels as written in reports (matched after folding).
    #[serde(default)]
    pub labels: Vec<String>,
    /// Which eras the code can be compared across, and any caveat.
    #[serde(default)]
    pub comparable: Option<String>,
    /// Phrases that state this indicator in the narrative
    /// (`主动公开政府信息`).
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
    /// Whether the code means the same in every era it is used in; required
    /// for a code of several eras.
    #[serde(default)]
    pub comparability: Option<Comparability>,
    /// Zeros stated in words (`未收到…政府信息公开申请`); `…` is a short gap.
    #[serde(default)]
    pub narrative_none: Vec<String>,
}

impl Indicator {
    /// Used in tables of `template`.
    pub(crate) fn in_era(&self, template: Template) -> bool {
        self.eras.iter().any(|e| e == template.as_str())
    }

    /// In any of `eras`.
    pub(crate) fn in_eras(&self, eras: &[Template]) -> bool {
        eras.iter().any(|t| self.in_era(*t))
    }
}

/// A way a fmt table's columns split an indicator (申请人情况).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    /// The dimension's code (`applicant`, `route`).
    pub code: String,
    /// Its Chinese name.
    pub name: String,
    /// The eras whose tables have it.
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
    /// What records carry in `breakdown` (`natural_person`, `total`).
    pub code: String,
    /// Its Chinese name.
    pub name: String,
    /// The code of the dimension it is a value of.
    pub dimension: String,
    /// The breakdown this one is a part of (the column rule: 总计 = the parts).
    #[serde(default)]
    pub parent: Option<String>,
    /// On a total column: how its part columns relate to it.
    #[serde(default)]
    pub sum: Option<SumRule>,
    /// Column headers as written in reports.
    #[serde(default)]
    pub labels: Vec<String>,
    /// Any caveat in comparing it across eras.
    #[serde(default)]
    pub comparable: Option<String>,
}

/// A rule across two reports of one agency: what the report of year N
/// states for `this_year` equals what the report of year N − 1 states for
/// `previous_year` (summed), column by column (same breakdown).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Continuity {
    /// The rule's name, for messages.
    pub name: String,
    /// Both reports must be of these eras.
    #[serde(default)]
    pub eras: Vec<String>,
    /// The codes read in the report of year N.
    pub this_year: Vec<String>,
    /// The codes read in the report of year N − 1.
    pub previous_year: Vec<String>,
}

impl Continuity {
    /// True when a report of `template` may take part in the rule.
    pub(crate) fn in_era(&self, template: Template) -> bool {
        self.eras.iter().any(|e| e == template.as_str())
    }
}

/// An identity a table states about itself: the codes in `left` add up to
/// the codes in `right`, in every column of dimension `per`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    /// The identity's name, for messages.
    pub name: String,
    /// The eras whose tables print it.
    #[serde(default)]
    pub eras: Vec<String>,
    /// The dimension whose every column it holds in; `None` for one sum.
    #[serde(default)]
    pub per: Option<String>,
    /// The codes of one side.
    pub left: Vec<String>,
    /// The codes of the other side.
    pub right: Vec<String>,
}

impl Identity {
    /// True when the identity applies to tables of any of `eras`.
    pub(crate) fn in_eras(&self, eras: &[Template]) -> bool {
        eras.iter()
            .any(|t| self.eras.iter().any(|e| e == t.as_str()))
    }
}

/// The whole file, as written: what [`super::Taxonomy::parse`] validates and indexes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TaxonomyFile {
    #[allow(dead_code)]
    pub(super) version: u32,
    pub(super) indicator: Vec<Indicator>,
    #[serde(default)]
    pub(super) dimension: Vec<Dimension>,
    #[serde(default)]
    pub(super) breakdown: Vec<Breakdown>,
    #[serde(default)]
    pub(super) identity: Vec<Identity>,
    #[serde(default)]
    pub(super) continuity: Vec<Continuity>,
}
