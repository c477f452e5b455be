//! Saved jobs without an account: the ids live in the visitor's browser, in
//! a cookie the server reads for `/saved` and a form or the page's script
//! writes. A signed link carries a list to another device.

use serde::{Deserialize, Serialize};

use super::job::JobCard;

/// The cookie's name.
pub const SAVED_COOKIE: &str = "farcoder_saved";
/// The most a list keeps (the newest).
pub const MAX_SAVED: usize = 100;
/// How long the cookie lives.
pub const SAVED_MAX_AGE_SECS: i64 = 400 * 24 * 60 * 60;

/// Job ids, the newest saved first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedJobs(pub Vec<i64>);

impl SavedJobs {
    /// "12.45.7" (or commas): what cannot be an id is dropped, repeats too.
    pub fn parse(raw: &str) -> SavedJobs {
        let mut ids = Vec::new();
        for id in raw.split(['.', ',']).filter_map(|s| s.trim().parse::<i64>().ok()).filter(|id| *id > 0) {
            if !ids.contains(&id) && ids.len() < MAX_SAVED {
                ids.push(id);
            }
        }
        SavedJobs(ids)
    }

    /// The list in the browser's `document.cookie` (the server reads its
    /// cookies with a jar).
    pub fn from_cookies(header: &str) -> SavedJobs {
        let value = header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == SAVED_COOKIE)
            .map(|(_, value)| value);
        value.map(SavedJobs::parse).unwrap_or_default()
    }

    /// "12.45.7": the cookie's value and the signed link's.
    pub fn value(&self) -> String {
        self.0.iter().map(i64::to_string).collect::<Vec<_>>().join(".")
    }

    pub fn contains(&self, id: i64) -> bool {
        self.0.contains(&id)
    }

    /// Saves `id` first (the oldest fall off past `MAX_SAVED`).
    pub fn add(&mut self, id: i64) {
        self.0.retain(|saved| *saved != id);
        self.0.insert(0, id);
        self.0.truncate(MAX_SAVED);
    }

    pub fn remove(&mut self, id: i64) {
        self.0.retain(|saved| *saved != id);
    }

    /// Adds every id of `other` not saved yet, after these.
    pub fn merge(&mut self, other: &SavedJobs) {
        for id in &other.0 {
            if !self.contains(*id) && self.0.len() < MAX_SAVED {
                self.0.push(*id);
            }
        }
    }

    /// The `Set-Cookie` value (readable by the page's script: it holds only
    /// public job ids).
    pub fn cookie(&self, secure: bool) -> String {
        format!(
            "{SAVED_COOKIE}={}; Path=/; SameSite=Lax; Max-Age={SAVED_MAX_AGE_SECS}{}",
            self.value(),
            if secure { "; Secure" } else { "" }
        )
    }
}

/// A saved job that is no longer open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosedSaved {
    pub id: i64,
    pub title: String,
    pub company_name: String,
    /// The company said it was filled.
    pub filled: bool,
}

/// What `/saved` shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SavedPage {
    pub open: Vec<JobCard>,
    /// Saved jobs that closed since, in the list's order.
    pub closed: Vec<ClosedSaved>,
    /// The list came from a signed link (another device's), not this browser.
    pub from_link: Option<SavedLink>,
}

/// A list a signed link carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedLink {
    pub list: String,
    pub sig: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_parses_from_the_cookie_and_keeps_the_newest_first() {
        let mut saved = SavedJobs::from_cookies("farcoder_session=abc; farcoder_saved=12.45.x.12.-3.7");
        assert_eq!(saved, SavedJobs(vec![12, 45, 7]));
        saved.add(45);
        assert_eq!(saved.value(), "45.12.7");
        saved.remove(12);
        saved.merge(&SavedJobs(vec![9, 7]));
        assert_eq!(saved.value(), "45.7.9");
        assert!(saved.cookie(true).ends_with("; Secure") && saved.cookie(false).contains("SameSite=Lax"));
        let many = SavedJobs::parse(&(1..=150).map(|i| i.to_string()).collect::<Vec<_>>().join("."));
        assert_eq!(many.0.len(), MAX_SAVED);
    }
}
