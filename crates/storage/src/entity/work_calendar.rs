//! The working calendar: the days that override the weekday rule, and the working hours.

/// One day of the schedule: `holiday` (放假, even on a weekday) or `workday` (上班, even on a
/// weekend: 调休). Days not listed follow the weekday rule.
pub mod day {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "work_calendar")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub day: Date,
        /// `holiday` or `workday`.
        pub kind: String,
        /// The festival, e.g. 春节 or 春节调休; may be empty.
        pub note: String,
        pub updated_at: i64,
        /// Who last set the day; none for the seeded schedule.
        pub user_id: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The working hours of a working day: a single row, id 1, times as `HH:MM`.
pub mod hours {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "work_hours")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        pub day_start: String,
        pub day_end: String,
        pub updated_at: i64,
        pub user_id: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
