//! Work that costs much CPU or memory per call (a password hash, a decoded
//! image) runs on the blocking threads, a bounded number at a time: a flood
//! of requests then waits in line, holding no more than the bound's memory,
//! and one that waits too long is told the server is busy.

use std::time::Duration;

use tokio::sync::Semaphore;

use crate::error::AppError;

/// Argon2id hashes at once: each holds 19 MiB, so at most 76 MiB.
pub const PASSWORD_HASHES_AT_ONCE: usize = 4;
/// Logo decodes at once: each may allocate up to 128 MiB (the decoder's
/// limit), so at most 256 MiB.
pub const IMAGE_DECODES_AT_ONCE: usize = 2;
/// How long a call waits for its turn before it is refused as busy.
const WAIT: Duration = Duration::from_secs(10);

/// One kind of bounded work.
pub struct Pool {
    name: &'static str,
    permits: Semaphore,
}

pub static PASSWORDS: Pool = Pool::new("password hashing", PASSWORD_HASHES_AT_ONCE);
pub static IMAGES: Pool = Pool::new("image decoding", IMAGE_DECODES_AT_ONCE);

impl Pool {
    const fn new(name: &'static str, at_once: usize) -> Pool {
        Pool { name, permits: Semaphore::const_new(at_once) }
    }

    /// Runs `work` on a blocking thread once a place is free. The place is
    /// held by the work itself, so a caller that goes away (a client that
    /// disconnects) does not free it while the work still runs.
    pub async fn run<T: Send + 'static>(
        &'static self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let permit = match tokio::time::timeout(WAIT, self.permits.acquire()).await {
            Ok(Ok(permit)) => permit,
            _ => {
                tracing::warn!(pool = self.name, "busy: a call waited too long for its turn");
                return Err(AppError::Busy);
            }
        };
        let result = tokio::task::spawn_blocking(move || {
            let done = work();
            drop(permit);
            done
        })
        .await;
        result.map_err(|e| {
            tracing::error!(pool = self.name, error = %e, "a bounded task failed");
            AppError::Internal
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn no_more_than_the_bound_run_at_once() {
        static POOL: Pool = Pool::new("test", 3);
        let (running, peak) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let calls = (0..24).map(|_| {
            let (running, peak) = (running.clone(), peak.clone());
            tokio::spawn(async move {
                POOL.run(move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    peak.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(20));
                    running.fetch_sub(1, Ordering::SeqCst);
                })
                .await
            })
        });
        for call in calls.collect::<Vec<_>>() {
            call.await.expect("task").expect("ran");
        }
        assert_eq!(peak.load(Ordering::SeqCst), 3, "the bound is reached and never passed");
    }
}
