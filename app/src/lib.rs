//! Hakpaeng (ฮักแพง): the poverty-eradication war room's app, compiled twice: for the server
//! (`ssr`: pages rendered on the server, server functions, the data layer) and for the
//! browser (`hydrate`: the same pages made interactive).
#![recursion_limit = "256"]

pub mod domain;
pub mod error;
pub mod i18n;

#[cfg(feature = "ssr")]
pub mod ssr;
