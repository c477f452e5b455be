//! Passkeys (WebAuthn) for seekers, through `webauthn-rs`: a signed-in
//! seeker adds one, and on a later visit signs in with it and no code. The
//! passkeys are discoverable (the authenticator keeps the account's random
//! user handle), so signing in asks for nothing first. Each ceremony's
//! state waits in the database for five minutes, used once.

use webauthn_rs::prelude::{
    DiscoverableAuthentication, DiscoverableKey, Passkey, PasskeyRegistration, PublicKeyCredential,
    RegisterPublicKeyCredential, RequestChallengeResponse, Url, Uuid, Webauthn, WebauthnBuilder,
};

use crate::error::AppError;
use crate::model::{PasskeySummary, SavedJobs, Span};
use crate::server::auth::rate_limit::{self, Limit};
use crate::server::auth::token;
use crate::server::context::Context;
use crate::server::db::Db;
use crate::server::repo::{passkeys, seekers};

/// How long a ceremony may take.
const CEREMONY: Span = Span::minutes(5);
/// Ceremonies a client may begin or finish.
const CEREMONIES_PER_IP: Limit = Limit { action: "passkey-ip", max: 60, window: Span::minutes(15) };

/// The relying party for the site at `public_url`. A site on this machine
/// (a developer's, the tests') is `localhost` on any port: browsers take
/// no IP address as a relying party's id.
fn relying_party(public_url: &str) -> Result<Webauthn, AppError> {
    let url = Url::parse(public_url).map_err(|_| AppError::Internal)?;
    let host = url.host_str().unwrap_or_default();
    let local = matches!(host, "localhost" | "127.0.0.1" | "[::1]" | "::1");
    let (rp_id, origin) = if local {
        let origin = format!("{}://localhost{}", url.scheme(), url.port().map(|p| format!(":{p}")).unwrap_or_default());
        ("localhost".to_owned(), Url::parse(&origin).map_err(|_| AppError::Internal)?)
    } else {
        (host.to_owned(), url.clone())
    };
    let builder = WebauthnBuilder::new(&rp_id, &origin).map_err(|e| {
        tracing::error!(error = %e, "the site's address cannot be a WebAuthn relying party");
        AppError::Internal
    })?;
    builder.rp_name("FarCoder").allow_any_port(local).build().map_err(|_| AppError::Internal)
}

fn expired() -> AppError {
    AppError::invalid("passkey", "This took too long. Try again.")
}

fn unknown() -> AppError {
    AppError::invalid("passkey", "FarCoder does not know this passkey. Sign in with a code, then add it again.")
}

fn json_state(value: &impl serde::Serialize) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|_| AppError::Internal)
}

/// A ceremony begun: the browser sends `ceremony` back with its answer.
#[derive(Debug, serde::Serialize)]
pub struct Begun<T> {
    pub ceremony: String,
    pub options: T,
}

/// Begins adding a passkey to seeker `seeker_id`'s account.
pub async fn start_registration(cx: &Context<'_>, seeker_id: i64) -> Result<Begun<serde_json::Value>, AppError> {
    rate_limit::check(cx.db, CEREMONIES_PER_IP, cx.client_ip, cx.now).await?;
    let rp = relying_party(cx.public_url)?;
    let seeker = seekers::find(cx.db, seeker_id).await?.ok_or(AppError::Unauthorized)?;
    let handle = passkeys::user_handle(cx.db, seeker_id, &Uuid::new_v4().to_string()).await?;
    let handle = Uuid::parse_str(&handle).map_err(|_| AppError::Internal)?;
    let existing: Vec<_> = passkeys::of_seeker(cx.db, seeker_id)
        .await?
        .iter()
        .filter_map(|row| serde_json::from_str::<Passkey>(&row.passkey).ok())
        .map(|key| key.cred_id().clone())
        .collect();
    let shown = if seeker.name.is_empty() { seeker.email.clone() } else { seeker.name.clone() };
    let (options, state) =
        rp.start_passkey_registration(handle, &seeker.email, &shown, Some(existing)).map_err(|_| AppError::Internal)?;
    // Discoverable, so that signing in needs no address first (the library
    // leaves it to the authenticator, and does not check it).
    let mut options = serde_json::to_value(options).map_err(|_| AppError::Internal)?;
    if let Some(selection) = options.pointer_mut("/publicKey/authenticatorSelection").and_then(|v| v.as_object_mut()) {
        selection.insert("residentKey".to_owned(), "required".into());
        selection.insert("requireResidentKey".to_owned(), true.into());
    }
    let ceremony = token::generate();
    let state = json_state(&state)?;
    passkeys::begin(cx.db, &token::digest(&ceremony), Some(seeker_id), &state, cx.now, cx.now + CEREMONY).await?;
    Ok(Begun { ceremony, options })
}

