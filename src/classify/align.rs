//! Re-aligning table rows whose cells lost their columns, using only the
//! table's own structure: its column count and the identities the taxonomy
//! states (a parent is the sum of its parts, 总计 is the sum of the applicant
//! columns, 一 + 二 = 三(七) + 四).
//!
//! Two kinds of rows reach here. Rows read one cell per line, whose blank
//! cells were dropped: their cells are kept whole and placed in order, with
//! blanks in between. Rows whose cells a scraper glued together
//! (`行政规范性文件693665`): their digits are split into exactly as many
//! numbers as the row has columns (whitespace always separates). Every reading
//! that satisfies every identity it can be checked against is a solution; a row
//! is settled only when all solutions agree on it. Otherwise it stays
//! unsettled and its values become null with status `unparsed`: this module
//! never picks one reading among several.
//!
//! This module decides positions only; it must not interpret labels.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::model::{Template, ValueStatus};
use crate::normalize::normalize;
use crate::taxonomy::Taxonomy;
pub use crate::taxonomy::rules::Key;
use crate::taxonomy::rules::{Relation, Rules};
use crate::text::{clean, tidy};

/// At most this many readings of one row are considered.
const MAX_CANDIDATES: usize = 20_000;
/// At most this many search steps per table.
const MAX_STEPS: usize = 200_000;
/// The longest number one cell of these tables writes (`75394432.52`).
const MAX_PART_CHARS: usize = 16;

/// A piece of a row's value text as found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    /// Digits of several cells run together; split it, don't place it whole.
    pub glued: bool,
}

/// What is known of a row's values.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// One text per column.
    Aligned(Vec<String>),
    /// The values as found, in order, their columns lost.
    Tokens(Vec<Token>),
}

/// A table row: the meaning of each of its value columns and its content.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub keys: Vec<Option<Key>>,
    pub content: Content,
}

/// A row's numbers, one per column: stated numbers and 无 (0); `None` for
/// blank, dashes and anything else.
type Numbers = Vec<Option<f64>>;

/// What is known of each row's numbers at a point of the search: aligned
/// and settled rows, and the reading being tried for an open row.
type Known<'a> = Vec<Option<&'a [Option<f64>]>>;

/// Per open row, the indices of its readings still possible.
type Open = BTreeMap<usize, Vec<usize>>;

/// One text per column for every row that is aligned or could be settled;
/// `None` for rows left unsettled.
pub fn realign(rows: &[Row], taxonomy: &Taxonomy, eras: &[Template]) -> Vec<Option<Vec<String>>> {
    let mut state: Vec<Option<Vec<String>>> = rows
        .iter()
        .map(|r| match &r.content {
            Content::Aligned(cells) => Some(cells.clone()),
            Content::Tokens(_) => None,
        })
        .collect();
    let readings = readings_of(rows);
    if readings.is_empty() {
        return state;
    }
    let numbers: BTreeMap<usize, Vec<Numbers>> = readings
        .iter()
        .map(|(&i, cands)| (i, cands.iter().map(|c| numbers_of(c)).collect()))
        .collect();
    let fixed: Vec<Option<Numbers>> = state
        .iter()
        .map(|cells| cells.as_deref().map(numbers_of))
        .collect();
    let mut known: Known = fixed.iter().map(|n| n.as_deref()).collect();
    let mut open: Open = readings
        .iter()
        .map(|(&i, cands)| (i, (0..cands.len()).collect()))
        .collect();
    let open_rows: HashSet<usize> = open.keys().copied().collect();
    let checks: Vec<Check> = Table::new(rows, taxonomy, eras)
        .checks
        .into_iter()
        .filter(|check| !check.rows.is_disjoint(&open_rows))
        .collect();

    settle_locally(
        &mut open, &checks, &readings, &numbers, &mut known, &mut state,
    );
    if open.is_empty() {
        return state;
    }

    // A row no rule reads cannot be settled by any: it stays open for good.
    open.retain(|row, _| checks.iter().any(|c| c.rows.contains(row)));
    search_groups(&open, &checks, &readings, &numbers, &mut known, &mut state);
    state
}

