//! robots.txt: what a host's answer means for the crawler (RFC 9309 and
//! Google's reading of it), parsed with the `texting_robots` crate.
//!
//! 2xx: the rules (and `Crawl-delay`) for the `gongkai` user agent; 4xx other
//! than 429: no restrictions; 429, 5xx and network errors: the host is
//! unavailable, retry later (and, if it stays so, crawl nothing there).
//!
//! This module interprets rules; it must not fetch or schedule.

use std::time::Duration;

use texting_robots::Robot;

/// The product token matched against `User-agent:` lines.
pub(crate) const AGENT: &str = "gongkai";

/// A host's rules.
#[derive(Debug)]
pub(crate) enum Robots {
    /// No restrictions (no robots.txt, or one that cannot be read).
    AllowAll,
    /// The rules of a robots.txt for our agent.
    Rules(Box<Robot>),
}

/// What a robots.txt response means.
#[derive(Debug)]
pub(crate) enum Verdict {
    /// The rules to crawl by.
    Ready(Robots),
    /// Try again later (429, 5xx).
    Unavailable,
}

impl Robots {
    /// Interpret a robots.txt response.
    pub(crate) fn from_response(status: u16, body: &[u8]) -> Verdict {
        match status {
            200..=299 => Verdict::Ready(Robots::parse(body)),
            429 | 500..=599 => Verdict::Unavailable,
            // 3xx left after following redirects, and every other 4xx.
            _ => Verdict::Ready(Robots::AllowAll),
        }
    }

    /// Rules from a robots.txt body; one the parser rejects restricts nothing.
    pub(crate) fn parse(body: &[u8]) -> Robots {
        match Robot::new(AGENT, body) {
            Ok(robot) => Robots::Rules(Box::new(robot)),
            Err(e) => {
                tracing::warn!("unreadable robots.txt ignored: {e}");
                Robots::AllowAll
            }
        }
    }

    /// Whether the rules let us fetch `url`.
    pub(crate) fn allowed(&self, url: &str) -> bool {
        match self {
            Robots::AllowAll => true,
            Robots::Rules(robot) => robot.allowed(url),
        }
    }

    /// `Crawl-delay`, when the file sets one for us (or for `*`).
    pub(crate) fn crawl_delay(&self) -> Option<Duration> {
        match self {
            Robots::AllowAll => None,
            Robots::Rules(robot) => robot
                .delay
                .filter(|d| d.is_finite() && *d > 0.0)
                .map(|d| Duration::from_secs_f64(f64::from(d).min(86_400.0))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ready(status: u16, body: &str) -> Robots {
        match Robots::from_response(status, body.as_bytes()) {
            Verdict::Ready(r) => r,
            Verdict::Unavailable => panic!("unavailable"),
        }
    }

    #[test]
    fn rules_for_our_agent_or_star() {
        let txt = "User-agent: *\nDisallow: /private/\nCrawl-delay: 0.5\n\nUser-agent: otherbot\nDisallow: /\n";
        let r = ready(200, txt);
        assert!(r.allowed("http://a.gov.cn/zwgk/nb.htm"));
        assert!(!r.allowed("http://a.gov.cn/private/x.htm"));
        assert_eq!(r.crawl_delay(), Some(Duration::from_millis(500)));
        let ours = ready(
            200,
            "User-agent: gongkai\nDisallow: /\n\nUser-agent: *\nAllow: /\n",
        );
        assert!(!ours.allowed("http://a.gov.cn/index.htm"));
        assert!(ours.allowed("http://a.gov.cn/robots.txt"));
    }

    #[test]
    fn status_codes() {
        assert!(ready(404, "").allowed("http://a.gov.cn/x"));
        assert!(ready(403, "").allowed("http://a.gov.cn/x"));
        assert!(matches!(
            Robots::from_response(503, b""),
            Verdict::Unavailable
        ));
        assert!(matches!(
            Robots::from_response(429, b""),
            Verdict::Unavailable
        ));
        // Garbage restricts nothing.
        assert!(ready(200, "\u{0}\u{1}<html>").allowed("http://a.gov.cn/x"));
    }
}
