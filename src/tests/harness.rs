//! `TestApp`: a FarCoder server on a free port over a fresh database, with
//! helpers that make each test read like the story it checks. The database is
//! a new SQLite file, or, when `TEST_DATABASE_URL` names a PostgreSQL server,
//! a new database copied from a migrated template and dropped afterwards.

use farcoder::model::{
    Category, Currency, DAY, EmploymentType, Level, Location, SalaryPeriod, SalaryRange, SearchResults, Stack,
};
use farcoder::server::app;
use farcoder::server::config::Config;
use farcoder::server::db::Db;
use farcoder::server::now;
use farcoder::server::repo;
use farcoder::server::seed;

use crate::mailbox::Mailbox;
use leptos::prelude::LeptosOptions;

pub struct TestApp {
    pub url: String,
    /// The site's public origin, which its pages' writes come from.
    pub origin: String,
    pub db: Db,
    /// Follows no redirects, sends no origin of its own.
    pub client: reqwest::Client,
    pub mailbox: crate::mailbox::Mailbox,
    database: std::sync::Arc<TestDatabase>,
    /// The server's page cache, to read its hit and miss counts.
    pub pages: farcoder::server::http::page_cache::PageCache,
    pub search_engine: farcoder::server::read_model::ReadModel,
    /// The server's background tasks.
    pub tasks: farcoder::server::tasks::Tasks,
    /// The job page views waiting to be written.
    pub views: farcoder::server::postings::stats::Views,
    /// The queue's runner, for tests that run due jobs at a time of their own.
    pub jobs: std::sync::Arc<farcoder::server::queue::Runner>,
}

/// What a test scraping `/metrics` bears.
pub const METRICS_TOKEN: &str = "test-metrics-token-0123456789";

impl TestApp {
    /// A server over an empty database.
    pub async fn new() -> TestApp {
        TestApp::with_config(|_| {}).await
    }

    /// A server over an empty database, with its configuration adjusted.
    pub async fn with_config(adjust: impl FnOnce(&mut Config)) -> TestApp {
        TestApp::serve(std::sync::Arc::new(TestDatabase::new().await), adjust).await
    }

    /// A second server over this one's database, as when several app
    /// servers share one PostgreSQL.
    pub async fn beside(&self, adjust: impl FnOnce(&mut Config)) -> TestApp {
        TestApp::serve(self.database.clone(), adjust).await
    }

