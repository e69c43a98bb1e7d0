//! `Limiter::report` and `Limiter::reports` in one process: what they say
//! after a 429 and counted calls, and which accounts they list.

use super::*;
use crate::common::answer_with_fixture;

#[tokio::test]
async fn a_report_says_the_pace_the_counts_and_when_quotas_free() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            request(when, GET, "/users/me", &[("account_id", ACCOUNT_ID)]);
            then.status(429)
                .json_body(envelope(429, "too_many_requests"));
        })
        .await;
    let query = [("account_id", ACCOUNT_ID)];
    let fixture = "get_user.example_response.json";
    answer_with_fixture(&server, GET, "/users/jordan-walke", &query, None, fixture).await;
    let (two, five) = (
        NonZeroU32::new(2).expect("non-zero"),
        NonZeroU32::new(5).expect("non-zero"),
    );
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.base_url())
        .retry(RetryPolicy::none())
        .limits(
            Limits::new()
                .per_account(Budget::rate("100/s".parse().expect("rate")))
                .per_kind(CallKind::ProfileView, Budget::quota(two).weekly_quota(five)),
        )
        .build()
        .expect("client");
    let started = SystemTime::now();
    client
        .get_user()
        .identifier("jordan-walke")
        .account_id(ACCOUNT_ID)
        .send()
        .await
        .expect("a view");
    let _ = client.get_own_profile().account_id(ACCOUNT_ID).send().await;

    let limiter = client.limiter().expect("limiter");
    let report = limiter.report(ACCOUNT_ID).await.expect("report");
    assert_eq!(report.account_id.as_deref(), Some(ACCOUNT_ID));
    assert_eq!(report.stop, None);
    assert_eq!(report.paces.len(), 1);
    let pace = &report.paces[0];
    assert_eq!(
        (
            pace.scope.as_str(),
            pace.factor,
            pace.why.as_str(),
            pace.signals
        ),
        ("all", 0.5, "too_many_requests", 1)
    );
    assert_eq!(report.budgets.len(), 2, "the account's and the kind's");
    let (account, views) = (&report.budgets[0], &report.budgets[1]);
    assert_eq!((account.kind, account.interval_us), (None, Some(10_000.0)));
    assert_eq!(views.kind, Some(CallKind::ProfileView));
    assert_eq!(views.daily_quota, Some(2));
    if utc_day(SystemTime::now()) == utc_day(started) {
        assert_eq!(views.used_today, 1);
    } else {
        // A UTC midnight fell during the test: the count may have started over.
        assert!(views.used_today <= 1, "{}", views.used_today);
    }
    assert_eq!((views.weekly_quota, views.used_this_week), (Some(5), 1));
    let at = |time: chrono::DateTime<chrono::Utc>| SystemTime::from(time);
    let midnight = at(views.daily_reset_at.expect("a daily quota"));
    assert_at_utc_midnight(midnight);
    // The next midnight after the report: after the start, at most a day on.
    assert!(midnight > started);
    assert!(midnight <= SystemTime::now() + DAY);
    let frees = at(views.weekly_frees_at.expect("a call counted"));
    assert_within_a_second(
        frees.duration_since(started).expect("after"),
        Duration::from_secs(7 * 86_400),
    );

    // Only the accounts that called: asking about one does not add it.
    let other = limiter.report("acc_never_called").await.expect("report");
    assert!(other.paces.is_empty() && other.budgets[1].used_today == 0);
    let listed = limiter.reports().await.expect("reports");
    let ids: Vec<_> = listed.iter().map(|r| r.account_id.as_deref()).collect();
    assert_eq!(ids, [Some(ACCOUNT_ID)]);
}
