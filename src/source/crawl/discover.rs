//! Which links on a fetched page to follow, and as what.
//!
//! A link is a **report** when its text (or `title`) or URL matches a report
//! rule, the **next page** of a listing when its text reads like pagination
//! (下一页, 尾页, a page number, or the TRS CMS `createPageHTML(…)` script),
//! and a **listing** when it matches a listing rule. Reports and listings are
//! one level deeper than the page; a listing's next pages are on the same
//! level. Links deeper than `max_depth`, to other hosts (unless allowed), or
//! to neither kind are ignored.
//!
//! Pages are decoded with [`crate::decode`] only to read their links: this
//! module must not extract data from them.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use scraper::{ElementRef, Html, Selector};
use url::Url;

use super::host_key;
use crate::decode::decode;
use crate::extract::looks_like_html;

/// Link-following rules.
#[derive(Debug, Clone)]
pub(crate) struct Rules {
    /// Link text (or title) of report pages.
    pub(crate) report_text: Vec<Regex>,
    /// URLs of report pages.
    pub(crate) report_url: Vec<Regex>,
    /// Link text of listing pages.
    pub(crate) listing_text: Vec<Regex>,
    /// URLs of listing pages.
    pub(crate) listing_url: Vec<Regex>,
    /// Link text of a listing's next pages.
    pub(crate) page_text: Vec<Regex>,
    /// Links are followed while their depth (seed = 0) is at most this.
    pub(crate) max_depth: u32,
    /// Follow links to the page's own `host:port` only.
    pub(crate) same_host: bool,
    /// Most URLs recorded per host (a guard against endless link mazes).
    pub(crate) max_pages_per_host: u64,
}

/// What a page is to the crawler.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Kind {
    /// A page of links; read for links, not part of the dataset.
    Listing,
    /// A report; goes into the dataset.
    Report,
}

impl Kind {
    /// The kind's name in the store (`listing` or `report`).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Listing => "listing",
            Kind::Report => "report",
        }
    }

    /// The kind named `s` in the store; anything but `report` is a listing.
    pub(crate) fn parse(s: &str) -> Kind {
        if s == "report" {
            Kind::Report
        } else {
            Kind::Listing
        }
    }
}

/// A link to follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// Absolute, http(s), without a fragment.
    pub(crate) url: Url,
    pub(crate) kind: Kind,
    /// Link levels below a seed (0 for a seed).
    pub(crate) depth: u32,
}

/// File types the pipeline cannot read: never followed as listings, recorded
/// but not fetched as reports.
const DOCUMENT_EXTENSIONS: &[&str] = &[
    "pdf", "doc", "docx", "xls", "xlsx", "et", "wps", "ppt", "pptx", "ofd", "zip", "rar", "7z",
    "jpg", "jpeg", "png", "gif", "bmp", "mp4", "swf",
];

/// The extension of a URL's path when it is a document type the pipeline
/// cannot read (`pdf`, `docx`, …).
pub(crate) fn document_extension(url: &Url) -> Option<String> {
    let last = url.path_segments()?.next_back()?;
    let (_, ext) = last.rsplit_once('.')?;
    let ext = ext.to_ascii_lowercase();
    DOCUMENT_EXTENSIONS.contains(&ext.as_str()).then_some(ext)
}

static ANCHOR: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("a[href], area[href]").expect("static selector"));
static BASE: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("base[href]").expect("static selector"));
/// TRS CMS pagination: `createPageHTML(pages, current, "index", "htm")`.
static TRS_PAGES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"createPageHTML\(\s*(\d+)\s*,\s*\d+\s*,\s*["']([\w.-]+)["']\s*,\s*["'](\w+)["']"#)
        .expect("static regex")
});

/// The links on `page` (fetched from `url`, at `depth`, as a `kind` page)
/// that the rules say to follow, each once, in document order.
pub(crate) fn links(
    url: &Url,
    body: &[u8],
    content_type: Option<&str>,
    kind: Kind,
    depth: u32,
    rules: &Rules,
) -> Vec<Found> {
    let Ok(decoded) = decode(body, content_type) else {
        return Vec::new();
    };
    if !looks_like_html(&decoded.text) {
        return Vec::new();
    }
    let html = Html::parse_document(&decoded.text);
    let base = base_url(&html, url);
    let anchors = html.select(&ANCHOR).filter_map(|a| {
        let target = a.value().attr("href").and_then(|h| resolve(&base, h))?;
        let (link_kind, link_depth) = classify(a, &target, kind, depth, rules)?;
        Some((target, link_kind, link_depth))
    });
    let next_pages = (kind == Kind::Listing)
        .then(|| trs_pages(&decoded.text, &base).map(|target| (target, Kind::Listing, depth)))
        .into_iter()
        .flatten();
    followed(url, rules, anchors.chain(next_pages))
}

