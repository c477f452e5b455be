//! Keeping the board current. Postings expire by the clock: every public
//! query compares `expires_at` with now, so a posting leaves lists, feeds and
//! the sitemap, and its page answers 410, at the second it expires, whether
//! or not a task has run. This task does the rest: it mails the employer
//! three days before expiry, moves expired postings to the `expired` status
//! and says so, and checks external apply links, flagging postings whose
//! link answers 404 or 410 for the moderators. It also deletes applications
//! and their CVs `RETENTION_DAYS` after their posting closed.
//! Every app server runs it; each piece of work is claimed in the database
//! first, so no mail goes out twice.

use std::net::IpAddr;
use std::time::Duration;

use crate::error::AppError;
use crate::model::{DAY, FlagKind, RETENTION_DAYS, Span, Time};
use crate::server::db::Db;
use crate::server::public_address::{PublicResolver, is_public};
use crate::server::repo::{applications, flags, freshness, outbox};
use crate::server::storage::Storage;

/// How long before expiry the employer hears about it.
pub const REMIND_BEFORE: Span = Span::days(3);
/// How often one posting's apply link is checked.
pub const CHECK_EVERY: Span = DAY;
/// Links checked per run, so a run stays short.
const CHECKS_PER_RUN: i64 = 20;

/// What a link check found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkState {
    /// Answered with a success or a redirect.
    Alive,
    /// Answered 404 or 410.
    Dead(u16),
    /// Anything else (a timeout, a server error, an address we refuse to
    /// reach): nothing changes.
    Unknown,
}

/// Asks external apply links whether they still exist.
#[derive(Clone)]
pub struct LinkChecker {
    client: reqwest::Client,
    /// Tests serve links on loopback; production never reaches private
    /// addresses, so an apply link cannot probe the servers' own network.
    allow_private: bool,
}

impl LinkChecker {
    pub fn new(allow_private: bool) -> Result<Self, AppError> {
        let mut client = reqwest::Client::builder();
        if !allow_private {
            // Names resolve to public addresses only, once: the connection
            // goes to the address that was checked.
            client = client.dns_resolver(std::sync::Arc::new(PublicResolver));
        }
        let client = client
            // A proxy from the environment would look names up itself.
            .no_proxy()
            .timeout(Duration::from_secs(10))
            // A redirect is an answer: following it could lead anywhere.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent("FarCoder link check (+https://farcoder.invalid/about)")
            .build()
            .map_err(|e| {
                tracing::error!(error = %e, "cannot build the link checker");
                AppError::Internal
            })?;
        Ok(LinkChecker { client, allow_private })
    }

    pub async fn check(&self, url: &str) -> LinkState {
        let Ok(parsed) = reqwest::Url::parse(url) else { return LinkState::Unknown };
        let Some(host) = parsed.host_str() else { return LinkState::Unknown };
        if !matches!(parsed.scheme(), "http" | "https") {
            return LinkState::Unknown;
        }
        // An address written as such is never looked up, so it is checked here.
        let literal = host.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>().ok();
        if !self.allow_private && literal.is_some_and(|ip| !is_public(ip)) {
            return LinkState::Unknown;
        }
        let mut answer = self.client.head(parsed.clone()).send().await;
        if matches!(&answer, Ok(r) if matches!(r.status().as_u16(), 405 | 501)) {
            // Some servers refuse HEAD; ask with GET and read no body.
            answer = self.client.get(parsed).send().await;
        }
        match answer.map(|r| r.status()) {
            Ok(status) if status.as_u16() == 404 || status.as_u16() == 410 => LinkState::Dead(status.as_u16()),
            Ok(status) if status.is_success() || status.is_redirection() => LinkState::Alive,
            _ => LinkState::Unknown,
        }
    }
}

/// How long the search change log is kept: a server that was down longer
/// rebuilds its index from the postings when it starts, as any does.
const CHANGE_LOG: Span = Span::days(2);
/// How long an employer sign-up may wait for its address to be confirmed
/// before it and the company it named are deleted (its name and slug free
/// again).
pub const UNCONFIRMED_LIFETIME: Span = Span::hours(48);

