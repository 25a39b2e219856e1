//! The storefront over real HTTP: listings, bounds, product pages, search,
//! the index following changes, SEO files.

use crate::common;

use app::catalog::model::ListingPage;
use common::{seed_product, spawn_app};

async fn listing(app: &common::TestApp, category: Option<&str>, query: &str) -> ListingPage {
    let mut form = vec![("query", query)];
    if let Some(c) = category {
        form.push(("category", c));
    }
    let res = app.call("catalog/listing", &form, None).await;
    assert_eq!(res.status(), 200, "{query}");
    res.json().await.expect("listing json")
}

async fn demo(app: &common::TestApp) {
    server::seed::seed_catalog(&app.state, 400, false).await.expect("seed");
    app.state.catalog.rebuild(&app.state.db).await.expect("index");
}

db_test!(page_parameters_out_of_bounds_give_a_clean_page, |db| {
    let app = spawn_app(db).await;
    demo(&app).await;
    let first = listing(&app, Some("phones-digital"), "").await;
    assert!(first.total > 24, "enough products to page");
    for (q, expected_page) in [
        ("page=0", 1),
        ("page=-5", 1),
        ("page=abc", 1),
        ("page=1000000000", first.pages),
        ("page=2", 2),
    ] {
        let page = listing(&app, Some("phones-digital"), q).await;
        assert_eq!(page.page, expected_page, "{q}");
        assert!(!page.items.is_empty(), "{q} shows products");
    }
    for path in [
        "/c/phones-digital?page=0",
        "/c/phones-digital?page=1000000000",
        "/c/phones-digital?page=-1&sort=zzz&price_min=abc",
        "/search?q=%E8%80%B3%E6%9C%BA&page=99999999999999999999",
    ] {
        let res = app.client.get(app.url(path)).send().await.expect("get");
        assert_eq!(res.status(), 200, "{path}");
    }
    let res = app
        .client
        .get(app.url("/c/no-such-category"))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), 404);
    app.stop().await;
});

db_test!(filters_combine_and_sorting_orders_results, |db| {
    let app = spawn_app(db).await;
    demo(&app).await;
    let page = listing(
        &app,
        Some("phones-digital"),
        "sort=price_asc&in_stock=1&price_min=100&price_max=3000",
    )
    .await;
    let prices: Vec<i64> = page.items.iter().map(|i| i.card.price_min_minor).collect();
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "ascending: {prices:?}");
    assert!(page
        .items
        .iter()
        .all(|i| i.card.price_max_minor >= 10_000 && i.card.price_min_minor <= 300_000));
    let all = listing(&app, Some("phones-digital"), "").await;
    let brand = all.brands.first().expect("brand facet").clone();
    let by_brand = listing(&app, Some("phones-digital"), &format!("brand={}", brand.value)).await;
    assert_eq!(by_brand.total, brand.count, "facet count equals the filtered total");
    app.stop().await;
});

db_test!(search_finds_chinese_and_english_and_counts_facets, |db| {
    let app = spawn_app(db).await;
    demo(&app).await;
    let zh = listing(&app, None, "q=%E8%93%9D%E7%89%99%E8%80%B3%E6%9C%BA").await;
    assert!(zh.total > 0, "蓝牙耳机 finds products");
    assert!(
        zh.items.iter().all(|i| i.card.title.contains("耳机")),
        "all are earphones"
    );
    assert!(zh.items[0].title_marks.iter().any(|m| m.1), "matches are marked");
    let en = listing(&app, None, "q=wireless+earbuds").await;
    assert!(en.total > 0);
    assert!(en.items.iter().any(|i| i.card.title.contains("Wireless Earbuds")));
    let facet_total: u64 = zh.categories.iter().map(|c| c.count).sum();
    assert_eq!(facet_total, zh.total);
    let typo = listing(&app, None, "q=earbuds+headphonez").await;
    assert!(typo.approximate || typo.did_you_mean.is_some());
    app.stop().await;
});

db_test!(the_product_page_is_server_rendered_with_seo_data, |db| {
    let app = spawn_app(db).await;
    let (product, _) = seed_product(&app, "Test Buds 测试耳机 Wireless", [5, 0]).await;
    let detail =
        app::catalog::service::product_detail(&mut app.state.db.read().await.unwrap(), &app.state.catalog, product)
            .await
            .unwrap();
    let red = detail.options[0].values[0].value_id;
    let res = app
        .client
        .get(app.url(&format!("/p/{product}")))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), 200);
    let html = res.text().await.expect("html");
    assert!(
        html.contains("<h1 class=\"product__title\">Test Buds 测试耳机 Wireless"),
        "{html}"
    );
    assert!(
        html.contains(&format!("value=\"{red}\" checked")),
        "the in-stock colour is chosen before any script runs"
    );
    assert!(html.contains("¥199.00"), "the default SKU's price");
    assert!(html.contains("application/ld+json") && html.contains("\"@type\":\"Product\""));
    assert!(html.contains("rel=\"canonical\""));
    assert!(html.contains("og:title"));
    for bad in ["/p/abc", "/p/-1", "/p/999999999", "/p/99999999999999999999999"] {
        assert_eq!(
            app.client.get(app.url(bad)).send().await.expect("get").status(),
            404,
            "{bad}"
        );
    }
    app.stop().await;
});

