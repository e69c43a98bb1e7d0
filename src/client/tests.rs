use super::*;

fn lookup<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
    move |name| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    }
}

#[test]
fn from_env_reads_key_and_optional_base_url() {
    let client = Client::from_lookup(lookup(&[(API_KEY_ENV, "pp_k")])).expect("key set");
    assert_eq!(client.base_url(), DEFAULT_BASE_URL);
    let vars = [
        (API_KEY_ENV, "pp_k"),
        (BASE_URL_ENV, "http://127.0.0.1:4010/api/v1"),
    ];
    let client = Client::from_lookup(lookup(&vars)).expect("both set");
    assert_eq!(client.base_url(), "http://127.0.0.1:4010/api/v1");
    let vars = [(API_KEY_ENV, "pp_k"), (BASE_URL_ENV, "")];
    assert_eq!(
        Client::from_lookup(lookup(&vars))
            .expect("empty url")
            .base_url(),
        DEFAULT_BASE_URL
    );
}

#[test]
fn from_env_without_key_names_the_variable() {
    let error = Client::from_lookup(lookup(&[])).expect_err("no key");
    assert!(error.to_string().contains(API_KEY_ENV), "{error}");
    // An empty key is no key, by the same rule as an empty base URL.
    let error = Client::from_lookup(lookup(&[(API_KEY_ENV, "")])).expect_err("empty key");
    assert!(error.to_string().contains(API_KEY_ENV), "{error}");
}

/// `from_env` reads the process's own environment. The environment is
/// process-wide, so the check runs in a child of this test binary whose
/// variables are set for it alone.
#[test]
fn from_env_reads_the_process_environment() {
    const CHILD: &str = "POSTPRESS_TEST_FROM_ENV_CHILD";
    const URL: &str = "http://127.0.0.1:9/from-env";
    if std::env::var_os(CHILD).is_some() {
        let builder = ClientBuilder::from_env().expect("the key is set");
        assert_eq!(builder.build().expect("a client").base_url(), URL);
        return;
    }
    let name = "client::tests::from_env_reads_the_process_environment";
    let child = std::process::Command::new(std::env::current_exe().expect("the test binary"))
        .args([name, "--exact", "--test-threads=1"])
        .env(CHILD, "1")
        .env(API_KEY_ENV, "pp_k")
        .env(BASE_URL_ENV, URL)
        .output()
        .expect("the child runs");
    let stdout = String::from_utf8_lossy(&child.stdout);
    // One test ran (a renamed test would otherwise pass with none) and passed.
    assert!(child.status.success(), "{stdout}");
    assert!(stdout.contains("1 passed"), "{stdout}");
}

#[test]
fn the_builder_from_env_takes_further_settings() {
    let vars = [
        (API_KEY_ENV, "pp_k"),
        (BASE_URL_ENV, "http://127.0.0.1:4010/api/v1"),
    ];
    let client = ClientBuilder::from_lookup(lookup(&vars))
        .expect("both set")
        .base_url("http://127.0.0.1:4011/api/v1")
        .build()
        .expect("a client");
    assert_eq!(client.base_url(), "http://127.0.0.1:4011/api/v1");
}

/// Set in the child process of `system_proxy_from_environment_is_used`.
const PROXY_CHILD: &str = "POSTPRESS_TEST_PROXY_CHILD";

/// A client the SDK builds itself honours `HTTP_PROXY` as
/// `reqwest::Client::new()` does. Proxy variables are process-wide, so the
/// call is made by this test binary run again as a child process, with
/// `HTTP_PROXY` pointing at a loopback mock and a host that does not
/// resolve: only the proxy can answer.
#[tokio::test(flavor = "multi_thread")]
async fn system_proxy_from_environment_is_used() {
    if std::env::var_os(PROXY_CHILD).is_some() {
        let client = Client::builder()
            .api_key("proxy-test-key")
            .base_url("http://postpress.invalid/api/v1")
            .allow_insecure_http(true)
            .retry(RetryPolicy::none())
            .build()
            .expect("valid configuration");
        let error = client
            .get_own_profile()
            .account_id("acc_1")
            .send()
            .await
            .expect_err("the proxy answers 404");
        assert_eq!(
            error.kind(),
            Some(&crate::ErrorKind::ResourceNotFound),
            "{error}"
        );
        return;
    }
    let proxy = httpmock::MockServer::start_async().await;
    let seen = proxy
        .mock_async(|when, then| {
            when.method(httpmock::Method::GET)
                .path("/api/v1/users/me")
                .query_param("account_id", "acc_1")
                .header("host", "postpress.invalid")
                .header("x-api-key", "proxy-test-key");
            then.status(404)
                .header("content-type", "application/json")
                .body(r#"{"status":404,"type":"errors/resource_not_found","title":"Not found"}"#);
        })
        .await;
    let mut child = std::process::Command::new(std::env::current_exe().expect("test binary"));
    child
        .args([
            "--exact",
            "client::tests::system_proxy_from_environment_is_used",
        ])
        .env(PROXY_CHILD, "1")
        .env("HTTP_PROXY", proxy.base_url());
    for name in [
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
        "NO_PROXY",
        "no_proxy",
        "REQUEST_METHOD",
    ] {
        child.env_remove(name);
    }
    let output = child.output().expect("the test binary runs again");
    assert!(
        output.status.success(),
        "child failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("1 passed"));
    seen.assert_async().await;
}

/// RELIABILITY.md's defaults table, as a built client holds it.
#[test]
fn a_client_built_with_no_settings_has_the_documented_defaults() {
    use progenitor_client::ClientInfo;
    let client = Client::builder()
        .api_key("k")
        .base_url("http://127.0.0.1:1")
        .build()
        .expect("client");
    let inner = client.inner();
    assert_eq!(inner.timeout, Duration::from_secs(90));
    assert_eq!(inner.total_timeout, Some(Duration::from_secs(300)));
    assert_eq!(inner.max_response_bytes, 32 * 1024 * 1024);
    assert!(inner.limiter.is_none(), "rate limits are off");
    // Handed to reqwest, which does not say it back.
    assert_eq!(DEFAULT_CONNECT_TIMEOUT, Duration::from_secs(10));
}
