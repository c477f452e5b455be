//! Applying through FarCoder, the candidate's side: the form's checks and
//! limits, the upload checks, the private status page and withdrawal.

use crate::harness::{JobSpec, TestApp, link_in};
use farcoder::model::DAY;

pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

/// An open job that takes applications through FarCoder; its slug.
pub async fn job_taking_applications(app: &TestApp, title: &str) -> String {
    let company = match farcoder::server::repo::companies::find_by_slug(&app.db, "acme").await.expect("find") {
        Some(c) => crate::harness::Company { id: c.id },
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
        ("country", "pt".into()),
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
    let response = send(app, slug, fields, cv).await;
    response.headers()["location"].to_str().expect("location").to_owned()
}

/// Posts the apply form as a browser without JavaScript does.
pub(crate) async fn send(
    app: &TestApp,
    slug: &str,
    fields: &[(&'static str, String)],
    cv: Option<(&str, Vec<u8>)>,
) -> reqwest::Response {
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
    response
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

    let other = token_of(&apply(&app, &slug, &fields("alan@example.com"), Some(("cv.pdf", PDF.to_vec()))).await);
    assert!(!app.page(&format!("/applications/{other}"), 200).await.contains("grace"), "each link shows its own");

    assert_eq!(app.call("withdraw_application", &[("token", &token)], None).await.status(), 200);
    assert_eq!((applications(&app).await, stored_cvs(&app).await), (1, 1), "Grace's data and CV are gone");
    assert!(
        app.page(&format!("/applications/{other}"), 200).await.contains("Status: <strong>New</strong>"),
        "Alan's stay"
    );
    assert_eq!(app.call("withdraw_application", &[("token", &other)], None).await.status(), 200);
    assert_eq!((applications(&app).await, stored_cvs(&app).await), (0, 0));
    assert!(app.page(&format!("/applications/{token}"), 404).await.contains("No application here"));
    assert_eq!(app.call("withdraw_application", &[("token", &token)], None).await.status(), 400);
    app.page("/applications/not-a-real-token", 404).await;
}

/// Sends a form the server refuses: the messages it comes back with (as the
/// job page's own server function reads them) and the page it shows, both
/// with the cookie the refusal set. The URL carries none of it.
async fn refused(
    app: &TestApp,
    slug: &str,
    fields: &[(&'static str, String)],
    cv: Option<(&str, Vec<u8>)>,
) -> (farcoder::model::ApplyFeedback, String) {
    let response = send(app, slug, fields, cv).await;
    let location = response.headers()["location"].to_str().expect("location").to_owned();
    assert_eq!(location, format!("/jobs/{slug}?apply=refused#apply"), "nothing typed is in the URL");
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("farcoder_form="))
        .expect("the kept form's cookie")
        .to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    let cookie = cookie.split(';').next().expect("pair").to_owned();
    let page = app
        .client
        .get(format!("{}/jobs/{slug}?apply=refused", app.url))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("GET");
    assert_eq!(page.status(), 200);
    assert!(page.headers()["cache-control"].to_str().expect("cc").contains("private"), "never shared");
    let page = page.text().await.expect("page");
    let feedback = app
        .client
        .post(format!("{}/api/fn/apply_feedback", app.url))
        .header("origin", &app.url)
        .header("accept", "application/json")
        .header("cookie", &cookie)
        .send()
        .await
        .expect("POST");
    let feedback: Option<farcoder::model::ApplyFeedback> = feedback.json().await.expect("feedback");
    (feedback.expect("kept"), page)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_forms_and_files_are_refused_with_what_was_typed_kept() {
    let app = TestApp::new().await;
    let slug = job_taking_applications(&app, "Compiler Engineer").await;
    let mut bad = fields("not-an-address");
    bad[5].1 = "ftp://grace.example".into();
    let (feedback, page) = refused(&app, &slug, &bad, Some(("cv.pdf", PDF.to_vec()))).await;
    let errored: Vec<&str> = feedback.errors.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(errored, ["portfolio", "email"]);
    assert!(page.contains("value=\"Grace Hopper\"") && page.contains("I have shipped compilers"), "kept");
    assert!(page.contains(r#"<option value="pt" selected"#), "the country picked stays picked");
    // A country is one from the list, whatever was typed around it.
    let mut misspelt = fields("grace@example.com");
    misspelt[2].1 = "Germny".into();
    let (feedback, page) = refused(&app, &slug, &misspelt, Some(("cv.pdf", PDF.to_vec()))).await;
    assert_eq!(feedback.error_for("country").as_deref(), Some("Choose the country you live in from the list."));
    assert!(page.contains(r#"<option value="de">Germany</option>"#), "the list names every country");

    type Case<'a> = (Option<(&'a str, Vec<u8>)>, &'a str);
    let cases: [Case; 3] = [
        (None, "Attach your CV"),
        (Some(("cv.pdf", b"PK\x03\x04 a zip file renamed".to_vec())), "must be a PDF"),
        (Some(("cv.pdf", [PDF, &vec![b' '; 5 * 1024 * 1024]].concat())), "larger than 5 MB"),
    ];
    for (cv, message) in cases {
        let (feedback, _) = refused(&app, &slug, &fields("grace@example.com"), cv).await;
        assert_eq!(feedback.error_for("cv").map(|m| m.contains(message)), Some(true), "{message}: {feedback:?}");
    }
    // A file past what the route reads at all: the form breaks off in the
    // file, and what came before it is kept.
    let six_mb = [PDF, &vec![b' '; 6 * 1024 * 1024]].concat();
    let (feedback, page) = refused(&app, &slug, &fields("grace@example.com"), Some(("cv.pdf", six_mb))).await;
    assert!(feedback.error_for("cv").is_some_and(|m| m.contains("larger than 5 MB")), "{feedback:?}");
    assert_eq!(feedback.draft.cover_note, "I have shipped compilers and I would like to ship yours.");
    assert!(page.contains("value=\"Grace Hopper\"") && page.contains("I have shipped compilers"), "kept");
    // With a bad address too, both messages come in the one answer.
    let six_mb = [PDF, &vec![b' '; 6 * 1024 * 1024]].concat();
    let (feedback, _) = refused(&app, &slug, &fields("not-an-address"), Some(("cv.pdf", six_mb))).await;
    let errored: Vec<&str> = feedback.errors.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(errored, ["email", "cv"], "every message in one round: {feedback:?}");
    assert_eq!((applications(&app).await, stored_cvs(&app).await), (0, 0), "nothing stored");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_application_per_address_and_bots_are_ignored() {
    let app = TestApp::new().await;
    let slug = job_taking_applications(&app, "Compiler Engineer").await;
    apply(&app, &slug, &fields("grace@example.com"), Some(("cv.pdf", PDF.to_vec()))).await;
    let (feedback, _) = refused(&app, &slug, &fields("Grace@Example.com"), Some(("cv.pdf", PDF.to_vec()))).await;
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
    let (feedback, _) = refused(&app, &external, &fields("g@example.com"), Some(("cv.pdf", PDF.to_vec()))).await;
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

/// An employer of a verified company with a live posting that takes
/// applications through FarCoder: (session, job id, slug).
pub(crate) async fn employer_with_job(app: &TestApp, email: &str, company: &str) -> (String, i64, String) {
    let password = crate::moderation::PASSWORD;
    let session = app.sign_up(email, password, company).await;
    app.verify(company).await;
    let mut draft = crate::postings::draft(&format!("{company} Compiler Engineer"));
    draft.apply_url = String::new();
    let form = crate::postings::fields(&draft);
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let id: i64 = app.call("create_posting", &pairs, Some(&session)).await.json().await.expect("id");
    let status = app.call("submit_posting", &[("id", &id.to_string())], Some(&session)).await;
    assert_eq!(status.json::<String>().await.expect("status"), "published");
    let slug = app.search("").await.jobs.into_iter().find(|j| j.id == id).expect("public").slug;
    (session, id, slug)
}

async fn list(app: &TestApp, session: &str, job: i64, status: &str) -> farcoder::model::ApplicationList {
    let response =
        app.call("application_list", &[("job_id", &job.to_string()), ("status", status)], Some(session)).await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("list")
}

async fn set_status(app: &TestApp, session: &str, id: i64, status: &str, message: &str) -> u16 {
    let form = [("id", id.to_string()), ("status", status.to_owned()), ("message", message.to_owned())];
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.call("set_application_status", &pairs, Some(session)).await.status().as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_employer_reads_answers_and_exports_applications() {
    let app = TestApp::with_config(|c| c.auto_approve = true).await;
    let (employer, job, slug) = employer_with_job(&app, "ada@acme.example", "Acme").await;
    let location = apply(&app, &slug, &fields("grace@example.com"), Some(("cv.pdf", PDF.to_vec()))).await;
    let token = token_of(&location);
    assert!(app.mail_containing("ada@acme.example", "New application: Acme Compiler Engineer").await.is_some());

    let all = list(&app, &employer, job, "").await;
    assert_eq!((all.total, all.items.len()), (1, 1));
    assert_eq!(all.counts[0], (farcoder::model::ApplicationStatus::New, 1));
    let id = all.items[0].id;
    let detail: farcoder::model::ApplicationDetail =
        app.call("application_detail", &[("id", &id.to_string())], Some(&employer)).await.json().await.expect("detail");
    assert_eq!((detail.name.as_str(), detail.github.as_deref()), ("Grace Hopper", Some("https://github.com/grace")));
    assert!(
        app.get_as(&format!("/dashboard/applications/{id}"), &employer)
            .await
            .text()
            .await
            .expect("page")
            .contains("I have shipped compilers")
    );

    let cv = app.get_as(&format!("/dashboard/applications/{id}/cv"), &employer).await;
    assert_eq!(cv.status(), 200);
    assert_eq!(cv.headers()["content-type"], "application/pdf");
    assert!(
        cv.headers()["content-disposition"]
            .to_str()
            .expect("header")
            .starts_with("attachment; filename=\"cv-Grace-Hopper-")
    );
    assert_eq!(cv.headers()["x-content-type-options"], "nosniff");
    assert_eq!(cv.bytes().await.expect("bytes").as_ref(), PDF);

    // A status change and the candidate's e-mail commit together: with the
    // outbox failing, the status stays as it was.
    app.break_inserts_into("outbox").await;
    assert_eq!(set_status(&app, &employer, id, "interviewing", "We would like to talk on Tuesday.").await, 500);
    assert_eq!(list(&app, &employer, job, "interviewing").await.items.len(), 0, "nothing half-written");
    app.mend("outbox").await;

    // Status changes reach the candidate, with the message.
    assert_eq!(set_status(&app, &employer, id, "interviewing", "We would like to talk on Tuesday.").await, 200);
    let mail = app.mail_containing("grace@example.com", "We would like to talk on Tuesday.").await.expect("mail");
    assert!(mail.contains("Your application for Acme Compiler Engineer: Interviewing"));
    assert_eq!(set_status(&app, &employer, id, "interviewing", "").await, 400, "not to where it is");
    assert_eq!(set_status(&app, &employer, id, "new", "").await, 400, "new only once");
    let notes = [("id", id.to_string()), ("notes", "Strong on parsers; ask about ownership.".to_owned())];
    let pairs: Vec<(&str, &str)> = notes.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call("set_application_notes", &pairs, Some(&employer)).await.status(), 200);
    let status_page = app.page(&format!("/applications/{token}"), 200).await;
    assert!(status_page.contains("Interviewing") && status_page.contains("We would like to talk on Tuesday."));
    assert!(!status_page.contains("Strong on parsers"), "notes stay private");
    assert_eq!(list(&app, &employer, job, "interviewing").await.items.len(), 1);
    assert!(list(&app, &employer, job, "new").await.items.is_empty());

    let csv = app.get_as(&format!("/dashboard/jobs/{job}/applications/export.csv"), &employer).await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = csv.text().await.expect("csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "applied,name,email,country,status,github,linkedin,portfolio,cover_note,notes");
    assert!(lines[1].contains("\"Grace Hopper\",\"grace@example.com\",\"Portugal\",\"Interviewing\""), "{}", lines[1]);
    assert!(lines[1].ends_with("\"Strong on parsers; ask about ownership.\""));

    // A rejection made by mistake is moved back; the history keeps both
    // moves and who made them, for the team; the candidate sees no names.
    assert_eq!(set_status(&app, &employer, id, "rejected", "We chose someone else.").await, 200);
    let page = app.get_as(&format!("/dashboard/applications/{id}"), &employer).await.text().await.expect("page");
    assert!(page.contains("Move back to “Interviewing”"), "a move back is offered as such");
    assert_eq!(set_status(&app, &employer, id, "interviewing", "Sorry, that was a mistake.").await, 200);
    assert!(app.mail_containing("grace@example.com", "Sorry, that was a mistake.").await.is_some());
    let detail: farcoder::model::ApplicationDetail =
        app.call("application_detail", &[("id", &id.to_string())], Some(&employer)).await.json().await.expect("detail");
    let moves: Vec<(&str, Option<&str>)> = detail.updates.iter().map(|u| (u.status.slug(), u.by.as_deref())).collect();
    assert_eq!(
        moves,
        [
            ("interviewing", Some("ada@acme.example")),
            ("rejected", Some("ada@acme.example")),
            ("interviewing", Some("ada@acme.example"))
        ]
    );
    let status_page = app.page(&format!("/applications/{token}"), 200).await;
    assert!(!status_page.contains("ada@acme.example"), "the candidate sees no team member's address");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn applications_reach_only_their_companys_team() {
    let app = TestApp::with_config(|c| c.auto_approve = true).await;
    let (acme, job, slug) = employer_with_job(&app, "ada@acme.example", "Acme").await;
    let (other, _, _) = employer_with_job(&app, "bo@bravo.example", "Bravo").await;
    apply(&app, &slug, &fields("grace@example.com"), Some(("cv.pdf", PDF.to_vec()))).await;
    let id = list(&app, &acme, job, "").await.items[0].id.to_string();
    let job = job.to_string();
    let calls: [(&str, Vec<(&str, &str)>); 4] = [
        ("application_list", vec![("job_id", &job), ("status", "")]),
        ("application_detail", vec![("id", &id)]),
        ("set_application_status", vec![("id", &id), ("status", "reviewed"), ("message", "")]),
        ("set_application_notes", vec![("id", &id), ("notes", "mine now")]),
    ];
    for (function, form) in &calls {
        assert_eq!(app.call(function, form, Some(&other)).await.status(), 404, "{function} by another company");
        assert_eq!(app.call(function, form, None).await.status(), 401, "{function} signed out");
    }
    for path in [format!("/dashboard/applications/{id}/cv"), format!("/dashboard/jobs/{job}/applications/export.csv")] {
        assert_eq!(app.get_as(&path, &other).await.status(), 404, "{path}");
        let anonymous = app.get(&path).await;
        assert_eq!(anonymous.status(), 303, "{path}");
        assert!(anonymous.headers()["location"].to_str().expect("location").starts_with("/login?next="));
    }
    let detail: farcoder::model::ApplicationDetail =
        app.call("application_detail", &[("id", &id)], Some(&acme)).await.json().await.expect("detail");
    assert_eq!((detail.status, detail.notes.as_str()), (farcoder::model::ApplicationStatus::New, ""), "untouched");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_shows_applications_unanswered_for_a_week() {
    let app = TestApp::with_config(|c| c.auto_approve = true).await;
    let (employer, job, slug) = employer_with_job(&app, "ada@acme.example", "Acme").await;
    apply(&app, &slug, &fields("grace@example.com"), Some(("cv.pdf", PDF.to_vec()))).await;
    apply(&app, &slug, &fields("alan@example.com"), Some(("cv.pdf", PDF.to_vec()))).await;
    let dashboard: farcoder::model::Dashboard =
        app.call("dashboard", &[], Some(&employer)).await.json().await.expect("dashboard");
    assert_eq!((dashboard.jobs[0].applications, dashboard.jobs[0].unanswered), (2, 0));
    let eight_days_ago = farcoder::server::now() - 8 * DAY;
    sqlx::query(&format!(
        "UPDATE applications SET created_at = {} WHERE email = 'grace@example.com'",
        eight_days_ago.unix()
    ))
    .execute(&app.db.pool)
    .await
    .expect("age");
    let dashboard: farcoder::model::Dashboard =
        app.call("dashboard", &[], Some(&employer)).await.json().await.expect("dashboard");
    assert_eq!((dashboard.jobs[0].applications, dashboard.jobs[0].unanswered), (2, 1));
    let page = app.get_as("/dashboard", &employer).await.text().await.expect("page");
    assert!(page.contains("1 application has waited more than 7 days for an answer."));
    let waiting = list(&app, &employer, job, "new").await;
    assert_eq!(waiting.items.iter().filter(|a| a.unanswered).count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_inbox_holds_the_applications_to_every_posting_with_the_new_ones_counted() {
    let app = TestApp::with_config(|c| c.auto_approve = true).await;
    let (acme, job, slug) = employer_with_job(&app, "ada@acme.example", "Acme").await;
    let (bravo, _, bravo_slug) = employer_with_job(&app, "bo@bravo.example", "Bravo").await;
    apply(&app, &slug, &fields("grace@example.com"), Some(("cv.pdf", PDF.to_vec()))).await;
    apply(&app, &slug, &fields("alan@example.com"), Some(("cv.pdf", PDF.to_vec()))).await;
    apply(&app, &bravo_slug, &fields("edsger@example.com"), Some(("cv.pdf", PDF.to_vec()))).await;

    let inbox = |session: String| {
        let app = &app;
        async move {
            let response = app.call("application_inbox", &[("status", "")], Some(&session)).await;
            assert_eq!(response.status(), 200);
            response.json::<farcoder::model::ApplicationList>().await.expect("inbox")
        }
    };
    let mine = inbox(acme.clone()).await;
    let listed: Vec<(&str, &str)> = mine.items.iter().map(|a| (a.email.as_str(), a.job_title.as_str())).collect();
    assert_eq!(
        listed,
        [("alan@example.com", "Acme Compiler Engineer"), ("grace@example.com", "Acme Compiler Engineer")]
    );
    assert!(mine.items.iter().all(|a| a.job_id == job) && mine.job.is_none());
    assert_eq!(inbox(bravo).await.items.len(), 1, "another company's inbox holds only its own");
    assert_eq!(app.call("application_inbox", &[("status", "")], None).await.status(), 401);

    let dashboard: farcoder::model::Dashboard =
        app.call("dashboard", &[], Some(&acme)).await.json().await.expect("dashboard");
    assert_eq!((dashboard.jobs[0].applications, dashboard.jobs[0].new_applications), (2, 2));
    let page = app.get_as("/dashboard", &acme).await.text().await.expect("page");
    assert!(page.contains("Applications inbox: 2 new") && page.contains(">2 new</span>"), "the dashboard says so");
    assert!(!page.contains("Apply clicks"), "no click count beside applications taken on FarCoder");

    assert_eq!(set_status(&app, &acme, mine.items[0].id, "reviewed", "").await, 200);
    let page = app.get_as("/dashboard", &acme).await.text().await.expect("page");
    assert!(page.contains("Applications inbox: 1 new"));
    let html = app.get_as("/dashboard/applications?status=new", &acme).await.text().await.expect("inbox page");
    assert!(html.contains("grace@example.com") && !html.contains("alan@example.com"), "filtered by status");
    assert!(html.contains(&format!(r#"href="/dashboard/jobs/{job}/applications""#)), "each row names its posting");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_response_rate_shows_once_ten_applications_can_be_judged() {
    // The rate a kept page shows may be an hour old (README, "Caching"); this
    // reads it at once, after writing behind the server's back.
    let app = TestApp::with_config(|c| c.page_cache = false).await;
    let slug = job_taking_applications(&app, "Compiler Engineer").await;
    for i in 0..10 {
        apply(&app, &slug, &fields(&format!("c{i}@example.com")), Some(("cv.pdf", PDF.to_vec()))).await;
    }
    let rate = "of applicants within 14 days";
    assert!(!app.page(&format!("/jobs/{slug}"), 200).await.contains(rate), "too recent to judge");

    // Twenty days on: nine were answered the next day, one never.
    let now = farcoder::server::now();
    let pool = &app.db.pool;
    let run = |sql: String| async move { sqlx::query(&sql).execute(pool).await.expect("age") };
    run(format!("UPDATE applications SET created_at = {}", (now - 20 * DAY).unix())).await;
    run(format!(
        "UPDATE applications SET status = 'reviewed', first_response_at = {} WHERE email <> 'c0@example.com'",
        (now - 19 * DAY).unix()
    ))
    .await;
    let page = app.page(&format!("/jobs/{slug}"), 200).await;
    assert!(page.contains("Answers 90% of applicants within 14 days (from 10 applications"), "on the job page");
    assert!(app.page("/companies/acme", 200).await.contains("Answers 90%"), "on the company page");

    // An answer after 15 days does not count as an answer in time.
    run(format!(
        "UPDATE applications SET first_response_at = {} WHERE email = 'c1@example.com'",
        (now - 5 * DAY).unix()
    ))
    .await;
    assert!(app.page("/companies/acme", 200).await.contains("Answers 80%"));
    run("DELETE FROM application_updates".to_owned()).await;
    run("DELETE FROM applications WHERE email = 'c9@example.com'".to_owned()).await;
    assert!(!app.page("/companies/acme", 200).await.contains(rate), "nine are too few");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn applications_are_deleted_180_days_after_their_posting_closes() {
    use farcoder::server::freshness;
    let app = TestApp::new().await;
    let old = job_taking_applications(&app, "Old Engineer").await;
    let recent = job_taking_applications(&app, "Recent Engineer").await;
    let open = job_taking_applications(&app, "Open Engineer").await;
    for slug in [&old, &recent, &open] {
        apply(&app, slug, &fields("grace@example.com"), Some(("cv.pdf", PDF.to_vec()))).await;
    }
    let now = farcoder::server::now();
    for (title, days) in [("Old Engineer", 181), ("Recent Engineer", 100)] {
        let closed_at = now - days * DAY;
        sqlx::query(&format!(
            "UPDATE jobs SET status = 'closed', updated_at = {} WHERE title = '{title}'",
            closed_at.unix()
        ))
        .execute(&app.db.pool)
        .await
        .expect("close");
    }
    let run = freshness::run_once(&app.db, &app.storage(), &app.url, now).await.expect("run");
    assert_eq!(run.applications_deleted, 1);
    assert_eq!((applications(&app).await, stored_cvs(&app).await), (2, 2), "the row and its CV went together");
    let titles: Vec<(String,)> =
        sqlx::query_as("SELECT j.title FROM applications a JOIN jobs j ON j.id = a.job_id ORDER BY j.title")
            .fetch_all(&app.db.pool)
            .await
            .expect("left");
    assert_eq!(titles, [("Open Engineer".to_owned(),), ("Recent Engineer".to_owned(),)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_privacy_page_says_what_is_kept_and_for_how_long() {
    let app = TestApp::new().await;
    let page = app.page("/privacy", 200).await;
    for promise in ["deleted automatically 180 days after the posting closes", "withdraw at any time", "private notes"]
    {
        assert!(page.contains(promise), "{promise}");
    }
    assert!(app.page("/", 200).await.contains("href=\"/privacy\""), "linked from every page's footer");
}

/// The tests' S3-compatible server (moto, started by `scripts/with-s3`):
/// its bucket, with a key of our own. Without the server this fails.
pub(crate) fn test_bucket() -> farcoder::server::storage::S3Settings {
    let var =
        |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: run under scripts/with-s3"));
    farcoder::server::storage::S3Settings {
        bucket: var("FARCODER_TEST_S3_BUCKET"),
        endpoint: Some(var("FARCODER_TEST_S3_ENDPOINT")),
        region: Some("us-east-1".into()),
        access_key: Some(("farcoder-test".into(), "a secret only the test knows".into())),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cvs_can_live_in_an_s3_compatible_bucket() {
    use farcoder::server::storage::{S3Settings, Storage, StorageError, StorageSettings};
    let bucket = test_bucket();
    let missing = Storage::s3(&S3Settings { bucket: "no-such-bucket".into(), ..bucket.clone() }).expect("storage");
    assert!(missing.put("cv/x.pdf", PDF).await.is_err(), "a bucket that is not there refuses");

    let app = TestApp::with_config(|c| {
        c.auto_approve = true;
        c.storage = StorageSettings::S3(bucket.clone());
    })
    .await;
    let (employer, job, slug) = employer_with_job(&app, "ada@acme.example", "Acme").await;
    let token = token_of(&apply(&app, &slug, &fields("grace@example.com"), Some(("cv.pdf", PDF.to_vec()))).await);
    let (key,): (String,) =
        sqlx::query_as("SELECT cv_key FROM applications").fetch_one(&app.db.pool).await.expect("key");
    let objects = Storage::s3(&bucket).expect("storage");
    assert_eq!(objects.get(&key).await.expect("in the bucket"), PDF);
    assert_eq!(stored_cvs(&app).await, 0, "nothing on the local disk");
    let id = list(&app, &employer, job, "").await.items[0].id;
    let cv = app.get_as(&format!("/dashboard/applications/{id}/cv"), &employer).await;
    assert_eq!(cv.bytes().await.expect("cv").as_ref(), PDF);
    assert_eq!(app.call("withdraw_application", &[("token", &token)], None).await.status(), 200);
    assert!(matches!(objects.get(&key).await, Err(StorageError::Missing)), "withdrawn: the object is deleted");
    assert_eq!(app.count("background_jobs", "kind = 'delete-file'").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_form_is_kept_cut_to_its_fields_and_a_flood_keeps_nothing() {
    let app = TestApp::new().await;
    let slug = job_taking_applications(&app, "Compiler Engineer").await;
    let mut form = fields("grace@example.com");
    for (name, value) in &mut form {
        match *name {
            "name" => *value = "n".repeat(20_000),
            "cover_note" => *value = "c".repeat(30_000),
            _ => {}
        }
    }
    let (feedback, _) = refused(&app, &slug, &form, Some(("cv.pdf", PDF.to_vec()))).await;
    assert_eq!(feedback.draft.name.chars().count(), farcoder::model::NAME_CHARS);
    assert_eq!(feedback.draft.cover_note.chars().count(), farcoder::model::COVER_NOTE_CHARS);

    for _ in 0..40 {
        send(&app, &slug, &form, None).await;
    }
    assert_eq!(app.count("form_returns", "1 = 1").await, 30, "kept only up to the address's limit");
    let location = send(&app, &slug, &form, None).await.headers()["location"].to_str().expect("location").to_owned();
    assert_eq!(location, "/too-many-requests");
}
