-- analytics: buyers over any range counted without grouping. Each
-- (shop, day, buyer) row knows the buyer's previous and next paid day in
-- the shop, so a range's buyers are its rows whose previous day falls
-- before the range, and its repeat buyers those of them who paid twice
-- that day or again before the range ends.
create table shop_buyer_day_linked (
    shop_id bigint not null,
    day bigint not null,
    user_id bigint not null,
    paid_orders bigint not null default 0,
    prev_day bigint,
    next_day bigint,
    primary key (shop_id, day, user_id)
) without rowid;
insert into shop_buyer_day_linked (shop_id, day, user_id, paid_orders, prev_day, next_day)
    select shop_id, day, user_id, paid_orders, lag(day) over w, lead(day) over w
    from shop_buyer_day window w as (partition by shop_id, user_id order by day);
drop table shop_buyer_day;
alter table shop_buyer_day_linked rename to shop_buyer_day;
create index shop_buyer_day_by_buyer on shop_buyer_day (shop_id, user_id, day);

-- analytics: each product's today, last 7 and last 30 days, kept as
-- views and payments arrive, so the dashboard's usual ranges read one row
-- per product rather than one per product and day. A window of n days
-- holds every day from (base_day - n + 1) on; once a day the roll moves
-- base_day to today and takes off the days that fell out.
create table product_recent (
    shop_id bigint not null,
    product_id bigint not null,
    views_1 bigint not null default 0,
    units_1 bigint not null default 0,
    paid_minor_1 bigint not null default 0,
    views_7 bigint not null default 0,
    units_7 bigint not null default 0,
    paid_minor_7 bigint not null default 0,
    views_30 bigint not null default 0,
    units_30 bigint not null default 0,
    paid_minor_30 bigint not null default 0,
    primary key (shop_id, product_id)
) without rowid;
create table analytics_window (
    id bigint primary key check (id = 1),
    -- 0: never rolled (the first roll counts the windows afresh)
    base_day bigint not null
);
insert into analytics_window (id, base_day) values (1, 0);

-- analytics: new shoppers per day read from the index alone.
drop index app_user_by_created;
create index app_user_by_created on app_user (created_at, is_operator);
