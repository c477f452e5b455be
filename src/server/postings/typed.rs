//! What an employer is typing into a posting form, kept by the server as
//! they type (per person and posting; 0 is a new one), so a closed tab, a
//! crash or a lost connection loses nothing. Saving the form forgets it.

use crate::error::AppError;
use crate::model::{PostingDraft, Time, TypedDraft};
use crate::server::db::Db;
use crate::server::repo::typed_postings;
use crate::server::repo::users::MemberRow;

/// The most a kept draft may weigh, as JSON: every field at its longest
/// fits with room to spare.
pub const MAX_TYPED_BYTES: usize = 64 * 1024;

/// Keeps `draft` as what `member` is typing into posting `posting` (0: a
/// new one, else one of their company's).
pub async fn keep(db: &Db, member: &MemberRow, posting: i64, draft: &PostingDraft, now: Time) -> Result<(), AppError> {
    if posting != 0 {
        super::own_job(db, member, posting).await?;
    }
    let json = serde_json::to_string(draft).map_err(|_| AppError::Internal)?;
    if json.len() > MAX_TYPED_BYTES {
        return Err(AppError::invalid(
            "draft",
            "This posting is longer than any form field allows, so it is not kept.",
        ));
    }
    typed_postings::keep(db, member.user_id, posting, &json, now).await?;
    Ok(())
}

/// What `member` typed into posting `posting` and did not save, if anything.
pub async fn kept(db: &Db, member: &MemberRow, posting: i64) -> Result<Option<TypedDraft>, AppError> {
    if posting != 0 {
        super::own_job(db, member, posting).await?;
    }
    let Some((json, at)) = typed_postings::find(db, member.user_id, posting).await? else { return Ok(None) };
    // A copy from an older form that no longer reads is dropped, not shown.
    Ok(serde_json::from_str(&json).ok().map(|draft| TypedDraft { draft, kept_at: at.minute() }))
}

/// Forgets what `member` typed into posting `posting`.
pub async fn forget(db: &Db, member: &MemberRow, posting: i64) -> Result<(), AppError> {
    typed_postings::forget(db, member.user_id, posting).await?;
    Ok(())
}

/// `forget` once the form is saved: the posting is safe whatever happens
/// to the copy, so a failure here is logged, not the employer's problem.
pub async fn forget_after_save(db: &Db, member: &MemberRow, posting: i64) {
    if let Err(error) = typed_postings::forget(db, member.user_id, posting).await {
        tracing::warn!(posting, "forgetting a typed draft failed: {error}");
    }
}