/// Every reading of each row whose columns were lost, read once: the search
/// tries them many times.
fn readings_of(rows: &[Row]) -> BTreeMap<usize, Vec<Vec<String>>> {
    rows.iter()
        .enumerate()
        .filter_map(|(i, row)| match &row.content {
            Content::Tokens(tokens) => {
                Some((i, candidates(tokens, row.keys.len()).unwrap_or_default()))
            }
            Content::Aligned(_) => None,
        })
        .collect()
}

/// Settle what the column count and the rules local to a row settle, until
/// nothing changes: a row left with one reading is settled (into `known` and
/// `state`), a row left with none is given up.
fn settle_locally<'a>(
    open: &mut Open,
    checks: &[Check],
    readings: &BTreeMap<usize, Vec<Vec<String>>>,
    numbers: &'a BTreeMap<usize, Vec<Numbers>>,
    known: &mut Known<'a>,
    state: &mut [Option<Vec<String>>],
) {
    loop {
        let mut changed = false;
        let pending: Vec<usize> = open.keys().copied().collect();
        for i in pending {
            let Some(cands) = open.get(&i) else { continue };
            let total = cands.len();
            let local: Vec<&Check> = checks
                .iter()
                .filter(|c| {
                    c.rows.contains(&i) && c.rows.iter().all(|r| *r == i || !open.contains_key(r))
                })
                .collect();
            let kept: Vec<usize> = cands
                .iter()
                .copied()
                .filter(|&k| {
                    known[i] = Some(&numbers[&i][k]);
                    local.iter().all(|c| c.holds(known))
                })
                .collect();
            known[i] = None;
            match kept[..] {
                [] => {
                    open.remove(&i);
                    changed = true;
                }
                [only] => {
                    known[i] = Some(&numbers[&i][only]);
                    state[i] = Some(readings[&i][only].clone());
                    open.remove(&i);
                    changed = true;
                }
                _ if kept.len() < total => {
                    open.insert(i, kept);
                    changed = true;
                }
                _ => {}
            }
        }
        if !changed {
            break;
        }
    }
}

/// Search each group of rows that rules tie together on its own: groups do
/// not constrain each other, and searching them apart keeps the work to the
/// sum of their sizes, not the product. A row is settled when the search
/// finished and every solution gives it the same reading.
fn search_groups<'a>(
    open: &'a Open,
    checks: &'a [Check],
    readings: &BTreeMap<usize, Vec<Vec<String>>>,
    numbers: &'a BTreeMap<usize, Vec<Numbers>>,
    known: &mut Known<'a>,
    state: &mut [Option<Vec<String>>],
) {
    for group in groups(open, checks) {
        let mut search = Search {
            checks: checks_by_depth(&group, checks),
            seen: vec![Seen::default(); group.len()],
            order: group,
            open,
            numbers,
            chosen: Vec::new(),
            steps: 0,
        };
        let finished = search.run(0, known);
        for (p, &row) in search.order.iter().enumerate() {
            known[row] = None;
            if let (true, Some(only)) = (finished, search.seen[p].only()) {
                known[row] = Some(&numbers[&row][only]);
                state[row] = readings[&row].get(only).cloned();
            }
        }
    }
}

fn numbers_of(cells: &[String]) -> Numbers {
    cells.iter().map(|c| number(c)).collect()
}

