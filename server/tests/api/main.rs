//! API tests: the real server on port 0, a fresh database per test, SQLite and PostgreSQL.
mod helpers;

mod board_feed;
mod boards;
mod case_file;
mod cli;
mod exports;
mod field;
mod field_work;
mod households;
mod imports;
mod map;
mod overview;
mod pages;
mod photo_store;
mod photo_uploads;
mod plans;
mod routes_solve;
mod schema;
mod scope;
mod sign_in;
