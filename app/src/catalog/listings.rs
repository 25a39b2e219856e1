//! The merchant's listing editor and the operator's listing audit: use cases
//! over the caller's transaction (the storefront's reads live in
//! `service.rs`). Every status change goes through the listing state
//! machine (`domain::next_listing_status`) and is recorded in the audit log
//! with who and why; a change to what a live listing says waits as a
//! revision while the live version stays on sale.

use super::db;
use super::domain::{edits_in_place, next_listing_status, ListingAction, ListingActor};
use super::model::{
    CategoryPick, EditorImage, EditorPage, EditorProduct, EditorSku, ListingContent, ListingQueue, ListingReview,
    ListingStatus, QueuedListing, MAX_OPTIONS,
};
use super::service::{MAX_PRICE_MINOR, MAX_TITLE_CHARS};
use crate::error::{AppError, ErrorCode, FieldErrors};
use crate::i18n::Localized;
use crate::merchants::model::NotificationKind;
use crate::merchants::service::notify;
use crate::server::audit::{self, AuditEntry};
use crate::server::{now_ms, Conn, Tx};
use crate::storefront::model::Change;
use crate::storefront::service::record;

/// The audit log's name for listings.
pub const PRODUCT_SUBJECT: &str = "product";
/// Listings per page of the operator's queue and the seller's list.
pub const PAGE: i64 = 50;
/// Values per option, and SKUs per product.
pub const MAX_VALUES: usize = 20;
pub const MAX_SKUS: usize = 200;
/// Pictures per product.
pub const MAX_IMAGES: usize = 12;
const MAX_DESCRIPTION: usize = 5_000;
const MAX_STOCK: i64 = 1_000_000;

/// Title, description and category as a merchant typed them.
#[derive(Clone, Debug, Default)]
pub struct DetailsInput {
    pub title: String,
    pub description: String,
    pub category_id: Option<i64>,
}

/// Checked details.
#[derive(Clone, Debug)]
pub struct Details {
    pub title: String,
    pub description: String,
    pub category_id: i64,
}

/// Checks details against the categories a product may be listed in.
pub fn parse_details(input: &DetailsInput, leaves: &[CategoryPick]) -> Result<Details, AppError> {
    let mut errors = FieldErrors::default();
    let title = input.title.trim().to_string();
    let length = title.chars().count();
    if title.is_empty() {
        errors.push("title", ErrorCode::Required);
    } else if !(2..=MAX_TITLE_CHARS).contains(&length) || title.chars().any(char::is_control) {
        errors.push("title", ErrorCode::TextTooLong);
    }
    let description = input.description.trim().replace("\r\n", "\n");
    let stray = description.chars().any(|c| c.is_control() && c != '\n' && c != '\t');
    if description.chars().count() > MAX_DESCRIPTION || stray {
        errors.push("description", ErrorCode::TextTooLong);
    }
    let category_id = input
        .category_id
        .filter(|id| leaves.iter().any(|c| c.category_id == *id));
    if category_id.is_none() {
        errors.push("category", ErrorCode::Required);
    }
    match (errors.into_error(), category_id) {
        (None, Some(category_id)) => Ok(Details {
            title,
            description,
            category_id,
        }),
        (Some(e), _) => Err(e),
        (None, None) => Err(AppError::field("category", ErrorCode::Required)),
    }
}

/// Up to three variant dimensions from (name, comma-separated values)
/// pairs; blank pairs are skipped. Errors name `option{n}`.
pub fn parse_options(raw: &[(String, String)]) -> Result<Vec<(String, Vec<String>)>, AppError> {
    let mut errors = FieldErrors::default();
    let mut options = Vec::new();
    for (i, (name, values)) in raw.iter().enumerate().take(MAX_OPTIONS) {
        let name = name.trim();
        let values: Vec<String> = values
            .split([',', '，', '、'])
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .collect();
        if name.is_empty() && values.is_empty() {
            continue;
        }
        let field = format!("option{}", i + 1);
        let mut unique = values.clone();
        unique.sort();
        unique.dedup();
        if name.is_empty() || values.is_empty() {
            errors.push(&field, ErrorCode::Required);
        } else if name.chars().count() > 20
            || name
                .chars()
                .chain(values.iter().flat_map(|v| v.chars()))
                .any(char::is_control)
            || values.len() > MAX_VALUES
            || values.iter().any(|v| v.chars().count() > 30)
            || unique.len() != values.len()
        {
            errors.push(&field, ErrorCode::TextTooLong);
        } else {
            options.push((name.to_string(), values));
        }
    }
    if let Some(e) = errors.into_error() {
        return Err(e);
    }
    let combinations: usize = options.iter().map(|(_, v)| v.len()).product();
    if combinations > MAX_SKUS {
        return Err(AppError::field("option1", ErrorCode::TextTooLong));
    }
    Ok(options)
}

