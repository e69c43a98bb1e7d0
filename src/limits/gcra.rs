//! The admission algorithm, one account at a time: GCRA with reservations,
//! daily and weekly quotas, pace factors (slow-down after a 429 or a
//! throttled profile) and a stop.
//!
//! The in-memory backend runs this code; the Redis backend runs the same
//! steps in a Lua script (`lua/admit.lua`), in the same order and with the
//! same floating-point microseconds, so both admit alike (one test table,
//! `gcra_tests.rs`, checks both). A caller reserves the earliest start its
//! budgets allow and waits until then: one step per attempt, no polling.

use std::collections::{HashMap, VecDeque};

use serde::Deserialize;

use super::SlowDown;
use super::budget::ScopedBudget;
use super::held::{Arrival, Reservation};

/// Microseconds in a day: daily quotas count per UTC day.
pub(crate) const DAY_US: f64 = 86_400e6;
/// Microseconds in a week: weekly quotas count the last seven days.
pub(crate) const WEEK_US: f64 = 7.0 * DAY_US;
/// The pace scope of the account's own pace (a 429 slows every call).
pub(crate) const ACCOUNT_SCOPE: &str = "all";

/// What an admission came to.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Decision {
    /// Start after `wait_us`; the call's pace is `pace` (1: full);
    /// `reservation` is what a give-back undoes.
    Admitted {
        wait_us: f64,
        pace: f64,
        reservation: Reservation,
    },
    /// The earliest start is `wait_us` away, past the caller's bound:
    /// nothing was reserved or counted.
    TooLate { wait_us: f64 },
    /// The account is stopped (`reason`: an error kind name) for `left_us`
    /// more (`None`: until reset).
    Stopped {
        reason: String,
        left_us: Option<f64>,
    },
    /// A quota of `budget` is used up until `resets_in_us`.
    Quota {
        budget: String,
        weekly: bool,
        resets_in_us: f64,
    },
}

/// A lowered pace: its factor, the last signal that lowered it and how
/// many signals did since it was whole.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct Pace {
    pub(crate) factor: f64,
    pub(crate) why: String,
    pub(crate) signals: u32,
}

/// One budget's state, as `Limiter::report` reads it; times in µs from
/// the snapshot's `now_us`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub(crate) struct BudgetState {
    /// The theoretical arrival time, if ever paced.
    pub(crate) tat_in: Option<f64>,
    /// Calls counted in the current UTC day.
    pub(crate) today: u32,
    /// The starts of the calls counted in the last seven days.
    pub(crate) week_in: Vec<f64>,
}

/// One account's whole state at `now_us` (µs since the epoch), from
/// either backend.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub(crate) struct Snapshot {
    pub(crate) now_us: f64,
    /// The stop's reason and time left (`None`: until reset).
    pub(crate) stop: Option<(String, Option<f64>)>,
    /// Lowered paces by scope (`all` or a kind name).
    pub(crate) paces: HashMap<String, Pace>,
    /// By budget name.
    pub(crate) budgets: HashMap<String, BudgetState>,
}

/// One account's state (the in-memory backend keeps one per account).
#[derive(Debug, Clone, Default)]
pub(crate) struct AccountState {
    /// Theoretical arrival time per budget (µs since the epoch).
    tats: HashMap<&'static str, f64>,
    /// Calls counted per budget: (UTC day number, count).
    counts: HashMap<&'static str, (f64, u32)>,
    /// Start times of the calls of the last seven days, per budget with a
    /// weekly quota, oldest first.
    weeks: HashMap<&'static str, VecDeque<f64>>,
    /// Lowered paces by scope (`all`, or a kind name); absent: full pace.
    paces: HashMap<String, Pace>,
    /// A stop: reason and its end (`None`: until reset).
    stop: Option<(String, Option<f64>)>,
}

/// The earliest start at or after `now` that every budget allows a call
/// at `pace`, given each budget's theoretical arrival time; no bursts
/// while slowed.
pub(crate) fn earliest_start(
    now: f64,
    pace: f64,
    budgets: &[ScopedBudget],
    tat: impl Fn(&str) -> f64,
) -> f64 {
    let mut start = now;
    for budget in budgets.iter().filter(|b| b.interval_us > 0.0) {
        let interval = budget.interval_us / pace;
        let tolerance = if pace < 1.0 {
            0.0
        } else {
            f64::from(budget.burst.max(1) - 1) * interval
        };
        start = start.max(tat(budget.name) - tolerance);
    }
    start
}

