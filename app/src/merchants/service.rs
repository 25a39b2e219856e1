//! Merchant use cases: shops and the people who act for them. Each takes the
//! caller's transaction (writes) or a connection (reads).

use super::model::{MemberRole, ShippingRule, ShopBrief, ShopStatus};
use crate::error::{AppError, ErrorCode};
use crate::server::db::is_unique_violation;
use crate::server::{now_ms, Conn, Tx};
use crate::storefront::model::Change;
use crate::storefront::service::record;

pub async fn count_shops(conn: &mut Conn) -> Result<i64, AppError> {
    Ok(super::db::count_shops(conn).await?)
}

fn brief(row: super::db::ShopRow) -> ShopBrief {
    ShopBrief {
        shop_id: row.shop_id,
        slug: row.slug,
        name: row.name,
        description: row.description,
    }
}

/// An open shop by id (suspended shops are not shown to shoppers).
pub async fn shop_by_id(conn: &mut Conn, shop_id: i64) -> Result<Option<ShopBrief>, AppError> {
    Ok(super::db::shop_by_id(conn, shop_id, ShopStatus::Active.as_db())
        .await?
        .map(brief))
}

/// Open shops by id, in one statement whatever their number.
pub async fn shops_by_ids(conn: &mut Conn, shop_ids: &[i64]) -> Result<Vec<ShopBrief>, AppError> {
    if shop_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(super::db::shops_by_ids(conn, shop_ids, ShopStatus::Active.as_db())
        .await?
        .into_iter()
        .map(brief)
        .collect())
}

pub async fn shop_by_slug(conn: &mut Conn, slug: &str) -> Result<Option<ShopBrief>, AppError> {
    Ok(super::db::shop_by_slug(conn, slug, ShopStatus::Active.as_db())
        .await?
        .map(brief))
}

/// Shops that do not trade (suspended), for the catalog's index.
pub async fn closed_shop_ids(conn: &mut Conn) -> Result<Vec<i64>, AppError> {
    Ok(super::db::shop_ids_with_status(conn, ShopStatus::Suspended.as_db()).await?)
}

pub async fn active_shop_slugs(conn: &mut Conn) -> Result<Vec<String>, AppError> {
    Ok(super::db::shop_slugs(conn, ShopStatus::Active.as_db()).await?)
}

/// Opens a shop (the onboarding issue puts an application in front of it).
#[tracing::instrument(skip(tx))]
pub async fn create_shop(tx: &mut Tx, slug: &str, name: &str, description: &str) -> Result<i64, AppError> {
    match super::db::insert_shop(&mut **tx, slug, name, description, ShopStatus::Active.as_db(), now_ms()).await {
        Err(e) if is_unique_violation(&e) => Err(AppError::field("slug", ErrorCode::BadRequest)),
        other => Ok(other?),
    }
}

/// Lets a person act for a shop.
#[tracing::instrument(skip(tx))]
pub async fn add_member(tx: &mut Tx, shop_id: i64, user_id: i64, role: MemberRole) -> Result<(), AppError> {
    Ok(super::db::add_member(&mut **tx, shop_id, user_id, role.as_db(), now_ms()).await?)
}

/// Renames a shop; its pages (and its products' pages) show the new name
/// once the transaction commits.
#[tracing::instrument(skip(tx))]
pub async fn rename_shop(tx: &mut Tx, shop_id: i64, name: &str) -> Result<(), AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 60 {
        return Err(AppError::field("name", ErrorCode::Required));
    }
    if super::db::rename_shop(&mut **tx, shop_id, name, now_ms()).await? == 0 {
        return Err(AppError::new(ErrorCode::NotFound));
    }
    record(tx, Change::Shop(shop_id)).await?;
    Ok(())
}

/// The shops a person may act for. For the session layer, which answers
/// database trouble with 503 rather than an error page, hence `sqlx::Error`.
pub async fn shop_ids_of_member(conn: &mut Conn, user_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    super::db::shop_ids_of_member(conn, user_id).await
}

/// The shops `user_id` acts for, each with its stock-keeping summary from
/// the catalog, read in one batch.
pub async fn seller_shops(conn: &mut Conn, user_id: i64) -> Result<Vec<super::model::SellerShop>, AppError> {
    let rows = super::db::member_shops(&mut *conn, user_id).await?;
    let shop_ids: Vec<i64> = rows.iter().map(|r| r.shop_id).collect();
    let mut stock = crate::catalog::service::shop_stock_summaries(conn, &shop_ids).await?;
    let mut shops = Vec::with_capacity(rows.len());
    // A merchant acts for a few shops: a handful of reads each.
    for row in rows {
        let (low_stock, _) = crate::catalog::listings::inventory(conn, row.shop_id, true, 1, 5).await?;
        let notes = notifications(conn, row.shop_id, None).await?;
        shops.push(super::model::SellerShop {
            stock: stock.remove(&row.shop_id).unwrap_or_default(),
            to_ship: crate::orders::service::to_ship_count(conn, row.shop_id).await?,
            low_stock,
            unread: notes.unread,
            recent: notes.items.into_iter().take(5).collect(),
            shop_id: row.shop_id,
            slug: row.slug,
            name: row.name,
            // The check constraint admits only known statuses.
            status: ShopStatus::from_db(&row.status).unwrap_or(ShopStatus::Suspended),
        });
    }
    Ok(shops)
}

