//! Demo data: a believable, deterministic catalog (and, for `--demo`, the
//! demo accounts). Images are SVGs drawn here; nothing is downloaded.

use app::catalog::db::{self as catalog_db, NewProduct};
use app::merchants::db as merchants_db;
use app::server::{now_ms, AppState};

/// Demo accounts listed in the README. Created only with `--demo`.
pub const OPERATOR: (&str, &str) = ("operator@example.com", "operator-demo-1");
pub const SHOPPER: (&str, &str) = ("shopper@example.com", "shopper-demo-1");
pub const MERCHANT: (&str, &str) = ("merchant@example.com", "merchant-demo-1");

/// SplitMix64: a tiny deterministic generator, so every seed is identical.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// A leaf category and how its products look.
struct Leaf {
    slug: &'static str,
    en: &'static str,
    zh: &'static str,
    /// Product nouns: (Chinese, English).
    nouns: &'static [(&'static str, &'static str)],
    brands: &'static [&'static str],
    /// Variant dimensions: name and values (English names; values shown as is).
    dims: &'static [(&'static str, &'static [&'static str])],
    /// Price range of the base variant in yuan.
    price: (i64, i64),
}

struct Top {
    slug: &'static str,
    en: &'static str,
    zh: &'static str,
    glyph: &'static str,
    leaves: &'static [Leaf],
}

const COLORS: &[&str] = &["Black", "White", "Blue", "Red", "Green", "Grey"];
const SIZES: &[&str] = &["S", "M", "L", "XL"];
const SHOE_SIZES: &[&str] = &["38", "39", "40", "41", "42", "43"];
const STORAGE: &[&str] = &["128GB", "256GB", "512GB"];
const WEIGHTS: &[&str] = &["250g", "500g", "1kg"];