impl AccountState {
    /// The pace of a call of `kind`: the account's times the kind's.
    fn pace_of(&self, kind: Option<&str>) -> f64 {
        let factor = |scope: &str| self.paces.get(scope).map_or(1.0, |pace| pace.factor);
        factor(ACCOUNT_SCOPE) * kind.map_or(1.0, factor)
    }

    /// Admits one attempt of a `kind` call at `now` (µs since the epoch)
    /// into every budget, or says why not.
    #[cfg(test)]
    pub(crate) fn admit(
        &mut self,
        now: f64,
        budgets: &[ScopedBudget],
        kind: Option<&str>,
    ) -> Decision {
        self.admit_within(now, budgets, kind, f64::INFINITY)
    }

    /// [`AccountState::admit`], unless the start would be more than
    /// `max_wait_us` away: then nothing is reserved ([`Decision::TooLate`]).
    pub(crate) fn admit_within(
        &mut self,
        now: f64,
        budgets: &[ScopedBudget],
        kind: Option<&str>,
        max_wait_us: f64,
    ) -> Decision {
        if let Some((reason, until)) = &self.stop {
            match until {
                Some(until) if *until <= now => self.stop = None,
                _ => {
                    return Decision::Stopped {
                        reason: reason.clone(),
                        left_us: until.map(|until| until - now),
                    };
                }
            }
        }
        let pace = self.pace_of(kind);
        let day = (now / DAY_US).floor();
        for budget in budgets.iter().filter(|b| b.quota > 0) {
            let used = match self.counts.get(budget.name) {
                Some((counted, used)) if *counted == day => *used,
                _ => 0,
            };
            if used >= budget.quota {
                return Decision::Quota {
                    budget: budget.name.to_string(),
                    weekly: false,
                    resets_in_us: (day + 1.0) * DAY_US - now,
                };
            }
        }
        for budget in budgets.iter().filter(|b| b.weekly > 0) {
            let week = self.weeks.entry(budget.name).or_default();
            week.retain(|start| *start > now - WEEK_US);
            if week.len() >= budget.weekly as usize {
                let oldest = week.iter().copied().fold(f64::INFINITY, f64::min);
                return Decision::Quota {
                    budget: budget.name.to_string(),
                    weekly: true,
                    resets_in_us: oldest + WEEK_US - now,
                };
            }
        }
        let start = earliest_start(now, pace, budgets, |name| {
            self.tats.get(name).copied().unwrap_or(0.0)
        });
        if start - now > max_wait_us {
            return Decision::TooLate {
                wait_us: start - now,
            };
        }
        let mut reservation = Reservation {
            start,
            arrivals: Vec::new(),
        };
        for budget in budgets {
            if budget.interval_us > 0.0 {
                let before = self.tats.get(budget.name).copied();
                let after = before.unwrap_or(0.0).max(start) + budget.interval_us / pace;
                self.tats.insert(budget.name, after);
                reservation.arrivals.push(Arrival {
                    budget: budget.name,
                    before,
                    after,
                });
            }
            if budget.quota > 0 {
                let count = self.counts.entry(budget.name).or_insert((day, 0));
                if count.0 != day {
                    *count = (day, 0);
                }
                count.1 += 1;
            }
            if budget.weekly > 0 {
                self.weeks.entry(budget.name).or_default().push_back(start);
            }
        }
        Decision::Admitted {
            wait_us: start - now,
            pace,
            reservation,
        }
    }

    /// After a 429 (`scope` `all`) or a throttled profile (`scope` the
    /// kind): that pace drops; the new pace.
    pub(crate) fn slow_down(&mut self, scope: &str, why: &str, slow_down: &SlowDown) -> f64 {
        let pace = self.paces.entry(scope.to_string()).or_insert(Pace {
            factor: 1.0,
            why: String::new(),
            signals: 0,
        });
        pace.factor = (pace.factor * slow_down.decrease).max(slow_down.floor);
        pace.why = why.to_string();
        pace.signals += 1;
        let factor = pace.factor;
        if factor >= 1.0 {
            self.paces.remove(scope);
        }
        factor
    }

