//! Figures over HTTP and against the raw rows: after random orders,
//! payments, refunds and storefront events, every figure the dashboards
//! read from rollups equals a recount from orders, refunds and events, and
//! a rebuild from scratch reproduces every rollup row; RFM segments split
//! at their boundaries; each merchant sees and exports only their own
//! shops; visitors get a first-party id and their views are counted.

use crate::common::{
    self, add_address, add_to_cart, checkout_id_of, checkout_token, json, member_of, operator_session, pay,
    place_order, unique_email, ProductBuilder, ShopBuilder, TestApp, GOOD_CARD, GOOD_PASSWORD,
};
use app::analytics::db::{self, RecentDays};
use app::analytics::domain::{date_of, day_of, day_start, rfm_bucket, segment_of, RangeAsk, DAY_MS};
use app::analytics::model::{DayRange, ProductFigure, Segment, ShopChoice};
use app::analytics::service::{self as analytics, Event, EventKind};

/// A small deterministic generator.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn visitor(n: u64) -> String {
    format!("visitor{n:0>15}")
}

async fn flush(app: &TestApp) {
    app::analytics::capture::flush(&app.state)
        .await
        .expect("events written");
}

async fn snapshot(app: &TestApp) -> Vec<String> {
    let mut conn = app.state.db.pool().acquire().await.expect("conn");
    app::analytics::db::snapshot(&mut conn).await.expect("snapshot")
}

/// A shop's best sellers and stuck products over days `from..=to`,
/// grouped afresh from its product days.
async fn recount_lists(
    conn: &mut sqlx::AnyConnection,
    shop: i64,
    from: i64,
    to: i64,
) -> (Vec<ProductFigure>, Vec<ProductFigure>) {
    let mut lists = (Vec::new(), Vec::new());
    for (stuck, list) in [(false, &mut lists.0), (true, &mut lists.1)] {
        *list = db::recount_product_figures(&mut *conn, shop, from, to, stuck, 10)
            .await
            .expect("counted");
    }
    lists
}

/// How many of a shop's products sold over days `from..=to`, counted from
/// paid orders.
async fn sold_from_orders(conn: &mut sqlx::AnyConnection, shop: i64, from: i64, to: i64) -> i64 {
    let (from_ms, until_ms) = DayRange { from, to }.instants();
    db::recount_products_sold(&mut *conn, shop, from_ms, until_ms)
        .await
        .expect("counted")
}

