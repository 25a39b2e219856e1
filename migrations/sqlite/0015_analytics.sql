-- analytics: what shoppers did, as they did it. Written in batches off the
-- request path by `analytics::capture`; the raw events are what every
-- rollup below can be rebuilt from. No IP address is ever kept: a visitor
-- is the random id of a first-party cookie.
create table analytics_event (
    event_id integer primary key,
    at bigint not null,
    -- days since 1970-01-01 in China time (UTC+8)
    day bigint not null,
    visitor text not null,
    user_id bigint,
    kind text not null check (kind in ('view', 'cart', 'checkout', 'order', 'paid', 'refund')),
    shop_id bigint,
    product_id bigint,
    order_id bigint
);
create index analytics_event_by_day on analytics_event (day, shop_id);
create index analytics_event_by_order on analytics_event (order_id);

-- analytics: each step of the funnel one visitor reached in a shop on a
-- day, once (0 arrived, 1 viewed, 2 added to cart, 3 started checkout,
-- 4 ordered, 5 paid): a batch of events learns which steps are new from
-- the rows its insert added, so each step counts a visitor once a day
-- however many servers write at once.
create table shop_visitor_step (
    shop_id bigint not null,
    day bigint not null,
    visitor text not null,
    step bigint not null,
    primary key (shop_id, day, visitor, step)
);

-- analytics: a shop's funnel per day (visitors counted once a day per step).
create table shop_funnel_day (
    shop_id bigint not null,
    day bigint not null,
    views bigint not null default 0,
    visitors bigint not null default 0,
    carted bigint not null default 0,
    checked_out bigint not null default 0,
    ordered bigint not null default 0,
    paid bigint not null default 0,
    primary key (shop_id, day)
);

-- analytics: a shop's money per day, kept in the same transaction as the
-- orders, payments and refunds it counts.
create table shop_sales_day (
    shop_id bigint not null,
    day bigint not null,
    placed_orders bigint not null default 0,
    placed_minor bigint not null default 0,
    paid_orders bigint not null default 0,
    paid_minor bigint not null default 0,
    refunds bigint not null default 0,
    refunded_minor bigint not null default 0,
    -- orders the carrier delivered that day (the after-sales rates' base)
    delivered_orders bigint not null default 0,
    primary key (shop_id, day)
);
create index shop_sales_day_by_day on shop_sales_day (day);

-- analytics: who paid a shop on a day and how many times (buyers and
-- repeat buyers over any range).
create table shop_buyer_day (
    shop_id bigint not null,
    day bigint not null,
    user_id bigint not null,
    paid_orders bigint not null default 0,
    primary key (shop_id, day, user_id)
);

-- analytics: a product per day: views (events) and what was paid for it.
create table product_day (
    product_id bigint not null,
    day bigint not null,
    shop_id bigint not null,
    views bigint not null default 0,
    units bigint not null default 0,
    paid_minor bigint not null default 0,
    primary key (product_id, day)
);
create index product_day_by_shop on product_day (shop_id, day);

-- analytics: what was paid per category per day (the platform's shares).
create table category_day (
    category_id bigint not null,
    day bigint not null,
    paid_minor bigint not null default 0,
    units bigint not null default 0,
    primary key (category_id, day)
);
create index category_day_by_day on category_day (day);

-- analytics: each shopper's purchases across the platform, for RFM:
-- last payment, paid orders, and what they spent less what came back.
create table customer_figure (
    user_id bigint primary key,
    first_paid_at bigint not null,
    last_paid_at bigint not null,
    paid_orders bigint not null default 0,
    spent_minor bigint not null default 0
);
create index customer_figure_by_last on customer_figure (last_paid_at);

create index app_user_by_created on app_user (created_at);
create index shop_by_created on shop (created_at);