    /// After a success: each of `scopes` recovers one step; the call's new
    /// pace (their product).
    pub(crate) fn recover(&mut self, scopes: &[&str], slow_down: &SlowDown) -> f64 {
        let mut product = 1.0;
        for scope in scopes {
            if let Some(pace) = self.paces.get_mut(*scope) {
                pace.factor = (pace.factor + slow_down.step).min(1.0);
                product *= pace.factor;
                if pace.factor >= 1.0 {
                    self.paces.remove(*scope);
                }
            }
        }
        product
    }

    /// Gives back `reservation`, whose caller dropped the call while it
    /// waited. A budget's arrival time goes back only if no admission came
    /// after this one (else the slot stays empty: a later call may wait
    /// longer, never start with one already waiting); today's count loses
    /// the call (a wait that crossed midnight UTC keeps it), the week loses
    /// the call's own start.
    pub(crate) fn release(
        &mut self,
        now: f64,
        budgets: &[ScopedBudget],
        reservation: &Reservation,
    ) {
        for arrival in &reservation.arrivals {
            if self.tats.get(arrival.budget) == Some(&arrival.after) {
                match arrival.before {
                    Some(before) => self.tats.insert(arrival.budget, before),
                    None => self.tats.remove(arrival.budget),
                };
            }
        }
        let day = (now / DAY_US).floor();
        for budget in budgets {
            if budget.quota > 0
                && let Some((counted, used)) = self.counts.get_mut(budget.name)
                && *counted == day
            {
                *used = used.saturating_sub(1);
            }
            if budget.weekly > 0
                && let Some(week) = self.weeks.get_mut(budget.name)
                && let Some(own) = week.iter().position(|start| *start == reservation.start)
            {
                week.remove(own);
            }
        }
    }

    /// Whether this state admits at `now` and later exactly as a fresh one
    /// would: no stop, full pace, no reservation ahead, nothing counted in
    /// a quota window still open. Such a state can be dropped.
    pub(crate) fn is_idle(&self, now: f64) -> bool {
        let day = (now / DAY_US).floor();
        self.stop.is_none()
            && self.paces.is_empty()
            && self.tats.values().all(|tat| *tat <= now)
            && self.counts.values().all(|(counted, _)| *counted != day)
            && self
                .weeks
                .values()
                .all(|week| week.iter().all(|start| *start <= now - WEEK_US))
    }

    /// Stops the account until `until` (µs since the epoch; `None`: reset).
    pub(crate) fn stop(&mut self, reason: &str, until: Option<f64>) {
        self.stop = Some((reason.to_string(), until));
    }

    /// Without `kind`: lifts a stop and restores every pace; with one:
    /// restores that kind's pace alone.
    pub(crate) fn reset(&mut self, kind: Option<&str>) {
        match kind {
            Some(kind) => {
                self.paces.remove(kind);
            }
            None => {
                self.stop = None;
                self.paces.clear();
            }
        }
    }

    /// Everything this state says at `now`, as `Limiter::report` reads it.
    pub(crate) fn snapshot(&self, now: f64) -> Snapshot {
        let day = (now / DAY_US).floor();
        let mut budgets: HashMap<String, BudgetState> = HashMap::new();
        for (name, tat) in &self.tats {
            budgets.entry(name.to_string()).or_default().tat_in = Some(*tat - now);
        }
        for (name, (counted, used)) in &self.counts {
            if *counted == day {
                budgets.entry(name.to_string()).or_default().today = *used;
            }
        }
        for (name, week) in &self.weeks {
            budgets.entry(name.to_string()).or_default().week_in = week
                .iter()
                .filter(|start| **start > now - WEEK_US)
                .map(|start| start - now)
                .collect();
        }
        Snapshot {
            now_us: now,
            stop: self
                .stop
                .as_ref()
                .filter(|(_, until)| until.is_none_or(|until| until > now))
                .map(|(reason, until)| (reason.clone(), until.map(|until| until - now))),
            paces: self.paces.clone(),
            budgets,
        }
    }
}