/// The open rows, grouped by the rules that read several of them.
fn groups(open: &BTreeMap<usize, Vec<usize>>, checks: &[Check]) -> Vec<Vec<usize>> {
    let rows: Vec<usize> = open.keys().copied().collect();
    let mut group_of: HashMap<usize, usize> = rows.iter().map(|&r| (r, r)).collect();
    fn root(group_of: &mut HashMap<usize, usize>, mut r: usize) -> usize {
        while let Some(&up) = group_of.get(&r).filter(|&&up| up != r) {
            r = up;
        }
        r
    }
    for check in checks {
        let mut members: Vec<usize> = check
            .rows
            .iter()
            .copied()
            .filter(|r| open.contains_key(r))
            .collect();
        members.sort_unstable();
        if let Some((&first, rest)) = members.split_first() {
            let a = root(&mut group_of, first);
            for &other in rest {
                let b = root(&mut group_of, other);
                if a != b {
                    group_of.insert(b, a);
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &r in &rows {
        let g = root(&mut group_of, r);
        groups.entry(g).or_default().push(r);
    }
    groups.into_values().collect()
}

/// The checks to make once the row at each depth of `order` is chosen: a
/// check is made as soon as the last of its open rows is.
fn checks_by_depth<'a>(order: &[usize], checks: &'a [Check]) -> Vec<Vec<&'a Check>> {
    let position: HashMap<usize, usize> = order.iter().enumerate().map(|(p, &r)| (r, p)).collect();
    let mut by_depth: Vec<Vec<&Check>> = vec![Vec::new(); order.len()];
    for check in checks {
        if let Some(last) = check.rows.iter().filter_map(|r| position.get(r)).max() {
            by_depth[*last].push(check);
        }
    }
    by_depth
}

/// A depth-first search over the readings of the rows still open.
struct Search<'a> {
    order: Vec<usize>,
    open: &'a Open,
    numbers: &'a BTreeMap<usize, Vec<Numbers>>,
    /// The checks to make once the row at each depth is chosen.
    checks: Vec<Vec<&'a Check>>,
    chosen: Vec<usize>,
    /// Per open row, the readings that are part of some solution.
    seen: Vec<Seen>,
    steps: usize,
}

/// The readings of one row that are part of some solution, by index: the
/// search marks them at every solution, so this is a bitmap, not a hash set.
#[derive(Debug, Clone, Default)]
struct Seen {
    marks: Vec<bool>,
    count: usize,
}

impl Seen {
    fn mark(&mut self, k: usize) {
        if k >= self.marks.len() {
            self.marks.resize(k + 1, false);
        }
        if !self.marks[k] {
            self.marks[k] = true;
            self.count += 1;
        }
    }

    /// The one reading seen, when exactly one was.
    fn only(&self) -> Option<usize> {
        if self.count == 1 {
            self.marks.iter().position(|&m| m)
        } else {
            None
        }
    }
}

impl<'a> Search<'a> {
    /// Returns false when the search gave up (too many steps).
    fn run(&mut self, depth: usize, known: &mut Known<'a>) -> bool {
        if depth == self.order.len() {
            for (p, &c) in self.chosen.iter().enumerate() {
                self.seen[p].mark(c);
            }
            return true;
        }
        let row = self.order[depth];
        for &k in &self.open[&row] {
            self.steps += 1;
            if self.steps > MAX_STEPS {
                known[row] = None;
                return false;
            }
            known[row] = Some(&self.numbers[&row][k]);
            if !self.checks[depth].iter().all(|c| c.holds(known)) {
                continue;
            }
            self.chosen.push(k);
            let finished = self.run(depth + 1, known);
            self.chosen.pop();
            if !finished {
                known[row] = None;
                return false;
            }
            // Nothing more to learn once every open row has two readings.
            if self.seen.iter().all(|s| s.count > 1) {
                break;
            }
        }
        known[row] = None;
        true
    }
}

/// A rule of the taxonomy resolved to the positions (row, column) of the
/// cells it adds up. Rules reading a cell the table lacks always hold, and
/// are left out.
#[derive(Debug, Clone)]
struct Check {
    left: Vec<(usize, usize)>,
    right: Vec<(usize, usize)>,
    /// The rows of those cells.
    rows: HashSet<usize>,
}

impl Check {
    /// False only when every term is known and the sums differ.
    fn holds(&self, known: &[Option<&[Option<f64>]>]) -> bool {
        let sum = |cells: &[(usize, usize)]| -> Option<f64> {
            cells
                .iter()
                .map(|&(r, s)| known.get(r).copied().flatten()?.get(s).copied().flatten())
                .sum()
        };
        match (sum(&self.left), sum(&self.right)) {
            (Some(l), Some(r)) => (l - r).abs() <= 1e-6 * l.abs().max(1.0),
            _ => true,
        }
    }
}

/// Where each cell of a table is, and the checks that bind them: the
/// taxonomy's equalities (a reading that breaks an equality is no reading;
/// the inequalities of 其中 rows and overlapping channels are left to the audit).
struct Table {
    checks: Vec<Check>,
}

impl Table {
    fn new(rows: &[Row], taxonomy: &Taxonomy, eras: &[Template]) -> Table {
        let mut cells: HashMap<Key, (usize, usize)> = HashMap::new();
        for (r, row) in rows.iter().enumerate() {
            for (s, key) in row.keys.iter().enumerate() {
                if let Some(key) = key {
                    cells.entry(key.clone()).or_insert((r, s));
                }
            }
        }
        let present: HashSet<Key> = cells.keys().cloned().collect();
        let rules = Rules::derive(taxonomy, eras, &present);
        let resolve = |keys: &[Key]| -> Option<Vec<(usize, usize)>> {
            let mut out = Vec::new();
            for key in keys {
                let leaves = rules.leaves(key, &present);
                if !leaves.absent.is_empty() {
                    return None;
                }
                out.extend(leaves.cells.iter().filter_map(|k| cells.get(k).copied()));
            }
            Some(out)
        };
        let checks = rules
            .rules
            .iter()
            .filter(|rule| rule.relation == Relation::Equal)
            .filter_map(|rule| {
                let (left, right) = (resolve(&rule.left)?, resolve(&rule.right)?);
                let rows = left.iter().chain(&right).map(|&(r, _)| r).collect();
                Some(Check { left, right, rows })
            })
            .collect();
        Table { checks }
    }
}

/// A cell's number for checking sums: stated numbers and 无 (0); blank, dashes
/// and anything else are unknown.
fn number(raw: &str) -> Option<f64> {
    let n = normalize(raw);
    match n.status {
        ValueStatus::Reported | ValueStatus::None => n.value,
        _ => None,
    }
}

/// Every reading of a row's tokens over `width` columns, or `None` when
/// there are too many to consider.
pub fn candidates(tokens: &[Token], width: usize) -> Option<Vec<Vec<String>>> {
    if tokens.iter().any(|t| t.glued) {
        let mut out = Vec::new();
        split_tokens(tokens, width, &mut Vec::new(), &mut out)?;
        Some(out)
    } else {
        placements(tokens, width)
    }
}

/// Whole tokens placed in order, blanks between them.
fn placements(tokens: &[Token], width: usize) -> Option<Vec<Vec<String>>> {
    if tokens.len() > width {
        return Some(Vec::new());
    }
    let mut out = Vec::new();
    let mut positions: Vec<usize> = (0..tokens.len()).collect();
    loop {
        let mut row = vec![String::new(); width];
        for (t, &p) in tokens.iter().zip(&positions) {
            row[p] = t.text.clone();
        }
        out.push(row);
        if out.len() > MAX_CANDIDATES {
            return None;
        }
        // Next combination of positions, in lexicographic order.
        let k = positions.len();
        let Some(i) = (0..k).rev().find(|&i| positions[i] < width - k + i) else {
            return Some(out);
        };
        positions[i] += 1;
        for j in i + 1..k {
            positions[j] = positions[j - 1] + 1;
        }
    }
}

fn split_tokens(
    tokens: &[Token],
    width: usize,
    prefix: &mut Vec<String>,
    out: &mut Vec<Vec<String>>,
) -> Option<()> {
    let Some((first, rest)) = tokens.split_first() else {
        if prefix.len() == width {
            out.push(prefix.clone());
        }
        return (out.len() <= MAX_CANDIDATES).then_some(());
    };
    let room = width.saturating_sub(prefix.len() + rest.len());
    let splits = if first.glued {
        split_glued(&first.text, room)?
    } else {
        vec![vec![first.text.clone()]]
    };
    for parts in splits {
        if parts.len() > room || parts.is_empty() {
            continue;
        }
        let n = parts.len();
        prefix.extend(parts);
        split_tokens(rest, width, prefix, out)?;
        prefix.truncate(prefix.len() - n);
    }
    Some(())
}

/// Every way to cut glued digits into at most `max_parts` numbers (no
/// leading zeros, whitespace always a cut), a unit written after the digits
/// staying with the last one: `230 000023` → `23|0|0|0|0|0|23`, …
pub fn split_glued(text: &str, max_parts: usize) -> Option<Vec<Vec<String>>> {
    let text = tidy(text);
    let body_end = text
        .char_indices()
        .rev()
        .find(|(_, c)| {
            matches!(c, '无' | '無')
                || clean(&c.to_string())
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.')
        })
        .map_or(0, |(i, c)| i + c.len_utf8());
    let (body, unit) = text.split_at(body_end);
    let mut out: Vec<Vec<String>> = vec![Vec::new()];
    for segment in body.split(' ').filter(|s| !s.is_empty()) {
        let pieces = split_segment(segment, max_parts)?;
        let mut next = Vec::new();
        for prefix in &out {
            for piece in &pieces {
                if prefix.len() + piece.len() <= max_parts {
                    next.push(prefix.iter().chain(piece).cloned().collect::<Vec<_>>());
                    if next.len() > MAX_CANDIDATES {
                        return None;
                    }
                }
            }
        }
        out = next;
    }
    for parts in &mut out {
        if let Some(last) = parts.last_mut() {
            last.push_str(unit);
        }
    }
    out.retain(|p| !p.is_empty());
    Some(out)
}

fn split_segment(segment: &str, max_parts: usize) -> Option<Vec<Vec<String>>> {
    let chars: Vec<char> = segment.chars().collect();
    let mut cutter = Cutter {
        chars: &chars,
        max_parts,
        current: Vec::new(),
        out: Vec::new(),
        steps: 0,
    };
    cutter.cut(0)?;
    Some(cutter.out)
}

/// Every cut of one whitespace-free run of digits, within a step budget.
struct Cutter<'a> {
    chars: &'a [char],
    max_parts: usize,
    current: Vec<String>,
    out: Vec<Vec<String>>,
    steps: usize,
}

