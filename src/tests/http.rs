//! HTTP done right: compressed responses, and pages with validators and
//! cache rules that tell anonymous pages from personal ones.

use crate::harness::{JobSpec, TestApp};

async fn get(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = app.client.get(format!("{}{path}", app.url));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.expect("GET")
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn responses_are_compressed_as_the_client_accepts() {
    let app = TestApp::with_demo_data().await;
    let plain = get(&app, "/jobs", &[]).await;
    assert_eq!(header(&plain, "content-encoding"), "");
    let plain_size = plain.bytes().await.expect("body").len();
    for (accepts, encoding) in [("br", "br"), ("gzip", "gzip"), ("gzip, deflate, br", "br")] {
        let response = get(&app, "/jobs", &[("accept-encoding", accepts)]).await;
        assert_eq!(header(&response, "content-encoding"), encoding, "{accepts}");
        let size = response.bytes().await.expect("body").len();
        assert!(size * 4 < plain_size, "{encoding}: {size} of {plain_size} bytes");
    }
    let json = get(&app, "/api/v1/jobs", &[("accept-encoding", "br")]).await;
    assert_eq!(header(&json, "content-encoding"), "br", "the API too");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_carry_a_validator_and_answer_304_when_unchanged() {
    let app = TestApp::new().await;
    let company = app.company("Acme").await;
    app.post_job(&company, JobSpec::titled("Cache Engineer")).await;
    let first = get(&app, "/jobs", &[]).await;
    let etag = header(&first, "etag");
    assert!(etag.starts_with("W/\""), "{etag}");
    assert_eq!(header(&first, "cache-control"), "public, max-age=60");
    assert!(header(&first, "vary").contains("Cookie"));

    let again = get(&app, "/jobs", &[("if-none-match", &etag)]).await;
    assert_eq!(again.status(), 304);
    assert_eq!(header(&again, "etag"), etag);
    assert!(again.bytes().await.expect("body").is_empty());

    app.post_job(&company, JobSpec::titled("Second Engineer")).await;
    let changed = get(&app, "/jobs", &[("if-none-match", &etag)]).await;
    assert_eq!(changed.status(), 200, "a new job is a new page");
    assert_ne!(header(&changed, "etag"), etag);
    assert!(changed.text().await.expect("body").contains("Second Engineer"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_in_pages_are_never_shared() {
    let app = TestApp::new().await;
    let session = app.sign_up("ada@example.com", "correct horse battery", "Acme").await;
    let dashboard = app.get_as("/dashboard", &session).await;
    assert_eq!(dashboard.status(), 200);
    assert_eq!(header(&dashboard, "cache-control"), "private, no-cache");
    let home = app.get_as("/", &session).await;
    assert_eq!(header(&home, "cache-control"), "private, no-cache", "even a public page, once signed in");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_pages_are_served_from_memory_until_a_write() {
    // The change log read once an hour at most: what another server writes
    // reaches this one's kept pages only then.
    let app = TestApp::with_config(|c| c.search_poll = std::time::Duration::from_secs(3600)).await;
    let company = app.company("Acme").await;
    app.post_job(&company, JobSpec::titled("Cache Engineer")).await;
    app.search_engine.catch_up(&app.db).await.expect("the follower's round");
    let first = app.page("/jobs", 200).await;
    assert!(first.contains("Cache Engineer"));
    // Written behind the server's back, the page is not rendered again…
    app.post_job(&company, JobSpec::titled("Hidden Engineer")).await;
    assert!(!app.page("/jobs", 200).await.contains("Hidden Engineer"));
    // …but a signed-in visitor's page always is, and any write here drops
    // what was kept.
    let session = app.sign_up("ops@acme.example", "correct horse battery", "Beta").await;
    let mine = app.get_as("/jobs", &session).await.text().await.expect("body");
    assert!(mine.contains("Hidden Engineer"));
    assert!(app.page("/jobs", 200).await.contains("Hidden Engineer"), "the sign-up was a write");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kept_page_keeps_its_validator_and_answers_304() {
    let app = TestApp::with_config(|c| c.page_cache = true).await;
    let company = app.company("Acme").await;
    app.post_job(&company, JobSpec::titled("Cache Engineer")).await;
    let first = get(&app, "/jobs", &[]).await;
    let etag = header(&first, "etag");
    let kept = get(&app, "/jobs", &[]).await;
    assert_eq!((kept.status().as_u16(), header(&kept, "etag")), (200, etag.clone()));
    assert_eq!(header(&kept, "cache-control"), "public, max-age=60");
    let unchanged = get(&app, "/jobs", &[("if-none-match", &etag)]).await;
    assert_eq!(unchanged.status(), 304);
    assert!(unchanged.bytes().await.expect("body").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn build_assets_are_cached_and_served_precompressed() {
    let app = TestApp::new().await;
    let pkg = app.site_root().join("pkg");
    std::fs::create_dir_all(&pkg).expect("pkg");
    std::fs::write(pkg.join("farcoder.css"), "body { color: black }".repeat(100)).expect("css");
    std::fs::write(pkg.join("farcoder.css.br"), b"precompressed").expect("br");
    let plain = get(&app, "/pkg/farcoder.css", &[]).await;
    assert_eq!(plain.status(), 200);
    // Unhashed names (as here) are revalidated; hashed ones are immutable.
    assert_eq!(header(&plain, "cache-control"), "public, max-age=300");
    let brotli = get(&app, "/pkg/farcoder.css", &[("accept-encoding", "br")]).await;
    assert_eq!(header(&brotli, "content-encoding"), "br");
    assert_eq!(brotli.bytes().await.expect("body").as_ref(), b"precompressed", "the file made at build time");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hydrated_browsers_reads_keep_the_page_cache() {
    let app = TestApp::with_config(|c| c.page_cache = true).await;
    let kept = app.page("/guides", 200).await;
    // Changed behind the server's back, as another server would change it:
    // this server reads the page versions at its next write (or poll).
    sqlx::query("UPDATE guides SET title = 'A Title Changed Behind The Server'")
        .execute(&app.db.pool)
        .await
        .expect("update");
    // What a hydrated browser reads are GETs, which write nothing…
    assert_eq!(app.read("search_jobs", &[("query", "q=cache")]).await.status(), 200);
    for (function, args) in [("home", vec![]), ("guides", vec![]), ("salaries", vec![])] {
        assert_eq!(app.read(function, &args).await.status(), 200, "{function}");
    }
    assert_eq!(app.page("/guides", 200).await, kept, "…so the kept page stays kept");
    // …while a write drops it.
    app.call("logout", &[], None).await;
    assert!(app.page("/guides", 200).await.contains("A Title Changed Behind The Server"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stampede_for_a_missing_page_renders_it_once() {
    let app = TestApp::with_config(|c| c.page_cache = true).await;
    let company = app.company("Acme").await;
    app.post_job(&company, JobSpec::titled("Cache Engineer")).await;
    app.search("").await; // the index has caught up: nothing moves the cache below
    let url = format!("{}/salaries", app.url);
    let requests: Vec<_> = (0..16)
        .map(|_| {
            let (client, url) = (app.client.clone(), url.clone());
            tokio::spawn(async move { client.get(url).send().await.expect("GET").status() })
        })
        .collect();
    for request in requests {
        assert_eq!(request.await.expect("request"), 200);
    }
    let (hits, misses) = app.pages.counts();
    assert_eq!((hits, misses), (15, 1), "one render, fifteen served what it kept");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stampede_for_a_page_that_cannot_be_kept_is_answered_whole() {
    let app = TestApp::new().await;
    let company = app.company("Acme").await;
    let id = app.post_job(&company, JobSpec::titled("Closed Engineer")).await;
    let path = app.search("").await.jobs.remove(0).path();
    let (now, day) = (farcoder::server::now(), farcoder::model::DAY);
    app.republish(id, farcoder::model::PostingStatus::Closed, now - 10 * day, now + 20 * day).await;
    app.search("").await;
    // A closed posting (410) and a page that never was (404): neither is
    // kept, and every request gets its answer.
    for (path, status) in [(path, 410), ("/jobs/no-such-job-999999".to_owned(), 404)] {
        let before = app.pages.counts();
        let requests: Vec<_> = (0..8)
            .map(|_| {
                let (client, url) = (app.client.clone(), format!("{}{path}", app.url));
                tokio::spawn(async move { client.get(url).send().await.expect("GET").status() })
            })
            .collect();
        for request in requests {
            assert_eq!(request.await.expect("request").as_u16(), status, "{path}");
        }
        let (hits, misses) = app.pages.counts();
        assert_eq!((hits - before.0, misses - before.1), (0, 8), "{path}: each rendered");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_and_unknown_writes_read_no_change_log() {
    let app = TestApp::new().await;
    app.page("/jobs", 200).await;
    let quiet = std::time::Duration::from_millis(400);
    tokio::time::sleep(quiet).await;
    let post = |path: &str, origin: &str| {
        app.client
            .post(format!("{}{path}", app.url))
            .header("origin", origin)
            .header("accept", "application/json")
            .form(&[("email", "nobody@example.com"), ("password", "wrong password"), ("next", "")])
    };
    // From another site, to nowhere, refused by the service, a made-up method.
    let junk = [
        post("/api/fn/login", "https://evil.example").send().await,
        post("/made-up/path", &app.url).send().await,
        post("/api/fn/login", &app.url).send().await,
        app.client.request(reqwest::Method::DELETE, format!("{}/jobs", app.url)).send().await,
    ];
    for response in junk {
        let status = response.expect("sent").status();
        assert!(status.is_client_error(), "{status}");
    }
    assert!(app.search_engine.age() >= quiet, "a refused write read the change log");
    let saved = app.client.post(format!("{}/saved", app.url)).header("origin", &app.url).form(&[("job", "1")]);
    assert!(saved.send().await.expect("POST").status().is_redirection());
    assert!(app.search_engine.age() < quiet, "a write that went through catches up");
}
