-- analytics: each product day carries the product's running totals through
-- that day, so any range's figures are the last day in it minus the last
-- day before it: two rows per product, whatever the range's length. The
-- table is kept in product order (WITHOUT ROWID), so a product's rows are
-- read by one seek, not through an index and then the table.
create table product_day_running (
    product_id bigint not null,
    day bigint not null,
    shop_id bigint not null,
    views bigint not null default 0,
    units bigint not null default 0,
    paid_minor bigint not null default 0,
    prev_sold_day bigint,
    views_through bigint not null default 0,
    units_through bigint not null default 0,
    paid_minor_through bigint not null default 0,
    primary key (product_id, day)
) without rowid;
insert into product_day_running (product_id, day, shop_id, views, units, paid_minor, prev_sold_day,
                                 views_through, units_through, paid_minor_through)
    select product_id, day, shop_id, views, units, paid_minor, prev_sold_day,
           sum(views) over w, sum(units) over w, sum(paid_minor) over w
    from product_day window w as (partition by product_id order by day);
drop table product_day;
alter table product_day_running rename to product_day;
create index product_day_by_shop on product_day (shop_id, day);
-- units too: SQLite reads the table for a column of a partial index's
-- condition unless the index holds it.
create index product_day_sold on product_day (shop_id, day, product_id, prev_sold_day, units) where units > 0;
