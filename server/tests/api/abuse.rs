//! What a flood or an attacker can do to accounts: expensive work only
//! after cheap checks, throttles that hold under concurrency and cannot be
//! turned against the owner, reset links that die, nothing secret kept.

use crate::common;

use app::error::{AppError, ErrorCode};
use app::server::throttle::Limit;
use common::{session_from, spawn_app_behind_proxy, spawn_app_with, test_config, unique_email, GOOD_PASSWORD};

async fn error_of(res: reqwest::Response) -> AppError {
    let body = res.text().await.expect("body");
    serde_json::from_str(&body).unwrap_or_else(|_| panic!("not an AppError: {body}"))
}

/// The reset token in the newest mail to `email`.
async fn reset_token(app: &common::TestApp, email: &str) -> String {
    let body: String =
        sqlx::query_scalar("select body from outbox_email where to_address = $1 order by email_id desc limit 1")
            .bind(email)
            .fetch_one(app.state.db.pool())
            .await
            .expect("mail in the outbox");
    body.split("token=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("link in mail")
        .to_string()
}

db_test!(forty_concurrent_wrong_passwords_verify_at_most_five, |db| {
    let app = spawn_app_with(db, test_config()).await;
    let email = unique_email("race");
    app.register(&email, GOOD_PASSWORD).await;
    let hashes_before = app.state.hashing.started();
    let attempts = (0..40).map(|_| app.log_in(&email, "wrong password 123"));
    let statuses: Vec<u16> = futures::future::join_all(attempts)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    let verified = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(
        verified + refused,
        40,
        "only wrong-password and throttled answers: {statuses:?}"
    );
    assert!(verified <= 5, "{verified} wrong guesses were verified");
    assert!(
        app.state.hashing.started() - hashes_before <= 5,
        "a refused attempt is never hashed"
    );
    app.stop().await;
});

db_test!(a_stranger_who_knows_the_email_cannot_lock_the_owner_out, |db| {
    let mut config = test_config();
    config.limits.login_per_account = Limit::new(8, 900);
    let app = spawn_app_behind_proxy(db, config).await;
    let email = unique_email("owner");
    app.register(&email, GOOD_PASSWORD).await;
    let log_in = |addr: &'static str, password: &'static str, cookies: String| {
        let (app, email) = (&app, email.clone());
        async move {
            app.call_from(
                addr,
                "accounts/log_in",
                &[("email", &email), ("password", password)],
                &cookies,
            )
            .await
        }
    };
    // The owner's browser logs in once from home and is remembered.
    let res = log_in("198.51.100.1", GOOD_PASSWORD, String::new()).await;
    assert_eq!(res.status(), 200);
    let device = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("jishi_device="))
        .and_then(|v| v.split(';').next())
        .expect("a device cookie")
        .to_string();

    // A stranger guesses from one address: locked out after five.
    for _ in 0..5 {
        assert_eq!(
            log_in("203.0.113.9", "wrong password 123", String::new())
                .await
                .status(),
            401
        );
    }
    let res = log_in("203.0.113.9", GOOD_PASSWORD, String::new()).await;
    assert_eq!(res.status(), 429, "even the right password is refused there");
    assert!(res.headers().get("retry-after").is_some(), "the wait is in Retry-After");
    // The owner, elsewhere, is not.
    assert_eq!(log_in("198.51.100.2", GOOD_PASSWORD, String::new()).await.status(), 200);

    // Guessing spread over many addresses closes the account to browsers it
    // does not know ...
    for i in 0..8 {
        let addr: &'static str = Box::leak(format!("192.0.2.{}", 10 + i).into_boxed_str());
        log_in(addr, "wrong password 123", String::new()).await;
    }
    let res = log_in("192.0.2.200", GOOD_PASSWORD, String::new()).await;
    assert_eq!(res.status(), 429, "an unknown browser waits");
    assert_eq!(error_of(res).await.code, ErrorCode::TooManyAttempts);
    // ... but not to the owner's own browser, from any address.
    let res = log_in("192.0.2.201", GOOD_PASSWORD, format!("jishi_device={device}")).await;
    assert_eq!(res.status(), 200, "the owner's browser still logs in");
    // A device cookie is worth nothing for another account.
    let other = unique_email("other");
    app.register(&other, GOOD_PASSWORD).await;
    for i in 0..8 {
        let addr: &'static str = Box::leak(format!("192.0.2.{}", 50 + i).into_boxed_str());
        app.call_from(
            addr,
            "accounts/log_in",
            &[("email", &other), ("password", "wrong password 123")],
            "",
        )
        .await;
    }
    let res = app
        .call_from(
            "192.0.2.202",
            "accounts/log_in",
            &[("email", &other), ("password", GOOD_PASSWORD)],
            &format!("jishi_device={device}"),
        )
        .await;
    assert_eq!(res.status(), 429);
    app.stop().await;
});