const CATALOG: &[Top] = &[
    Top {
        slug: "phones-digital",
        en: "Phones & Digital",
        zh: "手机数码",
        glyph: "机",
        leaves: &[
            Leaf {
                slug: "phones",
                en: "Phones",
                zh: "手机",
                nouns: &[
                    ("5G智能手机", "5G Smartphone"),
                    ("拍照手机", "Camera Phone"),
                    ("折叠屏手机", "Foldable Phone"),
                ],
                brands: &["Xiaomi 小米", "Huawei 华为", "OPPO", "vivo", "Honor 荣耀"],
                dims: &[("Color", COLORS), ("Storage", STORAGE)],
                price: (999, 6999),
            },
            Leaf {
                slug: "earphones",
                en: "Earphones",
                zh: "耳机",
                nouns: &[
                    ("真无线蓝牙耳机", "Wireless Earbuds"),
                    ("头戴式降噪耳机", "Noise Cancelling Headphones"),
                    ("运动蓝牙耳机", "Sport Bluetooth Earphones"),
                ],
                brands: &[
                    "Sony 索尼",
                    "Edifier 漫步者",
                    "Xiaomi 小米",
                    "Huawei 华为",
                    "Anker 安克",
                ],
                dims: &[("Color", COLORS)],
                price: (99, 2499),
            },
            Leaf {
                slug: "smart-watches",
                en: "Smart watches",
                zh: "智能手表",
                nouns: &[("智能运动手表", "Smart Sports Watch"), ("健康监测手环", "Fitness Band")],
                brands: &["Huawei 华为", "Amazfit 华米", "Xiaomi 小米"],
                dims: &[("Color", COLORS)],
                price: (199, 2999),
            },
            Leaf {
                slug: "chargers-cables",
                en: "Chargers & cables",
                zh: "充电器与数据线",
                nouns: &[
                    ("氮化镓快充充电器", "GaN Fast Charger"),
                    ("编织数据线", "Braided USB-C Cable"),
                    ("移动电源", "Power Bank"),
                ],
                brands: &["Anker 安克", "Ugreen 绿联", "Baseus 倍思"],
                dims: &[("Color", &["Black", "White"])],
                price: (29, 299),
            },
        ],
    },
    Top {
        slug: "computers-office",
        en: "Computers & Office",
        zh: "电脑办公",
        glyph: "脑",
        leaves: &[
            Leaf {
                slug: "laptops",
                en: "Laptops",
                zh: "笔记本电脑",
                nouns: &[("轻薄笔记本电脑", "Ultrabook Laptop"), ("游戏笔记本", "Gaming Laptop")],
                brands: &["Lenovo 联想", "Huawei 华为", "ASUS 华硕", "Xiaomi 小米"],
                dims: &[("Color", &["Grey", "Silver"]), ("Storage", &["512GB", "1TB"])],
                price: (3999, 12999),
            },
            Leaf {
                slug: "keyboards",
                en: "Keyboards",
                zh: "键盘",
                nouns: &[("机械键盘", "Mechanical Keyboard"), ("无线键盘", "Wireless Keyboard")],
                brands: &["Logitech 罗技", "Keychron", "Ikbc"],
                dims: &[("Color", &["Black", "White"]), ("Switch", &["Red", "Brown", "Blue"])],
                price: (149, 899),
            },
            Leaf {
                slug: "mice",
                en: "Mice",
                zh: "鼠标",
                nouns: &[("无线鼠标", "Wireless Mouse"), ("游戏鼠标", "Gaming Mouse")],
                brands: &["Logitech 罗技", "Razer 雷蛇"],
                dims: &[("Color", &["Black", "White", "Pink"])],
                price: (59, 699),
            },
            Leaf {
                slug: "monitors",
                en: "Monitors",
                zh: "显示器",
                nouns: &[("4K显示器", "4K Monitor"), ("电竞显示器", "Gaming Monitor")],
                brands: &["Dell 戴尔", "AOC", "Samsung 三星"],
                dims: &[("Size", &["24\"", "27\"", "32\""])],
                price: (799, 4999),
            },
        ],
    },
    Top {
        slug: "home-appliances",
        en: "Home appliances",
        zh: "家用电器",
        glyph: "电",
        leaves: &[
            Leaf {
                slug: "rice-cookers",
                en: "Rice cookers",
                zh: "电饭煲",
                nouns: &[("智能电饭煲", "Smart Rice Cooker"), ("IH电饭锅", "IH Rice Cooker")],
                brands: &["Midea 美的", "Supor 苏泊尔", "Joyoung 九阳"],
                dims: &[("Capacity", &["3L", "4L", "5L"])],
                price: (199, 1299),
            },
            Leaf {
                slug: "air-purifiers",
                en: "Air purifiers",
                zh: "空气净化器",
                nouns: &[("除甲醛空气净化器", "Air Purifier")],
                brands: &["Xiaomi 小米", "Philips 飞利浦", "Blueair"],
                dims: &[("Color", &["White"])],
                price: (699, 3999),
            },
            Leaf {
                slug: "kettles",
                en: "Kettles",
                zh: "电水壶",
                nouns: &[("电热水壶", "Electric Kettle"), ("恒温养生壶", "Health Kettle")],
                brands: &["Midea 美的", "Bear 小熊", "Supor 苏泊尔"],
                dims: &[("Color", &["White", "Green", "Pink"])],
                price: (79, 399),
            },
        ],
    },
    Top {
        slug: "womens-clothing",
        en: "Women's clothing",
        zh: "女装",
        glyph: "裙",
        leaves: &[
            Leaf {
                slug: "dresses",
                en: "Dresses",
                zh: "连衣裙",
                nouns: &[("法式碎花连衣裙", "Floral Midi Dress"), ("针织连衣裙", "Knit Dress")],
                brands: &["UR", "Peacebird 太平鸟", "ONLY"],
                dims: &[("Color", &["Black", "Blue", "Red"]), ("Size", SIZES)],
                price: (199, 899),
            },
            Leaf {
                slug: "coats",
                en: "Coats",
                zh: "外套",
                nouns: &[("双面羊绒大衣", "Wool Coat"), ("短款羽绒服", "Down Jacket")],
                brands: &["Bosideng 波司登", "Peacebird 太平鸟"],
                dims: &[("Color", &["Black", "Camel", "Grey"]), ("Size", SIZES)],
                price: (499, 2999),
            },
            Leaf {
                slug: "knitwear",
                en: "Knitwear",
                zh: "针织衫",
                nouns: &[("羊毛针织开衫", "Wool Cardigan"), ("圆领毛衣", "Crew-neck Sweater")],
                brands: &["Uniqlo 优衣库", "ONLY"],
                dims: &[("Color", COLORS), ("Size", SIZES)],
                price: (149, 699),
            },
        ],
    },
    Top {
        slug: "mens-clothing",
        en: "Men's clothing",
        zh: "男装",
        glyph: "衣",
        leaves: &[
            Leaf {
                slug: "t-shirts",
                en: "T-shirts",
                zh: "T恤",
                nouns: &[
                    ("纯棉短袖T恤", "Cotton T-shirt"),
                    ("速干运动T恤", "Quick-dry Sports Tee"),
                ],
                brands: &["Uniqlo 优衣库", "Li-Ning 李宁", "Semir 森马"],
                dims: &[("Color", COLORS), ("Size", SIZES)],
                price: (49, 199),
            },
            Leaf {
                slug: "jackets",
                en: "Jackets",
                zh: "夹克",
                nouns: &[("防风夹克", "Windbreaker Jacket"), ("牛仔夹克", "Denim Jacket")],
                brands: &["Jack & Jones 杰克琼斯", "Septwolves 七匹狼"],
                dims: &[("Color", &["Black", "Blue", "Green"]), ("Size", SIZES)],
                price: (199, 999),
            },
            Leaf {
                slug: "jeans",
                en: "Jeans",
                zh: "牛仔裤",
                nouns: &[("直筒牛仔裤", "Straight Jeans"), ("修身牛仔裤", "Slim Jeans")],
                brands: &["Levi's 李维斯", "Semir 森马"],
                dims: &[("Color", &["Blue", "Black"]), ("Size", &["29", "30", "31", "32", "33"])],
                price: (159, 799),
            },
        ],
    },
    Top {
        slug: "shoes-bags",
        en: "Shoes & bags",
        zh: "鞋靴箱包",
        glyph: "鞋",
        leaves: &[
            Leaf {
                slug: "sneakers",
                en: "Sneakers",
                zh: "运动鞋",
                nouns: &[
                    ("缓震跑步鞋", "Cushioned Running Shoes"),
                    ("休闲板鞋", "Casual Sneakers"),
                ],
                brands: &["Li-Ning 李宁", "Anta 安踏", "Nike 耐克", "Xtep 特步"],
                dims: &[("Color", &["Black", "White", "Red"]), ("Size", SHOE_SIZES)],
                price: (199, 1299),
            },
            Leaf {
                slug: "backpacks",
                en: "Backpacks",
                zh: "双肩包",
                nouns: &[("通勤电脑双肩包", "Commuter Laptop Backpack")],
                brands: &["Samsonite 新秀丽", "Xiaomi 小米"],
                dims: &[("Color", &["Black", "Grey", "Blue"])],
                price: (99, 899),
            },
            Leaf {
                slug: "suitcases",
                en: "Suitcases",
                zh: "行李箱",
                nouns: &[("铝框拉杆箱", "Aluminium Frame Suitcase")],
                brands: &["Samsonite 新秀丽", "American Tourister"],
                dims: &[
                    ("Color", &["Black", "Silver", "Green"]),
                    ("Size", &["20\"", "24\"", "28\""]),
                ],
                price: (399, 2599),
            },
        ],
    },
    Top {
        slug: "beauty",
        en: "Beauty",
        zh: "美妆护肤",
        glyph: "美",
        leaves: &[
            Leaf {
                slug: "skincare",
                en: "Skincare",
                zh: "护肤",
                nouns: &[("保湿精华液", "Hydrating Serum"), ("温和洁面乳", "Gentle Cleanser")],
                brands: &["Proya 珀莱雅", "Winona 薇诺娜", "Pechoin 百雀羚"],
                dims: &[("Size", &["30ml", "50ml", "100ml"])],
                price: (59, 599),
            },
            Leaf {
                slug: "makeup",
                en: "Makeup",
                zh: "彩妆",
                nouns: &[("丝绒口红", "Velvet Lipstick"), ("持妆粉底液", "Long-wear Foundation")],
                brands: &["Florasis 花西子", "Perfect Diary 完美日记"],
                dims: &[("Shade", &["01", "02", "03", "04"])],
                price: (69, 399),
            },
            Leaf {
                slug: "fragrance",
                en: "Fragrance",
                zh: "香水",
                nouns: &[("淡香水", "Eau de Toilette")],
                brands: &["To Summer 观夏", "Jo Malone 祖玛珑"],
                dims: &[("Size", &["30ml", "50ml"])],
                price: (299, 1299),
            },
        ],
    },
    Top {
        slug: "food-drink",
        en: "Food & drink",
        zh: "食品饮料",
        glyph: "食",
        leaves: &[
            Leaf {
                slug: "tea",
                en: "Tea",
                zh: "茶叶",
                nouns: &[
                    ("明前龙井绿茶", "Longjing Green Tea"),
                    ("武夷岩茶大红袍", "Da Hong Pao Oolong"),
                    ("云南普洱熟茶", "Ripe Pu-erh Tea"),
                ],
                brands: &["Yuzhou 玉露茶庄", "Bamatea 八马"],
                dims: &[("Weight", WEIGHTS)],
                price: (68, 888),
            },
            Leaf {
                slug: "snacks",
                en: "Snacks",
                zh: "零食",
                nouns: &[("每日坚果", "Daily Mixed Nuts"), ("手撕牛肉干", "Beef Jerky")],
                brands: &["Three Squirrels 三只松鼠", "Bestore 良品铺子"],
                dims: &[("Weight", WEIGHTS)],
                price: (19, 169),
            },
            Leaf {
                slug: "coffee",
                en: "Coffee",
                zh: "咖啡",
                nouns: &[
                    ("云南小粒咖啡豆", "Yunnan Coffee Beans"),
                    ("冻干速溶咖啡", "Freeze-dried Instant Coffee"),
                ],
                brands: &["Saturnbird 三顿半", "Manner"],
                dims: &[("Weight", &["250g", "500g"])],
                price: (39, 299),
            },
        ],
    },
    Top {
        slug: "home-kitchen",
        en: "Home & kitchen",
        zh: "家居厨具",
        glyph: "家",
        leaves: &[
            Leaf {
                slug: "cookware",
                en: "Cookware",
                zh: "锅具",
                nouns: &[("不粘炒锅", "Non-stick Wok"), ("铸铁珐琅锅", "Enamel Cast Iron Pot")],
                brands: &["Supor 苏泊尔", "Zwilling 双立人"],
                dims: &[("Size", &["28cm", "30cm", "32cm"])],
                price: (129, 1599),
            },
            Leaf {
                slug: "bedding",
                en: "Bedding",
                zh: "床上用品",
                nouns: &[("全棉四件套", "Cotton Bedding Set"), ("蚕丝被", "Silk Duvet")],
                brands: &["Fuanna 富安娜", "Mercury 水星家纺"],
                dims: &[("Color", &["White", "Grey", "Blue"]), ("Size", &["1.5m", "1.8m"])],
                price: (199, 1999),
            },
            Leaf {
                slug: "storage",
                en: "Storage",
                zh: "收纳",
                nouns: &[
                    ("透明收纳箱", "Clear Storage Box"),
                    ("衣柜收纳袋", "Wardrobe Organizer"),
                ],
                brands: &["Muji 无印良品", "Tenma 天马"],
                dims: &[("Size", &["S", "M", "L"])],
                price: (19, 199),
            },
        ],
    },
    Top {
        slug: "sports-outdoors",
        en: "Sports & outdoors",
        zh: "运动户外",
        glyph: "动",
        leaves: &[
            Leaf {
                slug: "running",
                en: "Running",
                zh: "跑步",
                nouns: &[("跑步腰包", "Running Belt"), ("压缩运动裤", "Compression Tights")],
                brands: &["Li-Ning 李宁", "Decathlon 迪卡侬"],
                dims: &[("Color", &["Black", "Blue"]), ("Size", SIZES)],
                price: (49, 399),
            },
            Leaf {
                slug: "camping",
                en: "Camping",
                zh: "露营",
                nouns: &[
                    ("自动速开帐篷", "Instant Camping Tent"),
                    ("户外折叠椅", "Folding Camp Chair"),
                ],
                brands: &["Naturehike 挪客", "Mobi Garden 牧高笛"],
                dims: &[("Color", &["Green", "Khaki"])],
                price: (99, 1999),
            },
            Leaf {
                slug: "yoga",
                en: "Yoga",
                zh: "瑜伽",
                nouns: &[("防滑瑜伽垫", "Non-slip Yoga Mat")],
                brands: &["Keep", "Lululemon"],
                dims: &[("Color", &["Purple", "Blue", "Black"])],
                price: (69, 799),
            },
        ],
    },
    Top {
        slug: "baby-toys",
        en: "Baby & toys",
        zh: "母婴玩具",
        glyph: "童",
        leaves: &[
            Leaf {
                slug: "toys",
                en: "Toys",
                zh: "玩具",
                nouns: &[
                    ("积木拼装玩具", "Building Blocks Set"),
                    ("遥控赛车", "Remote Control Car"),
                ],
                brands: &["LEGO 乐高", "Bloks 布鲁可"],
                dims: &[("Edition", &["Standard", "Deluxe"])],
                price: (99, 1299),
            },
            Leaf {
                slug: "diapers",
                en: "Diapers",
                zh: "纸尿裤",
                nouns: &[("超薄透气纸尿裤", "Ultra-thin Diapers")],
                brands: &["Pampers 帮宝适", "Moony 尤妮佳"],
                dims: &[("Size", &["S", "M", "L", "XL"])],
                price: (89, 259),
            },
        ],
    },
    Top {
        slug: "books",
        en: "Books",
        zh: "图书",
        glyph: "书",
        leaves: &[
            Leaf {
                slug: "fiction",
                en: "Fiction",
                zh: "小说",
                nouns: &[("长篇小说", "Novel"), ("科幻小说", "Science Fiction Novel")],
                brands: &["People's Literature 人民文学", "CITIC Press 中信出版"],
                dims: &[("Format", &["Paperback", "Hardcover"])],
                price: (29, 129),
            },
            Leaf {
                slug: "childrens-books",
                en: "Children's books",
                zh: "童书",
                nouns: &[("绘本", "Picture Book"), ("科普百科", "Science Encyclopedia")],
                brands: &["Jieli 接力出版社", "CITIC Press 中信出版"],
                dims: &[("Format", &["Paperback", "Hardcover"])],
                price: (19, 199),
            },
        ],
    },
];

