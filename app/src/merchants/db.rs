//! Every SQL statement of the merchants domain, on shop and shop_member.

use crate::server::db::placeholders;
use sqlx::{Any, Executor};

pub async fn shop_ids_of_member<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("select shop_id from shop_member where user_id = $1 order by shop_id")
        .bind(user_id)
        .fetch_all(ex)
        .await
}

pub async fn count_shops<'e, E: Executor<'e, Database = Any>>(ex: E) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("select count(*) from shop").fetch_one(ex).await
}

pub async fn insert_shop<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    slug: &str,
    name: &str,
    description: &str,
    status: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into shop (slug, name, description, status, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $5) returning shop_id",
    )
    .bind(slug)
    .bind(name)
    .bind(description)
    .bind(status)
    .bind(now)
    .fetch_one(ex)
    .await
}

pub async fn add_member<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    user_id: i64,
    role: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("insert into shop_member (shop_id, user_id, role, created_at, updated_at) values ($1, $2, $3, $4, $4)")
        .bind(shop_id)
        .bind(user_id)
        .bind(role)
        .bind(now)
        .execute(ex)
        .await?;
    Ok(())
}

/// Renames a shop; 0 rows means there is no such shop.
pub async fn rename_shop<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    name: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("update shop set name = $1, updated_at = $2 where shop_id = $3")
            .bind(name)
            .bind(now)
            .bind(shop_id)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

#[derive(sqlx::FromRow)]
pub struct ShopRow {
    pub shop_id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
}

pub async fn shop_by_id<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    status: &str,
) -> Result<Option<ShopRow>, sqlx::Error> {
    sqlx::query_as("select shop_id, slug, name, description from shop where shop_id = $1 and status = $2")
        .bind(shop_id)
        .bind(status)
        .fetch_optional(ex)
        .await
}

pub async fn shops_by_ids<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_ids: &[i64],
    status: &str,
) -> Result<Vec<ShopRow>, sqlx::Error> {
    let sql = format!(
        "select shop_id, slug, name, description from shop where status = $1 and shop_id in ({})",
        placeholders(2, shop_ids.len())
    );
    let mut query = sqlx::query_as(&sql).bind(status);
    for id in shop_ids {
        query = query.bind(*id);
    }
    query.fetch_all(ex).await
}

pub async fn shop_by_slug<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    slug: &str,
    status: &str,
) -> Result<Option<ShopRow>, sqlx::Error> {
    sqlx::query_as("select shop_id, slug, name, description from shop where slug = $1 and status = $2")
        .bind(slug)
        .bind(status)
        .fetch_optional(ex)
        .await
}

pub async fn shop_ids_with_status<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    status: &str,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("select shop_id from shop where status = $1")
        .bind(status)
        .fetch_all(ex)
        .await
}

/// Moves a shop from the status the caller read to another; 0 rows: it
/// changed meanwhile (or there is no such shop).
pub async fn set_shop_status_from<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    from: &str,
    to: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("update shop set status = $1, updated_at = $2 where shop_id = $3 and status = $4")
            .bind(to)
            .bind(now)
            .bind(shop_id)
            .bind(from)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

/// A shop's status, whatever it is.
pub async fn shop_status<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("select status from shop where shop_id = $1")
        .bind(shop_id)
        .fetch_optional(ex)
        .await
}

pub async fn shop_slugs<'e, E: Executor<'e, Database = Any>>(ex: E, status: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("select slug from shop where status = $1 order by shop_id")
        .bind(status)
        .fetch_all(ex)
        .await
}

/// A shop as its own merchants and the operator console see it (any status).
#[derive(sqlx::FromRow)]
pub struct ShopStatusRow {
    pub shop_id: i64,
    pub slug: String,
    pub name: String,
    pub status: String,
}

/// The shops `user_id` is a member of, whatever their status: a merchant
/// still sees a suspended shop in the seller portal.
pub async fn member_shops<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: i64,
) -> Result<Vec<ShopStatusRow>, sqlx::Error> {
    sqlx::query_as(
        "select s.shop_id, s.slug, s.name, s.status
         from shop s join shop_member m on m.shop_id = s.shop_id
         where m.user_id = $1
         order by s.shop_id",
    )
    .bind(user_id)
    .fetch_all(ex)
    .await
}

