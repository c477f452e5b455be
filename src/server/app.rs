//! Start-up: database, demo data, state and the router. `main` and the
//! integration tests both start the server through here.

use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};

use crate::app::{App, shell};
use crate::server::auth::secret::Secret;
use crate::server::config::Config;
use crate::server::db::{Db, DbError};
use crate::server::http::page_cache::PageCache;
use crate::server::http::routes;
use crate::server::http::state::AppState;
use crate::server::read_model::ReadModel;
use crate::server::repo::jobs;
use crate::server::seed;
use crate::server::tasks::Next;

/// Postings in the demo data, and its seed.
pub const DEMO_JOBS: usize = 400;
pub const DEMO_SEED: u64 = 2026;

/// Connects, migrates and, when asked and the database is empty, seeds.
pub async fn prepare_database(config: &Config) -> Result<Db, DbError> {
    let db = Db::connect(&config.database_url, &config.pool).await?;
    db.migrate().await?;
    let guides = crate::server::content::guides::load_missing(&db).await?;
    if guides > 0 {
        tracing::info!(guides, "stored the shipped guides the database did not have");
    }
    if config.demo_data {
        // Servers starting together: one seeds, the others then find jobs.
        db.with_startup_lock(async |db| {
            if jobs::count_all(db).await? == 0 {
                let seeded = seed::seed(db, DEMO_JOBS, DEMO_SEED, crate::server::now()).await?;
                tracing::info!(
                    companies = seeded.companies,
                    jobs = seeded.jobs,
                    "inserted demo data into the empty database"
                );
            }
            Ok(())
        })
        .await?;
    }
    Ok(db)
}

/// On a developer's server whose database has no account yet: the demo
/// employer and moderator, and how to sign in as each (printed, for the
/// person who started the server).
pub async fn demo_accounts(state: &AppState) -> Result<(), String> {
    if !state.config.is_development() {
        return Ok(());
    }
    let made = crate::server::demo::create(&state.db, &state.storage, crate::server::now()).await;
    match made.map_err(|e| e.to_string())? {
        // For the person at the terminal; a log shipper reads it as a line.
        Some(demo) if state.config.log_format == crate::server::config::LogFormat::Json => {
            tracing::info!(accounts = %demo.sign_in_text(&state.config.public_url), "demo accounts made");
        }
        Some(demo) => println!("{}", demo.sign_in_text(&state.config.public_url)),
        None => tracing::info!("accounts exist: no demo accounts made"),
    }
    Ok(())
}