const SHOPS: &[(&str, &str, &str)] = &[
    (
        "harbor-digital",
        "港湾数码 Harbor Digital",
        "Phones, audio and accessories, shipped from Shenzhen within 24 hours.",
    ),
    (
        "jade-tea-house",
        "玉露茶庄 Jade Tea House",
        "Tea from our own gardens in Hangzhou and Wuyishan since 1998.",
    ),
    (
        "northwind-outfitters",
        "北风户外 Northwind Outfitters",
        "Gear for running, camping and the mountains.",
    ),
    (
        "lotus-home",
        "莲花家居 Lotus Home",
        "Kitchen and bedding essentials for a calm home.",
    ),
    (
        "silk-road-fashion",
        "丝路服饰 Silk Road Fashion",
        "Everyday clothing and shoes in honest fabrics.",
    ),
    (
        "panda-kids",
        "熊猫童趣 Panda Kids",
        "Toys, books and baby care that parents trust.",
    ),
    (
        "bright-beauty",
        "明眸美妆 Bright Beauty",
        "Authentic skincare and makeup from the brands themselves.",
    ),
    (
        "pixel-office",
        "像素办公 Pixel Office",
        "Laptops, keyboards and monitors for work and play.",
    ),
];

/// Which shop sells which top category (by index into SHOPS).
fn shop_for_top(top: usize) -> usize {
    [0, 7, 3, 4, 4, 4, 6, 1, 3, 2, 5, 5][top % 12]
}

