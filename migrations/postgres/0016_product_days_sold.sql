-- analytics: the days a product sold, an index of their own: top products
-- and sell-through read only these, not every day a product was viewed.
create index product_day_sold on product_day (shop_id, day, product_id) where units > 0;
