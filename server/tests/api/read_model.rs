//! What a server keeps in memory about the storefront (the search index and
//! listings, remembered shops, the page cache) never shows stale data for
//! long: a price, stock, title or shop change made through a service on one
//! server shows on another server sharing the database within two seconds,
//! in pages rendered for logged-in shoppers (never cached) and in cached
//! anonymous pages alike.

use crate::common;

use common::{seed_product, spawn_app, unique_email, TestApp, GOOD_PASSWORD};
use reqwest::header::COOKIE;
use std::time::{Duration, Instant};

/// A page as a guest (`None`) or as a logged-in shopper sees it; empty
/// unless found.
async fn page(app: &TestApp, path: &str, session: Option<&str>) -> String {
    let mut req = app.client.get(app.url(path));
    if let Some(token) = session {
        req = req.header(COOKIE, format!("jishi_session={token}"));
    }
    let res = req.send().await.expect("get");
    if res.status() != 200 {
        return String::new();
    }
    res.text().await.expect("body")
}

/// Every (page, viewer) shows `text` within two seconds of `since`.
async fn all_show(app: &TestApp, pages: &[String], sessions: &[Option<&str>], text: &str, since: Instant) {
    for path in pages {
        for session in sessions {
            loop {
                if page(app, path, *session).await.contains(text) {
                    break;
                }
                assert!(
                    since.elapsed() < Duration::from_secs(2),
                    "{path} ({}) did not show {text:?} within 2 s",
                    if session.is_some() { "logged in" } else { "guest" }
                );
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
}

db_test!(
    changes_through_services_on_one_server_show_on_another_within_two_seconds,
    |db| {
        let writer = spawn_app(db).await;
        let reader = spawn_app(db).await;
        let (product, [red, blue]) = seed_product(&writer, "Fresh Lamp 新鲜台灯", [5, 5]).await;
        let common::Placement {
            shop_id,
            category_slug: category,
            ..
        } = common::placement(&writer, product).await;
        let shopper = reader.register(&unique_email("fresh"), GOOD_PASSWORD).await;
        let sessions = [None, Some(shopper.as_str())];
        let product_page = vec![format!("/p/{product}")];
        let listings = vec![format!("/c/{category}?sort=newest"), "/search?q=lamp".to_string()];
        let everywhere: Vec<String> = product_page.iter().chain(&listings).cloned().collect();

        // The reader has seen everything once: pages cached, the shop remembered.
        all_show(&reader, &everywhere, &sessions, "Fresh Lamp", Instant::now()).await;
        for path in &everywhere {
            page(&reader, path, None).await;
        }

        // Price (product page and listings show the lowest price).
        let mut tx = writer.state.db.begin_write().await.unwrap();
        app::catalog::service::set_sku_price(&mut tx, red, 12_300)
            .await
            .unwrap();
        app::catalog::service::set_sku_price(&mut tx, blue, 12_300)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        all_show(&reader, &everywhere, &sessions, "¥123.00", Instant::now()).await;

        // Stock: both colours sold out.
        let mut tx = writer.state.db.begin_write().await.unwrap();
        app::catalog::service::set_stock(&mut tx, red, 0).await.unwrap();
        app::catalog::service::set_stock(&mut tx, blue, 0).await.unwrap();
        tx.commit().await.unwrap();
        all_show(&reader, &product_page, &sessions, "Sold out", Instant::now()).await;

        // Title.
        let mut tx = writer.state.db.begin_write().await.unwrap();
        app::catalog::service::retitle_product(&mut tx, product, "Renamed Lamp 改名台灯")
            .await
            .unwrap();
        tx.commit().await.unwrap();
        all_show(&reader, &everywhere, &sessions, "Renamed Lamp", Instant::now()).await;

        // Shop name, shown on the product page.
        let mut tx = writer.state.db.begin_write().await.unwrap();
        app::merchants::service::rename_shop(&mut tx, shop_id, "Fresh Shop 新店名")
            .await
            .unwrap();
        tx.commit().await.unwrap();
        all_show(&reader, &product_page, &sessions, "Fresh Shop", Instant::now()).await;

        writer.stop().await;
        reader.stop().await;
    }
);

db_test!(
    a_session_ended_on_one_server_stops_working_on_another_within_seconds,
    |db| {
        let first = spawn_app(db).await;
        let second = spawn_app(db).await;
        let token = first.register(&unique_email("everywhere"), GOOD_PASSWORD).await;
        let whoami = |app: &TestApp| {
            let req = app
                .client
                .post(app.url("/api/accounts/current_user"))
                .header("origin", &app.base)
                .header(COOKIE, format!("jishi_session={token}"));
            async move { req.send().await.expect("post").text().await.expect("body") }
        };
        assert!(
            whoami(&second).await.contains("everywhere"),
            "the second server knows the session"
        );

        let res = first.call("accounts/log_out", &[], Some(&token)).await;
        assert_eq!(res.status(), 200);
        assert!(
            whoami(&first).await.contains("null"),
            "ended at once where it was ended"
        );
        let ended = Instant::now();
        let bound = app::accounts::session_cache::TRUST + Duration::from_secs(1);
        while whoami(&second).await.contains("everywhere") {
            assert!(
                ended.elapsed() < bound,
                "still accepted {bound:?} after log-out elsewhere"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        first.stop().await;
        second.stop().await;
    }
);