/// One of `user_id`'s shops with one page of its products (newest first),
/// and the list of all their
/// shops. `NotFound` when `shop_id` is not one of theirs (the caller has
/// already checked membership; this keeps the query scoped regardless).
pub async fn seller_products(
    conn: &mut Conn,
    user_id: i64,
    shop_id: i64,
    page: i64,
) -> Result<super::model::ShopProducts, AppError> {
    let shops: Vec<ShopBrief> = super::db::member_shops(&mut *conn, user_id)
        .await?
        .into_iter()
        .map(|row| ShopBrief {
            shop_id: row.shop_id,
            slug: row.slug,
            name: row.name,
            description: String::new(),
        })
        .collect();
    let shop = shops
        .iter()
        .find(|s| s.shop_id == shop_id)
        .cloned()
        .ok_or(AppError::new(crate::error::ErrorCode::NotFound))?;
    let page = page.clamp(1, 10_000);
    let (products, has_more) = crate::catalog::listings::seller_products_page(conn, shop_id, None, page).await?;
    Ok(super::model::ShopProducts {
        shop,
        shops,
        products,
        page,
        has_more,
    })
}

/// The most shops the operator console lists at once (paging and search
/// come with shop moderation).
pub const CONSOLE_SHOPS_LIMIT: i64 = 500;

/// The shops for the operator console (those matching `search`), newest
/// first: status, product
/// count (from the catalog) and owner email (from accounts), each read in
/// one batch.
pub async fn console_shops(conn: &mut Conn, search: &str) -> Result<Vec<super::model::ConsoleShop>, AppError> {
    // The words typed, matched anywhere in the name or address, literally.
    let typed: String = search
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_control())
        .take(60)
        .collect();
    let escaped = typed.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    let pattern = format!("%{escaped}%");
    let rows = super::db::console_shops(&mut *conn, MemberRole::Owner.as_db(), &pattern, CONSOLE_SHOPS_LIMIT).await?;
    let shop_ids: Vec<i64> = rows.iter().map(|r| r.shop_id).collect();
    let mut owner_ids: Vec<i64> = rows.iter().filter_map(|r| r.owner_user_id).collect();
    owner_ids.sort_unstable();
    owner_ids.dedup();
    let counts = crate::catalog::service::product_counts_by_shop(&mut *conn, &shop_ids).await?;
    let emails = crate::accounts::service::emails_of(conn, &owner_ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| super::model::ConsoleShop {
            products: counts.get(&r.shop_id).copied().unwrap_or(0),
            owner_email: r.owner_user_id.and_then(|id| emails.get(&id).cloned()),
            shop_id: r.shop_id,
            slug: r.slug,
            name: r.name,
            status: ShopStatus::from_db(&r.status).unwrap_or(ShopStatus::Suspended),
        })
        .collect())
}

/// Most a shop may charge for shipping one order (¥500), and the highest
/// free-shipping threshold (¥100,000).
const MAX_SHIPPING_FEE_MINOR: i64 = 50_000;
const MAX_FREE_OVER_MINOR: i64 = 10_000_000;

/// The shipping rules of many shops, in one statement (shops without one
/// ship free).
pub async fn shipping_rules(
    conn: &mut Conn,
    shop_ids: &[i64],
) -> Result<std::collections::HashMap<i64, ShippingRule>, AppError> {
    if shop_ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(super::db::shipping_rules(conn, shop_ids)
        .await?
        .into_iter()
        .map(|(id, fee_minor, free_over_minor)| {
            (
                id,
                ShippingRule {
                    fee_minor,
                    free_over_minor,
                },
            )
        })
        .collect())
}

/// Sets a shop's shipping rule.
pub async fn set_shipping_rule(tx: &mut Tx, shop_id: i64, rule: ShippingRule) -> Result<(), AppError> {
    if !(0..=MAX_SHIPPING_FEE_MINOR).contains(&rule.fee_minor) {
        return Err(AppError::field("shipping_fee", ErrorCode::BadRequest));
    }
    if rule
        .free_over_minor
        .is_some_and(|t| !(0..=MAX_FREE_OVER_MINOR).contains(&t))
    {
        return Err(AppError::field("free_shipping_over", ErrorCode::BadRequest));
    }
    if super::db::set_shipping_rule(&mut **tx, shop_id, rule.fee_minor, rule.free_over_minor, now_ms()).await? == 0 {
        return Err(AppError::new(ErrorCode::NotFound));
    }
    Ok(())
}

/// A shop's name whatever its status (orders name their shop even after it
/// was suspended), for many shops at once.
pub async fn shop_names(conn: &mut Conn, shop_ids: &[i64]) -> Result<std::collections::HashMap<i64, String>, AppError> {
    if shop_ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(super::db::shop_names(conn, shop_ids).await?.into_iter().collect())
}

/// The shops a merchant acts for, whatever their status (a suspended shop's
/// orders still run off), in one statement.
pub async fn member_shops(conn: &mut Conn, shop_ids: &[i64]) -> Result<Vec<ShopBrief>, AppError> {
    if shop_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(super::db::shops_by_ids_any_status(conn, shop_ids)
        .await?
        .into_iter()
        .map(brief)
        .collect())
}

// ---- onboarding: applications, their documents and decisions ----

use super::domain::{self, ApplicationAction};
use super::model::{
    AppField, ApplicationDraft, ApplicationEvent, ApplicationQueue, ApplicationReview, ApplicationStatus,
    ApplicationView, CategoryChoice, DocumentInfo, EntityType, QueuedApplication, SellPageData, Step,
};
use crate::server::audit::{self, AuditEntry};

/// The version of the merchant agreement an applicant agrees to now.
pub const AGREEMENT_VERSION: &str = "2026-11";

/// Applications that back a shop or may soon: their keys are unique.
const LIVE: [ApplicationStatus; 3] = [
    ApplicationStatus::UnderReview,
    ApplicationStatus::ChangesRequested,
    ApplicationStatus::Approved,
];

