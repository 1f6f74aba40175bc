//! The crawler against local test servers on 127.0.0.1: discovery from a GBK
//! listing, incremental runs (304 and content hashes), robots.txt and
//! Crawl-delay, redirects, every transport fault, a failing host, shards.
//! Every crawl runs under a deadline; politeness delays are milliseconds.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use gongkai::pipeline::{CrawlSummary, RunOptions};
use gongkai::source::crawl::{self, Change, CrawlConfig, JobFile, State};
use gongkai::taxonomy::Taxonomy;
use polars::prelude::*;

use crate::common::{fixture, process_fixture, read_parquet, read_records};
use crate::http_server::{Reply, Server};

pub fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// The seed report (a 2015 pre-2019 table) with its 主动公开 total and agency
/// replaced, so every page of a test site is a distinct report.
pub fn seed_text(total: u32, agency: &str) -> String {
    let text = std::fs::read_to_string(fixture("seed/000_ada6bcccffd3deee.txt")).unwrap();
    assert!(text.contains("\n1860\n"));
    text.replace("\n1860\n", &format!("\n{total}\n"))
        .replace("衡阳国家高新区", agency)
}

pub fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable, "text not representable in GBK");
    bytes.into_owned()
}

/// The real Pingtan 2018 page in GBK, its `<meta charset>` removed.
fn pingtan_gbk() -> Vec<u8> {
    let html = std::fs::read_to_string(fixture("real/pingtan-2018_80529.html")).unwrap();
    let html = html.replacen(r#"<meta charset="utf-8" "#, "<meta ", 1);
    assert!(!html.to_ascii_lowercase().contains("charset"));
    let (bytes, _, _) = encoding_rs::GBK.encode(&html);
    bytes.into_owned()
}

/// A listing page: site navigation, then the given links.
pub fn listing(title: &str, links: &[(String, String)]) -> String {
    let items: String = links
        .iter()
        .map(|(href, text)| format!("<li><a href=\"{href}\" target=\"_blank\">{text}</a></li>\n"))
        .collect();
    format!(
        "<html><head><title>{title}</title></head><body>\n\
         <a href=\"/\">首页</a> <a href=\"/zwgk/\">政务公开</a> <a href=\"/zwgk/zfxxgkzn/\">政府信息公开指南</a>\n\
         <h1>{title}</h1><ul>\n{items}</ul></body></html>"
    )
}

/// Test settings: millisecond delays, short timeouts.
pub fn config(dir: &Path, seeds: &[String], reports: &[String]) -> CrawlConfig {
    let job = JobFile {
        seeds: seeds.to_vec(),
        reports: reports.to_vec(),
        out: Some(dir.join("out")),
        contact: Some("mailto:tests@example.org".into()),
        ..JobFile::default()
    };
    let mut c = crawl::job::resolve(None, job).unwrap();
    c.politeness.delay = ms(20);
    c.politeness.backoff = ms(50);
    c.politeness.max_backoff = ms(200);
    c.politeness.host_pause = ms(300);
    c.politeness.max_retry_after = Duration::from_secs(10);
    c.http.connect_timeout = Duration::from_secs(1);
    c.http.read_timeout = Duration::from_secs(2);
    c.http.timeout = Duration::from_secs(3);
    c
}

/// Crawl, failing the test if it takes longer than `limit`.
pub fn crawl_within(config: &CrawlConfig, limit: Duration) -> CrawlSummary {
    let (tx, rx) = mpsc::channel();
    let config = config.clone();
    std::thread::spawn(move || {
        let options = RunOptions {
            taxonomy: Taxonomy::builtin(),
            progress: false,
        };
        let _ = tx.send(gongkai::pipeline::crawl(&config, &options).map_err(|e| e.to_string()));
    });
    match rx.recv_timeout(limit) {
        Ok(Ok(summary)) => summary,
        Ok(Err(e)) => panic!("crawl failed: {e}"),
        Err(_) => panic!("crawl took longer than {limit:?}"),
    }
}

pub fn strings(frame: &DataFrame, name: &str) -> Vec<Option<String>> {
    frame
        .column(name)
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|v| v.map(str::to_owned))
        .collect()
}

/// `(source, final_url, status, error)` of every report row.
fn report_rows(out: &Path) -> Vec<(String, Option<String>, String, Option<String>)> {
    let r = read_parquet(&out.join("reports.parquet"));
    let source = strings(&r, "source");
    let final_url = strings(&r, "final_url");
    let status = strings(&r, "status");
    let error = strings(&r, "error");
    (0..r.height())
        .map(|i| {
            (
                source[i].clone().unwrap(),
                final_url[i].clone(),
                status[i].clone().unwrap(),
                error[i].clone(),
            )
        })
        .collect()
}

