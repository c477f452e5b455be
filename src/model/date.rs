//! Dates from unix seconds, without a date crate in the browser bundle.

/// (year, month 1-12, day 1-31) of a unix timestamp, in UTC.
fn civil_from_unix(secs: i64) -> (i64, u32, u32) {
    // Howard Hinnant's days-to-civil algorithm.
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Unix seconds at midnight UTC of an ISO date (`2026-11-29`).
pub fn parse_date(iso: &str) -> Option<i64> {
    let mut parts = iso.trim().splitn(3, '-');
    let (y, m, d): (i64, i64, i64) =
        (parts.next()?.parse().ok()?, parts.next()?.parse().ok()?, parts.next()?.parse().ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days-from-civil algorithm.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let secs = (era * 146_097 + doe - 719_468) * 86_400;
    (format_date(secs) == iso.trim()).then_some(secs)
}

/// ISO date, `2026-11-29`.
pub fn format_date(secs: i64) -> String {
    let (y, m, d) = civil_from_unix(secs);
    format!("{y:04}-{m:02}-{d:02}")
}

/// RFC 2822 date and time in UTC, as RSS wants it: `Sun, 29 Nov 2026 08:00:00 +0000`.
pub fn rfc2822(secs: i64) -> String {
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let (y, m, d) = civil_from_unix(secs);
    let weekday = WEEKDAYS[secs.div_euclid(86_400).rem_euclid(7) as usize];
    let time = secs.rem_euclid(86_400);
    let (hh, mm, ss) = (time / 3_600, time % 3_600 / 60, time % 60);
    format!("{weekday}, {d:02} {} {y:04} {hh:02}:{mm:02}:{ss:02} +0000", MONTHS[m as usize - 1])
}

/// RFC 3339 date and time in UTC: `2026-11-29T08:00:00Z`.
pub fn rfc3339(secs: i64) -> String {
    let time = secs.rem_euclid(86_400);
    format!("{}T{:02}:{:02}:{:02}Z", format_date(secs), time / 3_600, time % 3_600 / 60, time % 60)
}

/// "today", "yesterday", "5 days ago", or the date for anything older than 30 days.
pub fn posted_ago(secs: i64, now: i64) -> String {
    let days = (now - secs).max(0) / 86_400;
    match days {
        0 => "today".to_owned(),
        1 => "yesterday".to_owned(),
        2..=30 => format!("{days} days ago"),
        _ => format_date(secs),
    }
}

#[cfg(test)]
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
        assert_eq!(posted_ago(now - 86_400, now), "yesterday");
        assert_eq!(posted_ago(now - 5 * 86_400, now), "5 days ago");
        assert_eq!(posted_ago(now - 40 * 86_400, now), "2026-10-20");
    }
}
