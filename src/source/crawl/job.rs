//! Crawl settings: the defaults, the TOML job file, and the command line,
//! resolved into one [`CrawlConfig`].
//!
//! Precedence, strongest first: command-line flags, the job file, the
//! defaults. Seeds are the exception: seeds from `--seed`, `--seeds FILE` and
//! the job file are all crawled. Durations are written `500ms`, `2s`, `1.5s`
//! or `10m` (a bare number is seconds), so tests can use millisecond delays.
//!
//! This module only reads and checks settings; it must not fetch anything.

use std::path::{Path, PathBuf};
use std::time::Duration;

use regex::Regex;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use thiserror::Error;
use url::Url;

use super::discover::Rules;
use super::http::HttpConfig;
use super::politeness::Politeness;

/// Why the settings of a crawl cannot be used.
#[derive(Debug, Error)]
pub enum JobError {
    /// A job file or seeds file cannot be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file, as given.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A job file is not valid TOML, or has an unknown key.
    #[error("invalid job file {path}: {source}")]
    Syntax {
        /// The job file, as given.
        path: String,
        /// The TOML error (it names the line and the key).
        source: toml::de::Error,
    },
    /// A seed or report URL is not an absolute http(s) URL.
    #[error("{place}: `{url}` is not an http or https URL")]
    BadUrl {
        /// Where it was given: `seed`, `report`, or `FILE:LINE` of a seeds file.
        place: String,
        /// The text given.
        url: String,
    },
    /// A link-following pattern is not a valid regex.
    #[error("invalid {what} pattern `{pattern}`: {source}")]
    BadPattern {
        /// Which rule it belongs to, e.g. `report text`.
        what: &'static str,
        /// The pattern given.
        pattern: String,
        /// The regex error.
        source: Box<regex::Error>,
    },
    /// A duration that [`parse_duration`] cannot read (the text given).
    #[error("invalid duration `{0}` (write e.g. 500ms, 2s, 1.5s or 10m)")]
    BadDuration(String),
    /// A shard that is not `I/N` with `0 <= I < N` (the text given).
    #[error("invalid shard `{0}` (write I/N with 0 <= I < N, e.g. 0/4)")]
    BadShard(String),
    /// A count that must be at least 1 was 0 (the setting's name).
    #[error("{0} must be at least 1")]
    Zero(&'static str),
    /// Neither seeds nor report URLs were given.
    #[error("nothing to crawl: give --seed URL, --seeds FILE or a job file with seeds")]
    NoSeeds,
}

/// Everything a crawl needs, resolved and checked.
#[derive(Debug, Clone)]
pub struct CrawlConfig {
    /// Listing pages to start from (depth 0).
    pub seeds: Vec<Url>,
    /// Report pages to fetch directly (depth 0).
    pub reports: Vec<Url>,
    /// The dataset folder.
    pub out: PathBuf,
    /// The SQLite crawl state (default `OUT/crawl.sqlite`).
    pub store: PathBuf,
    /// The part of the hosts this machine crawls; `None` crawls every host.
    pub shard: Option<Shard>,
    /// How site operators can reach the crawl's operator (`--contact`), when given.
    pub contact: Option<String>,
    /// Which links to follow, and as what.
    pub(crate) rules: Rules,
    /// Timeouts, size limits and the User-Agent of every request.
    pub http: HttpConfig,
    /// Delays, concurrency and retry settings.
    pub politeness: Politeness,
}

/// This machine's part of a crawl split across `count` machines by host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// This machine's shard, from 0 to `count - 1`.
    pub index: u64,
    /// How many shards the hosts are split into (at least 1).
    pub count: u64,
}