/// The app's routes, listed once per process. Listing them renders the app
/// with resource loading suppressed by a process-wide flag (leptos#4773): a
/// resource first polled by another server's request meanwhile would hang
/// for ever, which happened when tests start servers side by side.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole HTTP application.
pub fn router(state: AppState) -> Router {
    let routes = route_list();
    let options = state.leptos_options.clone();
    Router::new()
        .route("/healthz", get(routes::healthz))
        .route("/readyz", get(routes::readyz))
        .route("/jobs/{slug}/apply", get(routes::apply))
        .route("/jobs/{slug}/card.svg", get(crate::server::http::job_card::job_card))
        .route("/embed/jobs", get(crate::server::http::embed::search_widget))
        .route("/feed.xml", get(crate::server::http::feeds::newest))
        .route("/jobs/feed.xml", get(crate::server::http::feeds::filtered))
        .route("/guides/feed.xml", get(crate::server::http::feeds::guides))
        .route("/sitemap.xml", get(crate::server::http::sitemap::sitemap))
        .route("/sitemaps/{file}", get(crate::server::http::sitemap::part))
        .route("/robots.txt", get(crate::server::http::sitemap::robots))
        .route("/favicon.svg", get(routes::favicon))
        .route("/passkeys.js", get(routes::passkeys_script))
        .route("/embed.css", get(routes::embed_style))
        .merge(indexnow_key_file(&state))
        .merge(
            Router::new()
                .route("/api/v1/jobs", get(crate::server::http::api_v1::list_jobs))
                .route("/api/v1/jobs/{id}", get(crate::server::http::api_v1::get_job))
                .route("/api/v1/openapi.json", get(crate::server::http::api_v1::openapi))
                .layer(crate::server::http::api_v1::cors()),
        )
        .route("/companies/{slug}/logo", get(routes::logo))
        .route("/companies/{slug}/embed", get(crate::server::http::embed::widget))
        .route(
            "/companies/{slug}/jobs.json",
            get(crate::server::http::embed::jobs_json).layer(crate::server::http::api_v1::cors()),
        )
        .route(
            "/dashboard/company/logo",
            axum::routing::post(routes::upload_logo)
                .layer(axum::extract::DefaultBodyLimit::max(crate::server::accounts::logo::MAX_REQUEST_BYTES)),
        )
        .route(
            "/jobs/{slug}/applications",
            axum::routing::post(crate::server::http::applications::submit)
                .layer(axum::extract::DefaultBodyLimit::max(crate::server::http::applications::MAX_REQUEST_BYTES)),
        )
        .route("/alerts/unsubscribe", axum::routing::post(routes::unsubscribe_alert))
        .route("/still-hiring", axum::routing::post(routes::still_hiring))
        .route("/saved", axum::routing::post(crate::server::http::saved::change))
        .route(
            "/me/profile",
            axum::routing::post(crate::server::http::seekers::save_profile)
                .layer(axum::extract::DefaultBodyLimit::max(crate::server::http::seekers::MAX_REQUEST_BYTES)),
        )
        .route("/me/data.json", get(crate::server::http::seekers::export))
        .route("/me/resume.json", get(crate::server::http::seekers::resume))
        .route(
            "/me/profile/resume",
            axum::routing::post(crate::server::http::seekers::import_resume)
                .layer(axum::extract::DefaultBodyLimit::max(crate::model::MAX_RESUME_BYTES + 64 * 1024)),
        )
        .route("/me/passkeys/new", axum::routing::post(crate::server::http::seekers::passkey_new))
        .route("/me/passkeys", axum::routing::post(crate::server::http::seekers::passkey_add))
        .route("/me/passkeys/sign-in/new", axum::routing::post(crate::server::http::seekers::passkey_sign_in_new))
        .route("/me/passkeys/sign-in", axum::routing::post(crate::server::http::seekers::passkey_sign_in))
        .route("/me/cv", get(crate::server::http::seekers::cv))
        .route("/me/applications/{id}/cv", get(crate::server::http::seekers::application_cv))
        .route("/dashboard/applications/{id}/cv", get(crate::server::http::applications::cv))
        .route("/dashboard/jobs/{id}/applications/export.csv", get(crate::server::http::applications::csv))
        .route("/metrics", get(crate::server::http::routes::metrics))
        .leptos_routes(&state, routes, move || shell(options.clone()))
        // Every route above tells the request counter its name.
        .route_layer(axum::middleware::from_fn(crate::server::http::metrics::note_route))
        // Not-found pages render with the state too (their loader script,
        // their canonical links).
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(
            {
                let state = state.clone();
                move || leptos::prelude::provide_context(state.clone())
            },
            shell,
        ))
        // Every request passes these in order, top to bottom (and its
        // response back up through them).
        .layer(
            tower::ServiceBuilder::new()
                // What leaves is compressed, pages, CSS, JS and wasm alike.
                // Level 4 keeps brotli fast enough for pages rendered per request.
                .layer(
                    tower_http::compression::CompressionLayer::new().quality(tower_http::CompressionLevel::Precise(4)),
                )
                // Every log line a request causes carries its id, which the response returns.
                .layer(axum::middleware::from_fn(crate::server::http::request_id::tag))
                .layer(axum::middleware::from_fn_with_state(
                    state.metrics.clone(),
                    crate::server::http::metrics::measure,
                ))
                .layer(tower_http::timeout::TimeoutLayer::with_status_code(
                    axum::http::StatusCode::REQUEST_TIMEOUT,
                    state.config.request_timeout,
                ))
                .layer(axum::middleware::from_fn_with_state(
                    crate::server::http::security_headers::Protection::new(state.config.https(), &state.loader.source),
                    crate::server::http::security_headers::protect,
                ))
                // After a write, the search index and kept pages catch up.
                .layer(axum::middleware::from_fn_with_state(state.clone(), writes_reach_search))
                .layer(axum::middleware::from_fn_with_state(
                    crate::server::http::csrf::SiteOrigin::of(&state.config.public_url),
                    crate::server::http::csrf::same_origin_writes,
                ))
                .layer(axum::middleware::from_fn_with_state(
                    state.secret.clone(),
                    crate::server::http::form_errors::signed,
                ))
                // Anonymous pages from memory; what it keeps is finished below.
                .layer(axum::middleware::from_fn_with_state(
                    crate::server::http::page_cache::Serving {
                        pages: state.pages.clone(),
                        read_model: state.read_model.clone(),
                        db: state.db.clone(),
                        config: state.config.clone(),
                        secret: state.secret.clone(),
                        views: state.views.clone(),
                    },
                    crate::server::http::page_cache::serve,
                ))
                .layer(axum::middleware::from_fn_with_state(
                    state.leptos_options.hash_files,
                    crate::server::http::cache::assets,
                ))
                // The one layer that reads a page whole: tidied, then validated.
                .layer(axum::middleware::from_fn(crate::server::http::cache::pages))
                .layer(axum::middleware::from_fn(crate::server::http::error_status::server_fn_errors)),
        )
        .with_state(state)
}

