//! How one environment setting is read: strictly. A value that does not say
//! what the setting takes stops the start with one line naming the setting
//! and what it accepts, instead of quietly becoming a default. Every name
//! asked for is noted, so names nobody reads (a typo) can be refused too.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::ops::RangeInclusive;
use std::time::Duration;

use crate::model::Span;

/// The spellings a yes-or-no setting takes, as the README lists them.
pub const YES: [&str; 4] = ["1", "true", "yes", "on"];
pub const NO: [&str; 4] = ["0", "false", "no", "off"];

/// Names under these prefixes belong to the test scripts, not the server.
const NOT_SETTINGS: [&str; 2] = ["FARCODER_TEST_", "FARCODER_E2E_"];

/// Settings read through `lookup` (the environment, or a test's map).
pub struct Reader<'a> {
    lookup: &'a dyn Fn(&str) -> Option<String>,
    asked: RefCell<BTreeSet<String>>,
}

impl<'a> Reader<'a> {
    pub fn new(lookup: &'a dyn Fn(&str) -> Option<String>) -> Reader<'a> {
        Reader { lookup, asked: RefCell::new(BTreeSet::new()) }
    }

    /// The setting `name`, trimmed; `None` when unset or blank.
    pub fn text(&self, name: &str) -> Option<String> {
        self.asked.borrow_mut().insert(name.to_owned());
        (self.lookup)(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
    }

    /// A yes-or-no setting: one of `YES` or `NO` (any case), or `default`.
    pub fn flag(&self, name: &str, default: bool) -> Result<bool, String> {
        let Some(raw) = self.text(name) else { return Ok(default) };
        let value = raw.to_ascii_lowercase();
        if YES.contains(&value.as_str()) {
            Ok(true)
        } else if NO.contains(&value.as_str()) {
            Ok(false)
        } else {
            Err(format!("{name}=`{raw}`: use 1 or 0 (or true/false, yes/no, on/off)"))
        }
    }

    /// A whole number of `unit` within `range`, or `default`.
    pub fn number(&self, name: &str, default: u64, range: RangeInclusive<u64>, unit: &str) -> Result<u64, String> {
        let Some(raw) = self.text(name) else { return Ok(default) };
        raw.parse::<u64>().ok().filter(|n| range.contains(n)).ok_or_else(|| {
            format!("{name}=`{raw}`: give a whole number of {unit} from {} to {}", range.start(), range.end())
        })
    }

    /// A length of time in whole seconds from `min` to `max`, or `default`.
    pub fn seconds(&self, name: &str, default: Span, min: Span, max: Span) -> Result<Duration, String> {
        let secs = |span: Span| u64::try_from(span.as_secs()).unwrap_or(0);
        self.number(name, secs(default), secs(min)..=secs(max), "seconds").map(Duration::from_secs)
    }

    /// A length of time in whole milliseconds within `range`, or `default`.
    pub fn milliseconds(&self, name: &str, default: u64, range: RangeInclusive<u64>) -> Result<Duration, String> {
        self.number(name, default, range, "milliseconds").map(Duration::from_millis)
    }

    /// The `FARCODER_*` names among `present` that no one asked for: each
    /// a setting FarCoder does not read, most likely a typo.
    pub fn unread<'n>(&self, present: impl Iterator<Item = &'n str>) -> Vec<String> {
        let asked = self.asked.borrow();
        present
            .filter(|name| name.starts_with("FARCODER_"))
            .filter(|name| !NOT_SETTINGS.iter().any(|prefix| name.starts_with(prefix)))
            .filter(|name| !asked.contains(*name))
            .map(str::to_owned)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_owned())
    }

    #[test]
    fn a_flag_takes_only_its_spellings() {
        let lookup = reader(&[("A", "off"), ("B", "TRUE"), ("C", "nope"), ("D", " ")]);
        let settings = Reader::new(&lookup);
        assert_eq!(settings.flag("A", true), Ok(false), "off is off");
        assert_eq!(settings.flag("B", false), Ok(true));
        assert_eq!(settings.flag("C", true), Err("C=`nope`: use 1 or 0 (or true/false, yes/no, on/off)".to_owned()));
        assert_eq!(settings.flag("D", true), Ok(true), "blank is unset");
    }

    #[test]
    fn a_number_is_whole_in_its_unit_and_range() {
        let lookup = reader(&[("A", "30s"), ("B", "ten"), ("C", "30"), ("D", "99999999999"), ("E", "-1")]);
        let settings = Reader::new(&lookup);
        let number = |name| settings.number(name, 60, 1..=3_600, "seconds");
        assert_eq!(number("A"), Err("A=`30s`: give a whole number of seconds from 1 to 3600".to_owned()));
        assert!(number("B").is_err() && number("D").is_err() && number("E").is_err());
        assert_eq!((number("C"), number("Z")), (Ok(30), Ok(60)));
    }

    #[test]
    fn names_nobody_reads_are_found() {
        let lookup = reader(&[]);
        let settings = Reader::new(&lookup);
        settings.text("FARCODER_PAGE_CACHE");
        let present = ["FARCODER_PAGE_CACHE", "FARCODER_PAGE_CAHCE", "FARCODER_TEST_SMTP_URL", "PATH"];
        assert_eq!(settings.unread(present.into_iter()), ["FARCODER_PAGE_CAHCE"]);
    }
}
