//! Every SQL statement of reviews, on review, review_photo, review_reply,
//! review_vote, review_report, review_band, shop_rating, review_summary,
//! shop_score and review_settings.

use crate::server::db::placeholders;
use crate::server::Conn;
use sqlx::FromRow;

/// A review as the service works with it.
#[derive(Clone, Debug, FromRow)]
pub struct ReviewRow {
    pub review_id: i64,
    pub parent_id: Option<i64>,
    pub order_line_id: i64,
    pub order_id: i64,
    pub product_id: i64,
    pub shop_id: i64,
    pub user_id: i64,
    pub status: String,
    pub rating: Option<i64>,
    pub body: String,
    pub anonymous: i64,
    pub author_name: String,
    pub options_json: String,
    pub flags: String,
    pub draft_extra: String,
    pub reason: String,
    pub photo_count: i64,
    pub follow_up_shown: i64,
    pub helpful_count: i64,
    pub report_count: i64,
    pub submitted_at: Option<i64>,
    pub published_at: Option<i64>,
}

const REVIEW_COLS: &str = "review_id, parent_id, order_line_id, order_id, product_id, shop_id, user_id, status, rating,
    body, anonymous, author_name, options_json, flags, draft_extra, reason, photo_count, follow_up_shown, helpful_count,
    report_count, submitted_at, published_at";

pub async fn review(conn: &mut Conn, review_id: i64) -> Result<Option<ReviewRow>, sqlx::Error> {
    sqlx::query_as(&format!("select {REVIEW_COLS} from review where review_id = $1"))
        .bind(review_id)
        .fetch_optional(conn)
        .await
}

/// The first review of a line and its follow-up (drafts included).
pub async fn reviews_of_line(conn: &mut Conn, order_line_id: i64) -> Result<Vec<ReviewRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select {REVIEW_COLS} from review where order_line_id = $1 order by review_id"
    ))
    .bind(order_line_id)
    .fetch_all(conn)
    .await
}

/// (line, is first, status, submitted_at) of the reviews of these lines.
pub async fn marks_of_lines(
    conn: &mut Conn,
    line_ids: &[i64],
) -> Result<Vec<(i64, i64, String, Option<i64>)>, sqlx::Error> {
    if line_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "select order_line_id, case when parent_id is null then 1 else 0 end, status, submitted_at
         from review where order_line_id in ({})",
        placeholders(1, line_ids.len())
    );
    let mut q = sqlx::query_as(&sql);
    for id in line_ids {
        q = q.bind(*id);
    }
    q.fetch_all(conn).await
}

/// A review's columns as first written.
pub struct NewReview<'a> {
    pub parent_id: Option<i64>,
    pub order_line_id: i64,
    pub order_id: i64,
    pub product_id: i64,
    pub shop_id: i64,
    pub user_id: i64,
    pub status: &'a str,
    pub rating: Option<i64>,
    pub body: &'a str,
    pub anonymous: bool,
    pub author_name: &'a str,
    pub options_json: &'a str,
    pub client_ip: &'a str,
    pub submitted_at: Option<i64>,
}

pub async fn insert_review(conn: &mut Conn, r: &NewReview<'_>, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into review (parent_id, order_line_id, order_id, product_id, shop_id, user_id, status, rating, body,
             anonymous, author_name, options_json, client_ip, submitted_at, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) returning review_id",
    )
    .bind(r.parent_id)
    .bind(r.order_line_id)
    .bind(r.order_id)
    .bind(r.product_id)
    .bind(r.shop_id)
    .bind(r.user_id)
    .bind(r.status)
    .bind(r.rating)
    .bind(r.body)
    .bind(i64::from(r.anonymous))
    .bind(r.author_name)
    .bind(r.options_json)
    .bind(r.client_ip)
    .bind(r.submitted_at)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// Rewrites a draft with what was typed now (it stays a draft).
pub async fn update_draft(conn: &mut Conn, review_id: i64, r: &NewReview<'_>, now: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update review set rating = $2, body = $3, anonymous = $4, author_name = $5, client_ip = $6, updated_at = $7
         where review_id = $1 and status = 'draft'",
    )
    .bind(review_id)
    .bind(r.rating)
    .bind(r.body)
    .bind(i64::from(r.anonymous))
    .bind(r.author_name)
    .bind(r.client_ip)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected())
}

