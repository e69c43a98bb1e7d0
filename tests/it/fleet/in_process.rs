//! The same limits inside one process: retries and prefetched pages paced,
//! quotas, cool-downs, throttled sections.

use super::*;

/// A client for `server` with in-process limits and no retries.
fn local(server: &str, limits: Limits) -> Client {
    Client::builder()
        .api_key(API_KEY)
        .base_url(server)
        .retry(RetryPolicy::none())
        .limits(limits)
        .build()
        .expect("client")
}

#[tokio::test]
async fn every_retry_attempt_is_admitted() {
    let server = MockServer::start_async().await;
    let unavailable = server
        .mock_async(|when, then| {
            request(when, GET, "/users/me", &[("account_id", ACCOUNT_ID)]);
            then.status(503)
                .header("retry-after", "0")
                .json_body(envelope(503, "service_unavailable"));
        })
        .await;
    let limits = Limits::new().per_account(Budget::rate("5/s".parse().expect("rate")));
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.base_url())
        .retry(RetryPolicy::default().max_attempts(3))
        .limits(limits)
        .build()
        .expect("client");
    let started = Instant::now();
    let error = client
        .get_own_profile()
        .account_id(ACCOUNT_ID)
        .send()
        .await
        .expect_err("503 every time");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(unavailable.calls_async().await, 3);
    // `Retry-After: 0` asks for no wait; the budget still spaces attempts
    // 200 ms apart. The backoff `Retry-After` replaces (0.5 s, then 1 s)
    // would take at least 1.5 s: the upper bound tells the two apart.
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(400) && elapsed < Duration::from_millis(1_200),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn every_page_of_a_stream_is_admitted_prefetched_ones_too() {
    use futures::TryStreamExt;
    let server = PageServer::start(5).await;
    let limits = Limits::new().per_account(Budget::rate("5/s".parse().expect("rate")));
    let client = local(&server.base_url, limits);
    let pages: Vec<_> = client
        .relations(ACCOUNT_ID)
        .pages()
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(pages.len(), 5);
    let arrivals = server.arrivals();
    assert_eq!(arrivals.len(), 5);
    assert_paced(&arrivals, Duration::from_millis(200), 1);
}

#[tokio::test]
async fn a_stop_refuses_at_once_until_its_cool_down_ends() {
    let server = MockServer::start_async().await;
    let expired = server
        .mock_async(|when, then| {
            request(when, GET, "/users/me", &[("account_id", ACCOUNT_ID)]);
            then.status(401)
                .json_body(envelope(401, "expired_credentials"));
        })
        .await;
    let limits = Limits::new().stop_cool_down(Some(Duration::from_millis(300)));
    let client = local(&server.base_url(), limits);
    let call = || client.get_own_profile().account_id(ACCOUNT_ID).send();
    assert_eq!(
        call().await.expect_err("401").kind(),
        Some(&ErrorKind::ExpiredCredentials)
    );
    let error = call().await.expect_err("stopped");
    match &error {
        Error::AccountStopped {
            account_id,
            reason,
            retry_in,
        } => {
            assert_eq!(account_id, ACCOUNT_ID);
            assert_eq!(reason, &ErrorKind::ExpiredCredentials);
            assert!(retry_in.is_some_and(|left| left <= Duration::from_millis(300)));
        }
        other => panic!("{other:?}"),
    }
    assert!(!error.is_retryable());
    assert_eq!(expired.calls_async().await, 1, "nothing sent while stopped");
    tokio::time::sleep(Duration::from_millis(350)).await;
    call().await.expect_err("sent again after the cool-down");
    assert_eq!(expired.calls_async().await, 2);
}

#[tokio::test]
async fn a_kind_s_daily_quota_refuses_past_it_and_other_kinds_go_on() {
    let server = MockServer::start_async().await;
    let views = server
        .mock_async(|when, then| {
            when.path("/users/jordan-walke");
            then.status(200)
                .body(fixture("get_user.example_response.json"));
        })
        .await;
    let me = server
        .mock_async(|when, then| {
            when.path("/users/me");
            then.status(200)
                .body(fixture("get_own_profile.example_response.json"));
        })
        .await;
    let two = NonZeroU32::new(2).expect("non-zero");
    let client = local(
        &server.base_url(),
        Limits::new().per_kind(CallKind::ProfileView, Budget::quota(two)),
    );
    let view = || {
        client
            .get_user()
            .identifier("jordan-walke")
            .account_id(ACCOUNT_ID)
            .send()
    };
    let day = utc_day(SystemTime::now());
    view().await.expect("1st");
    view().await.expect("2nd");
    match view().await {
        Err(Error::QuotaExhausted {
            call_kind,
            window,
            resets_in,
            ..
        }) => {
            assert_eq!(call_kind, Some(CallKind::ProfileView));
            assert_eq!(window, QuotaWindow::Day);
            assert_resets_at_utc_midnight(resets_in);
        }
        // A UTC midnight since the first call started the count over.
        Ok(_) if utc_day(SystemTime::now()) != day => return,
        other => panic!("{other:?}"),
    }
    assert_eq!(views.calls_async().await, 2);
    client
        .get_own_profile()
        .account_id(ACCOUNT_ID)
        .send()
        .await
        .expect("another kind");
    assert_eq!(me.calls_async().await, 1);
}

#[tokio::test]
async fn throttled_sections_say_which_requested_sections_came_back_empty() {
    let server = MockServer::start_async().await;
    let mut profile: serde_json::Value =
        serde_json::from_str(&fixture("get_user.example_response.json")).expect("json");
    profile["throttled_sections"] = serde_json::json!(["experience", "skills", "languages"]);
    server
        .mock_async(|when, then| {
            when.path("/users/jordan-walke");
            then.status(200).json_body(profile);
        })
        .await;
    let client = local(&server.base_url(), Limits::new());
    let asked = LinkedinSections::from(["experience", "education", "languages"]);
    let profile = client
        .get_user()
        .identifier("jordan-walke")
        .account_id(ACCOUNT_ID)
        .linkedin_sections(asked.clone())
        .send()
        .await
        .expect("profile");
    use types::LinkedinThrottledSection as Section;
    assert_eq!(
        asked.throttled_in(&profile),
        [&Section::Experience, &Section::Languages]
    );
    assert_eq!(
        LinkedinSections::all_preview().throttled_in(&profile).len(),
        3
    );
}
