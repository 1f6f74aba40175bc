//! The single table of a pre-2019 report (指标 | 单位 | 数量, sections 一 to
//! 九) and the facts the prose states from it.
//!
//! Its numbers are drawn in a fixed order (the corpus depends on it); it must
//! not know how the table is written out.

use fastrand::Rng;

use super::report::Report;
use super::tables::{Table, cell, split};

/// A row of the pre-2019 table: label, unit, value.
type Pre2019Row = (&'static str, &'static str, String);

/// The numbers of a pre-2019 report drawn before its rows, because several
/// rows (and the facts) share them.
struct Pre2019Draws {
    /// 主动公开政府信息数.
    proactive: u64,
    /// 主动公开规范性文件数.
    normative: u64,
    /// Applications received in person, by fax, online and by letter.
    received: Vec<u64>,
    /// The sum of `received`.
    received_total: u64,
    /// Applications answered late.
    extended: u64,
    /// The 8 kinds of answer.
    answers: Vec<u64>,
    /// The 6 reasons of the refusals (`answers[3]`).
    reasons: Vec<u64>,
    /// Administrative reviews: upheld, corrected, other.
    review: [u64; 3],
    /// Lawsuits: upheld, corrected, other.
    lawsuits: [u64; 3],
    /// Full-time staff.
    full_time: u64,
    /// Part-time staff.
    part_time: u64,
    /// Press conferences.
    press: u64,
    /// Online interviews.
    interviews: u64,
}

impl Pre2019Draws {
    /// Draw them, always in this order (the corpus depends on it).
    fn new(rng: &mut Rng) -> Pre2019Draws {
        let proactive = rng.u64(20..3000);
        let normative = rng.u64(0..proactive.min(40) + 1);
        let received: Vec<u64> = vec![
            rng.u64(0..20),
            rng.u64(0..3),
            rng.u64(0..80),
            rng.u64(0..10),
        ];
        let received_total: u64 = received.iter().sum();
        let extended = rng.u64(0..=received_total.min(3));
        let answers = split(rng, received_total, 8);
        let reasons = split(rng, answers[3], 6);
        let review = [rng.u64(0..3), rng.u64(0..2), rng.u64(0..2)];
        let lawsuits = [rng.u64(0..2), rng.u64(0..2), rng.u64(0..2)];
        let (full_time, part_time) = (rng.u64(0..5), rng.u64(1..10));
        let press = rng.u64(0..10);
        let interviews = rng.u64(0..6);
        Pre2019Draws {
            proactive,
            normative,
            received,
            received_total,
            extended,
            answers,
            reasons,
            review,
            lawsuits,
            full_time,
            part_time,
            press,
            interviews,
        }
    }
}

impl Report {
    /// The single table of a pre-2019 report (指标 | 单位 | 数量) and its facts.
    pub(super) fn pre2019(&mut self, rng: &mut Rng) {
        let d = Pre2019Draws::new(rng);
        let mut rows = self.pre2019_disclosure_rows(rng, &d);
        rows.extend(self.pre2019_application_rows(&d));
        rows.extend(self.pre2019_resource_rows(rng, &d));
        let mut grid = vec![vec![cell("指标"), cell("单位"), cell("数量")]];
        grid.extend(
            rows.into_iter()
                .map(|(label, unit, value)| vec![cell(label), cell(unit), cell(value)]),
        );
        self.tables.push(Table {
            heading: format!(
                "附件：{}{}年度政府信息公开情况统计表",
                self.agency, self.year
            ),
            rows: grid,
        });
        let (t, normative, r) = (d.proactive, d.normative, d.received_total);
        self.facts = vec![
            format!(
                "{}年，本机关全年主动公开政府信息{t}条，其中主动公开规范性文件{normative}件。",
                self.year
            ),
            format!("全年共收到政府信息公开申请{r}件，均已按时答复。"),
        ];
    }

    /// Rows 一 and 二 of the pre-2019 table: what was published, and the
    /// responses to public concerns.
    fn pre2019_disclosure_rows(&self, rng: &mut Rng, d: &Pre2019Draws) -> Vec<Pre2019Row> {
        let n = |v: u64| self.num(v);
        let (t, press, interviews) = (d.proactive, d.press, d.interviews);
        vec![
            ("一、主动公开情况", "——", String::new()),
            (
                "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）",
                "条",
                n(t),
            ),
            ("其中：主动公开规范性文件数", "条", n(d.normative)),
            ("制发规范性文件总数", "件", n(d.normative + rng.u64(0..3))),
            (
                "（二）通过不同渠道和方式公开政府信息的情况",
                "——",
                String::new(),
            ),
            ("1.政府公报公开政府信息数", "条", n(rng.u64(0..t / 10 + 1))),
            ("2.政府网站公开政府信息数", "条", n(t)),
            ("3.政务微博公开政府信息数", "条", n(rng.u64(0..t / 2 + 1))),
            ("4.政务微信公开政府信息数", "条", n(rng.u64(0..t / 2 + 1))),
            ("5.其他方式公开政府信息数", "条", n(rng.u64(0..t / 5 + 1))),
            ("二、回应解读情况", "——", String::new()),
            (
                "（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）",
                "次",
                n(rng.u64(0..20)),
            ),
            (
                "（二）通过不同渠道和方式回应解读的情况",
                "——",
                String::new(),
            ),
            ("1.参加或举办新闻发布会总次数", "次", n(press)),
            (
                "其中：主要负责同志参加新闻发布会次数",
                "次",
                n(rng.u64(0..=press)),
            ),
            ("2.政府网站在线访谈次数", "次", n(interviews)),
            (
                "其中：主要负责同志参加政府网站在线访谈次数",
                "次",
                n(rng.u64(0..=interviews)),
            ),
            ("3.政策解读稿件发布数", "篇", n(rng.u64(0..30))),
            ("4.微博微信回应事件数", "次", n(rng.u64(0..50))),
            ("5.其他方式回应事件数", "次", n(rng.u64(0..20))),
        ]
    }

