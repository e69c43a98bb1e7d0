//! Decoding cost: the SDK's typed decode against `serde_json::Value` and
//! against hand-written serde structs of the same fields, on a 1,000-item
//! relations page, a 100-person search page and a LinkedIn profile.
//!
//! Run: `cargo bench --bench decode`. Results: BENCHMARKS.md.

#[path = "data.rs"]
mod data;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
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
criterion_main!(decode_benches);
