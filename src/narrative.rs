//! Figures in the narrative: paragraphs → [`LocatedValue`]s with origin
//! `narrative`, one per figure the prose states.
//!
//! Sentence by sentence, a figure is a number with its unit (`2069条`,
//! `430余人次`, `一篇`, `近3亿人次`, `33.9%`), the phrase it counts
//! (`row_label`) and the sentence (`snippet`). Position: `row_no` is the
//! paragraph (1-based), `col_no` the sentence within it (1-based), `table_no`
//! is null. A phrase that states a table indicator exactly (`主动公开政府信息`,
//! after fillers such as `2018年` `全区` `共` are dropped) gets that indicator's
//! code from the `narrative` lists of the taxonomy; zeros stated in words
//! (`未收到…政府信息公开申请`) come from its `narrative_none` patterns.
//!
//! Precision first: a wrong figure is worse than a missed one. Numbers that
//! are not figures are left alone — dates (`2015年`, `11月18日`), document
//! numbers (`〔2018〕41号`, `令第711号`), phone numbers, postcodes, URLs,
//! anything quoted or in a title (`“12345”`, `《今日高新》`, `“创业富民30条”`),
//! list numbering (`1.政策性文件1条`), ranks (`第四`, `前3名`), ranges,
//! durations (`15个工作日`), and Chinese numerals that are words rather than
//! counts (`一项重要工作`, `一次性告知`, `二十条措施`). A phrase that names a
//! part (`网上申请`, `各乡镇主动公开政府信息`) never maps to the total.
//!
//! Unlike `normalize`, which reads table cells strictly, this stage reads
//! prose forms: Chinese numerals, `1.2万`, qualifiers. A trailing 万/亿 stays
//! in the unit (`1.2万条` is 1.2 in `万条`), as in the tables, so no value is
//! scaled. This module finds and reads figures; it must not change table values.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use regex::Regex;

use crate::extract::numbers::{
    INNER_QUALIFIERS, Magnitude, Number, PREFIX_QUALIFIERS, SUFFIX_QUALIFIERS, read_number,
    run_len, starts_number,
};
use crate::model::{LocatedValue, Normalized, Origin, Template, ValueStatus};
use crate::normalize::{clean, tidy};
use crate::taxonomy::Taxonomy;

/// Measure words a figure may carry, longest first so that `人次` wins over `人`.
pub const UNITS: &[&str] = &[
    "人次", "场次", "批次", "件次", "个次", "户次", "条次", "篇次", "期次", "项次", "家次", "份次",
    "元", "条", "件", "份", "篇", "期", "次", "场", "项", "个", "家", "名", "人", "部", "宗", "套",
    "通", "户", "处", "张", "册", "批", "位", "座", "辆", "块", "幅", "起",
];

/// Words that make `N名` / `N位` a place in a ranking, not a head count:
/// `排名第四，较上年前进了三名`, `位次上升5位`.
const RANKING: &[&str] = &[
    "排名", "名次", "位次", "排位", "前进", "后退", "上升", "下降", "提升", "前移", "后移", "位居",
    "位列", "跃居", "跃升", "排在", "排第",
];

/// Words that, right after a unit, make it part of another word or a
/// duration: `15个工作日`, `一次性`, `条例`, `部门`, `项目`, `二十条措施`.
const NOT_AFTER_UNIT: &[(&str, &[&str])] = &[
    (
        "个",
        &[
            "工作日",
            "月",
            "小时",
            "百分点",
            "季度",
            "星期",
            "自然日",
            "交易日",
            "半月",
            "多月",
            "多小时",
            "人",
            "体",
            "性",
            "别",
        ],
    ),
    (
        "条",
        &[
            "例", "款", "件", "线", "龙", "措施", "意见", "举措", "规定", "新政", "细则", "办法",
            "目",
        ],
    ),
    ("件", &["事"]),
    ("次", &["性", "日", "年", "月", "要"]),
    ("名", &["单", "称", "义", "列", "次", "额"]),
    (
        "人",
        &[
            "民", "员", "大", "社", "口", "工", "身", "士", "事", "格", "权", "力", "才", "文",
            "居", "防", "行",
        ],
    ),
    (
        "部",
        &["门", "署", "分", "位", "队", "长", "委", "件", "属"],
    ),
    ("项", &["目"]),
    ("场", &["所", "地", "景", "合", "面"]),
    ("家", &["庭", "长", "属", "乡"]),
    ("套", &["餐"]),
    (
        "通",
        &["知", "过", "报", "道", "讯", "信", "用", "办", "行", "告"],
    ),
    ("元", &["旦", "素"]),
    ("份", &["额"]),
    ("期", &["间", "限", "满", "刊"]),
    ("批", &["复", "准", "示"]),
    ("宗", &["旨", "教"]),
    ("户", &["籍", "口"]),
    ("处", &["理", "置", "罚", "分", "长", "室"]),
    ("张", &["贴"]),
    ("位", &["置"]),
    ("座", &["谈"]),
    ("块", &["钱"]),
    (
        "起",
        &[
            "诉", "草", "步", "点", "来", "始", "止", "至", "到", "见", "的",
        ],
    ),
];

/// Characters that end a clause for the counted phrase.
fn is_boundary(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '；'
            | '：'
            | '、'
            | '！'
            | '？'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '('
            | ')'
            | '（'
            | '）'
            | '【'
            | '】'
            | '|'
            | '…'
    )
}

/// Characters that end a clause for a zero stated in words (`、` does not:
/// `无…行政复议、诉讼` is one statement).
fn ends_zero_clause(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '；' | '：' | '！' | '？' | ',' | ';' | ':' | '!' | '?' | '|'
    )
}

/// Opening and closing marks whose content is a name, a title or a document
/// number, never a figure.
const QUOTES: &[(char, char)] = &[
    ('“', '”'),
    ('‘', '’'),
    ('《', '》'),
    ('〈', '〉'),
    ('「', '」'),
    ('『', '』'),
    ('〔', '〕'),
    ('[', ']'),
    ('【', '】'),
    ('"', '"'),
];

/// Prefix qualifiers that are the end of another word: `节约3万元` is an exact
/// saving, `最近3个月` a period.
const NOT_QUALIFIER: &[&str] = &[
    "节约", "制约", "签约", "预约", "违约", "履约", "合约", "特约", "简约", "邀约", "公约", "最近",
    "附近", "临近", "靠近", "就近",
];

/// Bounds from above are not stated figures: `不足10人`, `10人以下`.
const UPPER_BOUNDS_BEFORE: &[&str] = &["不到", "不足", "不超过", "最多", "少于", "低于"];
const UPPER_BOUNDS_AFTER: &[&str] = &["以下", "以内", "之内"];

