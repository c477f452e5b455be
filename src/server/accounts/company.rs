//! The company an employer acts for: its profile, its logo and its team.
//! Every function takes the signed-in member and works on their company
//! only; inviting teammates is the owner's.

use crate::error::AppError;
use crate::model::{
    CompanyProfile, Email, LogoProblem, Password, PendingInvite, ProfileDraft, Role, Span, TeamMember, Time,
};
use crate::server::accounts::logo;
use crate::server::accounts::{Context, NewSession, field, start_session};
use crate::server::auth::{password, rate_limit, token};
use crate::server::db::Db;
use crate::server::repo::invites::{self, Accepted};
use crate::server::repo::users::MemberRow;
use crate::server::repo::{companies, outbox, users};

const INVITE_LIFETIME: Span = Span::days(7);
const OWNER: Role = Role::Owner;

/// `/dashboard/company`: the profile as stored, the logo, the team.
pub async fn profile(db: &Db, member: &MemberRow, now: Time) -> Result<CompanyProfile, AppError> {
    let company = companies::find_by_id(db, member.company_id).await?.ok_or(AppError::NotFound)?;
    let logo = companies::logo_version(db, company.id).await?;
    let team = users::team(db, company.id).await?;
    let invites = invites::pending(db, company.id, now).await?;
    let verification = crate::server::accounts::verification::state(db, company.id, company.verified_at, now).await?;
    Ok(CompanyProfile {
        verification,
        logo_path: logo.map(|v| logo_path(&company.slug, v)),
        // The form shows the name asked for, while it waits.
        draft: ProfileDraft {
            name: company.pending_name.clone().unwrap_or(company.name.clone()),
            website: company.website.unwrap_or_default(),
            about: company.about,
        },
        public_name: company.name,
        pending_name: company.pending_name,
        slug: company.slug,
        is_owner: member.role == OWNER,
        team: team.into_iter().map(|(email, role, at)| TeamMember { email, role, joined: at.date() }).collect(),
        invites: invites.into_iter().map(|(email, at)| PendingInvite { email, expires: at.date() }).collect(),
    })
}

/// Where a stored logo is served; the version changes with every upload.
pub use crate::model::logo_path;

