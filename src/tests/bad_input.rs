//! Bad input never gives a 500: the page renders and says what it ignored.

use crate::harness::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nonsense_filters_are_ignored_with_a_note() {
    let app = TestApp::with_demo_data().await;
    let cases = [
        ("category=astronaut", "unknown category"),
        ("level=wizard", "unknown level"),
        ("stack=cobol", "unknown stack"),
        ("region=atlantis", "unknown region"),
        ("type=forever", "unknown job type"),
        ("sort=random", "unknown sort order"),
        ("min_salary=lots", "minimum salary"),
        ("min_salary=-5", "minimum salary"),
        ("page=-3", "page number"),
        ("page=99999999999999999999999999", "page number"),
        ("page=abc", "page number"),
    ];
    for (query, note) in cases {
        let html = app.page(&format!("/jobs?{query}"), 200).await;
        assert!(html.contains(note), "/jobs?{query} does not mention {note}");
        assert!(html.contains("class=\"job-card"), "/jobs?{query} shows no jobs");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_text_queries_render() {
    let app = TestApp::with_demo_data().await;
    let huge = "x".repeat(10 * 1024);
    let queries = [
        format!("q={huge}"),
        "q=%00%01%02%1B%7F".to_owned(),
        "q=%E2%80%AE%F0%9F%A6%80%E2%80%8B%CC%81".to_owned(),
        "q=%22%27%3B--%20DROP%20TABLE%20jobs".to_owned(),
        "q=NEAR(a%20b)%20OR%20*%20%5E".to_owned(),
        "q=%FF%FE".to_owned(),
        "page=2&page=3&q=a&q=b".to_owned(),
    ];
    for query in &queries {
        let response = app.get(&format!("/jobs?{query}")).await;
        assert_eq!(response.status(), 200, "/jobs?{}", &query[..query.len().min(60)]);
    }
    let html = app.page(&format!("/jobs?q={huge}"), 200).await;
    assert!(html.contains("shortened to its first 200 characters"));
    // The jobs table survived the injection attempt.
    assert!(app.search("").await.total > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enormous_page_numbers_do_not_break_search() {
    let app = TestApp::with_demo_data().await;
    let results = app.search("page=1000").await;
    assert!(results.jobs.is_empty());
    assert!(results.total > 0);
    let html = app.page("/jobs?page=1000", 200).await;
    assert!(html.contains("no results on this page"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_functions_answer_garbage_with_400() {
    let app = TestApp::new().await;
    let client = reqwest::Client::new();
    for (function, query) in [("search_jobs", "zzz"), ("job", "slug[=x")] {
        let response = client.get(format!("{}/api/fn/{function}?{query}", app.url)).send().await.expect("GET");
        assert_eq!(response.status(), 400, "{function} with {query}");
    }
    for (function, body) in [("signup", "email=a"), ("close_posting", "id=abc")] {
        let response = client
            .post(format!("{}/api/fn/{function}", app.url))
            .header("origin", &app.url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("POST");
        assert_eq!(response.status(), 400, "{function} with {body}");
    }
}
