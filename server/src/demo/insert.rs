//! Writing the generated rows: multi-row INSERTs (`app::ssr::db::batch`) with explicit ids.
use app::ssr::db::args::Arg;
use app::ssr::db::batch::insert_rows;
use app::ssr::db::Dialect;
use chrono::NaiveDate;
use sqlx::AnyConnection;

use super::model::Province;
use super::DemoSummary;

/// created_at / updated_at of the loaded households: the reference date, so loads reproduce.
const LOADED_AT: &str = "2026-11-01T00:00:00Z";

async fn next_id(conn: &mut AnyConnection, table: &str) -> Result<i64, sqlx::Error> {
    let max: i64 = sqlx::query_scalar(&format!("SELECT COALESCE(MAX(id), 0) FROM {table}")).fetch_one(conn).await?;
    Ok(max + 1)
}

fn date(d: NaiveDate) -> Arg {
    Arg::Text(d.format("%Y-%m-%d").to_string())
}

fn opt_date(d: Option<NaiveDate>) -> Arg {
    d.map_or(Arg::NullText, date)
}

fn id(base: i64, index: usize) -> Arg {
    Arg::Int(base + index as i64)
}

pub async fn insert_all(
    conn: &mut AnyConnection,
    dialect: Dialect,
    p: &Province,
    new_villages: &[bool],
) -> Result<DemoSummary, sqlx::Error> {
    let villages = p.villages.iter().zip(new_villages).filter(|(_, new)| **new).map(|(v, _)| v);
    let villages =
        insert_rows(conn, dialect, "villages", &["code", "tambon_code", "moo", "name_th"], villages, |v, row| {
            row.extend([
                Arg::from(v.code.as_str()),
                v.tambon_code.as_str().into(),
                v.moo.into(),
                v.name.as_str().into(),
            ]);
        })
        .await?;
    let hh = next_id(conn, "households").await?;
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
        "stage",
        "welfare_card",
        "is_synthetic",
        "version",
        "created_at",
        "updated_at",
        "phone",
    ];
    let households =
        insert_rows(conn, dialect, "households", &columns, p.households.iter().enumerate(), |(i, h), row| {
            let village = &p.villages[h.village];
            row.extend([
                id(hh, i),
                h.amphoe_code.get(..2).unwrap_or_default().into(),
                h.amphoe_code.as_str().into(),
                h.tambon_code.as_str().into(),
                village.code.as_str().into(),
                village.moo.into(),
                village.name.as_str().into(),
                h.house_no.as_str().into(),
                h.house_code.clone().into(),
                h.head_name.as_str().into(),
                h.head_sort_key.as_str().into(),
                h.lat_lon.map(|c| c.0).into(),
                h.lat_lon.map(|c| c.1).into(),
                h.stage.into(),
                h.welfare_card.into(),
                true.into(),
                1i64.into(),
                LOADED_AT.into(),
                LOADED_AT.into(),
                demo_phone(i).into(),
            ]);
        })
        .await?;
    let columns = ["household_id", "source", "source_year", "source_ref"];
    insert_rows(conn, dialect, "household_sources", &columns, p.sources.iter(), |s, row| {
        row.extend([id(hh, s.household), s.source.into(), s.year.into(), s.reference.as_str().into()]);
    })
    .await?;
    let mm = next_id(conn, "members").await?;
    let columns = [
        "id",
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
    let members = insert_rows(conn, dialect, "members", &columns, p.members.iter().enumerate(), |(i, m), row| {
        row.extend([
            id(mm, i),
            id(hh, m.household),
            m.citizen_id.clone().into(),
            m.prefix.into(),
            m.first_name.into(),
            m.last_name.into(),
            (if m.male { "male" } else { "female" }).into(),
            date(m.birth_date),
            m.relation.into(),
            m.is_disabled.into(),
            m.is_bedridden.into(),
            m.sort_order.into(),
        ]);
    })
    .await?;
    let pp = next_id(conn, "problems").await?;
    let columns = [
        "id",
        "household_id",
        "indicator_id",
        "status",
        "owner_agency_id",
        "version",
        "opened_on",
        "closed_on",
        "updated_at",
    ];
    let problems = insert_rows(conn, dialect, "problems", &columns, p.problems.iter().enumerate(), |(i, x), row| {
        row.extend([
            id(pp, i),
            id(hh, x.household),
            x.indicator_id.into(),
            x.status.into(),
            x.owner_agency_id.into(),
            1i64.into(),
            date(x.opened_on),
            opt_date(x.closed_on),
            x.updated_at.as_str().into(),
        ]);
    })
    .await?;
    let aa = next_id(conn, "assistance_records").await?;
    let columns = [
        "id",
        "household_id",
        "member_id",
        "problem_id",
        "menu_item_id",
        "detail",
        "owner_agency_id",
        "target_stage",
        "planned_on",
        "done_on",
        "amount_satang",
        "budget_source",
        "in_kind_value_satang",
        "result",
        "resolved_problem",
        "media_consent",
        "created_at",
        "updated_at",
    ];
    let assistance =
        insert_rows(conn, dialect, "assistance_records", &columns, p.assistance.iter().enumerate(), |(i, a), row| {
            row.extend([
                id(aa, i),
                id(hh, a.household),
                a.member.map_or(Arg::NullInt, |m| id(mm, m)),
                id(pp, a.problem),
                a.menu_item_id.into(),
                a.detail.into(),
                a.owner_agency_id.into(),
                a.target_stage.as_str().into(),
                opt_date(a.planned_on),
                opt_date(a.done_on),
                a.amount_satang.into(),
                a.budget_source.into(),
                a.in_kind_value_satang.into(),
                a.result.into(),
                a.resolved_problem.into(),
                a.media_consent.into(),
                a.created_at.as_str().into(),
                a.updated_at.as_str().into(),
            ]);
        })
        .await?;
    let ss = next_id(conn, "stage_history").await?;
    let columns = ["id", "household_id", "from_stage", "to_stage", "changed_at", "note"];
    let stage_changes =
        insert_rows(conn, dialect, "stage_history", &columns, p.stage_changes.iter().enumerate(), |(i, s), row| {
            row.extend([
                id(ss, i),
                id(hh, s.household),
                s.from_stage.into(),
                s.to_stage.into(),
                s.changed_at.as_str().into(),
                s.note.into(),
            ]);
        })
        .await?;
    Ok(DemoSummary { villages, households, members, problems, assistance, stage_changes })
}

/// A made-up Thai mobile number for three households in four (derived from the position, so the
/// generator's random sequence and every other figure stay as they were).
fn demo_phone(i: usize) -> Option<String> {
    let mixed = (i as u64).wrapping_mul(2_654_435_761).wrapping_add(97) % 1_000_000_000;
    (!mixed.is_multiple_of(4)).then(|| format!("0{}{:08}", [6, 8, 9][(mixed % 3) as usize], mixed % 100_000_000))
}
