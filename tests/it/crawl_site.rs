//! A whole site crawled by the real binary: several hosts (ports of
//! 127.0.0.1), each with paginated GBK listings of report pages, robots.txt and
//! ETags. Checked: the crawl is polite (gaps and concurrency measured at the
//! server), a crawl killed with SIGKILL mid-run and started again ends with the
//! same dataset as an uninterrupted one without fetching a completed page twice,
//! and a second run downloads only the pages that changed.
//!
//! `crawl_200_pages_on_5_hosts` is the full-size run (ignored by default):
//! `cargo test --test it -- --ignored crawl_200 --nocapture` prints its figures.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{read_parquet, read_records};
use crate::crawl::{gbk, listing, ms, seed_text, strings};
use crate::http_server::{Reply, Server};

struct Site {
    servers: Vec<Server>,
    seeds: Vec<String>,
    /// Report paths per host.
    reports: Vec<Vec<String>>,
    listings_per_host: usize,
}

const AGENCIES: &[&str] = &[
    "甲区", "乙区", "丙区", "丁区", "戊区", "己区", "庚区", "辛区",
];

fn report_body(host: usize, total: u32) -> Vec<u8> {
    gbk(&seed_text(total, AGENCIES[host % AGENCIES.len()]))
}

fn original_total(host: usize, k: usize) -> u32 {
    (10_000 + host * 1000 + k) as u32
}

/// `hosts` servers, each with `pages` reports listed `per_listing` to a page
/// (`index.htm`, `index_1.htm`, … linked by 下一页), one link into a
/// robots.txt-disallowed folder, and ETags everywhere.
fn build_site(hosts: usize, pages: usize, per_listing: usize) -> Site {
    let mut site = Site {
        servers: Vec::new(),
        seeds: Vec::new(),
        reports: Vec::new(),
        listings_per_host: pages.div_ceil(per_listing),
    };
    for h in 0..hosts {
        let server = Server::start();
        server.route(
            "/robots.txt",
            vec![Reply::typed(
                "text/plain",
                "User-agent: *\nDisallow: /private/\n",
            )],
        );
        let reports: Vec<String> = (0..pages)
            .map(|k| format!("/zfxxgknb/20{:02}01/t{h}_{k}.htm", 10 + k % 15))
            .collect();
        for (k, path) in reports.iter().enumerate() {
            let body = report_body(h, original_total(h, k));
            server.route(
                path,
                vec![Reply::cached(
                    &format!("\"{h}-{k}-v1\""),
                    "text/plain",
                    body,
                )],
            );
        }
        route_listings(&server, h, &reports, per_listing, None);
        site.seeds.push(server.url("/zfxxgknb/index.htm"));
        site.reports.push(reports);
        site.servers.push(server);
    }
    site
}

/// The listing pages of host `h`; each page's ETag is a hash of its bytes, as
/// many servers make them.
fn route_listings(
    server: &Server,
    h: usize,
    reports: &[String],
    per_listing: usize,
    extra: Option<&str>,
) {
    let pages = reports.len().div_ceil(per_listing);
    for p in 0..pages {
        let mut links: Vec<(String, String)> = reports
            .iter()
            .enumerate()
            .skip(p * per_listing)
            .take(per_listing)
            .map(|(k, path)| {
                (
                    path.clone(),
                    format!(
                        "{}{}年度政府信息公开工作年度报告",
                        AGENCIES[h % AGENCIES.len()],
                        2010 + k
                    ),
                )
            })
            .collect();
        if p == 0 {
            links.push((
                "/private/t.htm".into(),
                "内部2015年度政府信息公开工作年度报告".into(),
            ));
            if let Some(extra) = extra {
                links.push((extra.into(), "新增2024年度政府信息公开工作年度报告".into()));
            }
        }
        if p + 1 < pages {
            links.push((format!("index_{}.htm", p + 1), "下一页".into()));
        }
        let name = if p == 0 {
            "index.htm".to_owned()
        } else {
            format!("index_{p}.htm")
        };
        let body = gbk(&listing("政府信息公开年报", &links));
        let etag = {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            body.hash(&mut hasher);
            format!("\"{:x}\"", hasher.finish())
        };
        server.route(
            &format!("/zfxxgknb/{name}"),
            vec![Reply::cached(&etag, "text/html", body)],
        );
    }
}

fn write_job(dir: &Path, seeds: &[String], delay_ms: u64) -> PathBuf {
    let seeds: Vec<String> = seeds.iter().map(|s| format!("\"{s}\"")).collect();
    let job = format!(
        "seeds = [{}]\ncontact = \"mailto:tests@example.org\"\n\
         [politeness]\ndelay = \"{delay_ms}ms\"\nconcurrency = 16\n\
         [retry]\nbackoff = \"50ms\"\nmax_backoff = \"200ms\"\n\
         [http]\ntimeout = \"5s\"\nread_timeout = \"3s\"\nconnect_timeout = \"1s\"\n",
        seeds.join(", ")
    );
    let path = dir.join("job.toml");
    std::fs::write(&path, job).unwrap();
    path
}

