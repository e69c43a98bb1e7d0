//! `--har FILE`: every exchange the command makes, captured between the
//! SDK's `reqwest` client and the network by a relay on 127.0.0.1.
//!
//! Why a relay: progenitor 0.15 has no `reqwest` middleware; a
//! `reqwest::Client` given to `ClientBuilder::http_client` has no hook that
//! sees requests and response bodies (a connector layer sees only the
//! connection's bytes, encrypted for HTTPS); and the generated client's
//! pre/post hooks are the SDK's own transport, whose post hook runs before
//! the body is read, so a capture there would be a new public SDK hook for
//! a CLI concern. The relay needs no change to the SDK and sees every
//! attempt (retries included) exactly as sent and every response byte as
//! received. The SDK checks the real base URL first (https, or http on
//! loopback), so the key never leaves over plain HTTP.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;

use crate::failure::Failure;
use crate::har;

/// With `--har FILE`: the relay started in front of the base URL the
/// builder would use (checked by the SDK first, so the key never goes out
/// over plain HTTP because of the capture), and the builder pointed at it.
pub async fn relay(
    builder: postpress::ClientBuilder,
    har: Option<&std::path::Path>,
) -> Result<(postpress::ClientBuilder, Option<Capture>), Failure> {
    let Some(path) = har else {
        return Ok((builder, None));
    };
    let upstream = builder.clone().build()?.base_url().to_string();
    let capture = Capture::start(&upstream, path)
        .await
        .map_err(Failure::Output)?;
    // The hop to the relay is loopback: never through a proxy. The relay's
    // own client goes out as the SDK's would (system proxy, connect timeout).
    let loopback = reqwest_builder()
        .no_proxy()
        .build()
        .map_err(|e| Failure::Output(std::io::Error::other(e)))?;
    let builder = builder.base_url(capture.base_url()).http_client(loopback);
    Ok((builder, Some(capture)))
}

/// The relay and what it recorded.
pub struct Capture {
    base_url: String,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

struct Shared {
    /// The upstream base URL's origin (`https://api.postpress.ai`).
    origin: url::Url,
    http: reqwest::Client,
    /// Entries go to the file as exchanges complete.
    har: Mutex<Option<har::Writer>>,
}

/// A builder for the relay's own clients. The SDK's `rustls` feature gives
/// reqwest TLS without a crypto provider (`rustls-no-provider`; the SDK's
/// clients bring their configuration), and reqwest panics building a client
/// without one: ring, the SDK's provider, is installed first.
fn reqwest_builder() -> reqwest::ClientBuilder {
    // Err only when a provider is installed already, which is as good.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
}

/// Headers that belong to one connection, not to the exchange.
fn hop_by_hop(name: &str) -> bool {
    matches!(
        name,
        "host" | "connection" | "content-length" | "transfer-encoding" | "keep-alive"
    )
}

impl Capture {
    /// Starts the relay in front of `upstream` (a base URL the SDK accepted),
    /// writing to `path`.
    pub async fn start(upstream: &str, path: &std::path::Path) -> std::io::Result<Capture> {
        let invalid = |e: String| std::io::Error::new(std::io::ErrorKind::InvalidInput, e);
        let upstream = url::Url::parse(upstream).map_err(|e| invalid(e.to_string()))?;
        let http = reqwest_builder()
            // The SDK decides about redirects, as it would without the relay.
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(postpress::DEFAULT_CONNECT_TIMEOUT)
            .build()
            .map_err(|e| invalid(e.to_string()))?;
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let port = listener.local_addr()?.port();
        let base_url = format!(
            "http://127.0.0.1:{port}{}",
            upstream.path().trim_end_matches('/')
        );
        let shared = Arc::new(Shared {
            origin: upstream,
            http,
            har: Mutex::new(Some(har::Writer::create(path)?)),
        });
        let serving = Arc::clone(&shared);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let shared = Arc::clone(&serving);
                tokio::spawn(async move {
                    let service = service_fn(move |request| {
                        let shared = Arc::clone(&shared);
                        async move { shared.relay(request).await }
                    });
                    // A connection the SDK drops (its timeout) just ends.
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(Capture {
            base_url,
            shared,
            task,
        })
    }

    /// The base URL the SDK is pointed at.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Stops the relay and closes the HAR file.
    pub fn finish(self) -> std::io::Result<()> {
        self.task.abort();
        let writer = match self.shared.har.lock() {
            Ok(mut writer) => writer.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        };
        writer.map_or(Ok(()), har::Writer::finish)
    }
}

type Relayed = Result<Response<Full<Bytes>>, std::io::Error>;

impl Shared {
    async fn relay(&self, request: Request<Incoming>) -> Relayed {
        let started = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let clock = Instant::now();
        let (parts, body) = request.into_parts();
        let body = body
            .collect()
            .await
            .map_err(std::io::Error::other)?
            .to_bytes();
        let mut url = self.origin.clone();
        url.set_path(parts.uri.path());
        url.set_query(parts.uri.query());
        let mut forward = self.http.request(parts.method.clone(), url.clone());
        for (name, value) in &parts.headers {
            if !hop_by_hop(name.as_str()) {
                forward = forward.header(name, value);
            }
        }
        let sent = har::Sent {
            method: parts.method.as_str(),
            url: &url,
            headers: &parts.headers,
            body: &body,
        };
        let answer = match forward.body(body.clone()).send().await {
            Ok(response) => {
                let status = response.status();
                let version = format!("{:?}", response.version());
                let headers = response.headers().clone();
                match response.bytes().await {
                    Ok(bytes) => Ok((status, version, headers, bytes)),
                    Err(error) => Err(error),
                }
            }
            Err(error) => Err(error),
        };
        let millis = clock.elapsed().as_secs_f64() * 1000.0;
        let entry = match &answer {
            Ok((status, version, headers, bytes)) => {
                let received = har::Received {
                    status: status.as_u16(),
                    version,
                    headers,
                    body: bytes,
                };
                har::entry(&started, millis, &sent, Some(&received))
            }
            Err(_) => har::entry(&started, millis, &sent, None),
        };
        if let Some(writer) = self.har.lock().ok().as_mut().and_then(|w| w.as_mut()) {
            writer.entry(&entry)?;
        }
        // A transport error upstream is one for the SDK too: the connection
        // closes without an answer.
        let (status, _, headers, bytes) = answer.map_err(std::io::Error::other)?;
        let mut response = Response::new(Full::new(bytes));
        *response.status_mut() = status;
        for (name, value) in &headers {
            if !hop_by_hop(name.as_str()) {
                response.headers_mut().append(name, value.clone());
            }
        }
        Ok(response)
    }
}