/// A shop in the operator console's list, with its owner's user id (the
/// earliest owner when there are several).
#[derive(sqlx::FromRow)]
pub struct ConsoleShopRow {
    pub shop_id: i64,
    pub slug: String,
    pub name: String,
    pub status: String,
    pub owner_user_id: Option<i64>,
}

/// Every shop, newest first, at most `limit`, for the operator console.
/// Shops newest first, those whose name or address contains `pattern`
/// (a `like` pattern; `%` for all).
pub async fn console_shops<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    owner_role: &str,
    pattern: &str,
    limit: i64,
) -> Result<Vec<ConsoleShopRow>, sqlx::Error> {
    sqlx::query_as(
        "select s.shop_id, s.slug, s.name, s.status,
                (select m.user_id from shop_member m
                 where m.shop_id = s.shop_id and m.role = $2
                 order by m.created_at, m.user_id limit 1) as owner_user_id
         from shop s
         where lower(s.name) like $3 escape '\\' or s.slug like $3 escape '\\'
         order by s.shop_id desc
         limit $1",
    )
    .bind(limit)
    .bind(owner_role)
    .bind(pattern)
    .fetch_all(ex)
    .await
}

/// (shop, flat fee, free-over threshold) for many shops.
pub async fn shipping_rules<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_ids: &[i64],
) -> Result<Vec<(i64, i64, Option<i64>)>, sqlx::Error> {
    let sql = format!(
        "select shop_id, shipping_fee_minor, free_shipping_over_minor from shop where shop_id in ({})",
        placeholders(1, shop_ids.len())
    );
    let mut query = sqlx::query_as(&sql);
    for id in shop_ids {
        query = query.bind(*id);
    }
    query.fetch_all(ex).await
}

pub async fn set_shipping_rule<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    fee_minor: i64,
    free_over_minor: Option<i64>,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update shop set shipping_fee_minor = $1, free_shipping_over_minor = $2, updated_at = $3 where shop_id = $4",
    )
    .bind(fee_minor)
    .bind(free_over_minor)
    .bind(now)
    .bind(shop_id)
    .execute(ex)
    .await?
    .rows_affected())
}

pub async fn shop_names<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_ids: &[i64],
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let sql = format!(
        "select shop_id, name from shop where shop_id in ({})",
        placeholders(1, shop_ids.len())
    );
    let mut query = sqlx::query_as(&sql);
    for id in shop_ids {
        query = query.bind(*id);
    }
    query.fetch_all(ex).await
}

pub async fn shops_by_ids_any_status<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_ids: &[i64],
) -> Result<Vec<ShopRow>, sqlx::Error> {
    let sql = format!(
        "select shop_id, slug, name, description from shop where shop_id in ({}) order by shop_id",
        placeholders(1, shop_ids.len())
    );
    let mut query = sqlx::query_as(&sql);
    for id in shop_ids {
        query = query.bind(*id);
    }
    query.fetch_all(ex).await
}

// ---- applications and their documents ----

/// The columns every application read selects.
const APPLICATION_COLUMNS: &str = "application_id, user_id, status, draft, reopened, reason, agreed_version, agreed_at,
     submitted_at, decided_at, shop_id, created_at, updated_at";

#[derive(sqlx::FromRow)]
pub struct ApplicationRow {
    pub application_id: i64,
    pub user_id: i64,
    pub status: String,
    pub draft: String,
    pub reopened: String,
    pub reason: String,
    pub agreed_version: Option<String>,
    pub agreed_at: Option<i64>,
    pub submitted_at: Option<i64>,
    pub decided_at: Option<i64>,
    pub shop_id: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

pub async fn insert_application<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: i64,
    status: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into merchant_application (user_id, status, created_at, updated_at)
         values ($1, $2, $3, $3) returning application_id",
    )
    .bind(user_id)
    .bind(status)
    .bind(now)
    .fetch_one(ex)
    .await
}

/// A person's newest application.
pub async fn latest_application<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: i64,
) -> Result<Option<ApplicationRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select {APPLICATION_COLUMNS} from merchant_application where user_id = $1
         order by application_id desc limit 1"
    ))
    .bind(user_id)
    .fetch_optional(ex)
    .await
}

pub async fn application_by_id<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    application_id: i64,
) -> Result<Option<ApplicationRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select {APPLICATION_COLUMNS} from merchant_application where application_id = $1"
    ))
    .bind(application_id)
    .fetch_optional(ex)
    .await
}

