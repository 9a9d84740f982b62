//! One route component per file.
pub mod case_file;
pub mod households;
pub mod login;
pub mod not_found;
pub mod war_room;
