//! The in-memory state's edges the shared table does not reach: a wait
//! past the caller's bound, a reservation given back, when an account's
//! state may be dropped, the week a snapshot shows; paces, resets and
//! stops as they read back.

use super::budget::ScopedBudget;
use super::gcra::{AccountState, DAY_US, Decision, WEEK_US};
use super::gcra_tests::SLOW_DOWN;
use super::held::Reservation;

/// Day 100 at noon (µs since the epoch), far from 0 so that `now - x`
/// and `now + x` differ.
const T0: f64 = 100.0 * DAY_US + DAY_US / 2.0;

fn paced() -> ScopedBudget {
    ScopedBudget {
        name: "all",
        interval_us: 100_000.0,
        burst: 1,
        quota: 0,
        weekly: 0,
    }
}

fn daily(quota: u32) -> ScopedBudget {
    ScopedBudget {
        name: "profile_view",
        interval_us: 0.0,
        burst: 1,
        quota,
        weekly: 0,
    }
}

fn weekly(weekly: u32) -> ScopedBudget {
    ScopedBudget {
        name: "user_action",
        interval_us: 0.0,
        burst: 1,
        quota: 0,
        weekly,
    }
}

fn wait(decision: Decision) -> f64 {
    reserved(decision).0
}

/// An admission's wait and what it reserved.
fn reserved(decision: Decision) -> (f64, Reservation) {
    match decision {
        Decision::Admitted {
            wait_us,
            reservation,
            ..
        } => (wait_us, reservation),
        other => panic!("admitted, not {other:?}"),
    }
}

#[test]
fn a_wait_past_the_bound_reserves_nothing_and_one_at_the_bound_is_admitted() {
    let mut state = AccountState::default();
    let budgets = [paced()];
    assert_eq!(
        wait(state.admit_within(T0, &budgets, None, f64::INFINITY)),
        0.0
    );
    assert_eq!(
        state.admit_within(T0, &budgets, None, 50_000.0),
        Decision::TooLate { wait_us: 100_000.0 }
    );
    assert_eq!(
        wait(state.admit_within(T0, &budgets, None, 100_000.0)),
        100_000.0
    );
    assert_eq!(wait(state.admit(T0, &budgets, None)), 200_000.0);
}

#[test]
fn a_released_admission_gives_back_its_interval_at_its_pace_and_its_counts() {
    let budgets = [paced(), daily(2), weekly(2)];
    for pace_factor in [1.0, 0.5] {
        let mut state = AccountState::default();
        if pace_factor < 1.0 {
            state.slow_down("all", "too_many_requests", &SLOW_DOWN);
        }
        let interval = 100_000.0 / pace_factor;
        assert_eq!(wait(state.admit(T0, &budgets, None)), 0.0);
        let (waits, reservation) = reserved(state.admit(T0, &budgets, None));
        assert_eq!(waits, interval);
        state.release(T0, &budgets, &reservation);
        // The released call's slot, and its daily and weekly counts, are free again.
        assert_eq!(
            wait(state.admit(T0, &budgets, None)),
            interval,
            "pace {pace_factor}"
        );
        assert!(
            matches!(state.admit(T0, &budgets, None), Decision::Quota { .. }),
            "pace {pace_factor}: both quotas used again"
        );
    }
}

#[test]
fn a_release_after_midnight_keeps_the_day_s_count() {
    let budgets = [daily(1)];
    let mut state = AccountState::default();
    let (_, reservation) = reserved(state.admit(T0, &budgets, None));
    state.release(T0 + DAY_US, &budgets, &reservation);
    assert_eq!(state.snapshot(T0).budgets["profile_view"].today, 1);
}

#[test]
fn a_state_is_idle_only_once_nothing_it_holds_can_change_an_admission() {
    let mut paced_daily = AccountState::default();
    assert!(paced_daily.is_idle(T0), "a fresh state");
    wait(paced_daily.admit(T0, &[paced(), daily(5)], None));
    assert!(!paced_daily.is_idle(T0), "a reservation ahead");
    assert!(!paced_daily.is_idle(T0 + 200_000.0), "counted today");
    assert!(paced_daily.is_idle(T0 + DAY_US), "the next day");

    let mut week = AccountState::default();
    wait(week.admit(T0, &[weekly(5)], None));
    assert!(!week.is_idle(T0 + WEEK_US - 1.0), "inside the week");
    assert!(week.is_idle(T0 + WEEK_US), "the week over");
}