/// Saves what the applicant typed, if the application is still theirs to
/// edit in the status the caller read; 0 rows: it moved on meanwhile.
pub async fn save_draft<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    application_id: i64,
    user_id: i64,
    status: &str,
    draft: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update merchant_application set draft = $1, updated_at = $2
         where application_id = $3 and user_id = $4 and status = $5",
    )
    .bind(draft)
    .bind(now)
    .bind(application_id)
    .bind(user_id)
    .bind(status)
    .execute(ex)
    .await?
    .rows_affected())
}

/// The values that must be unique among live applications, set on
/// submission.
pub struct SubmittedKeys<'a> {
    pub shop_name: &'a str,
    pub credit_code: Option<&'a str>,
    pub id_number: Option<&'a str>,
    pub bank_account_number: &'a str,
    pub agreed_version: &'a str,
}

/// Sends an application for review (guarded by the status the caller
/// read). A unique violation means another live application holds a key.
pub async fn submit_application<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    application_id: i64,
    from_status: &str,
    to_status: &str,
    keys: &SubmittedKeys<'_>,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update merchant_application set status = $1, shop_name = $2, credit_code = $3, id_number = $4,
             bank_account_number = $5, agreed_version = $6, agreed_at = $7, submitted_at = $7,
             reopened = '', updated_at = $7
         where application_id = $8 and status = $9",
    )
    .bind(to_status)
    .bind(keys.shop_name)
    .bind(keys.credit_code)
    .bind(keys.id_number)
    .bind(keys.bank_account_number)
    .bind(keys.agreed_version)
    .bind(now)
    .bind(application_id)
    .bind(from_status)
    .execute(ex)
    .await?
    .rows_affected())
}

/// Which of the keys another live application already holds: one row per
/// clash, naming the column.
pub async fn live_key_clashes<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    application_id: i64,
    keys: &SubmittedKeys<'_>,
    live: &[&str],
) -> Result<Vec<String>, sqlx::Error> {
    let statuses = placeholders(6, live.len());
    let clash = |column: &str, test: &str| {
        format!(
            "select '{column}' from merchant_application
             where application_id <> $5 and status in ({statuses}) and {test}"
        )
    };
    // One branch per key, so an application clashing on several names each.
    let sql = [
        clash("shop_name", "shop_name = $1"),
        clash("credit_code", "credit_code = $2"),
        clash("id_number", "id_number = $3"),
        clash("bank_account_number", "bank_account_number = $4"),
    ]
    .join(" union ");
    let mut q = sqlx::query_scalar(&sql)
        .bind(keys.shop_name)
        .bind(keys.credit_code)
        .bind(keys.id_number)
        .bind(keys.bank_account_number)
        .bind(application_id);
    for s in live {
        q = q.bind(*s);
    }
    q.fetch_all(ex).await
}

/// Whether an existing shop (other than `except_shop`) has this name,
/// ignoring case.
pub async fn shop_name_exists<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    name: &str,
    except_shop: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("select count(*) from shop where lower(name) = lower($1) and shop_id <> $2")
        .bind(name)
        .bind(except_shop)
        .fetch_one(ex)
        .await?;
    Ok(n > 0)
}

/// An operator's decision, guarded by the status the caller read.
#[expect(clippy::too_many_arguments, reason = "one argument per column the decision sets")]
pub async fn decide_application<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    application_id: i64,
    from_status: &str,
    to_status: &str,
    reason: &str,
    reopened: &str,
    shop_id: Option<i64>,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update merchant_application set status = $1, reason = $2, reopened = $3, shop_id = $4,
             decided_at = $5, updated_at = $5
         where application_id = $6 and status = $7",
    )
    .bind(to_status)
    .bind(reason)
    .bind(reopened)
    .bind(shop_id)
    .bind(now)
    .bind(application_id)
    .bind(from_status)
    .execute(ex)
    .await?
    .rows_affected())
}

/// How many applications are in each status.
pub async fn application_counts<'e, E: Executor<'e, Database = Any>>(ex: E) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as("select status, count(*) from merchant_application group by status")
        .fetch_all(ex)
        .await
}

#[derive(sqlx::FromRow)]
pub struct QueueRow {
    pub application_id: i64,
    pub user_id: i64,
    pub status: String,
    pub draft: String,
    pub submitted_at: Option<i64>,
}

