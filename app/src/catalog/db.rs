//! Every SQL statement of the catalog, on category, brand, product, sku and
//! product_image.

use super::model::ListingStatus;
use crate::server::db::placeholders;
use sqlx::{Any, Executor, FromRow};

const LIVE: &str = ListingStatus::Live.as_db();

#[derive(FromRow)]
pub struct CategoryRow {
    pub category_id: i64,
    pub parent_id: Option<i64>,
    pub slug: String,
    pub name_en: String,
    pub name_zh: String,
}

pub async fn all_categories<'e, E: Executor<'e, Database = Any>>(ex: E) -> Result<Vec<CategoryRow>, sqlx::Error> {
    sqlx::query_as("select category_id, parent_id, slug, name_en, name_zh from category order by position, category_id")
        .fetch_all(ex)
        .await
}

pub async fn count_products<'e, E: Executor<'e, Database = Any>>(ex: E) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("select count(*) from product").fetch_one(ex).await
}

pub async fn count_live_products<'e, E: Executor<'e, Database = Any>>(ex: E) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("select count(*) from product where status = $1")
        .bind(LIVE)
        .fetch_one(ex)
        .await
}

pub async fn insert_category<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    parent_id: Option<i64>,
    slug: &str,
    name_en: &str,
    name_zh: &str,
    position: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into category (parent_id, slug, name_en, name_zh, position, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $6) returning category_id",
    )
    .bind(parent_id)
    .bind(slug)
    .bind(name_en)
    .bind(name_zh)
    .bind(position)
    .bind(now)
    .fetch_one(ex)
    .await
}

pub async fn insert_brand<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    name: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("insert into brand (name, created_at, updated_at) values ($1, $2, $2) returning brand_id")
        .bind(name)
        .bind(now)
        .fetch_one(ex)
        .await
}

/// A new product row (its options, SKUs and images are rows of their own).
pub struct NewProduct<'a> {
    pub shop_id: i64,
    pub category_id: i64,
    pub brand_id: Option<i64>,
    pub title: &'a str,
    pub description: &'a str,
    pub status: &'a str,
    pub price_min_minor: i64,
    pub price_max_minor: i64,
    pub sales_count: i64,
    pub rating_count: i64,
    pub rating_sum: i64,
    pub created_at: i64,
}

pub async fn insert_product<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    p: &NewProduct<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into product (shop_id, category_id, brand_id, title, description, status,
             price_min_minor, price_max_minor, sales_count, rating_count, rating_sum, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) returning product_id",
    )
    .bind(p.shop_id)
    .bind(p.category_id)
    .bind(p.brand_id)
    .bind(p.title)
    .bind(p.description)
    .bind(p.status)
    .bind(p.price_min_minor)
    .bind(p.price_max_minor)
    .bind(p.sales_count)
    .bind(p.rating_count)
    .bind(p.rating_sum)
    .bind(p.created_at)
    .fetch_one(ex)
    .await
}

pub async fn insert_option<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    product_id: i64,
    position: i64,
    name_en: &str,
    name_zh: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into product_option (product_id, position, name_en, name_zh, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $5) returning option_id",
    )
    .bind(product_id)
    .bind(position)
    .bind(name_en)
    .bind(name_zh)
    .bind(now)
    .fetch_one(ex)
    .await
}

pub async fn insert_option_value<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    option_id: i64,
    position: i64,
    value_en: &str,
    value_zh: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into option_value (option_id, position, value_en, value_zh, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $5) returning value_id",
    )
    .bind(option_id)
    .bind(position)
    .bind(value_en)
    .bind(value_zh)
    .bind(now)
    .fetch_one(ex)
    .await
}

pub async fn insert_sku<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    product_id: i64,
    code: &str,
    price_minor: i64,
    stock: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into sku (product_id, code, price_minor, stock, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $5) returning sku_id",
    )
    .bind(product_id)
    .bind(code)
    .bind(price_minor)
    .bind(stock)
    .bind(now)
    .fetch_one(ex)
    .await
}

pub async fn link_sku_value<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    sku_id: i64,
    option_id: i64,
    value_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into sku_option_value (sku_id, option_id, value_id, created_at, updated_at) values ($1, $2, $3, $4, $4)",
    )
    .bind(sku_id)
    .bind(option_id)
    .bind(value_id)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

/// An image row to insert.
pub struct NewImageRow<'a> {
    pub product_id: i64,
    pub position: i64,
    pub media_key: &'a str,
    pub width: i64,
    pub height: i64,
    pub alt: &'a str,
    pub option_value_id: Option<i64>,
}