/// Words a negation starts with; the raw text of every zero begins with one.
const NEGATIONS: &[&str] = &[
    "没有", "暂无", "暂不", "尚未", "尚无", "均未", "均无", "从未", "未", "无", "不",
];

/// Words that make a negated clause about something else than "none at all":
/// `无被纠错的行政复议`, `行政复议尚未审结`, `除…外`.
const ZERO_SPOILERS: &[&str] = &[
    "纠错",
    "纠正",
    "维持",
    "驳回",
    "审结",
    "败诉",
    "撤销",
    "违法",
    "超期",
    "逾期",
    "延期",
    "结转",
    "除",
    "但",
    "仅",
    "只有",
    "行政事业性",
    "未经",
];

/// The longest gap `…` stands for in a `narrative_none` pattern, in characters.
const MAX_GAP: usize = 24;

/// Figures and zeros of a document's narrative, in paragraph and sentence
/// order. `template` settles a phrase that indicators of several eras share.
pub fn extract(
    paragraphs: &[String],
    taxonomy: &Taxonomy,
    template: Template,
) -> Vec<LocatedValue> {
    let matcher = Matcher::of(taxonomy);
    let mut out = Vec::new();
    let mut section: Option<String> = None;
    for (p, paragraph) in paragraphs.iter().enumerate() {
        let paragraph = tidy(paragraph);
        if is_heading(&paragraph) {
            section = Some(paragraph.clone());
        }
        for (s, sentence) in sentences(&paragraph).into_iter().enumerate() {
            let at = Position {
                row_no: to_u32(p + 1),
                col_no: to_u32(s + 1),
                section: section.as_deref(),
            };
            out.extend(sentence_values(sentence, &matcher, template, &at));
        }
    }
    out
}

/// Read a narrative figure's raw text (`430余人次`, `一篇`, `近3亿人次`,
/// `未收到政府信息公开申请`) as a value: the stated number, never scaled, with
/// its qualifier and its unit (`亿人次`); a zero in words is 0 with status
/// `none`. Text that is neither is `unparsed`.
pub fn read(raw: &str) -> Normalized {
    let orig: Vec<char> = tidy(raw).chars().collect();
    let text: Vec<char> = orig.iter().map(|c| fold(*c)).collect();
    let unparsed = Normalized {
        value: None,
        status: ValueStatus::Unparsed,
        qualifier: None,
        unit: None,
    };
    if text.is_empty() {
        return unparsed;
    }
    let mut start = 0;
    let mut prefix = None;
    if let Some(q) = PREFIX_QUALIFIERS.iter().find(|q| starts_with(&text, 0, q)) {
        prefix = Some(*q);
        start = q.chars().count();
        if text.get(start) == Some(&' ') {
            start += 1;
        }
    }
    if let Some(q) = read_quantity(&text, start).filter(|q| q.end == text.len()) {
        let qualifier = prefix.or(q.qualifier);
        return Normalized {
            value: Some(q.number.stated),
            status: if qualifier.is_some() {
                ValueStatus::Approximate
            } else {
                ValueStatus::Reported
            },
            qualifier: qualifier.map(str::to_owned),
            unit: Some(q.unit_written(&orig)),
        };
    }
    if NEGATIONS.iter().any(|n| starts_with(&text, 0, n)) {
        return Normalized {
            value: Some(0.0),
            status: ValueStatus::None,
            qualifier: None,
            unit: None,
        };
    }
    unparsed
}

struct Position<'a> {
    row_no: u32,
    col_no: u32,
    section: Option<&'a str>,
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A short line like `三、政府信息依申请公开工作情况`: the section of what follows.
fn is_heading(paragraph: &str) -> bool {
    static HEADING: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[一二三四五六七八九十]+、").expect("static regex"));
    HEADING.is_match(paragraph) && paragraph.chars().count() <= 40 && !paragraph.contains('。')
}

/// A paragraph's sentences, each with its closing mark.
fn sentences(paragraph: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in paragraph.char_indices() {
        if matches!(c, '。' | '！' | '？' | '!' | '?') {
            let end = i + c.len_utf8();
            out.push(&paragraph[start..end]);
            start = end;
        }
    }
    out.push(&paragraph[start..]);
    out.into_iter().filter(|s| !s.trim().is_empty()).collect()
}

/// One sentence, as written and folded to half width, character by character.
struct Sentence {
    /// As written (whitespace tidied): raw texts and labels come from here.
    orig: Vec<char>,
    /// Full-width ASCII folded to half width, same length as `orig`.
    text: Vec<char>,
    /// Characters inside quotes, titles, brackets, URLs or e-mail addresses.
    masked: Vec<bool>,
}

impl Sentence {
    fn new(sentence: &str) -> Sentence {
        let orig: Vec<char> = sentence.trim().chars().collect();
        let text: Vec<char> = orig.iter().map(|c| fold(*c)).collect();
        let masked = mask(&text);
        Sentence { orig, text, masked }
    }

    fn orig(&self, from: usize, to: usize) -> String {
        self.orig[from..to].iter().collect()
    }
}

/// The form text is matched in: full-width ASCII folded to half width, and
/// the traditional forms of the characters this module looks for folded to
/// simplified (`30條` reads as `30条`), one character for one, so positions
/// stay those of the text as written.
fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '條' => '条',
        '項' => '项',
        '個' => '个',
        '場' => '场',
        '張' => '张',
        '冊' => '册',
        '輛' => '辆',
        '塊' => '块',
        '處' => '处',
        '戶' => '户',
        '萬' => '万',
        '億' => '亿',
        '兩' => '两',
        '數' => '数',
        '幾' => '几',
        '餘' => '余',
        '約' => '约',
        '門' => '门',
        '單' => '单',
        '稱' => '称',
        '員' => '员',
        '義' => '义',
        '額' => '额',
        '點' => '点',
        '時' => '时',
        '號' => '号',
        '為' => '为',
        '達' => '达',
        '計' => '计',
        '務' => '务',
        '會' => '会',
        '議' => '议',
        '報' => '报',
        '過' => '过',
        '訊' => '讯',
        '辦' => '办',
        '專' => '专',
        '職' => '职',
        '屬' => '属',
        '鄉' => '乡',
        '長' => '长',
        '體' => '体',
        '別' => '别',
        '齊' => '齐',
        '層' => '层',
        '屆' => '届',
        '級' => '级',
        '聯' => '联',
        '訴' => '诉',
        '復' | '覆' => '复',
        '請' => '请',
        '無' => '无',
        '沒' => '没',
        '暫' => '暂',
        '費' => '费',
        '對' => '对',
        '進' => '进',
        '們' => '们',
        _ => c,
    }
}

