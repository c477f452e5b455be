//! Time as the board stores it: a `Time` is a moment in whole seconds since
//! the Unix epoch (UTC), a `Span` a length in whole seconds. Every table
//! keeps times as such integers, and the JSON the browser reads carries them
//! the same way; the types keep a moment from being added to a moment or
//! passed where a count belongs. The dates a page shows (ISO, RFC 2822 for
//! RSS, RFC 3339 for JSON and sitemaps, "5 days ago") are formatted through
//! `jiff` on the server only, so jiff stays out of the browser's wasm.

use serde::{Deserialize, Serialize};
use std::ops::{Add, Div, Mul, Sub};

/// A moment, in whole seconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
pub struct Time(i64);

/// A length of time in whole seconds; negative when it runs backwards.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Span(i64);

/// A minute.
pub const MINUTE: Span = Span(60);
/// An hour.
pub const HOUR: Span = Span(3_600);
/// A day (the board's days are UTC days of 24 hours).
pub const DAY: Span = Span(86_400);

impl Time {
    /// The epoch: also what "never" and "long ago" are stored as.
    pub const EPOCH: Time = Time(0);
    /// Later than any real moment: "not before the end of time".
    pub const MAX: Time = Time(i64::MAX);

    /// The moment `secs` seconds after the epoch.
    pub const fn from_unix(secs: i64) -> Time {
        Time(secs)
    }

    /// Seconds since the epoch, as stored.
    pub const fn unix(self) -> i64 {
        self.0
    }

    /// The server's clock (the epoch if it runs before 1970).
    #[cfg(feature = "ssr")]
    pub fn now() -> Time {
        let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
        Time(since.map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)).unwrap_or(0))
    }

    /// The UTC day this moment falls in, counted from the epoch's (day 0).
    pub const fn day(self) -> i64 {
        self.0.div_euclid(86_400)
    }

    /// The start of this moment's window of `length`, counting windows from
    /// the epoch (rate limits count per window).
    pub const fn window_start(self, length: Span) -> Time {
        if length.0 <= 0 { self } else { Time(self.0 - self.0.rem_euclid(length.0)) }
    }
}

impl Span {
    /// No time at all.
    pub const ZERO: Span = Span(0);

    pub const fn seconds(n: i64) -> Span {
        Span(n)
    }

    pub const fn minutes(n: i64) -> Span {
        Span(n * 60)
    }

    pub const fn hours(n: i64) -> Span {
        Span(n * 3_600)
    }

    pub const fn days(n: i64) -> Span {
        Span(n * 86_400)
    }

    /// Whole seconds.
    pub const fn as_secs(self) -> i64 {
        self.0
    }

    /// The span for `std`'s timers; nothing for a negative one.
    pub const fn to_std(self) -> std::time::Duration {
        std::time::Duration::from_secs(if self.0 > 0 { self.0 as u64 } else { 0 })
    }
}

impl From<std::time::Duration> for Span {
    /// Whole seconds of a timer's duration (the fraction dropped).
    fn from(duration: std::time::Duration) -> Span {
        Span(i64::try_from(duration.as_secs()).unwrap_or(i64::MAX))
    }
}

impl Add<Span> for Time {
    type Output = Time;
    fn add(self, span: Span) -> Time {
        Time(self.0.saturating_add(span.0))
    }
}

impl Sub<Span> for Time {
    type Output = Time;
    fn sub(self, span: Span) -> Time {
        Time(self.0.saturating_sub(span.0))
    }
}

impl Sub<Time> for Time {
    type Output = Span;
    /// How long after `earlier` this moment is.
    fn sub(self, earlier: Time) -> Span {
        Span(self.0.saturating_sub(earlier.0))
    }
}

impl Add for Span {
    type Output = Span;
    fn add(self, other: Span) -> Span {
        Span(self.0.saturating_add(other.0))
    }
}

impl Sub for Span {
    type Output = Span;
    fn sub(self, other: Span) -> Span {
        Span(self.0.saturating_sub(other.0))
    }
}

impl Mul<i64> for Span {
    type Output = Span;
    fn mul(self, n: i64) -> Span {
        Span(self.0.saturating_mul(n))
    }
}

impl Mul<Span> for i64 {
    type Output = Span;
    fn mul(self, span: Span) -> Span {
        span * self
    }
}

impl Div for Span {
    type Output = i64;
    /// How many whole `other`s fit (rounded towards zero).
    fn div(self, other: Span) -> i64 {
        if other.0 == 0 { 0 } else { self.0 / other.0 }
    }
}

#[cfg(feature = "ssr")]
mod dates {
    use super::{DAY, Time};
    use jiff::{civil::Date, tz::TimeZone};

    impl Time {
        /// This moment for jiff; the epoch for one outside jiff's range
        /// (which no stored time is).
        fn jiff(self) -> jiff::Timestamp {
            jiff::Timestamp::from_second(self.0).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        }