/// Applications per page of the operator's queue.
pub const QUEUE_PAGE: i64 = 50;

/// The audit log's name for applications.
pub const APPLICATION_SUBJECT: &str = "application";
pub const SHOP_SUBJECT: &str = "shop";

fn parse_draft(json: &str) -> ApplicationDraft {
    // Written only by `save_form`; an unreadable draft (never expected)
    // shows as empty rather than failing the page.
    serde_json::from_str(json).unwrap_or_default()
}

fn parse_reopened(csv: &str) -> Vec<AppField> {
    csv.split(',').filter_map(AppField::from_key).collect()
}

fn status_of(row: &super::db::ApplicationRow) -> ApplicationStatus {
    // The check constraint admits only known statuses.
    ApplicationStatus::from_db(&row.status).unwrap_or(ApplicationStatus::Draft)
}

/// The document ids a draft refers to.
fn document_ids(draft: &ApplicationDraft) -> Vec<i64> {
    AppField::ALL
        .iter()
        .filter(|f| f.is_document())
        .filter_map(|&f| draft.value(f).parse().ok())
        .collect()
}

async fn view_of(
    conn: &mut Conn,
    row: super::db::ApplicationRow,
    for_operator: bool,
) -> Result<(ApplicationView, String), AppError> {
    let status = status_of(&row);
    let mut draft = parse_draft(&row.draft);
    let ids = document_ids(&draft);
    let documents = if ids.is_empty() {
        Vec::new()
    } else {
        super::db::documents_by_ids(&mut *conn, &ids).await?
    };
    let documents = documents
        .into_iter()
        // Only this application's own files, whatever a draft says.
        .filter(|d| d.application_id == row.application_id)
        .filter_map(|d| {
            Some(DocumentInfo {
                document_id: d.document_id,
                field: AppField::from_key(&d.field)?,
                file_name: d.file_name,
                content_type: d.content_type,
                byte_size: d.byte_size,
            })
        })
        .collect();
    let number = draft.value(AppField::BankAccountNumber).to_string();
    let bank_account_saved = match domain::BankAccount::parse(&number) {
        Ok(account) if !for_operator => {
            draft.set(AppField::BankAccountNumber, String::new());
            Some(domain::mask_account(account.as_str()))
        }
        _ => None,
    };
    let history = audit::history(&mut *conn, APPLICATION_SUBJECT, row.application_id)
        .await?
        .into_iter()
        .map(|e| ApplicationEvent {
            to_status: e.to_status.as_deref().and_then(ApplicationStatus::from_db),
            action: e.action,
            reason: e.reason,
            at_ms: e.created_at,
        })
        .collect();
    let shop_slug = match row.shop_id {
        Some(id) => super::db::shops_by_ids_any_status(&mut *conn, &[id])
            .await?
            .into_iter()
            .next()
            .map(|s| s.slug),
        None => None,
    };
    Ok((
        ApplicationView {
            application_id: row.application_id,
            status,
            draft,
            bank_account_saved,
            reopened: parse_reopened(&row.reopened),
            reason: row.reason,
            documents,
            agreed_version: row.agreed_version,
            agreed_at_ms: row.agreed_at,
            submitted_at_ms: row.submitted_at,
            updated_at_ms: row.updated_at,
            shop_slug,
            history,
        },
        number,
    ))
}

/// The top-level categories an applicant may choose as their main one.
async fn category_choices(conn: &mut Conn) -> Result<Vec<CategoryChoice>, AppError> {
    Ok(crate::catalog::service::category_tree_of(conn)
        .await?
        .into_iter()
        .map(|c| CategoryChoice {
            slug: c.slug,
            name: c.name,
        })
        .collect())
}

/// Everything `/sell` shows to `user_id`.
pub async fn sell_page(conn: &mut Conn, user_id: i64, is_merchant: bool) -> Result<SellPageData, AppError> {
    let application = match super::db::latest_application(&mut *conn, user_id).await? {
        Some(row) => Some(view_of(conn, row, false).await?.0),
        None => None,
    };
    Ok(SellPageData {
        application,
        categories: category_choices(conn).await?,
        agreement_version: AGREEMENT_VERSION.to_string(),
        is_merchant,
    })
}

/// Starts an application, or returns the one `user_id` is already writing
/// or waiting on (one at a time: a second shop is applied for after the
/// first is decided).
#[tracing::instrument(skip(tx))]
pub async fn start_application(tx: &mut Tx, user_id: i64) -> Result<i64, AppError> {
    if let Some(row) = super::db::latest_application(&mut **tx, user_id).await? {
        if !matches!(
            status_of(&row),
            ApplicationStatus::Approved | ApplicationStatus::Rejected
        ) {
            return Ok(row.application_id);
        }
    }
    Ok(super::db::insert_application(&mut **tx, user_id, ApplicationStatus::Draft.as_db(), now_ms()).await?)
}

/// The fields of the caller's application they may change now (all while
/// a draft, the reopened ones after a request for changes); refused when
/// they have no application open to them.
pub async fn editable_fields(conn: &mut Conn, user_id: i64) -> Result<Vec<AppField>, AppError> {
    let row = super::db::latest_application(conn, user_id)
        .await?
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    let status = status_of(&row);
    if !status.is_open_for_applicant() {
        return Err(AppError::new(ErrorCode::ApplicationStateInvalid));
    }
    let reopened = parse_reopened(&row.reopened);
    Ok(AppField::ALL
        .into_iter()
        .filter(|f| domain::may_edit(status, &reopened, *f))
        .collect())
}

