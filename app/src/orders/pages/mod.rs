//! Order pages: the shopper's, the seller portal's and the console's.

mod admin_orders_page;
mod order_page;
mod orders_page;
mod seller_orders_page;

pub use admin_orders_page::AdminOrdersPage;
pub use order_page::OrderPage;
pub use orders_page::OrdersPage;
pub use seller_orders_page::SellerOrdersPage;
