//! Dates of the stored Unix seconds, in UTC, through `jiff`: ISO dates,
//! RFC 2822 for RSS, RFC 3339 for JSON and sitemaps, and "5 days ago".
//! Durations are whole seconds: `DAY`. The server formats every date a page
//! shows, so the dates (and jiff) stay out of the browser's wasm.

#[cfg(feature = "ssr")]
use jiff::{Timestamp, civil::Date, tz::TimeZone};

/// A day, in seconds.
pub const DAY: i64 = 86_400;

#[cfg(feature = "ssr")]
/// The moment `secs` names; the epoch for one outside jiff's range (which
/// no stored time is).
fn moment(secs: i64) -> Timestamp {
    Timestamp::from_second(secs).unwrap_or(Timestamp::UNIX_EPOCH)
}

#[cfg(feature = "ssr")]
/// Unix seconds at midnight UTC of an ISO date (`2026-11-29`).
pub fn parse_date(iso: &str) -> Option<i64> {
    let iso = iso.trim();
    let date: Date = iso.parse().ok()?;
    let secs = date.to_zoned(TimeZone::UTC).ok()?.timestamp().as_second();
    // Only the one spelling: `2026-11-29`, not `20261129`.
    (format_date(secs) == iso).then_some(secs)
}

#[cfg(feature = "ssr")]
/// ISO date, `2026-11-29`.
pub fn format_date(secs: i64) -> String {
    moment(secs).strftime("%Y-%m-%d").to_string()
}

#[cfg(feature = "ssr")]
/// RFC 2822 date and time in UTC, as RSS wants it: `Sun, 29 Nov 2026 08:00:00 +0000`.
pub fn rfc2822(secs: i64) -> String {
    moment(secs).strftime("%a, %d %b %Y %H:%M:%S +0000").to_string()
}

#[cfg(feature = "ssr")]
/// RFC 3339 date and time in UTC: `2026-11-29T08:00:00Z`.
pub fn rfc3339(secs: i64) -> String {
    moment(secs).strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(feature = "ssr")]
/// "today", "yesterday", "5 days ago", or the date for anything older than 30 days.
pub fn posted_ago(secs: i64, now: i64) -> String {
    let days = (now - secs).max(0) / DAY;
    match days {
        0 => "today".to_owned(),
        1 => "yesterday".to_owned(),
        2..=30 => format!("{days} days ago"),
        _ => format_date(secs),
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn formats_known_dates() {
        assert_eq!(format_date(0), "1970-01-01");
        assert_eq!(format_date(951_782_400), "2000-02-29");
        assert_eq!(format_date(1_795_910_400), "2026-11-29");
        assert_eq!(rfc2822(0), "Thu, 01 Jan 1970 00:00:00 +0000");
        assert_eq!(parse_date("2026-11-29"), Some(1_795_910_400));
        assert_eq!(parse_date("2000-02-29"), Some(951_782_400));
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(rfc3339(1_795_910_400 + 8 * 3_600 + 61), "2026-11-29T08:01:01Z");
        assert_eq!(rfc2822(1_795_910_400 + 8 * 3_600 + 61), "Sun, 29 Nov 2026 08:01:01 +0000");
    }

    #[test]
    fn says_how_long_ago() {
        let now = 1_795_910_400;
        assert_eq!(posted_ago(now - 3_600, now), "today");
        assert_eq!(posted_ago(now - DAY, now), "yesterday");
        assert_eq!(posted_ago(now - 5 * DAY, now), "5 days ago");
        assert_eq!(posted_ago(now - 40 * DAY, now), "2026-10-20");
    }
}
