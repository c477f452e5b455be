//! Trust promises tried as an attacker would: an edit never goes live
//! unreviewed, client addresses cannot be forged, redirects stay home, pages
//! carry the browser protections and show no text from their URL, the link
//! checker cannot be aimed inside, digests are keyed, tokens stay secret,
//! and sessions end when idle.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use farcoder::model::{DAY, Dashboard, EditState, HOUR, MINUTE, PostingDraft, ReviewQueue, Span};
use farcoder::server::auth::proxy::ProxyRule;
use farcoder::server::freshness::{LinkChecker, LinkState};
use farcoder::server::now;

use crate::harness::{TestApp, session_cookie};
use crate::moderation::{PASSWORD, moderator};
use crate::postings::{draft, fields};

const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";

async fn employer(app: &TestApp, email: &str, company: &str) -> String {
    app.sign_up(email, PASSWORD, company).await
}

async fn call(app: &TestApp, function: &str, form: &[(String, String)], session: &str) -> reqwest::Response {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.call(function, &pairs, Some(session)).await
}

/// A posting of Acme's that a moderator approved; its id and public path.
pub async fn live_posting(app: &TestApp, session: &str, moderator: &str, posting: &PostingDraft) -> (i64, String) {
    let id: i64 = call(app, "create_posting", &fields(posting), session).await.json().await.expect("id");
    app.call("submit_posting", &[("id", &id.to_string())], Some(session)).await;
    let form = [("id", id.to_string()), ("decision", "approve".into()), ("reason", String::new())];
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call("moderate", &pairs, Some(moderator)).await.status(), 200);
    let card = app.search("").await.jobs.into_iter().find(|j| j.id == id).expect("public");
    (id, card.path())
}

async fn edit(app: &TestApp, session: &str, id: i64, posting: &PostingDraft) -> reqwest::Response {
    call(app, "update_posting", &[vec![("id".into(), id.to_string())], fields(posting)].concat(), session).await
}

async fn queue(app: &TestApp, moderator: &str) -> ReviewQueue {
    app.call("review_queue", &[], Some(moderator)).await.json().await.expect("queue")
}

async fn decide_edit(app: &TestApp, moderator: &str, id: i64, decision: &str, reason: &str) -> reqwest::Response {
    app.call("moderate_edit", &[("id", &id.to_string()), ("decision", decision), ("reason", reason)], Some(moderator))
        .await
}

async fn edit_state(app: &TestApp, session: &str) -> Option<EditState> {
    let dashboard: Dashboard = app.call("dashboard", &[], Some(session)).await.json().await.expect("dashboard");
    dashboard.jobs.into_iter().next().expect("a job").edit
}

