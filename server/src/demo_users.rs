//! The demo users made with the demo province (listed in the README), one per kind of user.
use app::domain::access::{Role, Scope};
use app::error::AppError;
use app::ssr::auth::password::hash_password;
use app::ssr::db::users::{create_user, user_id_by_username, NewUser};
use app::ssr::db::{now_iso, reference, Db};

/// The password every demo user shares.
pub const DEMO_PASSWORD: &str = "hakpaeng-demo";

/// (username, display name, role, scope): `agency:` scopes name an agency code.
pub const DEMO_USERS: [(&str, &str, Role, &str); 7] = [
    ("admin", "ผู้ดูแลระบบ (สาธิต)", Role::Admin, "province:33"),
    ("coordinator", "ผู้ประสานงาน พช.จังหวัด (สาธิต)", Role::Coordinator, "province:33"),
    ("executive", "รองผู้ว่าราชการจังหวัด (สาธิต)", Role::Executive, "province:33"),
    ("officer.mueang", "พัฒนากร อ.เมืองศรีสะเกษ (สาธิต)", Role::Officer, "amphoe:3301"),
    ("officer.kantharalak", "พัฒนากร อ.กันทรลักษ์ (สาธิต)", Role::Officer, "amphoe:3304"),
    ("officer.tambon", "ทีมตำบลเมืองเหนือ (สาธิต)", Role::Officer, "tambon:330101"),
    ("agency.health", "สสจ.ศรีสะเกษ (สาธิต)", Role::Agency, "agency:PHO"),
];

/// Resolves a command-line scope; `agency:CODE` is looked up by agency code.
pub async fn resolve_scope(db: &Db, spec: &str) -> Result<Scope, AppError> {
    if let Some(code) = spec.strip_prefix("agency:") {
        let code = code.trim();
        if let Ok(id) = code.parse::<i64>() {
            return Ok(Scope::Agency(id));
        }
        return reference::agency_id_by_code(db, code).await?.map(Scope::Agency).ok_or_else(|| {
            AppError::invalid(format!("ไม่พบหน่วยงานรหัส {code}"), format!("No agency has the code {code}."))
        });
    }
    Scope::parse_area(spec).map_err(|e| AppError::invalid(format!("รูปแบบขอบเขตไม่ถูกต้อง: {e}"), e.to_string()))
}

/// Creates the demo users that do not exist yet; returns how many were made.
pub async fn ensure_demo_users(db: &Db) -> Result<usize, AppError> {
    let mut made = 0;
    for (username, name, role, spec) in DEMO_USERS {
        if user_id_by_username(db, username).await?.is_some() {
            continue;
        }
        let scope = resolve_scope(db, spec).await?;
        let password_hash = hash_password(DEMO_PASSWORD.to_string()).await?;
        let user =
            NewUser { username: username.to_string(), display_name: name.to_string(), password_hash, role, scope };
        create_user(db, &user, &now_iso()).await?;
        made += 1;
    }
    Ok(made)
}