db_test!(figures_from_rollups_equal_a_recount_and_a_rebuild, |db| {
    let app = common::spawn_app(db).await;
    let mut dice = Dice(0x5eed_1234_abcd_0042);
    // Two shops, two products each (one of them never sells).
    let mut shops = Vec::new();
    let mut merchants = std::collections::HashMap::new();
    let mut skus = Vec::new();
    let mut products = Vec::new();
    for s in 0..2 {
        let (shop_id, _) = ShopBuilder::new().name(&format!("Figures {s}")).create(&app).await;
        shops.push(shop_id);
        merchants.insert(shop_id, member_of(&app, shop_id).await.0);
        for p in 0..2 {
            let (product, sku_ids) = ProductBuilder::new(&format!("Figure item {s}-{p}"))
                .shop(shop_id)
                .option("Color", &["Red", "Blue"])
                .price(10_000 + 2_500 * p)
                .stock(&[500])
                .create(&app)
                .await;
            products.push((product, shop_id));
            if p == 0 {
                skus.extend(sku_ids);
            }
        }
    }
    // The recent product windows last rolled five days ago: what follows
    // is added to them, and the roll to today takes off what fell out.
    let now = app::server::now_ms();
    analytics::roll_recent(&app.state.db, now - 5 * DAY_MS)
        .await
        .expect("roll");
    // Shoppers who buy, pay, cancel and get money back, at random.
    let mut shoppers = Vec::new();
    for _ in 0..5 {
        let session = app.register(&unique_email("figures"), GOOD_PASSWORD).await;
        let address = add_address(&app, &session).await;
        shoppers.push((session, address));
    }
    for _ in 0..14 {
        let (session, address) = &shoppers[dice.below(shoppers.len() as u64) as usize];
        for _ in 0..=dice.below(2) {
            let sku = skus[dice.below(skus.len() as u64) as usize];
            add_to_cart(&app, session, sku, 1 + dice.below(3) as i64).await;
        }
        let checkout_id = checkout_id_of(place_order(&app, session, &checkout_token(), *address).await).await;
        if !dice.chance(75) {
            continue;
        }
        assert_eq!(json(pay(&app, session, checkout_id, GOOD_CARD).await).await.0, 200);
        let orders: Vec<(i64, i64, i64)> = sqlx::query_as(
            "select order_id, total_minor, shop_id from shop_order where checkout_id = $1 order by order_id",
        )
        .bind(checkout_id)
        .fetch_all(app.state.db.pool())
        .await
        .expect("orders");
        for (order_id, total, shop_id) in orders {
            if dice.chance(25) {
                let res = app
                    .call("orders/cancel", &[("order_id", &order_id.to_string())], Some(session))
                    .await;
                assert_eq!(res.status(), 200, "cancel a paid order");
            } else if dice.chance(30) {
                // Part of it back (what an after-sales refund sends).
                let mut tx = app.state.db.begin_write().await.expect("tx");
                let part = 1 + dice.below(total as u64 - 1) as i64;
                app::payments::service::refund_order(&mut tx, order_id, Some(part), "part back")
                    .await
                    .expect("refund");
                tx.commit().await.expect("commit");
            } else if dice.chance(50) {
                // Shipped and received.
                let id = order_id.to_string();
                let tracking = format!("SF{}", 1_000_000_000 + order_id);
                let res = app
                    .call(
                        "orders/ship",
                        &[("order_id", &id), ("carrier", "sf"), ("tracking_number", &tracking)],
                        Some(&merchants[&shop_id]),
                    )
                    .await;
                assert_eq!(res.status(), 200, "ship");
                let res = app
                    .call("orders/confirm_receipt", &[("order_id", &id)], Some(session))
                    .await;
                assert_eq!(res.status(), 200, "received");
            }
        }
    }
    // Product pages seen by a few returning browsers (cookies) and new ones.
    for _ in 0..25 {
        let (product, _) = products[dice.below(products.len() as u64) as usize];
        let mut req = app.client.get(app.url(&format!("/p/{product}")));
        if dice.chance(70) {
            req = req.header("cookie", format!("jishi_vid={}", visitor(dice.below(4))));
        }
        assert_eq!(req.send().await.expect("page").status(), 200);
    }
    // Events over the last weeks, written as the capture writes them: in
    // two batches, so the second lands before days the first wrote.
    let kinds = [EventKind::View, EventKind::View, EventKind::Cart, EventKind::Checkout];
    for n in 0..120 {
        if n == 80 {
            flush(&app).await;
        }
        let (product, shop) = products[dice.below(products.len() as u64) as usize];
        let kind = kinds[dice.below(kinds.len() as u64) as usize];
        app.state.capture.record(Event {
            at: now - dice.below(40) as i64 * DAY_MS - dice.below(DAY_MS as u64) as i64,
            visitor: visitor(dice.below(6)),
            user_id: None,
            kind,
            shop_id: (kind == EventKind::Checkout).then_some(shop),
            product_id: (kind != EventKind::Checkout).then_some(product),
            order_id: None,
        });
    }
    // An event about a product that does not exist is dropped.
    app.state.capture.record(Event {
        at: now,
        visitor: visitor(1),
        user_id: None,
        kind: EventKind::View,
        shop_id: None,
        product_id: Some(99_999_999),
        order_id: None,
    });
    flush(&app).await;

    let today = day_of(now);
    let ranges = [
        DayRange { from: today, to: today },
        DayRange {
            from: today - 6,
            to: today,
        },
        DayRange {
            from: today - 29,
            to: today,
        },
        DayRange {
            from: today - 45,
            to: today - 3,
        },
    ];
    let mut conn = app.state.db.pool().acquire().await.expect("conn");
    let mut seen_money = false;
    for shop in &shops {
        for range in ranges {
            let kept = analytics::shop_figures(&mut conn, *shop, range).await.expect("figures");
            let counted = analytics::recount_shop(&mut conn, *shop, range).await.expect("recount");
            assert_eq!(kept, counted, "shop {shop}, days {range:?}");
            // The dashboard shares the same figures out over two
            // connections: each period's halves add up to the recount.
            let ask = RangeAsk {
                period: None,
                from: Some(date_of(range.from)),
                to: Some(date_of(range.to)),
            };
            let choice = vec![ShopChoice {
                shop_id: *shop,
                name: "Shop".into(),
            }];
            let dashboard = analytics::shop_dashboard(&app.state.db, &mut conn, choice, *shop, &ask, now)
                .await
                .expect("dashboard");
            assert_eq!(dashboard.now, counted, "dashboard, shop {shop}, days {range:?}");
            let before = analytics::recount_shop(&mut conn, *shop, range.before())
                .await
                .expect("recount");
            assert_eq!(
                dashboard.before, before,
                "dashboard's period before, shop {shop}, days {range:?}"
            );
            seen_money |= kept.paid_orders > 0 && kept.refunds > 0;
        }
    }
    assert!(seen_money, "the random run paid and refunded something");
    // Today's and the last 7 and 30 days' top and stuck products read from the rolled
    // windows equal those grouped from the product days.
    analytics::roll_recent(&app.state.db, now).await.expect("roll");
    let mut seen_stuck = false;
    for shop in &shops {
        for days in RecentDays::ALL {
            let range = (today - days.days() + 1, today);
            let kept = analytics::product_figures(
                &app.state.db,
                *shop,
                DayRange {
                    from: range.0,
                    to: range.1,
                },
                now,
            )
            .await
            .expect("kept");
            let counted = recount_lists(&mut conn, *shop, range.0, range.1).await;
            assert_eq!(
                format!("{:?}", (&kept.top, &kept.stuck)),
                format!("{counted:?}"),
                "shop {shop}, {days:?}"
            );
            assert_eq!(kept.sold, sold_from_orders(&mut conn, *shop, range.0, range.1).await);
            seen_stuck |= !kept.stuck.is_empty();
        }
    }
    assert!(seen_stuck, "some product was viewed often and never bought");
    // Over any range, the lists read from the running totals equal those
    // grouped from the product days (days with nothing included).
    let mut seen_both = false;
    let mut seen_sold = false;
    for shop in &shops {
        for from in (today - 44..=today).step_by(2) {
            for to in (from..=today).step_by(3).chain([today]) {
                let ranged = analytics::product_figures(&app.state.db, *shop, DayRange { from, to }, now)
                    .await
                    .expect("ranged");
                let counted = recount_lists(&mut conn, *shop, from, to).await;
                assert_eq!(
                    format!("{:?}", (&ranged.top, &ranged.stuck)),
                    format!("{counted:?}"),
                    "shop {shop}, days {from}..={to}"
                );
                let sold = sold_from_orders(&mut conn, *shop, from, to).await;
                assert_eq!(ranged.sold, sold, "shop {shop}, days {from}..={to}");
                seen_both |= !ranged.top.is_empty() && !ranged.stuck.is_empty();
                seen_sold |= sold > 0;
            }
        }
    }
    assert!(seen_both, "some range had both best sellers and stuck products");
    assert!(seen_sold, "some range sold something");
    drop(conn);

    // A rebuild from the raw rows gives back every rollup row.
    let kept = snapshot(&app).await;
    assert!(kept.len() > 20, "rollups were kept: {}", kept.len());
    let mut tx = app.state.db.begin_write().await.expect("tx");
    analytics::rebuild(&mut tx, app::server::now_ms())
        .await
        .expect("rebuild");
    tx.commit().await.expect("commit");
    assert_eq!(snapshot(&app).await, kept);
    app.stop().await;
});

