//! Who may see what: user roles and the area or agency scope every query is filtered by.
use serde::{Deserialize, Serialize};

use super::text_enum::text_enum;
use crate::i18n::Lang;

text_enum! {
    /// What a user does in the war room.
    pub enum Role {
        Admin = "admin", "ผู้ดูแลระบบ", "Administrator";
        Coordinator = "coordinator", "ผู้ประสานงาน", "Coordinator";
        Officer = "officer", "เจ้าหน้าที่ภาคสนาม", "Field officer";
        Agency = "agency", "หน่วยงานเจ้าภาพ", "Agency focal point";
        Executive = "executive", "ผู้บริหาร", "Executive";
    }
}

impl Role {
    /// Whether this role imports household lists and decides uncertain matches.
    pub fn may_manage_imports(self) -> bool {
        matches!(self, Role::Admin | Role::Coordinator)
    }

    /// Whether this role hands problems to owner agencies (an agency user may also take a
    /// problem for its own agency or give it back, see [`may_set_owner`]).
    pub fn may_assign_owners(self) -> bool {
        matches!(self, Role::Admin | Role::Coordinator)
    }

    /// Whether this role moves households between stages on the stage board.
    pub fn may_move_stages(self) -> bool {
        matches!(self, Role::Admin | Role::Coordinator | Role::Executive)
    }

    /// Whether this role may see full citizen ids (a reveal is still logged).
    pub fn may_reveal_citizen_ids(self) -> bool {
        matches!(self, Role::Admin | Role::Coordinator)
    }
}

/// Whether a user of `role` and `scope` may change a problem's owner from `from` to `to`:
/// coordinators and admins any way; an agency only between "no owner" and itself.
pub fn may_set_owner(role: Role, scope: &Scope, from: Option<i64>, to: Option<i64>) -> bool {
    if role.may_assign_owners() {
        return true;
    }
    match (role, scope) {
        (Role::Agency, Scope::Agency(own)) => {
            matches!((from, to), (None, Some(a)) | (Some(a), None) if a == *own)
        }
        _ => false,
    }
}

/// Whether a user of `role` and `scope` may change the status of a problem owned by `owner`:
/// coordinators and admins any; an agency only its own problems.
pub fn may_set_status(role: Role, scope: &Scope, owner: Option<i64>) -> bool {
    if role.may_assign_owners() {
        return true;
    }
    matches!((role, scope), (Role::Agency, Scope::Agency(own)) if owner == Some(*own))
}

/// The part of the province a user works in. Households are visible when their area is in
/// the scope or, for an agency, when the agency owns one of their problems.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "codes", rename_all = "snake_case")]
pub enum Scope {
    /// Province codes (2 digits).
    Province(Vec<String>),
    /// Amphoe codes (4 digits).
    Amphoe(Vec<String>),
    /// Tambon codes (6 digits).
    Tambon(Vec<String>),
    /// An agency id: its problems' households.
    Agency(i64),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScopeError {
    #[error("write a scope as province:33, amphoe:3301,3302, tambon:330101 or agency:CODE")]
    Format,
    #[error("'{0}' is not a {1}-digit area code")]
    BadCode(String, usize),
    #[error("a scope needs at least one area code")]
    Empty,
}

impl Scope {
    /// The stored kind: province, amphoe, tambon or agency.
    pub fn kind(&self) -> &'static str {
        match self {
            Scope::Province(_) => "province",
            Scope::Amphoe(_) => "amphoe",
            Scope::Tambon(_) => "tambon",
            Scope::Agency(_) => "agency",
        }
    }

    /// Builds an area scope from its stored kind and codes, checking every code's shape.
    pub fn from_area_codes(kind: &str, codes: Vec<String>) -> Result<Self, ScopeError> {
        let digits = match kind {
            "province" => 2,
            "amphoe" => 4,
            "tambon" => 6,
            _ => return Err(ScopeError::Format),
        };
        if codes.is_empty() {
            return Err(ScopeError::Empty);
        }
        for c in &codes {
            if c.len() != digits || !c.bytes().all(|b| b.is_ascii_digit()) {
                return Err(ScopeError::BadCode(c.clone(), digits));
            }
        }
        let mut codes = codes;
        codes.sort();
        codes.dedup();
        Ok(match kind {
            "province" => Scope::Province(codes),
            "amphoe" => Scope::Amphoe(codes),
            _ => Scope::Tambon(codes),
        })
    }

