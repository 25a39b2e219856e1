-- analytics: each product's views, units and money over all its days, kept
-- beside its recent windows. They equal its running totals through its
-- last day, so a range ending today reads the top of its sums from one row
-- per product in shop order, and seeks only the day before the range: two
-- lookups per product rather than four (BENCHMARKS.md).
alter table product_recent add column views_all bigint not null default 0;
alter table product_recent add column units_all bigint not null default 0;
alter table product_recent add column paid_minor_all bigint not null default 0;
insert into product_recent (shop_id, product_id, views_all, units_all, paid_minor_all)
select shop_id, product_id, sum(views), sum(units), sum(paid_minor) from product_day where true
group by product_id, shop_id
having sum(views) <> 0 or sum(units) <> 0 or sum(paid_minor) <> 0
on conflict (shop_id, product_id) do update set
    views_all = excluded.views_all, units_all = excluded.units_all, paid_minor_all = excluded.paid_minor_all;

-- analytics: each buyer's last paid day in a shop. A range through today
-- counts its buyers from these alone (a buyer is in it when their last day
-- is, and bought twice when that day holds two orders or the day before
-- it is in the range too): the biggest benchmark shop's 90 days read its
-- 46,000 buyers rather than 225,000 buyer days.
create index shop_buyer_day_last on shop_buyer_day (shop_id, day, prev_day, paid_orders, next_day) where next_day is null;