/// Finishes adding a passkey with what the authenticator made.
pub async fn finish_registration(
    cx: &Context<'_>,
    seeker_id: i64,
    ceremony: &str,
    credential: &RegisterPublicKeyCredential,
) -> Result<(), AppError> {
    rate_limit::check(cx.db, CEREMONIES_PER_IP, cx.client_ip, cx.now).await?;
    let rp = relying_party(cx.public_url)?;
    let (owner, state) = passkeys::take(cx.db, &token::digest(ceremony), cx.now).await?.ok_or_else(expired)?;
    if owner != Some(seeker_id) {
        return Err(expired());
    }
    let state: PasskeyRegistration = serde_json::from_str(&state).map_err(|_| expired())?;
    let passkey = rp.finish_passkey_registration(credential, &state).map_err(|e| {
        tracing::info!(error = %e, "a passkey was refused");
        AppError::invalid("passkey", "This passkey could not be added. Try again.")
    })?;
    let credential_id = hex::encode(passkey.cred_id().as_ref());
    let seeker = seekers::find(cx.db, seeker_id).await?.ok_or(AppError::Unauthorized)?;
    // The passkey and the owner's notice commit together: a passkey added
    // with a borrowed session does not go unnoticed.
    let body = format!(
        "A passkey was added to your FarCoder account. It signs in without a code.\n\n\
         If it was not you, remove it on your profile: \
         {}/me/profile#passkeys\n",
        cx.public_url
    );
    let mail = crate::server::repo::outbox::Outgoing {
        recipient: &seeker.email,
        subject: "A passkey was added to your FarCoder account",
        body: &body,
        ..Default::default()
    };
    let mut tx = cx.db.begin_write().await?;
    if !passkeys::insert(&mut tx, seeker_id, &credential_id, &json_state(&passkey)?, cx.now).await? {
        return Err(AppError::invalid("passkey", "This passkey is on an account already."));
    }
    crate::server::repo::outbox::enqueue(&mut tx, &mail, cx.now).await?;
    tx.commit().await?;
    Ok(())
}

/// Begins a sign-in with a passkey.
pub async fn start_sign_in(cx: &Context<'_>) -> Result<Begun<RequestChallengeResponse>, AppError> {
    rate_limit::check(cx.db, CEREMONIES_PER_IP, cx.client_ip, cx.now).await?;
    let rp = relying_party(cx.public_url)?;
    let (mut options, state) = rp.start_discoverable_authentication().map_err(|_| AppError::Internal)?;
    // Asked for by a button, not offered in the address field's suggestions.
    options.mediation = None;
    let ceremony = token::generate();
    let state = json_state(&state)?;
    passkeys::begin(cx.db, &token::digest(&ceremony), None, &state, cx.now, cx.now + CEREMONY).await?;
    Ok(Begun { ceremony, options })
}

/// Finishes a sign-in with what the authenticator signed; the browser's
/// saved jobs merge into the account, as with a code.
pub async fn finish_sign_in(
    cx: &Context<'_>,
    ceremony: &str,
    credential: &PublicKeyCredential,
    saved: &SavedJobs,
) -> Result<super::SignedIn, AppError> {
    rate_limit::check(cx.db, CEREMONIES_PER_IP, cx.client_ip, cx.now).await?;
    let rp = relying_party(cx.public_url)?;
    let (owner, state) = passkeys::take(cx.db, &token::digest(ceremony), cx.now).await?.ok_or_else(expired)?;
    if owner.is_some() {
        return Err(expired());
    }
    let state: DiscoverableAuthentication = serde_json::from_str(&state).map_err(|_| expired())?;
    let (handle, credential_id) = rp.identify_discoverable_authentication(credential).map_err(|_| unknown())?;
    let credential_id = hex::encode(credential_id);
    let seeker_id = passkeys::seeker_of_handle(cx.db, &handle.to_string()).await?.ok_or_else(unknown)?;
    let row = passkeys::of_seeker(cx.db, seeker_id)
        .await?
        .into_iter()
        .find(|row| row.credential_id == credential_id)
        .ok_or_else(unknown)?;
    let mut passkey: Passkey = serde_json::from_str(&row.passkey).map_err(|_| AppError::Internal)?;
    let keys = [DiscoverableKey::from(&passkey)];
    let result = rp.finish_discoverable_authentication(credential, state, &keys).map_err(|e| {
        tracing::info!(error = %e, "a passkey sign-in was refused");
        unknown()
    })?;
    passkey.update_credential(&result);
    let seeker = seekers::find(cx.db, seeker_id).await?.ok_or_else(unknown)?;
    let mut tx = cx.db.begin_write().await?;
    passkeys::used(&mut tx, row.id, &json_state(&passkey)?, cx.now).await?;
    let signed_in = super::start(&mut tx, &seeker.email, saved, cx.now).await?;
    tx.commit().await?;
    Ok(signed_in)
}

/// The account's passkeys, as its page lists them.
pub async fn list(db: &Db, seeker_id: i64) -> Result<Vec<PasskeySummary>, AppError> {
    Ok(passkeys::of_seeker(db, seeker_id)
        .await?
        .into_iter()
        .map(|row| PasskeySummary {
            id: row.id,
            added: row.created_at.date(),
            last_used: row.last_used_at.map(|t| t.date()),
        })
        .collect())
}

/// Removes one of the account's passkeys.
pub async fn remove(db: &Db, seeker_id: i64, id: i64) -> Result<(), AppError> {
    if passkeys::delete(db, seeker_id, id).await? { Ok(()) } else { Err(AppError::NotFound) }
}
