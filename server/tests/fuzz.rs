//! Hostile bodies to every server function and hostile query strings to
//! every page: malformed, oversized, truncated and wrongly typed, in form
//! and JSON encodings, random bytes, control characters in every string;
//! as a guest, a shopper and a merchant who is also an operator. Nothing
//! may answer 5xx and nothing may panic anywhere in the process. Its own
//! test binary: the panic counter is process-wide.

mod common;

use app::routes::PAGES;
use common::{unique_email, GOOD_PASSWORD};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Once;

static PANICS: AtomicUsize = AtomicUsize::new(0);

fn count_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.fetch_add(1, Ordering::SeqCst);
            previous(info);
        }));
    });
}

/// Every argument name any server function takes.
const FIELDS: &[&str] = &[
    "email",
    "display_name",
    "password",
    "next",
    "token",
    "sku_id",
    "product_id",
    "option_1",
    "option_2",
    "option_3",
    "quantity",
    "category",
    "query",
    "q",
    "slug",
    "shop_id",
    "order_id",
    "address_id",
    "checkout_id",
    "attempt",
    "card_number",
    "expiry",
    "cvc",
    "recipient",
    "phone",
    "province",
    "city",
    "district",
    "detail",
    "make_default",
    "refresh",
    "code",
    "carrier",
    "tracking_number",
    "status",
    "page",
    "expected_total",
    "after_sale_id",
    "complaint_id",
    "order_line_id",
    "decision",
    "reason",
    "return_address",
    "restock",
    "statement",
    "amount",
    "description",
    "kind",
    "finished",
    "decided",
    "period",
    "from",
    "to",
    "segment",
    "coupon_id",
];

/// Strings no form should carry: controls, bidi overrides, invalid escapes,
/// a NUL, a lone surrogate's escape, an open redirect.
const NASTY: &[&str] = &[
    "\u{0}\u{1}\u{1f}\u{7f}\u{85}",
    "/\t/evil.example\r\n",
    "\u{202e}\u{2066}\u{feff}x",
    "%",
    "%E6%89",
    "\\ud800",
    "-9223372036854775809",
    "1e999",
    "[]",
    "{\"a\":1}",
];

/// A small deterministic generator for random bytes.
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn form_encode(pairs: &[(&str, &str)]) -> Vec<u8> {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", urlencoding::encode(k), urlencoding::encode(v)))
        .collect::<Vec<_>>()
        .join("&")
        .into_bytes()
}