db_test!(
    buyers_and_products_sold_over_any_range_equal_a_count_of_the_payments,
    |db| {
        let app = common::spawn_app(db).await;
        let mut dice = Dice(0xb0b_0042);
        let (shop_id, _) = ShopBuilder::new().name("Buyer days").create(&app).await;
        let mut products = Vec::new();
        for p in 0..4 {
            let (product, _) = ProductBuilder::new(&format!("Sold days {p}"))
                .shop(shop_id)
                .create(&app)
                .await;
            products.push(product);
        }
        // Payments on random days, written in no particular order (a day may
        // be filled in between two others), some twice on a day; views on
        // days nothing sold.
        let mut paid: Vec<(i64, i64, i64)> = Vec::new();
        let mut tx = app.state.db.begin_write().await.expect("tx");
        for _ in 0..120 {
            let day = 20_000 + dice.below(40) as i64;
            let (user, product) = (1 + dice.below(9) as i64, products[dice.below(4) as usize]);
            db::add_buyer(&mut tx, shop_id, day, user).await.expect("buyer");
            let sold = !dice.chance(30);
            let delta = db::ProductDelta {
                product_id: product,
                shop_id,
                day,
                views: 1,
                units: i64::from(sold),
                paid_minor: 100 * i64::from(sold),
            };
            db::add_product(&mut tx, &delta).await.expect("product");
            paid.push((day, user, if sold { product } else { 0 }));
        }
        tx.commit().await.expect("commit");
        let mut conn = app.state.db.pool().acquire().await.expect("conn");
        // The last paid day is 20,039 at the latest: nothing comes after it.
        let last = paid.iter().map(|p| p.0).max().expect("paid");
        assert!(db::has_days_after(&mut *conn, shop_id, last - 1).await.expect("after"));
        assert!(!db::has_days_after(&mut *conn, shop_id, last).await.expect("after"));
        for from in 19_998..20_042 {
            for to in from..20_042 {
                let within = || paid.iter().filter(|(day, ..)| *day >= from && *day <= to);
                let mut per_user = std::collections::HashMap::<i64, i64>::new();
                for (_, user, _) in within() {
                    *per_user.entry(*user).or_default() += 1;
                }
                let counted = (
                    per_user.len() as i64,
                    per_user.values().filter(|n| **n >= 2).count() as i64,
                );
                // Counted over each half of the days, as a dashboard's two
                // connections do, the halves add up to the range.
                let (mut kept, mut kept_sold) = ((0, 0), 0);
                for part in (DayRange { from, to }).halves() {
                    let (buyers, repeat) = db::buyers(&mut conn, shop_id, (from, Some(to)), (part.from, part.to))
                        .await
                        .expect("buyers");
                    kept = (kept.0 + buyers, kept.1 + repeat);
                    kept_sold += db::products_sold(&mut conn, shop_id, from, (part.from, part.to))
                        .await
                        .expect("sold");
                }
                assert_eq!(kept, counted, "buyers, days {from}..={to}");
                if to >= last {
                    // Nothing was paid after the range: counted from each
                    // buyer's last day, as for a range through today.
                    let last = db::buyers(&mut conn, shop_id, (from, None), (from, to))
                        .await
                        .expect("buyers through today");
                    assert_eq!(last, counted, "buyers through the last day, days {from}..={to}");
                }
                let sold: std::collections::HashSet<i64> = within().map(|p| p.2).filter(|p| *p != 0).collect();
                assert_eq!(kept_sold, sold.len() as i64, "products sold, days {from}..={to}");
            }
        }
        drop(conn);
        app.stop().await;
    }
);

