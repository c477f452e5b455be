//! Job alerts end to end over HTTP and the real SMTP server: subscribe from
//! a search, double opt-in, digests of only what is new and matches, the
//! subscriber's private page, one-click unsubscribe, and the limits.

use farcoder::model::{AlertsPage, Stack, Time};
use farcoder::server::now;
use farcoder::server::repo::outbox;
use farcoder::server::syndication::alerts::{Links, digest};

use crate::harness::{JobSpec, TestApp, link_in};

pub(crate) async fn subscribe(app: &TestApp, email: &str, query: &str, frequency: &str) -> reqwest::Response {
    app.call(
        "subscribe_alert",
        &[("email", email), ("query", query), ("frequency", frequency), ("back", "/jobs")],
        None,
    )
    .await
}

/// The confirmation link mailed to `email`, as a path.
pub(crate) async fn confirmation(app: &TestApp, email: &str) -> String {
    let mail = app.mail_containing(email, "Confirm the alert here").await.expect("confirmation mail");
    link_in(&mail, &format!("{}/alerts/confirm?", app.url)).trim_start_matches(&app.url).to_owned()
}

pub(crate) async fn build(app: &TestApp, at: Time) -> digest::Run {
    let state_secret = secret(app).await;
    let links = Links { secret: &state_secret, base: &app.url };
    digest::build_due(&app.db, &search(app), links, at).await.expect("digests")
}

async fn secret(app: &TestApp) -> farcoder::server::auth::secret::Secret {
    farcoder::server::auth::secret::Secret::load(&app.db, None, now()).await.expect("secret")
}

fn search(app: &TestApp) -> farcoder::server::read_model::ReadModel {
    app.search_engine.clone()
}

/// Every confirmed alert as if confirmed `secs` ago: postings published
/// since then are new to it.
pub(crate) async fn confirmed_ago(app: &TestApp, secs: i64) {
    sqlx::query(&format!("UPDATE alerts SET since = since - {secs} WHERE confirmed_at IS NOT NULL"))
        .execute(&app.db.pool)
        .await
        .expect("since");
}

/// What only a digest says.
const DIGEST: &str = "Unsubscribe from this alert";

/// A day goes by: every alert's and posting's dates move a day into the
/// past (digests are built at the real time, as the mail they queue is).
pub(crate) async fn a_day_passes(app: &TestApp) {
    for sql in [
        "UPDATE alerts SET since = since - 86400, due_at = due_at - 86400, created_at = created_at - 86400, \
         confirmed_at = confirmed_at - 86400",
        "UPDATE jobs SET published_at = published_at - 86400, created_at = created_at - 86400",
    ] {
        sqlx::query(sql).execute(&app.db.pool).await.expect("a day passes");
    }
}