    /// Parses the command-line form `amphoe:3301,3302`. Agency scopes are given by agency
    /// code and resolved against the database, so they are returned as `Err(Format)` here
    /// unless written `agency:<numeric id>`.
    pub fn parse_area(spec: &str) -> Result<Self, ScopeError> {
        let (kind, rest) = spec.split_once(':').ok_or(ScopeError::Format)?;
        let kind = kind.trim();
        if kind == "agency" {
            return rest.trim().parse().map(Scope::Agency).map_err(|_| ScopeError::Format);
        }
        let codes = rest.split([',', ' ']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect();
        Scope::from_area_codes(kind, codes)
    }

    /// The area codes of an area scope (empty for an agency scope).
    pub fn area_codes(&self) -> &[String] {
        match self {
            Scope::Province(c) | Scope::Amphoe(c) | Scope::Tambon(c) => c,
            Scope::Agency(_) => &[],
        }
    }

    /// Whether a household in `tambon_code` whose problems are owned by `owner_agencies` is
    /// visible. The server applies the same rule in SQL (`ssr::db::scope_sql`); this is the
    /// reference the tests hold both to.
    pub fn allows_household(&self, tambon_code: &str, owner_agencies: &[i64]) -> bool {
        match self {
            Scope::Province(c) => c.iter().any(|p| tambon_code.starts_with(p.as_str())),
            Scope::Amphoe(c) => c.iter().any(|a| tambon_code.starts_with(a.as_str())),
            Scope::Tambon(c) => c.iter().any(|t| t == tambon_code),
            Scope::Agency(id) => owner_agencies.contains(id),
        }
    }

    /// Whether every household of the given amphoe is visible (used to decide which WAR Room
    /// rows are whole and which are partial).
    pub fn covers_amphoe(&self, amphoe_code: &str) -> bool {
        match self {
            Scope::Province(c) => c.iter().any(|p| amphoe_code.starts_with(p.as_str())),
            Scope::Amphoe(c) => c.iter().any(|a| a == amphoe_code),
            Scope::Tambon(_) | Scope::Agency(_) => false,
        }
    }

    pub fn describe(&self, lang: Lang) -> String {
        let list = |c: &[String]| c.join(", ");
        match (self, lang) {
            (Scope::Province(c), Lang::Th) => format!("จังหวัด {}", list(c)),
            (Scope::Amphoe(c), Lang::Th) => format!("อำเภอ {}", list(c)),
            (Scope::Tambon(c), Lang::Th) => format!("ตำบล {}", list(c)),
            (Scope::Agency(id), Lang::Th) => format!("หน่วยงาน #{id}"),
            (Scope::Province(c), Lang::En) => format!("Province {}", list(c)),
            (Scope::Amphoe(c), Lang::En) => format!("Amphoe {}", list(c)),
            (Scope::Tambon(c), Lang::En) => format!("Tambon {}", list(c)),
            (Scope::Agency(id), Lang::En) => format!("Agency #{id}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owners_are_set_by_coordinators_and_agencies_only_for_themselves() {
        let province = Scope::Province(vec!["33".into()]);
        assert!(may_set_owner(Role::Coordinator, &province, Some(1), Some(2)));
        assert!(may_set_owner(Role::Admin, &province, None, Some(2)));
        assert!(!may_set_owner(Role::Executive, &province, None, Some(2)));
        assert!(!may_set_owner(Role::Officer, &province, None, Some(2)));
        let health = Scope::Agency(4);
        assert!(may_set_owner(Role::Agency, &health, None, Some(4)), "takes a problem");
        assert!(may_set_owner(Role::Agency, &health, Some(4), None), "gives it back");
        assert!(!may_set_owner(Role::Agency, &health, Some(5), Some(4)), "not from another agency");
        assert!(!may_set_owner(Role::Agency, &health, None, Some(5)), "not for another agency");
        assert!(Role::Executive.may_move_stages() && !Role::Officer.may_move_stages());
        assert!(may_set_status(Role::Coordinator, &province, None));
        assert!(may_set_status(Role::Agency, &health, Some(4)));
        assert!(!may_set_status(Role::Agency, &health, Some(5)), "not another agency's problem");
        assert!(!may_set_status(Role::Agency, &health, None), "not before taking it");
        assert!(!may_set_status(Role::Executive, &province, Some(4)));
    }

    fn codes(c: &[&str]) -> Vec<String> {
        c.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
        assert!(Role::Coordinator.may_reveal_citizen_ids());
        assert!(!Role::Officer.may_reveal_citizen_ids());
        assert!(!Role::Executive.may_reveal_citizen_ids());
        assert!(Role::Coordinator.may_manage_imports());
        assert!(!Role::Officer.may_manage_imports());
    }

    #[test]
    fn parses_area_scopes() {
        assert_eq!(Scope::parse_area("province:33"), Ok(Scope::Province(codes(&["33"]))));
        assert_eq!(Scope::parse_area("amphoe:3302, 3301,3301"), Ok(Scope::Amphoe(codes(&["3301", "3302"]))));
        assert_eq!(Scope::parse_area("tambon:330101"), Ok(Scope::Tambon(codes(&["330101"]))));
        assert_eq!(Scope::parse_area("agency:7"), Ok(Scope::Agency(7)));
        assert_eq!(Scope::parse_area("amphoe:"), Err(ScopeError::Empty));
        assert_eq!(Scope::parse_area("amphoe:330"), Err(ScopeError::BadCode("330".into(), 4)));
        assert_eq!(Scope::parse_area("district:3301"), Err(ScopeError::Format));
        assert_eq!(Scope::parse_area("3301"), Err(ScopeError::Format));
        assert_eq!(Scope::parse_area("agency:PHO"), Err(ScopeError::Format));
    }

    #[test]
    fn an_amphoe_scope_sees_only_its_amphoe() {
        let s = Scope::Amphoe(codes(&["3301"]));
        assert!(s.allows_household("330101", &[]));
        assert!(s.allows_household("330118", &[3]));
        assert!(!s.allows_household("330201", &[]));
        assert!(!s.allows_household("333010", &[]));
        assert!(s.covers_amphoe("3301"));
        assert!(!s.covers_amphoe("3302"));
    }

    #[test]
    fn province_tambon_and_agency_scopes() {
        let p = Scope::Province(codes(&["33"]));
        assert!(p.allows_household("332201", &[]));
        assert!(!p.allows_household("340101", &[]));
        assert!(p.covers_amphoe("3322"));
        let t = Scope::Tambon(codes(&["330101", "330102"]));
        assert!(t.allows_household("330102", &[]));
        assert!(!t.allows_household("330103", &[]));
        assert!(!t.covers_amphoe("3301"));
        let a = Scope::Agency(4);
        assert!(a.allows_household("330101", &[1, 4]));
        assert!(!a.allows_household("330101", &[1, 2]));
        assert!(!a.allows_household("330101", &[]));
    }
}
