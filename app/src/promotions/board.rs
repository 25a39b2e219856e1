//! A value each server keeps in memory and reloads from the database when
//! it is older than asked: the flash sale's live items, the running group
//! buys. One reload at a time; the others go on with the value they have,
//! except before the first load or after `forget`, when they wait for it.

use crate::error::AppError;
use crate::server::now_ms;
use std::future::Future;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, RwLock};

pub struct Board<T> {
    value: RwLock<Arc<T>>,
    loaded_at: AtomicI64,
    reloading: tokio::sync::Mutex<()>,
}

impl<T: Default> Default for Board<T> {
    fn default() -> Self {
        Board {
            value: RwLock::new(Arc::new(T::default())),
            loaded_at: AtomicI64::new(0),
            reloading: tokio::sync::Mutex::new(()),
        }
    }
}

impl<T> Board<T> {
    /// The value, no older than `max_age_ms`. When it is older and someone
    /// else is reloading, the current value is good enough unless asked
    /// for one fresher than `usual_ms` (then wait for theirs).
    pub async fn no_older_than<F, Fut>(&self, max_age_ms: i64, usual_ms: i64, load: F) -> Result<Arc<T>, AppError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, AppError>>,
    {
        let loaded = self.loaded_at.load(Ordering::Acquire);
        if now_ms() - loaded >= max_age_ms {
            let guard = match self.reloading.try_lock() {
                Ok(guard) => Some(guard),
                Err(_) if loaded == 0 || max_age_ms < usual_ms => Some(self.reloading.lock().await),
                Err(_) => None,
            };
            if let Some(_guard) = guard {
                if now_ms() - self.loaded_at.load(Ordering::Acquire) >= max_age_ms {
                    let fresh = load().await?;
                    *self.value.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(fresh);
                    self.loaded_at.store(now_ms(), Ordering::Release);
                }
            }
        }
        Ok(self.value.read().unwrap_or_else(|e| e.into_inner()).clone())
    }

    /// Reload at the next look (this server changed what it holds).
    pub fn forget(&self) {
        self.loaded_at.store(0, Ordering::Release);
    }
}
