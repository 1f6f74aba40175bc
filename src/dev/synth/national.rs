//! The national templates (fmt2019 from 2019, fmt2021 from 2021): tables
//! 二 (第二十条 items) and 四 (reviews and lawsuits), table 三's numbers, and
//! the continuity between an agency's consecutive reports (上年结转 is the
//! previous 结转下年度; 上一年项目数量 the previous count).
//!
//! Table 三's rows are laid out in `applications`. Numbers are drawn in a
//! fixed order (the corpus depends on it); nothing here writes a form.

use fastrand::Rng;

use super::applications::result_rows;
use super::mix;
use super::report::{Report, Template};
use super::tables::{Slot, Table, cell, span, split};

/// A block of table 二: its 第二十条 item, column headers, and rows of
/// (label, values).
type Block = (
    &'static str,
    Vec<&'static str>,
    Vec<(&'static str, Vec<String>)>,
);

/// Applications carried from `year` into the next, per applicant column: a
/// function of the agency and year alone, so consecutive reports agree.
fn carried(seed: u64, agency_no: usize, year: usize) -> [u64; 6] {
    let mut rng = Rng::with_seed(mix(seed ^ 0xC0FFEE, (agency_no * 10_000 + year) as u64));
    let mut out = [0; 6];
    out[0] = rng.u64(0..4);
    if rng.u8(..) < 40 {
        out[rng.usize(1..6)] = 1;
    }
    out
}

/// How many items of one kind (行政许可, …) an agency has at the end of a
/// year: a function of the agency, kind and year alone.
fn item_count(seed: u64, agency_no: usize, block: usize, year: usize) -> u64 {
    let base = Rng::with_seed(mix(seed ^ 0x17E5, (agency_no * 8 + block) as u64)).u64(5..300);
    let drift = Rng::with_seed(mix(
        seed ^ 0xD1F7,
        (agency_no * 100_000 + block * 10_000 + year) as u64,
    ))
    .u64(0..20);
    base + drift
}

impl Report {
    /// The three tables of a national-template report (二, 三, 四) and its
    /// facts, 上年结转 continued from the agency's previous year.
    pub(super) fn national(&mut self, rng: &mut Rng, seed: u64, agency_no: usize) {
        let fmt2021 = self.template == Template::Fmt2021;
        // fmt2019 table 二: 上一年项目数量 and 本年增/减 of the five item rows,
        // continued from the agency's previous year.
        let items: Vec<(u64, i64)> = (0..5)
            .map(|block| {
                let count = |year| item_count(seed, agency_no, block, year);
                let (before, now) = (count(self.year - 1), count(self.year));
                (before, now as i64 - before as i64)
            })
            .collect();
        self.tables.push(self.table_2_proactive(rng, &items));
        let over = carried(seed, agency_no, self.year - 1);
        let forward = carried(seed, agency_no, self.year);
        // Per applicant column: new + carried over = results + carried forward.
        let mut new = [0u64; 6];
        let mut results: Vec<Vec<u64>> = Vec::new();
        for c in 0..6 {
            new[c] = forward[c]
                + if c == 0 {
                    rng.u64(0..120)
                } else {
                    rng.u64(0..6).saturating_sub(3)
                };
            let handled = new[c] + over[c] - forward[c];
            results.push(split(rng, handled, result_rows(fmt2021)));
        }
        self.tables
            .push(self.table_3_applications(&new, &over, &results, &forward));
        self.tables.push(self.table_4_reviews(rng));
        let received: u64 = new.iter().sum();
        self.facts = vec![format!(
            "{}年，本机关共收到政府信息公开申请{received}件，上年结转{}件。",
            self.year,
            over.iter().sum::<u64>()
        )];
    }

    /// Table 二: the 第二十条 items the agency publishes, in blocks.
    fn table_2_proactive(&self, rng: &mut Rng, items: &[(u64, i64)]) -> Table {
        let blocks = if self.template == Template::Fmt2021 {
            table_2_blocks_2021(rng)
        } else {
            table_2_blocks_2019(rng, items)
        };
        Table {
            heading: "二、主动公开政府信息情况".into(),
            rows: blocks.into_iter().flat_map(block_rows).collect(),
        }
    }

    /// Table 四: administrative reviews and lawsuits, by result.
    fn table_4_reviews(&self, rng: &mut Rng) -> Table {
        const RESULTS: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
        let mut values = Vec::new();
        for _ in 0..3 {
            let parts: Vec<u64> = (0..4).map(|_| rng.u64(0..3).saturating_sub(1)).collect();
            let total: u64 = parts.iter().sum();
            values.extend(parts.into_iter().chain([total]).map(|v| cell(self.num(v))));
        }
        let mut head1: Vec<Slot> = vec![span("行政复议", 1, 5)];
        head1.extend(std::iter::repeat_n(None, 4));
        head1.push(span("行政诉讼", 1, 10));
        head1.extend(std::iter::repeat_n(None, 9));
        let mut head2: Vec<Slot> = RESULTS.iter().map(|r| span(*r, 2, 1)).collect();
        for route in ["未经复议直接起诉", "复议后起诉"] {
            head2.push(span(route, 1, 5));
            head2.extend(std::iter::repeat_n(None, 4));
        }
        let mut head3: Vec<Slot> = vec![None; 5];
        head3.extend(RESULTS.iter().chain(&RESULTS).map(|r| cell(*r)));
        Table {
            heading: "四、政府信息公开行政复议、行政诉讼情况".into(),
            rows: vec![head1, head2, head3, values],
        }
    }
}

/// The blocks of a fmt2021 table 二 (制发, 废止, 现行有效; 处理决定; 收费金额).
fn table_2_blocks_2021(rng: &mut Rng) -> Vec<Block> {
    let mut r = |hi: u64| rng.u64(0..hi).to_string();
    vec![
        (
            "（一）",
            vec!["本年制发件数", "本年废止件数", "现行有效件数"],
            vec![
                ("规章", vec![r(3), r(2), r(20)]),
                ("行政规范性文件", vec![r(40), r(10), r(400)]),
            ],
        ),
        (
            "（五）",
            vec!["本年处理决定数量"],
            vec![("行政许可", vec![r(5000)])],
        ),
        (
            "（六）",
            vec!["本年处理决定数量"],
            vec![("行政处罚", vec![r(800)]), ("行政强制", vec![r(50)])],
        ),
        (
            "（八）",
            vec!["本年收费金额（单位：万元）"],
            vec![("行政事业性收费", vec![format!("{}.{}", r(9000), r(10))])],
        ),
    ]
}

/// The blocks of a fmt2019 table 二, whose 上一年项目数量 and 本年增/减 come
/// from `items` (one `(previous count, change)` per item row).
fn table_2_blocks_2019(rng: &mut Rng, items: &[(u64, i64)]) -> Vec<Block> {
    let mut r = |hi: u64| rng.u64(0..hi).to_string();
    let three = ["上一年项目数量", "本年增/减", "处理决定数量"];
    let prev = |k: usize| items[k].0.to_string();
    let change = |k: usize| items[k].1.to_string();
    vec![
        (
            "（一）",
            vec!["本年新制作数量", "本年新公开数量", "对外公开总数量"],
            vec![
                ("规章", vec![r(3), r(3), r(20)]),
                ("规范性文件", vec![r(40), r(40), r(400)]),
            ],
        ),
        (
            "（五）",
            three.to_vec(),
            vec![
                ("行政许可", vec![prev(0), change(0), r(3000)]),
                ("其他对外管理服务事项", vec![prev(1), change(1), r(500)]),
            ],
        ),
        (
            "（六）",
            three.to_vec(),
            vec![
                ("行政处罚", vec![prev(2), change(2), r(800)]),
                ("行政强制", vec![prev(3), change(3), r(50)]),
            ],
        ),
        (
            "（八）",
            vec!["上一年项目数量", "本年增/减"],
            vec![("行政事业性收费", vec![prev(4), change(4)])],
        ),
    ]
}

/// The rows of one block of table 二, 4 columns wide: its 第二十条 item, its
/// column heads, then its rows; the last column spans what the others leave.
fn block_rows((item, heads, items): Block) -> Vec<Vec<Slot>> {
    let mut rows = vec![vec![
        span(format!("第二十条第{item}项"), 1, 4),
        None,
        None,
        None,
    ]];
    let spans: Vec<usize> = (0..heads.len())
        .map(|k| {
            if k + 1 == heads.len() {
                4 - heads.len()
            } else {
                1
            }
        })
        .collect();
    let mut head = vec![cell("信息内容")];
    for (h, s) in heads.iter().zip(&spans) {
        head.push(span(*h, 1, *s));
        head.extend(std::iter::repeat_n(None, s - 1));
    }
    rows.push(head);
    for (label, values) in items {
        let mut row = vec![cell(label)];
        for (v, s) in values.into_iter().zip(&spans) {
            row.push(span(v, 1, *s));
            row.extend(std::iter::repeat_n(None, s - 1));
        }
        rows.push(row);
    }
    rows
}