/// Serves `router` on `listener`, with the peer address available to rate
/// limits, until `shutdown` resolves; then accepts no new connection, and
/// gives the requests under way `grace` to finish. Whether they all did.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    grace: std::time::Duration,
) -> std::io::Result<bool> {
    let (began, begun) = tokio::sync::oneshot::channel::<()>();
    let signal = async move {
        shutdown.await;
        let _ = began.send(());
    };
    let server = axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(signal)
        .into_future();
    let deadline = async move {
        match begun.await {
            Ok(()) => tokio::time::sleep(grace).await,
            // The server ended by itself: no deadline to keep.
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        served = server => served.map(|()| true),
        () = deadline => {
            tracing::warn!(?grace, "requests still running at the shutdown deadline: stopped");
            Ok(false)
        }
    }
}

/// Work that runs beside the requests, supervised (`tasks`): delivering
/// e-mail from the outbox, following the change logs, alert digests and the
/// freshness task.
pub fn spawn_background(state: &AppState) -> Result<(), String> {
    let tasks = &state.tasks;
    if let Some(schedule) = state.config.backup.clone() {
        let state = state.clone();
        // Every few minutes each server looks whether this window has its
        // copy; the first to find none makes it.
        tasks.every("backup", std::time::Duration::from_secs(300), move || {
            let (state, schedule) = (state.clone(), schedule.clone());
            async move {
                let s3 = crate::server::backup::s3_of(&state.config.storage);
                let (db, url, now) = (&state.db, &state.config.database_url, crate::server::now());
                match crate::server::backup::scheduled(db, url, &state.storage, s3, &schedule, now).await {
                    Ok(Some(made)) => tracing::info!(files = made.files, "scheduled backup made"),
                    Ok(None) => {}
                    Err(why) => tracing::error!("scheduled backup failed: {why}"),
                }
                Next::Wait
            }
        });
    }
    let jobs = state.jobs.clone();
    tasks.every("jobs", std::time::Duration::from_millis(500), move || {
        let jobs = jobs.clone();
        async move { jobs.round().await }
    });
    let (views, db) = (state.views.clone(), state.db.clone());
    tasks.every("views", std::time::Duration::from_secs(1), move || {
        let (views, db) = (views.clone(), db.clone());
        async move {
            if let Err(err) = views.flush(&db).await {
                tracing::warn!(error = %err, "views not written yet");
            }
            Next::Wait
        }
    });
    if !state.config.search_poll.is_zero() {
        let follower = state.clone();
        tasks.every("search follower", state.config.search_poll, move || {
            let state = follower.clone();
            async move {
                catch_up(&state).await;
                Next::Wait
            }
        });
    }
    if let Some(interval) = state.config.alerts_interval {
        let builder = Arc::new(crate::server::syndication::alerts::digest::Builder {
            db: state.db.clone(),
            search: state.read_model.clone(),
            secret: state.secret.clone(),
            base: state.config.public_url.clone(),
            digests: state.metrics.digests(),
        });
        tasks.every("alert digests", interval, move || {
            let builder = builder.clone();
            async move { crate::server::syndication::alerts::digest::round(&builder).await }
        });
    }
    if !state.config.webhooks.is_empty() {
        use crate::server::syndication::webhooks::{Announcer, round};
        let task = Arc::new(Announcer {
            db: state.db.clone(),
            hooks: state.config.webhooks.clone(),
            base: state.config.public_url.clone(),
        });
        tasks.every("webhooks", std::time::Duration::from_secs(5), move || {
            let task = task.clone();
            async move { round(&task).await }
        });
    }
    if state.config.search_engines.any() {
        use crate::server::syndication::search_engines::{Teller, round};
        let task = Arc::new(Teller {
            db: state.db.clone(),
            engines: state.config.search_engines.clone(),
            base: state.config.public_url.clone(),
        });
        tasks.every("search engines", std::time::Duration::from_secs(5), move || {
            let task = task.clone();
            async move { round(&task).await }
        });
    }
    if let Some(every) = state.config.ats_sync {
        use crate::server::imports::sync::{Schedule, round};
        let task =
            Arc::new(Schedule { db: state.db.clone(), every: crate::model::Span::seconds(every.as_secs() as i64) });
        // Looked at a few times a sync period: a board is read once it is due.
        tasks.every("ats boards", (every / 4).max(std::time::Duration::from_secs(1)), move || {
            let task = task.clone();
            async move { round(&task).await }
        });
    }
    if let Some(interval) = state.config.freshness_interval {
        let task = Arc::new(crate::server::postings::confirm::Confirmations {
            db: state.db.clone(),
            secret: state.secret.clone(),
            public_url: state.config.public_url.clone(),
        });
        tasks.every("still hiring", interval, move || {
            let task = task.clone();
            async move { crate::server::postings::confirm::round(&task).await }
        });
        let task = Arc::new(crate::server::freshness::Freshness {
            db: state.db.clone(),
            storage: state.storage.clone(),
            public_url: state.config.public_url.clone(),
        });
        tasks.every("freshness", interval, move || {
            let task = task.clone();
            async move { crate::server::freshness::round(&task).await }
        });
    }
    Ok(())
}

/// IndexNow's key file, `/{key}.txt`, when a key is set: the landing-page
/// route would take its name otherwise.
fn indexnow_key_file(state: &AppState) -> Router<AppState> {
    let Some(indexnow) = &state.config.search_engines.indexnow else { return Router::new() };
    let key = indexnow.key.as_str().to_owned();
    Router::new().route(
        &indexnow.key.file_path(),
        get(move || async move { ([(axum::http::header::CONTENT_TYPE, "text/plain; charset=utf-8")], key) }),
    )
}

/// Runs the notices to the search engines the operator set.
fn register_search_engines(jobs: &mut crate::server::queue::Runner, db: &Db, config: &Config) -> Result<(), String> {
    use crate::server::syndication::search_engines::{GoogleClient, IndexNowClient, PingGoogle, PingIndexNow};
    if let Some(indexnow) = &config.search_engines.indexnow {
        jobs.register::<PingIndexNow>(Arc::new(IndexNowClient::new(indexnow, &config.public_url)?));
    }
    if let Some(google) = &config.search_engines.google {
        jobs.register::<PingGoogle>(Arc::new(GoogleClient::new(db.clone(), google.clone())?));
    }
    Ok(())
}

/// The shared state, with the search index built; fails when the
/// configured storage cannot be used or the index cannot be built.
pub async fn state(config: Config, db: Db, leptos_options: LeptosOptions) -> Result<AppState, String> {
    let storage = crate::server::storage::Storage::from_settings(&config.storage)?;
    let started = std::time::Instant::now();
    let search = ReadModel::build(&db, config.search_poll).await.map_err(|e| e.to_string())?;
    tracing::info!(
        postings = search.len(),
        took_ms = started.elapsed().as_millis() as u64,
        "search filters ready; the text index builds beside the requests"
    );
    let copies = crate::server::http::page_cache::Copies::start(db.clone(), &config.public_url);
    let pages = PageCache::new(&search, config.page_cache, config.list_lag, Some(copies)).map_err(|e| e.to_string())?;
    pages.catch_up(&db).await.map_err(|e| e.to_string())?;
    let secret = Secret::load(&db, config.secret.clone(), crate::server::now()).await.map_err(|e| e.to_string())?;
    let metrics = crate::server::http::metrics::Metrics::new(pages.clone(), search.clone());
    let tasks = crate::server::tasks::Tasks::new(metrics.task_panics());
    let loader = crate::components::Loader::new(&leptos_options);
    let mut jobs = crate::server::queue::Runner::new(db.clone(), crate::server::queue::worker_name(), metrics.jobs());
    let mailer =
        crate::server::mail::Mailer::new(db.clone(), &config.mail, metrics.mail()).map_err(|e| e.to_string())?;
    jobs.register::<crate::server::repo::outbox::SendMail>(Arc::new(mailer));
    jobs.register::<crate::server::storage::DeleteFile>(Arc::new(storage.clone()));
    jobs.register::<crate::server::freshness::Prune>(Arc::new(db.clone()));
    let checker = crate::server::freshness::LinkChecker::new(config.check_private_links).map_err(|e| e.to_string())?;
    let link_checks = crate::server::freshness::LinkChecks { db: db.clone(), checker };
    jobs.register::<crate::server::freshness::CheckLink>(Arc::new(link_checks));
    if !config.webhooks.is_empty() {
        use crate::server::syndication::webhooks::{DeliverWebhook, Receivers};
        let receivers = Receivers::new(config.webhooks.clone(), config.webhook_signing.clone())?;
        jobs.register::<DeliverWebhook>(Arc::new(receivers));
    }
    register_search_engines(&mut jobs, &db, &config)?;
    let boards = crate::server::imports::boards::Boards::new(config.ats.clone())?;
    let imports = Arc::new(crate::server::imports::Importer { db: db.clone(), boards });
    jobs.register::<crate::server::imports::sync::SyncBoard>(imports.clone());
    Ok(AppState {
        leptos_options,
        db,
        config: Arc::new(config),
        storage,
        read_model: search,
        pages,
        secret,
        metrics,
        loader,
        tasks,
        views: crate::server::postings::stats::Views::default(),
        jobs: Arc::new(jobs),
        imports,
    })
}

/// After any request that may have written, brings the search index and
/// the page versions up to date before answering: the page the browser
/// goes to next shows the write, and the kept pages it changed are stale.
/// Reads change nothing, and a write that changed nothing shown (a sign-in,
/// an application) leaves every kept page current. A write that was refused,
/// forbidden or sent nowhere costs nothing here.
async fn writes_reach_search(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let writes = !request.method().is_safe();
    let response = next.run(request).await;
    if writes && went_through(&response) {
        state.read_model.written();
        catch_up(&state).await;
    }
    response
}

/// Whether an unsafe request's answer says it went through: a known route
/// that neither refused it, nor limited it, nor sent its form back to be
/// corrected.
fn went_through(response: &axum::response::Response) -> bool {
    use crate::server::http::form_errors::{Refused, carries_error};
    let status = response.status();
    let location = response.headers().get(axum::http::header::LOCATION).and_then(|v| v.to_str().ok());
    let sent_back = location.is_some_and(|to| carries_error(to) || to == "/too-many-requests");
    (status.is_success() || status.is_redirection())
        && !sent_back
        && response.extensions().get::<Refused>().is_none()
        && crate::server::http::metrics::matched_route(response).is_some()
}

/// Reads the change logs other servers (and this one) write: the search
/// index's postings and the page versions. After every write here, and
/// every `search_poll`.
async fn catch_up(state: &AppState) {
    if let Err(err) = state.read_model.catch_up(&state.db).await {
        tracing::warn!(error = %err, "search index could not read the change log");
    }
    if let Err(err) = state.pages.catch_up(&state.db).await {
        tracing::warn!(error = %err, "page cache could not read the page versions");
    }
}
