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
//!
//! The stage in steps: `sentences` cuts paragraphs and folds each sentence,
//! `figures` finds its figures (a `quantities` reading of a number from
//! [`numbers`], with the phrase `phrases` takes for it), `matcher` maps a
//! figure to an indicator of the taxonomy, `zeros` finds zeros stated in
//! words; `words` holds the word lists they share.

pub mod numbers;

mod figures;
mod matcher;
mod phrases;
mod quantities;
mod sentences;
mod words;
mod zeros;

use crate::model::{LocatedValue, Normalized, Origin, Template, ValueStatus};
use crate::taxonomy::Taxonomy;
use crate::text::{lexicon, tidy};

use figures::{Figure, figures};
use matcher::{Matcher, Target};
use quantities::read_quantity;
use sentences::{Sentence, fold, is_heading, sentences, starts_with};
use words::NEGATIONS;
use zeros::zeros;

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
    if let Some(q) = lexicon().before.iter().find(|q| starts_with(&text, 0, q)) {
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
    // `不少于1030` opens with 不 but is a bound, not a negation.
    if prefix.is_none() && NEGATIONS.iter().any(|n| starts_with(&text, 0, n)) {
        return Normalized {
            value: Some(0.0),
            status: ValueStatus::None,
            qualifier: None,
            unit: None,
        };
    }
    unparsed
}

/// Where a sentence is: its paragraph and its place in it (both 1-based), and
/// the heading of the section it is in.
struct Position<'a> {
    row_no: u32,
    col_no: u32,
    section: Option<&'a str>,
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
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
    drop_clashes(&figures, &mut mapped);
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

/// Two different figures for one indicator in a sentence: neither is sure, so
/// every figure mapped to that indicator loses its mapping.
fn drop_clashes(figures: &[Figure], mapped: &mut [Option<&Target>]) {
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

    /// `read("不少于1030")` gave 0 with status `none`: the number has no
    /// measure word, and the text's first character 不 was taken for a
    /// negation. A bound is never a zero.
    #[test]
    fn regression_a_bound_without_a_unit_is_not_a_zero() {
        let bare = read("不少于1030");
        assert_eq!((bare.value, bare.status), (None, ValueStatus::Unparsed));
        let counted = read("不少于1030件");
        assert_eq!(
            (counted.value, counted.status, counted.qualifier.as_deref()),
            (Some(1030.0), ValueStatus::Approximate, Some("不少于"))
        );
        assert_eq!(read("不予公开").status, ValueStatus::None);
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
