//! Reviews over HTTP: only the buyer of a delivered line reviews it, once,
//! with one follow-up within 180 days; the rules hold back what they must
//! and a clean review may publish at once; operators decide; words show as
//! text; votes count once; the shop replies to its own reviews only; and
//! after any mix of decisions, reports and follow-ups the stored aggregates
//! equal a recount.

use crate::common::{self, checkout_id_of, checkout_token, pay, place_order, shopper_ready_to_buy, TestApp, GOOD_CARD};
use app::media::samples;
use image::ImageFormat;
use reqwest::multipart::{Form, Part};

use crate::common::json;

/// A line bought, paid, shipped and received: its buyer and ids.
struct Bought {
    session: String,
    order_id: i64,
    line_id: i64,
}

/// Buys one of `sku_id` as a new shopper and pays; the order is Paid.
async fn paid_line(app: &TestApp, sku_id: i64) -> Bought {
    let (session, address) = shopper_ready_to_buy(app, sku_id, 1).await;
    let checkout_id = checkout_id_of(place_order(app, &session, &checkout_token(), address).await).await;
    assert_eq!(json(pay(app, &session, checkout_id, GOOD_CARD).await).await.0, 200);
    let (order_id, line_id): (i64, i64) = sqlx::query_as(
        "select o.order_id, l.order_line_id from shop_order o join order_line l on l.order_id = o.order_id
         where o.checkout_id = $1",
    )
    .bind(checkout_id)
    .fetch_one(app.state.db.pool())
    .await
    .expect("line");
    Bought {
        session,
        order_id,
        line_id,
    }
}

