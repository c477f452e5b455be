//! Employers' postings: the life cycle from draft to closed, and an
//! authorisation matrix: another company's employer reaches nothing, whatever
//! id they send.

use farcoder::error::AppError;
use farcoder::model::{DAY, PostingDraft};

use crate::harness::TestApp;

const PASSWORD: &str = "correct horse battery";

async fn employer(app: &TestApp, email: &str, company: &str) -> String {
    app.sign_up(email, PASSWORD, company).await
}

pub fn draft(title: &str) -> PostingDraft {
    PostingDraft {
        title: title.to_owned(),
        category: "backend".into(),
        level: "senior".into(),
        job_type: "full-time".into(),
        stacks: vec!["rust".into(), "kafka".into()],
        salary_min: "140000".into(),
        salary_max: "170000".into(),
        currency: "USD".into(),
        period: "year".into(),
        locations: vec!["americas".into(), "gb".into()],
        tz_from: "-06:00".into(),
        tz_to: "+00:00".into(),
        hire_modes: vec!["employee".into(), "contractor".into()],
        employee_in: vec!["us".into(), "gb".into()],
        decision_days: "14".into(),
        description: "Own our event pipeline end to end, from Kafka topics to the dashboards people watch.".into(),
        apply_url: "https://example.com/careers/pipeline".into(),
        ..PostingDraft::default()
    }
}

