//! Bench inputs, built from the reference pages' examples, and the
//! hand-written serde structs the SDK's types are compared with.
#![allow(dead_code)] // each bench uses a subset

use serde::Deserialize;
use serde_json::{Value, json};

// The tests' fixture loader: `fixture` gives the text as the pages show it,
// keys in the API's order (`object`, then `type` or `provider`, first); going
// through `serde_json::Value` would sort the keys, which no API response does.
#[path = "../tests/it/common/fixtures.rs"]
mod fixtures;

pub fn relation(n: usize) -> Value {
    json!({
        "object": "UserRelation",
        "first_name": format!("First{n}"),
        "last_name": "Walke",
        "headline": "Engineer at Acme, building developer tools",
        "public_identifier": format!("member-{n}"),
        "public_profile_url": format!("https://www.linkedin.com/in/member-{n}"),
        "created_at": 1_747_400_000_000_i64 + n as i64,
        "member_id": format!("ACoAACr-{n}"),
        "member_urn": format!("urn:li:fsd_profile:ACoAACr-{n}"),
        "connection_urn": format!("urn:li:fsd_connection:(ACoAABxyz,ACoAACr-{n})"),
        "profile_picture_url": format!("https://media.licdn.com/{n}/profile.jpg"),
    })
}

/// A relations page of `items` relations (JSON bytes).
pub fn relations_page(items: usize, cursor: Option<&str>) -> Vec<u8> {
    let items: Vec<Value> = (0..items).map(relation).collect();
    json!({"object": "UserRelationsList", "items": items, "cursor": cursor})
        .to_string()
        .into_bytes()
}

/// A search page of 100 people with every documented field the example
/// shows, each a copy of the example's person, keys in the API's order.
pub fn people_page() -> Vec<u8> {
    let text = fixtures::fixture("linkedin_search.example_response.json");
    let page: Value = serde_json::from_str(&text).expect("example page");
    let person = &page["items"][0];
    let (id, public_id) = (
        person["id"].to_string(),
        person["public_identifier"].to_string(),
    );
    // The example's items array, read as written.
    let array_at = text.find("\"items\": [").expect("items") + "\"items\": ".len();
    let mut stream = serde_json::Deserializer::from_str(&text[array_at..])
        .into_iter::<Vec<Box<serde_json::value::RawValue>>>();
    let items = stream.next().expect("an items array").expect("valid items");
    let array_end = array_at + stream.byte_offset();
    let template = items[0].get();
    let items: Vec<String> = (0..100)
        .map(|n| {
            template
                .replacen(&id, &format!("\"ACoAAA{n}\""), 1)
                .replacen(&public_id, &format!("\"person-{n}\""), 1)
        })
        .collect();
    format!(
        "{}[{}]{}",
        &text[..array_at],
        items.join(","),
        &text[array_end..]
    )
    .into_bytes()
}

/// The LinkedIn profile of the retrieve-a-profile page, as written.
pub fn profile() -> Vec<u8> {
    fixtures::fixture("get_user.example_response.json").into_bytes()
}

// What a user would write by hand with serde for the same data: the same
// fields, no unions, no forward-compatibility.

#[derive(Deserialize)]
pub struct HandRelations {
    pub object: String,
    pub items: Vec<HandRelation>,
    pub cursor: Option<String>,
}

#[derive(Deserialize)]
pub struct HandRelation {
    pub object: String,
    pub first_name: String,
    pub last_name: String,
    pub headline: String,
    pub public_identifier: String,
    pub public_profile_url: String,
    pub created_at: i64,
    pub member_id: String,
    pub member_urn: String,
    pub connection_urn: String,
    pub profile_picture_url: Option<String>,
}

#[derive(Deserialize)]
pub struct HandSearch {
    pub object: String,
    pub items: Vec<HandPerson>,
    pub cursor: Option<String>,
    pub paging: HandPaging,
}

#[derive(Deserialize)]
pub struct HandPaging {
    pub start: Option<i64>,
    pub page_count: i64,
    pub total_count: i64,
}

#[derive(Deserialize)]
pub struct HandPerson {
    pub object: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
    pub public_identifier: Option<String>,
    pub public_profile_url: Option<String>,
    pub profile_url: String,
    pub profile_picture_url: Option<String>,
    pub profile_picture_url_large: Option<String>,
    pub member_urn: Option<String>,
    pub name: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub network_distance: String,
    pub location: Option<String>,
    pub industry: Option<String>,
    pub headline: Option<String>,
    pub connections_count: Option<i64>,
    pub followers_count: Option<i64>,
    pub pending_invitation: Option<bool>,
    pub can_send_inmail: Option<bool>,
    pub premium: Option<bool>,
    pub verified: Option<bool>,
    pub current_positions: Vec<HandPosition>,
}

#[derive(Deserialize)]
pub struct HandPosition {
    pub company: String,
    pub company_id: Option<String>,
    pub company_url: Option<String>,
    pub role: String,
    pub location: Option<String>,
    pub industry: Vec<String>,
    pub tenure_at_role: Option<HandTenure>,
    pub tenure_at_company: Option<HandTenure>,
    pub start: Option<HandMonth>,
}

#[derive(Deserialize)]
pub struct HandTenure {
    pub years: Option<i64>,
    pub months: Option<i64>,
}

#[derive(Deserialize)]
pub struct HandMonth {
    pub year: Option<i64>,
    pub month: Option<i64>,
}

#[derive(Deserialize)]
pub struct HandProfile {
    pub object: String,
    pub provider: String,
    pub provider_id: String,
    pub public_identifier: String,
    pub public_profile_url: String,
    pub first_name: String,
    pub last_name: String,
    pub headline: String,
    pub summary: Option<String>,
    pub location: Option<String>,
    pub websites: Vec<String>,
    pub profile_picture_url: Option<String>,
    pub profile_picture_url_large: Option<String>,
    pub background_picture_url: Option<String>,
    pub follower_count: Option<i64>,
    pub connections_count: Option<i64>,
    pub shared_connections_count: Option<i64>,
    pub network_distance: Option<String>,
    pub is_premium: Option<bool>,
    pub is_open_to_work: Option<bool>,
    pub is_self: Option<bool>,
    pub work_experience: Vec<HandExperience>,
    pub work_experience_total_count: Option<i64>,
    pub education: Vec<HandEducation>,
    pub education_total_count: Option<i64>,
    pub skills_total_count: Option<i64>,
    pub languages: Vec<HandLanguage>,
    pub languages_total_count: Option<i64>,
    pub throttled_sections: Vec<String>,
}

#[derive(Deserialize)]
pub struct HandExperience {
    pub position: String,
    pub company: String,
    pub company_id: Option<String>,
    pub company_url: Option<String>,
    pub industry: Vec<String>,
    pub location: Option<String>,
    pub description: Option<String>,
    pub skills: Vec<String>,
    pub current: Option<bool>,
    pub start: Option<String>,
    pub end: Option<String>,
}

#[derive(Deserialize)]
pub struct HandEducation {
    pub school: String,
    pub degree: Option<String>,
    pub field_of_study: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
}

#[derive(Deserialize)]
pub struct HandLanguage {
    pub name: String,
    pub proficiency: Option<String>,
}
