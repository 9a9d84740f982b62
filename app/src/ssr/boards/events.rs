//! The boards' change feed on the server: each move writes its event in the move's own
//! transaction; once committed it reaches every open board through [`BoardHub`]. On SQLite (one
//! instance) the hub hears of it directly; on PostgreSQL the transaction's `NOTIFY` brings it
//! to the listener of every instance, so boards served by another instance see it too.
use std::sync::Arc;

use sqlx::AnyConnection;
use tokio::sync::{broadcast, watch};

use crate::api::board_events::{BoardChange, BoardEvent};
use crate::error::AppError;
use crate::ssr::db::{Db, Dialect};

/// The PostgreSQL channel the events are announced on.
pub const CHANNEL: &str = "hakpaeng_board";

/// Events a slow board may fall behind by before it is told to reload.
const BACKLOG: usize = 8_192;

/// Where the household of a change lies (the feed is filtered by scope on it).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Area {
    pub province_code: String,
    pub amphoe_code: String,
    pub tambon_code: String,
}

impl Area {
    pub async fn of_household(conn: &mut AnyConnection, household_id: i64) -> Result<Area, AppError> {
        sqlx::query_as("SELECT province_code, amphoe_code, tambon_code FROM households WHERE id = $1")
            .bind(household_id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(AppError::NotFound)
    }
}

/// The feed inside one app instance: committed events out to every open board.
#[derive(Clone)]
pub struct BoardHub {
    dialect: Dialect,
    sender: broadcast::Sender<Arc<BoardEvent>>,
    closing: watch::Sender<bool>,
}

impl BoardHub {
    pub fn new(dialect: Dialect) -> Self {
        let (sender, _) = broadcast::channel(BACKLOG);
        let (closing, _) = watch::channel(false);
        BoardHub { dialect, sender, closing }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<BoardEvent>> {
        self.sender.subscribe()
    }

    /// Flips when the server shuts down, so open streams end and shutdown can finish.
    pub fn closing(&self) -> watch::Receiver<bool> {
        self.closing.subscribe()
    }

    pub fn close(&self) {
        let _ = self.closing.send(true);
    }

    /// Events whose transaction has committed. On PostgreSQL they come back through the
    /// listener (from this instance as from any other), so nothing is sent from here.
    pub fn committed(&self, events: Vec<BoardEvent>) {
        if self.dialect == Dialect::Sqlite {
            for e in events {
                self.deliver(e);
            }
        }
    }

    /// Sends one event to the boards open on this instance.
    pub fn deliver(&self, event: BoardEvent) {
        // No receiver means no board is open: nothing to do.
        let _ = self.sender.send(Arc::new(event));
    }
}

/// Writes a change to the feed inside the caller's transaction (and on PostgreSQL announces it
/// at commit).
pub async fn record(
    conn: &mut AnyConnection,
    dialect: Dialect,
    area: Area,
    by_user: Option<i64>,
    at: &str,
    change: BoardChange,
) -> Result<BoardEvent, AppError> {
    let payload = serde_json::to_string(&change).map_err(|_| AppError::Internal)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO board_events (at, province_code, amphoe_code, tambon_code, payload)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(at)
    .bind(&area.province_code)
    .bind(&area.amphoe_code)
    .bind(&area.tambon_code)
    .bind(&payload)
    .fetch_one(&mut *conn)
    .await?;
    let event = BoardEvent {
        id,
        at: at.to_string(),
        by_user,
        province_code: area.province_code,
        amphoe_code: area.amphoe_code,
        tambon_code: area.tambon_code,
        change,
    };
    if dialect == Dialect::Postgres {
        let json = serde_json::to_string(&event).map_err(|_| AppError::Internal)?;
        // `pg_notify` returns void, which the Any driver cannot read: count the row instead.
        let _: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM (SELECT pg_notify('{CHANNEL}', $1)) AS sent"))
            .bind(json)
            .fetch_one(&mut *conn)
            .await?;
    }
    Ok(event)
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    at: String,
    province_code: String,
    amphoe_code: String,
    tambon_code: String,
    payload: String,
}

impl Row {
    fn event(self) -> Option<BoardEvent> {
        let change = serde_json::from_str(&self.payload).ok()?;
        Some(BoardEvent {
            id: self.id,
            at: self.at,
            by_user: None,
            province_code: self.province_code,
            amphoe_code: self.amphoe_code,
            tambon_code: self.tambon_code,
            change,
        })
    }
}

/// What a board that last saw `after` missed: at most `limit` events, oldest first, and
/// whether the feed still holds everything since then (if not, the board must reload).
pub async fn since(db: &Db, after: i64, limit: i64) -> Result<(Vec<BoardEvent>, bool), AppError> {
    let oldest: Option<i64> = sqlx::query_scalar("SELECT MIN(id) FROM board_events").fetch_one(&db.pool).await?;
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, at, province_code, amphoe_code, tambon_code, payload FROM board_events
         WHERE id > $1 ORDER BY id LIMIT $2",
    )
    .bind(after)
    .bind(limit + 1)
    .fetch_all(&db.pool)
    .await?;
    let pruned = oldest.is_some_and(|o| after < o - 1) && after > 0;
    let whole = !pruned && rows.len() as i64 <= limit;
    Ok((rows.into_iter().take(limit as usize).filter_map(Row::event).collect(), whole))
}

/// The newest event's id (0 with none): a board loaded now follows the feed after it.
pub async fn latest_id(db: &Db) -> Result<i64, AppError> {
    let id: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM board_events").fetch_one(&db.pool).await?;
    Ok(id.unwrap_or(0))
}

/// Removes events written before `before` (an ISO time); boards older than that reload.
pub async fn prune(db: &Db, before: &str) -> Result<u64, AppError> {
    Ok(sqlx::query("DELETE FROM board_events WHERE at < $1").bind(before).execute(&db.pool).await?.rows_affected())
}

/// On PostgreSQL: listens on [`CHANNEL`] and hands every announced event to `hub`, refilling
/// from the table whatever a lost connection let through. Returns once listening, with the
/// task that keeps it up.
pub async fn listen(db: Db, url: &str, hub: BoardHub) -> Result<tokio::task::JoinHandle<()>, sqlx::Error> {
    let mut listener = sqlx::postgres::PgListener::connect(url).await?;
    listener.listen(CHANNEL).await?;
    let mut last = latest_id(&db).await.unwrap_or(0);
    Ok(tokio::spawn(async move {
        let mut gap = false;
        loop {
            match listener.try_recv().await {
                Ok(Some(note)) => {
                    let Ok(event) = serde_json::from_str::<BoardEvent>(note.payload()) else {
                        tracing::warn!("unreadable board event ignored");
                        continue;
                    };
                    if gap {
                        gap = false;
                        if let Ok((missed, _)) = since(&db, last, BACKLOG as i64).await {
                            for e in missed.into_iter().filter(|e| e.id < event.id) {
                                hub.deliver(e);
                            }
                        }
                    }
                    last = last.max(event.id);
                    hub.deliver(event);
                }
                // The connection dropped; the next call reconnects, and what was announced
                // meanwhile is read from the table.
                Ok(None) => gap = true,
                Err(e) => {
                    tracing::warn!(error = %e, "board event listener: reconnecting");
                    gap = true;
                    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                }
            }
        }
    }))
}