db_test!(rfm_segments_follow_their_definitions_at_the_boundaries, |db| {
    let app = common::spawn_app(db).await;
    let now = day_start(20_787) + 15 * 3_600_000;
    let ago = |days: i64| now - days * DAY_MS;
    let rich = app::analytics::domain::CHAMPION_SPENT_MINOR;
    // (last paid, orders, spent): each side of each boundary.
    let cases = [
        (ago(30), 3, rich),
        (ago(30) - 1, 3, rich),
        (ago(1), 3, rich - 1),
        (ago(1), 2, rich * 5),
        (ago(90), 2, 0),
        (ago(90), 1, rich),
        (ago(90) - 1, 2, 0),
        (ago(90) - 1, 1, rich),
        (ago(400), 1, 0),
        (ago(2), 1, 100),
        // A day off each boundary day (summed per day, not read one by one).
        (ago(29), 3, rich),
        (ago(31), 3, rich),
        (ago(89), 1, 0),
        (ago(91), 2, rich),
    ];
    let mut expected: Vec<(i64, Segment)> = Vec::new();
    for (last, orders, spent) in cases {
        let email = unique_email("rfm");
        app.register(&email, GOOD_PASSWORD).await;
        let user_id = app::accounts::service::user_id_by_email(&app.state.db, &email)
            .await
            .expect("user")
            .expect("id");
        sqlx::query(
            "insert into customer_figure (user_id, first_paid_at, last_paid_at, paid_orders, spent_minor)
             values ($1, $2, $3, $4, $5)",
        )
        .bind(user_id)
        .bind(last - 1)
        .bind(last)
        .bind(orders)
        .bind(spent)
        .execute(app.state.db.pool())
        .await
        .expect("customer");
        // Counted per day of the last payment, as a payment counts it.
        let mut conn = app.state.db.pool().acquire().await.expect("conn");
        db::add_rfm(&mut conn, day_of(last), rfm_bucket(orders, spent), 1)
            .await
            .expect("count");
        expected.push((user_id, segment_of(now, last, orders, spent)));
    }
    let mut conn = app.state.db.pool().acquire().await.expect("conn");
    let counts = analytics::segments(&mut conn, now).await.expect("segments");
    for count in counts {
        let want = expected.iter().filter(|(_, s)| *s == count.segment).count() as i64;
        assert_eq!(count.shoppers, want, "{:?}", count.segment);
        let members = analytics::segment_members(&mut conn, count.segment, now, 100)
            .await
            .expect("members");
        let mut got: Vec<i64> = members.iter().map(|m| m.user_id).collect();
        got.sort_unstable();
        let mut want: Vec<i64> = expected
            .iter()
            .filter(|(_, s)| *s == count.segment)
            .map(|(u, _)| *u)
            .collect();
        want.sort_unstable();
        assert_eq!(got, want, "{:?}", count.segment);
    }
    // Every segment has someone in this set, so no boundary went untested.
    for segment in Segment::ALL {
        assert!(expected.iter().any(|(_, s)| *s == segment), "{segment:?}");
    }
    drop(conn);
    app.stop().await;
});

