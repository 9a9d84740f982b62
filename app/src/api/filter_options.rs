//! The choices of the household filters: areas in the user's scope, indicators, agencies.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::dimension::Dimension;
use crate::error::AppError;
use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaOption {
    pub code: String,
    pub name_th: String,
    pub name_en: String,
    /// The enclosing area's code (the amphoe of a tambon); empty for an amphoe.
    pub parent: String,
}

impl AreaOption {
    pub fn name(&self, lang: Lang) -> &str {
        lang.t(&self.name_th, &self.name_en)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VillageOption {
    pub code: String,
    pub moo: i64,
    pub name_th: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorOption {
    pub id: i64,
    pub code: String,
    pub dimension: Dimension,
    pub name_th: String,
    pub name_en: String,
}

impl IndicatorOption {
    pub fn name(&self, lang: Lang) -> &str {
        lang.t(&self.name_th, &self.name_en)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencyOption {
    pub id: i64,
    pub code: String,
    pub short_th: String,
    pub name_th: String,
    pub name_en: String,
    pub dimension: Option<Dimension>,
}

impl AgencyOption {
    pub fn name(&self, lang: Lang) -> &str {
        lang.t(&self.name_th, &self.name_en)
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FilterOptions {
    pub amphoes: Vec<AreaOption>,
    pub tambons: Vec<AreaOption>,
    /// Villages of the chosen tambon only (a province has thousands).
    pub villages: Vec<VillageOption>,
    pub indicators: Vec<IndicatorOption>,
    pub agencies: Vec<AgencyOption>,
}

#[server(endpoint = "filter_options", output = crate::api::wire::JsonText)]
pub async fn get_filter_options(tambon: Option<String>) -> Result<FilterOptions, AppError> {
    crate::ssr::respond::with_status(
        async {
            let (state, user) = crate::ssr::auth::require_user().await?;
            crate::ssr::db::reference::filter_options(&state.db, &user.scope, tambon.as_deref()).await
        }
        .await,
    )
}