db_test!(bogus_reset_tokens_are_refused_without_hashing, |db| {
    let app = spawn_app_with(db, test_config()).await;
    let before = app.state.hashing.started();
    let posts = (0..100).map(|i| {
        let token = format!("bogus-token-{i}-{}", "x".repeat(30));
        let app = &app;
        async move {
            app.call(
                "accounts/reset_password",
                &[("token", &token), ("password", "new-password-2026")],
                None,
            )
            .await
        }
    });
    for res in futures::future::join_all(posts).await {
        assert_eq!(res.status(), 400);
        assert_eq!(
            error_of(res).await.for_field("password"),
            Some(ErrorCode::ResetLinkInvalid)
        );
    }
    assert_eq!(app.state.hashing.started(), before, "no hash for a bogus link");
    app.stop().await;
});

db_test!(hashing_beyond_its_queue_answers_busy_with_retry_after, |db| {
    let mut config = test_config();
    config.hash_workers = 1;
    config.hash_queue = 1;
    let app = spawn_app_with(db, config).await;
    let posts = (0..24).map(|i| {
        let app = &app;
        async move {
            let email = unique_email(&format!("flood{i}"));
            app.call(
                "accounts/register",
                &[
                    ("email", &email),
                    ("display_name", "Flood"),
                    ("password", GOOD_PASSWORD),
                ],
                None,
            )
            .await
        }
    });
    let mut busy = 0;
    let mut created = 0;
    for res in futures::future::join_all(posts).await {
        match res.status().as_u16() {
            200 => created += 1,
            503 => {
                let wait: u64 = res
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.parse().ok())
                    .expect("Retry-After in seconds");
                assert!((1..=10).contains(&wait));
                let err = error_of(res).await;
                assert_eq!(err.code, ErrorCode::Busy);
                let message = app::ui::error_message(app::i18n::Locale::En, &err);
                assert!(message.starts_with("The server is busy, try again in"), "{message}");
                busy += 1;
            }
            other => panic!("unexpected status {other}"),
        }
    }
    assert!(created >= 2, "the running and the queued are served");
    assert!(busy >= 1, "the rest are told to come back");
    assert_eq!(created + busy, 24);
    app.stop().await;
});

db_test!(registration_is_throttled_per_address_and_per_email, |db| {
    let mut config = test_config();
    config.limits.register_per_addr = Limit::new(3, 3600);
    config.limits.register_per_email = Limit::new(2, 3600);
    let app = spawn_app_behind_proxy(db, config).await;
    let register = |addr: &'static str, email: String| {
        let app = &app;
        async move {
            app.call_from(
                addr,
                "accounts/register",
                &[("email", &email), ("display_name", "Many"), ("password", GOOD_PASSWORD)],
                "",
            )
            .await
        }
    };
    for _ in 0..3 {
        assert_eq!(register("203.0.113.1", unique_email("bulk")).await.status(), 200);
    }
    let before = app.state.hashing.started();
    let res = register("203.0.113.1", unique_email("bulk")).await;
    assert_eq!(res.status(), 429);
    assert_eq!(app.state.hashing.started(), before, "refused before hashing");
    let err = error_of(res).await;
    assert!(err.echoed("email").is_some(), "what was typed comes back");
    // Another address may register; one email cannot be tried endlessly.
    let email = unique_email("probe");
    assert_eq!(register("203.0.113.2", email.clone()).await.status(), 200);
    assert_eq!(register("203.0.113.3", email.clone()).await.status(), 409, "taken");
    assert_eq!(register("203.0.113.4", email.clone()).await.status(), 429);
    app.stop().await;
});

