//! Changes that write several rows, or rows and their e-mail, commit whole.
//! Each test makes one table refuse inserts part-way through a change, as a
//! full disk or a lost connection would, shows that nothing of the change
//! was left behind, then mends the table and shows the same request works.

use farcoder::model::{CompanyProfile, DAY, HOUR, Time, Verification, VerificationQueue};
use farcoder::server::freshness;
use farcoder::server::now;
use farcoder::server::repo;

use crate::applications::{PDF, apply, fields as application, job_taking_applications, token_of};
use crate::hardening::{audited, live_posting, team_emails, teammate};
use crate::harness::{JobSpec, TestApp, link_in};
use crate::moderation::{PASSWORD, moderator};
use crate::postings::{draft, fields};

async fn profile(app: &TestApp, session: &str) -> CompanyProfile {
    app.call("company_profile", &[], Some(session)).await.json().await.expect("profile")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_up_leaves_no_company_or_account_without_its_confirmation() {
    let app = TestApp::new().await;
    let form = [("email", "ada@example.com"), ("password", PASSWORD), ("company_name", "Acme")];
    app.break_inserts_into("outbox").await;
    assert_eq!(app.call("signup", &form, None).await.status(), 500);
    assert_eq!(app.count("companies", "name = 'Acme'").await, 0, "no company without its owner");
    assert_eq!(app.count("users", "email = 'ada@example.com'").await, 0, "no account without its link");
    assert_eq!(app.count("email_tokens", "1 = 1").await, 0);
    app.mend("outbox").await;
    app.sign_up("ada@example.com", PASSWORD, "Acme").await;
    let slugs: Vec<(String,)> =
        sqlx::query_as("SELECT slug FROM companies WHERE name = 'Acme'").fetch_all(&app.db.pool).await.expect("slugs");
    assert_eq!(slugs, [("acme".to_owned(),)], "the failed try held no slug");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_exists_only_with_its_email() {
    let app = TestApp::new().await;
    let owner = app.sign_up("ada@acme.example", PASSWORD, "Acme").await;
    app.break_inserts_into("outbox").await;
    assert_eq!(app.call("invite_teammate", &[("email", "grace@example.com")], Some(&owner)).await.status(), 500);
    assert!(profile(&app, &owner).await.invites.is_empty());
    assert_eq!(app.count("invites", "1 = 1").await, 0, "no link that no e-mail carries");
    app.mend("outbox").await;
    teammate(&app, &owner, "grace@example.com").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn team_changes_commit_with_their_email_and_audit_entry() {
    let app = TestApp::new().await;
    let ada = app.sign_up("ada@acme.example", PASSWORD, "Acme").await;
    let grace = teammate(&app, &ada, "grace@example.com").await;
    let team =
        [("ada@acme.example".to_owned(), "owner".to_owned()), ("grace@example.com".to_owned(), "member".to_owned())];
    assert_eq!(app.call("invite_teammate", &[("email", "linus@example.com")], Some(&ada)).await.status(), 200);
    let before = audited(&app).await;

    app.break_inserts_into("outbox").await;
    let removed = app.call("remove_teammate", &[("email", "grace@example.com")], Some(&ada)).await;
    assert_eq!(removed.status(), 500);
    assert_eq!(app.call("dashboard", &[], Some(&grace)).await.status(), 200, "Grace's account and session stay");
    let handed = app.call("hand_over_ownership", &[("email", "grace@example.com")], Some(&ada)).await;
    assert_eq!(handed.status(), 500);
    assert_eq!(team_emails(&app, &ada).await, team, "nobody's role changed");
    app.mend("outbox").await;

    app.break_inserts_into("audit_log").await;
    assert_eq!(app.call("revoke_invite", &[("email", "linus@example.com")], Some(&ada)).await.status(), 500);
    assert_eq!(profile(&app, &ada).await.invites.len(), 1, "the invitation is still open");
    assert_eq!(app.call("delete_account", &[("password", PASSWORD)], Some(&grace)).await.status(), 500);
    assert_eq!(team_emails(&app, &ada).await, team, "Grace's account stays");
    app.mend("audit_log").await;
    assert_eq!(audited(&app).await, before, "and nothing was audited that did not happen");

    assert_eq!(app.call("hand_over_ownership", &[("email", "grace@example.com")], Some(&ada)).await.status(), 200);
    assert!(app.mail_containing("grace@example.com", "You own Acme on FarCoder").await.is_some());
    assert_eq!(app.call("remove_teammate", &[("email", "ada@acme.example")], Some(&grace)).await.status(), 200);
    assert!(app.mail_containing("ada@acme.example", "You left Acme on FarCoder").await.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owners_rights_are_read_inside_the_write_they_allow() {
    use farcoder::server::accounts::{company, team};
    let app = TestApp::new().await;
    let ada = app.sign_up("ada@acme.example", PASSWORD, "Acme").await;
    teammate(&app, &ada, "grace@example.com").await;
    let user = farcoder::server::repo::users::find_by_email(&app.db, "ada@acme.example").await.expect("find");
    let ada_then =
        farcoder::server::repo::users::membership(&app.db, user.expect("ada").id).await.expect("read").expect("member");
    // Ada's request read her as the owner; before it writes, she hands
    // the company over.
    let now = farcoder::server::now();
    team::hand_over(&app.db, &ada_then, "grace@example.com", now).await.expect("hand over");
    let rename =
        farcoder::model::ProfileDraft { name: "Acme Renamed".into(), website: String::new(), about: String::new() };
    let renamed = company::update_profile(&app.db, &ada_then, &rename, now).await;
    assert!(renamed.is_err(), "a member no longer the owner renamed the company");
    let revoked = team::revoke_invite(&app.db, &ada_then, "linus@example.com", now).await;
    assert!(matches!(revoked, Err(farcoder::error::AppError::Forbidden)), "{revoked:?}");
    let removed = team::remove_member(&app.db, &ada_then, "grace@example.com", now).await;
    assert!(matches!(removed, Err(farcoder::error::AppError::Forbidden)), "{removed:?}");
    assert_eq!(app.count("companies", "name = 'Acme'").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_verification_step_commits_with_its_email() {
    let app = TestApp::new().await;
    let moderator = moderator(&app).await;
    let owner = app.sign_up("ada@acme.example", PASSWORD, "Acme").await;
    let form = [("profile[name]", "Acme"), ("profile[website]", "https://acme.example"), ("profile[about]", "")];
    assert_eq!(app.call("update_company_profile", &form, Some(&owner)).await.status(), 200);
    let ask = [("address", "hiring@acme.example")];

    app.break_inserts_into("outbox").await;
    assert_eq!(app.call("request_verification", &ask, Some(&owner)).await.status(), 500);
    assert_eq!(profile(&app, &owner).await.verification, Verification::Unverified, "no request without its link");
    app.mend("outbox").await;
    assert_eq!(app.call("request_verification", &ask, Some(&owner)).await.status(), 200);
    let mail = app.mail_containing("hiring@acme.example", "/verify?token=").await.expect("link");
    app.press_link(link_in(&mail, &format!("{}/verify?token=", app.url)).trim_start_matches(&app.url)).await;
    let waiting: VerificationQueue =
        app.call("verification_queue", &[], Some(&moderator)).await.json().await.expect("queue");
    let id = waiting.requests[0].id.to_string();
    let approve = [("id", id.as_str()), ("decision", "approve"), ("reason", "")];
    let confirmed = Verification::Confirmed { email: "hiring@acme.example".into() };

    app.break_inserts_into("outbox").await;
    assert_eq!(app.call("decide_verification", &approve, Some(&moderator)).await.status(), 500);
    assert_eq!(profile(&app, &owner).await.verification, confirmed, "no badge without the team's e-mail");
    assert_eq!(audited(&app).await, ["create moderator"]);
    app.mend("outbox").await;
    assert_eq!(app.call("decide_verification", &approve, Some(&moderator)).await.status(), 200);
    assert!(matches!(profile(&app, &owner).await.verification, Verification::Verified { .. }));

    let company = repo::companies::find_by_slug(&app.db, "acme").await.expect("find").expect("acme").id.to_string();
    let revoke = [("id", company.as_str()), ("reason", "The domain was sold to another firm.")];
    app.break_inserts_into("outbox").await;
    assert_eq!(app.call("revoke_verification", &revoke, Some(&moderator)).await.status(), 500);
    assert!(matches!(profile(&app, &owner).await.verification, Verification::Verified { .. }), "the badge stays");
    app.mend("outbox").await;
    assert_eq!(app.call("revoke_verification", &revoke, Some(&moderator)).await.status(), 200);
    assert!(app.mail_containing("ada@acme.example", "The domain was sold to another firm.").await.is_some());
    assert_eq!(audited(&app).await, ["create moderator", "verify company", "revoke verification"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_website_and_the_badge_it_ends_commit_together() {
    let app = TestApp::new().await;
    let owner = app.sign_up("ada@acme.example", PASSWORD, "Acme").await;
    let site = |url| [("profile[name]", "Acme"), ("profile[website]", url), ("profile[about]", "")];
    assert_eq!(app.call("update_company_profile", &site("https://acme.example"), Some(&owner)).await.status(), 200);
    app.verify("Acme").await;
    app.break_inserts_into("audit_log").await;
    let moved = app.call("update_company_profile", &site("https://acme-pay.example"), Some(&owner)).await;
    assert_eq!(moved.status(), 500);
    let kept = profile(&app, &owner).await;
    assert_eq!(kept.draft.website, "https://acme.example", "the website stays");
    assert!(matches!(kept.verification, Verification::Verified { .. }), "and so does the badge");
    app.mend("audit_log").await;
    let moved = app.call("update_company_profile", &site("https://acme-pay.example"), Some(&owner)).await;
    assert_eq!(moved.status(), 200);
    assert!(!matches!(profile(&app, &owner).await.verification, Verification::Verified { .. }));
}

/// Posts the apply form as a browser does; the status it answers with.
async fn post_application(app: &TestApp, slug: &str, email: &str) -> u16 {
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in application(email) {
        form = form.text(name, value);
    }
    let cv = reqwest::multipart::Part::bytes(PDF.to_vec()).file_name("cv.pdf").mime_str("application/pdf");
    let response = app
        .client
        .post(format!("{}/jobs/{slug}/applications", app.url))
        .header("origin", &app.url)
        .multipart(form.part("cv", cv.expect("mime")))
        .send()
        .await
        .expect("POST application");
    response.status().as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_application_and_its_emails_commit_together_and_leave_no_cv_behind() {
    let app = TestApp::new().await;
    // Acme has a team, who hear of each application and each withdrawal.
    app.sign_up("ada@acme.example", PASSWORD, "Acme").await;
    let slug = job_taking_applications(&app, "Compiler Engineer").await;
    let cv = || Some(("cv.pdf", PDF.to_vec()));
    let cvs = |app: &TestApp| std::fs::read_dir(app.upload_dir().join("cv")).map(|d| d.count()).unwrap_or(0);

    app.break_inserts_into("outbox").await;
    assert_eq!(post_application(&app, &slug, "grace@example.com").await, 500);
    assert_eq!((app.count("applications", "1 = 1").await, cvs(&app)), (0, 0), "no row and no CV");
    app.mend("outbox").await;

    let token = token_of(&apply(&app, &slug, &application("grace@example.com"), cv()).await);
    assert_eq!((app.count("applications", "1 = 1").await, cvs(&app)), (1, 1));
    assert_eq!(app.count("background_jobs", "kind = 'delete-file'").await, 0, "a stored application keeps its CV");
    app.break_inserts_into("outbox").await;
    assert_eq!(app.call("withdraw_application", &[("token", &token)], None).await.status(), 500);
    assert_eq!((app.count("applications", "1 = 1").await, cvs(&app)), (1, 1), "withdrawn only with the notice");
    app.mend("outbox").await;
    assert_eq!(app.call("withdraw_application", &[("token", &token)], None).await.status(), 200);
    assert_eq!((app.count("applications", "1 = 1").await, cvs(&app)), (0, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cv_storage_could_not_delete_goes_on_a_later_round() {
    let app = TestApp::new().await;
    app.sign_up("ada@acme.example", PASSWORD, "Acme").await;
    let slug = job_taking_applications(&app, "Compiler Engineer").await;
    let token = token_of(&apply(&app, &slug, &application("grace@example.com"), Some(("cv.pdf", PDF.to_vec()))).await);
    let dir = app.upload_dir().join("cv");
    let cv = std::fs::read_dir(&dir).expect("cvs").next().expect("the CV").expect("entry").path();
    // A directory where the CV was: storage refuses to delete it, as a
    // bucket that is down would.
    std::fs::remove_file(&cv).expect("remove");
    std::fs::create_dir(&cv).expect("in its place");

    assert_eq!(app.call("withdraw_application", &[("token", &token)], None).await.status(), 200, "withdrawn");
    assert_eq!(app.count("applications", "1 = 1").await, 0);
    assert_eq!(app.count("background_jobs", "kind = 'delete-file'").await, 1, "the CV is still to go");
    // Two hours on, and three: past the minute its queued deletion waits,
    // and past the pause after a try that failed.
    let ran = app.jobs.run_due(now() + 2 * HOUR).await.expect("jobs").0;
    assert_eq!(ran.retrying, 1, "storage still refuses");
    std::fs::remove_dir(&cv).expect("storage mended");
    std::fs::write(&cv, PDF).expect("the CV as it was");
    assert_eq!(app.jobs.run_due(now() + 3 * HOUR).await.expect("jobs").0.retrying, 0);
    assert!(!cv.exists(), "the CV is gone");
    assert_eq!(app.count("background_jobs", "kind = 'delete-file'").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_and_an_expiry_are_marked_only_with_their_email() {
    let app = TestApp::new().await;
    app.sign_up("ada@acme.example", PASSWORD, "Acme").await;
    let acme = repo::companies::find_by_slug(&app.db, "acme").await.expect("find").expect("acme");
    let acme = crate::harness::Company { id: acme.id };
    let mut soon = JobSpec::titled("Soon Engineer");
    (soon.age_days, soon.open_days) = (28, 30);
    app.post_job(&acme, soon).await;
    let run = |at: Time| {
        let (db, storage, url) = (app.db.clone(), app.storage(), app.url.clone());
        async move { freshness::run_once(&db, &storage, &url, at).await }
    };

    app.break_inserts_into("outbox").await;
    assert!(run(now()).await.is_err());
    assert_eq!(app.count("jobs", "reminded_at IS NOT NULL").await, 0, "not marked reminded without the e-mail");
    app.mend("outbox").await;
    assert_eq!(run(now()).await.expect("run").reminded, 1);
    assert_eq!(app.count("outbox", "subject = 'Closes in 3 days: Soon Engineer'").await, 1);

    let later = now() + 3 * DAY;
    app.break_inserts_into("outbox").await;
    assert!(run(later).await.is_err());
    assert_eq!(app.count("jobs", "status = 'expired'").await, 0, "not expired without telling the team");
    app.mend("outbox").await;
    assert_eq!(run(later).await.expect("run").expired, 1);
    // Queued for the run's time, three days ahead: read from the outbox.
    assert_eq!(app.count("outbox", "subject = 'Expired: Soon Engineer'").await, 1);
}

/// Acme's live "Pipeline Engineer", retitled in an edit waiting for review:
/// the app, a moderator's and Acme's sessions, and the posting's id.
async fn live_posting_with_an_edit_waiting() -> (TestApp, String, String, i64) {
    let app = TestApp::new().await;
    let moderator = moderator(&app).await;
    let session = app.sign_up("ada@acme.example", PASSWORD, "Acme").await;
    let (id, _) = live_posting(&app, &session, &moderator, &draft("Pipeline Engineer")).await;
    let changed = farcoder::model::PostingDraft { title: "Streaming Platform Engineer".into(), ..draft("") };
    let form = [vec![("id".to_owned(), id.to_string())], fields(&changed)].concat();
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(app.call("update_posting", &pairs, Some(&session)).await.status(), 200);
    (app, moderator, session, id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_goes_live_only_with_its_audit_entry_and_email() {
    let (app, moderator, _, id) = live_posting_with_an_edit_waiting().await;
    let queue: farcoder::model::ReviewQueue =
        app.call("review_queue", &[], Some(&moderator)).await.json().await.expect("queue");
    let revision = queue.revisions[0].id.to_string();
    let approve = [("id", revision.as_str()), ("decision", "approve"), ("reason", "")];

    app.break_inserts_into("outbox").await;
    assert_eq!(app.call("moderate_edit", &approve, Some(&moderator)).await.status(), 500);
    assert!(app.search_ids("q=streaming").await.is_empty(), "the live posting is as it was");
    assert_eq!(app.count("job_revisions", "status = 'pending'").await, 1, "the edit still waits");
    app.mend("outbox").await;
    assert_eq!(app.call("moderate_edit", &approve, Some(&moderator)).await.status(), 200);
    assert_eq!(app.search_ids("q=streaming").await, vec![id]);
    assert!(app.mail_containing("ada@acme.example", "Your edit of “Pipeline Engineer” is live").await.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_submission_enters_review_only_with_its_flags() {
    let app = TestApp::new().await;
    let session = app.sign_up("ada@acme.example", PASSWORD, "Acme").await;
    let mut scam = draft("Data Entry Engineer");
    scam.description = "Interviews happen on Telegram only. A small training fee is refunded later.".into();
    let form = fields(&scam);
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let id: i64 = app.call("create_posting", &pairs, Some(&session)).await.json().await.expect("id");
    let submit = [("id", id.to_string())];
    let submit: Vec<(&str, &str)> = submit.iter().map(|(k, v)| (*k, v.as_str())).collect();

    app.break_inserts_into("job_flags").await;
    assert_eq!(app.call("submit_posting", &submit, Some(&session)).await.status(), 500);
    assert_eq!(app.count("jobs", &format!("id = {id} AND status = 'draft'")).await, 1, "still a draft");
    app.mend("job_flags").await;
    let status: String = app.call("submit_posting", &submit, Some(&session)).await.json().await.expect("status");
    assert_eq!(status, "review");
    assert_eq!(app.count("job_flags", &format!("job_id = {id} AND kind = 'scam'")).await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_posting_leaves_no_edit_waiting() {
    let (app, _, session, id) = live_posting_with_an_edit_waiting().await;
    let close = [("id", id.to_string())];
    let close: Vec<(&str, &str)> = close.iter().map(|(k, v)| (*k, v.as_str())).collect();

    app.break_updates_of("job_revisions").await;
    assert_eq!(app.call("close_posting", &close, Some(&session)).await.status(), 500);
    assert_eq!(app.search_ids("q=pipeline").await, vec![id], "the posting stays up");
    app.mend("job_revisions").await;
    assert_eq!(app.call("close_posting", &close, Some(&session)).await.status(), 200);
    assert!(app.search_ids("q=pipeline").await.is_empty());
    assert_eq!(app.count("job_revisions", "status = 'pending'").await, 0, "its edit went with it");
}
