//! Career guides: the list, a guide page with its table of contents, FAQ and
//! JSON-LD, the guides feed, and loading the shipped files once.

use serde_json::Value;

use crate::harness::{JobSpec, TestApp};

const SLUG: &str = "remote-backend-developer";

/// The JSON-LD scripts of a page, parsed.
pub fn json_ld(html: &str) -> Vec<Value> {
    html.split(r#"<script type="application/ld+json">"#)
        .skip(1)
        .filter_map(|rest| rest.split("</script>").next())
        .map(|json| serde_json::from_str(json).unwrap_or_else(|e| panic!("bad JSON-LD ({e}): {json}")))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_guide_has_contents_faq_jobs_and_structured_data() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    app.post_job(&acme, JobSpec::titled("Backend Engineer")).await;

    let list = app.page("/guides", 200).await;
    assert!(list.contains(&format!("href=\"/guides/{SLUG}\"")));

    let html = app.page(&format!("/guides/{SLUG}"), 200).await;
    assert!(html.contains("<title>What a remote backend developer does"));
    assert!(html.contains("class=\"summary-box\""));
    for anchor in ["#what-the-work-looks-like", "#how-remote-changes-the-job", "#faq"] {
        assert!(html.contains(&format!("href=\"{anchor}\"")), "contents link {anchor}");
        assert!(html.contains(&format!("id=\"{}\"", &anchor[1..])), "heading {anchor}");
    }
    assert!(html.matches("<details>").count() >= 3 && html.contains("<summary>"), "the FAQ needs no JavaScript");
    assert!(html.contains("Backend Engineer"), "the live jobs of its category");
    assert!(html.contains("href=\"/remote-backend-developer-jobs\""), "its landing page");
    assert!(html.contains("datetime=\"2026-09-14\""));

    let graph = json_ld(&html).remove(0);
    let items = graph["@graph"].as_array().expect("graph");
    let of_type = |t: &str| items.iter().find(|i| i["@type"] == t).unwrap_or_else(|| panic!("no {t}"));
    let article = of_type("Article");
    assert_eq!(article["datePublished"], "2026-09-14");
    assert!(article["headline"].as_str().is_some_and(|h| !h.is_empty()) && article["author"]["name"].is_string());
    let questions = of_type("FAQPage")["mainEntity"].as_array().expect("questions").clone();
    assert_eq!(questions.len(), html.matches("<details>").count());
    assert!(questions.iter().all(|q| q["@type"] == "Question" && q["acceptedAnswer"]["text"].is_string()));
    let crumbs = of_type("BreadcrumbList")["itemListElement"].as_array().expect("crumbs").clone();
    assert_eq!(crumbs.iter().map(|c| c["position"].as_i64().unwrap_or(0)).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(crumbs[2]["item"], format!("{}/guides/{SLUG}", app.url));

    app.page("/guides/no-such-guide", 404).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guides_are_in_their_feed_and_the_sitemap() {
    let app = TestApp::new().await;
    let feed = app.page("/guides/feed.xml", 200).await;
    let doc = roxmltree::Document::parse(&feed).expect("valid XML");
    let links: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("link")).filter_map(|n| n.text()).collect();
    assert!(links.contains(&format!("{}/guides/{SLUG}", app.url).as_str()), "{links:?}");
    let sitemap = app.page("/sitemap.xml", 200).await;
    assert!(sitemap.contains(&format!("<loc>{}/guides/{SLUG}</loc><lastmod>2026-11-20</lastmod>", app.url)));
    assert!(sitemap.contains(&format!("<loc>{}/salaries/backend</loc>", app.url)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shipped_guides_are_loaded_once_and_edits_survive_a_restart() {
    let app = TestApp::new().await;
    sqlx::query(&format!("UPDATE guides SET title = 'Edited by a moderator' WHERE slug = '{SLUG}'"))
        .execute(&app.db.pool)
        .await
        .expect("edit");
    let stored = farcoder::server::content::guides::load_missing(&app.db).await.expect("load");
    assert_eq!(stored, 0, "nothing stored twice");
    assert!(app.page(&format!("/guides/{SLUG}"), 200).await.contains("Edited by a moderator"));
}
