//! Openings imported from an employer's ATS and kept in sync, against a
//! local server the test starts that answers as Greenhouse's Job Board API,
//! Lever's Postings API and Ashby's Job Postings API do (their documented
//! shapes): a board that does not exist, pages of openings, pay ranges, a
//! changed opening, a removed one, a 500 and a timeout.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use farcoder::model::{ImportPage, OpeningState, PostingDraft};
use serde_json::{Value, json};

use crate::harness::TestApp;

/// What the fake ATS serves, changed by the test as it goes.
#[derive(Default)]
struct Boards {
    /// Greenhouse jobs of board `acme`, as its list gives them.
    greenhouse: Vec<Value>,
    /// Lever postings of site `acme`.
    lever: Vec<Value>,
    /// Ashby jobs of board `acme`.
    ashby: Vec<Value>,
    /// Answer everything with 500.
    failing: bool,
    /// Answer everything after 3 seconds (past the test's 1-second timeout).
    slow: bool,
}

type Shared = Arc<Mutex<Boards>>;

async fn misbehaving(boards: &Shared) -> Option<Response> {
    let (failing, slow) = {
        let b = boards.lock().expect("lock");
        (b.failing, b.slow)
    };
    if slow {
        tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    }
    failing.then(|| (StatusCode::INTERNAL_SERVER_ERROR, "upstream error").into_response())
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, axum::Json(json!({"status": 404, "error": "Job board not found"}))).into_response()
}

async fn greenhouse_list(State(boards): State<Shared>, Path(token): Path<String>) -> Response {
    if let Some(answer) = misbehaving(&boards).await {
        return answer;
    }
    if token != "acme" {
        return not_found();
    }
    let jobs: Vec<Value> = boards.lock().expect("lock").greenhouse.clone();
    let total = jobs.len();
    axum::Json(json!({ "jobs": jobs, "meta": { "total": total } })).into_response()
}

async fn greenhouse_job(State(boards): State<Shared>, Path((token, id)): Path<(String, i64)>) -> Response {
    if let Some(answer) = misbehaving(&boards).await {
        return answer;
    }
    let job = boards.lock().expect("lock").greenhouse.iter().find(|j| j["id"] == id).cloned();
    match job {
        Some(mut job) if token == "acme" => {
            job["pay_input_ranges"] = json!([{
                "min_cents": 12_000_000, "max_cents": 15_000_000, "currency_type": "USD",
                "title": "United States", "blurb": "<p>Base salary</p>"
            }]);
            axum::Json(job).into_response()
        }
        _ => not_found(),
    }
}

#[derive(serde::Deserialize)]
struct Page {
    skip: Option<usize>,
    limit: Option<usize>,
}

async fn lever(State(boards): State<Shared>, Path(site): Path<String>, Query(page): Query<Page>) -> Response {
    if let Some(answer) = misbehaving(&boards).await {
        return answer;
    }
    if site != "acme" {
        return (StatusCode::NOT_FOUND, axum::Json(json!({"ok": false, "error": "Document not found"})))
            .into_response();
    }
    let all = boards.lock().expect("lock").lever.clone();
    let page: Vec<Value> =
        all.into_iter().skip(page.skip.unwrap_or(0)).take(page.limit.unwrap_or(usize::MAX)).collect();
    axum::Json(page).into_response()
}

async fn ashby(State(boards): State<Shared>, Path(name): Path<String>) -> Response {
    if let Some(answer) = misbehaving(&boards).await {
        return answer;
    }
    if name != "acme" {
        return not_found();
    }
    let jobs = boards.lock().expect("lock").ashby.clone();
    axum::Json(json!({ "apiVersion": "1", "jobs": jobs })).into_response()
}

