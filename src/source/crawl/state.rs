//! The crawl's memory, in one SQLite file: the frontier, every URL's status,
//! validators, content hash, attempts and last error, the raw pages, robots.txt
//! answers, and the runs.
//!
//! A page is **complete** when its outcome, its body (if new or changed) and
//! the links found on it are committed together, in one transaction: a crawl
//! killed at any moment loses at most the pages in flight, which are still
//! `pending` and are fetched again when it resumes. The file is opened in WAL
//! mode with an exclusive lock, so a second crawl on the same store fails at
//! once instead of interleaving.
//!
//! Runs: a crawl resumes the last run if it did not finish; otherwise it
//! starts a new run in which every known URL is visited again (conditionally,
//! so unchanged pages cost a 304).
//!
//! This module stores and answers; it must not fetch, parse or decide policy.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use sha2::{Digest, Sha256};
use thiserror::Error;
use url::Url;

use super::discover::{Found, Kind};
use super::host_key;
use super::http::{Validators, rfc3339};
use crate::model::{FetchInfo, Input, LoadError, SourceDoc};

/// Bumped when the schema changes incompatibly.
const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS runs (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    requests    INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS urls (
    id            INTEGER PRIMARY KEY,
    url           TEXT NOT NULL UNIQUE,
    host          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    depth         INTEGER NOT NULL,
    origin        TEXT,
    hops          INTEGER NOT NULL DEFAULT 0,
    state         TEXT NOT NULL DEFAULT 'pending',
    outcome       TEXT,
    http_status   INTEGER,
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT,
    location      TEXT,
    etag          TEXT,
    last_modified TEXT,
    content_type  TEXT,
    sha256        TEXT,
    fetched_at    TEXT,
    first_run     INTEGER NOT NULL,
    changed_run   INTEGER,
    checked_run   INTEGER
);
CREATE INDEX IF NOT EXISTS urls_by_state ON urls (state);
CREATE TABLE IF NOT EXISTS pages (
    url_id INTEGER PRIMARY KEY REFERENCES urls (id),
    body   BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS robots (
    host       TEXT PRIMARY KEY,
    run        INTEGER NOT NULL,
    status     INTEGER NOT NULL,
    body       BLOB NOT NULL,
    fetched_at TEXT NOT NULL
);
";

/// Why the crawl store cannot be used.
#[derive(Debug, Error)]
pub enum StoreError {
    /// SQLite failed to open, read or write the store.
    #[error("crawl store {path}: {source}")]
    Sqlite {
        /// The store file.
        path: String,
        /// SQLite's error.
        source: rusqlite::Error,
    },
    /// Another crawl holds the store's lock (the store file).
    #[error("crawl store {0} is in use by another gongkai crawl")]
    InUse(String),
    /// No store file at this path (when reading an existing store).
    #[error("no crawl store at {0}")]
    Missing(String),
    /// The store's schema is newer than this version reads.
    #[error(
        "crawl store {path} was written by a newer gongkai (schema {found}, this one reads {SCHEMA_VERSION})"
    )]
    Newer {
        /// The store file.
        path: String,
        /// The schema version found in the file.
        found: i64,
    },
    /// The folder to hold a new store cannot be created.
    #[error("cannot create the folder of {path}: {source}")]
    Folder {
        /// The store file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Where a URL stands in the current run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    /// Not yet visited in this run.
    Pending,
    /// Fetched (200) or confirmed unchanged (304).
    Done,
    /// Answered with a redirect; its target is a URL of its own.
    Redirected,
    /// 404 or 410.
    Gone,
    /// A permanent problem: another 4xx, a body too large, a redirect loop.
    Failed,
    /// Still failing after every retry (timeouts, resets, 5xx, 429): a later
    /// run may succeed.
    Unreachable,
    /// Not fetched: robots.txt disallows it.
    Disallowed,
    /// Not fetched: a document type the pipeline cannot read.
    Skipped,
}

impl State {
    /// Every state, in order.
    const ALL: &[State] = &[
        State::Pending,
        State::Done,
        State::Redirected,
        State::Gone,
        State::Failed,
        State::Unreachable,
        State::Disallowed,
        State::Skipped,
    ];

    /// The state's name in the store and in logs (`pending`, `done`, ...).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Done => "done",
            State::Redirected => "redirected",
            State::Gone => "gone",
            State::Failed => "failed",
            State::Unreachable => "unreachable",
            State::Disallowed => "disallowed",
            State::Skipped => "skipped",
        }
    }

    fn parse(s: &str) -> State {
        State::ALL
            .iter()
            .copied()
            .find(|x| x.as_str() == s)
            .unwrap_or(State::Pending)
    }
}