fn paths(server: &Server) -> Vec<String> {
    server.log().into_iter().map(|l| l.path).collect()
}

/// Gaps between consecutive requests to one server.
pub fn gaps(server: &Server) -> Vec<Duration> {
    let log = server.log();
    log.windows(2).map(|w| w[1].at - w[0].at).collect()
}

#[test]
fn gbk_listing_to_gbk_reports_without_charset() {
    // Laid out like www.pingtan.gov.cn: the report's breadcrumb links back to the listing.
    const LIST: &str = "/zwgk/zfxxgk/zfxxgknb/";
    let t1 = format!("{LIST}201601/t20160120_1.htm");
    let t2 = format!("{LIST}201901/t20190110_80529.htm");
    let site = Server::start();
    site.route(
        LIST,
        vec![Reply::typed(
            "text/html",
            gbk(&listing(
                "政府信息公开年报",
                &[
                    (
                        t1.clone(),
                        "衡阳国家高新区2015年度政府信息公开工作年度报告".into(),
                    ),
                    (
                        "201901/t20190110_80529.htm".into(),
                        "平潭综合实验区2018年度政府信息公开工作年度报告".into(),
                    ),
                ],
            )),
        )],
    );
    site.route(
        &t1,
        vec![Reply::typed(
            "text/plain",
            gbk(&seed_text(1860, "衡阳国家高新区")),
        )],
    );
    site.route(&t2, vec![Reply::typed("text/html", pingtan_gbk())]);
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), &[site.url(LIST)], &[]);
    let summary = crawl_within(&config, Duration::from_secs(20));

    // Only the listing, its two reports and robots.txt: no navigation links.
    assert_eq!(paths(&site), ["/robots.txt", LIST, &t1, &t2]);
    assert!(summary.complete());
    assert_eq!(summary.counts.requests, 4);
    assert_eq!(summary.counts.change(Change::New), 3);
    assert_eq!((summary.counts.reports, summary.counts.listings), (2, 1));
    // Every request names the tool and a contact.
    let ua = site.log()[0].header("user-agent").unwrap().to_owned();
    assert!(
        ua.starts_with("gongkai/") && ua.contains("mailto:tests@example.org"),
        "{ua}"
    );

    let out = dir.path().join("out");
    let reports = read_parquet(&out.join("reports.parquet"));
    assert_eq!(reports.height(), 2);
    assert_eq!(
        strings(&reports, "source"),
        [Some(site.url(&t1)), Some(site.url(&t2))]
    );
    assert_eq!(strings(&reports, "final_url"), strings(&reports, "source"));
    assert!(
        strings(&reports, "encoding")
            .iter()
            .all(|e| e.as_deref() == Some("GBK"))
    );
    assert!(
        strings(&reports, "encoding_source")
            .iter()
            .all(|e| e.as_deref() == Some("detected"))
    );
    assert!(strings(&reports, "fetched_at").iter().all(|t| {
        t.as_deref()
            .is_some_and(|t| t.len() == 20 && t.ends_with('Z'))
    }));
    assert_eq!(
        strings(&reports, "agency"),
        [Some("衡阳国家高新区".into()), Some("平潭综合实验区".into())]
    );

    // The GBK pages give the same values as the UTF-8 fixtures.
    let records = read_records(&out);
    let total = records
        .clone()
        .lazy()
        .filter(col("indicator").eq(lit("proactive.total")))
        .collect()
        .unwrap();
    let values: Vec<Option<f64>> = total
        .column("value")
        .unwrap()
        .f64()
        .unwrap()
        .iter()
        .collect();
    let expected_pingtan = process_fixture("real/pingtan-2018_80529.html");
    let pingtan_total = expected_pingtan
        .records
        .iter()
        .find(|r| r.indicator.as_deref() == Some("proactive.total"))
        .map(|r| r.value);
    assert_eq!(values[0], Some(1860.0));
    if let Some(v) = pingtan_total {
        assert_eq!(values.get(1).copied(), Some(v));
    }
    let n_pingtan = expected_pingtan.records.len();
    let n_seed = process_fixture("seed/000_ada6bcccffd3deee.txt")
        .records
        .len();
    assert_eq!(records.height(), n_seed + n_pingtan);
}

/// A one-link-per-report listing on `site` at `list`, reports at `list` + `rK.htm`.
fn report_links(list: &str, agencies: &[&str]) -> Vec<(String, String)> {
    agencies
        .iter()
        .enumerate()
        .map(|(k, a)| {
            (
                format!("{list}r{k}.htm"),
                format!("{a}2015年度政府信息公开工作年度报告"),
            )
        })
        .collect()
}

