//! Merchant onboarding over HTTP: the wizard saves what was typed (with or
//! without JavaScript), refuses what it must next to the field, keeps
//! documents private, and the operator's decisions move the application
//! through its state machine, recorded with who and why.

use crate::common::{self, unique_email, TestApp, GOOD_PASSWORD};
use app::media::samples;
use image::ImageFormat;
use reqwest::multipart::{Form, Part};

const VALID_CREDIT_CODE: &str = "91350100M000100Y43";
const OTHER_CREDIT_CODE: &str = "91110000802100433B";
const VALID_ID: &str = "11010519491231002X";

/// One file part: (field, file name, bytes).
type FilePart = (&'static str, &'static str, Vec<u8>);

/// Posts one wizard step as a browser would: a plain form (`json` false,
/// answered with a redirect) or the script's background post (JSON).
async fn post_step(
    app: &TestApp,
    session: &str,
    step: &str,
    intent: &str,
    fields: &[(&str, &str)],
    files: Vec<FilePart>,
    json: bool,
) -> reqwest::Response {
    let mut form = Form::new()
        .text("step", step.to_string())
        .text("intent", intent.to_string());
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    for (name, file_name, bytes) in files {
        // The browser's word for the type, which the server must ignore.
        form = form.part(
            name,
            Part::bytes(bytes)
                .file_name(file_name)
                .mime_str("image/png")
                .expect("mime"),
        );
    }
    app.client
        .post(app.url("/sell/step"))
        .header("origin", &app.base)
        .header("cookie", format!("jishi_session={session}"))
        .header("accept", if json { "application/json" } else { "text/html" })
        .multipart(form)
        .send()
        .await
        .expect("step")
}

