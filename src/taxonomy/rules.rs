//! The sum rules the taxonomy states, as rules over the cells of one table:
//! a total is the sum of its parts (`parent` and `sum`), a 其中 row is at most
//! its whole (`role = "of_which"`), a breakdown's total column is the sum of
//! its part columns (`[[breakdown]]`), and the identities a form prints
//! (`[[identity]]`). The re-alignment of text tables and the audit both read
//! their rules from here; neither writes a rule of its own.
//!
//! This module says which cells must add up to which; it must not read
//! values or decide whether a rule holds.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::{Role, SumRule, Taxonomy};
use crate::model::Template;

/// A cell's meaning: indicator code and breakdown.
pub type Key = (String, Option<String>);

/// Where a rule comes from in the taxonomy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleKind {
    /// A total and its parts, in rows: 收到申请数 = 当面 + 传真 + 网络 + 信函.
    Parts,
    /// A 其中 row and its whole: 主动公开规范性文件数 ≤ 主动公开政府信息数.
    OfWhich,
    /// A breakdown's total column and its part columns: 总计 = 自然人 + … + 其他.
    Columns,
    /// An identity the form prints: 一 + 二 = 三（七） + 四.
    Identity,
}

/// How the sums of a rule's two sides compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    /// left = right.
    Equal,
    /// right ≥ left: parts that may count one item on several channels.
    AtLeast,
    /// right ≤ left: a subset and its whole.
    AtMost,
}

impl Relation {
    fn of(sum: SumRule) -> Relation {
        match sum {
            SumRule::Equal => Relation::Equal,
            SumRule::AtLeast => Relation::AtLeast,
        }
    }
}

/// One rule over the cells of a table: the sum of `left` compared with the
/// sum of `right`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// Where in the taxonomy the rule comes from.
    pub kind: RuleKind,
    /// How the sums of `left` and `right` compare.
    pub relation: Relation,
    /// The total side: a total, a whole, or an identity's left side.
    pub left: Vec<Key>,
    /// The parts side.
    pub right: Vec<Key>,
}

/// The rules binding the cells of one table.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    /// The rules, in the order parts, 其中 rows, columns, identities.
    pub rules: Vec<Rule>,
    /// Codes with no cell of their own in the table, read as the sum of their
    /// parts there (（三）不予公开 = its rows 1–8).
    pub derived: HashMap<String, Vec<String>>,
}

impl Rules {
    /// The rules of a table of `eras` whose cells are `present`. A rule is
    /// kept when its total side has a cell and at least one of its parts has
    /// one (directly or through a derived code); rules about cells the table
    /// does not have are not its rules.
    pub fn derive(taxonomy: &Taxonomy, eras: &[Template], present: &HashSet<Key>) -> Rules {
        let table = Table::of(present);
        let mut out = Rules::default();
        let mut candidates = part_rules(taxonomy, eras, &table, &mut out.derived);
        candidates.extend(of_which_rules(taxonomy, eras, &table));
        candidates.extend(column_rules(taxonomy, &table));
        candidates.extend(identity_rules(taxonomy, eras));
        out.rules = candidates
            .into_iter()
            .filter(|rule| out.any_cell(&rule.left, present) && out.any_cell(&rule.right, present))
            .collect();
        out
    }

    /// The cells a key stands for: itself when the table has it, the cells
    /// of its parts when it is derived, and keys the table has no cell for.
    pub fn leaves(&self, key: &Key, present: &HashSet<Key>) -> Leaves {
        let mut leaves = Leaves::default();
        self.collect(key, present, &mut leaves, 0);
        leaves
    }

    fn collect(&self, key: &Key, present: &HashSet<Key>, out: &mut Leaves, depth: usize) {
        if present.contains(key) {
            out.cells.push(key.clone());
        } else if let Some(parts) = self.derived.get(&key.0).filter(|_| depth < 8) {
            for part in parts {
                self.collect(&(part.clone(), key.1.clone()), present, out, depth + 1);
            }
        } else {
            out.absent.push(key.clone());
        }
    }

    fn any_cell(&self, keys: &[Key], present: &HashSet<Key>) -> bool {
        keys.iter()
            .any(|k| !self.leaves(k, present).cells.is_empty())
    }
}

