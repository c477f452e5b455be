//! Documents for programs: RSS feeds, the sitemap and robots.txt, parsed
//! with a real XML parser.

use farcoder::model::Stack;

use crate::harness::{JobSpec, TestApp};

fn parse(xml: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("invalid XML ({e}):\n{}", &xml[..xml.len().min(2_000)]))
}

fn texts<'a>(doc: &'a roxmltree::Document, tag: &str) -> Vec<&'a str> {
    doc.descendants().filter(|n| n.has_tag_name(tag)).filter_map(|n| n.text()).collect()
}

async fn get_xml(app: &TestApp, path: &str, content_type: &str) -> String {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    assert!(response.headers()["content-type"].to_str().expect("type").starts_with(content_type), "{path}");
    response.text().await.expect("body")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_feed_lists_open_jobs_newest_first_with_salary_and_region() {
    let app = TestApp::new().await;
    let acme = app.company("Acme & Sons").await;
    app.post_job(&acme, JobSpec { age_days: 3, ..JobSpec::titled("Older <Rust> Engineer") }).await;
    app.post_job(&acme, JobSpec { age_days: 1, ..JobSpec::titled("Newer Go Engineer") }).await;
    app.post_job(&acme, JobSpec { status: "closed", ..JobSpec::titled("Closed Engineer") }).await;
    app.post_job(&acme, JobSpec { age_days: 40, open_days: 30, ..JobSpec::titled("Expired Engineer") }).await;

    let xml = get_xml(&app, "/feed.xml", "application/rss+xml").await;
    let doc = parse(&xml);
    let rss = doc.root_element();
    assert_eq!((rss.tag_name().name(), rss.attribute("version")), ("rss", Some("2.0")));
    let items: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("item")).collect();
    let titles: Vec<&str> =
        items.iter().filter_map(|i| i.children().find(|c| c.has_tag_name("title"))?.text()).collect();
    assert_eq!(titles, ["Newer Go Engineer at Acme & Sons", "Older <Rust> Engineer at Acme & Sons"]);
    for item in &items {
        let field = |tag: &str| item.children().find(|c| c.has_tag_name(tag)).and_then(|c| c.text()).unwrap_or("");
        assert!(field("guid").starts_with(&format!("{}/jobs/", app.url)));
        assert!(field("link").starts_with(&format!("{}/jobs/", app.url)));
        assert!(field("pubDate").ends_with("+0000"));
        assert!(
            field("description").contains("$") && field("description").contains("Remote from"),
            "{}",
            field("description")
        );
    }
    let guids = texts(&doc, "guid");
    assert_eq!(guids.len(), 2);
    assert_ne!(guids[0], guids[1]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_jobs_feed_takes_the_search_filters() {
    let app = TestApp::with_demo_data().await;
    let xml = get_xml(&app, "/jobs/feed.xml?category=backend&stack=rust", "application/rss+xml").await;
    let doc = parse(&xml);
    let categories = texts(&doc, "category");
    let items = doc.descendants().filter(|n| n.has_tag_name("item")).count();
    assert!(items > 0 && items <= 50);
    assert_eq!(categories.iter().filter(|c| **c == "Backend").count(), items, "every item is a backend job");
    assert!(categories.iter().filter(|c| **c == "Rust").count() >= items, "every item uses Rust");
    let all = parse(&get_xml(&app, "/feed.xml", "application/rss+xml").await)
        .descendants()
        .filter(|n| n.has_tag_name("item"))
        .count();
    assert_eq!(all, 50, "the main feed carries the newest 50");
    // Nonsense filters are ignored, not an error.
    parse(&get_xml(&app, "/jobs/feed.xml?category=astronaut&page=-1", "application/rss+xml").await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sitemap_lists_every_public_page_and_no_closed_job() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let open =
        app.post_job(&acme, JobSpec { stacks: vec![Stack::Rust], ..JobSpec::titled("Open Rust Engineer") }).await;
    let closed = app.post_job(&acme, JobSpec { status: "closed", ..JobSpec::titled("Closed Engineer") }).await;
    let xml = get_xml(&app, "/sitemap.xml", "application/xml").await;
    let doc = parse(&xml);
    assert_eq!(doc.root_element().tag_name().namespace(), Some("http://www.sitemaps.org/schemas/sitemap/0.9"));
    let locs = texts(&doc, "loc");
    let has = |path: &str| locs.contains(&format!("{}{path}", app.url).as_str());
    assert!(has("/") && has("/jobs") && has("/companies/acme"), "{locs:?}");
    assert!(locs.iter().any(|l| l.ends_with(&format!("-{open}"))), "the open job");
    assert!(!locs.iter().any(|l| l.ends_with(&format!("-{closed}"))), "not the closed one");
    assert!(has("/remote-backend-developer-jobs") && has("/remote-rust-jobs"), "landing pages with postings");
    assert!(!has("/remote-cobol-jobs") && !has("/remote-mobile-developer-jobs"), "none without postings");
    let lastmods = texts(&doc, "lastmod");
    assert!(lastmods.iter().all(|d| d.len() == 10 && d.as_bytes()[4] == b'-'), "{lastmods:?}");
    assert_eq!(app.get("/sitemaps/1.xml").await.status(), 404, "no parts while one file holds everything");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn robots_points_to_the_sitemap_and_keeps_private_paths_out() {
    let app = TestApp::new().await;
    let robots = app.page("/robots.txt", 200).await;
    assert!(robots.contains(&format!("Sitemap: {}/sitemap.xml", app.url)));
    for path in ["/dashboard", "/admin", "/api/fn/"] {
        assert!(robots.contains(&format!("Disallow: {path}\n")), "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_carry_breadcrumbs_and_item_lists_and_companies_an_organization() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    app.post_job(&acme, JobSpec { stacks: vec![Stack::Rust], ..JobSpec::titled("Rust Engineer") }).await;
    for path in ["/jobs?stack=rust", "/remote-rust-jobs"] {
        let html = app.page(path, 200).await;
        let graph = crate::guides::json_ld(&html).remove(0);
        let items = graph["@graph"].as_array().expect("graph");
        let crumbs = items.iter().find(|i| i["@type"] == "BreadcrumbList").expect("breadcrumbs");
        assert_eq!(crumbs["itemListElement"][0]["item"], format!("{}/", app.url), "{path}");
        let list = items.iter().find(|i| i["@type"] == "ItemList").expect("item list");
        assert_eq!(list["numberOfItems"], 1, "{path}");
        let url = list["itemListElement"][0]["url"].as_str().expect("url");
        assert!(url.starts_with(&format!("{}/jobs/rust-engineer-acme-", app.url)), "{url}");
    }
    let company = app.page("/companies/acme", 200).await;
    let organization = crate::guides::json_ld(&company).remove(0);
    assert_eq!((organization["@type"].as_str(), organization["name"].as_str()), (Some("Organization"), Some("Acme")));
    assert_eq!(organization["url"], format!("{}/companies/acme", app.url));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_canonical_url_orders_filters_and_drops_tracking_parameters() {
    let app = TestApp::new().await;
    let html = app.page("/jobs?utm_source=news&level=senior&ref=x&category=backend&fbclid=1", 200).await;
    assert!(
        html.contains(&format!(r#"<link href="{}/jobs?category=backend&amp;level=senior" rel="canonical""#, app.url)),
        "{}",
        html.split("rel=\"canonical\"").next().unwrap_or("").rsplit("<link").next().unwrap_or("")
    );
}
