//! A scriptable HTTP/1.1 test server on 127.0.0.1: raw TCP, one thread per
//! connection, `Connection: close` on every response. Each path answers with a
//! script of replies (the last one repeats), so a test can say "503, then 200"
//! or "reset mid-body". Every request is logged with its arrival time and
//! headers, and the most requests served at once is recorded.
//!
//! Each server listens on its own port, and a port is a host to the crawler
//! (politeness and robots.txt are per `host:port`), so five servers make a
//! five-host site. Only 127.0.0.1 is ever used.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// One scripted answer.
#[derive(Clone, Debug)]
pub enum Reply {
    /// A complete response with a `Content-Length`.
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// A body without `Content-Length`, ended by closing the connection.
    Unsized { content_type: String, body: Vec<u8> },
    /// Headers, then the body `chunk` bytes at a time, `pause` apart.
    Slow {
        body: Vec<u8>,
        chunk: usize,
        pause: Duration,
    },
    /// 429 with `Retry-After` as an HTTP date `after` from the moment it is sent.
    TooManyUntil { after: Duration },
    /// Headers announcing the whole body, `sent` bytes of it, then a TCP reset.
    Reset { body: Vec<u8>, sent: usize },
    /// 304 when the request's `If-None-Match` / `If-Modified-Since` match,
    /// else 200 with the validators.
    Cached {
        etag: Option<String>,
        last_modified: Option<String>,
        content_type: String,
        body: Vec<u8>,
    },
}

impl Reply {
    pub fn html(body: impl Into<Vec<u8>>) -> Reply {
        Reply::typed("text/html", body)
    }

    pub fn typed(content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply::Full {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
        }
    }

    pub fn status(status: u16) -> Reply {
        Reply::Full {
            status,
            headers: vec![("Content-Type".into(), "text/html".into())],
            body: format!("<html><body>{status}</body></html>").into_bytes(),
        }
    }

    pub fn redirect(status: u16, location: &str) -> Reply {
        Reply::status(status).with_header("Location", location)
    }

    /// With an etag and a fixed Last-Modified, answering 304 when they match.
    pub fn cached(etag: &str, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply::Cached {
            etag: Some(etag.into()),
            last_modified: Some("Mon, 10 Mar 2025 08:00:00 GMT".into()),
            content_type: content_type.into(),
            body: body.into(),
        }
    }

    pub fn with_header(self, name: &str, value: &str) -> Reply {
        match self {
            Reply::Full {
                status,
                mut headers,
                body,
            } => {
                headers.push((name.into(), value.into()));
                Reply::Full {
                    status,
                    headers,
                    body,
                }
            }
            other => other,
        }
    }
}

/// A request as it arrived.
#[derive(Clone, Debug)]
pub struct Logged {
    pub path: String,
    pub at: Instant,
    /// Lower-cased names.
    pub headers: Vec<(String, String)>,
}

impl Logged {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct Shared {
    routes: Mutex<HashMap<String, (Vec<Reply>, usize)>>,
    log: Mutex<Vec<Logged>>,
    active: AtomicUsize,
    max_active: AtomicUsize,
    stop: AtomicBool,
}

pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
}

impl Server {
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local addr");
        let shared = Arc::new(Shared::default());
        let s = Arc::clone(&shared);
        thread::spawn(move || {
            for stream in listener.incoming() {
                if s.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let s = Arc::clone(&s);
                thread::spawn(move || serve(stream, &s));
            }
        });
        Server { addr, shared }
    }

    /// Answer `path` with these replies in turn; the last one repeats.
    pub fn route(&self, path: &str, replies: Vec<Reply>) {
        assert!(!replies.is_empty());
        self.shared
            .routes
            .lock()
            .unwrap()
            .insert(path.to_owned(), (replies, 0));
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The crawler's name for this server: `127.0.0.1:PORT`.
    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    pub fn log(&self) -> Vec<Logged> {
        self.shared.log.lock().unwrap().clone()
    }

    pub fn hits(&self, path: &str) -> usize {
        self.log().iter().filter(|l| l.path == path).count()
    }

    pub fn max_active(&self) -> usize {
        self.shared.max_active.load(Ordering::SeqCst)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(200));
    }
}

