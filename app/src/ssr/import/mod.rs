//! Taking household lists in: read a CSV or XLSX file, map its columns to the template,
//! validate each row, group rows into households, match them against the database, then
//! preview or commit.
pub mod apply;
pub mod existing;
pub mod group;
pub mod merges;
pub mod plan;
pub mod read;
pub mod run;
pub mod template;
pub mod validate;
