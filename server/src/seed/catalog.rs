//! The demo catalog: categories, brands and products with 0 to 3 variant
//! dimensions, created through the catalog's services (so seeded products
//! obey the rules merchants' do). Images are SVGs drawn here.

use super::Rng;
use app::catalog::model::ListingStatus;
use app::catalog::service::{self as catalog, NewImage, NewListing, NewOption, NewSku};
use app::i18n::Localized;
use app::server::{now_ms, AppState};
use std::collections::{HashMap, HashSet};

/// A leaf category and how its products look.
struct Leaf {
    slug: &'static str,
    en: &'static str,
    zh: &'static str,
    /// Product nouns: (Chinese, English).
    nouns: &'static [(&'static str, &'static str)],
    brands: &'static [&'static str],
    /// Variant dimensions (0 to 3): English name and values, in the order
    /// shoppers see them; Chinese names come from `zh`.
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
                dims: &[
                    ("Color", COLORS),
                    ("Storage", STORAGE),
                    ("Edition", &["Standard", "Pro"]),
                ],
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
                dims: &[
                    ("Color", &["Grey", "Silver"]),
                    ("Storage", &["512GB", "1TB"]),
                    ("Memory", &["16GB", "32GB"]),
                ],
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
                dims: &[],
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

/// Chinese for the English names and values the data above uses; anything
/// not listed (sizes, capacities) reads the same in both.
fn zh(en: &str) -> &str {
    match en {
        "Color" => "颜色",
        "Size" => "尺码",
        "Storage" => "存储容量",
        "Memory" => "内存",
        "Edition" => "版本",
        "Switch" => "轴体",
        "Capacity" => "容量",
        "Shade" => "色号",
        "Weight" => "重量",
        "Format" => "装帧",
        "Black" => "黑色",
        "White" => "白色",
        "Blue" => "蓝色",
        "Red" => "红色",
        "Green" => "绿色",
        "Grey" => "灰色",
        "Pink" => "粉色",
        "Silver" => "银色",
        "Camel" => "驼色",
        "Khaki" => "卡其色",
        "Purple" => "紫色",
        "Brown" => "茶色",
        "Standard" => "标准版",
        "Pro" => "专业版",
        "Deluxe" => "豪华版",
        "Paperback" => "平装",
        "Hardcover" => "精装",
        other => other,
    }
}

fn localized(en: &str) -> Localized {
    Localized::new(en, zh(en))
}

/// Categories whose goods the law excludes from no-reason returns.
const NO_REASON_EXCLUDED: &[&str] = &["food-drink"];