/// Where the job page's "Apply" button sends a visitor now.
async fn apply_link(app: &TestApp, path: &str) -> String {
    let response = app.get(&format!("{path}/apply")).await;
    assert_eq!(response.status(), 303, "{path}/apply");
    response.headers()["location"].to_str().expect("a location").to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_of_a_live_posting_waits_for_review_while_the_approved_version_stays_up() {
    let app = TestApp::new().await;
    let moderator = moderator(&app).await;
    let session = employer(&app, "ada@acme.example", "Acme").await;
    let approved =
        PostingDraft { apply_url: "https://example.com/careers/pipeline".into(), ..draft("Pipeline Engineer") };
    let (id, path) = live_posting(&app, &session, &moderator, &approved).await;

    // A phishing link and a one-word change: neither goes live.
    let phishing = PostingDraft {
        apply_url: "https://acme-payroll-verify.example/apply".into(),
        description: approved.description.replace("end to end", "from start to finish")
            + "\n\nA refundable application fee of $50 secures your interview slot.",
        ..approved.clone()
    };
    let saved = edit(&app, &session, id, &phishing).await;
    assert_eq!(saved.status(), 200);
    let page = app.page(&path, 200).await;
    assert!(!page.contains("acme-payroll-verify"), "the new link is nowhere on the page");
    assert_eq!(apply_link(&app, &path).await, "https://example.com/careers/pipeline", "the old link stays live");
    assert!(page.contains("end to end"));
    assert_eq!(edit_state(&app, &session).await, Some(EditState::Waiting));
    let in_form: PostingDraft =
        app.call("posting_draft", &[("id", &id.to_string())], Some(&session)).await.json().await.expect("draft");
    assert_eq!(in_form, phishing, "the team edits its pending version");

    let waiting = queue(&app, &moderator).await.revisions;
    assert_eq!(waiting.len(), 1);
    let revision = &waiting[0];
    assert_eq!(revision.job_id, id);
    let changed: Vec<&str> = revision.changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(changed, ["Application page", "Description"]);
    assert!(revision.changes[1].lines.iter().any(|(mark, line)| *mark == '+' && line.contains("start to finish")));
    assert!(
        revision.flags.iter().any(|f| f.kind == farcoder::model::FlagKind::Scam),
        "the flags run on the edit: {:?}",
        revision.flags
    );

    // Declined: the old version stays and the team hears why.
    let reason = "The new apply link is not on your company's domain.";
    assert_eq!(decide_edit(&app, &moderator, revision.id, "reject", reason).await.status(), 200);
    assert_eq!(decide_edit(&app, &moderator, revision.id, "approve", "").await.status(), 400, "decided once");
    assert!(!app.page(&path, 200).await.contains("acme-payroll-verify"));
    assert_eq!(apply_link(&app, &path).await, "https://example.com/careers/pipeline");
    assert_eq!(edit_state(&app, &session).await, Some(EditState::Declined(reason.to_owned())));
    assert!(app.mail_containing("ada@acme.example", reason).await.is_some());

    // An honest edit, approved, goes live and into the index.
    let honest = PostingDraft { title: "Streaming Platform Engineer".into(), ..approved.clone() };
    assert_eq!(edit(&app, &session, id, &honest).await.status(), 200);
    assert!(app.search_ids("q=streaming").await.is_empty(), "not searchable before approval");
    let revision = queue(&app, &moderator).await.revisions.remove(0);
    assert_eq!(decide_edit(&app, &moderator, revision.id, "approve", "").await.status(), 200);
    assert_eq!(app.search_ids("q=streaming").await, vec![id]);
    assert_eq!(edit_state(&app, &session).await, None);
    let audit: Vec<(String,)> =
        sqlx::query_as("SELECT action FROM audit_log ORDER BY id").fetch_all(&app.db.pool).await.expect("audit");
    let actions: Vec<&str> = audit.iter().map(|(a,)| a.as_str()).collect();
    assert!(actions.ends_with(&["decline edit", "approve edit"]), "{actions:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_posting_renewed_comes_back_as_approved_not_as_edited() {
    let app = TestApp::new().await;
    let moderator = moderator(&app).await;
    let session = employer(&app, "ada@acme.example", "Acme").await;
    let (id, path) = live_posting(&app, &session, &moderator, &draft("Pipeline Engineer")).await;
    let now = now();
    app.republish(id, farcoder::model::PostingStatus::Published, now - 40 * DAY, now - MINUTE).await;
    assert_eq!(edit(&app, &session, id, &draft("Crypto Giveaway Engineer")).await.status(), 200);
    assert_eq!(app.call("renew_posting", &[("id", &id.to_string())], Some(&session)).await.status(), 200);
    let page = app.page(&path, 200).await;
    assert!(page.contains("Pipeline Engineer") && !page.contains("Giveaway"), "the edit still waits");
    assert_eq!(queue(&app, &moderator).await.revisions.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_moderators_decide_edits() {
    let app = TestApp::new().await;
    let moderator = moderator(&app).await;
    let session = employer(&app, "ada@acme.example", "Acme").await;
    let (id, _) = live_posting(&app, &session, &moderator, &draft("Pipeline Engineer")).await;
    edit(&app, &session, id, &draft("Pipeline Engineer II")).await;
    let revision = queue(&app, &moderator).await.revisions.remove(0);
    assert_eq!(decide_edit(&app, &session, revision.id, "approve", "").await.status(), 403, "its own employer");
    let anonymous = app
        .call("moderate_edit", &[("id", &revision.id.to_string()), ("decision", "approve"), ("reason", "")], None)
        .await;
    assert_eq!(anonymous.status(), 401);
    assert_eq!(queue(&app, &moderator).await.revisions.len(), 1, "still waiting");
}

/// Posts a failed login from `forwarded` (an `X-Forwarded-For` value).
async fn login_from(app: &TestApp, email: &str, password: &str, forwarded: &str) -> u16 {
    app.client
        .post(format!("{}/api/fn/login", app.url))
        .header("origin", &app.url)
        .header("accept", "application/json")
        .header("x-forwarded-for", forwarded)
        .form(&[("email", email), ("password", password), ("next", "")])
        .send()
        .await
        .expect("POST")
        .status()
        .as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_forwarded_for_does_not_dodge_the_per_address_limit() {
    // No proxy named: the header is ignored. One proxy: only its entry counts.
    for proxies in [ProxyRule::None, ProxyRule::Hops(1)] {
        let app = TestApp::with_config(|c| c.proxies = proxies.clone()).await;
        let mut statuses = Vec::new();
        for n in 0..31 {
            let forged = format!("198.51.100.{n}, 203.0.113.5");
            statuses.push(login_from(&app, &format!("nobody{n}@example.com"), "wrong password!", &forged).await);
        }
        assert!(statuses[..30].iter().all(|s| *s == 400), "{proxies:?}: {statuses:?}");
        assert_eq!(statuses[30], 429, "{proxies:?}: the 31st try from one address waits, whatever it claims");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_strangers_failed_logins_do_not_lock_the_owner_out() {
    let app = TestApp::with_config(|c| c.proxies = ProxyRule::Hops(1)).await;
    employer(&app, "ada@example.com", "Acme").await;
    for _ in 0..12 {
        login_from(&app, "ada@example.com", "guess guess guess", "203.0.113.66").await;
    }
    assert_eq!(login_from(&app, "ada@example.com", PASSWORD, "203.0.113.66").await, 429, "the stranger waits");
    assert_eq!(login_from(&app, "ada@example.com", PASSWORD, "198.51.100.20").await, 200, "the owner signs in");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirects_stay_on_this_site_and_no_request_data_breaks_a_header() {
    let app = TestApp::new().await;
    employer(&app, "ada@example.com", "Acme").await;
    for next in ["//evil.example", "/\\evil.example", "/\t/evil.example", "\\\\evil.example", "https://evil.example"] {
        let response = app
            .submit_form("login", "/login", &[("email", "ada@example.com"), ("password", PASSWORD), ("next", next)])
            .await;
        assert_eq!(response.headers()["location"], "/dashboard", "{next:?}");
    }
    // A plain form posted from another site's page is sent home, not back there.
    let response = app
        .client
        .post(format!("{}/api/fn/login", app.url))
        .header("origin", &app.url)
        .header("referer", "https://evil.example/phish")
        .header("accept", "text/html")
        .form(&[("email", "ada@example.com"), ("password", "wrong password!"), ("next", "")])
        .send()
        .await
        .expect("POST");
    let location = response.headers()["location"].to_str().expect("location");
    assert!(location.starts_with("/?") || location == "/", "{location}");

    // A slug with a line break in it cannot write a header.
    let company = app.company("Globex").await;
    let id = app.post_job(&company, crate::harness::JobSpec::titled("Platform Engineer")).await;
    let response = app
        .submit_form(
            "report_job",
            "/",
            &[("slug", &format!("x\r\nSet-Cookie: a=b-{id}")), ("reason", "scam"), ("note", "")],
        )
        .await;
    assert!(response.status().as_u16() < 500, "{}", response.status());
    assert!(response.headers().get_all("set-cookie").iter().all(|v| !v.to_str().unwrap_or("").starts_with("a=b")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_never_shows_a_message_written_into_its_url() {
    let app = TestApp::new().await;
    let company = app.company("Globex").await;
    app.post_job(&company, crate::harness::JobSpec::titled("Platform Engineer")).await;
    let slug = app.search("").await.jobs.remove(0).slug;
    let planted = "Call +1 555 0100 to finish your application";
    let old_style = format!(r#"{{"errors":[["job","{planted}"]],"draft":{{}}}}"#);
    let query: String = form_urlencoded::byte_serialize(old_style.as_bytes()).collect();
    assert!(!app.page(&format!("/jobs/{slug}?apply_error={query}"), 200).await.contains(planted));

    // Leptos's error parameter, forged: the page is asked for again without it.
    let error = farcoder::error::AppError::invalid("password", planted);
    let encoded = {
        use leptos::server_fn::error::FromServerFnError;
        let bytes = error.ser();
        let text = String::from_utf8(bytes.to_vec()).expect("json");
        base64_url(&text)
    };
    let response = app.get(&format!("/login?__path=%2Fapi%2Ffn%2Flogin&__err={encoded}")).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/login");
    // A genuine refusal still comes back with its own message.
    let refused = app
        .submit_form("login", "/login", &[("email", "ada@example.com"), ("password", "wrong password!"), ("next", "")])
        .await;
    let back = refused.headers()["location"].to_str().expect("location").to_owned();
    assert!(back.contains("__sig="), "{back}");
    assert!(app.page(&back, 200).await.contains("do not match an account"));
}

/// URL-safe base64, as Leptos writes `__err`.
fn base64_url(text: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let bytes = text.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    while !out.len().is_multiple_of(4) {
        out.push('=');
    }
    out.replace('=', "%3D")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_carries_the_browser_protections() {
    let app = TestApp::with_demo_data().await;
    let response = app.get("/jobs").await;
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let policy = header("content-security-policy");
    let (nosniff, referrer, permissions) =
        (header("x-content-type-options"), header("referrer-policy"), header("permissions-policy"));
    let body = response.text().await.expect("body");
    assert!(policy.contains("script-src 'self' 'sha256-") && !policy.contains("nonce"), "{policy}");
    assert_eq!(body.matches("<script type=\"module\">").count(), 1, "the loader is the one script that runs");
    assert!(!policy.contains("unsafe-inline") && policy.contains("frame-ancestors 'none'"), "{policy}");
    assert_eq!(nosniff, "nosniff");
    assert_eq!(referrer, "strict-origin-when-cross-origin");
    assert!(permissions.contains("camera=()"), "{permissions}");
    assert!(app.get("/jobs").await.headers().get("strict-transport-security").is_none(), "not over plain HTTP");

    let api = app.get("/api/v1/jobs").await;
    assert!(api.headers()["content-security-policy"].to_str().expect("csp").starts_with("default-src 'none'"));

    for path in ["/reset?token=abc", "/join?token=abc", "/confirm?token=abc", "/verify?token=abc", "/applications/abc"]
    {
        let response = app.get(path).await;
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
        assert_eq!(response.headers()["referrer-policy"], "no-referrer", "{path}");
    }

    let https = TestApp::with_config(|c| c.public_url = "https://farcoder.example".into()).await;
    let hsts =
        https.get("/").await.headers().get("strict-transport-security").map(|v| v.to_str().unwrap_or("").to_owned());
    assert_eq!(hsts.as_deref(), Some("max-age=31536000; includeSubDomains"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_https_the_session_cookie_is_host_only() {
    let app = TestApp::with_config(|c| c.public_url = "https://farcoder.example".into()).await;
    let response = app
        .call("signup", &[("email", "ada@example.com"), ("password", PASSWORD), ("company_name", "Acme")], None)
        .await;
    assert_eq!(response.status(), 200);
    let mail = app.mail_containing("ada@example.com", "/confirm?token=").await.expect("confirmation");
    let link = crate::harness::link_in(&mail, "https://farcoder.example/confirm?token=");
    app.press_link(&link.replacen("https://farcoder.example", "", 1)).await;
    let response = app.call("login", &[("email", "ada@example.com"), ("password", PASSWORD), ("next", "")], None).await;
    let cookie = response.headers()["set-cookie"].to_str().expect("cookie").to_owned();
    assert!(cookie.starts_with("__Host-farcoder_session=") && cookie.contains("; Secure"), "{cookie}");
    let token = cookie.split(';').next().and_then(|p| p.split('=').nth(1)).expect("token").to_owned();
    let signed_in = app
        .client
        .post(format!("{}/api/fn/dashboard", app.url))
        .header("origin", &app.origin)
        .header("accept", "application/json")
        .header("cookie", format!("__Host-farcoder_session={token}"))
        .send()
        .await
        .expect("POST");
    assert_eq!(signed_in.status(), 200);
    let planted = app.call("dashboard", &[], Some(&token)).await;
    assert_eq!(planted.status(), 401, "the plain cookie name means nothing over HTTPS");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_session_ends() {
    let app = TestApp::new().await;
    let session = employer(&app, "ada@example.com", "Acme").await;
    assert_eq!(app.call("dashboard", &[], Some(&session)).await.status(), 200);
    let idle = now() - farcoder::server::auth::session::IDLE - Span::seconds(1);
    sqlx::query(&format!("UPDATE sessions SET last_seen_at = {}", idle.unix()))
        .execute(&app.db.pool)
        .await
        .expect("idle");
    assert_eq!(app.call("dashboard", &[], Some(&session)).await.status(), 401);

    let fresh = employer(&app, "grace@example.com", "Globex").await;
    let stale = now() - farcoder::server::auth::session::TOUCH - Span::seconds(5);
    sqlx::query(&format!("UPDATE sessions SET last_seen_at = {} WHERE last_seen_at > {}", stale.unix(), idle.unix()))
        .execute(&app.db.pool)
        .await
        .expect("a while ago");
    assert_eq!(app.call("dashboard", &[], Some(&fresh)).await.status(), 200);
    let (seen,): (i64,) =
        sqlx::query_as("SELECT MAX(last_seen_at) FROM sessions").fetch_one(&app.db.pool).await.expect("seen");
    assert!(seen > stale.unix(), "using a session renews it");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_link_checker_never_connects_inside() {
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    let router = axum::Router::new().fallback(move || {
        let counted = counted.clone();
        async move {
            counted.fetch_add(1, Ordering::SeqCst);
            axum::http::StatusCode::NOT_FOUND
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move { axum::serve(listener, router).await });

    let public_only = LinkChecker::new(false).expect("checker");
    for url in [
        format!("http://127.0.0.1:{port}/"),
        format!("http://localhost:{port}/"),
        format!("http://127.1:{port}/"),
        format!("http://[::ffff:127.0.0.1]:{port}/"),
        format!("http://0x7f000001:{port}/"),
    ] {
        assert_eq!(public_only.check(&url).await, LinkState::Unknown, "{url}");
    }
    assert_eq!(hits.load(Ordering::SeqCst), 0, "no request reached the inside");
    let tests_only = LinkChecker::new(true).expect("checker");
    assert_eq!(tests_only.check(&format!("http://127.0.0.1:{port}/")).await, LinkState::Dead(404));
    assert_eq!(hits.load(Ordering::SeqCst), 1, "the same server, reachable when allowed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn visitor_digests_are_keyed_with_the_server_secret() {
    let app = TestApp::with_config(|c| c.auto_approve = true).await;
    let session = employer(&app, "ada@example.com", "Acme").await;
    app.verify("Acme").await;
    let id: i64 =
        call(&app, "create_posting", &fields(&draft("Pipeline Engineer")), &session).await.json().await.expect("id");
    app.call("submit_posting", &[("id", &id.to_string())], Some(&session)).await;
    let path = app.search("").await.jobs.remove(0).path();
    let browser = reqwest::Client::builder().user_agent(FIREFOX).build().expect("client");
    assert_eq!(browser.get(format!("{}{path}", app.url)).send().await.expect("GET").status(), 200);
    app.views.flush(&app.db).await.expect("write the view");
    let (visitor,): (String,) =
        sqlx::query_as("SELECT visitor FROM job_events").fetch_one(&app.db.pool).await.expect("a view");
    // The old, unkeyed digest anyone could recompute from an address:
    use sha2::Digest;
    let day = (now().unix() / DAY.as_secs()).to_string();
    let unkeyed = sha2::Sha256::new().chain_update(&day).chain_update("127.0.0.1").chain_update(FIREFOX).finalize();
    let unkeyed: String = unkeyed[..16].iter().map(|b| format!("{b:02x}")).collect();
    assert_ne!(visitor, unkeyed);

    let (stored,): (String,) = sqlx::query_as("SELECT value FROM server_secrets WHERE name = 'digest-key'")
        .fetch_one(&app.db.pool)
        .await
        .expect("the secret made at first start");
    let other = app.beside(|_| {}).await;
    drop(other);
    let (again,): (String,) = sqlx::query_as("SELECT value FROM server_secrets WHERE name = 'digest-key'")
        .fetch_one(&app.db.pool)
        .await
        .expect("secret");
    assert_eq!(stored, again, "every server shares the first one");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sent_mail_keeps_no_body_and_a_new_reset_link_ends_the_old_one() {
    let app = TestApp::new().await;
    employer(&app, "ada@example.com", "Acme").await;
    assert!(app.mail_to("ada@example.com").await.is_some());
    let mut empty = false;
    for _ in 0..50 {
        let bodies: Vec<(String, Option<i64>)> =
            sqlx::query_as("SELECT body, sent_at FROM outbox").fetch_all(&app.db.pool).await.expect("outbox");
        empty = bodies.iter().all(|(body, sent)| sent.is_some() && body.is_empty());
        if empty {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(empty, "a sent message keeps its recipient, subject and time only");

    for _ in 0..2 {
        assert_eq!(app.call("request_reset", &[("email", "ada@example.com")], None).await.status(), 200);
    }
    let (open,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM email_tokens WHERE purpose = 'reset' AND used_at IS NULL")
            .fetch_one(&app.db.pool)
            .await
            .expect("links");
    assert_eq!(open, 1, "only the newest reset link is open");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn choosing_a_password_from_a_link_is_rate_limited_and_checks_the_link_first() {
    let app = TestApp::new().await;
    let mut statuses = Vec::new();
    for n in 0..11 {
        let token = format!("{n:064}");
        statuses.push(
            app.call("accept_invite", &[("token", &token), ("password", PASSWORD)], None).await.status().as_u16(),
        );
    }
    assert!(statuses[..10].iter().all(|s| *s == 400), "made-up links are refused: {statuses:?}");
    assert_eq!(statuses[10], 429);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_withdrawn_application_takes_its_emails_with_it() {
    use crate::applications::{PDF, apply, fields as apply_fields, job_taking_applications};
    let app = TestApp::new().await;
    let slug = job_taking_applications(&app, "Compiler Engineer").await;
    let location = apply(&app, &slug, &apply_fields("grace@example.com"), Some(("cv.pdf", PDF.to_vec()))).await;
    let token = location.trim_start_matches("/applications/").split('?').next().expect("token").to_owned();
    let about = || async {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE application_id IS NOT NULL")
            .fetch_one(&app.db.pool)
            .await
            .expect("count");
        n
    };
    assert!(about().await >= 1, "the candidate's confirmation, with its private link");
    assert_eq!(app.call("withdraw_application", &[("token", &token)], None).await.status(), 200);
    assert_eq!(about().await, 0, "gone with the application");
}

/// Invites `email` to the owner's team and signs them in as a member.
pub async fn teammate(app: &TestApp, owner: &str, email: &str) -> String {
    assert_eq!(app.call("invite_teammate", &[("email", email)], Some(owner)).await.status(), 200);
    let mail = app.mail_to(email).await.expect("the invitation");
    let link = crate::harness::link_in(&mail, &format!("{}/join?token=", app.url));
    let token = link.split("token=").nth(1).expect("token").to_owned();
    let response = app.call("accept_invite", &[("token", &token), ("password", PASSWORD)], None).await;
    assert_eq!(response.status(), 200);
    session_cookie(&response).expect("signed in")
}

async fn save_profile(app: &TestApp, session: &str, name: &str, website: &str) -> u16 {
    let form = [("profile[name]", name), ("profile[website]", website), ("profile[about]", "We make things.")];
    app.call("update_company_profile", &form, Some(session)).await.status().as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_badge_goes_when_the_verified_name_or_website_changes_and_only_the_owner_changes_them() {
    let app = TestApp::new().await;
    let owner = employer(&app, "ada@acme.example", "Acme").await;
    assert_eq!(save_profile(&app, &owner, "Acme", "https://acme.example").await, 200);
    let member = teammate(&app, &owner, "grace@example.com").await;
    app.verify("Acme").await;
    let verified = |app: &TestApp| {
        let db = app.db.clone();
        async move {
            let company =
                farcoder::server::repo::companies::find_by_slug(&db, "acme").await.expect("find").expect("acme");
            company.verified_at.is_some()
        }
    };

    assert_eq!(save_profile(&app, &member, "Acme Payments", "https://acme.example").await, 400, "a member renames");
    assert_eq!(save_profile(&app, &member, "Acme", "https://acme-pay.example").await, 400, "a member moves it");
    assert!(verified(&app).await, "nothing changed");
    assert_eq!(save_profile(&app, &member, "Acme", "https://acme.example").await, 200, "members keep the rest");

    assert_eq!(save_profile(&app, &owner, "Acme", "https://acme-pay.example").await, 200);
    assert!(!verified(&app).await, "the badge vouched for the old website");
    let profile: farcoder::model::CompanyProfile =
        app.call("company_profile", &[], Some(&owner)).await.json().await.expect("profile");
    assert!(!matches!(profile.verification, farcoder::model::Verification::Verified { .. }));
    let (actor, action, reason): (String, String, String) =
        sqlx::query_as("SELECT actor, action, reason FROM audit_log ORDER BY id DESC LIMIT 1")
            .fetch_one(&app.db.pool)
            .await
            .expect("audited");
    assert_eq!((actor.as_str(), action.as_str()), ("ada@acme.example", "identity changed, badge removed"));
    assert!(reason.contains("https://acme.example") && reason.contains("https://acme-pay.example"), "{reason}");
    let request = app.call("request_verification", &[("address", "it@acme-pay.example")], Some(&member)).await;
    assert_eq!(request.status(), 403, "members do not ask for the badge");
}

pub async fn team_emails(app: &TestApp, session: &str) -> Vec<(String, String)> {
    let profile: farcoder::model::CompanyProfile =
        app.call("company_profile", &[], Some(session)).await.json().await.expect("profile");
    profile.team.into_iter().map(|m| (m.email, m.role.slug().to_owned())).collect()
}

pub async fn audited(app: &TestApp) -> Vec<String> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT action FROM audit_log ORDER BY id").fetch_all(&app.db.pool).await.expect("audit");
    rows.into_iter().map(|(a,)| a).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owner_removes_a_member_whose_sessions_end_at_once() {
    let app = TestApp::new().await;
    let owner = employer(&app, "ada@acme.example", "Acme").await;
    let grace = teammate(&app, &owner, "grace@example.com").await;
    assert_eq!(app.call("dashboard", &[], Some(&grace)).await.status(), 200);
    assert_eq!(app.call("remove_teammate", &[("email", "ada@acme.example")], Some(&grace)).await.status(), 403);
    assert_eq!(app.call("remove_teammate", &[("email", "grace@example.com")], Some(&owner)).await.status(), 200);
    assert_eq!(app.call("dashboard", &[], Some(&grace)).await.status(), 401, "her next request gets nothing");
    assert_eq!(app.call("company_profile", &[], Some(&grace)).await.status(), 401);
    assert_eq!(team_emails(&app, &owner).await, [("ada@acme.example".to_owned(), "owner".to_owned())]);
    assert!(app.mail_containing("grace@example.com", "removed you").await.is_some());
    assert_eq!(
        app.call("remove_teammate", &[("email", "ada@acme.example")], Some(&owner)).await.status(),
        400,
        "not oneself"
    );
    assert!(audited(&app).await.contains(&"remove member".to_owned()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owner_withdraws_an_invitation_whose_link_then_fails() {
    let app = TestApp::new().await;
    let owner = employer(&app, "ada@acme.example", "Acme").await;
    assert_eq!(app.call("invite_teammate", &[("email", "linus@example.com")], Some(&owner)).await.status(), 200);
    let mail = app.mail_to("linus@example.com").await.expect("invitation");
    let link = crate::harness::link_in(&mail, &format!("{}/join?token=", app.url));
    let token = link.split("token=").nth(1).expect("token").to_owned();
    assert_eq!(app.call("revoke_invite", &[("email", "linus@example.com")], Some(&owner)).await.status(), 200);
    let join = app.call("accept_invite", &[("token", &token), ("password", PASSWORD)], None).await;
    assert_eq!(join.status(), 400, "the link no longer works");
    assert_eq!(app.call("revoke_invite", &[("email", "linus@example.com")], Some(&owner)).await.status(), 400);
    assert!(audited(&app).await.contains(&"revoke invitation".to_owned()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ownership_is_handed_to_a_member_and_the_owner_may_then_leave() {
    let app = TestApp::new().await;
    let ada = employer(&app, "ada@acme.example", "Acme").await;
    let grace = teammate(&app, &ada, "grace@example.com").await;
    let refused = app.call("delete_account", &[("password", PASSWORD)], Some(&ada)).await;
    assert_eq!(refused.status(), 400, "the company needs an owner");
    assert_eq!(app.call("hand_over_ownership", &[("email", "ada@acme.example")], Some(&grace)).await.status(), 403);
    assert_eq!(app.call("hand_over_ownership", &[("email", "grace@example.com")], Some(&ada)).await.status(), 200);
    assert_eq!(
        team_emails(&app, &grace).await,
        [("ada@acme.example".to_owned(), "member".to_owned()), ("grace@example.com".to_owned(), "owner".to_owned())]
    );
    let wrong = app.call("delete_account", &[("password", "not my password")], Some(&ada)).await;
    assert_eq!(wrong.status(), 400, "the password confirms it");
    assert_eq!(app.call("delete_account", &[("password", PASSWORD)], Some(&ada)).await.status(), 200);
    assert_eq!(app.call("dashboard", &[], Some(&ada)).await.status(), 401);
    let login = app.call("login", &[("email", "ada@acme.example"), ("password", PASSWORD), ("next", "")], None).await;
    assert_eq!(login.status(), 400, "the account is gone");
    assert_eq!(team_emails(&app, &grace).await, [("grace@example.com".to_owned(), "owner".to_owned())]);
    let actions = audited(&app).await;
    assert!(actions.contains(&"hand over ownership".to_owned()) && actions.contains(&"delete account".to_owned()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owner_alone_deleting_the_account_closes_the_company() {
    let app = TestApp::new().await;
    let moderator = moderator(&app).await;
    let ada = employer(&app, "ada@acme.example", "Acme").await;
    let (_, path) = live_posting(&app, &ada, &moderator, &draft("Pipeline Engineer")).await;
    assert_eq!(app.call("invite_teammate", &[("email", "grace@example.com")], Some(&ada)).await.status(), 200);
    let mail = app.mail_to("grace@example.com").await.expect("the invitation");
    let link = crate::harness::link_in(&mail, &format!("{}/join?token=", app.url));
    let token = link.split("token=").nth(1).expect("token").to_owned();
    assert_eq!(app.call("delete_account", &[("password", PASSWORD)], Some(&ada)).await.status(), 200);
    app.page(&path, 410).await;
    assert!(audited(&app).await.contains(&"close company".to_owned()));
    let join = app.call("accept_invite", &[("token", &token), ("password", PASSWORD)], None).await;
    assert_eq!(join.status(), 400, "nobody joins a closed company");
    assert_eq!(app.count("memberships", "1 = 1").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unconfirmed_account_can_neither_sign_in_nor_act() {
    let app = TestApp::new().await;
    let form = [("email", "eve@example.com"), ("password", PASSWORD), ("company_name", "Eve Corp")];
    assert_eq!(app.call("signup", &form, None).await.status(), 200);
    let login = app.call("login", &[("email", "eve@example.com"), ("password", PASSWORD), ("next", "")], None).await;
    assert_eq!(login.status(), 400, "no session until the address is confirmed");
    assert!(crate::harness::session_cookie(&login).is_none());

    // A session from before confirmation was required still cannot act.
    let session = farcoder::server::auth::token::generate();
    let user =
        farcoder::server::repo::users::find_by_email(&app.db, "eve@example.com").await.expect("find").expect("user");
    let digest = farcoder::server::auth::token::digest(&session);
    farcoder::server::repo::sessions::insert(&app.db, &digest, user.id, now(), now() + HOUR).await.expect("session");
    let id: i64 =
        call(&app, "create_posting", &fields(&draft("Pipeline Engineer")), &session).await.json().await.expect("id");
    assert_eq!(app.call("submit_posting", &[("id", &id.to_string())], Some(&session)).await.status(), 400);
    assert_eq!(app.call("invite_teammate", &[("email", "mallory@example.com")], Some(&session)).await.status(), 400);
    assert_eq!(save_profile(&app, &session, "Eve Corp", "https://eve.example").await, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_log_line_carries_a_link_a_token_or_an_address() {
    let dir = tempfile::tempdir().expect("dir");
    let database = format!("sqlite://{}", dir.path().join("logs.db").display());
    let mailbox = crate::mailbox::Mailbox::new();
    let mail_env = mailbox.env();
    let mut env = vec![("DATABASE_URL", database.as_str()), ("FARCODER_DEMO_DATA", "0")];
    env.extend(mail_env.iter().map(|(k, v)| (*k, v.as_str())));
    let mut server = crate::processes::Server::start(&env).await;
    let client = reqwest::Client::new();
    let post = |function: &str, form: &[(&str, &str)]| {
        client
            .post(format!("{}/api/fn/{function}", server.url))
            .header("origin", &server.url)
            .header("accept", "application/json")
            .form(form)
            .send()
    };
    let signup = [("email", "ada@example.com"), ("password", PASSWORD), ("company_name", "Acme")];
    assert_eq!(post("signup", &signup).await.expect("signup").status(), 200);
    assert_eq!(post("request_reset", &[("email", "ada@example.com")]).await.expect("reset").status(), 200);
    let started = std::time::Instant::now();
    while mailbox.all().len() < 2 {
        assert!(started.elapsed() < std::time::Duration::from_secs(15), "the mails never arrived");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    server.wait_for_log("e-mail sent", std::time::Duration::from_secs(5)).await;
    let log = server.log();
    for secret in ["token=", "/confirm", "/reset", "ada@example.com", "Welcome to FarCoder", "password"] {
        assert!(!log.contains(secret), "the log shows {secret:?}:\n{log}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replaced_edit_cannot_be_approved_in_place_of_the_newer_one() {
    let app = TestApp::new().await;
    let moderator = moderator(&app).await;
    let session = employer(&app, "ada@acme.example", "Acme").await;
    let (id, path) = live_posting(&app, &session, &moderator, &draft("Pipeline Engineer")).await;
    edit(&app, &session, id, &draft("Pipeline Engineer, Streaming")).await;
    let seen = queue(&app, &moderator).await.revisions.remove(0);
    // The employer swaps in other text while the moderator reads the first.
    edit(&app, &session, id, &draft("Pipeline Engineer, Payouts Wallet")).await;
    assert_eq!(decide_edit(&app, &moderator, seen.id, "approve", "").await.status(), 400, "what they saw is gone");
    assert!(!app.page(&path, 200).await.contains("Payouts Wallet"), "nothing unseen went live");
    let newer = queue(&app, &moderator).await.revisions.remove(0);
    assert_ne!(newer.id, seen.id, "an edit's number is never reused");
    assert_eq!(decide_edit(&app, &moderator, newer.id, "approve", "").await.status(), 200);
    assert!(app.search_ids("q=payouts").await.contains(&id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editing_a_posting_in_review_sends_it_back_to_draft() {
    let app = TestApp::new().await;
    let moderator = moderator(&app).await;
    let session = employer(&app, "ada@acme.example", "Acme").await;
    let id: i64 =
        call(&app, "create_posting", &fields(&draft("Pipeline Engineer")), &session).await.json().await.expect("id");
    app.call("submit_posting", &[("id", &id.to_string())], Some(&session)).await;
    assert_eq!(edit(&app, &session, id, &draft("Pipeline Engineer, Crypto Bonus")).await.status(), 200);
    let form = [("id", id.to_string()), ("decision", "approve".into()), ("reason", String::new())];
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call("moderate", &pairs, Some(&moderator)).await.status(), 400, "the text changed under review");
    assert!(app.search_ids("").await.is_empty(), "nothing was published");
    let dashboard: Dashboard = app.call("dashboard", &[], Some(&session)).await.json().await.expect("dashboard");
    assert_eq!(dashboard.jobs[0].status, farcoder::model::PostingStatus::Draft);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_a_posting_drops_its_waiting_edit() {
    let app = TestApp::new().await;
    let moderator = moderator(&app).await;
    let session = employer(&app, "ada@acme.example", "Acme").await;
    let (id, _) = live_posting(&app, &session, &moderator, &draft("Pipeline Engineer")).await;
    edit(&app, &session, id, &draft("Pipeline Engineer II")).await;
    assert_eq!(app.call("close_posting", &[("id", &id.to_string())], Some(&session)).await.status(), 200);
    assert!(queue(&app, &moderator).await.revisions.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_304_keeps_the_policy_the_browser_stored_with_the_page() {
    let app = TestApp::with_demo_data().await;
    let first = app.get("/jobs").await;
    let etag = first.headers()["etag"].to_str().expect("etag").to_owned();
    let again = app.client.get(format!("{}/jobs", app.url)).header("if-none-match", &etag).send().await.expect("GET");
    assert_eq!(again.status(), 304);
    assert!(again.headers().get("content-security-policy").is_none(), "the kept body keeps its own policy");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_served_from_memory_carries_the_same_policy_and_body() {
    let app = TestApp::with_config(|c| c.page_cache = true).await;
    let company = app.company("Globex").await;
    app.post_job(&company, crate::harness::JobSpec::titled("Platform Engineer")).await;
    let mut seen = Vec::new();
    for _ in ["rendered", "kept"] {
        let response = app.get("/jobs").await;
        let policy = response.headers()["content-security-policy"].to_str().expect("csp").to_owned();
        seen.push((policy, response.text().await.expect("body")));
    }
    assert_eq!(seen[0], seen[1], "nothing in a page or its policy differs per response");
    assert!(app.pages.counts().0 >= 1, "the second was served from memory");
}
