-- Group buying (拼团): a shop's group price for one SKU, the groups shoppers
-- open and join by paying, and who is in each (SQLite dialect;
-- postgres/0013 is the same shape).

-- promotions: a SKU at a group price for `group_size` people, who have
-- `hours` from the first payment to fill the group. Status changes
-- (pause, resume, end) are recorded in audit_event.
create table group_offer (
    group_offer_id integer primary key,
    shop_id bigint not null references shop (shop_id),
    product_id bigint not null,
    sku_id bigint not null,
    group_price_minor bigint not null check (group_price_minor > 0),
    group_size bigint not null check (group_size between 2 and 10),
    hours bigint not null check (hours between 1 and 72),
    starts_at bigint not null,
    ends_at bigint not null,
    status text not null check (status in ('active', 'paused', 'ended')),
    created_by bigint not null,
    created_at bigint not null,
    updated_at bigint not null,
    check (ends_at > starts_at)
);
create index group_offer_by_product on group_offer (product_id, ends_at);
create index group_offer_by_shop on group_offer (shop_id);

-- promotions: one group. forming (its leader has not paid) → open (paid:
-- the clock runs until expires_at) → succeeded (size paid members) or
-- failed (expired: every member refunded); abandoned when the leader never
-- paid. seats counts members holding a place (paid or paying), paid those
-- who paid: one guarded update moves each, so a group never takes more
-- than its size, and completion and expiry cannot both happen.
create table buy_group (
    group_id integer primary key,
    group_offer_id bigint not null references group_offer (group_offer_id),
    leader_id bigint not null references app_user (user_id),
    size bigint not null check (size between 2 and 10),
    seats bigint not null default 0 check (seats >= 0 and seats <= size),
    paid bigint not null default 0 check (paid >= 0 and paid <= size),
    status text not null check (status in ('forming', 'open', 'succeeded', 'failed', 'abandoned')),
    expires_at bigint,
    completed_at bigint,
    created_at bigint not null,
    updated_at bigint not null
);
create index buy_group_by_offer on buy_group (group_offer_id, status);

-- promotions: a shopper's place in a group, with the order that pays for
-- it. One live place per shopper and group (pending or paid); a place whose
-- order was cancelled unpaid stays as history, status 'left'.
create table group_member (
    member_id integer primary key,
    group_id bigint not null references buy_group (group_id),
    user_id bigint not null references app_user (user_id),
    order_id bigint not null unique,
    status text not null check (status in ('pending', 'paid', 'left', 'refunded')),
    -- the usual price less the group price, at the moment of joining
    saved_minor bigint not null check (saved_minor >= 0),
    created_at bigint not null,
    updated_at bigint not null
);
create unique index group_member_live on group_member (group_id, user_id) where status in ('pending', 'paid');
create index group_member_by_user on group_member (user_id);

-- orders: a group order is hidden from its shop until the group succeeds.
alter table shop_order add column buy_group_id bigint;
alter table shop_order add column held_for_group integer not null default 0;
