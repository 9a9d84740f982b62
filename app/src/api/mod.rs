//! Server functions and the wire types they return, one resource per file. Each function is
//! thin: who is asking, may they, parse the input, call `ssr::db`, map the error.
pub mod agency_board;
pub mod board_events;
pub mod boards;
pub mod case_file;
pub mod field;
pub mod filter_options;
pub mod households;
pub mod imports;
pub mod map;
pub mod me;
pub mod overview;
pub mod plans;
pub mod stage_board;
pub mod wire;
