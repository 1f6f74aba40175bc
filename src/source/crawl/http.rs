//! One HTTP GET with reqwest's async client (rustls): timeouts, a size cap that
//! counts decompressed bytes as they arrive, conditional requests, and the
//! response headers the crawler needs.
//!
//! Redirects are not followed here: a 3xx comes back as a response, and the
//! crawler queues its target like any other URL, so every hop obeys robots.txt
//! and the per-host delay. The exception is robots.txt itself ([`get_robots`]),
//! whose redirects are followed here, as RFC 9309 asks.
//!
//! This module fetches bytes; it must not decide what a page is or whether to
//! retry (that is the engine's job, from [`FetchError::is_transient`]).

use std::time::{Duration, SystemTime};

use reqwest::header::{self, HeaderMap, HeaderValue};
use thiserror::Error;
use url::Url;

/// Transport settings.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Longest time to connect.
    pub connect_timeout: Duration,
    /// Longest wait for any single read.
    pub read_timeout: Duration,
    /// Longest time for a whole request, body included.
    pub timeout: Duration,
    /// Largest body accepted, counted after decompression.
    pub max_bytes: u64,
    /// Most redirects followed from a link to its page.
    pub max_redirects: u32,
    /// The `User-Agent` header: the tool, its version and whom to contact.
    pub user_agent: String,
}

/// robots.txt is read up to this size (RFC 9309 asks for at least 500 KiB).
pub(crate) const ROBOTS_MAX_BYTES: u64 = 512 * 1024;

/// Why a request got no usable response. The text is the error and its
/// causes on one line.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// The connection, a read or the whole request took too long.
    #[error("timed out ({0})")]
    Timeout(String),
    /// No connection could be made (refused, unknown host, ...).
    #[error("cannot connect: {0}")]
    Connect(String),
    /// Any other transport failure: a reset, a body cut off, robots.txt
    /// redirecting too often.
    #[error("connection failed: {0}")]
    Transport(String),
    /// The body is larger than the limit.
    #[error("body larger than the {limit}-byte limit{}", declared.map(|d| format!(" (declared {d} bytes)")).unwrap_or_default())]
    TooLarge {
        /// The limit, in bytes after decompression.
        limit: u64,
        /// The `Content-Length` when it alone exceeded the limit; `None` when
        /// the bytes were counted as they arrived.
        declared: Option<u64>,
    },
    /// The request or the client could not be built (a bad URL or header).
    #[error("cannot build the request: {0}")]
    Request(String),
}

impl FetchError {
    /// Worth retrying later: timeouts, refused or reset connections, bodies cut
    /// off. A body that is too large stays too large.
    pub(crate) fn is_transient(&self) -> bool {
        matches!(
            self,
            FetchError::Timeout(_) | FetchError::Connect(_) | FetchError::Transport(_)
        )
    }

    fn from_reqwest(e: reqwest::Error) -> FetchError {
        let chain = error_chain(&e);
        if e.is_timeout() {
            FetchError::Timeout(chain)
        } else if e.is_connect() {
            FetchError::Connect(chain)
        } else if e.is_builder() {
            FetchError::Request(chain)
        } else {
            FetchError::Transport(chain)
        }
    }
}

/// An error and its causes on one line (reqwest's own message is vague).
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let next = s.to_string();
        if !text.contains(&next) {
            text.push_str(": ");
            text.push_str(&next);
        }
        source = s.source();
    }
    text
}

/// Validators from the last fetch, sent as `If-None-Match` / `If-Modified-Since`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Validators {
    /// The `ETag` it came with.
    pub(crate) etag: Option<String>,
    /// The `Last-Modified` it came with, as sent.
    pub(crate) last_modified: Option<String>,
}

/// What came back.
#[derive(Debug, Clone, Default)]
pub(crate) struct Response {
    pub(crate) status: u16,
    /// Each header below is `None` when absent, empty or not text.
    pub(crate) content_type: Option<String>,
    pub(crate) etag: Option<String>,
    pub(crate) last_modified: Option<String>,
    /// The `Location` header, as sent (maybe relative).
    pub(crate) location: Option<String>,
    /// `Retry-After` as a wait from now; `None` when absent or unreadable.
    pub(crate) retry_after: Option<Duration>,
    /// Read only for 2xx responses with a readable content type.
    pub(crate) body: Vec<u8>,
}

/// The client all fetches share: no automatic redirects, gzip/deflate/brotli
/// decoded transparently.
pub(crate) fn client(config: &HttpConfig) -> Result<reqwest::Client, FetchError> {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::ACCEPT,
        HeaderValue::from_static("text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"),
    );
    headers.insert(
        header::ACCEPT_LANGUAGE,
        HeaderValue::from_static("zh-CN,zh;q=0.9"),
    );
    reqwest::Client::builder()
        .user_agent(config.user_agent.clone())
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .gzip(true)
        .deflate(true)
        .brotli(true)
        .connect_timeout(config.connect_timeout)
        .read_timeout(config.read_timeout)
        .timeout(config.timeout)
        .pool_max_idle_per_host(2)
        .build()
        .map_err(|e| FetchError::Request(error_chain(&e)))
}

/// Whether a body of this content type is worth reading: HTML or text (or
/// unlabelled). PDFs, images and archives are not.
pub(crate) fn readable_type(content_type: Option<&str>) -> bool {
    let Some(ct) = content_type else { return true };
    let mime = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    mime.is_empty()
        || mime.starts_with("text/")
        || mime == "application/xhtml+xml"
        || mime == "application/xml"
}