/// A price in yuan as typed ("199", "19.90") to fen, within range.
pub fn parse_price(raw: &str) -> Result<i64, ErrorCode> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(ErrorCode::Required);
    }
    super::domain::parse_yuan(raw)
        .filter(|fen| (1..=MAX_PRICE_MINOR).contains(fen))
        .ok_or(ErrorCode::BadRequest)
}

pub fn parse_stock(raw: &str) -> Result<i64, ErrorCode> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(ErrorCode::Required);
    }
    raw.parse::<i64>()
        .ok()
        .filter(|n| (0..=MAX_STOCK).contains(n))
        .ok_or(ErrorCode::BadRequest)
}

/// A SKU code: 1 to 40 letters, digits, `-` and `_`.
pub fn parse_code(raw: &str) -> Result<String, ErrorCode> {
    let code = raw.trim();
    if code.is_empty() {
        return Err(ErrorCode::Required);
    }
    if code.len() <= 40 && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        Ok(code.to_string())
    } else {
        Err(ErrorCode::BadRequest)
    }
}

/// Every combination of option values, as value indexes, in order.
fn combinations(options: &[(String, Vec<String>)]) -> Vec<Vec<usize>> {
    let mut all = vec![Vec::new()];
    for (_, values) in options {
        all = all
            .into_iter()
            .flat_map(|prefix| {
                (0..values.len()).map(move |i| {
                    let mut next = prefix.clone();
                    next.push(i);
                    next
                })
            })
            .collect();
    }
    all
}

/// The categories a product may be listed in: the leaves of the tree.
pub async fn category_picks(conn: &mut Conn) -> Result<Vec<CategoryPick>, AppError> {
    let tree = super::service::category_tree_of(conn).await?;
    let mut picks = Vec::new();
    for top in tree {
        if top.children.is_empty() {
            picks.push(CategoryPick {
                category_id: top.category_id,
                name: top.name.clone(),
                parent: None,
            });
        }
        for child in top.children {
            picks.push(CategoryPick {
                category_id: child.category_id,
                name: child.name,
                parent: Some(top.name.clone()),
            });
        }
    }
    Ok(picks)
}

fn localized(text: &str) -> Localized {
    Localized::new(text, text)
}

/// Creates a draft listing in `shop_id` with a SKU for every combination
/// of its options, each at `price_minor` with `stock`.
#[tracing::instrument(skip(tx, details, options))]
pub async fn create_listing(
    tx: &mut Tx,
    shop_id: i64,
    details: &Details,
    options: &[(String, Vec<String>)],
    price_minor: i64,
    stock: i64,
) -> Result<i64, AppError> {
    let listing = super::service::NewListing {
        shop_id,
        category_id: details.category_id,
        brand_id: None,
        title: details.title.clone(),
        description: details.description.clone(),
        status: ListingStatus::Draft,
        options: options
            .iter()
            .map(|(name, values)| super::service::NewOption {
                name: localized(name),
                values: values.iter().map(|v| localized(v)).collect(),
            })
            .collect(),
        skus: combinations(options)
            .into_iter()
            .enumerate()
            .map(|(i, values)| super::service::NewSku {
                // Unique until the merchant names it: shop, time, index.
                code: format!("S{shop_id}-{}-{}", now_ms(), i + 1),
                values,
                price_minor,
                stock,
            })
            .collect(),
        images: Vec::new(),
        sales_count: 0,
        rating_count: 0,
        rating_sum: 0,
        created_at: now_ms(),
    };
    super::service::create_product(tx, &listing).await
}

/// The product's status, if it belongs to `shop_id` (else not found: a
/// merchant learns nothing of other shops' products).
async fn own_status(tx: &mut Conn, shop_id: i64, product_id: i64) -> Result<ListingStatus, AppError> {
    match db::product_shop_status(&mut *tx, product_id).await? {
        Some((shop, status)) if shop == shop_id => Ok(ListingStatus::from_db(&status).unwrap_or(ListingStatus::Draft)),
        _ => Err(AppError::new(ErrorCode::NotFound)),
    }
}