/// Ships the order (as a member of its shop) and the buyer confirms receipt.
async fn receive(app: &TestApp, merchant: &str, bought: &Bought) {
    let tracking = format!("SF{}", 1_000_000_000 + bought.order_id);
    let (status, body) = json(
        app.call(
            "orders/ship",
            &[
                ("order_id", &bought.order_id.to_string()),
                ("carrier", "sf"),
                ("tracking_number", &tracking),
            ],
            Some(merchant),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = json(
        app.call(
            "orders/confirm_receipt",
            &[("order_id", &bought.order_id.to_string())],
            Some(&bought.session),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200);
}

/// Posts the review form as the page's script does: (status, next page).
async fn post_review(
    app: &TestApp,
    session: &str,
    bought: &Bought,
    fields: &[(&str, &str)],
    photos: Vec<Vec<u8>>,
) -> (u16, String) {
    let mut form = Form::new()
        .text("order_id", bought.order_id.to_string())
        .text("order_line_id", bought.line_id.to_string());
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    for (i, bytes) in photos.into_iter().enumerate() {
        form = form.part("photos", Part::bytes(bytes).file_name(format!("photo{i}.jpg")));
    }
    common::post_multipart(app, app::reviews::web::SUBMIT_PATH, session, form).await
}

const GOOD_REVIEW: &str = "The tea is fresh and fragrant, packed well. Will buy again.";

fn first_review(rating: &str, body: &str) -> Vec<(&'static str, String)> {
    vec![
        ("rating", rating.to_string()),
        ("body", body.to_string()),
        ("described", "5".into()),
        ("service", "4".into()),
        ("delivery", "3".into()),
    ]
}

async fn review(app: &TestApp, bought: &Bought, rating: &str, body: &str) -> (u16, String) {
    let fields = first_review(rating, body);
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    post_review(app, &bought.session, bought, &fields, vec![]).await
}

async fn review_status(app: &TestApp, line_id: i64, first: bool) -> Option<String> {
    let sql = if first {
        "select status from review where order_line_id = $1 and parent_id is null"
    } else {
        "select status from review where order_line_id = $1 and parent_id is not null"
    };
    sqlx::query_scalar(sql)
        .bind(line_id)
        .fetch_optional(app.state.db.pool())
        .await
        .expect("status")
}

async fn review_id(app: &TestApp, line_id: i64, first: bool) -> i64 {
    let sql = if first {
        "select review_id from review where order_line_id = $1 and parent_id is null"
    } else {
        "select review_id from review where order_line_id = $1 and parent_id is not null"
    };
    sqlx::query_scalar(sql)
        .bind(line_id)
        .fetch_one(app.state.db.pool())
        .await
        .expect("review id")
}

async fn decide(
    app: &TestApp,
    operator: &str,
    review_id: i64,
    decision: &str,
    reason: &str,
) -> (u16, serde_json::Value) {
    json(
        app.call(
            "reviews/decide",
            &[
                ("review_id", &review_id.to_string()),
                ("decision", decision),
                ("reason", reason),
            ],
            Some(operator),
        )
        .await,
    )
    .await
}

/// The stored aggregates of the product and its shop equal a recount.
pub(crate) async fn assert_aggregates_hold(app: &TestApp, product_id: i64, shop_id: i64) {
    let mut conn = app.state.db.read().await.expect("conn");
    let stored = app::reviews::service::summary(&mut conn, product_id)
        .await
        .expect("summary");
    let counted = app::reviews::service::recount(&mut conn, product_id)
        .await
        .expect("recount");
    assert_eq!(stored, counted, "product aggregates");
    let (count, sum): (i64, i64) = sqlx::query_as("select rating_count, rating_sum from product where product_id = $1")
        .bind(product_id)
        .fetch_one(&mut *conn)
        .await
        .expect("product rating");
    assert_eq!((count, sum), (counted.count, counted.sum), "the catalogue's rating");
    for shop in [shop_id, 0] {
        let [stored, counted] = app::reviews::service::shop_score_and_recount(&mut conn, shop)
            .await
            .expect("shop score");
        assert_eq!(stored, counted, "shop {shop} scores");
    }
}

db_test!(
    only_the_buyer_of_a_delivered_line_reviews_it_once_and_follows_up_once,
    |db| {
        let app = common::spawn_app(db).await;
        let (product_id, skus) = common::seed_product(&app, "Reviewed 评价测试", [20, 20]).await;
        let shop_id = common::placement(&app, product_id).await.shop_id;
        let (merchant, _) = common::member_of(&app, shop_id).await;
        let bought = paid_line(&app, skus[0]).await;

        // Before delivery: refused, and nothing is stored.
        let (status, next) = review(&app, &bought, "5", GOOD_REVIEW).await;
        assert_eq!(status, 409, "{next}");
        assert!(next.contains("ReviewNotYet"), "{next}");
        assert_eq!(review_status(&app, bought.line_id, true).await, None);
        receive(&app, &merchant, &bought).await;

        // Someone else cannot review the buyer's line, nor read its form.
        let (stranger, _) = shopper_ready_to_buy(&app, skus[1], 1).await;
        let fields = first_review("5", GOOD_REVIEW);
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, next) = post_review(&app, &stranger, &bought, &fields, vec![]).await;
        assert_eq!((status, next.as_str()), (404, "/orders"));
        let (status, _) = json(
            app.call(
                "reviews/form",
                &[("order_line_id", &bought.line_id.to_string())],
                Some(&stranger),
            )
            .await,
        )
        .await;
        assert_eq!(status, 404);

        // A refused submission keeps what was typed and stores no photo.
        let media_before = app.media_files();
        let photo = samples::picture(640, 480, ImageFormat::Jpeg);
        let short: Vec<(&str, &str)> = vec![("rating", "4"), ("body", "too short"), ("described", "5")];
        let (status, next) = post_review(&app, &bought.session, &bought, &short, vec![photo.clone()]).await;
        let next = next.replace("%3A", ":").replace("%2C", ",");
        assert_eq!(status, 400);
        assert!(
            next.contains("body:TextTooShort") && next.contains("service:Required"),
            "{next}"
        );
        assert_eq!(app.media_files(), media_before, "no photo kept for a refused review");
        let (_, form) = json(
            app.call(
                "reviews/form",
                &[("order_line_id", &bought.line_id.to_string())],
                Some(&bought.session),
            )
            .await,
        )
        .await;
        assert_eq!(form["draft"]["body"], "too short");
        assert_eq!(form["draft"]["rating"], 4);
        assert_eq!(form["rates_shop"], true);

        // The buyer's review with a photo: it waits for moderation.
        let fields = first_review("4", GOOD_REVIEW);
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, next) = post_review(&app, &bought.session, &bought, &fields, vec![photo.clone()]).await;
        assert_eq!(status, 200, "{next}");
        assert_eq!(next, format!("/orders/{}/review/{}", bought.order_id, bought.line_id));
        assert_eq!(
            review_status(&app, bought.line_id, true).await.as_deref(),
            Some("pending")
        );
        assert!(app.media_files() > media_before, "the photo and its copies are stored");
        let (_, page) = common::page(&app, &bought.session, &next).await;
        assert!(page.contains("Pending moderation"), "the author sees where it stands");
        let (_, orders) = common::page(&app, &bought.session, &format!("/orders/{}", bought.order_id)).await;
        assert!(orders.contains("Pending moderation") && orders.contains("Add a follow-up"));

        // A second review of the same line is refused.
        let (status, next) = review(&app, &bought, "1", "Changed my mind about this one.").await;
        assert_eq!(status, 409);
        assert!(next.contains("AlreadyReviewed"), "{next}");

        // A follow-up after 180 days is refused; within them it is taken once.
        let follow: Vec<(&str, &str)> = vec![("follow_up", "1"), ("body", "Three months on it still tastes great.")];
        let first_id = review_id(&app, bought.line_id, true).await;
        let long_ago = app::server::now_ms() - 181 * 86_400_000;
        sqlx::query("update review set submitted_at = $1 where review_id = $2")
            .bind(long_ago)
            .bind(first_id)
            .execute(app.state.db.pool())
            .await
            .expect("age the review");
        let (status, next) = post_review(&app, &bought.session, &bought, &follow, vec![]).await;
        assert_eq!(status, 409);
        assert!(next.contains("FollowUpClosed"), "{next}");
        sqlx::query("update review set submitted_at = $1 where review_id = $2")
            .bind(app::server::now_ms() - 179 * 86_400_000)
            .bind(first_id)
            .execute(app.state.db.pool())
            .await
            .expect("age the review");
        let (status, _) = post_review(&app, &bought.session, &bought, &follow, vec![]).await;
        assert_eq!(status, 200);
        assert_eq!(
            review_status(&app, bought.line_id, false).await.as_deref(),
            Some("pending")
        );
        let (status, next) = post_review(&app, &bought.session, &bought, &follow, vec![]).await;
        assert_eq!(status, 409, "{next}");
        app.stop().await;
    }
);

db_test!(
    rules_hold_back_what_they_must_and_clean_reviews_may_publish_at_once,
    |db| {
        let app = common::spawn_app(db).await;
        let (product_id, skus) = common::seed_product(&app, "Ruled 规则测试", [30, 30]).await;
        let shop_id = common::placement(&app, product_id).await.shop_id;
        let (merchant, _) = common::member_of(&app, shop_id).await;
        let operator = common::operator_session(&app).await;
        let shopper = paid_line(&app, skus[0]).await;

        // Settings are for operators only, and checked.
        let settings = |auto: bool, threshold: &str| {
            let mut form = vec![
                ("banned_words", "fuck\n傻逼\nspamword".to_string()),
                ("check_links", "1".to_string()),
                ("check_contacts", "1".to_string()),
                ("check_duplicates", "1".to_string()),
                ("product_burst", "20".to_string()),
                ("address_burst", "50".to_string()),
                ("burst_minutes", "60".to_string()),
                ("paid_praise_minutes", "30".to_string()),
                ("report_threshold", threshold.to_string()),
            ];
            if auto {
                form.push(("auto_publish", "1".to_string()));
            }
            form
        };
        let call_settings = |session: String, form: Vec<(&'static str, String)>| {
            let app = &app;
            async move {
                let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                json(app.call("reviews/save_settings", &form, Some(&session)).await).await
            }
        };
        assert_eq!(call_settings(shopper.session.clone(), settings(true, "2")).await.0, 403);
        let (status, body) = call_settings(operator.clone(), settings(true, "0")).await;
        assert_eq!(
            (status, body["fields"][0]["field"].as_str()),
            (400, Some("report_threshold"))
        );
        assert_eq!(call_settings(operator.clone(), settings(true, "2")).await.0, 200);

        // Clean: published at once. Each rule's case: held back, naming it.
        receive(&app, &merchant, &shopper).await;
        assert_eq!(review(&app, &shopper, "5", GOOD_REVIEW).await.0, 200);
        assert_eq!(
            review_status(&app, shopper.line_id, true).await.as_deref(),
            Some("published")
        );
        let cases = [
            ("This was s p a m w o r d all the way down", "banned_word"),
            ("真是ＦＵＣＫ的东西，千万别买这个", "banned_word"),
            ("Cheaper at www.example-shop.com, go there", "link"),
            ("加我微信 abc12345 有更便宜的货卖给你", "contact"),
            // Another account's words, nearly: a duplicate.
            (
                "The tea is fresh and fragrant, packed well!! Will buy again",
                "duplicate",
            ),
        ];
        for (body, flag) in cases {
            let bought = paid_line(&app, skus[1]).await;
            receive(&app, &merchant, &bought).await;
            let (status, next) = review(&app, &bought, "5", body).await;
            assert_eq!(status, 200, "{next}");
            assert_eq!(
                review_status(&app, bought.line_id, true).await.as_deref(),
                Some("pending"),
                "{body}"
            );
            let flags: String = sqlx::query_scalar("select flags from review where order_line_id = $1")
                .bind(bought.line_id)
                .fetch_one(app.state.db.pool())
                .await
                .expect("flags");
            assert_eq!(flags, flag, "{body}");
        }
        // The queue names the reasons; only operators read it or decide.
        let (status, _) = json(app.call("reviews/queue", &[], Some(&merchant)).await).await;
        assert_eq!(status, 403);
        let (status, queue) = json(app.call("reviews/queue", &[], Some(&operator)).await).await;
        assert_eq!(status, 200);
        assert_eq!(queue["waiting"], 5);
        assert_eq!(queue["reviews"][2]["flags"][0], "Link");
        let held = queue["reviews"][0]["review_id"].as_i64().expect("id");
        assert_eq!(decide(&app, &merchant, held, "approve", "").await.0, 403);
        let (status, body) = decide(&app, &operator, held, "reject", "").await;
        assert_eq!((status, body["fields"][0]["field"].as_str()), (400, Some("reason")));
        assert_eq!(decide(&app, &operator, held, "reject", "Abusive words").await.0, 200);
        assert_eq!(
            decide(&app, &operator, held, "approve", "").await.0,
            409,
            "decided once"
        );
        let (actor, reason): (String, String) = sqlx::query_as(
        "select actor_kind, reason from audit_event where subject = 'review' and subject_id = $1 and action = 'rejected'",
    )
    .bind(held)
    .fetch_one(app.state.db.pool())
    .await
    .expect("audited");
        assert_eq!((actor.as_str(), reason.as_str()), ("operator", "Abusive words"));
        // Its shop rating never counted and is gone: the order may rate again.
        let kept: i64 = sqlx::query_scalar("select count(*) from shop_rating where review_id = $1")
            .bind(held)
            .fetch_one(app.state.db.pool())
            .await
            .expect("shop rating");
        assert_eq!(kept, 0);
        assert_aggregates_hold(&app, product_id, shop_id).await;
        app.stop().await;
    }
);

db_test!(
    reviews_show_as_text_votes_count_once_and_shops_reply_to_their_own,
    |db| {
        let app = common::spawn_app(db).await;
        let (product_id, skus) = common::seed_product(&app, "Shown 展示测试", [10, 10]).await;
        let shop_id = common::placement(&app, product_id).await.shop_id;
        let (merchant, _) = common::member_of(&app, shop_id).await;
        let (other_shop, _) = common::ShopBuilder::new().name("Other shop").create(&app).await;
        let (other_merchant, _) = common::member_of(&app, other_shop).await;
        let operator = common::operator_session(&app).await;
        let bought = paid_line(&app, skus[0]).await;
        receive(&app, &merchant, &bought).await;
        let hostile = "<script>alert('x')</script><b>bold</b> and a fine cup of tea";
        assert_eq!(review(&app, &bought, "2", hostile).await.0, 200);
        let id = review_id(&app, bought.line_id, true).await;
        // Not public while it waits.
        let (status, _) = json(
            app.call("reviews/helpful", &[("review_id", &id.to_string())], Some(&merchant))
                .await,
        )
        .await;
        assert_eq!(status, 404);
        assert_eq!(decide(&app, &operator, id, "approve", "").await.0, 200);
        app.state.catalog.follow(&app.state.db).await.expect("follow");

        let (_, html) = common::page(&app, &merchant, &format!("/p/{product_id}")).await;
        assert!(html.contains("&lt;script&gt;alert("), "shown as text");
        assert!(!html.contains("<script>alert("), "never as markup");
        assert!(!html.contains("<b>bold</b>"));

        // Helpful: once per account; the author's own vote does not count.
        let voter = paid_line(&app, skus[1]).await;
        for session in [&voter.session, &voter.session, &bought.session] {
            let (status, _) = json(
                app.call("reviews/helpful", &[("review_id", &id.to_string())], Some(session))
                    .await,
            )
            .await;
            assert_eq!(status, 200);
        }
        let (status, _) = json(
            app.call("reviews/helpful", &[("review_id", &id.to_string())], None)
                .await,
        )
        .await;
        assert_eq!(status, 401, "guests log in first");
        let (_, page) = json(
            app.call(
                "reviews/product",
                &[("product_id", &product_id.to_string())],
                Some(&voter.session),
            )
            .await,
        )
        .await;
        assert_eq!(page["reviews"][0]["helpful_count"], 1);
        assert_eq!(page["voted"][0], id);
        // The product page's section (kept per server, current by version)
        // shows the count at once, the voter's button at rest and no other
        // reader's; a hostile address never reaches its markup.
        let (_, html) = common::page(&app, &voter.session, &format!("/p/{product_id}")).await;
        assert!(html.contains("Helpful (1)"), "the new count");
        assert!(
            html.contains(&format!("id=\"helpful-{id}\" disabled")),
            "the voter's vote"
        );
        let (_, html) = common::page(&app, &merchant, &format!("/p/{product_id}")).await;
        assert!(html.contains("Helpful (1)"));
        assert!(
            !html.contains(&format!("id=\"helpful-{id}\" disabled")),
            "not another reader's"
        );
        let hostile = [
            ("product_id", product_id.to_string()),
            ("rf", "\"><script>x</script>".to_string()),
            ("rs", "helpful".to_string()),
            ("rp", "-3".to_string()),
        ];
        let hostile: Vec<(&str, &str)> = hostile.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, section) = json(app.call("reviews/section", &hostile, Some(&voter.session)).await).await;
        assert_eq!(status, 200);
        let section = section.as_str().expect("the section's HTML");
        assert!(section.contains(&format!("id=\"helpful-{id}\" disabled")));
        assert!(section.contains("Page 1 of 1") && !section.contains("<script>x"));
        let (status, _) = json(app.call("reviews/section", &[("product_id", "999999")], None).await).await;
        assert_eq!(status, 404);

        // Report opens its own page: the reasons to choose from (log-in first).
        let (status, html) = common::page(&app, &voter.session, &format!("/reviews/{id}/report?rf=2")).await;
        assert_eq!(status, 200);
        assert!(html.contains("Why report it") && html.contains("Fake or paid review"));
        assert!(
            html.contains(&format!("/p/{product_id}?rf=2#review-{id}")),
            "the way back keeps the list"
        );
        let res = app
            .client
            .get(app.url(&format!("/reviews/{id}/report")))
            .send()
            .await
            .expect("guest");
        assert!(res.url().path().starts_with("/login") || res.status().is_redirection());

        // Replies: the review's shop only, checked like reviews, editable.
        let reply = |session: String, words: &'static str| {
            let app = &app;
            async move {
                json(
                    app.call(
                        "reviews/reply",
                        &[("review_id", &id.to_string()), ("reply", words)],
                        Some(&session),
                    )
                    .await,
                )
                .await
            }
        };
        assert_eq!(reply(other_merchant.clone(), "Not ours").await.0, 404);
        assert_eq!(reply(bought.session.clone(), "Me neither").await.0, 404);
        let (status, body) = reply(merchant.clone(), "Add us on WeChat: teashop888").await;
        assert_eq!(
            (status, body["fields"][0]["code"].as_str()),
            (400, Some("ReplyRefused"))
        );
        assert_eq!(reply(merchant.clone(), "Sorry to hear that").await.0, 200);
        assert_eq!(reply(merchant.clone(), "Sorry: we sent a replacement").await.0, 200);
        let (_, page) = json(
            app.call("reviews/product", &[("product_id", &product_id.to_string())], None)
                .await,
        )
        .await;
        assert_eq!(page["reviews"][0]["reply"], "Sorry: we sent a replacement");
        let (status, shop_page) = json(
            app.call(
                "reviews/shop_reviews",
                &[("shop_id", &shop_id.to_string())],
                Some(&other_merchant),
            )
            .await,
        )
        .await;
        assert_eq!(status, 403, "{shop_page}");
        app.stop().await;
    }
);

