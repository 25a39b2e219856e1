//! The catalog's words: home, listings (sort, filters, pages), product pages.

use crate::i18n::{en_plural, messages};

messages! {
    /// What the catalog's pages and components say.
    pub enum CatalogMsg {
        Home => "Home", "首页";
        Categories => "Categories", "商品分类";
        Featured => "Featured", "精选推荐";
        NewArrivals => "New arrivals", "新品上架";
        NoProductsYet => "No products here yet.", "这里还没有商品。";
        /// How many a product has sold: "57 sold", "已售 57".
        Sales { n: i64 } => format!("{n} sold"), format!("已售 {n}");
        /// The size of a listing: "1 product", "24 products".
        ProductCount { n: u64 } => format!("{n} {}", en_plural(n, "product", "products")), format!("共 {n} 件商品");
        Shop => "Shop", "店铺";
        ShopProducts => "Products in this shop", "本店商品";
        VisitShop => "Visit shop", "进店逛逛";
        Rating => "Rating", "评分";
        SortBy => "Sort by", "排序";
        SortRelevance => "Best match", "综合";
        SortNewest => "Newest", "最新";
        SortPriceAsc => "Price: low to high", "价格从低到高";
        SortPriceDesc => "Price: high to low", "价格从高到低";
        SortBestSelling => "Best-selling", "销量";
        SortRating => "Top rated", "好评";
        Filters => "Filters", "筛选";
        MinPrice => "Min price (¥)", "最低价（¥）";
        MaxPrice => "Max price (¥)", "最高价（¥）";
        InStockOnly => "In stock only", "仅看有货";
        MinRating => "Minimum rating", "最低评分";
        AnyRating => "Any rating", "不限";
        /// A minimum-rating choice: "4 stars & up".
        StarsAndUp { n: i64 } => format!("{n} {} & up", en_plural(n, "star", "stars")), format!("{n} 星及以上");
        Brand => "Brand", "品牌";
        ApplyFilters => "Apply filters", "应用筛选";
        ClearFilters => "Clear filters", "清除筛选";
        Search => "Search", "搜索";
        ResultsFor => "Results for", "搜索结果：";
        NoResults => "No products match. Try fewer words or another spelling.", "没有找到相关商品，请减少关键词或换个说法。";
        DidYouMean => "Did you mean", "您是不是要找";
        ClosestMatches => "No product matches every word; these are the closest matches.", "没有完全匹配的商品，以下是最接近的结果。";
        EnterSearch => "Type what you are looking for in the search box.", "请在搜索框中输入您要找的商品。";
        Previous => "Previous", "上一页";
        Next => "Next", "下一页";
        Pagination => "Pages", "分页";
        /// Where the pager is: "Page 2 of 9", "第 2 / 9 页".
        PageOf { page: u32, pages: u32 } => format!("Page {page} of {pages}"), format!("第 {page} / {pages} 页");
        Breadcrumb => "Breadcrumb", "导航路径";
        InStock => "In stock", "有货";
        /// Few left of the chosen variant: "Only 3 left", "仅剩 3 件".
        OnlyLeft { n: i64 } => format!("Only {n} left"), format!("仅剩 {n} 件");
        SoldOut => "Sold out", "已售罄";
        Unavailable => "Unavailable", "无此款式";
        ChooseOptions => "Choose an option for each choice above.", "请先选择上面的款式。";
        Description => "Description", "商品详情";
        Specifications => "Specifications", "规格参数";
        Variants => "Variants", "可选款式";
        Reviews => "Reviews", "评价";
        NoReviewsYet => "No reviews yet.", "暂无评价。";
        /// How many rated a product: "1 rating", "12 ratings".
        RatingCount { n: i64 } => format!("{n} {}", en_plural(n, "rating", "ratings")), format!("{n} 条评分");
        OutOf5 => "out of 5", "分（满分 5 分）";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{assert_worded, Locale, Message};

    #[test]
    fn every_message_is_worded_in_both_languages() {
        assert_worded(&CatalogMsg::samples());
    }

    #[test]
    fn chinese_puts_the_sales_count_after_its_word() {
        assert_eq!(CatalogMsg::Sales { n: 57 }.text(Locale::En), "57 sold");
        assert_eq!(CatalogMsg::Sales { n: 57 }.text(Locale::ZhCn), "已售 57");
    }

    #[test]
    fn one_rating_two_ratings() {
        assert_eq!(CatalogMsg::RatingCount { n: 1 }.text(Locale::En), "1 rating");
        assert_eq!(CatalogMsg::RatingCount { n: 2 }.text(Locale::En), "2 ratings");
        assert_eq!(CatalogMsg::RatingCount { n: 1 }.text(Locale::ZhCn), "1 条评分");
        assert_eq!(CatalogMsg::ProductCount { n: 1 }.text(Locale::En), "1 product");
        assert_eq!(CatalogMsg::ProductCount { n: 0 }.text(Locale::En), "0 products");
        assert_eq!(CatalogMsg::StarsAndUp { n: 1 }.text(Locale::En), "1 star & up");
        assert_eq!(CatalogMsg::StarsAndUp { n: 4 }.text(Locale::En), "4 stars & up");
    }

    #[test]
    fn stock_and_pages_carry_their_numbers() {
        assert_eq!(CatalogMsg::OnlyLeft { n: 3 }.text(Locale::En), "Only 3 left");
        assert_eq!(CatalogMsg::OnlyLeft { n: 3 }.text(Locale::ZhCn), "仅剩 3 件");
        assert_eq!(CatalogMsg::PageOf { page: 2, pages: 9 }.text(Locale::En), "Page 2 of 9");
        assert_eq!(
            CatalogMsg::PageOf { page: 2, pages: 9 }.text(Locale::ZhCn),
            "第 2 / 9 页"
        );
    }
}
