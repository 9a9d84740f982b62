//! The synthetic demo province: a deterministic, clearly fake Sisaket for demos and load tests.
//!
//! Generation is pure ([`generate::generate`]: reference data + size + seed in, plain rows
//! out); [`load_demo_province`] reads the reference data, generates and inserts everything in
//! one transaction. Citizen ids start with `0990` (never a real Thai id) and every household
//! is marked `is_synthetic`.
mod assist;
pub mod generate;
mod insert;
mod load;
pub mod model;
mod names;
mod people;
mod problems;
pub mod template_file;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_db;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    /// How many households to generate (Sisaket has ≈ 17,000 target households).
    pub households: usize,
    /// Same households and seed ⇒ the same rows.
    pub seed: u64,
    /// Swap out the synthetic households already loaded instead of refusing.
    pub replace: bool,
}

/// How many rows a load inserted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub villages: usize,
    pub households: usize,
    pub members: usize,
    pub problems: usize,
    pub assistance: usize,
    pub stage_changes: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(
        "the database already holds {0} households: load the demo province with replace to swap the synthetic ones"
    )]
    NotEmpty(i64),
    #[error("at most {max} households can be generated (asked for {0})", max = generate::MAX_HOUSEHOLDS)]
    TooMany(usize),
    #[error("the reference data has no {0}: run the migrations first")]
    MissingReference(&'static str),
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
}

/// Generates the demo province and loads it in one transaction (nothing changes on error).
///
/// With households present: `replace = false` gives [`DemoError::NotEmpty`]; `replace = true`
/// deletes the synthetic households (and villages no household refers to) first.
pub async fn load_demo_province(db: &app::ssr::db::Db, opts: &DemoOptions) -> Result<DemoSummary, DemoError> {
    load::load(db, opts).await
}
