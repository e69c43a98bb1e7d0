use super::*;

fn operation(id: &str) -> &'static Operation {
    Operation::find(id).expect("an operation of the spec")
}

/// Each operation's failure is served to its own requests alone: a
/// parameter is one non-empty segment, and another operation's fixed path
/// of the same method is that operation's. (`is_request_of`, which reads
/// httpmock's request, is run by `tests/it/mock_failures.rs`.)
#[test]
fn a_failure_is_served_to_its_operations_requests_alone() {
    let cases = [
        ("get_user", "GET", "/users/jordan-walke", true),
        ("get_user", "get", "/users/jordan-walke", true),
        ("get_user", "GET", "/users/me", false),
        ("get_user", "GET", "/users/relations", false),
        ("get_user", "GET", "/users/", false),
        ("get_user", "GET", "/users/a/b", false),
        ("get_user", "POST", "/users/jordan-walke", false),
        ("get_user", "GET", "/linkedin/jordan-walke", false),
        ("get_own_profile", "GET", "/users/me", true),
        ("get_own_profile", "GET", "/users/me/", false),
        ("get_own_profile", "GET", "/users", false),
        ("list_relations", "GET", "/users/relations", true),
        ("linkedin_search", "POST", "/linkedin/search", true),
        ("linkedin_search", "GET", "/linkedin/search", false),
        ("linkedin_user_action", "POST", "/linkedin/user/ACoAA", true),
        ("linkedin_user_action", "POST", "/linkedin/user/", false),
    ];
    for (id, method, path, expected) in cases {
        let got = is_call_of(operation(id), method, path, crate::openapi::OPERATIONS);
        assert_eq!(got, expected, "{id} for {method} {path}");
    }
}

/// A fixed path belongs to its own method: with a `POST /users/{id}` beside
/// `GET /users/me`, a `POST /users/me` is the POST's.
#[test]
fn another_operations_fixed_path_excludes_only_its_method() {
    let post = Operation {
        id: "update_user",
        method: "POST",
        ..*operation("get_user")
    };
    let operations = [*operation("get_own_profile"), post];
    assert!(is_call_of(&post, "POST", "/users/me", &operations));
    assert!(is_call_of(&post, "POST", "/users/ada", &operations));
    let get = *operation("get_user");
    let operations = [*operation("get_own_profile"), get];
    assert!(!is_call_of(&get, "GET", "/users/me", &operations));
}
