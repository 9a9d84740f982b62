//! Pages need a signed-in user: a browser opening one without a session is sent to the
//! sign-in page, which returns it to where it was going.
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use app::domain::household_filter::percent_encode;
use app::ssr::auth::current::user_from_headers;
use app::ssr::state::AppState;

/// Whether the path is one of the app's signed-in pages.
pub fn is_protected_page(path: &str) -> bool {
    path == "/"
        || path == "/households"
        || path.starts_with("/households/")
        || path == "/imports"
        || path.starts_with("/imports/")
        || path.starts_with("/boards/")
        || path == "/field"
        || path.starts_with("/field/")
        || path == "/plans"
        || path.starts_with("/plans/")
        || path == "/map"
}

pub async fn require_sign_in(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if request.method() != Method::GET || !is_protected_page(path) {
        return next.run(request).await;
    }
    match user_from_headers(&state, request.headers()).await {
        Ok(Some(_)) => next.run(request).await,
        Ok(None) => {
            let target = request.uri().path_and_query().map_or("/", |pq| pq.as_str());
            Redirect::to(&format!("/login?error=required&next={}", percent_encode(target))).into_response()
        }
        Err(e) => e.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_protected_assets_and_api_are_not() {
        assert!(is_protected_page("/"));
        assert!(is_protected_page("/households"));
        assert!(is_protected_page("/households/12"));
        assert!(!is_protected_page("/login"));
        assert!(!is_protected_page("/pkg/hakpaeng.js"));
        assert!(!is_protected_page("/api/v1/households"));
        assert!(!is_protected_page("/householdsx"));
        assert!(is_protected_page("/imports/merges"));
        assert!(is_protected_page("/boards/owners"));
        assert!(is_protected_page("/plans/12/print"));
        assert!(is_protected_page("/map"));
        assert!(!is_protected_page("/vendor/leaflet/leaflet.js"));
    }
}
