//! Working hours across time zones: a posting's core hours (in UTC, with how
//! many of them one must share), a seeker's working day in their own offset,
//! and whether the two fit.

use serde::{Deserialize, Serialize};

const DAY_MINUTES: i32 = 24 * 60;

/// A UTC offset in minutes, from −12:00 to +14:00 in quarter hours.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offset(i32);

/// The offsets the form offers (every one in use somewhere).
pub const OFFSETS: &[&str] = &[
    "-12:00", "-11:00", "-10:00", "-09:30", "-09:00", "-08:00", "-07:00", "-06:00", "-05:00", "-04:00", "-03:30",
    "-03:00", "-02:00", "-01:00", "+00:00", "+01:00", "+02:00", "+03:00", "+03:30", "+04:00", "+04:30", "+05:00",
    "+05:30", "+05:45", "+06:00", "+06:30", "+07:00", "+08:00", "+08:45", "+09:00", "+09:30", "+10:00", "+10:30",
    "+11:00", "+12:00", "+12:45", "+13:00", "+14:00",
];

impl Offset {
    /// "+05:30", "-3", "5:30", "UTC+2", "+0530". A URL's `+` arrives as a
    /// space, so an unsigned offset is east of UTC.
    pub fn parse(raw: &str) -> Option<Offset> {
        let raw = raw.trim();
        let raw = raw.strip_prefix("UTC").or_else(|| raw.strip_prefix("GMT")).unwrap_or(raw).trim();
        let (sign, rest) = match raw.strip_prefix(['-', '\u{2212}']) {
            Some(rest) => (-1, rest),
            None => (1, raw.strip_prefix('+').unwrap_or(raw)),
        };
        let (hours, minutes) = match rest.split_once(':') {
            Some((h, m)) => (h, m),
            None if rest.len() == 4 => rest.split_at(2),
            None => (rest, "0"),
        };
        let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(hours) || !digits(minutes) {
            return None;
        }
        let (hours, minutes): (i32, i32) = (hours.parse().ok()?, minutes.parse().ok()?);
        let total = sign * (hours * 60 + minutes);
        (minutes % 15 == 0 && minutes < 60 && (-12 * 60..=14 * 60).contains(&total)).then_some(Offset(total))
    }

    /// From the browser's `Date.getTimezoneOffset()` (minutes *behind* UTC).
    pub fn from_browser(minutes_behind: i32) -> Option<Offset> {
        let total = -minutes_behind;
        (total % 15 == 0 && (-12 * 60..=14 * 60).contains(&total)).then_some(Offset(total))
    }

    pub fn minutes(self) -> i32 {
        self.0
    }

    /// The offset `minutes` east of UTC, when it is a real one.
    pub fn from_minutes(minutes: i32) -> Option<Offset> {
        (minutes % 15 == 0 && (-12 * 60..=14 * 60).contains(&minutes)).then_some(Offset(minutes))
    }

    /// "+05:30": the form's value and the URL's.
    pub fn slug(self) -> String {
        let sign = if self.0 < 0 { '-' } else { '+' };
        format!("{sign}{:02}:{:02}", self.0.abs() / 60, self.0.abs() % 60)
    }
}

/// How many hours run from `start` to `end` (0–23 each), past midnight
/// when `end` comes first.
pub fn hours_between(start: u8, end: u8) -> u8 {
    (i32::from(end) - i32::from(start)).rem_euclid(24) as u8
}

/// "14:00".
fn clock(hour: u8) -> String {
    format!("{:02}:00", hour % 24)
}

/// The hours of a day from `start` to `end` (in minutes, wrapping past
/// midnight), as at most two plain ranges within one day.
fn pieces(start: i32, end: i32) -> [(i32, i32); 2] {
    let (start, end) = (start.rem_euclid(DAY_MINUTES), end.rem_euclid(DAY_MINUTES));
    if start < end { [(start, end), (0, 0)] } else { [(start, DAY_MINUTES), (0, end)] }
}

/// How many minutes two spans of the day share.
fn shared(a: (i32, i32), b: (i32, i32)) -> i32 {
    let (a, b) = (pieces(a.0, a.1), pieces(b.0, b.1));
    a.iter().flat_map(|x| b.iter().map(move |y| (x.1.min(y.1) - x.0.max(y.0)).max(0))).sum()
}

/// A team's core hours in UTC, and how many of them one must work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoreHours {
    /// 0–23, UTC.
    pub start: u8,
    /// 0–23, UTC; before `start` when the hours run past midnight.
    pub end: u8,
    /// At least one, at most the span's length.
    pub need: u8,
}

impl CoreHours {
    /// Checks the three numbers the form gives.
    pub fn new(start: u8, end: u8, need: u8) -> Result<CoreHours, &'static str> {
        if start > 23 || end > 23 {
            return Err("Give hours from 0 to 23.");
        }
        if start == end {
            return Err("The core hours must last at least an hour.");
        }
        let hours = hours_between(start, end);
        match need {
            0 => Err("Say how many of the core hours people must work: at least 1."),
            n if n > hours => Err("People cannot overlap more hours than the core hours last."),
            _ => Ok(CoreHours { start, end, need }),
        }
    }

    /// How many hours the span lasts.
    pub fn span(&self) -> u8 {
        hours_between(self.start, self.end)
    }

    /// "needs 3 h overlap with 14:00–18:00 UTC".
    pub fn sentence(&self) -> String {
        format!("needs {} h overlap with {}–{} UTC", self.need, clock(self.start), clock(self.end))
    }

    /// "14-18": the span in UTC hours, for the page's script to show in
    /// the visitor's own time.
    pub fn utc_hours(&self) -> String {
        format!("{}-{}", self.start, self.end)
    }

    /// "Needs 3 h overlap with 14:00–18:00 UTC", to stand alone.
    pub fn headline(&self) -> String {
        format!("N{}", &self.sentence()[1..])
    }

    /// Whether someone working `day` can give what these hours need.
    pub fn fit(&self, day: &WorkDay) -> bool {
        self.need <= day.overlap && self.fits_in(day)
    }

    /// Whether the hours needed lie inside `day`'s working hours (whatever
    /// overlap it offers).
    pub fn fits_in(&self, day: &WorkDay) -> bool {
        let minutes = |h: u8| i32::from(h) * 60;
        let core = (minutes(self.start), minutes(self.end));
        shared(core, day.in_utc()) >= minutes(self.need)
    }
}

