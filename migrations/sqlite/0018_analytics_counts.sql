-- analytics: a product's sold days linked to the one before, so the
-- products sold over any range count without grouping: its sold rows
-- whose previous sold day falls before the range.
alter table product_day add column prev_sold_day bigint;
update product_day set prev_sold_day = s.prev
    from (select product_id, day, lag(day) over (partition by product_id order by day) as prev
          from product_day where units > 0) s
    where product_day.product_id = s.product_id and product_day.day = s.day and s.prev is not null;
drop index product_day_sold;
create index product_day_sold on product_day (shop_id, day, product_id, prev_sold_day) where units > 0;

-- analytics: shoppers counted by the day of their last payment, their paid
-- orders (3 standing for 3 or more) and whether they kept ¥500 or more
-- (rich): the RFM segments sum these rows, and only the shoppers on the
-- two boundary days are read one by one. (The cut-offs are
-- domain::CHAMPION_ORDERS and CHAMPION_SPENT_MINOR: changing them needs
-- a rebuild.)
create table customer_rfm_day (
    day bigint not null,
    orders bigint not null,
    rich bigint not null,
    customers bigint not null default 0,
    primary key (day, orders, rich)
);
insert into customer_rfm_day (day, orders, rich, customers)
    select (last_paid_at + 28800000) / 86400000,
           case when paid_orders >= 3 then 3 else paid_orders end,
           case when spent_minor >= 50000 then 1 else 0 end,
           count(*)
    from customer_figure group by 1, 2, 3;
-- The last payment before the latest, kept by each payment's upsert so it
-- learns which row of customer_rfm_day the shopper leaves.
alter table customer_figure add column prior_paid_at bigint;
