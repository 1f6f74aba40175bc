//! A report as a page of a government site: head and charset, navigation,
//! the report's paragraphs and tables (plain or as Word exports them),
//! footer, then scripts and related links up to the page's target size.
//!
//! It writes what `Report` holds; it must not draw the report's numbers.

use encoding_rs::Encoding;
use fastrand::Rng;

use super::forms::Form;
use super::report::Report;
use super::tables::Table;

impl Report {
    /// The document as a page of a government site: head, navigation,
    /// the report (paragraphs and tables), footer, then scripts and related
    /// links up to the target size.
    pub(super) fn html(
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

/// The site navigation's links.
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

/// An analytics script, as real pages carry several.
const SCRIPT: &str = "<script type=\"text/javascript\">var _hmt=_hmt||[];(function(){var hm=document.createElement(\"script\");hm.src=\"https://hm.example.com/hm.js?0123456789abcdef\";var s=document.getElementsByTagName(\"script\")[0];s.parentNode.insertBefore(hm,s);})();function setFontSize(size){document.getElementById('zoom').style.fontSize=size+'px';}</script>\n";
