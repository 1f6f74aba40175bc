//! Site chrome: what a government CMS page wraps around a report, and how to
//! tell it from the report.
//!
//! Three kinds of evidence, each cheap and local: elements that no reader sees
//! (`<script>`, `display:none`), elements whose tag or `class`/`id` names them
//! as chrome (`<nav>`, `class="breadcrumb"`, `id="footer"`), and short lines
//! whose words are chrome (`当前位置：首页 > …`, `【打印】【关闭】`, `字号：大 中 小`,
//! `附件下载`, `上一篇：…`, `版权所有`). A report's own sentences are never
//! this short *and* made of these words only, so the line test looks at short
//! lines only.
//!
//! This module answers yes/no questions about single elements and lines; it
//! must not walk the tree or build tables.

use std::sync::LazyLock;

use regex::Regex;
use scraper::node::Element;

/// Elements whose content no reader sees, or that hold no report text.
pub fn is_invisible_tag(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "head"
            | "title"
            | "select"
            | "option"
            | "button"
            | "iframe"
            | "input"
            | "textarea"
            | "svg"
            | "canvas"
            | "object"
            | "embed"
            | "map"
            | "audio"
            | "video"
    )
}

/// HTML5 elements that are chrome by definition.
fn is_chrome_tag(name: &str) -> bool {
    matches!(name, "nav" | "header" | "footer" | "aside")
}

/// Words that name chrome when they are a whole token of a `class` or `id`,
/// split at anything but letters and digits (`class="breadcrumb"`,
/// `id="page-footer"`, `class="bdshare_t"`). Whole tokens only: `headline`
/// is not `head`, `article_title` names nothing, and Word's `MsoHeader` is
/// one token.
const CHROME_TOKENS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "menubar",
    "submenu",
    "breadcrumb",
    "breadcrumbs",
    "crumb",
    "crumbs",
    "bread",
    "position",
    "location",
    "curpos",
    "dqwz",
    "footer",
    "foot",
    "header",
    "share",
    "bdshare",
    "print",
    "toolbar",
    "pager",
    "pagination",
    "sidebar",
    "related",
    "copyright",
    "search",
    "login",
    "fontsize",
    "skip",
    "attachment",
    "attach",
    "fujian",
    "fj",
];

/// Table markup is never judged by its class: Word and CMS editors put
/// arbitrary classes on rows and cells (`<tr class="head">`).
fn is_table_part(name: &str) -> bool {
    matches!(
        name,
        "table" | "tbody" | "thead" | "tfoot" | "tr" | "td" | "th" | "caption" | "colgroup" | "col"
    )
}

/// True when an element and everything inside it is not part of a report:
/// invisible, hidden by its attributes, or chrome by its tag or class/id.
pub fn is_skipped(el: &Element) -> bool {
    let name = el.name();
    if is_invisible_tag(name) || is_chrome_tag(name) || is_hidden(el) {
        return true;
    }
    !is_table_part(name) && has_chrome_name(el)
}

/// `hidden`, `display:none`, `visibility:hidden`, and Word's `mso-hide:all`.
fn is_hidden(el: &Element) -> bool {
    if el.attr("hidden").is_some() {
        return true;
    }
    let Some(style) = el.attr("style") else {
        return false;
    };
    let style: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    style.contains("display:none")
        || style.contains("visibility:hidden")
        || style.contains("mso-hide:all")
}

fn has_chrome_name(el: &Element) -> bool {
    let names = el.attr("class").into_iter().chain(el.attr("id"));
    names
        .flat_map(|v| v.split(|c: char| !c.is_ascii_alphanumeric()))
        .any(|token| {
            let token = token.to_ascii_lowercase();
            CHROME_TOKENS.contains(&token.as_str())
        })
}

/// Lines longer than this are never chrome by their words.
const MAX_CHROME_LINE: usize = 100;

/// Words of page widgets: a short line made of nothing else is chrome.
const WIDGET_WORDS: &[&str] = &[
    "打印",
    "打印本页",
    "打印此页",
    "打印页面",
    "打印文章",
    "关闭",
    "关闭窗口",
    "关闭本页",
    "关闭此页",
    "收藏",
    "加入收藏",
    "我要收藏",
    "分享",
    "分享到",
    "返回顶部",
    "返回",
    "顶部",
    "字号",
    "字体",
    "大",
    "中",
    "小",
    "默认",
    "放大",
    "缩小",
    "视力保护色",
    "护眼模式",
    "繁体",
    "简体",
    "繁體",
    "无障碍",
    "无障碍浏览",
    "长者模式",
    "扫一扫",
    "手机扫一扫",
    "在手机上打开",
    "手机阅读",
    "微信",
    "微博",
    "QQ空间",
    "保存",
    "纠错",
    "我要纠错",
    "全真版",
    "文字版",
    "文件下载",
    "附件下载",
    "相关附件",
    "下载",
    "相关链接",
    "相关文章",
    "相关阅读",
    "信息来源",
    "来源",
    "浏览次数",
    "阅读次数",
    "网站地图",
    "联系我们",
    "网站声明",
    "隐私声明",
    "关于我们",
    "设为首页",
    "返回首页",
    "网站纠错",
];