fn values_by_agency(out: &Path) -> Vec<(String, f64)> {
    let records = read_records(out);
    let total = records
        .lazy()
        .filter(col("indicator").eq(lit("proactive.total")))
        .collect()
        .unwrap();
    let agency = strings(&total, "agency");
    let value: Vec<Option<f64>> = total
        .column("value")
        .unwrap()
        .f64()
        .unwrap()
        .iter()
        .collect();
    agency
        .into_iter()
        .zip(value)
        .map(|(a, v)| (a.unwrap(), v.unwrap()))
        .collect()
}

fn without_fetched_at(frame: DataFrame) -> DataFrame {
    frame.drop("fetched_at").unwrap()
}

#[test]
fn second_run_asks_conditionally_and_fetches_only_changed_pages() {
    const LIST: &str = "/nb/";
    let site = Server::start();
    let agencies = ["甲区", "乙区", "丙区", "丁区"];
    let links = report_links(LIST, &agencies);
    site.route(
        LIST,
        vec![Reply::cached(
            "\"list-v1\"",
            "text/html",
            listing("年报", &links),
        )],
    );
    // Three reports with validators, one without (only its hash can tell).
    for (k, (path, _)) in links.iter().enumerate() {
        let body = gbk(&seed_text(100 + k as u32, agencies[k]));
        let reply = if k < 3 {
            Reply::cached(&format!("\"r{k}-v1\""), "text/plain", body)
        } else {
            Reply::typed("text/plain", body)
        };
        site.route(path, vec![reply]);
    }
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), &[site.url(LIST)], &[]);
    let out = dir.path().join("out");

    let first = crawl_within(&config, Duration::from_secs(20));
    assert_eq!(first.counts.change(Change::New), 5);
    assert_eq!(first.counts.requests, 6);
    let reports_1 = read_parquet(&out.join("reports.parquet"));
    let records_1 = read_records(&out);
    assert_eq!(
        values_by_agency(&out),
        [
            ("甲区".into(), 100.0),
            ("乙区".into(), 101.0),
            ("丙区".into(), 102.0),
            ("丁区".into(), 103.0)
        ]
    );

    // Second run: conditional requests; 304s reuse the stored pages.
    let before = site.log().len();
    let second = crawl_within(&config, Duration::from_secs(20));
    let log = site.log()[before..].to_vec();
    assert_eq!(
        log.len(),
        6,
        "robots.txt again (a new run), the listing and four reports"
    );
    for l in &log {
        match l.path.as_str() {
            "/robots.txt" | "/nb/r3.htm" => assert_eq!(l.header("if-none-match"), None),
            "/nb/" => assert_eq!(l.header("if-none-match"), Some("\"list-v1\"")),
            p => {
                let k = &p[5..6];
                assert_eq!(
                    l.header("if-none-match"),
                    Some(format!("\"r{k}-v1\"").as_str())
                );
                assert_eq!(
                    l.header("if-modified-since"),
                    Some("Mon, 10 Mar 2025 08:00:00 GMT")
                );
            }
        }
    }
    assert_eq!(second.counts.change(Change::NotModified), 4);
    assert_eq!(second.counts.change(Change::Unchanged), 1);
    assert_eq!(
        second.counts.change(Change::New) + second.counts.change(Change::Changed),
        0
    );
    assert!(second.complete());
    // The same dataset, fetch times included (they are when the bytes were fetched).
    assert!(read_parquet(&out.join("reports.parquet")).equals_missing(&reports_1));
    assert!(read_records(&out).equals_missing(&records_1));

    // One report changes: only it is downloaded again, and the dataset follows.
    site.route(
        "/nb/r1.htm",
        vec![Reply::cached(
            "\"r1-v2\"",
            "text/plain",
            gbk(&seed_text(999, "乙区")),
        )],
    );
    let third = crawl_within(&config, Duration::from_secs(20));
    assert_eq!(third.counts.change(Change::Changed), 1);
    assert_eq!(third.counts.change(Change::NotModified), 3);
    assert_eq!(third.counts.change(Change::Unchanged), 1);
    assert_eq!(values_by_agency(&out)[1], ("乙区".into(), 999.0));
    assert_eq!(read_parquet(&out.join("reports.parquet")).height(), 4);
}

