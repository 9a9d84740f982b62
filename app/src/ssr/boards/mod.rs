//! The case boards' moves on the server: owners of problems, stages of households (under the
//! province's stage rule), each checked against the caller's role, scope and version.
pub mod owner;
pub mod owner_board;
pub mod rules;
pub mod stage;
