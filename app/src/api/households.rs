//! The household list: filtered, searched, sorted and paged on the server.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::household_filter::FilterError;
use crate::domain::stage::Stage;
use crate::error::AppError;
use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HouseholdListItem {
    pub id: i64,
    pub house_no: Option<String>,
    pub moo: Option<i64>,
    pub village_name: Option<String>,
    pub tambon_code: String,
    pub tambon_name_th: String,
    pub tambon_name_en: String,
    pub amphoe_code: String,
    pub amphoe_name_th: String,
    pub amphoe_name_en: String,
    pub head_name: Option<String>,
    /// `x-xxxx-xxxxx-34-5`: lists never show full ids.
    pub head_citizen_id_masked: Option<String>,
    pub stage: Option<Stage>,
    pub members: i64,
    /// Pending problems per dimension, in `Dimension::ALL` order.
    pub pending: Vec<i64>,
    /// Pending problems without an owner agency.
    pub unowned: i64,
    pub is_synthetic: bool,
    pub updated_at: String,
}

impl HouseholdListItem {
    pub fn pending_total(&self) -> i64 {
        self.pending.iter().sum()
    }

    /// "บ้านเลขที่ 12/3 ม.4 บ้านโนนสูง ต.เมืองเหนือ อ.เมืองศรีสะเกษ", in parts that should not break.
    pub fn address_parts(&self, lang: Lang) -> Vec<String> {
        address_parts(
            lang,
            self.house_no.as_deref(),
            self.moo,
            self.village_name.as_deref(),
            lang.t(&self.tambon_name_th, &self.tambon_name_en),
            Some(lang.t(&self.amphoe_name_th, &self.amphoe_name_en)),
        )
    }
}

/// A Thai postal-style address (English-style when asked), in parts: a line may wrap between
/// them, never inside a place name.
pub fn address_parts(
    lang: Lang,
    house_no: Option<&str>,
    moo: Option<i64>,
    village: Option<&str>,
    tambon: &str,
    amphoe: Option<&str>,
) -> Vec<String> {
    let (house_label, moo_label, tambon_label, amphoe_label) = match lang {
        Lang::Th => ("บ้านเลขที่ ", "ม.", "ต.", "อ."),
        Lang::En => ("No. ", "Moo ", "Tambon ", "Amphoe "),
    };
    let mut parts: Vec<String> = Vec::new();
    if let Some(h) = house_no.filter(|h| !h.is_empty()) {
        parts.push(format!("{house_label}{h}"));
    }
    if let Some(m) = moo {
        parts.push(format!("{moo_label}{m}"));
    }
    if let Some(v) = village.filter(|v| !v.is_empty()) {
        parts.push(v.to_string());
    }
    parts.push(format!("{tambon_label}{tambon}"));
    if let Some(a) = amphoe {
        parts.push(format!("{amphoe_label}{a}"));
    }
    parts
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HouseholdPage {
    pub items: Vec<HouseholdListItem>,
    /// Households matching the filter (all pages).
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    /// Filter values that were refused and left out.
    pub filter_errors: Vec<FilterError>,
}

/// One page of households; `query` is the list's URL query string (`amphoe=3301&page=2`).
#[server(endpoint = "households", output = crate::api::wire::JsonText)]
pub async fn list_households(query: String) -> Result<HouseholdPage, AppError> {
    crate::ssr::respond::with_status(
        async {
            let (state, user) = crate::ssr::auth::require_user().await?;
            let pairs: Vec<(String, String)> =
                form_urlencoded::parse(query.trim_start_matches('?').as_bytes()).into_owned().collect();
            let (filter, errors) = crate::domain::household_filter::HouseholdFilter::from_pairs(
                pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            );
            let page = crate::ssr::households::household_page(&state, &user.scope, &filter).await?;
            Ok(HouseholdPage { filter_errors: errors, ..(*page).clone() })
        }
        .await,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_read_naturally() {
        assert_eq!(
            address_parts(Lang::Th, Some("12/3"), Some(4), Some("บ้านโนนสูง"), "เมืองเหนือ", Some("เมืองศรีสะเกษ")).join(" "),
            "บ้านเลขที่ 12/3 ม.4 บ้านโนนสูง ต.เมืองเหนือ อ.เมืองศรีสะเกษ"
        );
        assert_eq!(
            address_parts(Lang::En, None, Some(4), None, "Mueang Nuea", None).join(" "),
            "Moo 4 Tambon Mueang Nuea"
        );
    }
}
