//! Trust: automatic flags on submission, company verification, visitors'
//! reports, the freshness task (reminders, expiry, dead apply links), every
//! moderation transition, and who may reach each of it.

use farcoder::model::{CompanyProfile, DAY, FlagKind, HOUR, MINUTE, ReportReason, ReviewQueue, Span, Verification};
use farcoder::server::freshness::{self, LinkChecker};
use farcoder::server::now;
use farcoder::server::repo;

use crate::harness::{JobSpec, TestApp, link_in, session_cookie};
use crate::moderation::{PASSWORD, moderator};
use crate::postings::{draft, fields};

async fn employer(app: &TestApp, email: &str, company: &str, website: &str) -> String {
    let session = app.sign_up(email, PASSWORD, company).await;
    let form = [("profile[name]", company), ("profile[website]", website), ("profile[about]", "")];
    assert_eq!(app.call("update_company_profile", &form, Some(&session)).await.status(), 200);
    session
}

/// Creates and submits a posting; its id and the status it got.
async fn submit(app: &TestApp, session: &str, posting: &farcoder::model::PostingDraft) -> (i64, String) {
    let form = fields(posting);
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let response = app.call("create_posting", &pairs, Some(session)).await;
    assert_eq!(response.status(), 200, "create {}", posting.title);
    let id: i64 = response.json().await.expect("id");
    let status = app.call("submit_posting", &[("id", &id.to_string())], Some(session)).await;
    (id, status.json().await.expect("status"))
}

/// A posting whose apply link is on Acme's own domain.
fn acme_draft(title: &str) -> farcoder::model::PostingDraft {
    farcoder::model::PostingDraft { apply_url: "https://acme.example/careers".into(), ..draft(title) }
}

async fn queue(app: &TestApp, session: &str) -> ReviewQueue {
    let response = app.call("review_queue", &[], Some(session)).await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("queue")
}

fn flags_of(queue: &ReviewQueue, id: i64) -> Vec<FlagKind> {
    let item = queue.items.iter().chain(&queue.live).find(|i| i.id == id).expect("in the queue");
    item.flags.iter().map(|f| f.kind).collect()
}

