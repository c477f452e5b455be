//! What the benchmarks share: the 100,000-posting data set.

use std::time::Instant;

use farcoder::server::db::Db;
use farcoder::server::now;
use farcoder::server::repo::jobs;
use farcoder::server::seed;

/// Postings in the data set.
pub const JOBS: usize = 100_000;

/// The data set: `BENCH_DATABASE_URL` (PostgreSQL), or the SQLite file
/// `target/bench/search-100k.db`. Migrated, and seeded with `JOBS` postings
/// on first use.
pub async fn postings() -> Db {
    let url = std::env::var("BENCH_DATABASE_URL").unwrap_or_else(|_| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
        std::fs::create_dir_all(&dir).expect("target/bench");
        format!("sqlite://{}", dir.join("search-100k.db").display())
    });
    let db = Db::connect(&url, &Default::default()).await.expect("connect");
    db.migrate().await.expect("migrate");
    let present = jobs::count_all(&db).await.expect("count");
    if present == 0 {
        let started = Instant::now();
        seed::seed(&db, JOBS, 1, now()).await.expect("seed");
        eprintln!("seeded {JOBS} postings in {:.0?}", started.elapsed());
    } else {
        eprintln!("reusing {present} postings at {url}");
    }
    db
}
