//! `GET /api/v1/boards/events`: the boards' live feed as server-sent events. A board passes the
//! last event id it has (`?after=` on its first connection, `Last-Event-ID` when the browser
//! reconnects) and first gets what it missed, then every new change in the caller's scope.
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::stream::{self, Stream};
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;

use app::api::board_events::{BoardEvent, RESET_EVENT};
use app::api::me::CurrentUser;
use app::error::AppError;
use app::ssr::boards::events;
use app::ssr::state::AppState;

use super::auth::ApiUser;

/// The most missed events replayed on a reconnection; beyond, the board reloads.
pub const CATCH_UP_LIMIT: i64 = 5_000;

#[derive(Deserialize)]
pub struct After {
    after: Option<i64>,
}

fn sse(event: &BoardEvent) -> Event {
    Event::default().id(event.id.to_string()).json_data(event).unwrap_or_else(|_| Event::default().comment("?"))
}

fn reset() -> Event {
    Event::default().event(RESET_EVENT).data("{}")
}

/// What the stream still has to do.
struct Feed {
    user: CurrentUser,
    backlog: std::vec::IntoIter<Arc<BoardEvent>>,
    live: tokio::sync::broadcast::Receiver<Arc<BoardEvent>>,
    closing: tokio::sync::watch::Receiver<bool>,
    /// The newest id sent: live events at or below it were in the backlog.
    last: i64,
    reset_first: bool,
}

impl Feed {
    async fn next(&mut self) -> Option<Event> {
        if std::mem::take(&mut self.reset_first) {
            return Some(reset());
        }
        for e in self.backlog.by_ref() {
            if e.visible_to(&self.user.scope) {
                self.last = e.id;
                return Some(sse(&e));
            }
        }
        loop {
            let received = tokio::select! {
                r = self.live.recv() => r,
                _ = self.closing.wait_for(|c| *c) => return None,
            };
            match received {
                Ok(e) if e.id > self.last && e.visible_to(&self.user.scope) => {
                    self.last = e.id;
                    return Some(sse(&e));
                }
                Ok(_) => {}
                // Too far behind: the board reloads its data and follows on from there.
                Err(RecvError::Lagged(_)) => return Some(reset()),
                Err(RecvError::Closed) => return None,
            }
        }
    }
}

pub async fn stream(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<After>,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    let after = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .or(q.after);
    // Subscribe before reading the backlog, so nothing falls between the two.
    let live = state.boards.subscribe();
    let (backlog, whole, last) = match after {
        Some(after) => {
            let (missed, whole) = events::since(&state.db, after.max(0), CATCH_UP_LIMIT).await?;
            if whole {
                (missed, true, after)
            } else {
                // Too much was missed: the board reloads, then follows from the newest event.
                (Vec::new(), false, events::latest_id(&state.db).await?)
            }
        }
        None => (Vec::new(), true, events::latest_id(&state.db).await?),
    };
    let feed = Feed {
        user,
        backlog: backlog.into_iter().map(Arc::new).collect::<Vec<_>>().into_iter(),
        live,
        closing: state.boards.closing(),
        last,
        reset_first: !whole,
    };
    let events = stream::unfold(feed, |mut feed| async move { feed.next().await.map(|e| (Ok(e), feed)) });
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}
