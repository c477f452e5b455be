//! Server start only: config → telemetry → database → state → router.

use farcoder::server::app;
use farcoder::server::cli::Command;
use farcoder::server::config::{Config, LogFormat};
use farcoder::server::db::Db;
use farcoder::server::now;
use farcoder::server::seed;
use farcoder::server::settings::Settings;
use leptos::prelude::*;

/// A page render makes many small, short-lived allocations: mimalloc's
/// per-thread free lists cost less than glibc's malloc (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's options `arena_eager_commit` and `purge_delay`, by their
/// place in its `mi_option_e` (mimalloc.h).
const ARENA_EAGER_COMMIT: std::ffi::c_int = 4;
const PURGE_DELAY: std::ffi::c_int = 15;

/// Memory freed goes back to the system at once, and arenas are committed
/// as they fill: the server's resident size follows what it holds (after
/// the start's index build, about 60 MB less at rest than by default).
fn return_freed_memory() {
    // SAFETY: `mi_option_set` takes two integers and may be called at any
    // time, from any thread; both options are plain numbers.
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    return_freed_memory();
    // The command line and every setting, read strictly before anything
    // else: a setting it cannot take stops here with one line naming it.
    let (command, settings) = match Command::parse(std::env::args_os()) {
        Ok(parsed) => parsed,
        Err(stop) if stop.success => {
            println!("{}", stop.text);
            return std::process::ExitCode::SUCCESS;
        }
        Err(stop) => {
            eprintln!("{}", stop.text);
            return std::process::ExitCode::from(2);
        }
    };
    let names: Vec<String> = std::env::vars_os().filter_map(|(name, _)| name.into_string().ok()).collect();
    if let Err(why) = Settings::check_names(names.iter().map(String::as_str)) {
        eprintln!("{why}");
        return std::process::ExitCode::from(2);
    }
    let logs = tracing_subscriber::fmt().with_env_filter(
        tracing_subscriber::EnvFilter::try_from_default_env()
            .unwrap_or_else(|_| "info,sqlx=warn,leptos_axum=warn".into()),
    );
    // Lines of text, or one JSON object per line for a log shipper; a
    // request's lines carry its id either way.
    match settings.log_format {
        LogFormat::Json => logs.json().init(),
        LogFormat::Text => logs.init(),
    }
    match run(command, settings).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(why) => {
            tracing::error!("{why}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, settings: Settings) -> Result<(), String> {
    let leptos_options = leptos_options()?;
    let config = Config::from_settings(leptos_options.site_addr, settings)?;
    match command {
        Command::Migrate => {
            let db = Db::connect(&config.database_url, &config.pool).await.map_err(|e| e.to_string())?;
            db.migrate().await.map_err(|e| e.to_string())?;
            tracing::info!("migrations applied");
        }
        Command::Seed { jobs, seed: seed_value } => {
            let db = Db::connect(&config.database_url, &config.pool).await.map_err(|e| e.to_string())?;
            db.migrate().await.map_err(|e| e.to_string())?;
            let seeded = seed::seed(&db, jobs, seed_value, now()).await.map_err(|e| e.to_string())?;
            tracing::info!(companies = seeded.companies, jobs = seeded.jobs, "seeded");
        }
        Command::CreateModerator { email } => {
            let db = Db::connect(&config.database_url, &config.pool).await.map_err(|e| e.to_string())?;
            db.migrate().await.map_err(|e| e.to_string())?;
            let link = farcoder::server::moderation::create_moderator(&db, &email, &config.public_url, now())
                .await
                .map_err(|e| e.to_string())?;
            println!("Moderator {email} created. Open this link within 24 hours to choose a password:\n{link}");
        }
        Command::Backup { target } => {
            use farcoder::server::{backup, storage::Storage};
            let db = Db::connect(&config.database_url, &config.pool).await.map_err(|e| e.to_string())?;
            let uploads = Storage::from_settings(&config.storage)?;
            let place = backup::place(&target, backup::s3_of(&config.storage))?;
            let made = backup::backup(&db, &config.database_url, &uploads, &place, now()).await?;
            println!("Backed up to {target}: the database as of {} and {} uploaded files.", made.taken, made.files);
        }
        Command::Restore { source } => {
            use farcoder::server::{backup, storage::Storage};
            let uploads = Storage::from_settings(&config.storage)?;
            let place = backup::place(&source, backup::s3_of(&config.storage))?;
            let restored = backup::restore(&place, &config.database_url, &uploads).await?;
            let db = Db::connect(&config.database_url, &config.pool).await.map_err(|e| e.to_string())?;
            db.migrate().await.map_err(|e| e.to_string())?;
            println!("Restored the database as of {} and {} uploaded files.", restored.taken, restored.files);
        }
        Command::ShowConfig => {
            // `Config`'s Debug leaves out every password, key and token.
            println!("{config:#?}");
        }
        Command::FlagSurvey => {
            let db = Db::connect(&config.database_url, &config.pool).await.map_err(|e| e.to_string())?;
            db.migrate().await.map_err(|e| e.to_string())?;
            let survey = farcoder::server::postings::flags::survey(&db, now()).await.map_err(|e| e.to_string())?;
            println!("What each submission rule flags among the open postings:");
            for line in survey.lines() {
                println!("{line}");
            }
        }
        Command::Serve => {
            let db = app::prepare_database(&config).await.map_err(|e| e.to_string())?;
            let addr = leptos_options.site_addr;
            let grace = config.shutdown_grace;
            let state = app::state(config, db, leptos_options).await?;
            app::demo_accounts(&state).await?;
            app::spawn_background(&state).map_err(|e| e.to_string())?;
            let (tasks, db, views) = (state.tasks.clone(), state.db.clone(), state.views.clone());
            let router = app::router(state);
            let listener =
                tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
            let local = listener.local_addr().map_err(|e| format!("no local address: {e}"))?;
            tracing::info!("FarCoder listening on http://{local}");
            let signalled = std::sync::Arc::new(std::sync::OnceLock::new());
            let at_signal = signalled.clone();
            let shutdown = async move {
                shutdown_signal().await;
                let _ = at_signal.set(std::time::Instant::now());
            };
            let served = app::serve(listener, router, shutdown, grace).await;
            let served = served.map_err(|e| format!("server stopped: {e}"))?;
            // Requests are done (or out of time): the background rounds get
            // what is left of the grace since the signal, then the pool closes.
            let spent = signalled.get().map_or(std::time::Duration::ZERO, std::time::Instant::elapsed);
            let finished = tasks.stop(grace.saturating_sub(spent)).await && served;
            // The views noted since the last round are written before the pool closes.
            if let Err(err) = views.flush(&db).await {
                tracing::warn!(error = %err, "views noted last were not written");
            }
            // A request stuck past the deadline may hold a connection: the
            // pool gets the grace left, no more.
            let left =
                grace.saturating_sub(signalled.get().map_or(std::time::Duration::ZERO, std::time::Instant::elapsed));
            if tokio::time::timeout(left, db.pool.close()).await.is_err() {
                tracing::warn!("database connections still in use at the deadline: left to the exit");
            }
            tracing::info!(finished, "stopped");
        }
    }
    Ok(())
}

/// Leptos's options from cargo-leptos's environment, or defaults for a binary
/// started on its own. Asset names carry a content hash when the build left
/// its `hash.txt` beside the binary.
fn leptos_options() -> Result<LeptosOptions, String> {
    let from_cargo_leptos =
        option_env!("LEPTOS_OUTPUT_NAME").is_some() || std::env::var_os("LEPTOS_OUTPUT_NAME").is_some();
    let mut options = if from_cargo_leptos {
        get_configuration(None).map(|conf| conf.leptos_options).map_err(|e| format!("Leptos configuration: {e}"))?
    } else {
        let site_addr = std::env::var("LEPTOS_SITE_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());
        let site_addr: std::net::SocketAddr =
            site_addr.parse().map_err(|_| format!("LEPTOS_SITE_ADDR `{site_addr}` is not an address"))?;
        LeptosOptions::builder()
            .output_name("farcoder")
            .site_root(std::env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".to_owned()))
            .site_addr(site_addr)
            .build()
    };
    let hash_file = std::env::current_exe().ok().and_then(|exe| exe.parent().map(|dir| dir.join(&*options.hash_file)));
    options.hash_files = hash_file.is_some_and(|file| file.exists());
    Ok(options)
}

/// Ctrl-C, or SIGTERM (what `docker stop`, systemd and Kubernetes send).
async fn shutdown_signal() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::warn!(error = %err, "SIGTERM cannot be caught; only Ctrl-C stops the server gracefully");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => tracing::info!("Ctrl-C: shutting down"),
        () = terminate => tracing::info!("SIGTERM: shutting down"),
    }
}
