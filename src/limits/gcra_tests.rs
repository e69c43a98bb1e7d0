//! The admission steps both backends must take alike (the in-memory one,
//! `gcra.rs`, and the Redis script, `redis.rs`, run this table), and the
//! in-memory algorithm's own tests.

use super::SlowDown;
use super::gcra::{DAY_US, Decision, ScopedBudget, WEEK_US};

/// How the table's slow-downs lower a pace: halve, floor 1/8.
pub(crate) const SLOW_DOWN: SlowDown = SlowDown {
    decrease: 0.5,
    floor: 0.125,
    step: 0.25,
};

/// What an admission came to, as the table states it (µs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Outcome {
    /// Admitted, to start after this wait.
    Waits(f64),
    /// Refused by a quota that frees after this.
    Quota(f64),
    /// Refused by a stop that ends after this.
    Stopped(f64),
}

impl Outcome {
    /// The table's view of a decision.
    pub(crate) fn of(decision: &Decision) -> Option<Outcome> {
        match decision {
            Decision::Admitted { wait_us, .. } => Some(Outcome::Waits(*wait_us)),
            Decision::Quota { resets_in_us, .. } => Some(Outcome::Quota(*resets_in_us)),
            Decision::Stopped {
                left_us: Some(left),
                ..
            } => Some(Outcome::Stopped(*left)),
            _ => None,
        }
    }

    /// Whether `got` is this outcome; a stop's time left within
    /// `stop_slack_us` (Redis keeps a stop's end to the millisecond).
    pub(crate) fn matches(self, got: Outcome, stop_slack_us: f64) -> bool {
        match (self, got) {
            (Outcome::Stopped(want), Outcome::Stopped(got)) => (want - got).abs() <= stop_slack_us,
            _ => self == got,
        }
    }
}

/// One step of a case.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Step {
    /// A call at `now` (µs since the epoch) of `kind` (through the case's
    /// `all` budget and the kind's; without a kind, every budget).
    Admit {
        now: f64,
        kind: Option<&'static str>,
        expected: Outcome,
    },
    /// A 429 (scope `all`) or a throttled profile (scope a kind).
    SlowDown { scope: &'static str },
    /// A stop at `now` for `cool_down_us`.
    Stop { now: f64, cool_down_us: f64 },
}

impl Step {
    /// The signal that slows `scope`: a 429 the account, a throttled
    /// profile a kind.
    pub(crate) fn why(scope: &str) -> &'static str {
        if scope == "all" {
            "too_many_requests"
        } else {
            "throttled_sections"
        }
    }

    /// The budgets a call of `kind` goes through.
    pub(crate) fn budgets(kind: Option<&str>, budgets: &[ScopedBudget]) -> Vec<ScopedBudget> {
        budgets
            .iter()
            .filter(|budget| kind.is_none_or(|kind| budget.name == "all" || budget.name == kind))
            .copied()
            .collect()
    }
}

/// Steps for `budgets`.
pub(crate) struct Case {
    pub(crate) name: &'static str,
    pub(crate) budgets: Vec<ScopedBudget>,
    pub(crate) steps: Vec<Step>,
}

/// A second into a UTC day.
const T0: f64 = 1_000.0 * DAY_US + 1e6;

fn budget(
    name: &'static str,
    interval_us: f64,
    burst: u32,
    quota: u32,
    weekly: u32,
) -> ScopedBudget {
    ScopedBudget {
        name,
        interval_us,
        burst,
        quota,
        weekly,
    }
}

/// Calls without a kind: `(now, Ok(wait) or Err(a quota's resets_in))`.
fn calls(steps: &[(f64, Result<f64, f64>)]) -> Vec<Step> {
    steps
        .iter()
        .map(|(now, expected)| Step::Admit {
            now: *now,
            kind: None,
            expected: match expected {
                Ok(wait) => Outcome::Waits(*wait),
                Err(resets_in) => Outcome::Quota(*resets_in),
            },
        })
        .collect()
}

/// A call of `kind` at `now` that waits `wait`.
fn call(now: f64, kind: &'static str, wait: f64) -> Step {
    Step::Admit {
        now,
        kind: Some(kind),
        expected: Outcome::Waits(wait),
    }
}

