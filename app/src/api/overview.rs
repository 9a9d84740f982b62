//! The WAR Room picture: every district × the 5 dimensions, and the province's totals.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::dimension::Dimension;
use crate::error::AppError;
use crate::i18n::Lang;

/// Pending (open or in-progress) problems of one dimension in one district.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct DimensionCell {
    /// Households with at least one pending problem in the dimension.
    pub households: i64,
    pub pending: i64,
    /// Pending problems nobody owns yet.
    pub unowned: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct StageCounts {
    pub unassessed: i64,
    pub survive: i64,
    pub sufficient: i64,
    pub sustainable: i64,
}

impl StageCounts {
    pub fn total(&self) -> i64 {
        self.unassessed + self.survive + self.sufficient + self.sustainable
    }

    pub fn add(&mut self, other: &StageCounts) {
        self.unassessed += other.unassessed;
        self.survive += other.survive;
        self.sufficient += other.sufficient;
        self.sustainable += other.sustainable;
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DistrictRow {
    /// Amphoe code, or the province code for the totals row.
    pub code: String,
    pub name_th: String,
    pub name_en: String,
    pub households: i64,
    pub stages: StageCounts,
    /// One cell per dimension, in `Dimension::ALL` order.
    pub dimensions: Vec<DimensionCell>,
    pub pending: i64,
    pub unowned: i64,
}

impl DistrictRow {
    pub fn empty(code: String, name_th: String, name_en: String) -> Self {
        DistrictRow {
            code,
            name_th,
            name_en,
            households: 0,
            stages: StageCounts::default(),
            dimensions: vec![DimensionCell::default(); Dimension::ALL.len()],
            pending: 0,
            unowned: 0,
        }
    }

    pub fn name(&self, lang: Lang) -> &str {
        lang.t(&self.name_th, &self.name_en)
    }

    pub fn cell(&self, d: Dimension) -> DimensionCell {
        let i = Dimension::ALL.iter().position(|x| *x == d).unwrap_or(0);
        self.dimensions.get(i).copied().unwrap_or_default()
    }

    /// Adds another row's figures (used for the province totals).
    pub fn add(&mut self, other: &DistrictRow) {
        self.households += other.households;
        self.stages.add(&other.stages);
        for (a, b) in self.dimensions.iter_mut().zip(&other.dimensions) {
            a.households += b.households;
            a.pending += b.pending;
            a.unowned += b.unowned;
        }
        self.pending += other.pending;
        self.unowned += other.unowned;
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    pub districts: Vec<DistrictRow>,
    pub total: DistrictRow,
    /// When the figures were read (UTC ISO timestamp).
    pub as_of: String,
}

#[server(endpoint = "overview", output = crate::api::wire::JsonText)]
pub async fn get_overview() -> Result<Overview, AppError> {
    crate::ssr::respond::with_status(
        async {
            let (state, user) = crate::ssr::auth::require_user().await?;
            crate::ssr::db::overview::overview(&state.db, &user.scope).await
        }
        .await,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_add_up() {
        let mut total = DistrictRow::empty("33".into(), "ศรีสะเกษ".into(), "Si Sa Ket".into());
        let mut a = DistrictRow::empty("3301".into(), "ก".into(), "A".into());
        a.households = 10;
        a.stages.survive = 7;
        a.stages.unassessed = 3;
        a.dimensions[1] = DimensionCell { households: 2, pending: 3, unowned: 1 };
        a.pending = 3;
        a.unowned = 1;
        total.add(&a);
        total.add(&a);
        assert_eq!(total.households, 20);
        assert_eq!(total.stages.total(), 20);
        assert_eq!(total.cell(Dimension::Living), DimensionCell { households: 4, pending: 6, unowned: 2 });
        assert_eq!(total.cell(Dimension::Health), DimensionCell::default());
    }
}
