//! Server-only code: state, authentication and the database layer.
pub mod auth;
pub mod boards;
pub mod db;
pub mod error;
pub mod export;
pub mod exporting;
pub mod field;
pub mod households;
pub mod http_error;
pub mod import;
pub mod list_cache;
pub mod plans;
pub mod respond;
pub mod state;
