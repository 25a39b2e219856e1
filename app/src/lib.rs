//! Jishi's shared library: pages, components, server functions and domain
//! types, compiled for the server (`ssr`) and for the browser (`hydrate`).

/// The shell, providers and the Leptos route tree.
pub mod app;
/// Reading context values without the framework's hang when a request is
/// dropped mid-lookup.
pub mod context;
/// The error type that crosses the wire, and its codes.
pub mod error;
/// The language of a page, the `messages!` tables each domain declares its
/// words with, names given in every language; prices.
pub mod i18n;
/// Header, footer and the page frame.
pub mod layout;
/// Files: product images, documents, photos.
pub mod media;
/// The route policy: every page route, who may see it, what may be cached.
pub mod routes;
/// Server-only plumbing: state, database, sessions, authorization.
#[cfg(feature = "ssr")]
pub mod server;
/// Design-system widgets with no domain knowledge.
pub mod ui;

/// Accounts, sessions, password reset, throttling.
pub mod accounts;
/// Operator console.
pub mod admin;
/// Refunds, returns, disputes and complaints after an order.
pub mod aftersales;
/// Figures for merchants and operators: events, rollups, dashboards.
pub mod analytics;
/// The shopper's cart.
pub mod cart;
/// Categories, products, SKUs, images.
pub mod catalog;
/// The address book, the checkout page and placing orders.
pub mod checkout;
/// Shops and their members.
pub mod merchants;
/// Orders, their state machine and fulfilment.
pub mod orders;
/// Payment providers, paying, notifications, refunds.
pub mod payments;
/// Coupons and the wallet, spend thresholds (满减), and how they stack at checkout.
pub mod promotions;
/// Buyers' reviews, their moderation, votes, reports and replies.
pub mod reviews;
/// The storefront change log that caches and read models follow.
pub mod storefront;

#[cfg(feature = "ssr")]
pub use app::shell;
pub use app::App;
