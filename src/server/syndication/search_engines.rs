//! Telling search engines of postings at once, instead of waiting for a
//! crawler: IndexNow (Bing, Yandex, Seznam, Naver…) and, when the operator
//! gives a service account, Google's Indexing API.
//!
//! A round every few seconds compares each posting that was ever public
//! with what search engines were last told of it (`search_pings`): one
//! published, edited, closed, filled or past its end is claimed and its
//! notices queued in one transaction, so each change is told once however
//! many servers run. The notices are background jobs with the queue's
//! retries. IndexNow takes the round's addresses in one request and checks
//! the key file at `/{key}.txt`. Google takes one address a request,
//! `URL_UPDATED` or `URL_DELETED` as the posting stands when it is sent, with
//! a token bought with the service account's signed JWT; a ledger keeps the
//! requests of any 24 hours under the daily quota, and the rest wait.

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::model::{Span, Time};
use crate::server::db::{Db, DbError};
use crate::server::queue::{self, Job, JobError};
use crate::server::repo::search_pings as rows;
use crate::server::tasks::Next;

/// The OAuth scope the Indexing API asks for.
pub const GOOGLE_SCOPE: &str = "https://www.googleapis.com/auth/indexing";

/// Postings told of in one round at most; a full round runs again at once.
const BATCH: i64 = 500;

/// The key that proves to IndexNow the notices come from this site: 8 to
/// 128 letters, digits and dashes, served at `/{key}.txt`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexNowKey(String);

impl IndexNowKey {
    pub fn parse(raw: &str) -> Result<IndexNowKey, String> {
        let key = raw.trim();
        let fits = (8..=128).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !fits {
            return Err("FARCODER_INDEXNOW_KEY takes 8 to 128 letters, digits and dashes \
                        (e.g. `openssl rand -hex 16`)"
                .to_owned());
        }
        Ok(IndexNowKey(key.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Where the key file is served: at the site's root, so it vouches for
    /// every address of the site.
    pub fn file_path(&self) -> String {
        format!("/{}.txt", self.0)
    }
}

/// IndexNow as the operator set it.
#[derive(Clone, Debug)]
pub struct IndexNow {
    pub key: IndexNowKey,
    pub endpoint: String,
}

/// A Google service account, from the JSON key file Google hands out. The
/// private key never reaches a log.
#[derive(Clone)]
pub struct ServiceAccount {
    pub client_email: String,
    pub token_uri: String,
    key_id: Option<String>,
    key: jsonwebtoken::EncodingKey,
}

impl std::fmt::Debug for ServiceAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ServiceAccount({}, key hidden)", self.client_email)
    }
}

/// The fields of the key file that are read.
#[derive(Deserialize)]
struct KeyFile {
    client_email: String,
    private_key: String,
    private_key_id: Option<String>,
    token_uri: String,
}

/// The claims of the JWT a service account trades for a token.
#[derive(Debug, Serialize, Deserialize)]
pub struct Assertion {
    pub iss: String,
    pub scope: String,
    pub aud: String,
    pub iat: i64,
    pub exp: i64,
}

impl ServiceAccount {
    /// Reads a service account's JSON key file's text.
    pub fn parse(json: &str) -> Result<ServiceAccount, String> {
        let refused = |why: &str| format!("FARCODER_GOOGLE_INDEXING_KEY_FILE: {why}");
        let file: KeyFile = serde_json::from_str(json)
            .map_err(|_| refused("not a service account's JSON key file (client_email, private_key, token_uri)"))?;
        let key = jsonwebtoken::EncodingKey::from_rsa_pem(file.private_key.as_bytes())
            .map_err(|_| refused("its private_key is not an RSA key in PEM"))?;
        // The signed JWT goes there: over HTTPS, or to this machine.
        let local = ["http://127.0.0.1:", "http://127.0.0.1/", "http://localhost:", "http://localhost/"];
        if !file.token_uri.starts_with("https://") && !local.iter().any(|l| file.token_uri.starts_with(l)) {
            return Err(refused("its token_uri is not an https:// address"));
        }
        Ok(ServiceAccount {
            client_email: file.client_email,
            token_uri: file.token_uri,
            key_id: file.private_key_id,
            key,
        })
    }