/// The cells of one table, as [`Rules::derive`] reads them.
struct Table<'a> {
    present: &'a HashSet<Key>,
    /// The codes with a cell.
    codes: HashSet<&'a str>,
    /// The breakdowns its cells carry (`None`: no breakdown).
    breakdowns: BTreeSet<Option<&'a str>>,
}

impl<'a> Table<'a> {
    fn of(present: &'a HashSet<Key>) -> Table<'a> {
        Table {
            present,
            codes: present.iter().map(|(c, _)| c.as_str()).collect(),
            breakdowns: present.iter().map(|(_, b)| b.as_deref()).collect(),
        }
    }
}

/// Totals and their parts, in rows, in every breakdown of the table. A total
/// the table has no cell for is recorded in `derived` as the sum of its parts
/// instead.
fn part_rules(
    taxonomy: &Taxonomy,
    eras: &[Template],
    table: &Table<'_>,
    derived: &mut HashMap<String, Vec<String>>,
) -> Vec<Rule> {
    let mut rules = Vec::new();
    for ind in taxonomy.indicators().iter().filter(|i| i.in_eras(eras)) {
        if let Some(sum) = ind.sum {
            let parts: Vec<&str> = taxonomy
                .parts_in(&ind.code, eras)
                .map(|p| p.code.as_str())
                .collect();
            if parts.is_empty() {
                continue;
            }
            if !table.codes.contains(ind.code.as_str()) {
                let parts = parts.iter().map(|p| (*p).to_owned()).collect();
                derived.insert(ind.code.clone(), parts);
                continue;
            }
            for &b in &table.breakdowns {
                let total = key_in(table.present, &ind.code, b, ind.breakdown.as_deref());
                rules.push(Rule {
                    kind: RuleKind::Parts,
                    relation: Relation::of(sum),
                    left: vec![total],
                    right: parts.iter().map(|p| key(p, b)).collect(),
                });
            }
        }
    }
    rules
}

/// Each 其中 row at most its whole, in every breakdown of the table.
fn of_which_rules(taxonomy: &Taxonomy, eras: &[Template], table: &Table<'_>) -> Vec<Rule> {
    let mut rules = Vec::new();
    for ind in taxonomy.indicators().iter().filter(|i| i.in_eras(eras)) {
        let (Role::OfWhich, Some(parent)) = (ind.role, ind.parent.as_deref()) else {
            continue;
        };
        let whole_breakdown = taxonomy.get(parent).and_then(|p| p.breakdown.as_deref());
        for &b in &table.breakdowns {
            rules.push(Rule {
                kind: RuleKind::OfWhich,
                relation: Relation::AtMost,
                left: vec![key_in(table.present, parent, b, whole_breakdown)],
                right: vec![key(&ind.code, b)],
            });
        }
    }
    rules
}

/// A breakdown's total column and its part columns, for every code the table
/// has a total-column cell for (in code order).
fn column_rules(taxonomy: &Taxonomy, table: &Table<'_>) -> Vec<Rule> {
    let mut rules = Vec::new();
    for total in taxonomy.breakdowns() {
        let Some(sum) = total.sum else { continue };
        let parts: Vec<&str> = taxonomy
            .breakdowns()
            .iter()
            .filter(|b| b.parent.as_deref() == Some(total.code.as_str()))
            .map(|b| b.code.as_str())
            .collect();
        let mut totals: Vec<&str> = table
            .codes
            .iter()
            .copied()
            .filter(|c| table.present.contains(&key(c, Some(&total.code))))
            .collect();
        totals.sort_unstable();
        for code in totals {
            rules.push(Rule {
                kind: RuleKind::Columns,
                relation: Relation::of(sum),
                left: vec![key(code, Some(&total.code))],
                right: parts.iter().map(|p| key(code, Some(p))).collect(),
            });
        }
    }
    rules
}

/// The identities of `eras`, in each column of their `per` dimension (or once).
fn identity_rules(taxonomy: &Taxonomy, eras: &[Template]) -> Vec<Rule> {
    let mut rules = Vec::new();
    for identity in taxonomy.identities().iter().filter(|i| i.in_eras(eras)) {
        let columns: Vec<Option<&str>> = match &identity.per {
            Some(dim) => taxonomy
                .breakdowns()
                .iter()
                .filter(|b| &b.dimension == dim)
                .map(|b| Some(b.code.as_str()))
                .collect(),
            None => vec![None],
        };
        for b in columns {
            rules.push(Rule {
                kind: RuleKind::Identity,
                relation: Relation::Equal,
                left: identity.left.iter().map(|c| key(c, b)).collect(),
                right: identity.right.iter().map(|c| key(c, b)).collect(),
            });
        }
    }
    rules
}

/// What a key of a rule comes down to in one table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Leaves {
    /// Keys with a cell in the table.
    pub cells: Vec<Key>,
    /// Keys the table has no cell for (and cannot derive).
    pub absent: Vec<Key>,
}

