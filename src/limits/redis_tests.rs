//! The Redis backend against a real `redis-server`: the scripts take the
//! steps of `gcra.rs` and read back what the in-memory state would say.

use std::time::Duration;

use super::SlowDown;
use super::budget::ScopedBudget;
use super::gcra::{AccountState, DAY_US, Decision};
use super::gcra_tests::{self, CaseStep, SLOW_DOWN, TableOutcome};
use super::redis::RedisBackend;
use super::test_server::RedisServer;

/// The table's days moved to tomorrow (the same times of day): a stop's
/// key then lives on the server's clock for the whole test.
fn days_ahead_of_the_table() -> f64 {
    let now_us = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |since| since.as_micros() as f64);
    ((now_us / DAY_US).floor() + 1.0 - 1_000.0) * DAY_US
}

/// User actions paced one a second, 5 a day, 9 a week.
fn user_actions() -> ScopedBudget {
    ScopedBudget {
        name: "user_action",
        interval_us: 1e6,
        burst: 1,
        quota: 5,
        weekly: 9,
    }
}

/// A fresh `redis-server` and a backend on it (prefix `test`).
fn started() -> (RedisServer, RedisBackend) {
    let server = RedisServer::start();
    let backend =
        RedisBackend::new(&server.url(), "test".into(), Duration::from_secs(2)).expect("url");
    (server, backend)
}

#[tokio::test]
async fn the_table_holds_in_the_script() {
    let (_server, backend) = started();
    let shift = days_ahead_of_the_table();
    for (n, case) in gcra_tests::cases().into_iter().enumerate() {
        let account = format!("account-{n}");
        let mut reserved = Vec::new();
        for (i, step) in case.steps.iter().enumerate() {
            match *step {
                CaseStep::Admit {
                    now,
                    kind,
                    expected,
                } => {
                    let budgets = CaseStep::budgets(kind, &case.budgets);
                    let decision = backend
                        .admit(&account, &budgets, kind, Some(now + shift), None)
                        .await
                        .expect("admitted");
                    if let Decision::Admitted { reservation, .. } = &decision {
                        reserved.push((i, budgets, reservation.clone()));
                    }
                    let got = TableOutcome::of(&decision);
                    let got = got.unwrap_or_else(|| panic!("{}: {decision:?}", case.name));
                    // The stop's end is kept to the millisecond.
                    let matched = expected.matches(got, 2e3);
                    assert!(matched, "{} step {i}: {got:?}", case.name);
                }
                CaseStep::SlowDown { scope } => {
                    let slow = backend.slow_down(&account, scope, CaseStep::why(scope), &SLOW_DOWN);
                    slow.await.expect("slowed");
                }
                CaseStep::Stop { now, cool_down_us } => {
                    let cool_down = Duration::from_micros(cool_down_us as u64);
                    let stop = backend.stop(
                        &account,
                        "account_restricted",
                        Some(cool_down),
                        Some(now + shift),
                    );
                    stop.await.expect("stopped");
                }
                CaseStep::Release { now, of } => {
                    let (_, budgets, reservation) = CaseStep::reserved_at(&reserved, of);
                    let release =
                        backend.release(&account, budgets, reservation, Some(now + shift));
                    release.await.expect("given back");
                }
            }
        }
    }
}

/// A kind's pace and the account's, on the server's clock: each slows its
/// own calls; `reset_kind` restores the kind's alone, `reset` lifts the
/// stop and every pace.
#[tokio::test]
async fn a_reset_restores_the_scopes_it_names_and_no_other() {
    let (_server, backend) = started();
    let pace = async |kind| match backend.admit("p", &[], kind, None, None).await {
        Ok(Decision::Admitted { pace, .. }) => pace,
        other => panic!("{other:?}"),
    };
    let slow = backend.slow_down("p", "all", "too_many_requests", &SLOW_DOWN);
    assert_eq!(slow.await.expect("slow"), 0.5);
    let slow = backend.slow_down("p", "search", "throttled_sections", &SLOW_DOWN);
    assert_eq!(slow.await.expect("slow"), 0.5);
    let recover = backend.recover("p", &["all", "search"], &SLOW_DOWN);
    assert_eq!(recover.await.expect("recover"), 0.75 * 0.75);
    assert_eq!(pace(Some("search")).await, 0.75 * 0.75, "both apply");
    assert_eq!(pace(Some("profile_view")).await, 0.75, "another kind");
    // Limiter::reset_kind: that kind's pace alone.
    let reset = backend.reset("p", &["search"], true);
    reset.await.expect("reset");
    assert_eq!(pace(Some("search")).await, 0.75, "the account's stays");
    let stop = backend.stop("p", "account_restricted", None, None);
    stop.await.expect("stop");
    let refused = backend.admit("p", &[], None, None, None).await;
    assert_eq!(
        refused.expect("refused"),
        Decision::Stopped {
            reason: "account_restricted".into(),
            left_us: None
        }
    );
    let reset = backend.reset("p", &["search"], true);
    reset.await.expect("reset");
    let refused = backend.admit("p", &[], None, None, None).await;
    assert!(
        matches!(refused, Ok(Decision::Stopped { .. })),
        "still stopped"
    );
    // Limiter::reset: the stop and every pace.
    let every_scope = super::report::scopes();
    let reset = backend.reset("p", &every_scope, false);
    reset.await.expect("reset");
    assert_eq!(pace(Some("search")).await, 1.0);
}