/// A file the wizard's form carried, already checked and stored.
#[derive(Clone, Debug)]
pub enum StoredFile {
    /// A public image (the logo) under this media key.
    Image { key: String },
    /// A private document.
    Document {
        storage_key: String,
        file_name: String,
        content_type: String,
        byte_size: i64,
    },
}

/// What one post of a wizard step says: the step's fields as typed, and
/// its files.
#[derive(Clone, Debug, Default)]
pub struct StepForm {
    pub step: Option<Step>,
    pub fields: Vec<(String, String)>,
    pub files: Vec<(AppField, StoredFile)>,
}

/// Saves one step of the caller's open application exactly as typed (only
/// fields the applicant may change now are taken), and returns the
/// application as saved.
#[tracing::instrument(skip(tx, form), fields(step = ?form.step))]
pub async fn save_form(tx: &mut Tx, user_id: i64, form: &StepForm) -> Result<(i64, ApplicationDraft), AppError> {
    let row = super::db::latest_application(&mut **tx, user_id)
        .await?
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    let status = status_of(&row);
    if !status.is_open_for_applicant() {
        return Err(AppError::new(ErrorCode::ApplicationStateInvalid));
    }
    let reopened = parse_reopened(&row.reopened);
    let mut draft = parse_draft(&row.draft);
    let editable = |f: AppField| domain::may_edit(status, &reopened, f) && !f.is_file();
    let step_fields: Vec<AppField> = match form.step {
        Some(step) => AppField::ALL.iter().copied().filter(|f| f.step() == step).collect(),
        None => Vec::new(),
    };
    let categories = category_choices(tx).await?;
    for &field in step_fields.iter().filter(|&&f| editable(f)) {
        let typed = form
            .fields
            .iter()
            .find(|(k, _)| k == field.key())
            .map(|(_, v)| v.as_str());
        let value = match (field, typed) {
            // An unticked box is not posted: the step's form says "no".
            (AppField::SellsOtherBrand, None) => String::new(),
            (AppField::Agreement, _) => continue,
            // A saved account number is shown masked: left empty, it stays.
            (AppField::BankAccountNumber, Some("")) if domain::BankAccount::parse(draft.value(field)).is_ok() => {
                continue
            }
            (AppField::MainCategory, Some(slug)) => {
                if categories.iter().any(|c| c.slug == slug) {
                    slug.to_string()
                } else {
                    String::new()
                }
            }
            (_, Some(v)) => v.chars().take(domain::MAX_DRAFT_VALUE).collect(),
            (_, None) => continue,
        };
        draft.set(field, value);
    }
    let now = now_ms();
    for (field, file) in &form.files {
        if !domain::may_edit(status, &reopened, *field) {
            continue;
        }
        let value = match file {
            StoredFile::Image { key } => key.clone(),
            StoredFile::Document {
                storage_key,
                file_name,
                content_type,
                byte_size,
            } => super::db::insert_document(
                &mut **tx,
                user_id,
                row.application_id,
                field.key(),
                storage_key,
                file_name,
                content_type,
                *byte_size,
                now,
            )
            .await?
            .to_string(),
        };
        draft.set(*field, value);
    }
    let json = serde_json::to_string(&draft).map_err(crate::server::db::internal)?;
    if super::db::save_draft(&mut **tx, row.application_id, user_id, status.as_db(), &json, now).await? == 0 {
        return Err(AppError::new(ErrorCode::ApplicationStateInvalid));
    }
    Ok((row.application_id, draft))
}

/// Sends the caller's application for review: every field must hold, the
/// agreement be ticked now, and no other live application may use the same
/// shop name, credit code, ID number or bank account.
#[tracing::instrument(skip(tx))]
pub async fn submit_application(tx: &mut Tx, user_id: i64, agreed: bool) -> Result<i64, AppError> {
    let row = super::db::latest_application(&mut **tx, user_id)
        .await?
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    let from = status_of(&row);
    let to = domain::next_application_status(from, ApplicationAction::Submit)?;
    let mut draft = parse_draft(&row.draft);
    if agreed {
        draft.set(AppField::Agreement, AGREEMENT_VERSION.to_string());
    } else {
        draft.set(AppField::Agreement, String::new());
    }
    let mut errors = crate::error::FieldErrors::default();
    for (field, code) in domain::check_all(&draft) {
        errors.push(field.key(), code);
    }
    if let Some(err) = errors.into_error() {
        return Err(err);
    }
    let shop_name = domain::ShopName::parse(draft.value(AppField::ShopName))?;
    let company = draft.entity_type == Some(EntityType::Company);
    let credit_code = company
        .then(|| domain::CreditCode::parse(draft.value(AppField::CreditCode)))
        .transpose()?;
    let id_number = (!company)
        .then(|| domain::IdNumber::parse(draft.value(AppField::IdNumber)))
        .transpose()?;
    let account = domain::BankAccount::parse(draft.value(AppField::BankAccountNumber))?;
    // Names are unique whatever their case (folded here, so both databases
    // fold the same way).
    let name_key = shop_name.as_str().to_lowercase();
    let keys = super::db::SubmittedKeys {
        shop_name: &name_key,
        credit_code: credit_code.as_ref().map(|c| c.as_str()),
        id_number: id_number.as_ref().map(|c| c.as_str()),
        bank_account_number: account.as_str(),
        agreed_version: AGREEMENT_VERSION,
    };
    let live: Vec<&str> = LIVE.iter().map(|s| s.as_db()).collect();
    let mut clashes = crate::error::FieldErrors::default();
    for column in super::db::live_key_clashes(&mut **tx, row.application_id, &keys, &live).await? {
        let (field, code) = match column.as_str() {
            "shop_name" => (AppField::ShopName, ErrorCode::ShopNameTaken),
            "credit_code" => (AppField::CreditCode, ErrorCode::CreditCodeTaken),
            "id_number" => (AppField::IdNumber, ErrorCode::IdNumberTaken),
            _ => (AppField::BankAccountNumber, ErrorCode::BankAccountTaken),
        };
        clashes.push(field.key(), code);
    }
    if super::db::shop_name_exists(&mut **tx, shop_name.as_str(), 0).await? {
        clashes.push(AppField::ShopName.key(), ErrorCode::ShopNameTaken);
    }
    if let Some(err) = clashes.into_error() {
        return Err(err);
    }
    let now = now_ms();
    // Keep the normalized values the operator reviews.
    draft.set(AppField::ShopName, shop_name.as_str().to_string());
    if let Some(code) = &credit_code {
        draft.set(AppField::CreditCode, code.as_str().to_string());
    }
    if let Some(id) = &id_number {
        draft.set(AppField::IdNumber, id.as_str().to_string());
    }
    draft.set(AppField::BankAccountNumber, account.as_str().to_string());
    let json = serde_json::to_string(&draft).map_err(crate::server::db::internal)?;
    super::db::save_draft(&mut **tx, row.application_id, user_id, from.as_db(), &json, now).await?;
    match super::db::submit_application(&mut **tx, row.application_id, from.as_db(), to.as_db(), &keys, now).await {
        Ok(0) => return Err(AppError::new(ErrorCode::ApplicationStateInvalid)),
        Ok(_) => {}
        // Another submission took a key between our check and our write
        // (the database does not say which: the check above names them on
        // the next try).
        Err(e) if is_unique_violation(&e) => return Err(AppError::new(ErrorCode::ApplicationStateInvalid)),
        Err(e) => return Err(e.into()),
    }
    audit::record(
        tx,
        &AuditEntry {
            subject: APPLICATION_SUBJECT,
            subject_id: row.application_id,
            action: ApplicationAction::Submit.as_db(),
            from_status: Some(from.as_db()),
            to_status: Some(to.as_db()),
            actor_kind: "applicant",
            actor_id: Some(user_id),
            reason: "",
            detail: &format!("agreement {AGREEMENT_VERSION}"),
        },
        now,
    )
    .await?;
    Ok(row.application_id)
}