    /// Rows 三 to 五 of the pre-2019 table: applications, reviews and
    /// lawsuits.
    fn pre2019_application_rows(&self, d: &Pre2019Draws) -> Vec<Pre2019Row> {
        let n = |v: u64| self.num(v);
        let (r, extended) = (d.received_total, d.extended);
        let (received, answers, reasons) = (&d.received, &d.answers, &d.reasons);
        let (review, lawsuits) = (&d.review, &d.lawsuits);
        vec![
            ("三、依申请公开情况", "——", String::new()),
            ("（一）收到申请数", "件", n(r)),
            ("1.当面申请数", "件", n(received[0])),
            ("2.传真申请数", "件", n(received[1])),
            ("3.网络申请数", "件", n(received[2])),
            ("4.信函申请数", "件", n(received[3])),
            ("（二）申请办结数", "件", n(r)),
            ("1.按时办结数", "件", n(r - extended)),
            ("2.延期办结数", "件", n(extended)),
            ("（三）申请答复数", "件", n(r)),
            ("1.属于已主动公开范围数", "件", n(answers[0])),
            ("2.同意公开答复数", "件", n(answers[1])),
            ("3.同意部分公开答复数", "件", n(answers[2])),
            ("4.不同意公开答复数", "件", n(answers[3])),
            ("其中：涉及国家秘密", "件", n(reasons[0])),
            ("涉及商业秘密", "件", n(reasons[1])),
            ("涉及个人隐私", "件", n(reasons[2])),
            (
                "危及国家安全、公共安全、经济安全和社会稳定",
                "件",
                n(reasons[3]),
            ),
            ("不是《条例》所指政府信息", "件", n(reasons[4])),
            ("法律法规规定的其他情形", "件", n(reasons[5])),
            ("5.不属于本行政机关公开数", "件", n(answers[4])),
            ("6.申请信息不存在数", "件", n(answers[5])),
            ("7.告知作出更改补充数", "件", n(answers[6])),
            ("8.告知通过其他途径办理数", "件", n(answers[7])),
            ("四、行政复议数量", "件", n(review.iter().sum())),
            ("（一）维持具体行政行为数", "件", n(review[0])),
            ("（二）被依法纠错数", "件", n(review[1])),
            ("（三）其他情形数", "件", n(review[2])),
            ("五、行政诉讼数量", "件", n(lawsuits.iter().sum())),
            (
                "（一）维持具体行政行为或者驳回原告诉讼请求数",
                "件",
                n(lawsuits[0]),
            ),
            ("（二）被依法纠错数", "件", n(lawsuits[1])),
            ("（三）其他情形数", "件", n(lawsuits[2])),
        ]
    }

    /// Rows 六 to 九 of the pre-2019 table: complaints, fees, staff and
    /// training.
    fn pre2019_resource_rows(&self, rng: &mut Rng, d: &Pre2019Draws) -> Vec<Pre2019Row> {
        let n = |v: u64| self.num(v);
        let (full, part) = (d.full_time, d.part_time);
        vec![
            ("六、举报投诉数量", "件", n(rng.u64(0..5))),
            ("七、依申请公开信息收取的费用", "万元", n(0)),
            ("八、机构建设和保障经费情况", "——", String::new()),
            ("（一）政府信息公开工作专门机构数", "个", n(rng.u64(1..3))),
            ("（二）设置政府信息公开查阅点数", "个", n(rng.u64(1..10))),
            ("（三）从事政府信息公开工作人员数", "人", n(full + part)),
            ("1.专职人员数", "人", n(full)),
            ("2.兼职人员数", "人", n(part)),
            (
                "（四）政府信息公开专项经费",
                "万元",
                format!("{}.{}", rng.u8(0..20), rng.u8(0..10)),
            ),
            ("九、政府信息公开会议和培训情况", "——", String::new()),
            (
                "（一）召开政府信息公开工作会议或专题会议数",
                "次",
                n(rng.u64(0..10)),
            ),
            ("（二）举办各类培训班数", "次", n(rng.u64(0..10))),
            ("（三）接受培训人员数", "人次", n(rng.u64(0..500))),
        ]
    }
}