    /// The signed JWT that asks for an Indexing API token at `now`, good
    /// for an hour.
    pub fn assertion(&self, now: Time) -> Result<String, String> {
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
        header.kid = self.key_id.clone();
        let claims = Assertion {
            iss: self.client_email.clone(),
            scope: GOOGLE_SCOPE.to_owned(),
            aud: self.token_uri.clone(),
            iat: now.unix(),
            exp: now.unix() + 3600,
        };
        jsonwebtoken::encode(&header, &claims, &self.key).map_err(|e| format!("the JWT was not signed: {e}"))
    }
}

/// Google's Indexing API as the operator set it.
#[derive(Clone, Debug)]
pub struct Google {
    pub account: ServiceAccount,
    pub endpoint: String,
    /// Requests in any 24 hours, at most.
    pub daily_quota: i64,
}

/// The search engines told of changes; none by default.
#[derive(Clone, Debug, Default)]
pub struct SearchEngines {
    pub indexnow: Option<IndexNow>,
    pub google: Option<Google>,
}

impl SearchEngines {
    pub fn any(&self) -> bool {
        self.indexnow.is_some() || self.google.is_some()
    }
}

/// What a round did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Told {
    /// Postings whose change was claimed here.
    pub postings: usize,
    /// Addresses queued (a posting whose address moved has two).
    pub urls: usize,
    /// Whether there may be more.
    pub full: bool,
}

/// Claims the postings that changed since search engines were last told
/// of them, at `now`, and queues their notices, both in one transaction.
pub async fn tell(db: &Db, engines: &SearchEngines, base: &str, now: Time) -> Result<Told, DbError> {
    let changed = rows::changed(db, now, BATCH).await?;
    let mut told = Told { full: changed.len() as i64 == BATCH, ..Told::default() };
    if changed.is_empty() {
        return Ok(told);
    }
    let mut tx = db.begin_write().await?;
    let mut pings = Vec::new();
    for row in &changed {
        let path = format!("/jobs/{}", crate::model::job_slug(&row.title, &row.company_slug, row.id));
        if !rows::claim(&mut tx, row, &path, now).await? {
            continue;
        }
        told.postings += 1;
        // A retitled posting's old address now redirects: it is told too.
        if let Some(old) = row.told_path.as_deref().filter(|old| *old != path) {
            pings.push(PingGoogle { url: format!("{base}{old}"), job_id: row.id });
        }
        pings.push(PingGoogle { url: format!("{base}{path}"), job_id: row.id });
    }
    told.urls = pings.len();
    if engines.indexnow.is_some() && !pings.is_empty() {
        let urls = pings.iter().map(|ping| ping.url.clone()).collect();
        queue::enqueue(&mut tx, &PingIndexNow { urls }, now, now).await?;
    }
    if engines.google.is_some() {
        for ping in &pings {
            queue::enqueue(&mut tx, ping, now, now).await?;
        }
    }
    tx.commit().await?;
    Ok(told)
}

/// The background round (`tasks`).
pub struct Teller {
    pub db: Db,
    pub engines: SearchEngines,
    pub base: String,
}

pub async fn round(task: &Teller) -> Next {
    let now = crate::server::now();
    match tell(&task.db, &task.engines, &task.base, now).await {
        Ok(told) => {
            if told.urls > 0 {
                tracing::info!(postings = told.postings, urls = told.urls, "search engines told");
            }
            if let Err(err) = rows::prune_google_sends(&task.db, now).await {
                tracing::warn!(error = %err, "the Indexing API ledger was not pruned");
            }
            if told.full { Next::Again } else { Next::Wait }
        }
        Err(err) => {
            tracing::warn!(error = %err, "search engines not told");
            Next::Wait
        }
    }
}

/// A client for the engines' APIs: operator-given addresses, so private
/// ones are allowed; no redirect is followed.
fn http_client() -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("FarCoder/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("the search engines' HTTP client: {e}"))
}

