//! [`ExampleServer`]: a server on 127.0.0.1 that answers every operation
//! with the spec's own examples (the `postpress --mock` server).
//!
//! - `GET /users/{identifier}`: the profile example for an identifier that
//!   appears in the examples (`jordan-walke`, its provider id, ...), and the
//!   404 error envelope for any other.
//! - `GET /users/me`: the own-profile example.
//! - `GET /users/relations` and `POST /linkedin/search`: the example page,
//!   whose cursor leads to an empty last page (so a walk ends); any other
//!   cursor gets a 422 error envelope.
//! - `POST /linkedin/user/{user_id}`: the action example for a known id,
//!   404 otherwise.

use std::collections::BTreeSet;

use httpmock::prelude::*;
use httpmock::{HttpMockRequest, Then};
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Value, json};

use crate::{Client, ClientBuilder, Result};

/// A running server that answers every operation with the spec's examples;
/// it stops when dropped.
///
/// ```
/// # async fn run() -> Result<(), postpress::Error> {
/// let server = postpress::mock::ExampleServer::start().await;
/// let client = server.client()?;
/// let me = client.get_own_profile().account_id("acc_1").send().await?;
/// # Ok(()) }
/// ```
pub struct ExampleServer {
    pub(super) server: MockServer,
}

impl std::fmt::Debug for ExampleServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExampleServer")
            .field("base_url", &self.server.base_url())
            .finish()
    }
}

impl ExampleServer {
    /// A server whose operations fail first, then answer with the
    /// examples: one 503 before the profile, for a test of a retry.
    ///
    /// ```
    /// # async fn run() -> Result<(), postpress::Error> {
    /// use postpress::{ErrorKind, mock::ExampleServer};
    /// let server = ExampleServer::builder()
    ///     .fail("get_user", ErrorKind::ServiceUnavailable, 1)
    ///     .start()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn builder() -> super::ExampleServerBuilder {
        super::ExampleServerBuilder::default()
    }

    /// Starts the server on 127.0.0.1.
    pub async fn start() -> ExampleServer {
        let server = MockServer::start_async().await;
        serve_examples(&server).await;
        ExampleServer { server }
    }

    /// The base URL to point a client at.
    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    /// A client builder pointed at this server with a placeholder key; add
    /// settings (retries, limits) before `build`.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder()
            .api_key("pp_mock_key")
            .base_url(self.base_url())
    }

    /// A client pointed at this server.
    pub fn client(&self) -> Result<Client> {
        self.client_builder().build()
    }

    /// The underlying httpmock server, to add mocks of your own.
    pub fn server(&self) -> &MockServer {
        &self.server
    }
}

/// The 200 example of the operation `id` as the page prints it (keys in
/// its order), and decoded to read its ids and cursor (generation
/// guarantees one).
fn example(id: &str) -> (&'static str, Value) {
    let text = super::example_text(id).unwrap_or("null");
    (text, serde_json::from_str(text).unwrap_or(Value::Null))
}

/// A 200 answer with `text`, byte for byte.
fn answer(then: Then, text: &str) -> Then {
    then.status(200)
        .header("content-type", "application/json")
        .body(text)
}

/// Every id-like value in `value`: the ids a user may look up.
fn collect_ids(value: &Value, ids: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                if let (true, Some(id)) = (
                    matches!(
                        key.as_str(),
                        "provider_id" | "public_identifier" | "member_id" | "id"
                    ),
                    value.as_str(),
                ) {
                    ids.insert(id.to_string());
                }
                collect_ids(value, ids);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_ids(item, ids)),
        _ => {}
    }
}

fn envelope(then: Then, status: u16, kind: &str, title: &str, detail: String) -> Then {
    then.status(status)
        .header("content-type", "application/json")
        .json_body(json!({
            "title": title,
            "detail": detail,
            "instance": format!("req_mock_{kind}"),
            "type": format!("errors/{kind}"),
            "status": status,
        }))
}

/// The last segment of the request path, percent-decoded.
fn last_segment(req: &HttpMockRequest) -> String {
    let path = req.uri().path().to_string();
    let segment = path.rsplit('/').next().unwrap_or_default();
    percent_decode(segment)
}

fn percent_decode(text: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", text.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

fn query(req: &HttpMockRequest, name: &str) -> Option<String> {
    req.query_params()
        .into_iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value)
}

/// The cursor of a search request: in the query, or alone in the body.
fn search_cursor(req: &HttpMockRequest) -> Option<String> {
    query(req, "cursor").or_else(|| {
        let body: Value = serde_json::from_slice(req.body().as_ref()).ok()?;
        let object = body.as_object()?;
        (object.len() == 1).then(|| object.get("cursor")?.as_str().map(str::to_string))?
    })
}

