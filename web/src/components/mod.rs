//! Widgets used by more than one page.

pub mod bar_chart;
pub mod error_notice;
pub mod field;
pub mod header;
pub mod province_map;