/// Mark what is quoted, titled, bracketed, or part of a URL or e-mail address.
fn mask(text: &[char]) -> Vec<bool> {
    static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:https?://|www\.)[-a-z0-9./?=&_%#:~+@]*|[a-z0-9._%+-]+@[a-z0-9.-]+")
            .expect("static regex")
    });
    let mut masked = vec![false; text.len()];
    let mut i = 0;
    while let Some(c) = text.get(i) {
        let close = QUOTES
            .iter()
            .find(|(open, _)| open == c)
            .map(|(_, close)| *close);
        match close.and_then(|close| text[i + 1..].iter().position(|d| *d == close)) {
            // Past the closing mark: `"a"…"b"` is two quotes, not three.
            Some(len) => {
                masked[i..=i + 1 + len].fill(true);
                i += len + 2;
            }
            None => i += 1,
        }
    }
    if !text.iter().any(|c| matches!(c, '@' | '.' | '/')) {
        return masked;
    }
    let joined: String = text.iter().collect();
    let offsets: Vec<usize> = joined.char_indices().map(|(b, _)| b).collect();
    for m in ADDRESS.find_iter(&joined) {
        let from = offsets.partition_point(|b| *b < m.start());
        let to = offsets.partition_point(|b| *b < m.end());
        masked[from..to].fill(true);
    }
    masked
}

fn starts_with(text: &[char], at: usize, word: &str) -> bool {
    (at..)
        .zip(word.chars())
        .all(|(i, c)| text.get(i) == Some(&c))
}

fn ends_with(text: &[char], at: usize, word: &str) -> bool {
    let n = word.chars().count();
    at >= n && starts_with(text, at - n, word)
}

/// A quantity: number, qualifier, magnitude and measure word.
#[derive(Debug, Clone, Copy)]
struct Quantity {
    number: Number,
    magnitude: Option<Magnitude>,
    qualifier: Option<&'static str>,
    /// The measure word, `%`, or empty for a bare magnitude (`超10万`).
    measure: &'static str,
    /// Where the 万/亿 is written, when it is one character of the text.
    magnitude_at: Option<usize>,
    /// Where the measure word starts.
    measure_at: usize,
    /// The number starts with a Chinese numeral (`一篇`, `三千余人`), which can
    /// be part of a word; `3万`, `13万2` start with a digit.
    in_words: bool,
    /// Where the measure word (or the number, when there is none) ends.
    unit_end: usize,
    /// Where the quantity ends, qualifiers after the unit included.
    end: usize,
}

impl Quantity {
    /// The unit as written: `人次`, `万元`, `亿人次`, `%`, `條`.
    fn unit_written(&self, orig: &[char]) -> String {
        let mut unit = String::new();
        match (self.magnitude_at.and_then(|k| orig.get(k)), self.magnitude) {
            (Some(c), _) => unit.push(*c),
            (None, Some(m)) => unit.push_str(m.as_str()),
            (None, None) => {}
        }
        if self.measure == "%" {
            unit.push('%');
        } else {
            unit.extend(orig.get(self.measure_at..self.unit_end).unwrap_or_default());
        }
        unit
    }

    /// The unit in simplified form, for comparing: `人次`, `万元`, `条`.
    fn unit(&self) -> String {
        format!(
            "{}{}",
            self.magnitude.map_or("", Magnitude::as_str),
            self.measure
        )
    }
}

/// `number [余|多] [万|亿] [余|多] [ ] unit [以上|左右]` at `text[i..]`, or a
/// percentage (`33.9%`, `百分之三十`).
fn read_quantity(text: &[char], i: usize) -> Option<Quantity> {
    let number = read_number(&text[i..])?;
    let in_words = !text[i].is_ascii_digit();
    let mut j = i + number.len;
    let mut magnitude = number.magnitude;
    // `1.2万`: the 万 ends the number; `3亿5千万` is kept in 亿, written nowhere as one character.
    let mut magnitude_at = number
        .magnitude
        .filter(|m| text.get(j - 1).and_then(|c| Magnitude::from_char(*c)) == Some(*m))
        .map(|_| j - 1);
    let mut qualifier = None;
    let number_end = j;
    if number.percent {
        let q = with_suffix(text, number, magnitude, None, "%", number_end);
        return Some(Quantity {
            magnitude_at,
            measure_at: number_end,
            in_words,
            ..q
        });
    }
    if let Some(q) = INNER_QUALIFIERS.iter().find(|q| starts_with(text, j, q)) {
        qualifier = Some(*q);
        j += 1;
    }
    if magnitude.is_none()
        && let Some(m) = text.get(j).and_then(|c| Magnitude::from_char(*c))
    {
        magnitude = Some(m);
        magnitude_at = Some(j);
        j += 1;
        if qualifier.is_none()
            && let Some(q) = INNER_QUALIFIERS.iter().find(|q| starts_with(text, j, q))
        {
            qualifier = Some(*q);
            j += 1;
        }
    }
    if text.get(j) == Some(&' ') && text.get(j + 1).is_some_and(|c| !c.is_ascii()) {
        j += 1;
    }
    let measure_at = j;
    let measure = if matches!(text.get(j), Some('%' | '％')) {
        Some("%")
    } else {
        UNITS.iter().copied().find(|u| starts_with(text, j, u))
    };
    let (measure, unit_end) = match measure {
        Some(m) => (m, j + m.chars().count()),
        None if magnitude.is_some() && !in_words => ("", j),
        None => return None,
    };
    let q = with_suffix(text, number, magnitude, qualifier, measure, unit_end);
    Some(Quantity {
        magnitude_at,
        measure_at,
        in_words,
        ..q
    })
}

/// The quantity, with a qualifier written after its unit (`人次以上`, `95%以上`).
fn with_suffix(
    text: &[char],
    number: Number,
    magnitude: Option<Magnitude>,
    mut qualifier: Option<&'static str>,
    measure: &'static str,
    unit_end: usize,
) -> Quantity {
    let mut end = unit_end;
    if qualifier.is_none()
        && let Some(q) = SUFFIX_QUALIFIERS.iter().find(|q| starts_with(text, end, q))
    {
        qualifier = Some(*q);
        end += q.chars().count();
    }
    Quantity {
        number,
        magnitude,
        qualifier,
        measure,
        magnitude_at: None,
        measure_at: unit_end,
        in_words: false,
        unit_end,
        end,
    }
}

/// A figure found in a sentence.
#[derive(Debug)]
struct Figure {
    /// Where the raw text starts (a prefix qualifier included).
    start: usize,
    quantity: Quantity,
    label: String,
    /// The label is the tail of a coordinated phrase (`信函、传真申请`): what
    /// it counts may be shared with the words before the `、`.
    coordinated: bool,
}