/// A bought and paid order of `sku` in a shop: the buyer's session.
async fn bought(app: &TestApp, sku: i64) -> String {
    let session = app.register(&unique_email("buyer"), GOOD_PASSWORD).await;
    let address = add_address(app, &session).await;
    add_to_cart(app, &session, sku, 2).await;
    let checkout_id = checkout_id_of(place_order(app, &session, &checkout_token(), address).await).await;
    assert_eq!(json(pay(app, &session, checkout_id, GOOD_CARD).await).await.0, 200);
    session
}

db_test!(each_merchant_sees_and_exports_only_their_own_figures, |db| {
    let app = common::spawn_app(db).await;
    let (mine, theirs) = (
        ShopBuilder::new().name("Mine 我的店").create(&app).await.0,
        ShopBuilder::new().name("Theirs").create(&app).await.0,
    );
    let (product, skus) = ProductBuilder::new("Counted teapot, \"=1+1\"")
        .shop(mine)
        .option("Color", &["Red"])
        .stock(&[50])
        .create(&app)
        .await;
    bought(&app, skus[0]).await;
    let (merchant, _) = member_of(&app, mine).await;
    let (other, _) = member_of(&app, theirs).await;

    // The dashboard shows the paid order.
    let (status, body) = json(
        app.call(
            "analytics/shop",
            &[("shop_id", &mine.to_string()), ("period", "today")],
            Some(&merchant),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["now"]["paid_orders"], 1);
    assert_eq!(body["now"]["paid_minor"], body["now"]["placed_minor"]);
    assert_eq!(body["top_products"][0]["product_id"], product);
    // Another shop's dashboard and exports are not theirs to see.
    let (status, _) = json(
        app.call("analytics/shop", &[("shop_id", &mine.to_string())], Some(&other))
            .await,
    )
    .await;
    assert_eq!(status, 403);
    let export = |shop: i64, table: &str, session: &str| {
        app.client
            .get(app.url(&format!("/seller/analytics/export?shop={shop}&table={table}&period=7d")))
            .headers(common::cookie_headers(session))
            .send()
    };
    let res = export(mine, "top", &other).await.expect("export");
    assert_eq!(res.status(), 404);
    assert!(!res.text().await.unwrap_or_default().contains("teapot"));
    // Their own export downloads as CSV, quoted and with formulas defused.
    let res = export(mine, "top", &merchant).await.expect("export");
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap_or_default()
        .starts_with("attachment;"));
    let csv = res.text().await.unwrap_or_default();
    assert!(
        csv.contains(&format!("{product},\"Counted teapot, \"\"=1+1\"\"\",")),
        "{csv}"
    );
    for table in ["overview", "funnel", "daily", "stuck"] {
        assert_eq!(
            export(mine, table, &merchant).await.expect("export").status(),
            200,
            "{table}"
        );
    }
    assert_eq!(export(mine, "nope", &merchant).await.expect("export").status(), 404);
    // Bad dates are refused on their fields, with what was typed.
    let (status, body) = json(
        app.call(
            "analytics/shop",
            &[("from", "2026-02-30"), ("to", "9999-01-01")],
            Some(&merchant),
        )
        .await,
    )
    .await;
    assert_eq!(status, 400, "{body}");
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["field"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(fields, ["from", "to"]);
    // The platform's dashboard and exports are for operators only.
    let (status, _) = json(app.call("analytics/platform", &[], Some(&merchant)).await).await;
    assert_eq!(status, 403);
    let res = app
        .client
        .get(app.url("/admin/analytics/export?table=segment&segment=promising"))
        .headers(common::cookie_headers(&merchant))
        .send()
        .await
        .expect("export");
    assert_ne!(res.status(), 200);
    let operator = operator_session(&app).await;
    let (status, body) = json(
        app.call("analytics/platform", &[("period", "30d")], Some(&operator))
            .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["shops"][0]["shop_id"], mine);
    let promising = body["segments"]
        .as_array()
        .and_then(|a| a.iter().find(|s| s["segment"] == "Promising"))
        .map(|s| s["shoppers"].as_i64().unwrap_or(0));
    assert_eq!(promising, Some(1));
    let res = app
        .client
        .get(app.url("/admin/analytics/export?table=segment&segment=promising"))
        .headers(common::cookie_headers(&operator))
        .send()
        .await
        .expect("export");
    assert_eq!(res.status(), 200);
    let csv = res.text().await.unwrap_or_default();
    assert_eq!(csv.lines().count(), 2, "{csv}");
    // The pages render for their owners.
    let (status, html) = common::page(&app, &merchant, &format!("/seller/analytics?shop={mine}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Export CSV") && html.contains("<svg"), "{html}");
    let (status, html) = common::page(&app, &operator, "/admin/analytics?from=2026-01-01&to=2025-01-01").await;
    assert_eq!(status, 400);
    assert!(html.contains("The end date must not be before the start date."));
    app.stop().await;
});

/// The visitor cookies an answer sets.
fn new_visitor_ids(res: &reqwest::Response) -> Vec<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_string))
        .filter(|c| c.starts_with("jishi_vid="))
        .collect()
}

