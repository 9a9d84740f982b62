//! The caller's scope as a SQL condition on a household row: the server-side twin of
//! `Scope::allows_household`, applied to every query that returns households or problems.
use super::args::Args;
use crate::domain::access::Scope;

/// A condition on the household alias `h` (e.g. `h.amphoe_code IN ($1, $2)`).
pub fn household_condition(scope: &Scope, args: &mut Args) -> String {
    match scope {
        Scope::Province(codes) => format!("h.province_code IN ({})", args.push_list(codes.iter().map(String::as_str))),
        Scope::Amphoe(codes) => format!("h.amphoe_code IN ({})", args.push_list(codes.iter().map(String::as_str))),
        Scope::Tambon(codes) => format!("h.tambon_code IN ({})", args.push_list(codes.iter().map(String::as_str))),
        Scope::Agency(id) => format!(
            "EXISTS (SELECT 1 FROM problems sp WHERE sp.household_id = h.id AND sp.owner_agency_id = {})",
            args.push(*id)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_bind_their_codes() {
        let mut a = Args::new();
        let s = Scope::Amphoe(vec!["3301".into(), "3302".into()]);
        assert_eq!(household_condition(&s, &mut a), "h.amphoe_code IN ($1, $2)");
        assert_eq!(
            household_condition(&Scope::Agency(4), &mut a),
            "EXISTS (SELECT 1 FROM problems sp WHERE sp.household_id = h.id AND sp.owner_agency_id = $3)"
        );
    }
}
