//! Serving through the page cache, in request order: a page that can be
//! kept is served from memory when current (a list past its lag is served
//! while it renders again), else rendered once however many ask for it at
//! once, and kept when it may be. A job page served from memory still
//! counts its view for the employer.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use super::copies::{Copies, Rendered};
use super::encoding::Encoding;
use super::{Freshness, PageCache, Shows, job_page, shows};
use crate::server::db::Db;
use crate::server::http::cache as http_cache;
use crate::server::http::request::{is_marked_personal, is_personal};
use crate::server::read_model::ReadModel;

/// What the page cache's middleware works with: the cache, and what counting
/// a view of a page served from memory needs.
#[derive(Clone)]
pub struct Serving {
    pub pages: PageCache,
    /// Read before a lookup and a render, so a kept page is no staler than
    /// a search may be.
    pub read_model: ReadModel,
    pub db: Db,
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
        return render(&state, &uri, shows, request, next).await.0;
    }
    // A kept page is no staler than a search may be: the change log is read
    // first when the index last read it longer ago than that.
    if let Err(err) = state.read_model.within_staleness(&state.db).await {
        tracing::warn!(error = %err, "search index could not catch up before a lookup");
    }
    let held = http_cache::Held::of(request.headers());
    let encoding = Encoding::accepted(request.headers());
    match cache.lookup(&uri, shows, &held, encoding) {
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
    if let Some(hit) = cache.get(&uri, shows, &held, encoding) {
        return served_from_memory(&state, request, hit).await;
    }
    if *unkept {
        // The render before could not keep its page: nothing to wait for.
        drop(unkept);
        return render(&state, &uri, shows, request, next).await.0;
    }
    if let Some(copy) = from_copy(&state, &uri, shows, &held, encoding).await {
        state.pages.0.copied.fetch_add(1, Ordering::Relaxed);
        return viewed(&state, request, copy);
    }
    let (response, kept) = render(&state, &uri, shows, request, next).await;
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
            if cache.get(&uri, shows, &http_cache::Held::default(), Encoding::Identity).is_none() {
                render(&state, &uri, shows, copy, next).await;
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
pub(super) type RenderLock = tokio::sync::Mutex<bool>;

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
    viewed(state, request, hit)
}

/// `page`, not rendered for `request`: a job page's view is counted here.
fn viewed(state: &Serving, request: Request, page: Response) -> Response {
    if let Some(job) = job_page(request.uri().path()) {
        count_view(state, request, job);
    }
    page
}

/// The page read back from its copy in the database when that is current,
/// and kept in memory from then on.
async fn from_copy(
    state: &Serving,
    uri: &str,
    shows: Shows,
    held: &http_cache::Held,
    encoding: Encoding,
) -> Option<Response> {
    let cache = &state.pages;
    let copies = cache.0.copies.as_ref().filter(|_| Copies::holds(uri, shows))?;
    let key = cache.key(shows)?;
    let now = crate::server::now();
    let found = copies.find(&state.read_model, uri, shows, key.topics, now).await?;
    let until = cache.until(shows, now).min(found.holds_until);
    if let Ok(mut pages) = cache.0.pages.write() {
        pages.put(uri.to_owned(), key, until, found.headers, found.body, Some((Encoding::Brotli, found.brotli)));
    }
    cache.get(uri, shows, held, encoding)
}

/// Renders the page and keeps it when it may be kept; whether it was kept.
async fn render(state: &Serving, uri: &str, shows: Shows, request: Request, next: Next) -> (Response, bool) {
    let cache = &state.pages;
    cache.0.misses.fetch_add(1, Ordering::Relaxed);
    // The catch-up the render would make, first; then the versions: a
    // change during the render makes the page stale.
    if let Err(err) = state.read_model.fresh(&state.db).await {
        tracing::warn!(error = %err, "search index could not catch up before a render");
    }
    let key = cache.key(shows);
    let encoding = Encoding::accepted(request.headers());
    let copies = cache.0.copies.as_ref().filter(|_| Copies::holds(uri, shows));
    let noted = match (copies, key) {
        (Some(_), Some(key)) => {
            Copies::note(&state.read_model, &state.db, uri, shows, key.topics, crate::server::now()).await
        }
        _ => None,
    };
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
            let rendered = noted.map(|noted| (noted, parts.headers.clone(), bytes.clone()));
            let (headers, sent) = cache.put(uri.to_owned(), key, until, parts.headers.clone(), bytes, encoding);
            if let (Some(copies), Some((noted, rendered_headers, body))) = (copies, rendered) {
                // The brotli bytes just sent, when they were: the copy is not compressed again.
                let brotli = headers.get(header::CONTENT_ENCODING).is_some_and(|e| e == "br").then(|| sent.clone());
                copies.keep(Rendered { path: uri.to_owned(), shows, noted, headers: rendered_headers, body, brotli });
            }
            let mut response = Response::from_parts(parts, Body::from(sent));
            *response.headers_mut() = headers;
            (response, true)
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
