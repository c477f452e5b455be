//! Openings from an employer's applicant tracking system (Greenhouse, Lever,
//! Ashby), read through its public job-board API. A team member connects a
//! board; FarCoder lists its openings; those the employer picks become
//! drafts to complete with what our rules ask and the ATS does not say
//! (how people are hired, from where), then a posting like any other. A
//! background job reads each board on a schedule (`sync`): a changed
//! opening becomes an edit waiting for review, one the ATS no longer lists
//! closes here, and one still listed counts as confirmed open.

pub mod boards;
pub mod mapping;
pub mod sync;

use std::collections::HashMap;

use crate::error::AppError;
use crate::model::{
    AtsKind, AtsOpening, AtsSource, ImportPage, OpeningState, PostingDraft, PostingStatus, SalaryRange, Time,
    board_name,
};
use crate::server::db::Db;
use crate::server::imports::boards::{BoardError, Boards, Opening};
use crate::server::repo::ats::{self as rows, OpeningRow, SourceRow};
use crate::server::repo::users::MemberRow;

/// Boards a company may connect.
const MAX_BOARDS: i64 = 10;

/// What importing needs: the database and the ATS client.
pub struct Importer {
    pub db: Db,
    pub boards: Boards,
}

/// The board `kind` names, or the message for a field `board`.
pub(super) fn kind_of(slug: &str) -> Result<AtsKind, AppError> {
    AtsKind::from_slug(slug).ok_or_else(|| AppError::invalid("kind", "Pick Greenhouse, Lever or Ashby."))
}

/// What an employer reads when `kind`'s board could not be read.
pub(super) fn unread(kind: AtsKind, board: &str, err: &BoardError) -> String {
    match err {
        BoardError::NotFound => format!(
            "{} has no public job board named “{board}”. Check the name at the end of your board’s address, as in {}.",
            kind.label(),
            kind.board_example()
        ),
        BoardError::Unavailable(why) | BoardError::Unreadable(why) => {
            format!("{}’s job board could not be read: {why}. Try again in a minute.", kind.label())
        }
    }
}

/// Connects a board to the member's company, once it has been read.
pub async fn connect(cx: &Importer, member: &MemberRow, kind: &str, board: &str, now: Time) -> Result<i64, AppError> {
    crate::server::accounts::confirmed(member)?;
    let kind = kind_of(kind)?;
    let board = board_name(kind, board).map_err(|message| AppError::invalid("board", message))?;
    if rows::count_sources(&cx.db, member.company_id).await? >= MAX_BOARDS {
        return Err(AppError::invalid("board", format!("A company connects {MAX_BOARDS} boards at most.")));
    }
    if let Err(err) = cx.boards.openings(kind, &board).await {
        return Err(AppError::invalid("board", unread(kind, &board, &err)));
    }
    Ok(rows::insert_source(&cx.db, member.company_id, member.user_id, kind.slug(), &board, now).await?)
}

fn source_view(row: &SourceRow) -> Result<AtsSource, AppError> {
    Ok(AtsSource {
        id: row.id,
        kind: kind_of(&row.kind)?,
        board: row.board.clone(),
        synced: row.synced_at.map(|t| t.minute()),
        sync_error: row.sync_error.clone(),
    })
}

/// The boards the member's company connected.
pub async fn sources(db: &Db, member: &MemberRow) -> Result<Vec<AtsSource>, AppError> {
    rows::sources_of(db, member.company_id).await?.iter().map(source_view).collect()
}

/// The member's company's board `id` (not found for another's).
pub(super) async fn own_source(db: &Db, member: &MemberRow, id: i64) -> Result<SourceRow, AppError> {
    match rows::source(db, id).await? {
        Some(source) if source.company_id == member.company_id => Ok(source),
        _ => Err(AppError::NotFound),
    }
}

/// Where an opening brought in stands.
fn state_of(row: &OpeningRow) -> OpeningState {
    match (row.job_id, row.job_status.as_deref().and_then(PostingStatus::from_slug)) {
        _ if row.gone_at.is_some() => OpeningState::Gone,
        (Some(job_id), Some(status)) => OpeningState::Posted { job_id, status },
        _ => OpeningState::Waiting { import_id: row.id },
    }
}

fn listed(draft: &PostingDraft, location: String, state: OpeningState, external_id: String) -> AtsOpening {
    let pay = (|| {
        Some(SalaryRange {
            min: draft.salary_min.parse().ok()?,
            max: draft.salary_max.parse().ok()?,
            currency: crate::model::Currency::from_slug(&draft.currency)?,
            period: crate::model::SalaryPeriod::from_slug(&draft.period)?,
        })
    })()
    .map(|range| range.display());
    let job_type = crate::model::EmploymentType::from_slug(&draft.job_type).map(|t| t.label().to_owned());
    AtsOpening { external_id, title: draft.title.clone(), location, pay, job_type, state }
}

