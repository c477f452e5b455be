//! `/jobs/{slug}` and `/companies/{slug}`: what a seeker sees, what search
//! engines read, and the answers for moved, missing and closed jobs.

use farcoder::model::{Currency, Location, Region, SalaryPeriod, SalaryRange, Stack};

use crate::harness::{JobSpec, TestApp};

fn json_ld(html: &str) -> serde_json::Value {
    let start = html.find(r#"<script type="application/ld+json">"#).expect("JSON-LD script") + 35;
    let end = start + html[start..].find("</script>").expect("script end");
    serde_json::from_str(&html[start..end]).expect("valid JSON-LD")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn job_page_shows_what_a_seeker_needs() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let id = app
        .post_job(
            &acme,
            JobSpec {
                salary: SalaryRange { min: 120_000, max: 150_000, currency: Currency::Eur, period: SalaryPeriod::Year },
                locations: vec![Location::Region(Region::Europe)],
                stacks: vec![Stack::Rust, Stack::Kafka],
                description: "## The team\n\nWe **love** tests.<script>alert(1)</script>".into(),
                ..JobSpec::titled("Senior Rust Engineer")
            },
        )
        .await;
    let html = app.page(&format!("/jobs/senior-rust-engineer-acme-{id}"), 200).await;
    for expected in [
        "Senior Rust Engineer",
        "€120k – €150k a year",
        "Europe",
        "Senior",
        "Full-time",
        "Rust",
        "Kafka",
        "<strong>love</strong>",
        "Apply on the company",
    ] {
        assert!(html.contains(expected), "job page lacks {expected}");
    }
    assert!(!html.contains("<script>alert(1)"), "description is not sanitised");
    assert!(html.contains("<title>Senior Rust Engineer at Acme · FarCoder</title>"));
    assert!(
        html.contains(&format!(r#"<link href="{}/jobs/senior-rust-engineer-acme-{id}" rel="canonical">"#, app.url))
    );
    assert!(html.contains(r#"<meta property="og:title""#));
    assert!(html.contains(r#"<meta name="description""#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn job_page_carries_job_posting_json_ld() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let id = app
        .post_job(
            &acme,
            JobSpec {
                locations: vec![Location::Country("de"), Location::Country("pt")],
                ..JobSpec::titled("Backend Engineer")
            },
        )
        .await;
    let html = app.page(&format!("/jobs/backend-engineer-acme-{id}"), 200).await;
    let ld = json_ld(&html);
    assert_eq!(ld["@type"], "JobPosting");
    assert_eq!(ld["jobLocationType"], "TELECOMMUTE");
    assert_eq!(ld["employmentType"], "FULL_TIME");
    assert_eq!(ld["identifier"]["value"], id.to_string());
    assert_eq!(ld["baseSalary"]["currency"], "USD");
    assert_eq!(ld["baseSalary"]["value"]["minValue"], 100_000);
    assert_eq!(ld["baseSalary"]["value"]["unitText"], "YEAR");
    assert_eq!(ld["applicantLocationRequirements"][0]["name"], "DE");
    assert_eq!(ld["applicantLocationRequirements"][1]["name"], "PT");
    assert_eq!(ld["directApply"], false);
    assert!(ld["validThrough"].as_str().is_some_and(|v| v.ends_with("T23:59:59Z")));
    assert_eq!(ld["hiringOrganization"]["name"], "Acme");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_slug_redirects_permanently() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let id = app.post_job(&acme, JobSpec::titled("Data Engineer")).await;
    let response = app.get(&format!("/jobs/old-title-{id}")).await;
    assert_eq!(response.status(), 301);
    assert_eq!(
        response.headers().get("location").and_then(|v| v.to_str().ok()),
        Some(format!("/jobs/data-engineer-acme-{id}").as_str())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_and_unpublished_jobs_are_not_found() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let draft = app.post_job(&acme, JobSpec { status: "draft", ..JobSpec::titled("Draft") }).await;
    let html = app.page(&format!("/jobs/draft-acme-{draft}"), 404).await;
    assert!(html.contains("Page not found"));
    app.page("/jobs/no-such-job-999999", 404).await;
    app.page("/jobs/no-id-at-all", 404).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closed_and_expired_jobs_are_gone() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let closed = app.post_job(&acme, JobSpec { status: "closed", ..JobSpec::titled("Closed") }).await;
    let expired = app.post_job(&acme, JobSpec { age_days: 61, open_days: 60, ..JobSpec::titled("Expired") }).await;
    let html = app.page(&format!("/jobs/closed-acme-{closed}"), 410).await;
    assert!(html.contains("This job has closed"));
    app.page(&format!("/jobs/expired-acme-{expired}"), 410).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn company_page_lists_its_open_jobs() {
    let app = TestApp::new().await;
    let acme = app.company("Acme Robotics").await;
    let other = app.company("Other").await;
    app.post_job(&acme, JobSpec::titled("Robot Whisperer")).await;
    app.post_job(&acme, JobSpec { status: "closed", ..JobSpec::titled("Closed Role") }).await;
    app.post_job(&other, JobSpec::titled("Someone Else")).await;
    let html = app.page("/companies/acme-robotics", 200).await;
    assert!(html.contains("Robot Whisperer"));
    assert!(!html.contains("Closed Role"));
    assert!(!html.contains("Someone Else"));
    assert!(html.contains("Open jobs (1)"));
    assert!(html.contains("<title>Remote jobs at Acme Robotics · FarCoder</title>"));
    app.page("/companies/nobody", 404).await;
}

/// The titles in a job page's "Similar jobs".
fn similar_titles(html: &str) -> Vec<String> {
    let start = html.find(r#"aria-labelledby="similar-heading""#).expect("the similar jobs");
    let section = &html[start..start + html[start..].find("</section>").expect("its end")];
    ["Alpha Engineer", "Beta Engineer", "Gamma Engineer", "Delta Engineer"]
        .iter()
        .filter(|title| section.contains(*title))
        .map(|title| (*title).to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn similar_jobs_are_of_the_category_never_the_posting_itself_and_follow_new_postings() {
    use farcoder::model::{Category, Level};
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    app.post_job(&acme, JobSpec { age_days: 3, ..JobSpec::titled("Alpha Engineer") }).await;
    app.post_job(&acme, JobSpec { age_days: 2, level: Level::Junior, ..JobSpec::titled("Beta Engineer") }).await;
    app.post_job(&acme, JobSpec { category: Category::Frontend, ..JobSpec::titled("Delta Engineer") }).await;
    let path_of = async |title: &str| {
        let found = app.search(&format!("q={}", title.replace(' ', "+"))).await;
        found.jobs.into_iter().find(|j| j.title == title).expect("listed").path()
    };
    let (alpha, beta) = (path_of("Alpha Engineer").await, path_of("Beta Engineer").await);
    assert_eq!(similar_titles(&app.page(&alpha, 200).await), ["Beta Engineer"], "its category, not itself");
    assert_eq!(similar_titles(&app.page(&beta, 200).await), ["Alpha Engineer"]);

    // A newer posting at Alpha's level comes first on its page, at once.
    app.post_job(&acme, JobSpec { age_days: 1, ..JobSpec::titled("Gamma Engineer") }).await;
    app.search("").await;
    assert_eq!(similar_titles(&app.page(&alpha, 200).await), ["Beta Engineer", "Gamma Engineer"]);
    let alpha_page = app.page(&alpha, 200).await;
    let (gamma_at, beta_at) = (alpha_page.find("Gamma Engineer"), alpha_page.rfind("Beta Engineer"));
    assert!(gamma_at < beta_at, "the same level first");
}
