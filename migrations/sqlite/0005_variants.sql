-- catalog: variant dimensions as data. A product has 0 to 3 options
-- (Color, Size, Edition, ...) in the order its merchant gave, each with its
-- values in that order, named in both languages. A SKU takes exactly one
-- value of each option; an image may show one value (the red one). This
-- replaces product.option1_name/option2_name, sku.option1/option2 and the
-- image's free-text option_value, carrying the current data over.
create table product_option (
    option_id integer primary key,
    product_id bigint not null references product (product_id) on delete cascade,
    position bigint not null check (position between 0 and 2),
    name_en text not null,
    name_zh text not null,
    created_at bigint not null,
    updated_at bigint not null,
    unique (product_id, position)
);

create table option_value (
    value_id integer primary key,
    option_id bigint not null references product_option (option_id) on delete cascade,
    position bigint not null check (position >= 0),
    value_en text not null,
    value_zh text not null,
    created_at bigint not null,
    updated_at bigint not null,
    unique (option_id, position)
);

-- One value per option per SKU (the primary key says so).
create table sku_option_value (
    sku_id bigint not null references sku (sku_id) on delete cascade,
    option_id bigint not null references product_option (option_id) on delete cascade,
    value_id bigint not null references option_value (value_id) on delete cascade,
    created_at bigint not null,
    updated_at bigint not null,
    primary key (sku_id, option_id)
);
create index sku_option_value_by_value on sku_option_value (value_id);

alter table product_image add column option_value_id bigint references option_value (value_id) on delete set null;

-- Carry the two fixed columns over: options first, then their values in the
-- order SKUs were created, then each SKU's links, then the pictures.
insert into product_option (product_id, position, name_en, name_zh, created_at, updated_at)
select product_id, 0, option1_name, option1_name, created_at, updated_at from product where option1_name is not null;
insert into product_option (product_id, position, name_en, name_zh, created_at, updated_at)
select product_id, 1, option2_name, option2_name, created_at, updated_at from product where option2_name is not null;

insert into option_value (option_id, position, value_en, value_zh, created_at, updated_at)
select o.option_id, row_number() over (partition by o.option_id order by min(s.sku_id)) - 1, s.option1, s.option1,
       min(s.created_at), min(s.created_at)
from product_option o join sku s on s.product_id = o.product_id
where o.position = 0 and s.option1 is not null
group by o.option_id, s.option1;
insert into option_value (option_id, position, value_en, value_zh, created_at, updated_at)
select o.option_id, row_number() over (partition by o.option_id order by min(s.sku_id)) - 1, s.option2, s.option2,
       min(s.created_at), min(s.created_at)
from product_option o join sku s on s.product_id = o.product_id
where o.position = 1 and s.option2 is not null
group by o.option_id, s.option2;

insert into sku_option_value (sku_id, option_id, value_id, created_at, updated_at)
select s.sku_id, o.option_id, v.value_id, s.created_at, s.updated_at
from sku s
join product_option o on o.product_id = s.product_id and o.position = 0
join option_value v on v.option_id = o.option_id and v.value_en = s.option1;
insert into sku_option_value (sku_id, option_id, value_id, created_at, updated_at)
select s.sku_id, o.option_id, v.value_id, s.created_at, s.updated_at
from sku s
join product_option o on o.product_id = s.product_id and o.position = 1
join option_value v on v.option_id = o.option_id and v.value_en = s.option2;

update product_image set option_value_id = (
    select v.value_id from option_value v join product_option o on o.option_id = v.option_id
    where o.product_id = product_image.product_id and v.value_en = product_image.option_value
    order by o.position limit 1
) where option_value is not null;

alter table product drop column option1_name;
alter table product drop column option2_name;
alter table sku drop column option1;
alter table sku drop column option2;
alter table product_image drop column option_value;
