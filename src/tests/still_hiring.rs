//! "Still hiring?": two weeks after publishing the team is asked by e-mail;
//! "still hiring" shows on the card and the page as "confirmed open", and
//! `/jobs` can filter and sort by it; "filled" closes the posting and its
//! page says so; no answer in a week sends it back to review.

use farcoder::model::{DAY, FlagKind, ReviewQueue};
use farcoder::server::auth::secret::Secret;
use farcoder::server::now;
use farcoder::server::postings::confirm::{Round, run_once};

use crate::harness::{Company, JobSpec, TestApp};
use crate::moderation::moderator;

const EMPLOYER: &str = "ada@acme.example";

/// Acme's team (one employer) and a posting of theirs published `age_days` ago.
async fn acme_posting(app: &TestApp, title: &str, age_days: i64) -> i64 {
    if app.count("users", &format!("email = '{EMPLOYER}'")).await == 0 {
        app.sign_up(EMPLOYER, "correct horse battery", "Acme").await;
    }
    let (id,): (i64,) =
        sqlx::query_as("SELECT id FROM companies WHERE name = 'Acme'").fetch_one(&app.db.pool).await.expect("company");
    app.post_job(&Company { id }, JobSpec { age_days, ..JobSpec::titled(title) }).await
}

async fn ask(app: &TestApp, at: farcoder::model::Time) -> Round {
    let secret = Secret::load(&app.db, None, now()).await.expect("secret");
    run_once(&app.db, &secret, &app.url, at).await.expect("round")
}

/// The path of the link in the newest question about `title`, for `answer`.
async fn link_in_mail(app: &TestApp, title: &str, answer: &str) -> String {
    let mail = app.mail_containing(EMPLOYER, title).await.expect("the question");
    assert!(mail.contains("Still hiring"), "{mail}");
    let start = mail.find("/still-hiring?").expect("a link");
    let path: String = mail[start..].chars().take_while(|c| !c.is_whitespace()).collect();
    let path = path.replace("&answer=open", "").replace("&answer=filled", "");
    format!("{path}&answer={answer}")
}

