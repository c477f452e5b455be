//! Jobs where people already are: a company's open jobs as a widget other
//! sites may frame, and as JSON; and the operator's webhooks (Slack, Discord,
//! plain JSON), tried against a receiving server of the test's own.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::StatusCode;
use axum::routing::post;
use farcoder::model::{DAY, Span};
use farcoder::server::now;
use farcoder::server::queue::{Ran, Runner, pause};
use farcoder::server::syndication::webhooks::{DeliverWebhook, MAX_ATTEMPTS, Receivers, SigningKey, Webhook, announce};

/// The signing key of the tests' JSON webhooks.
const SIGNING_KEY: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// What a receiver got: its name, the body, and the Standard Webhooks
/// headers (id, timestamp, signature) when there were any.
type Got = Arc<Mutex<Vec<(String, String, Option<(String, String, String)>)>>>;

/// A queue runner that delivers to `hooks`, as a server with those
/// webhooks set runs one.
fn deliverer(app: &TestApp, hooks: &[Webhook], key: &SigningKey) -> Runner {
    let receivers = Receivers::new(hooks.to_vec(), Some(key.clone())).expect("receivers");
    let mut runner = Runner::new(app.db.clone(), "webhooks under test".to_owned(), Default::default());
    runner.register::<DeliverWebhook>(Arc::new(receivers));
    runner
}

fn standard_headers(headers: &axum::http::HeaderMap) -> Option<(String, String, String)> {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    Some((get("webhook-id")?, get("webhook-timestamp")?, get("webhook-signature")?))
}

