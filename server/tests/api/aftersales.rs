//! After-sales over HTTP: a return goes through the shop and back with its
//! photo and every step recorded; moves that are not the caller's or not
//! legal now are refused; the platform's clocks act once for a silent side,
//! after a restart and with two runners; no line ever gets back more than
//! was paid for it however requests race; a refund after a platform coupon
//! and a shop 满减 returns the right amounts to the right funders; the
//! operator decides disputes and complaints.

use crate::common::{
    self, checkout_id_of, checkout_token, member_of, operator_session, pay, place_order, shopper_ready_to_buy,
    stock_of, unique_email, TestApp, GOOD_CARD, GOOD_PASSWORD,
};
use app::media::samples;
use app::server::now_ms;
use futures::future::join_all;
use image::ImageFormat;
use reqwest::multipart::{Form, Part};
use std::time::Duration;

use crate::common::json;

/// A line bought, paid, shipped and received.
struct Bought {
    session: String,
    merchant: String,
    order_id: i64,
    line_id: i64,
    sku_id: i64,
}

/// A shopper buys `quantity` of `sku_id` and pays.
async fn paid(app: &TestApp, sku_id: i64, quantity: i64) -> Bought {
    let (session, address) = shopper_ready_to_buy(app, sku_id, quantity).await;
    let checkout_id = checkout_id_of(place_order(app, &session, &checkout_token(), address).await).await;
    assert_eq!(json(pay(app, &session, checkout_id, GOOD_CARD).await).await.0, 200);
    bought_in(app, session, checkout_id, sku_id).await
}

async fn bought_in(app: &TestApp, session: String, checkout_id: i64, sku_id: i64) -> Bought {
    let (order_id, line_id, shop_id): (i64, i64, i64) = sqlx::query_as(
        "select o.order_id, l.order_line_id, o.shop_id from shop_order o join order_line l on l.order_id = o.order_id
         where o.checkout_id = $1",
    )
    .bind(checkout_id)
    .fetch_one(app.state.db.pool())
    .await
    .expect("line");
    Bought {
        session,
        merchant: member_of(app, shop_id).await.0,
        order_id,
        line_id,
        sku_id,
    }
}

/// The shop ships it and the shopper confirms receipt.
async fn receive(app: &TestApp, b: &Bought) {
    let tracking = format!("SF{}", 1_000_000_000 + b.order_id);
    let shipped = app
        .call(
            "orders/ship",
            &[
                ("order_id", &b.order_id.to_string()),
                ("carrier", "sf"),
                ("tracking_number", &tracking),
            ],
            Some(&b.merchant),
        )
        .await;
    assert_eq!(shipped.status(), 200);
    let got = app
        .call(
            "orders/confirm_receipt",
            &[("order_id", &b.order_id.to_string())],
            Some(&b.session),
        )
        .await;
    assert_eq!(got.status(), 200);
}

/// Posts the request form as the page's script does: (status, next page).
async fn request(
    app: &TestApp,
    session: &str,
    b: &Bought,
    kind: &str,
    reason: &str,
    amount: &str,
    photos: Vec<Vec<u8>>,
) -> (u16, String) {
    let mut form = Form::new()
        .text("order_id", b.order_id.to_string())
        .text("order_line_id", b.line_id.to_string())
        .text("kind", kind.to_string())
        .text("reason", reason.to_string())
        .text("description", "The lid arrived cracked.")
        .text("amount", amount.to_string());
    for (i, bytes) in photos.into_iter().enumerate() {
        form = form.part("photos", Part::bytes(bytes).file_name(format!("photo{i}.png")));
    }
    common::post_multipart(app, app::aftersales::web::SUBMIT_PATH, session, form).await
}

/// The line's latest request: (id, status).
async fn latest(app: &TestApp, line_id: i64) -> Option<(i64, String)> {
    sqlx::query_as(
        "select after_sale_id, status from after_sale where order_line_id = $1 order by after_sale_id desc limit 1",
    )
    .bind(line_id)
    .fetch_optional(app.state.db.pool())
    .await
    .expect("request")
}

async fn steps(app: &TestApp, id: i64) -> Vec<String> {
    sqlx::query_scalar(
        "select action from audit_event where subject = 'after_sale' and subject_id = $1 order by event_id",
    )
    .bind(id)
    .fetch_all(app.state.db.pool())
    .await
    .expect("steps")
}