/// Posts the page's form for the link `path` with `answer`; where it leads.
async fn answer(app: &TestApp, path: &str, answer: &str) -> String {
    let query = path.split_once('?').expect("query").1;
    let mut form: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| k != "answer")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    form.push(("answer".into(), answer.into()));
    let response = app
        .client
        .post(format!("{}/still-hiring", app.url))
        .header("origin", &app.url)
        .form(&form)
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 303);
    response.headers()["location"].to_str().expect("location").to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_team_is_asked_after_two_weeks_and_still_hiring_shows_as_confirmed_open() {
    let app = TestApp::new().await;
    let asked = acme_posting(&app, "Pipeline Engineer", 15).await;
    let recent = acme_posting(&app, "Platform Engineer", 10).await;

    assert_eq!(ask(&app, now()).await, Round { asked: 1, stale: 0 }, "only the posting two weeks old");
    assert_eq!(ask(&app, now()).await, Round::default(), "asked once");
    let link = link_in_mail(&app, "Pipeline Engineer", "open").await;
    let page = app.page(&link, 200).await;
    assert!(page.contains("Is this job still open?") && page.contains(r#"action="/still-hiring""#));

    assert_eq!(answer(&app, &link, "open").await, "/still-hiring?done=open");
    let card = app.search("").await.jobs.into_iter().find(|j| j.id == asked).expect("listed");
    assert_eq!(card.confirmed.as_deref(), Some("Confirmed open today"));
    assert!(app.page(&card.path(), 200).await.contains("Confirmed open today"));
    assert_eq!(answer(&app, &link, "open").await, "/still-hiring?done=invalid", "answered already");
    // Renewing keeps what the team confirmed.
    let login =
        app.call("login", &[("email", EMPLOYER), ("password", "correct horse battery"), ("next", "")], None).await;
    let session = crate::harness::session_cookie(&login).expect("signed in");
    assert_eq!(app.call("renew_posting", &[("id", &asked.to_string())], Some(&session)).await.status(), 200);
    let card = app.search("").await.jobs.into_iter().find(|j| j.id == asked).expect("listed");
    assert_eq!(card.confirmed.as_deref(), Some("Confirmed open today"), "a renewal is no new posting");

    // Confirming counts as fresh: within 7 days only the confirmed one is.
    assert_eq!(app.search_ids("confirmed=7").await, vec![asked]);
    assert_eq!(app.search("").await.facets.count("confirmed", "14"), Some(2));
    assert_eq!(app.search_ids("sort=confirmed").await, vec![asked, recent]);
    assert_eq!(app.search_ids("").await, vec![recent, asked], "newest first otherwise");

    // A forged signature changes nothing.
    let forged = link.replace("sig=", "sig=0");
    assert_eq!(answer(&app, &forged, "filled").await, "/still-hiring?done=invalid");
    assert_eq!(app.count("jobs", "filled_at IS NOT NULL").await, 0);
    // Two weeks after the confirmation the team is asked again.
    assert_eq!(ask(&app, now() + 15 * DAY).await.asked, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filled_closes_the_posting_and_its_page_says_it_was_filled() {
    let app = TestApp::new().await;
    let id = acme_posting(&app, "Pipeline Engineer", 20).await;
    let path = app.search("").await.jobs[0].path();
    ask(&app, now()).await;
    let link = link_in_mail(&app, "Pipeline Engineer", "filled").await;
    let page = app.page(&link, 200).await;
    assert!(page.find("Filled: close the posting") < page.find("No, we are still hiring"), "the link's answer first");

    assert_eq!(answer(&app, &link, "filled").await, "/still-hiring?done=filled");
    assert!(app.search_ids("").await.is_empty(), "off the board");
    let gone = app.page(&path, 410).await;
    assert!(gone.contains("This job was filled"), "the page says so");
    let sitemap = app.get("/sitemaps/1.xml").await;
    assert!(sitemap.status() == 404 || !sitemap.text().await.expect("text").contains(&path), "out of the sitemap");
    assert!(!app.page("/feed.xml", 200).await.contains(&path), "out of the feed");
    let api = app.get(&format!("/api/v1/jobs/{id}")).await;
    assert_eq!(api.status(), 410);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unanswered_question_sends_the_posting_back_to_review_as_possibly_stale() {
    let app = TestApp::new().await;
    let moderator = moderator(&app).await;
    let id = acme_posting(&app, "Pipeline Engineer", 15).await;
    ask(&app, now()).await;
    assert_eq!(ask(&app, now() + 6 * DAY).await, Round::default(), "a week to answer");
    assert_eq!(ask(&app, now() + 8 * DAY).await, Round { asked: 0, stale: 1 });
    assert!(app.search_ids("").await.is_empty(), "off the board until reviewed");
    let queue: ReviewQueue = app.call("review_queue", &[], Some(&moderator)).await.json().await.expect("queue");
    let item = queue.items.iter().find(|i| i.id == id).expect("in the queue");
    assert!(item.flags.iter().any(|f| f.kind == FlagKind::Stale && f.reason.contains("still hiring")), "{item:?}");
    // Queued for the clock of the round (a week ahead), so read from the outbox.
    let told = format!("recipient = '{EMPLOYER}' AND subject = 'Off the board until reviewed: Pipeline Engineer'");
    assert_eq!(app.count("outbox", &told).await, 1, "the team hears it");

    // Approved again, it is live and asked about from then on.
    let form = [("id", id.to_string()), ("decision", "approve".into()), ("reason", String::new())];
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call("moderate", &pairs, Some(&moderator)).await.status(), 200);
    assert_eq!(app.search_ids("").await, vec![id]);
    assert_eq!(ask(&app, now() + DAY).await, Round::default(), "not asked again at once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_team_confirms_from_its_dashboard_and_no_other_team_can() {
    let app = TestApp::new().await;
    let id = acme_posting(&app, "Pipeline Engineer", 15).await;
    let draft = acme_posting(&app, "Draft Role", 1).await;
    sqlx::query(&format!("UPDATE jobs SET status = 'draft' WHERE id = {draft}"))
        .execute(&app.db.pool)
        .await
        .expect("a draft");
    let login =
        app.call("login", &[("email", EMPLOYER), ("password", "correct horse battery"), ("next", "")], None).await;
    let session = crate::harness::session_cookie(&login).expect("signed in");
    let stranger = app.sign_up("eve@other.example", "correct horse battery", "Other Co").await;

    ask(&app, now()).await;
    let dashboard = app.get_as("/dashboard", &session).await.text().await.expect("page");
    assert!(dashboard.contains("Asked today whether it is still open") && dashboard.contains("Still hiring"));
    let link = link_in_mail(&app, "Pipeline Engineer", "open").await;

    let confirm = |who: String, job: i64| {
        let app = &app;
        async move { app.call("confirm_open", &[("id", &job.to_string())], Some(&who)).await.status().as_u16() }
    };
    assert_eq!(confirm(stranger, id).await, 404, "another company's posting is not found");
    assert_eq!(confirm(session.clone(), draft).await, 400, "only an open posting");
    assert_eq!(confirm(session.clone(), id).await, 200);
    let card = app.search("").await.jobs.into_iter().find(|j| j.id == id).expect("listed");
    assert_eq!(card.confirmed.as_deref(), Some("Confirmed open today"));
    assert!(app.get_as("/dashboard", &session).await.text().await.expect("page").contains("Confirmed open today"));
    assert_eq!(answer(&app, &link, "filled").await, "/still-hiring?done=invalid", "the question is answered");
}
