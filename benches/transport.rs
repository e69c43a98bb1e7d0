//! Whole-request costs against loopback servers, each measured beside its
//! baseline in the same run (median of several runs):
//!
//! - `requests`: 2,000 sequential `GET /users/relations` (one small page),
//!   the SDK vs raw `reqwest` + `serde_json` into the same generated type.
//! - `pagination`: 100,000 relations in 100 pages, the server answering each
//!   page after 20 ms, the consumer spending 20 µs per item: the SDK's
//!   prefetching stream vs a sequential fetch-then-consume loop; and the peak
//!   heap while streaming 10 vs 100 pages.
//!
//! Run: `cargo bench --bench transport` (add `-- quick` for fewer runs).
//! Results: BENCHMARKS.md.

#[path = "data.rs"]
mod data;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures::TryStreamExt;
use postpress::{Client, RetryPolicy, types};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Counts live heap bytes and their peak.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator; only counts sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        // SAFETY: same layout contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` came from `alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A keep-alive HTTP/1.1 server: `pages[i]` answers the request whose
/// `cursor` is `c{i}` (no cursor: page 0), after `delay`.
async fn serve(pages: Arc<Vec<Vec<u8>>>, delay: Duration) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let pages = Arc::clone(&pages);
            // Without this, a response written after the request's last
            // packet waits for the peer's delayed ACK (about 40 ms).
            let _ = stream.set_nodelay(true);
            tokio::spawn(async move {
                let mut buffer = Vec::with_capacity(4096);
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
                    let index = head
                        .split_once("cursor=c")
                        .and_then(|(_, rest)| rest.split(|c: char| !c.is_ascii_digit()).next())
                        .and_then(|n| n.parse::<usize>().ok())
                        .unwrap_or(0);
                    if !delay.is_zero() {
                        tokio::time::sleep(delay).await;
                    }
                    let body = &pages[index.min(pages.len() - 1)];
                    let mut response = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                        body.len()
                    )
                    .into_bytes();
                    response.extend_from_slice(body);
                    if stream.write_all(&response).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    url
}