const PALETTE: &[(&str, &str)] = &[
    ("Black", "#2b2b2b"),
    ("White", "#f1efe9"),
    ("Blue", "#2f5fa7"),
    ("Red", "#c8102e"),
    ("Green", "#2e7d4f"),
    ("Grey", "#8a8d91"),
    ("Pink", "#e58fa8"),
    ("Silver", "#c0c4c8"),
    ("Camel", "#b98a56"),
    ("Khaki", "#a89c6c"),
    ("Purple", "#6d4c9f"),
];

fn color_hex(name: &str) -> &'static str {
    PALETTE
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, h)| *h)
        .unwrap_or("#d9772b")
}

/// A product picture drawn as SVG: a tinted card with the category glyph.
fn product_svg(glyph: &str, label: &str, color: &str) -> String {
    let fg = if matches!(color, "#f1efe9" | "#c0c4c8") {
        "#2b2b2b"
    } else {
        "#ffffff"
    };
    let label: String = label.chars().filter(|c| !"<>&\"'".contains(*c)).collect();
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600" viewBox="0 0 600 600"><rect width="600" height="600" fill="#f6f4ef"/><rect x="60" y="60" width="480" height="480" rx="48" fill="{color}"/><text x="300" y="340" font-size="200" text-anchor="middle" fill="{fg}" font-family="sans-serif">{glyph}</text><text x="300" y="470" font-size="34" text-anchor="middle" fill="{fg}" font-family="sans-serif">{label}</text></svg>"##
    )
}