/// Short lines that open with these are chrome whatever follows.
static CHROME_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[【\[\s]*(?:当前位置|当前所在位置|所在位置|您现在的位置|您的位置|你现在的位置|你的位置|您当前位置|位置[:：]|上一篇|下一篇|上一条|下一条|版权所有|Copyright|©|发布时间|发布日期|时间[:：]|日期[:：]|来源[:：]|信息来源|文章来源|作者[:：]|责任编辑|编辑[:：]|浏览次数|阅读次数|点击[数率次]|访问[量次]|字号[:：]|【?字体[:：]|主办[:：]|承办[:：])",
    )
    .expect("static regex")
});

/// Short lines that contain these are footer chrome.
static CHROME_ANYWHERE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"ICP备|ICP证|公网安备|网站标识码|技术支持[:：]|主办单位[:：]|承办单位[:：]|建议使用.{0,20}浏览器|版权所有",
    )
    .expect("static regex")
});

/// An attachment link line: `附件：统计表.xls`, `附件1.关于….docx`, or a
/// bare file name.
static ATTACHMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\.(?:docx?|xlsx?|pdf|wps|et|zip|rar|7z|ofd|ceb)(?:\b|$)")
        .expect("static regex")
});
static FILE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\.(?:docx?|xlsx?|pdf|wps|et|zip|rar|7z|ofd|ceb)\s*[）)]?$")
        .expect("static regex")
});

/// True when a (tidied) line of text is site chrome rather than report text.
pub fn is_chrome_line(line: &str) -> bool {
    let line = line.trim();
    if line.is_empty() || line.chars().count() > MAX_CHROME_LINE {
        return false;
    }
    CHROME_START.is_match(line)
        || CHROME_ANYWHERE.is_match(line)
        || is_widget_line(line)
        || (ATTACHMENT.is_match(line) && line.contains("附件"))
        || FILE_NAME.is_match(line)
}

/// A line made only of widget words, separators and counters
/// (`【打印本页】【关闭窗口】`, `字号：大 中 小`, `浏览次数：123`), with at least
/// one widget word: numbers alone are data, not chrome.
fn is_widget_line(line: &str) -> bool {
    let tokens = line
        .split(|c: char| {
            c.is_whitespace()
                || c.is_ascii_punctuation()
                || "【】［］〔〕（）《》「」『』：；，。、|｜·•›»>＞".contains(c)
        })
        .filter(|t| !t.is_empty());
    let mut widgets = 0;
    for token in tokens {
        if WIDGET_WORDS.contains(&token) {
            widgets += 1;
        } else if !token.chars().all(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    widgets > 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    fn first(html: &str, css: &str) -> bool {
        let doc = Html::parse_fragment(html);
        let sel = Selector::parse(css).unwrap();
        let el = doc.select(&sel).next().unwrap();
        is_skipped(el.value())
    }

    #[test]
    fn chrome_elements() {
        assert!(first("<nav>首页</nav>", "nav"));
        assert!(first(r#"<div class="breadcrumb">首页</div>"#, "div"));
        assert!(first(r#"<div id="page-footer">x</div>"#, "div"));
        assert!(first(r#"<div class="bdshare_t">x</div>"#, "div"));
        assert!(first(r#"<span style="DISPLAY: none">x</span>"#, "span"));
        assert!(first(r#"<span style="mso-hide: all">x</span>"#, "span"));
        assert!(!first(r#"<div class="article_title">x</div>"#, "div"));
        assert!(!first(r#"<p class="MsoHeader">x</p>"#, "p"));
        assert!(!first(r#"<div class="TRS_Editor">x</div>"#, "div"));
        assert!(!first(
            r#"<table><tr class="head"><td>x</td></tr></table>"#,
            "tr"
        ));
    }

    #[test]
    fn chrome_lines() {
        for line in [
            "当前位置：首页 > 政务公开 > 政府信息公开年报",
            "您现在的位置: 首页 > 信息公开",
            "【打印本页】【关闭窗口】",
            "字号：大 中 小",
            "【字体：大 中 小】 打印 关闭",
            "附件下载",
            "附件：2018年统计表.xls",
            "上一篇：关于2017年度政府信息公开工作年度报告",
            "版权所有：某某市人民政府办公室 闽ICP备05011811号",
            "网站标识码：3590000001",
            "发布时间：2019-01-10 来源：区管委会 浏览次数：235",
            "分享到： 微信 微博 QQ空间",
            "全真版 文字版",
            "网站地图 | 联系我们 | 网站声明",
            "主办：示例市人民政府办公室 承办：示例市大数据中心",
            "示例市环境保护局2017年政府信息公开情况统计表.xls",
        ] {
            assert!(is_chrome_line(line), "{line}");
        }
        for line in [
            "一、总体情况",
            "2018年，我区主动公开政府信息2069条，其中通过政府网站公开2069条。",
            "六、政府信息公开情况统计表",
            "附件：平潭综合实验区2018年度政府信息公开情况统计表",
            "（二）依申请公开方面。规范做好申请登记、审查、办理、答复、归档等工作。",
            "邮 编：350400",
            "如有疑问，请联系我们。",
            "2 1 3 1 7",
        ] {
            assert!(!is_chrome_line(line), "{line}");
        }
    }
}
