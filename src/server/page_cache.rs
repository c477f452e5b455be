//! A cache of rendered anonymous pages, in each process: the public pages a
//! visitor without a session sees are the same for everyone, so a page
//! rendered once is served from memory until anything is written (on this
//! server, or on another as the search change log shows) or `TTL` passes.
//! A job page served from memory still counts its view for the employer.
//! It sits outside `http_cache::pages`, so a kept page carries the `ETag`
//! and `Cache-Control` computed when it was rendered, and answers 304 itself.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use super::auth::request::is_personal;
use super::http_cache;
use super::search::SearchEngine;
use super::state::AppState;

/// Changes that leave no trace in the change log (a guide edited on another
/// server) show after this long at most.
const TTL: Duration = Duration::from_secs(10);
/// The cache empties itself rather than grow past this many bytes of pages.
const MAX_BYTES: usize = 32 * 1024 * 1024;

#[derive(Clone)]
pub struct PageCache(Arc<Inner>);

struct Inner {
    enabled: bool,
    /// Bumped by every write on this server: older entries are stale.
    generation: AtomicU64,
    /// Its count of postings re-read shows writes on other servers.
    search: SearchEngine,
    pages: Mutex<Pages>,
    /// One render at a time per missing page: requests that arrive while it
    /// renders wait for it and are served what it stored.
    rendering: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// Requests served from memory, and those rendered.
    hits: AtomicU64,
    misses: AtomicU64,
}

#[derive(Default)]
struct Pages {
    by_uri: HashMap<String, Page>,
    bytes: usize,
}

struct Page {
    generation: (u64, u64),
    stored: Instant,
    headers: HeaderMap,
    body: Bytes,
}

impl PageCache {
    /// A cache that keeps pages only if `enabled`.
    pub fn new(search: SearchEngine, enabled: bool) -> Self {
        PageCache(Arc::new(Inner {
            enabled,
            generation: AtomicU64::new(0),
            search,
            pages: Mutex::default(),
            rendering: Mutex::default(),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }))
    }

    /// Requests served from memory and requests rendered, since start: the
    /// hit ratio.
    pub fn counts(&self) -> (u64, u64) {
        (self.0.hits.load(Ordering::Relaxed), self.0.misses.load(Ordering::Relaxed))
    }

    /// The lock that lets one request at a time render `uri`.
    fn render_lock(&self, uri: &str) -> Option<Arc<tokio::sync::Mutex<()>>> {
        let mut rendering = self.0.rendering.lock().ok()?;
        Some(rendering.entry(uri.to_owned()).or_default().clone())
    }

    /// Forgets `uri`'s lock once no other request holds it.
    fn release(&self, uri: &str, lock: &Arc<tokio::sync::Mutex<()>>) {
        if let Ok(mut rendering) = self.0.rendering.lock() {
            // Two references: the map's and the leaving request's.
            if Arc::strong_count(lock) <= 2 {
                rendering.remove(uri);
            }
        }
    }

    /// Something changed: every page is rendered afresh from now on.
    pub fn invalidate(&self) {
        self.0.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// This server's writes, and the postings its index re-read: a page is
    /// current while neither has moved.
    fn generation(&self) -> (u64, u64) {
        (self.0.generation.load(Ordering::Acquire), self.0.search.changes())
    }

    /// The kept page for `uri`, or `304 Not Modified` when the request
    /// already holds its version (`if_none_match`).
    fn get(&self, uri: &str, if_none_match: Option<&str>) -> Option<Response> {
        let generation = self.generation();
        let pages = self.0.pages.lock().ok()?;
        let page = pages.by_uri.get(uri)?;
        if page.generation != generation || page.stored.elapsed() > TTL {
            return None;
        }
        let etag = page.headers.get(header::ETAG).and_then(|v| v.to_str().ok());
        if matches!((if_none_match, etag), (Some(tags), Some(etag)) if http_cache::matches(tags, etag)) {
            return Some(http_cache::not_modified(page.headers.clone()));
        }
        let mut response = Response::new(Body::from(page.body.clone()));
        *response.headers_mut() = page.headers.clone();
        Some(response)
    }

    fn put(&self, uri: String, generation: (u64, u64), headers: HeaderMap, body: Bytes) {
        let Ok(mut pages) = self.0.pages.lock() else { return };
        if pages.bytes + body.len() > MAX_BYTES {
            pages.by_uri.clear();
            pages.bytes = 0;
        }
        pages.bytes += body.len();
        let page = Page { generation, stored: Instant::now(), headers, body };
        if let Some(old) = pages.by_uri.insert(uri, page) {
            pages.bytes -= old.body.len();
        }
    }
}

/// Public pages that look the same to every anonymous visitor.
fn cacheable_path(path: &str) -> bool {
    path == "/"
        || path == "/jobs"
        || path == "/privacy"
        || job_page(path).is_some()
        || path.starts_with("/companies/")
        || path.starts_with("/guides")
        || path.starts_with("/salaries")
        || path.starts_with("/remote-")
}

/// The job a job page (`/jobs/{slug}`) shows.
fn job_page(path: &str) -> Option<i64> {
    let slug = path.strip_prefix("/jobs/").filter(|s| !s.contains('/') && !s.contains('.'))?;
    crate::model::job_id_from_slug(slug)
}

pub async fn serve(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let cache = &state.pages;
    let anonymous = !is_personal(request.headers());
    if !cache.0.enabled || request.method() != Method::GET || !anonymous || !cacheable_path(request.uri().path()) {
        return next.run(request).await;
    }
    let uri = request.uri().to_string();
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::to_owned);
    if let Some(hit) = cache.get(&uri, if_none_match.as_deref()) {
        return served_from_memory(&state, request, hit).await;
    }
    // A stampede for one missing page renders it once: the others wait for
    // that render and find its page.
    let Some(lock) = cache.render_lock(&uri) else { return next.run(request).await };
    let turn = Turn { cache: cache.clone(), uri: uri.clone(), lock };
    let _guard = turn.lock.lock().await;
    if let Some(hit) = cache.get(&uri, if_none_match.as_deref()) {
        return served_from_memory(&state, request, hit).await;
    }
    render(cache, &uri, request, next).await
}