impl Shard {
    /// Read `I/N` (spaces allowed around the numbers), with `0 <= I < N`.
    pub fn parse(text: &str) -> Result<Shard, JobError> {
        let bad = || JobError::BadShard(text.to_owned());
        let (i, n) = text.trim().split_once('/').ok_or_else(bad)?;
        let index: u64 = i.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// Whether `host` (a `host:port` key) belongs to this shard: the first 8
    /// bytes of the SHA-256 of the key, modulo the shard count. Stable across
    /// machines, runs and versions.
    pub fn owns(&self, host: &str) -> bool {
        shard_of(host, self.count) == self.index
    }
}

/// The shard (of `count`) a `host:port` key falls in; see [`Shard::owns`].
pub fn shard_of(host: &str, count: u64) -> u64 {
    let digest = Sha256::digest(host.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first) % count.max(1)
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// The job file, and the command line in the same shape. Every field is
/// optional; [`resolve`] fills in the defaults.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct JobFile {
    /// Listing pages to start from (`--seed`), as written.
    pub seeds: Vec<String>,
    /// A file of seed URLs, one per line (`#` starts a comment). Relative to
    /// the job file.
    pub seeds_file: Option<PathBuf>,
    /// Further seed files (from the command line).
    #[serde(skip)]
    pub seeds_files: Vec<PathBuf>,
    /// Report pages to fetch directly (`--report`), as written.
    pub reports: Vec<String>,
    /// The dataset folder (default `output`). Relative to the job file.
    pub out: Option<PathBuf>,
    /// The SQLite crawl state (default `OUT/crawl.sqlite`). Relative to the
    /// job file.
    pub store: Option<PathBuf>,
    /// This machine's shard, written `I/N` (see [`Shard::parse`]).
    pub shard: Option<String>,
    /// How site operators can reach whoever runs the crawl (URL or e-mail);
    /// goes into the User-Agent.
    pub contact: Option<String>,
    /// `[follow]`: which links to follow.
    pub follow: FollowSection,
    /// `[http]`: timeouts and limits of a request.
    pub http: HttpSection,
    /// `[politeness]`: delays and concurrency.
    pub politeness: PolitenessSection,
    /// `[retry]`: retries and host pauses.
    pub retry: RetrySection,
}

/// `[follow]` of a job file: link-following rules. Pattern lists replace the
/// defaults when given.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FollowSection {
    /// Link text (or title) patterns of report pages.
    pub report_text: Option<Vec<String>>,
    /// URL patterns of report pages.
    pub report_url: Option<Vec<String>>,
    /// Link text patterns of listing pages (one level deeper).
    pub listing_text: Option<Vec<String>>,
    /// URL patterns of listing pages (one level deeper).
    pub listing_url: Option<Vec<String>>,
    /// Link text patterns of the next pages of a listing (same level).
    pub page_text: Option<Vec<String>>,
    /// Deepest level of links followed, a seed being 0 (default 3).
    pub max_depth: Option<u32>,
    /// Follow links to the page's own `host:port` only (default true).
    pub same_host: Option<bool>,
    /// Most URLs recorded per host (default 10000).
    pub max_pages_per_host: Option<u64>,
}

/// `[http]` of a job file. Durations are written as [`parse_duration`] reads them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HttpSection {
    /// Longest time to connect (default 10s).
    pub connect_timeout: Option<String>,
    /// Longest wait for any single read (default 30s).
    pub read_timeout: Option<String>,
    /// Longest time for a whole request, body included (default 120s).
    pub timeout: Option<String>,
    /// Largest page accepted, in bytes after decompression (default 64 MiB).
    pub max_bytes: Option<u64>,
    /// Most redirects from a link to its page (default 5).
    pub max_redirects: Option<u32>,
}

/// `[politeness]` of a job file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PolitenessSection {
    /// Least time between requests to one host (default 1s); a longer
    /// robots.txt `Crawl-delay` wins.
    pub delay: Option<String>,
    /// Most requests in flight to one host (default 1).
    pub host_concurrency: Option<usize>,
    /// Most requests in flight overall (default 16).
    pub concurrency: Option<usize>,
}

