//! Bulk writes for both databases: a write transaction that takes SQLite's lock up front,
//! multi-row INSERTs, and ids reserved before rows that refer to each other are written.
use std::time::Instant;

use sqlx::{Any, AnyConnection, Transaction};

use super::args::{Arg, Args};
use super::{Db, Dialect};

/// Parameters per statement: under SQLite's 32,766 and PostgreSQL's 65,535.
const MAX_PARAMS: usize = 30_000;

/// A transaction for a bulk write. On SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`), so reads made to plan the write cannot go stale under it.
pub async fn begin_write(db: &Db) -> Result<Transaction<'static, Any>, sqlx::Error> {
    match db.dialect {
        Dialect::Sqlite => db.pool.begin_with("BEGIN IMMEDIATE").await,
        Dialect::Postgres => db.pool.begin().await,
    }
}

/// `n` fresh ids for `table`, safe to use as explicit ids in this transaction: from the
/// identity sequence on PostgreSQL, above the current maximum on SQLite (whose write lock
/// [`begin_write`] holds).
pub async fn reserve_ids(
    conn: &mut AnyConnection,
    dialect: Dialect,
    table: &str,
    n: usize,
) -> Result<Vec<i64>, sqlx::Error> {
    if n == 0 {
        return Ok(Vec::new());
    }
    match dialect {
        Dialect::Sqlite => {
            let max: i64 =
                sqlx::query_scalar(&format!("SELECT COALESCE(MAX(id), 0) FROM {table}")).fetch_one(&mut *conn).await?;
            Ok((1..=n as i64).map(|i| max + i).collect())
        }
        Dialect::Postgres => {
            sqlx::query_scalar(&format!(
                "SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, $1)"
            ))
            .bind(n as i64)
            .fetch_all(&mut *conn)
            .await
        }
    }
}

/// Multi-row INSERTs of `rows`, as many rows per statement as [`MAX_PARAMS`] allows; `values`
/// appends one row's values in `columns` order.
///
/// SQLite treats `$1` as a *named* parameter and looks each name up in a list, which makes
/// preparing and binding a statement quadratic in its parameters (≈ 1 s per 30,000); `?`
/// placeholders are bound in order, in linear time.
pub async fn insert_rows<T>(
    conn: &mut AnyConnection,
    dialect: Dialect,
    table: &str,
    columns: &[&str],
    rows: impl Iterator<Item = T>,
    mut values: impl FnMut(T, &mut Vec<Arg>),
) -> Result<usize, sqlx::Error> {
    let per_statement = (MAX_PARAMS / columns.len().max(1)).max(1);
    let head = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
    let mut rows = rows.peekable();
    let (started, mut count, mut row) = (Instant::now(), 0, Vec::with_capacity(columns.len()));
    while rows.peek().is_some() {
        let (mut sql, mut args) = (head.clone(), Args::new());
        for (i, item) in rows.by_ref().take(per_statement).enumerate() {
            values(item, &mut row);
            sql.push_str(if i == 0 { "(" } else { ", (" });
            for (j, value) in row.drain(..).enumerate() {
                if j > 0 {
                    sql.push_str(", ");
                }
                let placeholder = args.push(value);
                sql.push_str(if dialect == Dialect::Sqlite { "?" } else { &placeholder });
            }
            sql.push(')');
            count += 1;
        }
        // Not kept in the statement cache: the batches are big and used once, and sqlx 0.8's Any
        // driver types a NULL f64 as float4 on PostgreSQL, so a cached statement whose first
        // use bound a NULL latitude would reject a later real one ("incorrect binary data format").
        args.bind(sqlx::query(&sql)).persistent(false).execute(&mut *conn).await?;
    }
    tracing::debug!(table, rows = count, elapsed = ?started.elapsed(), "rows inserted");
    Ok(count)
}