#[test]
fn robots_disallow_and_crawl_delay_are_obeyed() {
    const LIST: &str = "/nb/";
    let site = Server::start();
    site.route(
        "/robots.txt",
        vec![Reply::typed(
            "text/plain",
            "User-agent: otherbot\nDisallow: /\n\nUser-agent: *\nDisallow: /nb/private/\nCrawl-delay: 0.3\n",
        )],
    );
    let mut links = report_links(LIST, &["甲区", "乙区", "丙区"]);
    links.push((
        "/nb/private/r8.htm".into(),
        "戊区2015年度政府信息公开工作年度报告".into(),
    ));
    links.push((
        "/nb/private/r9.htm".into(),
        "己区2015年度政府信息公开工作年度报告".into(),
    ));
    site.route(LIST, vec![Reply::html(listing("年报", &links))]);
    for (k, (path, _)) in links.iter().enumerate() {
        site.route(
            path,
            vec![Reply::typed("text/plain", seed_text(k as u32, "甲区"))],
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), &[site.url(LIST)], &[]);
    let summary = crawl_within(&config, Duration::from_secs(20));

    assert_eq!(
        paths(&site),
        [
            "/robots.txt",
            "/nb/",
            "/nb/r0.htm",
            "/nb/r1.htm",
            "/nb/r2.htm"
        ]
    );
    // Crawl-delay 0.3 s beats our 20 ms: every gap, measured at the server.
    for gap in gaps(&site) {
        assert!(gap >= ms(300), "{gap:?}");
    }
    assert_eq!(summary.counts.state(State::Disallowed), 2);
    assert!(summary.complete());
    let rows = report_rows(&dir.path().join("out"));
    let private: Vec<_> = rows.iter().filter(|r| r.0.contains("/private/")).collect();
    assert_eq!(private.len(), 2);
    for row in private {
        assert_eq!(row.2, "failed");
        assert_eq!(
            row.3.as_deref(),
            Some("not fetched: disallowed by robots.txt")
        );
    }
}

#[test]
fn redirect_chains_loops_and_limits() {
    const LIST: &str = "/nb/";
    let site = Server::start();
    let link = |path: &str, agency: &str| {
        (
            path.to_owned(),
            format!("{agency}2015年度政府信息公开工作年度报告"),
        )
    };
    site.route(
        LIST,
        vec![Reply::html(listing(
            "年报",
            &[
                link("/a.htm", "甲区"),
                link("/loop1.htm", "乙区"),
                link("/long0.htm", "丙区"),
                link("/ftp.htm", "丁区"),
            ],
        ))],
    );
    // A chain of two hops to the report (relative and absolute Locations).
    site.route("/a.htm", vec![Reply::redirect(301, "b.htm")]);
    site.route("/b.htm", vec![Reply::redirect(302, &site.url("/c.htm"))]);
    site.route(
        "/c.htm",
        vec![Reply::typed("text/plain", seed_text(77, "甲区"))],
    );
    site.route("/loop1.htm", vec![Reply::redirect(301, "/loop2.htm")]);
    site.route("/loop2.htm", vec![Reply::redirect(302, "/loop1.htm")]);
    for k in 0..8 {
        site.route(
            &format!("/long{k}.htm"),
            vec![Reply::redirect(307, &format!("/long{}.htm", k + 1))],
        );
    }
    site.route(
        "/ftp.htm",
        vec![Reply::redirect(301, "ftp://127.0.0.1/report.txt")],
    );
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(dir.path(), &[site.url(LIST)], &[]);
    config.http.max_redirects = 3;
    let summary = crawl_within(&config, Duration::from_secs(20));

    let rows = report_rows(&dir.path().join("out"));
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0].0, site.url("/a.htm"));
    assert_eq!(rows[0].1.as_deref(), Some(site.url("/c.htm").as_str()));
    assert_eq!(rows[0].2, "ok");
    assert_eq!(rows[1].0, site.url("/ftp.htm"));
    assert_eq!(
        rows[1].3.as_deref(),
        Some("not fetched: redirect to a ftp: URL (only http and https are followed)")
    );
    assert_eq!(rows[2].0, site.url("/long0.htm"));
    assert_eq!(
        rows[2].3.as_deref(),
        Some("not fetched: too many redirects (more than 3)")
    );
    assert_eq!(rows[3].0, site.url("/loop1.htm"));
    assert!(
        rows[3]
            .3
            .as_deref()
            .unwrap()
            .starts_with("not fetched: redirect loop: "),
        "{rows:?}"
    );
    // Every hop is one request, none repeated.
    let log = paths(&site);
    let mut unique = log.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), log.len(), "{log:?}");
    assert_eq!(site.hits("/long3.htm"), 1);
    assert_eq!(site.hits("/long4.htm"), 0);
    assert_eq!(summary.counts.state(State::Redirected), 2 + 1 + 3);
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

