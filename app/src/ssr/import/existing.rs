//! What the database already holds for the households of a file: everything the matching
//! needs, read in a few batched queries (never one per household).
use std::collections::{BTreeSet, HashMap};

use sqlx::{AnyConnection, FromRow};

use super::group::IncomingHousehold;
use crate::ssr::db::args::{for_dialect, Args};
use crate::ssr::db::flag::Flag;
use crate::ssr::db::Dialect;

/// Values per `IN (…)` list.
const CHUNK: usize = 5_000;

#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct ExistingMember {
    pub id: i64,
    pub household_id: i64,
    pub citizen_id: Option<String>,
    pub prefix: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub sex: Option<String>,
    pub birth_date: Option<String>,
    pub relation: String,
}

#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct ExistingHousehold {
    pub id: i64,
    pub house_code: Option<String>,
    pub tambon_code: String,
    pub moo: Option<i64>,
    pub house_no: Option<String>,
    pub village_name: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    #[sqlx(try_from = "Flag")]
    pub is_synthetic: bool,
    #[sqlx(skip)]
    pub members: Vec<ExistingMember>,
    /// Indicator codes of its problems (any status).
    #[sqlx(skip)]
    pub problems: BTreeSet<String>,
    /// (source, reference) pairs.
    #[sqlx(skip)]
    pub sources: BTreeSet<(String, String)>,
}

impl ExistingHousehold {
    pub fn head(&self) -> Option<&ExistingMember> {
        self.members.iter().find(|m| m.relation == "head")
    }
}

#[derive(Debug, Default)]
pub struct Existing {
    pub households: HashMap<i64, ExistingHousehold>,
    pub by_source_ref: HashMap<String, i64>,
    pub by_house_code: HashMap<String, i64>,
    pub by_head_citizen_id: HashMap<String, i64>,
    pub by_address: HashMap<(String, i64, String), Vec<i64>>,
    /// Every person of the file already in the database, wherever they live: citizen id → household.
    pub citizen_household: HashMap<String, i64>,
}

async fn ids_in(
    conn: &mut AnyConnection,
    dialect: Dialect,
    sql_with_list: &str,
    first: Option<&str>,
    values: &[String],
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let mut out = Vec::new();
    for chunk in values.chunks(CHUNK) {
        let mut args = Args::new();
        if let Some(f) = first {
            args.push(f);
        }
        let list = args.push_list(chunk.iter().map(String::as_str));
        let sql = sql_with_list.replace("{list}", &list);
        let rows: Vec<(String, i64)> =
            args.bind_as(sqlx::query_as(&for_dialect(dialect, &sql))).persistent(false).fetch_all(&mut *conn).await?;
        out.extend(rows);
    }
    Ok(out)
}

fn unique(values: impl Iterator<Item = String>) -> Vec<String> {
    let set: BTreeSet<String> = values.collect();
    set.into_iter().collect()
}

