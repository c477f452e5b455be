//! Jobs on other sites: any search as a widget other sites may frame, one
//! job as an SVG card for READMEs, and `/embed`, which builds both
//! snippets. Each is checked for what a hostile title or search would do
//! to it, and for following the board as postings close.

use farcoder::model::{Category, Level, Stack};

use crate::harness::{JobSpec, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn any_search_is_a_widget_other_sites_may_frame_and_it_follows_the_board() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let rust = |title: &str| JobSpec { stacks: vec![Stack::Rust], ..JobSpec::titled(title) };
    let rust_id = app.post_job(&acme, rust("Rust Engineer")).await;
    app.post_job(&acme, rust("Senior Rust Platform Engineer")).await;
    app.post_job(&acme, JobSpec { category: Category::Frontend, ..JobSpec::titled("React Developer") }).await;

    let widget = app.get("/embed/jobs?stack=rust&limit=1").await;
    assert_eq!(widget.status(), 200);
    let csp = widget.headers()["content-security-policy"].to_str().expect("csp").to_owned();
    assert!(csp.contains("frame-ancestors *") && csp.contains("default-src 'none'"), "{csp}");
    assert!(widget.headers().get("x-frame-options").is_none(), "any site may frame it");
    assert!(widget.headers().get("etag").is_some(), "cached like the pages it shows");
    let html = widget.text().await.expect("html");
    assert!(html.contains("<h1>Remote jobs: Rust</h1>"), "{html}");
    assert_eq!(html.matches("<li>").count(), 1, "limit=1 shows one");
    assert!(html.contains("Acme · "), "each job names its company");
    assert!(html.contains(&format!(r#"href="{}/jobs?stack=rust""#, app.url)) && html.contains("All 2 matches"));
    assert!(!html.contains("React Developer") && !html.contains("<script"));

    // Kept in memory, and dropped when a posting it shows closes.
    let (hits, _) = app.pages.counts();
    assert_eq!(app.get("/embed/jobs?stack=rust&limit=1").await.status(), 200);
    assert_eq!(app.pages.counts().0, hits + 1, "the second visit is served from memory");
    sqlx::query(&format!("UPDATE jobs SET status = 'closed', updated_at = updated_at + 1 WHERE id = {rust_id}"))
        .execute(&app.db.pool)
        .await
        .expect("close");
    let html = app.page("/embed/jobs?stack=rust", 200).await;
    assert!(html.contains("The one match") && !html.contains(&format!("-{rust_id}\"")), "{html}");

    // What a visitor typed reaches the page only as text.
    let hostile = app.page("/embed/jobs?q=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E", 200).await;
    assert!(!hostile.contains("<script") && hostile.contains("&lt;script&gt;"), "{hostile}");
    assert!(hostile.contains("No open jobs match this search right now."));
    // An unknown filter value is ignored, as on /jobs.
    assert_eq!(app.get("/embed/jobs?level=wizard&limit=abc").await.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_is_an_svg_card_with_its_salary_that_says_when_it_closed() {
    let app = TestApp::new().await;
    let acme = app.company("Acme & <Sons>").await;
    let title = "Dev <script>alert(1)</script> & \"Ops\"";
    let id = app.post_job(&acme, JobSpec { level: Level::Staff, ..JobSpec::titled(title) }).await;
    let draft = app.post_job(&acme, JobSpec { status: "draft", ..JobSpec::titled("Draft") }).await;
    let slug = farcoder::model::job_slug(title, "acme-sons", id);

    let card = app.get(&format!("/jobs/{slug}/card.svg")).await;
    assert_eq!(card.status(), 200);
    assert!(card.headers()["content-type"].to_str().expect("type").starts_with("image/svg+xml"));
    let csp = card.headers()["content-security-policy"].to_str().expect("csp").to_owned();
    assert!(csp.contains("default-src 'none'") && csp.contains("sandbox"), "{csp}");
    let etag = card.headers()["etag"].to_str().expect("etag").to_owned();
    let svg = card.text().await.expect("svg");
    let doc = roxmltree::Document::parse(&svg).expect("the card is well-formed XML");
    let text: String = doc.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect();
    assert!(text.contains("Dev <script>alert(1)</script> & \"Ops\""), "the title, as text: {text}");
    assert!(text.contains("Acme & <Sons>") && text.contains("$100k – $130k"), "{text}");
    assert!(text.contains("Staff") && text.contains(&format!("/jobs/{slug}")), "{text}");
    assert!(doc.descendants().all(|n| n.tag_name().name() != "script"), "no element but text and shapes");
    assert!(!svg.contains("<script"));

    // Cached as the job's page is: the same version answers 304.
    let again = app.client.get(format!("{}/jobs/{slug}/card.svg", app.url)).header("if-none-match", &etag);
    assert_eq!(again.send().await.expect("304").status(), 304);
    // One address per card.
    let moved = app.get(&format!("/jobs/old-title-acme-sons-{id}/card.svg")).await;
    assert_eq!(moved.status(), 308);
    assert_eq!(moved.headers()["location"], format!("/jobs/{slug}/card.svg"));
    assert_eq!(app.get(&format!("/jobs/draft-acme-sons-{draft}/card.svg")).await.status(), 404);
    assert_eq!(app.get("/jobs/nothing-99999/card.svg").await.status(), 404);
    let cache_buster = app.get(&format!("/jobs/{slug}/card.svg?v=2")).await;
    assert_eq!(cache_buster.status(), 308, "a query string is not a card of its own");

    sqlx::query(&format!("UPDATE jobs SET status = 'closed', updated_at = updated_at + 1 WHERE id = {id}"))
        .execute(&app.db.pool)
        .await
        .expect("close");
    let closed = app.get(&format!("/jobs/{slug}/card.svg")).await;
    assert_eq!(closed.status(), 200, "a README's image keeps working");
    let svg = closed.text().await.expect("svg");
    assert!(svg.contains("This job has closed") && !svg.contains("$100k"), "{svg}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_embed_page_builds_both_snippets_and_keeps_a_wrong_address() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let id = app.post_job(&acme, JobSpec { stacks: vec![Stack::Rust], ..JobSpec::titled("Rust Engineer") }).await;
    let closed = app.post_job(&acme, JobSpec { status: "closed", ..JobSpec::titled("Old Role") }).await;
    let path = format!("/jobs/rust-engineer-acme-{id}");

    let job = format!("{}{path}?utm_source=newsletter", app.url);
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("q", "rust")
        .append_pair("limit", "5")
        .append_pair("job", &job)
        .finish();
    let page = app.page(&format!("/embed?{query}"), 200).await;
    let widget = format!(
        "&lt;iframe src=&quot;{}/embed/jobs?q=rust&amp;amp;limit=5&quot; title=&quot;Remote jobs: “rust”&quot;",
        app.url
    );
    assert!(page.contains(&widget), "the widget's snippet, as text:\n{page}");
    assert!(page.contains("1 open job matches this search now."));
    assert!(page.contains(r#"src="/embed/jobs?q=rust&amp;limit=5""#), "its preview");
    let markdown = format!("[![Rust Engineer at Acme, remote, on FarCoder]({0}{path}/card.svg)]({0}{path})", app.url);
    assert!(page.contains(&markdown), "the card's Markdown:\n{page}");
    assert!(page.contains(&format!(r#"src="{path}/card.svg""#)), "its preview");
    assert!(page.contains(r#"data-copy="card-markdown" hidden"#), "Copy waits for the script");

    // A wrong address is said so, beside the address as typed.
    let page = app.page("/embed?job=https%3A%2F%2Fexample.com%2F%22%3E%3Cb%3Ehello", 200).await;
    assert!(page.contains("That is not a FarCoder job address."), "{page}");
    assert!(page.contains(r#"value="https://example.com/&quot;&gt;&lt;b&gt;hello""#), "kept, escaped:\n{page}");
    assert!(page.contains(r#"aria-invalid="true""#) && !page.contains("card-markdown"));
    let page = app.page(&format!("/embed?job=old-role-acme-{closed}"), 200).await;
    assert!(page.contains("That job is closed"), "{page}");
    // With nothing typed, the widget of every job is ready to copy.
    let page = app.page("/embed", 200).await;
    assert!(page.contains(&format!(
        "&lt;iframe src=&quot;{}/embed/jobs&quot; title=&quot;Remote developer jobs&quot;",
        app.url
    )));
}