/// The URL relative links resolve against: the page's `<base href>`, else
/// the page's own URL.
fn base_url(html: &Html, url: &Url) -> Url {
    html.select(&BASE)
        .next()
        .and_then(|b| b.value().attr("href"))
        .and_then(|h| url.join(h.trim()).ok())
        .unwrap_or_else(|| url.clone())
}

/// What the rules make of a link to `target` on a `kind` page at `depth`: a
/// report or a listing one level deeper, a listing's next page on the same
/// level, or nothing (`None`).
fn classify(
    a: ElementRef<'_>,
    target: &Url,
    kind: Kind,
    depth: u32,
    rules: &Rules,
) -> Option<(Kind, u32)> {
    let text = collapse(&a.text().collect::<String>());
    let title = collapse(a.value().attr("title").unwrap_or(""));
    let matches = |res: &[Regex]| {
        res.iter()
            .any(|re| re.is_match(&text) || (!title.is_empty() && re.is_match(&title)))
    };
    let url_matches = |res: &[Regex]| res.iter().any(|re| re.is_match(target.as_str()));
    if matches(&rules.report_text) || url_matches(&rules.report_url) {
        Some((Kind::Report, depth + 1))
    } else if kind == Kind::Listing && rules.page_text.iter().any(|re| re.is_match(&text)) {
        Some((Kind::Listing, depth))
    } else if matches(&rules.listing_text) || url_matches(&rules.listing_url) {
        Some((Kind::Listing, depth + 1))
    } else {
        None
    }
}

/// The pages a TRS CMS `createPageHTML(…)` script names (`index.htm`,
/// `index_1.htm`, …; at most 500 per script), against `base`.
fn trs_pages<'a>(text: &'a str, base: &'a Url) -> impl Iterator<Item = Url> + 'a {
    TRS_PAGES.captures_iter(text).flat_map(move |caps| {
        let pages: u32 = caps[1].parse().unwrap_or(0);
        (0..pages.min(500)).filter_map(move |i| {
            let name = match i {
                0 => format!("{}.{}", &caps[2], &caps[3]),
                _ => format!("{}_{i}.{}", &caps[2], &caps[3]),
            };
            base.join(&name).ok()
        })
    })
}

/// The candidate links (`url`, kind, depth) of `page` that the depth, host and
/// document-type limits keep, each URL once (its strongest kind and shallowest
/// depth) at its first position, the page itself left out.
fn followed(
    page: &Url,
    rules: &Rules,
    candidates: impl Iterator<Item = (Url, Kind, u32)>,
) -> Vec<Found> {
    let mut found: BTreeMap<String, (usize, Found)> = BTreeMap::new();
    for (target, link_kind, link_depth) in candidates {
        if link_depth > rules.max_depth || (rules.same_host && host_key(&target) != host_key(page))
        {
            continue;
        }
        if link_kind == Kind::Listing && document_extension(&target).is_some() {
            continue;
        }
        let order = found.len();
        let entry = found.entry(target.to_string()).or_insert((
            order,
            Found {
                url: target,
                kind: link_kind,
                depth: link_depth,
            },
        ));
        entry.1.kind = entry.1.kind.max(link_kind);
        entry.1.depth = entry.1.depth.min(link_depth);
    }
    let mut links: Vec<(usize, Found)> = found.into_values().collect();
    links.sort_by_key(|(order, _)| *order);
    links
        .into_iter()
        .map(|(_, f)| f)
        .filter(|f| f.url != *page)
        .collect()
}

/// An `href` as an absolute http(s) URL without its fragment.
fn resolve(base: &Url, href: &str) -> Option<Url> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let mut url = base.join(href).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    url.set_fragment(None);
    Some(url)
}

