//! Every SQL statement of the catalog, on category, brand, product, sku and
//! product_image.

use sqlx::{Any, Executor, FromRow};

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
    sqlx::query_scalar("select count(*) from product where status = 'live'")
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

/// A new product as the seed or a merchant's form describes it.
pub struct NewProduct<'a> {
    pub shop_id: i64,
    pub category_id: i64,
    pub brand_id: Option<i64>,
    pub title: &'a str,
    pub description: &'a str,
    pub status: &'a str,
    pub option1_name: Option<&'a str>,
    pub option2_name: Option<&'a str>,
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
        "insert into product (shop_id, category_id, brand_id, title, description, status, option1_name, option2_name,
             price_min_minor, price_max_minor, sales_count, rating_count, rating_sum, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) returning product_id",
    )
    .bind(p.shop_id)
    .bind(p.category_id)
    .bind(p.brand_id)
    .bind(p.title)
    .bind(p.description)
    .bind(p.status)
    .bind(p.option1_name)
    .bind(p.option2_name)
    .bind(p.price_min_minor)
    .bind(p.price_max_minor)
    .bind(p.sales_count)
    .bind(p.rating_count)
    .bind(p.rating_sum)
    .bind(p.created_at)
    .fetch_one(ex)
    .await
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_sku<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    product_id: i64,
    code: &str,
    option1: Option<&str>,
    option2: Option<&str>,
    price_minor: i64,
    stock: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into sku (product_id, code, option1, option2, price_minor, stock, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $7) returning sku_id",
    )
    .bind(product_id)
    .bind(code)
    .bind(option1)
    .bind(option2)
    .bind(price_minor)
    .bind(stock)
    .bind(now)
    .fetch_one(ex)
    .await
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_image<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    product_id: i64,
    position: i64,
    media_key: &str,
    width: i64,
    height: i64,
    alt: &str,
    option_value: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into product_image (product_id, position, media_key, width, height, alt, option_value, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $8, $7, $7)",
    )
    .bind(product_id)
    .bind(position)
    .bind(media_key)
    .bind(width)
    .bind(height)
    .bind(alt)
    .bind(now)
    .bind(option_value)
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

/// Takes `quantity` from a SKU's stock only if that much is there; 0 rows
/// affected means sold out. Never drives stock below zero.
pub async fn take_stock<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    sku_id: i64,
    quantity: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("update sku set stock = stock - $1, updated_at = $2 where sku_id = $3 and stock >= $1")
            .bind(quantity)
            .bind(now)
            .bind(sku_id)
            .execute(ex)
            .await?
            .rows_affected(),
    )
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
}

const INDEX_SELECT: &str = "select p.product_id, p.title, p.description, p.brand_id, b.name as brand, p.category_id,
        p.shop_id, p.price_min_minor, p.price_max_minor, p.sales_count, p.rating_count, p.rating_sum, p.created_at,
        i.media_key, i.width, i.height, i.alt,
        case when exists (select 1 from sku s where s.product_id = p.product_id and s.stock > 0) then 1 else 0 end as in_stock
     from product p
     left join brand b on b.brand_id = p.brand_id
     left join product_image i on i.product_id = p.product_id and i.position = 0";

/// Live products after `after_id`, in id order (keyset pages for the
/// start-up index build).
pub async fn live_products_for_index<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    after_id: i64,
    limit: i64,
) -> Result<Vec<IndexRow>, sqlx::Error> {
    let sql = format!("{INDEX_SELECT} where p.status = 'live' and p.product_id > $1 order by p.product_id limit $2");
    sqlx::query_as(&sql).bind(after_id).bind(limit).fetch_all(ex).await
}

/// One product for the index, if it is live.
pub async fn live_product_for_index<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    product_id: i64,
) -> Result<Option<IndexRow>, sqlx::Error> {
    let sql = format!("{INDEX_SELECT} where p.status = 'live' and p.product_id = $1");
    sqlx::query_as(&sql).bind(product_id).fetch_optional(ex).await
}

/// Notes that a product changed (in the same transaction as the change).
pub async fn record_change<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    product_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("insert into catalog_change (product_id, created_at, updated_at) values ($1, $2, $2)")
        .bind(product_id)
        .bind(now)
        .execute(ex)
        .await?;
    Ok(())
}

/// Changes after `change_id`, oldest first.
pub async fn changes_after<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    change_id: i64,
    limit: i64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("select change_id, product_id from catalog_change where change_id > $1 order by change_id limit $2")
        .bind(change_id)
        .bind(limit)
        .fetch_all(ex)
        .await
}

pub async fn last_change_id<'e, E: Executor<'e, Database = Any>>(ex: E) -> Result<i64, sqlx::Error> {
    let id: Option<i64> = sqlx::query_scalar("select max(change_id) from catalog_change")
        .fetch_one(ex)
        .await?;
    Ok(id.unwrap_or(0))
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
    pub option1_name: Option<String>,
    pub option2_name: Option<String>,
    pub price_min_minor: i64,
    pub price_max_minor: i64,
    pub sales_count: i64,
    pub rating_count: i64,
    pub rating_sum: i64,
    pub updated_at: i64,
}