/// What the product would say: for a live one its pending change if any,
/// else what it says now.
async fn current_content(
    conn: &mut Conn,
    status: ListingStatus,
    product_id: i64,
) -> Result<(String, String, i64, Vec<(String, i64, i64)>), AppError> {
    let pending = if status == ListingStatus::Live {
        db::pending_revision(&mut *conn, product_id).await?
    } else {
        None
    };
    if let Some(r) = pending {
        let images: Vec<(String, i64, i64)> = serde_json::from_str(&r.images).unwrap_or_default();
        return Ok((r.title, r.description, r.category_id, images));
    }
    let row = db::product_by_id(&mut *conn, product_id)
        .await?
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    let images = db::product_images(&mut *conn, product_id)
        .await?
        .into_iter()
        .map(|i| (i.media_key, i.width, i.height))
        .collect();
    Ok((row.title, row.description, row.category_id, images))
}

/// How an edit landed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditOutcome {
    /// Changed in place (shoppers could not see the listing).
    Saved,
    /// A live listing: the change waits for review; the live version stays.
    SentForReview,
}

async fn propose(
    tx: &mut Tx,
    product_id: i64,
    title: &str,
    description: &str,
    category_id: i64,
    images: &[(String, i64, i64)],
) -> Result<EditOutcome, AppError> {
    let json = serde_json::to_string(images).map_err(crate::server::db::internal)?;
    db::upsert_revision(tx, product_id, title, description, category_id, &json, now_ms()).await?;
    Ok(EditOutcome::SentForReview)
}

/// Changes a listing's title, description and category.
#[tracing::instrument(skip(tx, details))]
pub async fn update_details(
    tx: &mut Tx,
    shop_id: i64,
    product_id: i64,
    details: &Details,
) -> Result<EditOutcome, AppError> {
    let status = own_status(tx, shop_id, product_id).await?;
    if status == ListingStatus::Live {
        let (_, _, _, images) = current_content(tx, status, product_id).await?;
        return propose(
            tx,
            product_id,
            &details.title,
            &details.description,
            details.category_id,
            &images,
        )
        .await;
    }
    if !edits_in_place(status) {
        return Err(AppError::new(ErrorCode::ListingStateInvalid));
    }
    let changed = db::set_product_details(
        &mut **tx,
        product_id,
        status.as_db(),
        &details.title,
        &details.description,
        details.category_id,
        now_ms(),
    )
    .await?;
    if changed == 0 {
        return Err(AppError::new(ErrorCode::ListingStateInvalid));
    }
    Ok(EditOutcome::Saved)
}

/// Whether a listing's variants may still be redefined: only while it has
/// never been on sale (its SKUs may be in carts and orders from then on).
/// A draft never was; a rejected one only if no event took it to or from
/// live; a delisted one always was.
async fn variants_open(conn: &mut Conn, status: ListingStatus, product_id: i64) -> Result<bool, AppError> {
    let live = Some(ListingStatus::Live.as_db());
    Ok(match status {
        ListingStatus::Draft => true,
        ListingStatus::Rejected => !audit::history(&mut *conn, PRODUCT_SUBJECT, product_id)
            .await?
            .iter()
            .any(|e| e.to_status.as_deref() == live || e.from_status.as_deref() == live),
        _ => false,
    })
}

/// Redefines a listing's variants (only before it was ever on sale): every
/// combination gets a SKU at `price_minor` with `stock`.
#[tracing::instrument(skip(tx, options))]
pub async fn replace_variants(
    tx: &mut Tx,
    shop_id: i64,
    product_id: i64,
    options: &[(String, Vec<String>)],
    price_minor: i64,
    stock: i64,
) -> Result<(), AppError> {
    let status = own_status(tx, shop_id, product_id).await?;
    if !variants_open(tx, status, product_id).await? {
        return Err(AppError::new(ErrorCode::ListingStateInvalid));
    }
    db::delete_variants(tx, product_id).await?;
    let now = now_ms();
    let mut value_ids: Vec<Vec<i64>> = Vec::new();
    let mut option_ids = Vec::new();
    for (position, (name, values)) in options.iter().enumerate() {
        let option_id = db::insert_option(&mut **tx, product_id, position as i64, name, name, now).await?;
        let mut ids = Vec::new();
        for (vpos, value) in values.iter().enumerate() {
            ids.push(db::insert_option_value(&mut **tx, option_id, vpos as i64, value, value, now).await?);
        }
        option_ids.push(option_id);
        value_ids.push(ids);
    }
    for (i, combo) in combinations(options).into_iter().enumerate() {
        let code = format!("S{shop_id}-{now}-{}", i + 1);
        let sku_id = db::insert_sku(&mut **tx, product_id, &code, price_minor, stock, now).await?;
        for (option, value) in combo.iter().enumerate() {
            db::link_sku_value(&mut **tx, sku_id, option_ids[option], value_ids[option][*value], now).await?;
        }
    }
    db::refresh_price_range(&mut **tx, product_id, now).await?;
    Ok(())
}

