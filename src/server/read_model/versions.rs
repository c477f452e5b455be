//! Versions of the postings, for what is kept of pages showing them: every
//! change the index applies is numbered, and each posting and category
//! remembers the number of its last change. The changes of the last minute
//! are remembered with their time, so that a kept list may trail a change
//! by a bounded lag.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use crate::model::Category;

/// How long changes are remembered: the longest lag that can be asked for.
pub const MAX_LAG: Duration = Duration::from_secs(60);

pub struct Versions {
    all: u64,
    job: HashMap<i64, u64>,
    /// By `category_at`.
    category: Vec<u64>,
    /// Changes of the last `MAX_LAG`, oldest first.
    recent: VecDeque<Bump>,
}

/// One change: when, and the versions it replaced.
struct Bump {
    at: Instant,
    all_before: u64,
    /// The categories it touched, with their version before it.
    categories_before: Vec<(usize, u64)>,
}

impl Default for Versions {
    fn default() -> Self {
        Versions { all: 0, job: HashMap::new(), category: vec![0; Category::ALL.len() + 1], recent: VecDeque::new() }
    }
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

    /// The number of the last change to posting `id` (0 for none since start).
    pub fn job(&self, id: i64) -> u64 {
        self.job.get(&id).copied().unwrap_or(0)
    }

    /// The number of the last change to a posting of `category`.
    pub fn category(&self, category: Option<Category>) -> u64 {
        self.category.get(category_at(category)).copied().unwrap_or(0)
    }

    /// Numbers one change at `now`: of the postings `jobs`, shown (before or
    /// after) in `categories`.
    pub fn bump(&mut self, jobs: &[i64], categories: &[Option<Category>], now: Instant) {
        while self.recent.front().is_some_and(|b| now.duration_since(b.at) > MAX_LAG) {
            self.recent.pop_front();
        }
        let version = self.all + 1;
        let mut categories_before: Vec<(usize, u64)> = Vec::new();
        for at in categories.iter().map(|c| category_at(*c)) {
            if let Some(slot) = self.category.get_mut(at)
                && !categories_before.iter().any(|(seen, _)| *seen == at)
            {
                categories_before.push((at, *slot));
                *slot = version;
            }
        }
        for id in jobs {
            self.job.insert(*id, version);
        }
        self.recent.push_back(Bump { at: now, all_before: self.all, categories_before });
        self.all = version;
    }

    /// The version of every posting (or of `category`'s, when given) as it
    /// stood `lag` before `now`: a page kept at that version or later may
    /// still be shown.
    pub fn settled(&self, category: Option<Option<Category>>, lag: Duration, now: Instant) -> u64 {
        let within = self.recent.iter().filter(|b| now.duration_since(b.at) < lag);
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_settles_once_its_lag_has_passed() {
        let start = Instant::now();
        let lag = Duration::from_secs(10);
        let mut versions = Versions::default();
        versions.bump(&[1], &[Some(Category::Backend)], start);
        assert_eq!((versions.all(), versions.job(1), versions.category(Some(Category::Backend))), (1, 1, 1));
        assert_eq!(versions.settled(None, lag, start), 0, "just changed: the version before still holds");
        assert_eq!(versions.settled(None, lag, start + lag), 1, "settled");

        let later = start + Duration::from_secs(20);
        versions.bump(&[2], &[Some(Category::Frontend)], later);
        assert_eq!(versions.settled(None, lag, later), 1);
        assert_eq!(
            versions.settled(Some(Some(Category::Backend)), lag, later),
            1,
            "a frontend change leaves backend pages current"
        );
        assert_eq!(versions.settled(Some(Some(Category::Frontend)), lag, later), 0);
        assert_eq!(versions.job(1), 1, "posting 1 did not change again");
    }
}
