//! Widgets used by more than one page.

pub mod bar_chart;
pub mod case;
pub mod detail;
pub mod error_notice;
pub mod evidence_preview;
pub mod field;
pub mod groups;
pub mod header;
pub mod province_map;
pub mod staff_form;
pub mod text_size;
pub mod upload;