/// What a successful visit found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Change {
    /// First copy of this page.
    New,
    /// 200 with different bytes (by SHA-256).
    Changed,
    /// 200 with the same bytes.
    Unchanged,
    /// 304: the stored copy is current.
    NotModified,
}

impl Change {
    /// Every change, in order.
    const ALL: &[Change] = &[
        Change::New,
        Change::Changed,
        Change::Unchanged,
        Change::NotModified,
    ];

    /// The change's name in the store (the `outcome` column) and in logs.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Change::New => "new",
            Change::Changed => "changed",
            Change::Unchanged => "unchanged",
            Change::NotModified => "not_modified",
        }
    }
}

/// One URL of the frontier.
#[derive(Debug, Clone)]
pub(crate) struct UrlRow {
    /// The URL's row id in the store.
    pub(crate) id: i64,
    pub(crate) url: String,
    /// Its `host:port` key.
    pub(crate) host: String,
    pub(crate) kind: Kind,
    /// Link levels below a seed (0 for a seed).
    pub(crate) depth: u32,
    /// Redirects from the linked URL to this one (0 when linked directly).
    pub(crate) hops: u32,
    /// The linked URL a redirect chain started from; `None` when linked directly.
    pub(crate) origin: Option<String>,
    /// Failed attempts in this run.
    pub(crate) attempts: u32,
}

/// A page's stored copy.
#[derive(Debug, Clone)]
pub(crate) struct StoredPage {
    pub(crate) body: Vec<u8>,
    /// The `Content-Type` it came with (its charset decides the decoding).
    pub(crate) content_type: Option<String>,
}

/// How a visit ended.
#[derive(Debug, Clone)]
pub(crate) enum Completion {
    /// A 2xx with its body and validators.
    Fetched {
        status: u16,
        body: Vec<u8>,
        content_type: Option<String>,
        etag: Option<String>,
        last_modified: Option<String>,
    },
    /// A 304: the stored copy is current; new validators, when sent.
    NotModified {
        etag: Option<String>,
        last_modified: Option<String>,
    },
    /// A 3xx to `target`, which becomes a URL of its own.
    Redirected { status: u16, target: Url },
    /// Any other end, in `state` (gone, failed, skipped, ...), and why.
    Ended {
        state: State,
        status: Option<u16>,
        error: String,
    },
}

/// A report of the dataset, as stored.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// The URL's row id in the store.
    id: i64,
    /// The URL as linked (before redirects).
    pub(crate) source: String,
    /// The URL the page was fetched from (after redirects).
    pub(crate) url: String,
    state: State,
    error: Option<String>,
    fetched_at: Option<String>,
    content_type: Option<String>,
    has_body: bool,
}

/// Counts of a run, for the summary.
#[derive(Debug, Clone, Default)]
pub struct RunCounts {
    /// The run's number in the store (1 for the first).
    pub run: i64,
    /// HTTP requests made, robots.txt and failed attempts included.
    pub requests: u64,
    /// URLs per state (states with none left out).
    pub(crate) states: Vec<(State, u64)>,
    /// Successful visits per change (changes with none left out).
    pub(crate) changes: Vec<(Change, u64)>,
    /// Report URLs (redirects not counted).
    pub reports: u64,
    /// Listing URLs (redirects not counted).
    pub listings: u64,
    /// Hosts with at least one URL in the store.
    pub hosts: u64,
    /// Hosts with URLs still pending (given up for this run).
    pub hosts_left: u64,
}

impl RunCounts {
    /// URLs in state `s` (0 when none).
    pub fn state(&self, s: State) -> u64 {
        self.states
            .iter()
            .find(|(x, _)| *x == s)
            .map_or(0, |(_, n)| *n)
    }

    /// Visits of this run that found change `c` (0 when none).
    pub fn change(&self, c: Change) -> u64 {
        self.changes
            .iter()
            .find(|(x, _)| *x == c)
            .map_or(0, |(_, n)| *n)
    }
}

/// An open crawl store: a SQLite connection and the current run.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    run: i64,
}

fn now() -> String {
    rfc3339(SystemTime::now())
}

