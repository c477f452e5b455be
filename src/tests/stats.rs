//! Posting statistics: views and apply clicks counted on the server, once per
//! visitor a day, without bots, and seen only by the posting's company.

use farcoder::model::{CHART_DAYS, Dashboard, DashboardJob};

use crate::harness::TestApp;
use crate::postings::{draft, fields};

const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
const SAFARI: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/18.0 Safari/605.1.15";
const GOOGLEBOT: &str = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

async fn employer_with_live_job(app: &TestApp, email: &str, company: &str, title: &str) -> (String, String) {
    let session = app.sign_up(email, "correct horse battery", company).await;
    app.verify(company).await;
    let form = fields(&draft(title));
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let id: i64 = app.call("create_posting", &pairs, Some(&session)).await.json().await.expect("id");
    app.call("submit_posting", &[("id", &id.to_string())], Some(&session)).await;
    let path = app.search(&format!("q={}", title.replace(' ', "+"))).await.jobs.remove(0).path();
    (session, path)
}

async fn visit(app: &TestApp, path: &str, agent: &str) -> reqwest::Response {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(agent)
        .build()
        .expect("client")
        .get(format!("{}{path}", app.url))
        .send()
        .await
        .expect("GET")
}

async fn dashboard_job(app: &TestApp, session: &str) -> DashboardJob {
    let dashboard: Dashboard = app.call("dashboard", &[], Some(session)).await.json().await.expect("dashboard");
    dashboard.jobs.into_iter().next().expect("a job")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn views_and_apply_clicks_count_each_visitor_once_a_day_without_bots() {
    views_and_apply_clicks_counted(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn job_pages_served_from_memory_still_count_their_views() {
    views_and_apply_clicks_counted(true).await;
}

async fn views_and_apply_clicks_counted(page_cache: bool) {
    let app = TestApp::with_config(|c| {
        c.auto_approve = true;
        c.page_cache = page_cache;
    })
    .await;
    let (session, path) = employer_with_live_job(&app, "ada@example.com", "Acme", "Pipeline Engineer").await;
    let fresh = dashboard_job(&app, &session).await;
    assert_eq!((fresh.stats.views, fresh.stats.apply_clicks), (0, 0));
    assert_eq!(fresh.stats.daily_views, vec![0; CHART_DAYS]);
    assert!(matches!(fresh.days_left, Some(29 | 30)), "{:?}", fresh.days_left);

    for agent in [FIREFOX, FIREFOX, SAFARI, GOOGLEBOT, "curl/8.5.0"] {
        assert_eq!(visit(&app, &path, agent).await.status(), 200);
    }
    for agent in [FIREFOX, FIREFOX, GOOGLEBOT] {
        let response = visit(&app, &format!("{path}/apply"), agent).await;
        assert_eq!(response.status(), 303);
        assert_eq!(response.headers()["location"], "https://example.com/careers/pipeline");
    }
    // Views are noted as pages are served and written in batches: the round
    // that writes them, run now rather than waited for.
    app.views.flush(&app.db).await.expect("write the views");
    let job = dashboard_job(&app, &session).await;
    assert_eq!((job.stats.views, job.stats.apply_clicks), (2, 1));
    assert_eq!(job.stats.daily_views.last(), Some(&2), "today is the last bar");
    assert_eq!(job.stats.daily_views.iter().sum::<i64>(), 2);

    let html = app.get_as("/dashboard", &session).await.text().await.expect("body");
    assert!(html.contains("class=\"daily-bars\""), "the chart renders on the server");
    assert!(
        html.contains("<title>Views per day over the last 14 days, oldest first: 0, 0, 0"),
        "with a text alternative"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_company_sees_only_its_own_statistics() {
    let app = TestApp::with_config(|c| c.auto_approve = true).await;
    let (alice, alpha_path) = employer_with_live_job(&app, "alice@example.com", "Alpha", "Alpha Engineer").await;
    let (bob, _) = employer_with_live_job(&app, "bob@example.com", "Bravo", "Bravo Engineer").await;
    visit(&app, &alpha_path, FIREFOX).await;
    app.views.flush(&app.db).await.expect("write the view");
    let bob_job = dashboard_job(&app, &bob).await;
    assert_eq!((bob_job.title.as_str(), bob_job.stats.views), ("Bravo Engineer", 0));
    let dashboard: Dashboard = app.call("dashboard", &[], Some(&bob)).await.json().await.expect("dashboard");
    assert_eq!(dashboard.jobs.len(), 1, "Bravo sees none of Alpha's postings");
    assert_eq!(dashboard_job(&app, &alice).await.stats.views, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_apply_link_of_a_closed_or_unknown_job_is_not_followed() {
    let app = TestApp::with_config(|c| c.auto_approve = true).await;
    let (session, path) = employer_with_live_job(&app, "ada@example.com", "Acme", "Pipeline Engineer").await;
    let id = dashboard_job(&app, &session).await.id;
    app.call("close_posting", &[("id", &id.to_string())], Some(&session)).await;
    assert_eq!(visit(&app, &format!("{path}/apply"), FIREFOX).await.status(), 410);
    assert_eq!(visit(&app, "/jobs/no-such-job-999999/apply", FIREFOX).await.status(), 404);
    assert_eq!(dashboard_job(&app, &session).await.stats.apply_clicks, 0);
}
