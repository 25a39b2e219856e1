//! Cart: what a shopper means to buy, per shop.

pub mod pages;