/// What a status change found on the row it changed (read by the update
/// itself, under the row's lock: a concurrent change of the follow-up flag
/// is either before it or after it, never lost).
#[derive(Clone, Copy, Debug, FromRow)]
pub struct Changed {
    pub rating: Option<i64>,
    pub photo_count: i64,
    pub follow_up_shown: i64,
}

/// Moves a review from one status to another (none: it was not in
/// `from`). The first publication stamps the time (a review restored after
/// reports keeps its place); submitting stamps the submission; publishing
/// forgets the reports an operator has now answered.
pub async fn set_status(
    conn: &mut Conn,
    review_id: i64,
    from: &str,
    to: &str,
    reason: &str,
    now: i64,
) -> Result<Option<Changed>, sqlx::Error> {
    let changed = sqlx::query_as(
        "update review set status = $3, reason = $4, updated_at = $5,
             published_at = case when $3 = 'published' then coalesce(published_at, $5) else published_at end,
             submitted_at = case when $2 = 'draft' then $5 else submitted_at end,
             report_count = case when $3 = 'published' then 0 else report_count end
         where review_id = $1 and status = $2
         returning rating, photo_count, follow_up_shown",
    )
    .bind(review_id)
    .bind(from)
    .bind(to)
    .bind(reason)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    if changed.is_some() && to == "published" {
        sqlx::query("delete from review_report where review_id = $1")
            .bind(review_id)
            .execute(conn)
            .await?;
    }
    Ok(changed)
}

pub async fn set_flags(conn: &mut Conn, review_id: i64, flags: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("update review set flags = $2, updated_at = $3 where review_id = $1")
        .bind(review_id)
        .bind(flags)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_draft_extra(conn: &mut Conn, review_id: i64, extra: &str) -> Result<(), sqlx::Error> {
    sqlx::query("update review set draft_extra = $2 where review_id = $1")
        .bind(review_id)
        .bind(extra)
        .execute(conn)
        .await?;
    Ok(())
}

/// Shows (or hides) the follow-up under its review; the review's status as
/// the update found it (none: the flag was already so).
pub async fn set_follow_up_shown(
    conn: &mut Conn,
    review_id: i64,
    shown: bool,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "update review set follow_up_shown = $2, updated_at = $3 where review_id = $1 and follow_up_shown <> $2
         returning status",
    )
    .bind(review_id)
    .bind(i64::from(shown))
    .bind(now)
    .fetch_optional(conn)
    .await
}

// ---- photos ----

#[derive(Clone, Debug, FromRow)]
pub struct PhotoRow {
    pub review_id: i64,
    pub media_key: String,
    pub width: i64,
    pub height: i64,
}

