//! Search latency over 100,000 postings: a fixed mix of 1,000 queries (text,
//! filters, both) run one after another, reporting p50, p99 and queries per
//! second twice: the engine alone (index, filters, facet counts, one page of
//! ids), and the whole service `/jobs` calls (that, plus the page's cards from
//! the database, plus a suggestion when nothing matched). It also reports how
//! long building the index took and the process's resident memory after.
//!
//! ```text
//! cargo bench --features ssr --bench search
//! ```
//!
//! The data set is `farcoder seed --jobs 100000 --seed 1`, made on first use
//! in `target/bench/search-100k.db` (about a minute and a half) and reused
//! after. `BENCH_DATABASE_URL=postgres://…` runs against PostgreSQL instead
//! (seeded when it has no jobs). `BENCH_QUERIES=N` runs the first N of the
//! mix (each query of the mix is also run once before timing starts).

#[path = "common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use farcoder::model::JobFilter;
use farcoder::server::now;
use farcoder::server::read_model::ReadModel;

const QUERIES: usize = 1_000;

fn query_count() -> usize {
    std::env::var("BENCH_QUERIES").ok().and_then(|n| n.parse().ok()).unwrap_or(QUERIES).clamp(1, QUERIES)
}

/// Words people search for, typos and all.
const TEXT: &[&str] = &[
    "rust",
    "python",
    "go",
    "react",
    "typescript",
    "kubernetes",
    "senior+backend",
    "frontend",
    "data+engineer",
    "devops",
    "platform",
    "payments",
    "machine+learning",
    "postgres",
    "java",
    "mobile",
    "security",
    "sre",
    "staff+engineer",
    "api",
];
const FILTERS: &[&str] = &[
    "category=backend",
    "category=frontend&level=senior",
    "stack=rust",
    "stack=python&category=data-engineering",
    "region=europe",
    "min_salary=120000",
    "type=contract",
    "level=junior&region=americas",
    "verified=1&sort=salary",
    "category=devops&stack=kubernetes&min_salary=100000",
    // Issue 17: a working day's overlap (its counts too), how one is hired,
    // and confirmed-open.
    "tz=%2B05:30&overlap=4",
    "tz=-08:00&hire=employee&region=us",
    "hire=contractor&visa=1",
    "confirmed=14&sort=confirmed",
];

/// The i-th query of the fixed mix: a third text, a third filters, a third both.
fn query(i: usize) -> String {
    let text = TEXT[(i * 7) % TEXT.len()];
    let filter = FILTERS[(i * 3) % FILTERS.len()];
    let page = 1 + (i / 97) % 3;
    match i % 3 {
        0 => format!("q={text}&page={page}"),
        1 => format!("{filter}&page={page}"),
        _ => format!("q={text}&{filter}"),
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

/// The process's resident memory, from /proc.
fn resident_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn report(what: &str, mut times: Vec<Duration>, wall: Duration) {
    times.sort();
    println!("{what}");
    println!("  p50   {:>8.2?}", percentile(&times, 0.50));
    println!("  p90   {:>8.2?}", percentile(&times, 0.90));
    println!("  p99   {:>8.2?}", percentile(&times, 0.99));
    println!("  max   {:>8.2?}", times[times.len() - 1]);
    println!("  rate  {:>8.1} queries/s, one at a time", times.len() as f64 / wall.as_secs_f64());
}

#[tokio::main]
async fn main() {
    let db = common::postings().await;
    let at = now();
    let queries = query_count();
    let built = Instant::now();
    let engine = ReadModel::build(&db, Duration::from_secs(3600)).await.expect("index");
    let serving = built.elapsed();
    engine.warmed().await.expect("text index");
    let build_time = built.elapsed();
    let backend = format!("{:?}", db.backend).to_lowercase();
    println!("search over {} postings, {queries} queries ({backend})", engine.len());
    println!(
        "  filters ready in {serving:.2?}, text index built in {build_time:.2?}; resident memory after: {:.0} MB",
        resident_mb().unwrap_or(0.0)
    );

    // A warm-up pass fills caches.
    for i in 0..queries {
        engine.search(&db, &JobFilter::parse(&query(i)).0, at).await.expect("search");
    }
    let mut times = Vec::with_capacity(queries);
    let mut found = 0;
    let started = Instant::now();
    for i in 0..queries {
        let filter = JobFilter::parse(&query(i)).0;
        let one = Instant::now();
        found += engine.search(&db, &filter, at).await.expect("search").total;
        times.push(one.elapsed());
    }
    report("engine: index, filters, facet counts, a page of ids", times, started.elapsed());

    let mut times = Vec::with_capacity(queries);
    let started = Instant::now();
    for i in 0..queries {
        let one = Instant::now();
        farcoder::server::postings::jobs::search(&db, &engine, &query(i), at).await.expect("search");
        times.push(one.elapsed());
    }
    report("service: the engine, then the page's 20 cards from the database", times, started.elapsed());
    println!("  (matches in all: {found}; resident memory now {:.0} MB)", resident_mb().unwrap_or(0.0));
}