/// A request's place in line to render a page; leaving it (also when the
/// request is dropped half-way) forgets the line once it is empty.
struct Turn {
    cache: PageCache,
    uri: String,
    lock: Arc<tokio::sync::Mutex<()>>,
}

impl Drop for Turn {
    fn drop(&mut self) {
        self.cache.release(&self.uri, &self.lock);
    }
}

/// A kept page, counted as a hit (and, for a job page, as a view).
async fn served_from_memory(state: &AppState, request: Request, hit: Response) -> Response {
    state.pages.0.hits.fetch_add(1, Ordering::Relaxed);
    if let Some(job) = job_page(request.uri().path()) {
        count_view(state, request, job).await;
    }
    hit
}

/// Renders the page and keeps it when it may be kept.
async fn render(cache: &PageCache, uri: &str, request: Request, next: Next) -> Response {
    cache.0.misses.fetch_add(1, Ordering::Relaxed);
    // A write here during the render makes the page stale at once; the
    // render's own catch-up with other servers' writes does not.
    let writes_before = cache.generation().0;
    let response = next.run(request).await;
    let generation = (writes_before, cache.generation().1);
    if response.status() != StatusCode::OK
        || !http_cache::is_html(&response)
        || response.headers().contains_key(header::SET_COOKIE)
    {
        return response;
    }
    let (parts, body) = response.into_parts();
    match http_cache::page_bytes(body).await {
        Ok(bytes) => {
            cache.put(uri.to_owned(), generation, parts.headers.clone(), bytes.clone());
            Response::from_parts(parts, Body::from(bytes))
        }
        Err(response) => response,
    }
}

/// Counts a view of a job page served from memory, as rendering it would
/// (bots and scripts are not counted).
async fn count_view(state: &AppState, request: Request, job: i64) {
    let (parts, _) = request.into_parts();
    let now = super::now();
    let Some(visitor) = super::auth::request::visitor_of(&parts, &state.config.proxies, &state.secret, now) else {
        return;
    };
    if let Err(e) = super::stats::record(&state.db, job, super::stats::Event::View, &visitor, now).await {
        tracing::warn!(error = ?e, job, "view not counted");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_pages_are_kept() {
        for path in
            ["/", "/jobs", "/jobs/rust-engineer-acme-12", "/guides/remote-salary-negotiation", "/remote-rust-jobs"]
        {
            assert!(cacheable_path(path), "{path}");
        }
        for path in ["/jobs/feed.xml", "/jobs/x-1/apply", "/dashboard", "/admin/review", "/applications/abc", "/login"]
        {
            assert!(!cacheable_path(path), "{path}");
        }
    }

    #[tokio::test]
    async fn a_write_makes_every_page_stale() {
        let dir = tempfile::tempdir().expect("dir");
        let url = format!("sqlite://{}", dir.path().join("cache.db").display());
        let db = crate::server::db::Db::connect(&url, &Default::default()).await.expect("db");
        db.migrate().await.expect("migrate");
        let search = SearchEngine::build(&db, Duration::from_secs(1)).await.expect("index");
        let cache = PageCache::new(search, true);
        cache.put("/jobs".into(), cache.generation(), HeaderMap::new(), Bytes::from_static(b"<html>"));
        assert!(cache.get("/jobs", None).is_some());
        cache.invalidate();
        assert!(cache.get("/jobs", None).is_none());
    }
}