pub async fn insert_photo(
    conn: &mut Conn,
    review_id: i64,
    key: &str,
    width: i64,
    height: i64,
    position: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into review_photo (review_id, media_key, width, height, position, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(review_id)
    .bind(key)
    .bind(width)
    .bind(height)
    .bind(position)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The review's photos as its cards read them (`[[key, width, height]]`)
/// and their number.
pub async fn set_photos(conn: &mut Conn, review_id: i64, photos_json: &str, count: i64) -> Result<(), sqlx::Error> {
    sqlx::query("update review set photos_json = $2, photo_count = $3 where review_id = $1")
        .bind(review_id)
        .bind(photos_json)
        .bind(count)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn photos_of(conn: &mut Conn, review_ids: &[i64]) -> Result<Vec<PhotoRow>, sqlx::Error> {
    if review_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "select review_id, media_key, width, height from review_photo where review_id in ({})
         order by review_id, position",
        placeholders(1, review_ids.len())
    );
    let mut q = sqlx::query_as(&sql);
    for id in review_ids {
        q = q.bind(*id);
    }
    q.fetch_all(conn).await
}

// ---- the shop's rating ----

#[derive(Clone, Copy, Debug, FromRow)]
pub struct ShopRatingRow {
    pub shop_id: i64,
    pub described: i64,
    pub service: i64,
    pub delivery: i64,
    pub counted: i64,
}

pub async fn shop_rated(conn: &mut Conn, order_id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("select count(*) from shop_rating where order_id = $1")
        .bind(order_id)
        .fetch_one(conn)
        .await?;
    Ok(n > 0)
}

#[allow(clippy::too_many_arguments, reason = "one column each")]
pub async fn insert_shop_rating(
    conn: &mut Conn,
    order_id: i64,
    review_id: i64,
    shop_id: i64,
    described: i64,
    service: i64,
    delivery: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into shop_rating (order_id, review_id, shop_id, described, service, delivery, counted, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, 0, $7, $7)",
    )
    .bind(order_id)
    .bind(review_id)
    .bind(shop_id)
    .bind(described)
    .bind(service)
    .bind(delivery)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn shop_rating_of(conn: &mut Conn, review_id: i64) -> Result<Option<ShopRatingRow>, sqlx::Error> {
    sqlx::query_as("select shop_id, described, service, delivery, counted from shop_rating where review_id = $1")
        .bind(review_id)
        .fetch_optional(conn)
        .await
}

/// Forgets a rating that never counted (its review was rejected), so
/// another line's review of the order may rate the shop.
pub async fn drop_uncounted_shop_rating(conn: &mut Conn, review_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("delete from shop_rating where review_id = $1 and counted = 0")
        .bind(review_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Counts the rating in (or out of) the shop's scores; 0 rows: it already was.
pub async fn set_shop_rating_counted(
    conn: &mut Conn,
    review_id: i64,
    counted: bool,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("update shop_rating set counted = $2, updated_at = $3 where review_id = $1 and counted <> $2")
            .bind(review_id)
            .bind(i64::from(counted))
            .bind(now)
            .execute(conn)
            .await?
            .rows_affected(),
    )
}

// ---- stored aggregates ----

/// Changes of a product's aggregates, each a signed amount.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SummaryDelta {
    pub count: i64,
    pub sum: i64,
    pub stars: [i64; 5],
    pub with_photos: i64,
    pub with_follow_ups: i64,
}

pub async fn add_to_summary(conn: &mut Conn, product_id: i64, d: &SummaryDelta, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into review_summary (product_id, review_count, rating_sum, star1, star2, star3, star4, star5,
             with_photos, with_follow_ups, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
         on conflict (product_id) do update set
             review_count = review_summary.review_count + excluded.review_count,
             rating_sum = review_summary.rating_sum + excluded.rating_sum,
             star1 = review_summary.star1 + excluded.star1,
             star2 = review_summary.star2 + excluded.star2,
             star3 = review_summary.star3 + excluded.star3,
             star4 = review_summary.star4 + excluded.star4,
             star5 = review_summary.star5 + excluded.star5,
             with_photos = review_summary.with_photos + excluded.with_photos,
             with_follow_ups = review_summary.with_follow_ups + excluded.with_follow_ups,
             updated_at = excluded.updated_at",
    )
    .bind(product_id)
    .bind(d.count)
    .bind(d.sum)
    .bind(d.stars[0])
    .bind(d.stars[1])
    .bind(d.stars[2])
    .bind(d.stars[3])
    .bind(d.stars[4])
    .bind(d.with_photos)
    .bind(d.with_follow_ups)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, FromRow)]
pub struct SummaryRow {
    pub review_count: i64,
    pub rating_sum: i64,
    pub star1: i64,
    pub star2: i64,
    pub star3: i64,
    pub star4: i64,
    pub star5: i64,
    pub with_photos: i64,
    pub with_follow_ups: i64,
}

pub async fn summary(conn: &mut Conn, product_id: i64) -> Result<Option<SummaryRow>, sqlx::Error> {
    sqlx::query_as(
        "select review_count, rating_sum, star1, star2, star3, star4, star5, with_photos, with_follow_ups
         from review_summary where product_id = $1",
    )
    .bind(product_id)
    .fetch_optional(conn)
    .await
}

/// The same aggregates counted from the reviews themselves (tests and the
/// consistency check; never on a page view).
pub async fn recount(conn: &mut Conn, product_id: i64) -> Result<SummaryRow, sqlx::Error> {
    sqlx::query_as(
        "select count(*) as review_count,
             cast(coalesce(sum(rating), 0) as bigint) as rating_sum,
             coalesce(sum(case when rating = 1 then 1 else 0 end), 0) as star1,
             coalesce(sum(case when rating = 2 then 1 else 0 end), 0) as star2,
             coalesce(sum(case when rating = 3 then 1 else 0 end), 0) as star3,
             coalesce(sum(case when rating = 4 then 1 else 0 end), 0) as star4,
             coalesce(sum(case when rating = 5 then 1 else 0 end), 0) as star5,
             coalesce(sum(case when photo_count > 0 then 1 else 0 end), 0) as with_photos,
             coalesce(sum(case when exists (select 1 from review f where f.parent_id = r.review_id
                 and f.status = 'published') then 1 else 0 end), 0) as with_follow_ups
         from review r where product_id = $1 and parent_id is null and status = 'published'",
    )
    .bind(product_id)
    .fetch_one(conn)
    .await
}

pub async fn add_to_shop_score(
    conn: &mut Conn,
    shop_id: i64,
    count: i64,
    sums: [i64; 3],
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into shop_score (shop_id, rating_count, described_sum, service_sum, delivery_sum, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $6)
         on conflict (shop_id) do update set
             rating_count = shop_score.rating_count + excluded.rating_count,
             described_sum = shop_score.described_sum + excluded.described_sum,
             service_sum = shop_score.service_sum + excluded.service_sum,
             delivery_sum = shop_score.delivery_sum + excluded.delivery_sum,
             updated_at = excluded.updated_at",
    )
    .bind(shop_id)
    .bind(count)
    .bind(sums[0])
    .bind(sums[1])
    .bind(sums[2])
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// (count, described, service, delivery sums) of a shop (0: the platform).
pub async fn shop_score(conn: &mut Conn, shop_id: i64) -> Result<(i64, i64, i64, i64), sqlx::Error> {
    Ok(sqlx::query_as(
        "select rating_count, described_sum, service_sum, delivery_sum from shop_score where shop_id = $1",
    )
    .bind(shop_id)
    .fetch_optional(conn)
    .await?
    .unwrap_or((0, 0, 0, 0)))
}

/// The shop's scores counted from the ratings themselves (tests).
pub async fn recount_shop_score(conn: &mut Conn, shop_id: i64) -> Result<(i64, i64, i64, i64), sqlx::Error> {
    sqlx::query_as(
        "select count(*), cast(coalesce(sum(described), 0) as bigint), cast(coalesce(sum(service), 0) as bigint),
             cast(coalesce(sum(delivery), 0) as bigint)
         from shop_rating where counted = 1 and ($1 = 0 or shop_id = $1)",
    )
    .bind(shop_id)
    .fetch_one(conn)
    .await
}

// ---- the product page ----

/// A published first review as its card shows it: with its published
/// follow-up and the shop's reply, read in the same statement.
#[derive(Clone, Debug, FromRow)]
pub struct ShownRow {
    pub review_id: i64,
    pub product_id: i64,
    pub rating: Option<i64>,
    pub body: String,
    pub author_name: String,
    pub options_json: String,
    pub photos_json: String,
    pub helpful_count: i64,
    pub submitted_at: Option<i64>,
    pub published_at: Option<i64>,
    pub follow_up_body: Option<String>,
    pub follow_up_at: Option<i64>,
    pub follow_up_photos: Option<String>,
    pub reply: Option<String>,
}

const SHOWN: &str = "select r.review_id, r.product_id, r.rating, r.body, r.author_name, r.options_json, r.photos_json,
        r.helpful_count, r.submitted_at, r.published_at, f.body as follow_up_body, f.submitted_at as follow_up_at,
        f.photos_json as follow_up_photos, rr.body as reply
    from review r
    left join review f on f.parent_id = r.review_id and f.status = 'published'
    left join review_reply rr on rr.review_id = r.review_id";

/// A row of a product page's reviews: the review's card, the product's
/// stored summary and whether the viewer marked it Helpful, all in one
/// statement (a page of reviews is one round trip).
#[derive(Clone, Debug, FromRow)]
pub struct PageRow {
    #[sqlx(flatten)]
    pub shown: ShownRow,
    #[sqlx(flatten)]
    pub summary: SummaryRow,
    pub voted: i64,
}

/// Which of a product's reviews a page lists. `filter` is a SQL condition
/// on `r` from a fixed list (never typed text); `viewer` 0 for a guest.
pub struct PageQuery<'a> {
    pub product_id: i64,
    pub viewer: i64,
    pub filter: &'a str,
    pub helpful_first: bool,
}

