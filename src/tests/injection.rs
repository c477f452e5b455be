//! No text from a request or a user becomes markup: markup-bearing strings
//! go through every field a visitor or an employer controls, and every page
//! kind that shows them comes back with one `<title>`, no script but ours,
//! no element of theirs, and a policy that no content can change.

use farcoder::model::Time;
use farcoder::server::now;
use farcoder::server::repo::guides::{GuideListing, GuideRow};

use crate::harness::{JobSpec, TestApp};

/// Ends the title, a script with a made-up nonce, an attribute and a tag,
/// a template, direction and zero-width characters.
const MARKUP: &str =
    "</title><script nonce=\"x\">alert(1)</script>\"><img src=x onerror=alert(2)></script>{{7*7}}\u{202e}\u{200b}";

/// Ends a text area, then as `MARKUP`.
const FIELD_MARKUP: &str = "</textarea><script nonce=\"x\">alert(1)</script>\"><img src=x onerror=alert(2)>";

fn encoded(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// `response`, a page, is inert: its markup is all ours.
async fn assert_inert(what: &str, response: reqwest::Response) -> String {
    let policy = response.headers().get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or("");
    // Pages run the loader by its digest; the widget runs nothing at all.
    let runs_ours_only = policy.contains("script-src 'self' 'sha256-") || policy.starts_with("default-src 'none'");
    assert!(runs_ours_only && !policy.contains("nonce") && !policy.contains("unsafe-inline"), "{what}: {policy}");
    let page = response.text().await.expect("body");
    let head = &page[..page.find("</head>").unwrap_or(page.len())];
    assert_eq!(head.matches("<title").count(), 1, "{what}: one title in {head}");
    // Charts carry titles of their own; every title that opens, closes.
    assert_eq!(page.matches("<title").count(), page.matches("</title>").count(), "{what}: a title ends early");
    for raw in ["<img src=x", "<script nonce", "alert(1)</script>", "\"><img", "</textarea><script"] {
        if let Some(at) = page.find(raw) {
            let around: String = page[at.saturating_sub(300)..].chars().take(600).collect();
            panic!("{what}: {raw} in …{around}…");
        }
    }
    for tag in page.split("<script").skip(1) {
        let open = &tag[..tag.find('>').expect("a script tag's end")];
        assert!(matches!(open, " type=\"module\"" | " type=\"application/ld+json\""), "{what}: <script{open}>");
        let text = &tag[open.len() + 1..tag.find("</script>").expect("a script's end")];
        assert!(!text.contains('<'), "{what}: markup inside a script: {text}");
    }
    page
}

async fn page_is_inert(app: &TestApp, path: &str) -> String {
    assert_inert(path, app.get(path).await).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_words_and_every_filter_stay_text() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    app.post_job(&acme, JobSpec::titled("Rust Engineer")).await;
    let p = encoded(MARKUP);
    let page = page_is_inert(&app, &format!("/jobs?q={p}")).await;
    assert!(page.contains("&lt;/title&gt;"), "the words are shown, as text");
    for filter in [
        "category",
        "stack",
        "level",
        "min_salary",
        "region",
        "type",
        "sort",
        "page",
        "tz",
        "hours",
        "overlap",
        "hire",
        "visa",
        "confirmed",
        "verified",
    ] {
        page_is_inert(&app, &format!("/jobs?{filter}={p}&q={p}")).await;
    }
    page_is_inert(&app, &format!("/remote-backend-developer-jobs?q={p}")).await;
    let feed = app.page(&format!("/jobs/feed.xml?q={p}"), 200).await;
    roxmltree::Document::parse(&feed).expect("the filtered feed stays XML");
    let api = app.get(&format!("/api/v1/jobs?q={p}")).await;
    assert!(api.json::<serde_json::Value>().await.is_ok(), "the API stays JSON");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn company_and_posting_text_stays_text_on_every_page_that_shows_it() {
    let app = TestApp::new().await;
    let company = app.company(MARKUP).await;
    sqlx::query("UPDATE companies SET about = $1").bind(MARKUP).execute(&app.db.pool).await.expect("about");
    let description =
        format!("{MARKUP}\n\n<script>alert(3)</script> [x](javascript:alert(4)) <a href=\"x\" onclick=\"y\">z</a>");
    let id =
        app.post_job(&company, JobSpec { description, ..JobSpec::titled(&format!("Rust {MARKUP} Engineer")) }).await;
    let job = app.search("").await.jobs.into_iter().find(|j| j.id == id).expect("listed");
    let company_slug = farcoder::model::slugify(MARKUP);
    for path in [
        "/".to_owned(),
        "/jobs".to_owned(),
        format!("/jobs/{}", job.slug),
        format!("/companies/{company_slug}"),
        format!("/companies/{company_slug}/embed"),
        "/remote-backend-developer-jobs".to_owned(),
        "/remote-go-jobs".to_owned(),
        "/salaries/backend".to_owned(),
    ] {
        let page = page_is_inert(&app, &path).await;
        for raw in ["<script>alert(3)", "href=\"javascript:", " onclick="] {
            assert!(!page.contains(raw), "{path}: {raw}");
        }
    }
    let feed = app.page("/feed.xml", 200).await;
    roxmltree::Document::parse(&feed).expect("the feed stays XML");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_guides_title_summary_and_body_stay_text() {
    let app = TestApp::new().await;
    let at = Time::from_unix(now().unix() - 86_400);
    let guide = GuideRow {
        listing: GuideListing {
            slug: "markup".into(),
            title: MARKUP.into(),
            summary: MARKUP.into(),
            author: MARKUP.into(),
            category: Some("backend".into()),
            published_at: at,
            updated_at: at,
        },
        body: format!("# {MARKUP}\n\n{MARKUP}\n\n<script>alert(3)</script>"),
        faq: serde_json::json!([[MARKUP, MARKUP]]).to_string(),
    };
    farcoder::server::repo::guides::insert_if_missing(&app.db, &guide).await.expect("guide");
    for path in ["/guides/markup", "/guides", "/"] {
        let page = page_is_inert(&app, path).await;
        assert!(!page.contains("<script>alert(3)"), "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_applicants_name_and_note_stay_text_for_the_employer() {
    let app = TestApp::with_config(|c| c.auto_approve = true).await;
    let (session, job, slug) = crate::applications::employer_with_job(&app, "ada@acme.example", "Acme").await;
    let mut fields = crate::applications::fields("grace@example.com");
    for (name, value) in &mut fields {
        if matches!(*name, "name" | "cover_note") {
            *value = MARKUP.to_owned();
        }
    }
    crate::applications::apply(&app, &slug, &fields, Some(("cv.pdf", crate::applications::PDF.to_vec()))).await;
    let list =
        assert_inert("applicants", app.get_as(&format!("/dashboard/jobs/{job}/applications"), &session).await).await;
    assert!(list.contains("&lt;/title&gt;"), "the name is listed, as text");
    let id: i64 = sqlx::query_scalar("SELECT id FROM applications").fetch_one(&app.db.pool).await.expect("id");
    assert_inert("applicant", app.get_as(&format!("/dashboard/applications/{id}"), &session).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_alerts_words_and_a_saved_list_link_stay_text() {
    let app = TestApp::new().await;
    let query = format!("q={}", encoded(MARKUP));
    let form = [("email", "ada@example.com"), ("query", query.as_str()), ("frequency", "daily"), ("back", "/jobs")];
    assert_eq!(app.call("subscribe_alert", &form, None).await.status(), 200);
    let mail = app.mail_containing("ada@example.com", "/alerts/confirm?").await.expect("confirmation");
    let link = crate::harness::link_in(&mail, &format!("{}/alerts/confirm?", app.url));
    let path = link.trim_start_matches(&app.url).to_owned();
    page_is_inert(&app, &path).await;
    let (status, page) = app.press_link(&path).await;
    assert_eq!(status, 200, "{page}");
    assert!(!page.contains("<img src=x") && page.matches("</title>").count() == 1, "{page}");
    let p = encoded(MARKUP);
    page_is_inert(&app, &format!("/saved?list={p}&sig={p}")).await;
    page_is_inert(&app, &format!("/alerts/unsubscribe?alert=1&key={p}")).await;
    page_is_inert(&app, &format!("/still-hiring?job={p}&at={p}&sig={p}&answer={p}")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_that_names_a_nonce_changes_no_policy() {
    let app = TestApp::new().await;
    let plain = app.get("/jobs").await.headers()["content-security-policy"].to_str().expect("policy").to_owned();
    let path = format!("/jobs?q={}", encoded("<script nonce=\"abc\">x()</script> nonce=\"abc\""));
    let response = app.get(&path).await;
    assert_eq!(response.headers()["content-security-policy"], plain.as_str(), "the policy is the same for every page");
    assert!(!plain.contains("nonce"), "{plain}");
    // The policy names the digest of the one inline script the page has.
    let page = response.text().await.expect("body");
    let start = page.find("<script type=\"module\">").expect("the loader") + "<script type=\"module\">".len();
    let script = &page[start..start + page[start..].find("</script>").expect("its end")];
    use sha2::Digest as _;
    let digest = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, sha2::Sha256::digest(script));
    assert!(plain.contains(&format!("'sha256-{digest}'")), "{plain}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_quotes_no_strangers_words_and_escapes_a_postings() {
    use crate::alerts::{a_day_passes, build, confirmation, confirmed_ago, fresh, subscribe};
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    // Whoever typed the address may not own it: the confirmation quotes none of their words.
    let query = format!("q=rust+{}", encoded("Click evil.example to claim"));
    assert_eq!(subscribe(&app, "ada@example.com", &query, "daily").await.status(), 200);
    let mail = app.mail_containing("ada@example.com", "Confirm the alert here").await.expect("confirmation");
    assert!(!mail.contains("evil.example") && !mail.contains("claim"), "{mail}");
    app.press_link(&confirmation(&app, "ada@example.com").await).await;
    let query = format!("q=rust+{}", encoded("Click evil.example to claim"));
    assert_eq!(subscribe(&app, "ada@example.com", &query, "daily").await.status(), 200);
    let again = app.mail_containing("ada@example.com", "asked again").await.expect("the second answer");
    assert!(!again.contains("evil.example"), "{again}");

    // A digest's HTML part shows a posting's words as text.
    sqlx::query("DELETE FROM alerts").execute(&app.db.pool).await.expect("clear");
    assert_eq!(subscribe(&app, "bo@example.com", "q=rust", "daily").await.status(), 200);
    app.press_link(&confirmation(&app, "bo@example.com").await).await;
    confirmed_ago(&app, 60).await;
    app.post_job(&acme, fresh(&format!("Rust {MARKUP} Engineer"))).await;
    a_day_passes(&app).await;
    assert_eq!(build(&app, now()).await.digests, 1);
    let digest = app.mail_containing("bo@example.com", "Unsubscribe from this alert").await.expect("digest");
    let html = &digest[digest.find("<!doctype html>").expect("an HTML part")..];
    assert!(html.contains("&lt;/title&gt;"), "{html}");
    for raw in ["<img src=x", "<script nonce", "</title><script"] {
        assert!(!html.contains(raw), "{raw} in {html}");
    }
}

/// Text areas are the one element whose text Leptos writes as it is: each
/// one that shows stored or typed text is checked here.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_in_a_text_area_stays_in_it() {
    let app = TestApp::with_config(|c| c.auto_approve = true).await;
    let (session, job, slug) = crate::applications::employer_with_job(&app, "ada@acme.example", "Acme").await;
    for sql in ["UPDATE jobs SET description = $1", "UPDATE companies SET about = $1"] {
        sqlx::query(sql).bind(FIELD_MARKUP).execute(&app.db.pool).await.expect("stored");
    }
    let edit = assert_inert("edit", app.get_as(&format!("/dashboard/jobs/{job}/edit"), &session).await).await;
    assert!(edit.contains("&lt;/textarea&gt;"), "the description is in its field, as text");
    assert_inert("company", app.get_as("/dashboard/company", &session).await).await;

    crate::applications::apply(
        &app,
        &slug,
        &crate::applications::fields("grace@example.com"),
        Some(("cv.pdf", crate::applications::PDF.to_vec())),
    )
    .await;
    sqlx::query("UPDATE applications SET notes = $1").bind(FIELD_MARKUP).execute(&app.db.pool).await.expect("notes");
    let id: i64 = sqlx::query_scalar("SELECT id FROM applications").fetch_one(&app.db.pool).await.expect("id");
    let notes = assert_inert("notes", app.get_as(&format!("/dashboard/applications/{id}"), &session).await).await;
    assert!(notes.contains("&lt;/textarea&gt;"), "the notes are in their field, as text");

    let job_address = format!("/embed?job={}", encoded(FIELD_MARKUP));
    let embed = page_is_inert(&app, &job_address).await;
    assert!(embed.contains("That is not a FarCoder job address"));
    let moderator = crate::moderation::moderator(&app).await;
    let at = Time::from_unix(now().unix() - 86_400);
    let guide = GuideRow {
        listing: GuideListing {
            slug: "fields".into(),
            title: "Fields".into(),
            summary: FIELD_MARKUP.into(),
            author: "A".into(),
            category: None,
            published_at: at,
            updated_at: at,
        },
        body: FIELD_MARKUP.into(),
        faq: serde_json::json!([[FIELD_MARKUP, FIELD_MARKUP]]).to_string(),
    };
    farcoder::server::repo::guides::insert_if_missing(&app.db, &guide).await.expect("guide");
    let editor = assert_inert("guide editor", app.get_as("/admin/guides/fields", &moderator).await).await;
    assert!(editor.matches("&lt;/textarea&gt;").count() >= 3, "summary, body and questions, each as text");
}
