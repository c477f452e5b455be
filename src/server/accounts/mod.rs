//! Accounts: employers' sign-up (with the company), sign-in, sign-out,
//! e-mail confirmation and password reset here; the team (`team`), the
//! company's profile and logo (`company`, `logo`), the verified badge
//! (`verification`) and who is a moderator (`moderators`) beside it. Every
//! rule about who may do what with an account lives in this room, not in
//! the pages or the routes.

pub mod company;
pub mod logo;
pub mod moderators;
pub mod renames;
pub mod team;
pub mod verification;

use crate::server::auth::{password, rate_limit, session, token};

use crate::error::AppError;
use crate::model::{CompanyName, Email, FieldError, Password, Span, Time, Viewer, slugify};
use crate::server::context::Context;
use crate::server::db::{Conn, Db, Tx};
use crate::server::repo::{companies, email_tokens, outbox, sessions, users};

const CONFIRM: &str = "confirm";
const RESET: &str = "reset";
const CONFIRM_LIFETIME: Span = Span::hours(48);
const RESET_LIFETIME: Span = crate::model::HOUR;

/// A session just created: the token goes into the cookie.
#[derive(Debug)]
pub struct NewSession {
    pub token: String,
}

pub(super) fn field(err: FieldError) -> AppError {
    AppError::invalid(err.field, err.message)
}

/// Creates the company and its owner and sends the confirmation link; the
/// account signs in once the address is confirmed. An address that has an
/// account already gets the same answer (so the form reveals no one's
/// account), and its owner an e-mail saying what happened.
pub async fn signup(cx: &Context<'_>, email: &str, password: &str, company_name: &str) -> Result<(), AppError> {
    let email = Email::parse(email).map_err(field)?;
    let password = Password::parse(password).map_err(field)?;
    let company_name = CompanyName::parse(company_name).map_err(field)?;
    rate_limit::check(cx.db, rate_limit::SIGNUP_PER_IP, cx.client_ip, cx.now).await?;
    // Hashed either way, so both answers take as long.
    let hash = password::hash(&password).await?;
    if users::find_by_email(cx.db, email.as_str()).await?.is_some() {
        return tell_existing_owner(cx, email.as_str()).await;
    }
    // The company, its owner, the confirmation link and its e-mail commit
    // together or not at all.
    let mut tx = cx.db.begin_write().await?;
    let company_id = insert_company(&mut tx, &company_name, cx.now).await?;
    let Some(user_id) = users::insert_owner(&mut tx, email.as_str(), &hash, company_id, cx.now).await? else {
        // Another sign-up took the address a moment ago: the company goes too.
        drop(tx);
        return tell_existing_owner(cx, email.as_str()).await;
    };
    queue_link(&mut tx, cx, user_id, email.as_str(), CONFIRM, CONFIRM_LIFETIME).await?;
    tx.commit().await?;
    Ok(())
}

async fn tell_existing_owner(cx: &Context<'_>, email: &str) -> Result<(), AppError> {
    if !rate_limit::within(cx.db, rate_limit::ACCOUNT_MAILS_PER_ADDRESS, email, cx.now).await? {
        return Ok(());
    }
    let body = format!(
        "Someone asked to create a FarCoder account with this address, which has one already.\n\n\
         If it was you, sign in: {url}/login\nForgot your password? Choose a new one: {url}/reset\n\n\
         If it was not you, ignore this message: nothing changed.\n",
        url = cx.public_url
    );
    let mail = outbox::Outgoing {
        recipient: email,
        subject: "You already have a FarCoder account",
        body: &body,
        ..Default::default()
    };
    outbox::enqueue(cx.db, &mail, cx.now).await?;
    Ok(())
}

/// Refuses what an account may not do before its address is confirmed:
/// submit postings, invite, publish its company page.
pub fn confirmed(member: &users::MemberRow) -> Result<(), AppError> {
    match member.email_confirmed_at {
        Some(_) => Ok(()),
        None => Err(AppError::invalid("email", "Confirm your e-mail address first: open the link we sent you.")),
    }
}

/// Refuses unless `member` owns their company as of `tx`: read inside the
/// write it guards, so a hand-over or removal committed a moment earlier
/// counts (and on PostgreSQL, one coming after waits for this write).
pub async fn owner(tx: &mut Tx, member: &users::MemberRow) -> Result<(), AppError> {
    match users::role(&mut *tx, member.user_id, member.company_id).await? {
        Some(crate::model::Role::Owner) => Ok(()),
        _ => Err(AppError::Forbidden),
    }
}