/// Every figure in a sentence, left to right.
fn figures(s: &Sentence) -> Vec<Figure> {
    let mut out: Vec<Figure> = Vec::new();
    let mut i = 0;
    while i < s.text.len() {
        let c = s.text[i];
        let at_run_start = starts_number(c) && (i == 0 || !starts_number(s.text[i - 1]));
        if !at_run_start {
            i += 1;
            continue;
        }
        let run = run_len(&s.text[i..]).max(1);
        let previous_end = out.last().map_or(0, |f| f.quantity.end);
        match figure_at(s, i, previous_end) {
            Some(figure) => {
                i = figure.quantity.end;
                out.push(figure);
            }
            None => i += run,
        }
    }
    out
}

/// The figure whose number starts at `i`, if it is one.
fn figure_at(s: &Sentence, i: usize, previous_end: usize) -> Option<Figure> {
    let text = &s.text;
    let before = |k: usize| i.checked_sub(k).and_then(|j| text.get(j)).copied();
    // URLs, codes, phone numbers, decimals cut in half: `v6`, `0591-`, `3.5`.
    if before(1).is_some_and(|c| c.is_ascii_alphanumeric() || "/@_#=&.:-~+".contains(c)) {
        return None;
    }
    // Ranks and top-N: 第四, 前3名.
    if matches!(before(1), Some('第' | '前')) {
        return None;
    }
    // The second number of a range: 3至5个, 3～5人.
    if matches!(before(1), Some('至' | '到' | '～' | '—' | '–'))
        && (2..=4).any(|k| before(k).is_some_and(starts_number))
    {
        return None;
    }
    if UPPER_BOUNDS_BEFORE.iter().any(|w| ends_with(text, i, w)) {
        return None;
    }
    let quantity = read_quantity(text, i)?;
    // 数十条, 几百人, 上千件: an order of magnitude, not a count; 上一篇,
    // 下一条 (page navigation), 其中一项, 这一次, 同一件: not counts either.
    if quantity.in_words && before(1).is_some_and(|c| "数几上成好若下这那同某另中每".contains(c))
    {
        return None;
    }
    let prefix = PREFIX_QUALIFIERS
        .iter()
        .copied()
        .find(|q| ends_with(text, i, q))
        .filter(|q| {
            let n = q.chars().count();
            !NOT_QUALIFIER.iter().any(|w| ends_with(text, i, w)) && !s.masked[i - n]
        });
    let start = i - prefix.map_or(0, |q| q.chars().count());
    if s.masked[start..quantity.end].iter().any(|m| *m) {
        return None;
    }
    if !stands_alone(text, &quantity) {
        return None;
    }
    let (label, coordinated) = counted_phrase(s, start, quantity.end, previous_end);
    if matches!(quantity.measure, "名" | "位") && RANKING.iter().any(|w| label.contains(w)) {
        return None;
    }
    Some(Figure {
        start,
        quantity,
        label,
        coordinated,
    })
}

/// What follows a quantity lets it be a figure: not a duration, a compound
/// word, a name, the start of a range or an upper bound. A Chinese numeral
/// must end its clause (`稿件一篇，`) or precede a title (`一期《简报》`), since
/// `一项重要工作` and `一次性` are words, not counts.
fn stands_alone(text: &[char], q: &Quantity) -> bool {
    let after = text.get(q.end).copied();
    let after_unit: String = text[q.unit_end..].iter().take(4).collect();
    let after_unit = after_unit
        .strip_prefix(['多', '余'])
        .map_or(after_unit.as_str(), |rest| rest);
    if NOT_AFTER_UNIT
        .iter()
        .any(|(unit, words)| *unit == q.measure && words.iter().any(|w| after_unit.starts_with(w)))
    {
        return false;
    }
    // `94篇次` with no such unit known: the unit is longer than what was read.
    if text.get(q.unit_end) == Some(&'次') && !q.measure.ends_with('次') {
        return false;
    }
    if UPPER_BOUNDS_AFTER
        .iter()
        .any(|w| starts_with(text, q.end, w))
    {
        return false;
    }
    if after.is_some_and(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    // 3个至5个, 1-2次: the first number of a range.
    if matches!(after, Some('至' | '到' | '～' | '~' | '-' | '—' | '–'))
        && text.get(q.end + 1).is_some_and(|c| starts_number(*c))
    {
        return false;
    }
    if q.in_words {
        // `一起` is "together", not one case.
        if q.measure == "起" {
            return false;
        }
        let clause_ends = after.is_none_or(|c| is_boundary(c) || c == '《' || c == '“');
        if !clause_ends || q.measure.is_empty() {
            return false;
        }
    }
    true
}

/// The phrase a figure counts: the words before it in its clause (after the
/// previous figure), and when the number comes first (`收到70件申请`), the
/// words after it. Returns the phrase and whether it follows a `、` that joins
/// it to words before (a coordinated phrase, not a list of figures).
fn counted_phrase(s: &Sentence, start: usize, end: usize, previous_end: usize) -> (String, bool) {
    let text = &s.text;
    let clause_start = |at: usize| {
        text[..at]
            .iter()
            .rposition(|c| is_boundary(*c))
            .map_or(0, |k| k + 1)
            .max(previous_end)
    };
    // `1030条、企业动态信息发布320条` is a list of figures; `当面接待查阅、咨询`
    // is one coordinated phrase, taken whole.
    let joined =
        |from: usize| from > previous_end + 1 && text.get(from.wrapping_sub(1)) == Some(&'、');
    let mut from = clause_start(start);
    let coordinated = joined(from);
    while joined(from) {
        from = clause_start(from - 1);
    }
    // The words after the number run to the end of the clause: `5个发挥作用
    // 不明显、基层无力维护的政务新媒体` is one noun phrase.
    let to = if text.get(end).is_some_and(|c| is_boundary(*c)) {
        end
    } else {
        text[end..]
            .iter()
            .position(|c| (is_boundary(*c) && *c != '、') || c.is_ascii_digit())
            .map_or(text.len(), |k| end + k)
    };
    let before = s.orig(from, start);
    let after = s.orig(end, to);
    let after = after.trim();
    // `共有9个单位的部门网站`: with words after the number, the words before
    // may be fillers only.
    let mut label = if after.is_empty() {
        strip_fillers(before.trim()).to_owned()
    } else {
        strip_all_fillers(before.trim()).to_owned()
    };
    label.push_str(after);
    (label.trim().to_owned(), coordinated)
}

/// Leading and trailing words that do not change what a phrase counts:
/// numbering, 其中, dates, the reporting body, 共/累计, 达/为.
fn strip_fillers(phrase: &str) -> &str {
    strip(phrase, false)
}

/// [`strip_fillers`], even when nothing is left.
fn strip_all_fillers(phrase: &str) -> &str {
    strip(phrase, true)
}

fn strip(phrase: &str, to_empty: bool) -> &str {
    static LEADING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"^(?:",
            r"[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．]|[①-⑳]",
            r"|其中[:：,，]?|另外|此外|同时",
            r"|\d{4}\s*年(?:度)?(?:\d{1,2}月(?:份)?)?(?:以来|至今|全年|内|底|末|共)?",
            r"|截[至止]目前|截[至止]年底|截[至止]\d{1,2}月底|目前|今年以来|今年|全年度|全年|本年度|本年|年内|当年|报告期内",
            r"|我[区县市局委办厅院站所部镇乡街]|我单位|我部门|我机关|本机关|本单位|本部门|本局|本委|本办|本级",
            r"|全区各级行政机关|各级行政机关|全区|全县|全市|全省|全镇|全乡|全局|全系统",
            r"|共计|总计|合计|累计|一共|共有|共|先后|已经|已|依法|及时",
            r")",
        ))
        .expect("static regex")
    });
    static TRAILING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:共计|总计|合计|累计|共有|共|达到|达|为|计|约有|有|分别为|分别)$")
            .expect("static regex")
    });
    let mut p = phrase.trim();
    loop {
        let before = p;
        // 共 is a filler, 共享 and 共同 are words.
        let word = |m: &regex::Match| {
            m.as_str() == "共"
                && p[m.end()..].starts_with(['享', '同', '建', '产', '青', '性', '识'])
        };
        if let Some(m) = LEADING
            .find(p)
            .filter(|m| (to_empty || m.end() < p.len()) && !word(m))
        {
            p = p[m.end()..].trim_start();
        }
        if let Some(m) = TRAILING
            .find(p)
            .filter(|m| (to_empty || m.start() > 0) && !ends_a_word(p, m))
        {
            p = p[..m.start()].trim_end();
        }
        if p == before {
            return p;
        }
    }
}

