//! The operator's webhooks: every newly published posting goes to each one,
//! as a Slack or Discord incoming-webhook message or as plain JSON. A
//! posting is announced once (claimed in the database, its deliveries
//! queued as jobs in the same transaction); each delivery is retried by the
//! queue with growing pauses until the receiver answers 2xx or
//! `MAX_ATTEMPTS` run out. Webhook
//! addresses are secrets (they post to a channel): they never reach a log,
//! and a delivery waiting in the database names its webhook by a key, not by
//! its address. JSON deliveries are signed as Standard Webhooks sign them
//! (`webhook-id`, `webhook-timestamp`, `webhook-signature`).

use std::time::Duration;

use serde_json::json;

use crate::error::AppError;
use crate::model::{DAY, JobCard, Span, Time};
use crate::server::db::Db;
use crate::server::queue::{self, JobError};
use crate::server::repo::{jobs, webhooks};

/// A receiver's format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HookKind {
    Slack,
    Discord,
    Json,
}

impl HookKind {
    pub fn slug(self) -> &'static str {
        match self {
            HookKind::Slack => "slack",
            HookKind::Discord => "discord",
            HookKind::Json => "json",
        }
    }

    fn from_slug(slug: &str) -> Option<HookKind> {
        [HookKind::Slack, HookKind::Discord, HookKind::Json].into_iter().find(|k| k.slug() == slug)
    }
}

/// One webhook the operator set.
#[derive(Clone, PartialEq, Eq)]
pub struct Webhook {
    pub kind: HookKind,
    pub url: String,
}

/// Its kind only: the address is a secret.
impl std::fmt::Debug for Webhook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Webhook({}, hidden)", self.kind.slug())
    }
}

/// The key JSON deliveries are signed with (`FARCODER_WEBHOOK_SECRET`, in
/// Standard Webhooks' form `whsec_` and base64).
#[derive(Clone)]
pub struct SigningKey(Vec<u8>);

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKey(hidden)")
    }
}

impl SigningKey {
    /// Fewest bytes of key.
    const MIN_BYTES: usize = 24;

    pub fn parse(raw: &str) -> Result<SigningKey, String> {
        use base64::Engine as _;
        let refused = || {
            format!(
                "FARCODER_WEBHOOK_SECRET takes whsec_ followed by the base64 of at least {} random bytes \
                 (e.g. `echo whsec_$(openssl rand -base64 32)`)",
                SigningKey::MIN_BYTES
            )
        };
        let encoded = raw.trim().strip_prefix("whsec_").ok_or_else(refused)?;
        let key = base64::engine::general_purpose::STANDARD.decode(encoded).map_err(|_| refused())?;
        if key.len() < SigningKey::MIN_BYTES {
            return Err(refused());
        }
        Ok(SigningKey(key))
    }

    /// `webhook-signature` for message `id` sent at `timestamp` with `body`.
    pub fn sign(&self, id: &str, timestamp: i64, body: &str) -> String {
        use base64::Engine as _;
        use hmac::Mac as _;
        let Ok(mut mac) = hmac::Hmac::<sha2::Sha256>::new_from_slice(&self.0) else { return String::new() };
        mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
        format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()))
    }
}

impl Webhook {
    /// How a delivery names this webhook: a digest of its kind and address,
    /// which says nothing of the address.
    pub fn key(&self) -> String {
        use sha2::Digest as _;
        let digest = sha2::Sha256::digest(format!("{}={}", self.kind.slug(), self.url).as_bytes());
        hex::encode(&digest[..12])
    }

    /// `FARCODER_WEBHOOKS`: `kind=url` pairs, separated by spaces or commas
    /// (`slack=https://hooks.slack.com/…, json=https://example.com/hook`).
    pub fn parse_list(raw: &str) -> Result<Vec<Webhook>, String> {
        let mut hooks = Vec::new();
        for item in raw.split([',', ' ', '\n']).map(str::trim).filter(|s| !s.is_empty()) {
            let (kind, url) = item
                .split_once('=')
                .ok_or_else(|| "FARCODER_WEBHOOKS takes kind=url pairs (slack, discord or json)".to_owned())?;
            // Not echoed: a mistyped entry may be an address, which is a secret.
            let kind = HookKind::from_slug(kind.trim())
                .ok_or_else(|| "FARCODER_WEBHOOKS: each entry starts with slack=, discord= or json=".to_owned())?;
            let url = url.trim();
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(format!("FARCODER_WEBHOOKS: the {} webhook needs an http(s) address", kind.slug()));
            }
            hooks.push(Webhook { kind, url: url.to_owned() });
        }
        Ok(hooks)
    }
}

/// What one webhook receives about `card` (whose page is under `base`).
pub fn payload(kind: HookKind, card: &JobCard, base: &str) -> String {
    let url = format!("{base}{}", card.path());
    let line = format!("{} · {} · {}", card.salary.display(), card.where_label(), card.level.label());
    let body = match kind {
        HookKind::Slack => {
            // Slack's link syntax: these three characters must be escaped.
            let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
            json!({ "text": format!("New remote job: <{url}|{}> at {}\n{}", esc(&card.title), esc(&card.company_name), esc(&line)) })
        }
        HookKind::Discord => json!({
            "content": format!("New remote job: **{}** at {}\n{line}\n{url}", card.title, card.company_name),
            // A title saying @everyone pings nobody.
            "allowed_mentions": { "parse": [] },
        }),
        HookKind::Json => json!({
            "event": "job.published",
            "job": {
                "id": card.id,
                "url": url,
                "title": card.title,
                "company": { "name": card.company_name, "slug": card.company_slug, "verified": card.company_verified },
                "category": card.category.slug(),
                "level": card.level.slug(),
                "employment_type": card.job_type.slug(),
                "stacks": card.stacks.iter().map(|s| s.slug()).collect::<Vec<_>>(),
                "locations": card.locations.iter().map(|l| l.slug()).collect::<Vec<_>>(),
                "salary": card.salary.display(),
                "published_at": card.published_at.rfc3339(),
            },
        }),
    };
    body.to_string()
}

