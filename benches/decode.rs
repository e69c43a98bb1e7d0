//! Decoding cost: the SDK's typed decode against `serde_json::Value` and
//! against hand-written serde structs of the same fields, on a 1,000-item
//! relations page, a 100-person search page and a LinkedIn profile.
//!
//! `sdk` decodes as the SDK does (one UTF-8 check of the body, then
//! `serde_json::from_str`: `http/response.rs`, `pagination/page/split.rs`);
//! `sdk_from_slice` decodes the same types as the hand-written structs are,
//! with `serde_json::from_slice` (what reqwest's `json()` does).
//!
//! Also what departures cost: a whole `get_user` call on loopback with the
//! profile as written against the same call with five corrections, a
//! profile with 25 work experiences as written against the same with 50
//! (one repair round each), and the clean profile observing unknown fields
//! (`observe_unknown_fields`, which sends every response through the
//! tolerant decoder).
//!
//! Run: `cargo bench --bench decode`. Results: BENCHMARKS.md.
//!
//! `-- count INPUT KIND` (`relations`, `people` or `profile`; `sdk`,
//! `sdk_from_slice`, `hand`, or `variant` for the profile without its union)
//! decodes one input 1,000 times without criterion, to count instructions
//! under `valgrind --tool=callgrind` where the wall clock is noisy.
//! `-- pairs` times two decodes in alternating batches, in thread CPU time,
//! and prints the median ratio of the pairs, which holds up on a busy machine
//! better than two separate criterion runs.

#[path = "data.rs"]
mod data;
#[path = "loopback.rs"]
mod loopback;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group};
use postpress::{UserProfile, types};
use serde::de::DeserializeOwned;

/// As a hand-written caller decodes (and reqwest's `json()`).
fn decode<T: DeserializeOwned>(bytes: &[u8]) -> T {
    serde_json::from_slice(bytes).expect("valid input")
}

/// As the SDK decodes a body: one UTF-8 check, then `from_str`, which does
/// not check each string again.
fn decode_as_sdk<T: DeserializeOwned>(bytes: &[u8]) -> T {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    serde_json::from_str(text).expect("valid input")
}

fn bench_case<Sdk: DeserializeOwned, Hand: DeserializeOwned>(
    c: &mut Criterion,
    name: &str,
    bytes: &[u8],
) {
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("sdk", |b| {
        b.iter(|| black_box(decode_as_sdk::<Sdk>(black_box(bytes))))
    });
    group.bench_function("sdk_from_slice", |b| {
        b.iter(|| black_box(decode::<Sdk>(black_box(bytes))))
    });
    group.bench_function("serde_json_value", |b| {
        b.iter(|| black_box(decode::<serde_json::Value>(black_box(bytes))))
    });
    group.bench_function("hand_written", |b| {
        b.iter(|| black_box(decode::<Hand>(black_box(bytes))))
    });
    group.finish();
}

/// The search page with its items decoded straight as people, bypassing the
/// `SearchResult` union: what the union's variant selection costs.
#[derive(serde::Deserialize)]
struct PeopleOnly {
    #[allow(dead_code)]
    items: Vec<types::PeopleSearchResult>,
}

