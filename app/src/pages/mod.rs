//! One route component per file.
pub mod agency_board;
pub mod case_file;
pub mod households;
pub mod import_columns;
pub mod import_preview;
pub mod imports;
pub mod login;
pub mod merge_candidates;
pub mod not_found;
pub mod owner_board;
pub mod owner_move;
pub mod stage_board;
pub mod stage_move;
pub mod status_move;
pub mod visit_form;
pub mod war_room;
