//! Applying through FarCoder, the candidate's side: the form's checks and
//! limits, the upload checks, the private status page and withdrawal.

use crate::harness::{JobSpec, TestApp, link_in};

pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

/// An open job that takes applications through FarCoder; its slug.
pub async fn job_taking_applications(app: &TestApp, title: &str) -> String {
    let company = match farcoder::server::repo::companies::find_by_slug(&app.db, "acme").await.expect("find") {
        Some(c) => crate::harness::Company { id: c.id, name: c.name },
        None => app.company("Acme").await,
    };
    let id = app.post_job(&company, JobSpec::titled(title)).await;
    sqlx::query(&format!("UPDATE jobs SET apply_url = NULL WHERE id = {id}"))
        .execute(&app.db.pool)
        .await
        .expect("no apply url");
    app.search("").await.jobs.into_iter().find(|j| j.id == id).expect("listed").slug
}

pub fn fields(email: &str) -> Vec<(&'static str, String)> {
    vec![
        ("name", "Grace Hopper".into()),
        ("email", email.into()),
        ("country", "Portugal".into()),
        ("github", "https://github.com/grace".into()),
        ("linkedin", String::new()),
        ("portfolio", String::new()),
        ("cover_note", "I have shipped compilers and I would like to ship yours.".into()),
        ("website", String::new()),
    ]
}

/// Posts the apply form as a browser does; the redirect it answers with.
pub async fn apply(
    app: &TestApp,
    slug: &str,
    fields: &[(&'static str, String)],
    cv: Option<(&str, Vec<u8>)>,
) -> String {
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in fields {
        form = form.text(*name, value.clone());
    }
    if let Some((file_name, bytes)) = cv {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_owned()).mime_str("application/pdf");
        form = form.part("cv", part.expect("mime"));
    }
    let response = app
        .client
        .post(format!("{}/jobs/{slug}/applications", app.url))
        .header("origin", &app.url)
        .multipart(form)
        .send()
        .await
        .expect("POST application");
    assert!(response.status().is_redirection(), "{}", response.status());
    response.headers()["location"].to_str().expect("location").to_owned()
}

/// The candidate's token from a redirect to their status page.
pub fn token_of(location: &str) -> String {
    let rest = location.strip_prefix("/applications/").unwrap_or_else(|| panic!("not a status page: {location}"));
    rest.split('?').next().expect("token").to_owned()
}

async fn stored_cvs(app: &TestApp) -> usize {
    let dir = app.upload_dir().join("cv");
    std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0)
}

