-- Merchant onboarding and the listing audit (SQLite dialect; postgres/0008 is the same shape).

-- merchants: one application to open a shop. What the applicant types is
-- kept as typed in `draft` (JSON: nothing is lost on an error); the
-- columns below it are set from the validated values when it is submitted,
-- and the partial unique indexes make sure one credit code, ID number, bank
-- account or shop name backs at most one live application.
create table merchant_application (
    application_id integer primary key,
    user_id bigint not null references app_user (user_id) on delete cascade,
    status text not null check (status in ('draft', 'under_review', 'changes_requested', 'approved', 'rejected')),
    draft text not null default '{}',
    -- set on submission (normalized), for the uniqueness of live applications
    shop_name text,
    credit_code text,
    id_number text,
    bank_account_number text,
    -- the fields an operator reopened (comma-separated keys) and their words
    reopened text not null default '',
    reason text not null default '',
    agreed_version text,
    agreed_at bigint,
    submitted_at bigint,
    decided_at bigint,
    shop_id bigint references shop (shop_id),
    created_at bigint not null,
    updated_at bigint not null
);
create index merchant_application_by_user on merchant_application (user_id, application_id);
-- the operator's queue: oldest submission first, per status
create index merchant_application_queue on merchant_application (status, submitted_at, application_id);
create unique index merchant_application_live_credit_code on merchant_application (credit_code)
    where status in ('under_review', 'changes_requested', 'approved') and credit_code is not null;
create unique index merchant_application_live_id_number on merchant_application (id_number)
    where status in ('under_review', 'changes_requested', 'approved') and id_number is not null;
create unique index merchant_application_live_bank_account on merchant_application (bank_account_number)
    where status in ('under_review', 'changes_requested', 'approved') and bank_account_number is not null;
create unique index merchant_application_live_shop_name on merchant_application (shop_name)
    where status in ('under_review', 'changes_requested', 'approved') and shop_name is not null;

-- merchants: private documents (licences, ID images, brand authorizations),
-- stored outside public/ and read only by their owner and operators.
create table merchant_document (
    document_id integer primary key,
    user_id bigint not null references app_user (user_id) on delete cascade,
    application_id bigint not null references merchant_application (application_id) on delete cascade,
    field text not null check (field in ('business_license', 'id_image', 'brand_authorization')),
    storage_key text not null unique,
    file_name text not null,
    content_type text not null,
    byte_size bigint not null check (byte_size > 0),
    created_at bigint not null,
    updated_at bigint not null
);
create index merchant_document_by_application on merchant_document (application_id);

-- catalog: the listing audit. A new listing waits as 'pending_review'; a
-- change to what a live listing says (title, description, category,
-- pictures) waits here as a revision while the live version stays on sale,
-- and replaces it when an operator approves. At most one pending revision
-- per product.
create table product_revision (
    revision_id integer primary key,
    product_id bigint not null references product (product_id) on delete cascade,
    status text not null check (status in ('pending', 'approved', 'rejected')),
    title text not null,
    description text not null,
    category_id bigint not null references category (category_id),
    -- the pictures as they would be: JSON [[media_key, width, height], ...]
    images text not null,
    created_at bigint not null,
    updated_at bigint not null
);
create unique index product_revision_one_pending on product_revision (product_id) where status = 'pending';
create index product_revision_queue on product_revision (status, updated_at, revision_id);
-- the operator's queue of new listings: oldest submission first
create index product_review_queue on product (status, updated_at, product_id);

-- merchants: a shop's logo (a public, re-encoded image).
alter table shop add column logo_key text;

-- audit: applicants act too (before they are merchants).
create table audit_event_new (
    event_id integer primary key,
    subject text not null,
    subject_id bigint not null,
    action text not null,
    from_status text,
    to_status text,
    actor_kind text not null check (actor_kind in ('shopper', 'applicant', 'merchant', 'operator', 'system', 'payment_provider', 'carrier')),
    actor_id bigint,
    reason text not null default '',
    detail text not null default '',
    created_at bigint not null,
    updated_at bigint not null
);
insert into audit_event_new select * from audit_event;
drop table audit_event;
alter table audit_event_new rename to audit_event;
create index audit_event_by_subject on audit_event (subject, subject_id, event_id);
-- the console's audit log: newest first, by kind and by who
create index audit_event_by_time on audit_event (created_at, event_id);
create index audit_event_by_actor on audit_event (actor_id, created_at);

-- merchants: what a shop's members are told (an application approved, a
-- listing decided, a new paid order, a SKU running low), written in the
-- transaction of the event; read_at marks it read for the whole shop.
create table notification (
    notification_id integer primary key,
    shop_id bigint not null references shop (shop_id) on delete cascade,
    kind text not null check (kind in ('application_approved', 'listing_approved', 'listing_rejected',
        'change_approved', 'change_rejected', 'order_paid', 'low_stock', 'profile_approved', 'profile_rejected')),
    subject_id bigint not null,
    -- what it was about, as it was then (a product title, an order number)
    subject_text text not null default '',
    reason text not null default '',
    read_at bigint,
    created_at bigint not null,
    updated_at bigint not null
);
create index notification_by_shop on notification (shop_id, notification_id);
create index notification_unread on notification (shop_id, read_at);

-- catalog: a SKU counts as low on stock at or below its threshold.
alter table sku add column low_stock_threshold bigint not null default 5 check (low_stock_threshold >= 0);

-- merchants: a change of a shop's name or logo waits for an operator (the
-- shop keeps its current ones meanwhile); at most one pending per shop.
create table shop_profile_change (
    change_id integer primary key,
    shop_id bigint not null references shop (shop_id) on delete cascade,
    status text not null check (status in ('pending', 'approved', 'rejected')),
    name text not null,
    logo_key text,
    requested_by bigint not null,
    reason text not null default '',
    created_at bigint not null,
    updated_at bigint not null
);
create unique index shop_profile_change_one_pending on shop_profile_change (shop_id) where status = 'pending';

-- catalog: the seller portal's product list, newest first within a shop.
create index product_by_shop_recent on product (shop_id, product_id);
