-- analytics: each product day carries the product's running totals through
-- that day, so any range's figures are the last day in it minus the last
-- day before it: two rows per product, whatever the range's length.
alter table product_day add column views_through bigint not null default 0;
alter table product_day add column units_through bigint not null default 0;
alter table product_day add column paid_minor_through bigint not null default 0;
update product_day set views_through = s.views, units_through = s.units, paid_minor_through = s.paid_minor
    from (select product_id, day,
                 cast(sum(views) over w as bigint) as views, cast(sum(units) over w as bigint) as units,
                 cast(sum(paid_minor) over w as bigint) as paid_minor
          from product_day window w as (partition by product_id order by day)) s
    where product_day.product_id = s.product_id and product_day.day = s.day;
