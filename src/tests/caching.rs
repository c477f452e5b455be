//! What the page cache keeps and what drops it: reads and writes that
//! change nothing shown leave kept pages current; a posting's change drops
//! its own page and the lists, not other postings' pages; a guide's change
//! drops the pages showing guides; a list goes once a posting it counted
//! expires. Sitemaps and feeds are kept too, with validators.

use farcoder::model::{Category, Span};

use crate::harness::{JobSpec, TestApp, usd};

/// The address of job `id`'s page, as `/jobs` links it.
async fn job_path(app: &TestApp, id: i64) -> String {
    let html = app.page("/jobs", 200).await;
    let end = format!("-{id}");
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|href| href.starts_with("/jobs/") && href.ends_with(&end))
        .expect("the job is linked")
        .to_owned()
}

/// Hits and misses since `before`.
fn since(app: &TestApp, before: (u64, u64)) -> (u64, u64) {
    let (hits, misses) = app.pages.counts();
    (hits - before.0, misses - before.1)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_posting_change_drops_its_page_and_the_lists_and_nothing_else() {
    let app = TestApp::with_config(|c| c.page_cache = true).await;
    let acme = app.company("Acme").await;
    let backend = app.post_job(&acme, JobSpec::titled("Cache Backend Engineer")).await;
    let frontend = JobSpec { category: Category::Frontend, ..JobSpec::titled("Cache Frontend Engineer") };
    let frontend = app.post_job(&acme, frontend).await;
    app.search("").await; // the index has caught up
    let (backend, frontend) = (job_path(&app, backend).await, job_path(&app, frontend).await);
    let pages = ["/jobs", "/remote-backend-developer-jobs", backend.as_str(), frontend.as_str()];
    for path in pages {
        app.page(path, 200).await;
    }

    // A write that changes nothing any page shows keeps every page.
    let before = app.pages.counts();
    app.call("logout", &[], None).await;
    for path in pages {
        app.page(path, 200).await;
    }
    assert_eq!(since(&app, before), (4, 0), "all four served from memory");

    // A backend posting changes (as another server would change it); this
    // server's next write, or its next poll, reads the change log.
    sqlx::query("UPDATE jobs SET description = 'Now also on call.' WHERE title = 'Cache Backend Engineer'")
        .execute(&app.db.pool)
        .await
        .expect("update");
    app.call("logout", &[], None).await;
    let before = app.pages.counts();
    assert!(app.page(&backend, 200).await.contains("Now also on call."), "its own page is rendered afresh");
    app.page("/jobs", 200).await;
    app.page("/remote-backend-developer-jobs", 200).await;
    app.page(&frontend, 200).await;
    assert_eq!(since(&app, before), (1, 3), "the lists are rendered again; the frontend posting's page is kept");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_list_goes_once_a_posting_it_counted_expires() {
    let app = TestApp::with_config(|c| c.page_cache = true).await;
    let acme = app.company("Acme").await;
    app.post_job(&acme, JobSpec::titled("Staying Engineer")).await;
    let leaving = app.post_job(&acme, JobSpec::titled("Leaving Engineer")).await;
    let expires = farcoder::server::now() + Span::seconds(2);
    sqlx::query(&format!("UPDATE jobs SET expires_at = {} WHERE id = {leaving}", expires.unix()))
        .execute(&app.db.pool)
        .await
        .expect("update");
    app.search("").await;
    assert!(app.page("/jobs", 200).await.contains("Leaving Engineer"));
    assert!(app.page("/jobs", 200).await.contains("Leaving Engineer"), "kept while it is open");
    while farcoder::server::now() <= expires {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let html = app.page("/jobs", 200).await;
    assert!(html.contains("Staying Engineer") && !html.contains("Leaving Engineer"), "rendered again without it");
    assert_eq!(app.pages.counts(), (1, 2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sitemap_is_kept_and_answers_its_validators() {
    let app = TestApp::with_config(|c| c.page_cache = true).await;
    let acme = app.company("Acme").await;
    app.post_job(&acme, JobSpec::titled("Mapped Engineer")).await;
    app.search("").await;
    let first = app.get("/sitemap.xml").await;
    assert_eq!(first.status(), 200);
    let etag = first.headers()["etag"].to_str().expect("etag").to_owned();
    let modified = first.headers()["last-modified"].to_str().expect("last-modified").to_owned();
    assert!(modified.ends_with(" GMT"), "an HTTP date: {modified}");
    assert!(first.text().await.expect("body").contains("mapped-engineer-acme-"));

    let before = app.pages.counts();
    let url = format!("{}/sitemap.xml", app.url);
    let by_tag = app.client.get(&url).header("if-none-match", &etag).send().await.expect("GET");
    assert_eq!(by_tag.status(), 304);
    let by_date = app.client.get(&url).header("if-modified-since", &modified).send().await.expect("GET");
    assert_eq!(by_date.status(), 304);
    assert_eq!(since(&app, before), (2, 0), "both answered from memory");

    // A new posting is a new sitemap.
    app.post_job(&acme, JobSpec { salary: usd(90_000, 120_000), ..JobSpec::titled("Second Mapped Engineer") }).await;
    app.call("logout", &[], None).await;
    let changed = app.client.get(&url).header("if-none-match", &etag).send().await.expect("GET");
    assert_eq!(changed.status(), 200);
    assert!(changed.text().await.expect("body").contains("second-mapped-engineer-acme-"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn salary_figures_follow_the_postings() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    for i in 0..5 {
        app.post_job(&acme, JobSpec { salary: usd(100_000, 100_000), ..JobSpec::titled(&format!("Paid {i}")) }).await;
    }
    assert!(app.page("/salaries/backend", 200).await.contains("$100k"));
    for i in 0..5 {
        app.post_job(&acme, JobSpec { salary: usd(200_000, 200_000), ..JobSpec::titled(&format!("Better {i}")) }).await;
    }
    // The figures the engine kept are computed again for the new postings.
    assert!(app.page("/salaries/backend", 200).await.contains("$150k"), "the median of 100k × 5 and 200k × 5");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_trail_a_change_by_the_lag_and_the_posting_page_does_not() {
    let lag = std::time::Duration::from_secs(2);
    let app = TestApp::with_config(|c| {
        c.page_cache = true;
        c.list_lag = lag;
    })
    .await;
    let acme = app.company("Acme").await;
    let id = app.post_job(&acme, JobSpec::titled("Lagging Engineer")).await;
    app.search("").await;
    let job = job_path(&app, id).await;
    app.page(&job, 200).await;

    sqlx::query(&format!("UPDATE jobs SET title = 'Renamed Engineer' WHERE id = {id}"))
        .execute(&app.db.pool)
        .await
        .expect("update");
    app.call("logout", &[], None).await;
    let changed_at = std::time::Instant::now();
    let renamed = format!("/jobs/renamed-engineer-acme-{id}");
    assert_eq!(app.get(&job).await.headers()["location"], renamed.as_str(), "the old address sends on, at once");
    assert!(app.page(&renamed, 200).await.contains("Renamed Engineer"), "the posting's own page, at once");
    let list = app.page("/jobs", 200).await;
    if changed_at.elapsed() < lag {
        assert!(list.contains("Lagging Engineer"), "the list kept from before the change, within the lag");
    }
    tokio::time::sleep(lag).await;
    // Past the lag, the kept list is served while it renders again.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !app.page("/jobs", 200).await.contains("Renamed Engineer") {
        assert!(std::time::Instant::now() < deadline, "the list is rendered again after the lag");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(app.pages.stale_hits() >= 1, "served what was kept while it rendered: {}", app.pages.stale_hits());
}

/// The `name=value` of the cookie `name` a response sets.
fn cookie_set(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .and_then(|v| v.split(';').next())
        .unwrap_or_else(|| panic!("no {name} cookie"))
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_page_made_with_a_cookie_of_ours_is_kept_for_others() {
    let app = TestApp::with_config(|c| c.page_cache = true).await;
    let slug = crate::applications::job_taking_applications(&app, "Rust Engineer").await;
    let session = app.sign_up("ada@globex.example", crate::moderation::PASSWORD, "Globex").await;
    let mut form = crate::applications::fields("grace@example.com");
    for (name, value) in &mut form {
        match *name {
            "name" => value.clear(),
            "cover_note" => *value = "Typed by Grace only".to_owned(),
            _ => {}
        }
    }
    let refused = crate::applications::send(&app, &slug, &form, None).await;
    let kept_form = cookie_set(&refused, "farcoder_form");
    let saved = app
        .client
        .post(format!("{}/saved", app.url))
        .header("origin", &app.url)
        .form(&[("job", "1")])
        .send()
        .await
        .expect("POST /saved");
    let saved = cookie_set(&saved, farcoder::model::SAVED_COOKIE);
    let cookies = [("session", format!("farcoder_session={session}")), ("kept form", kept_form), ("saved jobs", saved)];
    let job = format!("/jobs/{slug}");
    let refused_page = format!("/jobs/{slug}?apply=refused");
    let pages = [
        "/",
        "/jobs",
        "/jobs?q=rust",
        job.as_str(),
        refused_page.as_str(),
        "/companies/acme",
        "/guides",
        "/salaries",
        "/remote-backend-developer-jobs",
        "/privacy",
    ];
    for (name, cookie) in &cookies {
        for path in pages {
            let before = app.pages.kept();
            let response = app.client.get(format!("{}{path}", app.url)).header("cookie", cookie).send().await;
            let response = response.expect("GET");
            assert_eq!(response.status(), 200, "{name} {path}");
            let cache_control = response.headers()["cache-control"].to_str().expect("cache-control").to_owned();
            let read_personal = *name == "session" || (*name == "kept form" && path == refused_page);
            if read_personal {
                assert!(cache_control.starts_with("private"), "{name} {path}: {cache_control}");
            }
            if cache_control.starts_with("private") {
                assert_eq!(app.pages.kept(), before, "{name} {path}: a personal page was kept");
            }
        }
    }
    for path in pages {
        let page = app.page(path, 200).await;
        for personal in ["Sign out", "Typed by Grace only", "ada@globex.example"] {
            assert!(!page.contains(personal), "{path} shows {personal} to a stranger");
        }
    }
    assert!(app.pages.kept() > 0, "anonymous pages are kept");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kept_page_is_compressed_once_per_encoding_and_served_so() {
    use std::io::Read as _;
    let app = TestApp::with_config(|c| c.page_cache = true).await;
    let acme = app.company("Acme").await;
    app.post_job(&acme, JobSpec::titled("Compressed Engineer")).await;
    app.search("").await;
    let plain = app.page("/jobs", 200).await;
    assert!(plain.contains("Compressed Engineer"));
    let asking = async |encodings: &str| {
        let answer = app
            .client
            .get(format!("{}/jobs", app.url))
            .header("accept-encoding", encodings)
            .send()
            .await
            .expect("answer");
        assert_eq!(answer.status(), 200);
        let header = |name: &str| answer.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let (encoding, vary) = (header("content-encoding"), header("vary").unwrap_or_default());
        assert!(vary.to_ascii_lowercase().contains("accept-encoding"), "{vary}");
        let length: Option<usize> = header("content-length").and_then(|l| l.parse().ok());
        let bytes = answer.bytes().await.expect("body");
        if let Some(length) = length {
            assert_eq!(length, bytes.len(), "the length is the sent body's");
        }
        let mut text = String::new();
        match encoding.as_deref() {
            Some("br") => brotli::Decompressor::new(&bytes[..], 4096).read_to_string(&mut text),
            Some("gzip") => flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut text),
            None => (&bytes[..]).read_to_string(&mut text),
            Some(other) => panic!("sent in {other}"),
        }
        .expect("decoded");
        (encoding, text)
    };
    let before = app.pages.counts();
    for _ in 0..2 {
        assert_eq!(asking("gzip, deflate, br, zstd").await, (Some("br".to_owned()), plain.clone()));
        assert_eq!(asking("gzip").await, (Some("gzip".to_owned()), plain.clone()));
        assert_eq!(asking("br;q=0, identity").await, (None, plain.clone()));
    }
    assert_eq!(since(&app, before), (6, 0), "every answer came from memory, in each encoding");
}