/// One row of the SKU table as posted.
#[derive(Clone, Debug)]
pub struct SkuEdit {
    pub sku_id: i64,
    pub price_minor: i64,
    pub stock: i64,
    pub code: String,
}

/// Sets prices, stock and codes of a listing's SKUs. On a live listing
/// they take effect at once (no review).
#[tracing::instrument(skip(tx, rows))]
pub async fn update_skus(tx: &mut Tx, shop_id: i64, product_id: i64, rows: &[SkuEdit]) -> Result<(), AppError> {
    own_status(tx, shop_id, product_id).await?;
    let own: Vec<i64> = db::editor_skus(&mut **tx, product_id)
        .await?
        .into_iter()
        .map(|s| s.sku_id)
        .collect();
    let now = now_ms();
    for row in rows {
        if !own.contains(&row.sku_id) {
            return Err(AppError::new(ErrorCode::NotFound));
        }
        super::service::set_sku_price(tx, row.sku_id, row.price_minor).await?;
        super::service::set_stock(tx, row.sku_id, row.stock).await?;
        match db::set_sku_code(&mut **tx, product_id, row.sku_id, &row.code, now).await {
            Err(e) if crate::server::db::is_unique_violation(&e) => {
                return Err(AppError::field(
                    &format!("code-{}", row.sku_id),
                    ErrorCode::SkuCodeTaken,
                ))
            }
            other => {
                other?;
            }
        }
    }
    Ok(())
}

/// Whether `shop_id` may add a picture to the listing now (asked before an
/// upload is decoded and stored): its own, editable or live, with room.
pub async fn check_room_for_image(conn: &mut Conn, shop_id: i64, product_id: i64) -> Result<(), AppError> {
    let status = own_status(conn, shop_id, product_id).await?;
    if status != ListingStatus::Live && !edits_in_place(status) {
        return Err(AppError::new(ErrorCode::ListingStateInvalid));
    }
    let (_, _, _, images) = current_content(conn, status, product_id).await?;
    if images.len() >= MAX_IMAGES {
        return Err(AppError::field("images", ErrorCode::TooManyImages));
    }
    Ok(())
}

/// Adds a stored picture to a listing (to its pending change when live).
#[tracing::instrument(skip(tx))]
pub async fn add_image(
    tx: &mut Tx,
    shop_id: i64,
    product_id: i64,
    media_key: &str,
    width: i64,
    height: i64,
) -> Result<EditOutcome, AppError> {
    let status = own_status(tx, shop_id, product_id).await?;
    let (title, description, category_id, mut images) = current_content(tx, status, product_id).await?;
    if images.len() >= MAX_IMAGES {
        return Err(AppError::field("images", ErrorCode::TooManyImages));
    }
    if status == ListingStatus::Live {
        images.push((media_key.to_string(), width, height));
        return propose(tx, product_id, &title, &description, category_id, &images).await;
    }
    if !edits_in_place(status) {
        return Err(AppError::new(ErrorCode::ListingStateInvalid));
    }
    let position = db::next_image_position(&mut **tx, product_id).await?;
    let row = db::NewImageRow {
        product_id,
        position,
        media_key,
        width,
        height,
        alt: &title,
        option_value_id: None,
    };
    db::insert_image(&mut **tx, &row, now_ms()).await?;
    Ok(EditOutcome::Saved)
}

/// Removes a picture (from the pending change when live: by its key).
#[tracing::instrument(skip(tx))]
pub async fn remove_image(
    tx: &mut Tx,
    shop_id: i64,
    product_id: i64,
    media_key: &str,
) -> Result<EditOutcome, AppError> {
    let status = own_status(tx, shop_id, product_id).await?;
    let (title, description, category_id, mut images) = current_content(tx, status, product_id).await?;
    let before = images.len();
    images.retain(|(key, _, _)| key != media_key);
    if images.len() == before {
        return Err(AppError::new(ErrorCode::NotFound));
    }
    if status == ListingStatus::Live {
        return propose(tx, product_id, &title, &description, category_id, &images).await;
    }
    if !edits_in_place(status) {
        return Err(AppError::new(ErrorCode::ListingStateInvalid));
    }
    for image in db::product_images(&mut **tx, product_id).await? {
        if image.media_key == media_key {
            db::delete_image(&mut **tx, product_id, image.image_id).await?;
        }
    }
    Ok(EditOutcome::Saved)
}

/// Who acts, for the audit log.
#[derive(Clone, Copy, Debug)]
pub struct ListingActorId {
    pub actor: ListingActor,
    pub user_id: i64,
}