impl Store {
    /// Open (or create) a store for crawling, taking its exclusive lock.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Folder {
                path: path.display().to_string(),
                source,
            })?;
        }
        let conn = Connection::open(path).map_err(sql(path))?;
        let store = Store {
            conn,
            path: path.to_owned(),
            run: 0,
        };
        store.setup(true)?;
        Ok(store)
    }

    /// Open an existing store to read its pages (`extract --from-store`).
    pub(crate) fn open_existing(path: &Path) -> Result<Store, StoreError> {
        if !path.is_file() {
            return Err(StoreError::Missing(path.display().to_string()));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sql(path))?;
        let store = Store {
            conn,
            path: path.to_owned(),
            run: 0,
        };
        store.setup(false)?;
        Ok(store)
    }

    fn setup(&self, exclusive: bool) -> Result<(), StoreError> {
        let err = sql(&self.path);
        let c = &self.conn;
        c.busy_timeout(Duration::from_secs(2)).map_err(&err)?;
        if exclusive {
            c.pragma_update(None, "locking_mode", "EXCLUSIVE")
                .map_err(&err)?;
        }
        let version: i64 = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.busy_or(e))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::Newer {
                path: self.path.display().to_string(),
                found: version,
            });
        }
        let _mode: String = c
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(|e| self.busy_or(e))?;
        c.pragma_update(None, "synchronous", "NORMAL")
            .map_err(&err)?;
        if exclusive {
            // Take the lock now: a second crawl on this store stops here.
            c.execute_batch("BEGIN EXCLUSIVE; COMMIT;")
                .map_err(|e| self.busy_or(e))?;
        }
        c.execute_batch(SCHEMA).map_err(|e| self.busy_or(e))?;
        c.pragma_update(None, "user_version", SCHEMA_VERSION)
            .map_err(&err)?;
        Ok(())
    }

    fn busy_or(&self, e: rusqlite::Error) -> StoreError {
        if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
            || e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseLocked)
        {
            StoreError::InUse(self.path.display().to_string())
        } else {
            sql(&self.path)(e)
        }
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        sql(&self.path)
    }

    /// The current run's number (0 before [`Store::start_run`]).
    pub(crate) fn run(&self) -> i64 {
        self.run
    }

    /// Resume the last run if it did not finish, else start a new one (every
    /// known URL pending again). Returns whether it resumed.
    pub(crate) fn start_run(&mut self) -> Result<bool, StoreError> {
        let err = sql(&self.path);
        let last: Option<(i64, Option<String>)> = self
            .conn
            .query_row(
                "SELECT id, finished_at FROM runs ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(&err)?;
        if let Some((id, None)) = last {
            self.run = id;
            return Ok(true);
        }
        let tx = self.conn.transaction().map_err(&err)?;
        tx.execute("INSERT INTO runs (started_at) VALUES (?1)", [now()])
            .map_err(&err)?;
        let run = tx.last_insert_rowid();
        tx.execute(
            "UPDATE urls SET state = 'pending', outcome = NULL, attempts = 0, last_error = NULL",
            [],
        )
        .map_err(&err)?;
        tx.commit().map_err(&err)?;
        self.run = run;
        Ok(false)
    }

    /// Mark the current run finished: the next start begins a new run.
    pub(crate) fn finish_run(&mut self) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE runs SET finished_at = ?1 WHERE id = ?2",
                params![now(), self.run],
            )
            .map_err(self.err())?;
        Ok(())
    }

    /// Record seeds and direct report URLs (depth 0); known ones keep their state.
    pub(crate) fn add_roots(&mut self, roots: &[(Url, Kind)]) -> Result<(), StoreError> {
        let err = sql(&self.path);
        let run = self.run;
        let tx = self.conn.transaction().map_err(&err)?;
        for (url, kind) in roots {
            let found = Found {
                url: url.clone(),
                kind: *kind,
                depth: 0,
            };
            upsert(&tx, &found, None, 0, run).map_err(&err)?;
        }
        tx.commit().map_err(&err)?;
        Ok(())
    }

    /// Every URL still to visit in this run, shallowest first.
    pub(crate) fn pending(&self) -> Result<Vec<UrlRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "{ROW_SELECT} WHERE state = 'pending' ORDER BY depth, id"
            ))
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], url_row)
            .map_err(self.err())?
            .collect::<Result<Vec<_>, _>>()
            .map_err(self.err())?;
        Ok(rows)
    }

    /// The frontier row of URL `id`.
    pub(crate) fn row(&self, id: i64) -> Result<UrlRow, StoreError> {
        self.conn
            .query_row(&format!("{ROW_SELECT} WHERE id = ?1"), [id], url_row)
            .map_err(self.err())
    }

    /// URLs known per host (for the per-host page limit).
    pub(crate) fn host_sizes(&self) -> Result<Vec<(String, u64)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT host, count(*) FROM urls GROUP BY host")
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))
            .map_err(self.err())?
            .collect::<Result<Vec<_>, _>>()
            .map_err(self.err())?;
        Ok(rows)
    }

    /// The validators to send, when a copy of the page is stored.
    pub(crate) fn validators(&self, id: i64) -> Result<Option<Validators>, StoreError> {
        self.conn
            .query_row(
                "SELECT etag, last_modified FROM urls u JOIN pages p ON p.url_id = u.id
                 WHERE u.id = ?1 AND (etag IS NOT NULL OR last_modified IS NOT NULL)",
                [id],
                |r| {
                    Ok(Validators {
                        etag: r.get(0)?,
                        last_modified: r.get(1)?,
                    })
                },
            )
            .optional()
            .map_err(self.err())
    }

    /// The stored copy of a page.
    pub(crate) fn body(&self, id: i64) -> Result<Option<StoredPage>, StoreError> {
        self.conn
            .query_row(
                "SELECT p.body, u.content_type FROM pages p JOIN urls u ON u.id = p.url_id
                 WHERE p.url_id = ?1",
                [id],
                |r| {
                    Ok(StoredPage {
                        body: r.get(0)?,
                        content_type: r.get(1)?,
                    })
                },
            )
            .optional()
            .map_err(self.err())
    }

    /// Follow stored redirects from `from`: does the chain come back to `to`?
    pub(crate) fn redirects_to(
        &self,
        from: &str,
        to: &str,
        limit: u32,
    ) -> Result<bool, StoreError> {
        let mut current = from.to_owned();
        for _ in 0..=limit {
            let next: Option<Option<String>> = self
                .conn
                .query_row(
                    "SELECT location FROM urls WHERE url = ?1 AND state = 'redirected'",
                    [&current],
                    |r| r.get(0),
                )
                .optional()
                .map_err(self.err())?;
            match next.flatten() {
                Some(next) if next == to => return Ok(true),
                Some(next) => current = next,
                None => return Ok(false),
            }
        }
        Ok(false)
    }

    /// Record how a visit ended, the links found on the page, and the
    /// requests it took, in one transaction. Returns what changed and the URLs
    /// that are new to the frontier.
    pub(crate) fn complete(
        &mut self,
        id: i64,
        completion: &Completion,
        links: &[Found],
        requests: u64,
    ) -> Result<(Option<Change>, Vec<UrlRow>), StoreError> {
        let err = sql(&self.path);
        let run = self.run;
        let tx = self.conn.transaction().map_err(&err)?;
        let row = tx
            .query_row(&format!("{ROW_SELECT} WHERE id = ?1"), [id], url_row)
            .map_err(&err)?;
        let visit = Visit { tx: &tx, id, run };
        let mut fresh = Vec::new();
        let change = match completion {
            Completion::Fetched {
                status,
                body,
                content_type,
                etag,
                last_modified,
            } => Some(
                visit
                    .fetched(*status, body, content_type, etag, last_modified)
                    .map_err(&err)?,
            ),
            Completion::NotModified {
                etag,
                last_modified,
            } => {
                visit.not_modified(etag, last_modified).map_err(&err)?;
                Some(Change::NotModified)
            }
            Completion::Redirected { status, target } => {
                fresh.extend(visit.redirected(&row, *status, target).map_err(&err)?);
                None
            }
            Completion::Ended {
                state,
                status,
                error,
            } => {
                visit.ended(*state, *status, error).map_err(&err)?;
                None
            }
        };
        for link in links {
            if let Some(new) = upsert(&tx, link, None, 0, run).map_err(&err)? {
                fresh.push(new);
            }
        }
        tx.execute(
            "UPDATE runs SET requests = requests + ?1 WHERE id = ?2",
            params![requests as i64, run],
        )
        .map_err(&err)?;
        tx.commit().map_err(&err)?;
        Ok((change, fresh))
    }

    /// A failed attempt that will be retried.
    pub(crate) fn attempt_failed(
        &mut self,
        id: i64,
        attempts: u32,
        status: Option<u16>,
        error: &str,
    ) -> Result<(), StoreError> {
        let err = sql(&self.path);
        let tx = self.conn.transaction().map_err(&err)?;
        tx.execute(
            "UPDATE urls SET attempts = ?2, http_status = ?3, last_error = ?4 WHERE id = ?1",
            params![id, attempts, status, error],
        )
        .map_err(&err)?;
        tx.execute(
            "UPDATE runs SET requests = requests + 1 WHERE id = ?1",
            [self.run],
        )
        .map_err(&err)?;
        tx.commit().map_err(&err)
    }

    /// A robots.txt request; `answer` is kept when it is final for this run.
    pub(crate) fn robots_fetched(
        &mut self,
        host: &str,
        answer: Option<(u16, &[u8])>,
    ) -> Result<(), StoreError> {
        let err = sql(&self.path);
        let tx = self.conn.transaction().map_err(&err)?;
        if let Some((status, body)) = answer {
            tx.execute(
                "INSERT OR REPLACE INTO robots (host, run, status, body, fetched_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![host, self.run, status, body, now()],
            )
            .map_err(&err)?;
        }
        tx.execute(
            "UPDATE runs SET requests = requests + 1 WHERE id = ?1",
            [self.run],
        )
        .map_err(&err)?;
        tx.commit().map_err(&err)
    }

    /// This run's robots.txt answer for a host, if already fetched.
    pub(crate) fn robots(&self, host: &str) -> Result<Option<(u16, Vec<u8>)>, StoreError> {
        self.conn
            .query_row(
                "SELECT status, body FROM robots WHERE host = ?1 AND run = ?2",
                params![host, self.run],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(self.err())
    }

    /// A host given up for this run: its pending URLs say why.
    pub(crate) fn give_up(&mut self, host: &str, reason: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE urls SET last_error = ?2 WHERE host = ?1 AND state = 'pending'",
                params![host, reason],
            )
            .map_err(self.err())?;
        Ok(())
    }

    /// The current run's counts.
    pub(crate) fn counts(&self) -> Result<RunCounts, StoreError> {
        let err = self.err();
        let requests: i64 = self
            .conn
            .query_row("SELECT requests FROM runs WHERE id = ?1", [self.run], |r| {
                r.get(0)
            })
            .optional()
            .map_err(&err)?
            .unwrap_or(0);
        let mut counts = RunCounts {
            run: self.run,
            requests: requests as u64,
            ..RunCounts::default()
        };
        let mut stmt = self
            .conn
            .prepare(
                "SELECT state, outcome, kind, count(*) FROM urls GROUP BY state, outcome, kind",
            )
            .map_err(&err)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)? as u64,
                ))
            })
            .map_err(&err)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(&err)?;
        for (state, outcome, kind, n) in rows {
            let state = State::parse(&state);
            add(&mut counts.states, state, n);
            if let Some(c) = Change::ALL
                .iter()
                .find(|c| Some(c.as_str()) == outcome.as_deref())
            {
                add(&mut counts.changes, *c, n);
            }
            if state != State::Redirected {
                match Kind::parse(&kind) {
                    Kind::Report => counts.reports += n,
                    Kind::Listing => counts.listings += n,
                }
            }
        }
        counts.states.sort();
        counts.changes.sort();
        let (hosts, left): (i64, i64) = self
            .conn
            .query_row(
                "SELECT count(DISTINCT host), count(DISTINCT CASE WHEN state = 'pending' THEN host END)
                 FROM urls",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(&err)?;
        counts.hosts = hosts as u64;
        counts.hosts_left = left as u64;
        Ok(counts)
    }

    /// The reports of the dataset: every report URL that is not a redirect,
    /// by source URL.
    pub(crate) fn entries(&self) -> Result<Vec<Entry>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT u.id, COALESCE(u.origin, u.url), u.url, u.state, u.last_error,
                        u.fetched_at, u.content_type, p.url_id IS NOT NULL
                 FROM urls u LEFT JOIN pages p ON p.url_id = u.id
                 WHERE u.kind = 'report' AND u.state <> 'redirected'
                 ORDER BY 2, 3",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Entry {
                    id: r.get(0)?,
                    source: r.get(1)?,
                    url: r.get(2)?,
                    state: State::parse(&r.get::<_, String>(3)?),
                    error: r.get(4)?,
                    fetched_at: r.get(5)?,
                    content_type: r.get(6)?,
                    has_body: r.get(7)?,
                })
            })
            .map_err(self.err())?
            .collect::<Result<Vec<_>, _>>()
            .map_err(self.err())?;
        Ok(rows)
    }

    /// A report as a pipeline input: its stored copy, or why there is none.
    pub(crate) fn load(&self, entry: &Entry) -> Input {
        let fail = |error: String| {
            Err(LoadError {
                source: entry.source.clone(),
                error,
            })
        };
        if !entry.has_body {
            let why = entry.error.clone().unwrap_or_else(|| match entry.state {
                State::Pending => "not fetched yet".to_owned(),
                other => other.as_str().to_owned(),
            });
            return fail(format!("not fetched: {why}"));
        }
        match self.body(entry.id) {
            Ok(Some(page)) => Ok(SourceDoc {
                source: entry.source.clone(),
                bytes: page.body,
                fetch: Some(FetchInfo {
                    final_url: entry.url.clone(),
                    fetched_at: entry.fetched_at.clone().unwrap_or_default(),
                    content_type: entry.content_type.clone(),
                }),
            }),
            Ok(None) => fail("the stored copy is missing".to_owned()),
            Err(e) => fail(format!("cannot read the stored copy: {e}")),
        }
    }
}

