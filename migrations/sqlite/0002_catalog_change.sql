-- catalog: an append-only log of product changes. Every server's in-process
-- search index and page caches follow it, so a change made through any
-- server shows everywhere within seconds.
create table catalog_change (
    change_id integer primary key,
    product_id bigint not null,
    created_at bigint not null,
    updated_at bigint not null
);
create index catalog_change_by_product on catalog_change (product_id);