#[test]
fn transport_faults_are_retried_or_refused() {
    // One host per fault, so that they do not pause each other.
    let report = |total: u32| seed_text(total, "甲区").into_bytes();
    let gz = |body: Vec<u8>| Reply::Full {
        status: 200,
        headers: vec![
            ("Content-Type".into(), "text/plain".into()),
            ("Content-Encoding".into(), "gzip".into()),
        ],
        body: gzip(&body),
    };
    let cases: Vec<(&str, Vec<Reply>)> = vec![
        ("not_found", vec![Reply::status(404)]),
        (
            "retry_after_seconds",
            vec![
                Reply::status(429).with_header("Retry-After", "1"),
                Reply::typed("text/plain", report(2)),
            ],
        ),
        (
            "retry_after_date",
            vec![
                Reply::TooManyUntil {
                    after: Duration::from_secs(2),
                },
                Reply::typed("text/plain", report(3)),
            ],
        ),
        (
            "unavailable_then_ok",
            vec![Reply::status(503), Reply::typed("text/plain", report(4))],
        ),
        (
            "slow_body",
            vec![Reply::Slow {
                body: report(5),
                chunk: 512,
                pause: ms(400),
            }],
        ),
        (
            "reset_then_ok",
            vec![
                Reply::Reset {
                    body: report(6),
                    sent: 1000,
                },
                Reply::typed("text/plain", report(6)),
            ],
        ),
        (
            "reset_always",
            vec![Reply::Reset {
                body: report(7),
                sent: 1000,
            }],
        ),
        ("gzip_ok", vec![gz(report(8))]),
        ("gzip_bomb", vec![gz(vec![b' '; 20_000_000])]),
        (
            "oversized",
            vec![Reply::typed("text/plain", vec![b'x'; 2_000_000])],
        ),
        (
            "oversized_unsized",
            vec![Reply::Unsized {
                content_type: "text/plain".into(),
                body: vec![b'x'; 2_000_000],
            }],
        ),
    ];
    let servers: Vec<(&str, Server)> = cases
        .into_iter()
        .map(|(name, replies)| {
            let s = Server::start();
            s.route(&format!("/{name}.htm"), replies);
            (name, s)
        })
        .collect();
    let urls: Vec<String> = servers
        .iter()
        .map(|(n, s)| s.url(&format!("/{n}.htm")))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(dir.path(), &[], &urls);
    config.politeness.attempts = 3;
    config.http.timeout = ms(1500);
    config.http.read_timeout = ms(1000);
    config.http.max_bytes = 1_000_000;
    let started = Instant::now();
    let summary = crawl_within(&config, Duration::from_secs(30));
    let elapsed = started.elapsed();

    let rows = report_rows(&dir.path().join("out"));
    let row = |name: &str| {
        rows.iter()
            .find(|r| r.0.ends_with(&format!("/{name}.htm")))
            .unwrap_or_else(|| panic!("{name}: {rows:?}"))
            .clone()
    };
    let server = |name: &str| &servers.iter().find(|(n, _)| *n == name).unwrap().1;
    let hits = |name: &str| server(name).hits(&format!("/{name}.htm"));
    let gap = |name: &str| {
        let log: Vec<_> = server(name)
            .log()
            .into_iter()
            .filter(|l| l.path != "/robots.txt")
            .collect();
        log[1].at - log[0].at
    };

    assert_eq!(
        row("not_found").3.as_deref(),
        Some("not fetched: HTTP 404 Not Found")
    );
    assert_eq!(hits("not_found"), 1, "a 404 is not retried");

    for name in ["retry_after_seconds", "retry_after_date"] {
        assert_eq!(row(name).2, "ok", "{name}");
        assert_eq!(hits(name), 2, "{name}");
        assert!(
            gap(name) >= Duration::from_secs(1),
            "{name}: {:?}",
            gap(name)
        );
    }
    assert_eq!(row("unavailable_then_ok").2, "ok");
    assert_eq!(hits("unavailable_then_ok"), 2);
    assert!(
        gap("unavailable_then_ok") >= ms(25),
        "half the 50 ms backoff at least"
    );

    let slow = row("slow_body");
    assert_eq!(hits("slow_body"), 3);
    assert!(slow.3.as_deref().unwrap().contains("timed out"), "{slow:?}");
    assert!(
        slow.3.as_deref().unwrap().ends_with("(after 3 attempts)"),
        "{slow:?}"
    );

    assert_eq!(row("reset_then_ok").2, "ok");
    assert_eq!(hits("reset_then_ok"), 2);
    let reset = row("reset_always");
    assert_eq!(hits("reset_always"), 3);
    assert!(
        reset
            .3
            .as_deref()
            .unwrap()
            .starts_with("not fetched: connection failed"),
        "{reset:?}"
    );

    assert_eq!(row("gzip_ok").2, "ok");
    let accept = server("gzip_ok").log()[1]
        .header("accept-encoding")
        .unwrap()
        .to_owned();
    for coding in ["gzip", "br", "deflate"] {
        assert!(accept.contains(coding), "{accept}");
    }
    for name in ["gzip_bomb", "oversized", "oversized_unsized"] {
        let r = row(name);
        assert!(
            r.3.as_deref()
                .unwrap()
                .contains("larger than the 1000000-byte limit"),
            "{name}: {r:?}"
        );
        assert_eq!(hits(name), 1, "{name}: a body too large is not retried");
    }
    assert!(
        row("oversized")
            .3
            .unwrap()
            .contains("(declared 2000000 bytes)")
    );

    assert_eq!(summary.counts.state(State::Unreachable), 2);
    assert!(!summary.complete());
    // Bounded: the slow body cost 3 × 1.5 s plus backoff, not its 8 s.
    assert!(elapsed < Duration::from_secs(15), "{elapsed:?}");
}

