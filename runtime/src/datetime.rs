//! [`DateTime`]: a `date-time` value of the API, its text kept as Looker wrote it and a
//! timestamp read from it.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A `date-time` value (`created_at`, `updated_at`, …): the text Looker sent, kept as it is,
/// and the instant it names.
///
/// Decoding never fails on a string: Looker writes RFC 3339 (`2024-05-01T12:00:00.000+00:00`),
/// but also dates alone, times without a zone, offsets without a colon and fractions of any
/// length, all of which are read; text that is no date at all is kept, and only
/// [`unix_timestamp`](Self::unix_timestamp) and the conversions are `None` for it. A value is
/// sent as its text.
///
/// ```
/// use looker_sdk_rtl::DateTime;
///
/// let created = DateTime::from("2021-01-01T01:01:01-08:00");
/// assert_eq!(created.as_str(), "2021-01-01T01:01:01-08:00");
/// assert_eq!(created.unix_timestamp(), Some(1_609_491_661));
/// assert_eq!(created.utc_offset(), Some(-8 * 3600));
/// ```
///
/// With the `chrono` feature, `to_chrono()` and `From<chrono::DateTime<_>>`;
/// with the `time` feature, `to_time()` and `From<time::OffsetDateTime>`.
#[derive(Clone)]
pub struct DateTime {
    text: String,
    parsed: Option<Parsed>,
}

/// What the text says, when it is a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Parsed {
    /// Seconds since 1970-01-01T00:00:00Z (a date or time without a zone read as UTC).
    unix: i64,
    nanosecond: u32,
    /// Seconds east of UTC, when the text names a zone.
    offset: Option<i32>,
    date_only: bool,
}

impl DateTime {
    /// The text as Looker wrote it (or as it was made).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the text is a date or date-time this type reads.
    pub fn is_valid(&self) -> bool {
        self.parsed.is_some()
    }

    /// Seconds since the Unix epoch; a value without a zone is read as UTC, a date alone as its
    /// midnight. `None` when the text is not a date.
    pub fn unix_timestamp(&self) -> Option<i64> {
        self.parsed.map(|p| p.unix)
    }

    /// The fraction of the second, in nanoseconds (digits past the ninth are dropped).
    pub fn nanosecond(&self) -> Option<u32> {
        self.parsed.map(|p| p.nanosecond)
    }

    /// The offset from UTC the text names, in seconds east (`Z` is 0); `None` when it names
    /// none (or is not a date).
    pub fn utc_offset(&self) -> Option<i32> {
        self.parsed.and_then(|p| p.offset)
    }

    /// Whether the text is a date alone (`2024-05-01`).
    pub fn is_date_only(&self) -> bool {
        self.parsed.is_some_and(|p| p.date_only)
    }

    /// The instant, as the standard library's clock time.
    pub fn to_system_time(&self) -> Option<SystemTime> {
        let parsed = self.parsed?;
        let nanos = Duration::from_nanos(u64::from(parsed.nanosecond));
        if parsed.unix >= 0 {
            UNIX_EPOCH.checked_add(Duration::from_secs(parsed.unix.unsigned_abs()) + nanos)
        } else {
            UNIX_EPOCH
                .checked_sub(Duration::from_secs(parsed.unix.unsigned_abs()))?
                .checked_add(nanos)
        }
    }

    /// The instant with the text's offset (UTC when it names none).
    #[cfg(feature = "chrono")]
    #[cfg_attr(docsrs, doc(cfg(feature = "chrono")))]
    pub fn to_chrono(&self) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        let parsed = self.parsed?;
        let offset = chrono::FixedOffset::east_opt(parsed.offset.unwrap_or(0))?;
        let utc = chrono::DateTime::from_timestamp(parsed.unix, parsed.nanosecond)?;
        Some(utc.with_timezone(&offset))
    }

    /// The instant with the text's offset (UTC when it names none).
    #[cfg(feature = "time")]
    #[cfg_attr(docsrs, doc(cfg(feature = "time")))]
    pub fn to_time(&self) -> Option<time::OffsetDateTime> {
        let parsed = self.parsed?;
        let offset = time::UtcOffset::from_whole_seconds(parsed.offset.unwrap_or(0)).ok()?;
        let nanos = i128::from(parsed.unix) * 1_000_000_000 + i128::from(parsed.nanosecond);
        time::OffsetDateTime::from_unix_timestamp_nanos(nanos)
            .ok()
            .map(|t| t.to_offset(offset))
    }

    /// The RFC 3339 text of an instant given as Unix seconds, nanoseconds and an offset.
    fn from_instant(unix: i64, nanosecond: u32, offset: i32) -> DateTime {
        let local = unix + i64::from(offset);
        let (days, seconds) = (local.div_euclid(86_400), local.rem_euclid(86_400));
        let (year, month, day) = civil_from_days(days);
        let mut text = format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        );
        if nanosecond != 0 {
            let fraction = format!("{nanosecond:09}");
            text.push('.');
            text.push_str(fraction.trim_end_matches('0'));
        }
        if offset == 0 {
            text.push('Z');
        } else {
            let sign = if offset < 0 { '-' } else { '+' };
            let minutes = offset.unsigned_abs() / 60;
            text.push_str(&format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60));
        }
        DateTime::from(text)
    }
}