/// One page of a product's published first reviews.
pub async fn shown_page(
    conn: &mut Conn,
    q: &PageQuery<'_>,
    limit: i64,
    offset: i64,
) -> Result<Vec<PageRow>, sqlx::Error> {
    let (product_id, viewer, filter, helpful_first) = (q.product_id, q.viewer, q.filter, q.helpful_first);
    let order = if helpful_first {
        "r.helpful_count desc, r.review_id desc"
    } else {
        "r.published_at desc, r.review_id desc"
    };
    sqlx::query_as(&format!(
        "select r.review_id, r.product_id, r.rating, r.body, r.author_name, r.options_json, r.photos_json,
             r.helpful_count, r.submitted_at, r.published_at, f.body as follow_up_body, f.submitted_at as follow_up_at,
             f.photos_json as follow_up_photos, rr.body as reply,
             s.review_count, s.rating_sum, s.star1, s.star2, s.star3, s.star4, s.star5, s.with_photos,
             s.with_follow_ups, case when v.user_id is null then 0 else 1 end as voted
         from review r
         join review_summary s on s.product_id = r.product_id
         left join review f on f.parent_id = r.review_id and f.status = 'published'
         left join review_reply rr on rr.review_id = r.review_id
         left join review_vote v on v.review_id = r.review_id and v.user_id = $4
         where r.product_id = $1 and r.status = 'published' and r.parent_id is null {filter}
         order by {order} limit $2 offset $3"
    ))
    .bind(product_id)
    .bind(limit)
    .bind(offset)
    .bind(viewer)
    .fetch_all(conn)
    .await
}