/// The fake ATS on a free port: its base address and what it serves.
async fn ats() -> (String, Shared) {
    let boards: Shared = Arc::default();
    let app = Router::new()
        .route("/v1/boards/{token}/jobs", get(greenhouse_list))
        .route("/v1/boards/{token}/jobs/{id}", get(greenhouse_job))
        .route("/v0/postings/{site}", get(lever))
        .route("/posting-api/job-board/{name}", get(ashby))
        .with_state(boards.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (base, boards)
}

fn greenhouse_job_json(id: i64, title: &str, location: &str) -> Value {
    json!({
        "absolute_url": format!("https://job-boards.greenhouse.io/acme/jobs/{id}"),
        "data_compliance": [],
        "internal_job_id": id + 5000,
        "location": { "name": location },
        "metadata": null,
        "id": id,
        "updated_at": "2026-11-20T10:00:00-05:00",
        "requisition_id": format!("ENG-{id}"),
        "title": title,
        // The list gives the description's HTML escaped.
        "content": "&lt;h2&gt;About the role&lt;/h2&gt;&lt;p&gt;You will own our &lt;strong&gt;event pipeline&lt;/strong&gt; end to end.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;ul&gt;&lt;li&gt;Rust&lt;/li&gt;&lt;li&gt;Kafka&lt;/li&gt;&lt;/ul&gt;",
        "departments": [{ "id": 1, "name": "Engineering", "child_ids": [], "parent_id": null }],
        "offices": [{ "id": 2, "name": "Remote", "location": "Remote", "child_ids": [], "parent_id": null }]
    })
}

async fn app_with(base: &str) -> TestApp {
    let base = base.to_owned();
    TestApp::with_config(move |c| {
        c.auto_approve = true;
        c.ats = farcoder::server::imports::boards::Endpoints {
            greenhouse: base.clone(),
            lever: base.clone(),
            ashby: base,
            timeout: std::time::Duration::from_secs(1),
        };
    })
    .await
}

async fn employer(app: &TestApp, email: &str, company: &str) -> String {
    let session = app.sign_up(email, crate::moderation::PASSWORD, company).await;
    app.verify(company).await;
    session
}

async fn board(app: &TestApp, session: &str, id: i64) -> ImportPage {
    let response = app.call("ats_board", &[("id", &id.to_string())], Some(session)).await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("import page")
}

/// The draft imported opening `import` makes, as the posting form gets it.
async fn import_draft(app: &TestApp, session: &str, import: i64) -> PostingDraft {
    let response = app.call("import_draft", &[("import", &import.to_string())], Some(session)).await;
    response.json().await.expect("draft")
}

async fn message(response: reqwest::Response) -> String {
    let status = response.status();
    let text = response.text().await.expect("text");
    assert!(status.is_client_error(), "{status}: {text}");
    text
}

async fn status_of(app: &TestApp, job: i64) -> String {
    sqlx::query_scalar(&format!("SELECT status FROM jobs WHERE id = {job}"))
        .fetch_one(&app.db.pool)
        .await
        .expect("status")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn greenhouse_openings_are_imported_completed_and_kept_in_sync() {
    let (base, boards) = ats().await;
    boards.lock().expect("lock").greenhouse = vec![
        greenhouse_job_json(4001, "Senior Backend Engineer (Rust)", "Remote - Europe, Portugal"),
        greenhouse_job_json(4002, "Staff Platform Engineer", "Remote - Worldwide"),
    ];
    let app = app_with(&base).await;
    let session = employer(&app, "ada@acme.example", "Acme").await;

    // A board that does not exist is said so; nothing is connected.
    let refused = app.call("connect_ats", &[("kind", "greenhouse"), ("board", "nobody")], Some(&session)).await;
    assert!(message(refused).await.contains("Greenhouse has no public job board named “nobody”"));
    let refused = app.call("connect_ats", &[("kind", "greenhouse"), ("board", "../admin")], Some(&session)).await;
    assert!(message(refused).await.contains("the name at the end of your board’s address"));
    assert_eq!(app.count("ats_sources", "1 = 1").await, 0);

    // Connected by its address, and listed.
    let connected = app
        .call(
            "connect_ats",
            &[("kind", "greenhouse"), ("board", "https://job-boards.greenhouse.io/acme")],
            Some(&session),
        )
        .await;
    assert_eq!(connected.status(), 200);
    let source: i64 = connected.json().await.expect("id");
    let page = board(&app, &session, source).await;
    assert_eq!(page.openings.len(), 2);
    assert!(page.openings.iter().all(|o| o.state == OpeningState::New));
    assert_eq!(page.openings[0].title, "Senior Backend Engineer (Rust)");

    // The one picked becomes a draft, with its pay from the job's own answer.
    let picked =
        app.call("import_openings", &[("id", &source.to_string()), ("openings[]", "4001")], Some(&session)).await;
    assert_eq!(picked.json::<usize>().await.expect("added"), 1);
    let page = board(&app, &session, source).await;
    let OpeningState::Waiting { import_id } = page.openings[0].state else { panic!("{:?}", page.openings[0]) };
    assert_eq!(page.openings[0].pay.as_deref(), Some("$120k – $150k a year"));
    let draft = import_draft(&app, &session, import_id).await;
    assert_eq!(
        (draft.title.as_str(), draft.level.as_str(), draft.category.as_str()),
        ("Senior Backend Engineer (Rust)", "senior", "backend")
    );
    assert_eq!(
        (draft.salary_min.as_str(), draft.salary_max.as_str(), draft.currency.as_str()),
        ("120000", "150000", "USD")
    );
    assert_eq!(draft.locations, ["europe", "pt"]);
    assert_eq!(draft.apply_url, "https://job-boards.greenhouse.io/acme/jobs/4001");
    assert!(
        draft.description.starts_with("## About the role\n\nYou will own our **event pipeline** end to end."),
        "{}",
        draft.description
    );
    assert!(!draft.description.contains("alert") && draft.description.contains("*   Kafka"), "{}", draft.description);
    assert!(draft.hire_modes.is_empty(), "how people are hired is the employer's to say");

    // Our rules first: without how people are hired, it is refused.
    let incomplete = crate::postings::fields(&draft);
    let pairs: Vec<(&str, &str)> = incomplete.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert!(message(app.call("create_posting", &pairs, Some(&session)).await).await.contains("hire_modes"));
    let complete = PostingDraft {
        hire_modes: vec!["employee".into()],
        employee_in: vec!["pt".into()],
        locations: vec!["pt".into()],
        job_type: "full-time".into(),
        ..draft
    };
    let form = crate::postings::fields(&complete);
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let created = app.call("create_posting", &pairs, Some(&session)).await.text().await.expect("created");
    let job: i64 = created.parse().unwrap_or_else(|_| panic!("{created}"));
    assert!(
        message(app.call("create_posting", &pairs, Some(&session)).await).await.contains("completed already"),
        "once"
    );
    // In review, moderators see where it came from, and that its apply link
    // is the imported opening's own page on that board.
    sqlx::query(&format!("UPDATE jobs SET status = 'review' WHERE id = {job}"))
        .execute(&app.db.pool)
        .await
        .expect("review");
    let moderator = crate::moderation::moderator(&app).await;
    let review = app.get_as("/admin/review", &moderator).await.text().await.expect("queue");
    let around = review.find("Imported from").map(|at| review[at..].chars().take(400).collect::<String>());
    assert!(review.contains("Greenhouse board “acme” (not proven to be the company’s"), "{around:?}");
    assert!(review.contains("✓ the apply link is the imported opening’s own page on that board"));

    sqlx::query(&format!("UPDATE jobs SET status = 'draft' WHERE id = {job}"))
        .execute(&app.db.pool)
        .await
        .expect("draft");
    let submitted = app.call("submit_posting", &[("id", &job.to_string())], Some(&session)).await;
    assert_eq!(submitted.json::<String>().await.expect("status"), "published");
    let page = board(&app, &session, source).await;
    assert!(matches!(page.openings[0].state, OpeningState::Posted { job_id, .. } if job_id == job));
    let slug = app.search("").await.jobs.into_iter().find(|j| j.id == job).expect("public").slug;
    let public = app.page(&format!("/jobs/{slug}"), 200).await;
    assert!(public.contains("Imported from Greenhouse and kept in sync"), "it says where it came from");

    // Unchanged: confirmed open.
    sqlx::query(&format!("UPDATE jobs SET confirmed_at = 1 WHERE id = {job}"))
        .execute(&app.db.pool)
        .await
        .expect("age");
    assert_eq!(app.call("sync_ats", &[("id", &source.to_string())], Some(&session)).await.status(), 200);
    let confirmed: i64 = sqlx::query_scalar(&format!("SELECT confirmed_at FROM jobs WHERE id = {job}"))
        .fetch_one(&app.db.pool)
        .await
        .expect("c");
    assert!(confirmed > 1, "still listed counts as still hiring");

    // Changed: an edit waiting for review, the live version unchanged.
    boards.lock().expect("lock").greenhouse[0]["title"] = json!("Senior Backend Engineer (Rust, Kafka)");
    assert_eq!(app.call("sync_ats", &[("id", &source.to_string())], Some(&session)).await.status(), 200);
    let pending: Vec<(String,)> =
        sqlx::query_as(&format!("SELECT draft FROM job_revisions WHERE job_id = {job} AND status = 'pending'"))
            .fetch_all(&app.db.pool)
            .await
            .expect("revisions");
    assert_eq!(pending.len(), 1);
    assert!(
        pending[0].0.contains("Senior Backend Engineer (Rust, Kafka)")
            && pending[0].0.contains("\"employee_in\":[\"pt\"]")
    );
    assert_eq!(status_of(&app, job).await, "published");

    // The ATS does not answer, or too slowly: said so, nothing closes.
    boards.lock().expect("lock").failing = true;
    let failed = app.call("sync_ats", &[("id", &source.to_string())], Some(&session)).await;
    assert!(message(failed).await.contains("could not be read: it answered 500"));
    boards.lock().expect("lock").failing = false;
    boards.lock().expect("lock").slow = true;
    let slow = app.call("sync_ats", &[("id", &source.to_string())], Some(&session)).await;
    assert!(message(slow).await.contains("did not answer within 1 seconds"));
    boards.lock().expect("lock").slow = false;
    assert_eq!(status_of(&app, job).await, "published");
    let sources =
        app.call("ats_sources", &[], Some(&session)).await.json::<Vec<farcoder::model::AtsSource>>().await.expect("s");
    assert!(sources[0].sync_error.as_deref().is_some_and(|e| e.contains("did not answer")), "{sources:?}");

    // Gone from the ATS: one read that misses it closes nothing (an odd
    // answer); the next that agrees closes it here, by the schedule's job.
    let gone = boards.lock().expect("lock").greenhouse.remove(0);
    assert_eq!(app.call("sync_ats", &[("id", &source.to_string())], Some(&session)).await.status(), 200);
    assert_eq!(status_of(&app, job).await, "published", "one read is not enough");
    sqlx::query("UPDATE ats_sources SET synced_at = 0").execute(&app.db.pool).await.expect("due");
    let schedule = farcoder::server::imports::sync::Schedule { db: app.db.clone(), every: farcoder::model::HOUR };
    farcoder::server::imports::sync::round(&schedule).await;
    let ran = app.jobs.run_due(farcoder::server::now()).await.expect("run").0;
    assert!(ran.done >= 1, "{ran:?}");
    assert_eq!(status_of(&app, job).await, "closed");
    assert_eq!(app.get(&format!("/jobs/{slug}")).await.status(), 410);
    assert!(!app.search("").await.jobs.iter().any(|j| j.id == job), "out of lists");
    assert!(!app.page("/sitemap.xml", 200).await.contains(&slug) && !app.page("/feed.xml", 200).await.contains(&slug));
    let api: Value = app.get("/api/v1/jobs").await.json().await.expect("api");
    assert!(!api.to_string().contains(&slug), "out of the API");
    assert!(app.mail_containing("ada@acme.example", "no longer lists it").await.is_some(), "the team hears why");
    let audit = app.count("audit_log", &format!("job_id = {job} AND action = 'closed by its source'")).await;
    assert_eq!(audit, 1);
    let page = board(&app, &session, source).await;
    assert_eq!(page.openings.len(), 2, "the one still listed and the closed one");
    assert!(page.openings.iter().any(|o| o.state == OpeningState::Gone));

    // Listed again: offered to bring in anew, as a draft to complete.
    boards.lock().expect("lock").greenhouse.push(gone);
    let page = board(&app, &session, source).await;
    assert!(page.openings.iter().all(|o| o.state == OpeningState::New), "{:?}", page.openings);
    let again =
        app.call("import_openings", &[("id", &source.to_string()), ("openings[]", "4001")], Some(&session)).await;
    assert_eq!(again.json::<usize>().await.expect("added"), 1);
    let page = board(&app, &session, source).await;
    assert!(page.openings.iter().any(|o| matches!(o.state, OpeningState::Waiting { .. })), "{:?}", page.openings);
    assert_eq!(status_of(&app, job).await, "closed", "the closed posting stays closed");

    // Disconnected: nothing more is read; the postings stay, as postings.
    let other = employer(&app, "bo@other.example", "Other").await;
    assert_eq!(app.call("disconnect_ats", &[("id", &source.to_string())], Some(&other)).await.status(), 404);
    assert_eq!(app.call("disconnect_ats", &[("id", &source.to_string())], Some(&session)).await.status(), 200);
    assert_eq!(app.count("ats_sources", "1 = 1").await + app.count("ats_openings", "1 = 1").await, 0);
    assert_eq!(app.call("ats_board", &[("id", &source.to_string())], Some(&session)).await.status(), 404);
    assert_eq!(status_of(&app, job).await, "closed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lever_pages_and_ashby_pay_are_read_and_a_board_is_its_companys_only() {
    let (base, boards) = ats().await;
    {
        let mut b = boards.lock().expect("lock");
        b.lever = (0..150)
            .map(|n| {
                json!({
                    "id": format!("5ac21346-8e0c-4494-8e7a-{n:012}"),
                    "text": format!("Frontend Engineer {n}"),
                    "categories": { "commitment": "Full-time", "department": "Engineering", "location": "Remote - Canada", "team": "Web", "allLocations": ["Remote - Canada"] },
                    "country": "CA",
                    "createdAt": 1_764_000_000_000_i64,
                    "description": "<div>Build the web app our customers use every day.</div>",
                    "descriptionPlain": "Build the web app our customers use every day.",
                    "lists": [{ "text": "What you bring", "content": "<li>TypeScript</li><li>React</li>" }],
                    "additional": "<div>We hire across Canada.</div>",
                    "additionalPlain": "We hire across Canada.",
                    "hostedUrl": format!("https://jobs.lever.co/acme/{n}"),
                    "applyUrl": format!("https://jobs.lever.co/acme/{n}/apply"),
                    "workplaceType": "remote",
                    "salaryRange": { "currency": "CAD", "interval": "per-year-salary", "min": 110000, "max": 140000 },
                    "salaryDescription": "<div>Base salary</div>"
                })
            })
            .collect();
        b.ashby = vec![
            json!({
                "id": "a1b2", "title": "Principal Security Engineer", "department": "Security", "team": "AppSec",
                "employmentType": "Contract", "location": "Remote", "secondaryLocations": [{ "location": "United Kingdom", "address": {} }],
                "isListed": true, "isRemote": true, "workplaceType": "Remote",
                "descriptionHtml": "<p>Lead our application security work.</p>", "descriptionPlain": "Lead our application security work.",
                "publishedAt": "2026-11-01T16:21:55.393+00:00",
                "jobUrl": "https://jobs.ashbyhq.com/acme/a1b2", "applyUrl": "https://jobs.ashbyhq.com/acme/a1b2/application",
                "shouldDisplayCompensationOnJobPostings": true,
                "compensation": {
                    "compensationTierSummary": "£90K – £110K", "scrapeableCompensationSalarySummary": "£90K - £110K",
                    "summaryComponents": [
                        { "compensationType": "Salary", "interval": "1 YEAR", "currencyCode": "GBP", "minValue": 90000, "maxValue": 110000 },
                        { "compensationType": "EquityPercentage", "interval": "NONE", "currencyCode": null, "minValue": 0.1, "maxValue": 0.2 }
                    ]
                }
            }),
            json!({
                "id": "hidden", "title": "Unlisted Role", "location": "Remote", "isListed": false, "isRemote": true,
                "descriptionHtml": "<p>x</p>", "jobUrl": "https://jobs.ashbyhq.com/acme/hidden"
            }),
        ];
    }
    let app = app_with(&base).await;
    let session = employer(&app, "ada@acme.example", "Acme").await;
    let lever: i64 = app
        .call("connect_ats", &[("kind", "lever"), ("board", "acme")], Some(&session))
        .await
        .json()
        .await
        .expect("id");
    let page = board(&app, &session, lever).await;
    assert_eq!(page.openings.len(), 150, "both pages of 100");
    assert_eq!(page.openings[149].title, "Frontend Engineer 149");
    assert_eq!(page.openings[0].pay.as_deref(), Some("CA$110k – CA$140k a year"));
    assert_eq!(page.openings[0].job_type.as_deref(), Some("Full-time"));

    let ashby: i64 = app
        .call("connect_ats", &[("kind", "ashby"), ("board", "acme")], Some(&session))
        .await
        .json()
        .await
        .expect("id");
    let page = board(&app, &session, ashby).await;
    assert_eq!(page.openings.len(), 1, "the unlisted job is not offered");
    assert_eq!(page.openings[0].pay.as_deref(), Some("£90k – £110k a year"));
    assert_eq!(page.openings[0].job_type.as_deref(), Some("Contract"));
    app.call("import_openings", &[("id", &ashby.to_string()), ("openings[]", "a1b2")], Some(&session)).await;
    let import_id: i64 = sqlx::query_scalar("SELECT id FROM ats_openings").fetch_one(&app.db.pool).await.expect("id");
    let draft = import_draft(&app, &session, import_id).await;
    assert_eq!(
        (draft.level.as_str(), draft.category.as_str(), draft.locations.clone()),
        ("principal", "security", vec!["gb".to_owned()])
    );

    // Another company sees none of it.
    let other = employer(&app, "bo@other.example", "Other").await;
    assert_eq!(app.call("ats_board", &[("id", &ashby.to_string())], Some(&other)).await.status(), 404);
    assert_eq!(app.call("import_draft", &[("import", &import_id.to_string())], Some(&other)).await.status(), 404);
    let stolen = app.call("import_openings", &[("id", &ashby.to_string()), ("openings[]", "a1b2")], Some(&other)).await;
    assert_eq!(stolen.status(), 404);
    let mut taken = crate::postings::fields(&PostingDraft {
        import: import_id.to_string(),
        ..crate::postings::draft("Security Lead")
    });
    taken.retain(|(k, _)| !k.is_empty());
    let pairs: Vec<(&str, &str)> = taken.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(app.call("create_posting", &pairs, Some(&other)).await.status(), 404, "nor ties a posting to it");
    assert_eq!(app.count("jobs", "1 = 1").await, 0, "and nothing was half-written");
}