/// Saves the profile. The name and website are the company's identity: only
/// the owner changes them, and the verified badge, which vouches for them
/// as they were, goes when either changes (audited, and the owner may ask
/// again). Once a moderator has seen the company under its name (verified,
/// or a posting submitted), a new name waits for a moderator, the board
/// showing the old one until then; saving the old name again withdraws it.
pub async fn update_profile(db: &Db, member: &MemberRow, draft: &ProfileDraft, now: Time) -> Result<(), AppError> {
    let profile = draft.parse().map_err(AppError::fields)?;
    crate::server::accounts::confirmed(member)?;
    // Read inside the write: a moderator's decision on a waiting name
    // cannot fall between this read and the write below.
    let mut tx = db.begin_write().await?;
    let company = companies::find_by_id_for_update(&mut tx, member.company_id).await?.ok_or(AppError::NotFound)?;
    let asked = profile.name.as_str();
    // The form shows the waiting name, if any: only a name other than that is a change.
    let shown = company.pending_name.as_deref().unwrap_or(&company.name);
    let renames = asked != shown;
    let moved = company.website.as_deref() != profile.website.as_deref();
    if (renames || moved) && crate::server::accounts::owner(&mut tx, member).await.is_err() {
        return Err(AppError::invalid(
            if renames { "name" } else { "website" },
            "Only the company’s owner changes its name or website.",
        ));
    }
    let new_name = asked != company.name;
    let held = new_name && companies::name_is_watched(&mut tx, company.id).await?;
    let name = (new_name && !held).then_some(asked);
    companies::update_profile(&mut tx, company.id, name, profile.website.as_deref(), &profile.about).await?;
    if held || company.pending_name.is_some() {
        companies::set_pending_name(&mut tx, company.id, held.then_some(asked), now).await?;
    }
    if name.is_some() || moved {
        let what = format!(
            "name “{}” → “{}”, website {} → {}",
            company.name,
            name.unwrap_or(&company.name),
            company.website.as_deref().unwrap_or("none"),
            profile.website.as_deref().unwrap_or("none"),
        );
        crate::server::accounts::verification::end_verification(&mut tx, &member.email, company.id, &what, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Replaces the logo with the re-encoded upload; the inner error says what
/// is wrong with the file.
pub async fn set_logo(
    db: &Db,
    member: &MemberRow,
    upload: Vec<u8>,
    now: Time,
) -> Result<Result<(), LogoProblem>, AppError> {
    crate::server::accounts::confirmed(member)?;
    rate_limit::check(db, rate_limit::LOGOS_PER_COMPANY, &member.company_id.to_string(), now).await?;
    let reencoded = crate::server::cpu::IMAGES.run(move || logo::reencode(&upload)).await?;
    match reencoded {
        Ok(png) => Ok(Ok(companies::set_logo(db, member.company_id, png, now).await?)),
        Err(problem) => Ok(Err(problem)),
    }
}

/// The company's logo as stored, with its version, for `/companies/{slug}/logo`.
pub async fn logo(db: &Db, slug: &str) -> Result<(Vec<u8>, i64), AppError> {
    companies::logo(db, slug).await?.ok_or(AppError::NotFound)
}

pub async fn remove_logo(db: &Db, member: &MemberRow) -> Result<(), AppError> {
    companies::remove_logo(db, member.company_id).await?;
    Ok(())
}

/// The owner invites `email` to the team (again: the earlier link stops
/// working); the link in the mail lets them choose a password and join.
pub async fn invite(cx: &Context<'_>, member: &MemberRow, email: &str) -> Result<(), AppError> {
    if member.role != OWNER {
        return Err(AppError::Forbidden);
    }
    crate::server::accounts::confirmed(member)?;
    let email = Email::parse(email).map_err(field)?;
    if users::find_by_email(cx.db, email.as_str()).await?.is_some() {
        return Err(AppError::invalid("email", "This address already has a FarCoder account, so it cannot join."));
    }
    rate_limit::check(cx.db, rate_limit::INVITES_PER_COMPANY, &member.company_id.to_string(), cx.now).await?;
    let token = token::generate();
    let expires_at = cx.now + INVITE_LIFETIME;
    let body = format!(
        "{inviter} invited you to post remote jobs for {company} on FarCoder.\n\nJoin the team within 7 days by choosing a password here:\n\n{url}/join?token={token}\n\nIf you did not expect this, ignore this message.\n",
        inviter = member.email,
        company = member.company_name,
        url = cx.public_url,
    );
    let subject = format!("Join {} on FarCoder", member.company_name);
    let mail = outbox::Outgoing { recipient: email.as_str(), subject: &subject, body: &body, ..Default::default() };
    // The invitation works only if its e-mail is queued.
    let mut tx = cx.db.begin_write().await?;
    crate::server::accounts::owner(&mut tx, member).await?;
    let digest = token::digest(&token);
    // Sending again replaces the earlier link: only the newest one works.
    invites::revoke(&mut tx, member.company_id, email.as_str(), cx.now).await?;
    invites::insert(&mut tx, &digest, member.company_id, email.as_str(), member.user_id, expires_at, cx.now).await?;
    outbox::enqueue(&mut tx, &mail, cx.now).await?;
    tx.commit().await?;
    Ok(())
}

/// Who an invitation link is for, to greet them on `/join`.
pub async fn invitation(db: &Db, token: &str, now: Time) -> Result<crate::model::Invitation, AppError> {
    match invites::find(db, &token::digest(token)).await? {
        Some(row) if row.accepted_at.is_none() && row.expires_at > now => {
            Ok(crate::model::Invitation { company_name: row.company_name, email: row.email })
        }
        _ => Err(expired_invite()),
    }
}

/// Joins the team with a new password, once per link, and signs in.
pub async fn accept_invite(cx: &Context<'_>, token: &str, new_password: &str) -> Result<NewSession, AppError> {
    let password = Password::parse(new_password).map_err(field)?;
    rate_limit::check(cx.db, rate_limit::PASSWORD_SET_PER_IP, cx.client_ip, cx.now).await?;
    // The link first: a made-up token costs one look-up, never a hash.
    invitation(cx.db, token, cx.now).await?;
    let hash = password::hash(&password).await?;
    // The new member, the used link and the session hold together.
    let mut tx = cx.db.begin_write().await?;
    match invites::accept(&mut tx, &token::digest(token), &hash, cx.now).await? {
        Accepted::Joined(user_id) => {
            let signed_in = start_session(&mut tx, user_id, cx.now).await?;
            tx.commit().await?;
            Ok(signed_in)
        }
        Accepted::Invalid => Err(expired_invite()),
        Accepted::AddressTaken => {
            Err(AppError::invalid("token", "This address already has a FarCoder account: sign in with it instead."))
        }
    }
}

fn expired_invite() -> AppError {
    AppError::invalid("token", "This invitation has expired or was already used. Ask your team’s owner for a new one.")
}
