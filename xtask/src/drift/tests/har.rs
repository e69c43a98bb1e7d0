//! HAR captures: exchanges matched and walked against the spec.

use super::super::observation::Kind;
use super::super::{peer, review};
use super::{repo, root};

#[test]
fn har_exchanges_that_cannot_be_checked_are_noted_and_a_cut_capture_is_unreadable() {
    let repo = repo();
    let (_, text) = peer::captures(&root()).unwrap().remove(0);
    let mut har: serde_json::Value = serde_json::from_str(&text).unwrap();
    let entries = har["log"]["entries"].as_array_mut().unwrap();
    entries.truncate(2);
    entries[0]["request"]["url"] = "https://api.postpress.ai/api/v1/nowhere".into();
    entries[1]["response"]["content"]["text"] = "<html>proxy error</html>".into();
    let har = serde_json::to_string_pretty(&har).unwrap();
    let inputs = [("c.har".to_string(), har.clone())];
    let checked = review(&repo.spec, &repo.pages, &inputs).unwrap().unwrap();
    assert_eq!(
        checked.notes,
        [
            "c.har entry 1: GET https://api.postpress.ai/api/v1/nowhere (200): no operation of the spec has this method and path",
            "c.har entry 2: GET https://api.postpress.ai/api/v1/users/someone-else?account_id=acc_1 (200): the response body is not JSON",
        ]
    );
    assert!(checked.findings.is_empty());
    let cut = [("c.har".to_string(), har[..har.len() / 2].to_string())];
    let error = review(&repo.spec, &repo.pages, &cut).unwrap().unwrap_err();
    assert_eq!(error.file, "c.har");
    assert!(error.line > 1, "{error}");
}

/// Every field path of a JSON value, at any depth (`a.b[0].c`).
fn paths(value: &serde_json::Value, at: &str, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                let path = if at.is_empty() {
                    key.clone()
                } else {
                    format!("{at}.{key}")
                };
                out.push(path.clone());
                paths(inner, &path, out);
            }
        }
        serde_json::Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                paths(inner, &format!("{at}[{index}]"), out);
            }
        }
        _ => {}
    }
}

/// Each example response of the pages reports nothing; nulled, removed or
/// retyped at any one field, it reports that path and no other (a union's
/// tag retyped: the union's own path, as an unknown variant).
#[test]
fn a_one_field_departure_of_any_example_is_reported_at_its_path_only() {
    let repo = repo();
    let spec = crate::pages::Spec::parse(&repo.spec).unwrap();
    let (mut checked, mut reported) = (0, 0);
    for operation in [
        "get_user",
        "get_own_profile",
        "list_relations",
        "linkedin_search",
        "linkedin_user_action",
    ] {
        let file = root().join(format!("tests/fixtures/{operation}.example_response.json"));
        let example: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let template = spec.document["paths"]
            .as_object()
            .unwrap()
            .iter()
            .find_map(|(_, item)| {
                item.as_object()?
                    .values()
                    .find(|op| op["operationId"] == operation)
            })
            .unwrap();
        let schema = &template["responses"]["200"]["content"]["application/json"]["schema"];
        let walk = |body: &serde_json::Value| {
            let mut walker = super::super::walk::Walker::new(&spec.document, operation, 200);
            walker.body(schema, &format!("{operation}.200"), body);
            walker.found
        };
        assert_eq!(walk(&example), [], "{operation}: the example itself");
        let mut all = Vec::new();
        paths(&example, "", &mut all);
        for path in all {
            let pointer = peer::pointer(&path);
            for departure in ["null", "remove", "retype"] {
                let mut body = example.clone();
                let (parent, key) = pointer.rsplit_once('/').unwrap();
                let slot = body.pointer_mut(parent).unwrap().as_object_mut().unwrap();
                match departure {
                    "null" => drop(slot.insert(key.to_string(), serde_json::Value::Null)),
                    "remove" => drop(slot.remove(key)),
                    _ => {
                        let other = match slot[key] {
                            serde_json::Value::Bool(_) => serde_json::json!([1]),
                            _ => serde_json::json!(true),
                        };
                        slot.insert(key.to_string(), other);
                    }
                }
                checked += 1;
                let found = walk(&body);
                reported += usize::from(!found.is_empty());
                let parent_path = path.rsplit_once('.').map_or("", |(p, _)| p);
                for o in &found {
                    let at_union = o.kind == Kind::UnknownVariant && o.path == parent_path;
                    assert!(
                        o.path == path || at_union,
                        "{operation} {departure} {path}: {o:?}"
                    );
                }
                // `SearchConfig.params` is a free-form object: its fields have no type.
                let typed = !path.starts_with("config.params.");
                if departure == "retype" && typed {
                    assert!(!found.is_empty(), "{operation} retype {path}: not reported");
                }
            }
        }
    }
    // Not every null or removal departs (optional or nullable fields), but most do.
    assert!(reported * 2 > checked, "{reported} of {checked}");
}

#[test]
fn har_paths_become_json_pointers() {
    assert_eq!(
        peer::pointer("work_experience[0].skills"),
        "/work_experience/0/skills"
    );
    assert_eq!(peer::pointer("items[3]"), "/items/3");
    assert_eq!(peer::pointer(""), "");
}
