//! The audit log (PDPA): who viewed, changed, exported or signed in, and when.
use super::Db;
use crate::error::AppError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    SignIn,
    SignInFailed,
    SignOut,
    ViewHousehold,
    TokenCreated,
    UserCreated,
    DemoDataLoaded,
    ImportPreviewed,
    ImportCommitted,
    MergeConfirmed,
    MergeRejected,
    Export,
    OwnerAssigned,
    StageChanged,
    StageRuleChanged,
    ProblemStatusChanged,
    VisitRecorded,
    AssistanceRecorded,
    PhotoStored,
    PlanSaved,
    PlanStatusChanged,
    PlanDeleted,
    PositionSet,
    DistrictOfficeChanged,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::SignIn => "sign_in",
            AuditAction::SignInFailed => "sign_in_failed",
            AuditAction::SignOut => "sign_out",
            AuditAction::ViewHousehold => "view_household",
            AuditAction::TokenCreated => "token_created",
            AuditAction::UserCreated => "user_created",
            AuditAction::DemoDataLoaded => "demo_data_loaded",
            AuditAction::ImportPreviewed => "import_previewed",
            AuditAction::ImportCommitted => "import_committed",
            AuditAction::MergeConfirmed => "merge_confirmed",
            AuditAction::MergeRejected => "merge_rejected",
            AuditAction::Export => "export",
            AuditAction::OwnerAssigned => "owner_assigned",
            AuditAction::StageChanged => "stage_changed",
            AuditAction::StageRuleChanged => "stage_rule_changed",
            AuditAction::ProblemStatusChanged => "problem_status_changed",
            AuditAction::VisitRecorded => "visit_recorded",
            AuditAction::AssistanceRecorded => "assistance_recorded",
            AuditAction::PhotoStored => "photo_stored",
            AuditAction::PlanSaved => "plan_saved",
            AuditAction::PlanStatusChanged => "plan_status_changed",
            AuditAction::PlanDeleted => "plan_deleted",
            AuditAction::PositionSet => "position_set",
            AuditAction::DistrictOfficeChanged => "district_office_changed",
        }
    }
}

pub struct AuditEvent<'a> {
    pub user_id: Option<i64>,
    pub action: AuditAction,
    pub entity: Option<&'a str>,
    pub entity_id: Option<String>,
    pub detail: Option<String>,
}

pub async fn record(db: &Db, event: AuditEvent<'_>, now: &str) -> Result<(), AppError> {
    let mut conn = db.pool.acquire().await?;
    record_on(&mut conn, event, now).await
}

/// Records an event inside a transaction (or on any connection).
pub async fn record_on(conn: &mut sqlx::AnyConnection, event: AuditEvent<'_>, now: &str) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO audit_events (at, user_id, action, entity, entity_id, detail) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(now)
    .bind(event.user_id)
    .bind(event.action.as_str())
    .bind(event.entity)
    .bind(event.entity_id)
    .bind(event.detail)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// How many events of an action concern an entity (used by tests and the admin view).
pub async fn count(db: &Db, action: AuditAction, entity_id: &str) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action = $1 AND entity_id = $2")
        .bind(action.as_str())
        .bind(entity_id)
        .fetch_one(&db.pool)
        .await?)
}