/// The one way a listing changes status: the state machine decides, a
/// guarded update writes, the audit log records who and why. Submitting
/// asks that the listing be complete (a picture, prices above zero).
#[tracing::instrument(skip(tx))]
pub async fn transition(
    tx: &mut Tx,
    who: ListingActorId,
    shop_id: Option<i64>,
    product_id: i64,
    action: ListingAction,
    reason: &str,
) -> Result<ListingStatus, AppError> {
    let (owner, status) = db::product_shop_status(&mut **tx, product_id)
        .await?
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    if shop_id.is_some_and(|s| s != owner) {
        return Err(AppError::new(ErrorCode::NotFound));
    }
    let from = ListingStatus::from_db(&status).unwrap_or(ListingStatus::Draft);
    let to = next_listing_status(from, action, who.actor)?;
    if action == ListingAction::Submit {
        if db::product_images(&mut **tx, product_id).await?.is_empty() {
            return Err(AppError::field("images", ErrorCode::Required));
        }
        if db::editor_skus(&mut **tx, product_id)
            .await?
            .iter()
            .any(|s| s.price_minor <= 0)
        {
            return Err(AppError::field("price", ErrorCode::Required));
        }
    }
    let now = now_ms();
    if db::set_product_status(&mut **tx, product_id, from.as_db(), to.as_db(), now).await? == 0 {
        return Err(AppError::new(ErrorCode::ListingStateInvalid));
    }
    // Shoppers see a listing go live or leave at once.
    if from == ListingStatus::Live || to == ListingStatus::Live {
        record(tx, Change::Product(product_id)).await?;
    }
    // Off sale, a pending change has no live version left to replace.
    if from == ListingStatus::Live && to != ListingStatus::Live {
        db::drop_pending_revision(&mut **tx, product_id, now).await?;
    }
    let kind = match who.actor {
        ListingActor::Merchant => "merchant",
        ListingActor::Operator => "operator",
    };
    // The shop hears of the operator's decisions.
    let told = match action {
        ListingAction::Approve => Some(NotificationKind::ListingApproved),
        ListingAction::Reject => Some(NotificationKind::ListingRejected),
        _ => None,
    };
    if let Some(kind) = told {
        let title = db::product_by_id(&mut **tx, product_id)
            .await?
            .map(|p| p.title)
            .unwrap_or_default();
        notify(tx, owner, kind, product_id, &title, reason).await?;
    }
    audit::record(
        tx,
        &AuditEntry {
            subject: PRODUCT_SUBJECT,
            subject_id: product_id,
            action: action.as_db(),
            from_status: Some(from.as_db()),
            to_status: Some(to.as_db()),
            actor_kind: kind,
            actor_id: Some(who.user_id),
            reason,
            detail: "",
        },
        now,
    )
    .await?;
    Ok(to)
}

/// An operator's decision on a pending change of a live listing, as they
/// saw it (`seen`): approved, it replaces what the listing says; rejected,
/// the live version stays.
#[tracing::instrument(skip(tx))]
pub async fn decide_change(
    tx: &mut Tx,
    operator_id: i64,
    product_id: i64,
    seen: i64,
    approve: bool,
    reason: &str,
) -> Result<(), AppError> {
    let revision = db::pending_revision(&mut **tx, product_id)
        .await?
        .ok_or(AppError::new(ErrorCode::ListingStateInvalid))?;
    let now = now_ms();
    let to = if approve { "approved" } else { "rejected" };
    // Only the version the operator looked at: an edit since then waits.
    if db::decide_revision(&mut **tx, revision.revision_id, seen, to, now).await? == 0 {
        return Err(AppError::new(ErrorCode::ListingStateInvalid));
    }
    if approve {
        let status = db::product_shop_status(&mut **tx, product_id)
            .await?
            .map(|(_, s)| s)
            .unwrap_or_default();
        db::set_product_details(
            &mut **tx,
            product_id,
            &status,
            &revision.title,
            &revision.description,
            revision.category_id,
            now,
        )
        .await?;
        let images: Vec<(String, i64, i64)> = serde_json::from_str(&revision.images).unwrap_or_default();
        db::replace_images(tx, product_id, &images, &revision.title, now).await?;
        record(tx, Change::Product(product_id)).await?;
    }
    if let Some((shop_id, _)) = db::product_shop_status(&mut **tx, product_id).await? {
        let kind = if approve {
            NotificationKind::ChangeApproved
        } else {
            NotificationKind::ChangeRejected
        };
        notify(tx, shop_id, kind, product_id, &revision.title, reason).await?;
    }
    audit::record(
        tx,
        &AuditEntry {
            subject: PRODUCT_SUBJECT,
            subject_id: product_id,
            action: if approve { "change_approved" } else { "change_rejected" },
            from_status: None,
            to_status: None,
            actor_kind: "operator",
            actor_id: Some(operator_id),
            reason,
            detail: "",
        },
        now,
    )
    .await?;
    Ok(())
}

