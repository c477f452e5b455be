//! Copies of job and company pages kept compressed in the database, so a
//! page rendered once by any app server is read back, not rendered again,
//! by every server and after a restart: a crawler that visits each page
//! about once then costs a read. A copy is kept only for a page's own
//! address (no query string), so there is at most one per posting and per
//! company.
//!
//! A copy holds until what it shows changes. Writes delete it (triggers on
//! its posting, its company and the company's applications); what else
//! moves is checked when it is read: the build and address that rendered
//! it, the guides and company profiles (`topics`), the postings it shows
//! (which, and each one's fingerprint: this catches a change committed
//! while it was being rendered, after its trigger found nothing to
//! delete), and the clock (a posting's expiry, a date
//! shown as "3 days ago" turning, an application starting to count against
//! the response rate), which sets its `holds_until` when it is kept.

use std::hash::{Hash as _, Hasher as _};

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};

use super::Shows;
use super::encoding::Encoding;
use crate::model::{DAY, Span, Time};
use crate::server::db::{Db, DbError};
use crate::server::postings::jobs::SIMILAR_SHOWN;
use crate::server::read_model::ReadModel;
use crate::server::repo::page_copies::{self, NewCopy};

/// Copies waiting to be written; past this many, a page is not kept (it
/// is rendered again when next asked for).
const WAITING: usize = 512;
/// Copies written in one transaction at most.
const BATCH: usize = 64;

/// Where copies are read and kept, cheap to clone.
#[derive(Clone)]
pub struct Copies {
    db: Db,
    build: i64,
    waiting: tokio::sync::mpsc::Sender<Rendered>,
}

/// A page just rendered, with what its copy is checked against.
pub(super) struct Rendered {
    pub path: String,
    pub shows: Shows,
    pub noted: Noted,
    pub headers: HeaderMap,
    pub body: Bytes,
    pub brotli: Option<Bytes>,
}

/// What a page showed as its render began, to be found the same when its
/// copy is read: the guides' and company profiles' version, and the
/// postings it shows.
#[derive(Clone)]
pub(super) struct Noted {
    topics: i64,
    /// A job page: its posting and the similar ones it lists.
    postings: Vec<i64>,
    company_id: i64,
    /// A job page: its posting and the similar ones, each with its
    /// fingerprint as the read model holds it; a company page: how many
    /// postings it shows, and when one last changed.
    shown: String,
}

/// A copy read back and found current.
pub(super) struct Found {
    pub headers: HeaderMap,
    pub body: Bytes,
    pub brotli: Bytes,
    pub holds_until: Time,
}

impl Copies {
    /// Copies in `db` of the pages this build renders for `public_url`,
    /// with the task that writes them.
    pub fn start(db: Db, public_url: &str) -> Copies {
        let (waiting, arriving) = tokio::sync::mpsc::channel(WAITING);
        let build = build_stamp(public_url);
        tokio::spawn(write_all(db.clone(), build, arriving));
        Copies { db, build, waiting }
    }

    /// Whether `path` may have a copy: a job or company page at its own address.
    pub(super) fn holds(path_and_query: &str, shows: Shows) -> bool {
        matches!(shows, Shows::Job(_) | Shows::Company) && !path_and_query.contains('?')
    }

    /// What to note before rendering `shows` at `path`, with the guides at
    /// `topics`; `None` for a page with nothing to keep (an unknown company).
    pub(super) async fn note(
        read_model: &ReadModel,
        db: &Db,
        path: &str,
        shows: Shows,
        topics: i64,
        now: Time,
    ) -> Option<Noted> {
        match shows {
            Shows::Job(id) => {
                let (postings, shown) = job_shown(read_model, db, id, now).await?;
                let company_id = page_copies::company_of_job(db, id).await.ok()??;
                Some(Noted { topics, postings, company_id, shown })
            }
            _ => {
                let slug = path.strip_prefix("/companies/")?;
                let company_id = page_copies::company_of_slug(db, slug).await.ok()??;
                let shown = company_shown(db, company_id).await?;
                Some(Noted { topics, postings: Vec::new(), company_id, shown })
            }
        }
    }

    /// The copy of `path` if it is current: the guides at `topics`, and the
    /// postings it shows as they are now.
    pub(super) async fn find(
        &self,
        read_model: &ReadModel,
        path: &str,
        shows: Shows,
        topics: i64,
        now: Time,
    ) -> Option<Found> {
        let row = match page_copies::find(&self.db, path).await {
            Ok(row) => row?,
            Err(err) => {
                tracing::warn!(error = %err, "a kept page could not be read");
                return None;
            }
        };
        if row.build != self.build || row.topics != topics || now >= row.holds_until {
            return None;
        }
        let shown = match shows {
            Shows::Job(id) if row.job_id == Some(id) => job_shown(read_model, &self.db, id, now).await?.1,
            Shows::Company if row.job_id.is_none() => company_shown(&self.db, row.company_id).await?,
            _ => return None,
        };
        if row.shown != shown {
            return None;
        }
        let brotli = Bytes::from(row.brotli);
        let body = decompress(&brotli)?;
        Some(Found { headers: headers_from(&row.headers), body, brotli, holds_until: row.holds_until })
    }

