//! Islands: the pages are server HTML with only the parts that need a
//! browser marked as islands; the page carries one loader, no preloaded
//! wasm, no data serialized for a hydration that never comes, and nothing
//! after `</html>`.

use crate::harness::{JobSpec, TestApp};

/// The hydration marks Leptos writes, outside any island.
fn marks_outside_islands(html: &str) -> usize {
    let mut count = 0;
    let mut depth = 0usize;
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        if rest.starts_with("<leptos-island") {
            depth += 1;
        } else if rest.starts_with("</leptos-island>") {
            depth = depth.saturating_sub(1);
        } else if rest.starts_with("<!>") && depth == 0 {
            count += 1;
        }
        rest = &rest[1..];
    }
    count
}

fn islands_in(html: &str) -> Vec<&str> {
    html.split("<leptos-island data-component=\"").skip(1).filter_map(|rest| rest.split('_').next()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_with_no_island_is_plain_html_with_one_small_loader() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    app.post_job(&acme, JobSpec::titled("Backend Engineer")).await;
    for path in ["/", "/guides/remote-backend-developer", "/remote-backend-developer-jobs", "/companies/acme"] {
        let html = app.page(path, 200).await;
        assert!(islands_in(&html).is_empty(), "{path}: {:?}", islands_in(&html));
        assert!(html.trim_end().ends_with("</html>"), "{path}: something after </html>");
        assert!(!html.contains("modulepreload") && !html.contains("rel=\"preload\""), "{path}: something is preloaded");
        assert_eq!(html.matches("querySelectorAll(\"leptos-island\")").count(), 1, "{path}: one loader");
        assert!(!html.contains("__RESOLVED_RESOURCES="), "{path}: page data serialized for the browser");
        assert_eq!(marks_outside_islands(&html), 0, "{path}: hydration marks outside an island");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_search_is_one_island_around_the_servers_results() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    app.post_job(&acme, JobSpec::titled("Backend Engineer")).await;
    let html = app.page("/jobs?q=backend", 200).await;
    assert_eq!(islands_in(&html), ["JobSearch"]);
    assert!(!html.contains("data-props"), "the search island takes no props");
    let results = html.split("id=\"results\"").nth(1).expect("the results region");
    assert!(results.contains("Backend Engineer"), "the results are server HTML inside the island");
    assert!(
        html.contains("id=\"job-search-form\"")
            && html.contains("<details id=\"job-filters\" class=\"filters-panel\">")
    );
    assert!(html.contains("<summary>Filters</summary>"));
    let filtered = app.page("/jobs?category=backend&stack=rust&verified=1", 200).await;
    assert!(filtered.contains("<summary>Filters (3)</summary>"), "the folded filters say how many are set");
    assert_eq!(marks_outside_islands(&html), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checked_fields_are_islands_that_name_their_rule() {
    let app = TestApp::new().await;
    let html = app.page("/signup", 200).await;
    assert_eq!(islands_in(&html), ["LiveCheck", "LiveCheck", "LiveCheck"]);
    for rule in ["company-name", "email", "password"] {
        assert!(html.contains(&format!("data-check=\"{rule}\"")), "{rule}");
    }
    assert!(!html.contains("data-props"));
    assert_eq!(marks_outside_islands(&html), 0);
}
