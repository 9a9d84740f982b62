//! Server-only code: state, authentication and the database layer.
pub mod auth;
pub mod db;
pub mod error;
pub mod http_error;
pub mod respond;
pub mod state;