/// Seeds the catalog into an empty database: shops, categories, brands,
/// `products` products with SKUs and images. Returns false if the database
/// already had a catalog (nothing is changed then).
pub async fn seed_catalog(state: &AppState, products: usize, with_merchant: bool) -> anyhow::Result<bool> {
    let db = &state.db;
    if !catalog_db::all_categories(db.pool()).await?.is_empty() {
        return Ok(false);
    }
    let started = std::time::Instant::now();
    let now = now_ms();
    let mut rng = Rng(0x4A15_4849);

    let mut tx = db.begin_write().await?;
    let mut shop_ids = Vec::new();
    for (slug, name, description) in SHOPS {
        shop_ids.push(merchants_db::insert_shop(&mut *tx, slug, name, description, now).await?);
    }
    let mut leaves: Vec<(usize, i64, &Leaf)> = Vec::new();
    let mut brand_ids: std::collections::HashMap<&str, i64> = Default::default();
    for (t, top) in CATALOG.iter().enumerate() {
        let top_id = catalog_db::insert_category(&mut *tx, None, top.slug, top.en, top.zh, t as i64, now).await?;
        for (l, leaf) in top.leaves.iter().enumerate() {
            let id =
                catalog_db::insert_category(&mut *tx, Some(top_id), leaf.slug, leaf.en, leaf.zh, l as i64, now).await?;
            leaves.push((t, id, leaf));
            for brand in leaf.brands {
                if !brand_ids.contains_key(brand) {
                    brand_ids.insert(brand, catalog_db::insert_brand(&mut *tx, brand, now).await?);
                }
            }
        }
    }
    tx.commit().await?;

    // Images: one per (leaf, color), shared by the products drawn in it.
    let mut drawn = std::collections::HashSet::new();
    let models = ["Pro", "Air", "Lite", "Max", "Plus", "S", "X", "Neo", "Classic", "Mini"];
    let mut tx = db.begin_write().await?;
    for i in 0..products {
        let (t, category_id, leaf) = leaves[i % leaves.len()];
        let top = &CATALOG[t];
        let (noun_zh, noun_en) = *rng.pick(leaf.nouns);
        let brand = *rng.pick(leaf.brands);
        let model = format!("{} {}", rng.pick(&models), 1 + rng.below(9));
        // Mixed-language titles, as on Chinese marketplaces.
        let title = format!("{brand} {model} {noun_zh} {noun_en}");
        let description = format!(
            "{noun_zh}，{brand}出品。{noun_en} by {brand}: carefully made, quality checked before shipping, 7-day no-reason returns. 正品保障，七天无理由退货。"
        );
        let dims: Vec<(&str, Vec<&str>)> = leaf
            .dims
            .iter()
            .map(|(name, values)| {
                // Each product offers a subset of the dimension's values.
                let take = 1 + rng.below(values.len() as u64) as usize;
                let start = rng.below(values.len() as u64) as usize;
                let chosen = (0..take).map(|k| values[(start + k) % values.len()]).collect();
                (*name, chosen)
            })
            .collect();
        let base = (leaf.price.0 + rng.below((leaf.price.1 - leaf.price.0 + 1) as u64) as i64) * 100 - 1;
        let base = base.max(100);
        let mut skus: Vec<(Option<&str>, Option<&str>, i64, i64)> = Vec::new();
        let first = dims.first().map(|d| d.1.clone()).unwrap_or_else(|| vec![]);
        let second = dims.get(1).map(|d| d.1.clone());
        for (a, v1) in first.iter().enumerate() {
            match &second {
                Some(values) => {
                    for (b, v2) in values.iter().enumerate() {
                        let price = base + (a as i64 + b as i64) * (base / 20 / 100 * 100).max(100);
                        let stock = if rng.below(9) == 0 { 0 } else { rng.below(300) as i64 };
                        skus.push((Some(v1), Some(v2), price, stock));
                    }
                }
                None => {
                    let price = base + a as i64 * (base / 20 / 100 * 100).max(100);
                    let stock = if rng.below(9) == 0 { 0 } else { rng.below(300) as i64 };
                    skus.push((Some(v1), None, price, stock));
                }
            }
        }
        let price_min = skus.iter().map(|s| s.2).min().unwrap_or(base);
        let price_max = skus.iter().map(|s| s.2).max().unwrap_or(base);
        let rating_count = rng.below(2000) as i64;
        let rating_sum = rating_count * 4 + (rng.below(rating_count as u64 + 1) as i64) * 9 / 10;
        let product = NewProduct {
            shop_id: shop_ids[shop_for_top(t)],
            category_id,
            brand_id: brand_ids.get(brand).copied(),
            title: &title,
            description: &description,
            status: "live",
            option1_name: dims.first().map(|d| d.0),
            option2_name: dims.get(1).map(|d| d.0),
            price_min_minor: price_min,
            price_max_minor: price_max,
            sales_count: rng.below(20_000) as i64,
            rating_count,
            rating_sum: rating_sum.min(rating_count * 5),
            // Spread creation over the past year so "newest" means something.
            created_at: now - (products - i) as i64 * 60_000,
        };
        let product_id = catalog_db::insert_product(&mut *tx, &product).await?;
        for (n, (o1, o2, price, stock)) in skus.iter().enumerate() {
            let code = format!("P{product_id}-{n}");
            catalog_db::insert_sku(&mut *tx, product_id, &code, *o1, *o2, *price, *stock, now).await?;
        }
        // One picture per colour (the product page swaps to the chosen one).
        let colors: Vec<&str> = dims
            .iter()
            .find(|d| d.0 == "Color")
            .map(|d| d.1.clone())
            .unwrap_or_default();
        let pictures: Vec<Option<&str>> = if colors.is_empty() {
            vec![None]
        } else {
            colors.iter().map(|c| Some(*c)).collect()
        };
        for (position, color) in pictures.into_iter().enumerate() {
            let name = color.unwrap_or("Other");
            let key = format!("seed/{}-{}.svg", leaf.slug, name.to_lowercase());
            if drawn.insert(key.clone()) {
                let svg = product_svg(top.glyph, leaf.en, color_hex(name));
                state.media.put(&key, svg.into_bytes()).await?;
            }
            let alt = match color {
                Some(c) => format!("{title} · {c}"),
                None => title.clone(),
            };
            catalog_db::insert_image(&mut *tx, product_id, position as i64, &key, 600, 600, &alt, color, now).await?;
        }
        if i % 1000 == 999 {
            tx.commit().await?;
            tx = db.begin_write().await?;
        }
    }
    tx.commit().await?;

    if with_merchant {
        let merchant = app::accounts::service::create_user(db, MERCHANT.0, "Harbor Digital", MERCHANT.1)
            .await
            .map_err(|e| anyhow::anyhow!("demo merchant: {e:?}"))?;
        merchants_db::add_member(db.pool(), shop_ids[0], merchant, "owner", now).await?;
    }
    tracing::info!(
        products,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "catalog seeded"
    );
    Ok(true)
}

