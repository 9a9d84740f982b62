//! Visit plans on the server: who may read and change a district's plans, the planner's
//! choices, reading plans with their estimated arrivals, and storing them under versions.
pub mod choices;
pub mod geometry;
pub mod read;
pub mod store;

use crate::api::me::CurrentUser;
use crate::domain::access::Scope;
use crate::domain::visit_plan::{may_plan, PlanRuleError};
use crate::error::AppError;

/// A refused plan change as the API's 422.
pub fn rule_error(e: PlanRuleError) -> AppError {
    AppError::invalid(e.th, e.en)
}

/// Planning a district takes a planner's role and a scope over the whole district.
pub fn check_planner(user: &CurrentUser, amphoe_code: &str) -> Result<(), AppError> {
    if may_plan(user.role) && user.scope.covers_amphoe(amphoe_code) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// A district's plans are read by those whose area scope reaches into it, and by the team.
pub fn may_read(user: &CurrentUser, amphoe_code: &str, on_team: bool) -> bool {
    on_team
        || match &user.scope {
            Scope::Province(_) | Scope::Amphoe(_) => user.scope.covers_amphoe(amphoe_code),
            Scope::Tambon(codes) => codes.iter().any(|t| t.starts_with(amphoe_code)),
            Scope::Agency(_) => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::access::Role;

    fn user(role: Role, scope: Scope) -> CurrentUser {
        CurrentUser {
            id: 1,
            username: "u".into(),
            display_name: "u".into(),
            role,
            scope,
            scope_label_th: String::new(),
            scope_label_en: String::new(),
        }
    }

    #[test]
    fn planners_cover_the_whole_district() {
        let district = user(Role::Coordinator, Scope::Amphoe(vec!["3301".into()]));
        assert!(check_planner(&district, "3301").is_ok());
        assert!(check_planner(&district, "3304").is_err());
        let province = user(Role::Admin, Scope::Province(vec!["33".into()]));
        assert!(check_planner(&province, "3322").is_ok());
        let officer = user(Role::Officer, Scope::Amphoe(vec!["3301".into()]));
        assert!(check_planner(&officer, "3301").is_err());
    }

    #[test]
    fn readers_reach_into_the_district_or_are_on_the_team() {
        let tambon = user(Role::Officer, Scope::Tambon(vec!["330101".into()]));
        assert!(may_read(&tambon, "3301", false));
        assert!(!may_read(&tambon, "3304", false));
        assert!(may_read(&tambon, "3304", true));
        let agency = user(Role::Agency, Scope::Agency(4));
        assert!(!may_read(&agency, "3301", false));
    }
}