db_test!(visitors_get_a_first_party_id_and_their_views_count, |db| {
    let app = common::spawn_app(db).await;
    let (product, _) = common::seed_product(&app, "Viewed lamp", [5, 5]).await;
    let shop = common::placement(&app, product).await.shop_id;
    let res = app
        .client
        .get(app.url(&format!("/p/{product}")))
        .send()
        .await
        .expect("page");
    assert_eq!(res.status(), 200);
    let set = new_visitor_ids(&res);
    assert_eq!(set.len(), 1, "{set:?}");
    assert!(set[0].contains("HttpOnly") && set[0].contains("SameSite=Lax"));
    let id = set[0]["jishi_vid=".len()..]
        .split(';')
        .next()
        .unwrap_or_default()
        .to_string();
    // The same browser comes back (and gets no new id), twice; a robot and
    // a missing product do not count; the shop's funnel has one visitor.
    for _ in 0..2 {
        let res = app
            .client
            .get(app.url(&format!("/p/{product}")))
            .header("cookie", format!("jishi_vid={id}"))
            .send()
            .await
            .expect("page");
        assert_eq!(new_visitor_ids(&res), Vec::<String>::new());
    }
    app.client
        .get(app.url(&format!("/p/{product}")))
        .header("user-agent", "Googlebot/2.1")
        .send()
        .await
        .expect("page");
    app.client.get(app.url("/p/99999999")).send().await.expect("page");
    // Files (not pages) never carry the cookie.
    let res = app.client.get(app.url("/robots.txt")).send().await.expect("file");
    assert_eq!(res.status(), 200);
    assert_eq!(new_visitor_ids(&res), Vec::<String>::new());
    flush(&app).await;
    let today = day_of(app::server::now_ms());
    let mut conn = app.state.db.pool().acquire().await.expect("conn");
    let f = analytics::shop_figures(&mut conn, shop, DayRange { from: today, to: today })
        .await
        .expect("figures");
    assert_eq!((f.views, f.visitors), (3, 1));
    let stored: Vec<String> = sqlx::query_scalar("select visitor from analytics_event")
        .fetch_all(&mut *conn)
        .await
        .expect("events");
    assert_eq!(stored, vec![id.clone(), id.clone(), id]);
    drop(conn);
    app.stop().await;
});