fn key(code: &str, breakdown: Option<&str>) -> Key {
    (code.to_owned(), breakdown.map(str::to_owned))
}

/// The key of `code` in the column of breakdown `b`. In a table whose
/// columns break nothing down, a row with a fixed breakdown (pre-2019
/// 收到申请数 is `total`) carries that breakdown while its parts carry none.
fn key_in(present: &HashSet<Key>, code: &str, b: Option<&str>, fixed: Option<&str>) -> Key {
    let direct = key(code, b);
    match (b, fixed) {
        (None, Some(fixed)) if !present.contains(&direct) => key(code, Some(fixed)),
        _ => direct,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(items: &[(&str, Option<&str>)]) -> HashSet<Key> {
        items.iter().map(|(c, b)| key(c, *b)).collect()
    }

    #[test]
    fn pre2019_received_is_the_sum_of_its_channels_despite_its_fixed_breakdown() {
        let present = keys(&[
            ("apply.received", Some("total")),
            ("apply.received.in_person", None),
            ("apply.received.fax", None),
            ("apply.received.online", None),
            ("apply.received.letter", None),
        ]);
        let rules = Rules::derive(Taxonomy::builtin(), &[Template::Pre2019], &present);
        assert_eq!(rules.rules.len(), 1, "{rules:#?}");
        let rule = &rules.rules[0];
        assert_eq!(
            (rule.kind, rule.relation),
            (RuleKind::Parts, Relation::Equal)
        );
        assert_eq!(rule.left, vec![key("apply.received", Some("total"))]);
        assert_eq!(rule.right.len(), 5, "letter_or_fax is a part too");
    }

    #[test]
    fn at_least_and_of_which_rules_keep_their_direction() {
        let present = keys(&[
            ("proactive.total", None),
            ("proactive.normative_docs", None),
            ("proactive.channel.website", None),
        ]);
        let rules = Rules::derive(Taxonomy::builtin(), &[Template::Pre2019], &present);
        let found: Vec<(RuleKind, Relation)> =
            rules.rules.iter().map(|r| (r.kind, r.relation)).collect();
        assert_eq!(
            found,
            [
                (RuleKind::Parts, Relation::AtLeast),
                (RuleKind::OfWhich, Relation::AtMost)
            ]
        );
    }

    #[test]
    fn a_code_without_a_cell_is_derived_from_its_parts() {
        let b = Some("total");
        let present = keys(&[
            ("apply.result.total", b),
            ("apply.result.disclosed", b),
            ("apply.result.refused.state_secret", b),
        ]);
        let rules = Rules::derive(Taxonomy::builtin(), &[Template::Fmt2021], &present);
        let parts = rules
            .rules
            .iter()
            .find(|r| r.kind == RuleKind::Parts)
            .expect("the 三（七） rule");
        let refused = key("apply.result.refused", b);
        assert!(parts.right.contains(&refused));
        let leaves = rules.leaves(&refused, &present);
        assert_eq!(
            leaves.cells,
            vec![key("apply.result.refused.state_secret", b)]
        );
        assert_eq!(leaves.absent.len(), 7);
    }

    #[test]
    fn columns_and_identities_per_applicant() {
        let mut items = Vec::new();
        for code in [
            "apply.received",
            "apply.carried_over",
            "apply.result.total",
            "apply.carried_forward",
        ] {
            for b in ["total", "natural_person", "commercial"] {
                items.push((code, Some(b)));
            }
        }
        let rules = Rules::derive(Taxonomy::builtin(), &[Template::Fmt2019], &keys(&items));
        let count = |kind| rules.rules.iter().filter(|r| r.kind == kind).count();
        assert_eq!(count(RuleKind::Columns), 4, "one per row with a 总计");
        assert_eq!(count(RuleKind::Identity), 3, "one per column present");
    }
}
