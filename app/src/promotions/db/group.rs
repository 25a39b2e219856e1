//! The SQL of group buying: group_offer, buy_group and group_member.

use sqlx::{Any, Executor, FromRow};

#[derive(Clone, Debug, FromRow)]
pub struct OfferRow {
    pub group_offer_id: i64,
    pub shop_id: i64,
    pub product_id: i64,
    pub sku_id: i64,
    pub group_price_minor: i64,
    pub group_size: i64,
    pub hours: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: String,
}

const OFFER: &str = "select group_offer_id, shop_id, product_id, sku_id, group_price_minor, group_size, hours,
    starts_at, ends_at, status from group_offer";

/// A new offer's fields.
pub struct NewOffer {
    pub shop_id: i64,
    pub product_id: i64,
    pub sku_id: i64,
    pub price_minor: i64,
    pub size: i64,
    pub hours: i64,
    pub starts_at: i64,
    pub ends_at: i64,
}

pub async fn insert_offer<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    o: &NewOffer,
    created_by: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into group_offer (shop_id, product_id, sku_id, group_price_minor, group_size, hours, starts_at,
             ends_at, status, created_by, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9, $10, $10) returning group_offer_id",
    )
    .bind(o.shop_id)
    .bind(o.product_id)
    .bind(o.sku_id)
    .bind(o.price_minor)
    .bind(o.size)
    .bind(o.hours)
    .bind(o.starts_at)
    .bind(o.ends_at)
    .bind(created_by)
    .bind(now)
    .fetch_one(ex)
    .await
}

pub async fn offer<'e, E: Executor<'e, Database = Any>>(ex: E, id: i64) -> Result<Option<OfferRow>, sqlx::Error> {
    sqlx::query_as(&format!("{OFFER} where group_offer_id = $1"))
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// A shop's offers, newest first.
pub async fn offers_of<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
    limit: i64,
) -> Result<Vec<OfferRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{OFFER} where shop_id = $1 order by group_offer_id desc limit $2"
    ))
    .bind(shop_id)
    .bind(limit)
    .fetch_all(ex)
    .await
}

/// Offers not over and not paused or ended, newest first (the group
/// board of every server).
pub async fn live_offers<'e, E: Executor<'e, Database = Any>>(ex: E, now: i64) -> Result<Vec<OfferRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{OFFER} where status = 'active' and ends_at > $1 order by group_offer_id desc limit 10000"
    ))
    .bind(now)
    .fetch_all(ex)
    .await
}

/// Pause, resume, end: the guarded move of one of the shop's offers.
pub async fn set_offer_status<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    id: i64,
    shop_id: i64,
    from: &str,
    to: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update group_offer set status = $1, updated_at = $2 where group_offer_id = $3 and shop_id = $4 and status = $5",
    )
    .bind(to)
    .bind(now)
    .bind(id)
    .bind(shop_id)
    .bind(from)
    .execute(ex)
    .await?
    .rows_affected())
}

#[derive(Clone, Debug, FromRow)]
pub struct GroupRow {
    pub group_id: i64,
    pub group_offer_id: i64,
    pub leader_id: i64,
    pub size: i64,
    pub seats: i64,
    pub paid: i64,
    pub status: String,
    pub expires_at: Option<i64>,
}

const GROUP: &str = "select group_id, group_offer_id, leader_id, size, seats, paid, status, expires_at from buy_group";

/// A group its leader is paying for: one seat taken, the clock not started.
pub async fn insert_group<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    offer_id: i64,
    leader_id: i64,
    size: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into buy_group (group_offer_id, leader_id, size, seats, paid, status, created_at, updated_at)
         values ($1, $2, $3, 1, 0, 'forming', $4, $4) returning group_id",
    )
    .bind(offer_id)
    .bind(leader_id)
    .bind(size)
    .bind(now)
    .fetch_one(ex)
    .await
}

pub async fn group<'e, E: Executor<'e, Database = Any>>(ex: E, id: i64) -> Result<Option<GroupRow>, sqlx::Error> {
    sqlx::query_as(&format!("{GROUP} where group_id = $1"))
        .bind(id)
        .fetch_optional(ex)
        .await
}

pub async fn groups<'e, E: Executor<'e, Database = Any>>(ex: E, ids: &[i64]) -> Result<Vec<GroupRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "{GROUP} where group_id in ({})",
        crate::server::db::placeholders(1, ids.len())
    );
    let mut q = sqlx::query_as(&sql);
    for id in ids {
        q = q.bind(*id);
    }
    q.fetch_all(ex).await
}

/// Takes the group's row lock (PostgreSQL) for the rest of the
/// transaction; nothing changes.
pub async fn lock<'e, E: Executor<'e, Database = Any>>(ex: E, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("update buy_group set updated_at = updated_at where group_id = $1")
        .bind(id)
        .execute(ex)
        .await?;
    Ok(())
}

/// Takes a place in an open group that has one: 0 rows when it is full,
/// closed or past its time. The guarded update also locks the group's row
/// (PostgreSQL) for the rest of the join.
pub async fn take_seat<'e, E: Executor<'e, Database = Any>>(ex: E, id: i64, now: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update buy_group set seats = seats + 1, updated_at = $1
         where group_id = $2 and status = 'open' and seats < size and expires_at > $1",
    )
    .bind(now)
    .bind(id)
    .execute(ex)
    .await?
    .rows_affected())
}

/// The leader paid: the group opens and its clock starts.
pub async fn open_group<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    id: i64,
    expires_at: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update buy_group set status = 'open', paid = 1, expires_at = $1, updated_at = $2
         where group_id = $3 and status = 'forming'",
    )
    .bind(expires_at)
    .bind(now)
    .bind(id)
    .execute(ex)
    .await?
    .rows_affected())
}

