//! The demo shops, opened through the merchants' services.

use app::merchants::model::MemberRole;
use app::merchants::service as merchants;
use app::server::AppState;

/// Each demo shop's shipping: (flat fee, free from) in fen, in SHOPS order.
const SHIPPING: &[(i64, Option<i64>)] = &[
    (1_000, Some(9_900)),
    (800, Some(6_800)),
    (1_200, Some(19_900)),
    (1_500, Some(29_900)),
    (1_000, Some(12_900)),
    (600, Some(5_900)),
    (0, None),
    (2_000, Some(49_900)),
];

const SHOPS: &[(&str, &str, &str)] = &[
    (
        "harbor-digital",
        "港湾数码 Harbor Digital",
        "Phones, audio and accessories, shipped from Shenzhen within 24 hours.",
    ),
    (
        "jade-tea-house",
        "玉露茶庄 Jade Tea House",
        "Tea from our own gardens in Hangzhou and Wuyishan since 1998.",
    ),
    (
        "northwind-outfitters",
        "北风户外 Northwind Outfitters",
        "Gear for running, camping and the mountains.",
    ),
    (
        "lotus-home",
        "莲花家居 Lotus Home",
        "Kitchen and bedding essentials for a calm home.",
    ),
    (
        "silk-road-fashion",
        "丝路服饰 Silk Road Fashion",
        "Everyday clothing and shoes in honest fabrics.",
    ),
    (
        "panda-kids",
        "熊猫童趣 Panda Kids",
        "Toys, books and baby care that parents trust.",
    ),
    (
        "bright-beauty",
        "明眸美妆 Bright Beauty",
        "Authentic skincare and makeup from the brands themselves.",
    ),
    (
        "pixel-office",
        "像素办公 Pixel Office",
        "Laptops, keyboards and monitors for work and play.",
    ),
];

/// Which shop sells which top category (by index into SHOPS).
pub fn shop_for_top(top: usize) -> usize {
    [0, 7, 3, 4, 4, 4, 6, 1, 3, 2, 5, 5][top % 12]
}

/// Opens the demo shops; returns their ids in `SHOPS` order.
pub async fn seed_shops(state: &AppState) -> anyhow::Result<Vec<i64>> {
    let mut tx = state.db.begin_write().await?;
    let mut ids = Vec::new();
    for ((slug, name, description), (fee_minor, free_over_minor)) in SHOPS.iter().zip(SHIPPING) {
        let id = merchants::create_shop(&mut tx, slug, name, description).await?;
        let rule = app::merchants::model::ShippingRule {
            fee_minor: *fee_minor,
            free_over_minor: *free_over_minor,
        };
        merchants::set_shipping_rule(&mut tx, id, rule).await?;
        ids.push(id);
    }
    tx.commit().await?;
    Ok(ids)
}

/// Makes `user_id` the owner of `shop_id`.
pub async fn seed_owner(state: &AppState, shop_id: i64, user_id: i64) -> anyhow::Result<()> {
    let mut tx = state.db.begin_write().await?;
    merchants::add_member(&mut tx, shop_id, user_id, MemberRole::Owner).await?;
    tx.commit().await?;
    Ok(())
}

/// The first shop `user_id` acts for.
pub async fn first_shop_of(state: &AppState, user_id: i64) -> anyhow::Result<i64> {
    let mut conn = state.db.read().await?;
    merchants::shop_ids_of_member(&mut conn, user_id)
        .await?
        .first()
        .copied()
        .ok_or_else(|| anyhow::anyhow!("the demo merchant has no shop"))
}

/// The demo applicant: an application under review in the operator's
/// queue, with its logo and licence, filled in through the onboarding
/// services as a person would.
pub const APPLICANT: (&str, &str) = ("applicant@example.com", "applicant-demo-1");

pub async fn seed_application(state: &AppState, main_category: &str) -> anyhow::Result<()> {
    use app::media::samples;
    use app::merchants::model::{AppField, Step};
    use app::merchants::service::{self as onboarding, StepForm, StoredFile};
    let user_id = app::accounts::service::create_user(&state.db, &state.hashing, APPLICANT.0, "Lin Shan", APPLICANT.1)
        .await
        .map_err(|e| anyhow::anyhow!("demo applicant: {e:?}"))?;
    let logo_key = "logos/demo-applicant.jpg";
    let logo = app::media::upload::process(
        app::media::upload::UploadKind::Image,
        &samples::picture(256, 256, image::ImageFormat::Png),
    )
    .map_err(|e| anyhow::anyhow!("demo logo: {e}"))?;
    state.media.put(logo_key, logo.bytes).await?;
    let licence = samples::picture(900, 600, image::ImageFormat::Jpeg);
    let licence_key = "applications/demo-licence.jpg";
    let licence_size = licence.len() as i64;
    state.documents.put(licence_key, licence).await?;
    /// A step's typed fields and its stored files.
    type StepInput<'a> = (Step, Vec<(AppField, &'a str)>, Vec<(AppField, StoredFile)>);
    let steps: [StepInput; 3] = [
        (
            Step::Shop,
            vec![
                (AppField::ShopName, "Wuyi Hill Tea"),
                (
                    AppField::ShopDescription,
                    "Rock oolong from our family's gardens in the Wuyi hills, roasted by hand.",
                ),
                (AppField::MainCategory, main_category),
            ],
            vec![(AppField::Logo, StoredFile::Image { key: logo_key.into() })],
        ),
        (
            Step::Entity,
            vec![
                (AppField::EntityType, "company"),
                (AppField::CompanyName, "Wuyi Hill Tea Co., Ltd."),
                (AppField::CreditCode, "91350100M000100Y43"),
                (AppField::LegalRepresentative, "Lin Shan"),
            ],
            vec![(
                AppField::BusinessLicense,
                StoredFile::Document {
                    storage_key: licence_key.into(),
                    file_name: "business-licence.jpg".into(),
                    content_type: "image/jpeg".into(),
                    byte_size: licence_size,
                },
            )],
        ),
        (
            Step::Contact,
            vec![
                (AppField::ContactName, "Lin Shan"),
                (AppField::ContactPhone, "13800138000"),
                (AppField::BankAccountName, "Wuyi Hill Tea Co., Ltd."),
                (AppField::BankAccountNumber, "6222021234567890"),
            ],
            vec![],
        ),
    ];
    let mut tx = state.db.begin_write().await?;
    onboarding::start_application(&mut tx, user_id).await?;
    for (step, fields, files) in steps {
        let form = StepForm {
            step: Some(step),
            fields: fields
                .into_iter()
                .map(|(f, v)| (f.key().to_string(), v.to_string()))
                .collect(),
            files,
        };
        onboarding::save_form(&mut tx, user_id, &form).await?;
    }
    onboarding::submit_application(&mut tx, user_id, true).await?;
    tx.commit().await?;
    Ok(())
}
