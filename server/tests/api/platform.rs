//! The platform shell over real HTTP: health, roles, cross-site refusal,
//! security headers, language, status pages.

use crate::common;

use common::{cookie_headers, spawn_app, unique_email, GOOD_PASSWORD};

db_test!(health_answers_once_the_database_is_reachable, |db| {
    let app = spawn_app(db).await;
    let res = app.client.get(app.url("/healthz")).send().await.expect("get");
    assert_eq!(res.status(), 200);
    app.stop().await;
});

db_test!(a_shopper_calling_the_operator_function_is_refused, |db| {
    let app = spawn_app(db).await;
    let res = app.call("admin/platform_counts", &[], None).await;
    assert_eq!(res.status(), 401, "guests are refused");

    let shopper = app.register(&unique_email("shopper"), GOOD_PASSWORD).await;
    let res = app.call("admin/platform_counts", &[], Some(&shopper)).await;
    assert_eq!(res.status(), 403, "shoppers are refused");
    assert!(!res.text().await.unwrap_or_default().contains("users"));

    let operator_email = unique_email("operator");
    app::accounts::service::create_operator(&app.state.db, &app.state.hashing, &operator_email, "Op", GOOD_PASSWORD)
        .await
        .expect("operator");
    let res = app.log_in(&operator_email, GOOD_PASSWORD).await;
    let operator = common::session_from(res.headers()).expect("operator session");
    let res = app.call("admin/platform_counts", &[], Some(&operator)).await;
    assert_eq!(res.status(), 200);
    let counts: app::admin::model::PlatformSummary = res.json().await.expect("counts");
    assert_eq!(counts.users, 2);
    app.stop().await;
});

db_test!(
    the_admin_page_is_403_for_shoppers_and_a_login_redirect_for_guests,
    |db| {
        let app = spawn_app(db).await;
        let res = app.client.get(app.url("/admin")).send().await.expect("get");
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], "/login?next=%2Fadmin");

        let shopper = app.register(&unique_email("peek"), GOOD_PASSWORD).await;
        let res = app
            .client
            .get(app.url("/admin"))
            .headers(cookie_headers(&shopper))
            .send()
            .await
            .expect("get");
        assert_eq!(res.status(), 403);
        let html = res.text().await.expect("html");
        assert!(html.contains("You do not have access to this page"));
        app.stop().await;
    }
);

db_test!(a_cross_site_post_is_refused, |db| {
    let app = spawn_app(db).await;
    let form = [
        ("email", "victim@example.com"),
        ("display_name", "V"),
        ("password", GOOD_PASSWORD),
    ];
    let res = app
        .client
        .post(app.url("/api/accounts/register"))
        .header("origin", "https://evil.example")
        .form(&form)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 403);
    let res = app
        .client
        .post(app.url("/api/accounts/register"))
        .header("sec-fetch-site", "cross-site")
        .form(&form)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 403);
    let users = app::accounts::service::count_users(&app.state.db).await.expect("count");
    assert_eq!(users, 0, "nothing was written");
    app.stop().await;
});

db_test!(pages_carry_security_headers_with_a_fresh_nonce, |db| {
    let app = spawn_app(db).await;
    let mut nonces = Vec::new();
    for _ in 0..2 {
        let res = app.client.get(app.url("/login")).send().await.expect("get");
        assert_eq!(res.status(), 200);
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .expect("csp")
            .to_string();
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("'wasm-unsafe-eval'"));
        assert!(!csp.contains("unsafe-inline"));
        assert_eq!(res.headers()["x-content-type-options"], "nosniff");
        assert!(res.headers().contains_key("referrer-policy"));
        assert!(res.headers().contains_key("x-request-id"));
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .expect("nonce")
            .split('\'')
            .next()
            .expect("nonce")
            .to_string();
        let html = res.text().await.expect("html");
        for script in html.split("<script").skip(1) {
            assert!(
                script.starts_with(&format!(" nonce=\"{nonce}\"")) || script.contains(&format!("nonce=\"{nonce}\"")),
                "inline script without nonce"
            );
        }
        nonces.push(nonce);
    }
    assert_ne!(nonces[0], nonces[1]);
    app.stop().await;
});

