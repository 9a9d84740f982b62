//! HTTP routes beside the Leptos pages: health, sign-in, language, the REST API.
pub mod api_v1;
pub mod board_forms;
pub mod cookies;
pub mod field_forms;
pub mod health;
pub mod import_forms;
pub mod page_guard;
pub mod session;
