//! A loopback server that walks `GET /users/relations` pages by cursor and
//! records when each request arrived: pacing is read from arrival times, not
//! from how long the client took. The limits bench uses it too.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The server's base URL and the requests it saw, in arrival order.
pub struct PageServer {
    pub base_url: String,
    seen: Arc<Mutex<Vec<(Instant, String)>>>,
}

impl PageServer {
    /// Serves `pages` pages: no cursor is page 0, cursor `c{i}` page `i`;
    /// every page but the last names the next one.
    pub async fn start(pages: usize) -> PageServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base_url = format!("http://{}", listener.local_addr().expect("addr"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let log = Arc::clone(&log);
                // Without this, a response written after the request's last
                // packet waits for the peer's delayed ACK (about 40 ms).
                let _ = stream.set_nodelay(true);
                tokio::spawn(async move {
                    let mut buffer = Vec::new();
                    let mut chunk = [0_u8; 4096];
                    loop {
                        let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") else {
                            match stream.read(&mut chunk).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                            }
                            continue;
                        };
                        let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
                        buffer.drain(..end + 4);
                        let target = head.split(' ').nth(1).unwrap_or_default().to_string();
                        log.lock()
                            .expect("log")
                            .push((Instant::now(), target.clone()));
                        let page = target
                            .split_once("cursor=c")
                            .and_then(|(_, rest)| rest.split('&').next()?.parse::<usize>().ok())
                            .unwrap_or(0);
                        let next = (page + 1 < pages).then(|| format!("c{}", page + 1));
                        let body = serde_json::json!({
                            "object": "UserRelationsList",
                            "items": [],
                            "cursor": next,
                        })
                        .to_string();
                        let response = format!(
                            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                            body.len()
                        );
                        if stream.write_all(response.as_bytes()).await.is_err() {
                            return;
                        }
                    }
                });
            }
        });
        PageServer { base_url, seen }
    }

    /// When each request arrived, and its path and query.
    pub fn seen(&self) -> Vec<(Instant, String)> {
        self.seen.lock().expect("log").clone()
    }

    /// The arrival times, in order.
    pub fn arrivals(&self) -> Vec<Instant> {
        self.seen().into_iter().map(|(at, _)| at).collect()
    }
}
