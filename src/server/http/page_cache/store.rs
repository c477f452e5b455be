//! Where the page cache keeps its pages: by address, within a budget of
//! bytes, the oldest stored going first past it. It knows nothing of what a
//! page shows; the cache decides whether a kept page may still be served.

use std::collections::{HashMap, VecDeque};
use std::time::Instant;

use axum::body::Bytes;
use axum::http::HeaderMap;

use super::Key;
use super::encoding::Encoding;
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
/// it hold, when it was stored, and the response, with its body compressed
/// in each encoding asked for so far.
pub struct Page {
    pub number: u64,
    pub key: Key,
    pub until: Time,
    pub stored: Instant,
    pub headers: HeaderMap,
    pub body: Bytes,
    gzip: Option<Bytes>,
    brotli: Option<Bytes>,
}

impl Page {
    /// The body in `encoding`, when it was compressed so already.
    pub fn body_in(&self, encoding: Encoding) -> Option<&Bytes> {
        match encoding {
            Encoding::Identity => Some(&self.body),
            Encoding::Gzip => self.gzip.as_ref(),
            Encoding::Brotli => self.brotli.as_ref(),
        }
    }

    fn bytes(&self) -> usize {
        self.body.len() + self.gzip.as_ref().map_or(0, Bytes::len) + self.brotli.as_ref().map_or(0, Bytes::len)
    }
}

impl Store {
    /// How many pages are kept.
    pub fn len(&self) -> usize {
        self.by_uri.len()
    }

    pub fn get(&self, uri: &str) -> Option<&Page> {
        self.by_uri.get(uri)
    }

    /// Keeps `body` for `uri` (and `compressed`, its body in another
    /// encoding), dropping the oldest pages past the budget.
    pub fn put(
        &mut self,
        uri: String,
        key: Key,
        until: Time,
        headers: HeaderMap,
        body: Bytes,
        compressed: Option<(Encoding, Bytes)>,
    ) {
        // The page it replaces makes room first.
        if let Some(old) = self.by_uri.remove(&uri) {
            self.bytes -= old.bytes();
        }
        let mut page = Page { number: 0, key, until, stored: Instant::now(), headers, body, gzip: None, brotli: None };
        if let Some((encoding, bytes)) = compressed {
            page.set(encoding, bytes);
        }
        self.make_room(page.bytes());
        self.stored += 1;
        page.number = self.stored;
        self.bytes += page.bytes();
        self.order.push_back((uri.clone(), page.number));
        self.by_uri.insert(uri, page);
        // Entries of pages stored again since: dropped now and then.
        if self.order.len() > 2 * self.by_uri.len() + 64 {
            let by_uri = &self.by_uri;
            self.order.retain(|(uri, number)| by_uri.get(uri).is_some_and(|p| p.number == *number));
        }
    }
}

impl Page {
    fn set(&mut self, encoding: Encoding, bytes: Bytes) {
        match encoding {
            Encoding::Identity => {}
            Encoding::Gzip => self.gzip = Some(bytes),
            Encoding::Brotli => self.brotli = Some(bytes),
        }
    }
}

impl Store {
    /// Adds the body of page `number` (still kept for `uri`) in `encoding`.
    pub fn add(&mut self, uri: &str, number: u64, encoding: Encoding, bytes: Bytes) {
        if !self.by_uri.get(uri).is_some_and(|p| p.number == number && p.body_in(encoding).is_none()) {
            return;
        }
        self.make_room(bytes.len());
        if let Some(page) = self.by_uri.get_mut(uri).filter(|p| p.number == number) {
            self.bytes += bytes.len();
            page.set(encoding, bytes);
        }
    }

    /// Drops the oldest pages until `more` bytes fit in the budget.
    fn make_room(&mut self, more: usize) {
        while self.bytes + more > MAX_BYTES {
            let Some((oldest, number)) = self.order.pop_front() else { break };
            if self.by_uri.get(&oldest).is_some_and(|p| p.number == number)
                && let Some(gone) = self.by_uri.remove(&oldest)
            {
                self.bytes -= gone.bytes();
            }
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
            store.put(format!("/jobs?page={n}"), key, Time::MAX, HeaderMap::new(), page.clone(), None);
        }
        let kept: Vec<bool> = (0..6).map(|n| store.get(&format!("/jobs?page={n}")).is_some()).collect();
        assert_eq!(kept, [false, false, true, true, true, true], "four fit in the budget");
        // Storing a page again replaces it, counted once, and makes its own room.
        store.put("/jobs?page=5".into(), key, Time::MAX, HeaderMap::new(), page.clone(), None);
        assert_eq!(store.len(), 4);
        assert_eq!(store.bytes, 4 * page.len());
        // A compressed copy counts in the budget too, and makes its room.
        let number = store.get("/jobs?page=5").expect("kept").number;
        store.add("/jobs?page=5", number, Encoding::Gzip, Bytes::from(vec![b'z'; 10]));
        assert_eq!(store.bytes, 3 * page.len() + 10, "the oldest went for it");
        assert_eq!(store.get("/jobs?page=5").and_then(|p| p.body_in(Encoding::Gzip)).map(Bytes::len), Some(10));
    }
}