#[test]
fn a_failing_host_is_paused_then_given_up_while_others_go_on() {
    let bad = Server::start();
    let good = Server::start();
    let patient = Server::start();
    let mut reports = Vec::new();
    for k in 0..5 {
        bad.route(&format!("/r{k}.htm"), vec![Reply::status(503)]);
        reports.push(bad.url(&format!("/r{k}.htm")));
    }
    for k in 0..3 {
        good.route(
            &format!("/g{k}.htm"),
            vec![Reply::typed("text/plain", seed_text(k, "乙区"))],
        );
        reports.push(good.url(&format!("/g{k}.htm")));
    }
    // Asked to come back in an hour: left for the next run, not waited for.
    patient.route(
        "/p.htm",
        vec![Reply::status(429).with_header("Retry-After", "3600")],
    );
    reports.push(patient.url("/p.htm"));
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(dir.path(), &[], &reports);
    config.politeness.attempts = 10;
    config.politeness.host_failures = 2;
    config.politeness.host_pause = ms(200);
    config.politeness.host_pauses = 2;
    config.politeness.max_retry_after = Duration::from_secs(60);
    let summary = crawl_within(&config, Duration::from_secs(20));

    // Two failures pause the host for 200 ms; the probe after it fails: 400 ms;
    // the next probe fails: given up. Four requests, not forty.
    let log: Vec<_> = bad
        .log()
        .into_iter()
        .filter(|l| l.path != "/robots.txt")
        .collect();
    assert_eq!(
        log.len(),
        4,
        "{:?}",
        log.iter().map(|l| &l.path).collect::<Vec<_>>()
    );
    assert!(log[2].at - log[1].at >= ms(200));
    assert!(log[3].at - log[2].at >= ms(400));
    assert_eq!(patient.hits("/p.htm"), 1);
    assert_eq!(good.log().len(), 4);

    assert_eq!(summary.counts.state(State::Done), 3);
    assert_eq!(summary.counts.state(State::Pending), 6);
    assert_eq!(summary.counts.hosts_left, 2);
    assert!(!summary.complete());
    let rows = report_rows(&dir.path().join("out"));
    let bad_row = rows.iter().find(|r| r.0 == bad.url("/r4.htm")).unwrap();
    assert_eq!(
        bad_row.3.as_deref(),
        Some(
            format!(
                "not fetched: {} kept failing; last error: HTTP 503 Service Unavailable",
                bad.host()
            )
            .as_str()
        )
    );
    let patient_row = rows.iter().find(|r| r.0 == patient.url("/p.htm")).unwrap();
    assert!(
        patient_row
            .3
            .as_deref()
            .unwrap()
            .contains("asked to wait 3600s"),
        "{patient_row:?}"
    );
}