pub(crate) fn cases() -> Vec<Case> {
    let mut cases = vec![
        Case {
            name: "5/s, no burst: reservations 200 ms apart",
            budgets: vec![budget("all", 200_000.0, 1, 0, 0)],
            steps: calls(&[
                (T0, Ok(0.0)),
                (T0, Ok(200_000.0)),
                (T0 + 100_000.0, Ok(300_000.0)),
                (T0 + 2e6, Ok(0.0)),
            ]),
        },
        Case {
            name: "burst of 3, then the steady pace",
            budgets: vec![budget("all", 100_000.0, 3, 0, 0)],
            steps: calls(&[
                (T0, Ok(0.0)),
                (T0, Ok(0.0)),
                (T0, Ok(0.0)),
                (T0, Ok(100_000.0)),
            ]),
        },
        Case {
            name: "the account's and the kind's budgets: the slower wins",
            budgets: vec![
                budget("all", 100_000.0, 1, 0, 0),
                budget("search", 1e6, 1, 0, 0),
            ],
            steps: calls(&[(T0, Ok(0.0)), (T0, Ok(1e6)), (T0 + 1e6, Ok(1e6))]),
        },
        Case {
            name: "daily quota: refused past it until midnight UTC, counted again the next day",
            budgets: vec![budget("profile_view", 0.0, 1, 2, 0)],
            steps: calls(&[
                (T0, Ok(0.0)),
                (T0, Ok(0.0)),
                (T0, Err(DAY_US - 1e6)),
                (T0 + DAY_US, Ok(0.0)),
            ]),
        },
        Case {
            name: "weekly quota: the last seven days, freed seven days after the oldest call",
            budgets: vec![budget("user_action", 0.0, 1, 0, 2)],
            steps: calls(&[
                (T0, Ok(0.0)),
                (T0 + DAY_US, Ok(0.0)),
                (T0 + 2.0 * DAY_US, Err(WEEK_US - 2.0 * DAY_US)),
                (T0 + WEEK_US - 1.0, Err(1.0)),
                (T0 + WEEK_US, Ok(0.0)),
                (T0 + WEEK_US, Err(DAY_US)),
            ]),
        },
    ];
    cases.extend(paces_and_stops());
    cases
}

/// Slowed paces (an account's, a kind's) and a stop.
fn paces_and_stops() -> Vec<Case> {
    vec![
        Case {
            name: "a throttled kind runs at half pace; another kind of the account does not",
            budgets: vec![
                budget("profile_view", 100_000.0, 1, 0, 0),
                budget("search", 100_000.0, 1, 0, 0),
            ],
            steps: vec![
                Step::SlowDown {
                    scope: "profile_view",
                },
                call(T0, "profile_view", 0.0),
                call(T0, "profile_view", 200_000.0),
                call(T0, "search", 0.0),
                call(T0, "search", 100_000.0),
                // The account's pace and the kind's multiply: a quarter.
                Step::SlowDown { scope: "all" },
                call(T0, "profile_view", 400_000.0),
                call(T0, "search", 200_000.0),
            ],
        },
        Case {
            name: "no burst while slowed: a throttled kind waits, another bursts",
            budgets: vec![
                budget("profile_view", 100_000.0, 3, 0, 0),
                budget("search", 100_000.0, 3, 0, 0),
            ],
            steps: vec![
                Step::SlowDown {
                    scope: "profile_view",
                },
                call(T0, "profile_view", 0.0),
                call(T0, "profile_view", 200_000.0),
                call(T0, "search", 0.0),
                call(T0, "search", 0.0),
                call(T0, "search", 0.0),
                call(T0, "search", 100_000.0),
            ],
        },
        Case {
            name: "a stop refuses every call until its cool-down ends",
            budgets: vec![budget("all", 100_000.0, 1, 0, 0)],
            steps: vec![
                call(T0, "search", 0.0),
                Step::Stop {
                    now: T0,
                    cool_down_us: 3_600e6,
                },
                Step::Admit {
                    now: T0 + 1e6,
                    kind: Some("search"),
                    expected: Outcome::Stopped(3_599e6),
                },
                Step::Admit {
                    now: T0 + 3_599e6,
                    kind: None,
                    expected: Outcome::Stopped(1e6),
                },
                call(T0 + 3_600e6 + 2_000.0, "search", 0.0),
                call(T0 + 3_600e6 + 2_000.0, "search", 100_000.0),
            ],
        },
    ]
}

mod tests {
    use super::super::gcra::*;
    use super::{Outcome, SLOW_DOWN, Step};

    #[test]
    fn the_table_holds_in_memory() {
        for case in super::cases() {
            let mut state = AccountState::default();
            for (i, step) in case.steps.iter().enumerate() {
                match *step {
                    Step::Admit {
                        now,
                        kind,
                        expected,
                    } => {
                        let budgets = Step::budgets(kind, &case.budgets);
                        let decision = state.admit(now, &budgets, kind);
                        let got = Outcome::of(&decision);
                        let got = got.unwrap_or_else(|| panic!("{}: {decision:?}", case.name));
                        assert!(
                            expected.matches(got, 0.0),
                            "{} step {i}: {got:?}",
                            case.name
                        );
                    }
                    Step::SlowDown { scope } => {
                        state.slow_down(scope, Step::why(scope), &SLOW_DOWN);
                    }
                    Step::Stop { now, cool_down_us } => {
                        state.stop("account_restricted", Some(now + cool_down_us));
                    }
                }
            }
        }
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
        let slow =
            |state: &mut AccountState| state.slow_down("all", "too_many_requests", &SLOW_DOWN);
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
        let pace =
            |state: &mut AccountState, kind| match state.admit(0.0, &[budget(kind)], Some(kind)) {
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
}