/// Reads what matching `incoming` against the database needs, for source `source`.
pub async fn load(
    conn: &mut AnyConnection,
    dialect: Dialect,
    source: &str,
    incoming: &[IncomingHousehold],
) -> Result<Existing, sqlx::Error> {
    let mut ex = Existing::default();
    let refs = unique(incoming.iter().map(|h| h.reference()));
    for (r, id) in ids_in(
        conn,
        dialect,
        "SELECT source_ref, household_id FROM household_sources WHERE source = $1 AND source_ref IN ({list})",
        Some(source),
        &refs,
    )
    .await?
    {
        ex.by_source_ref.insert(r, id);
    }
    let codes = unique(incoming.iter().filter_map(|h| h.house_code.clone()));
    for (c, id) in
        ids_in(conn, dialect, "SELECT house_code, id FROM households WHERE house_code IN ({list})", None, &codes)
            .await?
    {
        ex.by_house_code.insert(c, id);
    }
    let person_ids = unique(
        incoming
            .iter()
            .flat_map(|h| h.members.iter().filter_map(|m| m.citizen_id.as_ref().map(|c| c.as_str().to_string()))),
    );
    for (c, id) in ids_in(
        conn,
        dialect,
        "SELECT citizen_id, household_id FROM members WHERE citizen_id IN ({list})",
        None,
        &person_ids,
    )
    .await?
    {
        ex.citizen_household.insert(c, id);
    }
    let head_ids = unique(
        incoming.iter().filter_map(|h| h.head().and_then(|m| m.citizen_id.as_ref()).map(|c| c.as_str().to_string())),
    );
    for (c, id) in ids_in(
        conn,
        dialect,
        "SELECT citizen_id, household_id FROM members WHERE relation = 'head' AND citizen_id IN ({list})",
        None,
        &head_ids,
    )
    .await?
    {
        ex.by_head_citizen_id.insert(c, id);
    }
    // Households at the file's addresses: every household of its tambons.
    let tambons = unique(incoming.iter().map(|h| h.tambon_code.clone()));
    let mut candidate_ids: BTreeSet<i64> = ex
        .by_source_ref
        .values()
        .chain(ex.by_house_code.values())
        .chain(ex.by_head_citizen_id.values())
        .copied()
        .collect();
    for chunk in tambons.chunks(CHUNK) {
        let mut args = Args::new();
        let list = args.push_list(chunk.iter().map(String::as_str));
        let sql = format!("SELECT id, tambon_code, moo, house_no FROM households WHERE tambon_code IN ({list}) AND house_no IS NOT NULL AND moo IS NOT NULL");
        let rows: Vec<(i64, String, i64, String)> =
            args.bind_as(sqlx::query_as(&for_dialect(dialect, &sql))).persistent(false).fetch_all(&mut *conn).await?;
        for (id, tambon, moo, house_no) in rows {
            ex.by_address.entry((tambon, moo, house_no)).or_default().push(id);
        }
    }
    // Only the address matches this file can use are worth their details.
    for h in incoming {
        if let (Some(moo), Some(no)) = (h.moo, &h.house_no) {
            if let Some(ids) = ex.by_address.get(&(h.tambon_code.clone(), moo, no.clone())) {
                candidate_ids.extend(ids.iter().copied());
            }
        }
    }
    let ids: Vec<i64> = candidate_ids.into_iter().collect();
    for chunk in ids.chunks(CHUNK) {
        let list_args = || {
            let mut args = Args::new();
            let list = args.push_list(chunk.iter().copied());
            (args, list)
        };
        let (args, list) = list_args();
        let sql = format!(
            "SELECT id, house_code, tambon_code, moo, house_no, village_name, lat, lon, is_synthetic FROM households WHERE id IN ({list})"
        );
        let rows: Vec<ExistingHousehold> =
            args.bind_as(sqlx::query_as(&for_dialect(dialect, &sql))).persistent(false).fetch_all(&mut *conn).await?;
        for h in rows {
            ex.households.insert(h.id, h);
        }
        let (args, list) = list_args();
        let sql = format!(
            "SELECT id, household_id, citizen_id, prefix, first_name, last_name, sex, birth_date, relation
             FROM members WHERE household_id IN ({list}) ORDER BY sort_order, id"
        );
        let members: Vec<ExistingMember> =
            args.bind_as(sqlx::query_as(&for_dialect(dialect, &sql))).persistent(false).fetch_all(&mut *conn).await?;
        for m in members {
            if let Some(h) = ex.households.get_mut(&m.household_id) {
                h.members.push(m);
            }
        }
        let (args, list) = list_args();
        let sql = format!(
            "SELECT p.household_id, i.code FROM problems p JOIN indicators i ON i.id = p.indicator_id WHERE p.household_id IN ({list})"
        );
        let problems: Vec<(i64, String)> =
            args.bind_as(sqlx::query_as(&for_dialect(dialect, &sql))).persistent(false).fetch_all(&mut *conn).await?;
        for (id, code) in problems {
            if let Some(h) = ex.households.get_mut(&id) {
                h.problems.insert(code);
            }
        }
        let (args, list) = list_args();
        let sql =
            format!("SELECT household_id, source, source_ref FROM household_sources WHERE household_id IN ({list})");
        let sources: Vec<(i64, String, String)> =
            args.bind_as(sqlx::query_as(&for_dialect(dialect, &sql))).persistent(false).fetch_all(&mut *conn).await?;
        for (id, source, r) in sources {
            if let Some(h) = ex.households.get_mut(&id) {
                h.sources.insert((source, r));
            }
        }
    }
    Ok(ex)
}
