//! The server-rendered pages as a crawler or a browser without JavaScript gets
//! them, and the health endpoints.

use crate::harness::{JobSpec, TestApp};

fn assert_head(html: &str, title: &str) {
    assert!(html.contains(&format!("<title>{title}</title>")), "title {title} missing");
    for tag in [
        r#"<meta name="description""#,
        r#"rel="canonical""#,
        r#"<meta property="og:title""#,
        r#"<meta property="og:url""#,
    ] {
        assert!(html.contains(tag), "{tag} missing from {title}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn home_shows_search_featured_latest_and_categories() {
    let app = TestApp::with_demo_data().await;
    let html = app.page("/", 200).await;
    assert_head(&html, "FarCoder");
    assert!(html.contains(r#"name="q""#));
    for section in ["Featured jobs", "Latest jobs", "Browse by role", "href=\"/jobs?category=backend\""] {
        assert!(html.contains(section), "home lacks {section}");
    }
    assert!(html.matches("class=\"job-card").count() >= 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jobs_page_renders_results_and_form_without_javascript() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    app.post_job(&acme, JobSpec::titled("Distributed Systems Engineer")).await;
    app.post_job(&acme, JobSpec { category: farcoder::model::Category::Mobile, ..JobSpec::titled("iOS Engineer") })
        .await;
    let html = app.page("/jobs?category=mobile&stack=go", 200).await;
    assert_head(&html, "Remote mobile developer jobs · FarCoder");
    assert!(html.contains("iOS Engineer"));
    assert!(!html.contains("Distributed Systems Engineer"));
    assert!(html.contains("1 job"));
    assert!(html.contains(r#"<form method="GET" action="/jobs""#) || html.contains(r#"action="/jobs""#));
    // The form shows the search it rendered.
    assert!(html.contains(r#"<option value="mobile" selected"#));
    assert!(html.contains(r#"value="go" checked"#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pagination_links_keep_the_filters() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    for i in 0..25 {
        app.post_job(&acme, JobSpec { age_days: i, ..JobSpec::titled(&format!("Job {i}")) }).await;
    }
    let html = app.page("/jobs?stack=go", 200).await;
    assert!(html.contains(r#"href="/jobs?stack=go&amp;page=2""#) || html.contains(r#"href="/jobs?stack=go&page=2""#));
    assert!(html.contains("Page 1 of 2"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_paths_get_the_designed_not_found_page() {
    let app = TestApp::new().await;
    let html = app.page("/no/such/page", 404).await;
    assert!(html.contains("Page not found"));
    assert!(html.contains(r#"href="/jobs""#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_readiness() {
    let app = TestApp::new().await;
    assert_eq!(app.page("/healthz", 200).await, "ok");
    assert!(app.page("/readyz", 200).await.starts_with("ready\npage cache: hits="));
    app.db.pool.close().await;
    assert_eq!(app.page("/readyz", 503).await, "database unreachable");
}

/// Listing the app's routes once suppressed resource loading process-wide
/// (leptos#4773), so a page rendered while another server started could hang
/// for ever. Servers now share one route list; pages keep rendering however
/// many servers start beside them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_render_while_other_servers_start() {
    let app = TestApp::new().await;
    let company = app.company("Steady Co").await;
    app.post_job(&company, JobSpec::titled("Steady Engineer")).await;
    let starting = tokio::spawn(async {
        for _ in 0..20 {
            TestApp::new().await;
        }
    });
    for _ in 0..40 {
        let html = app.page("/jobs", 200).await;
        assert!(html.contains("Steady Engineer"));
    }
    starting.await.expect("servers started");
}
