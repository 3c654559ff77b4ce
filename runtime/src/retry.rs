//! What may be sent again, and when: the SDK's retry policy.
//!
//! A request is sent again only when Looker's answer proves it was not processed, or when it
//! is idempotent: 429 and 503 for every method (after `Retry-After`, in seconds or as an HTTP
//! date, or else after an exponential backoff with jitter); 502, 504 and a failure to connect
//! only for GET, PUT, DELETE, HEAD and OPTIONS. A POST or PATCH answered by a 502, or cut off, is
//! never sent twice. Attempts and the total time spent waiting are bounded.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::error::{Error, TransportFailure};

/// How often and how long the SDK retries a request (see the module documentation for which).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = never retry).
    pub max_attempts: u32,
    /// The longest the SDK waits in all before giving up: a `Retry-After` that would end past
    /// it is not waited for.
    pub max_wait: Duration,
    /// The first backoff when the answer does not say when to come back; it doubles with each
    /// attempt, up to `max_backoff`, and a random part of up to half is taken off.
    pub initial_backoff: Duration,
    /// The longest single backoff.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    /// 4 attempts, at most 60 s of waiting, backoff from 0.5 s doubling to at most 10 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            max_wait: Duration::from_secs(60),
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    #[must_use]
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// How long to wait before attempt `attempt + 1` of a `method` request that failed with
    /// `error` after `waited` in all, or `None` when it must not be sent again.
    pub(crate) fn delay(
        &self,
        method: &reqwest::Method,
        error: &Error,
        attempt: u32,
        waited: Duration,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let idempotent = matches!(
            *method,
            reqwest::Method::GET
                | reqwest::Method::PUT
                | reqwest::Method::DELETE
                | reqwest::Method::HEAD
                | reqwest::Method::OPTIONS
        );
        let (retryable, asked) = match error {
            Error::Api(api) => match api.status {
                429 | 503 => (true, api.retry_after),
                502 | 504 => (idempotent, api.retry_after),
                _ => (false, None),
            },
            Error::Transport { source, .. } => (
                idempotent && TransportFailure::of(source) == TransportFailure::Connect,
                None,
            ),
            _ => (false, None),
        };
        if !retryable {
            return None;
        }
        let delay = asked.unwrap_or_else(|| self.backoff(attempt));
        // Checked: a server's `Retry-After` may name any number of seconds.
        let until = waited.checked_add(delay)?;
        (until <= self.max_wait).then_some(delay)
    }

    /// The backoff before attempt `attempt + 1`: doubling from `initial_backoff`, capped, with
    /// up to half of it taken off at random so that clients do not come back in step.
    fn backoff(&self, attempt: u32) -> Duration {
        let doubled = self
            .initial_backoff
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
        let capped = doubled.min(self.max_backoff);
        capped.mul_f64(1.0 - jitter() / 2.0)
    }
}

/// Whether an answer of `status` may be retried (for some methods): the only answers whose
/// `Retry-After` the SDK reads.
pub(crate) fn may_retry(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

/// A number in `[0, 1)`, different on each call: enough randomness to spread retries.
fn jitter() -> f64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static STATE: AtomicU64 = AtomicU64::new(0);
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let mut x = STATE.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed) ^ seed;
    // xorshift64*
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    let bits = x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11;
    bits as f64 / (1u64 << 53) as f64
}

/// The longest wait a `Retry-After` header is read as: a longer one (any number of seconds, a
/// date in the year 9999) is read as this, which is past every [`RetryPolicy::max_wait`] that
/// makes sense, so the call fails at once instead of waiting.
pub(crate) const MAX_RETRY_AFTER: Duration = Duration::from_secs(366 * 24 * 3600);

/// The wait a `Retry-After` header asks for, at `now`: whole seconds, or an HTTP date
/// (`Sun, 06 Nov 1994 08:49:37 GMT`; a date past is no wait), at most [`MAX_RETRY_AFTER`].
/// `None` for anything else. Never panics, whatever the value.
pub(crate) fn retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Digits only: a number too long for u64 is still "very long".
        let seconds = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(seconds).min(MAX_RETRY_AFTER));
    }
    let at = UNIX_EPOCH.checked_add(Duration::from_secs(http_date(value)?))?;
    let wait = at.duration_since(now).unwrap_or(Duration::ZERO);
    Some(wait.min(MAX_RETRY_AFTER))
}