/// One published first review as its card shows it.
pub async fn shown_review(conn: &mut Conn, review_id: i64) -> Result<Option<ShownRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SHOWN} where r.review_id = $1 and r.status = 'published' and r.parent_id is null"
    ))
    .bind(review_id)
    .fetch_optional(conn)
    .await
}

/// A shop's published first reviews, newest first.
pub async fn shop_reviews(
    conn: &mut Conn,
    shop_id: i64,
    limit: i64,
    offset: i64,
) -> Result<Vec<ShownRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SHOWN} where r.shop_id = $1 and r.status = 'published' and r.parent_id is null
         order by r.review_id desc limit $2 offset $3"
    ))
    .bind(shop_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(conn)
    .await
}

// ---- votes, reports, replies ----

/// Which of `review_ids` this account has marked Helpful.
pub async fn voted_among(conn: &mut Conn, user_id: i64, review_ids: &[i64]) -> Result<Vec<i64>, sqlx::Error> {
    let marks: Vec<String> = (0..review_ids.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!(
        "select review_id from review_vote where user_id = $1 and review_id in ({})",
        marks.join(", ")
    );
    let mut q = sqlx::query_scalar(&sql).bind(user_id);
    for id in review_ids {
        q = q.bind(*id);
    }
    q.fetch_all(conn).await
}

/// Records a vote; false when this account had already voted.
pub async fn add_vote(conn: &mut Conn, review_id: i64, user_id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let added = sqlx::query(
        "insert into review_vote (review_id, user_id, created_at, updated_at) values ($1, $2, $3, $3)
         on conflict (review_id, user_id) do nothing",
    )
    .bind(review_id)
    .bind(user_id)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if added == 1 {
        sqlx::query("update review set helpful_count = helpful_count + 1 where review_id = $1")
            .bind(review_id)
            .execute(conn)
            .await?;
    }
    Ok(added == 1)
}

/// Records a report; the review's report count after it (None: this
/// account had already reported it).
pub async fn add_report(
    conn: &mut Conn,
    review_id: i64,
    user_id: i64,
    reason: &str,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let added = sqlx::query(
        "insert into review_report (review_id, user_id, reason, created_at, updated_at) values ($1, $2, $3, $4, $4)
         on conflict (review_id, user_id) do nothing",
    )
    .bind(review_id)
    .bind(user_id)
    .bind(reason)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if added == 0 {
        return Ok(None);
    }
    sqlx::query_scalar("update review set report_count = report_count + 1 where review_id = $1 returning report_count")
        .bind(review_id)
        .fetch_one(conn)
        .await
        .map(Some)
}

pub async fn upsert_reply(
    conn: &mut Conn,
    review_id: i64,
    shop_id: i64,
    user_id: i64,
    body: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into review_reply (review_id, shop_id, user_id, body, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $5)
         on conflict (review_id) do update set body = excluded.body, user_id = excluded.user_id,
             updated_at = excluded.updated_at",
    )
    .bind(review_id)
    .bind(shop_id)
    .bind(user_id)
    .bind(body)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Sets a review's Helpful count without votes: seeding only (the demo and
/// the benchmark's synthetic reviews).
pub async fn set_helpful_count(conn: &mut Conn, review_id: i64, count: i64) -> Result<(), sqlx::Error> {
    sqlx::query("update review set helpful_count = $2 where review_id = $1")
        .bind(review_id)
        .bind(count)
        .execute(conn)
        .await?;
    Ok(())
}

// ---- the rules' facts ----

pub async fn insert_bands(
    conn: &mut Conn,
    review_id: i64,
    user_id: i64,
    bands: &[i64],
    now: i64,
) -> Result<(), sqlx::Error> {
    for band in bands {
        sqlx::query(
            "insert into review_band (band, review_id, user_id, created_at, updated_at) values ($1, $2, $3, $4, $4)",
        )
        .bind(*band)
        .bind(review_id)
        .bind(user_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The words of other accounts' reviews since `since` that share a key
/// with these (newest first, at most 200: the rule needs one near match).
pub async fn band_neighbours(
    conn: &mut Conn,
    bands: &[i64],
    user_id: i64,
    since: i64,
) -> Result<Vec<String>, sqlx::Error> {
    if bands.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "select r.body from review r where r.review_id in (
             select b.review_id from review_band b
             where b.band in ({}) and b.created_at >= $1 and b.user_id <> $2)
         order by r.review_id desc limit 200",
        placeholders(3, bands.len())
    );
    let mut q = sqlx::query_scalar(&sql).bind(since).bind(user_id);
    for band in bands {
        q = q.bind(*band);
    }
    q.fetch_all(conn).await
}

/// Submitted reviews of a product since `since`, one left out.
pub async fn recent_on_product(conn: &mut Conn, product_id: i64, since: i64, except: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("select count(*) from review where product_id = $1 and submitted_at >= $2 and review_id <> $3")
        .bind(product_id)
        .bind(since)
        .bind(except)
        .fetch_one(conn)
        .await
}

/// Submitted reviews from an address since `since`, one left out.
pub async fn recent_from_address(conn: &mut Conn, address: &str, since: i64, except: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("select count(*) from review where client_ip = $1 and submitted_at >= $2 and review_id <> $3")
        .bind(address)
        .bind(since)
        .bind(except)
        .fetch_one(conn)
        .await
}

// ---- queues and lists ----

pub async fn queue(conn: &mut Conn, limit: i64, offset: i64) -> Result<Vec<ReviewRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select {REVIEW_COLS} from review where status = 'pending'
         order by submitted_at, review_id limit $1 offset $2"
    ))
    .bind(limit)
    .bind(offset)
    .fetch_all(conn)
    .await
}

pub async fn count_pending(conn: &mut Conn) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("select count(*) from review where status = 'pending'")
        .fetch_one(conn)
        .await
}

pub async fn count_shop_reviews(conn: &mut Conn, shop_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("select count(*) from review where shop_id = $1 and status = 'published' and parent_id is null")
        .bind(shop_id)
        .fetch_one(conn)
        .await
}

// ---- settings ----

pub async fn settings(conn: &mut Conn) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("select body from review_settings where settings_id = 1")
        .fetch_optional(conn)
        .await
}

pub async fn save_settings(conn: &mut Conn, body: &str, user_id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into review_settings (settings_id, body, updated_by, created_at, updated_at) values (1, $1, $2, $3, $3)
         on conflict (settings_id) do update set body = excluded.body, updated_by = excluded.updated_by,
             updated_at = excluded.updated_at",
    )
    .bind(body)
    .bind(user_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
