//! The work that runs beside the requests (the job runner, the alert
//! digests, the freshness task, the search follower), supervised. Each task
//! is a round run again and again; a round that panics is logged and
//! counted, and the task goes on after a pause that doubles with each panic
//! in a row (up to a minute). At shutdown no new round starts, and the
//! rounds under way get until a deadline to finish.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// What a round asks for next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// The next round after the task's period.
    Wait,
    /// Another round at once: there is more to do.
    Again,
}

/// How a task is doing, for `/readyz`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Health {
    pub rounds: u64,
    pub panics: u64,
    /// The latest round panicked (and the task waits to go on).
    pub failing: bool,
    pub last_panic: Option<String>,
}

/// The supervised tasks of one server.
#[derive(Clone)]
pub struct Tasks {
    health: Arc<Mutex<BTreeMap<&'static str, Health>>>,
    handles: Arc<Mutex<Vec<JoinHandle<()>>>>,
    stop: watch::Sender<bool>,
    panics: Family<Vec<(String, String)>, Counter>,
}

const FIRST_PAUSE: Duration = Duration::from_secs(1);
const LONGEST_PAUSE: Duration = Duration::from_secs(60);

impl Tasks {
    /// `panics` counts panicked rounds by task (label `task`).
    pub fn new(panics: Family<Vec<(String, String)>, Counter>) -> Tasks {
        Tasks { health: Arc::default(), handles: Arc::default(), stop: watch::channel(false).0, panics }
    }

    /// Runs `round` as task `name`: at once, then every `period` (or at
    /// once again when it answers `Next::Again`), until shutdown.
    pub fn every<F, Fut>(&self, name: &'static str, period: Duration, round: F)
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Next> + Send + 'static,
    {
        self.lock_health().insert(name, Health::default());
        let (tasks, mut stop) = (self.clone(), self.stop.subscribe());
        let handle = tokio::spawn(async move {
            let mut pause = FIRST_PAUSE;
            while !*stop.borrow() {
                // A round of its own: its panic ends it, not the supervisor
                // (and stopping the supervisor stops it).
                let running =
                    tokio::spawn(tracing::Instrument::instrument(round(), tracing::info_span!("round", task = name)));
                let _stops_with_us = AbortOnDrop(running.abort_handle());
                let wait = match running.await {
                    Ok(next) => {
                        pause = FIRST_PAUSE;
                        tasks.record(name, None);
                        match next {
                            Next::Again => Duration::ZERO,
                            Next::Wait => period,
                        }
                    }
                    Err(err) => {
                        let message = panic_message(err);
                        tracing::error!(task = name, panic = %message, retry_in = ?pause, "background task panicked");
                        tasks.record(name, Some(message));
                        let wait = pause;
                        pause = (pause * 2).min(LONGEST_PAUSE);
                        wait
                    }
                };
                if !wait.is_zero() {
                    tokio::select! {
                        _ = stop.changed() => {}
                        _ = tokio::time::sleep(wait) => {}
                    }
                }
            }
        });
        self.handles.lock().unwrap_or_else(|e| e.into_inner()).push(handle);
    }

    /// Every task's health, by name.
    pub fn health(&self) -> BTreeMap<&'static str, Health> {
        self.lock_health().clone()
    }

    /// Starts no new round, and waits until `deadline` for the rounds under
    /// way; whatever is still running then is stopped where it stands.
    /// Whether every task finished in time.
    pub async fn stop(&self, deadline: Duration) -> bool {
        self.stop.send_replace(true);
        let handles: Vec<JoinHandle<()>> = std::mem::take(&mut *self.handles.lock().unwrap_or_else(|e| e.into_inner()));
        let aborts: Vec<_> = handles.iter().map(JoinHandle::abort_handle).collect();
        let all = async {
            for handle in handles {
                let _ = handle.await;
            }
        };
        let finished = tokio::time::timeout(deadline, all).await.is_ok();
        if !finished {
            tracing::warn!(?deadline, "background tasks still running at the deadline: stopped");
            aborts.iter().for_each(tokio::task::AbortHandle::abort);
        }
        finished
    }

    fn record(&self, name: &'static str, panic: Option<String>) {
        let mut health = self.lock_health();
        let entry = health.entry(name).or_default();
        entry.rounds += 1;
        entry.failing = panic.is_some();
        if let Some(message) = panic {
            entry.panics += 1;
            entry.last_panic = Some(message);
            self.panics.get_or_create(&vec![("task".to_owned(), name.to_owned())]).inc();
        }
    }

