//! Search engines told of changes at once: IndexNow and Google's Indexing
//! API, each tried against a receiving server of the test's own that checks
//! what a real one checks (the key and its file's place; the JWT's RS256
//! signature, issuer, audience and scope, and the bearer token).

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use farcoder::model::{DAY, PostingStatus};
use farcoder::server::now;
use farcoder::server::queue::{Ran, Runner};
use farcoder::server::repo::jobs::{Move, transition};
use farcoder::server::syndication::search_engines::{
    Assertion, GOOGLE_SCOPE, Google, GoogleClient, IndexNow, IndexNowKey, PingGoogle, SearchEngines, ServiceAccount,
    tell,
};

use crate::harness::{JobSpec, TestApp};

/// The test service account's key file and its public key.
const ACCOUNT: &str = include_str!("fixtures/google-test-account.json");
const PUBLIC_KEY: &str = include_str!("fixtures/google-test-account.pub.pem");
/// A public key of no account's.
const UNRELATED_KEY: &str = include_str!("fixtures/unrelated.pub.pem");
const INDEXNOW_KEY: &str = "f4c0de5ea2c4b1e0a9d8";

/// What the receiver got, and how it should answer.
#[derive(Default)]
struct Seen {
    indexnow: Vec<serde_json::Value>,
    /// Each token request's verified claims.
    tokens: Vec<Assertion>,
    /// Each Indexing API notice: its body and bearer token.
    notices: Vec<(serde_json::Value, String)>,
    /// Answer the next notice with 500.
    fail_next: bool,
}

#[derive(Clone)]
struct Receiver {
    seen: Arc<Mutex<Seen>>,
    token_uri: String,
    /// The key the account's JWTs must be signed with.
    public_key: &'static str,
}

async fn indexnow(State(r): State<Receiver>, body: String) -> StatusCode {
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&body) else { return StatusCode::BAD_REQUEST };
    r.seen.lock().expect("lock").indexnow.push(json);
    StatusCode::ACCEPTED
}