pub(crate) fn fresh(title: &str) -> JobSpec {
    JobSpec { age_days: 0, stacks: vec![Stack::Rust], ..JobSpec::titled(title) }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confirmed_alert_mails_only_new_matching_postings_with_one_click_unsubscribe() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    app.post_job(&acme, JobSpec { stacks: vec![Stack::Rust], ..JobSpec::titled("Old Rust Engineer") }).await;

    assert_eq!(subscribe(&app, "ada@example.com", "stack=rust&category=backend&page=3", "daily").await.status(), 200);
    let link = confirmation(&app, "ada@example.com").await;
    // Double opt-in: nothing is due before the link is opened.
    app.post_job(&acme, fresh("Rust Platform Engineer")).await;
    a_day_passes(&app).await;
    assert_eq!(build(&app, now()).await.alerts, 0, "unconfirmed alerts send nothing");

    let page = app.page(&link, 200).await;
    assert!(page.contains("Turn the alert on") && page.contains("Rust"), "{page}");
    assert_eq!(
        app.count("alerts", "confirmed_at IS NOT NULL").await,
        0,
        "opening the link (as a mail scanner does) turns nothing on"
    );
    let (status, page) = app.press_link(&link).await;
    assert!(status == 200 && page.contains("Your alert is on") && page.contains("Rust"), "{page}");
    confirmed_ago(&app, 60).await;
    app.post_job(&acme, fresh("Rust Storage Engineer")).await;
    app.post_job(&acme, fresh("Rust Search Engineer")).await;
    app.post_job(&acme, JobSpec { age_days: 0, ..JobSpec::titled("Go Payments Engineer") }).await;

    assert_eq!(build(&app, now()).await.alerts, 0, "a daily alert waits a day");
    a_day_passes(&app).await;
    let run = build(&app, now()).await;
    assert_eq!((run.alerts, run.digests), (1, 1));
    let mail = app.mail_containing("ada@example.com", DIGEST).await.expect("the digest");
    assert!(mail.contains("Subject: 2 new remote jobs: Backend · Rust"), "{mail}");
    assert!(mail.contains("Rust Storage Engineer") && mail.contains("Rust Search Engineer"), "{mail}");
    assert!(!mail.contains("Go Payments Engineer") && !mail.contains("Old Rust Engineer"), "{mail}");
    assert!(!mail.contains("Rust Platform Engineer"), "published before the alert began: {mail}");
    assert!(mail.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), "{mail}");
    assert!(mail.contains("<a href="), "an HTML part beside the text: {mail}");
    let manage = link_in(&mail, &format!("{}/alerts/manage?", app.url));
    let unsubscribe = link_in(&mail, &format!("{}/alerts/unsubscribe?", app.url));
    assert!(mail.contains(&format!("List-Unsubscribe: <{unsubscribe}>")), "{mail}");

    // Nothing new: no mail, though the alert was looked at.
    let before = app.mail_count();
    a_day_passes(&app).await;
    let run = build(&app, now()).await;
    assert_eq!((run.alerts, run.digests), (1, 0));
    assert_eq!(app.mail_count(), before);

    // One click, as a mail client does it: no page, no origin.
    let response = reqwest::Client::new()
        .post(&unsubscribe)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("one-click");
    assert_eq!(response.status(), 200);
    let page = app.page(manage.trim_start_matches(&app.url), 200).await;
    assert!(page.contains("No alerts left"), "{page}");
    let again =
        reqwest::Client::new().post(&unsubscribe).body("List-Unsubscribe=One-Click").send().await.expect("again");
    assert_eq!(again.status(), 404, "gone already");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_digest_ranks_like_jobs_lists_twenty_and_links_to_the_rest() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    assert_eq!(subscribe(&app, "ada@example.com", "q=compiler", "daily").await.status(), 200);
    app.press_link(&confirmation(&app, "ada@example.com").await).await;
    confirmed_ago(&app, 60).await;
    for n in 0..24 {
        app.post_job(&acme, fresh(&format!("Compiler Engineer {n:02}"))).await;
    }
    app.post_job(&acme, fresh("Frontend Engineer")).await;
    a_day_passes(&app).await;
    assert_eq!(build(&app, now()).await.digests, 1);
    let mail = app.mail_containing("ada@example.com", DIGEST).await.expect("digest");
    assert!(mail.contains("24 new remote jobs"), "{mail}");
    let listed = mail.lines().filter(|l| l.starts_with("Compiler Engineer")).count();
    assert_eq!(listed, 20, "{mail}");
    assert!(mail.contains("And 4 more: ") && mail.contains("/jobs?q=compiler"), "{mail}");
    assert!(!mail.contains("Frontend Engineer"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_private_page_pauses_edits_and_deletes_and_no_one_else_can() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    assert_eq!(subscribe(&app, "ada@example.com", "q=rust", "daily").await.status(), 200);
    app.press_link(&confirmation(&app, "ada@example.com").await).await;
    let mail = app.mail_containing("ada@example.com", "Confirm the alert").await.expect("mail");
    drop(mail);
    // The manage link comes with every digest; ask for it as a second subscribe does.
    assert_eq!(subscribe(&app, "ada@example.com", "q=rust", "daily").await.status(), 200, "same answer");
    let mail = app.mail_containing("ada@example.com", "has that alert already").await.expect("manage link");
    let manage = link_in(&mail, &format!("{}/alerts/manage?", app.url)).trim_start_matches(&app.url).to_owned();
    let args: Vec<(String, String)> = form_urlencoded::parse(manage.split_once('?').expect("query").1.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let (s, key) = (args[0].1.clone(), args[1].1.clone());
    let page: AlertsPage = app.read("alerts_page", &[("s", &s), ("key", &key)]).await.json().await.expect("page");
    assert_eq!((page.email.as_str(), page.alerts.len()), ("ada@example.com", 1));
    let alert = page.alerts[0].id.to_string();
    assert_eq!(app.read("alerts_page", &[("s", &s), ("key", &"0".repeat(32))]).await.status(), 404, "a made-up key");

    let change = |change: &'static str, words: &'static str, frequency: &'static str| {
        let (s, key, alert) = (s.clone(), key.clone(), alert.clone());
        let app = &app;
        async move {
            let form = [
                ("s", s.as_str()),
                ("key", &key),
                ("alert", &alert),
                ("change", change),
                ("words", words),
                ("frequency", frequency),
            ];
            app.call("change_alert", &form, None).await.status()
        }
    };
    assert_eq!(change("pause", "", "").await, 200);
    confirmed_ago(&app, 60).await;
    app.post_job(&acme, fresh("Rust Engineer")).await;
    a_day_passes(&app).await;
    assert_eq!(build(&app, now()).await.alerts, 0, "a paused alert is not due");
    assert_eq!(change("resume", "", "").await, 200);
    assert_eq!(change("edit", "rust compiler", "weekly").await, 200);
    let page: AlertsPage = app.read("alerts_page", &[("s", &s), ("key", &key)]).await.json().await.expect("page");
    assert_eq!(page.alerts[0].words, "rust compiler");
    assert_eq!(page.alerts[0].frequency, farcoder::model::AlertFrequency::Weekly);
    assert_eq!(change("edit", "", "instant").await, 400, "instant is for verified searches");
    // Without JavaScript the page comes back, showing the change.
    let form = [("s", s.as_str()), ("key", &key), ("alert", &alert), ("change", "delete")];
    let response = app.submit_form("change_alert", &manage, &form).await;
    assert!(response.status().is_redirection(), "{}", response.status());
    let back = response.headers()["location"].to_str().expect("location").to_owned();
    assert!(app.page(&back, 200).await.contains("No alerts left"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscribing_without_javascript_returns_to_the_search_with_a_notice() {
    let app = TestApp::new().await;
    let page = app.page("/jobs?q=rust&stack=rust", 200).await;
    assert!(page.contains("E-mail me new jobs like these") && page.contains("/jobs/feed.xml?q=rust&amp;stack=rust"));
    let form = [
        ("email", "ada@example.com"),
        ("query", "q=rust&stack=rust"),
        ("frequency", "weekly"),
        ("back", "/jobs?q=rust&stack=rust"),
    ];
    let response = app.submit_form("subscribe_alert", "/jobs?q=rust&stack=rust", &form).await;
    assert!(response.status().is_redirection(), "{}", response.status());
    let back = response.headers()["location"].to_str().expect("location").to_owned();
    assert!(back.starts_with("/jobs?q=rust&stack=rust&alert=sent"), "{back}");
    assert!(app.page(&back, 200).await.contains("Check your inbox"));
    assert!(app.mail_containing("ada@example.com", "Confirm the alert here").await.is_some());
    let landing = app.page("/remote-backend-developer-jobs", 200).await;
    assert!(landing.contains("E-mail me new jobs like these"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_alert_form_comes_back_with_what_was_typed() {
    let app = TestApp::new().await;
    let form = [("email", "ada@example"), ("query", "q=rust"), ("frequency", "weekly"), ("back", "/jobs?q=rust")];
    let page = app.refused_form_page("subscribe_alert", "/jobs", &form, None).await;
    assert!(page.contains(r#"value="ada@example""#), "the address as typed");
    assert!(page.contains(r#"<option value="weekly" selected"#), "and how often");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alerts_have_limits_and_clear_errors() {
    let app = TestApp::new().await;
    let status = |r: reqwest::Response| r.status().as_u16();
    assert_eq!(status(subscribe(&app, "not an address", "q=rust", "daily").await), 400);
    assert_eq!(status(subscribe(&app, "ada@example.com", "q=rust", "hourly").await), 400);
    assert_eq!(status(subscribe(&app, "ada@example.com", "q=rust", "instant").await), 400);
    assert_eq!(status(subscribe(&app, "ada@example.com", "q=rust&verified=1", "instant").await), 200);
    // Ten per client address an hour.
    let mut statuses = Vec::new();
    for n in 0..10 {
        statuses.push(status(subscribe(&app, "bo@example.com", &format!("q=word{n}"), "daily").await));
    }
    assert_eq!(statuses[..9], [200; 9], "{statuses:?}");
    assert_eq!(statuses[9], 429, "{statuses:?}");
    // A stranger cannot flood one inbox with confirmations.
    let confirmations = || app.mailbox.all().iter().filter(|m| m.delivered_to == "bo@example.com").count();
    for _ in 0..50 {
        if confirmations() >= 3 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // Two more rounds of the sender, which would have sent a fourth.
    app.rounds_pass("jobs", 2).await;
    assert_eq!(confirmations(), 3, "three confirmation mails an hour, whatever a stranger asks");
}

/// `subscribe`, from client address `ip` (the test server trusts one proxy).
async fn subscribe_from(app: &TestApp, ip: &str, email: &str, query: &str) -> reqwest::Response {
    let form = [("email", email), ("query", query), ("frequency", "daily"), ("back", "/jobs")];
    app.client
        .post(format!("{}/api/fn/subscribe_alert", app.url))
        .header("accept", "application/json")
        .header("x-forwarded-for", ip)
        .form(&form)
        .send()
        .await
        .expect("subscribe")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alerts_asked_for_at_once_stay_within_the_ten() {
    let app = TestApp::with_config(|config| {
        config.proxies = farcoder::server::auth::proxy::ProxyRule::from_settings(None, Some("1")).expect("proxies");
    })
    .await;
    for n in 0..8 {
        let response = subscribe_from(&app, &format!("10.0.0.{n}"), "ada@example.com", &format!("q=word{n}")).await;
        assert_eq!(response.status(), 200);
    }
    // Eight more at once, with room for two.
    let asked = (0..8).map(|n| {
        let app = &app;
        async move { subscribe_from(app, &format!("10.0.2.{n}"), "ada@example.com", &format!("q=more{n}")).await }
    });
    let answers = futures_util::future::join_all(asked).await;
    let taken = answers.iter().filter(|r| r.status() == 200).count();
    let (kept,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM alerts").fetch_one(&app.db.pool).await.expect("count");
    assert_eq!((taken, kept), (2, 10), "two taken, and no more kept than ten");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_address_keeps_at_most_ten_alerts_and_bouncing_ones_pause() {
    let app = TestApp::with_config(|config| {
        config.proxies = farcoder::server::auth::proxy::ProxyRule::from_settings(None, Some("1")).expect("proxies");
    })
    .await;
    let acme = app.company("Acme").await;
    for n in 0..10 {
        let response = subscribe_from(&app, &format!("10.0.0.{n}"), "ada@example.com", &format!("q=word{n}")).await;
        assert_eq!(response.status(), 200);
    }
    sqlx::query("UPDATE alerts SET confirmed_at = 1").execute(&app.db.pool).await.expect("confirm all");
    let eleventh = subscribe_from(&app, "10.0.1.1", "ada@example.com", "q=word10").await;
    assert_eq!(eleventh.status(), 400);
    assert!(eleventh.text().await.expect("body").contains("as many as one may keep"));
    assert_eq!(subscribe_from(&app, "10.0.1.2", "ada@example.com", "q=word3").await.status(), 200, "one it has");

    confirmed_ago(&app, 60).await;
    for n in 0..10 {
        app.post_job(&acme, fresh(&format!("Engineer word{n}"))).await;
    }
    outbox::record_bounce(&app.db, "ada@example.com", "550 no such mailbox", now()).await.expect("bounce");
    a_day_passes(&app).await;
    assert_eq!(build(&app, now()).await.alerts, 0, "alerts to a bouncing address pause");
    outbox::clear_bounce(&app.db, "ada@example.com").await.expect("clear");
    assert_eq!(build(&app, now()).await.digests, 10);
}
