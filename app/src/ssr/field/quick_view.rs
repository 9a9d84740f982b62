//! One household for the phone: from its case file, with its contact and latest visit, and what the
//! assistance form offers (the active menu and agencies).
use super::may_record;
use crate::api::field::{AgencyChoice, FieldHousehold, MenuItem};
use crate::api::me::CurrentUser;
use crate::domain::dimension::Dimension;
use crate::domain::stage::Stage;
use crate::error::AppError;
use crate::ssr::db::case_file::case_file;
use crate::ssr::db::{today_iso, Db};

#[derive(sqlx::FromRow)]
struct MenuRow {
    id: i64,
    dimension: Option<String>,
    name_th: String,
    name_en: String,
    owner_agency_id: Option<i64>,
    stage: String,
}

/// The active assistance menu, by dimension.
pub async fn menu(db: &Db) -> Result<Vec<MenuItem>, AppError> {
    let rows: Vec<MenuRow> = sqlx::query_as(
        "SELECT id, dimension, name_th, name_en, owner_agency_id, stage FROM assistance_menu
         WHERE active ORDER BY dimension, id",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(MenuItem {
                id: r.id,
                dimension: r.dimension.as_deref().and_then(Dimension::parse),
                name_th: r.name_th,
                name_en: r.name_en,
                owner_agency_id: r.owner_agency_id,
                stage: Stage::parse(&r.stage)?,
            })
        })
        .collect())
}

/// The active agencies.
pub async fn agencies(db: &Db) -> Result<Vec<AgencyChoice>, AppError> {
    let rows: Vec<(i64, String, String, Option<String>)> =
        sqlx::query_as("SELECT id, short_th, name_en, dimension FROM agencies WHERE active ORDER BY id")
            .fetch_all(&db.pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, short_th, name_en, dimension)| AgencyChoice {
            id,
            short_th,
            name_en,
            dimension: dimension.as_deref().and_then(Dimension::parse),
        })
        .collect())
}

pub async fn field_household(db: &Db, user: &CurrentUser, id: i64) -> Result<FieldHousehold, AppError> {
    let case = case_file(db, &user.scope, id).await?;
    let phone: Option<String> =
        sqlx::query_scalar("SELECT phone FROM households WHERE id = $1").bind(id).fetch_one(&db.pool).await?;
    let last_visit = super::visits::recent_visits(db, id, 1).await?.pop();
    let mut bytes = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut bytes);
    Ok(FieldHousehold {
        household: case.household,
        problems: case.problems,
        last_assistance: case.assistance.into_iter().next(),
        phone,
        last_visit,
        menu: menu(db).await?,
        agencies: agencies(db).await?,
        may_record: may_record(user).is_ok(),
        today: today_iso(),
        client_id: format!("web-{}", super::idempotency::hex(&bytes)),
    })
}
