//! Password hashing with a bounded queue. Argon2id takes ~19 MiB and tens
//! of milliseconds per hash; left to the blocking pool (up to 512 threads) a
//! flood of posts would hold gigabytes and starve everything else. Here at
//! most `workers` hashes run at once and at most `queue` wait; anyone beyond
//! that is told at once that the server is busy, with a time to come back.

use crate::error::{AppError, ErrorCode};
use crate::server::db::internal;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use tokio::sync::Semaphore;

/// How long a refused caller is asked to wait.
const BUSY_RETRY_SECS: u64 = 2;

pub struct PasswordHashing {
    running: Arc<Semaphore>,
    /// Admitted callers: running plus waiting.
    admitted: Arc<AtomicUsize>,
    capacity: usize,
    /// Hashes started since start-up (tests and figures read it).
    started: AtomicUsize,
}

/// Gives an admission back however the work ends (done, failed, dropped).
/// It travels into the hashing thread with the worker's permit, so a caller
/// that goes away (a client that disconnects) does not free the slot while
/// its hash still runs: the bound holds for hashes, not just for requests.
struct Admission(Arc<AtomicUsize>);

impl Drop for Admission {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl PasswordHashing {
    pub fn new(workers: usize, queue: usize) -> PasswordHashing {
        let workers = workers.max(1);
        PasswordHashing {
            running: Arc::new(Semaphore::new(workers)),
            admitted: Arc::new(AtomicUsize::new(0)),
            capacity: workers + queue,
            started: AtomicUsize::new(0),
        }
    }

    /// How many hashes (new or verifying) this server has started.
    pub fn started(&self) -> usize {
        self.started.load(Ordering::Acquire)
    }

    /// Hashes a new password (Argon2id, the crate's recommended parameters).
    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        self.run(true, move || new_hash(&password)).await
    }

    /// Hashes for a trusted caller (the demo seed, the command line): waits
    /// for a worker however long the queue.
    pub async fn hash_waiting(&self, password: String) -> Result<String, AppError> {
        self.run(false, move || new_hash(&password)).await
    }

    /// Checks a password against a stored hash; with no hash (unknown
    /// email) against a decoy, so that both take as long and the answer
    /// does not reveal who has an account.
    pub async fn verify(&self, password: String, hash: Option<String>) -> Result<bool, AppError> {
        self.run(true, move || {
            let known = hash.is_some();
            let hash = hash.unwrap_or_else(decoy_hash);
            let parsed = PasswordHash::new(&hash).map_err(internal)?;
            Ok(known && Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
        })
        .await
    }

    async fn run<T: Send + 'static>(
        &self,
        bounded: bool,
        work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, AppError> {
        let before = self.admitted.fetch_add(1, Ordering::AcqRel);
        let admission = Admission(self.admitted.clone());
        if bounded && before >= self.capacity {
            return Err(AppError {
                retry_after_secs: Some(BUSY_RETRY_SECS),
                ..AppError::new(ErrorCode::Busy)
            });
        }
        let permit = self.running.clone().acquire_owned().await.map_err(internal)?;
        self.started.fetch_add(1, Ordering::AcqRel);
        tokio::task::spawn_blocking(move || {
            let _held = (admission, permit);
            work()
        })
        .await
        .map_err(internal)?
    }
}

/// Hashes at once by default: every core but one (at least one), so a
/// flood of log-ins and registrations never takes the core that answers
/// everyone else (on two cores, with both hashing, `/healthz` waited up to
/// 84 ms under the benchmark's flood).
pub fn default_workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().saturating_sub(1).max(1))
}

impl Default for PasswordHashing {
    /// The default workers and a short queue.
    fn default() -> Self {
        PasswordHashing::new(default_workers(), 16)
    }
}

/// Argon2id with the crate's recommended parameters and a fresh salt.
fn new_hash(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(internal)
}

/// A hash no password matches, computed once (inside a hashing worker).
fn decoy_hash() -> String {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY
        .get_or_init(|| new_hash("decoy password, never valid").unwrap_or_default())
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn beyond_the_queue_callers_are_told_the_server_is_busy() {
        let hashing = std::sync::Arc::new(PasswordHashing::new(1, 2));
        // Hold the only worker so that nothing finishes while the flood arrives.
        let held = hashing.running.acquire().await.expect("permit");
        let tasks: Vec<_> = (0..12)
            .map(|_| {
                let h = hashing.clone();
                tokio::spawn(async move { h.hash("correct horse battery".into()).await })
            })
            .collect();
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        assert_eq!(
            hashing.admitted.load(Ordering::Acquire),
            3,
            "one running slot and two waiting"
        );
        drop(held);
        let mut busy = 0;
        for t in tasks {
            if let Err(e) = t.await.expect("task") {
                assert_eq!(e.code, ErrorCode::Busy);
                assert_eq!(e.retry_after_secs, Some(BUSY_RETRY_SECS));
                busy += 1;
            }
        }
        assert_eq!(busy, 9, "the rest are refused at once");
        assert_eq!(
            hashing.admitted.load(Ordering::Acquire),
            0,
            "every admission given back"
        );
        // A real hash verifies; the decoy (an unknown email) never does.
        let hash = hashing.hash("correct horse battery".into()).await.expect("hash");
        assert!(hashing
            .verify("correct horse battery".into(), Some(hash))
            .await
            .expect("verify"));
        assert!(!hashing
            .verify("decoy password, never valid".into(), None)
            .await
            .expect("verify"));
    }
}