pub async fn product<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    product_id: i64,
) -> Result<Option<ProductRow>, sqlx::Error> {
    sqlx::query_as(
        "select p.product_id, p.shop_id, p.category_id, b.name as brand, p.title, p.description, p.status,
                p.option1_name, p.option2_name, p.price_min_minor, p.price_max_minor, p.sales_count,
                p.rating_count, p.rating_sum, p.updated_at
         from product p left join brand b on b.brand_id = p.brand_id where p.product_id = $1",
    )
    .bind(product_id)
    .fetch_optional(ex)
    .await
}

#[derive(FromRow)]
pub struct SkuRow {
    pub sku_id: i64,
    pub product_id: i64,
    pub code: String,
    pub option1: Option<String>,
    pub option2: Option<String>,
    pub price_minor: i64,
    pub stock: i64,
}

pub async fn skus_of<'e, E: Executor<'e, Database = Any>>(ex: E, product_id: i64) -> Result<Vec<SkuRow>, sqlx::Error> {
    sqlx::query_as(
        "select sku_id, product_id, code, option1, option2, price_minor, stock from sku where product_id = $1 order by sku_id",
    )
    .bind(product_id)
    .fetch_all(ex)
    .await
}

#[derive(FromRow)]
pub struct ImageRow {
    pub media_key: String,
    pub width: i64,
    pub height: i64,
    pub alt: String,
}

pub async fn images_of<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    product_id: i64,
) -> Result<Vec<ImageRow>, sqlx::Error> {
    sqlx::query_as("select media_key, width, height, alt from product_image where product_id = $1 order by position")
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
    pub title: String,
    pub status: String,
    pub option1_name: Option<String>,
    pub option2_name: Option<String>,
    pub option1: Option<String>,
    pub option2: Option<String>,
    pub price_minor: i64,
    pub stock: i64,
    pub media_key: Option<String>,
}

pub async fn sku_line<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    sku_id: i64,
) -> Result<Option<SkuLineRow>, sqlx::Error> {
    sqlx::query_as(
        "select s.sku_id, s.product_id, p.shop_id, p.title, p.status, p.option1_name, p.option2_name, s.option1, s.option2,
                s.price_minor, s.stock, i.media_key
         from sku s join product p on p.product_id = s.product_id
         left join product_image i on i.product_id = p.product_id and i.position = 0
         where s.sku_id = $1",
    )
    .bind(sku_id)
    .fetch_optional(ex)
    .await
}

/// Product ids of every live product with its last change, for the sitemap.
pub async fn live_product_ids<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    limit: i64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("select product_id, updated_at from product where status = 'live' order by product_id limit $1")
        .bind(limit)
        .fetch_all(ex)
        .await
}

// ---- Seller portal and operator console reads (self-contained: they use
// only the product and sku tables, so the rest of this file may change
// around them).

/// `$1, $2, …, $n`: placeholders for an `in (…)` list of `n` values.
fn placeholder_list(n: usize) -> String {
    (1..=n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

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
        placeholder_list(shop_ids.len())
    );
    let mut query = sqlx::query_as(&sql);
    for id in shop_ids {
        query = query.bind(*id);
    }
    query.fetch_all(conn).await
}

/// One shop's products counted by listing status: `(status, count)`.
pub async fn shop_product_status_counts(
    conn: &mut sqlx::AnyConnection,
    shop_id: i64,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as("select status, count(*) from product where shop_id = $1 group by status order by status")
        .bind(shop_id)
        .fetch_all(conn)
        .await
}

/// SKUs with no stock left among one shop's products that are still offered
/// (delisted products are not the merchant's to restock).
pub async fn shop_skus_out_of_stock(conn: &mut sqlx::AnyConnection, shop_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "select count(*) from sku s join product p on p.product_id = s.product_id
         where p.shop_id = $1 and p.status <> 'delisted' and s.stock = 0",
    )
    .bind(shop_id)
    .fetch_one(conn)
    .await
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

/// One shop's products, newest first, at most `limit`.
pub async fn seller_products(
    conn: &mut sqlx::AnyConnection,
    shop_id: i64,
    limit: i64,
) -> Result<Vec<SellerProductRow>, sqlx::Error> {
    // The cast: PostgreSQL sums bigints as numeric, which `Any` cannot decode.
    sqlx::query_as(
        "select p.product_id, p.title, p.status, p.price_min_minor, p.price_max_minor,
                cast(coalesce(sum(s.stock), 0) as bigint) as total_stock
         from product p left join sku s on s.product_id = p.product_id
         where p.shop_id = $1
         group by p.product_id, p.title, p.status, p.price_min_minor, p.price_max_minor
         order by p.product_id desc
         limit $2",
    )
    .bind(shop_id)
    .bind(limit)
    .fetch_all(conn)
    .await
}
