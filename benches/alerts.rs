//! Building every due alert digest at scale: 100,000 confirmed alerts (a
//! mix of words, filters and both, daily and weekly) over the 100,000-posting
//! data set, with a day's new postings. Reports how long the run that
//! builds all due digests takes, how many it wrote, and how much memory it
//! took beyond what the process held before (the peak, reset first).
//!
//! ```text
//! cargo bench --features ssr --bench alerts
//! ```
//!
//! Uses the data set of the search benchmark (`target/bench/search-100k.db`,
//! made on first use); `BENCH_DATABASE_URL=postgres://…` runs against
//! PostgreSQL. The alerts are made on first use and reset before each run;
//! the digests the run writes are deleted after it.

#[path = "common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use farcoder::model::Time;
use farcoder::server::auth::secret::Secret;
use farcoder::server::db::{Db, Sql};
use farcoder::server::read_model::ReadModel;
use farcoder::server::syndication::alerts::{Links, digest};

const ALERTS: usize = 100_000;
const DAY: i64 = 86_400;

/// What people save: words (typos too), filters, both.
const WORDS: &[&str] = &[
    "rust",
    "python",
    "golang",
    "react",
    "typescript",
    "kubernetes",
    "backend",
    "frontend",
    "data engineer",
    "devops",
    "platform",
    "payments",
    "machine learning",
    "postgres",
    "java",
    "mobile",
    "security",
    "sre",
    "staff engineer",
    "api",
    "kotlin",
    "swift",
    "terraform",
    "graphql",
    "distributed systems",
    "compiler",
    "embedded",
    "ios",
    "android",
    "elixir",
    "scala",
    "rails",
    "django",
    "node",
    "pyton",
    "kubernets",
    "infrastructure",
    "search",
    "observability",
    "fintech",
];
const FILTERS: &[&str] = &[
    "category=backend",
    "category=frontend",
    "category=data-engineering",
    "category=devops",
    "category=mobile",
    "category=full-stack",
    "level=senior",
    "level=junior",
    "level=staff",
    "stack=rust",
    "stack=python",
    "stack=go",
    "stack=typescript",
    "stack=kubernetes",
    "region=europe",
    "region=americas",
    "min_salary=120000",
    "min_salary=150000",
    "type=contract",
    "verified=1",
];

/// The i-th alert's search: a third words, a third one or two filters, a third both.
fn search(i: usize) -> String {
    let word = WORDS[(i * 7 + i / 13) % WORDS.len()].replace(' ', "+");
    let first = FILTERS[(i * 3) % FILTERS.len()];
    let second = FILTERS[(i * 11 + 5) % FILTERS.len()];
    let filters = if i.is_multiple_of(2) || first == second { first.to_owned() } else { format!("{first}&{second}") };
    match i % 3 {
        0 => format!("q={word}"),
        1 => filters,
        _ => format!("q={word}&{filters}"),
    }
}

async fn scalar(db: &Db, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&db.pool).await.expect(sql);
    n
}

