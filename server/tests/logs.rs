//! No secret in the logs: every line the server writes, at every level and
//! with every span's fields, is captured while a shopper registers, logs
//! in, fills a guest cart and resets a password; none of the tokens or
//! passwords may appear. Its own test binary: the capture is process-wide.

mod common;

use common::{spawn_app_with, test_config, unique_email, Browser, GOOD_PASSWORD};
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

fn capture() -> Captured {
    static LOG: OnceLock<Captured> = OnceLock::new();
    LOG.get_or_init(|| {
        let log = Captured::default();
        let layer = tracing_subscriber::fmt::layer()
            .with_writer(log.clone())
            .with_ansi(false)
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::NEW);
        // Everything the server side writes; the test's own HTTP client is
        // not the server.
        use tracing_subscriber::filter::{LevelFilter, Targets};
        let targets = Targets::new()
            .with_default(LevelFilter::TRACE)
            .with_target("reqwest", LevelFilter::OFF)
            .with_target("hyper_util::client", LevelFilter::OFF)
            .with_target("cookie_store", LevelFilter::OFF);
        let _ = tracing_subscriber::registry().with(targets).with(layer).try_init();
        log
    })
    .clone()
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
    }
}

/// The reset token in the newest mail to `email`.
async fn reset_token(app: &common::TestApp, email: &str) -> String {
    let body: String =
        sqlx::query_scalar("select body from outbox_email where to_address = $1 order by email_id desc limit 1")
            .bind(email)
            .fetch_one(app.state.db.pool())
            .await
            .expect("mail");
    body.split("token=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("token")
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn no_token_or_password_reaches_the_log() {
    let log = capture();
    let db = common::TestDb::new(common::Backend::Sqlite).await.expect("db");
    let app = spawn_app_with(&db, test_config()).await;
    let (_, [red, _]) = common::seed_product(&app, "Quiet Buds", [5, 5]).await;

    // A guest fills a cart, registers (the cart joins the account), asks for
    // a reset link and uses it.
    let browser = Browser::new(&app);
    let res = browser
        .call(&app, "cart/add", &[("sku_id", &red.to_string()), ("quantity", "1")])
        .await;
    assert_eq!(res.status(), 200);
    let cart_token = browser.cookie(&app, "jishi_cart").expect("cart cookie");
    let view = browser.call(&app, "cart/view", &[]).await;
    assert_eq!(view.status(), 200);
    let email = unique_email("quiet");
    let res = browser
        .call(
            &app,
            "accounts/register",
            &[
                ("email", &email),
                ("display_name", "Quiet"),
                ("password", GOOD_PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let session = browser.cookie(&app, "jishi_session").expect("session cookie");
    let device = browser.cookie(&app, "jishi_device").expect("device cookie");
    let res = app
        .call("accounts/request_password_reset", &[("email", &email)], None)
        .await;
    assert_eq!(res.status(), 200);
    let token = reset_token(&app, &email).await;
    let new_password = "quiet-new-password-77";
    let res = app
        .call(
            "accounts/reset_password",
            &[("token", &token), ("password", new_password)],
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = app.log_in(&email, "a wrong password 55").await;
    assert_eq!(res.status(), 401);
    let res = app.log_in(&email, new_password).await;
    assert_eq!(res.status(), 200);
    let later_session = common::session_from(res.headers()).expect("session");

    let text = log.text();
    assert!(
        text.contains("account registered"),
        "the capture sees the server's lines"
    );
    for (what, secret) in [
        ("guest cart token", cart_token.as_str()),
        ("session token", session.as_str()),
        ("later session token", later_session.as_str()),
        ("device token", device.as_str()),
        ("reset token", token.as_str()),
        ("password", GOOD_PASSWORD),
        ("new password", new_password),
        ("wrong password", "a wrong password 55"),
    ] {
        assert!(!text.contains(secret), "the {what} is in the log");
    }
    app.stop().await;

    // The one exception is asked for by name (the demo has no mail server).
    let mut config = test_config();
    config.log_reset_links = true;
    let app = spawn_app_with(&db, config).await;
    let res = app
        .call("accounts/request_password_reset", &[("email", &email)], None)
        .await;
    assert_eq!(res.status(), 200);
    let token = reset_token(&app, &email).await;
    assert!(log.text().contains(&token), "printed only when the setting says so");
    app.stop().await;
}
