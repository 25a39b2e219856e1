//! The HTTP tests: one binary (one link, one process), a module per area.
//! Each test spawns the real router over its own database; `db_test!` runs
//! a body on SQLite and on PostgreSQL. (`statements.rs` is a binary of its
//! own because it counts every statement the process runs.)

#[macro_use]
#[path = "../common/mod.rs"]
mod common;

mod abuse;
mod accounts;
mod aftersales;
mod analytics;
mod cart;
mod catalog;
mod checkout;
mod flash;
mod groups;
mod listings;
mod merchants;
mod orders;
mod page_cache;
mod platform;
mod promotions;
mod read_model;
mod reviews;
mod routes;
mod stock;
