-- Flash sales (秒杀): the operator's time slots, the SKUs merchants put in
-- them at a flash price (approved by an operator), and the units shoppers
-- hold (SQLite dialect; postgres/0012 is the same shape).

-- promotions: a flash-sale time slot.
create table flash_slot (
    slot_id integer primary key,
    title text not null,
    starts_at bigint not null,
    ends_at bigint not null,
    created_by bigint not null,
    created_at bigint not null,
    updated_at bigint not null,
    check (ends_at > starts_at)
);
create index flash_slot_by_end on flash_slot (ends_at);

-- promotions: a merchant's SKU in a slot, at a flash price, up to a
-- quantity. sold never passes quantity: one guarded update sells a unit;
-- a unit held by an order cancelled unpaid comes back. Status changes
-- (pending → approved / rejected, withdrawn) are recorded in audit_event.
create table flash_item (
    flash_item_id integer primary key,
    slot_id bigint not null references flash_slot (slot_id) on delete cascade,
    shop_id bigint not null references shop (shop_id),
    product_id bigint not null,
    sku_id bigint not null,
    flash_price_minor bigint not null check (flash_price_minor > 0),
    quantity bigint not null check (quantity > 0),
    sold bigint not null default 0 check (sold >= 0 and sold <= quantity),
    per_account bigint not null default 1 check (per_account between 1 and 5),
    status text not null check (status in ('pending', 'approved', 'rejected', 'withdrawn')),
    reason text not null default '',
    created_by bigint not null,
    created_at bigint not null,
    updated_at bigint not null,
    unique (slot_id, sku_id)
);
create index flash_item_by_status on flash_item (status, slot_id);
create index flash_item_by_shop on flash_item (shop_id);

-- promotions: a unit a shopper bought, with its order. seq numbers one
-- person's units of one item from 1, so the unique key is the per-account
-- limit; the row goes when its order is cancelled unpaid.
create table flash_purchase (
    purchase_id integer primary key,
    flash_item_id bigint not null references flash_item (flash_item_id) on delete cascade,
    user_id bigint not null references app_user (user_id) on delete cascade,
    seq bigint not null check (seq >= 1),
    order_id bigint not null,
    created_at bigint not null,
    updated_at bigint not null,
    unique (flash_item_id, user_id, seq)
);
create index flash_purchase_by_order on flash_purchase (order_id);