impl Cutter<'_> {
    /// `None` when there are too many cuts to consider.
    fn cut(&mut self, from: usize) -> Option<()> {
        self.steps += 1;
        if self.steps > MAX_STEPS || self.out.len() > MAX_CANDIDATES {
            return None;
        }
        if from == self.chars.len() {
            self.out.push(self.current.clone());
            return Some(());
        }
        // No cell writes more than MAX_PART_CHARS characters: what is left
        // must fit in the parts left.
        let left = self.max_parts - self.current.len();
        if left == 0 || self.chars.len() - from > left * MAX_PART_CHARS {
            return Some(());
        }
        for end in from + 1..=self.chars.len().min(from + MAX_PART_CHARS) {
            let piece: String = self.chars[from..end].iter().collect();
            if is_plain_number(&piece) {
                self.current.push(piece);
                self.cut(end)?;
                self.current.pop();
            }
        }
        Some(())
    }
}

/// `0`, `23`, `-8`, `18651.06`: a number as one cell writes it (no leading
/// zeros, no separators).
fn is_plain_number(piece: &str) -> bool {
    let p = clean(piece);
    if matches!(p.as_str(), "无" | "無") {
        return true;
    }
    let negative = p.starts_with('-');
    let p = p.strip_prefix('-').unwrap_or(&p);
    // `-0` is a dash and a zero run together, not a number.
    if negative && p.starts_with('0') && !p.starts_with("0.") {
        return false;
    }
    let (int, frac) = match p.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (p, None),
    };
    let int_ok = int == "0"
        || (!int.is_empty() && !int.starts_with('0') && int.chars().all(|c| c.is_ascii_digit()));
    let frac_ok = frac.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()));
    int_ok && frac_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glued(text: &str) -> Token {
        Token {
            text: text.into(),
            glued: true,
        }
    }

    fn cell(text: &str) -> Token {
        Token {
            text: text.into(),
            glued: false,
        }
    }

    fn strs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn glued_digits_split_without_leading_zeros() {
        assert_eq!(split_glued("000", 3).unwrap(), vec![strs(&["0", "0", "0"])]);
        let three = |t: &str| {
            split_glued(t, 3)
                .unwrap()
                .into_iter()
                .filter(|p| p.len() == 3)
                .count()
        };
        assert_eq!(three("693665"), 10);
        let exact: Vec<_> = split_glued("230 000023", 7)
            .unwrap()
            .into_iter()
            .filter(|p| p.len() == 7)
            .collect();
        // Three cuts of seven; only 23|0|0|0|0|0|23 adds up (see below).
        assert_eq!(exact.len(), 3);
        assert!(exact.contains(&strs(&["23", "0", "0", "0", "0", "0", "23"])));
        assert!(
            split_glued("13575394432.52元", 2)
                .unwrap()
                .contains(&strs(&["135", "75394432.52元"]))
        );
        assert!(
            split_glued("35-2", 2)
                .unwrap()
                .contains(&strs(&["35", "-2"]))
        );
        // 无 is a cell of its own; `-0` is no number.
        let seven = |t: &str| -> Vec<Vec<String>> {
            split_glued(t, 7)
                .unwrap()
                .into_iter()
                .filter(|p| p.len() == 7)
                .collect()
        };
        assert_eq!(
            seven("2无00002"),
            vec![strs(&["2", "无", "0", "0", "0", "0", "2"])]
        );
        assert_eq!(
            seven("000000无"),
            vec![strs(&["0", "0", "0", "0", "0", "0", "无"])]
        );
        assert!(seven("0000-00").is_empty());
        // A run too long for its cells has no cut, found at once.
        assert_eq!(seven(&"1".repeat(400)), Vec::<Vec<String>>::new());
    }

    #[test]
    fn whole_cells_are_placed_with_blanks_between() {
        let c = candidates(&[cell("3"), cell("5")], 3).unwrap();
        assert_eq!(
            c,
            vec![
                strs(&["3", "5", ""]),
                strs(&["3", "", "5"]),
                strs(&["", "3", "5"])
            ]
        );
        assert_eq!(candidates(&[cell("1"), cell("2")], 1).unwrap().len(), 0);
        assert_eq!(candidates(&[], 2).unwrap(), vec![strs(&["", ""])]);
    }

    fn key(code: &str, b: &str) -> Option<Key> {
        Some((code.to_owned(), Some(b.to_owned())))
    }

    #[test]
    fn the_row_rule_settles_a_glued_row_and_ambiguity_stays_open() {
        let tax = Taxonomy::builtin();
        let cols = [
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_services",
            "other_org",
            "total",
        ];
        let row = |code: &str, tokens: Vec<Token>| Row {
            keys: cols.iter().map(|b| key(code, b)).collect(),
            content: Content::Tokens(tokens),
        };
        let eras = [Template::Fmt2021];
        // 7 digits for 7 columns: one reading. 8 digits: the row total settles
        // it. 9 digits: 12|1|…|13 and 1|2|10|…|13 both add up, so neither.
        let rows = vec![
            row("apply.received", vec![glued("7000007")]),
            row("apply.carried_over", vec![glued("91000010")]),
            row("apply.carried_forward", vec![glued("121000013")]),
            row("apply.result.total", vec![glued("230 000023")]),
        ];
        let out = realign(&rows, tax, &eras);
        assert_eq!(out[0], Some(strs(&["7", "0", "0", "0", "0", "0", "7"])));
        assert_eq!(out[1], Some(strs(&["9", "1", "0", "0", "0", "0", "10"])));
        assert_eq!(out[2], None);
        assert_eq!(out[3], Some(strs(&["23", "0", "0", "0", "0", "0", "23"])));
        // Three columns of table 二 have no identity: several readings, none taken.
        let two = Row {
            keys: vec![None, None, None],
            content: Content::Tokens(vec![glued("693665")]),
        };
        assert_eq!(realign(&[two], tax, &eras), vec![None]);
    }

    #[test]
    fn a_dropped_blank_is_placed_by_the_column_identities() {
        let tax = Taxonomy::builtin();
        let cols = [
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_services",
            "other_org",
            "total",
        ];
        let aligned = |code: &str, cells: &[&str]| Row {
            keys: cols.iter().map(|b| key(code, b)).collect(),
            content: Content::Aligned(strs(cells)),
        };
        // 一 has a blank 总计 (a fact of the source) and its line form dropped it.
        let rows = vec![
            Row {
                keys: cols.iter().map(|b| key("apply.received", b)).collect(),
                content: Content::Tokens(
                    ["3", "1", "0", "0", "0", "0"]
                        .iter()
                        .map(|t| cell(t))
                        .collect(),
                ),
            },
            aligned("apply.carried_over", &["0", "0", "0", "0", "0", "0", "0"]),
            aligned("apply.result.total", &["3", "1", "0", "0", "0", "0", "4"]),
            aligned(
                "apply.carried_forward",
                &["0", "0", "0", "0", "0", "0", "0"],
            ),
        ];
        let out = realign(&rows, tax, &[Template::Fmt2019]);
        assert_eq!(out[0], Some(strs(&["3", "1", "0", "0", "0", "0", ""])));
    }
}