    async fn serve(database: std::sync::Arc<TestDatabase>, adjust: impl FnOnce(&mut Config)) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let mut config = Config {
            database_url: database.url.clone(),
            demo_data: false,
            demo_accounts: false,
            public_url: format!("http://{addr}"),
            pool: Default::default(),
            auto_approve: false,
            proxies: Default::default(),
            mail: database.mailbox.settings(database.dir.path().join("outbox")),
            storage: farcoder::server::storage::StorageSettings::Local(database.dir.path().join("uploads")),
            // Tests run the freshness task themselves, at the times they choose.
            freshness_interval: None,
            // And the alert digests.
            alerts_interval: None,
            check_private_links: true,
            // Tests write behind the server's back: every search reads the
            // change log first.
            search_poll: std::time::Duration::ZERO,
            // Pages are kept as in production.
            page_cache: true,
            // When it does, lists drop at the change.
            list_lag: std::time::Duration::ZERO,
            secret: None,
            metrics_token: Some(METRICS_TOKEN.to_owned()),
            request_timeout: std::time::Duration::from_secs(30),
            shutdown_grace: std::time::Duration::from_secs(5),
            // Tests run the webhook rounds themselves.
            webhooks: Vec::new(),
            webhook_signing: None,
            // And tell search engines themselves.
            search_engines: Default::default(),
            // And read ATS boards themselves.
            ats_sync: None,
            ats: Default::default(),
            log_format: farcoder::server::config::LogFormat::Text,
            // Tests run their backups themselves.
            backup: None,
        };
        adjust(&mut config);
        let origin = config.public_url.clone();
        let db = app::prepare_database(&config).await.expect("database");
        let options = LeptosOptions::builder()
            .output_name("farcoder")
            .site_root(database.dir.path().display().to_string())
            .site_addr(addr)
            .build();
        let state = app::state(config, db.clone(), options).await.expect("state");
        app::spawn_background(&state).expect("background tasks");
        let (pages, search_engine, tasks) = (state.pages.clone(), state.read_model.clone(), state.tasks.clone());
        let (views, jobs) = (state.views.clone(), state.jobs.clone());
        let router = app::router(state);
        tokio::spawn(app::serve(listener, router, std::future::pending(), std::time::Duration::from_secs(5)));
        // A stuck request fails its test with a message instead of hanging the run.
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(30))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        let mailbox = database.mailbox.clone();
        // Ready as a balancer would see it: the text index built.
        let started = std::time::Instant::now();
        while search_engine.warmth() == farcoder::server::read_model::Warmth::Warming {
            assert!(started.elapsed() < std::time::Duration::from_secs(30), "the text index never got built");
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        TestApp {
            url: format!("http://{addr}"),
            origin,
            db,
            client,
            mailbox,
            database,
            pages,
            search_engine,
            tasks,
            views,
            jobs,
        }
    }

    /// A server over the demo data.
    pub async fn with_demo_data() -> TestApp {
        let app = TestApp::new().await;
        seed::seed(&app.db, app::DEMO_JOBS, app::DEMO_SEED, now()).await.expect("seed");
        app
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(format!("{}{path}", self.url)).send().await.expect("GET")
    }

    /// GET and the body as text, asserting the status.
    pub async fn page(&self, path: &str, status: u16) -> String {
        let response = self.get(path).await;
        let actual = response.status().as_u16();
        let body = response.text().await.expect("body");
        assert_eq!(actual, status, "GET {path}: {}", &body[..body.len().min(2_000)]);
        body
    }

    /// Signs up `email` for a new company `company`, confirms the address
    /// through the e-mailed link and signs in, as a new employer does; the
    /// session token.
    pub async fn sign_up(&self, email: &str, password: &str, company: &str) -> String {
        let form = [("email", email), ("password", password), ("company_name", company)];
        let response = self.call("signup", &form, None).await;
        assert_eq!(response.status(), 200, "sign-up of {email}");
        assert!(session_cookie(&response).is_none(), "no session before the address is confirmed");
        let mail = self.mail_containing(email, "/confirm?token=").await.expect("the confirmation link");
        let link = link_in(&mail, &format!("{}/confirm?token=", self.url));
        let (status, page) = self.press_link(&link.replacen(&self.url, "", 1)).await;
        assert!(status == 200 && page.contains("Your address is confirmed"), "{status}: {page}");
        let login = self.call("login", &[("email", email), ("password", password), ("next", "")], None).await;
        assert_eq!(login.status(), 200, "sign-in of {email}");
        session_cookie(&login).expect("session")
    }

    /// Follows an e-mailed link as a person does: opens its page (which
    /// changes nothing), presses the page's one button as a browser without
    /// JavaScript posts it, and opens where that leads: its status and text.
    pub async fn press_link(&self, path: &str) -> (u16, String) {
        let page = self.page(path, 200).await;
        let (action, fields) = one_form(&page);
        // As a browser posts from a page that sends no referrer.
        let response = self
            .client
            .post(format!("{}{action}", self.url))
            .header("origin", "null")
            .header("sec-fetch-site", "same-origin")
            .header("accept", "text/html,application/xhtml+xml")
            .form(&fields)
            .send()
            .await
            .expect("POST the link's form");
        assert!(response.status().is_redirection(), "{action}: {}", response.status());
        let location = response.headers()["location"].to_str().expect("location").to_owned();
        let next = self.get(&location).await;
        (next.status().as_u16(), next.text().await.expect("body"))
    }

    /// Posts `form` to `function` as a browser without JavaScript does from
    /// `page` (optionally signed in), expects it refused and sent back to
    /// `page` with nothing typed in the address, and opens that with the
    /// kept-form cookie it set: the page's text.
    pub async fn refused_form_page(
        &self,
        function: &str,
        page: &str,
        form: &[(&str, &str)],
        session: Option<&str>,
    ) -> String {
        let response = self.submit_form_as(function, page, form, session).await;
        assert!(response.status().is_redirection(), "{}", response.status());
        let back = response.headers()["location"].to_str().expect("location").replace(&self.url, "");
        assert!(back.starts_with(&format!("{page}?")) && back.len() < 1_500, "{back}");
        let kept = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| v.split(';').next().filter(|pair| pair.starts_with("farcoder_form=")))
            .expect("the kept form's cookie")
            .to_owned();
        let cookies = match session {
            Some(session) => format!("farcoder_session={session}; {kept}"),
            None => kept,
        };
        let response =
            self.client.get(format!("{}{back}", self.url)).header("cookie", cookies).send().await.expect("GET");
        assert_eq!(response.status(), 200);
        response.text().await.expect("body")
    }

    /// GET with a session cookie.
    pub async fn get_as(&self, path: &str, session: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.url))
            .header("cookie", format!("farcoder_session={session}"))
            .send()
            .await
            .expect("GET")
    }

    /// Calls a server function as the hydrated page does (same origin, JSON
    /// back), optionally signed in.
    pub async fn call(&self, function: &str, form: &[(&str, &str)], session: Option<&str>) -> reqwest::Response {
        let mut request = self
            .client
            .post(format!("{}/api/fn/{function}", self.url))
            .header("origin", &self.origin)
            .header("accept", "application/json")
            .form(form);
        if let Some(session) = session {
            request = request.header("cookie", format!("farcoder_session={session}"));
        }
        request.send().await.expect("POST")
    }

    /// Submits a form as a browser without JavaScript does, from `page`.
    pub async fn submit_form(&self, function: &str, page: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.submit_form_as(function, page, form, None).await
    }

    /// `submit_form`, optionally signed in.
    pub async fn submit_form_as(
        &self,
        function: &str,
        page: &str,
        form: &[(&str, &str)],
        session: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(format!("{}/api/fn/{function}", self.url))
            .header("origin", &self.origin)
            .header("referer", format!("{}{page}", self.url))
            .header("accept", "text/html,application/xhtml+xml")
            .form(form);
        if let Some(session) = session {
            request = request.header("cookie", format!("farcoder_session={session}"));
        }
        request.send().await.expect("POST form")
    }

    /// Uploads `bytes` as the file field `field` of a multipart form, as a
    /// browser does, from `origin` and optionally signed in.
    pub async fn upload(
        &self,
        path: &str,
        field: &str,
        bytes: Vec<u8>,
        session: Option<&str>,
        origin: &str,
    ) -> reqwest::Response {
        let part = reqwest::multipart::Part::bytes(bytes).file_name("upload.bin");
        let mut request = self
            .client
            .post(format!("{}{path}", self.url))
            .header("origin", origin)
            .multipart(reqwest::multipart::Form::new().part(field.to_owned(), part));
        if let Some(session) = session {
            request = request.header("cookie", format!("farcoder_session={session}"));
        }
        request.send().await.expect("POST multipart")
    }

    /// The newest e-mail the SMTP server received for `recipient`, waiting a
    /// few seconds for the sender.
    pub async fn mail_to(&self, recipient: &str) -> Option<String> {
        self.mail_containing(recipient, "").await
    }

    /// The newest e-mail to `recipient` that contains `text`, waiting a few
    /// seconds for the sender (earlier mails to the same address may arrive
    /// first).
    pub async fn mail_containing(&self, recipient: &str, text: &str) -> Option<String> {
        self.mailbox.find(recipient, text).await.map(|mail| mail.text)
    }

    /// How many e-mails the SMTP server has received from this database's servers.
    pub fn mail_count(&self) -> usize {
        self.mailbox.all().len()
    }

    /// Calls a read-only server function as the hydrated page does: a GET
    /// with the arguments in the query string.
    pub async fn read(&self, function: &str, args: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .get(format!("{}/api/fn/{function}", self.url))
            .header("accept", "application/json")
            .query(args)
            .send()
            .await
            .expect("GET server function")
    }

    /// The search server function, as the hydrated page calls it.
    pub async fn search(&self, query: &str) -> SearchResults {
        let response = self.read("search_jobs", &[("query", query)]).await;
        assert_eq!(response.status(), 200, "search {query}");
        response.json().await.expect("search results")
    }

    /// The ids a search returns, in order.
    pub async fn search_ids(&self, query: &str) -> Vec<i64> {
        self.search(query).await.jobs.iter().map(|j| j.id).collect()
    }

    pub async fn company(&self, name: &str) -> Company {
        let id = repo::companies::insert(
            &self.db,
            &repo::companies::NewCompany {
                slug: farcoder::model::slugify(name),
                name: name.to_owned(),
                website: Some("https://example.com".to_owned()),
                about: format!("{name} makes things."),
                verified_at: Some(now()),
                created_at: now(),
            },
        )
        .await
        .expect("insert company");
        Company { id }
    }

    /// The storage backend the app uses.
    /// The database this server uses.
    pub fn database_url(&self) -> &str {
        &self.database.url
    }

    pub fn storage(&self) -> farcoder::server::storage::Storage {
        farcoder::server::storage::Storage::local(self.upload_dir()).expect("local storage")
    }

    /// The folder the server serves `/pkg/…` and other static files from.
    pub fn site_root(&self) -> std::path::PathBuf {
        self.database.dir.path().to_path_buf()
    }

    /// Where the local storage backend keeps uploads.
    pub fn upload_dir(&self) -> std::path::PathBuf {
        self.database.dir.path().join("uploads")
    }

    /// Gives the company called `name` the verified badge, as a moderator's
    /// approval would.
    pub async fn verify(&self, name: &str) {
        let slug = farcoder::model::slugify(name);
        let company = repo::companies::find_by_slug(&self.db, &slug).await.expect("find").expect("company");
        repo::verifications::set_verified(&self.db, company.id, Some(now())).await.expect("verify");
    }

    /// Makes every insert into `table` fail, as a full disk or a lost
    /// connection would in the middle of a write, until `mend`.
    pub async fn break_inserts_into(&self, table: &str) {
        self.refuse(table, "INSERT").await;
    }

    /// Makes every UPDATE of `table` fail, as `break_inserts_into` does inserts.
    pub async fn break_updates_of(&self, table: &str) {
        self.refuse(table, "UPDATE").await;
    }

    async fn refuse(&self, table: &str, write: &str) {
        let statements = match self.db.backend {
            farcoder::server::db::Backend::Sqlite => vec![format!(
                "CREATE TRIGGER {table}_refuses BEFORE {write} ON {table} BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
            )],
            farcoder::server::db::Backend::Postgres => vec![
                "CREATE OR REPLACE FUNCTION injected_failure() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql".to_owned(),
                format!("CREATE TRIGGER {table}_refuses BEFORE {write} ON {table} FOR EACH ROW EXECUTE FUNCTION injected_failure()"),
            ],
        };
        for statement in statements {
            sqlx::query(&statement).execute(&self.db.pool).await.expect("inject the failure");
        }
    }

    /// Undoes `break_inserts_into(table)` or `break_updates_of(table)`.
    pub async fn mend(&self, table: &str) {
        let statement = match self.db.backend {
            farcoder::server::db::Backend::Sqlite => format!("DROP TRIGGER {table}_refuses"),
            farcoder::server::db::Backend::Postgres => format!("DROP TRIGGER {table}_refuses ON {table}"),
        };
        sqlx::query(&statement).execute(&self.db.pool).await.expect("mend");
    }

    /// How many rows `table` holds where `condition` is true.
    pub async fn count(&self, table: &str, condition: &str) -> i64 {
        let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table} WHERE {condition}"))
            .fetch_one(&self.db.pool)
            .await
            .expect("count");
        n
    }

    /// Stores a posting described by `spec`.
    /// Waits until background task `task` has finished `n` more rounds:
    /// whatever it would do with what is there now, it has done.
    pub async fn rounds_pass(&self, task: &str, n: u64) {
        let rounds = || self.tasks.health().get(task).map_or(0, |h| h.rounds);
        let target = rounds() + n;
        let started = std::time::Instant::now();
        while rounds() < target {
            assert!(started.elapsed() < std::time::Duration::from_secs(30), "{task} did not finish {n} rounds");
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    /// Moves published posting `id` to `to` as if it had been published at
    /// `published_at` and open until `expires_at` (to age it, or close it).
    pub async fn republish(
        &self,
        id: i64,
        to: farcoder::model::PostingStatus,
        published_at: farcoder::model::Time,
        expires_at: farcoder::model::Time,
    ) {
        use farcoder::server::repo::jobs::{Move, transition};
        let set = Move { published_at: Some(published_at), expires_at: Some(expires_at), note: None };
        let published = [farcoder::model::PostingStatus::Published];
        let moved = transition(&self.db, id, &published, to, set, farcoder::server::now()).await.expect("move");
        assert!(moved, "posting {id} was not published");
    }

    pub async fn post_job(&self, company: &Company, spec: JobSpec) -> i64 {
        insert_job(&self.db, company.id, spec).await
    }
}

/// Stores a posting described by `spec` in `db`.
pub async fn insert_job(db: &Db, company_id: i64, spec: JobSpec) -> i64 {
    let published_at = now() - spec.age_days * DAY;
    repo::jobs::insert(
        db,
        &repo::jobs::NewJob {
            company_id,
            title: spec.title,
            category: spec.category,
            level: spec.level,
            job_type: spec.job_type,
            salary: spec.salary,
            stacks: spec.stacks,
            locations: spec.locations,
            timezone: None,
            core_hours: spec.core_hours,
            hiring: spec.hiring,
            process: farcoder::model::Process::default(),
            description: spec.description,
            apply_url: Some("https://example.com/apply".to_owned()),
            status: farcoder::model::PostingStatus::from_slug(spec.status).expect("a posting status"),
            featured: false,
            published_at: Some(published_at),
            expires_at: Some(published_at + spec.open_days * DAY),
            created_at: published_at,
        },
    )
    .await
    .expect("insert job")
}

/// A company the test made; postings go to it by id.
pub struct Company {
    pub id: i64,
}

/// A posting with sensible defaults; tests change what they check.
pub struct JobSpec {
    pub title: String,
    pub category: Category,
    pub level: Level,
    pub job_type: EmploymentType,
    pub salary: SalaryRange,
    pub stacks: Vec<Stack>,
    pub locations: Vec<Location>,
    pub core_hours: Option<farcoder::model::CoreHours>,
    pub hiring: farcoder::model::Hiring,
    pub description: String,
    pub status: &'static str,
    pub age_days: i64,
    pub open_days: i64,
}

impl JobSpec {
    pub fn titled(title: &str) -> JobSpec {
        JobSpec {
            title: title.to_owned(),
            category: Category::Backend,
            level: Level::Senior,
            job_type: EmploymentType::FullTime,
            salary: usd(100_000, 130_000),
            stacks: vec![Stack::Go],
            locations: vec![Location::WORLDWIDE],
            core_hours: None,
            hiring: farcoder::model::Hiring::default(),
            description: "You will build services.".to_owned(),
            status: "published",
            age_days: 1,
            open_days: 60,
        }
    }
}

pub fn usd(min: i64, max: i64) -> SalaryRange {
    SalaryRange { min, max, currency: Currency::Usd, period: SalaryPeriod::Year }
}

/// A database of a test's own, removed when the test ends.
pub struct TestDatabase {
    pub url: String,
    /// A folder of the test's own (the SQLite file, the site root).
    pub dir: tempfile::TempDir,
    /// Where this database's servers send mail.
    pub mailbox: crate::mailbox::Mailbox,
    /// Dropped with the test: drops the PostgreSQL database.
    _postgres: Option<crate::postgres::Scratch>,
}

impl TestDatabase {
    pub async fn new() -> TestDatabase {
        let dir = tempfile::tempdir().expect("temp dir");
        match crate::postgres::Scratch::create().await {
            Some(scratch) => {
                TestDatabase { url: scratch.url.clone(), dir, mailbox: Mailbox::new(), _postgres: Some(scratch) }
            }
            None => TestDatabase {
                url: format!("sqlite://{}", dir.path().join("farcoder.db").display()),
                dir,
                mailbox: Mailbox::new(),
                _postgres: None,
            },
        }
    }
}

/// The session token a response sets, if any.
pub fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("farcoder_session="))
        .map(|v| v.split(';').next().unwrap_or_default().to_owned())
        .filter(|v| !v.is_empty())
}

/// The action and hidden fields of the one POST form in `page`.
pub fn one_form(page: &str) -> (String, Vec<(String, String)>) {
    let start = page.find("<form method=\"post\"").unwrap_or_else(|| panic!("no form in {page}"));
    let form = &page[start..start + page[start..].find("</form>").expect("the form's end")];
    let attribute = |tag: &str, name: &str| {
        let at = tag.find(&format!(" {name}=\"")).map(|i| i + name.len() + 3)?;
        let value = &tag[at..at + tag[at..].find('"')?];
        Some(value.replace("&amp;", "&").replace("&quot;", "\"").replace("&#x27;", "'"))
    };
    let action = attribute(&form[..form.find('>').expect("tag end")], "action").expect("an action");
    let fields = form
        .split("<input")
        .skip(1)
        .map(|rest| &rest[..rest.find('>').unwrap_or(rest.len())])
        .filter_map(|tag| Some((attribute(tag, "name")?, attribute(tag, "value").unwrap_or_default())))
        .collect();
    (action, fields)
}

/// The first link in an e-mail that starts with `prefix`.
pub fn link_in(mail: &str, prefix: &str) -> String {
    mail.split_whitespace()
        .find(|w| w.starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix} link in {mail}"))
        .to_owned()
}