pub async fn insert_image<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    image: &NewImageRow<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into product_image (product_id, position, media_key, width, height, alt, option_value_id, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
    )
    .bind(image.product_id)
    .bind(image.position)
    .bind(image.media_key)
    .bind(image.width)
    .bind(image.height)
    .bind(image.alt)
    .bind(image.option_value_id)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn sku_stock<'e, E: Executor<'e, Database = Any>>(ex: E, sku_id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("select stock from sku where sku_id = $1")
        .bind(sku_id)
        .fetch_optional(ex)
        .await
}

/// Takes `quantity` from a SKU's stock only if that much is there, at the
/// price the buyer saw, from a product in `live_status`; returns (stock
/// left, product). `None` means none of that held (sold out, repriced,
/// delisted or no such SKU): stock never goes below zero, however many
/// buyers race.
pub async fn take_stock<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    sku_id: i64,
    quantity: i64,
    price_minor: i64,
    live_status: &str,
    now: i64,
) -> Result<Option<(i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "update sku set stock = stock - $1, updated_at = $2
         where sku_id = $3 and stock >= $1 and price_minor = $4
           and exists (select 1 from product p where p.product_id = sku.product_id and p.status = $5)
         returning stock, product_id, low_stock_threshold",
    )
    .bind(quantity)
    .bind(now)
    .bind(sku_id)
    .bind(price_minor)
    .bind(live_status)
    .fetch_optional(ex)
    .await
}

/// Adds stock back; returns (stock now, product), `None` for no such SKU.
pub async fn restore_stock<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    sku_id: i64,
    quantity: i64,
    now: i64,
) -> Result<Option<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("update sku set stock = stock + $1, updated_at = $2 where sku_id = $3 returning stock, product_id")
        .bind(quantity)
        .bind(now)
        .bind(sku_id)
        .fetch_optional(ex)
        .await
}

/// Locks a SKU's row: an update that changes nothing still takes it.
pub async fn hold_stock<'e, E: Executor<'e, Database = Any>>(ex: E, sku_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("update sku set stock = stock where sku_id = $1")
        .bind(sku_id)
        .execute(ex)
        .await?;
    Ok(())
}

/// (product, title) of these products.
pub async fn titles<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    ids: &[i64],
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "select product_id, title from product where product_id in ({})",
        crate::server::db::placeholders(1, ids.len())
    );
    let mut q = sqlx::query_as(&sql);
    for id in ids {
        q = q.bind(*id);
    }
    q.fetch_all(ex).await
}

/// Sets a product's rating to none (the benchmark's made-up ratings, before
/// real reviews replace them).
pub async fn clear_rating<'e, E: Executor<'e, Database = Any>>(ex: E, product_id: i64) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("update product set rating_count = 0, rating_sum = 0 where product_id = $1")
            .bind(product_id)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

/// Moves a product's rating count and sum (reviews published or withdrawn).
/// `updated_at` stays: it is the version an operator's listing decision
/// names, and a rating is not a change of the listing.
pub async fn add_rating<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    product_id: i64,
    count: i64,
    sum: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update product set rating_count = rating_count + $1, rating_sum = rating_sum + $2 where product_id = $3",
    )
    .bind(count)
    .bind(sum)
    .bind(product_id)
    .execute(ex)
    .await?
    .rows_affected())
}

/// Counts a change of a product's reviews section (its rendered copies go).
pub async fn touch_reviews<'e, E: Executor<'e, Database = Any>>(ex: E, product_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("update product set reviews_version = reviews_version + 1 where product_id = $1")
        .bind(product_id)
        .execute(ex)
        .await?;
    Ok(())
}

/// The version of a product's reviews section (None: no such product).
pub async fn reviews_version<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    product_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("select reviews_version from product where product_id = $1")
        .bind(product_id)
        .fetch_optional(ex)
        .await
}

pub async fn add_sales<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    product_id: i64,
    units: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("update product set sales_count = sales_count + $1, updated_at = $2 where product_id = $3")
            .bind(units)
            .bind(now)
            .bind(product_id)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

/// Sets a SKU's stock; returns its product, `None` when there is no such SKU.
pub async fn set_stock<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    sku_id: i64,
    stock: i64,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("update sku set stock = $1, updated_at = $2 where sku_id = $3 returning product_id")
        .bind(stock)
        .bind(now)
        .bind(sku_id)
        .fetch_optional(ex)
        .await
}

/// Sets a SKU's price; returns its product, `None` when there is no such SKU.
pub async fn set_title<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    product_id: i64,
    title: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("update product set title = $1, updated_at = $2 where product_id = $3")
            .bind(title)
            .bind(now)
            .bind(product_id)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