/// One page of the applications in a status, oldest submission first.
pub async fn application_queue<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    status: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<QueueRow>, sqlx::Error> {
    sqlx::query_as(
        "select application_id, user_id, status, draft, submitted_at from merchant_application
         where status = $1 order by submitted_at, application_id limit $2 offset $3",
    )
    .bind(status)
    .bind(limit)
    .bind(offset)
    .fetch_all(ex)
    .await
}

#[derive(sqlx::FromRow)]
pub struct DocumentRow {
    pub document_id: i64,
    pub user_id: i64,
    pub application_id: i64,
    pub field: String,
    pub storage_key: String,
    pub file_name: String,
    pub content_type: String,
    pub byte_size: i64,
}

#[expect(clippy::too_many_arguments, reason = "one argument per column of the new row")]
pub async fn insert_document<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    user_id: i64,
    application_id: i64,
    field: &str,
    storage_key: &str,
    file_name: &str,
    content_type: &str,
    byte_size: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into merchant_document (user_id, application_id, field, storage_key, file_name, content_type,
             byte_size, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $8) returning document_id",
    )
    .bind(user_id)
    .bind(application_id)
    .bind(field)
    .bind(storage_key)
    .bind(file_name)
    .bind(content_type)
    .bind(byte_size)
    .bind(now)
    .fetch_one(ex)
    .await
}

const DOCUMENT_COLUMNS: &str =
    "document_id, user_id, application_id, field, storage_key, file_name, content_type, byte_size";

pub async fn document_by_id<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    document_id: i64,
) -> Result<Option<DocumentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select {DOCUMENT_COLUMNS} from merchant_document where document_id = $1"
    ))
    .bind(document_id)
    .fetch_optional(ex)
    .await
}

pub async fn documents_by_ids<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    document_ids: &[i64],
) -> Result<Vec<DocumentRow>, sqlx::Error> {
    let sql = format!(
        "select {DOCUMENT_COLUMNS} from merchant_document where document_id in ({})",
        placeholders(1, document_ids.len())
    );
    let mut q = sqlx::query_as(&sql);
    for id in document_ids {
        q = q.bind(*id);
    }
    q.fetch_all(ex).await
}

pub async fn set_shop_logo<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    logo_key: Option<&str>,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("update shop set logo_key = $1, updated_at = $2 where shop_id = $3")
            .bind(logo_key)
            .bind(now)
            .bind(shop_id)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

// ---- notifications ----

pub async fn insert_notification<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    kind: &str,
    subject_id: i64,
    subject_text: &str,
    reason: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into notification (shop_id, kind, subject_id, subject_text, reason, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(shop_id)
    .bind(kind)
    .bind(subject_id)
    .bind(subject_text)
    .bind(reason)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
pub struct NotificationRow {
    pub notification_id: i64,
    pub kind: String,
    pub subject_id: i64,
    pub subject_text: String,
    pub reason: String,
    pub read_at: Option<i64>,
    pub created_at: i64,
}

/// One shop's notifications, newest first, before `before` (paging).
pub async fn notifications<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<NotificationRow>, sqlx::Error> {
    sqlx::query_as(
        "select notification_id, kind, subject_id, subject_text, reason, read_at, created_at from notification
         where shop_id = $1 and ($2 is null or notification_id < $2)
         order by notification_id desc limit $3",
    )
    .bind(shop_id)
    .bind(before)
    .bind(limit)
    .fetch_all(ex)
    .await
}

/// Unread notifications per shop.
pub async fn unread_counts<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_ids: &[i64],
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let sql = format!(
        "select shop_id, count(*) from notification where read_at is null and shop_id in ({}) group by shop_id",
        placeholders(1, shop_ids.len())
    );
    let mut q = sqlx::query_as(&sql);
    for id in shop_ids {
        q = q.bind(*id);
    }
    q.fetch_all(ex).await
}

/// Marks a shop's notifications read (up to `up_to`, so one arriving while
/// the list was read stays unread).
pub async fn mark_read<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    up_to: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update notification set read_at = $1, updated_at = $1
         where shop_id = $2 and read_at is null and notification_id <= $3",
    )
    .bind(now)
    .bind(shop_id)
    .bind(up_to)
    .execute(ex)
    .await?
    .rows_affected())
}

// ---- members ----

/// (user, role, since) of a shop's members, owners first.
pub async fn members_of<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
) -> Result<Vec<(i64, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "select user_id, role, created_at from shop_member where shop_id = $1
         order by case role when 'owner' then 0 else 1 end, created_at, user_id",
    )
    .bind(shop_id)
    .fetch_all(ex)
    .await
}

