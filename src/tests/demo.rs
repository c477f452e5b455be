//! The demo shows every role: on an empty database a share of the seeded
//! postings take applications on FarCoder, and the demo employer (with
//! applicants) and moderator (with a queue) can sign in; never where an
//! account exists already.

use farcoder::model::{ApplicationList, ReviewQueue};
use farcoder::server::demo::{self, EMPLOYER_EMAIL, MODERATOR_EMAIL, PASSWORD};
use farcoder::server::now;

use crate::harness::{TestApp, session_cookie};

async fn sign_in(app: &TestApp, email: &str) -> String {
    let response = app.call("login", &[("email", email), ("password", PASSWORD), ("next", "")], None).await;
    assert_eq!(response.status(), 200, "{email} signs in");
    session_cookie(&response).expect("a session")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_employer_has_applicants_and_the_demo_moderator_a_queue() {
    let app = TestApp::with_demo_data().await;
    let direct = app.count("jobs", "apply_url IS NULL AND status = 'published'").await;
    let published = app.count("jobs", "status = 'published'").await;
    assert!(
        direct * 5 > published && direct * 2 < published,
        "a share take applications here: {direct} of {published}"
    );

    let made = demo::create(&app.db, &app.storage(), now()).await.expect("created").expect("an empty database");
    assert_eq!(made.applicants, 6);
    let text = made.sign_in_text(&app.url);
    assert!(text.contains(EMPLOYER_EMAIL) && text.contains(MODERATOR_EMAIL) && text.contains(PASSWORD), "{text}");

    let employer = sign_in(&app, EMPLOYER_EMAIL).await;
    let dashboard = app.get_as("/dashboard", &employer).await.text().await.expect("page");
    assert!(dashboard.contains(&made.company), "the dashboard of {}", made.company);
    let (first_job,): (i64,) =
        sqlx::query_as("SELECT MIN(job_id) FROM applications").fetch_one(&app.db.pool).await.expect("job");
    let response = app.call("application_list", &[("job_id", &first_job.to_string())], Some(&employer)).await;
    assert_eq!(response.status(), 200);
    let list: ApplicationList = response.json().await.expect("list");
    assert!(list.total >= 1 && list.items.iter().all(|a| !a.name.is_empty()), "{list:?}");
    let (application,): (i64,) =
        sqlx::query_as("SELECT MIN(id) FROM applications").fetch_one(&app.db.pool).await.expect("id");
    let cv = app.get_as(&format!("/dashboard/applications/{application}/cv"), &employer).await;
    assert_eq!(cv.status(), 200, "the CV is stored");
    assert!(cv.bytes().await.expect("bytes").starts_with(b"%PDF-"));

    let moderator = sign_in(&app, MODERATOR_EMAIL).await;
    let queue: ReviewQueue = app.call("review_queue", &[], Some(&moderator)).await.json().await.expect("queue");
    assert!(!queue.items.is_empty(), "seeded postings wait for review");

    assert_eq!(demo::create(&app.db, &app.storage(), now()).await.expect("ran"), None, "made once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_demo_account_is_made_where_an_account_exists() {
    let app = TestApp::with_demo_data().await;
    app.sign_up("ada@acme.example", "correct horse battery", "Acme").await;
    assert_eq!(demo::create(&app.db, &app.storage(), now()).await.expect("ran"), None);
    assert_eq!(app.count("users", &format!("email IN ('{EMPLOYER_EMAIL}', '{MODERATOR_EMAIL}')")).await, 0);
    assert_eq!(app.count("applications", "1 = 1").await, 0);
}