pub async fn set_price<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    sku_id: i64,
    price_minor: i64,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("update sku set price_minor = $1, updated_at = $2 where sku_id = $3 returning product_id")
        .bind(price_minor)
        .bind(now)
        .bind(sku_id)
        .fetch_optional(ex)
        .await
}

/// Recomputes a product's price range from its SKUs (it is kept on the
/// product for sorting and filtering).
pub async fn refresh_price_range<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    product_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update product set
             price_min_minor = (select coalesce(min(price_minor), 0) from sku where product_id = $1),
             price_max_minor = (select coalesce(max(price_minor), 0) from sku where product_id = $1),
             updated_at = $2
         where product_id = $1",
    )
    .bind(product_id)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

/// A live product as the search index needs it.
#[derive(FromRow)]
pub struct IndexRow {
    pub product_id: i64,
    pub title: String,
    pub description: String,
    pub brand_id: Option<i64>,
    pub brand: Option<String>,
    pub category_id: i64,
    pub shop_id: i64,
    pub price_min_minor: i64,
    pub price_max_minor: i64,
    pub sales_count: i64,
    pub rating_count: i64,
    pub rating_sum: i64,
    pub created_at: i64,
    pub media_key: Option<String>,
    pub width: Option<i64>,
    pub height: Option<i64>,
    pub alt: Option<String>,
    pub in_stock: i64,
    pub status: String,
}

const INDEX_SELECT: &str = "select p.product_id, p.status, p.title, p.description, p.brand_id, b.name as brand, p.category_id,
        p.shop_id, p.price_min_minor, p.price_max_minor, p.sales_count, p.rating_count, p.rating_sum, p.created_at,
        i.media_key, i.width, i.height, i.alt,
        case when exists (select 1 from sku s where s.product_id = p.product_id and s.stock > 0) then 1 else 0 end as in_stock
     from product p
     left join brand b on b.brand_id = p.brand_id
     left join product_image i on i.product_id = p.product_id and i.position = 0";

/// Products after `after_id` whatever their status, in id order (keyset
/// pages for the start-up index build; the caller keeps the live ones).
/// No status condition: with one, the planner walks the status index and
/// sorts every live product for each page (three minutes at a million).
pub async fn products_for_index<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    after_id: i64,
    limit: i64,
) -> Result<Vec<IndexRow>, sqlx::Error> {
    let sql = format!("{INDEX_SELECT} where p.product_id > $1 order by p.product_id limit $2");
    sqlx::query_as(&sql).bind(after_id).bind(limit).fetch_all(ex).await
}

/// Every product of a shop, whatever its status.
pub async fn product_ids_of_shop<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("select product_id from product where shop_id = $1 order by product_id")
        .bind(shop_id)
        .fetch_all(ex)
        .await
}

/// One product for the index, if it is live.
pub async fn live_product_for_index<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    product_id: i64,
) -> Result<Option<IndexRow>, sqlx::Error> {
    let sql = format!("{INDEX_SELECT} where p.status = $2 and p.product_id = $1");
    sqlx::query_as(&sql)
        .bind(product_id)
        .bind(LIVE)
        .fetch_optional(ex)
        .await
}

#[derive(FromRow)]
pub struct ProductRow {
    pub product_id: i64,
    pub shop_id: i64,
    pub category_id: i64,
    pub brand: Option<String>,
    pub title: String,
    pub description: String,
    pub status: String,
    pub price_min_minor: i64,
    pub price_max_minor: i64,
    pub sales_count: i64,
    pub rating_count: i64,
    pub rating_sum: i64,
    pub updated_at: i64,
}

/// A product with its options, SKUs and pictures, each list as a JSON array
/// of arrays: the product page in one statement and one row (each row
/// SQLite returns is a hand-off between threads, and a phone with 20 SKUs
/// took 80 of them in four statements).
#[derive(FromRow)]
pub struct ProductPageRow {
    #[sqlx(flatten)]
    pub product: ProductRow,
    /// `[option_id, name_en, name_zh, value_id, value_en, value_zh]`, in order.
    pub options_json: String,
    /// `[sku_id, price_minor, stock, option_id, value_id]` by SKU.
    pub skus_json: String,
    /// `[media_key, width, height, alt, option_value_id]` in order.
    pub images_json: String,
    /// Counts every change of the product's reviews section.
    pub reviews_version: i64,
}

/// A product picture, from `product_page`'s JSON arrays in this order.
#[derive(serde::Deserialize)]
pub struct ImageRow {
    pub media_key: String,
    pub width: i64,
    pub height: i64,
    pub alt: String,
    pub option_value_id: Option<i64>,
}

