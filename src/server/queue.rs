//! The one queue for work done after a request: deleting a stored file,
//! delivering a webhook, pruning old rows. A job is enqueued with the change
//! that causes it (`enqueue` takes the action's transaction), so it exists
//! exactly when the change does. One runner leases due jobs, runs each with
//! its kind's handler, deletes it when done, and otherwise tries again after
//! a pause that doubles with each try, until the kind's tries run out and
//! the job is kept as failed for an operator to read. A lease runs out, so
//! a job a stopped server held runs elsewhere; at shutdown the runner's
//! round under way finishes like every supervised task's. `/metrics`
//! counts jobs by kind and outcome (`farcoder_jobs_total`).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::model::{Span, Time};
use crate::server::db::{Conn, Db, DbError};
use crate::server::repo::background_jobs::{self as rows, JobRow, NewJob};
use crate::server::tasks::Next;

/// Why a job did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// Worth another try later (a server that did not answer).
    #[error("{0}")]
    Retry(String),
    /// Another try would fail the same way (its webhook is gone).
    #[error("{0}")]
    GiveUp(String),
    /// Not a failure: the job may not run before `until` (a quota is used
    /// up). It waits without using up a try.
    #[error("waits until {until:?}: {why}")]
    Later { until: Time, why: String },
}

/// A database error is worth another try: the database may answer later.
impl From<DbError> for JobError {
    fn from(err: DbError) -> Self {
        JobError::Retry(err.to_string())
    }
}

/// A kind of job: its data (stored as JSON), what it needs to run, and how
/// it runs.
pub trait Job: Serialize + DeserializeOwned + Send + Sync + 'static {
    /// The kind's name in the table and in metrics.
    const KIND: &'static str;
    /// Tries before the job is given up on.
    const MAX_ATTEMPTS: i64 = 8;
    /// What running it needs (a storage, an HTTP client…).
    type Context: Send + Sync + 'static;

    /// Makes the job the only waiting one of its kind with this key.
    fn key(&self) -> Option<String> {
        None
    }

    /// How long a runner holds a job of this kind: longer than a try can take.
    fn lease(_cx: &Self::Context) -> Span {
        LEASE
    }

    /// The pause after `attempts` failed tries.
    fn pause(_cx: &Self::Context, attempts: i64) -> Span {
        pause(attempts)
    }

    fn run(self, cx: &Self::Context, attempt: i64) -> impl Future<Output = Result<(), JobError>> + Send;
}

/// Stores `job` to run from `run_at`, on `c`: inside the transaction of the
/// change that causes it, both commit or neither. `false` when a job of its
/// kind with its key waits already.
pub async fn enqueue<J: Job>(c: impl Conn, job: &J, run_at: Time, now: Time) -> Result<bool, DbError> {
    let data = serde_json::to_string(job).map_err(|e| DbError::Corrupt(format!("{} data: {e}", J::KIND)))?;
    let key = job.key();
    rows::insert(c, NewJob { kind: J::KIND, key: key.as_deref(), data: &data, run_at }, now).await
}

/// Stores `jobs` (of a kind without keys) to run from `run_at`, on `c`.
pub async fn enqueue_many<J: Job>(c: impl Conn, jobs: &[J], run_at: Time, now: Time) -> Result<(), DbError> {
    let data = jobs
        .iter()
        .map(|job| serde_json::to_string(job).map_err(|e| DbError::Corrupt(format!("{} data: {e}", J::KIND))))
        .collect::<Result<Vec<_>, _>>()?;
    rows::insert_many(c, J::KIND, &data, run_at, now).await
}

/// Calls off the waiting job of kind `J` with `key` (its reason went away).
pub async fn cancel<J: Job>(c: impl Conn, key: &str, now: Time) -> Result<bool, DbError> {
    rows::cancel(c, J::KIND, key, now).await
}

/// The pause before try `attempt + 1`, after `attempt` failed ones: 30
/// seconds, doubling, at most about eight and a half hours.
pub fn pause(attempts: i64) -> Span {
    Span::seconds(30 << attempts.clamp(0, 10))
}

/// A name for a runner's leases: unique per process and call.
pub fn worker_name() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NAMED: AtomicU64 = AtomicU64::new(0);
    let started = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    format!("{}.{}.{}", std::process::id(), started.as_micros() % 1_000_000_000, NAMED.fetch_add(1, Ordering::Relaxed))
}

/// How long a runner holds a job it leased.
const LEASE: Span = Span::seconds(300);
/// Jobs leased at once.
const BATCH: i64 = 20;

type Outcome = Pin<Box<dyn Future<Output = Result<(), JobError>> + Send>>;
/// Starts a job from its stored data and its try's number; `Err` when the
/// data cannot be read.
type Start = Box<dyn Fn(&str, i64) -> Result<Outcome, String> + Send + Sync>;