db_test!(reset_requests_are_throttled_per_address_and_per_email, |db| {
    let mut config = test_config();
    config.limits.reset_per_addr = Limit::new(4, 3600);
    config.limits.reset_per_email = Limit::new(2, 3600);
    let app = spawn_app_behind_proxy(db, config).await;
    let email = unique_email("mailbomb");
    app.register(&email, GOOD_PASSWORD).await;
    let ask = |addr: &'static str, email: String| {
        let app = &app;
        async move {
            app.call_from(addr, "accounts/request_password_reset", &[("email", &email)], "")
                .await
                .status()
        }
    };
    assert_eq!(ask("203.0.113.1", email.clone()).await, 200);
    assert_eq!(ask("203.0.113.2", email.clone()).await, 200);
    assert_eq!(
        ask("203.0.113.3", email.clone()).await,
        429,
        "two mails an hour per email"
    );
    let mails: i64 = sqlx::query_scalar("select count(*) from outbox_email where to_address = $1")
        .bind(&email)
        .fetch_one(app.state.db.pool())
        .await
        .expect("count");
    assert_eq!(mails, 2);
    // Per address, whether or not the emails have accounts.
    for i in 0..3 {
        assert_eq!(ask("203.0.113.1", format!("ghost{i}@example.com")).await, 200);
    }
    assert_eq!(ask("203.0.113.1", "ghost9@example.com".into()).await, 429);
    app.stop().await;
});

db_test!(an_older_reset_link_dies_when_a_newer_one_is_issued_or_used, |db| {
    let app = spawn_app_with(db, test_config()).await;
    let email = unique_email("links");
    app.register(&email, GOOD_PASSWORD).await;
    let ask = || async {
        app.call("accounts/request_password_reset", &[("email", &email)], None)
            .await
    };
    assert_eq!(ask().await.status(), 200);
    let first = reset_token(&app, &email).await;
    assert_eq!(ask().await.status(), 200);
    let second = reset_token(&app, &email).await;
    assert_ne!(first, second);
    let reset = |token: String, password: &'static str| {
        let app = &app;
        async move {
            app.call(
                "accounts/reset_password",
                &[("token", &token), ("password", password)],
                None,
            )
            .await
            .status()
        }
    };
    assert_eq!(reset(first, "first-new-password").await, 400, "the older link is dead");
    assert_eq!(reset(second.clone(), "second-new-password").await, 200);
    assert_eq!(reset(second, "third-new-password").await, 400, "used once");
    assert_eq!(app.log_in(&email, "second-new-password").await.status(), 200);
    app.stop().await;
});

db_test!(reset_mail_leaves_the_outbox_after_its_retention, |db| {
    let mut config = test_config();
    config.outbox_retention_secs = 0;
    let app = spawn_app_with(db, config).await;
    let email = unique_email("retention");
    app.register(&email, GOOD_PASSWORD).await;
    let res = app
        .call("accounts/request_password_reset", &[("email", &email)], None)
        .await;
    assert_eq!(res.status(), 200);
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    server::housekeeping(&app.state).await.expect("housekeeping");
    let left: i64 = sqlx::query_scalar("select count(*) from outbox_email")
        .fetch_one(app.state.db.pool())
        .await
        .expect("count");
    assert_eq!(left, 0, "no reset token kept past the retention");
    app.stop().await;
});

db_test!(log_in_keeps_no_session_when_throttled_and_says_when_to_return, |db| {
    let app = spawn_app_with(db, test_config()).await;
    let email = unique_email("wait");
    app.register(&email, GOOD_PASSWORD).await;
    for _ in 0..5 {
        app.log_in(&email, "wrong password 123").await;
    }
    let res = app.log_in(&email, GOOD_PASSWORD).await;
    assert_eq!(res.status(), 429);
    assert!(session_from(res.headers()).is_none());
    let header: u64 = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    let err = error_of(res).await;
    assert_eq!(err.retry_after_secs, Some(header), "the header and the message agree");
    app.stop().await;
});

/// Values for `next`/`back` that a browser would follow off the site, or
/// that cannot be a header: each must end at `/`.
const FOREIGN_TARGETS: &[&str] = &[
    "//evil.example/",
    "https://evil.example/",
    "/\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    "/\u{1}/x",
    "/\u{7f}/evil.example",
    "evil.example",
    "",
];