/// The writes of one visit's outcome, inside the transaction of
/// [`Store::complete`].
struct Visit<'a, 't> {
    tx: &'a rusqlite::Transaction<'t>,
    /// The URL's row id.
    id: i64,
    run: i64,
}

impl Visit<'_, '_> {
    /// A 2xx: the body is stored when new or changed (by SHA-256), and the URL
    /// is done with its validators.
    fn fetched(
        &self,
        status: u16,
        body: &[u8],
        content_type: &Option<String>,
        etag: &Option<String>,
        last_modified: &Option<String>,
    ) -> rusqlite::Result<Change> {
        let (tx, id, run) = (self.tx, self.id, self.run);
        let sha = hex(&Sha256::digest(body));
        let old: Option<String> = tx
            .query_row(
                "SELECT u.sha256 FROM urls u JOIN pages p ON p.url_id = u.id WHERE u.id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        let change = match old {
            None => Change::New,
            Some(old) if old == sha => Change::Unchanged,
            Some(_) => Change::Changed,
        };
        if change != Change::Unchanged {
            tx.execute(
                "INSERT OR REPLACE INTO pages (url_id, body) VALUES (?1, ?2)",
                params![id, body],
            )?;
            tx.execute(
                "UPDATE urls SET sha256 = ?2, fetched_at = ?3, changed_run = ?4 WHERE id = ?1",
                params![id, sha, now(), run],
            )?;
        }
        tx.execute(
            "UPDATE urls SET state = 'done', outcome = ?2, http_status = ?3, etag = ?4,
             last_modified = ?5, content_type = ?6, checked_run = ?7, last_error = NULL,
             location = NULL WHERE id = ?1",
            params![
                id,
                change.as_str(),
                status,
                etag,
                last_modified,
                content_type,
                run
            ],
        )?;
        Ok(change)
    }

