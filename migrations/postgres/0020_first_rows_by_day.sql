-- analytics: a range's buyers and products sold count each buyer's or
-- product's first row in the range, the one whose previous day lies before
-- it. Led by (shop, day, previous day), each day's such rows are one index
-- range, so a 90-day range reads a quarter of its buyer days, not all of
-- them (43 -> 12 ms for the biggest benchmark shop). SQLite keeps its scan,
-- which is faster there than the seeks (BENCHMARKS.md). The plain columns
-- are included so that PostgreSQL answers from the index alone.
drop index shop_buyer_day_linked_by_day;
create index shop_buyer_day_first_in on shop_buyer_day (shop_id, day, (coalesce(prev_day, -1)))
    include (prev_day, next_day, paid_orders);
drop index product_day_sold;
create index product_day_sold on product_day (shop_id, day, (coalesce(prev_sold_day, -1)))
    include (prev_sold_day, product_id) where units > 0;