async fn answer(app: &TestApp, merchant: &str, id: i64, fields: &[(&str, &str)]) -> (u16, serde_json::Value) {
    let id = id.to_string();
    let mut form = vec![("after_sale_id", id.as_str())];
    form.extend_from_slice(fields);
    json(app.call("aftersales/answer", &form, Some(merchant)).await).await
}

async fn act(app: &TestApp, session: &str, id: i64, fields: &[(&str, &str)]) -> (u16, serde_json::Value) {
    let id = id.to_string();
    let mut form = vec![("after_sale_id", id.as_str())];
    form.extend_from_slice(fields);
    json(app.call("aftersales/act", &form, Some(session)).await).await
}

/// Runs the job runner until nothing is due.
async fn settle_jobs(app: &TestApp) {
    for _ in 0..20 {
        server::jobs::run_due_jobs(&app.state).await.expect("jobs");
        let pending: i64 = sqlx::query_scalar("select count(*) from scheduled_job where due_at <= $1")
            .bind(now_ms())
            .fetch_one(app.state.db.pool())
            .await
            .expect("jobs");
        if pending == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Refunds of an order: (amount, status, idempotency key), oldest first.
async fn refunds(app: &TestApp, order_id: i64) -> Vec<(i64, String, String)> {
    sqlx::query_as("select amount_minor, status, idempotency_key from refund where order_id = $1 order by refund_id")
        .bind(order_id)
        .fetch_all(app.state.db.pool())
        .await
        .expect("refunds")
}

async fn order_status(app: &TestApp, order_id: i64) -> String {
    sqlx::query_scalar("select status from shop_order where order_id = $1")
        .bind(order_id)
        .fetch_one(app.state.db.pool())
        .await
        .expect("order")
}

/// What the shopper paid for the line.
async fn paid_for(app: &TestApp, line_id: i64) -> i64 {
    sqlx::query_scalar(
        "select line_total_minor - shop_discount_minor - platform_discount_minor from order_line where order_line_id = $1",
    )
    .bind(line_id)
    .fetch_one(app.state.db.pool())
    .await
    .expect("line")
}

fn yuan(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

db_test!(
    a_return_goes_back_with_its_photo_and_the_confirmed_parcel_refunds_the_line,
    |db| {
        let app = common::spawn_app(db).await;
        let (_, skus) = common::seed_product(&app, "Teapot 茶壶", [5, 5]).await;
        let b = paid(&app, skus[0], 1).await;
        assert_eq!(stock_of(&app, b.sku_id).await, 4);
        // Not before it is delivered.
        let paid_fen = paid_for(&app, b.line_id).await;
        let (status, next) = request(&app, &b.session, &b, "return", "damaged", &yuan(paid_fen), vec![]).await;
        assert_eq!(status, 400, "{next}");
        assert!(next.contains("AfterSaleNotYet"), "{next}");
        receive(&app, &b).await;

        let photo = samples::picture(400, 300, ImageFormat::Png);
        let (status, next) = request(&app, &b.session, &b, "return", "damaged", &yuan(paid_fen), vec![photo]).await;
        assert_eq!(status, 200, "{next}");
        let (id, state) = latest(&app, b.line_id).await.expect("made");
        assert_eq!(next, format!("/orders/{}#after-sale-{id}", b.order_id));
        assert_eq!(state, "awaiting_seller");
        let photos: i64 = sqlx::query_scalar("select count(*) from after_sale_photo where after_sale_id = $1")
            .bind(id)
            .fetch_one(app.state.db.pool())
            .await
            .expect("photos");
        assert_eq!(photos, 1);
        // The shop hears of it; the order page shows it.
        let told: i64 = sqlx::query_scalar(
            "select count(*) from notification where kind = 'after_sale_opened' and subject_id = $1",
        )
        .bind(id)
        .fetch_one(app.state.db.pool())
        .await
        .expect("notification");
        assert_eq!(told, 1);
        let (_, html) = common::page(&app, &b.session, &format!("/orders/{}", b.order_id)).await;
        assert!(
            html.contains("Awaiting seller") && html.contains("/media/after-sales/"),
            "order page"
        );

        // A return needs the address it goes back to.
        let (status, body) = answer(&app, &b.merchant, id, &[("decision", "agree")]).await;
        assert_eq!(
            (status, body["fields"][0]["field"].as_str()),
            (400, Some("return_address"))
        );
        let (status, _) = answer(
            &app,
            &b.merchant,
            id,
            &[
                ("decision", "agree"),
                ("return_address", "上海市浦东新区 退货仓 张三 13800000000"),
            ],
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(latest(&app, b.line_id).await.expect("req").1, "agreed");
        // Shipping it back: a bad tracking number is named next to its field.
        let (status, body) = act(
            &app,
            &b.session,
            id,
            &[("decision", "ship"), ("carrier", "sf"), ("tracking_number", "12")],
        )
        .await;
        assert_eq!(
            (status, body["fields"][0]["field"].as_str()),
            (400, Some("tracking_number"))
        );
        let (status, _) = act(
            &app,
            &b.session,
            id,
            &[
                ("decision", "ship"),
                ("carrier", "sf"),
                ("tracking_number", "SF5550001111"),
            ],
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(latest(&app, b.line_id).await.expect("req").1, "returning");
        // The shop confirms, putting the unit back on the shelf.
        let (status, _) = answer(&app, &b.merchant, id, &[("decision", "confirm"), ("restock", "1")]).await;
        assert_eq!(status, 200);
        assert_eq!(latest(&app, b.line_id).await.expect("req").1, "refunded");
        assert_eq!(stock_of(&app, b.sku_id).await, 5, "restocked once");
        settle_jobs(&app).await;
        let sent = refunds(&app, b.order_id).await;
        assert_eq!(
            sent,
            vec![(paid_fen, "succeeded".to_string(), format!("after-sale-{id}"))]
        );
        assert_eq!(
            order_status(&app, b.order_id).await,
            "refunded",
            "its one line went back"
        );
        assert_eq!(
            steps(&app, id).await,
            ["requested", "agreed", "return_shipped", "return_received"]
        );
        // Confirming twice refunds nothing more.
        let (status, body) = answer(&app, &b.merchant, id, &[("decision", "confirm")]).await;
        assert_eq!((status, body["code"].as_str()), (409, Some("AfterSaleStateInvalid")));
        assert_eq!(refunds(&app, b.order_id).await.len(), 1);
        // The line is empty: no further request.
        let (status, next) = request(&app, &b.session, &b, "refund", "quality", "1", vec![]).await;
        assert_eq!(status, 400);
        assert!(next.contains("RefundOverPaid"), "{next}");
        app.stop().await;
    }
);

db_test!(moves_that_are_not_the_callers_or_not_legal_now_are_refused, |db| {
    let app = common::spawn_app(db).await;
    let (product, skus) = common::seed_product(&app, "Green tea 绿茶", [5, 5]).await;
    let b = paid(&app, skus[0], 1).await;
    receive(&app, &b).await;
    let paid_fen = paid_for(&app, b.line_id).await;
    // Food: no no-reason return; a reason that does not fit the kind;
    // more than was paid; every problem named next to its field.
    sqlx::query("update category set no_reason_returns = 0 where category_id = (select category_id from product where product_id = $1)")
            .bind(product)
            .execute(app.state.db.pool())
            .await
            .expect("food");
    let (status, next) = request(&app, &b.session, &b, "return", "no_reason", &yuan(paid_fen), vec![]).await;
    assert_eq!(status, 400);
    assert!(next.contains("reason%3ANoReasonNotAllowed"), "{next}");
    let (_, next) = request(
        &app,
        &b.session,
        &b,
        "return",
        "not_received",
        &yuan(paid_fen + 1),
        vec![],
    )
    .await;
    assert!(
        next.contains("reason%3AReasonNotForKind") && next.contains("amount%3ARefundOverPaid"),
        "{next}"
    );
    assert!(next.contains("description="), "what was typed comes back: {next}");
    // Someone else's line is not found; a guest is sent to log in.
    let stranger = app.register(&unique_email("stranger"), GOOD_PASSWORD).await;
    let (status, next) = request(&app, &stranger, &b, "refund", "damaged", "1", vec![]).await;
    assert_eq!((status, next.as_str()), (404, "/orders"));
    assert!(latest(&app, b.line_id).await.is_none());

    let (status, _) = request(&app, &b.session, &b, "refund", "damaged", "10", vec![]).await;
    assert_eq!(status, 200);
    let (id, _) = latest(&app, b.line_id).await.expect("made");
    // One open request per line.
    let (status, next) = request(&app, &b.session, &b, "return", "quality", "5", vec![]).await;
    assert_eq!(status, 409);
    assert!(next.contains("AfterSaleOpen"), "{next}");
    // The shopper cannot answer for the shop, another shop cannot
    // either, and nobody escalates before a refusal.
    assert_eq!(answer(&app, &b.session, id, &[("decision", "agree")]).await.0, 404);
    let (_, other) = common::seed_product(&app, "Other shop 别家", [5, 5]).await;
    let other_merchant = {
        let p: i64 = sqlx::query_scalar("select product_id from sku where sku_id = $1")
            .bind(other[0])
            .fetch_one(app.state.db.pool())
            .await
            .expect("product");
        member_of(&app, common::placement(&app, p).await.shop_id).await.0
    };
    assert_eq!(answer(&app, &other_merchant, id, &[("decision", "agree")]).await.0, 404);
    assert_eq!(act(&app, &stranger, id, &[("decision", "withdraw")]).await.0, 404);
    let (status, body) = act(&app, &b.session, id, &[("decision", "escalate")]).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("AfterSaleStateInvalid")));
    let (status, body) = act(
        &app,
        &b.session,
        id,
        &[
            ("decision", "ship"),
            ("carrier", "sf"),
            ("tracking_number", "SF5550001111"),
        ],
    )
    .await;
    assert_eq!((status, body["code"].as_str()), (409, Some("AfterSaleStateInvalid")));
    assert_eq!(act(&app, &b.session, id, &[("decision", "fly")]).await.0, 400);
    // A refusal needs a reason; then the shopper escalates and the
    // operator decides a part of it, with a reason both sides read.
    let (status, body) = answer(&app, &b.merchant, id, &[("decision", "refuse"), ("reason", "  ")]).await;
    assert_eq!((status, body["fields"][0]["field"].as_str()), (400, Some("reason")));
    assert_eq!(
        answer(
            &app,
            &b.merchant,
            id,
            &[("decision", "refuse"), ("reason", "Photos show no damage")]
        )
        .await
        .0,
        200
    );
    assert_eq!(
        act(
            &app,
            &b.session,
            id,
            &[("decision", "escalate"), ("statement", "It leaks")]
        )
        .await
        .0,
        200
    );
    let operator = operator_session(&app).await;
    let decide = |amount: String, reason: &'static str, who: String| {
        let id = id.to_string();
        let app = &app;
        async move {
            json(
                app.call(
                    "aftersales/decide",
                    &[
                        ("after_sale_id", &id),
                        ("decision", "refund"),
                        ("amount", &amount),
                        ("reason", reason),
                    ],
                    Some(&who),
                )
                .await,
            )
            .await
        }
    };
    assert_eq!(
        decide("5".into(), "Half of it", b.merchant.clone()).await.0,
        403,
        "operators only"
    );
    let (status, body) = decide("5".into(), "", operator.clone()).await;
    assert_eq!((status, body["fields"][0]["field"].as_str()), (400, Some("reason")));
    let (status, body) = decide(yuan(paid_fen + 1), "Too much", operator.clone()).await;
    assert_eq!((status, body["fields"][0]["field"].as_str()), (400, Some("amount")));
    assert_eq!(
        decide("5".into(), "Half of what was asked", operator.clone()).await.0,
        200
    );
    assert_eq!(latest(&app, b.line_id).await.expect("req").1, "refunded");
    assert_eq!(decide("5".into(), "Again", operator.clone()).await.0, 409);
    assert_eq!(
        steps(&app, id).await,
        ["requested", "refused", "escalated", "decided_refund"]
    );
    let told: Vec<String> = sqlx::query_scalar(
        "select kind from notification where subject_id = $1 and kind <> 'order_paid' order by notification_id",
    )
    .bind(id)
    .fetch_all(app.state.db.pool())
    .await
    .expect("told");
    assert_eq!(told, ["after_sale_opened", "after_sale_escalated", "dispute_decided"]);
    let (refunds_n, disputes): (i64, i64) = sqlx::query_as("select refunds, disputes from shop_service_figure where shop_id = (select shop_id from shop_order where order_id = $1)")
            .bind(b.order_id)
            .fetch_one(app.state.db.pool())
            .await
            .expect("figures");
    assert_eq!((refunds_n, disputes), (1, 1));
    // A part went back: the order keeps its status and the rest of the
    // line can still be asked for.
    assert_eq!(order_status(&app, b.order_id).await, "completed");
    let (status, _) = request(&app, &b.session, &b, "refund", "quality", &yuan(paid_fen - 500), vec![]).await;
    assert_eq!(status, 200);
    app.stop().await;
});

db_test!(
    a_silent_shop_is_answered_for_once_after_a_restart_and_with_two_runners,
    |db| {
        let mut config = common::test_config();
        config.after_sales.respond_secs = 1;
        config.after_sales.transit_secs = 60;
        config.after_sales.confirm_secs = 1;
        let app = common::spawn_app_with(db, config.clone()).await;
        let (_, skus) = common::seed_product(&app, "Kettle 水壶", [5, 5]).await;
        let refund_only = paid(&app, skus[0], 1).await;
        receive(&app, &refund_only).await;
        let returned = paid(&app, skus[1], 1).await;
        receive(&app, &returned).await;
        let fen_a = paid_for(&app, refund_only.line_id).await;
        assert_eq!(
            request(
                &app,
                &refund_only.session,
                &refund_only,
                "refund",
                "not_received",
                &yuan(fen_a),
                vec![]
            )
            .await
            .0,
            200
        );
        let (a, _) = latest(&app, refund_only.line_id).await.expect("a");
        // The shop once gave a return address: a silent agree reuses it.
        let fen_b = paid_for(&app, returned.line_id).await;
        assert_eq!(
            request(
                &app,
                &returned.session,
                &returned,
                "return",
                "quality",
                &yuan(fen_b),
                vec![]
            )
            .await
            .0,
            200
        );
        let (b, _) = latest(&app, returned.line_id).await.expect("b");
        app.stop().await;

        // Restarted: two servers share the database and both run jobs.
        let first = common::spawn_app_with(db, config.clone()).await;
        let second = common::spawn_app_with(db, config).await;
        tokio::time::sleep(Duration::from_millis(1_200)).await;
        for _ in 0..3 {
            let (x, y) = tokio::join!(
                server::jobs::run_due_jobs(&first.state),
                server::jobs::run_due_jobs(&second.state)
            );
            x.expect("first runner");
            y.expect("second runner");
        }
        assert_eq!(latest(&first, refund_only.line_id).await.expect("a").1, "refunded");
        assert_eq!(steps(&first, a).await, ["requested", "auto_agreed"]);
        assert_eq!(refunds(&first, refund_only.order_id).await.len(), 1, "refunded once");
        assert_eq!(latest(&first, returned.line_id).await.expect("b").1, "agreed");
        assert_eq!(steps(&first, b).await, ["requested", "auto_agreed"]);

        // The return is sent back; the carrier says it arrived; the shop
        // stays silent a confirm period: refunded once, not restocked.
        let (status, _) = act(
            &first,
            &returned.session,
            b,
            &[
                ("decision", "ship"),
                ("carrier", "yto"),
                ("tracking_number", "YT7770002222"),
            ],
        )
        .await;
        assert_eq!(status, 200);
        let secret = app::server::signing::platform_secret(first.state.db.pool(), "carrier")
            .await
            .expect("secret");
        let body = br#"{"carrier":"yto","tracking_number":"YT7770002222","status":"delivered"}"#.to_vec();
        let signature = app::server::signing::sign(&secret, now_ms() / 1000, &body);
        let notice = first
            .client
            .post(first.url("/hooks/carrier"))
            .header(app::server::signing::SIGNATURE_HEADER, signature)
            .body(body)
            .send()
            .await
            .expect("notice");
        assert_eq!(notice.status(), 200);
        // Before the period is over nothing happens.
        server::jobs::run_due_jobs(&first.state).await.expect("early run");
        assert_eq!(latest(&first, returned.line_id).await.expect("b").1, "returning");
        tokio::time::sleep(Duration::from_millis(1_200)).await;
        for _ in 0..3 {
            let (x, y) = tokio::join!(
                server::jobs::run_due_jobs(&first.state),
                server::jobs::run_due_jobs(&second.state)
            );
            x.expect("first runner");
            y.expect("second runner");
        }
        assert_eq!(latest(&first, returned.line_id).await.expect("b").1, "refunded");
        assert_eq!(
            steps(&first, b).await,
            [
                "requested",
                "auto_agreed",
                "return_shipped",
                "return_delivered",
                "auto_refunded"
            ]
        );
        assert_eq!(refunds(&first, returned.order_id).await.len(), 1);
        assert_eq!(
            stock_of(&first, returned.sku_id).await,
            4,
            "a silent shop restocks nothing"
        );
        second.stop().await;
        first.stop().await;
    }
);

db_test!(requests_for_one_line_at_once_never_return_more_than_was_paid, |db| {
    let app = common::spawn_app(db).await;
    let (_, skus) = common::seed_product(&app, "Wok 炒锅", [5, 5]).await;
    let b = paid(&app, skus[0], 2).await;
    receive(&app, &b).await;
    let paid_fen = paid_for(&app, b.line_id).await;
    // Ten tabs ask for all of it at once: one request is made.
    let all = yuan(paid_fen);
    let posts = (0..10).map(|_| request(&app, &b.session, &b, "refund", "damaged", &all, vec![]));
    let answers = join_all(posts).await;
    assert_eq!(answers.iter().filter(|(s, _)| *s == 200).count(), 1, "{answers:?}");
    let made: i64 = sqlx::query_scalar("select count(*) from after_sale where order_line_id = $1")
        .bind(b.line_id)
        .fetch_one(app.state.db.pool())
        .await
        .expect("count");
    assert_eq!(made, 1);
    let (id, _) = latest(&app, b.line_id).await.expect("made");
    // Two members of the shop press Agree at once: refunded once.
    let agrees = (0..4).map(|_| answer(&app, &b.merchant, id, &[("decision", "agree")]));
    let results = join_all(agrees).await;
    assert_eq!(results.iter().filter(|(s, _)| *s == 200).count(), 1, "{results:?}");
    // Meanwhile nothing can push the line past what was paid: straight
    // at the guarded update, as any later path would.
    let mut tx = app.state.db.begin_write().await.expect("tx");
    let line = app::orders::service::money_line(&mut tx, b.line_id)
        .await
        .expect("line")
        .expect("line");
    let over =
        app::orders::service::refund_line(&mut tx, &app.state.config, &line, 1, 0, false, "test", "over-1").await;
    assert_eq!(over.map_err(|e| e.code), Err(app::error::ErrorCode::RefundOverPaid));
    drop(tx);
    settle_jobs(&app).await;
    let total: i64 = refunds(&app, b.order_id).await.iter().map(|r| r.0).sum();
    assert_eq!(total, paid_fen);
    let line_refunded: i64 = sqlx::query_scalar("select refunded_minor from order_line where order_line_id = $1")
        .bind(b.line_id)
        .fetch_one(app.state.db.pool())
        .await
        .expect("line");
    assert_eq!(line_refunded, paid_fen);
    app.stop().await;
});

db_test!(returns_put_back_on_the_shelf_while_others_buy_it_all_go_through, |db| {
    let app = common::spawn_app(db).await;
    let (_, skus) = common::seed_product(&app, "Kettle 水壶", [40, 5]).await;
    // Parcels on their way back to the shop, one unit each.
    let mut returning = Vec::new();
    for _ in 0..6 {
        let b = paid(&app, skus[0], 1).await;
        receive(&app, &b).await;
        let all = yuan(paid_for(&app, b.line_id).await);
        let (status, next) = request(&app, &b.session, &b, "return", "damaged", &all, vec![]).await;
        assert_eq!(status, 200, "{next}");
        let (id, _) = latest(&app, b.line_id).await.expect("made");
        let address = ("return_address", "上海市浦东新区 退货仓 张三 13800000000");
        assert_eq!(
            answer(&app, &b.merchant, id, &[("decision", "agree"), address]).await.0,
            200
        );
        let tracking = format!("SF{}", 5_550_000_000 + id);
        let ship = [
            ("decision", "ship"),
            ("carrier", "sf"),
            ("tracking_number", tracking.as_str()),
        ];
        assert_eq!(act(&app, &b.session, id, &ship).await.0, 200);
        returning.push((b, id));
    }
    let mut buyers = Vec::new();
    for _ in 0..6 {
        buyers.push(shopper_ready_to_buy(&app, skus[0], 1).await);
    }
    assert_eq!(stock_of(&app, skus[0]).await, 34);
    // The shop confirms each parcel, restocking, while six shoppers buy the
    // same SKU: each side takes the stock row and the shop's figures, and
    // on PostgreSQL neither may wait on the other in a circle.
    let shop = &app;
    let confirms = returning.iter().map(|(b, id)| async move {
        answer(shop, &b.merchant, *id, &[("decision", "confirm"), ("restock", "1")]).await
    });
    let placings = buyers.iter().map(|(session, address)| async move {
        let res = place_order(shop, session, &checkout_token(), *address).await;
        let status = res.status().as_u16();
        (status, res.text().await.unwrap_or_default())
    });
    let (confirmed, placed) = futures::future::join(join_all(confirms), join_all(placings)).await;
    assert!(confirmed.iter().all(|(s, _)| *s == 200), "{confirmed:?}");
    assert!(placed.iter().all(|(s, _)| *s == 200), "{placed:?}");
    assert_eq!(stock_of(&app, skus[0]).await, 34, "six back on the shelf, six taken");
    app.stop().await;
});

db_test!(
    a_refund_after_a_platform_coupon_and_a_shop_offer_returns_each_funders_share,
    |db| {
        use app::promotions::service::{self, CouponInput, OfferInput};
        let app = common::spawn_app(db).await;
        let (product, skus) = common::seed_product(&app, "Rice cooker 电饭煲", [20, 20]).await;
        let shop_id = common::placement(&app, product).await.shop_id;
        let ends = app::promotions::domain::china_time_input(now_ms() + 30 * 86_400_000);
        let mut tx = app.state.db.begin_write().await.expect("tx");
        let tiers = OfferInput {
            title: "Spend and save".into(),
            tiers: "199-20".into(),
            ends_at: ends.clone(),
            ..OfferInput::default()
        };
        service::create_offer(&mut tx, 1, Some(shop_id), &tiers, now_ms())
            .await
            .expect("offer");
        let platform = CouponInput {
            title: "Platform 10%".into(),
            kind: "percent".into(),
            value: "10".into(),
            cap: "50".into(),
            ends_at: ends,
            quantity: "100".into(),
            code: "FEST10".into(),
            code_only: true,
            ..CouponInput::default()
        };
        service::create_coupon(&mut tx, 1, None, &platform, None, now_ms())
            .await
            .expect("coupon");
        tx.commit().await.expect("commit");
        // Two at ¥199: ¥398 → 满减 ¥20 → ¥378 → 10 % platform = ¥37.80.
        let (session, address) = shopper_ready_to_buy(&app, skus[0], 2).await;
        assert_eq!(
            app.call("checkout/apply_coupon", &[("code", "FEST10")], Some(&session))
                .await
                .status(),
            200
        );
        let view: serde_json::Value = app
            .call("checkout/view", &[], Some(&session))
            .await
            .json()
            .await
            .expect("view");
        let total = view["plan"]["totals"]["total_minor"].as_i64().expect("total");
        let res = app
            .call(
                "checkout/place_order",
                &[
                    ("token", &checkout_token()),
                    ("address_id", &address.to_string()),
                    ("expected_total", &total.to_string()),
                ],
                Some(&session),
            )
            .await;
        let checkout_id = checkout_id_of(res).await;
        assert_eq!(json(pay(&app, &session, checkout_id, GOOD_CARD).await).await.0, 200);
        let b = bought_in(&app, session, checkout_id, skus[0]).await;
        receive(&app, &b).await;
        let paid_fen = paid_for(&app, b.line_id).await;
        assert_eq!(paid_fen, 39_800 - 2_000 - 3_780);

        // ¥100 now: the platform gets back its share of its ¥37.80.
        assert_eq!(
            request(&app, &b.session, &b, "refund", "damaged", "100", vec![])
                .await
                .0,
            200
        );
        let (first, _) = latest(&app, b.line_id).await.expect("first");
        assert_eq!(answer(&app, &b.merchant, first, &[("decision", "agree")]).await.0, 200);
        // The rest later: the platform gets the remainder, exactly.
        assert_eq!(
            request(
                &app,
                &b.session,
                &b,
                "refund",
                "quality",
                &yuan(paid_fen - 10_000),
                vec![]
            )
            .await
            .0,
            200
        );
        let (second, _) = latest(&app, b.line_id).await.expect("second");
        assert_eq!(answer(&app, &b.merchant, second, &[("decision", "agree")]).await.0, 200);
        let splits: Vec<(i64, i64, i64)> = sqlx::query_as(
            "select refunded_minor, shop_bears_minor, platform_returns_minor from after_sale where order_line_id = $1 order by after_sale_id",
        )
        .bind(b.line_id)
        .fetch_all(app.state.db.pool())
        .await
        .expect("splits");
        let share = 3_780 * 10_000 / paid_fen;
        assert_eq!(
            splits,
            vec![
                (10_000, 10_000 + share, share),
                (paid_fen - 10_000, paid_fen - 10_000 + 3_780 - share, 3_780 - share)
            ]
        );
        // The shopper got back what they paid for the items; the shop bore
        // that and the platform's discount; its own 满减 cost nobody.
        settle_jobs(&app).await;
        let back: i64 = refunds(&app, b.order_id).await.iter().map(|r| r.0).sum();
        assert_eq!(back, paid_fen);
        assert_eq!(splits.iter().map(|s| s.1).sum::<i64>(), 39_800 - 2_000);
        assert_eq!(order_status(&app, b.order_id).await, "refunded");
        let on_order: i64 = sqlx::query_scalar("select refunded_minor from shop_order where order_id = $1")
            .bind(b.order_id)
            .fetch_one(app.state.db.pool())
            .await
            .expect("order");
        assert_eq!(on_order, paid_fen, "the money that came back is on the order");
        app.stop().await;
    }
);

db_test!(complaints_are_a_queue_the_operator_decides_once, |db| {
    let app = common::spawn_app(db).await;
    let (_, skus) = common::seed_product(&app, "Scarf 围巾", [5, 5]).await;
    let b = paid(&app, skus[0], 1).await;
    let complain = |session: String, kind: &'static str, words: &'static str| {
        let app = &app;
        let order = b.order_id.to_string();
        async move {
            json(
                app.call(
                    "aftersales/complain",
                    &[("order_id", &order), ("kind", kind), ("description", words)],
                    Some(&session),
                )
                .await,
            )
            .await
        }
    };
    let (status, body) = complain(b.session.clone(), "bribery", "").await;
    assert_eq!(status, 400);
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(fields, ["kind", "description"]);
    let stranger = app.register(&unique_email("stranger"), GOOD_PASSWORD).await;
    assert_eq!(complain(stranger, "rude_service", "Rude").await.0, 404);
    assert_eq!(
        complain(b.session.clone(), "rude_service", "The seller was rude on chat")
            .await
            .0,
        200
    );
    assert_eq!(
        complain(b.session.clone(), "counterfeit", "And fake").await.0,
        409,
        "one open per order"
    );
    let operator = operator_session(&app).await;
    let queue: serde_json::Value = app
        .call("aftersales/complaints", &[], Some(&operator))
        .await
        .json()
        .await
        .expect("queue");
    let id = queue[0]["complaint_id"].as_i64().expect("complaint");
    assert_eq!(
        app.call("aftersales/complaints", &[], Some(&b.session)).await.status(),
        403
    );
    let decide = |decision: &'static str| {
        let app = &app;
        let operator = operator.clone();
        async move {
            app.call(
                "aftersales/decide_complaint",
                &[
                    ("complaint_id", &id.to_string()),
                    ("decision", decision),
                    ("reason", "Chat log confirms it"),
                ],
                Some(&operator),
            )
            .await
            .status()
            .as_u16()
        }
    };
    assert_eq!(decide("approve").await, 200);
    assert_eq!(decide("reject").await, 409);
    let upheld: i64 = sqlx::query_scalar("select complaints_upheld from shop_service_figure where shop_id = (select shop_id from shop_order where order_id = $1)")
        .bind(b.order_id)
        .fetch_one(app.state.db.pool())
        .await
        .expect("figures");
    assert_eq!(upheld, 1);
    app.stop().await;
});