    /// A 304: the URL is done; validators the server sent replace the old ones.
    fn not_modified(
        &self,
        etag: &Option<String>,
        last_modified: &Option<String>,
    ) -> rusqlite::Result<()> {
        self.tx.execute(
            "UPDATE urls SET state = 'done', outcome = 'not_modified', http_status = 304,
             etag = COALESCE(?2, etag), last_modified = COALESCE(?3, last_modified),
             checked_run = ?4, last_error = NULL, location = NULL WHERE id = ?1",
            params![self.id, etag, last_modified, self.run],
        )?;
        Ok(())
    }

    /// A 3xx: the URL is redirected, and `target` joins the frontier with the
    /// same kind and depth, one hop further from the linked URL. Returns the
    /// target's row when it is new.
    fn redirected(
        &self,
        row: &UrlRow,
        status: u16,
        target: &Url,
    ) -> rusqlite::Result<Option<UrlRow>> {
        self.tx.execute(
            "UPDATE urls SET state = 'redirected', outcome = NULL, http_status = ?2,
             location = ?3, checked_run = ?4, last_error = NULL WHERE id = ?1",
            params![self.id, status, target.as_str(), self.run],
        )?;
        let found = Found {
            url: target.clone(),
            kind: row.kind,
            depth: row.depth,
        };
        let origin = row.origin.clone().unwrap_or_else(|| row.url.clone());
        upsert(self.tx, &found, Some(&origin), row.hops + 1, self.run)
    }