/// `--demo`: on an empty database, the demo catalog and the demo accounts.
pub async fn seed_demo(state: &AppState) -> anyhow::Result<()> {
    if !seed_catalog(state, 240, true).await? {
        return Ok(());
    }
    let db = &state.db;
    app::accounts::service::create_operator(db, OPERATOR.0, "Platform Operator", OPERATOR.1)
        .await
        .map_err(|e| anyhow::anyhow!("demo operator: {e:?}"))?;
    app::accounts::service::create_user(db, SHOPPER.0, "Demo Shopper", SHOPPER.1)
        .await
        .map_err(|e| anyhow::anyhow!("demo shopper: {e:?}"))?;
    tracing::info!("demo accounts ready: {}, {}, {}", OPERATOR.0, SHOPPER.0, MERCHANT.0);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_has_at_least_eight_top_categories_with_children() {
        assert!(CATALOG.len() >= 8);
        assert!(CATALOG.iter().all(|t| !t.leaves.is_empty()));
    }

    #[test]
    fn the_generator_is_deterministic() {
        let (mut a, mut b) = (Rng(7), Rng(7));
        assert!((0..100).all(|_| a.next() == b.next()));
    }

    #[test]
    fn svg_labels_cannot_inject_markup() {
        let svg = product_svg("机", "<script>alert(1)</script>", "#000");
        assert!(!svg.contains("<script>"));
    }
}