/// The same page with no items and no cursor, the end of the listing: the
/// example's text with those two values replaced, every other key and its
/// place kept.
fn last_page(page_text: &str) -> String {
    let Ok(OrderedObject(entries)) = serde_json::from_str::<OrderedObject>(page_text) else {
        return page_text.to_string();
    };
    let fields: Vec<String> = entries
        .iter()
        .map(|(key, value)| {
            let value = match key.as_str() {
                "items" => "[]",
                "cursor" => "null",
                _ => value.get(),
            };
            format!("{}:{value}", Value::from(key.as_str()))
        })
        .collect();
    format!("{{{}}}", fields.join(","))
}

/// A JSON object's entries in the order of its text, each value as received.
struct OrderedObject(Vec<(String, Box<RawValue>)>);

impl<'de> Deserialize<'de> for OrderedObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct Ordered;
        impl<'de> Visitor<'de> for Ordered {
            type Value = OrderedObject;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: MapAccess<'de>>(
                self,
                mut map: M,
            ) -> std::result::Result<OrderedObject, M::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(OrderedObject(entries))
            }
        }
        deserializer.deserialize_map(Ordered)
    }
}

/// Serves a listing as two pages: its example (which carries `cursor`)
/// for a request without a cursor, its last page (`last_page`) for that
/// cursor, and the API's error for any other cursor. `cursor_of` reads a
/// request's cursor.
async fn serve_two_pages(
    server: &MockServer,
    method: &'static str,
    path: &'static str,
    first_text: &str,
    cursor: Option<String>,
    cursor_of: fn(&HttpMockRequest) -> Option<String>,
) {
    let last = last_page(first_text);
    server
        .mock_async(|when, then| {
            when.method(method)
                .path(path)
                .is_true(move |req| cursor_of(req).is_none());
            answer(then, first_text);
        })
        .await;
    let known = cursor.clone();
    server
        .mock_async(|when, then| {
            when.method(method)
                .path(path)
                .is_true(move |req| cursor_of(req).is_some() && cursor_of(req) == known);
            answer(then, &last);
        })
        .await;
    server
        .mock_async(move |when, then| {
            when.method(method)
                .path(path)
                .is_true(move |req| cursor_of(req).is_some() && cursor_of(req) != cursor);
            envelope(
                then,
                422,
                "invalid_parameters",
                "Invalid cursor",
                "The mock server knows one cursor: the one its first page returns.".into(),
            );
        })
        .await;
}

/// Adds a mock answering each operation with its example to `server`.
pub(super) async fn serve_examples(server: &MockServer) {
    let (profile_text, profile) = example("get_user");
    let (me_text, me) = example("get_own_profile");
    let (relations_text, relations) = example("list_relations");
    let (search_text, search) = example("linkedin_search");
    let (action_text, _) = example("linkedin_user_action");
    let mut known = BTreeSet::new();
    for value in [&profile, &me, &relations, &search] {
        collect_ids(value, &mut known);
    }
    let relations_cursor = relations["cursor"].as_str().map(str::to_string);
    let search_cursor_value = search["cursor"].as_str().map(str::to_string);

    server
        .mock_async(|when, then| {
            when.method(GET).path("/users/me");
            answer(then, me_text);
        })
        .await;
    let relations_cursor_of = |req: &HttpMockRequest| query(req, "cursor");
    let (path, text) = ("/users/relations", relations_text);
    serve_two_pages(
        server,
        "GET",
        path,
        text,
        relations_cursor,
        relations_cursor_of,
    )
    .await;
    let (path, text) = ("/linkedin/search", search_text);
    serve_two_pages(
        server,
        "POST",
        path,
        text,
        search_cursor_value,
        search_cursor,
    )
    .await;
    let is_user_path = |req: &HttpMockRequest| {
        let uri = req.uri();
        let path = uri.path();
        path.starts_with("/users/") && path != "/users/me" && path != "/users/relations"
    };
    for (method, prefix, body) in [
        ("GET", "/users/", profile_text),
        ("POST", "/linkedin/user/", action_text),
    ] {
        let (known_ids, unknown_ids) = (known.clone(), known.clone());
        let in_scope = move |req: &HttpMockRequest| {
            req.uri().path().starts_with(prefix) && (prefix != "/users/" || is_user_path(req))
        };
        server
            .mock_async(|when, then| {
                when.method(method)
                    .is_true(move |req| in_scope(req) && known_ids.contains(&last_segment(req)));
                answer(then, body);
            })
            .await;
        server
            .mock_async(|when, then| {
                when.method(method)
                    .is_true(move |req| in_scope(req) && !unknown_ids.contains(&last_segment(req)));
                envelope(
                    then,
                    404,
                    "resource_not_found",
                    "User not found",
                    "The mock server only knows the users in the spec's examples.".into(),
                );
            })
            .await;
    }
}