/// The statement for `product_page`, in the connection's dialect: the two
/// databases name their JSON aggregates differently (and PostgreSQL's must
/// come back as text for the Any driver).
fn product_page_sql(postgres: bool) -> &'static str {
    static SQL: std::sync::OnceLock<[String; 2]> = std::sync::OnceLock::new();
    let both = SQL.get_or_init(|| {
        let template =
            "select p.product_id, p.shop_id, p.category_id, b.name as brand, p.title, p.description, p.status,
                p.price_min_minor, p.price_max_minor, p.sales_count, p.rating_count, p.rating_sum, p.updated_at,
                p.reviews_version,
                (select {AGG}({ARR}(o.option_id, o.name_en, o.name_zh, v.value_id, v.value_en, v.value_zh)
                        order by o.position, v.position){TEXT}
                   from product_option o join option_value v on v.option_id = o.option_id
                  where o.product_id = p.product_id) as options_json,
                (select {AGG}({ARR}(s.sku_id, s.price_minor, s.stock, sov.option_id, sov.value_id)
                        order by s.sku_id, sov.option_id){TEXT}
                   from sku s left join sku_option_value sov on sov.sku_id = s.sku_id
                  where s.product_id = p.product_id) as skus_json,
                (select {AGG}({ARR}(i.media_key, i.width, i.height, i.alt, i.option_value_id)
                        order by i.position){TEXT}
                   from product_image i where i.product_id = p.product_id) as images_json
         from product p left join brand b on b.brand_id = p.brand_id where p.product_id = $1";
        let sqlite = template
            .replace("{AGG}", "json_group_array")
            .replace("{ARR}", "json_array")
            .replace("{TEXT}", "");
        let postgres = template
            .replace("{AGG}", "coalesce(json_agg")
            .replace("{ARR}", "json_build_array")
            .replace("{TEXT}", "::text, '[]')");
        [sqlite, postgres]
    });
    &both[usize::from(postgres)]
}

pub async fn product_page(
    conn: &mut sqlx::AnyConnection,
    product_id: i64,
) -> Result<Option<ProductPageRow>, sqlx::Error> {
    let postgres = conn.backend_name() == "PostgreSQL";
    sqlx::query_as(product_page_sql(postgres))
        .bind(product_id)
        .fetch_optional(conn)
        .await
}

/// An option of a product joined with one of its values (also read from
/// `product_page`'s JSON arrays, field by field in this order).
#[derive(FromRow, serde::Deserialize)]
pub struct OptionValueRow {
    pub option_id: i64,
    pub name_en: String,
    pub name_zh: String,
    pub value_id: i64,
    pub value_en: String,
    pub value_zh: String,
}

/// A product's options and their values, both in the merchant's order.
pub async fn options_of<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    product_id: i64,
) -> Result<Vec<OptionValueRow>, sqlx::Error> {
    sqlx::query_as(
        "select o.option_id, o.name_en, o.name_zh, v.value_id, v.value_en, v.value_zh
         from product_option o join option_value v on v.option_id = o.option_id
         where o.product_id = $1 order by o.position, v.position",
    )
    .bind(product_id)
    .fetch_all(ex)
    .await
}

/// A SKU with one of its option values (`None` for a product without
/// options); also read from `product_page`'s JSON arrays in this order.
#[derive(FromRow, serde::Deserialize)]
pub struct SkuValueRow {
    pub sku_id: i64,
    pub price_minor: i64,
    pub stock: i64,
    pub option_id: Option<i64>,
    pub value_id: Option<i64>,
}

/// A product's SKUs with their values, one row per (SKU, value).
pub async fn skus_of<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    product_id: i64,
) -> Result<Vec<SkuValueRow>, sqlx::Error> {
    sqlx::query_as(
        "select s.sku_id, s.price_minor, s.stock, sov.option_id, sov.value_id
         from sku s left join sku_option_value sov on sov.sku_id = s.sku_id
         where s.product_id = $1 order by s.sku_id",
    )
    .bind(product_id)
    .fetch_all(ex)
    .await
}

/// A SKU with what a cart line shows about its product.
#[derive(FromRow)]
pub struct SkuLineRow {
    pub sku_id: i64,
    pub product_id: i64,
    pub shop_id: i64,
    pub category_id: i64,
    pub title: String,
    pub status: String,
    pub code: String,
    pub price_minor: i64,
    pub stock: i64,
    pub media_key: Option<String>,
}

