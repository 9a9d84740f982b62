//! Loading the demo province in one transaction: clear the old demo, read the reference data,
//! generate, keep clear of rows that stay, insert, audit.
use std::collections::{BTreeMap, BTreeSet};

use app::ssr::db::{now_iso, Db, Dialect};
use sqlx::{AnyConnection, Row};

use super::generate::{generate, MAX_HOUSEHOLDS};
use super::insert::insert_all;
use super::model::{AgencyRef, IndicatorRef, MenuRef, Province, RefData, TambonRef};
use super::{DemoError, DemoOptions, DemoSummary};

const TABLES_WITH_IDS: [&str; 5] = ["households", "members", "problems", "assistance_records", "stage_history"];

pub async fn load(db: &Db, opts: &DemoOptions) -> Result<DemoSummary, DemoError> {
    if opts.households > MAX_HOUSEHOLDS {
        return Err(DemoError::TooMany(opts.households));
    }
    // SQLite: take the write lock up front, so a writer in between cannot fail the upgrade.
    let mut tx = app::ssr::db::batch::begin_write(db).await?;
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM households").fetch_one(&mut *tx).await?;
    if existing > 0 {
        if !opts.replace {
            return Err(DemoError::NotEmpty(existing));
        }
        let started = std::time::Instant::now();
        delete_synthetic(&mut tx).await?;
        tracing::debug!(elapsed = ?started.elapsed(), "old demo province deleted");
    }
    let reference = read_reference(&mut tx).await?;
    let started = std::time::Instant::now();
    let mut province = generate(&reference, opts.households, opts.seed);
    tracing::debug!(elapsed = ?started.elapsed(), "demo province generated");
    let new_villages = avoid_collisions(&mut tx, &mut province).await?;
    let summary = insert_all(&mut tx, db.dialect, &province, &new_villages).await?;
    sqlx::query("INSERT INTO audit_events (at, action, entity, detail) VALUES ($1, $2, $3, $4)")
        .bind(now_iso())
        .bind("demo_data_loaded")
        .bind("households")
        .bind(format!("{} households, seed {}", summary.households, opts.seed))
        .execute(&mut *tx)
        .await?;
    if db.dialect == Dialect::Postgres {
        for table in TABLES_WITH_IDS {
            let sql = format!("SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))");
            sqlx::query(&sql).execute(&mut *tx).await?;
        }
    }
    tx.commit().await?;
    tracing::info!(?summary, seed = opts.seed, "demo province loaded");
    Ok(summary)
}