/// Categories and brands; returns the leaves with their ids and each
/// brand's id.
async fn seed_categories(
    state: &AppState,
) -> anyhow::Result<(Vec<(usize, i64, &'static Leaf)>, HashMap<&'static str, i64>)> {
    let mut tx = state.db.begin_write().await?;
    let mut leaves = Vec::new();
    let mut brand_ids: HashMap<&'static str, i64> = HashMap::new();
    for (t, top) in CATALOG.iter().enumerate() {
        let top_id =
            catalog::create_category(&mut tx, None, top.slug, &Localized::new(top.en, top.zh), t as i64).await?;
        for (l, leaf) in top.leaves.iter().enumerate() {
            let name = Localized::new(leaf.en, leaf.zh);
            let id = catalog::create_category(&mut tx, Some(top_id), leaf.slug, &name, l as i64).await?;
            leaves.push((t, id, leaf));
            for brand in leaf.brands {
                if !brand_ids.contains_key(brand) {
                    brand_ids.insert(brand, catalog::create_brand(&mut tx, brand).await?);
                }
            }
        }
    }
    // Food and drink spoils: no 7-day no-reason returns (the law's list).
    for slug in NO_REASON_EXCLUDED {
        catalog::set_no_reason_returns(&mut tx, slug, false).await?;
    }
    tx.commit().await?;
    Ok((leaves, brand_ids))
}

/// `count` products spread over the leaves, sold by `shop_for_top(top)`.
/// With `synthetic_ratings` (the benchmark's catalogues), products carry
/// made-up rating counts for the rating sort and filter to work on; without
/// (the demo), ratings come only from real reviews (`seed::reviews`).
pub async fn seed_products(
    state: &AppState,
    rng: &mut Rng,
    count: usize,
    synthetic_ratings: bool,
    shop_for_top: impl Fn(usize) -> i64,
) -> anyhow::Result<()> {
    let (leaves, brand_ids) = seed_categories(state).await?;
    let now = now_ms();
    // Images: one per (leaf, colour), shared by the products drawn in it.
    let mut drawn = HashSet::new();
    let models = ["Pro", "Air", "Lite", "Max", "Plus", "S", "X", "Neo", "Classic", "Mini"];
    let mut tx = state.db.begin_write().await?;
    for i in 0..count {
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
        // Each product offers a run of each dimension's values.
        let dims: Vec<(&str, Vec<&str>)> = leaf
            .dims
            .iter()
            .map(|(name, values)| {
                let take = 1 + rng.below(values.len() as u64) as usize;
                let start = rng.below(values.len() as u64) as usize;
                (*name, (0..take).map(|k| values[(start + k) % values.len()]).collect())
            })
            .collect();
        let base = ((leaf.price.0 + rng.below((leaf.price.1 - leaf.price.0 + 1) as u64) as i64) * 100 - 1).max(100);
        let step = (base / 20 / 100 * 100).max(100);
        // Every combination of values, a few missing when there are many
        // (shoppers see those marked Unavailable).
        let mut combos: Vec<Vec<usize>> = vec![Vec::new()];
        for (_, values) in &dims {
            combos = combos
                .into_iter()
                .flat_map(|c| (0..values.len()).map(move |v| [c.clone(), vec![v]].concat()))
                .collect();
        }
        let many = combos.len() > 4;
        let mut skus = Vec::new();
        for (n, combo) in combos.iter().enumerate() {
            if many && n > 0 && rng.below(8) == 0 {
                continue;
            }
            let stock = if rng.below(9) == 0 { 0 } else { rng.below(300) as i64 };
            skus.push(NewSku {
                code: format!("S{i}-{n}"),
                values: combo.clone(),
                price_minor: base + combo.iter().sum::<usize>() as i64 * step,
                stock,
            });
        }
        let rating_count = if synthetic_ratings { rng.below(2000) as i64 } else { 0 };
        let rating_sum = rating_count * 4 + (rng.below(rating_count as u64 + 1) as i64) * 9 / 10;
        // One picture per colour (the product page swaps to the chosen one).
        let color_dim = dims.iter().position(|d| d.0 == "Color");
        let pictures: Vec<Option<(usize, usize)>> = match color_dim {
            Some(d) => (0..dims[d].1.len()).map(|v| Some((d, v))).collect(),
            None => vec![None],
        };
        let mut images = Vec::new();
        for shows in pictures {
            let color = shows.map(|(d, v)| dims[d].1[v]);
            let name = color.unwrap_or("Other");
            let key = format!("seed/{}-{}.svg", leaf.slug, name.to_lowercase());
            if drawn.insert(key.clone()) {
                let svg = product_svg(top.glyph, leaf.en, color_hex(name));
                state.media.put(&key, svg.into_bytes()).await?;
            }
            images.push(NewImage {
                media_key: key,
                width: 600,
                height: 600,
                alt: color.map(str::to_string).unwrap_or_default(),
                shows,
            });
        }
        let listing = NewListing {
            shop_id: shop_for_top(t),
            category_id,
            brand_id: brand_ids.get(brand).copied(),
            title,
            description,
            status: ListingStatus::Live,
            options: dims
                .iter()
                .map(|(name, values)| NewOption {
                    name: localized(name),
                    values: values.iter().map(|v| localized(v)).collect(),
                })
                .collect(),
            skus,
            images,
            sales_count: rng.below(20_000) as i64,
            rating_count,
            rating_sum: rating_sum.min(rating_count * 5),
            // Spread creation over the past days so "newest" means something.
            created_at: now - (count - i) as i64 * 60_000,
        };
        catalog::create_product(&mut tx, &listing)
            .await
            .map_err(|e| anyhow::anyhow!("seed product {i}: {e:?}"))?;
        if i % 1000 == 999 {
            tx.commit().await?;
            tx = state.db.begin_write().await?;
        }
    }
    tx.commit().await?;
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
    fn the_demo_has_products_with_zero_to_three_dimensions() {
        let dims: HashSet<usize> = CATALOG
            .iter()
            .flat_map(|t| t.leaves.iter().map(|l| l.dims.len()))
            .collect();
        assert_eq!(dims, HashSet::from([0, 1, 2, 3]));
    }

    #[test]
    fn svg_labels_cannot_inject_markup() {
        let svg = product_svg("机", "<script>alert(1)</script>", "#000");
        assert!(!svg.contains("<script>"));
    }
}