/// One page of the operator's queue of applications in `status`, oldest
/// first, with the count in every status.
pub async fn application_queue(
    conn: &mut Conn,
    status: ApplicationStatus,
    page: i64,
) -> Result<ApplicationQueue, AppError> {
    let page = page.clamp(1, 10_000);
    let counts: std::collections::HashMap<String, i64> =
        super::db::application_counts(&mut *conn).await?.into_iter().collect();
    let mut rows =
        super::db::application_queue(&mut *conn, status.as_db(), QUEUE_PAGE + 1, (page - 1) * QUEUE_PAGE).await?;
    let has_more = rows.len() as i64 > QUEUE_PAGE;
    rows.truncate(QUEUE_PAGE as usize);
    let mut user_ids: Vec<i64> = rows.iter().map(|r| r.user_id).collect();
    user_ids.sort_unstable();
    user_ids.dedup();
    let emails = crate::accounts::service::emails_of(conn, &user_ids).await?;
    Ok(ApplicationQueue {
        status,
        counts: ApplicationStatus::ALL
            .iter()
            .map(|s| (*s, counts.get(s.as_db()).copied().unwrap_or(0)))
            .collect(),
        items: rows
            .into_iter()
            .map(|r| {
                let draft = parse_draft(&r.draft);
                QueuedApplication {
                    application_id: r.application_id,
                    shop_name: draft.value(AppField::ShopName).to_string(),
                    entity_type: draft.entity_type,
                    applicant_email: emails.get(&r.user_id).cloned().unwrap_or_default(),
                    status: ApplicationStatus::from_db(&r.status).unwrap_or(ApplicationStatus::Draft),
                    submitted_at_ms: r.submitted_at,
                }
            })
            .collect(),
        page,
        has_more,
    })
}

/// One application for an operator to review (drafts are the applicant's
/// own business until submitted).
pub async fn application_review(conn: &mut Conn, application_id: i64) -> Result<ApplicationReview, AppError> {
    let row = super::db::application_by_id(&mut *conn, application_id)
        .await?
        .filter(|r| status_of(r) != ApplicationStatus::Draft)
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    let user_id = row.user_id;
    let (application, bank_account_number) = view_of(conn, row, true).await?;
    let applicant_email = crate::accounts::service::emails_of(conn, &[user_id])
        .await?
        .remove(&user_id)
        .unwrap_or_default();
    Ok(ApplicationReview {
        application,
        applicant_email,
        bank_account_number,
        categories: category_choices(conn).await?,
    })
}

/// What an operator decides about an application.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject { reason: String },
    RequestChanges { fields: Vec<AppField>, reason: String },
}

