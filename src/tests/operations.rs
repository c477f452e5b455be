//! How FarCoder runs in production: several stateless app servers on one
//! PostgreSQL, start-up that waits for the database, readiness that follows it.
//! These start the real `farcoder` binary.

use std::time::{Duration, Instant};

use farcoder::model::JobCard;
use farcoder::server::db::Db;
use farcoder::server::repo;

use crate::postgres::{Scratch, server_url};
use crate::processes::{Cluster, Server};

/// What a PostgreSQL test says without one. These tests sit in modules
/// named `on_postgres`: the SQLite run leaves them out by name
/// (`--skip on_postgres::`), and run anywhere else they fail, never pass.
pub const NEEDS_POSTGRES: &str =
    "this test needs PostgreSQL: run it under scripts/with-postgres (TEST_DATABASE_URL), as scripts/test does";

/// Polls `path` until it answers `status`.
async fn wait_for_status(server: &Server, path: &str, status: u16, limit: Duration) {
    let start = Instant::now();
    loop {
        if server.get(path).await.0 == status {
            return;
        }
        assert!(start.elapsed() < limit, "{path} never answered {status}:\n{}", server.log());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Open job links in a page, in order.
fn job_links(html: &str) -> Vec<String> {
    html.split("href=\"/jobs/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|slug| format!("/jobs/{slug}"))
        .collect()
}

async fn search(server: &Server, query: &str) -> Vec<JobCard> {
    let response = reqwest::Client::new()
        .get(format!("{}/api/fn/search_jobs", server.url))
        .query(&[("query", query)])
        .send()
        .await
        .expect("search");
    response.json::<farcoder::model::SearchResults>().await.expect("results").jobs
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_up_gives_up_after_the_configured_wait() {
    // A port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("port").port();
    let url = format!("postgres://postgres@127.0.0.1:{port}/farcoder");
    let started = Instant::now();
    let mut server = Server::spawn(&[("DATABASE_URL", url.as_str()), ("FARCODER_DB_WAIT_SECS", "2")]);
    assert!(!server.wait_for_exit(Duration::from_secs(60)).await, "it must fail");
    assert!(started.elapsed() >= Duration::from_secs(2), "it gave up before the wait was over");
    let log = server.log();
    assert!(log.contains("waiting up to 2s"), "{log}");
    assert!(log.contains("gave up waiting for the database after 2s"), "{log}");
    assert!(!log.contains("secret"), "no password in logs");
}

/// A request under way: a POST whose body has only half arrived. The rest
/// follows with `finish`.
async fn request_under_way(url: &str) -> (tokio::net::TcpStream, &'static str) {
    use tokio::io::AsyncWriteExt;
    let addr = url.trim_start_matches("http://");
    let body = "email=ada%40example.com";
    let (first, rest) = body.split_at(10);
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let head = format!(
        "POST /api/fn/request_reset HTTP/1.1\r\nHost: {addr}\r\nOrigin: {url}\r\nAccept: application/json\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{first}",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.expect("write");
    // Long enough for the server to have begun on it.
    tokio::time::sleep(Duration::from_millis(300)).await;
    (stream, rest)
}

/// Sends `rest` (when given) and reads the whole answer.
async fn finish(mut stream: tokio::net::TcpStream, rest: Option<&str>) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    if let Some(rest) = rest {
        stream.write_all(rest.as_bytes()).await.expect("write the rest");
    }
    let mut answer = String::new();
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_string(&mut answer)).await;
    read.expect("an answer within 10 s").expect("read");
    answer
}

fn sqlite_server_env(dir: &tempfile::TempDir) -> Vec<(&'static str, String)> {
    vec![
        ("DATABASE_URL", format!("sqlite://{}", dir.path().join("farcoder.db").display())),
        ("FARCODER_DEMO_DATA", "0".to_owned()),
        ("FARCODER_OUTBOX_DIR", dir.path().join("outbox").display().to_string()),
        ("FARCODER_UPLOAD_DIR", dir.path().join("uploads").display().to_string()),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_the_requests_under_way_finish_then_the_server_stops() {
    let dir = tempfile::tempdir().expect("dir");
    let mut env = sqlite_server_env(&dir);
    env.push(("FARCODER_SHUTDOWN_SECS", "3".to_owned()));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut server = Server::start(&env).await;
    // Up for longer than the grace: the grace counts from the signal.
    tokio::time::sleep(Duration::from_secs(4)).await;
    let (stream, rest) = request_under_way(&server.url).await;

    server.terminate();
    server.wait_for_log("SIGTERM: shutting down", Duration::from_secs(5)).await;
    let addr = server.url.trim_start_matches("http://").to_owned();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(tokio::net::TcpStream::connect(&addr).await.is_err(), "no new connection is taken");
    let answer = finish(stream, Some(rest)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "the request under way was answered:\n{answer}");
    assert!(server.wait_for_exit(Duration::from_secs(10)).await, "exits cleanly:\n{}", server.log());
    let stopped = server.wait_for_log(" stopped", Duration::from_secs(1)).await;
    assert!(stopped.contains("finished=true"), "{stopped}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_that_never_ends_does_not_hold_the_shutdown_past_its_deadline() {
    let dir = tempfile::tempdir().expect("dir");
    let mut env = sqlite_server_env(&dir);
    env.push(("FARCODER_SHUTDOWN_SECS", "1".to_owned()));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut server = Server::start(&env).await;
    let (_stalled, _) = request_under_way(&server.url).await;
    let asked = Instant::now();
    server.terminate();
    assert!(server.wait_for_exit(Duration::from_secs(10)).await, "{}", server.log());
    assert!(asked.elapsed() >= Duration::from_secs(1), "the request got its grace");
    assert!(server.log().contains("requests still running at the shutdown deadline"), "{}", server.log());
    assert!(server.log().contains("finished=false"), "{}", server.log());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_not_answered_in_time_gets_408() {
    let app = crate::harness::TestApp::with_config(|c| c.request_timeout = Duration::from_secs(1)).await;
    let (stalled, _) = request_under_way(&app.url).await;
    let answer = finish(stalled, None).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert_eq!(app.get("/healthz").await.status(), 200, "others are served meanwhile");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_names_each_background_task() {
    let app = crate::harness::TestApp::new().await;
    let started = Instant::now();
    loop {
        let ready = app.page("/readyz", 200).await;
        let mail = ready.lines().find(|l| l.starts_with("task jobs: ")).unwrap_or_else(|| panic!("{ready}"));
        if mail.starts_with("task jobs: ok (") && !mail.starts_with("task jobs: ok (0 rounds") {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "the job runner never finished a round: {ready}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The tests that need PostgreSQL (see `NEEDS_POSTGRES`).
mod on_postgres {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_start_up_that_panics_under_the_lock_lets_the_next_server_start() {
        let database = Scratch::empty().await.expect(NEEDS_POSTGRES);
        let first = Db::connect(&database.url, &Default::default()).await.expect("connect");
        let panicked = {
            let first = first.clone();
            tokio::spawn(async move {
                first
                    .with_startup_lock(async |_| -> Result<(), farcoder::server::db::DbError> {
                        panic!("migrations broke")
                    })
                    .await
            })
            .await
        };
        assert!(panicked.is_err_and(|e| e.is_panic()));
        // The first server's pool is still open, its connections kept: the
        // lock must have ended with the work anyway.
        let second = Db::connect(&database.url, &Default::default()).await.expect("connect");
        let started = tokio::time::timeout(Duration::from_secs(10), second.with_startup_lock(async |_| Ok(())));
        assert!(matches!(started.await, Ok(Ok(()))), "the lock was left held by the panicked start-up");
        drop(first);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn two_app_servers_share_one_database() {
        let database = Scratch::empty().await.expect(NEEDS_POSTGRES);
        let env =
            [("DATABASE_URL", database.url.as_str()), ("FARCODER_DEMO_DATA", "1"), ("FARCODER_AUTO_APPROVE", "1")];
        // Both start at once on an empty database: the migrations and the demo
        // data are applied once, under PostgreSQL's advisory locks.
        let (mut a, mut b) = (Server::spawn(&env), Server::spawn(&env));
        a.wait_until_listening(Duration::from_secs(90)).await;
        b.wait_until_listening(Duration::from_secs(90)).await;
        let seeded_by_a = a.log().contains("inserted demo data");
        assert_ne!(seeded_by_a, b.log().contains("inserted demo data"), "exactly one server seeds");
        let (writer, reader) = if seeded_by_a { (&a, &b) } else { (&b, &a) };

        let db = Db::connect(&database.url, &Default::default()).await.expect("connect");
        let total = repo::jobs::count_all(&db).await.expect("count");
        assert_eq!(total, farcoder::server::app::DEMO_JOBS as i64);

        // What one server wrote, the other serves; either serves any page.
        let (status, jobs_html) = reader.get("/jobs").await;
        assert_eq!(status, 200);
        let links = job_links(&jobs_html);
        assert!(links.len() >= 10);
        for server in [reader, writer] {
            for path in ["/", "/jobs?category=backend", links[0].as_str(), links[5].as_str()] {
                assert_eq!(server.get(path).await.0, 200, "{path} on {}", server.url);
            }
        }
        assert_eq!(search(reader, "sort=salary").await, search(writer, "sort=salary").await);

        // An employer signs up and publishes a posting through one server; the
        // other serves it at once: nothing lives only in one process's memory.
        let client = reqwest::Client::new();
        let post = |function: &str, form: Vec<(String, String)>, cookie: Option<String>| {
            let mut request = client
                .post(format!("{}/api/fn/{function}", writer.url))
                .header("origin", &writer.url)
                .header("accept", "application/json")
                .form(&form);
            if let Some(cookie) = cookie {
                request = request.header("cookie", format!("farcoder_session={cookie}"));
            }
            request.send()
        };
        let signup =
            [("email", "ops@example.com"), ("password", "correct horse battery"), ("company_name", "Quasar Labs")];
        let signup: Vec<(String, String)> = signup.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        assert_eq!(post("signup", signup.clone(), None).await.expect("signup").status(), 200);
        // The address confirmed (its link went to that process's outbox).
        let user = repo::users::find_by_email(&db, "ops@example.com").await.expect("find").expect("user");
        repo::users::confirm_email(&db, user.id, farcoder::server::now()).await.expect("confirm");
        let login = vec![signup[0].clone(), signup[1].clone(), ("next".to_owned(), String::new())];
        let response = post("login", login, None).await.expect("login");
        let session = crate::harness::session_cookie(&response).expect("session");
        // Only a verified company's postings are published without review.
        let company = repo::companies::find_by_slug(&db, "quasar-labs").await.expect("find").expect("company");
        repo::verifications::set_verified(&db, company.id, Some(farcoder::server::now())).await.expect("verify");
        let draft = crate::postings::draft("Quasar Firmware Auditor");
        let response =
            post("create_posting", crate::postings::fields(&draft), Some(session.clone())).await.expect("create");
        let id: i64 = response.json().await.expect("id");
        let response =
            post("submit_posting", vec![("id".into(), id.to_string())], Some(session)).await.expect("submit");
        assert_eq!(response.json::<String>().await.expect("status"), "published");
        // The writer's search index finds it at once; the other's within a poll
        // of the change log (a second by default).
        let found = search(writer, "q=quasar").await;
        assert_eq!(found.iter().map(|j| j.id).collect::<Vec<_>>(), vec![id]);
        let waited = std::time::Instant::now();
        while search(reader, "q=quasar").await.iter().map(|j| j.id).collect::<Vec<_>>() != vec![id] {
            assert!(waited.elapsed() < Duration::from_secs(10), "the other server never found the new posting");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        db.pool.close().await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn readiness_follows_the_database_through_a_restart() {
        assert!(server_url().is_some(), "{NEEDS_POSTGRES}");
        let cluster = Cluster::create().expect("PostgreSQL's binaries (scripts/with-postgres installs them)");
        let url = cluster.url();
        let server = Server::start(&[("DATABASE_URL", url.as_str()), ("FARCODER_DEMO_DATA", "0")]).await;
        wait_for_status(&server, "/readyz", 200, Duration::from_secs(15)).await;
        let (status, body) = server.get("/readyz").await;
        assert_eq!((status, body.lines().next()), (200, Some("ready")));

        cluster.stop();
        wait_for_status(&server, "/readyz", 503, Duration::from_secs(15)).await;
        assert_eq!(server.get("/healthz").await.0, 200, "the process itself stays alive");

        cluster.start();
        wait_for_status(&server, "/readyz", 200, Duration::from_secs(30)).await;
        assert_eq!(server.get("/jobs").await.0, 200, "pages work again without a restart");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn start_up_waits_for_a_database_that_is_not_up_yet() {
        assert!(server_url().is_some(), "{NEEDS_POSTGRES}");
        let cluster = Cluster::create().expect("PostgreSQL's binaries (scripts/with-postgres installs them)");
        cluster.stop();
        let url = cluster.url();
        let mut server = Server::spawn(&[("DATABASE_URL", url.as_str()), ("FARCODER_DB_WAIT_SECS", "120")]);
        server.wait_for_log("waiting for the database", Duration::from_secs(30)).await;
        cluster.start();
        server.wait_until_listening(Duration::from_secs(90)).await;
        wait_for_status(&server, "/readyz", 200, Duration::from_secs(30)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_log_line_names_its_request_and_json_logs_are_json() {
    let dir = tempfile::tempdir().expect("dir");
    let database = format!("sqlite://{}", dir.path().join("ids.db").display());
    let mut server = Server::start(&[
        ("DATABASE_URL", database.as_str()),
        ("FARCODER_DEMO_DATA", "1"),
        ("FARCODER_LOG_FORMAT", "json"),
    ])
    .await;
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    // A job that takes applications on FarCoder.
    let jobs: serde_json::Value = client
        .get(format!("{}/api/v1/jobs?limit=100", server.url))
        .send()
        .await
        .expect("GET")
        .json()
        .await
        .expect("json");
    let mut slug = None;
    for job in jobs["jobs"].as_array().expect("jobs") {
        let url = format!("{}/api/v1/jobs/{}", server.url, job["id"]);
        let detail: serde_json::Value = client.get(url).send().await.expect("GET").json().await.expect("json");
        if detail["apply_url"].is_null() {
            slug = detail["url"].as_str().and_then(|url| url.rsplit("/jobs/").next()).map(str::to_owned);
            break;
        }
    }
    let slug = slug.expect("a job taking applications here");
    // A bot's application (the honeypot filled) is logged inside its request.
    let form = reqwest::multipart::Form::new()
        .text("name", "Robot")
        .text("email", "robot@example.com")
        .text("country", "de")
        .text("website", "https://spam.example");
    let answer = client
        .post(format!("{}/jobs/{slug}/applications", server.url))
        .header("origin", &server.url)
        .header("x-request-id", "balancer-7f3a")
        .multipart(form)
        .send()
        .await
        .expect("POST");
    assert_eq!(answer.headers()["x-request-id"], "balancer-7f3a", "the id a proxy sent comes back");
    let line = server.wait_for_log("honeypot filled", Duration::from_secs(10)).await;
    let entry: serde_json::Value = serde_json::from_str(&line).expect("one JSON object per line");
    assert_eq!(entry["span"]["id"], "balancer-7f3a", "the line names its request: {line}");
    assert!(!line.contains(&slug), "the path is not logged: {line}");
    // An id that could forge a line is replaced by one made here.
    let forged =
        client.get(format!("{}/healthz", server.url)).header("x-request-id", "a\"b").send().await.expect("GET");
    let made = forged.headers()["x-request-id"].to_str().expect("id").to_owned();
    assert!(made.len() == 16 && made.bytes().all(|b| b.is_ascii_hexdigit()), "{made}");
    assert!(server.log().lines().all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok()), "{}", server.log());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seeding_keeps_the_write_ahead_log_small() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("seeded.db");
    let db = Db::connect(&format!("sqlite://{}", file.display()), &Default::default()).await.expect("db");
    db.migrate().await.expect("migrate");
    farcoder::server::seed::seed(&db, 5_000, 3, farcoder::server::now()).await.expect("seed");
    let size = |path: &std::path::Path| std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let wal = size(&dir.path().join("seeded.db-wal"));
    assert!(wal < 1024 * 1024, "the log was folded in as it went: {wal} bytes beside {}", size(&file));
    assert_eq!(repo::jobs::count_all(&db).await.expect("count"), 5_000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restarted_server_is_not_ready_until_its_text_index_is_built() {
    let dir = tempfile::tempdir().expect("dir");
    let database = format!("sqlite://{}", dir.path().join("warm.db").display());
    let db = Db::connect(&database, &Default::default()).await.expect("db");
    db.migrate().await.expect("migrate");
    farcoder::server::seed::seed(&db, 10_000, 11, farcoder::server::now()).await.expect("seed");
    drop(db);
    let mut server = Server::spawn(&[("DATABASE_URL", database.as_str()), ("FARCODER_DEMO_DATA", "0")]);
    server.wait_until_listening(Duration::from_secs(90)).await;
    // Listening at once (pages and filters work), but a balancer is told to
    // wait while searches with words would.
    let (status, body) = server.get("/readyz").await;
    assert_eq!((status, body.as_str()), (503, "warming: the text index is being built\n"));
    assert_eq!(server.get("/jobs").await.0, 200, "pages are served meanwhile");
    wait_for_status(&server, "/readyz", 200, Duration::from_secs(60)).await;
    let log = server.log();
    assert!(log.contains("text index"), "{log}");
}
