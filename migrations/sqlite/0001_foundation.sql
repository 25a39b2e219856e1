-- Foundation schema (SQLite dialect; postgres/0001 is the same shape).
-- Times are UTC epoch milliseconds; money is integer fen (*_minor);
-- statuses are text guarded by check constraints.

-- accounts: people who log in. "app_user" because "user" is reserved in PostgreSQL.
create table app_user (
    user_id integer primary key,
    email text not null unique,               -- stored lower-cased
    display_name text not null,
    password_hash text not null,              -- Argon2id PHC string
    is_operator integer not null default 0 check (is_operator in (0, 1)),
    created_at bigint not null,
    updated_at bigint not null
);

-- accounts: one row per log-in; the cookie holds a token, we keep its SHA-256.
create table session (
    session_hash text primary key,
    user_id bigint not null references app_user (user_id) on delete cascade,
    created_at bigint not null,
    updated_at bigint not null,
    last_seen_at bigint not null,
    expires_at bigint not null,               -- absolute limit
    revoked_at bigint
);
create index session_by_user on session (user_id);
create index session_by_expiry on session (expires_at);

-- accounts: failed log-ins, counted per subject ('account:<email>' or 'addr:<ip>')
-- in the database so that every server sees the same counts.
create table login_attempt (
    attempt_id integer primary key,
    subject text not null,
    created_at bigint not null,
    updated_at bigint not null
);
create index login_attempt_by_subject on login_attempt (subject, created_at);

-- accounts: password reset links (token hashed like sessions).
create table password_reset (
    token_hash text primary key,
    user_id bigint not null references app_user (user_id) on delete cascade,
    created_at bigint not null,
    updated_at bigint not null,
    expires_at bigint not null,
    used_at bigint
);

-- accounts: mail waiting to be sent; development prints it instead.
create table outbox_email (
    email_id integer primary key,
    to_address text not null,
    subject text not null,
    body text not null,
    created_at bigint not null,
    updated_at bigint not null,
    sent_at bigint
);

-- merchants: shops and who may act for them.
create table shop (
    shop_id integer primary key,
    slug text not null unique,
    name text not null,
    description text not null default '',
    status text not null default 'active' check (status in ('active', 'suspended')),
    created_at bigint not null,
    updated_at bigint not null
);

create table shop_member (
    shop_id bigint not null references shop (shop_id) on delete cascade,
    user_id bigint not null references app_user (user_id) on delete cascade,
    role text not null check (role in ('owner', 'staff')),
    created_at bigint not null,
    updated_at bigint not null,
    primary key (shop_id, user_id)
);
create index shop_member_by_user on shop_member (user_id);

-- catalog: a two-level category tree.
create table category (
    category_id integer primary key,
    parent_id bigint references category (category_id),
    slug text not null unique,
    name_en text not null,
    name_zh text not null,
    position bigint not null default 0,
    created_at bigint not null,
    updated_at bigint not null
);
create index category_by_parent on category (parent_id, position);

create table brand (
    brand_id integer primary key,
    name text not null unique,
    created_at bigint not null,
    updated_at bigint not null
);

-- catalog: a product and its variant dimensions (up to two: option1/option2,
-- e.g. Color and Size). Price range, sales and rating sums are denormalised
-- for sorting and filtering.
create table product (
    product_id integer primary key,
    shop_id bigint not null references shop (shop_id),
    category_id bigint not null references category (category_id),
    brand_id bigint references brand (brand_id),
    title text not null,
    description text not null default '',
    status text not null check (status in ('draft', 'pending_review', 'live', 'rejected', 'delisted')),
    option1_name text,
    option2_name text,
    price_min_minor bigint not null check (price_min_minor >= 0),
    price_max_minor bigint not null check (price_max_minor >= price_min_minor),
    sales_count bigint not null default 0 check (sales_count >= 0),
    rating_count bigint not null default 0 check (rating_count >= 0),
    rating_sum bigint not null default 0 check (rating_sum >= 0),
    created_at bigint not null,
    updated_at bigint not null
);
create index product_by_category on product (category_id, status);
create index product_by_shop on product (shop_id, status);
create index product_by_created on product (status, created_at);

-- catalog: one sellable variant; stock never goes below zero.
create table sku (
    sku_id integer primary key,
    product_id bigint not null references product (product_id) on delete cascade,
    code text not null unique,
    option1 text,
    option2 text,
    price_minor bigint not null check (price_minor >= 0),
    stock bigint not null check (stock >= 0),
    created_at bigint not null,
    updated_at bigint not null
);
create index sku_by_product on sku (product_id);

create table product_image (
    image_id integer primary key,
    product_id bigint not null references product (product_id) on delete cascade,
    position bigint not null,
    media_key text not null,
    width bigint not null,
    height bigint not null,
    alt text not null,
    created_at bigint not null,
    updated_at bigint not null
);
create index product_image_by_product on product_image (product_id, position);
