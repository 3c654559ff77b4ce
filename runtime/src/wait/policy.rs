//! How often to poll and for how long: [`WaitPolicy`].

use std::time::Duration;

/// How a wait polls: an interval that grows to a ceiling, moved at random by a jitter so that
/// many waiters do not poll together, and a deadline for the whole wait.
///
/// The default polls after 0.5 s, then each wait 1.5 times the last (0.75 s, 1.1 s, ...) up
/// to 10 s, each moved by up to ±20 %, and gives up after 15 minutes.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct WaitPolicy {
    /// The first wait between two polls.
    pub interval: Duration,
    /// Each wait is this many percent of the one before (100: a fixed interval).
    pub growth_percent: u32,
    /// The longest wait between two polls.
    pub max_interval: Duration,
    /// Each wait is moved, at random, by up to this many percent of it (at most 100).
    pub jitter_percent: u32,
    /// The longest the whole wait may last, from the start; then it ends with
    /// [`TaskEnd::TimedOut`](crate::TaskEnd::TimedOut), and the work is stopped where Looker
    /// can stop it.
    pub deadline: Duration,
}

impl Default for WaitPolicy {
    fn default() -> Self {
        WaitPolicy {
            interval: Duration::from_millis(500),
            growth_percent: 150,
            max_interval: Duration::from_secs(10),
            jitter_percent: 20,
            deadline: Duration::from_secs(15 * 60),
        }
    }
}

impl WaitPolicy {
    /// The default policy with another deadline.
    #[must_use]
    pub fn with_deadline(deadline: Duration) -> Self {
        WaitPolicy {
            deadline,
            ..WaitPolicy::default()
        }
    }

    /// A fixed interval without jitter (tests, scripts that want predictable polls).
    #[must_use]
    pub fn fixed(interval: Duration, deadline: Duration) -> Self {
        WaitPolicy {
            interval,
            growth_percent: 100,
            max_interval: interval,
            jitter_percent: 0,
            deadline,
        }
    }

    /// The wait after `current`: grown by `growth_percent`, at most `max_interval`.
    pub(crate) fn grow(&self, current: Duration) -> Duration {
        let grown = current
            .as_nanos()
            .saturating_mul(u128::from(self.growth_percent.max(100)))
            / 100;
        let grown = Duration::from_nanos(u64::try_from(grown).unwrap_or(u64::MAX));
        grown
            .min(self.max_interval)
            .max(current.min(self.max_interval))
    }

    /// `wait` moved by `random` (any `u64`) within ±`jitter_percent`.
    pub(crate) fn jittered(&self, wait: Duration, random: u64) -> Duration {
        let percent = u128::from(self.jitter_percent.min(100));
        let span = wait.as_nanos().saturating_mul(percent) / 100;
        if span == 0 {
            return wait;
        }
        let offset = u128::from(random) % (2 * span + 1);
        let nanos = (wait.as_nanos() + offset).saturating_sub(span);
        Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_to_the_ceiling_and_never_shrink_below_it() {
        let policy = WaitPolicy::default();
        let mut wait = policy.interval;
        let mut waits = Vec::new();
        for _ in 0..12 {
            waits.push(wait.as_millis());
            wait = policy.grow(wait);
        }
        assert_eq!(&waits[..5], [500, 750, 1125, 1687, 2531]);
        assert!(waits.windows(2).all(|pair| pair[0] <= pair[1]));
        assert_eq!(*waits.last().unwrap_or(&0), 10_000);
        let huge = WaitPolicy {
            growth_percent: u32::MAX,
            ..WaitPolicy::default()
        };
        assert_eq!(huge.grow(Duration::MAX), huge.max_interval);
    }

    #[test]
    fn jitter_stays_within_its_percent_and_never_overflows() {
        let policy = WaitPolicy::default();
        let wait = Duration::from_secs(10);
        for random in [0, 1, 7, u64::MAX / 3, u64::MAX] {
            let moved = policy.jittered(wait, random);
            assert!(
                moved >= Duration::from_secs(8) && moved <= Duration::from_secs(12),
                "{moved:?}"
            );
        }
        let all = WaitPolicy {
            jitter_percent: u32::MAX,
            ..WaitPolicy::default()
        };
        assert!(all.jittered(Duration::MAX, u64::MAX) <= Duration::MAX);
        assert_eq!(WaitPolicy::fixed(wait, wait).jittered(wait, 12345), wait);
    }
}