/// Where a plain post was sent on to.
fn location(res: &reqwest::Response) -> String {
    assert_eq!(res.status(), 303, "a plain form post is redirected");
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

use crate::common::json;

async fn add_category(app: &TestApp, slug: &str) {
    let mut tx = app.state.db.begin_write().await.expect("tx");
    app::catalog::service::create_category(&mut tx, None, slug, &app::i18n::Localized::new("Tea", "茶"), 0)
        .await
        .expect("category");
    tx.commit().await.expect("commit");
}

async fn start(app: &TestApp, session: &str) -> i64 {
    let (status, body) = json(app.call("merchants/start_application", &[], Some(session)).await).await;
    assert_eq!(status, 200, "{body}");
    body.as_i64().expect("application id")
}

async fn sell_page(app: &TestApp, session: &str) -> serde_json::Value {
    let (status, body) = json(app.call("merchants/sell_page", &[], Some(session)).await).await;
    assert_eq!(status, 200, "{body}");
    body
}

fn draft_value(page: &serde_json::Value, key: &str) -> String {
    page["application"]["draft"]["values"][key]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn status_of(page: &serde_json::Value) -> String {
    page["application"]["status"].as_str().unwrap_or_default().to_string()
}

/// A company application filled in completely, with its logo and licence,
/// and the shop name and credit code given.
async fn fill_company(app: &TestApp, session: &str, shop_name: &str, credit_code: &str, account: &str) {
    let logo = samples::picture(64, 64, ImageFormat::Png);
    let licence = samples::picture(120, 80, ImageFormat::Jpeg);
    let res = post_step(
        app,
        session,
        "shop",
        "next",
        &[
            ("shop_name", shop_name),
            ("shop_description", "Hand-picked oolong from the Wuyi hills."),
            ("main_category", "tea"),
        ],
        vec![("logo", "logo.png", logo)],
        false,
    )
    .await;
    assert_eq!(location(&res), "/sell?step=entity");
    let res = post_step(
        app,
        session,
        "entity",
        "next",
        &[
            ("entity_type", "company"),
            ("company_name", "Wuyi Hill Tea Co., Ltd."),
            ("credit_code", credit_code),
            ("legal_representative", "Lin Shan"),
        ],
        vec![("business_license", "licence.jpg", licence)],
        false,
    )
    .await;
    assert_eq!(location(&res), "/sell?step=contact");
    let res = post_step(
        app,
        session,
        "contact",
        "next",
        &[
            ("contact_name", "Lin Shan"),
            ("contact_phone", "138 0013 8000"),
            ("bank_account_name", "Wuyi Hill Tea Co., Ltd."),
            ("bank_account_number", account),
        ],
        vec![],
        false,
    )
    .await;
    assert_eq!(location(&res), "/sell?step=review");
}

async fn submit(app: &TestApp, session: &str) -> reqwest::Response {
    post_step(app, session, "review", "submit", &[("agreement", "1")], vec![], false).await
}

async fn events(app: &TestApp, application_id: i64) -> Vec<(String, String, Option<i64>, String)> {
    sqlx::query_as(
        "select action, actor_kind, actor_id, reason from audit_event
         where subject = 'application' and subject_id = $1 order by event_id",
    )
    .bind(application_id)
    .fetch_all(app.state.db.pool())
    .await
    .expect("events")
}

async fn decide(app: &TestApp, session: &str, id: i64, fields: &[(&str, &str)]) -> (u16, serde_json::Value) {
    let id = id.to_string();
    let mut form = vec![("application_id", id.as_str())];
    form.extend_from_slice(fields);
    json(app.call("merchants/decide_application", &form, Some(session)).await).await
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    app::accounts::service::user_id_by_email(&app.state.db, email)
        .await
        .expect("user")
        .expect("id")
}

db_test!(a_draft_keeps_what_was_typed_and_resumes_after_logging_in_again, |db| {
    let app = common::spawn_app(db).await;
    add_category(&app, "tea").await;
    let email = unique_email("applicant");
    let session = app.register(&email, GOOD_PASSWORD).await;
    start(&app, &session).await;
    let res = post_step(
        &app,
        &session,
        "shop",
        "save",
        &[("shop_name", "  Hill  Tea "), ("shop_description", "short")],
        vec![],
        false,
    )
    .await;
    assert_eq!(location(&res), "/sell?step=shop&saved=1");
    // Another device: a new log-in finds the draft as typed.
    let again = common::session_from(app.log_in(&email, GOOD_PASSWORD).await.headers()).expect("session");
    assert_ne!(again, session);
    let page = sell_page(&app, &again).await;
    assert_eq!(status_of(&page), "Draft");
    assert_eq!(draft_value(&page, "shop_name"), "  Hill  Tea ");
    assert_eq!(draft_value(&page, "shop_description"), "short");
    // Next with a short description stays on the step and says why.
    let res = post_step(
        &app,
        &again,
        "shop",
        "next",
        &[("shop_description", "short")],
        vec![],
        false,
    )
    .await;
    assert_eq!(location(&res), "/sell?step=shop&check=1");
    let (status, html) = common::page(&app, &again, "/sell?step=shop&check=1").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Write at least 10 characters."),
        "the message sits next to the field"
    );
    assert!(html.contains("Hill  Tea"), "what was typed is still there");
    app.stop().await;
});

db_test!(
    an_invalid_credit_code_comes_back_with_its_message_and_nothing_lost,
    |db| {
        let app = common::spawn_app(db).await;
        add_category(&app, "tea").await;
        let session = app.register(&unique_email("applicant"), GOOD_PASSWORD).await;
        start(&app, &session).await;
        let fields = [
            ("entity_type", "company"),
            ("company_name", "Wuyi Hill Tea Co., Ltd."),
            ("credit_code", "91350100m000100y44"),
            ("legal_representative", "Lin Shan"),
        ];
        let res = post_step(&app, &session, "entity", "next", &fields, vec![], false).await;
        assert_eq!(location(&res), "/sell?step=entity&check=1");
        let (_, html) = common::page(&app, &session, "/sell?step=entity&check=1").await;
        assert!(html.contains("check character does not match"), "{html}");
        assert!(html.contains("91350100m000100y44"), "the typed code is kept as typed");
        assert!(html.contains("Lin Shan"));
        // The script's post gets the same answer as JSON.
        let (status, body) = json(post_step(&app, &session, "entity", "next", &fields, vec![], true).await).await;
        assert_eq!(status, 200);
        assert_eq!(body["next"], "/sell?step=entity&check=1");
        app.stop().await;
    }
);

db_test!(
    an_application_is_submitted_changed_on_request_and_approved_with_every_step_recorded,
    |db| {
        let app = common::spawn_app(db).await;
        add_category(&app, "tea").await;
        let email = unique_email("applicant");
        let session = app.register(&email, GOOD_PASSWORD).await;
        let id = start(&app, &session).await;
        fill_company(
            &app,
            &session,
            "Wuyi Hill Tea",
            "91350100m000100y43",
            "6222 0212 3456 7890",
        )
        .await;
        // Without ticking the agreement, nothing is submitted.
        let res = post_step(&app, &session, "review", "submit", &[], vec![], false).await;
        assert_eq!(
            location(&res),
            "/sell?step=review&check=1&err=agreement%3AAgreementRequired"
        );
        assert_eq!(status_of(&sell_page(&app, &session).await), "Draft");
        assert_eq!(location(&submit(&app, &session).await), "/sell");
        let page = sell_page(&app, &session).await;
        assert_eq!(status_of(&page), "UnderReview");
        assert_eq!(
            draft_value(&page, "credit_code"),
            VALID_CREDIT_CODE,
            "normalized on submission"
        );
        assert_eq!(page["application"]["agreed_version"], "2026-11");
        assert_eq!(page["application"]["bank_account_saved"], "•••• •••• 7890");
        assert_eq!(
            draft_value(&page, "bank_account_number"),
            "",
            "the full number is not sent back"
        );
        // Submitted: the applicant can no longer change it.
        let res = post_step(&app, &session, "shop", "save", &[("shop_name", "Other")], vec![], false).await;
        assert!(location(&res).contains("ApplicationStateInvalid"));

        let op = common::operator_session(&app).await;
        let (status, queue) = json(app.call("merchants/application_queue", &[], Some(&op)).await).await;
        assert_eq!(status, 200);
        assert_eq!(queue["items"][0]["application_id"], id);
        // Request changes needs a reason and at least one field.
        let (status, body) = decide(&app, &op, id, &[("decision", "request_changes"), ("reason", "Blurred")]).await;
        assert_eq!((status, body["fields"][0]["field"].as_str()), (400, Some("fields")));
        let (status, _) = decide(
            &app,
            &op,
            id,
            &[
                ("decision", "request_changes"),
                ("reason", "The licence photo is blurred; the code must match it."),
                ("reopen[credit_code]", "1"),
            ],
        )
        .await;
        assert_eq!(status, 200);
        let page = sell_page(&app, &session).await;
        assert_eq!(status_of(&page), "ChangesRequested");
        assert_eq!(page["application"]["reopened"], serde_json::json!(["CreditCode"]));
        // Only the named field reopens: the shop name stays as submitted.
        let res = post_step(
            &app,
            &session,
            "entity",
            "save",
            &[
                ("credit_code", "91440300708461136T"),
                ("company_name", "Someone Else Ltd."),
            ],
            vec![],
            false,
        )
        .await;
        assert_eq!(location(&res), "/sell?step=entity&saved=1");
        let page = sell_page(&app, &session).await;
        assert_eq!(draft_value(&page, "credit_code"), "91440300708461136T");
        assert_eq!(draft_value(&page, "company_name"), "Wuyi Hill Tea Co., Ltd.");
        assert_eq!(location(&submit(&app, &session).await), "/sell");
        // A stranger cannot decide; the operator approves once.
        let (status, _) = decide(&app, &session, id, &[("decision", "approve")]).await;
        assert_eq!(status, 403);
        assert_eq!(decide(&app, &op, id, &[("decision", "approve")]).await.0, 200);
        assert_eq!(
            decide(&app, &op, id, &[("decision", "approve")]).await.0,
            409,
            "approved once"
        );
        assert_eq!(
            decide(&app, &op, id, &[("decision", "reject"), ("reason", "late")])
                .await
                .0,
            409
        );
        let page = sell_page(&app, &session).await;
        assert_eq!(status_of(&page), "Approved");
        let slug = page["application"]["shop_slug"].as_str().expect("shop").to_string();
        let (owner, logo): (i64, Option<String>) = sqlx::query_as(
            "select m.user_id, s.logo_key from shop s join shop_member m on m.shop_id = s.shop_id
         where s.slug = $1 and m.role = 'owner'",
        )
        .bind(&slug)
        .fetch_one(app.state.db.pool())
        .await
        .expect("shop");
        assert_eq!(owner, user_id(&app, &email).await);
        assert!(logo.is_some_and(|k| k.starts_with("logos/")));
        // The new owner reaches the seller portal at once.
        let (status, _) = common::page(&app, &session, "/seller").await;
        assert_eq!(status, 200);
        let op_id = sqlx::query_scalar::<_, i64>("select user_id from app_user where is_operator = 1")
            .fetch_one(app.state.db.pool())
            .await
            .expect("operator id");
        let applicant = user_id(&app, &email).await;
        let story = events(&app, id).await;
        let actions: Vec<(&str, &str, Option<i64>)> = story
            .iter()
            .map(|(a, k, who, _)| (a.as_str(), k.as_str(), *who))
            .collect();
        assert_eq!(
            actions,
            vec![
                ("submitted", "applicant", Some(applicant)),
                ("changes_requested", "operator", Some(op_id)),
                ("submitted", "applicant", Some(applicant)),
                ("approved", "operator", Some(op_id)),
            ]
        );
        assert_eq!(story[1].3, "The licence photo is blurred; the code must match it.");
        app.stop().await;
    }
);

db_test!(
    one_credit_code_id_number_or_bank_account_backs_one_live_application,
    |db| {
        let app = common::spawn_app(db).await;
        add_category(&app, "tea").await;
        let first = app.register(&unique_email("first"), GOOD_PASSWORD).await;
        start(&app, &first).await;
        fill_company(&app, &first, "First Tea", VALID_CREDIT_CODE, "6222021234567890").await;
        assert_eq!(location(&submit(&app, &first).await), "/sell");
        let second = app.register(&unique_email("second"), GOOD_PASSWORD).await;
        start(&app, &second).await;
        fill_company(
            &app,
            &second,
            "first tea",
            &VALID_CREDIT_CODE.to_lowercase(),
            "6222021234567890",
        )
        .await;
        let next = location(&submit(&app, &second).await);
        assert!(next.starts_with("/sell?step=shop&check=1&err="), "{next}");
        for problem in [
            "shop_name%3AShopNameTaken",
            "credit_code%3ACreditCodeTaken",
            "bank_account_number%3ABankAccountTaken",
        ] {
            assert!(next.contains(problem), "{next} names {problem}");
        }
        assert_eq!(status_of(&sell_page(&app, &second).await), "Draft");
        // With its own keys it goes through.
        post_step(
            &app,
            &second,
            "shop",
            "save",
            &[("shop_name", "Second Tea")],
            vec![],
            false,
        )
        .await;
        post_step(
            &app,
            &second,
            "entity",
            "save",
            &[("entity_type", "company"), ("credit_code", OTHER_CREDIT_CODE)],
            vec![],
            false,
        )
        .await;
        post_step(
            &app,
            &second,
            "contact",
            "save",
            &[("bank_account_number", "6222021234567891")],
            vec![],
            false,
        )
        .await;
        assert_eq!(location(&submit(&app, &second).await), "/sell");
        app.stop().await;
    }
);

db_test!(an_individual_proves_who_they_are_with_a_checked_id_number, |db| {
    let app = common::spawn_app(db).await;
    let session = app.register(&unique_email("person"), GOOD_PASSWORD).await;
    start(&app, &session).await;
    let image = samples::picture(80, 50, ImageFormat::Png);
    let res = post_step(
        &app,
        &session,
        "entity",
        "next",
        &[
            ("entity_type", "individual"),
            ("person_name", "Lin Shan"),
            ("id_number", "110105194912310021"),
        ],
        vec![("id_image", "id.png", image)],
        false,
    )
    .await;
    assert_eq!(location(&res), "/sell?step=entity&check=1");
    let res = post_step(
        &app,
        &session,
        "entity",
        "next",
        &[("id_number", &VALID_ID.to_lowercase())],
        vec![],
        false,
    )
    .await;
    assert_eq!(
        location(&res),
        "/sell?step=contact",
        "lower-case x accepted; the image was kept"
    );
    app.stop().await;
});

db_test!(documents_are_private_to_their_owner_and_operators, |db| {
    let app = common::spawn_app(db).await;
    let session = app.register(&unique_email("owner"), GOOD_PASSWORD).await;
    start(&app, &session).await;
    let res = post_step(
        &app,
        &session,
        "entity",
        "save",
        &[("entity_type", "company")],
        vec![("business_license", "licence.pdf", samples::pdf())],
        false,
    )
    .await;
    assert_eq!(location(&res), "/sell?step=entity&saved=1");
    let (document_id, key): (i64, String) = sqlx::query_as("select document_id, storage_key from merchant_document")
        .fetch_one(app.state.db.pool())
        .await
        .expect("document");
    let path = format!("/documents/{document_id}");
    let get = |session: Option<String>| {
        let mut req = app.client.get(app.url(&path));
        if let Some(s) = session {
            req = req.header("cookie", format!("jishi_session={s}"));
        }
        req.send()
    };
    let own = get(Some(session.clone())).await.expect("own");
    assert_eq!(own.status(), 200);
    assert_eq!(own.headers()["content-type"], "application/pdf");
    assert_eq!(own.headers()["content-disposition"], "attachment");
    assert_eq!(own.bytes().await.expect("bytes").to_vec(), samples::pdf());
    let stranger = app.register(&unique_email("stranger"), GOOD_PASSWORD).await;
    assert_eq!(get(Some(stranger)).await.expect("stranger").status(), 404);
    assert_eq!(get(None).await.expect("guest").status(), 303);
    assert_eq!(
        get(Some(common::operator_session(&app).await))
            .await
            .expect("operator")
            .status(),
        200
    );
    // Never through the public media route, however the key is written.
    for public in [format!("/media/{key}"), format!("/media/../documents/{key}")] {
        let res = app.client.get(app.url(&public)).send().await.expect("media");
        assert_eq!(res.status(), 404, "{public}");
    }
    // Another application's document id cannot be borrowed into a draft.
    let other = app.register(&unique_email("borrower"), GOOD_PASSWORD).await;
    start(&app, &other).await;
    let borrowed = document_id.to_string();
    post_step(
        &app,
        &other,
        "entity",
        "save",
        &[("business_license", &borrowed)],
        vec![],
        false,
    )
    .await;
    let page = sell_page(&app, &other).await;
    assert_eq!(page["application"]["documents"], serde_json::json!([]));
    app.stop().await;
});

db_test!(uploads_are_judged_by_their_content_bounded_and_reencoded, |db| {
    let app = common::spawn_app(db).await;
    let session = app.register(&unique_email("uploader"), GOOD_PASSWORD).await;
    start(&app, &session).await;
    let cases: Vec<(FilePart, &str)> = vec![
        (("logo", "logo.png", samples::pdf()), "logo%3AFileTypeUnsupported"),
        (
            ("logo", "photo.jpg", b"just some text, not a picture".to_vec()),
            "logo%3AFileTypeUnsupported",
        ),
        (("logo", "huge.png", samples::png_bomb(20_000)), "logo%3AImageTooLarge"),
        (
            ("logo", "big.jpg", vec![0xFF; 5 * 1024 * 1024 + 1]),
            "logo%3AFileTooLarge",
        ),
    ];
    for (file, expected) in cases {
        let res = post_step(&app, &session, "shop", "save", &[], vec![file], false).await;
        let next = location(&res);
        assert!(next.contains(expected), "{next} should name {expected}");
    }
    assert_eq!(
        sell_page(&app, &session).await["application"]["draft"]["values"]["logo"],
        serde_json::Value::Null,
        "nothing refused was kept"
    );
    // 50 MB is refused before it is read: a 413, or the connection closed
    // on the sender while it is still writing.
    let fifty = Form::new().part("logo", Part::bytes(vec![0; 50 * 1024 * 1024]).file_name("fifty.png"));
    let sent = app
        .client
        .post(app.url("/sell/step"))
        .header("origin", &app.base)
        .header("cookie", format!("jishi_session={session}"))
        .multipart(fifty)
        .send()
        .await;
    match sent {
        Ok(res) => assert_eq!(res.status(), 413),
        Err(e) => assert!(e.is_request(), "{e}"),
    }
    // A photo with its location in EXIF is stored without it.
    let photo = samples::with_exif(&samples::picture(120, 90, ImageFormat::Jpeg), 1);
    let res = post_step(
        &app,
        &session,
        "shop",
        "save",
        &[],
        vec![("logo", "me.jpg", photo)],
        false,
    )
    .await;
    assert_eq!(location(&res), "/sell?step=shop&saved=1");
    let page = sell_page(&app, &session).await;
    let key = draft_value(&page, "logo");
    let stored = app
        .client
        .get(app.url(&format!("/media/{key}")))
        .send()
        .await
        .expect("logo");
    assert_eq!(stored.status(), 200);
    let bytes = stored.bytes().await.expect("bytes");
    assert!(bytes.starts_with(&[0xFF, 0xD8]), "re-encoded as JPEG");
    assert!(!bytes.windows(6).any(|w| w == b"Exif\0\0"), "no EXIF left");
    assert!(!bytes.windows(3).any(|w| w == b"GPS"));
    app.stop().await;
});

db_test!(operator_decisions_are_refused_to_merchants_and_shoppers, |db| {
    let app = common::spawn_app(db).await;
    let shopper = app.register(&unique_email("shopper"), GOOD_PASSWORD).await;
    let calls: [(&str, Vec<(&str, &str)>); 5] = [
        ("merchants/application_queue", vec![]),
        ("merchants/application_review", vec![("application_id", "1")]),
        (
            "merchants/decide_application",
            vec![("application_id", "1"), ("decision", "approve")],
        ),
        (
            "merchants/moderate_shop",
            vec![("shop_id", "1"), ("action", "suspend"), ("reason", "x")],
        ),
        ("admin/audit_log", vec![]),
    ];
    for (endpoint, form) in &calls {
        let res = app.call(endpoint, form, Some(&shopper)).await;
        assert_eq!(res.status(), 403, "{endpoint}");
        let res = app.call(endpoint, form, None).await;
        assert_eq!(res.status(), 401, "{endpoint} for a guest");
    }
    // A draft is the applicant's own until submitted: operators see nothing.
    let id = start(&app, &shopper).await;
    let op = common::operator_session(&app).await;
    let res = app
        .call(
            "merchants/application_review",
            &[("application_id", &id.to_string())],
            Some(&op),
        )
        .await;
    assert_eq!(res.status(), 404);
    assert_eq!(decide(&app, &op, id, &[("decision", "approve")]).await.0, 409);
    app.stop().await;
});

db_test!(suspending_and_reinstating_a_shop_needs_a_reason_and_is_logged, |db| {
    let app = common::spawn_app(db).await;
    let (shop_id, _) = common::ShopBuilder::new().create(&app).await;
    let op = common::operator_session(&app).await;
    let shop = shop_id.to_string();
    let moderate = |action: &'static str, reason: &'static str| {
        let shop = shop.clone();
        let op = op.clone();
        let app = &app;
        async move {
            app.call(
                "merchants/moderate_shop",
                &[("shop_id", shop.as_str()), ("action", action), ("reason", reason)],
                Some(&op),
            )
            .await
            .status()
            .as_u16()
        }
    };
    assert_eq!(moderate("suspend", "  ").await, 400, "a reason is required");
    assert_eq!(moderate("suspend", "Counterfeit goods reported").await, 200);
    assert_eq!(moderate("suspend", "again").await, 409, "already suspended");
    assert_eq!(moderate("reinstate", "Appeal upheld").await, 200);
    let (status, log) = json(app.call("admin/audit_log", &[("kind", "shop")], Some(&op)).await).await;
    assert_eq!(status, 200);
    let lines = log["lines"].as_array().expect("lines");
    let seen: Vec<(&str, &str)> = lines
        .iter()
        .map(|l| (l["action"].as_str().unwrap_or(""), l["reason"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(
        seen,
        vec![
            ("reinstated", "Appeal upheld"),
            ("suspended", "Counterfeit goods reported")
        ]
    );
    // Narrowed to another operator, or to a day without events: nothing.
    let (_, log) = json(
        app.call("admin/audit_log", &[("operator", "nobody@example.com")], Some(&op))
            .await,
    )
    .await;
    assert_eq!(log["unknown_operator"], true);
    let (_, log) = json(app.call("admin/audit_log", &[("until", "2020-01-01")], Some(&op)).await).await;
    assert_eq!(log["lines"], serde_json::json!([]));
    // The console finds shops by name or address, literally.
    let (_, found) = json(app.call("admin/shops", &[("q", "test shop")], Some(&op)).await).await;
    assert_eq!(found.as_array().map(Vec::len), Some(1));
    let (_, none) = json(app.call("admin/shops", &[("q", "%")], Some(&op)).await).await;
    assert_eq!(none, serde_json::json!([]), "a % is a character, not a wildcard");
    app.stop().await;
});

db_test!(
    an_owner_adds_and_removes_staff_who_then_act_for_the_shop_only_meanwhile,
    |db| {
        let app = common::spawn_app(db).await;
        let (shop_id, _) = common::ShopBuilder::new().create(&app).await;
        let (owner, _) = common::member_of(&app, shop_id).await;
        let staff_email = unique_email("staff");
        let staff = app.register(&staff_email, GOOD_PASSWORD).await;
        let shop = shop_id.to_string();
        let invite = |session: String, email: String| {
            let shop = shop.clone();
            let app = &app;
            async move {
                json(
                    app.call(
                        "merchants/invite_staff",
                        &[("shop_id", shop.as_str()), ("email", email.as_str())],
                        Some(&session),
                    )
                    .await,
                )
                .await
            }
        };
        let (status, body) = invite(owner.clone(), "nobody-here@example.com".into()).await;
        assert_eq!(
            (status, body["fields"][0]["code"].as_str()),
            (400, Some("NoSuchAccount"))
        );
        assert_eq!(
            invite(staff.clone(), staff_email.clone()).await.0,
            403,
            "not a member yet"
        );
        assert_eq!(invite(owner.clone(), staff_email.to_uppercase()).await.0, 200);
        assert_eq!(
            invite(owner.clone(), staff_email.clone()).await.1["fields"][0]["code"],
            "AlreadyMember"
        );
        let mail: i64 = sqlx::query_scalar("select count(*) from outbox_email where to_address = $1")
            .bind(&staff_email)
            .fetch_one(app.state.db.pool())
            .await
            .expect("mail");
        assert_eq!(mail, 1, "told by mail");
        // Staff act for the shop, but do not manage its members.
        let products = app
            .call("merchants/seller_products", &[("shop_id", shop.as_str())], Some(&staff))
            .await;
        assert_eq!(products.status(), 200);
        let other = app.register(&unique_email("other"), GOOD_PASSWORD).await;
        let other_email = unique_email("third");
        app.register(&other_email, GOOD_PASSWORD).await;
        assert_eq!(
            invite(staff.clone(), other_email).await.0,
            403,
            "staff cannot add members"
        );
        assert_eq!(
            app.call("merchants/members", &[("shop_id", shop.as_str())], Some(&other))
                .await
                .status(),
            403,
            "a stranger sees nobody"
        );
        let (_, members) = json(
            app.call("merchants/members", &[("shop_id", shop.as_str())], Some(&owner))
                .await,
        )
        .await;
        let staff_id = members["members"][1]["user_id"].as_i64().expect("staff");
        assert_eq!(members["members"][1]["role"], "Staff");
        let res = app
            .call(
                "merchants/remove_staff",
                &[("shop_id", shop.as_str()), ("user_id", &staff_id.to_string())],
                Some(&owner),
            )
            .await;
        assert_eq!(res.status(), 200);
        let products = app
            .call("merchants/seller_products", &[("shop_id", shop.as_str())], Some(&staff))
            .await;
        assert_eq!(products.status(), 403, "removed: no longer acts for the shop");
        app.stop().await;
    }
);

async fn post_profile(app: &TestApp, session: &str, shop_id: i64, name: &str, description: &str) -> reqwest::Response {
    let form = Form::new()
        .text("shop_id", shop_id.to_string())
        .text("shop_name", name.to_string())
        .text("shop_description", description.to_string())
        .part(
            "logo",
            Part::bytes(samples::picture(64, 64, ImageFormat::Png)).file_name("logo.png"),
        );
    app.client
        .post(app.url("/seller/profile/save"))
        .header("origin", &app.base)
        .header("cookie", format!("jishi_session={session}"))
        .header("accept", "text/html")
        .multipart(form)
        .send()
        .await
        .expect("profile")
}

db_test!(
    a_new_shop_name_or_logo_waits_for_an_operator_while_the_description_changes_at_once,
    |db| {
        let app = common::spawn_app(db).await;
        let (shop_id, _) = common::ShopBuilder::new().name("Old Name Tea").create(&app).await;
        let (owner, _) = common::member_of(&app, shop_id).await;
        let (other_shop, _) = common::ShopBuilder::new().name("Taken Name").create(&app).await;
        let (stranger, _) = common::member_of(&app, other_shop).await;
        let res = post_profile(&app, &stranger, shop_id, "Mine", "Stolen shop description").await;
        assert_eq!(res.status(), 303);
        assert_eq!(
            res.headers()["location"],
            "/seller",
            "another shop's member is sent away"
        );
        let files = app.media_files();
        let res = post_profile(&app, &owner, shop_id, "taken name", "Tea from the Wuyi hills.").await;
        assert!(
            location(&res).contains("shop_name%3AShopNameTaken"),
            "{}",
            location(&res)
        );
        assert!(
            location(&res).contains("shop_description=Tea"),
            "what was typed comes back"
        );
        assert_eq!(app.media_files(), files, "the refused post's logo was removed");
        let res = post_profile(&app, &owner, shop_id, "New Name Tea", "Tea from the Wuyi hills.").await;
        assert_eq!(location(&res), format!("/seller/profile?shop={shop_id}&saved=review"));
        let (name, description): (String, String) =
            sqlx::query_as("select name, description from shop where shop_id = $1")
                .bind(shop_id)
                .fetch_one(app.state.db.pool())
                .await
                .expect("shop");
        assert_eq!(
            (name.as_str(), description.as_str()),
            ("Old Name Tea", "Tea from the Wuyi hills.")
        );
        let op = common::operator_session(&app).await;
        let (_, changes) = json(app.call("merchants/profile_changes", &[], Some(&op)).await).await;
        let change = &changes[0]["change"];
        assert_eq!(change["name"], "New Name Tea");
        assert_eq!(changes[0]["current_name"], "Old Name Tea");
        let (id, seen) = (change["change_id"].to_string(), change["since_ms"].to_string());
        let decide = |session: &str, decision: &str| {
            let form = [
                ("change_id", id.clone()),
                ("seen", seen.clone()),
                ("decision", decision.to_string()),
            ];
            let session = session.to_string();
            let app = &app;
            async move {
                let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.call("merchants/decide_profile_change", &form, Some(&session))
                    .await
                    .status()
                    .as_u16()
            }
        };
        assert_eq!(
            decide(&owner, "approve").await,
            403,
            "merchants do not approve their own"
        );
        assert_eq!(decide(&op, "reject").await, 400, "a refusal needs a reason");
        assert_eq!(decide(&op, "approve").await, 200);
        assert_eq!(decide(&op, "approve").await, 409, "decided once");
        let name: String = sqlx::query_scalar("select name from shop where shop_id = $1")
            .bind(shop_id)
            .fetch_one(app.state.db.pool())
            .await
            .expect("name");
        assert_eq!(name, "New Name Tea");
        let (_, notes) = json(
            app.call(
                "merchants/notifications",
                &[("shop_id", &shop_id.to_string())],
                Some(&owner),
            )
            .await,
        )
        .await;
        assert_eq!(notes["items"][0]["kind"], "ProfileApproved");
        app.stop().await;
    }
);
