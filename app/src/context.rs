//! Reading a context value, safely while a request is being dropped.
//!
//! reactive_graph 0.2's lookup holds a read lock on the current owner while
//! it walks up through the parents, holding each parent only for its step.
//! When the request is dropped meanwhile (its client went away while one of
//! its server functions still runs on another thread), the lookup can end
//! up holding a parent's last handle. Dropping it cleans up the parent's
//! children, the current owner among them, which waits for the write lock
//! this same thread holds: that worker thread hangs for good. Seen here at
//! the end of a `wrk` run (it drops its open requests) and fixed upstream
//! only in reactive_graph 0.3. Holding every ancestor until the lookup is
//! over means none of them is dropped inside it.
//!
//! Use these in place of Leptos's `use_context` and `expect_context`
//! (clippy.toml refuses those).

use leptos::prelude::Owner;

/// The context value of type `T` nearest the current owner, if any.
#[allow(
    clippy::disallowed_methods,
    reason = "the one place the framework's lookup is called"
)]
pub fn use_context<T: Clone + 'static>() -> Option<T> {
    let held = ancestry();
    let found = leptos::prelude::use_context::<T>();
    // Dropped after the lookup let go of its lock: if the request is gone,
    // the owners are cleaned up here, with no lock held.
    drop(held);
    found
}

/// The context value of type `T`, which the app's shell always provides.
pub fn expect_context<T: Clone + 'static>() -> T {
    use_context::<T>().unwrap_or_else(|| panic!("{} not provided", std::any::type_name::<T>()))
}

/// The current owner and every owner above it, each held.
fn ancestry() -> Vec<Owner> {
    let mut held = Vec::new();
    let mut next = Owner::current();
    while let Some(owner) = next {
        next = owner.parent();
        held.push(owner);
    }
    held
}

#[cfg(test)]
mod tests {
    use super::*;
    use leptos::prelude::provide_context;
    use std::sync::{mpsc, Arc, Mutex};
    use std::time::Duration;

    /// A context value whose clone lets go of the only other handle to an
    /// owner: what a request dropped on another thread does mid-lookup.
    struct LetsGo(Arc<Mutex<Option<Owner>>>);

    impl Clone for LetsGo {
        fn clone(&self) -> Self {
            self.0.lock().map(|mut o| o.take()).ok();
            LetsGo(self.0.clone())
        }
    }

    #[test]
    fn a_lookup_never_hangs_when_the_request_goes_away_meanwhile() {
        let (done, finished) = mpsc::channel();
        std::thread::spawn(move || {
            let root = Owner::new();
            let elsewhere = Arc::new(Mutex::new(None));
            root.with(|| provide_context(LetsGo(elsewhere.clone())));
            let parent = root.child();
            let current = parent.child();
            // The only handle to the parent is now "elsewhere".
            *elsewhere.lock().unwrap() = Some(parent);
            let found = current.with(use_context::<LetsGo>).is_some();
            let _ = done.send(found);
        });
        // Leptos's own lookup hangs here for good (reactive_graph 0.2.16).
        let found = finished.recv_timeout(Duration::from_secs(10));
        assert_eq!(found, Ok(true), "the lookup hung or found nothing");
    }
}