/// `[retry]` of a job file: patience with failing pages and hosts.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RetrySection {
    /// Most attempts per page and run, the first included (default 4).
    pub attempts: Option<u32>,
    /// Wait before the first retry, doubled for each further one (default 1s).
    pub backoff: Option<String>,
    /// Longest wait between retries (default 60s).
    pub max_backoff: Option<String>,
    /// A longer `Retry-After` gives the host up for the run (default 600s).
    pub max_retry_after: Option<String>,
    /// Consecutive failures that pause a host (default 5).
    pub host_failures: Option<u32>,
    /// The first pause of a failing host, doubled each time (default 60s).
    pub host_pause: Option<String>,
    /// Pauses after which a host is given up for the run (default 3).
    pub host_pauses: Option<u32>,
}

impl JobFile {
    /// Read a job file; its relative paths become relative to its folder.
    fn load(path: &Path) -> Result<JobFile, JobError> {
        let text = std::fs::read_to_string(path).map_err(|source| JobError::Read {
            path: path.display().to_string(),
            source,
        })?;
        let mut job: JobFile = toml::from_str(&text).map_err(|source| JobError::Syntax {
            path: path.display().to_string(),
            source,
        })?;
        // Paths in a job file are relative to the job file.
        let base = path.parent().unwrap_or(Path::new(""));
        for p in [&mut job.seeds_file, &mut job.out, &mut job.store]
            .into_iter()
            .flatten()
        {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        }
        Ok(job)
    }

    /// `self` with every field `over` sets replaced; seeds and reports are
    /// added up.
    fn overridden_by(mut self, over: JobFile) -> JobFile {
        macro_rules! take {
            ($section:ident : $($f:ident),+) => {
                $( if over.$section.$f.is_some() { self.$section.$f = over.$section.$f; } )+
            };
            ($($f:ident),+) => {
                $( if over.$f.is_some() { self.$f = over.$f; } )+
            };
        }
        self.seeds.extend(over.seeds);
        self.reports.extend(over.reports);
        self.seeds_files.extend(over.seeds_file);
        self.seeds_files.extend(over.seeds_files);
        take!(follow: report_text, report_url, listing_text, listing_url, page_text, max_depth, same_host, max_pages_per_host);
        take!(http: connect_timeout, read_timeout, timeout, max_bytes, max_redirects);
        take!(politeness: delay, host_concurrency, concurrency);
        take!(retry: attempts, backoff, max_backoff, max_retry_after, host_failures, host_pause, host_pauses);
        take!(out, store, shard, contact);
        self
    }
}

/// Defaults, then the job file (if any), then the command line.
pub fn resolve(job_file: Option<&Path>, cli: JobFile) -> Result<CrawlConfig, JobError> {
    let job = match job_file {
        Some(path) => JobFile::load(path)?.overridden_by(cli),
        None => JobFile::default().overridden_by(cli),
    };
    build(job)
}

fn build(job: JobFile) -> Result<CrawlConfig, JobError> {
    let mut seed_texts: Vec<(String, String)> = job
        .seeds
        .iter()
        .map(|s| ("seed".to_owned(), s.clone()))
        .collect();
    for path in job.seeds_file.iter().chain(&job.seeds_files) {
        seed_texts.extend(read_seeds_file(path)?);
    }
    let seeds = seed_texts
        .iter()
        .map(|(place, u)| parse_url(place, u))
        .collect::<Result<Vec<_>, _>>()?;
    let reports = job
        .reports
        .iter()
        .map(|u| parse_url("report", u))
        .collect::<Result<Vec<_>, _>>()?;
    if seeds.is_empty() && reports.is_empty() {
        return Err(JobError::NoSeeds);
    }
    let out = job.out.clone().unwrap_or_else(|| PathBuf::from("output"));
    let store = job
        .store
        .clone()
        .unwrap_or_else(|| out.join("crawl.sqlite"));
    let shard = job.shard.as_deref().map(Shard::parse).transpose()?;
    Ok(CrawlConfig {
        seeds,
        reports,
        out,
        store,
        shard,
        contact: contact(job.contact.as_deref()).map(str::to_owned),
        rules: rules(&job.follow)?,
        http: http(&job)?,
        politeness: politeness(&job)?,
    })
}

