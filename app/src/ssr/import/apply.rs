//! Writing a plan inside the import's transaction: villages first, then new households with
//! their members, problems and sources in multi-row batches, then each updated household,
//! and the uncertain ones as merge candidates.
use std::collections::{BTreeSet, HashMap, HashSet};

use sqlx::AnyConnection;

use super::group::IncomingHousehold;
use super::plan::{Decision, Plan};
use super::validate::PersonRow;
use crate::domain::member::Relation;
use crate::domain::thai_sort::thai_sort_key;
use crate::ssr::db::args::{Arg, Args};
use crate::ssr::db::batch::{insert_rows, reserve_ids};
use crate::ssr::db::Dialect;

pub struct ApplyContext<'a> {
    pub dialect: Dialect,
    pub source: &'a str,
    pub source_year: Option<i64>,
    pub import_id: i64,
    pub now: &'a str,
    pub today: &'a str,
    /// Indicator code → id in the current catalogue.
    pub indicator_ids: &'a HashMap<String, i64>,
}

pub fn head_name(p: &PersonRow) -> String {
    format!("{}{} {}", p.prefix.as_deref().unwrap_or(""), p.first_name, p.last_name)
}

fn village_code(h: &IncomingHousehold) -> Option<String> {
    h.moo.map(|m| format!("{}{:02}", h.tambon_code, m))
}

fn member_values(household_id: i64, order: usize, p: &PersonRow, row: &mut Vec<Arg>) {
    row.extend([
        Arg::Int(household_id),
        p.citizen_id.as_ref().map(|c| c.as_str().to_string()).into(),
        p.prefix.clone().into(),
        p.first_name.as_str().into(),
        p.last_name.as_str().into(),
        p.sex.map(|s| s.as_str()).into(),
        p.birth_date.map(|d| d.format("%Y-%m-%d").to_string()).into(),
        p.relation.unwrap_or(Relation::Other).as_str().into(),
        Arg::Bool(false),
        Arg::Bool(false),
        Arg::Int(order as i64),
    ]);
}

const MEMBER_COLUMNS: [&str; 11] = [
    "household_id",
    "citizen_id",
    "prefix",
    "first_name",
    "last_name",
    "sex",
    "birth_date",
    "relation",
    "is_disabled",
    "is_bedridden",
    "sort_order",
];

/// Villages the file names that the database does not have yet.
async fn add_villages(conn: &mut AnyConnection, ctx: &ApplyContext<'_>, plan: &Plan) -> Result<(), sqlx::Error> {
    let mut wanted: HashMap<String, (String, i64, String)> = HashMap::new();
    for p in &plan.items {
        if matches!(p.decision, Decision::Uncertain { .. } | Decision::Unchanged { .. }) {
            continue;
        }
        let h = &p.incoming;
        if let (Some(code), Some(moo)) = (village_code(h), h.moo) {
            let name = h.village_name.clone().unwrap_or_else(|| format!("หมู่ {moo}"));
            wanted.entry(code).or_insert((h.tambon_code.clone(), moo, name));
        }
    }
    if wanted.is_empty() {
        return Ok(());
    }
    let tambons: BTreeSet<&str> = wanted.values().map(|(t, _, _)| t.as_str()).collect();
    let mut args = Args::new();
    let list = args.push_list(tambons);
    let sql = format!("SELECT code FROM villages WHERE tambon_code IN ({list})");
    let known: HashSet<String> =
        args.bind_scalar(sqlx::query_scalar(&sql)).persistent(false).fetch_all(&mut *conn).await?.into_iter().collect();
    let mut missing: Vec<(String, (String, i64, String))> =
        wanted.into_iter().filter(|(c, _)| !known.contains(c)).collect();
    missing.sort();
    insert_rows(
        conn,
        ctx.dialect,
        "villages",
        &["code", "tambon_code", "moo", "name_th"],
        missing.into_iter(),
        |(code, (t, m, n)), row| {
            row.extend([Arg::Text(code), Arg::Text(t), Arg::Int(m), Arg::Text(n)]);
        },
    )
    .await?;
    Ok(())
}

