//! The household list query: scope, filters and search as SQL; the total, then one page
//! with its rows' member and problem counts in one statement (no query per row).
use sqlx::FromRow;

use super::args::Args;
use super::scope_sql::household_condition;
use super::Db;
use crate::api::households::{HouseholdListItem, HouseholdPage};
use crate::domain::access::Scope;
use crate::domain::citizen_id::mask;
use crate::domain::dimension::Dimension;
use crate::domain::household_filter::{HouseholdFilter, SortKey, StageFilter};
use crate::domain::problem::OwnerFilter;
use crate::domain::stage::Stage;
use crate::error::AppError;

#[derive(FromRow)]
struct Row {
    id: i64,
    house_no: Option<String>,
    moo: Option<i64>,
    village_name: Option<String>,
    tambon_code: String,
    tambon_name_th: String,
    tambon_name_en: String,
    amphoe_code: String,
    amphoe_name_th: String,
    amphoe_name_en: String,
    head_name: Option<String>,
    stage: Option<String>,
    #[sqlx(try_from = "super::flag::Flag")]
    is_synthetic: bool,
    updated_at: String,
    members: i64,
    head_citizen_id: Option<String>,
    pending_health: i64,
    pending_living: i64,
    pending_education: i64,
    pending_income: i64,
    pending_access: i64,
    unowned: i64,
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The WHERE clause (scope + filters + search) on households `h`.
pub fn where_clause(scope: &Scope, f: &HouseholdFilter, args: &mut Args) -> String {
    // A chosen amphoe that the scope covers whole makes the scope condition redundant (and
    // lets the count use the amphoe index alone).
    let redundant = f.amphoe.as_deref().is_some_and(|a| scope.covers_amphoe(a));
    let mut conds = Vec::new();
    if !redundant {
        conds.push(household_condition(scope, args));
    }
    if let Some(a) = &f.amphoe {
        conds.push(format!("h.amphoe_code = {}", args.push(a.as_str())));
    }
    if let Some(t) = &f.tambon {
        conds.push(format!("h.tambon_code = {}", args.push(t.as_str())));
    }
    if let Some(v) = &f.village {
        conds.push(format!("h.village_code = {}", args.push(v.as_str())));
    }
    match f.stage {
        Some(StageFilter::Unassessed) => conds.push("h.stage IS NULL".to_string()),
        Some(StageFilter::Is(s)) => conds.push(format!("h.stage = {}", args.push(s.as_str()))),
        None => {}
    }
    if f.has_problem_conditions() {
        let mut pc = vec!["p.household_id = h.id".to_string()];
        if let Some(d) = f.dimension {
            pc.push(format!("i.dimension = {}", args.push(d.as_str())));
        }
        if let Some(code) = &f.indicator {
            pc.push(format!("i.code = {}", args.push(code.as_str())));
        }
        if let Some(s) = f.status {
            let list = args.push_list(s.statuses().into_iter().map(|st| st.as_str()));
            pc.push(format!("p.status IN ({list})"));
        }
        match f.owner {
            Some(OwnerFilter::Nobody) => pc.push("p.owner_agency_id IS NULL".to_string()),
            Some(OwnerFilter::Agency(id)) => pc.push(format!("p.owner_agency_id = {}", args.push(id))),
            None => {}
        }
        conds.push(format!(
            "EXISTS (SELECT 1 FROM problems p JOIN indicators i ON i.id = p.indicator_id WHERE {})",
            pc.join(" AND ")
        ));
    }
    if let Some(digits) = f.q_citizen_digits() {
        let pattern = args.push(format!("%{digits}"));
        conds.push(format!(
            "EXISTS (SELECT 1 FROM members m WHERE m.household_id = h.id AND m.citizen_id LIKE {pattern})"
        ));
    } else if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let exact = args.push(q);
        let sub = args.push(format!("{}/%", like_escape(q)));
        let pattern = args.push(format!("%{}%", like_escape(&q.to_lowercase())));
        conds.push(format!(
            "(h.house_no = {exact} OR h.house_no LIKE {sub} ESCAPE '\\' \
              OR LOWER(h.head_name) LIKE {pattern} ESCAPE '\\' \
              OR EXISTS (SELECT 1 FROM members m WHERE m.household_id = h.id \
                         AND LOWER(m.first_name || ' ' || m.last_name) LIKE {pattern} ESCAPE '\\'))"
        ));
    }
    conds.join(" AND ")
}