/// Words whose last character is also a filler: `行为` is not `行` + `为`.
const WORDS_ENDING_IN_A_FILLER: &[&str] = &[
    "行为", "认为", "作为", "成为", "视为", "称为", "更为", "较为", "极为", "最为", "所有", "具有",
    "拥有", "享有", "没有", "仍有", "统计", "设计", "会计", "审计", "估计", "送达", "到达", "下达",
    "传达", "表达", "抵达", "直达", "转达", "公共", "总共",
];

/// Whether the filler `m` at the end of `p` is the end of a word instead.
fn ends_a_word(p: &str, m: &regex::Match) -> bool {
    let Some(prev) = p[..m.start()].chars().next_back() else {
        return false;
    };
    let word = format!("{prev}{}", m.as_str());
    WORDS_ENDING_IN_A_FILLER.contains(&word.as_str())
}

/// The form phrases are compared in: fillers dropped, then 的, 有关, 相关,
/// quotes, brackets and spacing, then words like 数 and 总数 at the end.
fn phrase_key(phrase: &str) -> String {
    static NOTES: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[(（][^()（）]*[)）]").expect("static regex"));
    static COUNT_WORDS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:总数量|数量|总数|条数|件数|人数|次数|篇数|个数|数)$").expect("static regex")
    });
    let folded: String = clean(phrase)
        .chars()
        .filter(|c| !c.is_whitespace() && !"\"'“”‘’《》〈〉「」『』".contains(*c))
        .collect();
    let folded = NOTES.replace_all(&folded, "");
    let mut key = folded
        .replace(['的', '了'], "")
        .replace("有关", "")
        .replace("相关", "");
    loop {
        let stripped = strip_fillers(&key).to_owned();
        let stripped = COUNT_WORDS.replace(&stripped, "").into_owned();
        if stripped == key || stripped.is_empty() {
            return key;
        }
        key = stripped;
    }
}

/// Measure words that count the same kind of thing, so `收到申请21条` can be
/// the 件 of the table. Money is matched exactly (`元` is not `万元`), except
/// for a zero.
const UNIT_CLASSES: &[&[&str]] = &[
    &["条", "件", "份", "篇", "个", "项", "宗", "起"],
    &["人", "名", "位"],
    &["次", "场", "场次", "期"],
];

fn units_agree(figure: &str, indicator: &str, value: f64) -> bool {
    if figure == indicator {
        return true;
    }
    let money = |u: &str| matches!(u, "元" | "万元" | "亿元");
    if money(figure) && money(indicator) {
        return value == 0.0;
    }
    UNIT_CLASSES
        .iter()
        .any(|class| class.contains(&figure) && class.contains(&indicator))
}

/// What a figure can be mapped to: the parts of an indicator the narrative
/// needs, owned, so that a [`Matcher`] is built once per taxonomy.
#[derive(Debug)]
struct Target {
    code: String,
    unit: Option<String>,
    eras: Vec<String>,
    breakdown: Option<String>,
}

impl Target {
    fn in_era(&self, template: Template) -> bool {
        self.eras.iter().any(|e| e == template.as_str())
    }
}

/// The taxonomy's narrative phrases and zero patterns, ready to match.
#[derive(Debug)]
struct Matcher {
    targets: Vec<Target>,
    /// Phrase key → the targets it states.
    phrases: HashMap<String, Vec<usize>>,
    /// Fragments of a `narrative_none` pattern, and its target.
    zeros: Vec<(Vec<Vec<char>>, usize)>,
}

impl Matcher {
    /// The matcher of `taxonomy`, built on first use and kept, keyed by what
    /// the taxonomy says (a changed copy gets its own).
    fn of(taxonomy: &Taxonomy) -> Arc<Matcher> {
        static BUILT: LazyLock<Mutex<HashMap<u64, Arc<Matcher>>>> =
            LazyLock::new(|| Mutex::new(HashMap::new()));
        let key = fingerprint(taxonomy);
        let cached = BUILT
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
            .cloned();
        if let Some(matcher) = cached {
            return matcher;
        }
        let matcher = Arc::new(Matcher::new(taxonomy));
        let mut built = BUILT.lock().unwrap_or_else(PoisonError::into_inner);
        if built.len() >= 16 {
            built.clear();
        }
        built.insert(key, Arc::clone(&matcher));
        matcher
    }

