//! The make-up of the people a list shows: by political status, by education and by age
//! band — counted over exactly the list's filter, so each figure is a count the list gives.

use super::*;
use touyan_domain::people::{age_band, AGE_BANDS};

/// How the people of one filter divide.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PeopleProfile {
    pub total: u64,
    /// Status code → people.
    pub by_status: HashMap<String, u64>,
    /// Education code → people; those with none recorded under `""`.
    pub by_education: HashMap<String, u64>,
    /// People in each of [`AGE_BANDS`] today.
    pub by_age: [u64; AGE_BANDS.len()],
}

impl PeopleRepo<'_> {
    /// The profile of the people `f` lists, in three grouped reads.
    pub async fn profile(&self, f: &PersonFilter) -> Result<PeopleProfile> {
        let db = self.s.db;
        let by_status: Vec<(String, i64)> = self
            .select(f)
            .await?
            .select_only()
            .column(person::Column::Status)
            .column_as(person::Column::Id.count(), "n")
            .group_by(person::Column::Status)
            .into_tuple()
            .all(db)
            .await?;
        let by_education: Vec<(Option<String>, i64)> = self
            .select(f)
            .await?
            .select_only()
            .column(person::Column::Education)
            .column_as(person::Column::Id.count(), "n")
            .group_by(person::Column::Education)
            .into_tuple()
            .all(db)
            .await?;
        // One row per birth date (far fewer than people), banded here.
        let births: Vec<(NaiveDate, i64)> = self
            .select(f)
            .await?
            .select_only()
            .column(person::Column::BirthDate)
            .column_as(person::Column::Id.count(), "n")
            .group_by(person::Column::BirthDate)
            .into_tuple()
            .all(db)
            .await?;
        let today = today();
        let mut by_age = [0u64; AGE_BANDS.len()];
        for (birth, n) in births {
            by_age[age_band(birth, today)] += n as u64;
        }
        let mut edu: HashMap<String, u64> = HashMap::new();
        for (code, n) in by_education {
            *edu.entry(code.unwrap_or_default()).or_default() += n as u64;
        }
        let by_status: HashMap<String, u64> =
            by_status.into_iter().map(|(s, n)| (s, n as u64)).collect();
        Ok(PeopleProfile {
            total: by_status.values().sum(),
            by_status,
            by_education: edu,
            by_age,
        })
    }
}