/// The form fields of a draft, as the page's form names them.
pub fn fields(draft: &PostingDraft) -> Vec<(String, String)> {
    let mut out = vec![
        ("draft[title]", draft.title.clone()),
        ("draft[category]", draft.category.clone()),
        ("draft[level]", draft.level.clone()),
        ("draft[job_type]", draft.job_type.clone()),
        ("draft[salary_min]", draft.salary_min.clone()),
        ("draft[salary_max]", draft.salary_max.clone()),
        ("draft[currency]", draft.currency.clone()),
        ("draft[period]", draft.period.clone()),
        ("draft[tz_from]", draft.tz_from.clone()),
        ("draft[tz_to]", draft.tz_to.clone()),
        ("draft[core_start]", draft.core_start.clone()),
        ("draft[core_end]", draft.core_end.clone()),
        ("draft[core_need]", draft.core_need.clone()),
        ("draft[visa]", draft.visa.clone()),
        ("draft[hiring_steps]", draft.hiring_steps.clone()),
        ("draft[decision_days]", draft.decision_days.clone()),
        ("draft[description]", draft.description.clone()),
        ("draft[apply_url]", draft.apply_url.clone()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect::<Vec<_>>();
    if !draft.import.is_empty() {
        out.push(("draft[import]".to_owned(), draft.import.clone()));
    }
    out.extend(draft.stacks.iter().map(|s| ("draft[stacks][]".to_owned(), s.clone())));
    out.extend(draft.locations.iter().map(|l| ("draft[locations][]".to_owned(), l.clone())));
    out.extend(draft.hire_modes.iter().map(|h| ("draft[hire_modes][]".to_owned(), h.clone())));
    out.extend(draft.employee_in.iter().map(|c| ("draft[employee_in][]".to_owned(), c.clone())));
    out
}

async fn call(app: &TestApp, function: &str, form: &[(String, String)], session: &str) -> reqwest::Response {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.call(function, &pairs, Some(session)).await
}

async fn create(app: &TestApp, session: &str, draft: &PostingDraft) -> i64 {
    let response = call(app, "create_posting", &fields(draft), session).await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("the new id")
}

async fn act(app: &TestApp, function: &str, id: i64, session: &str) -> reqwest::Response {
    app.call(function, &[("id", &id.to_string())], Some(session)).await
}

async fn error_of(response: reqwest::Response) -> (u16, AppError) {
    let status = response.status().as_u16();
    (status, response.json().await.expect("an AppError"))
}

async fn public_titles(app: &TestApp) -> Vec<String> {
    app.search("").await.jobs.into_iter().map(|j| j.title).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_posting_goes_from_draft_to_review() {
    let app = TestApp::new().await;
    let session = employer(&app, "ada@example.com", "Acme").await;
    let id = create(&app, &session, &draft("Pipeline Engineer")).await;
    assert!(public_titles(&app).await.is_empty(), "a draft is not public");
    let html = app.get_as("/dashboard", &session).await.text().await.expect("body");
    assert!(html.contains("Pipeline Engineer") && html.contains("draft"));

    let response = act(&app, "submit_posting", id, &session).await;
    assert_eq!(response.json::<String>().await.expect("status"), "review");
    assert!(public_titles(&app).await.is_empty(), "in review is not public");
    let (status, _) = error_of(act(&app, "submit_posting", id, &session).await).await;
    assert_eq!(status, 400, "only a draft can be submitted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_draft_opens_as_its_preview_with_the_button_that_submits_it() {
    let app = TestApp::new().await;
    let session = employer(&app, "ada@example.com", "Acme").await;
    let form = fields(&draft("Pipeline Engineer"));
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let saved = app.submit_form_as("create_posting", "/dashboard/jobs/new", &pairs, Some(&session)).await;
    assert!(saved.status().is_redirection());
    let next = saved.headers()["location"].to_str().expect("location").to_owned();
    let id: i64 = next
        .strip_prefix("/dashboard/jobs/")
        .and_then(|rest| rest.strip_suffix("/preview?saved=1"))
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("the draft's preview, not {next}"));
    let page = app.get_as(&next, &session).await.text().await.expect("body");
    assert!(page.contains("Draft saved.") && page.contains("Nobody else sees it"), "saving says so");
    assert!(page.contains("A moderator checks every posting before it goes live"), "and what comes next");
    assert!(page.contains(">Submit for review</button>") && page.contains("Pipeline Engineer"));

    let submitted = app.submit_form_as("submit_posting", &next, &[("id", &id.to_string())], Some(&session)).await;
    assert!(submitted.status().is_redirection());
    let page = app.get_as(&next, &session).await.text().await.expect("body");
    assert!(page.contains("Submitted: it waits for a moderator."), "the same page says where it stands");
    assert!(!page.contains(">Submit for review</button>"));

    let other = employer(&app, "eve@example.com", "Evil").await;
    assert_eq!(app.call("posting_preview", &[("id", &id.to_string())], Some(&other)).await.status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_an_employer_types_is_kept_until_saved_and_offered_back() {
    let app = TestApp::new().await;
    let session = employer(&app, "ada@example.com", "Acme").await;
    // A long description as it is being typed, not yet valid as a whole.
    let mut typing = draft("Pipeline Engineer");
    typing.description = "Own the pipeline. ".repeat(300);
    typing.salary_max = "1".into();
    let mut form = fields(&typing);
    form.push(("posting".into(), "0".into()));
    assert_eq!(call(&app, "keep_typed_posting", &form, &session).await.status(), 200);

    // The tab closed: opening the form again offers it back, and brings it back.
    let page = app.get_as("/dashboard/jobs/new", &session).await.text().await.expect("page");
    assert!(page.contains("did not save it") && page.contains(r#"href="?restore=1""#), "offered");
    assert!(!page.contains("Own the pipeline."), "but not put in the form unasked");
    let page = app.get_as("/dashboard/jobs/new?restore=1", &session).await.text().await.expect("page");
    assert!(page.contains(&"Own the pipeline. ".repeat(300).trim_end().to_owned()), "every character back");
    assert!(page.contains(r#"value="Pipeline Engineer""#) && page.contains("It is not saved yet"));

    // Nobody else reads it, and nobody keeps text in another company's posting.
    let eve = employer(&app, "eve@example.com", "Evil").await;
    let theirs: Option<farcoder::model::TypedDraft> =
        app.call("typed_posting", &[("posting", "0")], Some(&eve)).await.json().await.expect("none");
    assert_eq!(theirs, None);
    let id = create(&app, &session, &draft("Pipeline Engineer")).await;
    let mut form = fields(&typing);
    form.push(("posting".into(), id.to_string()));
    assert_eq!(call(&app, "keep_typed_posting", &form, &eve).await.status(), 404);
    assert_eq!(app.call("typed_posting", &[("posting", &id.to_string())], Some(&eve)).await.status(), 404);

    // Saving forgets the copy of a new posting; throwing a copy away does too.
    let kept: Option<farcoder::model::TypedDraft> =
        app.call("typed_posting", &[("posting", "0")], Some(&session)).await.json().await.expect("kept");
    assert!(kept.is_none(), "the new posting was saved");
    assert_eq!(call(&app, "keep_typed_posting", &form, &session).await.status(), 200);
    let edit = app.get_as(&format!("/dashboard/jobs/{id}/edit"), &session).await.text().await.expect("page");
    assert!(edit.contains("did not save it"));
    let discarded = app.call("discard_typed_posting", &[("posting", &id.to_string())], Some(&session)).await;
    assert_eq!(discarded.status(), 200);
    let edit = app.get_as(&format!("/dashboard/jobs/{id}/edit"), &session).await.text().await.expect("page");
    assert!(!edit.contains("did not save it"), "thrown away");
    assert_eq!(app.count("typed_postings", "1 = 1").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_posting_that_says_two_things_about_where_people_work_is_refused() {
    let app = TestApp::new().await;
    let session = employer(&app, "ada@example.com", "Acme").await;
    // Open to the world, hiring only employees in the UK, with no visa.
    let contradiction = PostingDraft {
        locations: vec!["worldwide".into()],
        hire_modes: vec!["employee".into()],
        employee_in: vec!["gb".into()],
        ..draft("Pipeline Engineer")
    };
    let (status, error) = error_of(call(&app, "create_posting", &fields(&contradiction), &session).await).await;
    assert_eq!(status, 400);
    let why = error.for_field("employee_in").expect("said by the hiring field");
    assert!(why.starts_with("People in Worldwide could not be hired"), "{why}");
    // Without JavaScript the form comes back with the message and all it had.
    let form = fields(&contradiction);
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let page = app.refused_form_page("create_posting", "/dashboard/jobs/new", &pairs, Some(&session)).await;
    assert!(page.contains("could not be hired") && page.contains(r#"value="Pipeline Engineer""#));
    assert!(public_titles(&app).await.is_empty() && app.count("jobs", "1 = 1").await == 0, "nothing stored");
    // Said coherently (contractors elsewhere), it is saved.
    let coherent = PostingDraft { hire_modes: vec!["employee".into(), "contractor".into()], ..contradiction };
    create(&app, &session, &coherent).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_is_asked_to_sign_in_before_the_posting_form() {
    let app = TestApp::new().await;
    let response = app.get("/dashboard/jobs/new").await;
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], "/login?next=/dashboard/jobs/new");
    let session = employer(&app, "ada@example.com", "Acme").await;
    let page = app.get_as("/dashboard/jobs/new", &session).await.text().await.expect("body");
    assert!(page.contains(r#"name="draft[title]""#) && page.contains("Only your team sees a draft."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_auto_approval_a_submitted_posting_is_published_then_closed() {
    let app = TestApp::with_config(|c| c.auto_approve = true).await;
    let session = employer(&app, "ada@example.com", "Acme").await;
    app.verify("Acme").await;
    let id = create(&app, &session, &draft("Pipeline Engineer")).await;
    let response = act(&app, "submit_posting", id, &session).await;
    assert_eq!(response.json::<String>().await.expect("status"), "published");
    assert_eq!(public_titles(&app).await, vec!["Pipeline Engineer"]);
    let job = app.search("").await.jobs.remove(0);
    assert_eq!(job.salary.display(), "$140k – $170k a year");
    app.page(&job.path(), 200).await;

    assert_eq!(act(&app, "close_posting", id, &session).await.status(), 200);
    assert!(public_titles(&app).await.is_empty());
    app.page(&job.path(), 410).await;
    let (status, _) = error_of(act(&app, "renew_posting", id, &session).await).await;
    assert_eq!(status, 400, "a closed job is not renewed");
    let (status, _) = error_of(
        call(
            &app,
            "update_posting",
            &[vec![("id".into(), id.to_string())], fields(&draft("Again"))].concat(),
            &session,
        )
        .await,
    )
    .await;
    assert_eq!(status, 400, "a closed job is not edited");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_posting_is_renewed_and_a_posting_duplicated() {
    let app = TestApp::with_config(|c| c.auto_approve = true).await;
    let session = employer(&app, "ada@example.com", "Acme").await;
    app.verify("Acme").await;
    let id = create(&app, &session, &draft("Pipeline Engineer")).await;
    act(&app, "submit_posting", id, &session).await;
    let now = farcoder::server::now();
    app.republish(id, farcoder::model::PostingStatus::Published, now - 40 * DAY, now - DAY).await;
    assert!(public_titles(&app).await.is_empty(), "expired");

    assert_eq!(act(&app, "renew_posting", id, &session).await.status(), 200);
    assert_eq!(public_titles(&app).await, vec!["Pipeline Engineer"]);

    let copy: i64 = act(&app, "duplicate_posting", id, &session).await.json().await.expect("id");
    assert_ne!(copy, id);
    let response = act(&app, "posting_draft", copy, &session).await;
    let copied: PostingDraft = response.json().await.expect("draft");
    assert_eq!(copied, PostingDraft { salary_min: "140000".into(), ..draft("Pipeline Engineer") });
    assert_eq!(public_titles(&app).await.len(), 1, "the copy is a draft");
}

/// A verified company's live "Pipeline Engineer" posting, and a moderator:
/// the app, the moderator's session, the employer's and the posting's id.
async fn live_pipeline_posting() -> (TestApp, String, String, i64) {
    let app = TestApp::with_config(|c| c.auto_approve = true).await;
    let moderator = crate::moderation::moderator(&app).await;
    let session = employer(&app, "ada@example.com", "Acme").await;
    app.verify("Acme").await;
    let id = create(&app, &session, &draft("Pipeline Engineer")).await;
    act(&app, "submit_posting", id, &session).await;
    (app, moderator, session, id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_approved_edit_changes_what_the_board_shows_and_searches() {
    let (app, moderator, session, id) = live_pipeline_posting().await;
    let changed = PostingDraft { title: "Streaming Platform Engineer".into(), stacks: vec!["go".into()], ..draft("") };
    let form = [vec![("id".into(), id.to_string())], fields(&changed)].concat();
    assert_eq!(call(&app, "update_posting", &form, &session).await.status(), 200);
    assert!(app.search_ids("q=streaming").await.is_empty(), "even auto-approval does not skip an edit's review");
    let queue: farcoder::model::ReviewQueue =
        app.call("review_queue", &[], Some(&moderator)).await.json().await.expect("queue");
    let revision = queue.revisions[0].id.to_string();
    let decided = app
        .call("moderate_edit", &[("id", &revision), ("decision", "approve"), ("reason", "")], Some(&moderator))
        .await;
    assert_eq!(decided.status(), 200);
    assert_eq!(app.search_ids("q=streaming").await, vec![id]);
    assert!(app.search_ids("q=pipeline&stack=rust").await.is_empty(), "old words and stacks are gone from the index");
    assert_eq!(app.search_ids("stack=go").await, vec![id]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edits_flags_that_do_not_read_back_are_checked_again_not_dropped() {
    let (app, moderator, session, id) = live_pipeline_posting().await;
    let changed = PostingDraft {
        description: format!("{} Candidates pay a small application fee first.", draft("").description),
        ..draft("Pipeline Engineer")
    };
    let form = [vec![("id".into(), id.to_string())], fields(&changed)].concat();
    assert_eq!(call(&app, "update_posting", &form, &session).await.status(), 200);
    // A kind this version does not know sits beside the one it raised, as
    // when a newer server stored it.
    sqlx::query(r#"UPDATE job_revisions SET flags = '[["scam","Asks for money."],["phishing","Unknown here."]]'"#)
        .execute(&app.db.pool)
        .await
        .expect("store an unknown kind");
    let queue: farcoder::model::ReviewQueue =
        app.call("review_queue", &[], Some(&moderator)).await.json().await.expect("queue");
    let flags = &queue.revisions[0].flags;
    assert!(
        flags.iter().any(|f| f.kind == farcoder::model::FlagKind::Scam && f.reason.contains("application fee")),
        "the edit was checked again: {flags:?}"
    );
    let revision = queue.revisions[0].id.to_string();
    let decided = app
        .call("moderate_edit", &[("id", &revision), ("decision", "approve"), ("reason", "")], Some(&moderator))
        .await;
    assert_eq!(decided.status(), 200);
    let posting_flags = farcoder::server::repo::flags::of_jobs(&app.db, &[id]).await.expect("flags");
    assert!(
        posting_flags.iter().any(|f| f.kind == farcoder::model::FlagKind::Scam),
        "approved with its flags: {posting_flags:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_postings_are_refused_field_by_field() {
    let app = TestApp::new().await;
    let session = employer(&app, "ada@example.com", "Acme").await;
    let bad = PostingDraft {
        salary_min: String::new(),
        apply_url: "javascript:alert(1)".into(),
        stacks: vec![],
        ..draft("Eng")
    };
    let (status, error) = error_of(call(&app, "create_posting", &fields(&bad), &session).await).await;
    assert_eq!(status, 400);
    for field in ["title", "stacks", "salary_min", "apply_url"] {
        assert!(error.for_field(field).is_some(), "{field}: {error:?}");
    }
    assert!(error.for_field("salary_min").is_some_and(|m| m.contains("salary range is required")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_plain_form_comes_back_filled_in() {
    let app = TestApp::new().await;
    let session = employer(&app, "ada@example.com", "Acme").await;
    // A real posting's length: what was typed never rides in the URL.
    let long = format!("Own our event pipeline end to end. {}", "We ship small changes every day. ".repeat(150));
    let typed = PostingDraft { salary_max: "90000".into(), description: long.clone(), ..draft("Pipeline Engineer") };
    let html = refused_and_back(&app, &session, "create_posting", "/dashboard/jobs/new", &typed, None).await;
    assert!(html.contains("The maximum must be at least the minimum."));
    assert!(html.contains(r#"value="Pipeline Engineer""#), "the title is kept");
    assert!(html.contains(r#"value="90000""#), "the refused value is kept to be fixed");
    assert!(html.contains(&long), "the whole description is kept");
    assert!(
        html.contains(r#"value="kafka" checked"#) || html.contains(r#"checked value="kafka""#),
        "ticked stacks stay ticked"
    );
    assert_eq!(app.count("jobs", "1 = 1").await, 0, "nothing was stored");
    assert!(app.search("").await.jobs.is_empty());
    assert_eq!(app.count("outbox", "1 = 1").await, 1, "nor sent: the sign-up's confirmation is the only e-mail");

    // An edit refused comes back to its own form, with the edit, not the saved version.
    let id = create(&app, &session, &draft("Pipeline Engineer")).await;
    let edited = PostingDraft { title: "x".into(), description: long.clone(), ..draft("Pipeline Engineer") };
    let page = format!("/dashboard/jobs/{id}/edit");
    let html = refused_and_back(&app, &session, "update_posting", &page, &edited, Some(id)).await;
    assert!(html.contains(&long) && html.contains(r#"value="x""#), "the edit is kept");
    // Another posting's form shows its own saved version.
    let other = create(&app, &session, &draft("Data Engineer")).await;
    let html = app.get_as(&format!("/dashboard/jobs/{other}/edit"), &session).await.text().await.expect("body");
    assert!(html.contains(r#"value="Data Engineer""#) && !html.contains(&long), "nothing of another form");
}

/// Posts `typed` as a browser without JavaScript does from `page`, expects it
/// refused, and opens where it leads with the cookies it set: that page's text.
async fn refused_and_back(
    app: &TestApp,
    session: &str,
    function: &str,
    page: &str,
    typed: &PostingDraft,
    id: Option<i64>,
) -> String {
    let mut form = fields(typed);
    if let Some(id) = id {
        form.push(("id".into(), id.to_string()));
    }
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.refused_form_page(function, page, &pairs, Some(session)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_out_callers_reach_no_posting_endpoint() {
    let app = TestApp::new().await;
    let session = employer(&app, "ada@example.com", "Acme").await;
    let id = create(&app, &session, &draft("Pipeline Engineer")).await;
    for function in
        ["submit_posting", "close_posting", "confirm_open", "renew_posting", "duplicate_posting", "posting_draft"]
    {
        let response = app.call(function, &[("id", &id.to_string())], None).await;
        assert_eq!(response.status(), 401, "{function}");
    }
    let pairs = fields(&draft("Sneaky"));
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(app.call("create_posting", &pairs, None).await.status(), 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_employer_cannot_touch_another_companys_postings() {
    let app = TestApp::with_config(|c| c.auto_approve = true).await;
    let alice = employer(&app, "alice@example.com", "Alpha").await;
    app.verify("Alpha").await;
    let bob = employer(&app, "bob@example.com", "Bravo").await;
    let draft_id = create(&app, &alice, &draft("Alpha Draft")).await;
    let live_id = create(&app, &alice, &draft("Alpha Live")).await;
    act(&app, "submit_posting", live_id, &alice).await;

    for id in [draft_id, live_id] {
        for function in [
            "submit_posting",
            "close_posting",
            "confirm_open",
            "renew_posting",
            "duplicate_posting",
            "posting_draft",
            "posting_preview",
        ] {
            let (status, error) = error_of(act(&app, function, id, &bob).await).await;
            assert_eq!((status, error), (404, AppError::NotFound), "{function} on {id}");
        }
        let form = [vec![("id".into(), id.to_string())], fields(&draft("Bravo Was Here"))].concat();
        assert_eq!(call(&app, "update_posting", &form, &bob).await.status(), 404);
    }
    let bob_dashboard = app.get_as("/dashboard", &bob).await.text().await.expect("body");
    assert!(!bob_dashboard.contains("Alpha Draft") && !bob_dashboard.contains("Alpha Live"));
    let alice_dashboard = app.get_as("/dashboard", &alice).await.text().await.expect("body");
    assert!(alice_dashboard.contains("Alpha Draft") && alice_dashboard.contains("Alpha Live"));
    assert_eq!(public_titles(&app).await, vec!["Alpha Live"], "nothing changed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_posting_is_previewed_as_its_job_page_will_show_it() {
    let app = TestApp::new().await;
    let session = employer(&app, "ada@example.com", "Acme").await;
    let mut typed = draft("Pipeline Engineer");
    typed.description =
        "Own our **event pipeline** end to end.<script>alert(1)</script> Kafka, Rust and the dashboards.".into();
    let response = call(&app, "preview_posting", &fields(&typed), &session).await;
    assert_eq!(response.status(), 200);
    let job: farcoder::model::JobDetail = response.json().await.expect("a job");
    assert_eq!((job.card.title.as_str(), job.card.company_name.as_str()), ("Pipeline Engineer", "Acme"));
    assert_eq!(job.card.salary.display(), "$140k – $170k a year");
    assert!(job.description_html.contains("<strong>event pipeline</strong>"));
    assert!(!job.description_html.contains("<script"), "sanitised like the job page");
    assert!(app.search("").await.jobs.is_empty(), "a preview stores nothing");

    let (status, error) = error_of(call(&app, "preview_posting", &fields(&draft("")), &session).await).await;
    assert_eq!(status, 400);
    assert!(error.for_field("title").is_some());
    assert_eq!(app.call("preview_posting", &[("draft[title]", "x")], None).await.status(), 401);

    let id = create(&app, &session, &typed).await;
    let html = app.get_as(&format!("/dashboard/jobs/{id}/preview"), &session).await.text().await.expect("body");
    assert!(html.contains("Pipeline Engineer") && html.contains("$140k – $170k a year"));
    assert!(html.contains("class=\"job-summary\""), "drawn by the job page's own component");
    let bob = employer(&app, "bob@example.com", "Bravo").await;
    assert_eq!(app.get_as(&format!("/dashboard/jobs/{id}/preview"), &bob).await.status(), 404);
}