/// One IndexNow request: the addresses of one round.
#[derive(Debug, Serialize, Deserialize)]
pub struct PingIndexNow {
    pub urls: Vec<String>,
}

/// What IndexNow notices need: the key, and the site's host and key file.
pub struct IndexNowClient {
    http: reqwest::Client,
    endpoint: String,
    key: IndexNowKey,
    host: String,
    key_location: String,
}

impl IndexNowClient {
    pub fn new(indexnow: &IndexNow, base: &str) -> Result<IndexNowClient, String> {
        let host = url::Url::parse(base)
            .ok()
            .and_then(|url| url.host_str().map(str::to_owned))
            .ok_or_else(|| format!("IndexNow needs a public address with a host, not {base}"))?;
        Ok(IndexNowClient {
            http: http_client()?,
            endpoint: indexnow.endpoint.clone(),
            key: indexnow.key.clone(),
            host,
            key_location: format!("{base}{}", indexnow.key.file_path()),
        })
    }
}

impl Job for PingIndexNow {
    const KIND: &'static str = "indexnow";
    type Context = IndexNowClient;

    fn pause(_cx: &IndexNowClient, attempts: i64) -> Span {
        pause(attempts)
    }

    async fn run(self, cx: &IndexNowClient, _attempt: i64) -> Result<(), JobError> {
        let body = serde_json::json!({
            "host": cx.host,
            "key": cx.key.as_str(),
            "keyLocation": cx.key_location,
            "urlList": self.urls,
        });
        let sent = cx
            .http
            .post(&cx.endpoint)
            .header(reqwest::header::CONTENT_TYPE, "application/json; charset=utf-8")
            .body(body.to_string())
            .send()
            .await
            .map_err(|e| JobError::Retry(format!("IndexNow did not answer: {}", without_url(&e))))?;
        match sent.status().as_u16() {
            200..=299 => Ok(()),
            // The addresses are not the host's, or the request is malformed:
            // the same request fails the same way.
            400 | 422 => Err(JobError::GiveUp(format!("IndexNow refused the notice ({})", sent.status()))),
            // 403: the key file was not found (yet); 429: too many; 5xx.
            _ => Err(JobError::Retry(format!("IndexNow answered {}", sent.status()))),
        }
    }
}

/// One Indexing API request: an address, told as its posting stands.
#[derive(Debug, Serialize, Deserialize)]
pub struct PingGoogle {
    pub url: String,
    pub job_id: i64,
}

/// What Indexing API notices need: the account, its token while good, and
/// the ledger.
pub struct GoogleClient {
    db: Db,
    http: reqwest::Client,
    google: Google,
    /// Held while a token is bought, so notices sent together buy one.
    token: tokio::sync::Mutex<Option<(String, Instant)>>,
}

/// The token endpoint's answer.
#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    expires_in: Option<u64>,
}

impl GoogleClient {
    pub fn new(db: Db, google: Google) -> Result<GoogleClient, String> {
        Ok(GoogleClient { db, http: http_client()?, google, token: tokio::sync::Mutex::new(None) })
    }

    /// A token good for a minute more at least, bought anew when needed.
    async fn token(&self) -> Result<String, JobError> {
        let mut held = self.token.lock().await;
        if let Some((token, until)) = held.as_ref()
            && *until > Instant::now() + Duration::from_secs(60)
        {
            return Ok(token.clone());
        }
        let assertion = self.google.account.assertion(crate::server::now()).map_err(JobError::GiveUp)?;
        let form = form_urlencoded::Serializer::new(String::new())
            .append_pair("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
            .append_pair("assertion", &assertion)
            .finish();
        let answer = self
            .http
            .post(&self.google.account.token_uri)
            .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(form)
            .send()
            .await
            .map_err(|e| JobError::Retry(format!("Google's token endpoint did not answer: {}", without_url(&e))))?;
        let status = answer.status();
        if !status.is_success() {
            return Err(JobError::Retry(format!("Google's token endpoint answered {status}")));
        }
        let text = answer.text().await.map_err(|e| JobError::Retry(without_url(&e)))?;
        let token: TokenAnswer = serde_json::from_str(&text)
            .map_err(|_| JobError::Retry("Google's token endpoint answered without a token".to_owned()))?;
        let until = Instant::now()
            + Duration::from_secs(token.expires_in.unwrap_or(3600).min(crate::model::DAY.as_secs().unsigned_abs()));
        *held = Some((token.access_token.clone(), until));
        Ok(token.access_token)
    }

    async fn forget_token(&self) {
        *self.token.lock().await = None;
    }
}

impl Job for PingGoogle {
    const KIND: &'static str = "google-indexing";
    type Context = GoogleClient;