/// A body to post and its content type (none: no header).
type Body = (Option<&'static str>, Vec<u8>);

/// (content type, body) pairs to post.
fn bodies() -> Vec<Body> {
    let form = Some("application/x-www-form-urlencoded");
    let json = Some("application/json");
    let mut out: Vec<(Option<&'static str>, Vec<u8>)> = Vec::new();
    out.push((form, Vec::new()));
    for nasty in NASTY {
        let pairs: Vec<(&str, &str)> = FIELDS.iter().map(|f| (*f, *nasty)).collect();
        out.push((form, form_encode(&pairs)));
        let object: serde_json::Map<String, serde_json::Value> = FIELDS
            .iter()
            .map(|f| (f.to_string(), serde_json::Value::String(nasty.to_string())))
            .collect();
        out.push((json, serde_json::to_vec(&object).unwrap_or_default()));
    }
    for raw in [
        "sku_id=abc&product_id=1e999&quantity=-1&shop_id=[]&option_1=%FF",
        "email=%",
        "email=%E6%89&password=%FF%FE",
        "sku_id=&quantity=",
        "a&&&=&=&==",
        "sku_id=1&sku_id=2&quantity=1&quantity=x",
        "sku_id[]=1&quantity[x]=2",
        "email[a][b][c][d][e][f][g][h]=1",
    ] {
        out.push((form, raw.as_bytes().to_vec()));
    }
    let deep = format!("{}{}", "[".repeat(20_000), "]".repeat(20_000));
    for raw in [
        "{}",
        "[]",
        "null",
        "\"x\"",
        "{\"sku_id\":\"x\",\"email\":123,\"quantity\":[1]}",
        "{\"email\":\"a",
        "{\"sku_id\":99999999999999999999999}",
        deep.as_str(),
    ] {
        out.push((json, raw.as_bytes().to_vec()));
    }
    // Oversized strings, under the body limit.
    let huge = "é".repeat(150_000);
    let pairs: Vec<(&str, &str)> = FIELDS.iter().take(2).map(|f| (*f, huge.as_str())).collect();
    out.push((form, form_encode(&pairs)));
    for seed in 1..=4 {
        out.push((form, noise(seed, 2048)));
        out.push((json, noise(seed + 100, 2048)));
        out.push((None, noise(seed + 200, 512)));
    }
    out.push((
        Some("multipart/form-data; boundary=x"),
        b"--x\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\n\x00\r\n--".to_vec(),
    ));
    // The review form's shape, every part hostile: a line that is nobody's,
    // stars out of range, a NUL, and a "photo" that is noise.
    let mut review = Vec::new();
    for (name, value) in [
        ("order_id", "-1".as_bytes().to_vec()),
        ("order_line_id", b"99999999999999999999".to_vec()),
        ("follow_up", b"1\x00".to_vec()),
        ("rating", b"9".to_vec()),
        ("body", "<script>\u{0}".as_bytes().to_vec()),
    ] {
        review.extend_from_slice(format!("--x\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes());
        review.extend_from_slice(&value);
        review.extend_from_slice(b"\r\n");
    }
    review.extend_from_slice(b"--x\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"a.png\"\r\n\r\n");
    review.extend_from_slice(&noise(9, 4096));
    review.extend_from_slice(b"\r\n--x--\r\n");
    out.push((Some("multipart/form-data; boundary=x"), review));
    out.push((Some("application/cbor"), noise(7, 64)));
    out
}

/// Requests in flight at once: the server answers several at a time in
/// production too, and the run takes a fraction of the time it would one
/// by one.
const IN_FLIGHT: usize = 6;

/// Sends every request, a few at a time, and names those answered 5xx.
async fn server_errors(requests: Vec<(String, reqwest::RequestBuilder)>) -> Vec<String> {
    use futures::stream::{self, StreamExt};
    stream::iter(requests)
        .map(|(label, req)| async move {
            let status = req.send().await.expect("answer").status();
            status.is_server_error().then(|| format!("{label}: {status}"))
        })
        .buffer_unordered(IN_FLIGHT)
        .filter_map(|failed| async move { failed })
        .collect()
        .await
}

async fn session_of(app: &common::TestApp, email: &str) -> String {
    let res = app.log_in(email, GOOD_PASSWORD).await;
    assert_eq!(res.status(), 200);
    common::session_from(res.headers()).expect("session")
}

/// Bodies that are valid but for one field: they get past parsing and the
/// first checks to the code behind them (a log-in that succeeds, then
/// redirects to a hostile `next`).
fn one_bad_field(valid: &[(&str, String)]) -> Vec<(Option<&'static str>, Vec<u8>)> {
    let mut out = Vec::new();
    for (bad_field, _) in valid {
        for nasty in [
            "\u{0}\u{1}\u{7f}\u{85}",
            "/\t/evil.example\r\n",
            "%E6%89",
            "/搜索?q=手机",
        ] {
            let pairs: Vec<(&str, &str)> = valid
                .iter()
                .map(|(k, v)| (*k, if k == bad_field { nasty } else { v.as_str() }))
                .collect();
            out.push((Some("application/x-www-form-urlencoded"), form_encode(&pairs)));
        }
    }
    out
}

db_test!(no_hostile_body_or_query_makes_a_5xx_or_a_panic, |db| {
    count_panics();
    // Throttles would refuse most of this early: lift them so every body
    // reaches the code it is aimed at.
    let mut config = common::test_config();
    config.limits = app::server::Limits::relaxed();
    let app = common::spawn_app_with(db, config).await;
    let (product, skus) = common::seed_product(&app, "Fuzzed Buds 模糊耳机", [5, 5]).await;
    let place = common::placement(&app, product).await;

    let shopper_email = unique_email("fuzz");
    let shopper = app.register(&shopper_email, GOOD_PASSWORD).await;
    let staff_email = unique_email("staff");
    let staff_id = app::accounts::service::create_operator(
        &app.state.db,
        &app.state.hashing,
        &staff_email,
        "Staff",
        GOOD_PASSWORD,
    )
    .await
    .expect("operator");
    app::merchants::db::add_member(
        app.state.db.pool(),
        place.shop_id,
        staff_id,
        "owner",
        app::server::now_ms(),
    )
    .await
    .expect("membership");
    // A real cart line, so cart endpoints reach their deeper paths.
    let res = app
        .call(
            "cart/add",
            &[("sku_id", &skus[0].to_string()), ("quantity", "1")],
            Some(&shopper),
        )
        .await;
    assert_eq!(res.status(), 200);
    // A real address and order, so checkout, payment and order endpoints
    // reach their deeper paths too.
    let address = common::add_address(&app, &shopper).await;
    let checkout_id =
        common::checkout_id_of(common::place_order(&app, &shopper, &common::checkout_token(), address).await).await;
    let order_id: i64 = sqlx::query_scalar("select order_id from shop_order where checkout_id = $1")
        .bind(checkout_id)
        .fetch_one(app.state.db.pool())
        .await
        .expect("order");
    common::add_to_cart(&app, &shopper, skus[1], 1).await;

    let mut endpoints: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(p, _)| p.to_string())
        .collect();
    endpoints.sort();
    endpoints.dedup();
    assert!(
        endpoints.len() >= 20,
        "every server function is registered: {endpoints:?}"
    );
    let valid: Vec<(&str, String)> = vec![
        ("email", staff_email.clone()),
        ("display_name", "Fuzz".into()),
        ("password", GOOD_PASSWORD.into()),
        ("next", "/cart".into()),
        ("token", "x".repeat(43)),
        ("sku_id", skus[0].to_string()),
        ("product_id", product.to_string()),
        ("quantity", "1".into()),
        ("category", place.category_slug.clone()),
        ("query", "q=buds".into()),
        ("q", "buds".into()),
        ("slug", place.shop_slug.clone()),
        ("shop_id", place.shop_id.to_string()),
        ("order_id", order_id.to_string()),
        ("address_id", address.to_string()),
        ("checkout_id", checkout_id.to_string()),
        ("attempt", common::checkout_token()),
        ("card_number", common::GOOD_CARD.into()),
        ("expiry", "12/30".into()),
        ("cvc", "123".into()),
        ("recipient", "王小明".into()),
        ("phone", "13800138000".into()),
        ("province", "330000".into()),
        ("city", "330100".into()),
        ("district", "330106".into()),
        ("detail", "文三路 90 号".into()),
        ("code", "SAVE10".into()),
        ("carrier", "sf".into()),
        ("tracking_number", "SF1234567890".into()),
        ("status", "paid".into()),
        ("page", "2".into()),
    ];
    let bodies = bodies();
    let nearly_valid = one_bad_field(&valid);
    // Malformed bodies go with both answers (JSON and the redirect of a
    // plain form); nearly valid ones, many more, alternate between them.
    let both = ["application/json", "text/html"];
    let posts: Vec<(usize, &Body, &str)> = bodies
        .iter()
        .enumerate()
        .flat_map(|(i, body)| both.map(|accept| (i, body, accept)))
        .chain(
            nearly_valid
                .iter()
                .enumerate()
                .map(|(i, body)| (bodies.len() + i, body, both[i % 2])),
        )
        .collect();
    let before = PANICS.load(Ordering::SeqCst);
    let mut failures = Vec::new();
    for endpoint in &endpoints {
        // Fresh sessions each time: the endpoints include log-out, and a
        // log-in ends the session it was made in.
        let shopper = session_of(&app, &shopper_email).await;
        let staff = session_of(&app, &staff_email).await;
        let viewers: [Option<&str>; 3] = [None, Some(&shopper), Some(&staff)];
        let mut requests = Vec::new();
        for viewer in viewers {
            for &(i, (content_type, body), accept) in &posts {
                let mut req = app
                    .client
                    .post(app.url(endpoint))
                    .header("origin", &app.base)
                    .header("accept", accept)
                    .body(body.clone());
                if let Some(ct) = content_type {
                    req = req.header("content-type", *ct);
                }
                if let Some(token) = viewer {
                    req = req.header("cookie", format!("jishi_session={token}"));
                }
                requests.push((format!("{endpoint} body #{i} ({content_type:?}, {accept})"), req));
            }
            // The wrong method, with a hostile query string.
            let mut req = app
                .client
                .get(format!("{}?{}", app.url(endpoint), "sku_id=%00&email=%FF&q=%09//x"));
            if let Some(token) = viewer {
                req = req.header("cookie", format!("jishi_session={token}"));
            }
            requests.push((format!("GET {endpoint}"), req));
        }
        failures.extend(server_errors(requests).await);
    }

    // Every page, with hostile query strings (including the framework's
    // own error parameter, which plain forms come back with).
    let queries = [
        "q=%00%01%7F&page=-1&brand=%FF,1,x&price_min=1e999&sort=%0A&next=%09//evil.example",
        "next=/%5C/evil&back=//evil&token=%00&reset=%FF",
        "__err=%7B%22code%22%3A%22Nope%22%7D",
        "__err=%FF%FE",
        "__err=%7B%22code%22%3A%22Required%22%2C%22fields%22%3A%5B%7B%22field%22%3A%22email%22%2C%22code%22%3A%22Required%22%7D%5D%2C%22echo%22%3A%5B%5B%22email%22%2C%22%00%22%5D%5D%7D",
        "q=a&q=b&page=1&page=2",
    ];
    let shopper = session_of(&app, &shopper_email).await;
    let staff = session_of(&app, &staff_email).await;
    let viewers: [Option<&str>; 3] = [None, Some(&shopper), Some(&staff)];
    let mut requests = Vec::new();
    for route in PAGES {
        let id = match route.pattern {
            "/orders/:id" => order_id,
            "/pay/:id" => checkout_id,
            _ => product,
        };
        let path = route
            .pattern
            .replace(":id", &id.to_string())
            .replace("/c/:slug", &format!("/c/{}", place.category_slug))
            .replace("/s/:slug", &format!("/s/{}", place.shop_slug));
        for query in queries {
            for viewer in viewers {
                let mut req = app.client.get(format!("{}?{query}", app.url(&path)));
                if let Some(token) = viewer {
                    req = req.header("cookie", format!("jishi_session={token}"));
                }
                requests.push((format!("GET {path}?{query}"), req));
            }
        }
    }
    failures.extend(server_errors(requests).await);
    // The signed callbacks: nothing unsigned or malformed gets past them.
    for hook in ["/hooks/payments/testpay", "/hooks/payments/nope", "/hooks/carrier"] {
        for (i, (content_type, body)) in bodies.iter().enumerate() {
            let mut req = app.client.post(app.url(hook)).body(body.clone());
            if let Some(ct) = content_type {
                req = req.header("content-type", *ct);
            }
            for signature in ["", "t=1,v1=00", "t=%00,v1=zz", "v1=,t=9999999999999999999999"] {
                let status = req
                    .try_clone()
                    .expect("clone")
                    .header(app::server::signing::SIGNATURE_HEADER, signature)
                    .send()
                    .await
                    .expect("answer")
                    .status();
                if status.is_server_error() || status.is_success() {
                    failures.push(format!("POST {hook} body #{i} signed {signature:?}: {status}"));
                }
            }
        }
    }
    // The upload forms' multipart handlers (reviews, after-sales requests):
    // whatever arrives, as a guest or a shopper, no 5xx.
    for (i, (content_type, body)) in bodies.iter().enumerate() {
        for (viewer, form) in viewers.iter().flat_map(|v| {
            [
                (v, app::reviews::web::SUBMIT_PATH),
                (v, app::aftersales::web::SUBMIT_PATH),
            ]
        }) {
            let mut req = app
                .client
                .post(app.url(form))
                .header("origin", &app.base)
                .body(body.clone());
            if let Some(ct) = content_type {
                req = req.header("content-type", *ct);
            }
            if let Some(token) = viewer {
                req = req.header("cookie", format!("jishi_session={token}"));
            }
            let status = req.send().await.expect("answer").status();
            if status.is_server_error() {
                failures.push(format!("POST {form} body #{i}: {status}"));
            }
        }
    }
    for path in [
        "/p/%00",
        "/p/99999999999999999999",
        "/c/%FF",
        "/s/%0A",
        "/lang/%00",
        "/media/..%2F..%2Fetc%2Fpasswd",
    ] {
        let status = app.client.get(app.url(path)).send().await.expect("answer").status();
        if status.is_server_error() {
            failures.push(format!("GET {path}: {status}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} server errors:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(
        PANICS.load(Ordering::SeqCst),
        before,
        "a request panicked (see the output above)"
    );
    app.stop().await;
});