/// Returns the ids given to the new households, in plan order.
pub async fn apply(conn: &mut AnyConnection, ctx: &ApplyContext<'_>, plan: &Plan) -> Result<Vec<i64>, sqlx::Error> {
    add_villages(conn, ctx, plan).await?;
    let new: Vec<&IncomingHousehold> =
        plan.items.iter().filter(|p| p.decision == Decision::New).map(|p| &p.incoming).collect();
    let ids = reserve_ids(conn, ctx.dialect, "households", new.len()).await?;
    let columns = [
        "id",
        "province_code",
        "amphoe_code",
        "tambon_code",
        "village_code",
        "moo",
        "village_name",
        "house_no",
        "house_code",
        "head_name",
        "head_sort_key",
        "lat",
        "lon",
        "welfare_card",
        "is_synthetic",
        "version",
        "created_at",
        "updated_at",
    ];
    insert_rows(conn, ctx.dialect, "households", &columns, new.iter().zip(&ids), |(h, id), row| {
        let head = h.head();
        row.extend([
            Arg::Int(*id),
            h.tambon_code.get(..2).unwrap_or_default().into(),
            h.tambon_code.get(..4).unwrap_or_default().into(),
            h.tambon_code.as_str().into(),
            village_code(h).into(),
            h.moo.into(),
            h.village_name.clone().into(),
            h.house_no.clone().into(),
            h.house_code.clone().into(),
            head.map(head_name).into(),
            head.map(|p| thai_sort_key(&format!("{} {}", p.first_name, p.last_name))).into(),
            h.coords.map(|c| c.0).into(),
            h.coords.map(|c| c.1).into(),
            Arg::Bool(false),
            Arg::Bool(false),
            Arg::Int(1),
            ctx.now.into(),
            ctx.now.into(),
        ]);
    })
    .await?;

    // Updated households first (a new head must replace the old one before members are added).
    let mut new_members: Vec<(i64, usize, &PersonRow)> = Vec::new();
    let mut new_problems: Vec<(i64, &str)> = Vec::new();
    let mut new_sources: Vec<(i64, String)> = Vec::new();
    for (h, id) in new.iter().zip(&ids) {
        new_members.extend(h.members.iter().enumerate().map(|(i, p)| (*id, i, p)));
        new_problems.extend(h.failed.iter().map(|c| (*id, c.as_str())));
        new_sources.push((*id, h.reference()));
    }
    for p in &plan.items {
        match &p.decision {
            Decision::Update { id, changes } => {
                update_household(conn, ctx, *id, &p.incoming, changes.address).await?;
                for (member_id, i) in &changes.updated_members {
                    update_member(conn, *id, *member_id, &p.incoming.members[*i], *i).await?;
                }
                let base = 100 + changes.updated_members.len();
                new_members.extend(changes.new_members.iter().map(|i| (*id, base + *i, &p.incoming.members[*i])));
                new_problems.extend(changes.new_problems.iter().map(|c| (*id, c.as_str())));
                if changes.new_source {
                    new_sources.push((*id, p.incoming.reference()));
                }
            }
            Decision::Uncertain { id, reason_th, reason_en } => {
                let incoming = serde_json::to_string(&p.incoming).unwrap_or_default();
                sqlx::query(
                    "INSERT INTO merge_candidates (import_id, household_id, incoming, reason, status, created_at)
                     VALUES ($1, $2, $3, $4, 'pending', $5)",
                )
                .bind(ctx.import_id)
                .bind(*id)
                .bind(incoming)
                .bind(format!("{reason_th}\n{reason_en}"))
                .bind(ctx.now)
                .execute(&mut *conn)
                .await?;
            }
            Decision::New | Decision::Unchanged { .. } => {}
        }
    }
    insert_rows(conn, ctx.dialect, "members", &MEMBER_COLUMNS, new_members.into_iter(), |(id, order, p), row| {
        member_values(id, order, p, row)
    })
    .await?;
    // Collected first: a lazy iterator over borrowed codes would be held across the awaits.
    let problems: Vec<(i64, i64)> =
        new_problems.into_iter().filter_map(|(id, code)| ctx.indicator_ids.get(code).map(|i| (id, *i))).collect();
    insert_rows(
        conn,
        ctx.dialect,
        "problems",
        &["household_id", "indicator_id", "status", "version", "opened_on", "updated_at"],
        problems.into_iter(),
        |(id, indicator), row| {
            row.extend([
                Arg::Int(id),
                Arg::Int(indicator),
                "open".into(),
                Arg::Int(1),
                ctx.today.into(),
                ctx.now.into(),
            ]);
        },
    )
    .await?;
    // A reference used twice in one file is kept for its first household only.
    let mut seen: HashSet<String> = HashSet::new();
    let sources: Vec<(i64, String)> = new_sources.into_iter().filter(|(_, r)| seen.insert(r.clone())).collect();
    insert_rows(
        conn,
        ctx.dialect,
        "household_sources",
        &["household_id", "source", "source_year", "source_ref"],
        sources.into_iter(),
        |(id, r), row| row.extend([Arg::Int(id), ctx.source.into(), ctx.source_year.into(), Arg::Text(r)]),
    )
    .await?;
    Ok(ids)
}

