//! Decoding cost: the SDK's typed decode against `serde_json::Value` and
//! against hand-written serde structs of the same fields, on a 1,000-item
//! relations page, a 100-person search page and a LinkedIn profile.
//!
//! Also what departures cost: a whole `get_user` call on loopback with the
//! profile as written against the same call with five corrections; and the
//! clean profile through `serde_ignored` (what `observe_unknown_fields`
//! adds to the fast path).
//!
//! Run: `cargo bench --bench decode`. Results: BENCHMARKS.md.

#[path = "data.rs"]
mod data;
#[path = "loopback.rs"]
mod loopback;

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

/// The profile with five departures the SDK corrects: a null and a
/// missing required string, a number for a string, a string for a list, a
/// fraction for an integer.
fn departing_profile() -> Vec<u8> {
    let mut profile: serde_json::Value =
        serde_json::from_slice(&data::profile()).expect("the profile is JSON");
    profile["first_name"] = serde_json::Value::Null;
    profile
        .as_object_mut()
        .expect("an object")
        .remove("headline");
    profile["last_name"] = serde_json::json!(7);
    profile["websites"] = serde_json::json!("https://jordan.dev");
    profile["follower_count"] = serde_json::json!(3.5);
    serde_json::to_vec(&profile).expect("JSON")
}

fn corrections_cost(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut group = c.benchmark_group("linkedin_profile");
    for (name, body, corrections) in [
        ("sdk_call_clean", data::profile(), 0),
        ("sdk_call_with_5_corrections", departing_profile(), 5),
    ] {
        let url = runtime.block_on(loopback::serve(body));
        let client = postpress::Client::builder()
            .api_key("bench-key")
            .base_url(url)
            .retry(postpress::RetryPolicy::none())
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
    let profile = String::from_utf8(data::profile()).expect("UTF-8");
    group.bench_function("sdk_through_serde_ignored", |b| {
        b.iter(|| {
            let mut ignored = 0_usize;
            let mut input = serde_json::Deserializer::from_str(black_box(&profile));
            let value: UserProfile =
                serde_ignored::deserialize(&mut input, |_| ignored += 1).expect("valid input");
            black_box((value, ignored))
        })
    });
    group.finish();
}

criterion_group! {
    name = decode_benches;
    config = Criterion::default().sample_size(50);
    targets = benches, union_cost, corrections_cost
}
criterion_main!(decode_benches);
