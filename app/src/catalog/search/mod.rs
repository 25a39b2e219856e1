//! Product search. The catalog talks to a `SearchEngine`; the one here is
//! in-process (an inverted index in memory). A distributed engine can take
//! its place behind the same trait when a deployment outgrows one machine.
//! The index follows product changes made on any server through the
//! `storefront_change` log in the database, and is rebuilt from the database at
//! start-up (it is never persisted, so it is never stale).

pub mod engine;
pub mod text;

pub use engine::{EngineQuery, EngineResult, InProcessEngine, IndexedProduct, SearchEngine};