/// How long a job given up on stays for an operator to read.
const FAILED_JOBS_KEPT: Span = Span::days(30);

/// Deletes what is past its time: search change-log entries every server
/// has read, refused forms, rate-limit windows over a day old, jobs given
/// up on long ago, copies of pages the clock has changed, and seekers'
/// ended sign-in codes and sessions. Queued by each freshness run.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Prune {
    /// The run's time (a test's may be ahead of the clock).
    pub at: Time,
}

/// What a pruning deleted, by table.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pruned {
    pub changes: u64,
    pub forms: u64,
    pub limit_windows: u64,
    pub failed_jobs: u64,
    pub page_copies: u64,
    pub seeker_codes: u64,
    pub seeker_sessions: u64,
}

impl Prune {
    pub async fn prune(&self, db: &Db) -> Result<Pruned, crate::server::db::DbError> {
        use crate::server::repo::{background_jobs, form_returns, page_copies, rate_limits, read_model, seekers};
        // By the real clock even when `at` is ahead: entries no server has
        // read yet are never pruned.
        let log_start = self.at.min(crate::server::now()) - CHANGE_LOG;
        Ok(Pruned {
            changes: read_model::prune_changes(db, log_start).await?,
            forms: form_returns::prune(db, self.at).await?,
            limit_windows: rate_limits::prune(db, self.at - DAY).await?,
            failed_jobs: background_jobs::prune_failed(db, self.at - FAILED_JOBS_KEPT).await?,
            page_copies: page_copies::prune(db, self.at).await?,
            seeker_codes: seekers::prune_codes(db, self.at).await?,
            seeker_sessions: seekers::prune_sessions(db, self.at, crate::server::auth::seeker_session::IDLE).await?,
        })
    }
}

impl crate::server::queue::Job for Prune {
    const KIND: &'static str = "prune";
    type Context = Db;

    fn key(&self) -> Option<String> {
        Some(Self::KIND.to_owned())
    }

    async fn run(self, db: &Db, _attempt: i64) -> Result<(), crate::server::queue::JobError> {
        let pruned = self.prune(db).await?;
        tracing::debug!(?pruned, "pruned");
        Ok(())
    }
}

/// What one run did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Run {
    pub reminded: usize,
    pub expired: usize,
    /// Apply links queued to be checked (`CheckLink`).
    pub links_queued: usize,
    pub applications_deleted: usize,
    /// Employer sign-ups left unconfirmed for `UNCONFIRMED_LIFETIME`.
    pub signups_purged: u64,
}

