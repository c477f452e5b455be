//! Where the page cache keeps its pages: by address, within a budget of
//! bytes, the oldest stored going first past it. It knows nothing of what a
//! page shows; the cache decides whether a kept page may still be served.

use std::collections::{HashMap, VecDeque};
use std::time::Instant;

use axum::body::Bytes;
use axum::http::HeaderMap;

use super::Key;
use crate::model::Time;

/// Past this many bytes of pages, the oldest kept go first.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

#[derive(Default)]
pub struct Store {
    by_uri: HashMap<String, Page>,
    /// Oldest first, with the number of the page stored (a later store of
    /// the same address makes an entry obsolete).
    order: VecDeque<(String, u64)>,
    stored: u64,
    bytes: usize,
}

/// A kept page: the versions it was rendered at, until when the clock lets
/// it hold, when it was stored, and the response.
pub struct Page {
    number: u64,
    pub key: Key,
    pub until: Time,
    pub stored: Instant,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Store {
    /// How many pages are kept.
    pub fn len(&self) -> usize {
        self.by_uri.len()
    }

    pub fn get(&self, uri: &str) -> Option<&Page> {
        self.by_uri.get(uri)
    }

    /// Keeps `body` for `uri`, dropping the oldest pages past the budget.
    pub fn put(&mut self, uri: String, key: Key, until: Time, headers: HeaderMap, body: Bytes) {
        // The page it replaces makes room first.
        if let Some(old) = self.by_uri.remove(&uri) {
            self.bytes -= old.body.len();
        }
        while self.bytes + body.len() > MAX_BYTES {
            let Some((oldest, number)) = self.order.pop_front() else { break };
            if self.by_uri.get(&oldest).is_some_and(|p| p.number == number)
                && let Some(gone) = self.by_uri.remove(&oldest)
            {
                self.bytes -= gone.body.len();
            }
        }
        self.stored += 1;
        let number = self.stored;
        self.bytes += body.len();
        self.order.push_back((uri.clone(), number));
        self.by_uri.insert(uri, Page { number, key, until, stored: Instant::now(), headers, body });
        // Entries of pages stored again since: dropped now and then.
        if self.order.len() > 2 * self.by_uri.len() + 64 {
            let by_uri = &self.by_uri;
            self.order.retain(|(uri, number)| by_uri.get(uri).is_some_and(|p| p.number == *number));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oldest_pages_go_first_past_the_budget() {
        let mut store = Store::default();
        let key = Key { own: 0, lists: 0, topics: 0 };
        let page = Bytes::from(vec![b'x'; MAX_BYTES / 4]);
        for n in 0..6 {
            store.put(format!("/jobs?page={n}"), key, Time::MAX, HeaderMap::new(), page.clone());
        }
        let kept: Vec<bool> = (0..6).map(|n| store.get(&format!("/jobs?page={n}")).is_some()).collect();
        assert_eq!(kept, [false, false, true, true, true, true], "four fit in the budget");
        // Storing a page again replaces it, counted once, and makes its own room.
        store.put("/jobs?page=5".into(), key, Time::MAX, HeaderMap::new(), page.clone());
        assert_eq!(store.len(), 4);
        assert_eq!(store.bytes, 4 * page.len());
    }
}
