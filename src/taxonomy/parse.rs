//! Reading a taxonomy file: TOML into the [`schema`](super::schema) structs,
//! every cross-reference checked (codes unique, parents, eras, dimensions,
//! breakdowns, the codes a rule names), then the lookup indexes built from the
//! label keys.
//!
//! A file that fails a check is a typed [`TaxonomyError`], never a taxonomy
//! with a hole in it. This module validates and indexes; it must not match a
//! label against the indexes (see `lookup`).

use std::collections::{HashMap, HashSet};

use thiserror::Error;

use super::Taxonomy;
use super::schema::{Breakdown, Dimension, Indicator, TaxonomyFile};
use crate::model::Template;
use crate::text::label_key;

/// Why a taxonomy file was refused: it could not be read, is not TOML, or
/// fails a check of one entry against the others.
#[derive(Debug, Error)]
pub enum TaxonomyError {
    /// The file could not be read.
    #[error("cannot read taxonomy file {path}: {source}")]
    Read {
        /// The file, as given.
        path: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// The text is not TOML, or not in the shape of the file.
    #[error("taxonomy is not valid TOML: {0}")]
    Syntax(#[from] toml::de::Error),
    /// Two indicators share a code.
    #[error("taxonomy: indicator code {0:?} appears twice")]
    DuplicateCode(String),
    /// An indicator names a parent no indicator has as its code.
    #[error("taxonomy: {code:?} names parent {parent:?}, which is not defined")]
    UnknownParent {
        /// The indicator.
        code: String,
        /// The parent it names.
        parent: String,
    },
    /// An indicator names an era other than pre2019, fmt2019 and fmt2021.
    #[error("taxonomy: {code:?} has era {era:?}; expected pre2019, fmt2019 or fmt2021")]
    UnknownEra {
        /// The indicator.
        code: String,
        /// The era it names.
        era: String,
    },
    /// An indicator (of the code given) can match no row: it has neither
    /// `labels` nor `columns`.
    #[error("taxonomy: {0:?} has neither labels nor columns")]
    NoLabels(String),
    /// An indicator, breakdown or identity names a dimension the file does
    /// not define.
    #[error("taxonomy: {code:?} names dimension {dimension:?}, which is not defined")]
    UnknownDimension {
        /// The indicator or breakdown code, or the identity's name.
        code: String,
        /// The dimension it names.
        dimension: String,
    },
    /// Two breakdowns share a code.
    #[error("taxonomy: breakdown {0:?} appears twice")]
    DuplicateBreakdown(String),
    /// A breakdown names a parent that is not a breakdown of its own dimension.
    #[error(
        "taxonomy: breakdown {code:?} names parent {parent:?}, which is not a breakdown of its dimension"
    )]
    UnknownBreakdownParent {
        /// The breakdown.
        code: String,
        /// The parent it names.
        parent: String,
    },
    /// An identity or continuity rule names an undefined code.
    #[error("taxonomy: rule {name:?} names {code:?}, which is not defined")]
    UnknownIdentityCode {
        /// The rule.
        name: String,
        /// The code it names.
        code: String,
    },
    /// An indicator (of the code given) is used in several eras but has no
    /// `comparability`.
    #[error(
        "taxonomy: {0:?} is used in several eras but does not say its comparability (\"same\" or \"similar\")"
    )]
    MissingComparability(String),
}

/// Label key → the indicators (by position) known by it.
type LabelIndex = HashMap<String, Vec<usize>>;

impl Taxonomy {
    /// Parse and validate a taxonomy file's text (in the form of
    /// [`super::BUILTIN`]) and build its lookup indexes.
    pub fn parse(text: &str) -> Result<Taxonomy, TaxonomyError> {
        let file: TaxonomyFile = toml::from_str(text)?;
        let by_code = index_codes(&file.indicator)?;
        validate_breakdowns(&file)?;
        for ind in &file.indicator {
            validate_indicator(ind, &by_code, &file.dimension)?;
        }
        validate_rule_codes(&file, &by_code)?;
        let (by_key, by_column) = index_labels(&file.indicator);
        Ok(Taxonomy {
            breakdown_keys: breakdown_keys(&file.breakdown),
            dimension_header_keys: dimension_header_keys(&file.dimension),
            within_keys: within_keys(&file.indicator),
            indicators: file.indicator,
            dimensions: file.dimension,
            breakdowns: file.breakdown,
            identities: file.identity,
            continuities: file.continuity,
            by_code,
            by_key,
            by_column,
        })
    }
}

/// Code → position of each indicator; a code may appear once.
fn index_codes(indicators: &[Indicator]) -> Result<HashMap<String, usize>, TaxonomyError> {
    let mut by_code = HashMap::new();
    for (i, ind) in indicators.iter().enumerate() {
        if by_code.insert(ind.code.clone(), i).is_some() {
            return Err(TaxonomyError::DuplicateCode(ind.code.clone()));
        }
    }
    Ok(by_code)
}

/// One indicator against the rest of the file: known eras, a defined parent
/// and dimension, something to be matched by, and a comparability when it is
/// used in several eras.
fn validate_indicator(
    ind: &Indicator,
    by_code: &HashMap<String, usize>,
    dimensions: &[Dimension],
) -> Result<(), TaxonomyError> {
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
        .filter(|d| !dimensions.iter().any(|x| &x.code == *d))
    {
        return Err(TaxonomyError::UnknownDimension {
            code: ind.code.clone(),
            dimension: dim.clone(),
        });
    }
    if ind.eras.len() > 1 && ind.comparability.is_none() {
        return Err(TaxonomyError::MissingComparability(ind.code.clone()));
    }
    Ok(())
}

/// Every code an identity or a continuity rule names must be an indicator.
fn validate_rule_codes(
    file: &TaxonomyFile,
    by_code: &HashMap<String, usize>,
) -> Result<(), TaxonomyError> {
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
    Ok(())
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

/// The indicators by the keys of their row labels and of their column
/// headers, each indicator once per key, in file order.
fn index_labels(indicators: &[Indicator]) -> (LabelIndex, LabelIndex) {
    let mut by_key = LabelIndex::new();
    let mut by_column = LabelIndex::new();
    for (i, ind) in indicators.iter().enumerate() {
        for (labels, index) in [(&ind.labels, &mut by_key), (&ind.columns, &mut by_column)] {
            for label in labels {
                let slot = index.entry(label_key(label)).or_default();
                if !slot.contains(&i) {
                    slot.push(i);
                }
            }
        }
    }
    (by_key, by_column)
}

/// (dimension, label key) → the first breakdown of that dimension known by it.
fn breakdown_keys(breakdowns: &[Breakdown]) -> HashMap<(String, String), usize> {
    let mut keys = HashMap::new();
    for (i, b) in breakdowns.iter().enumerate() {
        for label in &b.labels {
            keys.entry((b.dimension.clone(), label_key(label)))
                .or_insert(i);
        }
    }
    keys
}

/// (dimension, label key) of the headers written over a dimension's columns.
fn dimension_header_keys(dimensions: &[Dimension]) -> HashSet<(String, String)> {
    dimensions
        .iter()
        .flat_map(|d| {
            d.labels
                .iter()
                .chain(&d.groups)
                .map(|l| (d.code.clone(), label_key(l)))
        })
        .collect()
}

/// The label keys of every `within` group header, sorted, each once.
fn within_keys(indicators: &[Indicator]) -> Vec<String> {
    let mut keys: Vec<String> = indicators
        .iter()
        .flat_map(|i| i.within.iter().map(|w| label_key(w)))
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

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
