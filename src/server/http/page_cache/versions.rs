//! The page cache's own record of how far the postings have moved, kept
//! from the changes the read model tells it of (`ReadModel::tell`): every
//! change is numbered, and each shown posting and each category remembers
//! the number of its last change, as each posting remembers its category
//! and expiry. The changes of the last minute are remembered with their
//! time, so that a kept list may trail a change by a bounded lag.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use crate::model::{Category, Time};
use crate::server::read_model::{Change, MAX_LAG};

#[derive(Default)]
pub struct Versions {
    all: u64,
    /// Each shown posting: the number of its last change, its category and
    /// when it expires.
    shown: HashMap<i64, (u64, Option<Category>, Time)>,
    /// By `category_at`.
    category: Vec<u64>,
    /// Changes of the last `MAX_LAG`, oldest first.
    recent: VecDeque<Bump>,
    /// When a shown posting next expires, at version `.0`.
    next_expiry: Option<(u64, Time)>,
}

/// One change: when, and the versions it replaced.
struct Bump {
    at: Instant,
    all_before: u64,
    /// The categories it touched, with their version before it.
    categories_before: Vec<(usize, u64)>,
}

/// A category's place in `Versions::category`: its place in `Category::ALL`,
/// or the last for postings of none.
fn category_at(category: Option<Category>) -> usize {
    category.and_then(|c| Category::ALL.iter().position(|x| *x == c)).unwrap_or(Category::ALL.len())
}

impl Versions {
    /// The number of the last change to any shown posting.
    pub fn all(&self) -> u64 {
        self.all
    }

    /// For shown posting `id`'s own page: the number of its last change,
    /// that of the last change in its category (among which it finds
    /// similar postings), and when it expires; `None` when it is not shown.
    pub fn job(&self, id: i64) -> Option<(u64, u64, Time)> {
        let (own, category, expires) = self.shown.get(&id)?;
        Some((*own, self.category(*category), *expires))
    }

    /// The number of the last change to a posting of `category`.
    fn category(&self, category: Option<Category>) -> u64 {
        self.category.get(category_at(category)).copied().unwrap_or(0)
    }

    /// The category of shown posting `id`.
    pub fn category_of(&self, id: i64) -> Option<Option<Category>> {
        self.shown.get(&id).map(|(_, category, _)| *category)
    }

    /// Numbers one change the read model applied.
    pub fn apply(&mut self, change: Change) {
        if self.category.is_empty() {
            self.category = vec![0; Category::ALL.len() + 1];
        }
        while self.recent.front().is_some_and(|b| change.at.saturating_duration_since(b.at) > MAX_LAG) {
            self.recent.pop_front();
        }
        let version = self.all + 1;
        let mut categories_before: Vec<(usize, u64)> = Vec::new();
        for posting in change.postings {
            let touched = posting.before.into_iter().chain(posting.now.map(|(category, _)| category));
            for at in touched.map(category_at) {
                if let Some(slot) = self.category.get_mut(at)
                    && !categories_before.iter().any(|(seen, _)| *seen == at)
                {
                    categories_before.push((at, *slot));
                    *slot = version;
                }
            }
            match posting.now {
                Some((category, expires)) => {
                    self.shown.insert(posting.id, (version, category, expires));
                }
                None => {
                    self.shown.remove(&posting.id);
                }
            }
        }
        self.recent.push_back(Bump { at: change.at, all_before: self.all, categories_before });
        self.all = version;
    }

    /// The version of every posting (or of `category`'s, when given) as it
    /// stood `lag` before `now`: a page kept at that version or later may
    /// still be shown.
    pub fn settled(&self, category: Option<Option<Category>>, lag: Duration, now: Instant) -> u64 {
        let within = self.recent.iter().filter(|b| now.saturating_duration_since(b.at) < lag);
        match category {
            None => within.map(|b| b.all_before).next().unwrap_or(self.all),
            Some(category) => {
                let at = category_at(category);
                within
                    .filter_map(|b| b.categories_before.iter().find(|(c, _)| *c == at).map(|(_, before)| *before))
                    .next()
                    .unwrap_or_else(|| self.category(category))
            }
        }
    }

    /// When the next shown posting expires (so lists showing it change):
    /// computed once per version.
    pub fn lists_until(&mut self, now: Time) -> Time {
        if let Some((version, until)) = self.next_expiry
            && version == self.all
            && now < until
        {
            return until;
        }
        let until = self.shown.values().map(|(.., expires)| *expires).filter(|at| *at > now).min().unwrap_or(Time::MAX);
        self.next_expiry = Some((self.all, until));
        until
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::read_model::Shown;

    fn shown(id: i64, before: Option<Option<Category>>, now: Option<Category>) -> Shown {
        Shown { id, before, now: Some((now, Time::from_unix(1_000))) }
    }

    #[test]
    fn a_change_settles_once_its_lag_has_passed() {
        let start = Instant::now();
        let lag = Duration::from_secs(10);
        let mut versions = Versions::default();
        versions.apply(Change { at: start, postings: vec![shown(1, None, Some(Category::Backend))] });
        let backend = versions.job(1).expect("shown");
        assert_eq!((versions.all(), backend.0, backend.1), (1, 1, 1));
        assert_eq!(versions.settled(None, lag, start), 0, "just changed: the version before still holds");
        assert_eq!(versions.settled(None, lag, start + lag), 1, "settled");

        let later = start + Duration::from_secs(20);
        versions.apply(Change { at: later, postings: vec![shown(2, None, Some(Category::Frontend))] });
        assert_eq!(versions.settled(None, lag, later), 1);
        assert_eq!(
            versions.settled(Some(Some(Category::Backend)), lag, later),
            1,
            "a frontend change leaves backend pages current"
        );
        assert_eq!(versions.settled(Some(Some(Category::Frontend)), lag, later), 0);
        assert_eq!(versions.job(1).map(|j| j.0), Some(1), "posting 1 did not change again");
    }

    #[test]
    fn a_posting_no_longer_shown_has_no_page_and_moves_its_lists() {
        let start = Instant::now();
        let mut versions = Versions::default();
        versions.apply(Change { at: start, postings: vec![shown(1, None, Some(Category::Backend))] });
        assert_eq!(versions.lists_until(Time::from_unix(10)), Time::from_unix(1_000));
        let removed = Shown { id: 1, before: Some(Some(Category::Backend)), now: None };
        versions.apply(Change { at: start, postings: vec![removed] });
        assert_eq!(versions.job(1), None);
        assert_eq!(versions.settled(Some(Some(Category::Backend)), Duration::ZERO, start), 2, "its category moved");
        assert_eq!(versions.lists_until(Time::from_unix(10)), Time::MAX, "nothing left to expire");
    }
}
