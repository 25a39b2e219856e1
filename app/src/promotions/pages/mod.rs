//! Promotion pages: the coupon centre, My coupons and a group's shared page
//! for shoppers, the
//! seller portal's and the console's Promotions.

mod admin_flash_page;
mod admin_promotions_page;
mod coupon_centre_page;
mod forms;
mod group_page;
mod my_coupons_page;
mod seller_flash_page;
mod seller_groups_page;
mod seller_promotions_page;

pub use admin_flash_page::AdminFlashPage;
pub use admin_promotions_page::AdminPromotionsPage;
pub use coupon_centre_page::CouponCentrePage;
pub use group_page::GroupPage;
pub use my_coupons_page::MyCouponsPage;
pub use seller_flash_page::SellerFlashPage;
pub use seller_groups_page::SellerGroupsPage;
pub use seller_promotions_page::SellerPromotionsPage;