fn read_seeds_file(path: &Path) -> Result<Vec<(String, String)>, JobError> {
    let text = std::fs::read_to_string(path).map_err(|source| JobError::Read {
        path: path.display().to_string(),
        source,
    })?;
    Ok(text
        .lines()
        .enumerate()
        .map(|(i, line)| (i, line.split('#').next().unwrap_or("").trim()))
        .filter(|(_, line)| !line.is_empty())
        .map(|(i, line)| (format!("{}:{}", path.display(), i + 1), line.to_owned()))
        .collect())
}

fn parse_url(place: &str, text: &str) -> Result<Url, JobError> {
    let bad = || JobError::BadUrl {
        place: place.to_owned(),
        url: text.to_owned(),
    };
    let mut url = Url::parse(text.trim()).map_err(|_| bad())?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(bad());
    }
    url.set_fragment(None);
    Ok(url)
}

/// Link text of report pages: a year, then 年度报告 or 年报 (or 信息公开…报告).
const DEFAULT_REPORT_TEXT: &[&str] = &[
    r"(?:19|20)\d{2}\s*年.{0,60}?(?:年度报告|年报)",
    r"[〇○零一二三四五六七八九]{4}\s*年.{0,60}?(?:年度报告|年报)",
    r"(?:19|20)\d{2}\s*年.{0,40}?信息公开.{0,20}?报告",
];
/// Link text of listing pages (a column of reports, without a year).
const DEFAULT_LISTING_TEXT: &[&str] = &[r"信息公开.{0,10}?(?:年度报告|年报)"];
/// Link text of a listing's next pages.
const DEFAULT_PAGE_TEXT: &[&str] = &[
    r"^(?:下一?页|后一?页|尾页|末页|\d{1,4})\s*[>»›]*$",
    r"^[>»›]{1,2}$",
];

fn rules(f: &FollowSection) -> Result<Rules, JobError> {
    let patterns = |what: &'static str, given: &Option<Vec<String>>, default: &[&str]| {
        let list: Vec<String> = match given {
            Some(v) => v.clone(),
            None => default.iter().map(|s| s.to_string()).collect(),
        };
        list.iter()
            .map(|p| {
                Regex::new(p).map_err(|source| JobError::BadPattern {
                    what,
                    pattern: p.clone(),
                    source: Box::new(source),
                })
            })
            .collect::<Result<Vec<_>, _>>()
    };
    Ok(Rules {
        report_text: patterns("report text", &f.report_text, DEFAULT_REPORT_TEXT)?,
        report_url: patterns("report URL", &f.report_url, &[])?,
        listing_text: patterns("listing text", &f.listing_text, DEFAULT_LISTING_TEXT)?,
        listing_url: patterns("listing URL", &f.listing_url, &[])?,
        page_text: patterns("page text", &f.page_text, DEFAULT_PAGE_TEXT)?,
        max_depth: f.max_depth.unwrap_or(3),
        same_host: f.same_host.unwrap_or(true),
        max_pages_per_host: f.max_pages_per_host.unwrap_or(10_000),
    })
}

fn duration(given: &Option<String>, default: Duration) -> Result<Duration, JobError> {
    given.as_deref().map_or(Ok(default), parse_duration)
}