fn serve(stream: TcpStream, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Some((path, headers)) = read_head(&stream) else {
        return;
    };
    let reply = {
        let mut routes = shared.routes.lock().unwrap();
        match routes.get_mut(&path) {
            Some((replies, next)) => {
                let r = replies[(*next).min(replies.len() - 1)].clone();
                *next += 1;
                r
            }
            None => Reply::status(404),
        }
    };
    let logged = Logged {
        path,
        at: Instant::now(),
        headers,
    };
    let now_active = shared.active.fetch_add(1, Ordering::SeqCst) + 1;
    shared.max_active.fetch_max(now_active, Ordering::SeqCst);
    shared.log.lock().unwrap().push(logged.clone());
    let done = respond(stream, reply, &logged);
    shared.active.fetch_sub(1, Ordering::SeqCst);
    if let Ok(Some(mut stream)) = done {
        // Let the client read to the end before the socket goes away.
        let _ = stream.shutdown(std::net::Shutdown::Write);
        let mut sink = [0u8; 256];
        let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
        while matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
    }
}

fn read_head(stream: &TcpStream) -> Option<(String, Vec<(String, String)>)> {
    let mut reader = BufReader::new(stream.try_clone().ok()?.take(64 * 1024));
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let path = line.split_whitespace().nth(1)?.to_owned();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).ok()? == 0 {
            return None;
        }
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((name, value)) = h.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    Some((path, headers))
}

fn head(status: u16, headers: &[(String, String)], length: Option<usize>) -> Vec<u8> {
    let mut h = format!(
        "HTTP/1.1 {status} {}\r\nConnection: close\r\n",
        reason(status)
    );
    for (name, value) in headers {
        h.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(len) = length {
        h.push_str(&format!("Content-Length: {len}\r\n"));
    }
    h.push_str("\r\n");
    h.into_bytes()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        404 => "Not Found",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => "Whatever",
    }
}

/// Write the reply; the stream comes back unless it was reset.
fn respond(
    mut stream: TcpStream,
    reply: Reply,
    request: &Logged,
) -> std::io::Result<Option<TcpStream>> {
    match reply {
        Reply::Full {
            status,
            headers,
            body,
        } => {
            stream.write_all(&head(status, &headers, Some(body.len())))?;
            stream.write_all(&body)?;
        }
        Reply::TooManyUntil { after } => {
            let date = httpdate::fmt_http_date(std::time::SystemTime::now() + after);
            stream.write_all(&head(429, &[("Retry-After".into(), date)], Some(0)))?;
        }
        Reply::Unsized { content_type, body } => {
            stream.write_all(&head(200, &[("Content-Type".into(), content_type)], None))?;
            stream.write_all(&body)?;
        }
        Reply::Slow { body, chunk, pause } => {
            let ct = [("Content-Type".to_owned(), "text/html".to_owned())];
            stream.write_all(&head(200, &ct, Some(body.len())))?;
            for (i, piece) in body.chunks(chunk.max(1)).enumerate() {
                if i > 0 {
                    thread::sleep(pause);
                }
                stream.write_all(piece)?;
                stream.flush()?;
            }
        }
        Reply::Reset { body, sent } => {
            let ct = [("Content-Type".to_owned(), "text/html".to_owned())];
            stream.write_all(&head(200, &ct, Some(body.len())))?;
            stream.write_all(&body[..sent.min(body.len())])?;
            stream.flush()?;
            thread::sleep(Duration::from_millis(20));
            // Linger 0: close() sends RST instead of FIN.
            socket2::SockRef::from(&stream).set_linger(Some(Duration::ZERO))?;
            drop(stream);
            return Ok(None);
        }
        Reply::Cached {
            etag,
            last_modified,
            content_type,
            body,
        } => {
            let etag_match = etag.is_some() && request.header("if-none-match") == etag.as_deref();
            let date_match = match (request.header("if-modified-since"), &last_modified) {
                (Some(since), Some(lm)) => match (
                    httpdate::parse_http_date(since),
                    httpdate::parse_http_date(lm),
                ) {
                    (Ok(since), Ok(lm)) => lm <= since,
                    _ => false,
                },
                _ => false,
            };
            // If-None-Match wins when present (RFC 9110).
            let fresh = if request.header("if-none-match").is_some() {
                etag_match
            } else {
                date_match
            };
            let mut headers: Vec<(String, String)> = Vec::new();
            if let Some(e) = etag {
                headers.push(("ETag".into(), e));
            }
            if let Some(lm) = last_modified {
                headers.push(("Last-Modified".into(), lm));
            }
            if fresh {
                stream.write_all(&head(304, &headers, None))?;
            } else {
                headers.push(("Content-Type".into(), content_type));
                stream.write_all(&head(200, &headers, Some(body.len())))?;
                stream.write_all(&body)?;
            }
        }
    }
    stream.flush()?;
    Ok(Some(stream))
}
