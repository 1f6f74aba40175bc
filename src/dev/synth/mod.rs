//! `gongkai synth`: a corpus of realistic report pages for benchmarks and
//! load tests, deterministic by seed.
//!
//! Document `i` depends only on (seed, i), so a corpus is written in parallel
//! and the same command always writes the same bytes. Reports follow the
//! three template eras (pre2019 2013–2018, fmt2019 2019–2020, fmt2021 from
//! 2021, a few agencies keeping the 2019 form later), reach us in every form
//! the pipeline reads (HTML in CMS chrome, Word markup or not; pipe text with
//! `|` lines or ` |` suffixes; markdown pipes; one cell per line) and three
//! encodings (UTF-8; GBK, declared or not; Big5 pages in Traditional
//! characters), from 1 KB to 500 KB. Their tables add up (a few carry one
//! wrong cell, as real reports do, so the audit has work), each agency's
//! 上年结转 is its previous year's 结转下年度, and every 30th document is one
//! of the real pages under `fixtures/`, made unique by a trailing comment.
//!
//! This module writes a corpus; it must not be used by the pipeline.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use encoding_rs::{BIG5, Encoding, GBK, UTF_8};
use fastrand::Rng;
use rayon::prelude::*;
use thiserror::Error;

/// Every `REAL_EVERY`-th document is a real page.
const REAL_EVERY: usize = 30;
/// Documents per sub-folder of the corpus.
const PER_FOLDER: usize = 1000;
/// The first report year; each agency reports on `YEARS` consecutive years.
const FIRST_YEAR: usize = 2013;
const YEARS: usize = 13;

/// The real pages mixed into every corpus.
const REAL: &[(&str, &[u8])] = &[
    (
        "real-pingtan-2018.html",
        include_bytes!("../../../fixtures/real/pingtan-2018_80529.html"),
    ),
    (
        "real-pingtan-2019.html",
        include_bytes!("../../../fixtures/real/pingtan-2019_80576.html"),
    ),
    (
        "real-pingtan-2019-glued.txt",
        include_bytes!("../../../fixtures/real/pingtan-2019_80576.txt"),
    ),
    (
        "real-pingtan-2024.html",
        include_bytes!("../../../fixtures/real/pingtan-2024_97791.html"),
    ),
    (
        "real-seed-2015.txt",
        include_bytes!("../../../fixtures/seed/000_ada6bcccffd3deee.txt"),
    ),
    (
        "real-seed-2015-gbk.txt",
        include_bytes!("../../../fixtures/seed/000_ada6bcccffd3deee.gbk.txt"),
    ),
    (
        "real-seed-word-2015-gbk.html",
        include_bytes!("../../../fixtures/html/seed-word-2015.gbk.html"),
    ),
    (
        "real-cms-2017.html",
        include_bytes!("../../../fixtures/html/cms-zoom-2017.html"),
    ),
];

/// Why a corpus could not be written.
#[derive(Debug, Error)]
pub enum SynthError {
    /// A folder or file could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The folder or file.
        path: String,
        /// What the system said.
        source: std::io::Error,
    },
}

/// What to write.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// How many documents to write.
    pub reports: usize,
    /// The seed of the random numbers: the same seed, the same corpus.
    pub seed: u64,
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Documents written.
    pub files: usize,
    /// Their size in bytes, in all.
    pub bytes: u64,
    /// Documents by kind (`fmt2021-html-gbk`, `real`, …).
    pub kinds: BTreeMap<String, usize>,
}

/// One generated document.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Path relative to the corpus folder.
    pub path: PathBuf,
    /// What it is: `template-form-encoding` (`fmt2021-html-gbk`), or `real`.
    pub kind: String,
    /// The document's bytes, in its encoding.
    pub bytes: Vec<u8>,
}