fn http(job: &JobFile) -> Result<HttpConfig, JobError> {
    let h = &job.http;
    let max_redirects = h.max_redirects.unwrap_or(5);
    Ok(HttpConfig {
        connect_timeout: duration(&h.connect_timeout, Duration::from_secs(10))?,
        read_timeout: duration(&h.read_timeout, Duration::from_secs(30))?,
        timeout: duration(&h.timeout, Duration::from_secs(120))?,
        max_bytes: h.max_bytes.unwrap_or(crate::source::files::MAX_BYTES),
        max_redirects,
        user_agent: user_agent(job.contact.as_deref()),
    })
}

/// The contact as given, trimmed; `None` when absent or empty.
fn contact(given: Option<&str>) -> Option<&str> {
    given.map(str::trim).filter(|c| !c.is_empty())
}

/// `gongkai/VERSION (+CONTACT)`: the tool and whom to write to.
fn user_agent(given: Option<&str>) -> String {
    let contact = contact(given).unwrap_or("no contact given; see --contact");
    format!(
        "gongkai/{} (government report research crawler; +{contact})",
        env!("CARGO_PKG_VERSION")
    )
}

fn politeness(job: &JobFile) -> Result<Politeness, JobError> {
    let p = &job.politeness;
    let r = &job.retry;
    let at_least_1 = |v: usize, what| {
        if v == 0 {
            Err(JobError::Zero(what))
        } else {
            Ok(v)
        }
    };
    Ok(Politeness {
        delay: duration(&p.delay, Duration::from_secs(1))?,
        host_concurrency: at_least_1(p.host_concurrency.unwrap_or(1), "host concurrency")?,
        concurrency: at_least_1(p.concurrency.unwrap_or(16), "concurrency")?,
        attempts: at_least_1(r.attempts.unwrap_or(4) as usize, "attempts")? as u32,
        backoff: duration(&r.backoff, Duration::from_secs(1))?,
        max_backoff: duration(&r.max_backoff, Duration::from_secs(60))?,
        max_retry_after: duration(&r.max_retry_after, Duration::from_secs(600))?,
        host_failures: at_least_1(r.host_failures.unwrap_or(5) as usize, "host failures")? as u32,
        host_pause: duration(&r.host_pause, Duration::from_secs(60))?,
        host_pauses: r.host_pauses.unwrap_or(3),
    })
}

