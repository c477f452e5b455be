//! A cache of rendered anonymous pages (and feeds and sitemaps), in each
//! process: the public pages a visitor without a session sees are the same
//! for everyone, so a page rendered once is served from memory until
//! something it shows changes. Reads never drop a page. A write drops only
//! the pages it can change: each kept page remembers the version of what it
//! shows (a job page: its posting and its category's; a list: every
//! posting's; all: the guides' and company profiles'), and is stale once
//! that moves, on this server or, as the change logs show, on another; a
//! list only some seconds after that (`Config::list_lag`: every change
//! alters every list's counts, and a busy board changes often; a posting's
//! own page never trails its own change). A list is also stale once a posting it
//! counted expires.
//! The cache learns of changes to the postings from the read model over a
//! channel of its own (`ReadModel::tell`), and keeps their versions itself
//! (`versions`). Pages are kept in `store` and served by `serve`, which sits
//! outside `http::cache::pages`, so a kept page carries the `ETag` and
//! `Cache-Control` computed when it was rendered, and answers 304 itself.

mod copies;
mod encoding;
mod serve;
mod store;
mod versions;

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::http::HeaderMap;
use axum::response::Response;

pub use copies::Copies;
use encoding::Encoding;
use serve::RenderLock;
pub use serve::{Serving, serve};
use store::Store;
use versions::Versions;

use crate::model::{Span, Time};
use crate::server::db::{Db, DbError};
use crate::server::http::cache as http_cache;
use crate::server::read_model::{Change, ReadModel, ReadModelError};

/// Job and company pages show the company's response rate, a rolling
/// figure that moves with applications rather than postings: it may lag by
/// this much.
const RATE_MAX_AGE: Duration = Duration::from_secs(3600);

#[derive(Clone)]
pub struct PageCache(Arc<Inner>);

struct Inner {
    enabled: bool,
    /// How long a kept list may trail a change to the postings.
    list_lag: Duration,
    /// The changes the read model tells of, and the versions kept from
    /// them: a request reads the versions, and applies what waits first.
    told: crossbeam_channel::Receiver<Change>,
    versions: RwLock<Versions>,
    /// The summed versions of the guides and company profiles, as last read.
    topics: AtomicI64,
    pages: RwLock<Store>,
    /// One render at a time per missing page: requests that arrive while it
    /// renders wait for it and are served what it stored. Once a render
    /// finds its page cannot be kept (a 404, say), the lock says so, and
    /// those waiting render side by side rather than one after another.
    rendering: Mutex<HashMap<String, Arc<RenderLock>>>,
    /// Lists kept past their lag, being rendered again in the background
    /// while the kept page is served; one such render at a time.
    refreshing: Mutex<std::collections::HashSet<String>>,
    refresher: Arc<tokio::sync::Semaphore>,
    /// Job and company pages kept in the database for every server.
    copies: Option<Copies>,
    /// Requests served from memory (`stale` of them past their lag), from
    /// a copy in the database, and rendered.
    hits: AtomicU64,
    stale: AtomicU64,
    copied: AtomicU64,
    misses: AtomicU64,
}

/// The versions a page was rendered at.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Key {
    /// Of the posting a job page shows (0 for other pages).
    own: u64,
    /// Of the postings it lists (a job page: those of its category).
    lists: u64,
    /// Of the guides and company profiles.
    topics: i64,
}

/// A list past its lag is served while it renders again only if it was
/// rendered less than this long ago; older, the request renders it.
const STALE_MAX: Duration = Duration::from_secs(60);

#[derive(Clone, Copy, Debug, PartialEq)]
enum Freshness {
    Current,
    Stale,
}

/// What a page shows, for what it depends on.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Shows {
    /// Nothing that changes.
    Fixed,
    /// A job page.
    Job(i64),
    /// Company pages: postings and the response rate.
    Company,
    /// Lists of postings, counts and figures from them.
    Lists,
}

