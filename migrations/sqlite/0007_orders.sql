-- Checkout, payment and orders (SQLite dialect; postgres/0007 is the same shape).

-- merchants: each shop's shipping rule: a flat fee per order, waived when
-- the order's items reach the threshold (none: never waived).
alter table shop add column shipping_fee_minor bigint not null default 0 check (shipping_fee_minor >= 0);
alter table shop add column free_shipping_over_minor bigint check (free_shipping_over_minor >= 0);

-- checkout: the shopper's address book. Divisions are GB/T 2260 codes
-- (province 110000, city 110100, district 110101); their names come from
-- the committed division list. At most one default per person (the
-- service keeps it so; orders copy the address as text).
create table address (
    address_id integer primary key,
    user_id bigint not null references app_user (user_id) on delete cascade,
    recipient text not null,
    phone text not null,
    province_code text not null,
    city_code text not null,
    district_code text not null,
    detail text not null,
    is_default integer not null default 0 check (is_default in (0, 1)),
    created_at bigint not null,
    updated_at bigint not null
);
create index address_by_user on address (user_id, address_id);

-- checkout: one placing of the cart, grouping its orders (one per shop).
-- The token comes from the checkout page: placing again with it (a double
-- click, a retry, a second tab) finds this row and its orders instead of
-- making new ones. paying_payment_id and paying_until: the one payment
-- under way and until when, so two tabs cannot pay at once (and only that
-- payment gives the turn back).
create table checkout (
    checkout_id integer primary key,
    user_id bigint not null references app_user (user_id) on delete cascade,
    token text not null unique,
    total_minor bigint not null check (total_minor >= 0),
    paying_payment_id bigint,
    paying_until bigint,
    created_at bigint not null,
    updated_at bigint not null
);
create index checkout_by_user on checkout (user_id);

-- orders: what one shop owes one shopper. Money is fen; the address is
-- copied as it was. Status changes go through orders::domain's state
-- machine, each recorded in audit_event.
create table shop_order (
    order_id integer primary key,
    checkout_id bigint not null references checkout (checkout_id) on delete cascade,
    user_id bigint not null references app_user (user_id) on delete cascade,
    shop_id bigint not null references shop (shop_id),
    status text not null check (status in ('pending_payment', 'paid', 'shipped', 'delivered', 'completed', 'cancelled', 'refunded')),
    items_minor bigint not null check (items_minor >= 0),
    shipping_minor bigint not null check (shipping_minor >= 0),
    discount_minor bigint not null default 0 check (discount_minor >= 0),
    total_minor bigint not null check (total_minor >= 0),
    refunded_minor bigint not null default 0 check (refunded_minor >= 0 and refunded_minor <= total_minor),
    recipient text not null,
    phone text not null,
    address_text text not null,
    carrier text,
    tracking_number text,
    pay_by bigint not null,
    paid_at bigint,
    shipped_at bigint,
    delivered_at bigint,
    completed_at bigint,
    cancelled_at bigint,
    created_at bigint not null,
    updated_at bigint not null
);
create index shop_order_by_user on shop_order (user_id, order_id);
create index shop_order_by_shop on shop_order (shop_id, status, order_id);
create index shop_order_by_checkout on shop_order (checkout_id);
create index shop_order_by_tracking on shop_order (tracking_number);

-- orders: the lines, copied from the catalog when the order was placed, so
-- an order reads the same after the product changes or goes.
create table order_line (
    order_line_id integer primary key,
    order_id bigint not null references shop_order (order_id) on delete cascade,
    sku_id bigint not null,
    product_id bigint not null,
    title text not null,
    options_json text not null,
    sku_code text not null,
    image_key text,
    unit_price_minor bigint not null check (unit_price_minor >= 0),
    quantity bigint not null check (quantity > 0),
    line_total_minor bigint not null check (line_total_minor >= 0),
    created_at bigint not null,
    updated_at bigint not null
);
create index order_line_by_order on order_line (order_id);

-- payments: one attempt to pay the waiting orders of a checkout. The
-- attempt key comes from the payment form: a double click pays once. Card
-- numbers never reach this table: only the brand and the last four digits.
create table payment (
    payment_id integer primary key,
    checkout_id bigint not null references checkout (checkout_id) on delete cascade,
    user_id bigint not null references app_user (user_id) on delete cascade,
    attempt_key text not null unique,
    provider text not null,
    amount_minor bigint not null check (amount_minor > 0),
    status text not null check (status in ('pending', 'succeeded', 'failed')),
    provider_ref text,
    card_brand text,
    card_last4 text,
    failure_code text,
    confirmed_at bigint,
    created_at bigint not null,
    updated_at bigint not null
);
create index payment_by_checkout on payment (checkout_id);

-- payments: which orders a payment pays, and how much of it each.
-- applied: this payment is the one that moved the order to paid (a second
-- payment that lands on a paid order is refunded instead).
create table payment_order (
    payment_id bigint not null references payment (payment_id) on delete cascade,
    order_id bigint not null references shop_order (order_id) on delete cascade,
    amount_minor bigint not null check (amount_minor >= 0),
    applied integer not null default 0 check (applied in (0, 1)),
    created_at bigint not null,
    updated_at bigint not null,
    primary key (payment_id, order_id)
);
create index payment_order_by_order on payment_order (order_id);

-- payments: money going back, each with the key the provider dedupes on.
create table refund (
    refund_id integer primary key,
    payment_id bigint not null references payment (payment_id) on delete cascade,
    order_id bigint not null references shop_order (order_id) on delete cascade,
    amount_minor bigint not null check (amount_minor > 0),
    idempotency_key text not null unique,
    status text not null check (status in ('pending', 'succeeded', 'failed')),
    provider_ref text,
    reason text not null,
    created_at bigint not null,
    updated_at bigint not null
);
create index refund_by_order on refund (order_id);

-- every domain: who changed what, when and why, written in the same
-- transaction as the change.
create table audit_event (
    event_id integer primary key,
    subject text not null,
    subject_id bigint not null,
    action text not null,
    from_status text,
    to_status text,
    actor_kind text not null check (actor_kind in ('shopper', 'merchant', 'operator', 'system', 'payment_provider', 'carrier')),
    actor_id bigint,
    reason text not null default '',
    detail text not null default '',
    created_at bigint not null,
    updated_at bigint not null
);
create index audit_event_by_subject on audit_event (subject, subject_id, event_id);

-- background jobs: one row per thing to do at a time (expire an unpaid
-- order, complete a delivered one, send a refund). A runner claims due
-- rows with a lease, so each runs once however many servers share the
-- database, and a restart finds them still here.
create table scheduled_job (
    job_id integer primary key,
    kind text not null,
    subject_id bigint not null,
    due_at bigint not null,
    lease_until bigint,
    attempts bigint not null default 0,
    last_error text,
    created_at bigint not null,
    updated_at bigint not null,
    unique (kind, subject_id)
);
create index scheduled_job_by_due on scheduled_job (due_at);

-- platform: secrets every server must share (notification signing keys),
-- made once by whichever server starts first.
create table platform_secret (
    name text primary key,
    value text not null,
    created_at bigint not null,
    updated_at bigint not null
);