/// Write `options.reports` documents under `out` (created if missing).
pub fn write(out: &Path, options: &Options) -> Result<Stats, SynthError> {
    let mut stats = Stats::default();
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| SynthError::Io { path, source }
    };
    for start in (0..options.reports).step_by(PER_FOLDER) {
        let end = (start + PER_FOLDER).min(options.reports);
        let written: Vec<(String, u64)> = (start..end)
            .into_par_iter()
            .map(|i| {
                let doc = document(options.seed, i);
                let path = out.join(&doc.path);
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(io(dir))?;
                }
                std::fs::write(&path, &doc.bytes).map_err(io(&path))?;
                Ok((doc.kind, doc.bytes.len() as u64))
            })
            .collect::<Result<_, SynthError>>()?;
        for (kind, bytes) in written {
            stats.files += 1;
            stats.bytes += bytes;
            *stats.kinds.entry(kind).or_default() += 1;
        }
    }
    Ok(stats)
}

/// Document `i` of the corpus of `seed`.
pub fn document(seed: u64, i: usize) -> Doc {
    let folder = format!("{:03}", i / PER_FOLDER);
    if i % REAL_EVERY == REAL_EVERY - 1 {
        let (name, bytes) = REAL[(i / REAL_EVERY) % REAL.len()];
        let mut bytes = bytes.to_vec();
        bytes.extend_from_slice(format!("\n<!-- synth copy {i} -->\n").as_bytes());
        return Doc {
            path: PathBuf::from(folder).join(format!("{i:06}-{name}")),
            kind: "real".into(),
            bytes,
        };
    }
    let mut rng = Rng::with_seed(mix(seed, i as u64));
    let agency_no = i / YEARS;
    let year = FIRST_YEAR + i % YEARS;
    let report = Report::new(&mut rng, seed, agency_no, year);
    let form = report.form(&mut rng);
    let encoding = report.encoding(&mut rng, form);
    let text = report.render(&mut rng, form, encoding);
    let (bytes, _, _) = encoding.encode(&text);
    let ext = match form {
        Form::Html | Form::WordHtml => "html",
        Form::Markdown => "md",
        _ => "txt",
    };
    let kind = format!(
        "{}-{}-{}",
        report.template.name(),
        form.name(),
        encoding.name().to_lowercase()
    );
    Doc {
        path: PathBuf::from(folder).join(format!("{i:06}-{kind}.{ext}")),
        kind,
        bytes: bytes.into_owned(),
    }
}

