//! The background job queue on the suite's database (SQLite, and
//! PostgreSQL in its run): a job exists exactly when the change that
//! queued it commits, runs once however many runners lease at once, runs
//! again elsewhere when its runner stopped holding it, is retried with
//! growing pauses and kept once it runs out of tries.

use std::sync::{Arc, Mutex};

use farcoder::model::{HOUR, Span};
use farcoder::server::now;
use farcoder::server::queue::{self, Job, JobError, Ran, Runner, pause};

use crate::harness::TestApp;

/// A job of the tests' own: it records its word, and fails while its word
/// is in `Board::refusing`.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Note {
    word: String,
}

#[derive(Default)]
struct Board {
    ran: Mutex<Vec<String>>,
    refusing: Mutex<Vec<String>>,
}

impl Job for Note {
    const KIND: &'static str = "test-note";
    const MAX_ATTEMPTS: i64 = 3;
    type Context = Board;

    fn key(&self) -> Option<String> {
        self.word.starts_with("once").then(|| self.word.clone())
    }

    async fn run(self, board: &Board, _attempt: i64) -> Result<(), JobError> {
        // Long enough for a second runner to try for the same job.
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        if board.refusing.lock().expect("lock").contains(&self.word) {
            return Err(JobError::Retry(format!("{} refused", self.word)));
        }
        board.ran.lock().expect("lock").push(self.word);
        Ok(())
    }
}

fn note(word: &str) -> Note {
    Note { word: word.to_owned() }
}

fn runner(app: &TestApp, name: &str, board: &Arc<Board>) -> Runner {
    let mut runner = Runner::new(app.db.clone(), name.to_owned(), Default::default());
    runner.register::<Note>(board.clone());
    runner
}

fn ran(board: &Board) -> Vec<String> {
    let mut ran = board.ran.lock().expect("lock").clone();
    ran.sort();
    ran
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_is_queued_with_its_change_or_not_at_all() {
    let app = TestApp::new().await;
    let (board, t) = (Arc::new(Board::default()), now());
    let mut tx = app.db.begin_write().await.expect("begin");
    queue::enqueue(&mut tx, &note("rolled back"), t, t).await.expect("enqueue");
    drop(tx);
    let mut tx = app.db.begin_write().await.expect("begin");
    queue::enqueue(&mut tx, &note("committed"), t, t).await.expect("enqueue");
    tx.commit().await.expect("commit");
    queue::enqueue(&app.db, &note("later"), t + HOUR, t).await.expect("enqueue");

    let worker = runner(&app, "one", &board);
    assert_eq!(worker.run_due(t).await.expect("run").0, Ran { done: 1, retrying: 0, failed: 0, deferred: 0 });
    assert_eq!(ran(&board), ["committed"], "the rolled-back change left no job; the later one waits");
    worker.run_due(t + HOUR).await.expect("run");
    assert_eq!(ran(&board), ["committed", "later"]);
    assert_eq!(app.count("background_jobs", "kind = 'test-note'").await, 0, "done jobs are deleted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_keeps_one_job_waiting_and_a_change_can_call_it_off() {
    let app = TestApp::new().await;
    let (board, t) = (Arc::new(Board::default()), now());
    assert!(queue::enqueue(&app.db, &note("once-a"), t, t).await.expect("first"));
    assert!(!queue::enqueue(&app.db, &note("once-a"), t, t).await.expect("second"), "one waits already");
    assert!(queue::enqueue(&app.db, &note("once-b"), t, t).await.expect("another key"));
    assert!(queue::cancel::<Note>(&app.db, "once-b", t).await.expect("cancel"));
    runner(&app, "one", &board).run_due(t).await.expect("run");
    assert_eq!(ran(&board), ["once-a"]);
    assert!(queue::enqueue(&app.db, &note("once-a"), t, t).await.expect("again"), "done: the key is free");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn runners_leasing_at_once_run_each_job_once() {
    let app = TestApp::new().await;
    let (board, t) = (Arc::new(Board::default()), now());
    let words: Vec<String> = (0..30).map(|i| format!("job {i:02}")).collect();
    for word in &words {
        queue::enqueue(&app.db, &note(word), t, t).await.expect("enqueue");
    }
    let runners: Vec<Runner> = (0..3).map(|i| runner(&app, &format!("runner {i}"), &board)).collect();
    let rounds = runners.iter().map(|r| async move {
        let mut done = 0;
        loop {
            let (ran, _) = r.run_due(t).await.expect("run");
            if ran == Ran::default() {
                return done;
            }
            done += ran.done;
        }
    });
    let done: usize = futures_util::future::join_all(rounds).await.into_iter().sum();
    assert_eq!(done, 30);
    assert_eq!(ran(&board), words, "every job once, none twice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_job_is_retried_after_growing_pauses_then_kept_as_failed() {
    let app = TestApp::new().await;
    let board = Arc::new(Board::default());
    board.refusing.lock().expect("lock").extend(["flaky".to_owned(), "broken".to_owned()]);
    let mut t = now();
    queue::enqueue(&app.db, &note("flaky"), t, t).await.expect("enqueue");
    queue::enqueue(&app.db, &note("broken"), t, t).await.expect("enqueue");
    let worker = runner(&app, "one", &board);
    assert_eq!(worker.run_due(t).await.expect("run").0, Ran { done: 0, retrying: 2, failed: 0, deferred: 0 });
    assert_eq!(worker.run_due(t + pause(0) - Span::seconds(1)).await.expect("run").0, Ran::default(), "it waits");
    board.refusing.lock().expect("lock").retain(|w| w != "flaky");
    t = t + pause(0) + Span::seconds(1);
    assert_eq!(worker.run_due(t).await.expect("run").0, Ran { done: 1, retrying: 1, failed: 0, deferred: 0 });
    t = t + pause(1) + Span::seconds(1);
    assert_eq!(
        worker.run_due(t).await.expect("run").0,
        Ran { done: 0, retrying: 0, failed: 1, deferred: 0 },
        "three tries"
    );
    assert_eq!(worker.run_due(t + HOUR).await.expect("run").0, Ran::default(), "never again");
    let (attempts, error): (i64, String) =
        sqlx::query_as("SELECT attempts, last_error FROM background_jobs WHERE failed_at IS NOT NULL")
            .fetch_one(&app.db.pool)
            .await
            .expect("the failed job");
    assert_eq!((attempts, error.as_str()), (3, "broken refused"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_whose_runner_stopped_runs_elsewhere_once_its_lease_is_over() {
    let app = TestApp::new().await;
    let (board, t) = (Arc::new(Board::default()), now());
    queue::enqueue(&app.db, &note("once-held"), t, t).await.expect("enqueue");
    // A runner that leased the job and stopped before finishing it.
    let leased = farcoder::server::repo::background_jobs::lease(&app.db, "test-note", "gone", 10, t, t + HOUR)
        .await
        .expect("lease");
    assert_eq!(leased.len(), 1);
    let worker = runner(&app, "one", &board);
    assert_eq!(worker.run_due(t).await.expect("run").0, Ran::default(), "held");
    assert!(!queue::cancel::<Note>(&app.db, "once-held", t).await.expect("cancel"), "nor called off while held");
    worker.run_due(t + HOUR + Span::seconds(1)).await.expect("run");
    assert_eq!(ran(&board), ["once-held"]);
}
