//! Sign-in: password hashes, session and token secrets, and finding the current user.
pub mod cache;
pub mod current;
pub mod password;
pub mod secret;

pub use current::{current_user, require_user};
