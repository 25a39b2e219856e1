//! Payment and fulfilment: the signed notification is the only proof of
//! payment and is applied once; declines leave orders payable; unpaid
//! orders expire once; the order machine refuses what it must; every
//! change is recorded; shops act only on their own orders.

use crate::common::{
    self, checkout_id_of, checkout_token, order_statuses, pay, place_order, shopper_ready_to_buy, stock_of,
    unique_email, DECLINED_CARD, GOOD_CARD, GOOD_PASSWORD,
};
use app::payments::test_gateway::{Delivery, TestGateway};
use futures::future::join_all;
use std::sync::Arc;
use std::time::Duration;

use crate::common::json;

async fn order_of(app: &common::TestApp, checkout_id: i64) -> i64 {
    sqlx::query_scalar("select order_id from shop_order where checkout_id = $1 order by order_id limit 1")
        .bind(checkout_id)
        .fetch_one(app.state.db.pool())
        .await
        .expect("order")
}

async fn events(app: &common::TestApp, order_id: i64) -> Vec<String> {
    sqlx::query_scalar("select action from audit_event where subject = 'order' and subject_id = $1 order by event_id")
        .bind(order_id)
        .fetch_all(app.state.db.pool())
        .await
        .expect("events")
}

/// A merchant of the product's shop: (session, shop id).
async fn merchant_of(app: &common::TestApp, sku_id: i64) -> (String, i64) {
    let product: i64 = sqlx::query_scalar("select product_id from sku where sku_id = $1")
        .bind(sku_id)
        .fetch_one(app.state.db.pool())
        .await
        .expect("product");
    let shop_id = common::placement(app, product).await.shop_id;
    (common::member_of(app, shop_id).await.0, shop_id)
}

async fn ship(app: &common::TestApp, merchant: &str, order_id: i64, tracking: &str) -> (u16, serde_json::Value) {
    json(
        app.call(
            "orders/ship",
            &[
                ("order_id", &order_id.to_string()),
                ("carrier", "sf"),
                ("tracking_number", tracking),
            ],
            Some(merchant),
        )
        .await,
    )
    .await
}

/// A server whose gateway's own notification is an hour late and whose
/// ledger answers queries "pending": a payment waits for the notification
/// the test posts.
async fn app_with_silent_gateway(db: &common::TestDb) -> (common::TestApp, Arc<TestGateway>) {
    let mut config = common::test_config();
    config.payment_wait_ms = 50;
    common::spawn_app_with_gateway(
        db,
        config,
        Delivery {
            delay: Duration::from_secs(3600),
            copies: 1,
            queries_pending: true,
        },
    )
    .await
}

/// The one payment in the database: (id, provider reference, amount).
async fn the_payment(app: &common::TestApp) -> (i64, String, i64) {
    sqlx::query_as("select payment_id, provider_ref, amount_minor from payment")
        .fetch_one(app.state.db.pool())
        .await
        .expect("payment")
}

/// Posts the gateway's notification for the payment, for `amount`, with
/// its signature (or a forged one); the callback's status.
async fn notify(app: &common::TestApp, gateway: &TestGateway, amount: i64, forged: bool) -> u16 {
    let (payment_id, provider_ref, _) = the_payment(app).await;
    let (body, mut signature) = gateway.signed_notification(&payment_id.to_string(), &provider_ref, amount);
    if forged {
        signature = signature.replace("v1=", "v1=00");
    }
    app.client
        .post(app.url("/hooks/payments/testpay"))
        .header(app::server::signing::SIGNATURE_HEADER, signature)
        .body(body)
        .send()
        .await
        .expect("answer")
        .status()
        .as_u16()
}

