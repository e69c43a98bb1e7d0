//! A loopback HTTP/1.1 server that plays a script: one reply per connection,
//! in order, including replies no well-behaved server sends (a reset in the
//! middle of a body, headers that never come in time, truncated JSON). It
//! records every request it read.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one connection.
#[derive(Clone, Debug)]
pub enum Reply {
    /// A complete response: status, extra headers, body.
    Http(u16, Vec<(&'static str, String)>, Vec<u8>),
    /// Waits, then plays the inner reply.
    After(Duration, Box<Reply>),
    /// Sends the head announcing `declared` body bytes, then `sent` of them,
    /// then resets the connection.
    CutBody { declared: usize, sent: Vec<u8> },
}

impl Reply {
    /// A JSON response.
    pub fn json(status: u16, body: &serde_json::Value) -> Reply {
        Reply::Http(
            status,
            vec![("content-type", "application/json".into())],
            body.to_string().into_bytes(),
        )
    }

    /// A JSON response with a `Retry-After` header.
    pub fn json_retry_after(status: u16, body: &serde_json::Value, retry_after: &str) -> Reply {
        Reply::Http(
            status,
            vec![
                ("content-type", "application/json".into()),
                ("retry-after", retry_after.into()),
            ],
            body.to_string().into_bytes(),
        )
    }
}

/// One request as the server read it.
#[derive(Clone, Debug)]
pub struct Seen {
    /// Method and raw target, e.g. `GET /users/me?account_id=a`.
    pub request_line: String,
    /// Header lines, lowercased names.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

/// The running server.
pub struct Scripted {
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Scripted {
    /// Starts serving `replies`, one per connection, then stops accepting.
    pub async fn start(replies: Vec<Reply>) -> Scripted {
        Scripted::start_on("127.0.0.1:0", replies).await
    }

    /// [`Scripted::start`] on a given loopback address.
    pub async fn start_on(
        address: impl tokio::net::ToSocketAddrs,
        replies: Vec<Reply>,
    ) -> Scripted {
        let listener = TcpListener::bind(address).await.expect("bind loopback");
        Scripted::start_with(listener, replies)
    }

    /// [`Scripted::start`] on a listener the test made.
    pub fn start_with(listener: TcpListener, replies: Vec<Reply>) -> Scripted {
        let base_url = format!("http://{}", listener.local_addr().expect("address"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&seen);
        tokio::spawn(async move {
            for reply in replies {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let record = Arc::clone(&record);
                tokio::spawn(async move { serve(stream, reply, record).await });
            }
        });
        Scripted { base_url, seen }
    }

    /// Every request read so far.
    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().expect("not poisoned").clone()
    }
}

async fn serve(mut stream: TcpStream, reply: Reply, record: Arc<Mutex<Vec<Seen>>>) {
    let Some(seen) = read_request(&mut stream).await else {
        return;
    };
    record.lock().expect("not poisoned").push(seen);
    let mut reply = reply;
    while let Reply::After(delay, inner) = reply {
        tokio::time::sleep(delay).await;
        reply = *inner;
    }
    match reply {
        Reply::Http(status, headers, body) => {
            let mut head = format!(
                "HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n",
                body.len()
            );
            for (name, value) in headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str("\r\n");
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&body).await;
            let _ = stream.shutdown().await;
        }
        Reply::CutBody { declared, sent } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {declared}\r\n\r\n"
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&sent).await;
            let _ = stream.flush().await;
            // Linger zero: closing sends a reset instead of a clean FIN.
            let std = stream.into_std().expect("a tokio stream converts");
            let socket = socket2::SockRef::from(&std);
            let _ = socket.set_linger(Some(Duration::ZERO));
            drop(std);
        }
        Reply::After(..) => unreachable!("unwrapped above"),
    }
}

async fn read_request(stream: &mut TcpStream) -> Option<Seen> {
    let mut buffer = Vec::new();
    let mut chunk = [0_u8; 8192];
    let head_end = loop {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let request_line = lines.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or(0);
    let mut body = buffer[head_end..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Seen {
        request_line,
        headers,
        body,
    })
}