pub async fn role_of<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    user_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("select role from shop_member where shop_id = $1 and user_id = $2")
        .bind(shop_id)
        .bind(user_id)
        .fetch_optional(ex)
        .await
}

/// Removes a staff member (never an owner).
pub async fn remove_staff<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    user_id: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("delete from shop_member where shop_id = $1 and user_id = $2 and role = 'staff'")
            .bind(shop_id)
            .bind(user_id)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

// ---- shop profiles ----

#[derive(sqlx::FromRow)]
pub struct ProfileRow {
    pub name: String,
    pub description: String,
    pub logo_key: Option<String>,
}

pub async fn shop_profile<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
) -> Result<Option<ProfileRow>, sqlx::Error> {
    sqlx::query_as("select name, description, logo_key from shop where shop_id = $1")
        .bind(shop_id)
        .fetch_optional(ex)
        .await
}

/// (shop, name, logo) of many shops, in one statement.
pub async fn shop_names_and_logos<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_ids: &[i64],
) -> Result<Vec<(i64, String, Option<String>)>, sqlx::Error> {
    let sql = format!(
        "select shop_id, name, logo_key from shop where shop_id in ({})",
        placeholders(1, shop_ids.len())
    );
    let mut q = sqlx::query_as(&sql);
    for id in shop_ids {
        q = q.bind(*id);
    }
    q.fetch_all(ex).await
}

pub async fn set_shop_description<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    description: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("update shop set description = $1, updated_at = $2 where shop_id = $3")
            .bind(description)
            .bind(now)
            .bind(shop_id)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

#[derive(sqlx::FromRow)]
pub struct ProfileChangeRow {
    pub change_id: i64,
    pub shop_id: i64,
    pub status: String,
    pub name: String,
    pub logo_key: Option<String>,
    pub reason: String,
    pub updated_at: i64,
}

const CHANGE_COLUMNS: &str = "change_id, shop_id, status, name, logo_key, reason, updated_at";

/// A shop's latest profile change (pending or decided).
pub async fn latest_profile_change<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
) -> Result<Option<ProfileChangeRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select {CHANGE_COLUMNS} from shop_profile_change where shop_id = $1 order by change_id desc limit 1"
    ))
    .bind(shop_id)
    .fetch_optional(ex)
    .await
}

pub async fn pending_profile_changes<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    limit: i64,
) -> Result<Vec<ProfileChangeRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select {CHANGE_COLUMNS} from shop_profile_change where status = 'pending' order by updated_at, change_id limit $1"
    ))
    .bind(limit)
    .fetch_all(ex)
    .await
}

/// Puts a name and logo up for review (replacing a pending change).
pub async fn upsert_profile_change(
    tx: &mut sqlx::AnyConnection,
    shop_id: i64,
    name: &str,
    logo_key: Option<&str>,
    by: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    let updated = sqlx::query(
        "update shop_profile_change set name = $1, logo_key = $2, requested_by = $3, updated_at = $4
         where shop_id = $5 and status = 'pending'",
    )
    .bind(name)
    .bind(logo_key)
    .bind(by)
    .bind(now)
    .bind(shop_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated == 0 {
        sqlx::query(
            "insert into shop_profile_change (shop_id, status, name, logo_key, requested_by, created_at, updated_at)
             values ($1, 'pending', $2, $3, $4, $5, $5)",
        )
        .bind(shop_id)
        .bind(name)
        .bind(logo_key)
        .bind(by)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Decides a pending change as the operator saw it; 0 rows: decided or
/// edited meanwhile.
pub async fn decide_profile_change<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    change_id: i64,
    seen: i64,
    to: &str,
    reason: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update shop_profile_change set status = $1, reason = $2, updated_at = $3
         where change_id = $4 and status = 'pending' and updated_at = $5",
    )
    .bind(to)
    .bind(reason)
    .bind(now)
    .bind(change_id)
    .bind(seen)
    .execute(ex)
    .await?
    .rows_affected())
}

pub async fn change_by_id<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    change_id: i64,
) -> Result<Option<ProfileChangeRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select {CHANGE_COLUMNS} from shop_profile_change where change_id = $1"
    ))
    .bind(change_id)
    .fetch_optional(ex)
    .await
}
