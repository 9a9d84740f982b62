//! Pure domain types and rules shared by the browser and the server (no IO).
pub mod access;
pub mod board_moves;
pub mod citizen_id;
pub mod column_choice;
pub mod dates;
pub mod dimension;
pub mod household_filter;
pub mod member;
pub mod problem;
pub mod sort_key;
pub mod source;
pub mod stage;
pub mod stage_rule;
pub mod template_field;
pub mod text_enum;
pub mod thai_sort;
pub mod url;
