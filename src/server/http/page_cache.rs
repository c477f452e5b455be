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
//! A job page served from memory still counts its view for the employer.
//! It sits outside `http::cache::pages`, so a kept page carries the `ETag`
//! and `Cache-Control` computed when it was rendered, and answers 304 itself.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::model::{Span, Time};
use crate::server::db::{Db, DbError};
use crate::server::http::cache as http_cache;
use crate::server::http::request::{is_marked_personal, is_personal};
use crate::server::read_model::ReadModel;

/// Job and company pages show the company's response rate, a rolling
/// figure that moves with applications rather than postings: it may lag by
/// this much.
const RATE_MAX_AGE: Duration = Duration::from_secs(3600);
/// Past this many bytes of pages, the oldest kept go first.
const MAX_BYTES: usize = 64 * 1024 * 1024;

#[derive(Clone)]
pub struct PageCache(Arc<Inner>);

struct Inner {
    enabled: bool,
    /// How long a kept list may trail a change to the postings.
    list_lag: Duration,
    search: ReadModel,
    /// The summed versions of the guides and company profiles, as last read.
    topics: AtomicI64,
    pages: Mutex<Pages>,
    /// One render at a time per missing page: requests that arrive while it
    /// renders wait for it and are served what it stored. Once a render
    /// finds its page cannot be kept (a 404, say), the lock says so, and
    /// those waiting render side by side rather than one after another.
    rendering: Mutex<HashMap<String, Arc<RenderLock>>>,
    /// Lists kept past their lag, being rendered again in the background
    /// while the kept page is served; one such render at a time.
    refreshing: Mutex<std::collections::HashSet<String>>,
    refresher: Arc<tokio::sync::Semaphore>,
    /// Requests served from memory (`stale` of them past their lag), and
    /// those rendered.
    hits: AtomicU64,
    stale: AtomicU64,
    misses: AtomicU64,
}

#[derive(Default)]
struct Pages {
    by_uri: HashMap<String, Page>,
    /// Oldest first, with the number of the page stored (a later store of
    /// the same address makes an entry obsolete).
    order: VecDeque<(String, u64)>,
    stored: u64,
    bytes: usize,
}

/// The versions a page was rendered at.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Key {
    /// Of the posting a job page shows (0 for other pages).
    own: u64,
    /// Of the postings it lists (a job page: those of its category).
    lists: u64,
    /// Of the guides and company profiles.
    topics: i64,
}

struct Page {
    number: u64,
    key: Key,
    /// When (Unix seconds) a posting it counts expires.
    until: Time,
    stored: Instant,
    headers: HeaderMap,
    body: Bytes,
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
    /// A cache that keeps pages only if `enabled`.
    pub fn new(search: ReadModel, enabled: bool, list_lag: Duration) -> Self {
        PageCache(Arc::new(Inner {
            enabled,
            list_lag,
            search,
            topics: AtomicI64::new(0),
            pages: Mutex::default(),
            rendering: Mutex::default(),
            refreshing: Mutex::default(),
            refresher: Arc::new(tokio::sync::Semaphore::new(1)),
            hits: AtomicU64::new(0),
            stale: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }))
    }

    /// Requests served from memory and requests rendered, since start: the
    /// hit ratio.
    pub fn counts(&self) -> (u64, u64) {
        (self.0.hits.load(Ordering::Relaxed), self.0.misses.load(Ordering::Relaxed))
    }

    /// How many pages are kept.
    pub fn kept(&self) -> usize {
        self.0.pages.lock().map(|pages| pages.by_uri.len()).unwrap_or(0)
    }

    /// Of the hits, those served past their lag while rendered again.
    pub fn stale_hits(&self) -> u64 {
        self.0.stale.load(Ordering::Relaxed)
    }