    /// Any other end: the URL is in `state`, with the error that says why.
    fn ended(&self, state: State, status: Option<u16>, error: &str) -> rusqlite::Result<()> {
        self.tx.execute(
            "UPDATE urls SET state = ?2, outcome = NULL, http_status = ?3, last_error = ?4,
             checked_run = ?5 WHERE id = ?1",
            params![self.id, state.as_str(), status, error, self.run],
        )?;
        Ok(())
    }
}

fn add<T: PartialEq>(list: &mut Vec<(T, u64)>, key: T, n: u64) {
    match list.iter_mut().find(|(k, _)| *k == key) {
        Some((_, m)) => *m += n,
        None => list.push((key, n)),
    }
}

const ROW_SELECT: &str = "SELECT id, url, host, kind, depth, hops, origin, attempts FROM urls";

fn url_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<UrlRow> {
    Ok(UrlRow {
        id: r.get(0)?,
        url: r.get(1)?,
        host: r.get(2)?,
        kind: Kind::parse(&r.get::<_, String>(3)?),
        depth: r.get(4)?,
        hops: r.get(5)?,
        origin: r.get(6)?,
        attempts: r.get(7)?,
    })
}

/// Add a URL to the frontier, or merge what a new link says about a known one
/// (report beats listing, the shallower depth and the direct link win), so the
/// result does not depend on the order pages were fetched in. Returns the row
/// when the URL is new.
fn upsert(
    tx: &rusqlite::Transaction<'_>,
    found: &Found,
    origin: Option<&str>,
    hops: u32,
    run: i64,
) -> rusqlite::Result<Option<UrlRow>> {
    let url = found.url.as_str();
    let known: Option<i64> = tx
        .prepare_cached("SELECT id FROM urls WHERE url = ?1")?
        .query_row([url], |r| r.get(0))
        .optional()?;
    if let Some(id) = known {
        tx.prepare_cached(
            "UPDATE urls SET
               kind = CASE WHEN ?2 = 'report' THEN 'report' ELSE kind END,
               depth = MIN(depth, ?3),
               origin = CASE WHEN origin IS NULL OR ?4 IS NULL THEN NULL ELSE MIN(origin, ?4) END,
               hops = MIN(hops, ?5)
             WHERE id = ?1",
        )?
        .execute(params![id, found.kind.as_str(), found.depth, origin, hops])?;
        return Ok(None);
    }
    let host = host_key(&found.url);
    tx.prepare_cached(
        "INSERT INTO urls (url, host, kind, depth, origin, hops, first_run)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        url,
        host,
        found.kind.as_str(),
        found.depth,
        origin,
        hops,
        run
    ])?;
    Ok(Some(UrlRow {
        id: tx.last_insert_rowid(),
        url: url.to_owned(),
        host,
        kind: found.kind,
        depth: found.depth,
        hops,
        origin: origin.map(str::to_owned),
        attempts: 0,
    }))
}

