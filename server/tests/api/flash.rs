//! Flash sales: the spike (many buyers, few units: exactly the units sold,
//! everyone else told sold out, no 5xx), the per-account limit, an unpaid
//! order's unit coming back, and the rules of applying and approving.

use crate::common::{self, add_address, member_of, operator_session, unique_email, GOOD_PASSWORD};
use app::promotions::domain::china_time_input;
use app::server::now_ms;
use futures::future::join_all;

async fn answer(res: reqwest::Response) -> (u16, serde_json::Value) {
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or_default())
}

/// A slot (from `start_in_ms`, an hour long) with one approved item of a
/// fresh ¥199 product (stock 500): (product, sku, flash item, merchant
/// session).
async fn flash_item(
    app: &common::TestApp,
    start_in_ms: i64,
    quantity: i64,
    per_account: i64,
) -> (i64, i64, i64, String) {
    let (product, skus) = common::seed_product(app, "Flash kettle 秒杀水壶", [500, 500]).await;
    let shop_id = common::placement(app, product).await.shop_id;
    let operator = operator_session(app).await;
    let starts = now_ms() + start_in_ms;
    let (status, body) = answer(
        app.call(
            "flash/create_slot",
            &[
                ("title", "20:00 场"),
                ("starts_at", &china_time_input(starts)),
                ("ends_at", &china_time_input(starts + 3_600_000)),
            ],
            Some(&operator),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "slot: {body}");
    let slot = body.as_i64().expect("slot id");
    let (merchant, _) = member_of(app, shop_id).await;
    let (status, body) = answer(
        app.call(
            "flash/apply",
            &[
                ("slot_id", &slot.to_string()),
                ("sku_id", &skus[0].to_string()),
                ("price", "99"),
                ("quantity", &quantity.to_string()),
                ("per_account", &per_account.to_string()),
            ],
            Some(&merchant),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "apply: {body}");
    let item = body.as_i64().expect("item id");
    let (status, body) = answer(
        app.call(
            "flash/decide",
            &[("flash_item_id", &item.to_string()), ("decision", "approve")],
            Some(&operator),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "approve: {body}");
    (product, skus[0], item, merchant)
}

/// Every session presses Buy at once: (status, body) each.
async fn press_all<'a>(
    app: &common::TestApp,
    id: &str,
    sessions: impl Iterator<Item = &'a String>,
) -> Vec<(u16, serde_json::Value)> {
    join_all(sessions.map(|session| async move {
        answer(app.call("flash/buy", &[("flash_item_id", id)], Some(session)).await).await
    }))
    .await
}

/// How many presses got this status (and error code).
fn answered(results: &[(u16, serde_json::Value)], status: u16, code: Option<&str>) -> usize {
    results
        .iter()
        .filter(|(s, b)| *s == status && code.is_none_or(|c| b["code"] == c))
        .count()
}

async fn buyer(app: &common::TestApp) -> String {
    let session = app.register(&unique_email("flash"), GOOD_PASSWORD).await;
    add_address(app, &session).await;
    session
}

db_test!(
    sixty_buyers_pressing_at_once_for_twenty_units_give_twenty_orders,
    |db| {
        let app = common::spawn_app(db).await;
        // Starts a minute back (times are typed to the minute).
        let (_, sku, item, _) = flash_item(&app, -60_000, 20, 1).await;
        let mut buyers = Vec::new();
        for _ in 0..60 {
            buyers.push(buyer(&app).await);
        }
        let id = item.to_string();
        let results = press_all(&app, &id, buyers.iter()).await;
        let bought = answered(&results, 200, None);
        let sold_out = answered(&results, 409, Some("SoldOut"));
        assert_eq!(bought, 20, "exactly the units: {results:?}");
        assert_eq!(sold_out, 40, "everyone else hears sold out: {results:?}");
        let (sold, orders, stock): (i64, i64, i64) = sqlx::query_as(
            "select (select sold from flash_item where flash_item_id = $1),
                (select count(*) from order_line where sku_id = $2 and unit_price_minor = 9900),
                (select stock from sku where sku_id = $2)",
        )
        .bind(item)
        .bind(sku)
        .fetch_one(app.state.db.pool())
        .await
        .expect("counts");
        assert_eq!(
            (sold, orders, stock),
            (20, 20, 480),
            "sold at the flash price, stock taken once each"
        );
        app.stop().await;
    }
);

db_test!(
    one_account_pressing_in_ten_tabs_at_once_gets_its_limit_and_no_more,
    |db| {
        let app = common::spawn_app(db).await;
        let (_, sku, item, _) = flash_item(&app, -60_000, 20, 2).await;
        let id = item.to_string();
        // Nowhere to send it: told so by the field, and no unit is used.
        let homeless = app.register(&unique_email("flash"), GOOD_PASSWORD).await;
        let (status, body) = answer(app.call("flash/buy", &[("flash_item_id", &id)], Some(&homeless)).await).await;
        assert_eq!(
            (status, body["code"].as_str(), body["fields"][0]["field"].as_str()),
            (400, Some("AddressRequired"), Some("address")),
            "{body}"
        );
        let session = buyer(&app).await;
        // Arriving together, the presses are written in one batch: the
        // limit must hold inside it, not only between batches.
        let results = press_all(&app, &id, std::iter::repeat_n(&session, 10)).await;
        let bought = answered(&results, 200, None);
        let limited = answered(&results, 409, Some("FlashLimitReached"));
        assert_eq!((bought, limited), (2, 8), "two per account: {results:?}");
        let (sold, seqs, stock): (i64, String, i64) = sqlx::query_as(
            "select (select sold from flash_item where flash_item_id = $1),
                (select cast(min(seq) as text) || '-' || cast(max(seq) as text) from flash_purchase
                    where flash_item_id = $1),
                (select stock from sku where sku_id = $2)",
        )
        .bind(item)
        .bind(sku)
        .fetch_one(app.state.db.pool())
        .await
        .expect("counts");
        assert_eq!(
            (sold, seqs.as_str(), stock),
            (2, "1-2", 498),
            "two units, counted 1 and 2"
        );
        app.stop().await;
    }
);

db_test!(
    one_account_buys_its_limit_and_an_unpaid_order_gives_the_unit_back,
    |db| {
        let app = common::spawn_app(db).await;
        let (product, _, item, _) = flash_item(&app, -60_000, 2, 1).await;
        let first = buyer(&app).await;
        let second = buyer(&app).await;
        let third = buyer(&app).await;
        let id = item.to_string();
        let (status, body) = answer(app.call("flash/buy", &[("flash_item_id", &id)], Some(&first)).await).await;
        assert_eq!(status, 200, "{body}");
        let checkout = body["checkout_id"].as_i64().expect("checkout");
        // One unit is left, but not for the first buyer: one per account.
        let (status, body) = answer(app.call("flash/buy", &[("flash_item_id", &id)], Some(&first)).await).await;
        assert_eq!((status, body["code"].as_str()), (409, Some("FlashLimitReached")));
        let (status, body) = answer(app.call("flash/buy", &[("flash_item_id", &id)], Some(&second)).await).await;
        assert_eq!(status, 200, "{body}");
        let (status, body) = answer(app.call("flash/buy", &[("flash_item_id", &id)], Some(&third)).await).await;
        assert_eq!((status, body["code"].as_str()), (409, Some("SoldOut")));
        // The first buyer does not pay: cancelled (as the ten-minute timer
        // would), the unit goes back and the third buyer gets it.
        let order: i64 = sqlx::query_scalar("select order_id from shop_order where checkout_id = $1")
            .bind(checkout)
            .fetch_one(app.state.db.pool())
            .await
            .expect("order");
        let pay_by: i64 = sqlx::query_scalar("select pay_by from shop_order where order_id = $1")
            .bind(order)
            .fetch_one(app.state.db.pool())
            .await
            .expect("pay by");
        assert!(pay_by - now_ms() <= 10 * 60 * 1000, "ten minutes to pay");
        let cancel = app
            .call("orders/cancel", &[("order_id", &order.to_string())], Some(&first))
            .await;
        assert_eq!(cancel.status(), 200);
        app.state.flash.forget();
        let (status, body) = answer(app.call("flash/buy", &[("flash_item_id", &id)], Some(&third)).await).await;
        assert_eq!(status, 200, "the released unit sells again: {body}");
        // The product page shows the sale with its price.
        let (_, html) = common::page(&app, &third, &format!("/p/{product}")).await;
        assert!(
            html.contains("Flash sale") && html.contains("¥99.00"),
            "flash panel shown"
        );
        app.stop().await;
    }
);

db_test!(flash_sales_keep_their_rules, |db| {
    let app = common::spawn_app(db).await;
    let (_, _, later, merchant) = flash_item(&app, 3_600_000, 5, 1).await;
    let shopper = buyer(&app).await;
    let (status, body) = answer(
        app.call("flash/buy", &[("flash_item_id", &later.to_string())], Some(&shopper))
            .await,
    )
    .await;
    assert_eq!((status, body["code"].as_str()), (409, Some("FlashNotStarted")));
    let (status, _) = answer(
        app.call("flash/buy", &[("flash_item_id", "999999")], Some(&shopper))
            .await,
    )
    .await;
    assert_eq!(status, 404);
    // A guest is asked to log in; a shopper cannot approve; a merchant
    // cannot apply another shop's SKU or a price that is not lower.
    let (status, _) = answer(
        app.call("flash/buy", &[("flash_item_id", &later.to_string())], None)
            .await,
    )
    .await;
    assert_eq!(status, 401);
    let (status, _) = answer(
        app.call(
            "flash/decide",
            &[("flash_item_id", &later.to_string()), ("decision", "approve")],
            Some(&shopper),
        )
        .await,
    )
    .await;
    assert_eq!(status, 403);
    let (other_product, other_skus) = common::seed_product(&app, "Another shop's kettle", [5, 5]).await;
    let _ = other_product;
    let slot: i64 = sqlx::query_scalar("select slot_id from flash_item where flash_item_id = $1")
        .bind(later)
        .fetch_one(app.state.db.pool())
        .await
        .expect("slot");
    let (status, body) = answer(
        app.call(
            "flash/apply",
            &[
                ("slot_id", &slot.to_string()),
                ("sku_id", &other_skus[0].to_string()),
                ("price", "500"),
                ("quantity", "abc"),
            ],
            Some(&merchant),
        )
        .await,
    )
    .await;
    assert_eq!(status, 400, "{body}");
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert!(fields.contains(&"sku_id") && fields.contains(&"quantity"), "{fields:?}");
    let rejected = app
        .call(
            "flash/decide",
            &[
                ("flash_item_id", &later.to_string()),
                ("decision", "reject"),
                ("reason", "late"),
            ],
            Some(&operator_session(&app).await),
        )
        .await;
    assert_eq!(rejected.status(), 409, "already approved: nothing to reject");
    app.stop().await;
});

db_test!(
    presses_on_a_sold_out_item_are_answered_before_the_session_is_read,
    |db| {
        let app = common::spawn_app(db).await;
        let (_, _, item, _) = flash_item(&app, -60_000, 1, 1).await;
        let first = buyer(&app).await;
        let id = item.to_string();
        // A press with a made-up session is set the one unit aside on
        // arrival, is then asked to log in, and the unit goes back.
        let forged = "not-a-session".to_string();
        let (status, _) = answer(app.call("flash/buy", &[("flash_item_id", &id)], Some(&forged)).await).await;
        assert_eq!(status, 401);
        let (status, _) = answer(app.call("flash/buy", &[("flash_item_id", &id)], Some(&first)).await).await;
        assert_eq!(status, 200);
        // Sold out now: a press with no session at all (which would otherwise be
        // asked to log in) is told so, in the server function's own shape.
        let (status, body) = answer(app.call("flash/buy", &[("flash_item_id", &id)], None).await).await;
        assert_eq!((status, body["code"].as_str()), (409, Some("SoldOut")));
        // Other items, hostile bodies and plain form posts take the usual path.
        let (status, _) = answer(
            app.call("flash/buy", &[("flash_item_id", "x&flash_item_id=1")], None)
                .await,
        )
        .await;
        assert!(status == 400 || status == 401, "{status}");
        app.stop().await;
    }
);
