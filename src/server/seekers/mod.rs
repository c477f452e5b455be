//! Seekers' accounts, without a password: a six-digit code sent by e-mail
//! signs in the browser that asked for it, and the e-mail's link opens a
//! page with a button (a mail scanner that opens every link signs no one
//! in). The profile (`profile`), the tracker (`tracker`) and the seeker's
//! data, to download or erase (`data`), sit beside it.

pub mod data;
pub mod passkeys;
pub mod profile;
pub mod tracker;

use crate::error::AppError;
use crate::model::{Email, SavedJobs, Time, code_digits};
use crate::server::auth::rate_limit::{self, Limit};
use crate::server::auth::{seeker_session, token};
use crate::server::context::Context;
use crate::server::db::{Conn, Db};
use crate::server::repo::{outbox, seekers};

pub(crate) const SIGN_IN: &str = "signin";
pub(crate) const ERASE: &str = "erase";
/// Wrong tries a code takes before it ends.
const MAX_TRIES: i64 = 5;

/// Codes a stranger can have sent: per address (counted by a digest, so the
/// counts hold no address), and per client.
const CODES_PER_ADDRESS: Limit = Limit { action: "seeker-code-address", max: 5, window: crate::model::HOUR };
/// And per address a day: with five tries a code, a stranger guessing at
/// someone's account gets at most 60 guesses in a million a day.
const CODES_PER_ADDRESS_DAY: Limit = Limit { action: "seeker-code-address-day", max: 12, window: crate::model::DAY };
const CODES_PER_IP: Limit = Limit { action: "seeker-code-ip", max: 20, window: crate::model::HOUR };
/// Codes typed, right or wrong, per client.
const TRIES_PER_IP: Limit = Limit { action: "seeker-try-ip", max: 30, window: crate::model::Span::minutes(15) };

/// A sign-in begun: the browser keeps `browser` in its sign-in cookie.
#[derive(Debug)]
pub struct CodeSent {
    pub browser: String,
}

/// A session just started, and the saved jobs the account now holds (what
/// the browser had saved merged in).
#[derive(Debug)]
pub struct SignedIn {
    pub token: String,
    pub saved: SavedJobs,
}

fn wrong_code() -> AppError {
    AppError::invalid("code", "That code is not right. Check the e-mail we sent and try again.")
}

fn expired() -> AppError {
    AppError::invalid("code", "This code has expired or was already used. Ask for a new one.")
}

/// The account a seeker's session belongs to.
pub async fn current(db: &Db, token: Option<&str>, now: Time) -> Result<Option<i64>, AppError> {
    let Some(token) = token else { return Ok(None) };
    let digest = token::digest(token);
    Ok(seekers::seeker_of(db, &digest, now, seeker_session::IDLE, seeker_session::TOUCH).await?)
}

/// Sends a code of `purpose` to `email`, bound to a new sign-in in this
/// browser. The same whether or not the address has an account. A code a
/// stranger can cause counts against the address's limits; one the signed-in
/// owner asks for (`by_owner`, to erase) only against the client's.
pub async fn send_code(
    cx: &Context<'_>,
    email: &str,
    purpose: &'static str,
    by_owner: bool,
) -> Result<CodeSent, AppError> {
    let email = Email::parse(email).map_err(crate::server::accounts::field)?;
    rate_limit::check(cx.db, CODES_PER_IP, cx.client_ip, cx.now).await?;
    if !by_owner {
        // Counted under a keyed digest: the counts name no address.
        let address = cx.secret.digest("seeker-address", &[email.as_str()]);
        rate_limit::check(cx.db, CODES_PER_ADDRESS, &address, cx.now).await?;
        rate_limit::check(cx.db, CODES_PER_ADDRESS_DAY, &address, cx.now).await?;
    }
    let code = six_digits();
    let (link, browser) = (token::generate(), token::generate());
    let code_hash = cx.secret.digest("seeker-code", &[email.as_str(), &code]);
    let row = seekers::NewCode {
        email: email.as_str(),
        purpose,
        code_hash: &code_hash,
        link_hash: &token::digest(&link),
        browser_hash: &token::digest(&browser),
        expires_at: cx.now + seeker_session::SIGN_IN_LIFETIME,
    };
    let spaced = format!("{} {}", &code[..3], &code[3..]);
    let (subject, body) = match purpose {
        ERASE => (
            "Your code to delete your FarCoder account".to_owned(),
            format!(
                "Someone signed in to your FarCoder account asked to delete it, with everything in it.\n\n\
                 The code to confirm is: {spaced}\n\nIt works for 15 minutes, in the browser that asked. \
                 If it was not you, ignore this message: nothing is deleted without the code.\n"
            ),
        ),
        _ => (
            "Your FarCoder sign-in code".to_owned(),
            format!(
                "Your code to sign in to FarCoder is: {spaced}\n\nIt works for 15 minutes, in the browser that asked.\n\n\
                 Or open this link and press the button on the page it opens:\n{url}/me/link?token={link}\n\n\
                 If you did not ask, ignore this message: no one can sign in without the code.\n",
                url = cx.public_url
            ),
        ),
    };
    // The code and its e-mail commit together.
    let mut tx = cx.db.begin_write().await?;
    seekers::insert_code(&mut tx, &row, cx.now).await?;
    let mail = outbox::Outgoing { recipient: email.as_str(), subject: &subject, body: &body, ..Default::default() };
    outbox::enqueue(&mut tx, &mail, cx.now).await?;
    tx.commit().await?;
    Ok(CodeSent { browser })
}

/// A random code of six digits.
fn six_digits() -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    // 2^32 is not a multiple of a million; drawing again past the last whole
    // million keeps every code equally likely.
    loop {
        let n = OsRng.next_u32();
        if n < 4_294_000_000 {
            return format!("{:06}", n % 1_000_000);
        }
    }
}

