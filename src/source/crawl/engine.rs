//! The crawl loop: one thread owns the store and the per-host state and
//! decides what to fetch next; fetches run on a small tokio runtime and report
//! back over a channel.
//!
//! Each host has a queue (fresh URLs in discovery order, then retries by due
//! time), a politeness [`Gate`] and its robots.txt. A host is *due* at the
//! earliest instant its gate and its first queued URL allow; the loop starts
//! every due host's next request while fewer than `concurrency` are in flight,
//! then sleeps until a fetch reports or the next host is due. robots.txt is
//! fetched (or read from this run's store) before a host's first page.
//!
//! Every outcome is written to the store before anything else happens, so the
//! loop can be killed at any point. This module decides and schedules; it must
//! not parse pages beyond asking [`discover`] for their links.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use url::Url;

use super::discover::{self, Found, document_extension};
use super::http::{self, FetchError, Response, readable_type};
use super::job::CrawlConfig;
use super::politeness::{Gate, HostFailure};
use super::robots::{Robots, Verdict};
use super::state::{Completion, State, Store, UrlRow};
use super::{CrawlError, host_key};

struct Task {
    id: i64,
    url: Url,
    /// 0 for a seed.
    depth: u32,
    attempts: u32,
}

enum RobotsState {
    Unknown,
    Fetching,
    Ready(Robots),
}

struct Host {
    key: String,
    /// `scheme://authority/` of the first URL seen, for robots.txt.
    origin: Url,
    gate: Gate,
    /// Fresh URLs keyed (crawl start, sequence); retries (due time, sequence).
    queue: BTreeMap<(Instant, u64), Task>,
    robots: RobotsState,
    robots_failures: u32,
    given_up: Option<String>,
    /// URLs of this host in the store (for the per-host limit).
    known: u64,
    due: Option<Instant>,
}

enum Event {
    Page {
        host: usize,
        task: Task,
        result: Result<Response, FetchError>,
    },
    Robots {
        host: usize,
        result: Result<Response, FetchError>,
    },
}

struct Engine<'a> {
    config: &'a CrawlConfig,
    store: Store,
    client: reqwest::Client,
    runtime: tokio::runtime::Runtime,
    tx: Sender<Event>,
    rx: Receiver<Event>,
    hosts: Vec<Host>,
    by_key: HashMap<String, usize>,
    sizes: HashMap<String, u64>,
    due: BTreeSet<(Instant, usize)>,
    in_flight: usize,
    seq: u64,
    started: Instant,
    bar: ProgressBar,
    drawn: Instant,
    done: u64,
    errors: u64,
}

/// Crawl until the frontier is empty (some hosts may have been given up),
/// writing every outcome to `store`. Interrupting the process (Ctrl-C, a
/// kill) at any point is safe: the next start resumes.
pub fn run(config: &CrawlConfig, store: Store, progress: bool) -> Result<(), CrawlError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(CrawlError::Runtime)?;
    let client = http::client(&config.http).map_err(CrawlError::Client)?;
    let (tx, rx) = channel();
    let sizes = store.host_sizes()?.into_iter().collect();
    let mut engine = Engine {
        config,
        store,
        client,
        runtime,
        tx,
        rx,
        hosts: Vec::new(),
        by_key: HashMap::new(),
        sizes,
        due: BTreeSet::new(),
        in_flight: 0,
        seq: 0,
        started: Instant::now(),
        bar: progress_bar(progress),
        drawn: Instant::now(),
        done: 0,
        errors: 0,
    };
    let ending = engine.run();
    engine.bar.finish_and_clear();
    engine.runtime.shutdown_background();
    ending
}

fn progress_bar(enabled: bool) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} crawl {pos}/{len} pages · {msg} · {per_sec} · {elapsed}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    // Redrawn while the crawl waits out politeness delays.
    bar.enable_steady_tick(Duration::from_millis(250));
    bar
}

