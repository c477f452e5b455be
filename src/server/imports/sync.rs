//! Keeping imported postings as their ATS says, board by board, as a
//! background job (`SyncBoard`, one waiting per board) that a round queues
//! for each board not read for a while. Only a whole, successful read
//! changes anything: a board that does not answer closes nothing.
//!
//! For each opening brought in from the board:
//! - not listed by two whole reads in a row (one odd answer closes
//!   nothing): its posting closes (whatever its status), marked as closed by
//!   its source, with an audit entry and a word to the team; listed again,
//!   the import page offers it to bring in anew;
//! - changed: a live posting gets the ATS's title, description, apply link,
//!   pay and type as an edit waiting for review, proposed by whoever
//!   connected the board (after an edit of the team's own that waits, not
//!   over it); a draft still to complete takes them as they are;
//! - unchanged: a live posting counts as confirmed open ("still hiring?").

use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::{AtsKind, MINUTE, PostingDraft, PostingStatus, Span, Time};
use crate::server::db::{Db, DbError};
use crate::server::imports::boards::BoardError;
use crate::server::imports::{Importer, mapping};
use crate::server::queue::{self, Job, JobError};
use crate::server::repo::ats::{self as rows, OpeningRow, SourceRow};
use crate::server::repo::moderation::{AuditRow, audit};
use crate::server::repo::{confirmations, jobs, outbox, revisions};
use crate::server::tasks::Next;

/// What one read of a board did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Synced {
    pub unchanged: usize,
    pub changed: usize,
    /// Not listed by this read only: closed at the next that agrees.
    pub unlisted: usize,
    pub closed: usize,
}

/// Whole reads in a row that must miss an opening before it closes.
const MISSES_TO_CLOSE: i64 = 2;

/// How long one read of a board may take, all its requests together.
const READ_TIME: std::time::Duration = std::time::Duration::from_secs(20 * 60);

/// Why a board was not brought up to date.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Board(#[from] BoardError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    App(#[from] AppError),
}

/// Reads board `source_id` and brings what was imported from it up to date
/// at `now`.
pub async fn sync(cx: &Importer, source_id: i64, now: Time) -> Result<Synced, SyncError> {
    let Some(source) = rows::source(&cx.db, source_id).await? else { return Ok(Synced::default()) };
    let kind = AtsKind::from_slug(&source.kind).ok_or(AppError::Internal)?;
    let outcome = match tokio::time::timeout(READ_TIME, read_and_apply(cx, &source, kind, now)).await {
        Ok(outcome) => outcome,
        Err(_) => Err(SyncError::Board(BoardError::Unavailable("reading it took too long".to_owned()))),
    };
    let error = match &outcome {
        Ok(_) => None,
        Err(SyncError::Board(BoardError::NotFound)) => {
            Some(format!("{} no longer has a board by this name", kind.label()))
        }
        Err(SyncError::Board(err)) => Some(err.to_string()),
        // Ours, not the board's: the log has it, the employer a plain word.
        Err(err) => {
            tracing::warn!(board = source.id, error = %err, "an ATS board was not brought up to date");
            Some("FarCoder could not finish the read; it tries again soon".to_owned())
        }
    };
    rows::mark_synced(&cx.db, source.id, error.as_deref(), now).await?;
    outcome
}

async fn read_and_apply(cx: &Importer, source: &SourceRow, kind: AtsKind, now: Time) -> Result<Synced, SyncError> {
    let mut listing = cx.boards.openings(kind, &source.board).await?;
    let mut synced = Synced::default();
    for row in rows::openings_of(&cx.db, source.id).await?.into_iter().filter(|row| row.gone_at.is_none()) {
        let Some(opening) = listing.iter_mut().find(|o| o.id == row.external_id) else {
            if rows::missed(&cx.db, row.id).await? >= MISSES_TO_CLOSE {
                close(&cx.db, source, kind, &row, now).await?;
                synced.closed += 1;
            } else {
                synced.unlisted += 1;
            }
            continue;
        };
        cx.boards.complete(kind, &source.board, opening).await?;
        let draft = mapping::draft_of(opening);
        let digest = mapping::digest(&draft);
        if digest == row.digest {
            rows::listed(&cx.db, row.id, now).await?;
            if let Some(job_id) = row.job_id {
                confirmations::confirm(&cx.db, job_id, now).await?;
            }
            synced.unchanged += 1;
            continue;
        }
        if !changed(&cx.db, source, &row, &draft, now).await? {
            // Read again at the next read, once the team's edit is decided.
            rows::listed(&cx.db, row.id, now).await?;
            continue;
        }
        let text = serde_json::to_string(&draft).map_err(|_| AppError::Internal)?;
        rows::seen(&cx.db, row.id, &text, &digest, now).await?;
        synced.changed += 1;
    }
    Ok(synced)
}

