//! Moderation: moderators created from the command line, the review queue,
//! every decision and the states it is allowed from, the audit log, and who
//! may reach any of it.

use farcoder::model::{Dashboard, ReviewQueue};
use farcoder::server::moderation;
use farcoder::server::now;

use crate::harness::{TestApp, session_cookie};
use crate::postings::{draft, fields};

pub const PASSWORD: &str = "correct horse battery";

/// A moderator as `farcoder admin create` makes one, signed in through the
/// password link it prints.
pub async fn moderator(app: &TestApp) -> String {
    let link = moderation::create_moderator(&app.db, "mod@farcoder.example", &app.url, now()).await.expect("created");
    let token = link.split("token=").nth(1).expect("token");
    let response = app.call("reset_password", &[("token", token), ("password", PASSWORD)], None).await;
    assert_eq!(response.status(), 200);
    session_cookie(&response).expect("signed in")
}

async fn employer_with_submission(app: &TestApp, email: &str, title: &str) -> (String, i64) {
    let session = app.sign_up(email, PASSWORD, "Acme").await;
    let form = fields(&draft(title));
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let id: i64 = app.call("create_posting", &pairs, Some(&session)).await.json().await.expect("id");
    let status: String =
        app.call("submit_posting", &[("id", &id.to_string())], Some(&session)).await.json().await.expect("status");
    assert_eq!(status, "review");
    (session, id)
}

async fn decide(app: &TestApp, session: &str, id: i64, decision: &str, reason: &str) -> reqwest::Response {
    app.call("moderate", &[("id", &id.to_string()), ("decision", decision), ("reason", reason)], Some(session)).await
}

async fn queue(app: &TestApp, session: &str) -> ReviewQueue {
    let response = app.call("review_queue", &[], Some(session)).await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("queue")
}

async fn note_on_dashboard(app: &TestApp, session: &str) -> (String, Option<String>) {
    let dashboard: Dashboard = app.call("dashboard", &[], Some(session)).await.json().await.expect("dashboard");
    let job = dashboard.jobs.into_iter().next().expect("a job");
    (job.status.slug().to_owned(), job.moderation_note)
}

