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
//!
//! The module is split by concern: `schema` (the file's entries as written),
//! `parse` (validation and the lookup indexes, [`TaxonomyError`]), `lookup`
//! (labels as written → indicators), `columns` (the header words of
//! statistics tables) and `rules` (the sum rules). Label folding itself is
//! [`crate::text`]'s.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::LazyLock;

use crate::model::Template;

mod columns;
mod lookup;
mod parse;
pub(crate) mod rules;
mod schema;

pub(crate) use columns::column_role;
pub(crate) use lookup::Lookup;
pub use parse::TaxonomyError;
pub use schema::{Breakdown, Comparability, Dimension, Indicator, Kind, Role, SumRule};
pub(crate) use schema::{Continuity, Identity};

/// The taxonomy shipped with this build.
pub const BUILTIN: &str = include_str!("../../taxonomy/indicators.toml");

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

impl Taxonomy {
    /// The taxonomy embedded in this build.
    pub fn builtin() -> &'static Taxonomy {
        static BUILTIN_TAXONOMY: LazyLock<Taxonomy> = LazyLock::new(|| {
            Taxonomy::parse(BUILTIN).expect("the embedded taxonomy is validated by its tests")
        });
        &BUILTIN_TAXONOMY
    }

    /// Read and validate the taxonomy file at `path` (in the form of
    /// [`BUILTIN`]).
    pub fn from_file(path: &Path) -> Result<Taxonomy, TaxonomyError> {
        let text = std::fs::read_to_string(path).map_err(|source| TaxonomyError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Taxonomy::parse(&text)
    }

    /// The label keys of every group header named by some indicator's
    /// `within` (行政复议, 行政诉讼), sorted.
    pub(crate) fn within_keys(&self) -> &[String] {
        &self.within_keys
    }

    /// Every indicator, in file order.
    pub fn indicators(&self) -> &[Indicator] {
        &self.indicators
    }

    /// The indicator of `code`, if the taxonomy defines it.
    pub(crate) fn get(&self, code: &str) -> Option<&Indicator> {
        self.by_code.get(code).map(|&i| &self.indicators[i])
    }

    /// The indicators whose parent is `code`, in file order.
    pub(crate) fn children<'a>(
        &'a self,
        code: &'a str,
    ) -> impl Iterator<Item = &'a Indicator> + 'a {
        self.indicators
            .iter()
            .filter(move |i| i.parent.as_deref() == Some(code))
    }

    /// The parts (role `part`) of `code` used in any of `eras`: what its
    /// `sum` rule adds up in those eras.
    pub(crate) fn parts_in<'a>(
        &'a self,
        code: &'a str,
        eras: &'a [Template],
    ) -> impl Iterator<Item = &'a Indicator> + 'a {
        self.children(code)
            .filter(move |i| i.role == Role::Part && i.in_eras(eras))
    }

    /// The `[[dimension]]` entries, in file order.
    pub fn dimensions(&self) -> &[Dimension] {
        &self.dimensions
    }

    /// The `[[breakdown]]` entries, in file order.
    pub fn breakdowns(&self) -> &[Breakdown] {
        &self.breakdowns
    }

    /// The `[[identity]]` entries, in file order.
    pub(crate) fn identities(&self) -> &[Identity] {
        &self.identities
    }

    /// The year-over-year rules, for the audit across reports.
    pub(crate) fn continuities(&self) -> &[Continuity] {
        &self.continuities
    }
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
}