fn image_ref(key: &str, width: i64, height: i64, image_id: Option<i64>) -> EditorImage {
    EditorImage {
        image_id,
        url: crate::media::url_for(key),
        width,
        height,
    }
}

fn category_name(picks: &[CategoryPick], id: i64) -> Localized {
    picks
        .iter()
        .find(|c| c.category_id == id)
        .map(|c| c.name.clone())
        .unwrap_or_else(|| Localized::new("", ""))
}

/// A product's options and SKU labels, from its rows.
async fn variants(conn: &mut Conn, product_id: i64) -> Result<(Vec<(String, Vec<String>)>, Vec<EditorSku>), AppError> {
    let option_rows = db::options_of(&mut *conn, product_id).await?;
    /// (option id, name, [(value id, value)]).
    type OptionRows = Vec<(i64, String, Vec<(i64, String)>)>;
    let mut options: OptionRows = Vec::new();
    for r in option_rows {
        match options.iter_mut().find(|(id, _, _)| *id == r.option_id) {
            Some((_, _, values)) => values.push((r.value_id, r.value_en)),
            None => options.push((r.option_id, r.name_en, vec![(r.value_id, r.value_en)])),
        }
    }
    let links = db::skus_of(&mut *conn, product_id).await?;
    let skus = db::editor_skus(&mut *conn, product_id)
        .await?
        .into_iter()
        .map(|s| {
            let label = options
                .iter()
                .filter_map(|(option_id, _, values)| {
                    let value_id = links
                        .iter()
                        .find(|l| l.sku_id == s.sku_id && l.option_id == Some(*option_id))?
                        .value_id?;
                    values.iter().find(|(id, _)| *id == value_id).map(|(_, v)| v.clone())
                })
                .collect::<Vec<_>>()
                .join(" · ");
            EditorSku {
                sku_id: s.sku_id,
                label,
                code: s.code,
                price_minor: s.price_minor,
                stock: s.stock,
            }
        })
        .collect();
    let options = options
        .into_iter()
        .map(|(_, name, values)| (name, values.into_iter().map(|(_, v)| v).collect()))
        .collect();
    Ok((options, skus))
}

/// The live content of a product.
async fn live_content(conn: &mut Conn, product_id: i64, picks: &[CategoryPick]) -> Result<ListingContent, AppError> {
    let row = db::product_by_id(&mut *conn, product_id)
        .await?
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    let images = db::product_images(&mut *conn, product_id)
        .await?
        .into_iter()
        .map(|i| image_ref(&i.media_key, i.width, i.height, Some(i.image_id)))
        .collect();
    Ok(ListingContent {
        category_name: category_name(picks, row.category_id),
        title: row.title,
        description: row.description,
        category_id: row.category_id,
        images,
    })
}

/// A pending change's content, with its version (its `updated_at`).
async fn pending_content(
    conn: &mut Conn,
    product_id: i64,
    picks: &[CategoryPick],
) -> Result<Option<(ListingContent, i64)>, AppError> {
    Ok(db::pending_revision(&mut *conn, product_id).await?.map(|r| {
        let images: Vec<(String, i64, i64)> = serde_json::from_str(&r.images).unwrap_or_default();
        let content = ListingContent {
            category_name: category_name(picks, r.category_id),
            title: r.title,
            description: r.description,
            category_id: r.category_id,
            images: images.iter().map(|(k, w, h)| image_ref(k, *w, *h, None)).collect(),
        };
        (content, r.updated_at)
    }))
}

/// The editor's page for one of `shop_id`'s products (or a new one).
pub async fn editor_page(
    conn: &mut Conn,
    shop_id: i64,
    shop_name: String,
    product_id: Option<i64>,
) -> Result<EditorPage, AppError> {
    let categories = category_picks(conn).await?;
    let product = match product_id {
        None => None,
        Some(product_id) => {
            let status = own_status(conn, shop_id, product_id).await?;
            let content = live_content(conn, product_id, &categories).await?;
            let (options, skus) = variants(conn, product_id).await?;
            let history = audit::history(&mut *conn, PRODUCT_SUBJECT, product_id).await?;
            let rejection = (status == ListingStatus::Rejected)
                .then(|| {
                    history
                        .iter()
                        .rev()
                        .find(|e| e.action == "rejected")
                        .map(|e| e.reason.clone())
                })
                .flatten();
            let variants_open = variants_open(conn, status, product_id).await?;
            let pending_change = if status == ListingStatus::Live {
                pending_content(conn, product_id, &categories)
                    .await?
                    .map(|(content, _)| content)
            } else {
                None
            };
            Some(EditorProduct {
                product_id,
                shop_id,
                status,
                pending_change,
                content,
                options,
                skus,
                rejection,
                variants_open,
            })
        }
    };
    Ok(EditorPage {
        shop_id,
        shop_name,
        product,
        categories,
    })
}