async fn update_household(
    conn: &mut AnyConnection,
    ctx: &ApplyContext<'_>,
    id: i64,
    h: &IncomingHousehold,
    address: bool,
) -> Result<(), sqlx::Error> {
    if let Some(head) = h.head() {
        // Whoever is head in the file becomes head: the old head keeps living there as a relative.
        sqlx::query("UPDATE members SET relation = 'relative' WHERE household_id = $1 AND relation = 'head' AND ($2 IS NULL OR citizen_id IS NULL OR citizen_id <> $2) AND NOT (first_name = $3 AND last_name = $4)")
            .bind(id)
            .bind(head.citizen_id.as_ref().map(|c| c.as_str().to_string()))
            .bind(&head.first_name)
            .bind(&head.last_name)
            .execute(&mut *conn)
            .await?;
    }
    if address {
        sqlx::query(
            "UPDATE households SET house_no = COALESCE($1, house_no), moo = COALESCE($2, moo),
                    village_name = COALESCE($3, village_name), village_code = COALESCE($4, village_code),
                    lat = COALESCE($5, lat), lon = COALESCE($6, lon)
             WHERE id = $7",
        )
        .bind(h.house_no.clone())
        .bind(h.moo)
        .bind(h.village_name.clone())
        .bind(village_code(h))
        .bind(h.coords.map(|c| c.0))
        .bind(h.coords.map(|c| c.1))
        .bind(id)
        .persistent(false)
        .execute(&mut *conn)
        .await?;
        if let Some(code) = &h.house_code {
            sqlx::query(
                "UPDATE households SET house_code = $1 WHERE id = $2
                   AND NOT EXISTS (SELECT 1 FROM households o WHERE o.house_code = $1 AND o.id <> $2)",
            )
            .bind(code)
            .bind(id)
            .execute(&mut *conn)
            .await?;
        }
    }
    let head = h.head();
    sqlx::query(
        "UPDATE households SET head_name = COALESCE($1, head_name), head_sort_key = COALESCE($2, head_sort_key),
                version = version + 1, updated_at = $3 WHERE id = $4",
    )
    .bind(head.map(head_name))
    .bind(head.map(|p| thai_sort_key(&format!("{} {}", p.first_name, p.last_name))))
    .bind(ctx.now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn update_member(
    conn: &mut AnyConnection,
    household_id: i64,
    member_id: i64,
    p: &PersonRow,
    order: usize,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE members SET citizen_id = COALESCE($1, citizen_id), prefix = $2, first_name = $3, last_name = $4,
                sex = COALESCE($5, sex), birth_date = COALESCE($6, birth_date), relation = $7, sort_order = $8
         WHERE id = $9 AND household_id = $10",
    )
    .bind(p.citizen_id.as_ref().map(|c| c.as_str().to_string()))
    .bind(p.prefix.clone())
    .bind(&p.first_name)
    .bind(&p.last_name)
    .bind(p.sex.map(|s| s.as_str()))
    .bind(p.birth_date.map(|d| d.format("%Y-%m-%d").to_string()))
    .bind(p.relation.unwrap_or(Relation::Other).as_str())
    .bind(order as i64)
    .bind(member_id)
    .bind(household_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
