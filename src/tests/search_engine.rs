//! Search v2 on fixed data sets: stems, typos, synonyms, ranking, facet
//! counts, suggestions, and each server's index following the database.

use std::time::{Duration, Instant};

use farcoder::model::{Category, DAY, Level, Location, Region, Stack};

use crate::harness::{JobSpec, TestApp};

fn sorted(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort_unstable();
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn words_match_by_their_english_stem() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let engineering = app.post_job(&acme, JobSpec::titled("Data Engineering Lead")).await;
    let deploys = app
        .post_job(
            &acme,
            JobSpec { description: "The team deploys twice a day.".into(), ..JobSpec::titled("Platform Developer") },
        )
        .await;
    app.post_job(&acme, JobSpec::titled("Product Designer")).await;

    assert_eq!(app.search_ids("q=engineer").await, vec![engineering]);
    assert_eq!(app.search_ids("q=ENGINEERS").await, vec![engineering]);
    assert_eq!(app.search_ids("q=deploying").await, vec![deploys]);
    assert_eq!(app.search_ids("q=developers").await, vec![deploys]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn longer_words_forgive_typos_and_short_ones_get_a_suggestion() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let operator = app.post_job(&acme, JobSpec::titled("Kubernetes Operator Developer")).await;
    let rust = app.post_job(&acme, JobSpec { stacks: vec![Stack::Rust], ..JobSpec::titled("Rust Engineer") }).await;

    // One typo in a word of five letters or more, two from nine.
    assert_eq!(app.search_ids("q=operater").await, vec![operator]);
    assert_eq!(app.search_ids("q=kuberntees").await, vec![operator]);
    assert_eq!(app.search_ids("q=opxrxtor").await, Vec::<i64>::new());
    // Short words must be exact; the miss offers the word the postings use.
    let missed = app.search("q=rsut").await;
    assert_eq!(missed.total, 0);
    let suggestion = missed.suggestion.expect("a suggestion");
    assert_eq!(suggestion.label, "Did you mean “rust”?");
    assert_eq!((suggestion.query.as_str(), suggestion.total), ("q=rust", 1));
    assert_eq!(app.search_ids(&suggestion.query).await, vec![rust]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stack_names_find_their_synonyms() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let spec = |title: &str, stack: Stack| JobSpec { stacks: vec![stack], ..JobSpec::titled(title) };
    let go = app.post_job(&acme, spec("Backend Engineer", Stack::Go)).await;
    let k8s = app.post_job(&acme, spec("Platform Engineer", Stack::Kubernetes)).await;
    let postgres = app.post_job(&acme, spec("Database Engineer", Stack::PostgreSql)).await;
    let node = app.post_job(&acme, spec("API Engineer", Stack::NodeJs)).await;
    let js = app.post_job(&acme, spec("Frontend Engineer", Stack::JavaScript)).await;
    let k8s_in_text = app
        .post_job(&acme, JobSpec { description: "We run k8s on bare metal.".into(), ..spec("SRE", Stack::Rust) })
        .await;

    assert_eq!(app.search_ids("q=golang").await, vec![go]);
    assert_eq!(sorted(app.search_ids("q=k8s").await), sorted(vec![k8s, k8s_in_text]));
    assert_eq!(sorted(app.search_ids("q=kubernetes").await), sorted(vec![k8s, k8s_in_text]));
    assert_eq!(app.search_ids("q=postgres").await, vec![postgres]);
    assert_eq!(app.search_ids("q=node").await, vec![node]);
    assert_eq!(app.search_ids("q=Node.js").await, vec![node]);
    assert_eq!(app.search_ids("q=js").await, vec![js]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn title_then_stack_then_text_matches_and_fresher_first() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let text = "We write Elixir for our billing system every day.";
    let in_text = app
        .post_job(&acme, JobSpec { description: text.into(), age_days: 0, ..JobSpec::titled("Billing Engineer") })
        .await;
    let in_stack = app
        .post_job(&acme, JobSpec { stacks: vec![Stack::Elixir], age_days: 2, ..JobSpec::titled("Payments Engineer") })
        .await;
    let old_title = app.post_job(&acme, JobSpec { age_days: 20, ..JobSpec::titled("Elixir Engineer") }).await;
    let new_title = app.post_job(&acme, JobSpec { age_days: 3, ..JobSpec::titled("Elixir Engineer") }).await;

    assert_eq!(app.search_ids("q=elixir").await, vec![new_title, old_title, in_stack, in_text]);
    assert_eq!(app.search_ids("q=elixir&sort=newest").await, vec![in_text, in_stack, new_title, old_title]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_option_counts_what_choosing_it_would_give() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let job = |title: &str, category, level, stack, place| JobSpec {
        category,
        level,
        stacks: vec![stack],
        locations: vec![place],
        ..JobSpec::titled(title)
    };
    let europe = Location::Region(Region::Europe);
    let us = Location::Country("us");
    app.post_job(&acme, job("Rust Engineer", Category::Backend, Level::Senior, Stack::Rust, europe)).await;
    app.post_job(&acme, job("Go Engineer", Category::Backend, Level::Junior, Stack::Go, us)).await;
    app.post_job(&acme, job("UI Engineer", Category::Frontend, Level::Senior, Stack::TypeScript, europe)).await;
    app.post_job(
        &acme,
        JobSpec { status: "closed", ..job("Closed", Category::Backend, Level::Senior, Stack::Rust, us) },
    )
    .await;

    let results = app.search("level=senior").await;
    assert_eq!(results.total, 2);
    let count = |name, value| results.facets.count(name, value);
    // Each dimension's options count with the other filters kept and its own
    // choice set aside: all three levels are counted, only seniors elsewhere.
    assert_eq!((count("level", "senior"), count("level", "junior")), (Some(2), Some(1)));
    assert_eq!((count("category", "backend"), count("category", "frontend")), (Some(1), Some(1)));
    assert_eq!((count("stack", "rust"), count("stack", "go"), count("stack", "java")), (Some(1), Some(0), Some(0)));
    // Someone in Germany may apply to both European postings.
    assert_eq!((count("region", "de"), count("region", "us"), count("region", "europe")), (Some(2), Some(0), Some(2)));
    assert_eq!(count("verified", "1"), Some(2));

    // Text narrows every count.
    let results = app.search("q=rust").await;
    assert_eq!(results.facets.count("category", "backend"), Some(1));
    assert_eq!(results.facets.count("category", "frontend"), Some(0));
    assert_eq!(results.facets.count("region", "us"), Some(0));

    // The counts show on the page, beside each option.
    let html = app.page("/jobs?level=senior", 200).await;
    assert!(html.contains("Junior<!> (1)") || html.contains("Junior (1)"), "junior count missing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_found_with_filters_offers_the_words_alone() {
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    app.post_job(&acme, JobSpec::titled("Haskell Engineer")).await;
    let results = app.search("q=haskell&category=mobile").await;
    assert_eq!(results.total, 0);
    let suggestion = results.suggestion.expect("a suggestion");
    assert_eq!((suggestion.query.as_str(), suggestion.total), ("q=haskell", 1));
    let html = app.page("/jobs?q=haskell&category=mobile", 200).await;
    assert!(html.contains("href=\"/jobs?q=haskell\""), "the page links the suggestion");
    // A search that finds something offers nothing.
    assert_eq!(app.search("q=haskell").await.suggestion, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_posting_published_on_one_server_is_found_on_the_other() {
    let poll = Duration::from_millis(200);
    let a = TestApp::with_config(|c| {
        c.auto_approve = true;
        c.search_poll = poll;
    })
    .await;
    let b = a.beside(|c| c.search_poll = poll).await;
    assert!(b.search_ids("q=zeppelin").await.is_empty());

    // An employer publishes through server A.
    let password = crate::moderation::PASSWORD;
    let session = a.sign_up("ops@zeppelin.example", password, "Zeppelin Works").await;
    a.verify("Zeppelin Works").await;
    let form = crate::postings::fields(&crate::postings::draft("Airship Firmware Engineer"));
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let id: i64 = a.call("create_posting", &pairs, Some(&session)).await.json().await.expect("id");
    let status = a.call("submit_posting", &[("id", &id.to_string())], Some(&session)).await;
    assert_eq!(status.json::<String>().await.expect("status"), "published");

    // A's index has it at once (A wrote); B's once it has read the change log.
    assert_eq!(a.search_ids("q=airship").await, vec![id]);
    let started = Instant::now();
    while b.search_ids("q=airship").await != vec![id] {
        assert!(started.elapsed() < Duration::from_secs(10), "server B never found the posting");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The company's name is searchable too, and closing takes it off both.
    assert_eq!(b.search_ids("q=zeppelin").await, vec![id]);
    assert_eq!(a.call("close_posting", &[("id", &id.to_string())], Some(&session)).await.status(), 200);
    assert!(a.search_ids("q=airship").await.is_empty());
    let started = Instant::now();
    while !b.search_ids("q=airship").await.is_empty() {
        assert!(started.elapsed() < Duration::from_secs(10), "server B kept the closed posting");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_change_log_is_pruned_after_two_days() {
    use farcoder::server::freshness::run_once;
    use farcoder::server::repo::read_model::{changes_after, last_change};
    let app = TestApp::new().await;
    let acme = app.company("Acme").await;
    let id = app.post_job(&acme, JobSpec::titled("Logged Engineer")).await;
    assert_eq!(app.search_ids("q=logged").await, vec![id]);
    let now = farcoder::server::now();
    sqlx::query(&format!("UPDATE search_changes SET changed_at = {}", (now - 3 * DAY).unix()))
        .execute(&app.db.pool)
        .await
        .expect("age the log");
    let second = app.post_job(&acme, JobSpec::titled("Logged Developer")).await;
    let before = last_change(&app.db).await.expect("last");

    // Even a run that believes it is later prunes by the real clock.
    run_once(&app.db, &app.storage(), &app.url, now + 30 * DAY).await.expect("run");
    let pruned = farcoder::server::freshness::Prune { at: now + 30 * DAY }.prune(&app.db).await.expect("prune");
    assert!(pruned.changes > 0);
    assert_eq!(app.count("background_jobs", "kind = 'prune'").await, 1, "the run queued its pruning");
    let left = changes_after(&app.db, 0).await.expect("changes");
    assert!(!left.is_empty() && left.iter().all(|(_, job)| *job == second), "{left:?}");
    // Nothing the index holds is lost, and numbering goes on after the pruned.
    assert_eq!(sorted(app.search_ids("q=logged").await), sorted(vec![id, second]));
    app.post_job(&acme, JobSpec::titled("Logged Designer")).await;
    assert!(last_change(&app.db).await.expect("last") > before);
}