/// Many SKUs at once (one statement whatever their number).
pub async fn sku_lines<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    sku_ids: &[i64],
) -> Result<Vec<SkuLineRow>, sqlx::Error> {
    let sql = format!(
        "select s.sku_id, s.product_id, p.shop_id, p.category_id, p.title, p.status, s.code, s.price_minor, s.stock,
             i.media_key
         from sku s join product p on p.product_id = s.product_id
         left join product_image i on i.product_id = p.product_id and i.position = 0
         where s.sku_id in ({})",
        placeholders(1, sku_ids.len())
    );
    let mut query = sqlx::query_as(&sql);
    for id in sku_ids {
        query = query.bind(*id);
    }
    query.fetch_all(ex).await
}

/// The option names and chosen values of many SKUs, options in order.
#[derive(FromRow)]
pub struct SkuLabelRow {
    pub sku_id: i64,
    pub name_en: String,
    pub name_zh: String,
    pub value_en: String,
    pub value_zh: String,
}

pub async fn sku_labels<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    sku_ids: &[i64],
) -> Result<Vec<SkuLabelRow>, sqlx::Error> {
    let sql = format!(
        "select sov.sku_id, o.name_en, o.name_zh, v.value_en, v.value_zh
         from sku_option_value sov
         join product_option o on o.option_id = sov.option_id
         join option_value v on v.value_id = sov.value_id
         where sov.sku_id in ({}) order by sov.sku_id, o.position",
        placeholders(1, sku_ids.len())
    );
    let mut query = sqlx::query_as(&sql);
    for id in sku_ids {
        query = query.bind(*id);
    }
    query.fetch_all(ex).await
}

/// Stock of many SKUs at once: (sku, stock).
pub async fn stocks<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    sku_ids: &[i64],
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let sql = format!(
        "select sku_id, stock from sku where sku_id in ({})",
        placeholders(1, sku_ids.len())
    );
    let mut query = sqlx::query_as(&sql);
    for id in sku_ids {
        query = query.bind(*id);
    }
    query.fetch_all(ex).await
}

/// Live products with ids in `(after, up_to]` and their last change, for
/// one part of the sitemap (a walk of the primary key, whatever the size of
/// the catalogue).
pub async fn live_products_between<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    after: i64,
    up_to: i64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "select product_id, updated_at from product
         where product_id > $1 and product_id <= $2 and status = $3 order by product_id",
    )
    .bind(after)
    .bind(up_to)
    .bind(LIVE)
    .fetch_all(ex)
    .await
}

pub async fn max_product_id<'e, E: Executor<'e, Database = Any>>(ex: E) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("select coalesce(max(product_id), 0) from product")
        .fetch_one(ex)
        .await
}

// ---- Seller portal and operator console reads (self-contained: they use
// only the product and sku tables, so the rest of this file may change
// around them).

/// How many products each of `shop_ids` has, any status. Shops without
/// products are absent.
pub async fn product_counts_by_shop(
    conn: &mut sqlx::AnyConnection,
    shop_ids: &[i64],
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    if shop_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "select shop_id, count(*) from product where shop_id in ({}) group by shop_id",
        placeholders(1, shop_ids.len())
    );
    let mut query = sqlx::query_as(&sql);
    for id in shop_ids {
        query = query.bind(*id);
    }
    query.fetch_all(conn).await
}

/// Products of each of `shop_ids` counted by listing status:
/// `(shop, status, count)`, one statement whatever the number of shops.
pub async fn shop_product_status_counts(
    conn: &mut sqlx::AnyConnection,
    shop_ids: &[i64],
) -> Result<Vec<(i64, String, i64)>, sqlx::Error> {
    let sql = format!(
        "select shop_id, status, count(*) from product where shop_id in ({}) group by shop_id, status",
        placeholders(1, shop_ids.len())
    );
    let mut query = sqlx::query_as(&sql);
    for id in shop_ids {
        query = query.bind(*id);
    }
    query.fetch_all(conn).await
}

/// SKUs with no stock left among each shop's products that are still
/// offered (delisted products are not the merchant's to restock):
/// `(shop, count)`, shops without any absent.
pub async fn shop_skus_out_of_stock(
    conn: &mut sqlx::AnyConnection,
    shop_ids: &[i64],
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let sql = format!(
        "select p.shop_id, count(*) from sku s join product p on p.product_id = s.product_id
         where p.status <> $1 and s.stock = 0 and p.shop_id in ({}) group by p.shop_id",
        placeholders(2, shop_ids.len())
    );
    let mut query = sqlx::query_as(&sql).bind(ListingStatus::Delisted.as_db());
    for id in shop_ids {
        query = query.bind(*id);
    }
    query.fetch_all(conn).await
}