/// GET `url`, conditionally when `validators` are given. The whole request,
/// body included, is bounded by `config.timeout`; the body by `config.max_bytes`.
pub(crate) async fn get(
    client: &reqwest::Client,
    config: &HttpConfig,
    url: &Url,
    validators: Option<&Validators>,
) -> Result<Response, FetchError> {
    let request = async {
        let mut req = client.get(url.clone());
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                req = req.header(header::IF_NONE_MATCH, etag);
            }
            if let Some(lm) = &v.last_modified {
                req = req.header(header::IF_MODIFIED_SINCE, lm);
            }
        }
        let response = req.send().await.map_err(FetchError::from_reqwest)?;
        read(response, config.max_bytes, false).await
    };
    deadline(config.timeout, request).await
}

/// GET a host's robots.txt, following up to 5 redirects; the body is cut at
/// [`ROBOTS_MAX_BYTES`].
pub(crate) async fn get_robots(
    client: &reqwest::Client,
    config: &HttpConfig,
    origin: &Url,
) -> Result<Response, FetchError> {
    let request = async {
        let mut url = origin
            .join("/robots.txt")
            .map_err(|e| FetchError::Request(e.to_string()))?;
        for _ in 0..=5 {
            let response = client
                .get(url.clone())
                .send()
                .await
                .map_err(FetchError::from_reqwest)?;
            let response = read(response, ROBOTS_MAX_BYTES, true).await?;
            let next = (300..400)
                .contains(&response.status)
                .then(|| response.location.as_deref().and_then(|l| url.join(l).ok()))
                .flatten()
                .filter(|u| matches!(u.scheme(), "http" | "https"));
            match next {
                Some(next) => url = next,
                None => return Ok(response),
            }
        }
        Err(FetchError::Transport(
            "robots.txt: too many redirects".into(),
        ))
    };
    deadline(config.timeout, request).await
}

/// `work`, or a timeout shortly after `limit`.
async fn deadline<T>(
    limit: Duration,
    work: impl Future<Output = Result<T, FetchError>>,
) -> Result<T, FetchError> {
    // reqwest's own total timeout should fire first; this is the backstop.
    match tokio::time::timeout(limit + Duration::from_millis(250), work).await {
        Ok(result) => result,
        Err(_) => Err(FetchError::Timeout(format!(
            "no complete response within {limit:?}"
        ))),
    }
}

/// Headers, then the body when it is wanted, counting bytes as chunks arrive
/// (a gzip bomb is stopped at `limit`, not after inflating). For robots.txt
/// (`robots`), the body is read whatever its type and cut at `limit`.
async fn read(
    mut response: reqwest::Response,
    limit: u64,
    robots: bool,
) -> Result<Response, FetchError> {
    let headers = response.headers();
    let text = |name: header::HeaderName| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
    };
    let mut out = Response {
        status: response.status().as_u16(),
        content_type: text(header::CONTENT_TYPE),
        etag: text(header::ETAG),
        last_modified: text(header::LAST_MODIFIED),
        location: text(header::LOCATION),
        retry_after: text(header::RETRY_AFTER)
            .and_then(|v| parse_retry_after(&v, SystemTime::now())),
        body: Vec::new(),
    };
    let wanted = robots || readable_type(out.content_type.as_deref());
    if !(200..300).contains(&out.status) || !wanted {
        return Ok(out);
    }
    // Only trustworthy when the body is not compressed; a smaller declared
    // length proves nothing about the decompressed size, so bytes are counted too.
    let declared = response.content_length();
    if let Some(len) = declared.filter(|&len| len > limit && !robots) {
        return Err(FetchError::TooLarge {
            limit,
            declared: Some(len),
        });
    }
    while let Some(chunk) = response.chunk().await.map_err(FetchError::from_reqwest)? {
        let room = limit.saturating_sub(out.body.len() as u64) as usize;
        if chunk.len() > room {
            if robots {
                out.body.extend_from_slice(&chunk[..room]);
                break;
            }
            return Err(FetchError::TooLarge {
                limit,
                declared: None,
            });
        }
        out.body.extend_from_slice(&chunk);
    }
    Ok(out)
}

/// `Retry-After` in either form: delta-seconds (`120`) or an HTTP date
/// (`Wed, 21 Oct 2015 07:28:00 GMT`). A date in the past means now.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let v = value.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        return v.parse::<u64>().ok().map(Duration::from_secs);
    }
    let at = httpdate::parse_http_date(v).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// RFC 3339 in UTC, to the second: `2025-03-10T08:00:00Z`.
pub(crate) fn rfc3339(time: SystemTime) -> String {
    let secs = time
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian
/// (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_both_forms() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
        assert_eq!(parse_retry_after("", now), None);
    }

    #[test]
    fn rfc3339_dates() {
        assert_eq!(rfc3339(SystemTime::UNIX_EPOCH), "1970-01-01T00:00:00Z");
        let t = httpdate::parse_http_date("Sun, 10 Mar 2024 08:09:10 GMT").unwrap();
        assert_eq!(rfc3339(t), "2024-03-10T08:09:10Z");
        let leap = httpdate::parse_http_date("Thu, 29 Feb 2024 23:59:59 GMT").unwrap();
        assert_eq!(rfc3339(leap), "2024-02-29T23:59:59Z");
    }

    #[test]
    fn readable_types() {
        assert!(readable_type(None));
        assert!(readable_type(Some("text/html; charset=GBK")));
        assert!(readable_type(Some("TEXT/PLAIN")));
        assert!(readable_type(Some("application/xhtml+xml")));
        assert!(!readable_type(Some("application/pdf")));
        assert!(!readable_type(Some("image/png")));
    }

    #[test]
    fn transient_errors() {
        assert!(FetchError::Timeout("x".into()).is_transient());
        assert!(FetchError::Transport("reset".into()).is_transient());
        assert!(
            !FetchError::TooLarge {
                limit: 1,
                declared: None
            }
            .is_transient()
        );
    }
}
