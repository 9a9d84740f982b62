//! Reading household-list pages through the list cache (used by the pages and the REST API).
use std::sync::Arc;

use super::list_cache::ListCache;
use super::state::AppState;
use crate::api::households::HouseholdPage;
use crate::domain::access::Scope;
use crate::domain::household_filter::HouseholdFilter;
use crate::error::AppError;

pub async fn household_page(
    state: &AppState,
    scope: &Scope,
    filter: &HouseholdFilter,
) -> Result<Arc<HouseholdPage>, AppError> {
    let key = ListCache::key(scope, filter);
    if let Some(page) = state.lists.get(&key) {
        return Ok(page);
    }
    let generation = state.lists.generation();
    let page = Arc::new(super::db::household_list::list(&state.db, scope, filter).await?);
    state.lists.put(key, generation, page.clone());
    Ok(page)
}