/// A product as its merchant lists it: any status, with its total stock.
#[derive(FromRow)]
pub struct SellerProductRow {
    pub product_id: i64,
    pub title: String,
    pub status: String,
    pub price_min_minor: i64,
    pub price_max_minor: i64,
    pub total_stock: i64,
}

// ---- the merchant's listing editor and the operator's listing audit ----

/// A product's shop and status, to authorize and guard a change.
pub async fn product_shop_status<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    product_id: i64,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    sqlx::query_as("select shop_id, status from product where product_id = $1")
        .bind(product_id)
        .fetch_optional(ex)
        .await
}

/// Moves a product from the status the caller read; 0 rows: it moved on.
pub async fn set_product_status<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    product_id: i64,
    from: &str,
    to: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("update product set status = $1, updated_at = $2 where product_id = $3 and status = $4")
            .bind(to)
            .bind(now)
            .bind(product_id)
            .bind(from)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

/// Changes what a product says, if it is still in the status the caller read.
pub async fn set_product_details<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    product_id: i64,
    status: &str,
    title: &str,
    description: &str,
    category_id: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update product set title = $1, description = $2, category_id = $3, updated_at = $4
         where product_id = $5 and status = $6",
    )
    .bind(title)
    .bind(description)
    .bind(category_id)
    .bind(now)
    .bind(product_id)
    .bind(status)
    .execute(ex)
    .await?
    .rows_affected())
}

/// Removes a product's variants (options, values, SKUs), to write new ones.
pub async fn delete_variants(tx: &mut sqlx::AnyConnection, product_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("delete from sku_option_value where sku_id in (select sku_id from sku where product_id = $1)")
        .bind(product_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("update product_image set option_value_id = null where product_id = $1")
        .bind(product_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("delete from sku where product_id = $1")
        .bind(product_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "delete from option_value where option_id in (select option_id from product_option where product_id = $1)",
    )
    .bind(product_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("delete from product_option where product_id = $1")
        .bind(product_id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Sets one SKU's code, if the SKU belongs to the product.
pub async fn set_sku_code<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    product_id: i64,
    sku_id: i64,
    code: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("update sku set code = $1, updated_at = $2 where sku_id = $3 and product_id = $4")
            .bind(code)
            .bind(now)
            .bind(sku_id)
            .bind(product_id)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

#[derive(FromRow)]
pub struct EditorSkuRow {
    pub sku_id: i64,
    pub code: String,
    pub price_minor: i64,
    pub stock: i64,
}

/// A product's SKUs with their codes, in creation order.
pub async fn editor_skus<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    product_id: i64,
) -> Result<Vec<EditorSkuRow>, sqlx::Error> {
    sqlx::query_as("select sku_id, code, price_minor, stock from sku where product_id = $1 order by sku_id")
        .bind(product_id)
        .fetch_all(ex)
        .await
}

#[derive(FromRow)]
pub struct EditorImageRow {
    pub image_id: i64,
    pub media_key: String,
    pub width: i64,
    pub height: i64,
}

pub async fn product_images<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    product_id: i64,
) -> Result<Vec<EditorImageRow>, sqlx::Error> {
    sqlx::query_as(
        "select image_id, media_key, width, height from product_image where product_id = $1 order by position, image_id",
    )
    .bind(product_id)
    .fetch_all(ex)
    .await
}

/// The next free picture position of a product.
pub async fn next_image_position<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    product_id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("select coalesce(max(position) + 1, 0) from product_image where product_id = $1")
        .bind(product_id)
        .fetch_one(ex)
        .await
}

pub async fn delete_image<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    product_id: i64,
    image_id: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("delete from product_image where image_id = $1 and product_id = $2")
            .bind(image_id)
            .bind(product_id)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

/// Makes a product's pictures the list given (a change approved): pictures
/// it keeps keep their rows (their variant links and words), in the new
/// order; new ones are added, the rest removed.
pub async fn replace_images(
    tx: &mut sqlx::AnyConnection,
    product_id: i64,
    images: &[(String, i64, i64)],
    alt: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let existing = product_images(&mut *tx, product_id).await?;
    for row in existing
        .iter()
        .filter(|row| !images.iter().any(|(key, _, _)| *key == row.media_key))
    {
        delete_image(&mut *tx, product_id, row.image_id).await?;
    }
    for (position, (key, width, height)) in images.iter().enumerate() {
        match existing.iter().find(|row| row.media_key == *key) {
            Some(row) => {
                sqlx::query("update product_image set position = $1, updated_at = $2 where image_id = $3")
                    .bind(position as i64)
                    .bind(now)
                    .bind(row.image_id)
                    .execute(&mut *tx)
                    .await?;
            }
            None => {
                let row = NewImageRow {
                    product_id,
                    position: position as i64,
                    media_key: key,
                    width: *width,
                    height: *height,
                    alt,
                    option_value_id: None,
                };
                insert_image(&mut *tx, &row, now).await?;
            }
        }
    }
    Ok(())
}

/// Drops a product's pending change (it left sale: the change no longer
/// has a live version to replace).
pub async fn drop_pending_revision<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    product_id: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update product_revision set status = 'rejected', updated_at = $1 where product_id = $2 and status = 'pending'",
    )
    .bind(now)
    .bind(product_id)
    .execute(ex)
    .await?
    .rows_affected())
}