/// The ATS no longer lists `row`: it is gone, and its posting closes.
async fn close(db: &Db, source: &SourceRow, kind: AtsKind, row: &OpeningRow, now: Time) -> Result<(), SyncError> {
    let mut tx = db.begin_write().await?;
    rows::gone(&mut tx, row.id, now).await?;
    if let Some(job_id) = row.job_id {
        let open = PostingStatus::closable();
        if let Some(job) = jobs::find(&mut tx, job_id).await?
            && jobs::transition(&mut tx, job_id, &open, PostingStatus::Closed, jobs::Move::default(), now).await?
        {
            revisions::withdraw_pending(&mut tx, &[job_id], now).await?;
            let reason = format!("{} board “{}” no longer lists it.", kind.label(), source.board);
            let entry = AuditRow {
                actor: "ats".to_owned(),
                action: "closed by its source".to_owned(),
                job_id: Some(job_id),
                company_id: Some(source.company_id),
                reason: reason.clone(),
                created_at: now,
            };
            audit(&mut tx, &entry).await?;
            let title = job.card.title;
            let subject = format!("Closed: {title}");
            let body = format!(
                "Your posting “{title}” is closed on FarCoder: your {reason}\n\nIf it should stay open, list it in {} again and bring it in anew from your import page.\n",
                kind.label()
            );
            let mail = outbox::Outgoing { subject: &subject, body: &body, ..Default::default() };
            outbox::enqueue_to_team(&mut tx, source.company_id, &mail, now).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// The ATS says something new of `row`, as `draft`; `false` when it must
/// wait (the team's own edit of the posting waits for review).
async fn changed(
    db: &Db,
    source: &SourceRow,
    row: &OpeningRow,
    draft: &PostingDraft,
    now: Time,
) -> Result<bool, SyncError> {
    let Some(job_id) = row.job_id else { return Ok(true) };
    let Some(job) = jobs::find(db, job_id).await? else { return Ok(true) };
    if !job.status.is_public() {
        // A draft or a posting in review is its team's to change.
        return Ok(true);
    }
    if crate::server::postings::revisions::pending_draft(db, job_id).await?.is_some() {
        return Ok(false);
    }
    let mut edit = crate::server::postings::revisions::draft_from(job.clone(), now)?;
    edit.title = draft.title.clone();
    edit.description = draft.description.clone();
    edit.apply_url = draft.apply_url.clone();
    if !draft.job_type.is_empty() {
        edit.job_type = draft.job_type.clone();
    }
    if !draft.salary_min.is_empty() {
        (edit.salary_min, edit.salary_max) = (draft.salary_min.clone(), draft.salary_max.clone());
        (edit.currency, edit.period) = (draft.currency.clone(), draft.period.clone());
    }
    match edit.parse_stored() {
        Ok(posting) => crate::server::postings::revisions::propose(db, source.created_by, &job, &posting, now).await?,
        Err(problems) => {
            let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
            tracing::warn!(job = job_id, ?fields, "an imported opening changed into something that is not a posting");
        }
    }
    Ok(true)
}

/// Reads the member's company's board `id` again now; a board that could
/// not be read is said so.
pub async fn sync_now(
    cx: &Importer,
    member: &crate::server::repo::users::MemberRow,
    id: i64,
    now: Time,
) -> Result<Synced, AppError> {
    let source = super::own_source(&cx.db, member, id).await?;
    let kind = super::kind_of(&source.kind)?;
    match sync(cx, id, now).await {
        Ok(synced) => Ok(synced),
        Err(SyncError::Board(err)) => Err(AppError::invalid("board", super::unread(kind, &source.board, &err))),
        Err(SyncError::Db(err)) => Err(err.into()),
        Err(SyncError::App(err)) => Err(err),
    }
}

/// One read of a board, waiting in the queue.
#[derive(Debug, Serialize, Deserialize)]
pub struct SyncBoard {
    pub source_id: i64,
}

impl Job for SyncBoard {
    const KIND: &'static str = "ats-sync";
    const MAX_ATTEMPTS: i64 = 5;
    type Context = Importer;

    fn key(&self) -> Option<String> {
        Some(self.source_id.to_string())
    }

    /// Longer than a read may take (`READ_TIME`).
    fn lease(_cx: &Importer) -> Span {
        MINUTE * 30
    }

    fn pause(_cx: &Importer, attempts: i64) -> Span {
        // 1, 2, 4, 8 minutes.
        MINUTE * (1 << attempts.clamp(0, 3))
    }

    async fn run(self, cx: &Importer, _attempt: i64) -> Result<(), JobError> {
        match sync(cx, self.source_id, crate::server::now()).await {
            Ok(synced) => {
                if synced != Synced::default() {
                    tracing::info!(board = self.source_id, ?synced, "ATS board read");
                }
                Ok(())
            }
            Err(SyncError::Board(BoardError::Unavailable(why))) => Err(JobError::Retry(why)),
            Err(err @ (SyncError::Db(_) | SyncError::App(AppError::Internal | AppError::Busy))) => {
                Err(JobError::Retry(err.to_string()))
            }
            Err(err) => Err(JobError::GiveUp(err.to_string())),
        }
    }
}

/// The round (`tasks`): queues a read of each board not read for `every`.
pub struct Schedule {
    pub db: Db,
    pub every: Span,
}

pub async fn round(task: &Schedule) -> Next {
    let now = crate::server::now();
    let queued = async {
        // Read a little early rather than a whole round late.
        let before = now - Span::seconds(task.every.as_secs() * 3 / 4);
        let due = rows::due_sources(&task.db, before, 100).await?;
        for source_id in &due {
            queue::enqueue(&task.db, &SyncBoard { source_id: *source_id }, now, now).await?;
        }
        Ok::<usize, DbError>(due.len())
    };
    match queued.await {
        Ok(n) if n > 0 => tracing::debug!(boards = n, "ATS boards queued for a read"),
        Ok(_) => {}
        Err(err) => tracing::warn!(error = %err, "ATS boards not queued"),
    }
    Next::Wait
}