    fn lock_health(&self) -> std::sync::MutexGuard<'_, BTreeMap<&'static str, Health>> {
        // A panic never happens while the lock is held; the data stays whole.
        self.health.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Aborts a round when its supervisor is stopped mid-round.
struct AbortOnDrop(tokio::task::AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

fn panic_message(err: tokio::task::JoinError) -> String {
    match err.try_into_panic() {
        Ok(payload) => payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_owned()),
        Err(err) => err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    fn tasks() -> Tasks {
        Tasks::new(Family::default())
    }

    #[tokio::test(start_paused = true)]
    async fn a_panicking_round_is_counted_and_the_task_goes_on() {
        let tasks = tasks();
        let calls = Arc::new(AtomicU32::new(0));
        let seen = calls.clone();
        tasks.every("flaky", Duration::from_secs(5), move || {
            let n = seen.fetch_add(1, Ordering::SeqCst);
            async move {
                assert!(n != 1, "the second round breaks");
                Next::Wait
            }
        });
        tokio::time::sleep(Duration::from_millis(10)).await;
        assert_eq!(tasks.health()["flaky"].rounds, 1);
        tokio::time::sleep(Duration::from_secs(5)).await;
        let health = tasks.health()["flaky"].clone();
        assert_eq!((health.rounds, health.panics, health.failing), (2, 1, true));
        assert!(health.last_panic.as_deref().is_some_and(|m| m.contains("the second round breaks")));
        assert_eq!(tasks.panics.get_or_create(&vec![("task".to_owned(), "flaky".to_owned())]).get(), 1);
        tokio::time::sleep(FIRST_PAUSE).await;
        let health = tasks.health()["flaky"].clone();
        assert_eq!((health.rounds, health.panics, health.failing), (3, 1, false), "restarted and well again");
        assert!(tasks.stop(Duration::from_secs(1)).await);
    }

    #[tokio::test(start_paused = true)]
    async fn pauses_after_panics_in_a_row_double() {
        let tasks = tasks();
        tasks.every("broken", Duration::from_secs(5), || async { panic!("always") });
        tokio::time::sleep(Duration::from_millis(10)).await;
        // Panics at 0 s, then after pauses of 1, 2, 4 and 8 s: at 1, 3, 7 and 15 s.
        tokio::time::sleep(Duration::from_secs(15)).await;
        assert_eq!(tasks.health()["broken"].panics, 5);
        tokio::time::sleep(Duration::from_secs(15)).await;
        assert_eq!(tasks.health()["broken"].panics, 5, "the next one waits 16 s");
        assert!(tasks.stop(Duration::from_secs(1)).await);
    }

    #[tokio::test(start_paused = true)]
    async fn busy_tasks_go_again_at_once_and_stop_finishes_the_round_under_way() {
        let tasks = tasks();
        let (calls, finished) = (Arc::new(AtomicU32::new(0)), Arc::new(AtomicU32::new(0)));
        let (seen, done) = (calls.clone(), finished.clone());
        tasks.every("sender", Duration::from_secs(60), move || {
            let n = seen.fetch_add(1, Ordering::SeqCst);
            let done = done.clone();
            async move {
                if n < 3 {
                    return Next::Again;
                }
                tokio::time::sleep(Duration::from_secs(2)).await;
                done.fetch_add(1, Ordering::SeqCst);
                Next::Wait
            }
        });
        tokio::time::sleep(Duration::from_millis(10)).await;
        assert_eq!(calls.load(Ordering::SeqCst), 4, "three busy rounds, then the slow one");
        assert!(tasks.stop(Duration::from_secs(5)).await, "the slow round finished within the deadline");
        assert_eq!((calls.load(Ordering::SeqCst), finished.load(Ordering::SeqCst)), (4, 1), "and no new round began");
    }

    #[tokio::test(start_paused = true)]
    async fn a_round_past_the_deadline_is_stopped() {
        let tasks = tasks();
        tasks.every("stuck", Duration::from_secs(60), || async {
            std::future::pending::<()>().await;
            Next::Wait
        });
        tokio::time::sleep(Duration::from_millis(10)).await;
        assert!(!tasks.stop(Duration::from_secs(3)).await);
    }
}