fn union_cost(c: &mut Criterion) {
    let bytes = data::people_page();
    let mut group = c.benchmark_group("people_search_100");
    group.bench_function("sdk_items_without_union", |b| {
        b.iter(|| black_box(decode_as_sdk::<PeopleOnly>(black_box(&bytes))))
    });
    group.finish();
    let profile = data::profile();
    let mut group = c.benchmark_group("linkedin_profile");
    group.bench_function("sdk_variant_without_union", |b| {
        b.iter(|| {
            black_box(decode_as_sdk::<types::LinkedinUserProfile>(black_box(
                &profile,
            )))
        })
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    bench_case::<types::UserRelationsList, data::HandRelations>(
        c,
        "relations_1000",
        &data::relations_page(1000, Some("c1")),
    );
    bench_case::<types::LinkedinSearch, data::HandSearch>(
        c,
        "people_search_100",
        &data::people_page(),
    );
    bench_case::<UserProfile, data::HandProfile>(c, "linkedin_profile", &data::profile());
}

/// The profile with five departures the SDK corrects: a null and a
/// missing required string, a number for a string, a string for a list, a
/// fraction for an integer.
fn departing_profile() -> Vec<u8> {
    let mut profile: serde_json::Value =
        serde_json::from_slice(&data::profile()).expect("the profile is JSON");
    profile["provider_id"] = serde_json::Value::Null;
    profile
        .as_object_mut()
        .expect("an object")
        .remove("headline");
    profile["last_name"] = serde_json::json!(7);
    profile["websites"] = serde_json::json!("https://jordan.dev");
    profile["follower_count"] = serde_json::json!(3.5);
    serde_json::to_vec(&profile).expect("JSON")
}

/// The profile with 25 work experiences: as written (`departures` false),
/// or each without its required `company` and with a string for its
/// optional boolean `current` (50 departures, each fixed in a round of its
/// own by the repair loop).
fn profile_with_25_jobs(departures: bool) -> Vec<u8> {
    let mut profile: serde_json::Value =
        serde_json::from_slice(&data::profile()).expect("the profile is JSON");
    let mut job = profile["work_experience"][0].clone();
    if departures {
        job.as_object_mut().expect("an object").remove("company");
        job["current"] = serde_json::json!("yes");
    }
    profile["work_experience"] = serde_json::Value::Array(vec![job; 25]);
    serde_json::to_vec(&profile).expect("JSON")
}

fn corrections_cost(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut group = c.benchmark_group("linkedin_profile");
    for (name, body, corrections, observe) in [
        ("sdk_call_clean", data::profile(), 0, false),
        ("sdk_call_with_5_corrections", departing_profile(), 5, false),
        (
            "sdk_call_25_jobs_clean",
            profile_with_25_jobs(false),
            0,
            false,
        ),
        (
            "sdk_call_25_jobs_with_50_corrections",
            profile_with_25_jobs(true),
            50,
            false,
        ),
        (
            "sdk_call_observing_unknown_fields",
            data::profile(),
            0,
            true,
        ),
    ] {
        let url = runtime.block_on(loopback::serve(body));
        let client = postpress::Client::builder()
            .api_key("bench-key")
            .base_url(url)
            .retry(postpress::RetryPolicy::none())
            .observe_unknown_fields(observe)
            .build()
            .expect("client");
        let call = || async {
            client
                .get_user()
                .identifier("jordan-walke")
                .account_id("acc_1")
                .send_with_json()
                .await
                .expect("decoded")
        };
        let response = runtime.block_on(call());
        assert_eq!(response.corrections().len(), corrections, "{name}");
        group.bench_function(name, |b| b.iter(|| black_box(runtime.block_on(call()))));
    }
    group.finish();
}

criterion_group! {
    name = decode_benches;
    config = Criterion::default().sample_size(50);
    targets = benches, union_cost, corrections_cost
}

type Decode<T> = fn(&[u8]) -> T;

/// Decodes `bytes` `times` times.
fn repeat<T>(decode: Decode<T>, bytes: &[u8], times: usize) {
    for _ in 0..times {
        black_box(decode(black_box(bytes)));
    }
}

fn count(input: &str, kind: &str) {
    const TIMES: usize = 1_000;
    let bytes = match input {
        "relations" => data::relations_page(1000, Some("c1")),
        "people" => data::people_page(),
        "profile" => data::profile(),
        _ => panic!("count INPUT KIND: INPUT is relations, people or profile"),
    };
    let run = |sdk: Decode<()>, slice: Decode<()>, hand: Decode<()>| match kind {
        "sdk" => repeat(sdk, &bytes, TIMES),
        "sdk_from_slice" => repeat(slice, &bytes, TIMES),
        "hand" => repeat(hand, &bytes, TIMES),
        "variant" if input == "profile" => repeat(
            |b| drop(decode_as_sdk::<types::LinkedinUserProfile>(b)),
            &bytes,
            TIMES,
        ),
        _ => panic!("count INPUT KIND: KIND is sdk, sdk_from_slice, hand or variant"),
    };
    match input {
        "relations" => run(
            |b| drop(decode_as_sdk::<types::UserRelationsList>(b)),
            |b| drop(decode::<types::UserRelationsList>(b)),
            |b| drop(decode::<data::HandRelations>(b)),
        ),
        "people" => run(
            |b| drop(decode_as_sdk::<types::LinkedinSearch>(b)),
            |b| drop(decode::<types::LinkedinSearch>(b)),
            |b| drop(decode::<data::HandSearch>(b)),
        ),
        _ => run(
            |b| drop(decode_as_sdk::<UserProfile>(b)),
            |b| drop(decode::<UserProfile>(b)),
            |b| drop(decode::<data::HandProfile>(b)),
        ),
    }
}

/// This thread's CPU time (user and system), in seconds: unlike the wall
/// clock, it does not count the time other processes hold the cores.
fn thread_cpu_seconds() -> f64 {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec for the call's duration.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(status, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    now.tv_sec as f64 + now.tv_nsec as f64 * 1e-9
}

/// CPU time of one decode, from a batch of `times`.
fn batch<T>(decode: Decode<T>, bytes: &[u8], times: usize) -> f64 {
    let started = thread_cpu_seconds();
    repeat(decode, bytes, times);
    (thread_cpu_seconds() - started) / times as f64
}

/// Decodes `a` and `b` timed in alternating batches, so that both sides of
/// each ratio see the same machine: median times and the median of the
/// per-pair ratios.
fn pairs<A, B>(name: &str, bytes: &[u8], times: usize, a: Decode<A>, b: Decode<B>) {
    const PAIRS: usize = 101;
    let (mut first, mut second, mut ratio) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..PAIRS {
        let (x, y) = (batch(a, bytes, times), batch(b, bytes, times));
        first.push(x);
        second.push(y);
        ratio.push(x / y);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "{name}: {:.3} µs / {:.3} µs = {:.3} (CPU time, median of {PAIRS} pairs)",
        median(&mut first) * 1e6,
        median(&mut second) * 1e6,
        median(&mut ratio)
    );
}

fn all_pairs() {
    let relations = data::relations_page(1000, Some("c1"));
    let (people, profile) = (data::people_page(), data::profile());
    pairs(
        "relations_1000, sdk / hand-written",
        &relations,
        5,
        decode_as_sdk::<types::UserRelationsList>,
        decode::<data::HandRelations>,
    );
    pairs(
        "people_search_100, sdk / hand-written",
        &people,
        10,
        decode_as_sdk::<types::LinkedinSearch>,
        decode::<data::HandSearch>,
    );
    pairs(
        "linkedin_profile, sdk / hand-written",
        &profile,
        2_000,
        decode_as_sdk::<UserProfile>,
        decode::<data::HandProfile>,
    );
    pairs(
        "linkedin_profile, sdk_from_slice / hand-written",
        &profile,
        2_000,
        decode::<UserProfile>,
        decode::<data::HandProfile>,
    );
    pairs(
        "linkedin_profile, union / variant",
        &profile,
        2_000,
        decode_as_sdk::<UserProfile>,
        decode_as_sdk::<types::LinkedinUserProfile>,
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "count") {
        let arg = |i: usize| args.get(at + i).map(String::as_str).unwrap_or_default();
        return count(arg(1), arg(2));
    }
    if args.iter().any(|a| a == "pairs") {
        return all_pairs();
    }
    decode_benches();
    Criterion::default().configure_from_args().final_summary();
}
