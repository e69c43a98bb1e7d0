use serde_json::{Value, json};

use super::*;

/// The search body schema whose `api` and `category` are these.
fn body_schema<'a>(spec: &'a Value, api: &str, category: &str) -> Option<&'a Value> {
    spec["components"]["schemas"]
        .as_object()?
        .values()
        .find(|schema| {
            schema["properties"]["api"]["enum"][0] == api
                && schema["properties"]["category"]["enum"][0] == category
        })
}

fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str().and_then(|r| r.rsplit('/').next()) {
        Some(name) => &spec["components"]["schemas"][name],
        None => schema,
    }
}

/// Every rule's path is a field of its search body in the spec, and a
/// list where the rule wants one: a renamed field cannot leave a rule
/// checking nothing.
#[test]
fn every_rule_names_a_field_of_its_search_body() {
    let spec: Value =
        serde_yaml_ng::from_str(include_str!("../../openapi/postpress.yaml")).unwrap_or_default();
    for (api, category, path, rule) in RULES {
        let mut schema = body_schema(&spec, api, category)
            .unwrap_or_else(|| panic!("no {api} {category} search body"));
        for step in path.split('.') {
            let (key, each) = step.strip_suffix("[]").map_or((step, false), |k| (k, true));
            schema = resolve(&spec, &schema["properties"][key]);
            assert!(!schema.is_null(), "{api} {category}: no field `{path}`");
            if each {
                schema = resolve(&spec, &schema["items"]);
            }
        }
        let is_list = schema["type"] == "array";
        assert_eq!(
            is_list,
            *rule != DigitIdField,
            "{api} {category} `{path}`: {rule:?}"
        );
    }
}

fn recruiter(filters: Value) -> types::LinkedinSearchRequest {
    let mut body = json!({"api": "recruiter", "category": "people"});
    if let (Some(body), Some(filters)) = (body.as_object_mut(), filters.as_object()) {
        body.extend(filters.clone());
    }
    serde_json::from_value(body).unwrap_or_else(|e| panic!("a Recruiter body: {e}"))
}

#[test]
fn recruiter_filters_are_id_based_or_keyword_based() {
    let cases = [
        (json!({"role": [{"id": "25", "is_selection": true}]}), None),
        (json!({"role": [{"keywords": "engineer"}]}), None),
        (json!({"company": [{"id": "1035", "name": "Acme"}]}), None),
        (
            json!({"role": [{"keywords": "x"}, {"id": "25"}]}),
            Some("body field `role[1]`: an id-based filter needs `is_selection`"),
        ),
        (
            json!({"skills": [{"id": "7", "keywords": "rust"}]}),
            Some("body field `skills[0]`: give `id` or `keywords`, not both"),
        ),
        (
            json!({"company": [{"keywords": ""}]}),
            Some("body field `company[0]`: `keywords` is empty"),
        ),
        (
            json!({"company": [{"name": "Acme"}]}),
            Some("body field `company[0]`: give `id` or `keywords`"),
        ),
        (
            json!({"skills": [{"id": "rust"}]}),
            Some(
                "body field `skills[0]`: `id` is not a LinkedIn id (digits only; resolve names with the search parameters route)",
            ),
        ),
        (
            json!({"school": [{"id": "42"}, {"id": "mit"}]}),
            Some(
                "body field `school[1].id`: not a LinkedIn id (digits only; resolve names with the search parameters route)",
            ),
        ),
        // Left out of the body: the API never sees an empty list.
        (json!({"groups": []}), None),
        (
            json!({"industry": {"include": ["4", "4a"]}}),
            Some(
                "body field `industry.include[1]`: not a LinkedIn id (digits only; resolve names with the search parameters route)",
            ),
        ),
    ];
    for (filters, wanted) in cases {
        let found = invalid_filter(&recruiter(filters.clone()));
        assert_eq!(found.as_deref(), wanted, "{filters}");
    }
}

#[test]
fn bodies_without_filters_pass() {
    let url: types::LinkedinSearchRequest =
        serde_json::from_value(json!({"url": "https://www.linkedin.com/search/results/people/"}))
            .unwrap_or_else(|e| panic!("a URL body: {e}"));
    assert_eq!(invalid_filter(&url), None);
    assert_eq!(invalid_filter(&recruiter(json!({}))), None);
}