#[test]
fn a_snapshot_shows_the_starts_of_the_last_seven_days_only() {
    let mut state = AccountState::default();
    wait(state.admit(T0, &[weekly(5)], None));
    let week_in = |now: f64| state.snapshot(now).budgets["user_action"].week_in.clone();
    assert_eq!(week_in(T0 + WEEK_US - 1.0), [-(WEEK_US - 1.0)]);
    assert!(week_in(T0 + WEEK_US).is_empty());
}

#[test]
fn a_429_halves_the_pace_without_bursts_and_successes_restore_it() {
    let budgets = [ScopedBudget {
        name: "all",
        interval_us: 100.0,
        burst: 4,
        quota: 0,
        weekly: 0,
    }];
    let mut state = AccountState::default();
    let slow = |state: &mut AccountState| state.slow_down("all", "too_many_requests", &SLOW_DOWN);
    assert_eq!(slow(&mut state), 0.5);
    assert_eq!(slow(&mut state), 0.25);
    assert_eq!(slow(&mut state), 0.125);
    assert_eq!(slow(&mut state), 0.125, "floored");
    assert_eq!(state.snapshot(0.0).paces["all"].signals, 4);
    let admitted = |d| match d {
        Decision::Admitted { wait_us, .. } => wait_us,
        other => panic!("{other:?}"),
    };
    assert_eq!(admitted(state.admit(0.0, &budgets, None)), 0.0);
    assert_eq!(
        admitted(state.admit(0.0, &budgets, None)),
        800.0,
        "no burst"
    );
    for pace in [0.375, 0.625, 0.875, 1.0, 1.0] {
        assert_eq!(state.recover(&["all"], &SLOW_DOWN), pace);
    }
    assert!(state.snapshot(0.0).paces.is_empty(), "whole again");
}

#[test]
fn a_kind_s_pace_slows_that_kind_alone_and_a_reset_restores_it() {
    let budget = |name| ScopedBudget {
        name,
        interval_us: 100.0,
        burst: 1,
        quota: 0,
        weekly: 0,
    };
    let mut state = AccountState::default();
    state.slow_down("profile_view", "throttled_sections", &SLOW_DOWN);
    let pace = |state: &mut AccountState, kind| match state.admit(0.0, &[budget(kind)], Some(kind))
    {
        Decision::Admitted { pace, .. } => pace,
        other => panic!("{other:?}"),
    };
    assert_eq!(pace(&mut state, "profile_view"), 0.5);
    assert_eq!(pace(&mut state, "search"), 1.0);
    state.slow_down("all", "too_many_requests", &SLOW_DOWN);
    assert_eq!(pace(&mut state, "profile_view"), 0.25, "both apply");
    state.reset(Some("profile_view"));
    assert_eq!(pace(&mut state, "profile_view"), 0.5, "the account's stays");
    state.stop("account_restricted", None);
    state.reset(None);
    assert_eq!(pace(&mut state, "profile_view"), 1.0);
    assert_eq!(state.snapshot(0.0).stop, None);
}

#[test]
fn a_stop_refuses_until_its_end_or_a_reset() {
    let budgets = [];
    let mut state = AccountState::default();
    state.stop("account_restricted", Some(1_000.0));
    assert_eq!(
        state.admit(400.0, &budgets, None),
        Decision::Stopped {
            reason: "account_restricted".into(),
            left_us: Some(600.0)
        }
    );
    assert_eq!(
        state.snapshot(400.0).stop,
        Some(("account_restricted".into(), Some(600.0)))
    );
    // At its end the stop is over, as admission reads it.
    assert_eq!(state.snapshot(1_000.0).stop, None);
    assert!(matches!(
        state.admit(1_000.0, &budgets, None),
        Decision::Admitted { .. }
    ));
    state.stop("disconnected_account", None);
    assert!(matches!(
        state.admit(9e15, &budgets, None),
        Decision::Stopped { left_us: None, .. }
    ));
    state.reset(None);
    assert!(matches!(
        state.admit(9e15, &budgets, None),
        Decision::Admitted { .. }
    ));
}