impl From<String> for DateTime {
    /// Keeps `text`, whatever it is; see [`DateTime::is_valid`].
    fn from(text: String) -> Self {
        let parsed = parse(&text);
        DateTime { text, parsed }
    }
}

impl From<&str> for DateTime {
    fn from(text: &str) -> Self {
        DateTime::from(text.to_owned())
    }
}

impl From<SystemTime> for DateTime {
    /// The instant in UTC, RFC 3339 (`2024-05-01T12:00:00Z`).
    fn from(time: SystemTime) -> Self {
        let (unix, nanosecond) = match time.duration_since(UNIX_EPOCH) {
            Ok(after) => (after.as_secs() as i64, after.subsec_nanos()),
            Err(before) => {
                let before = before.duration();
                let (secs, nanos) = (before.as_secs() as i64, before.subsec_nanos());
                if nanos == 0 {
                    (-secs, 0)
                } else {
                    (-secs - 1, 1_000_000_000 - nanos)
                }
            }
        };
        DateTime::from_instant(unix, nanosecond, 0)
    }
}

#[cfg(feature = "chrono")]
#[cfg_attr(docsrs, doc(cfg(feature = "chrono")))]
impl<Tz: chrono::TimeZone> From<chrono::DateTime<Tz>> for DateTime {
    /// The instant with its offset, RFC 3339.
    fn from(time: chrono::DateTime<Tz>) -> Self {
        use chrono::Offset;
        let offset = time.offset().fix().local_minus_utc();
        DateTime::from_instant(time.timestamp(), time.timestamp_subsec_nanos(), offset)
    }
}

#[cfg(feature = "time")]
#[cfg_attr(docsrs, doc(cfg(feature = "time")))]
impl From<time::OffsetDateTime> for DateTime {
    /// The instant with its offset, RFC 3339.
    fn from(time: time::OffsetDateTime) -> Self {
        DateTime::from_instant(
            time.unix_timestamp(),
            time.nanosecond(),
            time.offset().whole_seconds(),
        )
    }
}

impl PartialEq for DateTime {
    /// The same text.
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for DateTime {}

impl std::hash::Hash for DateTime {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl std::fmt::Debug for DateTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("DateTime").field(&self.text).finish()
    }
}

impl std::fmt::Display for DateTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl serde::Serialize for DateTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> serde::Deserialize<'de> for DateTime {
    /// Any string; a number is read as Unix seconds (its text kept).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Visitor)
    }
}

struct Visitor;

impl serde::de::Visitor<'_> for Visitor {
    type Value = DateTime;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a date-time string")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<DateTime, E> {
        Ok(DateTime::from(text))
    }

    fn visit_string<E: serde::de::Error>(self, text: String) -> Result<DateTime, E> {
        Ok(DateTime::from(text))
    }

    fn visit_i64<E: serde::de::Error>(self, seconds: i64) -> Result<DateTime, E> {
        Ok(epoch_seconds(seconds.to_string(), seconds))
    }

    fn visit_u64<E: serde::de::Error>(self, seconds: u64) -> Result<DateTime, E> {
        let text = seconds.to_string();
        match i64::try_from(seconds) {
            Ok(seconds) => Ok(epoch_seconds(text, seconds)),
            Err(_) => Ok(DateTime { text, parsed: None }),
        }
    }
}