/// A seeker's working day: their offset, their local hours, and how many
/// hours of it they can give to a team's core hours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkDay {
    pub offset: Offset,
    /// Local hours, 0–23; `end` before `start` for a day past midnight.
    pub start: u8,
    pub end: u8,
    pub overlap: u8,
}

/// The day assumed when a seeker gives only their offset.
pub const USUAL_DAY: (u8, u8) = (9, 17);
/// The `overlap` options the search offers.
pub const OVERLAP_OPTIONS: &[u8] = &[1, 2, 3, 4, 6, 8];

impl WorkDay {
    /// "Fits 09:00–17:00 at UTC+05:30": the filter in words.
    pub fn chip(&self) -> String {
        format!("Fits {}–{} at UTC{}", clock(self.start), clock(self.end), self.offset.slug())
    }

    /// The day's span in UTC minutes.
    fn in_utc(&self) -> (i32, i32) {
        let utc = |h: u8| i32::from(h) * 60 - self.offset.minutes();
        (utc(self.start), utc(self.end))
    }

    /// Parses `hours=9-17` (local hours, 0–23, at least one hour).
    pub fn parse_hours(raw: &str) -> Option<(u8, u8)> {
        let (start, end) = raw.trim().split_once(['-', '–'])?;
        let hour = |s: &str| s.trim().trim_end_matches(":00").parse::<u8>().ok().filter(|h| *h <= 23);
        let (start, end) = (hour(start)?, hour(end)?);
        (start != end).then_some((start, end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(offset: &str, start: u8, end: u8, overlap: u8) -> WorkDay {
        WorkDay { offset: Offset::parse(offset).unwrap(), start, end, overlap }
    }

    #[test]
    fn offsets_parse_as_people_and_urls_write_them() {
        for (raw, minutes) in
            [("+05:30", 330), (" 05:30", 330), ("-3", -180), ("UTC+2", 120), ("+0545", 345), ("−08:00", -480), ("0", 0)]
        {
            assert_eq!(Offset::parse(raw).map(Offset::minutes), Some(minutes), "{raw}");
        }
        for bad in ["+15", "+05:20", "abc", "", "+5:75", "+123"] {
            assert_eq!(Offset::parse(bad), None, "{bad}");
        }
        assert_eq!(Offset::parse("-3:30").unwrap().slug(), "-03:30");
        assert!(OFFSETS.iter().all(|o| Offset::parse(o).is_some_and(|p| p.slug() == *o)));
        assert_eq!(Offset::from_browser(-330), Offset::parse("+05:30"));
    }

    #[test]
    fn core_hours_read_as_a_sentence_and_wrap_past_midnight() {
        let core = CoreHours::new(14, 18, 3).unwrap();
        assert_eq!(core.sentence(), "needs 3 h overlap with 14:00–18:00 UTC");
        assert_eq!(CoreHours::new(22, 2, 4).unwrap().span(), 4);
        assert!(CoreHours::new(22, 2, 5).is_err());
        assert!(CoreHours::new(9, 9, 1).is_err());
        assert!(CoreHours::new(9, 12, 0).is_err());
    }

    #[test]
    fn a_seeker_fits_when_the_needed_hours_lie_in_their_day_and_they_can_give_them() {
        // India's 09:00–17:00 is 03:30–11:30 UTC.
        let india = day("+05:30", 9, 17, 4);
        assert!(!CoreHours::new(14, 18, 3).unwrap().fit(&india), "no shared hour");
        assert!(CoreHours::new(8, 16, 3).unwrap().fit(&india), "08:00–11:30 is 3.5 h");
        assert!(!CoreHours::new(8, 16, 4).unwrap().fit(&india), "3.5 h is not 4");
        assert!(!CoreHours::new(0, 8, 5).unwrap().fit(&india), "needs more than the seeker gives");
        // San Francisco's 09:00–17:00 in winter is 17:00–01:00 UTC.
        let west = day("-08:00", 9, 17, 8);
        assert!(CoreHours::new(22, 2, 3).unwrap().fit(&west), "22:00–01:00 across midnight");
        assert!(!CoreHours::new(22, 2, 4).unwrap().fit(&west));
        // A night owl in Berlin working 20:00–04:00.
        let owl = day("+01:00", 20, 4, 8);
        assert!(CoreHours::new(0, 3, 3).unwrap().fit(&owl));
    }

    #[test]
    fn hours_parse_from_the_url() {
        assert_eq!(WorkDay::parse_hours("9-17"), Some((9, 17)));
        assert_eq!(WorkDay::parse_hours("22–6"), Some((22, 6)));
        assert_eq!(WorkDay::parse_hours("9-9"), None);
        assert_eq!(WorkDay::parse_hours("9-25"), None);
    }
}
