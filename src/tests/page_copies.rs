//! Job and company pages kept in the database: a page rendered by one app
//! server is served by another (and after a restart) byte for byte without
//! a render; a write to what it shows deletes it; what moves without a
//! write (the similar postings, the clock) keeps it from being served.

use std::time::{Duration, Instant};

use farcoder::model::{Category, DAY};

use crate::applications::{PDF, apply, fields, job_taking_applications};
use crate::harness::{JobSpec, TestApp};

/// Waits until `table` holds a row where `condition` is true.
async fn until_kept(app: &TestApp, condition: &str) {
    let started = Instant::now();
    while app.count("page_copies", condition).await == 0 {
        assert!(started.elapsed() < Duration::from_secs(10), "no copy where {condition}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A second server over `app`'s database, serving the same address.
async fn beside(app: &TestApp) -> TestApp {
    let origin = app.origin.clone();
    app.beside(move |c| c.public_url = origin).await
}

/// Renders, copies and reads back since `before`.
fn since(app: &TestApp, before: (u64, u64, u64)) -> (u64, u64, u64) {
    let ((hits, misses), copied) = (app.pages.counts(), app.pages.copied());
    (hits - before.0, misses - before.1, copied - before.2)
}

fn counts(app: &TestApp) -> (u64, u64, u64) {
    let (hits, misses) = app.pages.counts();
    (hits, misses, app.pages.copied())
}

async fn slug_of(app: &TestApp, id: i64) -> String {
    app.search("").await.jobs.into_iter().find(|j| j.id == id).expect("listed").slug
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_rendered_by_one_server_is_served_by_another_as_it_was() {
    let first = TestApp::new().await;
    let acme = first.company("Acme").await;
    let id = first.post_job(&acme, JobSpec::titled("Copied Platform Engineer")).await;
    let path = format!("/jobs/{}", slug_of(&first, id).await);
    let rendered = first.get(&path).await;
    let etag = rendered.headers()["etag"].clone();
    let rendered = rendered.text().await.expect("body");
    first.page("/companies/acme", 200).await;
    until_kept(&first, &format!("job_id = {id}")).await;
    until_kept(&first, "job_id IS NULL").await;

    let second = beside(&first).await;
    let before = counts(&second);
    let served = second.get(&path).await;
    assert_eq!(served.headers()["etag"], etag, "the same version");
    assert_eq!(served.text().await.expect("body"), rendered, "the same bytes");
    second.page("/companies/acme", 200).await;
    assert_eq!(since(&second, before), (0, 0, 2), "both read back, neither rendered");
    second.page(&path, 200).await;
    assert_eq!(since(&second, before), (1, 0, 2), "then kept in its memory");

    // A browser asking for brotli gets the kept bytes, which decode to the page.
    let third = beside(&first).await;
    let response = third.client.get(format!("{}{path}", third.url)).header("accept-encoding", "br").send().await;
    let response = response.expect("get");
    assert_eq!(response.headers()["content-encoding"], "br");
    let bytes = response.bytes().await.expect("body");
    let mut page = String::new();
    std::io::Read::read_to_string(&mut brotli::Decompressor::new(&bytes[..], 4096), &mut page).expect("unbrotli");
    assert_eq!(page, rendered);
    assert_eq!(third.pages.copied(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_to_what_a_copy_shows_deletes_it() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let id = app.post_job(&acme, JobSpec::titled("Copied Compiler Engineer")).await;
    let other = app.post_job(&app.company("Globex").await, JobSpec::titled("Globex Engineer")).await;
    let (path, other_path) =
        (format!("/jobs/{}", slug_of(&app, id).await), format!("/jobs/{}", slug_of(&app, other).await));
    for path in [&path, "/companies/acme", &other_path] {
        app.page(path, 200).await;
    }
    until_kept(&app, &format!("job_id = {id}")).await;
    until_kept(&app, "path = '/companies/acme'").await;
    until_kept(&app, &format!("job_id = {other}")).await;

    // Its posting changes: its page and its company's go, the other stays.
    sqlx::query(&format!("UPDATE jobs SET description = 'Now with a new compiler.' WHERE id = {id}"))
        .execute(&app.db.pool)
        .await
        .expect("update");
    assert_eq!(app.count("page_copies", &format!("job_id = {id} OR path = '/companies/acme'")).await, 0);
    assert_eq!(app.count("page_copies", &format!("job_id = {other}")).await, 1, "another company's page stays");
    assert!(app.page(&path, 200).await.contains("Now with a new compiler."));
    until_kept(&app, &format!("job_id = {id}")).await;

    // An application moves the company's response rate: its pages go.
    let slug = job_taking_applications(&app, "Copied Runtime Engineer").await;
    app.page("/companies/acme", 200).await;
    until_kept(&app, "path = '/companies/acme'").await;
    apply(&app, &slug, &fields("ada@example.com"), Some(("cv.pdf", PDF.to_vec()))).await;
    assert_eq!(app.count("page_copies", &format!("job_id = {id} OR path = '/companies/acme'")).await, 0);

    // Its company changes: every page showing it goes.
    app.page(&path, 200).await;
    until_kept(&app, &format!("job_id = {id}")).await;
    sqlx::query("UPDATE companies SET about = 'Compilers, mostly.' WHERE slug = 'acme'")
        .execute(&app.db.pool)
        .await
        .expect("update");
    assert_eq!(app.count("page_copies", &format!("job_id = {id}")).await, 0);
    assert_eq!(app.count("page_copies", &format!("job_id = {other}")).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_copy_is_not_served_once_its_similar_postings_or_the_clock_moved() {
    let first = TestApp::new().await;
    let acme = first.company("Acme").await;
    let id = first.post_job(&acme, JobSpec::titled("Copied Backend Engineer")).await;
    let like = first.post_job(&acme, JobSpec::titled("Another Backend Engineer")).await;
    let path = format!("/jobs/{}", slug_of(&first, id).await);
    assert!(first.page(&path, 200).await.contains("Another Backend Engineer"), "listed as similar");
    until_kept(&first, &format!("job_id = {id}")).await;

    // The similar posting is edited (its own page's copy goes by trigger;
    // this one shows its card).
    sqlx::query(&format!(
        "UPDATE jobs SET title = 'Renamed Backend Engineer', updated_at = updated_at + 1 WHERE id = {like}"
    ))
    .execute(&first.db.pool)
    .await
    .expect("rename");
    assert_eq!(first.count("page_copies", &format!("job_id = {id}")).await, 1, "no trigger reaches it");
    let second = beside(&first).await;
    let before = counts(&second);
    assert!(second.page(&path, 200).await.contains("Renamed Backend Engineer"), "rendered afresh");
    assert_eq!(since(&second, before), (0, 1, 0));

    // A frontend posting leaves the backend page's similar postings as they were.
    let stamp =
        format!("{like}:{:x}", second.search_engine.fingerprints(&[like]).expect("fingerprint")[0].expect("held"));
    until_kept(&second, &format!("job_id = {id} AND shown LIKE '%,{stamp}'")).await;
    let frontend = JobSpec { category: Category::Frontend, ..JobSpec::titled("Copied Frontend Engineer") };
    second.post_job(&acme, frontend).await;
    let third = beside(&first).await;
    let before = counts(&third);
    third.page(&path, 200).await;
    assert_eq!(since(&third, before), (0, 0, 1), "read back");

    // The clock passes what it shows ("today" becomes "yesterday"): not served.
    sqlx::query(&format!(
        "UPDATE page_copies SET holds_until = {} WHERE job_id = {id}",
        farcoder::server::now().unix()
    ))
    .execute(&first.db.pool)
    .await
    .expect("age");
    let fourth = beside(&first).await;
    let before = counts(&fourth);
    fourth.page(&path, 200).await;
    assert_eq!(since(&fourth, before), (0, 1, 0), "rendered again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_copy_holds_until_a_date_it_shows_turns() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let id = app.post_job(&acme, JobSpec { age_days: 3, ..JobSpec::titled("Aged Backend Engineer") }).await;
    let path = format!("/jobs/{}", slug_of(&app, id).await);
    app.page(&path, 200).await;
    app.page("/companies/acme", 200).await;
    until_kept(&app, &format!("job_id = {id}")).await;
    until_kept(&app, "job_id IS NULL").await;
    let (published,): (i64,) = sqlx::query_as(&format!("SELECT published_at FROM jobs WHERE id = {id}"))
        .fetch_one(&app.db.pool)
        .await
        .expect("published");
    // "3 days ago" on the company page turns into "4 days ago" four days
    // after it was published.
    let (held,): (i64,) = sqlx::query_as("SELECT holds_until FROM page_copies WHERE job_id IS NULL")
        .fetch_one(&app.db.pool)
        .await
        .expect("held");
    assert_eq!(held, published + 4 * DAY.as_secs());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_a_pages_own_address_is_kept() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let id = app.post_job(&acme, JobSpec::titled("Query Backend Engineer")).await;
    let path = format!("/jobs/{}", slug_of(&app, id).await);
    for n in 0..5 {
        app.page(&format!("{path}?utm={n}"), 200).await;
    }
    app.page(&path, 200).await;
    until_kept(&app, &format!("job_id = {id}")).await;
    assert_eq!(app.count("page_copies", "path LIKE '%?%'").await, 0);
}