/// Stores the company under its name's slug, or the slug with a number when
/// another company has it (also when two sign-ups race for it).
async fn insert_company(tx: &mut Tx, name: &CompanyName, now: Time) -> Result<i64, AppError> {
    let base = match slugify(name.as_str()) {
        s if s.is_empty() => "company".to_owned(),
        s => s,
    };
    for n in 1..1_000 {
        let company = companies::NewCompany {
            slug: if n == 1 { base.clone() } else { format!("{base}-{n}") },
            name: name.as_str().to_owned(),
            website: None,
            about: String::new(),
            verified_at: None,
            created_at: now,
        };
        if let Some(id) = companies::insert_if_free(&mut *tx, &company).await? {
            return Ok(id);
        }
    }
    Err(AppError::invalid("company_name", "Choose a more distinctive company name."))
}

/// Signs in; an unknown address and a wrong password get the same answer.
pub async fn login(cx: &Context<'_>, email: &str, password: &str) -> Result<NewSession, AppError> {
    let wrong = || AppError::invalid("password", "That e-mail address and password do not match an account.");
    rate_limit::check(cx.db, rate_limit::LOGIN_PER_IP, cx.client_ip, cx.now).await?;
    let Ok(email) = Email::parse(email) else { return Err(wrong()) };
    if password.chars().count() > Password::MAX_CHARS {
        return Err(wrong());
    }
    // Counted per account and address: a stranger's guesses use up their
    // own tries, never the owner's (whose address has its own count).
    let who = format!("{}|{}", email.as_str(), cx.client_ip);
    rate_limit::check(cx.db, rate_limit::LOGIN_PER_ACCOUNT, &who, cx.now).await?;
    let user = users::find_by_email(cx.db, email.as_str()).await?;
    let stored = user.as_ref().map_or(password::DECOY_HASH, |u| u.password_hash.as_str());
    let matches = password::verify(stored, password).await?;
    match user {
        Some(user) if matches && user.email_confirmed_at.is_none() => {
            // The password was right: a new link (a few an hour), and the reason.
            // (Earlier links keep working: any one of them proves the address.)
            if rate_limit::within(cx.db, rate_limit::ACCOUNT_MAILS_PER_ADDRESS, &user.email, cx.now).await? {
                send_link(cx, user.id, &user.email, CONFIRM, CONFIRM_LIFETIME).await?;
            }
            Err(AppError::invalid("email", "Confirm your e-mail address first: we sent a new link to it."))
        }
        Some(user) if matches => start_session(cx.db, user.id, cx.now).await,
        _ => Err(wrong()),
    }
}

/// Starts a session for `user_id`; inside the transaction of a change that
/// signs the user in, both hold or neither.
pub(super) async fn start_session(mut c: impl Conn, user_id: i64, now: Time) -> Result<NewSession, AppError> {
    let token = token::generate();
    sessions::insert(&mut c, &token::digest(&token), user_id, now, now + session::LIFETIME).await?;
    Ok(NewSession { token })
}

/// Ends the session `token` names.
pub async fn logout(db: &Db, token: &str) -> Result<(), AppError> {
    sessions::delete(db, &token::digest(token)).await?;
    Ok(())
}

/// The employer a session belongs to.
pub async fn member(db: &Db, token: Option<&str>, now: Time) -> Result<Option<users::MemberRow>, AppError> {
    let Some(token) = token else { return Ok(None) };
    let Some(user_id) = session::user_of(db, token, now).await? else { return Ok(None) };
    Ok(users::membership(db, user_id).await?)
}

/// The signed-in employer as pages show them, or 401.
pub async fn viewer(db: &Db, token: Option<&str>, now: Time) -> Result<Viewer, AppError> {
    let member = member(db, token, now).await?.ok_or(AppError::Unauthorized)?;
    Ok(as_viewer(member))
}

pub fn as_viewer(member: users::MemberRow) -> Viewer {
    Viewer {
        email: member.email,
        email_confirmed: member.email_confirmed_at.is_some(),
        company_name: member.company_name,
        company_slug: member.company_slug,
    }
}