db_test!(
    aggregates_equal_a_recount_after_decisions_reports_and_follow_ups,
    |db| {
        let app = common::spawn_app(db).await;
        let (product_id, skus) = common::seed_product(&app, "Counted 计数测试", [50, 50]).await;
        let shop_id = common::placement(&app, product_id).await.shop_id;
        let (merchant, _) = common::member_of(&app, shop_id).await;
        let operator = common::operator_session(&app).await;
        let mut lines = Vec::new();
        let words = [
            "Lovely tea, bright and clean, would order again.",
            "茶汤清亮，香气持久，包装也很用心，值得推荐。",
            "Arrived late and the tin was dented, tea is fine.",
            "口感一般，没有想象中那么香，价格偏高了一些。",
            "Good value for a daily tea, smooth and mellow.",
        ];
        for (i, (rating, body)) in ["5", "4", "2", "3", "5"].iter().zip(words).enumerate() {
            let bought = paid_line(&app, skus[i % 2]).await;
            receive(&app, &merchant, &bought).await;
            let photos = if i % 2 == 0 {
                vec![samples::picture(400, 300, ImageFormat::Png)]
            } else {
                vec![]
            };
            let fields = first_review(rating, body);
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            assert_eq!(
                post_review(&app, &bought.session, &bought, &fields, photos).await.0,
                200
            );
            lines.push(bought);
        }
        let ids: Vec<i64> = {
            let mut ids = Vec::new();
            for l in &lines {
                ids.push(review_id(&app, l.line_id, true).await);
            }
            ids
        };
        // Approve four, reject one.
        for id in &ids[..4] {
            assert_eq!(decide(&app, &operator, *id, "approve", "").await.0, 200);
        }
        assert_eq!(
            decide(&app, &operator, ids[4], "reject", "Not about the product")
                .await
                .0,
            200
        );
        assert_aggregates_hold(&app, product_id, shop_id).await;

        // Follow-ups: one published, one waiting.
        for l in &lines[..2] {
            let follow: Vec<(&str, &str)> = vec![("follow_up", "1"), ("body", "A month later: still a favourite.")];
            assert_eq!(post_review(&app, &l.session, l, &follow, vec![]).await.0, 200);
        }
        let follow_id = review_id(&app, lines[0].line_id, false).await;
        assert_eq!(decide(&app, &operator, follow_id, "approve", "").await.0, 200);
        assert_aggregates_hold(&app, product_id, shop_id).await;

        // Reports: three distinct accounts send the review with a published
        // follow-up back to the queue (the author's own report does not count,
        // nor the shop's: it must not bury its bad reviews).
        let (status, _) = json(
            app.call(
                "reviews/report",
                &[("review_id", &ids[0].to_string()), ("reason", "fake")],
                Some(&merchant),
            )
            .await,
        )
        .await;
        assert_eq!(status, 200);
        let published_at = |id: i64| {
            let app = &app;
            async move {
                sqlx::query_scalar::<_, Option<i64>>("select published_at from review where review_id = $1")
                    .bind(id)
                    .fetch_one(app.state.db.pool())
                    .await
                    .expect("published at")
            }
        };
        let first_published = published_at(ids[0]).await;
        let own = json(
            app.call(
                "reviews/report",
                &[("review_id", &ids[0].to_string()), ("reason", "spam")],
                Some(&lines[0].session),
            )
            .await,
        )
        .await;
        assert_eq!(own.0, 200);
        for reporter in &lines[1..4] {
            let (status, _) = json(
                app.call(
                    "reviews/report",
                    &[("review_id", &ids[0].to_string()), ("reason", "fake")],
                    Some(&reporter.session),
                )
                .await,
            )
            .await;
            assert_eq!(status, 200);
        }
        assert_eq!(
            review_status(&app, lines[0].line_id, true).await.as_deref(),
            Some("pending")
        );
        assert_aggregates_hold(&app, product_id, shop_id).await;
        // The second follow-up publishes while its review is still shown; then
        // the reported one comes back.
        let follow_id = review_id(&app, lines[1].line_id, false).await;
        assert_eq!(decide(&app, &operator, follow_id, "approve", "").await.0, 200);
        assert_eq!(decide(&app, &operator, ids[0], "approve", "").await.0, 200);
        assert_aggregates_hold(&app, product_id, shop_id).await;
        assert_eq!(published_at(ids[0]).await, first_published, "restored in its place");
        // The reports the operator answered are forgotten: one more is not enough.
        let (status, _) = json(
            app.call(
                "reviews/report",
                &[("review_id", &ids[0].to_string()), ("reason", "spam")],
                Some(&lines[4].session),
            )
            .await,
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(
            review_status(&app, lines[0].line_id, true).await.as_deref(),
            Some("published")
        );

        let mut conn = app.state.db.read().await.expect("conn");
        let summary = app::reviews::service::summary(&mut conn, product_id)
            .await
            .expect("summary");
        assert_eq!(summary.count, 4);
        assert_eq!(summary.stars, [0, 1, 1, 1, 1]);
        assert_eq!(summary.with_photos, 2);
        assert_eq!(summary.with_follow_ups, 2);
        drop(conn);

        // The page: filters by tag, the product's rating in the catalogue.
        let (_, page) = json(
            app.call(
                "reviews/product",
                &[("product_id", &product_id.to_string()), ("filter", "photos")],
                None,
            )
            .await,
        )
        .await;
        assert_eq!(page["reviews"].as_array().map(Vec::len), Some(2));
        let (_, page) = json(
            app.call(
                "reviews/product",
                &[("product_id", &product_id.to_string()), ("filter", "2")],
                None,
            )
            .await,
        )
        .await;
        assert_eq!(page["reviews"][0]["rating"], 2);
        app.state.catalog.follow(&app.state.db).await.expect("follow");
        let (_, html) = common::page(&app, &merchant, &format!("/p/{product_id}")).await;
        assert!(
            html.contains("\"ratingValue\":\"3.5\"") && html.contains("\"reviewCount\":4"),
            "JSON-LD from the stored rating"
        );
        app.stop().await;
    }
);

db_test!(decisions_made_at_once_keep_the_aggregates_exact, |db| {
    let app = common::spawn_app(db).await;
    let (product_id, skus) = common::seed_product(&app, "Raced 并发测试", [40, 40]).await;
    let shop_id = common::placement(&app, product_id).await.shop_id;
    let (merchant, _) = common::member_of(&app, shop_id).await;
    let operator = common::operator_session(&app).await;
    let mut ids = Vec::new();
    for i in 0..6 {
        let bought = paid_line(&app, skus[i % 2]).await;
        receive(&app, &merchant, &bought).await;
        let body = format!("Review number {i}: a steady, pleasant tea for every day.");
        assert_eq!(review(&app, &bought, ["5", "4", "3"][i % 3], &body).await.0, 200);
        let follow: Vec<(&str, &str)> = vec![("follow_up", "1"), ("body", "Still good after a month of use.")];
        assert_eq!(
            post_review(&app, &bought.session, &bought, &follow, vec![]).await.0,
            200
        );
        ids.push(review_id(&app, bought.line_id, true).await);
        ids.push(review_id(&app, bought.line_id, false).await);
    }
    // Every first review and its follow-up decided in the same instant by
    // two operators' requests.
    let decisions = ids.iter().map(|id| decide(&app, &operator, *id, "approve", ""));
    let answers = futures::future::join_all(decisions).await;
    assert!(answers.iter().all(|(status, _)| *status == 200), "{answers:?}");
    assert_aggregates_hold(&app, product_id, shop_id).await;
    let mut conn = app.state.db.read().await.expect("conn");
    let summary = app::reviews::service::summary(&mut conn, product_id)
        .await
        .expect("summary");
    assert_eq!((summary.count, summary.with_follow_ups), (6, 6));
    drop(conn);
    app.stop().await;
});

db_test!(a_throttled_review_post_goes_back_to_its_form_with_the_reason, |db| {
    let mut config = common::test_config();
    config.limits.review_posts_per_account = app::server::throttle::Limit::new(1, 3600);
    let app = common::spawn_app_with(db, config).await;
    let (_, skus) = common::seed_product(&app, "Throttled 限流测试", [5, 5]).await;
    let bought = paid_line(&app, skus[0]).await;
    // The first post counts (refused: not delivered yet); the next is
    // refused before it is read, and goes back to the form it came from.
    assert_eq!(review(&app, &bought, "5", GOOD_REVIEW).await.0, 409);
    let form_path = format!("/orders/{}/review/{}", bought.order_id, bought.line_id);
    for (referer, back) in [
        (format!("{}{form_path}?follow_up=1", app.base), form_path.clone()),
        (format!("{}/cart", app.base), "/orders".to_string()),
    ] {
        let res = app
            .client
            .post(app.url(app::reviews::web::SUBMIT_PATH))
            .header("origin", &app.base)
            .header("referer", referer)
            .header("cookie", format!("jishi_session={}", bought.session))
            .header("accept", "application/json")
            .multipart(Form::new().text("order_id", bought.order_id.to_string()))
            .send()
            .await
            .expect("review post");
        let (status, body) = json(res).await;
        assert_eq!(status, 429);
        assert_eq!(body["next"], format!("{back}?err=form:TooManyAttempts"));
    }
    app.stop().await;
});
