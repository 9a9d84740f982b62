//! The hakpaeng server: configuration, axum wiring, REST API, command line and demo province.
pub mod demo;
