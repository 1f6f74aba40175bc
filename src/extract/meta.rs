//! Report metadata read from text: report year, agency and title.
//!
//! Only strong patterns count: a year is taken from `2015年度政府信息公开…` (a
//! title, a table caption, `关于2021年度政府信息公开情况的报告`), never from any
//! `YYYY年` in the prose, and the agency is the name written right before that
//! year. What the text does not state stays `None`.
//!
//! This module reads strings; it must not parse markup or tables.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::Meta;
use crate::normalize::{clean, tidy};

/// `<agency>2015年度政府信息公开工作年度报告` and its variants; group 1 is the
/// text before the year, group 2 the year.
static YEAR_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"([^\s:：,，。;；、|]{0,40}?)\s*([12１２][0-9０-９]{3})\s*年\s*度?\s*(?:的)?\s*(?:政府|政务)?\s*(?:信息|資訊|资讯)\s*公[开開]",
    )
    .expect("static regex")
});

/// Words that open a line but are not part of an agency name.
const NOT_AGENCY_PREFIXES: &[&str] = &["附件", "附表", "附", "关于", "關於", "以下是", "现将"];

/// A title line: short, naming a disclosure report.
fn is_title(line: &str) -> bool {
    line.chars().count() <= 80
        && (line.contains("报告") || line.contains("報告") || line.contains("年报"))
        && YEAR_TITLE.is_match(line)
}

/// Read metadata from the lines of a document, strongest sources first: an
/// explicit title, then captions and headings, then the body.
pub fn from_lines<'a>(title: Option<&str>, lines: impl IntoIterator<Item = &'a str>) -> Meta {
    let lines: Vec<String> = lines.into_iter().map(tidy).collect();
    let title = title
        .map(tidy)
        .filter(|t| !t.is_empty())
        .or_else(|| lines.iter().find(|l| is_title(l)).cloned());
    let mut meta = Meta {
        title: title.clone(),
        ..Meta::default()
    };
    let candidates = title.iter().chain(lines.iter());
    for line in candidates {
        if let Some((agency, year)) = year_and_agency(line) {
            meta.report_year.get_or_insert(year);
            if meta.agency.is_none() && meta.report_year == Some(year) {
                meta.agency = agency;
            }
            if meta.agency.is_some() {
                break;
            }
        }
    }
    meta
}

fn year_and_agency(line: &str) -> Option<(Option<String>, i32)> {
    let caps = YEAR_TITLE.captures(line)?;
    let year: i32 = clean(caps.get(2)?.as_str()).parse().ok()?;
    if !(1990..=2100).contains(&year) {
        return None;
    }
    let before = caps.get(1).map_or("", |m| m.as_str());
    Some((agency_name(before), year))
}

fn agency_name(before: &str) -> Option<String> {
    let mut name = before.trim();
    loop {
        let stripped = NOT_AGENCY_PREFIXES
            .iter()
            .find_map(|p| name.strip_prefix(p))
            .map(|rest| {
                rest.trim_start_matches(|c: char| "一二三四五六七八九十0123456789:：".contains(c))
            });
        match stripped {
            Some(rest) if rest.len() < name.len() => name = rest,
            _ => break,
        }
    }
    let name = name.trim_matches(|c: char| c.is_ascii_punctuation() || c == '《' || c == '》');
    (name.chars().count() >= 2 && !name.is_ascii()).then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(lines: &[&str]) -> Meta {
        from_lines(None, lines.iter().copied())
    }

    #[test]
    fn year_and_agency_from_a_caption() {
        let m = meta(&[
            "2015年,我委认真贯彻实施《条例》。",
            "附:衡阳国家高新区2015年度政府信息公开明细表",
        ]);
        assert_eq!(m.report_year, Some(2015));
        assert_eq!(m.agency.as_deref(), Some("衡阳国家高新区"));
        assert_eq!(m.title, None);
    }

    #[test]
    fn title_forms() {
        let m = meta(&["平潭综合实验区2018年度政府信息公开工作年度报告"]);
        assert_eq!(
            m.title.as_deref(),
            Some("平潭综合实验区2018年度政府信息公开工作年度报告")
        );
        assert_eq!(
            (m.report_year, m.agency.as_deref()),
            (Some(2018), Some("平潭综合实验区"))
        );

        let m = meta(&["关于2021年度政府信息公开情况的报告"]);
        assert_eq!((m.report_year, m.agency), (Some(2021), None));

        let m = meta(&["某某市人民政府 2023 年政府信息公开工作年度报告"]);
        assert_eq!(
            (m.report_year, m.agency.as_deref()),
            (Some(2023), Some("某某市人民政府"))
        );

        let m = meta(&["示例（集团）公司２０２０年度政府信息公开工作年度报告"]);
        assert_eq!(
            (m.report_year, m.agency.as_deref()),
            (Some(2020), Some("示例（集团）公司"))
        );

        let m = meta(&["附件一:衡阳国家高新区2015年度政府信息公开明细表"]);
        assert_eq!(m.agency.as_deref(), Some("衡阳国家高新区"));
    }

    #[test]
    fn a_year_in_prose_is_not_a_report_year() {
        let m = meta(&["2015年,我委认真贯彻实施《条例》,采取多项措施公开信息。"]);
        assert_eq!(m.report_year, None);
    }
}