/// The shop a product belongs to (for the caller to authorize).
pub async fn shop_of(conn: &mut Conn, product_id: i64) -> Result<Option<i64>, AppError> {
    Ok(db::product_shop_status(conn, product_id).await?.map(|(shop, _)| shop))
}

/// One page of the operator's listing queue, oldest first.
pub async fn listing_queue(conn: &mut Conn, page: i64) -> Result<ListingQueue, AppError> {
    let page = page.clamp(1, 10_000);
    let total = db::listing_queue_count(&mut *conn).await?;
    let mut rows = db::listing_queue(&mut *conn, PAGE + 1, (page - 1) * PAGE).await?;
    let has_more = rows.len() as i64 > PAGE;
    rows.truncate(PAGE as usize);
    let mut shop_ids: Vec<i64> = rows.iter().map(|r| r.shop_id).collect();
    shop_ids.sort_unstable();
    shop_ids.dedup();
    let names = crate::merchants::service::shop_names(conn, &shop_ids).await?;
    Ok(ListingQueue {
        total,
        items: rows
            .into_iter()
            .map(|r| QueuedListing {
                shop_name: names.get(&r.shop_id).cloned().unwrap_or_default(),
                product_id: r.product_id,
                title: r.title,
                is_change: r.is_change == 1,
                since_ms: r.since,
            })
            .collect(),
        page,
        has_more,
    })
}

/// One listing for the operator: a new one as it would go live, or a
/// change beside the live version.
pub async fn listing_review(conn: &mut Conn, product_id: i64) -> Result<ListingReview, AppError> {
    let (shop_id, status) = db::product_shop_status(&mut *conn, product_id)
        .await?
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    let status = ListingStatus::from_db(&status).unwrap_or(ListingStatus::Draft);
    let picks = category_picks(conn).await?;
    let live = live_content(conn, product_id, &picks).await?;
    let pending = pending_content(conn, product_id, &picks).await?;
    let (options, skus) = variants(conn, product_id).await?;
    let shop_name = crate::merchants::service::shop_names(conn, &[shop_id])
        .await?
        .remove(&shop_id)
        .unwrap_or_default();
    let (is_change, before, after, change_version) = match pending {
        Some((after, version)) if status == ListingStatus::Live => (true, Some(live), after, Some(version)),
        _ => (false, None, live, None),
    };
    Ok(ListingReview {
        product_id,
        shop_name,
        status,
        is_change,
        change_version,
        before,
        after,
        options,
        skus,
    })
}

/// One page of a shop's products for its merchants, newest first,
/// optionally of one status.
pub async fn seller_products_page(
    conn: &mut Conn,
    shop_id: i64,
    status: Option<ListingStatus>,
    page: i64,
) -> Result<(Vec<crate::merchants::model::SellerProduct>, bool), AppError> {
    let page = page.clamp(1, 10_000);
    let mut rows =
        db::seller_products_page(conn, shop_id, status.map(|s| s.as_db()), PAGE + 1, (page - 1) * PAGE).await?;
    let has_more = rows.len() as i64 > PAGE;
    rows.truncate(PAGE as usize);
    // The operator's words for the rejected ones on this page, in one read.
    let rejected: Vec<i64> = rows
        .iter()
        .filter(|r| r.status == ListingStatus::Rejected.as_db())
        .map(|r| r.product_id)
        .collect();
    let mut reasons =
        audit::latest_reasons(&mut *conn, PRODUCT_SUBJECT, ListingAction::Reject.as_db(), &rejected).await?;
    Ok((
        rows.into_iter()
            .map(|r| crate::merchants::model::SellerProduct {
                rejection: reasons.remove(&r.product_id),
                product_id: r.product_id,
                title: r.title,
                status: ListingStatus::from_db(&r.status).unwrap_or(ListingStatus::Draft),
                price_min_minor: r.price_min_minor,
                price_max_minor: r.price_max_minor,
                total_stock: r.total_stock,
            })
            .collect(),
        has_more,
    ))
}

// ---- inventory ----