#[tokio::test]
async fn the_snapshot_reads_back_what_memory_would_say() {
    let (_server, backend) = started();
    let mut memory = AccountState::default();
    let slow_down = SlowDown {
        decrease: 0.5,
        floor: 0.125,
        step: 0.25,
    };
    let budget = user_actions();
    let now = 20_000.0 * DAY_US + 5e6;
    for step in [0.0, 10.0, 20.0] {
        let at = now + step;
        memory.admit(at, &[budget], None);
        backend
            .admit("s", &[budget], None, Some(at), None)
            .await
            .expect("admitted");
    }
    memory.slow_down("user_action", "throttled_sections", &slow_down);
    let slow = backend.slow_down("s", "user_action", "throttled_sections", &slow_down);
    slow.await.expect("slowed");
    memory.stop("account_restricted", Some(now + 9e6));
    backend
        .stop(
            "s",
            "account_restricted",
            Some(Duration::from_secs(3600)),
            None,
        )
        .await
        .expect("stopped");
    let read = backend
        .snapshot(
            &RedisBackend::digest("s"),
            &["user_action"],
            &["all", "user_action"],
            Some(now + 30.0),
        )
        .await
        .expect("read");
    let expected = memory.snapshot(now + 30.0);
    assert_eq!(read.budgets, expected.budgets);
    assert_eq!(read.paces, expected.paces);
    // cjson keeps 14 digits: the time since the epoch to 100 µs.
    assert!((read.now_us - (now + 30.0)).abs() < 1e3, "{}", read.now_us);
    let (reason, left) = read.stop.expect("stopped");
    assert_eq!(reason, "account_restricted");
    assert!(left.is_some_and(|left| left > 3_590e6), "{left:?}");
    assert_eq!(
        backend.digests().await.expect("scan"),
        [RedisBackend::digest("s")]
    );
}

#[tokio::test]
async fn a_weekly_count_outlives_the_expiry_of_the_account_s_hash() {
    let (server, backend) = started();
    let budget = ScopedBudget {
        name: "user_action",
        interval_us: 0.0,
        burst: 1,
        quota: 0,
        weekly: 3,
    };
    let now = 20_000.0 * DAY_US;
    let budgets = [budget];
    let admit = |at: f64| backend.admit("w", &budgets, None, Some(at), None);
    assert!(matches!(
        admit(now).await.expect("1st"),
        Decision::Admitted { .. }
    ));
    assert!(matches!(
        admit(now + 1.0).await.expect("2nd"),
        Decision::Admitted { .. }
    ));
    // The hash (and its counter) expires after two idle days; the week's set does not.
    let mut connection = redis::Client::open(server.url())
        .expect("url")
        .get_multiplexed_async_connection()
        .await
        .expect("connected");
    let digest = RedisBackend::digest("w");
    let _: () = redis::cmd("DEL")
        .arg(format!("test:{{{digest}}}"))
        .query_async(&mut connection)
        .await
        .expect("deleted");
    assert!(matches!(
        admit(now + 2.0).await.expect("3rd"),
        Decision::Admitted { .. }
    ));
    assert!(
        matches!(
            admit(now + 3.0).await.expect("4th"),
            Decision::Quota { weekly: true, .. }
        ),
        "three calls counted in the week"
    );
}

/// The account's hash expires two idle days after its last write, so a
/// daily count outlives its day; the week's sets keep their own eight.
#[tokio::test]
async fn an_account_s_state_expires_two_days_after_its_last_admission() {
    let (server, backend) = started();
    let budget = user_actions();
    let admitted = backend.admit("e", &[budget], None, None, None).await;
    assert!(matches!(admitted, Ok(Decision::Admitted { .. })));
    let connection = redis::Client::open(server.url())
        .expect("url")
        .get_multiplexed_async_connection()
        .await
        .expect("connected");
    let digest = RedisBackend::digest("e");
    let ttl = async |key: String| -> i64 {
        let mut connection = connection.clone();
        let ttl = redis::cmd("TTL").arg(key).clone();
        ttl.query_async(&mut connection).await.expect("ttl")
    };
    let state = ttl(format!("test:{{{digest}}}")).await;
    assert!((2 * 86_400 - 60..=2 * 86_400).contains(&state), "{state} s");
    let week = ttl(format!("test:{{{digest}}}:week:user_action")).await;
    assert!((8 * 86_400 - 60..=8 * 86_400).contains(&week), "{week} s");
}

#[test]
fn the_debug_of_the_backend_shows_its_prefix_and_never_the_url() {
    let backend = RedisBackend::new(
        "redis://:hunter2@127.0.0.1:1/",
        "fleet".into(),
        Duration::from_secs(2),
    )
    .expect("url");
    let shown = format!("{backend:?}");
    assert!(shown.contains("prefix: \"fleet\""), "{shown}");
    assert!(!shown.contains("hunter2"), "{shown}");
}