/// Records an operator's decision; approving opens the shop, with the
/// applicant as its owner.
#[tracing::instrument(skip(tx))]
pub async fn decide_application(
    tx: &mut Tx,
    operator_id: i64,
    application_id: i64,
    decision: &Decision,
) -> Result<Option<i64>, AppError> {
    let row = super::db::application_by_id(&mut **tx, application_id)
        .await?
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    let from = status_of(&row);
    let (action, reason, reopened) = match decision {
        Decision::Approve => (ApplicationAction::Approve, "", String::new()),
        Decision::Reject { reason } => (ApplicationAction::Reject, reason.as_str(), String::new()),
        Decision::RequestChanges { fields, reason } => {
            if fields.is_empty() {
                return Err(AppError::field("fields", ErrorCode::Required));
            }
            let keys: Vec<&str> = fields.iter().map(|f| f.key()).collect();
            (ApplicationAction::RequestChanges, reason.as_str(), keys.join(","))
        }
    };
    let to = domain::next_application_status(from, action)?;
    let now = now_ms();
    let shop_id = if action == ApplicationAction::Approve {
        let shop_id = open_shop(tx, &row).await?;
        let name = parse_draft(&row.draft).value(AppField::ShopName).to_string();
        notify(
            tx,
            shop_id,
            NotificationKind::ApplicationApproved,
            application_id,
            &name,
            "",
        )
        .await?;
        Some(shop_id)
    } else {
        None
    };
    if super::db::decide_application(
        &mut **tx,
        application_id,
        from.as_db(),
        to.as_db(),
        reason,
        &reopened,
        shop_id,
        now,
    )
    .await?
        == 0
    {
        return Err(AppError::new(ErrorCode::ApplicationStateInvalid));
    }
    audit::record(
        tx,
        &AuditEntry {
            subject: APPLICATION_SUBJECT,
            subject_id: application_id,
            action: action.as_db(),
            from_status: Some(from.as_db()),
            to_status: Some(to.as_db()),
            actor_kind: "operator",
            actor_id: Some(operator_id),
            reason,
            detail: &reopened,
        },
        now,
    )
    .await?;
    Ok(shop_id)
}

/// Opens the shop an approved application asked for, its applicant the
/// owner.
async fn open_shop(tx: &mut Tx, row: &super::db::ApplicationRow) -> Result<i64, AppError> {
    let draft = parse_draft(&row.draft);
    let name = domain::ShopName::parse(draft.value(AppField::ShopName))?;
    if super::db::shop_name_exists(&mut **tx, name.as_str(), 0).await? {
        return Err(AppError::field("shop_name", ErrorCode::ShopNameTaken));
    }
    let slug = domain::shop_slug(name.as_str(), row.application_id);
    let shop_id = create_shop(tx, &slug, name.as_str(), draft.value(AppField::ShopDescription)).await?;
    let logo = draft.value(AppField::Logo);
    if !logo.is_empty() {
        super::db::set_shop_logo(&mut **tx, shop_id, Some(logo), now_ms()).await?;
    }
    add_member(tx, shop_id, row.user_id, MemberRole::Owner).await?;
    Ok(shop_id)
}

/// A private document, if `viewer` may read it: its owner, or an operator.
/// Anyone else is told it does not exist.
pub async fn readable_document(
    conn: &mut Conn,
    user_id: i64,
    is_operator: bool,
    document_id: i64,
) -> Result<super::db::DocumentRow, AppError> {
    super::db::document_by_id(conn, document_id)
        .await?
        .filter(|d| is_operator || d.user_id == user_id)
        .ok_or(AppError::new(ErrorCode::NotFound))
}

/// The applicant of an application (to refresh their session's shops once
/// approved).
pub async fn applicant_of(conn: &mut Conn, application_id: i64) -> Result<Option<i64>, AppError> {
    Ok(super::db::application_by_id(conn, application_id)
        .await?
        .map(|r| r.user_id))
}