async fn applications(app: &TestApp) -> i64 {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM applications").fetch_one(&app.db.pool).await.expect("count");
    n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_candidate_applies_follows_the_status_and_withdraws() {
    let app = TestApp::new().await;
    let slug = job_taking_applications(&app, "Compiler Engineer").await;
    let page = app.page(&format!("/jobs/{slug}"), 200).await;
    assert!(page.contains("Send application") && page.contains("enctype=\"multipart/form-data\""));

    let location = apply(&app, &slug, &fields("grace@example.com"), Some(("cv.pdf", PDF.to_vec()))).await;
    assert!(location.ends_with("?sent=1"), "{location}");
    let token = token_of(&location);
    let status = app.page(&location, 200).await;
    assert!(status.contains("Compiler Engineer") && status.contains("Status: <strong>New</strong>"));
    let mail = app.mail_containing("grace@example.com", "Application sent: Compiler Engineer").await.expect("mail");
    assert_eq!(token_of(link_in(&mail, &format!("{}/applications/", app.url)).trim_start_matches(&app.url)), token);
    assert_eq!((applications(&app).await, stored_cvs(&app).await), (1, 1));

    assert_eq!(app.call("withdraw_application", &[("token", &token)], None).await.status(), 200);
    assert_eq!((applications(&app).await, stored_cvs(&app).await), (0, 0), "the data and the CV are gone");
    assert!(app.page(&format!("/applications/{token}"), 404).await.contains("No application here"));
    assert_eq!(app.call("withdraw_application", &[("token", &token)], None).await.status(), 400);
    app.page("/applications/not-a-real-token", 404).await;
}

/// The messages a refused form comes back with, and the page it shows.
async fn refused(app: &TestApp, location: &str) -> (farcoder::model::ApplyFeedback, String) {
    let query = location.split_once('?').expect("query").1.split('#').next().expect("query");
    let raw: String =
        form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == "apply_error").expect("apply_error").1.into_owned();
    let feedback = farcoder::model::ApplyFeedback::decode(&raw).expect("feedback");
    let page = app.page(location.split('#').next().expect("path"), 200).await;
    (feedback, page)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_forms_and_files_are_refused_with_what_was_typed_kept() {
    let app = TestApp::new().await;
    let slug = job_taking_applications(&app, "Compiler Engineer").await;
    let mut bad = fields("not-an-address");
    bad[5].1 = "ftp://grace.example".into();
    let (feedback, page) = refused(&app, &apply(&app, &slug, &bad, Some(("cv.pdf", PDF.to_vec()))).await).await;
    let errored: Vec<&str> = feedback.errors.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(errored, ["portfolio", "email"]);
    assert!(page.contains("value=\"Grace Hopper\"") && page.contains("I have shipped compilers"), "kept");

    type Case<'a> = (Option<(&'a str, Vec<u8>)>, &'a str);
    let cases: [Case; 3] = [
        (None, "Attach your CV"),
        (Some(("cv.pdf", b"PK\x03\x04 a zip file renamed".to_vec())), "must be a PDF"),
        (Some(("cv.pdf", [PDF, &vec![b' '; 5 * 1024 * 1024]].concat())), "larger than 5 MB"),
    ];
    for (cv, message) in cases {
        let (feedback, _) = refused(&app, &apply(&app, &slug, &fields("grace@example.com"), cv).await).await;
        assert_eq!(feedback.error_for("cv").map(|m| m.contains(message)), Some(true), "{message}: {feedback:?}");
    }
    assert_eq!((applications(&app).await, stored_cvs(&app).await), (0, 0), "nothing stored");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_application_per_address_and_bots_are_ignored() {
    let app = TestApp::new().await;
    let slug = job_taking_applications(&app, "Compiler Engineer").await;
    apply(&app, &slug, &fields("grace@example.com"), Some(("cv.pdf", PDF.to_vec()))).await;
    let again = apply(&app, &slug, &fields("Grace@Example.com"), Some(("cv.pdf", PDF.to_vec()))).await;
    let (feedback, _) = refused(&app, &again).await;
    assert_eq!(
        feedback.error_for("email").as_deref(),
        Some("You have already applied for this job with this address.")
    );
    assert_eq!((applications(&app).await, stored_cvs(&app).await), (1, 1), "no second CV left behind");

    let mut bot = fields("bot@example.com");
    bot[7].1 = "https://spam.example".into();
    let location = apply(&app, &slug, &bot, Some(("cv.pdf", PDF.to_vec()))).await;
    assert!(location.contains("applied=1"), "answered as if sent: {location}");
    assert_eq!(applications(&app).await, 1, "but nothing stored");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn applications_are_rate_limited_per_address() {
    let app = TestApp::new().await;
    let mut slugs = Vec::new();
    for i in 0..11 {
        slugs.push(job_taking_applications(&app, &format!("Engineer {i}")).await);
    }
    for slug in &slugs[..10] {
        let location = apply(&app, slug, &fields("grace@example.com"), Some(("cv.pdf", PDF.to_vec()))).await;
        assert!(location.starts_with("/applications/"), "{location}");
    }
    let location = apply(&app, &slugs[10], &fields("grace@example.com"), Some(("cv.pdf", PDF.to_vec()))).await;
    assert_eq!(location, "/too-many-requests");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_open_jobs_without_their_own_apply_page_take_applications() {
    let app = TestApp::new().await;
    let company = app.company("Acme").await;
    app.post_job(&company, JobSpec::titled("External Engineer")).await;
    // (job_taking_applications below reuses this company.)
    let external = app.search("").await.jobs.remove(0).slug;
    assert!(!app.page(&format!("/jobs/{external}"), 200).await.contains("Send application"));
    let (feedback, _) =
        refused(&app, &apply(&app, &external, &fields("g@example.com"), Some(("cv.pdf", PDF.to_vec()))).await).await;
    assert!(feedback.error_for("job").is_some_and(|m| m.contains("company’s own site")));

    let slug = job_taking_applications(&app, "Closed Engineer").await;
    sqlx::query("UPDATE jobs SET status = 'closed' WHERE title = 'Closed Engineer'")
        .execute(&app.db.pool)
        .await
        .expect("close");
    let response = app
        .client
        .post(format!("{}/jobs/{slug}/applications", app.url))
        .header("origin", &app.url)
        .multipart(reqwest::multipart::Form::new().text("name", "Grace"))
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 410);
    assert_eq!(applications(&app).await, 0);
}