#[derive(FromRow)]
pub struct RevisionRow {
    pub revision_id: i64,
    pub product_id: i64,
    pub status: String,
    pub title: String,
    pub description: String,
    pub category_id: i64,
    pub images: String,
    pub updated_at: i64,
}

const REVISION_COLUMNS: &str = "revision_id, product_id, status, title, description, category_id, images, updated_at";

pub async fn pending_revision<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    product_id: i64,
) -> Result<Option<RevisionRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select {REVISION_COLUMNS} from product_revision where product_id = $1 and status = 'pending'"
    ))
    .bind(product_id)
    .fetch_optional(ex)
    .await
}

/// Puts a change of a live product up for review (replacing a pending one).
pub async fn upsert_revision(
    tx: &mut sqlx::AnyConnection,
    product_id: i64,
    title: &str,
    description: &str,
    category_id: i64,
    images: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let updated = sqlx::query(
        "update product_revision set title = $1, description = $2, category_id = $3, images = $4, updated_at = $5
         where product_id = $6 and status = 'pending'",
    )
    .bind(title)
    .bind(description)
    .bind(category_id)
    .bind(images)
    .bind(now)
    .bind(product_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated == 0 {
        sqlx::query(
            "insert into product_revision (product_id, status, title, description, category_id, images, created_at, updated_at)
             values ($1, 'pending', $2, $3, $4, $5, $6, $6)",
        )
        .bind(product_id)
        .bind(title)
        .bind(description)
        .bind(category_id)
        .bind(images)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Decides a pending revision as the operator saw it (`seen`, its
/// `updated_at`); 0 rows: it was decided or edited meanwhile.
pub async fn decide_revision<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    revision_id: i64,
    seen: i64,
    to: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update product_revision set status = $1, updated_at = $2
         where revision_id = $3 and status = 'pending' and updated_at = $4",
    )
    .bind(to)
    .bind(now)
    .bind(revision_id)
    .bind(seen)
    .execute(ex)
    .await?
    .rows_affected())
}

#[derive(FromRow)]
pub struct QueueEntryRow {
    pub product_id: i64,
    pub shop_id: i64,
    pub title: String,
    /// 1: a change to a live listing; 0: a new (or resubmitted) listing.
    pub is_change: i64,
    pub since: i64,
}

/// The operator's queue: listings waiting for review and changes to live
/// listings, oldest first, one page. The `cross join`s keep SQLite's join
/// order (the few pending changes first, then their products by key; it
/// would otherwise start from every live product); PostgreSQL plans them
/// as any join.
pub async fn listing_queue<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    limit: i64,
    offset: i64,
) -> Result<Vec<QueueEntryRow>, sqlx::Error> {
    sqlx::query_as(
        "select product_id, shop_id, title, is_change, since from (
             select product_id, shop_id, title, 0 as is_change, updated_at as since
             from product where status = 'pending_review'
             union all
             select r.product_id, p.shop_id, r.title, 1 as is_change, r.updated_at as since
             from product_revision r cross join product p
             where p.product_id = r.product_id and r.status = 'pending' and p.status = 'live'
         ) q order by since, product_id limit $1 offset $2",
    )
    .bind(limit)
    .bind(offset)
    .fetch_all(ex)
    .await
}

/// How many listings and changes wait for review.
pub async fn listing_queue_count<'e, E: Executor<'e, Database = Any>>(ex: E) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "select (select count(*) from product where status = 'pending_review')
              + (select count(*) from product_revision r cross join product p
                 where p.product_id = r.product_id and r.status = 'pending' and p.status = 'live')",
    )
    .fetch_one(ex)
    .await
}

