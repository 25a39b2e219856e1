//! Accounts over real HTTP: registration rules, sessions, log-out, restart,
//! throttling, password reset.

use crate::common;

use app::error::{AppError, ErrorCode};
use app::server::throttle::Limit;
use common::{session_from, spawn_app, spawn_app_with, test_config, unique_email, GOOD_PASSWORD};

async fn error_of(res: reqwest::Response) -> AppError {
    let body = res.text().await.expect("body");
    serde_json::from_str(&body).unwrap_or_else(|_| panic!("not an AppError: {body}"))
}

async fn whoami(app: &common::TestApp, token: &str) -> Option<String> {
    let res = app.call("accounts/current_user", &[], Some(token)).await;
    assert_eq!(res.status(), 200);
    let v: serde_json::Value = res.json().await.expect("json");
    v.get("email").and_then(|e| e.as_str()).map(str::to_string)
}

db_test!(registration_logs_in_and_the_session_is_recognised, |db| {
    let app = spawn_app(db).await;
    let email = unique_email("reg");
    let token = app.register(&email, GOOD_PASSWORD).await;
    assert_eq!(whoami(&app, &token).await.as_deref(), Some(email.as_str()));
    app.stop().await;
});

db_test!(registration_refuses_weak_passwords_and_duplicate_emails, |db| {
    let app = spawn_app(db).await;
    let email = unique_email("dup");
    let cases = [
        ("short1", ErrorCode::PasswordTooShort),
        ("12345678901234", ErrorCode::PasswordAllDigits),
        (email.as_str(), ErrorCode::PasswordIsEmail),
    ];
    for (password, code) in cases {
        let res = app
            .call(
                "accounts/register",
                &[("email", &email), ("display_name", "Li Wei"), ("password", password)],
                None,
            )
            .await;
        assert_eq!(res.status(), 400);
        let err = error_of(res).await;
        assert_eq!(err.for_field("password"), Some(code), "password {password:?}");
        assert_eq!(err.echoed("email"), Some(email.as_str()), "typed email is sent back");
        assert_eq!(err.echoed("password"), None, "a password is never echoed");
    }
    app.register(&email, GOOD_PASSWORD).await;
    let res = app
        .call(
            "accounts/register",
            &[
                ("email", &email.to_uppercase()),
                ("display_name", "Twin"),
                ("password", GOOD_PASSWORD),
            ],
            None,
        )
        .await;
    assert_eq!(res.status(), 409);
    assert_eq!(error_of(res).await.for_field("email"), Some(ErrorCode::EmailTaken));
    app.stop().await;
});

db_test!(hostile_registration_input_gets_clean_errors, |db| {
    let app = spawn_app(db).await;
    let long = "x".repeat(100_000);
    let cases: Vec<Vec<(&str, &str)>> = vec![
        vec![],
        vec![
            ("email", "not-an-email"),
            ("display_name", "A"),
            ("password", GOOD_PASSWORD),
        ],
        vec![
            ("email", "a@example.com"),
            ("display_name", ""),
            ("password", GOOD_PASSWORD),
        ],
        vec![("email", &long), ("display_name", &long), ("password", &long)],
        vec![
            ("email", "a@example.com\u{0}"),
            ("display_name", "\u{7}"),
            ("password", GOOD_PASSWORD),
        ],
    ];
    for form in cases {
        let res = app.call("accounts/register", &form, None).await;
        assert!(res.status().is_client_error(), "{form:?} gave {}", res.status());
        let err = error_of(res).await;
        assert_ne!(err.code, ErrorCode::Internal);
    }
    app.stop().await;
});

db_test!(a_session_survives_a_restart_and_dies_at_log_out, |db| {
    let app = spawn_app(db).await;
    let email = unique_email("restart");
    let token = app.register(&email, GOOD_PASSWORD).await;
    app.stop().await;

    let app = spawn_app(db).await;
    assert_eq!(
        whoami(&app, &token).await.as_deref(),
        Some(email.as_str()),
        "session kept across restart"
    );
    let res = app.call("accounts/log_out", &[], Some(&token)).await;
    assert_eq!(res.status(), 200);
    assert_eq!(session_from(res.headers()).as_deref(), Some(""), "cookie cleared");
    assert_eq!(whoami(&app, &token).await, None, "revoked session no longer works");
    app.stop().await;
});

db_test!(log_in_issues_a_new_session_each_time, |db| {
    let app = spawn_app(db).await;
    let email = unique_email("login");
    let first = app.register(&email, GOOD_PASSWORD).await;
    let res = app.log_in(&email, GOOD_PASSWORD).await;
    assert_eq!(res.status(), 200);
    let second = session_from(res.headers()).expect("new cookie");
    assert_ne!(first, second);
    assert_eq!(whoami(&app, &second).await.as_deref(), Some(email.as_str()));
    app.stop().await;
});

db_test!(
    the_sixth_failed_log_in_from_one_address_is_refused_even_with_the_right_password,
    |db| {
        let app = spawn_app(db).await;
        let email = unique_email("throttle");
        app.register(&email, GOOD_PASSWORD).await;
        for attempt in 1..=5 {
            let res = app.log_in(&email, "wrong password 123").await;
            assert_eq!(res.status(), 401, "attempt {attempt}");
            assert_eq!(
                error_of(res).await.for_field("password"),
                Some(ErrorCode::WrongCredentials)
            );
        }
        let res = app.log_in(&email, GOOD_PASSWORD).await;
        assert_eq!(res.status(), 429);
        assert!(session_from(res.headers()).is_none(), "no session while throttled");
        let err = error_of(res).await;
        assert_eq!(err.code, ErrorCode::TooManyAttempts);
        let wait = err.retry_after_secs.expect("wait is named");
        assert!((1..=900).contains(&wait), "wait {wait}s");
        let message = app::ui::error_message(app::i18n::Locale::En, &err);
        assert!(message.starts_with("Too many attempts, try again in "), "{message}");

        // Another account from the same address is not affected.
        let other = unique_email("other");
        app.register(&other, GOOD_PASSWORD).await;
        assert_eq!(app.log_in(&other, GOOD_PASSWORD).await.status(), 200);
        app.stop().await;
    }
);