use crate::harness::{JobSpec, TestApp};
use crate::moderation::moderator;
use crate::postings::draft;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_companys_open_jobs_embed_in_its_own_site_and_as_json() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    app.post_job(&acme, JobSpec::titled("Rust Engineer")).await;
    app.post_job(&acme, JobSpec::titled("Go Engineer")).await;
    app.post_job(&acme, JobSpec { status: "closed", ..JobSpec::titled("Closed Role") }).await;

    let widget = app.get("/companies/acme/embed").await;
    assert_eq!(widget.status(), 200);
    let csp = widget.headers()["content-security-policy"].to_str().expect("csp").to_owned();
    assert!(csp.contains("frame-ancestors *") && csp.contains("default-src 'none'"), "{csp}");
    assert!(widget.headers().get("x-frame-options").is_none(), "any site may frame it");
    let html = widget.text().await.expect("html");
    assert!(html.contains("Rust Engineer") && html.contains("Go Engineer") && !html.contains("Closed Role"));
    assert!(html.contains(&format!(r#"href="{}/jobs/"#, app.url)) && html.contains(r#"target="_blank""#));
    assert_eq!(app.get("/companies/acme").await.headers()["x-frame-options"], "DENY", "the profile is not framed");
    assert_eq!(app.get("/companies/nobody/embed").await.status(), 404);

    let json = app
        .client
        .get(format!("{}/companies/acme/jobs.json", app.url))
        .header("origin", "https://acme.example")
        .send()
        .await
        .expect("json");
    assert_eq!(json.headers()["access-control-allow-origin"], "*", "a careers page may read it");
    let body: serde_json::Value = json.json().await.expect("body");
    assert_eq!(body["company"]["slug"], "acme");
    let titles: Vec<&str> = body["jobs"].as_array().expect("jobs").iter().filter_map(|j| j["title"].as_str()).collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
}

/// A server that takes webhook posts: `/flaky` fails its first.
async fn receiver() -> (String, Got) {
    let got: Got = Arc::default();
    let failed_once = Arc::new(Mutex::new(false));
    let keep = |name: &'static str, got: Got| {
        post(move |headers: axum::http::HeaderMap, body: String| async move {
            got.lock().expect("lock").push((name.to_owned(), body, standard_headers(&headers)));
            StatusCode::OK
        })
    };
    let flaky_got = got.clone();
    let app = Router::new()
        .route("/slack", keep("slack", got.clone()))
        .route("/discord", keep("discord", got.clone()))
        .route("/json", keep("json", got.clone()))
        .route(
            "/flaky",
            post(move |headers: axum::http::HeaderMap, body: String| async move {
                let mut failed = failed_once.lock().expect("lock");
                if !*failed {
                    *failed = true;
                    return StatusCode::SERVICE_UNAVAILABLE;
                }
                flaky_got.lock().expect("lock").push(("flaky".to_owned(), body, standard_headers(&headers)));
                StatusCode::NO_CONTENT
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}"), got)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_newly_published_posting_reaches_every_webhook_once_with_retries() {
    let app = TestApp::new().await;
    let (base, got) = receiver().await;
    let hooks = Webhook::parse_list(&format!(
        "slack={base}/slack, discord={base}/discord, json={base}/json, json={base}/flaky"
    ))
    .expect("hooks");
    let key = SigningKey::parse(SIGNING_KEY).expect("key");
    let runner = deliverer(&app, &hooks, &key);
    let deliver = async |at| runner.run_due(at).await.expect("deliver").0;
    // Stored as published (demo data): never announced.
    let acme = app.company("Demo Co").await;
    app.post_job(&acme, JobSpec::titled("Seeded Role")).await;

    let moderator = moderator(&app).await;
    let session = app.sign_up("ada@acme.example", "correct horse battery", "Acme").await;
    let (id, path) =
        crate::hardening::live_posting(&app, &session, &moderator, &draft("Pipeline Engineer <@here>")).await;
    let t = now();
    assert_eq!(announce(&app.db, &hooks, &app.url, t).await.expect("announce"), 1, "only the one published");
    assert_eq!(announce(&app.db, &hooks, &app.url, t).await.expect("again"), 0, "once");

    let waiting: Vec<(String,)> = sqlx::query_as("SELECT data FROM background_jobs WHERE kind = 'deliver-webhook'")
        .fetch_all(&app.db.pool)
        .await
        .expect("queue");
    assert_eq!(waiting.len(), 4, "one delivery per webhook");
    assert!(waiting.iter().all(|(data,)| !data.contains(&base)), "no webhook address is stored");
    assert_eq!(deliver(t).await, Ran { done: 3, retrying: 1, failed: 0, deferred: 0 });
    assert_eq!(deliver(t).await, Ran::default(), "the retry waits");
    let later = t + pause(0) + Span::seconds(1);
    assert_eq!(deliver(later).await.done, 1);
    let waiting = app.count("background_jobs", "kind = 'deliver-webhook'").await;
    assert_eq!(waiting, 0, "each delivered once and forgotten");

    let got = got.lock().expect("lock").clone();
    let body = |name: &str| -> serde_json::Value {
        let (_, body, _) = got.iter().find(|(n, _, _)| n == name).unwrap_or_else(|| panic!("{name} got nothing"));
        serde_json::from_str(body).expect("JSON")
    };
    // JSON receivers can tell the delivery is ours, as Standard Webhooks check it.
    for (name, body, headers) in &got {
        match (name.as_str(), headers) {
            ("json" | "flaky", Some((id, timestamp, signature))) => {
                let timestamp: i64 = timestamp.parse().expect("timestamp");
                assert_eq!(signature, &key.sign(id, timestamp, body), "{name}");
                assert_ne!(signature, &key.sign(id, timestamp, &body.replace("Pipeline", "Pipe")), "the body counts");
            }
            ("json" | "flaky", None) => panic!("{name}: unsigned"),
            (_, headers) => assert!(headers.is_none(), "{name}: chat hooks take no signature"),
        }
    }
    let url = format!("{}{path}", app.url);
    let slack = body("slack")["text"].as_str().expect("text").to_owned();
    assert!(slack.contains(&format!("<{url}|Pipeline Engineer &lt;@here&gt;>")), "{slack}");
    let discord = body("discord");
    assert!(discord["content"].as_str().expect("content").contains(&url));
    assert_eq!(discord["allowed_mentions"]["parse"], serde_json::json!([]), "no pings");
    assert_eq!(body("json")["event"], "job.published");
    assert_eq!(body("json")["job"]["id"], id);
    assert_eq!(body("flaky")["job"]["id"], id, "delivered on its second try");
    assert_eq!(got.len(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receiver_that_never_answers_is_given_up_after_its_tries() {
    let app = TestApp::new().await;
    // A port nobody listens on.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind").local_addr().expect("addr");
    let hooks = Webhook::parse_list(&format!("json=http://{closed}/hook")).expect("hooks");
    let key = SigningKey::parse(SIGNING_KEY).expect("key");
    let runner = deliverer(&app, &hooks, &key);
    let deliver = async |at| runner.run_due(at).await.expect("deliver").0;
    let moderator = moderator(&app).await;
    let session = app.sign_up("ada@acme.example", "correct horse battery", "Acme").await;
    crate::hardening::live_posting(&app, &session, &moderator, &draft("Pipeline Engineer")).await;
    let mut t = now();
    announce(&app.db, &hooks, &app.url, t).await.expect("announce");
    let mut failed = 0;
    for attempt in 0..MAX_ATTEMPTS {
        let ran = deliver(t).await;
        failed += ran.failed;
        assert_eq!(ran.done, 0);
        t = t + pause(attempt) + Span::seconds(1);
    }
    assert_eq!(failed, 1);
    assert_eq!(app.count("background_jobs", "failed_at IS NOT NULL").await, 1, "kept for the operator");
    assert_eq!(app.count("background_jobs", &format!("attempts = {MAX_ATTEMPTS}")).await, 1);
    assert_eq!(deliver(t + DAY).await, Ran::default(), "never again");

    // A delivery whose webhook the operator took out is given up at once,
    // not sent elsewhere.
    let other = Webhook::parse_list(&format!("json=http://{closed}/other")).expect("hooks");
    sqlx::query("UPDATE background_jobs SET failed_at = NULL, attempts = 0")
        .execute(&app.db.pool)
        .await
        .expect("reset");
    let ran = deliverer(&app, &other, &key).run_due(t + DAY).await.expect("deliver").0;
    assert_eq!(ran, Ran { done: 0, retrying: 0, failed: 1, deferred: 0 });
}