/// A number of Unix seconds, its text kept.
fn epoch_seconds(text: String, seconds: i64) -> DateTime {
    let parsed = (seconds.unsigned_abs() < MAX_UNIX_SECONDS).then_some(Parsed {
        unix: seconds,
        nanosecond: 0,
        offset: Some(0),
        date_only: false,
    });
    DateTime { text, parsed }
}

/// Past the year 9999: no date this type writes.
const MAX_UNIX_SECONDS: u64 = 253_402_300_800;

/// Reads `YYYY-MM-DD`, optionally followed (after `T`, `t` or a space) by `HH:MM[:SS[.frac]]`
/// and a zone: `Z`, `UTC`, `GMT`, `±HH:MM`, `±HHMM` or `±HH` (spaces before it allowed).
fn parse(text: &str) -> Option<Parsed> {
    let mut input = Input(text.trim().as_bytes());
    let year = input.number(4)?;
    input.expect(b'-')?;
    let month = input.number(2)?;
    input.expect(b'-')?;
    let day = input.number(2)?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    if input.0.is_empty() {
        return Some(Parsed {
            unix: days * 86_400,
            nanosecond: 0,
            offset: None,
            date_only: true,
        });
    }
    if !matches!(input.next()?, b'T' | b't' | b' ') {
        return None;
    }
    let hour = input.number(2)?;
    input.expect(b':')?;
    let minute = input.number(2)?;
    let second = if input.peek() == Some(b':') {
        input.expect(b':')?;
        input.number(2)?
    } else {
        0
    };
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut nanosecond = 0;
    if matches!(input.peek(), Some(b'.' | b',')) {
        input.next();
        let digits = input.digits();
        if digits.is_empty() {
            return None;
        }
        for place in 0..9 {
            let digit = digits.get(place).map_or(0, |d| u32::from(d - b'0'));
            nanosecond = nanosecond * 10 + digit;
        }
    }
    let offset = zone(input.0.trim_ascii_start())?;
    let unix = days * 86_400 + hour * 3600 + minute * 60 + second - i64::from(offset.unwrap_or(0));
    Some(Parsed {
        unix,
        nanosecond,
        offset,
        date_only: false,
    })
}

/// The offset a zone names in seconds east; `Some(None)` for no zone, `None` for no zone this
/// type reads.
fn zone(text: &[u8]) -> Option<Option<i32>> {
    match text {
        b"" => return Some(None),
        b"Z" | b"z" | b"UTC" | b"GMT" => return Some(Some(0)),
        _ => {}
    }
    let mut input = Input(text);
    let sign = match input.next()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let hours = input.number(2)?;
    if input.peek() == Some(b':') {
        input.next();
    }
    let minutes = if input.0.is_empty() {
        0
    } else {
        input.number(2)?
    };
    if !input.0.is_empty() || hours > 23 || minutes > 59 {
        return None;
    }
    Some(Some(sign * (hours * 3600 + minutes * 60) as i32))
}

/// The rest of a text being read.
struct Input<'a>(&'a [u8]);

impl Input<'_> {
    fn peek(&self) -> Option<u8> {
        self.0.first().copied()
    }

    fn next(&mut self) -> Option<u8> {
        let (first, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(*first)
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.next()? == byte).then_some(())
    }

    /// Exactly `width` ASCII digits.
    fn number(&mut self, width: usize) -> Option<i64> {
        let digits = self.0.get(..width)?;
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.0 = &self.0[width..];
        Some(digits.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
    }

    /// All the ASCII digits that follow.
    fn digits(&mut self) -> &[u8] {
        let count = self.0.iter().take_while(|d| d.is_ascii_digit()).count();
        let (digits, rest) = self.0.split_at(count);
        self.0 = rest;
        digits
    }
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (the era-based algorithm: eras of
/// 400 years, years starting in March so that the leap day comes last).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a number of days since 1970-01-01 (the inverse of [`days_from_civil`]).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_round_trip() {
        for days in [-719_468, -1, 0, 1, 59, 10_957, 11_016, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }

    #[test]
    fn instants_are_written_as_rfc_3339() {
        assert_eq!(
            DateTime::from_instant(1_609_491_661, 0, -8 * 3600).as_str(),
            "2021-01-01T01:01:01-08:00"
        );
        assert_eq!(
            DateTime::from_instant(-1, 500_000_000, 0).as_str(),
            "1969-12-31T23:59:59.5Z"
        );
    }
}