db_test!(the_throttle_window_passes, |db| {
    let mut config = test_config();
    config.limits.login_per_account_addr = Limit::new(2, 1);
    let app = spawn_app_with(db, config).await;
    let email = unique_email("window");
    app.register(&email, GOOD_PASSWORD).await;
    for _ in 0..2 {
        assert_eq!(app.log_in(&email, "wrong password 123").await.status(), 401);
    }
    assert_eq!(app.log_in(&email, GOOD_PASSWORD).await.status(), 429);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(app.log_in(&email, GOOD_PASSWORD).await.status(), 200);
    app.stop().await;
});

db_test!(many_failures_from_one_address_are_throttled_across_accounts, |db| {
    let mut config = test_config();
    config.limits.login_per_addr = Limit::new(3, 900);
    let app = spawn_app_with(db, config).await;
    for i in 0..3 {
        let res = app
            .log_in(&format!("nobody{i}@example.com"), "wrong password 123")
            .await;
        assert_eq!(res.status(), 401);
    }
    let res = app.log_in("someone-else@example.com", "wrong password 123").await;
    assert_eq!(res.status(), 429);
    app.stop().await;
});

db_test!(unknown_email_and_wrong_password_look_the_same, |db| {
    let app = spawn_app(db).await;
    let email = unique_email("known");
    app.register(&email, GOOD_PASSWORD).await;
    let a = error_of(app.log_in(&email, "wrong password 123").await).await;
    let b = error_of(app.log_in(&unique_email("unknown"), "wrong password 123").await).await;
    assert_eq!(a.code, b.code);
    assert_eq!(a.for_field("password"), b.for_field("password"));
    app.stop().await;
});

db_test!(password_reset_link_works_once_and_ends_old_sessions, |db| {
    let app = spawn_app(db).await;
    let email = unique_email("reset");
    let old_session = app.register(&email, GOOD_PASSWORD).await;
    let res = app
        .call("accounts/request_password_reset", &[("email", &email)], None)
        .await;
    assert_eq!(res.status(), 200);
    // Unknown emails answer the same.
    let res = app
        .call(
            "accounts/request_password_reset",
            &[("email", "ghost@example.com")],
            None,
        )
        .await;
    assert_eq!(res.status(), 200);

    let body: String = sqlx::query_scalar("select body from outbox_email where to_address = $1")
        .bind(&email)
        .fetch_one(app.state.db.pool())
        .await
        .expect("mail in the outbox");
    let token = body
        .split("token=")
        .nth(1)
        .expect("link in mail")
        .split_whitespace()
        .next()
        .expect("token")
        .to_string();

    let res = app
        .call(
            "accounts/reset_password",
            &[("token", &token), ("password", "new-password-2026")],
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(whoami(&app, &old_session).await, None, "old sessions end");
    assert_eq!(app.log_in(&email, "new-password-2026").await.status(), 200);
    assert_eq!(app.log_in(&email, GOOD_PASSWORD).await.status(), 401);

    let res = app
        .call(
            "accounts/reset_password",
            &[("token", &token), ("password", "another-password-1")],
            None,
        )
        .await;
    assert_eq!(res.status(), 400);
    assert_eq!(
        error_of(res).await.for_field("password"),
        Some(ErrorCode::ResetLinkInvalid)
    );
    app.stop().await;
});

db_test!(
    a_plain_form_post_is_redirected_back_with_the_error_and_typed_values,
    |db| {
        let app = spawn_app(db).await;
        let res = app
            .client
            .post(app.url("/api/accounts/register"))
            .header("origin", &app.base)
            .header("accept", "text/html,application/xhtml+xml")
            .header("referer", app.url("/register"))
            .form(&[
                ("email", "kept@example.com"),
                ("display_name", "Kept Name"),
                ("password", "short"),
            ])
            .send()
            .await
            .expect("post");
        assert_eq!(res.status(), 302);
        let location = res.headers()["location"].to_str().expect("location").to_string();
        assert!(location.contains("__err="), "{location}");
        let page = app
            .client
            .get(app.url(&location))
            .send()
            .await
            .expect("get")
            .text()
            .await
            .expect("html");
        assert!(
            page.contains("The password needs at least 10 characters."),
            "message shown"
        );
        assert!(page.contains("value=\"kept@example.com\""), "email refilled");
        assert!(page.contains("value=\"Kept Name\""), "display name refilled");
        assert!(!page.contains("value=\"short\""), "password never refilled");

        let res = app
            .client
            .post(app.url("/api/accounts/register"))
            .header("origin", &app.base)
            .header("accept", "text/html")
            .header("referer", app.url("/register?next=%2Fcart"))
            .form(&[
                ("email", unique_email("nojs").as_str()),
                ("display_name", "No Script"),
                ("password", GOOD_PASSWORD),
                ("next", "/cart"),
            ])
            .send()
            .await
            .expect("post");
        assert_eq!(res.status(), 302);
        assert_eq!(res.headers()["location"], "/cart");
        assert!(session_from(res.headers()).is_some_and(|t| !t.is_empty()));
        app.stop().await;
    }
);