db_test!(the_index_follows_changes_made_through_the_database, |db| {
    let app = spawn_app(db).await;
    let (product, _) = seed_product(&app, "Aurora Lamp 极光台灯", [3, 3]).await;
    assert_eq!(listing(&app, None, "q=aurora").await.total, 1);
    common::change_product(
        &app,
        "update product set title = 'Borealis Lamp 北极光台灯', status = 'live' where product_id = $1",
        product,
    )
    .await;
    assert_eq!(listing(&app, None, "q=aurora").await.total, 0);
    assert_eq!(listing(&app, None, "q=borealis").await.total, 1);
    common::change_product(
        &app,
        "update product set status = 'delisted' where product_id = $1",
        product,
    )
    .await;
    assert_eq!(
        listing(&app, None, "q=borealis").await.total,
        0,
        "delisted products leave the index"
    );
    assert_eq!(
        app.client
            .get(app.url(&format!("/p/{product}")))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    app.stop().await;
});

db_test!(the_sitemap_is_an_index_of_cached_parts, |db| {
    let app = spawn_app(db).await;
    let (product, _) = seed_product(&app, "Sitemap Tea", [1, 1]).await;
    let get = |path: String| {
        let app = &app;
        async move {
            let res = app.client.get(app.url(&path)).send().await.unwrap();
            assert_eq!(res.status(), 200, "{path}");
            res.text().await.unwrap()
        }
    };
    let index = get("/sitemap.xml".into()).await;
    assert!(index.contains("<sitemapindex"), "{index}");
    let part = (product - 1) / app::catalog::service::SITEMAP_PART + 1;
    assert!(
        index.contains(&format!("/sitemaps/products-{part}.xml</loc>")),
        "{index}"
    );
    assert!(index.contains("/sitemaps/pages.xml</loc>"));
    let products = get(format!("/sitemaps/products-{part}.xml")).await;
    assert!(products.contains(&format!("/p/{product}</loc>")), "{products}");
    let pages = get("/sitemaps/pages.xml".into()).await;
    assert!(pages.contains(&format!(
        "/c/{}</loc>",
        common::placement(&app, product).await.category_slug
    )));
    // A part is read once and then served from memory: a product listed
    // since does not show until the part is rendered again.
    let (later, _) = seed_product(&app, "Sitemap Coffee", [1, 1]).await;
    if (later - 1) / app::catalog::service::SITEMAP_PART + 1 == part {
        assert!(!get(format!("/sitemaps/products-{part}.xml"))
            .await
            .contains(&format!("/p/{later}<")));
    }
    for bad in [
        "/sitemaps/products-0.xml",
        "/sitemaps/products-x.xml",
        "/sitemaps/other.xml",
        "/sitemaps/products-1",
    ] {
        let res = app.client.get(app.url(bad)).send().await.unwrap();
        assert_eq!(res.status(), 404, "{bad}");
    }
    let robots = app
        .client
        .get(app.url("/robots.txt"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(robots.contains("Sitemap:"));
    app.stop().await;
});

db_test!(
    a_product_with_three_dimensions_shows_them_in_the_merchants_order,
    |db| {
        let app = spawn_app(db).await;
        // The merchant's order is not alphabetical: Edition, Color, Storage.
        let (product, skus) = common::ProductBuilder::new("Trio Phone 三维手机")
            .option("Edition", &["Pro", "Standard"])
            .option("Color", &["Red", "Black"])
            .option("Storage", &["256GB", "128GB"])
            .pictures_per_value()
            .create(&app)
            .await;
        assert_eq!(skus.len(), 8);
        let html = app
            .client
            .get(app.url(&format!("/p/{product}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(html.matches("role=\"radiogroup\"").count(), 3);
        let at = |needle: &str| html.find(needle).unwrap_or_else(|| panic!("{needle} missing"));
        assert!(at(">Edition<") < at(">Color<") && at(">Color<") < at(">Storage<"));
        assert!(at(">Pro") < at(">Standard") && at(">256GB") < at(">128GB"));

        // Each picture belongs to a value; the chosen value's picture shows.
        let detail =
            app::catalog::service::product_detail(&mut app.state.db.read().await.unwrap(), &app.state.catalog, product)
                .await
                .unwrap();
        let standard = detail.options[0].values[1].value_id;
        let black = detail.options[1].values[1].value_id;
        let gb128 = detail.options[2].values[1].value_id;
        let choice = [Some(standard), Some(black), Some(gb128)];
        assert_eq!(detail.image_for(&choice).unwrap().option_value_id, Some(standard));

        // The product page's form sends one value per dimension, in any order.
        let res = app
            .client
            .post(app.url("/api/cart/add"))
            .header("origin", &app.base)
            .header("accept", "application/json")
            .form(&[
                ("product_id", product.to_string()),
                ("option_1", gb128.to_string()),
                ("option_2", standard.to_string()),
                ("option_3", black.to_string()),
                ("quantity", "1".to_string()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let cookie = res
            .headers()
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .find_map(|v| v.to_str().ok().filter(|v| v.starts_with("jishi_cart=")))
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let cart: app::cart::model::CartView = app
            .client
            .post(app.url("/api/cart/view"))
            .header("origin", &app.base)
            .header("cookie", cookie)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let line = &cart.groups[0].lines[0];
        assert_eq!(line.sku_id, detail.sku_for(&choice).unwrap().sku_id);
        let shown: Vec<(String, String)> = line.options.iter().map(|(k, v)| (k.en.clone(), v.en.clone())).collect();
        assert_eq!(
            shown,
            [("Edition", "Standard"), ("Color", "Black"), ("Storage", "128GB")]
                .map(|(k, v)| (k.to_string(), v.to_string()))
        );
        app.stop().await;
    }
);

db_test!(
    a_suspended_shops_products_leave_every_listing_and_cannot_be_bought,
    |db| {
        // Leaked so the check below can borrow it from async blocks freely.
        let app: &'static common::TestApp = Box::leak(Box::new(spawn_app(db).await));
        let (shop, _) = common::ShopBuilder::new().name("Closing Shop").create(app).await;
        let (product, skus) = common::ProductBuilder::new("Vanishing Lantern 消失的灯笼")
            .shop(shop)
            .create(app)
            .await;
        let placement = common::placement(app, product).await;
        let category = placement.category_slug.clone();
        let visible = |app: &'static common::TestApp| {
            let category = category.clone();
            async move {
                let found = |page: ListingPage| page.items.iter().any(|i| i.card.product_id == product);
                let suggestions: Vec<String> = app
                    .call("catalog/suggest", &[("q", "vanishing")], None)
                    .await
                    .json()
                    .await
                    .expect("suggest");
                [
                    found(listing(app, None, "q=lantern").await),
                    found(listing(app, Some(&category), "").await),
                    suggestions.iter().any(|s| s.contains("Vanishing")),
                    app.client
                        .get(app.url(&format!("/p/{product}")))
                        .send()
                        .await
                        .unwrap()
                        .status()
                        == 200,
                ]
            }
        };
        assert_eq!(
            visible(app).await,
            [true; 4],
            "search, category, suggestions, product page"
        );

        let mut tx = app.state.db.begin_write().await.expect("tx");
        app::merchants::service::moderate_shop(&mut tx, 0, shop, app::merchants::domain::ShopAction::Suspend, "test")
            .await
            .expect("suspend");
        tx.commit().await.expect("commit");
        app.state.catalog.follow(&app.state.db).await.expect("follow");
        assert_eq!(visible(app).await, [false; 4], "gone everywhere");
        let res = app
            .call("cart/add", &[("sku_id", &skus[0].to_string()), ("quantity", "1")], None)
            .await;
        assert_eq!(res.status(), 404, "cannot be added");

        let mut tx = app.state.db.begin_write().await.expect("tx");
        app::merchants::service::moderate_shop(&mut tx, 0, shop, app::merchants::domain::ShopAction::Reinstate, "test")
            .await
            .expect("reopen");
        tx.commit().await.expect("commit");
        app.state.catalog.follow(&app.state.db).await.expect("follow");
        assert_eq!(visible(app).await, [true; 4], "back when the shop reopens");
        // A restart builds the index without the suspended shop's products too.
        let mut tx = app.state.db.begin_write().await.expect("tx");
        app::merchants::service::moderate_shop(&mut tx, 0, shop, app::merchants::domain::ShopAction::Suspend, "test")
            .await
            .expect("suspend");
        tx.commit().await.expect("commit");
        app.state.catalog.rebuild(&app.state.db).await.expect("rebuild");
        assert_eq!(visible(app).await, [false; 4]);
    }
);

db_test!(
    a_search_of_many_repeated_words_costs_what_its_distinct_words_cost,
    |db| {
        let app = spawn_app(db).await;
        demo(&app).await;
        let one = listing(&app, None, "q=phone").await;
        let repeated = listing(&app, None, &format!("q={}", "phone ".repeat(40).trim())).await;
        assert_eq!(one.total, repeated.total, "repeating a word changes nothing");
        let many = (0..40).map(|i| format!("w{i}")).collect::<Vec<_>>().join("+");
        let res = app
            .call("catalog/listing", &[("query", &format!("q={many}"))], None)
            .await;
        assert_eq!(res.status(), 200);
        // Deep pages stop at the last page the listing offers.
        let deep = listing(&app, None, "q=phone&page=1000000").await;
        assert!(deep.page <= app::catalog::domain::MAX_PAGE);
        app.stop().await;
    }
);
