//! Politeness and patience: how often a host may be asked, how long to wait
//! before a retry, and when a failing host is paused or left alone.
//!
//! Each host (a `host:port` authority) has a [`Gate`]: at most
//! `host_concurrency` requests at once, and at least `delay` (or the
//! robots.txt `Crawl-delay`, whichever is longer) between the end of one
//! request and the start of the next. `Retry-After` holds the whole host.
//! A host whose requests keep failing is paused, for twice as long each time,
//! and given up for the run after `host_pauses` pauses.
//!
//! This module is plain arithmetic on instants; it must not do I/O.

use std::time::{Duration, Instant};

/// Politeness and retry settings.
#[derive(Debug, Clone)]
pub struct Politeness {
    /// Least time between the end of one request and the start of the next to
    /// the same host.
    pub delay: Duration,
    /// Most requests in flight to one host.
    pub host_concurrency: usize,
    /// Most requests in flight overall.
    pub concurrency: usize,
    /// Most attempts per URL and run (the first try included).
    pub attempts: u32,
    /// Wait before the first retry; doubled for each further one.
    pub backoff: Duration,
    /// Longest wait before a retry.
    pub max_backoff: Duration,
    /// A `Retry-After` longer than this makes the crawler leave the host for
    /// this run rather than wait.
    pub max_retry_after: Duration,
    /// Consecutive failed requests that pause a host.
    pub host_failures: u32,
    /// The first pause; doubled for each further one.
    pub host_pause: Duration,
    /// Pauses after which a host is given up for the run.
    pub host_pauses: u32,
}

impl Politeness {
    /// The wait before retrying a URL that has failed `failed` times:
    /// `backoff × 2^(failed-1)`, capped at `max_backoff`, then scaled by a
    /// jitter factor in [0.5, 1) so that many URLs do not retry in step.
    /// `jitter` is a random number in [0, 1).
    pub(crate) fn retry_wait(&self, failed: u32, jitter: f64) -> Duration {
        let exponent = failed.saturating_sub(1).min(30);
        let wait = self
            .backoff
            .saturating_mul(1u32 << exponent)
            .min(self.max_backoff);
        wait.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0))
    }
}

/// What a failed request did to its host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum HostFailure {
    /// Counted; not yet enough in a row to pause the host.
    Counted,
    /// The host is paused for this long.
    Paused(Duration),
    /// The host has been paused too often: leave it for this run.
    GivenUp,
}

/// One host's politeness state.
#[derive(Debug, Clone)]
pub(crate) struct Gate {
    /// Least time between requests: the configured delay or a longer
    /// robots.txt `Crawl-delay`.
    pub(crate) delay: Duration,
    /// The earliest the next request may start, by the delay or `Retry-After`.
    next_at: Instant,
    /// The end of the current pause of a failing host.
    paused_until: Option<Instant>,
    /// Requests to the host in flight.
    pub(crate) in_flight: usize,
    /// Failed requests in a row.
    failures: u32,
    /// Pauses since the last success.
    pauses: u32,
}

impl Gate {
    /// A host seen at `now`, open at once.
    pub(crate) fn new(delay: Duration, now: Instant) -> Gate {
        Gate {
            delay,
            next_at: now,
            paused_until: None,
            in_flight: 0,
            failures: 0,
            pauses: 0,
        }
    }

    /// The earliest a new request may start.
    pub(crate) fn earliest(&self) -> Instant {
        self.paused_until
            .map_or(self.next_at, |p| p.max(self.next_at))
    }

    /// Fewer than `host_concurrency` requests are in flight.
    pub(crate) fn has_room(&self, host_concurrency: usize) -> bool {
        self.in_flight < host_concurrency
    }

    /// A request starts at `now`.
    pub(crate) fn start(&mut self, now: Instant) {
        self.in_flight += 1;
        self.next_at = self.next_at.max(now + self.delay);
    }

    /// A request ends at `now`: the next waits a full delay after it.
    pub(crate) fn finish(&mut self, now: Instant) {
        self.in_flight = self.in_flight.saturating_sub(1);
        self.next_at = self.next_at.max(now + self.delay);
    }

    /// robots.txt asks for a longer delay than ours.
    pub(crate) fn crawl_delay(&mut self, delay: Duration) {
        self.delay = self.delay.max(delay);
    }