fn client(base_url: &str) -> Client {
    Client::builder()
        .api_key("bench-key")
        .base_url(base_url)
        .retry(RetryPolicy::none())
        .build()
        .expect("client")
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn busy_wait(duration: Duration) {
    let until = Instant::now() + duration;
    while Instant::now() < until {
        std::hint::spin_loop();
    }
}

/// What a hand-written call does: the URL and its query built per call, the
/// key header, the body read and decoded; with `timeout`, the per-request
/// timeout a production client sets (the SDK always has one).
async fn raw_call(raw: &reqwest::Client, url: &str, timeout: Option<Duration>) {
    let mut request = raw
        .get(url)
        .query(&[("account_id", "acc_1")])
        .header("x-api-key", "bench-key");
    if let Some(timeout) = timeout {
        request = request.timeout(timeout);
    }
    let response = request.send().await.expect("response");
    let bytes = response.bytes().await.expect("body");
    let page: types::UserRelationsList = serde_json::from_slice(&bytes).expect("page");
    std::hint::black_box(page);
}

async fn profile_calls(kind: &str) {
    let base = serve(
        Arc::new(vec![data::relations_page(10, None)]),
        Duration::ZERO,
    )
    .await;
    let sdk = client(&base);
    let raw = reqwest::Client::new();
    let url = format!("{base}/users/relations");
    for _ in 0..2000 {
        if kind == "sdk" {
            let page = sdk
                .list_relations()
                .account_id("acc_1")
                .send()
                .await
                .expect("page");
            std::hint::black_box(page);
        } else {
            raw_call(&raw, &url, Some(Duration::from_secs(60))).await;
        }
    }
}

async fn requests(runs: usize) {
    let base = serve(
        Arc::new(vec![data::relations_page(10, None)]),
        Duration::ZERO,
    )
    .await;
    let sdk = client(&base);
    let raw = reqwest::Client::new();
    let url = format!("{base}/users/relations");
    let (mut sdk_times, mut raw_times, mut timed_times) = (Vec::new(), Vec::new(), Vec::new());
    // Each run makes 2,000 calls of each kind in interleaved blocks of 100,
    // so drift in the machine's speed falls on all three alike.
    for _ in 0..runs {
        let (mut sdk_run, mut raw_run, mut timed_run) =
            (Duration::ZERO, Duration::ZERO, Duration::ZERO);
        for _ in 0..20 {
            let started = Instant::now();
            for _ in 0..100 {
                let page = sdk
                    .list_relations()
                    .account_id("acc_1")
                    .send()
                    .await
                    .expect("page");
                std::hint::black_box(page);
            }
            sdk_run += started.elapsed();
            let started = Instant::now();
            for _ in 0..100 {
                raw_call(&raw, &url, None).await;
            }
            raw_run += started.elapsed();
            let started = Instant::now();
            for _ in 0..100 {
                raw_call(&raw, &url, Some(Duration::from_secs(60))).await;
            }
            timed_run += started.elapsed();
        }
        sdk_times.push(sdk_run);
        raw_times.push(raw_run);
        timed_times.push(timed_run);
    }
    let (sdk, raw, timed) = (median(sdk_times), median(raw_times), median(timed_times));
    println!(
        "requests/2000_sequential_gets  sdk {:>9.1} ms  raw_reqwest {:>9.1} ms  ratio {:.3}",
        sdk.as_secs_f64() * 1e3,
        raw.as_secs_f64() * 1e3,
        sdk.as_secs_f64() / raw.as_secs_f64()
    );
    println!(
        "requests/2000_sequential_gets  sdk {:>9.1} ms  raw_reqwest_with_timeout {:>9.1} ms  ratio {:.3}",
        sdk.as_secs_f64() * 1e3,
        timed.as_secs_f64() * 1e3,
        sdk.as_secs_f64() / timed.as_secs_f64()
    );
}

fn pages_of(count: usize, per_page: usize) -> Arc<Vec<Vec<u8>>> {
    Arc::new(
        (0..count)
            .map(|i| {
                let next = (i + 1 < count).then(|| format!("c{}", i + 1));
                data::relations_page(per_page, next.as_deref())
            })
            .collect(),
    )
}

/// Streams every relation with the SDK, spending `work` per item; returns
/// the item count and the peak heap growth during the walk.
async fn walk(base: &str, prefetch: bool, work: Duration) -> (usize, usize) {
    let client = client(base);
    let baseline = LIVE.load(Ordering::Relaxed);
    PEAK.store(baseline, Ordering::Relaxed);
    let mut items = client
        .relations("acc_1")
        .limit(1000)
        .prefetch(prefetch)
        .items();
    let mut count = 0;
    while let Some(relation) = items.try_next().await.expect("relation") {
        std::hint::black_box(&relation);
        busy_wait(work);
        count += 1;
    }
    (count, PEAK.load(Ordering::Relaxed).saturating_sub(baseline))
}

/// The loop a user writes without the SDK's stream: fetch a page, consume
/// it, fetch the next.
async fn sequential(base: &str, work: Duration) -> usize {
    let client = client(base);
    let mut cursor: Option<String> = None;
    let mut count = 0;
    loop {
        let mut request = client.list_relations().account_id("acc_1");
        if let Some(c) = &cursor {
            request = request.cursor(c.as_str());
        }
        let page = request.send().await.expect("page");
        for relation in page.items() {
            std::hint::black_box(relation);
            busy_wait(work);
            count += 1;
        }
        match page.cursor() {
            Some(next) => cursor = Some(next.to_string()),
            None => return count,
        }
    }
}

async fn pagination(runs: usize) {
    let work = Duration::from_micros(20);
    let base = serve(pages_of(100, 1000), Duration::from_millis(20)).await;
    let (mut prefetched, mut one_by_one, mut plain) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let started = Instant::now();
        assert_eq!(walk(&base, true, work).await.0, 100_000);
        prefetched.push(started.elapsed());
        let started = Instant::now();
        assert_eq!(walk(&base, false, work).await.0, 100_000);
        one_by_one.push(started.elapsed());
        let started = Instant::now();
        assert_eq!(sequential(&base, work).await, 100_000);
        plain.push(started.elapsed());
    }
    let (prefetched, one_by_one, plain) = (median(prefetched), median(one_by_one), median(plain));
    println!(
        "pagination/100k_in_100_pages  sdk_prefetch {:>7.0} ms  sdk_no_prefetch {:>7.0} ms  sequential_loop {:>7.0} ms  ratio {:.3}",
        prefetched.as_secs_f64() * 1e3,
        one_by_one.as_secs_f64() * 1e3,
        plain.as_secs_f64() * 1e3,
        prefetched.as_secs_f64() / plain.as_secs_f64()
    );
    for pages in [10, 100] {
        let base = serve(pages_of(pages, 1000), Duration::ZERO).await;
        let (count, peak) = walk(&base, true, Duration::ZERO).await;
        assert_eq!(count, pages * 1000);
        println!(
            "pagination/peak_heap_{pages}_pages  {:>7.2} MiB  (one page is {:.2} MiB of JSON)",
            peak as f64 / (1024.0 * 1024.0),
            data::relations_page(1000, Some("c1")).len() as f64 / (1024.0 * 1024.0)
        );
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `-- quick` runs fewer rounds.
    let quick = std::env::args().any(|a| a == "quick");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    // `-- requests` or `-- pagination` runs only that part.
    let only = |part: &str| {
        let parts = ["requests", "pagination"];
        let named: Vec<String> = std::env::args()
            .filter(|a| parts.contains(&a.as_str()))
            .collect();
        named.is_empty() || named.iter().any(|a| a == part)
    };
    // `-- profile-sdk` / `-- profile-raw`: 2,000 calls of one kind only, to
    // run under a profiler (`valgrind --tool=callgrind`) and compare.
    if let Some(kind) =
        std::env::args().find_map(|a| a.strip_prefix("profile-").map(str::to_string))
    {
        runtime.block_on(profile_calls(&kind));
        return;
    }
    runtime.block_on(async {
        if only("requests") {
            requests(if quick { 3 } else { 7 }).await;
        }
        if only("pagination") {
            pagination(if quick { 1 } else { 5 }).await;
        }
    });
}