/// One page of a shop's SKUs with their stock and threshold (`low_only`:
/// those at or below it, emptiest first).
pub async fn inventory(
    conn: &mut Conn,
    shop_id: i64,
    low_only: bool,
    page: i64,
    per_page: i64,
) -> Result<(Vec<super::model::InventoryLine>, bool), AppError> {
    let page = page.clamp(1, 10_000);
    let mut rows = db::shop_inventory(&mut *conn, shop_id, low_only, per_page + 1, (page - 1) * per_page).await?;
    let has_more = rows.len() as i64 > per_page;
    rows.truncate(per_page as usize);
    let ids: Vec<i64> = rows.iter().map(|r| r.sku_id).collect();
    let mut labels: std::collections::HashMap<i64, Vec<String>> = Default::default();
    if !ids.is_empty() {
        for l in db::sku_labels(&mut *conn, &ids).await? {
            labels
                .entry(l.sku_id)
                .or_default()
                .push(format!("{}: {}", l.name_en, l.value_en));
        }
    }
    Ok((
        rows.into_iter()
            .map(|r| super::model::InventoryLine {
                label: labels.remove(&r.sku_id).unwrap_or_default().join(" · "),
                sku_id: r.sku_id,
                product_id: r.product_id,
                title: r.title,
                code: r.code,
                stock: r.stock,
                low_stock_threshold: r.low_stock_threshold,
            })
            .collect(),
        has_more,
    ))
}

/// The shop a SKU belongs to (for the caller to authorize).
pub async fn shop_of_sku(conn: &mut Conn, sku_id: i64) -> Result<Option<i64>, AppError> {
    Ok(db::shop_of_sku(conn, sku_id).await?)
}

/// Sets a SKU's stock and low-stock threshold (the caller checked the
/// shop). Stock changes show on the storefront at once.
#[tracing::instrument(skip(tx))]
pub async fn set_inventory(tx: &mut Tx, sku_id: i64, stock: i64, threshold: i64) -> Result<(), AppError> {
    if !(0..=MAX_STOCK).contains(&threshold) {
        return Err(AppError::field(&format!("threshold-{sku_id}"), ErrorCode::BadRequest));
    }
    super::service::set_stock(tx, sku_id, stock).await?;
    db::set_low_stock_threshold(&mut **tx, sku_id, threshold, now_ms()).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(id: i64) -> CategoryPick {
        CategoryPick {
            category_id: id,
            name: Localized::new("Tea", "茶"),
            parent: None,
        }
    }

    #[test]
    fn two_colours_by_two_sizes_make_four_skus_in_order() {
        let options = parse_options(&[
            ("Color".into(), "Red, Blue".into()),
            ("Size".into(), "S，M".into()),
            (String::new(), String::new()),
        ])
        .unwrap();
        assert_eq!(
            combinations(&options),
            vec![vec![0, 0], vec![0, 1], vec![1, 0], vec![1, 1]]
        );
        assert_eq!(combinations(&[]), vec![Vec::<usize>::new()], "no options: one SKU");
    }

    #[test]
    fn options_need_a_name_and_distinct_values() {
        let err = parse_options(&[("Color".into(), "Red, Red".into())]).unwrap_err();
        assert_eq!(err.for_field("option1"), Some(ErrorCode::TextTooLong));
        let err = parse_options(&[(String::new(), String::new()), ("".into(), "S, M".into())]).unwrap_err();
        assert_eq!(err.for_field("option2"), Some(ErrorCode::Required));
        let many = (0..21).map(|i| i.to_string()).collect::<Vec<_>>().join(",");
        assert!(parse_options(&[("Size".into(), many)]).is_err());
    }

    #[test]
    fn details_need_a_title_and_a_listable_category() {
        let input = DetailsInput {
            title: " ".into(),
            description: String::new(),
            category_id: Some(9),
        };
        let err = parse_details(&input, &[pick(1)]).unwrap_err();
        assert_eq!(err.for_field("title"), Some(ErrorCode::Required));
        assert_eq!(err.for_field("category"), Some(ErrorCode::Required));
        let ok = DetailsInput {
            title: "  Oolong  ".into(),
            description: "Roasted.".into(),
            category_id: Some(1),
        };
        assert_eq!(parse_details(&ok, &[pick(1)]).unwrap().title, "Oolong");
    }

    #[test]
    fn prices_stock_and_codes_are_bounded() {
        assert_eq!(parse_price("19.90"), Ok(1_990));
        assert_eq!(parse_price("0"), Err(ErrorCode::BadRequest));
        assert_eq!(parse_price(""), Err(ErrorCode::Required));
        assert_eq!(parse_stock("-1"), Err(ErrorCode::BadRequest));
        assert_eq!(parse_stock("12"), Ok(12));
        assert_eq!(parse_code("TEA-01"), Ok("TEA-01".into()));
        assert_eq!(parse_code("茶-01"), Err(ErrorCode::BadRequest));
    }
}
