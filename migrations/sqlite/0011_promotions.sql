-- Promotions: coupons and the wallet, spend thresholds (满减), and what
-- they took off each order (SQLite dialect; postgres/0011 is the same shape).

-- promotions: a coupon. A shop coupon (shop_id set) is funded by its shop
-- and valid there; a platform coupon (shop_id null) is funded by the
-- platform, valid in every shop or only in the categories listed
-- (category_ids: comma-separated ids; empty: every category). kind
-- 'amount' takes amount_minor off; 'percent' takes percent_off % up to
-- cap_minor. claimed never passes total_quantity: one guarded update
-- claims a unit. code: typed at checkout to claim it; listed = 0 keeps it
-- out of the coupon centre and product pages (a code-only coupon). Status
-- changes are recorded in audit_event.
create table coupon (
    coupon_id integer primary key,
    shop_id bigint references shop (shop_id),
    title text not null,
    kind text not null check (kind in ('amount', 'percent')),
    amount_minor bigint not null default 0 check (amount_minor >= 0),
    percent_off integer not null default 0 check (percent_off between 0 and 90),
    cap_minor bigint check (cap_minor > 0),
    min_spend_minor bigint not null default 0 check (min_spend_minor >= 0),
    category_ids text not null default '',
    starts_at bigint not null,
    ends_at bigint not null,
    total_quantity bigint not null check (total_quantity > 0),
    claimed bigint not null default 0 check (claimed >= 0 and claimed <= total_quantity),
    per_person integer not null default 1 check (per_person between 1 and 10),
    code text unique,
    listed integer not null default 1 check (listed in (0, 1)),
    status text not null check (status in ('active', 'paused', 'ended')),
    created_by bigint not null,
    created_at bigint not null,
    updated_at bigint not null,
    check (ends_at > starts_at)
);
create index coupon_by_shop on coupon (shop_id, status, ends_at);

-- promotions: a coupon in a shopper's wallet. seq numbers one person's
-- claims of one coupon from 1, so the unique key is the per-person limit
-- under any concurrency. A claim is used by one placing (used_checkout_id)
-- and comes back if every order of that placing is cancelled unpaid.
create table coupon_claim (
    claim_id integer primary key,
    coupon_id bigint not null references coupon (coupon_id) on delete cascade,
    user_id bigint not null references app_user (user_id) on delete cascade,
    seq integer not null check (seq >= 1),
    status text not null check (status in ('usable', 'used')),
    used_checkout_id bigint,
    used_at bigint,
    created_at bigint not null,
    updated_at bigint not null,
    unique (coupon_id, user_id, seq)
);
create index coupon_claim_by_user on coupon_claim (user_id, status);
create index coupon_claim_by_checkout on coupon_claim (used_checkout_id);

-- promotions: 满减. A shop's (shop_id set, for its own items) or a platform
-- event (shop_id null) that shops join through spend_offer_shop. rule is
-- promotions::domain::SpendRule's stored text ("19900:2000,39900:5000" or
-- "every:30000:4000").
create table spend_offer (
    offer_id integer primary key,
    shop_id bigint references shop (shop_id),
    title text not null,
    rule text not null,
    starts_at bigint not null,
    ends_at bigint not null,
    status text not null check (status in ('active', 'paused', 'ended')),
    created_by bigint not null,
    created_at bigint not null,
    updated_at bigint not null,
    check (ends_at > starts_at)
);
create index spend_offer_by_shop on spend_offer (shop_id, status, ends_at);

create table spend_offer_shop (
    offer_id bigint not null references spend_offer (offer_id) on delete cascade,
    shop_id bigint not null references shop (shop_id),
    created_at bigint not null,
    updated_at bigint not null,
    primary key (offer_id, shop_id)
);

-- orders: what promotions took off an order, one row per discount, with
-- who funds it (settlement and refunds read it).
create table order_discount (
    order_discount_id integer primary key,
    order_id bigint not null references shop_order (order_id) on delete cascade,
    kind text not null check (kind in ('shop_offer', 'shop_coupon', 'platform_event', 'platform_coupon')),
    funder text not null check (funder in ('shop', 'platform')),
    source_id bigint not null,
    claim_id bigint,
    title text not null,
    amount_minor bigint not null check (amount_minor > 0),
    created_at bigint not null,
    updated_at bigint not null
);
create index order_discount_by_order on order_discount (order_id);

-- orders: each line's share of its order's discounts, by funder: a refund
-- of the line returns line_total_minor minus both.
alter table order_line add column shop_discount_minor bigint not null default 0 check (shop_discount_minor >= 0);
alter table order_line add column platform_discount_minor bigint not null default 0 check (platform_discount_minor >= 0);

-- storefront: a shop's promotions change (created, paused, ended, a window
-- opening or closing, an event joined): its pages and its products' pages.
create table storefront_change_new (
    change_id integer primary key,
    subject text not null check (subject in ('product', 'shop', 'category', 'home', 'reviews', 'promotions')),
    subject_id bigint not null,
    created_at bigint not null,
    updated_at bigint not null
);
insert into storefront_change_new select * from storefront_change;
drop table storefront_change;
alter table storefront_change_new rename to storefront_change;