async fn decide(app: &TestApp, session: &str, id: i64, decision: &str, reason: &str) -> u16 {
    let form = [("id", id.to_string()), ("decision", decision.to_owned()), ("reason", reason.to_owned())];
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.call("moderate", &pairs, Some(session)).await.status().as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submissions_raise_flags_that_the_queue_shows_with_their_reason() {
    let app = TestApp::new().await;
    let moderator = moderator(&app).await;
    let employer = employer(&app, "ada@acme.example", "Acme", "https://acme.example").await;

    let mut clean = draft("Pipeline Engineer");
    clean.apply_url = "https://acme.example/careers/pipeline".into();
    let (original, _) = submit(&app, &employer, &clean).await;
    assert_eq!(flags_of(&queue(&app, &moderator).await, original), vec![], "a clean posting raises nothing");
    assert_eq!(decide(&app, &moderator, original, "approve", "").await, 200);

    let mut again = clean.clone();
    again.title = "Pipeline Engineer (Americas)".into();
    let (copy, _) = submit(&app, &employer, &again).await;
    let mut other = clean.clone();
    other.title = "Design Systems Lead".into();
    other.description = "Shape the components our product teams use every day, from tokens to documentation.".into();
    let (different, _) = submit(&app, &employer, &other).await;

    let mut scam = clean.clone();
    scam.title = "Data Entry Engineer".into();
    scam.description =
        "Interviews happen on Telegram only. A small training fee is refunded after your first month.".into();
    let (scammy, _) = submit(&app, &employer, &scam).await;
    let mut elsewhere = other.clone();
    elsewhere.title = "Platform Engineer".into();
    elsewhere.apply_url = "https://acme-hiring.example/apply".into();
    let (foreign, _) = submit(&app, &employer, &elsewhere).await;
    let mut pay = other.clone();
    pay.title = "Junior Support Engineer".into();
    pay.level = "junior".into();
    pay.salary_min = "400000".into();
    pay.salary_max = "900000".into();
    let (salary, _) = submit(&app, &employer, &pay).await;

    let queue = queue(&app, &moderator).await;
    assert_eq!(flags_of(&queue, copy), vec![FlagKind::Duplicate]);
    assert_eq!(flags_of(&queue, different), vec![], "same company, another role");
    assert_eq!(flags_of(&queue, scammy), vec![FlagKind::Scam, FlagKind::Scam], "a chat-app interview and a fee");
    assert_eq!(flags_of(&queue, foreign), vec![FlagKind::Scam]);
    assert_eq!(flags_of(&queue, salary), vec![FlagKind::Salary]);
    let item = queue.items.iter().find(|i| i.id == copy).expect("copy");
    assert!(item.flags[0].reason.contains(&format!("#{original}")), "{}", item.flags[0].reason);
    let page = app.get_as("/admin/review", &moderator).await.text().await.expect("page");
    assert!(page.contains("Likely duplicate") && page.contains("Scam signal") && page.contains("Salary out of range"));
    assert!(page.contains("training fee"), "the reason is on the page");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_a_verified_companys_clean_postings_skip_review() {
    let app = TestApp::with_config(|c| c.auto_approve = true).await;
    let employer = employer(&app, "ada@acme.example", "Acme", "https://acme.example").await;
    assert_eq!(submit(&app, &employer, &acme_draft("Pipeline Engineer")).await.1, "review", "not verified yet");
    app.verify("Acme").await;
    assert_eq!(submit(&app, &employer, &acme_draft("Search Engineer")).await.1, "published");
    let mut fee = acme_draft("Support Engineer");
    fee.description = "Own our support tooling. New hires pay a registration fee of $99 in their first week.".into();
    assert_eq!(submit(&app, &employer, &fee).await.1, "review", "a flagged posting waits for a moderator");
}

async fn profile(app: &TestApp, session: &str) -> CompanyProfile {
    app.call("company_profile", &[], Some(session)).await.json().await.expect("profile")
}

async fn request(app: &TestApp, session: &str, email: &str) -> reqwest::Response {
    app.call("request_verification", &[("address", email)], Some(session)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_company_is_verified_by_its_domain_and_a_moderator() {
    let app = TestApp::new().await;
    let moderator = moderator(&app).await;
    let owner = employer(&app, "ada@acme.example", "Acme", "https://www.acme.example").await;
    let no_site = app.sign_up("bo@gmail.com", PASSWORD, "Nosite").await;

    for (session, email, message) in [
        (&owner, "ada@gmail.com", "free mail"),
        (&owner, "ada@acme-jobs.example", "acme.example"),
        (&owner, "not an address", "address"),
        (&no_site, "bo@nosite.example", "website"),
    ] {
        let response = request(&app, session, email).await;
        assert_eq!(response.status(), 400, "{email}");
        assert!(response.text().await.expect("body").contains(message), "{email}: {message}");
    }
    assert_eq!(profile(&app, &owner).await.verification, Verification::Unverified);

    assert_eq!(request(&app, &owner, "hiring@jobs.acme.example").await.status(), 200);
    let expected = Verification::Unconfirmed { email: "hiring@jobs.acme.example".into() };
    assert_eq!(profile(&app, &owner).await.verification, expected);
    let mail = app.mail_containing("hiring@jobs.acme.example", "/verify?token=").await.expect("link mailed");
    let link = link_in(&mail, &format!("{}/verify?token=", app.url));
    let path = link.trim_start_matches(&app.url);
    assert!(app.page(path, 200).await.contains("Confirm the address"));
    assert_eq!(profile(&app, &owner).await.verification, expected, "opening the link confirms nothing");
    let (status, page) = app.press_link(path).await;
    assert!(status == 200 && page.contains("Address confirmed"), "{page}");
    let (status, page) = app.press_link(path).await;
    assert!(status == 400 && page.contains("expired or was already used"), "the link works once: {page}");
    let confirmed = Verification::Confirmed { email: "hiring@jobs.acme.example".into() };
    assert_eq!(profile(&app, &owner).await.verification, confirmed);

    let waiting: farcoder::model::VerificationQueue =
        app.call("verification_queue", &[], Some(&moderator)).await.json().await.expect("queue");
    assert_eq!(waiting.requests.len(), 1);
    let id = waiting.requests[0].id.to_string();
    assert_eq!(waiting.requests[0].email, "hiring@jobs.acme.example");
    assert!(
        app.get_as("/admin/companies", &moderator)
            .await
            .text()
            .await
            .expect("page")
            .contains("hiring@jobs.acme.example")
    );
    let decline = [("id", id.as_str()), ("decision", "decline"), ("reason", "")];
    assert_eq!(app.call("decide_verification", &decline, Some(&moderator)).await.status(), 400, "a reason is needed");
    let approve = [("id", id.as_str()), ("decision", "approve"), ("reason", "")];
    assert_eq!(app.call("decide_verification", &approve, Some(&moderator)).await.status(), 200);
    assert_eq!(app.call("decide_verification", &approve, Some(&moderator)).await.status(), 400, "decided once");
    assert!(matches!(profile(&app, &owner).await.verification, Verification::Verified { .. }));
    assert!(app.mail_containing("ada@acme.example", "verified badge").await.is_some());

    // The badge shows on the company page, the job page and search, and
    // `verified=1` finds the company's postings.
    let (id, _) = submit(&app, &owner, &acme_draft("Pipeline Engineer")).await;
    assert_eq!(decide(&app, &moderator, id, "approve", "").await, 200);
    let job = app.search("verified=1").await.jobs.remove(0);
    assert!(job.company_verified);
    assert!(app.page(&job.path(), 200).await.contains("✓ Verified"));
    assert!(app.page("/companies/acme", 200).await.contains("✓ Verified"));
    assert!(app.page("/jobs?verified=1", 200).await.contains("Pipeline Engineer"));

    let company_id = company_id(&app, "acme").await.to_string();
    let revoke = [("id", company_id.as_str()), ("reason", "The domain was sold to another firm.")];
    assert_eq!(app.call("revoke_verification", &revoke, Some(&moderator)).await.status(), 200);
    assert_eq!(
        profile(&app, &owner).await.verification,
        Verification::Revoked { reason: "The domain was sold to another firm.".into() }
    );
    assert!(app.search("verified=1").await.jobs.is_empty());
    assert!(!app.page("/companies/acme", 200).await.contains("✓ Verified"));
    let actions: Vec<(String,)> =
        sqlx::query_as("SELECT action FROM audit_log ORDER BY id").fetch_all(&app.db.pool).await.expect("log");
    let actions: Vec<&str> = actions.iter().map(|(a,)| a.as_str()).collect();
    assert_eq!(actions, ["create moderator", "verify company", "approve posting", "revoke verification"]);
}

async fn company_id(app: &TestApp, slug: &str) -> i64 {
    repo::companies::find_by_slug(&app.db, slug).await.expect("find").expect("company").id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_owner_asks_and_a_declined_company_may_ask_again() {
    let app = TestApp::new().await;
    let moderator = moderator(&app).await;
    let owner = employer(&app, "ada@acme.example", "Acme", "https://acme.example").await;
    app.call("invite_teammate", &[("email", "bo@acme.example")], Some(&owner)).await;
    let invite = app.mail_containing("bo@acme.example", "/join?token=").await.expect("invite");
    let token = link_in(&invite, &format!("{}/join?token=", app.url)).split("token=").nth(1).expect("t").to_owned();
    let joined = app.call("accept_invite", &[("token", &token), ("password", PASSWORD)], None).await;
    let member = session_cookie(&joined).expect("member session");
    assert_eq!(request(&app, &member, "bo@acme.example").await.status(), 403);

    request(&app, &owner, "ada@acme.example").await;
    let mail = app.mail_containing("ada@acme.example", "/verify?token=").await.expect("link");
    app.press_link(link_in(&mail, &format!("{}/verify?token=", app.url)).trim_start_matches(&app.url)).await;
    let waiting: farcoder::model::VerificationQueue =
        app.call("verification_queue", &[], Some(&moderator)).await.json().await.expect("queue");
    let id = waiting.requests[0].id.to_string();
    let reason = "The website does not mention remote hiring at all.";
    let decline = [("id", id.as_str()), ("decision", "decline"), ("reason", reason)];
    assert_eq!(app.call("decide_verification", &decline, Some(&moderator)).await.status(), 200);
    assert_eq!(profile(&app, &owner).await.verification, Verification::Declined { reason: reason.into() });
    assert!(app.mail_containing("bo@acme.example", reason).await.is_some(), "the whole team hears");
    assert_eq!(request(&app, &owner, "ada@acme.example").await.status(), 200, "asking again");
}

async fn report(app: &TestApp, slug: &str, reason: &str, note: &str) -> u16 {
    app.call("report_job", &[("slug", slug), ("reason", reason), ("note", note)], None).await.status().as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn visitors_report_jobs_into_the_queue_until_a_moderator_decides() {
    let app = TestApp::new().await;
    let moderator = moderator(&app).await;
    let company = app.company("Acme").await;
    let kept = app.post_job(&company, JobSpec::titled("Kept Engineer")).await;
    let pulled = app.post_job(&company, JobSpec::titled("Pulled Engineer")).await;
    let jobs = app.search("").await.jobs;
    let slug_of = |id: i64| jobs.iter().find(|j| j.id == id).expect("job").slug.clone();
    let (kept_slug, pulled_slug) = (slug_of(kept), slug_of(pulled));

    assert_eq!(report(&app, &kept_slug, "nonsense", "").await, 400);
    // Without JavaScript, a refused report comes back with its note.
    let note = "The salary on the company's site is half of this. ".repeat(15);
    let form = [("slug", kept_slug.as_str()), ("reason", ""), ("note", note.trim_end())];
    let page = app.refused_form_page("report_job", &format!("/jobs/{kept_slug}"), &form, None).await;
    assert!(page.contains(note.trim_end().replace('\'', "&#39;").as_str()) || page.contains(note.trim_end()), "kept");
    assert_eq!(report(&app, &kept_slug, "other", "").await, 400, "'something else' needs a note");
    assert_eq!(report(&app, "no-such-job-999999", "scam", "").await, 404);
    assert!(queue(&app, &moderator).await.live.is_empty());
    assert_eq!(report(&app, &kept_slug, "filled", "The company site says the role is filled.").await, 200);
    assert_eq!(report(&app, &kept_slug, "filled", "Again.").await, 200, "welcomed, not counted twice");
    assert_eq!(report(&app, &pulled_slug, "scam", "They asked me for a fee.").await, 200);

    let live = queue(&app, &moderator).await.live;
    assert_eq!(live.iter().map(|i| i.id).collect::<Vec<_>>(), vec![kept, pulled]);
    assert_eq!(live[0].reports.len(), 1);
    assert_eq!(live[0].reports[0].reason, ReportReason::Filled);
    assert_eq!(live[0].reports[0].note, "The company site says the role is filled.");
    assert!(
        app.get_as("/admin/review", &moderator).await.text().await.expect("page").contains("They asked me for a fee.")
    );

    assert_eq!(decide(&app, &moderator, kept, "keep", "").await, 200);
    assert_eq!(decide(&app, &moderator, pulled, "unpublish", "The employer asked applicants for money.").await, 200);
    assert!(queue(&app, &moderator).await.live.is_empty(), "both dealt with");
    assert_eq!(app.search_ids("").await, vec![kept]);
    assert_eq!(report(&app, &pulled_slug, "scam", "").await, 404, "an unpublished job takes no reports");

    // A plain form lands back on the job page, which thanks the visitor.
    let response = app
        .submit_form(
            "report_job",
            &format!("/jobs/{kept_slug}"),
            &[("slug", &kept_slug), ("reason", "not-remote"), ("note", "")],
        )
        .await;
    assert!(response.status().is_redirection());
    let back = response.headers()["location"].to_str().expect("location").to_owned();
    assert!(back.starts_with(&format!("/jobs/{kept_slug}?reported=1")), "{back}");
    assert!(app.page(&back, 200).await.contains("A moderator will look at this posting"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_are_rate_limited_per_address() {
    let app = TestApp::new().await;
    let company = app.company("Acme").await;
    app.post_job(&company, JobSpec::titled("Busy Engineer")).await;
    let slug = app.search("").await.jobs.remove(0).slug;
    for _ in 0..10 {
        assert_eq!(report(&app, &slug, "scam", "").await, 200);
    }
    assert_eq!(report(&app, &slug, "scam", "").await, 429);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_decision_is_allowed_from_its_one_state_only() {
    let app = TestApp::new().await;
    let moderator = moderator(&app).await;
    let company = app.company("Acme").await;
    let statuses = ["draft", "review", "changes", "published", "rejected", "unpublished", "closed"];
    let decisions = [
        ("approve", "review", "published"),
        ("reject", "review", "rejected"),
        ("request-changes", "review", "changes"),
        ("unpublish", "published", "unpublished"),
        ("keep", "published", "published"),
    ];
    for status in statuses {
        for (decision, from, to) in decisions {
            let id = app.post_job(&company, JobSpec::titled(&format!("{status} {decision}"))).await;
            sqlx::query(&format!("UPDATE jobs SET status = '{status}' WHERE id = {id}"))
                .execute(&app.db.pool)
                .await
                .expect("set status");
            let got = decide(&app, &moderator, id, decision, "A reason of enough length.").await;
            let after = repo::jobs::find(&app.db, id).await.expect("find").expect("job").status;
            if status == from {
                assert_eq!((got, after.slug()), (200, to), "{decision} from {status}");
            } else {
                assert_eq!((got, after.slug()), (400, status), "{decision} from {status} is refused");
            }
        }
    }
}

async fn apply_links_server() -> String {
    use axum::http::StatusCode;
    use axum::routing::get;
    let router = axum::Router::new()
        .route("/ok", get(|| async { "hiring" }))
        .route("/gone", get(|| async { StatusCode::NOT_FOUND }))
        .route("/removed", get(|| async { StatusCode::GONE }))
        .route("/broken", get(|| async { StatusCode::INTERNAL_SERVER_ERROR }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}")
}

/// Runs the link checks due at `at` until none waits.
async fn checks_run(app: &TestApp, at: farcoder::model::Time) {
    let started = std::time::Instant::now();
    while app.count("background_jobs", "kind = 'check-link'").await > 0 {
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "the link checks never ran");
        app.jobs.run_due(at).await.expect("jobs");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

async fn set_apply_url(app: &TestApp, id: i64, url: &str) {
    sqlx::query(&format!("UPDATE jobs SET apply_url = '{url}' WHERE id = {id}"))
        .execute(&app.db.pool)
        .await
        .expect("set apply url");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dead_apply_links_are_flagged_for_moderators_and_cleared_when_they_answer() {
    let app = TestApp::new().await;
    let moderator = moderator(&app).await;
    let company = app.company("Acme").await;
    let site = apply_links_server().await;
    let mut ids = Vec::new();
    for path in ["/ok", "/gone", "/removed", "/broken"] {
        let id = app.post_job(&company, JobSpec::titled(&format!("Engineer {path}"))).await;
        set_apply_url(&app, id, &format!("{site}{path}")).await;
        ids.push(id);
    }
    let start = now();
    let run = freshness::run_once(&app.db, &app.storage(), &app.url, start).await.expect("run");
    assert_eq!(run.links_queued, 4);
    // Checked by the queue (this server's runner, or the test's own).
    checks_run(&app, start).await;
    let live = queue(&app, &moderator).await.live;
    assert_eq!(live.iter().map(|i| i.id).collect::<Vec<_>>(), vec![ids[1], ids[2]]);
    assert!(live[0].flags[0].reason.contains("answered 404"), "{}", live[0].flags[0].reason);
    assert!(live[1].flags[0].reason.contains("answered 410"));

    let again = freshness::run_once(&app.db, &app.storage(), &app.url, start + MINUTE).await.expect("run");
    assert_eq!(again.links_queued, 0, "each link is checked once a day");
    set_apply_url(&app, ids[1], &format!("{site}/ok")).await;
    let next_day = freshness::run_once(&app.db, &app.storage(), &app.url, start + DAY + MINUTE).await.expect("run");
    assert_eq!(next_day.links_queued, 4);
    checks_run(&app, start + DAY + MINUTE).await;
    assert_eq!(queue(&app, &moderator).await.live.iter().map(|i| i.id).collect::<Vec<_>>(), vec![ids[2]]);

    // Production refuses to reach private addresses at all.
    let public_only = LinkChecker::new(false).expect("checker");
    assert_eq!(public_only.check(&format!("{site}/gone")).await, freshness::LinkState::Unknown);
}

async fn reminders_sent(app: &TestApp) -> i64 {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE subject LIKE 'Closes in 3 days%'")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    count
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn employers_hear_three_days_before_expiry_and_expired_jobs_answer_410() {
    let app = TestApp::new().await;
    let session = employer(&app, "ada@acme.example", "Acme", "https://acme.example").await;
    let company = repo::companies::find_by_slug(&app.db, "acme").await.expect("find").expect("company");
    let harness_company = crate::harness::Company { id: company.id };
    let mut soon = JobSpec::titled("Soon Engineer");
    (soon.age_days, soon.open_days) = (28, 30);
    let soon = app.post_job(&harness_company, soon).await;
    let mut later = JobSpec::titled("Later Engineer");
    (later.age_days, later.open_days) = (1, 30);
    app.post_job(&harness_company, later).await;

    let start = now();
    let run = freshness::run_once(&app.db, &app.storage(), &app.url, start).await.expect("run");
    assert_eq!(run.reminded, 1);
    let mail = app.mail_containing("ada@acme.example", "Soon Engineer").await.expect("reminder");
    assert!(mail.contains("Closes in 3 days") && mail.contains("/dashboard"));
    freshness::run_once(&app.db, &app.storage(), &app.url, start + HOUR).await.expect("run");
    assert_eq!(reminders_sent(&app).await, 1, "one reminder per term");

    // Renewed, the posting gets a reminder again before its new end.
    assert_eq!(app.call("renew_posting", &[("id", &soon.to_string())], Some(&session)).await.status(), 200);
    freshness::run_once(&app.db, &app.storage(), &app.url, start + 2 * HOUR).await.expect("run");
    assert_eq!(reminders_sent(&app).await, 1, "30 days away now");
    freshness::run_once(&app.db, &app.storage(), &app.url, start + 28 * DAY).await.expect("run");
    assert_eq!(reminders_sent(&app).await, 3, "Soon (renewed) and Later both end within 3 days by then");

    // Expired: out of search, feeds and the sitemap; its page answers 410.
    let path = app.search("q=later").await.jobs.remove(0).path();
    sqlx::query(&format!(
        "UPDATE jobs SET expires_at = {} WHERE title = 'Later Engineer'",
        (now() - Span::seconds(1)).unix()
    ))
    .execute(&app.db.pool)
    .await
    .expect("expire");
    assert!(app.search("q=later").await.jobs.is_empty());
    app.page(&path, 410).await;
    assert!(!app.page("/feed.xml", 200).await.contains("Later Engineer"));
    assert!(!app.page("/sitemap.xml", 200).await.contains(&path));
    assert!(!app.page("/api/v1/jobs", 200).await.contains("Later Engineer"));

    // The task moves it to `expired` and tells the employer, once; renewed,
    // it is back.
    let run = freshness::run_once(&app.db, &app.storage(), &app.url, now()).await.expect("run");
    assert_eq!(run.expired, 1);
    assert_eq!(freshness::run_once(&app.db, &app.storage(), &app.url, now()).await.expect("run").expired, 0);
    assert!(app.mail_containing("ada@acme.example", "Expired: Later Engineer").await.is_some());
    let later = app.search("q=soon").await.jobs.len();
    assert_eq!(later, 1, "the renewed posting is untouched");
    let (id,): (i64,) =
        sqlx::query_as("SELECT id FROM jobs WHERE title = 'Later Engineer'").fetch_one(&app.db.pool).await.expect("id");
    assert_eq!(repo::jobs::find(&app.db, id).await.expect("find").expect("job").status.slug(), "expired");
    app.page(&path, 410).await;
    assert_eq!(app.call("renew_posting", &[("id", &id.to_string())], Some(&session)).await.status(), 200);
    app.page(&path, 200).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_moderators_reach_verification_and_only_members_ask_for_it() {
    let app = TestApp::new().await;
    let employer = employer(&app, "ada@acme.example", "Acme", "https://acme.example").await;
    let moderator = moderator(&app).await;
    let calls: [(&str, &[(&str, &str)]); 3] = [
        ("verification_queue", &[]),
        ("decide_verification", &[("id", "1"), ("decision", "approve"), ("reason", "")]),
        ("revoke_verification", &[("id", "1"), ("reason", "A reason of enough length.")]),
    ];
    for (session, status) in [(None, 401), (Some(employer.as_str()), 403)] {
        for (function, form) in calls {
            assert_eq!(app.call(function, form, session).await.status(), status, "{function} as {session:?}");
        }
    }
    assert_eq!(app.get_as("/admin/companies", &employer).await.status(), 403);
    assert_eq!(app.get("/admin/companies").await.status(), 302);
    assert_eq!(request_as(&app, None).await, 401, "asking needs a session");
    assert_eq!(request_as(&app, Some(&moderator)).await, 401, "a moderator has no company");
    let verified: Vec<(Option<i64>,)> =
        sqlx::query_as("SELECT verified_at FROM companies").fetch_all(&app.db.pool).await.expect("companies");
    assert!(verified.iter().all(|(v,)| v.is_none()), "nobody was verified");
}

async fn request_as(app: &TestApp, session: Option<&str>) -> u16 {
    app.call("request_verification", &[("address", "ada@acme.example")], session).await.status().as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rules_rarely_flag_the_honest_demo_data() {
    let app = TestApp::with_demo_data().await;
    let survey = farcoder::server::postings::flags::survey(&app.db, now()).await.expect("survey");
    for line in survey.lines() {
        eprintln!("{line}");
    }
    assert!(survey.postings > 100, "{survey:?}");
    // Every demo posting is honest: anything flagged is a false positive.
    for (rule, flagged) in [("duplicate", survey.duplicate), ("scam", survey.scam), ("salary", survey.salary)] {
        assert!(flagged * 100 <= survey.postings * 2, "{rule} flags {flagged} of {}", survey.postings);
    }
}
