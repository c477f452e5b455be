//! `/metrics`: closed without a token, and with one the figures operators
//! watch, moving as the app works.

use farcoder::server::now;
use farcoder::server::repo::outbox;

use crate::harness::{METRICS_TOKEN, TestApp};

async fn scrape(app: &TestApp, token: Option<&str>) -> reqwest::Response {
    let mut request = app.client.get(format!("{}/metrics", app.url));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("GET /metrics")
}

/// The value of the sample line that starts with `series`.
fn sample(text: &str, series: &str) -> f64 {
    text.lines()
        .find(|l| l.starts_with(series) && l[series.len()..].starts_with(' '))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {series} in\n{text}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_need_the_token_and_count_requests_mail_and_the_cache() {
    let app = TestApp::new().await;
    assert_eq!(scrape(&app, None).await.status(), 401);
    assert_eq!(scrape(&app, Some("wrong-token-of-some-length")).await.status(), 401);

    app.page("/jobs", 200).await;
    app.get("/pkg/missing.js").await;
    outbox::enqueue(
        &app.db,
        &outbox::Outgoing { recipient: "ada@example.com", subject: "Hello", body: "Hi.\n", ..Default::default() },
        now(),
    )
    .await
    .expect("enqueue");
    assert!(app.mail_to("ada@example.com").await.is_some());
    // The SMTP server holds the mail a moment before its sender counts it
    // sent: scrape until the count comes (or give up after five seconds).
    let mut text = String::new();
    for _ in 0..50 {
        let response = scrape(&app, Some(METRICS_TOKEN)).await;
        assert_eq!(response.status(), 200);
        assert!(response.headers()["content-type"].to_str().expect("type").starts_with("text/plain"));
        text = response.text().await.expect("body");
        if sample(&text, "farcoder_mail_sent_total") >= 1.0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(sample(&text, r#"farcoder_http_requests_total{route="/jobs",method="GET",status="200"}"#), 1.0);
    assert!(sample(&text, r#"farcoder_http_requests_total{route="fallback",method="GET",status="404"}"#) >= 1.0);
    assert!(sample(&text, r#"farcoder_http_request_duration_seconds_count{route="/jobs"}"#) >= 1.0);
    assert!(sample(&text, "farcoder_mail_sent_total") >= 1.0);
    assert_eq!(sample(&text, "farcoder_outbox_depth"), 0.0);
    for series in [
        "farcoder_mail_failed_total",
        "farcoder_mail_retried_total",
        "farcoder_alert_digests_total",
        "farcoder_page_cache_hits_total",
        "farcoder_page_cache_misses_total",
        "farcoder_search_index_lag_seconds",
    ] {
        sample(&text, series);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_not_served_without_a_configured_token() {
    let app = TestApp::with_config(|config| config.metrics_token = None).await;
    assert_eq!(scrape(&app, Some(METRICS_TOKEN)).await.status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn made_up_methods_and_paths_add_no_series() {
    let app = TestApp::new().await;
    let method = reqwest::Method::from_bytes(b"BREWCOFFEE").expect("method");
    for n in 0..5 {
        let path = format!("/made-up-{n}/path-{n}");
        let response = app.client.request(method.clone(), format!("{}{path}", app.url)).send().await.expect("send");
        assert!(response.status().is_client_error(), "{path}: {}", response.status());
        app.get(&format!("/jobs/made-up-slug-{n}")).await;
    }
    let text = scrape(&app, Some(METRICS_TOKEN)).await.text().await.expect("metrics");
    assert!(!text.contains("BREWCOFFEE") && !text.contains("made-up"), "{text}");
    assert!(text.contains("method=\"other\""), "made-up methods count as one: {text}");
    assert!(text.contains("route=\"/jobs/{slug}\""), "a page counts by its route template: {text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_names_a_panic_only_to_the_operator() {
    let app = TestApp::new().await;
    app.tasks
        .every("boom", std::time::Duration::from_secs(3600), || async { panic!("lost the row for hr@victim.example") });
    let mut body = String::new();
    for _ in 0..100 {
        body = app.page("/readyz", 200).await;
        if body.contains("task boom: unhealthy") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(body.contains("task boom: unhealthy") && !body.contains("victim"), "{body}");
    let request = app.client.get(format!("{}/readyz", app.url)).bearer_auth(METRICS_TOKEN);
    let operator = request.send().await.expect("GET").text().await.expect("body");
    assert!(operator.contains("lost the row for hr@victim.example"), "{operator}");
}