/// Postings published longer ago than this are never announced (a server
/// that was off for a while does not flood the channels).
const ANNOUNCE_WITHIN: Span = DAY;
/// Tries per delivery; the pauses between are the queue's.
pub const MAX_ATTEMPTS: i64 = 8;

/// Queues a delivery to every hook for each posting published since the
/// last round, in the transaction that marks it announced; how many
/// postings.
pub async fn announce(db: &Db, hooks: &[Webhook], base: &str, now: Time) -> Result<usize, AppError> {
    webhooks::skip_older(db, now - ANNOUNCE_WITHIN, now).await?;
    let mut announced = 0;
    for id in webhooks::unannounced(db, now - ANNOUNCE_WITHIN, 100).await? {
        let Some(card) = jobs::cards_by_id(db, &[id], now).await?.pop() else { continue };
        let mut tx = db.begin_write().await?;
        if !webhooks::claim(&mut tx, id, now).await? {
            continue;
        }
        for hook in hooks {
            let delivery = DeliverWebhook { job_id: id, hook: hook.key(), payload: payload(hook.kind, &card, base) };
            queue::enqueue(&mut tx, &delivery, now, now).await?;
        }
        tx.commit().await?;
        announced += 1;
    }
    Ok(announced)
}

/// One posting's announcement to one webhook, named by its key (the
/// address is a secret, kept in the settings only).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct DeliverWebhook {
    pub job_id: i64,
    pub hook: String,
    pub payload: String,
}

/// Where deliveries go: the configured webhooks, the key JSON ones are
/// signed with, and the client that posts.
pub struct Receivers {
    pub hooks: Vec<Webhook>,
    pub signing: Option<SigningKey>,
    pub client: reqwest::Client,
}

impl Receivers {
    pub fn new(hooks: Vec<Webhook>, signing: Option<SigningKey>) -> Result<Receivers, String> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent("FarCoder webhooks")
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Receivers { hooks, signing, client })
    }
}

impl queue::Job for DeliverWebhook {
    const KIND: &'static str = "deliver-webhook";
    const MAX_ATTEMPTS: i64 = MAX_ATTEMPTS;
    type Context = Receivers;

    async fn run(self, to: &Receivers, attempt: i64) -> Result<(), JobError> {
        let Some(hook) = to.hooks.iter().find(|hook| hook.key() == self.hook) else {
            // The operator took the webhook out of the settings.
            return Err(JobError::GiveUp("that webhook is no longer configured".to_owned()));
        };
        let mut request = to
            .client
            .post(&hook.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(self.payload.clone());
        if let (HookKind::Json, Some(key)) = (hook.kind, to.signing.as_ref()) {
            // The same on every try: a receiver can tell a retry from news.
            let id = format!("msg_{}_{}", self.job_id, self.hook);
            let at = crate::server::now().unix();
            let signature = key.sign(&id, at, &self.payload);
            request = request
                .header("webhook-id", id)
                .header("webhook-timestamp", at.to_string())
                .header("webhook-signature", signature);
        }
        let error = match request.send().await {
            Ok(response) if response.status().is_success() => return Ok(()),
            Ok(response) => format!("answered {}", response.status().as_u16()),
            // Without the address: it is a secret.
            Err(err) => err.without_url().to_string(),
        };
        tracing::warn!(job = self.job_id, kind = hook.kind.slug(), attempt, %error, "webhook delivery failed");
        Err(JobError::Retry(error))
    }
}

/// The periodic task: announce what was published; the queue delivers.
pub struct Announcer {
    pub db: Db,
    pub hooks: Vec<Webhook>,
    pub base: String,
}

pub async fn round(task: &Announcer) -> crate::server::tasks::Next {
    if let Err(e) = announce(&task.db, &task.hooks, &task.base, crate::server::now()).await {
        tracing::warn!(error = %e, "announcing new postings failed");
    }
    crate::server::tasks::Next::Wait
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_setting_lists_kinds_and_addresses_and_hides_them() {
        let hooks = Webhook::parse_list("slack=https://hooks.slack.com/T/B/x, json=http://127.0.0.1:9/h").unwrap();
        assert_eq!(hooks.iter().map(|h| h.kind).collect::<Vec<_>>(), [HookKind::Slack, HookKind::Json]);
        assert!(!format!("{hooks:?}").contains("hooks.slack.com"));
        assert!(Webhook::parse_list("teams=https://x.example").is_err());
        assert!(Webhook::parse_list("slack=ftp://x.example").is_err());
        assert!(Webhook::parse_list("").unwrap().is_empty());
        assert!(!hooks[0].key().contains("slack") && hooks[0].key() != hooks[1].key());
    }

    #[test]
    fn a_signing_key_is_whsec_and_enough_bytes_and_never_printed() {
        assert!(SigningKey::parse("whsec_c2hvcnQ=").is_err(), "too short");
        assert!(SigningKey::parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").is_err(), "no prefix");
        // Standard Webhooks' published example.
        let key = SigningKey::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").expect("key");
        assert_eq!(
            key.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, r#"{"test": 2432232314}"#),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
        assert!(!format!("{key:?}").contains("MfKQ"));
    }
}
