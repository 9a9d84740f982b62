//! The hakpaeng server: configuration, axum wiring, REST API, command line and demo province.
// The pages' view types nest deeply when the router is built.
#![recursion_limit = "512"]
pub mod cli;
pub mod cli_export;
pub mod cli_import;
pub mod config;
pub mod demo;
pub mod demo_users;
pub mod precompressed;
pub mod routes;
pub mod startup;
pub mod telemetry;