/// A member paid into an open group still within its time: counted, and
/// the group succeeds with its last place. Returns the group's status after
/// (none: it was closed or past its time, so nothing was counted). The
/// same guard as `fail_group`'s, so completion and expiry never both win.
pub async fn count_payment<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    id: i64,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "update buy_group set paid = paid + 1,
             status = case when paid + 1 >= size then 'succeeded' else status end,
             completed_at = case when paid + 1 >= size then $1 else completed_at end,
             updated_at = $1
         where group_id = $2 and status = 'open' and expires_at > $1
         returning status",
    )
    .bind(now)
    .bind(id)
    .fetch_optional(ex)
    .await
}

/// An open group past its time fails (0 rows: it succeeded or closed first).
pub async fn fail_group<'e, E: Executor<'e, Database = Any>>(ex: E, id: i64, now: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update buy_group set status = 'failed', completed_at = $1, updated_at = $1
         where group_id = $2 and status = 'open' and expires_at <= $1",
    )
    .bind(now)
    .bind(id)
    .execute(ex)
    .await?
    .rows_affected())
}

/// A group whose leader never paid.
pub async fn abandon_group<'e, E: Executor<'e, Database = Any>>(ex: E, id: i64, now: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update buy_group set status = 'abandoned', seats = 0, updated_at = $1 where group_id = $2 and status = 'forming'",
    )
    .bind(now)
    .bind(id)
    .execute(ex)
    .await?
    .rows_affected())
}

/// A member left an open group: their place (and their payment, if made)
/// no longer count.
pub async fn give_up_seat<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    id: i64,
    was_paid: bool,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update buy_group set seats = seats - 1, paid = paid - $1, updated_at = $2
         where group_id = $3 and status = 'open' and seats > 0",
    )
    .bind(i64::from(was_paid))
    .bind(now)
    .bind(id)
    .execute(ex)
    .await?
    .rows_affected())
}

#[derive(Clone, Debug, FromRow)]
pub struct MemberRow {
    pub member_id: i64,
    pub group_id: i64,
    pub user_id: i64,
    pub order_id: i64,
    pub status: String,
}

const MEMBER: &str = "select member_id, group_id, user_id, order_id, status from group_member";

/// A place in a group: fails on the unique key when the shopper already
/// holds one there.
pub async fn insert_member<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    group_id: i64,
    user_id: i64,
    order_id: i64,
    saved_minor: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into group_member (group_id, user_id, order_id, status, saved_minor, created_at, updated_at)
         values ($1, $2, $3, 'pending', $4, $5, $5)",
    )
    .bind(group_id)
    .bind(user_id)
    .bind(order_id)
    .bind(saved_minor)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

pub async fn member_by_order<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    order_id: i64,
) -> Result<Option<MemberRow>, sqlx::Error> {
    sqlx::query_as(&format!("{MEMBER} where order_id = $1"))
        .bind(order_id)
        .fetch_optional(ex)
        .await
}

/// A group's members holding a place (pending or paid), first come first.
pub async fn live_members<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    group_id: i64,
) -> Result<Vec<MemberRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{MEMBER} where group_id = $1 and status in ('pending', 'paid') order by member_id"
    ))
    .bind(group_id)
    .fetch_all(ex)
    .await
}

/// A member's place moves on (`from` guards it).
pub async fn set_member_status<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    member_id: i64,
    from: &str,
    to: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("update group_member set status = $1, updated_at = $2 where member_id = $3 and status = $4")
            .bind(to)
            .bind(now)
            .bind(member_id)
            .bind(from)
            .execute(ex)
            .await?
            .rows_affected(),
    )
}

/// The paid members' display names, in joining order.
pub async fn paid_member_names<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    group_id: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "select u.display_name from group_member m join app_user u on u.user_id = m.user_id
         where m.group_id = $1 and m.status = 'paid' order by m.member_id",
    )
    .bind(group_id)
    .fetch_all(ex)
    .await
}

/// Per offer of a shop: groups by status, and the paid orders of succeeded
/// groups with what they were given off.
#[derive(Clone, Debug, FromRow)]
pub struct OfferCounts {
    pub group_offer_id: i64,
    pub open_groups: i64,
    pub succeeded_groups: i64,
    pub failed_groups: i64,
}

pub async fn offer_counts<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
) -> Result<Vec<OfferCounts>, sqlx::Error> {
    sqlx::query_as(
        "select g.group_offer_id,
             cast(sum(case when g.status = 'open' then 1 else 0 end) as bigint) as open_groups,
             cast(sum(case when g.status = 'succeeded' then 1 else 0 end) as bigint) as succeeded_groups,
             cast(sum(case when g.status = 'failed' then 1 else 0 end) as bigint) as failed_groups
         from buy_group g join group_offer o on o.group_offer_id = g.group_offer_id
         where o.shop_id = $1 group by g.group_offer_id",
    )
    .bind(shop_id)
    .fetch_all(ex)
    .await
}

/// Per offer of a shop: paid orders of succeeded groups (not cancelled
/// after), and what their lines were given off the usual price.
pub async fn offer_sales<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    shop_id: i64,
) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "select g.group_offer_id, count(*), cast(coalesce(sum(m.saved_minor), 0) as bigint)
         from group_member m
         join buy_group g on g.group_id = m.group_id
         join group_offer o on o.group_offer_id = g.group_offer_id
         join shop_order so on so.order_id = m.order_id
         where o.shop_id = $1 and g.status = 'succeeded' and m.status = 'paid' and so.status <> 'cancelled'
         group by g.group_offer_id",
    )
    .bind(shop_id)
    .fetch_all(ex)
    .await
}