async fn audit_actions(app: &TestApp) -> Vec<String> {
    sqlx::query_as::<_, (String,)>("SELECT action FROM audit_log ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .expect("audit log")
        .into_iter()
        .map(|(a,)| a)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moderator_approves_a_submission_onto_the_board() {
    let app = TestApp::new().await;
    let moderator = moderator(&app).await;
    let (employer, id) = employer_with_submission(&app, "ada@example.com", "Queue Engineer").await;
    assert!(app.search("").await.jobs.is_empty(), "waiting in review");

    let waiting = queue(&app, &moderator).await;
    assert_eq!(waiting.items.len(), 1);
    assert_eq!((waiting.items[0].id, waiting.items[0].company_verified), (id, false));
    let page = app.get_as("/admin/review", &moderator).await.text().await.expect("body");
    assert!(page.contains("Queue Engineer") && page.contains("unverified company"));
    // Everything the posting claims, before any click: where applications go and
    // whether that is the company's site, where people may work from, how they are hired.
    let claims: Vec<(&str, &str)> = waiting.items[0].claims.iter().map(|(w, c)| (w.as_str(), c.as_str())).collect();
    let claim = |what: &str| claims.iter().find(|(w, _)| *w == what).map(|(_, c)| *c).unwrap_or_default();
    assert!(claim("Applications go to").starts_with("example.com: "), "{claims:?}");
    assert!(!claim("Work from").is_empty() && !claim("Hired as").is_empty(), "{claims:?}");
    assert_eq!(claim("Salary"), "$140k – $170k a year", "in dollars a year already: {claims:?}");
    assert!(page.contains(r#"href="https://example.com/careers/pipeline""#), "the apply link opens from the queue");
    assert!(page.contains("Applications go to") && page.contains("Hired as"), "the claims are on the page");

    assert_eq!(decide(&app, &moderator, id, "approve", "").await.status(), 200);
    assert_eq!(app.search("").await.jobs.len(), 1, "published");
    assert!(queue(&app, &moderator).await.items.is_empty());
    assert_eq!(note_on_dashboard(&app, &employer).await, ("published".to_owned(), None));
    assert!(app.mail_containing("ada@example.com", "Published: Queue Engineer").await.is_some());
    assert_eq!(audit_actions(&app).await, ["create moderator", "approve posting"]);
    let audit = app.get_as("/admin/audit", &moderator).await.text().await.expect("audit log");
    assert!(audit.contains(&format!("Queue Engineer (#{id})")) && audit.contains("Acme"), "names, not ids: {audit}");
    let log: Vec<farcoder::model::AuditEntry> =
        app.call("audit_log", &[], Some(&moderator)).await.json().await.expect("log");
    assert_eq!((log[0].action.as_str(), log[0].job_id), ("approve posting", Some(id)), "newest first");
    assert_eq!(log[0].actor, "mod@farcoder.example");
    let page = app.get_as("/admin/audit", &moderator).await.text().await.expect("body");
    assert!(page.contains("approve posting") && page.contains("mod@farcoder.example"));

    let again = decide(&app, &moderator, id, "approve", "").await;
    assert_eq!(again.status(), 400, "approving twice is refused");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moderator_opens_the_exact_preview_of_a_submission_and_no_one_else_does() {
    let app = TestApp::new().await;
    let moderator = moderator(&app).await;
    let (employer, id) = employer_with_submission(&app, "ada@example.com", "Queue Engineer").await;
    let queue_page = app.get_as("/admin/review", &moderator).await.text().await.expect("body");
    assert!(queue_page.contains(&format!(r#"href="/admin/review/{id}""#)), "the queue links to the preview");

    let preview = app.get_as(&format!("/admin/review/{id}"), &moderator).await;
    assert_eq!(preview.status(), 200);
    let html = preview.text().await.expect("body");
    assert!(html.contains("Queue Engineer") && html.contains("$140k – $170k a year"), "the job page as it will show");
    assert!(html.contains("Own our event pipeline end to end"), "with its description");

    let other = app.sign_up("eve@example.com", PASSWORD, "Evil").await;
    for session in [employer.as_str(), other.as_str()] {
        let refused = app.call("review_preview", &[("id", &id.to_string())], Some(session)).await;
        assert_eq!(refused.status(), 403, "only moderators preview any posting");
    }
    assert_eq!(app.call("review_preview", &[("id", &id.to_string())], None).await.status(), 401);
    let missing = app.call("review_preview", &[("id", "999999")], Some(&moderator)).await;
    assert_eq!(missing.status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejections_and_change_requests_need_a_reason_and_reach_the_employer() {
    let app = TestApp::new().await;
    let moderator = moderator(&app).await;
    let (employer, id) = employer_with_submission(&app, "ada@example.com", "Queue Engineer").await;

    assert_eq!(decide(&app, &moderator, id, "request-changes", "").await.status(), 400, "a reason is needed");
    let reason = "Please state which countries applicants may live in.";
    assert_eq!(decide(&app, &moderator, id, "request-changes", reason).await.status(), 200);
    assert_eq!(note_on_dashboard(&app, &employer).await, ("changes".to_owned(), Some(reason.to_owned())));
    assert!(app.mail_containing("ada@example.com", reason).await.is_some());

    // The employer fixes it and submits again; it is back in the queue.
    let status: String =
        app.call("submit_posting", &[("id", &id.to_string())], Some(&employer)).await.json().await.expect("status");
    assert_eq!(status, "review");
    assert_eq!(queue(&app, &moderator).await.items.len(), 1);

    let reason = "This looks like a paid training scheme, not a job.";
    assert_eq!(decide(&app, &moderator, id, "reject", reason).await.status(), 200);
    assert_eq!(note_on_dashboard(&app, &employer).await, ("rejected".to_owned(), Some(reason.to_owned())));
    let resubmit = app.call("submit_posting", &[("id", &id.to_string())], Some(&employer)).await;
    assert_eq!(resubmit.status(), 400, "a rejected posting is not resubmitted");
    assert!(app.search("").await.jobs.is_empty());
    assert_eq!(audit_actions(&app).await, ["create moderator", "request-changes posting", "reject posting"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_published_posting_can_be_unpublished_with_a_reason() {
    let app = TestApp::new().await;
    let moderator = moderator(&app).await;
    let (_, id) = employer_with_submission(&app, "ada@example.com", "Queue Engineer").await;
    assert_eq!(decide(&app, &moderator, id, "unpublish", "Not yet published, so not possible.").await.status(), 400);
    decide(&app, &moderator, id, "approve", "").await;
    let path = app.search("").await.jobs.remove(0).path();
    assert_eq!(decide(&app, &moderator, id, "unpublish", "Reported as a scam by several readers.").await.status(), 200);
    assert!(app.search("").await.jobs.is_empty());
    app.page(&path, 404).await;
    assert_eq!(decide(&app, &moderator, 999_999, "approve", "").await.status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moderator_signing_in_lands_on_the_queue() {
    let app = TestApp::new().await;
    moderator(&app).await;
    let form = [("email", "mod@farcoder.example"), ("password", PASSWORD), ("next", "")];
    let response = app.submit_form("login", "/login", &form).await;
    assert_eq!(response.headers().get("location").and_then(|v| v.to_str().ok()), Some("/admin/review"));
    let form = [("email", "mod@farcoder.example"), ("password", PASSWORD), ("next", "/admin/audit")];
    let response = app.submit_form("login", "/login", &form).await;
    assert_eq!(response.headers().get("location").and_then(|v| v.to_str().ok()), Some("/admin/audit"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_moderator_choosing_a_password_lands_on_the_queue() {
    let app = TestApp::new().await;
    let link = moderation::create_moderator(&app.db, "mod@farcoder.example", &app.url, now()).await.expect("created");
    let page = link.trim_start_matches(&app.url);
    let token = link.split("token=").nth(1).expect("token");
    let response = app.submit_form("reset_password", page, &[("token", token), ("password", PASSWORD)]).await;
    assert_eq!(response.headers().get("location").and_then(|v| v.to_str().ok()), Some("/admin/review"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_moderators_reach_moderation() {
    let app = TestApp::new().await;
    let (employer, id) = employer_with_submission(&app, "ada@example.com", "Queue Engineer").await;
    for (session, status) in [(None, 401), (Some(employer.as_str()), 403)] {
        assert_eq!(app.call("review_queue", &[], session).await.status(), status);
        assert_eq!(app.call("audit_log", &[], session).await.status(), status);
        let form = [("id", id.to_string()), ("decision", "approve".to_owned()), ("reason", String::new())];
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(app.call("moderate", &pairs, session).await.status(), status);
    }
    assert_eq!(app.get_as("/admin/review", &employer).await.status(), 403);
    assert_eq!(app.get_as("/admin/audit", &employer).await.status(), 403);
    let anonymous = app.get("/admin/review").await;
    assert_eq!(anonymous.status(), 302);
    assert_eq!(anonymous.headers()["location"], "/login?next=/admin/review");
    assert!(app.search("").await.jobs.is_empty(), "nothing was approved");
    let taken = moderation::create_moderator(&app.db, "ada@example.com", &app.url, now()).await;
    assert!(taken.is_err(), "an employer's address cannot become a moderator silently");
}

fn guide_form(slug: &str, draft: &farcoder::model::GuideDraft) -> Vec<(String, String)> {
    vec![
        ("slug".into(), slug.into()),
        ("guide[title]".into(), draft.title.clone()),
        ("guide[summary]".into(), draft.summary.clone()),
        ("guide[category]".into(), draft.category.clone()),
        ("guide[body]".into(), draft.body.clone()),
        ("guide[faq]".into(), draft.faq.clone()),
    ]
}

async fn save_guide(app: &TestApp, session: Option<&str>, form: &[(String, String)]) -> reqwest::Response {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.call("update_guide", &pairs, session).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moderator_edits_a_guide_and_readers_see_it_at_once() {
    let app = TestApp::new().await;
    let moderator = moderator(&app).await;
    let slug = "remote-backend-developer";
    let response = app.call("guide_draft", &[("slug", slug)], Some(&moderator)).await;
    assert_eq!(response.status(), 200);
    let mut draft: farcoder::model::GuideDraft = response.json().await.expect("draft");
    assert_eq!(draft.category, "backend");
    assert!(draft.faq.lines().count() >= 4 && draft.faq.contains(" | "), "one question | answer per line");

    let mut bad = draft.clone();
    bad.faq.push_str("\nA question with no answer");
    let response = save_guide(&app, Some(&moderator), &guide_form(slug, &bad)).await;
    assert_eq!(response.status(), 400);
    assert!(response.text().await.expect("body").contains("needs a question"));

    draft.summary =
        "Rewritten by a moderator: what remote backend developers do all day, and how they get hired.".into();
    draft.faq.push_str("\nDo backend developers write tests? | Yes, and they **run** them in CI.");
    assert_eq!(save_guide(&app, Some(&moderator), &guide_form(slug, &draft)).await.status(), 200);
    let page = app.page(&format!("/guides/{slug}"), 200).await;
    assert!(page.contains("Rewritten by a moderator"));
    assert!(page.contains("Do backend developers write tests?") && page.contains("<strong>run</strong>"));
    assert!(page.contains(&format!("\"dateModified\":\"{}\"", now().date())));
    let log: Vec<farcoder::model::AuditEntry> =
        app.call("audit_log", &[], Some(&moderator)).await.json().await.expect("log");
    assert_eq!((log[0].action.as_str(), log[0].reason.as_str()), ("edit guide", "/guides/remote-backend-developer"));
    let unknown = save_guide(&app, Some(&moderator), &guide_form("no-such-guide", &draft)).await;
    assert_eq!(unknown.status(), 404);
    assert!(app.get_as("/admin/guides", &moderator).await.text().await.expect("page").contains("Edit What a remote"));

    // Nobody else edits guides.
    let (employer, _) = employer_with_submission(&app, "ada@example.com", "Queue Engineer").await;
    for (session, status) in [(None, 401), (Some(employer.as_str()), 403)] {
        assert_eq!(app.call("guide_draft", &[("slug", slug)], session).await.status(), status);
        assert_eq!(app.call("admin_guides", &[], session).await.status(), status);
        assert_eq!(save_guide(&app, session, &guide_form(slug, &draft)).await.status(), status);
    }
    assert_eq!(app.get_as("/admin/guides", &employer).await.status(), 403);
    assert_eq!(app.get_as(&format!("/admin/guides/{slug}"), &employer).await.status(), 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_log_cannot_be_rewritten() {
    let app = TestApp::new().await;
    moderator(&app).await;
    let update = sqlx::query("UPDATE audit_log SET actor = 'someone else'").execute(&app.db.pool).await;
    assert!(update.is_err(), "an entry cannot be changed");
    let delete = sqlx::query("DELETE FROM audit_log").execute(&app.db.pool).await;
    assert!(delete.is_err(), "nor deleted");
    assert_eq!(audit_actions(&app).await, ["create moderator"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn any_live_posting_can_be_taken_down_by_its_address() {
    let app = TestApp::new().await;
    let moderator = moderator(&app).await;
    let (employer, id) = employer_with_submission(&app, "ada@example.com", "Queue Engineer").await;
    decide(&app, &moderator, id, "approve", "").await;
    let path = app.search("").await.jobs.remove(0).path();
    let address = format!("{}{path}?utm_source=mail", app.url);
    let take_down = |posting: String, reason: &'static str, session: Option<String>| {
        let app = &app;
        async move {
            let form = [("posting", posting.as_str()), ("reason", reason)];
            app.call("unpublish_posting", &form, session.as_deref()).await.status().as_u16()
        }
    };
    let reason = "The company confirmed the role is filled.";
    assert_eq!(take_down(address.clone(), reason, Some(employer.clone())).await, 403);
    assert_eq!(take_down(address.clone(), reason, None).await, 401);
    assert_eq!(take_down("https://example.com/jobs".into(), reason, Some(moderator.clone())).await, 400);
    assert_eq!(take_down(address.clone(), "", Some(moderator.clone())).await, 400, "a reason is needed");
    assert_eq!(take_down(address.clone(), reason, Some(moderator.clone())).await, 200);
    app.page(&path, 404).await;
    assert!(app.mail_containing("ada@example.com", reason).await.is_some());
    assert_eq!(take_down(address, reason, Some(moderator)).await, 400, "already down");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_decision_and_its_email_commit_together_or_not_at_all() {
    let app = TestApp::new().await;
    let moderator = moderator(&app).await;
    let (employer, id) = employer_with_submission(&app, "ada@example.com", "Queue Engineer").await;
    let reason = "The salary range is missing its upper bound.";
    app.break_inserts_into("outbox").await;
    assert_eq!(decide(&app, &moderator, id, "reject", reason).await.status(), 500);
    assert_eq!(note_on_dashboard(&app, &employer).await, ("review".to_owned(), None), "no decision without its e-mail");
    assert_eq!(audit_actions(&app).await, ["create moderator"], "nor an audit entry");
    app.mend("outbox").await;

    assert_eq!(decide(&app, &moderator, id, "reject", reason).await.status(), 200, "the moderator tries again");
    assert_eq!(note_on_dashboard(&app, &employer).await, ("rejected".to_owned(), Some(reason.to_owned())));
    assert!(app.mail_containing("ada@example.com", reason).await.is_some());
    assert_eq!(audit_actions(&app).await, ["create moderator", "reject posting"]);
}
