//! What a remote developer asks of every posting: the core hours and whether
//! their working day can give them (the `tz` and `overlap` search), how the
//! company would hire them (`hire`, `visa`), and its hiring process: on the
//! job page, the cards, the API, the feeds and the JSON-LD.

use farcoder::model::{CoreHours, HireMode, Hiring, Location, PostingDraft};

use crate::harness::{JobSpec, TestApp};
use crate::moderation::moderator;
use crate::postings::draft;

fn core(start: u8, end: u8, need: u8) -> Option<CoreHours> {
    Some(CoreHours::new(start, end, need).expect("core hours"))
}

fn sorted(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort_unstable();
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_seekers_working_day_keeps_the_postings_whose_core_hours_it_can_give() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let evening = app.post_job(&acme, JobSpec { core_hours: core(14, 18, 3), ..JobSpec::titled("Evening") }).await;
    let morning = app.post_job(&acme, JobSpec { core_hours: core(8, 16, 3), ..JobSpec::titled("Morning") }).await;
    let anytime = app.post_job(&acme, JobSpec::titled("Anytime")).await;
    let long = app.post_job(&acme, JobSpec { core_hours: core(2, 10, 5), ..JobSpec::titled("Long") }).await;

    // India's 09:00–17:00 is 03:30–11:30 UTC.
    let india = "tz=%2B05:30&overlap=4";
    assert_eq!(sorted(app.search_ids(india).await), sorted(vec![morning, anytime]));
    assert_eq!(sorted(app.search_ids("tz=%2B05:30&overlap=6").await), sorted(vec![morning, anytime, long]));
    // Working 18:00–02:00 there is 12:30–20:30 UTC.
    let late = "tz=%2B05:30&hours=18-2&overlap=4";
    assert_eq!(sorted(app.search_ids(late).await), sorted(vec![evening, morning, anytime]));
    // A time zone alone keeps the postings whose core hours lie in the
    // working day, and counts each overlap option.
    let zone_only = app.search("tz=%2B05:30").await;
    let mut kept: Vec<i64> = zone_only.jobs.iter().map(|j| j.id).collect();
    kept.sort_unstable();
    assert_eq!(kept, sorted(vec![morning, anytime, long]), "the evening's hours lie outside India's day");
    assert_eq!(zone_only.facets.count("overlap", "4"), Some(2));
    assert_eq!(zone_only.facets.count("overlap", "6"), Some(3));
    assert_eq!(app.search(india).await.facets.count("overlap", "1"), Some(1), "only the posting without core hours");
    assert_eq!(app.search("").await.facets.count("overlap", "4"), None, "no zone, no count");

    // The API and the filtered feed take the same filter.
    let api: serde_json::Value = app.get(&format!("/api/v1/jobs?{india}")).await.json().await.expect("json");
    let mut listed: Vec<i64> = api["jobs"].as_array().expect("jobs").iter().filter_map(|j| j["id"].as_i64()).collect();
    listed.sort_unstable();
    assert_eq!(listed, sorted(vec![morning, anytime]));
    let morning_json = api["jobs"].as_array().expect("jobs").iter().find(|j| j["id"] == morning).expect("listed");
    assert_eq!(morning_json["core_hours"]["overlap_hours"], 3);
    assert_eq!(morning_json["core_hours"]["text"], "needs 3 h overlap with 08:00–16:00 UTC");
    let feed = app.page(&format!("/jobs/feed.xml?{india}"), 200).await;
    assert!(feed.contains("Morning") && feed.contains("Anytime") && !feed.contains("Evening"), "{feed}");
    assert!(feed.contains("Needs 3 h overlap with 08:00–16:00 UTC"), "the item says it");

    // The page keeps the choice, says what it ignored, and the card says the hours.
    let page = app.page(&format!("/jobs?{india}"), 200).await;
    assert!(page.contains(r#"<option value="+05:30" selected"#), "the zone stays chosen");
    assert!(page.contains("needs 3 h overlap with 08:00–16:00 UTC"));
    let page = app.page("/jobs?overlap=4", 200).await;
    assert!(page.contains("Choose your time zone too"), "an overlap without a zone is explained");
    assert!(!page.contains("tz=+05:30"), "in words, not the address's syntax");
    // The filter in use is a chip that says it in words and removes it.
    let page = app.page(&format!("/jobs?{india}"), 200).await;
    assert!(page.contains("Fits 09:00–17:00 at UTC+05:30, giving at most 4 h"), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hire_and_visa_filters_ask_how_the_company_would_take_you_on() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let employee = Hiring { modes: vec![HireMode::Employee], employee_in: vec![Location::Country("de")], visa: true };
    let german = app.post_job(&acme, JobSpec { hiring: employee, ..JobSpec::titled("German staff") }).await;
    let contractor = Hiring { modes: vec![HireMode::Contractor], ..Hiring::default() };
    let freelance = app.post_job(&acme, JobSpec { hiring: contractor, ..JobSpec::titled("Contractor") }).await;
    let eor = Hiring { modes: vec![HireMode::Eor, HireMode::Contractor], ..Hiring::default() };
    let anywhere = app.post_job(&acme, JobSpec { hiring: eor, ..JobSpec::titled("Through an EOR") }).await;

    assert_eq!(app.search_ids("hire=employee").await, vec![german]);
    assert_eq!(app.search_ids("hire=employee&region=de").await, vec![german]);
    assert_eq!(app.search_ids("hire=employee&region=gb").await, Vec::<i64>::new(), "it employs in Germany only");
    assert_eq!(sorted(app.search_ids("hire=contractor").await), sorted(vec![freelance, anywhere]));
    assert_eq!(app.search_ids("hire=eor").await, vec![anywhere]);
    assert_eq!(app.search_ids("visa=1").await, vec![german]);
    let all = app.search("").await;
    assert_eq!(
        (all.facets.count("hire", "employee"), all.facets.count("hire", "contractor"), all.facets.count("visa", "1")),
        (Some(1), Some(2), Some(1))
    );
    let in_gb = app.search("region=gb").await;
    assert_eq!(in_gb.facets.count("hire", "employee"), Some(0), "the count follows the country too");
    // Asking for employees, each country counts the postings that employ there.
    let employees = app.search("hire=employee").await;
    let region = |c: &str| employees.facets.count("region", c);
    assert_eq!((region("de"), region("gb"), region("europe")), (Some(1), Some(0), Some(1)));
    assert_eq!(app.search("region=de&hire=contractor").await.facets.count("hire", "employee"), Some(1));

    let api: serde_json::Value = app.get(&format!("/api/v1/jobs/{german}")).await.json().await.expect("json");
    assert_eq!(api["hiring"]["modes"], serde_json::json!(["employee"]));
    assert_eq!(api["hiring"]["employee_countries"], serde_json::json!(["de"]));
    assert_eq!(api["hiring"]["visa_sponsorship"], true);
    let page = app.page("/jobs?hire=contractor", 200).await;
    assert!(page.contains("Employer of record") && page.contains("Contractor"), "the cards say how");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_employer_states_the_answers_and_the_job_page_shows_them_beside_the_record() {
    let app = TestApp::new().await;
    let moderator = moderator(&app).await;
    let session = app.sign_up("ada@acme.example", "correct horse battery", "Acme").await;
    let posting = PostingDraft {
        core_start: "14".into(),
        core_end: "18".into(),
        core_need: "3".into(),
        hire_modes: vec!["employee".into(), "contractor".into()],
        employee_in: vec!["de".into(), "nl".into()],
        visa: "1".into(),
        hiring_steps: "Intro call, paid take-home of 3 h, two interviews".into(),
        decision_days: "10".into(),
        ..draft("Pipeline Engineer")
    };
    let (id, path) = crate::hardening::live_posting(&app, &session, &moderator, &posting).await;

    let page = app.page(&path, 200).await;
    for said in [
        "Needs 3 h overlap with 14:00–18:00 UTC",
        "As an employee in Germany or Netherlands, or as a contractor. Sponsors a visa where one is needed.",
        "Intro call, paid take-home of 3 h, two interviews",
        "Usually decides within 10 days.",
        "Not measured yet",
    ] {
        assert!(page.contains(said), "the page says “{said}”");
    }
    let ld_start = page.find("application/ld+json").expect("JSON-LD");
    let ld = &page[ld_start..page[ld_start..].find("</script>").map_or(page.len(), |e| ld_start + e)];
    assert!(ld.contains(r#""employmentType":["FULL_TIME","CONTRACTOR"]"#), "{ld}");
    assert!(ld.contains("eligibilityToWorkRequirement") && ld.contains("Sponsors a visa"), "{ld}");
    assert!(ld.contains("Core hours: needs 3 h overlap"), "{ld}");

    let api: serde_json::Value = app.get(&format!("/api/v1/jobs/{id}")).await.json().await.expect("json");
    assert_eq!(api["hiring_process"]["decision_days"], 10);
    assert_eq!(api["core_hours"]["start_utc"], 14);

    // The edit form gives the answers back as they were stated.
    let response = app.call("posting_draft", &[("id", &id.to_string())], Some(&session)).await;
    let stated: PostingDraft = response.json().await.expect("draft");
    assert_eq!(stated, posting);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unanswered_or_impossible_answers_are_refused_with_their_field() {
    let app = TestApp::new().await;
    let session = app.sign_up("ada@acme.example", "correct horse battery", "Acme").await;
    let bad = PostingDraft {
        hire_modes: vec!["employee".into()],
        employee_in: vec![],
        core_start: "9".into(),
        core_end: "11".into(),
        core_need: "4".into(),
        decision_days: "365".into(),
        ..draft("Pipeline Engineer")
    };
    let form = crate::postings::fields(&bad);
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let response = app.call("create_posting", &pairs, Some(&session)).await;
    assert_eq!(response.status(), 400);
    let error: farcoder::error::AppError = response.json().await.expect("error");
    for field in ["employee_in", "core_need", "decision_days"] {
        assert!(error.for_field(field).is_some(), "{field}: {error:?}");
    }
    let none = PostingDraft { hire_modes: vec![], ..draft("Pipeline Engineer") };
    let form = crate::postings::fields(&none);
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let error: farcoder::error::AppError =
        app.call("create_posting", &pairs, Some(&session)).await.json().await.expect("error");
    assert!(error.for_field("hire_modes").is_some_and(|m| m.contains("employees")), "{error:?}");
}
