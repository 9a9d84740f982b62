//! The signed-in user as the pages see them.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::access::{Role, Scope};
use crate::error::AppError;
use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub scope: Scope,
    /// The scope in words, e.g. "อ.เมืองศรีสะเกษ, อ.ยางชุมน้อย".
    pub scope_label_th: String,
    pub scope_label_en: String,
}

impl CurrentUser {
    pub fn scope_label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Th => &self.scope_label_th,
            Lang::En => &self.scope_label_en,
        }
    }
}

/// The signed-in user, or `None` when nobody is.
#[server(endpoint = "me", output = crate::api::wire::JsonText)]
pub async fn get_me() -> Result<Option<CurrentUser>, AppError> {
    crate::ssr::auth::current_user().await
}