db_test!(every_redirect_stays_on_this_site, |db| {
    let app = spawn_app_with(db, test_config()).await;
    let email = unique_email("next");
    app.register(&email, GOOD_PASSWORD).await;
    for target in FOREIGN_TARGETS {
        // Log-in from a plain form (no JavaScript): the server redirects.
        let res = app
            .client
            .post(app.url("/api/accounts/log_in"))
            .header("origin", &app.base)
            .header("accept", "text/html")
            .form(&[("email", email.as_str()), ("password", GOOD_PASSWORD), ("next", target)])
            .send()
            .await
            .expect("post");
        assert!(res.status().is_redirection(), "{target:?}: {}", res.status());
        assert_eq!(res.headers()["location"], "/", "log-in next={target:?}");
        // The language switch.
        let url = format!("{}?back={}", app.url("/lang/en"), urlencoding::encode(target));
        let res = app.client.get(url).send().await.expect("get");
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], "/", "lang back={target:?}");
        // The log-in page renders its hidden field from the same check.
        let url = format!("{}?next={}", app.url("/login"), urlencoding::encode(target));
        let html = app
            .client
            .get(url)
            .send()
            .await
            .expect("get")
            .text()
            .await
            .expect("html");
        assert!(html.contains(r#"name="next" value="/""#), "login page next={target:?}");
    }
    // A same-site target with words in Chinese arrives encoded, intact.
    let res = app
        .client
        .get(format!(
            "{}?back={}",
            app.url("/lang/en"),
            urlencoding::encode("/search?q=手机")
        ))
        .send()
        .await
        .expect("get");
    assert_eq!(res.headers()["location"], "/search?q=%E6%89%8B%E6%9C%BA");
    // A failed plain form post goes back to where it came from, if that is here.
    for (referer, expected) in [
        (app.url("/login?x=1"), "/login?x=1"),
        ("http://evil.example/login".to_string(), "/"),
    ] {
        let res = app
            .client
            .post(app.url("/api/accounts/log_in"))
            .header("origin", &app.base)
            .header("accept", "text/html")
            .header("referer", &referer)
            .form(&[("email", email.as_str()), ("password", "wrong password 123")])
            .send()
            .await
            .expect("post");
        let location = res.headers()["location"].to_str().expect("location").to_string();
        assert!(
            location.starts_with(expected) && !location.contains("evil"),
            "{referer} → {location}"
        );
    }
    app.stop().await;
});

db_test!(
    a_write_with_cookies_but_no_origin_referer_or_fetch_metadata_is_refused,
    |db| {
        let app = spawn_app_with(db, test_config()).await;
        let (_, [red, _]) = common::seed_product(&app, "Origin Buds", [10, 10]).await;
        let session = app.register(&unique_email("csrf"), GOOD_PASSWORD).await;
        let add = |headers: Vec<(&'static str, String)>| {
            let app = &app;
            async move {
                let mut req = app
                    .client
                    .post(app.url("/api/cart/add"))
                    .header("accept", "application/json")
                    .form(&[("sku_id", red.to_string()), ("quantity", "1".to_string())]);
                for (k, v) in headers {
                    req = req.header(k, v);
                }
                req.send().await.expect("post").status().as_u16()
            }
        };
        let cookie = ("cookie", format!("jishi_session={session}"));
        assert_eq!(add(vec![cookie.clone()]).await, 403, "cookies and nothing else");
        assert_eq!(
            add(vec![("cookie", "jishi_cart=x".to_string())]).await,
            403,
            "a cart cookie too"
        );
        assert_eq!(
            add(vec![cookie.clone(), ("referer", app.url("/p/1"))]).await,
            200,
            "same-site Referer"
        );
        assert_eq!(
            add(vec![cookie.clone(), ("referer", "http://evil.example/".into())]).await,
            403,
            "foreign Referer"
        );
        assert_eq!(
            add(vec![cookie.clone(), ("sec-fetch-site", "cross-site".into())]).await,
            403
        );
        assert_eq!(
            add(vec![cookie.clone(), ("origin", "http://evil.example".into())]).await,
            403
        );
        assert_eq!(add(vec![cookie, ("origin", app.base.clone())]).await, 200);
        // Without cookies it acts for nobody: a fresh guest cart is fine.
        assert_eq!(add(vec![]).await, 200);
        app.stop().await;
    }
);
