//! New names of public companies: the owner's new name waits for a
//! moderator while the board keeps showing the name it had (a name is what
//! job seekers trust, and what a scam would borrow). Approved, it replaces
//! the old one and, like any identity change, ends the verified badge;
//! declined, it is dropped with a reason. Both are audited and mailed to the
//! team.

use crate::error::AppError;
use crate::model::{RenameRequest, Time};
use crate::server::accounts::moderators::{Moderator, checked_reason};
use crate::server::db::Db;
use crate::server::repo::moderation::audit_entry;
use crate::server::repo::{companies, moderation, outbox};

/// The new names waiting, oldest first.
pub async fn waiting(db: &Db, _moderator: &Moderator) -> Result<Vec<RenameRequest>, AppError> {
    Ok(companies::pending_renames(db)
        .await?
        .into_iter()
        .map(|row| RenameRequest {
            company_id: row.id,
            slug: row.slug,
            name: row.name,
            new_name: row.pending_name,
            asked: row.pending_name_at.date(),
        })
        .collect())
}

/// A moderator's answer to one new name.
pub struct Decision<'a> {
    pub company_id: i64,
    /// The name the moderator saw: a name changed meanwhile is not decided
    /// unseen.
    pub new_name: &'a str,
    pub approve: bool,
    /// Needed to decline; the team reads it.
    pub reason: &'a str,
}

/// Approves or declines a company's new name.
pub async fn decide(
    db: &Db,
    moderator: &Moderator,
    decision: &Decision<'_>,
    public_url: &str,
    now: Time,
) -> Result<(), AppError> {
    let Decision { company_id, new_name, approve, reason } = *decision;
    let reason = checked_reason(reason, !approve, "the company")?;
    let mut tx = db.begin_write().await?;
    let company = companies::find_by_id_for_update(&mut tx, company_id).await?.ok_or(AppError::NotFound)?;
    let old = company.name;
    if !companies::decide_rename(&mut tx, company_id, new_name, approve).await? {
        return Err(AppError::invalid(
            "status",
            "This name is no longer waiting: the owner or another moderator changed it.",
        ));
    }
    let what = format!("name “{old}” → “{new_name}”");
    let (action, note) =
        if approve { ("approve rename", what.clone()) } else { ("decline rename", format!("{what}: {reason}")) };
    moderation::audit(&mut tx, &audit_entry(&moderator.email, action, None, Some(company_id), &note, now)).await?;
    if approve {
        crate::server::accounts::verification::end_verification(&mut tx, &moderator.email, company_id, &what, now)
            .await?;
    }
    let (subject, body) = if approve {
        (
            "Your company's new name is on FarCoder".to_owned(),
            format!(
                "A moderator approved your company's new name: job seekers now see it.\n\n{public_url}/dashboard/company\n"
            ),
        )
    } else {
        (
            "Your company's new name was declined".to_owned(),
            format!(
                "A FarCoder moderator declined your company's new name; the board keeps the name it had.\n\n\
                 Reason: {reason}\n\n{public_url}/dashboard/company\n"
            ),
        )
    };
    let mail = outbox::Outgoing { subject: &subject, body: &body, ..Default::default() };
    outbox::enqueue_to_team(&mut tx, company_id, &mail, now).await?;
    tx.commit().await?;
    Ok(())
}