/// The address the sign-in `browser` is waiting on a code of `purpose` for.
pub async fn pending(db: &Db, browser: Option<&str>, purpose: &str, now: Time) -> Result<Option<String>, AppError> {
    let Some(browser) = browser else { return Ok(None) };
    Ok(seekers::live_code(db, &token::digest(browser), purpose, now).await?.map(|(_, email, _)| email))
}

/// Checks `code` against the one the sign-in `browser` is waiting on; uses
/// it up when right, counts a try when wrong. The code's address.
pub(crate) async fn check_code(
    cx: &Context<'_>,
    browser: Option<&str>,
    code: &str,
    purpose: &str,
) -> Result<(i64, String), AppError> {
    rate_limit::check(cx.db, TRIES_PER_IP, cx.client_ip, cx.now).await?;
    let browser = browser.ok_or_else(expired)?;
    let (id, email, hash) =
        seekers::live_code(cx.db, &token::digest(browser), purpose, cx.now).await?.ok_or_else(expired)?;
    let Some(code) = code_digits(code) else {
        return Err(AppError::invalid("code", "Type the six digits from the e-mail."));
    };
    // The try is counted before the code is checked: requests racing each
    // other get no more than `MAX_TRIES` checks between them.
    if !seekers::claim_try(cx.db, id, MAX_TRIES).await? {
        return Err(expired());
    }
    if !cx.secret.verifies("seeker-code", &[&email, &code], &hash) {
        return Err(wrong_code());
    }
    Ok((id, email))
}

/// Signs in with the code the e-mail gave: the account is made on its
/// first sign-in, and `saved` (the browser's saved jobs) merges into it.
pub async fn sign_in_with_code(
    cx: &Context<'_>,
    browser: Option<&str>,
    code: &str,
    saved: &SavedJobs,
) -> Result<SignedIn, AppError> {
    let (id, email) = check_code(cx, browser, code, SIGN_IN).await?;
    let mut tx = cx.db.begin_write().await?;
    if !seekers::use_code(&mut tx, id, cx.now).await? {
        return Err(expired());
    }
    let signed_in = start(&mut tx, &email, saved, cx.now).await?;
    tx.commit().await?;
    Ok(signed_in)
}

/// The address a sign-in link is for, while it works (the page it opens
/// names it on the button).
pub async fn link_email(db: &Db, link: &str, now: Time) -> Result<Option<String>, AppError> {
    Ok(seekers::link_email(db, &token::digest(link), SIGN_IN, now).await?)
}

/// Signs in by the e-mail's link, from the button on the page it opens (in
/// any browser: the page names the account). The browser's saved jobs
/// join the account only in the browser that asked for the link, so a
/// link someone else sent merges nothing of yours into their account.
pub async fn sign_in_with_link(
    cx: &Context<'_>,
    link: &str,
    browser: Option<&str>,
    saved: &SavedJobs,
) -> Result<SignedIn, AppError> {
    rate_limit::check(cx.db, TRIES_PER_IP, cx.client_ip, cx.now).await?;
    let expired_link = || AppError::invalid("link", "This link has expired or was already used. Ask for a new code.");
    let mut tx = cx.db.begin_write().await?;
    let (email, asked_by) =
        seekers::use_link(&mut tx, &token::digest(link), SIGN_IN, cx.now).await?.ok_or_else(expired_link)?;
    let same_browser = browser.is_some_and(|b| crate::server::auth::secret::same(&asked_by, &token::digest(b)));
    let none = SavedJobs::default();
    let signed_in = start(&mut tx, &email, if same_browser { saved } else { &none }, cx.now).await?;
    tx.commit().await?;
    Ok(signed_in)
}

/// The account of `email` (made now if new), a session for it, and the
/// browser's saved jobs merged into its list.
async fn start(mut c: impl Conn, email: &str, saved: &SavedJobs, now: Time) -> Result<SignedIn, AppError> {
    let seeker_id = seekers::find_or_insert(&mut c, email, now).await?;
    // The browser's list keeps its order, the newest first, saved now.
    for (i, job_id) in saved.0.iter().rev().enumerate() {
        seekers::save(&mut c, seeker_id, *job_id, now - crate::model::Span::seconds(saved.0.len() as i64 - i as i64))
            .await?;
    }
    let token = token::generate();
    let expires = now + seeker_session::LIFETIME;
    seekers::insert_session(&mut c, &token::digest(&token), seeker_id, now, expires).await?;
    let merged = seekers::saved(&mut c, seeker_id).await?;
    Ok(SignedIn { token, saved: SavedJobs::parse(&SavedJobs(merged).value()) })
}

/// The account's address.
pub async fn email_of(db: &Db, seeker_id: i64) -> Result<Option<String>, AppError> {
    Ok(seekers::find(db, seeker_id).await?.map(|seeker| seeker.email))
}

/// Ends the session `token` names.
pub async fn sign_out(db: &Db, token: &str) -> Result<(), AppError> {
    seekers::delete_session(db, &token::digest(token)).await?;
    Ok(())
}

/// Keeps the account's saved list in step with a Save or Remove pressed
/// while signed in.
pub async fn note_saved(db: &Db, seeker_id: i64, job_id: i64, saved: bool, now: Time) -> Result<(), AppError> {
    if saved {
        seekers::save(db, seeker_id, job_id, now).await?;
    } else {
        seekers::unsave(db, seeker_id, job_id).await?;
    }
    Ok(())
}

/// The account's saved jobs.
pub async fn saved(db: &Db, seeker_id: i64) -> Result<SavedJobs, AppError> {
    let ids = seekers::saved(db, seeker_id).await?;
    Ok(SavedJobs::parse(&SavedJobs(ids).value()))
}