db_test!(a_graceful_stop_writes_the_events_still_waiting, |db| {
    // A writer that would not write for a minute: what a page records just
    // before the server stops must still be written when it is told to stop.
    let mut config = common::test_config();
    config.capture_flush_ms = 60_000;
    let app = common::spawn_app_with(db, config).await;
    let (product, _) = common::seed_product(&app, "Last lamp", [5, 5]).await;
    let shop = common::placement(&app, product).await.shop_id;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let writer = app::analytics::capture::spawn_writer(app.state.clone(), stopped);
    let res = app
        .client
        .get(app.url(&format!("/p/{product}")))
        .send()
        .await
        .expect("page");
    assert_eq!(res.status(), 200);
    let today = day_of(app::server::now_ms());
    let views = || async {
        let mut conn = app.state.db.pool().acquire().await.expect("conn");
        analytics::shop_figures(&mut conn, shop, DayRange { from: today, to: today })
            .await
            .expect("figures")
            .views
    };
    assert_eq!(views().await, 0, "nothing is written before the minute or the stop");
    stop.send(true).expect("writer listens");
    tokio::time::timeout(std::time::Duration::from_secs(10), writer)
        .await
        .expect("the writer ends once it has written")
        .expect("writer");
    assert_eq!(views().await, 1);
    app.stop().await;
});