/// What the runner knows of a kind: how to run a job of it from its data,
/// its tries, its lease, and its pauses.
struct Kind {
    run: Start,
    max_attempts: i64,
    lease: Span,
    pause: Box<dyn Fn(i64) -> Span + Send + Sync>,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct JobLabels {
    kind: String,
    outcome: String,
}

/// The runner: one per server, with a handler for each kind it runs.
pub struct Runner {
    db: Db,
    name: String,
    kinds: Vec<(&'static str, Kind)>,
    done: Family<JobLabels, Counter>,
}

/// What one round did, by outcome.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ran {
    pub done: usize,
    pub retrying: usize,
    pub failed: usize,
    /// Waiting for a time of their own (`JobError::Later`), no try used.
    pub deferred: usize,
}

/// Jobs run at once within a round (a slow webhook does not hold up mail).
const AT_ONCE: usize = 8;

impl Runner {
    /// A runner named `name` (unique per server: it holds its leases by it),
    /// counting outcomes in `done`.
    pub fn new(db: Db, name: String, done: Family<JobLabels, Counter>) -> Runner {
        Runner { db, name, kinds: Vec::new(), done }
    }

    /// Runs jobs of kind `J` with `cx`.
    pub fn register<J: Job>(&mut self, cx: Arc<J::Context>) -> &mut Self {
        let (lease, for_pause) = (J::lease(&cx), cx.clone());
        let run = Box::new(move |data: &str, attempt: i64| {
            let job: J = serde_json::from_str(data).map_err(|e| e.to_string())?;
            let cx = cx.clone();
            Ok(Box::pin(async move { job.run(&cx, attempt).await }) as Outcome)
        });
        let pause = Box::new(move |attempts: i64| J::pause(&for_pause, attempts));
        self.kinds.retain(|(kind, _)| *kind != J::KIND);
        self.kinds.push((J::KIND, Kind { run, max_attempts: J::MAX_ATTEMPTS, lease, pause }));
        self
    }

    /// Leases the due jobs and runs them; another round at once when a
    /// batch was full.
    pub async fn round(&self) -> Next {
        match self.run_due(crate::server::now()).await {
            Ok((ran, full)) => {
                if ran != Ran::default() {
                    tracing::debug!(?ran, "background jobs");
                }
                if full { Next::Again } else { Next::Wait }
            }
            Err(err) => {
                tracing::warn!(error = %err, "background jobs not leased");
                Next::Wait
            }
        }
    }

    /// Runs the jobs due at `now`, a batch of each kind, up to `AT_ONCE` at
    /// a time; what happened, and whether a batch was full.
    pub async fn run_due(&self, now: Time) -> Result<(Ran, bool), DbError> {
        use futures_util::StreamExt;
        let mut leased = Vec::new();
        let mut full = false;
        for (at, (name, kind)) in self.kinds.iter().enumerate() {
            let batch = rows::lease(&self.db, name, &self.name, BATCH, now, now + kind.lease).await?;
            full |= batch.len() as i64 == BATCH;
            leased.extend(batch.into_iter().map(|job| (job, at)));
        }
        let outcomes: Vec<_> = futures_util::stream::iter(leased)
            .map(|(job, at): (JobRow, usize)| async move {
                let kind = &self.kinds[at].1;
                let attempt = job.attempts + 1;
                let outcome = match (kind.run)(&job.data, attempt) {
                    Ok(running) => running.await,
                    Err(unreadable) => Err(JobError::GiveUp(format!("unreadable data: {unreadable}"))),
                };
                (job, at, outcome)
            })
            .buffer_unordered(AT_ONCE)
            .collect()
            .await;
        let mut ran = Ran::default();
        for (job, at, outcome) in outcomes {
            let kind = &self.kinds[at].1;
            let label = match outcome {
                Ok(()) => {
                    rows::finish(&self.db, job.id, &self.name).await?;
                    ran.done += 1;
                    "done"
                }
                Err(JobError::Later { until, why }) => {
                    rows::defer(&self.db, job.id, &self.name, &why, until).await?;
                    ran.deferred += 1;
                    "deferred"
                }
                Err(err) => {
                    let attempt = job.attempts + 1;
                    let again = matches!(err, JobError::Retry(_)) && attempt < kind.max_attempts;
                    let retry_at = again.then(|| now + (kind.pause)(job.attempts));
                    tracing::warn!(job = job.id, kind = %job.kind, attempt, error = %err, again, "background job failed");
                    rows::fail(&self.db, job.id, &self.name, &err.to_string(), retry_at, now).await?;
                    if again {
                        ran.retrying += 1;
                        "retrying"
                    } else {
                        ran.failed += 1;
                        "failed"
                    }
                }
            };
            self.done.get_or_create(&JobLabels { kind: job.kind.clone(), outcome: label.to_owned() }).inc();
        }
        Ok((ran, full))
    }
}
