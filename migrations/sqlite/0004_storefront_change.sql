-- storefront: an append-only log of what anonymous shoppers see changing
-- (a product, a shop, a category, the home page). Written in the same
-- transaction as the change by whichever domain made it; every server's
-- search index, read models and page cache follow it by position. It
-- replaces catalog_change, which named products only.
create table storefront_change (
    change_id integer primary key,
    subject text not null check (subject in ('product', 'shop', 'category', 'home')),
    subject_id bigint not null,               -- 0 for 'home'
    created_at bigint not null,
    updated_at bigint not null
);
-- Nothing reads or writes catalog_change any more: every follower reads
-- storefront_change.
drop table catalog_change;
