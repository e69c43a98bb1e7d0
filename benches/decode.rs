//! Decoding cost: the SDK's typed decode against `serde_json::Value` and
//! against hand-written serde structs of the same fields, on a 1,000-item
//! relations page, a 100-person search page and a LinkedIn profile.
//!
//! Run: `cargo bench --bench decode`. Results: BENCHMARKS.md.
//!
//! `-- count INPUT KIND` (`relations`, `people` or `profile`; `sdk`, `hand`,
//! or `variant` for the profile without its union) decodes one input 1,000 times without criterion, to count
//! instructions under `valgrind --tool=callgrind` where the wall clock is
//! noisy. `-- pairs` times the SDK and the hand-written decode in
//! alternating batches, in thread CPU time, and prints the median ratio of
//! each pair, which holds up on a busy machine better than two separate
//! criterion runs.

#[path = "data.rs"]
mod data;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group};
use postpress::{UserProfile, types};
use serde::de::DeserializeOwned;

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> T {
    serde_json::from_slice(bytes).expect("valid input")
}

fn bench_case<Sdk: DeserializeOwned, Hand: DeserializeOwned>(
    c: &mut Criterion,
    name: &str,
    bytes: &[u8],
) {
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("sdk", |b| {
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
        b.iter(|| black_box(decode::<PeopleOnly>(black_box(&bytes))))
    });
    group.finish();
    let profile = data::profile();
    let mut group = c.benchmark_group("linkedin_profile");
    group.bench_function("sdk_variant_without_union", |b| {
        b.iter(|| black_box(decode::<types::LinkedinUserProfile>(black_box(&profile))))
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

criterion_group! {
    name = decode_benches;
    config = Criterion::default().sample_size(50);
    targets = benches, union_cost
}

/// Decodes `bytes` as `T` `times` times.
fn repeat<T: DeserializeOwned>(bytes: &[u8], times: usize) {
    for _ in 0..times {
        black_box(decode::<T>(black_box(bytes)));
    }
}

fn count(input: &str, kind: &str) {
    const TIMES: usize = 1_000;
    match (input, kind) {
        ("relations", "sdk") => {
            repeat::<types::UserRelationsList>(&data::relations_page(1000, Some("c1")), TIMES)
        }
        ("relations", "hand") => {
            repeat::<data::HandRelations>(&data::relations_page(1000, Some("c1")), TIMES)
        }
        ("people", "sdk") => repeat::<types::LinkedinSearch>(&data::people_page(), TIMES),
        ("people", "hand") => repeat::<data::HandSearch>(&data::people_page(), TIMES),
        ("profile", "sdk") => repeat::<UserProfile>(&data::profile(), TIMES),
        ("profile", "hand") => repeat::<data::HandProfile>(&data::profile(), TIMES),
        ("profile", "variant") => repeat::<types::LinkedinUserProfile>(&data::profile(), TIMES),
        _ => panic!("count INPUT KIND: relations|people|profile, sdk|hand|variant"),
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

/// CPU time of one decode of `bytes` as `T`, from a batch of `times`.
fn batch<T: DeserializeOwned>(bytes: &[u8], times: usize) -> f64 {
    let started = thread_cpu_seconds();
    repeat::<T>(bytes, times);
    (thread_cpu_seconds() - started) / times as f64
}

/// SDK and hand-written decodes timed in alternating batches, so that both
/// sides of each ratio see the same machine: median times and the median of
/// the per-pair ratios.
fn pairs<Sdk: DeserializeOwned, Hand: DeserializeOwned>(name: &str, bytes: &[u8], times: usize) {
    const PAIRS: usize = 101;
    let (mut sdk, mut hand, mut ratio) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..PAIRS {
        let (s, h) = (batch::<Sdk>(bytes, times), batch::<Hand>(bytes, times));
        sdk.push(s);
        hand.push(h);
        ratio.push(s / h);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "{name}: sdk {:.3} µs, hand-written {:.3} µs, sdk / hand {:.3} (CPU time, median of {PAIRS} pairs)",
        median(&mut sdk) * 1e6,
        median(&mut hand) * 1e6,
        median(&mut ratio)
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "count") {
        let arg = |i: usize| args.get(at + i).map(String::as_str).unwrap_or_default();
        return count(arg(1), arg(2));
    }
    if args.iter().any(|a| a == "pairs") {
        let relations = data::relations_page(1000, Some("c1"));
        pairs::<types::UserRelationsList, data::HandRelations>("relations_1000", &relations, 5);
        pairs::<types::LinkedinSearch, data::HandSearch>(
            "people_search_100",
            &data::people_page(),
            10,
        );
        pairs::<UserProfile, data::HandProfile>("linkedin_profile", &data::profile(), 2_000);
        // What the union adds: the same profile decoded as its variant.
        pairs::<UserProfile, types::LinkedinUserProfile>(
            "linkedin_profile, union / variant",
            &data::profile(),
            2_000,
        );
        pairs::<types::LinkedinUserProfile, data::HandProfile>(
            "linkedin_profile, variant / hand",
            &data::profile(),
            2_000,
        );
        return;
    }
    decode_benches();
    Criterion::default().configure_from_args().final_summary();
}