#[test]
fn per_host_concurrency_holds_while_hosts_run_in_parallel() {
    let servers: Vec<Server> = (0..4).map(|_| Server::start()).collect();
    let mut reports = Vec::new();
    for (i, s) in servers.iter().enumerate() {
        for k in 0..3 {
            let path = format!("/r{k}.htm");
            // Each response takes at least 500 ms to send.
            let body = seed_text(i as u32 * 10 + k, "甲区").into_bytes();
            let chunk = body.len() / 3 + 1;
            s.route(
                &path,
                vec![Reply::Slow {
                    body,
                    chunk,
                    pause: ms(250),
                }],
            );
            reports.push(s.url(&path));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(dir.path(), &[], &reports);
    config.politeness.concurrency = 8;
    config.politeness.host_concurrency = 1;
    let summary = crawl_within(&config, Duration::from_secs(30));
    assert!(summary.complete());
    for s in &servers {
        assert_eq!(s.max_active(), 1, "one request at a time per host");
        for gap in gaps(s) {
            assert!(gap >= ms(20), "{gap:?}");
        }
    }
    // The hosts were crawled side by side: every host's first page was asked
    // for before any host could ask for its second (each page takes 500 ms).
    let firsts: Vec<Instant> = servers.iter().map(|s| s.log()[1].at).collect();
    let seconds: Vec<Instant> = servers.iter().map(|s| s.log()[2].at).collect();
    assert!(firsts.iter().max() < seconds.iter().min());
}

#[test]
fn shards_split_hosts_and_combine_into_the_whole_dataset() {
    let servers: Vec<Server> = (0..6).map(|_| Server::start()).collect();
    let agencies = ["甲区", "乙区"];
    for (i, s) in servers.iter().enumerate() {
        let links = report_links("/nb/", &agencies);
        s.route("/nb/", vec![Reply::html(listing("年报", &links))]);
        for (k, (path, _)) in links.iter().enumerate() {
            s.route(
                path,
                vec![Reply::typed(
                    "text/plain",
                    seed_text(i as u32 * 10 + k as u32, agencies[k]),
                )],
            );
        }
    }
    let seeds: Vec<String> = servers.iter().map(|s| s.url("/nb/")).collect();
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, shard: Option<&str>| {
        let mut c = config(&dir.path().join(name), &seeds, &[]);
        c.shard = shard.map(|s| crawl::Shard::parse(s).unwrap());
        crawl_within(&c, Duration::from_secs(20));
        (c.out.clone(), c.store.clone())
    };
    let (all, _) = run("all", None);
    let (out0, store0) = run("s0", Some("0/2"));
    let (out1, store1) = run("s1", Some("1/2"));

    // Each shard crawled exactly the hosts it owns.
    for (out, index) in [(&out0, 0), (&out1, 1)] {
        for source in strings(&read_parquet(&out.join("reports.parquet")), "source") {
            let url = url::Url::parse(&source.unwrap()).unwrap();
            assert_eq!(crawl::job::shard_of(&crawl::host_key(&url), 2), index);
        }
    }
    let rows = |out: &PathBuf| read_parquet(&out.join("reports.parquet")).height();
    assert_eq!(rows(&out0) + rows(&out1), 12);

    // The two stores make the same dataset as the unsharded crawl.
    let combined = dir.path().join("combined");
    let options = RunOptions {
        taxonomy: Taxonomy::builtin(),
        progress: false,
    };
    gongkai::pipeline::run_stores(&[store0, store1], &combined, &options).unwrap();
    let r_all = without_fetched_at(read_parquet(&all.join("reports.parquet")));
    let r_comb = without_fetched_at(read_parquet(&combined.join("reports.parquet")));
    assert!(r_all.equals_missing(&r_comb));
    assert!(read_records(&all).equals_missing(&read_records(&combined)));
}

#[test]
fn while_robots_txt_is_unavailable_nothing_is_fetched() {
    let flaky = Server::start();
    flaky.route(
        "/robots.txt",
        vec![
            Reply::status(503),
            Reply::typed("text/plain", "User-agent: *\nAllow: /\n"),
        ],
    );
    flaky.route(
        "/r.htm",
        vec![Reply::typed("text/plain", seed_text(1, "甲区"))],
    );
    let down = Server::start();
    down.route("/robots.txt", vec![Reply::status(503)]);
    down.route(
        "/r.htm",
        vec![Reply::typed("text/plain", seed_text(2, "乙区"))],
    );
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(dir.path(), &[], &[flaky.url("/r.htm"), down.url("/r.htm")]);
    config.politeness.attempts = 3;
    let summary = crawl_within(&config, Duration::from_secs(20));

    assert_eq!(paths(&flaky), ["/robots.txt", "/robots.txt", "/r.htm"]);
    assert_eq!(paths(&down), ["/robots.txt", "/robots.txt", "/robots.txt"]);
    assert_eq!(summary.counts.state(State::Done), 1);
    assert_eq!(summary.counts.state(State::Pending), 1);
    let rows = report_rows(&dir.path().join("out"));
    let row = rows.iter().find(|r| r.0 == down.url("/r.htm")).unwrap();
    assert!(
        row.3.as_deref().unwrap().contains("robots.txt unavailable"),
        "{row:?}"
    );
}

fn gongkai() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
}

fn run_bounded(cmd: &mut std::process::Command, limit: Duration) -> std::process::Output {
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("gongkai took longer than {limit:?}");
        }
        std::thread::sleep(ms(10));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn cli_seed_and_out_alone_then_extract_from_store() {
    const LIST: &str = "/nb/";
    let site = Server::start();
    let links = report_links(LIST, &["甲区", "乙区"]);
    site.route(LIST, vec![Reply::html(listing("政府信息公开年报", &links))]);
    for (k, (path, _)) in links.iter().enumerate() {
        site.route(
            path,
            vec![Reply::typed(
                "text/plain",
                seed_text(300 + k as u32, "甲区"),
            )],
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dataset");
    // Nothing but a seed and a folder: default rules, default 1 s delay.
    let output = run_bounded(
        gongkai()
            .arg("crawl")
            .arg("--seed")
            .arg(site.url(LIST))
            .arg("--out")
            .arg(&out),
        Duration::from_secs(30),
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("crawl run 1: 4 requests to 1 host in"),
        "{stdout}"
    );
    assert!(stdout.contains("pages: 3 new"), "{stdout}");
    assert!(stdout.contains("2 documents: 2 ok"), "{stdout}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("no --contact given"));
    for gap in gaps(&site) {
        assert!(gap >= Duration::from_secs(1), "{gap:?}");
    }
    assert!(out.join("crawl.sqlite").is_file());

    // A newer parser re-reads the stored pages without fetching.
    let requests = site.log().len();
    let again = dir.path().join("reparsed");
    let output = run_bounded(
        gongkai()
            .args(["--quiet", "extract", "--from-store"])
            .arg(out.join("crawl.sqlite"))
            .arg("--out")
            .arg(&again),
        Duration::from_secs(30),
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(site.log().len(), requests);
    let reports = |dir: &Path| read_parquet(&dir.join("reports.parquet"));
    assert!(reports(&out).equals_missing(&reports(&again)), "reports");
    assert!(
        read_records(&out).equals_missing(&read_records(&again)),
        "records"
    );
}

#[test]
fn cli_exit_codes_and_json_logs() {
    let down = Server::start();
    down.route("/r.htm", vec![Reply::status(503)]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let crawl_args = |extra: &[&str]| {
        let mut c = gongkai();
        c.args([
            "--log-format",
            "json",
            "crawl",
            "--delay",
            "10ms",
            "--attempts",
            "2",
        ])
        .arg("--out")
        .arg(&out)
        .args(extra);
        c
    };
    // 3: the dataset is written, but a page could not be fetched.
    let output = run_bounded(
        &mut crawl_args(&["--report", &down.url("/r.htm")]),
        Duration::from_secs(30),
    );
    assert_eq!(output.status.code(), Some(3));
    assert!(out.join("reports.parquet").is_file());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("crawl incomplete: 1 pages unreachable"),
        "{stderr}"
    );
    let events: Vec<serde_json::Value> = stderr
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let last = events
        .iter()
        .find(|e| e["fields"]["message"] == "crawl finished")
        .unwrap_or_else(|| panic!("{stderr}"));
    assert_eq!(last["fields"]["unreachable"], 1);
    assert_eq!(last["fields"]["requests"], 3);
    assert!(events.iter().any(|e| {
        e["level"] == "WARN"
            && e["fields"]["message"]
                .as_str()
                .unwrap_or("")
                .contains("retrying")
    }));

    // 1: a store another crawl holds, a bad job file, nothing to crawl.
    let store = dir.path().join("held.sqlite");
    let held = gongkai::source::crawl::state::Store::open(&store).unwrap();
    let output = run_bounded(
        &mut crawl_args(&[
            "--report",
            &down.url("/r.htm"),
            "--store",
            store.to_str().unwrap(),
        ]),
        Duration::from_secs(30),
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("in use by another gongkai crawl"));
    drop(held);
    let job = dir.path().join("job.toml");
    std::fs::write(&job, "seeds = \"not a list\"\n").unwrap();
    let output = run_bounded(
        &mut crawl_args(&["--job", job.to_str().unwrap()]),
        Duration::from_secs(30),
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("invalid job file"));
    let output = run_bounded(&mut crawl_args(&[]), Duration::from_secs(30));
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("nothing to crawl"));
    // 2: the command line is wrong.
    let output = run_bounded(
        gongkai().args(["crawl", "--delay"]),
        Duration::from_secs(30),
    );
    assert_eq!(output.status.code(), Some(2));
    let help = run_bounded(gongkai().args(["crawl", "--help"]), Duration::from_secs(30));
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("--seed <URL>") && help.contains("--shard <I/N>"),
        "{help}"
    );
    let help = run_bounded(gongkai().arg("--help"), Duration::from_secs(30));
    assert!(String::from_utf8_lossy(&help.stdout).contains("3  crawl only"));
}

#[test]
fn robots_txt_served_as_octet_stream_is_still_read() {
    let site = Server::start();
    site.route(
        "/robots.txt",
        vec![Reply::typed(
            "application/octet-stream",
            "User-agent: *\nDisallow: /r.htm\n",
        )],
    );
    site.route(
        "/r.htm",
        vec![Reply::typed("text/plain", seed_text(1, "甲区"))],
    );
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), &[], &[site.url("/r.htm")]);
    let summary = crawl_within(&config, Duration::from_secs(20));
    assert_eq!(paths(&site), ["/robots.txt"]);
    assert_eq!(summary.counts.state(State::Disallowed), 1);
}