/// Whitespace runs (no-break and ideographic spaces included) as one space,
/// trimmed.
fn collapse(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::crawl::job::{JobFile, resolve as resolve_job};

    fn rules() -> Rules {
        let cli = JobFile {
            seeds: vec!["http://a.gov.cn/".into()],
            ..Default::default()
        };
        resolve_job(None, cli).unwrap().rules
    }

    const LISTING: &str = r#"<html><head><base href="/zwgk/nb/"></head><body>
<a href="/">首页</a>
<a href="../zfxxgknb/">政府信息公开年报</a>
<a href="t20190110_80529.htm" title="平潭综合实验区2018年度政府信息公开工作年度报告">平潭综合实验区2018年度政府信息公开...</a>
<a href="t20190110_80529.htm#top">平潭综合实验区2018年度政府信息公开工作年度报告</a>
<a href="./2017.pdf">2017年度政府信息公开工作年度报告（PDF）</a>
<a href="http://other.gov.cn/nb.htm">某县2018年政府信息公开工作年度报告</a>
<a href="javascript:void(0)">2016年度报告</a>
<a href="index_1.htm">下一页</a>
<a href="mailto:x@y.cn">联系我们</a>
<script>createPageHTML(3, 0, "index", "htm");</script>
</body></html>"#;

    #[test]
    fn listing_links_by_kind_and_depth() {
        let page = Url::parse("http://a.gov.cn/zwgk/nb/index.htm").unwrap();
        let found = links(&page, LISTING.as_bytes(), None, Kind::Listing, 0, &rules());
        let got: Vec<(&str, Kind, u32)> = found
            .iter()
            .map(|f| (f.url.as_str(), f.kind, f.depth))
            .collect();
        assert_eq!(
            got,
            [
                ("http://a.gov.cn/zwgk/zfxxgknb/", Kind::Listing, 1),
                (
                    "http://a.gov.cn/zwgk/nb/t20190110_80529.htm",
                    Kind::Report,
                    1
                ),
                ("http://a.gov.cn/zwgk/nb/2017.pdf", Kind::Report, 1),
                ("http://a.gov.cn/zwgk/nb/index_1.htm", Kind::Listing, 0),
                ("http://a.gov.cn/zwgk/nb/index_2.htm", Kind::Listing, 0),
            ]
        );
    }

    #[test]
    fn depth_and_host_limits() {
        let page = Url::parse("http://a.gov.cn/zwgk/nb/index.htm").unwrap();
        let mut r = rules();
        r.max_depth = 0;
        let found = links(&page, LISTING.as_bytes(), None, Kind::Listing, 0, &r);
        assert!(
            found
                .iter()
                .all(|f| f.depth == 0 && f.kind == Kind::Listing)
        );
        r.max_depth = 3;
        r.same_host = false;
        let found = links(&page, LISTING.as_bytes(), None, Kind::Listing, 0, &r);
        assert!(
            found
                .iter()
                .any(|f| f.url.as_str() == "http://other.gov.cn/nb.htm")
        );
        // A report page's number links are not pagination.
        let found = links(&page, LISTING.as_bytes(), None, Kind::Report, 1, &rules());
        assert!(found.iter().all(|f| f.depth == 2));
    }

    #[test]
    fn gbk_listing_without_charset_and_non_html() {
        let html =
            "<html><body><a href=\"r.htm\">某区2015年度政府信息公开工作年度报告</a></body></html>";
        let (gbk, _, _) = encoding_rs::GBK.encode(html);
        let page = Url::parse("http://a.gov.cn/nb/").unwrap();
        let found = links(&page, &gbk, Some("text/html"), Kind::Listing, 0, &rules());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].url.as_str(), "http://a.gov.cn/nb/r.htm");
        assert!(links(&page, b"plain 2015 text", None, Kind::Listing, 0, &rules()).is_empty());
        assert!(links(&page, &[0, 1, 2, 3], None, Kind::Listing, 0, &rules()).is_empty());
    }

    #[test]
    fn document_extensions() {
        let u = |s| Url::parse(s).unwrap();
        assert_eq!(
            document_extension(&u("http://a.cn/x/2018.PDF?x=1")),
            Some("pdf".into())
        );
        assert_eq!(document_extension(&u("http://a.cn/x/t1.htm")), None);
        assert_eq!(document_extension(&u("http://a.cn/")), None);
    }
}