/// A seed for the random numbers of one thing of one corpus (splitmix64).
fn mix(seed: u64, n: u64) -> u64 {
    let mut z = seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Template {
    Pre2019,
    Fmt2019,
    Fmt2021,
}

impl Template {
    fn name(self) -> &'static str {
        match self {
            Template::Pre2019 => "pre2019",
            Template::Fmt2019 => "fmt2019",
            Template::Fmt2021 => "fmt2021",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Html,
    /// HTML exported from Word (`<p class=MsoNormal><span …>`).
    WordHtml,
    /// Each cell followed by a line holding only `|`.
    Pipe,
    /// Each cell on a line ending in ` |`.
    PipeSuffix,
    Markdown,
    /// One cell per line, blank cells dropped.
    Lines,
}

impl Form {
    fn name(self) -> &'static str {
        match self {
            Form::Html => "html",
            Form::WordHtml => "word",
            Form::Pipe => "pipe",
            Form::PipeSuffix => "pipe-suffix",
            Form::Markdown => "markdown",
            Form::Lines => "lines",
        }
    }
}

/// A table cell being written, with its spans; `None` where a span covers.
type Slot = Option<(String, usize, usize)>;

/// A block of table 二: its 第二十条 item, column headers, and rows of
/// (label, values).
type Block = (
    &'static str,
    Vec<&'static str>,
    Vec<(&'static str, Vec<String>)>,
);

/// A table with the heading written above it.
struct Table {
    heading: String,
    rows: Vec<Vec<Slot>>,
}

fn cell(text: impl Into<String>) -> Slot {
    Some((text.into(), 1, 1))
}

fn span(text: impl Into<String>, rows: usize, cols: usize) -> Slot {
    Some((text.into(), rows, cols))
}

/// Development zones: agencies past the first city × county × department
/// names sit in one, so that no two synthetic agencies share a name (the
/// year-over-year audit pairs reports by name).
const ZONES: &[&str] = &[
    "高新区",
    "经济开发区",
    "保税区",
    "新区",
    "工业园区",
    "旅游度假区",
    "综合实验区",
    "港区",
];

/// The zone of an agency, empty for the first names.
fn zone(agency_no: usize) -> String {
    match agency_no / (CITIES.len() * COUNTIES.len() * DEPARTMENTS.len()) {
        0 => String::new(),
        c => ZONES
            .get(c - 1)
            .map_or_else(|| format!("第{c}片区"), |z| (*z).to_owned()),
    }
}

const CITIES: &[&str] = &[
    "福州市",
    "厦门市",
    "泉州市",
    "漳州市",
    "莆田市",
    "三明市",
    "南平市",
    "龙岩市",
    "宁德市",
    "衡阳市",
    "株洲市",
    "湘潭市",
    "岳阳市",
    "常德市",
    "赣州市",
    "九江市",
    "宜春市",
    "上饶市",
    "绍兴市",
    "台州市",
];
const COUNTIES: &[&str] = &[
    "",
    "城关区",
    "东湖区",
    "西山区",
    "南岭县",
    "北川县",
    "清河县",
    "长乐区",
    "永安市",
    "安溪县",
];
const DEPARTMENTS: &[&str] = &[
    "人民政府办公室",
    "发展和改革局",
    "教育局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "卫生健康委员会",
    "应急管理局",
    "市场监督管理局",
    "统计局",
];

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

/// `total` cut into `parts` random non-negative parts.
fn split(rng: &mut Rng, total: u64, parts: usize) -> Vec<u64> {
    let mut cuts: Vec<u64> = (0..parts.saturating_sub(1))
        .map(|_| rng.u64(0..=total))
        .collect();
    cuts.sort_unstable();
    let mut out = Vec::with_capacity(parts);
    let mut last = 0;
    for c in cuts {
        out.push(c - last);
        last = c;
    }
    out.push(total - last);
    out
}

/// Rows of table 三 between 三、本年度办理结果 and （七）总计: （一）, （二）, the
/// 8 of （三）, 3 of （四）, 5 of （五）, and （六） (3 rows in fmt2021, 1 before).
fn result_rows(fmt2021: bool) -> usize {
    if fmt2021 { 21 } else { 19 }
}

/// How a document writes a zero.
#[derive(Debug, Clone, Copy)]
enum Zero {
    Digit,
    Wu,
    Blank,
}

/// One report: who, when, which form of the tables, and its numbers.
struct Report {
    agency: String,
    year: usize,
    template: Template,
    zero: Zero,
    tables: Vec<Table>,
    /// Sentences that state the report's headline numbers.
    facts: Vec<String>,
    /// Bytes the document should reach (chrome and prose fill it up).
    target: usize,
}

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
    fn new(rng: &mut Rng, seed: u64, agency_no: usize, year: usize) -> Report {
        let city = CITIES[agency_no % CITIES.len()];
        let county = COUNTIES[(agency_no / CITIES.len()) % COUNTIES.len()];
        let dept = DEPARTMENTS[(agency_no / (CITIES.len() * COUNTIES.len())) % DEPARTMENTS.len()];
        let agency = format!("{city}{county}{}{dept}", zone(agency_no));
        let keeps_2019_form = agency_no.is_multiple_of(17);
        let template = match year {
            ..=2018 => Template::Pre2019,
            2019 | 2020 => Template::Fmt2019,
            _ if keeps_2019_form => Template::Fmt2019,
            _ => Template::Fmt2021,
        };
        let zero = match rng.u8(..) {
            0..=199 => Zero::Digit,
            200..=229 => Zero::Wu,
            _ => Zero::Blank,
        };
        let target = match rng.u8(..) {
            0..=4 => rng.usize(1_000..3_000),
            5..=179 => rng.usize(5_000..40_000),
            180..=244 => rng.usize(40_000..150_000),
            _ => rng.usize(150_000..500_000),
        };
        let mut report = Report {
            agency,
            year,
            template,
            zero,
            tables: Vec::new(),
            facts: Vec::new(),
            target,
        };
        match template {
            Template::Pre2019 => report.pre2019(rng),
            _ => report.national(rng, seed, agency_no),
        }
        // One report in 25 carries a wrong cell, as real reports do.
        if rng.u8(..) < 10 {
            report.break_one_cell(rng);
        }
        report
    }

    fn title(&self) -> String {
        format!("{}{}年度政府信息公开工作年度报告", self.agency, self.year)
    }

    fn num(&self, v: u64) -> String {
        match (v, self.zero) {
            (0, Zero::Wu) => "无".into(),
            (0, Zero::Blank) => String::new(),
            _ => v.to_string(),
        }
    }

    /// The single table of a pre-2019 report (指标 | 单位 | 数量) and its facts.
    fn pre2019(&mut self, rng: &mut Rng) {
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

    fn national(&mut self, rng: &mut Rng, seed: u64, agency_no: usize) {
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

    /// Table 三: applications received, carried over, their results per
    /// applicant column, and those carried forward.
    fn table_3_applications(
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

    /// Add 1 to one numeric cell of one table.
    fn break_one_cell(&mut self, rng: &mut Rng) {
        let table = rng.usize(0..self.tables.len());
        let numeric: Vec<(usize, usize)> = self.tables[table]
            .rows
            .iter()
            .enumerate()
            .flat_map(|(r, row)| {
                row.iter().enumerate().filter_map(move |(c, s)| match s {
                    Some((t, _, _)) if t.parse::<u64>().is_ok() => Some((r, c)),
                    _ => None,
                })
            })
            .collect();
        if numeric.is_empty() {
            return;
        }
        let (r, c) = numeric[rng.usize(0..numeric.len())];
        if let Some((text, _, _)) = &mut self.tables[table].rows[r][c] {
            *text = (text.parse::<u64>().unwrap_or(0) + 1).to_string();
        }
    }

    fn form(&self, rng: &mut Rng) -> Form {
        match rng.u8(..) {
            0..=119 => Form::Html,
            120..=159 => Form::WordHtml,
            160..=184 => Form::Pipe,
            185..=199 => Form::PipeSuffix,
            200..=234 => Form::Markdown,
            _ => Form::Lines,
        }
    }

    fn encoding(&self, rng: &mut Rng, form: Form) -> &'static Encoding {
        match (rng.u8(..), form) {
            (0..=189, _) => UTF_8,
            (190..=239, _) => GBK,
            (_, Form::Html | Form::WordHtml) => BIG5,
            _ => GBK,
        }
    }

    fn render(&self, rng: &mut Rng, form: Form, encoding: &'static Encoding) -> String {
        let prose = self.prose(rng);
        let text = match form {
            Form::Html | Form::WordHtml => self.html(rng, form, encoding, &prose),
            _ => self.text(form, &prose),
        };
        if encoding == BIG5 {
            to_traditional(&text)
        } else {
            text
        }
    }

    /// The narrative: the facts, then work paragraphs up to the target size.
    fn prose(&self, rng: &mut Rng) -> Vec<String> {
        let mut out = vec![
            "一、总体情况".to_owned(),
            format!(
                "本报告根据《中华人民共和国政府信息公开条例》要求，由{}编制。本报告中所列数据的统计期限自{}年1月1日起至{}年12月31日止。",
                self.agency, self.year, self.year
            ),
        ];
        out.extend(self.facts.iter().cloned());
        // Reports write a few pages of prose; what makes a page large is its
        // markup, chrome and scripts.
        let prose_bytes = self.target.min(rng.usize(3_000..30_000));
        let mut size: usize = out.iter().map(String::len).sum::<usize>();
        while size < prose_bytes {
            let p = FILLER[rng.usize(0..FILLER.len())]
                .replace("{n}", &rng.u32(2..60).to_string())
                .replace("{m}", &rng.u32(100..9000).to_string());
            size += p.len() + 40;
            out.push(p);
        }
        out
    }

    /// The document as a page of a government site: head, navigation,
    /// the report (paragraphs and tables), footer, then scripts and related
    /// links up to the target size.
    fn html(
        &self,
        rng: &mut Rng,
        form: Form,
        encoding: &'static Encoding,
        prose: &[String],
    ) -> String {
        let mut s = String::with_capacity(self.target + 20_000);
        self.html_head(&mut s, rng, encoding);
        self.html_chrome(&mut s, rng);
        let split_at = prose.len().min(4);
        for text in &prose[..split_at] {
            html_paragraph(&mut s, form, text);
        }
        for table in &self.tables {
            html_paragraph(&mut s, form, &table.heading);
            html_table(&mut s, form, table);
        }
        for text in &prose[split_at..] {
            html_paragraph(&mut s, form, text);
        }
        s.push_str("</div>\n<div class=\"share\">分享到：微信 微博</div>\n<div class=\"footer\">");
        s.push_str("<p>主办单位：人民政府办公室 承办：大数据中心</p><p>地址：人民路1号 邮编：350000 电话：0591-12345678</p><p>闽ICP备05012345号 政府网站标识码：3501000001</p></div>\n");
        self.html_padding(&mut s, rng);
        s.push_str("</body></html>\n");
        s
    }

    /// `<!DOCTYPE>` to `<body>`: the charset (most pages declare it), the
    /// title and the publication date.
    fn html_head(&self, s: &mut String, rng: &mut Rng, encoding: &'static Encoding) {
        s.push_str("<!DOCTYPE html>\n<html><head>");
        if rng.u8(..) < 230 {
            s.push_str(&format!(
                "<meta charset=\"{}\">",
                encoding.name().to_lowercase()
            ));
        }
        s.push_str(&format!(
            "<title>{}_{}人民政府门户网站</title><meta name=\"PubDate\" content=\"{}-0{}-1{} 10:00\">",
            self.title(),
            &self.agency[..self.agency.char_indices().nth(3).map_or(0, |(i, _)| i)],
            self.year + 1,
            rng.u8(1..4),
            rng.u8(0..10)
        ));
        s.push_str("<style>body{font-family:\"Microsoft YaHei\";}.nav li{float:left;}</style></head><body>\n");
    }

    /// The site's navigation above the report, and the report's `<h1>`.
    fn html_chrome(&self, s: &mut String, rng: &mut Rng) {
        s.push_str("<div class=\"header\"><ul class=\"nav\">");
        for k in 0..rng.usize(10..60) {
            s.push_str(&format!(
                "<li><a href=\"/col/col{k}/index.html\">{}</a></li>",
                NAV[k % NAV.len()]
            ));
        }
        s.push_str("</ul></div>\n<div class=\"position\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/zwgk/\">政务公开</a> &gt; 政府信息公开年报</div>\n");
        s.push_str("<div class=\"fontsize\">字号：<a>大</a> <a>中</a> <a>小</a></div>\n");
        s.push_str(&format!(
            "<div class=\"TRS_Editor\">\n<h1>{}</h1>\n",
            self.title()
        ));
    }

    /// What makes real pages large: analytics scripts and lists of related
    /// articles, added until the page reaches the target size.
    fn html_padding(&self, s: &mut String, rng: &mut Rng) {
        while s.len() < self.target {
            if rng.bool() {
                s.push_str(SCRIPT);
            } else {
                s.push_str("<div class=\"related\"><h3>相关文章</h3><ul>");
                for k in 0..10 {
                    s.push_str(&format!(
                        "<li><a href=\"/art/{}/{k}.html\">{}</a><span>{}-0{}-2{}</span></li>",
                        self.year,
                        NAV[(k + s.len()) % NAV.len()],
                        self.year,
                        k % 9 + 1,
                        k
                    ));
                }
                s.push_str("</ul></div>\n");
            }
        }
    }

    /// The document as text: title, the first paragraphs, the tables in
    /// `form`, the other paragraphs.
    fn text(&self, form: Form, prose: &[String]) -> String {
        let mut lines: Vec<String> = vec![self.title()];
        let split_at = prose.len().min(4);
        lines.extend(prose[..split_at].iter().cloned());
        for table in &self.tables {
            lines.push(table.heading.clone());
            match form {
                Form::Markdown => markdown_lines(&mut lines, table),
                _ => cell_lines(&mut lines, form, table),
            }
        }
        lines.extend(prose[split_at..].iter().cloned());
        lines.join("\n") + "\n"
    }
}

/// One paragraph of an HTML page, as Word exports it or plain.
fn html_paragraph(s: &mut String, form: Form, text: &str) {
    if form == Form::WordHtml {
        s.push_str(&format!(
            "<p class=MsoNormal style='text-indent:32.0pt'><span style='font-size:16.0pt;font-family:仿宋_GB2312'>{text}</span></p>\n"
        ));
    } else {
        s.push_str(&format!("<p>{text}</p>\n"));
    }
}

/// One table of an HTML page, with its spans; an empty cell is `&nbsp;`.
fn html_table(s: &mut String, form: Form, table: &Table) {
    s.push_str("<table border=\"1\" cellspacing=\"0\" cellpadding=\"0\"><tbody>\n");
    for row in &table.rows {
        s.push_str("<tr>");
        for (text, rs, cs) in row.iter().flatten() {
            s.push_str("<td");
            if *rs > 1 {
                s.push_str(&format!(" rowspan=\"{rs}\""));
            }
            if *cs > 1 {
                s.push_str(&format!(" colspan=\"{cs}\""));
            }
            let inner = if text.is_empty() { "&nbsp;" } else { text };
            if form == Form::WordHtml {
                s.push_str(&format!("><p class=MsoNormal align=center><span style='font-size:10.5pt'>{inner}</span></p></td>"));
            } else {
                s.push_str(&format!("><p>{inner}</p></td>"));
            }
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody></table>\n");
}

/// A table as markdown pipes: a blank line, the rows (a spanned-over cell
/// is an empty `|`), the `---` line after the first, a blank line.
fn markdown_lines(lines: &mut Vec<String>, table: &Table) {
    lines.push(String::new());
    for (i, row) in table.rows.iter().enumerate() {
        let mut line = String::from("|");
        for slot in row {
            match slot {
                None => line.push('|'),
                Some((t, _, _)) => line.push_str(&format!(" {t} |")),
            }
        }
        lines.push(line);
        if i == 0 {
            lines.push(format!("|{}", "---|".repeat(row.len())));
        }
    }
    lines.push(String::new());
}

/// A table as one cell per line, in the pipe, pipe-suffix or lines form.
fn cell_lines(lines: &mut Vec<String>, form: Form, table: &Table) {
    for (t, _, _) in table.rows.iter().flatten().flatten() {
        match form {
            Form::Pipe => {
                if !t.is_empty() {
                    lines.push(t.clone());
                }
                lines.push("|".into());
            }
            Form::PipeSuffix => lines.push(if t.is_empty() {
                "|".into()
            } else {
                format!("{t} |")
            }),
            _ if !t.is_empty() => lines.push(t.clone()),
            _ => {}
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

const NAV: &[&str] = &[
    "首页",
    "政务公开",
    "政府信息公开指南",
    "政府信息公开目录",
    "政府信息公开年报",
    "政策文件",
    "政策解读",
    "办事服务",
    "互动交流",
    "领导信箱",
    "在线访谈",
    "征集调查",
    "走进本地",
    "新闻中心",
];

const SCRIPT: &str = "<script type=\"text/javascript\">var _hmt=_hmt||[];(function(){var hm=document.createElement(\"script\");hm.src=\"https://hm.example.com/hm.js?0123456789abcdef\";var s=document.getElementsByTagName(\"script\")[0];s.parentNode.insertBefore(hm,s);})();function setFontSize(size){document.getElementById('zoom').style.fontSize=size+'px';}</script>\n";

/// Work paragraphs; `{n}` and `{m}` become small and large numbers. Their
/// phrases name no indicator of the taxonomy, so they add prose, not figures
/// to compare with the tables.
const FILLER: &[&str] = &[
    "进一步完善政府信息公开工作机制，明确分管领导和专门工作人员，做到信息发布有人审核、有人把关。",
    "加强门户网站建设，优化栏目设置，全年网站访问量达{m}人次，群众满意度不断提升。",
    "组织开展政务公开业务培训{n}场次，参训干部{m}人次，工作人员业务水平进一步提高。",
    "围绕优化营商环境、乡村振兴、生态环境保护等重点领域，及时发布工作动态和政策措施。",
    "坚持以公开为常态、不公开为例外，严格落实政府信息公开属性源头认定制度。",
    "通过新闻发布会、政务新媒体、便民服务热线等渠道，及时回应社会关切，主动解疑释惑。",
    "规范依申请公开办理流程，严格按照法定时限答复，确保答复内容合法、规范、准确。",
    "加强政务新媒体管理，全年通过微信公众号推送信息{m}条，关注人数持续增长。",
    "存在的主要问题是公开内容的深度和广度还不够，部分栏目更新不够及时，政策解读形式较为单一。",
    "下一步，我们将继续加强组织领导，健全工作制度，强化监督考核，推动政府信息公开工作再上新台阶。",
    "完善政府信息公开保密审查机制，坚持先审查、后公开，全年未发生失泄密事件。",
    "推进基层政务公开标准化规范化建设，编制完善{n}个领域的政务公开事项标准目录。",
];

/// Simplified → Traditional, the reverse of `taxonomy/traditional.tsv`.
static TRADITIONAL: LazyLock<HashMap<char, char>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for &(trad, simp) in crate::text::traditional_pairs() {
        map.entry(simp).or_insert(trad);
    }
    map
});

fn to_traditional(text: &str) -> String {
    text.chars()
        .map(|c| TRADITIONAL.get(&c).copied().unwrap_or(c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ReportStatus, SourceDoc};
    use crate::pipeline::process;
    use crate::taxonomy::Taxonomy;

    #[test]
    fn documents_are_the_same_for_the_same_seed_and_differ_across_seeds() {
        for i in [0, 1, 29, 500] {
            assert_eq!(document(7, i).bytes, document(7, i).bytes);
        }
        assert_ne!(document(7, 3).bytes, document(8, 3).bytes);
    }

    #[test]
    fn agencies_past_the_first_names_get_a_zone_and_are_read_with_it() {
        let names = CITIES.len() * COUNTIES.len() * DEPARTMENTS.len();
        assert_eq!(zone(names - 1), "");
        assert_eq!(zone(names), "高新区");
        assert_eq!(zone(names * 20), "第20片区");
        // The first report of agency `names` and of agency 0: same city,
        // county and department, told apart by the zone, as the pipeline reads them.
        let agency = |i: usize| {
            let doc = document(1, i);
            let source = SourceDoc {
                source: doc.path.display().to_string(),
                bytes: doc.bytes,
                fetch: None,
            };
            process(&source, Taxonomy::builtin()).report.agency
        };
        let first = agency(0).expect("agency 0 has a name");
        let zoned = agency(names * YEARS).expect("agency `names` has a name");
        assert_eq!(first, "福州市人民政府办公室");
        assert_eq!(zoned, "福州市高新区人民政府办公室");
    }

    #[test]
    fn generated_reports_are_read_and_add_up() {
        let mut errors = 0;
        let mut kinds = BTreeMap::new();
        for i in 0..120 {
            let doc = document(1, i);
            let result = process(
                &SourceDoc {
                    source: doc.path.display().to_string(),
                    bytes: doc.bytes.clone(),
                    fetch: None,
                },
                Taxonomy::builtin(),
            );
            let r = &result.report;
            assert_eq!(
                r.status,
                ReportStatus::Ok,
                "{} {:?}",
                doc.path.display(),
                r.error
            );
            assert!(result.records.len() > 20, "{}", doc.path.display());
            if doc.kind != "real" {
                assert_eq!(
                    r.report_year,
                    Some((FIRST_YEAR + i % YEARS) as i32),
                    "{}",
                    doc.path.display()
                );
                assert_eq!(
                    r.template.as_str(),
                    doc.kind.split('-').next().unwrap(),
                    "{}",
                    doc.path.display()
                );
            }
            errors += result
                .findings
                .iter()
                .filter(|f| f.severity == crate::model::Severity::Error)
                .count();
            *kinds.entry(doc.kind).or_insert(0) += 1;
        }
        // Most reports add up; one in 25 carries a wrong cell.
        assert!(errors < 30, "{errors} sum errors in 120 reports");
        assert!(kinds.len() > 10, "{kinds:?}");
    }
}
