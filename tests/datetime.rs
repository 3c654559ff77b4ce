//! `looker_sdk::DateTime` decodes every `date-time` text Looker writes, and odd ones, keeping
//! the text as it came: the example of the shared documents (`2021-01-01T01:01:01-08:00`), the
//! date alone their descriptions show (`YYYY-MM-DD`), and what Looker instances send in
//! answers (fractions of any length, `Z`, `+0000`, a space for the `T`, no zone).

use looker_sdk::DateTime;
use serde_json::json;

/// (text, Unix seconds, nanoseconds, offset in seconds east if the text names one)
const READ: &[(&str, i64, u32, Option<i32>)] = &[
    // The shared documents' example (Looker 21.0 to 26.12, `EmbedSsoParams` and others).
    ("2021-01-01T01:01:01-08:00", 1_609_491_661, 0, Some(-28_800)),
    // RFC 3339 as Looker's answers carry it: milliseconds and a zero offset.
    ("2024-05-01T12:00:00.000+00:00", 1_714_564_800, 0, Some(0)),
    ("2024-05-01T12:00:00Z", 1_714_564_800, 0, Some(0)),
    ("2024-05-01t12:00:00z", 1_714_564_800, 0, Some(0)),
    // Fractions of every length; digits past nanoseconds dropped.
    (
        "2024-05-01T12:00:00.5Z",
        1_714_564_800,
        500_000_000,
        Some(0),
    ),
    (
        "2024-05-01T12:00:00.123456Z",
        1_714_564_800,
        123_456_000,
        Some(0),
    ),
    (
        "2024-05-01T12:00:00.1234567891Z",
        1_714_564_800,
        123_456_789,
        Some(0),
    ),
    (
        "2024-05-01T12:00:00,25+02:00",
        1_714_557_600,
        250_000_000,
        Some(7200),
    ),
    // Offsets without a colon, hours alone, half hours, far east and west.
    ("2024-05-01T12:00:00+0530", 1_714_545_000, 0, Some(19_800)),
    ("2024-05-01T12:00:00-03", 1_714_575_600, 0, Some(-10_800)),
    ("2024-05-01T12:00:00+14:00", 1_714_514_400, 0, Some(50_400)),
    // A space instead of `T` (SQL style), a zone after a space, `UTC`.
    ("2024-05-01 12:00:00", 1_714_564_800, 0, None),
    ("2024-05-01 12:00:00 +00:00", 1_714_564_800, 0, Some(0)),
    ("2024-05-01 12:00:00 UTC", 1_714_564_800, 0, Some(0)),
    // No zone, no seconds: read as UTC, no offset claimed.
    ("2024-05-01T12:00:00", 1_714_564_800, 0, None),
    ("2024-05-01T12:00", 1_714_564_800, 0, None),
    // A date alone (`YYYY-MM-DD`, as the documents describe start-of-week dates).
    ("2024-02-29", 1_709_164_800, 0, None),
    // Before the epoch, a leap day of a 400-year, the end of the range.
    ("1969-12-31T23:59:59Z", -1, 0, Some(0)),
    ("2000-02-29T00:00:00Z", 951_782_400, 0, Some(0)),
    ("9999-12-31T23:59:59Z", 253_402_300_799, 0, Some(0)),
];

#[test]
fn every_format_decodes_to_its_instant_and_keeps_its_text() {
    for (text, unix, nanos, offset) in READ {
        let value: DateTime = serde_json::from_value(json!(text)).expect(text);
        assert_eq!(value.as_str(), *text);
        assert!(value.is_valid(), "{text}");
        assert_eq!(value.unix_timestamp(), Some(*unix), "{text}");
        assert_eq!(value.nanosecond(), Some(*nanos), "{text}");
        assert_eq!(value.utc_offset(), *offset, "{text}");
        assert_eq!(value.is_date_only(), text.len() == 10, "{text}");
        // Sent back as it came.
        assert_eq!(serde_json::to_value(&value).unwrap(), json!(text));
    }
}

#[test]
fn text_that_is_no_date_still_decodes_and_is_kept() {
    for text in [
        "",
        "yesterday",
        "2024-13-01T00:00:00Z",
        "2023-02-29",
        "2024-05-01T24:00:00Z",
        "2024-05-01T12:00:00+25:00",
        "2024-05-01T12:00:00.Z",
        "2024-05-01X12:00",
        "2024-5-1",
    ] {
        let value: DateTime = serde_json::from_value(json!(text)).expect(text);
        assert_eq!(value.as_str(), text);
        assert!(!value.is_valid(), "{text}");
        assert_eq!(value.unix_timestamp(), None);
        assert_eq!(value.to_system_time(), None);
        assert_eq!(serde_json::to_value(&value).unwrap(), json!(text));
    }
}

#[test]
fn a_number_is_read_as_unix_seconds_and_null_as_none() {
    let value: DateTime = serde_json::from_value(json!(1_714_564_800)).unwrap();
    assert_eq!(value.as_str(), "1714564800");
    assert_eq!(value.unix_timestamp(), Some(1_714_564_800));
    let none: Option<DateTime> = serde_json::from_value(json!(null)).unwrap();
    assert_eq!(none, None);
    let err = serde_json::from_value::<DateTime>(json!([1])).unwrap_err();
    assert!(err.to_string().contains("a date-time string"), "{err}");
}

#[test]
fn system_times_convert_both_ways() {
    use std::time::{Duration, UNIX_EPOCH};
    let instant = UNIX_EPOCH + Duration::new(1_714_564_800, 250_000_000);
    let value = DateTime::from(instant);
    assert_eq!(value.as_str(), "2024-05-01T12:00:00.25Z");
    assert_eq!(value.to_system_time(), Some(instant));
    let west = DateTime::from("2021-01-01T01:01:01-08:00");
    assert_eq!(
        west.to_system_time(),
        Some(UNIX_EPOCH + Duration::from_secs(1_609_491_661))
    );
    let before = UNIX_EPOCH - Duration::new(1, 500_000_000);
    assert_eq!(DateTime::from(before).as_str(), "1969-12-31T23:59:58.5Z");
}

#[cfg(feature = "chrono")]
#[test]
fn chrono_values_convert_both_ways() {
    let value = DateTime::from("2021-01-01T01:01:01.5-08:00");
    let time = value.to_chrono().expect("a date");
    use chrono::Offset;
    assert_eq!(time.timestamp(), 1_609_491_661);
    assert_eq!(time.timestamp_subsec_nanos(), 500_000_000);
    assert_eq!(time.offset().fix().local_minus_utc(), -28_800);
    assert_eq!(DateTime::from(time).as_str(), "2021-01-01T01:01:01.5-08:00");
    let utc = chrono::DateTime::from_timestamp(1_714_564_800, 0).unwrap();
    assert_eq!(DateTime::from(utc).as_str(), "2024-05-01T12:00:00Z");
}

#[cfg(feature = "time")]
#[test]
fn time_values_convert_both_ways() {
    let value = DateTime::from("2024-05-01T12:00:00+05:30");
    let time = value.to_time().expect("a date");
    assert_eq!(time.unix_timestamp(), 1_714_545_000);
    assert_eq!(time.offset().whole_seconds(), 19_800);
    assert_eq!(DateTime::from(time).as_str(), "2024-05-01T12:00:00+05:30");
}