db_test!(responses_are_compressed_and_bodies_are_limited, |db| {
    let app = spawn_app(db).await;
    // A rendered page is gzipped for a browser (which also offers brotli),
    // and reads back whole.
    let res = app
        .client
        .get(app.url("/login"))
        .header("accept-encoding", "gzip, deflate, br, zstd")
        .send()
        .await
        .expect("get");
    assert_eq!(res.headers()["content-encoding"], "gzip");
    assert!(res.headers().get("content-length").is_none());
    let body = res.bytes().await.expect("body");
    let mut page = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&body[..]), &mut page).expect("gzip");
    assert!(
        page.starts_with("<!DOCTYPE html>") && page.contains("</html>"),
        "{page}"
    );
    // A client that takes no gzip gets the page as it is.
    let res = app
        .client
        .get(app.url("/login"))
        .header("accept-encoding", "identity")
        .send()
        .await
        .expect("get");
    assert!(res.headers().get("content-encoding").is_none());
    // An oversized body is refused from its declared length, before any of
    // it is read. Raw HTTP, because the server answering early closes the
    // connection under a client still writing (a broken pipe for reqwest).
    let head = format!(
        "POST /api/accounts/log_in HTTP/1.1\r\nHost: {}\r\nOrigin: {}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        app.addr,
        app.base,
        3 * 1024 * 1024
    );
    let addr = app.addr;
    let answer = tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(addr).expect("connect");
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(30)))
            .expect("timeout");
        stream.write_all(head.as_bytes()).expect("write head");
        let mut buf = [0u8; 64];
        let n = stream.read(&mut buf).expect("read status line");
        String::from_utf8_lossy(&buf[..n]).into_owned()
    })
    .await
    .expect("join");
    assert!(answer.starts_with("HTTP/1.1 413"), "got {answer:?}");
    app.stop().await;
});

db_test!(the_language_choice_is_kept_in_a_cookie, |db| {
    let app = spawn_app(db).await;
    let res = app
        .client
        .get(app.url("/lang/zh-CN?back=%2Flogin"))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/login");
    let cookie = res.headers()["set-cookie"].to_str().expect("cookie").to_string();
    assert!(cookie.starts_with("jishi_lang=zh-CN"));
    let html = app
        .client
        .get(app.url("/login"))
        .header("cookie", "jishi_lang=zh-CN")
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("html");
    assert!(html.contains("<html lang=\"zh-CN\""));
    assert!(html.contains("购物车"));
    let res = app
        .client
        .get(app.url("/lang/zh-CN?back=https%3A%2F%2Fevil.example"))
        .send()
        .await
        .expect("get");
    assert_eq!(res.headers()["location"], "/", "never sends people off-site");
    app.stop().await;
});

db_test!(unknown_pages_are_404_pages, |db| {
    let app = spawn_app(db).await;
    let res = app.client.get(app.url("/no/such/page")).send().await.expect("get");
    assert_eq!(res.status(), 404);
    assert!(res.text().await.expect("html").contains("Page not found"));
    let res = app.call("no/such_function", &[], None).await;
    assert!(res.status().is_client_error());
    app.stop().await;
});