impl Engine<'_> {
    fn run(&mut self) -> Result<(), CrawlError> {
        for row in self.store.pending()? {
            self.enqueue(row);
        }
        loop {
            self.launch()?;
            self.update_bar();
            if self.in_flight == 0 && self.due.is_empty() {
                return Ok(());
            }
            let next_due = self
                .due
                .first()
                .map(|(at, _)| *at)
                .filter(|_| self.in_flight < self.config.politeness.concurrency);
            // The engine holds a sender, so the channel never disconnects.
            let event = match next_due {
                Some(at) => match self
                    .rx
                    .recv_timeout(at.saturating_duration_since(Instant::now()))
                {
                    Ok(event) => event,
                    Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => continue,
                },
                None => match self.rx.recv() {
                    Ok(event) => event,
                    Err(_) => return Ok(()),
                },
            };
            match event {
                Event::Page { host, task, result } => self.on_page(host, task, result)?,
                Event::Robots { host, result } => self.on_robots(host, result)?,
            }
        }
    }

    fn update_bar(&mut self) {
        // Summing the queues costs a pass over the hosts: ten times a second is plenty.
        if self.bar.is_hidden() || self.drawn.elapsed() < Duration::from_millis(100) {
            return;
        }
        self.drawn = Instant::now();
        let queued: usize = self
            .hosts
            .iter()
            .filter(|h| h.given_up.is_none())
            .map(|h| h.queue.len())
            .sum();
        self.bar
            .set_length(self.done + queued as u64 + self.in_flight as u64);
        self.bar.set_position(self.done);
        self.bar.set_message(format!(
            "queue {queued} · {} in flight · errors {} · hosts {}",
            self.in_flight,
            self.errors,
            self.hosts.len()
        ));
    }

    // ---- the frontier -------------------------------------------------

    fn host_for(&mut self, url: &Url) -> usize {
        let key = host_key(url);
        if let Some(&i) = self.by_key.get(&key) {
            return i;
        }
        let mut origin = url.clone();
        origin.set_path("/");
        origin.set_query(None);
        origin.set_fragment(None);
        let known = self.sizes.get(&key).copied().unwrap_or(0);
        self.hosts.push(Host {
            key: key.clone(),
            origin,
            gate: Gate::new(self.config.politeness.delay, Instant::now()),
            queue: BTreeMap::new(),
            robots: RobotsState::Unknown,
            robots_failures: 0,
            given_up: None,
            known,
            due: None,
        });
        self.by_key.insert(key, self.hosts.len() - 1);
        self.hosts.len() - 1
    }

    fn enqueue(&mut self, row: UrlRow) {
        let Ok(url) = Url::parse(&row.url) else {
            tracing::warn!(url = %row.url, "unparsable URL in the store ignored");
            return;
        };
        // Redirect targets (with an origin) are followed into any shard.
        if let Some(shard) = &self.config.shard
            && row.origin.is_none()
            && !shard.owns(&row.host)
        {
            return;
        }
        let h = self.host_for(&url);
        self.seq += 1;
        let task = Task {
            id: row.id,
            url,
            depth: row.depth,
            attempts: row.attempts,
        };
        self.hosts[h].queue.insert((self.started, self.seq), task);
        self.reschedule(h);
    }

    /// Links worth recording: in this shard and under the per-host limit.
    fn admit(&mut self, links: Vec<Found>) -> Vec<Found> {
        let max = self.config.rules.max_pages_per_host;
        let mut kept = Vec::with_capacity(links.len());
        for link in links {
            let key = host_key(&link.url);
            if let Some(shard) = &self.config.shard
                && !shard.owns(&key)
            {
                continue;
            }
            let h = self.host_for(&link.url);
            if self.hosts[h].known >= max {
                tracing::warn!(host = %key, "more than {max} URLs on this host: further links ignored");
                continue;
            }
            kept.push(link);
        }
        kept
    }

    /// Recompute when host `h` is next due.
    fn reschedule(&mut self, h: usize) {
        let host = &mut self.hosts[h];
        if let Some(at) = host.due.take() {
            self.due.remove(&(at, h));
        }
        let blocked = host.given_up.is_some()
            || matches!(host.robots, RobotsState::Fetching)
            || !host.gate.has_room(self.config.politeness.host_concurrency);
        let Some(((first, _), _)) = host.queue.first_key_value() else {
            return;
        };
        if blocked {
            return;
        }
        let at = host.gate.earliest().max(*first);
        host.due = Some(at);
        self.due.insert((at, h));
    }

    // ---- starting requests --------------------------------------------

    fn launch(&mut self) -> Result<(), CrawlError> {
        let now = Instant::now();
        while self.in_flight < self.config.politeness.concurrency {
            let Some(&(at, h)) = self.due.first() else {
                break;
            };
            if at > now {
                break;
            }
            self.due.remove(&(at, h));
            self.hosts[h].due = None;
            self.start_next(h, now)?;
            self.reschedule(h);
        }
        Ok(())
    }

    fn start_next(&mut self, h: usize, now: Instant) -> Result<(), CrawlError> {
        if matches!(self.hosts[h].robots, RobotsState::Unknown) {
            match self.store.robots(&self.hosts[h].key)? {
                Some((status, body)) => self.robots_ready(h, status, &body)?,
                None => {
                    self.start_robots(h, now);
                    return Ok(());
                }
            }
            if self.hosts[h].given_up.is_some() {
                return Ok(());
            }
        }
        while let Some(entry) = self.hosts[h].queue.first_entry() {
            if entry.key().0 > now {
                break;
            }
            let task = entry.remove();
            if let Some(ext) = document_extension(&task.url) {
                let why =
                    format!("a .{ext} document (only HTML and text pages are read; not fetched)");
                self.end_without_request(&task, State::Skipped, why)?;
                continue;
            }
            let allowed = match &self.hosts[h].robots {
                RobotsState::Ready(robots) => robots.allowed(task.url.as_str()),
                _ => true,
            };
            if !allowed {
                self.end_without_request(
                    &task,
                    State::Disallowed,
                    "disallowed by robots.txt".into(),
                )?;
                continue;
            }
            let validators = self.store.validators(task.id)?;
            self.hosts[h].gate.start(now);
            self.in_flight += 1;
            let (client, config, tx) = (
                self.client.clone(),
                self.config.http.clone(),
                self.tx.clone(),
            );
            self.runtime.spawn(async move {
                let result = http::get(&client, &config, &task.url, validators.as_ref()).await;
                let _ = tx.send(Event::Page {
                    host: h,
                    task,
                    result,
                });
            });
            break;
        }
        Ok(())
    }

    fn start_robots(&mut self, h: usize, now: Instant) {
        let host = &mut self.hosts[h];
        host.robots = RobotsState::Fetching;
        host.gate.start(now);
        self.in_flight += 1;
        let (client, config, tx) = (
            self.client.clone(),
            self.config.http.clone(),
            self.tx.clone(),
        );
        let origin = host.origin.clone();
        self.runtime.spawn(async move {
            let result = http::get_robots(&client, &config, &origin).await;
            let _ = tx.send(Event::Robots { host: h, result });
        });
    }

    fn end_without_request(
        &mut self,
        task: &Task,
        state: State,
        error: String,
    ) -> Result<(), CrawlError> {
        tracing::info!(url = %task.url, state = state.as_str(), "{error}");
        let completion = Completion::Ended {
            state,
            status: None,
            error,
        };
        self.store.complete(task.id, &completion, &[], 0)?;
        self.done += 1;
        Ok(())
    }

    // ---- robots.txt -----------------------------------------------------

    fn on_robots(
        &mut self,
        h: usize,
        result: Result<Response, FetchError>,
    ) -> Result<(), CrawlError> {
        let now = Instant::now();
        self.in_flight -= 1;
        let failure = match result {
            Ok(response) => match Robots::from_response(response.status, &response.body) {
                Verdict::Ready(_) => {
                    let key = self.hosts[h].key.clone();
                    self.store
                        .robots_fetched(&key, Some((response.status, &response.body)))?;
                    self.hosts[h].gate.succeeded();
                    self.robots_ready(h, response.status, &response.body)?;
                    None
                }
                Verdict::Unavailable => Some((
                    format!("robots.txt answered HTTP {}", response.status),
                    response.retry_after,
                )),
            },
            Err(e) => Some((format!("robots.txt: {e}"), None)),
        };
        if let Some((error, retry_after)) = failure {
            let key = self.hosts[h].key.clone();
            self.store.robots_fetched(&key, None)?;
            self.robots_failed(h, now, error, retry_after)?;
        }
        // After robots_ready: a Crawl-delay already spaces the next request.
        self.hosts[h].gate.finish(now);
        self.reschedule(h);
        Ok(())
    }

    fn robots_ready(&mut self, h: usize, status: u16, body: &[u8]) -> Result<(), CrawlError> {
        let robots = match Robots::from_response(status, body) {
            Verdict::Ready(robots) => robots,
            Verdict::Unavailable => Robots::AllowAll,
        };
        let delay = robots.crawl_delay();
        let host = &mut self.hosts[h];
        host.robots = RobotsState::Ready(robots);
        let Some(delay) = delay else { return Ok(()) };
        tracing::info!(host = %host.key, "robots.txt Crawl-delay: {delay:?}");
        host.gate.crawl_delay(delay);
        let longest = self.config.politeness.max_retry_after;
        if delay > longest {
            // Obeyed by not crawling the host at all rather than for days.
            self.give_up(
                h,
                format!("robots.txt asks for a Crawl-delay of {delay:?}, longer than {longest:?}"),
            )?;
        }
        Ok(())
    }

    /// RFC 9309: while robots.txt is unavailable, crawl nothing on the host.
    fn robots_failed(
        &mut self,
        h: usize,
        now: Instant,
        error: String,
        retry_after: Option<Duration>,
    ) -> Result<(), CrawlError> {
        self.errors += 1;
        let config = self.config;
        let p = &config.politeness;
        let host = &mut self.hosts[h];
        host.robots = RobotsState::Unknown;
        host.robots_failures += 1;
        tracing::warn!(host = %host.key, attempt = host.robots_failures, "{error}");
        let wait =
            retry_after.unwrap_or_else(|| p.retry_wait(host.robots_failures, fastrand::f64()));
        host.gate.hold_until(now + wait);
        let exhausted = host.robots_failures >= p.attempts;
        let gate = host.gate.failed(now, p);
        if exhausted || gate == HostFailure::GivenUp {
            self.give_up(
                h,
                format!("{error} (robots.txt unavailable, so nothing is fetched there)"),
            )?;
        } else if let Some(ra) = retry_after.filter(|ra| *ra > p.max_retry_after) {
            self.give_up(h, format!("{error}; asked to wait {ra:?}"))?;
        }
        Ok(())
    }

    // ---- pages ----------------------------------------------------------

    fn on_page(
        &mut self,
        h: usize,
        task: Task,
        result: Result<Response, FetchError>,
    ) -> Result<(), CrawlError> {
        let now = Instant::now();
        self.in_flight -= 1;
        self.hosts[h].gate.finish(now);
        let row = self.store.row(task.id)?;
        match result {
            Ok(response) => self.on_response(h, task, &row, response, now)?,
            Err(e) if e.is_transient() => self.retry(h, task, None, e.to_string(), None, now)?,
            Err(e) => {
                self.hosts[h].gate.succeeded();
                self.end(&task, State::Failed, None, e.to_string())?;
            }
        }
        self.reschedule(h);
        Ok(())
    }

    fn on_response(
        &mut self,
        h: usize,
        task: Task,
        row: &UrlRow,
        response: Response,
        now: Instant,
    ) -> Result<(), CrawlError> {
        let status = response.status;
        if status == 429 || status >= 500 {
            let error = format!("HTTP {status}{}", reason(status));
            return self.retry(h, task, Some(status), error, response.retry_after, now);
        }
        self.hosts[h].gate.succeeded();
        match status {
            200..=299 if !readable_type(response.content_type.as_deref()) => {
                let ct = response.content_type.unwrap_or_default();
                self.end(
                    &task,
                    State::Skipped,
                    Some(status),
                    format!("unsupported content type {ct} (not stored)"),
                )
            }
            200..=299 => self.fetched(&task, row, response),
            304 => self.not_modified(&task, row, response),
            301 | 302 | 303 | 307 | 308 => {
                self.redirect(&task, row, status, response.location.as_deref())
            }
            404 | 410 => self.end(
                &task,
                State::Gone,
                Some(status),
                format!("HTTP {status}{}", reason(status)),
            ),
            _ => self.end(
                &task,
                State::Failed,
                Some(status),
                format!("HTTP {status}{}", reason(status)),
            ),
        }
    }

    /// A 2xx with a readable body: store it with the links found on it.
    fn fetched(&mut self, task: &Task, row: &UrlRow, response: Response) -> Result<(), CrawlError> {
        let links = self.links(
            &task.url,
            row,
            &response.body,
            response.content_type.as_deref(),
        );
        let completion = Completion::Fetched {
            status: response.status,
            body: response.body,
            content_type: response.content_type,
            etag: response.etag,
            last_modified: response.last_modified,
        };
        self.complete(task, &completion, links, 1)
    }

    /// 304: the stored copy is current, and its links are read from it.
    fn not_modified(
        &mut self,
        task: &Task,
        row: &UrlRow,
        response: Response,
    ) -> Result<(), CrawlError> {
        match self.store.body(task.id)? {
            Some(page) => {
                let links = self.links(&task.url, row, &page.body, page.content_type.as_deref());
                let completion = Completion::NotModified {
                    etag: response.etag,
                    last_modified: response.last_modified,
                };
                self.complete(task, &completion, links, 1)
            }
            None => self.end(
                task,
                State::Failed,
                Some(304),
                "304 Not Modified, but no copy is stored".into(),
            ),
        }
    }

    /// A redirect becomes a URL of its own (so it meets robots.txt and the
    /// host's delay); loops and long chains end here.
    fn redirect(
        &mut self,
        task: &Task,
        row: &UrlRow,
        status: u16,
        location: Option<&str>,
    ) -> Result<(), CrawlError> {
        let fail = |e: String| (State::Failed, Some(status), e);
        let verdict = match location.map(|l| task.url.join(l)) {
            None => Err(fail(format!("HTTP {status} without a Location header"))),
            Some(Err(e)) => Err(fail(format!("HTTP {status} to an invalid URL: {e}"))),
            Some(Ok(target)) if !matches!(target.scheme(), "http" | "https") => Err(fail(format!(
                "redirect to a {}: URL (only http and https are followed)",
                target.scheme()
            ))),
            Some(Ok(mut target)) => {
                target.set_fragment(None);
                let max = self.config.http.max_redirects;
                if row.hops + 1 > max {
                    Err(fail(format!("too many redirects (more than {max})")))
                } else if target == task.url
                    || self
                        .store
                        .redirects_to(target.as_str(), task.url.as_str(), max + 1)?
                {
                    Err(fail(format!("redirect loop: {} → {target} → …", task.url)))
                } else {
                    Ok(target)
                }
            }
        };
        match verdict {
            Ok(target) => {
                tracing::info!(url = %task.url, to = %target, status, "redirect");
                self.complete(
                    task,
                    &Completion::Redirected { status, target },
                    Vec::new(),
                    1,
                )
            }
            Err((state, status, error)) => self.end(task, state, status, error),
        }
    }

    fn links(
        &mut self,
        url: &Url,
        row: &UrlRow,
        body: &[u8],
        content_type: Option<&str>,
    ) -> Vec<Found> {
        let found = discover::links(
            url,
            body,
            content_type,
            row.kind,
            row.depth,
            &self.config.rules,
        );
        self.admit(found)
    }

    /// A transient failure: retry after a backoff (or the server's
    /// Retry-After), unless the attempts are used up; count it against the host.
    fn retry(
        &mut self,
        h: usize,
        mut task: Task,
        status: Option<u16>,
        error: String,
        retry_after: Option<Duration>,
        now: Instant,
    ) -> Result<(), CrawlError> {
        self.errors += 1;
        let config = self.config;
        let p = &config.politeness;
        task.attempts += 1;
        let host = &mut self.hosts[h];
        if let Some(ra) = retry_after {
            host.gate.hold_until(now + ra);
        }
        let failure = host.gate.failed(now, p);
        let key = host.key.clone();
        let too_long = retry_after.filter(|ra| *ra > p.max_retry_after);
        if task.attempts >= p.attempts {
            tracing::warn!(url = %task.url, attempts = task.attempts, "{error}: giving up on this page");
            let error = format!("{error} (after {} attempts)", task.attempts);
            self.end(&task, State::Unreachable, status, error)?;
        } else {
            let wait = retry_after.unwrap_or_else(|| p.retry_wait(task.attempts, fastrand::f64()));
            tracing::warn!(url = %task.url, attempt = task.attempts, "{error}: retrying in {wait:?}");
            self.store
                .attempt_failed(task.id, task.attempts, status, &error)?;
            self.seq += 1;
            self.hosts[h].queue.insert((now + wait, self.seq), task);
        }
        match (failure, too_long) {
            (HostFailure::GivenUp, _) => {
                self.give_up(h, format!("{key} kept failing; last error: {error}"))?
            }
            (_, Some(ra)) => self.give_up(
                h,
                format!("{key} asked to wait {ra:?} (Retry-After); last error: {error}"),
            )?,
            (HostFailure::Paused(pause), _) => {
                tracing::warn!(host = %key, "host keeps failing: paused for {pause:?}");
            }
            (HostFailure::Counted, _) => {}
        }
        Ok(())
    }

    fn give_up(&mut self, h: usize, reason: String) -> Result<(), CrawlError> {
        let host = &mut self.hosts[h];
        if host.given_up.is_some() {
            return Ok(());
        }
        tracing::warn!(host = %host.key, left = host.queue.len(), "host given up for this run: {reason}");
        host.given_up = Some(reason.clone());
        let key = host.key.clone();
        self.store.give_up(&key, &reason)?;
        Ok(())
    }

    fn end(
        &mut self,
        task: &Task,
        state: State,
        status: Option<u16>,
        error: String,
    ) -> Result<(), CrawlError> {
        if matches!(state, State::Failed | State::Unreachable) {
            self.errors += 1;
        }
        // A seed that fails leaves nothing to crawl: worth a warning.
        if matches!(state, State::Failed | State::Unreachable) || task.depth == 0 {
            tracing::warn!(url = %task.url, state = state.as_str(), "{error}");
        } else {
            tracing::info!(url = %task.url, state = state.as_str(), "{error}");
        }
        self.complete(
            task,
            &Completion::Ended {
                state,
                status,
                error,
            },
            Vec::new(),
            1,
        )
    }

    fn complete(
        &mut self,
        task: &Task,
        completion: &Completion,
        links: Vec<Found>,
        requests: u64,
    ) -> Result<(), CrawlError> {
        let (change, fresh) = self.store.complete(task.id, completion, &links, requests)?;
        if let Some(change) = change {
            tracing::info!(url = %task.url, change = change.as_str(), links = links.len(), "page");
        }
        self.done += 1;
        for row in fresh {
            if let Ok(url) = Url::parse(&row.url) {
                let h = self.host_for(&url);
                self.hosts[h].known += 1;
            }
            self.enqueue(row);
        }
        Ok(())
    }
}

fn reason(status: u16) -> String {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .map(|r| format!(" {r}"))
        .unwrap_or_default()
}