impl PageCache {
    /// A cache that keeps pages only if `enabled`, told of every change
    /// `read_model` applies, and keeps job and company pages in `copies`
    /// too when given.
    pub fn new(
        read_model: &ReadModel,
        enabled: bool,
        list_lag: Duration,
        copies: Option<Copies>,
    ) -> Result<Self, ReadModelError> {
        let (to, told) = crossbeam_channel::unbounded();
        // A cache that keeps nothing hears nothing (nor gathers what it
        // would never read).
        if enabled {
            read_model.tell(to)?;
        }
        Ok(PageCache(Arc::new(Inner {
            enabled,
            list_lag,
            told,
            versions: RwLock::default(),
            topics: AtomicI64::new(0),
            pages: RwLock::default(),
            rendering: Mutex::default(),
            refreshing: Mutex::default(),
            refresher: Arc::new(tokio::sync::Semaphore::new(1)),
            copies: copies.filter(|_| enabled),
            hits: AtomicU64::new(0),
            stale: AtomicU64::new(0),
            copied: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        })))
    }

    /// The versions, with every change told so far applied (the common
    /// case, nothing waiting, takes no lock but a shared one).
    fn versions(&self) -> Option<RwLockReadGuard<'_, Versions>> {
        if !self.0.told.is_empty() {
            drop(self.versions_mut()?);
        }
        self.0.versions.read().ok()
    }

    /// The versions to change, with every change told so far applied.
    fn versions_mut(&self) -> Option<RwLockWriteGuard<'_, Versions>> {
        let mut versions = self.0.versions.write().ok()?;
        while let Ok(change) = self.0.told.try_recv() {
            versions.apply(change);
        }
        Some(versions)
    }

    /// Requests served from memory and requests rendered, since start: the
    /// hit ratio.
    pub fn counts(&self) -> (u64, u64) {
        (self.0.hits.load(Ordering::Relaxed), self.0.misses.load(Ordering::Relaxed))
    }

    /// How many pages are kept.
    pub fn kept(&self) -> usize {
        self.0.pages.read().map(|pages| pages.len()).unwrap_or(0)
    }

    /// Of the hits, those served past their lag while rendered again.
    pub fn stale_hits(&self) -> u64 {
        self.0.stale.load(Ordering::Relaxed)
    }

    /// Requests served from a copy in the database, since start.
    pub fn copied(&self) -> u64 {
        self.0.copied.load(Ordering::Relaxed)
    }

    /// Reads the versions of the guides and company profiles, and applies
    /// the changes told so far (so an idle server's channel stays short).
    pub async fn catch_up(&self, db: &Db) -> Result<(), DbError> {
        drop(self.versions());
        let topics = crate::server::repo::read_model::page_topics(db).await?;
        self.0.topics.store(topics, Ordering::Release);
        Ok(())
    }

    /// The lock that lets one request at a time render `uri`.
    fn render_lock(&self, uri: &str) -> Option<Arc<RenderLock>> {
        let mut rendering = self.0.rendering.lock().ok()?;
        Some(rendering.entry(uri.to_owned()).or_default().clone())
    }

    /// Forgets `uri`'s lock once no other request holds it.
    fn release(&self, uri: &str, lock: &Arc<RenderLock>) {
        if let Ok(mut rendering) = self.0.rendering.lock() {
            // Two references: the map's and the leaving request's.
            if Arc::strong_count(lock) <= 2 {
                rendering.remove(uri);
            }
        }
    }

    /// The versions a page showing `shows` depends on now; `None` for a job
    /// page whose posting is not shown (or when the versions cannot be read).
    fn key(&self, shows: Shows) -> Option<Key> {
        let topics = self.0.topics.load(Ordering::Acquire);
        let versions = self.versions()?;
        Some(match shows {
            Shows::Fixed => Key { own: 0, lists: 0, topics },
            Shows::Job(id) => {
                let (own, category, _) = versions.job(id)?;
                Key { own, lists: category, topics }
            }
            Shows::Company | Shows::Lists => Key { own: 0, lists: versions.all(), topics },
        })
    }

    /// Whether a page kept at `kept` may still be shown: its own posting and
    /// the other topics unchanged, and the postings it lists unchanged or
    /// changed less than the list lag ago.
    fn is_current(&self, shows: Shows, kept: Key) -> bool {
        let topics = self.0.topics.load(Ordering::Acquire);
        let Some(versions) = self.versions() else { return false };
        let (lag, now) = (self.0.list_lag, Instant::now());
        kept.topics == topics
            && match shows {
                Shows::Fixed => true,
                Shows::Job(id) => {
                    versions.job(id).is_some_and(|(own, ..)| own == kept.own)
                        && kept.lists >= versions.settled(versions.category_of(id), lag, now)
                }
                Shows::Company | Shows::Lists => kept.lists >= versions.settled(None, lag, now),
            }
    }

    /// Until when a page showing `shows` holds, as the clock goes: a job
    /// page until its posting expires; a list until one of the postings it
    /// counts does, and the list lag more.
    fn until(&self, shows: Shows, now: Time) -> Time {
        let Some(mut versions) = self.versions_mut() else { return now };
        match shows {
            Shows::Fixed => Time::MAX,
            Shows::Job(id) => versions.job(id).map_or(now, |(.., expires)| expires),
            Shows::Company | Shows::Lists => versions.lists_until(now) + Span::from(self.0.list_lag),
        }
    }

    /// The kept page for `uri`, or `304 Not Modified` when the request
    /// already holds its version.
    fn get(&self, uri: &str, shows: Shows, held: &http_cache::Held, encoding: Encoding) -> Option<Response> {
        match self.lookup(uri, shows, held, encoding)? {
            (response, Freshness::Current) => Some(response),
            (_, Freshness::Stale) => None,
        }
    }

    /// The kept page for `uri` in `encoding` (or a 304), and whether it is
    /// current or a list past its lag that may be served while it is
    /// rendered again.
    fn lookup(
        &self,
        uri: &str,
        shows: Shows,
        held: &http_cache::Held,
        encoding: Encoding,
    ) -> Option<(Response, Freshness)> {
        let pages = self.0.pages.read().ok()?;
        let page = pages.get(uri)?;
        let rate_shown = matches!(shows, Shows::Job(_) | Shows::Company);
        let expired = crate::server::now() >= page.until || (rate_shown && page.stored.elapsed() > RATE_MAX_AGE);
        let freshness = if !expired && self.is_current(shows, page.key) {
            Freshness::Current
        } else if matches!(shows, Shows::Lists | Shows::Company)
            && !self.0.list_lag.is_zero()
            && page.stored.elapsed() < STALE_MAX
            && page.key.topics == self.0.topics.load(Ordering::Acquire)
        {
            Freshness::Stale
        } else {
            return None;
        };
        if held.is_current(&page.headers) {
            return Some((http_cache::not_modified(page.headers.clone()), freshness));
        }
        let mut headers = page.headers.clone();
        let body = match page.body_in(encoding) {
            Some(body) => body.clone(),
            None => {
                // The first request for this encoding compresses it, once,
                // outside the lock.
                let (number, identity) = (page.number, page.body.clone());
                drop(pages);
                let compressed = encoding.compress(&identity).ok()?;
                if let Ok(mut pages) = self.0.pages.write() {
                    pages.add(uri, number, encoding, compressed.clone());
                }
                compressed
            }
        };
        encoding.mark(&mut headers, body.len());
        let mut response = Response::new(Body::from(body));
        *response.headers_mut() = headers;
        Some((response, freshness))
    }

    /// Keeps `body` for `uri`, with its copy in `encoding`; the body to send
    /// in that encoding, and its headers.
    fn put(
        &self,
        uri: String,
        key: Key,
        until: Time,
        mut headers: HeaderMap,
        body: Bytes,
        encoding: Encoding,
    ) -> (HeaderMap, Bytes) {
        let compressed = match encoding {
            Encoding::Identity => None,
            _ => encoding.compress(&body).ok().map(|bytes| (encoding, bytes)),
        };
        let sent = compressed.as_ref().map_or(Encoding::Identity, |(e, _)| *e);
        let sent_body = compressed.as_ref().map_or_else(|| body.clone(), |(_, bytes)| bytes.clone());
        if let Ok(mut pages) = self.0.pages.write() {
            pages.put(uri, key, until, headers.clone(), body, compressed);
        }
        sent.mark(&mut headers, sent_body.len());
        (headers, sent_body)
    }
}