    fn new(taxonomy: &Taxonomy) -> Matcher {
        let mut targets = Vec::new();
        let mut phrases: HashMap<String, Vec<usize>> = HashMap::new();
        let mut zeros = Vec::new();
        for ind in taxonomy.indicators() {
            if ind.narrative.is_empty() && ind.narrative_none.is_empty() {
                continue;
            }
            let t = targets.len();
            targets.push(Target {
                code: ind.code.clone(),
                unit: ind.unit.clone(),
                eras: ind.eras.clone(),
                breakdown: ind.breakdown.clone(),
            });
            for phrase in &ind.narrative {
                let slot = phrases.entry(phrase_key(phrase)).or_default();
                if !slot.contains(&t) {
                    slot.push(t);
                }
            }
            for pattern in &ind.narrative_none {
                let fragments: Vec<Vec<char>> = pattern
                    .split('…')
                    .map(|f| zero_form(f).into_iter().map(|(c, _)| c).collect())
                    .filter(|f: &Vec<char>| !f.is_empty())
                    .collect();
                if !fragments.is_empty() {
                    zeros.push((fragments, t));
                }
            }
        }
        Matcher {
            targets,
            phrases,
            zeros,
        }
    }

    /// The target a figure states, if exactly one fits.
    fn indicator(&self, figure: &Figure, template: Template) -> Option<&Target> {
        if figure.coordinated || figure.quantity.measure == "%" || figure.label.is_empty() {
            return None;
        }
        let unit = figure.quantity.unit();
        let candidates: Vec<&Target> = self
            .phrases
            .get(&phrase_key(&figure.label))?
            .iter()
            .map(|t| &self.targets[*t])
            .filter(|t| {
                t.unit
                    .as_deref()
                    .is_some_and(|u| units_agree(&unit, u, figure.quantity.number.stated))
            })
            .collect();
        match in_era(candidates, template).as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }
}

/// What of the taxonomy the matcher depends on, hashed.
fn fingerprint(taxonomy: &Taxonomy) -> u64 {
    let mut hasher = DefaultHasher::new();
    for ind in taxonomy.indicators() {
        (
            &ind.code,
            &ind.unit,
            &ind.eras,
            &ind.breakdown,
            &ind.narrative,
            &ind.narrative_none,
        )
            .hash(&mut hasher);
    }
    hasher.finish()
}

/// Prefer targets of the document's era when the phrase fits several.
fn in_era(candidates: Vec<&Target>, template: Template) -> Vec<&Target> {
    if template == Template::Unknown || !candidates.iter().any(|t| t.in_era(template)) {
        return candidates;
    }
    candidates
        .into_iter()
        .filter(|t| t.in_era(template))
        .collect()
}

/// A clause folded for zero matching (的 dropped), each character with its
/// index in the sentence.
fn zero_form(text: &str) -> Vec<(char, usize)> {
    text.chars()
        .enumerate()
        .map(|(i, c)| (fold(c), i))
        .filter(|(c, _)| *c != '的' && !c.is_whitespace())
        .collect()
}

/// Where the fragments match in order, each gap at most [`MAX_GAP`]: the span
/// from the first fragment's start to the last one's end.
fn match_fragments(clause: &[char], fragments: &[Vec<char>]) -> Option<(usize, usize)> {
    let (first, rest) = fragments.split_first()?;
    // Compare first characters before whole fragments: most positions fail
    // at once, and a slice comparison costs a call.
    let starts = |at: usize, f: &[char]| {
        f.first().is_none_or(|c| clause.get(at) == Some(c)) && clause[at..].starts_with(f)
    };
    'start: for s in 0..clause.len() {
        if !starts(s, first) {
            continue;
        }
        let mut at = s + first.len();
        for f in rest {
            let found = (0..=MAX_GAP)
                .take_while(|gap| at + gap + f.len() <= clause.len())
                .find(|gap| starts(at + gap, f));
            match found {
                Some(gap) => at += gap + f.len(),
                None => continue 'start,
            }
        }
        return Some((s, at));
    }
    None
}

/// The zeros stated in words in a sentence: (indicator, raw span in chars).
fn zeros<'m>(
    s: &Sentence,
    matcher: &'m Matcher,
    figures: &[Figure],
    template: Template,
) -> Vec<(&'m Target, usize, usize)> {
    let mut out: Vec<(&Target, usize, usize)> = Vec::new();
    let mut from = 0;
    while from < s.text.len() {
        let to = s.text[from..]
            .iter()
            .position(|c| ends_zero_clause(*c))
            .map_or(s.text.len(), |k| from + k);
        let negated = s.text[from..to]
            .iter()
            .any(|c| matches!(c, '未' | '无' | '没' | '不' | '暂' | '尚' | '均' | '从'));
        let has_figure = || {
            figures
                .iter()
                .any(|f| f.start < to && f.quantity.end > from)
        };
        let clause_text: String = if negated && !has_figure() {
            s.text[from..to].iter().collect()
        } else {
            String::new()
        };
        let spoiled = || ZERO_SPOILERS.iter().any(|w| clause_text.contains(w));
        if !clause_text.is_empty() && !spoiled() {
            let form = zero_form(&clause_text);
            let chars: Vec<char> = form.iter().map(|(c, _)| *c).collect();
            let mut found: Vec<(&Target, usize, usize)> = Vec::new();
            for (fragments, t) in &matcher.zeros {
                let ind = &matcher.targets[*t];
                if let Some((a, b)) = match_fragments(&chars, fragments) {
                    let start = from + form[a].1;
                    let end = from + form[b - 1].1 + 1;
                    if !found.iter().any(|(i, _, _)| i.code == ind.code)
                        && !s.masked[start..end].iter().all(|m| *m)
                    {
                        found.push((ind, start, end));
                    }
                }
            }
            let codes = in_era(found.iter().map(|(i, _, _)| *i).collect(), template);
            out.extend(
                found
                    .into_iter()
                    .filter(|(i, _, _)| codes.iter().any(|c| c.code == i.code)),
            );
        }
        from = to + 1;
    }
    out
}

