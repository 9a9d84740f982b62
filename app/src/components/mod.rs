//! Reusable pieces: props in, callbacks out, no server calls of their own.
pub mod address;
pub mod error_box;
pub mod export_links;
pub mod filter_form;
pub mod header;
pub mod household_card;
pub mod pager;
pub mod stage_bar;
pub mod status;
pub mod template_help;
pub mod upload_form;
#[cfg(feature = "hydrate")]
pub mod upload_xhr;