db_test!(a_platform_coupon_goes_to_a_segment_while_its_units_last, |db| {
    use app::promotions::service::{self as promotions, CouponInput};
    let app = common::spawn_app(db).await;
    let now = app::server::now_ms();
    let mut tx = app.state.db.begin_write().await.expect("tx");
    let input = CouponInput {
        title: "Come back ¥20".into(),
        kind: "amount".into(),
        value: "20".into(),
        ends_at: app::promotions::domain::china_time_input(now + 30 * DAY_MS),
        quantity: "2".into(),
        per_person: "1".into(),
        code: "COMEBACK20".into(),
        code_only: true,
        ..CouponInput::default()
    };
    let coupon = promotions::create_coupon(&mut tx, 1, None, &input, None, now)
        .await
        .expect("coupon");
    tx.commit().await.expect("commit");
    // Three promising shoppers (one order, lately), most spent first; the
    // first already holds the coupon.
    let mut users = Vec::new();
    for spent in [30_000, 20_000, 10_000] {
        let email = unique_email("promising");
        let session = app.register(&email, GOOD_PASSWORD).await;
        let user_id = app::accounts::service::user_id_by_email(&app.state.db, &email)
            .await
            .expect("user")
            .expect("id");
        sqlx::query(
            "insert into customer_figure (user_id, first_paid_at, last_paid_at, paid_orders, spent_minor)
             values ($1, $2, $2, 1, $3)",
        )
        .bind(user_id)
        .bind(now - DAY_MS)
        .bind(spent)
        .execute(app.state.db.pool())
        .await
        .expect("customer");
        users.push((user_id, session));
    }
    let mut tx = app.state.db.begin_write().await.expect("tx");
    promotions::claim(&mut tx, users[0].0, coupon, true, now)
        .await
        .expect("claim");
    tx.commit().await.expect("commit");

    let form = [("segment", "promising"), ("coupon_id", &coupon.to_string())];
    let (status, _) = json(app.call("analytics/send_coupon", &form, Some(&users[1].1)).await).await;
    assert_eq!(status, 403, "a shopper cannot send coupons");
    let operator = operator_session(&app).await;
    let (status, body) = json(app.call("analytics/send_coupon", &form, Some(&operator)).await).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (
            body["sent"].as_i64(),
            body["already"].as_i64(),
            body["ran_out"].as_i64()
        ),
        (Some(1), Some(1), Some(1))
    );
    let holders: Vec<i64> =
        sqlx::query_scalar("select user_id from coupon_claim where coupon_id = $1 order by user_id")
            .bind(coupon)
            .fetch_all(app.state.db.pool())
            .await
            .expect("claims");
    let mut want = vec![users[0].0, users[1].0];
    want.sort_unstable();
    assert_eq!(holders, want);
    let claimed: i64 = sqlx::query_scalar("select claimed from coupon where coupon_id = $1")
        .bind(coupon)
        .fetch_one(app.state.db.pool())
        .await
        .expect("claimed");
    assert_eq!(claimed, 2);
    let recorded: i64 = sqlx::query_scalar(
        "select count(*) from audit_event where subject = 'coupon' and subject_id = $1 and action = 'sent_to_segment'",
    )
    .bind(coupon)
    .fetch_one(app.state.db.pool())
    .await
    .expect("audit");
    assert_eq!(recorded, 1);
    // With no units left the coupon is no longer offered.
    let (_, body) = json(app.call("analytics/platform", &[], Some(&operator)).await).await;
    assert_eq!(body["coupons"], serde_json::json!([]));
    app.stop().await;
});