/// What a public page that looks the same to every anonymous visitor
/// shows; `None` for any other.
fn shows(path: &str) -> Option<Shows> {
    if let Some(id) = job_page(path).or_else(|| job_card(path)) {
        return Some(Shows::Job(id));
    }
    if path == "/privacy" {
        return Some(Shows::Fixed);
    }
    if path.starts_with("/companies/") && !path.ends_with("/logo") {
        return Some(Shows::Company);
    }
    let lists = matches!(path, "/" | "/jobs" | "/embed/jobs" | "/feed.xml" | "/jobs/feed.xml" | "/sitemap.xml")
        || path.starts_with("/guides")
        || path.starts_with("/salaries")
        || path.starts_with("/remote-")
        || path.starts_with("/sitemaps/");
    lists.then_some(Shows::Lists)
}

/// The job a job page (`/jobs/{slug}`) shows.
fn job_page(path: &str) -> Option<i64> {
    let slug = path.strip_prefix("/jobs/").filter(|s| !s.contains('/') && !s.contains('.'))?;
    crate::model::job_id_from_slug(slug)
}

/// The job a job's card (`/jobs/{slug}/card.svg`) shows.
fn job_card(path: &str) -> Option<i64> {
    job_page(path.strip_suffix("/card.svg")?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_pages_are_kept_each_with_what_it_shows() {
        let cases = [
            ("/", Some(Shows::Lists)),
            ("/jobs", Some(Shows::Lists)),
            ("/jobs/rust-engineer-acme-12", Some(Shows::Job(12))),
            ("/jobs/rust-engineer-acme-12/card.svg", Some(Shows::Job(12))),
            ("/embed/jobs", Some(Shows::Lists)),
            ("/guides/remote-salary-negotiation", Some(Shows::Lists)),
            ("/remote-rust-jobs", Some(Shows::Lists)),
            ("/sitemaps/1.xml", Some(Shows::Lists)),
            ("/jobs/feed.xml", Some(Shows::Lists)),
            ("/companies/acme", Some(Shows::Company)),
            ("/privacy", Some(Shows::Fixed)),
        ];
        for (path, want) in cases {
            assert_eq!(shows(path), want, "{path}");
        }
        for path in ["/companies/acme/logo", "/jobs/x-1/apply", "/dashboard", "/admin/review", "/applications/abc"] {
            assert_eq!(shows(path), None, "{path}");
        }
        for path in ["/login", "/api/v1/jobs", "/api/fn/search_jobs"] {
            assert_eq!(shows(path), None, "{path}");
        }
    }

    async fn cache_on_a_new_database() -> (tempfile::TempDir, PageCache) {
        let dir = tempfile::tempdir().expect("dir");
        let url = format!("sqlite://{}", dir.path().join("cache.db").display());
        let db = crate::server::db::Db::connect(&url, &Default::default()).await.expect("db");
        db.migrate().await.expect("migrate");
        let search = ReadModel::build(&db, Duration::from_secs(1)).await.expect("index");
        (dir, PageCache::new(&search, true, Duration::ZERO, None).expect("cache"))
    }

    #[tokio::test]
    async fn a_list_is_stale_once_a_posting_it_counted_expires() {
        let (_dir, cache) = cache_on_a_new_database().await;
        let key = cache.key(Shows::Lists).expect("key");
        let page = Bytes::from_static(b"<html>");
        let (past, identity) = (crate::server::now() - Span::seconds(1), Encoding::Identity);
        cache.put("/jobs".into(), key, past, HeaderMap::new(), page.clone(), identity);
        assert!(cache.get("/jobs", Shows::Lists, &Default::default(), identity).is_none());
        cache.put("/jobs".into(), key, Time::MAX, HeaderMap::new(), page, identity);
        assert!(cache.get("/jobs", Shows::Lists, &Default::default(), identity).is_some());
    }
}