/// Google's token endpoint: a JWT bearer grant whose assertion is signed by
/// the account's key, for the Indexing API's scope, addressed here.
async fn token(State(r): State<Receiver>, body: String) -> (StatusCode, String) {
    let form: std::collections::HashMap<String, String> =
        form_urlencoded::parse(body.as_bytes()).into_owned().collect();
    if form.get("grant_type").map(String::as_str) != Some("urn:ietf:params:oauth:grant-type:jwt-bearer") {
        return (StatusCode::BAD_REQUEST, "unsupported_grant_type".to_owned());
    }
    let key = jsonwebtoken::DecodingKey::from_rsa_pem(r.public_key.as_bytes()).expect("public key");
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    validation.set_audience(&[r.token_uri.as_str()]);
    validation.set_issuer(&["indexing@farcoder-tests.iam.gserviceaccount.com"]);
    let Some(assertion) = form.get("assertion") else { return (StatusCode::BAD_REQUEST, "no assertion".to_owned()) };
    let header = jsonwebtoken::decode_header(assertion).expect("header");
    assert_eq!(header.kid.as_deref(), Some("test-key-1"), "the key's id is named");
    match jsonwebtoken::decode::<Assertion>(assertion, &key, &validation) {
        Ok(data) if data.claims.scope == GOOGLE_SCOPE && data.claims.exp - data.claims.iat <= 3600 => {
            r.seen.lock().expect("lock").tokens.push(data.claims);
            (StatusCode::OK, r#"{"access_token":"ya29.test-token","expires_in":3599,"token_type":"Bearer"}"#.to_owned())
        }
        _ => (StatusCode::BAD_REQUEST, r#"{"error":"invalid_grant"}"#.to_owned()),
    }
}

async fn publish(State(r): State<Receiver>, headers: HeaderMap, body: String) -> StatusCode {
    let bearer = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    if bearer != "Bearer ya29.test-token" {
        return StatusCode::UNAUTHORIZED;
    }
    let mut seen = r.seen.lock().expect("lock");
    if std::mem::take(&mut seen.fail_next) {
        return StatusCode::INTERNAL_SERVER_ERROR;
    }
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&body) else { return StatusCode::BAD_REQUEST };
    seen.notices.push((json, bearer));
    StatusCode::OK
}

/// A receiver on a free port, taking the test account's JWTs: its base
/// address and what it saw.
async fn receiver() -> (String, Arc<Mutex<Seen>>) {
    receiver_checking(PUBLIC_KEY).await
}

async fn receiver_checking(public_key: &'static str) -> (String, Arc<Mutex<Seen>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let seen = Arc::new(Mutex::new(Seen::default()));
    let state = Receiver { seen: seen.clone(), token_uri: format!("{base}/token"), public_key };
    let app = Router::new()
        .route("/indexnow", post(indexnow))
        .route("/token", post(token))
        .route("/publish", post(publish))
        .with_state(state);
    tokio::spawn(async move { axum::serve(listener, app).await });
    (base, seen)
}

fn indexnow_at(base: &str) -> IndexNow {
    IndexNow { key: IndexNowKey::parse(INDEXNOW_KEY).expect("key"), endpoint: format!("{base}/indexnow") }
}

fn google_at(base: &str, daily_quota: i64) -> Google {
    let mut file: serde_json::Value = serde_json::from_str(ACCOUNT).expect("key file");
    file["token_uri"] = format!("{base}/token").into();
    Google {
        account: ServiceAccount::parse(&file.to_string()).expect("account"),
        endpoint: format!("{base}/publish"),
        daily_quota,
    }
}

/// The ledger's requests and the queue's waits move a day (and the hours
/// waiting notices are spread over) into the past.
async fn a_day_passes(app: &TestApp) {
    let day = DAY.as_secs() + 7 * 3600;
    for sql in [
        format!("UPDATE google_indexing_sends SET sent_at = sent_at - {day}"),
        format!("UPDATE background_jobs SET run_at = run_at - {day}"),
    ] {
        sqlx::query(&sql).execute(&app.db.pool).await.expect("a day passes");
    }
}

async fn close(app: &TestApp, id: i64) {
    let closed = transition(&app.db, id, &[PostingStatus::Published], PostingStatus::Closed, Move::default(), now());
    assert!(closed.await.expect("close"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn indexnow_hears_of_each_publication_edit_close_and_expiry_once() {
    let (base, seen) = receiver().await;
    let app = TestApp::with_config(|c| {
        c.search_engines = SearchEngines { indexnow: Some(indexnow_at(&base)), google: None };
    })
    .await;
    // The key file, at the site's root where IndexNow looks for it.
    let file = app.get(&format!("/{INDEXNOW_KEY}.txt")).await;
    assert_eq!(file.status(), 200);
    assert!(file.headers()["content-type"].to_str().expect("type").starts_with("text/plain"));
    assert_eq!(file.text().await.expect("key"), INDEXNOW_KEY);
    assert_eq!(app.get("/0123456789abcdef.txt").await.status(), 404, "only its own key is served");

    let acme = app.company("Acme").await;
    let rust = app.post_job(&acme, JobSpec::titled("Rust Engineer")).await;
    let go = app.post_job(&acme, JobSpec::titled("Go Engineer")).await;
    app.post_job(&acme, JobSpec { status: "draft", ..JobSpec::titled("Draft Role") }).await;
    // The server's own round tells them; the runner sends the notice.
    let notices = |n: usize| {
        let seen = seen.clone();
        async move {
            for _ in 0..200 {
                if seen.lock().expect("lock").indexnow.len() >= n {
                    return seen.lock().expect("lock").indexnow.clone();
                }
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            panic!("IndexNow never heard {n} notices: {:?}", seen.lock().expect("lock").indexnow);
        }
    };
    let first = notices(1).await;
    let host = app.url.trim_start_matches("http://").split(':').next().expect("host").to_owned();
    assert_eq!(first[0]["host"], host.as_str());
    assert_eq!(first[0]["key"], INDEXNOW_KEY);
    assert_eq!(first[0]["keyLocation"], format!("{}/{INDEXNOW_KEY}.txt", app.url));
    let mut urls: Vec<String> =
        first[0]["urlList"].as_array().expect("urls").iter().map(|u| u.as_str().expect("url").to_owned()).collect();
    urls.sort();
    assert_eq!(
        urls,
        [format!("{}/jobs/go-engineer-acme-{go}", app.url), format!("{}/jobs/rust-engineer-acme-{rust}", app.url)],
        "the two public postings, not the draft"
    );
    // Told once: nothing changed, nothing is told again.
    assert_eq!(tell(&app.db, &SearchEngines::default(), &app.url, now()).await.expect("tell").postings, 0);

    // Retitled: the new address and the old one, which now redirects.
    sqlx::query(&format!(
        "UPDATE jobs SET title = 'Senior Rust Engineer', updated_at = {} WHERE id = {rust}",
        now().unix() + 1
    ))
    .execute(&app.db.pool)
    .await
    .expect("edit");
    let edited = notices(2).await;
    let mut urls: Vec<&str> =
        edited[1]["urlList"].as_array().expect("urls").iter().filter_map(|u| u.as_str()).collect();
    urls.sort();
    assert_eq!(
        urls,
        [
            format!("{}/jobs/rust-engineer-acme-{rust}", app.url),
            format!("{}/jobs/senior-rust-engineer-acme-{rust}", app.url)
        ]
    );

    // Closed (or filled, the same move): told, so the engine drops it.
    close(&app, go).await;
    let closed = notices(3).await;
    assert_eq!(closed[2]["urlList"], serde_json::json!([format!("{}/jobs/go-engineer-acme-{go}", app.url)]));

    // Past its end: told at the first round after, with no write at all.
    let after_end = now() + 61 * DAY;
    let told = tell(&app.db, &SearchEngines::default(), &app.url, after_end).await.expect("tell");
    assert_eq!(told.postings, 1, "the Rust posting expired");
    assert_eq!(app.count("background_jobs", "kind = 'indexnow'").await, 0, "no engine set: nothing queued");
    assert_eq!(app.count("search_pings", "live = 0").await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn google_hears_updated_and_deleted_with_a_signed_jwt_under_its_quota() {
    let (base, seen) = receiver().await;
    let app = TestApp::new().await;
    let google = google_at(&base, 2);
    let engines = SearchEngines { indexnow: None, google: Some(google.clone()) };
    let mut runner = Runner::new(app.db.clone(), "indexing under test".to_owned(), Default::default());
    runner.register::<PingGoogle>(Arc::new(GoogleClient::new(app.db.clone(), google).expect("client")));

    let acme = app.company("Acme").await;
    let mut ids = Vec::new();
    for title in ["Rust Engineer", "Go Engineer", "SRE"] {
        ids.push(app.post_job(&acme, JobSpec::titled(title)).await);
    }
    let t = now();
    assert_eq!(tell(&app.db, &engines, &app.url, t).await.expect("tell").urls, 3);
    // Two fit the quota; the third waits for the window to move, its tries untouched.
    let ran = runner.run_due(t).await.expect("run").0;
    assert_eq!(ran, Ran { done: 2, retrying: 0, failed: 0, deferred: 1 });
    {
        let seen = seen.lock().expect("lock");
        assert_eq!(seen.tokens.len(), 1, "one token serves both notices");
        assert_eq!(seen.tokens[0].iss, "indexing@farcoder-tests.iam.gserviceaccount.com");
        assert_eq!(seen.notices.len(), 2);
        assert!(seen.notices.iter().all(|(body, _)| body["type"] == "URL_UPDATED"), "{:?}", seen.notices);
    }
    assert_eq!(runner.run_due(now()).await.expect("run").0, Ran::default(), "it waits for the window to move");
    let waiting: Vec<(i64,)> = sqlx::query_as("SELECT attempts FROM background_jobs WHERE kind = 'google-indexing'")
        .fetch_all(&app.db.pool)
        .await
        .expect("waiting");
    assert_eq!(waiting, [(0,)], "a quota wait uses no try");
    a_day_passes(&app).await;
    assert_eq!(runner.run_due(now()).await.expect("run").0.done, 1);

    // Closed: deleted. A 500 is tried again later (a day later, as the
    // failed request counted in the quota).
    close(&app, ids[0]).await;
    assert_eq!(tell(&app.db, &engines, &app.url, now()).await.expect("tell").urls, 1);
    seen.lock().expect("lock").fail_next = true;
    assert_eq!(runner.run_due(now()).await.expect("run").0.retrying, 1);
    a_day_passes(&app).await;
    assert_eq!(runner.run_due(now()).await.expect("run").0.done, 1);
    let seen = seen.lock().expect("lock");
    let (last, _) = seen.notices.last().expect("notice");
    assert_eq!(last["type"], "URL_DELETED");
    assert_eq!(last["url"], format!("{}/jobs/rust-engineer-acme-{}", app.url, ids[0]));
    assert_eq!(seen.notices.len(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_jwt_the_token_endpoint_cannot_verify_gets_no_token_and_is_retried() {
    // The receiver knows another key than the one the account signs with.
    let (base, seen) = receiver_checking(UNRELATED_KEY).await;
    let app = TestApp::new().await;
    let google = google_at(&base, 10);
    let engines = SearchEngines { indexnow: None, google: Some(google.clone()) };
    let mut runner = Runner::new(app.db.clone(), "indexing under test".to_owned(), Default::default());
    runner.register::<PingGoogle>(Arc::new(GoogleClient::new(app.db.clone(), google).expect("client")));
    let acme = app.company("Acme").await;
    app.post_job(&acme, JobSpec::titled("Rust Engineer")).await;
    let t = now();
    tell(&app.db, &engines, &app.url, t).await.expect("tell");
    assert_eq!(runner.run_due(t).await.expect("run").0.retrying, 1);
    let seen = seen.lock().expect("lock");
    assert!(seen.tokens.is_empty() && seen.notices.is_empty(), "no token for a JWT it cannot verify, no notice");
}
