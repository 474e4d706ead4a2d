//! Mini-program sign-in: WeChat and Alipay mini-programs exchange their
//! platform's login code for the ordinary token pair, binding a mobile
//! number (a consumer account) on first use. Each platform's call lives in
//! its own module behind [`provider::CodeExchange`].

pub mod alipay;
pub mod binding;
pub mod identities;
pub mod provider;
pub mod routes;
pub mod tickets;
pub mod wechat;

pub use provider::MiniPrograms;
