//! Gives a server function's error its HTTP status (403, 404, 422…) instead of a blanket 500,
//! both when the browser calls it and when a page is rendered on the server.
use leptos::prelude::use_context;

use crate::error::AppError;

pub fn with_status<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(e) = &result {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            let status = http::StatusCode::from_u16(e.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
            response.set_status(status);
        }
    }
    result
}