    /// Queues a copy of a page just rendered to be kept; dropped when too
    /// many wait.
    pub(super) fn keep(&self, rendered: Rendered) {
        let _ = self.waiting.try_send(rendered);
    }
}

/// Writes the copies as they arrive, a batch to a transaction.
async fn write_all(db: Db, build: i64, mut arriving: tokio::sync::mpsc::Receiver<Rendered>) {
    let mut batch = Vec::with_capacity(BATCH);
    while arriving.recv_many(&mut batch, BATCH).await > 0 {
        if let Err(err) = write(&db, build, std::mem::take(&mut batch)).await {
            tracing::warn!(error = %err, "rendered pages could not be kept");
        }
    }
}

async fn write(db: &Db, build: i64, batch: Vec<Rendered>) -> Result<(), DbError> {
    let now = crate::server::now();
    let mut tx = db.begin_write().await?;
    for page in batch {
        let Some(brotli) = page.brotli.or_else(|| Encoding::Brotli.compress(&page.body).ok()) else { continue };
        let (noted, company_id) = (&page.noted, page.noted.company_id);
        let (job_id, times) = match page.shows {
            Shows::Job(id) => (Some(id), page_copies::shown_times(&mut tx, &noted.postings, None).await?),
            _ => (None, page_copies::shown_times(&mut tx, &[], Some(company_id)).await?),
        };
        let window = crate::model::RESPONSE_DAYS * DAY;
        let counted = page_copies::next_unanswered_due(&mut tx, company_id, window, now).await?;
        let copy = NewCopy {
            path: &page.path,
            job_id,
            company_id,
            build,
            topics: noted.topics,
            shown: &noted.shown,
            holds_until: holds_until(&times, counted, now),
            headers: &headers_text(&page.headers),
            brotli: brotli.to_vec(),
        };
        page_copies::keep(&mut tx, copy, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Job `id`'s posting and the similar ones its page lists, and those
/// postings as kept with its copy: each as id:fingerprint.
async fn job_shown(read_model: &ReadModel, db: &Db, id: i64, now: Time) -> Option<(Vec<i64>, String)> {
    let similar = read_model.similar(db, id, SIMILAR_SHOWN, now).await.ok()?;
    let postings: Vec<i64> = std::iter::once(id).chain(similar).collect();
    let fingerprints = read_model.fingerprints(&postings).ok()?;
    let shown = postings
        .iter()
        .zip(fingerprints)
        .map(|(id, fingerprint)| format!("{id}:{:x}", fingerprint.unwrap_or(0)))
        .collect::<Vec<_>>()
        .join(",");
    Some((postings, shown))
}

/// How many postings company `company_id`'s page shows, and when one last
/// changed, as kept with its copy.
async fn company_shown(db: &Db, company_id: i64) -> Option<String> {
    let (count, changed) = page_copies::company_postings(db, company_id).await.ok()?;
    Some(format!("{count}:{}", changed.map_or(0, Time::unix)))
}

/// The first moment after `now` the clock changes a page showing postings
/// published, confirmed and expiring at `times` ("today" turning into
/// "yesterday", a posting closing), and a response rate that changes at
/// `counted`.
fn holds_until(times: &[(Time, Option<Time>, Option<Time>)], counted: Option<Time>, now: Time) -> Time {
    // "N days ago" turns a whole number of days after the moment it counts from.
    let turns = |since: Time| {
        let days = (now - since).max(Span::ZERO) / DAY;
        since + (days + 1) * DAY
    };
    let mut until = counted.filter(|at| *at > now).unwrap_or(Time::MAX);
    for (published, confirmed, expires) in times {
        until = until.min(turns(*published));
        if let Some(confirmed) = confirmed {
            until = until.min(turns(*confirmed));
        }
        if let Some(expires) = expires.filter(|at| *at > now) {
            until = until.min(expires);
        }
    }
    until
}

/// The headers as kept: a line each, but the length and encoding, which
/// are set for each response.
fn headers_text(headers: &HeaderMap) -> String {
    let mut text = String::new();
    for (name, value) in headers {
        if name == header::CONTENT_LENGTH || name == header::CONTENT_ENCODING {
            continue;
        }
        if let Ok(value) = value.to_str() {
            text.push_str(name.as_str());
            text.push_str(": ");
            text.push_str(value);
            text.push('\n');
        }
    }
    text
}

fn headers_from(text: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for line in text.lines() {
        let Some((name, value)) = line.split_once(": ") else { continue };
        if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value)) {
            headers.append(name, value);
        }
    }
    headers
}

fn decompress(brotli: &[u8]) -> Option<Bytes> {
    use std::io::Read as _;
    let mut body = Vec::with_capacity(brotli.len() * 5);
    brotli::Decompressor::new(brotli, 4096).read_to_end(&mut body).ok()?;
    Some(Bytes::from(body))
}

/// Of this build and the address it serves: a copy rendered by another
/// build, whose pages may differ, is not served. The executable's size and
/// modification time stand for the build.
fn build_stamp(public_url: &str) -> i64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    public_url.hash(&mut hasher);
    if let Some(meta) = std::env::current_exe().ok().and_then(|exe| std::fs::metadata(exe).ok()) {
        meta.len().hash(&mut hasher);
        meta.modified().ok().hash(&mut hasher);
    }
    hasher.finish() as i64
}