/// 100,000 confirmed alerts of as many addresses, made once; before each
/// run all are made due, as if their last digest was a day (or a week) ago.
async fn alerts(db: &Db, at: i64) {
    if scalar(db, "SELECT COUNT(*) FROM alerts").await < ALERTS as i64 {
        sqlx::query("DELETE FROM alerts").execute(&db.pool).await.expect("clear");
        sqlx::query("DELETE FROM alert_subscribers").execute(&db.pool).await.expect("clear");
        let started = Instant::now();
        let mut tx = db.pool.begin().await.expect("begin");
        for chunk in (0..ALERTS).collect::<Vec<_>>().chunks(500) {
            let mut sql =
                Sql::new(db.backend, "INSERT INTO alert_subscribers (id, email, link_key, created_at) VALUES ");
            for (n, i) in chunk.iter().enumerate() {
                if n > 0 {
                    sql.push(", ");
                }
                sql.push("(").bind(*i as i64 + 1).push(", ").bind(format!("seeker{i}@example.com"));
                sql.push(", ").bind(format!("{i:032x}")).push(", ").bind(at).push(")");
            }
            sql.query().execute(&mut *tx).await.expect("subscribers");
            let mut sql = Sql::new(
                db.backend,
                "INSERT INTO alerts (subscriber_id, query, frequency, confirmed_at, since, due_at, created_at) VALUES ",
            );
            for (n, i) in chunk.iter().enumerate() {
                if n > 0 {
                    sql.push(", ");
                }
                let frequency = if i.is_multiple_of(5) { "weekly" } else { "daily" };
                sql.push("(").bind(*i as i64 + 1).push(", ").bind(search(*i)).push(", ").bind(frequency);
                sql.push(", ").bind(at).push(", ").bind(at).push(", ").bind(at).push(", ").bind(at).push(")");
            }
            sql.query().execute(&mut *tx).await.expect("alerts");
        }
        tx.commit().await.expect("commit");
        eprintln!("made {ALERTS} alerts in {:.0?}", started.elapsed());
    }
    let reset = format!(
        "UPDATE alerts SET due_at = {at}, since = CASE frequency WHEN 'weekly' THEN {} ELSE {} END",
        at - 7 * DAY,
        at - DAY
    );
    sqlx::query(&reset).execute(&db.pool).await.expect("reset");
}

fn proc_status_mb(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

#[tokio::main]
async fn main() {
    let db = common::postings().await;
    // "Now" is a minute after the newest posting, so that a reused data set
    // still has a day's new postings.
    let newest = scalar(&db, "SELECT MAX(published_at) FROM jobs WHERE status = 'published'").await;
    let at = newest + 60;
    let engine = ReadModel::build(&db, Duration::from_secs(3600)).await.expect("index");
    engine.warmed().await.expect("text index");
    alerts(&db, at).await;
    let day =
        scalar(&db, &format!("SELECT COUNT(*) FROM jobs WHERE status = 'published' AND published_at > {}", at - DAY))
            .await;
    let week = scalar(
        &db,
        &format!("SELECT COUNT(*) FROM jobs WHERE status = 'published' AND published_at > {}", at - 7 * DAY),
    )
    .await;
    let outbox_before = scalar(&db, "SELECT COALESCE(MAX(id), 0) FROM outbox").await;
    let secret = Secret::from_setting(&"b".repeat(48)).expect("secret");
    let links = Links { secret: &secret, base: "https://farcoder.example" };

    // Resets the peak resident memory (Linux: 5 into clear_refs), so that the
    // peak after is the run's.
    let reset_peak = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let before = proc_status_mb("VmRSS:");
    let run = digest::build_due(&db, &engine, links, Time::from_unix(at)).await.expect("digests");
    let peak = proc_status_mb("VmHWM:");
    let backend = format!("{:?}", db.backend).to_lowercase();
    println!("alert digests: {ALERTS} alerts over {} postings ({backend})", engine.len());
    println!("  new postings: {day} in the last day, {week} in the last week (weekly alerts look back a week)");
    println!("  due alerts    {:>8}", run.alerts);
    println!("  digests       {:>8}", run.digests);
    println!("  matched over  {:>8} new postings", run.new_postings);
    println!("  took          {:>8.2?}", run.took);
    if reset_peak {
        println!("  memory        {:>8.0} MB beyond the {before:.0} MB held before (peak {peak:.0} MB)", peak - before);
    } else {
        println!("  memory        peak {peak:.0} MB (the peak could not be reset first; {before:.0} MB before)");
    }
    let written = scalar(&db, &format!("SELECT COUNT(*) FROM outbox WHERE id > {outbox_before}")).await;
    assert_eq!(written as usize, run.digests, "every digest is in the outbox");
    sqlx::query(&format!("DELETE FROM outbox WHERE id > {outbox_before}")).execute(&db.pool).await.expect("clean up");
}