/// The page's sort order, written on the households `h` (`outer == false`) or on the
/// selected page's columns (`outer == true`).
fn order_by(sort: SortKey, outer: bool) -> String {
    let cols: &[&str] = match sort {
        SortKey::Name => &["head_sort_key", "id"],
        SortKey::Address => &["amphoe_code", "tambon_code", "moo", "LENGTH(#house_no)", "house_no", "id"],
        SortKey::Problems => &["pending_total DESC", "head_sort_key", "id"],
        SortKey::Updated => &["updated_at DESC", "id DESC"],
    };
    let alias = if outer { "page." } else { "h." };
    cols.iter()
        .map(|c| {
            if c.starts_with("pending_total") {
                if outer {
                    format!("page.{c}")
                } else {
                    c.to_string()
                }
            } else if c.contains('#') {
                c.replace('#', alias)
            } else {
                format!("{alias}{c}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub async fn count(db: &Db, scope: &Scope, f: &HouseholdFilter) -> Result<i64, AppError> {
    let mut args = Args::new();
    let sql = format!("SELECT COUNT(*) FROM households h WHERE {}", where_clause(scope, f, &mut args));
    Ok(args.bind_scalar(sqlx::query_scalar(&sql)).fetch_one(&db.pool).await?)
}

/// Pending problems per dimension (and without an owner), summed for the page's households.
fn pending_columns() -> String {
    let mut cols: Vec<String> = Dimension::ALL
        .iter()
        .map(|d| format!("SUM(CASE WHEN i.dimension = '{0}' THEN 1 ELSE 0 END) AS {0}", d.as_str()))
        .collect();
    cols.push("SUM(CASE WHEN p.owner_agency_id IS NULL THEN 1 ELSE 0 END) AS unowned".to_string());
    cols.join(", ")
}

/// One page: the households are chosen first, then only they get their names, members and
/// problem counts, each in one pass. The total comes from a count on the same conditions.
pub async fn list(db: &Db, scope: &Scope, f: &HouseholdFilter) -> Result<HouseholdPage, AppError> {
    let total = count(db, scope, f).await?;
    let mut args = Args::new();
    let cond = where_clause(scope, f, &mut args);
    let limit = args.push(i64::from(f.per_page));
    let offset = args.push(i64::try_from(f.offset()).unwrap_or(i64::MAX));
    let pending_total = if f.sort == SortKey::Problems {
        ", (SELECT COUNT(*) FROM problems pp WHERE pp.household_id = h.id AND pp.status IN ('open', 'in_progress')) AS pending_total"
    } else {
        ""
    };
    let dims = Dimension::ALL
        .iter()
        .map(|d| format!("COALESCE(pc.{0}, 0) AS pending_{0}", d.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "WITH page AS (
            SELECT h.id, h.house_no, h.moo, h.village_name, h.tambon_code, h.amphoe_code, h.head_name,
                   h.head_sort_key, h.stage, h.is_synthetic, h.updated_at{pending_total}
            FROM households h
            WHERE {cond}
            ORDER BY {inner}
            LIMIT {limit} OFFSET {offset}
         ),
         pc AS (
            SELECT p.household_id, {pending}
            FROM problems p JOIN indicators i ON i.id = p.indicator_id
            WHERE p.household_id IN (SELECT id FROM page) AND p.status IN ('open', 'in_progress')
            GROUP BY p.household_id
         ),
         mc AS (
            SELECT m.household_id, COUNT(*) AS members, MAX(CASE WHEN m.relation = 'head' THEN m.citizen_id END) AS head_citizen_id
            FROM members m
            WHERE m.household_id IN (SELECT id FROM page)
            GROUP BY m.household_id
         )
         SELECT page.id, page.house_no, page.moo, page.village_name, page.tambon_code,
                t.name_th AS tambon_name_th, t.name_en AS tambon_name_en,
                page.amphoe_code, a.name_th AS amphoe_name_th, a.name_en AS amphoe_name_en,
                page.head_name, page.stage, page.is_synthetic, page.updated_at,
                COALESCE(mc.members, 0) AS members, mc.head_citizen_id,
                {dims}, COALESCE(pc.unowned, 0) AS unowned
         FROM page
         JOIN tambons t ON t.code = page.tambon_code
         JOIN amphoes a ON a.code = page.amphoe_code
         LEFT JOIN pc ON pc.household_id = page.id
         LEFT JOIN mc ON mc.household_id = page.id
         ORDER BY {outer}",
        inner = order_by(f.sort, false),
        outer = order_by(f.sort, true),
        pending = pending_columns(),
    );
    let rows: Vec<Row> = args.bind_as(sqlx::query_as(&sql)).fetch_all(&db.pool).await?;
    let items = rows
        .into_iter()
        .map(|r| HouseholdListItem {
            pending: vec![r.pending_health, r.pending_living, r.pending_education, r.pending_income, r.pending_access],
            unowned: r.unowned,
            members: r.members,
            head_citizen_id_masked: r.head_citizen_id.as_deref().map(mask),
            id: r.id,
            house_no: r.house_no,
            moo: r.moo,
            village_name: r.village_name,
            tambon_code: r.tambon_code,
            tambon_name_th: r.tambon_name_th,
            tambon_name_en: r.tambon_name_en,
            amphoe_code: r.amphoe_code,
            amphoe_name_th: r.amphoe_name_th,
            amphoe_name_en: r.amphoe_name_en,
            head_name: r.head_name,
            stage: r.stage.as_deref().and_then(Stage::parse),
            is_synthetic: r.is_synthetic,
            updated_at: r.updated_at,
        })
        .collect();
    Ok(HouseholdPage { items, total, page: f.page, per_page: f.per_page, filter_errors: Vec::new() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_orders_read_the_same_inside_and_outside_the_page() {
        assert_eq!(order_by(SortKey::Name, false), "h.head_sort_key, h.id");
        assert_eq!(order_by(SortKey::Name, true), "page.head_sort_key, page.id");
        assert_eq!(
            order_by(SortKey::Address, true),
            "page.amphoe_code, page.tambon_code, page.moo, LENGTH(page.house_no), page.house_no, page.id"
        );
        assert_eq!(order_by(SortKey::Problems, false), "pending_total DESC, h.head_sort_key, h.id");
        assert_eq!(order_by(SortKey::Problems, true), "page.pending_total DESC, page.head_sort_key, page.id");
    }

    #[test]
    fn like_patterns_are_escaped() {
        assert_eq!(like_escape("50%_off\\"), "50\\%\\_off\\\\");
    }

    #[test]
    fn filters_become_bound_conditions() {
        let (f, _) = HouseholdFilter::from_pairs([("amphoe", "3301"), ("owner", "none"), ("status", "pending")]);
        let mut args = Args::new();
        let sql = where_clause(&Scope::Tambon(vec!["330101".into()]), &f, &mut args);
        assert!(sql.starts_with("h.tambon_code IN ($1) AND h.amphoe_code = $2 AND EXISTS"), "{sql}");
        assert!(sql.contains("p.status IN ($3, $4)"));
        assert!(sql.contains("p.owner_agency_id IS NULL"));
        assert!(!sql.contains("3301"), "values are bound, never spliced: {sql}");
        assert_eq!(args.len(), 4);
    }

    #[test]
    fn a_covered_amphoe_makes_the_scope_condition_redundant() {
        let (f, _) = HouseholdFilter::from_pairs([("amphoe", "3301")]);
        let mut args = Args::new();
        let sql = where_clause(&Scope::Province(vec!["33".into()]), &f, &mut args);
        assert_eq!(sql, "h.amphoe_code = $1");
        let mut args = Args::new();
        let sql = where_clause(&Scope::Amphoe(vec!["3302".into()]), &f, &mut args);
        assert_eq!(sql, "h.amphoe_code IN ($1) AND h.amphoe_code = $2");
    }
}