/// One pass: reminders, expiry and retention, then a batch of link checks
/// and a pruning queued.
pub async fn run_once(db: &Db, storage: &Storage, public_url: &str, now: Time) -> Result<Run, AppError> {
    let mut run = Run::default();
    for job in freshness::expiring(db, now, REMIND_BEFORE).await? {
        let body = format!(
            "Your posting “{}” closes on {} (UTC). Renew it from your dashboard to keep it open for another 30 days:\n\n{public_url}/dashboard\n",
            job.title,
            job.expires_at.date()
        );
        let subject = format!("Closes in 3 days: {}", job.title);
        let mail = outbox::Outgoing { subject: &subject, body: &body, ..Default::default() };
        // Claimed and queued together: the reminder goes once, and surely.
        let mut tx = db.begin_write().await?;
        if !freshness::claim_reminder(&mut tx, job.id, now).await? {
            continue;
        }
        outbox::enqueue_to_team(&mut tx, job.company_id, &mail, now).await?;
        tx.commit().await?;
        run.reminded += 1;
    }
    // Every posting past its end expires, and its team hears it, at once.
    let mut tx = db.begin_write().await?;
    for job in crate::server::repo::jobs::expire_due(&mut tx, now).await? {
        let body = format!(
            "Your posting “{}” has expired and is no longer shown. Renew it from your dashboard to open it for another 30 days:\n\n{public_url}/dashboard\n",
            job.title
        );
        let subject = format!("Expired: {}", job.title);
        let mail = outbox::Outgoing { subject: &subject, body: &body, ..Default::default() };
        outbox::enqueue_to_team(&mut tx, job.company_id, &mail, now).await?;
        run.expired += 1;
    }
    tx.commit().await?;
    for (id, _) in applications::past_retention(db, now - RETENTION_DAYS * DAY).await? {
        // Row and e-mails first: a CV whose row is gone is unreachable,
        // never the reverse.
        let mut tx = db.begin_write().await?;
        let key = crate::server::applications::erase(&mut tx, id, now).await?;
        outbox::delete_about(&mut tx, id).await?;
        tx.commit().await?;
        if let Some(key) = key {
            crate::server::applications::delete_cv(db, storage, &key, now).await;
        }
        run.applications_deleted += 1;
    }
    // One pruning waits at a time, whichever server queued it.
    crate::server::queue::enqueue(db, &Prune { at: now }, now, now).await?;
    let mut tx = db.begin_write().await?;
    run.signups_purged =
        crate::server::repo::users::purge_unconfirmed(&mut tx, now - UNCONFIRMED_LIFETIME, now).await?;
    tx.commit().await?;
    let checked_before = now - CHECK_EVERY;
    for (id, url) in freshness::links_due(db, now, checked_before, CHECKS_PER_RUN).await? {
        // Marked checked with its check queued: once a day, by one server.
        let mut tx = db.begin_write().await?;
        if freshness::claim_link_check(&mut tx, id, checked_before, now).await? {
            crate::server::queue::enqueue(&mut tx, &CheckLink { job_id: id, url, at: now }, now, now).await?;
            run.links_queued += 1;
        }
        tx.commit().await?;
    }
    Ok(run)
}

/// Asks a posting's apply link whether it still exists, and flags the
/// posting for moderators when it does not (or clears the flag once it
/// answers again). A link that cannot be judged (a timeout, a private
/// address) changes nothing.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct CheckLink {
    pub job_id: i64,
    pub url: String,
    /// When the check was queued: the date its flag names.
    pub at: Time,
}

/// What checking links needs.
pub struct LinkChecks {
    pub db: Db,
    pub checker: LinkChecker,
}

impl crate::server::queue::Job for CheckLink {
    const KIND: &'static str = "check-link";
    const MAX_ATTEMPTS: i64 = 3;
    type Context = LinkChecks;

    fn key(&self) -> Option<String> {
        Some(self.job_id.to_string())
    }

    async fn run(self, cx: &LinkChecks, _attempt: i64) -> Result<(), crate::server::queue::JobError> {
        let dead = FlagKind::DeadLink.slug();
        let reason = match cx.checker.check(&self.url).await {
            LinkState::Dead(status) => Some(format!("The apply link answered {status} on {}.", self.at.date())),
            LinkState::Alive => None,
            LinkState::Unknown => return Ok(()),
        };
        let raised: Vec<(&str, &str)> = reason.iter().map(|r| (dead, r.as_str())).collect();
        let mut tx = cx.db.begin_write().await?;
        flags::replace(&mut tx, self.job_id, &[dead], &raised, self.at).await?;
        Ok(tx.commit().await?)
    }
}

/// What the background freshness task needs, shared by its rounds.
pub struct Freshness {
    pub db: Db,
    pub storage: Storage,
    pub public_url: String,
}

/// One round of the background freshness task (`tasks`).
pub async fn round(task: &Freshness) -> crate::server::tasks::Next {
    match run_once(&task.db, &task.storage, &task.public_url, crate::server::now()).await {
        Ok(run) if run != Run::default() => tracing::info!(?run, "freshness"),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "freshness run failed"),
    }
    crate::server::tasks::Next::Wait
}
