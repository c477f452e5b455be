//! The JSON API: fields, filters, cursor pages, errors, CORS and its OpenAPI document.

use serde_json::Value;

use crate::harness::{JobSpec, TestApp};

async fn json(app: &TestApp, path: &str, status: u16) -> Value {
    let response = app.get(path).await;
    assert_eq!(response.status(), status, "{path}");
    assert_eq!(response.headers()["access-control-allow-origin"], "*", "{path} is open to every origin");
    response.json().await.expect("JSON")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jobs_page_through_with_a_cursor_newest_first() {
    let app = TestApp::with_demo_data().await;
    let mut seen = Vec::new();
    let mut path = "/api/v1/jobs?category=backend&limit=7".to_owned();
    loop {
        let page = json(&app, &path, 200).await;
        let jobs = page["jobs"].as_array().expect("jobs");
        assert!(jobs.len() <= 7);
        for job in jobs {
            assert_eq!(job["category"], "backend");
            seen.push((job["published_at"].as_str().expect("date").to_owned(), job["id"].as_i64().expect("id")));
        }
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/jobs?category=backend&limit=7&cursor={cursor}"),
            None => break,
        }
    }
    let total = app.search("category=backend").await.total as usize;
    assert_eq!(seen.len(), total, "every backend job once");
    let mut sorted = seen.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(seen, sorted, "newest first, ties by id");
    sorted.dedup();
    assert_eq!(sorted.len(), total, "no job twice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_has_stable_fields_and_closed_ones_are_gone() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let id = app.post_job(&acme, JobSpec::titled("Rust Engineer")).await;
    let closed = app.post_job(&acme, JobSpec { status: "closed", ..JobSpec::titled("Old Engineer") }).await;

    let job = json(&app, &format!("/api/v1/jobs/{id}"), 200).await;
    assert_eq!(job["id"], id);
    assert_eq!(job["title"], "Rust Engineer");
    assert_eq!(job["company"]["name"], "Acme");
    assert_eq!(job["salary"]["currency"], "USD");
    assert_eq!(job["salary"]["usd_per_year_min"], 100_000);
    assert_eq!(job["locations"][0], "worldwide");
    assert!(job["url"].as_str().expect("url").starts_with(&format!("{}/jobs/rust-engineer-acme-", app.url)));
    assert!(job["description_html"].as_str().expect("html").contains("<p>"));
    assert!(job["published_at"].as_str().expect("date").ends_with('Z'));

    let gone = json(&app, &format!("/api/v1/jobs/{closed}"), 410).await;
    assert_eq!(gone["error"]["code"], "gone");
    assert_eq!(json(&app, "/api/v1/jobs/999999", 404).await["error"]["code"], "not_found");
    assert_eq!(json(&app, "/api/v1/jobs/abc", 400).await["error"]["code"], "bad_request");
    let list = json(&app, "/api/v1/jobs", 200).await;
    assert_eq!(list["jobs"].as_array().expect("jobs").len(), 1);
    assert!(list["next_cursor"].is_null());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_parameters_get_a_clear_json_error() {
    let app = TestApp::new().await;
    for (query, words) in [
        ("category=astronaut", "category"),
        ("limit=500", "limit"),
        ("cursor=yesterday", "cursor"),
        ("page=2", "cursor"),
        ("min_salary=lots", "salary"),
    ] {
        let body = json(&app, &format!("/api/v1/jobs?{query}"), 400).await;
        assert_eq!(body["error"]["code"], "bad_request");
        let message = body["error"]["message"].as_str().expect("message");
        assert!(message.to_lowercase().contains(words), "{query}: {message}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openapi_document_describes_both_endpoints() {
    let app = TestApp::new().await;
    let doc = json(&app, "/api/v1/openapi.json", 200).await;
    assert!(doc["openapi"].as_str().expect("version").starts_with("3."));
    for path in ["/api/v1/jobs", "/api/v1/jobs/{id}"] {
        assert!(doc["paths"][path]["get"].is_object(), "{path}");
    }
    let params: Vec<&str> = doc["paths"]["/api/v1/jobs"]["get"]["parameters"]
        .as_array()
        .expect("params")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    for name in ["q", "category", "stack", "level", "min_salary", "region", "type", "limit", "cursor"] {
        assert!(params.contains(&name), "{name} in {params:?}");
    }
    let job = &doc["components"]["schemas"]["Job"]["properties"];
    for field in ["id", "url", "title", "company", "salary", "locations", "published_at"] {
        assert!(job[field].is_object(), "Job.{field}");
    }
    let preflight = reqwest::Client::new()
        .request(reqwest::Method::OPTIONS, format!("{}/api/v1/jobs", app.url))
        .header("origin", "https://elsewhere.example")
        .header("access-control-request-method", "GET")
        .send()
        .await
        .expect("OPTIONS");
    assert!(preflight.status().is_success(), "{}", preflight.status());
    assert_eq!(preflight.headers()["access-control-allow-origin"], "*");
    assert_eq!(preflight.headers()["access-control-allow-methods"], "GET");
}

/// The ids a query finds on the search page, in the filtered feed and
/// through the API, each sorted (each orders in its own way).
async fn found_everywhere(app: &TestApp, query: &str) -> [Vec<i64>; 3] {
    let mut page = app.search_ids(query).await;
    let feed = app.page(&format!("/jobs/feed.xml?{query}"), 200).await;
    let doc = roxmltree::Document::parse(&feed).expect("feed XML");
    let mut items: Vec<i64> = doc
        .descendants()
        .filter(|n| n.has_tag_name("item"))
        .filter_map(|item| item.children().find(|n| n.has_tag_name("link")).and_then(|l| l.text()))
        .map(|link| farcoder::model::job_id_from_slug(link.rsplit('/').next().unwrap_or_default()).expect("job id"))
        .collect();
    let api = json(app, &format!("/api/v1/jobs?{query}"), 200).await;
    let mut listed: Vec<i64> = api["jobs"].as_array().expect("jobs").iter().filter_map(|j| j["id"].as_i64()).collect();
    for ids in [&mut page, &mut items, &mut listed] {
        ids.sort_unstable();
    }
    [page, items, listed]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_search_page_the_feed_and_the_api_find_the_same_postings() {
    use farcoder::model::Stack;
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let platform = app.post_job(&acme, JobSpec::titled("Platform Engineer")).await;
    let kubernetes =
        app.post_job(&acme, JobSpec { stacks: vec![Stack::Kubernetes], ..JobSpec::titled("Cluster Operator") }).await;
    let frontend = app
        .post_job(&acme, JobSpec { category: farcoder::model::Category::Frontend, ..JobSpec::titled("UI Engineer") })
        .await;
    app.post_job(&acme, JobSpec { status: "closed", ..JobSpec::titled("Platform Lead") }).await;
    let cases: [(&str, Vec<i64>); 5] = [
        // Stemmed and forgiving a typo, as the database's own prefix
        // matching never was.
        ("q=engineers", vec![platform, frontend]),
        ("q=platfrom", vec![platform]),
        // A synonym: k8s is Kubernetes.
        ("q=k8s", vec![kubernetes]),
        ("q=engineer&category=frontend", vec![frontend]),
        ("category=backend", vec![platform, kubernetes]),
    ];
    for (query, expected) in cases {
        let [page, feed, api] = found_everywhere(&app, query).await;
        assert_eq!(page, expected, "/jobs?{query}");
        assert_eq!(feed, expected, "/jobs/feed.xml?{query}");
        assert_eq!(api, expected, "/api/v1/jobs?{query}");
    }
}
