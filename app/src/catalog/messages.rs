//! The catalog's words: home, listings (sort, filters, pages), product pages.

use crate::i18n::{en_plural, messages};

messages! {
    /// What the catalog's pages and components say.
    pub enum CatalogMsg {
        Home => "Home", "首页";
        NewProduct => "New product", "发布新商品";
        NewerProducts => "Newer products", "较新的商品";
        OlderProducts => "Older products", "较早的商品";
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
        /// How many rated a product: "1 rating", "12 ratings".
        RatingCount { n: i64 } => format!("{n} {}", en_plural(n, "rating", "ratings")), format!("{n} 条评分");
    }
}

messages! {
    /// What the merchant's product editor and the operator's listing
    /// audit say.
    pub enum EditorMsg {
        NewProductTitle => "New product", "发布新商品";
        EditProductTitle => "Edit product", "编辑商品";
        NewProductIntro => "Describe the product and its variants. It is saved as a draft; add pictures, then submit it for review. Shoppers see it once an operator approves it.", "填写商品信息与规格，保存为草稿；添加图片后提交审核，运营审核通过后买家即可看到。";
        Title => "Title", "商品标题";
        Description => "Description", "商品描述";
        Category => "Category", "类目";
        ChooseCategory => "Choose a category", "请选择类目";
        Variants => "Variants", "规格";
        VariantsHint => "Up to three dimensions, such as Color and Size. Separate values with commas.", "最多三个规格维度，如颜色、尺码；多个值用逗号分隔。";
        OptionName1 => "Dimension 1 name", "规格 1 名称";
        OptionValues1 => "Dimension 1 values", "规格 1 取值";
        OptionName2 => "Dimension 2 name", "规格 2 名称";
        OptionValues2 => "Dimension 2 values", "规格 2 取值";
        OptionName3 => "Dimension 3 name", "规格 3 名称";
        OptionValues3 => "Dimension 3 values", "规格 3 取值";
        Price => "Price", "价格";
        PriceHint => "In yuan, for every SKU to start with; set each one below afterwards.", "单位：元，作为所有 SKU 的初始价格，之后可逐个调整。";
        Stock => "Stock", "库存";
        SaveDraft => "Save draft", "保存草稿";
        SaveDetails => "Save details", "保存信息";
        UpdateVariants => "Update variants", "更新规格";
        VariantsWarning => "Updating the variants replaces every SKU with the new combinations.", "更新规格会用新的组合替换全部 SKU。";
        VariantsFixed => "The variants are fixed once a product has been on sale; prices, stock and codes can still change.", "商品上架后规格不可更改，价格、库存与编码仍可调整。";
        SkuTable => "SKUs", "SKU 列表";
        SkuTableHint => "Price and stock changes take effect at once, even while the product is live.", "价格与库存的修改立即生效（在售商品也无需审核）。";
        Variant => "Variant", "规格";
        SkuCode => "SKU code", "SKU 编码";
        AllRows => "All rows", "全部行";
        AllRowsHint => "Fill in to set the whole column.", "填写后将应用于整列。";
        FillDown => "Fill down", "向下填充";
        SaveSkus => "Save SKUs", "保存 SKU";
        Images => "Images", "商品图片";
        Pictures => "Pictures", "图片管理";
        ImagesHint => "JPEG, PNG or WebP, up to 5 MB each, at most 12 pictures.", "JPEG、PNG 或 WebP，每张不超过 5 MB，最多 12 张。";
        Upload => "Upload", "上传";
        Remove => "Remove", "删除";
        NoImages => "No pictures yet: a listing needs at least one to be reviewed.", "还没有图片：提交审核至少需要一张。";
        SubmitForReview => "Submit for review", "提交审核";
        Delist => "Delist", "下架";
        Status => "Status", "状态";
        RejectedBecause => "Rejected by the operator:", "审核未通过，原因：";
        PendingChange => "Your changes wait for review; the live version stays on sale until an operator approves them.", "您的修改正在等待审核；审核通过前，买家看到的仍是当前在售版本。";
        ChangeSent => "Saved. The change waits for review.", "已保存，修改等待审核。";
        Saved => "Saved.", "已保存。";
        // the operator's side
        ListingsIntro => "New listings and changes to live ones, oldest first.", "新发布的商品与在售商品的修改，最早的在前。";
        NothingToReview => "Nothing waits for review.", "暂无待审核的商品。";
        NewListing => "New", "新商品";
        ChangedListing => "Change", "修改";
        Shop => "Shop", "店铺";
        Waiting => "Waiting since", "提交时间";
        Before => "Live now", "当前在售";
        After => "Proposed", "提交的修改";
        Approve => "Approve", "通过";
        Reject => "Reject", "驳回";
        Reason => "Reason", "原因";
        ReasonHint => "The merchant reads this.", "商家会看到此说明。";
        Decided => "Decided.", "已处理。";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{assert_worded, Locale, Message};

    #[test]
    fn every_message_is_worded_in_both_languages() {
        assert_worded(&CatalogMsg::samples());
        assert_worded(&EditorMsg::samples());
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
