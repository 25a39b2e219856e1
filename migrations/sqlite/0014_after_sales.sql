-- After-sales: refunds and returns per order line, disputes the platform
-- decides, complaints about shops, and each shop's service figures
-- (SQLite dialect; postgres/0014 is the same shape).

-- catalog: whether a category's goods may be sent back within 7 days of
-- delivery without a reason (the consumer-protection law's no-reason
-- return; fresh food, custom-made goods and opened software are excluded).
alter table category add column no_reason_returns integer not null default 1 check (no_reason_returns in (0, 1));

-- orders: what has gone back of each line and how much of the platform's
-- discount on it the shop has handed back, so no request or partial
-- refund ever returns more than was paid for the line (a guarded update
-- adds to refunded_minor only while it stays within what was paid).
alter table order_line add column refunded_minor bigint not null default 0 check (refunded_minor >= 0);
alter table order_line add column platform_returned_minor bigint not null default 0 check (platform_returned_minor >= 0);

-- after-sales: a shopper's request about one delivered order line: money
-- back only (kind 'refund') or the item sent back first ('return').
-- Status changes go through aftersales::domain's state machine, each
-- recorded in audit_event (subject 'after_sale') with who, when and what
-- was said. open_line is the line while the request is open and null once
-- it is refunded or closed: its unique index allows one open request per
-- line however requests race. The refund split: refunded_minor goes to the
-- shopper; the shop bears shop_bears_minor, of which platform_returns_minor
-- hands back the platform's own discount on the line.
create table after_sale (
    after_sale_id integer primary key,
    order_id bigint not null references shop_order (order_id) on delete cascade,
    order_line_id bigint not null references order_line (order_line_id) on delete cascade,
    user_id bigint not null references app_user (user_id) on delete cascade,
    shop_id bigint not null references shop (shop_id),
    kind text not null check (kind in ('refund', 'return')),
    reason text not null check (reason in ('no_reason', 'not_received', 'damaged', 'not_as_described',
        'wrong_item', 'quality', 'missing_parts', 'other')),
    description text not null default '',
    amount_minor bigint not null check (amount_minor > 0),
    status text not null check (status in ('awaiting_seller', 'agreed', 'refused', 'returning', 'refunded',
        'closed', 'arbitration')),
    open_line bigint,
    respond_by bigint,
    refuse_reason text not null default '',
    return_address text not null default '',
    return_carrier text,
    return_tracking text,
    return_shipped_at bigint,
    return_delivered_at bigint,
    restocked integer not null default 0 check (restocked in (0, 1)),
    refunded_minor bigint not null default 0 check (refunded_minor >= 0),
    shop_bears_minor bigint not null default 0 check (shop_bears_minor >= 0),
    platform_returns_minor bigint not null default 0 check (platform_returns_minor >= 0),
    escalated_at bigint,
    decision_reason text not null default '',
    decided_by bigint,
    created_at bigint not null,
    updated_at bigint not null
);
create unique index after_sale_open_line on after_sale (open_line);
create index after_sale_by_order on after_sale (order_id, after_sale_id);
create index after_sale_by_shop on after_sale (shop_id, status, after_sale_id);
create index after_sale_by_status on after_sale (status, after_sale_id);
create index after_sale_by_return on after_sale (return_tracking);

-- after-sales: the shopper's photos of a request (the upload pipeline's keys).
create table after_sale_photo (
    after_sale_id bigint not null references after_sale (after_sale_id) on delete cascade,
    position bigint not null,
    image_key text not null,
    width bigint not null,
    height bigint not null,
    created_at bigint not null,
    updated_at bigint not null,
    primary key (after_sale_id, position)
);

-- after-sales: a shopper's complaint about a shop from one of their orders,
-- a queue the operators decide (upheld or dismissed, with a reason).
-- open_order: unique while open, so an order has one open complaint.
create table complaint (
    complaint_id integer primary key,
    order_id bigint not null references shop_order (order_id) on delete cascade,
    user_id bigint not null references app_user (user_id) on delete cascade,
    shop_id bigint not null references shop (shop_id),
    kind text not null check (kind in ('counterfeit', 'wrong_item', 'rude_service', 'other')),
    description text not null,
    status text not null check (status in ('open', 'upheld', 'dismissed')),
    open_order bigint,
    decision_reason text not null default '',
    decided_by bigint,
    decided_at bigint,
    created_at bigint not null,
    updated_at bigint not null
);
create unique index complaint_open_order on complaint (open_order);
create index complaint_by_status on complaint (status, complaint_id);
create index complaint_by_shop on complaint (shop_id, status);

-- after-sales: each shop's figures, kept as requests and complaints move
-- (refund rate = refunded requests / delivered orders; dispute rate =
-- escalated requests / delivered orders): analytics and the shop page
-- read them without counting requests.
create table shop_service_figure (
    shop_id bigint primary key references shop (shop_id) on delete cascade,
    requests bigint not null default 0,
    refunds bigint not null default 0,
    disputes bigint not null default 0,
    complaints bigint not null default 0,
    complaints_upheld bigint not null default 0,
    created_at bigint not null,
    updated_at bigint not null
);

-- merchants: shops are told of after-sales too. SQLite cannot change a
-- check constraint in place, so the table is copied into its new shape.
create table notification_new (
    notification_id integer primary key,
    shop_id bigint not null references shop (shop_id) on delete cascade,
    kind text not null check (kind in ('application_approved', 'listing_approved', 'listing_rejected',
        'change_approved', 'change_rejected', 'order_paid', 'low_stock', 'profile_approved', 'profile_rejected',
        'after_sale_opened', 'return_shipped', 'after_sale_escalated', 'dispute_decided', 'complaint_upheld')),
    subject_id bigint not null,
    subject_text text not null default '',
    reason text not null default '',
    read_at bigint,
    created_at bigint not null,
    updated_at bigint not null
);
insert into notification_new (notification_id, shop_id, kind, subject_id, subject_text, reason, read_at, created_at, updated_at)
    select notification_id, shop_id, kind, subject_id, subject_text, reason, read_at, created_at, updated_at from notification;
drop table notification;
alter table notification_new rename to notification;
create index notification_by_shop on notification (shop_id, notification_id);
create index notification_unread on notification (shop_id, read_at);
