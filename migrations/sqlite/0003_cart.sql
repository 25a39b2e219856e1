-- cart: one cart per account, or per guest (a random token in a cookie; we
-- keep its SHA-256). Exactly one of the two owners is set.
create table cart (
    cart_id integer primary key,
    user_id bigint unique references app_user (user_id) on delete cascade,
    guest_token_hash text unique,
    created_at bigint not null,
    updated_at bigint not null,
    check ((user_id is null and guest_token_hash is not null) or (user_id is not null and guest_token_hash is null))
);

-- cart: what the shopper means to buy. The price when added is kept so the
-- cart can say plainly when it changed.
create table cart_line (
    cart_id bigint not null references cart (cart_id) on delete cascade,
    sku_id bigint not null references sku (sku_id) on delete cascade,
    quantity bigint not null check (quantity > 0 and quantity <= 999),
    added_price_minor bigint not null check (added_price_minor >= 0),
    created_at bigint not null,
    updated_at bigint not null,
    primary key (cart_id, sku_id)
);

-- catalog: an image may show one option value (e.g. the red one).
alter table product_image add column option_value text;