/// Board `id`'s openings as the ATS lists them now, each with where it
/// stands here, and those brought in that it no longer lists.
pub async fn page(cx: &Importer, member: &MemberRow, id: i64) -> Result<ImportPage, AppError> {
    let source = own_source(&cx.db, member, id).await?;
    let kind = kind_of(&source.kind)?;
    let brought: HashMap<String, OpeningRow> =
        rows::openings_of(&cx.db, id).await?.into_iter().map(|row| (row.external_id.clone(), row)).collect();
    let (listing, error) = match cx.boards.openings(kind, &source.board).await {
        Ok(listing) => (Some(listing), None),
        Err(err) => (None, Some(unread(kind, &source.board, &err))),
    };
    let mut openings = Vec::new();
    for opening in listing.iter().flatten() {
        // One brought in shows what was read of it then (with the pay a
        // Greenhouse list leaves out).
        let (draft, state) = match brought.get(&opening.id) {
            // Gone once and listed again: offered to bring in anew.
            Some(row) if row.gone_at.is_some() => (mapping::draft_of(opening), OpeningState::New),
            Some(row) => (stored_draft(row)?, state_of(row)),
            None => (mapping::draft_of(opening), OpeningState::New),
        };
        openings.push(listed(&draft, opening.location.clone(), state, opening.id.clone()));
    }
    // Brought in and no longer listed (or, when the board could not be
    // read, every one brought in, as last read).
    for row in brought.values() {
        if listing.as_ref().is_some_and(|list| list.iter().any(|o| o.id == row.external_id)) {
            continue;
        }
        let draft = stored_draft(row)?;
        openings.push(listed(&draft, String::new(), state_of(row), row.external_id.clone()));
    }
    Ok(ImportPage { source: source_view(&source)?, openings, error })
}

fn stored_draft(row: &OpeningRow) -> Result<PostingDraft, AppError> {
    serde_json::from_str(&row.draft).map_err(|e| {
        tracing::error!(error = %e, opening = row.id, "an imported opening does not read back");
        AppError::Internal
    })
}

/// Brings the openings `ids` of board `id` in as drafts: read again from
/// the ATS (what a browser sends names openings, nothing more); how many
/// were new.
pub async fn import(cx: &Importer, member: &MemberRow, id: i64, ids: &[String], now: Time) -> Result<usize, AppError> {
    crate::server::accounts::confirmed(member)?;
    let source = own_source(&cx.db, member, id).await?;
    let kind = kind_of(&source.kind)?;
    if ids.is_empty() {
        return Err(AppError::invalid("openings", "Tick the openings to bring in first."));
    }
    let failed = |err: BoardError| {
        AppError::invalid("openings", format!("{} Nothing was imported.", unread(kind, &source.board, &err)))
    };
    let listing = cx.boards.openings(kind, &source.board).await.map_err(failed)?;
    let mut chosen: Vec<Opening> = listing.into_iter().filter(|o| ids.contains(&o.id)).collect();
    if chosen.is_empty() {
        return Err(AppError::invalid("openings", "Those openings are no longer on the board."));
    }
    for opening in &mut chosen {
        cx.boards.complete(kind, &source.board, opening).await.map_err(failed)?;
    }
    let mut tx = cx.db.begin_write().await?;
    let mut added = 0;
    for opening in &chosen {
        let draft = mapping::draft_of(opening);
        let text = serde_json::to_string(&draft).map_err(|_| AppError::Internal)?;
        added +=
            usize::from(rows::insert_opening(&mut tx, id, &opening.id, &text, &mapping::digest(&draft), now).await?);
    }
    tx.commit().await?;
    Ok(added)
}

/// The draft imported opening `import` makes, to complete in the posting
/// form (which ties the posting to it).
pub async fn draft_for(db: &Db, member: &MemberRow, import: i64) -> Result<PostingDraft, AppError> {
    let (row, company) = rows::opening(db, import).await?.ok_or(AppError::NotFound)?;
    if company != member.company_id {
        return Err(AppError::NotFound);
    }
    if row.job_id.is_some() || row.gone_at.is_some() {
        return Err(AppError::invalid("import", "This opening was completed already, or its ATS no longer lists it."));
    }
    Ok(PostingDraft { import: import.to_string(), ..stored_draft(&row)? })
}

/// Disconnects the member's company's board `id`: nothing is read from it
/// again, and the postings brought in from it stay, no longer kept in sync.
pub async fn disconnect(db: &Db, member: &MemberRow, id: i64) -> Result<(), AppError> {
    own_source(db, member, id).await?;
    if !rows::delete_source(db, id, member.company_id).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}