fn crawl_command(job: &Path, out: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gongkai"));
    c.arg("crawl").arg("--job").arg(job).arg("--out").arg(out);
    c.stdout(Stdio::piped()).stderr(Stdio::piped());
    c
}

/// Run to the end (at most `limit`); returns stdout.
fn finish(mut child: Child, limit: Duration) -> String {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let out = child.wait_with_output().unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
            assert!(
                status.success(),
                "exit {status}: {stdout}\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            return stdout;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("crawl took longer than {limit:?}");
        }
        std::thread::sleep(ms(10));
    }
}

fn total_requests(site: &Site) -> usize {
    site.servers.iter().map(|s| s.log().len()).sum()
}

/// `(host index, path)` of every request since `marks`.
fn requests_since(site: &Site, marks: &[usize]) -> Vec<(usize, String)> {
    site.servers
        .iter()
        .zip(marks)
        .enumerate()
        .flat_map(|(h, (s, &m))| {
            s.log()[m..]
                .iter()
                .map(|l| (h, l.path.clone()))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn marks(site: &Site) -> Vec<usize> {
    site.servers.iter().map(|s| s.log().len()).collect()
}

/// URLs the store records as done, and hosts whose robots.txt it holds.
fn store_progress(store: &Path) -> (HashSet<String>, usize) {
    let conn = rusqlite::Connection::open(store).unwrap();
    let mut stmt = conn
        .prepare("SELECT url FROM urls WHERE state = 'done'")
        .unwrap();
    let done = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .collect::<Result<HashSet<_>, _>>()
        .unwrap();
    let robots: i64 = conn
        .query_row("SELECT count(*) FROM robots", [], |r| r.get(0))
        .unwrap();
    (done, robots as usize)
}

fn outcomes(store: &Path) -> Vec<(String, i64)> {
    let conn = rusqlite::Connection::open(store).unwrap();
    let mut stmt = conn
        .prepare("SELECT coalesce(outcome, state), count(*) FROM urls GROUP BY 1 ORDER BY 1")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap()
}

fn summary_line(stdout: &str) -> String {
    stdout
        .lines()
        .find(|l| l.starts_with("crawl run"))
        .unwrap_or("")
        .to_owned()
}

fn same_dataset(a: &Path, b: &Path) {
    let reports = |p: &Path| {
        read_parquet(&p.join("reports.parquet"))
            .drop("fetched_at")
            .unwrap()
    };
    assert!(reports(a).equals_missing(&reports(b)), "reports differ");
    let records = |p: &Path| read_records(p);
    assert!(records(a).equals_missing(&records(b)), "records differ");
}

/// The whole scenario; prints its figures.
fn scenario(hosts: usize, pages: usize, per_listing: usize, delay_ms: u64) {
    let site = build_site(hosts, pages, per_listing);
    let dir = tempfile::tempdir().unwrap();
    let job = write_job(dir.path(), &site.seeds, delay_ms);
    let n_reports = hosts * pages;
    let n_pages = n_reports + hosts * site.listings_per_host;
    let limit = Duration::from_secs(120);

    // 1. Uninterrupted.
    let out_a = dir.path().join("a");
    let started = Instant::now();
    let stdout = finish(crawl_command(&job, &out_a).spawn().unwrap(), limit);
    let elapsed = started.elapsed();
    let requests_a = total_requests(&site);
    let reports = read_parquet(&out_a.join("reports.parquet"));
    let status = strings(&reports, "status");
    // Every report, plus one failed row per host for the robots.txt-disallowed link.
    assert_eq!(reports.height(), n_reports + hosts);
    assert_eq!(
        status.iter().filter(|s| s.as_deref() == Some("ok")).count(),
        n_reports
    );
    assert_eq!(
        requests_a,
        n_pages + hosts,
        "one request per page, plus robots.txt per host"
    );
    let delay = ms(delay_ms);
    let first = site.servers.iter().map(|s| s.log()[0].at).min().unwrap();
    let last = site
        .servers
        .iter()
        .map(|s| s.log().last().unwrap().at)
        .max()
        .unwrap();
    let mut min_gap = Duration::MAX;
    for s in &site.servers {
        assert_eq!(s.max_active(), 1);
        assert_eq!(s.hits("/private/t.htm"), 0);
        let log = s.log();
        for w in log.windows(2) {
            min_gap = min_gap.min(w[1].at - w[0].at);
        }
    }
    assert!(min_gap >= delay, "{min_gap:?} < {delay:?}");
    println!(
        "site: {hosts} hosts × {pages} reports + {} listing pages per host",
        site.listings_per_host
    );
    println!("1. uninterrupted crawl: {}", summary_line(&stdout));
    println!(
        "   server saw {requests_a} requests for {n_pages} pages ({hosts} robots.txt); \
         smallest gap between two requests to one host {min_gap:.0?} (delay {delay:?}); \
         at most 1 request at a time per host; requests spanned {:.1?} of the {elapsed:.1?} run",
        last - first
    );

    // 2. Killed with SIGKILL part-way, then started again.
    let out_b = dir.path().join("b");
    let before = marks(&site);
    let mut child = crawl_command(&job, &out_b).spawn().unwrap();
    let target = requests_a * 2 / 5;
    let waited = Instant::now();
    while total_requests(&site) - requests_a < target {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the crawl ended before it could be killed"
        );
        assert!(waited.elapsed() < limit, "the crawl made no progress");
        std::thread::sleep(ms(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let killed_after = total_requests(&site) - requests_a;
    let store_b = out_b.join("crawl.sqlite");
    let (done, robots_stored) = store_progress(&store_b);
    let torn = out_b.join("reports.parquet").exists();
    assert!(!torn, "no dataset is written before the crawl completes");
    let restart = marks(&site);
    let stdout = finish(crawl_command(&job, &out_b).spawn().unwrap(), limit);
    let again = requests_since(&site, &restart);
    let refetched: Vec<&(usize, String)> = again
        .iter()
        .filter(|(h, path)| done.contains(&site.servers[*h].url(path)))
        .collect();
    assert!(
        refetched.is_empty(),
        "completed pages fetched again: {refetched:?}"
    );
    let robots_again = again.iter().filter(|(_, p)| p == "/robots.txt").count();
    assert_eq!(
        robots_again,
        hosts - robots_stored,
        "robots.txt is kept for the run"
    );
    let requests_b = requests_since(&site, &before).len();
    same_dataset(&out_a, &out_b);
    println!(
        "2. killed (SIGKILL) after {killed_after} requests with {} pages complete, then resumed: {}",
        done.len(),
        summary_line(&stdout)
    );
    println!(
        "   {} requests after the restart, none for a completed page; {} in all vs {requests_a} \
         uninterrupted (the difference: pages in flight at the kill); same dataset as the \
         uninterrupted crawl (reports without fetched_at, records)",
        again.len(),
        requests_b
    );

    // 3. A second run after some pages changed and one was added.
    let mut changed = 0;
    for (h, server) in site.servers.iter().enumerate() {
        for (k, path) in site.reports[h].iter().enumerate() {
            if k % 10 == 3 {
                let body = report_body(h, original_total(h, k) + 50_000);
                server.route(
                    path,
                    vec![Reply::cached(
                        &format!("\"{h}-{k}-v2\""),
                        "text/plain",
                        body,
                    )],
                );
                changed += 1;
            }
        }
    }
    let new_report = "/zfxxgknb/202503/new.htm";
    site.servers[0].route(
        new_report,
        vec![Reply::cached(
            "\"new\"",
            "text/plain",
            gbk(&seed_text(4242, "新增区")),
        )],
    );
    route_listings(
        &site.servers[0],
        0,
        &site.reports[0],
        per_listing,
        Some(new_report),
    );
    let before = marks(&site);
    let stdout = finish(crawl_command(&job, &out_a).spawn().unwrap(), limit);
    let requests_c = requests_since(&site, &before).len();
    let counts = outcomes(&out_a.join("crawl.sqlite"));
    let count = |what: &str| {
        counts
            .iter()
            .find(|(k, _)| k == what)
            .map_or(0, |(_, n)| *n)
    };
    assert_eq!(
        count("changed") as usize,
        changed + 1,
        "the changed reports and host 0's first listing page"
    );
    assert_eq!(count("new"), 1);
    assert_eq!(count("not_modified") as usize, n_pages - changed - 1);
    assert_eq!(requests_c, n_pages + 1 + hosts);
    let reports = read_parquet(&out_a.join("reports.parquet"));
    assert_eq!(reports.height(), n_reports + hosts + 1);
    println!(
        "3. second run after {changed} reports changed and 1 was added: {}",
        summary_line(&stdout)
    );
    println!(
        "   {requests_c} requests (robots.txt included); {} answered 200 with a body ({} changed, 1 new), \
         {} answered 304 Not Modified; outcomes {counts:?}",
        changed + 2,
        changed + 1,
        count("not_modified")
    );
}

#[test]
fn small_site_crawls_politely_resumes_after_sigkill_and_updates_incrementally() {
    scenario(3, 12, 5, 40);
}

#[test]
#[ignore = "full-size figures: cargo test --test it -- --ignored crawl_200 --nocapture"]
fn crawl_200_pages_on_5_hosts() {
    scenario(5, 40, 10, 100);
}