    /// One waiting notice an address: it is sent as the posting stands then.
    fn key(&self) -> Option<String> {
        Some(self.url.clone())
    }

    fn pause(_cx: &GoogleClient, attempts: i64) -> Span {
        pause(attempts)
    }

    async fn run(self, cx: &GoogleClient, _attempt: i64) -> Result<(), JobError> {
        let now = crate::server::now();
        // A posting on the board (at this address or, retitled, redirected
        // from it) is updated; one closed, filled, expired or gone, deleted.
        let live = rows::is_live(&cx.db, self.job_id, now).await?.unwrap_or(false);
        let kind = if live { "URL_UPDATED" } else { "URL_DELETED" };
        // A token first: a try that cannot get one spends no quota.
        let token = cx.token().await?;
        let mut tx = cx.db.begin_write().await?;
        if let Some(until) = rows::take_google_quota(&mut tx, cx.google.daily_quota, now).await? {
            // Spread over the next hours, so the notices waiting do not all
            // wake for the first request the window frees.
            let spread = Span::seconds(self.job_id.rem_euclid(6 * 3600));
            return Err(JobError::Later {
                until: until + spread,
                why: "the Indexing API's daily quota is used up".to_owned(),
            });
        }
        tx.commit().await?;
        let body = serde_json::json!({ "url": self.url, "type": kind });
        let sent = cx
            .http
            .post(&cx.google.endpoint)
            .bearer_auth(token)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.to_string())
            .send()
            .await
            .map_err(|e| JobError::Retry(format!("the Indexing API did not answer: {}", without_url(&e))))?;
        match sent.status().as_u16() {
            200..=299 => Ok(()),
            401 => {
                cx.forget_token().await;
                Err(JobError::Retry("the Indexing API refused the token".to_owned()))
            }
            // Not the account's site (403), or not an address it takes.
            400 | 403 | 404 => {
                Err(JobError::GiveUp(format!("the Indexing API refused the notice ({})", sent.status())))
            }
            _ => Err(JobError::Retry(format!("the Indexing API answered {}", sent.status()))),
        }
    }
}

/// A request's error without the address it went to.
fn without_url(err: &reqwest::Error) -> String {
    let kind = if err.is_timeout() {
        "timed out"
    } else if err.is_connect() {
        "no connection"
    } else {
        "failed"
    };
    kind.to_owned()
}

/// How long a notice that failed waits: the queue's pauses, at most an hour
/// (a search engine that was down is told soon after).
fn pause(attempts: i64) -> Span {
    let pause = queue::pause(attempts);
    if pause.as_secs() > 3600 { Span::seconds(3600) } else { pause }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_indexnow_key_is_letters_digits_and_dashes() {
        assert_eq!(IndexNowKey::parse(" 0123abcd-EF ").expect("key").file_path(), "/0123abcd-EF.txt");
        for bad in ["short", "has space in it", "slash/../../etc", &"a".repeat(129), "dots.in.key"] {
            assert!(IndexNowKey::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_service_account_needs_an_rsa_key_and_a_token_address() {
        assert!(ServiceAccount::parse("{}").is_err());
        let no_key = r#"{"client_email":"a@b","private_key":"nope","token_uri":"https://oauth2.googleapis.com/token"}"#;
        let err = ServiceAccount::parse(no_key).expect_err("no key");
        assert!(err.contains("private_key") && !err.contains("nope"), "{err}");
    }
}
