//! The layout of table 三 (收到和处理政府信息公开申请情况): its header of
//! applicant columns, its labelled rows and the result groups of each era.
//!
//! The numbers come drawn from `national`; this file draws none, and must
//! not write a form.

use super::report::{Report, Template};
use super::tables::{Slot, Table, cell, span};

/// Rows of table 三 between 三、本年度办理结果 and （七）总计: （一）, （二）, the
/// 8 of （三）, 3 of （四）, 5 of （五）, and （六） (3 rows in fmt2021, 1 before).
pub(super) fn result_rows(fmt2021: bool) -> usize {
    if fmt2021 { 21 } else { 19 }
}

impl Report {
    /// Table 三: applications received, carried over, their results per
    /// applicant column, and those carried forward.
    pub(super) fn table_3_applications(
        &self,
        new: &[u64; 6],
        over: &[u64; 6],
        results: &[Vec<u64>],
        forward: &[u64; 6],
    ) -> Table {
        let mut rows = table_3_header();
        rows.push(labelled(
            [span("一、本年新收政府信息公开申请数量", 1, 3), None, None],
            self.applicant_values(|c| new[c]),
        ));
        rows.push(labelled(
            [span("二、上年结转政府信息公开申请数量", 1, 3), None, None],
            self.applicant_values(|c| over[c]),
        ));
        rows.extend(self.table_3_result_rows(results));
        let handled = |c: usize| results[c].iter().sum::<u64>();
        rows.push(labelled(
            [None, span("（七）总计", 1, 2), None],
            self.applicant_values(handled),
        ));
        rows.push(labelled(
            [span("四、结转下年度继续办理", 1, 3), None, None],
            self.applicant_values(|c| forward[c]),
        ));
        Table {
            heading: "三、收到和处理政府信息公开申请情况".into(),
            rows,
        }
    }

    /// The 6 applicant columns of one row of table 三 and their total.
    fn applicant_values(&self, per: impl Fn(usize) -> u64) -> Vec<Slot> {
        let v: Vec<u64> = (0..6).map(per).collect();
        let total: u64 = v.iter().sum();
        v.iter()
            .chain([&total])
            .map(|x| cell(self.num(*x)))
            .collect()
    }

    /// The rows of 三、本年度办理结果 in table 三, （一） to （六）: `results[c]`
    /// holds column `c` of them, in order.
    fn table_3_result_rows(&self, results: &[Vec<u64>]) -> Vec<Vec<Slot>> {
        let groups = result_groups(self.template == Template::Fmt2021);
        let n_results: usize = groups.iter().map(|(_, rows)| rows.len().max(1)).sum();
        let mut rows = Vec::new();
        let mut k = 0;
        let mut first = true;
        for (label, numbered) in &groups {
            let level1 = |first: &mut bool| {
                if std::mem::take(first) {
                    span("三、本年度办理结果", n_results + 1, 1)
                } else {
                    None
                }
            };
            if numbered.is_empty() {
                let idx = k;
                rows.push(labelled(
                    [level1(&mut first), span(*label, 1, 2), None],
                    self.applicant_values(|c| results[c][idx]),
                ));
                k += 1;
            } else {
                for (j, sub) in numbered.iter().enumerate() {
                    let idx = k;
                    let second = if j == 0 {
                        span(*label, numbered.len(), 1)
                    } else {
                        None
                    };
                    rows.push(labelled(
                        [level1(&mut first), second, cell(*sub)],
                        self.applicant_values(|c| results[c][idx]),
                    ));
                    k += 1;
                }
            }
        }
        rows
    }
}

/// The 3 header rows of table 三: the note, then the applicant columns
/// (自然人, 5 kinds of 法人或其他组织, 总计).
fn table_3_header() -> Vec<Vec<Slot>> {
    const NOTE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
    vec![
        [span(NOTE, 3, 3), None, None, span("申请人情况", 1, 7)]
            .into_iter()
            .chain(std::iter::repeat_n(None, 6))
            .collect(),
        vec![
            None,
            None,
            None,
            span("自然人", 2, 1),
            span("法人或其他组织", 1, 5),
            None,
            None,
            None,
            None,
            span("总计", 2, 1),
        ],
        [None, None, None, None]
            .into_iter()
            .chain(
                [
                    "商业企业",
                    "科研机构",
                    "社会公益组织",
                    "法律服务机构",
                    "其他",
                ]
                .map(cell),
            )
            .chain([None])
            .collect(),
    ]
}

/// A row of table 三: its 3 label cells, then its values.
fn labelled(labels: [Slot; 3], values: Vec<Slot>) -> Vec<Slot> {
    labels.into_iter().chain(values).collect()
}

/// The result groups of table 三: (level-2 label, its numbered rows), in the
/// order of a column of results; （六） has 3 numbered rows in fmt2021.
fn result_groups(fmt2021: bool) -> Vec<(&'static str, Vec<&'static str>)> {
    let mut groups: Vec<(&str, Vec<&str>)> = vec![
        ("（一）予以公开", vec![]),
        (
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            vec![],
        ),
        (
            "（三）不予公开",
            vec![
                "1.属于国家秘密",
                "2.其他法律行政法规禁止公开",
                "3.危及“三安全一稳定”",
                "4.保护第三方合法权益",
                "5.属于三类内部事务信息",
                "6.属于四类过程性信息",
                "7.属于行政执法案卷",
                "8.属于行政查询事项",
            ],
        ),
        (
            "（四）无法提供",
            vec![
                "1.本机关不掌握相关政府信息",
                "2.没有现成信息需要另行制作",
                "3.补正后申请内容仍不明确",
            ],
        ),
        (
            "（五）不予处理",
            vec![
                "1.信访举报投诉类申请",
                "2.重复申请",
                "3.要求提供公开出版物",
                "4.无正当理由大量反复申请",
                "5.要求行政机关确认或重新出具已获取信息",
            ],
        ),
    ];
    if fmt2021 {
        groups.push((
            "（六）其他处理",
            vec![
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                "3.其他",
            ],
        ));
    } else {
        groups.push(("（六）其他处理", vec![]));
    }
    groups
}
