//! A company's team once it is formed: the owner removes members, revokes
//! invitations and hands ownership to a member; anyone deletes their own
//! account (for a member that is leaving the team; an owner first hands
//! ownership on, or, alone on the team, closes the company). A removed
//! member's sessions end at once. Every change is audited.

use crate::error::AppError;
use crate::model::{Email, Role, Time};
use crate::server::accounts::{Context, field};
use crate::server::auth::{password, rate_limit};
use crate::server::db::Db;
use crate::server::repo::moderation::audit_entry;
use crate::server::repo::users::MemberRow;
use crate::server::repo::{invites, jobs, moderation, outbox, revisions, sessions, users};

const OWNER: Role = Role::Owner;

fn owner_only(member: &MemberRow) -> Result<(), AppError> {
    if member.role == OWNER { Ok(()) } else { Err(AppError::Forbidden) }
}

/// The teammate `email` names: their id and role.
async fn teammate(db: &Db, owner: &MemberRow, email: &str) -> Result<(i64, Role, Email), AppError> {
    let email = Email::parse(email).map_err(field)?;
    let (id, role) = users::on_team(db, owner.company_id, email.as_str())
        .await?
        .ok_or_else(|| AppError::invalid("email", "No one with that address is on your team."))?;
    if id == owner.user_id {
        return Err(AppError::invalid("email", "That is you: hand ownership on first, or delete your account."));
    }
    Ok((id, role, email))
}

/// The owner takes `email` off the team: their account (which exists for
/// this team) goes, with every session, at once.
pub async fn remove_member(db: &Db, owner: &MemberRow, email: &str, now: Time) -> Result<(), AppError> {
    owner_only(owner)?;
    let (id, _, email) = teammate(db, owner, email).await?;
    let body = format!(
        "{} removed you from {}’s team on FarCoder, and your FarCoder account was deleted.\n",
        owner.email, owner.company_name
    );
    let subject = format!("You left {} on FarCoder", owner.company_name);
    let mail = outbox::Outgoing { recipient: email.as_str(), subject: &subject, body: &body, ..Default::default() };
    let entry = audit_entry(&owner.email, "remove member", None, Some(owner.company_id), email.as_str(), now);
    // The account, its sessions, the e-mail and the audit entry: all or nothing.
    let mut tx = db.begin_write().await?;
    crate::server::accounts::owner(&mut tx, owner).await?;
    if !users::remove_membership(&mut tx, id, owner.company_id).await? {
        return Err(AppError::invalid("email", "No one with that address is on your team."));
    }
    sessions::delete_all_of(&mut tx, id).await?;
    users::delete(&mut tx, id).await?;
    outbox::enqueue(&mut tx, &mail, now).await?;
    moderation::audit(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(())
}

/// The owner withdraws every open invitation of `email`.
pub async fn revoke_invite(db: &Db, owner: &MemberRow, email: &str, now: Time) -> Result<(), AppError> {
    owner_only(owner)?;
    let email = Email::parse(email).map_err(field)?;
    let entry = audit_entry(&owner.email, "revoke invitation", None, Some(owner.company_id), email.as_str(), now);
    let mut tx = db.begin_write().await?;
    crate::server::accounts::owner(&mut tx, owner).await?;
    if invites::revoke(&mut tx, owner.company_id, email.as_str(), now).await? == 0 {
        return Err(AppError::invalid("email", "There is no open invitation for that address."));
    }
    moderation::audit(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(())
}

/// The owner makes member `email` the owner and becomes a member; the new
/// owner's e-mail and the audit entry commit with the change.
pub async fn hand_over(db: &Db, owner: &MemberRow, email: &str, now: Time) -> Result<(), AppError> {
    owner_only(owner)?;
    let (id, _, email) = teammate(db, owner, email).await?;
    let body = format!(
        "{} made you the owner of {} on FarCoder. You now manage its name, website, verification and team.\n",
        owner.email, owner.company_name
    );
    let subject = format!("You own {} on FarCoder", owner.company_name);
    let mail = outbox::Outgoing { recipient: email.as_str(), subject: &subject, body: &body, ..Default::default() };
    let entry = audit_entry(&owner.email, "hand over ownership", None, Some(owner.company_id), email.as_str(), now);
    let mut tx = db.begin_write().await?;
    if !users::hand_over(&mut tx, owner.company_id, owner.user_id, id).await? {
        return Err(AppError::invalid("email", "Someone changed the team a moment ago. Look again."));
    }
    outbox::enqueue(&mut tx, &mail, now).await?;
    moderation::audit(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes the signed-in account once its password confirms it. A member
/// leaves the team; an owner with teammates must hand ownership on first;
/// an owner alone closes the company (every posting closes).
pub async fn delete_account(cx: &Context<'_>, member: &MemberRow, given_password: &str) -> Result<(), AppError> {
    let who = format!("{}|{}", member.email, cx.client_ip);
    rate_limit::check(cx.db, rate_limit::LOGIN_PER_ACCOUNT, &who, cx.now).await?;
    let stored = users::password_hash(cx.db, member.user_id).await?.ok_or(AppError::Unauthorized)?;
    if !password::verify(&stored, given_password).await? {
        return Err(AppError::invalid("password", "That is not your password."));
    }
    let closing = member.role == OWNER;
    // The company's postings close, its invitations end and the account
    // goes, with their audit entries, all or nothing. The invitations end
    // before the team is counted: an acceptance under way finishes first
    // and is counted, a later one finds its link ended, so nobody joins a
    // company as its owner leaves it.
    let mut tx = cx.db.begin_write().await?;
    if closing {
        invites::revoke_all(&mut tx, member.company_id, cx.now).await?;
        if users::team(&mut tx, member.company_id).await?.len() > 1 {
            return Err(AppError::invalid(
                "password",
                "Your company needs an owner: hand ownership to a teammate before you delete your account.",
            ));
        }
        let closed = jobs::close_all_of(&mut tx, member.company_id, cx.now).await?;
        revisions::withdraw_pending_of_company(&mut tx, member.company_id, cx.now).await?;
        let note = format!("{closed} postings closed");
        let entry = audit_entry(&member.email, "close company", None, Some(member.company_id), &note, cx.now);
        moderation::audit(&mut tx, &entry).await?;
    }
    users::delete(&mut tx, member.user_id).await?;
    let entry = audit_entry(&member.email, "delete account", None, Some(member.company_id), "", cx.now);
    moderation::audit(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(())
}