    /// Reads the versions of the guides and company profiles.
    pub async fn catch_up(&self, db: &Db) -> Result<(), DbError> {
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
    /// page whose posting is not published.
    fn key(&self, shows: Shows) -> Option<Key> {
        let topics = self.0.topics.load(Ordering::Acquire);
        let search = &self.0.search;
        Some(match shows {
            Shows::Fixed => Key { own: 0, lists: 0, topics },
            Shows::Job(id) => {
                let (own, category, _) = search.job_version(id)?;
                Key { own, lists: category, topics }
            }
            Shows::Company | Shows::Lists => Key { own: 0, lists: search.version(), topics },
        })
    }

    /// Whether a page kept at `kept` may still be shown: its own posting and
    /// the other topics unchanged, and the postings it lists unchanged or
    /// changed less than the list lag ago.
    fn is_current(&self, shows: Shows, kept: Key) -> bool {
        let topics = self.0.topics.load(Ordering::Acquire);
        let search = &self.0.search;
        kept.topics == topics
            && match shows {
                Shows::Fixed => true,
                Shows::Job(id) => {
                    search.job_version(id).is_some_and(|(own, ..)| own == kept.own)
                        && kept.lists >= search.settled(Some(id), self.0.list_lag)
                }
                Shows::Company | Shows::Lists => kept.lists >= search.settled(None, self.0.list_lag),
            }
    }

    /// Until when a page showing `shows` holds, as the clock goes: a job
    /// page until its posting expires; a list until one of the postings it
    /// counts does, and the list lag more.
    fn until(&self, shows: Shows, now: Time) -> Time {
        match shows {
            Shows::Fixed => Time::MAX,
            Shows::Job(id) => self.0.search.job_version(id).map_or(now, |(.., expires)| expires),
            Shows::Company | Shows::Lists => self.0.search.lists_until(now) + Span::from(self.0.list_lag),
        }
    }

    /// The kept page for `uri`, or `304 Not Modified` when the request
    /// already holds its version.
    fn get(&self, uri: &str, shows: Shows, held: &http_cache::Held) -> Option<Response> {
        match self.lookup(uri, shows, held)? {
            (response, Freshness::Current) => Some(response),
            (_, Freshness::Stale) => None,
        }
    }

    /// The kept page for `uri` (or a 304), and whether it is current or a
    /// list past its lag that may be served while it is rendered again.
    fn lookup(&self, uri: &str, shows: Shows, held: &http_cache::Held) -> Option<(Response, Freshness)> {
        let pages = self.0.pages.lock().ok()?;
        let page = pages.by_uri.get(uri)?;
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
        let mut response = Response::new(Body::from(page.body.clone()));
        *response.headers_mut() = page.headers.clone();
        Some((response, freshness))
    }

    fn put(&self, uri: String, key: Key, until: Time, headers: HeaderMap, body: Bytes) {
        let Ok(mut pages) = self.0.pages.lock() else { return };
        let pages = &mut *pages;
        while pages.bytes + body.len() > MAX_BYTES {
            let Some((oldest, number)) = pages.order.pop_front() else { break };
            if pages.by_uri.get(&oldest).is_some_and(|p| p.number == number)
                && let Some(gone) = pages.by_uri.remove(&oldest)
            {
                pages.bytes -= gone.body.len();
            }
        }
        pages.stored += 1;
        let number = pages.stored;
        pages.bytes += body.len();
        pages.order.push_back((uri.clone(), number));
        let page = Page { number, key, until, stored: Instant::now(), headers, body };
        if let Some(old) = pages.by_uri.insert(uri, page) {
            pages.bytes -= old.body.len();
        }
        // Entries of pages stored again since: dropped now and then.
        if pages.order.len() > 2 * pages.by_uri.len() + 64 {
            let by_uri = &pages.by_uri;
            pages.order.retain(|(uri, number)| by_uri.get(uri).is_some_and(|p| p.number == *number));
        }
    }
}

/// What a public page that looks the same to every anonymous visitor
/// shows; `None` for any other.
fn shows(path: &str) -> Option<Shows> {
    if let Some(id) = job_page(path) {
        return Some(Shows::Job(id));
    }
    if path == "/privacy" {
        return Some(Shows::Fixed);
    }
    if path.starts_with("/companies/") && !path.ends_with("/logo") {
        return Some(Shows::Company);
    }
    let lists = matches!(path, "/" | "/jobs" | "/feed.xml" | "/jobs/feed.xml" | "/sitemap.xml")
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

/// What the page cache's middleware works with: the cache, and what counting
/// a view of a page served from memory needs.
#[derive(Clone)]
pub struct Serving {
    pub pages: PageCache,
    pub db: crate::server::db::Db,
    pub config: std::sync::Arc<crate::server::config::Config>,
    pub secret: crate::server::auth::secret::Secret,
    pub views: crate::server::postings::stats::Views,
}

pub async fn serve(State(state): State<Serving>, request: Request, next: Next) -> Response {
    let cache = &state.pages;
    let shows = shows(request.uri().path());
    let Some(shows) = shows.filter(|_| cache.0.enabled && request.method() == Method::GET) else {
        return next.run(request).await;
    };
    let uri = request.uri().to_string();
    // A request with a session or a kept form is answered as rendered for
    // it; what it renders is kept only if nothing personal was read.
    if is_personal(request.headers()) {
        return render(cache, &state.db, &uri, shows, request, next).await.0;
    }
    // A kept page is no staler than a search may be: the change log is read
    // first when the index last read it longer ago than that.
    if let Err(err) = cache.0.search.within_staleness(&state.db).await {
        tracing::warn!(error = %err, "search index could not catch up before a lookup");
    }
    let held = http_cache::Held::of(request.headers());
    match cache.lookup(&uri, shows, &held) {
        Some((hit, Freshness::Current)) => return served_from_memory(&state, request, hit).await,
        Some((kept, Freshness::Stale)) => {
            refresh(&state, uri, shows, &request, next);
            state.pages.0.stale.fetch_add(1, Ordering::Relaxed);
            return served_from_memory(&state, request, kept).await;
        }
        None => {}
    }
    // A stampede for one missing page renders it once: the others wait for
    // that render and find its page.
    let Some(lock) = cache.render_lock(&uri) else { return next.run(request).await };
    let turn = Turn { cache: cache.clone(), uri: uri.clone(), lock };
    let mut unkept = turn.lock.lock().await;
    if let Some(hit) = cache.get(&uri, shows, &held) {
        return served_from_memory(&state, request, hit).await;
    }
    if *unkept {
        // The render before could not keep its page: nothing to wait for.
        drop(unkept);
        return render(cache, &state.db, &uri, shows, request, next).await.0;
    }
    let (response, kept) = render(cache, &state.db, &uri, shows, request, next).await;
    *unkept = !kept;
    response
}

/// Renders list `uri` again in the background (one such render at a time,
/// each page once), as `request` asked for it, while its kept page is served.
fn refresh(state: &Serving, uri: String, shows: Shows, request: &Request, next: Next) {
    let cache = &state.pages;
    let first = cache.0.refreshing.lock().map(|mut refreshing| refreshing.insert(uri.clone()));
    if !matches!(first, Ok(true)) {
        return;
    }
    let mut copy = Request::new(Body::empty());
    *copy.uri_mut() = request.uri().clone();
    *copy.version_mut() = request.version();
    *copy.headers_mut() = request.headers().clone();
    copy.headers_mut().remove(header::IF_NONE_MATCH);
    copy.headers_mut().remove(header::IF_MODIFIED_SINCE);
    if let Some(peer) = request.extensions().get::<axum::extract::ConnectInfo<std::net::SocketAddr>>() {
        copy.extensions_mut().insert(*peer);
    }
    let state = state.clone();
    tokio::spawn(async move {
        let cache = &state.pages;
        if let Ok(_permit) = cache.0.refresher.clone().acquire_owned().await
            && let Some(lock) = cache.render_lock(&uri)
        {
            let turn = Turn { cache: cache.clone(), uri: uri.clone(), lock };
            let _guard = turn.lock.lock().await;
            if cache.get(&uri, shows, &http_cache::Held::default()).is_none() {
                render(cache, &state.db, &uri, shows, copy, next).await;
            }
        }
        if let Ok(mut refreshing) = cache.0.refreshing.lock() {
            refreshing.remove(&uri);
        }
    });
}

/// A request's place in line to render a page; leaving it (also when the
/// request is dropped half-way) forgets the line once it is empty.
/// A page's render lock, holding whether the last render under it could
/// not be kept.
type RenderLock = tokio::sync::Mutex<bool>;

struct Turn {
    cache: PageCache,
    uri: String,
    lock: Arc<RenderLock>,
}

impl Drop for Turn {
    fn drop(&mut self) {
        self.cache.release(&self.uri, &self.lock);
    }
}

/// A kept page, counted as a hit (and, for a job page, as a view).
async fn served_from_memory(state: &Serving, request: Request, hit: Response) -> Response {
    state.pages.0.hits.fetch_add(1, Ordering::Relaxed);
    if let Some(job) = job_page(request.uri().path()) {
        count_view(state, request, job);
    }
    hit
}

/// Renders the page and keeps it when it may be kept; whether it was kept.
async fn render(cache: &PageCache, db: &Db, uri: &str, shows: Shows, request: Request, next: Next) -> (Response, bool) {
    cache.0.misses.fetch_add(1, Ordering::Relaxed);
    // The catch-up the render would make, first; then the versions: a
    // change during the render makes the page stale.
    if let Err(err) = cache.0.search.fresh(db).await {
        tracing::warn!(error = %err, "search index could not catch up before a render");
    }
    let key = cache.key(shows);
    let response = next.run(request).await;
    let Some(key) = key else { return (response, false) };
    if response.status() != StatusCode::OK
        || !http_cache::is_document(&response)
        || response.headers().contains_key(header::SET_COOKIE)
        || is_marked_personal(response.headers())
    {
        return (response, false);
    }
    let (parts, body) = response.into_parts();
    match http_cache::page_bytes(body).await {
        Ok(bytes) => {
            let until = cache.until(shows, crate::server::now());
            cache.put(uri.to_owned(), key, until, parts.headers.clone(), bytes.clone());
            (Response::from_parts(parts, Body::from(bytes)), true)
        }
        Err(response) => (response, false),
    }
}

/// Notes a view of a job page served from memory, as rendering it would
/// (bots and scripts are not counted).
fn count_view(state: &Serving, request: Request, job: i64) {
    let (parts, _) = request.into_parts();
    let now = crate::server::now();
    if let Some(visitor) = crate::server::http::request::visitor_of(&parts, &state.config.proxies, &state.secret, now) {
        state.views.note(job, &visitor, now);
    }
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
        (dir, PageCache::new(search, true, Duration::ZERO))
    }

    #[tokio::test]
    async fn the_oldest_pages_go_first_past_the_budget() {
        let (_dir, cache) = cache_on_a_new_database().await;
        let key = cache.key(Shows::Lists).expect("key");
        let page = Bytes::from(vec![b'x'; MAX_BYTES / 4]);
        for n in 0..6 {
            cache.put(format!("/jobs?page={n}"), key, Time::MAX, HeaderMap::new(), page.clone());
        }
        let kept: Vec<bool> = (0..6)
            .map(|n| cache.get(&format!("/jobs?page={n}"), Shows::Lists, &Default::default()).is_some())
            .collect();
        assert_eq!(kept, [false, false, true, true, true, true], "four fit in the budget");
    }

    #[tokio::test]
    async fn a_list_is_stale_once_a_posting_it_counted_expires() {
        let (_dir, cache) = cache_on_a_new_database().await;
        let key = cache.key(Shows::Lists).expect("key");
        cache.put(
            "/jobs".into(),
            key,
            crate::server::now() - Span::seconds(1),
            HeaderMap::new(),
            Bytes::from_static(b"<html>"),
        );
        assert!(cache.get("/jobs", Shows::Lists, &Default::default()).is_none());
        cache.put("/jobs".into(), key, Time::MAX, HeaderMap::new(), Bytes::from_static(b"<html>"));
        assert!(cache.get("/jobs", Shows::Lists, &Default::default()).is_some());
    }
}
