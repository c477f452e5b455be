//! Saved jobs without an account: "Save" keeps the id in the browser's
//! cookie and comes back; `/saved` lists them and marks those closed or
//! filled since; a signed link by e-mail carries the list to another device.

use farcoder::model::SAVED_COOKIE;

use crate::harness::{JobSpec, TestApp};

/// The saved-jobs cookie a response sets (its value).
fn saved_cookie(response: &reqwest::Response) -> String {
    let cookie = response.headers()["set-cookie"].to_str().expect("cookie").to_owned();
    assert!(cookie.contains("SameSite=Lax") && cookie.contains("Path=/"), "{cookie}");
    cookie.split(';').next().and_then(|pair| pair.strip_prefix(&format!("{SAVED_COOKIE}="))).expect("ours").to_owned()
}

async fn post_saved(app: &TestApp, cookie: &str, form: &[(&str, &str)], referer: &str) -> reqwest::Response {
    app.client
        .post(format!("{}/saved", app.url))
        .header("origin", &app.url)
        .header("referer", format!("{}{referer}", app.url))
        .header("cookie", format!("{SAVED_COOKIE}={cookie}"))
        .form(form)
        .send()
        .await
        .expect("POST /saved")
}

async fn saved_page(app: &TestApp, cookie: &str) -> String {
    let response =
        app.client.get(format!("{}/saved", app.url)).header("cookie", format!("{SAVED_COOKIE}={cookie}")).send().await;
    let response = response.expect("GET /saved");
    assert_eq!(response.status(), 200);
    response.text().await.expect("page")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_job_is_listed_and_marked_once_it_closes_or_fills() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let rust = app.post_job(&acme, JobSpec::titled("Rust Engineer")).await;
    let go = app.post_job(&acme, JobSpec::titled("Go Engineer")).await;
    let in_review = app.post_job(&acme, JobSpec { status: "review", ..JobSpec::titled("Unreviewed Role") }).await;
    let jobs_page = app.page("/jobs", 200).await;
    assert!(
        jobs_page.contains(r#"class="save-form""#) && jobs_page.contains(r#"action="/saved""#),
        "cards can be saved"
    );

    let response = post_saved(&app, "", &[("job", &rust.to_string())], "/jobs?q=rust").await;
    assert_eq!(response.status(), 303);
    let back = response.headers()["location"].to_str().expect("location").to_owned();
    assert_eq!(
        back,
        format!("/jobs?q=rust&saved={rust}#:~:text=Saved%20%E2%9C%93"),
        "back to the page it was on, which names the job, at its button"
    );
    let cookie = saved_cookie(&response);
    // Without JavaScript, that page says the job is saved.
    let shown = app.page(&back, 200).await;
    assert!(shown.contains("Saved ✓") && shown.contains(r#"aria-pressed="true""#), "the Save button says saved");
    // A page's script that sends the form itself gets the cookie, no page.
    let in_place = app
        .client
        .post(format!("{}/saved", app.url))
        .header("origin", &app.url)
        .header("sec-fetch-dest", "empty")
        .form(&[("job", go.to_string())])
        .send()
        .await
        .expect("POST /saved");
    assert_eq!(in_place.status(), 204);
    assert_eq!(saved_cookie(&in_place), go.to_string());
    let cookie = saved_cookie(&post_saved(&app, &cookie, &[("job", &go.to_string())], "/jobs").await);
    assert_eq!(cookie, format!("{go}.{rust}"), "newest first");
    let page = saved_page(&app, &cookie).await;
    assert!(page.contains("Rust Engineer") && page.contains("Go Engineer"));
    assert!(page.contains(r#"name="remove""#), "each can be removed");

    sqlx::query(&format!("UPDATE jobs SET status = 'closed' WHERE id = {rust}"))
        .execute(&app.db.pool)
        .await
        .expect("close");
    sqlx::query(&format!("UPDATE jobs SET status = 'closed', filled_at = 1 WHERE id = {go}"))
        .execute(&app.db.pool)
        .await
        .expect("fill");
    let page = saved_page(&app, &format!("{cookie}.{in_review}")).await;
    assert!(page.contains("Closed since you saved them"));
    assert!(!page.contains("Unreviewed Role"), "a cookie cannot reveal what was never public or is in review");
    assert!(page.contains("<strong>closed</strong>") && page.contains("<strong>filled</strong>"), "{page}");

    let cookie = saved_cookie(&post_saved(&app, &cookie, &[("remove", &go.to_string())], "/saved").await);
    assert_eq!(cookie, rust.to_string());
    assert!(saved_page(&app, "").await.contains("Nothing saved yet"), "an empty list says how to fill it");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_link_by_mail_carries_the_list_to_another_device() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let rust = app.post_job(&acme, JobSpec::titled("Rust Engineer")).await;
    let cookie = rust.to_string();

    let send = |cookie: String, email: &'static str| {
        let app = &app;
        async move {
            app.client
                .post(format!("{}/api/fn/email_saved", app.url))
                .header("origin", &app.url)
                .header("accept", "application/json")
                .header("cookie", format!("{SAVED_COOKIE}={cookie}"))
                .form(&[("email", email)])
                .send()
                .await
                .expect("POST")
        }
    };
    assert_eq!(send(String::new(), "ada@example.com").await.status(), 400, "an empty list is not sent");
    assert_eq!(send(cookie.clone(), "not an address").await.status(), 400);
    assert!(send(cookie.clone(), "ada@example.com").await.status().is_success());
    let mail = app.mail_containing("ada@example.com", "saved on FarCoder").await.expect("the link");
    let start = mail.find("/saved?list=").expect("a link");
    let link: String = mail[start..].chars().take_while(|c| !c.is_whitespace()).collect();

    // Another device: no cookie, the link's list, and a way to keep it.
    let page = app.page(&link, 200).await;
    assert!(page.contains("Rust Engineer") && page.contains("Keep these on this device"));
    let query = link.split_once('?').expect("query").1;
    let pairs: Vec<(String, String)> =
        form_urlencoded::parse(query.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let form: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let other = app.post_job(&acme, JobSpec::titled("Go Engineer")).await;
    let kept = post_saved(&app, &other.to_string(), &form, "/saved").await;
    assert_eq!(kept.headers()["location"], "/saved?kept=1");
    assert_eq!(saved_cookie(&kept), format!("{other}.{rust}"), "added to what this device had");

    // A list edited in the link is refused.
    let forged = link.replace(&format!("list={rust}"), &format!("list={rust}.{other}"));
    assert_eq!(app.get(&forged).await.status(), 400);
    let forged: Vec<(&str, &str)> =
        form.iter().map(|(k, v)| if *k == "list" { (*k, "1.2.3") } else { (*k, *v) }).collect();
    assert_eq!(post_saved(&app, "", &forged, "/saved").await.headers()["location"], "/saved?kept=0");
}