/// Runs the job runner until nothing is due (a refund, say).
async fn settle_jobs(app: &common::TestApp) {
    for _ in 0..20 {
        server::jobs::run_due_jobs(&app.state).await.expect("jobs");
        let pending: i64 = sqlx::query_scalar("select count(*) from scheduled_job where due_at <= $1")
            .bind(app::server::now_ms())
            .fetch_one(app.state.db.pool())
            .await
            .expect("jobs");
        if pending == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

db_test!(
    a_good_card_pays_through_the_signed_notification_and_a_declined_one_leaves_the_order_payable,
    |db| {
        let app = common::spawn_app(db).await;
        let (product, skus) = common::seed_product(&app, "Pay Me 付款测试", [5, 5]).await;
        let (session, address) = shopper_ready_to_buy(&app, skus[0], 1).await;
        let checkout_id = checkout_id_of(place_order(&app, &session, &checkout_token(), address).await).await;
        let order_id = order_of(&app, checkout_id).await;

        let (status, body) = json(pay(&app, &session, checkout_id, DECLINED_CARD).await).await;
        assert_eq!(status, 402);
        assert_eq!(body["fields"][0]["field"], "card_number");
        assert_eq!(body["code"], "CardDeclined");
        assert_eq!(
            order_statuses(&app, checkout_id).await,
            ["pending_payment"],
            "still payable"
        );

        let (status, _) = json(pay(&app, &session, checkout_id, GOOD_CARD).await).await;
        assert_eq!(status, 200);
        assert_eq!(order_statuses(&app, checkout_id).await, ["paid"]);
        assert_eq!(
            events(&app, order_id).await,
            ["placed", "payment_declined", "paid"],
            "every step recorded"
        );
        let (brand, last4): (String, String) =
            sqlx::query_as("select card_brand, card_last4 from payment where status = 'succeeded'")
                .fetch_one(app.state.db.pool())
                .await
                .expect("payment");
        assert_eq!((brand.as_str(), last4.as_str()), ("Visa", "4242"));
        let sales = common::sales_of(&app, product).await;
        assert_eq!(sales, 1, "the storefront's sales count follows payments");
        let (_, page) = common::page(&app, &session, &format!("/pay/{checkout_id}")).await;
        assert!(page.contains("Payment successful"));

        // Paying a paid order is impossible.
        let (status, body) = json(pay(&app, &session, checkout_id, GOOD_CARD).await).await;
        assert_eq!((status, body["code"].as_str()), (409, Some("NothingToPay")));
        // Card numbers never reach the database.
        let dump: Vec<String> = sqlx::query_scalar(
            "select coalesce(card_last4, '') || coalesce(provider_ref, '') || attempt_key from payment",
        )
        .fetch_all(app.state.db.pool())
        .await
        .expect("rows");
        assert!(dump
            .iter()
            .all(|row| !row.contains("4242424242424242") && !row.contains("4000000000000002")));
        app.stop().await;
    }
);

db_test!(
    the_same_payment_notification_delivered_five_times_at_once_pays_once,
    |db| {
        let (app, gateway) = app_with_silent_gateway(db).await;
        let (product, skus) = common::seed_product(&app, "Notify Me 通知测试", [5, 5]).await;
        let (session, address) = shopper_ready_to_buy(&app, skus[0], 2).await;
        let checkout_id = checkout_id_of(place_order(&app, &session, &checkout_token(), address).await).await;
        let order_id = order_of(&app, checkout_id).await;
        let (status, _) = json(pay(&app, &session, checkout_id, GOOD_CARD).await).await;
        assert_eq!(status, 200);
        assert_eq!(
            order_statuses(&app, checkout_id).await,
            ["pending_payment"],
            "not paid before the notification"
        );
        let (_, page) = common::page(&app, &session, &format!("/pay/{checkout_id}")).await;
        assert!(page.contains("Confirming your payment"), "the browser came back first");

        let (_, _, amount) = the_payment(&app).await;
        let copies = join_all((0..5).map(|_| notify(&app, &gateway, amount, false))).await;
        assert_eq!(copies, [200; 5], "every copy is acknowledged");
        assert_eq!(order_statuses(&app, checkout_id).await, ["paid"]);
        assert_eq!(
            events(&app, order_id).await.iter().filter(|e| *e == "paid").count(),
            1,
            "paid once"
        );
        let sales = common::sales_of(&app, product).await;
        assert_eq!(sales, 2, "sold units counted once");

        // A bad signature or a wrong amount changes nothing and is refused.
        assert_eq!(notify(&app, &gateway, amount, true).await, 400);
        assert_eq!(notify(&app, &gateway, 1, false).await, 400);
        let url = app.url("/hooks/payments/testpay");
        let unsigned = app.client.post(&url).body("{}").send().await.expect("answer");
        assert_eq!(unsigned.status(), 400);
        app.stop().await;
    }
);

db_test!(money_that_lands_on_a_cancelled_order_goes_back, |db| {
    let (app, gateway) = app_with_silent_gateway(db).await;
    let (_, skus) = common::seed_product(&app, "Late Money 迟到的钱", [5, 5]).await;
    let (session, address) = shopper_ready_to_buy(&app, skus[0], 1).await;
    let checkout_id = checkout_id_of(place_order(&app, &session, &checkout_token(), address).await).await;
    let order_id = order_of(&app, checkout_id).await;
    assert_eq!(json(pay(&app, &session, checkout_id, GOOD_CARD).await).await.0, 200);
    // The shopper gives up and cancels before the notification comes.
    let (status, _) = json(
        app.call("orders/cancel", &[("order_id", &order_id.to_string())], Some(&session))
            .await,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(stock_of(&app, skus[0]).await, 5, "stock back at cancel");
    let (_, _, amount) = the_payment(&app).await;
    assert_eq!(notify(&app, &gateway, amount, false).await, 200);
    assert_eq!(
        order_statuses(&app, checkout_id).await,
        ["cancelled"],
        "a cancelled order is never paid"
    );
    settle_jobs(&app).await;
    let back: (i64, String) = sqlx::query_as("select amount_minor, status from refund where order_id = $1")
        .bind(order_id)
        .fetch_one(app.state.db.pool())
        .await
        .expect("refund");
    assert_eq!(back, (amount, "succeeded".to_string()), "the money went back");
    assert_eq!(
        events(&app, order_id).await,
        ["placed", "cancelled", "refund_started", "money_returned"],
        "and the shopper can read so on the order"
    );
    app.stop().await;
});

db_test!(
    cancelling_a_paid_order_refunds_it_through_the_provider_and_restocks,
    |db| {
        let app = common::spawn_app(db).await;
        let (_, skus) = common::seed_product(&app, "Changed Mind 改变主意", [5, 5]).await;
        let (session, address) = shopper_ready_to_buy(&app, skus[0], 2).await;
        let checkout_id = checkout_id_of(place_order(&app, &session, &checkout_token(), address).await).await;
        let order_id = order_of(&app, checkout_id).await;
        assert_eq!(json(pay(&app, &session, checkout_id, GOOD_CARD).await).await.0, 200);
        assert_eq!(stock_of(&app, skus[0]).await, 3);
        let (status, _) = json(
            app.call("orders/cancel", &[("order_id", &order_id.to_string())], Some(&session))
                .await,
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(stock_of(&app, skus[0]).await, 5);
        settle_jobs(&app).await;
        let (refunded, total): (i64, i64) =
            sqlx::query_as("select refunded_minor, total_minor from shop_order where order_id = $1")
                .bind(order_id)
                .fetch_one(app.state.db.pool())
                .await
                .expect("order");
        assert_eq!(refunded, total);
        assert_eq!(
            events(&app, order_id).await,
            ["placed", "paid", "cancelled", "refund_started", "money_returned"]
        );
        // A second cancel is refused and refunds nothing more.
        let (status, body) = json(
            app.call("orders/cancel", &[("order_id", &order_id.to_string())], Some(&session))
                .await,
        )
        .await;
        assert_eq!((status, body["code"].as_str()), (409, Some("OrderNotCancellable")));
        app.stop().await;
    }
);

db_test!(
    expiry_of_an_unpaid_order_restores_stock_exactly_once_with_two_servers_running_jobs,
    |db| {
        let mut config = common::test_config();
        config.order_pay_within_secs = 1;
        let first = common::spawn_app_with(db, config.clone()).await;
        let second = common::spawn_app_with(db, config).await;
        let (_, skus) = common::seed_product(&first, "Expiring 即将过期", [5, 5]).await;
        let (session, address) = shopper_ready_to_buy(&first, skus[0], 3).await;
        let checkout_id = checkout_id_of(place_order(&first, &session, &checkout_token(), address).await).await;
        let order_id = order_of(&first, checkout_id).await;
        assert_eq!(stock_of(&first, skus[0]).await, 2);
        tokio::time::sleep(Duration::from_millis(1_200)).await;
        // Both servers' runners fire at once, several times.
        for _ in 0..3 {
            let (a, b) = tokio::join!(
                server::jobs::run_due_jobs(&first.state),
                server::jobs::run_due_jobs(&second.state)
            );
            a.expect("first runner");
            b.expect("second runner");
        }
        assert_eq!(stock_of(&first, skus[0]).await, 5, "stock restored exactly once");
        assert_eq!(order_statuses(&first, checkout_id).await, ["cancelled"]);
        assert_eq!(events(&first, order_id).await, ["placed", "expired"]);
        // Paying it now is impossible.
        let (status, body) = json(pay(&first, &session, checkout_id, GOOD_CARD).await).await;
        assert_eq!((status, body["code"].as_str()), (409, Some("NothingToPay")));
        second.stop().await;
        first.stop().await;
    }
);

db_test!(
    the_shop_ships_the_shopper_confirms_and_illegal_changes_are_refused,
    |db| {
        let app = common::spawn_app(db).await;
        let (_, skus) = common::seed_product(&app, "Ship It 发货测试", [5, 5]).await;
        let (session, address) = shopper_ready_to_buy(&app, skus[0], 1).await;
        let checkout_id = checkout_id_of(place_order(&app, &session, &checkout_token(), address).await).await;
        let order_id = order_of(&app, checkout_id).await;
        let (merchant, _) = merchant_of(&app, skus[0]).await;

        // Not before it is paid.
        let (status, body) = ship(&app, &merchant, order_id, "SF1234567890").await;
        assert_eq!((status, body["code"].as_str()), (409, Some("OrderNotShippable")));
        let (status, body) = json(
            app.call(
                "orders/confirm_receipt",
                &[("order_id", &order_id.to_string())],
                Some(&session),
            )
            .await,
        )
        .await;
        assert_eq!((status, body["code"].as_str()), (409, Some("OrderNotReceivable")));
        assert_eq!(json(pay(&app, &session, checkout_id, GOOD_CARD).await).await.0, 200);

        // Another shop's merchant, and the shopper, cannot ship it.
        let (_, other_skus) = common::seed_product(&app, "Other Shop 别家", [5, 5]).await;
        let (stranger, _) = merchant_of(&app, other_skus[0]).await;
        assert_eq!(ship(&app, &stranger, order_id, "SF1234567890").await.0, 404);
        assert_eq!(ship(&app, &session, order_id, "SF1234567890").await.0, 404);
        // A bad tracking number is named next to its field.
        let (status, body) = ship(&app, &merchant, order_id, "12").await;
        assert_eq!(
            (status, body["fields"][0]["field"].as_str()),
            (400, Some("tracking_number"))
        );

        let (status, _) = ship(&app, &merchant, order_id, "sf 1234 5678 90").await;
        assert_eq!(status, 200);
        let (_, html) = common::page(&app, &session, &format!("/orders/{order_id}")).await;
        assert!(html.contains("Shipped") && html.contains("SF1234567890"));
        // A shipped order cannot be cancelled, nor shipped again.
        let (status, body) = json(
            app.call("orders/cancel", &[("order_id", &order_id.to_string())], Some(&session))
                .await,
        )
        .await;
        assert_eq!((status, body["code"].as_str()), (409, Some("OrderNotCancellable")));
        assert_eq!(ship(&app, &merchant, order_id, "SF0000000000").await.0, 409);

        let (status, _) = json(
            app.call(
                "orders/confirm_receipt",
                &[("order_id", &order_id.to_string())],
                Some(&session),
            )
            .await,
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(order_statuses(&app, checkout_id).await, ["completed"]);
        let (actor, detail): (String, String) = sqlx::query_as(
        "select actor_kind, detail from audit_event where subject = 'order' and subject_id = $1 and action = 'shipped'",
    )
    .bind(order_id)
    .fetch_one(app.state.db.pool())
    .await
    .expect("audit");
        assert_eq!((actor.as_str(), detail.as_str()), ("merchant", "sf SF1234567890"));
        app.stop().await;
    }
);

db_test!(
    a_signed_carrier_notice_delivers_and_delivered_orders_complete_on_their_own,
    |db| {
        let mut config = common::test_config();
        config.order_complete_after_secs = 1;
        let app = common::spawn_app_with(db, config).await;
        let (_, skus) = common::seed_product(&app, "Carried 快递测试", [5, 5]).await;
        let (session, address) = shopper_ready_to_buy(&app, skus[0], 1).await;
        let checkout_id = checkout_id_of(place_order(&app, &session, &checkout_token(), address).await).await;
        let order_id = order_of(&app, checkout_id).await;
        assert_eq!(json(pay(&app, &session, checkout_id, GOOD_CARD).await).await.0, 200);
        let (merchant, _) = merchant_of(&app, skus[0]).await;
        assert_eq!(ship(&app, &merchant, order_id, "YT9988776655").await.0, 200);

        let secret = app::server::signing::platform_secret(app.state.db.pool(), "carrier")
            .await
            .expect("secret");
        let body = br#"{"carrier":"sf","tracking_number":"YT9988776655","status":"delivered"}"#.to_vec();
        let notice = |body: Vec<u8>, secret: &[u8]| {
            let signature = app::server::signing::sign(secret, app::server::now_ms() / 1000, &body);
            app.client
                .post(app.url("/hooks/carrier"))
                .header(app::server::signing::SIGNATURE_HEADER, signature)
                .body(body)
                .send()
        };
        assert_eq!(
            notice(body.clone(), b"wrong secret").await.expect("answer").status(),
            400
        );
        assert_eq!(order_statuses(&app, checkout_id).await, ["shipped"]);
        assert_eq!(notice(body.clone(), &secret).await.expect("answer").status(), 200);
        assert_eq!(order_statuses(&app, checkout_id).await, ["delivered"]);
        // Carriers resend: nothing changes the second time.
        assert_eq!(notice(body, &secret).await.expect("answer").status(), 200);
        tokio::time::sleep(Duration::from_millis(1_100)).await;
        settle_jobs(&app).await;
        assert_eq!(order_statuses(&app, checkout_id).await, ["completed"]);
        assert_eq!(
            events(&app, order_id).await,
            ["placed", "paid", "shipped", "delivered", "auto_completed"]
        );
        app.stop().await;
    }
);

db_test!(shoppers_see_only_their_own_orders, |db| {
    let app = common::spawn_app(db).await;
    let (_, skus) = common::seed_product(&app, "Private 私密订单", [5, 5]).await;
    let (session, address) = shopper_ready_to_buy(&app, skus[0], 1).await;
    let checkout_id = checkout_id_of(place_order(&app, &session, &checkout_token(), address).await).await;
    let order_id = order_of(&app, checkout_id).await;
    let stranger = app.register(&unique_email("peeker"), GOOD_PASSWORD).await;
    assert_eq!(
        app.call("orders/detail", &[("order_id", &order_id.to_string())], Some(&stranger))
            .await
            .status(),
        404
    );
    assert_eq!(
        app.call(
            "payments/page",
            &[("checkout_id", &checkout_id.to_string())],
            Some(&stranger)
        )
        .await
        .status(),
        404
    );
    assert_eq!(json(pay(&app, &stranger, checkout_id, GOOD_CARD).await).await.0, 404);
    assert_eq!(
        app.call("orders/cancel", &[("order_id", &order_id.to_string())], Some(&stranger))
            .await
            .status(),
        404
    );
    let mine: serde_json::Value = app
        .call("orders/mine", &[], Some(&stranger))
        .await
        .json()
        .await
        .expect("list");
    assert_eq!(mine["total"], 0);
    for path in [format!("/orders/{order_id}"), format!("/pay/{checkout_id}")] {
        assert_eq!(common::page(&app, &stranger, &path).await.0, 404, "{path}");
    }
    assert_eq!(app.call("orders/console", &[], Some(&stranger)).await.status(), 403);
    let mine: serde_json::Value = app
        .call("orders/mine", &[("status", "pending_payment")], Some(&session))
        .await
        .json()
        .await
        .expect("list");
    assert_eq!(mine["total"], 1);
    let none: serde_json::Value = app
        .call("orders/mine", &[("status", "paid")], Some(&session))
        .await
        .json()
        .await
        .expect("list");
    assert_eq!(none["total"], 0);
    app.stop().await;
});

db_test!(a_plain_form_checkout_goes_on_to_payment_without_javascript, |db| {
    let app = common::spawn_app(db).await;
    let (_, skus) = common::seed_product(&app, "Plain Form 纯表单", [5, 5]).await;
    let (session, address) = shopper_ready_to_buy(&app, skus[0], 1).await;
    let res = app
        .client
        .post(app.url("/api/checkout/place_order"))
        .header("origin", &app.base)
        .header("accept", "text/html")
        .headers(common::cookie_headers(&session))
        .form(&[("token", checkout_token()), ("address_id", address.to_string())])
        .send()
        .await
        .expect("post");
    assert!(res.status().is_redirection());
    let location = res.headers()["location"].to_str().expect("location").to_string();
    assert!(location.starts_with("/pay/"), "{location}");
    let checkout_id: i64 = location.trim_start_matches("/pay/").parse().expect("id");
    let res = app
        .client
        .post(app.url("/api/payments/pay"))
        .header("origin", &app.base)
        .header("accept", "text/html")
        .headers(common::cookie_headers(&session))
        .form(&[
            ("checkout_id", checkout_id.to_string()),
            ("attempt", checkout_token()),
            ("card_number", GOOD_CARD.into()),
            ("expiry", "12/30".into()),
            ("cvc", "123".into()),
        ])
        .send()
        .await
        .expect("post");
    assert!(res.status().is_redirection());
    assert_eq!(res.headers()["location"], format!("/pay/{checkout_id}").as_str());
    assert_eq!(order_statuses(&app, checkout_id).await, ["paid"]);
    app.stop().await;
});

db_test!(
    a_second_payment_that_lands_on_a_paid_order_is_returned_and_never_counted_as_the_orders_refund,
    |db| {
        let (app, gateway) = app_with_silent_gateway(db).await;
        let (_, skus) = common::seed_product(&app, "Paid Twice 付了两次", [5, 5]).await;
        let (session, address) = shopper_ready_to_buy(&app, skus[0], 1).await;
        let checkout_id = checkout_id_of(place_order(&app, &session, &checkout_token(), address).await).await;
        let order_id = order_of(&app, checkout_id).await;
        // The first try is still unconfirmed: a second one waits its turn.
        assert_eq!(json(pay(&app, &session, checkout_id, GOOD_CARD).await).await.0, 200);
        let (status, body) = json(pay(&app, &session, checkout_id, GOOD_CARD).await).await;
        assert_eq!((status, body["code"].as_str()), (409, Some("PaymentInProgress")));
        let (_, html) = common::page(&app, &session, &format!("/pay/{checkout_id}")).await;
        assert!(html.contains("Confirming your payment"));
        // Its turn runs out (a provider silent for minutes): Pay is offered
        // again, and a second payment goes through first.
        sqlx::query("update checkout set paying_until = 1 where checkout_id = $1")
            .bind(checkout_id)
            .execute(app.state.db.pool())
            .await
            .expect("turn");
        let (_, html) = common::page(&app, &session, &format!("/pay/{checkout_id}")).await;
        assert!(html.contains("Card number"), "the pay form is back");
        assert_eq!(json(pay(&app, &session, checkout_id, GOOD_CARD).await).await.0, 200);
        let payments: Vec<(i64, String, i64)> =
            sqlx::query_as("select payment_id, provider_ref, amount_minor from payment order by payment_id")
                .fetch_all(app.state.db.pool())
                .await
                .expect("payments");
        let post = |(id, reference, amount): &(i64, String, i64)| {
            let (body, signature) = gateway.signed_notification(&id.to_string(), reference, *amount);
            app.client
                .post(app.url("/hooks/payments/testpay"))
                .header(app::server::signing::SIGNATURE_HEADER, signature)
                .body(body)
                .send()
        };
        assert_eq!(post(&payments[1]).await.expect("answer").status(), 200);
        assert_eq!(order_statuses(&app, checkout_id).await, ["paid"]);
        // The first payment's money arrives late: it goes back, and the order
        // does not count it as its own refund.
        assert_eq!(post(&payments[0]).await.expect("answer").status(), 200);
        settle_jobs(&app).await;
        let refunded: i64 = sqlx::query_scalar("select refunded_minor from shop_order where order_id = $1")
            .bind(order_id)
            .fetch_one(app.state.db.pool())
            .await
            .expect("order");
        assert_eq!(refunded, 0, "the order's own payment is untouched");
        // Cancelling now returns the payment that paid it, in full.
        assert_eq!(
            json(
                app.call("orders/cancel", &[("order_id", &order_id.to_string())], Some(&session))
                    .await
            )
            .await
            .0,
            200
        );
        settle_jobs(&app).await;
        let back: Vec<(i64, i64, String)> =
            sqlx::query_as("select payment_id, amount_minor, status from refund order by refund_id")
                .fetch_all(app.state.db.pool())
                .await
                .expect("refunds");
        let total = payments[0].2;
        assert_eq!(
            back,
            vec![
                (payments[0].0, total, "succeeded".to_string()),
                (payments[1].0, total, "succeeded".to_string())
            ],
            "each payment back once"
        );
        let refunded: i64 = sqlx::query_scalar("select refunded_minor from shop_order where order_id = $1")
            .bind(order_id)
            .fetch_one(app.state.db.pool())
            .await
            .expect("order");
        assert_eq!(refunded, total);
        app.stop().await;
    }
);

db_test!(
    a_tracking_number_is_one_parcel_and_cannot_be_borrowed_from_another_shop,
    |db| {
        let app = common::spawn_app(db).await;
        let (_, first) = common::seed_product(&app, "Parcel One 包裹一", [5, 5]).await;
        let (_, second) = common::seed_product(&app, "Parcel Two 包裹二", [5, 5]).await;
        let mut orders = Vec::new();
        for sku in [first[0], second[0]] {
            let (session, address) = shopper_ready_to_buy(&app, sku, 1).await;
            let checkout_id = checkout_id_of(place_order(&app, &session, &checkout_token(), address).await).await;
            assert_eq!(json(pay(&app, &session, checkout_id, GOOD_CARD).await).await.0, 200);
            orders.push(order_of(&app, checkout_id).await);
        }
        let (merchant_one, _) = merchant_of(&app, first[0]).await;
        let (merchant_two, _) = merchant_of(&app, second[0]).await;
        assert_eq!(ship(&app, &merchant_one, orders[0], "SF5555666677").await.0, 200);
        let (status, body) = ship(&app, &merchant_two, orders[1], "SF5555666677").await;
        assert_eq!(
            (status, body["fields"][0]["code"].as_str()),
            (400, Some("TrackingNumberTaken"))
        );
        assert_eq!(ship(&app, &merchant_two, orders[1], "SF5555666688").await.0, 200);
        app.stop().await;
    }
);