/// Suspends or reinstates a shop with a reason (suspended: its products
/// leave every listing within a second on every server, through the change
/// log; no new orders; existing orders run off), through the shop state
/// machine, recorded in the audit log.
#[tracing::instrument(skip(tx))]
pub async fn moderate_shop(
    tx: &mut Tx,
    operator_id: i64,
    shop_id: i64,
    action: domain::ShopAction,
    reason: &str,
) -> Result<(), AppError> {
    let status = super::db::shop_status(&mut **tx, shop_id)
        .await?
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    let from = ShopStatus::from_db(&status).unwrap_or(ShopStatus::Suspended);
    let to = domain::next_shop_status(from, action)?;
    let now = now_ms();
    if super::db::set_shop_status_from(&mut **tx, shop_id, from.as_db(), to.as_db(), now).await? == 0 {
        return Err(AppError::new(ErrorCode::ShopStateInvalid));
    }
    record(tx, Change::Shop(shop_id)).await?;
    audit::record(
        tx,
        &AuditEntry {
            subject: SHOP_SUBJECT,
            subject_id: shop_id,
            action: action.as_db(),
            from_status: Some(from.as_db()),
            to_status: Some(to.as_db()),
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

// ---- notifications ----

use super::model::{Notification, NotificationKind, NotificationPage};

/// Notifications per page.
pub const NOTIFICATIONS_PAGE: i64 = 50;

/// Tells a shop's members something, in the caller's transaction (so it is
/// told exactly when the event happens).
pub async fn notify(
    tx: &mut Tx,
    shop_id: i64,
    kind: NotificationKind,
    subject_id: i64,
    subject_text: &str,
    reason: &str,
) -> Result<(), AppError> {
    let text: String = subject_text.chars().take(200).collect();
    let reason: String = reason.chars().take(500).collect();
    super::db::insert_notification(&mut **tx, shop_id, kind.as_db(), subject_id, &text, &reason, now_ms()).await?;
    Ok(())
}

/// One page of a shop's notifications, newest first, with the unread count.
pub async fn notifications(conn: &mut Conn, shop_id: i64, before: Option<i64>) -> Result<NotificationPage, AppError> {
    let mut rows = super::db::notifications(&mut *conn, shop_id, before, NOTIFICATIONS_PAGE + 1).await?;
    let more = rows.len() as i64 > NOTIFICATIONS_PAGE;
    rows.truncate(NOTIFICATIONS_PAGE as usize);
    let unread = unread_counts(conn, &[shop_id])
        .await?
        .get(&shop_id)
        .copied()
        .unwrap_or(0);
    Ok(NotificationPage {
        shop_id,
        older_than: if more {
            rows.last().map(|r| r.notification_id)
        } else {
            None
        },
        items: rows
            .into_iter()
            .filter_map(|r| {
                Some(Notification {
                    kind: NotificationKind::from_db(&r.kind)?,
                    notification_id: r.notification_id,
                    subject_id: r.subject_id,
                    subject_text: r.subject_text,
                    reason: r.reason,
                    unread: r.read_at.is_none(),
                    at_ms: r.created_at,
                })
            })
            .collect(),
        unread,
    })
}

/// Unread notifications per shop, in one statement.
pub async fn unread_counts(conn: &mut Conn, shop_ids: &[i64]) -> Result<std::collections::HashMap<i64, i64>, AppError> {
    if shop_ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(super::db::unread_counts(conn, shop_ids).await?.into_iter().collect())
}

/// Marks a shop's notifications read, up to the newest the member saw.
pub async fn mark_read(tx: &mut Tx, shop_id: i64, up_to: i64) -> Result<(), AppError> {
    super::db::mark_read(&mut **tx, shop_id, up_to, now_ms()).await?;
    Ok(())
}

// ---- members ----

use super::model::{MembersPage, ShopMember};

/// Whether `user_id` owns `shop_id`.
async fn is_owner(conn: &mut Conn, shop_id: i64, user_id: i64) -> Result<bool, AppError> {
    Ok(super::db::role_of(conn, shop_id, user_id).await?.as_deref() == Some(MemberRole::Owner.as_db()))
}

/// A shop's members for one of them (the caller checked membership).
pub async fn members_page(conn: &mut Conn, shop_id: i64, caller: i64) -> Result<MembersPage, AppError> {
    let rows = super::db::members_of(&mut *conn, shop_id).await?;
    let ids: Vec<i64> = rows.iter().map(|(id, _, _)| *id).collect();
    let emails = crate::accounts::service::emails_of(&mut *conn, &ids).await?;
    let shop_name = shop_names(&mut *conn, &[shop_id])
        .await?
        .remove(&shop_id)
        .unwrap_or_default();
    Ok(MembersPage {
        shop_id,
        shop_name,
        caller_is_owner: is_owner(conn, shop_id, caller).await?,
        members: rows
            .into_iter()
            .map(|(user_id, role, since)| ShopMember {
                email: emails.get(&user_id).cloned().unwrap_or_default(),
                role: if role == MemberRole::Owner.as_db() {
                    MemberRole::Owner
                } else {
                    MemberRole::Staff
                },
                since_ms: since,
                user_id,
            })
            .collect(),
    })
}

/// An owner adds a registered account as staff of their shop; the new
/// member is told by mail. Returns the new member's id.
#[tracing::instrument(skip(tx, email))]
pub async fn invite_staff(tx: &mut Tx, owner: i64, shop_id: i64, email: &str) -> Result<i64, AppError> {
    if !is_owner(tx, shop_id, owner).await? {
        return Err(AppError::new(ErrorCode::Forbidden));
    }
    if email.trim().is_empty() {
        return Err(AppError::field("email", ErrorCode::Required));
    }
    let (user_id, address) = crate::accounts::service::account_by_email(tx, email)
        .await?
        .ok_or(AppError::field("email", ErrorCode::NoSuchAccount))?;
    if super::db::role_of(&mut **tx, shop_id, user_id).await?.is_some() {
        return Err(AppError::field("email", ErrorCode::AlreadyMember));
    }
    add_member(tx, shop_id, user_id, MemberRole::Staff).await?;
    let name = shop_names(tx, &[shop_id]).await?.remove(&shop_id).unwrap_or_default();
    let body = format!("You can now act for the shop {name} on Jishi: its orders, products and inventory are in the seller portal (/seller).");
    crate::accounts::service::queue_mail(tx, &address, &format!("You were added to {name}"), &body).await?;
    audit::record(
        tx,
        &AuditEntry {
            subject: SHOP_SUBJECT,
            subject_id: shop_id,
            action: "member_added",
            from_status: None,
            to_status: None,
            actor_kind: "merchant",
            actor_id: Some(owner),
            reason: "",
            detail: &user_id.to_string(),
        },
        now_ms(),
    )
    .await?;
    Ok(user_id)
}

/// An owner removes a staff member from their shop.
#[tracing::instrument(skip(tx))]
pub async fn remove_staff(tx: &mut Tx, owner: i64, shop_id: i64, user_id: i64) -> Result<(), AppError> {
    if !is_owner(tx, shop_id, owner).await? {
        return Err(AppError::new(ErrorCode::Forbidden));
    }
    if super::db::remove_staff(&mut **tx, shop_id, user_id).await? == 0 {
        return Err(AppError::new(ErrorCode::NotFound));
    }
    audit::record(
        tx,
        &AuditEntry {
            subject: SHOP_SUBJECT,
            subject_id: shop_id,
            action: "member_removed",
            from_status: None,
            to_status: None,
            actor_kind: "merchant",
            actor_id: Some(owner),
            reason: "",
            detail: &user_id.to_string(),
        },
        now_ms(),
    )
    .await?;
    Ok(())
}

// ---- shop profiles ----

use super::model::{ProfileChange, QueuedProfileChange, ShopProfile};

fn profile_change(row: &super::db::ProfileChangeRow) -> ProfileChange {
    ProfileChange {
        change_id: row.change_id,
        shop_id: row.shop_id,
        name: row.name.clone(),
        logo_url: row.logo_key.as_deref().map(crate::media::url_for),
        since_ms: row.updated_at,
    }
}

/// A shop's profile for its members (the caller checked membership).
pub async fn shop_profile(conn: &mut Conn, shop_id: i64) -> Result<ShopProfile, AppError> {
    let row = super::db::shop_profile(&mut *conn, shop_id)
        .await?
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    let latest = super::db::latest_profile_change(conn, shop_id).await?;
    Ok(ShopProfile {
        shop_id,
        name: row.name,
        description: row.description,
        logo_url: row.logo_key.as_deref().map(crate::media::url_for),
        pending: latest.as_ref().filter(|c| c.status == "pending").map(profile_change),
        last_rejection: latest.filter(|c| c.status == "rejected").map(|c| c.reason),
    })
}

/// What a member asks of the shop's profile: the description changes at
/// once; a new name or logo waits for an operator. `logo_key`: a logo just
/// stored.
#[tracing::instrument(skip(tx, description))]
pub async fn update_profile(
    tx: &mut Tx,
    user_id: i64,
    shop_id: i64,
    name: &str,
    description: &str,
    logo_key: Option<&str>,
) -> Result<bool, AppError> {
    let mut errors = crate::error::FieldErrors::default();
    let name = errors.check("shop_name", domain::ShopName::parse(name));
    let description = errors.check(
        "shop_description",
        domain::parse_text(description, domain::MAX_DESCRIPTION),
    );
    let (Some(name), Some(description)) = (name, description) else {
        return Err(errors
            .into_error()
            .unwrap_or_else(|| AppError::new(ErrorCode::BadRequest)));
    };
    let current = super::db::shop_profile(&mut **tx, shop_id)
        .await?
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    let now = now_ms();
    if description != current.description {
        super::db::set_shop_description(&mut **tx, shop_id, &description, now).await?;
        record(tx, Change::Shop(shop_id)).await?;
    }
    let pending = super::db::latest_profile_change(&mut **tx, shop_id)
        .await?
        .filter(|c| c.status == "pending");
    // The logo a change would bring: the one just uploaded, else the one
    // already waiting, else the current one.
    let logo = logo_key
        .map(str::to_string)
        .or_else(|| pending.as_ref().and_then(|c| c.logo_key.clone()))
        .or(current.logo_key.clone());
    let changes = name.as_str() != current.name || logo != current.logo_key;
    if !changes {
        return Ok(false);
    }
    if name.as_str().to_lowercase() != current.name.to_lowercase()
        && super::db::shop_name_exists(&mut **tx, name.as_str(), shop_id).await?
    {
        return Err(AppError::field("shop_name", ErrorCode::ShopNameTaken));
    }
    super::db::upsert_profile_change(tx, shop_id, name.as_str(), logo.as_deref(), user_id, now).await?;
    Ok(true)
}

/// Name and logo changes waiting for an operator, oldest first, with what
/// they would replace.
pub async fn queued_profile_changes(conn: &mut Conn) -> Result<Vec<QueuedProfileChange>, AppError> {
    let rows = super::db::pending_profile_changes(&mut *conn, 100).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.shop_id).collect();
    let current: std::collections::HashMap<i64, (String, Option<String>)> = if ids.is_empty() {
        Default::default()
    } else {
        super::db::shop_names_and_logos(conn, &ids)
            .await?
            .into_iter()
            .map(|(id, name, logo)| (id, (name, logo)))
            .collect()
    };
    Ok(rows
        .iter()
        .map(|row| {
            let (name, logo) = current.get(&row.shop_id).cloned().unwrap_or_default();
            QueuedProfileChange {
                change: profile_change(row),
                current_name: name,
                current_logo_url: logo.as_deref().map(crate::media::url_for),
            }
        })
        .collect())
}

/// An operator's decision on a name or logo change, as they saw it
/// (`seen`): approved, the shop takes them (its pages follow at once).
#[tracing::instrument(skip(tx, reason))]
pub async fn decide_profile_change(
    tx: &mut Tx,
    operator_id: i64,
    change_id: i64,
    seen: i64,
    approve: bool,
    reason: &str,
) -> Result<(), AppError> {
    let change = super::db::change_by_id(&mut **tx, change_id)
        .await?
        .ok_or(AppError::new(ErrorCode::NotFound))?;
    if !approve && reason.trim().is_empty() {
        return Err(AppError::field(&format!("reason-{change_id}"), ErrorCode::Required));
    }
    let now = now_ms();
    let to = if approve { "approved" } else { "rejected" };
    if super::db::decide_profile_change(&mut **tx, change_id, seen, to, reason.trim(), now).await? == 0 {
        return Err(AppError::new(ErrorCode::ShopStateInvalid));
    }
    if approve {
        if super::db::shop_name_exists(&mut **tx, &change.name, change.shop_id).await? {
            return Err(AppError::new(ErrorCode::ShopNameTaken));
        }
        rename_shop(tx, change.shop_id, &change.name).await?;
        super::db::set_shop_logo(&mut **tx, change.shop_id, change.logo_key.as_deref(), now).await?;
    }
    let kind = if approve {
        NotificationKind::ProfileApproved
    } else {
        NotificationKind::ProfileRejected
    };
    notify(tx, change.shop_id, kind, change.shop_id, &change.name, reason.trim()).await?;
    audit::record(
        tx,
        &AuditEntry {
            subject: SHOP_SUBJECT,
            subject_id: change.shop_id,
            action: if approve {
                "profile_approved"
            } else {
                "profile_rejected"
            },
            from_status: None,
            to_status: None,
            actor_kind: "operator",
            actor_id: Some(operator_id),
            reason: reason.trim(),
            detail: &change.name,
        },
        now,
    )
    .await?;
    Ok(())
}