fn sql(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |source| StoreError::Sqlite {
        path: path.display().to_string(),
        source,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(url: &str, kind: Kind, depth: u32) -> Found {
        Found {
            url: Url::parse(url).unwrap(),
            kind,
            depth,
        }
    }

    fn fetched(body: &[u8]) -> Completion {
        Completion::Fetched {
            status: 200,
            body: body.to_vec(),
            content_type: Some("text/html".into()),
            etag: Some("\"v1\"".into()),
            last_modified: None,
        }
    }

    #[test]
    fn a_run_completes_pages_with_their_links_and_hashes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/crawl.sqlite");
        let mut s = Store::open(&path).unwrap();
        assert!(!s.start_run().unwrap());
        let seed = Url::parse("http://a.gov.cn/nb/").unwrap();
        s.add_roots(&[(seed.clone(), Kind::Listing)]).unwrap();
        let pending = s.pending().unwrap();
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].host, "a.gov.cn:80");

        let links = [
            found("http://a.gov.cn/nb/r1.htm", Kind::Report, 1),
            found("http://a.gov.cn/nb/r2.htm", Kind::Listing, 1),
        ];
        let (change, fresh) = s
            .complete(pending[0].id, &fetched(b"<html>list</html>"), &links, 1)
            .unwrap();
        assert_eq!(change, Some(Change::New));
        assert_eq!(fresh.len(), 2);
        // The same link again, now as a report: known, upgraded, not new.
        let again = [found("http://a.gov.cn/nb/r2.htm", Kind::Report, 1)];
        let (_, fresh2) = s
            .complete(fresh[0].id, &fetched(b"report one"), &again, 1)
            .unwrap();
        assert!(fresh2.is_empty());
        assert_eq!(s.row(fresh[1].id).unwrap().kind, Kind::Report);
        // Validators are offered once a copy is stored.
        assert_eq!(
            s.validators(fresh[0].id).unwrap().unwrap().etag.as_deref(),
            Some("\"v1\"")
        );
        assert!(s.validators(fresh[1].id).unwrap().is_none());
        s.complete(
            fresh[1].id,
            &Completion::Ended {
                state: State::Gone,
                status: Some(404),
                error: "HTTP 404 Not Found".into(),
            },
            &[],
            1,
        )
        .unwrap();
        assert!(s.pending().unwrap().is_empty());
        let counts = s.counts().unwrap();
        assert_eq!(counts.requests, 3);
        assert_eq!(counts.state(State::Done), 2);
        assert_eq!(counts.state(State::Gone), 1);
        assert_eq!(counts.change(Change::New), 2);
        s.finish_run().unwrap();

        // The dataset: both reports, by source; the gone one says why.
        let entries = s.entries().unwrap();
        assert_eq!(entries.len(), 2);
        let doc = s.load(&entries[0]).unwrap();
        assert_eq!(doc.bytes, b"report one");
        assert_eq!(
            doc.fetch.unwrap().content_type.as_deref(),
            Some("text/html")
        );
        let gone = s.load(&entries[1]).unwrap_err();
        assert_eq!(gone.error, "not fetched: HTTP 404 Not Found");

        // A new run: everything pending again; same bytes are unchanged.
        assert!(!s.start_run().unwrap());
        assert_eq!(s.pending().unwrap().len(), 3);
        let (change, _) = s
            .complete(fresh[0].id, &fetched(b"report one"), &[], 1)
            .unwrap();
        assert_eq!(change, Some(Change::Unchanged));
        let (change, _) = s
            .complete(fresh[0].id, &fetched(b"report one, revised"), &[], 1)
            .unwrap();
        assert_eq!(change, Some(Change::Changed));
        drop(s);

        // Not finished: the next open resumes the same run.
        let mut s = Store::open(&path).unwrap();
        assert!(s.start_run().unwrap());
        assert_eq!(s.pending().unwrap().len(), 2);
    }

    #[test]
    fn a_second_crawl_on_the_same_store_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("crawl.sqlite");
        let _first = Store::open(&path).unwrap();
        let second = Store::open(&path);
        assert!(
            matches!(second, Err(StoreError::InUse(_))),
            "{:?}",
            second.err()
        );
    }

    #[test]
    fn redirects_keep_the_linked_url_as_source() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("c.sqlite")).unwrap();
        s.start_run().unwrap();
        let a = Url::parse("http://a.gov.cn/old.htm").unwrap();
        s.add_roots(&[(a, Kind::Report)]).unwrap();
        let id = s.pending().unwrap()[0].id;
        let b = Url::parse("https://a.gov.cn/new.htm").unwrap();
        let (_, fresh) = s
            .complete(
                id,
                &Completion::Redirected {
                    status: 301,
                    target: b.clone(),
                },
                &[],
                1,
            )
            .unwrap();
        assert_eq!(fresh[0].hops, 1);
        assert_eq!(fresh[0].origin.as_deref(), Some("http://a.gov.cn/old.htm"));
        assert!(
            s.redirects_to("http://a.gov.cn/old.htm", b.as_str(), 5)
                .unwrap()
        );
        assert!(
            !s.redirects_to(b.as_str(), "http://a.gov.cn/old.htm", 5)
                .unwrap()
        );
        s.complete(fresh[0].id, &fetched(b"moved"), &[], 1).unwrap();
        let entries = s.entries().unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].source, "http://a.gov.cn/old.htm");
        assert_eq!(entries[0].url, "https://a.gov.cn/new.htm");
    }
}