/// The values one sentence states: its figures, then its zeros in words.
fn sentence_values(
    sentence: &str,
    matcher: &Matcher,
    template: Template,
    at: &Position,
) -> Vec<LocatedValue> {
    let s = Sentence::new(sentence);
    let figures = figures(&s);
    let mut mapped: Vec<Option<&Target>> = figures
        .iter()
        .map(|f| matcher.indicator(f, template))
        .collect();
    // Two different figures for one indicator in a sentence: neither is sure.
    for k in 0..figures.len() {
        let Some(code) = mapped[k].map(|i| i.code.clone()) else {
            continue;
        };
        let clash = (0..figures.len()).any(|j| {
            j != k
                && mapped[j].is_some_and(|i| i.code == code)
                && (figures[j].quantity.number.stated != figures[k].quantity.number.stated
                    || figures[j].quantity.unit() != figures[k].quantity.unit())
        });
        if clash {
            for m in mapped
                .iter_mut()
                .filter(|m| m.is_some_and(|i| i.code == code))
            {
                *m = None;
            }
        }
    }
    let snippet: String = s.orig.iter().collect();
    let located =
        |label: Option<String>, ind: Option<&Target>, unit: Option<String>, raw| LocatedValue {
            origin: Origin::Narrative,
            row_no: Some(at.row_no),
            col_no: Some(at.col_no),
            section: at.section.map(str::to_owned),
            row_label: label,
            indicator: ind.map(|i| i.code.clone()),
            breakdown: ind.and_then(|i| i.breakdown.clone()),
            unit,
            raw,
            snippet: Some(snippet.clone()),
            ..LocatedValue::default()
        };
    let mut out: Vec<LocatedValue> = figures
        .iter()
        .zip(&mapped)
        .map(|(f, ind)| {
            let label = (!f.label.is_empty()).then(|| f.label.clone());
            located(
                label,
                *ind,
                Some(f.quantity.unit_written(&s.orig)),
                s.orig(f.start, f.quantity.end),
            )
        })
        .collect();
    for (ind, start, end) in zeros(&s, matcher, &figures, template) {
        if mapped.iter().any(|m| m.is_some_and(|i| i.code == ind.code)) {
            continue;
        }
        let raw = s.orig(start, end);
        out.push(located(Some(raw.clone()), Some(ind), None, raw));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// raw, value, status, unit, indicator.
    type Fig = (String, Option<f64>, ValueStatus, String, Option<String>);

    fn figs(sentence: &str) -> Vec<Fig> {
        extract(
            &[sentence.to_owned()],
            Taxonomy::builtin(),
            Template::Unknown,
        )
        .into_iter()
        .map(|v| {
            let n = read(&v.raw);
            (
                v.raw,
                n.value,
                n.status,
                n.unit.unwrap_or_default(),
                v.indicator,
            )
        })
        .collect()
    }

    fn raws(sentence: &str) -> Vec<String> {
        figs(sentence).into_iter().map(|f| f.0).collect()
    }

    #[test]
    fn reads_prose_quantities() {
        let r = read("430余人次");
        assert_eq!(
            (r.value, r.status, r.qualifier.as_deref(), r.unit.as_deref()),
            (
                Some(430.0),
                ValueStatus::Approximate,
                Some("余"),
                Some("人次")
            )
        );
        let r = read("近3亿人次");
        assert_eq!(
            (r.value, r.qualifier.as_deref(), r.unit.as_deref()),
            (Some(3.0), Some("近"), Some("亿人次"))
        );
        let r = read("1.2万条");
        assert_eq!((r.value, r.unit.as_deref()), (Some(1.2), Some("万条")));
        let r = read("20余万元");
        assert_eq!(
            (r.value, r.qualifier.as_deref(), r.unit.as_deref()),
            (Some(20.0), Some("余"), Some("万元"))
        );
        assert_eq!(read("一篇").value, Some(1.0));
        assert_eq!(read("两期").value, Some(2.0));
        assert_eq!(read("33.9%").unit.as_deref(), Some("%"));
        assert_eq!(read("1000人次以上").qualifier.as_deref(), Some("以上"));
        let zero = read("未收到政府信息公开申请");
        assert_eq!((zero.value, zero.status), (Some(0.0), ValueStatus::None));
        assert_eq!(read("见附件").status, ValueStatus::Unparsed);
    }

    #[test]
    fn figures_with_their_phrase() {
        let values = extract(
            &["2018年全区主动公开政府信息2069条。".to_owned()],
            Taxonomy::builtin(),
            Template::Pre2019,
        );
        assert_eq!(values.len(), 1);
        let v = &values[0];
        assert_eq!(v.raw, "2069条");
        assert_eq!(v.row_label.as_deref(), Some("主动公开政府信息"));
        assert_eq!(v.indicator.as_deref(), Some("proactive.total"));
        assert_eq!((v.row_no, v.col_no, v.table_no), (Some(1), Some(1), None));
        assert_eq!(
            v.snippet.as_deref(),
            Some("2018年全区主动公开政府信息2069条。")
        );
    }

    #[test]
    fn trailing_filler_inside_a_word_is_kept() {
        let labels = |sentence: &str| -> Vec<Option<String>> {
            extract(
                &[sentence.to_owned()],
                Taxonomy::builtin(),
                Template::Pre2019,
            )
            .into_iter()
            .map(|v| v.row_label)
            .collect()
        };
        assert_eq!(
            labels("行政复议1件，其中维持具体行政行为1件。")[1].as_deref(),
            Some("维持具体行政行为")
        );
        // A real filler is still dropped.
        assert_eq!(
            labels("主动公开政府信息数为1860条。"),
            [Some("主动公开政府信息数".to_owned())]
        );
    }

    #[test]
    fn parts_do_not_map_to_the_total() {
        let f = figs("其中，区管委会及区直各部门主动公开政府信息1592条，占76.9%。");
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].4, None);
        assert_eq!(f[1].3, "%");
        assert_eq!(
            figs("2014年全区收到有关政府信息公开的信函申请1条")[0].4,
            None
        );
        assert_eq!(figs("受理信函、传真申请3件")[0].4, None);
        assert_eq!(
            figs("其中当面申请数18条，电子邮件申请数3条")[0]
                .4
                .as_deref(),
            Some("apply.received.in_person")
        );
    }

    #[test]
    fn what_is_not_a_figure() {
        for sentence in [
            "2015年，我委于11月18日与衡阳日报联合创办《今日高新》。",
            "通过“12345”政府服务热线及时接收电子工单。",
            "高新区门户网站(www.hygx.gov.cn)。",
            "（闽政办网传〔2018〕41号）",
            "《中华人民共和国政府信息公开条例》（国务院令第711号）",
            "电话：0591-23165255；邮编：350400；电子邮箱：pzxxgkb＠163.com。",
            "出台“创业富民30条”，实施二十条措施。",
            "排名第四，位列前3名。",
            "在15个工作日内答复，每3至5个月检查。",
            "作为一项重要的日常工作来抓，实行一次性告知。",
            "三个代表，五个一律，两个维护。",
            "1.政策性文件",
            "推动IPv6部署，开通5G网络。",
            "十四五规划，三四个部门。",
            "不足10人，50人以下。",
            "收到数十条建议，几百件来信，上千人次参与，十几个部门，三四十个单位。",
            "自2019年1月1日起施行，24小时内办结，用时1.5小时，增长2.5倍。",
            "拨打12345热线，访问www.gov.cn/2018/12.html，见No.1文件，占1/3。",
            "贯彻党的十九大和二十届三中全会精神，落实两学一做，推行一网通办。",
            "与群众一起，共同推进。",
            "提起诉讼，依法起诉。",
            "建立一人一档，做到1人1档。",
            "上一篇：关于印发方案的通知；下一篇：年度报告；下一条。",
            "其中一项，这一次，同一件。",
            // Regression: a move in a ranking read as a head count.
            "在绩效评估中排名第四，较上年前进了三名，位次上升5位。",
        ] {
            assert_eq!(raws(sentence), Vec::<String>::new(), "{sentence}");
        }
        assert_eq!(raws("1.政策性文件1条"), ["1条"]);
    }

    /// Regression: with straight quotes, the text between two quoted names
    /// was masked as if it were a third quote.
    #[test]
    fn text_between_straight_quotes_is_read() {
        assert_eq!(
            raws("结合\"大走访\"活动,开展宣讲30场,宣传解读\"创业富民30条\"等政策。"),
            ["30场"]
        );
    }

    #[test]
    fn magnitudes_qualifiers_and_percentages() {
        let f = figs(
            "访问量近3亿人次，超2亿次，2万余人次，13万2千人次，满意率达95%以上，三千余人，百分之九十。",
        );
        let got: Vec<(String, Option<f64>, String, ValueStatus)> =
            f.into_iter().map(|f| (f.0, f.1, f.3, f.2)).collect();
        let approx = ValueStatus::Approximate;
        assert_eq!(
            got,
            [
                (
                    "近3亿人次".to_owned(),
                    Some(3.0),
                    "亿人次".to_owned(),
                    approx
                ),
                ("超2亿次".to_owned(), Some(2.0), "亿次".to_owned(), approx),
                (
                    "2万余人次".to_owned(),
                    Some(2.0),
                    "万人次".to_owned(),
                    approx
                ),
                (
                    "13万2千人次".to_owned(),
                    Some(132000.0),
                    "人次".to_owned(),
                    ValueStatus::Reported
                ),
                ("95%以上".to_owned(), Some(95.0), "%".to_owned(), approx),
                ("三千余人".to_owned(), Some(3000.0), "人".to_owned(), approx),
                (
                    "百分之九十".to_owned(),
                    Some(90.0),
                    "%".to_owned(),
                    ValueStatus::Reported
                ),
            ]
        );
    }

    #[test]
    fn traditional_characters_and_compound_units() {
        let f = figs("提出了30條工作任務，共3萬餘人次參與；宣传解读政策文件30篇次。");
        let got: Vec<(String, Option<f64>, String)> =
            f.into_iter().map(|f| (f.0, f.1, f.3)).collect();
        assert_eq!(
            got,
            [
                ("30條".to_owned(), Some(30.0), "條".to_owned()),
                ("3萬餘人次".to_owned(), Some(3.0), "萬人次".to_owned()),
                ("30篇次".to_owned(), Some(30.0), "篇次".to_owned()),
            ]
        );
        // Regression: a unit cut short (`套` of `套次`) is no figure.
        assert!(raws("发放宣传资料30套次。").is_empty());
    }

    #[test]
    fn chinese_numerals_that_end_a_clause() {
        assert_eq!(
            figs("2015年，我委发布政策解读稿件一篇，网上答复市民咨询326人次。"),
            [
                (
                    "一篇".to_owned(),
                    Some(1.0),
                    ValueStatus::Reported,
                    "篇".to_owned(),
                    Some("response.policy_interpretations".to_owned())
                ),
                (
                    "326人次".to_owned(),
                    Some(326.0),
                    ValueStatus::Reported,
                    "人次".to_owned(),
                    None
                ),
            ]
        );
        assert_eq!(raws("每月出版一期《简报》。"), ["一期"]);
    }

    #[test]
    fn zeros_in_words() {
        let f = figs(
            "未接到政府信息公开请求；无因政府信息公开而涉及到的行政复议、诉讼和申诉的情况；未对信息公开进行收费。",
        );
        let codes: Vec<_> = f.iter().map(|f| f.4.clone().unwrap_or_default()).collect();
        assert_eq!(
            codes,
            [
                "apply.received",
                "review.total",
                "litigation.total",
                "fees.collected"
            ]
        );
        assert!(
            f.iter()
                .all(|f| f.1 == Some(0.0) && f.2 == ValueStatus::None)
        );
        // A review and a lawsuit, not an application.
        let f = figs("2018年未收到有关政府信息公开行政复议、提起行政诉讼的申请。");
        let codes: Vec<_> = f.iter().map(|f| f.4.clone().unwrap_or_default()).collect();
        assert_eq!(codes, ["review.total", "litigation.total"]);
        // Not a zero of the total.
        assert!(figs("无被依法纠错的行政复议案件。").is_empty());
        assert!(figs("未经复议直接提起行政诉讼。").is_empty());
    }

    #[test]
    fn fillers_are_dropped_from_phrases() {
        assert_eq!(strip_fillers("2018年全区"), "全区");
        assert_eq!(strip_fillers("共享平台发布信息"), "共享平台发布信息");
        assert_eq!(strip_fillers("共发布信息"), "发布信息");
        assert_eq!(strip_fillers("我委发布政策解读稿件"), "发布政策解读稿件");
        assert_eq!(phrase_key("我区共主动公开的政府信息"), "主动公开政府信息");
        assert_eq!(phrase_key("其中：1.当面申请数"), "当面申请");
    }

    #[test]
    fn every_zero_pattern_starts_with_a_negation() {
        for ind in Taxonomy::builtin().indicators() {
            for pattern in &ind.narrative_none {
                assert!(
                    NEGATIONS.iter().any(|n| pattern.starts_with(n)),
                    "{}: {pattern}",
                    ind.code
                );
                assert_eq!(read(pattern).status, ValueStatus::None, "{pattern}");
            }
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(3000))]

            /// Any text: no panic, and every value found reads back as a number.
            #[test]
            fn every_figure_reads_back(text in "[\\PC]{0,40}|[0-9０-９一二三四五六七八九十百千万亿两零〇.,，。、；余多约近第前条件人次个篇元“”《》收到申请未无行政复议]{0,40}") {
                for v in extract(std::slice::from_ref(&text), Taxonomy::builtin(), Template::Unknown) {
                    let n = read(&v.raw);
                    prop_assert!(n.value.is_some(), "{:?}", v);
                    prop_assert!(matches!(n.status, ValueStatus::Reported | ValueStatus::Approximate | ValueStatus::None));
                }
            }
        }
    }
}