/// `500ms`, `2s`, `1.5s`, `10m`, `1h`; a bare number is seconds.
pub fn parse_duration(text: &str) -> Result<Duration, JobError> {
    let t = text.trim();
    let bad = || JobError::BadDuration(text.to_owned());
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let n: f64 = number.parse().map_err(|_| bad())?;
    let seconds = match unit.trim() {
        "ms" => n / 1000.0,
        "" | "s" => n,
        "m" | "min" => n * 60.0,
        "h" => n * 3600.0,
        _ => return Err(bad()),
    };
    Duration::try_from_secs_f64(seconds).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_duration("2").unwrap(), Duration::from_secs(2));
        assert_eq!(parse_duration("1.5s").unwrap(), Duration::from_millis(1500));
        assert_eq!(parse_duration(" 10m ").unwrap(), Duration::from_secs(600));
        for bad in ["", "ms", "5 parsecs", "-1s", "1e400s"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn shards_split_hosts_stably() {
        let s = Shard::parse("1/3").unwrap();
        assert_eq!((s.index, s.count), (1, 3));
        for bad in ["3/3", "1", "a/b", "0/0", "-1/2"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
        // The same host always lands in the same shard, and exactly one shard owns it.
        let hosts: Vec<String> = (0..50).map(|i| format!("www.site{i}.gov.cn:443")).collect();
        for h in &hosts {
            let owners = (0..3)
                .filter(|&i| Shard { index: i, count: 3 }.owns(h))
                .count();
            assert_eq!(owners, 1);
        }
        // Fixed value: the hash must never change between versions.
        assert_eq!(
            shard_of("www.pingtan.gov.cn:443", 1000),
            shard_of("www.pingtan.gov.cn:443", 1000)
        );
        let spread: std::collections::HashSet<u64> = hosts.iter().map(|h| shard_of(h, 3)).collect();
        assert_eq!(spread.len(), 3);
    }

    #[test]
    fn job_file_then_command_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("seeds.txt"),
            "# listing pages\nhttps://a.gov.cn/zfxxgknb/\n\nhttps://b.gov.cn/nb/  # second\n",
        )
        .unwrap();
        let job = dir.path().join("job.toml");
        std::fs::write(
            &job,
            r#"
seeds = ["https://c.gov.cn/"]
seeds_file = "seeds.txt"
out = "data"
contact = "mailto:crawl@example.org"
[follow]
max_depth = 2
report_text = ["年报"]
[politeness]
delay = "250ms"
[retry]
attempts = 2
"#,
        )
        .unwrap();
        std::fs::write(dir.path().join("more.txt"), "https://e.gov.cn/nb/\n").unwrap();
        let cli = JobFile {
            seeds: vec!["http://d.gov.cn/x".into()],
            seeds_files: vec![dir.path().join("more.txt")],
            politeness: PolitenessSection {
                delay: Some("2s".into()),
                ..Default::default()
            },
            ..Default::default()
        };
        let config = resolve(Some(&job), cli).unwrap();
        let seeds: Vec<&str> = config.seeds.iter().map(|u| u.as_str()).collect();
        assert_eq!(
            seeds,
            [
                "https://c.gov.cn/",
                "http://d.gov.cn/x",
                "https://a.gov.cn/zfxxgknb/",
                "https://b.gov.cn/nb/",
                "https://e.gov.cn/nb/"
            ]
        );
        assert_eq!(config.out, dir.path().join("data"));
        assert_eq!(config.store, dir.path().join("data/crawl.sqlite"));
        assert_eq!(config.rules.max_depth, 2);
        assert_eq!(config.rules.report_text.len(), 1);
        assert_eq!(config.politeness.delay, Duration::from_secs(2));
        assert_eq!(config.politeness.attempts, 2);
        assert!(config.http.user_agent.starts_with("gongkai/"));
        assert!(config.http.user_agent.contains("mailto:crawl@example.org"));
    }

    #[test]
    fn job_file_errors_are_clear() {
        let dir = tempfile::tempdir().unwrap();
        let job = dir.path().join("job.toml");
        std::fs::write(&job, "seedz = []").unwrap();
        let e = resolve(Some(&job), JobFile::default()).unwrap_err();
        assert!(e.to_string().contains("seedz"), "{e}");
        assert!(matches!(
            resolve(None, JobFile::default()),
            Err(JobError::NoSeeds)
        ));
        let ftp = JobFile {
            seeds: vec!["ftp://x.gov.cn/".into()],
            ..Default::default()
        };
        assert!(matches!(resolve(None, ftp), Err(JobError::BadUrl { .. })));
    }

    #[test]
    fn default_rules_tell_reports_from_listings() {
        let r = rules(&FollowSection::default()).unwrap();
        let any = |res: &[Regex], t: &str| res.iter().any(|re| re.is_match(t));
        for report in [
            "平潭综合实验区2018年度政府信息公开工作年度报告",
            "平潭县人民政府2011年政府信息公开工作年度报告",
            "XX局2013年信息公开年度报告",
            "2019年政府信息公开年报",
            "二〇一八年政府信息公开工作年度报告",
        ] {
            assert!(any(&r.report_text, report), "{report}");
        }
        for not_report in [
            "政府信息公开年报",
            "政府工作报告",
            "2018年政府工作报告",
            "首页",
        ] {
            assert!(!any(&r.report_text, not_report), "{not_report}");
        }
        assert!(any(&r.listing_text, "政府信息公开年报"));
        for page in ["下一页", "下页", "尾页", "2", "下一页>", ">>"] {
            assert!(any(&r.page_text, page), "{page}");
        }
        assert!(!any(&r.page_text, "2018年"));
    }
}
