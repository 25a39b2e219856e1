-- Reviews (SQLite dialect; postgres/0009 is the same shape).

-- reviews: what a buyer wrote about one order line. A follow-up is a review
-- whose parent is the first one (no rating of its own). A draft keeps what
-- was typed when a submission was refused; every other status change goes
-- through reviews::domain::next_review_status and is recorded in
-- audit_event. Only published reviews count in the stored aggregates.
create table review (
    review_id integer primary key,
    parent_id bigint references review (review_id) on delete cascade,
    order_line_id bigint not null references order_line (order_line_id) on delete cascade,
    order_id bigint not null,
    product_id bigint not null,
    shop_id bigint not null,
    user_id bigint not null references app_user (user_id) on delete cascade,
    status text not null check (status in ('draft', 'pending', 'published', 'rejected')),
    -- null on follow-ups (and on a draft that has none yet)
    rating integer check (rating between 1 and 5),
    body text not null default '',
    anonymous integer not null default 0 check (anonymous in (0, 1)),
    -- the name the public sees, fixed when written (masked when anonymous)
    author_name text not null default '',
    -- the chosen options of the line, as bought ("Color: Red")
    options_json text not null default '[]',
    -- what the automatic rules found (comma-separated reason codes)
    flags text not null default '',
    -- a draft's typed shop ratings (JSON), shown again in the form
    draft_extra text not null default '',
    reason text not null default '',
    photo_count integer not null default 0 check (photo_count between 0 and 6),
    -- its photos as the product page shows them ([[key, width, height]]):
    -- one page of reviews is one statement
    photos_json text not null default '[]',
    -- a published follow-up shows under this review (first reviews only)
    follow_up_shown integer not null default 0 check (follow_up_shown in (0, 1)),
    helpful_count bigint not null default 0 check (helpful_count >= 0),
    report_count bigint not null default 0 check (report_count >= 0),
    client_ip text not null default '',
    submitted_at bigint,
    published_at bigint,
    created_at bigint not null,
    updated_at bigint not null
);
create unique index review_one_per_line on review (order_line_id) where parent_id is null;
create unique index review_one_follow_up on review (parent_id) where parent_id is not null;
-- the product page: newest or most helpful published first reviews
create index review_shown_newest on review (product_id, published_at, review_id)
    where status = 'published' and parent_id is null;
create index review_shown_helpful on review (product_id, helpful_count, review_id)
    where status = 'published' and parent_id is null;
-- the operator's queue, oldest first
create index review_queue on review (status, submitted_at, review_id);
-- the seller portal's list and the burst rules
create index review_by_shop on review (shop_id, review_id);
create index review_by_product_time on review (product_id, submitted_at);
create index review_by_address on review (client_ip, submitted_at);
create index review_by_user on review (user_id, review_id);

create table review_photo (
    photo_id integer primary key,
    review_id bigint not null references review (review_id) on delete cascade,
    media_key text not null,
    width bigint not null,
    height bigint not null,
    position integer not null,
    created_at bigint not null,
    updated_at bigint not null
);
create index review_photo_by_review on review_photo (review_id, position);

-- the shop's one public reply to a review; editable
create table review_reply (
    review_id bigint primary key references review (review_id) on delete cascade,
    shop_id bigint not null,
    user_id bigint not null,
    body text not null,
    created_at bigint not null,
    updated_at bigint not null
);

-- one Helpful vote and one report per account per review
create table review_vote (
    review_id bigint not null references review (review_id) on delete cascade,
    user_id bigint not null references app_user (user_id) on delete cascade,
    created_at bigint not null,
    updated_at bigint not null,
    primary key (review_id, user_id)
);
create table review_report (
    review_id bigint not null references review (review_id) on delete cascade,
    user_id bigint not null references app_user (user_id) on delete cascade,
    reason text not null check (reason in ('spam', 'abuse', 'off_topic', 'advertising', 'private_info', 'fake')),
    created_at bigint not null,
    updated_at bigint not null,
    primary key (review_id, user_id)
);

-- the near-duplicate rule: each review's MinHash band keys, so texts alike
-- are found by index (they share a key) and then compared word for word
create table review_band (
    band bigint not null,
    review_id bigint not null references review (review_id) on delete cascade,
    user_id bigint not null,
    created_at bigint not null,
    updated_at bigint not null
);
create index review_band_lookup on review_band (band, created_at);
create index review_band_by_review on review_band (review_id);

-- the buyer's rating of the shop, given once per order with its first
-- review; it counts while that review is published
create table shop_rating (
    order_id bigint primary key references shop_order (order_id) on delete cascade,
    review_id bigint not null references review (review_id) on delete cascade,
    shop_id bigint not null,
    described integer not null check (described between 1 and 5),
    service integer not null check (service between 1 and 5),
    delivery integer not null check (delivery between 1 and 5),
    counted integer not null default 0 check (counted in (0, 1)),
    created_at bigint not null,
    updated_at bigint not null
);
create index shop_rating_by_review on shop_rating (review_id);

-- stored aggregates, changed with each decision and never recounted on a
-- page view: per product (the histogram and the filter counts) ...
create table review_summary (
    product_id bigint primary key,
    review_count bigint not null default 0,
    rating_sum bigint not null default 0,
    star1 bigint not null default 0,
    star2 bigint not null default 0,
    star3 bigint not null default 0,
    star4 bigint not null default 0,
    star5 bigint not null default 0,
    with_photos bigint not null default 0,
    with_follow_ups bigint not null default 0,
    created_at bigint not null,
    updated_at bigint not null
);
-- ... and per shop, shop 0 holding the whole platform's for comparison
create table shop_score (
    shop_id bigint primary key,
    rating_count bigint not null default 0,
    described_sum bigint not null default 0,
    service_sum bigint not null default 0,
    delivery_sum bigint not null default 0,
    created_at bigint not null,
    updated_at bigint not null
);

-- the moderation rules' settings, one row, edited from the console
create table review_settings (
    settings_id integer primary key check (settings_id = 1),
    body text not null,
    updated_by bigint,
    created_at bigint not null,
    updated_at bigint not null
);

-- storefront: a product's reviews section changes on its own (a vote, a
-- reply, a follow-up): its page is stale, the index and lists are not.
create table storefront_change_new (
    change_id integer primary key,
    subject text not null check (subject in ('product', 'shop', 'category', 'home', 'reviews')),
    subject_id bigint not null,
    created_at bigint not null,
    updated_at bigint not null
);
insert into storefront_change_new select * from storefront_change;
drop table storefront_change;
alter table storefront_change_new rename to storefront_change;