/// Seconds since the Unix epoch of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
fn http_date(value: &str) -> Option<u64> {
    let rest = value.split_once(", ")?.1.strip_suffix(" GMT")?;
    let mut parts = rest.split(' ');
    let day: u64 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: u64 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':').map(|p| p.parse::<u64>().ok());
    let (hour, minute, second) = (clock.next()??, clock.next()??, clock.next()??);
    // Years past 9999 are not HTTP dates (and would overflow the day count).
    if parts.next().is_some() || !(1..=31).contains(&day) || !(1970..=9999).contains(&year) {
        return None;
    }
    if hour > 23 {
        return None;
    }
    if minute > 59 || second > 60 {
        return None;
    }
    Some(days_since_epoch(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
}

/// Days from 1970-01-01 to the given date of the proleptic Gregorian calendar.
fn days_since_epoch(year: u64, month: u64, day: u64) -> u64 {
    // Counted from 0000-03-01, so that the leap day ends a year.
    let (y, m) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era_days = y * 365 + y / 4 - y / 100 + y / 400;
    let day_of_year = (153 * m + 2) / 5 + day - 1;
    (era_days + day_of_year).saturating_sub(719_468)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_or_as_an_http_date() {
        let now = UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(retry_after("2", now), Some(Duration::from_secs(2)));
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:49:40 GMT", now),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:49:30 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            http_date("Tue, 29 Feb 2028 12:00:00 GMT"),
            Some(1_835_438_400)
        );
        for bad in [
            "",
            "soon",
            "-1",
            "Sun, 06 Nov 1994 08:49:37",
            "Sun, 32 Nov 1994 08:49:37 GMT",
        ] {
            assert_eq!(retry_after(bad, now), None, "{bad}");
        }
    }

    #[test]
    fn huge_retry_after_values_are_capped_not_overflowed() {
        let now = SystemTime::now();
        for huge in [
            "18446744073709551615",
            "99999999999999999999999999",
            "Sun, 06 Nov 300000000000 08:49:37 GMT",
            "Fri, 31 Dec 9999 23:59:60 GMT",
        ] {
            let wait = retry_after(huge, now);
            assert!(
                wait.is_none() || wait <= Some(MAX_RETRY_AFTER),
                "{huge}: {wait:?}"
            );
        }
        assert_eq!(
            retry_after("18446744073709551615", now),
            Some(MAX_RETRY_AFTER)
        );
        assert_eq!(
            retry_after("Sun, 06 Nov 300000000000 08:49:37 GMT", now),
            None
        );
    }

    fn refused(status: u16, retry_after: Option<Duration>) -> Error {
        let mut api = crate::error::ApiError::from_body(status, "GET", "/x", b"");
        api.retry_after = retry_after;
        api.into()
    }

    proptest::proptest! {
        #[test]
        fn retry_after_never_panics_and_stays_capped(value in ".{0,64}", secs in proptest::num::u64::ANY) {
            let now = UNIX_EPOCH.checked_add(Duration::from_secs(secs % (1 << 40)))
                .unwrap_or(UNIX_EPOCH);
            if let Some(wait) = retry_after(&value, now) {
                proptest::prop_assert!(wait <= MAX_RETRY_AFTER);
            }
            let digits = secs.to_string();
            proptest::prop_assert!(retry_after(&digits, now) <= Some(MAX_RETRY_AFTER));
        }

        /// The retry loop as `Client::send` runs it, fed any sequence of answers: it never
        /// panics, stops within `max_attempts`, and waits at most `max_wait` in all.
        #[test]
        fn the_retry_loop_is_bounded_whatever_the_answers(
            answers in proptest::collection::vec(
                (proptest::sample::select(vec![429u16, 502, 503, 504, 500]),
                 proptest::option::of(proptest::num::u64::ANY)),
                1..12),
            max_attempts in 1u32..10,
            max_wait_ms in 0u64..100_000,
        ) {
            let policy = RetryPolicy {
                max_attempts,
                max_wait: Duration::from_millis(max_wait_ms),
                ..RetryPolicy::default()
            };
            let mut waited = Duration::ZERO;
            let mut attempt = 1;
            for (status, seconds) in answers {
                let error = refused(status, seconds.map(Duration::from_secs));
                let Some(delay) = policy.delay(&reqwest::Method::GET, &error, attempt, waited) else {
                    break;
                };
                waited += delay;
                attempt += 1;
            }
            proptest::prop_assert!(attempt <= max_attempts.max(1));
            proptest::prop_assert!(waited <= policy.max_wait);
        }
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_with_jitter() {
        let policy = RetryPolicy::default();
        for attempt in 1..10 {
            let delay = policy.backoff(attempt);
            let full = Duration::from_millis(500)
                .saturating_mul(1 << (attempt - 1))
                .min(Duration::from_secs(10));
            assert!(delay <= full && delay >= full / 2, "{attempt}: {delay:?}");
        }
    }
}