        /// Midnight UTC of an ISO date (`2026-11-29`), in that one spelling.
        pub fn parse_date(iso: &str) -> Option<Time> {
            let iso = iso.trim();
            let date: Date = iso.parse().ok()?;
            let time = Time(date.to_zoned(TimeZone::UTC).ok()?.timestamp().as_second());
            // Only the one spelling: `2026-11-29`, not `20261129`.
            (time.date() == iso).then_some(time)
        }

        /// ISO date, `2026-11-29`.
        pub fn date(self) -> String {
            self.jiff().strftime("%Y-%m-%d").to_string()
        }

        /// "2026-11-29 14:02 UTC".
        pub fn minute(self) -> String {
            self.jiff().strftime("%Y-%m-%d %H:%M UTC").to_string()
        }

        /// RFC 2822 date and time in UTC, as RSS wants it:
        /// `Sun, 29 Nov 2026 08:00:00 +0000`.
        pub fn rfc2822(self) -> String {
            self.jiff().strftime("%a, %d %b %Y %H:%M:%S +0000").to_string()
        }

        /// RFC 3339 date and time in UTC: `2026-11-29T08:00:00Z`.
        pub fn rfc3339(self) -> String {
            self.jiff().strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
        }

        /// For HTTP headers (`Last-Modified`): the `SystemTime` of this
        /// moment, the epoch for one before it.
        pub fn system_time(self) -> std::time::SystemTime {
            std::time::UNIX_EPOCH + std::time::Duration::from_secs(self.0.max(0).unsigned_abs())
        }

        /// "today", "yesterday", "5 days ago", or the date for anything older
        /// than 30 days, as seen at `now`.
        pub fn ago(self, now: Time) -> String {
            let days = (now - self).max(super::Span::ZERO) / DAY;
            match days {
                0 => "today".to_owned(),
                1 => "yesterday".to_owned(),
                2..=30 => format!("{days} days ago"),
                _ => self.date(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_and_spans_add_up() {
        let t = Time::from_unix(1_000);
        assert_eq!(t + Span::seconds(5), Time::from_unix(1_005));
        assert_eq!(t - 2 * MINUTE, Time::from_unix(880));
        assert_eq!(Time::from_unix(1_000 + 3 * 86_400) - t, 3 * DAY);
        assert_eq!((t - Time::from_unix(4_600)).as_secs(), -3_600);
        assert_eq!(Span::days(3) / DAY, 3);
        assert_eq!(Time::from_unix(7_300).window_start(HOUR), Time::from_unix(7_200));
        assert_eq!(Time::from_unix(2 * 86_400 + 5).day(), 2);
        assert_eq!(Time::from_unix(-1).day(), -1);
        assert_eq!(Span::seconds(-4).to_std(), std::time::Duration::ZERO);
        assert_eq!(Span::from(std::time::Duration::from_millis(2_500)), Span::seconds(2));
    }

    #[test]
    fn stores_and_serializes_as_plain_seconds() {
        let t = Time::from_unix(1_795_910_400);
        assert_eq!(serde_json::to_string(&t).ok().as_deref(), Some("1795910400"));
        assert_eq!(serde_json::from_str::<Time>("1795910400").ok(), Some(t));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn formats_known_dates() {
        let nov_29 = Time::from_unix(1_795_910_400);
        assert_eq!(Time::EPOCH.date(), "1970-01-01");
        assert_eq!(Time::from_unix(951_782_400).date(), "2000-02-29");
        assert_eq!(nov_29.date(), "2026-11-29");
        assert_eq!(Time::EPOCH.rfc2822(), "Thu, 01 Jan 1970 00:00:00 +0000");
        assert_eq!(Time::parse_date("2026-11-29"), Some(nov_29));
        assert_eq!(Time::parse_date("2000-02-29"), Some(Time::from_unix(951_782_400)));
        assert_eq!(Time::parse_date("2026-02-30"), None);
        assert_eq!(Time::parse_date("20261129"), None);
        assert_eq!(Time::parse_date("yesterday"), None);
        let morning = nov_29 + 8 * HOUR + Span::seconds(61);
        assert_eq!(morning.rfc3339(), "2026-11-29T08:01:01Z");
        assert_eq!(morning.rfc2822(), "Sun, 29 Nov 2026 08:01:01 +0000");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn says_how_long_ago() {
        let now = Time::from_unix(1_795_910_400);
        assert_eq!((now - HOUR).ago(now), "today");
        assert_eq!((now - DAY).ago(now), "yesterday");
        assert_eq!((now - 5 * DAY).ago(now), "5 days ago");
        assert_eq!((now - 40 * DAY).ago(now), "2026-10-20");
        assert_eq!((now + HOUR).ago(now), "today");
    }
}