/// One shop's products for its merchants, newest first, one page. Two
/// statements rather than one with an optional filter, so each walks its
/// index (`product_by_shop_recent`, `product_by_shop`) and stops at the
/// page, and the stock is summed for the page's rows only.
pub async fn seller_products_page(
    conn: &mut sqlx::AnyConnection,
    shop_id: i64,
    status: Option<&str>,
    limit: i64,
    offset: i64,
) -> Result<Vec<SellerProductRow>, sqlx::Error> {
    const COLUMNS: &str = "p.product_id, p.title, p.status, p.price_min_minor, p.price_max_minor,
        cast(coalesce((select sum(s.stock) from sku s where s.product_id = p.product_id), 0) as bigint) as total_stock";
    match status {
        None => {
            sqlx::query_as(&format!(
                "select {COLUMNS} from product p where p.shop_id = $1
                 order by p.product_id desc limit $2 offset $3"
            ))
            .bind(shop_id)
            .bind(limit)
            .bind(offset)
            .fetch_all(conn)
            .await
        }
        Some(status) => {
            sqlx::query_as(&format!(
                "select {COLUMNS} from product p where p.shop_id = $1 and p.status = $2
                 order by p.product_id desc limit $3 offset $4"
            ))
            .bind(shop_id)
            .bind(status)
            .bind(limit)
            .bind(offset)
            .fetch_all(conn)
            .await
        }
    }
}

#[derive(FromRow)]
pub struct EditorProductRow {
    pub title: String,
    pub description: String,
    pub category_id: i64,
}

/// What a product says, whatever its status.
pub async fn product_by_id<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    product_id: i64,
) -> Result<Option<EditorProductRow>, sqlx::Error> {
    sqlx::query_as("select title, description, category_id from product where product_id = $1")
        .bind(product_id)
        .fetch_optional(ex)
        .await
}

/// A product's shop and title (for a notification about one of its SKUs).
pub async fn product_shop_title<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    product_id: i64,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    sqlx::query_as("select shop_id, title from product where product_id = $1")
        .bind(product_id)
        .fetch_optional(ex)
        .await
}

#[derive(FromRow)]
pub struct InventoryRow {
    pub sku_id: i64,
    pub product_id: i64,
    pub title: String,
    pub code: String,
    pub stock: i64,
    pub low_stock_threshold: i64,
}

/// A page of a shop's SKUs: all (newest products first) or only those at
/// or below their threshold (emptiest first).
pub async fn shop_inventory<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    low_only: bool,
    limit: i64,
    offset: i64,
) -> Result<Vec<InventoryRow>, sqlx::Error> {
    let sql = if low_only {
        "select s.sku_id, s.product_id, p.title, s.code, s.stock, s.low_stock_threshold
         from sku s join product p on p.product_id = s.product_id
         where p.shop_id = $1 and s.stock <= s.low_stock_threshold
         order by s.stock, s.sku_id limit $2 offset $3"
    } else {
        "select s.sku_id, s.product_id, p.title, s.code, s.stock, s.low_stock_threshold
         from sku s join product p on p.product_id = s.product_id
         where p.shop_id = $1
         order by s.product_id desc, s.sku_id limit $2 offset $3"
    };
    sqlx::query_as(sql)
        .bind(shop_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(ex)
        .await
}

/// The shop a SKU's product belongs to.
pub async fn shop_of_sku<'e, E: Executor<'e, Database = Any>>(ex: E, sku_id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("select p.shop_id from sku s join product p on p.product_id = s.product_id where s.sku_id = $1")
        .bind(sku_id)
        .fetch_optional(ex)
        .await
}

pub async fn set_low_stock_threshold<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    sku_id: i64,
    threshold: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("update sku set low_stock_threshold = $1, updated_at = $2 where sku_id = $3")
            .bind(threshold)
            .bind(now)
            .bind(sku_id)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

/// Per product: whether its category allows 7-day no-reason returns.
pub async fn no_reason_returns<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    product_ids: &[i64],
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    if product_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "select p.product_id, c.no_reason_returns from product p join category c on c.category_id = p.category_id
         where p.product_id in ({})",
        placeholders(1, product_ids.len())
    );
    let mut query = sqlx::query_as(&sql);
    for id in product_ids {
        query = query.bind(*id);
    }
    query.fetch_all(ex).await
}

/// Marks categories (by slug, with their children) as without no-reason
/// returns (fresh food, custom-made goods, opened software).
pub async fn set_no_reason_returns<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    slug: &str,
    allowed: bool,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update category set no_reason_returns = $1, updated_at = $2
         where slug = $3 or parent_id in (select category_id from category where slug = $3)",
    )
    .bind(i64::from(allowed))
    .bind(now)
    .bind(slug)
    .execute(ex)
    .await?
    .rows_affected())
}
