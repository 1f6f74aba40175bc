//! The indicator taxonomy: a data file (`taxonomy/indicators.toml`, embedded at
//! build time, replaceable at run time) and the matcher that maps a row label
//! as written to a canonical indicator code.
//!
//! Matching is tolerant of how labels vary (numbering, 其中:, notes in
//! brackets, quotes, spacing, full/half width, 其它/其他) but exact after that:
//! a label that matches nothing, or several things the context cannot tell
//! apart, stays unmapped. Guessing an indicator would put a number in the
//! wrong column of every comparison built on it.
//!
//! This module knows labels and codes; it must not read grids or cell values.

use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;
use thiserror::Error;

use crate::model::Template;
use crate::normalize::clean;

/// The taxonomy shipped with this build.
pub const BUILTIN: &str = include_str!("../taxonomy/indicators.toml");

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
    #[error("taxonomy: {0:?} has no labels")]
    NoLabels(String),
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
    /// Zeros stated in words (`未收到…政府信息公开申请`); `…` is a short gap.
    #[serde(default)]
    pub narrative_none: Vec<String>,
}

impl Indicator {
    pub fn in_era(&self, template: Template) -> bool {
        self.eras.iter().any(|e| e == template.as_str())
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TaxonomyFile {
    #[allow(dead_code)]
    version: u32,
    indicator: Vec<Indicator>,
}

/// The loaded taxonomy with its lookup tables.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    indicators: Vec<Indicator>,
    by_code: HashMap<String, usize>,
    by_key: HashMap<String, Vec<usize>>,
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
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
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
            if ind.labels.is_empty() {
                return Err(TaxonomyError::NoLabels(ind.code.clone()));
            }
            for label in &ind.labels {
                let slot = by_key.entry(label_key(label)).or_default();
                if !slot.contains(&i) {
                    slot.push(i);
                }
            }
        }
        Ok(Taxonomy {
            indicators: file.indicator,
            by_code,
            by_key,
        })
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
pub fn label_key(label: &str) -> String {
    static BRACKETED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[(\[【][^()\[\]【】]*[)\]】]").expect("static regex"));

    let mut key: String = clean(label)
        .chars()
        .filter(|c| !c.is_whitespace() && !is_quote(*c))
        .collect();
    while let Some(rest) = strip_numbering(&key) {
        key = rest.to_owned();
    }
    while let Some(m) = BRACKETED.find(&key) {
        key.replace_range(m.range(), "");
    }
    key.replace("其它", "其他")
        .trim_end_matches([':', '：', ';', '；', '。', ',', '，'])
        .to_owned()
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
}
