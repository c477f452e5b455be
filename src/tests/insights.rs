//! Landing pages and salary insights, on known data.

use farcoder::model::{Category, Currency, Level, Quartiles, SalaryPage, SalaryPeriod, SalaryRange, Stack};

use crate::harness::{JobSpec, TestApp, usd};

/// Five senior backend Rust postings paying (midpoints) 100k … 140k, one
/// junior frontend posting paid by the hour in euros, one closed posting.
async fn known_postings(app: &TestApp) {
    let acme = app.company("Acme").await;
    for (i, mid) in [100_000, 110_000, 120_000, 130_000, 140_000].into_iter().enumerate() {
        let spec = JobSpec {
            category: Category::Backend,
            level: Level::Senior,
            stacks: vec![Stack::Rust],
            salary: usd(mid - 10_000, mid + 10_000),
            ..JobSpec::titled(&format!("Backend Engineer {i}"))
        };
        app.post_job(&acme, spec).await;
    }
    let hourly = SalaryRange { min: 50, max: 50, currency: Currency::Eur, period: SalaryPeriod::Hour };
    let frontend = JobSpec {
        category: Category::Frontend,
        level: Level::Junior,
        stacks: vec![Stack::TypeScript],
        salary: hourly,
        ..JobSpec::titled("Frontend Developer")
    };
    app.post_job(&acme, frontend).await;
    let closed = JobSpec { status: "closed", salary: usd(900_000, 900_000), ..JobSpec::titled("Closed Backend") };
    app.post_job(&acme, closed).await;
}

async fn salaries(app: &TestApp, category: Option<&str>) -> SalaryPage {
    let form: Vec<(&str, &str)> = category.map(|c| ("category", c)).into_iter().collect();
    let response = app.read("salaries", &form).await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("salary page")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn salary_quartiles_are_computed_from_live_postings() {
    let app = TestApp::new().await;
    known_postings(&app).await;
    let backend = salaries(&app, Some("backend")).await;
    let expected = Some(Quartiles { p25: 110_000, median: 120_000, p75: 130_000 });
    assert_eq!((backend.overall.postings, backend.overall.quartiles), (5, expected), "the closed posting is left out");
    let senior = backend.by_level.iter().find(|(l, _)| *l == Level::Senior).expect("senior").1;
    assert_eq!(senior.quartiles, expected);
    let rust = backend.by_stack.iter().find(|(s, _)| *s == Stack::Rust).expect("rust").1;
    assert_eq!(rust.postings, 5);

    let all = salaries(&app, None).await;
    assert_eq!(all.overall.postings, 6);
    let frontend = all.matrix.iter().find(|(c, _, _)| *c == Category::Frontend).expect("frontend");
    assert_eq!((frontend.1.postings, frontend.1.quartiles), (1, None), "no figure below five postings");
    // With the euro hourly posting at 50 × 1.08 × 2,080 = $112,320 a year:
    // 100k, 110k, 112.32k, 120k, 130k, 140k.
    assert_eq!(all.overall.quartiles, Some(Quartiles { p25: 110_580, median: 116_160, p75: 127_500 }));

    let html = app.page("/salaries/backend", 200).await;
    assert!(html.contains("$120k") && html.contains("$110k") && html.contains("$130k"));
    assert!(html.contains("fixed reference rates"), "the rule is on the page");
    assert!(html.contains("<svg class=\"salary-chart\"") || html.contains("class=\"salary-chart\""));
    assert!(html.contains("Senior: median $120k"), "the chart's text alternative");
    let overview = app.page("/salaries", 200).await;
    assert!(overview.contains("href=\"/salaries/backend\""));
    app.page("/salaries/astronaut", 404).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn landing_pages_preset_the_search_and_unknown_ones_are_404() {
    let app = TestApp::new().await;
    known_postings(&app).await;
    let html = app.page("/remote-backend-developer-jobs", 200).await;
    assert!(html.contains("<title>Remote backend developer jobs"), "its own title");
    assert!(html.contains(r#"rel="canonical""#) && html.contains("/remote-backend-developer-jobs\""));
    assert!(html.contains("Remote teams tend to write things down") || html.contains("Backend developers build"));
    assert_eq!(html.matches("<article class=\"job-card").count(), 5, "the live backend jobs only");
    assert!(html.contains("Median") && html.contains("$120k"), "the salary box");

    let rust = app.page("/remote-rust-jobs", 200).await;
    assert_eq!(rust.matches("<article class=\"job-card").count(), 5);
    let typescript = app.page("/remote-typescript-jobs", 200).await;
    assert!(typescript.contains("Frontend Developer") && typescript.contains("no figure yet"));

    for path in ["/remote-cobol-jobs", "/remote-jobs", "/nonsense", "/remote-backend-jobs"] {
        app.page(path, 404).await;
    }
    app.page("/jobs", 200).await;
    app.page("/signup", 200).await;
}