/// Deletes the synthetic households, children first (quicker than cascades), then the
/// villages no household refers to. Deleting members runs the `assistance_records.member_id`
/// ON DELETE SET NULL check once per member; without an index on that column PostgreSQL scans
/// the table each time (≈ 30 s for 61,000 members).
async fn delete_synthetic(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    const SYNTHETIC: &str = "household_id IN (SELECT id FROM households WHERE is_synthetic = $1)";
    let statements = [
        format!("DELETE FROM assistance_records WHERE {SYNTHETIC}"),
        format!("DELETE FROM problem_supporters WHERE problem_id IN (SELECT id FROM problems WHERE {SYNTHETIC})"),
        format!("DELETE FROM problems WHERE {SYNTHETIC}"),
        format!("DELETE FROM stage_history WHERE {SYNTHETIC}"),
        format!("DELETE FROM household_sources WHERE {SYNTHETIC}"),
        format!("DELETE FROM members WHERE {SYNTHETIC}"),
        "DELETE FROM households WHERE is_synthetic = $1".to_string(),
    ];
    for sql in &statements {
        sqlx::query(sql).bind(true).execute(&mut *conn).await?;
    }
    sqlx::query(
        "DELETE FROM villages WHERE NOT EXISTS (SELECT 1 FROM households h WHERE h.village_code = villages.code)",
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(super) async fn read_reference(conn: &mut AnyConnection) -> Result<RefData, DemoError> {
    let mut reference = RefData::default();
    for row in
        sqlx::query("SELECT code, amphoe_code, lat, lon FROM tambons ORDER BY code").fetch_all(&mut *conn).await?
    {
        reference.tambons.push(TambonRef {
            code: row.try_get(0)?,
            amphoe_code: row.try_get(1)?,
            lat: row.try_get(2)?,
            lon: row.try_get(3)?,
        });
    }
    let sql = "SELECT id, code, dimension FROM indicators WHERE set_code = 'TPMAP17' ORDER BY sort_order, id";
    for row in sqlx::query(sql).fetch_all(&mut *conn).await? {
        reference.indicators.push(IndicatorRef {
            id: row.try_get(0)?,
            code: row.try_get(1)?,
            dimension: row.try_get(2)?,
        });
    }
    let sql = "SELECT id, dimension, CASE WHEN is_lead THEN 1 ELSE 0 END FROM agencies WHERE active = $1 ORDER BY id";
    for row in sqlx::query(sql).bind(true).fetch_all(&mut *conn).await? {
        let lead: i64 = row.try_get(2)?;
        reference.agencies.push(AgencyRef { id: row.try_get(0)?, dimension: row.try_get(1)?, is_lead: lead != 0 });
    }
    let sql = "SELECT id, code, dimension, stage FROM assistance_menu WHERE active = $1 ORDER BY id";
    for row in sqlx::query(sql).bind(true).fetch_all(&mut *conn).await? {
        reference.menu.push(MenuRef {
            id: row.try_get(0)?,
            code: row.try_get(1)?,
            dimension: row.try_get(2)?,
            stage: row.try_get(3)?,
        });
    }
    if reference.tambons.is_empty() {
        return Err(DemoError::MissingReference("tambons"));
    }
    if reference.indicators.is_empty() {
        return Err(DemoError::MissingReference("TPMAP17 indicators"));
    }
    Ok(reference)
}

async fn strings(conn: &mut AnyConnection, sql: &str) -> Result<BTreeSet<String>, sqlx::Error> {
    Ok(sqlx::query_scalar::<_, String>(sql).fetch_all(conn).await?.into_iter().collect())
}

/// Keeps clear of rows that stay (real data): villages already present are reused, taken
/// house codes and citizen ids left empty, taken source ids suffixed. Returns which villages
/// are to be inserted.
async fn avoid_collisions(conn: &mut AnyConnection, p: &mut Province) -> Result<Vec<bool>, sqlx::Error> {
    let mut villages: BTreeMap<(String, i64), (String, String)> = BTreeMap::new();
    let mut codes: BTreeMap<String, String> = BTreeMap::new();
    for row in sqlx::query("SELECT tambon_code, moo, code, name_th FROM villages").fetch_all(&mut *conn).await? {
        let (code, name): (String, String) = (row.try_get(2)?, row.try_get(3)?);
        codes.insert(code.clone(), name.clone());
        villages.insert((row.try_get(0)?, row.try_get(1)?), (code, name));
    }
    let mut insert = vec![true; p.villages.len()];
    for (v, new) in p.villages.iter_mut().zip(insert.iter_mut()) {
        let (code, name) = match villages.get(&(v.tambon_code.clone(), v.moo)) {
            Some(found) => found.clone(),
            None => match codes.get(&v.code) {
                Some(name) => (v.code.clone(), name.clone()),
                None => continue,
            },
        };
        (v.code, v.name, *new) = (code, name, false);
    }
    let taken = strings(conn, "SELECT house_code FROM households WHERE house_code IS NOT NULL").await?;
    for h in &mut p.households {
        h.house_code = h.house_code.take().filter(|c| !taken.contains(c));
    }
    let taken = strings(conn, "SELECT citizen_id FROM members WHERE citizen_id LIKE '0990%'").await?;
    for m in &mut p.members {
        m.citizen_id = m.citizen_id.take().filter(|c| !taken.contains(c));
    }
    let taken = strings(conn, "SELECT source || ':' || source_ref FROM household_sources").await?;
    for s in &mut p.sources {
        while taken.contains(&format!("{}:{}", s.source, s.reference)) {
            s.reference.push_str("-DEMO");
        }
    }
    Ok(insert)
}