    /// The server said when to come back (`Retry-After`).
    pub(crate) fn hold_until(&mut self, at: Instant) {
        self.next_at = self.next_at.max(at);
    }

    /// A request succeeded: the host's failures and pauses are forgiven.
    pub(crate) fn succeeded(&mut self) {
        self.failures = 0;
        self.pauses = 0;
    }

    /// A request failed at `now`: count it; `host_failures` in a row pause
    /// the host (after a pause, one more failure pauses it again), and more
    /// than `host_pauses` pauses give it up.
    pub(crate) fn failed(&mut self, now: Instant, p: &Politeness) -> HostFailure {
        self.failures += 1;
        if self.failures < p.host_failures {
            return HostFailure::Counted;
        }
        self.pauses += 1;
        if self.pauses > p.host_pauses {
            return HostFailure::GivenUp;
        }
        let pause = p
            .host_pause
            .saturating_mul(1u32 << (self.pauses - 1).min(30));
        self.paused_until = Some(now + pause);
        // After a pause one probe decides: if it fails too, pause again.
        self.failures = p.host_failures - 1;
        HostFailure::Paused(pause)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> Politeness {
        Politeness {
            delay: Duration::from_millis(100),
            host_concurrency: 1,
            concurrency: 4,
            attempts: 4,
            backoff: Duration::from_millis(200),
            max_backoff: Duration::from_millis(1000),
            max_retry_after: Duration::from_secs(10),
            host_failures: 3,
            host_pause: Duration::from_secs(1),
            host_pauses: 2,
        }
    }

    #[test]
    fn backoff_doubles_with_jitter_and_a_cap() {
        let p = policy();
        assert!(p.retry_wait(1, 0.999_999) > Duration::from_millis(199));
        assert_eq!(p.retry_wait(1, 0.0), Duration::from_millis(100));
        assert_eq!(p.retry_wait(2, 0.0), Duration::from_millis(200));
        assert_eq!(p.retry_wait(3, 0.0), Duration::from_millis(400));
        assert_eq!(p.retry_wait(9, 0.0), Duration::from_millis(500));
        assert_eq!(p.retry_wait(u32::MAX, 0.0), Duration::from_millis(500));
        for i in 0..100 {
            let w = p.retry_wait(2, f64::from(i) / 100.0);
            assert!(w >= Duration::from_millis(200) && w < Duration::from_millis(400));
        }
    }

    #[test]
    fn delay_counts_from_the_end_of_a_request() {
        let t0 = Instant::now();
        let mut g = Gate::new(Duration::from_millis(100), t0);
        assert_eq!(g.earliest(), t0);
        g.start(t0);
        assert!(!g.has_room(1));
        // A slow response: the next request waits a full delay after it.
        g.finish(t0 + Duration::from_millis(500));
        assert_eq!(g.earliest(), t0 + Duration::from_millis(600));
        g.crawl_delay(Duration::from_secs(2));
        g.crawl_delay(Duration::from_millis(1));
        assert_eq!(g.delay, Duration::from_secs(2));
        g.hold_until(t0 + Duration::from_secs(30));
        assert_eq!(g.earliest(), t0 + Duration::from_secs(30));
    }

    #[test]
    fn failing_host_is_paused_longer_then_given_up() {
        let p = policy();
        let t0 = Instant::now();
        let mut g = Gate::new(p.delay, t0);
        assert_eq!(g.failed(t0, &p), HostFailure::Counted);
        assert_eq!(g.failed(t0, &p), HostFailure::Counted);
        assert_eq!(
            g.failed(t0, &p),
            HostFailure::Paused(Duration::from_secs(1))
        );
        assert_eq!(g.earliest(), t0 + Duration::from_secs(1));
        // The probe after the pause fails: a longer pause at once.
        assert_eq!(
            g.failed(t0, &p),
            HostFailure::Paused(Duration::from_secs(2))
        );
        assert_eq!(g.failed(t0, &p), HostFailure::GivenUp);
        // A success forgives.
        let mut g = Gate::new(p.delay, t0);
        g.failed(t0, &p);
        g.failed(t0, &p);
        g.succeeded();
        assert_eq!(g.failed(t0, &p), HostFailure::Counted);
    }
}