/// Follows a confirmation link.
pub async fn confirm_email(db: &Db, token: &str, now: Time) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    let user_id =
        email_tokens::consume(&mut tx, &token::digest(token), CONFIRM, now).await?.ok_or_else(expired_link)?;
    users::confirm_email(&mut tx, user_id, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Sends a reset link when the address has an account; answers the same
/// either way, so the form does not reveal who has one.
pub async fn request_reset(cx: &Context<'_>, email: &str) -> Result<(), AppError> {
    let email = Email::parse(email).map_err(field)?;
    rate_limit::check(cx.db, rate_limit::RESET_PER_IP, cx.client_ip, cx.now).await?;
    rate_limit::check(cx.db, rate_limit::RESET_PER_ACCOUNT, email.as_str(), cx.now).await?;
    if let Some(user) = users::find_by_email(cx.db, email.as_str()).await? {
        // A new link ends the earlier ones, wherever they were forwarded.
        let mut tx = cx.db.begin_write().await?;
        email_tokens::revoke_all(&mut tx, user.id, RESET, cx.now).await?;
        queue_link(&mut tx, cx, user.id, email.as_str(), RESET, RESET_LIFETIME).await?;
        tx.commit().await?;
    }
    Ok(())
}

/// Sets a new password from a reset link (which then stops working), ends
/// every other session and signs in. Following the link also proves the
/// address.
pub async fn reset_password(cx: &Context<'_>, token: &str, new_password: &str) -> Result<NewSession, AppError> {
    let password = Password::parse(new_password).map_err(field)?;
    rate_limit::check(cx.db, rate_limit::PASSWORD_SET_PER_IP, cx.client_ip, cx.now).await?;
    let digest = token::digest(token);
    // The link first: a made-up one costs a look-up, never a hash.
    if !email_tokens::is_live(cx.db, &digest, RESET, cx.now).await? {
        return Err(expired_link());
    }
    let hash = password::hash(&password).await?;
    // The link is used up, the password set, the address confirmed and
    // every session ended, together.
    let mut tx = cx.db.begin_write().await?;
    let user_id = email_tokens::consume(&mut tx, &digest, RESET, cx.now).await?.ok_or_else(expired_link)?;
    users::set_password(&mut tx, user_id, &hash).await?;
    users::confirm_email(&mut tx, user_id, cx.now).await?;
    sessions::delete_all_of(&mut tx, user_id).await?;
    let signed_in = start_session(&mut tx, user_id, cx.now).await?;
    tx.commit().await?;
    Ok(signed_in)
}

fn expired_link() -> AppError {
    AppError::invalid("token", "This link has expired or was already used. Ask for a new one.")
}

/// Sends a new link of `purpose`: the link and its e-mail commit together.
async fn send_link(cx: &Context<'_>, user_id: i64, email: &str, purpose: &str, lifetime: Span) -> Result<(), AppError> {
    let mut tx = cx.db.begin_write().await?;
    queue_link(&mut tx, cx, user_id, email, purpose, lifetime).await?;
    tx.commit().await?;
    Ok(())
}

/// Stores a link of `purpose` for `user_id` and queues its e-mail, inside `tx`:
/// the link works only if its e-mail is queued, and the other way round.
async fn queue_link(
    tx: &mut Tx,
    cx: &Context<'_>,
    user_id: i64,
    email: &str,
    purpose: &str,
    lifetime: Span,
) -> Result<(), AppError> {
    let token = token::generate();
    let (subject, body) = match purpose {
        CONFIRM => (
            "Confirm your e-mail address for FarCoder",
            format!(
                "Welcome to FarCoder.\n\nConfirm your e-mail address by opening this link within 48 hours:\n\n{}/confirm?token={token}\n\nIf you did not sign up, ignore this message.\n",
                cx.public_url
            ),
        ),
        _ => (
            "Reset your FarCoder password",
            format!(
                "Someone asked to reset the password of your FarCoder account.\n\nChoose a new password within an hour here:\n\n{}/reset?token={token}\n\nIf it was not you, ignore this message: your password stays as it is.\n",
                cx.public_url
            ),
        ),
    };
    let digest = token::digest(&token);
    email_tokens::insert(&mut *tx, &digest, purpose, user_id, cx.now, cx.now + lifetime).await?;
    let mail = outbox::Outgoing { recipient: email, subject, body: &body, ..Default::default() };
    outbox::enqueue(&mut *tx, &mail, cx.now).await?;
    Ok(())
}
