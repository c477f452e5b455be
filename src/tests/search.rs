//! `/jobs` search: every filter, the text query, sorting and pagination, through
//! the server function the hydrated page calls.

use farcoder::model::{Category, Currency, EmploymentType, Level, Location, Region, SalaryPeriod, SalaryRange, Stack};

use crate::harness::{JobSpec, TestApp, usd};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_only_open_jobs_newest_first() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let older = app.post_job(&acme, JobSpec { age_days: 5, ..JobSpec::titled("Older") }).await;
    let newer = app.post_job(&acme, JobSpec { age_days: 1, ..JobSpec::titled("Newer") }).await;
    app.post_job(&acme, JobSpec { status: "closed", ..JobSpec::titled("Closed") }).await;
    app.post_job(&acme, JobSpec { status: "draft", ..JobSpec::titled("Draft") }).await;
    app.post_job(&acme, JobSpec { status: "review", ..JobSpec::titled("In review") }).await;
    app.post_job(&acme, JobSpec { age_days: 70, open_days: 60, ..JobSpec::titled("Expired") }).await;

    let results = app.search("").await;
    assert_eq!(results.total, 2);
    assert_eq!(results.jobs.iter().map(|j| j.id).collect::<Vec<_>>(), vec![newer, older]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_by_category_level_and_type() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let backend = app.post_job(&acme, JobSpec::titled("Backend")).await;
    let frontend = app.post_job(&acme, JobSpec { category: Category::Frontend, ..JobSpec::titled("Frontend") }).await;
    let junior = app.post_job(&acme, JobSpec { level: Level::Junior, ..JobSpec::titled("Junior") }).await;
    let contract =
        app.post_job(&acme, JobSpec { job_type: EmploymentType::Contract, ..JobSpec::titled("Contract") }).await;

    assert_eq!(app.search_ids("category=frontend").await, vec![frontend]);
    assert_eq!(app.search_ids("level=junior").await, vec![junior]);
    assert_eq!(app.search_ids("type=contract").await, vec![contract]);
    let mut senior_backend = app.search_ids("category=backend&level=senior&type=full-time").await;
    senior_backend.sort();
    assert_eq!(senior_backend, vec![backend]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_stacks_match_any_of_them() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let go = app.post_job(&acme, JobSpec { stacks: vec![Stack::Go], age_days: 3, ..JobSpec::titled("Go") }).await;
    let rust = app
        .post_job(
            &acme,
            JobSpec { stacks: vec![Stack::Rust, Stack::PostgreSql], age_days: 2, ..JobSpec::titled("Rust") },
        )
        .await;
    app.post_job(&acme, JobSpec { stacks: vec![Stack::Java], ..JobSpec::titled("Java") }).await;

    assert_eq!(app.search_ids("stack=rust").await, vec![rust]);
    assert_eq!(app.search_ids("stack=rust&stack=go").await, vec![rust, go]);
    assert_eq!(app.search_ids("stack=postgresql").await, vec![rust]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn min_salary_compares_in_usd_a_year() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let low = app.post_job(&acme, JobSpec { salary: usd(60_000, 80_000), ..JobSpec::titled("Low") }).await;
    // €60–70 an hour is about $135k–$157k a year.
    let hourly = SalaryRange { min: 60, max: 70, currency: Currency::Eur, period: SalaryPeriod::Hour };
    let eur = app.post_job(&acme, JobSpec { salary: hourly, age_days: 2, ..JobSpec::titled("Hourly") }).await;

    assert_eq!(app.search_ids("min_salary=150000").await, vec![eur]);
    assert_eq!(app.search_ids("min_salary=70k").await.len(), 2);
    assert!(!app.search_ids("min_salary=90000").await.contains(&low));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn region_means_where_the_applicant_lives() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let worldwide = app.post_job(&acme, JobSpec { age_days: 4, ..JobSpec::titled("Anywhere") }).await;
    let europe = app
        .post_job(
            &acme,
            JobSpec { locations: vec![Location::Region(Region::Europe)], age_days: 3, ..JobSpec::titled("Europe") },
        )
        .await;
    let germany = app
        .post_job(
            &acme,
            JobSpec { locations: vec![Location::Country("de")], age_days: 2, ..JobSpec::titled("Germany") },
        )
        .await;
    let americas = app
        .post_job(
            &acme,
            JobSpec { locations: vec![Location::Region(Region::Americas)], age_days: 1, ..JobSpec::titled("Americas") },
        )
        .await;

    assert_eq!(app.search_ids("region=de").await, vec![germany, europe, worldwide]);
    assert_eq!(app.search_ids("region=europe").await, vec![europe, worldwide]);
    assert_eq!(app.search_ids("region=us").await, vec![americas, worldwide]);
    assert_eq!(app.search_ids("region=worldwide").await, vec![worldwide]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_matches_title_company_stack_and_description_ranked() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let ferrous = app.company("Ferrous Systems").await;
    let in_title = app.post_job(&acme, JobSpec { age_days: 5, ..JobSpec::titled("Compiler Engineer") }).await;
    let in_description = app
        .post_job(
            &acme,
            JobSpec {
                description: "You will work on our compiler backend.".into(),
                age_days: 1,
                ..JobSpec::titled("Platform Engineer")
            },
        )
        .await;
    let by_company = app.post_job(&ferrous, JobSpec::titled("Engineer")).await;
    let by_stack = app.post_job(&acme, JobSpec { stacks: vec![Stack::Elixir], ..JobSpec::titled("Engineer") }).await;
    app.post_job(&acme, JobSpec::titled("Designer")).await;

    // A title match outranks a newer description match.
    assert_eq!(app.search_ids("q=compiler").await, vec![in_title, in_description]);
    assert_eq!(app.search_ids("q=ferrous").await, vec![by_company]);
    assert_eq!(app.search_ids("q=elixir").await, vec![by_stack]);
    // Words match by their stem, without regard to case.
    assert_eq!(app.search_ids("q=COMPILERS").await.len(), 2);
    assert_eq!(app.search_ids("q=compiler&sort=newest").await, vec![in_description, in_title]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_combines_with_filters() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let senior = app.post_job(&acme, JobSpec::titled("Rust Engineer")).await;
    app.post_job(&acme, JobSpec { level: Level::Junior, ..JobSpec::titled("Rust Engineer") }).await;
    assert_eq!(app.search_ids("q=rust&level=senior").await, vec![senior]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sorts_by_salary() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let mid = app.post_job(&acme, JobSpec { salary: usd(90_000, 120_000), ..JobSpec::titled("Mid") }).await;
    let top =
        app.post_job(&acme, JobSpec { salary: usd(150_000, 200_000), age_days: 9, ..JobSpec::titled("Top") }).await;
    let low = app.post_job(&acme, JobSpec { salary: usd(50_000, 60_000), ..JobSpec::titled("Low") }).await;
    assert_eq!(app.search_ids("sort=salary").await, vec![top, mid, low]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paginates_twenty_at_a_time() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    for i in 0..45 {
        app.post_job(&acme, JobSpec { age_days: i, ..JobSpec::titled(&format!("Job {i}")) }).await;
    }
    let first = app.search("").await;
    assert_eq!((first.total, first.jobs.len(), first.page_count()), (45, 20, 3));
    let third = app.search("page=3").await;
    assert_eq!(third.jobs.len(), 5);
    assert_eq!(third.jobs.last().map(|j| j.title.as_str()), Some("Job 44"));
    let beyond = app.search("page=9").await;
    assert_eq!((beyond.total, beyond.jobs.len()), (45, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_data_is_rich_enough_to_browse() {
    let app = TestApp::with_demo_data().await;
    let all = app.search("").await;
    assert!(all.total >= 300, "only {} open demo jobs", all.total);
    for category in Category::ALL {
        let results = app.search(&format!("category={}", category.slug())).await;
        assert!(results.total > 0, "no demo jobs in {category}");
    }
    assert!(app.search("region=worldwide").await.total > 0);
    assert!(app.search("region=europe").await.total > app.search("region=worldwide").await.total);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verified_companies_only() {
    let app = TestApp::new().await;
    let verified = app.company("Verified Co").await;
    let unverified = app.company("Unverified Co").await;
    sqlx::query(&format!("UPDATE companies SET verified_at = NULL WHERE id = {}", unverified.id))
        .execute(&app.db.pool)
        .await
        .expect("unverify");
    let kept = app.post_job(&verified, JobSpec::titled("Checked Engineer")).await;
    app.post_job(&unverified, JobSpec::titled("Unchecked Engineer")).await;
    assert_eq!(app.search("").await.total, 2);
    assert_eq!(app.search_ids("verified=1").await, vec![kept]);
    let html = app.page("/jobs?verified=1", 200).await;
    assert!(html.contains("Checked Engineer") && !html.contains("Unchecked Engineer"));
    assert!(html.contains(r#"name="verified" value="1" checked"#) || html.contains("checked"), "the box stays ticked");
    let (_, notes) = farcoder::model::JobFilter::parse("verified=maybe");
    assert_eq!(notes.len(), 1);
}
