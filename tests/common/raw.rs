//! A hand-rolled HTTP/1.1 stand-in on loopback for what a mock server cannot do: reset a
//! connection, stall mid-body, never answer, send a body larger than announced limits. It runs
//! on a thread of its own (like wiremock), so a test that blocks on a subprocess does not
//! starve it, and it ends with the test process.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// Writes these bytes (a whole HTTP answer) and closes the connection.
    Bytes(Vec<u8>),
    /// Writes these bytes, then holds the connection open without writing more.
    BytesThenStall(Vec<u8>),
    /// Closes the connection with a TCP reset, without answering.
    Reset,
}

/// A request as the server saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub authorization: Option<String>,
}

/// The running server: its base URL and the requests it received.
pub struct RawServer {
    pub base_url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl RawServer {
    /// Starts a server answering each request with `handler(method, path)`.
    pub fn start(handler: impl Fn(&str, &str) -> Reply + Send + Sync + 'static) -> RawServer {
        let std_listener =
            std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        std_listener.set_nonblocking(true).expect("non-blocking");
        let base_url = format!("http://{}", std_listener.local_addr().expect("address"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&seen);
        let handler = Arc::new(handler);
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                let listener = TcpListener::from_std(std_listener).expect("listener");
                while let Ok((stream, _)) = listener.accept().await {
                    let handler = Arc::clone(&handler);
                    let recorded = Arc::clone(&recorded);
                    tokio::spawn(async move {
                        serve(stream, handler.as_ref(), &recorded).await;
                    });
                }
            });
        });
        RawServer { base_url, seen }
    }

    /// Every request received so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// How many requests went to `path` (e.g. `/api/4.0/login`).
    pub fn count(&self, path: &str) -> usize {
        self.seen().iter().filter(|s| s.path == path).count()
    }
}

/// Reads one request (headers and a `Content-Length` body) and replies as `handler` says.
async fn serve(
    mut stream: TcpStream,
    handler: &(dyn Fn(&str, &str) -> Reply + Send + Sync),
    seen: &Mutex<Vec<Seen>>,
) {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = find(&buffer, b"\r\n\r\n") {
            break end + 4;
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.lines();
    let mut request_line = lines.next().unwrap_or_default().split(' ');
    let method = request_line.next().unwrap_or_default().to_owned();
    let target = request_line.next().unwrap_or_default();
    let path = target.split('?').next().unwrap_or_default().to_owned();
    let header = |name: &str| {
        head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    };
    let length: usize = header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    while buffer.len() < head_end + length {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
    if let Ok(mut seen) = seen.lock() {
        seen.push(Seen {
            method: method.clone(),
            path: path.clone(),
            authorization: header("authorization"),
        });
    }
    match handler(&method, &path) {
        Reply::Bytes(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
        }
        Reply::BytesThenStall(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.flush().await;
            tokio::time::sleep(Duration::from_secs(300)).await;
        }
        Reply::Reset => {
            let _ = stream.set_zero_linger();
            drop(stream);
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A whole HTTP/1.1 answer with `Content-Length` and `Connection: close`.
pub fn answer(status: u16, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut bytes = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// Looker's answer to a login: `token`, valid for an hour.
pub fn login_answer(token: &str) -> Reply {
    let body = format!(r#"{{"access_token":"{token}","token_type":"Bearer","expires_in":3600}}"#);
    Reply::Bytes(answer(200, "application/json", body.as_bytes()))
}