db_test!(the_home_page_shows_the_demo_categories, |db| {
    let app = spawn_app(db).await;
    server::seed::seed_demo(&app.state).await.expect("seed");
    app.state.catalog.rebuild(&app.state.db).await.expect("index");
    let html = app
        .client
        .get(app.url("/"))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("html");
    assert!(html.contains("Phones &amp; Digital") || html.contains("Phones & Digital"));
    assert!(html.contains("/p/"), "products are listed");
    let products = app::catalog::service::count_products(&mut app.state.db.read().await.expect("conn"))
        .await
        .expect("count")
        .0;
    assert!(products >= 200);
    // The demo's ratings are its reviews': stored aggregates equal a recount.
    for product in [1, 2, 21, 121] {
        let shop = common::placement(&app, product).await.shop_id;
        crate::reviews::assert_aggregates_hold(&app, product, shop).await;
    }
    let mut conn = app.state.db.read().await.expect("conn");
    let first = app::reviews::service::summary(&mut conn, 1).await.expect("summary");
    assert_eq!(first.count, 36, "a page's worth and more");
    assert!(first.with_photos > 0 && first.with_follow_ups > 0);
    drop(conn);
    assert!(
        !server::seed::seed_catalog(&app.state, 10, false)
            .await
            .expect("second seed"),
        "seeding is once"
    );
    app.stop().await;
});

db_test!(anonymous_pages_are_cached_without_sharing_a_nonce_or_a_header, |db| {
    use sha2::Digest;
    let app = spawn_app(db).await;
    let (product, _) = common::seed_product(&app, "Cached Lamp 缓存台灯", [5, 5]).await;
    let path = format!("/p/{product}");
    let first = app.client.get(app.url(&path)).send().await.unwrap();
    assert_eq!(first.headers()["x-page-cache"], "miss");
    let second = app.client.get(app.url(&path)).send().await.unwrap();
    assert_eq!(second.headers()["x-page-cache"], "hit");
    assert_eq!(
        second.headers()["x-content-type-options"],
        "nosniff",
        "hits carry the security headers"
    );
    assert!(second.headers().contains_key("x-request-id"));
    let csp = second.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(!csp.contains("nonce-"), "a cached page carries no nonce: {csp}");
    let html = second.text().await.unwrap();
    let nonces: Vec<&str> = html
        .split("nonce=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or(""))
        .collect();
    assert!(
        nonces.iter().all(|n| n.is_empty()),
        "no nonce value in the cached markup: {nonces:?}"
    );
    // Every inline script is allowed by its hash, and nothing else is.
    let mut rest = html.as_str();
    let mut scripts = 0;
    while let Some(i) = rest.find("<script") {
        rest = &rest[i..];
        let open_end = rest.find('>').unwrap();
        let close = rest[open_end + 1..].find("</script>").unwrap();
        let body = &rest[open_end + 1..open_end + 1 + close];
        let hash = base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            sha2::Sha256::digest(body.as_bytes()),
        );
        assert!(
            csp.contains(&format!("'sha256-{hash}'")),
            "script not allowed by the policy"
        );
        scripts += 1;
        rest = &rest[open_end + 1 + close..];
    }
    assert!(scripts >= 2, "hydration and data scripts present");

    // A logged-in shopper never gets the cached page (their header differs).
    let token = app.register(&unique_email("cache"), GOOD_PASSWORD).await;
    let mine = app
        .client
        .get(app.url(&path))
        .headers(cookie_headers(&token))
        .send()
        .await
        .unwrap();
    assert!(mine.headers().get("x-page-cache").is_none());
    assert!(mine.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("nonce-"));
    assert!(mine.text().await.unwrap().contains("Test Shopper"), "their own header");

    // A catalog change anywhere makes the next anonymous view fresh.
    common::change_product(
        &app,
        "update product set title = 'Renamed Lamp' where product_id = $1",
        product,
    )
    .await;
    let fresh = app.client.get(app.url(&path)).send().await.unwrap();
    assert_eq!(fresh.status(), 200);
    assert_eq!(
        fresh
            .headers()
            .get("x-page-cache")
            .map(|v| v.to_str().unwrap_or_default()),
        Some("miss")
    );
    assert!(fresh.text().await.unwrap().contains("Renamed Lamp"));
    app.stop().await;
});
